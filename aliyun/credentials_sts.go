package aliyun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/signer"
)

// Limits of STS role sessions.
const (
	// DefaultRoleSessionSeconds is the duration of a role session when the
	// input names none (DurationSeconds), as Alibaba's tools ask.
	DefaultRoleSessionSeconds = 3600
	// MinRoleSessionSeconds is the shortest DurationSeconds STS grants.
	MinRoleSessionSeconds = 900
	// MaxRoleSessionSeconds is the longest DurationSeconds STS grants; the
	// role's MaxSessionDuration (3600 unless raised) bounds it too.
	MaxRoleSessionSeconds = 43200
)

// Time limits of STS: it must never hang a call.
const (
	stsAttemptTimeout  = 5 * time.Second
	stsAttempts        = 3
	maxCredentialsBody = 64 << 10
)

// AssumeRoleInput are the parameters of STS AssumeRole.
type AssumeRoleInput struct {
	// RoleARN is the RAM role to assume, acs:ram::<account id>:role/<role
	// name>; required.
	RoleARN string
	// RoleSessionName names the session in ActionTrail and in the
	// assumed role's ARN: 2-64 letters, digits, '.', '@', '-' or '_'. Empty
	// means "cloudiam-go-<unix microseconds>".
	RoleSessionName string
	// DurationSeconds is how long the credentials last, from 900 to 43200
	// (and at most the role's MaxSessionDuration); zero means 3600.
	DurationSeconds int
	// Policy is a session policy (a RAM policy document, JSON) that narrows
	// the role's permissions; optional.
	Policy string
	// ExternalID is the external id the role's trust policy may require;
	// optional.
	ExternalID string
}

// OIDCRoleInput are the parameters of STS AssumeRoleWithOIDC, the exchange
// of an OIDC token (a Kubernetes service account's, on ACK RRSA) for a RAM
// role's credentials.
type OIDCRoleInput struct {
	// RoleARN is the RAM role to assume; required.
	RoleARN string
	// OIDCProviderARN is the RAM OIDC identity provider,
	// acs:ram::<account id>:oidc-provider/<name>; required.
	OIDCProviderARN string
	// OIDCTokenFile holds the OIDC token, read again at each refresh (the
	// token is rotated in place); required.
	OIDCTokenFile string
	// RoleSessionName is as AssumeRoleInput's.
	RoleSessionName string
	// DurationSeconds is as AssumeRoleInput's.
	DurationSeconds int
	// Policy is as AssumeRoleInput's.
	Policy string
}

// AssumeRoleCredentials returns, cached, the temporary credentials of a RAM
// role from STS AssumeRole (version 2015-04-01, HMAC-SHA1 signed with the
// credentials of source, whatever they are: DefaultCredentials, a CLI
// profile, an ECS role, another AssumeRoleCredentials). They are
// refreshed RefreshBefore their expiry, the source's own credentials being
// retrieved again each time. The STS endpoint is
// CredentialsOptions.STSEndpoint, else that of ALIBABA_CLOUD_STS_REGION and
// ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED, else sts.aliyuncs.com. Invalid inputs
// fail the first Retrieve with iam.ErrInvalidArgument naming the field,
// before any request; STS's refusals are *iam.Error with its Code.
func AssumeRoleCredentials(source iam.CredentialsProvider, in AssumeRoleInput, opts CredentialsOptions) *iam.CredentialsCache {
	return opts.cache(iam.CredentialsProviderFunc(func(ctx context.Context) (iam.Credentials, error) {
		if source == nil {
			return iam.Credentials{}, badSource("source", "AssumeRoleCredentials needs the credentials to call STS with")
		}
		if err := in.check(); err != nil {
			return iam.Credentials{}, err
		}
		base, err := opts.stsEndpoint("", false)
		if err != nil {
			return iam.Credentials{}, err
		}
		src, err := source.Retrieve(ctx)
		if err != nil {
			return iam.Credentials{}, err
		}
		return opts.assumeRole(ctx, base, src, in)
	}))
}

// AssumeRoleWithOIDCCredentials returns, cached, the temporary credentials
// of a RAM role from STS AssumeRoleWithOIDC (an anonymous call: the OIDC
// token is the proof), refreshed RefreshBefore their expiry with the token
// file read again. OIDCRoleCredentials is the same from the variables ACK
// RRSA sets.
func AssumeRoleWithOIDCCredentials(in OIDCRoleInput, opts CredentialsOptions) *iam.CredentialsCache {
	return opts.cache(iam.CredentialsProviderFunc(func(ctx context.Context) (iam.Credentials, error) {
		base, err := opts.stsEndpoint("", false)
		if err != nil {
			return iam.Credentials{}, err
		}
		return opts.assumeRoleWithOIDC(ctx, base, in)
	}))
}

// OIDCRoleCredentials returns the OIDC role source of ACK RRSA:
// ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and
// ALIBABA_CLOUD_OIDC_TOKEN_FILE (with ALIBABA_CLOUD_ROLE_SESSION_NAME, when
// set, as the session name), exchanged by STS AssumeRoleWithOIDC at each
// Retrieve (wrap it in an iam.CredentialsCache, or use
// AssumeRoleWithOIDCCredentials, when using it alone). Unless all three
// variables are set the error matches iam.ErrNoCredentials and says which
// are missing.
func OIDCRoleCredentials(opts CredentialsOptions) iam.CredentialsProvider {
	return iam.CredentialsProviderFunc(func(ctx context.Context) (iam.Credentials, error) {
		in := OIDCRoleInput{RoleARN: opts.getenv(EnvRoleARN), OIDCProviderARN: opts.getenv(EnvOIDCProviderARN),
			OIDCTokenFile: opts.getenv(EnvOIDCTokenFile), RoleSessionName: opts.getenv(EnvRoleSessionName)}
		var missing []string
		for _, v := range []struct{ name, value string }{{EnvRoleARN, in.RoleARN}, {EnvOIDCProviderARN, in.OIDCProviderARN},
			{EnvOIDCTokenFile, in.OIDCTokenFile}} {
			if v.value == "" {
				missing = append(missing, v.name)
			}
		}
		switch len(missing) {
		case 0:
		case 3:
			return iam.Credentials{}, noCredentials(strings.Join(missing, ", ") + " are not set")
		default:
			return iam.Credentials{}, noCredentials(strings.Join(missing, " and ") + " not set (the OIDC role needs all of " +
				EnvRoleARN + ", " + EnvOIDCProviderARN + ", " + EnvOIDCTokenFile + ")")
		}
		base, err := opts.stsEndpoint("", false)
		if err != nil {
			return iam.Credentials{}, err
		}
		return opts.assumeRoleWithOIDC(ctx, base, in)
	})
}

// sessionRules checks the parameters a role session shares.
func sessionRules(roleARN, sessionName string, seconds int) error {
	switch {
	case roleARN == "":
		return badSource("RoleARN", "required (acs:ram::<account id>:role/<role name>)")
	case !strings.HasPrefix(roleARN, "acs:ram::") || hasControl(roleARN):
		return badSource("RoleARN", "must be a RAM role ARN, acs:ram::<account id>:role/<role name>")
	case sessionName != "" && (len(sessionName) < 2 || len(sessionName) > 64 || !onlyOf(sessionName, alnum+".@-_", 2, 64)):
		return badSource("RoleSessionName", "must be 2-64 letters, digits, '.', '@', '-' or '_'")
	case seconds != 0 && (seconds < MinRoleSessionSeconds || seconds > MaxRoleSessionSeconds):
		return badSource("DurationSeconds", "must be from 900 to 43200")
	}
	return nil
}

func (in *AssumeRoleInput) check() error {
	return sessionRules(in.RoleARN, in.RoleSessionName, in.DurationSeconds)
}

func (in *OIDCRoleInput) check() error {
	if err := sessionRules(in.RoleARN, in.RoleSessionName, in.DurationSeconds); err != nil {
		return err
	}
	switch {
	case in.OIDCProviderARN == "":
		return badSource("OIDCProviderARN", "required (acs:ram::<account id>:oidc-provider/<name>)")
	case in.OIDCTokenFile == "":
		return badSource("OIDCTokenFile", "required")
	}
	return nil
}

// sessionParams are the form parameters both role assumptions share.
func (o *CredentialsOptions) sessionParams(roleARN, sessionName string, seconds int, policy string) url.Values {
	if sessionName == "" {
		sessionName = "cloudiam-go-" + strconv.FormatInt(o.now().UnixMicro(), 10)
	}
	if seconds == 0 {
		seconds = DefaultRoleSessionSeconds
	}
	form := url.Values{"RoleArn": {roleARN}, "RoleSessionName": {sessionName}, "DurationSeconds": {strconv.Itoa(seconds)}}
	if policy != "" {
		form.Set("Policy", policy)
	}
	return form
}

// assumeRole calls AssumeRole signed with src.
func (o *CredentialsOptions) assumeRole(ctx context.Context, base *url.URL, src iam.Credentials, in AssumeRoleInput) (iam.Credentials, error) {
	if err := in.check(); err != nil {
		return iam.Credentials{}, err
	}
	if src.AccessKeyID == "" || src.SecretAccessKey.IsZero() {
		return iam.Credentials{}, badSource("source", "the source credentials have no access key id or secret")
	}
	form := o.sessionParams(in.RoleARN, in.RoleSessionName, in.DurationSeconds, in.Policy)
	if in.ExternalID != "" {
		form.Set("ExternalId", in.ExternalID)
	}
	c, err := o.callSTS(ctx, base, "AssumeRole", form, &src)
	if err != nil {
		return iam.Credentials{}, err
	}
	c.Source = joinSource(SourceRAMRoleARN, sourceName(src))
	return c, nil
}

// assumeRoleWithOIDC reads the token file and calls AssumeRoleWithOIDC.
func (o *CredentialsOptions) assumeRoleWithOIDC(ctx context.Context, base *url.URL, in OIDCRoleInput) (iam.Credentials, error) {
	if err := in.check(); err != nil {
		return iam.Credentials{}, err
	}
	token, err := readTokenFile(in.OIDCTokenFile)
	if err != nil {
		return iam.Credentials{}, err
	}
	form := o.sessionParams(in.RoleARN, in.RoleSessionName, in.DurationSeconds, in.Policy)
	form.Set("OIDCProviderArn", in.OIDCProviderARN)
	form.Set("OIDCToken", token)
	c, err := o.callSTS(ctx, base, "AssumeRoleWithOIDC", form, nil)
	if err != nil {
		return iam.Credentials{}, err
	}
	c.Source = SourceOIDCRoleARN
	return c, nil
}

// readTokenFile reads an OIDC token (at most 64 KiB).
func readTokenFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", badSource("OIDCTokenFile", "cannot read the OIDC token: "+pathError(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCredentialsBody+1))
	switch {
	case err != nil:
		return "", badSource("OIDCTokenFile", "cannot read the OIDC token: "+pathError(err))
	case len(b) > maxCredentialsBody:
		return "", badSource("OIDCTokenFile", path+" is larger than an OIDC token can be")
	}
	token := strings.TrimSpace(string(b))
	if token == "" {
		return "", badSource("OIDCTokenFile", path+" is empty")
	}
	return token, nil
}

// pathError describes a file error without the wrapped syscall detail's Go
// formatting ("open /x: no such file or directory").
func pathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// stsEndpoint returns the STS endpoint: STSEndpoint, else the regional (or
// VPC) endpoint of region (a CLI profile's sts_region) or
// ALIBABA_CLOUD_STS_REGION, else sts.aliyuncs.com.
func (o *CredentialsOptions) stsEndpoint(region string, vpc bool) (*url.URL, error) {
	host := o.STSEndpoint
	if host == "" {
		if region == "" {
			region, vpc = o.getenv(EnvSTSRegion), vpc || o.envTrue(EnvVPCEndpointEnabled)
		}
		switch {
		case region == "":
			host = DefaultSTSEndpoint
		case !isRegion(region):
			return nil, badSource(EnvSTSRegion, "must be a region id such as cn-hangzhou")
		case vpc:
			host = "sts-vpc." + region + ".aliyuncs.com"
		default:
			host = "sts." + region + ".aliyuncs.com"
		}
	}
	u, err := resolveEndpoint("aliyun", host, DefaultSTSEndpoint, o.AllowInsecureHTTP)
	if err != nil {
		var ie *iam.Error
		if errors.As(err, &ie) {
			return nil, badSource("STSEndpoint", ie.Message)
		}
		return nil, err
	}
	return u, nil
}

// stsAnswer is STS's answer to both role assumptions.
type stsAnswer struct {
	RequestID   string `json:"RequestId"`
	Credentials *struct {
		AccessKeyID     string `json:"AccessKeyId"`
		AccessKeySecret string `json:"AccessKeySecret"`
		SecurityToken   string `json:"SecurityToken"`
		Expiration      string `json:"Expiration"`
	} `json:"Credentials"`
}

// callSTS sends one STS action: the common parameters in the query, the
// action's in a form body, HMAC-SHA1 signed with creds (nil: anonymous).
// Network failures, throttling and 5xx are tried again, up to 3 attempts,
// each bounded to 5 seconds.
func (o *CredentialsOptions) callSTS(ctx context.Context, base *url.URL, action string, form url.Values, creds *iam.Credentials) (iam.Credentials, error) {
	body := []byte(form.Encode())
	var last error
	for attempt := 0; attempt < stsAttempts; attempt++ {
		if attempt > 0 {
			t := time.NewTimer(time.Duration(attempt*attempt) * 200 * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				return iam.Credentials{}, &iam.Error{Provider: "aliyun", Op: action, Kind: iam.ErrUnavailable, Message: "waiting to call STS again", Err: ctx.Err()}
			case <-t.C:
			}
		}
		c, retry, err := o.stsAttempt(ctx, base, action, body, creds)
		if err == nil {
			return c, nil
		}
		last = err
		if !retry || ctx.Err() != nil {
			break
		}
	}
	return iam.Credentials{}, last
}

func (o *CredentialsOptions) stsAttempt(ctx context.Context, base *url.URL, action string, body []byte, creds *iam.Credentials) (iam.Credentials, bool, error) {
	actx, cancel := context.WithTimeout(ctx, stsAttemptTimeout)
	defer cancel()
	now := o.now().UTC()
	q := url.Values{"Action": {action}, "Version": {STSVersion}, "Format": {"JSON"}}
	if creds == nil {
		q.Set("Timestamp", now.Format("2006-01-02T15:04:05Z"))
	}
	u := *base
	u.RawQuery = q.Encode()
	r, err := http.NewRequestWithContext(actx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return iam.Credentials{}, false, &iam.Error{Provider: "aliyun", Op: action, Kind: iam.ErrInvalidArgument, Message: "cannot build the STS request"}
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept", "application/json")
	r.Header.Set("User-Agent", "cloudiam-go/"+iam.Version)
	if creds != nil {
		if s := headerSource(*creds); s != "" {
			r.Header.Set(headerCredentialsProvider, s)
		}
		err := signer.RPC{}.Sign(r, body, &signer.SignParams{
			Credentials: signer.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey.Reveal(),
				SecurityToken: creds.SessionToken.Reveal()},
			Time: now, Nonce: newNonce(),
		})
		if err != nil {
			return iam.Credentials{}, false, &iam.Error{Provider: "aliyun", Op: action, Kind: iam.ErrInvalidArgument, Message: "cannot sign the STS request"}
		}
	}
	resp, err := o.stsClient().Do(r)
	if err != nil {
		if ctx.Err() != nil {
			return iam.Credentials{}, false, &iam.Error{Provider: "aliyun", Op: action, Kind: iam.ErrUnavailable, Message: "calling STS", Err: ctx.Err()}
		}
		return iam.Credentials{}, true, &iam.Error{Provider: "aliyun", Op: action, Kind: iam.ErrUnavailable,
			Message: "STS at " + base.Host + " did not answer: " + netErrorText(err)}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxCredentialsBody+1))
	if err != nil || len(data) > maxCredentialsBody {
		return iam.Credentials{}, true, &iam.Error{Provider: "aliyun", Op: action, Kind: iam.ErrUnavailable, StatusCode: resp.StatusCode,
			Message: "cannot read STS's answer"}
	}
	rid := resp.Header.Get("x-acs-request-id")
	if resp.StatusCode != http.StatusOK {
		e, ok := parseErrorBody(data)
		kind := kindOf(e.Code, resp.StatusCode)
		ie := &iam.Error{Provider: "aliyun", Op: action, StatusCode: resp.StatusCode, Code: e.Code, Message: sanitizeMessage(e.Message),
			RequestID: e.RequestID, Kind: kind}
		if ie.RequestID == "" {
			ie.RequestID = rid
		}
		if !ok {
			ie.Message = "HTTP " + strconv.Itoa(resp.StatusCode) + " with an unreadable error body"
		}
		return iam.Credentials{}, kind == iam.ErrThrottled || resp.StatusCode >= 500, ie
	}
	var a stsAnswer
	invalid := func(msg string) (iam.Credentials, bool, error) {
		return iam.Credentials{}, false, &iam.Error{Provider: "aliyun", Op: action, StatusCode: resp.StatusCode, RequestID: a.RequestID,
			Kind: iam.ErrInvalidResponse, Message: msg}
	}
	if err := json.Unmarshal(data, &a); err != nil {
		return invalid("cannot decode STS's answer: " + describeJSONError(err))
	}
	if a.RequestID == "" {
		a.RequestID = rid
	}
	w := a.Credentials
	if w == nil || w.AccessKeyID == "" || w.AccessKeySecret == "" || w.SecurityToken == "" {
		return invalid("STS's answer has no complete Credentials")
	}
	exp, ok := parseExpiration(w.Expiration)
	if !ok {
		return invalid("STS's answer has no valid Credentials.Expiration")
	}
	return iam.Credentials{AccessKeyID: w.AccessKeyID, SecretAccessKey: iam.NewSecret(w.AccessKeySecret),
		SessionToken: iam.NewSecret(w.SecurityToken), Expires: exp}, false, nil
}

// parseExpiration reads an expiry as Alibaba writes it
// (2006-01-02T15:04:05Z), or any RFC 3339 time.
func parseExpiration(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02T15:04:05Z", s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}
