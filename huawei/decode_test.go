package huawei

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return string(b)
}

// TestShowUserSeed001 decodes seed 001's example answer field by field,
// through the client.
func TestShowUserSeed001(t *testing.T) {
	m := newMock(t, reply{status: 200, body: readFile(t, "seed001_show_user.json"), header: map[string]string{"X-Request-Id": "rid-1"}})
	c := m.client(Config{DomainID: testDomainID})
	out, err := c.ShowUser(context.Background(), &ShowUserInput{UserID: "093f75808b8089ba1f6dc000c7cac"})
	require.NoError(t, err)
	u := out.User
	assert.Equal(t, "rid-1", out.RequestID)
	assert.Equal(t, PasswordStrengthStrong, u.PwdStrength)
	assert.Equal(t, time.Date(2020, 7, 8, 2, 19, 3, 0, time.UTC), u.CreateTime.Time)
	assert.Equal(t, "2020-07-08 02:19:03.0", u.CreateTime.Raw)
	assert.Equal(t, time.Date(2022, 10, 13, 7, 35, 12, 0, time.UTC), u.PwdCreateTime.Time)
	assert.Equal(t, "2022-10-13 07:35:12.0", u.PwdCreateTime.Raw)
	assert.Equal(t, time.Date(2022, 10, 13, 7, 35, 12, 0, time.UTC), u.ModifyPwdTime.Time)
	assert.True(t, u.LastLoginTime.IsZero(), "last_login_time null")
	assert.Empty(t, u.LastLoginTime.Raw)
	assert.Equal(t, "", u.AreaCode)
	assert.True(t, u.Enabled)
	assert.Equal(t, "086ba757f90089cf0fe5c000dbe7f...", u.DomainID)
	assert.Equal(t, "", u.XUserID)
	require.NotNil(t, u.PwdStatus)
	assert.False(t, *u.PwdStatus)
	assert.True(t, u.UpdateTime.IsZero(), "update_time null")
	assert.Equal(t, "-", u.Phone)
	assert.False(t, u.IsDomainOwner)
	assert.Equal(t, AccessModeDefault, u.AccessMode)
	assert.Equal(t, "autotest1", u.Name)
	require.NotNil(t, u.Links)
	assert.Equal(t, Links{Self: "https://iam.myhuaweicloud.com/v3.0/OS-USER/users/093f75808b8089ba1f6dc000c7cac..."}, *u.Links)
	assert.Equal(t, "093f75808b8089ba1f6dc000c7cac...", u.ID)
	assert.Equal(t, "", u.XUserType)
	assert.Equal(t, "", u.Email)
	assert.Equal(t, "aaa", u.Description)

	// The portable view: "-" is no phone; LastLoginAt zero.
	pu := toPortableUser(u)
	assert.Equal(t, "", pu.Phone)
	assert.True(t, pu.LastLoginAt.IsZero())
	assert.Equal(t, u.CreateTime.Time, pu.CreatedAt)
	var back *User
	require.True(t, pu.As(&back))
	assert.Same(t, u, back)
}

// TestShowUserSeed001RoundTrip re-encodes the decoded user and compares the
// JSON with the seed's, value for value.
func TestShowUserSeed001RoundTrip(t *testing.T) {
	var env userEnvelope
	require.NoError(t, json.Unmarshal([]byte(readFile(t, "seed001_show_user.json")), &env))
	got, err := json.Marshal(env.User)
	require.NoError(t, err)
	var want, have map[string]any
	require.NoError(t, json.Unmarshal([]byte(readFile(t, "seed001_show_user.json")), &want))
	require.NoError(t, json.Unmarshal(got, &have))
	for k, v := range want["user"].(map[string]any) {
		if k == "links" {
			continue // null links become ""
		}
		assert.Equal(t, v, have[k], "field %s", k)
	}
}

// TestListUsersSeed002 decodes seed 002's example answer field by field.
func TestListUsersSeed002(t *testing.T) {
	m := newMock(t, reply{status: 200, body: readFile(t, "seed002_list_users.json")})
	c := m.client(Config{DomainID: testDomainID})
	out, err := c.ListUsers(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, Links{Self: "https://iam.myhuaweicloud.eu/v3/users"}, out.Links)
	require.Len(t, out.Users, 2)
	a, b := out.Users[0], out.Users[1]
	assert.Equal(t, "d78cbac186b744899480f25bd02...", a.DomainID)
	assert.Equal(t, "IAMUserA", a.Name)
	assert.Equal(t, "IAMDescriptionA", a.Description)
	assert.True(t, a.PasswordExpiresAt.IsZero())
	assert.Equal(t, Links{Self: "https://iam.myhuaweicloud.eu/v3/users/07667db96a00265f1fc0c003a3..."}, a.Links)
	assert.Equal(t, "07667db96a00265f1fc0c003a...", a.ID)
	assert.True(t, a.Enabled)
	assert.Nil(t, a.PwdStatus)
	assert.Empty(t, a.LastProjectID)

	require.NotNil(t, b.PwdStatus)
	assert.True(t, *b.PwdStatus)
	assert.Equal(t, "d78cbac186b744899480f25bd02...", b.DomainID)
	assert.Equal(t, "065a7c66da0010992ff7c0031e5a...", b.LastProjectID)
	assert.Equal(t, "IAMUserB", b.Name)
	assert.Equal(t, "IAMDescriptionB", b.Description)
	assert.True(t, b.PasswordExpiresAt.IsZero())
	assert.Equal(t, "https://iam.myhuaweicloud.eu/v3/users/07609fb9358010e21f7bc003751c7...", b.Links.Self)
	assert.Equal(t, "07609fb9358010e21f7bc003751c7...", b.ID)
	assert.True(t, b.Enabled)
}

func TestListedUserOptionalFields(t *testing.T) {
	var u ListedUser
	require.NoError(t, json.Unmarshal([]byte(`{"id":"x","name":"n","password_expires_at":"2023-06-28T08:56:33.710000Z","pwd_strength":"high","access_mode":"programmatic"}`), &u))
	assert.Equal(t, time.Date(2023, 6, 28, 8, 56, 33, 710000000, time.UTC), u.PasswordExpiresAt.Time)
	assert.Equal(t, PasswordStrength("high"), u.PwdStrength)
	assert.Equal(t, AccessModeProgrammatic, u.AccessMode)
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2020-07-08 02:19:03.0", time.Date(2020, 7, 8, 2, 19, 3, 0, time.UTC), true},
		{"2020-07-08 02:19:03", time.Date(2020, 7, 8, 2, 19, 3, 0, time.UTC), true},
		{"2020-01-06T08:05:16.000000", time.Date(2020, 1, 6, 8, 5, 16, 0, time.UTC), true},
		{"2020-01-08T06:25:19.014028Z", time.Date(2020, 1, 8, 6, 25, 19, 14028000, time.UTC), true},
		{"2020-01-08T14:25:19+08:00", time.Date(2020, 1, 8, 6, 25, 19, 0, time.UTC), true},
		{"2016-12-08T22:02:00Z", time.Date(2016, 12, 8, 22, 2, 0, 0, time.UTC), true},
		{"yesterday", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseTime(tt.in)
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.True(t, tt.want.Equal(got), "%s: %v", tt.in, got)
	}
}

func TestTimeJSON(t *testing.T) {
	var v struct{ A, B, C, D Time }
	require.NoError(t, json.Unmarshal([]byte(`{"A":null,"B":"2020-07-08 02:19:03.0","C":"soon","D":12}`), &v))
	assert.True(t, v.A.IsZero())
	assert.Equal(t, "", v.A.Raw)
	assert.Equal(t, 2020, v.B.Year())
	assert.True(t, v.C.IsZero())
	assert.Equal(t, "soon", v.C.Raw)
	assert.Equal(t, "12", v.D.Raw)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":null,"B":"2020-07-08 02:19:03.0","C":"soon","D":"12"}`, string(b))
	b, err = json.Marshal(Time{Time: time.Date(2021, 1, 2, 3, 4, 5, 0, time.UTC)})
	require.NoError(t, err)
	assert.Equal(t, `"2021-01-02 03:04:05"`, string(b))
	assert.Equal(t, "2021-01-02T03:04:05Z", Time{Time: time.Date(2021, 1, 2, 3, 4, 5, 0, time.UTC)}.String())
}
