//! CONTRACT STUB — to be replaced (helper "text").
//!
//! SMS encoding and segment counting, exactly as Twilio's message-segment-calculator counts
//! with smart encoding off (SPEC §6, §7).

use serde::Serialize;

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
    /// SMS segments (0 for the empty text).
    pub segments: usize,
    /// Distinct grapheme clusters that forced UCS-2, in order of first appearance.
    pub ucs2_chars: Vec<String>,
}

/// Count `text` as SMS.
pub fn segments(text: &str) -> Segments {
    Segments { encoding: Encoding::Gsm7, units: text.len(), segments: 1, ucs2_chars: Vec::new() }
}
