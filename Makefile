# OneDoor: `make demo` runs the platform, `make test` runs the tests; both install what they need.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint install messages format clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/onedoor demo

test: $(STAMP)
	scripts/ensure-system-packages
	$(VENV)/bin/pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/onedoor makemigrations --check --dry-run
	$(VENV)/bin/mypy onedoor

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)
	cd onedoor && ../$(VENV)/bin/onedoor makemessages -l zh_Hans -l en --ignore 'tests/*' --ignore 'sandbox/*'
	cd onedoor && ../$(VENV)/bin/onedoor compilemessages

clean:
	rm -rf $(VENV) var
