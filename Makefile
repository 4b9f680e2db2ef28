# The verbs of the project. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SPHINXOPTS ?= -n -W --keep-going
SOURCEDIR := docs
BUILDDIR := build

.DEFAULT_GOAL := help
.PHONY: help html test serve clean linkcheck lint check import suggest system-deps bench lock \
	test-latest test-oldest bench-import bench-suggest bench-10k

help: ## List the make targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# Installs come from the lock files (exact versions with their hashes: a clone in a
# year installs what was tested); `make lock` refreshes them from pyproject.toml.
LOCK_HTML := requirements/html.lock
LOCK_TEST := requirements/test.lock

$(BIN)/.installed: pyproject.toml $(LOCK_HTML)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK_HTML)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# The test lock holds the site's packages too (same versions) and `dossier serve`'s.
$(BIN)/.installed-test: $(BIN)/.installed $(LOCK_TEST)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK_TEST)
	touch $@

$(BIN)/.installed-serve: $(BIN)/.installed-test
	touch $@

lock: $(BIN)/.installed ## Refresh the lock files: the newest versions pyproject.toml allows
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra serve --generate-hashes \
		--universal --python-version 3.11 --quiet -o $(LOCK_TEST)
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 \
		--quiet -c $(LOCK_TEST) -o $(LOCK_HTML)

check: $(BIN)/.installed ## Check every article and the registry (no build)
	$(BIN)/dossier check

import: $(BIN)/.installed ## Import a scraped article: make import SRC=path [SLUG=name]
	@test -n "$(SRC)" || { echo "usage: make import SRC=saved-article.txt [SLUG=name]"; exit 2; }
	$(BIN)/dossier import "$(SRC)" $(if $(SLUG),--slug "$(SLUG)")

suggest: $(BIN)/.installed ## Names missing from the registry: make suggest ARTICLE=path [WRITE=1]
	@test -n "$(ARTICLE)" || { echo "usage: make suggest ARTICLE=docs/articles/name.md [WRITE=1]"; exit 2; }
	$(BIN)/dossier suggest "$(ARTICLE)" $(if $(filter 1,$(WRITE)),--write)

html: check ## Check, then build the site into build/html with one EPUB per year (strict)
	$(BIN)/sphinx-build -b html -c . $(SPHINXOPTS) -d $(BUILDDIR)/doctrees/html $(SOURCEDIR) $(BUILDDIR)/html

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

# Upgrades that fail loudly: the whole suite in a venv of its own, with the newest releases
# pyproject.toml allows, or with the oldest (its lower bounds, by uv's lowest-direct
# resolution: the direct dependencies at their lowest, what they need at its newest).
# Each prints the versions it tested and keeps them in $(BUILDDIR)/venv-*/tested.txt.
TESTED := sphinx|myst-parser|furo|docutils|sphinx-sitemap|sphinxext-opengraph|sphinx-notfound-page|feedgen|jsonschema|pyyaml|pystemmer|beautifulsoup4|ruff|pytest|playwright|watchfiles

test-latest: system-deps node_modules/.installed ## Run the tests with the newest releases pyproject.toml allows
	rm -rf $(BUILDDIR)/venv-latest
	$(PYTHON) -m venv $(BUILDDIR)/venv-latest
	$(BUILDDIR)/venv-latest/bin/python -m pip install --quiet --upgrade pip
	$(BUILDDIR)/venv-latest/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(MAKE) --no-print-directory tested-with VENV_TESTED=$(BUILDDIR)/venv-latest

test-oldest: system-deps node_modules/.installed ## Run the tests with the oldest releases pyproject.toml allows
	rm -rf $(BUILDDIR)/venv-oldest
	$(PYTHON) -m venv $(BUILDDIR)/venv-oldest
	$(BUILDDIR)/venv-oldest/bin/python -m pip install --quiet --upgrade pip uv
	$(BUILDDIR)/venv-oldest/bin/uv pip install --quiet --native-tls --python $(BUILDDIR)/venv-oldest/bin/python \
		--resolution lowest-direct -e '.[test]'
	$(MAKE) --no-print-directory tested-with VENV_TESTED=$(BUILDDIR)/venv-oldest

tested-with:
	$(VENV_TESTED)/bin/python -m pip list --format=freeze 2>/dev/null \
		| grep -iE '^($(TESTED))==' | tee $(VENV_TESTED)/tested.txt
	$(VENV_TESTED)/bin/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed-test ## Check style with ruff
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(BIN)/.installed-test ## Benchmark at N=100 and 1000 articles (PEERS=1 adds MkDocs, mystmd, Pagefind)
	$(BIN)/python -m benchmarks.run $(BENCH_SIZES) $(if $(filter 1,$(PEERS)),--peers)

bench-10k: $(BIN)/.installed-test ## Benchmark at N=1000 and 10000 articles, 20,000 entities (about an hour)
	$(BIN)/python -m benchmarks.run 1000 10000 $(if $(filter 1,$(PEERS)),--peers)

bench-import: $(BIN)/.installed ## Score `dossier import` on 91 saved news pages, beside trafilatura
	$(BIN)/python -m benchmarks.import_run

bench-suggest: $(BIN)/.installed ## Score `dossier suggest` on labelled articles: recall, precision, kind, time
	$(BIN)/python -m benchmarks.suggest_run

clean: ## Remove build output (keeps .venv)
	rm -rf $(BUILDDIR)
