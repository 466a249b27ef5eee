# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`; `make check` before a commit.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_DATA ?= ../shared/bench

EXTRAS := dev,bench,parquet,postgres
PYTEST_WORKERS ?= auto

.PHONY: demo test check lint typecheck bench clean

# The tools (ruff, mypy, pytest and its plugins) at the exact versions in constraints-dev.txt.
$(STAMP): pyproject.toml constraints-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints-dev.txt -e '.[$(EXTRAS)]'
	touch $(STAMP)

# The main job end to end: the bundled pages (and the shared seed dump, when it is there) into
# ./dateline.db, then served. With no terminal on stdin (CI, a script) it prints the address and exits.
DEMO_DB := dateline.db
demo: $(STAMP)
	$(BIN)/dateline ingest examples/ $(wildcard ../shared/examples/*.txt) --db $(DEMO_DB)
	$(BIN)/dateline events --db $(DEMO_DB) --actor RUS --limit 8
	@if [ -t 0 ]; then exec $(BIN)/dateline serve --db $(DEMO_DB); else $(BIN)/dateline serve --db $(DEMO_DB) --check; fi

test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

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
