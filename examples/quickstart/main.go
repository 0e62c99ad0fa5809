// Command quickstart runs one portable user-management workflow, written
// once against iam.Client, on every cloud API cloudiam supports: Baidu IAM,
// Huawei IAM, Alibaba RAM and Alibaba IDaaS EIAM, each on its built-in
// emulator. It never acts on a real account unless you opt in by naming one
// cloud in CLOUDIAM_URL (the workflow then creates and deletes one user
// there, with the credentials that cloud's own tools keep):
//
//	go run ./examples/quickstart
//	CLOUDIAM_URL='huawei://?region=cn-north-4' go run ./examples/quickstart
//
// It prints a table of what each step did on each cloud: ok, "n/a" where a
// cloud does not have the operation (Capabilities), or the error. Optional
// fields are set only where Capabilities lists them.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cloudiam-go/cloudiam/examples/internal/clouds"
	"github.com/cloudiam-go/cloudiam/iam"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// step is one call of the workflow.
type step struct {
	name string
	op   iam.Operation // the step is "n/a" where Capabilities lacks it
	do   func(ctx context.Context, c *iam.Client, st *state) error
}

// state carries what one cloud's workflow created.
type state struct {
	user string
	key  string
}

// workflow is the portable code a service writes once.
var workflow = []step{
	{"create user", iam.OpCreateUser, func(ctx context.Context, c *iam.Client, st *state) error {
		in := &iam.CreateUserInput{Name: st.user}
		if c.Capabilities().SupportsField(iam.FieldDescription) {
			in.Description = "created by the cloudiam quickstart"
		}
		_, err := c.CreateUser(ctx, in)
		return err
	}},
	{"get user", iam.OpGetUser, func(ctx context.Context, c *iam.Client, st *state) error {
		u, err := c.GetUser(ctx, st.user)
		if err == nil && u.Name != st.user {
			err = fmt.Errorf("got user %q", u.Name)
		}
		return err
	}},
	{"update user", iam.OpUpdateUser, func(ctx context.Context, c *iam.Client, st *state) error {
		caps := c.Capabilities()
		in := &iam.UpdateUserInput{}
		switch {
		case caps.SupportsField(iam.FieldDescription):
			in.Description = iam.Ptr("updated by the quickstart")
		case caps.SupportsField(iam.FieldDisplayName):
			in.DisplayName = iam.Ptr("Quickstart")
		}
		_, err := c.UpdateUser(ctx, st.user, in)
		return err
	}},
	{"list users", iam.OpListUsers, func(ctx context.Context, c *iam.Client, st *state) error {
		for u, err := range c.ListUsers(ctx, nil) {
			if err != nil {
				return err
			}
			if u.Name == st.user {
				return nil
			}
		}
		return errors.New("the new user is not listed")
	}},
	{"set login profile", iam.OpSetLoginProfile, func(ctx context.Context, c *iam.Client, st *state) error {
		in := &iam.LoginProfileInput{Password: iam.NewSecret("Qs-9f!Ka2#pLx7")}
		if c.Capabilities().SupportsField(iam.FieldPasswordReset) {
			in.PasswordResetRequired = iam.Ptr(true) // the field exists only where the cloud has it
		}
		_, err := c.SetLoginProfile(ctx, st.user, in)
		return err
	}},
	{"get login profile", iam.OpGetLoginProfile, func(ctx context.Context, c *iam.Client, st *state) error {
		_, err := c.GetLoginProfile(ctx, st.user)
		return err
	}},
	{"create access key", iam.OpCreateAccessKey, func(ctx context.Context, c *iam.Client, st *state) error {
		k, err := c.CreateAccessKey(ctx, st.user)
		if err == nil {
			st.key = k.ID
			if k.Secret.IsZero() {
				err = errors.New("no secret returned")
			}
		}
		return err
	}},
	{"disable access key", iam.OpDisableAccessKey, func(ctx context.Context, c *iam.Client, st *state) error {
		return c.DisableAccessKey(ctx, st.user, st.key)
	}},
	{"enable access key", iam.OpEnableAccessKey, func(ctx context.Context, c *iam.Client, st *state) error {
		return c.EnableAccessKey(ctx, st.user, st.key)
	}},
	{"delete access key", iam.OpDeleteAccessKey, func(ctx context.Context, c *iam.Client, st *state) error {
		return c.DeleteAccessKey(ctx, st.user, st.key)
	}},
	{"delete login profile", iam.OpDeleteLoginProfile, func(ctx context.Context, c *iam.Client, st *state) error {
		return c.DeleteLoginProfile(ctx, st.user)
	}},
	{"delete user", iam.OpDeleteUser, func(ctx context.Context, c *iam.Client, st *state) error {
		return c.DeleteUser(ctx, st.user)
	}},
}

// run executes the workflow on every cloud and writes the table to out. It
// fails if any step failed on any cloud.
func run(ctx context.Context, out io.Writer) error {
	targets, closeAll, err := clouds.Open(ctx)
	if err != nil {
		return err
	}
	defer closeAll()

	results := make([][]string, len(workflow))
	failed := 0
	for _, t := range targets {
		st := &state{user: "quickstart_" + randomHex(4)}
		caps := t.Client.Capabilities()
		for i, s := range workflow {
			if !caps.Supports(s.op) {
				results[i] = append(results[i], "n/a") // the cloud lacks the operation
				continue
			}
			cell := "ok"
			if err := s.do(ctx, t.Client, st); err != nil {
				cell = "FAILED"
				failed++
				fmt.Fprintf(out, "%s: %s: %v\n", t.Name, s.name, err)
			}
			results[i] = append(results[i], cell)
		}
	}

	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	header := []string{"step"}
	where := []string{""}
	for _, t := range targets {
		header = append(header, t.Name)
		where = append(where, "("+t.Where+")")
	}
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	fmt.Fprintln(tw, strings.Join(where, "\t"))
	for i, s := range workflow {
		fmt.Fprintln(tw, s.name+"\t"+strings.Join(results[i], "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d step(s) failed", failed)
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
