//! Several rules at once: no echoes, and fixes that interact.

use std::fs;
use std::path::Path;

use copydesk::{Applicability, Linter, Selection};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/_mixed")
        .join(name);
    fs::read_to_string(path).expect("mixed fixture is readable")
}

fn rules_of(linter: &Linter, text: &str) -> Vec<String> {
    linter
        .lint(text)
        .into_iter()
        .map(|diagnostic| diagnostic.rule.to_string())
        .collect()
}

/// A linter running lost-apostrophe and repeated-passage (the fixture is also
/// flattened text, which is beside the point here).
fn apostrophes_and_repeats() -> Linter {
    Linter::new(&Selection {
        select: vec!["lost-apostrophe".to_owned(), "repeated-passage".to_owned()],
        ignore: Vec::new(),
    })
    .expect("rules load")
}

#[test]
fn problems_inside_a_repeated_copy_are_reported_once() {
    let text = fixture("echoes.txt");
    let linter = apostrophes_and_repeats();
    // Two lost apostrophes in the first occurrence, none from the copy, and the copy itself.
    assert_eq!(
        rules_of(&linter, &text),
        ["lost-apostrophe", "lost-apostrophe", "repeated-passage"]
    );
    // Without repeated-passage, each copy's problems are reported.
    let apostrophes_only = Linter::new(&Selection {
        select: vec!["lost-apostrophe".to_owned()],
        ignore: Vec::new(),
    })
    .expect("rules load");
    assert_eq!(apostrophes_only.lint(&text).len(), 4);
}

#[test]
fn fixing_both_rules_leaves_one_repaired_copy() {
    let text = fixture("echoes.txt");
    let linter = apostrophes_and_repeats();
    let fixed = linter.fix(&text, Applicability::Safe).expect("converges");
    assert!(fixed.remaining.is_empty(), "{:?}", fixed.remaining);
    assert_eq!(fixed.text.matches("company's new timetable").count(), 1);
    assert_eq!(fixed.text.matches("don't need").count(), 1);
    assert_eq!(
        fixed.text.split_whitespace().count(),
        text.split_whitespace().count() / 2 - 2
    );
    assert!(fixed.text.ends_with("old ones\n"));
}

#[test]
fn one_unsafe_fix_run_repairs_every_encoding_and_typography_artefact() {
    let text = fixture("encoding-typography.txt");
    let expected = fixture("encoding-typography.fixed.txt");
    let linter = Linter::new(&Selection::default()).expect("rules load");
    let fixed = linter.fix(&text, Applicability::Unsafe).expect("converges");
    assert_eq!(fixed.text, expected);
    assert!(fixed.remaining.is_empty(), "{:?}", fixed.remaining);
    let again = linter
        .fix(&fixed.text, Applicability::Unsafe)
        .expect("converges");
    assert_eq!(again.text, fixed.text, "a second run changes nothing");
}

#[test]
fn well_edited_text_in_seven_languages_is_clean() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/_languages");
    let linter = Linter::new(&Selection::default()).expect("rules load");
    let mut checked = 0;
    for entry in fs::read_dir(folder).expect("fixtures/_languages exists") {
        let path = entry.expect("readable entry").path();
        let text = fs::read_to_string(&path).expect("UTF-8 text");
        let diagnostics = linter.lint(&text);
        assert!(
            diagnostics.is_empty(),
            "{}: {diagnostics:#?}",
            path.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 7, "six languages and the English essay");
}
