package apply

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/tree"
	"github.com/oktasync/oktasync/schemas"
)

// org is a sandbox org behind a loopback server, with a client.
type org struct {
	srv    *sandbox.Server
	client *okta.Client
	url    string
	reg    *model.Registry
}

func registry(t testing.TB) *model.Registry {
	t.Helper()
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func newOrg(t testing.TB, reg *model.Registry, opts sandbox.Options) *org {
	t.Helper()
	opts.Token = "apply-test-token"
	if opts.RateScale == 0 {
		// One-second windows: a test reads and writes a sample org several
		// times, which at real one-minute limits would wait for resets.
		opts.RateScale = 60
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c, err := okta.New(okta.Config{OrgURL: hs.URL, Token: opts.Token,
		RetryBaseDelay: 5 * time.Millisecond, RetryMaxDelay: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return &org{srv: srv, client: c, url: hs.URL, reg: reg}
}

// read is the Read function Run takes: the whole org.
func (o *org) read(ctx context.Context) (*model.Snapshot, error) {
	res, err := export.Read(ctx, o.client, o.reg, export.Options{})
	if err != nil {
		return nil, err
	}
	return res.Snapshot, nil
}

// readKinds is the Read function the CLI passes: only the kinds a plan
// touches (and what export adds to write their references).
func (o *org) readKinds(kinds []string) func(context.Context) (*model.Snapshot, error) {
	return func(ctx context.Context) (*model.Snapshot, error) {
		res, err := export.Read(ctx, o.client, o.reg, export.Options{Kinds: kinds})
		if err != nil {
			return nil, err
		}
		return res.Snapshot, nil
	}
}

func (o *org) snapshot(t testing.TB) *model.Snapshot {
	t.Helper()
	s, err := o.read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// viaFiles writes a snapshot as a tree and reads it back, as a user's
// repository would hold it.
func viaFiles(t testing.TB, reg *model.Registry, s *model.Snapshot) (*model.Snapshot, string) {
	t.Helper()
	dir := t.TempDir()
	if _, err := tree.Write(dir, s); err != nil {
		t.Fatal(err)
	}
	out, problems := tree.Read(dir, reg)
	for _, p := range problems {
		if p.Severity == model.SeverityError {
			t.Fatalf("reading the tree back: %v", p)
		}
	}
	return out, dir
}

func computePlan(t testing.TB, reg *model.Registry, desired, current *model.Snapshot, opts plan.Options) *plan.Plan {
	t.Helper()
	opts.Registry = reg
	p, err := plan.Compute(desired, current, opts)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return p
}

// secretEnv gives every secret the plan names a value, in the environment
// form Run reads, made from the name in the form its field takes
// (SecretField.Format): a text secret is a UUID, the shape Okta requires
// of some (a Splunk HEC token) and one every text field accepts; a JSON
// secret a service account key; a PEM secret a private key block.
func secretEnv(p *plan.Plan) []string {
	reg := defaultRegistry()
	formats := map[string]model.SecretFormat{}
	for _, s := range p.Steps {
		k, _ := reg.Kind(s.Kind)
		for _, n := range secretsIn(s.Body) {
			formats[n] = model.SecretText
		}
		if k == nil {
			continue
		}
		for _, sf := range k.Secrets {
			for _, m := range model.Find(s.Body, sf.Path) {
				if str, ok := m.Value.(string); ok {
					for _, n := range secretsIn(map[string]any{"v": str}) {
						formats[n] = sf.Format
					}
				}
			}
		}
	}
	var out []string
	for n, f := range formats {
		h := fmt.Sprintf("%x", sha256.Sum256([]byte(n)))
		uuid := h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
		v := uuid
		switch f {
		case model.SecretJSON:
			v = `{"type":"service_account","project_id":"project-` + h[:8] + `","private_key_id":"` + h[:40] +
				`","private_key":"-----BEGIN PRIVATE KEY-----\n` + h + `\n-----END PRIVATE KEY-----\n","client_email":"svc-` + h[:8] + `@example.iam.gserviceaccount.com"}`
		case model.SecretPEM:
			v = "-----BEGIN PRIVATE KEY-----\n" + h + "\n" + h[:32] + "\n-----END PRIVATE KEY-----\n"
		case model.SecretText:
		}
		out = append(out, SecretEnvPrefix+n+"="+v)
	}
	sort.Strings(out)
	return out
}

var defaultReg struct {
	once sync.Once
	reg  *model.Registry
}

// defaultRegistry is the built-in registry, built once per test binary.
func defaultRegistry() *model.Registry {
	defaultReg.once.Do(func() {
		reg, err := model.NewRegistry(schemas.FS())
		if err != nil {
			panic(err)
		}
		defaultReg.reg = reg
	})
	return defaultReg.reg
}

// readFiles maps every file under dir to its content.
func readFiles(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// failures describes the failed steps of a report for a test message.
func failures(r *Report) string {
	var b strings.Builder
	for _, s := range r.RootCauses() {
		b.WriteString("\n  " + s.ID + ": " + s.detail(RenderOptions{}))
	}
	return b.String()
}
