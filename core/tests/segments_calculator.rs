//! The published test messages of Twilio's message-segment-calculator, counted by `segments`.
//!
//! Source: github.com/TwilioDevEd/message-segment-calculator at commit a50230fd
//! (2024-06-26): `tests/index.test.js` (the `TestData` table, "GSM-7 Escape Characters",
//! "One grapheme UCS-2 characters", "Special tests", "Line break styles tests"),
//! `tests/segments.test.js` and `tests/methods.test.js`. Every message with smart encoding
//! off is here, in file order, duplicates dropped. `encoding` and `segments` are the values
//! those tests assert; `units` (their `messageSize` bits divided by 7 or 16) and
//! `ucs2_chars` (`getNonGsmCharacters()`, de-duplicated) were read from the calculator itself
//! (npm `sms-segments-calculator@1.3.0`, whose counting code matches that commit) by running
//! each message through it. Non-ASCII characters are written as `\u{…}` escapes.

use smsrules::{segments, Encoding};

struct Case {
    name: &'static str,
    text: &'static str,
    encoding: Encoding,
    units: usize,
    segments: usize,
    ucs2_chars: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "Basic tests / GSM-7 in one segment",
        text: "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890",
        encoding: Encoding::Gsm7,
        units: 160,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "Basic tests / GSM-7 in two segments",
        text: "12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901",
        encoding: Encoding::Gsm7,
        units: 161,
        segments: 2,
        ucs2_chars: &[],
    },
    Case {
        name: "Basic tests / GSM-7 in three segments",
        text: "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567",
        encoding: Encoding::Gsm7,
        units: 307,
        segments: 3,
        ucs2_chars: &[],
    },
    Case {
        name: "Basic tests / UCS-2 message in one segment",
        text: "\u{1F61C}23456789012345678901234567890123456789012345678901234567890123456789",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{1F61C}"],
    },
    Case {
        name: "Basic tests / UCS-2 message in two segments",
        text: "\u{1F61C}234567890123456789012345678901234567890123456789012345678901234567890",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{1F61C}"],
    },
    Case {
        name: "Basic tests / UCS-2 message in three segments",
        text: "\u{1F61C}2345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234",
        encoding: Encoding::Ucs2,
        units: 135,
        segments: 3,
        ucs2_chars: &["\u{1F61C}"],
    },
    Case {
        name: "Basic tests / UCS-2 with two bytes extended characters in one segments boundary",
        text: "\u{1F1EE}\u{1F1F9}234567890123456789012345678901234567890123456789012345678901234567",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{1F1EE}\u{1F1F9}"],
    },
    Case {
        name: "Basic tests / UCS-2 with extended characters in two segments boundary",
        text: "\u{1F1EE}\u{1F1F9}2345678901234567890123456789012345678901234567890123456789012345678",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{1F1EE}\u{1F1F9}"],
    },
    Case {
        name: "Basic tests / UCS-2 with four bytes extended characters in one segments boundary",
        text: "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}2345678901234567890123456789012345678901234567890123456789012345",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"],
    },
    Case {
        name: "Basic tests / UCS-2 with four bytes extended characters in two segments boundary",
        text: "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}23456789012345678901234567890123456789012345678901234567890123456",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"],
    },
    Case {
        name: "GSM-7 Escape Characters / One segment with escape character |",
        text: "|12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678",
        encoding: Encoding::Gsm7,
        units: 160,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / Two segments with escape character |",
        text: "|123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
        encoding: Encoding::Gsm7,
        units: 161,
        segments: 2,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / One segment with escape character ^",
        text: "^12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678",
        encoding: Encoding::Gsm7,
        units: 160,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / Two segments with escape character ^",
        text: "^123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
        encoding: Encoding::Gsm7,
        units: 161,
        segments: 2,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / One segment with escape character \u{20AC}",
        text: "\u{20AC}12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678",
        encoding: Encoding::Gsm7,
        units: 160,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / Two segments with escape character \u{20AC}",
        text: "\u{20AC}123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
        encoding: Encoding::Gsm7,
        units: 161,
        segments: 2,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / One segment with escape character {",
        text: "{12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678",
        encoding: Encoding::Gsm7,
        units: 160,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / Two segments with escape character {",
        text: "{123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
        encoding: Encoding::Gsm7,
        units: 161,
        segments: 2,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / One segment with escape character }",
        text: "}12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678",
        encoding: Encoding::Gsm7,
        units: 160,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / Two segments with escape character }",
        text: "}123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
        encoding: Encoding::Gsm7,
        units: 161,
        segments: 2,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / One segment with escape character [",
        text: "[12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678",
        encoding: Encoding::Gsm7,
        units: 160,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / Two segments with escape character [",
        text: "[123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
        encoding: Encoding::Gsm7,
        units: 161,
        segments: 2,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / One segment with escape character ]",
        text: "]12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678",
        encoding: Encoding::Gsm7,
        units: 160,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / Two segments with escape character ]",
        text: "]123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
        encoding: Encoding::Gsm7,
        units: 161,
        segments: 2,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / One segment with escape character ~",
        text: "~12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678",
        encoding: Encoding::Gsm7,
        units: 160,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / Two segments with escape character ~",
        text: "~123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
        encoding: Encoding::Gsm7,
        units: 161,
        segments: 2,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / One segment with escape character \\",
        text: "\\12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678",
        encoding: Encoding::Gsm7,
        units: 160,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "GSM-7 Escape Characters / Two segments with escape character \\",
        text: "\\123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
        encoding: Encoding::Gsm7,
        units: 161,
        segments: 2,
        ucs2_chars: &[],
    },
    Case {
        name: "One grapheme UCS-2 characters / One segment, 70 characters of \"\u{C1}\"",
        text: "\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{C1}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / One segment, 70 characters of \"\u{DA}\"",
        text: "\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{DA}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / One segment, 70 characters of \"\u{FA}\"",
        text: "\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{FA}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / One segment, 70 characters of \"\u{E7}\"",
        text: "\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{E7}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / One segment, 70 characters of \"\u{ED}\"",
        text: "\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{ED}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / One segment, 70 characters of \"\u{CD}\"",
        text: "\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{CD}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / One segment, 70 characters of \"\u{F3}\"",
        text: "\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{F3}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / One segment, 70 characters of \"\u{D3}\"",
        text: "\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{D3}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / Two segments, 71 characters of \"\u{C1}\"",
        text: "\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}\u{C1}",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{C1}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / Two segments, 71 characters of \"\u{DA}\"",
        text: "\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}\u{DA}",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{DA}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / Two segments, 71 characters of \"\u{FA}\"",
        text: "\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}\u{FA}",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{FA}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / Two segments, 71 characters of \"\u{E7}\"",
        text: "\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}\u{E7}",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{E7}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / Two segments, 71 characters of \"\u{ED}\"",
        text: "\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}\u{ED}",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{ED}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / Two segments, 71 characters of \"\u{CD}\"",
        text: "\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}\u{CD}",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{CD}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / Two segments, 71 characters of \"\u{F3}\"",
        text: "\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}\u{F3}",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{F3}"],
    },
    Case {
        name: "One grapheme UCS-2 characters / Two segments, 71 characters of \"\u{D3}\"",
        text: "\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}\u{D3}",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{D3}"],
    },
    Case {
        name: "Special tests / UCS2 message with special GSM characters in one segment",
        text: "\u{1F600}]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["\u{1F600}"],
    },
    Case {
        name: "Special tests / UCS2 message with special GSM characters in two segment",
        text: "\u{1F600}]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["\u{1F600}"],
    },
    Case {
        name: "Line break styles tests / Message with CRLF line break style and auto line break style detection",
        text: "\rabcde\r\n123",
        encoding: Encoding::Gsm7,
        units: 11,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "Line break styles tests / Message with LF line break style and auto line break style detection",
        text: "\nabcde\n\n123\n",
        encoding: Encoding::Gsm7,
        units: 12,
        segments: 1,
        ucs2_chars: &[],
    },
    Case {
        name: "Line break styles tests / Triple accents characters - Unicode test",
        text: "e\u{301}\u{301}\u{301}",
        encoding: Encoding::Ucs2,
        units: 4,
        segments: 1,
        ucs2_chars: &["e\u{301}\u{301}\u{301}"],
    },
    Case {
        name: "Line break styles tests / Triple accents characters - One Segment test",
        text: "e\u{301}\u{301}\u{301}aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        encoding: Encoding::Ucs2,
        units: 70,
        segments: 1,
        ucs2_chars: &["e\u{301}\u{301}\u{301}"],
    },
    Case {
        name: "Line break styles tests / Triple accents characters - Two Segments test",
        text: "e\u{301}\u{301}\u{301}aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        encoding: Encoding::Ucs2,
        units: 71,
        segments: 2,
        ucs2_chars: &["e\u{301}\u{301}\u{301}"],
    },
    Case {
        name: "Test SegmentedMessage methods / getNonGsmCharacters()",
        text: "m\u{E1}s",
        encoding: Encoding::Ucs2,
        units: 3,
        segments: 1,
        ucs2_chars: &["\u{E1}"],
    },
];

#[test]
fn every_published_message_counts_as_the_calculator_counts() {
    let mut failures = Vec::new();
    for case in CASES {
        let got = segments(case.text);
        let expected_chars: Vec<String> = case.ucs2_chars.iter().map(|s| (*s).to_owned()).collect();
        if (got.encoding, got.units, got.segments, &got.ucs2_chars)
            != (case.encoding, case.units, case.segments, &expected_chars)
        {
            failures.push(format!(
                "{}: got {:?}/{}/{}/{:?}, calculator {:?}/{}/{}/{:?}",
                case.name,
                got.encoding,
                got.units,
                got.segments,
                got.ucs2_chars,
                case.encoding,
                case.units,
                case.segments,
                case.ucs2_chars
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_what_the_brief_asks_for() {
    // Multi-segment GSM-7 and UCS-2, emoji, and every extension character.
    assert!(CASES.iter().any(|c| c.encoding == Encoding::Gsm7 && c.segments == 3));
    assert!(CASES.iter().any(|c| c.encoding == Encoding::Ucs2 && c.segments == 3));
    assert!(CASES.iter().any(|c| c.text.contains('\u{1F3F3}')));
    for extension in ['|', '^', '\u{20AC}', '{', '}', '[', ']', '~', '\\'] {
        assert!(CASES.iter().any(|c| c.text.starts_with(extension)), "{extension}");
    }
    assert_eq!(CASES.len(), 52);
}
