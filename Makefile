# Entry points of docs/contract.md §4. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_CUSTOMERS ?= 20000
DEMO_SEED ?= 42
DEMO_FORMAT ?= csv
DEMO_DIR ?= data/raw
export DAGSTER_HOME ?= $(CURDIR)/dagster_home
export PATH := $(CURDIR)/$(BIN):$(PATH)
MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project/models dbt_project/macros -type f 2>/dev/null) dbt_project/dbt_project.yml

.PHONY: system-packages install manifest contract-copies demo-data run backfill test test-spark java dev lint benchmark clean
# Prerequisites run in the order written (system packages before the Python installs), even with -j.
.NOTPARALLEL:

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# The dbt manifest Dagster builds its asset graph from; never committed.
manifest: $(MANIFEST)

$(MANIFEST): $(VENV)/.installed $(DBT_SOURCES)
	cd dbt_project && ../$(BIN)/dbt parse --quiet --profiles-dir .
	touch $@

# The files generated from the raw-layer declaration (orchestration/lib/raw_schema.py): the dbt
# sources, the raw Great Expectations suites and the vocabulary macros. Run after changing it;
# tests/test_contract_copies.py fails until then.
contract-copies: $(VENV)/.installed
	$(BIN)/python -m orchestration.lib.contract_copies

# Demo landing folder; kept if a customers table already landed there.
demo-data: $(VENV)/.installed
	@if ls $(DEMO_DIR)/customers.* $(DEMO_DIR)/customers >/dev/null 2>&1; then \
		echo "$(DEMO_DIR) already holds a customers table: keeping it (make clean to regenerate)"; \
	else \
		$(BIN)/loyalty-demo-data --customers $(DEMO_CUSTOMERS) --seed $(DEMO_SEED) \
			--format $(DEMO_FORMAT) --out $(DEMO_DIR); \
	fi

# `make run FULL_REFRESH=1` reloads every landed file instead of only the new and changed ones.
run: $(MANIFEST) demo-data
	mkdir -p $(DAGSTER_HOME)
	$(if $(FULL_REFRESH),LOYALTY_FULL_REFRESH=$(FULL_REFRESH)) $(BIN)/dagster job execute -m orchestration.definitions -j daily_refresh

# One daily partition after another, oldest first, without the daemon:
#   make backfill FROM=2026-09-01 TO=2026-09-07
backfill: $(MANIFEST)
	@[[ "$(FROM)" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$$ && "$(TO)" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$$ ]] \
		|| { echo "usage: make backfill FROM=YYYY-MM-DD TO=YYYY-MM-DD"; exit 2; }
	mkdir -p $(DAGSTER_HOME)
	day=$(FROM); while [[ ! "$$day" > "$(TO)" ]]; do \
		echo "== daily_refresh partition $$day"; \
		$(BIN)/dagster job execute -m orchestration.definitions -j daily_refresh \
			--tags "{\"dagster/partition\": \"$$day\", \"loyalty/backfill\": \"make\"}" || exit 1; \
		day=$$(date -u -d "$$day + 1 day" +%F); \
	done

# System packages the tests need (Chromium): a no-op when present, installed as root or with
# passwordless sudo, otherwise a stop that names the command to run.
system-packages:
	@scripts/system-packages.sh

test: system-packages $(MANIFEST)
	$(BIN)/pytest

# The same dbt models on a local Spark session, compared mart for mart with the DuckDB build.
test-spark: java $(MANIFEST) $(VENV)/.installed-spark
	$(BIN)/pytest -m spark tests/spark

$(VENV)/.installed-spark: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev,spark]"
	touch $@

# Java 17+ for pyspark, from Debian's packages when this user may install them.
JAVA_PACKAGE := openjdk-17-jre-headless
java:
	@if java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "Spark needs Java 17+: run  sudo apt-get install $(JAVA_PACKAGE)"; exit 1; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(JAVA_PACKAGE)

dev: $(MANIFEST)
	mkdir -p $(DAGSTER_HOME)
	$(BIN)/dagster dev -w workspace.yaml

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

benchmark: $(MANIFEST)
	$(BIN)/python benchmarks/benchmark_refresh.py --customers 100000

clean:
	rm -rf data dbt_project/target dbt_project/logs
	find dagster_home -mindepth 1 ! -name dagster.yaml -exec rm -rf {} +
