package aliyun

import (
	"context"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// IDaaSClient is a client of Alibaba Cloud IDaaS EIAM (API version
// 2021-12-01), the user directory of an EIAM instance. Its methods follow the
// EIAM actions one to one and address users by UserId (user_...); IAM returns
// the portable iam.Client over it, which addresses users by Username. It is
// safe for concurrent use.
type IDaaSClient struct {
	rpc        *rpcClient
	instanceID string
	ouID       string
}

// NewIDaaS returns an IDaaSClient for one EIAM instance. cfg.InstanceID and
// the credentials are required; the endpoint defaults to
// eiam.<RegionID>.aliyuncs.com.
func NewIDaaS(cfg IDaaSConfig) (*IDaaSClient, error) {
	region := cfg.RegionID
	if region == "" {
		region = DefaultRegionID
	}
	if !regionRE.MatchString(region) {
		return nil, iam.InvalidArgument(SchemeIDaaS, "New", "RegionID", "must be a region id such as cn-hangzhou")
	}
	if cfg.InstanceID == "" {
		return nil, iam.InvalidArgument(SchemeIDaaS, "New", "InstanceID", "required (idaas_...)")
	}
	if !idRE.MatchString(cfg.InstanceID) {
		return nil, iam.InvalidArgument(SchemeIDaaS, "New", "InstanceID", "must be an instance id (idaas_...)")
	}
	if cfg.OrganizationalUnitID != "" && !idRE.MatchString(cfg.OrganizationalUnitID) {
		return nil, iam.InvalidArgument(SchemeIDaaS, "New", "OrganizationalUnitID", "must be an organizational unit id (ou_...)")
	}
	rpc, err := newRPC(SchemeIDaaS, IDaaSVersion, IDaaSEndpoint(region), &cfg.Config)
	if err != nil {
		return nil, err
	}
	return &IDaaSClient{rpc: rpc, instanceID: cfg.InstanceID, ouID: cfg.OrganizationalUnitID}, nil
}

// IDaaSEndpoint returns the public EIAM endpoint of a region.
func IDaaSEndpoint(region string) string { return "eiam." + region + ".aliyuncs.com" }

// InstanceID returns the EIAM instance the client addresses by default.
func (c *IDaaSClient) InstanceID() string { return c.instanceID }

// User states.
const (
	IDaaSUserEnabled  = "enabled"
	IDaaSUserDisabled = "disabled"
)

// IDaaSCustomField is an extended field of a user. The field must be
// defined in the IDaaS console first.
type IDaaSCustomField struct {
	FieldName  string `url:"FieldName,omitempty" json:"FieldName"`
	FieldValue string `url:"FieldValue,omitempty" json:"FieldValue"`
}

// IDaaSUserOrganizationalUnit is an organizational unit a user belongs to.
type IDaaSUserOrganizationalUnit struct {
	OrganizationalUnitID   string `json:"OrganizationalUnitId"`
	OrganizationalUnitName string `json:"OrganizationalUnitName"`
	Primary                bool   `json:"Primary"`
}

// IDaaSUserGroup is a group a user belongs to.
type IDaaSUserGroup struct {
	GroupID     string `json:"GroupId"`
	GroupName   string `json:"GroupName"`
	Description string `json:"Description"`
}

// IDaaSUser is an EIAM account as GetUser reports it. ListUsers fills the
// flat fields only (no organizational units, groups or custom fields).
// Times are zero when absent or "never" (-1).
type IDaaSUser struct {
	UserID         string
	Username       string
	DisplayName    string
	Description    string
	InstanceID     string
	UserExternalID string
	// UserSourceType is build_in, ding_talk, ad, ldap or we_com.
	UserSourceType      string
	UserSourceID        string
	PhoneRegion         string
	PhoneNumber         string
	PhoneNumberVerified bool
	Email               string
	EmailVerified       bool
	// Status is IDaaSUserEnabled or IDaaSUserDisabled.
	Status                      string
	AccountExpireTime           time.Time
	PasswordExpireTime          time.Time
	LockExpireTime              time.Time
	RegisterTime                time.Time
	CreateTime                  time.Time
	UpdateTime                  time.Time
	PasswordSet                 bool
	PreferredLanguage           string
	PrimaryOrganizationalUnitID string
	OrganizationalUnits         []IDaaSUserOrganizationalUnit
	Groups                      []IDaaSUserGroup
	CustomFields                []IDaaSCustomField
}

type wireIDaaSUser struct {
	UserID                      string                        `json:"UserId"`
	Username                    string                        `json:"Username"`
	DisplayName                 string                        `json:"DisplayName"`
	Description                 string                        `json:"Description"`
	InstanceID                  string                        `json:"InstanceId"`
	UserExternalID              string                        `json:"UserExternalId"`
	UserSourceType              string                        `json:"UserSourceType"`
	UserSourceID                string                        `json:"UserSourceId"`
	PhoneRegion                 string                        `json:"PhoneRegion"`
	PhoneNumber                 string                        `json:"PhoneNumber"`
	PhoneNumberVerified         bool                          `json:"PhoneNumberVerified"`
	Email                       string                        `json:"Email"`
	EmailVerified               bool                          `json:"EmailVerified"`
	Status                      string                        `json:"Status"`
	AccountExpireTime           wireTime                      `json:"AccountExpireTime"`
	PasswordExpireTime          wireTime                      `json:"PasswordExpireTime"`
	LockExpireTime              wireTime                      `json:"LockExpireTime"`
	RegisterTime                wireTime                      `json:"RegisterTime"`
	CreateTime                  wireTime                      `json:"CreateTime"`
	UpdateTime                  wireTime                      `json:"UpdateTime"`
	PasswordSet                 bool                          `json:"PasswordSet"`
	PreferredLanguage           string                        `json:"PreferredLanguage"`
	PrimaryOrganizationalUnitID string                        `json:"PrimaryOrganizationalUnitId"`
	OrganizationalUnits         []IDaaSUserOrganizationalUnit `json:"OrganizationalUnits"`
	Groups                      []IDaaSUserGroup              `json:"Groups"`
	CustomFields                []IDaaSCustomField            `json:"CustomFields"`
}

func (w *wireIDaaSUser) native() *IDaaSUser {
	return &IDaaSUser{
		UserID: w.UserID, Username: w.Username, DisplayName: w.DisplayName, Description: w.Description,
		InstanceID: w.InstanceID, UserExternalID: w.UserExternalID, UserSourceType: w.UserSourceType,
		UserSourceID: w.UserSourceID, PhoneRegion: w.PhoneRegion, PhoneNumber: w.PhoneNumber,
		PhoneNumberVerified: w.PhoneNumberVerified, Email: w.Email, EmailVerified: w.EmailVerified,
		Status: w.Status, AccountExpireTime: w.AccountExpireTime.Time(), PasswordExpireTime: w.PasswordExpireTime.Time(),
		LockExpireTime: w.LockExpireTime.Time(), RegisterTime: w.RegisterTime.Time(), CreateTime: w.CreateTime.Time(),
		UpdateTime: w.UpdateTime.Time(), PasswordSet: w.PasswordSet, PreferredLanguage: w.PreferredLanguage,
		PrimaryOrganizationalUnitID: w.PrimaryOrganizationalUnitID, OrganizationalUnits: w.OrganizationalUnits,
		Groups: w.Groups, CustomFields: w.CustomFields,
	}
}

// Password initialization settings, for IDaaSPasswordInitializationConfig.
const (
	PasswordPolicyPriorityGlobal = "global"
	PasswordPolicyPriorityCustom = "custom"
	PasswordForcedUpdateEnabled  = "enabled"
	PasswordForcedUpdateDisabled = "disabled"
	NotificationChannelEmail     = "email"
	NotificationChannelSMS       = "sms"
	PasswordInitializationRandom = "random"
)

// IDaaSPasswordInitializationConfig is how a new account's password is set
// up. Every field is optional.
type IDaaSPasswordInitializationConfig struct {
	// PasswordInitializationPolicyPriority is "global" or "custom".
	PasswordInitializationPolicyPriority string
	// PasswordForcedUpdateStatus is "enabled" (change at first logon) or
	// "disabled" (the default).
	PasswordForcedUpdateStatus string
	// UserNotificationChannels tells the user the password by "email" and/or "sms".
	UserNotificationChannels []string
	// PasswordInitializationType "random" has IDaaS generate the password;
	// Password may then be left empty.
	PasswordInitializationType string
}

// IDaaSCreateUserInput is the input of IDaaSClient.CreateUser: every request
// parameter of EIAM CreateUser.
type IDaaSCreateUserInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// Username is required: up to 64 letters, digits, '_', '.', '@', '-'.
	Username string
	// DisplayName is up to 64 characters.
	DisplayName string
	// Password is required unless PasswordInitializationConfig has
	// PasswordInitializationType "random" (the seed marks it required; a
	// random initial password is the documented way to go without one). It
	// must satisfy the instance's password policy.
	Password iam.Secret
	// PhoneRegion is the country code, 1-6 digits without '+' (e.g. "86");
	// only with PhoneNumber.
	PhoneRegion string
	// PhoneNumber is 6-15 digits; PhoneNumberVerified is then required.
	PhoneNumber string
	// PhoneNumberVerified tells whether the number is trusted; required when
	// PhoneNumber is set (nil is "not sent", distinct from false).
	PhoneNumberVerified *bool
	// Email is the account's address; EmailVerified is then required.
	Email string
	// EmailVerified tells whether the address is trusted; required when
	// Email is set.
	EmailVerified *bool
	// UserExternalID links the account to an external system, up to 64
	// characters; IDaaS defaults it to the user id.
	UserExternalID string
	// PrimaryOrganizationalUnitID is the account's primary OU; required.
	PrimaryOrganizationalUnitID string
	// OrganizationalUnitIDs are further OUs (sent as OrganizationalUnitIds.N).
	OrganizationalUnitIDs []string
	// Description is up to 256 characters.
	Description string
	// CustomFields are extended fields (sent as CustomFields.N.FieldName/FieldValue).
	CustomFields []IDaaSCustomField
	// PasswordInitializationConfig is sent as PasswordInitializationConfig.*.
	PasswordInitializationConfig *IDaaSPasswordInitializationConfig
	// ClientToken makes the call idempotent: up to 64 ASCII characters,
	// unique per request. With a token the call is retried even after the
	// server may have acted, since the server answers a repeat with the
	// first result; without one it is never repeated after that point.
	ClientToken string
}

// IDaaSCreateUserOutput is the answer of IDaaSClient.CreateUser.
type IDaaSCreateUserOutput struct {
	RequestID string
	UserID    string
}

type eiamPwdInitParams struct {
	PasswordInitializationPolicyPriority string       `url:"PasswordInitializationPolicyPriority,omitempty"`
	PasswordForcedUpdateStatus           string       `url:"PasswordForcedUpdateStatus,omitempty"`
	UserNotificationChannels             list[string] `url:"UserNotificationChannels,omitempty"`
	PasswordInitializationType           string       `url:"PasswordInitializationType,omitempty"`
}

type eiamCreateUserParams struct {
	InstanceID                   string                    `url:"InstanceId"`
	Username                     string                    `url:"Username"`
	DisplayName                  string                    `url:"DisplayName,omitempty"`
	Password                     string                    `url:"Password,omitempty"`
	PhoneRegion                  string                    `url:"PhoneRegion,omitempty"`
	PhoneNumber                  string                    `url:"PhoneNumber,omitempty"`
	PhoneNumberVerified          *bool                     `url:"PhoneNumberVerified,omitempty"`
	Email                        string                    `url:"Email,omitempty"`
	EmailVerified                *bool                     `url:"EmailVerified,omitempty"`
	UserExternalID               string                    `url:"UserExternalId,omitempty"`
	PrimaryOrganizationalUnitID  string                    `url:"PrimaryOrganizationalUnitId"`
	OrganizationalUnitIDs        list[string]              `url:"OrganizationalUnitIds,omitempty"`
	Description                  string                    `url:"Description,omitempty"`
	CustomFields                 list[IDaaSCustomField]    `url:"CustomFields,omitempty"`
	PasswordInitializationConfig object[eiamPwdInitParams] `url:"PasswordInitializationConfig"`
	ClientToken                  string                    `url:"ClientToken,omitempty"`
}

var (
	idRE     = charRun{alnum + "_-", 1, 128}                               // ^[A-Za-z0-9_-]{1,128}$
	regionRE = charRun{"abcdefghijklmnopqrstuvwxyz" + digits + "-", 1, 64} // ^[a-z0-9-]{1,64}$
)

func (c *IDaaSClient) instance(op, id string) (string, error) {
	if id == "" {
		id = c.instanceID
	}
	if !idRE.MatchString(id) {
		return "", c.rpc.invalidArg(op, "InstanceId", "must be an instance id (idaas_...)")
	}
	return id, nil
}

func (c *IDaaSClient) checkUserID(op, id string) error {
	if id == "" {
		return c.rpc.invalidArg(op, "UserId", "required")
	}
	if !idRE.MatchString(id) {
		return c.rpc.invalidArg(op, "UserId", "must be a user id (user_...)")
	}
	return nil
}

func (c *IDaaSClient) checkUsername(op, name string) error {
	if name == "" {
		return c.rpc.invalidArg(op, "Username", "required")
	}
	if !eiamUsernameRE.MatchString(name) {
		return c.rpc.invalidArg(op, "Username", "must be 1-64 characters of letters, digits, '_', '.', '@' and '-'")
	}
	return nil
}

// checkContact validates the phone and email rules CreateUser and UpdateUser share.
func (c *IDaaSClient) checkContact(op, region, number string, numberVerified *bool, email string, emailVerified *bool) error {
	if region != "" {
		if !phoneRegionRE.MatchString(region) {
			return c.rpc.invalidArg(op, "PhoneRegion", "must be 1-6 digits without '+', for example 86")
		}
		if number == "" {
			return c.rpc.invalidArg(op, "PhoneRegion", "only with PhoneNumber")
		}
	}
	if number != "" {
		if !phoneNumberRE.MatchString(number) {
			return c.rpc.invalidArg(op, "PhoneNumber", "must be 6-15 digits")
		}
		if numberVerified == nil {
			return c.rpc.invalidArg(op, "PhoneNumberVerified", "required when PhoneNumber is set")
		}
	}
	if email != "" {
		if runeLen(email) > 128 || !eiamEmailRE.MatchString(email) {
			return c.rpc.invalidArg(op, "Email", "must be an email address (prefix of letters, digits, '_', '.', '-') of at most 128 characters")
		}
		if emailVerified == nil {
			return c.rpc.invalidArg(op, "EmailVerified", "required when Email is set")
		}
	}
	return nil
}

func (c *IDaaSClient) checkCustomFields(op string, fields []IDaaSCustomField) error {
	for i, f := range fields {
		field := "CustomFields." + itoa(i+1) + ".FieldName"
		if f.FieldName == "" {
			return c.rpc.invalidArg(op, field, "required")
		}
		if runeLen(f.FieldName) > 64 || hasControl(f.FieldName) {
			return c.rpc.invalidArg(op, field, "must be at most 64 characters without control characters")
		}
	}
	return nil
}

func (c *IDaaSClient) checkChannels(op, field string, ch []string) error {
	for i, v := range ch {
		if v != NotificationChannelEmail && v != NotificationChannelSMS {
			return c.rpc.invalidArg(op, field+"."+itoa(i+1), `must be "email" or "sms"`)
		}
	}
	return nil
}

func (c *IDaaSClient) checkPassword(op string, p iam.Secret) error {
	if runeLen(p.Reveal()) > 128 {
		return c.rpc.invalidArg(op, "Password", "must be at most 128 characters")
	}
	if hasControl(p.Reveal()) {
		return c.rpc.invalidArg(op, "Password", "must not contain control characters")
	}
	return nil
}

func (c *IDaaSClient) validateCreate(op string, in *IDaaSCreateUserInput) (string, error) {
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return "", err
	}
	if err := c.checkUsername(op, in.Username); err != nil {
		return "", err
	}
	if r := checkLen(in.DisplayName, 64); r != "" {
		return "", c.rpc.invalidArg(op, "DisplayName", r)
	}
	pic := in.PasswordInitializationConfig
	random := pic != nil && pic.PasswordInitializationType == PasswordInitializationRandom
	if in.Password.IsZero() && !random {
		return "", c.rpc.invalidArg(op, "Password", `required unless PasswordInitializationConfig.PasswordInitializationType is "random"`)
	}
	if err := c.checkPassword(op, in.Password); err != nil {
		return "", err
	}
	if err := c.checkContact(op, in.PhoneRegion, in.PhoneNumber, in.PhoneNumberVerified, in.Email, in.EmailVerified); err != nil {
		return "", err
	}
	if r := checkLen(in.UserExternalID, 64); r != "" {
		return "", c.rpc.invalidArg(op, "UserExternalId", r)
	}
	if in.PrimaryOrganizationalUnitID == "" {
		return "", c.rpc.invalidArg(op, "PrimaryOrganizationalUnitId", "required")
	}
	if !idRE.MatchString(in.PrimaryOrganizationalUnitID) {
		return "", c.rpc.invalidArg(op, "PrimaryOrganizationalUnitId", "must be an organizational unit id (ou_...)")
	}
	for i, ou := range in.OrganizationalUnitIDs {
		if !idRE.MatchString(ou) {
			return "", c.rpc.invalidArg(op, "OrganizationalUnitIds."+itoa(i+1), "must be an organizational unit id (ou_...)")
		}
	}
	if r := checkLen(in.Description, 256); r != "" {
		return "", c.rpc.invalidArg(op, "Description", r)
	}
	if err := c.checkCustomFields(op, in.CustomFields); err != nil {
		return "", err
	}
	if pic != nil {
		const p = "PasswordInitializationConfig."
		switch pic.PasswordInitializationPolicyPriority {
		case "", PasswordPolicyPriorityGlobal, PasswordPolicyPriorityCustom:
		default:
			return "", c.rpc.invalidArg(op, p+"PasswordInitializationPolicyPriority", `must be "global" or "custom"`)
		}
		switch pic.PasswordForcedUpdateStatus {
		case "", PasswordForcedUpdateEnabled, PasswordForcedUpdateDisabled:
		default:
			return "", c.rpc.invalidArg(op, p+"PasswordForcedUpdateStatus", `must be "enabled" or "disabled"`)
		}
		if err := c.checkChannels(op, p+"UserNotificationChannels", pic.UserNotificationChannels); err != nil {
			return "", err
		}
		switch pic.PasswordInitializationType {
		case "", PasswordInitializationRandom:
		default:
			return "", c.rpc.invalidArg(op, p+"PasswordInitializationType", `must be "random"`)
		}
	}
	if in.ClientToken != "" && (len(in.ClientToken) > 64 || !isASCIIPrintable(in.ClientToken)) {
		return "", c.rpc.invalidArg(op, "ClientToken", "must be at most 64 printable ASCII characters")
	}
	return inst, nil
}

// CreateUser creates an EIAM account (action CreateUser) and returns its
// UserId. Every parameter is validated before the request leaves.
func (c *IDaaSClient) CreateUser(ctx context.Context, in *IDaaSCreateUserInput) (*IDaaSCreateUserOutput, error) {
	const op = "CreateUser"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "Username", "required")
	}
	inst, err := c.validateCreate(op, in)
	if err != nil {
		return nil, err
	}
	p := &eiamCreateUserParams{
		InstanceID: inst, Username: in.Username, DisplayName: in.DisplayName, Password: in.Password.Reveal(),
		PhoneRegion: in.PhoneRegion, PhoneNumber: in.PhoneNumber, PhoneNumberVerified: in.PhoneNumberVerified,
		Email: in.Email, EmailVerified: in.EmailVerified, UserExternalID: in.UserExternalID,
		PrimaryOrganizationalUnitID: in.PrimaryOrganizationalUnitID, OrganizationalUnitIDs: in.OrganizationalUnitIDs,
		Description: in.Description, CustomFields: in.CustomFields, ClientToken: in.ClientToken,
	}
	if pic := in.PasswordInitializationConfig; pic != nil {
		p.PasswordInitializationConfig.v = &eiamPwdInitParams{
			PasswordInitializationPolicyPriority: pic.PasswordInitializationPolicyPriority,
			PasswordForcedUpdateStatus:           pic.PasswordForcedUpdateStatus,
			UserNotificationChannels:             pic.UserNotificationChannels,
			PasswordInitializationType:           pic.PasswordInitializationType,
		}
	}
	var out struct {
		UserID string `json:"UserId"`
	}
	rid, err := c.rpc.call(ctx, op, p, in.ClientToken != "", &out)
	if err != nil {
		return nil, err
	}
	if out.UserID == "" {
		return nil, &iam.Error{Provider: SchemeIDaaS, Op: op, RequestID: rid, Kind: iam.ErrInvalidResponse, Message: "the answer has no UserId"}
	}
	return &IDaaSCreateUserOutput{RequestID: rid, UserID: out.UserID}, nil
}

// IDaaSGetUserInput is the input of IDaaSClient.GetUser.
type IDaaSGetUserInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// UserID is the account (user_...); required.
	UserID string
}

// IDaaSGetUserOutput is the answer of IDaaSClient.GetUser.
type IDaaSGetUserOutput struct {
	RequestID string
	User      *IDaaSUser
}

type eiamUserParams struct {
	InstanceID string `url:"InstanceId"`
	UserID     string `url:"UserId"`
}

// GetUser returns an EIAM account with every field (action GetUser).
func (c *IDaaSClient) GetUser(ctx context.Context, in *IDaaSGetUserInput) (*IDaaSGetUserOutput, error) {
	const op = "GetUser"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserId", "required")
	}
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if err := c.checkUserID(op, in.UserID); err != nil {
		return nil, err
	}
	var out struct{ User *wireIDaaSUser }
	rid, err := c.rpc.call(ctx, op, &eiamUserParams{InstanceID: inst, UserID: in.UserID}, true, &out)
	if err != nil {
		return nil, err
	}
	if out.User == nil || out.User.UserID == "" {
		return nil, &iam.Error{Provider: SchemeIDaaS, Op: op, RequestID: rid, Kind: iam.ErrInvalidResponse, Message: "the answer has no User"}
	}
	return &IDaaSGetUserOutput{RequestID: rid, User: out.User.native()}, nil
}

// IDaaSListUsersInput is the input of IDaaSClient.ListUsers; nil lists the
// first page of all accounts. Filters combine with AND.
type IDaaSListUsersInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// PageNumber starts at 1; zero means 1.
	PageNumber int
	// PageSize is 1-100; zero means EIAM's default (20).
	PageSize              int
	UsernameStartsWith    string
	DisplayNameStartsWith string
	// Status is "enabled" or "disabled".
	Status               string
	OrganizationalUnitID string
	PhoneRegion          string
	PhoneNumber          string
	Email                string
	UserExternalID       string
	UserSourceType       string
	UserSourceID         string
	// UserIDs selects accounts by id (sent as UserIds.N).
	UserIDs []string
}

// IDaaSListUsersOutput is one page of IDaaSClient.ListUsers. TotalCount is
// the number of matching accounts over all pages.
type IDaaSListUsersOutput struct {
	RequestID  string
	TotalCount int64
	Users      []*IDaaSUser
}

type eiamListUsersParams struct {
	InstanceID            string       `url:"InstanceId"`
	PageNumber            int          `url:"PageNumber,omitempty"`
	PageSize              int          `url:"PageSize,omitempty"`
	UsernameStartsWith    string       `url:"UsernameStartsWith,omitempty"`
	DisplayNameStartsWith string       `url:"DisplayNameStartsWith,omitempty"`
	Status                string       `url:"Status,omitempty"`
	OrganizationalUnitID  string       `url:"OrganizationalUnitId,omitempty"`
	PhoneRegion           string       `url:"PhoneRegion,omitempty"`
	PhoneNumber           string       `url:"PhoneNumber,omitempty"`
	Email                 string       `url:"Email,omitempty"`
	UserExternalID        string       `url:"UserExternalId,omitempty"`
	UserSourceType        string       `url:"UserSourceType,omitempty"`
	UserSourceID          string       `url:"UserSourceId,omitempty"`
	UserIDs               list[string] `url:"UserIds,omitempty"`
}

// ListUsers returns one page of EIAM accounts (action ListUsers).
func (c *IDaaSClient) ListUsers(ctx context.Context, in *IDaaSListUsersInput) (*IDaaSListUsersOutput, error) {
	const op = "ListUsers"
	if in == nil {
		in = &IDaaSListUsersInput{}
	}
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return nil, err
	}
	switch {
	case in.PageNumber < 0:
		return nil, c.rpc.invalidArg(op, "PageNumber", "must be at least 1 (0 means 1)")
	case in.PageSize < 0 || in.PageSize > 100:
		return nil, c.rpc.invalidArg(op, "PageSize", "must be between 1 and 100 (0 uses the default)")
	case in.Status != "" && in.Status != IDaaSUserEnabled && in.Status != IDaaSUserDisabled:
		return nil, c.rpc.invalidArg(op, "Status", `must be "enabled" or "disabled"`)
	}
	if in.PhoneRegion != "" && !phoneRegionRE.MatchString(in.PhoneRegion) {
		return nil, c.rpc.invalidArg(op, "PhoneRegion", "must be 1-6 digits without '+'")
	}
	for i, id := range in.UserIDs {
		if !idRE.MatchString(id) {
			return nil, c.rpc.invalidArg(op, "UserIds."+itoa(i+1), "must be a user id (user_...)")
		}
	}
	var out struct {
		TotalCount int64            `json:"TotalCount"`
		Users      []*wireIDaaSUser `json:"Users"`
	}
	rid, err := c.rpc.call(ctx, op, &eiamListUsersParams{
		InstanceID: inst, PageNumber: in.PageNumber, PageSize: in.PageSize,
		UsernameStartsWith: in.UsernameStartsWith, DisplayNameStartsWith: in.DisplayNameStartsWith,
		Status: in.Status, OrganizationalUnitID: in.OrganizationalUnitID, PhoneRegion: in.PhoneRegion,
		PhoneNumber: in.PhoneNumber, Email: in.Email, UserExternalID: in.UserExternalID,
		UserSourceType: in.UserSourceType, UserSourceID: in.UserSourceID, UserIDs: in.UserIDs,
	}, true, &out)
	if err != nil {
		return nil, err
	}
	res := &IDaaSListUsersOutput{RequestID: rid, TotalCount: out.TotalCount}
	for _, u := range out.Users {
		if u != nil {
			res.Users = append(res.Users, u.native())
		}
	}
	return res, nil
}

// Custom-field operations of UpdateUser.
const (
	CustomFieldAdd     = "add"
	CustomFieldReplace = "replace"
	CustomFieldRemove  = "remove"
)

// IDaaSUpdateCustomField changes one extended field in UpdateUser.
type IDaaSUpdateCustomField struct {
	FieldName  string `url:"FieldName,omitempty"`
	FieldValue string `url:"FieldValue,omitempty"`
	// Operation is "add", "replace" (adds when missing) or "remove".
	Operation string `url:"Operation,omitempty"`
}

// IDaaSUpdateUserInput is the input of IDaaSClient.UpdateUser. Empty fields
// are left unchanged.
type IDaaSUpdateUserInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// UserID is the account; required.
	UserID string
	// Username renames the account (same rules as CreateUser).
	Username string
	// DisplayName is up to 256 characters here.
	DisplayName string
	// Email requires EmailVerified.
	Email         string
	EmailVerified *bool
	// PhoneNumber requires PhoneNumberVerified.
	PhoneRegion         string
	PhoneNumber         string
	PhoneNumberVerified *bool
	CustomFields        []IDaaSUpdateCustomField
}

// IDaaSUpdateUserOutput is the answer of IDaaSClient.UpdateUser.
type IDaaSUpdateUserOutput struct {
	RequestID string
}

type eiamUpdateUserParams struct {
	InstanceID          string                       `url:"InstanceId"`
	UserID              string                       `url:"UserId"`
	Username            string                       `url:"Username,omitempty"`
	DisplayName         string                       `url:"DisplayName,omitempty"`
	Email               string                       `url:"Email,omitempty"`
	EmailVerified       *bool                        `url:"EmailVerified,omitempty"`
	PhoneRegion         string                       `url:"PhoneRegion,omitempty"`
	PhoneNumber         string                       `url:"PhoneNumber,omitempty"`
	PhoneNumberVerified *bool                        `url:"PhoneNumberVerified,omitempty"`
	CustomFields        list[IDaaSUpdateCustomField] `url:"CustomFields,omitempty"`
}

// UpdateUser changes an EIAM account (action UpdateUser).
func (c *IDaaSClient) UpdateUser(ctx context.Context, in *IDaaSUpdateUserInput) (*IDaaSUpdateUserOutput, error) {
	const op = "UpdateUser"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserId", "required")
	}
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if err := c.checkUserID(op, in.UserID); err != nil {
		return nil, err
	}
	if in.Username != "" {
		if err := c.checkUsername(op, in.Username); err != nil {
			return nil, err
		}
	}
	if r := checkLen(in.DisplayName, 256); r != "" {
		return nil, c.rpc.invalidArg(op, "DisplayName", r)
	}
	if err := c.checkContact(op, in.PhoneRegion, in.PhoneNumber, in.PhoneNumberVerified, in.Email, in.EmailVerified); err != nil {
		return nil, err
	}
	for i, f := range in.CustomFields {
		if err := c.checkCustomFields(op, []IDaaSCustomField{{FieldName: f.FieldName}}); err != nil {
			return nil, c.rpc.invalidArg(op, "CustomFields."+itoa(i+1)+".FieldName", "required, at most 64 characters")
		}
		switch f.Operation {
		case "", CustomFieldAdd, CustomFieldReplace, CustomFieldRemove:
		default:
			return nil, c.rpc.invalidArg(op, "CustomFields."+itoa(i+1)+".Operation", `must be "add", "replace" or "remove"`)
		}
	}
	rid, err := c.rpc.call(ctx, op, &eiamUpdateUserParams{
		InstanceID: inst, UserID: in.UserID, Username: in.Username, DisplayName: in.DisplayName,
		Email: in.Email, EmailVerified: in.EmailVerified, PhoneRegion: in.PhoneRegion,
		PhoneNumber: in.PhoneNumber, PhoneNumberVerified: in.PhoneNumberVerified, CustomFields: in.CustomFields,
	}, true, nil)
	if err != nil {
		return nil, err
	}
	return &IDaaSUpdateUserOutput{RequestID: rid}, nil
}

// IDaaSUpdateUserDescriptionInput is the input of IDaaSClient.UpdateUserDescription.
type IDaaSUpdateUserDescriptionInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// UserID is the account; required.
	UserID string
	// Description is up to 256 characters; empty clears it.
	Description string
}

// IDaaSUpdateUserDescriptionOutput is the answer of IDaaSClient.UpdateUserDescription.
type IDaaSUpdateUserDescriptionOutput struct {
	RequestID string
}

type eiamDescriptionParams struct {
	InstanceID  string `url:"InstanceId"`
	UserID      string `url:"UserId"`
	Description string `url:"Description"`
}

// UpdateUserDescription sets an account's description (action UpdateUserDescription).
func (c *IDaaSClient) UpdateUserDescription(ctx context.Context, in *IDaaSUpdateUserDescriptionInput) (*IDaaSUpdateUserDescriptionOutput, error) {
	const op = "UpdateUserDescription"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserId", "required")
	}
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if err := c.checkUserID(op, in.UserID); err != nil {
		return nil, err
	}
	if r := checkLen(in.Description, 256); r != "" {
		return nil, c.rpc.invalidArg(op, "Description", r)
	}
	rid, err := c.rpc.call(ctx, op, &eiamDescriptionParams{InstanceID: inst, UserID: in.UserID, Description: in.Description}, true, nil)
	if err != nil {
		return nil, err
	}
	return &IDaaSUpdateUserDescriptionOutput{RequestID: rid}, nil
}

// IDaaSUserInput addresses one account, for DeleteUser, EnableUser and DisableUser.
type IDaaSUserInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// UserID is the account; required.
	UserID string
}

// IDaaSUserOutput is the answer of DeleteUser, EnableUser and DisableUser.
type IDaaSUserOutput struct {
	RequestID string
}

func (c *IDaaSClient) userAction(ctx context.Context, op string, in *IDaaSUserInput) (*IDaaSUserOutput, error) {
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserId", "required")
	}
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if err := c.checkUserID(op, in.UserID); err != nil {
		return nil, err
	}
	rid, err := c.rpc.call(ctx, op, &eiamUserParams{InstanceID: inst, UserID: in.UserID}, true, nil)
	if err != nil {
		return nil, err
	}
	return &IDaaSUserOutput{RequestID: rid}, nil
}

// DeleteUser deletes an account and everything attached to it (action DeleteUser).
func (c *IDaaSClient) DeleteUser(ctx context.Context, in *IDaaSUserInput) (*IDaaSUserOutput, error) {
	return c.userAction(ctx, "DeleteUser", in)
}

// EnableUser enables a disabled account (action EnableUser).
func (c *IDaaSClient) EnableUser(ctx context.Context, in *IDaaSUserInput) (*IDaaSUserOutput, error) {
	return c.userAction(ctx, "EnableUser", in)
}

// DisableUser disables an account; disabling a disabled account succeeds
// (action DisableUser).
func (c *IDaaSClient) DisableUser(ctx context.Context, in *IDaaSUserInput) (*IDaaSUserOutput, error) {
	return c.userAction(ctx, "DisableUser", in)
}

// IDaaSUpdateUserPasswordInput is the input of IDaaSClient.UpdateUserPassword,
// which sets or resets an account's password.
type IDaaSUpdateUserPasswordInput struct {
	// InstanceID is the EIAM instance; empty uses the client's.
	InstanceID string
	// UserID is the account; required.
	UserID string
	// Password is the new password; required. It must satisfy the
	// instance's password policy.
	Password iam.Secret
	// PasswordForcedUpdateStatus "enabled" makes the user change it at the
	// next logon; "disabled" (the default) does not.
	PasswordForcedUpdateStatus string
	// UserNotificationChannels tells the user by "email" and/or "sms".
	UserNotificationChannels []string
}

// IDaaSUpdateUserPasswordOutput is the answer of IDaaSClient.UpdateUserPassword.
type IDaaSUpdateUserPasswordOutput struct {
	RequestID string
}

type eiamPasswordParams struct {
	InstanceID                 string       `url:"InstanceId"`
	UserID                     string       `url:"UserId"`
	Password                   string       `url:"Password"`
	PasswordForcedUpdateStatus string       `url:"PasswordForcedUpdateStatus,omitempty"`
	UserNotificationChannels   list[string] `url:"UserNotificationChannels,omitempty"`
}

// UpdateUserPassword sets or resets an account's password (action UpdateUserPassword).
func (c *IDaaSClient) UpdateUserPassword(ctx context.Context, in *IDaaSUpdateUserPasswordInput) (*IDaaSUpdateUserPasswordOutput, error) {
	const op = "UpdateUserPassword"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserId", "required")
	}
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if err := c.checkUserID(op, in.UserID); err != nil {
		return nil, err
	}
	if in.Password.IsZero() {
		return nil, c.rpc.invalidArg(op, "Password", "required")
	}
	if err := c.checkPassword(op, in.Password); err != nil {
		return nil, err
	}
	switch in.PasswordForcedUpdateStatus {
	case "", PasswordForcedUpdateEnabled, PasswordForcedUpdateDisabled:
	default:
		return nil, c.rpc.invalidArg(op, "PasswordForcedUpdateStatus", `must be "enabled" or "disabled"`)
	}
	if err := c.checkChannels(op, "UserNotificationChannels", in.UserNotificationChannels); err != nil {
		return nil, err
	}
	rid, err := c.rpc.call(ctx, op, &eiamPasswordParams{
		InstanceID: inst, UserID: in.UserID, Password: in.Password.Reveal(),
		PasswordForcedUpdateStatus: in.PasswordForcedUpdateStatus, UserNotificationChannels: in.UserNotificationChannels,
	}, true, nil)
	if err != nil {
		return nil, err
	}
	return &IDaaSUpdateUserPasswordOutput{RequestID: rid}, nil
}
