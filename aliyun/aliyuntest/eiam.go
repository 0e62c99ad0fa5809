package aliyuntest

import (
	"errors"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cloudiam-go/cloudiam/internal/store"
)

// EIAM wire shapes, written from the EIAM 2021-12-01 API reference.

type eiamOU struct {
	OrganizationalUnitId   string `json:"OrganizationalUnitId"`
	OrganizationalUnitName string `json:"OrganizationalUnitName"`
	Primary                bool   `json:"Primary"`
}

type eiamCustomField struct {
	FieldName  string `json:"FieldName"`
	FieldValue string `json:"FieldValue"`
}

type eiamUser struct {
	InstanceId                  string            `json:"InstanceId"`
	UserId                      string            `json:"UserId"`
	Username                    string            `json:"Username"`
	DisplayName                 string            `json:"DisplayName"`
	Description                 string            `json:"Description"`
	UserExternalId              string            `json:"UserExternalId"`
	UserSourceType              string            `json:"UserSourceType"`
	UserSourceId                string            `json:"UserSourceId"`
	PhoneRegion                 string            `json:"PhoneRegion"`
	PhoneNumber                 string            `json:"PhoneNumber"`
	PhoneNumberVerified         bool              `json:"PhoneNumberVerified"`
	Email                       string            `json:"Email"`
	EmailVerified               bool              `json:"EmailVerified"`
	Status                      string            `json:"Status"`
	AccountExpireTime           int64             `json:"AccountExpireTime"`
	PasswordExpireTime          int64             `json:"PasswordExpireTime"`
	RegisterTime                int64             `json:"RegisterTime"`
	CreateTime                  int64             `json:"CreateTime"`
	UpdateTime                  int64             `json:"UpdateTime"`
	PasswordSet                 *bool             `json:"PasswordSet,omitempty"`
	PreferredLanguage           string            `json:"PreferredLanguage,omitempty"`
	PrimaryOrganizationalUnitId string            `json:"PrimaryOrganizationalUnitId,omitempty"`
	OrganizationalUnits         []eiamOU          `json:"OrganizationalUnits,omitempty"`
	Groups                      []any             `json:"Groups,omitempty"`
	CustomFields                []eiamCustomField `json:"CustomFields,omitempty"`
}

// Attrs keys of an EIAM account in the store.
const (
	aPhoneRegion    = "PhoneRegion"
	aPhoneNumber    = "PhoneNumber"
	aPhoneVerified  = "PhoneNumberVerified"
	aEmailVerified  = "EmailVerified"
	aExternalID     = "UserExternalId"
	aPrimaryOU      = "PrimaryOrganizationalUnitId"
	aOUs            = "OrganizationalUnitIds" // comma-separated, primary first
	aCustomPrefix   = "custom."
	aForcedPassword = "PasswordForcedUpdate"
)

var (
	eiamUsernameRE = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,64}$`)
	eiamRegionRE   = regexp.MustCompile(`^[0-9]{1,6}$`)
	eiamNumberRE   = regexp.MustCompile(`^[0-9]{6,15}$`)
	eiamEmailRE    = regexp.MustCompile(`^[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`)
)

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func invalid(param, why string) *apiError {
	return errf(400, "InvalidParameter."+param, "The parameter "+param+" is invalid: "+why+".")
}

func notFoundUser() *apiError {
	return errf(404, "EntityNotExists.User", "The specified user does not exist.")
}

func (e *Emulator) toEIAMUser(u store.User, detail bool) eiamUser {
	a := u.Attrs
	status := "enabled"
	if !u.Enabled {
		status = "disabled"
	}
	w := eiamUser{
		InstanceId: e.opts.instanceID, UserId: u.ID, Username: u.Name, DisplayName: u.DisplayName,
		Description: u.Description, UserExternalId: a[aExternalID], UserSourceType: "build_in",
		UserSourceId: e.opts.instanceID, PhoneRegion: a[aPhoneRegion], PhoneNumber: a[aPhoneNumber],
		PhoneNumberVerified: a[aPhoneVerified] == "true", Email: u.Email, EmailVerified: a[aEmailVerified] == "true",
		Status: status, AccountExpireTime: -1, PasswordExpireTime: -1, RegisterTime: ms(u.CreatedAt),
		CreateTime: ms(u.CreatedAt), UpdateTime: ms(u.UpdatedAt),
	}
	if !detail {
		return w
	}
	_, lpErr := e.eiam.LoginProfile(u.ID)
	set := lpErr == nil
	w.PasswordSet = &set
	w.PreferredLanguage = "zh-CN"
	w.PrimaryOrganizationalUnitId = a[aPrimaryOU]
	for _, ou := range strings.Split(a[aOUs], ",") {
		if ou != "" {
			w.OrganizationalUnits = append(w.OrganizationalUnits, eiamOU{OrganizationalUnitId: ou,
				OrganizationalUnitName: e.opts.organizationalUnits[ou], Primary: ou == a[aPrimaryOU]})
		}
	}
	w.Groups = e.eiamUserGroups(u.ID)
	var names []string
	for k := range a {
		if strings.HasPrefix(k, aCustomPrefix) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		w.CustomFields = append(w.CustomFields, eiamCustomField{FieldName: strings.TrimPrefix(k, aCustomPrefix), FieldValue: a[k]})
	}
	return w
}

// indexed collects X.1, X.2, ... (1-based, no gaps) of a flattened list.
func indexed(p url.Values, prefix string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := p[prefix+"."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, v[0])
	}
}

// indexedObjects collects X.N.Field of a flattened list of objects.
func indexedObjects(p url.Values, prefix string, fields ...string) []map[string]string {
	var out []map[string]string
	for i := 1; ; i++ {
		m := map[string]string{}
		for _, f := range fields {
			if v, ok := p[prefix+"."+strconv.Itoa(i)+"."+f]; ok {
				m[f] = v[0]
			}
		}
		if len(m) == 0 {
			return out
		}
		out = append(out, m)
	}
}

func eiamBool(p url.Values, name string) (*bool, error) {
	v, ok := p[name]
	if !ok || len(v) == 0 || v[0] == "" {
		return nil, nil
	}
	switch v[0] {
	case "true":
		b := true
		return &b, nil
	case "false":
		b := false
		return &b, nil
	}
	return nil, invalid(name, "must be true or false")
}

func (e *Emulator) checkContact(p url.Values, u *store.User) error {
	region, number := p.Get("PhoneRegion"), p.Get("PhoneNumber")
	if region != "" && !eiamRegionRE.MatchString(region) {
		return invalid("PhoneRegion", "digits only, without '+'")
	}
	if number != "" {
		if !eiamNumberRE.MatchString(number) {
			return invalid("PhoneNumber", "6 to 15 digits")
		}
		v, err := eiamBool(p, "PhoneNumberVerified")
		if err != nil {
			return err
		}
		if v == nil {
			return missing("PhoneNumberVerified")
		}
		if region == "" {
			region = "86"
		}
		u.Attrs[aPhoneRegion], u.Attrs[aPhoneNumber], u.Attrs[aPhoneVerified] = region, number, strconv.FormatBool(*v)
		u.Phone = region + "-" + number
	}
	if email := p.Get("Email"); email != "" {
		if utf8.RuneCountInString(email) > 128 || !eiamEmailRE.MatchString(email) {
			return invalid("Email", "not an email address")
		}
		v, err := eiamBool(p, "EmailVerified")
		if err != nil {
			return err
		}
		if v == nil {
			return missing("EmailVerified")
		}
		u.Email, u.Attrs[aEmailVerified] = email, strconv.FormatBool(*v)
	}
	return nil
}

func (e *Emulator) checkCustomFields(p url.Values, u *store.User, withOp bool) error {
	fields := []string{"FieldName", "FieldValue"}
	if withOp {
		fields = append(fields, "Operation")
	}
	for i, f := range indexedObjects(p, "CustomFields", fields...) {
		name := f["FieldName"]
		param := "CustomFields." + strconv.Itoa(i+1) + ".FieldName"
		if name == "" {
			return missing(param)
		}
		known := false
		for _, n := range e.opts.customFields {
			known = known || n == name
		}
		if !known {
			return errf(404, "EntityNotExists.CustomField", "The extended field "+name+" does not exist; create it in the console first.")
		}
		switch f["Operation"] {
		case "", "add", "replace":
			u.Attrs[aCustomPrefix+name] = f["FieldValue"]
		case "remove":
			delete(u.Attrs, aCustomPrefix+name)
		default:
			return invalid("CustomFields."+strconv.Itoa(i+1)+".Operation", "must be add, replace or remove")
		}
	}
	return nil
}

func (e *Emulator) eiamAction(req *request) (any, error) {
	p := req.params
	ok := func(extra map[string]any) map[string]any {
		m := map[string]any{"RequestId": req.requestID}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	if req.action == "" {
		return nil, missing("Action")
	}
	switch req.action {
	case "CreateUser", "GetUser", "ListUsers", "UpdateUser", "UpdateUserDescription", "DeleteUser",
		"EnableUser", "DisableUser", "UpdateUserPassword":
	default:
		if slices.Contains(eiamGroupActions, req.action) {
			break
		}
		return nil, errf(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
	}
	switch inst := p.Get("InstanceId"); {
	case inst == "":
		return nil, missing("InstanceId")
	case inst != e.opts.instanceID:
		return nil, errf(404, "EntityNotExists.Instance", "The specified instance does not exist.")
	}
	if slices.Contains(eiamGroupActions, req.action) {
		return e.eiamGroupAction(req, ok)
	}
	switch req.action {
	case "CreateUser":
		return e.eiamCreateUser(req, ok)

	case "GetUser":
		u, err := e.eiamUser(p)
		if err != nil {
			return nil, err
		}
		return ok(map[string]any{"User": e.toEIAMUser(u, true)}), nil

	case "ListUsers":
		return e.eiamListUsers(p, ok)

	case "UpdateUser":
		u, err := e.eiamUser(p)
		if err != nil {
			return nil, err
		}
		if n := p.Get("Username"); n != "" && !eiamUsernameRE.MatchString(n) {
			return nil, invalid("Username", "up to 64 letters, digits, '_', '.', '@' and '-'")
		}
		if utf8.RuneCountInString(p.Get("DisplayName")) > 256 {
			return nil, invalid("DisplayName", "up to 256 characters")
		}
		_, serr := e.eiam.UpdateUser(u.ID, func(x *store.User) error {
			if x.Attrs == nil {
				x.Attrs = map[string]string{}
			}
			if n := p.Get("Username"); n != "" {
				x.Name = n
			}
			if d := p.Get("DisplayName"); d != "" {
				x.DisplayName = d
			}
			if err := e.checkContact(p, x); err != nil {
				return err
			}
			return e.checkCustomFields(p, x, true)
		})
		if errors.Is(serr, store.ErrExists) {
			return nil, errf(409, "EntityAlreadyExists.User.Username", "The username is already used by another account.")
		}
		if serr != nil {
			return nil, serr
		}
		return ok(nil), nil

	case "UpdateUserDescription":
		u, err := e.eiamUser(p)
		if err != nil {
			return nil, err
		}
		d := p.Get("Description")
		if utf8.RuneCountInString(d) > 256 {
			return nil, invalid("Description", "up to 256 characters")
		}
		if _, err := e.eiam.UpdateUser(u.ID, func(x *store.User) error { x.Description = d; return nil }); err != nil {
			return nil, notFoundUser()
		}
		return ok(nil), nil

	case "DeleteUser":
		u, err := e.eiamUser(p)
		if err != nil {
			return nil, err
		}
		if err := e.eiam.DeleteUser(u.ID); err != nil {
			return nil, notFoundUser()
		}
		e.eiamForgetUser(u.ID) // EIAM purges everything of the account
		return ok(nil), nil

	case "EnableUser", "DisableUser":
		u, err := e.eiamUser(p)
		if err != nil {
			return nil, err
		}
		enable := req.action == "EnableUser"
		if _, err := e.eiam.UpdateUser(u.ID, func(x *store.User) error { x.Enabled = enable; return nil }); err != nil {
			return nil, notFoundUser()
		}
		return ok(nil), nil

	case "UpdateUserPassword":
		u, err := e.eiamUser(p)
		if err != nil {
			return nil, err
		}
		pw := p.Get("Password")
		if pw == "" {
			return nil, missing("Password")
		}
		if err := eiamPasswordPolicy(pw); err != nil {
			return nil, err
		}
		forced := p.Get("PasswordForcedUpdateStatus")
		if forced != "" && forced != "enabled" && forced != "disabled" {
			return nil, invalid("PasswordForcedUpdateStatus", "must be enabled or disabled")
		}
		for i, ch := range indexed(p, "UserNotificationChannels") {
			if ch != "email" && ch != "sms" {
				return nil, invalid("UserNotificationChannels."+strconv.Itoa(i+1), "must be email or sms")
			}
		}
		if _, err := e.eiam.PutLoginProfile(u.ID, store.LoginProfile{Password: pw, ResetRequired: forced == "enabled"}); err != nil {
			return nil, notFoundUser()
		}
		return ok(nil), nil
	}
	return nil, errf(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
}

func eiamPasswordPolicy(pw string) error {
	if n := utf8.RuneCountInString(pw); n < 6 || n > 128 {
		return errf(400, "InvalidParameter.Password", "The password does not satisfy the password policy of the instance (6 to 128 characters).")
	}
	return nil
}

func (e *Emulator) eiamUser(p url.Values) (store.User, error) {
	id := p.Get("UserId")
	if id == "" {
		return store.User{}, missing("UserId")
	}
	u, err := e.eiam.UserByID(id)
	if err != nil {
		return store.User{}, notFoundUser()
	}
	return u, nil
}

func (e *Emulator) eiamCreateUser(req *request, ok func(map[string]any) map[string]any) (any, error) {
	p := req.params
	token := p.Get("ClientToken")
	if token != "" {
		if len(token) > 64 {
			return nil, invalid("ClientToken", "up to 64 ASCII characters")
		}
		e.mu.Lock()
		id, seen := e.clientTokens[token]
		e.mu.Unlock()
		if seen {
			if _, err := e.eiam.UserByID(id); err == nil {
				return ok(map[string]any{"UserId": id}), nil
			}
		}
	}
	name := p.Get("Username")
	switch {
	case name == "":
		return nil, missing("Username")
	case !eiamUsernameRE.MatchString(name):
		return nil, invalid("Username", "up to 64 letters, digits, '_', '.', '@' and '-'")
	}
	if utf8.RuneCountInString(p.Get("DisplayName")) > 64 {
		return nil, invalid("DisplayName", "up to 64 characters")
	}
	if utf8.RuneCountInString(p.Get("Description")) > 256 {
		return nil, invalid("Description", "up to 256 characters")
	}
	if utf8.RuneCountInString(p.Get("UserExternalId")) > 64 {
		return nil, invalid("UserExternalId", "up to 64 characters")
	}
	const pic = "PasswordInitializationConfig."
	random := p.Get(pic+"PasswordInitializationType") == "random"
	if t := p.Get(pic + "PasswordInitializationType"); t != "" && !random {
		return nil, invalid(pic+"PasswordInitializationType", "must be random")
	}
	if v := p.Get(pic + "PasswordInitializationPolicyPriority"); v != "" && v != "global" && v != "custom" {
		return nil, invalid(pic+"PasswordInitializationPolicyPriority", "must be global or custom")
	}
	if v := p.Get(pic + "PasswordForcedUpdateStatus"); v != "" && v != "enabled" && v != "disabled" {
		return nil, invalid(pic+"PasswordForcedUpdateStatus", "must be enabled or disabled")
	}
	for i, ch := range indexed(p, pic+"UserNotificationChannels") {
		if ch != "email" && ch != "sms" {
			return nil, invalid(pic+"UserNotificationChannels."+strconv.Itoa(i+1), "must be email or sms")
		}
	}
	pw := p.Get("Password")
	if pw == "" && !random {
		return nil, missing("Password")
	}
	if pw != "" {
		if err := eiamPasswordPolicy(pw); err != nil {
			return nil, err
		}
	}
	primary := p.Get("PrimaryOrganizationalUnitId")
	if primary == "" {
		return nil, missing("PrimaryOrganizationalUnitId")
	}
	ous := []string{primary}
	for _, ou := range indexed(p, "OrganizationalUnitIds") {
		if ou != primary {
			ous = append(ous, ou)
		}
	}
	for _, ou := range ous {
		if _, known := e.opts.organizationalUnits[ou]; !known {
			return nil, errf(404, "EntityNotExists.OrganizationalUnit", "The organizational unit "+ou+" does not exist.")
		}
	}
	u := store.User{Name: name, DisplayName: p.Get("DisplayName"), Description: p.Get("Description"), Enabled: true,
		Attrs: map[string]string{aPrimaryOU: primary, aOUs: strings.Join(ous, ",")}}
	if err := e.checkContact(p, &u); err != nil {
		return nil, err
	}
	if err := e.checkCustomFields(p, &u, false); err != nil {
		return nil, err
	}
	if ext := p.Get("UserExternalId"); ext != "" {
		if n := e.eiam.CountUsers(func(x *store.User) bool { return x.Attrs[aExternalID] == ext }); n > 0 {
			return nil, errf(409, "EntityAlreadyExists.User.UserExternalId", "The external id is already used by another account.")
		}
		u.Attrs[aExternalID] = ext
	}
	created, err := e.eiam.CreateUser(u)
	if errors.Is(err, store.ErrExists) {
		return nil, errf(409, "EntityAlreadyExists.User.Username", "The username is already used by another account.")
	}
	if err != nil {
		return nil, err
	}
	if created.Attrs[aExternalID] == "" {
		_, _ = e.eiam.UpdateUser(created.ID, func(x *store.User) error { x.Attrs[aExternalID] = x.ID; return nil })
	}
	if pw == "" {
		pw = "R" + randomFrom(alnum, 15) + "!" // a random initial password nobody is told
	}
	if _, err := e.eiam.PutLoginProfile(created.ID, store.LoginProfile{Password: pw,
		ResetRequired: p.Get(pic+"PasswordForcedUpdateStatus") == "enabled"}); err != nil {
		return nil, err
	}
	if token != "" {
		e.mu.Lock()
		e.clientTokens[token] = created.ID
		e.mu.Unlock()
	}
	return ok(map[string]any{"UserId": created.ID}), nil
}

// eiamFilter is ListUsers' filter: f reads a request parameter.
func eiamFilter(f func(string) string, instanceID string, ids map[string]bool) func(u *store.User) bool {
	return func(u *store.User) bool {
		a := u.Attrs
		switch {
		case f("UsernameStartsWith") != "" && !strings.HasPrefix(u.Name, f("UsernameStartsWith")),
			f("DisplayNameStartsWith") != "" && !strings.HasPrefix(u.DisplayName, f("DisplayNameStartsWith")),
			f("Status") == "enabled" && !u.Enabled,
			f("Status") == "disabled" && u.Enabled,
			f("OrganizationalUnitId") != "" && !strings.Contains(","+a[aOUs]+",", ","+f("OrganizationalUnitId")+","),
			f("PhoneRegion") != "" && a[aPhoneRegion] != f("PhoneRegion"),
			f("PhoneNumber") != "" && a[aPhoneNumber] != f("PhoneNumber"),
			f("Email") != "" && u.Email != f("Email"),
			f("UserExternalId") != "" && a[aExternalID] != f("UserExternalId"),
			f("UserSourceType") != "" && f("UserSourceType") != "build_in",
			f("UserSourceId") != "" && f("UserSourceId") != instanceID,
			len(ids) > 0 && !ids[u.ID]:
			return false
		}
		return true
	}
}

func (e *Emulator) eiamListUsers(p url.Values, ok func(map[string]any) map[string]any) (any, error) {
	page, size := 1, 20
	if s := p.Get("PageNumber"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return nil, invalid("PageNumber", "must be a positive integer")
		}
		page = n
	}
	if s := p.Get("PageSize"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return nil, invalid("PageSize", "must be between 1 and 100")
		}
		size = n
	}
	if s := p.Get("Status"); s != "" && s != "enabled" && s != "disabled" {
		return nil, invalid("Status", "must be enabled or disabled")
	}
	ids := map[string]bool{}
	for _, id := range indexed(p, "UserIds") {
		ids[id] = true
	}
	f := func(name string) string { return p.Get(name) }
	filtered := len(ids) > 0
	for _, name := range []string{"UsernameStartsWith", "DisplayNameStartsWith", "Status", "OrganizationalUnitId",
		"PhoneRegion", "PhoneNumber", "Email", "UserExternalId", "UserSourceType", "UserSourceId"} {
		filtered = filtered || f(name) != ""
	}
	var keep func(u *store.User) bool // nil: no filter, the fast path
	if filtered {
		keep = eiamFilter(f, e.opts.instanceID, ids)
	}
	total := e.eiam.CountUsers(keep)
	users := []eiamUser{}
	if page-1 < total/size+1 { // also keeps (page-1)*size from overflowing
		for _, u := range e.eiam.ListUsersAt((page-1)*size, size, keep) {
			users = append(users, e.toEIAMUser(u, false))
		}
	}
	return ok(map[string]any{"TotalCount": total, "Users": users}), nil
}
