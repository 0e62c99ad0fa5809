package iam_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/url"
	"os"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

// A provider package registers its scheme from init; here the in-memory
// fake plays the provider, under "memory://".
func init() {
	_ = iam.Register("memory", iam.URLOpenerFunc(func(_ context.Context, u *url.URL) (*iam.Client, error) {
		return iamtest.NewFake(), nil
	}))
}

// Open chooses the cloud by configuration. With a real provider the URL
// would be "baidu://?region=bj" and the program would import
// _ "github.com/cloudiam-go/cloudiam/baidu".
func ExampleOpen() {
	ctx := context.Background()
	c, err := iam.Open(ctx, "memory://")
	if err != nil {
		log.Fatal(err)
	}
	u, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Description: "ops"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Capabilities().Provider, u.Name, u.Description, u.Enabled)

	_, err = iam.Open(ctx, "nocloud://")
	fmt.Println(errors.Is(err, iam.ErrInvalidArgument))
	// Output:
	// fake alice ops true
	// true
}

// A provider package makes itself available to Open like this. Registering
// a type whose method opens (rather than an OpenerFunc) keeps the opening
// code out of programs that never call Open:
//
//	type urlOpener struct{}
//
//	func (urlOpener) OpenClientURL(ctx context.Context, u *url.URL) (iam.Client, error) { ... }
//
//	func init() { iam.Register("mycloud", urlOpener{}) }
func ExampleRegister() {
	_ = iam.Register("mycloud", iam.URLOpenerFunc(func(ctx context.Context, u *url.URL) (*iam.Client, error) {
		region := u.Query().Get("region")
		_ = region // build the client from the URL and the environment
		return iamtest.NewFake(), nil
	}))
}

// Errors carry a portable Kind, so one check works on every cloud, and the
// cloud's own details for logs.
func ExampleError() {
	ctx := context.Background()
	c := iamtest.NewFake()

	_, err := c.GetUser(ctx, "nobody")
	switch {
	case errors.Is(err, iam.ErrNotFound):
		fmt.Println("no such user")
	case errors.Is(err, iam.ErrThrottled), errors.Is(err, iam.ErrUnavailable):
		fmt.Println("try again later")
	}

	var e *iam.Error
	if errors.As(err, &e) {
		fmt.Println(e.Provider, e.Op, e.Kind == iam.ErrNotFound)
	}
	fmt.Println(err)
	// Output:
	// no such user
	// fake GetUser true
	// cloudiam: fake GetUser: NotFound: user "nobody" does not exist
}

// Bad input is refused before any request, naming the field and the rule.
func ExampleError_invalidArgument() {
	_, err := iamtest.NewFake().CreateUser(context.Background(), &iam.CreateUserInput{Name: "bad/name"})
	var e *iam.Error
	if errors.As(err, &e) && e.Kind == iam.ErrInvalidArgument {
		fmt.Println("field:", e.Field)
		fmt.Println("rule:", e.Message)
	}
	// Output:
	// field: Name
	// rule: must be 1-64 characters: an ASCII letter, then ASCII letters, digits or '_'
}

// Every kind is a sentinel for errors.Is.
func ExampleKind() {
	err := fmt.Errorf("rotate keys: %w", &iam.Error{Provider: "aliyun-ram", Op: "CreateAccessKey",
		StatusCode: 409, Code: "LimitExceeded.User.AccessKey", Kind: iam.ErrLimitExceeded})
	for _, k := range []iam.Kind{iam.ErrNotFound, iam.ErrLimitExceeded} {
		fmt.Println(k, errors.Is(err, k))
	}
	fmt.Println(err)
	// Output:
	// cloudiam: not found false
	// cloudiam: limit exceeded true
	// rotate keys: cloudiam: aliyun-ram CreateAccessKey: StatusCode: 409, LimitExceeded.User.AccessKey
}

// A Secret never prints; Reveal gives the value where it must leave the
// program.
func ExampleSecret() {
	type credentials struct {
		AccessKeyID string
		Secret      iam.Secret
	}
	creds := credentials{AccessKeyID: "AK1", Secret: iam.NewSecret("wJalrXUtnFEMI")}

	fmt.Printf("%v\n", creds.Secret)
	fmt.Printf("%+v\n", creds)
	fmt.Printf("%#v\n", creds.Secret)
	b, _ := json.Marshal(creds)
	fmt.Println(string(b))
	slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: dropTime})).Info("loaded", "secret", creds.Secret)
	fmt.Println(len(creds.Secret.Reveal()))
	// Output:
	// [REDACTED]
	// {AccessKeyID:AK1 Secret:[REDACTED]}
	// iam.Secret("[REDACTED]")
	// {"AccessKeyID":"AK1","Secret":"[REDACTED]"}
	// level=INFO msg=loaded secret=[REDACTED]
	// 13
}

// dropTime keeps log output deterministic in examples.
func dropTime(groups []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey && len(groups) == 0 {
		return slog.Attr{}
	}
	return a
}

// Ptr sets the optional fields of inputs: nil means "leave as it is",
// a pointer to "" clears the field.
func ExamplePtr() {
	ctx := context.Background()
	c := iamtest.NewFake()
	_, _ = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Description: "ops", Email: "alice@example.com"})

	u, err := c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{
		Description: iam.Ptr(""),    // clear
		Enabled:     iam.Ptr(false), // disable
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q %q %v\n", u.Description, u.Email, u.Enabled)
	// Output:
	// "" "alice@example.com" false
}

// As reaches the provider's native value behind a portable one.
func ExampleUser_As() {
	ctx := context.Background()
	c := iamtest.NewFake()
	u, _ := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})

	var native *iamtest.FakeUser // with a real cloud: *baidu.User, *huawei.User, ...
	if u.As(&native) {
		fmt.Println("native:", native.Name, native.ID == u.ID)
	}
	// Output:
	// native: alice true
}

// ListUsers pages lazily: PageSize users per request, and breaking out of
// the loop stops fetching.
func ExampleClient_listUsers() {
	ctx := context.Background()
	c := iamtest.NewFake()
	for _, n := range []string{"alice", "bob", "carol", "dave"} {
		_, _ = c.CreateUser(ctx, &iam.CreateUserInput{Name: n})
	}
	for u, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.Name)
		if u.Name == "carol" {
			break
		}
	}
	// Output:
	// alice
	// bob
	// carol
}

// Capabilities tells what a cloud supports before calling.
func ExampleCapabilities() {
	c := iamtest.NewFake(iamtest.WithoutFields(iam.FieldPhone))
	caps := c.Capabilities()
	in := &iam.CreateUserInput{Name: "alice"}
	if caps.SupportsField(iam.FieldPhone) {
		in.Phone = "86-13800000000"
	}
	_, err := c.CreateUser(context.Background(), in)
	fmt.Println(err, caps.Supports(iam.OpCreateAccessKey), caps.MaxAccessKeysPerUser)
	// Output:
	// <nil> true 2
}
