package sdkcheck

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/auth"
	"github.com/baidubce/bce-sdk-go/bce"
	bceiam "github.com/baidubce/bce-sdk-go/services/iam"
	"github.com/baidubce/bce-sdk-go/services/iam/api"
	bcests "github.com/baidubce/bce-sdk-go/services/sts"
	stsapi "github.com/baidubce/bce-sdk-go/services/sts/api"

	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
)

// baiduIAMWith returns Baidu's official IAM client pointed at the emulator
// and signing with the given key (and session token, when not empty),
// retries off.
func baiduIAMWith(t *testing.T, srv *baidutest.Server, ak, sk, token string) *bceiam.Client {
	t.Helper()
	c, err := bceiam.NewClientWithEndpoint(ak, sk, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		cred, err := auth.NewSessionBceCredentials(ak, sk, token)
		if err != nil {
			t.Fatal(err)
		}
		c.Config.Credentials = cred
	}
	c.Config.Retry = bce.NewNoRetryPolicy()
	return c
}

// TestBaiduUserLifecycle drives a whole user lifecycle with Baidu's
// official Go client (bce-sdk-go services/iam) against baidutest: the
// user, its console login, its access keys (which then sign requests of
// their own, until disabled), and a wrong secret refused.
func TestBaiduUserLifecycle(t *testing.T) {
	srv, c := baiduOfficial(t)
	must := func(err error) { t.Helper(); baiduMust(t, err) }

	u, err := c.CreateUser(&api.CreateUserArgs{Name: "sdk_bob", Description: "made by bce-sdk-go"})
	must(err)
	if u.Name != "sdk_bob" || u.Id == "" || u.CreateTime.IsZero() || u.Description != "made by bce-sdk-go" || !u.Enabled {
		t.Fatalf("CreateUser: %+v", u)
	}
	_, err = c.CreateUser(&api.CreateUserArgs{Name: "sdk_bob"})
	baiduServiceError(t, err, 409, "AlreadyExists")
	_, err = c.CreateUser(&api.CreateUserArgs{Name: "bad name!"})
	baiduServiceError(t, err, 400, "InappropriateJSON")

	got, err := c.GetUser("sdk_bob")
	must(err)
	if got.Id != u.Id || got.Name != "sdk_bob" || !got.Enabled {
		t.Fatalf("GetUser: %+v", got)
	}
	_, err = c.GetUser("nobody")
	baiduServiceError(t, err, 404, "NotFound")

	up, err := c.UpdateUser("sdk_bob", &api.UpdateUserArgs{Description: "updated"})
	must(err)
	if up.Description != "updated" || up.Id != u.Id {
		t.Fatalf("UpdateUser: %+v", up)
	}
	off := false
	up, err = c.UpdateUser("sdk_bob", &api.UpdateUserArgs{Enabled: &off})
	must(err)
	if up.Enabled || up.Description != "updated" {
		t.Fatalf("UpdateUser enabled=false: %+v", up)
	}
	on := true
	up, err = c.UpdateUser("sdk_bob", &api.UpdateUserArgs{Name: "sdk_robert", Enabled: &on})
	must(err)
	if up.Name != "sdk_robert" || !up.Enabled || up.Id != u.Id {
		t.Fatalf("UpdateUser rename: %+v", up)
	}
	_, err = c.GetUser("sdk_bob")
	baiduServiceError(t, err, 404, "NotFound")
	_, err = c.CreateUser(&api.CreateUserArgs{Name: "sdk_carol"})
	must(err)
	list, err := c.ListUser()
	must(err)
	if len(list.Users) != 2 || list.Users[0].Name != "sdk_robert" || list.Users[1].Name != "sdk_carol" {
		t.Fatalf("ListUser: %+v", list)
	}
	const name = "sdk_robert"

	// Console login.
	_, err = c.GetUserLoginProfile(name)
	baiduServiceError(t, err, 404, "NotFound")
	lp, err := c.UpdateUserLoginProfile(name, &api.UpdateUserLoginProfileArgs{
		Password: "Sdk-Passw0rd!", NeedResetPassword: true, EnabledLogin: true, EnabledLoginMfa: true, LoginMfaType: "PHONE"})
	must(err)
	if lp.Password != "" || !lp.NeedResetPassword || !lp.EnabledLogin || !lp.EnabledLoginMfa || lp.LoginMfaType != "PHONE" {
		t.Fatalf("UpdateUserLoginProfile: %+v", lp)
	}
	_, err = c.UpdateUserLoginProfile(name, &api.UpdateUserLoginProfileArgs{EnabledLogin: true, EnabledLoginMfa: true, LoginMfaType: "SMS"})
	baiduServiceError(t, err, 400, "InappropriateJSON")
	gp, err := c.GetUserLoginProfile(name)
	must(err)
	if gp.Password != "" || !gp.NeedResetPassword || !gp.EnabledLoginMfa || gp.LoginMfaType != "PHONE" {
		t.Fatalf("GetUserLoginProfile: %+v", gp)
	}
	// V2 sends only what is set: MFA off, the rest unchanged.
	lp, err = c.UpdateUserLoginProfileV2(name, &api.UpdateUserLoginProfileArgsV2{EnabledLoginMfa: &off})
	must(err)
	if lp.EnabledLoginMfa || !lp.NeedResetPassword || !lp.EnabledLogin {
		t.Fatalf("UpdateUserLoginProfileV2: %+v", lp)
	}
	if p, ok := srv.LoginProfile(name); !ok || !p.PasswordSet || !p.PasswordResetRequired || p.MFARequired {
		t.Fatalf("emulator's login profile: %+v %v", p, ok)
	}
	must(c.DeleteUserLoginProfile(name))
	baiduServiceError(t, c.DeleteUserLoginProfile(name), 404, "NotFound")
	if _, ok := srv.LoginProfile(name); ok {
		t.Fatal("login profile left after DeleteUserLoginProfile")
	}

	// Access keys.
	k1, err := c.CreateAccessKey(name)
	must(err)
	if k1.Id == "" || k1.Secret == "" || !k1.Enabled || k1.CreateTime.IsZero() {
		t.Fatalf("CreateAccessKey: %+v", k1)
	}
	k2, err := c.CreateAccessKey(name)
	must(err)
	_, err = c.CreateAccessKey(name)
	baiduServiceError(t, err, 400, "LimitExceeded")
	keys, err := c.ListAccessKey(name)
	must(err)
	if len(keys.AccessKeys) != 2 || keys.AccessKeys[0].Id != k1.Id || keys.AccessKeys[1].Id != k2.Id || keys.AccessKeys[0].Secret != "" {
		t.Fatalf("ListAccessKey: %+v", keys)
	}
	// The new key signs requests of its own.
	own := baiduIAMWith(t, srv, k1.Id, k1.Secret, "")
	_, err = own.GetUser(name)
	must(err)
	dis, err := c.DisableAccessKey(name, k1.Id)
	must(err)
	if dis.Id != k1.Id || dis.Enabled {
		t.Fatalf("DisableAccessKey: %+v", dis)
	}
	_, err = own.GetUser(name)
	baiduServiceError(t, err, 403, "InvalidAccessKeyId")
	en, err := c.EnableAccessKey(name, k1.Id)
	must(err)
	if !en.Enabled {
		t.Fatalf("EnableAccessKey: %+v", en)
	}
	_, err = own.ListUser()
	must(err)
	must(c.DeleteAccessKey(name, k2.Id))
	baiduServiceError(t, c.DeleteAccessKey(name, k2.Id), 404, "NotFound")
	if ks := srv.AccessKeys(name); len(ks) != 1 || ks[0].ID != k1.Id || !ks[0].Active {
		t.Fatalf("emulator's keys: %+v", ks)
	}

	// A wrong secret is refused with Baidu's signature error.
	wrong := baiduIAMWith(t, srv, k1.Id, k1.Secret+"x", "")
	_, err = wrong.GetUser(name)
	baiduServiceError(t, err, 400, "SignatureDoesNotMatch")
	ak, _ := srv.Credentials()
	_, err = baiduIAMWith(t, srv, ak, "not-the-secret", "").ListUser()
	baiduServiceError(t, err, 400, "SignatureDoesNotMatch")

	// Deleting the user takes its keys with it.
	must(c.DeleteUser(name))
	baiduServiceError(t, c.DeleteUser(name), 404, "NotFound")
	_, err = own.ListUser()
	baiduServiceError(t, err, 403, "InvalidAccessKeyId")
	must(c.DeleteUser("sdk_carol"))
	if len(srv.Users()) != 0 {
		t.Fatalf("left behind: %v", srv.Users())
	}
}

// TestBaiduSTSCredentials gets temporary credentials with Baidu's official
// STS client (bce-sdk-go services/sts: GetSessionToken and AssumeRole)
// from baidutest's STS, then signs IAM requests with them and their
// x-bce-security-token through the official IAM client: accepted until
// the emulator's clock passes their expiry, refused after.
func TestBaiduSTSCredentials(t *testing.T) {
	var skew atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	const ttl = 10 * time.Minute // below the official signature's 1800 s validity
	srv := baidutest.NewServer(baidutest.WithClock(now), baidutest.WithTemporaryCredentialTTL(ttl))
	t.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	sts, err := bcests.NewStsClient(ak, sk, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	sts.Config.Retry = bce.NewNoRetryPolicy()

	acl := `{"accessControlList":[{"service":"bce:iam","region":"*","effect":"Allow","permission":["READ"],"resource":["*"]}]}`
	st, err := sts.GetSessionToken(900, acl)
	baiduMust(t, err)
	if st.AccessKeyId == "" || st.SecretAccessKey == "" || st.SessionToken == "" || st.Expiration == "" || st.CreateTime == "" {
		t.Fatalf("GetSessionToken: %+v", st)
	}
	exp, err := time.Parse(time.RFC3339, st.Expiration)
	if err != nil {
		t.Fatalf("GetSessionToken expiration %q: %v", st.Expiration, err)
	}
	if d := time.Until(exp); d <= 0 || d > ttl+time.Minute {
		t.Fatalf("GetSessionToken expiration %s, %s from now", st.Expiration, d)
	}

	// Role credentials, asked for with the session's own (role chaining is
	// any valid key's right on the emulator).
	sessionSTS, err := bcests.NewStsClient(st.AccessKeyId, st.SecretAccessKey, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	sessionSTS.Config.Retry = bce.NewNoRetryPolicy()
	sessionSTS.Config.Credentials, _ = auth.NewSessionBceCredentials(st.AccessKeyId, st.SecretAccessKey, st.SessionToken)
	role, err := sessionSTS.AssumeRole(&stsapi.AssumeRoleArgs{AccountId: "0123456789abcdef0123456789abcdef", RoleName: "sdk_role", DurationSeconds: 1800})
	baiduMust(t, err)
	if role.AccessKeyId == "" || role.SessionToken == "" || role.Expiration.IsZero() || role.CreateTime.IsZero() {
		t.Fatalf("AssumeRole: %+v", role)
	}
	_, err = sts.AssumeRole(&stsapi.AssumeRoleArgs{AccountId: "0123456789abcdef0123456789abcdef", RoleName: "sdk_role", DurationSeconds: 7201})
	baiduServiceError(t, err, 400, "InvalidHTTPRequest")

	issued := srv.TemporaryCredentials()
	if len(issued) != 2 || issued[0].Kind != baidutest.KindSessionToken || issued[0].DurationSeconds != 900 || issued[0].ACL == "" ||
		issued[1].Kind != baidutest.KindAssumeRole || issued[1].RoleName != "sdk_role" || issued[1].DurationSeconds != 1800 {
		t.Fatalf("TemporaryCredentials: %+v", issued)
	}

	session := baiduIAMWith(t, srv, st.AccessKeyId, st.SecretAccessKey, st.SessionToken)
	asRole := baiduIAMWith(t, srv, role.AccessKeyId, role.SecretAccessKey, role.SessionToken)
	for what, c := range map[string]*bceiam.Client{"sts_session": session, "sts_role": asRole} {
		u, err := c.CreateUser(&api.CreateUserArgs{Name: what})
		if err != nil {
			t.Fatalf("%s: CreateUser: %v", what, err)
		}
		if _, err := c.GetUser(u.Name); err != nil {
			t.Fatalf("%s: GetUser: %v", what, err)
		}
	}
	// Without its token the temporary key is refused; with another's too.
	_, err = baiduIAMWith(t, srv, st.AccessKeyId, st.SecretAccessKey, "").ListUser()
	baiduServiceError(t, err, 403, "InvalidSessionToken")
	_, err = baiduIAMWith(t, srv, st.AccessKeyId, st.SecretAccessKey, role.SessionToken).ListUser()
	baiduServiceError(t, err, 403, "InvalidSessionToken")
	// A wrong secret with the right token: the signature error.
	_, err = baiduIAMWith(t, srv, st.AccessKeyId, st.SecretAccessKey+"x", st.SessionToken).ListUser()
	baiduServiceError(t, err, 400, "SignatureDoesNotMatch")

	// Past expiry on the emulator's clock (within the signature's window).
	skew.Store(int64(ttl + time.Minute))
	for what, c := range map[string]*bceiam.Client{"sts_session": session, "sts_role": asRole} {
		_, err := c.ListUser()
		if err == nil {
			t.Fatalf("%s: accepted after expiry", what)
		}
		baiduServiceError(t, err, 403, "InvalidSessionToken")
	}
	_, err = sessionSTS.GetSessionToken(900, "")
	baiduServiceError(t, err, 403, "InvalidSessionToken")
	// The root key still works at the same time.
	list, err := baiduIAMWith(t, srv, ak, sk, "").ListUser()
	baiduMust(t, err)
	if len(list.Users) != 2 {
		t.Fatalf("ListUser: %+v", list)
	}
}
