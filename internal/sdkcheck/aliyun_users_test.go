package sdkcheck

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
	credgo "github.com/aliyun/credentials-go/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"

	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
)

// aliyunClassicWith returns the classic RAM client (HMAC-SHA1) signing
// with cred, retries off; rpc points its requests at the emulator.
func aliyunClassicWith(t *testing.T, cred auth.Credential) *ram.Client {
	t.Helper()
	c, err := ram.NewClientWithOptions("cn-hangzhou", sdk.NewConfig().WithAutoRetry(false), cred)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// darabonbaWith is darabonba with the client's credentials set by cfg
// (AccessKeyId/AccessKeySecret/SecurityToken or Credential); the endpoint
// is always the emulator's.
func darabonbaWith(t *testing.T, srv *aliyuntest.Server, version string, cfg *openapi.Config) func(action string, query map[string]string) (map[string]any, error) {
	t.Helper()
	cfg.Endpoint = dara.String(strings.TrimPrefix(srv.URL, "http://"))
	cfg.Protocol = dara.String("HTTP")
	c, err := openapi.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return func(action string, query map[string]string) (map[string]any, error) {
		q := map[string]*string{}
		for k, v := range query {
			q[k] = dara.String(v)
		}
		out, err := c.CallApi(&openapi.Params{
			Action: dara.String(action), Version: dara.String(version), Protocol: dara.String("HTTP"),
			Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"),
			Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
		}, &openapi.OpenApiRequest{Query: q}, &dara.RuntimeOptions{Autoretry: dara.Bool(false)})
		if err != nil {
			return nil, err
		}
		body, _ := out["body"].(map[string]any)
		return body, nil
	}
}

// kv turns "k1", "v1", "k2", "v2"... into a query.
func kv(pairs ...string) map[string]string {
	q := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		q[pairs[i]] = pairs[i+1]
	}
	return q
}

// TestAliyunRAMUserLifecycle drives a whole RAM user lifecycle with
// Alibaba's classic official client (alibaba-cloud-sdk-go services/ram,
// HMAC-SHA1): the user and its paging, its login profile, its access keys
// (which then sign requests of their own, until set Inactive), RAM's
// conflicts, and a wrong secret refused with SignatureDoesNotMatch.
func TestAliyunRAMUserLifecycle(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	c := aliyunClassic(t, srv)

	cu := ram.CreateCreateUserRequest()
	cu.UserName, cu.DisplayName, cu.Email, cu.MobilePhone, cu.Comments = "sdk-bob", "Bob", "bob@example.com", "86-13800000000", "made by the classic SDK"
	u := alMust[*ram.CreateUserResponse](t, "CreateUser")(c.CreateUser(rpc(srv, cu)))
	if u.User.UserName != "sdk-bob" || u.User.UserId == "" || u.User.DisplayName != "Bob" || u.User.Email != "bob@example.com" ||
		u.User.MobilePhone != "86-13800000000" || u.User.Comments != "made by the classic SDK" || u.User.CreateDate == "" || u.RequestId == "" {
		t.Fatalf("CreateUser: %+v", u.User)
	}
	cu = ram.CreateCreateUserRequest()
	cu.UserName = "sdk-bob"
	_, err := c.CreateUser(rpc(srv, cu))
	alWant(t, "CreateUser of a name in use", err, 409, "EntityAlreadyExists.User")

	gu := ram.CreateGetUserRequest()
	gu.UserName = "sdk-bob"
	if g := alMust[*ram.GetUserResponse](t, "GetUser")(c.GetUser(rpc(srv, gu))); g.User.UserId != u.User.UserId || g.User.Comments != "made by the classic SDK" {
		t.Fatalf("GetUser: %+v", g.User)
	}
	gu = ram.CreateGetUserRequest()
	gu.UserName = "nobody"
	_, err = c.GetUser(rpc(srv, gu))
	alWant(t, "GetUser of a missing user", err, 404, "EntityNotExist.User")

	uu := ram.CreateUpdateUserRequest()
	uu.UserName, uu.NewUserName, uu.NewComments, uu.NewDisplayName = "sdk-bob", "sdk-robert", "renamed", "Robert"
	if up := alMust[*ram.UpdateUserResponse](t, "UpdateUser")(c.UpdateUser(rpc(srv, uu))); up.User.UserName != "sdk-robert" ||
		up.User.Comments != "renamed" || up.User.DisplayName != "Robert" || up.User.UserId != u.User.UserId || up.User.Email != "bob@example.com" {
		t.Fatalf("UpdateUser: %+v", up.User)
	}
	cu = ram.CreateCreateUserRequest()
	cu.UserName = "sdk-carol"
	alMust[*ram.CreateUserResponse](t, "CreateUser")(c.CreateUser(rpc(srv, cu)))
	lu := ram.CreateListUsersRequest()
	lu.MaxItems = requests.NewInteger(1)
	page := alMust[*ram.ListUsersResponse](t, "ListUsers")(c.ListUsers(rpc(srv, lu)))
	if !page.IsTruncated || page.Marker == "" || len(page.Users.User) != 1 || page.Users.User[0].UserName != "sdk-robert" {
		t.Fatalf("ListUsers page 1: %+v", page)
	}
	lu = ram.CreateListUsersRequest()
	lu.MaxItems, lu.Marker = requests.NewInteger(1), page.Marker
	page = alMust[*ram.ListUsersResponse](t, "ListUsers")(c.ListUsers(rpc(srv, lu)))
	if page.IsTruncated || len(page.Users.User) != 1 || page.Users.User[0].UserName != "sdk-carol" {
		t.Fatalf("ListUsers page 2: %+v", page)
	}
	const name = "sdk-robert"

	// Login profile.
	glp := ram.CreateGetLoginProfileRequest()
	glp.UserName = name
	_, err = c.GetLoginProfile(rpc(srv, glp))
	alWant(t, "GetLoginProfile before any", err, 404, "EntityNotExist.User.LoginProfile")
	clp := ram.CreateCreateLoginProfileRequest()
	clp.UserName, clp.Password = name, "short"
	_, err = c.CreateLoginProfile(rpc(srv, clp))
	alWant(t, "CreateLoginProfile with a weak password", err, 400, "InvalidParameter.Password.TooWeak")
	clp = ram.CreateCreateLoginProfileRequest()
	clp.UserName, clp.Password = name, "Sdk-Passw0rd!"
	clp.PasswordResetRequired, clp.MFABindRequired = requests.NewBoolean(true), requests.NewBoolean(true)
	lp := alMust[*ram.CreateLoginProfileResponse](t, "CreateLoginProfile")(c.CreateLoginProfile(rpc(srv, clp)))
	if lp.LoginProfile.UserName != name || !lp.LoginProfile.PasswordResetRequired || !lp.LoginProfile.MFABindRequired || lp.LoginProfile.CreateDate == "" {
		t.Fatalf("CreateLoginProfile: %+v", lp.LoginProfile)
	}
	clp = ram.CreateCreateLoginProfileRequest()
	clp.UserName, clp.Password = name, "Sdk-Passw0rd!"
	_, err = c.CreateLoginProfile(rpc(srv, clp))
	alWant(t, "CreateLoginProfile twice", err, 409, "EntityAlreadyExists.User.LoginProfile")
	ulp := ram.CreateUpdateLoginProfileRequest()
	ulp.UserName, ulp.Password, ulp.MFABindRequired = name, "Other-Passw0rd!", requests.NewBoolean(false)
	alMust[*ram.UpdateLoginProfileResponse](t, "UpdateLoginProfile")(c.UpdateLoginProfile(rpc(srv, ulp)))
	glp = ram.CreateGetLoginProfileRequest()
	glp.UserName = name
	if g := alMust[*ram.GetLoginProfileResponse](t, "GetLoginProfile")(c.GetLoginProfile(rpc(srv, glp))); g.LoginProfile.MFABindRequired ||
		!g.LoginProfile.PasswordResetRequired || g.LoginProfile.UserName != name {
		t.Fatalf("GetLoginProfile: %+v", g.LoginProfile)
	}
	if p, ok := srv.LoginProfile(name); !ok || !p.PasswordSet || !p.PasswordResetRequired || p.MFARequired {
		t.Fatalf("emulator's login profile: %+v %v", p, ok)
	}
	du := ram.CreateDeleteUserRequest()
	du.UserName = name
	_, err = c.DeleteUser(rpc(srv, du))
	alWant(t, "DeleteUser with a login profile", err, 409, "DeleteConflict.User.LoginProfile")
	dlp := ram.CreateDeleteLoginProfileRequest()
	dlp.UserName = name
	alMust[*ram.DeleteLoginProfileResponse](t, "DeleteLoginProfile")(c.DeleteLoginProfile(rpc(srv, dlp)))
	dlp = ram.CreateDeleteLoginProfileRequest()
	dlp.UserName = name
	_, err = c.DeleteLoginProfile(rpc(srv, dlp))
	alWant(t, "DeleteLoginProfile twice", err, 404, "EntityNotExist.User.LoginProfile")

	// Access keys.
	newKey := func() ram.AccessKey {
		t.Helper()
		r := ram.CreateCreateAccessKeyRequest()
		r.UserName = name
		k := alMust[*ram.CreateAccessKeyResponse](t, "CreateAccessKey")(c.CreateAccessKey(rpc(srv, r)))
		if k.AccessKey.AccessKeyId == "" || k.AccessKey.AccessKeySecret == "" || k.AccessKey.Status != "Active" || k.AccessKey.CreateDate == "" {
			t.Fatalf("CreateAccessKey: %+v", k.AccessKey)
		}
		return k.AccessKey
	}
	k1, k2 := newKey(), newKey()
	ck := ram.CreateCreateAccessKeyRequest()
	ck.UserName = name
	_, err = c.CreateAccessKey(rpc(srv, ck))
	alWant(t, "a third key", err, 409, "LimitExceeded.User.AccessKey")
	lk := ram.CreateListAccessKeysRequest()
	lk.UserName = name
	keys := alMust[*ram.ListAccessKeysResponse](t, "ListAccessKeys")(c.ListAccessKeys(rpc(srv, lk))).AccessKeys.AccessKey
	if len(keys) != 2 || keys[0].AccessKeyId != k1.AccessKeyId || keys[1].AccessKeyId != k2.AccessKeyId || keys[0].AccessKeySecret != "" {
		t.Fatalf("ListAccessKeys: %+v", keys)
	}
	// The new key signs requests of its own.
	own := aliyunClassicWith(t, credentials.NewAccessKeyCredential(k1.AccessKeyId, k1.AccessKeySecret))
	gu = ram.CreateGetUserRequest()
	gu.UserName = name
	alMust[*ram.GetUserResponse](t, "GetUser with the user's key")(own.GetUser(rpc(srv, gu)))
	setStatus := func(id, status string) {
		t.Helper()
		r := ram.CreateUpdateAccessKeyRequest()
		r.UserName, r.UserAccessKeyId, r.Status = name, id, status
		alMust[*ram.UpdateAccessKeyResponse](t, "UpdateAccessKey "+status)(c.UpdateAccessKey(rpc(srv, r)))
	}
	setStatus(k1.AccessKeyId, "Inactive")
	gu = ram.CreateGetUserRequest()
	gu.UserName = name
	_, err = own.GetUser(rpc(srv, gu))
	alWant(t, "an Inactive key", err, 400, "InvalidAccessKeyId.Inactive")
	lk = ram.CreateListAccessKeysRequest()
	lk.UserName = name
	if ks := alMust[*ram.ListAccessKeysResponse](t, "ListAccessKeys")(c.ListAccessKeys(rpc(srv, lk))).AccessKeys.AccessKey; ks[0].Status != "Inactive" {
		t.Fatalf("ListAccessKeys after UpdateAccessKey Inactive: %+v", ks)
	}
	setStatus(k1.AccessKeyId, "Active")
	// Its own keys, listed with the key itself (no UserName).
	mine := alMust[*ram.ListAccessKeysResponse](t, "ListAccessKeys own")(own.ListAccessKeys(rpc(srv, ram.CreateListAccessKeysRequest())))
	if len(mine.AccessKeys.AccessKey) != 2 {
		t.Fatalf("ListAccessKeys own: %+v", mine.AccessKeys)
	}
	du = ram.CreateDeleteUserRequest()
	du.UserName = name
	_, err = c.DeleteUser(rpc(srv, du))
	alWant(t, "DeleteUser with access keys", err, 409, "DeleteConflict.User.AccessKey")
	for _, id := range []string{k2.AccessKeyId, k1.AccessKeyId} {
		r := ram.CreateDeleteAccessKeyRequest()
		r.UserName, r.UserAccessKeyId = name, id
		alMust[*ram.DeleteAccessKeyResponse](t, "DeleteAccessKey")(c.DeleteAccessKey(rpc(srv, r)))
	}
	dk := ram.CreateDeleteAccessKeyRequest()
	dk.UserName, dk.UserAccessKeyId = name, k2.AccessKeyId
	_, err = c.DeleteAccessKey(rpc(srv, dk))
	alWant(t, "DeleteAccessKey twice", err, 404, "EntityNotExist.User.AccessKey")
	gu = ram.CreateGetUserRequest()
	gu.UserName = name
	_, err = own.GetUser(rpc(srv, gu))
	alWant(t, "a deleted key", err, 404, "InvalidAccessKeyId.NotFound")

	// A wrong secret is refused with SignatureDoesNotMatch.
	ak, sk := srv.Credentials()
	wrong := aliyunClassicWith(t, credentials.NewAccessKeyCredential(ak, sk+"x"))
	_, err = wrong.ListUsers(rpc(srv, ram.CreateListUsersRequest()))
	alWant(t, "a wrong secret", err, 400, "SignatureDoesNotMatch")

	for _, n := range []string{name, "sdk-carol"} {
		r := ram.CreateDeleteUserRequest()
		r.UserName = n
		alMust[*ram.DeleteUserResponse](t, "DeleteUser")(c.DeleteUser(rpc(srv, r)))
	}
	du = ram.CreateDeleteUserRequest()
	du.UserName = name
	_, err = c.DeleteUser(rpc(srv, du))
	alWant(t, "DeleteUser twice", err, 404, "EntityNotExist.User")
	if len(srv.Users()) != 0 {
		t.Fatalf("left behind: %v", srv.Users())
	}
}

// TestAliyunRAMUserLifecycleACS3 runs the RAM user lifecycle with the
// ACS3-HMAC-SHA256 signature of Alibaba's current SDKs (darabonba CallApi,
// as the generated ram-20150501 client sends it).
func TestAliyunRAMUserLifecycleACS3(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	call := darabonba(t, srv, "2015-05-01")
	do := func(action string, pairs ...string) map[string]any {
		t.Helper()
		body, err := call(action, kv(pairs...))
		return daMust(t, action, body, err)
	}
	u := do("CreateUser", "UserName", "acs3-bob", "DisplayName", "Bob", "Comments", "signed with ACS3")["User"].(map[string]any)
	if u["UserName"] != "acs3-bob" || u["DisplayName"] != "Bob" || u["UserId"] == "" {
		t.Fatalf("CreateUser: %v", u)
	}
	_, err := call("CreateUser", kv("UserName", "acs3-bob"))
	daWant(t, "CreateUser of a name in use", err, 409, "EntityAlreadyExists.User")
	if g := do("GetUser", "UserName", "acs3-bob")["User"].(map[string]any); g["Comments"] != "signed with ACS3" {
		t.Fatalf("GetUser: %v", g)
	}
	if up := do("UpdateUser", "UserName", "acs3-bob", "NewUserName", "acs3-robert", "NewComments", "renamed")["User"].(map[string]any); up["UserName"] != "acs3-robert" {
		t.Fatalf("UpdateUser: %v", up)
	}
	list := do("ListUsers", "MaxItems", "10")["Users"].(map[string]any)["User"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["UserName"] != "acs3-robert" {
		t.Fatalf("ListUsers: %v", list)
	}
	const name = "acs3-robert"
	do("CreateLoginProfile", "UserName", name, "Password", "Sdk-Passw0rd!", "PasswordResetRequired", "true")
	if lp := do("GetLoginProfile", "UserName", name)["LoginProfile"].(map[string]any); lp["PasswordResetRequired"] != true || lp["UserName"] != name {
		t.Fatalf("GetLoginProfile: %v", lp)
	}
	do("UpdateLoginProfile", "UserName", name, "PasswordResetRequired", "false", "MFABindRequired", "true")
	if p, ok := srv.LoginProfile(name); !ok || p.PasswordResetRequired || !p.MFARequired {
		t.Fatalf("emulator's login profile: %+v %v", p, ok)
	}
	do("DeleteLoginProfile", "UserName", name)
	_, err = call("GetLoginProfile", kv("UserName", name))
	daWant(t, "GetLoginProfile after the delete", err, 404, "EntityNotExist.User.LoginProfile")

	k := do("CreateAccessKey", "UserName", name)["AccessKey"].(map[string]any)
	id, secret := k["AccessKeyId"].(string), k["AccessKeySecret"].(string)
	if id == "" || secret == "" || k["Status"] != "Active" {
		t.Fatalf("CreateAccessKey: %v", k)
	}
	keys := do("ListAccessKeys", "UserName", name)["AccessKeys"].(map[string]any)["AccessKey"].([]any)
	if len(keys) != 1 || keys[0].(map[string]any)["AccessKeyId"] != id || keys[0].(map[string]any)["AccessKeySecret"] != nil {
		t.Fatalf("ListAccessKeys: %v", keys)
	}
	own := darabonbaWith(t, srv, "2015-05-01", &openapi.Config{AccessKeyId: dara.String(id), AccessKeySecret: dara.String(secret)})
	body, err := own("GetUser", kv("UserName", name))
	daMust(t, "GetUser with the user's key", body, err)
	do("UpdateAccessKey", "UserName", name, "UserAccessKeyId", id, "Status", "Inactive")
	_, err = own("GetUser", kv("UserName", name))
	daWant(t, "an Inactive key", err, 400, "InvalidAccessKeyId.Inactive")
	do("UpdateAccessKey", "UserName", name, "UserAccessKeyId", id, "Status", "Active")
	body, err = own("ListUsers", nil)
	daMust(t, "ListUsers with the reactivated key", body, err)

	// A wrong secret is refused with SignatureDoesNotMatch.
	_, err = darabonbaWith(t, srv, "2015-05-01", &openapi.Config{AccessKeyId: dara.String(id), AccessKeySecret: dara.String(secret + "x")})("ListUsers", nil)
	daWant(t, "a wrong secret", err, 400, "SignatureDoesNotMatch")

	_, err = call("DeleteUser", kv("UserName", name))
	daWant(t, "DeleteUser with a key", err, 409, "DeleteConflict.User.AccessKey")
	do("DeleteAccessKey", "UserName", name, "UserAccessKeyId", id)
	do("DeleteUser", "UserName", name)
	_, err = own("ListUsers", nil)
	daWant(t, "a deleted key", err, 404, "InvalidAccessKeyId.NotFound")
	if len(srv.Users()) != 0 {
		t.Fatalf("left behind: %v", srv.Users())
	}
}

// TestAliyunEIAMUserLifecycle drives the EIAM (IDaaS 2021-12-01) user
// lifecycle with the darabonba client, as the generated eiam-20211201
// client sends it: create, get, list with filters and paging, update,
// description, disable and enable, password (EIAM's console login),
// delete, and a wrong secret refused.
func TestAliyunEIAMUserLifecycle(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	call := darabonba(t, srv, "2021-12-01")
	inst, ou := srv.InstanceID(), srv.OrganizationalUnitID()
	do := func(action string, pairs ...string) map[string]any {
		t.Helper()
		q := kv(pairs...)
		q["InstanceId"] = inst
		body, err := call(action, q)
		return daMust(t, action, body, err)
	}
	want := func(what string, status int, code, action string, pairs ...string) {
		t.Helper()
		q := kv(pairs...)
		q["InstanceId"] = inst
		_, err := call(action, q)
		daWant(t, what, err, status, code)
	}

	id := do("CreateUser", "Username", "alice", "DisplayName", "Alice", "PrimaryOrganizationalUnitId", ou,
		"Email", "alice@example.com", "EmailVerified", "true", "PhoneRegion", "86", "PhoneNumber", "13800000000", "PhoneNumberVerified", "false",
		"Password", "Alice-Passw0rd!", "Description", "made by darabonba", "ClientToken", "sdk-create-alice")["UserId"].(string)
	if !strings.HasPrefix(id, "user_") {
		t.Fatalf("CreateUser: UserId %q", id)
	}
	// ClientToken makes the create idempotent.
	if again := do("CreateUser", "Username", "alice", "PrimaryOrganizationalUnitId", ou, "Password", "Alice-Passw0rd!",
		"ClientToken", "sdk-create-alice")["UserId"]; again != id {
		t.Fatalf("CreateUser with the same ClientToken: %v, want %s", again, id)
	}
	want("CreateUser of a taken name", 409, "EntityAlreadyExists.User.Username", "CreateUser",
		"Username", "alice", "PrimaryOrganizationalUnitId", ou, "Password", "Alice-Passw0rd!")
	want("CreateUser without a password", 400, "MissingParameter", "CreateUser", "Username", "bob", "PrimaryOrganizationalUnitId", ou)
	bob := do("CreateUser", "Username", "bob", "PrimaryOrganizationalUnitId", ou,
		"PasswordInitializationConfig.PasswordInitializationType", "random")["UserId"].(string)

	u := do("GetUser", "UserId", id)["User"].(map[string]any)
	if u["Username"] != "alice" || u["DisplayName"] != "Alice" || u["Email"] != "alice@example.com" || u["PhoneNumber"] != "13800000000" ||
		u["Status"] != "enabled" || u["Description"] != "made by darabonba" || u["PrimaryOrganizationalUnitId"] != ou || u["InstanceId"] != inst {
		t.Fatalf("GetUser: %v", u)
	}
	want("GetUser of a missing user", 404, "EntityNotExists.User", "GetUser", "UserId", "user_nosuchuser")

	list := do("ListUsers", "PageSize", "1", "PageNumber", "2")
	if count(list) != 2 || len(list["Users"].([]any)) != 1 || list["Users"].([]any)[0].(map[string]any)["UserId"] != bob {
		t.Fatalf("ListUsers page 2: %v", list)
	}
	if l := do("ListUsers", "UsernameStartsWith", "al"); count(l) != 1 || l["Users"].([]any)[0].(map[string]any)["UserId"] != id {
		t.Fatalf("ListUsers UsernameStartsWith: %v", l)
	}

	do("UpdateUser", "UserId", id, "Username", "alice2", "DisplayName", "Alice Two")
	do("UpdateUserDescription", "UserId", id, "Description", "updated")
	if u := do("GetUser", "UserId", id)["User"].(map[string]any); u["Username"] != "alice2" || u["DisplayName"] != "Alice Two" || u["Description"] != "updated" {
		t.Fatalf("GetUser after the updates: %v", u)
	}
	want("UpdateUser to a taken name", 409, "EntityAlreadyExists.User.Username", "UpdateUser", "UserId", bob, "Username", "alice2")

	do("DisableUser", "UserId", id)
	if l := do("ListUsers", "Status", "disabled"); count(l) != 1 || l["Users"].([]any)[0].(map[string]any)["UserId"] != id {
		t.Fatalf("ListUsers Status disabled: %v", l)
	}
	do("EnableUser", "UserId", id)
	if u := do("GetUser", "UserId", id)["User"].(map[string]any); u["Status"] != "enabled" {
		t.Fatalf("GetUser after EnableUser: %v", u)
	}

	// The password is EIAM's console login.
	want("UpdateUserPassword too short", 400, "InvalidParameter.Password", "UpdateUserPassword", "UserId", id, "Password", "abc")
	do("UpdateUserPassword", "UserId", id, "Password", "New-Passw0rd!", "PasswordForcedUpdateStatus", "enabled")
	if p, ok := srv.IDaaSLoginProfile("alice2"); !ok || !p.PasswordSet || !p.PasswordResetRequired {
		t.Fatalf("emulator's EIAM login: %+v %v", p, ok)
	}

	// A wrong secret is refused with SignatureDoesNotMatch.
	ak, sk := srv.Credentials()
	_, err := darabonbaWith(t, srv, "2021-12-01", &openapi.Config{AccessKeyId: dara.String(ak), AccessKeySecret: dara.String(sk + "x")})(
		"ListUsers", kv("InstanceId", inst))
	daWant(t, "a wrong secret", err, 400, "SignatureDoesNotMatch")

	do("DeleteUser", "UserId", id)
	want("DeleteUser twice", 404, "EntityNotExists.User", "DeleteUser", "UserId", id)
	do("DeleteUser", "UserId", bob)
	if l := do("ListUsers"); count(l) != 0 || len(srv.IDaaSUsers()) != 0 {
		t.Fatalf("left behind: %v %v", l, srv.IDaaSUsers())
	}
}

// TestAliyunSTSCredentials gets temporary credentials with the classic
// official STS client (alibaba-cloud-sdk-go services/sts AssumeRole) from
// aliyuntest's STS, then signs RAM requests with them and their security
// token through the classic RAM client (SecurityToken, HMAC-SHA1), the
// darabonba client (x-acs-security-token, ACS3) and EIAM: accepted until
// the emulator's clock passes their expiry, refused after with
// InvalidSecurityToken.Expired.
func TestAliyunSTSCredentials(t *testing.T) {
	var skew atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	const ttl = 10 * time.Minute // below the signatures' 15-minute window
	srv := aliyuntest.NewServer(aliyuntest.WithClock(now), aliyuntest.WithTemporaryCredentialsTTL(ttl))
	defer srv.Close()
	ak, sk := srv.Credentials()
	stsc, err := sts.NewClientWithOptions("cn-hangzhou", sdk.NewConfig().WithAutoRetry(false), credentials.NewAccessKeyCredential(ak, sk))
	if err != nil {
		t.Fatal(err)
	}
	arn := "acs:ram::" + aliyuntest.AccountID + ":role/sdk-role"
	ar := sts.CreateAssumeRoleRequest()
	ar.RoleArn, ar.RoleSessionName, ar.DurationSeconds = arn, "sdk-session", requests.NewInteger(900)
	ar.Policy = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:*","Resource":"*"}]}`
	role := alMust[*sts.AssumeRoleResponse](t, "AssumeRole")(stsc.AssumeRole(rpc(srv, ar)))
	cr := role.Credentials
	if cr.AccessKeyId == "" || cr.AccessKeySecret == "" || cr.SecurityToken == "" || role.AssumedRoleUser.Arn != arn+"/sdk-session" ||
		!strings.HasSuffix(role.AssumedRoleUser.AssumedRoleId, ":sdk-session") {
		t.Fatalf("AssumeRole: %+v", role)
	}
	exp, err := time.Parse(time.RFC3339, cr.Expiration)
	if err != nil {
		t.Fatalf("AssumeRole Expiration %q: %v", cr.Expiration, err)
	}
	if d := time.Until(exp); d <= 0 || d > ttl+time.Minute {
		t.Fatalf("AssumeRole Expiration %s, %s from now", cr.Expiration, d)
	}
	ar = sts.CreateAssumeRoleRequest()
	ar.RoleArn, ar.RoleSessionName, ar.DurationSeconds = arn, "sdk-session", requests.NewInteger(600)
	_, err = stsc.AssumeRole(rpc(srv, ar))
	alWant(t, "AssumeRole for 600 s", err, 400, "InvalidParameter.DurationSeconds")
	ar = sts.CreateAssumeRoleRequest()
	ar.RoleArn, ar.RoleSessionName = "not-an-arn", "sdk-session"
	_, err = stsc.AssumeRole(rpc(srv, ar))
	alWant(t, "AssumeRole of a bad ARN", err, 400, "InvalidParameter.RoleArn")
	if issued := srv.TemporaryCredentials(); len(issued) != 1 || issued[0].Kind != aliyuntest.KindAssumeRole || issued[0].RoleARN != arn ||
		issued[0].CallerAccessKeyID != ak || issued[0].DurationSeconds != 900 || issued[0].Policy == "" {
		t.Fatalf("TemporaryCredentials: %+v", issued)
	}

	// The classic RAM client with the STS token (SecurityToken parameter).
	classic := aliyunClassicWith(t, credentials.NewStsTokenCredential(cr.AccessKeyId, cr.AccessKeySecret, cr.SecurityToken))
	cu := ram.CreateCreateUserRequest()
	cu.UserName = "sts-classic"
	alMust[*ram.CreateUserResponse](t, "CreateUser with the STS token")(classic.CreateUser(rpc(srv, cu)))
	// Role chaining: the session assumes a role again with the classic STS client.
	chain, err := sts.NewClientWithOptions("cn-hangzhou", sdk.NewConfig().WithAutoRetry(false),
		credentials.NewStsTokenCredential(cr.AccessKeyId, cr.AccessKeySecret, cr.SecurityToken))
	if err != nil {
		t.Fatal(err)
	}
	ar = sts.CreateAssumeRoleRequest()
	ar.RoleArn, ar.RoleSessionName = arn, "sdk-chained"
	chained := alMust[*sts.AssumeRoleResponse](t, "AssumeRole chained")(chain.AssumeRole(rpc(srv, ar)))
	if chained.Credentials.AccessKeyId == cr.AccessKeyId {
		t.Fatalf("chained credentials are the same: %+v", chained.Credentials)
	}
	// The darabonba client with the STS token (x-acs-security-token), on RAM and EIAM.
	stsCfg := func() *openapi.Config {
		return &openapi.Config{AccessKeyId: dara.String(cr.AccessKeyId), AccessKeySecret: dara.String(cr.AccessKeySecret),
			SecurityToken: dara.String(cr.SecurityToken)}
	}
	acs3 := darabonbaWith(t, srv, "2015-05-01", stsCfg())
	body, err := acs3("CreateUser", kv("UserName", "sts-acs3"))
	daMust(t, "CreateUser with the STS token (ACS3)", body, err)
	eiam := darabonbaWith(t, srv, "2021-12-01", stsCfg())
	body, err = eiam("ListUsers", kv("InstanceId", srv.InstanceID()))
	daMust(t, "EIAM ListUsers with the STS token", body, err)

	// Without its token, or with another's, the temporary key is refused.
	noToken := aliyunClassicWith(t, credentials.NewAccessKeyCredential(cr.AccessKeyId, cr.AccessKeySecret))
	_, err = noToken.ListUsers(rpc(srv, ram.CreateListUsersRequest()))
	alWant(t, "the STS key without its token", err, 400, "InvalidSecurityToken.Mismatch")
	_, err = darabonbaWith(t, srv, "2015-05-01", &openapi.Config{AccessKeyId: dara.String(cr.AccessKeyId), AccessKeySecret: dara.String(cr.AccessKeySecret),
		SecurityToken: dara.String(chained.Credentials.SecurityToken)})("ListUsers", nil)
	daWant(t, "the STS key with another token", err, 400, "InvalidSecurityToken.Mismatch")
	_, err = aliyunClassicWith(t, credentials.NewStsTokenCredential(cr.AccessKeyId, cr.AccessKeySecret+"x", cr.SecurityToken)).
		ListUsers(rpc(srv, ram.CreateListUsersRequest()))
	alWant(t, "the STS key with a wrong secret", err, 400, "SignatureDoesNotMatch")

	// Past expiry on the emulator's clock (within the signatures' window).
	skew.Store(int64(ttl + time.Minute))
	_, err = classic.ListUsers(rpc(srv, ram.CreateListUsersRequest()))
	alWant(t, "expired STS credentials (classic)", err, 400, "InvalidSecurityToken.Expired")
	_, err = acs3("ListUsers", nil)
	daWant(t, "expired STS credentials (ACS3)", err, 400, "InvalidSecurityToken.Expired")
	_, err = eiam("ListUsers", kv("InstanceId", srv.InstanceID()))
	daWant(t, "expired STS credentials (EIAM)", err, 400, "InvalidSecurityToken.Expired")
	ar = sts.CreateAssumeRoleRequest()
	ar.RoleArn, ar.RoleSessionName = arn, "sdk-late"
	_, err = chain.AssumeRole(rpc(srv, ar))
	alWant(t, "expired STS credentials assuming a role", err, 400, "InvalidSecurityToken.Expired")
	// The root key still works at the same time.
	lu := alMust[*ram.ListUsersResponse](t, "ListUsers with the root key")(aliyunClassic(t, srv).ListUsers(rpc(srv, ram.CreateListUsersRequest())))
	if len(lu.Users.User) != 2 {
		t.Fatalf("ListUsers: %+v", lu.Users)
	}
}

// TestAliyunECSRAMRoleProvider points credentials-go's ECS RAM role
// provider (providers.ECSRAMRoleCredentialsProvider, what the default
// chain uses on an ECS instance) at aliyuntest's metadata server. The
// provider has no option for the metadata host (it is fixed at
// 100.100.100.200), but its HttpOptions.Proxy routes every request
// through a proxy: with the proxy set to Server.MetadataURL, each request
// (absolute-form "http://100.100.100.200/latest/...") goes to the
// emulator's loopback metadata server and nothing is dialled elsewhere.
// The provider asks for a metadata token, discovers the role, reads its
// credentials, and the darabonba client signs RAM and EIAM requests with
// them until the emulator's clock passes their expiry.
func TestAliyunECSRAMRoleProvider(t *testing.T) {
	// The provider reads these; keep the machine's out.
	for _, v := range []string{"ALIBABA_CLOUD_ECS_METADATA_DISABLED", "ALIBABA_CLOUD_ECS_METADATA", "ALIBABA_CLOUD_IMDSV1_DISABLED"} {
		t.Setenv(v, "")
	}
	var skew atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	const ttl = 10 * time.Minute
	srv := aliyuntest.NewServer(aliyuntest.WithInstanceRole("EcsRole"), aliyuntest.WithClock(now),
		aliyuntest.WithTemporaryCredentialsTTL(ttl), aliyuntest.WithMetadataToken(aliyuntest.MetadataTokenRequired))
	defer srv.Close()
	newProvider := func() *providers.ECSRAMRoleCredentialsProvider {
		t.Helper()
		p, err := providers.NewECSRAMRoleCredentialsProviderBuilder().
			WithDisableIMDSv1(true). // a metadata token is required: the emulator is in token-only mode too
			WithHttpOptions(&providers.HttpOptions{Proxy: srv.MetadataURL, ConnectTimeout: 1000, ReadTimeout: 1000}).
			Build()
		if err != nil {
			t.Fatalf("ECSRAMRoleCredentialsProviderBuilder: %v", err)
		}
		return p
	}
	p := newProvider()
	cc, err := p.GetCredentials()
	if err != nil {
		t.Fatalf("GetCredentials: %v", err)
	}
	if cc.AccessKeyId == "" || cc.AccessKeySecret == "" || cc.SecurityToken == "" || cc.ProviderName != "ecs_ram_role" {
		t.Fatalf("GetCredentials: %+v", cc)
	}
	reqs := srv.MetadataRequests()
	var paths []string
	for _, r := range reqs {
		paths = append(paths, r.Method+" "+r.Path)
		if r.Method == "GET" && !r.Token {
			t.Fatalf("a metadata GET without the token: %+v", r)
		}
	}
	wantPaths := []string{"PUT " + aliyuntest.MetadataTokenPath, "GET " + aliyuntest.MetadataRolePath,
		"PUT " + aliyuntest.MetadataTokenPath, "GET " + aliyuntest.MetadataRolePath + "EcsRole"}
	if strings.Join(paths, ",") != strings.Join(wantPaths, ",") {
		t.Fatalf("metadata requests: %v, want %v", paths, wantPaths)
	}
	if issued := srv.TemporaryCredentials(); len(issued) != 1 || issued[0].Kind != aliyuntest.KindInstanceRole || issued[0].RoleName != "EcsRole" ||
		issued[0].AccessKeyID != cc.AccessKeyId {
		t.Fatalf("TemporaryCredentials: %+v", issued)
	}

	// The darabonba clients take the provider as their Credential, as on
	// an ECS instance.
	cred := credgo.FromCredentialsProvider("ecs_ram_role", p)
	ramc := darabonbaWith(t, srv, "2015-05-01", &openapi.Config{Credential: cred})
	body, err := ramc("CreateUser", kv("UserName", "ecs-made"))
	daMust(t, "CreateUser with the instance role", body, err)
	eiam := darabonbaWith(t, srv, "2021-12-01", &openapi.Config{Credential: cred})
	body, err = eiam("ListUsers", kv("InstanceId", srv.InstanceID()))
	daMust(t, "EIAM ListUsers with the instance role", body, err)
	// And the classic client with the credentials it handed out.
	classic := aliyunClassicWith(t, credentials.NewStsTokenCredential(cc.AccessKeyId, cc.AccessKeySecret, cc.SecurityToken))
	gu := ram.CreateGetUserRequest()
	gu.UserName = "ecs-made"
	alMust[*ram.GetUserResponse](t, "GetUser with the instance role (classic)")(classic.GetUser(rpc(srv, gu)))

	// Past expiry on the emulator's clock: the provider's cache (on the
	// wall clock) still holds them, and the emulator refuses them.
	skew.Store(int64(ttl + time.Minute))
	_, err = ramc("ListUsers", nil)
	daWant(t, "expired instance-role credentials", err, 400, "InvalidSecurityToken.Expired")
	// A new provider fetches the replacement, which is accepted.
	fresh, err := newProvider().GetCredentials()
	if err != nil {
		t.Fatalf("GetCredentials after expiry: %v", err)
	}
	if fresh.AccessKeyId == cc.AccessKeyId {
		t.Fatalf("the metadata service handed out the expired credentials again: %s", fresh.AccessKeyId)
	}
	body, err = darabonbaWith(t, srv, "2015-05-01", &openapi.Config{AccessKeyId: dara.String(fresh.AccessKeyId),
		AccessKeySecret: dara.String(fresh.AccessKeySecret), SecurityToken: dara.String(fresh.SecurityToken)})("ListUsers", nil)
	daMust(t, "ListUsers with the replacement", body, err)
}
