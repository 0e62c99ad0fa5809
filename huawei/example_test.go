package huawei_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"
	"os"
	"time"

	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// newExampleClient starts an emulator and returns a client of it; on Huawei
// Cloud, use huawei.NewFromEnv or huawei.New with your own keys.
func newExampleClient() (*huawei.Client, func()) {
	srv := huaweitest.NewServer()
	ak, sk := srv.Credentials()
	c, err := huawei.New(huawei.Config{
		Endpoint:        srv.URL,
		AccessKeyID:     ak,
		SecretAccessKey: iam.NewSecret(sk),
		DomainID:        srv.DomainID(),
	})
	if err != nil {
		log.Fatal(err)
	}
	return c, srv.Close
}

func mustCreate(c *huawei.Client, name string) string {
	out, err := c.CreateUser(context.Background(), &huawei.CreateUserInput{Name: name})
	if err != nil {
		log.Fatal(err)
	}
	return out.User.ID
}

func ExampleNew() {
	c, err := huawei.New(huawei.Config{
		AccessKeyID:     "AKIDEXAMPLE",
		SecretAccessKey: iam.NewSecret("secret"),
		Region:          "cn-north-4",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Endpoint())
	// Output: https://iam.cn-north-4.myhuaweicloud.com
}

func ExampleClient_CreateUser() {
	c, done := newExampleClient()
	defer done()
	out, err := c.CreateUser(context.Background(), &huawei.CreateUserInput{
		Name:        "alice",
		Password:    iam.NewSecret("Pa$$w0rd!x"),
		Email:       "alice@example.com",
		AreaCode:    "0086",
		Phone:       "13800000000",
		AccessMode:  huawei.AccessModeDefault,
		PwdStatus:   iam.Ptr(true),
		Description: "on-call engineer",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.User.Name, out.User.AccessMode, *out.User.PwdStatus)
	// Output: alice default true
}

func ExampleClient_ShowUser() {
	c, done := newExampleClient()
	defer done()
	id := mustCreate(c, "bob")
	out, err := c.ShowUser(context.Background(), &huawei.ShowUserInput{UserID: id})
	if err != nil {
		log.Fatal(err)
	}
	u := out.User
	fmt.Println(u.Name, u.Enabled, u.PwdStrength, u.LastLoginTime.IsZero())
	// Output: bob true None true
}

func ExampleClient_ListUsers() {
	c, done := newExampleClient()
	defer done()
	mustCreate(c, "carol")
	mustCreate(c, "dave")
	out, err := c.ListUsers(context.Background(), &huawei.ListUsersInput{Name: "dave", Enabled: iam.Ptr(true)})
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range out.Users {
		fmt.Println(u.Name)
	}
	// Output: dave
}

func ExampleClient_ListUsers_passwordExpiry() {
	c, done := newExampleClient()
	defer done()
	// Users whose password expires before the end of 2030 (users whose
	// password never expires do not match).
	out, err := c.ListUsers(context.Background(), &huawei.ListUsersInput{
		PasswordExpiresAt: &huawei.PasswordExpiryFilter{
			Operator: huawei.ExpiresBefore,
			Time:     time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC),
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(out.Users), out.Links.Next == "")
	// Output: 0 true
}

func ExampleClient_UpdateUser() {
	c, done := newExampleClient()
	defer done()
	id := mustCreate(c, "erin")
	out, err := c.UpdateUser(context.Background(), &huawei.UpdateUserInput{
		UserID:     id,
		Name:       iam.Ptr("erin-ops"),
		Enabled:    iam.Ptr(false),
		AccessMode: iam.Ptr(huawei.AccessModeProgrammatic),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.User.Name, out.User.Enabled, out.User.AccessMode)
	// Output: erin-ops false programmatic
}

func ExampleClient_DeleteUser() {
	c, done := newExampleClient()
	defer done()
	id := mustCreate(c, "frank")
	ctx := context.Background()
	if _, err := c.DeleteUser(ctx, &huawei.DeleteUserInput{UserID: id}); err != nil {
		log.Fatal(err)
	}
	_, err := c.ShowUser(ctx, &huawei.ShowUserInput{UserID: id})
	fmt.Println(errors.Is(err, iam.ErrNotFound))
	// Output: true
}

func ExampleClient_UpdateLoginProtect() {
	c, done := newExampleClient()
	defer done()
	id := mustCreate(c, "gina")
	out, err := c.UpdateLoginProtect(context.Background(), &huawei.UpdateLoginProtectInput{
		UserID: id, Enabled: true, VerificationMethod: huawei.VerifyEmail,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.LoginProtect.Enabled, out.LoginProtect.VerificationMethod)
	// Output: true email
}

func ExampleClient_ShowUserLoginProtect() {
	c, done := newExampleClient()
	defer done()
	id := mustCreate(c, "hank")
	_, err := c.ShowUserLoginProtect(context.Background(), &huawei.ShowUserLoginProtectInput{UserID: id})
	// IAM answers 404 IAM.0004 for a user whose login protection was never configured.
	fmt.Println(errors.Is(err, iam.ErrNotFound))
	// Output: true
}

func ExampleClient_CreatePermanentAccessKey() {
	c, done := newExampleClient()
	defer done()
	id := mustCreate(c, "ivy")
	out, err := c.CreatePermanentAccessKey(context.Background(), &huawei.CreatePermanentAccessKeyInput{UserID: id, Description: "ci"})
	if err != nil {
		log.Fatal(err)
	}
	k := out.Credential
	// The secret is returned only here; it prints as [REDACTED].
	fmt.Println(k.Status, k.Description, k.Secret, len(k.Secret.Reveal()) > 0)
	// Output: active ci [REDACTED] true
}

func ExampleClient_ListPermanentAccessKeys() {
	c, done := newExampleClient()
	defer done()
	id := mustCreate(c, "jack")
	ctx := context.Background()
	for range 2 {
		if _, err := c.CreatePermanentAccessKey(ctx, &huawei.CreatePermanentAccessKeyInput{UserID: id}); err != nil {
			log.Fatal(err)
		}
	}
	_, err := c.CreatePermanentAccessKey(ctx, &huawei.CreatePermanentAccessKeyInput{UserID: id})
	fmt.Println(errors.Is(err, iam.ErrLimitExceeded))
	out, err := c.ListPermanentAccessKeys(ctx, &huawei.ListPermanentAccessKeysInput{UserID: id})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(out.Credentials))
	// Output:
	// true
	// 2
}

func ExampleClient_ShowPermanentAccessKey() {
	c, done := newExampleClient()
	defer done()
	id := mustCreate(c, "kate")
	ctx := context.Background()
	created, err := c.CreatePermanentAccessKey(ctx, &huawei.CreatePermanentAccessKeyInput{UserID: id})
	if err != nil {
		log.Fatal(err)
	}
	out, err := c.ShowPermanentAccessKey(ctx, &huawei.ShowPermanentAccessKeyInput{AccessKeyID: created.Credential.AccessKeyID})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Credential.UserID == id, out.Credential.Secret.IsZero())
	// Output: true true
}

func ExampleClient_UpdatePermanentAccessKey() {
	c, done := newExampleClient()
	defer done()
	id := mustCreate(c, "leo")
	ctx := context.Background()
	created, err := c.CreatePermanentAccessKey(ctx, &huawei.CreatePermanentAccessKeyInput{UserID: id})
	if err != nil {
		log.Fatal(err)
	}
	out, err := c.UpdatePermanentAccessKey(ctx, &huawei.UpdatePermanentAccessKeyInput{
		AccessKeyID: created.Credential.AccessKeyID, Status: huawei.CredentialInactive,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Credential.Status)
	// Output: inactive
}

func ExampleClient_DeletePermanentAccessKey() {
	c, done := newExampleClient()
	defer done()
	id := mustCreate(c, "mia")
	ctx := context.Background()
	created, err := c.CreatePermanentAccessKey(ctx, &huawei.CreatePermanentAccessKeyInput{UserID: id})
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.DeletePermanentAccessKey(ctx, &huawei.DeletePermanentAccessKeyInput{AccessKeyID: created.Credential.AccessKeyID})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleClient_IAM() {
	c, done := newExampleClient()
	defer done()
	ctx := context.Background()
	p := c.IAM() // the portable *iam.Client: users by name
	if _, err := p.CreateUser(ctx, &iam.CreateUserInput{Name: "nina", Phone: "0086-13800000000"}); err != nil {
		log.Fatal(err)
	}
	if _, err := p.SetLoginProfile(ctx, "nina", &iam.LoginProfileInput{
		Password: iam.NewSecret("Pa$$w0rd!x"), MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFASMS),
	}); err != nil {
		log.Fatal(err)
	}
	lp, err := p.GetLoginProfile(ctx, "nina")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(lp.PasswordSet, lp.MFARequired, lp.MFAMethod)
	u, err := p.GetUser(ctx, "nina")
	if err != nil {
		log.Fatal(err)
	}
	var native *huawei.User
	if u.As(&native) {
		fmt.Println(u.Phone, native.AccessMode)
	}
	// Output:
	// true true sms
	// 0086-13800000000 default
}

func ExampleCapabilities() {
	caps := huawei.Capabilities()
	fmt.Println(caps.MaxUserNameLength, caps.MinPasswordLength, caps.MaxPasswordLength, caps.MaxAccessKeysPerUser)
	fmt.Println(caps.MFAMethods, caps.ClearableFields, caps.SupportsField(iam.FieldDisplayName))
	// Output:
	// 64 6 32 2
	// [sms email totp] [Description Group.Description] false
}

// A service registers its own URLOpener to give URL-opened clients its
// HTTP client, observer or retry policy; credentials still come from the
// environment.
func ExampleURLOpener() {
	srv := huaweitest.NewServer()
	defer srv.Close()
	ak, sk := srv.Credentials()
	os.Setenv(huawei.EnvAccessKeyID, ak)
	os.Setenv(huawei.EnvSecretAccessKey, sk)
	defer os.Unsetenv(huawei.EnvAccessKeyID)
	defer os.Unsetenv(huawei.EnvSecretAccessKey)

	calls := 0
	mux := new(iam.URLMux)
	if err := mux.Register(huawei.Scheme, &huawei.URLOpener{
		MaxAttempts: 2,
		UserAgent:   "my-service/1.0",
		Observer:    &iam.Observer{CallDone: func(context.Context, iam.Event) { calls++ }},
	}); err != nil {
		log.Fatal(err)
	}
	c, err := mux.Open(context.Background(), "huawei://?endpoint="+url.QueryEscape(srv.URL)+"&timeout=10s")
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.GetUser(context.Background(), "nobody")
	fmt.Println(errors.Is(err, iam.ErrNotFound), calls > 0)
	// Output: true true
}

func ExampleNewFromEnv() {
	// The credentials come from Huawei's default chain (the environment,
	// ~/.huaweicloud/credentials, the instance's agency), read at the first
	// call; a call without any fails with every source and why.
	c, err := huawei.NewFromEnv(func(cfg *huawei.Config) {
		cfg.UserAgent = "my-service/1.0" // what the environment does not hold
		cfg.Timeout = 30 * time.Second
	})
	if err != nil {
		fmt.Println("not configured:", errors.Is(err, iam.ErrInvalidArgument))
		return
	}
	fmt.Println(c.Endpoint())
}

// AllUsers reads Keystone's one-response user list as it arrives, in
// constant memory whatever the account's size; it takes ListUsers' filters.
func ExampleClient_AllUsers() {
	c, stop := newExampleClient()
	defer stop()
	ctx := context.Background()
	mustCreate(c, "alice")
	mustCreate(c, "bob")
	for u, err := range c.AllUsers(ctx, &huawei.ListUsersInput{Enabled: iam.Ptr(true)}) {
		if err != nil {
			log.Fatal(err) // a failure comes last, after the users read intact
		}
		fmt.Println(u.Name, u.Enabled)
	}
	// Output:
	// alice true
	// bob true
}
