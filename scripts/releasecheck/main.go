// Command releasecheck checks what goreleaser left in dist/ before anyone
// publishes it, and lists it:
//
//	go run ./scripts/releasecheck [-dist dist] [-targets linux/amd64,…]
//
// `make release-snapshot` runs it after goreleaser. For every target it
// wants exactly one archive and one SBOM, both listed in checksums.txt with
// the right SHA-256. Inside each archive it reads the binary's Go build
// information: the target's GOOS and GOARCH, CGO_ENABLED=0, the module
// path, the Go version and the release version passed to the linker; a
// Linux binary must also be statically linked (no ELF interpreter). Each
// SBOM must name the module and carry the SHA-256 of that same binary. The
// binary for this machine is run with --version, which must print the
// release version and the module path.
//
// It checks the names the action (action.yml) downloads, so a change to
// .goreleaser.yaml's name templates that would break installs fails here.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
)

// defaultTargets are the platforms a release ships.
const defaultTargets = "linux/amd64,linux/arm64,darwin/amd64,darwin/arm64,windows/amd64,windows/arm64"

// modulePath is the module every binary must be built from.
const modulePath = "github.com/oktasync/oktasync"

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "releasecheck: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("releasecheck", flag.ContinueOnError)
	dist := fs.String("dist", "dist", "goreleaser's output directory")
	targets := fs.String("targets", defaultTargets, "the GOOS/GOARCH pairs the release must have, comma-separated")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := &checker{dist: *dist, host: runtime.GOOS + "/" + runtime.GOARCH}
	for _, t := range strings.Split(*targets, ",") {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(t), "/")
		if !ok {
			return fmt.Errorf("-targets: %q is not GOOS/GOARCH", t)
		}
		c.targets = append(c.targets, target{goos, goarch})
	}
	if err := c.check(); err != nil {
		return err
	}
	return c.list(stdout)
}
