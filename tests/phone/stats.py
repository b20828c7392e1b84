"""Summarises a reference TSV: outcomes, and how many numbers parse() rewrote (national
prefix stripped or a transform rule applied) — the cases random edits rarely reach.

    python stats.py reference.tsv
"""
import collections
import re
import sys

from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

TRANSFORM_CODES = {"54": "AR", "55": "BR", "241": "GA", "81": "JP", "261": "MG", "672": "NF", "378": "SM"}


def calling_code(digits):
    for size in (1, 2, 3):
        if digits[0] != "0" and int(digits[:size]) in COUNTRY_CODE_TO_REGION_CODE:
            return digits[:size]
    return None


def main(path):
    outcomes = collections.Counter()
    rewritten = collections.Counter()
    transformed = collections.Counter()
    international = national = 0
    for line in open(path):
        if line.startswith("#"):
            continue
        number, valid, possible, reason, nsn = line.rstrip("\n").split("\t")
        outcomes["valid" if valid == "1" else reason if valid == "-" else "not valid"] += 1
        if not number.startswith("+"):
            national += 1
            continue
        international += 1
        if nsn == "-":
            continue
        code = calling_code(number[1:])
        rest = number[1 + len(code):]
        if nsn != rest:
            rewritten[code] += 1
        if code in TRANSFORM_CODES:
            meta = PhoneMetadata.metadata_for_region(TRANSFORM_CODES[code])
            found = re.match(meta.national_prefix_for_parsing, rest)
            if found and found.groups()[-1] is not None and nsn == re.sub(
                    meta.national_prefix_for_parsing, meta.national_prefix_transform_rule, rest, count=1):
                transformed[TRANSFORM_CODES[code]] += 1
    print(f"{path}: {international} international, {national} national (REGION:digits)")
    print("  outcomes:", dict(outcomes.most_common()))
    print(f"  international numbers rewritten by parse(): {sum(rewritten.values())} "
          f"in {len(rewritten)} calling codes")
    print("  parsed through a transform rule (its last group took part):", dict(transformed.most_common()))


if __name__ == "__main__":
    main(sys.argv[1])
