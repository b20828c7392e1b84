"""smsrules on Apache Spark: judge every row of a DataFrame, on the executors.

Install with ``pip install "smsrules[spark]"`` (brings pyspark, pyarrow and pandas, which
pyspark's Arrow functions need); ``import smsrules`` alone never needs them. ::

    from smsrules.spark import check_frame, summarize
    checked = check_frame(campaign, context={"now": "2026-11-27T12:00:00Z"})
    checked.where("smsrules.ok").write.parquet("valid/")
    print(summarize(checked))

Every row is one request. Rows travel to the Python workers as Arrow record batches
(``mapInArrow``); each batch is judged with one :func:`smsrules.check_many` call against a
context prepared once per task. Nothing is collected on the driver, and nothing assumes
that the driver and the executors share a process or a file system: the function and its
arguments travel by pickle, and every executor's Python must have smsrules installed.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional, Sequence, Union

try:
    import pyarrow as pa
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as missing:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        f'smsrules.spark needs pyspark, pyarrow and pandas ({missing}); install them with: pip install "smsrules[spark]"'
    ) from missing

import smsrules

__all__ = ["RESULT_TYPE", "CampaignSummary", "check_frame", "summarize"]

#: One issue in a result: the wire form of :class:`smsrules.Issue`, with ``params`` as JSON text.
ISSUE_TYPE = T.StructType(
    [
        T.StructField("error", T.StringType(), False),
        T.StructField("in", T.StringType(), False),
        T.StructField("path", T.StringType(), False),
        T.StructField("message", T.StringType(), False),
        T.StructField("params", T.StringType(), False),
    ]
)

#: The type of the column :func:`check_frame` adds.
RESULT_TYPE = T.StructType(
    [
        T.StructField("ok", T.BooleanType(), False),
        T.StructField("errors", T.ArrayType(ISSUE_TYPE, False), False),
        T.StructField("warnings", T.ArrayType(ISSUE_TYPE, False), False),
        T.StructField("plan", T.StringType(), True),
    ]
)

_ARROW_ISSUE = pa.struct(
    [
        pa.field("error", pa.string(), False),
        pa.field("in", pa.string(), False),
        pa.field("path", pa.string(), False),
        pa.field("message", pa.string(), False),
        pa.field("params", pa.string(), False),
    ]
)
_ARROW_RESULT = pa.struct(
    [
        pa.field("ok", pa.bool_(), False),
        pa.field("errors", pa.list_(pa.field("element", _ARROW_ISSUE, False)), False),
        pa.field("warnings", pa.list_(pa.field("element", _ARROW_ISSUE, False)), False),
        pa.field("plan", pa.string(), True),
    ]
)

# Helper columns carried from the JVM to the Python workers; dropped from the output.
_BODY = "__smsrules_body"
_CONTEXT = "__smsrules_context"

# A task remembers this many distinct context texts of a context column, prepared.
_PREPARED_CONTEXTS_PER_TASK = 256


def check_frame(
    df: DataFrame,
    *,
    context: Union[None, dict, smsrules.Context, str] = None,
    options: Optional[dict] = None,
    request_col: Optional[str] = None,
    result_col: str = "smsrules",
    fields: Optional[Sequence[str]] = None,
) -> DataFrame:
    """Judge every row of ``df`` as one send request; return ``df`` with a result column.

    The body of a row is, when ``request_col`` names a string column, that column's text
    (raw JSON, judged as it is: invalid JSON and duplicate keys are reported; a null is the
    text ``null``); otherwise the row's columns (``fields``, by default every column except
    a context column), written as JSON the way Spark's ``to_json`` writes a struct: a null
    column, or a null field of a struct column, is an absent field; a map or struct column
    is a nested object; nulls inside maps and arrays stay ``null``.

    ``context`` is one context for every row (a dict or :class:`smsrules.Context`), or the
    name of a string column holding each row's context as JSON text (a null cell: no
    context). ``options`` applies to every row.

    The new column ``result_col`` (replacing a column of that name) is a struct: ``ok``;
    ``errors`` and ``warnings``, arrays of ``{error, in, path, message, params}`` with
    ``params`` as JSON text (empty arrays when there are none); ``plan``, the plan as JSON
    text, null when the request is invalid. It holds exactly what :func:`smsrules.check`
    answers for the same body, context and options.
    """
    if not isinstance(df, DataFrame):
        raise TypeError(f"df must be a pyspark.sql.DataFrame, not {type(df).__name__}")
    if not isinstance(result_col, str) or not result_col:
        raise TypeError("result_col must be a non-empty str")
    if options is not None and not isinstance(options, dict):
        raise TypeError(f"options must be a dict or None, not {type(options).__name__}")
    context_col = context if isinstance(context, str) else None
    if context is not None and context_col is None and not isinstance(context, (dict, smsrules.Context)):
        raise TypeError(
            f"context must be a dict, an smsrules.Context, a column name or None, not {type(context).__name__}"
        )
    columns = df.columns
    for name, role in ((request_col, "request_col"), (context_col, "context")):
        if name is not None:
            _require_string_column(df, name, role)
    if request_col is not None and fields is not None:
        raise ValueError("give either request_col (JSON text) or fields (columns), not both")

    if request_col is not None:
        body = F.col(request_col)
    else:
        if fields is None:
            fields = [name for name in columns if name != context_col and name != result_col]
        missing = [name for name in fields if name not in columns]
        if missing:
            raise ValueError(f"fields names columns the frame does not have: {missing}")
        # Spark writes the JSON (nested structs and maps, decimals, dates) exactly as
        # `to_json` does everywhere else; nulls are left out whatever the session's default.
        if fields:
            body = F.to_json(F.struct(*[F.col(_quoted(name)) for name in fields]), {"ignoreNullFields": "true"})
        else:
            body = F.lit("{}")

    kept = [name for name in columns if name != result_col]
    carried = [F.col(_quoted(name)) for name in kept] + [body.alias(_BODY)]
    if context_col is not None:
        carried.append(F.col(_quoted(context_col)).alias(_CONTEXT))
    source = df.select(*carried)

    output = T.StructType([df.schema[name] for name in kept] + [T.StructField(result_col, RESULT_TYPE, False)])
    job = _Job(
        kept=len(kept),
        context=None if context_col is not None else context,
        context_from_column=context_col is not None,
        options=options,
    )
    return source.mapInArrow(functools.partial(_check_batches, job), output)


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _require_string_column(df: DataFrame, name: str, role: str) -> None:
    if name not in df.columns:
        raise ValueError(f"{role} names a column the frame does not have: {name!r}")
    kind = df.schema[name].dataType
    if not isinstance(kind, T.StringType):
        raise TypeError(f"{role} column {name!r} must hold JSON text (string), not {kind.simpleString()}")


@dataclass(frozen=True)
class _Job:
    """What every task needs; pickled once per task by Spark."""

    kept: int
    context: Union[None, dict, smsrules.Context]
    context_from_column: bool
    options: Optional[dict]


def _check_batches(job: _Job, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """One task: judge each Arrow batch of a partition; the context is prepared once here."""
    shared = _prepare(job.context) if not job.context_from_column else None
    contexts = _ContextTexts(job.options)
    for batch in batches:
        bodies = batch.column(job.kept).to_pylist()
        # A null body cell is the JSON text `null`: a body that is not an object.
        bodies = ["null" if body is None else body for body in bodies]
        if job.context_from_column:
            envelopes = contexts.check(bodies, batch.column(job.kept + 1).to_pylist())
        else:
            envelopes = [outcome.to_json() for outcome in smsrules.check_many(bodies, shared, options=job.options)]
        results = pa.array([_result(envelope) for envelope in envelopes], type=_ARROW_RESULT)
        arrays = [batch.column(i) for i in range(job.kept)] + [results]
        names = [batch.schema.field(i).name for i in range(job.kept)] + ["result"]
        yield pa.RecordBatch.from_arrays(arrays, names=names)


def _prepare(context: Union[None, dict, smsrules.Context]) -> Optional[smsrules.Context]:
    if context is None or isinstance(context, smsrules.Context):
        return context
    return smsrules.Context(context)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class _ContextTexts:
    """The contexts of a context column: each distinct text is read and prepared once."""

    def __init__(self, options: Optional[dict]) -> None:
        self.options = options
        self.options_text = None if options is None else json.dumps(options, default=str)
        self.prepared: dict[str, Any] = {}

    def read(self, text: Optional[str]) -> Any:
        """A prepared Context, None (no context), or the JSON text of a context that is
        not an object (a cell that is not JSON at all counts as that string)."""
        if text is None:
            return None
        known = self.prepared.get(text, self)
        if known is not self:
            return known
        try:
            value = json.loads(text, parse_constant=_reject_constant)
        except ValueError:
            value = text
        if value is None:
            prepared: Any = None
        elif isinstance(value, dict):
            prepared = smsrules.Context(value)
        else:
            prepared = _NotAnObject(json.dumps(value))
        if len(self.prepared) >= _PREPARED_CONTEXTS_PER_TASK:
            self.prepared.clear()
        self.prepared[text] = prepared
        return prepared

    def check(self, bodies: list, texts: list) -> list:
        """The envelope (JSON text) of each body, each against its own context cell."""
        groups: dict[int, tuple[Any, list[int]]] = {}
        for row, text in enumerate(texts):
            context = self.read(text)
            groups.setdefault(id(context), (context, []))[1].append(row)
        envelopes: list = [""] * len(bodies)
        for context, rows in groups.values():
            if isinstance(context, _NotAnObject):
                # Only the core may word the problem: the whole document goes to it.
                for row in rows:
                    envelopes[row] = smsrules.check_json(self.document(bodies[row], context.json))
                continue
            outcomes = smsrules.check_many([bodies[row] for row in rows], context, options=self.options)
            for row, outcome in zip(rows, outcomes):
                envelopes[row] = outcome.to_json()
        return envelopes

    def document(self, body: str, context_json: str) -> str:
        parts = ['{"request_text":', json.dumps(body), ',"context":', context_json]
        if self.options_text is not None:
            parts += [',"options":', self.options_text]
        parts.append("}")
        return "".join(parts)


@dataclass(frozen=True)
class _NotAnObject:
    json: str


def _issues(issues: list) -> list:
    for issue in issues:
        issue["params"] = json.dumps(issue["params"], ensure_ascii=False, separators=(",", ":"))
    return issues


# A valid envelope is `{"data":PLAN,"errors":null,"warnings":[...]}`: the plan's text is
# taken from it as the core wrote it (rebuilding it from a dict costs several times more).
_DATA = '{"data":{'
_VALID_TAIL = ',"errors":null,"warnings":['


def _result(envelope: str) -> dict:
    """A result struct from an envelope's JSON text, as ``Outcome.to_json`` and
    ``check_json`` write it."""
    if envelope.startswith(_DATA):
        tail = envelope.rfind(_VALID_TAIL)
        if tail > 0:
            warnings = envelope[tail + len(_VALID_TAIL) - 1 : -1]
            return {
                "ok": True,
                "errors": [],
                "warnings": [] if warnings == "[]" else _issues(json.loads(warnings)),
                "plan": envelope[len(_DATA) - 1 : tail],
            }
    parsed = json.loads(envelope)
    return {
        "ok": parsed["data"] is not None,
        "errors": _issues(parsed["errors"] or []),
        "warnings": _issues(parsed["warnings"]),
        "plan": None if parsed["data"] is None else json.dumps(parsed["data"], ensure_ascii=False, separators=(",", ":")),
    }


@dataclass(frozen=True)
class CampaignSummary:
    """What a campaign owner wants to know before sending, from :func:`summarize`."""

    rows: int
    valid: int
    invalid: int
    #: SMS segments the valid rows will cost (rows on other channels, or sending a
    #: template or a generated message, count none: their length is not known here).
    segments: int
    #: The most frequent error codes, as (code, rows with that error), most rows first.
    top_errors: list = field(default_factory=list)
    #: The same for warnings.
    top_warnings: list = field(default_factory=list)

    def __str__(self) -> str:
        lines = [
            f"rows:     {self.rows}",
            f"valid:    {self.valid}",
            f"invalid:  {self.invalid}",
            f"segments: {self.segments} (SMS segments the valid rows will cost)",
        ]
        for title, codes in (("top errors", self.top_errors), ("top warnings", self.top_warnings)):
            lines.append(f"{title}:" + ("" if codes else " none"))
            lines.extend(f"  {count:>10}  {code}" for code, count in codes)
        return "\n".join(lines)


def summarize(checked: DataFrame, *, result_col: str = "smsrules", top: int = 10) -> CampaignSummary:
    """Count valid and invalid rows, the ``top`` error and warning codes (rows having each),
    and the SMS segments the valid rows will cost; computed by Spark (two small jobs)."""
    if not isinstance(checked, DataFrame):
        raise TypeError(f"checked must be a pyspark.sql.DataFrame, not {type(checked).__name__}")
    if result_col not in checked.columns:
        raise ValueError(f"the frame has no result column {result_col!r}; make it with check_frame")
    result = F.col(_quoted(result_col))
    segments = F.get_json_object(result["plan"], "$.message.segments").cast("long")
    totals = checked.agg(
        F.count(F.lit(1)).alias("rows"),
        F.count(F.when(result["ok"], 1)).alias("valid"),
        F.coalesce(F.sum(F.when(result["ok"], segments)), F.lit(0)).alias("segments"),
    ).first()
    rows, valid, total_segments = int(totals["rows"]), int(totals["valid"]), int(totals["segments"])
    # Rows having each code, per kind: at most one row per code and kind reaches the driver.
    codes = checked.select(
        F.explode(
            F.array_union(
                F.transform(F.array_distinct(result["errors"]["error"]), lambda code: F.struct(F.lit("error").alias("kind"), code.alias("code"))),
                F.transform(F.array_distinct(result["warnings"]["error"]), lambda code: F.struct(F.lit("warning").alias("kind"), code.alias("code"))),
            )
        ).alias("issue")
    )
    counted = codes.groupBy("issue.kind", "issue.code").count().collect()
    ranked = sorted(((row["kind"], row["code"], int(row["count"])) for row in counted), key=lambda item: (-item[2], item[1]))
    return CampaignSummary(
        rows=rows,
        valid=valid,
        invalid=rows - valid,
        segments=total_segments,
        top_errors=[(code, count) for kind, code, count in ranked if kind == "error"][:top],
        top_warnings=[(code, count) for kind, code, count in ranked if kind == "warning"][:top],
    )
