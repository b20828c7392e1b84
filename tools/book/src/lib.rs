//! The book in `docs/` as a crate, so that it cannot drift from the code: every Rust sample
//! of every page runs as a doctest (`pages`), and `tests/book.rs` regenerates the rules
//! reference and the worked examples from the core and the conformance vectors.
//!
//! Nothing here is for use at run time; the crate exists for `cargo test`.

/// One item per page of `docs/src`, each documented by that page.
#[cfg(doctest)]
pub mod pages {
    include!("pages.rs");
}
