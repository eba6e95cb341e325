# Everything runs from a project-local virtualenv that this Makefile creates itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SRC := src tests benchmarks examples

.DEFAULT_GOAL := help

.PHONY: help install test lint format docs docs-check demo bench clean

help:
	@echo "make demo   - validate the shipped example configs (a summary, then coded diagnostics)"
	@echo "make test   - lint, then the whole test suite"
	@echo "make lint   - ruff, ruff format --check, mypy --strict"
	@echo "make docs   - regenerate docs/contract.md from the schema"
	@echo "make bench  - benchmarks (ratios against a baseline measured in the same run)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	@touch $@

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check $(SRC)
	$(BIN)/ruff format --check $(SRC)
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

format: $(STAMP)
	$(BIN)/ruff check --fix $(SRC)
	$(BIN)/ruff format $(SRC)

docs: $(STAMP)
	$(BIN)/python -m stream_kernel.config._docgen > docs/contract.md

demo: $(STAMP)
	$(BIN)/python examples/demo.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_validate.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
