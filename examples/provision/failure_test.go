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

// faulty makes one create of Provision fail on a real emulator client;
// lost makes the create act on the cloud and then lose its answer.
type faulty struct {
	iam.Driver
	op   iam.Operation
	lost bool
}

func (f *faulty) injected() error {
	return &iam.Error{Provider: f.Capabilities().Provider, Op: string(f.op), Kind: iam.ErrUnavailable, Message: "injected", OutcomeUnknown: f.lost}
}

func (f *faulty) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	if f.op != iam.OpCreateUser {
		return f.Driver.CreateUser(ctx, in)
	}
	if f.lost {
		if _, err := f.Driver.CreateUser(ctx, in); err != nil {
			return nil, err
		}
	}
	return nil, f.injected()
}

func (f *faulty) SetLoginProfile(ctx context.Context, user string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	if f.op != iam.OpSetLoginProfile {
		return f.Driver.SetLoginProfile(ctx, user, in)
	}
	if f.lost {
		if _, err := f.Driver.SetLoginProfile(ctx, user, in); err != nil {
			return nil, err
		}
	}
	return nil, f.injected()
}

func (f *faulty) CreateAccessKey(ctx context.Context, user string) (*iam.AccessKey, error) {
	if f.op != iam.OpCreateAccessKey {
		return f.Driver.CreateAccessKey(ctx, user)
	}
	if f.lost {
		if _, err := f.Driver.CreateAccessKey(ctx, user); err != nil {
			return nil, err
		}
	}
	return nil, f.injected()
}

// Each create fails in turn (plainly, or after acting with its answer
// lost) on each emulator: Provision names that cloud, rolls back every
// other cloud, and afterwards no cloud has the user.
func TestProvisionFailurePointsOnTheEmulators(t *testing.T) {
	for _, k := range []string{"BCE_ACCESS_KEY_ID", "BAIDUCLOUD_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID"} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	targets, closeAll, err := clouds.Open(ctx)
	require.NoError(t, err)
	defer closeAll()

	n := 0
	for bad := range targets {
		caps := targets[bad].Client.Capabilities()
		for _, op := range []iam.Operation{iam.OpCreateUser, iam.OpSetLoginProfile, iam.OpCreateAccessKey} {
			if !caps.Supports(op) {
				continue
			}
			for _, lost := range []bool{false, true} {
				n++
				name := targets[bad].Name + "/" + string(op)
				if lost {
					name += "/lost"
				}
				user := "provfail_" + string(rune('a'+n%26)) + string(rune('a'+n/26))
				t.Run(name, func(t *testing.T) {
					var cls []iam.Cloud
					for i, tg := range targets {
						c := tg.Client
						if i == bad {
							c = iam.NewClient(&faulty{Driver: c.Driver(), op: op, lost: lost}, iam.ClientOptions{})
						}
						cls = append(cls, iam.Cloud{Name: tg.Name, Client: c})
					}
					in := &iam.ProvisionInput{
						Name: user, DisplayName: "Failing", Email: "fail@example.com",
						Password: iam.NewSecret("Pv-9f!Ka2#pLx7"), PasswordResetRequired: true, AccessKey: true,
					}
					res, err := iam.Provision(ctx, cls, in)
					var pe *iam.ProvisionError
					require.ErrorAs(t, err, &pe)
					assert.Equal(t, []string{targets[bad].Name}, keys(pe.Failed))
					assert.Empty(t, pe.Leftovers)
					assert.Equal(t, lost, errors.Is(err, iam.ErrOutcomeUnknown))
					for i, tg := range targets {
						_, gerr := tg.Client.GetUser(ctx, user)
						assert.ErrorIs(t, gerr, iam.ErrNotFound, "%s still has %s", tg.Name, user)
						if i != bad {
							assert.True(t, res[i].RolledBack, "%s rolled back", tg.Name)
						}
					}
				})
			}
		}
	}
	assert.GreaterOrEqual(t, n, 20, "failure points exercised")
}

func keys(m map[string]error) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
