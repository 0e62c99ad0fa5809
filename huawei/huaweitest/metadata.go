package huaweitest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Paths and headers of the ECS/BMS metadata service.
const (
	metadataTokenPath   = "/meta-data/latest/api/token"
	metadataSecurityKey = "/openstack/latest/securitykey"
	// agencyMissing is the metadata service's answer on an instance without
	// an agency; Huawei's SDK looks for this text.
	agencyMissing = "Please configure Cloud Service Agency first"
	// maxMetadataTokenTTL bounds X-Metadata-Token-Ttl-Seconds (6 hours).
	maxMetadataTokenTTL = 21600
)

// DefaultInstanceCredentialTTL is how long the instance credentials a
// MetadataServer hands out stay valid unless WithInstanceCredentialTTL says
// otherwise. Huawei does not document the lifetime of an agency's instance
// credentials; 24 hours is the emulator's choice, longer than the 40
// minutes ahead of expiry at which Huawei's SDK refreshes them.
const DefaultInstanceCredentialTTL = 24 * time.Hour

type metadataOptions struct {
	ttl           time.Duration
	v1Status      int
	tokenRequired bool
	noAgency      bool
}

// MetadataOption configures a MetadataServer.
type MetadataOption func(*metadataOptions)

// WithInstanceCredentialTTL sets the lifetime of the instance credentials
// (DefaultInstanceCredentialTTL by default; WithTemporaryCredentialTTL on
// the Emulator caps it too).
func WithInstanceCredentialTTL(d time.Duration) MetadataOption {
	return func(o *metadataOptions) { o.ttl = d }
}

// WithoutMetadataToken emulates a metadata service without session tokens
// (IMDSv1 only): PUT /meta-data/latest/api/token answers status, which
// should be 404, 405 or 503 (the answers after which Huawei's SDK goes on
// without a token).
func WithoutMetadataToken(status int) MetadataOption {
	return func(o *metadataOptions) { o.v1Status = status }
}

// WithMetadataTokenRequired refuses GET /openstack/latest/securitykey
// without a valid X-Metadata-Token (401), as an instance that enforces
// the token does.
func WithMetadataTokenRequired() MetadataOption {
	return func(o *metadataOptions) { o.tokenRequired = true }
}

// WithoutAgency emulates an instance with no agency bound: the security
// key is refused with 401 "Please configure Cloud Service Agency first".
func WithoutAgency() MetadataOption {
	return func(o *metadataOptions) { o.noAgency = true }
}

// MetadataRequests counts the requests a MetadataServer has answered.
type MetadataRequests struct {
	// Token counts PUT /meta-data/latest/api/token.
	Token int
	// SecurityKey counts GET /openstack/latest/securitykey.
	SecurityKey int
}

// MetadataServer emulates the ECS/BMS instance metadata service of an
// instance with an agency bound (http://169.254.169.254 on Huawei Cloud):
//
//	PUT /meta-data/latest/api/token      X-Metadata-Token-Ttl-Seconds: 1..21600 -> 200, the token as text
//	GET /openstack/latest/securitykey    [X-Metadata-Token] -> 200 {"credential":{"access","secret","securitytoken","expires_at"}}
//
// The credentials are temporary AK/SK of the Emulator it was started for:
// they authenticate against it, with their security token, until they
// expire. The same credentials are served until half their lifetime has
// passed (or Rotate is called); then new ones. A wrong or expired
// X-Metadata-Token is 401 (without the agency message, so clients fetch a
// new token). It is safe for concurrent use.
type MetadataServer struct {
	// URL is the metadata endpoint to configure a client with, in place of
	// http://169.254.169.254.
	URL string

	e    *Emulator
	opts metadataOptions
	srv  *httptest.Server

	mu     sync.Mutex
	cur    TemporaryCredentials
	issued time.Time
	tokens map[string]time.Time
	reqs   MetadataRequests
}

// NewMetadataServer starts a metadata service on 127.0.0.1 whose instance
// credentials are issued by e (a Server's Emulator); Close stops it.
func NewMetadataServer(e *Emulator, opts ...MetadataOption) *MetadataServer {
	o := metadataOptions{ttl: DefaultInstanceCredentialTTL}
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	m := &MetadataServer{e: e, opts: o, tokens: map[string]time.Time{}}
	m.srv = httptest.NewServer(m)
	m.URL = m.srv.URL
	return m
}

// Close stops the server.
func (m *MetadataServer) Close() { m.srv.Close() }

// Rotate makes the next GET /openstack/latest/securitykey hand out new
// credentials; the old ones stay valid until they expire.
func (m *MetadataServer) Rotate() {
	m.mu.Lock()
	m.cur = TemporaryCredentials{}
	m.mu.Unlock()
}

// Credentials returns the instance credentials served now (zero before the
// first GET /openstack/latest/securitykey or after Rotate).
func (m *MetadataServer) Credentials() TemporaryCredentials {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cur
}

// ExpireTokens revokes every X-Metadata-Token issued so far: the next
// request with one is 401, as after the token's TTL.
func (m *MetadataServer) ExpireTokens() {
	m.mu.Lock()
	clear(m.tokens)
	m.mu.Unlock()
}

// Requests returns how many requests of each kind were answered.
func (m *MetadataServer) Requests() MetadataRequests {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.reqs
}

// ServeHTTP serves the token and security-key paths.
func (m *MetadataServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case metadataTokenPath:
		if r.Method != http.MethodPut {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		m.putToken(w, r)
	case metadataSecurityKey:
		if r.Method != http.MethodGet {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		m.securityKey(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (m *MetadataServer) putToken(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.reqs.Token++
	m.mu.Unlock()
	if m.opts.v1Status != 0 {
		http.Error(w, http.StatusText(m.opts.v1Status), m.opts.v1Status)
		return
	}
	ttl, err := strconv.Atoi(r.Header.Get("X-Metadata-Token-Ttl-Seconds"))
	if err != nil || ttl < 1 || ttl > maxMetadataTokenTTL {
		http.Error(w, "X-Metadata-Token-Ttl-Seconds must be from 1 to 21600", http.StatusBadRequest)
		return
	}
	tok := randomString(alnum, 56)
	now := m.e.st.Now()
	m.mu.Lock()
	for k, exp := range m.tokens {
		if !now.Before(exp) {
			delete(m.tokens, k)
		}
	}
	m.tokens[tok] = now.Add(time.Duration(ttl) * time.Second)
	m.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("X-Metadata-Token-Ttl-Seconds", strconv.Itoa(ttl))
	_, _ = w.Write([]byte(tok))
}

func (m *MetadataServer) securityKey(w http.ResponseWriter, r *http.Request) {
	now := m.e.st.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reqs.SecurityKey++
	if tok := r.Header.Get("X-Metadata-Token"); tok != "" {
		if exp, ok := m.tokens[tok]; !ok || !now.Before(exp) {
			http.Error(w, "Unauthorized: the metadata token is invalid or expired", http.StatusUnauthorized)
			return
		}
	} else if m.opts.tokenRequired {
		http.Error(w, "Unauthorized: X-Metadata-Token is required", http.StatusUnauthorized)
		return
	}
	if m.opts.noAgency {
		http.Error(w, agencyMissing, http.StatusUnauthorized)
		return
	}
	if m.cur.AccessKeyID == "" || !now.Before(m.issued.Add(m.cur.ExpiresAt.Sub(m.issued)/2)) {
		m.cur = m.e.issueTemp("", m.opts.ttl)
		m.issued = now
	}
	q := &req{w: w, r: r, rid: requestID()}
	q.writeJSON(http.StatusOK, map[string]any{"credential": map[string]any{
		"access": m.cur.AccessKeyID, "secret": m.cur.SecretAccessKey, "securitytoken": m.cur.SecurityToken,
		"expires_at": m.cur.ExpiresAt.UTC().Format(keystoneTimeLayout),
	}})
}
