package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version and commit are set by release builds (.goreleaser.yaml) with
// -ldflags "-X main.version=… -X main.commit=…". Other builds leave them
// empty, and the values come from the build information Go records in every
// binary: `go install …@v1.2.3` records the module version v1.2.3, a build
// in a git checkout records the commit. No build needs ldflags to report
// what it is.
var (
	version string
	commit  string
)

// modulePath is the module oktasync is built from; a binary built from a
// fork or a vendored copy reports its own path instead.
const modulePath = "github.com/oktasync/oktasync"

// buildInfo is what `oktasync --version` prints, and what plans record as
// the tool version.
type buildInfo struct {
	Version   string // v1.2.3, a pseudo-version, or "dev"
	Commit    string // the VCS revision ("+dirty" when the tree was modified), or "unknown"
	GoVersion string // the Go toolchain that built the binary, e.g. go1.26.8
	Module    string // the main module's path
	Platform  string // GOOS/GOARCH
}

// currentBuild reads this binary's build information.
func currentBuild() buildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return resolveBuild(version, commit, bi, runtime.GOOS+"/"+runtime.GOARCH)
}

// toolVersion is the version plans and the User-Agent carry.
func toolVersion() string { return currentBuild().Version }

// resolveBuild combines the link-time values with the recorded build
// information: a value set at link time wins (a release knows its tag even
// when built from a shallow checkout), then the recorded module version,
// then the VCS settings. bi may be nil (a binary built without module
// support).
func resolveBuild(ldVersion, ldCommit string, bi *debug.BuildInfo, platform string) buildInfo {
	out := buildInfo{Version: ldVersion, Commit: ldCommit, GoVersion: runtime.Version(), Module: modulePath, Platform: platform}
	if bi == nil {
		if out.Version == "" {
			out.Version = "dev"
		}
		if out.Commit == "" {
			out.Commit = "unknown"
		}
		return out
	}
	if bi.GoVersion != "" {
		out.GoVersion = bi.GoVersion
	}
	if bi.Main.Path != "" {
		out.Module = bi.Main.Path
	}
	// "(devel)" is what Go records for a build of a checkout without VCS
	// stamping (-buildvcs=false, or no git).
	if out.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		out.Version = bi.Main.Version
	}
	if out.Version == "" {
		out.Version = "dev"
	}
	if out.Commit == "" {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		switch {
		case rev == "":
			out.Commit = "unknown"
		case modified == "true":
			out.Commit = rev + "+dirty"
		default:
			out.Commit = rev
		}
	}
	return out
}

// print writes the version report: one "key: value" line each, so a script
// can pick a line with awk or grep.
func (b buildInfo) print(w io.Writer) error {
	_, err := fmt.Fprintf(w, "oktasync %s\ncommit:   %s\ngo:       %s\nmodule:   %s\nplatform: %s\n",
		b.Version, b.Commit, b.GoVersion, b.Module, b.Platform)
	return err
}
