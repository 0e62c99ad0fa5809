package aliyun

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// laggingRAM is the emulator behind a server that answers the first
// delete of action with RAM's DeleteConflict, as RAM may right after the
// dependents were removed.
func laggingRAM(t *testing.T, action, code string) (*aliyuntest.Emulator, *RAMClient, *atomic.Int64) {
	emu := aliyuntest.New()
	var deletes atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-acs-action") == action && deletes.Add(1) == 1 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(409)
			_, _ = w.Write([]byte(`{"RequestId":"R","Code":"` + code + `","Message":"propagating"}`))
			return
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	id, secret := emu.Credentials()
	c, err := NewRAM(Config{AccessKeyID: id, SecretAccessKey: iam.NewSecret(secret), Endpoint: srv.URL, MaxAttempts: 1})
	require.NoError(t, err)
	return emu, c, &deletes
}

func shortBackoff(t *testing.T) {
	saved := conflictBackoff
	conflictBackoff = []time.Duration{time.Millisecond, time.Millisecond}
	t.Cleanup(func() { conflictBackoff = saved })
}

// After removing dependents, the portable deletes repeat a delete RAM
// refuses with the conflict of what was removed; without anything removed
// the conflict is returned at once.
func TestPortableDeletesRepeatAfterCleanup(t *testing.T) {
	shortBackoff(t)
	ctx := context.Background()

	emu, c, deletes := laggingRAM(t, "DeleteGroup", "DeleteConflict.Group.User")
	_, err := emu.AddUser(aliyuntest.User{Name: "alice"})
	require.NoError(t, err)
	_, err = emu.AddGroup(aliyuntest.Group{Name: "dev"})
	require.NoError(t, err)
	require.NoError(t, emu.AddGroupMember("dev", "alice"))
	require.NoError(t, c.IAM().DeleteGroup(ctx, "dev"))
	assert.Equal(t, int64(2), deletes.Load())
	assert.Empty(t, emu.Groups())

	emu, c, deletes = laggingRAM(t, "DeleteGroup", "DeleteConflict.Group.User")
	_, err = emu.AddGroup(aliyuntest.Group{Name: "empty"})
	require.NoError(t, err)
	err = c.IAM().DeleteGroup(ctx, "empty")
	assert.ErrorIs(t, err, iam.ErrFailedPrecondition, "nothing was removed: RAM's answer stands")
	assert.Equal(t, int64(1), deletes.Load())

	emu, c, deletes = laggingRAM(t, "DeleteUser", "DeleteConflict.User.MFADevice")
	_, err = emu.AddUser(aliyuntest.User{Name: "bob"})
	require.NoError(t, err)
	require.NoError(t, emu.AddUserPolicy("bob", "System", "ReadOnlyAccess"))
	err = c.IAM().DeleteUser(ctx, "bob")
	assert.ErrorIs(t, err, iam.ErrFailedPrecondition, "an MFA device is not something the delete removed")
	assert.Equal(t, int64(1), deletes.Load())

	emu, c, deletes = laggingRAM(t, "DeletePolicy", "DeleteConflict.Policy.Group")
	_, err = emu.AddGroup(aliyuntest.Group{Name: "ops"})
	require.NoError(t, err)
	_, err = emu.AddPolicy(aliyuntest.Policy{Name: "p1"})
	require.NoError(t, err)
	require.NoError(t, emu.AddGroupPolicy("ops", "Custom", "p1"))
	require.NoError(t, c.IAM().DeletePolicy(ctx, "p1"))
	assert.Equal(t, int64(2), deletes.Load())
	assert.Empty(t, emu.Policies("Custom"))
}
