"""The shared conformance vectors (tests/conformance/vectors) through both entry points.

Every case runs through ``check_json``; every case that is not ``only_json`` also runs
through ``check`` with the request as a dict, and that envelope must equal the
``check_json`` envelope exactly (messages and params included), not just match the
expectations.
"""

import json

import pytest

import smsrules
from conftest import CASES


def document_text(case):
    if "input_text" in case:
        return case["input_text"]
    return json.dumps(case["input"])


def issue_matches(actual, expected):
    where = [actual["in"], actual["path"], actual["error"]]
    if where != expected[:3]:
        return False
    if len(expected) > 3:
        return all(key in actual["params"] and actual["params"][key] == value for key, value in expected[3].items())
    return True


def differences(envelope, expect):
    """How an envelope differs from a case's expectations (empty when it conforms)."""
    diffs = []
    for name in ("errors", "warnings"):
        actual = envelope[name] or []
        wanted = expect.get(name, [])
        if len(actual) != len(wanted) or not all(issue_matches(a, w) for a, w in zip(actual, wanted)):
            got = [[a["in"], a["path"], a["error"], a["params"]] for a in actual]
            diffs.append(f"{name}: expected {wanted}, got {got}")
    if envelope["errors"] == []:
        diffs.append("errors must be null, never []")
    if (envelope["errors"] is None) == (envelope["data"] is None):
        diffs.append("data must be null exactly when errors is non-empty")
    for field, wanted in expect.get("plan", {}).items():
        got = (envelope["data"] or {}).get(field, "<missing>")
        if got != wanted:
            diffs.append(f"plan.{field}: expected {wanted!r}, got {got!r}")
    return diffs


def case_id(entry):
    return entry[1]["id"]


def test_vectors_were_found():
    assert len(CASES) > 100
    assert len({case["id"] for _, case in CASES}) == len(CASES), "conformance ids must be unique"


@pytest.mark.parametrize("entry", CASES, ids=case_id)
def test_check_json(entry):
    _, case = entry
    envelope = json.loads(smsrules.check_json(document_text(case)))
    assert differences(envelope, case["expect"]) == []


OBJECT_CASES = [entry for entry in CASES if not entry[1].get("only_json") and "input_text" not in entry[1]]


def check_dict(case):
    document = case["input"]
    headers = document.get("headers") or {}
    return smsrules.check(
        document["request"],
        document.get("context"),
        idempotency_key=headers.get("idempotency-key"),
        options=document.get("options"),
    )


@pytest.mark.parametrize("entry", OBJECT_CASES, ids=case_id)
def test_check_dict(entry):
    _, case = entry
    if not isinstance(case["input"]["request"], dict):
        # In Python a request that is not a dict (or JSON text) is a misuse of the API; the
        # JSON entry point above still judges it as data.
        with pytest.raises(TypeError):
            check_dict(case)
        return
    outcome = check_dict(case)
    envelope = outcome.to_dict()
    assert differences(envelope, case["expect"]) == []
    reference = smsrules.check_json(document_text(case))
    assert envelope == json.loads(reference)
    assert outcome.to_json() == reference
    assert outcome.ok == (envelope["errors"] is None)
    assert outcome.plan == envelope["data"]
    assert [issue.to_dict() for issue in outcome.errors] == (envelope["errors"] or [])
    assert [issue.to_dict() for issue in outcome.warnings] == envelope["warnings"]
    assert json.loads(outcome.to_json()) == envelope
    context = case["input"].get("context")
    if isinstance(context, dict):
        # The same context converted and judged once answers the same.
        prepared = smsrules.Context(context)
        document = case["input"]
        headers = document.get("headers") or {}
        again = smsrules.check(
            document["request"],
            prepared,
            idempotency_key=headers.get("idempotency-key"),
            options=document.get("options"),
        )
        assert again.to_json() == reference


@pytest.mark.parametrize("entry", OBJECT_CASES, ids=case_id)
def test_check_text_equals_check_json(entry):
    """The request as JSON text (str and bytes) gives the envelope check_json gives."""
    _, case = entry
    document = dict(case["input"])
    request_text = json.dumps(document.pop("request"))
    headers = document.get("headers") or {}
    expected = json.loads(smsrules.check_json(json.dumps({**document, "request_text": request_text})))
    for request in (request_text, request_text.encode()):
        outcome = smsrules.check(
            request,
            document.get("context"),
            idempotency_key=headers.get("idempotency-key"),
            options=document.get("options"),
        )
        assert outcome.to_dict() == expected
