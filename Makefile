# Everything runs from a project-local virtualenv that this Makefile creates itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp a level of install, each built on the one before: the venv; the package alone
# (all `make demo` needs); the package with the test, dev and interop extras and a current
# pip (everything else). The full install also counts as the package's own.
VENV_STAMP := $(VENV)/.venv-stamp
PACKAGE_STAMP := $(VENV)/.package-stamp
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
SRC := src tests benchmarks examples

.DEFAULT_GOAL := help

# Other Python versions the suite must pass on (requires-python >= 3.10): taken from PATH
# or from pyenv's versions folder; a version this machine lacks is skipped, and said so.
OTHER_PYTHONS ?= 3.10 3.12 3.13

.PHONY: help install test test-pythons lint lint-schema format docs demo bench fuzz mutation clean

help:
	@echo "make demo   - validate the shipped example configs (a summary, then coded diagnostics)"
	@echo "make test   - lint, then the whole test suite"
	@echo "make lint   - ruff, ruff format --check, mypy --strict"
	@echo "make lint-schema - the schema file: metaschema, defaults, codes, docs, versions, ajv strict (npm ci first)"
	@echo "make test-pythons - the test suite on every other supported Python found here"
	@echo "make docs   - regenerate docs/contract.md and docs/contract-v2.md from the schemas"
	@echo "make bench  - benchmarks (ratios against a baseline measured in the same run; installs .[bench])"
	@echo "make fuzz   - the property tests' long profile (over 100,000 examples; docs/fuzzing.md)"
	@echo "make mutation - mutation testing of the validator with mutmut (slow; not in CI)"

$(VENV_STAMP):
	$(PYTHON) -m venv $(VENV)
	@touch $@

$(PACKAGE_STAMP): pyproject.toml | $(VENV_STAMP)
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(STAMP): pyproject.toml | $(VENV_STAMP)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev,interop,lsp]'
	@touch $@ $(PACKAGE_STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check $(SRC)
	$(BIN)/ruff format --check $(SRC)
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# The schema-file checks alone: test_schema_file.py plus every test marked schema_lint (the
# ajv and check-jsonschema ones need `npm ci` and the interop extra). `make test` runs them
# too, with everything else; CI requires them there (SK_REQUIRE_INTEROP=1 make test).
lint-schema: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider tests/stream_kernel/config/test_schema_file.py
	$(BIN)/pytest -q -p no:cacheprovider -m schema_lint tests

test-pythons:
	@for v in $(OTHER_PYTHONS); do \
	  py=$$(for c in python$$v $${PYENV_ROOT:-$$HOME/.pyenv}/versions/$$v*/bin/python; do \
	          if $$c -c "" >/dev/null 2>&1; then echo $$c; break; fi; done); \
	  if [ -z "$$py" ]; then echo "== Python $$v: not on this machine, skipped"; continue; fi; \
	  echo "== Python $$v: $$py"; \
	  $$py -m venv .venv-$$v && \
	  .venv-$$v/bin/python -m pip install --quiet -e '.[test,lsp]' hatchling && \
	  .venv-$$v/bin/python -m pytest -q -p no:cacheprovider || exit 1; \
	done

format: $(STAMP)
	$(BIN)/ruff check --fix $(SRC)
	$(BIN)/ruff format $(SRC)

docs: $(STAMP)
	$(BIN)/python -m stream_kernel.config._docgen v1 > docs/contract.md
	$(BIN)/python -m stream_kernel.config._docgen v2 > docs/contract-v2.md

# The package alone: a fresh clone runs the demo without installing the test tools.
demo: $(PACKAGE_STAMP)
	$(BIN)/python examples/demo.py

# The benchmarks' peer (check-jsonschema) is in the `bench` extra, not in the test venv.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@touch $@

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_cli.py
	$(BIN)/python benchmarks/bench_lsp.py

# The property tests of tests/property with their long profile (tests/property/budget.py);
# prints how many examples each property ran and how many were falsified.
fuzz: $(STAMP)
	SK_FUZZ=1 $(BIN)/pytest -q -p no:cacheprovider tests/property tests/evolution tests/lsp

# Mutation testing (not in CI): mutmut mutates the modules listed under [tool.mutmut] in
# pyproject.toml and runs the fast tests that reach each mutant. Incremental: a rerun only
# tests what changed; `make clean` starts over. MUTMUT_CHILDREN=1 on a busy machine.
MUTMUT_CHILDREN ?= 2
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	$(BIN)/mutmut run --max-children $(MUTMUT_CHILDREN)
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) .venv-3.* dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis node_modules mutants
