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
// eiam.<Region>.aliyuncs.com.
func NewIDaaS(cfg IDaaSConfig) (*IDaaSClient, error) {
	region := cfg.Region
	if region == "" {
		region = DefaultRegion
	}
	if !isRegion(region) {
		return nil, iam.InvalidArgument(SchemeIDaaS, "New", "Region", "must be a region id such as cn-hangzhou")
	}
	if cfg.InstanceID == "" {
		return nil, iam.InvalidArgument(SchemeIDaaS, "New", "InstanceID", "required (idaas_...)")
	}
	if !isID(cfg.InstanceID) {
		return nil, iam.InvalidArgument(SchemeIDaaS, "New", "InstanceID", "must be an instance id (idaas_...)")
	}
	if cfg.OrganizationalUnitID != "" && !isID(cfg.OrganizationalUnitID) {
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

// IDaaSUserStatus is the state of an EIAM account.
type IDaaSUserStatus string

// Account states.
const (
	// IDaaSUserEnabled is an account that can sign in.
	IDaaSUserEnabled IDaaSUserStatus = "enabled"
	// IDaaSUserDisabled is an account that cannot sign in.
	IDaaSUserDisabled IDaaSUserStatus = "disabled"
)

// IDaaSUserSourceType is where an EIAM account comes from.
type IDaaSUserSourceType string

// Account sources.
const (
	// IDaaSUserSourceBuildIn is an account created in the instance itself.
	IDaaSUserSourceBuildIn IDaaSUserSourceType = "build_in"
	// IDaaSUserSourceDingTalk is an account synchronized from DingTalk.
	IDaaSUserSourceDingTalk IDaaSUserSourceType = "ding_talk"
	// IDaaSUserSourceAD is an account synchronized from Active Directory.
	IDaaSUserSourceAD IDaaSUserSourceType = "ad"
	// IDaaSUserSourceLDAP is an account synchronized from an LDAP directory.
	IDaaSUserSourceLDAP IDaaSUserSourceType = "ldap"
	// IDaaSUserSourceWeCom is an account synchronized from WeCom.
	IDaaSUserSourceWeCom IDaaSUserSourceType = "we_com"
)

// IDaaSCustomField is an extended field of an account. The field must be
// defined in the IDaaS console first.
type IDaaSCustomField struct {
	// FieldName is the extended field's name.
	FieldName string `url:"FieldName,omitempty" json:"FieldName"`
	// FieldValue is its value, under the limits the field defines.
	FieldValue string `url:"FieldValue,omitempty" json:"FieldValue"`
}

// IDaaSUserOrganizationalUnit is an organizational unit an account belongs to.
type IDaaSUserOrganizationalUnit struct {
	// OrganizationalUnitID is the unit's id (ou_...).
	OrganizationalUnitID string `json:"OrganizationalUnitId"`
	// OrganizationalUnitName is the unit's name.
	OrganizationalUnitName string `json:"OrganizationalUnitName"`
	// Primary tells whether it is the account's primary unit.
	Primary bool `json:"Primary"`
}

// IDaaSUserGroup is a group an account belongs to.
type IDaaSUserGroup struct {
	// GroupID is the group's id (group_...).
	GroupID string `json:"GroupId"`
	// GroupName is the group's name.
	GroupName string `json:"GroupName"`
	// Description is the group's description.
	Description string `json:"Description"`
}

// IDaaSUser is an EIAM account as GetUser reports it. ListUsers fills the
// flat fields only (no organizational units, groups or custom fields).
// Times are zero when absent or "never" (-1).
type IDaaSUser struct {
	// UserID is the account's id (user_...).
	UserID string
	// Username is the account's name, unique in the instance.
	Username string
	// DisplayName is the name shown to people.
	DisplayName string
	// Description is the account's description.
	Description string
	// InstanceID is the instance the account lives in.
	InstanceID string
	// UserExternalID links the account to an external system.
	UserExternalID string
	// UserSourceType is where the account comes from.
	UserSourceType IDaaSUserSourceType
	// UserSourceID is the id of that source.
	UserSourceID string
	// PhoneRegion is the phone number's country code ("86").
	PhoneRegion string
	// PhoneNumber is the mobile phone number.
	PhoneNumber string
	// PhoneNumberVerified tells whether the number is trusted.
	PhoneNumberVerified bool
	// Email is the account's address.
	Email string
	// EmailVerified tells whether the address is trusted.
	EmailVerified bool
	// Status is IDaaSUserEnabled or IDaaSUserDisabled.
	Status IDaaSUserStatus
	// AccountExpireTime is when the account expires.
	AccountExpireTime time.Time
	// PasswordExpireTime is when the password expires.
	PasswordExpireTime time.Time
	// LockExpireTime is when a locked account unlocks (set while locked).
	LockExpireTime time.Time
	// RegisterTime is when the account registered.
	RegisterTime time.Time
	// CreateTime is when the account was created.
	CreateTime time.Time
	// UpdateTime is when the account was last changed.
	UpdateTime time.Time
	// PasswordSet tells whether the account has a password.
	PasswordSet bool
	// PreferredLanguage is the account's language ("zh-CN").
	PreferredLanguage string
	// PrimaryOrganizationalUnitID is the account's primary unit (ou_...).
	PrimaryOrganizationalUnitID string
	// OrganizationalUnits are every unit the account belongs to.
	OrganizationalUnits []*IDaaSUserOrganizationalUnit
	// Groups are the groups the account belongs to.
	Groups []*IDaaSUserGroup
	// CustomFields are the account's extended fields.
	CustomFields []*IDaaSCustomField
}

type wireIDaaSUser struct {
	UserID                      string                         `json:"UserId"`
	Username                    string                         `json:"Username"`
	DisplayName                 string                         `json:"DisplayName"`
	Description                 string                         `json:"Description"`
	InstanceID                  string                         `json:"InstanceId"`
	UserExternalID              string                         `json:"UserExternalId"`
	UserSourceType              IDaaSUserSourceType            `json:"UserSourceType"`
	UserSourceID                string                         `json:"UserSourceId"`
	PhoneRegion                 string                         `json:"PhoneRegion"`
	PhoneNumber                 string                         `json:"PhoneNumber"`
	PhoneNumberVerified         bool                           `json:"PhoneNumberVerified"`
	Email                       string                         `json:"Email"`
	EmailVerified               bool                           `json:"EmailVerified"`
	Status                      IDaaSUserStatus                `json:"Status"`
	AccountExpireTime           wireTime                       `json:"AccountExpireTime"`
	PasswordExpireTime          wireTime                       `json:"PasswordExpireTime"`
	LockExpireTime              wireTime                       `json:"LockExpireTime"`
	RegisterTime                wireTime                       `json:"RegisterTime"`
	CreateTime                  wireTime                       `json:"CreateTime"`
	UpdateTime                  wireTime                       `json:"UpdateTime"`
	PasswordSet                 bool                           `json:"PasswordSet"`
	PreferredLanguage           string                         `json:"PreferredLanguage"`
	PrimaryOrganizationalUnitID string                         `json:"PrimaryOrganizationalUnitId"`
	OrganizationalUnits         []*IDaaSUserOrganizationalUnit `json:"OrganizationalUnits"`
	Groups                      []*IDaaSUserGroup              `json:"Groups"`
	CustomFields                []*IDaaSCustomField            `json:"CustomFields"`
}

// nonNil drops the null elements of a decoded list.
func nonNil[T any](l []*T) []*T {
	out := l[:0:0]
	for _, x := range l {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}

// lacks names what an account in an answer must have and lacks.
func (w *wireIDaaSUser) lacks() string {
	return needStrings("UserId", w.UserID, "Username", w.Username)
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
		PrimaryOrganizationalUnitID: w.PrimaryOrganizationalUnitID, OrganizationalUnits: nonNil(w.OrganizationalUnits),
		Groups: nonNil(w.Groups), CustomFields: nonNil(w.CustomFields),
	}
}

// PasswordPolicyPriority is which password initialization policy applies.
type PasswordPolicyPriority string

// PasswordForcedUpdateStatus tells whether the user must change the
// password at the next logon.
type PasswordForcedUpdateStatus string

// NotificationChannel is how the user is told a password.
type NotificationChannel string

// PasswordInitializationType is how a new account's password is made.
type PasswordInitializationType string

// Password initialization settings, for IDaaSPasswordInitializationConfig
// and IDaaSUpdateUserPasswordInput.
const (
	// PasswordPolicyPriorityGlobal applies the instance-wide policy.
	PasswordPolicyPriorityGlobal PasswordPolicyPriority = "global"
	// PasswordPolicyPriorityCustom applies the settings of the call.
	PasswordPolicyPriorityCustom PasswordPolicyPriority = "custom"
	// PasswordForcedUpdateEnabled makes the user change the password at the
	// next logon.
	PasswordForcedUpdateEnabled PasswordForcedUpdateStatus = "enabled"
	// PasswordForcedUpdateDisabled does not (EIAM's default).
	PasswordForcedUpdateDisabled PasswordForcedUpdateStatus = "disabled"
	// NotificationChannelEmail tells the user by email.
	NotificationChannelEmail NotificationChannel = "email"
	// NotificationChannelSMS tells the user by text message.
	NotificationChannelSMS NotificationChannel = "sms"
	// PasswordInitializationRandom has IDaaS generate the password.
	PasswordInitializationRandom PasswordInitializationType = "random"
)

// IDaaSPasswordInitializationConfig is how a new account's password is set
// up. Every field is optional.
type IDaaSPasswordInitializationConfig struct {
	// PasswordInitializationPolicyPriority is "global" or "custom".
	PasswordInitializationPolicyPriority PasswordPolicyPriority
	// PasswordForcedUpdateStatus is "enabled" (change at first logon) or
	// "disabled" (the default).
	PasswordForcedUpdateStatus PasswordForcedUpdateStatus
	// UserNotificationChannels tells the user the password by "email" and/or "sms".
	UserNotificationChannels []NotificationChannel
	// PasswordInitializationType "random" has IDaaS generate the password;
	// Password may then be left empty.
	PasswordInitializationType PasswordInitializationType
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
	// PasswordInitializationType "random", which has IDaaS generate it. It
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
	// RequestID is the RequestId of the answer.
	RequestID string
	// UserID is the new account's id (user_...).
	UserID string
}

type eiamPwdInitParams struct {
	PasswordInitializationPolicyPriority PasswordPolicyPriority       `url:"PasswordInitializationPolicyPriority,omitempty"`
	PasswordForcedUpdateStatus           PasswordForcedUpdateStatus   `url:"PasswordForcedUpdateStatus,omitempty"`
	UserNotificationChannels             rpcList[NotificationChannel] `url:"UserNotificationChannels,omitempty"`
	PasswordInitializationType           PasswordInitializationType   `url:"PasswordInitializationType,omitempty"`
}

type eiamCreateUserParams struct {
	InstanceID                   string                       `url:"InstanceId"`
	Username                     string                       `url:"Username"`
	DisplayName                  string                       `url:"DisplayName,omitempty"`
	Password                     string                       `url:"Password,omitempty"`
	PhoneRegion                  string                       `url:"PhoneRegion,omitempty"`
	PhoneNumber                  string                       `url:"PhoneNumber,omitempty"`
	PhoneNumberVerified          *bool                        `url:"PhoneNumberVerified,omitempty"`
	Email                        string                       `url:"Email,omitempty"`
	EmailVerified                *bool                        `url:"EmailVerified,omitempty"`
	UserExternalID               string                       `url:"UserExternalId,omitempty"`
	PrimaryOrganizationalUnitID  string                       `url:"PrimaryOrganizationalUnitId"`
	OrganizationalUnitIDs        rpcList[string]              `url:"OrganizationalUnitIds,omitempty"`
	Description                  string                       `url:"Description,omitempty"`
	CustomFields                 rpcList[IDaaSCustomField]    `url:"CustomFields,omitempty"`
	PasswordInitializationConfig rpcObject[eiamPwdInitParams] `url:"PasswordInitializationConfig"`
	ClientToken                  string                       `url:"ClientToken,omitempty"`
}

// secrets implements secretParams: the password.
func (p *eiamCreateUserParams) secrets() []string { return []string{p.Password} }

func (c *IDaaSClient) instance(op, id string) (string, error) {
	if id == "" {
		id = c.instanceID
	}
	if !isID(id) {
		return "", c.rpc.invalidArg(op, "InstanceId", "must be an instance id (idaas_...)")
	}
	return id, nil
}

func (c *IDaaSClient) checkUserID(op, id string) error {
	if id == "" {
		return c.rpc.invalidArg(op, "UserId", "required")
	}
	if !isID(id) {
		return c.rpc.invalidArg(op, "UserId", "must be a user id (user_...)")
	}
	return nil
}

// eiamContactRules checks the phone and email parameters CreateUser and
// UpdateUser share.
func eiamContactRules(region, number string, numberVerified *bool, email string, emailVerified *bool) []fieldRule {
	var rules []fieldRule
	if region != "" {
		rules = append(rules, fieldRule{"PhoneRegion", phoneRegionRule(region)})
		if number == "" {
			rules = append(rules, fieldRule{"PhoneRegion", "only with PhoneNumber"})
		}
	}
	if number != "" {
		rules = append(rules, fieldRule{"PhoneNumber", phoneNumberRule(number)})
		if numberVerified == nil {
			rules = append(rules, fieldRule{"PhoneNumberVerified", "required when PhoneNumber is set"})
		}
	}
	if email != "" {
		rules = append(rules, fieldRule{"Email", eiamEmailRule(email)})
		if emailVerified == nil {
			rules = append(rules, fieldRule{"EmailVerified", "required when Email is set"})
		}
	}
	return rules
}

// customFieldRules checks extended-field names.
func customFieldRules(names []string) []fieldRule {
	var rules []fieldRule
	for i, n := range names {
		field := "CustomFields." + itoa(i+1) + ".FieldName"
		if n == "" {
			rules = append(rules, fieldRule{field, "required"})
		} else if runeLen(n) > 64 || hasControl(n) {
			rules = append(rules, fieldRule{field, "must be at most 64 characters without control characters"})
		}
	}
	return rules
}

// channelRules checks notification channels, reported as field.N.
func channelRules(field string, ch []NotificationChannel) []fieldRule {
	var rules []fieldRule
	for i, v := range ch {
		if v != NotificationChannelEmail && v != NotificationChannelSMS {
			rules = append(rules, fieldRule{field + "." + itoa(i+1), `must be "email" or "sms"`})
		}
	}
	return rules
}

func (c *IDaaSClient) validateCreate(op string, in *IDaaSCreateUserInput) (string, error) {
	inst, err := c.instance(op, in.InstanceID)
	if err != nil {
		return "", err
	}
	pic := in.PasswordInitializationConfig
	random := pic != nil && pic.PasswordInitializationType == PasswordInitializationRandom
	rules := []fieldRule{
		{"Username", eiamNewUsernameRule(in.Username)},
		{"DisplayName", lenRule(in.DisplayName, 64)},
		{"Password", passwordRule(in.Password)},
	}
	if in.Password.IsZero() && !random {
		rules = append(rules, fieldRule{"Password", `required unless PasswordInitializationConfig.PasswordInitializationType is "random"`})
	}
	rules = append(rules, eiamContactRules(in.PhoneRegion, in.PhoneNumber, in.PhoneNumberVerified, in.Email, in.EmailVerified)...)
	rules = append(rules, fieldRule{"UserExternalId", lenRule(in.UserExternalID, 64)})
	switch {
	case in.PrimaryOrganizationalUnitID == "":
		rules = append(rules, fieldRule{"PrimaryOrganizationalUnitId", "required"})
	case !isID(in.PrimaryOrganizationalUnitID):
		rules = append(rules, fieldRule{"PrimaryOrganizationalUnitId", "must be an organizational unit id (ou_...)"})
	}
	for i, ou := range in.OrganizationalUnitIDs {
		if !isID(ou) {
			rules = append(rules, fieldRule{"OrganizationalUnitIds." + itoa(i+1), "must be an organizational unit id (ou_...)"})
		}
	}
	rules = append(rules, fieldRule{"Description", lenRule(in.Description, 256)})
	names := make([]string, len(in.CustomFields))
	for i, f := range in.CustomFields {
		names[i] = f.FieldName
	}
	rules = append(rules, customFieldRules(names)...)
	if pic != nil {
		const p = "PasswordInitializationConfig."
		switch pic.PasswordInitializationPolicyPriority {
		case "", PasswordPolicyPriorityGlobal, PasswordPolicyPriorityCustom:
		default:
			rules = append(rules, fieldRule{p + "PasswordInitializationPolicyPriority", `must be "global" or "custom"`})
		}
		switch pic.PasswordForcedUpdateStatus {
		case "", PasswordForcedUpdateEnabled, PasswordForcedUpdateDisabled:
		default:
			rules = append(rules, fieldRule{p + "PasswordForcedUpdateStatus", `must be "enabled" or "disabled"`})
		}
		rules = append(rules, channelRules(p+"UserNotificationChannels", pic.UserNotificationChannels)...)
		switch pic.PasswordInitializationType {
		case "", PasswordInitializationRandom:
		default:
			rules = append(rules, fieldRule{p + "PasswordInitializationType", `must be "random"`})
		}
	}
	if in.ClientToken != "" && (len(in.ClientToken) > 64 || !isASCIIPrintable(in.ClientToken)) {
		rules = append(rules, fieldRule{"ClientToken", "must be at most 64 printable ASCII characters"})
	}
	return inst, firstInvalid(SchemeIDaaS, op, rules...)
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
		p.PasswordInitializationConfig.V = &eiamPwdInitParams{
			PasswordInitializationPolicyPriority: pic.PasswordInitializationPolicyPriority,
			PasswordForcedUpdateStatus:           pic.PasswordForcedUpdateStatus,
			UserNotificationChannels:             pic.UserNotificationChannels,
			PasswordInitializationType:           pic.PasswordInitializationType,
		}
	}
	var out struct {
		answer
		UserID string `json:"UserId"`
	}
	rid, err := c.rpc.call(ctx, op, p, in.ClientToken != "", &out, func() string { return needNamed("UserId", out.UserID) })
	if err != nil {
		return nil, err
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
	// RequestID is the RequestId of the answer.
	RequestID string
	// User is the account with every field.
	User *IDaaSUser
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
	var out struct {
		answer
		User *wireIDaaSUser
	}
	rid, err := c.rpc.call(ctx, op, &eiamUserParams{InstanceID: inst, UserID: in.UserID}, true, &out,
		func() string { return needObject("User", out.User, (*wireIDaaSUser).lacks) })
	if err != nil {
		return nil, err
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
	PageSize int
	// UsernameStartsWith keeps accounts whose name starts with it.
	UsernameStartsWith string
	// DisplayNameStartsWith keeps accounts whose display name starts with it.
	DisplayNameStartsWith string
	// Status keeps enabled or disabled accounts.
	Status IDaaSUserStatus
	// OrganizationalUnitID keeps the accounts of one unit (ou_...).
	OrganizationalUnitID string
	// PhoneRegion and PhoneNumber keep the account with that number.
	PhoneRegion, PhoneNumber string
	// Email keeps the account with that address.
	Email string
	// UserExternalID keeps the account with that external id.
	UserExternalID string
	// UserSourceType keeps the accounts of one source.
	UserSourceType IDaaSUserSourceType
	// UserSourceID keeps the accounts of one source id.
	UserSourceID string
	// UserIDs selects accounts by id (sent as UserIds.N).
	UserIDs []string
}

// IDaaSListUsersOutput is one page of IDaaSClient.ListUsers.
type IDaaSListUsersOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// TotalCount is the number of matching accounts over all pages.
	TotalCount int64
	// Users are the page's accounts, with their flat fields only.
	Users []*IDaaSUser
}

type eiamListUsersParams struct {
	InstanceID            string              `url:"InstanceId"`
	PageNumber            int                 `url:"PageNumber,omitempty"`
	PageSize              int                 `url:"PageSize,omitempty"`
	UsernameStartsWith    string              `url:"UsernameStartsWith,omitempty"`
	DisplayNameStartsWith string              `url:"DisplayNameStartsWith,omitempty"`
	Status                IDaaSUserStatus     `url:"Status,omitempty"`
	OrganizationalUnitID  string              `url:"OrganizationalUnitId,omitempty"`
	PhoneRegion           string              `url:"PhoneRegion,omitempty"`
	PhoneNumber           string              `url:"PhoneNumber,omitempty"`
	Email                 string              `url:"Email,omitempty"`
	UserExternalID        string              `url:"UserExternalId,omitempty"`
	UserSourceType        IDaaSUserSourceType `url:"UserSourceType,omitempty"`
	UserSourceID          string              `url:"UserSourceId,omitempty"`
	UserIDs               rpcList[string]     `url:"UserIds,omitempty"`
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
	if in.PhoneRegion != "" {
		if r := phoneRegionRule(in.PhoneRegion); r != "" {
			return nil, c.rpc.invalidArg(op, "PhoneRegion", r)
		}
	}
	for i, id := range in.UserIDs {
		if !isID(id) {
			return nil, c.rpc.invalidArg(op, "UserIds."+itoa(i+1), "must be a user id (user_...)")
		}
	}
	var out struct {
		answer
		TotalCount int64            `json:"TotalCount"`
		Users      []*wireIDaaSUser `json:"Users"`
	}
	rid, err := c.rpc.call(ctx, op, &eiamListUsersParams{
		InstanceID: inst, PageNumber: in.PageNumber, PageSize: in.PageSize,
		UsernameStartsWith: in.UsernameStartsWith, DisplayNameStartsWith: in.DisplayNameStartsWith,
		Status: in.Status, OrganizationalUnitID: in.OrganizationalUnitID, PhoneRegion: in.PhoneRegion,
		PhoneNumber: in.PhoneNumber, Email: in.Email, UserExternalID: in.UserExternalID,
		UserSourceType: in.UserSourceType, UserSourceID: in.UserSourceID, UserIDs: in.UserIDs,
	}, true, &out, func() string { return needList("Users", out.Users, (*wireIDaaSUser).lacks) })
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

// CustomFieldOperation is what UpdateUser does to an extended field.
type CustomFieldOperation string

// Custom-field operations of UpdateUser.
const (
	// CustomFieldAdd adds the field's value.
	CustomFieldAdd CustomFieldOperation = "add"
	// CustomFieldReplace replaces the value (adds it when missing).
	CustomFieldReplace CustomFieldOperation = "replace"
	// CustomFieldRemove removes the value.
	CustomFieldRemove CustomFieldOperation = "remove"
)

// IDaaSUpdateCustomField changes one extended field in UpdateUser.
type IDaaSUpdateCustomField struct {
	// FieldName is the extended field's name; required.
	FieldName string `url:"FieldName,omitempty"`
	// FieldValue is the value to add or set.
	FieldValue string `url:"FieldValue,omitempty"`
	// Operation is "add", "replace" (adds when missing) or "remove".
	Operation CustomFieldOperation `url:"Operation,omitempty"`
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
	// Email is the new address; EmailVerified is then required.
	Email string
	// EmailVerified tells whether Email is trusted.
	EmailVerified *bool
	// PhoneRegion is the country code of PhoneNumber (1-6 digits).
	PhoneRegion string
	// PhoneNumber is the new number; PhoneNumberVerified is then required.
	PhoneNumber string
	// PhoneNumberVerified tells whether PhoneNumber is trusted.
	PhoneNumberVerified *bool
	// CustomFields change extended fields (sent as CustomFields.N.*).
	CustomFields []IDaaSUpdateCustomField
}

// IDaaSUpdateUserOutput is the answer of IDaaSClient.UpdateUser.
type IDaaSUpdateUserOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

type eiamUpdateUserParams struct {
	InstanceID          string                          `url:"InstanceId"`
	UserID              string                          `url:"UserId"`
	Username            string                          `url:"Username,omitempty"`
	DisplayName         string                          `url:"DisplayName,omitempty"`
	Email               string                          `url:"Email,omitempty"`
	EmailVerified       *bool                           `url:"EmailVerified,omitempty"`
	PhoneRegion         string                          `url:"PhoneRegion,omitempty"`
	PhoneNumber         string                          `url:"PhoneNumber,omitempty"`
	PhoneNumberVerified *bool                           `url:"PhoneNumberVerified,omitempty"`
	CustomFields        rpcList[IDaaSUpdateCustomField] `url:"CustomFields,omitempty"`
}

// updateRules checks UpdateUser's parameters but the instance and user.
func updateRules(in *IDaaSUpdateUserInput) []fieldRule {
	var rules []fieldRule
	if in.Username != "" {
		rules = append(rules, fieldRule{"Username", eiamNewUsernameRule(in.Username)})
	}
	rules = append(rules, fieldRule{"DisplayName", lenRule(in.DisplayName, 256)})
	rules = append(rules, eiamContactRules(in.PhoneRegion, in.PhoneNumber, in.PhoneNumberVerified, in.Email, in.EmailVerified)...)
	names := make([]string, len(in.CustomFields))
	for i, f := range in.CustomFields {
		names[i] = f.FieldName
		switch f.Operation {
		case "", CustomFieldAdd, CustomFieldReplace, CustomFieldRemove:
		default:
			rules = append(rules, fieldRule{"CustomFields." + itoa(i+1) + ".Operation", `must be "add", "replace" or "remove"`})
		}
	}
	return append(rules, customFieldRules(names)...)
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
	if err := firstInvalid(SchemeIDaaS, op, updateRules(in)...); err != nil {
		return nil, err
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
	// RequestID is the RequestId of the answer.
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
	if r := lenRule(in.Description, 256); r != "" {
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
	// RequestID is the RequestId of the answer.
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
	PasswordForcedUpdateStatus PasswordForcedUpdateStatus
	// UserNotificationChannels tells the user by "email" and/or "sms".
	UserNotificationChannels []NotificationChannel
}

// IDaaSUpdateUserPasswordOutput is the answer of IDaaSClient.UpdateUserPassword.
type IDaaSUpdateUserPasswordOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

type eiamPasswordParams struct {
	InstanceID                 string                       `url:"InstanceId"`
	UserID                     string                       `url:"UserId"`
	Password                   string                       `url:"Password"`
	PasswordForcedUpdateStatus PasswordForcedUpdateStatus   `url:"PasswordForcedUpdateStatus,omitempty"`
	UserNotificationChannels   rpcList[NotificationChannel] `url:"UserNotificationChannels,omitempty"`
}

// secrets implements secretParams: the password.
func (p *eiamPasswordParams) secrets() []string { return []string{p.Password} }

// UpdateUserPassword sets or resets an account's password (action
// UpdateUserPassword). It is not repeated once the server may have acted,
// and a failure after that is ErrOutcomeUnknown: a repeat could be refused
// for reusing the password it has just set (the password policy's
// history), hiding the change.
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
	if r := passwordRule(in.Password); r != "" {
		return nil, c.rpc.invalidArg(op, "Password", r)
	}
	switch in.PasswordForcedUpdateStatus {
	case "", PasswordForcedUpdateEnabled, PasswordForcedUpdateDisabled:
	default:
		return nil, c.rpc.invalidArg(op, "PasswordForcedUpdateStatus", `must be "enabled" or "disabled"`)
	}
	if err := firstInvalid(SchemeIDaaS, op, channelRules("UserNotificationChannels", in.UserNotificationChannels)...); err != nil {
		return nil, err
	}
	rid, err := c.rpc.call(ctx, op, &eiamPasswordParams{
		InstanceID: inst, UserID: in.UserID, Password: in.Password.Reveal(),
		PasswordForcedUpdateStatus: in.PasswordForcedUpdateStatus, UserNotificationChannels: in.UserNotificationChannels,
	}, false, nil)
	if err != nil {
		return nil, err
	}
	return &IDaaSUpdateUserPasswordOutput{RequestID: rid}, nil
}
