package iam

import "reflect"

// Native holds a provider's own value behind a portable one. Providers build
// it with NewNative; users reach it with As. It prints as its type only, so a
// native value never leaks through %v.
type Native struct{ v any }

// NewNative wraps a provider's native value. v should be a pointer to the
// provider's type (for example *baidu.User).
func NewNative(v any) Native { return Native{v: v} }

// As sets *target to the native value when target is a non-nil pointer to a
// type the value is assignable to. It reports whether it did.
func (n Native) As(target any) bool {
	if n.v == nil || target == nil {
		return false
	}
	t := reflect.ValueOf(target)
	if t.Kind() != reflect.Pointer || t.IsNil() {
		return false
	}
	v := reflect.ValueOf(n.v)
	elem := t.Elem()
	if v.Type().AssignableTo(elem.Type()) {
		elem.Set(v)
		return true
	}
	// Also allow a pointer to the value type: var u baidu.User; x.As(&u).
	if v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Type().AssignableTo(elem.Type()) {
		elem.Set(v.Elem())
		return true
	}
	return false
}

// String names the native type without printing its contents.
func (n Native) String() string {
	if n.v == nil {
		return "<nil>"
	}
	return reflect.TypeOf(n.v).String()
}

// GoString is String under %#v.
func (n Native) GoString() string { return "iam.Native(" + n.String() + ")" }
