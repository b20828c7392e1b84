"""smsrules.spark.check_frame on 1 M rows, and where the time goes.

    python bench/spark/bench.py [--rows 1000000] [--masters local[1],local[2]] [--out FILE]

The rows are the campaign of examples/spark/campaign.py (the same generator), cached in
the JVM before anything is timed. For each master, each step below runs over every row and
writes to Spark's `noop` sink, so the whole pipeline runs and nothing is collected:

  scan         read the cached rows (the floor)
  to_json      + the body as JSON text, written by Spark (what check_frame does first)
  arrow        + the rows through a Python worker and back in Arrow batches, untouched
  to_pylist    + the body column read into Python strings and a constant result column
               built, as check_frame does, but no check
  check_frame  the real thing

Beside them, in this one process: check_many on the same bodies (the JSON text Spark
wrote, fetched once), alone and with the per-row result building check_frame adds (the
plan and issues as JSON text). Each figure is the best of --rounds runs.
"""

import argparse
import json
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

import smsrules
from smsrules import spark as smsrules_spark

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "spark"))
from campaign import BODY, generate  # noqa: E402

CONTEXT = json.loads((ROOT / "examples" / "spark" / "context.json").read_text())


def session(master):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(master)
        .appName("smsrules-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def best(rounds, run):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def untouched(batches):
    yield from batches


def read_bodies_only(batches):
    """What check_frame does around the check: the body to Python strings, a result column."""
    for batch in batches:
        bodies = batch.column(batch.num_columns - 1).to_pylist()
        results = pa.array([{"ok": True, "errors": [], "warnings": [], "plan": None} for _ in bodies], type=smsrules_spark._ARROW_RESULT)
        yield pa.RecordBatch.from_arrays([*batch.columns[:-1], results], names=[*batch.schema.names[:-1], "r"])


def spark_steps(master, rows, rounds, fetch_bodies):
    spark = session(master)
    try:
        source = generate(spark, rows).persist()
        assert source.count() == rows
        body = F.to_json(F.struct(*BODY), {"ignoreNullFields": "true"}).alias("body")
        with_body = source.select(*source.columns, body)
        # A new schema: StructType.add would change the frame's own (cached) schema.
        result_schema = T.StructType([*source.schema.fields, T.StructField("r", smsrules_spark.RESULT_TYPE, False)])
        steps = {
            "scan": lambda: source.write.format("noop").mode("overwrite").save(),
            "to_json": lambda: with_body.write.format("noop").mode("overwrite").save(),
            "arrow": lambda: with_body.mapInArrow(untouched, with_body.schema).write.format("noop").mode("overwrite").save(),
            "to_pylist": lambda: with_body.mapInArrow(read_bodies_only, result_schema).write.format("noop").mode("overwrite").save(),
            "check_frame": lambda: smsrules_spark.check_frame(source, context=CONTEXT, fields=BODY)
            .write.format("noop")
            .mode("overwrite")
            .save(),
        }
        figures = {name: best(rounds, run) for name, run in steps.items()}
        summary = smsrules_spark.summarize(smsrules_spark.check_frame(source, context=CONTEXT, fields=BODY))
        bodies = None
        if fetch_bodies:
            # Through a Parquet file, not the driver's JVM: a million bodies would not fit there.
            scratch = tempfile.mkdtemp(prefix="smsrules-bench-")
            try:
                with_body.select("body").write.parquet(os.path.join(scratch, "bodies"))
                bodies = pq.read_table(os.path.join(scratch, "bodies")).column(0).to_pylist()
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        source.unpersist()
        return figures, summary, bodies
    finally:
        spark.stop()


def single_process(bodies, rounds):
    context = smsrules.Context(CONTEXT)
    results = {}
    results["check_many: judge only (is it valid?)"] = best(rounds, lambda: smsrules.check_many(bodies, context))

    def envelopes():
        for outcome in smsrules.check_many(bodies, context):
            outcome.to_json()

    results["+ each outcome's envelope (plan resolved, JSON text)"] = best(rounds, envelopes)

    def results_and_arrow():
        for start in range(0, len(bodies), 10_000):
            batch = smsrules.check_many(bodies[start : start + 10_000], context)
            pa.array([smsrules_spark._result(outcome.to_json()) for outcome in batch], type=smsrules_spark._ARROW_RESULT)

    results["+ result structs and their Arrow column (what a task does)"] = best(rounds, results_and_arrow)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--masters", default="local[1],local[2]")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args()
    masters = args.masters.split(",")

    spark_figures = {}
    bodies = None
    summary = None
    for master in masters:
        figures, summary, got = spark_steps(master, args.rows, args.rounds, fetch_bodies=bodies is None)
        spark_figures[master] = figures
        bodies = bodies or got
        print(master, {name: round(seconds, 2) for name, seconds in figures.items()}, flush=True)
    local = single_process(bodies, args.rounds) if bodies else {}
    print("single process", {name: round(seconds, 2) for name, seconds in local.items()}, flush=True)

    rows = args.rows
    lines = [
        "| step | " + " | ".join(f"{master} s | rows/s | µs/row added" for master in masters) + " |",
        "|---|" + "---:|---:|---:|" * len(masters),
    ]
    for name in ("scan", "to_json", "arrow", "to_pylist", "check_frame"):
        cells = []
        for master in masters:
            figures = spark_figures[master]
            names = list(figures)
            previous = figures[names[names.index(name) - 1]] if name != "scan" else 0.0
            cells.append(f"{figures[name]:.2f} | {rows / figures[name]:,.0f} | {1e6 * (figures[name] - previous) / rows:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| in one process (no Spark) | s | rows/s | µs/row |")
    lines.append("|---|---:|---:|---:|")
    for name, seconds in local.items():
        lines.append(f"| {name} | {seconds:.2f} | {rows / seconds:,.0f} | {1e6 * seconds / rows:.2f} |")
    load = os.getloadavg()
    header = [
        "# smsrules.spark: check_frame on a campaign",
        "",
        f"Produced by `python bench/spark/bench.py --rows {rows} --masters '{args.masters}' --rounds {args.rounds}`",
        f"on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {_commit()}; "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, smsrules {smsrules.__version__}, "
        f"pyspark {_version('pyspark')}, pyarrow {pa.__version__}; load average at the end "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}. Each figure: the best of {args.rounds} run(s).",
        "",
    ]
    text = "\n".join(header + lines + ["", "Summary of the checked campaign:", "", "```", str(summary), "```", ""])
    print(text)
    if args.out:
        pathlib.Path(args.out).write_text(text)


def _commit():
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"


def _version(name):
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    main()
