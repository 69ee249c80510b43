# The two commands: `make run` and `make test`. Everything else serves them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The virtualenv is kept in the user's cache, one per set of requirements,
# and .venv links to it: a second clone of the same requirements (a CI run, a
# colleague's branch) starts at once instead of installing again.
VENV_CACHE ?= $(HOME)/.cache/jobfair
VENV_KEPT := $(VENV_CACHE)/venv-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)
STAMP := $(VENV_KEPT)/.installed
MANAGE := $(BIN)/python manage.py
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test venv lint messages makemessages system-packages test-packages clean bench-mail bench-web bench-outbox bench-talks bench-door bench-exports

run: venv messages  ## Start web, Celery worker and beat with demo data (SQLite by default)
	@mkdir -p var/celery/queue var/celery/results var/celery/control var/mail
	DEBUG=$${DEBUG:-true} $(MANAGE) migrate --noinput
	DEBUG=$${DEBUG:-true} $(MANAGE) load_demo
	@echo ""
	@echo "  Job fair platform: http://127.0.0.1:8000/"
	@echo "  Demo fair day:     http://127.0.0.1:8000/events/bewerbertag-bauberufe/"
	@echo "  Admin:             http://127.0.0.1:8000/admin/"
	@echo "  Logins (password jobfair-demo): organiser, employer, admin"
	@echo "  E-mails are written to var/mail/. Ctrl-C stops everything."
	@echo ""
	DEBUG=$${DEBUG:-true} PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start

test: venv test-packages messages lint  ## Lint, migration check and the test suite on PostgreSQL and Redis
	@mkdir -p var
	DEBUG=true $(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest -p devtools.pytest_workers -n 4 --dist loadfile --durations=10

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Made under a lock (two runs at once make it once), from scratch when an
# earlier attempt stopped halfway (no stamp).
$(STAMP): | system-packages
	@mkdir -p $(VENV_CACHE)
	flock $(VENV_CACHE)/.lock bash -ec '[ -e $@ ] && exit; rm -rf $(VENV_KEPT); \
		$(PYTHON) -m venv $(VENV_KEPT); \
		$(VENV_KEPT)/bin/pip install --quiet --upgrade pip; \
		$(VENV_KEPT)/bin/pip install --quiet -r requirements-dev.txt; \
		touch $@'

venv: $(STAMP)
	@[ "$$(readlink $(VENV))" = "$(VENV_KEPT)" ] || { rm -rf $(VENV); ln -s $(VENV_KEPT) $(VENV); }

# Debian packages, installed when missing (as root) or named: gettext compiles
# the translations, Chromium's headless shell runs the browser tests, the
# fault tests start and stop a redis-server of their own.
define debian_packages
	@missing=""; for entry in $(1); do \
		command -v "$${entry#*:}" >/dev/null || missing="$$missing $${entry%%:*}"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Please install:$$missing (sudo apt-get install$$missing)"; exit 1; \
		fi; \
	fi
endef

system-packages:
	$(call debian_packages,gettext:msgfmt)

test-packages:
	$(call debian_packages,chromium-headless-shell:chromium-headless-shell redis-server:redis-server)

messages: venv
	DEBUG=true $(MANAGE) compilemessages --ignore=.venv --ignore=var -v0

makemessages: venv
	DEBUG=true $(MANAGE) makemessages --ignore=.venv --ignore=var --ignore=static -l de -l en -l ar -l uk -l fa -l tr -l ru -l fa_AF -l ps -l ckb -l kmr -l ti -l so

clean:
	rm -rf $(VENV) var

BENCH_ENV := SECRET_KEY=bench DEFAULT_FROM_EMAIL=jobfair-bench@example.org SECURE_SSL_REDIRECT=false DEVTOOLS=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobfair_bench REDIS_URL=redis://127.0.0.1:6379/11

bench-mail: venv messages  ## 10,000 reminders through one worker vs plain smtplib
	@psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='jobfair_bench'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE jobfair_bench" >/dev/null
	$(BENCH_ENV) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) $(MANAGE) bench_mail --count $${COUNT:-10000}

bench-web: venv messages  ## gunicorn + PostgreSQL under wrk: public pages and sign-up
	$(call debian_packages,wrk:wrk)
	@psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='jobfair_bench'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE jobfair_bench" >/dev/null
	$(BENCH_ENV) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) $(MANAGE) bench_web

bench-outbox: venv messages  ## Peak memory of the outbox sweep and a bulk sending, 10,000 vs 50,000
	@psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='jobfair_bench'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE jobfair_bench" >/dev/null
	$(BENCH_ENV) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) $(MANAGE) bench_outbox --sizes $${SIZES:-10000 50000}

bench-exports: venv messages  ## Peak memory of the organiser's downloads, the report and a bulk sending, 5,000 vs 50,000 people
	@psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='jobfair_bench'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE jobfair_bench" >/dev/null
	$(BENCH_ENV) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) $(MANAGE) bench_exports --sizes $${SIZES:-5000 50000}

bench-talks: venv  ## The talk schedule on seeded fairs up to 5,000 applicants against greedy schedules and relaxation bounds; no database
	DEBUG=true $(MANAGE) bench_talks $${SIZES:+--sizes $$SIZES} --lp-up-to $${LP_UP_TO:-1000}

bench-door: venv test-packages messages  ## The door app with 2,000 people in Chromium: the list's download and a scan's decision on the device, printed
	$(BIN)/python -m pytest -p devtools.pytest_workers jobfair/tests/browser/test_door_app.py -k 2000 -s -q -p no:cacheprovider | grep "door app"
