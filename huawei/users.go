package huawei

import (
	"context"
	"iter"
	"net/http"
	"time"

	"github.com/google/go-querystring/query"

	"github.com/cloudiam-go/cloudiam/iam"
)

// AccessMode is how an IAM user may access Huawei Cloud.
type AccessMode string

// The access modes of an IAM user.
const (
	// AccessModeDefault allows programmatic and console access (the default).
	AccessModeDefault AccessMode = "default"
	// AccessModeProgrammatic allows only API, CLI and SDK access.
	AccessModeProgrammatic AccessMode = "programmatic"
	// AccessModeConsole allows only management console access.
	AccessModeConsole AccessMode = "console"
)

func (m AccessMode) valid() bool {
	return m == AccessModeDefault || m == AccessModeProgrammatic || m == AccessModeConsole
}

// Links is the resource link object of IAM answers; null links are "".
type Links struct {
	// Self is the resource's own URL.
	Self string `json:"self"`
	// Previous is the URL of a list's previous page (previous); Keystone's
	// lists have no paging, so it is "".
	Previous string `json:"previous"`
	// Next is the URL of a list's next page (next); "" for the same reason.
	Next string `json:"next"`
}

// PasswordStrength is the strength IAM reports for a user's password
// (pwd_strength).
type PasswordStrength string

// The password strengths of ShowUser. The Keystone list reports lower-case
// levels instead (high, mid, low) and nothing for a user without a password.
const (
	PasswordStrengthNone   PasswordStrength = "None" // no password is set
	PasswordStrengthLow    PasswordStrength = "Low"
	PasswordStrengthMiddle PasswordStrength = "Middle"
	PasswordStrengthStrong PasswordStrength = "Strong"
	// PasswordStrengthHigh is how some IAM pages spell Strong.
	PasswordStrengthHigh PasswordStrength = "High"
)

// User is an IAM user as GET /v3.0/OS-USER/users/{user_id} (ShowUser)
// returns it, with every field of that answer. CreateUser and UpdateUser
// answer with the same type; they fill the fields marked "create/update".
type User struct {
	// ID is the user id, 32 hexadecimal characters.
	ID string `json:"id"`
	// Name is the user name, unique in the account.
	Name string `json:"name"`
	// DomainID is the id of the account the user belongs to.
	DomainID string `json:"domain_id"`
	// Enabled tells whether the user may sign in and call APIs.
	Enabled bool `json:"enabled"`
	// Links holds the user's resource link.
	Links *Links `json:"links,omitempty"`
	// XUserID is the user's id in an external enterprise system connected
	// to Huawei Cloud (xuser_id); "" when none is set.
	XUserID string `json:"xuser_id"`
	// XUserType is the user's type in that external system (xuser_type,
	// such as "TenantIdp"); "" when none is set.
	XUserType string `json:"xuser_type"`
	// AreaCode is the country code of Phone, such as "0086".
	AreaCode string `json:"areacode"`
	// Email is the user's email address.
	Email string `json:"email"`
	// Phone is the mobile number; IAM may mask it ("-" when unset).
	Phone string `json:"phone"`
	// PwdStatus true means the password must be changed at next login; nil
	// when IAM did not say (for example when no password is set).
	PwdStatus *bool `json:"pwd_status,omitempty"`
	// PwdCreateTime is when the password was created or last set.
	PwdCreateTime Time `json:"pwd_create_time"`
	// ModifyPwdTime is when the password was last modified.
	ModifyPwdTime Time `json:"modify_pwd_time"`
	// UpdateTime is when the user was last modified.
	UpdateTime Time `json:"update_time"`
	// CreateTime is when the user was created.
	CreateTime Time `json:"create_time"`
	// LastLoginTime is the last login or access authentication; zero (null)
	// when the user never logged in.
	LastLoginTime Time `json:"last_login_time"`
	// LastPwdAuthTime is the last password authentication, when reported.
	LastPwdAuthTime Time `json:"last_pwd_auth_time"`
	// PwdStrength is the password's strength; PasswordStrengthNone when the
	// user has no password.
	PwdStrength PasswordStrength `json:"pwd_strength,omitempty"`
	// IsDomainOwner tells whether the user is the account's administrator.
	IsDomainOwner bool `json:"is_domain_owner"`
	// AccessMode is how the user may access Huawei Cloud.
	AccessMode AccessMode `json:"access_mode"`
	// Description is the user's description.
	Description string `json:"description"`

	// Status is reported by create/update (an integer or null).
	Status *int `json:"status,omitempty"`
	// XDomainID is the account's id in an external enterprise system
	// (xdomain_id); reported by create/update.
	XDomainID string `json:"xdomain_id,omitempty"`
	// XDomainType is the account's type in that external system
	// (xdomain_type); reported by create/update.
	XDomainType string `json:"xdomain_type,omitempty"`
	// PasswordExpiresAt is reported by create/update; zero means never.
	PasswordExpiresAt Time `json:"password_expires_at"`
	// DefaultProjectID is reported by create/update.
	DefaultProjectID string `json:"default_project_id,omitempty"`
}

// CreateUserInput is the input of CreateUser (POST /v3.0/OS-USER/users).
// Name is required; empty fields are not sent.
type CreateUserInput struct {
	// Name is the user name (required): 1-64 letters, digits, spaces, '-',
	// '_' or '.', not starting with a digit or a space.
	Name string
	// DomainID is the account id; empty uses the client's domain.
	DomainID string
	// Password is the console password (at most 32 characters, at least two
	// of upper case, lower case, digits and special characters).
	Password iam.Secret
	// Email is the user's email address, at most 255 characters.
	Email string
	// AreaCode is the country code of Phone (areacode, for example
	// "0086"); it is set together with Phone.
	AreaCode string
	// Phone is the mobile number (phone, for example "13800000000"), at
	// most 32 digits; it is set together with AreaCode.
	Phone string
	// Enabled defaults to true when nil.
	Enabled *bool
	// PwdStatus true makes the user change the password at first login; IAM
	// applies it only with a Password (and then defaults to true).
	PwdStatus *bool
	// XUserType is the user's type in an external enterprise system
	// connected to Huawei Cloud (xuser_type, at most 64 characters; IAM
	// documents only "TenantIdp"); it is set together with XUserID.
	XUserType string
	// XUserID is the user's id in that external system (xuser_id, at most
	// 128 characters); it is set together with XUserType.
	XUserID string
	// AccessMode is how the user may access Huawei Cloud; empty is
	// AccessModeDefault.
	AccessMode AccessMode
	// Description is at most 255 characters.
	Description string
}

// wireCreateUser is the request body, in the official SDK's field order.
type wireCreateUser struct {
	User wireCreateUserFields `json:"user"`
}

type wireCreateUserFields struct {
	AccessMode  AccessMode `json:"access_mode,omitempty"`
	Name        string     `json:"name"`
	DomainID    string     `json:"domain_id"`
	Password    string     `json:"password,omitempty"`
	Email       string     `json:"email,omitempty"`
	AreaCode    string     `json:"areacode,omitempty"`
	Phone       string     `json:"phone,omitempty"`
	Enabled     *bool      `json:"enabled,omitempty"`
	PwdStatus   *bool      `json:"pwd_status,omitempty"`
	XUserType   string     `json:"xuser_type,omitempty"`
	XUserID     string     `json:"xuser_id,omitempty"`
	Description string     `json:"description,omitempty"`
}

// userEnvelope is {"user":{...}}.
type userEnvelope struct {
	User *User `json:"user"`
}

// complete is the Expect of an answer with a user: IAM always sends its
// id and name.
func (e *userEnvelope) complete([]byte) error {
	if e.User == nil {
		return lacks(`"user"`)
	}
	if m := missingIDName(e.User.ID, e.User.Name); m != "" {
		return lacks("user " + m)
	}
	return nil
}

// secrets lists the secrets a request body carries, for
// transport.Request.Secrets.
func secrets(s ...iam.Secret) []string {
	var out []string
	for _, v := range s {
		if !v.IsZero() {
			out = append(out, v.Reveal())
		}
	}
	return out
}

// CreateUserOutput is the answer of CreateUser.
type CreateUserOutput struct {
	// User is the new user, with the fields of the create answer.
	User *User
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// CreateUser creates an IAM user: POST /v3.0/OS-USER/users, 201.
func (c *Client) CreateUser(ctx context.Context, in *CreateUserInput) (*CreateUserOutput, error) {
	const op = "CreateUser"
	if in == nil {
		return nil, invalid(op, "CreateUserInput", "required")
	}
	if err := checkUserName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	f := userFields{password: in.Password, email: opt(in.Email), areacode: opt(in.AreaCode), phone: opt(in.Phone),
		xuserType: opt(in.XUserType), xuserID: opt(in.XUserID), description: opt(in.Description)}
	if in.AccessMode != "" {
		f.accessMode = &in.AccessMode
	}
	if err := checkUserFields(op, f); err != nil {
		return nil, err
	}
	domainID := in.DomainID
	if domainID != "" {
		if err := checkID(op, "DomainID", domainID); err != nil {
			return nil, err
		}
	} else {
		d, err := c.domain(ctx)
		if err != nil {
			return nil, err
		}
		domainID = d
	}
	body := wireCreateUser{User: wireCreateUserFields{
		AccessMode: in.AccessMode, Name: in.Name, DomainID: domainID, Password: in.Password.Reveal(),
		Email: in.Email, AreaCode: in.AreaCode, Phone: in.Phone, Enabled: in.Enabled, PwdStatus: in.PwdStatus,
		XUserType: in.XUserType, XUserID: in.XUserID, Description: in.Description,
	}}
	var env userEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodPost, path: "/v3.0/OS-USER/users", body: body,
		secrets: secrets(in.Password), expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &CreateUserOutput{User: env.User, RequestID: resp.RequestID}, nil
}

// ShowUserInput is the input of ShowUser.
type ShowUserInput struct {
	// UserID is the id of the user to show (required).
	UserID string
}

// ShowUserOutput is the answer of ShowUser.
type ShowUserOutput struct {
	// User is the user with every field of the ShowUser answer.
	User *User
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// ShowUser returns the details of a user: GET /v3.0/OS-USER/users/{user_id}.
func (c *Client) ShowUser(ctx context.Context, in *ShowUserInput) (*ShowUserOutput, error) {
	const op = "ShowUser"
	if in == nil {
		return nil, invalid(op, "ShowUserInput", "required")
	}
	if err := checkID(op, "UserID", in.UserID); err != nil {
		return nil, err
	}
	var env userEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/v3.0/OS-USER/users/" + in.UserID, idempotent: true, expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &ShowUserOutput{User: env.User, RequestID: resp.RequestID}, nil
}

// UpdateUserInput is the input of UpdateUser (PUT /v3.0/OS-USER/users/{user_id}).
// UserID is required; nil fields (and a zero Password) are left unchanged,
// and at least one field must be set. A pointer to "" clears a text field.
type UpdateUserInput struct {
	// UserID is the id of the user to modify (required).
	UserID string
	// Name renames the user, under the rule of CreateUserInput.Name.
	Name *string
	// Password sets a new password; it must differ from the current one.
	Password iam.Secret
	// Email sets the email address.
	Email *string
	// AreaCode sets the country code of Phone (areacode); it is set
	// together with Phone.
	AreaCode *string
	// Phone sets the mobile number (phone), at most 32 digits; it is set
	// together with AreaCode.
	Phone *string
	// Enabled enables or disables the user.
	Enabled *bool
	// PwdStatus true makes the user change the password at next login.
	PwdStatus *bool
	// AccessMode changes how the user may access Huawei Cloud.
	AccessMode *AccessMode
	// XUserType sets the user's type in an external enterprise system
	// (xuser_type, as in CreateUserInput); it is set together with XUserID.
	XUserType *string
	// XUserID sets the user's id in that external system (xuser_id); it is
	// set together with XUserType.
	XUserID *string
	// Description sets the description; a pointer to "" clears it.
	Description *string
}

type wireUpdateUser struct {
	User wireUpdateUserFields `json:"user"`
}

type wireUpdateUserFields struct {
	AccessMode  *AccessMode `json:"access_mode,omitempty"`
	Name        *string     `json:"name,omitempty"`
	Password    string      `json:"password,omitempty"`
	Email       *string     `json:"email,omitempty"`
	AreaCode    *string     `json:"areacode,omitempty"`
	Phone       *string     `json:"phone,omitempty"`
	Enabled     *bool       `json:"enabled,omitempty"`
	PwdStatus   *bool       `json:"pwd_status,omitempty"`
	XUserType   *string     `json:"xuser_type,omitempty"`
	XUserID     *string     `json:"xuser_id,omitempty"`
	Description *string     `json:"description,omitempty"`
}

// UpdateUserOutput is the answer of UpdateUser.
type UpdateUserOutput struct {
	// User is the modified user, with the fields of the update answer.
	User *User
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// UpdateUser modifies a user as the administrator:
// PUT /v3.0/OS-USER/users/{user_id}, 200. A change of password is sent
// once (see below); other changes are repeated after a failure, as setting
// the same values again changes nothing.
func (c *Client) UpdateUser(ctx context.Context, in *UpdateUserInput) (*UpdateUserOutput, error) {
	return c.updateUser(ctx, in, false)
}

// updateUser is UpdateUser; once sends the request once whatever it
// changes, so that a failure after IAM may have acted is
// ErrOutcomeUnknown, for a caller that must say so (SetLoginProfile).
func (c *Client) updateUser(ctx context.Context, in *UpdateUserInput, once bool) (*UpdateUserOutput, error) {
	const op = "UpdateUser"
	if in == nil {
		return nil, invalid(op, "UpdateUserInput", "required")
	}
	if err := checkID(op, "UserID", in.UserID); err != nil {
		return nil, err
	}
	if in.Name != nil {
		if err := checkUserName(op, "Name", *in.Name); err != nil {
			return nil, err
		}
	}
	f := userFields{password: in.Password, email: in.Email, areacode: in.AreaCode, phone: in.Phone,
		xuserType: in.XUserType, xuserID: in.XUserID, accessMode: in.AccessMode, description: in.Description}
	if err := checkUserFields(op, f); err != nil {
		return nil, err
	}
	body := wireUpdateUser{User: wireUpdateUserFields{
		AccessMode: in.AccessMode, Name: in.Name, Password: in.Password.Reveal(), Email: in.Email,
		AreaCode: in.AreaCode, Phone: in.Phone, Enabled: in.Enabled, PwdStatus: in.PwdStatus,
		XUserType: in.XUserType, XUserID: in.XUserID, Description: in.Description,
	}}
	if body.User == (wireUpdateUserFields{}) {
		return nil, invalid(op, "UpdateUserInput", "set at least one field to change")
	}
	var env userEnvelope
	// A password change cannot be repeated once IAM has acted: it refuses a
	// password equal to the current one (1108). It is retried only when the
	// request certainly did not act, and otherwise reports ErrOutcomeUnknown.
	resp, err := c.do(ctx, call{op: op, method: http.MethodPut, path: "/v3.0/OS-USER/users/" + in.UserID, body: body,
		idempotent: in.Password.IsZero() && !once, secrets: secrets(in.Password), expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &UpdateUserOutput{User: env.User, RequestID: resp.RequestID}, nil
}

// DeleteUserInput is the input of DeleteUser.
type DeleteUserInput struct {
	// UserID is the id of the user to delete (required).
	UserID string
}

// DeleteUserOutput is the (empty) answer of DeleteUser.
type DeleteUserOutput struct {
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// DeleteUser deletes a user with its access keys: DELETE /v3/users/{user_id}, 204.
// IAM refuses to delete the account administrator (code 1107).
func (c *Client) DeleteUser(ctx context.Context, in *DeleteUserInput) (*DeleteUserOutput, error) {
	const op = "DeleteUser"
	if in == nil {
		return nil, invalid(op, "DeleteUserInput", "required")
	}
	if err := checkID(op, "UserID", in.UserID); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodDelete, path: "/v3/users/" + in.UserID, idempotent: true}, nil)
	if err != nil {
		return nil, err
	}
	return &DeleteUserOutput{RequestID: resp.RequestID}, nil
}

// PasswordExpiryOperator compares a user's password expiry time with the
// time of a ListUsers filter.
type PasswordExpiryOperator string

// The operators of the password_expires_at filter. A password that never
// expires (null) matches none of them.
const (
	ExpiresBefore     PasswordExpiryOperator = "lt"  // expires before the time
	ExpiresAtOrBefore PasswordExpiryOperator = "lte" // expires at or before the time
	ExpiresAfter      PasswordExpiryOperator = "gt"  // expires after the time
	ExpiresAtOrAfter  PasswordExpiryOperator = "gte" // expires at or after the time
	ExpiresAt         PasswordExpiryOperator = "eq"  // expires at the time
	ExpiresNotAt      PasswordExpiryOperator = "neq" // expires at another time
)

// passwordExpiryLayout is the timestamp of the password_expires_at filter.
const passwordExpiryLayout = "2006-01-02T15:04:05Z"

func (o PasswordExpiryOperator) valid() bool {
	switch o {
	case ExpiresBefore, ExpiresAtOrBefore, ExpiresAfter, ExpiresAtOrAfter, ExpiresAt, ExpiresNotAt:
		return true
	}
	return false
}

// PasswordExpiryFilter is the password_expires_at={operator}:{timestamp}
// filter of ListUsers. Time is sent in UTC to the second
// (YYYY-MM-DDTHH:mm:ssZ).
type PasswordExpiryFilter struct {
	// Operator compares the users' expiry time with Time (required).
	Operator PasswordExpiryOperator
	// Time is the instant compared with (required).
	Time time.Time
}

// String is the filter's wire form, such as "lt:2016-12-08T22:02:00Z".
func (f PasswordExpiryFilter) String() string {
	return string(f.Operator) + ":" + f.Time.UTC().Format(passwordExpiryLayout)
}

// ListUsersInput filters ListUsers (GET /v3/users); it may be nil.
type ListUsersInput struct {
	// DomainID lists only the users of that account.
	DomainID string
	// Enabled lists only enabled (true) or disabled (false) users.
	Enabled *bool
	// Name lists only the user with exactly that name.
	Name string
	// PasswordExpiresAt compares the users' password expiry time.
	PasswordExpiresAt *PasswordExpiryFilter
}

// ListedUser is a user as the Keystone list (GET /v3/users) returns it.
type ListedUser struct {
	// ID is the user id.
	ID string `json:"id"`
	// Name is the user name.
	Name string `json:"name"`
	// DomainID is the id of the account the user belongs to.
	DomainID string `json:"domain_id"`
	// Enabled tells whether the user is enabled.
	Enabled bool `json:"enabled"`
	// Description is the user's description.
	Description string `json:"description"`
	// PasswordExpiresAt is zero (null) when the password never expires.
	PasswordExpiresAt Time `json:"password_expires_at"`
	// Links holds the user's resource link.
	Links Links `json:"links"`
	// PwdStatus true means the password must be changed; nil when not reported.
	PwdStatus *bool `json:"pwd_status,omitempty"`
	// LastProjectID is the project the user last accessed.
	LastProjectID string `json:"last_project_id,omitempty"`
	// PwdStrength is high, mid or low (lower case in this list), when reported.
	PwdStrength PasswordStrength `json:"pwd_strength,omitempty"`
	// AccessMode is reported by some regions.
	AccessMode AccessMode `json:"access_mode,omitempty"`
}

func (u *ListedUser) missing() string {
	if u == nil {
		return "user"
	}
	return missingIDName(u.ID, u.Name)
}

// ListUsersOutput is the answer of ListUsers. Keystone's list has no paging:
// it holds every matching user, and Links.Next is empty.
type ListUsersOutput struct {
	// Links holds the list's own link; Previous and Next are "".
	Links Links `json:"links"`
	// Users are the matching users.
	Users []*ListedUser `json:"users"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

// ListUsers lists the account's users: GET /v3/users with the domain_id,
// enabled, name and password_expires_at filters. For a large account,
// AllUsers holds one user at a time.
func (c *Client) ListUsers(ctx context.Context, in *ListUsersInput) (*ListUsersOutput, error) {
	k, err := listUsersCall(in)
	if err != nil {
		return nil, err
	}
	out := &ListUsersOutput{}
	k.expect = func([]byte) error { return checkList(out.Users, "users") }
	resp, err := c.do(ctx, k, out)
	if err != nil {
		return nil, err
	}
	out.RequestID = resp.RequestID
	return out, nil
}

// AllUsers yields the users ListUsers lists as the answer is read, so
// memory stays constant whatever the account's size (Keystone sends the
// whole list in one response). A failure, including a body cut off midway,
// is yielded last, after the users that arrived intact; stopping the loop
// early closes the response.
func (c *Client) AllUsers(ctx context.Context, in *ListUsersInput) iter.Seq2[*ListedUser, error] {
	k, err := listUsersCall(in)
	return stream[ListedUser](c, ctx, k, err, "users")
}

// listUsersQuery is the query of GET /v3/users, encoded by go-querystring.
type listUsersQuery struct {
	DomainID          string `url:"domain_id,omitempty"`
	Enabled           *bool  `url:"enabled,omitempty"`
	Name              string `url:"name,omitempty"`
	PasswordExpiresAt string `url:"password_expires_at,omitempty"`
}

// listUsersCall validates in and builds the ListUsers call.
func listUsersCall(in *ListUsersInput) (call, error) {
	const op = "ListUsers"
	if in == nil {
		in = &ListUsersInput{}
	}
	q := listUsersQuery{DomainID: in.DomainID, Enabled: in.Enabled, Name: in.Name}
	if in.DomainID != "" {
		if err := checkID(op, "DomainID", in.DomainID); err != nil {
			return call{}, err
		}
	}
	if len(in.Name) > MaxUserNameLength {
		return call{}, invalid(op, "Name", "must be at most 64 characters")
	}
	if f := in.PasswordExpiresAt; f != nil {
		if !f.Operator.valid() {
			return call{}, invalid(op, "PasswordExpiresAt.Operator", "must be one of lt, lte, gt, gte, eq, neq")
		}
		if f.Time.IsZero() {
			return call{}, invalid(op, "PasswordExpiresAt.Time", "required")
		}
		q.PasswordExpiresAt = f.String()
	}
	v, err := query.Values(q)
	if err != nil {
		return call{}, &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrInvalidArgument, Message: "cannot encode the query", Err: err}
	}
	return call{op: op, method: http.MethodGet, path: "/v3/users", query: v, idempotent: true}, nil
}
