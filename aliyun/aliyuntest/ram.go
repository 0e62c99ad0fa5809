package aliyuntest

import (
	"encoding/base64"
	"errors"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/cloudiam-go/cloudiam/internal/store"
)

// RAM wire shapes, written from the RAM API reference (not shared with the client).

type ramUser struct {
	UserId        string `json:"UserId"`
	UserName      string `json:"UserName"`
	DisplayName   string `json:"DisplayName"`
	MobilePhone   string `json:"MobilePhone"`
	Email         string `json:"Email"`
	Comments      string `json:"Comments"`
	CreateDate    string `json:"CreateDate"`
	UpdateDate    string `json:"UpdateDate,omitempty"`
	LastLoginDate string `json:"LastLoginDate,omitempty"`
}

type ramLoginProfile struct {
	UserName              string `json:"UserName"`
	PasswordResetRequired bool   `json:"PasswordResetRequired"`
	MFABindRequired       bool   `json:"MFABindRequired"`
	CreateDate            string `json:"CreateDate"`
}

type ramAccessKey struct {
	AccessKeyId     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret,omitempty"`
	Status          string `json:"Status"`
	CreateDate      string `json:"CreateDate"`
}

var (
	ramUserNameChars = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	ramPhone         = regexp.MustCompile(`^[0-9]{1,6}-[0-9]{4,20}$`)
	ramEmail         = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

func ramDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func toRAMUser(u store.User, detail bool) ramUser {
	w := ramUser{UserId: u.ID, UserName: u.Name, DisplayName: u.DisplayName, MobilePhone: u.Phone,
		Email: u.Email, Comments: u.Description, CreateDate: ramDate(u.CreatedAt), UpdateDate: ramDate(u.UpdatedAt)}
	if detail {
		w.LastLoginDate = ramDate(u.LastLoginAt)
	}
	return w
}

func (e *Emulator) ramAction(req *request) (any, error) {
	p := req.params
	ok := func(extra map[string]any) map[string]any {
		m := map[string]any{"RequestId": req.requestID}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	switch req.action {
	case "CreateUser":
		name, err := ramUserName(p.Get("UserName"), "UserName")
		if err != nil {
			return nil, err
		}
		if err := ramProfileChecks("", p.Get("DisplayName"), p.Get("MobilePhone"), p.Get("Email"), p.Get("Comments")); err != nil {
			return nil, err
		}
		u, serr := e.ram.CreateUser(store.User{Name: name, DisplayName: p.Get("DisplayName"), Phone: p.Get("MobilePhone"),
			Email: p.Get("Email"), Description: p.Get("Comments"), Enabled: true})
		if errors.Is(serr, store.ErrExists) {
			return nil, errf(409, "EntityAlreadyExists.User", "The user does already exist.")
		}
		if serr != nil {
			return nil, serr
		}
		w := toRAMUser(u, false)
		w.UpdateDate = ""
		return ok(map[string]any{"User": w}), nil

	case "GetUser":
		u, err := e.ramUser(p.Get("UserName"))
		if err != nil {
			return nil, err
		}
		return ok(map[string]any{"User": toRAMUser(u, true)}), nil

	case "UpdateUser":
		u, err := e.ramUser(p.Get("UserName"))
		if err != nil {
			return nil, err
		}
		newName := p.Get("NewUserName")
		if newName != "" {
			if _, err := ramUserName(newName, "NewUserName"); err != nil {
				return nil, err
			}
		}
		if err := ramProfileChecks("New", p.Get("NewDisplayName"), p.Get("NewMobilePhone"), p.Get("NewEmail"), p.Get("NewComments")); err != nil {
			return nil, err
		}
		u, serr := e.ram.UpdateUser(u.ID, func(x *store.User) error {
			set := func(dst *string, key string) {
				if v, present := p[key]; present && len(v) > 0 && v[0] != "" {
					*dst = v[0]
				}
			}
			set(&x.Name, "NewUserName")
			set(&x.DisplayName, "NewDisplayName")
			set(&x.Phone, "NewMobilePhone")
			set(&x.Email, "NewEmail")
			set(&x.Description, "NewComments")
			return nil
		})
		if errors.Is(serr, store.ErrExists) {
			return nil, errf(409, "EntityAlreadyExists.User", "The user does already exist.")
		}
		if serr != nil {
			return nil, serr
		}
		return ok(map[string]any{"User": toRAMUser(u, false)}), nil

	case "DeleteUser":
		u, err := e.ramUser(p.Get("UserName"))
		if err != nil {
			return nil, err
		}
		e.mu.Lock() // no membership or attachment may appear between the check and the delete
		defer e.mu.Unlock()
		if err := e.ramUserDependents(u.ID); err != nil {
			return nil, err
		}
		lp, keys := e.ram.HasDependents(u.ID)
		if keys > 0 {
			return nil, errf(409, "DeleteConflict.User.AccessKey", "The user has access keys, please delete them first.")
		}
		if lp {
			return nil, errf(409, "DeleteConflict.User.LoginProfile", "The user has a login profile, please delete it first.")
		}
		if err := e.ram.DeleteUser(u.ID); err != nil {
			return nil, ramNotFound(err)
		}
		return ok(nil), nil

	case "ListUsers":
		max := 100
		if s := p.Get("MaxItems"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 1000 {
				return nil, errf(400, "InvalidParameter.MaxItems", "The parameter MaxItems must be between 1 and 1000.")
			}
			max = n
		}
		cursor := ""
		if m := p.Get("Marker"); m != "" {
			b, err := base64.StdEncoding.DecodeString(m)
			if err != nil {
				return nil, errf(400, "InvalidParameter.Marker", "The parameter Marker is invalid.")
			}
			cursor = string(b)
		}
		users, next, err := e.ram.ListUsers(cursor, max, nil)
		if err != nil {
			return nil, errf(400, "InvalidParameter.Marker", "The parameter Marker is invalid.")
		}
		list := make([]ramUser, 0, len(users))
		for _, u := range users {
			list = append(list, toRAMUser(u, false))
		}
		res := ok(map[string]any{"IsTruncated": next != "", "Users": map[string]any{"User": list}})
		if next != "" {
			// Opaque, and like the real one it holds '+', '/' or '='.
			res["Marker"] = base64.StdEncoding.EncodeToString([]byte(next))
		}
		return res, nil

	case "CreateLoginProfile":
		u, err := e.ramUser(p.Get("UserName"))
		if err != nil {
			return nil, err
		}
		pw := p.Get("Password")
		if pw == "" {
			return nil, missing("Password")
		}
		if err := ramPasswordPolicy(pw); err != nil {
			return nil, err
		}
		reset, err := ramBool(p, "PasswordResetRequired")
		if err != nil {
			return nil, err
		}
		mfa, err := ramBool(p, "MFABindRequired")
		if err != nil {
			return nil, err
		}
		if _, err := e.ram.LoginProfile(u.ID); err == nil {
			return nil, errf(409, "EntityAlreadyExists.User.LoginProfile", "The login profile of the user does already exist.")
		}
		lp, serr := e.ram.PutLoginProfile(u.ID, store.LoginProfile{Password: pw, ResetRequired: reset != nil && *reset,
			MFARequired: mfa != nil && *mfa})
		if serr != nil {
			return nil, ramNotFound(serr)
		}
		return ok(map[string]any{"LoginProfile": ramLoginProfile{UserName: u.Name, PasswordResetRequired: lp.ResetRequired,
			MFABindRequired: lp.MFARequired, CreateDate: ramDate(lp.CreatedAt)}}), nil

	case "GetLoginProfile":
		u, err := e.ramUser(p.Get("UserName"))
		if err != nil {
			return nil, err
		}
		lp, serr := e.ram.LoginProfile(u.ID)
		if serr != nil {
			return nil, errf(404, "EntityNotExist.User.LoginProfile", "The login policy of the user does not exist.")
		}
		return ok(map[string]any{"LoginProfile": ramLoginProfile{UserName: u.Name, PasswordResetRequired: lp.ResetRequired,
			MFABindRequired: lp.MFARequired, CreateDate: ramDate(lp.CreatedAt)}}), nil

	case "UpdateLoginProfile":
		u, err := e.ramUser(p.Get("UserName"))
		if err != nil {
			return nil, err
		}
		lp, serr := e.ram.LoginProfile(u.ID)
		if serr != nil {
			return nil, errf(404, "EntityNotExist.User.LoginProfile", "The login policy of the user does not exist.")
		}
		if pw := p.Get("Password"); pw != "" {
			if err := ramPasswordPolicy(pw); err != nil {
				return nil, err
			}
			lp.Password = pw
		}
		reset, err := ramBool(p, "PasswordResetRequired")
		if err != nil {
			return nil, err
		}
		mfa, err := ramBool(p, "MFABindRequired")
		if err != nil {
			return nil, err
		}
		if reset != nil {
			lp.ResetRequired = *reset
		}
		if mfa != nil {
			lp.MFARequired = *mfa
		}
		if _, serr := e.ram.PutLoginProfile(u.ID, lp); serr != nil {
			return nil, ramNotFound(serr)
		}
		return ok(nil), nil

	case "DeleteLoginProfile":
		u, err := e.ramUser(p.Get("UserName"))
		if err != nil {
			return nil, err
		}
		if serr := e.ram.DeleteLoginProfile(u.ID); serr != nil {
			return nil, errf(404, "EntityNotExist.User.LoginProfile", "The login policy of the user does not exist.")
		}
		return ok(nil), nil

	case "CreateAccessKey":
		owner, err := e.ramKeyOwner(req)
		if err != nil {
			return nil, err
		}
		var k store.AccessKey
		if owner == "" {
			k = store.AccessKey{ID: "LTAI5t" + randomFrom(alnum, 18), Secret: randomFrom(alnum, 30), Active: true, CreatedAt: e.ram.Now()}
			e.ram.AddRootKey(k.ID, k.Secret)
		} else {
			var serr error
			k, serr = e.ram.CreateAccessKey(owner, "")
			if errors.Is(serr, store.ErrLimit) {
				return nil, errf(409, "LimitExceeded.User.AccessKey", "The count of access keys of the user exceeds the limit.")
			}
			if serr != nil {
				return nil, ramNotFound(serr)
			}
		}
		return ok(map[string]any{"AccessKey": ramAccessKey{AccessKeyId: k.ID, AccessKeySecret: k.Secret,
			Status: "Active", CreateDate: ramDate(k.CreatedAt)}}), nil

	case "UpdateAccessKey", "DeleteAccessKey":
		owner, err := e.ramKeyOwner(req)
		if err != nil {
			return nil, err
		}
		id := p.Get("UserAccessKeyId")
		if id == "" {
			return nil, missing("UserAccessKeyId")
		}
		status := p.Get("Status")
		if req.action == "UpdateAccessKey" {
			if status == "" {
				return nil, missing("Status")
			}
			if status != "Active" && status != "Inactive" {
				return nil, errf(400, "InvalidParameter.Status", "The parameter Status must be Active or Inactive.")
			}
		}
		k, serr := e.ram.AccessKey(id)
		if serr != nil || k.UserID != owner {
			return nil, errf(404, "EntityNotExist.User.AccessKey", "The access key does not exist.")
		}
		if req.action == "DeleteAccessKey" {
			if err := e.ram.DeleteAccessKey(id); err != nil {
				return nil, errf(404, "EntityNotExist.User.AccessKey", "The access key does not exist.")
			}
			return ok(nil), nil
		}
		if _, err := e.ram.UpdateAccessKey(id, func(k *store.AccessKey) error { k.Active = status == "Active"; return nil }); err != nil {
			return nil, errf(404, "EntityNotExist.User.AccessKey", "The access key does not exist.")
		}
		return ok(nil), nil

	case "ListAccessKeys":
		owner, err := e.ramKeyOwner(req)
		if err != nil {
			return nil, err
		}
		list := []ramAccessKey{}
		keys, serr := e.ram.AccessKeys(owner) // owner "" lists the account's root keys
		if serr != nil {
			return nil, ramNotFound(serr)
		}
		for _, k := range keys {
			st := "Active"
			if !k.Active {
				st = "Inactive"
			}
			list = append(list, ramAccessKey{AccessKeyId: k.ID, Status: st, CreateDate: ramDate(k.CreatedAt)})
		}
		return ok(map[string]any{"AccessKeys": map[string]any{"AccessKey": list}}), nil

	case "":
		return nil, missing("Action")
	}
	if out, handled, err := e.ramGroupAction(req); handled {
		return out, err
	}
	return nil, errf(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
}

// ramKeyOwner is the user whose keys an access-key action addresses: the
// named user, or the caller's own (the account, "", for a root key).
func (e *Emulator) ramKeyOwner(req *request) (string, error) {
	name := req.params.Get("UserName")
	if name == "" {
		return req.caller.UserID, nil
	}
	u, err := e.ramUser(name)
	if err != nil {
		return "", err
	}
	return u.ID, nil
}

func (e *Emulator) ramUser(name string) (store.User, error) {
	if name == "" {
		return store.User{}, missing("UserName")
	}
	u, err := e.ram.UserByName(name)
	if err != nil {
		return store.User{}, errf(404, "EntityNotExist.User", "The user does not exist.")
	}
	return u, nil
}

func ramNotFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errf(404, "EntityNotExist.User", "The user does not exist.")
	}
	return err
}

func ramUserName(name, param string) (string, error) {
	switch {
	case name == "":
		return "", missing(param)
	case utf8.RuneCountInString(name) > 64:
		return "", errf(400, "InvalidParameter."+param+".Length", "The length of the parameter "+param+" exceeds the limit 64.")
	case !ramUserNameChars.MatchString(name):
		return "", errf(400, "InvalidParameter."+param+".InvalidChars", "The parameter "+param+" contains invalid chars.")
	}
	return name, nil
}

func ramProfileChecks(prefix, display, phone, email, comments string) error {
	if utf8.RuneCountInString(display) > 128 {
		return errf(400, "InvalidParameter."+prefix+"DisplayName.Length", "The length of the parameter "+prefix+"DisplayName exceeds the limit 128.")
	}
	if phone != "" && !ramPhone.MatchString(phone) {
		return errf(400, "InvalidParameter."+prefix+"MobilePhone.Format", "The format of the parameter "+prefix+"MobilePhone is invalid.")
	}
	if email != "" && !ramEmail.MatchString(email) {
		return errf(400, "InvalidParameter."+prefix+"Email.Format", "The format of the parameter "+prefix+"Email is invalid.")
	}
	if utf8.RuneCountInString(comments) > 128 {
		return errf(400, "InvalidParameter."+prefix+"Comments.Length", "The length of the parameter "+prefix+"Comments exceeds the limit 128.")
	}
	return nil
}

// ramPasswordPolicy enforces RAM's default password policy: 8-32 characters.
func ramPasswordPolicy(pw string) error {
	if n := utf8.RuneCountInString(pw); n < 8 || n > 32 {
		return errf(400, "InvalidParameter.Password.TooWeak", "The password does not satisfy the password policy (8 to 32 characters).")
	}
	return nil
}

func ramBool(p map[string][]string, name string) (*bool, error) {
	v, present := p[name]
	if !present || len(v) == 0 || v[0] == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v[0])
	if err != nil || (v[0] != "true" && v[0] != "false") {
		return nil, errf(400, "InvalidParameter."+name, "The parameter "+name+" must be true or false.")
	}
	return &b, nil
}
