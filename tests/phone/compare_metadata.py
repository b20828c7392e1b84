"""Compares phone-gen's extraction of PhoneNumberMetadata.xml with the metadata compiled
into Python `phonenumbers` (the reference), field by field, for every territory.

    cargo run --release -p phone-gen -- --json core/phone-data/PhoneNumberMetadata.xml > /tmp/ours.json
    python tests/phone/compare_metadata.py /tmp/ours.json
"""
import json
import re
import sys

import phonenumbers
from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

TYPES = {
    "premiumRate": "premium_rate", "tollFree": "toll_free", "sharedCost": "shared_cost",
    "voip": "voip", "personalNumber": "personal_number", "pager": "pager", "uan": "uan",
    "voicemail": "voicemail", "fixedLine": "fixed_line", "mobile": "mobile",
    "noInternationalDialling": "no_international_dialling",
}


def lengths(desc):
    return sorted(x for x in (desc.possible_length or ()) if x != -1)


def main(path):
    ours = json.load(open(path))
    mismatches = []

    def check(where, a, b):
        if a != b:
            mismatches.append(f"{where}: ours={a!r} python={b!r}")

    for key, t in ours["territories"].items():
        if key.isdigit():
            meta = PhoneMetadata.metadata_for_nongeo_region(int(key))
        else:
            meta = PhoneMetadata.metadata_for_region(key)
        if meta is None:
            mismatches.append(f"{key}: missing in python")
            continue
        check(f"{key} calling_code", t["calling_code"], meta.country_code)
        check(f"{key} leading_digits", t["leading_digits"], meta.leading_digits)
        check(f"{key} international_prefix", t["international_prefix"], meta.international_prefix)
        check(f"{key} national_prefix", t["national_prefix"], meta.national_prefix)
        check(f"{key} npfp", t["national_prefix_for_parsing"], meta.national_prefix_for_parsing)
        rule = meta.national_prefix_transform_rule
        if rule is not None:
            rule = re.sub(r"\\(\d)", r"$\1", rule)
        check(f"{key} transform", t["transform_rule"], rule)
        check(f"{key} same_mobile_fixed", t["same_mobile_and_fixed_line_pattern"],
              bool(meta.same_mobile_and_fixed_line_pattern))
        g = meta.general_desc
        check(f"{key} general pattern", t["general"]["pattern"], g.national_number_pattern)
        check(f"{key} general national", t["general"]["national"], lengths(g))
        check(f"{key} general local", t["general"]["local_only"], sorted(g.possible_length_local_only or ()))
        for name, attr in TYPES.items():
            ours_desc = t["types"][name]
            desc = getattr(meta, attr)
            python_pattern = desc.national_number_pattern if desc is not None else None
            ours_pattern = ours_desc["pattern"] if ours_desc else None
            check(f"{key} {name} pattern", ours_pattern, python_pattern)
            if ours_desc is not None and ours_pattern is not None:
                # Effective lengths: an empty list means "the general lengths apply".
                mine = ours_desc["national"] or t["general"]["national"]
                theirs = lengths(desc) or lengths(g)
                if name != "noInternationalDialling":
                    check(f"{key} {name} national", mine, theirs)
    python_codes = {str(k): list(v) for k, v in COUNTRY_CODE_TO_REGION_CODE.items()}
    check("calling codes", sorted(ours["calling_codes"]), sorted(python_codes))
    for code, regions in ours["calling_codes"].items():
        check(f"+{code} regions", regions, python_codes.get(code))
    print(f"phonenumbers {phonenumbers.__version__}: {len(ours['territories'])} territories, "
          f"{len(ours['calling_codes'])} calling codes compared, {len(mismatches)} mismatches")
    for m in mismatches[:50]:
        print("  " + m)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
