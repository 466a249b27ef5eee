# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`; `make check` before a commit.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_DATA ?= ../shared/bench

EXTRAS := dev,bench,parquet,postgres
PYTEST_WORKERS ?= auto

.PHONY: demo test check lint typecheck bench clean chromium vendor compile

# The tools (ruff, mypy, pytest and its plugins) at the exact versions in constraints-dev.txt.
$(STAMP): pyproject.toml constraints-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints-dev.txt -e '.[$(EXTRAS)]'
	touch $(STAMP)

# The modules setup.py compiles with Cython (into copies beside them), compiled again when their
# source changed since; the installation above compiles them the first time.
COMPILED := $(VENV)/.compiled
$(COMPILED): $(STAMP) setup.py $(shell sed -n 's/^COMPILED = \[\(.*\)\]/\1/p' setup.py | tr -d '",')
	$(BIN)/python setup.py --quiet build_ext --inplace
	touch $(COMPILED)
compile: $(COMPILED)

# The main job end to end: the bundled pages (and the shared seed dump, when it is there) into
# ./dateline.db, then served. With no terminal on stdin (CI, a script) it prints the address and exits.
DEMO_DB := dateline.db
demo: $(STAMP) $(COMPILED)
	$(BIN)/dateline ingest examples/ $(wildcard ../shared/examples/*.txt) --db $(DEMO_DB)
	$(BIN)/dateline stories --db $(DEMO_DB) --limit 6
	$(BIN)/dateline events --db $(DEMO_DB) --actor RUS --limit 8
	@if [ -t 0 ]; then exec $(BIN)/dateline serve --db $(DEMO_DB); else $(BIN)/dateline serve --db $(DEMO_DB) --check; fi

test: $(STAMP) $(COMPILED) chromium
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

# The browser tests (tests/test_serve_browser.py) drive Debian's Chromium through Playwright, never
# a browser that Playwright downloads. A no-op when it is there; when it cannot be installed, those
# tests skip and say why.
chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium) \
		|| echo "make: chromium could not be installed; the browser tests will be skipped"

# The web UI's vendored files, from npm packages at pinned versions (run by hand, results committed):
# htmx, and Natural Earth's 1:110m countries (world-atlas) drawn once into an SVG.
HTMX_VERSION := 2.0.11
WORLD_ATLAS_VERSION := 2.0.2
vendor: $(STAMP)
	rm -rf $(VENV)/vendor && mkdir -p $(VENV)/vendor
	cd $(VENV)/vendor && npm pack --silent htmx.org@$(HTMX_VERSION) world-atlas@$(WORLD_ATLAS_VERSION) \
		&& mkdir htmx atlas && tar xzf htmx.org-$(HTMX_VERSION).tgz -C htmx && tar xzf world-atlas-$(WORLD_ATLAS_VERSION).tgz -C atlas
	cp $(VENV)/vendor/htmx/package/dist/htmx.min.js dateline/serve/static/htmx.min.js
	$(BIN)/python scripts/world_map.py $(VENV)/vendor/atlas/package/countries-110m.json dateline/serve/static/world-110m.svg

# Lint and types: what CI runs besides the tests.
check: lint typecheck

lint: $(STAMP)
	$(BIN)/ruff check dateline tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/aeb.py $(BENCH_DATA)/aeb
	$(BIN)/python bench/fundus.py $(BENCH_DATA)/fundus
	$(BIN)/python bench/readability.py $(BENCH_DATA)/readability
	$(BIN)/python bench/dates.py $(BENCH_DATA)/dates
	$(BIN)/python bench/ingest.py $(BENCH_DATA)
	$(BIN)/python bench/serve.py $(BENCH_DATA)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
	find dateline -name '*.so' -delete
