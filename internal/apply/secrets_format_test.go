package apply

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

func TestTypedSecrets(t *testing.T) {
	pem := "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
	file := filepath.Join(t.TempDir(), "secrets.yaml")
	if err := os.WriteFile(file, []byte(`SA_FILE:
  type: service_account
  port: 443
PEM_FILE: |
  -----BEGIN PRIVATE KEY-----
  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
  -----END PRIVATE KEY-----
TEXT_FILE: plain
`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{
		SecretEnvPrefix + `SA_ENV={"type":"service_account","n":1}`,
		SecretEnvPrefix + "PEM_ESCAPED=" + strings.ReplaceAll(pem, "\n", `\n`),
		SecretEnvPrefix + "PEM_REAL=" + pem,
		SecretEnvPrefix + "NOT_JSON=s3cr3t{",
		SecretEnvPrefix + "NOT_PEM=s3cr3t-key",
	}
	s, err := loadSecrets(file, env)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		format  model.SecretFormat
		want    any
		wantErr string
	}{
		{"SA_FILE", model.SecretJSON, map[string]any{"type": "service_account", "port": jsonNum("443")}, ""},
		{"SA_ENV", model.SecretJSON, map[string]any{"type": "service_account", "n": jsonNum("1")}, ""},
		{"NOT_JSON", model.SecretJSON, nil, "secret NOT_JSON must be a JSON object"},
		{"TEXT_FILE", model.SecretJSON, nil, "secret TEXT_FILE must be a JSON object"},
		{"PEM_FILE", model.SecretPEM, pem, ""},
		{"PEM_ESCAPED", model.SecretPEM, pem, ""},
		{"PEM_REAL", model.SecretPEM, pem, ""},
		{"NOT_PEM", model.SecretPEM, nil, "secret NOT_PEM must be a PEM block"},
		{"SA_FILE", model.SecretPEM, nil, "secret SA_FILE must be a PEM block, not a mapping"},
		{"SA_FILE", model.SecretText, nil, "secret SA_FILE is a mapping, but its field takes text"},
		{"TEXT_FILE", model.SecretText, "plain", ""},
	}
	for _, tt := range tests {
		v, ok, err := s.typed(tt.name, tt.format)
		if !ok {
			t.Errorf("%s: no value", tt.name)
			continue
		}
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("%s as %s: err = %v, want %q without the value", tt.name, tt.format, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s as %s: %v", tt.name, tt.format, err)
			continue
		}
		if diff := cmp.Diff(tt.want, v); diff != "" {
			t.Errorf("%s as %s (-want +got):\n%s", tt.name, tt.format, diff)
		}
	}
	if _, ok, _ := s.typed("MISSING", model.SecretJSON); ok {
		t.Error("a missing secret has a value")
	}
}

func jsonNum(s string) any {
	v, _ := model.ParseJSON([]byte(s))
	return v
}

func TestMaskStructuredSecrets(t *testing.T) {
	sa := `{"type":"service_account","client_email":"push@acme.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n","id":"x"}`
	pem := "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
	s, err := loadSecrets("", []string{SecretEnvPrefix + "SA=" + sa, SecretEnvPrefix + "KEY=" + pem, SecretEnvPrefix + "PW=a\"quoted\"pw"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		// A leaf of a JSON secret, quoted by an error.
		{"client_email: 'push@acme.iam.gserviceaccount.com' is not valid", "client_email: '${secret:SA}' is not valid"},
		// One line of a PEM block (from either secret: the SA's key is
		// the same block, and the lower name wins).
		{"bad line MIIEvQIBADANBgkqhkiG9w0BAQEFAASC here", "bad line ${secret:KEY} here"},
		// A value as a JSON body escapes it.
		{`{"errorCauses":[{"errorSummary":"a\"quoted\"pw"}]}`, `{"errorCauses":[{"errorSummary":"${secret:PW}"}]}`},
		{`key "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"`, `key "${secret:KEY}"`},
		// Short leaves ("x", "service_account" is long enough) are left:
		// masking them would garble every message.
		{"id x, type service_account", "id x, type ${secret:SA}"},
	}
	for _, tt := range tests {
		if got := s.mask(tt.in); got != tt.want {
			t.Errorf("mask(%q)\n  = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
