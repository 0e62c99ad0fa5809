package huawei

import (
	"context"
	"strconv"
	"testing"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/benchtest"
)

// The emulator runs in a child process (benchtest), so ns/op is a loopback
// round trip while allocs/op and cpu-ns/op are the client's own cost:
// validation, encoding, signing, HTTP and decoding.

func benchClient(b *testing.B, facts map[string]string) *Client {
	c, err := New(Config{Endpoint: facts["url"], AccessKeyID: facts["ak"], SecretAccessKey: iam.NewSecret(facts["sk"]), DomainID: facts["domain"]})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkGetUser is ShowUser, Huawei's get-user call.
func BenchmarkGetUser(b *testing.B) {
	facts := benchtest.Start(b, "huawei", 1)
	c := benchClient(b, facts)
	ctx := context.Background()
	in := &ShowUserInput{UserID: facts["user_id"]}
	b.ReportAllocs()
	stop := benchtest.CPU(b)
	for b.Loop() {
		if _, err := c.ShowUser(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	stop()
}

func BenchmarkCreateUser(b *testing.B) {
	c := benchClient(b, benchtest.Start(b, "huawei", 0))
	ctx := context.Background()
	i := 0
	b.ReportAllocs()
	stop := benchtest.CPU(b)
	for b.Loop() {
		i++
		if _, err := c.CreateUser(ctx, &CreateUserInput{Name: "u" + strconv.Itoa(i), Description: "created by a benchmark"}); err != nil {
			b.Fatal(err)
		}
	}
	stop()
}

// BenchmarkListUsers lists 10 000 and 100 000 users through the portable
// ListUsers: Keystone answers with one unpaginated body, decoded as it is read.
func BenchmarkListUsers(b *testing.B) {
	benchtest.ListUsers(b, "huawei", func(b *testing.B, facts map[string]string) *iam.Client {
		return benchClient(b, facts).IAM()
	})
}

// BenchmarkCreateUserMock measures the client side of a JSON-body call
// (encode, sign, decode) with a canned answer and no network.
func BenchmarkCreateUserMock(b *testing.B) {
	m := newMock(b, reply{status: 201, body: `{"user":{"id":"` + testUserID + `","name":"alice"}}`})
	c := m.client(Config{DomainID: testDomainID})
	in := &CreateUserInput{Name: "alice", Password: iam.NewSecret("Pa$$w0rd!x"), Email: "a@example.com", Description: "bench"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.CreateUser(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}
