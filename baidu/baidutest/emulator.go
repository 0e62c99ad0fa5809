package baidutest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/internal/store"
	"github.com/cloudiam-go/cloudiam/signer"
)

// DefaultMaxAccessKeysPerUser is the per-user access-key limit the emulator
// enforces unless WithMaxAccessKeysPerUser says otherwise.
const DefaultMaxAccessKeysPerUser = 2

// maxBody bounds a request body; larger bodies are refused.
const maxBody = 1 << 20

type config struct {
	ak, sk  string
	token   string
	maxKeys int
	now     func() time.Time
	temp    tempConfig // STS and instance-role credentials (sts.go)

	// maxGroups, maxUsersPerGroup and maxPoliciesPerGroup are the group
	// limits (acl.go); <= 0 means none.
	maxGroups, maxUsersPerGroup, maxPoliciesPerGroup int
}

// Option configures an Emulator (New) or a Server (NewServer).
type Option func(*config)

// WithCredentials sets the account's root access key. Without it a random
// key is made; Credentials returns the key either way.
func WithCredentials(accessKeyID, secretAccessKey string) Option {
	return func(c *config) { c.ak, c.sk = accessKeyID, secretAccessKey }
}

// WithSessionToken makes the account's root key temporary (STS)
// credentials: requests signed with it must carry token in the signed
// x-bce-security-token header, as Baidu's SDKs send it, or they are refused
// with 403 InvalidSessionToken. It combines with WithCredentials or with a
// random key.
func WithSessionToken(token string) Option { return func(c *config) { c.token = token } }

// WithSessionCredentials is WithCredentials and WithSessionToken in one.
func WithSessionCredentials(accessKeyID, secretAccessKey, token string) Option {
	return func(c *config) { c.ak, c.sk, c.token = accessKeyID, secretAccessKey, token }
}

// WithMaxAccessKeysPerUser sets the per-user access-key limit (default
// DefaultMaxAccessKeysPerUser).
func WithMaxAccessKeysPerUser(n int) Option { return func(c *config) { c.maxKeys = n } }

// WithClock sets the emulator's clock, used for timestamps and for the
// signature validity window (default: the wall clock).
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// Emulator is an in-process Baidu IAM v1 service: an http.Handler that
// verifies the bce-auth-v1 signature of every request and serves the user,
// login-profile and access-key operations. Serve it with any HTTP server,
// or use NewServer. It is safe for concurrent use.
type Emulator struct {
	ak, sk string
	token  string
	now    func() time.Time
	st     *store.Store
	temp   *tempState // temporary credentials issued (sts.go, metadata.go)
	acl    *acl       // groups, policies, roles and attachments (acl.go)
}

// New returns an Emulator with an empty account whose root key is given by
// WithCredentials or made at random.
func New(opts ...Option) *Emulator {
	c := config{maxKeys: DefaultMaxAccessKeysPerUser, maxGroups: DefaultMaxGroups,
		maxUsersPerGroup: DefaultMaxUsersPerGroup, maxPoliciesPerGroup: DefaultMaxPoliciesPerGroup}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.ak == "" || c.sk == "" {
		c.ak, c.sk = "AK"+strings.ToUpper(randomHex(15)), randomHex(16)
	}
	so := store.Options{MaxAccessKeysPerUser: c.maxKeys}
	if c.now != nil {
		now := c.now
		so.Now = func() time.Time { return now().UTC().Truncate(time.Second) }
	}
	st := store.New(so)
	now := c.now
	if now == nil {
		now = st.Now
	}
	st.AddRootKey(c.ak, c.sk)
	return &Emulator{ak: c.ak, sk: c.sk, token: c.token, now: now, st: st, acl: newACL(c), temp: newTempState(c.temp)}
}

// Credentials returns the account's root access key.
func (e *Emulator) Credentials() (accessKeyID, secretAccessKey string) { return e.ak, e.sk }

// SessionToken returns the root key's session token set by WithSessionToken
// or WithSessionCredentials, or "" for long-term credentials.
func (e *Emulator) SessionToken() string { return e.token }

// Server is an Emulator listening on a loopback address. Its Emulator's
// methods (Credentials, AddUser, Users, ...) are promoted.
type Server struct {
	*Emulator
	// URL is the endpoint, http://127.0.0.1:PORT, of IAM and of STS.
	URL string
	// MetadataURL is the emulated BCC metadata service (MetadataHandler),
	// http://127.0.0.1:PORT, standing in for http://169.254.169.254.
	MetadataURL string
	srv, md     *httptest.Server
}

// NewServer starts an Emulator on 127.0.0.1 (a random port), and its
// metadata service on another. Close it when done.
func NewServer(opts ...Option) *Server {
	e := New(opts...)
	srv := httptest.NewServer(e)
	md := httptest.NewServer(e.MetadataHandler())
	return &Server{Emulator: e, URL: srv.URL, MetadataURL: md.URL, srv: srv, md: md}
}

// Close shuts the servers down.
func (s *Server) Close() {
	s.srv.Close()
	s.md.Close()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ServeHTTP authenticates the request and serves it.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := &reply{w: w, requestID: requestID(r)}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		rw.fail(http.StatusBadRequest, "InvalidHTTPRequest", "The request body could not be read.")
		return
	}
	if len(body) > maxBody {
		rw.fail(http.StatusRequestEntityTooLarge, "EntityTooLarge", "The request body is too large.")
		return
	}
	if !e.authenticate(rw, r, body) {
		return
	}
	e.route(rw, r, body)
}

// requestID echoes the client's x-bce-request-id when it looks like one,
// and makes a UUID otherwise.
func requestID(r *http.Request) string {
	if id := r.Header.Get("x-bce-request-id"); id != "" && len(id) <= 64 && !strings.ContainsAny(id, " \t\r\n\"\\") {
		return id
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// authenticate verifies bce-auth-v1 and answers with the service's error
// when the request is refused.
func (e *Emulator) authenticate(rw *reply, r *http.Request, body []byte) bool {
	inactive := false
	res, err := signer.BCE{}.Verify(r, body, &signer.VerifyParams{
		Now: e.now(),
		Lookup: func(id string) (signer.Credentials, bool) {
			k, err := e.st.AccessKey(id)
			if err != nil {
				return e.temp.lookup(id)
			}
			if !k.Active {
				inactive = true
				return signer.Credentials{}, false
			}
			c := signer.Credentials{AccessKeyID: k.ID, SecretAccessKey: k.Secret}
			if k.ID == e.ak {
				c.SecurityToken = e.token
			}
			return c, true
		},
	})
	switch {
	case err == nil && e.temp.expired(res.AccessKeyID, e.now()):
		rw.fail(http.StatusForbidden, codeInvalidSessionToken, msgExpiredToken)
	case err == nil:
		e.st.TouchAccessKey(res.AccessKeyID, e.st.Now())
		return true
	case errors.Is(err, signer.ErrMissingSignature):
		rw.fail(http.StatusUnauthorized, "AccessDenied", "The request is not signed: the Authorization header is missing.")
	case errors.Is(err, signer.ErrMalformed):
		rw.fail(http.StatusBadRequest, "InvalidHTTPAuthHeader", "The HTTP authorization header is invalid. Consult the service documentation for details.")
	case errors.Is(err, signer.ErrUnknownAccessKey) && inactive:
		rw.fail(http.StatusForbidden, "InvalidAccessKeyId", "The Access Key ID you provided is disabled.")
	case errors.Is(err, signer.ErrUnknownAccessKey):
		rw.fail(http.StatusForbidden, "InvalidAccessKeyId", "The Access Key ID you provided does not exist in our records.")
	case errors.Is(err, signer.ErrExpired):
		rw.fail(http.StatusBadRequest, "RequestExpired", "Request has expired. Timestamp is outside the validity window.")
	case errors.Is(err, signer.ErrBodyMismatch):
		rw.fail(http.StatusBadRequest, "BadDigest", "The Content-MD5 you specified did not match what we received.")
	case errors.Is(err, signer.ErrInvalidToken):
		rw.fail(http.StatusForbidden, codeInvalidSessionToken, "The security token is invalid.")
	default: // signer.ErrSignatureMismatch and anything unforeseen
		rw.fail(http.StatusBadRequest, "SignatureDoesNotMatch",
			"The request signature we calculated does not match the signature you provided. Check your Secret Access Key and signing method.")
	}
	return false
}

// route dispatches /v1/user[/{name}[/loginProfile|/accesskey[/{id}]]] and
// STS's /v1/sessionToken and /v1/credential.
func (e *Emulator) route(rw *reply, r *http.Request, body []byte) {
	if e.serveSTS(rw, r, body) {
		return
	}
	raw := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
	segs := make([]string, len(raw))
	for i, s := range raw {
		v, err := url.PathUnescape(s)
		if err != nil {
			rw.fail(http.StatusBadRequest, "InvalidURI", "Could not parse the specified URI.")
			return
		}
		segs[i] = v
	}
	// Groups, policies, roles and the account summary (acl.go).
	if len(segs) >= 2 && segs[0] == "v1" && e.routeACL(rw, r, segs[1:], body) {
		return
	}
	if len(segs) < 2 || segs[0] != "v1" || segs[1] != "user" {
		rw.fail(http.StatusNotFound, "InvalidURI", "Could not parse the specified URI.")
		return
	}
	segs = segs[2:]
	var res string
	switch {
	case len(segs) == 0:
		res = "users"
	case len(segs) == 1:
		res = "user"
	case len(segs) == 2 && segs[1] == "loginProfile":
		res = "loginProfile"
	case len(segs) == 2 && segs[1] == "accesskey":
		res = "accesskeys"
	case len(segs) == 3 && segs[1] == "accesskey":
		res = "accesskey"
	default:
		rw.fail(http.StatusNotFound, "InvalidURI", "Could not parse the specified URI.")
		return
	}
	switch res + " " + r.Method {
	case "users POST":
		e.createUser(rw, body)
	case "users GET":
		e.listUsers(rw)
	case "user GET":
		e.getUser(rw, segs[0])
	case "user PUT":
		e.updateUser(rw, segs[0], body)
	case "user DELETE":
		e.deleteUser(rw, segs[0])
	case "loginProfile PUT":
		e.updateLoginProfile(rw, segs[0], body)
	case "loginProfile GET":
		e.getLoginProfile(rw, segs[0])
	case "loginProfile DELETE":
		e.deleteLoginProfile(rw, segs[0])
	case "accesskeys POST":
		e.createAccessKey(rw, segs[0])
	case "accesskeys GET":
		e.listAccessKeys(rw, segs[0])
	case "accesskey PUT":
		e.setAccessKey(rw, segs[0], segs[2], r.URL.RawQuery)
	case "accesskey DELETE":
		e.deleteAccessKey(rw, segs[0], segs[2])
	default:
		rw.fail(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
	}
}
