# oktasync — build, test, demo, bench, lint.
# Everything a fresh machine with Go installed needs is fetched by `go`
# itself (modules) or by the targets below (lint tools).

GO        ?= go
BIN       := bin/oktasync
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
DEMO_DIR  ?= demo-out
DEMO_PORT ?= 18181

.PHONY: all build test test-short demo bench lint fmt vet clean

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

lint: vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) run github.com/rhysd/actionlint/cmd/actionlint@v1.7.7 .github/workflows/*.yml examples/github-actions/*.yml internal/initrepo/templates/*.yml

fmt:
	gofmt -w $$(git ls-files '*.go')

vet:
	$(GO) vet ./...

clean:
	rm -rf bin $(DEMO_DIR)
