# Two commands for a fresh machine with Python 3.11 and pip:
#   make demo   set up .venv (pinned dependencies and the spaCy model) and run the pipeline on raw/samples
#   make test   set up .venv and run the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

CHROMIUM ?= /usr/bin/chromium

.PHONY: setup browser demo test test-fast bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The samples' invented actors are in raw/samples/actors.yaml, which raw/samples/newsevents.toml adds
# to the shipped registry of real actors.
demo: setup
	$(BIN)/newsevents run --config raw/samples/newsevents.toml raw/samples

# Debian's Chromium for the browser tests (Playwright drives it; no browser download). Without
# root or sudo it cannot be installed, and the browser tests skip, saying so.
browser:
	@test -x $(CHROMIUM) || { echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null \
	  || echo "could not install chromium: the browser tests will be skipped"; }

test: setup browser
	$(BIN)/python -m pytest

# The loop to work in (under a minute): the tests that need no spaCy model, no Prefect, no browser and
# no ../shared, and are not slow. spaCy refuses to load in it (FAST_TESTS), so an unmarked test that
# needs the model says so.
test-fast: setup
	FAST_TESTS=1 $(BIN)/python -m pytest -m "not model and not flows and not browser and not shared and not slow" -q

bench: setup
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) .newsevents raw/objects
	find extracted -mindepth 1 ! -name .gitkeep -delete
