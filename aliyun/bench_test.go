package aliyun_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// BenchmarkRAMGetUser is one full call: encode, sign (ACS3), send over
// loopback, verify on the emulator, decode.
func BenchmarkRAMGetUser(b *testing.B) {
	for _, algo := range algorithms {
		b.Run(algo, func(b *testing.B) {
			srv := aliyuntest.NewServer()
			defer srv.Close()
			c, err := aliyun.NewRAM(config(srv, algo))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			if _, err := c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "bench"}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: "bench"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIDaaSCreateUser sends every seed field (flattening and validation included).
func BenchmarkIDaaSCreateUser(b *testing.B) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: config(srv, ""), InstanceID: srv.InstanceID()})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, err := c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{
			Username: "u" + strconv.Itoa(i), DisplayName: "Bench", Password: iam.NewSecret("Secret-123"),
			PhoneRegion: "86", PhoneNumber: "13800000000", PhoneNumberVerified: iam.Ptr(true),
			Email: "b@example.com", EmailVerified: iam.Ptr(true), PrimaryOrganizationalUnitID: srv.OrganizationalUnitID(),
			CustomFields: []aliyun.IDaaSCustomField{{FieldName: "age", FieldValue: "30"}},
			PasswordInitializationConfig: &aliyun.IDaaSPasswordInitializationConfig{
				PasswordForcedUpdateStatus: "enabled", UserNotificationChannels: []string{"email", "sms"}},
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPortableListUsers lists 1000 RAM users through the portable
// iterator, 100 per page.
func BenchmarkPortableListUsers(b *testing.B) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	c, err := aliyun.NewRAM(config(srv, ""))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 1000; i++ {
		if _, err := c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "u" + strconv.Itoa(i)}); err != nil {
			b.Fatal(err)
		}
	}
	p := c.IAM()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for _, err := range p.ListUsers(ctx, &iam.ListUsersInput{PageSize: 100}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1000 {
			b.Fatalf("listed %d users", n)
		}
	}
}
