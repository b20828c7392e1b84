"""The object and text entry points give the same envelope for the same body.

`check(dict)` must answer exactly as `check(text)` for the body's RFC 8785 text (its compact
JSON with the same members), and as `check_json` with that text as `request_text`: a
noncharacter in a string is `INVALID_JSON` however the body arrives, and the body's size is
the size of all of it, parts past the depth limit included, so a body near the 1 MiB limit
is judged over or under it alike.
"""

import json

import pytest

import smsrules

USER = "+14155552671"
AGENT = "+14155550000"
LIMIT = 1024 * 1024


def canonical_text(body):
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def envelopes(body):
    """The envelope of each entry point that takes the body whole."""
    text = canonical_text(body)
    return {
        "check(dict)": smsrules.check(body).to_json(),
        "check(str)": smsrules.check(text).to_json(),
        "check(bytes)": smsrules.check(text.encode()).to_json(),
        "check_json request_text": smsrules.check_json(json.dumps({"request_text": text})),
        "check_many(dict)": smsrules.check_many([body])[0].to_json(),
    }


def assert_all_agree(body):
    answers = envelopes(body)
    distinct = set(answers.values())
    assert len(distinct) == 1, {entry: answer[:400] for entry, answer in answers.items()}
    return json.loads(distinct.pop())


def nest(levels, leaf):
    for _ in range(levels):
        leaf = [leaf]
    return leaf


def base(**fields):
    return {"user_number": USER, "agent_number": AGENT, "agent_message": "hi", **fields}


@pytest.mark.parametrize("text", ["hi \uffff", "\ufdd0", "a\U0010fffe", "\U0001fffe b"])
def test_a_noncharacter_is_invalid_json_through_every_entry(text):
    answer = assert_all_agree(base(agent_message=text))
    assert [(e["error"], e["path"], e["params"]["reason"]) for e in answer["errors"]] == [
        ("INVALID_JSON", "/agent_message", "NONCHARACTER")
    ]
    # The JSON entry point's `request` object too.
    assert json.loads(smsrules.check_json(json.dumps({"request": base(agent_message=text)}))) == answer


@pytest.mark.parametrize("body", [base(agent_message="\ufdd0"), base(metadata={"k\uffff": 1})])
def test_no_fingerprint_of_a_body_with_a_noncharacter_from_either_entry(body):
    refusals = []
    for given in (body, canonical_text(body), canonical_text(body).encode()):
        with pytest.raises(ValueError) as refused:
            smsrules.fingerprint(given)
        refusals.append(str(refused.value))
    assert len(set(refusals)) == 1, refusals


def test_a_noncharacter_in_a_key_and_deep_inside_is_invalid_json_through_every_entry():
    answer = assert_all_agree(base(metadata={"a\ufffe": [{"b": "\ufdef"}]}))
    assert [(e["error"], e["path"]) for e in answer["errors"]] == [
        ("INVALID_JSON", "/metadata/a\ufffe"),
        ("INVALID_JSON", "/metadata/a\ufffe/0/b"),
    ]


@pytest.mark.parametrize("levels", [30, 31, 32, 33, 34, 40, 600])
@pytest.mark.parametrize("leaf", [[], {}, "x", 1.5, 2**70, None])
def test_deep_fields_agree(levels, leaf):
    assert_all_agree(base(metadata={"deep": nest(levels, leaf)}))


def filler_for(body, target_size):
    """`body` with `agent_message` padded so that its canonical text is `target_size` bytes."""
    padded = dict(body, agent_message="")
    padding = target_size - len(canonical_text(padded).encode())
    assert padding >= 0
    padded["agent_message"] = "a" * padding
    assert len(canonical_text(padded).encode()) == target_size
    return padded


@pytest.mark.parametrize("size", [LIMIT - 1, LIMIT, LIMIT + 1, LIMIT + 2, LIMIT + 200])
@pytest.mark.parametrize(
    "deep",
    [
        nest(33, []),  # an empty container cut at the limit: smaller than the `null` it once was
        nest(34, {}),
        nest(60, "tail"),
        nest(500, [1, 2.5, True, None, "é"]),
        [nest(40, {"k": [1, {"x": "\\u0000"}], "k2": 0.25})] * 3,
    ],
)
def test_the_size_near_the_limit_counts_the_parts_past_the_depth_limit(size, deep):
    body = filler_for(base(metadata={"deep": deep}), size)
    answer = assert_all_agree(body)
    codes = [e["error"] for e in answer["errors"]]
    if size > LIMIT:
        assert codes == ["PAYLOAD_TOO_LARGE"]
        assert answer["errors"][0]["params"]["size"] == size
    else:
        assert "PAYLOAD_TOO_LARGE" not in codes and "PAYLOAD_TOO_DEEP" in codes


def test_values_past_the_depth_limit_that_are_not_json_count_as_null():
    # A set or NaN cannot be in text; in the object it counts as the `null` it converts to.
    deep = nest(40, [float("nan"), {1, 2}, {"k": {3}}])
    same = nest(40, [None, None, {"k": None}])
    body = filler_for(base(metadata={"deep": same}), LIMIT + 1)
    hostile = dict(body, metadata={"deep": deep})
    assert smsrules.check(hostile).to_json() == smsrules.check(canonical_text(body)).to_json()


def test_a_cycle_past_the_depth_limit_counts_as_null():
    cycle = []
    cycle.append(cycle)
    body = filler_for(base(metadata={"deep": nest(40, [None])}), LIMIT + 1)
    hostile = dict(body, metadata={"deep": nest(40, cycle)})
    assert smsrules.check(hostile).to_json() == smsrules.check(canonical_text(body)).to_json()


@pytest.mark.parametrize("levels", [300_000, 600_000])
def test_a_very_deep_field_is_measured_without_recursion(levels):
    deep = []
    for _ in range(levels - 1):
        deep = [deep]
    body = base(metadata={"deep": deep})
    prefix = canonical_text(base(metadata={"deep": 0}))[: -len('0}}')]
    text = prefix + "[" * levels + "]" * levels + "}}"
    answer = json.loads(smsrules.check(body).to_json())
    assert smsrules.check(body).to_json() == smsrules.check(text).to_json()
    size = len(text.encode())
    if size > LIMIT:
        assert answer["errors"][0]["params"]["size"] == size
    else:
        assert [e["error"] for e in answer["errors"]] == ["PAYLOAD_TOO_DEEP"]
