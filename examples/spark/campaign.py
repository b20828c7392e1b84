"""Validate an SMS campaign on Apache Spark before sending it.

    python examples/spark/campaign.py --rows 200000 --out /tmp/smsrules-campaign

1. Spark generates a campaign file, one row per recipient (Parquet, OUT/campaign), with
   the kinds of mistakes real campaign files have: numbers too short or missing, an empty
   message, a time_out of 0, a misspelt column; and emoji that make a message cost more.
2. smsrules.spark.check_frame judges every row on the executors, against the sending
   number's context (context.json beside this file).
3. Valid rows go to OUT/valid (ready to send, with their plan), invalid rows to
   OUT/invalid (recipient and errors), both Parquet.
4. The summary a campaign owner reads before pressing send.

Needs `pip install "smsrules[spark]"` and Java 17; runs in local[*] (use --master for a
cluster, where every executor's Python must have smsrules installed).
"""

import argparse
import json
import os
import pathlib
import shutil
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from smsrules.spark import check_frame, summarize

HERE = pathlib.Path(__file__).resolve().parent
# The columns of a row that make up the request body; recipient_id only travels along.
BODY = ["user_number", "agent_number", "agent_message", "time_out", "metadata", "request_data", "timout"]


def generate(spark, rows):
    """A campaign of `rows` recipients, made by Spark itself (no loop on the driver)."""
    recipient = F.col("id")
    every = lambda n: recipient % n == 0  # noqa: E731
    line = F.lpad((recipient * 7919 % 10_000).cast("string"), 4, "0")
    return spark.range(1, rows + 1).select(
        F.format_string("R%08d", recipient).alias("recipient_id"),
        # One number in 211 is too short, one in 307 has no number at all.
        F.when(every(307), None)
        .when(every(211), F.lit("+1415"))
        .otherwise(F.concat(F.lit("+1415555"), line))
        .alias("user_number"),
        F.lit("+14155550000").alias("agent_number"),
        # Most messages fit one GSM-7 segment; one in 13 has an emoji (UCS-2: 70 a segment, so two),
        # one in 29 is a long reminder (two or three segments), one in 997 is empty.
        F.when(every(997), F.lit(""))
        .when(every(13), F.format_string("Hi %s 👋 your table for 4 is booked for 7:30pm tonight at Luigi's. Reply C to cancel.", F.lit("Dana")))
        .when(
            every(29),
            F.concat(
                F.lit("Reminder: your booking #"),
                recipient.cast("string"),
                F.lit(" is tonight at 7:30pm. " * 7),
                F.lit("Reply C to cancel."),
            ),
        )
        .otherwise(F.format_string("Your booking #%d is confirmed for tonight at 7:30pm.", recipient))
        .alias("agent_message"),
        # time_out must be above 0 (and at most 30 days): one row in 401 says 0.
        F.when(every(401), F.lit(0)).when(every(2), F.lit(1800)).otherwise(F.lit(None)).cast("long").alias("time_out"),
        F.create_map(F.lit("campaign"), F.lit("winter-2026"), F.lit("batch"), (recipient % 10).cast("string")).alias("metadata"),
        F.struct(recipient.alias("booking"), F.lit("Luigi's").alias("restaurant")).alias("request_data"),
        # A misspelt column, filled in for one row in 503: UNKNOWN_FIELD (a warning).
        F.when(every(503), F.lit(900)).cast("long").alias("timout"),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--out", default="/tmp/smsrules-campaign")
    parser.add_argument("--master", default="local[*]")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    shutil.rmtree(out, ignore_errors=True)

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers run this Python
    spark = (
        SparkSession.builder.master(args.master)
        .appName("smsrules-campaign")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        started = time.perf_counter()
        generate(spark, args.rows).write.parquet(str(out / "campaign"))
        print(f"generated {args.rows} rows in {out / 'campaign'} ({time.perf_counter() - started:.1f} s)")

        started = time.perf_counter()
        campaign = spark.read.parquet(str(out / "campaign"))
        context = json.loads((HERE / "context.json").read_text())
        checked = check_frame(campaign, context=context, fields=BODY).persist()
        checked.where("smsrules.ok").select(
            "recipient_id", "user_number", "agent_message", F.col("smsrules.plan").alias("plan")
        ).write.parquet(str(out / "valid"))
        checked.where("NOT smsrules.ok").select(
            "recipient_id", F.col("smsrules.errors").alias("errors"), F.col("smsrules.warnings").alias("warnings")
        ).write.parquet(str(out / "invalid"))
        summary = summarize(checked)
        print(f"checked and written to {out / 'valid'} and {out / 'invalid'} ({time.perf_counter() - started:.1f} s)")
        print()
        print(summary)
        print()
        print("first invalid rows:")
        invalid = spark.read.parquet(str(out / "invalid")).orderBy("recipient_id")
        for row in invalid.limit(4).collect():
            issues = "; ".join(f"{issue['error']} at {issue['path']}: {issue['message']}" for issue in row["errors"])
            print(f"  {row['recipient_id']}  {issues}")
        checked.unpersist()
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
