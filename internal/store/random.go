package store

import "crypto/rand"

// Alphabets of the default ID and secret generators.
const (
	lowerHex   = "0123456789abcdef"
	upperAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	alnum      = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// randomString returns n characters drawn uniformly from alphabet (at most
// 256 characters) with crypto/rand. Bytes that would bias the draw are
// rejected rather than reduced modulo the alphabet size.
func randomString(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet) // largest multiple of len(alphabet) <= 256
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/2+8)
	for len(out) < n {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails (Go 1.24+)
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out = append(out, alphabet[int(b)%len(alphabet)])
			if len(out) == n {
				break
			}
		}
	}
	return string(out)
}
