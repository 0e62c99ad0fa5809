package signer

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// sortKVs and sortSpans order lists of every length as a standard sort does.
func TestSortHelpers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string { return string(rune('a'+rng.IntN(4))) + string(rune('a'+rng.IntN(4))) }
	for n := 0; n <= 200; n++ {
		p := make([]kv, n)
		var buf []byte
		spans := make([]span, n)
		for i := range p {
			p[i] = kv{k: word(), v: word()}
			a := len(buf)
			buf = append(buf, word()...)
			spans[i] = span{a, len(buf)}
		}
		want := slices.Clone(p)
		slices.SortFunc(want, func(a, b kv) int {
			if c := strings.Compare(a.k, b.k); c != 0 {
				return c
			}
			return strings.Compare(a.v, b.v)
		})
		sortPairs(p)
		if !slices.Equal(p, want) {
			t.Fatalf("n=%d: sortPairs gave %v, want %v", n, p, want)
		}
		sortSpans(spans, buf)
		for i := 1; i < len(spans); i++ {
			if bytes.Compare(buf[spans[i-1].a:spans[i-1].b], buf[spans[i].a:spans[i].b]) > 0 {
				t.Fatalf("n=%d: spans out of order at %d", n, i)
			}
		}
	}
}
