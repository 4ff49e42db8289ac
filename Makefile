# The README's two commands: `make run` (the portal on embedded defaults, with demo data) and
# `make test` (lint and the whole test suite). Both set themselves up from a fresh clone.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
INSTALLED := $(VENV)/.installed

.PHONY: run test install messages translations lint format lock clean bench

# Where `make run` serves the portal: `make run PORT=8001 HOST=0.0.0.0`. The links in its e-mails
# follow (SITE_URL), unless SITE_URL is set.
HOST ?= 127.0.0.1
PORT ?= 8000

run: export DEBUG = true
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: export PORTAL_ADDRESS = $(HOST):$(PORT)
run: install messages
	@mkdir -p var
	@test -f .env || { cp .env.example .env; echo "Created .env from .env.example (DEBUG on) for manage.py commands."; }
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo
	@echo "The portal:  $$SITE_URL/  (web server, Celery worker and Celery beat; Ctrl-C stops them all)"
	@echo "E-mails:     one .eml file per message in var/mail/ (open one with any mail program)"
	@echo "Digests now: DEBUG=true $(MANAGE) send_digests daily --now  (beat sends them at 08:00 in each reader's time zone)"
	@echo
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --procfile Procfile

test: install messages lint
	@command -v chromium >/dev/null 2>&1 || echo "NOTE: Chromium is not installed: the browser tests (tests/e2e) will be SKIPPED. Install it with: apt-get install chromium"
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || echo "NOTE: Pango is not installed: the certificate PDF tests will be SKIPPED. Install it with: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"
	$(BIN)/pytest

install: $(INSTALLED)

$(INSTALLED): requirements-dev.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed, found " + sys.version'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	@touch $@

# Compiled catalogues are not committed. GNU gettext's msgfmt is used where installed, else Babel.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		DEBUG=true $(MANAGE) compilemessages --ignore=.venv --ignore=var -v0; \
	else \
		$(BIN)/pybabel compile --domain=django --directory=locale --statistics; \
	fi

# After adding or changing user-facing strings: update the catalogue, then translate the new entries.
translations: install
	DEBUG=true $(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=var --no-location --no-obsolete

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the lock files after changing the dependencies in pyproject.toml.
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --no-header -q -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -q -o requirements-dev.lock

# Every benchmark figure (load, search, throughput, memory, alerts, e-mails, dashboard, category
# search) against
# DATABASE_URL (PostgreSQL; use a database of its own: the
# load adds a million notices). Lower the sizes for a quick run, e.g.
#   make bench DATABASE_URL=postgres://... BENCH_NOTICES=100000 BENCH_SUPPLIERS=20000 BENCH_ALERTS=50000
# The throughput bench needs wrk (apt-get install wrk). Results: bench/results/*.jsonl.
BENCH_NOTICES ?= 1000000
BENCH_SUPPLIERS ?= 250000
BENCH_ALERTS ?= 500000
BENCH_RUNS ?= 30
BENCH_SEARCH_QUERIES ?= 800
BENCH_SECONDS ?= 20
BENCH_IMPORT_RELEASES ?= 100000
bench: install
	@test -n "$(DATABASE_URL)" || { echo "Set DATABASE_URL to a PostgreSQL database of its own."; exit 2; }
	$(BIN)/python bench/load.py --notices $(BENCH_NOTICES) --suppliers $(BENCH_SUPPLIERS) --alerts $(BENCH_ALERTS)
	$(BIN)/python bench/search.py --notices $(BENCH_NOTICES) --runs $(BENCH_RUNS)
	$(BIN)/python bench/search_mix.py --queries $(BENCH_SEARCH_QUERIES)
	$(BIN)/python bench/throughput.py --seconds $(BENCH_SECONDS)
	$(BIN)/python bench/import_speed.py --releases $(BENCH_IMPORT_RELEASES)
	$(BIN)/python bench/memory.py --suppliers $(BENCH_SUPPLIERS)
	$(BIN)/python bench/alerts_matching.py --alerts $(BENCH_ALERTS)
	$(BIN)/python bench/alerts_sending.py --emails 4000
	$(BIN)/python bench/mail_speed.py --emails 4000 --digests 1500
	$(BIN)/python bench/dashboard.py --runs 10
	$(BIN)/python bench/category_search.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
