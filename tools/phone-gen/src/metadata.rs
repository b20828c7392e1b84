//! Reads PhoneNumberMetadata.xml the way libphonenumber's `BuildMetadataFromXml.java` does:
//! the XML alone is not the metadata, several rules live in that builder (derived general
//! lengths, the `nationalPrefixForParsing` default, `sameMobileAndFixedLinePattern`, region
//! order per calling code).

use std::collections::{BTreeMap, BTreeSet};

/// The number types that `getNumberTypeHelper` consults, in its order of testing, followed
/// by the two that it tests last (fixed line, mobile) and `noInternationalDialling`.
pub const TYPE_NAMES: [&str; 11] = [
    "premiumRate",
    "tollFree",
    "sharedCost",
    "voip",
    "personalNumber",
    "pager",
    "uan",
    "voicemail",
    "fixedLine",
    "mobile",
    "noInternationalDialling",
];
/// Index of `fixedLine` in [`TYPE_NAMES`].
pub const FIXED_LINE: usize = 8;
/// Index of `mobile` in [`TYPE_NAMES`].
pub const MOBILE: usize = 9;
/// Index of `noInternationalDialling` in [`TYPE_NAMES`].
pub const NO_INTERNATIONAL_DIALLING: usize = 10;

/// One phone number description (`generalDesc`, `fixedLine`, …).
#[derive(Debug, Clone, Default)]
pub struct Desc {
    /// `nationalNumberPattern` with whitespace removed; `None` when absent.
    pub pattern: Option<String>,
    /// National possible lengths as written (for `generalDesc`: derived).
    pub national: BTreeSet<u32>,
    /// Local-only possible lengths (for `generalDesc`: derived).
    pub local_only: BTreeSet<u32>,
}

impl Desc {
    /// Whether a national number of `length` digits passes this description's length test
    /// (an empty list means "the general description's lengths apply", already tested).
    pub fn length_ok(&self, length: u32) -> bool {
        self.national.is_empty() || self.national.contains(&length)
    }
}

/// One `<territory>`: a region, or a non-geographic entity (`001`).
#[derive(Debug, Clone)]
pub struct Territory {
    /// Region code (`US`) or `001`.
    pub id: String,
    /// Country calling code.
    pub calling_code: u16,
    /// `mainCountryForCode="true"`.
    pub main: bool,
    /// `leadingDigits`, whitespace removed.
    pub leading_digits: Option<String>,
    /// `internationalPrefix` (the IDD pattern that parse() strips from national input).
    pub international_prefix: Option<String>,
    /// `nationalPrefix`.
    pub national_prefix: Option<String>,
    /// `nationalPrefixForParsing` (defaulting to `nationalPrefix`), whitespace removed.
    pub national_prefix_for_parsing: Option<String>,
    /// `nationalPrefixTransformRule` (read only when `nationalPrefixForParsing` is explicit).
    pub transform_rule: Option<String>,
    /// `generalDesc` with derived lengths.
    pub general: Desc,
    /// The descs of [`TYPE_NAMES`], `None` when absent.
    pub types: Vec<Option<Desc>>,
    /// Java string equality of the mobile and fixed-line patterns (absent counts as "").
    pub same_mobile_and_fixed_line_pattern: bool,
}

/// The whole metadata file.
#[derive(Debug, Clone)]
pub struct Metadata {
    /// Territories in XML order.
    pub territories: Vec<Territory>,
    /// Calling code → indexes into `territories`, main country first, then XML order.
    pub by_calling_code: BTreeMap<u16, Vec<usize>>,
}

fn strip_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn parse_lengths(text: &str) -> Result<BTreeSet<u32>, String> {
    let mut lengths = BTreeSet::new();
    for token in text.split(',') {
        let token = token.trim();
        if let Some(range) = token.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            let (low, high) = range.split_once('-').ok_or(format!("bad length range {token}"))?;
            let low: u32 = low.parse().map_err(|e| format!("{token}: {e}"))?;
            let high: u32 = high.parse().map_err(|e| format!("{token}: {e}"))?;
            lengths.extend(low..=high);
        } else {
            lengths.insert(token.parse().map_err(|e| format!("{token}: {e}"))?);
        }
    }
    Ok(lengths)
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

fn read_desc(node: roxmltree::Node<'_, '_>) -> Result<Desc, String> {
    let mut desc = Desc {
        pattern: child(node, "nationalNumberPattern").map(|p| strip_whitespace(p.text().unwrap_or(""))),
        ..Desc::default()
    };
    if let Some(lengths) = child(node, "possibleLengths") {
        if let Some(national) = lengths.attribute("national") {
            desc.national = parse_lengths(national)?;
        }
        if let Some(local) = lengths.attribute("localOnly") {
            desc.local_only = parse_lengths(local)?;
        }
    }
    Ok(desc)
}

fn read_territory(node: roxmltree::Node<'_, '_>) -> Result<Territory, String> {
    let id = node.attribute("id").ok_or("territory without id")?.to_string();
    let calling_code: u16 = node
        .attribute("countryCode")
        .ok_or(format!("{id}: no countryCode"))?
        .parse()
        .map_err(|e| format!("{id}: {e}"))?;
    let national_prefix = node
        .attribute("nationalPrefix")
        .filter(|p| !p.is_empty())
        .map(str::to_string);
    let explicit_npfp = node.attribute("nationalPrefixForParsing").map(strip_whitespace);
    let transform_rule = explicit_npfp
        .as_ref()
        .and_then(|_| node.attribute("nationalPrefixTransformRule"))
        .map(str::to_string);
    let national_prefix_for_parsing = explicit_npfp.or_else(|| national_prefix.clone());
    let general_node = child(node, "generalDesc").ok_or(format!("{id}: no generalDesc"))?;
    let mut general = read_desc(general_node)?;
    if !general.national.is_empty() || !general.local_only.is_empty() {
        return Err(format!("{id}: lengths given at the generalDesc level"));
    }
    let mut types = Vec::with_capacity(TYPE_NAMES.len());
    for name in TYPE_NAMES {
        types.push(child(node, name).map(read_desc).transpose()?);
    }
    // BuildMetadataFromXml.setPossibleLengthsGeneralDesc: the union over every desc except
    // noInternationalDialling; local-only lengths that are also national lengths are dropped.
    for (index, desc) in types.iter().enumerate() {
        if index == NO_INTERNATIONAL_DIALLING {
            continue;
        }
        if let Some(desc) = desc {
            general.national.extend(desc.national.iter().copied());
            general.local_only.extend(desc.local_only.iter().copied());
        }
    }
    let national = general.national.clone();
    general.local_only.retain(|length| !national.contains(length));
    // A type whose lengths equal the general ones stores none ("the general lengths apply").
    for desc in types.iter_mut().flatten() {
        if desc.national == general.national {
            desc.national.clear();
        }
    }
    let pattern_text = |index: usize| {
        types
            .get(index)
            .and_then(|d| d.as_ref())
            .and_then(|d| d.pattern.clone())
            .unwrap_or_default()
    };
    let same_mobile_and_fixed_line_pattern = pattern_text(MOBILE) == pattern_text(FIXED_LINE);
    Ok(Territory {
        leading_digits: node.attribute("leadingDigits").map(strip_whitespace),
        main: node.attribute("mainCountryForCode") == Some("true"),
        international_prefix: node.attribute("internationalPrefix").map(strip_whitespace),
        id,
        calling_code,
        national_prefix,
        national_prefix_for_parsing,
        transform_rule,
        general,
        types,
        same_mobile_and_fixed_line_pattern,
    })
}

impl Metadata {
    /// Parses the XML text.
    pub fn parse(xml: &str) -> Result<Metadata, String> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        let document = roxmltree::Document::parse_with_options(xml, options).map_err(|e| e.to_string())?;
        let territories_node = document
            .root_element()
            .children()
            .find(|c| c.is_element() && c.tag_name().name() == "territories")
            .ok_or("no <territories>")?;
        let mut territories = Vec::new();
        for node in territories_node
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "territory")
        {
            territories.push(read_territory(node)?);
        }
        let mut by_calling_code: BTreeMap<u16, Vec<usize>> = BTreeMap::new();
        for (index, territory) in territories.iter().enumerate() {
            let list = by_calling_code.entry(territory.calling_code).or_default();
            if territory.main {
                list.insert(0, index);
            } else {
                list.push(index);
            }
        }
        Ok(Metadata {
            territories,
            by_calling_code,
        })
    }

    /// The territory with this index.
    pub fn territory(&self, index: usize) -> Result<&Territory, String> {
        self.territories.get(index).ok_or(format!("no territory {index}"))
    }
}
