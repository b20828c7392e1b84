"""smsrules.spark: every row of a Spark frame gets what smsrules.check answers for it.

One local-mode session (module-scoped) runs every test here; its Python workers are
separate processes, so nothing passes between driver and executors but pickles and Arrow
batches. Expected answers are computed on the driver with ``smsrules.check`` (or, for a
context that is not an object, ``check_json`` on the same document), from the same inputs
the frame was built from, never from the module under test.

Without pyspark these tests are skipped, unless SMSRULES_REQUIRE_SPARK is set (run-tests.sh
sets it), where a missing pyspark fails them.
"""

import json
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

import smsrules
from conftest import CASES, README

if os.environ.get("SMSRULES_REQUIRE_SPARK"):
    import pyspark  # noqa: F401  (fails loudly when the test venv lacks the extra)
else:
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")

import pyarrow as pa  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

from smsrules.spark import CampaignSummary, check_frame, summarize  # noqa: E402

NOW = "2026-11-27T12:00:00Z"
AGENT = "+14155550000"
RICH_CONTEXT = {
    "now": NOW,
    "account": {"numbers": [AGENT, "+14155550001"]},
    "number": {
        "phone_number": AGENT,
        "sms_config": {"webhook": "https://example.com/hook", "time_out": 900, "warning_time": 300},
    },
}


@pytest.fixture(scope="module")
def spark():
    scratch = tempfile.mkdtemp(prefix="smsrules-spark-test-")
    # The workers run this interpreter (the test venv, where smsrules is installed).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("smsrules-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # Small frames in one task each; the tests that want several partitions ask for them.
        .config("spark.default.parallelism", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.local.dir", os.path.join(scratch, "local"))
        .config("spark.sql.warehouse.dir", os.path.join(scratch, "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={scratch}")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
        shutil.rmtree(scratch, ignore_errors=True)


# --- how answers are compared ---------------------------------------------------------


def normal(ok, errors, warnings, plan):
    """One comparable form for a result row and an expected answer."""
    return {"ok": ok, "errors": errors, "warnings": warnings, "plan": plan}


def from_row(result):
    """A result struct as collected (a dict, from Arrow)."""

    def issues(items):
        return [{**item, "params": json.loads(item["params"])} for item in items]

    plan = None if result["plan"] is None else json.loads(result["plan"])
    return normal(result["ok"], issues(result["errors"]), issues(result["warnings"]), plan)


def from_outcome(outcome):
    return normal(
        outcome.ok,
        [issue.to_dict() for issue in outcome.errors],
        [issue.to_dict() for issue in outcome.warnings],
        outcome.plan,
    )


def from_envelope(text):
    envelope = json.loads(text)
    return normal(envelope["data"] is not None, envelope["errors"] or [], envelope["warnings"], envelope["data"])


def expected(body, context_text=None, context=None, options=None, through_json=False):
    """What smsrules answers for one row: ``body`` is a dict or JSON text; the context is
    one dict/Context, or the JSON text of a context cell. ``through_json`` reads the outcome
    through ``Outcome.to_json`` (the same envelope; quicker than its plan dict for many rows)."""
    if context_text is not None:
        try:
            context = json.loads(context_text, parse_constant=lambda name: 1 / 0)
        except (ValueError, ZeroDivisionError):
            context = context_text
        if context is not None and not isinstance(context, dict):
            document = {"request_text": body if isinstance(body, str) else json.dumps(body), "context": context}
            if options is not None:
                document["options"] = options
            return from_envelope(smsrules.check_json(json.dumps(document)))
    outcome = smsrules.check(body, context, options=options)
    return from_envelope(outcome.to_json()) if through_json else from_outcome(outcome)


def collect_results(frame, result_col="smsrules"):
    """``{id: result}`` through Arrow (the frame has an ``id`` column)."""
    rows = frame.select("id", result_col).toArrow().to_pylist()
    assert len({row["id"] for row in rows}) == len(rows)
    return {row["id"]: from_row(row[result_col]) for row in rows}


def assert_same(actual, wanted):
    assert actual.keys() == wanted.keys()
    different = [key for key in wanted if actual[key] != wanted[key]]
    assert different == [], f"{len(different)} rows differ, first {different[0]!r}: {actual[different[0]]} != {wanted[different[0]]}"


# --- the conformance vectors ----------------------------------------------------------


def vector_inputs():
    """(id, body text, context text or None, options) for every vector with a body and
    dict-or-absent options; whole-document texts are read when they parse."""
    found = []
    for _, case in CASES:
        document = case.get("input")
        if document is None:
            try:
                document = json.loads(case["input_text"])
            except ValueError:
                continue
            if not isinstance(document, dict):
                continue
        options = document.get("options")
        if options is not None and not isinstance(options, dict):
            continue
        if isinstance(document.get("request_text"), str):
            body = document["request_text"]
        else:
            body = json.dumps(document.get("request"))
        context = json.dumps(document["context"]) if "context" in document else None
        if not _utf8(body):
            continue  # Spark text is UTF-8: a lone surrogate cannot be put in a frame
        found.append((case["id"], body, context, options))
    return found


def _utf8(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


VECTORS = vector_inputs()


def by_options(entries):
    groups = {}
    for entry in entries:
        groups.setdefault(json.dumps(entry[-1], sort_keys=True), []).append(entry)
    return list(groups.values())


def union_all(frames):
    """The ids and results of every frame, as one frame (one Spark job to collect)."""
    merged = frames[0].select("id", "smsrules")
    for frame in frames[1:]:
        merged = merged.unionByName(frame.select("id", "smsrules"))
    return merged


def test_vectors_cover_the_suite():
    assert len(VECTORS) >= len(CASES) - 5
    assert any(context is not None and not json.loads(context).__class__ is dict for _, _, context, _ in VECTORS)


def test_vectors_as_json_text_with_a_context_column(spark):
    schema = "id string, body string, context string"
    frames = []
    for group in by_options(VECTORS):
        frame = spark.createDataFrame([(id_, body, context) for id_, body, context, _ in group], schema)
        frames.append(check_frame(frame, request_col="body", context="context", options=group[0][3]))
    actual = collect_results(union_all(frames))
    wanted = {id_: expected(body, context, options=options) for id_, body, context, options in VECTORS}
    assert_same(actual, wanted)


@pytest.mark.parametrize("prepared", [False, True], ids=["dict", "Context"])
def test_vectors_as_json_text_with_one_context(spark, prepared):
    frame = spark.createDataFrame([(id_, body) for id_, body, _, _ in VECTORS], "id string, body string")
    context = smsrules.Context(RICH_CONTEXT) if prepared else RICH_CONTEXT
    actual = collect_results(check_frame(frame, request_col="body", context=context))
    wanted = {id_: expected(body, context=RICH_CONTEXT) for id_, body, _, _ in VECTORS}
    assert_same(actual, wanted)
    assert sum(result["ok"] for result in actual.values()) > 50


class Unrepresentable(Exception):
    """A JSON value no Spark column type holds (mixed arrays, huge integers, ...)."""


def spark_type(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return T.BooleanType()
    if isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise Unrepresentable
        return T.LongType()
    if isinstance(value, float):
        return T.DoubleType()
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Unrepresentable from None
        return T.StringType()
    if isinstance(value, list):
        element = None
        for item in value:
            element = merge(element, spark_type(item))
        return T.ArrayType(element, True) if element is not None else T.ArrayType(T.StringType(), True)
    if isinstance(value, dict):
        if not value:
            raise Unrepresentable
        merged = T.StructType([])
        for key, item in value.items():
            merged = merge(merged, T.StructType([T.StructField(key, spark_type(item) or T.NullType(), True)]))
        return merged
    raise Unrepresentable


def merge(a, b):
    """The one type holding values of both types, else Unrepresentable."""
    if a is None or isinstance(a, T.NullType):
        return b if b is not None else a
    if b is None or isinstance(b, T.NullType):
        return a
    if isinstance(a, T.ArrayType) and isinstance(b, T.ArrayType):
        return T.ArrayType(merge(a.elementType, b.elementType), True)
    if isinstance(a, T.StructType) and isinstance(b, T.StructType):
        fields = {field.name: field.dataType for field in a.fields}
        for field in b.fields:
            if field.name not in fields and field.name.lower() in {name.lower() for name in fields}:
                raise Unrepresentable  # Spark resolves names regardless of case
            fields[field.name] = merge(fields.get(field.name), field.dataType)
        return T.StructType([T.StructField(name, kind, True) for name, kind in fields.items()])
    if type(a) is type(b) and not isinstance(a, (T.ArrayType, T.StructType)):
        return a
    raise Unrepresentable


def settle(kind):
    """Columns seen only as null become strings."""
    if kind is None or isinstance(kind, T.NullType):
        return T.StringType()
    if isinstance(kind, T.ArrayType):
        return T.ArrayType(settle(kind.elementType), True)
    if isinstance(kind, T.StructType):
        return T.StructType([T.StructField(f.name, settle(f.dataType), True) for f in kind.fields])
    return kind


def as_fields(value):
    """The body a row of struct columns means: nulls in objects are absent, in arrays kept."""
    if isinstance(value, dict):
        return {key: as_fields(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [as_fields(item) for item in value]
    return value


def test_vectors_as_field_columns_with_a_context_column(spark):
    """Every vector whose body is an object becomes one row of typed columns; vectors
    whose field types clash go to separate frames."""
    cases = [(case["id"], case["input"]) for _, case in CASES if isinstance(case.get("input", {}).get("request"), dict)]
    groups = []  # [options text, options, schema, [(id, request, context text)]]
    unrepresentable = []
    for id_, document in cases:
        options = document.get("options")
        if options is not None and not isinstance(options, dict):
            continue
        request = document["request"]
        try:
            kind = spark_type(request) if request else T.StructType([])
            if any(key in ("id", "context") for key in request):
                raise Unrepresentable
        except Unrepresentable:
            unrepresentable.append(id_)
            continue
        context = json.dumps(document["context"]) if "context" in document else None
        options_text = json.dumps(options, sort_keys=True)
        for group in groups:
            if group[0] != options_text:
                continue
            try:
                group[2] = merge(group[2], kind)
            except Unrepresentable:
                continue
            group[3].append((id_, request, context))
            break
        else:
            groups.append([options_text, options, kind, [(id_, request, context)]])
    assert len(unrepresentable) < 10, unrepresentable

    frames = []
    wanted = {}
    for _, options, kind, rows in groups:
        body_schema = settle(kind)
        schema = T.StructType(
            [T.StructField("id", T.StringType()), T.StructField("context", T.StringType()), *body_schema.fields]
        )
        data = [{**request, "id": id_, "context": context} for id_, request, context in rows]
        frame = spark.createDataFrame(data, schema)
        frames.append(check_frame(frame, context="context", options=options, fields=body_schema.fieldNames()))
        for id_, request, context in rows:
            wanted[id_] = expected(as_fields(request), context, options=options)
    assert len(wanted) > 150
    assert_same(collect_results(union_all(frames)), wanted)


# --- a generated campaign -------------------------------------------------------------

GENERATED_ROWS = 50_000
CAMPAIGN_SCHEMA = T.StructType(
    [
        T.StructField("id", T.LongType()),
        T.StructField("user_number", T.StringType()),
        T.StructField("agent_number", T.StringType()),
        T.StructField("agent_message", T.StringType()),
        T.StructField("time_out", T.LongType()),
        T.StructField("warning_time", T.LongType()),
        T.StructField("channel", T.StringType()),
        T.StructField("persona_id", T.StringType()),
        T.StructField(
            "persona_settings",
            T.StructType(
                [
                    T.StructField("pathway_id", T.StringType()),
                    T.StructField("pathway_version", T.LongType()),
                    T.StructField("start_node_id", T.StringType()),
                ]
            ),
        ),
        T.StructField("request_data", T.StructType([T.StructField("customer", T.StringType()), T.StructField("score", T.DoubleType())])),
        T.StructField("metadata", T.MapType(T.StringType(), T.StringType())),
        T.StructField("content_variables", T.MapType(T.StringType(), T.StringType())),
        T.StructField("disposition_ids", T.ArrayType(T.StringType())),
        T.StructField("context", T.StringType()),
    ]
)
STRUCT_COLUMNS = ("persona_settings", "request_data")

CONTEXT_CELLS = [
    None,
    json.dumps(RICH_CONTEXT),
    json.dumps({"now": NOW}),
    json.dumps({"now": "yesterday"}),
    json.dumps({"now": NOW, "account": {"numbers": ["+1415"]}}),
    json.dumps({"now": NOW, "conversation": {"id": "c1", "active": True, "channel": "sms"}}),
    "null",
    "not json at all",
    "[1, 2]",
    '{"now": NaN}',
]


def generated_rows(count, seed=21):
    """Rows that are mostly valid, each field going wrong now and then."""
    rng = random.Random(seed)

    def usually(good, *bad, rate=0.06):
        return rng.choice(bad) if rng.random() < rate else good

    rows = []
    for index in range(count):
        rows.append(
            {
                "id": index,
                "user_number": usually(
                    rng.choice(["+14155552671", "+447911123456", "+4915112345678"]),
                    "+1415", "+1 (415) 555-2671", AGENT, None, "",
                ),
                "agent_number": usually(AGENT, "+14155550001", "+999", None, rate=0.03),
                "agent_message": usually(
                    rng.choice(
                        [
                            "Your order has shipped!",
                            "Hi 👋 your code is " + str(rng.randrange(10**6)),
                            "x" * rng.randrange(150, 700),
                            "€" * rng.randrange(1, 100),
                        ]
                    ),
                    "", None, "a" * 1700,
                ),
                "time_out": usually(rng.choice([None, 600, 3600]), -1, 0, 10**7),
                "warning_time": usually(None, 300, 900, 5000),
                "channel": usually(None, "sms", "whatsapp", "fax", rate=0.08),
                "persona_id": usually(None, "8b0f5d3c-2a4e-4f6b-9c1d-3e5f7a9b1c2d", "not-a-uuid"),
                "persona_settings": usually(
                    None,
                    {"pathway_id": "pw_1", "pathway_version": None, "start_node_id": None},
                    {"pathway_id": None, "pathway_version": 2, "start_node_id": "n1"},
                ),
                "request_data": usually(
                    {"customer": "c" + str(index), "score": rng.random()}, None, {"customer": None, "score": None}, rate=0.3
                ),
                "metadata": usually({"campaign": "winter", "batch": str(index % 7)}, None, {}, {"note": None}, rate=0.3),
                "content_variables": usually(None, {"1": "Ada"}, rate=0.02),
                "disposition_ids": usually(None, [], ["d1", "d1"], ["d2", None]),
                "context": usually(CONTEXT_CELLS[1], *CONTEXT_CELLS, rate=0.3),
            }
        )
    return rows


def body_of(row):
    """The body a generated row means as field columns (see check_frame)."""
    body = {}
    for name, value in row.items():
        if name in ("id", "context") or value is None:
            continue
        body[name] = as_fields(value) if name in STRUCT_COLUMNS else value
    return body


def arrow_table(rows, schema):
    columns = {name: [row[name] for row in rows] for name in schema.fieldNames()}
    for field in schema.fields:
        if isinstance(field.dataType, T.MapType):
            columns[field.name] = [None if value is None else list(value.items()) for value in columns[field.name]]
    return pa.table(columns, schema=pa.schema([pa.field(f.name, _arrow(f.dataType)) for f in schema.fields]))


@pytest.fixture(scope="module")
def campaign(spark):
    """The generated rows, their frame, and the frame checked as field columns with its
    context column (kept in memory: three tests read it)."""
    rows = generated_rows(GENERATED_ROWS)
    frame = spark.createDataFrame(arrow_table(rows, CAMPAIGN_SCHEMA)).repartition(3)
    fields = [name for name in frame.columns if name not in ("id", "context")]
    checked = check_frame(frame, context="context", fields=fields).persist()
    yield rows, frame, checked
    checked.unpersist()


def _arrow(kind):
    simple = {T.LongType: pa.int64(), T.StringType: pa.string(), T.DoubleType: pa.float64()}
    if isinstance(kind, T.StructType):
        return pa.struct([pa.field(f.name, _arrow(f.dataType)) for f in kind.fields])
    if isinstance(kind, T.MapType):
        return pa.map_(_arrow(kind.keyType), _arrow(kind.valueType))
    if isinstance(kind, T.ArrayType):
        return pa.list_(_arrow(kind.elementType))
    return simple[type(kind)]


@pytest.fixture(scope="module")
def campaign_wanted(campaign):
    rows, _, _ = campaign
    return {row["id"]: expected(body_of(row), row["context"], through_json=True) for row in rows}


def test_generated_campaign_as_field_columns_with_a_context_column(campaign, campaign_wanted):
    rows, _, checked = campaign
    assert checked.count() == len(rows)
    actual = collect_results(checked)
    assert_same(actual, campaign_wanted)
    valid = sum(result["ok"] for result in actual.values())
    assert 0.2 * len(rows) < valid < 0.8 * len(rows)


def test_generated_campaign_as_json_text_with_one_context(spark, campaign):
    """The first 10,000 generated bodies as JSON text, some pretty, some with an unknown
    field (an error here), some cut short."""
    rows, _, _ = campaign
    options = {"phone_input": "lenient", "default_region": "US", "unknown_fields": "error"}
    texts = []
    for row in rows[:10_000]:
        body = body_of(row)
        style = row["id"] % 5
        if style == 1:
            text = json.dumps(body, indent=1, ensure_ascii=False)
        elif style == 2:
            text = json.dumps({**body, "timeout": 5})
        elif style == 3:
            text = json.dumps(body)[:-1]  # not JSON
        else:
            text = json.dumps(body)
        texts.append((row["id"], text))
    table = pa.table({"id": [id_ for id_, _ in texts], "body": [text for _, text in texts]})
    frame = spark.createDataFrame(table).repartition(2)
    checked = check_frame(frame, request_col="body", context=RICH_CONTEXT, options=options)
    actual = collect_results(checked)
    prepared = smsrules.Context(RICH_CONTEXT)
    wanted = {id_: from_envelope(smsrules.check(text, prepared, options=options).to_json()) for id_, text in texts}
    assert_same(actual, wanted)
    assert 0 < sum(result["ok"] for result in actual.values()) < len(texts)


def test_summary_of_the_generated_campaign(campaign, campaign_wanted):
    rows, _, checked = campaign
    summary = summarize(checked, top=3)
    valid = [result for result in campaign_wanted.values() if result["ok"]]
    assert isinstance(summary, CampaignSummary)
    assert (summary.rows, summary.valid, summary.invalid) == (len(rows), len(valid), len(rows) - len(valid))
    assert summary.segments == sum(result["plan"]["message"].get("segments") or 0 for result in valid)
    assert summary.segments > len(valid)
    counts = {}
    for result in campaign_wanted.values():
        for code in {issue["error"] for issue in result["errors"]}:
            counts[code] = counts.get(code, 0) + 1
    assert summary.top_errors == sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
    assert summary.top_warnings and all(count > 0 for _, count in summary.top_warnings)
    assert "invalid:" in str(summary)


# --- bad input: each row its own errors, no row lost ----------------------------------


def test_bad_rows_get_their_own_errors(spark):
    good = {"user_number": "+14155552671", "agent_number": AGENT, "agent_message": "Hi"}
    rows = [
        (1, json.dumps(good), json.dumps({"now": NOW})),
        (2, '{"user_number": "+14155552671", ', None),  # malformed JSON text
        (3, None, None),  # null request
        (4, json.dumps(good), "garbage {"),  # context that is not JSON
        (5, json.dumps(good), "[]"),  # context that is not an object
        (6, '{"user_number": 14155552671, "agent_number": true}', None),  # wrong types
        (7, "", None),
        (8, json.dumps(good), json.dumps({"now": "soon", "account": {"numbers": "+1"}})),
    ]
    frame = spark.createDataFrame(rows, "id long, body string, context string").repartition(2)
    checked = check_frame(frame, request_col="body", context="context")
    assert checked.count() == len(rows)
    actual = collect_results(checked)
    wanted = {id_: expected("null" if body is None else body, context) for id_, body, context in rows}
    assert_same(actual, wanted)
    codes = {id_: [issue["error"] for issue in result["errors"]] for id_, result in actual.items()}
    assert codes[1] == [] and actual[1]["ok"]
    assert codes[2] == ["INVALID_JSON"]
    assert codes[3] == ["INVALID_TYPE"]
    assert codes[4] == ["INVALID_INPUT"] and actual[4]["errors"][0]["path"] == "/context"
    assert codes[5] == ["INVALID_INPUT"]
    assert set(codes[6]) == {"INVALID_TYPE", "MISSING_FIELD"} or "INVALID_TYPE" in codes[6]
    assert codes[7] == ["INVALID_JSON"]
    assert "INVALID_CONTEXT" in codes[8]


def test_wrong_typed_and_odd_columns(spark):
    """Columns of types a body field does not take are judged as Spark writes them as JSON
    (decimals as numbers, dates and binary as strings); each row gets its own errors."""
    schema = (
        "id long, user_number long, agent_number string, agent_message string, time_out string,"
        " warning_time decimal(10,0), metadata map<string,int>, request_data array<int>, sent date, raw binary"
    )
    rows = [
        (1, 14155552671, AGENT, "Hi", "600", 300, {"a": 1}, [1, None], None, None),
        (2, None, AGENT, None, None, None, None, None, None, None),
        (3, None, None, None, None, None, None, None, None, None),
    ]
    import datetime
    import decimal

    rows = [tuple(decimal.Decimal(v) if i == 5 and v is not None else v for i, v in enumerate(row)) for row in rows]
    rows.append((4, None, AGENT, "Hi", None, decimal.Decimal(5), None, None, datetime.date(2026, 1, 2), b"\x00\xff"))
    frame = spark.createDataFrame(rows, schema)
    fields = [name for name in frame.columns if name != "id"]
    checked = check_frame(frame, fields=fields)
    assert checked.count() == len(rows)
    actual = collect_results(checked)
    bodies = {
        1: {"user_number": 14155552671, "agent_number": AGENT, "agent_message": "Hi", "time_out": "600", "warning_time": 300, "metadata": {"a": 1}, "request_data": [1, None]},
        2: {"agent_number": AGENT},
        3: {},
        4: {"agent_number": AGENT, "agent_message": "Hi", "warning_time": 5, "sent": "2026-01-02", "raw": "AP8="},
    }
    assert_same(actual, {id_: expected(body) for id_, body in bodies.items()})
    assert [issue["path"] for issue in actual[1]["errors"] if issue["error"] == "INVALID_TYPE"] == [
        "/request_data",
        "/time_out",
        "/user_number",
    ]


def test_result_column_replaces_and_columns_pass_through(spark):
    frame = spark.createDataFrame([(1, '{"user_number": "+14155552671", "agent_number": "+14155550000"}', "x")], "id long, body string, smsrules string")
    checked = check_frame(frame, request_col="body")
    assert checked.columns == ["id", "body", "smsrules"]
    assert checked.schema["smsrules"].dataType.simpleString().startswith("struct<ok:boolean,errors:array<struct<error:string,in:string")
    again = check_frame(checked, request_col="body", result_col="second")
    row = again.first()
    assert row["id"] == 1 and row["smsrules"]["ok"] is True and row["second"]["ok"] is True


def test_empty_frame(spark):
    frame = spark.createDataFrame([], "id long, body string")
    assert check_frame(frame, request_col="body").count() == 0
    assert summarize(check_frame(frame, request_col="body")) == CampaignSummary(rows=0, valid=0, invalid=0, segments=0)


def test_misuse_raises_on_the_driver(spark):
    frame = spark.createDataFrame([(1, "{}")], "id long, body string")
    with pytest.raises(TypeError):
        check_frame([], request_col="body")
    with pytest.raises(ValueError, match="column"):
        check_frame(frame, request_col="nope")
    with pytest.raises(TypeError, match="string"):
        check_frame(frame, request_col="id")
    with pytest.raises(TypeError, match="options"):
        check_frame(frame, request_col="body", options=["warn"])
    with pytest.raises(TypeError, match="context"):
        check_frame(frame, request_col="body", context=5)
    with pytest.raises(ValueError, match="fields"):
        check_frame(frame, fields=["nope"])
    with pytest.raises(ValueError, match="result column"):
        summarize(frame)


def test_the_task_travels_by_plain_pickle():
    """What a task carries is picklable without cloudpickle's by-value tricks: an executor
    on another machine needs only the installed package."""
    from smsrules import spark as module

    job = module._Job(kept=1, context=smsrules.Context(RICH_CONTEXT), context_from_column=False, options={"max_issues": 5})
    back = pickle.loads(pickle.dumps(job))
    assert back.context.to_dict() == RICH_CONTEXT and back.options == {"max_issues": 5}
    assert pickle.loads(pickle.dumps(module._check_batches)) is module._check_batches


def test_smsrules_imports_without_the_extra():
    code = (
        "import sys\n"
        "sys.modules['pyspark'] = None\n"
        "import smsrules\n"
        "assert smsrules.check({'user_number': '+14155552671', 'agent_number': '+14155550000'}).ok\n"
        "try:\n"
        "    import smsrules.spark\n"
        "except ImportError as missing:\n"
        "    assert 'smsrules[spark]' in str(missing), missing\n"
        "else:\n"
        "    raise SystemExit('smsrules.spark imported without pyspark')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_the_spark_extra_is_declared():
    """`pip install "smsrules[spark]"` brings what smsrules.spark imports, and nothing
    else of it is a plain requirement."""
    from importlib.metadata import requires

    declared = requires("smsrules") or []
    spark_extra = re.compile(r"""extra\s*==\s*["']spark["']""")
    extra = sorted(re.split(r"[<>=!~; \[]", line, maxsplit=1)[0] for line in declared if spark_extra.search(line))
    assert extra == ["pandas", "pyarrow", "pyspark"]
    assert [line for line in declared if "extra ==" not in line] == []


def test_readme_spark_example(spark, tmp_path):
    """The README's Spark example (its ```python spark block) runs as written, with the
    session and a context given, and its relative paths put under a temporary directory
    (the JVM resolves relative paths against its own working directory, not Python's)."""
    blocks = re.findall(r"^```python spark\n(.*?)^```", README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1
    code = blocks[0]
    for name in ("campaign", "valid", "invalid"):
        assert f'"{name}/"' in code
        code = code.replace(f'"{name}/"', json.dumps(str(tmp_path / name)))
    rows = [
        ("+14155552671", AGENT, "Your table is booked", {"booking": "b1"}, "r1"),
        ("+1415", AGENT, "Your table is booked", None, "r2"),
    ]
    schema = "user_number string, agent_number string, agent_message string, metadata map<string,string>, recipient string"
    spark.createDataFrame(rows, schema).write.parquet(str(tmp_path / "campaign"))
    exec(compile(code, str(README), "exec"), {"spark": spark, "context_dict": RICH_CONTEXT})
    assert spark.read.parquet(str(tmp_path / "valid")).count() == 1
    assert spark.read.parquet(str(tmp_path / "invalid")).count() == 1
