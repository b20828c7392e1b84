# smsrules — one command to run the main job, one to run every test.
#   make run    the CLI on the bundled example request and context
#   make test   lint + the book + Rust (core, CLI, conformance) + Python + Node + Kotlin/Swift + WebAssembly
#               + the packages (make dist, each installed outside the repo) + fuzz smoke
#   make dist   every package into dist/ (PyPI, npm, Maven, crates.io); nothing is published
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: run dist test lint lint-docs test-docs test-rust test-python test-node test-kotlin test-wasm test-dist test-fuzz

run:
	$(CARGO) run -q -p smsrules-cli -- check examples/request.json --context examples/context.json --pretty

test: lint test-docs test-rust test-python test-node test-kotlin test-wasm test-dist test-fuzz
	@echo "make test: every suite passed"

lint: lint-docs
	python3 tools/check-versions.py
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	@# The core must never learn about Python, JS or FFI.
	@if $(CARGO) tree -p smsrules -e normal --prefix none | grep -E '^(pyo3|napi|uniffi)'; then \
		echo "core depends on a binding crate"; exit 1; fi

# Nothing in the repository may point outside it: book references only (docs/src/...).
lint-docs:
	python3 docs/check-references.py

# The book (docs/): diagrams up to date, mdbook build, its links, every page in Chromium.
# Its generated pages and its Rust samples are checked by `cargo test` (tools/book), its
# command-line sessions by the CLI's tests, its other samples by each binding's suite.
test-docs:
	bash docs/test.sh

test-rust:
	$(CARGO) test --workspace

test-python:
	bash bindings/python/run-tests.sh

test-node:
	bash bindings/node/run-tests.sh

test-kotlin:
	bash bindings/uniffi/run-tests.sh

test-wasm:
	bash bindings/wasm/run-tests.sh

# Every artifact a user installs: wheels and sdist, npm tarballs, the Kotlin jar, the crates.
dist:
	bash tools/dist/build.sh

# Each artifact installed into a fresh consumer outside the repository and used there.
test-dist: dist
	bash tools/dist/test.sh

test-fuzz:
	bash fuzz/run-smoke.sh
