# Quick start on a fresh machine: `make run`, `make test`.
# Both create .venv with the machine's python3 when it is missing and install
# the project (editable) with what it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test index install bench bench-full clean

run: $(STAMP)
	$(BIN)/summit-tui index
	$(BIN)/summit-tui

test: $(STAMP)
	$(BIN)/python -m pytest

index: $(STAMP)
	$(BIN)/summit-tui index

# Benchmarks (not tests): figures to bench/RESULTS.md and bench/results.json.
bench: $(STAMP)
	$(BIN)/python bench/run.py quick

bench-full: $(STAMP)
	$(BIN)/python bench/run.py full

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
	find index -mindepth 1 ! -name .gitignore -exec rm -rf {} +
