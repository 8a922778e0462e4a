# The two commands: `make run` (portal with demo data on SQLite) and `make test`.
# Both create the virtual environment first and are safe to run again.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 on this machine. pyenv shims for python3.12/3.13 work here
# because .python-version selects them.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo $$p; break; fi; done)

.PHONY: install run test lint format bench migrate demo worker clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer is needed (Django 6). Found only: $$(python3 --version 2>&1)." >&2; \
		echo "Install python3.12 or python3.13, or pass PYTHON=/path/to/python3.12." >&2; \
		exit 1; fi
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Removing $(VENV): it was made with an older Python."; rm -rf $(VENV); fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

# The outside checkers the tests use (ical.js, axe-core, vnu; package.json). Without npm the
# tests that need them are skipped with a reason (tests/outside.py); CI requires them.
node_modules/.installed: package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the checks by outside programs will be skipped"; fi

# Migrating also makes the database cache's table (lms migration 0005). Django's line per
# migration (about 250 on a new database) is summed up: a count every 50, then the total.
migrate: install
	@echo "Migrating the database ..."
	@set -o pipefail; PYTHONUNBUFFERED=1 $(PY) manage.py migrate --noinput | awk \
		'/^  Applying / { n++; if (n % 50 == 0) { print "  " n " migrations applied ..."; fflush() } next } \
		 /^(Operations to perform|Running migrations):$$|^  Apply all migrations:/ { next } \
		 { print; fflush() } \
		 END { if (n) print "  " n " migrations applied." }'
	@$(PY) manage.py move_private_files

demo: migrate
	@PYTHONUNBUFFERED=1 $(PY) manage.py load_demo_data

# The portal's public address (certificate QR codes and "Verify at", e-mails, calendar feeds;
# lms.portal) is this server's unless PORTAL_BASE_URL says otherwise. Set for the demo too: it
# prints the QR codes of the demo certificates.
run demo worker: export PORTAL_BASE_URL ?= http://$(HOST):$(PORT)

# Serves the portal and runs the background-task worker; Ctrl-C stops both.
run: demo
	@echo "Portal: http://$(HOST):$(PORT)/   admin: http://$(HOST):$(PORT)/admin/ (organiser@example.org / demo-organiser)"
	@echo "Public address in QR codes, e-mails and feeds: $$PORTAL_BASE_URL"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --queue-name '*' & \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(PY) manage.py db_worker --queue-name '*'

# Two runs: the suite on two workers, then the browser journeys in one process of their
# own (Playwright's sync API and the live server's transactional flushes need that).
# Exit status 5 ("no tests collected", e.g. with a -k filter) is not a failure.
test: install node_modules/.installed
	$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PY) -m pytest -p no:xdist -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || status=1; done; exit $${status:-0}

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .test-media .test-private-media
