package baidu_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"sync/atomic"
	"time"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// On a BCC instance with an IAM role, the default chain finds the role's
// credentials in the metadata service; here the emulator's stands in for
// http://169.254.169.254, and no variable or file of this machine is read.
func ExampleDefaultCredentials() {
	srv := baidutest.NewServer(baidutest.WithInstanceRole("app-role"))
	defer srv.Close()
	home, err := os.MkdirTemp("", "home") // a home without ~/.bce
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(home)

	creds := baidu.DefaultCredentials(baidu.CredentialsOptions{
		Getenv:           func(string) string { return "" }, // no BCE_* variables
		HomeDir:          home,
		MetadataEndpoint: srv.MetadataURL, // real default: http://169.254.169.254
	})
	c, err := baidu.New(baidu.Config{Credentials: creds, Endpoint: srv.URL})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.CreateUser(ctx, &baidu.CreateUserInput{Name: "deployer"}); err != nil {
		log.Fatal(err)
	}
	got, err := creds.Retrieve(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed by", got.Source, "with a session token:", !got.SessionToken.IsZero())
	// Output: signed by bcc-instance-role with a session token: true
}

// Temporary credentials of a role from Baidu STS, asked for with long-term
// keys and refreshed before they expire.
func ExampleAssumeRoleCredentials() {
	srv := baidutest.NewServer() // serves STS too
	defer srv.Close()
	ak, sk := srv.Credentials()

	creds := baidu.AssumeRoleCredentials(iam.StaticCredentials(ak, iam.NewSecret(sk), iam.Secret{}),
		baidu.AssumeRoleInput{AccountID: "6c5f3c4bd1a94b1e8c5f0d2e3a4b5c6d", RoleName: "deployer", DurationSeconds: 3600},
		baidu.CredentialsOptions{STSEndpoint: srv.URL}) // real default: https://sts.bj.baidubce.com
	c, err := baidu.New(baidu.Config{Credentials: creds, Endpoint: srv.URL})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.ListUsers(context.Background(), nil); err != nil {
		log.Fatal(err)
	}
	for _, t := range srv.TemporaryCredentials() {
		fmt.Println(t.Kind, t.RoleName, t.DurationSeconds)
	}
	// Output: assumeRole deployer 3600
}

// A service on a BCC instance runs the quickstart workflow while Baidu
// rotates its role's credentials: the client refreshes them on its own,
// and the calls after the rotation are signed with the new ones.
func Example_instanceRoleRefreshed() {
	var skew atomic.Int64 // the emulated time runs ahead of the clock by skew
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	srv := baidutest.NewServer(baidutest.WithInstanceRole("app-role"), baidutest.WithClock(now))
	defer srv.Close()

	creds := iam.NewCredentialsCache(baidu.InstanceRoleCredentials(baidu.CredentialsOptions{MetadataEndpoint: srv.MetadataURL}),
		iam.CredentialsCacheOptions{RefreshBefore: baidu.DefaultRefreshBefore, Now: now})
	bc, err := baidu.New(baidu.Config{Credentials: creds, Endpoint: srv.URL})
	if err != nil {
		log.Fatal(err)
	}
	c := bc.IAM()
	ctx := context.Background()
	signers := func() int { return len(srv.TemporaryCredentials()) }

	if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("created alice; instance credentials fetched:", signers())

	skew.Add(int64(12 * time.Minute)) // past the first credentials' expiry
	k, err := c.CreateAccessKey(ctx, "alice")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created a key for alice; instance credentials fetched:", signers())
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
