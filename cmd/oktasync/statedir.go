package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// stateRoot is where oktasync keeps what it writes for itself while it
// runs (apply's backups and journals), outside any repository:
// $XDG_STATE_HOME/oktasync, else ~/.local/state/oktasync (the XDG default,
// on macOS too: a CLI's users look there, and Library/ is for apps), else
// %LocalAppData%\oktasync on Windows. getenv is os.Getenv (a parameter for
// tests).
func stateRoot(getenv func(string) string) (string, error) {
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "oktasync"), nil
	}
	if runtime.GOOS == "windows" {
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "oktasync"), nil
		}
	}
	home := getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("no state directory for backups and journals (set XDG_STATE_HOME, or pass --backup-dir and --journal): %w", err)
		}
	}
	return filepath.Join(home, ".local", "state", "oktasync"), nil
}

// orgStateDir is the state directory of one org: its host (and port), so
// that two orgs' backups never mix.
func orgStateDir(root, orgURL string) string {
	name := orgURL
	if u, err := url.Parse(orgURL); err == nil && u.Host != "" {
		name = u.Host
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
			return r
		}
		return '_'
	}, name)
	if name == "" {
		name = "org"
	}
	return filepath.Join(root, name)
}
