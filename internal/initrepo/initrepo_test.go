package initrepo_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/oktasync/oktasync/internal/initrepo"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// TestExamplesMatchTemplates keeps one source of truth: the workflows in
// examples/github-actions are byte-identical copies of the templates that
// `oktasync init` writes.
func TestExamplesMatchTemplates(t *testing.T) {
	examples := filepath.Join("..", "..", "examples", "github-actions")
	var want []string
	for _, name := range initrepo.Workflows() {
		want = append(want, name)
		tmpl, err := initrepo.Template(name)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := os.ReadFile(filepath.Join(examples, name))
		if err != nil {
			t.Errorf("%v: copy it with: cp internal/initrepo/templates/%s examples/github-actions/", err, name)
			continue
		}
		if !bytes.Equal(tmpl, ex) {
			t.Errorf("examples/github-actions/%s differs from internal/initrepo/templates/%s; the template is the source: cp internal/initrepo/templates/*.yml examples/github-actions/", name, name)
		}
	}
	got, _ := filepath.Glob(filepath.Join(examples, "*.yml"))
	for i := range got {
		got[i] = filepath.Base(got[i])
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("examples/github-actions has %v, the templates %v", got, want)
	}
}

func TestWriteFresh(t *testing.T) {
	dir := t.TempDir()
	res, err := initrepo.Write(initrepo.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != len(initrepo.Files())-2 || len(res.Overwritten) != 0 ||
		res.Readme != initrepo.ReadmeCreated || res.Gitignore != initrepo.ReadmeCreated {
		t.Fatalf("%+v", res)
	}
	for _, f := range initrepo.Files() {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Target)))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := initrepo.Template(f.Template)
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not its template", f.Target)
		}
	}
}

// TestWriteRefuses: one existing file stops the whole init, before
// anything is written.
func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, ".github", "workflows", "plan.yml"), "mine\n")
	mustWrite(t, filepath.Join(dir, "okta.yaml"), "mine\n")
	_, err := initrepo.Write(initrepo.Options{Dir: dir})
	var ee *initrepo.ExistsError
	if !errors.As(err, &ee) || strings.Join(ee.Paths, ",") != ".github/workflows/plan.yml,okta.yaml" || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("err %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".github", "workflows", "apply.yml")); !errors.Is(err, os.ErrNotExist) {
		t.Error("apply.yml was written despite the refusal")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "okta.yaml")); string(got) != "mine\n" {
		t.Error("okta.yaml was changed")
	}

	res, err := initrepo.Write(initrepo.Options{Dir: dir, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Overwritten, ",") != ".github/workflows/plan.yml,okta.yaml" {
		t.Errorf("overwritten %v", res.Overwritten)
	}
	want, _ := initrepo.Template("plan.yml")
	if got, _ := os.ReadFile(filepath.Join(dir, ".github", "workflows", "plan.yml")); !bytes.Equal(got, want) {
		t.Error("--force did not replace plan.yml")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".github", "workflows", ".oktasync-init-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestReadmeSection: an existing README gets the section appended once;
// init again keeps it; --force replaces it in place.
func TestReadmeSection(t *testing.T) {
	dir := t.TempDir()
	readme := filepath.Join(dir, "README.md")
	mustWrite(t, readme, "# Our IAM repo\n\nHello.")
	res, err := initrepo.Write(initrepo.Options{Dir: dir})
	if err != nil || res.Readme != initrepo.ReadmeAppended {
		t.Fatalf("%+v %v", res, err)
	}
	section, _ := initrepo.Template("README.md")
	want := "# Our IAM repo\n\nHello.\n\n" + string(section)
	if got, _ := os.ReadFile(readme); string(got) != want {
		t.Fatalf("README:\n%s", got)
	}
	mustWrite(t, readme, strings.Replace(want, "## Okta configuration", "## Okta configuration (edited)", 1)+"\n## Later section\n")
	res, err = initrepo.Write(initrepo.Options{Dir: dir, Force: true})
	if err != nil || res.Readme != initrepo.ReadmeReplaced {
		t.Fatalf("%+v %v", res, err)
	}
	got, _ := os.ReadFile(readme)
	if string(got) != want+"\n## Later section\n" {
		t.Errorf("README after --force:\n%s", got)
	}
	if err := os.Remove(filepath.Join(dir, "okta.yaml")); err != nil {
		t.Fatal(err)
	}
	for _, f := range initrepo.Files()[:4] {
		_ = os.Remove(filepath.Join(dir, filepath.FromSlash(f.Target)))
	}
	_ = os.RemoveAll(filepath.Join(dir, "vars"))
	res, err = initrepo.Write(initrepo.Options{Dir: dir})
	if err != nil || res.Readme != initrepo.ReadmeKept {
		t.Fatalf("%+v %v", res, err)
	}
}

// TestGitignoreSection: an existing .gitignore keeps its rules and gets
// oktasync's section appended, once; --force replaces the section only.
func TestGitignoreSection(t *testing.T) {
	dir := t.TempDir()
	ignore := filepath.Join(dir, ".gitignore")
	mustWrite(t, ignore, "node_modules/\n")
	res, err := initrepo.Write(initrepo.Options{Dir: dir})
	if err != nil || res.Gitignore != initrepo.ReadmeAppended {
		t.Fatalf("%+v %v", res, err)
	}
	section, _ := initrepo.Template("gitignore")
	want := "node_modules/\n\n" + string(section)
	if got, _ := os.ReadFile(ignore); string(got) != want {
		t.Fatalf(".gitignore:\n%s", got)
	}
	res, err = initrepo.Write(initrepo.Options{Dir: dir, Force: true})
	if err != nil || res.Gitignore != initrepo.ReadmeReplaced {
		t.Fatalf("%+v %v", res, err)
	}
	if got, _ := os.ReadFile(ignore); string(got) != want {
		t.Fatalf(".gitignore after --force:\n%s", got)
	}
}

// TestStarterFiles: okta.yaml holds no credential and is understood by
// the client's loader (which then asks for the real org URL); the var
// files load and define the same names.
func TestStarterFiles(t *testing.T) {
	dir := t.TempDir()
	if _, err := initrepo.Write(initrepo.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "okta.yaml"))
	var doc map[string]map[string]map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if keys := doc["okta"]["client"]; len(keys) != 1 || keys["orgUrl"] == nil {
		t.Errorf("okta.yaml sets %v; it must set only orgUrl", keys)
	}
	_, err := okta.LoadConfig(okta.ConfigSources{WorkDir: dir, Env: func(k string) string {
		if k == okta.EnvToken {
			return "t"
		}
		return ""
	}})
	if err == nil || !strings.Contains(err.Error(), "{yourOktaDomain}") {
		t.Errorf("LoadConfig: %v, want the placeholder explained", err)
	}

	names := func(file string) string {
		vars, err := plan.LoadVars([]string{filepath.Join(dir, "vars", file)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var ks []string
		for k := range vars {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return strings.Join(ks, ",")
	}
	if p, q := names("preview.yaml"), names("production.yaml"); p != q || p == "" {
		t.Errorf("preview defines %s, production %s", p, q)
	}
}

// workflow is the part of a workflow file the structure test reads.
type workflow struct {
	On          map[string]any `yaml:"on"`
	Permissions map[string]any `yaml:"permissions"`
	Concurrency struct {
		Group            string `yaml:"group"`
		CancelInProgress bool   `yaml:"cancel-in-progress"`
	} `yaml:"concurrency"`
	Jobs map[string]struct {
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestWorkflowRules checks what actionlint cannot: the safety properties
// the workflows promise.
func TestWorkflowRules(t *testing.T) {
	wf := map[string]workflow{}
	for _, name := range initrepo.Workflows() {
		data, _ := initrepo.Template(name)
		var w workflow
		if err := yaml.Unmarshal(data, &w); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		wf[name] = w
		if len(w.Permissions) != 0 {
			t.Errorf("%s: the workflow grants %v; grant per job only", name, w.Permissions)
		}
		for id, j := range w.Jobs {
			if len(j.Permissions) == 0 {
				t.Errorf("%s: job %s has no permissions block", name, id)
			}
			for p, v := range j.Permissions {
				if v == "write" && !map[string]bool{"pull-requests": true, "issues": true, "contents": name == "backup.yml"}[p] {
					t.Errorf("%s: job %s may write %s", name, id, p)
				}
			}
			for _, s := range j.Steps {
				// Secrets go to the oktasync action's inputs, never to a
				// third-party action or a shell step.
				for k, v := range s.With {
					if strings.Contains(v, "secrets.") && !strings.HasPrefix(s.Uses, "oktasync/oktasync@") {
						t.Errorf("%s: step %q gets a secret in %s", name, s.Uses, k)
					}
				}
				if strings.Contains(s.Run, "secrets.") {
					t.Errorf("%s: a run step reads a secret", name)
				}
			}
		}
	}
	if c := wf["apply.yml"].Concurrency; c.Group == "" || c.CancelInProgress {
		t.Errorf("apply.yml must serialise applies without cancelling one: %+v", c)
	}
	steps := func(name string) string {
		var b strings.Builder
		for _, j := range wf[name].Jobs {
			for _, s := range j.Steps {
				b.WriteString(s.With["command"] + "\n" + s.Run + "\n")
			}
		}
		return b.String()
	}
	for name, wants := range map[string][]string{
		"plan.yml":   {`validate "$TREE"`, "plan --dir", "--format markdown", "--out plan.json", "--detailed-exitcode", "oktasync github comment"},
		"apply.yml":  {"oktasync github find-plan", "apply reviewed-plan/plan.json", "stale plan"},
		"backup.yml": {`export --out "$TREE"`, "git push"},
		"drift.yml":  {"--detailed-exitcode", "oktasync github issue", "--close-if-empty"},
	} {
		for _, want := range wants {
			if !strings.Contains(steps(name), want) {
				t.Errorf("%s does not run %q", name, want)
			}
		}
	}
	// apply must never plan: only the reviewed plan.json is applied.
	if s := steps("apply.yml"); strings.Contains(s, "plan --dir") || strings.Contains(s, "--auto-approve") {
		t.Error("apply.yml plans by itself")
	}
}

func mustWrite(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
