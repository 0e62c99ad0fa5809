package baidu

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// PolicyType is Baidu's policyType: a system policy Baidu defines or a
// custom policy of the account.
type PolicyType string

// The policy types. Where a call takes a policyType and none is given,
// Baidu uses PolicyCustom.
const (
	// PolicySystem is a built-in policy, managed by Baidu; it cannot be
	// changed or deleted.
	PolicySystem PolicyType = "System"
	// PolicyCustom is a policy the account created.
	PolicyCustom PolicyType = "Custom"
)

// checkPolicyType accepts "" (the service's default, Custom), System and Custom.
func checkPolicyType(op, field string, t PolicyType) error {
	if t != "" && t != PolicySystem && t != PolicyCustom {
		return iam.InvalidArgument(Scheme, op, field, `must be "System", "Custom" or "" (Custom)`)
	}
	return nil
}

// Policy is Baidu's PolicyModel: a permission policy whose document is an
// ACL in Baidu's format.
type Policy struct {
	// ID is the service's identifier for the policy; ListPolicyAttachedEntities
	// and ListPolicyGrantedEntities address a policy by it.
	ID string
	// Name is the policy name; other calls address a policy by name (and
	// type).
	Name string
	// Type is PolicySystem or PolicyCustom.
	Type PolicyType
	// Description is the policy's description.
	Description string
	// Document is the ACL as a JSON string, as the service stores it: Baidu
	// rewrites a custom policy's document (it adds "id", and may reorder
	// keys or add "eid"), so it need not equal the document sent.
	Document string
	// CreateTime is when the policy was created.
	CreateTime time.Time
	// AttachTime is when the policy was attached; set only in the lists of
	// attached policies (ListUserAttachedPolicies, ...).
	AttachTime time.Time
}

type policyWire struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	CreateTime  wireTime `json:"createTime"`
	AttachTime  wireTime `json:"attachTime"`
	Description string   `json:"description"`
	Document    string   `json:"document"`
}

// check checks a policy of a list: Baidu sends every policy with its name.
func (w *policyWire) check() error { return need("a policy in the list", "name", w.Name) }

func (w *policyWire) policy() *Policy {
	return &Policy{ID: w.ID, Name: w.Name, Type: PolicyType(w.Type), Description: w.Description, Document: w.Document,
		CreateTime: w.CreateTime.Time(), AttachTime: w.AttachTime.Time()}
}

// checkDocument requires a JSON document (Baidu's policy documents are ACLs
// serialised as JSON; the service judges their content).
func checkDocument(op, field, doc string) error {
	if doc == "" {
		return iam.InvalidArgument(Scheme, op, field, "is required")
	}
	if !json.Valid([]byte(doc)) {
		return iam.InvalidArgument(Scheme, op, field, "must be a JSON document (an ACL in Baidu's format)")
	}
	return nil
}

// CreatePolicyInput is the input of CreatePolicy (POST /v1/policy).
type CreatePolicyInput struct {
	// Name is required: at most 64 characters (MaxPolicyNameLength).
	Name string `json:"name"`
	// Description is optional; it is not sent when empty.
	Description string `json:"description,omitempty"`
	// Document is the ACL, a JSON string such as
	// {"accessControlList":[{"service":"bcc","region":"bj","effect":"Allow","permission":["READ"],"resource":["*"]}]};
	// required.
	Document string `json:"document"`
}

// PolicyOutput is the answer of the calls that return one policy
// (CreatePolicy, GetPolicy, UpdatePolicy).
type PolicyOutput struct {
	// Policy is the policy as the service reports it.
	Policy *Policy
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// CreatePolicyOutput is the answer of CreatePolicy.
type CreatePolicyOutput = PolicyOutput

// GetPolicyOutput is the answer of GetPolicy.
type GetPolicyOutput = PolicyOutput

// UpdatePolicyOutput is the answer of UpdatePolicy.
type UpdatePolicyOutput = PolicyOutput

// CreatePolicy creates a custom policy. It fails with ErrAlreadyExists when
// the name is taken. It is not retried once the server may have acted on it.
func (c *Client) CreatePolicy(ctx context.Context, in *CreatePolicyInput) (*CreatePolicyOutput, error) {
	const op = "CreatePolicy"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: Name and Document are required")
	}
	if err := checkNewName(op, "Name", in.Name, MaxPolicyNameLength); err != nil {
		return nil, err
	}
	if err := checkDocument(op, "Document", in.Document); err != nil {
		return nil, err
	}
	var w policyWire
	return c.onePolicy(ctx, call{op: op, method: http.MethodPost, segs: []string{"policy"}, in: in,
		expect: made("policy", &w.ID, &w.Name)}, &w)
}

func (c *Client) onePolicy(ctx context.Context, cl call, w *policyWire) (*PolicyOutput, error) {
	resp, err := c.do(ctx, cl, w)
	if err != nil {
		return nil, err
	}
	return &PolicyOutput{Policy: w.policy(), RequestID: resp.RequestID}, nil
}

// GetPolicyInput is the input of GetPolicy (GET /v1/policy/{policyName}).
type GetPolicyInput struct {
	// PolicyName is the policy to read; required.
	PolicyName string
	// PolicyType selects a system or a custom policy; "" is not sent, and
	// Baidu then looks for a custom policy.
	PolicyType PolicyType
}

// GetPolicy returns the named policy with its document, or ErrNotFound.
func (c *Client) GetPolicy(ctx context.Context, in *GetPolicyInput) (*GetPolicyOutput, error) {
	const op = "GetPolicy"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: PolicyName is required")
	}
	if err := checkName(op, "PolicyName", in.PolicyName); err != nil {
		return nil, err
	}
	if err := checkPolicyType(op, "PolicyType", in.PolicyType); err != nil {
		return nil, err
	}
	var w policyWire
	return c.onePolicy(ctx, call{op: op, method: http.MethodGet, segs: []string{"policy", in.PolicyName},
		query: params("policyType", string(in.PolicyType)), idempotent: true, expect: named("policy", &w.Name)}, &w)
}

// UpdatePolicyInput is the input of UpdatePolicy (POST /v1/policy/{policyName}).
// Nil fields are not sent and stay as they are. Only custom policies can be
// updated (Baidu: those made from the policy syntax).
type UpdatePolicyInput struct {
	// PolicyName is the custom policy to update; required.
	PolicyName string `json:"-"`
	// NewName renames the policy: at most 64 characters.
	NewName *string `json:"name,omitempty"`
	// Description replaces the description.
	Description *string `json:"description,omitempty"`
	// Document replaces the ACL (a JSON string).
	Document *string `json:"document,omitempty"`
}

// UpdatePolicy changes a custom policy's name, description or document and
// returns it as updated. A rename is not repeated once the server may have
// acted on it (a failure then matches iam.ErrOutcomeUnknown).
func (c *Client) UpdatePolicy(ctx context.Context, in *UpdatePolicyInput) (*UpdatePolicyOutput, error) {
	const op = "UpdatePolicy"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: PolicyName is required")
	}
	if err := checkName(op, "PolicyName", in.PolicyName); err != nil {
		return nil, err
	}
	if in.NewName != nil {
		if err := checkNewName(op, "NewName", *in.NewName, MaxPolicyNameLength); err != nil {
			return nil, err
		}
	}
	if in.Document != nil {
		if err := checkDocument(op, "Document", *in.Document); err != nil {
			return nil, err
		}
	}
	var w policyWire
	// A rename is not repeated once the server may have acted: the repeat
	// would find no policy of the old name and hide the rename.
	return c.onePolicy(ctx, call{op: op, method: http.MethodPost, segs: []string{"policy", in.PolicyName}, in: in,
		idempotent: in.NewName == nil || *in.NewName == in.PolicyName, expect: named("policy", &w.Name)}, &w)
}

// DeletePolicyInput is the input of DeletePolicy (DELETE /v1/policy/{policyName}).
type DeletePolicyInput struct {
	// PolicyName is the custom policy to delete; required.
	PolicyName string
}

// DeletePolicyOutput is the answer of DeletePolicy.
type DeletePolicyOutput struct {
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// DeletePolicy deletes a custom policy, with Baidu's own semantics: a policy
// still attached may be refused (see the package documentation, "Errors");
// the portable DeletePolicy detaches it first.
func (c *Client) DeletePolicy(ctx context.Context, in *DeletePolicyInput) (*DeletePolicyOutput, error) {
	const op = "DeletePolicy"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: PolicyName is required")
	}
	if err := checkName(op, "PolicyName", in.PolicyName); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodDelete, segs: []string{"policy", in.PolicyName}, idempotent: true}, nil)
	if err != nil {
		return nil, err
	}
	return &DeletePolicyOutput{RequestID: resp.RequestID}, nil
}

// ListPoliciesInput is the input of ListPolicies (GET /v1/policy). It may be
// nil.
type ListPoliciesInput struct {
	// PolicyType lists system or custom policies; "" is not sent, and Baidu
	// then lists custom policies.
	PolicyType PolicyType
	// NameFilter keeps the policies whose name matches it (the service's
	// filter); "" is not sent.
	NameFilter string
}

// ListPoliciesOutput is the answer of the calls that list policies.
type ListPoliciesOutput struct {
	// Policies is every policy of the answer, in the service's order.
	Policies []*Policy
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// ListPolicies returns the account's custom policies, or Baidu's system
// policies, in one answer (Baidu's policy lists have no pagination).
func (c *Client) ListPolicies(ctx context.Context, in *ListPoliciesInput) (*ListPoliciesOutput, error) {
	const op = "ListPolicies"
	if in == nil {
		in = &ListPoliciesInput{}
	}
	if err := checkPolicyType(op, "PolicyType", in.PolicyType); err != nil {
		return nil, err
	}
	if in.NameFilter != "" {
		if err := checkLength(op, "NameFilter", in.NameFilter, 255); err != nil {
			return nil, err
		}
	}
	return c.listPolicies(ctx, call{op: op, method: http.MethodGet, segs: []string{"policy"},
		query: params("policyType", string(in.PolicyType), "nameFilter", in.NameFilter), idempotent: true})
}

func (c *Client) listPolicies(ctx context.Context, cl call) (*ListPoliciesOutput, error) {
	var w struct {
		Policies []policyWire `json:"policies"`
	}
	cl.expect = func([]byte) error { return checkList("policies", w.Policies, (*policyWire).check) }
	resp, err := c.do(ctx, cl, &w)
	if err != nil {
		return nil, err
	}
	out := &ListPoliciesOutput{Policies: make([]*Policy, 0, len(w.Policies)), RequestID: resp.RequestID}
	for i := range w.Policies {
		out.Policies = append(out.Policies, w.Policies[i].policy())
	}
	return out, nil
}

// AttachmentOutput is the answer of the attach and detach calls.
type AttachmentOutput struct {
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// attachment sends PUT (attach) or DELETE (detach) of
// /v1/{kind}/{name}/policy/{policyName}?policyType=.
func (c *Client) attachment(ctx context.Context, op, method, kind, name, policyName string, t PolicyType) (*AttachmentOutput, error) {
	if err := checkName(op, "PolicyName", policyName); err != nil {
		return nil, err
	}
	if err := checkPolicyType(op, "PolicyType", t); err != nil {
		return nil, err
	}
	// Attaching again is refused (409), so an attach is repeated only when
	// the server certainly did not act; a detach may be repeated.
	resp, err := c.do(ctx, call{op: op, method: method, segs: []string{kind, name, "policy", policyName},
		query: params("policyType", string(t)), idempotent: method == http.MethodDelete}, nil)
	if err != nil {
		return nil, err
	}
	return &AttachmentOutput{RequestID: resp.RequestID}, nil
}

// UserPolicyInput addresses a policy attached to a user: the input of
// AttachPolicyToUser and DetachPolicyFromUser
// (PUT|DELETE /v1/user/{userName}/policy/{policyName}?policyType=).
type UserPolicyInput struct {
	// UserName is the user; required.
	UserName string
	// PolicyName is the policy; required.
	PolicyName string
	// PolicyType is PolicySystem or PolicyCustom; "" is not sent, and Baidu
	// then takes a custom policy, so a system policy needs PolicySystem.
	PolicyType PolicyType
}

// AttachPolicyToUserInput is the input of AttachPolicyToUser.
type AttachPolicyToUserInput = UserPolicyInput

// DetachPolicyFromUserInput is the input of DetachPolicyFromUser.
type DetachPolicyFromUserInput = UserPolicyInput

// AttachPolicyToUser grants the policy to the user.
func (c *Client) AttachPolicyToUser(ctx context.Context, in *AttachPolicyToUserInput) (*AttachmentOutput, error) {
	return c.userAttachment(ctx, "AttachPolicyToUser", http.MethodPut, in)
}

// DetachPolicyFromUser revokes a policy attached to the user.
func (c *Client) DetachPolicyFromUser(ctx context.Context, in *DetachPolicyFromUserInput) (*AttachmentOutput, error) {
	return c.userAttachment(ctx, "DetachPolicyFromUser", http.MethodDelete, in)
}

func (c *Client) userAttachment(ctx context.Context, op, method string, in *UserPolicyInput) (*AttachmentOutput, error) {
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName and PolicyName are required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	return c.attachment(ctx, op, method, "user", in.UserName, in.PolicyName, in.PolicyType)
}

// ListUserAttachedPoliciesInput is the input of ListUserAttachedPolicies
// (GET /v1/user/{userName}/policy).
type ListUserAttachedPoliciesInput struct {
	// UserName is the user; required.
	UserName string
}

// ListUserAttachedPolicies returns the policies attached to the user
// directly (not those of its groups), each with its Type and AttachTime.
func (c *Client) ListUserAttachedPolicies(ctx context.Context, in *ListUserAttachedPoliciesInput) (*ListPoliciesOutput, error) {
	const op = "ListUserAttachedPolicies"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	return c.listPolicies(ctx, call{op: op, method: http.MethodGet, segs: []string{"user", in.UserName, "policy"}, idempotent: true})
}

// GroupPolicyInput addresses a policy attached to a group: the input of
// AttachPolicyToGroup and DetachPolicyFromGroup
// (PUT|DELETE /v1/group/{groupName}/policy/{policyName}?policyType=).
type GroupPolicyInput struct {
	// GroupName is the group; required.
	GroupName string
	// PolicyName is the policy; required.
	PolicyName string
	// PolicyType is PolicySystem or PolicyCustom; "" is not sent (Custom).
	PolicyType PolicyType
}

// AttachPolicyToGroupInput is the input of AttachPolicyToGroup.
type AttachPolicyToGroupInput = GroupPolicyInput

// DetachPolicyFromGroupInput is the input of DetachPolicyFromGroup.
type DetachPolicyFromGroupInput = GroupPolicyInput

// AttachPolicyToGroup grants the policy to the group's members. A group
// takes at most 5 policies (ErrLimitExceeded beyond).
func (c *Client) AttachPolicyToGroup(ctx context.Context, in *AttachPolicyToGroupInput) (*AttachmentOutput, error) {
	return c.groupAttachment(ctx, "AttachPolicyToGroup", http.MethodPut, in)
}

// DetachPolicyFromGroup revokes a policy attached to the group.
func (c *Client) DetachPolicyFromGroup(ctx context.Context, in *DetachPolicyFromGroupInput) (*AttachmentOutput, error) {
	return c.groupAttachment(ctx, "DetachPolicyFromGroup", http.MethodDelete, in)
}

func (c *Client) groupAttachment(ctx context.Context, op, method string, in *GroupPolicyInput) (*AttachmentOutput, error) {
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: GroupName and PolicyName are required")
	}
	if err := checkName(op, "GroupName", in.GroupName); err != nil {
		return nil, err
	}
	return c.attachment(ctx, op, method, "group", in.GroupName, in.PolicyName, in.PolicyType)
}

// ListGroupAttachedPoliciesInput is the input of ListGroupAttachedPolicies
// (GET /v1/group/{groupName}/policy).
type ListGroupAttachedPoliciesInput struct {
	// GroupName is the group; required.
	GroupName string
}

// ListGroupAttachedPolicies returns the policies attached to the group.
func (c *Client) ListGroupAttachedPolicies(ctx context.Context, in *ListGroupAttachedPoliciesInput) (*ListPoliciesOutput, error) {
	const op = "ListGroupAttachedPolicies"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: GroupName is required")
	}
	if err := checkName(op, "GroupName", in.GroupName); err != nil {
		return nil, err
	}
	return c.listPolicies(ctx, call{op: op, method: http.MethodGet, segs: []string{"group", in.GroupName, "policy"}, idempotent: true})
}

// RolePolicyInput addresses a policy attached to a role: the input of
// AttachPolicyToRole and DetachPolicyFromRole
// (PUT|DELETE /v1/role/{roleName}/policy/{policyName}?policyType=).
type RolePolicyInput struct {
	// RoleName is the role; required.
	RoleName string
	// PolicyName is the policy; required.
	PolicyName string
	// PolicyType is PolicySystem or PolicyCustom; "" is not sent (Custom).
	PolicyType PolicyType
}

// AttachPolicyToRoleInput is the input of AttachPolicyToRole.
type AttachPolicyToRoleInput = RolePolicyInput

// DetachPolicyFromRoleInput is the input of DetachPolicyFromRole.
type DetachPolicyFromRoleInput = RolePolicyInput

// AttachPolicyToRole grants the policy to whoever assumes the role.
func (c *Client) AttachPolicyToRole(ctx context.Context, in *AttachPolicyToRoleInput) (*AttachmentOutput, error) {
	return c.roleAttachment(ctx, "AttachPolicyToRole", http.MethodPut, in)
}

// DetachPolicyFromRole revokes a policy attached to the role.
func (c *Client) DetachPolicyFromRole(ctx context.Context, in *DetachPolicyFromRoleInput) (*AttachmentOutput, error) {
	return c.roleAttachment(ctx, "DetachPolicyFromRole", http.MethodDelete, in)
}

func (c *Client) roleAttachment(ctx context.Context, op, method string, in *RolePolicyInput) (*AttachmentOutput, error) {
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: RoleName and PolicyName are required")
	}
	if err := checkName(op, "RoleName", in.RoleName); err != nil {
		return nil, err
	}
	return c.attachment(ctx, op, method, "role", in.RoleName, in.PolicyName, in.PolicyType)
}

// ListRoleAttachedPoliciesInput is the input of ListRoleAttachedPolicies
// (GET /v1/role/{roleName}/policy).
type ListRoleAttachedPoliciesInput struct {
	// RoleName is the role; required.
	RoleName string
}

// ListRoleAttachedPolicies returns the policies attached to the role.
func (c *Client) ListRoleAttachedPolicies(ctx context.Context, in *ListRoleAttachedPoliciesInput) (*ListPoliciesOutput, error) {
	const op = "ListRoleAttachedPolicies"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: RoleName is required")
	}
	if err := checkName(op, "RoleName", in.RoleName); err != nil {
		return nil, err
	}
	return c.listPolicies(ctx, call{op: op, method: http.MethodGet, segs: []string{"role", in.RoleName, "policy"}, idempotent: true})
}

// GrantType is the kind of entity a policy is attached to, as Baidu names
// the attachment.
type GrantType string

// The grant types.
const (
	// GrantUser is a policy attached to an IAM user.
	GrantUser GrantType = "UserPolicy"
	// GrantGroup is a policy attached to a group.
	GrantGroup GrantType = "GroupPolicy"
	// GrantRole is a policy attached to a role.
	GrantRole GrantType = "RolePolicy"
)

// PolicyEntity is Baidu's PolicyAttachedEntity: a user, group or role a
// policy is attached to.
type PolicyEntity struct {
	// ID is the entity's identifier (the user's, group's or role's id).
	ID string
	// Name is the entity's name.
	Name string
	// Type is the kind of attachment: GrantUser, GrantGroup or GrantRole.
	Type GrantType
	// AttachTime is when the policy was attached.
	AttachTime time.Time
}

type entityWire struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	AttachTime wireTime `json:"attachTime"`
}

// ListPolicyEntitiesOutput is the answer of ListPolicyAttachedEntities and
// ListPolicyGrantedEntities.
type ListPolicyEntitiesOutput struct {
	// Entities are the users, groups and roles the policy is attached to.
	Entities []*PolicyEntity
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// ListPolicyAttachedEntitiesInput is the input of ListPolicyAttachedEntities
// (GET /v1/policy/{policyId}/entity).
type ListPolicyAttachedEntitiesInput struct {
	// PolicyID is the policy's ID (not its name); required.
	PolicyID string
}

// ListPolicyAttachedEntities returns every user, group and role the policy
// is attached to.
func (c *Client) ListPolicyAttachedEntities(ctx context.Context, in *ListPolicyAttachedEntitiesInput) (*ListPolicyEntitiesOutput, error) {
	const op = "ListPolicyAttachedEntities"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: PolicyID is required")
	}
	if err := checkName(op, "PolicyID", in.PolicyID); err != nil {
		return nil, err
	}
	return c.listEntities(ctx, call{op: op, method: http.MethodGet, segs: []string{"policy", in.PolicyID, "entity"}, idempotent: true})
}

// ListPolicyGrantedEntitiesInput is the input of ListPolicyGrantedEntities
// (GET /v1/policy/{policyId}/grant/{grantType}).
type ListPolicyGrantedEntitiesInput struct {
	// PolicyID is the policy's ID (not its name); required.
	PolicyID string
	// GrantType is the kind of entity to list: GrantUser or GrantGroup
	// (Baidu's documented values) or GrantRole; required.
	GrantType GrantType
}

// ListPolicyGrantedEntities returns the users, or the groups, the policy is
// attached to.
func (c *Client) ListPolicyGrantedEntities(ctx context.Context, in *ListPolicyGrantedEntitiesInput) (*ListPolicyEntitiesOutput, error) {
	const op = "ListPolicyGrantedEntities"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: PolicyID and GrantType are required")
	}
	if err := checkName(op, "PolicyID", in.PolicyID); err != nil {
		return nil, err
	}
	switch in.GrantType {
	case GrantUser, GrantGroup, GrantRole:
	default:
		return nil, iam.InvalidArgument(Scheme, op, "GrantType", `must be "UserPolicy", "GroupPolicy" or "RolePolicy"`)
	}
	return c.listEntities(ctx, call{op: op, method: http.MethodGet, segs: []string{"policy", in.PolicyID, "grant", string(in.GrantType)}, idempotent: true})
}

func (c *Client) listEntities(ctx context.Context, cl call) (*ListPolicyEntitiesOutput, error) {
	var w struct {
		Entities []entityWire `json:"entities"`
	}
	cl.expect = func([]byte) error {
		return checkList("entities", w.Entities, func(e *entityWire) error { return need("an entity in the list", "name", e.Name) })
	}
	resp, err := c.do(ctx, cl, &w)
	if err != nil {
		return nil, err
	}
	out := &ListPolicyEntitiesOutput{Entities: make([]*PolicyEntity, 0, len(w.Entities)), RequestID: resp.RequestID}
	for _, e := range w.Entities {
		out.Entities = append(out.Entities, &PolicyEntity{ID: e.ID, Name: e.Name, Type: GrantType(e.Type), AttachTime: e.AttachTime.Time()})
	}
	return out, nil
}
