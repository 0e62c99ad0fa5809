// Package signer signs and verifies requests with the four algorithms of
// the clouds cloudiam speaks: Baidu's bce-auth-v1 (BCE), Huawei's
// SDK-HMAC-SHA256 (Huawei), Alibaba's ACS3-HMAC-SHA256 (ACS3) and Alibaba's
// older RPC HMAC-SHA1 signature version 1.0 (RPC), which many official
// clients still send.
//
// Every algorithm is a pure function of the request, its body, the
// credentials and an explicit time (and, for Alibaba, a nonce): there is no
// clock and no global state inside, so tests assert exact bytes and a retry
// is simply signed again with a new time. By default each algorithm signs
// the headers the cloud's official SDK signs; SignParams.SignedHeaders names
// them exactly instead.
//
// Verify is the server side, used by cloudiam's emulators: it reads the
// signed-header list out of the Authorization value, recomputes the
// signature with the same canonicalisation, compares in constant time and
// checks the time window. Its errors tell a wrong key id (ErrUnknownAccessKey)
// apart from a wrong signature (ErrSignatureMismatch), an expired request
// (ErrExpired), a token that does not match (ErrInvalidToken), a body that
// does not match its signed hash (ErrBodyMismatch) and, through
// VerifyParams.SeenNonce, a replayed ACS3 or RPC nonce (ErrReplayedNonce).
//
// # Correctness
//
// The vectors in testdata/vectors were produced by running each cloud's
// official Go SDK; every case must verify, must be refused after any one
// byte of its signature, a signed header, the path, a query value or a
// hashed body is changed, and must be reproduced byte for byte by Sign.
// CLOUDIAM_SIGNER_VECTORS=/some/dir go test ./signer -run Vectors runs
// another set of the same format.
//
// # Debugging a rejected signature
//
// SignParams.Debug and VerifyParams.Debug receive the canonical request
// and string to sign (never the secret or a key derived from it). Compare
// the client's with the server's (Alibaba prints its string to sign in the
// SignatureDoesNotMatch message) to see which part differs.
//
// # Keys kept between signatures
//
// Every HMAC is crypto/hmac's. Each algorithm keeps the HMACs it has keyed
// in a sync.Pool and reuses one, reset, while the same key signs again (a
// client signs request after request with one secret). The secret, and
// the keys derived from it, therefore stay in process memory after Sign or
// Verify returns, until the garbage collector empties the pool.
//
// # Headers that are never signed
//
// bce-auth-v1 never signs x-bce-request-id (the SDK may regenerate it) nor
// empty values. SDK-HMAC-SHA256 never signs Content-Type or names with '_',
// and, like the official SDK, does not sign Host unless asked (a Go request
// carries Host outside its header map). User-Agent and Accept are never
// signed by ACS3. Proxies that rewrite a signed header break the signature.
package signer
