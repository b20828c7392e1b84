"""Typed surface of the compiled core (``smsrules._core``); import ``smsrules`` instead."""

from collections.abc import Iterable
from typing import Any, ClassVar, Final, Literal, Union, final

#: A request body: a dict, or its raw JSON text.
_Request = Union[dict[str, Any], str, bytes, bytearray]
#: A context: a dict, or one converted and judged once.
_Context = Union[dict[str, Any], "Context", None]
#: Where an issue is.
_Location = Literal["body", "header", "context", "options", "input"]

__all__ = [
    "Context",
    "Issue",
    "Outcome",
    "check",
    "_check_with_plan",
    "check_many",
    "check_json",
    "segments",
    "fingerprint",
    "json_schema",
    "PHONE_METADATA_VERSION",
    "__version__",
]

PHONE_METADATA_VERSION: Final[str]
__version__: Final[str]

@final
class Issue:
    """One problem found: a stable code, where it is, one line for people, typed details."""

    def __new__(
        cls, error: str, in_: str, path: str, message: str, params: dict[str, Any] | None = None
    ) -> Issue: ...

    @property
    def error(self) -> str:
        """The stable machine code, e.g. ``"INVALID_PHONE_NUMBER"``."""
    @property
    def in_(self) -> _Location:
        """Where the problem is: body, header, context, options or input."""
    @property
    def path(self) -> str:
        """RFC 6901 JSON Pointer into that part (``""`` is the whole part)."""
    @property
    def message(self) -> str:
        """One lower-case line for people."""
    @property
    def params(self) -> dict[str, Any]:
        """Typed details: limits, sizes, ``reason``, ``suggestion``; may be empty."""
    def to_dict(self) -> dict[str, Any]:
        """The issue as on the wire: ``{"error", "in", "path", "message", "params"}``."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Outcome:
    """The answer to one check."""

    @property
    def ok(self) -> bool:
        """True when the request is valid: no errors, and ``plan`` is set."""
    @property
    def plan(self) -> dict[str, Any] | None:
        """The plan (docs/src/plan.md) when valid, else ``None``."""
    @property
    def errors(self) -> list[Issue]:
        """The errors, in envelope order (``[]`` when valid)."""
    @property
    def warnings(self) -> list[Issue]:
        """The warnings, in envelope order."""
    def to_dict(self) -> dict[str, Any]:
        """The envelope of docs/src/envelope.md as a new dict: ``{"data", "errors", "warnings"}``."""
    def to_json(self) -> str:
        """The envelope of docs/src/envelope.md as compact JSON text (what ``check_json`` returns)."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Context:
    """A context (docs/src/context.md) converted and judged once, for checking many requests against it."""

    def __new__(cls, context: dict[str, Any]) -> Context: ...
    @property
    def ok(self) -> bool:
        """True when the context itself is well formed (``errors`` is empty)."""
    @property
    def errors(self) -> list[Issue]:
        """The context's own problems (``INVALID_CONTEXT`` issues), in envelope order."""
    def to_dict(self) -> dict[str, Any]:
        """The context as converted, as a new dict."""

def check(
    request: _Request,
    context: _Context = None,
    *,
    idempotency_key: str | None = None,
    options: dict[str, Any] | None = None,
) -> Outcome:
    """Check one send request: is it valid, and what exactly will happen."""

def _check_with_plan(
    request: _Request,
    context: _Context = None,
    *,
    idempotency_key: str | None = None,
    options: dict[str, Any] | None = None,
) -> Outcome:
    """``check`` with the plan resolved at once (used by ``validate``)."""

def check_many(
    requests: Iterable[_Request],
    context: _Context = None,
    *,
    idempotency_key: str | None = None,
    options: dict[str, Any] | None = None,
) -> list[Outcome]:
    """Check many requests against one context, using every core, in order."""

def check_json(doc: str) -> str:
    """The JSON entry point: the document of docs/src/input.md in, the envelope of docs/src/envelope.md out."""

def segments(text: str) -> dict[str, Any]:
    """How ``text`` travels as SMS: encoding, units, segments, ucs2_chars."""

def fingerprint(request: _Request) -> str:
    """``"sha256:"`` and the hex SHA-256 of the request's RFC 8785 form."""

def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the request body."""
