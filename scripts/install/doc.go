// Package install holds install-release.sh, the script with which the
// oktasync action (action.yml) installs a released binary: it downloads the
// archive for the runner's OS and architecture and the release's
// checksums.txt, and installs the binary only when the archive's SHA-256 is
// the one checksums.txt lists. The Go code here is only its test, which
// serves fake releases on loopback and runs the script against them.
//
// What the check guards against: a download that is cut short, corrupted,
// or swapped for another file on the way or in a cache. checksums.txt comes
// from the same release, so it does not protect against someone who can
// publish a release; the go install path (Go's checksum database) and
// pinning a tag are the answers to that.
package install
