package iamtest

import (
	"context"
	"fmt"
	"testing"

	"github.com/cloudiam-go/cloudiam/iam"
)

// BenchmarkFakeListUsers walks 10 000 users in pages of 100.
func BenchmarkFakeListUsers(b *testing.B) {
	ctx := context.Background()
	c := NewFake()
	for i := range 10000 {
		if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: fmt.Sprint("user", i)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 100}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 10000 {
			b.Fatal(n)
		}
	}
}

// BenchmarkFakeUserLifecycle is one create, key, get and delete.
func BenchmarkFakeUserLifecycle(b *testing.B) {
	ctx := context.Background()
	c := NewFake()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"}); err != nil {
			b.Fatal(err)
		}
		if _, err := c.CreateAccessKey(ctx, "alice"); err != nil {
			b.Fatal(err)
		}
		if _, err := c.GetUser(ctx, "alice"); err != nil {
			b.Fatal(err)
		}
		if err := c.DeleteUser(ctx, "alice"); err != nil {
			b.Fatal(err)
		}
	}
}
