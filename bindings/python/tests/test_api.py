"""The Python surface: argument handling, conversion of Python values, the result types."""

import collections
import datetime
import decimal
import enum
import gc
import json
import pickle
import re

import pytest

import smsrules

USER = "+14155552671"
AGENT = "+14155550000"


def request(**fields):
    return {"user_number": USER, "agent_number": AGENT, "agent_message": "Hi", **fields}


def where(issues):
    return [(issue.in_, issue.path, issue.error) for issue in issues]


# --- misuse of the API raises TypeError ----------------------------------------------------


@pytest.mark.parametrize("bad", [5, 1.5, None, ["x"], ("x",), {"x"}, object()], ids=repr)
def test_request_of_the_wrong_type_is_a_type_error(bad):
    with pytest.raises(TypeError, match=r"request must be a dict, or the JSON text of one as str or bytes, not "):
        smsrules.check(bad)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"context": "{}"}, r"context must be a dict, an smsrules.Context or None, not str"),
        ({"context": [1]}, r"context must be a dict, an smsrules.Context or None, not list"),
        ({"options": ["warn"]}, r"options must be a dict or None, not list"),
        ({"idempotency_key": 42}, r"idempotency_key must be a str or None, not int"),
        ({"idempotency_key": b"k"}, r"idempotency_key must be a str or None, not bytes"),
    ],
)
def test_other_arguments_of_the_wrong_type_are_type_errors(arguments, message):
    with pytest.raises(TypeError, match=message):
        smsrules.check(request(), **arguments)
    with pytest.raises(TypeError, match=message):
        smsrules.check_many([request()], **arguments)
    with pytest.raises(TypeError, match=message):
        smsrules.validate(request(), **arguments)


def test_keyword_only_and_unknown_arguments_are_type_errors():
    with pytest.raises(TypeError):
        smsrules.check(request(), None, "key")  # idempotency_key is keyword-only
    with pytest.raises(TypeError):
        smsrules.check(request(), idempotency="key")
    with pytest.raises(TypeError):
        smsrules.check()


def test_other_functions_check_their_argument_types():
    with pytest.raises(TypeError, match="doc must be a str, not bytes"):
        smsrules.check_json(b"{}")
    with pytest.raises(TypeError, match="doc must be a str, not dict"):
        smsrules.check_json({"request": {}})
    with pytest.raises(TypeError, match="text must be a str, not int"):
        smsrules.segments(5)
    with pytest.raises(TypeError, match="request must be a dict"):
        smsrules.fingerprint(5)
    for not_a_batch in (request(), "[]", b"[]", 5):
        with pytest.raises(TypeError, match="requests must be an iterable of requests"):
            smsrules.check_many(not_a_batch)
    with pytest.raises(TypeError, match=r"requests\[2\] must be a dict"):
        smsrules.check_many([request(), "{}", 7])


def test_none_arguments_mean_absent():
    plain = smsrules.check(request())
    assert smsrules.check(request(), None, idempotency_key=None, options=None) == plain


# --- values that are not JSON become precise issues, never exceptions ----------------------


class Custom:
    pass


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        ({"metadata": {"tags": {"a", "b"}}}, "/metadata/tags"),
        ({"metadata": {"frozen": frozenset()}}, "/metadata/frozen"),
        ({"agent_message": b"Hi"}, "/agent_message"),
        ({"metadata": {"raw": bytearray(b"x")}}, "/metadata/raw"),
        ({"time_out": float("nan")}, "/time_out"),
        ({"metadata": {"list": [1, 2, float("inf")]}}, "/metadata/list/2"),
        ({"metadata": {"neg": -float("inf")}}, "/metadata/neg"),
        ({"agent_message": "Hi \ud800 there"}, "/agent_message"),
        ({"request_data": {"when": datetime.date(2026, 1, 1)}}, "/request_data/when"),
        ({"request_data": {"amount": decimal.Decimal("1.5")}}, "/request_data/amount"),
        ({"request_data": {"obj": Custom()}}, "/request_data/obj"),
        ({"request_data": {"fn": len}}, "/request_data/fn"),
        ({"metadata": {"huge": 10**400}}, "/metadata/huge"),
        ({"metadata": {1: "one"}}, "/metadata/1"),
        ({"metadata": {None: "x"}}, "/metadata/None"),
        ({"metadata": {("a", "b"): 1}}, "/metadata/('a', 'b')"),
        ({"metadata": {"a/b": {"c~d": {2.5: 1}}}}, "/metadata/a~1b/c~0d/2.5"),
        ({"metadata": {"bad\ud800key": 1}}, "/metadata/bad\ufffdkey"),
        ({"disposition_ids": ["a", {"b"}]}, "/disposition_ids/1"),
        ({"metadata": {b"raw": 1}}, "/metadata/raw"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_value_that_is_not_json_is_invalid_type_at_its_pointer(fields, pointer):
    outcome = smsrules.check(request(**fields))
    assert not outcome.ok
    assert outcome.plan is None
    matching = [issue for issue in outcome.errors if issue.path == pointer]
    assert [(issue.in_, issue.error) for issue in matching] == [("body", "INVALID_TYPE")], outcome.errors
    assert matching[0].params == {"expected": "a JSON value"}


def test_a_key_that_is_not_text_does_not_stand_in_for_a_field():
    # b"agent_number" is not the field `agent_number`: the member is left out.
    outcome = smsrules.check({"user_number": USER, b"agent_number": AGENT})
    assert ("body", "/agent_number", "INVALID_TYPE") in where(outcome.errors)
    assert ("body", "/agent_number", "MISSING_FIELD") in where(outcome.errors)


def test_not_json_in_context_and_options_is_reported_there():
    outcome = smsrules.check(
        request(),
        {"account": {"numbers": {AGENT}}},
        options={"max_issues": float("nan")},
    )
    assert ("context", "/account/numbers", "INVALID_CONTEXT") in where(outcome.errors)
    assert ("options", "/max_issues", "INVALID_OPTIONS") in where(outcome.errors)


def test_a_lone_surrogate_in_the_idempotency_key_is_an_invalid_key():
    outcome = smsrules.check(request(), idempotency_key="order-\ud800")
    assert where(outcome.errors) == [("header", "/idempotency-key", "INVALID_IDEMPOTENCY_KEY")]


def nested(depth, leaf=1):
    """A dict nested `depth` levels below the field that holds it."""
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize("depth", [30, 31, 32, 33, 100, 10_000])
def test_deep_nesting_is_payload_too_deep_and_matches_the_json_entry_point(depth):
    body = request(metadata=nested(depth))
    outcome = smsrules.check(body)
    # The body is level 1, so `metadata` holding `depth` dicts reaches level depth + 1.
    if depth + 1 > 32:
        assert where(outcome.errors) == [("body", "/metadata", "PAYLOAD_TOO_DEEP")]
    else:
        assert outcome.ok, outcome.errors
    if depth < 1000:  # json.dumps itself recurses
        expected = json.loads(smsrules.check_json(json.dumps({"request": body})))
        assert outcome.to_dict() == expected


def test_deep_lists_and_tuples_are_payload_too_deep():
    value = "leaf"
    for _ in range(100):
        value = [value]
    assert where(smsrules.check(request(request_data={"x": value})).errors) == [
        ("body", "/request_data", "PAYLOAD_TOO_DEEP")
    ]
    value = ("leaf",)
    for _ in range(100):
        value = (value,)
    assert where(smsrules.check(request(request_data={"x": value})).errors) == [
        ("body", "/request_data", "PAYLOAD_TOO_DEEP")
    ]


# --- a prepared Context ---------------------------------------------------------------------


PERSONA_ID = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b"


def server_context():
    return {
        "now": "2026-11-27T12:00:00Z",
        "account": {"numbers": [AGENT]},
        "number": {"phone_number": AGENT, "sms_config": {"time_out": 900, "objective": "book a visit"}},
        "persona": {"id": PERSONA_ID, "production": {"objective": "help"}},
    }


def test_a_context_answers_as_its_dict_does():
    context = server_context()
    prepared = smsrules.Context(context)
    assert prepared.ok and prepared.errors == []
    assert prepared.to_dict() == context
    for body in (request(), request(persona_id=PERSONA_ID), request(agent_number="+1415"), json.dumps(request())):
        expected = smsrules.check(body, context).to_dict()
        assert smsrules.check(body, prepared).to_dict() == expected
        assert smsrules._check_with_plan(body, prepared).to_dict() == expected
    assert smsrules.validate(request(), prepared) == smsrules.validate(request(), context)
    many = smsrules.check_many([request()] * 200, prepared, idempotency_key="order-1")
    assert [o.to_dict() for o in many] == [smsrules.check(request(), context, idempotency_key="order-1").to_dict()] * 200


def test_a_context_is_a_copy_of_the_dict():
    context = server_context()
    prepared = smsrules.Context(context)
    before = smsrules.check(request(), prepared).plan
    context["number"]["sms_config"]["time_out"] = 60
    context["now"] = "yesterday"
    outcome = smsrules.check(request(), prepared)
    assert outcome.plan == before
    assert prepared.to_dict() == server_context()
    # The plan read later (lazily) still comes from the context as it was.
    lazy = smsrules.check(request(), smsrules.Context(server_context()))
    del prepared
    assert lazy.plan == before


def test_a_bad_context_has_its_errors_and_every_check_reports_them():
    # Too deep inside a known field (unknown fields are not judged, however deep).
    deep = {"phone_number": AGENT, "sms_config": {"request_data": nested(100)}}
    context = {"now": "yesterday", "account": {"numbers": {AGENT}}, "number": deep}
    prepared = smsrules.Context(context)
    assert not prepared.ok
    assert where(prepared.errors) == [
        ("context", "/account/numbers", "INVALID_CONTEXT"),
        ("context", "/now", "INVALID_CONTEXT"),
        ("context", prepared.errors[2].path, "INVALID_CONTEXT"),
    ]
    assert prepared.errors[2].path.startswith("/number/sms_config/request_data/a/a")
    assert smsrules.check(request(), prepared).to_dict() == smsrules.check(request(), context).to_dict()
    assert repr(prepared) == "Context(ok=False, errors=3)"


def test_a_context_pickles_and_answers_the_same_after():
    for context in (server_context(), {"now": "yesterday", "number": {"phone_number": 5}}):
        prepared = smsrules.Context(context)
        again = pickle.loads(pickle.dumps(prepared))
        assert isinstance(again, smsrules.Context) and again is not prepared
        assert again.errors == prepared.errors and again.to_dict() == prepared.to_dict() == context
        assert smsrules.check(request(), again).to_json() == smsrules.check(request(), prepared).to_json()
    value = {}
    for _ in range(30):
        value = {"a": value, "b": value}
    for lossy in ({"persona": value}, {"number": nested(100)}, {"account": {"numbers": {AGENT}}}):
        with pytest.raises(ValueError, match="cannot be pickled"):
            pickle.dumps(smsrules.Context(lossy))


def test_a_context_never_shows_its_values():
    prepared = smsrules.Context(server_context())
    assert repr(prepared) == "Context(ok=True, errors=0)"
    assert AGENT not in repr(prepared) and AGENT not in str(prepared)


def test_a_context_too_large_to_convert_is_one_error():
    value = {}
    for _ in range(30):
        value = {"a": value, "b": value}
    context = {"persona": value}
    prepared = smsrules.Context(context)
    assert where(prepared.errors) == [("context", "", "INVALID_CONTEXT")]
    assert smsrules.check(request(), prepared).to_dict() == smsrules.check(request(), context).to_dict()


def test_a_context_takes_only_a_dict():
    for bad in ("{}", [1], None, b"{}"):
        with pytest.raises(TypeError, match=r"context must be a dict, not"):
            smsrules.Context(bad)
    with pytest.raises(TypeError):
        smsrules.Context()
    prepared = smsrules.Context({})
    with pytest.raises(AttributeError):
        prepared.ok = False


def test_deep_context_is_invalid_context():
    deep = {"phone_number": AGENT, "sms_config": {"request_data": nested(100)}}
    outcome = smsrules.check(request(), {"number": deep})
    assert [(i.in_, i.error) for i in outcome.errors] == [("context", "INVALID_CONTEXT")]
    assert outcome.errors[0].path.startswith("/number/sms_config/request_data/a/a/a")
    # Under an unknown field the same depth is not judged.
    assert smsrules.check(request(), {"number": {**deep, "sms_config": {}, "notes": nested(100)}}).ok


def test_a_self_referencing_dict_does_not_hang():
    body = request()
    body["metadata"] = {"self": body}
    outcome = smsrules.check(body)
    assert where(outcome.errors) == [("body", "/metadata/self", "INVALID_TYPE")]

    loop = []
    loop.append(loop)
    assert where(smsrules.check(request(metadata={"loop": loop})).errors) == [
        ("body", "/metadata/loop/0", "INVALID_TYPE")
    ]


def test_a_shared_object_is_not_a_cycle():
    shared = {"k": "v"}
    outcome = smsrules.check(request(metadata={"a": shared, "b": shared, "c": [shared, shared]}))
    assert outcome.ok, outcome.errors
    assert outcome.plan["metadata"]["value"] == {"a": shared, "b": shared, "c": [shared, shared]}


def test_exponential_sharing_stops_at_the_size_limit():
    # 2**40 paths through 40 shared dicts: converting it naively would never finish.
    value = {}
    for _ in range(30):
        value = {"a": value, "b": value}
    outcome = smsrules.check(request(metadata=value))
    assert where(outcome.errors) == [("body", "", "PAYLOAD_TOO_LARGE")]
    assert outcome.errors[0].params == {"limit": 1048576}


# --- values that are JSON ------------------------------------------------------------------


class Channel(str, enum.Enum):
    SMS = "sms"


class Minutes(enum.IntEnum):
    TEN = 600


def test_subclasses_of_json_types_convert_as_their_base_type():
    body = collections.OrderedDict(request(channel=Channel.SMS, time_out=Minutes.TEN))
    outcome = smsrules.check(body)
    assert outcome.ok, outcome.errors
    assert outcome.plan["channel"] == {"value": "sms", "source": "request"}
    assert outcome.plan["time_out"] == {"value": 600, "source": "request"}


def test_tuples_are_arrays_and_none_is_absent():
    outcome = smsrules.check(request(disposition_ids=("a", "b", "a"), webhook=None))
    assert outcome.ok, outcome.errors
    assert outcome.plan["disposition_ids"] == {"value": ["a", "b"], "source": "request"}
    assert where(outcome.warnings) == [("body", "/disposition_ids/2", "DUPLICATE_ID")]


def test_numbers_keep_their_types():
    outcome = smsrules.check(request(time_out=600.0, metadata={"big": 2**64 + 1, "neg": -(2**63), "f": 0.5}))
    assert outcome.ok, outcome.errors
    assert outcome.plan["metadata"]["value"] == {"big": float(2**64 + 1), "neg": -(2**63), "f": 0.5}
    assert smsrules.check(request(time_out=True)).errors[0].error == "INVALID_TYPE"


def test_text_and_bytes_requests_are_parsed_by_smsrules():
    text = '{"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "Hi", "agent_message": "Hey"}'
    for body in (text, text.encode(), bytearray(text.encode())):
        outcome = smsrules.check(body)
        assert where(outcome.errors) == [("body", "/agent_message", "DUPLICATE_KEY")]


def test_bytes_that_are_not_utf8_are_invalid_json():
    valid_part = '{\n  "user_number": "+1415'.encode()
    outcome = smsrules.check(valid_part + b'\xff"}')
    assert where(outcome.errors) == [("body", "", "INVALID_JSON")]
    assert outcome.errors[0].params == {"line": 2, "column": 24, "offset": len(valid_part)}


def test_a_lone_surrogate_in_request_text_is_judged_as_its_escape():
    outcome = smsrules.check('{"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "hi \ud800"}')
    assert where(outcome.errors) == [("body", "/agent_message", "INVALID_JSON")]
    assert outcome.errors[0].params["reason"] == "LONE_SURROGATE"


def test_a_lone_surrogate_in_check_json_is_judged_as_its_escape():
    body = '{"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "hi \ud800"}'
    raw = smsrules.check_json('{"request_text": ' + json.dumps(body, ensure_ascii=False) + "}")
    assert raw == smsrules.check_json(json.dumps({"request_text": body}))
    assert [(e["in"], e["error"]) for e in json.loads(raw)["errors"]] == [("body", "INVALID_JSON")]


# --- results ---------------------------------------------------------------------------------


def test_outcome_of_a_valid_request():
    outcome = smsrules.check(request(), idempotency_key="order-1")
    assert outcome.ok is True
    assert outcome.errors == []
    assert outcome.plan["user_number"] == USER
    assert outcome.plan["idempotency"]["key"] == "order-1"
    assert outcome.plan is outcome.plan  # built once, on first access
    envelope = outcome.to_dict()
    assert envelope == {"data": outcome.plan, "errors": None, "warnings": []}
    assert envelope["data"] is not outcome.plan  # to_dict builds a new dict
    assert json.loads(outcome.to_json()) == envelope
    assert repr(outcome) == "Outcome(ok=True, plan={...}, warnings=[])"


def test_outcome_and_issue_of_an_invalid_request():
    outcome = smsrules.check({"user_number": "+1415", "agent_number": AGENT, "agent_mesage": "Hi"})
    assert outcome.ok is False
    assert outcome.plan is None
    [error] = outcome.errors
    assert (error.error, error.in_, error.path) == ("INVALID_PHONE_NUMBER", "body", "/user_number")
    assert error.params["reason"] == "TOO_SHORT"
    assert error.message and error.message == error.message.strip()
    assert "+1415" not in error.message
    assert error.to_dict() == {
        "error": error.error,
        "in": "body",
        "path": "/user_number",
        "message": error.message,
        "params": error.params,
    }
    assert repr(error) == (
        f"Issue(error='INVALID_PHONE_NUMBER', in_='body', path='/user_number', message={error.message!r}, "
        f"params={error.params!r})"
    )
    assert str(error) == f"INVALID_PHONE_NUMBER at body /user_number: {error.message}"
    [warning] = outcome.warnings
    assert (warning.error, warning.path, warning.params.get("suggestion")) == ("UNKNOWN_FIELD", "/agent_mesage", "agent_message")
    assert repr(outcome) == f"Outcome(ok=False, errors=[{error!r}], warnings=[{warning!r}])"
    assert outcome.to_dict()["errors"] == [error.to_dict()]


def test_outcomes_and_issues_compare_by_value():
    first, second = smsrules.check({"agent_number": AGENT}), smsrules.check({"agent_number": AGENT})
    assert first == second
    assert first.errors == second.errors
    assert first != smsrules.check(request())
    assert first.errors[0] != "MISSING_FIELD"
    with pytest.raises(TypeError):
        hash(first)
    with pytest.raises(TypeError):
        hash(first.errors[0])


def test_results_are_read_only():
    outcome = smsrules.check({"agent_number": AGENT})
    with pytest.raises(AttributeError):
        outcome.ok = True
    with pytest.raises(AttributeError):
        outcome.errors[0].error = "OTHER"
    with pytest.raises(TypeError):
        smsrules.Outcome()
    with pytest.raises(TypeError):
        smsrules.Issue()


def test_issues_can_be_made_and_pickled():
    issue = smsrules.Issue("SAME_NUMBER", "body", "/user_number", "same", {"n": 1})
    assert (issue.error, issue.in_, issue.path, issue.message, issue.params) == ("SAME_NUMBER", "body", "/user_number", "same", {"n": 1})
    assert smsrules.Issue("SAME_NUMBER", "body", "/user_number", "same").params == {}
    assert pickle.loads(pickle.dumps(issue)) == issue
    real = smsrules.check({"agent_number": AGENT}).errors[0]
    assert pickle.loads(pickle.dumps(real)) == real
    with pytest.raises(ValueError, match="unknown issue code `NOPE`"):
        smsrules.Issue("NOPE", "body", "", "x")
    with pytest.raises(ValueError, match="unknown issue location `query`"):
        smsrules.Issue("SAME_NUMBER", "query", "", "x")


def test_validate_returns_the_plan():
    plan = smsrules.validate(request(), idempotency_key="k-1")
    assert plan == smsrules.check(request(), idempotency_key="k-1").plan


def test_validate_raises_send_request_error_with_the_errors():
    body = {"user_number": "+1415", "agent_number": AGENT, "time_out": -1, "content_sid": "nope", "channel": "fax"}
    with pytest.raises(smsrules.SendRequestError) as raised:
        smsrules.validate(body)
    error = raised.value
    assert isinstance(error, ValueError)
    assert error.errors == smsrules.check(body).errors
    assert len(error.errors) >= 3
    message = str(error)
    assert message.startswith(f"invalid send request, {len(error.errors)} errors: ")
    assert str(error.errors[0]) in message
    assert "+1415" not in message
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.errors, copy.warnings, str(copy)) == (type(error), error.errors, error.warnings, str(error))
    single = smsrules.SendRequestError(error.errors[:1])
    assert str(single) == f"invalid send request, 1 error: {error.errors[0]}"
    assert single.warnings == []


def test_segments():
    assert smsrules.segments("Hello") == {"encoding": "GSM-7", "units": 5, "segments": 1, "ucs2_chars": []}
    assert smsrules.segments("")["segments"] == 1
    assert smsrules.segments("x" * 161)["segments"] == 2
    long_text = "€" * 2000  # no 1,600 limit here
    assert smsrules.segments(long_text)["units"] == 4000
    unicode = smsrules.segments("Hi 👋🏽")
    assert unicode["encoding"] == "UCS-2"
    assert unicode["ucs2_chars"] == ["👋🏽"]
    # A lone surrogate counts as U+FFFD, as on the Node surface (bad data never raises).
    assert smsrules.segments("a\ud800") == smsrules.segments("a\ufffd")
    assert smsrules.segments("\ud800") == {"encoding": "UCS-2", "units": 1, "segments": 1, "ucs2_chars": ["\ufffd"]}


def test_fingerprint_is_the_plans_and_ignores_key_order_and_whitespace():
    body = request(metadata={"b": 1, "a": [1.0, "x"]})
    plan = smsrules.validate(body)
    expected = plan["idempotency"]["fingerprint"]
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", expected)
    assert smsrules.fingerprint(body) == expected
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=2)
    assert smsrules.fingerprint(reordered) == expected
    assert smsrules.fingerprint(reordered.encode()) == expected
    assert smsrules.fingerprint('{"a": 1, "a": 2}') == smsrules.fingerprint({"a": 2})


@pytest.mark.parametrize(
    "bad",
    [{"x": float("nan")}, {"x": {1, 2}}, "{", "[1,", '{"x": "\\ud800"}', b"\xff", nested(40)],
    ids=["nan", "set", "truncated", "truncated-array", "lone-surrogate", "not-utf8", "too-deep"],
)
def test_fingerprint_of_something_that_is_not_json_is_a_value_error(bad):
    with pytest.raises(ValueError, match="the request (is not (I-)?JSON|nests deeper)"):
        smsrules.fingerprint(bad)


def test_json_schema():
    schema = smsrules.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"user_number", "agent_number"} <= set(schema["required"])
    assert smsrules.json_schema() is not schema


def test_constants():
    assert re.fullmatch(r"\d+\.\d+\.\d+", smsrules.PHONE_METADATA_VERSION)
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", smsrules.__version__)


def test_every_public_name_is_exported_and_documented():
    for name in smsrules.__all__:
        obj = getattr(smsrules, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), f"{name} has no docstring"
    for cls in (smsrules.Outcome, smsrules.Issue, smsrules.Context):
        for attribute in ("to_dict",):
            assert getattr(cls, attribute).__doc__
    for prop in ("ok", "plan", "errors", "warnings"):
        assert getattr(smsrules.Outcome, prop).__doc__
    for prop in ("error", "in_", "path", "message", "params"):
        assert getattr(smsrules.Issue, prop).__doc__
    assert smsrules.Outcome.__module__ == "smsrules"


# --- outcomes and the cycle collector -------------------------------------------------------


def test_outcomes_are_tracked_by_the_cycle_collector():
    # A caller can put an outcome inside its own plan or issue lists; the collector must see
    # those references to free such a cycle (test_host_objects.py frees some).
    outcomes = [smsrules.check(request()), smsrules.check("{}"), *smsrules.check_many([request()] * 3)]
    outcomes.append(smsrules.check(request(), options={"max_issues": 1}))
    assert [gc.is_tracked(outcome) for outcome in outcomes] == [True] * len(outcomes)
    # Whole and usable: the plan and the issues are made on first read.
    assert outcomes[0].plan["message"]["text"] == "Hi"
    assert outcomes[1].errors
    del outcomes
    gc.collect()
