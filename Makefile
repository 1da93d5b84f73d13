# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CODE   := bot adapters tests benchmarks

.PHONY: install run test test-fast lint format bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The pinned versions in constraints.txt, so a fresh machine installs what CI ran.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python -m bot

# Every test, PostgreSQL and the slow system tests included.
test: install
	$(BIN)/python -m pytest

# Everything but the tests marked slow (subprocesses, crashes, benchmark smoke).
test-fast: install
	$(BIN)/python -m pytest -m "not slow" -n 2

# Formatting, lint rules, types, and the dialog linter (python -m bot check).
lint: install
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/ruff check $(CODE)
	$(BIN)/mypy
	$(BIN)/python -m bot check

format: install
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

bench: install
	$(BIN)/python -m benchmarks $(if $(QUICK),--quick,)

# Re-pin constraints.txt from a fresh environment (after changing dependencies).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet '.[test]'
	(echo "# The versions CI tested with: make install uses this (pip -c). Regenerate with 'make lock'."; \
	 .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^withdraw-coach') > constraints.txt
	rm -rf .lock-venv build

clean:
	rm -rf $(VENV) build *.egg-info
