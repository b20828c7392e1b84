"""The public SSRF corpus (tests/ssrf/corpus.json, described in tests/ssrf/README.md).

Each URL is a request's webhook, judged by ``check`` with the request as a dict: every
``refuse`` entry gets ``UNSAFE_WEBHOOK`` or ``INVALID_URL`` at ``/webhook``; every ``accept``
entry gets no ``/webhook`` issue, its plan carries the URL's WHATWG serialization, and
Python's own ``urlsplit`` reads the same host in that serialization as WHATWG does.
"""

import json
from urllib.parse import urlsplit

import pytest

import smsrules
from conftest import REPO

SSRF = REPO / "tests" / "ssrf"
CORPUS = json.loads((SSRF / "corpus.json").read_text(encoding="utf-8"))
SERIALIZED = json.loads((SSRF / "serialized.json").read_text(encoding="utf-8"))
JUDGED = [entry for entry in CORPUS if entry["expect"] in ("refuse", "accept")]


def request_with(url):
    return {"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "Hi", "webhook": url}


def webhook_issues(outcome):
    return [issue.to_dict() for issue in [*outcome.errors, *outcome.warnings] if issue.path == "/webhook"]


def test_corpus_is_whole():
    assert len(CORPUS) == 536
    assert sum(entry["expect"] == "refuse" for entry in CORPUS) == 398
    assert sum(entry["expect"] == "accept" for entry in CORPUS) == 44


@pytest.mark.parametrize("entry", JUDGED, ids=lambda entry: f"{entry['expect']}:{entry['url']}")
def test_corpus_url_as_webhook(entry):
    url = entry["url"]
    outcome = smsrules.check(request_with(url))
    issues = webhook_issues(outcome)
    # The object entry point answers exactly as the JSON one.
    assert outcome.to_json() == smsrules.check_json(json.dumps({"request": request_with(url)}))
    if entry["expect"] == "refuse":
        assert len(issues) == 1, issues
        assert issues[0]["in"] == "body"
        assert issues[0]["error"] in ("UNSAFE_WEBHOOK", "INVALID_URL")
        assert not outcome.ok
    else:
        assert issues == []
        assert outcome.ok, [issue.to_dict() for issue in outcome.errors]
        serialized = SERIALIZED[url]
        assert outcome.plan["webhook"] == {"value": serialized, "source": "request"}
        whatwg_host = entry["readings"]["whatwg"].split(":", 1)[1]
        assert urlsplit(serialized).hostname == whatwg_host
