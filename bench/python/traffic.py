#!/usr/bin/env python3
"""smsrules vs pydantic v2 (+ phonenumbers) on real traffic: every request with its own context.

    python3 bench/corpus/traffic.py                  # once: writes bench/corpus/traffic.jsonl
    python bench/python/traffic.py [--rounds 10] [--limit N] [--out FILE.md]

Every row does what a server does per send: it gets the request and the context it loaded
for that send (a new dict each time, nearly every one different), judges both and reads the
result. smsrules rows read ``.plan`` (the resolved plan, built on first access); the peers
validate the request model and the context models (peers.py), the "+ phonenumbers" peer with
phone validity cached per number and every cross-field rule (it produces no plan).

Needs `smsrules` (a release wheel) and the peers of requirements.txt in the running Python.
"""

import argparse
import gc
import json
import pathlib
import statistics
import sys
import time
from importlib.metadata import version

import peers
import smsrules

HERE = pathlib.Path(__file__).resolve().parent
WARMUP = 2


def load(corpus_dir, limit):
    path = corpus_dir / "traffic.jsonl"
    if not path.exists():
        sys.exit(f"No corpus at {path}. Generate it first: python3 bench/corpus/traffic.py")
    items = []
    for line in path.read_text(encoding="utf-8").splitlines()[:limit]:
        if not line.strip():
            continue
        doc = json.loads(line)
        key = (doc.get("headers") or {}).get("idempotency-key")
        items.append(
            {
                "request": doc["request"],
                "context": doc.get("context"),
                "key": key,
                "headers": doc.get("headers"),
                "text": line,
            }
        )
    return items


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--corpus", type=pathlib.Path, default=HERE.parent / "corpus")
    parser.add_argument("--out", type=pathlib.Path, default=None)
    args = parser.parse_args()

    items = load(args.corpus, args.limit)
    count = len(items)
    # Made before timing, one per document: what a context prepared once would save per
    # request (a server cannot do this for traffic: it sees each context once).
    prepared = [smsrules.Context(it["context"]) for it in items]

    def with_context(it):
        return smsrules.check(it["request"], it["context"], idempotency_key=it["key"]).plan

    rows = [
        ("smsrules check(dict).plan, no context", lambda i: smsrules.check(items[i]["request"], idempotency_key=items[i]["key"]).plan),
        ("smsrules check(dict, context).plan", lambda i: with_context(items[i])),
        (
            "smsrules check(dict, Context made before timing).plan",
            lambda i: smsrules.check(items[i]["request"], prepared[i], idempotency_key=items[i]["key"]).plan,
        ),
        # Timing split: what converting the dict and judging it costs, without the request.
        ("smsrules.Context(context) alone (timing split)", lambda i: smsrules.Context(items[i]["context"]).ok),
        ("smsrules check_json(document text)", lambda i: smsrules.check_json(items[i]["text"])),
        (
            "json.dumps + check_json + json.loads",
            lambda i: json.loads(
                smsrules.check_json(
                    json.dumps({"request": items[i]["request"], "context": items[i]["context"], "headers": items[i]["headers"]})
                )
            )["data"],
        ),
        ("pydantic request + context, schema only", lambda i: peers.pydantic_request_and_context(items[i]["request"], items[i]["context"])),
        (
            "pydantic + phonenumbers (cached) + rules",
            lambda i: peers.pydantic_request_and_context_with_cached_phones(items[i]["request"], items[i]["context"]),
        ),
    ]
    samples = {name: [] for name, _ in rows}
    indices = range(count)
    print(f"traffic corpus: {count} documents; {args.rounds} rounds (+{WARMUP} warm-up), interleaved", file=sys.stderr)
    for round_number in range(WARMUP + args.rounds):
        for k in range(len(rows)):
            name, function = rows[(k + round_number) % len(rows)]
            gc.collect()
            start = time.perf_counter_ns()
            for i in indices:
                function(i)
            micros = (time.perf_counter_ns() - start) / count / 1000
            if round_number >= WARMUP:
                samples[name].append(micros)
        print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)

    outcomes = [smsrules.check(it["request"], it["context"], idempotency_key=it["key"]) for it in items]
    valid = sum(o.ok for o in outcomes)
    agreement = sum(
        peers.pydantic_request_and_context_with_cached_phones(it["request"], it["context"]) == o.ok for it, o in zip(items, outcomes)
    )
    median = {name: statistics.median(values) for name, values in samples.items()}
    alone = median["smsrules check(dict).plan, no context"]
    ours = median["smsrules check(dict, context).plan"]
    schema = median["pydantic request + context, schema only"]
    phones = median["pydantic + phonenumbers (cached) + rules"]
    versions = ", ".join(f"{n} {version(n)}" for n in ("smsrules", "pydantic", "pydantic-core", "phonenumbers"))

    def verdict(ok):
        return "met" if ok else "not met"

    lines = [
        "## Python on the traffic corpus (a context per request)",
        "",
        f"{count} documents ({valid} valid by smsrules), each request with its own context; median of "
        f"{args.rounds} interleaved rounds after {WARMUP} warm-up rounds. Versions: {versions}.",
        "",
        "| implementation | µs / request | min µs | × check(dict, context).plan |",
        "|---|---:|---:|---:|",
    ]
    for name, _ in rows:
        lines.append(f"| {name} | {median[name]:.2f} | {min(samples[name]):.2f} | {median[name] / ours:.2f} |")
    lines += [
        "",
        "`context` is the document's dict, converted and judged on every call (a server sees each "
        "context once); the `Context` row prepares every document's context before timing, to show "
        "what preparing saves. Verdict agreement (valid / invalid) of pydantic + phonenumbers with "
        f"smsrules: {agreement / count * 100:.1f} %.",
        "",
        f"- Goal Python `check(dict, context)` ≤ 2.0 × `check(dict)`: {ours / alone:.2f} × ({verdict(ours <= 2 * alone)}).",
        f"- Goal Python `check(dict, context).plan` ≤ 1.0 × pydantic request + context schema only: {ours / schema:.2f} × "
        f"({verdict(ours <= schema)}).",
        f"- Goal Python `check(dict, context).plan` ≥ 15 × faster than pydantic + phonenumbers with phone validity cached: {phones / ours:.2f} × "
        f"({verdict(phones / ours >= 15)}).",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
