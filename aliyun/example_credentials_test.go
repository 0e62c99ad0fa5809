package aliyun_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// On an ECS instance with a RAM role, the default chain finds the role's
// credentials in the metadata service, asking for a metadata token first;
// here the emulator's stands in for http://100.100.100.200, and no
// variable or file of this machine is read.
func ExampleDefaultCredentials() {
	srv := aliyuntest.NewServer(aliyuntest.WithInstanceRole("AppRole"))
	defer srv.Close()
	home, err := os.MkdirTemp("", "home") // a home without ~/.aliyun or ~/.alibabacloud
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(home)

	creds := aliyun.DefaultCredentials(aliyun.CredentialsOptions{
		Getenv:           func(string) string { return "" }, // no ALIBABA_CLOUD_* variables
		HomeDir:          home,
		MetadataEndpoint: srv.MetadataURL, // real default: http://100.100.100.200
	})
	c, err := aliyun.NewRAM(aliyun.Config{Credentials: creds, Endpoint: srv.URL})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "deployer"}); err != nil {
		log.Fatal(err)
	}
	got, err := creds.Retrieve(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed by", got.Source, "with a security token:", !got.SessionToken.IsZero())
	for _, r := range srv.MetadataRequests() {
		fmt.Println(r.Method, r.Path, "token:", r.Token)
	}
	// Output:
	// signed by default/ecs_ram_role with a security token: true
	// PUT /latest/api/token token: false
	// GET /latest/meta-data/ram/security-credentials/ token: true
	// GET /latest/meta-data/ram/security-credentials/AppRole token: true
}

// Temporary credentials of a RAM role from STS AssumeRole, asked for with
// long-term keys and refreshed 3 minutes before they expire.
func ExampleAssumeRoleCredentials() {
	srv := aliyuntest.NewServer() // serves STS too
	defer srv.Close()
	id, secret := srv.Credentials()

	creds := aliyun.AssumeRoleCredentials(iam.StaticCredentials(id, iam.NewSecret(secret), iam.Secret{}),
		aliyun.AssumeRoleInput{RoleARN: "acs:ram::1234567890123456:role/deployer", RoleSessionName: "release-42"},
		aliyun.CredentialsOptions{STSEndpoint: srv.URL}) // real default: sts.aliyuncs.com
	c, err := aliyun.NewRAM(aliyun.Config{Credentials: creds, Endpoint: srv.URL})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.ListUsers(context.Background(), nil); err != nil {
		log.Fatal(err)
	}
	for _, t := range srv.TemporaryCredentials() {
		fmt.Println(t.Kind, t.RoleARN, t.RoleSessionName, t.DurationSeconds)
	}
	// Output: AssumeRole acs:ram::1234567890123456:role/deployer release-42 3600
}

// The aliyun CLI's profiles: a RamRoleArn profile assumes its role with
// the profile's AccessKey. ALIBABA_CLOUD_PROFILE (or Profile, or the URL's
// profile=) chooses the profile; the file's "current" one otherwise.
func ExampleCLIProfileCredentials() {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	id, secret := srv.Credentials()
	home, err := os.MkdirTemp("", "home")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(home)
	config := `{"current": "ops", "profiles": [
	  {"name": "ops", "mode": "RamRoleArn", "access_key_id": "` + id + `", "access_key_secret": "` + secret + `",
	   "ram_role_arn": "acs:ram::1234567890123456:role/ops", "ram_session_name": "cli", "expired_seconds": 900}]}`
	if err := os.MkdirAll(filepath.Join(home, ".aliyun"), 0o700); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aliyun", "config.json"), []byte(config), 0o600); err != nil {
		log.Fatal(err)
	}

	creds := iam.NewCredentialsCache(aliyun.CLIProfileCredentials(aliyun.CredentialsOptions{
		HomeDir: home, STSEndpoint: srv.URL, Getenv: func(string) string { return "" }}),
		iam.CredentialsCacheOptions{RefreshBefore: aliyun.DefaultRefreshBefore})
	got, err := creds.Retrieve(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Source, time.Until(got.Expires).Round(time.Minute))
	// Output: cli_profile/ram_role_arn/static_ak 15m0s
}

// A service on an ECS instance runs the quickstart workflow while its
// role's credentials expire: the client refreshes them on its own, and the
// calls after that are signed with the new ones.
func Example_instanceRoleRefreshed() {
	var skew atomic.Int64 // the emulated time runs ahead of the clock by skew
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	srv := aliyuntest.NewServer(aliyuntest.WithInstanceRole("AppRole"), aliyuntest.WithClock(now),
		aliyuntest.WithTemporaryCredentialsTTL(10*time.Minute))
	defer srv.Close()

	opts := aliyun.CredentialsOptions{MetadataEndpoint: srv.MetadataURL, Getenv: func(string) string { return "" }}
	creds := iam.NewCredentialsCache(aliyun.ECSRAMRoleCredentials("AppRole", opts),
		iam.CredentialsCacheOptions{RefreshBefore: aliyun.DefaultRefreshBefore, Now: now})
	ram, err := aliyun.NewRAM(aliyun.Config{Credentials: creds, Endpoint: srv.URL})
	if err != nil {
		log.Fatal(err)
	}
	c := ram.IAM()
	ctx := context.Background()
	fetched := func() int { return len(srv.TemporaryCredentials()) }

	if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("created alice; instance credentials fetched:", fetched())

	skew.Add(int64(11 * time.Minute)) // past the first credentials' expiry
	k, err := c.CreateAccessKey(ctx, "alice")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created a key for alice; instance credentials fetched:", fetched())
	if err := c.DeleteAccessKey(ctx, "alice", k.ID); err != nil {
		log.Fatal(err)
	}
	if err := c.DeleteUser(ctx, "alice"); err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted alice")
	// Output:
	// created alice; instance credentials fetched: 1
	// created a key for alice; instance credentials fetched: 2
	// deleted alice
}
