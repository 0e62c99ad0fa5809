// Command provision makes one identity exist on every cloud at once with
// iam.Provision: a user, console login, an access key and membership of a
// read-only group, created concurrently; if any cloud fails, what was
// created on the others is rolled back. It first sets up the group on every
// cloud: "readers", with each cloud's read-only system policy attached
// where the cloud has cloud-resource policies (IDaaS EIAM has groups only).
// It runs on the built-in emulators (CLOUDIAM_URL names one real cloud
// instead), once successfully and once with a cloud made to fail.
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

// readers is the group every provisioned user joins.
const readers = "readers"

// readOnly is each cloud's read-only system policy (Huawei: a system role
// granted to the group on the whole account).
var readOnly = map[string]iam.PolicyRef{
	"baidu":      {Name: "CAReadAccessPolicy", Type: iam.PolicySystem},
	"huawei":     {Name: "Tenant Guest", Type: iam.PolicySystem},
	"aliyun-ram": {Name: "ReadOnlyAccess", Type: iam.PolicySystem},
}

// setUpReaders creates the readers group with the cloud's read-only policy.
func setUpReaders(ctx context.Context, c *iam.Client, out io.Writer) error {
	_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: readers, Description: "read-only access"})
	if err != nil && !errors.Is(err, iam.ErrAlreadyExists) {
		return err
	}
	policy := "(no cloud-resource policies)"
	if ref, ok := readOnly[c.Provider()]; ok && c.Capabilities().Supports(iam.OpAttachGroupPolicy) {
		if err := c.AttachGroupPolicy(ctx, readers, ref); err != nil && !errors.Is(err, iam.ErrAlreadyExists) {
			return err
		}
		policy = ref.Name
	}
	fmt.Fprintf(out, "  %-13s group %s with %s\n", c.Provider(), readers, policy)
	return nil
}

func run(ctx context.Context, out io.Writer) error {
	targets, closeAll, err := clouds.Open(ctx)
	if err != nil {
		return err
	}
	defer closeAll()
	var cls []iam.Cloud
	for _, t := range targets {
		cl := iam.Cloud{Name: t.Name, Client: t.Client}
		if t.Client.Capabilities().Supports(iam.OpAddUserToGroup) {
			if err := setUpReaders(ctx, t.Client, out); err != nil {
				return fmt.Errorf("%s: %w", t.Name, err)
			}
			defer func() { _ = t.Client.DeleteGroup(context.WithoutCancel(ctx), readers) }()
			cl.Groups = []string{readers}
		}
		cls = append(cls, cl)
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
		fmt.Fprintf(out, "  %-13s user %-22s key %-38s groups %v skipped %v\n", r.Cloud, r.User.ID, key, r.Groups, r.Skipped)
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
