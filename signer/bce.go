package signer

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// BCE is Baidu AI Cloud's bce-auth-v1.
//
//	authStringPrefix = "bce-auth-v1/{accessKeyId}/{timestamp}/{expirationSeconds}"
//	signingKey       = hex(HMAC-SHA256(secret, authStringPrefix))   (the hex text is the next key)
//	canonicalRequest = METHOD \n canonicalURI \n canonicalQuery \n canonicalHeaders   (no trailing newline)
//	signature        = hex(HMAC-SHA256(signingKey, canonicalRequest))
//	Authorization    = authStringPrefix / signedHeaders / signature
//
// canonicalURI is the decoded path escaped byte by byte with '/' kept.
// canonicalQuery sorts the escaped "k=v" strings (not the keys: "a-b=2" sorts
// before "a=1"); a bare key "?disable" is signed as "disable=". Header lines
// are escaped "name:value" (value trimmed; empty values are not signed),
// sorted; the signed-header names are sorted separately.
//
// By default the official SDK's set is signed: host, content-length,
// content-type, content-md5 and every x-bce-* header except x-bce-request-id,
// which the SDK regenerates freely and never signs. Sign sets x-bce-date to
// the signing time (one timestamp for the header and the auth string, unlike
// the official SDK, which reads the clock twice) and, for temporary
// credentials, x-bce-security-token. The body is not hashed by this
// algorithm; it is covered through Content-MD5 when that header is signed,
// which Verify checks against the body.
type BCE struct{}

// Name returns "bce-auth-v1".
func (BCE) Name() string { return NameBCE }

const (
	bceDateLayout        = "2006-01-02T15:04:05Z"
	bceDefaultExpiration = 1800
)

// Sign signs r with bce-auth-v1; see BCE.
func (BCE) Sign(r *http.Request, body []byte, p *SignParams) error {
	if p == nil || p.Credentials.AccessKeyID == "" || p.Credentials.SecretAccessKey == "" {
		return errors.New("signer: bce-auth-v1 needs an access key id and secret")
	}
	var tsBuf [20]byte
	ts := appendUTC(tsBuf[:0], p.Time)
	r.Header["X-Bce-Date"] = []string{string(ts)}
	if tok := p.Credentials.SecurityToken; tok != "" && !queryHas(r.URL.RawQuery, "x-bce-security-token") {
		r.Header["X-Bce-Security-Token"] = []string{tok}
	} else if tok == "" {
		delete(r.Header, "X-Bce-Security-Token") // the token belongs to the credentials
	}
	exp := bceDefaultExpiration
	if p.Expiration > 0 {
		exp = int(p.Expiration / time.Second)
	}
	var prefixBuf [128]byte
	prefix := append(prefixBuf[:0], "bce-auth-v1/"...)
	prefix = append(prefix, p.Credentials.AccessKeyID...)
	prefix = append(prefix, '/')
	prefix = append(prefix, ts...)
	prefix = append(prefix, '/')
	prefix = strconv.AppendInt(prefix, int64(exp), 10)
	var hsArr [12]header
	hs, err := bceHeaders(r, p.SignedHeaders, hsArr[:0])
	if err != nil {
		return err
	}
	sig, err := bceSignature(r, p.Credentials.SecretAccessKey, prefix, hs, redacting(p.Debug, p.Credentials.SecurityToken))
	if err != nil {
		return err
	}
	n := len(prefix) + 2 + len(sig)
	for _, h := range hs {
		n += len(h.k) + 1
	}
	var auth strings.Builder
	auth.Grow(n)
	auth.Write(prefix)
	auth.WriteByte('/')
	for i, h := range hs { // hs is sorted by name
		if i > 0 {
			auth.WriteByte(';')
		}
		auth.WriteString(h.k)
	}
	auth.WriteByte('/')
	auth.Write(sig[:])
	r.Header["Authorization"] = []string{auth.String()}
	return nil
}

// bceSignature computes the hex signature over hs, the headers to sign
// (from bceHeaders).
func bceSignature(r *http.Request, secret string, prefix []byte, hs []header, debug DebugFunc) (sig [64]byte, err error) {
	// Signing key: the hex text of HMAC(secret, prefix). One buffer holds
	// the prefix, then the canonical request (the MACs read it through an
	// interface, so it is on the heap either way).
	buf := make([]byte, 0, len(prefix)+512)
	buf = append(buf, prefix...)
	var secretBuf [64]byte
	var sum [sha256.Size]byte
	bceSecretMACs.sum(sum[:], append(secretBuf[:0], secret...), buf)
	var key [64]byte
	hex.Encode(key[:], sum[:])

	buf = append(buf[:0], r.Method...)
	buf = append(buf, '\n')
	path := r.URL.Path
	if path == "" {
		buf = append(buf, '/')
	} else {
		buf = append(buf, '/')
		buf = appendEscape(buf, strings.TrimPrefix(path, "/"), true)
	}
	buf = append(buf, '\n')
	if buf, err = bceQuery(buf, r.URL.RawQuery); err != nil {
		return sig, err
	}
	buf = append(buf, '\n')
	// Header lines: escape all into one scratch area, then sort the lines.
	lineStart := len(buf)
	var spansArr [12]span
	spans := spansArr[:0]
	for _, h := range hs {
		a := len(buf)
		buf = appendEscape(buf, h.k, false)
		buf = append(buf, ':')
		buf = appendEscape(buf, h.v, false)
		spans = append(spans, span{a, len(buf)})
	}
	sortSpans(spans, buf)
	end := len(buf)
	for i, s := range spans {
		if i > 0 {
			buf = append(buf, '\n')
		}
		buf = append(buf, buf[s.a:s.b]...)
	}
	// Move the sorted lines over the unsorted ones.
	n := copy(buf[lineStart:], buf[end:])
	buf = buf[:lineStart+n]

	bceKeyMACs.sum(sum[:], key[:], buf)
	hex.Encode(sig[:], sum[:])

	if debug != nil {
		debug(Debug{Algorithm: NameBCE, CanonicalRequest: string(buf), StringToSign: string(prefix)})
	}
	return sig, nil
}

// bceHeaders selects the headers to sign, lower-case names and trimmed
// values, sorted by name. Empty values are left out, as the official SDK does.
func bceHeaders(r *http.Request, names []string, hs []header) ([]header, error) {
	if names != nil {
		for _, n := range names {
			n = strings.ToLower(n)
			if n == "authorization" {
				continue
			}
			v, _ := headerValue(r, n)
			if v = strings.TrimSpace(v); v != "" {
				hs = append(hs, header{k: n, v: v})
			}
		}
	} else {
		if h := strings.TrimSpace(hostOf(r)); h != "" {
			hs = append(hs, header{k: "host", v: h})
		}
		for k, vs := range r.Header {
			if len(vs) == 0 || !bceDefaultSigned(k) {
				continue
			}
			if v := strings.TrimSpace(vs[0]); v != "" {
				hs = append(hs, header{k: lowerName(k), v: v})
			}
		}
	}
	slices.SortFunc(hs, compareHeaders) // names are distinct but for the duplicates refused below
	for i := 1; i < len(hs); i++ {
		if hs[i].k == hs[i-1].k {
			return nil, fmt.Errorf("signer: header %q appears twice", hs[i].k)
		}
	}
	return hs, nil
}

// bceDefaultSigned reports whether the official SDK signs header k by default.
func bceDefaultSigned(k string) bool {
	switch k { // the canonical spellings, which need no case folding
	case "Content-Type", "Content-Length", "Content-Md5":
		return true
	case "X-Bce-Request-Id":
		return false
	}
	switch {
	case strings.EqualFold(k, "content-type"), strings.EqualFold(k, "content-length"), strings.EqualFold(k, "content-md5"):
		return true
	case strings.EqualFold(k, "x-bce-request-id"):
		return false
	}
	return hasPrefixFold(k, "x-bce-")
}

// bceQuery appends the canonical query: escaped "k=v" strings sorted byte-wise.
func bceQuery(buf []byte, raw string) ([]byte, error) {
	if raw == "" {
		return buf, nil
	}
	var pairsArr [8]kv
	pairs, err := parseQueryRaw(pairsArr[:0], raw)
	if err != nil {
		return buf, err
	}
	var spansArr [8]span
	spans := spansArr[:0]
	start := len(buf)
	for i := range pairs {
		p := &pairs[i]
		if strings.EqualFold(p.k, "authorization") {
			continue
		}
		a := len(buf)
		buf = appendEscape(buf, p.k, false)
		buf = append(buf, '=')
		buf = appendValue(buf, p)
		spans = append(spans, span{a, len(buf)})
	}
	sortSpans(spans, buf)
	end := len(buf)
	for i, s := range spans {
		if i > 0 {
			buf = append(buf, '&')
		}
		buf = append(buf, buf[s.a:s.b]...)
	}
	n := copy(buf[start:], buf[end:])
	return buf[:start+n], nil
}

// queryHas reports whether the raw query has the key (case-insensitive).
func queryHas(raw, key string) bool {
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		k, _, _ := strings.Cut(part, "=")
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// Verify checks a bce-auth-v1 request: the auth string's form, its validity
// window (timestamp to timestamp+expiration, tolerating MaxSkew of clock
// drift into the future), the access key and token, Content-MD5 against the
// body when signed, and the signature.
func (BCE) Verify(r *http.Request, body []byte, p *VerifyParams) (*Result, error) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return nil, ErrMissingSignature
	}
	parts := strings.Split(auth, "/")
	if len(parts) != 6 || parts[0] != "bce-auth-v1" || parts[1] == "" {
		return nil, fmt.Errorf("%w: want bce-auth-v1/{ak}/{timestamp}/{expiration}/{signedHeaders}/{signature}", ErrMalformed)
	}
	ts, err := time.Parse(bceDateLayout, parts[2])
	if err != nil {
		return nil, fmt.Errorf("%w: bad timestamp %q", ErrMalformed, parts[2])
	}
	exp, err := strconv.Atoi(parts[3])
	if err != nil || exp <= 0 {
		return nil, fmt.Errorf("%w: bad expiration %q", ErrMalformed, parts[3])
	}
	names, err := signedList(parts[4])
	if err != nil {
		return nil, err
	}
	if len(parts[5]) != 64 {
		return nil, fmt.Errorf("%w: signature is not 64 hex digits", ErrMalformed)
	}
	if p == nil {
		return nil, errors.New("signer: VerifyParams are required")
	}
	skew := p.MaxSkew
	if skew <= 0 {
		skew = defaultSkew
	}
	if p.Now.After(ts.Add(time.Duration(exp)*time.Second)) || ts.After(p.Now.Add(skew)) {
		return nil, fmt.Errorf("%w: signed at %s for %d s, now %s", ErrExpired, parts[2], exp, p.Now.UTC().Format(bceDateLayout))
	}
	token := r.Header.Get("X-Bce-Security-Token")
	creds, err := lookup(p, parts[1], token)
	if err != nil {
		return nil, err
	}
	if slices.Contains(names, "content-md5") {
		sum := md5.Sum(body)
		if !equal(r.Header.Get("Content-Md5"), base64.StdEncoding.EncodeToString(sum[:])) {
			return nil, fmt.Errorf("%w: Content-MD5", ErrBodyMismatch)
		}
	}
	var hsArr [12]header
	hs, err := bceHeaders(r, names, hsArr[:0])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	prefix := strings.Join(parts[:4], "/")
	sig, err := bceSignature(r, creds.SecretAccessKey, []byte(prefix), hs, redacting(p.Debug, token))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if !equal(string(sig[:]), parts[5]) {
		return nil, ErrSignatureMismatch
	}
	return &Result{Algorithm: NameBCE, AccessKeyID: parts[1], SecurityToken: token, SignedHeaders: names, Time: ts}, nil
}
