# sahel-kg — the two commands a newcomer needs:
#   make demo   set up everything, build the graph from seeds/, run the example queries
#   make test   set up everything, run the whole suite (what CI runs)
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)
STORE ?= .kg
VENDOR := kg/serve/static/vendor
WEB_STAMP := $(VENDOR)/.installed-$(shell sha256sum web/package-lock.json | cut -c1-12)

.PHONY: setup system editor demo test check lint format clean gazetteer bench

setup: system $(STAMP) editor

editor: $(WEB_STAMP)         ## the query editor (YASGUI) of kg serve, from the npm registry

$(WEB_STAMP): web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp web/node_modules/@zazuko/yasgui/build/yasgui.min.js web/node_modules/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/
	touch $@

system:                      ## system packages: a Java runtime for HermiT (OWL reasoning), npm for the editor
	@bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

demo: setup                  ## build the graph from seeds/ and run the example queries
	$(BIN)/kg build seeds --store $(STORE)
	$(BIN)/kg stats --store $(STORE)
	$(BIN)/kg queries
	$(BIN)/kg query documents --store $(STORE)
	$(BIN)/kg query alliance-members --store $(STORE)
	$(BIN)/kg query alliance-members --param alliance=ECOWAS --store $(STORE)
	$(BIN)/kg query actors --store $(STORE) --format csv | head -n 15
	$(BIN)/kg query events --store $(STORE)
	$(BIN)/kg query claims --store $(STORE) --format csv
	$(BIN)/kg evaluate tests/gold --store $(STORE) | head -n 6
	$(BIN)/kg validate --store $(STORE)

test: setup                  ## the whole suite, exactly as CI runs it
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check kg tests scripts benchmarks

check: lint test             ## what a pull request must pass

bench: setup                 ## build throughput and query latency against baselines
	$(BIN)/python benchmarks/bench_build.py

gazetteer: setup             ## regenerate ontology/reference/places.ttl from packaged GeoNames data
	$(BIN)/python scripts/build_gazetteer.py --out ontology/reference/places.ttl

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .ruff_cache web/node_modules $(VENDOR)
