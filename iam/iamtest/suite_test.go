package iamtest

import (
	"context"
	"errors"
	"iter"
	"os"
	"os/exec"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cloudiam-go/cloudiam/iam"
)

// broken wraps the fake with one deliberate bug, to prove that the suite
// notices it.
type broken struct {
	iam.Driver
	bug string
}

func (b broken) Capabilities() iam.Capabilities {
	c := b.Driver.Capabilities()
	switch b.bug {
	case "limit-not-enforced":
		c.MaxAccessKeysPerUser = 2 // the fake underneath allows 3
	case "silent-field":
		c.Fields = slices.DeleteFunc(c.Fields, func(f iam.Field) bool { return f == iam.FieldEmail })
	case "silent-op":
		c.Operations = slices.DeleteFunc(c.Operations, func(o iam.Operation) bool { return o == iam.OpDisableAccessKey })
	}
	return c
}

func (b broken) GetUser(ctx context.Context, name string) (*iam.User, error) {
	u, err := b.Driver.GetUser(ctx, name)
	if b.bug == "plain-not-found" && errors.Is(err, iam.ErrNotFound) {
		return nil, errors.New("user not found")
	}
	return u, err
}

func (b broken) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	u, err := b.Driver.CreateUser(ctx, in)
	var ie *iam.Error
	if b.bug == "no-field" && errors.As(err, &ie) {
		ie.Field = ""
	}
	return u, err
}

func (b broken) DeleteUser(ctx context.Context, name string) error {
	if b.bug == "delete-is-noop" {
		return nil
	}
	return b.Driver.DeleteUser(ctx, name)
}

func (b broken) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	seq := b.Driver.ListUsers(ctx, in)
	switch b.bug {
	case "page-repeats":
		return func(yield func(*iam.User, error) bool) {
			n := 0
			for u, err := range seq {
				n++
				if !yield(u, err) {
					return
				}
				if n == 2 && !yield(u, err) { // the last user of the first page again
					return
				}
			}
		}
	case "ignores-break":
		return func(yield func(*iam.User, error) bool) {
			for u, err := range seq {
				yield(u, err)
			}
		}
	}
	return seq
}

func (b broken) ListAccessKeys(ctx context.Context, name string) ([]*iam.AccessKey, error) {
	keys, err := b.Driver.ListAccessKeys(ctx, name)
	if b.bug == "secret-in-list" {
		for _, k := range keys {
			k.Secret = iam.NewSecret("leaked")
		}
	}
	return keys, err
}

// TestBrokenClientHelper runs the suite against a broken client; it is a
// helper of TestSuiteCatchesBugs, run in a child process.
func TestBrokenClientHelper(t *testing.T) {
	bug := os.Getenv("IAMTEST_BUG")
	if bug == "" {
		t.Skip("run by TestSuiteCatchesBugs")
	}
	RunClientTests(t, func(*testing.T, *iam.Observer) *iam.Client {
		return iam.NewClient(broken{Driver: NewFake(WithMaxAccessKeys(3)).Driver(), bug: bug}, iam.ClientOptions{})
	})
}

// TestSuiteCatchesBugs proves the suite can fail: each deliberate bug makes
// the named subtest fail.
func TestSuiteCatchesBugs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	tests := []struct {
		bug      string
		failures []string // subtests that must fail
	}{
		{"none", nil},
		{"limit-not-enforced", []string{"AccessKeys/Limit"}},
		{"silent-field", []string{"Unsupported/FieldEmail"}},
		{"silent-op", []string{"Unsupported/DisableAccessKey"}},
		{"plain-not-found", []string{"Users/NotFound", "Users/RoundTrip"}},
		{"no-field", []string{"Users/InvalidArgument/empty_name"}},
		{"delete-is-noop", []string{"Users/RoundTrip"}},
		{"page-repeats", []string{"ListUsers/Pages"}},
		{"ignores-break", []string{"ListUsers/BreakEarly"}},
		{"secret-in-list", []string{"AccessKeys/Lifecycle"}},
	}
	for _, tc := range tests {
		t.Run(tc.bug, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenClientHelper$", "-test.v")
			cmd.Env = append(os.Environ(), "IAMTEST_BUG="+tc.bug)
			out, err := cmd.CombinedOutput()
			if tc.failures == nil {
				assert.NoError(t, err, "the unbroken wrapper passes:\n%s", out)
				return
			}
			assert.Error(t, err, "the suite must fail for bug %s", tc.bug)
			for _, f := range tc.failures {
				assert.Contains(t, string(out), "--- FAIL: TestBrokenClientHelper/"+f, "output:\n%s", out)
			}
		})
	}
}
