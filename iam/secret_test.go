package iam_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

const secretValue = "hunter2-s3cr3t"

// holder nests secrets every way a program might.
type holder struct {
	Exported   iam.Secret
	unexported iam.Secret
	Ptr        *iam.Secret
	Map        map[string]iam.Secret
	Slice      []iam.Secret
	Any        any
	Inner      struct{ Deep iam.Secret }
	inner      struct{ deep iam.Secret }
}

func newHolder() holder {
	s := iam.NewSecret(secretValue)
	h := holder{
		Exported: s, unexported: s, Ptr: &s,
		Map: map[string]iam.Secret{"k": s}, Slice: []iam.Secret{s, s}, Any: s,
	}
	h.Inner.Deep = s
	h.inner.deep = s
	return h
}

func TestSecretReveal(t *testing.T) {
	s := iam.NewSecret(secretValue)
	assert.Equal(t, secretValue, s.Reveal())
	assert.False(t, s.IsZero())

	var zero iam.Secret
	assert.True(t, zero.IsZero())
	assert.Empty(t, zero.Reveal())
	assert.Equal(t, iam.Secret{}, iam.NewSecret(""), "NewSecret(\"\") is the zero Secret")
	assert.Empty(t, zero.String(), "an empty secret prints as nothing, so it can be told from a set one")
	assert.Equal(t, "[REDACTED]", s.String())

	// Copies share nothing a caller can change through Reveal's result.
	r := []byte(s.Reveal())
	r[0] = 'X'
	assert.Equal(t, secretValue, s.Reveal())
}

func TestSecretFmt(t *testing.T) {
	s := iam.NewSecret(secretValue)
	h := newHolder()
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10v", "%-20s", "%T"}
	for _, verb := range verbs {
		for name, v := range map[string]any{
			"value":           s,
			"pointer":         &s,
			"struct":          h,
			"struct pointer":  &h,
			"map":             map[string]iam.Secret{"k": s},
			"slice":           []iam.Secret{s},
			"slice of any":    []any{s, &s},
			"input":           iam.LoginProfileInput{Password: s},
			"input pointer":   &iam.LoginProfileInput{Password: s},
			"access key":      iam.AccessKey{ID: "AK1", Secret: s},
			"access key list": []*iam.AccessKey{{ID: "AK1", Secret: s}},
		} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, secretValue, "%s of %s: %s", verb, name, out)
			assert.NotContains(t, strings.ToLower(out), fmt.Sprintf("%x", secretValue), "%s of %s (hex): %s", verb, name, out)
		}
	}
	for _, tc := range []struct{ verb, want string }{
		{"%v", "[REDACTED]"},
		{"%+v", "[REDACTED]"},
		{"%s", "[REDACTED]"},
		{"%q", "[REDACTED]"},
		{"%x", "[REDACTED]"},
		{"%#v", `iam.Secret("[REDACTED]")`},
	} {
		assert.Equal(t, tc.want, fmt.Sprintf(tc.verb, s), tc.verb)
	}
	assert.Equal(t, "{Password:[REDACTED] PasswordResetRequired:<nil> MFARequired:<nil> MFAMethod:<nil>}",
		fmt.Sprintf("%+v", iam.LoginProfileInput{Password: s}))
	assert.Equal(t, "map[k:[REDACTED]] [[REDACTED]]", fmt.Sprint(map[string]iam.Secret{"k": s}, []iam.Secret{s}))
	assert.Equal(t, `iam.Secret("")`, fmt.Sprintf("%#v", iam.Secret{}))
}

func TestSecretJSON(t *testing.T) {
	h := newHolder()
	b, err := json.Marshal(h)
	require.NoError(t, err)
	assert.NotContains(t, string(b), secretValue)
	assert.JSONEq(t, `{"Exported":"[REDACTED]","Ptr":"[REDACTED]","Map":{"k":"[REDACTED]"},
		"Slice":["[REDACTED]","[REDACTED]"],"Any":"[REDACTED]","Inner":{"Deep":"[REDACTED]"}}`, string(b))

	b, err = json.Marshal(map[iam.Secret]int{iam.NewSecret(secretValue): 1})
	require.NoError(t, err)
	assert.Equal(t, `{"[REDACTED]":1}`, string(b), "as a map key, through MarshalText")

	b, err = json.Marshal(struct{ S iam.Secret }{})
	require.NoError(t, err)
	assert.Equal(t, `{"S":""}`, string(b), "an empty secret is an empty string")

	type doc struct{ S iam.Secret }
	b, err = xml.Marshal(doc{iam.NewSecret(secretValue)})
	require.NoError(t, err)
	assert.Equal(t, `<doc><S>[REDACTED]</S></doc>`, string(b), "XML, through MarshalText")
}

func TestSecretSlog(t *testing.T) {
	s := iam.NewSecret(secretValue)
	h := newHolder()
	for _, tc := range []struct {
		name    string
		handler func(*bytes.Buffer) slog.Handler
	}{
		{"text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }},
		{"json", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(tc.handler(&buf))
			log.Info("call", "secret", s, "ptr", &s, "holder", h, "holder_ptr", &h,
				slog.Any("any", s), slog.Group("g", "secret", s), "map", map[string]any{"k": s})
			log.With("secret", s).Info("with")
			log.Info(fmt.Sprint(s), "msg_arg", fmt.Sprintf("%v", h))
			out := buf.String()
			assert.NotContains(t, out, secretValue, out)
			assert.Contains(t, out, "[REDACTED]")
			assert.Equal(t, 3, strings.Count(out, "\n"))
		})
	}
}
