package baidu_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/benchtest"
)

// The emulator runs in a child process (benchtest), so ns/op is a loopback
// round trip while allocs/op and cpu-ns/op are the client's own cost:
// validation, encoding, signing, HTTP and decoding.

func benchClient(b *testing.B, facts map[string]string) *baidu.Client {
	c, err := baidu.New(baidu.Config{AccessKeyID: facts["ak"], SecretAccessKey: iam.NewSecret(facts["sk"]), Endpoint: facts["url"]})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkGetUser(b *testing.B) {
	c := benchClient(b, benchtest.Start(b, "baidu", 1))
	ctx := context.Background()
	in := &baidu.GetUserInput{UserName: benchtest.UserName(0)}
	b.ReportAllocs()
	stop := benchtest.CPU(b)
	for b.Loop() {
		if _, err := c.GetUser(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	stop()
}

func BenchmarkCreateUser(b *testing.B) {
	c := benchClient(b, benchtest.Start(b, "baidu", 0))
	ctx := context.Background()
	i := 0
	b.ReportAllocs()
	stop := benchtest.CPU(b)
	for b.Loop() {
		i++
		if _, err := c.CreateUser(ctx, &baidu.CreateUserInput{Name: "u" + strconv.Itoa(i), Description: "created by a benchmark"}); err != nil {
			b.Fatal(err)
		}
	}
	stop()
}

// BenchmarkListUsers lists 10 000 and 100 000 users through the portable
// ListUsers: Baidu answers with one unpaginated body, decoded as it is read.
func BenchmarkListUsers(b *testing.B) {
	benchtest.ListUsers(b, "baidu", func(b *testing.B, facts map[string]string) *iam.Client {
		return benchClient(b, facts).IAM()
	})
}
