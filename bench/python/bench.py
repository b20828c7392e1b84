#!/usr/bin/env python3
"""smsrules vs pydantic v2 (+ phonenumbers) on the same corpus, in one process, interleaved.

    python3 bench/corpus/generate.py                 # once: writes the corpus
    python bench/python/bench.py [--rounds 10] [--limit N] [--out FILE.md]

Needs `smsrules` (a release wheel) and the peers of requirements.txt installed in the running
Python; see README.md beside this file.
"""

import argparse
import gc
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time
from importlib.metadata import version

import peers
import smsrules

HERE = pathlib.Path(__file__).resolve().parent
WARMUP = 2


def load_corpus(corpus_dir, limit):
    context_file = corpus_dir / "context.json"
    corpus_file = corpus_dir / "corpus.jsonl"
    if not corpus_file.exists():
        sys.exit(f"No corpus at {corpus_file}. Generate it first: python3 bench/corpus/generate.py")
    context = json.loads(context_file.read_text(encoding="utf-8")) if context_file.exists() else None
    texts = [line for line in corpus_file.read_text(encoding="utf-8").splitlines() if line.strip()][:limit]
    return [json.loads(text) for text in texts], texts, context


def time_loop(function, items):
    """µs per request for one pass of `function` over `items`."""
    gc.collect()
    start = time.perf_counter_ns()
    for item in items:
        function(item)
    return (time.perf_counter_ns() - start) / len(items) / 1000


def startup(runs=15):
    """Median ms of `import smsrules` and of the first check, each in a fresh process."""
    script = (
        "import time, json\n"
        "t0 = time.perf_counter()\n"
        "import smsrules\n"
        "t1 = time.perf_counter()\n"
        "smsrules.check({'user_number': '+14155552671', 'agent_number': '+14155550000', 'agent_message': 'hi'}).ok\n"
        "t2 = time.perf_counter()\n"
        "print(json.dumps([(t1 - t0) * 1000, (t2 - t1) * 1000]))\n"
    )
    samples = [json.loads(subprocess.check_output([sys.executable, "-c", script])) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def cpu_model():
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--corpus", type=pathlib.Path, default=HERE.parent / "corpus")
    parser.add_argument("--out", type=pathlib.Path, default=None)
    args = parser.parse_args()

    bodies, texts, context = load_corpus(args.corpus, args.limit)
    count = len(bodies)
    indices = range(count)

    # A server judges its (account, number, persona) context once and reuses it: the peers'
    # "compile the schema once" for smsrules' context.
    prepared = smsrules.Context(context) if context is not None else None

    def batch(_):
        smsrules.check_many(bodies, prepared)

    # Each entry: name, function of one request index, or a whole-corpus function (batch=True).
    implementations = [
        ("smsrules check(dict, context)", lambda i: smsrules.check(bodies[i], context).ok, False),
        ("smsrules check(dict, Context)", lambda i: smsrules.check(bodies[i], prepared).ok, False),
        ("smsrules check(text, context)", lambda i: smsrules.check(texts[i], context).ok, False),
        # The plan is built on first access: this row pays for it (and its dict) too.
        ("smsrules check(dict, context).plan", lambda i: smsrules.check(bodies[i], context).plan, False),
        ("smsrules check_many(dicts, Context)", batch, True),
        ("pydantic schema only", lambda i: peers.pydantic_schema_only(bodies[i]), False),
        ("pydantic + phonenumbers", lambda i: peers.pydantic_with_rules(bodies[i], context), False),
        ("fastjsonschema schema only", lambda i: peers.fastjsonschema_schema_only(bodies[i]), False),
        ("fastjsonschema + phonenumbers", lambda i: peers.fastjsonschema_with_rules(bodies[i], context), False),
    ]
    samples = {name: [] for name, _, _ in implementations}
    print(f"corpus: {count} requests; {args.rounds} rounds (+{WARMUP} warm-up), interleaved", file=sys.stderr)
    for round_number in range(WARMUP + args.rounds):
        # Rotate the order every round so no implementation always runs first (or after a GC).
        for k in range(len(implementations)):
            name, function, whole = implementations[(k + round_number) % len(implementations)]
            if whole:
                gc.collect()
                start = time.perf_counter_ns()
                function(None)
                micros = (time.perf_counter_ns() - start) / count / 1000
            else:
                micros = time_loop(function, indices)
            if round_number >= WARMUP:
                samples[name].append(micros)
        print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)

    verdicts = [outcome.ok for outcome in smsrules.check_many(bodies, context)]
    agreement = sum(peers.pydantic_with_rules(body, context) == ok for body, ok in zip(bodies, verdicts)) / count
    agreement_fjs = (
        sum(peers.fastjsonschema_with_rules(body, context) == ok for body, ok in zip(bodies, verdicts)) / count
    )
    schema_agreement = (
        sum(peers.fastjsonschema_schema_only(body) == peers.pydantic_schema_only(body) for body in bodies) / count
    )
    import_ms, first_call_ms = startup()

    median = {name: statistics.median(values) for name, values in samples.items()}
    schema_only = median["pydantic schema only"]
    with_phones = median["pydantic + phonenumbers"]
    versions = ", ".join(
        f"{name} {version(name)}" for name in ("smsrules", "pydantic", "pydantic-core", "fastjsonschema", "phonenumbers")
    )
    lines = [
        "## Python: smsrules vs pydantic v2 and fastjsonschema (+ phonenumbers)",
        "",
        f"{count} requests ({sum(verdicts)} valid by smsrules), one shared context; median of {args.rounds} "
        f"interleaved rounds after {WARMUP} warm-up rounds.",
        f"Machine: {cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}. Versions: {versions}.",
        "",
        "| implementation | µs / request | min µs | × pydantic schema only | × pydantic + phonenumbers |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, _, _ in implementations:
        value = median[name]
        lines.append(
            f"| {name} | {value:.2f} | {min(samples[name]):.2f} | {value / schema_only:.2f} | {value / with_phones:.3f} |"
        )
    goal = median["smsrules check(dict, context)"]
    goal_prepared = median["smsrules check(dict, Context)"]
    lines += [
        "",
        "`context` is the dict, converted and judged on every call; `Context` is "
        "`smsrules.Context(context)`, made once.",
        f"`check_many` is throughput on all {os.cpu_count()} CPUs (wall time of the batch / requests).",
        f"Verdict agreement (valid / invalid, same request) with smsrules: pydantic + phonenumbers "
        f"{agreement * 100:.1f} %, fastjsonschema + phonenumbers {agreement_fjs * 100:.1f} %; "
        f"the two schema-only peers agree with each other on {schema_agreement * 100:.1f} %.",
        "",
        f"Startup (median of 15 fresh processes): `import smsrules` {import_ms:.2f} ms, first `check` "
        f"{first_call_ms:.2f} ms; together {import_ms + first_call_ms:.2f} ms.",
        "",
        f"Goal check(dict, context) ≤ 1.0 × pydantic schema only: {goal / schema_only:.2f} × "
        f"({'met' if goal <= schema_only else 'not met'}); with the context prepared once "
        f"(`Context`), {goal_prepared / schema_only:.2f} × "
        f"({'met' if goal_prepared <= schema_only else 'not met'}); ≥ 20 × faster than pydantic + phonenumbers: "
        f"{with_phones / goal:.1f} × ({'met' if with_phones / goal >= 20 else 'not met'}). "
        f"Goal import + first call ≤ 5 ms: {import_ms + first_call_ms:.2f} ms "
        f"({'met' if import_ms + first_call_ms <= 5 else 'not met'}).",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
