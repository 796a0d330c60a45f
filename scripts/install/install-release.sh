#!/usr/bin/env bash
# install-release.sh VERSION DIR
#
# Installs oktasync VERSION (a release tag, v1.2.3) into DIR from its GitHub
# release: downloads this machine's archive and the release's checksums.txt,
# refuses the archive unless its SHA-256 is the one checksums.txt gives for
# it, and puts the binary in DIR. The action (action.yml) runs it; it also
# works on a developer machine (bash, curl, tar or unzip, and sha256sum or
# shasum).
#
# The names are those .goreleaser.yaml gives the artifacts:
#   oktasync_<VERSION without v>_<os>_<arch>.tar.gz (.zip on windows), checksums.txt
#
# Environment:
#   OKTASYNC_RELEASE_URL  the releases' download base (default
#                         https://github.com/oktasync/oktasync/releases/download);
#                         the tests serve a fake release on loopback
#   RUNNER_OS, RUNNER_ARCH  GitHub's names for the machine; uname when unset
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: install-release.sh VERSION DIR" >&2
  exit 2
fi
version=$1
dir=$2
base="${OKTASYNC_RELEASE_URL:-https://github.com/oktasync/oktasync/releases/download}/$version"

fail() {
  echo "install-release.sh: $*" >&2
  exit 1
}

case "$version" in
  v[0-9]*.[0-9]*.[0-9]*) ;;
  *) fail "version $version is not a release tag (vX.Y.Z); build it with go install instead" ;;
esac

os="${RUNNER_OS:-$(uname -s)}"
case "$os" in
  Linux | linux) os=linux ;;
  macOS | Darwin) os=darwin ;;
  Windows | MINGW* | MSYS* | CYGWIN* | Windows_NT) os=windows ;;
  *) fail "no release binary for the OS $os" ;;
esac
arch="${RUNNER_ARCH:-$(uname -m)}"
case "$arch" in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | aarch64 | arm64) arch=arm64 ;;
  *) fail "no release binary for the architecture $arch" ;;
esac

ext=tar.gz
exe=oktasync
if [ "$os" = windows ]; then
  ext=zip
  exe=oktasync.exe
fi
archive="oktasync_${version#v}_${os}_${arch}.${ext}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() {
  curl --fail --silent --show-error --location --retry 3 --output "$tmp/$1" "$base/$1" ||
    fail "could not download $base/$1"
}
fetch checksums.txt
fetch "$archive"

# checksums.txt lines are "SHA256  NAME", as sha256sum writes them.
want=$(awk -v name="$archive" '$2 == name { print $1 }' "$tmp/checksums.txt")
[ -n "$want" ] || fail "checksums.txt of $version has no line for $archive"
if command -v sha256sum >/dev/null; then
  got=$(sha256sum "$tmp/$archive" | awk '{ print $1 }')
else
  got=$(shasum -a 256 "$tmp/$archive" | awk '{ print $1 }')
fi
[ "$got" = "$want" ] || fail "$archive: SHA-256 $got, but checksums.txt of $version says $want; not installed"

if [ "$ext" = zip ]; then
  if command -v unzip >/dev/null; then
    unzip -q -o "$tmp/$archive" "$exe" -d "$tmp/x" || fail "$archive holds no $exe"
  else
    # Git Bash's paths (/tmp/…) mean nothing to PowerShell.
    winpath() { if command -v cygpath >/dev/null; then cygpath -w "$1"; else printf '%s' "$1"; fi; }
    pwsh -NoProfile -Command "Expand-Archive -LiteralPath '$(winpath "$tmp/$archive")' -DestinationPath '$(winpath "$tmp/x")'"
  fi
else
  mkdir -p "$tmp/x"
  tar -xzf "$tmp/$archive" -C "$tmp/x" "$exe" 2>/dev/null || fail "$archive holds no $exe"
fi
[ -f "$tmp/x/$exe" ] || fail "$archive holds no $exe"

mkdir -p "$dir"
chmod 0755 "$tmp/x/$exe"
mv -f "$tmp/x/$exe" "$dir/$exe"
echo "installed oktasync $version ($os/$arch, SHA-256 of $archive checked) in $dir"
