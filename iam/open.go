package iam

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// URLOpener builds a Client from a URL whose scheme it was registered for.
// Each provider exports one as a struct whose fields carry what a service
// configures in code (HTTP client, logger, observer, retries, user agent),
// while the URL carries what changes by deployment (region, endpoint,
// account).
//
// It is an interface, not a function, so that a program which imports a
// provider but never opens a URL does not link the provider's URL and
// environment handling: the linker keeps a method only when a call through
// the interface is linked.
type URLOpener interface {
	OpenClientURL(ctx context.Context, u *url.URL) (*Client, error)
}

// URLOpenerFunc adapts a function to URLOpener.
type URLOpenerFunc func(ctx context.Context, u *url.URL) (*Client, error)

// OpenClientURL calls f.
func (f URLOpenerFunc) OpenClientURL(ctx context.Context, u *url.URL) (*Client, error) {
	return f(ctx, u)
}

// URLMux maps URL schemes to URLOpeners. The zero value is an empty mux,
// ready to use; Open uses DefaultURLMux, where provider packages register
// their default openers when imported. Build your own mux to open URLs with
// openers you configured:
//
//	mux := new(iam.URLMux)
//	_ = mux.Register(baidu.Scheme, &baidu.URLOpener{HTTPClient: hc, Observer: obs})
//	c, err := mux.Open(ctx, "baidu://")
//
// A URLMux is safe for concurrent use.
type URLMux struct {
	mu      sync.RWMutex
	openers map[string]URLOpener
}

var defaultURLMux = new(URLMux)

// DefaultURLMux returns the URLMux that Open and Register use.
func DefaultURLMux() *URLMux { return defaultURLMux }

// Register makes o open URLs of scheme (case-insensitive). It fails with
// ErrInvalidArgument for an empty scheme or a nil opener, and with
// ErrAlreadyExists when the scheme is taken (see Replace).
func (m *URLMux) Register(scheme string, o URLOpener) error {
	return m.set(scheme, o, false)
}

// Replace makes o open URLs of scheme, whether or not another opener had it:
// the way to configure a provider on DefaultURLMux
// (iam.DefaultURLMux().Replace(baidu.Scheme, &baidu.URLOpener{...})).
func (m *URLMux) Replace(scheme string, o URLOpener) error {
	return m.set(scheme, o, true)
}

func (m *URLMux) set(scheme string, o URLOpener, replace bool) error {
	scheme = strings.ToLower(scheme) // URL schemes are case-insensitive
	if scheme == "" {
		return InvalidArgument("iam", "Register", "scheme", "is required")
	}
	if o == nil {
		return InvalidArgument("iam", "Register", "opener", "must not be nil")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.openers == nil {
		m.openers = map[string]URLOpener{}
	}
	if _, dup := m.openers[scheme]; dup && !replace {
		return &Error{Provider: "iam", Op: "Register", Kind: ErrAlreadyExists, Field: "scheme",
			Message: "scheme " + scheme + " is registered already (use Replace)"}
	}
	m.openers[scheme] = o
	return nil
}

// Schemes lists the registered schemes, sorted.
func (m *URLMux) Schemes() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s := make([]string, 0, len(m.openers))
	for k := range m.openers {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// Open builds a Client from a URL with the opener registered for its scheme.
// A URL that does not parse, has an unknown scheme, or carries user
// information (credentials never go in a URL) is ErrInvalidArgument with
// Field "url".
func (m *URLMux) Open(ctx context.Context, urlstr string) (*Client, error) {
	if ctx == nil {
		return nil, InvalidArgument("iam", "Open", "ctx", "must not be nil (use context.Background())")
	}
	u, err := url.Parse(urlstr)
	if err != nil {
		return nil, InvalidArgument("iam", "Open", "url", "not a URL")
	}
	if u.User != nil {
		return nil, InvalidArgument("iam", "Open", "url",
			"must not carry user information: credentials come from the cloud's environment variables, files or a URLOpener, never from a URL")
	}
	scheme := strings.ToLower(u.Scheme)
	m.mu.RLock()
	o := m.openers[scheme]
	m.mu.RUnlock()
	if o == nil {
		return nil, InvalidArgument("iam", "Open", "url",
			fmt.Sprintf("unknown scheme %q (registered: %s); import the provider package", u.Scheme, strings.Join(m.Schemes(), ", ")))
	}
	return o.OpenClientURL(ctx, u)
}

// Register makes o open URLs of scheme on DefaultURLMux; provider packages
// call it from init. See URLMux.Register.
func Register(scheme string, o URLOpener) error { return defaultURLMux.Register(scheme, o) }

// Schemes lists the schemes registered on DefaultURLMux, sorted.
func Schemes() []string { return defaultURLMux.Schemes() }

// Open builds a Client from a URL such as "baidu://?region=bj",
// "huawei://?domain_id=...", "aliyun-ram://" or
// "aliyun-idaas://?instance_id=...&ou=...", with DefaultURLMux. The provider
// package must be imported. The URLs section of the package documentation
// lists every parameter.
func Open(ctx context.Context, urlstr string) (*Client, error) {
	return defaultURLMux.Open(ctx, urlstr)
}
