#!/usr/bin/env python3
"""Write the traffic corpus: every request with the context a server would pass for it.

    python3 bench/corpus/traffic.py [--count 20000] [--seed 20261207] [--out-dir bench/corpus]

Writes ``traffic.jsonl``: one input document a line, ``{"request", "context"}`` and, for a
share of requests, ``"headers": {"idempotency-key": ...}``. The same seed always gives the
same bytes (standard library only, no clock, no hash order).

A real server does not check every send against one context. It knows a platform: here 50
agent numbers on one account (each with its own SMS / WhatsApp / iMessage configs), 10
personas with a production and a draft version, and the latest conversation between each
user and each agent number. Each request is drawn from the same stream of requests as
``generate.py`` (about 75 % valid, the rest with 1 to 3 mistakes), sent from one of the 50
numbers, a third of them through a persona, and checked against what the platform knows
about *that* send:

- ``number``: the agent number's record (its channel configs, 4 to 10 fields each);
- ``persona``: the persona's record when the request names one;
- ``conversation``: none yet (``null``), active, inactive, with timeout overrides, with
  or without a recent user message (the WhatsApp window); every send updates it, so the
  same pair is seen in different states along the corpus;
- ``idempotency``: for about 10 % of requests a key is sent; a third of those meet a stored
  record (a replay, or the key reused for another body);
- ``account.numbers``: the account's 50 numbers, ``now``: the time of the send.

So nearly every context differs from the one before it, as in production.
"""

import argparse
import hashlib
import json
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from generate import Generator  # noqa: E402  (the request stream is shared with generate.py)

AGENT_COUNT = 50
PERSONA_COUNT = 10
OBJECTIVES = [
    "Answer questions about orders and deliveries",
    "Book and change delivery slots",
    "Collect feedback after a delivery",
    "Confirm appointments and reschedule when asked",
    "",
]
PATHWAYS = ["pw_orders", "pw_returns", "pw_feedback", "pw_delivery", "pw_onboarding"]
HOOK_HOSTS = ["hooks.example.com", "api.example.org", "events.example.net"]


def agent_numbers():
    """50 distinct valid US numbers in the 415 area (555-01xx block is fictional and valid)."""
    return [f"+1415555{index:04d}" for index in range(AGENT_COUNT)]


def persona_id(rng):
    return "-".join("".join(rng.choice("0123456789abcdef") for _ in range(n)) for n in (8, 4, 4, 4, 12))


class Platform:
    """What one server knows: numbers, personas, conversations, idempotency records."""

    def __init__(self, rng):
        self.rng = rng
        self.numbers = agent_numbers()
        self.number_records = {number: self.number_record(number) for number in self.numbers}
        self.personas = [self.persona_record() for _ in range(PERSONA_COUNT)]
        self.conversations = {}
        self.idempotency = {}
        self.clock = 1_795_000_000  # seconds; advanced a little per send

    def channel_config(self, channel):
        rng = self.rng
        config = {
            "webhook": f"https://{rng.choice(HOOK_HOSTS)}/{channel}/{rng.randrange(100)}",
            "time_out": rng.choice([900, 3600, 7200, 86400]),
            "objective": rng.choice(OBJECTIVES),
            "messaging_service_sid": "MG" + "".join(rng.choice("0123456789abcdef") for _ in range(32)),
        }
        if rng.random() < 0.6:
            config["pathway_id"] = rng.choice(PATHWAYS)
            config["pathway_version"] = rng.choice([rng.randrange(1, 30), "latest"])
        if rng.random() < 0.4:
            config["warning_time"] = config["time_out"] // 3
            config["warning_message"] = "Still there? Reply to keep this chat open."
        if rng.random() < 0.5:
            config["disposition_ids"] = rng.sample(["resolved", "escalated", "no_answer", "opt_out"], 2)
        if rng.random() < 0.5:
            config["request_data"] = {"brand": rng.choice(["Northwind", "Contoso", "Fabrikam"]), "locale": rng.choice(["en-US", "en-GB", "es-ES"])}
        if rng.random() < 0.3:
            config["timezone"] = rng.choice(["America/New_York", "Europe/London", "Asia/Tokyo"])
        return config

    def number_record(self, number):
        rng = self.rng
        record = {"phone_number": number, "sms_config": self.channel_config("sms")}
        record["whatsapp_config"] = self.channel_config("whatsapp") if rng.random() < 0.7 else None
        record["imessage_config"] = self.channel_config("imessage") if rng.random() < 0.2 else None
        return record

    def persona_record(self):
        rng = self.rng
        record = {"id": persona_id(rng), "production": self.channel_config("persona")}
        record["draft"] = self.channel_config("persona") if rng.random() < 0.7 else None
        if rng.random() < 0.4:
            record["number_settings"] = {"pathway_id": rng.choice(PATHWAYS), "start_node_id": "greeting"}
        return record

    def timestamp(self, seconds):
        days, rest = divmod(seconds, 86400)
        # 1970-01-01 + days, by the proleptic Gregorian calendar (civil-from-days).
        z = days + 719468
        era = z // 146097
        doe = z - era * 146097
        yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
        doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
        mp = (5 * doy + 2) // 153
        day = doy - (153 * mp + 2) // 5 + 1
        month = mp + 3 if mp < 10 else mp - 9
        year = yoe + era * 400 + (1 if month <= 2 else 0)
        hour, rest = divmod(rest, 3600)
        minute, second = divmod(rest, 60)
        return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"

    def conversation(self, user, agent, channel):
        """The latest conversation of this pair, in the state this send finds it."""
        rng = self.rng
        key = (user, agent)
        if key not in self.conversations:
            if rng.random() < 0.35:
                self.conversations[key] = None
                return None
            self.conversations[key] = {"id": f"conv_{rng.randrange(10**8):08d}", "active": rng.random() < 0.6, "channel": channel}
        record = self.conversations[key]
        if record is None:
            return None
        record = dict(record)
        if rng.random() < 0.3:
            record["overrides"] = {"time_out": rng.choice([600, 1800]), "timeout_message": "Closing for now."}
        if rng.random() < 0.5:
            record["pathway_id"] = rng.choice(PATHWAYS)
            record["current_node_id"] = rng.choice(["greeting", "ask_reason", "offer_slot"])
        ago = rng.choice([600, 3600, 20 * 3600, 30 * 3600, 5 * 86400])
        record["last_user_message_at"] = self.timestamp(self.clock - ago) if rng.random() < 0.8 else None
        return record

    def after_send(self, user, agent, channel, request):
        """The send leaves the pair with an active conversation (or a new one)."""
        key = (user, agent)
        previous = self.conversations.get(key)
        if previous is None or request.get("new_conversation") or not previous.get("active"):
            self.conversations[key] = {"id": f"conv_{self.rng.randrange(10**8):08d}", "active": True, "channel": channel}


def fingerprint(body):
    """sha256 of the body's canonical JSON (sorted keys, no spaces), as the core computes it
    for these bodies (strings, small integers and short decimals only)."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def document(generator, platform):
    rng = platform.rng
    platform.clock += rng.randrange(1, 90)
    request = generator.request()
    agent = rng.choice(platform.numbers)
    if request.get("agent_number") == "+14155550000":
        request["agent_number"] = agent
    else:
        agent = request.get("agent_number") if isinstance(request.get("agent_number"), str) else agent
    persona = None
    if "persona_id" in request and isinstance(request["persona_id"], str) and len(request["persona_id"]) == 36:
        persona = rng.choice(platform.personas)
        request["persona_id"] = persona["id"]
    elif "persona_id" not in request and rng.random() < 0.2:
        persona = rng.choice(platform.personas)
        request["persona_id"] = persona["id"]
    channel = request.get("channel") if request.get("channel") in ("sms", "whatsapp", "imessage") else "sms"
    user = request.get("user_number") if isinstance(request.get("user_number"), str) else ""
    context = {
        "now": platform.timestamp(platform.clock),
        "account": {"numbers": platform.numbers},
        "number": platform.number_records.get(agent, {"phone_number": agent, "sms_config": None}),
    }
    if persona is not None:
        context["persona"] = persona
    conversation = platform.conversation(user, agent, channel)
    context["conversation"] = conversation
    doc = {"request": request}
    if rng.random() < 0.1:
        key = f"send-{rng.randrange(10**6):06d}"
        doc["headers"] = {"idempotency-key": key}
        if rng.random() < 0.33:
            same = rng.random() < 0.6
            context["idempotency"] = {"key": key, "fingerprint": fingerprint(request) if same else fingerprint({"other": key})}
    doc["context"] = context
    platform.after_send(user, agent, channel, request)
    return doc


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--out-dir", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parent)
    args = parser.parse_args()
    generator = Generator(args.seed)
    platform = Platform(random.Random(args.seed + 1))
    lines = [json.dumps(document(generator, platform), ensure_ascii=False, separators=(",", ":")) for _ in range(args.count)]
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "traffic.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    sizes = sorted(len(line.encode()) for line in lines)
    distinct = len(set(json.dumps(json.loads(line)["context"], sort_keys=True) for line in lines))
    print(
        f"wrote {len(lines)} documents to {args.out_dir / 'traffic.jsonl'} "
        f"(bytes: median {sizes[len(sizes) // 2]}, min {sizes[0]}, max {sizes[-1]}; {distinct} distinct contexts)"
    )


if __name__ == "__main__":
    main()
