package aliyun

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/url"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// RAMPolicyType tells RAM's system policies from the account's own.
type RAMPolicyType string

// RAM policy types.
const (
	// RAMPolicySystem is a policy Alibaba Cloud defines (AdministratorAccess,
	// AliyunECSReadOnlyAccess, ...); it can be attached, not changed.
	RAMPolicySystem RAMPolicyType = "System"
	// RAMPolicyCustom is a policy the account created.
	RAMPolicyCustom RAMPolicyType = "Custom"
)

// RAMRotateStrategy is what CreatePolicyVersion does when a custom policy
// has as many versions as RAM allows (5).
type RAMRotateStrategy string

// Rotation strategies of CreatePolicyVersion.
const (
	// RAMRotateNone refuses the new version (LimitExceeded.Policy.Version);
	// RAM's default.
	RAMRotateNone RAMRotateStrategy = "None"
	// RAMRotateDeleteOldest deletes the oldest version that is not the
	// default to make room.
	RAMRotateDeleteOldest RAMRotateStrategy = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
)

// RAMTag is a tag of a custom policy.
type RAMTag struct {
	// Key is the tag's key; required.
	Key string `json:"Key"`
	// Value is the tag's value.
	Value string `json:"Value"`
}

// RAMPolicy is a RAM policy as RAM reports it. Which fields are set depends
// on the call: ListPolicies and GetPolicy give AttachmentCount, CreateDate
// and UpdateDate (ListPolicies also Tags); the lists of a user's, group's or
// role's policies give AttachDate instead.
type RAMPolicy struct {
	// PolicyName is the policy's name.
	PolicyName string
	// PolicyType is RAMPolicySystem or RAMPolicyCustom.
	PolicyType RAMPolicyType
	// Description is the policy's description.
	Description string
	// DefaultVersion is the version in force ("v1", "v2", ...).
	DefaultVersion string
	// AttachmentCount is how many users, groups and roles have the policy.
	AttachmentCount int
	// CreateDate is when the policy was created.
	CreateDate time.Time
	// UpdateDate is when the policy was last changed.
	UpdateDate time.Time
	// AttachDate is when the policy was attached (ListPoliciesForUser,
	// ListPoliciesForGroup, ListPoliciesForRole).
	AttachDate time.Time
	// PolicyDocument is the document of the default version in GetPolicy's
	// answer, a field RAM keeps for older clients; prefer
	// RAMGetPolicyOutput.DefaultPolicyVersion.
	PolicyDocument string
	// Tags are the policy's tags (ListPolicies).
	Tags []*RAMTag
}

type wireRAMPolicy struct {
	PolicyName      string        `json:"PolicyName"`
	PolicyType      RAMPolicyType `json:"PolicyType"`
	Description     string        `json:"Description"`
	DefaultVersion  string        `json:"DefaultVersion"`
	AttachmentCount int           `json:"AttachmentCount"`
	CreateDate      wireTime      `json:"CreateDate"`
	UpdateDate      wireTime      `json:"UpdateDate"`
	AttachDate      wireTime      `json:"AttachDate"`
	PolicyDocument  string        `json:"PolicyDocument"`
	Tags            struct {
		Tag []*struct {
			TagKey   string `json:"TagKey"`
			TagValue string `json:"TagValue"`
		} `json:"Tag"`
	} `json:"Tags"`
}

// lacks names what a policy in an answer must have and lacks.
func (w *wireRAMPolicy) lacks() string { return needStrings("PolicyName", w.PolicyName) }

func (w *wireRAMPolicy) native() *RAMPolicy {
	p := &RAMPolicy{PolicyName: w.PolicyName, PolicyType: w.PolicyType, Description: w.Description,
		DefaultVersion: w.DefaultVersion, AttachmentCount: w.AttachmentCount, CreateDate: w.CreateDate.Time(),
		UpdateDate: w.UpdateDate.Time(), AttachDate: w.AttachDate.Time(), PolicyDocument: w.PolicyDocument}
	for _, t := range w.Tags.Tag {
		if t != nil {
			p.Tags = append(p.Tags, &RAMTag{Key: t.TagKey, Value: t.TagValue})
		}
	}
	return p
}

// RAMPolicyVersion is one version of a policy.
type RAMPolicyVersion struct {
	// VersionID is "v1", "v2", ...
	VersionID string
	// IsDefaultVersion tells whether the version is in force.
	IsDefaultVersion bool
	// PolicyDocument is the version's document.
	PolicyDocument string
	// CreateDate is when the version was created.
	CreateDate time.Time
}

type wireRAMPolicyVersion struct {
	VersionID        string   `json:"VersionId"`
	IsDefaultVersion bool     `json:"IsDefaultVersion"`
	PolicyDocument   string   `json:"PolicyDocument"`
	CreateDate       wireTime `json:"CreateDate"`
}

// lacks names what a policy version in an answer must have and lacks.
func (w *wireRAMPolicyVersion) lacks() string { return needStrings("VersionId", w.VersionID) }

func (w *wireRAMPolicyVersion) native() *RAMPolicyVersion {
	return &RAMPolicyVersion{VersionID: w.VersionID, IsDefaultVersion: w.IsDefaultVersion,
		PolicyDocument: w.PolicyDocument, CreateDate: w.CreateDate.Time()}
}

// RAMRole is a RAM role in the answer of ListEntitiesForPolicy.
type RAMRole struct {
	// RoleID is RAM's id of the role.
	RoleID string
	// RoleName is the role's name.
	RoleName string
	// Arn is the role's ARN (acs:ram::<account>:role/<name>).
	Arn string
	// Description is the role's description.
	Description string
	// AttachDate is when the policy was attached to the role.
	AttachDate time.Time
}

type wireRAMRole struct {
	RoleID      string   `json:"RoleId"`
	RoleName    string   `json:"RoleName"`
	Arn         string   `json:"Arn"`
	Description string   `json:"Description"`
	AttachDate  wireTime `json:"AttachDate"`
}

// lacks names what a role in an answer must have and lacks.
func (w *wireRAMRole) lacks() string { return needStrings("RoleName", w.RoleName) }

func (w *wireRAMRole) native() *RAMRole {
	return &RAMRole{RoleID: w.RoleID, RoleName: w.RoleName, Arn: w.Arn, Description: w.Description, AttachDate: w.AttachDate.Time()}
}

// Policy rules, from the RAM API reference.
const (
	// ramMaxPolicyDocument is the longest PolicyDocument of the current
	// reference (6144 characters). Older pages said 2048 and 4096: RAM
	// refuses what is too long for the account with
	// InvalidParameter.PolicyDocument.Length.
	ramMaxPolicyDocument = 6144
	// ramMaxPolicyDescription bounds Description and NewDescription.
	ramMaxPolicyDescription = 1024
)

// ramNewPolicyNameRule is RAM's rule for a new custom policy's name: 1-128
// letters, digits and '-'.
func ramNewPolicyNameRule(s string) string {
	if !onlyOf(s, alnum+"-", 1, 128) {
		return "must be 1-128 characters of letters, digits and '-'"
	}
	return ""
}

// policyRule checks a PolicyName that addresses an existing policy.
func policyRule(name string) string { return existingNameRule(name, 128) }

// policyTypeRule checks a required PolicyType.
func policyTypeRule(t RAMPolicyType) string {
	switch t {
	case RAMPolicySystem, RAMPolicyCustom:
		return ""
	case "":
		return "required"
	}
	return `must be "System" or "Custom"`
}

// documentRule checks a PolicyDocument: required, at most 6144 characters.
// Its grammar is RAM's to check (MalformedPolicyDocument).
func documentRule(doc string) string {
	if doc == "" {
		return "required"
	}
	return lenRule(doc, ramMaxPolicyDocument)
}

// versionIDRule checks a VersionId: "v" and a number.
func versionIDRule(v string) string {
	if v == "" {
		return "required"
	}
	if len(v) < 2 || v[0] != 'v' || !onlyOf(v[1:], digits, 1, 10) {
		return `must be "v" and a number, such as "v1"`
	}
	return ""
}

// resourceGroupRule checks an optional ResourceGroupId (rg-...).
func resourceGroupRule(id string) string {
	if id != "" && !isID(id) {
		return "must be a resource group id (rg-...)"
	}
	return ""
}

// ramTags is the Tag parameter of CreatePolicy and ListPolicies: one
// parameter holding a JSON array of {"Key","Value"} objects.
type ramTags []RAMTag

// EncodeValues implements query.Encoder.
func (t ramTags) EncodeValues(key string, v *url.Values) error {
	if len(t) == 0 {
		return nil
	}
	b, err := json.Marshal([]RAMTag(t))
	if err != nil {
		return err
	}
	v.Set(key, string(b))
	return nil
}

// tagRules checks tags: a key is required. RAM's reference gives no
// lengths for keys and values, so RAM checks them.
func tagRules(tags []RAMTag) []fieldRule {
	var rules []fieldRule
	for i, t := range tags {
		field := "Tag." + itoa(i+1) + ".Key"
		switch {
		case t.Key == "":
			rules = append(rules, fieldRule{field, "required"})
		case hasControl(t.Key) || hasControl(t.Value):
			rules = append(rules, fieldRule{field, "must not contain control characters"})
		}
	}
	return rules
}

// RAMCreatePolicyInput is the input of RAMClient.CreatePolicy.
type RAMCreatePolicyInput struct {
	// PolicyName is required: 1-128 letters, digits and '-'.
	PolicyName string
	// PolicyDocument is required: the policy in RAM's JSON grammar
	// ({"Version":"1","Statement":[...]}), up to 6144 characters, passed
	// through unchanged.
	PolicyDocument string
	// Description is up to 1024 characters; optional.
	Description string
	// Tags tag the policy (sent as one Tag parameter, a JSON array).
	Tags []RAMTag
}

// RAMCreatePolicyOutput is the answer of RAMClient.CreatePolicy.
type RAMCreatePolicyOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// Policy is the new policy: its type is Custom and its DefaultVersion v1.
	Policy *RAMPolicy
}

type ramCreatePolicyParams struct {
	PolicyName     string  `url:"PolicyName"`
	PolicyDocument string  `url:"PolicyDocument"`
	Description    string  `url:"Description,omitempty"`
	Tag            ramTags `url:"Tag,omitempty"`
}

// CreatePolicy creates a custom policy (action CreatePolicy). A taken name is
// ErrAlreadyExists (EntityAlreadyExists.Policy), a document RAM cannot read
// ErrInvalidArgument (MalformedPolicyDocument), an account with as many
// custom policies as RAM allows ErrLimitExceeded (LimitExceeded.Policy). It
// is not repeated once the server may have acted.
func (c *RAMClient) CreatePolicy(ctx context.Context, in *RAMCreatePolicyInput) (*RAMCreatePolicyOutput, error) {
	const op = "CreatePolicy"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "PolicyName", "required")
	}
	rules := append([]fieldRule{{"PolicyName", ramNewPolicyNameRule(in.PolicyName)},
		{"PolicyDocument", documentRule(in.PolicyDocument)},
		{"Description", lenRule(in.Description, ramMaxPolicyDescription)}}, tagRules(in.Tags)...)
	if err := firstInvalid(SchemeRAM, op, rules...); err != nil {
		return nil, err
	}
	var out struct {
		answer
		Policy *wireRAMPolicy
	}
	rid, err := c.rpc.call(ctx, op, &ramCreatePolicyParams{PolicyName: in.PolicyName, PolicyDocument: in.PolicyDocument,
		Description: in.Description, Tag: in.Tags}, false, &out,
		func() string { return needObject("Policy", out.Policy, (*wireRAMPolicy).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMCreatePolicyOutput{RequestID: rid, Policy: out.Policy.native()}, nil
}

// RAMGetPolicyInput is the input of RAMClient.GetPolicy.
type RAMGetPolicyInput struct {
	// PolicyName is the policy; required.
	PolicyName string
	// PolicyType is RAMPolicySystem or RAMPolicyCustom; required.
	PolicyType RAMPolicyType
}

// RAMGetPolicyOutput is the answer of RAMClient.GetPolicy.
type RAMGetPolicyOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// Policy is the policy, with AttachmentCount.
	Policy *RAMPolicy
	// DefaultPolicyVersion is the version in force, with its document.
	DefaultPolicyVersion *RAMPolicyVersion
}

type ramPolicyRefParams struct {
	PolicyName string        `url:"PolicyName"`
	PolicyType RAMPolicyType `url:"PolicyType"`
}

func (c *RAMClient) checkPolicyRef(op, name string, t RAMPolicyType) error {
	return firstInvalid(SchemeRAM, op, fieldRule{"PolicyName", policyRule(name)}, fieldRule{"PolicyType", policyTypeRule(t)})
}

// GetPolicy returns a policy with the document of its default version
// (action GetPolicy); EntityNotExist.Policy is ErrNotFound.
func (c *RAMClient) GetPolicy(ctx context.Context, in *RAMGetPolicyInput) (*RAMGetPolicyOutput, error) {
	const op = "GetPolicy"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "PolicyName", "required")
	}
	if err := c.checkPolicyRef(op, in.PolicyName, in.PolicyType); err != nil {
		return nil, err
	}
	var out struct {
		answer
		Policy               *wireRAMPolicy
		DefaultPolicyVersion *wireRAMPolicyVersion
	}
	rid, err := c.rpc.call(ctx, op, &ramPolicyRefParams{PolicyName: in.PolicyName, PolicyType: in.PolicyType}, true, &out,
		func() string { return needObject("Policy", out.Policy, (*wireRAMPolicy).lacks) })
	if err != nil {
		return nil, err
	}
	res := &RAMGetPolicyOutput{RequestID: rid, Policy: out.Policy.native()}
	if out.DefaultPolicyVersion != nil {
		res.DefaultPolicyVersion = out.DefaultPolicyVersion.native()
	}
	return res, nil
}

// RAMUpdatePolicyDescriptionInput is the input of
// RAMClient.UpdatePolicyDescription.
type RAMUpdatePolicyDescriptionInput struct {
	// PolicyName is the custom policy; required.
	PolicyName string
	// NewDescription is the description: 1-1024 characters, required.
	NewDescription string
}

// RAMUpdatePolicyDescriptionOutput is the answer of
// RAMClient.UpdatePolicyDescription.
type RAMUpdatePolicyDescriptionOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// Policy is the policy after the change.
	Policy *RAMPolicy
}

type ramUpdatePolicyDescriptionParams struct {
	PolicyName     string `url:"PolicyName"`
	NewDescription string `url:"NewDescription"`
}

// UpdatePolicyDescription changes a custom policy's description (action
// UpdatePolicyDescription).
func (c *RAMClient) UpdatePolicyDescription(ctx context.Context, in *RAMUpdatePolicyDescriptionInput) (*RAMUpdatePolicyDescriptionOutput, error) {
	const op = "UpdatePolicyDescription"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "PolicyName", "required")
	}
	desc := lenRule(in.NewDescription, ramMaxPolicyDescription)
	if in.NewDescription == "" {
		desc = "required: 1-1024 characters"
	}
	if err := firstInvalid(SchemeRAM, op, fieldRule{"PolicyName", policyRule(in.PolicyName)},
		fieldRule{"NewDescription", desc}); err != nil {
		return nil, err
	}
	var out struct {
		answer
		Policy *wireRAMPolicy
	}
	rid, err := c.rpc.call(ctx, op, &ramUpdatePolicyDescriptionParams{PolicyName: in.PolicyName,
		NewDescription: in.NewDescription}, true, &out, func() string { return needObject("Policy", out.Policy, (*wireRAMPolicy).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMUpdatePolicyDescriptionOutput{RequestID: rid, Policy: out.Policy.native()}, nil
}

// RAMDeletePolicyInput is the input of RAMClient.DeletePolicy.
type RAMDeletePolicyInput struct {
	// PolicyName is the custom policy; required.
	PolicyName string
	// CascadingDelete also deletes the versions that are not the default;
	// without it RAM refuses a policy that has some
	// (DeleteConflict.Policy.Version).
	CascadingDelete bool
}

// RAMDeletePolicyOutput is the answer of RAMClient.DeletePolicy.
type RAMDeletePolicyOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

type ramDeletePolicyParams struct {
	PolicyName      string `url:"PolicyName"`
	CascadingDelete bool   `url:"CascadingDelete,omitempty"`
}

// DeletePolicy deletes a custom policy (action DeletePolicy). RAM refuses
// while it is attached (DeleteConflict.Policy.User, .Group, and presumably
// .Role) or has other versions than the default without CascadingDelete
// (DeleteConflict.Policy.Version): ErrFailedPrecondition. The portable
// DeletePolicy detaches it first.
func (c *RAMClient) DeletePolicy(ctx context.Context, in *RAMDeletePolicyInput) (*RAMDeletePolicyOutput, error) {
	const op = "DeletePolicy"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "PolicyName", "required")
	}
	if r := policyRule(in.PolicyName); r != "" {
		return nil, c.rpc.invalidArg(op, "PolicyName", r)
	}
	rid, err := c.rpc.call(ctx, op, &ramDeletePolicyParams{PolicyName: in.PolicyName, CascadingDelete: in.CascadingDelete}, true, nil)
	if err != nil {
		return nil, err
	}
	return &RAMDeletePolicyOutput{RequestID: rid}, nil
}

// RAMListPoliciesInput is the input of RAMClient.ListPolicies; nil lists the
// first page of every policy.
type RAMListPoliciesInput struct {
	// PolicyType lists only System or only Custom policies; empty lists both.
	PolicyType RAMPolicyType
	// Marker is the Marker of the previous page; empty starts at the beginning.
	Marker string
	// MaxItems is the page size, 1-1000; zero uses RAM's default (100).
	MaxItems int
	// Tags keeps the custom policies that carry every one of these tags.
	Tags []RAMTag
}

// RAMListPoliciesOutput is one page of RAMClient.ListPolicies.
type RAMListPoliciesOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// IsTruncated tells whether more pages follow.
	IsTruncated bool
	// Marker is where the next page starts (opaque).
	Marker string
	// Policies are the page's policies, without documents.
	Policies []*RAMPolicy
}

type ramListPoliciesParams struct {
	PolicyType RAMPolicyType `url:"PolicyType,omitempty"`
	Marker     string        `url:"Marker,omitempty"`
	MaxItems   int           `url:"MaxItems,omitempty"`
	Tag        ramTags       `url:"Tag,omitempty"`
}

// ListPolicies returns one page of the policies the account can attach:
// RAM's system policies and its custom ones (action ListPolicies).
func (c *RAMClient) ListPolicies(ctx context.Context, in *RAMListPoliciesInput) (*RAMListPoliciesOutput, error) {
	const op = "ListPolicies"
	if in == nil {
		in = &RAMListPoliciesInput{}
	}
	rules := []fieldRule{}
	if in.PolicyType != "" {
		rules = append(rules, fieldRule{"PolicyType", policyTypeRule(in.PolicyType)})
	}
	if err := firstInvalid(SchemeRAM, op, append(rules, tagRules(in.Tags)...)...); err != nil {
		return nil, err
	}
	if err := c.checkMaxItems(op, in.MaxItems, 1000); err != nil {
		return nil, err
	}
	var out struct {
		answer
		IsTruncated bool
		Marker      string
		Policies    struct{ Policy []*wireRAMPolicy }
	}
	rid, err := c.rpc.call(ctx, op, &ramListPoliciesParams{PolicyType: in.PolicyType, Marker: in.Marker,
		MaxItems: in.MaxItems, Tag: in.Tags}, true, &out,
		func() string { return needList("Policies.Policy", out.Policies.Policy, (*wireRAMPolicy).lacks) })
	if err != nil {
		return nil, err
	}
	res := &RAMListPoliciesOutput{RequestID: rid, IsTruncated: out.IsTruncated, Marker: out.Marker,
		Policies: nativeList(out.Policies.Policy, (*wireRAMPolicy).native)}
	if res.IsTruncated && res.Marker == "" {
		return nil, truncatedWithoutMarker(op, rid)
	}
	return res, nil
}

// AllPolicies iterates over every policy that matches in (nil: all of
// them), following Marker while IsTruncated from in.Marker. Pages are
// fetched lazily.
func (c *RAMClient) AllPolicies(ctx context.Context, in *RAMListPoliciesInput) iter.Seq2[*RAMPolicy, error] {
	q := RAMListPoliciesInput{}
	if in != nil {
		q = *in
	}
	first := q.Marker
	return markerPages("ListPolicies", func(marker string) ([]*RAMPolicy, bool, string, string, error) {
		if marker == "" {
			marker = first
		}
		page := q
		page.Marker = marker
		out, err := c.ListPolicies(ctx, &page)
		if err != nil {
			return nil, false, "", "", err
		}
		return out.Policies, out.IsTruncated, out.Marker, out.RequestID, nil
	})
}

// RAMPolicyAttachmentInput attaches or detaches a policy, for the
// Attach/Detach actions of users, groups and roles: exactly the principal
// the action names (UserName, GroupName or RoleName) is required.
type RAMPolicyAttachmentInput struct {
	// PolicyName is the policy; required.
	PolicyName string
	// PolicyType is RAMPolicySystem or RAMPolicyCustom; required.
	PolicyType RAMPolicyType
	// UserName is the user of AttachPolicyToUser and DetachPolicyFromUser.
	UserName string
	// GroupName is the group of AttachPolicyToGroup and DetachPolicyFromGroup.
	GroupName string
	// RoleName is the role of AttachPolicyToRole and DetachPolicyFromRole.
	RoleName string
	// ResourceGroupID limits the grant to one resource group (rg-...);
	// empty grants it on the whole account. The lists of a principal's
	// policies show account grants only.
	ResourceGroupID string
}

// RAMPolicyAttachmentOutput is the answer of the Attach/Detach actions.
type RAMPolicyAttachmentOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

type ramAttachmentParams struct {
	PolicyType      RAMPolicyType `url:"PolicyType"`
	PolicyName      string        `url:"PolicyName"`
	UserName        string        `url:"UserName,omitempty"`
	GroupName       string        `url:"GroupName,omitempty"`
	RoleName        string        `url:"RoleName,omitempty"`
	ResourceGroupID string        `url:"ResourceGroupId,omitempty"`
}

// principal is which of UserName, GroupName, RoleName an action takes.
type principal int

const (
	principalUser principal = iota
	principalGroup
	principalRole
)

func (c *RAMClient) attachment(ctx context.Context, op string, who principal, in *RAMPolicyAttachmentInput, idempotent bool) (*RAMPolicyAttachmentOutput, error) {
	fields := [...]string{"UserName", "GroupName", "RoleName"}
	if in == nil {
		return nil, c.rpc.invalidArg(op, "PolicyName", "required")
	}
	names := [...]string{in.UserName, in.GroupName, in.RoleName}
	rules := []fieldRule{{"PolicyName", policyRule(in.PolicyName)}, {"PolicyType", policyTypeRule(in.PolicyType)}}
	switch who {
	case principalUser:
		rules = append(rules, fieldRule{"UserName", nameRule(in.UserName)})
	case principalGroup:
		rules = append(rules, fieldRule{"GroupName", groupRule(in.GroupName)})
	case principalRole:
		rules = append(rules, fieldRule{"RoleName", existingNameRule(in.RoleName, 64)})
	}
	for i, n := range names {
		if principal(i) != who && n != "" {
			rules = append(rules, fieldRule{fields[i], "must be empty: " + op + " takes " + fields[who]})
		}
	}
	rules = append(rules, fieldRule{"ResourceGroupId", resourceGroupRule(in.ResourceGroupID)})
	if err := firstInvalid(SchemeRAM, op, rules...); err != nil {
		return nil, err
	}
	rid, err := c.rpc.call(ctx, op, &ramAttachmentParams{PolicyType: in.PolicyType, PolicyName: in.PolicyName,
		UserName: in.UserName, GroupName: in.GroupName, RoleName: in.RoleName, ResourceGroupID: in.ResourceGroupID}, idempotent, nil)
	if err != nil {
		return nil, err
	}
	return &RAMPolicyAttachmentOutput{RequestID: rid}, nil
}

// AttachPolicyToUser grants a policy to a RAM user (action
// AttachPolicyToUser). A missing policy or user is ErrNotFound
// (EntityNotExist.Policy, EntityNotExist.User), a policy attached already
// ErrAlreadyExists (EntityAlreadyExists.User.Policy), a user with as many
// policies as RAM allows ErrLimitExceeded (LimitExceeded.User.Policy).
func (c *RAMClient) AttachPolicyToUser(ctx context.Context, in *RAMPolicyAttachmentInput) (*RAMPolicyAttachmentOutput, error) {
	return c.attachment(ctx, "AttachPolicyToUser", principalUser, in, false)
}

// DetachPolicyFromUser revokes a policy from a RAM user (action
// DetachPolicyFromUser); a policy not attached is ErrNotFound
// (EntityNotExist.User.Policy).
func (c *RAMClient) DetachPolicyFromUser(ctx context.Context, in *RAMPolicyAttachmentInput) (*RAMPolicyAttachmentOutput, error) {
	return c.attachment(ctx, "DetachPolicyFromUser", principalUser, in, true)
}

// AttachPolicyToGroup grants a policy to a RAM user group (action
// AttachPolicyToGroup): EntityNotExist.Group or .Policy (ErrNotFound),
// EntityAlreadyExists.Group.Policy (ErrAlreadyExists),
// LimitExceeded.Group.Policy (ErrLimitExceeded).
func (c *RAMClient) AttachPolicyToGroup(ctx context.Context, in *RAMPolicyAttachmentInput) (*RAMPolicyAttachmentOutput, error) {
	return c.attachment(ctx, "AttachPolicyToGroup", principalGroup, in, false)
}

// DetachPolicyFromGroup revokes a policy from a group (action
// DetachPolicyFromGroup); a policy not attached is ErrNotFound
// (EntityNotExist.Group.Policy).
func (c *RAMClient) DetachPolicyFromGroup(ctx context.Context, in *RAMPolicyAttachmentInput) (*RAMPolicyAttachmentOutput, error) {
	return c.attachment(ctx, "DetachPolicyFromGroup", principalGroup, in, true)
}

// AttachPolicyToRole grants a policy to a RAM role (action AttachPolicyToRole).
func (c *RAMClient) AttachPolicyToRole(ctx context.Context, in *RAMPolicyAttachmentInput) (*RAMPolicyAttachmentOutput, error) {
	return c.attachment(ctx, "AttachPolicyToRole", principalRole, in, false)
}

// DetachPolicyFromRole revokes a policy from a RAM role (action
// DetachPolicyFromRole).
func (c *RAMClient) DetachPolicyFromRole(ctx context.Context, in *RAMPolicyAttachmentInput) (*RAMPolicyAttachmentOutput, error) {
	return c.attachment(ctx, "DetachPolicyFromRole", principalRole, in, true)
}

// RAMListPoliciesForInput names the user, group or role whose policies
// ListPoliciesForUser, ListPoliciesForGroup or ListPoliciesForRole list:
// exactly the one the action takes is required.
type RAMListPoliciesForInput struct {
	// UserName is the user of ListPoliciesForUser.
	UserName string
	// GroupName is the group of ListPoliciesForGroup.
	GroupName string
	// RoleName is the role of ListPoliciesForRole.
	RoleName string
}

// RAMListPoliciesForOutput is the answer of ListPoliciesForUser,
// ListPoliciesForGroup and ListPoliciesForRole: every policy attached on
// the whole account (not those limited to resource groups), in one answer.
type RAMListPoliciesForOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// Policies are the attached policies, with AttachDate.
	Policies []*RAMPolicy
}

type ramListPoliciesForParams struct {
	UserName  string `url:"UserName,omitempty"`
	GroupName string `url:"GroupName,omitempty"`
	RoleName  string `url:"RoleName,omitempty"`
}

func (c *RAMClient) listPoliciesFor(ctx context.Context, op string, who principal, in *RAMListPoliciesForInput) (*RAMListPoliciesForOutput, error) {
	fields := [...]string{"UserName", "GroupName", "RoleName"}
	if in == nil {
		return nil, c.rpc.invalidArg(op, fields[who], "required")
	}
	names := [...]string{in.UserName, in.GroupName, in.RoleName}
	rules := []fieldRule{}
	switch who {
	case principalUser:
		rules = append(rules, fieldRule{"UserName", nameRule(in.UserName)})
	case principalGroup:
		rules = append(rules, fieldRule{"GroupName", groupRule(in.GroupName)})
	case principalRole:
		rules = append(rules, fieldRule{"RoleName", existingNameRule(in.RoleName, 64)})
	}
	for i, n := range names {
		if principal(i) != who && n != "" {
			rules = append(rules, fieldRule{fields[i], "must be empty: " + op + " takes " + fields[who]})
		}
	}
	if err := firstInvalid(SchemeRAM, op, rules...); err != nil {
		return nil, err
	}
	var out struct {
		answer
		Policies struct{ Policy []*wireRAMPolicy }
	}
	rid, err := c.rpc.call(ctx, op, &ramListPoliciesForParams{UserName: in.UserName, GroupName: in.GroupName,
		RoleName: in.RoleName}, true, &out,
		func() string { return needList("Policies.Policy", out.Policies.Policy, (*wireRAMPolicy).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMListPoliciesForOutput{RequestID: rid, Policies: nativeList(out.Policies.Policy, (*wireRAMPolicy).native)}, nil
}

// ListPoliciesForUser lists the policies attached to a RAM user directly
// (action ListPoliciesForUser; not paged).
func (c *RAMClient) ListPoliciesForUser(ctx context.Context, in *RAMListPoliciesForInput) (*RAMListPoliciesForOutput, error) {
	return c.listPoliciesFor(ctx, "ListPoliciesForUser", principalUser, in)
}

// ListPoliciesForGroup lists the policies attached to a group (action
// ListPoliciesForGroup; not paged).
func (c *RAMClient) ListPoliciesForGroup(ctx context.Context, in *RAMListPoliciesForInput) (*RAMListPoliciesForOutput, error) {
	return c.listPoliciesFor(ctx, "ListPoliciesForGroup", principalGroup, in)
}

// ListPoliciesForRole lists the policies attached to a role (action
// ListPoliciesForRole; not paged).
func (c *RAMClient) ListPoliciesForRole(ctx context.Context, in *RAMListPoliciesForInput) (*RAMListPoliciesForOutput, error) {
	return c.listPoliciesFor(ctx, "ListPoliciesForRole", principalRole, in)
}

// RAMListEntitiesForPolicyInput is the input of RAMClient.ListEntitiesForPolicy.
type RAMListEntitiesForPolicyInput struct {
	// PolicyName is the policy; required.
	PolicyName string
	// PolicyType is RAMPolicySystem or RAMPolicyCustom; required.
	PolicyType RAMPolicyType
}

// RAMListEntitiesForPolicyOutput is the answer of
// RAMClient.ListEntitiesForPolicy: every user, group and role the policy is
// attached to, in one answer.
type RAMListEntitiesForPolicyOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// Users have UserID, UserName, DisplayName and AttachDate.
	Users []*RAMUserSummary
	// Groups have GroupName, Comments and AttachDate.
	Groups []*RAMGroup
	// Roles have RoleID, RoleName, Arn, Description and AttachDate.
	Roles []*RAMRole
}

// ListEntitiesForPolicy lists the users, groups and roles a policy is
// attached to (action ListEntitiesForPolicy).
func (c *RAMClient) ListEntitiesForPolicy(ctx context.Context, in *RAMListEntitiesForPolicyInput) (*RAMListEntitiesForPolicyOutput, error) {
	const op = "ListEntitiesForPolicy"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "PolicyName", "required")
	}
	if err := c.checkPolicyRef(op, in.PolicyName, in.PolicyType); err != nil {
		return nil, err
	}
	var out struct {
		answer
		Users  struct{ User []*wireRAMUserSummary }
		Groups struct{ Group []*wireRAMGroup }
		Roles  struct{ Role []*wireRAMRole }
	}
	rid, err := c.rpc.call(ctx, op, &ramPolicyRefParams{PolicyName: in.PolicyName, PolicyType: in.PolicyType}, true, &out,
		func() string { return needList("Users.User", out.Users.User, (*wireRAMUserSummary).lacks) },
		func() string { return needList("Groups.Group", out.Groups.Group, (*wireRAMGroup).lacks) },
		func() string { return needList("Roles.Role", out.Roles.Role, (*wireRAMRole).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMListEntitiesForPolicyOutput{RequestID: rid, Users: nativeList(out.Users.User, (*wireRAMUserSummary).native),
		Groups: nativeList(out.Groups.Group, (*wireRAMGroup).native), Roles: nativeList(out.Roles.Role, (*wireRAMRole).native)}, nil
}

// RAMCreatePolicyVersionInput is the input of RAMClient.CreatePolicyVersion.
type RAMCreatePolicyVersionInput struct {
	// PolicyName is the custom policy; required.
	PolicyName string
	// PolicyDocument is the new version's document; required, up to 6144
	// characters.
	PolicyDocument string
	// SetAsDefault puts the new version in force (RAM's default: false).
	SetAsDefault bool
	// RotateStrategy is what happens when the policy has 5 versions
	// already: RAMRotateNone (empty: RAM's default) refuses,
	// RAMRotateDeleteOldest deletes the oldest non-default version.
	RotateStrategy RAMRotateStrategy
}

// RAMCreatePolicyVersionOutput is the answer of RAMClient.CreatePolicyVersion.
type RAMCreatePolicyVersionOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// PolicyVersion is the new version.
	PolicyVersion *RAMPolicyVersion
}

type ramCreatePolicyVersionParams struct {
	PolicyName     string            `url:"PolicyName"`
	PolicyDocument string            `url:"PolicyDocument"`
	SetAsDefault   bool              `url:"SetAsDefault,omitempty"`
	RotateStrategy RAMRotateStrategy `url:"RotateStrategy,omitempty"`
}

// CreatePolicyVersion adds a version to a custom policy (action
// CreatePolicyVersion); with SetAsDefault it is how a policy's document is
// changed. A policy with 5 versions is ErrLimitExceeded
// (LimitExceeded.Policy.Version) unless RotateStrategy makes room. It is not
// repeated once the server may have acted.
func (c *RAMClient) CreatePolicyVersion(ctx context.Context, in *RAMCreatePolicyVersionInput) (*RAMCreatePolicyVersionOutput, error) {
	const op = "CreatePolicyVersion"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "PolicyName", "required")
	}
	rotate := ""
	switch in.RotateStrategy {
	case "", RAMRotateNone, RAMRotateDeleteOldest:
	default:
		rotate = `must be "None" or "DeleteOldestNonDefaultVersionWhenLimitExceeded"`
	}
	if err := firstInvalid(SchemeRAM, op, fieldRule{"PolicyName", policyRule(in.PolicyName)},
		fieldRule{"PolicyDocument", documentRule(in.PolicyDocument)}, fieldRule{"RotateStrategy", rotate}); err != nil {
		return nil, err
	}
	var out struct {
		answer
		PolicyVersion *wireRAMPolicyVersion
	}
	rid, err := c.rpc.call(ctx, op, &ramCreatePolicyVersionParams{PolicyName: in.PolicyName, PolicyDocument: in.PolicyDocument,
		SetAsDefault: in.SetAsDefault, RotateStrategy: in.RotateStrategy}, false, &out,
		func() string { return needObject("PolicyVersion", out.PolicyVersion, (*wireRAMPolicyVersion).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMCreatePolicyVersionOutput{RequestID: rid, PolicyVersion: out.PolicyVersion.native()}, nil
}

// RAMGetPolicyVersionInput is the input of RAMClient.GetPolicyVersion.
type RAMGetPolicyVersionInput struct {
	// PolicyName is the policy; required.
	PolicyName string
	// PolicyType is RAMPolicySystem or RAMPolicyCustom; required.
	PolicyType RAMPolicyType
	// VersionID is the version ("v1", ...); required.
	VersionID string
}

// RAMGetPolicyVersionOutput is the answer of RAMClient.GetPolicyVersion.
type RAMGetPolicyVersionOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// PolicyVersion is the version, with its document.
	PolicyVersion *RAMPolicyVersion
}

type ramPolicyVersionParams struct {
	PolicyType RAMPolicyType `url:"PolicyType,omitempty"`
	PolicyName string        `url:"PolicyName"`
	VersionID  string        `url:"VersionId"`
}

// GetPolicyVersion returns one version of a policy (action
// GetPolicyVersion); EntityNotExist.Policy.Version is ErrNotFound.
func (c *RAMClient) GetPolicyVersion(ctx context.Context, in *RAMGetPolicyVersionInput) (*RAMGetPolicyVersionOutput, error) {
	const op = "GetPolicyVersion"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "PolicyName", "required")
	}
	if err := firstInvalid(SchemeRAM, op, fieldRule{"PolicyName", policyRule(in.PolicyName)},
		fieldRule{"PolicyType", policyTypeRule(in.PolicyType)}, fieldRule{"VersionId", versionIDRule(in.VersionID)}); err != nil {
		return nil, err
	}
	var out struct {
		answer
		PolicyVersion *wireRAMPolicyVersion
	}
	rid, err := c.rpc.call(ctx, op, &ramPolicyVersionParams{PolicyType: in.PolicyType, PolicyName: in.PolicyName,
		VersionID: in.VersionID}, true, &out,
		func() string { return needObject("PolicyVersion", out.PolicyVersion, (*wireRAMPolicyVersion).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMGetPolicyVersionOutput{RequestID: rid, PolicyVersion: out.PolicyVersion.native()}, nil
}

// RAMListPolicyVersionsInput is the input of RAMClient.ListPolicyVersions.
type RAMListPolicyVersionsInput struct {
	// PolicyName is the policy; required.
	PolicyName string
	// PolicyType is RAMPolicySystem or RAMPolicyCustom; required.
	PolicyType RAMPolicyType
}

// RAMListPolicyVersionsOutput is the answer of RAMClient.ListPolicyVersions:
// every version, in one answer.
type RAMListPolicyVersionsOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// PolicyVersions are the versions, with their documents.
	PolicyVersions []*RAMPolicyVersion
}

// ListPolicyVersions lists the versions of a policy (action ListPolicyVersions).
func (c *RAMClient) ListPolicyVersions(ctx context.Context, in *RAMListPolicyVersionsInput) (*RAMListPolicyVersionsOutput, error) {
	const op = "ListPolicyVersions"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "PolicyName", "required")
	}
	if err := c.checkPolicyRef(op, in.PolicyName, in.PolicyType); err != nil {
		return nil, err
	}
	var out struct {
		answer
		PolicyVersions struct{ PolicyVersion []*wireRAMPolicyVersion }
	}
	rid, err := c.rpc.call(ctx, op, &ramPolicyRefParams{PolicyName: in.PolicyName, PolicyType: in.PolicyType}, true, &out,
		func() string {
			return needList("PolicyVersions.PolicyVersion", out.PolicyVersions.PolicyVersion, (*wireRAMPolicyVersion).lacks)
		})
	if err != nil {
		return nil, err
	}
	return &RAMListPolicyVersionsOutput{RequestID: rid,
		PolicyVersions: nativeList(out.PolicyVersions.PolicyVersion, (*wireRAMPolicyVersion).native)}, nil
}

// RAMPolicyVersionInput names a version of a custom policy, for
// DeletePolicyVersion and SetDefaultPolicyVersion.
type RAMPolicyVersionInput struct {
	// PolicyName is the custom policy; required.
	PolicyName string
	// VersionID is the version ("v1", ...); required.
	VersionID string
}

// RAMPolicyVersionOutput is the answer of DeletePolicyVersion and
// SetDefaultPolicyVersion.
type RAMPolicyVersionOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

func (c *RAMClient) versionAction(ctx context.Context, op string, in *RAMPolicyVersionInput) (*RAMPolicyVersionOutput, error) {
	if in == nil {
		return nil, c.rpc.invalidArg(op, "PolicyName", "required")
	}
	if err := firstInvalid(SchemeRAM, op, fieldRule{"PolicyName", policyRule(in.PolicyName)},
		fieldRule{"VersionId", versionIDRule(in.VersionID)}); err != nil {
		return nil, err
	}
	rid, err := c.rpc.call(ctx, op, &ramPolicyVersionParams{PolicyName: in.PolicyName, VersionID: in.VersionID}, true, nil)
	if err != nil {
		return nil, err
	}
	return &RAMPolicyVersionOutput{RequestID: rid}, nil
}

// DeletePolicyVersion deletes a version of a custom policy (action
// DeletePolicyVersion). The default version cannot be deleted
// (DeleteConflict.Policy.Version.Default, ErrFailedPrecondition).
func (c *RAMClient) DeletePolicyVersion(ctx context.Context, in *RAMPolicyVersionInput) (*RAMPolicyVersionOutput, error) {
	return c.versionAction(ctx, "DeletePolicyVersion", in)
}

// SetDefaultPolicyVersion puts a version of a custom policy in force (action
// SetDefaultPolicyVersion).
func (c *RAMClient) SetDefaultPolicyVersion(ctx context.Context, in *RAMPolicyVersionInput) (*RAMPolicyVersionOutput, error) {
	return c.versionAction(ctx, "SetDefaultPolicyVersion", in)
}

// isCode reports whether err is an *iam.Error whose Code starts with prefix.
func isCode(err error, prefix string) bool {
	var ie *iam.Error
	return errors.As(err, &ie) && strings.HasPrefix(ie.Code, prefix)
}
