# smsrules — one command to run the main job, one to run every test.
#   make run    the CLI on the bundled example request and context
#   make test   lint + Rust (core, CLI, conformance) + Python + Node + Kotlin/Swift + WebAssembly + fuzz smoke
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: run test lint test-rust test-python test-node test-kotlin test-wasm test-fuzz

run:
	$(CARGO) run -q -p smsrules-cli -- check examples/request.json --context examples/context.json --pretty

test: lint test-rust test-python test-node test-kotlin test-wasm test-fuzz
	@echo "make test: every suite passed"

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	@# The core must never learn about Python, JS or FFI.
	@if $(CARGO) tree -p smsrules -e normal --prefix none | grep -E '^(pyo3|napi|uniffi)'; then \
		echo "core depends on a binding crate"; exit 1; fi

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

test-fuzz:
	bash fuzz/run-smoke.sh
