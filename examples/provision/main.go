// Command provision makes one identity exist on every cloud at once with
// iam.Provision: a user, console login and an access key, created
// concurrently; if any cloud fails, what was created on the others is
// rolled back. With no cloud credentials it runs on the built-in emulators,
// once successfully and once with a cloud made to fail.
//
//	go run ./examples/provision
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cloudiam-go/cloudiam/examples/internal/clouds"
	"github.com/cloudiam-go/cloudiam/iam"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "provision:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	targets, closeAll, err := clouds.Open(ctx)
	if err != nil {
		return err
	}
	defer closeAll()
	var cls []iam.Cloud
	for _, t := range targets {
		cls = append(cls, iam.Cloud{Name: t.Name, Client: t.Client})
	}
	in := &iam.ProvisionInput{
		Name:        "oncall_" + time.Now().Format("150405"),
		DisplayName: "On-call engineer",
		Email:       "oncall@example.com",
		Password:    iam.NewSecret("Pv-9f!Ka2#pLx7"),
		// Change it at first login (skipped, and listed, where a cloud cannot say so).
		PasswordResetRequired: true,
		AccessKey:             true,
	}

	fmt.Fprintf(out, "provisioning %s on %d clouds\n", in.Name, len(cls))
	res, err := iam.Provision(ctx, cls, in)
	if err != nil {
		return err
	}
	for _, r := range res {
		key := "-"
		if r.AccessKey != nil {
			key = r.AccessKey.ID + " (secret received)"
		}
		fmt.Fprintf(out, "  %-13s user %-22s key %-38s skipped %v\n", r.Cloud, r.User.ID, key, r.Skipped)
	}
	// Tidy up: this is an example.
	for _, c := range cls {
		if c.Client.Capabilities().Supports(iam.OpListAccessKeys) {
			if ks, err := c.Client.ListAccessKeys(ctx, in.Name); err == nil {
				for _, k := range ks {
					_ = c.Client.DeleteAccessKey(ctx, in.Name, k.ID)
				}
			}
		}
		if c.Client.Capabilities().Supports(iam.OpDeleteLoginProfile) {
			_ = c.Client.DeleteLoginProfile(ctx, in.Name)
		}
		if err := c.Client.DeleteUser(ctx, in.Name); err != nil {
			return err
		}
	}

	// Now with a user name one cloud refuses: everything is rolled back.
	bad := *in
	bad.Name = "x-" + in.Name // '-' is not allowed in a Baidu user name
	fmt.Fprintf(out, "provisioning %s, which baidu refuses\n", bad.Name)
	res, err = iam.Provision(ctx, cls, &bad)
	var pe *iam.ProvisionError
	if !errors.As(err, &pe) {
		return fmt.Errorf("expected a ProvisionError, got %v", err)
	}
	for _, r := range res {
		state := "nothing created"
		switch {
		case r.Err != nil:
			state = "failed: " + r.Err.Error()
		case r.RolledBack:
			state = "created, then rolled back"
		}
		fmt.Fprintf(out, "  %-13s %s\n", r.Cloud, state)
	}
	if len(pe.Leftovers) > 0 {
		return fmt.Errorf("left behind: %v", pe.Leftovers)
	}
	return nil
}
