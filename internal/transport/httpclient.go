package transport

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Timeouts of the default client's transport, and of each attempt.
const (
	dialTimeout           = 10 * time.Second
	tlsHandshakeTimeout   = 10 * time.Second
	responseHeaderTimeout = 30 * time.Second

	// defaultAttemptTimeout bounds an attempt, body included, when
	// Config.AttemptTimeout is zero. It is a context deadline: an
	// http.Client.Timeout would cost two goroutines per request.
	defaultAttemptTimeout = 60 * time.Second
)

// defaultTransport is shared by every Client without its own HTTPClient,
// so they share one connection pool.
var defaultTransport = sync.OnceValue(newDefaultTransport)

// newDefaultTransport is an HTTP transport that honours HTTP_PROXY,
// HTTPS_PROXY and NO_PROXY, bounds connecting, the TLS handshake and the
// wait for response headers, and keeps connections alive for reuse.
func newDefaultTransport() *http.Transport {
	d := &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   tlsHandshakeTimeout,
		ResponseHeaderTimeout: responseHeaderTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
	}
}

// defaultHTTPClient is the client of a Config without HTTPClient. It has
// no Timeout: each attempt is bounded by a context deadline instead
// (Config.AttemptTimeout), which net/http enforces without a goroutine.
func defaultHTTPClient() *http.Client {
	return &http.Client{Transport: defaultTransport()}
}
