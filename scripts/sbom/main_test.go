package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/synthetic.cdx.json")

// synthetic is build information with every case the SBOM must handle: a
// module version given by the release (the build recorded "(devel)"), a
// replaced module, a local replacement without a version, build settings.
var synthetic = &debug.BuildInfo{
	GoVersion: "go1.26.8",
	Path:      "example.com/tool/cmd/tool",
	Main:      debug.Module{Path: "example.com/tool", Version: "(devel)"},
	Deps: []*debug.Module{
		{Path: "github.com/urfave/cli/v2", Version: "v2.27.7", Sum: "h1:AAAA="},
		{Path: "golang.org/x/sync", Version: "v0.1.0", Sum: "h1:BBBB=",
			Replace: &debug.Module{Path: "example.com/fork/sync", Version: "v0.1.1", Sum: "h1:CCCC="}},
		{Path: "example.com/local", Version: "v1.0.0", Replace: &debug.Module{Path: "../local"}},
	},
	Settings: []debug.BuildSetting{
		{Key: "CGO_ENABLED", Value: "0"}, {Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "arm64"},
		{Key: "vcs.revision", Value: "0123456789abcdef"},
	},
}

// TestSyntheticGolden: the whole document for the synthetic binary, kept in
// testdata so that a change to the format is reviewed.
func TestSyntheticGolden(t *testing.T) {
	b := newBOM(synthetic, binaryFacts{name: "tool", sha256: strings.Repeat("ab", 32), version: "v1.2.3",
		time: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)})
	got, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "synthetic.cdx.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got; run with -update):\n%s", golden, d)
	}
}

func TestComponents(t *testing.T) {
	b := newBOM(synthetic, binaryFacts{name: "tool", sha256: strings.Repeat("ab", 32), version: "v1.2.3"})
	type row struct{ Name, Version, PURL string }
	var got []row
	for _, c := range b.Components {
		got = append(got, row{c.Name, c.Version, c.PURL})
	}
	want := []row{
		{"stdlib", "go1.26.8", "pkg:golang/stdlib@1.26.8"},
		{"github.com/urfave/cli/v2", "v2.27.7", "pkg:golang/github.com/urfave/cli/v2@v2.27.7?type=module"},
		// the code compiled in is the replacement's
		{"example.com/fork/sync", "v0.1.1", "pkg:golang/example.com/fork/sync@v0.1.1?type=module"},
		{"../local", "", ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("components (-want +got):\n%s", d)
	}
	if m := b.Metadata.Component; m.Version != "v1.2.3" || m.PURL != "pkg:golang/example.com/tool@v1.2.3?type=module" {
		t.Errorf("subject: version %q purl %q; want the release version given for a (devel) build", m.Version, m.PURL)
	}
	if b.Metadata.Timestamp != "" {
		t.Errorf("timestamp %q without -time; want none (the SBOM must not depend on when it was made)", b.Metadata.Timestamp)
	}

	// A snapshot's module version is a pseudo-version: -version names the
	// subject, the recorded version stays as a property; without -version
	// the recorded one is used.
	pseudo := *synthetic
	pseudo.Main.Version = "v0.0.0-20250101000000-0123456789ab"
	m := newBOM(&pseudo, binaryFacts{version: "v0.0.1-snapshot-0123456"}).Metadata.Component
	if m.Version != "v0.0.1-snapshot-0123456" || !containsProperty(m.Properties, "go:module:version", pseudo.Main.Version) {
		t.Errorf("-version over a pseudo-version: version %q, properties %v", m.Version, m.Properties)
	}
	if v := newBOM(&pseudo, binaryFacts{}).Metadata.Component.Version; v != pseudo.Main.Version {
		t.Errorf("no -version: got %q, want the recorded %q", v, pseudo.Main.Version)
	}
}

func TestSerialNumber(t *testing.T) {
	a, b := serialNumber(strings.Repeat("ab", 32)), serialNumber(strings.Repeat("cd", 32))
	if a == b || a != serialNumber(strings.Repeat("ab", 32)) {
		t.Errorf("serial numbers %s, %s: want stable per binary and distinct across binaries", a, b)
	}
	// urn:uuid:xxxxxxxx-xxxx-8xxx-[89ab]xxx-xxxxxxxxxxxx
	if len(a) != len("urn:uuid:")+36 || a[9+14] != '8' || !strings.ContainsRune("89ab", rune(a[9+19])) {
		t.Errorf("%s is not a version 8 UUID URN", a)
	}
}

// TestRealBinary runs the command on this test binary, which carries Go
// build information like any other: the file's hash, the Go release and
// the module path must be the real ones.
func TestRealBinary(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "bom.json")
	if err := run([]string{"-o", out, "-version", "v0.0.1", "-time", "2025-01-02T03:04:05+01:00", exe}, nil); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var b bom
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	m := b.Metadata.Component
	if b.BOMFormat != "CycloneDX" || b.SpecVersion != "1.5" || b.Version != 1 {
		t.Errorf("header %s %s %d", b.BOMFormat, b.SpecVersion, b.Version)
	}
	if m.Name != "github.com/oktasync/oktasync" || len(m.Hashes) != 1 || m.Hashes[0].Content != hex.EncodeToString(sum[:]) {
		t.Errorf("subject %s %+v; want the module path and the file's SHA-256", m.Name, m.Hashes)
	}
	if len(b.Components) == 0 || b.Components[0].Version != runtime.Version() {
		t.Errorf("first component %+v; want stdlib %s", b.Components, runtime.Version())
	}
	if b.Metadata.Timestamp != "2025-01-02T02:04:05Z" {
		t.Errorf("timestamp %q, want the -time in UTC", b.Metadata.Timestamp)
	}

	for _, args := range [][]string{{}, {"a", "b"}, {"-time", "yesterday", exe}, {filepath.Join(t.TempDir(), "missing")}} {
		if err := run(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

func containsProperty(ps []property, name, value string) bool {
	for _, p := range ps {
		if p.Name == name && p.Value == value {
			return true
		}
	}
	return false
}
