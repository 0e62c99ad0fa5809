package huawei

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// The limits IAM documents for custom policies, checked before a request is
// sent.
const (
	// MaxPolicyNameLength bounds a custom policy's display name, in
	// characters.
	MaxPolicyNameLength = 128
	// MaxPolicyDocumentLength bounds a custom policy's document (its
	// compact JSON), in characters.
	MaxPolicyDocumentLength = 6144
	// MaxCustomPolicies is the default quota of custom policies of an
	// account (IAM checks it; the quota can be raised).
	MaxCustomPolicies = 200
)

// AgencyAssumeAction is the only action of an agency custom policy.
const AgencyAssumeAction = "iam:agencies:assume"

// CustomPolicy is a custom policy of the account, as the /v3.0/OS-ROLE/roles
// APIs return it.
type CustomPolicy struct {
	// ID is the policy id; grants name the policy by it.
	ID string `json:"id"`
	// Name is the internal name IAM generates.
	Name string `json:"name"`
	// DisplayName is the policy's name as given and shown in the console.
	DisplayName string `json:"display_name"`
	// Type is AX (granted on the account: global services) or XA (granted
	// on projects).
	Type RoleType `json:"type"`
	// Description describes the policy.
	Description string `json:"description"`
	// DescriptionCn describes it in Chinese, when given.
	DescriptionCn string `json:"description_cn,omitempty"`
	// Catalog is the policy's catalog.
	Catalog string `json:"catalog"`
	// DomainID is the account the policy belongs to.
	DomainID string `json:"domain_id"`
	// Policy is the policy document.
	Policy *PolicyDocument `json:"policy"`
	// References is how many grants use the policy (ShowCustomPolicy only).
	References *int32 `json:"references,omitempty"`
	// Links holds the policy's resource link.
	Links *Links `json:"links,omitempty"`
	// CreatedTime is when the policy was created.
	CreatedTime Time `json:"created_time"`
	// UpdatedTime is when the policy was last modified.
	UpdatedTime Time `json:"updated_time"`
}

type customPolicyEnvelope struct {
	Role *CustomPolicy `json:"role"`
}

func (r *CustomPolicy) missing() string {
	switch {
	case r == nil:
		return "policy"
	case r.ID == "":
		return "id"
	case r.DisplayName == "":
		return "display_name"
	}
	return ""
}

// complete is the Expect of an answer with a custom policy: IAM always
// sends its id and its name (display_name).
func (e *customPolicyEnvelope) complete([]byte) error {
	if e.Role == nil {
		return lacks(`"role"`)
	}
	if m := e.Role.missing(); m != "" {
		return lacks("role " + m)
	}
	return nil
}

// wireCustomPolicyOption is the role object of the create and update
// bodies, in the official SDK's field order.
type wireCustomPolicyOption struct {
	DisplayName   string          `json:"display_name"`
	Type          RoleType        `json:"type"`
	Description   string          `json:"description"`
	DescriptionCn string          `json:"description_cn,omitempty"`
	Policy        *PolicyDocument `json:"policy"`
}

type wireCustomPolicyBody struct {
	Role wireCustomPolicyOption `json:"role"`
}

// customPolicyFields are the fields every create and update input has.
type customPolicyFields struct {
	displayName, description, descriptionCn string
	typ                                     RoleType
	policy                                  *PolicyDocument
}

// checkCustomPolicy applies IAM's rules to a custom policy before it is
// sent; agency says the document must be an agency policy.
func checkCustomPolicy(op string, f customPolicyFields, agency bool) error {
	if f.displayName == "" {
		return invalid(op, "DisplayName", "required")
	}
	if utf8.RuneCountInString(f.displayName) > MaxPolicyNameLength || !printable(f.displayName) {
		return invalid(op, "DisplayName", "must be at most 128 characters, without control characters")
	}
	if f.typ != RoleTypeAX && f.typ != RoleTypeXA {
		return invalid(op, "Type", "must be AX (account) or XA (projects): custom policies cannot be AA or XX")
	}
	if !printable(f.description) || !printable(f.descriptionCn) {
		return invalid(op, "Description", "must be valid UTF-8 without control characters")
	}
	return checkPolicyDocument(op, f.policy, agency)
}

// checkPolicyDocument checks a custom policy document: Version 1.1, at
// least one statement, each with actions and an effect of Allow or Deny,
// and at most 6144 characters; an agency policy's statements have the one
// action iam:agencies:assume and name agencies by URI.
func checkPolicyDocument(op string, d *PolicyDocument, agency bool) error {
	const field = "Policy"
	if d == nil {
		return invalid(op, field, "required")
	}
	b, err := json.Marshal(d)
	if err != nil || len(b) == 0 || b[0] != '{' {
		return invalid(op, field, "must be a JSON object")
	}
	if utf8.RuneCount(b) > MaxPolicyDocumentLength {
		return invalid(op, field, "must be at most 6144 characters")
	}
	doc := *d
	if len(bytes.TrimSpace(d.Raw)) > 0 {
		var f policyDocumentFields
		dec := json.NewDecoder(bytes.NewReader(d.Raw))
		if err := dec.Decode(&f); err != nil {
			return invalid(op, field, "is not a policy document: "+err.Error())
		}
		doc.Version, doc.Statement = f.Version, f.Statement
	}
	if doc.Version != PolicyVersion {
		return invalid(op, field, `Version must be "1.1"`)
	}
	if len(doc.Statement) == 0 {
		return invalid(op, field, "needs at least one Statement")
	}
	for _, s := range doc.Statement {
		if s == nil || len(s.Action) == 0 {
			return invalid(op, field, "every Statement needs an Action")
		}
		if s.Effect != EffectAllow && s.Effect != EffectDeny {
			return invalid(op, field, `every Statement's Effect must be "Allow" or "Deny"`)
		}
		if agency {
			if len(s.Action) != 1 || s.Action[0] != AgencyAssumeAction {
				return invalid(op, field, `an agency policy's Action is ["iam:agencies:assume"]`)
			}
			if s.Resource != nil && s.Resource.URI == nil {
				return invalid(op, field, `an agency policy's Resource is {"uri":["/iam/agencies/<agency_id>"]}`)
			}
			if s.Resource != nil {
				for _, u := range s.Resource.URI {
					if !strings.HasPrefix(u, "/iam/agencies/") {
						return invalid(op, field, `an agency policy's Resource is {"uri":["/iam/agencies/<agency_id>"]}`)
					}
				}
			}
		} else if s.Resource != nil && s.Resource.URI != nil {
			return invalid(op, field, "a cloud service policy's Resource is a list of resource names")
		}
	}
	return nil
}

func (c *Client) writeCustomPolicy(ctx context.Context, op, method, roleID string, f customPolicyFields, agency bool) (*CustomPolicy, string, error) {
	if roleID != "" || method == http.MethodPatch {
		if err := checkID(op, "RoleID", roleID); err != nil {
			return nil, "", err
		}
	}
	if err := checkCustomPolicy(op, f, agency); err != nil {
		return nil, "", err
	}
	body := wireCustomPolicyBody{Role: wireCustomPolicyOption{DisplayName: f.displayName, Type: f.typ,
		Description: f.description, DescriptionCn: f.descriptionCn, Policy: f.policy}}
	path := "/v3.0/OS-ROLE/roles"
	if roleID != "" {
		path += "/" + roleID
	}
	var env customPolicyEnvelope
	resp, err := c.do(ctx, call{op: op, method: method, path: path, body: body, idempotent: method == http.MethodPatch, expect: env.complete}, &env)
	if err != nil {
		return nil, "", err
	}
	return env.Role, resp.RequestID, nil
}

// CreateCloudServiceCustomPolicyInput is the input of
// CreateCloudServiceCustomPolicy. Every field but DescriptionCn is required.
type CreateCloudServiceCustomPolicyInput struct {
	// DisplayName is the policy's name, at most 128 characters.
	DisplayName string
	// Type is RoleTypeAX (global services, granted on the account) or
	// RoleTypeXA (project-level services, granted on projects).
	Type RoleType
	// Description describes the policy (sent even when empty).
	Description string
	// DescriptionCn is a Chinese description.
	DescriptionCn string
	// Policy is the document: Version "1.1" and its statements, at most
	// 6144 characters.
	Policy *PolicyDocument
}

// CreateCloudServiceCustomPolicyOutput is the answer of
// CreateCloudServiceCustomPolicy.
type CreateCloudServiceCustomPolicyOutput struct {
	// Role is the new policy.
	Role *CustomPolicy
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// CreateCloudServiceCustomPolicy creates a custom policy for cloud
// services: POST /v3.0/OS-ROLE/roles, 201. An account has at most 200 by
// default.
func (c *Client) CreateCloudServiceCustomPolicy(ctx context.Context, in *CreateCloudServiceCustomPolicyInput) (*CreateCloudServiceCustomPolicyOutput, error) {
	const op = "CreateCloudServiceCustomPolicy"
	if in == nil {
		return nil, invalid(op, "CreateCloudServiceCustomPolicyInput", "required")
	}
	r, rid, err := c.writeCustomPolicy(ctx, op, http.MethodPost, "", customPolicyFields{in.DisplayName, in.Description, in.DescriptionCn, in.Type, in.Policy}, false)
	if err != nil {
		return nil, err
	}
	return &CreateCloudServiceCustomPolicyOutput{Role: r, RequestID: rid}, nil
}

// CreateAgencyCustomPolicyInput is the input of CreateAgencyCustomPolicy.
// Every field but DescriptionCn is required.
type CreateAgencyCustomPolicyInput struct {
	// DisplayName is the policy's name, at most 128 characters.
	DisplayName string
	// Type is RoleTypeAX or RoleTypeXA.
	Type RoleType
	// Description describes the policy (sent even when empty).
	Description string
	// DescriptionCn is a Chinese description.
	DescriptionCn string
	// Policy is the document: Version "1.1", statements whose Action is
	// ["iam:agencies:assume"] and whose Resource names agencies by URI.
	Policy *PolicyDocument
}

// CreateAgencyCustomPolicyOutput is the answer of CreateAgencyCustomPolicy.
type CreateAgencyCustomPolicyOutput struct {
	// Role is the new policy.
	Role *CustomPolicy
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// CreateAgencyCustomPolicy creates a custom policy that allows assuming
// agencies: POST /v3.0/OS-ROLE/roles, 201.
func (c *Client) CreateAgencyCustomPolicy(ctx context.Context, in *CreateAgencyCustomPolicyInput) (*CreateAgencyCustomPolicyOutput, error) {
	const op = "CreateAgencyCustomPolicy"
	if in == nil {
		return nil, invalid(op, "CreateAgencyCustomPolicyInput", "required")
	}
	r, rid, err := c.writeCustomPolicy(ctx, op, http.MethodPost, "", customPolicyFields{in.DisplayName, in.Description, in.DescriptionCn, in.Type, in.Policy}, true)
	if err != nil {
		return nil, err
	}
	return &CreateAgencyCustomPolicyOutput{Role: r, RequestID: rid}, nil
}

// UpdateCloudServiceCustomPolicyInput is the input of
// UpdateCloudServiceCustomPolicy: the policy's id and its whole new
// definition (IAM replaces it).
type UpdateCloudServiceCustomPolicyInput struct {
	// RoleID is the id of the policy to modify (required).
	RoleID string
	// DisplayName is the policy's name, at most 128 characters.
	DisplayName string
	// Type is RoleTypeAX or RoleTypeXA.
	Type RoleType
	// Description describes the policy (sent even when empty).
	Description string
	// DescriptionCn is a Chinese description.
	DescriptionCn string
	// Policy is the new document.
	Policy *PolicyDocument
}

// UpdateCloudServiceCustomPolicyOutput is the answer of
// UpdateCloudServiceCustomPolicy.
type UpdateCloudServiceCustomPolicyOutput struct {
	// Role is the modified policy.
	Role *CustomPolicy
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// UpdateCloudServiceCustomPolicy replaces a cloud service custom policy:
// PATCH /v3.0/OS-ROLE/roles/{role_id}, 200.
func (c *Client) UpdateCloudServiceCustomPolicy(ctx context.Context, in *UpdateCloudServiceCustomPolicyInput) (*UpdateCloudServiceCustomPolicyOutput, error) {
	const op = "UpdateCloudServiceCustomPolicy"
	if in == nil {
		return nil, invalid(op, "UpdateCloudServiceCustomPolicyInput", "required")
	}
	r, rid, err := c.writeCustomPolicy(ctx, op, http.MethodPatch, in.RoleID, customPolicyFields{in.DisplayName, in.Description, in.DescriptionCn, in.Type, in.Policy}, false)
	if err != nil {
		return nil, err
	}
	return &UpdateCloudServiceCustomPolicyOutput{Role: r, RequestID: rid}, nil
}

// UpdateAgencyCustomPolicyInput is the input of UpdateAgencyCustomPolicy:
// the policy's id and its whole new definition.
type UpdateAgencyCustomPolicyInput struct {
	// RoleID is the id of the policy to modify (required).
	RoleID string
	// DisplayName is the policy's name, at most 128 characters.
	DisplayName string
	// Type is RoleTypeAX or RoleTypeXA.
	Type RoleType
	// Description describes the policy (sent even when empty).
	Description string
	// DescriptionCn is a Chinese description.
	DescriptionCn string
	// Policy is the new agency document.
	Policy *PolicyDocument
}

// UpdateAgencyCustomPolicyOutput is the answer of UpdateAgencyCustomPolicy.
type UpdateAgencyCustomPolicyOutput struct {
	// Role is the modified policy.
	Role *CustomPolicy
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// UpdateAgencyCustomPolicy replaces an agency custom policy: PATCH
// /v3.0/OS-ROLE/roles/{role_id}, 200.
func (c *Client) UpdateAgencyCustomPolicy(ctx context.Context, in *UpdateAgencyCustomPolicyInput) (*UpdateAgencyCustomPolicyOutput, error) {
	const op = "UpdateAgencyCustomPolicy"
	if in == nil {
		return nil, invalid(op, "UpdateAgencyCustomPolicyInput", "required")
	}
	r, rid, err := c.writeCustomPolicy(ctx, op, http.MethodPatch, in.RoleID, customPolicyFields{in.DisplayName, in.Description, in.DescriptionCn, in.Type, in.Policy}, true)
	if err != nil {
		return nil, err
	}
	return &UpdateAgencyCustomPolicyOutput{Role: r, RequestID: rid}, nil
}

// ListCustomPoliciesInput selects a page of ListCustomPolicies; it may be
// nil (IAM's default page).
type ListCustomPoliciesInput struct {
	// Page (from 1) and PerPage (1-300) select a page; they are set together.
	Page, PerPage int32
}

// ListCustomPoliciesOutput is the answer of ListCustomPolicies.
type ListCustomPoliciesOutput struct {
	// Roles are the custom policies of the page.
	Roles []*CustomPolicy `json:"roles"`
	// Links holds the list's links.
	Links Links `json:"links"`
	// TotalNumber is the number of custom policies of the account.
	TotalNumber *int32 `json:"total_number,omitempty"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

// ListCustomPolicies lists a page of the account's custom policies: GET
// /v3.0/OS-ROLE/roles. AllCustomPolicies reads every page.
func (c *Client) ListCustomPolicies(ctx context.Context, in *ListCustomPoliciesInput) (*ListCustomPoliciesOutput, error) {
	const op = "ListCustomPolicies"
	if in == nil {
		in = &ListCustomPoliciesInput{}
	}
	q := url.Values{}
	if err := pageQuery(op, in.Page, in.PerPage, MaxPermissionsPerPage, q); err != nil {
		return nil, err
	}
	out := &ListCustomPoliciesOutput{}
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/v3.0/OS-ROLE/roles", query: q, idempotent: true,
		expect: func([]byte) error { return checkList(out.Roles, "roles") }}, out)
	if err != nil {
		return nil, err
	}
	out.RequestID = resp.RequestID
	return out, nil
}

// AllCustomPolicies yields every custom policy, a page (in.PerPage, 300
// when zero) at a time from in.Page (or 1).
func (c *Client) AllCustomPolicies(ctx context.Context, in *ListCustomPoliciesInput) iter.Seq2[*CustomPolicy, error] {
	q := ListCustomPoliciesInput{Page: 1, PerPage: MaxPermissionsPerPage}
	if in != nil {
		if in.Page != 0 {
			q.Page = in.Page
		}
		if in.PerPage != 0 {
			q.PerPage = in.PerPage
		}
	}
	if err := pageQuery("ListCustomPolicies", q.Page, q.PerPage, MaxPermissionsPerPage, url.Values{}); err != nil {
		return func(yield func(*CustomPolicy, error) bool) { yield(nil, err) }
	}
	return pages(int(q.Page), int(q.PerPage), func(r *CustomPolicy) string { return r.ID }, func(page int) (pageOf[CustomPolicy], error) {
		out, err := c.ListCustomPolicies(ctx, &ListCustomPoliciesInput{Page: int32(page), PerPage: q.PerPage})
		if err != nil {
			return pageOf[CustomPolicy]{}, err
		}
		total := -1
		if out.TotalNumber != nil {
			total = int(*out.TotalNumber) - int(q.Page-1)*int(q.PerPage)
		}
		return pageOf[CustomPolicy]{items: out.Roles, total: total}, nil
	})
}

// ShowCustomPolicyInput is the input of ShowCustomPolicy.
type ShowCustomPolicyInput struct {
	// RoleID is the id of the policy (required).
	RoleID string
}

// ShowCustomPolicyOutput is the answer of ShowCustomPolicy.
type ShowCustomPolicyOutput struct {
	// Role is the policy, with References.
	Role *CustomPolicy
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// ShowCustomPolicy returns a custom policy with the number of grants that
// use it (References): GET /v3.0/OS-ROLE/roles/{role_id}.
func (c *Client) ShowCustomPolicy(ctx context.Context, in *ShowCustomPolicyInput) (*ShowCustomPolicyOutput, error) {
	const op = "ShowCustomPolicy"
	if in == nil {
		return nil, invalid(op, "ShowCustomPolicyInput", "required")
	}
	if err := checkID(op, "RoleID", in.RoleID); err != nil {
		return nil, err
	}
	var env customPolicyEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/v3.0/OS-ROLE/roles/" + in.RoleID, idempotent: true, expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &ShowCustomPolicyOutput{Role: env.Role, RequestID: resp.RequestID}, nil
}

// DeleteCustomPolicyInput is the input of DeleteCustomPolicy.
type DeleteCustomPolicyInput struct {
	// RoleID is the id of the policy to delete (required).
	RoleID string
}

// DeleteCustomPolicyOutput is the answer of DeleteCustomPolicy.
type DeleteCustomPolicyOutput struct {
	// Message is IAM's message ("Delete success"), when it sends one.
	Message string `json:"message"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

// DeleteCustomPolicy deletes a custom policy: DELETE
// /v3.0/OS-ROLE/roles/{role_id}, 200. IAM deletes only a policy no group or
// agency is granted (the console says so; the API reference lists 400 for
// a refused request): revoke its grants first (ShowCustomPolicy's
// References counts them).
func (c *Client) DeleteCustomPolicy(ctx context.Context, in *DeleteCustomPolicyInput) (*DeleteCustomPolicyOutput, error) {
	const op = "DeleteCustomPolicy"
	if in == nil {
		return nil, invalid(op, "DeleteCustomPolicyInput", "required")
	}
	if err := checkID(op, "RoleID", in.RoleID); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodDelete, path: "/v3.0/OS-ROLE/roles/" + in.RoleID, idempotent: true}, nil)
	if err != nil {
		return nil, err
	}
	out := &DeleteCustomPolicyOutput{RequestID: resp.RequestID}
	if b := bytes.TrimSpace(resp.Body); len(b) > 0 && b[0] == '{' {
		_ = json.Unmarshal(b, out) // the message is informative only
	}
	return out, nil
}
