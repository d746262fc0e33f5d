# Two commands on a fresh machine with Python 3.11+:
#   make run    set up .venv and start the app on the sample scenarios
#   make test   set up .venv and run every test (lint, unit, statistical, property, CLI, app, browser)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
OUT ?= out

.PHONY: run simulate test bench lint format catalogues clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	# Compile the engine's numba kernels once; they are cached beside the code for every later run.
	$(PY) -c 'from simulator import Scenario, simulate; simulate(Scenario(trials=10))'
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run app.py

simulate: $(VENV)/.installed
	$(PY) -m simulator run sample_data/scenarios.csv --out $(OUT)

test: $(VENV)/.installed lint
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Messages extracted from the code into each language's catalogue (simulator/i18n/locales/<code>/LC_MESSAGES):
# new ones arrive empty, changed ones fuzzy, gone ones leave; `make test` fails until every one is translated.
POT := simulator/i18n/messages.pot
catalogues: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F simulator/i18n/babel.cfg --add-comments=TRANSLATORS: --no-wrap --sort-by-file \
		--project "Funnel what-if simulator" -o $(POT) app.py views ui simulator
	for code in $$($(PY) -c 'from simulator.i18n.catalogues import translated_languages as t; print(*t())'); do \
		$(VENV)/bin/pybabel update --init-missing --ignore-obsolete --no-wrap -i $(POT) -d simulator/i18n/locales \
			-l $$code || exit 1; \
	done

bench: $(VENV)/.installed
	$(PY) -m simulator.bench

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .hypothesis
