package huawei

import (
	"context"
	"fmt"
	"testing"

	"github.com/cloudiam-go/cloudiam/iam"
)

// BenchmarkShowUser is a full signed call to the emulator (sign, send,
// verify, decode).
func BenchmarkShowUser(b *testing.B) {
	ctx := context.Background()
	_, c := emulated(b)
	out, err := c.CreateUser(ctx, &CreateUserInput{Name: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.ShowUser(ctx, &ShowUserInput{UserID: out.User.ID}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListUsers1000 lists an account of 1000 users.
func BenchmarkListUsers1000(b *testing.B) {
	ctx := context.Background()
	_, c := emulated(b)
	for i := range 1000 {
		if _, err := c.CreateUser(ctx, &CreateUserInput{Name: fmt.Sprintf("user%04d", i)}); err != nil {
			b.Fatal(err)
		}
	}
	p := c.IAM()
	b.ReportAllocs()
	b.ResetTimer()
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

// BenchmarkCreateUserMock measures the client side of a JSON-body call
// (encode, sign, decode) with a canned answer.
func BenchmarkCreateUserMock(b *testing.B) {
	m := newMock(b, reply{status: 201, body: `{"user":{"id":"` + testUserID + `","name":"alice"}}`})
	c := m.client(Config{DomainID: testDomainID})
	in := &CreateUserInput{Name: "alice", Password: iam.NewSecret("Pa$$w0rd!x"), Email: "a@example.com", Description: "bench"}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.CreateUser(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}
