"""Concurrency: the same answers from 8 threads at once, and from check_many, as serially."""

import threading

import pytest

import smsrules
from conftest import CASES

THREADS = 8


def object_cases():
    """(request, context, options, idempotency key) of every vector that has a dict request."""
    found = []
    for _, case in CASES:
        document = case.get("input", {})
        if case.get("only_json") or not isinstance(document.get("request"), dict):
            continue
        headers = document.get("headers") or {}
        found.append((document["request"], document.get("context"), document.get("options"), headers.get("idempotency-key")))
    return found


def judge(found):
    return [
        smsrules.check(body, context, idempotency_key=key, options=options).to_json()
        for body, context, options, key in found
    ]


def test_eight_threads_give_the_serial_answers():
    found = object_cases()
    serial = judge(found)
    start = threading.Barrier(THREADS)
    results = [None] * THREADS
    failures = []

    def worker(slot):
        try:
            start.wait()
            for _ in range(3):
                answers = judge(found)
                if answers != serial:
                    failures.append(slot)
            results[slot] = answers
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert results == [serial] * THREADS


def test_check_many_equals_serial_check():
    found = object_cases()
    # Without a shared context: every body, many times over, so the batch is split over threads.
    bodies = [body for body, _, _, _ in found] * 20
    bodies += ['{"user_number": "+14155552671", "agent_number": "+14155550000"}', b"{", "[]"]
    batch = smsrules.check_many(bodies)
    assert [outcome.to_json() for outcome in batch] == [smsrules.check(body).to_json() for body in bodies]
    assert batch == [smsrules.check(body) for body in bodies]
    # With each vector's own context, options and key.
    for body, context, options, key in found:
        batch = smsrules.check_many([body] * 3, context, idempotency_key=key, options=options)
        assert batch == [smsrules.check(body, context, idempotency_key=key, options=options)] * 3


def test_check_many_takes_any_iterable():
    body = {"user_number": "+14155552671", "agent_number": "+14155550000"}
    assert smsrules.check_many([]) == []
    assert smsrules.check_many(iter([body, body])) == [smsrules.check(body)] * 2
    assert smsrules.check_many(body for _ in range(3)) == [smsrules.check(body)] * 3
    assert smsrules.check_many((body,)) == [smsrules.check(body)]


def test_check_many_from_several_threads_at_once():
    found = object_cases()
    bodies = [body for body, _, _, _ in found] * 4
    expected = [smsrules.check(body).to_json() for body in bodies]
    outputs = []
    lock = threading.Lock()

    def worker():
        answers = [outcome.to_json() for outcome in smsrules.check_many(bodies)]
        with lock:
            outputs.append(answers)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outputs == [expected] * 4


def test_check_many_stops_cleanly_when_the_iterable_fails_midway():
    """An error while blocks are already being judged on other threads raises, and never hangs."""
    body = {"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "Hi"}

    def failing(count):
        for _ in range(count):
            yield body
        raise LookupError("the source ran dry")

    for count in (0, 63, 64, 65, 500):
        with pytest.raises(LookupError, match="ran dry"):
            smsrules.check_many(failing(count))
    with pytest.raises(TypeError, match=r"requests\[300\] must be a dict"):
        smsrules.check_many([body] * 300 + [7] + [body] * 10)
    # Still working afterwards, in order, across many blocks.
    bodies = [dict(body, agent_message=f"message {index}") for index in range(1000)]
    batch = smsrules.check_many(bodies)
    assert [outcome.plan["message"]["text"] for outcome in batch] == [f"message {index}" for index in range(1000)]
