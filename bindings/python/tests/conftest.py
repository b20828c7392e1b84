"""Shared fixtures: the repository root and the conformance vectors.

The tests run against the *installed* smsrules wheel (run-tests.sh installs it into a fresh
virtualenv); importing the package from the source tree would test nothing compiled.
"""

import json
import os
import pathlib

import pytest

import smsrules

TESTS = pathlib.Path(__file__).resolve().parent
REPO = pathlib.Path(os.environ.get("SMSRULES_REPO", TESTS.parents[2])).resolve()
VECTORS = REPO / "tests" / "conformance" / "vectors"
README = TESTS.parent / "README.md"


def pytest_report_header(config):
    return f"smsrules {smsrules.__version__} from {pathlib.Path(smsrules.__file__).parent}"


def pytest_sessionstart(session):
    package = pathlib.Path(smsrules.__file__).resolve()
    if TESTS.parent in package.parents:
        raise pytest.UsageError(f"smsrules was imported from the source tree ({package}), not an installed wheel")


def load_cases():
    """Every conformance case, as (file name, case), in file order."""
    cases = []
    for path in sorted(VECTORS.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            cases.append((path.name, case))
    return cases


CASES = load_cases()
