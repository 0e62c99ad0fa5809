package huawei

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

func TestPolicyDocumentJSON(t *testing.T) {
	const in = `{"Version":"1.1","Statement":[{"Action":["obs:*:*"],"Effect":"Allow",
		"Condition":{"StringEquals":{"g:ProjectName":"cn-north-4","obs:prefix":["a","b"]},"Bool":{"g:MFAPresent":true}},
		"Resource":["obs:*:*:bucket:*"]},
		{"Action":["iam:agencies:assume"],"Effect":"Deny","Resource":{"uri":["/iam/agencies/a1"]}}],
		"Depends":[{"catalog":"BASE","display_name":"Tenant Guest"}]}`
	var d PolicyDocument
	require.NoError(t, json.Unmarshal([]byte(in), &d))
	assert.Equal(t, "1.1", d.Version)
	require.Len(t, d.Statement, 2)
	assert.Equal(t, PolicyCondition{
		"StringEquals": {"g:ProjectName": {"cn-north-4"}, "obs:prefix": {"a", "b"}},
		"Bool":         {"g:MFAPresent": {"true"}},
	}, d.Statement[0].Condition, "single values read as one-value lists")
	assert.Equal(t, &PolicyResource{URNs: []string{"obs:*:*:bucket:*"}}, d.Statement[0].Resource)
	assert.Equal(t, &PolicyResource{URI: []string{"/iam/agencies/a1"}}, d.Statement[1].Resource)
	assert.Equal(t, EffectDeny, d.Statement[1].Effect)
	assert.Equal(t, []*PolicyDepends{{Catalog: "BASE", DisplayName: "Tenant Guest"}}, d.Depends)
	assert.JSONEq(t, in, string(d.Raw), "Raw keeps the document")

	// Raw is written (compacted) in place of the fields.
	out, err := json.Marshal(&d)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "\n")
	assert.JSONEq(t, in, string(out))

	// Without Raw the fields are written; a nil statement list is [].
	out, err = json.Marshal(PolicyDocument{Version: "1.1"})
	require.NoError(t, err)
	assert.Equal(t, `{"Version":"1.1","Statement":[]}`, string(out))
	out, err = json.Marshal(PolicyResource{})
	require.NoError(t, err)
	assert.Equal(t, `[]`, string(out))

	// A document of unexpected shape keeps Raw only, and never fails an answer.
	var odd PolicyDocument
	require.NoError(t, json.Unmarshal([]byte(`{"Version":1,"Statement":"x"}`), &odd))
	assert.Empty(t, odd.Version)
	assert.Equal(t, `{"Version":1,"Statement":"x"}`, string(odd.Raw))
	var r Role
	require.NoError(t, json.Unmarshal([]byte(`{"id":"r","type":"AA","policy":{"Statement":{"odd":true}},"created_time":"1579229246886"}`), &r))
	assert.Equal(t, time.UnixMilli(1579229246886).UTC(), r.CreatedTime.Time)
	assert.Equal(t, "1579229246886", r.CreatedTime.Raw)
}

func TestRoleTypesAndTimes(t *testing.T) {
	for _, tc := range []struct {
		t                   RoleType
		onDomain, onProject bool
	}{{RoleTypeAX, true, false}, {RoleTypeXA, false, true}, {RoleTypeAA, true, true}, {RoleTypeXX, false, false}, {"", false, false}} {
		assert.Equal(t, tc.onDomain, tc.t.OnDomain(), tc.t)
		assert.Equal(t, tc.onProject, tc.t.OnProject(), tc.t)
	}
	assert.True(t, (&Role{DomainID: "d"}).Custom())
	assert.True(t, (&Role{Flag: FlagFineGrained}).SystemPolicy())
	assert.Equal(t, time.Date(2020, 1, 14, 2, 33, 28, 707e6, time.UTC), UnixMillis(1578969208707).Time())
	assert.True(t, UnixMillis(0).Time().IsZero())
	var g Group
	require.NoError(t, json.Unmarshal([]byte(`{"id":"g","create_time":1578969208707,"links":{"self":"s"}}`), &g))
	assert.Equal(t, UnixMillis(1578969208707), g.CreateTime)
	tm, ok := ParseTime("1578969208707")
	assert.True(t, ok)
	assert.Equal(t, 2020, tm.Year())
	_, ok = ParseTime("157896920870")
	assert.False(t, ok, "twelve digits are no timestamp")
}

func TestCustomPolicyType(t *testing.T) {
	for doc, want := range map[string]RoleType{
		`{"Statement":[{"Action":["obs:bucket:ListAllMyBuckets"]}]}`:                     RoleTypeAX,
		`{"Statement":[{"Action":["IAM:users:get*","OBS:*:*"]}]}`:                        RoleTypeAX,
		`{"Statement":[{"Action":["obs:*:*"]},{"Action":["ecs:*:get*"]}]}`:               RoleTypeXA,
		`{"Statement":[{"Action":["*:*:*"]}]}`:                                           RoleTypeXA,
		`{"Statement":[]}`:                                                               RoleTypeXA,
		`{"Statement":[{"Action":["cdn:*:*","tms:*:*","eps:*:*","bss:*:*","rms:*:*"]}]}`: RoleTypeAX,
	} {
		var d PolicyDocument
		require.NoError(t, json.Unmarshal([]byte(doc), &d))
		assert.Equal(t, want, customPolicyType(&d), doc)
	}
}

// TestChecksReadNotFoundAsFalse: a HEAD answered 404 is "no", other
// failures are errors.
func TestChecksReadNotFoundAsFalse(t *testing.T) {
	ctx := context.Background()
	m := newMock(t, reply{status: 404, body: ``, header: map[string]string{"X-Request-Id": "rid-404"}})
	out, err := m.client(Config{DomainID: testDomainID}).CheckUserInGroup(ctx, &CheckUserInGroupInput{GroupID: testGroupID, UserID: testUserID})
	require.NoError(t, err)
	assert.False(t, out.Member)
	assert.Equal(t, "rid-404", out.RequestID)

	m = newMock(t, reply{status: 204, header: map[string]string{"X-Request-Id": "rid-204"}})
	g, err := m.client(Config{DomainID: testDomainID}).CheckDomainPermissionForGroup(ctx, &DomainGroupPermissionInput{GroupID: testGroupID, RoleID: testRoleID})
	require.NoError(t, err)
	assert.True(t, g.Granted)
	assert.Equal(t, "rid-204", g.RequestID)

	m = newMock(t, reply{status: 403})
	_, err = m.client(Config{DomainID: testDomainID}).CheckProjectPermissionForGroup(ctx, &ProjectGroupPermissionInput{ProjectID: testProjectID, GroupID: testGroupID, RoleID: testRoleID})
	assert.ErrorIs(t, err, iam.ErrPermissionDenied)
}

// TestPagedIterators: the All* iterators of paged lists ask for page after
// page until a short page, the reported total, or a page that repeats an
// earlier one (an API that ignores the page parameter), and a failure
// ends them.
func TestPagedIterators(t *testing.T) {
	ctx := context.Background()
	roles := func(ids ...string) reply {
		var rs []string
		for _, id := range ids {
			rs = append(rs, `{"id":"`+id+`","name":"n_`+id+`","display_name":"R `+id+`","type":"AA","policy":{"Version":"1.0","Statement":[]}}`)
		}
		return reply{status: 200, body: `{"roles":[` + strings.Join(rs, ",") + `]}`}
	}
	// A short page ends the list.
	m := newMock(t, roles("a", "b"), roles("c"))
	var got []string
	for r, err := range m.client(Config{DomainID: testDomainID}).AllPermissions(ctx, &ListPermissionsInput{PerPage: 2, Type: RoleFilterAll}) {
		require.NoError(t, err)
		got = append(got, r.ID)
	}
	assert.Equal(t, []string{"a", "b", "c"}, got)
	reqs := m.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, testEndpoint+"/v3/roles?page=1&per_page=2&type=all", reqs[0].URL)
	assert.Equal(t, testEndpoint+"/v3/roles?page=2&per_page=2&type=all", reqs[1].URL)

	// A page that repeats the first ends the list (no endless loop).
	m = newMock(t, roles("a", "b"), roles("a", "b"))
	got = nil
	for r, err := range m.client(Config{DomainID: testDomainID}).AllPermissions(ctx, &ListPermissionsInput{PerPage: 2}) {
		require.NoError(t, err)
		got = append(got, r.ID)
	}
	assert.Equal(t, []string{"a", "b"}, got)
	assert.Len(t, m.requests(), 2)

	// The total ends the custom policies without asking for an empty page.
	m = newMock(t, reply{status: 200, body: `{"roles":[{"id":"x","display_name":"X"},{"id":"y","display_name":"Y"}],"total_number":2}`})
	n := 0
	for _, err := range m.client(Config{DomainID: testDomainID}).AllCustomPolicies(ctx, &ListCustomPoliciesInput{PerPage: 2}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
	assert.Len(t, m.requests(), 1)

	// Role assignments stop at total_num; a failure is yielded last.
	recs := func(n int) string {
		var rs []string
		for i := range n {
			rs = append(rs, fmt.Sprintf(`{"group":{"id":"g%d"},"role":{"id":"r"},"scope":{"domain":{"id":"d"}}}`, i))
		}
		return strings.Join(rs, ",")
	}
	m = newMock(t, reply{status: 200, body: `{"total_num":3,"role_assignments":[` + recs(2) + `]}`},
		reply{status: 500, body: `{"error_code":"IAM.0006","error_msg":"boom"}`})
	n = 0
	var last error
	for _, err := range m.client(Config{DomainID: testDomainID}).AllRoleAssignments(ctx, &ShowDomainRoleAssignmentsInput{PerPage: 2}) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	assert.Equal(t, 2, n)
	assert.ErrorIs(t, last, iam.ErrUnavailable)

	// Unpaged projects are read as they arrive, in one request.
	m = newMock(t, reply{status: 200, body: `{"projects":[{"id":"p1","name":"cn-north-4"},{"id":"p2","name":"cn-east-3"}],"links":{}}`})
	n = 0
	for p, err := range m.client(Config{DomainID: testDomainID}).AllProjects(ctx, nil) {
		require.NoError(t, err)
		assert.NotEmpty(t, p.Name)
		n++
	}
	assert.Equal(t, 2, n)
	assert.Len(t, m.requests(), 1)
}

// TestAnswersWithoutWhatTheyMustHold: a success answer without the object
// or array the call returns is ErrInvalidResponse.
func TestAnswersWithoutWhatTheyMustHold(t *testing.T) {
	ctx := context.Background()
	for name, call := range map[string]func(c *Client) error{
		"CreateGroup": func(c *Client) error { _, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "n"}); return err },
		"ListGroups":  func(c *Client) error { _, err := c.ListGroups(ctx, nil); return err },
		"ShowPermission": func(c *Client) error {
			_, err := c.ShowPermission(ctx, &ShowPermissionInput{RoleID: testRoleID})
			return err
		},
		"CreateCloudServiceCustomPolicy": func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX,
				Policy: &PolicyDocument{Version: PolicyVersion, Statement: []*PolicyStatement{{Action: []string{"obs:*:*"}, Effect: EffectAllow}}}})
			return err
		},
		"ListDomainPermissionsForGroup": func(c *Client) error {
			_, err := c.ListDomainPermissionsForGroup(ctx, &ListDomainPermissionsForGroupInput{GroupID: testGroupID})
			return err
		},
		"ShowDomainRoleAssignments": func(c *Client) error { _, err := c.ShowDomainRoleAssignments(ctx, nil); return err },
		"ListProjects":              func(c *Client) error { _, err := c.ListProjects(ctx, nil); return err },
		"ListEnterpriseProjectsForGroup": func(c *Client) error {
			_, err := c.ListEnterpriseProjectsForGroup(ctx, &ListEnterpriseProjectsForGroupInput{GroupID: testGroupID})
			return err
		},
	} {
		m := newMock(t, reply{status: 200, body: `{}`})
		err := call(m.client(Config{DomainID: testDomainID}))
		assert.ErrorIs(t, err, iam.ErrInvalidResponse, name)
	}
}

func TestQuotaMessages(t *testing.T) {
	for msg, want := range map[string]bool{
		"The number of user groups has reached the maximum allowed limit.": true,
		"Quota exceeded for groups":                                        true,
		"Invalid input for field 'name'.":                                  false,
	} {
		assert.Equal(t, want, quotaMessage(msg), msg)
	}
	m := newMock(t, reply{status: 400, body: `{"error":{"code":400,"message":"The number of user groups has reached the maximum allowed limit.","title":"Bad Request"}}`})
	_, err := m.client(Config{DomainID: testDomainID}).CreateGroup(context.Background(), &CreateGroupInput{Name: "n"})
	assert.ErrorIs(t, err, iam.ErrLimitExceeded)
	m = newMock(t, reply{status: 400, body: `{"error":{"code":400,"message":"Invalid input for field 'name'.","title":"Bad Request"}}`})
	_, err = m.client(Config{DomainID: testDomainID}).CreateGroup(context.Background(), &CreateGroupInput{Name: "n"})
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
}
