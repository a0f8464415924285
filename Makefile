# Two commands do all set-up on a fresh machine:
#   make serve   install what building needs, build the example site and serve it on http://127.0.0.1:8000/
#   make test    install everything (test tools, Chromium) and run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Building needs the package only; the test tools (pytest, Playwright, mypy, ruff) come with `make test`.
STAMP := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.test-installed-stamp
# Every package at the version and hash that passed the tests (`make lock` refreshes them).
# LOCKED=no takes the newest versions pyproject.toml's ranges allow instead (`make test-latest`).
BASE_LOCK := requirements/base.lock.txt
TEST_LOCK := requirements/test.lock.txt
LOCKED ?= yes
ifeq ($(LOCKED),yes)
INSTALL_BASE = $(BIN)/python -m pip install --quiet --require-hashes -r $(BASE_LOCK) && $(BIN)/python -m pip install --quiet --no-deps -e .
INSTALL_TEST = $(BIN)/python -m pip install --quiet --require-hashes -r $(TEST_LOCK)
else
INSTALL_BASE = $(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e .
INSTALL_TEST = $(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
endif
PORT ?= 8000
# apt-get needs root: use sudo when not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-test serve preview build check status hooks test lint typecheck pdf-deps browser-deps locales-extract locales-update locales-compile lock test-latest bench corpus eval docs clean

$(STAMP): pyproject.toml $(BASE_LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(INSTALL_BASE)
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) $(TEST_LOCK)
	$(INSTALL_TEST)
	touch $(TEST_STAMP)

install: $(STAMP)
install-test: $(TEST_STAMP)

# Both say so, in one message, when the port is taken (e.g. by the other one): make preview PORT=8001
serve: install pdf-deps
	$(BIN)/notices serve --port $(PORT)

# The legal team's preview: drafts and unpublished revisions too, marked as such.
# --dirty: a save renders the pages it touches and the shared ones, not every archived page.
preview: install pdf-deps
	$(BIN)/notices serve --preview --port $(PORT)

# One process per language at once, merged into the same site `mkdocs build` writes.
build: install pdf-deps
	$(BIN)/notices build

check: install
	$(BIN)/notices check

status: install
	$(BIN)/notices status

# Run `notices check` before every commit (.pre-commit-config.yaml).
hooks: install
	test -x $(BIN)/pre-commit || $(BIN)/python -m pip install --quiet -e '.[hooks]'
	$(BIN)/pre-commit install

lint: install-test
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests

typecheck: install-test
	$(BIN)/mypy

# Pango (WeasyPrint lays out each revision's PDF with it) and a font for every
# script a shipped language is written in (embedded in the PDFs, and shown in
# screenshots): DejaVu for Latin, Noto for Thai, Devanagari and Arabic, Noto CJK
# for Japanese, Korean and Chinese (notices.site.pdf.SCRIPT_FONTS). apt runs
# through sudo when not root, and only when something is missing.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk
PDF_FONTS := "DejaVu Sans" "Noto Sans Thai" "Noto Sans Devanagari" "Noto Naskh Arabic" "Noto Sans CJK JP"
pdf-deps:
	@{ { ldconfig -p 2>/dev/null || /sbin/ldconfig -p; } | grep -q libpangoft2 && \
	  for font in $(PDF_FONTS); do fc-list "$$font" | grep -q . || missing=1; done && test -z "$$missing"; } || \
	  { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; }

# Debian's Chromium for the browser tests (Playwright's own download does not
# work here), a JRE for the Nu Html Checker, and axe-core and vnu-jar from the
# npm registry.
BROWSER_PACKAGES := chromium default-jre-headless
browser-deps: pdf-deps
	@{ command -v chromium >/dev/null && command -v java >/dev/null; } || \
	  { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; }
	@{ test -f node_modules/axe-core/axe.min.js && test -f node_modules/vnu-jar/build/dist/vnu.jar; } || \
	  npm ci --silent --no-audit --no-fund

test: install-test browser-deps lint typecheck
	$(BIN)/pytest

# The lock's newest allowed versions, found by uv (a dev tool, installed here on first use). The test
# lock is resolved first; the base lock takes the same versions. Then run `make test` and commit both.
UV_COMPILE = $(BIN)/uv pip compile --quiet --custom-compile-command "make lock" --universal --python-version 3.11 --generate-hashes --upgrade
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet 'uv>=0.9,<1'
	mkdir -p requirements
	$(UV_COMPILE) pyproject.toml --extra test -o $(TEST_LOCK)
	$(UV_COMPILE) pyproject.toml -c $(TEST_LOCK) -o $(BASE_LOCK)

# The whole of `make test` in a separate virtualenv with the newest versions the ranges allow, not the
# lock's: a breaking release shows here (and in the scheduled workflow) before it reaches the lock.
test-latest:
	rm -rf .venv-latest
	$(MAKE) install-test VENV=.venv-latest LOCKED=no
	.venv-latest/bin/python -m pip freeze --exclude-editable | tee .venv-latest/versions.txt
	$(MAKE) test VENV=.venv-latest LOCKED=no

locales-extract: install
	$(BIN)/pybabel extract -F babel.cfg -k text -k html -k plural_text:1,2 -k plural_html:1,2 --no-location --omit-header -o locales/messages.pot .

locales-update: locales-extract
	$(BIN)/pybabel update -i locales/messages.pot -d locales -w 100 --no-fuzzy-matching

locales-compile: install
	$(BIN)/pybabel compile -d locales --statistics

# A synthetic content tree (make corpus R=20 S=12 N=2), and the benchmark (not part of make test).
R ?= 20
S ?= 12
N ?= 2
corpus: install
	$(BIN)/python scripts/bench/corpus.py build/corpus --notices $(N) --revisions $(R) --sections $(S)

# make bench SCENARIO=r5,r20 runs only those (r5, r20, r80, wide, edit, diff; all by default).
SCENARIO ?=
bench: install-test
	$(BIN)/python scripts/bench/run.py $(if $(SCENARIO),--scenario $(SCENARIO))

# The diff's calls on the four real corpora (tests/corpora/) against a reviewer's reading:
# precision, recall and every disagreement. It measures, never fails (the invariants are tests).
eval: install
	$(BIN)/python scripts/eval/run.py

# notices' own documentation (docs/) as a site in build/docs-site/: plain MkDocs + Material, --strict.
docs: install
	$(BIN)/mkdocs build --strict --config-file mkdocs-docs.yml

clean:
	rm -rf build site test-artifacts
