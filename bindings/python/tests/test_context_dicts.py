"""A context dict is judged as it is at each call: changed, replaced, or checked again.

The binding once remembered the last context dict of each thread and recognised it on the
next call; it now converts the dict every time (a `smsrules.Context` is how a context is
judged once). These tests hold that a check with a dict always answers as a fresh
conversion of the dict as it is *now* would: `smsrules.Context(deepcopy(dict))` is the
oracle, compared as envelope text so that `1` / `1.0` / `True` and `0.0` / `-0.0` count as
different.
"""

import collections
import copy
import threading

import smsrules

USER = "+14155552671"
AGENT = "+14155550000"
OTHER = "+14155550001"


def request(**fields):
    return {"user_number": USER, "agent_number": AGENT, "agent_message": "Hi", **fields}


def server_context():
    return {
        "now": "2026-11-27T12:00:00Z",
        "account": {"numbers": [AGENT, OTHER]},
        "number": {
            "phone_number": AGENT,
            "sms_config": {"time_out": 900, "pathway_id": "pw_a", "request_data": {"n": 0.0}},
        },
    }


def fresh(body, context):
    return smsrules.check(body, smsrules.Context(copy.deepcopy(context))).to_json()


def checked(body, context):
    return smsrules.check(body, context).to_json()


def set_time_out(value):
    def change(context):
        context["number"]["sms_config"]["time_out"] = value

    return change


def set_request_data(value):
    def change(context):
        context["number"]["sms_config"]["request_data"]["n"] = value

    return change


def rename_member(context):
    data = context["number"]["sms_config"]["request_data"]
    data["m2"] = data.pop("m")


def swap_time_out_and_pathway(context):
    config = context["number"]["sms_config"]
    config["time_out"], config["pathway_id"] = config["pathway_id"], config["time_out"]


# Each change below alters the answer (asserted), so a check that missed it would be caught.
CHANGES = [
    ("time_out 900 → 60", set_time_out(60)),
    ("time_out 60 → 60.5", set_time_out(60.5)),
    ("time_out 60.5 → True", set_time_out(True)),
    ("time_out True → 60", set_time_out(60)),
    ("request_data 0.0 → -0.0", set_request_data(-0.0)),
    ("request_data -0.0 → 0", set_request_data(0)),
    ("request_data 0 → False", set_request_data(False)),
    ("request_data False → None", set_request_data(None)),
    ("request_data None → 'x'", set_request_data("x")),
    ("request_data 'x' → 'y'", set_request_data("y")),
    ("request_data 'y' → ['y']", set_request_data(["y"])),
    ("request_data ['y'] → ['y', 'z']", lambda c: c["number"]["sms_config"]["request_data"]["n"].append("z")),
    ("request_data ['y', 'z'] → {'y': 'z'}", set_request_data({"y": "z"})),
    ("request_data key added", lambda c: c["number"]["sms_config"]["request_data"].update(m=1)),
    ("request_data key renamed", rename_member),
    ("pathway_id edited in place", lambda c: c["number"]["sms_config"].update(pathway_id="pw_b")),
    # The very same objects, in other places.
    ("time_out and pathway_id swap their objects", swap_time_out_and_pathway),
    ("and swap back", swap_time_out_and_pathway),
    ("agent number no longer owned", lambda c: c["account"]["numbers"].remove(AGENT)),
    ("a set: not JSON", lambda c: c["account"].update(numbers={OTHER})),
    ("the set replaced by a list again", lambda c: c["account"].update(numbers=[AGENT])),
    ("number removed", lambda c: c.pop("number")),
]


def test_a_changed_context_dict_is_judged_as_it_is_now():
    context = server_context()
    body = request()
    previous = checked(body, context)
    assert previous == fresh(body, context)
    assert checked(body, context) == previous  # the same dict again: the same answer
    for name, change in CHANGES:
        change(context)
        now = checked(body, context)
        assert now != previous, f"{name}: the change should show in the answer"
        assert now == fresh(body, context), name
        assert checked(body, context) == now, name
        previous = now


def test_an_equal_dict_that_is_another_object_gives_the_same_answer():
    body = request()
    expected = fresh(body, server_context())
    for _ in range(3):
        assert checked(body, server_context()) == expected


def test_a_dict_subclass_and_a_tuple_inside_are_converted_every_time():
    ordered = collections.OrderedDict(server_context())
    ordered["account"] = {"numbers": (AGENT,)}
    body = request()
    for _ in range(2):
        assert checked(body, ordered) == fresh(body, ordered)
    ordered["account"] = {"numbers": (OTHER,)}
    assert checked(body, ordered) == fresh(body, ordered)
    assert checked(body, ordered) != checked(body, server_context())


def test_alternating_contexts_and_other_arguments():
    one, two = server_context(), server_context()
    two["number"]["sms_config"]["time_out"] = 60
    body = request()
    for _ in range(3):
        assert checked(body, one) == fresh(body, one)
        assert checked(body, two) == fresh(body, two)
        assert checked(body, None) == smsrules.check(body).to_json()
        keyed = smsrules.check(body, one, idempotency_key="k-1").to_json()
        assert keyed == smsrules.check(body, smsrules.Context(one), idempotency_key="k-1").to_json()
    many = smsrules.check_many([body] * 100, two)
    assert [outcome.to_json() for outcome in many] == [fresh(body, two)] * 100


def test_threads_each_see_their_own_context_changes():
    errors = []

    def worker(time_out):
        try:
            context = server_context()
            for step in range(200):
                context["number"]["sms_config"]["time_out"] = time_out + step % 3
                if checked(request(), context) != fresh(request(), context):
                    errors.append((time_out, step))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(600 * (index + 1),)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
