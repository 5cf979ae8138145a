# tolk: the two set-up commands are `make run` and `make check` (see README.md).
# Everything else here is a convenience around CMake + Ninja.

BUILD       ?= build
RELEASE     ?= build-release
PYTEST      ?= /usr/bin/python3 -m pytest
LISTEN      ?= 127.0.0.1:8080
DATA_DIR    ?= ./var
FUZZ_SECONDS ?= 5
PREFIX      ?= /usr/local

.PHONY: all deps deps-test deps-bench build release run install check unit api fuzz bench clean

all: build

# Debian packages: `deps` builds and runs the server; the others add the test and bench tools
deps:
	@scripts/install-deps
deps-test:
	@scripts/install-deps test
deps-bench:
	@scripts/install-deps bench

# sanitizer build (ASan + UBSan): what the tests run against
build: deps-test
	@cmake -S . -B $(BUILD) -G Ninja -DTOLK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@ninja -C $(BUILD)

release: deps
	@cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
	@ninja -C $(RELEASE) tolk

run: release
	@echo "tolk: serving on http://$(LISTEN), data in $(DATA_DIR)/ (Ctrl-C to stop)"
	@echo "  in another terminal (README.md, First account and project):"
	@echo "    export PATH=$(CURDIR)/$(RELEASE):\$$PATH"
	@echo "    tolk account create --login alice --email alice@example.com --data-dir $(DATA_DIR)"
	@echo "    tolk project create --account alice --identifier demo --name Demo --source-language en --languages fr,de,uk --data-dir $(DATA_DIR)"
	@echo "    curl 'http://$(LISTEN)/api/project/demo/info?key=PROJECT_KEY&json'   (PROJECT_KEY: project_key above)"
	@$(RELEASE)/tolk serve --listen $(LISTEN) --data-dir $(DATA_DIR)

# the server binary onto the PATH (tolk needs nothing else at run time but its libraries)
install: release
	@install -D -m 0755 $(RELEASE)/tolk $(DESTDIR)$(PREFIX)/bin/tolk
	@echo "installed $(DESTDIR)$(PREFIX)/bin/tolk"

unit: build
	@cd $(BUILD) && ctest --output-on-failure

api: build
	@TOLK_BIN=$(CURDIR)/$(BUILD)/tolk $(PYTEST) -q tests/api

fuzz: deps-test
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run-all.sh

# unit tests, a short fuzz run of every parser, then the black-box API suite on
# SQLite and PostgreSQL (its summary line closes the output)
check: build release
	@cd $(BUILD) && ctest --output-on-failure
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run-all.sh
	@TOLK_BIN=$(CURDIR)/$(BUILD)/tolk TOLK_REQUIRE_PG=$${CI:+1} TOLK_REQUIRE_NPM=$${CI:+1} \
		TOLK_REQUIRE_BROWSER=$${CI:+1} \
		$(PYTEST) -q tests/api

# benchmarks (Release build; each prints figures next to its reference run)
bench: deps-bench release
	@bench/http/run.sh
	@bench/export/run.sh
	@bench/lone/run.sh
	@bench/formats/run.sh

clean:
	rm -rf $(BUILD) $(RELEASE) build-fuzz
