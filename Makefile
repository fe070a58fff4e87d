# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install system-deps lint typecheck demo clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "gongkai needs Python 3.12 or newer (found %s)" % sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The embedded default: SQLite under var/, tasks run in-process, demo county loaded.
run: install
	DEBUG=1 $(BIN)/gongkai migrate --noinput
	DEBUG=1 $(BIN)/gongkai seed_calendar
	DEBUG=1 $(BIN)/gongkai demo
	DEBUG=1 $(BIN)/gongkai runserver $(HOST):$(PORT)

# Debian packages for browser and document tests (Chromium, a CJK font, poppler).
system-deps:
	bash scripts/install-system-deps.sh

test: install system-deps
	GONGKAI_TESTING=1 $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	GONGKAI_TESTING=1 $(BIN)/mypy gongkai config
	GONGKAI_TESTING=1 $(BIN)/lint-imports

clean:
	rm -rf $(VENV) var/
