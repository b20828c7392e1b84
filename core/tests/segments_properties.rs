//! Properties of `segments`: it agrees with a deliberately naive, literal model of Twilio's
//! message-segment-calculator (bits, arrays of segments, the retroactive header), and the
//! segment count never drops when a character is appended.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use smsrules::{segments, Encoding};
use unicode_segmentation::UnicodeSegmentation;

/// `UnicodeToGSM.ts` of the calculator, entry by entry: (UTF-16 code unit, GSM-7 septets).
#[rustfmt::skip]
const GSM_MAP: &[(u16, usize)] = &[
    (0x0a, 1), (0x0c, 2), (0x0d, 1), (0x20, 1), (0x21, 1), (0x22, 1), (0x23, 1), (0x24, 1),
    (0x25, 1), (0x26, 1), (0x27, 1), (0x28, 1), (0x29, 1), (0x2a, 1), (0x2b, 1), (0x2c, 1),
    (0x2d, 1), (0x2e, 1), (0x2f, 1), (0x30, 1), (0x31, 1), (0x32, 1), (0x33, 1), (0x34, 1),
    (0x35, 1), (0x36, 1), (0x37, 1), (0x38, 1), (0x39, 1), (0x3a, 1), (0x3b, 1), (0x3c, 1),
    (0x3d, 1), (0x3e, 1), (0x3f, 1), (0x40, 1), (0x41, 1), (0x42, 1), (0x43, 1), (0x44, 1),
    (0x45, 1), (0x46, 1), (0x47, 1), (0x48, 1), (0x49, 1), (0x4a, 1), (0x4b, 1), (0x4c, 1),
    (0x4d, 1), (0x4e, 1), (0x4f, 1), (0x50, 1), (0x51, 1), (0x52, 1), (0x53, 1), (0x54, 1),
    (0x55, 1), (0x56, 1), (0x57, 1), (0x58, 1), (0x59, 1), (0x5a, 1), (0x5b, 2), (0x5c, 2),
    (0x5d, 2), (0x5e, 2), (0x5f, 1), (0x61, 1), (0x62, 1), (0x63, 1), (0x64, 1), (0x65, 1),
    (0x66, 1), (0x67, 1), (0x68, 1), (0x69, 1), (0x6a, 1), (0x6b, 1), (0x6c, 1), (0x6d, 1),
    (0x6e, 1), (0x6f, 1), (0x70, 1), (0x71, 1), (0x72, 1), (0x73, 1), (0x74, 1), (0x75, 1),
    (0x76, 1), (0x77, 1), (0x78, 1), (0x79, 1), (0x7a, 1), (0x7b, 2), (0x7c, 2), (0x7d, 2),
    (0x7e, 2), (0xa1, 1), (0xa3, 1), (0xa4, 1), (0xa5, 1), (0xa7, 1), (0xbf, 1), (0xc4, 1),
    (0xc5, 1), (0xc6, 1), (0xc9, 1), (0xd1, 1), (0xd6, 1), (0xd8, 1), (0xdc, 1), (0xdf, 1),
    (0xe0, 1), (0xe4, 1), (0xe5, 1), (0xe6, 1), (0xc7, 1), (0xe8, 1), (0xe9, 1), (0xec, 1),
    (0xf1, 1), (0xf2, 1), (0xf6, 1), (0xf8, 1), (0xf9, 1), (0xfc, 1), (0x393, 1), (0x394, 1),
    (0x398, 1), (0x39b, 1), (0x39e, 1), (0x3a0, 1), (0x3a3, 1), (0x3a6, 1), (0x3a8, 1),
    (0x3a9, 1), (0x20ac, 2),
];

fn gsm_septets(grapheme: &str) -> Option<usize> {
    let units: Vec<u16> = grapheme.encode_utf16().collect();
    if units.len() != 1 {
        return None;
    }
    GSM_MAP
        .iter()
        .find(|(unit, _)| *unit == units[0])
        .map(|(_, septets)| *septets)
}

/// One element of a segment in the calculator: a header octet or a character.
#[derive(Clone, Copy)]
enum Slot {
    Header,
    Char(usize),
}

fn bits(slot: Slot) -> usize {
    match slot {
        Slot::Header => 8,
        Slot::Char(bits) => bits,
    }
}

struct NaiveSegment {
    slots: Vec<Slot>,
    has_header: bool,
}

impl NaiveSegment {
    fn new(with_header: bool) -> Self {
        let slots = if with_header { vec![Slot::Header; 6] } else { Vec::new() };
        NaiveSegment {
            slots,
            has_header: with_header,
        }
    }
    fn free_bits(&self) -> i64 {
        1120 - self.slots.iter().map(|s| bits(*s) as i64).sum::<i64>()
    }
    fn add_header(&mut self) -> Vec<Slot> {
        let mut left_over = Vec::new();
        for _ in 0..6 {
            self.slots.insert(0, Slot::Header);
        }
        self.has_header = true;
        while self.free_bits() < 0 {
            left_over.insert(0, self.slots.pop().unwrap());
        }
        left_over
    }
}

/// The naive model: (encoding, units, segments, ucs2_chars).
fn naive(text: &str) -> (Encoding, usize, usize, Vec<String>) {
    let mut graphemes: Vec<&str> = Vec::new();
    for g in text.graphemes(true) {
        if g == "\r\n" {
            graphemes.push("\r");
            graphemes.push("\n");
        } else {
            graphemes.push(g);
        }
    }
    let mut non_gsm: Vec<String> = Vec::new();
    for g in &graphemes {
        if gsm_septets(g).is_none() && !non_gsm.iter().any(|seen| seen == g) {
            non_gsm.push((*g).to_owned());
        }
    }
    let ucs2 = !non_gsm.is_empty();
    let sizes: Vec<usize> = graphemes
        .iter()
        .map(|g| {
            if ucs2 {
                16 * g.encode_utf16().count()
            } else {
                7 * gsm_septets(g).unwrap()
            }
        })
        .collect();
    let mut segs = vec![NaiveSegment::new(false)];
    for size in &sizes {
        if segs.last().unwrap().free_bits() < *size as i64 {
            segs.push(NaiveSegment::new(true));
            let n = segs.len();
            if !segs[n - 2].has_header {
                let moved = segs[n - 2].add_header();
                segs[n - 1].slots.extend(moved);
            }
        }
        segs.last_mut().unwrap().slots.push(Slot::Char(*size));
    }
    let payload_bits: usize = sizes.iter().sum();
    let units = payload_bits / if ucs2 { 16 } else { 7 };
    // Like the calculator, the model starts with one segment, so the empty text has one.
    (
        if ucs2 { Encoding::Ucs2 } else { Encoding::Gsm7 },
        units,
        segs.len(),
        non_gsm,
    )
}

fn fast(text: &str) -> (Encoding, usize, usize, Vec<String>) {
    let s = segments(text);
    (s.encoding, s.units, s.segments, s.ucs2_chars)
}

/// Pieces that exercise every branch: GSM-7 basic and extension characters, non-GSM BMP
/// characters, emoji (surrogate pairs, ZWJ sequences, flags, modifiers), combining marks
/// (including runs long enough to make a grapheme bigger than a segment), CR and LF.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        30 => prop::sample::select(vec!["a", "Z", "0", " ", "@", "$", "_", "é", "Ω", "Ç", "¿", "!"]).prop_map(str::to_owned),
        6 => prop::sample::select(vec!["{", "}", "[", "]", "~", "|", "^", "\\", "\u{C}", "€"]).prop_map(str::to_owned),
        3 => prop::sample::select(vec!["\r", "\n", "\r\n"]).prop_map(str::to_owned),
        3 => prop::sample::select(vec!["á", "ç", "`", "\t", "\u{3B1}", "\u{4E2D}", "\u{E000}", "\u{FEFF}"]).prop_map(str::to_owned),
        3 => prop::sample::select(vec![
            "\u{1F600}", "\u{1F44D}\u{1F3FD}", "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}", "\u{1F1EE}", "\u{1F1F9}",
            "\u{200D}", "\u{FE0F}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}",
        ]).prop_map(str::to_owned),
        3 => prop::sample::select(vec![
            "\u{301}", "\u{308}", "\u{93F}", "\u{94D}", "\u{915}", "\u{483}", "\u{430}", "\u{1100}", "\u{1161}",
            "\u{11A8}", "\u{600}", "\u{3099}", "\u{2FF}", "\u{52F}", "\u{20C0}", "\u{9FFF}",
        ]).prop_map(str::to_owned),
        1 => (1usize..90).prop_map(|n| format!("x{}", "\u{301}".repeat(n))),
    ]
}

fn text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max_pieces).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn agrees_with_the_naive_model(text in text(420)) {
        prop_assert_eq!(fast(&text), naive(&text));
    }

    #[test]
    fn appending_never_lowers_the_segment_count(text in text(420), extra in piece()) {
        let before = segments(&text).segments;
        let after = segments(&format!("{text}{extra}")).segments;
        prop_assert!(after >= before, "{} -> {}", before, after);
    }

    #[test]
    fn units_are_utf16_length_in_ucs2(text in text(200)) {
        let s = segments(&text);
        if s.encoding == Encoding::Ucs2 {
            prop_assert_eq!(s.units, text.encode_utf16().count());
        }
    }
}

#[test]
fn every_bmp_character_alone_is_classified_as_the_calculator_map_says() {
    for c in (0u32..=0xFFFF).filter_map(char::from_u32) {
        let text = c.to_string();
        let s = segments(&text);
        match gsm_septets(&text) {
            Some(septets) => assert_eq!((s.encoding, s.units), (Encoding::Gsm7, septets), "{c:?}"),
            None => assert_eq!(
                (s.encoding, s.units, s.ucs2_chars),
                (Encoding::Ucs2, 1, vec![text.clone()]),
                "{c:?}"
            ),
        }
    }
}

#[test]
fn the_naive_model_itself_matches_the_published_boundaries() {
    // Guards the model: 160/161 septets, 70/71 units, and Twilio's own example.
    assert_eq!(naive(&"a".repeat(160)).2, 1);
    assert_eq!(naive(&"a".repeat(161)).2, 2);
    assert_eq!(naive(&format!("\u{3B1}{}", "a".repeat(69))).2, 1);
    assert_eq!(naive(&format!("\u{3B1}{}", "a".repeat(70))).2, 2);
    assert_eq!(naive(&format!("{}\u{1F600}", "a".repeat(152))).2, 3);
}
