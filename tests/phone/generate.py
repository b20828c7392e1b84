"""Generates the numbers of the differential test (deterministic: fixed seeds).

    python generate.py corpus   > corpus.txt     # ≥ 1,200,000 '+' numbers from example numbers
    python generate.py targeted > targeted.txt   # ≥ 300,000 numbers whose national part
                                                 # nationalPrefixForParsing matches (non-empty)

`corpus`: the seeds are every example number of every description of every region and
non-geographic entity (Python phonenumbers' metadata, the same release as ours). 80% get 1–3
random digit insertions, deletions or substitutions anywhere (calling code included), 8% a
national prefix after the calling code, 6% a truncation or extension, 6% are random
national numbers under a random calling code.

`targeted`: per territory with nationalPrefixForParsing, a string sampled from that pattern
followed by an example number (raw or edited) or random digits, kept only when the pattern
really matches a non-empty prefix. 30% of the `+cc…` numbers come from the seven calling
codes with a transform rule (AR, BR, GA, JP, MG, NF, SM). Two thirds are written `+cc…` (parse() strips with the
main territory's rules, so those come from main territories); one third are national
numbers `REGION:digits` for every territory (parse(digits, region): the lenient path,
including numbers that start with the region's own calling code).
"""
import random
import re
import sys

try:
    import re._parser as sre_parse
    import re._constants as sre_constants
except ImportError:  # Python < 3.11
    import sre_parse
    import sre_constants

import phonenumbers
from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

DESCS = ["general_desc", "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost",
         "personal_number", "voip", "pager", "uan", "voicemail", "no_international_dialling"]
DIGITS = "0123456789"


def territories():
    for code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            if region == "001":
                meta = PhoneMetadata.metadata_for_nongeo_region(code)
            else:
                meta = PhoneMetadata.metadata_for_region(region)
            if meta is not None:
                yield code, region, meta


def examples(meta):
    found = []
    for name in DESCS:
        desc = getattr(meta, name, None)
        if desc is not None and desc.example_number:
            found.append(desc.example_number)
    return found


def edit(rng, text, count):
    chars = list(text)
    for _ in range(count):
        op = rng.randrange(3)
        if op == 0 or not chars:
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(DIGITS))
        elif op == 1:
            del chars[rng.randrange(len(chars))]
        else:
            chars[rng.randrange(len(chars))] = rng.choice(DIGITS)
    return "".join(chars)


def corpus(target=1_200_000, seed=20261127):
    rng = random.Random(seed)
    seeds = []
    prefixes = {}
    for code, region, meta in territories():
        for example in examples(meta):
            seeds.append((code, example))
        if meta.national_prefix:
            prefixes.setdefault(code, set()).add(meta.national_prefix)
    codes = sorted(COUNTRY_CODE_TO_REGION_CODE)
    seen = set()
    out = []
    for code, example in seeds:  # every seed itself, unedited
        number = f"+{code}{example}"
        if number not in seen:
            seen.add(number)
            out.append(number)
    while len(out) < target:
        roll = rng.random()
        code, example = rng.choice(seeds)
        full = f"{code}{example}"
        if roll < 0.80:
            digits = edit(rng, full, rng.randint(1, 3))
        elif roll < 0.88:
            prefix = rng.choice(sorted(prefixes.get(code, {"0"})))
            digits = f"{code}{prefix}{example}"
        elif roll < 0.94:
            if rng.random() < 0.5:
                digits = full[: rng.randint(1, len(full))]
            else:
                digits = full + "".join(rng.choice(DIGITS) for _ in range(rng.randint(1, 5)))
        else:
            digits = f"{rng.choice(codes)}" + "".join(rng.choice(DIGITS) for _ in range(rng.randint(1, 17)))
        if not digits or len(digits) > 20:
            continue
        number = "+" + digits
        if number not in seen:
            seen.add(number)
            out.append(number)
    return out


def sample_pattern(rng, parsed):
    """A random string of the (digit-only) language of a parsed regex."""
    out = []
    for op, arg in parsed:
        if op is sre_constants.LITERAL:
            out.append(chr(arg))
        elif op is sre_constants.IN:
            choices = []
            for item_op, item in arg:
                if item_op is sre_constants.LITERAL:
                    choices.append(chr(item))
                elif item_op is sre_constants.RANGE:
                    choices.extend(chr(c) for c in range(item[0], item[1] + 1))
                elif item_op is sre_constants.CATEGORY:
                    choices.extend(DIGITS)
            out.append(rng.choice(choices))
        elif op is sre_constants.BRANCH:
            out.append(sample_pattern(rng, rng.choice(arg[1])))
        elif op is sre_constants.SUBPATTERN:
            out.append(sample_pattern(rng, arg[-1]))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, sub = arg
            high = min(high, low + 3)
            for _ in range(rng.randint(low, high)):
                out.append(sample_pattern(rng, sub))
        elif op is sre_constants.AT:
            pass
        elif op is sre_constants.CATEGORY:
            out.append(rng.choice(DIGITS))
        else:
            raise ValueError(f"unsupported {op}")
    return "".join(out)


def targeted(target=300_000, seed=4):
    rng = random.Random(seed)
    entries = []
    for code, region, meta in territories():
        npfp = meta.national_prefix_for_parsing
        if not npfp:
            continue
        main = COUNTRY_CODE_TO_REGION_CODE[code][0] == region
        entries.append((code, region, meta, re.compile(npfp), sre_parse.parse(npfp), main, examples(meta)))
    mains = [e for e in entries if e[5]]
    transforms = [e for e in mains if e[2].national_prefix_transform_rule]
    seen = set()
    out = []
    attempts = 0
    while len(out) < target and attempts < target * 50:
        attempts += 1
        national = rng.random() < 1 / 3
        pool = entries if national else transforms if rng.random() < 0.3 else mains
        code, region, meta, pattern, parsed, main, seeds = rng.choice(pool)
        prefix = sample_pattern(rng, parsed)
        roll = rng.random()
        if "$" in pattern.pattern and rng.random() < 0.3:
            roll = 1.0  # let an end-anchored alternative match: nothing after the prefix
            seeds = []
        if seeds and roll < 0.45:
            rest = rng.choice(seeds)
        elif seeds and roll < 0.80:
            rest = edit(rng, rng.choice(seeds), rng.randint(1, 2))
        else:
            rest = "".join(rng.choice(DIGITS) for _ in range(rng.randint(0, 12) if roll < 1.0 else 0))
        if rng.random() < 0.15:
            rest = rest[: rng.randint(0, len(rest))]
        number = prefix + rest
        found = pattern.match(number)
        if not found or found.end() == 0 or len(number) > 20:
            continue
        if national:
            if rng.random() < 0.2:
                number = f"{code}{number}"  # starts with the region's own calling code
            line = f"{region}:{number}"
        else:
            line = f"+{code}{number}"
        if line not in seen:
            seen.add(line)
            out.append(line)
    return out


def main():
    assert phonenumbers.__version__ == "9.0.33", phonenumbers.__version__
    kind = sys.argv[1]
    numbers = corpus() if kind == "corpus" else targeted() if kind == "targeted" else None
    if numbers is None:
        sys.exit("usage: generate.py corpus|targeted")
    sys.stdout.write("\n".join(numbers) + "\n")


if __name__ == "__main__":
    main()
