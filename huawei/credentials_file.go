package huawei

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/credfile"
)

// maxCredentialsFile bounds what is read of a credentials or token file.
const maxCredentialsFile = credfile.MaxSize

// ProfileCredentials returns, cached, the credentials of a section of the
// credentials file of Huawei's SDKs: HUAWEICLOUD_SDK_CREDENTIALS_FILE, else
// ~/.huaweicloud/credentials, an INI file whose sections are the
// credential types:
//
//	[global]
//	ak = ...
//	sk = ...
//	security_token = ...   ; optional, temporary AK/SK
//	domain_id = ...        ; optional, else looked up by the client
//	iam_endpoint = ...     ; optional, for federation
//	idp_id = ...           ; with id_token_file: OIDC federation
//	id_token_file = ...
//	[basic]
//	ak = ...
//	sk = ...
//	project_id = ...
//
// CredentialsOptions.Profile picks the section: "global" by default, as
// Huawei's SDKs read for IAM (a global service); "basic" or any other
// section may be named. Keys and section names are matched without regard
// to case; ';' and '#' start comments (inline ones after a space). A
// missing file or section matches iam.ErrNoCredentials; a section without
// ak and sk (or idp_id and id_token_file) is a configuration error. A
// file readable by its group or by others is read, with a warning through
// CredentialsOptions.Logger.
func ProfileCredentials(o CredentialsOptions) *iam.CredentialsCache {
	return o.cache(&profileSource{o: o}, o.refreshBefore())
}

type profileSource struct {
	o CredentialsOptions

	mu  sync.Mutex
	fed *federationSource
}

// path returns the credentials file's path.
func (s *profileSource) path() (string, error) {
	if s.o.CredentialsFile != "" {
		return s.o.CredentialsFile, nil
	}
	if p := strings.TrimSpace(s.o.getenv(EnvCredentialsFile)); p != "" {
		return p, nil
	}
	home := s.o.HomeDir
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", noCredentials("no home directory to find .huaweicloud/credentials in")
		}
		home = h
	}
	return filepath.Join(home, ".huaweicloud", "credentials"), nil
}

func (s *profileSource) Retrieve(ctx context.Context) (iam.Credentials, error) {
	path, err := s.path()
	if err != nil {
		return iam.Credentials{}, err
	}
	data, err := readSecretFile(ctx, path, s.o.Logger)
	if err != nil {
		return iam.Credentials{}, err
	}
	name := strings.ToLower(s.o.Profile)
	if name == "" {
		name = DefaultProfile
	}
	sections := credfile.INI{FoldSections: true}.Parse(data)
	sec, ok := sections[name]
	if !ok {
		return iam.Credentials{}, noCredentials(path + " has no [" + name + "] section")
	}
	src := "profile " + name
	if idp, tf := sec["idp_id"], sec["id_token_file"]; idp != "" || tf != "" {
		if idp == "" || tf == "" {
			return iam.Credentials{}, fileError(path, name, "idp_id and id_token_file must be set together")
		}
		s.mu.Lock()
		ep := s.o.iamEndpoint(sec["iam_endpoint"])
		if s.fed == nil || s.fed.idp != idp || s.fed.tokenFile != tf || s.fed.endpoint != ep {
			s.fed = newFederationSource(idp, tf, ep, s.o)
		}
		f := s.fed
		s.mu.Unlock()
		return f.Retrieve(ctx)
	}
	ak, sk := sec["ak"], sec["sk"]
	switch {
	case ak == "" && sk == "":
		return iam.Credentials{}, fileError(path, name, "ak and sk are not set")
	case ak == "":
		return iam.Credentials{}, fileError(path, name, "ak is not set")
	case sk == "":
		return iam.Credentials{}, fileError(path, name, "sk is not set")
	}
	noteDomain(ak, sec["domain_id"])
	return iam.Credentials{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk),
		SessionToken: iam.NewSecret(sec["security_token"]), Source: src}, nil
}

func fileError(path, section, why string) error {
	return &iam.Error{Provider: Scheme, Op: "Credentials", Kind: iam.ErrInvalidArgument,
		Message: path + " [" + section + "]: " + why}
}

// readSecretFile reads a file holding secrets: a missing file matches
// iam.ErrNoCredentials; a file readable by group or others is read with a
// warning through logger.
func readSecretFile(ctx context.Context, path string, logger iam.Logger) ([]byte, error) {
	data, mode, err := credfile.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noCredentials(path + " does not exist")
	}
	if err != nil {
		return nil, &iam.Error{Provider: Scheme, Op: "Credentials", Kind: iam.ErrInvalidArgument, Err: err}
	}
	credfile.WarnShared(ctx, logger, Scheme, "cloudiam: credentials file is readable by its group or others; chmod 600 it", path, mode)
	return data, nil
}
