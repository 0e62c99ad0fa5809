package signer

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"strings"
	"sync"
	"testing"
	"time"
)

func refMAC(h func() hash.Hash, key, msg []byte) []byte {
	m := hmac.New(h, key)
	m.Write(msg)
	return m.Sum(nil)
}

// A pooled HMAC is rekeyed whenever the key changes: the same key again,
// another key, a key longer than a block and the empty key all give what a
// fresh crypto/hmac gives.
func TestMACPoolRekeys(t *testing.T) {
	keys := []string{"k1", "k1", "another key", "k1", strings.Repeat("long", 40), "", "k1"}
	for _, h := range []func() hash.Hash{sha256.New, sha1.New} {
		p := &macPool{hash: h}
		for i, k := range keys {
			msg := []byte(strings.Repeat("message ", i+1))
			var out [sha256.Size]byte
			got := p.sum(out[:], []byte(k), msg)
			if want := refMAC(h, []byte(k), msg); !hmac.Equal(got, want) {
				t.Fatalf("key %d %q: got %x, want %x", i, k, got, want)
			}
		}
	}
}

// Goroutines signing with different keys through one pool never see
// another's key (run with -race).
func TestMACPoolConcurrent(t *testing.T) {
	p := &macPool{hash: sha256.New}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := []byte{byte('a' + g%3)}
			msg := []byte("string to sign")
			want := refMAC(sha256.New, key, msg)
			for range 200 {
				var out [sha256.Size]byte
				if got := p.sum(out[:], key, msg); !hmac.Equal(got, want) {
					t.Errorf("goroutine %d: got %x, want %x", g, got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// A signature costs at most 15 allocations with every algorithm, even when
// no kept HMAC fits: credentials alternate and each signature falls in a new
// second (a new bce-auth-v1 signing key).
func TestSignAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	creds := [2]Credentials{testCreds, {AccessKeyID: "AKIDTEST0002", SecretAccessKey: "SECRETTEST0000000000000000000002"}}
	for _, alg := range algorithms {
		t.Run(alg.Name(), func(t *testing.T) {
			r, body := typicalRequest(alg.Name())
			p := &SignParams{Nonce: "n"}
			i := 0
			allocs := testing.AllocsPerRun(50, func() {
				i++
				p.Credentials = creds[i%2]
				p.Time = testTime.Add(time.Duration(i) * time.Second)
				if err := alg.Sign(r, body, p); err != nil {
					t.Fatal(err)
				}
			})
			if allocs > 15 {
				t.Errorf("%v allocations per signature, want at most 15", allocs)
			}
		})
	}
}
