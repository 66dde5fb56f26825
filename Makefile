# The two commands: `make run` serves the site with demo content, `make test` checks everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VAR := var
DEMO := demo/content.jsonl
PO_FILES := $(wildcard site/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test install install-dev messages migrate demo lint check pytest clean

run: install messages migrate demo
	$(PY) manage.py create_local_admin
	$(PY) manage.py runserver 127.0.0.1:8000

test: install-dev messages lint check pytest

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

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

pytest: install-dev
	$(VENV)/bin/pytest

clean:
	rm -rf $(VAR) $(MO_FILES)
