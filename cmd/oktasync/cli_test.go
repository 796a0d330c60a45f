package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/urfave/cli/v2"
)

// syncBuffer is a bytes.Buffer safe for a writer goroutine and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb syncBuffer
	code := run(context.Background(), append([]string{"oktasync"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestSandboxCommand: the command prints the contract's listening line,
// with a sample org, well within two seconds, and stops on cancel.
func TestSandboxCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	start := time.Now()
	go func() {
		done <- run(ctx, []string{"oktasync", "sandbox", "--listen", "127.0.0.1:0", "--token", "T", "--sample"}, &out, &errb)
	}()
	re := regexp.MustCompile(`listening on http://127\.0\.0\.1:\d+`)
	for !re.MatchString(out.String()) {
		if time.Since(start) > 10*time.Second {
			t.Fatalf("no listening line; stdout %q stderr %q", out.String(), errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("listening after %s", time.Since(start))
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("sandbox exited %d: %s", code, errb.String())
	}
}

func TestSandboxBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--faults", "500=2"}, "between 0 and 1"},
		{[]string{"--faults", "boom=0.1"}, "unknown fault"},
		{[]string{"--generate", "widgets=5"}, "unknown kind"},
		{[]string{"--tier", "platinum"}, "unknown tier"},
		{[]string{"--rate-scale", "0"}, "positive"},
		{[]string{"--org-name", "Acme_Corp"}, "lower-case letters"},
	} {
		code, _, stderr := runCLI(t, append([]string{"sandbox", "--listen", "127.0.0.1:0"}, tc.args...)...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 1 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestSandboxOrgName: --org-name becomes the org's subdomain; without it
// the org gets a developer org's name derived from the seed.
func TestSandboxOrgName(t *testing.T) {
	parse := func(args ...string) sandboxOptions {
		t.Helper()
		var got sandboxOptions
		cmd := sandboxCommand()
		cmd.Action = func(cctx *cli.Context) error {
			var err error
			got, err = parseSandboxFlags(cctx)
			return err
		}
		app := &cli.App{Commands: []*cli.Command{cmd}}
		if err := app.Run(append([]string{"oktasync", "sandbox"}, args...)); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return got
	}
	if got := parse("--org-name", "oie-00").Subdomain; got != "oie-00" {
		t.Errorf("--org-name oie-00: subdomain %q", got)
	}
	one, again, two := parse().Subdomain, parse("--seed", "1").Subdomain, parse("--seed", "2").Subdomain
	if !regexp.MustCompile(`^dev-\d{8}$`).MatchString(one) || one != again || one == two {
		t.Errorf("default org names: seed 1 %q (again %q), seed 2 %q", one, again, two)
	}
}

// TestExportValidateKinds runs the commands a user runs against a sample
// org, through the real CLI wiring.
func TestExportValidateKinds(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: "T", Sample: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	t.Setenv("OKTA_CLIENT_ORGURL", hs.URL)
	t.Setenv("OKTA_CLIENT_TOKEN", "T")
	t.Setenv("HOME", t.TempDir()) // no stray ~/.okta/okta.yaml

	dir := filepath.Join(t.TempDir(), "tree")
	code, _, stderr := runCLI(t, "export", "--out", dir)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Exported ", "Objects per kind:", "API calls:", "429s: 0"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("export summary lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "T\n") || strings.Contains(stderr, "SSWS") {
		t.Errorf("the summary mentions the token:\n%s", stderr)
	}
	code, stdout, stderr := runCLI(t, "validate", dir)
	if code != 0 || !strings.Contains(stdout, "objects valid") {
		t.Fatalf("validate: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, "kinds")
	if code != 0 || !strings.Contains(stdout, "policy-rules") || !strings.Contains(stdout, "KIND") {
		t.Fatalf("kinds: exit %d\n%s", code, stdout)
	}
	code, _, stderr = runCLI(t, "export", "--out", dir, "--kinds", "nope")
	if code != 1 || !strings.Contains(stderr, `unknown kind "nope"`) {
		t.Fatalf("unknown kind: exit %d: %s", code, stderr)
	}
	t.Setenv("OKTA_CLIENT_TOKEN", "wrong")
	code, _, stderr = runCLI(t, "export", "--out", dir)
	if code != 1 || !strings.Contains(stderr, "E0000011") || !strings.Contains(stderr, "OKTA_CLIENT_TOKEN") || strings.Contains(stderr, "wrong") {
		t.Fatalf("bad token: exit %d: %s", code, stderr)
	}
	t.Setenv("OKTA_CLIENT_ORGURL", "http://example.com")
	code, _, stderr = runCLI(t, "export", "--out", dir)
	if code != 1 || !strings.Contains(stderr, "must use https") {
		t.Fatalf("plain http to a non-loopback host: exit %d: %s", code, stderr)
	}
}

// TestValidateBadInput: every kind of bad input is reported with the file
// and line and a non-zero exit.
func TestValidateBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, file, content string
		want                []string
	}{
		{"malformed yaml", "groups/eng.yaml", "kind: groups\nname: eng\nbody:\n  profile: {name: [\n", []string{"groups/eng.yaml:", "error"}},
		{"schema violation", "groups/eng.yaml", "kind: groups\nname: eng\nbody:\n  profile:\n    name: 42\n", []string{"groups/eng.yaml:5:"}},
		{"dangling ref", "group-rules/r.yaml", "kind: group-rules\nname: r\nbody:\n  name: r\n  actions:\n    assignUserToGroups:\n      groupIds:\n        - ${ref:groups/missing}\n", []string{"group-rules/r.yaml:8:", "groups/missing"}},
		{"unknown kind", "widgets/w.yaml", "kind: widgets\nname: w\nbody: {}\n", []string{"widgets"}},
		{"four-byte character", "groups/eng.yaml", "kind: groups\nname: eng\nbody:\n  profile:\n    name: Eng 🚀\n", []string{"groups/eng.yaml:5:"}},
		{"name escaping the tree", "groups/eng.yaml", "kind: groups\nname: ../../etc\nbody:\n  profile:\n    name: x\n", []string{"groups/eng.yaml"}},
		{"yaml alias bomb", "groups/eng.yaml", "kind: groups\nname: eng\nbody:\n  a: &a [x, x]\n  b: [*a, *a]\n", []string{"groups/eng.yaml:", "alias"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, filepath.FromSlash(tc.file))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := runCLI(t, "validate", dir)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout+stderr, w) {
					t.Errorf("output lacks %q:\n%s%s", w, stdout, stderr)
				}
			}
		})
	}
}

func TestInterspersedFlags(t *testing.T) {
	cmds := []*cli.Command{{Name: "diff", Flags: []cli.Flag{
		&cli.BoolFlag{Name: "detailed-exitcode"}, &cli.StringFlag{Name: "format"}}}}
	for _, tc := range []struct{ in, want string }{
		{"oktasync diff a b --detailed-exitcode", "oktasync diff --detailed-exitcode -- a b"},
		{"oktasync diff a --format json b", "oktasync diff --format json -- a b"},
		{"oktasync diff --format=json a b", "oktasync diff --format=json -- a b"},
		{"oktasync diff a -- --odd-dir", "oktasync diff -- a --odd-dir"},
		{"oktasync other a --x", "oktasync other a --x"},
	} {
		if got := strings.Join(interspersed(cmds, strings.Fields(tc.in)), " "); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}
