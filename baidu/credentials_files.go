package baidu

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/credfile"
)

// cliConfig is the bce CLI's ~/.bce/config.json.
type cliConfig struct {
	Current  string       `json:"current"`
	Profiles []cliProfile `json:"profiles"`
}

// cliProfile is one profile of cliConfig. The CLI also keeps region,
// endpoint and language, which concern its own commands, not IAM (global,
// one endpoint).
type cliProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
	SecurityToken   string `json:"security_token"`
}

// CLIConfigCredentials returns the source of Baidu's bce command-line tool:
// a profile of ~/.bce/config.json (CredentialsOptions.ConfigFile), the one
// opts.Profile names, else the file's "current" one, else "default". Its
// mode is "AK" (access_key_id, secret_access_key) or "StsToken" (the same
// and security_token); as the CLI does, a field left empty in the profile is
// taken from BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY or BCE_SECURITY_TOKEN.
// The file is read at each Retrieve; a missing file (or, with no profile
// asked for, a file without the current or default profile) is
// iam.ErrNoCredentials, a named profile that is missing or incomplete is an
// error of Kind iam.ErrInvalidArgument. A file readable by its group or
// others is reported through opts.Logger.
func CLIConfigCredentials(opts CredentialsOptions) iam.CredentialsProvider {
	return iam.CredentialsProviderFunc(func(ctx context.Context) (iam.Credentials, error) {
		path := opts.ConfigFile
		if path == "" {
			h, err := opts.home()
			if err != nil {
				return iam.Credentials{}, err
			}
			path = filepath.Join(h, ".bce", "config.json")
		}
		data, mode, err := readCredentialsFile(path, "ConfigFile")
		if err != nil {
			return iam.Credentials{}, err
		}
		var cfg cliConfig
		if err := json.Unmarshal(data, &cfg); err != nil {
			var se *json.SyntaxError
			msg := "is not the bce CLI's JSON"
			if errors.As(err, &se) {
				msg = "is not valid JSON"
			}
			return iam.Credentials{}, badSource("ConfigFile", path+" "+msg)
		}
		name, named := opts.Profile, opts.Profile != ""
		if name == "" {
			name, named = strings.TrimSpace(cfg.Current), strings.TrimSpace(cfg.Current) != ""
		}
		if name == "" {
			name = "default"
		}
		var p *cliProfile
		for i := range cfg.Profiles {
			if cfg.Profiles[i].Name == name {
				p = &cfg.Profiles[i]
				break
			}
		}
		if p == nil {
			if !named {
				return iam.Credentials{}, noCredentials(path + " has no profile \"default\"")
			}
			return iam.Credentials{}, badSource("Profile", path+" has no profile "+quote(name))
		}
		fill := func(v, env string) string {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
			return opts.getenv(env)
		}
		ak, sk := fill(p.AccessKeyID, EnvAccessKeyID), fill(p.SecretAccessKey, EnvSecretAccessKey)
		var tok string
		where := path + " profile " + quote(name)
		switch {
		case p.Mode == "" || strings.EqualFold(p.Mode, "AK"):
		case strings.EqualFold(p.Mode, "StsToken"):
			if tok = fill(p.SecurityToken, EnvSessionToken); tok == "" {
				return iam.Credentials{}, badSource("Profile", where+" (mode StsToken) has no security_token")
			}
		default:
			return iam.Credentials{}, badSource("Profile", where+" has mode "+quote(p.Mode)+"; this package reads AK and StsToken")
		}
		if ak == "" || sk == "" {
			return iam.Credentials{}, badSource("Profile", where+" has no access_key_id or no secret_access_key")
		}
		warnShared(ctx, opts.Logger, path, mode)
		return iam.Credentials{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), SessionToken: iam.NewSecret(tok),
			Source: SourceCLIConfig + " " + name}, nil
	})
}

// CLICredentialsFileCredentials returns the source of Baidu's older
// (Python) bce CLI: the INI file ~/.bce/credentials
// (CredentialsOptions.CredentialsFile), section [defaults] (or the section
// opts.Profile names), keys bce_access_key_id and bce_secret_access_key, and
// bce_security_token for temporary credentials (that key's name is not
// documented by Baidu; it follows the other two). A missing file or section
// is iam.ErrNoCredentials, unless opts.Profile named the section; a section
// without both keys is an error of Kind iam.ErrInvalidArgument. A file
// readable by its group or others is reported through opts.Logger.
func CLICredentialsFileCredentials(opts CredentialsOptions) iam.CredentialsProvider {
	return iam.CredentialsProviderFunc(func(ctx context.Context) (iam.Credentials, error) {
		path := opts.CredentialsFile
		if path == "" {
			h, err := opts.home()
			if err != nil {
				return iam.Credentials{}, err
			}
			path = filepath.Join(h, ".bce", "credentials")
		}
		data, mode, err := readCredentialsFile(path, "CredentialsFile")
		if err != nil {
			return iam.Credentials{}, err
		}
		section := "defaults"
		if opts.Profile != "" && opts.Profile != "default" {
			section = opts.Profile
		}
		kv, found := credfile.INI{}.Parse(data)[section]
		where := path + " [" + section + "]"
		if !found {
			if opts.Profile != "" {
				return iam.Credentials{}, badSource("Profile", path+" has no section ["+section+"]")
			}
			return iam.Credentials{}, noCredentials(path + " has no section [" + section + "]")
		}
		ak, sk, tok := kv["bce_access_key_id"], kv["bce_secret_access_key"], kv["bce_security_token"]
		if ak == "" || sk == "" {
			return iam.Credentials{}, badSource("CredentialsFile", where+" has no bce_access_key_id or no bce_secret_access_key")
		}
		warnShared(ctx, opts.Logger, path, mode)
		return iam.Credentials{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), SessionToken: iam.NewSecret(tok),
			Source: SourceCLICredentials + " " + section}, nil
	})
}

// readCredentialsFile reads path (at most credfile.MaxSize bytes) and
// returns its permission bits. A missing file is iam.ErrNoCredentials.
func readCredentialsFile(path, field string) ([]byte, fs.FileMode, error) {
	data, mode, err := credfile.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, noCredentials(path + " does not exist")
	}
	if err != nil {
		return nil, 0, badSource(field, err.Error())
	}
	return data, mode, nil
}

// warnShared reports, through logger, a file holding secrets that its group
// or others may read.
func warnShared(ctx context.Context, logger iam.Logger, path string, mode fs.FileMode) {
	credfile.WarnShared(ctx, logger, Scheme,
		"cloudiam: a file holding Baidu credentials is readable by its group or others; make it 0600", path, mode)
}

// quote quotes a name from a file for an error message, escaping control
// characters.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}
