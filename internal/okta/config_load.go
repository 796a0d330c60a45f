package okta

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ConfigSources says where LoadConfig looks. Every source is explicit so that
// tests (and library callers) never read the real home directory or process
// environment by accident.
type ConfigSources struct {
	Env       func(string) string // os.Getenv in main; nil means no environment
	HomeDir   string              // ~/.okta/okta.yaml is read from here; "" skips it
	WorkDir   string              // ./.okta/okta.yaml and ./okta.yaml; "" skips them
	Overrides Config              // flags: every non-zero field wins over everything else
}

// yamlFile is the Okta SDKs' okta.yaml shape. Only the fields we use are
// declared; the SDK's other keys (cache, proxy, rateLimit, ...) are ignored
// rather than rejected, so one okta.yaml can serve several tools. Keys match
// exactly, as in the Okta Go SDK, which reads this file with the same YAML
// library.
type yamlFile struct {
	Okta struct {
		Client struct {
			OrgURL            string   `yaml:"orgUrl"`
			Token             string   `yaml:"token"`
			AuthorizationMode string   `yaml:"authorizationMode"`
			ClientID          string   `yaml:"clientId"`
			Scopes            []string `yaml:"scopes"`
			PrivateKey        string   `yaml:"privateKey"`
			PrivateKeyID      string   `yaml:"privateKeyId"`
		} `yaml:"client"`
	} `yaml:"okta"`
}

// Environment variable names, as the Okta SDKs define them.
const (
	EnvOrgURL       = "OKTA_CLIENT_ORGURL"
	EnvToken        = "OKTA_CLIENT_TOKEN"
	EnvAuthMode     = "OKTA_CLIENT_AUTHORIZATIONMODE"
	EnvClientID     = "OKTA_CLIENT_CLIENTID"
	EnvScopes       = "OKTA_CLIENT_SCOPES"
	EnvPrivateKey   = "OKTA_CLIENT_PRIVATEKEY"
	EnvPrivateKeyID = "OKTA_CLIENT_PRIVATEKEYID"
)

// LoadConfig merges configuration in the Okta SDKs' documented order, each
// later source overriding the earlier ones field by field:
//
//  1. HomeDir/.okta/okta.yaml
//  2. WorkDir/.okta/okta.yaml
//  3. WorkDir/okta.yaml
//  4. OKTA_CLIENT_* environment variables
//  5. non-zero fields of Overrides (command-line flags)
//
// A missing file is skipped; a file that exists but cannot be read or parsed
// is an error naming the file. The result has defaults applied and is
// validated.
func LoadConfig(src ConfigSources) (Config, error) {
	var cfg Config
	var files []string
	if src.HomeDir != "" {
		files = append(files, filepath.Join(src.HomeDir, ".okta", "okta.yaml"))
	}
	if src.WorkDir != "" {
		files = append(files,
			filepath.Join(src.WorkDir, ".okta", "okta.yaml"),
			filepath.Join(src.WorkDir, "okta.yaml"))
	}
	for _, path := range files {
		if err := mergeYAMLFile(&cfg, path); err != nil {
			return Config{}, err
		}
	}
	if src.Env != nil {
		mergeEnv(&cfg, src.Env)
	}
	mergeConfig(&cfg, src.Overrides)

	cfg = cfg.withDefaults()
	mode, ok := normalizeAuthMode(cfg.AuthMode)
	if ok {
		cfg.AuthMode = mode
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func mergeYAMLFile(cfg *Config, path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("okta: reading %s: %w", path, err)
	}
	var f yamlFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		// The parser's message quotes the offending line, which could hold
		// the token itself, so report only where the problem is.
		return fmt.Errorf("okta: %s is not valid okta.yaml: expected okta: { client: { orgUrl, token, ... } }", path)
	}
	c := f.Okta.Client
	mergeConfig(cfg, Config{
		OrgURL:       c.OrgURL,
		Token:        c.Token,
		AuthMode:     c.AuthorizationMode,
		ClientID:     c.ClientID,
		Scopes:       c.Scopes,
		PrivateKey:   c.PrivateKey,
		PrivateKeyID: c.PrivateKeyID,
	})
	return nil
}

func mergeEnv(cfg *Config, env func(string) string) {
	// Comma-separated, as the SDK reads it; spaces are tolerated too because
	// OAuth itself writes scope lists space-separated.
	scopes := strings.FieldsFunc(env(EnvScopes), func(r rune) bool { return r == ',' || r == ' ' })
	mergeConfig(cfg, Config{
		OrgURL:       env(EnvOrgURL),
		Token:        env(EnvToken),
		AuthMode:     env(EnvAuthMode),
		ClientID:     env(EnvClientID),
		Scopes:       scopes,
		PrivateKey:   unescapeNewlines(env(EnvPrivateKey)),
		PrivateKeyID: env(EnvPrivateKeyID),
	})
}

// unescapeNewlines turns a PEM squeezed onto one line with literal "\n"
// (the usual way to put a key into a CI secret or .env file) back into PEM.
func unescapeNewlines(s string) string {
	if strings.Contains(s, "-----BEGIN") && !strings.Contains(s, "\n") {
		return strings.ReplaceAll(s, `\n`, "\n")
	}
	return s
}

// mergeConfig copies every non-zero field of src over dst. Secrets and URLs
// are trimmed because values pasted into env vars or files often carry a
// trailing newline.
func mergeConfig(dst *Config, src Config) {
	setString := func(d *string, s string) {
		if s = strings.TrimSpace(s); s != "" {
			*d = s
		}
	}
	setString(&dst.OrgURL, src.OrgURL)
	setString(&dst.AuthMode, src.AuthMode)
	setString(&dst.Token, src.Token)
	setString(&dst.ClientID, src.ClientID)
	setString(&dst.PrivateKey, src.PrivateKey)
	setString(&dst.PrivateKeyID, src.PrivateKeyID)
	setString(&dst.UserAgent, src.UserAgent)
	if len(src.Scopes) > 0 {
		dst.Scopes = append([]string(nil), src.Scopes...)
	}
	if src.MaxCapacity != 0 {
		dst.MaxCapacity = src.MaxCapacity
	}
	if src.MaxInFlight != 0 {
		dst.MaxInFlight = src.MaxInFlight
	}
	if src.MaxRetries != 0 {
		dst.MaxRetries = src.MaxRetries
	}
	if src.RetryBaseDelay != 0 {
		dst.RetryBaseDelay = src.RetryBaseDelay
	}
	if src.RetryMaxDelay != 0 {
		dst.RetryMaxDelay = src.RetryMaxDelay
	}
	if src.HTTPClient != nil {
		dst.HTTPClient = src.HTTPClient
	}
	if src.Observer != nil {
		dst.Observer = src.Observer
	}
}
