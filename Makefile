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

# WeasyPrint needs Pango (and HarfBuzz's subsetter, for small, reproducible embedded fonts)
# from the operating system; pip cannot bring them.
SYSTEM_LIBS := libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0
# The tests drive a real browser (Debian's Chromium, through Playwright from PyPI) for the
# HTML profile and the dashboard, and read PDFs with poppler (pdftotext, pdftoppm).
# Each entry is command:package.
SYSTEM_TOOLS := chromium:chromium pdftoppm:poppler-utils
system-deps:
	@missing=""; for lib in $(SYSTEM_LIBS); do \
	  ldconfig -p 2>/dev/null | grep -q "$$lib" || missing="$$missing $$lib"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system libraries for WeasyPrint:$$missing (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; \
	fi
	@tools=""; for tool in $(SYSTEM_TOOLS); do \
	  command -v "$${tool%%:*}" >/dev/null 2>&1 || tools="$$tools $${tool#*:}"; \
	done; \
	if [ -n "$$tools" ]; then \
	  echo "Installing system tools for the tests:$$tools (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    $$tools >/dev/null; \
	fi

# The main job on the bundled example data: the terminal scores, then the PDF profile with
# the municipality's own questions, redacted open answers and the verbeteragenda as XLSX.
demo: system-deps $(STAMP)
	mkdir -p $(DEMO_OUT)
	$(BIN)/quickscan score examples/gm9901-single.csv
	$(BIN)/quickscan report examples/gm9901-maatwerk.csv --extra examples/maatwerk.yaml \
	  --include-open-answers --report-date 2026-11-26 \
	  -o $(DEMO_OUT)/profile.pdf --agenda $(DEMO_OUT)/verbeteragenda.xlsx
	@echo "Open $(DEMO_OUT)/profile.pdf"

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
