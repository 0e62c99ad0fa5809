package baidu_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"
	"os"
	"time"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// emulated starts the emulator and returns a client of it. Real code uses
// baidu.NewFromEnv() or baidu.New with real credentials instead.
func emulated() (*baidu.Client, func()) {
	srv := baidutest.NewServer()
	ak, sk := srv.Credentials()
	c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: srv.URL})
	if err != nil {
		log.Fatal(err)
	}
	return c, srv.Close
}

// withUser creates test_user on c, for the examples that need one.
func withUser(c *baidu.Client) {
	if _, err := c.CreateUser(context.Background(), &baidu.CreateUserInput{Name: "test_user"}); err != nil {
		log.Fatal(err)
	}
}

func ExampleNew() {
	c, err := baidu.New(baidu.Config{
		AccessKeyID:     "your-access-key-id",
		SecretAccessKey: iam.NewSecret("your-secret-access-key"),
		// Endpoint defaults to https://iam.bj.baidubce.com.
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Endpoint())
	// Output: https://iam.bj.baidubce.com
}

func ExampleNewFromEnv() {
	// Credentials come from the default chain (BCE_ACCESS_KEY_ID,
	// BCE_SECRET_ACCESS_KEY and BCE_SECURITY_TOKEN, the bce CLI's files, the
	// BCC instance role), read at the first call; the endpoint from
	// BCE_IAM_ENDPOINT. The options adjust the rest.
	c, err := baidu.NewFromEnv(func(cfg *baidu.Config) {
		cfg.Timeout = 10 * time.Second
		cfg.UserAgent = "billing-service/1.4"
	})
	if err != nil {
		log.Fatal(err)
	}
	out, err := c.ListUsers(context.Background(), nil)
	if err != nil {
		log.Fatal(err) // with no credentials anywhere: every source and why
	}
	fmt.Println(len(out.Users), "users")
}

func ExampleClient_CreateUser() {
	c, stop := emulated()
	defer stop()

	out, err := c.CreateUser(context.Background(), &baidu.CreateUserInput{
		Name:        "test_user", // 1-64 letters, digits or '_'
		Description: "create user: test_user",
	})
	if err != nil {
		log.Fatal(err)
	}
	u := out.User
	fmt.Println(u.Name, u.Description, u.Enabled, out.RequestID != "")

	_, err = c.CreateUser(context.Background(), &baidu.CreateUserInput{Name: "test_user"})
	fmt.Println(errors.Is(err, iam.ErrAlreadyExists))
	// Output:
	// test_user create user: test_user true true
	// true
}

func ExampleClient_GetUser() {
	c, stop := emulated()
	defer stop()
	withUser(c)

	out, err := c.GetUser(context.Background(), &baidu.GetUserInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}
	u := out.User
	fmt.Println(u.Name, u.ID != "", u.LastLoginTime.IsZero())

	_, err = c.GetUser(context.Background(), &baidu.GetUserInput{UserName: "nobody"})
	fmt.Println(errors.Is(err, iam.ErrNotFound))
	// Output:
	// test_user true true
	// true
}

func ExampleClient_UpdateUser() {
	c, stop := emulated()
	defer stop()
	withUser(c)

	out, err := c.UpdateUser(context.Background(), &baidu.UpdateUserInput{
		UserName:    "test_user",
		NewName:     iam.Ptr("test_user_new"), // rename
		Description: iam.Ptr("test-new"),
		Enabled:     iam.Ptr(false), // disable
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.User.Name, out.User.Description, out.User.Enabled)
	// Output: test_user_new test-new false
}

func ExampleClient_DeleteUser() {
	c, stop := emulated()
	defer stop()
	withUser(c)

	_, err := c.DeleteUser(context.Background(), &baidu.DeleteUserInput{UserName: "test_user"})
	fmt.Println(err)
	_, err = c.DeleteUser(context.Background(), &baidu.DeleteUserInput{UserName: "test_user"})
	fmt.Println(errors.Is(err, iam.ErrNotFound))
	// Output:
	// <nil>
	// true
}

func ExampleClient_ListUsers() {
	c, stop := emulated()
	defer stop()
	for _, n := range []string{"alice", "bob"} {
		if _, err := c.CreateUser(context.Background(), &baidu.CreateUserInput{Name: n}); err != nil {
			log.Fatal(err)
		}
	}

	out, err := c.ListUsers(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range out.Users {
		fmt.Println(u.Name)
	}
	// Output:
	// alice
	// bob
}

func ExampleClient_UpdateLoginProfile() {
	c, stop := emulated()
	defer stop()
	withUser(c)

	out, err := c.UpdateLoginProfile(context.Background(), &baidu.UpdateLoginProfileInput{
		UserName:          "test_user",
		Password:          iam.NewSecret("Pa$$word4Demo"), // never returned
		EnabledLogin:      iam.Ptr(true),
		EnabledLoginMfa:   iam.Ptr(true),
		LoginMfaType:      baidu.MFAPhone, // required when MFA is on
		ThirdPartyType:    iam.Ptr(baidu.ThirdPartyPassport),
		ThirdPartyAccount: iam.Ptr("testPassportAccount"),
	})
	if err != nil {
		log.Fatal(err)
	}
	lp := out.LoginProfile
	fmt.Println(lp.EnabledLogin, lp.EnabledLoginMfa, lp.LoginMfaType, lp.ThirdPartyType, lp.ThirdPartyAccount)

	// Both third-party fields set to "" unbind the account.
	out, err = c.UpdateLoginProfile(context.Background(), &baidu.UpdateLoginProfileInput{
		UserName:          "test_user",
		ThirdPartyType:    iam.Ptr(baidu.ThirdPartyType("")),
		ThirdPartyAccount: iam.Ptr(""),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q %q\n", out.LoginProfile.ThirdPartyType, out.LoginProfile.ThirdPartyAccount)
	// Output:
	// true true PHONE PASSPORT testPassportAccount
	// "" ""
}

func ExampleClient_GetLoginProfile() {
	c, stop := emulated()
	defer stop()
	withUser(c)
	_, err := c.GetLoginProfile(context.Background(), &baidu.GetLoginProfileInput{UserName: "test_user"})
	fmt.Println(errors.Is(err, iam.ErrNotFound)) // no console login yet

	_, err = c.UpdateLoginProfile(context.Background(), &baidu.UpdateLoginProfileInput{
		UserName: "test_user", Password: iam.NewSecret("Pa$$word4Demo"), NeedResetPassword: iam.Ptr(true)})
	if err != nil {
		log.Fatal(err)
	}
	out, err := c.GetLoginProfile(context.Background(), &baidu.GetLoginProfileInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.LoginProfile.EnabledLogin, out.LoginProfile.NeedResetPassword)
	// Output:
	// true
	// true true
}

func ExampleClient_DeleteLoginProfile() {
	c, stop := emulated()
	defer stop()
	withUser(c)
	_, err := c.UpdateLoginProfile(context.Background(), &baidu.UpdateLoginProfileInput{
		UserName: "test_user", Password: iam.NewSecret("Pa$$word4Demo")})
	if err != nil {
		log.Fatal(err)
	}

	// Closes the user's console login.
	_, err = c.DeleteLoginProfile(context.Background(), &baidu.DeleteLoginProfileInput{UserName: "test_user"})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleClient_CreateAccessKey() {
	c, stop := emulated()
	defer stop()
	withUser(c)

	out, err := c.CreateAccessKey(context.Background(), &baidu.CreateAccessKeyInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}
	// The secret is returned only now; store it safely (k.Secret.Reveal()).
	k := out.AccessKey
	fmt.Println(k.ID != "", k.Enabled, k.Secret.IsZero(), k.Secret)
	// Output: true true false [REDACTED]
}

func ExampleClient_DisableAccessKey() {
	c, stop := emulated()
	defer stop()
	withUser(c)
	k, err := c.CreateAccessKey(context.Background(), &baidu.CreateAccessKeyInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}

	d, err := c.DisableAccessKey(context.Background(), &baidu.DisableAccessKeyInput{UserName: "test_user", AccessKeyID: k.AccessKey.ID})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.AccessKey.Enabled)
	// Output: false
}

func ExampleClient_EnableAccessKey() {
	c, stop := emulated()
	defer stop()
	withUser(c)
	k, err := c.CreateAccessKey(context.Background(), &baidu.CreateAccessKeyInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}
	in := &baidu.AccessKeyInput{UserName: "test_user", AccessKeyID: k.AccessKey.ID}
	if _, err := c.DisableAccessKey(context.Background(), in); err != nil {
		log.Fatal(err)
	}

	e, err := c.EnableAccessKey(context.Background(), in)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.AccessKey.Enabled)
	// Output: true
}

func ExampleClient_DeleteAccessKey() {
	c, stop := emulated()
	defer stop()
	withUser(c)
	k, err := c.CreateAccessKey(context.Background(), &baidu.CreateAccessKeyInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}

	_, err = c.DeleteAccessKey(context.Background(), &baidu.DeleteAccessKeyInput{UserName: "test_user", AccessKeyID: k.AccessKey.ID})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleClient_ListAccessKeys() {
	c, stop := emulated()
	defer stop()
	withUser(c)
	for i := 0; i < 2; i++ {
		if _, err := c.CreateAccessKey(context.Background(), &baidu.CreateAccessKeyInput{UserName: "test_user"}); err != nil {
			log.Fatal(err)
		}
	}

	out, err := c.ListAccessKeys(context.Background(), &baidu.ListAccessKeysInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}
	for _, k := range out.AccessKeys {
		fmt.Println(k.Enabled, k.Secret.IsZero()) // no secrets in lists
	}
	// Output:
	// true true
	// true true
}

func ExampleClient_IAM() {
	c, stop := emulated()
	defer stop()

	// The portable API: the same code runs on every cloud.
	var client *iam.Client = c.IAM()
	u, err := client.CreateUser(context.Background(), &iam.CreateUserInput{Name: "portable_user"})
	if err != nil {
		log.Fatal(err)
	}
	var native *baidu.User
	fmt.Println(u.Name, u.As(&native), native.Name)
	// Output: portable_user true portable_user
}

// AllUsers reads Baidu's one-response user list as it arrives, in constant
// memory whatever the account's size.
func ExampleClient_AllUsers() {
	c, stop := emulated()
	defer stop()
	ctx := context.Background()
	for _, name := range []string{"alice", "bob"} {
		if _, err := c.CreateUser(ctx, &baidu.CreateUserInput{Name: name}); err != nil {
			log.Fatal(err)
		}
	}
	for u, err := range c.AllUsers(ctx, nil) {
		if err != nil {
			log.Fatal(err) // a failure comes last, after the users read intact
		}
		fmt.Println(u.Name, u.Enabled)
	}
	// Output:
	// alice true
	// bob true
}

// Capabilities tells portable code what Baidu IAM supports before it calls.
func ExampleCapabilities() {
	caps := baidu.Capabilities()
	fmt.Println(caps.SupportsField(iam.FieldDescription), caps.SupportsField(iam.FieldEmail))
	fmt.Println(caps.MFAMethods, caps.MaxUserNameLength, caps.MinPasswordLength, caps.MaxPasswordLength)
	fmt.Println(caps.CanClear(iam.FieldDescription))
	// Output:
	// true false
	// [sms totp] 64 8 64
	// false
}

// A URLOpener carries what a service configures in code; the URL carries
// what changes by deployment. Credentials come from the environment.
func ExampleURLOpener() {
	srv := baidutest.NewServer()
	defer srv.Close()
	ak, sk := srv.Credentials()
	// A deployment sets these; the example points them at the emulator.
	os.Setenv(baidu.EnvAccessKeyID, ak)
	os.Setenv(baidu.EnvSecretAccessKey, sk)
	defer os.Unsetenv(baidu.EnvAccessKeyID)
	defer os.Unsetenv(baidu.EnvSecretAccessKey)

	mux := new(iam.URLMux)
	if err := mux.Register(baidu.Scheme, &baidu.URLOpener{UserAgent: "billing-service/1.4", MaxAttempts: 2}); err != nil {
		log.Fatal(err)
	}
	c, err := mux.Open(context.Background(), "baidu://?region=bj&timeout=10s&endpoint="+url.QueryEscape(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	u, err := c.CreateUser(context.Background(), &iam.CreateUserInput{Name: "opened_user"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Provider(), u.Name)
	// Output: baidu opened_user
}

// CreateUser with Enabled false creates the user and then disables it: Baidu
// creates users enabled.
func ExampleClient_IAM_disabled() {
	c, stop := emulated()
	defer stop()

	u, err := c.IAM().CreateUser(context.Background(), &iam.CreateUserInput{Name: "later_user", Enabled: iam.Ptr(false)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Name, u.Enabled)

	// Baidu has no email on users: refused before anything is sent.
	_, err = c.IAM().CreateUser(context.Background(), &iam.CreateUserInput{Name: "mail_user", Email: "m@example.com"})
	fmt.Println(errors.Is(err, iam.ErrUnsupported))
	// Output:
	// later_user false
	// true
}
