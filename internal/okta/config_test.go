package okta

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfigPrecedence(t *testing.T) {
	const home = `okta:
  client:
    orgUrl: https://home.okta.com
    token: home-token
    clientId: home-client
    scopes: [okta.groups.read]
    cache: {enabled: true}   # SDK keys we do not use are ignored
`
	const dotOkta = `okta:
  client:
    orgUrl: https://dotokta.okta.com
    token: dotokta-token
`
	const work = `okta:
  client:
    orgUrl: https://work.okta.com
`
	tests := []struct {
		name      string
		home      string
		dotOkta   string
		work      string
		env       map[string]string
		overrides Config
		want      Config
	}{
		{
			name: "home only",
			home: home,
			want: Config{OrgURL: "https://home.okta.com", Token: "home-token", ClientID: "home-client", Scopes: []string{"okta.groups.read"}},
		},
		{
			name: "project files override home field by field",
			home: home, dotOkta: dotOkta, work: work,
			want: Config{OrgURL: "https://work.okta.com", Token: "dotokta-token", ClientID: "home-client", Scopes: []string{"okta.groups.read"}},
		},
		{
			name: "env overrides files",
			home: home, work: work,
			env:  map[string]string{EnvOrgURL: "https://env.okta.com", EnvToken: " env-token\n", EnvScopes: "okta.apps.read, okta.groups.manage"},
			want: Config{OrgURL: "https://env.okta.com", Token: "env-token", ClientID: "home-client", Scopes: []string{"okta.apps.read", "okta.groups.manage"}},
		},
		{
			name:      "flags override env",
			home:      home,
			env:       map[string]string{EnvOrgURL: "https://env.okta.com", EnvToken: "env-token"},
			overrides: Config{OrgURL: "https://flag.okta.com", MaxCapacity: 50},
			want:      Config{OrgURL: "https://flag.okta.com", Token: "env-token", ClientID: "home-client", Scopes: []string{"okta.groups.read"}, MaxCapacity: 50},
		},
		{
			name: "env alone, sandbox on loopback",
			env:  map[string]string{EnvOrgURL: "http://127.0.0.1:8080", EnvToken: "t"},
			want: Config{OrgURL: "http://127.0.0.1:8080", Token: "t"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			homeDir, workDir := t.TempDir(), t.TempDir()
			if tt.home != "" {
				writeFile(t, filepath.Join(homeDir, ".okta", "okta.yaml"), tt.home)
			}
			if tt.dotOkta != "" {
				writeFile(t, filepath.Join(workDir, ".okta", "okta.yaml"), tt.dotOkta)
			}
			if tt.work != "" {
				writeFile(t, filepath.Join(workDir, "okta.yaml"), tt.work)
			}
			got, err := LoadConfig(ConfigSources{Env: envMap(tt.env), HomeDir: homeDir, WorkDir: workDir, Overrides: tt.overrides})
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			want := tt.want.withDefaults()
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Config{}, "HTTPClient", "Observer")); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadConfigPrivateKeyFromEnv(t *testing.T) {
	pemKey := ecPEM(t)
	oneLine := strings.ReplaceAll(strings.TrimSpace(pemKey), "\n", `\n`)
	got, err := LoadConfig(ConfigSources{Env: envMap(map[string]string{
		EnvOrgURL:       "https://example.okta.com",
		EnvAuthMode:     "privatekey",
		EnvClientID:     "0oaCLIENT",
		EnvScopes:       "okta.groups.manage,okta.apps.manage",
		EnvPrivateKey:   oneLine,
		EnvPrivateKeyID: "kid1",
	})})
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	if got.AuthMode != AuthModePrivateKey || got.PrivateKey != strings.TrimSpace(pemKey) || got.PrivateKeyID != "kid1" {
		t.Errorf("got mode %q, key restored %v, kid %q", got.AuthMode, got.PrivateKey == strings.TrimSpace(pemKey), got.PrivateKeyID)
	}
	if diff := cmp.Diff([]string{"okta.groups.manage", "okta.apps.manage"}, got.Scopes); diff != "" {
		t.Errorf("scopes (-want +got):\n%s", diff)
	}
}

func TestLoadConfigBadYAMLNamesFileNotContent(t *testing.T) {
	workDir := t.TempDir()
	path := filepath.Join(workDir, "okta.yaml")
	writeFile(t, path, "okta:\n  client:\n    token: "+testToken+"\n   orgUrl: [broken\n")
	_, err := LoadConfig(ConfigSources{WorkDir: workDir})
	if err == nil {
		t.Fatal("want an error for broken okta.yaml")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	assertNoSecret(t, "yaml error", err.Error(), testToken)
}

func TestLoadConfigMissingFilesAreSkipped(t *testing.T) {
	_, err := LoadConfig(ConfigSources{HomeDir: t.TempDir(), WorkDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "OKTA_CLIENT_ORGURL or --org-url") {
		t.Fatalf("want the missing org URL message, got %v", err)
	}
}

func TestValidate(t *testing.T) {
	key := ecPEM(t)
	ok := Config{OrgURL: "https://example.okta.com", Token: testToken}
	pk := Config{OrgURL: "https://example.okta.com", AuthMode: AuthModePrivateKey, ClientID: "c", Scopes: []string{"okta.groups.read"}, PrivateKey: key}
	with := func(c Config, f func(*Config)) Config { f(&c); return c }
	tests := []struct {
		name    string
		cfg     Config
		wantErr string // substring; "" means valid
	}{
		{"ssws ok", ok, ""},
		{"private key ok", pk, ""},
		{"trailing slash ok", with(ok, func(c *Config) { c.OrgURL = "https://example.okta.com/" }), ""},
		{"http loopback v4", with(ok, func(c *Config) { c.OrgURL = "http://127.0.0.1:8080" }), ""},
		{"http loopback 127/8", with(ok, func(c *Config) { c.OrgURL = "http://127.3.2.1:1" }), ""},
		{"http loopback v6", with(ok, func(c *Config) { c.OrgURL = "http://[::1]:8080" }), ""},
		{"http localhost", with(ok, func(c *Config) { c.OrgURL = "http://localhost:8080" }), ""},
		{"missing org url", with(ok, func(c *Config) { c.OrgURL = "" }), "set OKTA_CLIENT_ORGURL or --org-url"},
		{"http remote", with(ok, func(c *Config) { c.OrgURL = "http://example.okta.com" }), "must use https"},
		{"http lookalike of loopback", with(ok, func(c *Config) { c.OrgURL = "http://127.0.0.1.example.com" }), "must use https"},
		{"http private address", with(ok, func(c *Config) { c.OrgURL = "http://10.0.0.1" }), "must use https"},
		{"no scheme", with(ok, func(c *Config) { c.OrgURL = "example.okta.com" }), "malformed"},
		{"other scheme", with(ok, func(c *Config) { c.OrgURL = "ftp://example.okta.com" }), "https://"},
		{"garbage", with(ok, func(c *Config) { c.OrgURL = "https://exa mple.com" }), "malformed"},
		{"path", with(ok, func(c *Config) { c.OrgURL = "https://example.okta.com/api/v1" }), "no path"},
		{"admin host", with(ok, func(c *Config) { c.OrgURL = "https://example-admin.okta.com" }), "-admin"},
		{"placeholder", with(ok, func(c *Config) { c.OrgURL = "https://{yourOktaDomain}" }), "placeholder"},
		{"missing token", with(ok, func(c *Config) { c.Token = "" }), "OKTA_CLIENT_TOKEN"},
		{"unknown mode", with(ok, func(c *Config) { c.AuthMode = "Basic" }), "OKTA_CLIENT_AUTHORIZATIONMODE"},
		{"pk missing client id", with(pk, func(c *Config) { c.ClientID = "" }), "OKTA_CLIENT_CLIENTID"},
		{"pk missing scopes", with(pk, func(c *Config) { c.Scopes = nil }), "OKTA_CLIENT_SCOPES"},
		{"pk missing key", with(pk, func(c *Config) { c.PrivateKey = "" }), "OKTA_CLIENT_PRIVATEKEY"},
		{"pk bad key", with(pk, func(c *Config) { c.PrivateKey = "not a key" }), "neither PEM nor a JWK"},
		{"capacity too high", with(ok, func(c *Config) { c.MaxCapacity = 101 }), "out of range"},
		{"capacity negative", with(ok, func(c *Config) { c.MaxCapacity = -1 }), "out of range"},
		{"in flight negative", with(ok, func(c *Config) { c.MaxInFlight = -1 }), "at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Validate = %v, want error containing %q", err, tt.wantErr)
			}
			if err != nil {
				assertNoSecret(t, "validation error", err.Error(), tt.cfg.Token, tt.cfg.PrivateKey)
			}
		})
	}
}

func TestConfigNeverPrintsSecrets(t *testing.T) {
	key := ecPEM(t)
	cfg := Config{OrgURL: "https://example.okta.com", Token: testToken, PrivateKey: key, ClientID: "0oaCLIENT"}
	keyBody := strings.Split(key, "\n")[1] // a line of base64 from inside the PEM

	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "cfg", cfg)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "cfg", &cfg)
	printed := fmt.Sprintf("%v %+v %#v %s %q %x %d %v", cfg, cfg, cfg, cfg, cfg, cfg, cfg, &cfg) +
		fmt.Sprint(cfg, []Config{cfg}, map[string]Config{"a": cfg}, struct{ C Config }{cfg}) + logs.String()

	assertNoSecret(t, "printed Config", printed, testToken, keyBody)
	if !strings.Contains(printed, "https://example.okta.com") || !strings.Contains(printed, "0oaCLIENT") {
		t.Errorf("printed Config lost its non-secret fields: %s", printed)
	}
	if !strings.Contains(printed, "REDACTED") {
		t.Errorf("printed Config does not show that a token is set: %s", printed)
	}

	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	assertNoSecret(t, "printed Client", fmt.Sprintf("%v %+v %#v %s %d", c, c, c, c, c)+fmt.Sprint(*c), testToken)
}

// ecPEM returns a fresh P-256 key as SEC 1 PEM.
func ecPEM(t *testing.T) string {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
}
