package signer

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"sync"
)

// macPool hands out crypto/hmac HMACs already keyed. Keying an HMAC costs
// five allocations and two block hashes, and a client signs request after
// request with the same secret, so an HMAC keyed once is kept and Reset for
// as long as the same key comes back; another key gets a new hmac.New.
//
// Each algorithm has its own pools, so that a process talking to several
// clouds does not rekey on every call. A pooled HMAC holds its key (the
// secret, or the signing key bce-auth-v1 derives from it) until the garbage
// collector empties the pool; keys are compared in constant time.
type macPool struct {
	hash func() hash.Hash
	pool sync.Pool
}

// keyedMAC is an HMAC with the key it was made with.
type keyedMAC struct {
	key []byte
	mac hash.Hash
	sum [sha256.Size]byte // room for Sum, which would otherwise allocate
}

var (
	bceSecretMACs = macPool{hash: sha256.New} // bce-auth-v1, keyed by the secret
	bceKeyMACs    = macPool{hash: sha256.New} // bce-auth-v1, keyed by the derived signing key
	huaweiMACs    = macPool{hash: sha256.New}
	acs3MACs      = macPool{hash: sha256.New}
	rpcMACs       = macPool{hash: sha1.New}
)

// sum writes HMAC(key, msg) into out, which must have room for the hash's
// size, and returns the written part of out. key is neither kept nor
// modified (the pool keeps a copy).
func (p *macPool) sum(out, key, msg []byte) []byte {
	m, _ := p.pool.Get().(*keyedMAC)
	if m != nil && hmac.Equal(m.key, key) {
		m.mac.Reset()
	} else {
		if m == nil {
			m = new(keyedMAC)
		}
		m.key = append(m.key[:0], key...)
		m.mac = hmac.New(p.hash, m.key)
	}
	m.mac.Write(msg)
	n := copy(out, m.mac.Sum(m.sum[:0]))
	p.pool.Put(m)
	return out[:n]
}
