# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_DATA ?= ../shared/bench

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dateline extract examples/ $(wildcard ../shared/examples/*.txt) --format table

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check dateline tests bench

bench: $(STAMP)
	$(BIN)/python bench/aeb.py $(BENCH_DATA)/aeb
	$(BIN)/python bench/fundus.py $(BENCH_DATA)/fundus
	$(BIN)/python bench/dates.py $(BENCH_DATA)/dates
	$(BIN)/python bench/ingest.py $(BENCH_DATA)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
