package huaweitest

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/cloudiam-go/cloudiam/internal/store"
)

// Attrs keys of the store's users.
const (
	attrAreaCode      = "areacode"
	attrAccessMode    = "access_mode"
	attrXUserType     = "xuser_type"
	attrXUserID       = "xuser_id"
	attrPwdStatus     = "pwd_status"
	attrPassword      = "password"
	attrPwdCreateTime = "pwd_create_time"
	attrModifyPwdTime = "modify_pwd_time"
	attrLPEnabled     = "login_protect_enabled"
	attrLPMethod      = "login_protect_method"
)

// Time formats of the answers.
const (
	showTimeLayout     = "2006-01-02 15:04:05.0"       // ShowUser: "2020-07-08 02:19:03.0"
	createTimeLayout   = "2006-01-02T15:04:05.000000"  // v3.0 create/update
	keystoneTimeLayout = "2006-01-02T15:04:05.000000Z" // Keystone and credentials
)

// wireUserIn is the user object of the v3.0 create and update bodies (and
// Keystone's); pointers tell absent from empty.
type wireUserIn struct {
	Name        *string `json:"name"`
	DomainID    *string `json:"domain_id"`
	Password    *string `json:"password"`
	Email       *string `json:"email"`
	AreaCode    *string `json:"areacode"`
	Phone       *string `json:"phone"`
	Enabled     *bool   `json:"enabled"`
	PwdStatus   *bool   `json:"pwd_status"`
	AccessMode  *string `json:"access_mode"`
	XUserType   *string `json:"xuser_type"`
	XUserID     *string `json:"xuser_id"`
	Description *string `json:"description"`
}

type userBody struct {
	User *wireUserIn `json:"user"`
}

func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '-' || c == '_' || c == '.'
		if !ok || i == 0 && (c == ' ' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// passwordClasses counts upper, lower, digit and special characters.
func passwordClasses(p string) int {
	var u, l, d, s int
	for _, c := range p {
		switch {
		case unicode.IsUpper(c):
			u = 1
		case unicode.IsLower(c):
			l = 1
		case unicode.IsDigit(c):
			d = 1
		default:
			s = 1
		}
	}
	return u + l + d + s
}

// checkUser applies IAM's documented field rules, writing the 400 with its
// numeric code; false when the body is refused.
func (q *req) checkUser(in *wireUserIn, cur *store.User) bool {
	bad := func(code, msg string) bool { q.huaweiError(http.StatusBadRequest, code, msg); return false }
	if in.Name != nil && !validName(*in.Name) {
		return bad("1101", "Invalid username.")
	}
	if in.Email != nil && (len(*in.Email) > 255 || *in.Email != "" && !strings.Contains(*in.Email, "@")) {
		return bad("1102", "Invalid email address.")
	}
	if in.Phone != nil && *in.Phone != "" && (!allDigits(*in.Phone) || len(*in.Phone) > 32) {
		return bad("1104", "Invalid mobile number.")
	}
	if (in.Phone != nil) != (in.AreaCode != nil) {
		return bad("1106", "The country code and mobile number must be specified together.")
	}
	if (in.XUserType != nil) != (in.XUserID != nil) {
		return bad("1105", "xuser_type and xuser_id must be specified together.")
	}
	if in.XUserType != nil && len(*in.XUserType) > 64 || in.XUserID != nil && len(*in.XUserID) > 128 {
		return bad("1105", "Invalid xuser_type or xuser_id.")
	}
	if in.AccessMode != nil {
		switch *in.AccessMode {
		case "default", "programmatic", "console":
		default:
			return bad("1120", "Invalid access mode.")
		}
	}
	if in.Description != nil && len([]rune(*in.Description)) > 255 {
		return bad("1117", "Invalid description.")
	}
	if in.Password != nil {
		p := *in.Password
		if n := len([]rune(p)); n < 8 || n > 32 || passwordClasses(p) < 2 {
			return bad("1118", "The password is too weak: 8 to 32 characters with at least two of upper case, lower case, digits and special characters.")
		}
		if cur != nil && (cur.Email != "" && strings.Contains(p, cur.Email) || cur.Phone != "" && strings.Contains(p, cur.Phone)) {
			return bad("1118", "The password must not contain the mobile number or email address.")
		}
		if cur != nil && cur.Attrs[attrPassword] == p {
			return bad("1108", "The new password must be different from the old password.")
		}
	}
	return true
}

func strength(p string) string {
	switch c := passwordClasses(p); {
	case p == "":
		return "None"
	case c >= 3 && len(p) >= 12:
		return "Strong"
	case c >= 3:
		return "Middle"
	default:
		return "Low"
	}
}

// apply copies the set fields of in onto u.
func apply(u *store.User, in *wireUserIn, now time.Time) {
	if u.Attrs == nil {
		u.Attrs = map[string]string{}
	}
	set := func(k string, v *string) {
		if v != nil {
			u.Attrs[k] = *v
		}
	}
	if in.Name != nil {
		u.Name = *in.Name
	}
	if in.Email != nil {
		u.Email = *in.Email
	}
	if in.Phone != nil {
		u.Phone = *in.Phone
	}
	if in.Description != nil {
		u.Description = *in.Description
	}
	if in.Enabled != nil {
		u.Enabled = *in.Enabled
	}
	set(attrAreaCode, in.AreaCode)
	set(attrAccessMode, in.AccessMode)
	set(attrXUserType, in.XUserType)
	set(attrXUserID, in.XUserID)
	if in.Password != nil {
		if u.Attrs[attrPassword] == "" {
			u.Attrs[attrPwdCreateTime] = now.Format(time.RFC3339)
		}
		u.Attrs[attrPassword] = *in.Password
		u.Attrs[attrModifyPwdTime] = now.Format(time.RFC3339)
	}
	if in.PwdStatus != nil && u.Attrs[attrPassword] != "" {
		u.Attrs[attrPwdStatus] = strconv.FormatBool(*in.PwdStatus)
	}
}

func attrTime(u *store.User, k string) time.Time {
	t, _ := time.Parse(time.RFC3339, u.Attrs[k])
	return t
}

func timeOrNil(t time.Time, layout string) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(layout)
}

func (e *Emulator) pwdExpiresAt(u *store.User) time.Time {
	if e.opts.pwdValidity <= 0 || u.Attrs[attrPassword] == "" {
		return time.Time{}
	}
	t := attrTime(u, attrModifyPwdTime)
	if t.IsZero() {
		return t
	}
	return t.Add(e.opts.pwdValidity)
}

func accessMode(u *store.User) string {
	if m := u.Attrs[attrAccessMode]; m != "" {
		return m
	}
	return "default"
}

// pwdStatus is the user's pwd_status, nil when no password is set.
func pwdStatus(u *store.User) any {
	if u.Attrs[attrPassword] == "" {
		return nil
	}
	return u.Attrs[attrPwdStatus] == "true"
}

func putPwdStatus(m map[string]any, u *store.User) {
	if s := pwdStatus(u); s != nil {
		m["pwd_status"] = s
	}
}

// showShape renders a user in the ShowUser answer (GET /v3.0/OS-USER/users/{id}).
func (e *Emulator) showShape(q *req, u *store.User) map[string]any {
	phone := u.Phone
	if phone == "" {
		phone = "-"
	}
	m := map[string]any{
		"id": u.ID, "name": u.Name, "domain_id": e.opts.domainID, "enabled": u.Enabled,
		"email": u.Email, "areacode": u.Attrs[attrAreaCode], "phone": phone,
		"xuser_id": u.Attrs[attrXUserID], "xuser_type": u.Attrs[attrXUserType],
		"pwd_strength":    strength(u.Attrs[attrPassword]),
		"create_time":     timeOrNil(u.CreatedAt, showTimeLayout),
		"update_time":     timeOrNil(u.UpdatedAt, showTimeLayout),
		"last_login_time": timeOrNil(u.LastLoginAt, showTimeLayout),
		"pwd_create_time": timeOrNil(attrTime(u, attrPwdCreateTime), showTimeLayout),
		"modify_pwd_time": timeOrNil(attrTime(u, attrModifyPwdTime), showTimeLayout),
		"is_domain_owner": false, "access_mode": accessMode(u), "description": u.Description,
		"links": map[string]any{"self": q.baseURL() + "/v3.0/OS-USER/users/" + u.ID, "previous": nil, "next": nil},
	}
	putPwdStatus(m, u)
	return m
}

// createShape renders the v3.0 create answer; update adds links.
func (e *Emulator) createShape(u *store.User) map[string]any {
	m := map[string]any{
		"id": u.ID, "name": u.Name, "domain_id": e.opts.domainID, "enabled": u.Enabled,
		"description": u.Description, "email": u.Email, "areacode": u.Attrs[attrAreaCode], "phone": u.Phone,
		"access_mode": accessMode(u), "is_domain_owner": false, "status": nil,
		"xuser_id": u.Attrs[attrXUserID], "xuser_type": u.Attrs[attrXUserType],
		"create_time":         u.CreatedAt.UTC().Format(createTimeLayout),
		"password_expires_at": timeOrNil(e.pwdExpiresAt(u), keystoneTimeLayout),
		"default_project_id":  nil,
	}
	putPwdStatus(m, u)
	return m
}

// keystoneShape renders a user of the Keystone show and list answers.
func (e *Emulator) keystoneShape(q *req, u *store.User) map[string]any {
	m := map[string]any{
		"id": u.ID, "name": u.Name, "domain_id": e.opts.domainID, "enabled": u.Enabled,
		"description": u.Description, "password_expires_at": timeOrNil(e.pwdExpiresAt(u), keystoneTimeLayout),
		"links":       map[string]any{"self": q.baseURL() + "/v3/users/" + u.ID, "previous": nil, "next": nil},
		"access_mode": accessMode(u),
	}
	putPwdStatus(m, u)
	if p := u.Attrs[attrPassword]; p != "" {
		m["pwd_strength"] = map[string]string{"Strong": "high", "Middle": "mid", "Low": "low"}[strength(p)]
	}
	return m
}

// userNotFound is the v3.0 404.
func (q *req) userNotFound() {
	q.huaweiError(http.StatusNotFound, "IAM.0004", "Could not find the user.")
}

func (e *Emulator) newUser(q *req, in *wireUserIn, keystone bool) (*store.User, bool) {
	if in.Name == nil || *in.Name == "" {
		q.huaweiError(http.StatusBadRequest, "1100", "Missing parameter: name.")
		return nil, false
	}
	if !keystone && (in.DomainID == nil || *in.DomainID == "") {
		q.huaweiError(http.StatusBadRequest, "1100", "Missing parameter: domain_id.")
		return nil, false
	}
	if in.DomainID != nil && *in.DomainID != e.opts.domainID {
		q.huaweiError(http.StatusForbidden, "IAM.0002", "You are not authorized to create users in domain "+*in.DomainID+".")
		return nil, false
	}
	if !q.checkUser(in, nil) {
		return nil, false
	}
	u := store.User{Enabled: true}
	now := e.st.Now()
	if in.PwdStatus == nil && in.Password != nil {
		in.PwdStatus = ptr(true) // the default with a password
	}
	apply(&u, in, now)
	created, err := e.st.CreateUser(u)
	if errors.Is(err, store.ErrExists) {
		q.conflict(*in.Name)
		return nil, false
	}
	if err != nil {
		q.huaweiError(http.StatusInternalServerError, "IAM.0006", "Internal server error.")
		return nil, false
	}
	return &created, true
}

func ptr[T any](v T) *T { return &v }

// createUser is POST /v3.0/OS-USER/users: 201.
func (e *Emulator) createUser(q *req) {
	var b userBody
	if !q.decode(&b) {
		return
	}
	if b.User == nil {
		q.huaweiError(http.StatusBadRequest, "IAM.0072", "The required property user is missing.")
		return
	}
	u, ok := e.newUser(q, b.User, false)
	if !ok {
		return
	}
	q.writeJSON(http.StatusCreated, map[string]any{"user": e.createShape(u)})
}

// keystoneCreateUser is POST /v3/users: 201 in Keystone's shape.
func (e *Emulator) keystoneCreateUser(q *req) {
	var b userBody
	if !q.decode(&b) {
		return
	}
	if b.User == nil {
		q.keystoneError(http.StatusBadRequest, "Bad Request", "Invalid input for field 'user'.")
		return
	}
	in := b.User
	if in.Email != nil || in.Phone != nil || in.AreaCode != nil || in.AccessMode != nil || in.XUserID != nil || in.XUserType != nil {
		q.keystoneError(http.StatusBadRequest, "Bad Request", "Additional properties are not allowed.")
		return
	}
	u, ok := e.newUser(q, in, true)
	if !ok {
		return
	}
	q.writeJSON(http.StatusCreated, map[string]any{"user": e.keystoneShape(q, u)})
}

// showUser is GET /v3.0/OS-USER/users/{id}.
func (e *Emulator) showUser(q *req, id string) {
	u, err := e.st.UserByID(id)
	if err != nil {
		q.userNotFound()
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"user": e.showShape(q, &u)})
}

// keystoneShowUser is GET /v3/users/{id}.
func (e *Emulator) keystoneShowUser(q *req, id string) {
	u, err := e.st.UserByID(id)
	if err != nil {
		q.keystoneError(http.StatusNotFound, "Not Found", "Could not find user: "+id+".")
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"user": e.keystoneShape(q, &u)})
}

// update applies a body to a user; false after writing the error.
func (e *Emulator) update(q *req, id string, in *wireUserIn, notFound func()) (*store.User, bool) {
	cur, err := e.st.UserByID(id)
	if err != nil {
		notFound()
		return nil, false
	}
	if !q.checkUser(in, &cur) {
		return nil, false
	}
	now := e.st.Now()
	u, err := e.st.UpdateUser(id, func(u *store.User) error {
		apply(u, in, now)
		return nil
	})
	switch {
	case errors.Is(err, store.ErrExists):
		q.conflict(*in.Name)
		return nil, false
	case errors.Is(err, store.ErrNotFound):
		notFound()
		return nil, false
	case err != nil:
		q.huaweiError(http.StatusInternalServerError, "IAM.0006", "Internal server error.")
		return nil, false
	}
	return &u, true
}

// updateUser is PUT /v3.0/OS-USER/users/{id}.
func (e *Emulator) updateUser(q *req, id string) {
	var b userBody
	if !q.decode(&b) {
		return
	}
	if b.User == nil || *b.User == (wireUserIn{}) {
		q.huaweiError(http.StatusBadRequest, "IAM.0072", "The request body has no field to update.")
		return
	}
	if b.User.DomainID != nil {
		q.huaweiError(http.StatusBadRequest, "IAM.0073", "domain_id cannot be modified.")
		return
	}
	u, ok := e.update(q, id, b.User, q.userNotFound)
	if !ok {
		return
	}
	m := e.createShape(u)
	m["links"] = map[string]any{"self": q.baseURL() + "/v3.0/OS-USER/users/" + u.ID}
	q.writeJSON(http.StatusOK, map[string]any{"user": m})
}

// keystoneUpdateUser is PATCH /v3/users/{id}.
func (e *Emulator) keystoneUpdateUser(q *req, id string) {
	var b userBody
	if !q.decode(&b) {
		return
	}
	if b.User == nil {
		q.keystoneError(http.StatusBadRequest, "Bad Request", "Invalid input for field 'user'.")
		return
	}
	in := b.User
	if in.DomainID != nil && *in.DomainID != e.opts.domainID {
		q.keystoneError(http.StatusBadRequest, "Bad Request", "domain_id cannot be modified.")
		return
	}
	in.DomainID = nil
	u, ok := e.update(q, id, in, func() { q.keystoneError(http.StatusNotFound, "Not Found", "Could not find user: "+id+".") })
	if !ok {
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"user": e.keystoneShape(q, u)})
}

// deleteUser is DELETE /v3/users/{id}: 204, with the user's keys, group
// memberships and grants.
func (e *Emulator) deleteUser(q *req, id string) {
	if err := e.st.DeleteUser(id); err != nil {
		q.keystoneError(http.StatusNotFound, "Not Found", "Could not find user: "+id+".")
		return
	}
	e.mu.Lock()
	for tok, t := range e.tokens {
		if t.userID == id {
			delete(e.tokens, tok)
		}
	}
	e.perm.forgetUser(id) // Keystone drops the user's memberships and grants
	e.mu.Unlock()
	q.noContent()
}

// expiryFilter is a parsed password_expires_at={op}:{timestamp}.
type expiryFilter struct {
	op string
	t  time.Time
}

func parseExpiryFilter(s string) (expiryFilter, bool) {
	op, ts, ok := strings.Cut(s, ":")
	if !ok {
		return expiryFilter{}, false
	}
	switch op {
	case "lt", "lte", "gt", "gte", "eq", "neq":
	default:
		return expiryFilter{}, false
	}
	t, err := time.Parse(time.RFC3339, ts)
	if err != nil {
		return expiryFilter{}, false
	}
	return expiryFilter{op: op, t: t}, true
}

// keep compares like SQL: a null expiry (never) matches no operator.
func (f expiryFilter) keep(exp time.Time) bool {
	if exp.IsZero() {
		return false
	}
	exp = exp.Truncate(time.Second)
	switch f.op {
	case "lt":
		return exp.Before(f.t)
	case "lte":
		return !exp.After(f.t)
	case "gt":
		return exp.After(f.t)
	case "gte":
		return !exp.Before(f.t)
	case "eq":
		return exp.Equal(f.t)
	}
	return !exp.Equal(f.t)
}

// listUsers is GET /v3/users with the domain_id, enabled, name and
// password_expires_at filters; Keystone does not page.
func (e *Emulator) listUsers(q *req) {
	v := q.r.URL.Query()
	var keeps []func(*store.User) bool
	if v.Has("domain_id") && v.Get("domain_id") != e.opts.domainID {
		keeps = append(keeps, func(*store.User) bool { return false })
	}
	if v.Has("enabled") {
		b, err := strconv.ParseBool(v.Get("enabled"))
		if err != nil {
			q.keystoneError(http.StatusBadRequest, "Bad Request", "Invalid input for field 'enabled'.")
			return
		}
		keeps = append(keeps, func(u *store.User) bool { return u.Enabled == b })
	}
	if v.Has("name") {
		name := v.Get("name")
		keeps = append(keeps, func(u *store.User) bool { return u.Name == name })
	}
	if v.Has("password_expires_at") {
		f, ok := parseExpiryFilter(v.Get("password_expires_at"))
		if !ok {
			q.keystoneError(http.StatusBadRequest, "Bad Request", "Invalid password_expires_at: expected {lt|lte|gt|gte|eq|neq}:YYYY-MM-DDTHH:mm:ssZ.")
			return
		}
		keeps = append(keeps, func(u *store.User) bool { return f.keep(e.pwdExpiresAt(u)) })
	}
	keep := func(u *store.User) bool {
		for _, k := range keeps {
			if !k(u) {
				return false
			}
		}
		return true
	}
	users := []any{}
	cursor := ""
	for {
		page, next, err := e.st.ListUsers(cursor, 1000, keep)
		if err != nil {
			q.huaweiError(http.StatusInternalServerError, "IAM.0006", "Internal server error.")
			return
		}
		for i := range page {
			users = append(users, e.keystoneShape(q, &page[i]))
		}
		if next == "" {
			break
		}
		cursor = next
	}
	self := q.baseURL() + "/v3/users"
	if q.r.URL.RawQuery != "" {
		self += "?" + q.r.URL.RawQuery
	}
	q.writeJSON(http.StatusOK, map[string]any{
		"links": map[string]any{"self": self, "previous": nil, "next": nil},
		"users": users,
	})
}
