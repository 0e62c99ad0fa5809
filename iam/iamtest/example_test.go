package iamtest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

// onboard is the kind of code a service writes once against iam.Client: it
// creates a user with a first access key, and undoes the user if the key
// cannot be made.
func onboard(ctx context.Context, c *iam.Client, name string) (*iam.AccessKey, error) {
	if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: name, Description: "onboarded"}); err != nil {
		return nil, fmt.Errorf("onboard %s: %w", name, err)
	}
	k, err := c.CreateAccessKey(ctx, name)
	if err != nil {
		_ = c.DeleteUser(ctx, name)
		return nil, fmt.Errorf("onboard %s: %w", name, err)
	}
	return k, nil
}

// A unit test of onboard runs against the fake: no network, no credentials,
// a fresh account per test.
func ExampleNewFake() {
	ctx := context.Background()
	c := iamtest.NewFake()

	k, err := onboard(ctx, c, "alice")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("secret returned once:", !k.Secret.IsZero())
	fmt.Println("secret prints as:", k.Secret)

	keys, _ := c.ListAccessKeys(ctx, "alice")
	fmt.Println("keys:", len(keys), keys[0].Status, "secret listed:", !keys[0].Secret.IsZero())

	// The fake behaves like the clouds on errors too.
	_, err = onboard(ctx, c, "alice")
	fmt.Println("again:", errors.Is(err, iam.ErrAlreadyExists))
	_, err = onboard(ctx, c, "bad/name")
	var ie *iam.Error
	if errors.As(err, &ie) {
		fmt.Println("invalid:", ie.Field, "-", ie.Message)
	}
	// Output:
	// secret returned once: true
	// secret prints as: [REDACTED]
	// keys: 1 Active secret listed: false
	// again: true
	// invalid: Name - must be 1-64 characters: an ASCII letter, then ASCII letters, digits or '_'
}

// WithCapabilities makes the fake one chosen cloud: here a cloud that
// cannot clear a user's Description and offers one MFA method. A test
// passes the capabilities a provider exports, for example
// iamtest.WithCapabilities(aliyun.RAMCapabilities()).
func ExampleWithCapabilities() {
	ctx := context.Background()
	c := iamtest.NewFake(iamtest.WithCapabilities(iam.Capabilities{
		Provider:          "aliyun-ram",
		Operations:        iam.Operations,
		Fields:            []iam.Field{iam.FieldDescription, iam.FieldMFARequired, iam.FieldMFAMethod},
		MFAMethods:        []iam.MFAMethod{iam.MFATOTP},
		MaxUserNameLength: 64, MaxDescriptionLength: 128,
	}))
	_, _ = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Description: "ops"})

	_, err := c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{Description: iam.Ptr("")})
	fmt.Println(err)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "bob", Description: strings.Repeat("x", 129)})
	fmt.Println(err)
	// Output:
	// cloudiam: aliyun-ram UpdateUser: field Description, this cloud cannot clear Description (Capabilities.ClearableFields)
	// cloudiam: aliyun-ram CreateUser: field Description, must be at most 128 characters
}

// WithObserver shows what a call sends: each access to the fake's account
// is one request, and bad input sends none.
func ExampleWithObserver() {
	ctx := context.Background()
	c := iamtest.NewFake(iamtest.WithObserver(&iam.Observer{
		AttemptStart: func(ctx context.Context, e iam.Event) context.Context {
			fmt.Println("  request:", e.Op, e.Method)
			return ctx
		},
	}))

	fmt.Println("CreateUser alice")
	_, _ = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	fmt.Println("CreateAccessKey alice")
	_, _ = c.CreateAccessKey(ctx, "alice")
	fmt.Println("CreateUser bad/name")
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "bad/name"})
	fmt.Println("  refused:", errors.Is(err, iam.ErrInvalidArgument))
	// Output:
	// CreateUser alice
	//   request: CreateUser POST
	// CreateAccessKey alice
	//   request: GetUser GET
	//   request: CreateAccessKey POST
	// CreateUser bad/name
	//   refused: true
}

// WithFailures tests the error paths: here the key cannot be created, and
// onboard must not leave the user behind.
func ExampleWithFailures() {
	ctx := context.Background()
	c := iamtest.NewFake(iamtest.WithFailures(func(op iam.Operation, _ string) error {
		if op == iam.OpCreateAccessKey {
			return &iam.Error{Provider: "fake", Op: string(op), Kind: iam.ErrLimitExceeded, Code: "QuotaExceeded"}
		}
		return nil
	}))

	_, err := onboard(ctx, c, "alice")
	fmt.Println(err)
	fmt.Println("limit:", errors.Is(err, iam.ErrLimitExceeded))
	_, err = c.GetUser(ctx, "alice")
	fmt.Println("user left behind:", !errors.Is(err, iam.ErrNotFound))
	// Output:
	// onboard alice: cloudiam: fake CreateAccessKey: QuotaExceeded
	// limit: true
	// user left behind: false
}

// WithoutOperations makes the fake a less capable cloud, to test code that
// checks Capabilities before it calls.
func ExampleWithoutOperations() {
	ctx := context.Background()
	c := iamtest.NewFake(iamtest.WithoutOperations(iam.OpCreateAccessKey))
	_, _ = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})

	fmt.Println("access keys:", c.Capabilities().Supports(iam.OpCreateAccessKey))
	_, err := c.CreateAccessKey(ctx, "alice")
	fmt.Println(errors.Is(err, iam.ErrUnsupported))
	// Output:
	// access keys: false
	// true
}

// A provider runs the conformance suite from its own tests, against its
// emulator, with the suite's Observer in its Config so that the suite can
// count the requests each call sends. Here the fake stands in for it.
func ExampleRunClientTests() {
	// In conformance_test.go of a provider package:
	_ = func(t *testing.T) {
		iamtest.RunClientTests(t, func(t *testing.T, obs *iam.Observer) *iam.Client {
			return iamtest.NewFake(iamtest.WithObserver(obs)) // the provider's client on its emulator
		})
	}
}

// grantReadOnly is the kind of code a service writes against iam.Client:
// a group with a read-only policy, and the user in it.
func grantReadOnly(ctx context.Context, c *iam.Client, group, user string) error {
	if _, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: group, Description: "read-only"}); err != nil {
		return err
	}
	ref := iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem}
	if err := c.AttachGroupPolicy(ctx, group, ref); err != nil {
		return err
	}
	return c.AddUserToGroup(ctx, group, user)
}

// The fake has groups, with the conflicts of the strictest clouds, and
// portable deletes that leave nothing behind.
func ExampleNewFake_groups() {
	ctx := context.Background()
	c := iamtest.NewFake()
	_, _ = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})

	if err := grantReadOnly(ctx, c, "auditors", "alice"); err != nil {
		fmt.Println(err)
		return
	}
	for g, err := range c.ListUserGroups(ctx, "alice") {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("alice is in", g.Name)
	}
	for p, err := range c.ListGroupPolicies(ctx, "auditors") {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("auditors have", p.Name, p.Type)
	}

	// Joining twice is refused, as on Alibaba Cloud RAM.
	err := c.AddUserToGroup(ctx, "auditors", "alice")
	fmt.Println("join twice:", errors.Is(err, iam.ErrAlreadyExists))

	// DeleteUser takes the user's memberships with it.
	_ = c.DeleteUser(ctx, "alice")
	n := 0
	for range c.ListGroupUsers(ctx, "auditors") {
		n++
	}
	fmt.Println("members left:", n)
	// Output:
	// alice is in auditors
	// auditors have ReadOnlyAccess system
	// join twice: true
	// members left: 0
}

// The fake has a catalog of system policies, custom policies whose
// document it keeps as given, and project-scope grants.
func ExampleNewFake_policies() {
	ctx := context.Background()
	c := iamtest.NewFake()

	for p, err := range c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: iam.PolicySystem}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%q\n", p.Name)
	}

	_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{
		Name:     "oss-read",
		Document: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`,
	})
	fmt.Println("create:", err)
	p, _ := c.GetPolicy(ctx, iam.PolicyRef{Name: "oss-read", Type: iam.PolicyCustom})
	fmt.Println(p.Type, p.Document)

	// A grant in one project; the list reports the project's ID, and the
	// listed policy's Ref revokes the grant.
	_, _ = c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "storage"})
	obs := iam.PolicyRef{Name: "OBS ReadOnlyAccess", Type: iam.PolicySystem, Project: "cn-north-4"}
	_ = c.AttachGroupPolicy(ctx, "storage", obs)
	for p, err := range c.ListGroupPolicies(ctx, "storage") {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("granted", p.Name, "in project", p.Project)
		fmt.Println("revoke:", c.DetachGroupPolicy(ctx, "storage", p.Ref()))
	}

	// Detaching what is not attached, attaching what does not exist.
	err = c.DetachGroupPolicy(ctx, "storage", obs)
	fmt.Println("detach again:", errors.Is(err, iam.ErrNotFound))
	err = c.AttachGroupPolicy(ctx, "storage", iam.PolicyRef{Name: "NoSuchPolicy", Type: iam.PolicySystem})
	fmt.Println("missing policy:", errors.Is(err, iam.ErrNotFound))
	// Output:
	// "AdministratorAccess"
	// "ReadOnlyAccess"
	// "AliyunRAMReadOnlyAccess"
	// "AliyunOSSReadOnlyAccess"
	// "OBS ReadOnlyAccess"
	// "Tenant Guest"
	// create: <nil>
	// custom {"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}
	// granted OBS ReadOnlyAccess in project 0a5c8e3f9b1d4e7aa2c6f8b0d3e5a7c9
	// revoke: <nil>
	// detach again: true
	// missing policy: true
}

// A provider whose cloud has groups and policies tells the suite what it
// cannot know: a system policy to attach, a document in the cloud's format
// for custom policies, a project where grants can be limited to one, and
// how the cloud answers a duplicate join or attachment. Here the fake
// stands in for the provider's client.
func ExampleRunClientTestsWith() {
	// In conformance_test.go of a provider package:
	_ = func(t *testing.T) {
		iamtest.RunClientTestsWith(t, iamtest.Harness{
			NewClient: func(t *testing.T, obs *iam.Observer) *iam.Client {
				return iamtest.NewFake(iamtest.WithObserver(obs)) // the provider's client on its emulator
			},
			Policies: iamtest.Policies{
				ReadOnlySystemPolicy: iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem},
				Project:              "cn-north-4",
				CustomPolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`,
			},
			DuplicateMembership: iamtest.DuplicateRefused,
			DuplicateAttachment: iamtest.DuplicateRefused,
		})
	}
}
