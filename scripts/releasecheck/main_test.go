package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeBinary builds a real (tiny) static Go binary of module
// github.com/oktasync/oktasync that answers --version like oktasync.
func fakeBinary(t *testing.T) []byte {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake release is a .tar.gz for this machine")
	}
	src := t.TempDir()
	files := map[string]string{
		"go.mod": "module " + modulePath + "\n\ngo 1.22\n",
		"main.go": `package main

import (
	"fmt"
	"os"
	"runtime"
)

var version string

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Printf("oktasync %s\nmodule:   github.com/oktasync/oktasync\nplatform: %s/%s\n", version, runtime.GOOS, runtime.GOARCH)
	}
}
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exe := filepath.Join(src, "oktasync")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.version=v1.0.0", "-o", exe, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=-buildvcs=false", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	bin, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// fakeRelease lays out a one-target dist/ around bin the way goreleaser does.
func fakeRelease(t *testing.T, bin []byte) string {
	t.Helper()
	dist := t.TempDir()
	host := target{runtime.GOOS, runtime.GOARCH}
	c := &checker{version: "1.0.0"}
	archive, sbom := c.artifactNames(host)
	var tgz bytes.Buffer
	gz := gzip.NewWriter(&tgz)
	tw := tar.NewWriter(gz)
	for name, data := range map[string][]byte{"README.md": []byte("# oktasync\n"), "oktasync": bin} {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(data))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(bin)
	bom := fmt.Sprintf(`{"bomFormat": "CycloneDX", "metadata": {"component": {"name": %q, "version": "v1.0.0",
		"hashes": [{"alg": "SHA-256", "content": %q}]}}, "components": [{"name": "stdlib"}, {"name": "example.com/dep"}]}`,
		modulePath, hex.EncodeToString(sum[:]))
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dist, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("metadata.json", []byte(`{"project_name":"oktasync","version":"1.0.0"}`))
	write(archive, tgz.Bytes())
	write(sbom, []byte(bom))
	writeChecksums(t, dist, archive, sbom)
	return dist
}

func writeChecksums(t *testing.T, dist string, names ...string) {
	t.Helper()
	var b strings.Builder
	for _, name := range names {
		sum, err := fileSHA256(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, name)
	}
	if err := os.WriteFile(filepath.Join(dist, "checksums.txt"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReleaseCheck(t *testing.T) {
	bin := fakeBinary(t)
	host := runtime.GOOS + "/" + runtime.GOARCH
	archive := fmt.Sprintf("oktasync_1.0.0_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	sbom := fmt.Sprintf("oktasync_1.0.0_%s_%s.sbom.cdx.json", runtime.GOOS, runtime.GOARCH)
	for _, tc := range []struct {
		name    string
		targets string
		spoil   func(t *testing.T, dist string)
		want    []string // in the error; none: the release passes
	}{
		{name: "a good release", targets: host},
		{name: "a missing target", targets: host + ",plan9/amd64",
			want: []string{"plan9/amd64: oktasync_1.0.0_plan9_amd64.tar.gz is not in checksums.txt"}},
		{name: "an archive changed after checksumming", targets: host,
			spoil: func(t *testing.T, dist string) {
				f, err := os.OpenFile(filepath.Join(dist, archive), os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := f.Write([]byte("x")); err != nil {
					t.Fatal(err)
				}
				if err := f.Close(); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{archive + ": SHA-256 ", "but checksums.txt says"}},
		{name: "an SBOM of another binary", targets: host,
			spoil: func(t *testing.T, dist string) {
				raw, _ := os.ReadFile(filepath.Join(dist, sbom))
				i := bytes.Index(raw, []byte(`"content": "`)) + len(`"content": "`)
				copy(raw[i:], "00000000")
				if err := os.WriteFile(filepath.Join(dist, sbom), raw, 0o644); err != nil {
					t.Fatal(err)
				}
				writeChecksums(t, dist, archive, sbom)
			},
			want: []string{sbom + "'s SHA-256 is not that of the binary in the archive"}},
		{name: "an artifact no target explains", targets: host,
			spoil: func(t *testing.T, dist string) {
				if err := os.WriteFile(filepath.Join(dist, "extra.deb"), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
				writeChecksums(t, dist, archive, sbom, "extra.deb")
			},
			want: []string{"checksums.txt lists extra.deb, which is no target's archive or SBOM"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dist := fakeRelease(t, bin)
			if tc.spoil != nil {
				tc.spoil(t, dist)
			}
			var out bytes.Buffer
			err := run([]string{"-dist", dist, "-targets", tc.targets}, &out)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range []string{"release v1.0.0", archive, sbom, "checksums.txt"} {
					if !strings.Contains(out.String(), w) {
						t.Errorf("listing lacks %q:\n%s", w, out.String())
					}
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}
