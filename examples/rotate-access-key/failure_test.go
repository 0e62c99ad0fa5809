package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/examples/internal/clouds"
	"github.com/cloudiam-go/cloudiam/iam"
)

// faulty makes one step of a rotation fail on a real emulator client.
// lost makes the create act on the cloud and then lose its answer.
type faulty struct {
	iam.Driver
	step   iam.RotationStep
	oldKey string
	lost   bool
}

func (f *faulty) injected() error {
	return &iam.Error{Provider: f.Capabilities().Provider, Kind: iam.ErrUnavailable, Message: "injected", OutcomeUnknown: f.lost}
}

func (f *faulty) CreateAccessKey(ctx context.Context, user string) (*iam.AccessKey, error) {
	if f.step == iam.RotationCreate {
		if f.lost {
			if _, err := f.Driver.CreateAccessKey(ctx, user); err != nil {
				return nil, err
			}
		}
		return nil, f.injected()
	}
	return f.Driver.CreateAccessKey(ctx, user)
}

func (f *faulty) DisableAccessKey(ctx context.Context, user, id string) error {
	if f.step == iam.RotationDisableOld && id == f.oldKey {
		return f.injected()
	}
	return f.Driver.DisableAccessKey(ctx, user, id)
}

func (f *faulty) DeleteAccessKey(ctx context.Context, user, id string) error {
	if f.step == iam.RotationDeleteOld && id == f.oldKey {
		return f.injected()
	}
	return f.Driver.DeleteAccessKey(ctx, user, id)
}

// Each step fails in turn on each emulator: the error names the step, the
// user always keeps a working key, and the keys left are exactly the ones
// the error describes.
func TestRotationFailurePointsOnTheEmulators(t *testing.T) {
	for _, k := range []string{"BCE_ACCESS_KEY_ID", "BAIDUCLOUD_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID"} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	targets, closeAll, err := clouds.Open(ctx)
	require.NoError(t, err)
	defer closeAll()

	type want struct {
		rolledBack bool
		keys       map[string]iam.AccessKeyStatus // "old", "new"
	}
	cases := []struct {
		name    string
		step    iam.RotationStep
		lost    bool
		confirm error
		want    want
	}{
		{"create fails", iam.RotationCreate, false, nil, want{false, map[string]iam.AccessKeyStatus{"old": iam.AccessKeyActive}}},
		{"create acts, answer lost", iam.RotationCreate, true, nil, want{true, map[string]iam.AccessKeyStatus{"old": iam.AccessKeyActive}}},
		{"confirm fails", iam.RotationConfirm, false, errors.New("new key rejected by the deploy"), want{true, map[string]iam.AccessKeyStatus{"old": iam.AccessKeyActive}}},
		{"disable fails", iam.RotationDisableOld, false, nil, want{false, map[string]iam.AccessKeyStatus{"old": iam.AccessKeyActive, "new": iam.AccessKeyActive}}},
		{"delete fails", iam.RotationDeleteOld, false, nil, want{false, map[string]iam.AccessKeyStatus{"old": iam.AccessKeyInactive, "new": iam.AccessKeyActive}}},
	}
	for _, tg := range targets {
		if !tg.Client.Capabilities().Supports(iam.OpCreateAccessKey) {
			continue
		}
		for i, tc := range cases {
			t.Run(tg.Name+"/"+tc.name, func(t *testing.T) {
				c := tg.Client
				user := "rotfail_" + string(rune('a'+i))
				_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: user})
				require.NoError(t, err)
				old, err := c.CreateAccessKey(ctx, user)
				require.NoError(t, err)
				defer func() {
					ks, _ := c.ListAccessKeys(ctx, user)
					for _, k := range ks {
						_ = c.DeleteAccessKey(ctx, user, k.ID)
					}
					_ = c.DeleteUser(ctx, user)
				}()

				f := iam.NewClient(&faulty{Driver: c.Driver(), step: tc.step, oldKey: old.ID, lost: tc.lost}, iam.ClientOptions{})
				rot, err := iam.RotateAccessKey(ctx, f, user, old.ID, func(context.Context, *iam.AccessKey) error { return tc.confirm })
				var re *iam.RotationError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, tc.step, re.Step)
				assert.Equal(t, tc.want.rolledBack, re.RolledBack, re.State)
				assert.NotEmpty(t, re.State)

				got := map[string]iam.AccessKeyStatus{}
				ks, err := c.ListAccessKeys(ctx, user)
				require.NoError(t, err)
				for _, k := range ks {
					switch {
					case k.ID == old.ID:
						got["old"] = k.Status
					case rot != nil && rot.New != nil && k.ID == rot.New.ID:
						got["new"] = k.Status
						assert.Equal(t, rot.New.ID, re.NewKeyID)
					default:
						got["stray "+k.ID] = k.Status
					}
				}
				assert.Equal(t, tc.want.keys, got, "keys left after %s: %s", tc.step, re.State)
			})
		}
	}
}
