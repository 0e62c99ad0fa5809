package aliyun

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/cloudiam-go/cloudiam/iam"
)

// FuzzResponses feeds arbitrary answers to the decoders: whatever the body
// and status, a call returns a value or an *iam.Error, never a panic.
func FuzzResponses(f *testing.F) {
	f.Add(200, `{"RequestId":"R","User":{"UserId":"1","UserName":"a","CreateDate":"2015-01-23T12:33:18Z"}}`)
	f.Add(200, `{"RequestId":"R","TotalCount":1,"Users":[{"UserId":"user_1","CreateTime":1700000000000,"PasswordExpireTime":-1}]}`)
	f.Add(200, `{"RequestId":"R","IsTruncated":true,"Users":{"User":[null]}}`)
	f.Add(404, `{"RequestId":"R","Code":"EntityNotExist.User","Message":"m"}`)
	f.Add(400, `<Error><Code>Throttling</Code></Error>`)
	f.Add(502, `<html>bad gateway</html>`)
	f.Add(200, `{"RequestId":"R","User":{"CreateTime":"x"}}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		if status < 200 || status > 599 {
			return
		}
		mt := httpmock.NewMockTransport()
		mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
			return httpmock.NewStringResponse(status, body), nil
		})
		cfg := testConfig(mt)
		ram, err := NewRAM(cfg)
		if err != nil {
			t.Fatal(err)
		}
		idaas, err := NewIDaaS(IDaaSConfig{Config: cfg, InstanceID: "idaas_x"})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		check := func(err error) {
			var ie *iam.Error
			if err != nil && !errors.As(err, &ie) {
				t.Fatalf("%T is not *iam.Error: %v", err, err)
			}
		}
		_, err = ram.GetUser(ctx, &RAMGetUserInput{UserName: "a"})
		check(err)
		_, err = ram.ListUsers(ctx, nil)
		check(err)
		_, err = idaas.GetUser(ctx, &IDaaSGetUserInput{UserID: "user_1"})
		check(err)
		_, err = idaas.ListUsers(ctx, nil)
		check(err)
	})
}
