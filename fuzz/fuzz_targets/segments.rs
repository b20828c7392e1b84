//! `segments` on arbitrary strings: encoding, unit and segment invariants, `ucs2_chars`
//! drawn from the text's own graphemes in order, and agreement with the plan's message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use smsrules::Encoding;
use unicode_segmentation::UnicodeSegmentation;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let s = smsrules::segments(&text);
    assert_eq!(s, smsrules::segments(&text), "segments is not deterministic");
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    let chars = text.chars().count();
    let utf16 = text.encode_utf16().count();

    assert_eq!(s.units == 0, text.is_empty(), "units are 0 exactly for the empty text");
    assert!(
        s.segments >= 1,
        "every text takes at least one segment, as the calculator counts"
    );
    assert_eq!(
        s.encoding == Encoding::Ucs2,
        !s.ucs2_chars.is_empty(),
        "UCS-2 exactly when some grapheme forced it"
    );
    let (single, multi, slack) = match s.encoding {
        Encoding::Ucs2 => {
            assert_eq!(s.units, utf16, "UCS-2 units are UTF-16 code units");
            (70, 67, 0)
        }
        Encoding::Gsm7 => {
            assert!(
                s.units >= chars && s.units <= 2 * chars,
                "GSM-7 septets are 1 or 2 per character"
            );
            // An escape pair never splits, so a segment may leave one septet unused.
            (160, 153, 1)
        }
    };
    if s.units > 0 && s.units <= single {
        assert_eq!(s.segments, 1, "{} units fit one segment", s.units);
    }
    if s.units > single {
        assert!(
            s.segments >= s.units.div_ceil(multi),
            "too few segments for {} units",
            s.units
        );
        if s.encoding == Encoding::Gsm7 {
            assert!(
                s.segments <= s.units.div_ceil(multi - slack),
                "too many GSM-7 segments for {} units",
                s.units
            );
        }
    }
    // The empty text still takes its one segment.
    assert!(s.segments <= graphemes.len().max(1), "more segments than graphemes");

    // ucs2_chars: distinct graphemes of the text, in order of first appearance.
    let mut last = None;
    for (i, g) in s.ucs2_chars.iter().enumerate() {
        assert!(!s.ucs2_chars[..i].contains(g), "ucs2_chars repeats {g:?}");
        let first = graphemes.iter().position(|x| x == g);
        assert!(
            first.is_some(),
            "ucs2_chars holds {g:?}, which is no grapheme of the text"
        );
        assert!(first > last, "ucs2_chars is not in order of first appearance");
        last = first;
    }

    // The plan's sms message counts the same way (when the text is a valid agent_message).
    if !text.is_empty() && utf16 <= 1600 && !smsrules_fuzz::has_noncharacter(&json!(text)) {
        let body = json!({"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": text});
        let plan = smsrules_fuzz::check_typed(body, None, None, None)["data"]["message"].clone();
        let expected = serde_json::to_value(&s).unwrap_or(Value::Null);
        for key in ["encoding", "units", "segments", "ucs2_chars"] {
            assert_eq!(plan[key], expected[key], "plan.message.{key} differs from segments()");
        }
    }
});
