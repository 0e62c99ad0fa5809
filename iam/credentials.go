package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Credentials are the keys a request is signed with: a long-term access key,
// or temporary credentials (STS, an instance role, OIDC) with a session
// token and an expiry.
type Credentials struct {
	// AccessKeyID identifies the key (Baidu's AK, Huawei's AK, Alibaba's
	// AccessKeyId; "STS." prefixed for Alibaba's temporary ones).
	AccessKeyID string
	// SecretAccessKey signs the requests.
	SecretAccessKey Secret
	// SessionToken accompanies temporary credentials (x-bce-security-token,
	// X-Security-Token, x-acs-security-token, or the SecurityToken parameter
	// of Alibaba's RPC signature); zero for long-term keys.
	SessionToken Secret
	// Expires is when temporary credentials stop working; zero means they
	// do not expire.
	Expires time.Time
	// Source names where the credentials came from ("env", "profile
	// default", "ecs-ram-role EcsRole", "sts-assume-role", ...), for logs
	// and errors.
	Source string
}

// String names the key and its source, never the secret or token.
func (c Credentials) String() string {
	s := "Credentials{AccessKeyID: " + c.AccessKeyID + ", Source: " + c.Source
	if !c.Expires.IsZero() {
		s += ", Expires: " + c.Expires.UTC().Format(time.RFC3339)
	}
	return s + "}"
}

// GoString is String under %#v.
func (c Credentials) GoString() string { return c.String() }

// Valid reports whether c has a key and a secret and has not expired at now.
func (c Credentials) Valid(now time.Time) bool {
	return c.AccessKeyID != "" && !c.SecretAccessKey.IsZero() && (c.Expires.IsZero() || now.Before(c.Expires))
}

// CredentialsProvider hands out the credentials requests are signed with.
// Every provider calls Retrieve before signing each attempt, so a retry
// after a refresh signs with the new credentials. Implementations must be
// safe for concurrent use; wrap slow or expiring sources in a
// CredentialsCache.
type CredentialsProvider interface {
	Retrieve(ctx context.Context) (Credentials, error)
}

// CredentialsProviderFunc adapts a function to CredentialsProvider.
type CredentialsProviderFunc func(ctx context.Context) (Credentials, error)

// Retrieve calls f.
func (f CredentialsProviderFunc) Retrieve(ctx context.Context) (Credentials, error) { return f(ctx) }

// ErrNoCredentials is matched by the error of a credentials source that is
// not configured here (its variables are unset, its file is missing, no
// metadata service answers). A CredentialsChain tries the next source after
// any error; this one tells "not configured" from "failed" in its report.
var ErrNoCredentials = errors.New("cloudiam: no credentials from this source")

// StaticCredentials returns a provider of fixed credentials, the one-line
// case: iam.StaticCredentials("AK...", iam.NewSecret(secret), iam.Secret{}).
func StaticCredentials(accessKeyID string, secret, sessionToken Secret) CredentialsProvider {
	c := Credentials{AccessKeyID: accessKeyID, SecretAccessKey: secret, SessionToken: sessionToken, Source: "static"}
	return staticCredentials{c}
}

type staticCredentials struct{ c Credentials }

func (s staticCredentials) Retrieve(ctx context.Context) (Credentials, error) {
	if s.c.AccessKeyID == "" || s.c.SecretAccessKey.IsZero() {
		return Credentials{}, fmt.Errorf("static credentials need an access key id and a secret: %w", ErrNoCredentials)
	}
	return s.c, nil
}

// CredentialsSource is one named source of a CredentialsChain.
type CredentialsSource struct {
	// Name says what the source is, in errors ("env", "cli-profile", ...).
	Name string
	// Provider retrieves the source's credentials. An error matching
	// ErrNoCredentials means the source is not configured here; any error
	// makes the chain try the next source.
	Provider CredentialsProvider
}

// CredentialsChain tries its sources in order and returns the first
// credentials one of them has: each cloud's default chain (baidu, huawei and
// aliyun DefaultCredentials) is one. When every source fails, the error is
// a *CredentialsChainError listing each source and why, without secrets.
type CredentialsChain struct {
	// Sources are tried in this order; the first that returns credentials
	// wins, and its Name becomes their Source when the provider left that
	// empty.
	Sources []CredentialsSource
}

// Retrieve implements CredentialsProvider.
func (c *CredentialsChain) Retrieve(ctx context.Context) (Credentials, error) {
	if ctx == nil {
		return Credentials{}, InvalidArgument("iam", "Retrieve", "ctx", "must not be nil")
	}
	var failed []SourceError
	for _, s := range c.Sources {
		if err := ctx.Err(); err != nil {
			return Credentials{}, &Error{Provider: "iam", Op: "Credentials", Kind: ErrUnavailable, Err: err}
		}
		creds, err := s.Provider.Retrieve(ctx)
		if err == nil {
			if creds.Source == "" {
				creds.Source = s.Name
			}
			return creds, nil
		}
		failed = append(failed, SourceError{Source: s.Name, Err: err})
	}
	return Credentials{}, &CredentialsChainError{Sources: failed}
}

// SourceError is why one source of a chain gave no credentials.
type SourceError struct {
	// Source is the Name of the chain's source.
	Source string
	// Err is why the source gave nothing: an error matching
	// ErrNoCredentials when it is not configured (variables unset, file
	// missing, no metadata service), else its failure.
	Err error
}

// CredentialsChainError is the failure of a CredentialsChain: every source
// it tried, in order, and why each gave nothing. It matches
// ErrNoCredentials when no source was configured at all, and the errors of
// the sources through errors.Is and errors.As.
type CredentialsChainError struct {
	// Sources are the chain's sources in the order they were tried, each
	// with its error; empty when the chain has no sources.
	Sources []SourceError
}

// Error reads like "cloudiam: no credentials: env: ALIBABA_CLOUD_ACCESS_KEY_ID
// is not set; cli-profile: ~/.aliyun/config.json does not exist; ...".
// Every source's error is there, and no secret.
func (e *CredentialsChainError) Error() string {
	var b strings.Builder
	b.WriteString("cloudiam: no credentials")
	if len(e.Sources) == 0 {
		b.WriteString(": the chain has no sources")
	}
	for i, s := range e.Sources {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		msg := strings.TrimSuffix(s.Err.Error(), ": "+ErrNoCredentials.Error())
		b.WriteString(s.Source + ": " + strings.TrimPrefix(msg, "cloudiam: "))
	}
	return b.String()
}

// Unwrap returns the errors of the sources that were configured but
// failed (a metadata service that answered 500, a malformed file); those
// that were simply not configured are only in Sources.
func (e *CredentialsChainError) Unwrap() []error {
	var errs []error
	for _, s := range e.Sources {
		if !errors.Is(s.Err, ErrNoCredentials) {
			errs = append(errs, s.Err)
		}
	}
	return errs
}

// Is matches ErrNoCredentials when no source was configured (every error
// matches it), and ErrInvalidArgument, so that a missing credential reads
// as a configuration mistake like any other.
func (e *CredentialsChainError) Is(target error) bool {
	switch target {
	case ErrNoCredentials:
		for _, s := range e.Sources {
			if !errors.Is(s.Err, ErrNoCredentials) {
				return false
			}
		}
		return true
	case ErrInvalidArgument:
		return true
	}
	return false
}

// CredentialsCacheOptions are the settings of NewCredentialsCache.
type CredentialsCacheOptions struct {
	// RefreshBefore is how long before expiry a refresh starts; zero means
	// 5 minutes (Alibaba's tools use 3, Huawei's 40; Baidu instance roles
	// rotate every 5).
	RefreshBefore time.Duration
	// RefreshTimeout bounds one refresh, whoever waits for it; zero means
	// 30 seconds.
	RefreshTimeout time.Duration
	// Logger receives one debug line per refresh and per failed refresh
	// (source, expiry, error; never a secret); nil logs nothing.
	Logger Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// CredentialsCache keeps the credentials of a provider until shortly before
// they expire. It refreshes once for any number of goroutines: callers that
// still hold valid credentials get them at once while the refresh runs in
// the background, and callers with none wait no longer than their own
// context. When a refresh fails and the old credentials are still valid,
// they are served on and the refresh is tried again on a later call. Long-
// term keys (no expiry) are fetched once.
type CredentialsCache struct {
	p    CredentialsProvider
	opts CredentialsCacheOptions

	mu     sync.Mutex
	cur    Credentials
	have   bool
	flight *refresh
	// notBefore, when set, is the earliest (wall-clock) time of the next
	// refresh ahead of expiry: set after a refresh that failed or that
	// brought credentials already inside the refresh window.
	notBefore time.Time
}

// retryEvery spaces the refreshes ahead of expiry: a source whose fresh
// credentials are already inside the refresh window (short-lived instance
// credentials), or that keeps failing, is asked at most once a second, not
// on every call. It is wall-clock time, whatever Now says: it limits the
// load on the source.
const retryEvery = time.Second

// refresh is one refresh under way; done closes when creds and err are set.
type refresh struct {
	done  chan struct{}
	creds Credentials
	err   error
}

// NewCredentialsCache wraps p. It does nothing until the first Retrieve.
func NewCredentialsCache(p CredentialsProvider, opts CredentialsCacheOptions) *CredentialsCache {
	if opts.RefreshBefore <= 0 {
		opts.RefreshBefore = 5 * time.Minute
	}
	if opts.RefreshTimeout <= 0 {
		opts.RefreshTimeout = 30 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &CredentialsCache{p: p, opts: opts}
}

// Retrieve implements CredentialsProvider.
func (c *CredentialsCache) Retrieve(ctx context.Context) (Credentials, error) {
	if ctx == nil {
		return Credentials{}, InvalidArgument("iam", "Retrieve", "ctx", "must not be nil")
	}
	now := c.opts.Now()
	c.mu.Lock()
	if c.have && c.cur.Valid(now) {
		if c.cur.Expires.IsZero() || now.Before(c.cur.Expires.Add(-c.opts.RefreshBefore)) {
			creds := c.cur
			c.mu.Unlock()
			return creds, nil
		}
		// Inside the refresh window: refresh in the background (unless one
		// was tried a moment ago), serve the credentials that still work.
		if c.flight != nil || c.notBefore.IsZero() || !time.Now().Before(c.notBefore) {
			c.startLocked(ctx)
		}
		creds := c.cur
		c.mu.Unlock()
		return creds, nil
	}
	f := c.startLocked(ctx)
	c.mu.Unlock()
	select {
	case <-f.done:
		if f.err != nil {
			return Credentials{}, f.err
		}
		return f.creds, nil
	case <-ctx.Done():
		return Credentials{}, &Error{Provider: "iam", Op: "Credentials", Kind: ErrUnavailable,
			Message: "waiting for credentials", Err: ctx.Err()}
	}
}

// Expire drops the cached credentials, so the next Retrieve fetches new
// ones: for a provider told by the cloud that its token has expired.
func (c *CredentialsCache) Expire() {
	c.mu.Lock()
	c.have = false
	c.mu.Unlock()
}

// startLocked starts a refresh unless one is under way, and returns it.
func (c *CredentialsCache) startLocked(ctx context.Context) *refresh {
	if c.flight != nil {
		return c.flight
	}
	f := &refresh{done: make(chan struct{})}
	c.flight = f
	// The refresh outlives the caller that started it (others may wait for
	// it), but not its own time limit.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.opts.RefreshTimeout)
	go func() {
		defer cancel()
		creds, err := c.p.Retrieve(rctx)
		if err == nil && !creds.Valid(c.opts.Now()) {
			err = &Error{Provider: "iam", Op: "Credentials", Kind: ErrInvalidResponse,
				Message: "the source " + creds.Source + " returned credentials that are incomplete or expired"}
		}
		c.mu.Lock()
		f.creds, f.err = creds, err
		if err == nil {
			c.cur, c.have = creds, true
		}
		c.flight = nil
		c.notBefore = time.Time{}
		if err != nil || (!creds.Expires.IsZero() && !c.opts.Now().Before(creds.Expires.Add(-c.opts.RefreshBefore))) {
			c.notBefore = time.Now().Add(retryEvery)
		}
		c.mu.Unlock()
		if c.opts.Logger != nil {
			if err != nil {
				c.opts.Logger.DebugContext(rctx, "cloudiam credentials refresh failed", "error", err.Error())
			} else {
				c.opts.Logger.DebugContext(rctx, "cloudiam credentials refreshed", "source", creds.Source,
					"access_key_id", creds.AccessKeyID, "expires", creds.Expires)
			}
		}
		close(f.done)
	}()
	return f
}
