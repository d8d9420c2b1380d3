# Two commands on a fresh machine with Python 3.11:
#   make demo   set everything up and grade exercise3's reference solution
#   make test   set everything up (TensorFlow, nbgrader, bubblewrap, Chromium) and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The versions in constraints.txt, always (`make lock` updates them on purpose). The compat editable
# mode keeps start-up fast (a path entry, no import hook); its deprecation banner is noise here.
PIP    := PYTHONWARNINGS=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 $(BIN)/python -m pip
INSTALL := $(PIP) install --quiet --constraint constraints.txt --config-settings editable_mode=compat

.PHONY: demo test install install-all system-deps validate lint bench numpy-range lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.core: pyproject.toml constraints.txt | $(BIN)/python
	$(INSTALL) -e .
	touch $@

$(VENV)/.all: pyproject.toml constraints.txt | $(BIN)/python
	$(INSTALL) -e '.[all]'
	touch $@ $(VENV)/.core

install: $(VENV)/.core
install-all: $(VENV)/.all system-deps

system-deps:
	@bash scripts/system-deps.sh

demo: install
	@$(BIN)/nnlab check exercise3 --solution
	@echo
	@echo "That was the reference solution of exercise3. Next, as a student:"
	@echo "  read exercises/exercise3/instructions.md, fill in exercises/exercise3/exercise3.py,"
	@echo "  and run  .venv/bin/nnlab check exercise3  until it says 14/14 (.venv/bin/nnlab list shows every exercise)."

test: install-all
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q

validate: install-all
	$(BIN)/nnlab validate

lint: install-all
	$(BIN)/ruff check .

bench: install-all
	$(BIN)/python benchmarks/run.py

# The fixture, reference and validate tests against the oldest NumPy we support and the newest
# (each in its own small venv, no TensorFlow): drift shows up as a named failure, not a broken main.
numpy-range:
	@bash scripts/numpy-range.sh

# Re-resolve every dependency to today's newest and record it (then run make test and make numpy-range).
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	PYTHONWARNINGS=ignore .venv-lock/bin/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore .venv-lock/bin/python -m pip install --quiet -e '.[all]'
	{ head -n 2 constraints.txt; .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^nnlab'; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .venv-numpy-* .pytest_cache .nnlab
