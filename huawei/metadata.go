package huawei

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// The ECS/BMS metadata service's paths and headers.
const (
	metadataTokenPath       = "/meta-data/latest/api/token"
	metadataSecurityKeyPath = "/openstack/latest/securitykey"
	metadataTokenTTL        = 21600 // seconds, as Huawei's SDK asks
	// metadataV1Recheck is how long an instance whose metadata service has
	// no tokens (404, 405, 503 to the token request) is read without one
	// before asking again, as Huawei's SDK does.
	metadataV1Recheck = 24 * time.Hour
	// agencyMissing is in the 401 answer of an instance without an agency.
	agencyMissing = "Please configure Cloud Service Agency first"
)

// MetadataCredentials returns, cached, the temporary AK/SK of the agency
// bound to the ECS or BMS instance the program runs on, from its metadata
// service (CredentialsOptions.MetadataEndpoint, http://169.254.169.254 by
// default), as Huawei's SDKs read them:
//
//  1. PUT /meta-data/latest/api/token with X-Metadata-Token-Ttl-Seconds:
//     21600: a session token, kept until shortly before its TTL ends; a 404,
//     405 or 503 means a service without tokens, read without one (and
//     asked again after 24 hours);
//  2. GET /openstack/latest/securitykey with X-Metadata-Token:
//     {"credential":{"access","secret","securitytoken","expires_at"}} (the
//     spellings accessKeyId, secretAccessKey, securityToken and expiration
//     are read too). A 401 whose body lacks "Please configure Cloud Service
//     Agency first" fetches a new token and asks once more.
//
// Each request is bounded to 3 seconds (connecting to 1 s with the default
// client, never through a proxy) and the whole exchange to 5. No service
// answering, and an instance without an agency, match
// iam.ErrNoCredentials. The credentials carry no account id: clients look
// it up (GET /v3/auth/domains) unless Config.DomainID is set.
func MetadataCredentials(o CredentialsOptions) *iam.CredentialsCache {
	return o.cache(newMetadataSource(o), o.refreshBefore())
}

type metadataSource struct {
	o        CredentialsOptions
	endpoint string

	mu       sync.Mutex // one token exchange at a time
	token    string
	tokenEnd time.Time // when to fetch a new token
	v1Until  time.Time // read without a token until then
}

func newMetadataSource(o CredentialsOptions) *metadataSource {
	ep := strings.TrimRight(o.MetadataEndpoint, "/")
	if ep == "" {
		ep = DefaultMetadataEndpoint
	}
	return &metadataSource{o: o, endpoint: ep}
}

// metadataError is a failed metadata request, with its status and
// Huawei's code when the body has one (never the body itself).
func (s *metadataSource) error(op string, status int, body []byte, kind iam.Kind, msg string) error {
	code, _, _, _ := parseError(body)
	if kind == "" {
		kind = statusKind(status)
	}
	return &iam.Error{Provider: Scheme, Op: op, StatusCode: status, Code: code, Kind: kind,
		Message: msg + " (metadata service " + s.endpoint + ")"}
}

// do sends one metadata request, bounded in time and size.
func (s *metadataSource) do(ctx context.Context, method, path string, header http.Header) (int, []byte, error) {
	rctx, cancel := context.WithTimeout(ctx, metadataRequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, method, s.endpoint+path, http.NoBody)
	if err != nil {
		return 0, nil, &iam.Error{Provider: Scheme, Op: "Credentials", Kind: iam.ErrInvalidArgument, Message: "bad metadata endpoint " + s.endpoint, Err: err}
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := s.o.metadataClient().Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, b, nil
}

// fetchToken asks for a session token. strict (after a 401) makes a
// service without tokens an error.
func (s *metadataSource) fetchToken(ctx context.Context, strict bool) error {
	const op = "GetMetadataToken"
	now := time.Now()
	status, body, err := s.do(ctx, http.MethodPut, metadataTokenPath,
		http.Header{"X-Metadata-Token-Ttl-Seconds": {strconv.Itoa(metadataTokenTTL)}})
	if err != nil {
		if ctx.Err() != nil {
			return &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrUnavailable, Message: "waiting for the metadata service", Err: ctx.Err()}
		}
		// Nothing answers: not an ECS or BMS instance.
		return noCredentials("no metadata service answers at " + s.endpoint + " (" + networkReason(err) + ")")
	}
	switch {
	case status == http.StatusOK:
		tok := strings.TrimSpace(string(body))
		if tok == "" {
			return s.error(op, status, nil, iam.ErrInvalidResponse, "empty metadata token")
		}
		s.token, s.tokenEnd = tok, now.Add(metadataTokenTTL*time.Second-time.Minute)
		return nil
	case !strict && (status == http.StatusNotFound || status == http.StatusMethodNotAllowed || status == http.StatusServiceUnavailable):
		s.token, s.v1Until = "", now.Add(metadataV1Recheck)
		return nil
	}
	return s.error(op, status, body, "", "PUT "+metadataTokenPath+" answered "+strconv.Itoa(status))
}

func (s *metadataSource) Retrieve(ctx context.Context) (iam.Credentials, error) {
	const op = "GetSecurityKey"
	if err := ctx.Err(); err != nil {
		return iam.Credentials{}, &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrUnavailable, Message: "waiting for the metadata service", Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, metadataTotalTimeout)
	defer cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if (s.token == "" || !now.Before(s.tokenEnd)) && !now.Before(s.v1Until) {
		if err := s.fetchToken(ctx, false); err != nil {
			return iam.Credentials{}, err
		}
	}
	get := func() (int, []byte, error) {
		var h http.Header
		if s.token != "" {
			h = http.Header{"X-Metadata-Token": {s.token}}
		}
		return s.do(ctx, http.MethodGet, metadataSecurityKeyPath, h)
	}
	status, body, err := get()
	if err == nil && status == http.StatusUnauthorized && !bytes.Contains(body, []byte(agencyMissing)) {
		// The token expired or was refused: a new one, and once more.
		s.token, s.v1Until = "", time.Time{}
		if err := s.fetchToken(ctx, true); err != nil {
			return iam.Credentials{}, err
		}
		status, body, err = get()
	}
	switch {
	case err != nil:
		if ctx.Err() != nil {
			return iam.Credentials{}, &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrUnavailable, Message: "waiting for the metadata service", Err: ctx.Err()}
		}
		if s.token == "" {
			// No token exchange answered either: no metadata service.
			return iam.Credentials{}, noCredentials("no metadata service answers at " + s.endpoint + " (" + networkReason(err) + ")")
		}
		return iam.Credentials{}, &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrUnavailable,
			Message: "metadata service " + s.endpoint + ": " + networkReason(err)}
	case status == http.StatusUnauthorized && bytes.Contains(body, []byte(agencyMissing)):
		return iam.Credentials{}, noCredentials("the instance has no agency (" + agencyMissing + ")")
	case status != http.StatusOK:
		return iam.Credentials{}, s.error(op, status, body, "", "GET "+metadataSecurityKeyPath+" answered "+strconv.Itoa(status))
	}
	var env temporaryEnvelope
	if json.Unmarshal(body, &env) != nil || env.Credential == nil {
		return iam.Credentials{}, s.error(op, status, nil, iam.ErrInvalidResponse, "the security key is not a JSON object with a credential")
	}
	t := env.Credential.temporary()
	if !t.complete() {
		return iam.Credentials{}, s.error(op, status, nil, iam.ErrInvalidResponse,
			"the security key lacks access, secret, securitytoken or a readable expires_at")
	}
	return t.Credentials("metadata"), nil
}

// networkReason says why a request got no answer, in a few words (no URL,
// no header).
func networkReason(err error) string {
	var ne interface{ Timeout() bool }
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	case strings.Contains(err.Error(), "connection refused"):
		return "connection refused"
	case strings.Contains(err.Error(), "no route to host"), strings.Contains(err.Error(), "network is unreachable"):
		return "unreachable"
	}
	return "no answer"
}
