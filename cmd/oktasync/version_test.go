package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolveBuild(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tc := range []struct {
		name                string
		ldVersion, ldCommit string
		bi                  *debug.BuildInfo
		version, commit     string
		module, goVersion   string
	}{
		{name: "release build: the linker's values win",
			ldVersion: "v1.2.3", ldCommit: "abc123",
			bi:      &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: modulePath, Version: "v0.0.0-20250101000000-abc123abc123"}, Settings: vcs("fff", "true")},
			version: "v1.2.3", commit: "abc123", module: modulePath, goVersion: "go1.26.8"},
		{name: "go install @v1.2.3: the module version, no VCS",
			bi:      &debug.BuildInfo{GoVersion: "go1.26.1", Main: debug.Module{Path: modulePath, Version: "v1.2.3"}},
			version: "v1.2.3", commit: "unknown", module: modulePath, goVersion: "go1.26.1"},
		{name: "go build in a clone with local changes",
			bi:      &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: modulePath, Version: "v1.2.4-0.20250101000000-0123456789ab+dirty"}, Settings: vcs("0123456789abcdef", "true")},
			version: "v1.2.4-0.20250101000000-0123456789ab+dirty", commit: "0123456789abcdef+dirty", module: modulePath, goVersion: "go1.26.8"},
		{name: "go build without VCS stamping",
			bi:      &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: modulePath, Version: "(devel)"}},
			version: "dev", commit: "unknown", module: modulePath, goVersion: "go1.26.8"},
		{name: "a fork reports its own module",
			bi:      &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "example.com/fork", Version: "v0.1.0"}, Settings: vcs("beef", "false")},
			version: "v0.1.0", commit: "beef", module: "example.com/fork", goVersion: "go1.26.8"},
		{name: "no build information at all",
			version: "dev", commit: "unknown", module: modulePath, goVersion: runtime.Version()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := resolveBuild(tc.ldVersion, tc.ldCommit, tc.bi, "linux/arm64")
			want := buildInfo{Version: tc.version, Commit: tc.commit, GoVersion: tc.goVersion, Module: tc.module, Platform: "linux/arm64"}
			if got != want {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestVersionFlag runs `oktasync --version` through the real wiring, with
// this test binary's own build information, which Go records as for any
// other binary.
func TestVersionFlag(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-v"}} {
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
		want := []string{"oktasync " + toolVersion(), "commit:   ", "go:       " + runtime.Version(),
			"module:   " + modulePath, "platform: " + runtime.GOOS + "/" + runtime.GOARCH}
		if len(lines) != len(want) {
			t.Fatalf("%v: %d lines, want %d:\n%s", args, len(lines), len(want), stdout)
		}
		for i, w := range want {
			if !strings.HasPrefix(lines[i], w) {
				t.Errorf("%v: line %d is %q, want it to start with %q", args, i+1, lines[i], w)
			}
		}
	}
	code, _, stderr := runCLI(t, "frobnicate")
	if code != 1 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("an unknown command: exit %d: %s", code, stderr)
	}
	code, stdout, _ := runCLI(t)
	if code != 0 || !strings.Contains(stdout, "COMMANDS:") {
		t.Errorf("no arguments: exit %d, want the help:\n%s", code, stdout)
	}
}
