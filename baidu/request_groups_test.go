package baidu

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/signer"
)

const (
	groupJSON  = `{"id":"d3f6fd54fe3643459109ea0675c295a8","name":"test_group","createTime":"2019-06-06T08:18:34Z","description":""}`
	policyJSON = `{"description":"","createTime":"2019-06-06T09:13:50Z","document":"{\"id\":\"policy_d19f78b0595242b5a8c3419c09c81b40\",\"accessControlList\":[]}","type":"Custom","id":"d19f78b0595242b5a8c3419c09c81b40","name":"test_policy"}`
	roleJSON   = `{"id":"r-1","name":"test_role","createTime":"2019-06-06T08:18:34Z","description":"d","assumeRolePolicyDocument":"{}"}`
	entityJSON = `{"entities":[{"id":"u-1","name":"test_user","type":"UserPolicy","attachTime":"2019-06-06T08:18:34Z"}]}`
	aclDoc     = `{"accessControlList":[{"service":"bcc","region":"bj","effect":"Allow","permission":["READ"],"resource":["*"]}]}`
)

// TestGroupPolicyRequests asserts the exact request of every group, policy,
// role and account operation: method, path, query, body and the signed
// headers (the official SDK's: content-type;host;x-bce-date, plus
// content-length;content-md5 with a body), and that the signature verifies.
func TestGroupPolicyRequests(t *testing.T) {
	ctx := context.Background()
	type tc struct {
		name   string
		resp   string
		call   func(c *Client) (any, error)
		method string
		path   string
		query  string
		body   string // "" = no body
	}
	do := func(f func(c *Client) (any, error)) func(c *Client) (any, error) { return f }
	cases := []tc{
		{"CreateGroup", groupJSON, do(func(c *Client) (any, error) {
			return c.CreateGroup(ctx, &CreateGroupInput{Name: "test_group", Description: "g"})
		}), "POST", "/v1/group", "", `{"name":"test_group","description":"g"}`},
		{"CreateGroupNoDescription", groupJSON, do(func(c *Client) (any, error) {
			return c.CreateGroup(ctx, &CreateGroupInput{Name: "test_group"})
		}), "POST", "/v1/group", "", `{"name":"test_group","description":""}`},
		{"GetGroup", groupJSON, do(func(c *Client) (any, error) { return c.GetGroup(ctx, &GetGroupInput{GroupName: "test_group"}) }),
			"GET", "/v1/group/test_group", "", ""},
		{"UpdateGroup", groupJSON, do(func(c *Client) (any, error) {
			return c.UpdateGroup(ctx, &UpdateGroupInput{GroupName: "test_group", NewName: iam.Ptr("g2"), Description: iam.Ptr("d")})
		}), "PUT", "/v1/group/test_group", "", `{"name":"g2","description":"d"}`},
		{"UpdateGroupDescription", groupJSON, do(func(c *Client) (any, error) {
			return c.UpdateGroup(ctx, &UpdateGroupInput{GroupName: "test_group", Description: iam.Ptr("d")})
		}), "PUT", "/v1/group/test_group", "", `{"description":"d"}`},
		{"DeleteGroup", "", do(func(c *Client) (any, error) { return c.DeleteGroup(ctx, &DeleteGroupInput{GroupName: "test_group"}) }),
			"DELETE", "/v1/group/test_group", "", ""},
		{"ListGroups", `{"groups":[` + groupJSON + `]}`, do(func(c *Client) (any, error) { return c.ListGroups(ctx, nil) }),
			"GET", "/v1/group", "", ""},
		{"AddUserToGroup", "", do(func(c *Client) (any, error) {
			return c.AddUserToGroup(ctx, &AddUserToGroupInput{GroupName: "test_group", UserName: "test_user"})
		}), "PUT", "/v1/group/test_group/user/test_user", "", ""},
		{"RemoveUserFromGroup", "", do(func(c *Client) (any, error) {
			return c.RemoveUserFromGroup(ctx, &RemoveUserFromGroupInput{GroupName: "test_group", UserName: "test_user"})
		}), "DELETE", "/v1/group/test_group/user/test_user", "", ""},
		{"ListUsersInGroup", `{"users":[{"id":"u-1","name":"test_user","joinTime":"2019-06-06T08:18:34Z"}]}`, do(func(c *Client) (any, error) {
			return c.ListUsersInGroup(ctx, &ListUsersInGroupInput{GroupName: "test_group"})
		}), "GET", "/v1/group/test_group/user", "", ""},
		{"ListGroupsForUser", `{"groups":[` + groupJSON + `]}`, do(func(c *Client) (any, error) {
			return c.ListGroupsForUser(ctx, &ListGroupsForUserInput{UserName: "test_user"})
		}), "GET", "/v1/user/test_user/group", "", ""},

		{"CreatePolicy", policyJSON, do(func(c *Client) (any, error) {
			return c.CreatePolicy(ctx, &CreatePolicyInput{Name: "test_policy", Description: "p", Document: aclDoc})
		}), "POST", "/v1/policy", "", `{"name":"test_policy","description":"p","document":` + jsonString(aclDoc) + `}`},
		{"CreatePolicyNoDescription", policyJSON, do(func(c *Client) (any, error) {
			return c.CreatePolicy(ctx, &CreatePolicyInput{Name: "test_policy", Document: aclDoc})
		}), "POST", "/v1/policy", "", `{"name":"test_policy","document":` + jsonString(aclDoc) + `}`},
		{"GetPolicy", policyJSON, do(func(c *Client) (any, error) {
			return c.GetPolicy(ctx, &GetPolicyInput{PolicyName: "test_policy"})
		}), "GET", "/v1/policy/test_policy", "", ""},
		{"GetPolicySystem", policyJSON, do(func(c *Client) (any, error) {
			return c.GetPolicy(ctx, &GetPolicyInput{PolicyName: "CAReadAccessPolicy", PolicyType: PolicySystem})
		}), "GET", "/v1/policy/CAReadAccessPolicy", "policyType=System", ""},
		{"UpdatePolicy", policyJSON, do(func(c *Client) (any, error) {
			return c.UpdatePolicy(ctx, &UpdatePolicyInput{PolicyName: "test_policy", NewName: iam.Ptr("p2"), Description: iam.Ptr("d"), Document: iam.Ptr(aclDoc)})
		}), "POST", "/v1/policy/test_policy", "", `{"name":"p2","description":"d","document":` + jsonString(aclDoc) + `}`},
		{"UpdatePolicyDescription", policyJSON, do(func(c *Client) (any, error) {
			return c.UpdatePolicy(ctx, &UpdatePolicyInput{PolicyName: "test_policy", Description: iam.Ptr("d")})
		}), "POST", "/v1/policy/test_policy", "", `{"description":"d"}`},
		{"DeletePolicy", "", do(func(c *Client) (any, error) {
			return c.DeletePolicy(ctx, &DeletePolicyInput{PolicyName: "test_policy"})
		}),
			"DELETE", "/v1/policy/test_policy", "", ""},
		{"ListPolicies", `{"policies":[` + policyJSON + `]}`, do(func(c *Client) (any, error) { return c.ListPolicies(ctx, nil) }),
			"GET", "/v1/policy", "", ""},
		{"ListPoliciesFiltered", `{"policies":[]}`, do(func(c *Client) (any, error) {
			return c.ListPolicies(ctx, &ListPoliciesInput{PolicyType: PolicySystem, NameFilter: "Read Access"})
		}), "GET", "/v1/policy", "nameFilter=Read+Access&policyType=System", ""},
		{"AttachPolicyToUser", "", do(func(c *Client) (any, error) {
			return c.AttachPolicyToUser(ctx, &AttachPolicyToUserInput{UserName: "test_user", PolicyName: "CAReadAccessPolicy", PolicyType: PolicySystem})
		}), "PUT", "/v1/user/test_user/policy/CAReadAccessPolicy", "policyType=System", ""},
		{"AttachPolicyToUserDefault", "", do(func(c *Client) (any, error) {
			return c.AttachPolicyToUser(ctx, &AttachPolicyToUserInput{UserName: "test_user", PolicyName: "test_policy"})
		}), "PUT", "/v1/user/test_user/policy/test_policy", "", ""},
		{"DetachPolicyFromUser", "", do(func(c *Client) (any, error) {
			return c.DetachPolicyFromUser(ctx, &DetachPolicyFromUserInput{UserName: "test_user", PolicyName: "test_policy", PolicyType: PolicyCustom})
		}), "DELETE", "/v1/user/test_user/policy/test_policy", "policyType=Custom", ""},
		{"ListUserAttachedPolicies", `{"policies":[` + policyJSON + `]}`, do(func(c *Client) (any, error) {
			return c.ListUserAttachedPolicies(ctx, &ListUserAttachedPoliciesInput{UserName: "test_user"})
		}), "GET", "/v1/user/test_user/policy", "", ""},
		{"AttachPolicyToGroup", "", do(func(c *Client) (any, error) {
			return c.AttachPolicyToGroup(ctx, &AttachPolicyToGroupInput{GroupName: "test_group", PolicyName: "CAReadAccessPolicy", PolicyType: PolicySystem})
		}), "PUT", "/v1/group/test_group/policy/CAReadAccessPolicy", "policyType=System", ""},
		{"DetachPolicyFromGroup", "", do(func(c *Client) (any, error) {
			return c.DetachPolicyFromGroup(ctx, &DetachPolicyFromGroupInput{GroupName: "test_group", PolicyName: "CAReadAccessPolicy", PolicyType: PolicySystem})
		}), "DELETE", "/v1/group/test_group/policy/CAReadAccessPolicy", "policyType=System", ""},
		{"ListGroupAttachedPolicies", `{"policies":[]}`, do(func(c *Client) (any, error) {
			return c.ListGroupAttachedPolicies(ctx, &ListGroupAttachedPoliciesInput{GroupName: "test_group"})
		}), "GET", "/v1/group/test_group/policy", "", ""},
		{"AttachPolicyToRole", "", do(func(c *Client) (any, error) {
			return c.AttachPolicyToRole(ctx, &AttachPolicyToRoleInput{RoleName: "test_role", PolicyName: "test_policy", PolicyType: PolicyCustom})
		}), "PUT", "/v1/role/test_role/policy/test_policy", "policyType=Custom", ""},
		{"DetachPolicyFromRole", "", do(func(c *Client) (any, error) {
			return c.DetachPolicyFromRole(ctx, &DetachPolicyFromRoleInput{RoleName: "test_role", PolicyName: "test_policy"})
		}), "DELETE", "/v1/role/test_role/policy/test_policy", "", ""},
		{"ListRoleAttachedPolicies", `{"policies":[]}`, do(func(c *Client) (any, error) {
			return c.ListRoleAttachedPolicies(ctx, &ListRoleAttachedPoliciesInput{RoleName: "test_role"})
		}), "GET", "/v1/role/test_role/policy", "", ""},
		{"ListPolicyAttachedEntities", entityJSON, do(func(c *Client) (any, error) {
			return c.ListPolicyAttachedEntities(ctx, &ListPolicyAttachedEntitiesInput{PolicyID: "d19f78b0595242b5a8c3419c09c81b40"})
		}), "GET", "/v1/policy/d19f78b0595242b5a8c3419c09c81b40/entity", "", ""},
		{"ListPolicyGrantedEntities", entityJSON, do(func(c *Client) (any, error) {
			return c.ListPolicyGrantedEntities(ctx, &ListPolicyGrantedEntitiesInput{PolicyID: "d19f78b0595242b5a8c3419c09c81b40", GrantType: GrantGroup})
		}), "GET", "/v1/policy/d19f78b0595242b5a8c3419c09c81b40/grant/GroupPolicy", "", ""},

		{"CreateRole", roleJSON, do(func(c *Client) (any, error) {
			return c.CreateRole(ctx, &CreateRoleInput{Name: "test_role", AssumeRolePolicyDocument: `{"accessControlList":[]}`})
		}), "POST", "/v1/role", "", `{"name":"test_role","assumeRolePolicyDocument":"{\"accessControlList\":[]}"}`},
		{"GetRole", roleJSON, do(func(c *Client) (any, error) { return c.GetRole(ctx, &GetRoleInput{RoleName: "test_role"}) }),
			"GET", "/v1/role/test_role", "", ""},
		{"UpdateRole", roleJSON, do(func(c *Client) (any, error) {
			return c.UpdateRole(ctx, &UpdateRoleInput{RoleName: "test_role", Description: iam.Ptr("")})
		}), "PUT", "/v1/role/test_role", "", `{"description":""}`},
		{"DeleteRole", "", do(func(c *Client) (any, error) { return c.DeleteRole(ctx, &DeleteRoleInput{RoleName: "test_role"}) }),
			"DELETE", "/v1/role/test_role", "", ""},
		{"ListRoles", `{"roles":[` + roleJSON + `]}`, do(func(c *Client) (any, error) { return c.ListRoles(ctx, nil) }),
			"GET", "/v1/role", "", ""},
		{"GetAccountSummary", `{"accountId":"a","limitInfo":{"groupLimit":50},"countInfo":{"groupCount":1}}`,
			do(func(c *Client) (any, error) { return c.GetAccountSummary(ctx, nil) }), "GET", "/v1/account/summary", "", ""},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := newMocked(t, http.StatusOK, tt.resp, "x-bce-request-id", "rid-"+tt.name)
			out, err := tt.call(c)
			require.NoError(t, err)
			require.Equal(t, 1, rec.count())
			// Every output carries the request id of the answer.
			assert.Equal(t, "rid-"+tt.name, reflect.ValueOf(out).Elem().FieldByName("RequestID").String())
			r := rec.last(t)
			assert.Equal(t, tt.method, r.method)
			assert.Equal(t, tt.path, r.path)
			assert.Equal(t, tt.query, r.query)
			assert.Equal(t, "application/json;charset=utf-8", r.header.Get("Content-Type"))
			parts := strings.Split(r.header.Get("Authorization"), "/")
			require.Len(t, parts, 6)
			if tt.body == "" {
				assert.Empty(t, r.body)
				assert.Equal(t, "content-type;host;x-bce-date", parts[4])
			} else {
				assert.Equal(t, tt.body, string(r.body))
				assert.Equal(t, "content-length;content-md5;content-type;host;x-bce-date", parts[4])
			}
			_, err = signer.BCE{}.Verify(r.req, r.body, &signer.VerifyParams{
				Now: time.Date(2026, 11, 22, 10, 0, 1, 0, time.UTC),
				Lookup: func(id string) (signer.Credentials, bool) {
					return signer.Credentials{AccessKeyID: testAK, SecretAccessKey: testSK}, id == testAK
				}})
			assert.NoError(t, err)
		})
	}
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// TestGroupPolicyDecoding: the answers' fields reach the outputs, with the
// request id.
func TestGroupPolicyDecoding(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2019, 6, 6, 8, 18, 34, 0, time.UTC)

	c, _ := newMocked(t, http.StatusCreated, groupJSON, "x-bce-request-id", "rid-g")
	g, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "test_group"})
	require.NoError(t, err)
	assert.Equal(t, &CreateGroupOutput{Group: &Group{ID: "d3f6fd54fe3643459109ea0675c295a8", Name: "test_group", CreateTime: at}, RequestID: "rid-g"}, g)

	c, _ = newMocked(t, http.StatusOK, `{"users":[{"id":"u-1","name":"test_user","joinTime":"2019-06-06T08:18:34Z"}]}`, "x-bce-request-id", "rid-u")
	u, err := c.ListUsersInGroup(ctx, &ListUsersInGroupInput{GroupName: "g"})
	require.NoError(t, err)
	assert.Equal(t, "rid-u", u.RequestID)
	require.Len(t, u.Users, 1)
	assert.Equal(t, at, u.Users[0].JoinTime)

	c, _ = newMocked(t, http.StatusOK, `{"policies":[{"id":"p","name":"n","type":"System","createTime":"2019-06-06T08:18:34Z","attachTime":"2019-06-06T08:18:34Z","description":"d","document":"{}"}]}`,
		"x-bce-request-id", "rid-p")
	p, err := c.ListUserAttachedPolicies(ctx, &ListUserAttachedPoliciesInput{UserName: "u"})
	require.NoError(t, err)
	assert.Equal(t, &ListPoliciesOutput{Policies: []*Policy{{ID: "p", Name: "n", Type: PolicySystem, Description: "d", Document: "{}",
		CreateTime: at, AttachTime: at}}, RequestID: "rid-p"}, p)

	c, _ = newMocked(t, http.StatusOK, entityJSON, "x-bce-request-id", "rid-e")
	e, err := c.ListPolicyAttachedEntities(ctx, &ListPolicyAttachedEntitiesInput{PolicyID: "p"})
	require.NoError(t, err)
	assert.Equal(t, &ListPolicyEntitiesOutput{Entities: []*PolicyEntity{{ID: "u-1", Name: "test_user", Type: GrantUser, AttachTime: at}}, RequestID: "rid-e"}, e)

	c, _ = newMocked(t, http.StatusOK, roleJSON, "x-bce-request-id", "rid-r")
	r, err := c.GetRole(ctx, &GetRoleInput{RoleName: "test_role"})
	require.NoError(t, err)
	assert.Equal(t, &GetRoleOutput{Role: &Role{ID: "r-1", Name: "test_role", Description: "d", AssumeRolePolicyDocument: "{}", CreateTime: at}, RequestID: "rid-r"}, r)

	c, _ = newMocked(t, http.StatusOK, `{"accountId":"acct","limitInfo":{"userLimit":500,"groupLimit":50,"subUserOfGroupLimit":20,"groupMaxAttachPolicyLimit":5,"akskLimit":2},"countInfo":{"userCount":3,"policyCount":1,"groupCount":2}}`,
		"x-bce-request-id", "rid-a")
	a, err := c.GetAccountSummary(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, &GetAccountSummaryOutput{AccountID: "acct", Limits: AccountLimits{Users: 500, Groups: 50, UsersPerGroup: 20, PoliciesPerGroup: 5, AccessKeys: 2},
		Counts: AccountCounts{Users: 3, Policies: 1, Groups: 2}, RequestID: "rid-a"}, a)

	// A list answer without its array is not an empty list.
	for _, tt := range []struct {
		name string
		call func(c *Client) error
	}{
		{"ListGroups", func(c *Client) error { _, err := c.ListGroups(ctx, nil); return err }},
		{"ListGroupsForUser", func(c *Client) error {
			_, err := c.ListGroupsForUser(ctx, &ListGroupsForUserInput{UserName: "u"})
			return err
		}},
		{"ListUsersInGroup", func(c *Client) error {
			_, err := c.ListUsersInGroup(ctx, &ListUsersInGroupInput{GroupName: "g"})
			return err
		}},
		{"ListPolicies", func(c *Client) error { _, err := c.ListPolicies(ctx, nil); return err }},
		{"ListPolicyAttachedEntities", func(c *Client) error {
			_, err := c.ListPolicyAttachedEntities(ctx, &ListPolicyAttachedEntitiesInput{PolicyID: "p"})
			return err
		}},
		{"ListRoles", func(c *Client) error { _, err := c.ListRoles(ctx, nil); return err }},
		{"GetAccountSummary", func(c *Client) error { _, err := c.GetAccountSummary(ctx, nil); return err }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newMocked(t, http.StatusOK, `{}`)
			assert.ErrorIs(t, tt.call(c), iam.ErrInvalidResponse)
		})
	}
}

// TestGroupPolicyRetries: joins and attaches are not repeated once the
// server may have acted (a repeat would be refused as a duplicate), so a
// 500 is ErrOutcomeUnknown after one attempt; removals and detaches, reads
// and updates are repeated.
func TestGroupPolicyRetries(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name     string
		call     func(c *Client) error
		attempts int
	}{
		{"AddUserToGroup", func(c *Client) error {
			_, err := c.AddUserToGroup(ctx, &AddUserToGroupInput{GroupName: "g", UserName: "u"})
			return err
		}, 1},
		{"AttachPolicyToGroup", func(c *Client) error {
			_, err := c.AttachPolicyToGroup(ctx, &AttachPolicyToGroupInput{GroupName: "g", PolicyName: "p"})
			return err
		}, 1},
		{"AttachPolicyToUser", func(c *Client) error {
			_, err := c.AttachPolicyToUser(ctx, &AttachPolicyToUserInput{UserName: "u", PolicyName: "p"})
			return err
		}, 1},
		{"CreateGroup", func(c *Client) error { _, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "g"}); return err }, 1},
		{"CreatePolicy", func(c *Client) error {
			_, err := c.CreatePolicy(ctx, &CreatePolicyInput{Name: "p", Document: aclDoc})
			return err
		}, 1},
		{"RemoveUserFromGroup", func(c *Client) error {
			_, err := c.RemoveUserFromGroup(ctx, &RemoveUserFromGroupInput{GroupName: "g", UserName: "u"})
			return err
		}, 3},
		{"DetachPolicyFromGroup", func(c *Client) error {
			_, err := c.DetachPolicyFromGroup(ctx, &DetachPolicyFromGroupInput{GroupName: "g", PolicyName: "p"})
			return err
		}, 3},
		{"ListGroups", func(c *Client) error { _, err := c.ListGroups(ctx, nil); return err }, 3},
		{"UpdateGroup", func(c *Client) error {
			_, err := c.UpdateGroup(ctx, &UpdateGroupInput{GroupName: "g", Description: iam.Ptr("d")})
			return err
		}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := newSequenced(t, nil, reply{status: http.StatusInternalServerError, body: `{"code":"InternalError","message":"boom"}`})
			err := tt.call(c)
			require.Error(t, err)
			assert.Equal(t, tt.attempts, rec.count())
			if tt.attempts == 1 {
				assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
			}
		})
	}
}
