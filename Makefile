# Two commands matter: `make run` and `make test`. Everything else is a helper for them.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test setup setup-test db demo lint format bench clean

# The stamp files make re-runs cheap: pip runs again only when pyproject.toml changed.
$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

# `gfj demo` migrates first; `gfj init` would print a setup code the demo makes useless. The demo
# is the default organisation (`--org default`: other organisations may be registered beside it).
db: setup
	$(BIN)/gfj --org default demo --if-empty
	$(BIN)/gfj demo-portfolio

# web/app.py is the st.App around app.py: the session cookie's routes and the security headers.
run: db
	$(BIN)/gfj --org default demo-logins
	$(BIN)/streamlit run web/app.py --server.port $(PORT)

# --postgres: the service and migration suites run a second time on a throwaway PostgreSQL 15
# cluster the tests start themselves (tests/postgres/plugin.py); with CI=true it must start.
test: setup-test
	@CHROMIUM=$$(scripts/find-chromium); \
	if [ -z "$$CHROMIUM" ]; then \
	  echo "No Chromium found (looked for /usr/bin/chromium, then Playwright's own)."; \
	  if [ "$$CI" = "true" ]; then echo "CI=true: a missing browser fails the run."; exit 1; fi; \
	  echo "Install it with: apt-get install -y chromium"; exit 1; \
	fi; \
	echo "Chromium: $$CHROMIUM"; \
	GFJ_CHROMIUM="$$CHROMIUM" $(BIN)/python -m pytest -n 2 --dist loadgroup --postgres $(PYTEST_ARGS)

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data/gfj.db* test-artifacts .pytest_cache
