package sdkcheck

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	hwiam "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3/model"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
)

// huaweiClientWith returns Huawei's official IAM v3 client pointed at the
// emulator, signing with the given AK/SK (and security token, when not
// empty) and sending the emulator's domain id, so that the SDK never looks
// the domain up (which it would do on the real IAM endpoint).
func huaweiClientWith(t *testing.T, srv *huaweitest.Server, ak, sk, token string) *hwiam.IamClient {
	t.Helper()
	b := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithDomainId(srv.DomainID()).WithIamEndpointOverride(srv.URL)
	if token != "" {
		b = b.WithSecurityToken(token)
	}
	cred, err := b.SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hcb, err := hwiam.IamClientBuilder().WithEndpoints([]string{srv.URL}).WithCredential(cred).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return hwiam.NewIamClient(hcb)
}

// hwWant asserts an official SDK error's status and error code.
func hwWant(t *testing.T, what string, err error, status int, code string) {
	t.Helper()
	got, gotCode := huaweiStatus(err)
	if got != status || gotCode != code {
		t.Fatalf("%s: got %d %q (%v), want %d %s", what, got, gotCode, err, status, code)
	}
}

// TestHuaweiUserLifecycle drives a whole user lifecycle with Huawei's
// official Go SDK (huaweicloud-sdk-go-v3 services/iam/v3) against
// huaweitest: the user (v3.0 and Keystone APIs), its console login
// (password, pwd_status, access mode and login protection), its permanent
// access keys (which then sign requests of their own, until deactivated),
// and a wrong secret refused with APIGW.0301.
func TestHuaweiUserLifecycle(t *testing.T) {
	srv := huaweitest.NewServer()
	defer srv.Close()
	c := huaweiClient(t, srv)
	domain := srv.DomainID()

	cu := hwMust[*model.CreateUserResponse](t, "CreateUser")(c.CreateUser(&model.CreateUserRequest{Body: &model.CreateUserRequestBody{
		User: &model.CreateUserOption{Name: "sdk_bob", DomainId: domain, Description: hwPtr("made by the SDK"),
			Email: hwPtr("bob@example.com"), AccessMode: hwPtr("programmatic")}}}))
	uid := cu.User.Id
	if cu.HttpStatusCode != 201 || len(uid) != 32 || cu.User.Name != "sdk_bob" || !cu.User.Enabled ||
		cu.User.AccessMode == nil || *cu.User.AccessMode != "programmatic" || cu.User.Email == nil || *cu.User.Email != "bob@example.com" {
		t.Fatalf("CreateUser: %+v", cu.User)
	}
	_, err := c.CreateUser(&model.CreateUserRequest{Body: &model.CreateUserRequestBody{User: &model.CreateUserOption{Name: "sdk_bob", DomainId: domain}}})
	hwWantStatus(t, "CreateUser of a name in use", err, 409)
	_, err = c.CreateUser(&model.CreateUserRequest{Body: &model.CreateUserRequestBody{User: &model.CreateUserOption{Name: "9lives", DomainId: domain}}})
	hwWant(t, "CreateUser of a bad name", err, 400, "1101")

	su := hwMust[*model.ShowUserResponse](t, "ShowUser")(c.ShowUser(&model.ShowUserRequest{UserId: uid}))
	if su.User.Id != uid || su.User.Name != "sdk_bob" || su.User.Description != "made by the SDK" || su.User.AccessMode != "programmatic" ||
		su.User.CreateTime == nil || su.User.PwdStatus != nil {
		t.Fatalf("ShowUser: %+v", su.User)
	}
	ks := hwMust[*model.KeystoneShowUserResponse](t, "KeystoneShowUser")(c.KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: uid}))
	if ks.User.Id != uid || ks.User.Name != "sdk_bob" {
		t.Fatalf("KeystoneShowUser: %+v", ks.User)
	}
	_, err = c.ShowUser(&model.ShowUserRequest{UserId: "0123456789abcdef0123456789abcdef"})
	hwWant(t, "ShowUser of a missing user", err, 404, "IAM.0004")

	uu := hwMust[*model.UpdateUserResponse](t, "UpdateUser")(c.UpdateUser(&model.UpdateUserRequest{UserId: uid, Body: &model.UpdateUserRequestBody{
		User: &model.UpdateUserOption{Name: hwPtr("sdk_robert"), Description: hwPtr("renamed")}}}))
	if uu.User.Name != "sdk_robert" || uu.User.Description == nil || *uu.User.Description != "renamed" || uu.User.Id != uid {
		t.Fatalf("UpdateUser: %+v", uu.User)
	}
	ku := hwMust[*model.KeystoneUpdateUserByAdminResponse](t, "KeystoneUpdateUserByAdmin")(c.KeystoneUpdateUserByAdmin(&model.KeystoneUpdateUserByAdminRequest{
		UserId: uid, Body: &model.KeystoneUpdateUserByAdminRequestBody{User: &model.KeystoneUpdateUserOption{Enabled: hwPtr(false)}}}))
	if ku.User.Enabled {
		t.Fatalf("KeystoneUpdateUserByAdmin: %+v", ku.User)
	}
	hwMust[*model.KeystoneUpdateUserByAdminResponse](t, "KeystoneUpdateUserByAdmin")(c.KeystoneUpdateUserByAdmin(&model.KeystoneUpdateUserByAdminRequest{
		UserId: uid, Body: &model.KeystoneUpdateUserByAdminRequestBody{User: &model.KeystoneUpdateUserOption{Enabled: hwPtr(true)}}}))
	hwMust[*model.CreateUserResponse](t, "CreateUser")(c.CreateUser(&model.CreateUserRequest{Body: &model.CreateUserRequestBody{
		User: &model.CreateUserOption{Name: "sdk_carol", DomainId: domain}}}))
	lu := hwMust[*model.KeystoneListUsersResponse](t, "KeystoneListUsers")(c.KeystoneListUsers(&model.KeystoneListUsersRequest{DomainId: hwPtr(domain)}))
	if lu.Users == nil || len(*lu.Users) != 2 || (*lu.Users)[0].Name != "sdk_robert" || (*lu.Users)[1].Name != "sdk_carol" {
		t.Fatalf("KeystoneListUsers: %+v", lu)
	}
	lu = hwMust[*model.KeystoneListUsersResponse](t, "KeystoneListUsers by name")(c.KeystoneListUsers(&model.KeystoneListUsersRequest{Name: hwPtr("sdk_robert")}))
	if lu.Users == nil || len(*lu.Users) != 1 || (*lu.Users)[0].Id != uid || (*lu.Users)[0].AccessMode == nil || *(*lu.Users)[0].AccessMode != "programmatic" {
		t.Fatalf("KeystoneListUsers by name: %+v", lu)
	}

	// Console login: IAM keeps it in the user (access_mode, password,
	// pwd_status) and in the login protection.
	if _, ok := srv.LoginProfile("sdk_robert"); ok {
		t.Fatal("a programmatic user has a console login")
	}
	_, err = c.ShowUserLoginProtect(&model.ShowUserLoginProtectRequest{UserId: uid})
	hwWant(t, "ShowUserLoginProtect never configured", err, 404, "IAM.0004")
	_, err = c.UpdateUser(&model.UpdateUserRequest{UserId: uid, Body: &model.UpdateUserRequestBody{User: &model.UpdateUserOption{Password: hwPtr("weakweak")}}})
	hwWant(t, "UpdateUser with a weak password", err, 400, "1118")
	uu = hwMust[*model.UpdateUserResponse](t, "UpdateUser console login")(c.UpdateUser(&model.UpdateUserRequest{UserId: uid, Body: &model.UpdateUserRequestBody{
		User: &model.UpdateUserOption{AccessMode: hwPtr("default"), Password: hwPtr("Sdk-Passw0rd!"), PwdStatus: hwPtr(true)}}}))
	if uu.User.AccessMode == nil || *uu.User.AccessMode != "default" || uu.User.PwdStatus == nil || !*uu.User.PwdStatus {
		t.Fatalf("UpdateUser console login: %+v", uu.User)
	}
	lp := hwMust[*model.UpdateLoginProtectResponse](t, "UpdateLoginProtect")(c.UpdateLoginProtect(&model.UpdateLoginProtectRequest{UserId: uid,
		Body: &model.UpdateLoginProjectReq{LoginProtect: &model.UpdateLoginProject{Enabled: true, VerificationMethod: "sms"}}}))
	if !lp.LoginProtect.Enabled || lp.LoginProtect.VerificationMethod != "sms" || lp.LoginProtect.UserId != uid {
		t.Fatalf("UpdateLoginProtect: %+v", lp.LoginProtect)
	}
	_, err = c.UpdateLoginProtect(&model.UpdateLoginProtectRequest{UserId: uid,
		Body: &model.UpdateLoginProjectReq{LoginProtect: &model.UpdateLoginProject{Enabled: true, VerificationMethod: "carrier-pigeon"}}})
	hwWant(t, "UpdateLoginProtect with an unknown method", err, 400, "IAM.0073")
	slp := hwMust[*model.ShowUserLoginProtectResponse](t, "ShowUserLoginProtect")(c.ShowUserLoginProtect(&model.ShowUserLoginProtectRequest{UserId: uid}))
	if !slp.LoginProtect.Enabled || slp.LoginProtect.VerificationMethod != "sms" {
		t.Fatalf("ShowUserLoginProtect: %+v", slp.LoginProtect)
	}
	su = hwMust[*model.ShowUserResponse](t, "ShowUser")(c.ShowUser(&model.ShowUserRequest{UserId: uid}))
	if su.User.AccessMode != "default" || su.User.PwdStatus == nil || !*su.User.PwdStatus || su.User.PwdStrength == nil || *su.User.PwdStrength == "None" {
		t.Fatalf("ShowUser with a console login: %+v", su.User)
	}
	if p, ok := srv.LoginProfile("sdk_robert"); !ok || !p.PasswordSet || !p.PasswordResetRequired || !p.MFARequired || p.MFAMethod != "sms" {
		t.Fatalf("emulator's login profile: %+v %v", p, ok)
	}
	hwMust[*model.UpdateLoginProtectResponse](t, "UpdateLoginProtect off")(c.UpdateLoginProtect(&model.UpdateLoginProtectRequest{UserId: uid,
		Body: &model.UpdateLoginProjectReq{LoginProtect: &model.UpdateLoginProject{Enabled: false, VerificationMethod: "vmfa"}}}))
	// No console login any more: access_mode programmatic.
	hwMust[*model.UpdateUserResponse](t, "UpdateUser programmatic")(c.UpdateUser(&model.UpdateUserRequest{UserId: uid, Body: &model.UpdateUserRequestBody{
		User: &model.UpdateUserOption{AccessMode: hwPtr("programmatic")}}}))
	if _, ok := srv.LoginProfile("sdk_robert"); ok {
		t.Fatal("console login left after access_mode programmatic")
	}
	_, err = c.UpdateUser(&model.UpdateUserRequest{UserId: uid, Body: &model.UpdateUserRequestBody{User: &model.UpdateUserOption{AccessMode: hwPtr("both")}}})
	hwWant(t, "UpdateUser with an unknown access mode", err, 400, "1120")

	// Permanent access keys.
	k1 := hwMust[*model.CreatePermanentAccessKeyResponse](t, "CreatePermanentAccessKey")(c.CreatePermanentAccessKey(&model.CreatePermanentAccessKeyRequest{
		Body: &model.CreatePermanentAccessKeyRequestBody{Credential: &model.CreateCredentialOption{UserId: uid, Description: hwPtr("first")}}}))
	if k1.HttpStatusCode != 201 || k1.Credential.Access == "" || k1.Credential.Secret == "" || k1.Credential.Status != "active" ||
		k1.Credential.UserId != uid || k1.Credential.Description != "first" {
		t.Fatalf("CreatePermanentAccessKey: %+v", k1.Credential)
	}
	k2 := hwMust[*model.CreatePermanentAccessKeyResponse](t, "CreatePermanentAccessKey")(c.CreatePermanentAccessKey(&model.CreatePermanentAccessKeyRequest{
		Body: &model.CreatePermanentAccessKeyRequestBody{Credential: &model.CreateCredentialOption{UserId: uid}}}))
	_, err = c.CreatePermanentAccessKey(&model.CreatePermanentAccessKeyRequest{
		Body: &model.CreatePermanentAccessKeyRequestBody{Credential: &model.CreateCredentialOption{UserId: uid}}})
	hwWantStatus(t, "a third key", err, 400)
	lk := hwMust[*model.ListPermanentAccessKeysResponse](t, "ListPermanentAccessKeys")(c.ListPermanentAccessKeys(&model.ListPermanentAccessKeysRequest{UserId: hwPtr(uid)}))
	if lk.Credentials == nil || len(*lk.Credentials) != 2 || (*lk.Credentials)[0].Access != k1.Credential.Access || (*lk.Credentials)[1].Access != k2.Credential.Access {
		t.Fatalf("ListPermanentAccessKeys: %+v", lk)
	}
	sk := hwMust[*model.ShowPermanentAccessKeyResponse](t, "ShowPermanentAccessKey")(c.ShowPermanentAccessKey(&model.ShowPermanentAccessKeyRequest{AccessKey: k1.Credential.Access}))
	if sk.Credential.UserId != uid || sk.Credential.Status != "active" || sk.Credential.LastUseTime == "" {
		t.Fatalf("ShowPermanentAccessKey: %+v", sk.Credential)
	}
	// The new key signs requests of its own.
	own := huaweiClientWith(t, srv, k1.Credential.Access, k1.Credential.Secret, "")
	hwMust[*model.ShowUserResponse](t, "ShowUser with the user's key")(own.ShowUser(&model.ShowUserRequest{UserId: uid}))
	inactive := model.GetUpdateCredentialOptionStatusEnum().INACTIVE
	up := hwMust[*model.UpdatePermanentAccessKeyResponse](t, "UpdatePermanentAccessKey inactive")(c.UpdatePermanentAccessKey(&model.UpdatePermanentAccessKeyRequest{
		AccessKey: k1.Credential.Access, Body: &model.UpdatePermanentAccessKeyRequestBody{Credential: &model.UpdateCredentialOption{Status: &inactive}}}))
	if up.Credential.Status != "inactive" || up.Credential.Access != k1.Credential.Access {
		t.Fatalf("UpdatePermanentAccessKey inactive: %+v", up.Credential)
	}
	_, err = own.ShowUser(&model.ShowUserRequest{UserId: uid})
	hwWant(t, "an inactive key", err, 401, "APIGW.0301")
	active := model.GetUpdateCredentialOptionStatusEnum().ACTIVE
	up = hwMust[*model.UpdatePermanentAccessKeyResponse](t, "UpdatePermanentAccessKey active")(c.UpdatePermanentAccessKey(&model.UpdatePermanentAccessKeyRequest{
		AccessKey: k1.Credential.Access, Body: &model.UpdatePermanentAccessKeyRequestBody{Credential: &model.UpdateCredentialOption{Status: &active, Description: hwPtr("back")}}}))
	if up.Credential.Status != "active" || up.Credential.Description != "back" {
		t.Fatalf("UpdatePermanentAccessKey active: %+v", up.Credential)
	}
	// The user's own keys, listed with its own key (no user_id).
	mine := hwMust[*model.ListPermanentAccessKeysResponse](t, "ListPermanentAccessKeys own")(own.ListPermanentAccessKeys(&model.ListPermanentAccessKeysRequest{}))
	if mine.Credentials == nil || len(*mine.Credentials) != 2 {
		t.Fatalf("ListPermanentAccessKeys own: %+v", mine)
	}
	hwMust[*model.DeletePermanentAccessKeyResponse](t, "DeletePermanentAccessKey")(c.DeletePermanentAccessKey(&model.DeletePermanentAccessKeyRequest{AccessKey: k2.Credential.Access}))
	_, err = c.DeletePermanentAccessKey(&model.DeletePermanentAccessKeyRequest{AccessKey: k2.Credential.Access})
	hwWantStatus(t, "DeletePermanentAccessKey twice", err, 404)
	if keys := srv.AccessKeys("sdk_robert"); len(keys) != 1 || keys[0].ID != k1.Credential.Access || !keys[0].Active {
		t.Fatalf("emulator's keys: %+v", keys)
	}

	// A wrong secret is refused with the API gateway's 401 APIGW.0301.
	_, err = huaweiClientWith(t, srv, k1.Credential.Access, k1.Credential.Secret+"x", "").ShowUser(&model.ShowUserRequest{UserId: uid})
	hwWant(t, "a wrong secret", err, 401, "APIGW.0301")
	ak, _ := srv.Credentials()
	_, err = huaweiClientWith(t, srv, ak, "not-the-secret", "").KeystoneListUsers(&model.KeystoneListUsersRequest{})
	hwWant(t, "a wrong root secret", err, 401, "APIGW.0301")

	// Deleting the user takes its keys with it.
	hwMust[*model.KeystoneDeleteUserResponse](t, "KeystoneDeleteUser")(c.KeystoneDeleteUser(&model.KeystoneDeleteUserRequest{UserId: uid}))
	_, err = c.KeystoneDeleteUser(&model.KeystoneDeleteUserRequest{UserId: uid})
	hwWantStatus(t, "KeystoneDeleteUser twice", err, 404)
	_, err = own.KeystoneListUsers(&model.KeystoneListUsersRequest{})
	hwWant(t, "the deleted user's key", err, 401, "APIGW.0301")
	carol := srv.Users()[0].ID
	hwMust[*model.KeystoneDeleteUserResponse](t, "KeystoneDeleteUser")(c.KeystoneDeleteUser(&model.KeystoneDeleteUserRequest{UserId: carol}))
	if len(srv.Users()) != 0 {
		t.Fatalf("left behind: %v", srv.Users())
	}
}

// TestHuaweiAgencyCredentials gets temporary AK/SK of an agency with the
// official SDK's CreateTemporaryAccessKeyByAgency (assume_role) from
// huaweitest, then signs IAM requests with them and their security token
// through the official IAM client: accepted until the emulator's clock
// passes their expiry, refused after with IAM.1108.
func TestHuaweiAgencyCredentials(t *testing.T) {
	var skew atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	const ttl = 5 * time.Minute // below the signature's 15-minute window
	srv := huaweitest.NewServer(huaweitest.WithClock(now), huaweitest.WithTemporaryCredentialTTL(ttl))
	defer srv.Close()
	srv.AddAgency("sdk_agency")
	c := huaweiClient(t, srv)

	assume := func(c *hwiam.IamClient, agency string, seconds int32) (*model.CreateTemporaryAccessKeyByAgencyResponse, error) {
		return c.CreateTemporaryAccessKeyByAgency(&model.CreateTemporaryAccessKeyByAgencyRequest{Body: &model.CreateTemporaryAccessKeyByAgencyRequestBody{
			Auth: &model.AgencyAuth{Identity: &model.AgencyAuthIdentity{
				Methods: []model.AgencyAuthIdentityMethods{model.GetAgencyAuthIdentityMethodsEnum().ASSUME_ROLE},
				AssumeRole: &model.IdentityAssumerole{AgencyName: agency, DomainId: hwPtr(srv.DomainID()), DurationSeconds: hwPtr(seconds),
					SessionUser: &model.AssumeroleSessionuser{Name: hwPtr("sdk_session")}},
			}}}})
	}
	tmp := hwMust[*model.CreateTemporaryAccessKeyByAgencyResponse](t, "CreateTemporaryAccessKeyByAgency")(assume(c, "sdk_agency", 900))
	cr := tmp.Credential
	if tmp.HttpStatusCode != 201 || cr.Access == "" || cr.Secret == "" || cr.Securitytoken == "" {
		t.Fatalf("CreateTemporaryAccessKeyByAgency: %+v", cr)
	}
	exp, err := time.Parse("2006-01-02T15:04:05.000000Z", cr.ExpiresAt)
	if err != nil {
		t.Fatalf("expires_at %q: %v", cr.ExpiresAt, err)
	}
	if d := time.Until(exp); d <= 0 || d > ttl+time.Minute {
		t.Fatalf("expires_at %s, %s from now", cr.ExpiresAt, d)
	}
	_, err = assume(c, "no_such_agency", 900)
	hwWantStatus(t, "an unknown agency", err, 404)
	_, err = assume(c, "sdk_agency", 600)
	hwWantStatus(t, "duration_seconds below 900", err, 400)

	tc := huaweiClientWith(t, srv, cr.Access, cr.Secret, cr.Securitytoken)
	u := hwMust[*model.CreateUserResponse](t, "CreateUser with temporary credentials")(tc.CreateUser(&model.CreateUserRequest{Body: &model.CreateUserRequestBody{
		User: &model.CreateUserOption{Name: "sdk_temp", DomainId: srv.DomainID()}}}))
	hwMust[*model.ShowUserResponse](t, "ShowUser with temporary credentials")(tc.ShowUser(&model.ShowUserRequest{UserId: u.User.Id}))
	// Role chaining: the temporary credentials assume the agency again.
	chained := hwMust[*model.CreateTemporaryAccessKeyByAgencyResponse](t, "CreateTemporaryAccessKeyByAgency chained")(assume(tc, "sdk_agency", 900))
	if chained.Credential.Access == cr.Access {
		t.Fatalf("chained credentials are the same: %+v", chained.Credential)
	}
	// Without its token, or with a wrong secret, the temporary key is refused.
	_, err = huaweiClientWith(t, srv, cr.Access, cr.Secret, "").KeystoneListUsers(&model.KeystoneListUsersRequest{})
	hwWant(t, "temporary AK/SK without the token", err, 401, "APIGW.0301")
	_, err = huaweiClientWith(t, srv, cr.Access, cr.Secret+"x", cr.Securitytoken).KeystoneListUsers(&model.KeystoneListUsersRequest{})
	hwWant(t, "temporary AK/SK with a wrong secret", err, 401, "APIGW.0301")

	// Past expiry on the emulator's clock (within the signature's window).
	skew.Store(int64(ttl + time.Minute))
	_, err = tc.KeystoneListUsers(&model.KeystoneListUsersRequest{})
	hwWant(t, "expired temporary credentials", err, 401, "IAM.1108")
	_, err = assume(tc, "sdk_agency", 900)
	hwWant(t, "expired temporary credentials assuming", err, 401, "IAM.1108")
	// The root key still works at the same time.
	lu := hwMust[*model.KeystoneListUsersResponse](t, "KeystoneListUsers with the root key")(c.KeystoneListUsers(&model.KeystoneListUsersRequest{}))
	if lu.Users == nil || len(*lu.Users) != 1 || (*lu.Users)[0].Name != "sdk_temp" {
		t.Fatalf("KeystoneListUsers: %+v", lu)
	}
}
