# kpireport — the two front-door commands are `make report` and `make test`.
GO      ?= go
BIN     := bin/kpireport
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS := -s -w -X main.version=$(VERSION)

.PHONY: all build report test deps bench lint fuzz sample dist clean

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/kpireport

## report: build the tool and write the sample report (out/rapport.pdf, out/rapport.json)
report: build
	@mkdir -p out
	$(BIN) report -c samples/kpis.yaml -o out/rapport.pdf --json out/rapport.json samples/figures.xlsx
	$(BIN) report -c samples/kpis.yaml --lang en -o out/report-en.pdf samples/figures.xlsx
	@echo "wrote out/rapport.pdf (French), out/report-en.pdf (English) and out/rapport.json"

## test: formatting, vet, and every test with the race detector
test: lint deps
	$(GO) test -race -count=1 ./...

## deps: the one tool the tests need beyond Go: pdftotext (Debian's poppler-utils),
## to read the generated PDFs back. Installed with apt-get when missing.
deps:
	@command -v pdftotext >/dev/null 2>&1 || { \
	  echo "installing poppler-utils (pdftotext) for the PDF tests"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needs to run on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## bench: benchmarks of reading, computing, rendering and the whole report
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./...

## fuzz: run every fuzz target of the packages for a while (FUZZTIME=30s by
## default); the targets are listed by go test, so a new one is never left out
FUZZTIME ?= 30s
FUZZ_PKGS := ./number ./reader ./reader/internal/vocab ./kpi ./plausibility
fuzz:
	@for pkg in $(FUZZ_PKGS); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; \
	    $(GO) test $$pkg -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) || exit 1; \
	  done; \
	done

## dist: the program for Windows, macOS and Linux (amd64 and arm64), with
## the version stamped, in dist/ (kpireport-VERSION-OS-ARCH, .exe on
## Windows): pure Go, no C compiler needed, nothing to install beside it
PLATFORMS := windows/amd64 windows/arm64 darwin/amd64 darwin/arm64 linux/amd64 linux/arm64
dist:
	@mkdir -p dist
	@for p in $(PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
	  out=dist/kpireport-$(VERSION)-$$os-$$arch$$ext; \
	  echo "$$out"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $$out ./cmd/kpireport || exit 1; \
	done

## sample: regenerate samples/figures.xlsx
sample:
	$(GO) run ./samples/gen -o samples/figures.xlsx

clean:
	rm -rf bin out dist
