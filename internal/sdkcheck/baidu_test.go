package sdkcheck

import (
	"errors"
	"testing"

	"github.com/baidubce/bce-sdk-go/bce"
	bceiam "github.com/baidubce/bce-sdk-go/services/iam"

	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
)

// baiduOfficial starts the Baidu IAM emulator in-process and returns it
// with Baidu's official Go client (bce-sdk-go services/iam) pointed at it,
// signing with the emulator's root key, retries off.
func baiduOfficial(t *testing.T, opts ...baidutest.Option) (*baidutest.Server, *bceiam.Client) {
	t.Helper()
	srv := baidutest.NewServer(opts...)
	t.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	c, err := bceiam.NewClientWithEndpoint(ak, sk, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c.Config.Retry = bce.NewNoRetryPolicy()
	return srv, c
}

// baiduServiceError asserts that err is the official client's service
// error with the status and code.
func baiduServiceError(t *testing.T, err error, status int, code string) {
	t.Helper()
	var se *bce.BceServiceError
	if !errors.As(err, &se) {
		t.Fatalf("want a *bce.BceServiceError %d %s, got %T %v", status, code, err, err)
	}
	if se.StatusCode != status || se.Code != code {
		t.Fatalf("want %d %s, got %d %s (%s)", status, code, se.StatusCode, se.Code, se.Message)
	}
	if se.RequestId == "" {
		t.Fatalf("no request id in %v", se)
	}
}

func baiduMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
