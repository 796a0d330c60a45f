package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
)

// gitWorkTree returns the root of the git work tree that holds path (which
// need not exist yet), or "" when it is in none: the nearest directory
// above it with a .git entry (a directory, or a file for a worktree).
func gitWorkTree(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	for dir := abs; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// unignoredInGit says whether apply writing path would leave an untracked
// file in a git work tree: path is inside one, and no ignore rule covers
// it. It asks git itself (git check-ignore), which knows every rule
// (nested .gitignore files, info/exclude, core.excludesFile). When git
// cannot answer (not installed), it says so with err, and the caller
// warns anyway: a backup in a repository is worth a line.
func unignoredInGit(path string) (root string, unignored bool, err error) {
	root = gitWorkTree(path)
	if root == "" {
		return "", false, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return root, true, err
	}
	cmd := exec.Command("git", "-C", root, "check-ignore", "-q", "--", abs)
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return root, false, nil // ignored
	case errors.As(err, &ee) && ee.ExitCode() == 1:
		return root, true, nil // not ignored
	}
	return root, true, err
}
