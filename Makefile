# ParetoLab: the two commands of the README are `make run` and `make test`.
# Everything else here is for developers.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=
CTEST_ARGS ?=

TSAN_BUILD ?= build-tsan

.PHONY: run test deps build check test-sanitize test-tsan bench clean demo

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

# Starts the GUI; with no display, says so and runs the default demo headless.
run: build
	@bash scripts/run.sh $(BUILD)

demo: build
	@bash scripts/run.sh $(BUILD) --headless

# The whole suite: unit, integration (CLI end to end), GUI (offscreen) and the shared-data tests,
# then the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer.
test: check test-sanitize test-tsan

check: build
	cd $(BUILD) && QT_QPA_PLATFORM=offscreen ctest -j$(JOBS) --output-on-failure --timeout 600 $(CTEST_ARGS)

test-sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPLAB_SANITIZE=ON -DPLAB_BUILD_GUI=OFF -DPLAB_BUILD_BENCH=OFF $(CMAKE_ARGS)
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest -j$(JOBS) --output-on-failure --timeout 900 -LE no-sanitize $(CTEST_ARGS)

# The kv-store concurrency test built with ThreadSanitizer (only that target; see
# plugins/kvstore/tests/CMakeLists.txt).
test-tsan: deps
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPLAB_KVSTORE_TSAN=ON -DPLAB_BUILD_GUI=OFF -DPLAB_BUILD_BENCH=OFF $(CMAKE_ARGS)
	cmake --build $(TSAN_BUILD) -j$(JOBS) --target kvstore-tsan-test
	cd $(TSAN_BUILD) && ctest --output-on-failure --timeout 900 -L tsan $(CTEST_ARGS)

# Benchmarks, built optimised, each printing its figures.
bench: deps
	cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DPLAB_BUILD_GUI=OFF $(CMAKE_ARGS)
	cmake --build build-release -j$(JOBS)
	@for b in build-release/bin/bench-*; do echo "== $$b"; $$b || exit 1; done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) build-release
