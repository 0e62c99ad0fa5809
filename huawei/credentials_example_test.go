package huawei_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// The default chain tries the environment, ~/.huaweicloud/credentials and
// the instance's agency, in the order of Huawei's SDKs. Here the
// environment is empty, the home directory holds a credentials file, and
// the emulated instance has no agency; on Huawei Cloud, leave
// CredentialsOptions zero (or call huawei.NewFromEnv).
func ExampleDefaultCredentials() {
	srv := huaweitest.NewServer()
	defer srv.Close()
	md := huaweitest.NewMetadataServer(srv.Emulator, huaweitest.WithoutAgency())
	defer md.Close()
	home, err := os.MkdirTemp("", "home")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(home)
	opts := huawei.CredentialsOptions{
		Getenv:           func(string) string { return "" },
		HomeDir:          home,
		MetadataEndpoint: md.URL,
	}

	// Nothing anywhere: the error names every source and why.
	_, err = huawei.DefaultCredentials(opts).Retrieve(context.Background())
	fmt.Println(errors.Is(err, iam.ErrNoCredentials))

	ak, sk := srv.Credentials()
	file := "[global]\nak = " + ak + "\nsk = " + sk + "\ndomain_id = " + srv.DomainID() + "\n"
	if err := os.MkdirAll(filepath.Join(home, ".huaweicloud"), 0o700); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".huaweicloud", "credentials"), []byte(file), 0o600); err != nil {
		log.Fatal(err)
	}
	creds := huawei.DefaultCredentials(opts)
	c, err := huawei.New(huawei.Config{Endpoint: srv.URL, Credentials: creds})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.IAM().CreateUser(context.Background(), &iam.CreateUserInput{Name: "alice"}); err != nil {
		log.Fatal(err)
	}
	got, _ := creds.Retrieve(context.Background())
	fmt.Println("signed by", got.Source)
	// Output:
	// true
	// signed by profile global
}

// A service on an ECS instance runs the quickstart workflow while the
// instance's agency credentials expire: the client fetches new ones from
// the metadata service on its own, and the calls after that are signed
// with them.
func Example_instanceAgencyRefreshed() {
	var skew atomic.Int64 // the emulated time runs ahead of the clock by skew
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	srv := huaweitest.NewServer(huaweitest.WithClock(now))
	defer srv.Close()
	md := huaweitest.NewMetadataServer(srv.Emulator, huaweitest.WithInstanceCredentialTTL(10*time.Minute))
	defer md.Close()

	creds := huawei.MetadataCredentials(huawei.CredentialsOptions{
		MetadataEndpoint: md.URL, // http://169.254.169.254 on Huawei Cloud
		RefreshBefore:    2 * time.Minute,
		Now:              now,
	})
	hc, err := huawei.New(huawei.Config{Endpoint: srv.URL, Credentials: creds})
	if err != nil {
		log.Fatal(err)
	}
	c := hc.IAM()
	ctx := context.Background()

	if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("created alice; instance credentials fetched:", md.Requests().SecurityKey)

	skew.Add(int64(12 * time.Minute)) // past the first credentials' expiry
	k, err := c.CreateAccessKey(ctx, "alice")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created a key for alice; instance credentials fetched:", md.Requests().SecurityKey)
	if err := c.DeleteAccessKey(ctx, "alice", k.ID); err != nil {
		log.Fatal(err)
	}
	if err := c.DeleteUser(ctx, "alice"); err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted alice; metadata tokens asked for:", md.Requests().Token)
	// Output:
	// created alice; instance credentials fetched: 1
	// created a key for alice; instance credentials fetched: 2
	// deleted alice; metadata tokens asked for: 1
}

// An agency (委托) assumed with the account's keys: the client signs with
// the agency's temporary AK/SK, renewed before they expire.
func ExampleAgencyCredentials() {
	srv := huaweitest.NewServer()
	defer srv.Close()
	srv.AddAgency("ops-agency")
	ak, sk := srv.Credentials()

	creds, err := huawei.AgencyCredentials(
		iam.StaticCredentials(ak, iam.NewSecret(sk), iam.Secret{}), // or huawei.DefaultCredentials(...)
		huawei.CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops-agency", DomainID: srv.DomainID(), DurationSeconds: 3600},
		huawei.CredentialsOptions{IAMEndpoint: srv.URL}, // https://iam.myhuaweicloud.com by default
	)
	if err != nil {
		log.Fatal(err)
	}
	c, err := huawei.New(huawei.Config{Endpoint: srv.URL, Credentials: creds})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.IAM().CreateUser(context.Background(), &iam.CreateUserInput{Name: "bob"}); err != nil {
		log.Fatal(err)
	}
	got, _ := creds.Retrieve(context.Background())
	fmt.Println(got.Source, got.AccessKeyID != ak, !got.SessionToken.IsZero())
	// Output: agency ops-agency true true
}

// Workload identity: an OpenID Connect ID token (a Kubernetes projected
// service-account token, say) exchanged for temporary AK/SK through an
// identity provider registered in IAM, as HUAWEICLOUD_SDK_IDP_ID and
// HUAWEICLOUD_SDK_ID_TOKEN_FILE configure it for the default chain.
func ExampleFederationCredentials() {
	srv := huaweitest.NewServer()
	defer srv.Close()
	srv.AddIdentityProvider("k8s-oidc", nil)
	dir, err := os.MkdirTemp("", "token")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	enc := base64.RawURLEncoding.EncodeToString
	idToken := enc([]byte(`{"alg":"RS256"}`)) + "." +
		enc([]byte(`{"sub":"system:serviceaccount:default:app","exp":`+strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)+`}`)) + ".c2ln"
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(idToken), 0o600); err != nil {
		log.Fatal(err)
	}

	creds := huawei.FederationCredentials("k8s-oidc", tokenFile, huawei.CredentialsOptions{IAMEndpoint: srv.URL})
	c, err := huawei.New(huawei.Config{Endpoint: srv.URL, Credentials: creds})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.IAM().CreateUser(context.Background(), &iam.CreateUserInput{Name: "carol"}); err != nil {
		log.Fatal(err)
	}
	got, _ := creds.Retrieve(context.Background())
	fmt.Println(got.Source, time.Until(got.Expires).Round(time.Hour))
	// Output: federation k8s-oidc 6h0m0s
}
