package faulttest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// BadInput is one call with invalid input.
type BadInput struct {
	Name string
	// Op is the operation it calls; the case is skipped when the client
	// lacks it.
	Op iam.Operation
	// Field, when set, must be supported for the case to run.
	Field iam.Field
	Call  func(ctx context.Context, c *iam.Client) error
	// Unsupported also accepts ErrUnsupported: the providers treat an MFA
	// method they do not offer, known to package iam or not, as unsupported.
	Unsupported bool
}

// PortableBadInputs returns invalid calls of every portable operation: nil
// inputs, empty required fields, over-long fields, bad characters, invalid
// enums and malformed email and phone. maxName is the client's longest
// user name.
//
// Names of existing users and key ids are only checked for emptiness: a
// provider may accept looser existing names (escaping them) than it lets
// a caller create, and then the cloud answers ErrNotFound. A nil
// UpdateUserInput is likewise left out: the portable API does not say
// whether it is an error or an empty update.
func PortableBadInputs(maxName int) []BadInput {
	long := strings.Repeat("a", maxName+1)
	huge := strings.Repeat("x", 5000)
	const user = "valid_user1"
	createU := func(in *iam.CreateUserInput) func(context.Context, *iam.Client) error {
		return func(ctx context.Context, c *iam.Client) error { _, err := c.CreateUser(ctx, in); return err }
	}
	updateU := func(name string, in *iam.UpdateUserInput) func(context.Context, *iam.Client) error {
		return func(ctx context.Context, c *iam.Client) error { _, err := c.UpdateUser(ctx, name, in); return err }
	}
	setLP := func(name string, in *iam.LoginProfileInput) func(context.Context, *iam.Client) error {
		return func(ctx context.Context, c *iam.Client) error { _, err := c.SetLoginProfile(ctx, name, in); return err }
	}
	pw := iam.NewSecret(Password)
	pigeon := iam.MFAMethod("carrier-pigeon")
	return []BadInput{
		{Name: "CreateUser/nil", Op: iam.OpCreateUser, Call: createU(nil)},
		{Name: "CreateUser/empty-name", Op: iam.OpCreateUser, Call: createU(&iam.CreateUserInput{})},
		{Name: "CreateUser/long-name", Op: iam.OpCreateUser, Call: createU(&iam.CreateUserInput{Name: long})},
		{Name: "CreateUser/bad-chars", Op: iam.OpCreateUser, Call: createU(&iam.CreateUserInput{Name: "bad name/<x>"})},
		{Name: "CreateUser/control-char", Op: iam.OpCreateUser, Call: createU(&iam.CreateUserInput{Name: "a\x00b"})},
		{Name: "CreateUser/long-display-name", Op: iam.OpCreateUser, Field: iam.FieldDisplayName, Call: createU(&iam.CreateUserInput{Name: user, DisplayName: huge})},
		{Name: "CreateUser/long-description", Op: iam.OpCreateUser, Field: iam.FieldDescription, Call: createU(&iam.CreateUserInput{Name: user, Description: huge})},
		{Name: "CreateUser/bad-email", Op: iam.OpCreateUser, Field: iam.FieldEmail, Call: createU(&iam.CreateUserInput{Name: user, Email: "not-an-email"})},
		{Name: "CreateUser/bad-phone", Op: iam.OpCreateUser, Field: iam.FieldPhone, Call: createU(&iam.CreateUserInput{Name: user, Phone: "call me maybe"})},
		{Name: "GetUser/empty", Op: iam.OpGetUser, Call: func(ctx context.Context, c *iam.Client) error { _, err := c.GetUser(ctx, ""); return err }},
		{Name: "UpdateUser/empty-name", Op: iam.OpUpdateUser, Call: updateU("", &iam.UpdateUserInput{Description: iam.Ptr("d")})},
		{Name: "UpdateUser/bad-new-name", Op: iam.OpUpdateUser, Field: iam.FieldRename, Call: updateU(user, &iam.UpdateUserInput{NewName: iam.Ptr("bad name/<x>")})},
		{Name: "UpdateUser/empty-new-name", Op: iam.OpUpdateUser, Field: iam.FieldRename, Call: updateU(user, &iam.UpdateUserInput{NewName: iam.Ptr("")})},
		{Name: "UpdateUser/bad-email", Op: iam.OpUpdateUser, Field: iam.FieldEmail, Call: updateU(user, &iam.UpdateUserInput{Email: iam.Ptr("a@@b")})},
		{Name: "UpdateUser/bad-phone", Op: iam.OpUpdateUser, Field: iam.FieldPhone, Call: updateU(user, &iam.UpdateUserInput{Phone: iam.Ptr("12ab")})},
		{Name: "UpdateUser/long-description", Op: iam.OpUpdateUser, Field: iam.FieldDescription, Call: updateU(user, &iam.UpdateUserInput{Description: iam.Ptr(huge)})},
		{Name: "DeleteUser/empty", Op: iam.OpDeleteUser, Call: func(ctx context.Context, c *iam.Client) error { return c.DeleteUser(ctx, "") }},
		{Name: "ListUsers/negative-page", Op: iam.OpListUsers, Call: func(ctx context.Context, c *iam.Client) error {
			for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: -1}) {
				return err
			}
			return errors.New("ListUsers yielded nothing")
		}},
		{Name: "GetLoginProfile/empty", Op: iam.OpGetLoginProfile, Call: func(ctx context.Context, c *iam.Client) error { _, err := c.GetLoginProfile(ctx, ""); return err }},
		{Name: "SetLoginProfile/empty-user", Op: iam.OpSetLoginProfile, Call: setLP("", &iam.LoginProfileInput{Password: pw})},
		{Name: "SetLoginProfile/bad-mfa-method", Op: iam.OpSetLoginProfile, Field: iam.FieldMFAMethod, Unsupported: true, Call: setLP(user, &iam.LoginProfileInput{Password: pw, MFARequired: iam.Ptr(true), MFAMethod: &pigeon})},
		{Name: "DeleteLoginProfile/empty", Op: iam.OpDeleteLoginProfile, Call: func(ctx context.Context, c *iam.Client) error { return c.DeleteLoginProfile(ctx, "") }},
		{Name: "CreateAccessKey/empty", Op: iam.OpCreateAccessKey, Call: func(ctx context.Context, c *iam.Client) error { _, err := c.CreateAccessKey(ctx, ""); return err }},
		{Name: "ListAccessKeys/empty", Op: iam.OpListAccessKeys, Call: func(ctx context.Context, c *iam.Client) error { _, err := c.ListAccessKeys(ctx, ""); return err }},
		{Name: "EnableAccessKey/empty-key", Op: iam.OpEnableAccessKey, Call: func(ctx context.Context, c *iam.Client) error { return c.EnableAccessKey(ctx, user, "") }},
		{Name: "EnableAccessKey/empty-user", Op: iam.OpEnableAccessKey, Call: func(ctx context.Context, c *iam.Client) error { return c.EnableAccessKey(ctx, "", "AKIDVALID1234") }},
		{Name: "DisableAccessKey/empty-key", Op: iam.OpDisableAccessKey, Call: func(ctx context.Context, c *iam.Client) error { return c.DisableAccessKey(ctx, user, "") }},
		{Name: "DeleteAccessKey/empty-key", Op: iam.OpDeleteAccessKey, Call: func(ctx context.Context, c *iam.Client) error { return c.DeleteAccessKey(ctx, user, "") }},
	}
}

// RunBadInput calls each case on tg.Client and checks it fails with
// ErrInvalidArgument naming a field, and that no request reached the front.
func RunBadInput(t *testing.T, tg Target, cases []BadInput) {
	caps := tg.Client.Capabilities()
	for _, bc := range cases {
		t.Run(bc.Name, func(t *testing.T) {
			if bc.Op != "" && !caps.Supports(bc.Op) {
				t.Skipf("%s lacks %s", caps.Provider, bc.Op)
			}
			if bc.Field != "" && !caps.SupportsField(bc.Field) {
				t.Skipf("%s lacks %s", caps.Provider, bc.Field)
			}
			before := tg.Front.Requests()
			ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
			defer cancel()
			err := bc.Call(ctx, tg.Client)
			var ie *iam.Error
			if bc.Unsupported && errors.As(err, &ie) && ie.Kind == iam.ErrUnsupported {
				// refused before sending; checked below
			} else if !errors.As(err, &ie) || ie.Kind != iam.ErrInvalidArgument || ie.Field == "" {
				t.Fatalf("got %v (kind %v), want an *iam.Error of ErrInvalidArgument naming the field", err, kindOf(err))
			}
			if n := tg.Front.Requests() - before; n != 0 {
				t.Fatalf("%d request(s) left for input refused as %v", n, err)
			}
		})
	}
}

// RunConcurrent runs a mixed lifecycle (create, get, update, list, login
// profile, access keys, delete) on n distinct users from n goroutines at
// once through c, and reports every failure.
func RunConcurrent(t *testing.T, c *iam.Client, n int) {
	caps := c.Capabilities()
	ctx, cancel := context.WithTimeout(context.Background(), 4*CallTimeout)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := lifecycle(ctx, c, caps, fmt.Sprintf("conc_user%d", i), i); err != nil {
				errs <- fmt.Errorf("goroutine %d: %w", i, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func lifecycle(ctx context.Context, c *iam.Client, caps iam.Capabilities, name string, i int) error {
	if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: name}); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if u, err := c.GetUser(ctx, name); err != nil || u.Name != name {
		return fmt.Errorf("get: %v %v", u, err)
	}
	if caps.SupportsField(iam.FieldDescription) {
		if _, err := c.UpdateUser(ctx, name, &iam.UpdateUserInput{Description: iam.Ptr("concurrent")}); err != nil {
			return fmt.Errorf("update: %w", err)
		}
	}
	if i%4 == 0 {
		for _, err := range c.ListUsers(ctx, nil) {
			if err != nil {
				return fmt.Errorf("list: %w", err)
			}
		}
	}
	if caps.Supports(iam.OpSetLoginProfile) {
		if _, err := c.SetLoginProfile(ctx, name, &iam.LoginProfileInput{Password: iam.NewSecret(Password)}); err != nil {
			return fmt.Errorf("set login profile: %w", err)
		}
	}
	if caps.Supports(iam.OpCreateAccessKey) {
		k, err := c.CreateAccessKey(ctx, name)
		if err != nil {
			return fmt.Errorf("create key: %w", err)
		}
		if err := c.DisableAccessKey(ctx, name, k.ID); err != nil {
			return fmt.Errorf("disable key: %w", err)
		}
		ks, err := c.ListAccessKeys(ctx, name)
		if err != nil || len(ks) != 1 || ks[0].Status != iam.AccessKeyInactive {
			return fmt.Errorf("list keys: %v %v", ks, err)
		}
		if err := c.DeleteAccessKey(ctx, name, k.ID); err != nil {
			return fmt.Errorf("delete key: %w", err)
		}
	}
	if caps.Supports(iam.OpDeleteLoginProfile) && caps.Supports(iam.OpSetLoginProfile) && i%2 == 0 {
		if err := c.DeleteLoginProfile(ctx, name); err != nil {
			return fmt.Errorf("delete login profile: %w", err)
		}
	}
	if err := c.DeleteUser(ctx, name); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	if _, err := c.GetUser(ctx, name); !errors.Is(err, iam.ErrNotFound) {
		return fmt.Errorf("get after delete: %v", err)
	}
	return nil
}

func kindOf(err error) iam.Kind {
	var ie *iam.Error
	if errors.As(err, &ie) {
		return ie.Kind
	}
	return ""
}

// RunCancel starts n calls at once against a server that never answers,
// cancels their context once every request has arrived, and checks each
// call returns a context.Canceled *iam.Error. Run it under goleak (the
// providers' TestMain) to prove no goroutine outlives a cancelled call.
func RunCancel(t *testing.T, tg Target, n int) {
	hangs := make([]Fault, n)
	for i := range hangs {
		hangs[i] = Fault{Name: "hang", Hang: true}
	}
	tg.Front.Inject(hangs...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make(chan error, n)
	for i := range n {
		go func() {
			_, err := tg.Client.GetUser(ctx, fmt.Sprintf("cancel_user%d", i))
			errs <- err
		}()
	}
	deadline := time.After(CallTimeout)
	for tg.Front.Requests() < n {
		select {
		case <-deadline:
			t.Fatalf("only %d of %d requests arrived", tg.Front.Requests(), n)
		case <-time.After(time.Millisecond):
		}
	}
	cancel()
	for range n {
		err := <-errs
		var ie *iam.Error
		if !errors.Is(err, context.Canceled) || !errors.As(err, &ie) {
			t.Errorf("a cancelled call returned %v, want a context.Canceled *iam.Error", err)
		}
	}
	tg.Front.Release()
}
