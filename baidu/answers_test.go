package baidu

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// TestAnswersChecked: every JSON answer goes through the transport's
// DoJSON with what the call must return declared, so a 2xx answer that
// cannot be used is ErrInvalidResponse, never a zero value, and, after a
// request that creates or changes something without being repeatable,
// ErrOutcomeUnknown as well (the cloud acted; its answer is lost).
func TestAnswersChecked(t *testing.T) {
	ctx := context.Background()
	pw := iam.NewSecret("Pa55-word!x")
	createUser := func(c *Client) error {
		_, err := c.CreateUser(ctx, &CreateUserInput{Name: "u"})
		return err
	}
	getUser := func(c *Client) error { _, err := c.GetUser(ctx, &GetUserInput{UserName: "u"}); return err }
	describe := func(c *Client) error {
		_, err := c.UpdateUser(ctx, &UpdateUserInput{UserName: "u", Description: iam.Ptr("d")})
		return err
	}
	rename := func(c *Client) error {
		_, err := c.UpdateUser(ctx, &UpdateUserInput{UserName: "old", NewName: iam.Ptr("u")})
		return err
	}
	listUsers := func(c *Client) error { _, err := c.ListUsers(ctx, nil); return err }
	allUsers := func(c *Client) error {
		for _, err := range c.AllUsers(ctx, nil) {
			if err != nil {
				return err
			}
		}
		return nil
	}
	createKey := func(c *Client) error {
		_, err := c.CreateAccessKey(ctx, &CreateAccessKeyInput{UserName: "u"})
		return err
	}
	listKeys := func(c *Client) error {
		_, err := c.ListAccessKeys(ctx, &ListAccessKeysInput{UserName: "u"})
		return err
	}
	setProfile := func(c *Client) error {
		_, err := c.UpdateLoginProfile(ctx, &UpdateLoginProfileInput{UserName: "u", Password: pw})
		return err
	}
	deleteUser := func(c *Client) error { _, err := c.DeleteUser(ctx, &DeleteUserInput{UserName: "u"}); return err }
	join := func(c *Client) error {
		_, err := c.AddUserToGroup(ctx, &AddUserToGroupInput{GroupName: "g", UserName: "u"})
		return err
	}
	createGroup := func(c *Client) error { _, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "g"}); return err }
	getGroup := func(c *Client) error { _, err := c.GetGroup(ctx, &GetGroupInput{GroupName: "g"}); return err }
	renameGroup := func(c *Client) error {
		_, err := c.UpdateGroup(ctx, &UpdateGroupInput{GroupName: "g", NewName: iam.Ptr("h")})
		return err
	}
	listGroups := func(c *Client) error { _, err := c.ListGroups(ctx, nil); return err }
	members := func(c *Client) error {
		_, err := c.ListUsersInGroup(ctx, &ListUsersInGroupInput{GroupName: "g"})
		return err
	}
	createPolicy := func(c *Client) error {
		_, err := c.CreatePolicy(ctx, &CreatePolicyInput{Name: "p", Document: `{"accessControlList":[]}`})
		return err
	}
	getPolicy := func(c *Client) error { _, err := c.GetPolicy(ctx, &GetPolicyInput{PolicyName: "p"}); return err }
	listPolicies := func(c *Client) error { _, err := c.ListPolicies(ctx, nil); return err }
	entities := func(c *Client) error {
		_, err := c.ListPolicyAttachedEntities(ctx, &ListPolicyAttachedEntitiesInput{PolicyID: "p1"})
		return err
	}
	createRole := func(c *Client) error {
		_, err := c.CreateRole(ctx, &CreateRoleInput{Name: "r", AssumeRolePolicyDocument: `{"accessControlList":[]}`})
		return err
	}
	listRoles := func(c *Client) error { _, err := c.ListRoles(ctx, nil); return err }

	const ok, invalid, unknown = 0, 1, 2
	for _, tt := range []struct {
		name   string
		call   func(*Client) error
		status int
		body   string
		want   int
	}{
		{"CreateUser/complete", createUser, 201, `{"id":"1","name":"u"}`, ok},
		{"CreateUser/no id", createUser, 201, `{"name":"u"}`, unknown},
		{"CreateUser/no name", createUser, 201, `{"id":"1"}`, unknown},
		{"CreateUser/empty object", createUser, 201, `{}`, unknown},
		{"CreateUser/204", createUser, 204, ``, unknown},
		{"CreateUser/empty 200", createUser, 200, ``, unknown},
		{"CreateUser/html", createUser, 200, `<html>ok</html>`, unknown},
		{"CreateUser/byte-order mark", createUser, 201, "\xef\xbb\xbf" + `{"id":"1","name":"u"}`, unknown},
		{"GetUser/no name", getUser, 200, `{"id":"1"}`, invalid},
		{"GetUser/empty object", getUser, 200, `{}`, invalid},
		{"UpdateUser/no name", describe, 200, `{"id":"1"}`, invalid},
		{"UpdateUser/rename, html", rename, 200, `<html>ok</html>`, unknown},
		{"ListUsers/user without name", listUsers, 200, `{"users":[{"id":"1","name":"a"},{"id":"2"}]}`, invalid},
		{"ListUsers/user without id", listUsers, 200, `{"users":[{"name":"a"}]}`, invalid},
		{"ListUsers/empty", listUsers, 200, `{"users":[]}`, ok},
		{"AllUsers/user without name", allUsers, 200, `{"users":[{"id":"1","name":"a"},{"id":"2","name":""}]}`, invalid},
		{"AllUsers/user without id", allUsers, 200, `{"users":[{"name":"a"}]}`, invalid},
		{"CreateAccessKey/complete", createKey, 200, `{"id":"AK","secret":"SK-0123456789"}`, ok},
		{"CreateAccessKey/no secret", createKey, 200, `{"id":"AK","enabled":true}`, unknown},
		{"CreateAccessKey/no id", createKey, 200, `{"secret":"SK-0123456789"}`, unknown},
		{"CreateAccessKey/204", createKey, 204, ``, unknown},
		{"ListAccessKeys/no array", listKeys, 200, `{}`, invalid},
		{"ListAccessKeys/key without id", listKeys, 200, `{"accessKeys":[{"enabled":true}]}`, invalid},
		{"ListAccessKeys/empty", listKeys, 200, `{"accessKeys":[]}`, ok},
		{"UpdateLoginProfile/html", setProfile, 200, `<html>ok</html>`, unknown},
		{"UpdateLoginProfile/204", setProfile, 204, ``, unknown},
		{"DeleteUser/no body", deleteUser, 200, ``, ok},
		{"DeleteUser/json", deleteUser, 200, `{}`, ok},
		{"DeleteUser/html", deleteUser, 200, `<html>ok</html>`, invalid},
		{"AddUserToGroup/html", join, 200, `<html>ok</html>`, unknown},
		{"CreateGroup/no id", createGroup, 201, `{"name":"g"}`, unknown},
		{"GetGroup/no name", getGroup, 200, `{"id":"g1"}`, invalid},
		{"UpdateGroup/rename, no name", renameGroup, 200, `{"id":"g1"}`, unknown},
		{"ListGroups/group without name", listGroups, 200, `{"groups":[{"id":"g1"}]}`, invalid},
		{"ListUsersInGroup/user without name", members, 200, `{"users":[{"id":"1"}]}`, invalid},
		{"CreatePolicy/no id", createPolicy, 201, `{"name":"p"}`, unknown},
		{"GetPolicy/no name", getPolicy, 200, `{"id":"p1"}`, invalid},
		{"ListPolicies/policy without name", listPolicies, 200, `{"policies":[{"id":"p1"}]}`, invalid},
		{"ListPolicyAttachedEntities/entity without name", entities, 200, `{"entities":[{"id":"1","type":"UserPolicy"}]}`, invalid},
		{"CreateRole/no name", createRole, 201, `{"id":"r1"}`, unknown},
		{"ListRoles/role without name", listRoles, 200, `{"roles":[{"id":"r1"}]}`, invalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := newMocked(t, tt.status, tt.body, "x-bce-request-id", "rid-1")
			err := tt.call(c)
			assert.Equal(t, 1, rec.count(), "one request")
			if tt.want == ok {
				require.NoError(t, err)
				return
			}
			var e *iam.Error
			require.ErrorAs(t, err, &e)
			assert.ErrorIs(t, err, iam.ErrInvalidResponse)
			assert.Equal(t, tt.want == unknown, errors.Is(err, iam.ErrOutcomeUnknown), "outcome unknown: %v", err)
			assert.Equal(t, tt.status, e.StatusCode)
			assert.Equal(t, "rid-1", e.RequestID)
			assert.NotContains(t, fmt.Sprintf("%v %+v", err, err), "<html>", "the answer is not quoted")
		})
	}
}

// TestPasswordEchoScrubbed: Baidu quotes a refused password in its
// message; the error keeps the message, the user's name, and not the
// password, in every form.
func TestPasswordEchoScrubbed(t *testing.T) {
	const pw = "Pa55-word!x-echo"
	c, _ := newMocked(t, 400, `{"code":"InvalidParameterValue","message":"The password `+pw+` of user u_1 is too weak","requestId":"r"}`)
	_, err := c.UpdateLoginProfile(context.Background(), &UpdateLoginProfileInput{UserName: "u_1", Password: iam.NewSecret(pw)})
	require.Error(t, err)
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.NotErrorIs(t, err, iam.ErrOutcomeUnknown, "a plain refusal: nothing happened")
	text := fmtAll(err)
	assert.NotContains(t, text, pw)
	assert.Contains(t, text, "of user u_1 is too weak")
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusBadRequest, e.StatusCode)
}
