package signer

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

const (
	// upperHex writes percent-escapes: RFC 3986 asks for upper-case hex
	// digits, and encoding/hex writes only lower-case.
	upperHex = "0123456789ABCDEF"
	// emptySHA256 is the hex SHA-256 of no bytes.
	emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	// defaultSkew is the validity window of the algorithms that carry a date.
	defaultSkew = 15 * time.Minute
)

// unreservedTable[c] is 1 when RFC 3986 leaves byte c unescaped
// (A-Z a-z 0-9 - _ . ~); unreservedSlashTable also keeps '/'. Constant
// strings, so the tables are read-only data, not package state.
const (
	unreservedTable = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x01\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00" +
		"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x01\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x01\x00" +
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	unreservedSlashTable = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00" +
		"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x01\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x01\x00" +
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
)

// unreserved reports whether RFC 3986 leaves c unescaped. Every algorithm
// here escapes with this set and upper-case hex.
func unreserved(c byte) bool { return unreservedTable[c] != 0 }

// appendEscape appends s percent-encoded byte by byte (RFC 3986, upper-case
// hex, space as %20), keeping '/' when keepSlash is set. net/url has no
// escaper for this set: QueryEscape writes a space as '+', PathEscape keeps
// sub-delimiters such as '=' and '&'.
func appendEscape[S string | []byte](dst []byte, s S, keepSlash bool) []byte {
	table := unreservedTable
	if keepSlash {
		table = unreservedSlashTable
	}
	for len(s) > 0 {
		i := 0
		for i < len(s) && table[s[i]] != 0 {
			i++
		}
		dst = append(dst, s[:i]...) // the clean run, in one copy
		if i == len(s) {
			break
		}
		c := s[i]
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		s = s[i+1:]
	}
	return dst
}

// hasPrefixFold reports whether s begins with prefix, ignoring case
// (strings has EqualFold but no HasPrefix that ignores case).
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// kv is one query parameter or header. When raw is set, v is still
// escaped as it came on the wire (see value and appendValue).
type kv struct {
	k, v string
	raw  bool
}

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
		dst = append(dst, kv{k: k, v: v})
	}
	return dst, nil
}

// parseQueryRaw is parseQuery that leaves values escaped (raw), so that
// canonical forms can be written without allocating; keys are decoded.
func parseQueryRaw(dst []kv, raw string) ([]kv, error) {
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
		if !validEscapes(v) {
			return dst, fmt.Errorf("%w: bad query escape", ErrMalformed)
		}
		dst = append(dst, kv{k: k, v: v, raw: true})
	}
	return dst, nil
}

// validEscapes reports whether every '%' in s starts an escape "%XY".
func validEscapes(s string) bool {
	for {
		i := strings.IndexByte(s, '%')
		if i < 0 {
			return true
		}
		if _, ok := decodeEscape(s[i:]); !ok {
			return false
		}
		s = s[i+3:]
	}
}

// decodeEscape decodes the escape "%XY" that s begins with.
func decodeEscape(s string) (c byte, ok bool) {
	if len(s) < 3 || s[0] != '%' {
		return 0, false
	}
	var b [1]byte
	_, err := hex.Decode(b[:], []byte(s[1:3]))
	return b[0], err == nil
}

// value returns the decoded value (allocating only for raw values with escapes).
func (x *kv) value() string {
	if !x.raw {
		return x.v
	}
	v, _ := unescape(x.v)
	return v
}

// appendValue appends the value RFC 3986-escaped (keeping nothing else).
func appendValue(dst []byte, x *kv) []byte {
	if !x.raw {
		return appendEscape(dst, x.v, false)
	}
	s := x.v
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '+':
			c = ' '
		case '%':
			c, _ = decodeEscape(s[i:]) // parseQueryRaw checked it
			i += 2
		}
		if unreserved(c) {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
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

// compareKV orders pairs by key, then decoded value, byte-wise.
func compareKV(a, b kv) int {
	if c := strings.Compare(a.k, b.k); c != 0 {
		return c
	}
	if !a.raw && !b.raw {
		return strings.Compare(a.v, b.v)
	}
	return strings.Compare(a.value(), b.value())
}

// header is a header to sign: its lower-case name and its value.
type header struct{ k, v string }

// compareHeaders orders headers by name. (A struct of two strings keeps the
// comparison's arguments in registers; with kv's flag they go through memory,
// which makes sorting a few headers several times slower.)
func compareHeaders(a, b header) int { return strings.Compare(a.k, b.k) }

// span is the byte range buf[a:b] of an appended item.
type span struct{ a, b int }

// sortSpans sorts spans by the bytes of buf they cover.
func sortSpans(s []span, buf []byte) {
	slices.SortFunc(s, func(x, y span) int { return bytes.Compare(buf[x.a:x.b], buf[y.a:y.b]) })
}

// appendPairs appends the params, in their order, as escaped "k=v" joined by '&'.
func appendPairs(dst []byte, params []kv) []byte {
	for i := range params {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = appendEscape(dst, params[i].k, false)
		dst = append(dst, '=')
		dst = appendValue(dst, &params[i])
	}
	return dst
}

// appendSortedQuery appends the canonical query of SDK-HMAC-SHA256 and
// ACS3: the decoded raw query re-escaped by RFC 3986, sorted by key then
// value, as "k=v" joined by '&' ("k=" for an empty value).
func appendSortedQuery(buf []byte, raw string) ([]byte, error) {
	if raw == "" {
		return buf, nil
	}
	var pairsArr [16]kv
	pairs, err := parseQueryRaw(pairsArr[:0], raw)
	if err != nil {
		return buf, err
	}
	slices.SortFunc(pairs, compareKV)
	return appendPairs(buf, pairs), nil
}

// lowerName lower-cases a header name. The names the clouds use come from
// constants, since strings.ToLower would allocate for each capitalised name
// of every request.
func lowerName(k string) string {
	switch k {
	case "Host":
		return "host"
	case "Content-Type":
		return "content-type"
	case "Content-Length":
		return "content-length"
	case "Content-Md5":
		return "content-md5"
	case "User-Agent":
		return "user-agent"
	case "X-Bce-Date":
		return "x-bce-date"
	case "X-Bce-Security-Token":
		return "x-bce-security-token"
	case "X-Sdk-Date":
		return "x-sdk-date"
	case "X-Domain-Id":
		return "x-domain-id"
	case "X-Project-Id":
		return "x-project-id"
	case "X-Security-Token":
		return "x-security-token"
	case "X-Sdk-Content-Sha256":
		return "x-sdk-content-sha256"
	case "X-Acs-Action":
		return "x-acs-action"
	case "X-Acs-Version":
		return "x-acs-version"
	case "X-Acs-Date":
		return "x-acs-date"
	case "X-Acs-Signature-Nonce":
		return "x-acs-signature-nonce"
	case "X-Acs-Content-Sha256":
		return "x-acs-content-sha256"
	case "X-Acs-Security-Token":
		return "x-acs-security-token"
	case "X-Acs-Accesskey-Id":
		return "x-acs-accesskey-id"
	case "X-Acs-Credentials-Provider":
		return "x-acs-credentials-provider"
	}
	return strings.ToLower(k)
}

// appendUTC appends t in UTC as 2006-01-02T15:04:05Z (bceDateLayout,
// acsDateLayout). That is RFC 3339 of a UTC time, which time formats on a
// fast path, without reading a layout.
func appendUTC(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, time.RFC3339)
}

// canonicalKey writes the canonical MIME form of a lower-case header name
// into dst, so that a name can be looked up in an http.Header without the
// allocation http.CanonicalHeaderKey makes for most names. Names that
// CanonicalHeaderKey leaves as they are (not tokens) are then not found
// under this spelling, and headerValue falls back to a search.
func canonicalKey(dst []byte, name string) []byte {
	up := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if up && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !up && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		up = c == '-'
		dst = append(dst, c)
	}
	return dst
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
	if len(name) <= 64 {
		var buf [64]byte
		if vs, ok := r.Header[string(canonicalKey(buf[:0], name))]; ok && len(vs) > 0 {
			return vs[0], true
		}
	}
	for k, vs := range r.Header { // a non-canonical spelling set directly in the map
		if len(vs) > 0 && strings.EqualFold(k, name) {
			return vs[0], true
		}
	}
	return "", false
}

// hexSHA256 returns the lower-case hex SHA-256 of b.
func hexSHA256(b []byte) string {
	if len(b) == 0 {
		return emptySHA256 // a body-less request needs no hashing
	}
	s := sha256.Sum256(b)
	var h [2 * sha256.Size]byte
	hex.Encode(h[:], s[:])
	return string(h[:])
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
		names[i] = strings.ToLower(n)
	}
	return names, nil
}

// redacting wraps a DebugFunc so that the security token, which every
// algorithm signs and so writes into its canonical request (raw, escaped
// once, or for RPC escaped twice in the string to sign), reaches it as
// [REDACTED]: Debug output carries no secret.
func redacting(fn DebugFunc, token string) DebugFunc {
	if fn == nil || token == "" {
		return fn
	}
	once := string(appendEscape(nil, token, false))
	twice := string(appendEscape(nil, once, false))
	r := strings.NewReplacer(twice, "[REDACTED]", once, "[REDACTED]", token, "[REDACTED]")
	return func(d Debug) {
		d.CanonicalRequest = r.Replace(d.CanonicalRequest)
		d.StringToSign = r.Replace(d.StringToSign)
		fn(d)
	}
}
