package iam_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cloudiam-go/cloudiam/iam"
)

// cloudUser stands for a provider's native user type.
type cloudUser struct {
	ID       string
	Internal string
}

type otherUser struct{ ID string }

func TestNativeAs(t *testing.T) {
	orig := &cloudUser{ID: "u-1", Internal: "do-not-print"}
	n := iam.NewNative(orig)

	var p *cloudUser
	assert.True(t, n.As(&p), "pointer to the pointer type")
	assert.Same(t, orig, p)

	var v cloudUser
	assert.True(t, n.As(&v), "pointer to the value type")
	assert.Equal(t, *orig, v)
	v.ID = "changed"
	assert.Equal(t, "u-1", orig.ID, "the value form is a copy")

	var a any
	assert.True(t, n.As(&a), "pointer to an interface the value satisfies")
	assert.Same(t, orig, a)
	var s fmt.Stringer
	assert.False(t, n.As(&s), "an interface the value does not satisfy")

	var o *otherUser
	assert.False(t, n.As(&o), "another type")
	assert.Nil(t, o)
	var ov otherUser
	assert.False(t, n.As(&ov))

	assert.False(t, n.As(nil), "nil target")
	var str string
	assert.False(t, n.As(&str), "a pointer to an unrelated type")
	assert.False(t, n.As(cloudUser{}), "a non-pointer target")
	var nilTarget **cloudUser
	assert.False(t, n.As(nilTarget), "a nil pointer target")

	var zero iam.Native
	assert.False(t, zero.As(&p), "the zero Native holds nothing")

	// A nil pointer inside: As to the pointer type works, to the value type not.
	nilInside := iam.NewNative((*cloudUser)(nil))
	var q *cloudUser = &cloudUser{}
	assert.True(t, nilInside.As(&q))
	assert.Nil(t, q)
	assert.False(t, nilInside.As(&v))
}

func TestNativePrintsTypeOnly(t *testing.T) {
	n := iam.NewNative(&cloudUser{ID: "u-1", Internal: "do-not-print"})
	assert.Equal(t, "*iam_test.cloudUser", n.String())
	assert.Equal(t, "iam.Native(*iam_test.cloudUser)", n.GoString())
	assert.Equal(t, "<nil>", iam.Native{}.String())

	u := iam.User{ID: "u-1", Name: "alice", Native: n}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, u)
		assert.NotContains(t, out, "do-not-print", verb)
		assert.Contains(t, out, "cloudUser", verb)
	}
}

func TestResultAs(t *testing.T) {
	cu := &cloudUser{ID: "u-1"}
	var got *cloudUser

	u := &iam.User{Native: iam.NewNative(cu)}
	assert.True(t, u.As(&got))
	assert.Same(t, cu, got)
	var nilUser *iam.User
	assert.False(t, nilUser.As(&got), "As on a nil result is false, not a panic")

	p := &iam.LoginProfile{Native: iam.NewNative(cu)}
	got = nil
	assert.True(t, p.As(&got))
	assert.Same(t, cu, got)
	var nilProfile *iam.LoginProfile
	assert.False(t, nilProfile.As(&got))

	k := &iam.AccessKey{Native: iam.NewNative(cu)}
	got = nil
	assert.True(t, k.As(&got))
	assert.Same(t, cu, got)
	var nilKey *iam.AccessKey
	assert.False(t, nilKey.As(&got))

	assert.False(t, (&iam.User{}).As(&got), "a result without a native value")
}

func TestPtr(t *testing.T) {
	p := iam.Ptr("ops")
	assert.Equal(t, "ops", *p)
	b := iam.Ptr(false)
	assert.False(t, *b)
	assert.NotSame(t, iam.Ptr(1), iam.Ptr(1), "each call is a new variable")
	m := iam.Ptr(iam.MFATOTP)
	assert.Equal(t, iam.MFATOTP, *m)
}

func TestCapabilities(t *testing.T) {
	c := iam.Capabilities{
		Operations: []iam.Operation{iam.OpGetUser, iam.OpListUsers},
		Fields:     []iam.Field{iam.FieldEmail},
	}
	for _, op := range iam.Operations {
		want := op == iam.OpGetUser || op == iam.OpListUsers
		assert.Equal(t, want, c.Supports(op), op)
	}
	assert.True(t, c.SupportsField(iam.FieldEmail))
	assert.False(t, c.SupportsField(iam.FieldPhone))
	assert.False(t, iam.Capabilities{}.Supports(iam.OpGetUser))
	assert.Len(t, iam.Operations, 13, "one per Client method but Capabilities")
}
