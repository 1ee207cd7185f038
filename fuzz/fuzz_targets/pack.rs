//! Parses a rule pack; when it parses, compiles it, runs its own examples and
//! lints the pack text itself with it, checking the diagnostics (see
//! `copydesk_fuzz`).
#![no_main]

use std::collections::BTreeSet;

use copydesk::packs::{parse_pack, test_examples, PackEngine};
use copydesk::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut taken = BTreeSet::new();
    let Ok(rules) = parse_pack("fuzz.toml", text, &mut taken) else {
        return;
    };
    let _ = test_examples(rules);
    let mut taken = BTreeSet::new();
    let rules = parse_pack("fuzz.toml", text, &mut taken).expect("parses a second time");
    let Ok(engine) = PackEngine::new(rules) else {
        return;
    };
    let mut diagnostics = Vec::new();
    engine.check(&Document::new(text), &|_| true, &mut diagnostics);
    copydesk_fuzz::check_diagnostics(
        &copydesk_fuzz::Context {
            text,
            original: &copydesk_fuzz::forbidden_chars(text),
            hidden: None,
        },
        &diagnostics,
    );
});
