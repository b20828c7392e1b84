"""Picks the committed 10,000-number reference sample from the full reference TSVs
(deterministic): 6,000 lines of the corpus, then 4,000 of the targeted set (which includes
national numbers read in a region), plus a header naming the reference. The bench
(`core/benches/phone.rs`) relies on that order to tell the two apart.

    python make_sample.py corpus.tsv targeted.tsv > reference_sample.tsv
"""
import random
import sys

import phonenumbers


def main(corpus_path, targeted_path):
    rng = random.Random(10_000)
    corpus = open(corpus_path).read().splitlines()
    targeted = open(targeted_path).read().splitlines()
    chosen = rng.sample(corpus, 6000) + rng.sample(targeted, 4000)
    out = sys.stdout
    out.write(f"# reference: Python phonenumbers=={phonenumbers.__version__} (tests/phone/reference.py); "
              "columns: number valid possible reason nsn\n")
    for line in chosen:
        out.write(line + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
