#!/usr/bin/env bash
# Build the smsrules wheel with maturin, install it into a fresh virtualenv and test the
# installed package (stubtest + pytest), never the source tree. Run from anywhere; exits
# non-zero on any failure.
#
#   bindings/python/run-tests.sh            # build (release profile) and test
#   PYTHON=python3.9 bindings/python/run-tests.sh
#   SMSRULES_PY_PROFILE=dev bindings/python/run-tests.sh   # quicker debug build
#   SMSRULES_PY_DEBUG_PASS=0 bindings/python/run-tests.sh  # skip the second, debug pass
#
# After the tests pass on the release build, the conversion tests run once more against a
# debug build of the extension (debug assertions and overflow checks on: the core then
# checks the binding's survey of every body it is handed).
#
# Uses CARGO_TARGET_DIR when set, else the workspace's target/. The build venv is kept
# between runs (it only holds maturin); the test venv is made anew each run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BUILD_VENV=$TARGET/py-build-venv
TEST_VENV=$TARGET/py-test-venv
WHEELS=$TARGET/wheels/smsrules
PIP_FLAGS=(--quiet --disable-pip-version-check)
MATURIN_VERSION=1.16.0
# pytest 9 and mypy 2 need Python 3.10; PYTHON=python3.9 takes the last releases for 3.9.
if "$PYTHON" -c 'import sys; sys.exit(sys.version_info >= (3, 10))'; then
    PYTEST_VERSION=8.4.2
    MYPY_VERSION=1.19.1
else
    PYTEST_VERSION=9.2.0
    MYPY_VERSION=2.4.1
fi

step() { printf '\n== %s\n' "$*"; }

step "build venv ($BUILD_VENV)"
if [ "$("$BUILD_VENV/bin/maturin" --version 2>/dev/null)" != "maturin $MATURIN_VERSION" ]; then
    "$PYTHON" -m venv --clear "$BUILD_VENV"
    "$BUILD_VENV/bin/pip" install "${PIP_FLAGS[@]}" "maturin==$MATURIN_VERSION"
fi

step "build the wheel"
rm -rf "$WHEELS"
"$BUILD_VENV/bin/maturin" build --profile "${SMSRULES_PY_PROFILE:-release}" --quiet -m bindings/python/Cargo.toml -o "$WHEELS"
WHEEL=$(ls "$WHEELS"/smsrules-*.whl)
echo "built $WHEEL"

step "fresh test venv ($TEST_VENV)"
"$PYTHON" -m venv --clear "$TEST_VENV"
"$TEST_VENV/bin/pip" install "${PIP_FLAGS[@]}" "pytest==$PYTEST_VERSION" "mypy==$MYPY_VERSION"
"$TEST_VENV/bin/pip" install "${PIP_FLAGS[@]}" --no-index --no-deps "$WHEEL"

# Run from an empty directory so that nothing from the source tree can shadow the
# installed package.
RUN_DIR=$(mktemp -d)
trap 'rm -rf "$RUN_DIR"' EXIT
cd "$RUN_DIR"

step "installed package"
"$TEST_VENV/bin/python" -c 'import smsrules; print("smsrules", smsrules.__version__, "from", smsrules.__file__)'

step "mypy.stubtest smsrules"
"$TEST_VENV/bin/python" -m mypy.stubtest smsrules

step "pytest"
SMSRULES_REPO="$ROOT" "$TEST_VENV/bin/python" -m pytest -p no:cacheprovider \
    -c "$ROOT/bindings/python/pyproject.toml" --rootdir "$ROOT/bindings/python" "$ROOT/bindings/python/tests"

PROFILE=${SMSRULES_PY_PROFILE:-release}
if [ "${SMSRULES_PY_DEBUG_PASS:-1}" != "0" ] && [ "$PROFILE" != "dev" ]; then
    step "debug build of the extension"
    DEBUG_WHEELS=$TARGET/wheels/smsrules-debug
    rm -rf "$DEBUG_WHEELS"
    (cd "$ROOT" && "$BUILD_VENV/bin/maturin" build --profile dev --quiet -m bindings/python/Cargo.toml -o "$DEBUG_WHEELS")
    "$TEST_VENV/bin/pip" install "${PIP_FLAGS[@]}" --no-index --no-deps --force-reinstall "$DEBUG_WHEELS"/smsrules-*.whl

    step "pytest (conversion and host-object tests, debug build)"
    SMSRULES_REPO="$ROOT" "$TEST_VENV/bin/python" -m pytest -p no:cacheprovider -q \
        -c "$ROOT/bindings/python/pyproject.toml" --rootdir "$ROOT/bindings/python" \
        "$ROOT/bindings/python/tests/test_host_objects.py" \
        "$ROOT/bindings/python/tests/test_entry_points.py" \
        "$ROOT/bindings/python/tests/test_conversion_paths.py" \
        "$ROOT/bindings/python/tests/test_conformance.py"
fi
