package baidu_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/iam"
)

// BenchmarkGetUser is one full call: validation, signing, HTTP on loopback,
// signature verification in the emulator, and decoding.
func BenchmarkGetUser(b *testing.B) {
	c, stop := emulated()
	defer stop()
	withUser(c)
	ctx := context.Background()
	in := &baidu.GetUserInput{UserName: "test_user"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetUser(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListUsers lists an account of 1000 users (one response on Baidu).
func BenchmarkListUsers(b *testing.B) {
	c, stop := emulated()
	defer stop()
	ctx := context.Background()
	for i := range 1000 {
		if _, err := c.CreateUser(ctx, &baidu.CreateUserInput{Name: fmt.Sprintf("user_%04d", i)}); err != nil {
			b.Fatal(err)
		}
	}
	p := c.IAM()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range p.ListUsers(ctx, nil) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1000 {
			b.Fatal(n)
		}
	}
}

// BenchmarkUpdateLoginProfile is a call with a JSON body (MD5, signed
// content headers).
func BenchmarkUpdateLoginProfile(b *testing.B) {
	c, stop := emulated()
	defer stop()
	withUser(c)
	ctx := context.Background()
	in := &baidu.UpdateLoginProfileInput{UserName: "test_user", Password: iam.NewSecret("Pa$$word4Demo"), EnabledLogin: iam.Ptr(true)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.UpdateLoginProfile(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
