package iam

import (
	"fmt"
)

// redacted is what every Secret prints as.
const redacted = "[REDACTED]"

// Secret holds a secret key, password or token. It prints as [REDACTED]
// under every fmt verb, in JSON and in slog, even when nested in other
// values; the real value comes only from Reveal. The zero Secret is empty.
type Secret struct {
	// p is a pointer so that fmt, which prints nested unexported fields by
	// reflection without calling their methods, shows an address, never the value.
	p *string
}

// NewSecret wraps s. An empty s gives the zero (empty) Secret.
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{p: &s}
}

// Reveal returns the secret value. Call it only where the value must leave
// the program (a request, a file the user asked for).
func (s Secret) Reveal() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.p == nil || *s.p == "" }

// String returns "[REDACTED]", or "" for an empty secret.
func (s Secret) String() string {
	if s.IsZero() {
		return ""
	}
	return redacted
}

// GoString keeps the secret out of %#v.
func (s Secret) GoString() string { return `iam.Secret("` + s.String() + `")` }

// Format keeps the secret out of every fmt verb.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(s.GoString()))
		return
	}
	_, _ = f.Write([]byte(s.String()))
}

// MarshalJSON writes "[REDACTED]" (or "" when empty), never the value.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// MarshalText is MarshalJSON for text encoders (slog's text and JSON
// handlers use it and MarshalJSON, so a Secret logged with slog stays redacted).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
