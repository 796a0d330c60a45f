# oktasync — build, test, demo, bench, lint.
# Everything a fresh machine with Go installed needs is fetched by `go`
# itself (modules) or by the targets below (lint tools).

GO        ?= go
BIN       := bin/oktasync
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# The commit too: Go records it only when it finds the repository itself
# (not from a git worktree, nor with -buildvcs=false).
COMMIT    ?= $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS   := -X main.version=$(VERSION) $(if $(COMMIT),-X main.commit=$(COMMIT))
DEMO_DIR  ?= demo-out
DEMO_PORT ?= 18181
# goreleaser comes from the Go module proxy, pinned (v2.15.1 is the newest
# that builds with Go 1.26); `go run pkg@version` needs no install step.
GORELEASER ?= $(GO) run github.com/goreleaser/goreleaser/v2@v2.15.1
# golangci-lint from the Go module proxy, pinned; built once into the Go
# build cache by `go run` (a few minutes the first time), configured in
# .golangci.yml (exhaustive, errorlint, gomodguard_v2, the standard set).
GOLANGCI  ?= $(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0

.PHONY: all build test test-short demo bench lint fmt vet clean release-snapshot release

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/oktasync

# The suite: race detector on, loopback only, a few minutes on 2 cores.
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 20m ./...

test-short:
	$(GO) test -count=1 -short ./...

# Starts a sandbox with a sample org and shows what it holds.
demo: build
	rm -rf $(DEMO_DIR)
	$(GO) run ./scripts/demo -bin $(BIN) -out $(DEMO_DIR)/tree

# Benchmarks write a JSON report (bench/report.json); speed is measured
# here, never asserted in tests.
bench: build
	$(GO) run ./bench -bin $(BIN) -out bench/report.json

# What a release would publish, built locally and not published: static
# binaries for linux, darwin and windows on amd64 and arm64, their archives,
# a CycloneDX SBOM per binary and checksums.txt, in dist/. releasecheck then
# opens every archive and checks binaries, SBOMs and checksums.
release-snapshot:
	$(GORELEASER) check
	$(GORELEASER) release --snapshot --clean
	$(GO) run ./scripts/releasecheck -dist dist

# The real thing, for .github/workflows/release.yml: from a tag vX.Y.Z, with
# GITHUB_TOKEN, into a draft GitHub release that a maintainer publishes.
release:
	$(GORELEASER) release --clean
	$(GO) run ./scripts/releasecheck -dist dist

lint: vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) run github.com/rhysd/actionlint/cmd/actionlint@v1.7.7 .github/workflows/*.yml examples/github-actions/*.yml internal/initrepo/templates/*.yml
	$(GOLANGCI) run ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

vet:
	$(GO) vet ./...

clean:
	rm -rf bin dist $(DEMO_DIR)
