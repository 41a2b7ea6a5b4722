# EU-NATO Desk: two commands for a user (`make run`, `make test`), a few for developers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=

.PHONY: run test lint contracts limits pytest bench demo wheel bundle bundle-test clean

# The venv is (re)built when missing or older than pyproject.toml / constraints.txt.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/eunato-desk $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

contracts: $(STAMP)
	$(BIN)/lint-imports

# Two runs, in parallel on every core (pytest-xdist). The layers that must work without Qt
# (tests/core, cli, migrations, faults) run with Qt made unimportable (tests/no_qt, also for
# the CLI subprocesses they start); then the GUI, documents and process tests, with the few
# tests of those layers that need Qt (marker needs_qt), run offscreen.
NO_QT_RUN := EUNATO_DESK_TEST_RUN=no-qt PYTHONPATH=tests/no_qt $(BIN)/python -m pytest \
	-p no:pytest-qt -o strict_config=false -W ignore::pytest.PytestConfigWarning
QT_RUN := EUNATO_DESK_TEST_RUN=qt QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
XDIST ?= -n auto

pytest: $(STAMP)
	$(NO_QT_RUN) $(XDIST) $(PYTEST_ARGS) tests/core tests/cli tests/migrations tests/faults
	$(QT_RUN) $(XDIST) $(PYTEST_ARGS) tests

limits: $(STAMP)
	$(BIN)/python scripts/check_limits.py eunato_desk

test: lint contracts limits pytest

# The file against raw sqlite3 (bench.run), then the team server beside the file at 100k
# interactions (bench.server: a private PostgreSQL; SERVER_ARGS="--size 10000" for a quick run).
bench: $(STAMP)
	$(BIN)/python -m bench.run $(ARGS)
	$(BIN)/python -m bench.server $(SERVER_ARGS)
	$(BIN)/python -m bench.cli $(CLI_ARGS)
	test ! -x dist/eunato-desk/eunato-desk || $(BIN)/python -m bench.startup_timing

demo: $(STAMP)
	$(BIN)/eunato-desk demo $(ARGS)

# One folder, dist/eunato-desk/, that runs without Python (packaging/eunato-desk.spec), and
# its smoke test from a copy of the folder with no venv on PATH (scripts/bundle_test.py).
bundle: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[bundle]'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/eunato-desk.spec

bundle-test: bundle
	$(BIN)/python scripts/bundle_test.py dist/eunato-desk

wheel: $(STAMP)
	$(BIN)/python -m build --wheel --no-isolation --outdir dist .

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache
