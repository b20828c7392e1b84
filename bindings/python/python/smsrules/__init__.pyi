"""smsrules: is this ``POST /v1/sms/send`` request valid, and what exactly will happen?"""

from collections.abc import Iterable
from typing import Any

from smsrules._core import PHONE_METADATA_VERSION as PHONE_METADATA_VERSION
from smsrules._core import Context as Context
from smsrules._core import Issue as Issue
from smsrules._core import Outcome as Outcome
from smsrules._core import _Context, _Request
from smsrules._core import __version__ as __version__
from smsrules._core import check as check
from smsrules._core import check_json as check_json
from smsrules._core import check_many as check_many
from smsrules._core import fingerprint as fingerprint
from smsrules._core import json_schema as json_schema
from smsrules._core import segments as segments

__all__ = [
    "PHONE_METADATA_VERSION",
    "Context",
    "Issue",
    "Outcome",
    "SendRequestError",
    "__version__",
    "check",
    "check_json",
    "check_many",
    "fingerprint",
    "json_schema",
    "segments",
    "validate",
]

class SendRequestError(ValueError):
    """A send request that is not valid, raised by :func:`validate`."""

    errors: list[Issue]
    warnings: list[Issue]
    def __init__(self, errors: Iterable[Issue], warnings: Iterable[Issue] = ()) -> None: ...

def validate(
    request: _Request,
    context: _Context = None,
    *,
    idempotency_key: str | None = None,
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Check a send request and return its plan, or raise :class:`SendRequestError`."""
