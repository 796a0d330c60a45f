package install

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// actionStep is the script and environment of one step of action.yml, with
// the ${{ … }} expressions in env left for the test to fill in.
type actionStep struct {
	ID  string            `yaml:"id"`
	Env map[string]string `yaml:"env"`
	Run string            `yaml:"run"`
}

func actionSteps(t *testing.T) map[string]actionStep {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Runs struct {
			Steps []actionStep `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	steps := map[string]actionStep{}
	for _, s := range a.Runs.Steps {
		if s.ID != "" {
			steps[s.ID] = s
		}
	}
	for _, id := range []string{"resolve", "install"} {
		if steps[id].Run == "" {
			t.Fatalf("action.yml has no step %q with a script", id)
		}
	}
	return steps
}

// runStep runs a step's script with bash, as the runner does, and returns
// what it wrote to $GITHUB_OUTPUT.
func runStep(t *testing.T, s actionStep, env map[string]string) (map[string]string, string, error) {
	t.Helper()
	tmp := t.TempDir()
	out := filepath.Join(tmp, "output")
	cmd := exec.Command("bash", "-e", "-c", s.Run)
	cmd.Env = append(os.Environ(), "GITHUB_OUTPUT="+out, "GITHUB_PATH="+filepath.Join(tmp, "path"), "RUNNER_TEMP="+tmp,
		"NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	combined, err := cmd.CombinedOutput()
	outputs := map[string]string{}
	if raw, readErr := os.ReadFile(out); readErr == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				outputs[k] = v
			}
		}
	}
	return outputs, string(combined), err
}

// TestActionResolve: which version the action installs, and how.
func TestActionResolve(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	resolve := actionSteps(t)["resolve"]
	for _, tc := range []struct {
		version, ref, install string
		wantVersion, method   string // method "" = the step must fail
		wantErr               string
	}{
		{version: "", ref: "v1.2.3", install: "auto", wantVersion: "v1.2.3", method: "release"},
		{version: "v2.0.0-rc.1", ref: "main", install: "auto", wantVersion: "v2.0.0-rc.1", method: "release"},
		{version: "", ref: "main", install: "auto", wantVersion: "main", method: "go"},
		{version: "", ref: "", install: "auto", wantVersion: "latest", method: "go"},
		{version: "0123456789abcdef0123456789abcdef01234567", ref: "v1", install: "auto", wantVersion: "0123456789abcdef0123456789abcdef01234567", method: "go"},
		{version: "v1.2.3", install: "go", wantVersion: "v1.2.3", method: "go"},
		{version: "main", install: "release", wantErr: "release needs a release tag"},
		{version: "v1.2.3", install: "binary", wantErr: "install must be auto, release or go"},
	} {
		t.Run(fmt.Sprintf("%s|%s|%s", tc.version, tc.ref, tc.install), func(t *testing.T) {
			out, log, err := runStep(t, resolve, map[string]string{"VERSION": tc.version, "ACTION_REF": tc.ref, "INSTALL": tc.install})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(log, tc.wantErr) {
					t.Fatalf("err %v, log %q; want a failure with %q", err, log, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v: %s", err, log)
			}
			if out["version"] != tc.wantVersion || out["method"] != tc.method || !strings.Contains(out["dir"], tc.method+"-") {
				t.Errorf("outputs %v; want version %s, method %s", out, tc.wantVersion, tc.method)
			}
		})
	}
}

// TestActionInstallsRelease runs the action's install step, release path,
// against a fake release on loopback: the binary lands in the directory,
// is run once (--version), goes onto PATH and into the path output.
func TestActionInstallsRelease(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("the fake release is a .tar.gz")
	}
	for _, tool := range []string{"bash", "curl", "tar", "awk"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: %v", tool, err)
		}
	}
	binary := []byte("#!/bin/sh\necho \"oktasync v1.2.3 ($*)\"\n")
	archive := fmt.Sprintf("oktasync_1.2.3_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	tgz := tarGz(t, map[string][]byte{"oktasync": binary})
	rel := release{archive: tgz, "checksums.txt": []byte(sha(tgz) + "  " + archive + "\n")}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := rel[strings.TrimPrefix(r.URL.Path, "/v1.2.3/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(data) // the client sees a short body if this fails
	}))
	defer srv.Close()

	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "release-v1.2.3")
	out, log, err := runStep(t, actionSteps(t)["install"], map[string]string{
		"VERSION": "v1.2.3", "METHOD": "release", "DIR": dir, "GITHUB_ACTION_PATH": root,
		"RUNNER_OS": "", "RUNNER_ARCH": "", "OKTASYNC_RELEASE_URL": srv.URL,
		"PATH": "/usr/bin:/bin", // no go: the release path must not need it
	})
	if err != nil {
		t.Fatalf("%v:\n%s", err, log)
	}
	if out["path"] != filepath.Join(dir, "oktasync") || !strings.Contains(log, "oktasync v1.2.3 (--version)") {
		t.Errorf("outputs %v, log:\n%s", out, log)
	}
}
