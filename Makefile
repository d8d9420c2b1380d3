# Two commands on a fresh machine with Python 3.11:
#   make demo   set everything up and grade exercise3's reference solution
#   make test   set everything up (TensorFlow, nbgrader, bubblewrap, Chromium) and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test install install-all system-deps validate lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e . --config-settings editable_mode=compat
	touch $@

$(VENV)/.all: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[all]' --config-settings editable_mode=compat
	touch $@ $(VENV)/.core

install: $(VENV)/.core
install-all: $(VENV)/.all system-deps

system-deps:
	@bash scripts/system-deps.sh

demo: install
	$(BIN)/nnlab check exercise3 --solution

test: install-all
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q

validate: install-all
	$(BIN)/nnlab validate

lint: install-all
	$(BIN)/ruff check .

bench: install-all
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .nnlab
