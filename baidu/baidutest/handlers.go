package baidutest

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/cloudiam-go/cloudiam/internal/store"
)

// Error codes the emulator answers with for the IAM-specific failures, whose
// codes Baidu does not publish. Clients should classify by HTTP status as
// well as by code.
const (
	codeNotFound      = "NotFound"      // 404: no such user, login profile or access key
	codeAlreadyExists = "AlreadyExists" // 409: the user name is taken
	codeLimitExceeded = "LimitExceeded" // 400: the user has as many access keys as allowed
)

// validName is the rule Baidu states for user names: 1-64 characters, each
// a letter, a digit or '_'.
func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_') {
			return false
		}
	}
	return true
}

const nameRule = "The user name must be 1-64 characters, each a letter, a digit or '_'."

// decode reads a JSON object body into v, answering MalformedJSON (bad
// syntax) or InappropriateJSON (wrong types) on failure.
func decode(rw *reply, body []byte, v any) bool {
	b := bytes.TrimSpace(body)
	if len(b) == 0 || b[0] != '{' {
		rw.fail(http.StatusBadRequest, "MalformedJSON", "The JSON you provided was not well-formed.")
		return false
	}
	if err := json.Unmarshal(b, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			rw.fail(http.StatusBadRequest, "InappropriateJSON", "The JSON you provided was well-formed and valid, but not appropriate for this operation: field "+te.Field+" has the wrong type.")
			return false
		}
		rw.fail(http.StatusBadRequest, "MalformedJSON", "The JSON you provided was not well-formed.")
		return false
	}
	return true
}

func userJSON(u store.User, withLastLogin bool) userModel {
	m := userModel{ID: u.ID, Name: u.Name, CreateTime: jsonTime(u.CreatedAt), Description: u.Description,
		Enabled: u.Enabled, Contact: u.Attrs["contact"]}
	if withLastLogin {
		m.LastLoginTime = optTime(u.LastLoginAt)
	}
	return m
}

// user finds the named user or answers 404.
func (e *Emulator) user(rw *reply, name string) (store.User, bool) {
	u, err := e.st.UserByName(name)
	if err != nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The user "+name+" does not exist.")
		return u, false
	}
	return u, true
}

func (e *Emulator) createUser(rw *reply, body []byte) {
	var in createUserRequest
	if !decode(rw, body, &in) {
		return
	}
	if in.Name == nil || !validName(*in.Name) {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", nameRule)
		return
	}
	u := store.User{Name: *in.Name, Enabled: true}
	if in.Description != nil {
		u.Description = *in.Description
	}
	u, err := e.st.CreateUser(u)
	if errors.Is(err, store.ErrExists) {
		rw.fail(http.StatusConflict, codeAlreadyExists, "The user "+*in.Name+" already exists.")
		return
	}
	if err != nil {
		rw.fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
		return
	}
	rw.ok(http.StatusCreated, userJSON(u, false))
}

func (e *Emulator) getUser(rw *reply, name string) {
	if u, ok := e.user(rw, name); ok {
		rw.ok(http.StatusOK, userJSON(u, true))
	}
}

func (e *Emulator) listUsers(rw *reply) {
	out := struct {
		Users []userModel `json:"users"`
	}{Users: []userModel{}}
	cursor := ""
	for {
		users, next, err := e.st.ListUsers(cursor, 1000, nil)
		if err != nil {
			rw.fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
			return
		}
		for _, u := range users {
			out.Users = append(out.Users, userJSON(u, false))
		}
		if next == "" {
			break
		}
		cursor = next
	}
	rw.ok(http.StatusOK, out)
}

func (e *Emulator) updateUser(rw *reply, name string, body []byte) {
	u, ok := e.user(rw, name)
	if !ok {
		return
	}
	var in updateUserRequest
	if !decode(rw, body, &in) {
		return
	}
	// An empty name is "not set", as the official SDK omits it when empty.
	if in.Name != nil && *in.Name != "" && !validName(*in.Name) {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", nameRule)
		return
	}
	u, err := e.st.UpdateUser(u.ID, func(x *store.User) error {
		if in.Name != nil && *in.Name != "" {
			x.Name = *in.Name
		}
		if in.Description != nil {
			x.Description = *in.Description
		}
		if in.Enabled != nil {
			x.Enabled = *in.Enabled
		}
		if in.Contact != nil {
			if x.Attrs == nil {
				x.Attrs = map[string]string{}
			}
			x.Attrs["contact"] = *in.Contact
		}
		return nil
	})
	switch {
	case errors.Is(err, store.ErrExists):
		rw.fail(http.StatusConflict, codeAlreadyExists, "The user "+*in.Name+" already exists.")
	case errors.Is(err, store.ErrNotFound):
		rw.fail(http.StatusNotFound, codeNotFound, "The user "+name+" does not exist.")
	case err != nil:
		rw.fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
	default:
		rw.ok(http.StatusOK, userJSON(u, false))
	}
}

func (e *Emulator) deleteUser(rw *reply, name string) {
	// Under the acl's lock, so that no membership or attachment appears
	// between the check and the delete (acl.go).
	e.acl.mu.Lock()
	defer e.acl.mu.Unlock()
	u, ok := e.user(rw, name)
	if !ok {
		return
	}
	if why := e.acl.userBusy(u.ID); why != "" {
		rw.fail(http.StatusConflict, codeDeleteConflict, "The user "+name+" cannot be deleted: "+why+".")
		return
	}
	if err := e.st.DeleteUser(u.ID); err != nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The user "+name+" does not exist.")
		return
	}
	rw.ok(http.StatusOK, nil)
}

func profileJSON(p store.LoginProfile) loginProfileModel {
	return loginProfileModel{
		NeedResetPassword: p.ResetRequired, EnabledLogin: p.Attrs["enabledLogin"] == "true",
		EnabledLoginMfa: p.MFARequired, LoginMfaType: p.MFAMethod,
		ThirdPartyType: p.Attrs["thirdPartyType"], ThirdPartyAccount: p.Attrs["thirdPartyAccount"],
	}
}

func (e *Emulator) updateLoginProfile(rw *reply, name string, body []byte) {
	u, ok := e.user(rw, name)
	if !ok {
		return
	}
	var in loginProfileRequest
	if !decode(rw, body, &in) {
		return
	}
	bad := func(msg string) { rw.fail(http.StatusBadRequest, "InappropriateJSON", msg) }
	if in.LoginMfaType != nil && *in.LoginMfaType != "" && *in.LoginMfaType != "PHONE" && *in.LoginMfaType != "TOTP" {
		bad("loginMfaType must be PHONE or TOTP.")
		return
	}
	if in.EnabledLoginMfa != nil && *in.EnabledLoginMfa && (in.LoginMfaType == nil || *in.LoginMfaType == "") {
		bad("loginMfaType must be specified when enabledLoginMfa is true.")
		return
	}
	tpType, tpAcct := "", ""
	if in.ThirdPartyType != nil {
		tpType = *in.ThirdPartyType
	}
	if in.ThirdPartyAccount != nil {
		tpAcct = *in.ThirdPartyAccount
	}
	if tpType != "" && tpType != "PASSPORT" && tpType != "UUAP" {
		bad("thirdPartyType must be PASSPORT or UUAP.")
		return
	}
	if (tpType == "") != (tpAcct == "") {
		bad("thirdPartyType and thirdPartyAccount must be given together; both empty unbinds.")
		return
	}
	p, err := e.st.LoginProfile(u.ID)
	if err != nil {
		p = store.LoginProfile{Attrs: map[string]string{"enabledLogin": "true"}}
	}
	if p.Attrs == nil {
		p.Attrs = map[string]string{}
	}
	if in.Password != nil && *in.Password != "" {
		p.Password = *in.Password
	}
	if in.NeedResetPassword != nil {
		p.ResetRequired = *in.NeedResetPassword
	}
	if in.EnabledLogin != nil {
		p.Attrs["enabledLogin"] = boolString(*in.EnabledLogin)
	}
	if in.EnabledLoginMfa != nil {
		p.MFARequired = *in.EnabledLoginMfa
	}
	if in.LoginMfaType != nil && *in.LoginMfaType != "" {
		p.MFAMethod = *in.LoginMfaType
	}
	if in.ThirdPartyType != nil || in.ThirdPartyAccount != nil {
		// Both given (checked above), or both empty: unbind.
		p.Attrs["thirdPartyType"], p.Attrs["thirdPartyAccount"] = tpType, tpAcct
	}
	p, err = e.st.PutLoginProfile(u.ID, p)
	if err != nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The user "+name+" does not exist.")
		return
	}
	rw.ok(http.StatusOK, profileJSON(p))
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func (e *Emulator) getLoginProfile(rw *reply, name string) {
	u, ok := e.user(rw, name)
	if !ok {
		return
	}
	p, err := e.st.LoginProfile(u.ID)
	if err != nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The login profile of user "+name+" does not exist.")
		return
	}
	rw.ok(http.StatusOK, profileJSON(p))
}

func (e *Emulator) deleteLoginProfile(rw *reply, name string) {
	u, ok := e.user(rw, name)
	if !ok {
		return
	}
	if err := e.st.DeleteLoginProfile(u.ID); err != nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The login profile of user "+name+" does not exist.")
		return
	}
	rw.ok(http.StatusOK, nil)
}

func keyJSON(k store.AccessKey, withSecret bool) accessKeyModel {
	m := accessKeyModel{ID: k.ID, CreateTime: jsonTime(k.CreatedAt), LastUsedTime: optTime(k.LastUsedAt),
		Enabled: k.Active, Description: k.Description}
	if withSecret {
		m.Secret = k.Secret
	}
	return m
}

func (e *Emulator) createAccessKey(rw *reply, name string) {
	u, ok := e.user(rw, name)
	if !ok {
		return
	}
	k, err := e.st.CreateAccessKey(u.ID, "")
	switch {
	case errors.Is(err, store.ErrLimit):
		rw.fail(http.StatusBadRequest, codeLimitExceeded, "The user "+name+" already has the maximum number of access keys.")
	case err != nil:
		rw.fail(http.StatusNotFound, codeNotFound, "The user "+name+" does not exist.")
	default:
		rw.ok(http.StatusOK, keyJSON(k, true))
	}
}

func (e *Emulator) listAccessKeys(rw *reply, name string) {
	u, ok := e.user(rw, name)
	if !ok {
		return
	}
	keys, err := e.st.AccessKeys(u.ID)
	if err != nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The user "+name+" does not exist.")
		return
	}
	out := struct {
		AccessKeys []accessKeyModel `json:"accessKeys"`
	}{AccessKeys: make([]accessKeyModel, 0, len(keys))}
	for _, k := range keys {
		out.AccessKeys = append(out.AccessKeys, keyJSON(k, false))
	}
	rw.ok(http.StatusOK, out)
}

// userKey finds the user's key or answers 404 (a key of another user is
// "not found" too).
func (e *Emulator) userKey(rw *reply, name, id string) (store.AccessKey, bool) {
	u, ok := e.user(rw, name)
	if !ok {
		return store.AccessKey{}, false
	}
	k, err := e.st.AccessKey(id)
	if err != nil || k.UserID != u.ID {
		rw.fail(http.StatusNotFound, codeNotFound, "The access key "+id+" of user "+name+" does not exist.")
		return store.AccessKey{}, false
	}
	return k, true
}

func (e *Emulator) setAccessKey(rw *reply, name, id, rawQuery string) {
	q, err := url.ParseQuery(rawQuery)
	_, dis := q["disable"]
	_, en := q["enable"]
	if err != nil || dis == en {
		rw.fail(http.StatusBadRequest, "InvalidURI", "Exactly one of the query flags ?enable and ?disable is required.")
		return
	}
	k, ok := e.userKey(rw, name, id)
	if !ok {
		return
	}
	k, err = e.st.UpdateAccessKey(k.ID, func(x *store.AccessKey) error { x.Active = en; return nil })
	if err != nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The access key "+id+" of user "+name+" does not exist.")
		return
	}
	rw.ok(http.StatusOK, keyJSON(k, false))
}

func (e *Emulator) deleteAccessKey(rw *reply, name, id string) {
	k, ok := e.userKey(rw, name, id)
	if !ok {
		return
	}
	if err := e.st.DeleteAccessKey(k.ID); err != nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The access key "+id+" of user "+name+" does not exist.")
		return
	}
	rw.ok(http.StatusOK, nil)
}
