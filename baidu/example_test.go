package baidu_test

import (
	"context"
	"errors"
	"fmt"
	"log"

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
	// Reads BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY (or BAIDUCLOUD_ACCESS_KEY,
	// BAIDUCLOUD_SECRET_KEY), BCE_SESSION_TOKEN and BCE_IAM_ENDPOINT.
	c, err := baidu.NewFromEnv()
	if err != nil {
		log.Fatal(err) // names the missing variables
	}
	users, err := c.ListUsers(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(users), "users")
}

func ExampleClient_CreateUser() {
	c, stop := emulated()
	defer stop()

	u, err := c.CreateUser(context.Background(), &baidu.CreateUserInput{
		Name:        "test_user", // 1-64 letters, digits or '_'
		Description: "create user: test_user",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Name, u.Description, u.Enabled)

	_, err = c.CreateUser(context.Background(), &baidu.CreateUserInput{Name: "test_user"})
	fmt.Println(errors.Is(err, iam.ErrAlreadyExists))
	// Output:
	// test_user create user: test_user true
	// true
}

func ExampleClient_GetUser() {
	c, stop := emulated()
	defer stop()
	withUser(c)

	u, err := c.GetUser(context.Background(), &baidu.GetUserInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}
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

	u, err := c.UpdateUser(context.Background(), &baidu.UpdateUserInput{
		UserName:    "test_user",
		NewName:     iam.Ptr("test_user_new"), // rename
		Description: iam.Ptr("test-new"),
		Enabled:     iam.Ptr(false), // disable
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Name, u.Description, u.Enabled)
	// Output: test_user_new test-new false
}

func ExampleClient_DeleteUser() {
	c, stop := emulated()
	defer stop()
	withUser(c)

	err := c.DeleteUser(context.Background(), &baidu.DeleteUserInput{UserName: "test_user"})
	fmt.Println(err)
	err = c.DeleteUser(context.Background(), &baidu.DeleteUserInput{UserName: "test_user"})
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

	users, err := c.ListUsers(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
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

	lp, err := c.UpdateLoginProfile(context.Background(), &baidu.UpdateLoginProfileInput{
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
	fmt.Println(lp.EnabledLogin, lp.EnabledLoginMfa, lp.LoginMfaType, lp.ThirdPartyType, lp.ThirdPartyAccount)

	// Both third-party fields set to "" unbind the account.
	lp, err = c.UpdateLoginProfile(context.Background(), &baidu.UpdateLoginProfileInput{
		UserName:          "test_user",
		ThirdPartyType:    iam.Ptr(baidu.ThirdPartyType("")),
		ThirdPartyAccount: iam.Ptr(""),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q %q\n", lp.ThirdPartyType, lp.ThirdPartyAccount)
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
	lp, err := c.GetLoginProfile(context.Background(), &baidu.GetLoginProfileInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(lp.EnabledLogin, lp.NeedResetPassword)
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
	err = c.DeleteLoginProfile(context.Background(), &baidu.DeleteLoginProfileInput{UserName: "test_user"})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleClient_CreateAccessKey() {
	c, stop := emulated()
	defer stop()
	withUser(c)

	k, err := c.CreateAccessKey(context.Background(), &baidu.CreateAccessKeyInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}
	// The secret is returned only now; store it safely (k.Secret.Reveal()).
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

	d, err := c.DisableAccessKey(context.Background(), &baidu.DisableAccessKeyInput{UserName: "test_user", AccessKeyID: k.ID})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Enabled)
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
	in := &baidu.AccessKeyInput{UserName: "test_user", AccessKeyID: k.ID}
	if _, err := c.DisableAccessKey(context.Background(), in); err != nil {
		log.Fatal(err)
	}

	e, err := c.EnableAccessKey(context.Background(), in)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Enabled)
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

	err = c.DeleteAccessKey(context.Background(), &baidu.DeleteAccessKeyInput{UserName: "test_user", AccessKeyID: k.ID})
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

	keys, err := c.ListAccessKeys(context.Background(), &baidu.ListAccessKeysInput{UserName: "test_user"})
	if err != nil {
		log.Fatal(err)
	}
	for _, k := range keys {
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
