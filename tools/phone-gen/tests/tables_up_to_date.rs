//! The committed `core/src/phone/tables.rs` is what the generator makes of the committed XML.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

#[test]
fn committed_tables_match_the_committed_metadata() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let xml = std::fs::read_to_string(root.join("core/phone-data/PhoneNumberMetadata.xml")).unwrap();
    assert_eq!(
        phone_gen::sha256_hex(xml.as_bytes()),
        "8235fe573e09770c6cea25b351ea5866999f147051e84c8973c07df87e17fb73",
        "the XML is not the pinned phonenumber 0.3.10+9.0.33 asset"
    );
    let generated = phone_gen::generate(&xml).unwrap();
    let committed = std::fs::read_to_string(root.join("core/src/phone/tables.rs")).unwrap();
    assert!(
        committed == generated.tables_rs,
        "core/src/phone/tables.rs is stale: cargo run --release -p phone-gen -- \
         core/phone-data/PhoneNumberMetadata.xml core/src/phone/tables.rs"
    );
}

#[test]
fn national_prefix_programs_keep_leftmost_first_order() {
    use phone_gen::program::{compile, Inst};
    let program = compile("0|80?").unwrap();
    assert_eq!(program.first_digits, 0b1_0000_0001);
    assert_eq!(program.groups, 0);
    assert_eq!(program.insts.first(), Some(&Inst::Split(1, 3)));
    let captures = compile("(1(?:[12]\\d|79)\\d\\d)|0").unwrap();
    assert_eq!(captures.groups, 1);
    assert!(compile("a").is_err(), "only digit patterns are expected");
}
