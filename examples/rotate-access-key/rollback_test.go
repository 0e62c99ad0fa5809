package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/examples/internal/clouds"
	"github.com/cloudiam-go/cloudiam/iam"
)

// On the emulators: a rotation whose new key is refused by confirm leaves
// exactly the old key, active, and the new one deleted.
func TestRotationRollbackOnTheEmulators(t *testing.T) {
	for _, k := range []string{"BCE_ACCESS_KEY_ID", "BAIDUCLOUD_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID"} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	targets, closeAll, err := clouds.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	refused := errors.New("the new key does not work for the application")
	for _, tg := range targets[:3] { // the clouds with access keys
		c := tg.Client
		if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "rot_probe"}); err != nil {
			t.Fatal(err)
		}
		old, err := c.CreateAccessKey(ctx, "rot_probe")
		if err != nil {
			t.Fatal(err)
		}
		var newID string
		_, err = iam.RotateAccessKey(ctx, c, "rot_probe", old.ID, func(_ context.Context, k *iam.AccessKey) error {
			newID = k.ID
			return refused
		})
		var re *iam.RotationError
		if !errors.As(err, &re) || re.Step != iam.RotationConfirm || !re.RolledBack || !errors.Is(err, refused) {
			t.Fatalf("%s: err = %v", tg.Name, err)
		}
		keys, err := c.ListAccessKeys(ctx, "rot_probe")
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) != 1 || keys[0].ID != old.ID || keys[0].Status != iam.AccessKeyActive || newID == "" {
			t.Errorf("%s: keys after a refused rotation: %+v (new key was %s)", tg.Name, keys, newID)
		}
		// The old key still authenticates.
		withOld, err := tg.Reopen(old.ID, old.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := withOld.GetUser(ctx, "rot_probe"); err != nil {
			t.Errorf("%s: the old key no longer works: %v", tg.Name, err)
		}
	}
}
