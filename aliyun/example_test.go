package aliyun_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

// ramClient starts an emulator and returns a RAM client pointed at it.
// Against the real cloud, use aliyun.NewRAMFromEnv() instead.
func ramClient() (*aliyun.RAMClient, func()) {
	srv := aliyuntest.NewServer()
	id, secret := srv.Credentials()
	c, err := aliyun.NewRAM(aliyun.Config{AccessKeyID: id, SecretAccessKey: iam.NewSecret(secret), Endpoint: srv.URL})
	if err != nil {
		log.Fatal(err)
	}
	return c, srv.Close
}

// idaasClient starts an emulator and returns an EIAM client for its instance.
func idaasClient() (*aliyun.IDaaSClient, *aliyuntest.Server) {
	srv := aliyuntest.NewServer(aliyuntest.WithOrganizationalUnit("ou_sales000000000000000000001", "Sales"))
	id, secret := srv.Credentials()
	c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{
		Config:               aliyun.Config{AccessKeyID: id, SecretAccessKey: iam.NewSecret(secret), Endpoint: srv.URL},
		InstanceID:           srv.InstanceID(),
		OrganizationalUnitID: srv.OrganizationalUnitID(),
	})
	if err != nil {
		log.Fatal(err)
	}
	return c, srv
}

func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}

func ExampleNewRAM() {
	c, err := aliyun.NewRAM(aliyun.Config{
		AccessKeyID:     "LTAI5tEXAMPLE",
		SecretAccessKey: iam.NewSecret("example-secret"),
		Timeout:         10 * time.Second, // per attempt
		UserAgent:       "billing/1.4",
		// SignatureAlgorithm: aliyun.SignatureRPC, // for the HMAC-SHA1 signature
	})
	fmt.Println(c != nil, err)
	// Output: true <nil>
}

func ExampleRAMClient_CreateUser() {
	c, done := ramClient()
	defer done()
	out, err := c.CreateUser(context.Background(), &aliyun.RAMCreateUserInput{
		UserName:    "alice",
		DisplayName: "Alice",
		MobilePhone: "86-13800000000",
		Email:       "alice@example.com",
		Comments:    "platform team",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.User.UserName, out.User.DisplayName, out.User.Comments)
	// Output: alice Alice platform team
}

func ExampleRAMClient_GetUser() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "alice"}))
	out := must(c.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: "alice"}))
	fmt.Println(out.User.UserName)
	_, err := c.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: "nobody"})
	fmt.Println(errors.Is(err, iam.ErrNotFound))
	// Output:
	// alice
	// true
}

func ExampleRAMClient_UpdateUser() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "alice"}))
	out := must(c.UpdateUser(ctx, &aliyun.RAMUpdateUserInput{
		UserName: "alice", NewUserName: "alice.w", NewDisplayName: "Alice W", NewComments: "moved to data",
	}))
	fmt.Println(out.User.UserName, out.User.Comments)
	// Output: alice.w moved to data
}

func ExampleRAMClient_DeleteUser() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "alice"}))
	must(c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "alice"}))
	_, err := c.DeleteUser(ctx, &aliyun.RAMDeleteUserInput{UserName: "alice"})
	fmt.Println(errors.Is(err, iam.ErrFailedPrecondition)) // RAM: delete the keys first
	// Output: true
}

func ExampleRAMClient_ListUsers() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	for _, n := range []string{"a", "b", "c"} {
		must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: n}))
	}
	in := &aliyun.RAMListUsersInput{MaxItems: 2}
	for {
		page := must(c.ListUsers(ctx, in))
		for _, u := range page.Users {
			fmt.Print(u.UserName, " ")
		}
		if !page.IsTruncated {
			break
		}
		in.Marker = page.Marker
	}
	fmt.Println()
	// Output: a b c
}

func ExampleRAMClient_CreateLoginProfile() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "alice"}))
	out := must(c.CreateLoginProfile(ctx, &aliyun.RAMCreateLoginProfileInput{
		UserName:              "alice",
		Password:              iam.NewSecret("Initial-Passw0rd"),
		PasswordResetRequired: iam.Ptr(true),
		MFABindRequired:       iam.Ptr(false),
	}))
	fmt.Println(out.LoginProfile.UserName, out.LoginProfile.PasswordResetRequired)
	// Output: alice true
}

func ExampleRAMClient_GetLoginProfile() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "alice"}))
	_, err := c.GetLoginProfile(ctx, &aliyun.RAMGetLoginProfileInput{UserName: "alice"})
	fmt.Println(errors.Is(err, iam.ErrNotFound)) // no console login yet
	// Output: true
}

func ExampleRAMClient_UpdateLoginProfile() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "alice"}))
	must(c.CreateLoginProfile(ctx, &aliyun.RAMCreateLoginProfileInput{UserName: "alice", Password: iam.NewSecret("Initial-Passw0rd")}))
	must(c.UpdateLoginProfile(ctx, &aliyun.RAMUpdateLoginProfileInput{UserName: "alice", MFABindRequired: iam.Ptr(true)}))
	out := must(c.GetLoginProfile(ctx, &aliyun.RAMGetLoginProfileInput{UserName: "alice"}))
	fmt.Println(out.LoginProfile.MFABindRequired)
	// Output: true
}

func ExampleRAMClient_DeleteLoginProfile() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "alice"}))
	must(c.CreateLoginProfile(ctx, &aliyun.RAMCreateLoginProfileInput{UserName: "alice", Password: iam.NewSecret("Initial-Passw0rd")}))
	_, err := c.DeleteLoginProfile(ctx, &aliyun.RAMDeleteLoginProfileInput{UserName: "alice"})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleRAMClient_CreateAccessKey() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "ci"}))
	out := must(c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "ci"}))
	// The secret is returned only now; it prints as [REDACTED].
	fmt.Println(out.AccessKey.Status, out.AccessKey.AccessKeySecret, len(out.AccessKey.AccessKeySecret.Reveal()) > 0)
	// Output: Active [REDACTED] true
}

func ExampleRAMClient_UpdateAccessKey() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "ci"}))
	key := must(c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "ci"})).AccessKey
	must(c.UpdateAccessKey(ctx, &aliyun.RAMUpdateAccessKeyInput{UserName: "ci", UserAccessKeyID: key.AccessKeyID, Status: aliyun.AccessKeyInactive}))
	list := must(c.ListAccessKeys(ctx, &aliyun.RAMListAccessKeysInput{UserName: "ci"}))
	fmt.Println(list.AccessKeys[0].Status)
	// Output: Inactive
}

func ExampleRAMClient_DeleteAccessKey() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "ci"}))
	key := must(c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "ci"})).AccessKey
	must(c.DeleteAccessKey(ctx, &aliyun.RAMDeleteAccessKeyInput{UserName: "ci", UserAccessKeyID: key.AccessKeyID}))
	fmt.Println(len(must(c.ListAccessKeys(ctx, &aliyun.RAMListAccessKeysInput{UserName: "ci"})).AccessKeys))
	// Output: 0
}

func ExampleRAMClient_ListAccessKeys() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "ci"}))
	must(c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "ci"}))
	must(c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "ci"}))
	_, err := c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "ci"})
	fmt.Println(errors.Is(err, iam.ErrLimitExceeded)) // two keys per user
	list := must(c.ListAccessKeys(ctx, &aliyun.RAMListAccessKeysInput{UserName: "ci"}))
	fmt.Println(len(list.AccessKeys), list.AccessKeys[0].AccessKeySecret.IsZero())
	// Output:
	// true
	// 2 true
}

func ExampleRAMClient_IAM() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	var client *iam.Client = c.IAM()
	u := must(client.CreateUser(ctx, &iam.CreateUserInput{Name: "bob", Description: "portable"}))
	var native aliyun.RAMUser
	u.As(&native)
	fmt.Println(u.Name, native.Comments, client.Capabilities().MaxAccessKeysPerUser)
	// Output: bob portable 2
}

// CreateUser with every request parameter EIAM documents.
func ExampleIDaaSClient_CreateUser() {
	c, srv := idaasClient()
	defer srv.Close()
	out, err := c.CreateUser(context.Background(), &aliyun.IDaaSCreateUserInput{
		InstanceID:                  srv.InstanceID(), // empty uses the client's instance
		Username:                    "test_user",
		DisplayName:                 "Test User",
		Password:                    iam.NewSecret("Pa$$w0rd!*~"),
		PhoneRegion:                 "86",
		PhoneNumber:                 "13800000000",
		PhoneNumberVerified:         iam.Ptr(true),
		Email:                       "test_user@example.com",
		EmailVerified:               iam.Ptr(true),
		UserExternalID:              "ext-0001",
		PrimaryOrganizationalUnitID: srv.OrganizationalUnitID(),
		OrganizationalUnitIDs:       []string{"ou_sales000000000000000000001"},
		Description:                 "seed user",
		CustomFields: []aliyun.IDaaSCustomField{
			{FieldName: "nick_name", FieldValue: "tester"},
			{FieldName: "age", FieldValue: "30"},
		},
		PasswordInitializationConfig: &aliyun.IDaaSPasswordInitializationConfig{
			PasswordInitializationPolicyPriority: aliyun.PasswordPolicyPriorityCustom,
			PasswordForcedUpdateStatus:           aliyun.PasswordForcedUpdateEnabled,
			UserNotificationChannels:             []aliyun.NotificationChannel{aliyun.NotificationChannelEmail, aliyun.NotificationChannelSMS},
		},
		ClientToken: "create-test_user-0001",
	})
	if err != nil {
		log.Fatal(err)
	}
	u := must(c.GetUser(context.Background(), &aliyun.IDaaSGetUserInput{UserID: out.UserID})).User
	fmt.Println(u.Username, u.PhoneRegion, u.PhoneNumber, u.UserExternalID, len(u.OrganizationalUnits), len(u.CustomFields))
	// Output: test_user 86 13800000000 ext-0001 2 2
}

func ExampleIDaaSClient_GetUser() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	out := must(c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: "alice", Password: iam.NewSecret("Secret-123"),
		PrimaryOrganizationalUnitID: srv.OrganizationalUnitID()}))
	u := must(c.GetUser(ctx, &aliyun.IDaaSGetUserInput{UserID: out.UserID})).User
	fmt.Println(u.Username, u.Status, u.PasswordSet)
	// Output: alice enabled true
}

func ExampleIDaaSClient_ListUsers() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	for _, n := range []string{"ann", "anna", "bob"} {
		must(c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: n, Password: iam.NewSecret("Secret-123"),
			PrimaryOrganizationalUnitID: srv.OrganizationalUnitID()}))
	}
	page := must(c.ListUsers(ctx, &aliyun.IDaaSListUsersInput{UsernameStartsWith: "ann", PageNumber: 1, PageSize: 20}))
	fmt.Println(page.TotalCount, page.Users[0].Username, page.Users[1].Username)
	// Output: 2 ann anna
}

func ExampleIDaaSClient_UpdateUser() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	id := must(c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: "alice", Password: iam.NewSecret("Secret-123"),
		PrimaryOrganizationalUnitID: srv.OrganizationalUnitID()})).UserID
	must(c.UpdateUser(ctx, &aliyun.IDaaSUpdateUserInput{UserID: id, DisplayName: "Alice", Email: "alice@example.com", EmailVerified: iam.Ptr(true),
		CustomFields: []aliyun.IDaaSUpdateCustomField{{FieldName: "department", FieldValue: "ops", Operation: aliyun.CustomFieldReplace}}}))
	u := must(c.GetUser(ctx, &aliyun.IDaaSGetUserInput{UserID: id})).User
	fmt.Println(u.DisplayName, u.Email, u.CustomFields[0].FieldValue)
	// Output: Alice alice@example.com ops
}

func ExampleIDaaSClient_UpdateUserDescription() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	id := must(c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: "alice", Password: iam.NewSecret("Secret-123"),
		PrimaryOrganizationalUnitID: srv.OrganizationalUnitID()})).UserID
	must(c.UpdateUserDescription(ctx, &aliyun.IDaaSUpdateUserDescriptionInput{UserID: id, Description: "on call"}))
	fmt.Println(must(c.GetUser(ctx, &aliyun.IDaaSGetUserInput{UserID: id})).User.Description)
	// Output: on call
}

func ExampleIDaaSClient_DisableUser() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	id := must(c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: "alice", Password: iam.NewSecret("Secret-123"),
		PrimaryOrganizationalUnitID: srv.OrganizationalUnitID()})).UserID
	must(c.DisableUser(ctx, &aliyun.IDaaSUserInput{UserID: id}))
	fmt.Println(must(c.GetUser(ctx, &aliyun.IDaaSGetUserInput{UserID: id})).User.Status)
	must(c.EnableUser(ctx, &aliyun.IDaaSUserInput{UserID: id}))
	fmt.Println(must(c.GetUser(ctx, &aliyun.IDaaSGetUserInput{UserID: id})).User.Status)
	// Output:
	// disabled
	// enabled
}

func ExampleIDaaSClient_EnableUser() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	id := must(c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: "alice", Password: iam.NewSecret("Secret-123"),
		PrimaryOrganizationalUnitID: srv.OrganizationalUnitID()})).UserID
	_, err := c.EnableUser(ctx, &aliyun.IDaaSUserInput{UserID: id})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleIDaaSClient_UpdateUserPassword() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	// Created with a random initial password, then given a known one.
	id := must(c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: "alice", PrimaryOrganizationalUnitID: srv.OrganizationalUnitID(),
		PasswordInitializationConfig: &aliyun.IDaaSPasswordInitializationConfig{PasswordInitializationType: aliyun.PasswordInitializationRandom}})).UserID
	_, err := c.UpdateUserPassword(ctx, &aliyun.IDaaSUpdateUserPasswordInput{
		UserID:                     id,
		Password:                   iam.NewSecret("N3w P@ss+word"),
		PasswordForcedUpdateStatus: aliyun.PasswordForcedUpdateEnabled,
		UserNotificationChannels:   []aliyun.NotificationChannel{aliyun.NotificationChannelEmail},
	})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleIDaaSClient_DeleteUser() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	id := must(c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: "alice", Password: iam.NewSecret("Secret-123"),
		PrimaryOrganizationalUnitID: srv.OrganizationalUnitID()})).UserID
	must(c.DeleteUser(ctx, &aliyun.IDaaSUserInput{UserID: id}))
	_, err := c.GetUser(ctx, &aliyun.IDaaSGetUserInput{UserID: id})
	fmt.Println(errors.Is(err, iam.ErrNotFound))
	// Output: true
}

func ExampleIDaaSClient_IAM() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	client := c.IAM() // users by name; new users go to IDaaSConfig.OrganizationalUnitID
	must(client.CreateUser(ctx, &iam.CreateUserInput{Name: "carol", Email: "carol@example.com"}))
	u := must(client.GetUser(ctx, "carol"))
	_, err := client.CreateAccessKey(ctx, "carol")
	fmt.Println(u.Name, u.Email, errors.Is(err, iam.ErrUnsupported))
	// Output: carol carol@example.com true
}

func Example_open() {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	// Against the real cloud the endpoint is omitted and the credentials
	// are the ones Alibaba's tools read from the environment.
	id, secret := srv.Credentials()
	defer setenv(aliyun.EnvAccessKeyID, id)()
	defer setenv(aliyun.EnvSecretAccessKey, secret)()
	client, err := iam.Open(context.Background(),
		"aliyun-idaas://?instance_id="+srv.InstanceID()+"&ou="+srv.OrganizationalUnitID()+"&endpoint="+srv.URL)
	if err != nil {
		log.Fatal(err) // ErrInvalidArgument naming a missing variable or a wrong URL parameter
	}
	fmt.Println(client.Provider())
	// Output: aliyun-idaas
}

func ExampleRAMClient_AllUsers() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	for _, n := range []string{"a", "b", "c"} {
		must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: n}))
	}
	for u, err := range c.AllUsers(ctx, 2) { // pages of 2, fetched as the loop goes
		if err != nil {
			log.Fatal(err)
		}
		fmt.Print(u.UserName, " ")
	}
	fmt.Println()
	// Output: a b c
}

func ExampleIDaaSClient_AllUsers() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	for _, n := range []string{"ann", "bob", "anna"} {
		must(c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: n, Password: iam.NewSecret("Secret-123"),
			PrimaryOrganizationalUnitID: srv.OrganizationalUnitID()}))
	}
	for u, err := range c.AllUsers(ctx, &aliyun.IDaaSListUsersInput{UsernameStartsWith: "ann", PageSize: 1}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Print(u.Username, " ")
	}
	fmt.Println()
	// Output: ann anna
}

// Users named under RAM's older naming rule (with '@') are reached by every
// call that addresses an existing user; only new names follow the current
// rule. The emulator seeds such a user directly.
func ExampleRAMClient_GetUser_legacyName() {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	if _, err := srv.AddUser(aliyuntest.User{Name: "alice@example.com", DisplayName: "Alice"}); err != nil {
		log.Fatal(err)
	}
	id, secret := srv.Credentials()
	c := must(aliyun.NewRAM(aliyun.Config{AccessKeyID: id, SecretAccessKey: iam.NewSecret(secret), Endpoint: srv.URL}))
	ctx := context.Background()
	out := must(c.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: "alice@example.com"}))
	fmt.Println(out.User.DisplayName)
	_, err := c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "bob@example.com"})
	fmt.Println(errors.Is(err, iam.ErrInvalidArgument))
	// Output:
	// Alice
	// true
}

// A service configures the opener of its URLs (HTTP client, logger,
// observer, retries, user agent) on its own iam.URLMux; the URL still
// chooses the cloud, and the credentials come from the environment.
func ExampleURLOpener() {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	id, secret := srv.Credentials()
	defer setenv(aliyun.EnvAccessKeyID, id)()
	defer setenv(aliyun.EnvSecretAccessKey, secret)()

	calls := 0
	opener := &aliyun.URLOpener{
		UserAgent: "billing/1.4",
		Observer:  &iam.Observer{CallDone: func(context.Context, iam.Event) { calls++ }},
	}
	mux := new(iam.URLMux)
	for _, scheme := range []string{aliyun.SchemeRAM, aliyun.SchemeIDaaS} {
		if err := mux.Register(scheme, opener); err != nil {
			log.Fatal(err)
		}
	}
	ctx := context.Background()
	ram := must(mux.Open(ctx, "aliyun-ram://?endpoint="+srv.URL+"&timeout=10s"))
	must(ram.CreateUser(ctx, &iam.CreateUserInput{Name: "carol"}))
	idaas := must(mux.Open(ctx, "aliyun-idaas://?instance_id="+srv.InstanceID()+"&ou="+srv.OrganizationalUnitID()+"&endpoint="+srv.URL))
	fmt.Println(ram.Provider(), idaas.Provider(), calls > 0)
	// Output: aliyun-ram aliyun-idaas true
}

// setenv sets an environment variable and returns the function that
// restores it.
func setenv(name, value string) func() {
	old, had := os.LookupEnv(name)
	_ = os.Setenv(name, value)
	return func() {
		if had {
			_ = os.Setenv(name, old)
		} else {
			_ = os.Unsetenv(name)
		}
	}
}

func ExampleNewIDaaSFromEnv() {
	// With ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET set:
	c, err := aliyun.NewIDaaSFromEnv(func(c *aliyun.IDaaSConfig) {
		c.InstanceID = "idaas_ue2jvisn35ea5lmthk267xxxxx"
		c.OrganizationalUnitID = "ou_wovwffm62xifdziem7an7xxxxx"
		c.Region = "cn-hangzhou"
	})
	if err != nil {
		log.Fatal(err)
	}
	_ = c.IAM()
}

func ExampleRAMCapabilities() {
	caps := aliyun.RAMCapabilities()
	fmt.Println(caps.MaxUserNameLength, caps.MaxDescriptionLength, caps.MaxAccessKeysPerUser, caps.CanClear(iam.FieldDescription))
	caps = aliyun.IDaaSCapabilities()
	fmt.Println(caps.MaxUserNameLength, caps.MaxDescriptionLength, caps.Supports(iam.OpCreateAccessKey), caps.CanClear(iam.FieldDescription))
	// Output:
	// 64 128 2 false
	// 64 256 false true
}

// A service's own tests can run against a fake that declares what RAM
// declares, so a field RAM lacks fails there as it would on the cloud.
func ExampleRAMCapabilities_fake() {
	client := iamtest.NewFake(iamtest.WithCapabilities(aliyun.RAMCapabilities()))
	ctx := context.Background()
	_, err := client.CreateUser(ctx, &iam.CreateUserInput{Name: "erin", Enabled: iam.Ptr(false)})
	fmt.Println(errors.Is(err, iam.ErrUnsupported)) // RAM users cannot be disabled
	u := must(client.CreateUser(ctx, &iam.CreateUserInput{Name: "erin", Description: "ops"}))
	_, err = client.UpdateUser(ctx, u.Name, &iam.UpdateUserInput{Description: iam.Ptr("")})
	fmt.Println(errors.Is(err, iam.ErrUnsupported)) // nor a field cleared
	// Output:
	// true
	// true
}
