package iam

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Opener builds a Client from a URL whose scheme it registered. Credentials
// come from the environment variables of the provider's cloud.
//
// It is an interface, not a function, so that a program which imports a
// provider but never calls Open does not link the provider's URL and
// environment handling: the linker keeps a method only when a call through
// the interface (Open's) is linked.
type Opener interface {
	OpenClientURL(ctx context.Context, u *url.URL) (Client, error)
}

// OpenerFunc adapts a function to Opener (the function is then linked into
// every program that registers it).
type OpenerFunc func(ctx context.Context, u *url.URL) (Client, error)

// OpenClientURL calls f.
func (f OpenerFunc) OpenClientURL(ctx context.Context, u *url.URL) (Client, error) { return f(ctx, u) }

var registry struct {
	sync.RWMutex
	m map[string]Opener
}

// Register makes a provider available to Open under scheme. Provider packages
// call it from init; importing the package (even as _) is enough. Schemes
// are case-insensitive. It panics if scheme is registered twice, or is empty,
// or o is nil: those are programming errors.
func Register(scheme string, o Opener) {
	scheme = strings.ToLower(scheme) // URL schemes are case-insensitive
	if scheme == "" || o == nil {
		panic("iam: Register needs a scheme and an opener")
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.m == nil {
		registry.m = map[string]Opener{}
	}
	if _, dup := registry.m[scheme]; dup {
		panic("iam: scheme registered twice: " + scheme)
	}
	registry.m[scheme] = o
}

// Schemes lists the registered schemes, sorted.
func Schemes() []string {
	registry.RLock()
	defer registry.RUnlock()
	s := make([]string, 0, len(registry.m))
	for k := range registry.m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// Open builds a Client from a URL such as "baidu://?region=bj",
// "huawei://?domain_id=...", "aliyun-ram://" or
// "aliyun-idaas://?instance_id=...&ou=...". The provider package must be
// imported. Each provider documents its URL parameters.
func Open(ctx context.Context, urlstr string) (Client, error) {
	u, err := url.Parse(urlstr)
	if err != nil {
		return nil, &Error{Provider: "iam", Op: "Open", Kind: ErrInvalidArgument, Field: "url", Message: "not a URL"}
	}
	scheme := strings.ToLower(u.Scheme)
	registry.RLock()
	o := registry.m[scheme]
	registry.RUnlock()
	if o == nil {
		return nil, &Error{Provider: "iam", Op: "Open", Kind: ErrInvalidArgument, Field: "url",
			Message: fmt.Sprintf("unknown scheme %q (registered: %s); import the provider package", u.Scheme, strings.Join(Schemes(), ", "))}
	}
	return o.OpenClientURL(ctx, u)
}
