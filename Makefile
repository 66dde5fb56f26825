# The two commands: `make run` serves the site with demo content, `make test` checks everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VAR := var
DEMO := demo/content.jsonl
PO_FILES := $(wildcard site/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test install install-dev frontend-tools messages migrate demo lint check pytest clean corpus bench bench-search bench-import relevance load-mixed bench-page-cache bench-compare

run: install messages migrate demo
	$(PY) manage.py create_local_admin
	$(PY) manage.py runserver 127.0.0.1:8000

test: install-dev frontend-tools messages lint check pytest

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The browser tests' judges (axe-core, vnu-jar, Lighthouse), exactly as package-lock.json pins them.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

frontend-tools: node_modules/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

messages: $(MO_FILES)

site/locale/%/LC_MESSAGES/django.mo: site/locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=$(VENV) --locale=$* -v0

migrate: install
	mkdir -p $(VAR)
	test -f $(VAR)/db.sqlite3 || rm -f $(VAR)/.demo-imported
	$(PY) manage.py migrate --no-input -v0

# Importing is idempotent; the stamp only skips re-reading an unchanged file.
demo: $(VAR)/.demo-imported

$(VAR)/.demo-imported: $(DEMO) | migrate
	$(PY) manage.py import_content $(DEMO)
	touch $@

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py compilemessages --ignore=$(VENV) -v0

# The browser tests (Chromium, axe, Nu, Lighthouse) run after the rest, on their own,
# so that Lighthouse's performance judge does not share the two cores with other tests.
PYTEST_ARGS ?=
pytest: install-dev frontend-tools
	$(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS)
	$(VENV)/bin/pytest -m browser -n 0 $(PYTEST_ARGS)

clean:
	rm -rf $(VAR) $(MO_FILES)

# Benchmarks (not part of `make test`): ITEMS library items, a bounded wrk run per page class.
ITEMS ?= 10000

corpus: migrate
	$(PY) -m benchmarks.generate_corpus --items $(ITEMS)

bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) -m benchmarks.load --items $(ITEMS)

# Search and suggest latency (p50/p95 per endpoint and language) over real hu/sl/en queries,
# on a PostgreSQL database of its own filled with ITEMS items; one request at a time.
bench-search: install
	$(PY) -m benchmarks.search_latency --items $(ITEMS)

# import_content of a file of ITEMS new items into a PostgreSQL database of its own (SQLITE=1:
# into SQLite too): seconds, items per second, CPU seconds and peak memory, then a re-import.
SQLITE ?=
bench-import: install
	$(PY) -m benchmarks.import_speed --items $(ITEMS) $(if $(SQLITE),--sqlite)

# The page cache against nginx serving the same bytes from disk (a new connection per request).
bench-page-cache: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	command -v nginx >/dev/null || (apt-get update -qq && apt-get install -y -qq nginx-light)
	$(PY) -m benchmarks.page_cache_throughput

# This site against another one served at OTHER (see the README: Wagtail's demo site).
OTHER ?= http://127.0.0.1:8800
OTHER_PATHS ?= home=/ article=/blog/wild-yeast/ listing=/blog/ search=/search/?q=bread
# The other site's directory, for CPU time per request in its own process (empty: none).
OTHER_DIR ?= $(wildcard ../bakerydemo)
FRAGMENT_SECONDS ?= 300
bench-compare: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	mkdir -p $(VAR)
	$(PY) -m benchmarks.side_by_side --other $(OTHER) --database-url sqlite:///$(CURDIR)/var/bench-side.sqlite3 --fragment-seconds $(FRAGMENT_SECONDS) $(if $(OTHER_DIR),--other-dir $(abspath $(OTHER_DIR))) $(addprefix --other-path ,$(OTHER_PATHS))

# Precision@3 per language of the search relevance set, on the demo library.
relevance: demo
	$(PY) manage.py measure_relevance

# Mixed load (90 % reads, 8 % search, 2 % mentor edits), a 4x spike and a soak of SOAK seconds.
SOAK ?= 60

load-mixed: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) -m benchmarks.load_mixed --items $(ITEMS) --soak $(SOAK)
