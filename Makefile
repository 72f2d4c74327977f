# mlenv-lint — common tasks. `make` builds the binary and lints the bundled examples.
GO        ?= go
BIN       ?= bin/mlenv-lint
FUZZTIME  ?= 10s
GOLANGCI  ?= $(shell command -v golangci-lint 2>/dev/null || echo $(HOME)/go/bin/golangci-lint)

.PHONY: all run build install test test-short bench fuzz lint vet docs clean corpus-check corpus-update eval eval-tune diagnose-corpus diagnose-corpus-update

all: run

build:
	$(GO) build -o $(BIN) ./cmd/mlenv-lint

install:
	$(GO) install ./cmd/mlenv-lint

## run: build, then lint the bundled examples (findings are expected: exit status 1 is ignored)
run: build
	-$(BIN) testdata/examples

## test: every unit, golden, corpus and (when an engine is reachable) build integration test
test:
	$(GO) test ./...

test-short:
	$(GO) test -short ./...

## bench: lint-path benchmarks (one environment, the whole corpus, the read+parse floor) and diagnose over 100 MB logs
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./analyzers/... ./cmd/... ./diagnose/... ./internal/...

## fuzz: run every fuzz target for FUZZTIME each
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

## eval: diagnose's accuracy on real build logs from public threads (testdata/reallogs), per split
eval:
	REALEVAL_REPORT=1 $(GO) test -count=1 -v -run '^TestRealLogs$$' ./diagnose | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS$$'

# The tune split only, misses by name: for whoever changes the classifier.
eval-tune:
	REALEVAL_REPORT=1 REALEVAL_SPLIT=tune $(GO) test -count=1 -v -run '^TestRealLogs$$' ./diagnose | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS$$'

vet:
	$(GO) vet ./...

lint: vet
	$(GOLANGCI) run ./...

## docs: regenerate the rule registry (rules/registry_gen.go) and docs/rules from rule metadata
docs:
	$(GO) run ./internal/cmd/rulegen -dir rules
	$(GO) run ./internal/docgen -out docs/rules

clean:
	rm -rf bin

## corpus-check: lint every repository under ../shared/corpus and compare with the reviewed snapshots in testdata/corpus
corpus-check:
	MLENV_REQUIRE_CORPUS=1 $(GO) test -count=1 -run '^TestCorpus' ./cmd/mlenv-lint

## corpus-update: rewrite testdata/corpus from today's findings (review each change, note it in docs/corpus-review.md)
corpus-update:
	MLENV_REQUIRE_CORPUS=1 MLENV_CORPUS_UPDATE=1 $(GO) test -count=1 -run '^TestCorpusSnapshot$$' -v ./cmd/mlenv-lint | grep -v '^=== RUN'

## diagnose-corpus: diagnose every text file under ../shared/corpus (none is a build log) and compare with the reviewed testdata/diagnose-corpus.txt
diagnose-corpus:
	MLENV_REQUIRE_CORPUS=1 $(GO) test -count=1 -run '^TestDiagnoseCorpus$$' ./cmd/mlenv-lint

## diagnose-corpus-update: rewrite testdata/diagnose-corpus.txt from today's findings (judge each added line first)
diagnose-corpus-update:
	MLENV_REQUIRE_CORPUS=1 MLENV_CORPUS_UPDATE=1 $(GO) test -count=1 -run '^TestDiagnoseCorpus$$' -v ./cmd/mlenv-lint | grep -v '^=== RUN'
