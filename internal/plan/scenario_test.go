package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/sandbox/testkinds"
	"github.com/oktasync/oktasync/internal/tree"
)

// update rewrites the golden files: go test ./internal/plan -update
var update = flag.Bool("update", false, "rewrite golden files")

// newRegistry builds the built-in registry with the repository's schemas.
func newRegistry(t testing.TB) *model.Registry {
	t.Helper()
	reg, err := model.NewRegistry(os.DirFS("../../schemas"))
	if err != nil {
		t.Fatalf("NewRegistry: %v", err)
	}
	return reg
}

// scenarioKinds are the descriptors a scenario plans with, and their
// schemas: the built-in kinds, plus the test-only kinds of
// internal/sandbox/testkinds when its options.yaml says test_kinds (for
// capabilities whose real kinds are not there yet).
func scenarioKinds(so scenarioOptions) ([]model.Kind, fs.FS) {
	if so.TestKinds {
		return testkinds.WithTestKinds(model.BuiltinKinds()), testkinds.Schemas(os.DirFS("../../schemas"))
	}
	return model.BuiltinKinds(), os.DirFS("../../schemas")
}

// scenarioRegistry builds a scenario's registry (once per set of kinds:
// compiling the schemas is most of a scenario's time).
func scenarioRegistry(t testing.TB, so scenarioOptions) *model.Registry {
	t.Helper()
	return cachedRegistry(t, registryKey{testKinds: so.TestKinds}, func() *model.Registry {
		kinds, schemaFS := scenarioKinds(so)
		reg, err := model.NewRegistryFrom(kinds, schemaFS)
		if err != nil {
			t.Fatalf("NewRegistryFrom: %v", err)
		}
		return reg
	})
}

// registryKey names a registry the scenario tests share.
type registryKey struct {
	testKinds bool
	renamed   string // the prefix of every kind name, if any
}

var (
	registriesMu sync.Mutex
	registries   = map[registryKey]*model.Registry{}
)

// cachedRegistry returns the registry for key, built once by build.
func cachedRegistry(t testing.TB, key registryKey, build func() *model.Registry) *model.Registry {
	t.Helper()
	registriesMu.Lock()
	defer registriesMu.Unlock()
	if r := registries[key]; r != nil {
		return r
	}
	r := build()
	registries[key] = r
	return r
}

// scenarioOptions is a scenario's options.yaml.
type scenarioOptions struct {
	AllowDelete  bool              `yaml:"allow_delete"`
	AllowReplace bool              `yaml:"allow_replace"`
	MaxDeletes   int               `yaml:"max_deletes"`
	Vars         map[string]string `yaml:"vars"`
	// VarFiles (relative to the scenario) and Env go through LoadVars.
	VarFiles []string `yaml:"var_files"`
	Env      []string `yaml:"env"`
	// Desired and Current are the trees, relative to the scenario;
	// default desired/ and current/. Two scenarios can share a tree.
	Desired string `yaml:"desired"`
	Current string `yaml:"current"`
	// Offline compares two trees (oktasync diff): no live metadata.
	Offline bool `yaml:"offline"`
	// Forbid are strings no output may contain (secret values).
	Forbid []string `yaml:"forbid"`
	// Kinds and Ignore scope what the plan manages (plan --kinds, the
	// tree's ignore file patterns).
	Kinds  []string `yaml:"kinds"`
	Ignore []string `yaml:"ignore"`
	// Verify is plan's --verify.
	Verify bool `yaml:"verify"`
	// ClientID is the service app the plan is made as (plan.Options).
	ClientID string `yaml:"client_id"`
	// TestKinds adds the test-only kinds (see scenarioKinds).
	TestKinds bool `yaml:"test_kinds"`
}

// scenarioTime is the fixed plan time of every scenario.
func scenarioTime() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

// scenarioDirs lists the scenario folders (testdata/scenarios/NAME) by
// name; "_shared" and other "_" folders hold trees used by several.
func scenarioDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir("testdata/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, d := range entries {
		if d.IsDir() && !strings.HasPrefix(d.Name(), "_") {
			dirs = append(dirs, filepath.Join("testdata/scenarios", d.Name()))
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no scenario folders in testdata/scenarios")
	}
	return dirs
}

func TestScenarios(t *testing.T) {
	for _, dir := range scenarioDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			runScenario(t, dir)
		})
	}
}

func runScenario(t *testing.T, dir string) {
	sc := loadScenario(t, dir)
	outputs := sc.outputs(t, sc.reg, sc.desired, sc.current, true)
	for name, got := range outputs {
		for _, f := range sc.so.Forbid {
			if bytes.Contains(got, []byte(f)) {
				t.Errorf("%s contains the forbidden string %q", name, f)
			}
		}
	}
	checkGolden(t, dir, outputs)
}

// scenario is one scenario folder's input: its options and both trees
// (the current one with the live metadata an export gives).
type scenario struct {
	so               scenarioOptions
	reg              *model.Registry
	desired, current *model.Snapshot
	vars             map[string]string
	// tweak, when set, changes the options before Compute.
	tweak func(*Options)
}

func loadScenario(t *testing.T, dir string) *scenario {
	t.Helper()
	so := scenarioOptionsOf(t, dir)
	reg := scenarioRegistry(t, so)
	if so.Desired == "" {
		so.Desired = "desired"
	}
	if so.Current == "" {
		so.Current = "current"
	}
	desired := readTree(t, reg, filepath.Join(dir, so.Desired))
	current := readTree(t, reg, filepath.Join(dir, so.Current))
	if !so.Offline {
		fakeLive(t, reg, current)
	}
	vars := so.Vars
	if len(so.VarFiles) > 0 || len(so.Env) > 0 {
		var files []string
		for _, f := range so.VarFiles {
			files = append(files, filepath.Join(dir, f))
		}
		loaded, err := LoadVars(files, so.Env)
		if err != nil {
			t.Fatalf("LoadVars: %v", err)
		}
		for k, v := range so.Vars {
			loaded[k] = v
		}
		vars = loaded
	}
	return &scenario{so: so, reg: reg, desired: desired, current: current, vars: vars}
}

// scenarioOptionsOf reads a scenario's options.yaml.
func scenarioOptionsOf(t *testing.T, dir string) scenarioOptions {
	t.Helper()
	var so scenarioOptions
	if data, err := os.ReadFile(filepath.Join(dir, "options.yaml")); err == nil {
		if err := yaml.Unmarshal(data, &so); err != nil {
			t.Fatalf("options.yaml: %v", err)
		}
	}
	return so
}

// outputs plans desired against current with reg and the scenario's
// options, and renders what a person reads: the plan in text, Markdown and
// JSON, or the error. With checks, it also checks the plan's invariants
// and that both trees validate.
func (sc *scenario) outputs(t *testing.T, reg *model.Registry, desired, current *model.Snapshot, checks bool) map[string][]byte {
	t.Helper()
	so := sc.so
	opts := Options{
		AllowDelete: so.AllowDelete, AllowReplace: so.AllowReplace, MaxDeletes: so.MaxDeletes, Vars: sc.vars, Registry: reg, Verify: so.Verify, ClientID: so.ClientID,
		ToolVersion: "test", CreatedAt: scenarioTime(),
		Desired: "tree " + filepath.Base(so.Desired), Current: "the org",
	}
	if so.Offline {
		opts.Current = "tree " + so.Current
	}
	opts.Kinds = so.Kinds
	if len(so.Ignore) > 0 {
		m, err := model.ParsePathPatterns(so.Ignore)
		if err != nil {
			t.Fatalf("ignore patterns: %v", err)
		}
		opts.Ignore = m.Match
	}
	if sc.tweak != nil {
		sc.tweak(&opts)
	}
	p, err := Compute(desired, current, opts)
	outputs := map[string][]byte{}
	if err != nil {
		var pe *Error
		if !errors.As(err, &pe) {
			t.Fatalf("Compute: unexpected error type %T: %v", err, err)
		}
		outputs["error.txt"] = []byte(err.Error() + "\n")
		return outputs
	}
	var txt, md, js bytes.Buffer
	if err := RenderText(&txt, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := RenderMarkdown(&md, p, MarkdownOptions{ArtifactURL: "https://ci.example.com/artifacts/plan.json"}); err != nil {
		t.Fatal(err)
	}
	if err := RenderJSON(&js, p); err != nil {
		t.Fatal(err)
	}
	outputs["plan.txt"], outputs["plan.md"], outputs["plan.json"] = txt.Bytes(), md.Bytes(), js.Bytes()
	if !checks {
		return outputs
	}
	// A scenario that plans must hold valid trees, or it tests input
	// that validate would have stopped first.
	for _, side := range []*model.Snapshot{desired, current} {
		for _, prob := range tree.Validate(side, reg) {
			if prob.Severity == model.SeverityError {
				t.Errorf("fixture does not validate: %s", prob)
			}
		}
	}
	checkPlanInvariants(t, p, js.Bytes())
	var colored bytes.Buffer
	if err := RenderText(&colored, p, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(txt.Bytes(), []byte("\x1b[")) {
		t.Error("plain text output holds ANSI escapes")
	}
	if p.HasChanges() && !bytes.Contains(colored.Bytes(), []byte("\x1b[")) {
		t.Error("coloured text output holds no ANSI escapes")
	}
	return outputs
}

// checkPlanInvariants checks what every plan must satisfy, whatever the
// scenario: Save/Load round-trips, steps are in dependency order, and
// every dependency exists.
func checkPlanInvariants(t *testing.T, p *Plan, js []byte) {
	t.Helper()
	back, err := Load(bytes.NewReader(js))
	if err != nil {
		t.Fatalf("Load(Save(plan)): %v", err)
	}
	var again bytes.Buffer
	if err := back.Save(&again); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(js), again.String()); diff != "" {
		t.Errorf("Save(Load(Save(plan))) differs (-first +second):\n%s", diff)
	}
	if err := back.Verify(nil, p.Digest); err != nil {
		t.Errorf("a saved and loaded plan does not verify: %v", err)
	}
	pos := map[string]int{}
	for i, s := range p.Steps {
		pos[s.ID] = i
		for _, d := range s.DependsOn {
			j, ok := pos[d]
			if !ok || j >= i {
				t.Errorf("step %s depends on %s, which is not an earlier step", s.ID, d)
			}
		}
	}
	if p.Empty() == p.HasChanges() && !p.HasRefused() {
		t.Errorf("Empty() = %v but HasChanges() = %v", p.Empty(), p.HasChanges())
	}
}

func checkGolden(t *testing.T, dir string, outputs map[string][]byte) {
	t.Helper()
	all := []string{"plan.txt", "plan.md", "plan.json", "error.txt"}
	if *update {
		for _, name := range all {
			path := filepath.Join(dir, name)
			if got, ok := outputs[name]; ok {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			} else if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		return
	}
	for _, name := range all {
		want, err := os.ReadFile(filepath.Join(dir, name))
		got, produced := outputs[name]
		switch {
		case err != nil && !produced:
		case err != nil:
			t.Errorf("%s: produced but no golden file (run go test ./internal/plan -update)", name)
		case !produced:
			t.Errorf("%s: golden file exists but the scenario did not produce it", name)
		default:
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs from the golden file (-want +got):\n%s", name, diff)
			}
		}
	}
}

func readTree(t *testing.T, reg *model.Registry, dir string) *model.Snapshot {
	t.Helper()
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return model.NewSnapshot(reg)
	}
	s, probs := tree.Read(dir, reg)
	for _, p := range probs {
		if p.Severity == model.SeverityError {
			t.Fatalf("reading %s: %s", dir, p)
		}
	}
	return s
}

// fakeLive gives every current object the live metadata an export would:
// a deterministic Okta-shaped ID, its parent's IDs, a fingerprint and a raw
// body.
func fakeLive(t *testing.T, reg *model.Registry, s *model.Snapshot) {
	t.Helper()
	for _, o := range s.Objects() {
		k, _ := reg.Kind(o.Kind)
		id := fakeID(k, o.Path)
		live := &model.LiveMeta{ID: id, Fingerprint: fingerprint(o.Body)}
		if p, ok := s.Parent(o); ok {
			pk, _ := reg.Kind(p.Kind)
			live.ParentID = fakeID(pk, p.Path)
			if gp, ok := s.Parent(p); ok {
				gk, _ := reg.Kind(gp.Kind)
				live.GrandparentID = fakeID(gk, gp.Path)
			}
		}
		raw, _ := model.DeepCopy(o.Body).(map[string]any)
		raw["id"] = id
		live.Raw = raw
		// Each item of an item set has a live ID of its own, as export
		// reads it from the set's endpoint.
		for _, set := range k.ItemSets {
			items, _ := set.Items(o.Body)
			for _, it := range items {
				key, ok := set.KeyOf(it)
				if !ok {
					continue
				}
				if live.Items == nil {
					live.Items = map[string]map[string]string{}
				}
				if live.Items[set.Field] == nil {
					live.Items[set.Field] = map[string]string{}
				}
				live.Items[set.Field][key] = fakeID(&model.Kind{IDPrefixes: []string{"itm"}}, o.Path+"#"+set.Field+"#"+key)
			}
		}
		o.Live = live
	}
}

func fakeID(k *model.Kind, path string) string {
	prefix := "0xx"
	if len(k.IDPrefixes) > 0 {
		prefix = k.IDPrefixes[0]
	}
	sum := sha256.Sum256([]byte(path))
	digits := new(big.Int).SetBytes(sum[:]).Text(62)
	return prefix + digits[:20-len(prefix)]
}

func fingerprint(body map[string]any) string {
	sum := sha256.Sum256(model.CanonicalJSON(body))
	return "sha256:" + hex.EncodeToString(sum[:8])
}
