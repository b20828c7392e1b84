"""What Python `phonenumbers` (libphonenumber) says about numbers: the reference of the
differential test. Reads numbers (one per line) and writes TSV lines

    number  valid  possible  reason  nsn

- international numbers (`+digits`): parse(number) then is_valid_number,
  is_possible_number and is_possible_number_with_reason; `nsn` is
  national_significant_number(). When parse() raises, valid/possible are `-`, reason is
  `PARSE:<error type>` and nsn is `-`.
- national numbers (`REGION:digits`, e.g. `GB:02079460958`): parse(digits, REGION); the
  `number` column keeps `REGION:digits`, and nsn is the E.164 text of the result.

    python reference.py < numbers.txt > reference.tsv   (uses all cores)
"""
import multiprocessing
import sys

import phonenumbers
from phonenumbers import NumberParseException
from phonenumbers.phonenumberutil import ValidationResult

assert phonenumbers.__version__ == "9.0.33", phonenumbers.__version__

REASONS = {
    ValidationResult.IS_POSSIBLE: "IS_POSSIBLE",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "IS_POSSIBLE_LOCAL_ONLY",
    ValidationResult.INVALID_COUNTRY_CODE: "INVALID_COUNTRY_CODE",
    ValidationResult.TOO_SHORT: "TOO_SHORT",
    ValidationResult.INVALID_LENGTH: "INVALID_LENGTH",
    ValidationResult.TOO_LONG: "TOO_LONG",
}
ERRORS = {
    NumberParseException.INVALID_COUNTRY_CODE: "INVALID_COUNTRY_CODE",
    NumberParseException.NOT_A_NUMBER: "NOT_A_NUMBER",
    NumberParseException.TOO_SHORT_AFTER_IDD: "TOO_SHORT_AFTER_IDD",
    NumberParseException.TOO_SHORT_NSN: "TOO_SHORT_NSN",
    NumberParseException.TOO_LONG: "TOO_LONG",
}


def judge(line):
    number = line.strip()
    if not number:
        return None
    try:
        if number.startswith("+"):
            parsed = phonenumbers.parse(number, None)
        else:
            region, digits = number.split(":", 1)
            parsed = phonenumbers.parse(digits, region)
    except NumberParseException as error:
        return f"{number}\t-\t-\tPARSE:{ERRORS[error.error_type]}\t-"
    valid = int(phonenumbers.is_valid_number(parsed))
    possible = int(phonenumbers.is_possible_number(parsed))
    reason = REASONS[phonenumbers.is_possible_number_with_reason(parsed)]
    nsn = phonenumbers.national_significant_number(parsed)
    if not number.startswith("+"):
        nsn = f"+{parsed.country_code}{nsn}"
    return f"{number}\t{valid}\t{possible}\t{reason}\t{nsn}"


def main():
    lines = sys.stdin.readlines()
    out = sys.stdout
    with multiprocessing.Pool() as pool:
        for result in pool.imap(judge, lines, chunksize=2000):
            if result is not None:
                out.write(result + "\n")


if __name__ == "__main__":
    main()
