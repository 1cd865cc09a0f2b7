# The two commands: `make run` (demo server) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app evaluator
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install migrate demo lint audit audit-code audit-deps lock messages translations clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the declared or locked dependencies change. The project itself is installed
# offline-friendly first; when the venv's setuptools is too old for pyproject.toml, pip builds it
# in isolation with a current one (the first attempt's complaint is not shown).
$(VENV)/.installed: pyproject.toml requirements/dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . 2>/dev/null || \
		$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed translations

# The German catalogue is compiled by the build; only the .po source is kept in git.
CATALOGUE := translations/de/LC_MESSAGES/messages
translations: $(CATALOGUE).mo
$(CATALOGUE).mo: $(CATALOGUE).po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d translations -l de

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) seed-demo --if-empty

run: demo
	@echo
	@$(FLASK) demo-logins
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo
	$(FLASK) run --host $(HOST) --port $(PORT)

# axe-core for the accessibility checks, from the npm registry when npm is there (without it,
# those checks are skipped outside CI).
AXE_JS := .cache/axe/node_modules/axe-core/axe.min.js
$(AXE_JS):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --no-save --no-audit --no-fund --prefix .cache/axe axe-core@4 || \
			echo "axe-core could not be installed: the accessibility checks will be skipped"; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

test: install $(AXE_JS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check evaluator tests migrations config

# Security checks: the static linter over the application's code, and the pinned production
# dependencies against PyPI's advisories (needs PyPI's JSON API).
audit: audit-code audit-deps
audit-code: install
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive evaluator
audit-deps: install
	$(BIN)/pip-audit --strict --progress-spinner off --disable-pip --no-deps --requirement requirements/prod.lock

# The load benchmark on a large synthetic round: needs the local PostgreSQL, prints a table
# (docs/performance.md; settings such as BENCH_USERS or BENCH_SECONDS from the environment).
bench: install
	$(BIN)/python -m tests.benchmark

# Re-resolve the pinned dependencies after editing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev -o requirements/dev.lock
	$(BIN)/uv pip compile --quiet pyproject.toml -o requirements/prod.lock

# After changing user-facing text: extract the messages and merge them into the German catalogue.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -l de --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache
