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

// Huawei is Huawei Cloud's SDK-HMAC-SHA256 (APIG AK/SK signing).
//
//	canonicalRequest = METHOD \n canonicalURI \n canonicalQuery \n
//	                   canonicalHeaders (each "name:value\n") \n signedHeaders \n payloadHash
//	stringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA256(canonicalRequest))
//	signature        = hex(HMAC-SHA256(secret, stringToSign))
//	Authorization    = "SDK-HMAC-SHA256 Access={ak}, SignedHeaders={names}, Signature={sig}"
//
// canonicalURI escapes each path segment and always ends in '/';
// canonicalQuery sorts keys (then values) and writes "k=v" escaped, "k=" for
// an empty value. The payload hash is hex SHA-256 of the body, or the literal
// UNSIGNED-PAYLOAD when X-Sdk-Content-Sha256 says so.
//
// By default every header on the request is signed except Content-Type and
// names containing '_', exactly as the official SDK does. Host is not in a Go
// request's header map, so like the official SDK Sign does not sign it unless
// named in SignParams.SignedHeaders. Sign sets X-Sdk-Date, X-Security-Token
// for temporary credentials, and X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD when
// the Content-Type is neither JSON nor BSON (form posts), as the official
// SDK does.
type Huawei struct{}

// Name returns "SDK-HMAC-SHA256".
func (Huawei) Name() string { return NameHuawei }

const (
	huaweiDateLayout = "20060102T150405Z"
	unsignedPayload  = "UNSIGNED-PAYLOAD"
)

// Sign signs r with SDK-HMAC-SHA256; see Huawei.
func (Huawei) Sign(r *http.Request, body []byte, p *SignParams) error {
	if p == nil || p.Credentials.AccessKeyID == "" || p.Credentials.SecretAccessKey == "" {
		return errors.New("signer: SDK-HMAC-SHA256 needs an access key id and secret")
	}
	var dBuf [16]byte
	date := string(p.Time.UTC().AppendFormat(dBuf[:0], huaweiDateLayout))
	r.Header["X-Sdk-Date"] = []string{date}
	if tok := p.Credentials.SecurityToken; tok != "" {
		r.Header["X-Security-Token"] = []string{tok}
	} else {
		delete(r.Header, "X-Security-Token") // the token belongs to the credentials
	}
	if ct, ok := headerValue(r, "content-type"); ok && !strings.Contains(ct, "application/json") && !strings.Contains(ct, "application/bson") {
		r.Header["X-Sdk-Content-Sha256"] = []string{unsignedPayload}
	}
	names := p.SignedHeaders
	if names == nil {
		var arr [16]string
		names = huaweiDefaultNames(r, arr[:0])
	} else {
		names = sortedLower(names)
	}
	sig, err := huaweiSignature(r, body, p.Credentials.SecretAccessKey, date, names, redacting(p.Debug, p.Credentials.SecurityToken))
	if err != nil {
		return err
	}
	n := 0
	for _, s := range names {
		n += len(s) + 1
	}
	var auth strings.Builder
	auth.Grow(64 + len(p.Credentials.AccessKeyID) + n + len(sig))
	auth.WriteString("SDK-HMAC-SHA256 Access=")
	auth.WriteString(p.Credentials.AccessKeyID)
	auth.WriteString(", SignedHeaders=")
	for i, s := range names {
		if i > 0 {
			auth.WriteByte(';')
		}
		auth.WriteString(s)
	}
	auth.WriteString(", Signature=")
	auth.Write(sig[:])
	r.Header["Authorization"] = []string{auth.String()}
	return nil
}

func appendJoined(dst []byte, names []string, sep byte) []byte {
	for i, s := range names {
		if i > 0 {
			dst = append(dst, sep)
		}
		dst = append(dst, s...)
	}
	return dst
}

func sortedLower(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ToLower(n)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// huaweiDefaultNames lists every header in the map, lower-cased and sorted,
// except content-type* and names with '_' (and Authorization).
func huaweiDefaultNames(r *http.Request, names []string) []string {
	for k := range r.Header {
		if hasPrefixFold(k, "content-type") || strings.IndexByte(k, '_') >= 0 || strings.EqualFold(k, "authorization") {
			continue
		}
		names = append(names, lowerName(k))
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func huaweiSignature(r *http.Request, body []byte, secret, date string, names []string, debug DebugFunc) (sig [64]byte, err error) {
	buf := make([]byte, 0, 768)
	buf = append(buf, r.Method...)
	buf = append(buf, '\n')
	// Canonical URI: escaped segments, trailing slash.
	path := r.URL.Path
	buf = append(buf, '/')
	buf = appendEscape(buf, strings.TrimPrefix(path, "/"), true)
	if buf[len(buf)-1] != '/' {
		buf = append(buf, '/')
	}
	buf = append(buf, '\n')
	if buf, err = appendSortedQuery(buf, r.URL.RawQuery); err != nil {
		return sig, err
	}
	buf = append(buf, '\n')
	for _, n := range names {
		v, ok := headerValue(r, n)
		if !ok {
			return sig, fmt.Errorf("signer: header %q to sign is not set", n)
		}
		buf = append(buf, n...)
		buf = append(buf, ':')
		buf = append(buf, strings.TrimSpace(v)...)
		buf = append(buf, '\n')
	}
	buf = append(buf, '\n')
	buf = appendJoined(buf, names, ';')
	buf = append(buf, '\n')
	if v, _ := headerValue(r, "x-sdk-content-sha256"); v == unsignedPayload {
		buf = append(buf, unsignedPayload...)
	} else {
		sum := sha256.Sum256(body)
		buf = hex.AppendEncode(buf, sum[:])
	}

	crHash := sha256.Sum256(buf)
	sts := make([]byte, 0, len(NameHuawei)+len(date)+66)
	sts = append(sts, NameHuawei...)
	sts = append(sts, '\n')
	sts = append(sts, date...)
	sts = append(sts, '\n')
	sts = hex.AppendEncode(sts, crHash[:])
	if debug != nil {
		debug(Debug{Algorithm: NameHuawei, CanonicalRequest: string(buf), StringToSign: string(sts)})
	}
	var secretBuf [64]byte
	var sum [sha256.Size]byte
	huaweiMACs.sum(sum[:], append(secretBuf[:0], secret...), sts)
	hex.Encode(sig[:], sum[:])
	return sig, nil
}

// parseAuthFields splits "K1=v1, K2=v2" (commas, optional spaces) into a lookup.
func parseAuthFields(s string) map[string]string {
	m := make(map[string]string, 3)
	for _, f := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(f), "=")
		if ok {
			m[k] = v
		}
	}
	return m
}

// Verify checks an SDK-HMAC-SHA256 request: the Authorization form, that
// X-Sdk-Date is signed and within MaxSkew of Now, the access key and
// X-Security-Token, and the signature (which covers the body unless the
// request declared UNSIGNED-PAYLOAD).
func (Huawei) Verify(r *http.Request, body []byte, p *VerifyParams) (*Result, error) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return nil, ErrMissingSignature
	}
	rest, ok := strings.CutPrefix(auth, NameHuawei+" ")
	if !ok {
		return nil, fmt.Errorf("%w: not %s", ErrMalformed, NameHuawei)
	}
	f := parseAuthFields(rest)
	ak, sh, sigHex := f["Access"], f["SignedHeaders"], f["Signature"]
	if ak == "" || len(sigHex) != 64 {
		return nil, fmt.Errorf("%w: want Access=, SignedHeaders=, Signature=", ErrMalformed)
	}
	names, err := signedList(sh)
	if err != nil {
		return nil, err
	}
	if !slices.IsSorted(names) {
		names = sortedLower(names)
	}
	if !slices.Contains(names, "x-sdk-date") {
		return nil, fmt.Errorf("%w: x-sdk-date must be signed", ErrMalformed)
	}
	date := r.Header.Get("X-Sdk-Date")
	t, err := time.Parse(huaweiDateLayout, date)
	if err != nil {
		return nil, fmt.Errorf("%w: bad X-Sdk-Date %q", ErrMalformed, date)
	}
	if p == nil {
		return nil, errors.New("signer: VerifyParams are required")
	}
	if err := checkSkew(t, p.Now, p.MaxSkew); err != nil {
		return nil, err
	}
	token := r.Header.Get("X-Security-Token")
	creds, err := lookup(p, ak, token)
	if err != nil {
		return nil, err
	}
	if v := r.Header.Get("X-Sdk-Content-Sha256"); v != "" && v != unsignedPayload && !equal(v, hexSHA256(body)) {
		return nil, fmt.Errorf("%w: X-Sdk-Content-Sha256", ErrBodyMismatch)
	}
	sig, err := huaweiSignature(r, body, creds.SecretAccessKey, date, names, redacting(p.Debug, token))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if !equal(string(sig[:]), sigHex) {
		return nil, ErrSignatureMismatch
	}
	return &Result{Algorithm: NameHuawei, AccessKeyID: ak, SecurityToken: token, SignedHeaders: names, Time: t}, nil
}
