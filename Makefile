# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Test processes (pytest-xdist); each gets its own test database.
TEST_WORKERS ?= auto

.PHONY: run test venv migrate demo lint messages screenshots bench clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

## make run: embedded default (SQLite, in-process tasks), demo data, http://127.0.0.1:8000
run: venv
	DEBUG=1 ENFORCEMENT_TEST_CLOCK=1 $(PY) manage.py migrate --noinput
	DEBUG=1 ENFORCEMENT_TEST_CLOCK=1 $(PY) manage.py load_demo
	DEBUG=1 ENFORCEMENT_TEST_CLOCK=1 $(PY) manage.py runserver $(HOST)

## make test: the whole suite (PostgreSQL/Redis/Chromium tests skip unless available)
test: venv
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .
	ENFORCEMENT_TESTING=1 $(PY) manage.py makemigrations --check --dry-run

## make messages: re-extract strings and compile catalogues (needs GNU gettext)
messages: venv
	ENFORCEMENT_TESTING=1 $(PY) manage.py makemessages -l en -l zh_Hans --ignore=.venv --ignore=staticfiles
	ENFORCEMENT_TESTING=1 $(PY) manage.py compilemessages --ignore=.venv

screenshots: venv
	REQUIRE_BROWSER=1 SCREENSHOTS=1 $(PY) -m pytest tests/browser -k journey $(PYTEST_ARGS)

bench: venv
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
