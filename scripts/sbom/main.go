// Command sbom writes a CycloneDX 1.5 JSON software bill of materials for a
// Go binary, from the build information the Go toolchain records in every
// binary (what `go version -m BINARY` prints):
//
//	go run ./scripts/sbom -o oktasync.cdx.json [-version v1.2.3] [-time 2025-01-02T03:04:05Z] BINARY
//
// The release build (.goreleaser.yaml) runs it once per binary. goreleaser's
// SBOM support runs syft by default, which is not installed on a machine
// with just Go; building it from the module proxy means compiling a large
// dependency tree (its go.mod lists some 350 lines) and, for its latest
// version, Go 1.26.8 or later. This needs nothing but the standard library.
// For a Go binary it loses nothing: what syft reports for one comes from the
// same build information, which lists exactly the modules linked in (not
// every module in go.sum), with their versions and go.sum hashes, the Go
// release (the standard library is a component, so scanners match Go's own
// CVEs) and the build settings.
//
// The output is a function of the binary and the flags: no random serial
// number and no wall-clock timestamp, so a reproducible build gets a
// byte-identical SBOM.
package main

import (
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "sbom: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sbom", flag.ContinueOnError)
	out := fs.String("o", "-", "write the SBOM to this file (- for stdout)")
	version := fs.String("version", "", "the release version (it wins over the module version Go recorded, which is kept as a property)")
	stamp := fs.String("time", "", "the SBOM's timestamp (RFC 3339), e.g. the commit's date; empty: none")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("want one binary, got %d arguments", fs.NArg())
	}
	var ts time.Time
	if *stamp != "" {
		t, err := time.Parse(time.RFC3339, *stamp)
		if err != nil {
			return fmt.Errorf("-time: %w", err)
		}
		ts = t.UTC()
	}
	bin := fs.Arg(0)
	data, err := os.ReadFile(bin)
	if err != nil {
		return err
	}
	bi, err := buildinfo.ReadFile(bin)
	if err != nil {
		return fmt.Errorf("%s: no Go build information: %w", bin, err)
	}
	sum := sha256.Sum256(data)
	bom := newBOM(bi, binaryFacts{name: filepath.Base(bin), sha256: hex.EncodeToString(sum[:]), version: *version, time: ts})
	enc, err := json.MarshalIndent(bom, "", "  ")
	if err != nil {
		return err
	}
	enc = append(enc, '\n')
	if *out == "-" {
		_, err = stdout.Write(enc)
		return err
	}
	return os.WriteFile(*out, enc, 0o644)
}

// binaryFacts are what the SBOM says about the file itself, beyond its
// build information.
type binaryFacts struct {
	name    string // the file's name
	sha256  string // hex
	version string // overrides a missing or "(devel)" module version
	time    time.Time
}

// newBOM describes one binary: the main module is the BOM's subject, every
// module linked into it and the Go standard library are its components.
// Go's build information is a flat list (it does not say which module
// required which), so the BOM has no dependency graph rather than an
// invented one.
func newBOM(bi *debug.BuildInfo, f binaryFacts) *bom {
	// The release's name for itself (-version, what --version prints and
	// the archives are called) wins over what Go recorded, which for a
	// snapshot is a pseudo-version; that is kept as a property.
	version := bi.Main.Version
	if f.version != "" {
		version = f.version
	}
	main := component{
		Type:    "application",
		Name:    bi.Main.Path,
		Version: version,
		PURL:    modulePURL(bi.Main.Path, version),
		Hashes:  []hash{{Alg: "SHA-256", Content: f.sha256}},
	}
	main.BOMRef = main.PURL
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" && bi.Main.Version != version {
		main.Properties = append(main.Properties, property{Name: "go:module:version", Value: bi.Main.Version})
	}
	for _, s := range bi.Settings {
		main.Properties = append(main.Properties, property{Name: "go:build:" + s.Key, Value: s.Value})
	}
	main.Properties = append(main.Properties,
		property{Name: "go:package", Value: bi.Path},
		property{Name: "go:binary:name", Value: f.name})
	if bi.Main.Sum != "" {
		main.Properties = append(main.Properties, property{Name: "go:module:sum", Value: bi.Main.Sum})
	}

	goVersion := strings.TrimPrefix(bi.GoVersion, "go")
	comps := []component{{
		Type: "library", Name: "stdlib", Version: bi.GoVersion,
		PURL:        "pkg:golang/stdlib@" + goVersion,
		BOMRef:      "pkg:golang/stdlib@" + goVersion,
		Description: "the Go standard library and runtime",
	}}
	for _, d := range bi.Deps {
		comps = append(comps, moduleComponent(d))
	}

	b := &bom{
		BOMFormat:    "CycloneDX",
		SpecVersion:  "1.5",
		SerialNumber: serialNumber(f.sha256),
		Version:      1,
		Metadata: metadata{
			Tools:     tools{Components: []component{{Type: "application", Name: "oktasync scripts/sbom", Description: "CycloneDX from Go build information (debug/buildinfo)"}}},
			Component: main,
		},
		Components: comps,
	}
	if !f.time.IsZero() {
		b.Metadata.Timestamp = f.time.Format(time.RFC3339)
	}
	return b
}

// moduleComponent describes one linked module. A replaced module is the
// replacement that was compiled, with the original path kept as a property.
func moduleComponent(m *debug.Module) component {
	path, version, sum := m.Path, m.Version, m.Sum
	var props []property
	if m.Replace != nil {
		props = append(props, property{Name: "go:module:replaces", Value: m.Path + "@" + m.Version})
		path, version, sum = m.Replace.Path, m.Replace.Version, m.Replace.Sum
	}
	if sum != "" {
		props = append(props, property{Name: "go:module:sum", Value: sum})
	}
	c := component{Type: "library", Name: path, Version: version, PURL: modulePURL(path, version), Properties: props}
	c.BOMRef = c.PURL
	return c
}

// modulePURL is the package URL of a Go module (purl spec, type golang).
// A local replacement (a directory, no version) has none.
func modulePURL(path, version string) string {
	if version == "" || strings.HasPrefix(path, ".") || strings.HasPrefix(path, "/") {
		return ""
	}
	return "pkg:golang/" + path + "@" + version + "?type=module"
}

// serialNumber derives the BOM's urn:uuid from the binary's hash (a UUID
// version 8, "vendor-specific"): the same binary always gets the same
// serial number, and different binaries different ones.
func serialNumber(sha256hex string) string {
	b, _ := hex.DecodeString(sha256hex)
	if len(b) < 16 {
		b = append(b, make([]byte, 16-len(b))...)
	}
	u := b[:16]
	u[6] = (u[6] & 0x0f) | 0x80 // version 8
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 9562 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
