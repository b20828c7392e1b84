"""The Python samples of the book (docs/src) run as written, each in a fresh namespace.

docs/samples.py defines what a sample is; it is loaded from the repository, and the samples
run against the installed wheel like every other test here.
"""

import importlib.util

import pytest

from conftest import REPO


def load_samples():
    spec = importlib.util.spec_from_file_location("book_samples", REPO / "docs" / "samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.extract("python")


SAMPLES = load_samples()


def test_the_book_has_python_samples():
    assert len(SAMPLES) >= 3


@pytest.mark.parametrize("name,page,code", SAMPLES, ids=[name for name, _, _ in SAMPLES])
def test_book_sample_runs(name, page, code):
    exec(compile(code, f"docs/src/{page} ({name})", "exec"), {"__name__": f"book_{name}"})
