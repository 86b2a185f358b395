# The two commands in the README: `make demo` and `make test`. Everything they need is
# installed from pyproject.toml into .venv; nothing is assumed to be on the machine but
# Python 3.11+ and the Pango libraries WeasyPrint draws with (installed here if missing).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= build/demo

.PHONY: demo test test-fast lint bench system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# WeasyPrint needs Pango from the operating system; pip cannot bring it.
system-deps:
	@if ! ldconfig -p 2>/dev/null | grep -q libpango-1.0; then \
	  echo "Installing Pango for WeasyPrint (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	fi

demo: system-deps $(STAMP)
	mkdir -p $(DEMO_OUT)
	$(BIN)/quickscan questionnaire show qsld
	$(BIN)/quickscan score examples/gm9901-single.csv

test: system-deps $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: system-deps $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build dist .pytest_cache
