package aliyun_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/benchtest"
)

// The emulator runs in a child process (benchtest), so ns/op is a loopback
// round trip while allocs/op and cpu-ns/op are the client's own cost:
// validation, parameter flattening, signing, HTTP and decoding.

func benchConfig(facts map[string]string, algo aliyun.SignatureAlgorithm) aliyun.Config {
	return aliyun.Config{AccessKeyID: facts["ak"], SecretAccessKey: iam.NewSecret(facts["sk"]), Endpoint: facts["url"], SignatureAlgorithm: algo}
}

func benchRAM(b *testing.B, facts map[string]string, algo aliyun.SignatureAlgorithm) *aliyun.RAMClient {
	c, err := aliyun.NewRAM(benchConfig(facts, algo))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func benchIDaaS(b *testing.B, facts map[string]string) *aliyun.IDaaSClient {
	c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: benchConfig(facts, ""), InstanceID: facts["instance"], OrganizationalUnitID: facts["ou"]})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkRAMGetUser runs with each signature: ACS3 (the default) and the
// RPC HMAC-SHA1 one.
func BenchmarkRAMGetUser(b *testing.B) {
	facts := benchtest.Start(b, "aliyun", 1)
	for _, algo := range algorithms {
		b.Run(string(algo), func(b *testing.B) {
			c := benchRAM(b, facts, algo)
			ctx := context.Background()
			in := &aliyun.RAMGetUserInput{UserName: benchtest.UserName(0)}
			b.ReportAllocs()
			stop := benchtest.CPU(b)
			for b.Loop() {
				if _, err := c.GetUser(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
			stop()
		})
	}
}

func BenchmarkRAMCreateUser(b *testing.B) {
	facts := benchtest.Start(b, "aliyun", 0)
	for _, algo := range algorithms {
		b.Run(string(algo), func(b *testing.B) {
			c := benchRAM(b, facts, algo)
			ctx := context.Background()
			i := 0
			b.ReportAllocs()
			stop := benchtest.CPU(b)
			for b.Loop() {
				i++
				in := &aliyun.RAMCreateUserInput{UserName: string(algo[:4]) + strconv.Itoa(i), DisplayName: "Bench", Comments: "created by a benchmark"}
				if _, err := c.CreateUser(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
			stop()
		})
	}
}

func BenchmarkIDaaSGetUser(b *testing.B) {
	facts := benchtest.Start(b, "aliyun", 1)
	c := benchIDaaS(b, facts)
	ctx := context.Background()
	in := &aliyun.IDaaSGetUserInput{UserID: facts["idaas_user_id"]}
	b.ReportAllocs()
	stop := benchtest.CPU(b)
	for b.Loop() {
		if _, err := c.GetUser(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	stop()
}

// BenchmarkIDaaSCreateUser sends every seed field (flattening and validation included).
func BenchmarkIDaaSCreateUser(b *testing.B) {
	facts := benchtest.Start(b, "aliyun", 0)
	c := benchIDaaS(b, facts)
	ctx := context.Background()
	i := 0
	b.ReportAllocs()
	stop := benchtest.CPU(b)
	for b.Loop() {
		i++
		_, err := c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{
			Username: "u" + strconv.Itoa(i), DisplayName: "Bench", Password: iam.NewSecret("Secret-123"),
			PhoneRegion: "86", PhoneNumber: "13800000000", PhoneNumberVerified: iam.Ptr(true),
			Email: "b@example.com", EmailVerified: iam.Ptr(true), PrimaryOrganizationalUnitID: facts["ou"],
			CustomFields: []aliyun.IDaaSCustomField{{FieldName: "age", FieldValue: "30"}},
			PasswordInitializationConfig: &aliyun.IDaaSPasswordInitializationConfig{
				PasswordForcedUpdateStatus: "enabled", UserNotificationChannels: []aliyun.NotificationChannel{"email", "sms"}},
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	stop()
}

// BenchmarkRAMListUsers lists 10 000 and 100 000 RAM users through the
// portable ListUsers (Marker pages of RAM's default size).
func BenchmarkRAMListUsers(b *testing.B) {
	benchtest.ListUsers(b, "aliyun", func(b *testing.B, facts map[string]string) *iam.Client {
		return benchRAM(b, facts, "").IAM()
	})
}

// BenchmarkIDaaSListUsers lists 10 000 and 100 000 EIAM accounts through the
// portable ListUsers (PageNumber pages of 100).
func BenchmarkIDaaSListUsers(b *testing.B) {
	benchtest.ListUsers(b, "aliyun", func(b *testing.B, facts map[string]string) *iam.Client {
		return benchIDaaS(b, facts).IAM()
	})
}
