//! SMS encoding and segment counting, exactly as Twilio's message-segment-calculator counts
//! with smart encoding off (docs/src/plan.md, docs/src/getting-started/index.md).
//!
//! The calculator (github.com/TwilioDevEd/message-segment-calculator, `SegmentedMessage.ts`,
//! `Segment.ts`, `EncodedChar.ts`) packs graphemes in order into 1,120-bit segments. It fills
//! the first segment without a User Data Header; when a grapheme no longer fits, it adds the
//! 48-bit header to the first segment *retroactively*, moves the graphemes that now overflow
//! it to the second segment, and then pushes the grapheme that did not fit there without
//! checking its size again. Every later segment is opened when the next grapheme does not fit
//! into the free space of the current one. In units that is 160/153 septets (GSM-7) or 70/67
//! UTF-16 code units (UCS-2), and `Packer` reproduces it with integer counters.

use std::collections::HashSet;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// The SMS character encoding a text needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// GSM 03.38 7-bit default alphabet (with its extension table).
    #[serde(rename = "GSM-7")]
    Gsm7,
    /// UCS-2 / UTF-16.
    #[serde(rename = "UCS-2")]
    Ucs2,
}

/// How a text travels as SMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segments {
    /// The encoding the whole text needs.
    pub encoding: Encoding,
    /// Septets for GSM-7 (an extension character counts 2), else UTF-16 code units.
    pub units: usize,
    /// SMS segments (at least 1: the calculator counts one even for the empty text).
    pub segments: usize,
    /// Distinct grapheme clusters that forced UCS-2, in order of first appearance.
    pub ucs2_chars: Vec<String>,
}

/// Count `text` as SMS.
pub fn segments(text: &str) -> Segments {
    let mut counter = Counter::default();
    if text.is_ascii() {
        // Every ASCII character is a grapheme of its own (CR LF is split anyway), so the
        // grapheme segmenter can be skipped.
        for (index, byte) in text.bytes().enumerate() {
            match ascii_septets(byte) {
                0 => counter.add_non_gsm(text.get(index..=index).unwrap_or_default(), 1),
                septets => counter.add_gsm(septets),
            }
        }
    } else {
        let mut rest = text;
        while let Some(grapheme) = next_grapheme(rest) {
            counter.add_grapheme(grapheme);
            rest = rest.get(grapheme.len()..).unwrap_or_default();
        }
    }
    counter.finish()
}

/// The extended grapheme cluster at the start of `rest`, which starts at a cluster boundary.
///
/// Running the UAX #29 segmenter costs far more than the counting, and most characters of
/// real messages (Latin, Greek, Cyrillic, CJK, controls) are clusters of their own. A
/// character is taken alone when it and the next one are both [`is_lone_cluster_char`]:
/// between two such characters every UAX #29 rule but "break everywhere" (GB999) is silent,
/// and a control always ends its cluster (GB4; CR LF is split anyway). Anything else goes to
/// the segmenter, started afresh at this boundary: no rule looks back across a boundary
/// except regional-indicator pairing, and a boundary always falls after a complete pair.
fn next_grapheme(rest: &str) -> Option<&str> {
    let mut chars = rest.chars();
    let first = chars.next()?;
    let alone = first < ' ' || (is_lone_cluster_char(first) && chars.next().is_none_or(is_lone_cluster_char));
    if alone {
        rest.get(..first.len_utf8())
    } else {
        rest.graphemes(true).next()
    }
}

/// Characters whose Grapheme_Cluster_Break is Other or Control (never Extend, ZWJ,
/// SpacingMark, Prepend, Regional_Indicator or Hangul), checked exhaustively in the tests.
fn is_lone_cluster_char(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2FF}'          // C0 controls, ASCII, Latin-1, Latin Extended-A/B, IPA, modifiers
        | '\u{370}'..='\u{3FF}'   // Greek and Coptic
        | '\u{400}'..='\u{482}'   // Cyrillic (before its combining marks U+0483-U+0489)
        | '\u{48A}'..='\u{52F}'   // Cyrillic and Cyrillic Supplement
        | '\u{20A0}'..='\u{20C0}' // currency symbols (€)
        | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
    )
}

/// Per-text state. Until the first grapheme that forces UCS-2, only the GSM-7 packing runs;
/// the UCS-2 packing of that all-GSM-7 prefix (one code unit per character) is then
/// computed in one step and continued.
#[derive(Debug)]
struct Counter<'a> {
    gsm7: Packer,
    ucs2: Option<Packer>,
    septets: usize,
    code_units: usize,
    forced: ForcedUcs2<'a>,
}

impl Default for Counter<'_> {
    fn default() -> Self {
        Counter {
            gsm7: Packer::new(GSM7_SINGLE, GSM7_CONCATENATED),
            ucs2: None,
            septets: 0,
            code_units: 0,
            forced: ForcedUcs2::default(),
        }
    }
}

impl<'a> Counter<'a> {
    fn add_grapheme(&mut self, grapheme: &'a str) {
        if grapheme == "\r\n" {
            // UAX #29 keeps CR LF together; the calculator splits it into two GSM-7 characters.
            self.add_gsm(1);
            self.add_gsm(1);
            return;
        }
        let mut chars = grapheme.chars();
        if let (Some(only), None) = (chars.next(), chars.next()) {
            let septets = gsm7_septets(only);
            if septets > 0 {
                self.add_gsm(septets);
                return;
            }
        }
        let code_units = grapheme.chars().map(char::len_utf16).sum();
        self.add_non_gsm(grapheme, code_units);
    }

    /// A GSM-7 character: `septets` in GSM-7, one UTF-16 code unit in UCS-2 (every
    /// GSM-7 character, extension table included, is in the Basic Multilingual Plane).
    fn add_gsm(&mut self, septets: u8) {
        self.code_units += 1;
        match &mut self.ucs2 {
            Some(ucs2) => ucs2.push(1),
            None => {
                let septets = usize::from(septets);
                self.septets += septets;
                self.gsm7.push(septets);
            }
        }
    }

    fn add_non_gsm(&mut self, grapheme: &'a str, code_units: usize) {
        // So far every grapheme was a GSM-7 character of one code unit.
        let prefix = self.code_units;
        let ucs2 = self
            .ucs2
            .get_or_insert_with(|| Packer::after_single_units(UCS2_SINGLE, UCS2_CONCATENATED, prefix));
        ucs2.push(code_units);
        self.code_units += code_units;
        self.forced.note(grapheme);
    }

    fn finish(self) -> Segments {
        let (encoding, units, packer) = match self.ucs2 {
            None => (Encoding::Gsm7, self.septets, self.gsm7),
            Some(ucs2) => (Encoding::Ucs2, self.code_units, ucs2),
        };
        Segments {
            encoding,
            units,
            segments: packer.segments,
            ucs2_chars: self.forced.into_strings(),
        }
    }
}

/// Septets in one GSM-7 segment without / with the 6-octet User Data Header.
const GSM7_SINGLE: usize = 160;
const GSM7_CONCATENATED: usize = 153;
/// UTF-16 code units in one UCS-2 segment without / with the User Data Header.
const UCS2_SINGLE: usize = 70;
const UCS2_CONCATENATED: usize = 67;

/// The calculator's packing, in units of one encoding.
#[derive(Debug)]
struct Packer {
    single_capacity: usize,
    concatenated_capacity: usize,
    /// Segments so far (the calculator always has one, even for the empty text).
    segments: usize,
    /// Units in the current segment. May exceed the capacity: the calculator pushes an
    /// oversized grapheme (or the one that triggered the retroactive header) unchecked.
    used: usize,
    /// While in the first segment: the longest prefix of it that still fits once the
    /// header is added, i.e. what stays there when the header arrives.
    first_segment_keeps: usize,
    concatenated: bool,
}

impl Packer {
    const fn new(single_capacity: usize, concatenated_capacity: usize) -> Self {
        Packer {
            single_capacity,
            concatenated_capacity,
            segments: 1,
            used: 0,
            first_segment_keeps: 0,
            concatenated: false,
        }
    }

    /// The state after `count` graphemes of size 1, in closed form.
    fn after_single_units(single_capacity: usize, concatenated_capacity: usize, count: usize) -> Self {
        let mut packer = Packer::new(single_capacity, concatenated_capacity);
        if count <= single_capacity {
            packer.used = count;
            packer.first_segment_keeps = count.min(concatenated_capacity);
        } else {
            // The first segment keeps `concatenated_capacity`; the rest fill later segments.
            let rest = count - concatenated_capacity;
            let later_segments = rest.div_ceil(concatenated_capacity);
            packer.concatenated = true;
            packer.first_segment_keeps = concatenated_capacity;
            packer.segments = 1 + later_segments;
            packer.used = rest - concatenated_capacity * (later_segments - 1);
        }
        packer
    }

    fn push(&mut self, size: usize) {
        let capacity = if self.concatenated {
            self.concatenated_capacity
        } else {
            self.single_capacity
        };
        if self.used + size <= capacity {
            self.used += size;
            if !self.concatenated && self.used <= self.concatenated_capacity {
                self.first_segment_keeps = self.used;
            }
        } else if self.concatenated {
            self.segments += 1;
            self.used = size;
        } else {
            // The header is added to the first segment; what no longer fits there moves to
            // the second segment, followed by the grapheme that did not fit.
            self.concatenated = true;
            self.segments = 2;
            self.used = self.used - self.first_segment_keeps + size;
        }
    }
}

/// The graphemes that forced UCS-2, distinct, in order of first appearance.
#[derive(Debug, Default)]
struct ForcedUcs2<'a> {
    in_order: Vec<&'a str>,
    /// Built only when the list grows long, so the common case stays a short linear scan
    /// and a text of thousands of distinct characters stays linear.
    seen: Option<HashSet<&'a str>>,
}

impl<'a> ForcedUcs2<'a> {
    const LINEAR_SCAN_LIMIT: usize = 16;

    fn note(&mut self, grapheme: &'a str) {
        match &mut self.seen {
            Some(seen) => {
                if seen.insert(grapheme) {
                    self.in_order.push(grapheme);
                }
            }
            None => {
                if !self.in_order.contains(&grapheme) {
                    self.in_order.push(grapheme);
                    if self.in_order.len() > Self::LINEAR_SCAN_LIMIT {
                        self.seen = Some(self.in_order.iter().copied().collect());
                    }
                }
            }
        }
    }

    fn into_strings(self) -> Vec<String> {
        self.in_order.into_iter().map(str::to_owned).collect()
    }
}

/// Septets of each ASCII character in GSM-7 (`UnicodeToGSM.ts`): 1 for the basic set,
/// 2 for the extension table (form feed `^ { } \ [ ~ ] |`), 0 when it is not GSM-7
/// (other controls, `` ` ``, DEL).
#[rustfmt::skip]
static ASCII_SEPTETS: [u8; 128] = [
    // 0x00-0x0F: only LF (0x0A), FF (0x0C, extension) and CR (0x0D)
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 0,
    // 0x10-0x1F: no controls
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    // 0x20-0x2F: space ! " # $ % & ' ( ) * + , - . /
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    // 0x30-0x3F: 0-9 : ; < = > ?
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    // 0x40-0x4F: @ A-O
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    // 0x50-0x5F: P-Z, then [ \ ] ^ (extension) and _
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1,
    // 0x60-0x6F: ` (not GSM-7), a-o
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    // 0x70-0x7F: p-z, then { | } ~ (extension) and DEL (not GSM-7)
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0,
];

fn ascii_septets(byte: u8) -> u8 {
    ASCII_SEPTETS.get(usize::from(byte)).copied().unwrap_or(0)
}

/// Septets of `c` in GSM-7, or 0 when it is not in the calculator's GSM-7 map.
fn gsm7_septets(c: char) -> u8 {
    if let Ok(byte) = u8::try_from(c) {
        if byte.is_ascii() {
            return ascii_septets(byte);
        }
    }
    match c {
        // ¡ £ ¤ ¥ § ¿ Ä Å Æ Ç É Ñ Ö Ø Ü ß à ä å æ è é ì ñ ò ö ø ù ü
        '\u{A1}' | '\u{A3}' | '\u{A4}' | '\u{A5}' | '\u{A7}' | '\u{BF}' | '\u{C4}' | '\u{C5}' | '\u{C6}' | '\u{C7}'
        | '\u{C9}' | '\u{D1}' | '\u{D6}' | '\u{D8}' | '\u{DC}' | '\u{DF}' | '\u{E0}' | '\u{E4}' | '\u{E5}'
        | '\u{E6}' | '\u{E8}' | '\u{E9}' | '\u{EC}' | '\u{F1}' | '\u{F2}' | '\u{F6}' | '\u{F8}' | '\u{F9}'
        | '\u{FC}' => 1,
        // Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω
        '\u{393}' | '\u{394}' | '\u{398}' | '\u{39B}' | '\u{39E}' | '\u{3A0}' | '\u{3A3}' | '\u{3A6}' | '\u{3A8}'
        | '\u{3A9}' => 1,
        // € is in the extension table.
        '\u{20AC}' => 2,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> (Encoding, usize, usize) {
        let result = segments(text);
        (result.encoding, result.units, result.segments)
    }

    fn gsm(n: usize) -> String {
        "a".repeat(n)
    }

    fn ucs(n: usize) -> String {
        // One Greek small alpha (not GSM-7, one UTF-16 unit) then ASCII.
        let mut text = String::from("\u{3B1}");
        text.push_str(&"a".repeat(n.saturating_sub(1)));
        text
    }

    #[test]
    fn empty_text_is_gsm7_in_one_segment() {
        // docs/src/plan.md counts exactly as Twilio's calculator, which reports one segment for "".
        assert_eq!(
            segments(""),
            Segments {
                encoding: Encoding::Gsm7,
                units: 0,
                segments: 1,
                ucs2_chars: vec![]
            }
        );
    }

    #[test]
    fn gsm7_single_segment_boundary() {
        assert_eq!(count(&gsm(1)), (Encoding::Gsm7, 1, 1));
        assert_eq!(count(&gsm(160)), (Encoding::Gsm7, 160, 1));
        assert_eq!(count(&gsm(161)), (Encoding::Gsm7, 161, 2));
    }

    #[test]
    fn gsm7_concatenated_boundaries() {
        for k in 2..=12 {
            assert_eq!(count(&gsm(153 * k)).2, k, "153×{k}");
            assert_eq!(count(&gsm(153 * k + 1)).2, k + 1, "153×{k}+1");
        }
    }

    #[test]
    fn ucs2_single_segment_boundary() {
        assert_eq!(count(&ucs(70)), (Encoding::Ucs2, 70, 1));
        assert_eq!(count(&ucs(71)), (Encoding::Ucs2, 71, 2));
    }

    #[test]
    fn ucs2_concatenated_boundaries() {
        for k in 2..=25 {
            assert_eq!(count(&ucs(67 * k)).2, k, "67×{k}");
            assert_eq!(count(&ucs(67 * k + 1)).2, k + 1, "67×{k}+1");
        }
    }

    #[test]
    fn extension_characters_count_two_septets() {
        assert_eq!(count("{}[]~|^\\\u{C}\u{20AC}"), (Encoding::Gsm7, 20, 1));
        assert_eq!(count(&"€".repeat(80)), (Encoding::Gsm7, 160, 1));
        assert_eq!(count(&"€".repeat(81)), (Encoding::Gsm7, 162, 2));
    }

    #[test]
    fn extension_pair_straddling_the_single_segment_boundary() {
        // 159 septets then an escape pair: 161 septets, two segments.
        let text = format!("{}{{", gsm(159));
        assert_eq!(count(&text), (Encoding::Gsm7, 161, 2));
    }

    #[test]
    fn extension_pair_is_never_split_across_segments() {
        // 152 septets + `{` would need septets 153-154: the pair moves whole to segment 2,
        // which then holds 2 + 151 = 153, so 152 + 2 + 151 septets fit in two segments
        // only if the pair were split; they need three.
        let split_needed = format!("{}{{{}", gsm(152), gsm(152));
        assert_eq!(count(&split_needed), (Encoding::Gsm7, 306, 3));
        // Without the straddle the same septet total fits in two segments.
        let aligned = format!("{}{{{}", gsm(151), gsm(153));
        assert_eq!(count(&aligned), (Encoding::Gsm7, 306, 2));
    }

    #[test]
    fn extension_pair_straddling_a_later_boundary() {
        // Segment 2 is full at 153 + 152, then `}` does not fit: it opens segment 3.
        let text = format!("{}}}", gsm(305));
        assert_eq!(count(&text), (Encoding::Gsm7, 307, 3));
        let fits = format!("{}}}", gsm(304));
        assert_eq!(count(&fits), (Encoding::Gsm7, 306, 2));
    }

    #[test]
    fn emoji_surrogate_pair_straddling_the_single_segment_boundary() {
        // 69 units then a 2-unit emoji: 71 units, two segments.
        let text = format!("\u{3B1}{}\u{1F600}", gsm(68));
        assert_eq!(count(&text), (Encoding::Ucs2, 71, 2));
        let fits = format!("\u{3B1}{}\u{1F600}", gsm(67));
        assert_eq!(count(&fits), (Encoding::Ucs2, 70, 1));
    }

    #[test]
    fn emoji_surrogate_pair_is_never_split_across_segments() {
        // 66 units + emoji (units 67-68) + 66 units = 134 units: two full segments if
        // split, three because the pair moves whole.
        let text = format!("{}\u{1F600}{}", ucs(66), gsm(66));
        assert_eq!(count(&text), (Encoding::Ucs2, 134, 3));
        let aligned = format!("{}\u{1F600}{}", ucs(65), gsm(67));
        assert_eq!(count(&aligned), (Encoding::Ucs2, 134, 2));
    }

    #[test]
    fn one_non_gsm_character_switches_the_whole_text() {
        // Twilio's calculator: 152 GSM characters plus one emoji give 3 segments.
        let text = format!("{}\u{1F600}", gsm(152));
        assert_eq!(count(&text), (Encoding::Ucs2, 154, 3));
        assert_eq!(segments(&text).ucs2_chars, vec!["\u{1F600}".to_owned()]);
    }

    #[test]
    fn cr_and_lf_are_separate_gsm7_characters() {
        assert_eq!(count("a\r\nb"), (Encoding::Gsm7, 4, 1));
        assert_eq!(count(&"\r\n".repeat(80)), (Encoding::Gsm7, 160, 1));
        // CR LF may be split across segments: 159 + CR | LF + …
        let text = format!("{}\r\n", gsm(159));
        assert_eq!(count(&text), (Encoding::Gsm7, 161, 2));
    }

    #[test]
    fn crlf_in_a_ucs2_text_counts_two_units() {
        let text = format!("\u{1F600}\r\n{}", "\u{3B1}");
        assert_eq!(count(&text), (Encoding::Ucs2, 5, 1));
        assert_eq!(
            segments(&text).ucs2_chars,
            vec!["\u{1F600}".to_owned(), "\u{3B1}".to_owned()]
        );
    }

    #[test]
    fn gsm7_letters_in_a_ucs2_text_cost_one_unit_each() {
        // Extension characters are one UTF-16 unit in UCS-2, not two.
        assert_eq!(count("\u{1F600}{}"), (Encoding::Ucs2, 4, 1));
    }

    #[test]
    fn ucs2_chars_are_distinct_clusters_in_order() {
        let result = segments("más e\u{301} más \u{1F1EE}\u{1F1F9} \u{1F600}á\u{1F600}");
        assert_eq!(
            result.ucs2_chars,
            vec![
                "á".to_owned(),
                "e\u{301}".to_owned(),
                "\u{1F1EE}\u{1F1F9}".to_owned(),
                "\u{1F600}".to_owned()
            ]
        );
    }

    #[test]
    fn gsm7_letter_with_combining_mark_forces_ucs2() {
        let result = segments("e\u{301}");
        assert_eq!((result.encoding, result.units, result.segments), (Encoding::Ucs2, 2, 1));
        assert_eq!(result.ucs2_chars, vec!["e\u{301}".to_owned()]);
    }

    #[test]
    fn ascii_that_is_not_gsm7() {
        for text in ["`", "\t", "\u{7F}", "\u{0}"] {
            let result = segments(text);
            assert_eq!(
                (result.encoding, result.units, result.segments),
                (Encoding::Ucs2, 1, 1),
                "{text:?}"
            );
            assert_eq!(result.ucs2_chars, vec![text.to_owned()]);
        }
    }

    #[test]
    fn many_distinct_forcing_characters_are_each_listed_once() {
        let alphabet: String = ('\u{4E00}'..='\u{4E63}').collect();
        let text = format!("{alphabet}{alphabet}");
        let result = segments(&text);
        assert_eq!(result.ucs2_chars.len(), 100);
        assert_eq!(result.ucs2_chars.concat(), alphabet);
    }

    #[test]
    fn oversized_grapheme_follows_the_calculator() {
        // One grapheme of 100 UTF-16 units does not fit a first segment of 70: the calculator
        // adds the header to the (empty) first segment and pushes the grapheme, unchecked,
        // into the second.
        let zalgo = format!("a{}", "\u{301}".repeat(99));
        assert_eq!(count(&zalgo), (Encoding::Ucs2, 100, 2));
        assert_eq!(count(&format!("{zalgo}b")), (Encoding::Ucs2, 101, 3));
    }

    #[test]
    fn serialises_with_wire_names() {
        let json = serde_json::to_value(segments("hi \u{1F600}")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"encoding": "UCS-2", "units": 5, "segments": 1, "ucs2_chars": ["\u{1F600}"]})
        );
        assert_eq!(serde_json::to_value(segments("")).unwrap()["encoding"], "GSM-7");
    }

    #[test]
    fn lone_cluster_chars_never_join_a_neighbour() {
        // Each such character must break from an ordinary letter on both sides, and two of
        // them must break from each other, exactly as the UAX #29 segmenter says.
        for c in (0u32..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| is_lone_cluster_char(*c))
        {
            for text in [format!("x{c}"), format!("{c}x"), format!("{c}{c}")] {
                assert_eq!(text.graphemes(true).count(), 2, "{c:?} joins a neighbour in {text:?}");
            }
        }
    }

    #[test]
    fn shortcut_segmentation_matches_the_segmenter() {
        let samples = [
            "Olá! Promoção válida até amanhã. Ça va? Ελληνικά, русский, 中文.",
            "e\u{301}\u{302}x \u{1F44D}\u{1F3FD}\u{200D} a\u{200D}\u{1F600} \u{1F1EE}\u{1F1F9}\u{1F1EE}",
            "\r\n\u{301}\u{915}\u{94D}\u{937}\u{93F} \u{1100}\u{1161}\u{11A8} \u{600}1 \u{483}\u{430}\u{483}",
            "\u{A9}\u{FE0F}\u{200D}\u{1F308} \u{20AC}\u{301} \u{4E2D}\u{3099} \u{2FF}\u{300}",
        ];
        for text in samples {
            let mut rest = text;
            let mut ours = Vec::new();
            while let Some(grapheme) = next_grapheme(rest) {
                ours.push(grapheme);
                rest = &rest[grapheme.len()..];
            }
            let mut expected: Vec<&str> = Vec::new();
            for g in text.graphemes(true) {
                if g == "\r\n" {
                    expected.extend(["\r", "\n"]);
                } else {
                    expected.push(g);
                }
            }
            let ours: Vec<&str> = ours
                .iter()
                .flat_map(|g| if *g == "\r\n" { vec!["\r", "\n"] } else { vec![*g] })
                .collect();
            assert_eq!(ours, expected, "{text:?}");
        }
    }

    #[test]
    fn closed_form_packing_matches_pushing_single_units() {
        for (single, concatenated) in [(UCS2_SINGLE, UCS2_CONCATENATED), (GSM7_SINGLE, GSM7_CONCATENATED)] {
            let mut pushed = Packer::new(single, concatenated);
            for count in 0..1000 {
                let closed = Packer::after_single_units(single, concatenated, count);
                assert_eq!(
                    (
                        closed.segments,
                        closed.used,
                        closed.first_segment_keeps,
                        closed.concatenated
                    ),
                    (
                        pushed.segments,
                        pushed.used,
                        pushed.first_segment_keeps,
                        pushed.concatenated
                    ),
                    "{count} units at {single}/{concatenated}"
                );
                pushed.push(1);
            }
        }
    }
}
