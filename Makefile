# newsdesk: `make run` opens the window on the sample library, `make test` runs every test,
# `make bundle` builds the one-folder desktop app in dist/newsdesk/.
# Every install takes its exact versions from requirements/constraints.txt (pyproject.toml keeps
# compatible ranges for users' own `pip install`).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet -c requirements/constraints.txt
RUNTIME := $(VENV)/.runtime
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench bundle clean

# What the window needs, nothing else.
$(RUNTIME): pyproject.toml requirements/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PIP) -e .
	touch $@

# Plus the test tools and PyInstaller (the bundle test builds the bundle).
$(STAMP): $(RUNTIME)
	$(PIP) -e '.[test,bundle]'
	touch $@

run: $(RUNTIME)
	$(VENV)/bin/newsdesk

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q
	$(VENV)/bin/ruff check src tests benchmarks

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks scripts

bundle: $(STAMP)
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/newsdesk.spec

clean:
	rm -rf $(VENV) build dist *.egg-info
