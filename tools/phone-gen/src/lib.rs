//! Compiles libphonenumber's PhoneNumberMetadata.xml into the tables of smsrules' phone
//! validity engine (`core/src/phone/tables.rs`), ahead of time, so that the core needs no
//! regex at run time. See `tests/phone/README.md` for how the result is checked.

pub mod emit;
pub mod metadata;
pub mod product;
pub mod program;

use sha2::{Digest, Sha256};

/// Everything the generator produces from one XML text.
#[derive(Debug)]
pub struct Generated {
    /// The Rust source of `tables.rs`.
    pub tables_rs: String,
    /// Nodes of the minimised automaton.
    pub nodes: usize,
    /// Product states explored before minimisation.
    pub explored: usize,
}

/// Hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Generates `tables.rs` from the XML text.
pub fn generate(xml: &str) -> Result<Generated, String> {
    let metadata = metadata::Metadata::parse(xml)?;
    let product = product::build(&metadata)?;
    let tables_rs = emit::tables_rs(&metadata, &product, &sha256_hex(xml.as_bytes()))?;
    Ok(Generated {
        tables_rs,
        nodes: product.nodes.len(),
        explored: product.explored,
    })
}

/// The extraction as JSON, field by field, for comparison with Python `phonenumbers`'
/// compiled metadata (`tests/phone/compare_metadata.py`).
pub fn metadata_json(xml: &str) -> Result<String, String> {
    use serde_json::{json, Map, Value};
    let metadata = metadata::Metadata::parse(xml)?;
    let mut territories = Map::new();
    for t in &metadata.territories {
        let desc = |d: &metadata::Desc| {
            json!({
                "pattern": d.pattern,
                "national": d.national.iter().collect::<Vec<_>>(),
                "local_only": d.local_only.iter().collect::<Vec<_>>(),
            })
        };
        let mut types = Map::new();
        for (name, d) in metadata::TYPE_NAMES.iter().zip(&t.types) {
            types.insert((*name).to_string(), d.as_ref().map(desc).unwrap_or(Value::Null));
        }
        let key = if t.id == "001" {
            t.calling_code.to_string()
        } else {
            t.id.clone()
        };
        territories.insert(
            key,
            json!({
                "calling_code": t.calling_code,
                "leading_digits": t.leading_digits,
                "international_prefix": t.international_prefix,
                "national_prefix": t.national_prefix,
                "national_prefix_for_parsing": t.national_prefix_for_parsing,
                "transform_rule": t.transform_rule,
                "same_mobile_and_fixed_line_pattern": t.same_mobile_and_fixed_line_pattern,
                "general": desc(&t.general),
                "types": types,
            }),
        );
    }
    let mut codes = Map::new();
    for (code, list) in &metadata.by_calling_code {
        let ids = list
            .iter()
            .map(|&i| metadata.territory(i).map(|t| t.id.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        codes.insert(code.to_string(), json!(ids));
    }
    serde_json::to_string_pretty(&json!({"territories": territories, "calling_codes": codes}))
        .map_err(|e| e.to_string())
}
