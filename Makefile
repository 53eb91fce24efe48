# Innsikt — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
PYTEST_ARGS ?=
# Test processes (pytest-xdist): `auto` = one per core; PYTEST_WORKERS=0 runs in this process.
# Tests sharing a module-scoped fixture, and the browser tests, stay together on one worker.
PYTEST_WORKERS ?= auto
PYTEST_XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),-p no:xdist,-n $(PYTEST_WORKERS) --dist loadgroup)
# Coverage of insight/ in every `make test`; the figure is written down in the README.
COVERAGE ?= --cov=insight --cov-report=term:skip-covered
FLASK := $(BIN)/flask --app wsgi

.PHONY: run serve test audit test-browser lint translations bench bench-privacy bench-import \
        bench-search-quality bench-search-speed bench-bidpack bench-pages clean fuzz-api

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

# axe-core for the accessibility browser tests; without npm those tests skip with a message.
node_modules/.installed: package.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: accessibility tests will be skipped"; fi

translations: $(VENV)/.runtime-installed
	$(BIN)/pybabel compile --use-fuzzy -d insight/translations --domain messages > /dev/null

## make run: install, migrate, load the demo data (first start only), serve on 127.0.0.1:$(PORT)
run: $(VENV)/.runtime-installed translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) search rebuild
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## make serve: migrate, then gunicorn on INSIGHT_BIND (127.0.0.1:8000) with the configured
## database and search backend; workers from the cores or INSIGHT_WORKERS (insight/ops/gunicorn_conf.py)
## and `flask worker` beside it for imports and index drains (stopped with it)
serve: $(VENV)/.runtime-installed translations
	$(FLASK) db upgrade
	export INSIGHT_JOBS=worker; $(FLASK) worker & worker=$$!; trap 'kill $$worker' EXIT; \
	  $(BIN)/gunicorn --no-control-socket -c python:insight.ops.gunicorn_conf wsgi:app

## make test: install the dev requirements, lint, run the whole suite
test: $(VENV)/.dev-installed translations node_modules/.installed
	$(BIN)/ruff check insight tests wsgi.py $(wildcard bench)
	$(BIN)/pytest $(PYTEST_XDIST) $(COVERAGE) $(PYTEST_ARGS)

## make audit: known vulnerabilities in the pinned requirements (pip-audit, in its own venv)
audit:
	@test -x .venv-audit/bin/pip-audit || { $(PYTHON) -m venv .venv-audit && \
	  .venv-audit/bin/pip install --quiet --disable-pip-version-check pip-audit==2.10.1; }
	.venv-audit/bin/pip-audit --progress-spinner off --strict -r requirements.txt $(AUDIT_ARGS)

test-browser: $(VENV)/.dev-installed translations node_modules/.installed
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check insight tests wsgi.py $(wildcard bench)

## make bench-privacy: recall per kind and false alarms of the privacy screen (dev set, own set, corpus)
bench-privacy: $(VENV)/.runtime-installed
	$(BIN)/python bench/privacy_eval.py $(BENCH_ARGS)

## make bench-import: import rows/s with screen and indexing against a raw insert, peak RSS
bench-import: $(VENV)/.runtime-installed translations
	$(BIN)/python bench/import_speed.py $(BENCH_ARGS)

## make bench: every benchmark
bench: bench-privacy bench-import bench-search-quality bench-search-speed bench-bidpack bench-pages

## make bench-search-quality: nDCG@10 and recall@20 through the API, both backends, baselines
bench-search-quality: $(VENV)/.runtime-installed
	$(BIN)/python bench/search_quality.py $(BENCH_ARGS)

## make bench-search-speed: latency (raw, API, gunicorn) and indexing rate at 10k and 100k
bench-search-speed: $(VENV)/.runtime-installed
	$(BIN)/python bench/search_speed.py $(BENCH_ARGS)

## make bench-bidpack: bid pack build time with 10k observations (goal: under 30 s)
bench-bidpack: $(VENV)/.runtime-installed
	$(BIN)/python bench/bidpack_speed.py $(BENCH_ARGS)

## make bench-pages: supplier pages at the demo data size (goal: p95 under 100 ms each)
bench-pages: $(VENV)/.runtime-installed translations
	$(BIN)/python bench/page_speed.py $(BENCH_ARGS)

## make fuzz-api: schemathesis against the live OpenAPI document (read and write token);
## FUZZ_ARGS="--max-examples 15 --phases fuzzing" for the CI run (about 1,040 cases)
fuzz-api: $(VENV)/.dev-installed translations
	FUZZ_ARGS="$(FUZZ_ARGS)" $(BIN)/python tests/api_fuzz.py

## make bench-load: gunicorn (2 workers) under a mixed supplier load from wrk for 60 s with two
## staff writers publishing, beside a /healthz floor (BENCH_ARGS="--small" for CI: 2k rows, 10 s)
.PHONY: bench-load
bench-load: $(VENV)/.runtime-installed translations
	$(BIN)/python bench/load.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .venv-audit .pytest_cache .ruff_cache
