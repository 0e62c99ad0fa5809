package huaweitest

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/cloudiam-go/cloudiam/internal/store"
)

// showLoginProtect is GET /v3.0/OS-USER/users/{id}/login-protect; 404
// IAM.0004 when the user never had login protection configured.
func (e *Emulator) showLoginProtect(q *req, id string) {
	u, err := e.st.UserByID(id)
	if err != nil || u.Attrs[attrLPMethod] == "" {
		q.huaweiError(http.StatusNotFound, "IAM.0004", "Could not find the login protection of the user.")
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"login_protect": loginProtectShape(&u)})
}

func loginProtectShape(u *store.User) map[string]any {
	return map[string]any{
		"user_id": u.ID, "enabled": u.Attrs[attrLPEnabled] == "true", "verification_method": u.Attrs[attrLPMethod],
	}
}

// updateLoginProtect is PUT /v3.0/OS-USER/users/{id}/login-protect. The
// emulator has no MFA devices, so vmfa is accepted without one.
func (e *Emulator) updateLoginProtect(q *req, id string) {
	var b struct {
		LoginProtect *struct {
			Enabled            *bool   `json:"enabled"`
			VerificationMethod *string `json:"verification_method"`
		} `json:"login_protect"`
	}
	if !q.decode(&b) {
		return
	}
	lp := b.LoginProtect
	if lp == nil || lp.Enabled == nil || lp.VerificationMethod == nil {
		q.huaweiError(http.StatusBadRequest, "IAM.0072", "login_protect.enabled and login_protect.verification_method are required.")
		return
	}
	switch *lp.VerificationMethod {
	case "sms", "email", "vmfa":
	default:
		q.huaweiError(http.StatusBadRequest, "IAM.0073", "verification_method must be sms, email or vmfa.")
		return
	}
	if q.who.userID == id {
		q.huaweiError(http.StatusForbidden, "IAM.0002", "An administrator cannot modify their own login protection.")
		return
	}
	u, err := e.st.UpdateUser(id, func(u *store.User) error {
		if u.Attrs == nil {
			u.Attrs = map[string]string{}
		}
		u.Attrs[attrLPEnabled] = strconv.FormatBool(*lp.Enabled)
		u.Attrs[attrLPMethod] = *lp.VerificationMethod
		return nil
	})
	if err != nil {
		q.userNotFound()
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"login_protect": loginProtectShape(&u)})
}

func credentialShape(k *store.AccessKey, withLastUse bool) map[string]any {
	st := "active"
	if !k.Active {
		st = "inactive"
	}
	m := map[string]any{
		"user_id": k.UserID, "access": k.ID, "status": st,
		"create_time": k.CreatedAt.UTC().Format(keystoneTimeLayout), "description": k.Description,
	}
	if withLastUse {
		last := k.LastUsedAt
		if last.IsZero() {
			last = k.CreatedAt // as IAM: a key never used reports its creation time
		}
		m["last_use_time"] = last.UTC().Format(keystoneTimeLayout)
	}
	return m
}

func (q *req) credentialNotFound(ak string) {
	q.keystoneError(http.StatusNotFound, "Not Found", "Could not find credential: "+ak+".")
}

// createCredential is POST /v3.0/OS-CREDENTIAL/credentials: 201 with the
// secret (the only time it is returned); 400 akSkNumExceed at the limit.
func (e *Emulator) createCredential(q *req) {
	var b struct {
		Credential *struct {
			UserID      string  `json:"user_id"`
			Description *string `json:"description"`
		} `json:"credential"`
	}
	if !q.decode(&b) {
		return
	}
	if b.Credential == nil || b.Credential.UserID == "" {
		q.keystoneError(http.StatusBadRequest, "Bad Request", "Invalid input for field 'credential.user_id'.")
		return
	}
	desc := ""
	if b.Credential.Description != nil {
		desc = *b.Credential.Description
		if len([]rune(desc)) > 255 {
			q.keystoneError(http.StatusBadRequest, "Bad Request", "Invalid input for field 'credential.description'.")
			return
		}
	}
	k, err := e.st.CreateAccessKey(b.Credential.UserID, desc)
	switch {
	case errors.Is(err, store.ErrLimit):
		q.keystoneError(http.StatusBadRequest, "Bad Request", "akSkNumExceed")
		return
	case errors.Is(err, store.ErrNotFound):
		q.keystoneError(http.StatusNotFound, "Not Found", "Could not find user: "+b.Credential.UserID+".")
		return
	case err != nil:
		q.huaweiError(http.StatusInternalServerError, "IAM.0006", "Internal server error.")
		return
	}
	m := credentialShape(&k, false)
	m["secret"] = k.Secret
	q.writeJSON(http.StatusCreated, map[string]any{"credential": m})
}

// listCredentials is GET /v3.0/OS-CREDENTIAL/credentials[?user_id=]; without
// user_id it lists the caller's own keys.
func (e *Emulator) listCredentials(q *req) {
	uid := q.who.userID
	if v := q.r.URL.Query(); v.Has("user_id") {
		uid = v.Get("user_id")
	}
	creds := []any{}
	if uid != "" {
		if _, err := e.st.UserByID(uid); err != nil {
			q.keystoneError(http.StatusNotFound, "Not Found", "Could not find user: "+uid+".")
			return
		}
		keys, err := e.st.AccessKeys(uid)
		if err != nil {
			q.huaweiError(http.StatusInternalServerError, "IAM.0006", "Internal server error.")
			return
		}
		for i := range keys {
			creds = append(creds, credentialShape(&keys[i], false))
		}
	}
	q.writeJSON(http.StatusOK, map[string]any{"credentials": creds})
}

// userKey returns a key of an IAM user (root keys are not served); false
// after writing 404.
func (e *Emulator) userKey(q *req, ak string) (store.AccessKey, bool) {
	k, err := e.st.AccessKey(ak)
	if err != nil || k.UserID == "" {
		q.credentialNotFound(ak)
		return store.AccessKey{}, false
	}
	return k, true
}

// showCredential is GET /v3.0/OS-CREDENTIAL/credentials/{ak}.
func (e *Emulator) showCredential(q *req, ak string) {
	k, ok := e.userKey(q, ak)
	if !ok {
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"credential": credentialShape(&k, true)})
}

// updateCredential is PUT /v3.0/OS-CREDENTIAL/credentials/{ak}.
func (e *Emulator) updateCredential(q *req, ak string) {
	var b struct {
		Credential *struct {
			Status      *string `json:"status"`
			Description *string `json:"description"`
		} `json:"credential"`
	}
	if !q.decode(&b) {
		return
	}
	c := b.Credential
	if c == nil || c.Status == nil && c.Description == nil {
		q.keystoneError(http.StatusBadRequest, "Bad Request", "Set credential.status or credential.description.")
		return
	}
	if c.Status != nil && *c.Status != "active" && *c.Status != "inactive" {
		q.keystoneError(http.StatusBadRequest, "Bad Request", "Invalid input for field 'credential.status'.")
		return
	}
	if c.Description != nil && len([]rune(*c.Description)) > 255 {
		q.keystoneError(http.StatusBadRequest, "Bad Request", "Invalid input for field 'credential.description'.")
		return
	}
	if _, ok := e.userKey(q, ak); !ok {
		return
	}
	k, err := e.st.UpdateAccessKey(ak, func(k *store.AccessKey) error {
		if c.Status != nil {
			k.Active = *c.Status == "active"
		}
		if c.Description != nil {
			k.Description = *c.Description
		}
		return nil
	})
	if err != nil {
		q.credentialNotFound(ak)
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"credential": credentialShape(&k, false)})
}

// deleteCredential is DELETE /v3.0/OS-CREDENTIAL/credentials/{ak}: 204.
func (e *Emulator) deleteCredential(q *req, ak string) {
	if _, ok := e.userKey(q, ak); !ok {
		return
	}
	if err := e.st.DeleteAccessKey(ak); err != nil {
		q.credentialNotFound(ak)
		return
	}
	q.noContent()
}

// createToken is POST /v3/auth/tokens with the password method: 201 and the
// token in X-Subject-Token, for an enabled user whose password matches.
func (e *Emulator) createToken(q *req) {
	type named struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	var b struct {
		Auth struct {
			Identity struct {
				Methods  []string `json:"methods"`
				Password struct {
					User struct {
						ID       string `json:"id"`
						Name     string `json:"name"`
						Password string `json:"password"`
						Domain   named  `json:"domain"`
					} `json:"user"`
				} `json:"password"`
			} `json:"identity"`
		} `json:"auth"`
	}
	if !q.decode(&b) {
		return
	}
	id := b.Auth.Identity
	hasPassword := false
	for _, m := range id.Methods {
		hasPassword = hasPassword || m == "password"
	}
	if !hasPassword {
		q.keystoneError(http.StatusBadRequest, "Bad Request", "Only the password method is supported by this emulator.")
		return
	}
	pu := id.Password.User
	wrong := func() {
		q.keystoneError(http.StatusUnauthorized, "Unauthorized", "The username or password is wrong.")
	}
	if pu.Domain.ID != "" && pu.Domain.ID != e.opts.domainID || pu.Domain.Name != "" && pu.Domain.Name != e.opts.domainName {
		wrong()
		return
	}
	var u store.User
	var err error
	if pu.ID != "" {
		u, err = e.st.UserByID(pu.ID)
	} else {
		u, err = e.st.UserByName(pu.Name)
	}
	if err != nil || !u.Enabled || u.Attrs[attrPassword] == "" || u.Attrs[attrPassword] != pu.Password {
		wrong()
		return
	}
	now := e.st.Now()
	tok := "MII" + randomString(alnum, 61)
	e.mu.Lock()
	for k, t := range e.tokens {
		if now.After(t.expires) {
			delete(e.tokens, k)
		}
	}
	e.tokens[tok] = issuedToken{userID: u.ID, expires: now.Add(tokenTTL)}
	e.mu.Unlock()
	_, _ = e.st.UpdateUser(u.ID, func(x *store.User) error { x.LastLoginAt = now; return nil })
	dom := map[string]any{"id": e.opts.domainID, "name": e.opts.domainName}
	q.w.Header().Set("X-Subject-Token", tok)
	q.writeJSON(http.StatusCreated, map[string]any{"token": map[string]any{
		"expires_at": now.Add(tokenTTL).UTC().Format(keystoneTimeLayout),
		"issued_at":  now.UTC().Format(keystoneTimeLayout),
		"methods":    []string{"password"},
		"user":       map[string]any{"id": u.ID, "name": u.Name, "domain": dom, "password_expires_at": ""},
		"domain":     dom,
		"roles":      []any{},
		"catalog":    []any{},
	}})
}
