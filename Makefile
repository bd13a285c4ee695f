# Hearth: the two commands a new user needs.
#   make run    install what is needed, build, migrate, add demo content, serve on http://127.0.0.1:8080
#   make test   install what is needed, build, and run every test (unit, integration on SQLite and PostgreSQL, browser)
#   make fuzz   build the fuzz targets (clang, sanitizers, build-fuzz/) and run each for FUZZ_SECONDS (60)
BUILD_DIR ?= build
HEARTH := $(BUILD_DIR)/hearth

.PHONY: run test deps test-deps build unit integration browser bench fuzz openapi clean

# The demo publishes a contact address of its own (a real deployment sets
# HEARTH_CONTACT_EMAIL, or contact_email in its configuration file).
DEMO_CONTACT_EMAIL ?= care@hearth.localhost

run: deps build
	$(HEARTH) migrate
	$(HEARTH) seed --demo
	HEARTH_CONTACT_EMAIL="$${HEARTH_CONTACT_EMAIL:-$(DEMO_CONTACT_EMAIL)}" $(HEARTH) serve

test:
	scripts/test-all.sh

deps:
	scripts/install-deps.sh

test-deps:
	scripts/install-deps.sh --test

build:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD_DIR)

unit: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure

integration: build
	HEARTH_BIN=$(HEARTH) /usr/bin/python3 -m pytest -q tests/integration

browser: build
	cd tests/browser && HEARTH_BIN=../../$(HEARTH) node --test

bench: build
	bench/run.sh

FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

openapi:
	cd tests/openapi && npm ci --no-audit --no-fund --loglevel=error && node validate.mjs ../../docs/openapi.yaml

clean:
	rm -rf $(BUILD_DIR) build-fuzz
