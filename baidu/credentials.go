package baidu

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/transport"
	"github.com/cloudiam-go/cloudiam/signer"
)

// Names of the credential sources, as a CredentialsChain reports them in
// its error and as iam.Credentials.Source begins.
const (
	// SourceEnv is EnvCredentials: BCE_ACCESS_KEY_ID and friends.
	SourceEnv = "env"
	// SourceCLIConfig is CLIConfigCredentials: a profile of the bce CLI's
	// ~/.bce/config.json.
	SourceCLIConfig = "bce-cli-config"
	// SourceCLICredentials is CLICredentialsFileCredentials: the old bce
	// CLI's ~/.bce/credentials.
	SourceCLICredentials = "bce-cli-credentials"
	// SourceInstanceRole is InstanceRoleCredentials: the IAM role bound to a
	// BCC instance, from its metadata service.
	SourceInstanceRole = "bcc-instance-role"
	// SourceAssumeRole is AssumeRoleCredentials: STS AssumeRole.
	SourceAssumeRole = "sts-assume-role"
	// SourceSessionToken is SessionTokenCredentials: STS GetSessionToken.
	SourceSessionToken = "sts-session-token"
)

// DefaultMetadataEndpoint is the BCC instance metadata service, reachable
// from inside an instance only.
const DefaultMetadataEndpoint = "http://169.254.169.254"

// DefaultSTSEndpoint is Baidu STS, served from bj only.
const DefaultSTSEndpoint = "https://sts.bj.baidubce.com"

// DefaultRefreshBefore is how long before their expiry temporary credentials
// are refreshed unless CredentialsOptions.RefreshBefore says otherwise.
// Baidu's SDKs have no refresh helper; instance-role credentials are rotated
// every 5 minutes, so a shorter margin keeps a client from refetching on
// every call, while still far longer than a call with its retries.
const DefaultRefreshBefore = 2 * time.Minute

// CredentialsOptions configure the credential sources (EnvCredentials,
// CLIConfigCredentials, ..., DefaultCredentials). The zero value reads the
// real environment, home directory and endpoints; tests point every field
// at temporary directories and emulators (package baidutest).
type CredentialsOptions struct {
	// Profile selects the profile of the bce CLI's ~/.bce/config.json (the
	// CLI's --profile) and the section of ~/.bce/credentials. Empty means
	// the config file's "current" profile, else "default" (and the
	// [defaults] section). A profile named here must exist: the error says
	// so rather than falling back to other credentials, and DefaultCredentials
	// then leaves the instance role out of its chain.
	Profile string
	// ConfigFile is the bce CLI's configuration; empty means
	// ~/.bce/config.json.
	ConfigFile string
	// CredentialsFile is the old bce CLI's credentials file; empty means
	// ~/.bce/credentials.
	CredentialsFile string
	// HomeDir replaces the user's home directory (os.UserHomeDir) for the
	// default file paths.
	HomeDir string
	// Getenv replaces os.Getenv for the environment variables.
	Getenv func(string) string
	// MetadataEndpoint is the BCC metadata service; empty means
	// DefaultMetadataEndpoint.
	MetadataEndpoint string
	// STSEndpoint is Baidu STS for AssumeRoleCredentials and
	// SessionTokenCredentials; empty means DefaultSTSEndpoint. Plain http is
	// accepted only for loopback hosts unless AllowInsecureHTTP is set.
	STSEndpoint string
	// AllowInsecureHTTP allows an http:// STSEndpoint on a non-loopback host.
	AllowInsecureHTTP bool
	// HTTPClient sends the metadata and STS requests; nil uses a client
	// that connects within 1 second, ignores HTTP(S)_PROXY for the metadata
	// service, and never follows a redirect. Each metadata request is
	// bounded to 3 seconds and each STS attempt to 5 seconds whatever the
	// client.
	HTTPClient *http.Client
	// Logger receives a warning when a file holding a secret can be read by
	// its group or others (the bce CLI writes them 0600), and the debug
	// lines of the cache's refreshes; nil logs nothing. No line holds a
	// secret or a token.
	Logger iam.Logger
	// Now is the clock of the cache and of STS signatures; nil means
	// time.Now.
	Now func() time.Time
	// RefreshBefore is how long before expiry DefaultCredentials refreshes
	// temporary credentials; zero means DefaultRefreshBefore.
	RefreshBefore time.Duration
}

func (o *CredentialsOptions) getenv(name string) string {
	if o.Getenv != nil {
		return strings.TrimSpace(o.Getenv(name))
	}
	return strings.TrimSpace(os.Getenv(name))
}

// home returns the home directory, or an error matching
// iam.ErrNoCredentials when there is none.
func (o *CredentialsOptions) home() (string, error) {
	if o.HomeDir != "" {
		return o.HomeDir, nil
	}
	h, err := os.UserHomeDir()
	if err != nil || h == "" {
		return "", noCredentials("no home directory to find the bce CLI's files in")
	}
	return h, nil
}

// DefaultCredentials returns the credential chain of Baidu's tools, wrapped
// in an iam.CredentialsCache that refreshes temporary credentials
// RefreshBefore their expiry. The sources are tried in this order at the
// first call that needs credentials (nothing is read before):
//
//  1. env: BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY and BCE_SECURITY_TOKEN
//     (or terraform's BAIDUCLOUD_ACCESS_KEY, BAIDUCLOUD_SECRET_KEY)
//  2. bce-cli-config: the profile of ~/.bce/config.json (modes AK and StsToken)
//  3. bce-cli-credentials: [defaults] of ~/.bce/credentials
//  4. bcc-instance-role: http://169.254.169.254/latest/meta-data/sts-credential
//
// The first source that has credentials wins; when none has, the error is
// an *iam.CredentialsChainError naming every source and why (no secret).
// When opts.Profile names a profile, the instance role is left out: a
// missing profile is an error, not a reason to act as the instance.
// STS (AssumeRoleCredentials, SessionTokenCredentials) is not in the chain:
// wrap any source, this chain included, in it.
func DefaultCredentials(opts CredentialsOptions) *iam.CredentialsCache {
	sources := []iam.CredentialsSource{
		{Name: SourceEnv, Provider: EnvCredentials(opts)},
		{Name: SourceCLIConfig, Provider: CLIConfigCredentials(opts)},
		{Name: SourceCLICredentials, Provider: CLICredentialsFileCredentials(opts)},
	}
	if opts.Profile == "" {
		sources = append(sources, iam.CredentialsSource{Name: SourceInstanceRole, Provider: InstanceRoleCredentials(opts)})
	}
	return newCache(&iam.CredentialsChain{Sources: sources}, opts)
}

// newCache wraps p in the cache DefaultCredentials and the STS providers'
// callers use.
func newCache(p iam.CredentialsProvider, opts CredentialsOptions) *iam.CredentialsCache {
	before := opts.RefreshBefore
	if before <= 0 {
		before = DefaultRefreshBefore
	}
	return iam.NewCredentialsCache(p, iam.CredentialsCacheOptions{RefreshBefore: before, Logger: opts.Logger, Now: opts.Now})
}

// EnvCredentials returns the environment source: BCE_ACCESS_KEY_ID and
// BCE_SECRET_ACCESS_KEY (the bce CLI's names; terraform's
// BAIDUCLOUD_ACCESS_KEY and BAIDUCLOUD_SECRET_KEY when unset) and the
// optional BCE_SECURITY_TOKEN of temporary STS credentials. The variables
// are read at each Retrieve. Neither key set is iam.ErrNoCredentials; one
// without the other, or BCE_SESSION_TOKEN (a name no Baidu tool reads) set
// without BCE_SECURITY_TOKEN, is an error of Kind iam.ErrInvalidArgument
// naming the variable.
func EnvCredentials(opts CredentialsOptions) iam.CredentialsProvider {
	return iam.CredentialsProviderFunc(func(context.Context) (iam.Credentials, error) {
		get := func(names ...string) string {
			for _, n := range names {
				if v := opts.getenv(n); v != "" {
					return v
				}
			}
			return ""
		}
		ak := get(EnvAccessKeyID, EnvTerraformAccessKey)
		sk := get(EnvSecretAccessKey, EnvTerraformSecretKey)
		tok := get(EnvSessionToken)
		switch {
		case ak == "" && sk == "":
			return iam.Credentials{}, noCredentials(EnvAccessKeyID + " and " + EnvSecretAccessKey + " are not set")
		case ak == "":
			return iam.Credentials{}, badSource(EnvAccessKeyID, EnvSecretAccessKey+" is set but "+EnvAccessKeyID+" (or "+EnvTerraformAccessKey+") is not")
		case sk == "":
			return iam.Credentials{}, badSource(EnvSecretAccessKey, EnvAccessKeyID+" is set but "+EnvSecretAccessKey+" (or "+EnvTerraformSecretKey+") is not")
		case tok == "" && get(envOldSessionToken) != "":
			return iam.Credentials{}, badSource(EnvSessionToken,
				envOldSessionToken+" is set but not read: put the session token in "+EnvSessionToken+", the name Baidu's bce tool reads")
		}
		return iam.Credentials{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), SessionToken: iam.NewSecret(tok), Source: SourceEnv}, nil
	})
}

// noCredentials is the error of a source that is not configured here.
func noCredentials(why string) error {
	return &sourceError{msg: why, err: iam.ErrNoCredentials}
}

// sourceError is a source's failure: its message, and what it matches.
type sourceError struct {
	msg string
	err error
}

func (e *sourceError) Error() string { return e.msg + ": " + e.err.Error() }
func (e *sourceError) Unwrap() error { return e.err }

// badSource is the error of a source that is configured but unusable.
func badSource(field, why string) error {
	return &iam.Error{Provider: Scheme, Op: "Credentials", Kind: iam.ErrInvalidArgument, Field: field, Message: why}
}

// credentialsError turns the failure of Config.Credentials into the error of
// the call: an *iam.Error that keeps the provider's error (errors.As reaches
// an *iam.CredentialsChainError, errors.Is iam.ErrNoCredentials).
func credentialsError(err error) error {
	e := &iam.Error{Provider: Scheme, Kind: iam.ErrUnauthenticated, Message: "no credentials to sign with", Err: err}
	var ce *iam.CredentialsChainError
	var ie *iam.Error
	switch {
	case errors.As(err, &ce):
		e.Kind = iam.ErrInvalidArgument // a configuration mistake, as the chain says
	case errors.As(err, &ie) && ie.Kind != "":
		e.Kind = ie.Kind
	}
	return e
}

// signingCredentials returns the credentials of one attempt: the static
// keys, or those Config.Credentials has now.
func (c *Client) signingCredentials(r *http.Request) (signer.Credentials, error) {
	if c.provider == nil {
		return c.creds, nil
	}
	got, err := c.provider.Retrieve(r.Context())
	if err != nil {
		return signer.Credentials{}, credentialsError(err)
	}
	if got.AccessKeyID == "" || got.SecretAccessKey.IsZero() {
		return signer.Credentials{}, &iam.Error{Provider: Scheme, Kind: iam.ErrInvalidArgument, Field: "Credentials",
			Message: "the credentials provider returned no access key id or no secret (source " + got.Source + ")"}
	}
	return signer.Credentials{AccessKeyID: got.AccessKeyID, SecretAccessKey: got.SecretAccessKey.Reveal(),
		SecurityToken: got.SessionToken.Reveal()}, nil
}

// expirer is what a provider offers to drop credentials the service has
// refused (iam.CredentialsCache does).
type expirer interface{ Expire() }

// codeInvalidSessionToken is Baidu's refusal of a session token that is
// wrong or has expired.
const codeInvalidSessionToken = "InvalidSessionToken"

// classifyRefreshing is the Classify of a client whose credentials can be
// refreshed: a refused session token (expired early, revoked, rotated)
// drops the cached credentials, and the request, which the service did not
// act on, may be tried again with fresh ones.
func (c *Client) classifyRefreshing(resp *http.Response, body []byte) transport.Decision {
	d := classify(resp, body)
	if d.Err != nil && d.Err.Code == codeInvalidSessionToken {
		c.expirer.Expire()
		d.Retry, d.NotActed = true, true
	}
	return d
}
