package store

import (
	"errors"
	"fmt"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// tickClock is a clock that advances one second per reading.
type tickClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *tickClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func newTestStore(t testing.TB, opts Options) *Store {
	t.Helper()
	if opts.Now == nil {
		opts.Now = (&tickClock{t: t0}).Now
	}
	return New(opts)
}

func mustUser(t testing.TB, s *Store, name string) User {
	t.Helper()
	u, err := s.CreateUser(User{Name: name, Enabled: true})
	require.NoError(t, err)
	return u
}

func TestDefaults(t *testing.T) {
	s := New(Options{})
	assert.Equal(t, 2, s.MaxAccessKeysPerUser())

	now := s.Now()
	assert.Equal(t, time.UTC, now.Location())
	assert.Zero(t, now.Nanosecond(), "default clock truncates to the second")

	u, err := s.CreateUser(User{Name: "alice"})
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{32}$`), u.ID)
	assert.False(t, u.CreatedAt.IsZero())
	assert.Equal(t, u.CreatedAt, u.UpdatedAt)

	k, err := s.CreateAccessKey(u.ID, "ci")
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^AK[0-9A-Z]{18}$`), k.ID)
	assert.Regexp(t, regexp.MustCompile(`^[0-9A-Za-z]{30}$`), k.Secret)
	assert.True(t, k.Active)
	assert.Equal(t, "ci", k.Description)
	assert.Equal(t, u.ID, k.UserID)

	// Generated values differ (they come from crypto/rand).
	seen := map[string]bool{}
	for range 100 {
		id := randomString(lowerHex, 32)
		assert.False(t, seen[id], "duplicate random ID %s", id)
		seen[id] = true
	}
}

func TestRandomStringAlphabet(t *testing.T) {
	for _, tc := range []struct {
		alphabet string
		n        int
	}{{lowerHex, 32}, {upperAlnum, 18}, {alnum, 30}, {"ab", 1}, {alnum, 0}} {
		s := randomString(tc.alphabet, tc.n)
		require.Len(t, s, tc.n)
		for _, c := range s {
			assert.Contains(t, tc.alphabet, string(c))
		}
	}
}

func TestCreateUser(t *testing.T) {
	created := t0.Add(-time.Hour)
	tests := []struct {
		name    string
		opts    Options
		setup   []User
		in      User
		wantErr error
		check   func(t *testing.T, got User)
	}{
		{
			name: "assigns ID and times",
			opts: Options{NewUserID: func() string { return "u-1" }},
			in:   User{Name: "alice", Email: "a@example.com"},
			check: func(t *testing.T, got User) {
				assert.Equal(t, "u-1", got.ID)
				assert.Equal(t, t0.Add(time.Second), got.CreatedAt)
				assert.Equal(t, got.CreatedAt, got.UpdatedAt)
				assert.Equal(t, "a@example.com", got.Email)
			},
		},
		{
			name: "keeps given ID and times",
			in:   User{ID: "mine", Name: "alice", CreatedAt: created},
			check: func(t *testing.T, got User) {
				assert.Equal(t, "mine", got.ID)
				assert.Equal(t, created, got.CreatedAt)
				assert.Equal(t, created, got.UpdatedAt)
			},
		},
		{
			name:    "duplicate name",
			setup:   []User{{Name: "alice"}},
			in:      User{Name: "alice"},
			wantErr: ErrExists,
		},
		{
			name:  "names are case-sensitive",
			setup: []User{{Name: "alice"}},
			in:    User{Name: "Alice"},
		},
		{
			name:    "duplicate given ID",
			setup:   []User{{ID: "x", Name: "alice"}},
			in:      User{ID: "x", Name: "bob"},
			wantErr: ErrExists,
		},
		{
			name:    "generator keeps colliding",
			opts:    Options{NewUserID: func() string { return "same" }},
			setup:   []User{{Name: "alice"}},
			in:      User{Name: "bob"},
			wantErr: ErrExists,
		},
		{
			name:    "generator returns empty IDs",
			opts:    Options{NewUserID: func() string { return "" }},
			in:      User{Name: "bob"},
			wantErr: ErrExists,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t, tc.opts)
			for _, u := range tc.setup {
				_, err := s.CreateUser(u)
				require.NoError(t, err)
			}
			got, err := s.CreateUser(tc.in)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				assert.Equal(t, len(tc.setup), s.CountUsers(nil), "a failed create stores nothing")
				return
			}
			require.NoError(t, err)
			if tc.check != nil {
				tc.check(t, got)
			}
			byName, err := s.UserByName(tc.in.Name)
			require.NoError(t, err)
			assert.Equal(t, got, byName)
			byID, err := s.UserByID(got.ID)
			require.NoError(t, err)
			assert.Equal(t, got, byID)
		})
	}
}

func TestLookupsNotFound(t *testing.T) {
	s := newTestStore(t, Options{})
	mustUser(t, s, "alice")
	_, err := s.UserByName("bob")
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.UserByID("nope")
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.LoginProfile("nope")
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.AccessKey("nope")
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.AccessKeys("nope")
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.UpdateAccessKey("nope", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.ErrorIs(t, s.DeleteAccessKey("nope"), ErrNotFound)
	assert.ErrorIs(t, s.DeleteUser("nope"), ErrNotFound)
	assert.ErrorIs(t, s.DeleteLoginProfile("nope"), ErrNotFound)
	_, err = s.UpdateUser("nope", func(*User) error { return nil })
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.PutLoginProfile("nope", LoginProfile{})
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.CreateAccessKey("nope", "")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestCopies(t *testing.T) {
	s := newTestStore(t, Options{})
	in := User{Name: "alice", Attrs: map[string]string{"k": "v"}}
	u, err := s.CreateUser(in)
	require.NoError(t, err)

	in.Attrs["k"] = "changed by caller after create"
	u.Attrs["k"] = "changed in returned copy"
	got, err := s.UserByName("alice")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"k": "v"}, got.Attrs)

	got.Attrs["k"] = "changed in lookup copy"
	page, _, err := s.ListUsers("", 10, func(u *User) bool {
		u.Attrs["k"] = "changed by keep"
		u.Name = "renamed by keep"
		return true
	})
	require.NoError(t, err)
	require.Len(t, page, 1)
	assert.Equal(t, "alice", page[0].Name)
	assert.Equal(t, map[string]string{"k": "v"}, page[0].Attrs)
	page[0].Attrs["k"] = "changed in list copy"

	var kept *User
	_, err = s.UpdateUser(u.ID, func(u *User) error {
		kept = u
		u.Attrs["k"] = "aborted"
		return errors.New("abort")
	})
	require.Error(t, err)
	kept.Attrs["k"] = "changed through pointer kept from fn"

	got, err = s.UserByID(u.ID)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"k": "v"}, got.Attrs)

	p := LoginProfile{Password: "pw", Attrs: map[string]string{"a": "1"}}
	stored, err := s.PutLoginProfile(u.ID, p)
	require.NoError(t, err)
	p.Attrs["a"] = "2"
	stored.Attrs["a"] = "3"
	gotP, err := s.LoginProfile(u.ID)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "1"}, gotP.Attrs)
	gotP.Attrs["a"] = "4"
	gotP, err = s.LoginProfile(u.ID)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "1"}, gotP.Attrs)

	// Nil Attrs stay nil.
	b, err := s.CreateUser(User{Name: "bob"})
	require.NoError(t, err)
	assert.Nil(t, b.Attrs)
}

func TestUpdateUser(t *testing.T) {
	errAbort := errors.New("abort")
	tests := []struct {
		name    string
		fn      func(*User) error
		wantErr error
		check   func(t *testing.T, s *Store, before, after User)
	}{
		{
			name: "changes fields and UpdatedAt",
			fn: func(u *User) error {
				u.Description = "ops"
				u.Enabled = false
				u.Attrs = map[string]string{"x": "y"}
				return nil
			},
			check: func(t *testing.T, s *Store, before, after User) {
				assert.Equal(t, "ops", after.Description)
				assert.False(t, after.Enabled)
				assert.Equal(t, map[string]string{"x": "y"}, after.Attrs)
				assert.True(t, after.UpdatedAt.After(before.UpdatedAt))
				assert.Equal(t, before.CreatedAt, after.CreatedAt)
			},
		},
		{
			name: "rename moves the name index",
			fn:   func(u *User) error { u.Name = "carol"; return nil },
			check: func(t *testing.T, s *Store, before, after User) {
				_, err := s.UserByName("alice")
				assert.ErrorIs(t, err, ErrNotFound)
				got, err := s.UserByName("carol")
				require.NoError(t, err)
				assert.Equal(t, before.ID, got.ID)
				// The old name is free again.
				_, err = s.CreateUser(User{Name: "alice"})
				assert.NoError(t, err)
			},
		},
		{
			name:    "rename to a taken name",
			fn:      func(u *User) error { u.Name = "bob"; u.Description = "lost"; return nil },
			wantErr: ErrExists,
		},
		{
			name:    "fn error aborts",
			fn:      func(u *User) error { u.Description = "lost"; return errAbort },
			wantErr: errAbort,
		},
		{
			name: "ID and CreatedAt are immutable",
			fn: func(u *User) error {
				u.ID = "other"
				u.CreatedAt = time.Time{}
				return nil
			},
			check: func(t *testing.T, s *Store, before, after User) {
				assert.Equal(t, before.ID, after.ID)
				assert.Equal(t, before.CreatedAt, after.CreatedAt)
				_, err := s.UserByID("other")
				assert.ErrorIs(t, err, ErrNotFound)
			},
		},
		{
			name: "nil fn only touches UpdatedAt",
			check: func(t *testing.T, s *Store, before, after User) {
				assert.True(t, after.UpdatedAt.After(before.UpdatedAt))
				after.UpdatedAt = before.UpdatedAt
				assert.Equal(t, before, after)
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t, Options{})
			before := mustUser(t, s, "alice")
			mustUser(t, s, "bob")
			after, err := s.UpdateUser(before.ID, tc.fn)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				got, err := s.UserByID(before.ID)
				require.NoError(t, err)
				assert.Equal(t, before, got, "a failed update changes nothing")
				return
			}
			require.NoError(t, err)
			stored, err := s.UserByID(before.ID)
			require.NoError(t, err)
			assert.Equal(t, after, stored)
			tc.check(t, s, before, after)
		})
	}
}

func TestDeleteUserCascades(t *testing.T) {
	s := newTestStore(t, Options{})
	alice := mustUser(t, s, "alice")
	bob := mustUser(t, s, "bob")
	_, err := s.PutLoginProfile(alice.ID, LoginProfile{Password: "pw"})
	require.NoError(t, err)
	k1, err := s.CreateAccessKey(alice.ID, "")
	require.NoError(t, err)
	kb, err := s.CreateAccessKey(bob.ID, "")
	require.NoError(t, err)
	s.AddRootKey("ROOT", "rootsecret")

	lp, n := s.HasDependents(alice.ID)
	assert.True(t, lp)
	assert.Equal(t, 1, n)

	require.NoError(t, s.DeleteUser(alice.ID))
	assert.ErrorIs(t, s.DeleteUser(alice.ID), ErrNotFound)

	_, err = s.UserByID(alice.ID)
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.UserByName("alice")
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.LoginProfile(alice.ID)
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.AccessKey(k1.ID)
	assert.ErrorIs(t, err, ErrNotFound, "a deleted user's keys stop authenticating")
	lp, n = s.HasDependents(alice.ID)
	assert.False(t, lp)
	assert.Zero(t, n)

	// Others are untouched.
	_, err = s.AccessKey(kb.ID)
	assert.NoError(t, err)
	_, err = s.AccessKey("ROOT")
	assert.NoError(t, err)
	assert.Equal(t, 1, s.CountUsers(nil))

	// The name can be reused, and the new user starts clean.
	again := mustUser(t, s, "alice")
	assert.NotEqual(t, alice.ID, again.ID)
	keys, err := s.AccessKeys(again.ID)
	require.NoError(t, err)
	assert.Empty(t, keys)
}

// listAll pages through the store and returns the names in order.
func listAll(t testing.TB, s *Store, limit int, keep func(*User) bool) (names []string, pages int) {
	t.Helper()
	cursor := ""
	for {
		page, next, err := s.ListUsers(cursor, limit, keep)
		require.NoError(t, err)
		pages++
		require.LessOrEqual(t, pages, 100000, "listing does not terminate")
		if limit > 0 {
			require.LessOrEqual(t, len(page), limit)
		}
		for _, u := range page {
			names = append(names, u.Name)
		}
		if next == "" {
			return names, pages
		}
		require.NotEmpty(t, page, "a page with a next cursor is never empty")
		cursor = next
	}
}

func names(prefix string, idx ...int) []string {
	var out []string
	for _, i := range idx {
		out = append(out, fmt.Sprintf("%s%03d", prefix, i))
	}
	return out
}

func seq(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

func TestListUsersPaging(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		limit     int
		deleted   []int // indexes deleted before listing
		keep      func(*User) bool
		wantIdx   []int
		wantPages int
	}{
		{name: "empty store", n: 0, limit: 10, wantPages: 1},
		{name: "one partial page", n: 3, limit: 10, wantIdx: seq(0, 3), wantPages: 1},
		{name: "exact multiple has no empty last page", n: 10, limit: 5, wantIdx: seq(0, 10), wantPages: 2},
		{name: "remainder", n: 11, limit: 5, wantIdx: seq(0, 11), wantPages: 3},
		{name: "limit one", n: 4, limit: 1, wantIdx: seq(0, 4), wantPages: 4},
		{name: "no limit", n: 25, limit: 0, wantIdx: seq(0, 25), wantPages: 1},
		{name: "negative limit means no limit", n: 7, limit: -1, wantIdx: seq(0, 7), wantPages: 1},
		{
			name: "deleted users are skipped", n: 10, limit: 3, deleted: []int{0, 4, 5, 9},
			wantIdx: []int{1, 2, 3, 6, 7, 8}, wantPages: 2,
		},
		{
			name: "everything deleted", n: 6, limit: 2, deleted: seq(0, 6), wantPages: 1,
		},
		{
			name: "many deletions trigger compaction", n: 200, limit: 7, deleted: seq(0, 150),
			wantIdx: seq(150, 200), wantPages: 8,
		},
		{
			name: "keep filters", n: 20, limit: 3,
			keep:    func(u *User) bool { return u.Description == "even" },
			wantIdx: []int{0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, wantPages: 4,
		},
		{
			name: "keep rejecting everything", n: 20, limit: 3,
			keep:      func(*User) bool { return false },
			wantPages: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t, Options{})
			ids := make([]string, tc.n)
			for i := range tc.n {
				desc := "odd"
				if i%2 == 0 {
					desc = "even"
				}
				u, err := s.CreateUser(User{Name: fmt.Sprintf("user%03d", i), Description: desc})
				require.NoError(t, err)
				ids[i] = u.ID
			}
			for _, i := range tc.deleted {
				require.NoError(t, s.DeleteUser(ids[i]))
			}
			got, pages := listAll(t, s, tc.limit, tc.keep)
			assert.Equal(t, names("user", tc.wantIdx...), got)
			assert.Equal(t, tc.wantPages, pages)
			assert.Equal(t, len(tc.wantIdx), s.CountUsers(tc.keep))
			if tc.limit > 0 { // page numbers list the same users
				var byOffset []string
				for off := 0; ; off += tc.limit {
					page := s.ListUsersAt(off, tc.limit, tc.keep)
					require.LessOrEqual(t, len(page), tc.limit)
					for _, u := range page {
						byOffset = append(byOffset, u.Name)
					}
					if len(page) < tc.limit {
						break
					}
				}
				assert.Equal(t, names("user", tc.wantIdx...), byOffset)
			}
		})
	}
}

func TestListUsersCompactionKeepsOrder(t *testing.T) {
	s := newTestStore(t, Options{})
	var ids []string
	for i := range 400 {
		ids = append(ids, mustUser(t, s, fmt.Sprintf("user%03d", i)).ID)
	}
	// Delete every user whose index is not a multiple of 3: compaction runs
	// several times along the way.
	var want []int
	for i, id := range ids {
		if i%3 == 0 {
			want = append(want, i)
			continue
		}
		require.NoError(t, s.DeleteUser(id))
	}
	s.mu.RLock()
	assert.Less(t, s.dead*4, len(s.order)+4*33, "compaction keeps dead entries bounded")
	s.mu.RUnlock()
	got, _ := listAll(t, s, 13, nil)
	assert.Equal(t, names("user", want...), got)
}

func TestListUsersCursorAcrossChanges(t *testing.T) {
	s := newTestStore(t, Options{})
	var ids []string
	for i := range 6 {
		ids = append(ids, mustUser(t, s, fmt.Sprintf("user%03d", i)).ID)
	}
	page, next, err := s.ListUsers("", 3, nil)
	require.NoError(t, err)
	require.Equal(t, names("user", 0, 1, 2), namesOf(page))
	require.NotEmpty(t, next)

	// The last user returned is deleted, and a new one created, between pages.
	require.NoError(t, s.DeleteUser(ids[2]))
	require.NoError(t, s.DeleteUser(ids[3]))
	mustUser(t, s, "user006")
	// Renaming does not move a user in the order.
	_, err = s.UpdateUser(ids[0], func(u *User) error { u.Name = "user100"; return nil })
	require.NoError(t, err)

	page, next, err = s.ListUsers(next, 3, nil)
	require.NoError(t, err)
	assert.Equal(t, names("user", 4, 5, 6), namesOf(page))
	assert.Empty(t, next)

	all, _, err := s.ListUsers("", 0, nil)
	require.NoError(t, err)
	assert.Equal(t, names("user", 100, 1, 4, 5, 6), namesOf(all))
}

func namesOf(users []User) []string {
	var out []string
	for _, u := range users {
		out = append(out, u.Name)
	}
	return out
}

func TestListUsersInvalidCursor(t *testing.T) {
	s := newTestStore(t, Options{})
	mustUser(t, s, "alice")
	for _, c := range []string{"garbage", "u", "u!!", "x1", "u" + "zzzzzzzzzzzzzzzzzzzz"} {
		_, _, err := s.ListUsers(c, 10, nil)
		assert.ErrorIs(t, err, ErrInvalidCursor, "cursor %q", c)
	}
	// A cursor past the end is valid: an empty last page.
	page, next, err := s.ListUsers(encodeCursor(1000), 10, nil)
	require.NoError(t, err)
	assert.Empty(t, page)
	assert.Empty(t, next)
}

// TestListUsersVisitsOnlyThePage proves a page does not scan the store: keep
// is consulted for the page plus one look-ahead entry, wherever the cursor is.
func TestListUsersVisitsOnlyThePage(t *testing.T) {
	s := newTestStore(t, Options{})
	for i := range 5000 {
		mustUser(t, s, fmt.Sprintf("user%05d", i))
	}
	_, cursor, err := s.ListUsers("", 3000, nil)
	require.NoError(t, err)
	calls := 0
	page, next, err := s.ListUsers(cursor, 10, func(*User) bool { calls++; return true })
	require.NoError(t, err)
	assert.Len(t, page, 10)
	assert.Equal(t, "user03000", page[0].Name)
	assert.NotEmpty(t, next)
	assert.Equal(t, 11, calls)
}

func TestLoginProfile(t *testing.T) {
	s := newTestStore(t, Options{})
	u := mustUser(t, s, "alice")

	created, err := s.PutLoginProfile(u.ID, LoginProfile{Password: "pw1", ResetRequired: true, MFAMethod: "sms"})
	require.NoError(t, err)
	assert.False(t, created.CreatedAt.IsZero())
	assert.Equal(t, created.CreatedAt, created.UpdatedAt)

	got, err := s.LoginProfile(u.ID)
	require.NoError(t, err)
	assert.Equal(t, created, got)

	replaced, err := s.PutLoginProfile(u.ID, LoginProfile{Password: "pw2", CreatedAt: t0.Add(-time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, created.CreatedAt, replaced.CreatedAt, "CreatedAt is kept on replace")
	assert.True(t, replaced.UpdatedAt.After(created.UpdatedAt))
	assert.Equal(t, "pw2", replaced.Password)
	assert.False(t, replaced.ResetRequired, "replace replaces the whole profile")

	lp, _ := s.HasDependents(u.ID)
	assert.True(t, lp)
	require.NoError(t, s.DeleteLoginProfile(u.ID))
	assert.ErrorIs(t, s.DeleteLoginProfile(u.ID), ErrNotFound)
	_, err = s.LoginProfile(u.ID)
	assert.ErrorIs(t, err, ErrNotFound)
	lp, _ = s.HasDependents(u.ID)
	assert.False(t, lp)

	// A given CreatedAt is honoured on create.
	b := mustUser(t, s, "bob")
	p, err := s.PutLoginProfile(b.ID, LoginProfile{CreatedAt: t0})
	require.NoError(t, err)
	assert.Equal(t, t0, p.CreatedAt)
}

func TestAccessKeys(t *testing.T) {
	tests := []struct {
		name  string
		limit int
		want  int // keys a user can hold
	}{
		{"default limit", 0, 2},
		{"negative is default", -3, 2},
		{"custom limit", 5, 5},
		{"one", 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t, Options{MaxAccessKeysPerUser: tc.limit})
			u := mustUser(t, s, "alice")
			var made []AccessKey
			for i := range tc.want {
				k, err := s.CreateAccessKey(u.ID, fmt.Sprint("key", i))
				require.NoError(t, err)
				made = append(made, k)
			}
			_, err := s.CreateAccessKey(u.ID, "")
			require.ErrorIs(t, err, ErrLimit)

			// Inactive keys count towards the limit.
			_, err = s.UpdateAccessKey(made[0].ID, func(k *AccessKey) error { k.Active = false; return nil })
			require.NoError(t, err)
			_, err = s.CreateAccessKey(u.ID, "")
			require.ErrorIs(t, err, ErrLimit)

			// Deleting one frees a slot.
			require.NoError(t, s.DeleteAccessKey(made[0].ID))
			k, err := s.CreateAccessKey(u.ID, "")
			require.NoError(t, err)
			made = append(made[1:], k)

			list, err := s.AccessKeys(u.ID)
			require.NoError(t, err)
			assert.Equal(t, made, list, "keys in creation order, with secrets")
			_, n := s.HasDependents(u.ID)
			assert.Equal(t, tc.want, n)
		})
	}
}

func TestUpdateAccessKey(t *testing.T) {
	s := newTestStore(t, Options{})
	u := mustUser(t, s, "alice")
	k, err := s.CreateAccessKey(u.ID, "d")
	require.NoError(t, err)

	got, err := s.UpdateAccessKey(k.ID, func(c *AccessKey) error {
		c.Active = false
		c.Description = "rotated"
		c.ID = "other"
		c.UserID = "other"
		c.CreatedAt = time.Time{}
		return nil
	})
	require.NoError(t, err)
	assert.False(t, got.Active)
	assert.Equal(t, "rotated", got.Description)
	assert.Equal(t, k.ID, got.ID)
	assert.Equal(t, u.ID, got.UserID)
	assert.Equal(t, k.CreatedAt, got.CreatedAt)
	stored, err := s.AccessKey(k.ID)
	require.NoError(t, err)
	assert.Equal(t, got, stored)

	errAbort := errors.New("abort")
	_, err = s.UpdateAccessKey(k.ID, func(c *AccessKey) error { c.Active = true; return errAbort })
	require.ErrorIs(t, err, errAbort)
	stored, err = s.AccessKey(k.ID)
	require.NoError(t, err)
	assert.False(t, stored.Active, "a failed update changes nothing")
}

func TestTouchAccessKey(t *testing.T) {
	s := newTestStore(t, Options{})
	u := mustUser(t, s, "alice")
	k, err := s.CreateAccessKey(u.ID, "")
	require.NoError(t, err)
	assert.True(t, k.LastUsedAt.IsZero())

	s.TouchAccessKey(k.ID, t0.Add(time.Hour))
	s.TouchAccessKey(k.ID, t0) // older: ignored
	s.TouchAccessKey("unknown", t0)
	got, err := s.AccessKey(k.ID)
	require.NoError(t, err)
	assert.Equal(t, t0.Add(time.Hour), got.LastUsedAt)
}

func TestRootKeys(t *testing.T) {
	s := newTestStore(t, Options{MaxAccessKeysPerUser: 1})
	s.AddRootKey("ROOT1", "s1")
	s.AddRootKey("ROOT2", "s2")
	s.AddRootKey("ROOT1", "s1-new") // replaces

	k, err := s.AccessKey("ROOT1")
	require.NoError(t, err)
	assert.Equal(t, "s1-new", k.Secret)
	assert.True(t, k.Active)
	assert.Empty(t, k.UserID)

	roots, err := s.AccessKeys("")
	require.NoError(t, err)
	require.Len(t, roots, 2, "root keys are not limited per user")
	assert.Equal(t, "ROOT2", roots[0].ID)
	assert.Equal(t, "ROOT1", roots[1].ID)

	// A disabled root key stays disabled until re-added.
	_, err = s.UpdateAccessKey("ROOT2", func(k *AccessKey) error { k.Active = false; return nil })
	require.NoError(t, err)
	k, err = s.AccessKey("ROOT2")
	require.NoError(t, err)
	assert.False(t, k.Active)

	require.NoError(t, s.DeleteAccessKey("ROOT2"))
	roots, err = s.AccessKeys("")
	require.NoError(t, err)
	require.Len(t, roots, 1)
}

func TestSeenNonce(t *testing.T) {
	ttl := time.Minute
	tests := []struct {
		name string
		key  string
		at   time.Duration // after t0
		want bool
	}{
		{"first use", "K1", 0, false},
		{"replay", "K1", 10 * time.Second, true},
		{"same nonce, other key", "K2", 10 * time.Second, false},
		{"replay just inside the TTL", "K1", ttl - time.Second, true},
		{"forgotten after the TTL", "K1", ttl, false},
		{"replay of the fresh recording", "K1", ttl + time.Second, true},
	}
	s := newTestStore(t, Options{NonceTTL: ttl})
	for _, tc := range tests { // in order: each step depends on the ones before
		assert.Equal(t, tc.want, s.SeenNonce(tc.key, "n-1", t0.Add(tc.at)), tc.name)
	}
}

func TestSeenNoncePrunes(t *testing.T) {
	s := newTestStore(t, Options{}) // default TTL: 15 minutes
	for i := range 1000 {
		require.False(t, s.SeenNonce("K", fmt.Sprint(i), t0.Add(time.Duration(i)*time.Millisecond)))
	}
	assert.Equal(t, 1000, s.nonceCount())
	assert.True(t, s.SeenNonce("K", "999", t0.Add(14*time.Minute)))
	assert.Equal(t, 1000, s.nonceCount(), "nothing expired yet")

	later := t0.Add(20 * time.Minute)
	assert.False(t, s.SeenNonce("K", "0", later), "an expired nonce may be used again")
	assert.Equal(t, 1, s.nonceCount(), "expired nonces are pruned")
	s.mu.RLock()
	assert.LessOrEqual(t, len(s.nonceQueue)-s.nonceHead, 1)
	s.mu.RUnlock()
	assert.True(t, s.SeenNonce("K", "0", later.Add(time.Second)))
}

func TestConcurrentUse(t *testing.T) {
	s := New(Options{MaxAccessKeysPerUser: 3})
	s.AddRootKey("ROOT", "secret")
	const workers, perWorker = 8, 50
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				name := fmt.Sprintf("w%d-u%d", w, i)
				u, err := s.CreateUser(User{Name: name, Attrs: map[string]string{"w": fmt.Sprint(w)}})
				if !assert.NoError(t, err) {
					return
				}
				_, err = s.UpdateUser(u.ID, func(u *User) error { u.Attrs["i"] = fmt.Sprint(i); return nil })
				assert.NoError(t, err)
				k, err := s.CreateAccessKey(u.ID, "")
				assert.NoError(t, err)
				s.TouchAccessKey(k.ID, time.Now())
				s.TouchAccessKey("ROOT", time.Now())
				_, err = s.PutLoginProfile(u.ID, LoginProfile{Password: "pw"})
				assert.NoError(t, err)
				assert.False(t, s.SeenNonce("ROOT", name, time.Now()))
				// Readers run alongside writers.
				_, _, err = s.ListUsers("", 5, func(u *User) bool { return u.Attrs["w"] == fmt.Sprint(w) })
				assert.NoError(t, err)
				s.CountUsers(nil)
				s.HasDependents(u.ID)
				if i%2 == 1 {
					assert.NoError(t, s.DeleteUser(u.ID))
				}
			}
		}()
	}
	// A reader pages through the whole store while it changes.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 20 {
			cursor := ""
			for {
				page, next, err := s.ListUsers(cursor, 7, nil)
				if !assert.NoError(t, err) {
					return
				}
				for _, u := range page {
					_, _ = s.UserByID(u.ID)
				}
				if next == "" {
					break
				}
				cursor = next
			}
		}
	}()
	wg.Wait()

	want := workers * perWorker / 2
	assert.Equal(t, want, s.CountUsers(nil))
	got, _ := listAll(t, s, 9, nil)
	assert.Len(t, got, want)
	seen := map[string]bool{}
	for _, n := range got {
		assert.False(t, seen[n], "user %s listed twice", n)
		seen[n] = true
	}
}

func benchStore(b *testing.B, n int, deleteEvery int) *Store {
	b.Helper()
	i := 0
	s := New(Options{NewUserID: func() string { i++; return fmt.Sprint("id", i) }})
	var ids []string
	for j := range n {
		u, err := s.CreateUser(User{Name: fmt.Sprint("user", j)})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	if deleteEvery > 0 {
		for j := 0; j < n; j += deleteEvery {
			if err := s.DeleteUser(ids[j]); err != nil {
				b.Fatal(err)
			}
		}
	}
	return s
}

// BenchmarkListUsersPage measures one page of 100 users out of 100 000,
// walking the whole listing page by page (restarting at the end).
func BenchmarkListUsersPage(b *testing.B) {
	for _, bc := range []struct {
		name        string
		deleteEvery int
	}{{"all-live", 0}, {"every-3rd-deleted", 3}} {
		b.Run(bc.name, func(b *testing.B) {
			s := benchStore(b, 100000, bc.deleteEvery)
			cursor := ""
			b.ReportAllocs()
			for b.Loop() {
				page, next, err := s.ListUsers(cursor, 100, nil)
				if err != nil || len(page) == 0 {
					b.Fatal(err, len(page))
				}
				cursor = next
			}
		})
	}
}

// BenchmarkListUsersLastPage shows that a page deep in the listing costs what
// the first one does.
func BenchmarkListUsersLastPage(b *testing.B) {
	s := benchStore(b, 100000, 0)
	_, cursor, err := s.ListUsers("", 99900, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		page, _, err := s.ListUsers(cursor, 100, nil)
		if err != nil || len(page) != 100 {
			b.Fatal(err, len(page))
		}
	}
}

func BenchmarkCreateUser(b *testing.B) {
	s := New(Options{})
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		if _, err := s.CreateUser(User{Name: fmt.Sprint("user", i)}); err != nil {
			b.Fatal(err)
		}
	}
}
