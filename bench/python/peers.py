"""The peers: the same request rules written the way a careful Python team writes them today.

* ``SendRequest`` is a pydantic v2 model of the request body (strict types, enums, patterns,
  lengths, ranges): the "schema only" peer.
* ``SEND_REQUEST_SCHEMA`` is the same schema as JSON Schema (draft-07) compiled by
  ``fastjsonschema``: the "fastjsonschema schema only" peer; with ``valid_phone`` on both
  numbers and ``cross_field_errors`` it is the "fastjsonschema + phonenumbers" peer.
* ``SendRequestWithPhones`` adds phone validity with ``phonenumbers`` (full metadata) as
  field validators, and ``cross_field_errors`` the rules a model cannot say: same number,
  message/template conflicts, the webhook SSRF screen, ``request_data`` / ``metadata`` size,
  and the rules that need the server's context (account numbers, provisioning, persona
  version, effective timeouts, the WhatsApp window, nothing to send). Together they are the
  "pydantic + phonenumbers" peer; it mirrors bench/node/peers/rules.mjs rule for rule.

The peers produce no plan (no resolution of layers, no segments, no fingerprint) and no
warnings, and leave the 1 MiB body limit and the depth limit to the web framework.
"""

import functools
import ipaddress
import json
import re
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, Optional
from urllib.parse import urlsplit

import fastjsonschema
import phonenumbers
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

E164_PATTERN = r"^\+[1-9][0-9]{0,14}$"
E164 = Annotated[str, StringConstraints(pattern=E164_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Seconds = Annotated[float, Field(gt=0, le=2_592_000)]
Version = Annotated[int, Field(ge=0)]
Ids = Annotated[list[Text], Field(max_length=100)]
Object = dict[str, Any]
VariableName = Annotated[str, StringConstraints(min_length=1, max_length=16, pattern=r"^\S+$")]
VariableValue = Annotated[str, StringConstraints(min_length=1, max_length=1600)]
KB64 = 64 * 1024


class PersonaSettings(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")

    pathway_id: Optional[Text] = None
    pathway_version: Optional[Version] = None
    start_node_id: Optional[Text] = None


class SendRequest(BaseModel):
    """The body of POST /v1/sms/send, schema only."""

    model_config = ConfigDict(strict=True, extra="allow")

    user_number: E164
    agent_number: E164
    agent_message: Optional[Annotated[str, StringConstraints(min_length=1, max_length=1600)]] = None
    request_data: Optional[Object] = None
    new_conversation: Optional[bool] = None
    persona_id: Optional[
        Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    ] = None
    persona_version: Optional[Literal["production", "draft"]] = None
    persona_settings: Optional[PersonaSettings] = None
    pathway_id: Optional[Text] = None
    pathway_version: Optional[Version] = None
    start_node_id: Optional[Text] = None
    webhook: Optional[Annotated[str, StringConstraints(max_length=2048)]] = None
    metadata: Optional[Object] = None
    disposition_ids: Optional[Ids] = None
    citation_schema_ids: Optional[Ids] = None
    channel: Optional[Literal["sms", "whatsapp", "imessage"]] = None
    content_sid: Optional[Annotated[str, StringConstraints(pattern=r"^HX[0-9a-fA-F]{32}$")]] = None
    content_variables: Optional[Annotated[dict[VariableName, VariableValue], Field(max_length=100)]] = None
    time_out: Optional[Seconds] = None
    timeout_message: Optional[Text] = None
    warning_time: Optional[Seconds] = None
    warning_message: Optional[Text] = None


def valid_phone(value: str) -> str:
    """A number valid by libphonenumber's full metadata (the pattern already held)."""
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException as error:
        raise ValueError("INVALID_COUNTRY_CODE") from error
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError("INVALID_NUMBER")
    return value


Phone = Annotated[E164, AfterValidator(valid_phone)]


class SendRequestWithPhones(SendRequest):
    """The schema, with phone validity checked by phonenumbers."""

    user_number: Phone
    agent_number: Phone


def private_ip(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in ipaddress.ip_network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return not embedded.is_global
    return not address.is_global


CONTROL = re.compile(r"^\s|\s$|[\x00-\x1f\x7f]")


def webhook_problem(url: str) -> Optional[str]:
    if len(url) > 2048 or CONTROL.search(url):
        return "INVALID_URL"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "INVALID_URL"
    if not parts.scheme or not parts.netloc:
        return "INVALID_URL"
    if parts.scheme != "https" or parts.username or parts.password:
        return "UNSAFE_WEBHOOK"
    if host in ("localhost", "localhost.") or host.endswith((".localhost", ".localhost.")) or private_ip(host):
        return "UNSAFE_WEBHOOK"
    return None


def present(value: Any) -> bool:
    return value is not None


def cross_field_errors(body: dict, context: Optional[dict]) -> list:
    """Errors the model cannot see, for a body the model accepted: [(path, code)]."""
    errors = []
    if body["user_number"] == body["agent_number"]:
        errors.append(("/user_number", "SAME_NUMBER"))
    if present(body.get("agent_message")) and present(body.get("content_sid")):
        errors.append(("/content_sid", "CONFLICTING_MESSAGE"))
    if present(body.get("content_variables")) and not present(body.get("content_sid")):
        errors.append(("/content_variables", "CONTENT_VARIABLES_WITHOUT_TEMPLATE"))
    if present(body.get("webhook")):
        problem = webhook_problem(body["webhook"])
        if problem:
            errors.append(("/webhook", problem))
    for field in ("request_data", "metadata"):
        if present(body.get(field)) and len(json.dumps(body[field], separators=(",", ":")).encode()) > KB64:
            errors.append((f"/{field}", "PAYLOAD_TOO_LARGE"))

    ctx = context or {}
    number = ctx.get("number")
    if present(ctx.get("account")) and body["agent_number"] not in ctx["account"]["numbers"]:
        errors.append(("/agent_number", "AGENT_NUMBER_NOT_FOUND"))
    if present(number) and number["phone_number"] != body["agent_number"]:
        errors.append(("context:/number/phone_number", "INVALID_CONTEXT"))
    persona_id = body.get("persona_id")
    persona = ctx.get("persona") if present(persona_id) else None
    if present(persona) and persona["id"].lower() != persona_id.lower():
        errors.append(("context:/persona/id", "INVALID_CONTEXT"))

    channel = body.get("channel")
    if channel is None:
        channel = "imessage" if number and number.get("imessage_config") and not number.get("sms_config") else "sms"
    channel_config = number.get(f"{channel}_config") if number else None
    if present(number) and not present(channel_config):
        errors.append(("/channel" if present(body.get("channel")) else "context:/number", "CHANNEL_NOT_CONFIGURED"))
    base = None
    if present(persona_id):
        if present(persona):
            base = persona.get(body.get("persona_version") or "production")
            if not present(base):
                errors.append(("/persona_version", "VERSION_NOT_FOUND"))
    else:
        base = channel_config
    base_known = isinstance(base, dict)

    conversation = ctx.get("conversation")
    resuming = not body.get("new_conversation") and present(conversation) and conversation.get("active")
    overrides = (conversation.get("overrides") or {}) if resuming else {}

    def effective(field):
        for layer in (body, overrides, base if base_known else {}):
            if present(layer.get(field)):
                return layer[field]
        return None

    time_out, warning_time = effective("time_out"), effective("warning_time")
    judged = base_known or present(body.get("time_out")) or present(overrides.get("time_out"))
    if present(warning_time) and judged and (not present(time_out) or warning_time >= time_out):
        errors.append(("/warning_time" if present(body.get("warning_time")) else "/time_out", "INVALID_TIMEOUT_CONFIG"))

    if channel == "whatsapp" and not present(body.get("content_sid")) and present(ctx.get("now")) and "conversation" in ctx:
        last = (conversation or {}).get("last_user_message_at")
        now = datetime.fromisoformat(ctx["now"].replace("Z", "+00:00"))
        if not present(last) or now - datetime.fromisoformat(last.replace("Z", "+00:00")) >= timedelta(days=1):
            errors.append(("/content_sid", "WHATSAPP_TEMPLATE_REQUIRED"))
    if base_known and not present(body.get("agent_message")) and not present(body.get("content_sid")):
        settings = body.get("persona_settings") or {}
        pathway = settings.get("pathway_id") or body.get("pathway_id") or (conversation.get("pathway_id") if resuming else None)
        if pathway is None and present(persona_id) and persona:
            pathway = (persona.get("number_settings") or {}).get("pathway_id")
        if pathway is None and not base.get("pathway_id") and not base.get("objective"):
            errors.append(("/agent_message", "NOTHING_TO_SEND"))
    return errors


def pydantic_schema_only(body: dict) -> bool:
    """Is the body well-typed?"""
    try:
        SendRequest.model_validate(body)
    except ValidationError:
        return False
    return True


def pydantic_with_rules(body: dict, context: Optional[dict]) -> bool:
    """The model with phone validity, then every other rule: is the request valid?"""
    try:
        SendRequestWithPhones.model_validate(body)
    except ValidationError:
        return False
    return not cross_field_errors(body, context)


def _nullable(schema: dict) -> dict:
    """``schema`` or null, as ``Optional[...] = None`` is in the pydantic model."""
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*kinds, "null"]}


_TEXT = {"type": "string", "minLength": 1}
_IDS = {"type": "array", "items": _TEXT, "maxItems": 100}
_SECONDS = {"type": "number", "exclusiveMinimum": 0, "maximum": 2_592_000}
_VERSION = {"type": "integer", "minimum": 0}

SEND_REQUEST_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["user_number", "agent_number"],
    "properties": {
        "user_number": {"type": "string", "pattern": E164_PATTERN},
        "agent_number": {"type": "string", "pattern": E164_PATTERN},
        "agent_message": _nullable({"type": "string", "minLength": 1, "maxLength": 1600}),
        "request_data": _nullable({"type": "object"}),
        "new_conversation": _nullable({"type": "boolean"}),
        "persona_id": _nullable(
            {
                "type": "string",
                "pattern": r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
            }
        ),
        "persona_version": {"enum": ["production", "draft", None]},
        "persona_settings": _nullable(
            {
                "type": "object",
                "properties": {
                    "pathway_id": _nullable(_TEXT),
                    "pathway_version": _nullable(_VERSION),
                    "start_node_id": _nullable(_TEXT),
                },
            }
        ),
        "pathway_id": _nullable(_TEXT),
        "pathway_version": _nullable(_VERSION),
        "start_node_id": _nullable(_TEXT),
        "webhook": _nullable({"type": "string", "maxLength": 2048}),
        "metadata": _nullable({"type": "object"}),
        "disposition_ids": _nullable(_IDS),
        "citation_schema_ids": _nullable(_IDS),
        "channel": {"enum": ["sms", "whatsapp", "imessage", None]},
        "content_sid": _nullable({"type": "string", "pattern": r"^HX[0-9a-fA-F]{32}$"}),
        "content_variables": _nullable(
            {
                "type": "object",
                "maxProperties": 100,
                "propertyNames": {"minLength": 1, "maxLength": 16, "pattern": r"^\S+$"},
                "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 1600},
            }
        ),
        "time_out": _nullable(_SECONDS),
        "timeout_message": _nullable(_TEXT),
        "warning_time": _nullable(_SECONDS),
        "warning_message": _nullable(_TEXT),
    },
}

_validate_send_request = fastjsonschema.compile(SEND_REQUEST_SCHEMA)


def fastjsonschema_schema_only(body: dict) -> bool:
    """Is the body well-typed (the compiled JSON Schema)?"""
    try:
        _validate_send_request(body)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def fastjsonschema_with_rules(body: dict, context: Optional[dict]) -> bool:
    """The compiled schema, phone validity by phonenumbers, then every other rule."""
    if not fastjsonschema_schema_only(body):
        return False
    try:
        valid_phone(body["user_number"])
        valid_phone(body["agent_number"])
    except ValueError:
        return False
    return not cross_field_errors(body, context)


# ---- the context, for the traffic corpus (every request with its own context) ----------------
#
# A server that validates its requests with pydantic validates what it loaded for the send
# too: the same models a server would write for its number, persona and conversation
# records (schema only: types, required fields, patterns), and, with phone validity, the
# account's numbers, each judged once (cached on the number string, as a server caches
# what it knows about its own numbers).

Timestamp = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
PathwayVersion = Annotated[int, Field(ge=0)] | str


class ChannelConfig(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")

    webhook: Optional[str] = None
    request_data: Optional[Object] = None
    time_out: Optional[float] = None
    timeout_action: Optional[str] = None
    timeout_message: Optional[str] = None
    warning_time: Optional[float] = None
    warning_message: Optional[str] = None
    messaging_service_sid: Optional[str] = None
    objective: Optional[str] = None
    tools: Optional[list[Any]] = None
    temperature: Optional[float] = None
    pathway_id: Optional[str] = None
    pathway_version: Optional[PathwayVersion] = None
    start_node_id: Optional[str] = None
    restart_after_end_call: Optional[bool] = None
    timezone: Optional[str] = None
    summary_prompt: Optional[str] = None
    disposition_ids: Optional[list[str]] = None
    citation_schema_ids: Optional[list[str]] = None


class NumberRecord(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")

    phone_number: E164
    sms_config: Optional[ChannelConfig] = None
    whatsapp_config: Optional[ChannelConfig] = None
    imessage_config: Optional[ChannelConfig] = None


class PersonaRecord(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")

    id: str
    production: Optional[ChannelConfig] = None
    draft: Optional[ChannelConfig] = None
    number_settings: Optional[PersonaSettings] = None


class ConversationOverrides(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")

    time_out: Optional[float] = None
    timeout_message: Optional[str] = None
    warning_time: Optional[float] = None
    warning_message: Optional[str] = None


class ConversationRecord(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")

    id: str
    active: bool
    channel: Optional[Literal["sms", "whatsapp", "imessage"]] = None
    pathway_id: Optional[str] = None
    pathway_version: Optional[PathwayVersion] = None
    current_node_id: Optional[str] = None
    overrides: Optional[ConversationOverrides] = None
    last_user_message_at: Optional[Timestamp] = None


class IdempotencyRecord(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")

    key: str
    fingerprint: str


class Account(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")

    numbers: list[E164]


class SendContext(BaseModel):
    """What the server loaded for this send, schema only."""

    model_config = ConfigDict(strict=True, extra="allow")

    now: Optional[Timestamp] = None
    account: Optional[Account] = None
    number: Optional[NumberRecord] = None
    persona: Optional[PersonaRecord] = None
    conversation: Optional[ConversationRecord] = None
    idempotency: Optional[IdempotencyRecord] = None


@functools.lru_cache(maxsize=4096)
def phone_problem_cached(value: str) -> Optional[str]:
    """``valid_phone``'s verdict, judged once per number string (None when valid)."""
    try:
        valid_phone(value)
    except ValueError as error:
        return str(error)
    return None


def valid_phone_cached(value: str) -> str:
    problem = phone_problem_cached(value)
    if problem is not None:
        raise ValueError(problem)
    return value


CachedPhone = Annotated[E164, AfterValidator(valid_phone_cached)]


class SendRequestWithCachedPhones(SendRequest):
    """The schema, with phone validity by phonenumbers, each number judged once."""

    user_number: CachedPhone
    agent_number: CachedPhone


class AccountWithPhones(Account):
    numbers: list[CachedPhone]


class NumberRecordWithPhone(NumberRecord):
    phone_number: CachedPhone


class SendContextWithPhones(SendContext):
    """The context's models, the account's numbers and the agent number judged once each."""

    account: Optional[AccountWithPhones] = None
    number: Optional[NumberRecordWithPhone] = None


def pydantic_request_and_context(body: dict, context: Optional[dict]) -> bool:
    """Are the body and its context well-typed (schema only)?"""
    try:
        SendRequest.model_validate(body)
        if context is not None:
            SendContext.model_validate(context)
    except ValidationError:
        return False
    return True


def pydantic_request_and_context_with_cached_phones(body: dict, context: Optional[dict]) -> bool:
    """Both models with phone validity (cached per number), then every other rule."""
    try:
        SendRequestWithCachedPhones.model_validate(body)
        if context is not None:
            SendContextWithPhones.model_validate(context)
    except ValidationError:
        return False
    return not cross_field_errors(body, context)
