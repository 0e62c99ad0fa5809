package signer

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Algorithm names, as they appear in the vectors and in Authorization values.
const (
	NameBCE    = "bce-auth-v1"
	NameHuawei = "SDK-HMAC-SHA256"
	NameACS3   = "ACS3-HMAC-SHA256"
	NameRPC    = "HMAC-SHA1-RPC"
)

// Credentials are what a request is signed with. The zero SecurityToken means
// long-term keys; a non-empty one means temporary (STS) credentials, and each
// algorithm puts it where its cloud expects it.
//
// Credentials format as "{AccessKeyID [REDACTED]}" so they can be logged.
type Credentials struct {
	// AccessKeyID is the access key id (the AK) the signature names.
	AccessKeyID string
	// SecretAccessKey is the secret (the SK) the signature is computed
	// with; it is never sent.
	SecretAccessKey string
	// SecurityToken is the STS token of temporary credentials, sent as
	// x-bce-security-token (bce-auth-v1), X-Security-Token
	// (SDK-HMAC-SHA256), x-acs-security-token (ACS3) or the SecurityToken
	// parameter (RPC); empty for long-term keys.
	SecurityToken string
}

// String hides the secret and the token.
func (c Credentials) String() string { return "{" + c.AccessKeyID + " [REDACTED]}" }

// GoString hides the secret and the token under %#v.
func (c Credentials) GoString() string {
	return fmt.Sprintf("signer.Credentials{AccessKeyID:%q, SecretAccessKey:\"[REDACTED]\"}", c.AccessKeyID)
}

// Format hides the secret and the token under every verb.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(c.GoString()))
		return
	}
	_, _ = f.Write([]byte(c.String()))
}

// Debug is what a signer hands to a DebugFunc: the intermediate strings of a
// signature, never the secret or a key derived from it. The security token
// of temporary credentials, which every algorithm signs, appears as
// [REDACTED]. Comparing them with
// the server's own (Alibaba puts its string to sign in the error message) is
// the quickest way to learn why a cloud rejects a signature.
type Debug struct {
	// Algorithm is the name of the algorithm, one of the Name* constants.
	Algorithm string
	// CanonicalRequest is the canonical request the signature covers; for
	// RPC, the sorted and escaped parameter string.
	CanonicalRequest string
	// StringToSign is the string the signature's HMAC is computed over
	// (SDK-HMAC-SHA256, ACS3, RPC); for bce-auth-v1, which signs the
	// canonical request itself, the auth string prefix
	// bce-auth-v1/{accessKeyId}/{timestamp}/{expiration} that the signing
	// key is derived from.
	StringToSign string
}

// DebugFunc receives the intermediate strings of every signature it is given to.
type DebugFunc func(Debug)

// SignParams are the inputs of Sign besides the request and its body.
type SignParams struct {
	// Credentials are the keys to sign with: AccessKeyID and
	// SecretAccessKey are required; a non-empty SecurityToken is put on the
	// request where the algorithm's cloud expects it.
	Credentials Credentials
	// Time is the signing instant. Sign never reads a clock.
	Time time.Time
	// SignedHeaders, when non-nil, lists exactly the (lower-case) header names
	// to sign. Nil signs what the cloud's official SDK signs.
	SignedHeaders []string
	// Expiration is the bce-auth-v1 validity window; zero means 1800 s.
	Expiration time.Duration
	// Nonce is the ACS3 x-acs-signature-nonce or the RPC SignatureNonce.
	// Empty keeps the nonce already on the request; Sign fails when there is none.
	Nonce string
	// Debug, when set, receives the canonical request and string to sign.
	Debug DebugFunc
}

// VerifyParams are the inputs of Verify besides the request and its body.
type VerifyParams struct {
	// Now is the server's current time, for the validity window.
	Now time.Time
	// Lookup returns the credentials of an access key id. ok == false makes
	// Verify fail with ErrUnknownAccessKey. The request's security token must
	// equal the result's SecurityToken: temporary keys must present their
	// token, and a long-term key (empty SecurityToken) must present none
	// (ErrInvalidToken otherwise).
	Lookup func(accessKeyID string) (creds Credentials, ok bool)
	// MaxSkew bounds |Now - signing time| for the algorithms that carry a date
	// (Huawei, ACS3, RPC); zero means 15 minutes. bce-auth-v1 uses its own
	// expiration and tolerates MaxSkew of clock drift into the future.
	MaxSkew time.Duration
	// SeenNonce, when set, is called for ACS3 and RPC requests whose signature
	// is otherwise valid; returning true rejects the request as a replay.
	SeenNonce func(accessKeyID, nonce string) bool
	// Debug, when set, receives the server-side canonical request and string to sign.
	Debug DebugFunc
}

// Result describes a request that Verify accepted.
type Result struct {
	// Algorithm is the name of the algorithm that verified the request,
	// one of the Name* constants.
	Algorithm string
	// AccessKeyID is the access key id the request was signed with.
	AccessKeyID string
	// SecurityToken is the security token the request presented (equal to
	// the looked-up credentials' SecurityToken); empty for a long-term key.
	SecurityToken string
	// SignedHeaders are the lower-case names of the headers the signature
	// covers, read from the Authorization value; nil for RPC, which
	// signs parameters rather than headers.
	SignedHeaders []string
	// Time is the signing time the request carries (the bce-auth-v1
	// timestamp, X-Sdk-Date, x-acs-date or RPC's Timestamp).
	Time time.Time
	// Nonce is the signature nonce (ACS3's x-acs-signature-nonce, RPC's
	// SignatureNonce); empty for bce-auth-v1 and SDK-HMAC-SHA256.
	Nonce string
}

// Errors returned by Verify, wrapped with detail; test them with errors.Is.
var (
	ErrMissingSignature  = errors.New("signer: request is not signed")
	ErrMalformed         = errors.New("signer: malformed signature")
	ErrUnknownAccessKey  = errors.New("signer: unknown access key id")
	ErrSignatureMismatch = errors.New("signer: signature does not match")
	ErrInvalidToken      = errors.New("signer: security token does not match")
	ErrExpired           = errors.New("signer: request time outside the validity window")
	ErrReplayedNonce     = errors.New("signer: signature nonce already used")
	ErrBodyMismatch      = errors.New("signer: body does not match its signed hash")
)

// Algorithm is what every signing algorithm of this package implements.
type Algorithm interface {
	// Name is the algorithm's name, one of the Name* constants.
	Name() string
	// Sign signs r in place: it sets the headers (or query parameters) the
	// algorithm derives from the time, body and credentials, then the
	// signature. body must be the exact bytes that will be sent.
	Sign(r *http.Request, body []byte, p *SignParams) error
	// Verify checks a signed request the way the cloud does.
	Verify(r *http.Request, body []byte, p *VerifyParams) (*Result, error)
}

// ByName returns the algorithm with the given name, or nil.
func ByName(name string) Algorithm {
	switch name {
	case NameBCE:
		return BCE{}
	case NameHuawei:
		return Huawei{}
	case NameACS3:
		return ACS3{}
	case NameRPC:
		return RPC{}
	}
	return nil
}
