#!/usr/bin/env bash
# The full differential test against Python phonenumbers (tests/phone/README.md), in one
# command: bash tests/phone/run-full.sh [work dir]   (default /tmp/smsrules-phone)
# Needs python3 with venv and the package registry; ~6 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/smsrules-phone}"
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q -r "$root/tests/phone/requirements.txt"
fi
py="$work/venv/bin/python"
cd "$root"
cargo run -q --release -p phone-gen -- --json core/phone-data/PhoneNumberMetadata.xml > "$work/ours.json"
"$py" tests/phone/compare_metadata.py "$work/ours.json"
"$py" tests/phone/generate.py corpus > "$work/corpus.txt"
"$py" tests/phone/generate.py targeted > "$work/targeted.txt"
"$py" tests/phone/reference.py < "$work/corpus.txt" > "$work/corpus.tsv"
"$py" tests/phone/reference.py < "$work/targeted.txt" > "$work/targeted.tsv"
"$py" tests/phone/stats.py "$work/corpus.tsv"
"$py" tests/phone/stats.py "$work/targeted.tsv"
PHONE_REFERENCE="$work/corpus.tsv:$work/targeted.tsv" \
  cargo test -q --release -p smsrules --test phone_reference -- --nocapture
