# CoP-portaal Inburgering. `make run` sets up everything and serves the portal;
# `make test` runs the linters, the migration check and the test suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test setup deps lock db migrate demo lint format messages bench bench-quick bench-search backup restore backup-check clean

# The task worker sends e-mail outside the web request
# (docs/decisions/0022-notifications-outbox.md); it runs beside the
# development server and stops with it.
run: setup demo
	@set -e; \
	if [ -n "$(WORKER)" ]; then $(WORKER) & trap "kill $$!" EXIT; fi; \
	$(MANAGE) runserver $(HOST):$(PORT)

setup: deps db migrate

# The production setup on this machine (README, Deployment): gunicorn with
# cop_portal.settings.prod, after collectstatic and migrate. The settings
# come from the environment; SECRET_KEY at least.
PROD := DJANGO_SETTINGS_MODULE=cop_portal.settings.prod
# The task worker (django-tasks-db on PostgreSQL): make run and make serve
# start it next to the web server and stop it with the web server. It sends
# the e-mail notifications; schedule `manage.py send_weekly_digest` weekly
# and `manage.py send_term_reminders` daily (README, Deployment).
WORKER ?= $(MANAGE) db_worker
serve: deps
	@test -n "$$SECRET_KEY" || { echo "make serve runs the production settings: set SECRET_KEY (and DATABASE_URL, ALLOWED_HOSTS, ...: README, Deployment). Without HTTPS in front, also SECURE_SSL_REDIRECT=false." >&2; exit 1; }
	$(PROD) $(MANAGE) collectstatic --noinput --verbosity 0
	$(PROD) $(MANAGE) migrate --noinput
	@set -e; \
	if [ -n "$(WORKER)" ]; then $(PROD) $(WORKER) & trap "kill $$!" EXIT; fi; \
	$(PROD) HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn --config gunicorn.conf.py

# Backups (README, Deployment): pg_dump in custom format, plus the local
# attachments; restore into an empty database; backup-check runs the round
# trip on the demo data in scratch databases and compares them.
backup: $(VENV)/.installed
	$(PY) scripts/backup.py backup $(if $(TO),--to $(TO))

restore: $(VENV)/.installed
	@test -n "$(FROM)" || { echo "make restore FROM=backups/<folder> (into the empty database DATABASE_URL names)" >&2; exit 1; }
	$(PY) scripts/backup.py restore $(FROM)

backup-check: $(VENV)/.installed
	$(PY) scripts/backup.py check

deps: $(VENV)/.installed build/vendor/.copied

# Python packages come from requirements.lock: the exact versions, with hashes,
# that the tests passed with (the base dependencies, the dev extra and the
# setuptools that builds the project). The project itself goes in last,
# editable and without resolving anything; pip check catches a lock that no
# longer satisfies pyproject.toml.
$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(PY) || $$(sh scripts/find-python.sh) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-build-isolation --no-deps -e .
	@$(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
		echo "requirements.lock does not fit pyproject.toml: run make lock" >&2; exit 1; }
	@touch $@

# Regenerate requirements.lock with the newest versions pyproject.toml allows
# (`make lock LOCK_ARGS=` keeps the current pins and only adds what is new).
# pip-tools lives in a venv of its own, since installing from the lock needs
# only pip. It runs on the oldest Python 3.12+ there is: pip-compile writes
# no environment markers, and backports such as typing-extensions are only
# required below 3.13, so a lock compiled on the oldest is complete on newer.
LOCK_TOOLS := build/pip-tools
LOCK_ARGS ?= --upgrade
lock:
	@test -x $(LOCK_TOOLS)/bin/pip-compile || { \
		$$(sh scripts/find-python.sh --oldest) -m venv $(LOCK_TOOLS) && \
		$(LOCK_TOOLS)/bin/pip install --quiet pip==26.3 pip-tools==7.6.2; }
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile --quiet $(LOCK_ARGS) \
		--extra dev --build-deps-for editable --allow-unsafe --strip-extras \
		--generate-hashes --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build/vendor/.copied: node_modules/.installed scripts/vendor.sh
	sh scripts/vendor.sh
	@touch $@

db: $(VENV)/.installed
	$(PY) scripts/ensure_database.py

migrate: db
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

lint: $(VENV)/.installed
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale nl --ignore ".venv/*" --ignore "node_modules/*" --no-obsolete
	$(MANAGE) compilemessages --locale nl --ignore ".venv/*"

# The suite runs on every core with pytest-xdist; each worker has its own test
# database (test_<name>_gw0, _gw1, ...). PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: deps db lint
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=cop_portal.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cop_portal.settings.prod SECRET_KEY=check-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz \
		$(MANAGE) check --deploy --fail-level WARNING
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The benchmark (README, "Benchmark"): generates the bench database of each
# scale if needed, serves it with gunicorn and production settings, drives it
# with wrk. BENCH_SCALES="0.1 1.0" also reports each page's p95 growth.
BENCH_SCALES ?= 1.0
BENCH_DURATION ?= 10
BENCH_WORKERS ?= 2

bench: deps
	$(PY) -m scripts.bench.run --scales "$(BENCH_SCALES)" --duration $(BENCH_DURATION) --workers $(BENCH_WORKERS)

bench-quick: deps
	$(PY) -m scripts.bench.run --scales 0.05 --duration $(BENCH_DURATION)

bench-search: deps db
	$(VENV)/bin/python scripts/bench_search.py

clean:
	rm -rf $(VENV) node_modules build staticfiles
