package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/schemas"
)

// cliProcessEnv makes the test binary run the CLI instead of the tests, so
// that a test can start real `oktasync` processes (two applies racing, an
// apply killed in the middle) without building another binary.
const cliProcessEnv = "OKTASYNC_TEST_CLI_PROCESS"

func TestMain(m *testing.M) {
	if os.Getenv(cliProcessEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, append([]string{"oktasync"}, os.Args[1:]...), os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	// Plans and diffs of the tests keep their validation cache in a
	// directory of the test run's own, not the user's, unless a test
	// sets one.
	if os.Getenv(cacheDirEnv) == "" {
		dir, err := os.MkdirTemp("", "oktasync-test-cache-")
		if err != nil {
			panic(err)
		}
		os.Setenv(cacheDirEnv, dir)
		code := m.Run()
		os.RemoveAll(dir)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// cliProcess is `oktasync args...` as a process of its own.
func cliProcess(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), cliProcessEnv+"=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out, &errb
}

func procExit(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// testOrg is a sandbox org on loopback, with a client for checks made
// through the REST API.
type testOrg struct {
	srv    *sandbox.Server
	url    string
	client *okta.Client
}

func newTestOrg(t *testing.T, opts sandbox.Options) *testOrg {
	t.Helper()
	opts.Token = "T"
	if opts.RateScale == 0 {
		opts.RateScale = 60
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c, err := okta.New(okta.Config{OrgURL: hs.URL, Token: "T"})
	if err != nil {
		t.Fatal(err)
	}
	return &testOrg{srv: srv, url: hs.URL, client: c}
}

// writes counts the org's write requests (every method but GET) by the
// sandbox's own counters.
func (o *testOrg) writes() int {
	n := 0
	for k, c := range o.srv.Stats().Endpoints {
		if m, _, _ := strings.Cut(k, " "); m != http.MethodGet {
			n += c
		}
	}
	return n
}

func (o *testOrg) post(t *testing.T, path string, body any) {
	t.Helper()
	if _, err := o.client.Do(context.Background(), okta.Request{Method: http.MethodPost, Path: path, Body: body}); err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
}

// duplicates lists, for every kind, objects that share an identity under
// one parent, read through the REST API.
func (o *testOrg) duplicates(t *testing.T) []string {
	t.Helper()
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	res, err := export.Read(context.Background(), o.client, reg, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string][]string{}
	for _, obj := range res.Snapshot.Objects() {
		k, _ := reg.Kind(obj.Kind)
		id, ok := k.IdentityOf(obj.Live.Raw)
		if !ok || len(k.Identity) == 0 {
			continue
		}
		info, _ := reg.ParsePath(obj.Path)
		key := obj.Kind + " " + info.ParentPath + " " + id
		seen[key] = append(seen[key], obj.Path)
	}
	var dups []string
	for key, paths := range seen {
		if len(paths) > 1 {
			dups = append(dups, key+": "+strings.Join(paths, ", "))
		}
	}
	sort.Strings(dups)
	return dups
}

// secretsFile writes a value for every secret a saved plan names, of the
// format its field holds (model.SecretFormat): a push provider's FCM key is
// a JSON object, its APNs key a PEM block.
func secretsFile(t *testing.T, planFile string) string {
	t.Helper()
	data, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	formats := map[string]model.SecretFormat{}
	for _, s := range p.Steps {
		k, ok := reg.Kind(s.Kind)
		if !ok {
			continue
		}
		for _, sf := range k.Secrets {
			for _, m := range model.Find(s.Body, sf.Path) {
				if str, ok := m.Value.(string); ok && strings.HasPrefix(str, "${secret:") {
					formats[strings.TrimSuffix(strings.TrimPrefix(str, "${secret:"), "}")] = sf.Format
				}
			}
		}
	}
	var b strings.Builder
	seen := map[string]bool{}
	for _, s := range p.Steps {
		for _, n := range s.Secrets {
			if seen[n] {
				continue
			}
			seen[n] = true
			// A UUID-shaped text value: the sandbox checks a Splunk HEC
			// token's shape, as Okta does.
			h := fmt.Sprintf("%x", sha256.Sum256([]byte(n)))
			switch formats[n] {
			case model.SecretJSON:
				b.WriteString(n + ":\n  type: service_account\n  project_id: project-" + h[:8] +
					"\n  private_key: \"-----BEGIN PRIVATE KEY-----\\n" + h + "\\n-----END PRIVATE KEY-----\\n\"\n  client_email: svc-" + h[:8] + "@example.iam.gserviceaccount.com\n")
			case model.SecretPEM:
				b.WriteString(n + ": |\n  -----BEGIN PRIVATE KEY-----\n  " + h + "\n  -----END PRIVATE KEY-----\n")
			case model.SecretText:
				b.WriteString(n + ": " + h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32] + "\n")
			}
		}
	}
	path := filepath.Join(filepath.Dir(planFile), "secrets.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// editJSON rewrites a saved plan with edit applied to its JSON form, the
// digest left as it was: a hand edit.
func editJSON(t *testing.T, src, dst string, edit func(doc map[string]any)) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	out, _ := json.MarshalIndent(doc, "", "  ")
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEditedPlanIsRefused: a saved plan edited after review (a step's body,
// its ID, a target's ID), or not the reviewed one, makes apply exit 1
// before any request: the org's counters do not move.
func TestEditedPlanIsRefused(t *testing.T) {
	srv := sampleOrg(t)
	work := t.TempDir()
	t.Chdir(work)
	tree := filepath.Join(work, "tree")
	if code, _, stderr := runCLI(t, "export", "--out", tree); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	p := filepath.Join(tree, "groups", "engineering.yaml")
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, bytes.Replace(data, []byte("Software engineers"), []byte("All engineers"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	rule := "kind: group-rules\nname: platform\nbody:\n  name: Platform\n  type: group_rule\n" +
		"  status: ACTIVE\n  conditions:\n    expression:\n      type: urn:okta:expression:1.0\n      value: user.department==\"Platform\"\n" +
		"  actions:\n    assignUserToGroups:\n      groupIds:\n        - ${ref:groups/engineering}\n"
	if err := os.WriteFile(filepath.Join(tree, "group-rules", "platform.yaml"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	reviewed := filepath.Join(work, "plan.json")
	if code, stdout, stderr := runCLI(t, "plan", "--dir", tree, "--out", reviewed); code != 0 || !plan.DigestPattern.MatchString(stdout) {
		t.Fatalf("plan: exit %d\n%s%s", code, stdout, stderr)
	}
	stepNamed := func(doc map[string]any, id string) map[string]any {
		for _, s := range doc["steps"].([]any) {
			if m := s.(map[string]any); m["id"] == id {
				return m
			}
		}
		t.Fatalf("no step %s", id)
		return nil
	}
	other := "00gOTHERGROUPxxxxxxx"
	for _, tc := range []struct {
		name string
		edit func(doc map[string]any)
		args []string
		want string
	}{
		{"a step's body", func(doc map[string]any) {
			s := stepNamed(doc, "groups/engineering:update")
			s["body"].(map[string]any)["profile"].(map[string]any)["description"] = "Edited after review"
		}, nil, "changed after it was made"},
		{"a step's ID", func(doc map[string]any) {
			stepNamed(doc, "groups/engineering:update")["live"].(map[string]any)["id"] = other
		}, nil, "changed after it was made"},
		{"a target's ID", func(doc map[string]any) {
			targets := doc["targets"].(map[string]any)
			targets["groups/engineering"].(map[string]any)["id"] = other
		}, nil, "changed after it was made"},
		{"not the reviewed digest", func(map[string]any) {}, []string{"--expect-digest", "sha256:" + strings.Repeat("0", 64)}, "not the reviewed one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edited := filepath.Join(t.TempDir(), "plan.json")
			editJSON(t, reviewed, edited, tc.edit)
			before := srv.Stats()
			code, _, stderr := runCLI(t, append([]string{"apply", edited}, tc.args...)...)
			if code != 1 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "nothing was sent") {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			if after := srv.Stats(); after.Requests != before.Requests {
				t.Errorf("%d requests reached the org", after.Requests-before.Requests)
			}
		})
	}
	// The plan as reviewed applies.
	if code, stdout, stderr := runCLI(t, "apply", reviewed); code != 0 {
		t.Fatalf("the reviewed plan: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestPlanForAnotherOrg: a plan made against sandbox A, applied with
// sandbox B's URL and token, is refused, and B is unchanged.
func TestPlanForAnotherOrg(t *testing.T) {
	sampleOrg(t)
	b := newTestOrg(t, sandbox.Options{Sample: true, Seed: 2})
	work := t.TempDir()
	t.Chdir(work)
	tree := filepath.Join(work, "tree")
	if code, _, stderr := runCLI(t, "export", "--out", tree); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	if err := os.WriteFile(filepath.Join(tree, "groups", "platform.yaml"), []byte("kind: groups\nname: platform\nbody:\n  profile:\n    name: Platform\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	planFile := filepath.Join(work, "plan.json")
	if code, _, stderr := runCLI(t, "plan", "--dir", tree, "--out", planFile); code != 0 {
		t.Fatalf("plan: %s", stderr)
	}
	code, _, stderr := runCLI(t, "apply", planFile, "--org-url", b.url)
	if code != 1 || !strings.Contains(stderr, "the plan was made for org ") || !strings.Contains(stderr, "; this is org ") ||
		!strings.Contains(stderr, "("+b.url+")") || !strings.Contains(stderr, "nothing was changed") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if n := b.writes(); n != 0 {
		t.Errorf("org B received %d writes", n)
	}
}

// promotionPlan exports a sample org and plans it against an empty one:
// a plan of a few hundred creates, long enough to race.
func promotionPlan(t *testing.T, work string, target *testOrg) (string, string) {
	t.Helper()
	source := newTestOrg(t, sandbox.Options{Sample: true, Seed: 3})
	tree := filepath.Join(work, "tree")
	if code, _, stderr := runCLI(t, "export", "--out", tree, "--org-url", source.url); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	planFile := filepath.Join(work, "plan.json")
	if code, _, stderr := runCLI(t, "plan", "--dir", tree, "--out", planFile, "--org-url", target.url); code != 0 {
		t.Fatalf("plan: %s", stderr)
	}
	return tree, planFile
}

// TestOneApplyAtATime: two `apply plan.json` processes started together
// against one org: exactly one runs, the other exits 1 naming the holder,
// and no object is duplicated (checked through the REST API, every kind).
func TestOneApplyAtATime(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes against a sandbox with latency")
	}
	sampleOrg(t) // credentials in the environment, for the processes
	target := newTestOrg(t, sandbox.Options{Seed: 4, Latency: 5 * time.Millisecond})
	work := t.TempDir()
	t.Chdir(work)
	_, planFile := promotionPlan(t, work, target)
	secrets := secretsFile(t, planFile)
	type proc struct {
		cmd       *exec.Cmd
		out, errb *bytes.Buffer
	}
	var procs []proc
	for i := range 2 {
		dir := filepath.Join(work, "run"+string(rune('a'+i)))
		cmd, out, errb := cliProcess(t, "apply", planFile, "--org-url", target.url, "--secrets-file", secrets,
			"--journal", dir+".journal", "--backup-dir", dir)
		procs = append(procs, proc{cmd, out, errb})
	}
	codes := make([]int, len(procs))
	for i, p := range procs {
		codes[i] = procExit(p.cmd.Wait())
	}
	winner, loser := 0, 1
	if codes[0] != 0 {
		winner, loser = 1, 0
	}
	if codes[winner] != 0 || codes[loser] != 1 {
		t.Fatalf("exit codes %v\nfirst: %s%s\nsecond: %s%s", codes, procs[0].out, procs[0].errb, procs[1].out, procs[1].errb)
	}
	refusal := procs[loser].errb.String()
	for _, want := range []string{"another apply is running against this org", "(pid " + itoa(procs[winner].cmd.Process.Pid) + ")", "applying plan sha256:", "--force-unlock"} {
		if !strings.Contains(refusal, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, refusal)
		}
	}
	if dups := target.duplicates(t); len(dups) > 0 {
		t.Errorf("duplicated objects:\n%s", strings.Join(dups, "\n"))
	}
	if code, stdout, _ := runCLI(t, "plan", "--dir", filepath.Join(work, "tree"), "--org-url", target.url, "--detailed-exitcode"); code != 0 {
		t.Errorf("after the run, the org differs from the tree:\n%s", stdout)
	}
}

// TestKilledApplyLeavesALock: an apply killed in the middle leaves its
// lock; the next apply is refused naming it; `apply --force-unlock ID`
// breaks it, and the run can then be finished.
func TestKilledApplyLeavesALock(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes against a sandbox with latency")
	}
	sampleOrg(t)
	target := newTestOrg(t, sandbox.Options{Seed: 5, Latency: 10 * time.Millisecond})
	work := t.TempDir()
	t.Chdir(work)
	tree, planFile := promotionPlan(t, work, target)
	secrets := secretsFile(t, planFile)
	cmd, _, _ := cliProcess(t, "apply", planFile, "--org-url", target.url, "--secrets-file", secrets)
	// Wait for the lock (a test may poll; the product never does), then
	// kill the process: it cannot release anything.
	deadline := time.Now().Add(20 * time.Second)
	for !target.locked(t) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatal("the apply never took the lock")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	code, _, stderr := runCLI(t, "apply", planFile, "--org-url", target.url, "--secrets-file", secrets)
	if code != 1 || !strings.Contains(stderr, "another apply is running") || !strings.Contains(stderr, "(pid "+itoa(cmd.Process.Pid)+")") {
		t.Fatalf("apply after the kill: exit %d\n%s", code, stderr)
	}
	id := between(stderr, "oktasync apply --force-unlock ", "`")
	if code, stdout, stderr := runCLI(t, "apply", "--force-unlock", id, "--org-url", target.url); code != 0 || !strings.Contains(stdout, "Broke the apply lock "+id) {
		t.Fatalf("--force-unlock %s: exit %d\n%s%s", id, code, stdout, stderr)
	}
	if target.locked(t) {
		t.Fatal("the lock is still there")
	}
	// Finish the run: with --resume when the killed run got to write its
	// journal, plainly when it was killed before its first write.
	args := []string{"apply", planFile, "--org-url", target.url, "--secrets-file", secrets}
	if fi, err := os.Stat(planFile + ".journal"); err == nil && fi.Size() > 0 {
		args = append(args, "--resume")
	}
	if code, stdout, stderr := runCLI(t, args...); code != 0 {
		t.Fatalf("finishing the run (%v): exit %d\n%s%s", args, code, stdout, stderr)
	}
	if dups := target.duplicates(t); len(dups) > 0 {
		t.Errorf("duplicated objects:\n%s", strings.Join(dups, "\n"))
	}
	if code, stdout, _ := runCLI(t, "plan", "--dir", tree, "--org-url", target.url, "--detailed-exitcode"); code != 0 {
		t.Errorf("after the run, the org differs from the tree:\n%s", stdout)
	}
}

// locked reports whether the org holds an apply lock marker.
func (o *testOrg) locked(t *testing.T) bool {
	t.Helper()
	resp, err := o.client.Do(context.Background(), okta.Request{Method: http.MethodGet, Path: "/api/v1/groups?q=oktasync-apply-lock"})
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(resp.Body, []byte(`"name":"oktasync-apply-lock"`))
}

func between(s, start, end string) string {
	_, rest, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, end)
	return v
}

func itoa(n int) string { return strconv.Itoa(n) }
