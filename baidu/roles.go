package baidu

import (
	"context"
	"net/http"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Role is Baidu's RoleModel: an identity that trusted principals assume
// (STS AssumeRole, an instance role), with the policies attached to it.
type Role struct {
	// ID is the service's identifier for the role.
	ID string
	// Name is the role name; roles are addressed by name in every path.
	Name string
	// Description is the role's description.
	Description string
	// AssumeRolePolicyDocument is the trust policy: an ACL (JSON string)
	// whose entries grant "AssumeRole" on service "bce:iam" to grantees.
	AssumeRolePolicyDocument string
	// CreateTime is when the role was created.
	CreateTime time.Time
}

type roleWire struct {
	ID                       string   `json:"id"`
	Name                     string   `json:"name"`
	CreateTime               wireTime `json:"createTime"`
	Description              string   `json:"description"`
	AssumeRolePolicyDocument string   `json:"assumeRolePolicyDocument"`
}

func (w *roleWire) role() *Role {
	return &Role{ID: w.ID, Name: w.Name, Description: w.Description,
		AssumeRolePolicyDocument: w.AssumeRolePolicyDocument, CreateTime: w.CreateTime.Time()}
}

// RoleOutput is the answer of the calls that return one role (CreateRole,
// GetRole, UpdateRole).
type RoleOutput struct {
	// Role is the role as the service reports it.
	Role *Role
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// CreateRoleOutput is the answer of CreateRole.
type CreateRoleOutput = RoleOutput

// GetRoleOutput is the answer of GetRole.
type GetRoleOutput = RoleOutput

// UpdateRoleOutput is the answer of UpdateRole.
type UpdateRoleOutput = RoleOutput

func (c *Client) oneRole(ctx context.Context, cl call, w *roleWire) (*RoleOutput, error) {
	resp, err := c.do(ctx, cl, w)
	if err != nil {
		return nil, err
	}
	return &RoleOutput{Role: w.role(), RequestID: resp.RequestID}, nil
}

// CreateRoleInput is the input of CreateRole (POST /v1/role).
type CreateRoleInput struct {
	// Name is required. Baidu publishes no rule for role names; the name
	// must be usable in a path.
	Name string `json:"name"`
	// Description is optional; it is not sent when empty.
	Description string `json:"description,omitempty"`
	// AssumeRolePolicyDocument is the trust policy (a JSON ACL); required.
	AssumeRolePolicyDocument string `json:"assumeRolePolicyDocument"`
}

// CreateRole creates a role. It fails with ErrAlreadyExists when the name is
// taken. It is not retried once the server may have acted on it.
func (c *Client) CreateRole(ctx context.Context, in *CreateRoleInput) (*CreateRoleOutput, error) {
	const op = "CreateRole"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: Name and AssumeRolePolicyDocument are required")
	}
	if err := checkName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	if err := checkDocument(op, "AssumeRolePolicyDocument", in.AssumeRolePolicyDocument); err != nil {
		return nil, err
	}
	var w roleWire
	return c.oneRole(ctx, call{op: op, method: http.MethodPost, segs: []string{"role"}, in: in,
		expect: made("role", &w.ID, &w.Name)}, &w)
}

// GetRoleInput is the input of GetRole (GET /v1/role/{roleName}).
type GetRoleInput struct {
	// RoleName is the role to read; required.
	RoleName string
}

// GetRole returns the named role, or ErrNotFound.
func (c *Client) GetRole(ctx context.Context, in *GetRoleInput) (*GetRoleOutput, error) {
	const op = "GetRole"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: RoleName is required")
	}
	if err := checkName(op, "RoleName", in.RoleName); err != nil {
		return nil, err
	}
	var w roleWire
	return c.oneRole(ctx, call{op: op, method: http.MethodGet, segs: []string{"role", in.RoleName}, idempotent: true,
		expect: named("role", &w.Name)}, &w)
}

// UpdateRoleInput is the input of UpdateRole (PUT /v1/role/{roleName}). Nil
// fields are not sent and stay as they are.
type UpdateRoleInput struct {
	// RoleName is the role to update; required.
	RoleName string `json:"-"`
	// Description replaces the description; a pointer to "" clears it (the
	// official SDK always sends the description).
	Description *string `json:"description,omitempty"`
	// AssumeRolePolicyDocument replaces the trust policy (a JSON ACL).
	AssumeRolePolicyDocument *string `json:"assumeRolePolicyDocument,omitempty"`
}

// UpdateRole changes a role's description or trust policy and returns it as
// updated.
func (c *Client) UpdateRole(ctx context.Context, in *UpdateRoleInput) (*UpdateRoleOutput, error) {
	const op = "UpdateRole"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: RoleName is required")
	}
	if err := checkName(op, "RoleName", in.RoleName); err != nil {
		return nil, err
	}
	if in.AssumeRolePolicyDocument != nil {
		if err := checkDocument(op, "AssumeRolePolicyDocument", *in.AssumeRolePolicyDocument); err != nil {
			return nil, err
		}
	}
	var w roleWire
	return c.oneRole(ctx, call{op: op, method: http.MethodPut, segs: []string{"role", in.RoleName}, in: in, idempotent: true,
		expect: named("role", &w.Name)}, &w)
}

// DeleteRoleInput is the input of DeleteRole (DELETE /v1/role/{roleName}).
type DeleteRoleInput struct {
	// RoleName is the role to delete; required.
	RoleName string
}

// DeleteRoleOutput is the answer of DeleteRole.
type DeleteRoleOutput struct {
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// DeleteRole deletes the named role, or fails with ErrNotFound.
func (c *Client) DeleteRole(ctx context.Context, in *DeleteRoleInput) (*DeleteRoleOutput, error) {
	const op = "DeleteRole"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: RoleName is required")
	}
	if err := checkName(op, "RoleName", in.RoleName); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodDelete, segs: []string{"role", in.RoleName}, idempotent: true}, nil)
	if err != nil {
		return nil, err
	}
	return &DeleteRoleOutput{RequestID: resp.RequestID}, nil
}

// ListRolesInput is the input of ListRoles (GET /v1/role); it takes no
// parameters and may be nil.
type ListRolesInput struct{}

// ListRolesOutput is the answer of ListRoles.
type ListRolesOutput struct {
	// Roles is every role of the account, in the service's order.
	Roles []*Role
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// ListRoles returns every role of the account in one answer (not
// paginated).
func (c *Client) ListRoles(ctx context.Context, _ *ListRolesInput) (*ListRolesOutput, error) {
	const op = "ListRoles"
	var w struct {
		Roles []roleWire `json:"roles"`
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, segs: []string{"role"}, idempotent: true,
		expect: func([]byte) error {
			return checkList("roles", w.Roles, func(r *roleWire) error { return need("a role in the list", "name", r.Name) })
		}}, &w)
	if err != nil {
		return nil, err
	}
	out := &ListRolesOutput{Roles: make([]*Role, 0, len(w.Roles)), RequestID: resp.RequestID}
	for i := range w.Roles {
		out.Roles = append(out.Roles, w.Roles[i].role())
	}
	return out, nil
}
