package signer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// ACS3 is Alibaba Cloud's ACS3-HMAC-SHA256 (signature V3).
//
//	canonicalRequest = METHOD \n canonicalURI \n canonicalQuery \n
//	                   canonicalHeaders (each "name:value\n") \n signedHeaders \n x-acs-content-sha256
//	stringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA256(canonicalRequest))
//	signature        = hex(HMAC-SHA256(secret, stringToSign))
//	Authorization    = "ACS3-HMAC-SHA256 Credential={ak},SignedHeaders={names},Signature={sig}"
//
// canonicalURI is the escaped path ("/" for RPC-style APIs); canonicalQuery
// is the decoded query re-escaped by RFC 3986 (space %20, '+' %2B), sorted by
// name: a '+' on the wire is a space, as the server decodes it. Only the
// query is in the canonical query: form-body parameters are covered by the
// payload hash.
//
// By default host, content-type (when present) and every x-acs-* header are
// signed. Sign sets x-acs-date, x-acs-content-sha256 (of the exact body),
// x-acs-signature-nonce (SignParams.Nonce, else the request's own) and, for
// temporary credentials, x-acs-security-token and x-acs-accesskey-id.
type ACS3 struct{}

// Name returns "ACS3-HMAC-SHA256".
func (ACS3) Name() string { return NameACS3 }

const acsDateLayout = "2006-01-02T15:04:05Z"

// Sign signs r with ACS3-HMAC-SHA256; see ACS3.
func (ACS3) Sign(r *http.Request, body []byte, p *SignParams) error {
	if p == nil || p.Credentials.AccessKeyID == "" || p.Credentials.SecretAccessKey == "" {
		return errors.New("signer: ACS3-HMAC-SHA256 needs an access key id and secret")
	}
	var dBuf [20]byte
	r.Header["X-Acs-Date"] = []string{string(appendUTC(dBuf[:0], p.Time))}
	if p.Nonce != "" {
		r.Header["X-Acs-Signature-Nonce"] = []string{p.Nonce}
	} else if v, _ := headerValue(r, "x-acs-signature-nonce"); v == "" {
		return errors.New("signer: ACS3-HMAC-SHA256 needs a signature nonce (SignParams.Nonce)")
	}
	payload := hexSHA256(body)
	r.Header["X-Acs-Content-Sha256"] = []string{payload}
	if tok := p.Credentials.SecurityToken; tok != "" {
		r.Header["X-Acs-Security-Token"] = []string{tok}
		r.Header["X-Acs-Accesskey-Id"] = []string{p.Credentials.AccessKeyID}
	} else { // the token belongs to the credentials
		delete(r.Header, "X-Acs-Security-Token")
		delete(r.Header, "X-Acs-Accesskey-Id")
	}
	var (
		hsArr [16]header
		hs    []header
		ok    bool
	)
	if p.SignedHeaders == nil {
		hs, ok = acsDefaultHeaders(r, hsArr[:0])
	}
	if !ok {
		names := p.SignedHeaders
		if names == nil {
			var arr [16]string
			names = acsDefaultNames(r, arr[:0])
		} else {
			names = sortedLower(names)
		}
		var err error
		if hs, err = acsHeaders(r, names, hsArr[:0]); err != nil {
			return err
		}
	}
	sig, err := acsSignatureOf(r, p.Credentials.SecretAccessKey, payload, hs, redacting(p.Debug, p.Credentials.SecurityToken))
	if err != nil {
		return err
	}
	n := 0
	for _, h := range hs {
		n += len(h.k) + 1
	}
	var auth strings.Builder
	auth.Grow(64 + len(p.Credentials.AccessKeyID) + n + len(sig))
	auth.WriteString("ACS3-HMAC-SHA256 Credential=")
	auth.WriteString(p.Credentials.AccessKeyID)
	auth.WriteString(",SignedHeaders=")
	for i, h := range hs {
		if i > 0 {
			auth.WriteByte(';')
		}
		auth.WriteString(h.k)
	}
	auth.WriteString(",Signature=")
	auth.Write(sig[:])
	r.Header["Authorization"] = []string{auth.String()}
	return nil
}

func acsDefaultNames(r *http.Request, names []string) []string {
	names = append(names, "host")
	for k := range r.Header {
		if strings.EqualFold(k, "content-type") || hasPrefixFold(k, "x-acs-") {
			names = append(names, lowerName(k))
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// acsHeaderValue returns the trimmed value; repeated values are sorted and
// joined with ',' as the official client does. A header present once under
// its canonical key is taken as is (non-canonical duplicates written straight
// into the map are then not looked for).
func acsHeaderValue(r *http.Request, name string) (string, bool) {
	if name == "host" {
		h := hostOf(r)
		return h, h != ""
	}
	if len(name) <= 64 {
		var buf [64]byte
		ck := canonicalKey(buf[:0], name)
		if vs := r.Header[string(ck)]; len(vs) == 1 {
			return strings.TrimSpace(vs[0]), true
		}
	}
	var vals []string
	for k, vs := range r.Header {
		if strings.EqualFold(k, name) {
			vals = append(vals, vs...)
		}
	}
	switch len(vals) {
	case 0:
		return "", false
	case 1:
		return strings.TrimSpace(vals[0]), true
	}
	for i := range vals {
		vals[i] = strings.TrimSpace(vals[i])
	}
	slices.Sort(vals)
	return strings.Join(vals, ","), true
}

// acsDefaultHeaders collects the headers ACS3 signs by default (host,
// content-type, x-acs-*) with their values, sorted by name, in one pass
// over the header map. It reports false, leaving the work to
// acsDefaultNames and acsHeaderValue, for the unusual maps whose values
// need merging (a name present under two spellings, or with several values)
// and for a missing host.
func acsDefaultHeaders(r *http.Request, hs []header) ([]header, bool) {
	host := hostOf(r)
	if host == "" {
		return nil, false
	}
	hs = append(hs, header{k: "host", v: host})
	for k, vs := range r.Header {
		if !strings.EqualFold(k, "content-type") && !hasPrefixFold(k, "x-acs-") {
			continue
		}
		if len(vs) != 1 {
			return nil, false
		}
		hs = append(hs, header{k: lowerName(k), v: strings.TrimSpace(vs[0])})
	}
	slices.SortFunc(hs, compareHeaders)
	for i := 1; i < len(hs); i++ {
		if hs[i].k == hs[i-1].k {
			return nil, false
		}
	}
	return hs, true
}

// acsHeaders looks up the value of each name to sign.
func acsHeaders(r *http.Request, names []string, hs []header) ([]header, error) {
	for _, n := range names {
		v, ok := acsHeaderValue(r, n)
		if !ok {
			return nil, fmt.Errorf("signer: header %q to sign is not set", n)
		}
		hs = append(hs, header{k: n, v: v})
	}
	return hs, nil
}

func acsSignature(r *http.Request, secret, payload string, names []string, debug DebugFunc) (sig [64]byte, err error) {
	var hsArr [16]header
	hs, err := acsHeaders(r, names, hsArr[:0])
	if err != nil {
		return sig, err
	}
	return acsSignatureOf(r, secret, payload, hs, debug)
}

// acsSignatureOf computes the signature over hs, the signed headers and
// their values sorted by name.
func acsSignatureOf(r *http.Request, secret, payload string, hs []header, debug DebugFunc) (sig [64]byte, err error) {
	buf := make([]byte, 0, 1024)
	buf = append(buf, r.Method...)
	buf = append(buf, '\n')
	if path := r.URL.Path; path == "" {
		buf = append(buf, '/')
	} else {
		buf = appendEscape(buf, path, true)
	}
	buf = append(buf, '\n')
	if buf, err = appendSortedQuery(buf, r.URL.RawQuery); err != nil {
		return sig, err
	}
	buf = append(buf, '\n')
	for _, h := range hs {
		buf = append(buf, h.k...)
		buf = append(buf, ':')
		buf = append(buf, h.v...)
		buf = append(buf, '\n')
	}
	buf = append(buf, '\n')
	for i, h := range hs {
		if i > 0 {
			buf = append(buf, ';')
		}
		buf = append(buf, h.k...)
	}
	buf = append(buf, '\n')
	buf = append(buf, payload...)

	crHash := sha256.Sum256(buf)
	sts := make([]byte, 0, len(NameACS3)+1+64)
	sts = append(sts, NameACS3...)
	sts = append(sts, '\n')
	sts = hex.AppendEncode(sts, crHash[:])
	if debug != nil {
		debug(Debug{Algorithm: NameACS3, CanonicalRequest: string(buf), StringToSign: string(sts)})
	}
	var secretBuf [64]byte
	var sum [sha256.Size]byte
	acs3MACs.sum(sum[:], append(secretBuf[:0], secret...), sts)
	hex.Encode(sig[:], sum[:])
	return sig, nil
}

// Verify checks an ACS3-HMAC-SHA256 request: the Authorization form; that
// host, x-acs-date, x-acs-signature-nonce, x-acs-content-sha256 and every
// other x-acs-* header present are signed; the date within MaxSkew of Now;
// the body against x-acs-content-sha256; the access key and token; the
// signature; and last, with SeenNonce, that the nonce is fresh.
func (ACS3) Verify(r *http.Request, body []byte, p *VerifyParams) (*Result, error) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return nil, ErrMissingSignature
	}
	rest, ok := strings.CutPrefix(auth, NameACS3+" ")
	if !ok {
		return nil, fmt.Errorf("%w: not %s", ErrMalformed, NameACS3)
	}
	f := parseAuthFields(rest)
	ak, sh, sigHex := f["Credential"], f["SignedHeaders"], f["Signature"]
	if ak == "" || len(sigHex) != 64 {
		return nil, fmt.Errorf("%w: want Credential=,SignedHeaders=,Signature=", ErrMalformed)
	}
	names, err := signedList(sh)
	if err != nil {
		return nil, err
	}
	if !slices.IsSorted(names) {
		names = sortedLower(names)
	}
	for _, must := range []string{"host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"} {
		if !slices.Contains(names, must) {
			return nil, fmt.Errorf("%w: %s must be signed", ErrMalformed, must)
		}
	}
	for k := range r.Header {
		if hasPrefixFold(k, "x-acs-") && !slices.Contains(names, strings.ToLower(k)) {
			return nil, fmt.Errorf("%w: header %s is present but not signed", ErrMalformed, strings.ToLower(k))
		}
	}
	date := r.Header.Get("X-Acs-Date")
	t, err := time.Parse(acsDateLayout, date)
	if err != nil {
		return nil, fmt.Errorf("%w: bad x-acs-date %q", ErrMalformed, date)
	}
	if p == nil {
		return nil, errors.New("signer: VerifyParams are required")
	}
	if err := checkSkew(t, p.Now, p.MaxSkew); err != nil {
		return nil, err
	}
	payload := r.Header.Get("X-Acs-Content-Sha256")
	if !equal(payload, hexSHA256(body)) {
		return nil, fmt.Errorf("%w: x-acs-content-sha256", ErrBodyMismatch)
	}
	token := r.Header.Get("X-Acs-Security-Token")
	creds, err := lookup(p, ak, token)
	if err != nil {
		return nil, err
	}
	sig, err := acsSignature(r, creds.SecretAccessKey, payload, names, redacting(p.Debug, token))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if !equal(string(sig[:]), sigHex) {
		return nil, ErrSignatureMismatch
	}
	nonce := r.Header.Get("X-Acs-Signature-Nonce")
	if p.SeenNonce != nil && p.SeenNonce(ak, nonce) {
		return nil, fmt.Errorf("%w: %q", ErrReplayedNonce, nonce)
	}
	return &Result{Algorithm: NameACS3, AccessKeyID: ak, SecurityToken: token, SignedHeaders: names, Time: t, Nonce: nonce}, nil
}
