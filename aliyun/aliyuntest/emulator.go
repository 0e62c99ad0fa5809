package aliyuntest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/internal/store"
	"github.com/cloudiam-go/cloudiam/signer"
)

// API versions the emulator serves.
const (
	ramVersion  = "2015-05-01"
	eiamVersion = "2021-12-01"
)

// Default identities of a new Emulator's EIAM instance.
const (
	// DefaultInstanceID is the EIAM instance a new Emulator serves.
	DefaultInstanceID = "idaas_emulatorinstance00000001"
	// DefaultOrganizationalUnitID is the instance's root organizational unit.
	DefaultOrganizationalUnitID = "ou_emulatorrootunit0000000001"
)

// Emulator is an in-process fake of Alibaba Cloud RAM (2015-05-01) and IDaaS
// EIAM (2021-12-01) behind one http.Handler. It dispatches on the action and
// version (x-acs-action / x-acs-version for ACS3-HMAC-SHA256, the Action and
// Version parameters for the HMAC-SHA1 RPC signature), verifies the
// signature of every request, and keeps RAM and EIAM state apart. It is safe
// for concurrent use.
type Emulator struct {
	opts options
	ram  *store.Store // the account: RAM users, their keys (which authenticate), nonces
	eiam *store.Store // the EIAM instance's accounts and passwords

	mu           sync.Mutex
	clientTokens map[string]string // EIAM CreateUser ClientToken -> UserId
	ramIAM       *ramIAM           // RAM groups, policies, roles, attachments
	eiamGroups   *eiamGroupState   // EIAM groups and memberships
	sts          *stsState         // temporary credentials issued (sts.go, metadata.go)
}

type options struct {
	accessKeyID, secret, token string
	instanceID, ouID           string
	now                        func() time.Time
	maxKeys                    int
	customFields               []string
	organizationalUnits        map[string]string // id -> name
	ramLimits                  RAMLimits
	temp                       tempConfig // STS and the instance role (sts.go)
}

// Option configures an Emulator.
type Option func(*options)

// WithCredentials sets the account's root access key, which signs requests
// as the account itself (its own CreateAccessKey and ListAccessKeys without
// a UserName address the account's keys). Without it the key is random;
// Credentials reports it either way.
func WithCredentials(accessKeyID, secret string) Option {
	return func(o *options) { o.accessKeyID, o.secret = accessKeyID, secret }
}

// WithSessionToken makes the root key temporary STS credentials: every
// request signed with it must carry the token (the x-acs-security-token
// header with ACS3-HMAC-SHA256, the SecurityToken parameter with
// HMAC-SHA1), or it is refused with InvalidSecurityToken.Mismatch.
func WithSessionToken(token string) Option { return func(o *options) { o.token = token } }

// WithInstanceID sets the EIAM instance id the emulator serves.
func WithInstanceID(id string) Option { return func(o *options) { o.instanceID = id } }

// WithOrganizationalUnitID sets the id of the instance's root organizational unit.
func WithOrganizationalUnitID(id string) Option { return func(o *options) { o.ouID = id } }

// WithOrganizationalUnit adds an organizational unit users may belong to.
func WithOrganizationalUnit(id, name string) Option {
	return func(o *options) { o.organizationalUnits[id] = name }
}

// WithCustomFields defines the EIAM extended fields CreateUser and
// UpdateUser accept (default: nick_name, age, department). As on the real
// service, other field names are refused.
func WithCustomFields(names ...string) Option {
	return func(o *options) { o.customFields = append(o.customFields, names...) }
}

// WithClock sets the emulator's clock (signature time window, timestamps).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithMaxAccessKeysPerUser changes RAM's limit of 2 access keys per user.
func WithMaxAccessKeysPerUser(n int) Option { return func(o *options) { o.maxKeys = n } }

// New returns an Emulator with one root access key (Credentials), one EIAM
// instance (InstanceID) and its root organizational unit (OrganizationalUnitID).
func New(opts ...Option) *Emulator {
	o := options{
		instanceID: DefaultInstanceID, ouID: DefaultOrganizationalUnitID,
		now: time.Now, maxKeys: 2,
		organizationalUnits: map[string]string{},
		ramLimits:           DefaultRAMLimits(),
	}
	for _, f := range opts {
		f(&o)
	}
	if o.accessKeyID == "" {
		o.accessKeyID, o.secret = "LTAI5t"+randomFrom(alnum, 18), randomFrom(alnum, 30)
	}
	if len(o.customFields) == 0 {
		o.customFields = []string{"nick_name", "age", "department"}
	}
	if _, ok := o.organizationalUnits[o.ouID]; !ok {
		o.organizationalUnits[o.ouID] = "Root"
	}
	clock := func() time.Time { return o.now().UTC().Truncate(time.Second) }
	e := &Emulator{
		opts: o,
		ram: store.New(store.Options{
			MaxAccessKeysPerUser: o.maxKeys,
			NewUserID:            func() string { return "2" + randomFrom(digits, 15) },
			NewAccessKeyID:       func() string { return "LTAI5t" + randomFrom(alnum, 18) },
			NewSecret:            func() string { return randomFrom(alnum, 30) },
			Now:                  clock,
		}),
		eiam: store.New(store.Options{
			NewUserID: func() string { return "user_" + randomFrom(lowerAlnum, 26) },
			Now:       clock,
		}),
		clientTokens: map[string]string{},
		eiamGroups:   newEIAMGroupState(),
		sts:          newSTSState(o.temp),
	}
	e.ramIAM = newRAMIAM(o.ramLimits, e.ram.Now())
	e.ram.AddRootKey(o.accessKeyID, o.secret)
	return e
}

// Credentials returns the root access key the emulator accepts.
func (e *Emulator) Credentials() (accessKeyID, secret string) {
	return e.opts.accessKeyID, e.opts.secret
}

// SessionToken returns the token of WithSessionToken, or "" when the root
// key is a long-term key.
func (e *Emulator) SessionToken() string { return e.opts.token }

// InstanceID returns the EIAM instance id.
func (e *Emulator) InstanceID() string { return e.opts.instanceID }

// OrganizationalUnitID returns the id of the instance's root organizational unit.
func (e *Emulator) OrganizationalUnitID() string { return e.opts.ouID }

// Server is an Emulator listening on a loopback port.
type Server struct {
	*Emulator
	// URL is the endpoint, "http://127.0.0.1:<port>", of RAM, EIAM and STS.
	URL string
	// MetadataURL is the emulated ECS instance metadata service
	// (MetadataHandler), "http://127.0.0.1:<port>", standing in for
	// http://100.100.100.200.
	MetadataURL string
	srv, md     *httptest.Server
}

// NewServer starts an Emulator on 127.0.0.1, and its metadata service on
// another port. Close it when done.
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

// request is one decoded call.
type request struct {
	action, version string
	params          url.Values
	host            string
	requestID       string
	caller          store.AccessKey // the key that signed the request
}

// apiError is an error answer.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func errf(status int, code, message string) *apiError {
	return &apiError{status: status, code: code, message: message}
}

func missing(name string) *apiError {
	return errf(400, "MissingParameter", `The input parameter "`+name+`" that is mandatory for processing this request is not supplied.`)
}

// ServeHTTP implements http.Handler.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := &request{requestID: newRequestID(), host: r.Host}
	var body []byte
	var err error
	if r.Body != nil {
		body, err = io.ReadAll(io.LimitReader(r.Body, 1<<20))
	}
	if err != nil {
		e.writeError(w, req, errf(400, "InvalidParameter", "cannot read the request body"))
		return
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		e.writeError(w, req, errf(405, "UnsupportedHTTPMethod", "This http method is not supported."))
		return
	}
	if r.URL.Path != "/" && r.URL.Path != "" {
		e.writeError(w, req, errf(404, "InvalidApi.NotFound", "Specified api is not found, please check your url and method."))
		return
	}
	params := r.URL.Query()
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" && len(body) > 0 {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			e.writeError(w, req, errf(400, "InvalidParameter", "the form body is malformed"))
			return
		}
		for k, v := range form {
			params[k] = append(params[k], v...)
		}
	}
	req.params = params
	acs3 := strings.HasPrefix(r.Header.Get("Authorization"), signer.NameACS3)
	if acs3 || params.Get("Signature") == "" {
		req.action, req.version = r.Header.Get("x-acs-action"), r.Header.Get("x-acs-version")
	} else {
		req.action, req.version = params.Get("Action"), params.Get("Version")
	}
	if !acs3 && req.action == "" && req.version == "" {
		// An unsigned RPC call: STS AssumeRoleWithOIDC is one.
		req.action, req.version = params.Get("Action"), params.Get("Version")
	}
	if !anonymous(req) {
		if apiErr := e.authenticate(r, body, acs3, req); apiErr != nil {
			e.writeError(w, req, apiErr)
			return
		}
	}
	var out any
	switch req.version {
	case ramVersion:
		out, err = e.ramAction(req)
	case eiamVersion:
		out, err = e.eiamAction(req)
	case stsVersion:
		out, err = e.stsAction(req)
	case "":
		err = missing("Version")
	default:
		err = errf(400, "InvalidVersion", "Specified parameter Version is not valid.")
	}
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			ae = errf(500, "InternalError", "The request processing has failed due to some unknown error.")
		}
		e.writeError(w, req, ae)
		return
	}
	e.writeJSON(w, req, http.StatusOK, out)
}

// authenticate verifies the signature with the matching algorithm.
func (e *Emulator) authenticate(r *http.Request, body []byte, acs3 bool, req *request) *apiError {
	var inactive, temporary bool
	var key store.AccessKey
	vp := &signer.VerifyParams{
		Now: e.ram.Now(),
		Lookup: func(id string) (signer.Credentials, bool) {
			k, err := e.ram.AccessKey(id)
			if err != nil {
				creds, ok := e.sts.lookup(id)
				if ok {
					// A role session acts as the account: the emulator
					// keeps no RAM roles or permissions.
					temporary, key = true, store.AccessKey{ID: id, Active: true}
				}
				return creds, ok
			}
			if !k.Active {
				inactive = true
				return signer.Credentials{}, false
			}
			key = k
			creds := signer.Credentials{AccessKeyID: k.ID, SecretAccessKey: k.Secret}
			if k.ID == e.opts.accessKeyID {
				creds.SecurityToken = e.opts.token
			}
			return creds, true
		},
		SeenNonce: func(id, nonce string) bool { return e.ram.SeenNonce(id, nonce, e.ram.Now()) },
	}
	var stringToSign string
	vp.Debug = func(d signer.Debug) { stringToSign = d.StringToSign }
	var err error
	switch {
	case acs3:
		_, err = signer.ACS3{}.Verify(r, body, vp)
	case req.params.Get("Signature") != "":
		if req.params.Get("SignatureMethod") != "HMAC-SHA1" {
			return errf(400, "InvalidSignatureMethod", "Specified signature method is not valid.")
		}
		if req.params.Get("SignatureVersion") != "1.0" {
			return errf(400, "InvalidSignatureVersion", "Specified signature version is not valid.")
		}
		if req.params.Get("AccessKeyId") == "" {
			return missing("AccessKeyId")
		}
		if req.params.Get("SignatureNonce") == "" {
			return missing("SignatureNonce")
		}
		if req.params.Get("Timestamp") == "" {
			return missing("Timestamp")
		}
		_, err = signer.RPC{}.Verify(r, body, vp)
	default:
		if r.Header.Get("Authorization") != "" {
			return errf(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.")
		}
		return errf(400, "IncompleteSignature", "The request is not signed: send an ACS3-HMAC-SHA256 Authorization header or the HMAC-SHA1 Signature parameter.")
	}
	switch {
	case err == nil && temporary && e.sts.expired(key.ID, e.ram.Now()):
		return errf(400, codeTokenExpired, "Specified SecurityToken is expired.")
	case err == nil:
		req.caller = key
		e.ram.TouchAccessKey(key.ID, e.ram.Now())
		return nil
	case errors.Is(err, signer.ErrUnknownAccessKey) && inactive:
		return errf(400, "InvalidAccessKeyId.Inactive", "Specified access key is disabled.")
	case errors.Is(err, signer.ErrUnknownAccessKey):
		return errf(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
	case errors.Is(err, signer.ErrSignatureMismatch), errors.Is(err, signer.ErrBodyMismatch):
		return errf(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation. server string to sign is:"+stringToSign)
	case errors.Is(err, signer.ErrExpired):
		return errf(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
	case errors.Is(err, signer.ErrReplayedNonce):
		return errf(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
	case errors.Is(err, signer.ErrInvalidToken):
		return errf(400, "InvalidSecurityToken.Mismatch", "Specified SecurityToken is not valid.")
	default:
		return errf(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.")
	}
}

func (e *Emulator) hostID(req *request) string {
	switch req.version {
	case eiamVersion:
		return "eiam.cn-hangzhou.aliyuncs.com"
	case stsVersion:
		return "sts.aliyuncs.com"
	}
	return "ram.aliyuncs.com"
}

func (e *Emulator) writeError(w http.ResponseWriter, req *request, ae *apiError) {
	product := "Ram"
	switch req.version {
	case eiamVersion:
		product = "Eiam"
	case stsVersion:
		product = "Sts"
	}
	e.writeJSON(w, req, ae.status, map[string]string{
		"RequestId": req.requestID,
		"HostId":    e.hostID(req),
		"Code":      ae.code,
		"Message":   ae.message,
		"Recommend": "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(ae.code) + "&product=" + product + "&requestId=" + req.requestID,
	})
}

func (e *Emulator) writeJSON(w http.ResponseWriter, req *request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = 500, []byte(`{"Code":"InternalError"}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("x-acs-request-id", req.requestID)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

const (
	digits     = "0123456789"
	alnum      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
)

func randomFrom(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// newRequestID returns an id shaped like Alibaba's (8-4-4-4-12 upper-case hex).
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := strings.ToUpper(hex.EncodeToString(b[:]))
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
