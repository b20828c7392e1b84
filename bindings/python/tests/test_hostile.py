"""The hostile-input catalogue (tests/hostile/cases.json, format in tests/hostile/README.md).

Every case, one at a time: the document text is built in memory and judged by
``check_json``, which must return a well-formed envelope (docs/src/envelope.md) meeting the case's
``expect`` and quoting no phone number or message text of the input. Where the document is
plain JSON that Python reads faithfully (at most 4 MiB, only the keys ``check`` has
arguments for), ``check`` with the parsed request must give the same envelope.

A ``pending`` case (a known core bug) still runs: it must answer, within the hang guard, and
quote nothing; its shape, expectations and the entry points' agreement are only printed as
notes at the end. The notes also say which cases did not run through ``check``, and why.
"""

import json
import re
import threading

import pytest

import smsrules
from conftest import REPO

CASES = json.loads((REPO / "tests" / "hostile" / "cases.json").read_text(encoding="utf-8"))

# A guard against hangs only, never a speed assertion (see the catalogue's README).
HANG_GUARD_SECONDS = 120
# Documents larger than this are not parsed by Python for the object entry point.
PARSE_LIMIT = 4 * 1024 * 1024
# The shortest message text worth looking for inside issue messages.
TEXT_CHARS = 3
# Longer message texts are not looked for (a 1,000,000-character text is not quoted whole).
TEXT_LOOKUP_LIMIT = 10_000

# the codes (docs/src/rules/index.md#all-codes) and the plan keys (docs/src/plan.md), one list for every surface (checked against the core).
SPEC_LISTS = json.loads((REPO / "tests" / "spec-lists.json").read_text(encoding="utf-8"))
ERROR_CODES = set(SPEC_LISTS["error_codes"])
WARNING_CODES = set(SPEC_LISTS["warning_codes"])
PLAN_KEYS = SPEC_LISTS["plan_keys"]
ISSUE_KEYS = ["error", "in", "path", "message", "params"]
LOCATIONS = {"body", "header", "context", "options", "input"}
DOCUMENT_KEYS = {"request", "request_text", "context", "options", "headers"}
BAD_TILDE = re.compile(r"~([^01]|$)")
FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
PHONE_IN_MESSAGE = re.compile(r"\+[0-9]{7,}")

NOTES = []
# Which cases ran through ``check`` as well, and why the others did not.
OBJECT_COMPARED = []
OBJECT_SKIPPED = {}


def build(parts):
    """The document text of a case's parts (README "Format")."""
    pieces = []
    for part in parts:
        if "text" in part:
            pieces.append(part["text"])
        elif "repeat" in part:
            pieces.append(part["repeat"] * part["times"])
        elif "numbered" in part:
            pieces.append("".join(part["numbered"].replace("{i}", str(k)) for k in range(part["times"])))
        else:
            raise ValueError(f"part {part!r} has none of text, repeat, numbered")
    return "".join(pieces)


def with_hang_guard(function, *arguments):
    """``function(*arguments)`` on a daemon thread; raises TimeoutError after the guard."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*arguments)
        except BaseException as error:  # re-raised on the test's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_GUARD_SECONDS)
    if worker.is_alive():
        raise TimeoutError(f"no answer within the hang guard of {HANG_GUARD_SECONDS} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError(f"the envelope repeats a key among {keys}")
    return dict(pairs)


def is_pointer(path):
    """RFC 6901: "", or "/"-separated tokens in which "~" is always followed by 0 or 1."""
    return path == "" or (path.startswith("/") and BAD_TILDE.search(path) is None)


def sort_key(issue):
    return tuple(issue[key].encode("utf-8", "surrogatepass") for key in ("in", "path", "error"))


def list_problems(name, issues, codes):
    found = []
    previous = None
    for index, issue in enumerate(issues):
        at = f"{name}[{index}]"
        if not isinstance(issue, dict) or list(issue) != ISSUE_KEYS:
            found.append(f"{at} is not an issue with keys {ISSUE_KEYS}: {issue!r}"[:300])
            continue
        if not all(isinstance(issue[key], str) for key in ("error", "in", "path", "message")):
            found.append(f"{at} lacks a string error, in, path or message")
            continue
        code, location, path, message = issue["error"], issue["in"], issue["path"], issue["message"]
        if code not in codes:
            found.append(f"{at}: {code!r} is not a docs/src/rules/index.md#all-codes code for {name}")
        if location not in LOCATIONS:
            found.append(f"{at}: `in` is {location!r}")
        if not is_pointer(path):
            found.append(f"{at}: path {path[:80]!r} is not an RFC 6901 pointer")
        if not message or message[0].isupper() or "\n" in message or "\r" in message:
            found.append(f"{at}: message {message!r} is not one non-empty line starting lower-case")
        if not isinstance(issue["params"], dict):
            found.append(f"{at}: params is not an object")
        if code == "TOO_MANY_ISSUES":
            omitted = issue["params"].get("omitted") if isinstance(issue["params"], dict) else None
            if index + 1 != len(issues) or location != "input" or path != "" or not omitted:
                found.append(f"{at}: TOO_MANY_ISSUES must come last, in input at \"\", with params.omitted > 0")
            continue
        key = sort_key(issue)
        if previous is not None and previous > key:
            found.append(f"{at} {key} is out of order after {previous}")
        previous = key
    return found


def shape_problems(envelope):
    """Every way an envelope breaks docs/src/envelope.md (empty when it is well formed)."""
    if not isinstance(envelope, dict):
        return ["the envelope is not an object"]
    found = []
    if list(envelope) != ["data", "errors", "warnings"]:
        found.append(f"the envelope's keys are {list(envelope)}, not [data, errors, warnings]")
    data, errors, warnings = envelope.get("data"), envelope.get("errors"), envelope.get("warnings")
    if errors == []:
        found.append("errors is [] (must be null when empty)")
    elif isinstance(errors, list):
        found += list_problems("errors", errors, ERROR_CODES)
    elif errors is not None:
        found.append("errors is neither null nor a list")
    if isinstance(warnings, list):
        found += list_problems("warnings", warnings, WARNING_CODES)
    else:
        found.append("warnings is not a list")
    if errors:
        if data is not None:
            found.append("data is not null although there are errors")
    elif not isinstance(data, dict):
        found.append("data is not a plan although there are no errors")
    else:
        if list(data) != PLAN_KEYS:
            found.append(f"the plan's keys are {list(data)}, not those of docs/src/plan.md")
        fingerprint = (data.get("idempotency") or {}).get("fingerprint")
        if not isinstance(fingerprint, str) or not FINGERPRINT.fullmatch(fingerprint):
            found.append(f"plan.idempotency.fingerprint is {fingerprint!r}")
    return found


def issue_matches(issue, want):
    head = [issue["in"], issue["path"], issue["error"]]
    if len(want) < 3 or any(w is not None and w != h for w, h in zip(want[:3], head)):
        return False
    if len(want) > 3:
        return all(key in issue["params"] and issue["params"][key] == value for key, value in want[3].items())
    return True


def describe(issues):
    shown = [[i["in"], i["path"][:80], i["error"], i["params"]] for i in issues[:3]]
    return f"{len(issues)} issue(s), first {shown}"


def expectation_problems(expect, envelope):
    """Every way an envelope misses a case's ``expect`` (README "Format")."""
    found = []
    errors = envelope.get("errors") or []
    warnings = envelope.get("warnings") or []
    if "first_error" not in expect:
        found.append("the case has no `first_error`")
    elif expect["first_error"] is None:
        if errors:
            found.append(f"expected no errors, got {describe(errors)}")
    elif not errors or not issue_matches(errors[0], expect["first_error"]):
        found.append(f"expected first error {expect['first_error']}, got {describe(errors)}")
    if "first_warning" in expect and (not warnings or not issue_matches(warnings[0], expect["first_warning"])):
        found.append(f"expected first warning {expect['first_warning']}, got {describe(warnings)}")
    for key, issues in (("error_count", errors), ("warning_count", warnings)):
        if key in expect and len(issues) != expect[key]:
            found.append(f"expected {expect[key]} for {key}, got {describe(issues)}")
    return found


def messages(envelope):
    return [issue["message"] for name in ("errors", "warnings") for issue in (envelope.get(name) or [])]


def leaks(text, envelope, document):
    """Issue messages that quote a phone number (``+`` and 7 or more digits) of the input, or
    the request's message text."""
    found = []
    for message in messages(envelope):
        for number in PHONE_IN_MESSAGE.findall(message):
            if number in text:
                found.append(f"message {message!r} quotes phone number {number}")
    body = document.get("request") if isinstance(document, dict) else None
    if isinstance(document, dict) and isinstance(document.get("request_text"), str):
        try:
            body = json.loads(document["request_text"])
        except (ValueError, RecursionError):
            body = None
    agent_message = body.get("agent_message") if isinstance(body, dict) else None
    if isinstance(agent_message, str) and TEXT_CHARS <= len(agent_message) <= TEXT_LOOKUP_LIMIT:
        found += [f"message {m!r} quotes the message text" for m in messages(envelope) if agent_message in m]
    return found


def refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def host_document(text):
    """The document as Python reads it, or None with the reason when it is too big, not JSON
    to Python (NaN, a 10,000-digit integer) or too deep for its recursive parser."""
    if len(text) > PARSE_LIMIT:
        return None, "the document is over 4 MiB"
    try:
        return json.loads(text, parse_constant=refuse_constant), None
    except RecursionError:
        return None, "the document nests too deep for Python's parser"
    except ValueError:
        return None, "the document is not JSON to Python"


def is_not_ijson(text):
    """A lone surrogate or a noncharacter (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF)."""
    return any(
        0xD800 <= ord(c) <= 0xDFFF or 0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE for c in text
    )


def holds_non_ijson_text(value):
    """Whether a string or key anywhere in ``value`` is not I-JSON (walked without recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if is_not_ijson(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def object_arguments(document):
    """``check``'s arguments for a parsed document, or the reason it has none."""
    if not isinstance(document, dict):
        return None, "the document is not an object"
    unknown = set(document) - DOCUMENT_KEYS
    if unknown:
        return None, f"top-level keys {sorted(unknown)[:3]} have no argument"
    if "request" in document and "request_text" in document:
        return None, "the document holds both request and request_text"
    request = document.get("request", document.get("request_text"))
    if isinstance(request, str):
        if "request" in document:
            return None, "the request is a string (check would read it as JSON text)"
        try:
            request.encode("utf-8")
        except UnicodeEncodeError:
            return None, "request_text holds a lone surrogate, which no body text can"
    elif not isinstance(request, dict):
        return None, "the request is not a dict"
    elif holds_non_ijson_text(request):
        return None, "docs/src/edge-cases.md: non-I-JSON text in a parsed body is INVALID_TYPE, in JSON text INVALID_JSON"
    for part in ("context", "options"):
        if not isinstance(document.get(part), (dict, type(None))):
            return None, f"{part} is not a dict or null"
    headers = document.get("headers")
    if headers is None:
        headers = {}
    if not isinstance(headers, dict) or set(headers) - {"idempotency-key"}:
        return None, "headers other than idempotency-key have no argument"
    key = headers.get("idempotency-key")
    if not isinstance(key, (str, type(None))):
        return None, "the idempotency key is not a string"
    return (request, document.get("context"), key, document.get("options")), None


def object_problems(envelope, document):
    """``check`` with the parsed document must give check_json's envelope, where Python's
    reading of the document is faithful: its own JSON text (duplicate keys dropped, numbers
    as Python holds them) gets the same envelope from check_json."""
    arguments, why_not = object_arguments(document)
    if arguments is None:
        return [], why_not
    request, context, key, options = arguments
    outcome = with_hang_guard(
        lambda: smsrules.check(request, context, idempotency_key=key, options=options).to_dict()
    )
    found = [f"check: {p}" for p in shape_problems(outcome)]
    faithful = json.loads(smsrules.check_json(json.dumps(document))) == envelope
    if not faithful:
        return found, "Python's reading of the document changes check_json's answer"
    if outcome != envelope:
        found.append(f"check gives another envelope than check_json: {json.dumps(outcome)[:600]}")
    return found, None


@pytest.fixture(scope="module", autouse=True)
def print_notes(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        for note in NOTES:
            reporter.write_line(f"note: {note}")


def test_catalogue_loads():
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 100, f"the catalogue lost cases: {len(ids)}"
    assert len(set(ids)) == len(ids), "case ids must be unique"
    assert all(case.get("why") for case in CASES), "every case says `why`"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_hostile_case(case):
    text = build(case["parts"])
    answer = with_hang_guard(smsrules.check_json, text)
    assert isinstance(answer, str), f"check_json returned {type(answer).__name__}"
    try:
        envelope = json.loads(answer, object_pairs_hook=no_duplicate_keys)
    except ValueError as error:
        pytest.fail(f"the envelope is not JSON ({error}): {answer[:300]!r}")
    expected = shape_problems(envelope)
    if not expected:
        expected = expectation_problems(case["expect"], envelope)
    document, skipped = host_document(text)
    problems = leaks(text, envelope, document)
    if document is not None:
        compared, skipped = object_problems(envelope, document)
        # A pending case's envelope is known to be wrong, so check may differ until it is fixed.
        (expected if "pending" in case else problems).extend(compared)
    del text, document
    if skipped:
        OBJECT_SKIPPED.setdefault(skipped, []).append(case["id"])
    else:
        OBJECT_COMPARED.append(case["id"])
    if "pending" in case:
        if expected:
            NOTES.append(f"{case['id']} (pending: {case['pending']}): {expected}")
        else:
            NOTES.append(f"{case['id']}: passes now; drop its `pending`")
    else:
        problems += expected
    assert problems == [], f"{case['id']}: {case['why']}"


def test_object_entry_point_was_compared():
    if not OBJECT_COMPARED and not OBJECT_SKIPPED:
        pytest.skip("no hostile case ran (deselected)")
    for reason, ids in sorted(OBJECT_SKIPPED.items()):
        shown = ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "")
        NOTES.append(f"check not compared for {len(ids)} case(s): {reason} ({shown})")
    assert len(OBJECT_COMPARED) >= 50, f"only {len(OBJECT_COMPARED)} cases ran through check"


def test_the_checks_can_fail():
    good = json.loads(smsrules.check_json('{"request":{"user_number":"+14155552671","agent_number":"+14155550000"}}'))
    assert shape_problems(good) == []
    assert expectation_problems({"first_error": None}, good) == []
    assert expectation_problems({"first_error": ["body", "", "INVALID_JSON"]}, good) != []
    assert expectation_problems({"first_error": None, "warning_count": 1}, good) != []
    bad = json.loads(smsrules.check_json('{"request":{"user_number":"+1","agent_number":2,"x":1}}'))
    assert shape_problems(bad) == []
    assert expectation_problems({"first_error": [None, None, "INVALID_TYPE"]}, bad) == []
    assert expectation_problems({"first_error": ["body", "/agent_number", None, {"expected": "nope"}]}, bad) != []
    assert expectation_problems({"first_error": ["body", "/agent_number", None], "error_count": 2}, bad) == []
    reversed_errors = dict(bad, errors=bad["errors"][::-1])
    assert any("out of order" in p for p in shape_problems(reversed_errors))
    assert shape_problems(dict(bad, errors=[])) != []
    shouting = dict(bad, errors=[dict(bad["errors"][0], message="Bad")])
    assert shape_problems(shouting) != []
    assert shape_problems(dict(bad, errors=[dict(bad["errors"][0], path="a/b")])) != []
    leaked = dict(bad, errors=[dict(bad["errors"][0], message="got +14155552671")])
    assert leaks('{"request":{"user_number":"+14155552671"}}', leaked, None) != []
