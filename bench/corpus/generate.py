#!/usr/bin/env python3
"""Write the benchmark corpus: send requests as integrators really send them.

    python3 bench/corpus/generate.py [--count 20000] [--seed 20261127] [--out-dir bench/corpus]

Writes ``corpus.jsonl`` (one request body per line) and ``context.json`` (the one context
every request is checked against) into ``--out-dir``. The same seed always gives the same
bytes (standard library only, ``random.Random`` with a fixed seed, no clock, no hash order).

About 75 % of the requests are meant to be valid; the rest carry 1 to 3 of the mistakes
integrators make (national number formats, a missing ``+``, typos in field names, a
``time_out`` sent as a string, an ``http://`` or private webhook, template fields mixed
with text, ...). User numbers come from 52 countries; each is libphonenumber's example
mobile number for its region (``PhoneNumberMetadata.xml``, Apache-2.0) with the last four
digits drawn at random, which keeps it valid. Each request is a few hundred bytes, most
with nested ``metadata``.
"""

import argparse
import json
import pathlib
import random
import string

#: libphonenumber's example mobile number for each region (its last 4 digits are redrawn).
EXAMPLE_MOBILES = {
    "US": "+12015550123", "CA": "+15062345678", "GB": "+447400123456", "DE": "+4915123456789",
    "FR": "+33612345678", "ES": "+34612345678", "IT": "+393123456789", "NL": "+31612345678",
    "BE": "+32450001234", "CH": "+41781234567", "AT": "+43664123456", "SE": "+46701234567",
    "NO": "+4740612345", "DK": "+4534412345", "FI": "+358412345678", "IE": "+353850123456",
    "PT": "+351912345678", "PL": "+48512345678", "CZ": "+420601123456", "GR": "+306912345678",
    "HU": "+36201234567", "RO": "+40712034567", "TR": "+905012345678", "IL": "+972502345678",
    "AE": "+971501234567", "SA": "+966512345678", "IN": "+918123456789", "PK": "+923012345678",
    "BD": "+8801812345678", "CN": "+8613123456789", "JP": "+819012345678", "KR": "+821020000000",
    "SG": "+6581234567", "MY": "+60123456789", "TH": "+66812345678", "VN": "+84912345678",
    "PH": "+639051234567", "ID": "+62812345678", "AU": "+61412345678", "NZ": "+64211234567",
    "ZA": "+27711234567", "NG": "+2348021234567", "KE": "+254712123456", "EG": "+201001234567",
    "MA": "+212650123456", "BR": "+5511961234567", "MX": "+522221234567", "AR": "+5491123456789",
    "CL": "+56221234567", "CO": "+573211234567", "PE": "+51912345678", "UA": "+380501234567",
}
#: Where most traffic goes (US, GB, CA, AU weigh more), the rest spread evenly.
REGION_WEIGHTS = {region: (12 if region == "US" else 4 if region in ("GB", "CA", "AU", "IN", "BR") else 1) for region in EXAMPLE_MOBILES}

AGENT = "+14155550000"
OTHER_ACCOUNT_NUMBER = "+14155550001"
PERSONA_ID = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b"

CONTEXT = {
    "now": "2026-11-27T12:00:00Z",
    "account": {"numbers": [AGENT, OTHER_ACCOUNT_NUMBER, "+442071838750"]},
    "number": {
        "phone_number": AGENT,
        "sms_config": {
            "webhook": "https://hooks.example.com/sms",
            "time_out": 3600,
            "objective": "Answer questions about orders and deliveries",
            "pathway_id": "pw_orders",
            "pathway_version": 7,
            "disposition_ids": ["resolved", "escalated"],
            "request_data": {"brand": "Northwind", "locale": "en-US"},
        },
        "whatsapp_config": {
            "webhook": "https://hooks.example.com/whatsapp",
            "time_out": 86400,
            "objective": "Answer questions about orders and deliveries",
        },
        "imessage_config": None,
    },
    "persona": {
        "id": PERSONA_ID,
        "production": {
            "webhook": "https://hooks.example.com/concierge",
            "time_out": 7200,
            "timeout_message": "We'll keep your request open. Text us anytime!",
            "objective": "Book and change delivery slots",
            "pathway_id": "pw_delivery",
            "pathway_version": 12,
            "start_node_id": "greeting",
            "citation_schema_ids": ["delivery_slot"],
        },
        "draft": {"objective": "Book delivery slots (draft)", "pathway_id": "pw_delivery", "pathway_version": 13},
        "number_settings": None,
    },
}

FIRST_NAMES = ["Dana", "Luis", "Aiko", "Priya", "Tom", "Zanele", "Mateo", "Olga", "Chen", "Fatima", "Noah", "Ines"]
CITIES = ["Lisbon", "Austin", "Osaka", "Pune", "Leeds", "Durban", "Lima", "Kyiv", "Perth", "Cairo"]
GSM_MESSAGES = [
    "Hi {name}, your order {order} has shipped and should arrive on {day}. Reply STOP to opt out.",
    "{name}, your table for {n} is confirmed for 7:30pm tonight. Reply C to cancel.",
    "Your verification code is {code}. It expires in 10 minutes.",
    "Reminder: your appointment in {city} is tomorrow at 9:15. Reply Y to confirm or N to reschedule.",
    "Hi {name}! Your parcel {order} is out for delivery today between 14:00 and 16:00.",
    "Payment of EUR {amount} received for invoice {order}. Thank you, {name}!",
    "{name}, we could not deliver {order}. Choose a new slot: https://example.com/s/{code}",
]
UNICODE_MESSAGES = [
    "Hola {name}, tu pedido {order} llegará el {day} 🚚",
    "{name}さん、ご注文 {order} を発送しました。",
    "Привет, {name}! Ваш заказ {order} уже в пути.",
    "Olá {name}, o seu pedido {order} foi enviado ✅",
    "مرحبا {name}، تم شحن طلبك {order}",
    "Hi {name} 👋 your order {order} is on its way! 🎉",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "27 Nov", "28 Nov"]
SKUS = ["SKU-1042", "SKU-2210", "SKU-3301", "SKU-0007", "SKU-8812"]
DISPOSITIONS = ["delivered", "rescheduled", "cancelled", "no_answer", "resolved", "escalated"]
WEBHOOKS = ["https://hooks.example.com/orders", "https://api.example.org/v2/sms/events", "https://example.net/hooks/sms?team=ops"]


class Generator:
    """One deterministic stream of requests."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.regions = list(REGION_WEIGHTS)
        self.weights = [REGION_WEIGHTS[region] for region in self.regions]

    # --- pieces -------------------------------------------------------------------------------

    def user_number(self):
        region = self.rng.choices(self.regions, self.weights)[0]
        base = EXAMPLE_MOBILES[region]
        return base[:-4] + "".join(self.rng.choice(string.digits) for _ in range(4))

    def order_id(self):
        return f"NW-{self.rng.randrange(100000, 999999)}"

    def fill(self, template):
        rng = self.rng
        return template.format(
            name=rng.choice(FIRST_NAMES),
            order=self.order_id(),
            day=rng.choice(DAYS),
            n=rng.randrange(2, 9),
            code=rng.randrange(100000, 999999),
            city=rng.choice(CITIES),
            amount=f"{rng.randrange(5, 500)}.{rng.randrange(0, 99):02d}",
        )

    def metadata(self):
        rng = self.rng
        items = [{"sku": rng.choice(SKUS), "qty": rng.randrange(1, 5), "price": round(rng.uniform(2, 120), 2)} for _ in range(rng.randrange(1, 4))]
        data = {
            "order": {"id": self.order_id(), "currency": rng.choice(["EUR", "USD", "GBP"]), "items": items},
            "customer": {"tier": rng.choice(["standard", "gold", "platinum"]), "tags": rng.sample(["vip", "new", "b2b", "returning"], 2)},
            "source": rng.choice(["web", "app", "pos", "crm"]),
        }
        if rng.random() < 0.3:
            data["trace"] = {"campaign": {"id": f"cmp_{rng.randrange(1000)}", "variant": rng.choice("ABC")}}
        return data

    def content_sid(self):
        return "HX" + "".join(self.rng.choice("0123456789abcdef") for _ in range(32))

    # --- valid requests --------------------------------------------------------------------------

    def valid(self):
        rng = self.rng
        kind = rng.choices(["text", "unicode", "template", "persona", "pathway", "new"], [40, 10, 15, 15, 10, 10])[0]
        body = {"user_number": self.user_number(), "agent_number": AGENT}
        if kind in ("text", "new", "pathway"):
            body["agent_message"] = self.fill(rng.choice(GSM_MESSAGES))
        elif kind == "unicode":
            body["agent_message"] = self.fill(rng.choice(UNICODE_MESSAGES))
        elif kind == "template":
            body["channel"] = "whatsapp"
            body["content_sid"] = self.content_sid()
            body["content_variables"] = {"1": rng.choice(FIRST_NAMES), "2": rng.choice(DAYS), "3": self.order_id()}
        elif kind == "persona":
            body["persona_id"] = PERSONA_ID
            if rng.random() < 0.3:
                body["persona_version"] = "draft"
            body["persona_settings"] = {"start_node_id": rng.choice(["greeting", "reschedule", "confirm"])}
        if kind == "pathway":
            body["pathway_id"] = rng.choice(["pw_orders", "pw_returns", "pw_feedback"])
            body["pathway_version"] = rng.randrange(1, 20)
            body["start_node_id"] = rng.choice(["start", "ask_reason", "offer_slot"])
            body["request_data"] = {"customer": {"name": rng.choice(FIRST_NAMES), "city": rng.choice(CITIES)}, "attempt": rng.randrange(1, 4)}
        if kind == "new":
            body["new_conversation"] = True
            body["request_data"] = {"order_id": self.order_id(), "eta_days": rng.randrange(1, 7)}
        if rng.random() < 0.8:
            body["metadata"] = self.metadata()
        if rng.random() < 0.35:
            body["webhook"] = rng.choice(WEBHOOKS)
        if rng.random() < 0.3:
            time_out = rng.choice([600, 900, 1800, 3600, 86400])
            body["time_out"] = time_out
            if rng.random() < 0.5:
                body["warning_time"] = time_out // 2
                body["warning_message"] = "Are you still there? Reply to keep this chat open."
            if rng.random() < 0.3:
                body["timeout_message"] = "Closing this chat for now. Text us anytime."
        if rng.random() < 0.25:
            body["disposition_ids"] = rng.sample(DISPOSITIONS, rng.randrange(1, 4))
        return body

    # --- mistakes --------------------------------------------------------------------------------

    def national_format(self, body):
        number = body.get("user_number") or self.user_number()
        if number.startswith("+1"):
            digits = number[2:]
            body["user_number"] = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
        else:
            body["user_number"] = number[:4] + " " + number[4:7] + " " + number[7:]

    def missing_plus(self, body):
        body["user_number"] = (body.get("user_number") or self.user_number()).lstrip("+")

    def too_short(self, body):
        body["user_number"] = (body.get("user_number") or self.user_number())[:-3]

    def too_long(self, body):
        body["user_number"] = (body.get("user_number") or self.user_number()) + "123"

    def unknown_country(self, body):
        body["user_number"] = "+999" + (body.get("user_number") or self.user_number())[-8:]

    def missing_user(self, body):
        body.pop("user_number", None)

    def same_number(self, body):
        body["user_number"] = body["agent_number"]

    def foreign_agent(self, body):
        body["agent_number"] = "+14155559999"

    def long_message(self, body):
        body.pop("content_sid", None)
        body.pop("content_variables", None)
        body["agent_message"] = ("Your order update: " + self.fill(self.rng.choice(GSM_MESSAGES)) + " ") * 20

    def empty_message(self, body):
        body.pop("content_sid", None)
        body.pop("content_variables", None)
        body["agent_message"] = ""

    def text_and_template(self, body):
        body["agent_message"] = body.get("agent_message") or "Hi there"
        body["content_sid"] = self.content_sid()

    def bad_content_sid(self, body):
        body["content_sid"] = "HX" + "".join(self.rng.choice("0123456789abcdef") for _ in range(12))
        body.pop("agent_message", None)

    def variables_without_template(self, body):
        body.pop("content_sid", None)
        body["content_variables"] = {"1": "Dana"}

    def time_out_as_text(self, body):
        body["time_out"] = str(self.rng.choice([600, 900, 3600]))
        body.pop("warning_time", None)

    def time_out_out_of_range(self, body):
        body["time_out"] = self.rng.choice([-60, 0, 5_000_000])
        body.pop("warning_time", None)

    def warning_after_time_out(self, body):
        body["time_out"] = 600
        body["warning_time"] = 900

    def unsafe_webhook(self, body):
        body["webhook"] = self.rng.choice(
            ["http://hooks.example.com/sms", "https://localhost:8443/hook", "https://10.0.0.12/hook", "https://169.254.169.254/latest", "hooks.example.com/sms"]
        )

    def bad_channel(self, body):
        body["channel"] = self.rng.choice(["SMS", "telegram", "WhatsApp"])

    def bad_persona(self, body):
        body["persona_id"] = self.rng.choice(["persona-42", "6f1c2a9e3b4d4e5f8a7b9c0d1e2f3a4b", "1234"])

    def bad_ids(self, body):
        body["disposition_ids"] = self.rng.choice([["delivered", ""], "delivered", ["ok", 7]])

    def bad_pathway_version(self, body):
        body["pathway_id"] = body.get("pathway_id") or "pw_orders"
        body["pathway_version"] = self.rng.choice([-1, 1.5, "v2"])

    def metadata_not_object(self, body):
        body["metadata"] = "order=" + self.order_id()

    def field_typo(self, body):
        typo, field = self.rng.choice([("timeout", "time_out"), ("to", "user_number"), ("message", "agent_message"), ("webhook_url", "webhook")])
        if field in body:
            body[typo] = body.pop(field)
        else:
            body[typo] = "x"

    MISTAKES = [
        (national_format, 8), (missing_plus, 6), (too_short, 4), (too_long, 3), (unknown_country, 2),
        (missing_user, 2), (same_number, 2), (foreign_agent, 3), (long_message, 3), (empty_message, 2),
        (text_and_template, 3), (bad_content_sid, 2), (variables_without_template, 2), (time_out_as_text, 4),
        (time_out_out_of_range, 3), (warning_after_time_out, 4), (unsafe_webhook, 5), (bad_channel, 3),
        (bad_persona, 2), (bad_ids, 2), (bad_pathway_version, 2), (metadata_not_object, 2), (field_typo, 6),
    ]

    def invalid(self):
        body = self.valid()
        mistakes = [mistake for mistake, _ in self.MISTAKES]
        weights = [weight for _, weight in self.MISTAKES]
        count = self.rng.choices([1, 2, 3], [70, 22, 8])[0]
        chosen = []
        while len(chosen) < count:
            mistake = self.rng.choices(mistakes, weights)[0]
            if mistake not in chosen:
                chosen.append(mistake)
        for mistake in chosen:
            mistake(self, body)
        return body

    def request(self):
        return self.valid() if self.rng.random() < 0.75 else self.invalid()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--out-dir", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parent)
    args = parser.parse_args()
    generator = Generator(args.seed)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(generator.request(), ensure_ascii=False, separators=(",", ":")) for _ in range(args.count)]
    (args.out_dir / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (args.out_dir / "context.json").write_text(json.dumps(CONTEXT, indent=2) + "\n", encoding="utf-8")
    sizes = sorted(len(line.encode()) for line in lines)
    print(
        f"wrote {len(lines)} requests to {args.out_dir / 'corpus.jsonl'} "
        f"(bytes: median {sizes[len(sizes) // 2]}, min {sizes[0]}, max {sizes[-1]}) and {args.out_dir / 'context.json'}"
    )


if __name__ == "__main__":
    main()
