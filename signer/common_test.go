package signer

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"
)

func TestHexSHA256(t *testing.T) {
	for _, b := range []string{"", "a", `{"name":"u"}`} {
		sum := sha256.Sum256([]byte(b))
		if got, want := hexSHA256([]byte(b)), hex.EncodeToString(sum[:]); got != want {
			t.Errorf("hexSHA256(%q) = %s, want %s", b, got, want)
		}
	}
}

// Query values are kept escaped while signing; a value is accepted only
// when every '%' starts a two-digit escape, and is re-escaped by RFC 3986.
func TestRawQueryValues(t *testing.T) {
	for _, c := range []struct {
		raw, canonical string
		ok             bool
	}{
		{"", "", true},
		{"a%41b", "aAb", true},
		{"%2f%2F", "%2F%2F", true},
		{"a+b%20c", "a%20b%20c", true},
		{"%e4%b8%ad~", "%E4%B8%AD~", true},
		{"*", "%2A", true},
		{"%", "", false},
		{"%4", "", false},
		{"%4g", "", false},
		{"%%41", "", false},
		{"ok%41%", "", false},
	} {
		if ok := validEscapes(c.raw); ok != c.ok {
			t.Errorf("validEscapes(%q) = %v, want %v", c.raw, ok, c.ok)
			continue
		}
		if !c.ok {
			continue
		}
		if got := string(appendValue(nil, &kv{v: c.raw, raw: true})); got != c.canonical {
			t.Errorf("appendValue(%q) = %q, want %q", c.raw, got, c.canonical)
		}
	}
}

func TestAppendUTC(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 22, 18, 4, 5, 999999999, time.FixedZone("CST", 8*3600)),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
	} {
		got := string(appendUTC(nil, tm))
		if want := tm.UTC().Format(bceDateLayout); got != want || want != tm.UTC().Format(acsDateLayout) {
			t.Errorf("appendUTC(%v) = %s, want %s", tm, got, want)
		}
	}
}
