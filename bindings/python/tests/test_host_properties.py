"""Property: hostile host objects get the plain-data answer, or a clean TypeError.

Seeded random request bodies are built twice: once of plain built-in types (the oracle) and
once disguised with subclasses whose every method lies and changes the data (`__str__`,
`__float__`, `__index__`, `encode`, `items`, `__iter__`, `__getitem__`, `__len__`, ...).
No such method may run, so the disguised body must get exactly the plain answer through
`check`, `check_many`, `fingerprint` and as a context.

Then garbage collections are made to run at nearly every allocation, with finalisers and a
`gc.callbacks` entry that each change the body once (a member added to one of its dicts or
lists): the answer must then be the plain answer of the body before the change, or after
it, or a `TypeError` (the change landed in a container being converted).

Each seed runs in a subprocess (this file as a script), so a crash is a failed test.
"""

import copy
import gc
import json
import random
import subprocess
import sys

import pytest

SEEDS = range(6)
CASES_PER_SEED = 60
PROBE_TIMEOUT_SECONDS = 300

CALLS = []


def lie(name, fallback):
    def method(self, *arguments, **options):
        CALLS.append(name)
        target = getattr(self, "target", None)
        if isinstance(target, dict):
            target[f"lie{len(target)}"] = 1
        elif isinstance(target, list):
            target.append("lie")
        return fallback

    return method


class Text(str):
    target = None
    encode = lie("str.encode", b"LIE")
    __str__ = lie("str.__str__", "LIE")
    __repr__ = lie("str.__repr__", "LIE")
    __len__ = lie("str.__len__", 0)
    __iter__ = lie("str.__iter__", iter(()))
    __getitem__ = lie("str.__getitem__", "LIE")
    __format__ = lie("str.__format__", "LIE")


class Int(int):
    target = None
    __float__ = lie("int.__float__", 1.0)
    __index__ = lie("int.__index__", 1)
    __int__ = lie("int.__int__", 1)
    __str__ = lie("int.__str__", "1")
    __repr__ = lie("int.__repr__", "1")


class Float(float):
    target = None
    __float__ = lie("float.__float__", 1.0)
    __repr__ = lie("float.__repr__", "1.0")
    __str__ = lie("float.__str__", "1.0")


class Dict(dict):
    target = None
    items = lie("dict.items", [])
    keys = lie("dict.keys", [])
    values = lie("dict.values", [])
    __iter__ = lie("dict.__iter__", iter(()))
    __getitem__ = lie("dict.__getitem__", None)
    __len__ = lie("dict.__len__", 0)
    get = lie("dict.get", None)


class List(list):
    target = None
    __iter__ = lie("list.__iter__", iter(()))
    __getitem__ = lie("list.__getitem__", None)
    __len__ = lie("list.__len__", 0)


def leaf(rng):
    kind = rng.randrange(8)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randrange(-(2**40), 2**40)
    if kind == 3:
        return rng.choice([2**63, 2**64 - 1, 2**64 + 7, -(2**63) - 1, 10**30, 10**400])
    if kind == 4:
        return rng.choice([0.5, -0.0, 1e-7, 1.5e300, 123.456, float("nan")])
    return "".join(rng.choice("ab~/ é😀\ufdd0\"\\\n\udc80") for _ in range(rng.randrange(0, 6)))


def tree(rng, depth):
    if depth <= 0 or rng.random() < 0.4:
        return leaf(rng)
    if rng.random() < 0.5:
        return [tree(rng, depth - 1) for _ in range(rng.randrange(0, 4))]
    return {key(rng): tree(rng, depth - 1) for _ in range(rng.randrange(0, 4))}


def key(rng):
    return "".join(rng.choice("km~/é\ufdd0\udc80") for _ in range(rng.randrange(0, 4)))


def body(rng):
    request = {
        "user_number": rng.choice(["+14155552671", "+1415555", "12"]),
        "agent_number": "+14155550000",
        "agent_message": rng.choice(["hi", "x" * 1700, leaf(rng)]),
    }
    for name in ("metadata", "request_data", "persona_settings", "bogus"):
        if rng.random() < 0.6:
            request[name] = {key(rng): tree(rng, rng.randrange(0, 5)) for _ in range(rng.randrange(1, 4))}
    if rng.random() < 0.1:
        deep = "x"
        for _ in range(rng.choice([32, 33, 40])):
            deep = [deep]
        request["metadata"] = {"deep": deep}
    return request


def disguise(rng, value, owner):
    """`value` with subclasses of the same JSON value; each knows `owner` to change it."""
    if isinstance(value, dict):
        out = Dict() if rng.random() < 0.3 else {}
        for k, v in value.items():
            name = Text(k) if rng.random() < 0.3 else k
            if isinstance(name, Text):
                name.target = out
            out[name] = disguise(rng, v, out)
        if isinstance(out, Dict):
            out.target = owner
        return out
    if isinstance(value, list):
        if rng.random() < 0.15:
            return tuple(disguise(rng, v, owner) for v in value)
        out = List() if rng.random() < 0.3 else []
        list.extend(out, [disguise(rng, v, out) for v in value])
        if isinstance(out, List):
            out.target = owner
        return out
    if isinstance(value, str) and rng.random() < 0.3:
        out = Text(value)
        out.target = owner
        return out
    if isinstance(value, int) and not isinstance(value, bool) and rng.random() < 0.4:
        out = Int(value)
        out.target = owner
        return out
    if isinstance(value, float) and rng.random() < 0.4:
        out = Float(value)
        out.target = owner
        return out
    return value


def containers(value, path=()):
    """Every dict and list of a plain value, with its path."""
    found = []
    if isinstance(value, dict):
        found.append(path)
        for k, v in value.items():
            found.extend(containers(v, (*path, k)))
    elif isinstance(value, list):
        found.append(path)
        for index, v in enumerate(value):
            found.extend(containers(v, (*path, index)))
    return found


def at(value, path):
    for step in path:
        if isinstance(value, dict):
            value = dict.__getitem__(value, step)
        elif isinstance(value, list):
            value = list.__getitem__(value, step)
        else:
            value = value[step]
    return value


def grow(container):
    if isinstance(container, dict):
        dict.__setitem__(container, "grown", 1)
    else:
        list.append(container, "grown")


def answer(smsrules, function):
    try:
        return function()
    except (TypeError, ValueError) as error:
        return f"{type(error).__name__}: {error}"


def check_seed(seed):
    import smsrules

    rng = random.Random(seed)
    failures = []
    counts = {"plain": 0, "before": 0, "after": 0, "TypeError": 0}
    for case in range(CASES_PER_SEED):
        plain = body(rng)
        expected = smsrules.check(plain).to_json()
        hostile = disguise(rng, plain, None)
        CALLS.clear()
        got = {
            "check": answer(smsrules, lambda: smsrules.check(hostile).to_json()),
            "check_many": answer(smsrules, lambda: smsrules.check_many([hostile])[0].to_json()),
            "fingerprint": answer(smsrules, lambda: smsrules.fingerprint(hostile)),
            "context": answer(smsrules, lambda: smsrules.check(plain, {"x": hostile}).to_json()),
        }
        want = {
            "check": expected,
            "check_many": expected,
            "fingerprint": answer(smsrules, lambda: smsrules.fingerprint(plain)),
            "context": smsrules.check(plain, {"x": plain}).to_json(),
        }
        if got != want or CALLS:
            failures.append({"case": case, "calls": sorted(set(CALLS)), "entries": [k for k in got if got[k] != want[k]]})
            continue
        counts["plain"] += 1

        # A finaliser or a collection callback grows one container, once.
        paths = containers(plain)
        path = rng.choice(paths)
        after_plain = copy.deepcopy(plain)
        grow(at(after_plain, path))
        after = smsrules.check(after_plain).to_json()
        changing = disguise(random.Random(case), plain, None)
        target = at(changing, path) if not isinstance(at(changing, path), tuple) else None
        if target is None:
            continue
        done = []

        def change_once():
            if not done:
                done.append(True)
                grow(target)

        class Bomb:
            def __del__(self):
                change_once()

        callback = None
        gc.collect()
        gc.disable()
        if rng.random() < 0.5:
            bomb = Bomb()
            bomb.me = bomb
            del bomb
        else:

            def callback(phase, info):
                if phase == "stop":
                    change_once()

            gc.callbacks.append(callback)
        gc.set_threshold(1 + rng.randrange(5))
        gc.enable()
        try:
            result = answer(smsrules, lambda: smsrules.check(changing).to_json())
        finally:
            gc.set_threshold(700)
            if callback is not None:
                gc.callbacks.remove(callback)
            gc.collect()
        if result == expected:
            counts["before"] += 1
        elif result == after:
            counts["after"] += 1
        elif result.startswith("TypeError: the request changed while smsrules was converting it"):
            counts["TypeError"] += 1
        else:
            failures.append({"case": case, "changed": True, "result": result[:300]})
    return {"failures": failures, "counts": counts}


@pytest.mark.parametrize("seed", SEEDS)
def test_hostile_host_objects_get_the_plain_answer_or_a_type_error(seed):
    done = subprocess.run(
        [sys.executable, __file__, str(seed)],
        capture_output=True,
        text=True,
        timeout=PROBE_TIMEOUT_SECONDS,
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stderr[-4000:]}"
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["failures"] == [], summary
    assert summary["counts"]["plain"] == CASES_PER_SEED


if __name__ == "__main__":
    print(json.dumps(check_seed(int(sys.argv[1]))))
