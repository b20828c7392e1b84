"""The two ways a dict becomes the core's value must agree with the JSON text of that dict.

``check`` converts a dict on a fast path (exact built-in types read through the C API) and
hands anything else (a subclass, a tuple, a value that is not JSON, a lone surrogate, an
integer past 64 bits, a container past the depth limit) to its careful path, from the point
where the fast path gave up. Random request bodies and contexts, seeded, with such values
planted at random depths, must get exactly the envelope ``check_json`` gives for their JSON
text, and the envelope must not depend on which values forced the careful path.
"""

import enum
import json
import random

import pytest

import smsrules

SEEDS = range(40)
BODIES_PER_SEED = 25


class Text(str):
    """A `str` subclass: the careful path reads it as its text."""


class Count(enum.IntEnum):
    """An `int` subclass: the careful path reads it as its number."""

    THREE = 3


def leaf(rng):
    kind = rng.randrange(9)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randrange(-(2**40), 2**40)
    if kind == 3:
        # Around and past the 64-bit edges, where the fast path hands over.
        return rng.choice([2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**30])
    if kind == 4:
        return rng.choice([0.5, -0.0, 1e-7, 1.5e300, 123.456, 1.0])
    alphabet = "abc~/ é€\u00a0\u2028😀\ufdd0\U0010fffe\"\\\n"
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 9)))


def value(rng, depth):
    if depth <= 0 or rng.random() < 0.45:
        return leaf(rng)
    if rng.random() < 0.5:
        return [value(rng, depth - 1) for _ in range(rng.randrange(0, 4))]
    return {leaf_key(rng): value(rng, depth - 1) for _ in range(rng.randrange(0, 4))}


def leaf_key(rng):
    return "".join(rng.choice("kmé~/😀\ufdd0") for _ in range(rng.randrange(0, 5)))


def body(rng):
    request = {
        "user_number": rng.choice(["+14155552671", "+442079460958", "+1415555", 14155552671]),
        "agent_number": "+14155550000",
        "agent_message": leaf(rng) if rng.random() < 0.2 else "Hello 😀",
    }
    for name in ("metadata", "request_data", "content_variables", "persona_settings"):
        if rng.random() < 0.6:
            request[name] = {leaf_key(rng): value(rng, rng.randrange(0, 6)) for _ in range(rng.randrange(0, 4))}
    if rng.random() < 0.1:
        # Past the body's depth limit.
        deep = "x"
        for _ in range(rng.choice([31, 32, 33, 40])):
            deep = [deep]
        request["metadata"] = {"deep": deep}
    return request


def plant(rng, tree):
    """A copy of `tree` with some values swapped for what only the careful path reads
    (the same JSON), and the JSON form of the copy unchanged."""
    if isinstance(tree, dict):
        out = {(Text(k) if rng.random() < 0.05 else k): plant(rng, v) for k, v in tree.items()}
        return out
    if isinstance(tree, list):
        items = [plant(rng, v) for v in tree]
        return tuple(items) if rng.random() < 0.1 else items
    if isinstance(tree, str) and type(tree) is str and rng.random() < 0.1:
        return Text(tree)
    if tree == 3 and type(tree) is int and rng.random() < 0.5:
        return Count.THREE
    return tree


def context(rng):
    config = {
        "webhook": "https://hooks.example.com/sms",
        "time_out": 3600,
        "disposition_ids": ["resolved", "escalated"],
        "request_data": {leaf_key(rng): value(rng, 3) for _ in range(rng.randrange(0, 3))},
    }
    return {
        "now": "2026-11-27T12:00:00Z",
        "account": {"numbers": ["+14155550000"]},
        "number": {"phone_number": "+14155550000", "sms_config": config, "imessage_config": None},
    }


def fingerprint(request):
    """The fingerprint, or the message of the error that refuses one (too deep, not JSON)."""
    try:
        return smsrules.fingerprint(request)
    except ValueError as error:
        return str(error)


@pytest.mark.parametrize("seed", SEEDS)
def test_fast_and_careful_paths_give_the_text_envelope(seed):
    rng = random.Random(seed)
    for _ in range(BODIES_PER_SEED):
        request, ctx = body(rng), context(rng)
        fast = json.loads(smsrules.check(request, ctx).to_json())
        planted_request, planted_ctx = plant(rng, request), plant(rng, ctx)
        assert json.loads(smsrules.check(planted_request, planted_ctx).to_json()) == fast
        # Most bodies here are invalid (no plan echoes their values); the fingerprint hashes
        # every converted value, so it tells any difference in the conversion.
        assert fingerprint(planted_request) == fingerprint(request)
        # A noncharacter is INVALID_JSON in a value as in text, and no fingerprint of either
        # (docs/src/edge-cases.md).
        text = json.dumps({"request": request, "context": ctx}, ensure_ascii=False)
        assert json.loads(smsrules.check_json(text)) == fast
        assert fingerprint(json.dumps(request, ensure_ascii=False)) == fingerprint(request)



def test_values_that_are_not_json_deep_inside_are_reported_at_their_pointer():
    # A set under an exact dict under an exact list: the fast path gives up at the set and
    # the careful path must still name its place.
    request = {
        "user_number": "+14155552671",
        "agent_number": "+14155550000",
        "agent_message": "hi",
        "metadata": {"a": [{"b": {1, 2}}]},
    }
    errors = smsrules.check(request).errors
    assert [(e.error, e.path) for e in errors] == [("INVALID_TYPE", "/metadata/a/0/b")]


def test_a_cycle_is_reported_not_followed():
    inner = {}
    inner["self"] = inner
    request = {
        "user_number": "+14155552671",
        "agent_number": "+14155550000",
        "agent_message": "hi",
        "metadata": inner,
    }
    errors = smsrules.check(request).errors
    assert [(e.error, e.path) for e in errors] == [("INVALID_TYPE", "/metadata/self")]
