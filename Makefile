# CoP-portaal Inburgering. `make run` sets up everything and serves the portal;
# `make test` runs the linters, the migration check and the test suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup deps db migrate demo lint format messages bench bench-quick bench-search clean

run: setup demo
	$(MANAGE) runserver $(HOST):$(PORT)

setup: deps db migrate

deps: $(VENV)/.installed build/vendor/.copied

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $$(sh scripts/find-python.sh) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

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

test: deps db lint
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=cop_portal.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cop_portal.settings.prod SECRET_KEY=check-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz \
		$(MANAGE) check --deploy --fail-level WARNING
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The benchmark (README, "Benchmark"): generates the bench database of each
# scale if needed, serves it with gunicorn and production settings, drives it
# with wrk. BENCH_SCALES="0.1 1.0" also reports each page's p95 growth.
BENCH_SCALES ?= 1.0
BENCH_DURATION ?= 10

bench: deps
	$(PY) -m scripts.bench.run --scales "$(BENCH_SCALES)" --duration $(BENCH_DURATION)

bench-quick: deps
	$(PY) -m scripts.bench.run --scales 0.05 --duration $(BENCH_DURATION)

bench-search: deps db
	$(VENV)/bin/python scripts/bench_search.py

clean:
	rm -rf $(VENV) node_modules build staticfiles
