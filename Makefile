# The two commands of the README:
#   make demo   installs what is missing, builds, runs concur-lint on examples/
#   make test   installs what is missing, builds, runs every test through ctest
BUILD ?= build
JOBS ?= $(shell nproc)
# Release, not RelWithDebInfo: debug info costs a quarter of the compile time of the Clang-heavy
# sources, and `make test` must build and test within CI's budget. Configure by hand (or set
# CMAKE_FLAGS) for a build to debug.
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps configure build demo test clean

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# Findings are the point of the demo (exit 1); a usage or analysis error (2, 3) fails it.
demo: build
	@echo "== concur-lint examples/   (every finding below is intended: see examples/README.md)"
	@status=0; $(BUILD)/bin/concur-lint examples/ || status=$$?; \
	  if [ $$status -gt 1 ]; then echo "demo: concur-lint failed (exit $$status)"; exit $$status; fi

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)
