package aliyuntest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Paths of the ECS instance metadata service (http://100.100.100.200 on
// Alibaba Cloud) that the emulator serves.
const (
	// MetadataTokenPath gives a metadata token to a PUT with the
	// X-aliyun-ecs-metadata-token-ttl-seconds header.
	MetadataTokenPath = "/latest/api/token"
	// MetadataRolePath names the instance's RAM role; followed by the role's
	// name, it gives the role's temporary credentials.
	MetadataRolePath = "/latest/meta-data/ram/security-credentials/"
)

// MetadataTokenMode is how the emulated metadata service treats metadata
// tokens (WithMetadataToken).
type MetadataTokenMode int

const (
	// MetadataTokenOptional, the default, serves requests with a valid
	// token and requests without one (Alibaba's "normal" mode).
	MetadataTokenOptional MetadataTokenMode = iota
	// MetadataTokenRequired refuses requests without a token with 403
	// (Alibaba's hardened, token-only mode).
	MetadataTokenRequired
	// MetadataTokenUnsupported answers the token PUT with 404, as a
	// metadata service without tokens would, and ignores the token header.
	MetadataTokenUnsupported
)

// WithMetadataToken sets how the metadata service treats metadata tokens.
func WithMetadataToken(mode MetadataTokenMode) Option {
	return func(o *options) { o.temp.tokenMode = mode }
}

// MetadataRequest is one request the metadata service received.
type MetadataRequest struct {
	// Method and Path are the request's.
	Method, Path string
	// Token says whether it carried X-aliyun-ecs-metadata-token (valid or
	// not).
	Token bool
}

// MetadataRequests lists the requests the metadata service received, in
// order (tests check that a client asks for a token first, or asks
// nothing until it needs credentials).
func (e *Emulator) MetadataRequests() []MetadataRequest {
	e.sts.mu.Lock()
	defer e.sts.mu.Unlock()
	return append([]MetadataRequest(nil), e.sts.requests...)
}

// MetadataHandler returns the emulated ECS instance metadata service:
//
//	PUT MetadataTokenPath          with X-aliyun-ecs-metadata-token-ttl-seconds (1-21600):
//	                               a token, valid that many seconds (400 without a valid TTL)
//	GET MetadataRolePath           the name of the role of WithInstanceRole (404 without one)
//	GET MetadataRolePath + <role>  {"Code":"Success","AccessKeyId","AccessKeySecret",
//	                               "SecurityToken","Expiration","LastUpdated"}
//	                               (404 for another role)
//
// A GET with X-aliyun-ecs-metadata-token must carry a token the service
// gave and that has not expired (401 otherwise); without one it is served
// unless WithMetadataToken(MetadataTokenRequired) (403). The credentials
// authenticate against the emulator's RAM and EIAM, with their security
// token, until they expire; they are replaced every rotation period
// (WithInstanceRoleRotation, RotateInstanceRole). Any other path is 404.
// Tests that need the service to fail wrap this handler.
func (e *Emulator) MetadataHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := e.sts
		_, hasToken := r.Header[http.CanonicalHeaderKey("X-aliyun-ecs-metadata-token")]
		now := e.ram.Now()
		s.mu.Lock()
		s.requests = append(s.requests, MetadataRequest{Method: r.Method, Path: r.URL.Path, Token: hasToken})
		mode := s.cfg.tokenMode
		s.mu.Unlock()
		text := func(status int, body string) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}
		if r.URL.Path == MetadataTokenPath {
			if mode == MetadataTokenUnsupported {
				text(http.StatusNotFound, "Not Found")
				return
			}
			if r.Method != http.MethodPut {
				w.Header().Set("Allow", http.MethodPut)
				text(http.StatusMethodNotAllowed, "Method Not Allowed")
				return
			}
			ttl, err := strconv.Atoi(strings.TrimSpace(r.Header.Get("X-aliyun-ecs-metadata-token-ttl-seconds")))
			if err != nil || ttl < 1 || ttl > 21600 {
				text(http.StatusBadRequest, "X-aliyun-ecs-metadata-token-ttl-seconds must be from 1 to 21600")
				return
			}
			token := randomFrom(alnum, 56)
			s.mu.Lock()
			for t, exp := range s.tokens {
				if !now.Before(exp) {
					delete(s.tokens, t)
				}
			}
			s.tokens[token] = now.Add(time.Duration(ttl) * time.Second)
			s.mu.Unlock()
			text(http.StatusOK, token)
			return
		}
		if !strings.HasPrefix(r.URL.Path, MetadataRolePath) {
			text(http.StatusNotFound, "Not Found")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			text(http.StatusMethodNotAllowed, "Method Not Allowed")
			return
		}
		switch {
		case mode == MetadataTokenUnsupported:
		case hasToken:
			s.mu.Lock()
			exp, ok := s.tokens[r.Header.Get("X-aliyun-ecs-metadata-token")]
			s.mu.Unlock()
			if !ok || !now.Before(exp) {
				text(http.StatusUnauthorized, "Unauthorized")
				return
			}
		case mode == MetadataTokenRequired:
			text(http.StatusForbidden, "Forbidden")
			return
		}
		role := strings.TrimPrefix(r.URL.Path, MetadataRolePath)
		c, ok := s.instanceCreds(now, false)
		switch {
		case !ok:
			text(http.StatusNotFound, "Not Found")
		case role == "":
			text(http.StatusOK, c.RoleName)
		case role != c.RoleName:
			text(http.StatusNotFound, "Not Found")
		default:
			b, _ := json.Marshal(struct {
				Code string `json:"Code"`
				stsCredentials
				LastUpdated string `json:"LastUpdated"`
			}{"Success", c.wire(), ramDate(c.IssuedAt)})
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(b)
		}
	})
}

// RotateInstanceRole replaces the instance role's credentials now, before
// the rotation period ends; the previous ones stay valid until they
// expire. It does nothing without WithInstanceRole.
func (e *Emulator) RotateInstanceRole() { e.sts.instanceCreds(e.ram.Now(), true) }
