package huaweitest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/internal/store"
	"github.com/cloudiam-go/cloudiam/signer"
)

// Default identity of an emulated account.
const (
	DefaultDomainID   = "d78cbac186b744899480f25bd02abcde"
	DefaultDomainName = "cloudiam-emulator"
)

// maxBody is the AK/SK body limit of the API gateway (12 MB).
const maxBody = 12 << 20

// tokenTTL is the lifetime of an issued X-Auth-Token.
const tokenTTL = 24 * time.Hour

type options struct {
	domainID, domainName string
	ak, sk, token        string
	now                  func() time.Time
	maxKeys              int
	pwdValidity          time.Duration
	perm                 permOptions   // groups, permissions and projects (groups_state.go)
	tempTTL              time.Duration // WithTemporaryCredentialTTL
}

// Option configures an Emulator (and a Server).
type Option func(*options)

// WithDomain sets the account (domain) id and name served by
// GET /v3/auth/domains and expected in X-Domain-Id.
func WithDomain(id, name string) Option {
	return func(o *options) { o.domainID, o.domainName = id, name }
}

// WithCredentials sets the account's root AK/SK; by default they are random
// (a 20-character AK and a 40-character SK, as Huawei Cloud issues).
func WithCredentials(accessKeyID, secret string) Option {
	return func(o *options) { o.ak, o.sk = accessKeyID, secret }
}

// WithSessionToken makes the root AK/SK temporary credentials with this
// security token: every request they sign must carry it, signed, as
// X-Security-Token (as temporary AK/SK from
// POST /v3.0/OS-CREDENTIAL/securitytokens must), and a request without it,
// or with another, is refused with 401 APIGW.0301. Keys created through the
// API stay permanent.
func WithSessionToken(token string) Option {
	return func(o *options) { o.token = token }
}

// WithClock sets the emulator's clock (timestamps and the signature's
// validity window); the default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithMaxAccessKeysPerUser changes the per-user key limit (2, as on Huawei Cloud).
func WithMaxAccessKeysPerUser(n int) Option {
	return func(o *options) { o.maxKeys = n }
}

// WithPasswordValidity makes passwords expire d after they are set, as an
// account password policy does, so that password_expires_at is reported
// and filterable; by default passwords never expire (null).
func WithPasswordValidity(d time.Duration) Option {
	return func(o *options) { o.pwdValidity = d }
}

// Emulator is an in-process fake of Huawei Cloud IAM (Keystone v3 and the
// v3.0 OS-USER and OS-CREDENTIAL extensions). It is an http.Handler; it is
// safe for concurrent use.
type Emulator struct {
	opts options
	st   *store.Store

	mu     sync.Mutex
	tokens map[string]issuedToken
	perm   permState // groups, custom policies, projects and grants (groups_state.go)

	sts stsState // temporary credentials, agencies, identity providers (sts.go)
}

type issuedToken struct {
	userID  string
	expires time.Time
	idp     string // an unscoped federation token of this identity provider
}

// New returns an Emulator with an empty account whose root AK/SK are
// Credentials. An Emulator is the http.Handler behind a Server; serve it
// yourself to choose the listener.
func New(opts ...Option) *Emulator {
	o := options{domainID: DefaultDomainID, domainName: DefaultDomainName}
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	if o.ak == "" {
		o.ak = randomString(upperAlnum, 20)
	}
	if o.sk == "" {
		o.sk = randomString(alnum, 40)
	}
	so := store.Options{
		MaxAccessKeysPerUser: o.maxKeys,
		NewAccessKeyID:       func() string { return randomString(upperAlnum, 20) },
		NewSecret:            func() string { return randomString(alnum, 40) },
	}
	if o.now != nil {
		now := o.now
		so.Now = func() time.Time { return now().UTC() }
	}
	e := &Emulator{opts: o, st: store.New(so), tokens: map[string]issuedToken{}}
	e.perm = newPermState(o.perm, o.domainID)
	e.st.AddRootKey(o.ak, o.sk)
	return e
}

// Credentials returns the account's root AK/SK.
func (e *Emulator) Credentials() (accessKeyID, secret string) { return e.opts.ak, e.opts.sk }

// SessionToken returns the root keys' security token set by
// WithSessionToken, or "" for permanent root keys.
func (e *Emulator) SessionToken() string { return e.opts.token }

// DomainID returns the account (domain) id.
func (e *Emulator) DomainID() string { return e.opts.domainID }

// DomainName returns the account (domain) name, for password tokens.
func (e *Emulator) DomainName() string { return e.opts.domainName }

// Server is an Emulator listening on a loopback address. The Emulator's
// methods (Credentials, DomainID, AddUser, Users, AccessKeys, LoginProfile)
// are the Server's.
type Server struct {
	*Emulator
	// URL is the endpoint to configure a client with, such as
	// "http://127.0.0.1:38123".
	URL string
	srv *httptest.Server
}

// NewServer starts an Emulator on 127.0.0.1; Close stops it.
func NewServer(opts ...Option) *Server {
	e := New(opts...)
	srv := httptest.NewServer(e)
	return &Server{Emulator: e, URL: srv.URL, srv: srv}
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

const (
	lowerHex   = "0123456789abcdef"
	upperAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	alnum      = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

func randomString(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n+8)
	for len(out) < n {
		_, _ = rand.Read(buf)
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// principal is who a request authenticated as; userID "" is the account root.
type principal struct {
	userID string
}

// req is one request being served.
type req struct {
	w    http.ResponseWriter
	r    *http.Request
	body []byte
	rid  string
	who  principal
}

// ServeHTTP serves the IAM API.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := &req{w: w, r: r, rid: requestID()}
	w.Header().Set("X-Request-Id", q.rid)
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		q.keystoneError(http.StatusBadRequest, "Bad Request", "The request body could not be read.")
		return
	}
	if len(body) > maxBody {
		q.keystoneError(http.StatusRequestEntityTooLarge, "Request Entity Too Large", "Request is too large.")
		return
	}
	q.body = body
	path := strings.Trim(r.URL.Path, "/")
	if path == "v3/auth/tokens" && r.Method == http.MethodPost {
		e.createToken(q)
		return
	}
	if e.serveSTS(q, path) {
		return
	}
	if !e.authenticate(q) {
		return
	}
	e.route(q, strings.Split(path, "/"))
}

// authenticate accepts an X-Auth-Token the emulator issued or an
// SDK-HMAC-SHA256 signature by an active key in the store, and refuses the
// request with the API gateway's APIGW.0301 otherwise.
func (e *Emulator) authenticate(q *req) bool {
	refuse := func(why string) bool {
		q.huaweiError(http.StatusUnauthorized, "APIGW.0301", "Incorrect IAM authentication information: "+why)
		return false
	}
	now := e.st.Now()
	if tok := q.r.Header.Get("X-Auth-Token"); tok != "" {
		e.mu.Lock()
		t, ok := e.tokens[tok]
		e.mu.Unlock()
		if !ok || now.After(t.expires) {
			return refuse("decrypt token fail")
		}
		if t.idp != "" {
			return refuse("an unscoped federation token only buys temporary AK/SK")
		}
		u, err := e.st.UserByID(t.userID)
		if err != nil || !u.Enabled {
			return refuse("token of a deleted or disabled user")
		}
		q.who = principal{userID: t.userID}
		return e.checkDomain(q)
	}
	auth := q.r.Header.Get("Authorization")
	if auth == "" {
		return refuse("Authorization not found")
	}
	inactive := false
	res, err := signer.Huawei{}.Verify(q.r, q.body, &signer.VerifyParams{
		Now: now,
		Lookup: func(id string) (signer.Credentials, bool) {
			if c, ok := e.tempLookup(id); ok {
				return c, true
			}
			k, err := e.st.AccessKey(id)
			if err != nil {
				return signer.Credentials{}, false
			}
			if !k.Active {
				inactive = true
				return signer.Credentials{}, false
			}
			c := signer.Credentials{AccessKeyID: k.ID, SecretAccessKey: k.Secret}
			if k.UserID == "" {
				c.SecurityToken = e.opts.token // "" for permanent root keys
			}
			return c, true
		},
	})
	switch {
	case inactive:
		return refuse("ak is not activated")
	case errors.Is(err, signer.ErrUnknownAccessKey):
		return refuse("ak not found")
	case errors.Is(err, signer.ErrExpired):
		return refuse("request expired, X-Sdk-Date is more than 15 minutes from the server time")
	case errors.Is(err, signer.ErrInvalidToken):
		return refuse("the security token is missing or does not match the access key")
	case err != nil:
		return refuse("verify aksk signature fail")
	}
	if res.SecurityToken != "" && !slices.Contains(res.SignedHeaders, "x-security-token") {
		return refuse("X-Security-Token must be signed")
	}
	if temp, ok := e.tempAuthenticated(q, res.AccessKeyID, now); temp {
		return ok
	}
	k, err := e.st.AccessKey(res.AccessKeyID)
	if err != nil {
		return refuse("ak not found")
	}
	if k.UserID != "" {
		u, err := e.st.UserByID(k.UserID)
		if err != nil {
			return refuse("ak not found")
		}
		if !u.Enabled {
			q.huaweiError(http.StatusForbidden, "IAM.0080", "The user of this access key is disabled.")
			return false
		}
		if u.Attrs[attrAccessMode] == "console" {
			q.huaweiError(http.StatusForbidden, "IAM.0081", "This user only supports console access, not programmatic access.")
			return false
		}
	}
	e.st.TouchAccessKey(k.ID, now)
	q.who = principal{userID: k.UserID}
	return e.checkDomain(q)
}

// checkDomain refuses an X-Domain-Id of another account.
func (e *Emulator) checkDomain(q *req) bool {
	if d := q.r.Header.Get("X-Domain-Id"); d != "" && d != e.opts.domainID {
		q.huaweiError(http.StatusUnauthorized, "APIGW.0301", "Incorrect IAM authentication information: X-Domain-Id does not match the credentials")
		return false
	}
	return true
}

// route dispatches by path; a known path with another method is 405.
func (e *Emulator) route(q *req, seg []string) {
	m := q.r.Method
	type h = func(*req)
	var handlers map[string]h
	switch {
	case match(seg, "v3", "auth", "domains"):
		handlers = map[string]h{"GET": e.listDomains}
	case match(seg, "v3", "users"):
		handlers = map[string]h{"GET": e.listUsers, "POST": e.keystoneCreateUser}
	case match(seg, "v3", "users", "*"):
		id := seg[2]
		handlers = map[string]h{
			"GET":    func(q *req) { e.keystoneShowUser(q, id) },
			"PATCH":  func(q *req) { e.keystoneUpdateUser(q, id) },
			"DELETE": func(q *req) { e.deleteUser(q, id) },
		}
	case match(seg, "v3.0", "OS-USER", "users"):
		handlers = map[string]h{"POST": e.createUser}
	case match(seg, "v3.0", "OS-USER", "users", "*"):
		id := seg[3]
		handlers = map[string]h{
			"GET": func(q *req) { e.showUser(q, id) },
			"PUT": func(q *req) { e.updateUser(q, id) },
		}
	case match(seg, "v3.0", "OS-USER", "users", "*", "login-protect"):
		id := seg[3]
		handlers = map[string]h{
			"GET": func(q *req) { e.showLoginProtect(q, id) },
			"PUT": func(q *req) { e.updateLoginProtect(q, id) },
		}
	case match(seg, "v3.0", "OS-CREDENTIAL", "credentials"):
		handlers = map[string]h{"GET": e.listCredentials, "POST": e.createCredential}
	case match(seg, "v3.0", "OS-CREDENTIAL", "credentials", "*"):
		ak := seg[3]
		handlers = map[string]h{
			"GET":    func(q *req) { e.showCredential(q, ak) },
			"PUT":    func(q *req) { e.updateCredential(q, ak) },
			"DELETE": func(q *req) { e.deleteCredential(q, ak) },
		}
	default:
		if handlers = e.permissionRoutes(seg); handlers == nil {
			q.keystoneError(http.StatusNotFound, "Not Found", "The resource could not be found.")
			return
		}
	}
	if f, ok := handlers[m]; ok {
		f(q)
		return
	}
	q.keystoneError(http.StatusMethodNotAllowed, "Method Not Allowed", "The method specified in the request is not allowed for the requested resource.")
}

func match(seg []string, pattern ...string) bool {
	if len(seg) != len(pattern) {
		return false
	}
	for i, p := range pattern {
		if p == "*" {
			if seg[i] == "" {
				return false
			}
			continue
		}
		if seg[i] != p {
			return false
		}
	}
	return true
}

// writeJSON writes v with status.
func (q *req) writeJSON(status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	q.w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	q.w.WriteHeader(status)
	_, _ = q.w.Write(buf.Bytes())
}

func (q *req) noContent() { q.w.WriteHeader(http.StatusNoContent) }

// huaweiError writes the v3.0 / API gateway error shape.
func (q *req) huaweiError(status int, code, msg string) {
	q.writeJSON(status, map[string]any{"error_code": code, "error_msg": msg, "request_id": q.rid})
}

// keystoneError writes Keystone's error shape, whose code is the HTTP status.
func (q *req) keystoneError(status int, title, msg string) {
	q.writeJSON(status, map[string]any{"error": map[string]any{"code": status, "message": msg, "title": title}})
}

// conflict writes the hybrid 409 seen from IAM for a duplicate.
func (q *req) conflict(msg string) {
	q.writeJSON(http.StatusConflict, map[string]any{"error": map[string]any{
		"code": http.StatusConflict, "error_code": nil, "error_msg": nil, "title": "Conflict",
		"message": "Conflict occurred attempting to store user - Duplicate entry: " + msg,
	}})
}

// decode reads the JSON body into v; false (after writing 400) when it cannot.
func (q *req) decode(v any) bool {
	if len(bytes.TrimSpace(q.body)) == 0 || json.Unmarshal(q.body, v) != nil {
		q.huaweiError(http.StatusBadRequest, "IAM.0011", "Request body is invalid.")
		return false
	}
	return true
}

// baseURL is the scheme and host the request reached, for links.
func (q *req) baseURL() string {
	scheme := "http"
	if q.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + q.r.Host
}

func (e *Emulator) listDomains(q *req) {
	q.writeJSON(http.StatusOK, map[string]any{
		"domains": []any{map[string]any{
			"id": e.opts.domainID, "name": e.opts.domainName, "enabled": true, "description": "",
			"links": map[string]any{"self": q.baseURL() + "/v3/domains/" + e.opts.domainID},
		}},
		"links": map[string]any{"self": q.baseURL() + "/v3/auth/domains", "previous": nil, "next": nil},
	})
}
