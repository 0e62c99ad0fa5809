package aliyun

import (
	"context"
)

// EIAM's permission model is application access: which accounts, groups
// and organizational units may sign in to an application, optionally with
// an application role. These calls follow the EIAM actions one to one; the
// portable API has no counterpart (its policies are cloud-resource
// policies, which EIAM does not have).

// IDaaSAuthorizationType is who may use an application.
type IDaaSAuthorizationType string

// Application authorization types.
const (
	// IDaaSAuthorizeRequired lets in only the accounts, groups and
	// organizational units the application is authorized to.
	IDaaSAuthorizeRequired IDaaSAuthorizationType = "authorize_required"
	// IDaaSDefaultAll lets in every account of the instance.
	IDaaSDefaultAll IDaaSAuthorizationType = "default_all"
)

// IDaaSQueryMode is what ListApplicationsForUser reports.
type IDaaSQueryMode string

// Query modes of ListApplicationsForUser.
const (
	// IDaaSOnlyDirect reports the applications authorized to the account
	// itself (EIAM's default).
	IDaaSOnlyDirect IDaaSQueryMode = "OnlyDirect"
	// IDaaSIncludeInherit adds those authorized to its groups and parent
	// organizational units.
	IDaaSIncludeInherit IDaaSQueryMode = "IncludeInherit"
)

// IDaaSApplicationRole is an application role in an authorization.
// HasDirectAuthorization and HasInheritAuthorization are set by
// ListApplicationsForUser only.
type IDaaSApplicationRole struct {
	// ApplicationRoleID is the role's id (app_role_...).
	ApplicationRoleID string `json:"ApplicationRoleId"`
	// HasDirectAuthorization tells whether the role is granted to the
	// account itself.
	HasDirectAuthorization bool `json:"HasDirectAuthorization"`
	// HasInheritAuthorization tells whether the role comes from a group or
	// organizational unit of the account.
	HasInheritAuthorization bool `json:"HasInheritAuthorization"`
}

// IDaaSApplicationGrant is one authorization in the lists of an
// application's principals (UserID, GroupID or OrganizationalUnitID set)
// and of a principal's applications (ApplicationID set, with
// HasDirectAuthorization and HasInheritAuthorization for accounts and
// groups).
type IDaaSApplicationGrant struct {
	// ApplicationID is the application (app_...).
	ApplicationID string
	// UserID is the account (ListUsersForApplication).
	UserID string
	// GroupID is the group (ListGroupsForApplication).
	GroupID string
	// OrganizationalUnitID is the organizational unit
	// (ListOrganizationalUnitsForApplication).
	OrganizationalUnitID string
	// HasDirectAuthorization tells whether the application is authorized
	// to the principal itself.
	HasDirectAuthorization bool
	// HasInheritAuthorization tells whether it is authorized through a
	// group or a parent organizational unit.
	HasInheritAuthorization bool
	// ApplicationRoles are the roles granted with the access (none for
	// SAML applications).
	ApplicationRoles []*IDaaSApplicationRole
}

type wireIDaaSApplicationGrant struct {
	ApplicationID           string                  `json:"ApplicationId"`
	UserID                  string                  `json:"UserId"`
	GroupID                 string                  `json:"GroupId"`
	OrganizationalUnitID    string                  `json:"OrganizationalUnitId"`
	HasDirectAuthorization  bool                    `json:"HasDirectAuthorization"`
	HasInheritAuthorization bool                    `json:"HasInheritAuthorization"`
	ApplicationRoles        []*IDaaSApplicationRole `json:"ApplicationRoles"`
}

func (w *wireIDaaSApplicationGrant) native() *IDaaSApplicationGrant {
	return &IDaaSApplicationGrant{ApplicationID: w.ApplicationID, UserID: w.UserID, GroupID: w.GroupID,
		OrganizationalUnitID: w.OrganizationalUnitID, HasDirectAuthorization: w.HasDirectAuthorization,
		HasInheritAuthorization: w.HasInheritAuthorization, ApplicationRoles: nonNil(w.ApplicationRoles)}
}

// IDaaSApplicationOutput is the answer of the application authorization
// calls that return nothing but the request id.
type IDaaSApplicationOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

// IDaaSUpdateApplicationAuthorizationTypeInput is the input of
// IDaaSClient.UpdateApplicationAuthorizationType.
type IDaaSUpdateApplicationAuthorizationTypeInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// ApplicationID is the application (app_...); required.
	ApplicationID string
	// AuthorizationType is IDaaSAuthorizeRequired or IDaaSDefaultAll; required.
	AuthorizationType IDaaSAuthorizationType
}

type eiamAuthorizationTypeParams struct {
	InstanceID        string                 `url:"InstanceId"`
	ApplicationID     string                 `url:"ApplicationId"`
	AuthorizationType IDaaSAuthorizationType `url:"AuthorizationType"`
}

func (c *IDaaSClient) checkApplicationID(op, field, id string) error {
	if id == "" {
		return c.rpc.invalidArg(op, field, "required")
	}
	if !isID(id) {
		return c.rpc.invalidArg(op, field, "must be an application id (app_...)")
	}
	return nil
}

// UpdateApplicationAuthorizationType sets who may use an application
// (action UpdateApplicationAuthorizationType).
func (c *IDaaSClient) UpdateApplicationAuthorizationType(ctx context.Context, in *IDaaSUpdateApplicationAuthorizationTypeInput) (*IDaaSApplicationOutput, error) {
	const op = "UpdateApplicationAuthorizationType"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "ApplicationId", "required")
	}
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if err := c.checkApplicationID(op, "ApplicationId", in.ApplicationID); err != nil {
		return nil, err
	}
	if in.AuthorizationType != IDaaSAuthorizeRequired && in.AuthorizationType != IDaaSDefaultAll {
		return nil, c.rpc.invalidArg(op, "AuthorizationType", `must be "authorize_required" or "default_all"`)
	}
	rid, err := c.rpc.call(ctx, op, &eiamAuthorizationTypeParams{InstanceID: inst, ApplicationID: in.ApplicationID,
		AuthorizationType: in.AuthorizationType}, true, nil)
	if err != nil {
		return nil, err
	}
	return &IDaaSApplicationOutput{RequestID: rid}, nil
}

// appPrincipal is which list of principals an application action takes.
type appPrincipal int

const (
	appUsers appPrincipal = iota
	appGroups
	appOrganizationalUnits
)

var appPrincipalFields = [...]string{"UserIds", "GroupIds", "OrganizationalUnitIds"}

// appPrincipalLists and appPrincipalIDs name, for each principal, the list
// of an application's principals in an answer and the id its elements
// carry.
var (
	appPrincipalLists = [...]string{"Users", "Groups", "OrganizationalUnits"}
	appPrincipalIDs   = [...]string{"UserId", "GroupId", "OrganizationalUnitId"}
)

// IDaaSApplicationAuthorizationInput is the input of the
// AuthorizeApplicationTo* and RevokeApplicationFrom* actions: an
// application and 1-100 principals in exactly the list the action takes
// (UserIDs, GroupIDs or OrganizationalUnitIDs).
type IDaaSApplicationAuthorizationInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// ApplicationID is the application (app_...); required.
	ApplicationID string
	// ApplicationRoleID grants or revokes one application role
	// (app_role_...); empty: the access itself.
	ApplicationRoleID string
	// UserIDs are the accounts of AuthorizeApplicationToUsers and
	// RevokeApplicationFromUsers (sent as UserIds.N).
	UserIDs []string
	// GroupIDs are the groups of AuthorizeApplicationToGroups and
	// RevokeApplicationFromGroups (sent as GroupIds.N).
	GroupIDs []string
	// OrganizationalUnitIDs are the organizational units of
	// AuthorizeApplicationToOrganizationalUnits and
	// RevokeApplicationFromOrganizationalUnits (sent as
	// OrganizationalUnitIds.N).
	OrganizationalUnitIDs []string
}

type eiamApplicationAuthorizationParams struct {
	InstanceID            string          `url:"InstanceId"`
	ApplicationID         string          `url:"ApplicationId"`
	ApplicationRoleID     string          `url:"ApplicationRoleId,omitempty"`
	UserIDs               rpcList[string] `url:"UserIds,omitempty"`
	GroupIDs              rpcList[string] `url:"GroupIds,omitempty"`
	OrganizationalUnitIDs rpcList[string] `url:"OrganizationalUnitIds,omitempty"`
}

// principalRules checks that lists holds ids in the list of who only.
func principalRules(op string, who appPrincipal, lists [3][]string, required bool) []fieldRule {
	kinds := [...]string{"user", "group", "organizational unit"}
	rules := idRules(appPrincipalFields[who], kinds[who], lists[who], required)
	for i, l := range lists {
		if appPrincipal(i) != who && len(l) > 0 {
			rules = append(rules, fieldRule{appPrincipalFields[i], "must be empty: " + op + " takes " + appPrincipalFields[who]})
		}
	}
	return rules
}

func (c *IDaaSClient) authorization(ctx context.Context, op string, who appPrincipal, in *IDaaSApplicationAuthorizationInput, idempotent bool) (*IDaaSApplicationOutput, error) {
	if in == nil {
		return nil, c.rpc.invalidArg(op, "ApplicationId", "required")
	}
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if err := c.checkApplicationID(op, "ApplicationId", in.ApplicationID); err != nil {
		return nil, err
	}
	rules := []fieldRule{}
	if in.ApplicationRoleID != "" && !isID(in.ApplicationRoleID) {
		rules = append(rules, fieldRule{"ApplicationRoleId", "must be an application role id (app_role_...)"})
	}
	rules = append(rules, principalRules(op, who, [3][]string{in.UserIDs, in.GroupIDs, in.OrganizationalUnitIDs}, true)...)
	if err := firstInvalid(SchemeIDaaS, op, rules...); err != nil {
		return nil, err
	}
	rid, err := c.rpc.call(ctx, op, &eiamApplicationAuthorizationParams{InstanceID: inst, ApplicationID: in.ApplicationID,
		ApplicationRoleID: in.ApplicationRoleID, UserIDs: in.UserIDs, GroupIDs: in.GroupIDs,
		OrganizationalUnitIDs: in.OrganizationalUnitIDs}, idempotent, nil)
	if err != nil {
		return nil, err
	}
	return &IDaaSApplicationOutput{RequestID: rid}, nil
}

// AuthorizeApplicationToUsers lets up to 100 accounts use an application,
// or gives them an application role (action AuthorizeApplicationToUsers).
// Like every grant, it is not repeated once the server may have acted.
func (c *IDaaSClient) AuthorizeApplicationToUsers(ctx context.Context, in *IDaaSApplicationAuthorizationInput) (*IDaaSApplicationOutput, error) {
	return c.authorization(ctx, "AuthorizeApplicationToUsers", appUsers, in, false)
}

// AuthorizeApplicationToGroups lets the members of up to 100 groups use an
// application (action AuthorizeApplicationToGroups).
func (c *IDaaSClient) AuthorizeApplicationToGroups(ctx context.Context, in *IDaaSApplicationAuthorizationInput) (*IDaaSApplicationOutput, error) {
	return c.authorization(ctx, "AuthorizeApplicationToGroups", appGroups, in, false)
}

// AuthorizeApplicationToOrganizationalUnits lets the accounts of up to 100
// organizational units use an application (action
// AuthorizeApplicationToOrganizationalUnits).
func (c *IDaaSClient) AuthorizeApplicationToOrganizationalUnits(ctx context.Context, in *IDaaSApplicationAuthorizationInput) (*IDaaSApplicationOutput, error) {
	return c.authorization(ctx, "AuthorizeApplicationToOrganizationalUnits", appOrganizationalUnits, in, false)
}

// RevokeApplicationFromUsers withdraws accounts' access to an application,
// or an application role (action RevokeApplicationFromUsers).
func (c *IDaaSClient) RevokeApplicationFromUsers(ctx context.Context, in *IDaaSApplicationAuthorizationInput) (*IDaaSApplicationOutput, error) {
	return c.authorization(ctx, "RevokeApplicationFromUsers", appUsers, in, true)
}

// RevokeApplicationFromGroups withdraws groups' access to an application
// (action RevokeApplicationFromGroups).
func (c *IDaaSClient) RevokeApplicationFromGroups(ctx context.Context, in *IDaaSApplicationAuthorizationInput) (*IDaaSApplicationOutput, error) {
	return c.authorization(ctx, "RevokeApplicationFromGroups", appGroups, in, true)
}

// RevokeApplicationFromOrganizationalUnits withdraws organizational units'
// access to an application (action RevokeApplicationFromOrganizationalUnits).
func (c *IDaaSClient) RevokeApplicationFromOrganizationalUnits(ctx context.Context, in *IDaaSApplicationAuthorizationInput) (*IDaaSApplicationOutput, error) {
	return c.authorization(ctx, "RevokeApplicationFromOrganizationalUnits", appOrganizationalUnits, in, true)
}

// IDaaSListForApplicationInput is the input of ListUsersForApplication,
// ListGroupsForApplication and ListOrganizationalUnitsForApplication.
type IDaaSListForApplicationInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// ApplicationID is the application (app_...); required.
	ApplicationID string
	// ApplicationRoleID keeps the principals that hold this role.
	ApplicationRoleID string
	// UserIDs keeps these accounts (ListUsersForApplication; at most 100).
	UserIDs []string
	// GroupIDs keeps these groups (ListGroupsForApplication; at most 100).
	GroupIDs []string
	// OrganizationalUnitIDs keeps these units
	// (ListOrganizationalUnitsForApplication; at most 100).
	OrganizationalUnitIDs []string
	// PageNumber starts at 1; zero means 1.
	PageNumber int
	// PageSize is the page size; zero means EIAM's default (20).
	PageSize int
}

// IDaaSListForApplicationOutput is one page of an application's
// principals: Grants hold UserID, GroupID or OrganizationalUnitID, with
// their application roles.
type IDaaSListForApplicationOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// TotalCount is the number of matching principals over all pages.
	TotalCount int64
	// Grants are the page's principals.
	Grants []*IDaaSApplicationGrant
}

type eiamListForApplicationParams struct {
	InstanceID            string          `url:"InstanceId"`
	ApplicationID         string          `url:"ApplicationId"`
	ApplicationRoleID     string          `url:"ApplicationRoleId,omitempty"`
	UserIDs               rpcList[string] `url:"UserIds,omitempty"`
	GroupIDs              rpcList[string] `url:"GroupIds,omitempty"`
	OrganizationalUnitIDs rpcList[string] `url:"OrganizationalUnitIds,omitempty"`
	PageNumber            int             `url:"PageNumber,omitempty"`
	PageSize              int             `url:"PageSize,omitempty"`
}

// appPageRules checks PageNumber and PageSize of the application lists,
// whose reference gives no largest page.
func appPageRules(number, size int) []fieldRule {
	var rules []fieldRule
	if number < 0 {
		rules = append(rules, fieldRule{"PageNumber", "must be at least 1 (0 means 1)"})
	}
	if size < 0 {
		rules = append(rules, fieldRule{"PageSize", "must be positive (0 uses the default)"})
	}
	return rules
}

func (c *IDaaSClient) listForApplication(ctx context.Context, op string, who appPrincipal, in *IDaaSListForApplicationInput) (*IDaaSListForApplicationOutput, error) {
	if in == nil {
		return nil, c.rpc.invalidArg(op, "ApplicationId", "required")
	}
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if err := c.checkApplicationID(op, "ApplicationId", in.ApplicationID); err != nil {
		return nil, err
	}
	rules := appPageRules(in.PageNumber, in.PageSize)
	if in.ApplicationRoleID != "" && !isID(in.ApplicationRoleID) {
		rules = append(rules, fieldRule{"ApplicationRoleId", "must be an application role id (app_role_...)"})
	}
	rules = append(rules, principalRules(op, who, [3][]string{in.UserIDs, in.GroupIDs, in.OrganizationalUnitIDs}, false)...)
	if err := firstInvalid(SchemeIDaaS, op, rules...); err != nil {
		return nil, err
	}
	var out struct {
		answer
		TotalCount          int64                        `json:"TotalCount"`
		Users               []*wireIDaaSApplicationGrant `json:"Users"`
		Groups              []*wireIDaaSApplicationGrant `json:"Groups"`
		OrganizationalUnits []*wireIDaaSApplicationGrant `json:"OrganizationalUnits"`
	}
	lists := [...]*[]*wireIDaaSApplicationGrant{&out.Users, &out.Groups, &out.OrganizationalUnits}
	rid, err := c.rpc.call(ctx, op, &eiamListForApplicationParams{InstanceID: inst, ApplicationID: in.ApplicationID,
		ApplicationRoleID: in.ApplicationRoleID, UserIDs: in.UserIDs, GroupIDs: in.GroupIDs,
		OrganizationalUnitIDs: in.OrganizationalUnitIDs, PageNumber: in.PageNumber, PageSize: in.PageSize}, true, &out,
		func() string {
			return needList(appPrincipalLists[who], *lists[who], func(g *wireIDaaSApplicationGrant) string {
				return needStrings(appPrincipalIDs[who], [...]string{g.UserID, g.GroupID, g.OrganizationalUnitID}[who])
			})
		})
	if err != nil {
		return nil, err
	}
	list := *lists[who]
	return &IDaaSListForApplicationOutput{RequestID: rid, TotalCount: out.TotalCount,
		Grants: nativeList(list, (*wireIDaaSApplicationGrant).native)}, nil
}

// ListUsersForApplication returns one page of the accounts an application
// is authorized to (action ListUsersForApplication).
func (c *IDaaSClient) ListUsersForApplication(ctx context.Context, in *IDaaSListForApplicationInput) (*IDaaSListForApplicationOutput, error) {
	return c.listForApplication(ctx, "ListUsersForApplication", appUsers, in)
}

// ListGroupsForApplication returns one page of the groups an application
// is authorized to (action ListGroupsForApplication).
func (c *IDaaSClient) ListGroupsForApplication(ctx context.Context, in *IDaaSListForApplicationInput) (*IDaaSListForApplicationOutput, error) {
	return c.listForApplication(ctx, "ListGroupsForApplication", appGroups, in)
}

// ListOrganizationalUnitsForApplication returns one page of the
// organizational units an application is authorized to (action
// ListOrganizationalUnitsForApplication).
func (c *IDaaSClient) ListOrganizationalUnitsForApplication(ctx context.Context, in *IDaaSListForApplicationInput) (*IDaaSListForApplicationOutput, error) {
	return c.listForApplication(ctx, "ListOrganizationalUnitsForApplication", appOrganizationalUnits, in)
}

// IDaaSListApplicationsForInput is the input of ListApplicationsForUser,
// ListApplicationsForGroup and ListApplicationsForOrganizationalUnit:
// exactly the principal the action takes is required.
type IDaaSListApplicationsForInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// UserID is the account of ListApplicationsForUser.
	UserID string
	// GroupID is the group of ListApplicationsForGroup.
	GroupID string
	// OrganizationalUnitID is the unit of ListApplicationsForOrganizationalUnit.
	OrganizationalUnitID string
	// QueryMode (ListApplicationsForUser only) is IDaaSOnlyDirect (empty:
	// EIAM's default) or IDaaSIncludeInherit.
	QueryMode IDaaSQueryMode
	// ApplicationIDs keeps these applications (at most 100; sent as
	// ApplicationIds.N).
	ApplicationIDs []string
	// PageNumber starts at 1; zero means 1.
	PageNumber int
	// PageSize is the page size; zero means EIAM's default (20).
	PageSize int
}

// IDaaSListApplicationsForOutput is one page of a principal's
// applications: Applications hold ApplicationID and the roles.
type IDaaSListApplicationsForOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// TotalCount is the number of matching applications over all pages.
	TotalCount int64
	// Applications are the page's applications.
	Applications []*IDaaSApplicationGrant
}

type eiamListApplicationsForParams struct {
	InstanceID           string          `url:"InstanceId"`
	UserID               string          `url:"UserId,omitempty"`
	GroupID              string          `url:"GroupId,omitempty"`
	OrganizationalUnitID string          `url:"OrganizationalUnitId,omitempty"`
	QueryMode            IDaaSQueryMode  `url:"QueryMode,omitempty"`
	ApplicationIDs       rpcList[string] `url:"ApplicationIds,omitempty"`
	PageNumber           int             `url:"PageNumber,omitempty"`
	PageSize             int             `url:"PageSize,omitempty"`
}

func (c *IDaaSClient) listApplicationsFor(ctx context.Context, op string, who appPrincipal, in *IDaaSListApplicationsForInput) (*IDaaSListApplicationsForOutput, error) {
	fields := [...]string{"UserId", "GroupId", "OrganizationalUnitId"}
	if in == nil {
		return nil, c.rpc.invalidArg(op, fields[who], "required")
	}
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return nil, err
	}
	ids := [...]string{in.UserID, in.GroupID, in.OrganizationalUnitID}
	var rules []fieldRule
	for i, id := range ids {
		switch {
		case appPrincipal(i) == who && id == "":
			rules = append(rules, fieldRule{fields[i], "required"})
		case appPrincipal(i) == who && !isID(id):
			rules = append(rules, fieldRule{fields[i], "must be an id"})
		case appPrincipal(i) != who && id != "":
			rules = append(rules, fieldRule{fields[i], "must be empty: " + op + " takes " + fields[who]})
		}
	}
	switch {
	case in.QueryMode != "" && who != appUsers:
		rules = append(rules, fieldRule{"QueryMode", "only ListApplicationsForUser takes it"})
	case in.QueryMode != "" && in.QueryMode != IDaaSOnlyDirect && in.QueryMode != IDaaSIncludeInherit:
		rules = append(rules, fieldRule{"QueryMode", `must be "OnlyDirect" or "IncludeInherit"`})
	}
	rules = append(rules, idRules("ApplicationIds", "application", in.ApplicationIDs, false)...)
	rules = append(rules, appPageRules(in.PageNumber, in.PageSize)...)
	if err := firstInvalid(SchemeIDaaS, op, rules...); err != nil {
		return nil, err
	}
	var out struct {
		answer
		TotalCount   int64                        `json:"TotalCount"`
		Applications []*wireIDaaSApplicationGrant `json:"Applications"`
	}
	rid, err := c.rpc.call(ctx, op, &eiamListApplicationsForParams{InstanceID: inst, UserID: in.UserID, GroupID: in.GroupID,
		OrganizationalUnitID: in.OrganizationalUnitID, QueryMode: in.QueryMode, ApplicationIDs: in.ApplicationIDs,
		PageNumber: in.PageNumber, PageSize: in.PageSize}, true, &out, func() string {
		return needList("Applications", out.Applications, func(g *wireIDaaSApplicationGrant) string {
			return needStrings("ApplicationId", g.ApplicationID)
		})
	})
	if err != nil {
		return nil, err
	}
	return &IDaaSListApplicationsForOutput{RequestID: rid, TotalCount: out.TotalCount,
		Applications: nativeList(out.Applications, (*wireIDaaSApplicationGrant).native)}, nil
}

// ListApplicationsForUser returns one page of the applications an account
// may use: directly, or with QueryMode IDaaSIncludeInherit also through its
// groups and organizational units (action ListApplicationsForUser).
func (c *IDaaSClient) ListApplicationsForUser(ctx context.Context, in *IDaaSListApplicationsForInput) (*IDaaSListApplicationsForOutput, error) {
	return c.listApplicationsFor(ctx, "ListApplicationsForUser", appUsers, in)
}

// ListApplicationsForGroup returns one page of the applications a group is
// authorized to (action ListApplicationsForGroup).
func (c *IDaaSClient) ListApplicationsForGroup(ctx context.Context, in *IDaaSListApplicationsForInput) (*IDaaSListApplicationsForOutput, error) {
	return c.listApplicationsFor(ctx, "ListApplicationsForGroup", appGroups, in)
}

// ListApplicationsForOrganizationalUnit returns one page of the
// applications an organizational unit is authorized to (action
// ListApplicationsForOrganizationalUnit).
func (c *IDaaSClient) ListApplicationsForOrganizationalUnit(ctx context.Context, in *IDaaSListApplicationsForInput) (*IDaaSListApplicationsForOutput, error) {
	return c.listApplicationsFor(ctx, "ListApplicationsForOrganizationalUnit", appOrganizationalUnits, in)
}
