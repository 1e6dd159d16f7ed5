# entregent: the single front door. `make run` serves the app, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= $(or $(ENTREGENT_PORT),8000)
STAMP := $(VENV)/.installed

.PHONY: install run test browser bench eval lint fmt messages compilemessages docs clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "entregent needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,postgres]'
	touch $(STAMP)

install: $(STAMP) compilemessages

compilemessages: | $(STAMP)
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq gettext >/dev/null; } \
		|| { echo "msgfmt is missing: install Debian's gettext package"; exit 1; }
	@cd src/entregent && ../../$(BIN)/python -m django compilemessages --settings=entregent.settings -v 0

run: install
	ENTREGENT_PORT=$(PORT) $(BIN)/entregent serve

# Debian's Chromium drives the browser tests; never a downloaded browser build.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
		|| echo "Could not install chromium: browser tests will be skipped."; \
	else echo "chromium is missing and cannot be installed here (not root): browser tests will be skipped."; fi

test: install browser lint
	@export ENTREGENT_DATA_DIR=$$(mktemp -d) ENTREGENT_SECRET_KEY=test-only-key; \
	echo "== tests on SQLite =="; \
	env -u DATABASE_URL $(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS) || exit $$?; \
	if [ -n "$$DATABASE_URL" ]; then \
		echo "== tests on PostgreSQL ($${DATABASE_URL%%\?*}) =="; \
		$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS) || exit $$?; \
	fi; \
	rm -rf "$$ENTREGENT_DATA_DIR"

bench: install
	@export ENTREGENT_DATA_DIR=$$(mktemp -d) ENTREGENT_SECRET_KEY=bench-only-key; \
	$(BIN)/python -m bench; status=$$?; rm -rf "$$ENTREGENT_DATA_DIR"; exit $$status

# Tie-strength scores against the real message logs in ../shared/data/temporal/.
eval: install
	@ENTREGENT_DATA_DIR=$$(mktemp -d) $(BIN)/python -m bench.eval

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	ENTREGENT_DATA_DIR=$$(mktemp -d) ENTREGENT_SECRET_KEY=lint $(BIN)/mypy src/entregent/engines src/entregent/conf.py src/entregent/services src/entregent/queries.py

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the French catalogue from the source strings (commit the .po file).
messages: install
	cd src/entregent && ../../$(BIN)/python -m django makemessages -l fr --no-obsolete --no-location --settings=entregent.settings

# Regenerate docs/cli.md from the commands' --help (a test checks it is current).
docs: install
	@ENTREGENT_DATA_DIR=$$(mktemp -d) ENTREGENT_SECRET_KEY=docs $(BIN)/python -c "import django, os; \
	os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'entregent.settings'); django.setup(); \
	from entregent.cli.main import app; from entregent.cli.reference import markdown; \
	open('docs/cli.md', 'w', encoding='utf-8').write(markdown(app))"

clean:
	rm -rf $(VENV) build *.egg-info
