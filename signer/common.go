package signer

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

const (
	upperHex = "0123456789ABCDEF"
	lowerHex = "0123456789abcdef"
	// emptySHA256 is the hex SHA-256 of no bytes.
	emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	// defaultSkew is the validity window of the algorithms that carry a date.
	defaultSkew = 15 * time.Minute
	// hmacPad is the room left at the front of a message buffer so that
	// hmacSHA256/hmacSHA1 can hash the inner pad and the message in one piece.
	hmacPad = 64
)

// unreserved reports whether RFC 3986 leaves b unescaped: A-Z a-z 0-9 - _ . ~.
// Every algorithm here escapes with this set and upper-case hex.
func unreserved(b byte) bool {
	return 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9' ||
		b == '-' || b == '_' || b == '.' || b == '~'
}

// appendEscape appends s percent-encoded byte by byte (RFC 3986, upper-case
// hex, space as %20), keeping '/' when keepSlash is set.
func appendEscape(dst []byte, s string, keepSlash bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || keepSlash && c == '/' {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
	}
	return dst
}

// escapedLen is len(appendEscape(nil, s, keepSlash)), for sizing buffers.
func escapedLen(s string, keepSlash bool) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; !unreserved(c) && !(keepSlash && c == '/') {
			n += 2
		}
	}
	return n
}

// appendLower appends s with ASCII letters lower-cased.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// lower returns s lower-cased, without allocating when it already is.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return string(appendLower(make([]byte, 0, len(s)), s))
		}
	}
	return s
}

// hasPrefixFold reports whether s begins with the lower-case ASCII prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// kv is one decoded query parameter or header.
type kv struct{ k, v string }

// parseQuery decodes a raw query (or form body) into pairs, appending to dst.
// "a" and "a=" both give an empty value; '+' decodes to a space. It allocates
// only for keys or values that hold escapes.
func parseQuery(dst []kv, raw string) ([]kv, error) {
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		var err error
		if k, err = unescape(k); err != nil {
			return dst, err
		}
		if v, err = unescape(v); err != nil {
			return dst, err
		}
		dst = append(dst, kv{k, v})
	}
	return dst, nil
}

func unescape(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s, nil
	}
	u, err := url.QueryUnescape(s)
	if err != nil {
		return "", fmt.Errorf("%w: bad query escape", ErrMalformed)
	}
	return u, nil
}

// sortPairs sorts by key, then value, byte-wise.
func sortPairs(p []kv) {
	slices.SortFunc(p, func(a, b kv) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
}

// hostOf is the Host a request is (or was) sent with.
func hostOf(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	if r.URL != nil {
		return r.URL.Host
	}
	return ""
}

// headerValue returns the value of the lower-case header name: the Host for
// "host", else the first value under any spelling of the name.
func headerValue(r *http.Request, name string) (string, bool) {
	if name == "host" {
		h := hostOf(r)
		return h, h != ""
	}
	if vs, ok := r.Header[http.CanonicalHeaderKey(name)]; ok && len(vs) > 0 {
		return vs[0], true
	}
	for k, vs := range r.Header { // a non-canonical spelling set directly in the map
		if len(vs) > 0 && strings.EqualFold(k, name) {
			return vs[0], true
		}
	}
	return "", false
}

// setHeader sets a header under its canonical key, dropping other spellings.
func setHeader(h http.Header, name, value string) {
	ck := http.CanonicalHeaderKey(name)
	for k := range h {
		if k != ck && strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	h[ck] = []string{value}
}

// hmacSHA256 is HMAC-SHA256(key, buf[hmacPad:]). buf's first hmacPad bytes
// are scratch: the message is hashed in place behind the inner pad, so a
// signature costs no allocation beyond the buffer the caller built.
func hmacSHA256(key []byte, buf []byte) [32]byte {
	var k [64]byte
	if len(key) > 64 {
		s := sha256.Sum256(key)
		copy(k[:], s[:])
	} else {
		copy(k[:], key)
	}
	for i := range hmacPad {
		buf[i] = k[i] ^ 0x36
	}
	inner := sha256.Sum256(buf)
	var outer [64 + 32]byte
	for i := range 64 {
		outer[i] = k[i] ^ 0x5c
	}
	copy(outer[64:], inner[:])
	return sha256.Sum256(outer[:])
}

// hmacSHA1 is HMAC-SHA1(key, buf[hmacPad:]), with buf as in hmacSHA256.
func hmacSHA1(key []byte, buf []byte) [20]byte {
	var k [64]byte
	if len(key) > 64 {
		s := sha1.Sum(key)
		copy(k[:], s[:])
	} else {
		copy(k[:], key)
	}
	for i := range hmacPad {
		buf[i] = k[i] ^ 0x36
	}
	inner := sha1.Sum(buf)
	var outer [64 + 20]byte
	for i := range 64 {
		outer[i] = k[i] ^ 0x5c
	}
	copy(outer[64:], inner[:])
	return sha1.Sum(outer[:])
}

// hmacOf is HMAC-SHA256 of a string message, for code off the hot path.
func hmacOf(key []byte, msg string) [32]byte {
	buf := make([]byte, hmacPad+len(msg))
	copy(buf[hmacPad:], msg)
	return hmacSHA256(key, buf)
}

// appendHex appends lower-case hex.
func appendHex(dst []byte, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, lowerHex[c>>4], lowerHex[c&15])
	}
	return dst
}

// hexSHA256 returns the lower-case hex SHA-256 of b.
func hexSHA256(b []byte) string {
	if len(b) == 0 {
		return emptySHA256
	}
	s := sha256.Sum256(b)
	var h [64]byte
	return string(appendHex(h[:0], s[:]))
}

// equal compares two strings in constant time (for equal lengths).
func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// checkSkew enforces |now - t| <= skew.
func checkSkew(t, now time.Time, skew time.Duration) error {
	if skew <= 0 {
		skew = defaultSkew
	}
	if d := now.Sub(t); d > skew || d < -skew {
		return fmt.Errorf("%w: signed at %s, now %s, allowed skew %s", ErrExpired,
			t.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), skew)
	}
	return nil
}

// lookup resolves credentials and checks the security token, shared by every Verify.
func lookup(p *VerifyParams, accessKeyID, token string) (Credentials, error) {
	if p == nil || p.Lookup == nil {
		return Credentials{}, errors.New("signer: VerifyParams.Lookup is required")
	}
	c, ok := p.Lookup(accessKeyID)
	if !ok {
		return Credentials{}, fmt.Errorf("%w: %q", ErrUnknownAccessKey, accessKeyID)
	}
	if !equal(c.SecurityToken, token) {
		return Credentials{}, ErrInvalidToken
	}
	return c, nil
}

// signedList splits "a;b;c" into lower-case names, rejecting empty names.
func signedList(s string) ([]string, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: empty signed header list", ErrMalformed)
	}
	names := strings.Split(s, ";")
	for i, n := range names {
		if n == "" {
			return nil, fmt.Errorf("%w: empty name in signed header list", ErrMalformed)
		}
		names[i] = lower(n)
	}
	return names, nil
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
