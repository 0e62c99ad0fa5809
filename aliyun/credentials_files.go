package aliyun

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/credfile"
)

// cliConfig is the aliyun CLI's ~/.aliyun/config.json.
type cliConfig struct {
	Current  string       `json:"current"`
	Profiles []cliProfile `json:"profiles"`
}

// cliProfile is one profile of the aliyun CLI; the fields this package
// reads.
type cliProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	StsToken        string `json:"sts_token"`
	StsExpiration   int64  `json:"sts_expiration"`
	RAMRoleARN      string `json:"ram_role_arn"`
	RAMSessionName  string `json:"ram_session_name"`
	ExpiredSeconds  int    `json:"expired_seconds"`
	StsRegion       string `json:"sts_region"`
	EnableVPC       bool   `json:"enable_vpc"`
	SourceProfile   string `json:"source_profile"`
	RAMRoleName     string `json:"ram_role_name"`
	OIDCTokenFile   string `json:"oidc_token_file"`
	OIDCProviderARN string `json:"oidc_provider_arn"`
	Policy          string `json:"policy"`
	ExternalID      string `json:"external_id"`
}

// Modes of aliyun CLI profiles this package reads.
const (
	cliModeAK                  = "AK"
	cliModeStsToken            = "StsToken"
	cliModeRAMRoleARN          = "RamRoleArn"
	cliModeChainableRAMRoleARN = "ChainableRamRoleArn"
	cliModeECSRAMRole          = "EcsRamRole"
	cliModeOIDC                = "OIDC"
)

// fileSource reads a file of secrets and warns, once per path and mode,
// when its group or others may read it.
type fileSource struct {
	opts CredentialsOptions

	mu     sync.Mutex
	warned map[string]fs.FileMode
}

// CLIProfileCredentials returns the source of the aliyun CLI's
// configuration, ~/.aliyun/config.json (ALIBABA_CLOUD_CONFIG_FILE,
// CredentialsOptions.ConfigFile): the profile CredentialsOptions.Profile,
// else ALIBABA_CLOUD_PROFILE, else the file's "current" one. Its mode
// decides the credentials:
//
//	AK                   access_key_id, access_key_secret
//	StsToken             the same and sts_token (sts_expiration, Unix seconds, when set)
//	RamRoleArn           STS AssumeRole of ram_role_arn (ram_session_name, expired_seconds,
//	                     policy, external_id) signed with the profile's AccessKey,
//	                     at sts_region's endpoint (enable_vpc)
//	ChainableRamRoleArn  the same, signed with the credentials of source_profile
//	EcsRamRole           the ECS RAM role ram_role_name (ECSRAMRoleCredentials)
//	OIDC                 STS AssumeRoleWithOIDC of ram_role_arn with oidc_provider_arn
//	                     and oidc_token_file
//
// Other modes (CloudSSO, OAuth, External, ...) are refused with an error
// naming the mode. ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true, a missing file,
// or a file without the profile is iam.ErrNoCredentials. The file is read
// at each Retrieve; a file its group or others can read is reported
// through CredentialsOptions.Logger.
func CLIProfileCredentials(opts CredentialsOptions) iam.CredentialsProvider {
	s := &fileSource{opts: opts}
	return iam.CredentialsProviderFunc(s.cliProfile)
}

func (s *fileSource) cliProfile(ctx context.Context) (iam.Credentials, error) {
	o := &s.opts
	if o.envTrue(EnvCLIProfileDisabled) {
		return iam.Credentials{}, noCredentials(EnvCLIProfileDisabled + "=true")
	}
	path := o.ConfigFile
	if path == "" {
		path = o.getenv(EnvConfigFile)
	}
	if path == "" {
		home, err := o.home()
		if err != nil {
			return iam.Credentials{}, err
		}
		path = filepath.Join(home, ".aliyun", "config.json")
	}
	data, err := s.read(ctx, path, "ConfigFile")
	if err != nil {
		return iam.Credentials{}, err
	}
	var cfg cliConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		return iam.Credentials{}, badSource("ConfigFile", path+" is not the aliyun CLI's configuration: "+describeJSONError(err))
	}
	name := o.profileName()
	if name == "" {
		name = cfg.Current
	}
	if name == "" {
		name = "default"
	}
	c, err := s.resolveCLI(ctx, &cfg, path, name, nil)
	if err != nil {
		return iam.Credentials{}, err
	}
	c.Source = joinSource(SourceCLIProfile, c.Source)
	return c, nil
}

func findProfile(cfg *cliConfig, name string) *cliProfile {
	for i := range cfg.Profiles {
		if cfg.Profiles[i].Name == name {
			return &cfg.Profiles[i]
		}
	}
	return nil
}

// resolveCLI returns the credentials of profile name; seen holds the
// profiles a ChainableRamRoleArn chain went through.
func (s *fileSource) resolveCLI(ctx context.Context, cfg *cliConfig, path, name string, seen []string) (iam.Credentials, error) {
	o := &s.opts
	p := findProfile(cfg, name)
	if p == nil {
		if len(seen) > 0 {
			return iam.Credentials{}, badSource("Profile", "profile "+strconv.Quote(seen[len(seen)-1])+" has source_profile "+
				strconv.Quote(name)+", which is not in "+path)
		}
		return iam.Credentials{}, noCredentials("profile " + strconv.Quote(name) + " is not in " + path)
	}
	where := "profile " + strconv.Quote(name) + " of " + path
	need := func(fields ...string) error {
		values := map[string]string{"access_key_id": p.AccessKeyID, "access_key_secret": p.AccessKeySecret, "sts_token": p.StsToken,
			"ram_role_arn": p.RAMRoleARN, "source_profile": p.SourceProfile, "oidc_token_file": p.OIDCTokenFile,
			"oidc_provider_arn": p.OIDCProviderARN}
		var missing []string
		for _, f := range fields {
			if strings.TrimSpace(values[f]) == "" {
				missing = append(missing, f)
			}
		}
		if len(missing) > 0 {
			return badSource("Profile", where+" (mode "+p.Mode+") has no "+strings.Join(missing, ", "))
		}
		return nil
	}
	role := func() AssumeRoleInput {
		return AssumeRoleInput{RoleARN: p.RAMRoleARN, RoleSessionName: p.RAMSessionName, DurationSeconds: p.ExpiredSeconds,
			Policy: p.Policy, ExternalID: p.ExternalID}
	}
	switch p.Mode {
	case cliModeAK:
		if err := need("access_key_id", "access_key_secret"); err != nil {
			return iam.Credentials{}, err
		}
		return staticCredentials(p.AccessKeyID, p.AccessKeySecret, "", time.Time{}), nil
	case cliModeStsToken:
		if err := need("access_key_id", "access_key_secret", "sts_token"); err != nil {
			return iam.Credentials{}, err
		}
		var exp time.Time
		if p.StsExpiration > 0 {
			exp = time.Unix(p.StsExpiration, 0).UTC()
		}
		return staticCredentials(p.AccessKeyID, p.AccessKeySecret, p.StsToken, exp), nil
	case cliModeRAMRoleARN, cliModeChainableRAMRoleARN:
		var src iam.Credentials
		if p.Mode == cliModeRAMRoleARN {
			if err := need("access_key_id", "access_key_secret", "ram_role_arn"); err != nil {
				return iam.Credentials{}, err
			}
			src = staticCredentials(p.AccessKeyID, p.AccessKeySecret, "", time.Time{})
		} else {
			if err := need("source_profile", "ram_role_arn"); err != nil {
				return iam.Credentials{}, err
			}
			seen = append(seen, name)
			for _, n := range seen {
				if n == p.SourceProfile {
					return iam.Credentials{}, badSource("Profile", where+": source_profile "+strconv.Quote(p.SourceProfile)+" makes a loop")
				}
			}
			var err error
			if src, err = s.resolveCLI(ctx, cfg, path, p.SourceProfile, seen); err != nil {
				return iam.Credentials{}, err
			}
		}
		base, err := o.stsEndpoint(p.StsRegion, p.EnableVPC)
		if err != nil {
			return iam.Credentials{}, err
		}
		return o.assumeRole(ctx, base, src, role())
	case cliModeECSRAMRole:
		return o.ecsRAMRole(ctx, strings.TrimSpace(p.RAMRoleName))
	case cliModeOIDC:
		if err := need("ram_role_arn", "oidc_provider_arn", "oidc_token_file"); err != nil {
			return iam.Credentials{}, err
		}
		base, err := o.stsEndpoint(p.StsRegion, p.EnableVPC)
		if err != nil {
			return iam.Credentials{}, err
		}
		return o.assumeRoleWithOIDC(ctx, base, OIDCRoleInput{RoleARN: p.RAMRoleARN, OIDCProviderARN: p.OIDCProviderARN,
			OIDCTokenFile: p.OIDCTokenFile, RoleSessionName: p.RAMSessionName, DurationSeconds: p.ExpiredSeconds, Policy: p.Policy})
	}
	return iam.Credentials{}, badSource("Profile", where+" has mode "+strconv.Quote(p.Mode)+
		"; this package reads AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole and OIDC")
}

// Types of ~/.alibabacloud/credentials sections.
const (
	iniTypeAccessKey  = "access_key"
	iniTypeECSRAMRole = "ecs_ram_role"
	iniTypeRAMRoleARN = "ram_role_arn"
)

// ProfileCredentials returns the source of the credentials file of
// Alibaba's SDKs, ~/.alibabacloud/credentials (ALIBABA_CLOUD_CREDENTIALS_FILE,
// CredentialsOptions.CredentialsFile; INI, no extension): the section
// CredentialsOptions.Profile, else ALIBABA_CLOUD_PROFILE, else [default].
// Its type decides the credentials:
//
//	access_key    access_key_id, access_key_secret
//	ecs_ram_role  the ECS RAM role role_name (ECSRAMRoleCredentials)
//	ram_role_arn  STS AssumeRole of role_arn as role_session_name (policy
//	              optional, 3600 seconds), signed with access_key_id and
//	              access_key_secret
//
// A missing file or section is iam.ErrNoCredentials. The file is read at
// each Retrieve; a file its group or others can read is reported through
// CredentialsOptions.Logger.
func ProfileCredentials(opts CredentialsOptions) iam.CredentialsProvider {
	s := &fileSource{opts: opts}
	return iam.CredentialsProviderFunc(s.iniProfile)
}

func (s *fileSource) iniProfile(ctx context.Context) (iam.Credentials, error) {
	o := &s.opts
	path := o.CredentialsFile
	if path == "" {
		path = o.getenv(EnvCredentialsFile)
	}
	if path == "" {
		home, err := o.home()
		if err != nil {
			return iam.Credentials{}, err
		}
		path = filepath.Join(home, ".alibabacloud", "credentials")
	}
	data, err := s.read(ctx, path, "CredentialsFile")
	if err != nil {
		return iam.Credentials{}, err
	}
	name := o.profileName()
	if name == "" {
		name = "default"
	}
	sec, ok := credfile.INI{}.Parse(data)[name]
	if !ok {
		return iam.Credentials{}, noCredentials("no section [" + name + "] in " + path)
	}
	where := "section [" + name + "] of " + path
	need := func(keys ...string) error {
		var missing []string
		for _, k := range keys {
			if sec[k] == "" {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			return badSource("Profile", where+" (type "+sec["type"]+") has no "+strings.Join(missing, ", "))
		}
		return nil
	}
	var c iam.Credentials
	switch sec["type"] {
	case iniTypeAccessKey:
		if err := need("access_key_id", "access_key_secret"); err != nil {
			return iam.Credentials{}, err
		}
		c = staticCredentials(sec["access_key_id"], sec["access_key_secret"], "", time.Time{})
	case iniTypeECSRAMRole:
		if c, err = o.ecsRAMRole(ctx, sec["role_name"]); err != nil {
			return iam.Credentials{}, err
		}
	case iniTypeRAMRoleARN:
		if err := need("access_key_id", "access_key_secret", "role_arn", "role_session_name"); err != nil {
			return iam.Credentials{}, err
		}
		base, err := o.stsEndpoint("", false)
		if err != nil {
			return iam.Credentials{}, err
		}
		src := staticCredentials(sec["access_key_id"], sec["access_key_secret"], "", time.Time{})
		if c, err = o.assumeRole(ctx, base, src, AssumeRoleInput{RoleARN: sec["role_arn"], RoleSessionName: sec["role_session_name"],
			Policy: sec["policy"]}); err != nil {
			return iam.Credentials{}, err
		}
	case "":
		return iam.Credentials{}, badSource("Profile", where+" has no type (access_key, ecs_ram_role or ram_role_arn)")
	default:
		return iam.Credentials{}, badSource("Profile", where+" has type "+strconv.Quote(sec["type"])+
			"; this package reads access_key, ecs_ram_role and ram_role_arn")
	}
	c.Source = joinSource(SourceProfile, c.Source)
	return c, nil
}

// read reads a file of secrets: a missing file is iam.ErrNoCredentials, a
// file its group or others may read is reported once.
func (s *fileSource) read(ctx context.Context, path, field string) ([]byte, error) {
	data, mode, err := credfile.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noCredentials(path + " does not exist")
	}
	if err != nil {
		return nil, badSource(field, err.Error())
	}
	s.warnShared(ctx, path, mode)
	return data, nil
}

// warnShared reports, once per path and mode, a file holding secrets that
// its group or others may read.
func (s *fileSource) warnShared(ctx context.Context, path string, mode fs.FileMode) {
	if s.opts.Logger == nil || !credfile.Shared(mode) {
		return
	}
	s.mu.Lock()
	if s.warned == nil {
		s.warned = map[string]fs.FileMode{}
	}
	m, done := s.warned[path]
	s.warned[path] = mode
	s.mu.Unlock()
	if done && m == mode {
		return
	}
	credfile.WarnShared(ctx, s.opts.Logger, "aliyun",
		"cloudiam: a file holding Alibaba Cloud credentials can be read by its group or others; chmod 600 it", path, mode)
}
