"""smsrules: is this ``POST /v1/sms/send`` request valid, and what exactly will happen?

Every answer comes from the same Rust core as the other smsrules surfaces (docs/src/getting-started/index.md)::

    import smsrules
    outcome = smsrules.check({"user_number": "+14155552671", "agent_number": "+14155550000"})
    outcome.ok, outcome.plan, outcome.errors, outcome.warnings

A server checking many requests against the same account and persona converts and judges
that context once: ``ctx = smsrules.Context(context_dict)``, then ``smsrules.check(request, ctx)``.
"""

from smsrules._core import (
    PHONE_METADATA_VERSION,
    _check_with_plan,
    Context,
    Issue,
    Outcome,
    __version__,
    check,
    check_json,
    check_many,
    fingerprint,
    json_schema,
    segments,
)

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

_SHOWN_IN_MESSAGE = 3


class SendRequestError(ValueError):
    """A send request that is not valid, raised by :func:`validate`.

    ``errors`` holds every error (:class:`Issue`), in envelope order; ``warnings`` the
    warnings found alongside them. The message lists the first few errors; like every
    issue message it never quotes phone numbers or message text.
    """

    errors: "list[Issue]"
    warnings: "list[Issue]"

    def __init__(self, errors, warnings=()):
        self.errors = list(errors)
        self.warnings = list(warnings)
        count = len(self.errors)
        shown = "; ".join(str(issue) for issue in self.errors[:_SHOWN_IN_MESSAGE])
        more = count - _SHOWN_IN_MESSAGE
        summary = f"{count} error{'s' if count != 1 else ''}: {shown}"
        if more > 0:
            summary += f"; and {more} more"
        super().__init__(f"invalid send request, {summary}")

    def __reduce__(self):
        # Rebuilt from the issues (not the message), e.g. across multiprocessing.
        return (type(self), (self.errors, self.warnings))


def validate(request, context=None, *, idempotency_key=None, options=None):
    """Check a send request and return its plan, or raise :class:`SendRequestError`.

    Arguments are those of :func:`check`. The plan is a dict (docs/src/plan.md); warnings do not
    raise (use :func:`check` to see them on a valid request).
    """
    outcome = _check_with_plan(request, context, idempotency_key=idempotency_key, options=options)
    if outcome.ok:
        return outcome.plan
    raise SendRequestError(outcome.errors, outcome.warnings)
