"""The Python examples in bindings/python/README.md run as written."""

import re

from conftest import README

FENCE = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def python_blocks():
    return FENCE.findall(README.read_text(encoding="utf-8"))


def test_readme_has_python_examples():
    assert python_blocks()


def test_readme_examples_run():
    namespace = {"__name__": "readme"}
    for block in python_blocks():
        exec(compile(block, str(README), "exec"), namespace)
