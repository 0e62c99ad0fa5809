package signer

import (
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"time"
)

// RPC is Alibaba Cloud's RPC signature version 1.0 (HMAC-SHA1), which many
// official clients still send.
//
//	canonicalized = sorted "k=v" of every query and form-body parameter but
//	                Signature, RFC 3986-escaped, joined with '&'
//	stringToSign  = METHOD & "%2F" & escape(canonicalized)
//	Signature     = base64(HMAC-SHA1(secret + "&", stringToSign))
//
// Sign sets the common parameters AccessKeyId, SignatureMethod=HMAC-SHA1,
// SignatureVersion=1.0, Timestamp (the signing time), SignatureNonce
// (SignParams.Nonce, else the request's own) and, for temporary credentials,
// SecurityToken, then adds Signature. It leaves Action, Version, Format and
// any other parameter as the caller set them. The query is rewritten sorted
// and RFC 3986-escaped. The path is not signed; the string to sign fixes it
// at "/", so Verify refuses any other path.
type RPC struct{}

// Name returns "HMAC-SHA1-RPC".
func (RPC) Name() string { return NameRPC }

// Sign signs r with the RPC HMAC-SHA1 signature; see RPC.
func (RPC) Sign(r *http.Request, body []byte, p *SignParams) error {
	if p == nil || p.Credentials.AccessKeyID == "" || p.Credentials.SecretAccessKey == "" {
		return errors.New("signer: HMAC-SHA1 RPC signing needs an access key id and secret")
	}
	if path := r.URL.Path; path != "" && path != "/" {
		return fmt.Errorf("signer: HMAC-SHA1 RPC requests go to \"/\", not %q", path)
	}
	var qArr [24]kv
	q, err := parseQueryRaw(qArr[:0], r.URL.RawQuery)
	if err != nil {
		return err
	}
	nonce := p.Nonce
	if nonce == "" {
		nonce = get(q, "SignatureNonce")
		if nonce == "" {
			return errors.New("signer: HMAC-SHA1 RPC signing needs a signature nonce (SignParams.Nonce)")
		}
	}
	var tBuf [20]byte
	common := [...]kv{
		{k: "AccessKeyId", v: p.Credentials.AccessKeyID},
		{k: "SignatureMethod", v: "HMAC-SHA1"},
		{k: "SignatureVersion", v: "1.0"},
		{k: "Timestamp", v: string(appendUTC(tBuf[:0], p.Time))},
		{k: "SignatureNonce", v: nonce},
		{k: "SecurityToken", v: p.Credentials.SecurityToken},
	}
	// One pass: drop Signature and every common parameter (the token
	// belongs to the credentials), then append the common ones afresh.
	out := q[:0]
	for _, x := range q {
		switch x.k {
		case "Signature", "AccessKeyId", "SignatureMethod", "SignatureVersion", "Timestamp", "SignatureNonce", "SecurityToken":
			continue
		}
		out = append(out, x)
	}
	q = out
	for _, c := range common {
		if c.v != "" {
			q = append(q, c)
		}
	}
	slices.SortFunc(q, compareKV)
	n := 128 // room for "&Signature=" and the escaped signature too
	for i := range q {
		n += len(q[i].k) + 3*len(q[i].v) + 2
	}
	// One allocation holds the canonical query (then the wire query) and,
	// behind it, the string to sign.
	buf := make([]byte, 0, n+len(r.Method)+5+n+n/2)
	canon := appendPairs(buf[:0:n], q)
	scratch := buf[n:n]
	signed := canon
	if formBody(r, body) {
		var aArr [32]kv
		all := append(aArr[:0], q...)
		n := len(all)
		if all, err = parseQueryRaw(all, string(body)); err != nil {
			return err
		}
		for _, x := range all[n:] {
			if x.k == "Signature" {
				return errors.New("signer: a form body parameter may not be named Signature")
			}
		}
		slices.SortFunc(all, compareKV)
		signed = appendPairs(nil, all)
	}
	var sig [28]byte
	rpcSignature(sig[:], r.Method, signed, p.Credentials.SecretAccessKey, redacting(p.Debug, p.Credentials.SecurityToken), scratch)
	// The wire query is the canonical query plus the signature.
	raw := append(canon, "&Signature="...)
	raw = appendEscape(raw, sig[:], false)
	r.URL.RawQuery = string(raw)
	return nil
}

func get(q []kv, k string) string {
	for i := range q {
		if q[i].k == k {
			return q[i].value()
		}
	}
	return ""
}

// formBody reports whether body is a form whose parameters are signed.
func formBody(r *http.Request, body []byte) bool {
	if len(body) == 0 {
		return false
	}
	ct, _ := headerValue(r, "content-type")
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "application/x-www-form-urlencoded"
}

// rpcSignature writes the base64 signature of the canonicalized parameters
// into out (28 bytes).
// scratch, when large enough, holds the string to sign (saving an allocation).
func rpcSignature(out []byte, method string, canon []byte, secret string, debug DebugFunc, scratch []byte) {
	need := len(method) + 5 + len(canon) + len(canon)/2
	var sts []byte
	if cap(scratch) >= need {
		sts = scratch[:0]
	} else {
		sts = make([]byte, 0, need)
	}
	sts = append(sts, method...)
	sts = append(sts, "&%2F&"...)
	sts = appendEscape(sts, canon, false)
	if debug != nil {
		debug(Debug{Algorithm: NameRPC, CanonicalRequest: string(canon), StringToSign: string(sts)})
	}
	var key [128]byte
	var sum [sha1.Size]byte
	rpcMACs.sum(sum[:], append(append(key[:0], secret...), '&'), sts)
	base64.StdEncoding.Encode(out, sum[:])
}

// Verify checks an RPC-signed request: the common parameters, the path "/",
// Timestamp within MaxSkew of Now, the access key and SecurityToken, the
// signature over every query and form parameter, and last, with SeenNonce,
// that SignatureNonce is fresh.
func (RPC) Verify(r *http.Request, body []byte, p *VerifyParams) (*Result, error) {
	params, err := parseQuery(nil, r.URL.RawQuery)
	if err != nil {
		return nil, err
	}
	if formBody(r, body) {
		if params, err = parseQuery(params, string(body)); err != nil {
			return nil, err
		}
	}
	var sigs []string
	rest := params[:0:0]
	for _, x := range params {
		if x.k == "Signature" {
			sigs = append(sigs, x.v)
			continue
		}
		rest = append(rest, x)
	}
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	if len(sigs) > 1 {
		return nil, fmt.Errorf("%w: Signature given twice", ErrMalformed)
	}
	ak, nonce, ts := get(rest, "AccessKeyId"), get(rest, "SignatureNonce"), get(rest, "Timestamp")
	switch {
	case ak == "":
		return nil, fmt.Errorf("%w: AccessKeyId is missing", ErrMalformed)
	case get(rest, "SignatureMethod") != "HMAC-SHA1":
		return nil, fmt.Errorf("%w: SignatureMethod must be HMAC-SHA1", ErrMalformed)
	case get(rest, "SignatureVersion") != "1.0":
		return nil, fmt.Errorf("%w: SignatureVersion must be 1.0", ErrMalformed)
	case nonce == "":
		return nil, fmt.Errorf("%w: SignatureNonce is missing", ErrMalformed)
	}
	t, err := time.Parse(acsDateLayout, ts)
	if err != nil {
		return nil, fmt.Errorf("%w: bad Timestamp %q", ErrMalformed, ts)
	}
	if p == nil {
		return nil, errors.New("signer: VerifyParams are required")
	}
	if err := checkSkew(t, p.Now, p.MaxSkew); err != nil {
		return nil, err
	}
	token := get(rest, "SecurityToken")
	creds, err := lookup(p, ak, token)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rest, compareKV)
	var sig [28]byte
	rpcSignature(sig[:], r.Method, appendPairs(nil, rest), creds.SecretAccessKey, redacting(p.Debug, token), nil)
	if path := r.URL.Path; path != "" && path != "/" || !equal(string(sig[:]), sigs[0]) {
		return nil, ErrSignatureMismatch
	}
	if p.SeenNonce != nil && p.SeenNonce(ak, nonce) {
		return nil, fmt.Errorf("%w: %q", ErrReplayedNonce, nonce)
	}
	return &Result{Algorithm: NameRPC, AccessKeyID: ak, SecurityToken: token, Time: t, Nonce: nonce}, nil
}
