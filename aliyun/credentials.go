package aliyun

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

// Names of the credential sources: the names Alibaba's credentials-go gives
// its providers. A CredentialsChain reports them in its error;
// iam.Credentials.Source is the path of sources that produced the
// credentials, joined with "/" as credentials-go does
// ("default/cli_profile/ram_role_arn/static_ak"), and requests signed with
// ACS3-HMAC-SHA256 carry it in the signed x-acs-credentials-provider
// header, as Alibaba's SDKs send it.
const (
	// SourceDefault prefixes the credentials of DefaultCredentials.
	SourceDefault = "default"
	// SourceEnv is EnvCredentials: ALIBABA_CLOUD_ACCESS_KEY_ID and friends.
	SourceEnv = "env"
	// SourceOIDCRoleARN is OIDCRoleCredentials and
	// AssumeRoleWithOIDCCredentials: STS AssumeRoleWithOIDC (ACK RRSA).
	SourceOIDCRoleARN = "oidc_role_arn"
	// SourceCLIProfile is CLIProfileCredentials: a profile of the aliyun
	// CLI's ~/.aliyun/config.json.
	SourceCLIProfile = "cli_profile"
	// SourceProfile is ProfileCredentials: a section of
	// ~/.alibabacloud/credentials.
	SourceProfile = "profile"
	// SourceECSRAMRole is ECSRAMRoleCredentials: the RAM role of an ECS
	// instance, from its metadata service.
	SourceECSRAMRole = "ecs_ram_role"
	// SourceCredentialsURI is URICredentials: ALIBABA_CLOUD_CREDENTIALS_URI.
	SourceCredentialsURI = "credentials_uri"
	// SourceRAMRoleARN is AssumeRoleCredentials: STS AssumeRole.
	SourceRAMRoleARN = "ram_role_arn"
	// SourceStaticAK names a long-term AccessKey read from a file or given
	// to a RAM role profile.
	SourceStaticAK = "static_ak"
	// SourceStaticSTS names temporary credentials read from a file.
	SourceStaticSTS = "static_sts"
)

// Environment variables of the credential sources besides the keys (see
// EnvAccessKeyID), as Alibaba's credentials-go reads them.
const (
	// EnvRoleARN is the RAM role of the OIDC source (ACK RRSA sets it).
	EnvRoleARN = "ALIBABA_CLOUD_ROLE_ARN"
	// EnvRoleSessionName names the session of the OIDC source. Alibaba's
	// documentation says the OIDC provider honours it (credentials-go's
	// code does not); this package does.
	EnvRoleSessionName = "ALIBABA_CLOUD_ROLE_SESSION_NAME"
	// EnvOIDCProviderARN is the OIDC identity provider of the OIDC source.
	EnvOIDCProviderARN = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"
	// EnvOIDCTokenFile is the file of the OIDC token (ACK projects the
	// service account's token there), read again at every refresh.
	EnvOIDCTokenFile = "ALIBABA_CLOUD_OIDC_TOKEN_FILE"
	// EnvSTSRegion chooses the STS endpoint sts.<region>.aliyuncs.com.
	EnvSTSRegion = "ALIBABA_CLOUD_STS_REGION"
	// EnvVPCEndpointEnabled, "true" with EnvSTSRegion, chooses
	// sts-vpc.<region>.aliyuncs.com.
	EnvVPCEndpointEnabled = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"
	// EnvProfile selects the profile of ~/.aliyun/config.json and the
	// section of ~/.alibabacloud/credentials (the aliyun CLI's
	// ALIBABACLOUD_PROFILE and ALICLOUD_PROFILE stand in for it).
	EnvProfile = "ALIBABA_CLOUD_PROFILE"
	// EnvConfigFile replaces ~/.aliyun/config.json.
	EnvConfigFile = "ALIBABA_CLOUD_CONFIG_FILE"
	// EnvCLIProfileDisabled, "true", leaves ~/.aliyun/config.json out of
	// the default chain.
	EnvCLIProfileDisabled = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED"
	// EnvCredentialsFile replaces ~/.alibabacloud/credentials.
	EnvCredentialsFile = "ALIBABA_CLOUD_CREDENTIALS_FILE"
	// EnvECSMetadata names the ECS instance's RAM role; without it the
	// role is asked of the metadata service.
	EnvECSMetadata = "ALIBABA_CLOUD_ECS_METADATA"
	// EnvECSMetadataDisabled, "true", leaves the ECS RAM role out of the
	// default chain.
	EnvECSMetadataDisabled = "ALIBABA_CLOUD_ECS_METADATA_DISABLED"
	// EnvIMDSv1Disabled, "true", refuses to read the metadata service
	// without a metadata token.
	EnvIMDSv1Disabled = "ALIBABA_CLOUD_IMDSV1_DISABLED"
	// EnvCredentialsURI is the URL of the credentials URI source.
	EnvCredentialsURI = "ALIBABA_CLOUD_CREDENTIALS_URI"
)

// Endpoints and timing of the credential sources.
const (
	// DefaultMetadataEndpoint is the ECS instance metadata service,
	// reachable from inside an instance only.
	DefaultMetadataEndpoint = "http://100.100.100.200"
	// DefaultSTSEndpoint is Alibaba Cloud STS's central endpoint; with
	// EnvSTSRegion (or a CLI profile's sts_region) it is
	// sts.<region>.aliyuncs.com, or sts-vpc.<region>.aliyuncs.com with
	// EnvVPCEndpointEnabled.
	DefaultSTSEndpoint = "sts.aliyuncs.com"
	// STSVersion is the STS API version this package speaks.
	STSVersion = "2015-04-01"
	// DefaultRefreshBefore is how long before their expiry temporary
	// credentials are refreshed, as Alibaba's tools do (3 minutes), unless
	// CredentialsOptions.RefreshBefore says otherwise.
	DefaultRefreshBefore = 180 * time.Second
)

// CredentialsOptions configure the credential sources (EnvCredentials,
// CLIProfileCredentials, ..., DefaultCredentials) and STS. The zero value
// reads the real environment, home directory and endpoints; tests point
// every field at temporary directories and an emulator (package
// aliyuntest).
type CredentialsOptions struct {
	// Profile selects the profile of the aliyun CLI's ~/.aliyun/config.json
	// and the section of ~/.alibabacloud/credentials. Empty means
	// EnvProfile, else the CLI file's "current" profile (and the section
	// [default]). When Profile is set, DefaultCredentials leaves out the ECS
	// RAM role and the credentials URI: a missing profile is an error, not
	// a reason to act as the instance. The environment's keys and OIDC role
	// still come first, as they do for Alibaba's tools.
	Profile string
	// ConfigFile is the aliyun CLI's configuration; empty means
	// EnvConfigFile, else ~/.aliyun/config.json.
	ConfigFile string
	// CredentialsFile is the credentials file of Alibaba's SDKs; empty
	// means EnvCredentialsFile, else ~/.alibabacloud/credentials.
	CredentialsFile string
	// HomeDir replaces the user's home directory (os.UserHomeDir) for the
	// default file paths.
	HomeDir string
	// Getenv replaces os.Getenv for every variable the sources read.
	Getenv func(string) string
	// MetadataEndpoint is the ECS metadata service; empty means
	// DefaultMetadataEndpoint.
	MetadataEndpoint string
	// STSEndpoint is the STS endpoint (a host or a URL) of every role
	// assumption; empty means the endpoint of EnvSTSRegion (or of a CLI
	// profile's sts_region), else DefaultSTSEndpoint. Plain http is accepted
	// only for loopback hosts unless AllowInsecureHTTP is set.
	STSEndpoint string
	// AllowInsecureHTTP allows an http:// STSEndpoint on a non-loopback host.
	AllowInsecureHTTP bool
	// HTTPClient sends the metadata, STS and credentials URI requests
	// (redirects are never followed, whatever its CheckRedirect); nil uses
	// clients that connect within 1 second, and ignore HTTP(S)_PROXY for
	// the metadata service. Each metadata request is bounded to 2 seconds
	// (5 in all), each STS attempt and the credentials URI to 5 seconds,
	// whatever the client.
	HTTPClient *http.Client
	// Logger receives a warning when a file holding a secret can be read by
	// its group or others (the aliyun CLI writes them 0600), and the debug
	// lines of the cache's refreshes; nil logs nothing. No line holds a
	// secret or a token.
	Logger iam.Logger
	// Now is the clock of the cache and of STS signatures; nil means
	// time.Now.
	Now func() time.Time
	// RefreshBefore is how long before expiry DefaultCredentials and the
	// STS providers refresh temporary credentials; zero means
	// DefaultRefreshBefore.
	RefreshBefore time.Duration
}

func (o *CredentialsOptions) getenv(name string) string {
	if o.Getenv != nil {
		return strings.TrimSpace(o.Getenv(name))
	}
	return strings.TrimSpace(os.Getenv(name))
}

// envTrue reports whether a variable is "true", as Alibaba's tools test it.
func (o *CredentialsOptions) envTrue(name string) bool {
	return strings.EqualFold(o.getenv(name), "true")
}

func (o *CredentialsOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// home returns the home directory, or an error matching
// iam.ErrNoCredentials when there is none.
func (o *CredentialsOptions) home() (string, error) {
	if o.HomeDir != "" {
		return o.HomeDir, nil
	}
	h, err := os.UserHomeDir()
	if err != nil || h == "" {
		return "", noCredentials("no home directory to find the files in")
	}
	return h, nil
}

// profileName is the profile asked for: Profile, else EnvProfile (or the
// aliyun CLI's other spellings); "" when none is.
func (o *CredentialsOptions) profileName() string {
	if o.Profile != "" {
		return o.Profile
	}
	for _, n := range []string{EnvProfile, "ALIBABACLOUD_PROFILE", "ALICLOUD_PROFILE"} {
		if v := o.getenv(n); v != "" {
			return v
		}
	}
	return ""
}

func (o *CredentialsOptions) refreshBefore() time.Duration {
	if o.RefreshBefore > 0 {
		return o.RefreshBefore
	}
	return DefaultRefreshBefore
}

// cache wraps p in the cache DefaultCredentials and the STS providers use.
func (o *CredentialsOptions) cache(p iam.CredentialsProvider) *iam.CredentialsCache {
	return iam.NewCredentialsCache(p, iam.CredentialsCacheOptions{RefreshBefore: o.refreshBefore(), Logger: o.Logger, Now: o.Now})
}

// DefaultCredentials returns the credential chain of Alibaba's tools (the
// default chain of credentials-go), wrapped in an iam.CredentialsCache that
// refreshes temporary credentials RefreshBefore (3 minutes) before their
// expiry. The sources are tried in this order at the first call that needs
// credentials (nothing is read before), and again at each refresh:
//
//  1. env: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and
//     ALIBABA_CLOUD_SECURITY_TOKEN (EnvCredentials)
//  2. oidc_role_arn: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN
//     and ALIBABA_CLOUD_OIDC_TOKEN_FILE, exchanged by STS AssumeRoleWithOIDC
//     (OIDCRoleCredentials; ACK RRSA)
//  3. cli_profile: the profile of ~/.aliyun/config.json, unless
//     ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true (CLIProfileCredentials)
//  4. profile: the section of ~/.alibabacloud/credentials
//     (ProfileCredentials)
//  5. ecs_ram_role: the ECS instance's RAM role from
//     http://100.100.100.200, unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
//     (ECSRAMRoleCredentials)
//  6. credentials_uri: ALIBABA_CLOUD_CREDENTIALS_URI, when set
//     (URICredentials)
//
// The first source that has credentials wins. Unlike credentials-go, the
// chain does not remember which source won: every refresh walks it from
// the top, so a source that stops working gives way to the next one, and a
// first call that failed everywhere does not pin later calls to the last
// source. When no source has credentials the error is an
// *iam.CredentialsChainError naming every source and why (no secret). When
// opts.Profile names a profile, the ECS RAM role and the credentials URI
// are left out. STS AssumeRole is not in the chain: wrap any source, this
// chain included, in AssumeRoleCredentials.
func DefaultCredentials(opts CredentialsOptions) *iam.CredentialsCache {
	sources := []iam.CredentialsSource{
		{Name: SourceEnv, Provider: EnvCredentials(opts)},
		{Name: SourceOIDCRoleARN, Provider: OIDCRoleCredentials(opts)},
		{Name: SourceCLIProfile, Provider: CLIProfileCredentials(opts)},
		{Name: SourceProfile, Provider: ProfileCredentials(opts)},
	}
	if opts.Profile == "" {
		sources = append(sources,
			iam.CredentialsSource{Name: SourceECSRAMRole, Provider: ECSRAMRoleCredentials("", opts)},
			iam.CredentialsSource{Name: SourceCredentialsURI, Provider: URICredentials("", opts)})
	}
	for i := range sources {
		sources[i].Provider = prefixed(SourceDefault, sources[i].Provider)
	}
	return opts.cache(&iam.CredentialsChain{Sources: sources})
}

// prefixed names the credentials of p as coming through prefix.
func prefixed(prefix string, p iam.CredentialsProvider) iam.CredentialsProvider {
	return iam.CredentialsProviderFunc(func(ctx context.Context) (iam.Credentials, error) {
		c, err := p.Retrieve(ctx)
		if err == nil {
			c.Source = joinSource(prefix, c.Source)
		}
		return c, err
	})
}

func joinSource(outer, inner string) string {
	if inner == "" {
		return outer
	}
	return outer + "/" + inner
}

// EnvCredentials returns the environment source: ALIBABA_CLOUD_ACCESS_KEY_ID,
// ALIBABA_CLOUD_ACCESS_KEY_SECRET and the optional
// ALIBABA_CLOUD_SECURITY_TOKEN of temporary STS credentials, or the aliyun
// CLI's alternative names when those are unset (see EnvAccessKeyID). The
// variables are read at each Retrieve. Neither key set is
// iam.ErrNoCredentials; one without the other is an error of Kind
// iam.ErrInvalidArgument naming the missing variable.
func EnvCredentials(opts CredentialsOptions) iam.CredentialsProvider {
	return iam.CredentialsProviderFunc(func(context.Context) (iam.Credentials, error) {
		getenv := opts.getenv
		id, secret := firstEnv(getenv, envNames.id), firstEnv(getenv, envNames.secret)
		switch {
		case id == "" && secret == "":
			return iam.Credentials{}, noCredentials(EnvAccessKeyID + " and " + EnvSecretAccessKey + " are not set")
		case id == "":
			return iam.Credentials{}, badSource(EnvAccessKeyID, EnvSecretAccessKey+" is set but "+EnvAccessKeyID+" (or "+
				strings.Join(envNames.id[1:], ", ")+") is not")
		case secret == "":
			return iam.Credentials{}, badSource(EnvSecretAccessKey, EnvAccessKeyID+" is set but "+EnvSecretAccessKey+" (or "+
				strings.Join(envNames.secret[1:], ", ")+") is not")
		}
		return iam.Credentials{AccessKeyID: id, SecretAccessKey: iam.NewSecret(secret),
			SessionToken: iam.NewSecret(firstEnv(getenv, envNames.token)), Source: SourceEnv}, nil
	})
}

// staticCredentials returns long-term keys, or temporary ones with a token,
// named static_ak or static_sts.
func staticCredentials(id, secret, token string, expires time.Time) iam.Credentials {
	c := iam.Credentials{AccessKeyID: id, SecretAccessKey: iam.NewSecret(secret), Source: SourceStaticAK}
	if token != "" {
		c.SessionToken, c.Expires, c.Source = iam.NewSecret(token), expires, SourceStaticSTS
	}
	return c
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
	return &iam.Error{Provider: "aliyun", Op: "Credentials", Kind: iam.ErrInvalidArgument, Field: field, Message: why}
}

// headerCredentialsProvider is the header Alibaba's SDKs name the
// credentials' source in (signed with ACS3-HMAC-SHA256).
const headerCredentialsProvider = "X-Acs-Credentials-Provider"

// attemptCredentials returns the credentials of one attempt, from
// Config.Credentials, and the source to name in the
// x-acs-credentials-provider header ("" to send none).
func (c *rpcClient) attemptCredentials(r *http.Request) (signer.Credentials, string, error) {
	got, err := c.credentials.Retrieve(r.Context())
	if err != nil {
		return signer.Credentials{}, "", c.credentialsError(err)
	}
	if got.AccessKeyID == "" || got.SecretAccessKey.IsZero() {
		return signer.Credentials{}, "", &iam.Error{Provider: c.provider, Kind: iam.ErrInvalidArgument, Field: "Credentials",
			Message: "the credentials provider returned no access key id or no secret (source " + got.Source + ")"}
	}
	return signer.Credentials{AccessKeyID: got.AccessKeyID, SecretAccessKey: got.SecretAccessKey.Reveal(),
		SecurityToken: got.SessionToken.Reveal()}, headerSource(got), nil
}

// headerSource is the x-acs-credentials-provider value of c: its Source
// when it is made of letters, digits and "_./-" (static credentials of
// iam.StaticCredentials become static_ak or static_sts), else none.
func headerSource(c iam.Credentials) string {
	s := sourceName(c)
	if len(s) > 128 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '_', b == '.', b == '/', b == '-':
		default:
			return ""
		}
	}
	return s
}

// sourceName is c's Source in Alibaba's words: the "static" of
// iam.StaticCredentials is static_ak, or static_sts with a token.
func sourceName(c iam.Credentials) string {
	if c.Source != "static" {
		return c.Source
	}
	if c.SessionToken.IsZero() {
		return SourceStaticAK
	}
	return SourceStaticSTS
}

// credentialsError turns the failure of Config.Credentials into the error
// of the call: an *iam.Error that keeps the provider's error (errors.As
// reaches an *iam.CredentialsChainError, errors.Is iam.ErrNoCredentials).
// A chain where no source had credentials is a configuration mistake
// (ErrInvalidArgument, as the chain's error says); a source's own *iam.Error
// gives its Kind, Code and RequestID, with its operation (AssumeRole, say)
// as NativeOp: an STS refusal, a metadata service that is down.
func (c *rpcClient) credentialsError(err error) error {
	e := &iam.Error{Provider: c.provider, Kind: iam.ErrUnauthenticated, Message: "no credentials to sign with", Err: err}
	var ce *iam.CredentialsChainError
	var ie *iam.Error
	switch {
	case errors.As(err, &ce):
		e.Kind = iam.ErrInvalidArgument
	case errors.As(err, &ie):
		if ie.Kind != "" {
			e.Kind = ie.Kind
		}
		e.Code, e.RequestID, e.Field = ie.Code, ie.RequestID, ie.Field
		if ie.Op != "Credentials" {
			e.NativeOp = ie.Op
		}
	}
	return e
}

// expirer is what a provider offers to drop credentials the service has
// refused (iam.CredentialsCache does).
type expirer interface{ Expire() }

// codeTokenExpired is Alibaba Cloud's refusal of an expired STS token.
const codeTokenExpired = "InvalidSecurityToken.Expired"

// classifyRefreshing is the Classify of a client whose credentials can be
// refreshed: an expired security token (the clocks disagree, or the
// credentials were revoked early) drops the cached credentials, and the
// request, which the service did not act on, may be tried again with fresh
// ones, within Config.MaxAttempts.
func (c *rpcClient) classifyRefreshing(resp *http.Response, body []byte) transport.Decision {
	d := c.classify(resp, body)
	if d.Err != nil && d.Err.Code == codeTokenExpired {
		c.expirer.Expire()
		d.Retry, d.NotActed = true, true
	}
	return d
}
