//! Runs every rule over its fixtures in `fixtures/<rule>/`:
//!
//! - `<case>.txt` must be flagged; its rendered diagnostics and the diff of
//!   its safe fixes are snapshotted in `tests/snapshots/`;
//! - `<case>.fixed.txt` is the expected text after `--fix` (present exactly
//!   when a safe fix changes something), `<case>.unsafe-fixed.txt` the text
//!   after `--unsafe-fixes` when that differs;
//! - `ok-<case>.txt` is a near miss that must produce no diagnostic at all.
//!
//! Every case also checks that fixing is idempotent and that the rule's
//! declared fix availability holds. Folders starting with `_` are not rules.

use std::fs;
use std::path::{Path, PathBuf};

use copydesk::check::unified_diff;
use copydesk::output::{render_diagnostic, Style, WindowedSource};
use copydesk::{Applicability, Diagnostic, FixAvailability, Linter, Selection};

/// The fixture folders of the rules: `fixtures/<rule>/`.
pub fn rule_folders() -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> =
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
            .expect("fixtures/ exists")
            .map(|entry| entry.expect("readable fixtures entry").path())
            .filter(|path| path.is_dir() && !file_name(path).starts_with('_'))
            .collect();
    folders.sort();
    folders
}

/// The input cases of a fixture folder (not the expected outputs), sorted.
pub fn cases(folder: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(folder)
        .expect("fixture folder is readable")
        .map(|entry| entry.expect("readable fixture").path())
        .filter(|path| {
            let name = file_name(path);
            name.ends_with(".txt")
                && !name.ends_with(".fixed.txt")
                && !name.ends_with(".unsafe-fixed.txt")
        })
        .collect();
    cases.sort();
    cases
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A linter running only `rule`.
pub fn linter_for(rule: &str) -> Linter {
    Linter::new(&Selection {
        select: vec![rule.to_owned()],
        ignore: Vec::new(),
    })
    .unwrap_or_else(|error| panic!("fixtures/{rule}/ names no rule: {error}"))
}

fn render(path: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let source = WindowedSource::new(path, text);
    diagnostics
        .iter()
        .map(|diagnostic| render_diagnostic(diagnostic, &source, Style::default()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The expected output next to `case` with the given suffix, if present.
fn expected(case: &Path, suffix: &str) -> (PathBuf, Option<String>) {
    let stem = file_name(case).trim_end_matches(".txt").to_owned();
    let path = case.with_file_name(format!("{stem}.{suffix}"));
    let text = fs::read_to_string(&path).ok();
    (path, text)
}

fn check_fixed(case: &Path, suffix: &str, original: &str, fixed: &str) {
    let (path, expected) = expected(case, suffix);
    match expected {
        Some(expected) => assert_eq!(
            fixed,
            expected,
            "{} differs from the fixed text",
            path.display()
        ),
        None => assert_eq!(
            fixed,
            original,
            "fixes change {}, so {} must hold the expected text",
            case.display(),
            path.display()
        ),
    }
}

fn check_case(rule: &str, linter: &Linter, case: &Path) {
    let name = file_name(case);
    let text = fs::read_to_string(case).expect("fixtures are UTF-8");
    let diagnostics = linter.lint(&text);
    let shown_path = format!("fixtures/{rule}/{name}");

    if name.starts_with("ok-") {
        assert!(
            diagnostics.is_empty(),
            "near miss {shown_path} was flagged:\n{}",
            render(&shown_path, &text, &diagnostics)
        );
        return;
    }
    assert!(
        !diagnostics.is_empty(),
        "{shown_path} must be flagged but is clean"
    );

    let availability = linter
        .metas()
        .next()
        .map(|meta| meta.fix)
        .expect("one rule");
    for diagnostic in &diagnostics {
        match availability {
            FixAvailability::Always => assert!(
                diagnostic.fix.is_some(),
                "{rule} declares fix: always, but {diagnostic:?} has none"
            ),
            FixAvailability::None => assert!(
                diagnostic.fix.is_none(),
                "{rule} declares fix: none, but {diagnostic:?} has one"
            ),
            FixAvailability::Sometimes => {}
        }
    }

    let safe = linter
        .fix(&text, Applicability::Safe)
        .expect("safe fixes converge");
    check_fixed(case, "fixed.txt", &text, &safe.text);
    let again = linter
        .fix(&safe.text, Applicability::Safe)
        .expect("converges");
    assert_eq!(again.text, safe.text, "a second --fix changes {shown_path}");

    let all = linter
        .fix(&text, Applicability::Unsafe)
        .expect("unsafe fixes converge");
    if all.text != safe.text {
        check_fixed(case, "unsafe-fixed.txt", &text, &all.text);
    } else {
        let (path, stale) = expected(case, "unsafe-fixed.txt");
        assert!(
            stale.is_none(),
            "{} exists, but unsafe fixes change nothing that safe ones don't",
            path.display()
        );
    }

    let mut snapshot = format!(
        "{}\n--- safe fixes ---\n{}",
        render(&shown_path, &text, &diagnostics),
        unified_diff(&shown_path, &text, &safe.text)
    );
    if all.text != safe.text {
        snapshot.push_str("--- with unsafe fixes ---\n");
        snapshot.push_str(&unified_diff(&shown_path, &text, &all.text));
    }
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(format!("{rule}__{}", name.trim_end_matches(".txt")), snapshot);
    });
}

#[test]
fn every_fixture_of_every_rule() {
    for folder in rule_folders() {
        let rule = file_name(&folder);
        let linter = linter_for(&rule);
        for case in cases(&folder) {
            check_case(&rule, &linter, &case);
        }
    }
}
