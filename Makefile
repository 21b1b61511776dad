# Two commands for a newcomer: `make run` and `make test`. Both set everything up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# make run serves with DEBUG off, like production: it needs a secret key, generated once under var/.
MANAGE := SECRET_KEY=$$(cat var/secret_key) $(BIN)/python manage.py
INSTALLED := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)

.PHONY: run test lint typecheck fmt setup lock clean messages bench prod-test

$(INSTALLED): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

var/secret_key:
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

setup: $(INSTALLED) var/secret_key
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0

run: setup
	$(MANAGE) seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	SECRET_KEY=$$(cat var/secret_key) $(BIN)/daphne -b 127.0.0.1 -p $(PORT) network.asgi:application

# Unit, integration and WebSocket tests in parallel; then the browser tests against a live Daphne
# server in their own run (they need a file database and no asyncio loop of pytest's).
test: $(INSTALLED)
	$(BIN)/pytest -n 2 -m "not browser"
	TEST_DB_FILE=1 $(BIN)/pytest -m browser

# Chat against a bare Channels broadcast, and idle sockets' memory; then pages through gunicorn
# against a bare Django view, the members' ceiling and Misago (installed into var/misago-venv on the
# first run), at scale 1 and BENCH_SCALE, driven by wrk (needs wrk, DATABASE_URL and REDIS_URL, as in
# production). Prints tables and writes var/bench.json; not part of make test.
bench: $(INSTALLED)
	$(BIN)/python tests/perf/bench_chat.py
	$(BIN)/python tests/perf/bench_pages.py

# The deploy kit (deploy/) as production runs it, on loopback ports: nginx in front of two gunicorn
# and two Daphne processes, a task worker, a fresh PostgreSQL database (on the server DATABASE_URL
# names, default postgres@127.0.0.1:5432) and a Redis of its own; driven end to end through nginx
# (tests/prod/run.py). Needs nginx, redis-server and openssl; not part of make test.
prod-test: $(INSTALLED)
	$(BIN)/python -m tests.prod.run

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Types of the access policy's core and every permissions.py ([tool.mypy] in pyproject.toml).
typecheck: $(INSTALLED)
	SECRET_KEY=typecheck $(BIN)/mypy

fmt: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate requirements.lock from pyproject.toml in a throw-away environment.
lock:
	rm -rf var/lock-venv
	$(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/python -m pip install --quiet --upgrade "pip>=25.1"
	var/lock-venv/bin/python -m pip install --quiet . --group dev
	echo "# Exact versions installed by 'make' (regenerate with 'make lock')." > requirements.lock
	var/lock-venv/bin/python -m pip freeze --exclude library-network >> requirements.lock
	rm -rf var/lock-venv

clean:
	rm -rf $(VENV) staticfiles

# Each app keeps its own catalogs in <app>/locale; site-wide templates use locale/.
APPS := network members forum zones
messages: $(INSTALLED) var/secret_key
	for app in $(APPS); do mkdir -p $$app/locale; (cd $$app && SECRET_KEY=$$(cat ../var/secret_key) ../$(BIN)/python ../manage.py makemessages -l pl -l uk --no-location --no-obsolete -v0); done
	mkdir -p locale
	$(MANAGE) makemessages -l pl -l uk --no-location --no-obsolete -v0 $(foreach app,$(APPS),--ignore=$(app)) --ignore=tests --ignore=.venv --ignore=static --ignore=staticfiles --ignore=var
	$(MANAGE) compilemessages -v0 --ignore=.venv
