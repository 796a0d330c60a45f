package main

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/oktasync/oktasync/internal/tree"
)

// The validation cache (tree.Cache) of plan and diff: where it lives and
// how it is turned off. See docs/rate-limits.md, "Large trees".
const (
	// cacheDirEnv overrides the directory of the cache file (by default
	// the user's cache directory, os.UserCacheDir, + /oktasync).
	cacheDirEnv = "OKTASYNC_CACHE_DIR"
	// noCacheEnv, when set to anything but "" or "0", turns the cache off,
	// as --no-cache does.
	noCacheEnv = "OKTASYNC_NO_CACHE"
	// cacheFile is the cache's file name in that directory.
	cacheFile = "validation-v1.cache"
)

// validationCache opens the cache of this program, or returns nil (no
// cache) when it is turned off, when no cache directory can be found, or
// when the program cannot identify itself (an entry is only trusted from
// the same build, schemas and checks included).
func validationCache(off bool) *tree.Cache {
	if off || (os.Getenv(noCacheEnv) != "" && os.Getenv(noCacheEnv) != "0") {
		return nil
	}
	dir := os.Getenv(cacheDirEnv)
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "oktasync")
	}
	version, ok := programVersion()
	if !ok {
		return nil
	}
	return tree.OpenCache(filepath.Join(dir, cacheFile), version)
}

var programVersionOnce = sync.OnceValues(readProgramVersion)

// programVersion identifies this build: a hash of the Go build ID the
// linker writes into the executable (itself a hash of everything built
// into it: code, embedded schemas, toolchain), or, where there is none, a
// hash of the whole executable.
func programVersion() ([32]byte, bool) { return programVersionOnce() }

func readProgramVersion() ([32]byte, bool) {
	exe, err := os.Executable()
	if err != nil {
		return [32]byte{}, false
	}
	h := sha256.New()
	_, _ = io.WriteString(h, runtime.Version()+"\x00"+runtime.GOOS+"/"+runtime.GOARCH+"\x00")
	if id, ok := goBuildID(exe); ok {
		_, _ = io.WriteString(h, "buildid\x00")
		h.Write(id)
		return [32]byte(h.Sum(nil)), true
	}
	f, err := os.Open(exe)
	if err != nil {
		return [32]byte{}, false
	}
	defer f.Close()
	_, _ = io.WriteString(h, "executable\x00")
	if _, err := io.Copy(h, f); err != nil {
		return [32]byte{}, false
	}
	return [32]byte(h.Sum(nil)), true
}

// goBuildID returns the Go build ID note of an ELF executable, when it has
// a full one (a build with -buildid= has none, and is hashed whole).
func goBuildID(exe string) ([]byte, bool) {
	f, err := elf.Open(exe)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return nil, false
	}
	data, err := sec.Data()
	if err != nil {
		return nil, false
	}
	// The note is a 12-byte header, "Go\0\0", and the ID: four hashes
	// joined by slashes, each tens of characters long.
	const header = 16
	if len(data) <= header || !bytes.HasPrefix(data[12:], []byte("Go\x00\x00")) {
		return nil, false
	}
	id := bytes.TrimRight(data[header:], "\x00")
	if len(id) < 40 || bytes.Count(id, []byte("/")) < 1 {
		return nil, false
	}
	return id, true
}
