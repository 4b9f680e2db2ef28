# The verbs of the project. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SPHINXOPTS ?= -n -W --keep-going
SOURCEDIR := docs
BUILDDIR := build

.DEFAULT_GOAL := help
.PHONY: help html test serve clean linkcheck epub lint check import suggest system-deps bench bench-import

help: ## List the make targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(BIN)/.installed-serve: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[serve]'
	touch $@

check: $(BIN)/.installed ## Check every article and the registry (no build)
	$(BIN)/dossier check

import: $(BIN)/.installed ## Import a scraped article: make import SRC=path [SLUG=name]
	@test -n "$(SRC)" || { echo "usage: make import SRC=saved-article.txt [SLUG=name]"; exit 2; }
	$(BIN)/dossier import "$(SRC)" $(if $(SLUG),--slug "$(SLUG)")

suggest: $(BIN)/.installed ## List names missing from the registry: make suggest ARTICLE=path
	@test -n "$(ARTICLE)" || { echo "usage: make suggest ARTICLE=docs/articles/name.md"; exit 2; }
	$(BIN)/dossier suggest "$(ARTICLE)"

html: check epub ## Check, then build the site into build/html with the EPUB (strict)
	$(BIN)/sphinx-build -b html -c . $(SPHINXOPTS) -d $(BUILDDIR)/doctrees/html $(SOURCEDIR) $(BUILDDIR)/html

epub: $(BIN)/.installed ## Build an EPUB of the site into build/epub
	rm -rf $(BUILDDIR)/epub  # the EPUB packs every file left in its folder
	$(BIN)/sphinx-build -b epub -c . $(SPHINXOPTS) -d $(BUILDDIR)/doctrees/epub $(SOURCEDIR) $(BUILDDIR)/epub

linkcheck: $(BIN)/.installed ## Check external links (needs network)
	$(BIN)/sphinx-build -b linkcheck -c . $(SPHINXOPTS) -d $(BUILDDIR)/doctrees/linkcheck $(SOURCEDIR) $(BUILDDIR)/linkcheck

serve: $(BIN)/.installed-serve ## Live preview on http://127.0.0.1:8000, rebuilt in place
	$(BIN)/dossier --docs $(SOURCEDIR) serve --build $(BUILDDIR)

# The browser tests' system packages (Chromium, a Java runtime, epubcheck): installed with
# apt-get when run as root, otherwise the script says what to run.
system-deps:
	@bash tests/browser/ensure_system_deps.sh

# axe-core and vnu-jar, as pinned in package-lock.json. No install scripts: vnu-jar's would
# download a Java runtime, and the system one is used instead.
node_modules/.installed: package.json package-lock.json | system-deps
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test: system-deps $(BIN)/.installed-test node_modules/.installed ## Install the test tools and run the test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed-test ## Check style with ruff
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(BIN)/.installed-test ## Benchmark at N=100 and 1000 articles (PEERS=1 adds MkDocs, mystmd)
	$(BIN)/python -m benchmarks.run $(BENCH_SIZES) $(if $(filter 1,$(PEERS)),--peers)

bench-import: $(BIN)/.installed ## Score `dossier import` on 91 saved news pages, beside trafilatura
	$(BIN)/python -m benchmarks.import_run

clean: ## Remove build output (keeps .venv)
	rm -rf $(BUILDDIR)
