package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"debug/buildinfo"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

type target struct{ goos, goarch string }

func (t target) String() string { return t.goos + "/" + t.goarch }

// checker collects every problem, rather than stopping at the first, so
// that one run says everything that is wrong with a release.
type checker struct {
	dist     string
	host     string
	targets  []target
	version  string            // goreleaser's version, without the "v" (metadata.json)
	sums     map[string]string // checksums.txt: file name → SHA-256
	problems []string
}

func (c *checker) problemf(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) check() error {
	var meta struct {
		Version string `json:"version"`
	}
	raw, err := os.ReadFile(filepath.Join(c.dist, "metadata.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, &meta); err != nil || meta.Version == "" {
		return fmt.Errorf("%s: no version (%w)", filepath.Join(c.dist, "metadata.json"), err)
	}
	c.version = meta.Version
	if c.sums, err = readChecksums(filepath.Join(c.dist, "checksums.txt")); err != nil {
		return err
	}
	names := make([]string, 0, len(c.sums))
	for name := range c.sums {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		got, err := fileSHA256(filepath.Join(c.dist, name))
		switch {
		case err != nil:
			c.problemf("checksums.txt lists %s: %v", name, err)
		case got != c.sums[name]:
			c.problemf("%s: SHA-256 %s, but checksums.txt says %s", name, got, c.sums[name])
		}
	}
	expected := map[string]bool{}
	for _, t := range c.targets {
		archive, sbom := c.artifactNames(t)
		expected[archive], expected[sbom] = true, true
		c.checkTarget(t, archive, sbom)
	}
	for _, name := range names {
		if !expected[name] {
			c.problemf("checksums.txt lists %s, which is no target's archive or SBOM (a new target? add it to -targets and to action.yml)", name)
		}
	}
	if len(c.problems) > 0 {
		return fmt.Errorf("%d problem(s) in %s:\n  %s", len(c.problems), c.dist, strings.Join(c.problems, "\n  "))
	}
	return nil
}

// artifactNames are the names .goreleaser.yaml gives a target's archive and
// SBOM, and that action.yml downloads.
func (c *checker) artifactNames(t target) (archive, sbom string) {
	base := fmt.Sprintf("oktasync_%s_%s_%s", c.version, t.goos, t.goarch)
	ext := ".tar.gz"
	if t.goos == "windows" {
		ext = ".zip"
	}
	return base + ext, base + ".sbom.cdx.json"
}

func (c *checker) checkTarget(t target, archive, sbom string) {
	for _, name := range []string{archive, sbom} {
		if _, ok := c.sums[name]; !ok {
			c.problemf("%s: %s is not in checksums.txt", t, name)
		}
	}
	binName := "oktasync"
	if t.goos == "windows" {
		binName += ".exe"
	}
	bin, err := extract(filepath.Join(c.dist, archive), binName)
	if err != nil {
		c.problemf("%s: %v", t, err)
		return
	}
	c.checkBinary(t, bin)
	sum := sha256.Sum256(bin)
	c.checkSBOM(t, filepath.Join(c.dist, sbom), hex.EncodeToString(sum[:]))
	if t.String() == c.host {
		c.checkVersionOutput(t, bin)
	}
}

func (c *checker) checkBinary(t target, bin []byte) {
	bi, err := buildinfo.Read(bytes.NewReader(bin))
	if err != nil {
		c.problemf("%s: no Go build information: %v", t, err)
		return
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	for key, want := range map[string]string{"GOOS": t.goos, "GOARCH": t.goarch, "CGO_ENABLED": "0", "-trimpath": "true"} {
		if settings[key] != want {
			c.problemf("%s: built with %s=%q, want %q", t, key, settings[key], want)
		}
	}
	// -trimpath keeps -ldflags out of the build settings (go.dev/issue/52372),
	// so look for the string -X main.version=… put in the binary's data.
	if want := "v" + c.version; !bytes.Contains(bin, []byte(want)) {
		c.problemf("%s: the binary does not hold its version %q (-X main.version in .goreleaser.yaml's ldflags)", t, want)
	}
	if bi.Main.Path != modulePath || bi.GoVersion == "" {
		c.problemf("%s: module %q built by %q; want %s and a Go version", t, bi.Main.Path, bi.GoVersion, modulePath)
	}
	if t.goos == "linux" {
		f, err := elf.NewFile(bytes.NewReader(bin))
		if err != nil {
			c.problemf("%s: not an ELF binary: %v", t, err)
			return
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				c.problemf("%s: dynamically linked (it has an ELF interpreter); want a static binary", t)
			}
		}
	}
}

func (c *checker) checkSBOM(t target, path, binSHA256 string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		c.problemf("%s: %v", t, err)
		return
	}
	var doc struct {
		BOMFormat string `json:"bomFormat"`
		Metadata  struct {
			Component struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Hashes  []struct {
					Alg     string `json:"alg"`
					Content string `json:"content"`
				} `json:"hashes"`
			} `json:"component"`
		} `json:"metadata"`
		Components []struct {
			Name string `json:"name"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		c.problemf("%s: %s: %v", t, filepath.Base(path), err)
		return
	}
	m := doc.Metadata.Component
	if doc.BOMFormat != "CycloneDX" || m.Name != modulePath || m.Version != "v"+c.version {
		c.problemf("%s: %s describes %s %s (%s); want %s v%s (CycloneDX)", t, filepath.Base(path), m.Name, m.Version, doc.BOMFormat, modulePath, c.version)
	}
	if len(m.Hashes) != 1 || m.Hashes[0].Alg != "SHA-256" || m.Hashes[0].Content != binSHA256 {
		c.problemf("%s: %s's SHA-256 is not that of the binary in the archive", t, filepath.Base(path))
	}
	if len(doc.Components) < 2 || doc.Components[0].Name != "stdlib" {
		c.problemf("%s: %s lists %d components; want the standard library and the modules linked in", t, filepath.Base(path), len(doc.Components))
	}
}

// checkVersionOutput runs the host's binary: --version must name the
// release and the module, from the binary itself.
func (c *checker) checkVersionOutput(t target, bin []byte) {
	dir, err := os.MkdirTemp("", "releasecheck")
	if err != nil {
		c.problemf("%s: %v", t, err)
		return
	}
	defer os.RemoveAll(dir)
	exe := filepath.Join(dir, "oktasync")
	if t.goos == "windows" {
		exe += ".exe"
	}
	if err := os.WriteFile(exe, bin, 0o755); err != nil {
		c.problemf("%s: %v", t, err)
		return
	}
	out, err := exec.Command(exe, "--version").CombinedOutput()
	if err != nil {
		c.problemf("%s: oktasync --version: %v: %s", t, err, out)
		return
	}
	for _, want := range []string{"oktasync v" + c.version + "\n", "module:   " + modulePath + "\n", "platform: " + t.String() + "\n"} {
		if !strings.Contains(string(out), want) {
			c.problemf("%s: oktasync --version lacks %q:\n%s", t, want, out)
		}
	}
}

// readChecksums reads "SHA256  NAME" lines, as sha256sum writes them.
func readChecksums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 || name == "" {
			return nil, fmt.Errorf("%s:%d: not \"SHA256  NAME\": %q", path, n, sc.Text())
		}
		sums[name] = sum
	}
	return sums, sc.Err()
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// extract returns the file called name at the top of a .tar.gz or .zip
// archive (where `tar xzf` or `unzip` in the action puts it).
func extract(path, name string) ([]byte, error) {
	if strings.HasSuffix(path, ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					return nil, err
				}
				defer rc.Close()
				return io.ReadAll(rc)
			}
		}
		return nil, fmt.Errorf("%s has no %s at its top", filepath.Base(path), name)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s has no %s at its top", filepath.Base(path), name)
		}
		if err != nil {
			return nil, err
		}
		if h.Name == name {
			return io.ReadAll(tr)
		}
	}
}

// list prints dist's files with their sizes: what a release would publish.
func (c *checker) list(w io.Writer) error {
	entries, err := os.ReadDir(c.dist)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "release v%s: %d targets, every archive, SBOM and checksum checked\n", c.version, len(c.targets))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %10d  %s\n", info.Size(), e.Name())
	}
	return nil
}
