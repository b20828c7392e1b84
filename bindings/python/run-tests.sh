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
# The `spark` extra, pinned for the tests of smsrules.spark (pandas < 3: pyspark warns on 3).
SPARK_PINS=(pyspark==4.3.0 pyarrow==26.0.1 pandas==2.3.3)

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

# pyspark is a 456 MB package (built from source by pip the first time): installed once
# per set of pins and Python version into its own directory, which the fresh test venv
# reads through a .pth file, so later runs spend no time on it.
step "spark extra (${SPARK_PINS[*]})"
SPARK_DEPS=$TARGET/py-spark-deps-$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-$(echo "${SPARK_PINS[*]}" | sha256sum | cut -c1-12)
if [ ! -e "$SPARK_DEPS/.complete" ]; then
    rm -rf "$SPARK_DEPS" "$SPARK_DEPS.partial"
    start=$(date +%s)
    "$TEST_VENV/bin/pip" install "${PIP_FLAGS[@]}" --target "$SPARK_DEPS.partial" "${SPARK_PINS[@]}"
    mv "$SPARK_DEPS.partial" "$SPARK_DEPS" && touch "$SPARK_DEPS/.complete"
    echo "installed in $(( $(date +%s) - start )) s"
fi
SITE=$("$TEST_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$SPARK_DEPS" > "$SITE/smsrules-spark-deps.pth"

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
# The Spark tests must run here, never be skipped for a missing pyspark.
SMSRULES_REQUIRE_SPARK=1 SMSRULES_REPO="$ROOT" "$TEST_VENV/bin/python" -m pytest -p no:cacheprovider \
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
