package install

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// release is a fake GitHub release: file name → content, served at
// /<tag>/<name> like github.com/…/releases/download/<tag>/<name>.
type release map[string][]byte

func tarGz(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	for name, data := range files {
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
	return b.Bytes()
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func TestInstallRelease(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("the script's Windows path (zip, Git Bash) runs only on a Windows runner")
	}
	for _, tool := range []string{"bash", "curl", "tar", "awk"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: %v", tool, err)
		}
	}
	script, err := filepath.Abs("install-release.sh")
	if err != nil {
		t.Fatal(err)
	}
	binary := []byte("#!/bin/sh\necho 'oktasync v1.2.3'\n")
	archive := fmt.Sprintf("oktasync_1.2.3_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	good := tarGz(t, map[string][]byte{"oktasync": binary, "README.md": []byte("# oktasync\n")})
	sums := func(lines ...string) []byte { return []byte(strings.Join(lines, "\n") + "\n") }

	for _, tc := range []struct {
		name    string
		version string
		rel     release
		want    string // in stderr when the install must fail; "" for success
	}{
		{name: "a good release", version: "v1.2.3",
			rel: release{archive: good, "checksums.txt": sums(sha([]byte("other"))+"  oktasync_1.2.3_plan9_amd64.tar.gz", sha(good)+"  "+archive)}},
		{name: "an archive that does not match its checksum", version: "v1.2.3",
			rel:  release{archive: append(append([]byte{}, good...), 0), "checksums.txt": sums(sha(good) + "  " + archive)},
			want: "SHA-256"},
		{name: "a checksums file without the archive", version: "v1.2.3",
			rel:  release{archive: good, "checksums.txt": sums(sha(good) + "  oktasync_1.2.3_plan9_amd64.tar.gz")},
			want: "has no line for " + archive},
		{name: "no archive for this machine", version: "v1.2.3",
			rel:  release{"checksums.txt": sums(sha(good) + "  " + archive)},
			want: "could not download"},
		{name: "an archive without the binary", version: "v1.2.3",
			rel: func() release {
				a := tarGz(t, map[string][]byte{"README.md": []byte("x")})
				return release{archive: a, "checksums.txt": sums(sha(a) + "  " + archive)}
			}(),
			want: "holds no oktasync"},
		{name: "a branch is not a release", version: "main", rel: release{}, want: "not a release tag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				name, ok := strings.CutPrefix(r.URL.Path, "/"+tc.version+"/")
				data, found := tc.rel[name]
				if !ok || !found {
					http.NotFound(w, r)
					return
				}
				_, _ = w.Write(data) // the client sees a short body if this fails
			}))
			defer srv.Close()

			dir := filepath.Join(t.TempDir(), "bin")
			cmd := exec.Command("bash", script, tc.version, dir)
			cmd.Env = append(os.Environ(), "OKTASYNC_RELEASE_URL="+srv.URL, "RUNNER_OS=", "RUNNER_ARCH=",
				"NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1") // loopback only, whatever proxy the machine sets
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			installed, readErr := os.ReadFile(filepath.Join(dir, "oktasync"))
			if tc.want != "" {
				if err == nil || !strings.Contains(stderr.String(), tc.want) {
					t.Fatalf("err %v, stderr %q; want a failure mentioning %q", err, stderr.String(), tc.want)
				}
				if readErr == nil {
					t.Errorf("a binary was installed although the install failed")
				}
				return
			}
			if err != nil {
				t.Fatalf("%v: %s", err, stderr.String())
			}
			if !bytes.Equal(installed, binary) {
				t.Fatalf("installed %q (%v), want the archive's binary", installed, readErr)
			}
			out, err := exec.Command(filepath.Join(dir, "oktasync")).Output()
			if err != nil || string(out) != "oktasync v1.2.3\n" {
				t.Errorf("running the installed binary: %q, %v", out, err)
			}
		})
	}
}
