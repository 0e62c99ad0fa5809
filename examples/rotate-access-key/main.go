// Command rotate-access-key rotates a user's access key on every cloud
// with iam.RotateAccessKey: create the new key, prove it works by signing a
// request with it, disable the old key, delete it. With no cloud
// credentials in the environment it runs on the built-in emulators.
//
//	go run ./examples/rotate-access-key
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/cloudiam-go/cloudiam/examples/internal/clouds"
	"github.com/cloudiam-go/cloudiam/iam"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rotate-access-key:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	targets, closeAll, err := clouds.Open(ctx)
	if err != nil {
		return err
	}
	defer closeAll()
	var failed []error
	for _, t := range targets {
		if err := rotateOn(ctx, t, out); err != nil {
			failed = append(failed, fmt.Errorf("%s: %w", t.Name, err))
		}
	}
	return errors.Join(failed...)
}

// rotateOn sets up a user with a key, rotates it, and shows the result.
func rotateOn(ctx context.Context, t clouds.Target, out io.Writer) error {
	c := t.Client
	if !c.Capabilities().Supports(iam.OpCreateAccessKey) {
		fmt.Fprintf(out, "%-13s no access keys on this cloud: nothing to rotate\n", t.Name)
		return nil
	}
	user := "rotate_demo_" + time.Now().Format("150405")
	if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: user, Description: "cloudiam rotation example"}); err != nil {
		return err
	}
	defer func() { _ = c.DeleteUser(context.WithoutCancel(ctx), user) }()
	old, err := c.CreateAccessKey(ctx, user)
	if err != nil {
		return err
	}
	defer func() { // leave nothing behind: the example's user goes, keys first
		if ks, err := c.ListAccessKeys(context.WithoutCancel(ctx), user); err == nil {
			for _, k := range ks {
				_ = c.DeleteAccessKey(context.WithoutCancel(ctx), user, k.ID)
			}
		}
	}()

	rot, err := iam.RotateAccessKey(ctx, c, user, old.ID, func(ctx context.Context, k *iam.AccessKey) error {
		// Prove the new key authenticates: a client signing with it reads the
		// user. (A real cloud opened from CLOUDIAM_URL has no such reopener:
		// there the new key is only checked to be listed, since a new key of
		// a fresh user has no permissions to prove anything with.)
		if t.Reopen == nil {
			keys, err := c.ListAccessKeys(ctx, user)
			if err == nil && !slices.ContainsFunc(keys, func(x *iam.AccessKey) bool { return x.ID == k.ID }) {
				err = fmt.Errorf("the new key %s is not listed", k.ID)
			}
			return err
		}
		withNew, err := t.Reopen(k.ID, k.Secret)
		if err != nil {
			return err
		}
		_, err = withNew.GetUser(ctx, user)
		return err
	})
	if err != nil {
		return err
	}
	keys, err := c.ListAccessKeys(ctx, user)
	if err != nil {
		return err
	}
	how := "confirmed by a signed call with the new key"
	if t.Reopen == nil {
		how = "confirmed by listing the new key"
	}
	fmt.Fprintf(out, "%-13s rotated %s -> %s (%s); keys now: %d\n", t.Name, rot.OldKeyID, rot.New.ID, how, len(keys))
	if len(keys) != 1 || keys[0].ID != rot.New.ID {
		return fmt.Errorf("after rotation the user has keys %v", keys)
	}
	return nil
}
