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
//!
//! A rule that learns from the whole run ([`Scope::Run`]) needs several
//! documents: each of its cases holds the documents of one run, separated
//! by lines of `---` ([`documents_of`]), and its expected texts hold the
//! fixed documents separated the same way.

use std::fs;
use std::path::{Path, PathBuf};

use copydesk::diff::unified_diff;
use copydesk::output::{render_diagnostic, Style, WindowedSource};
use std::sync::Arc;

use copydesk::{
    Applicability, Diagnostic, FileRules, FixAvailability, FixOutcome, Linter, Scope, Selection,
};

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

/// The documents of a run written in one text: split at lines of `---`,
/// each document keeping its own lines.
pub fn documents_of(text: &str) -> Vec<String> {
    let mut documents = vec![String::new()];
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            documents.push(String::new());
        } else if let Some(document) = documents.last_mut() {
            document.push_str(line);
        }
    }
    documents
}

/// The rules of `linter` for the documents of one run, with the counts of
/// what recurs across them.
pub fn run_rules(linter: &Linter, documents: &[String]) -> FileRules {
    let mut rules = linter.file_rules(None);
    let counts = linter.count_shared(documents.iter().map(String::as_str), &rules);
    rules.shared = Some(Arc::new(counts));
    rules
}

/// Lints `text` as `linter` does, or, for a rule of [`Scope::Run`], as the
/// documents of one run: the diagnostics of each document, in order.
pub fn lint_as_run(linter: &Linter, text: &str) -> Vec<(String, Vec<Diagnostic>)> {
    let documents = documents_of(text);
    let rules = run_rules(linter, &documents);
    documents
        .into_iter()
        .map(|document| {
            let diagnostics = linter.lint_file(&document, &rules);
            (document, diagnostics)
        })
        .collect()
}

/// Fixes the documents of one run written in `text`, joined back with `---`.
pub fn fix_as_run(linter: &Linter, text: &str, level: Applicability) -> String {
    let documents = documents_of(text);
    let rules = run_rules(linter, &documents);
    documents
        .iter()
        .map(|document| {
            let FixOutcome { text, .. } = linter
                .fix_file(document, &rules, level)
                .expect("fixes converge");
            text
        })
        .collect::<Vec<_>>()
        .join("---\n")
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

/// [`check_case`] for a rule that learns from the whole run: the case holds
/// the documents of one run.
fn check_run_case(rule: &str, linter: &Linter, case: &Path) {
    let name = file_name(case);
    let text = fs::read_to_string(case).expect("fixtures are UTF-8");
    let shown_path = format!("fixtures/{rule}/{name}");
    let linted = lint_as_run(linter, &text);
    let rendered: Vec<String> = linted
        .iter()
        .enumerate()
        .filter(|(_, (_, diagnostics))| !diagnostics.is_empty())
        .map(|(index, (document, diagnostics))| {
            render(
                &format!("{shown_path} (document {})", index + 1),
                document,
                diagnostics,
            )
        })
        .collect();
    if name.starts_with("ok-") {
        assert!(
            rendered.is_empty(),
            "near miss {shown_path} was flagged:\n{}",
            rendered.join("\n")
        );
        return;
    }
    assert!(
        !rendered.is_empty(),
        "{shown_path} must be flagged but is clean"
    );
    let safe = fix_as_run(linter, &text, Applicability::Safe);
    check_fixed(case, "fixed.txt", &text, &safe);
    let all = fix_as_run(linter, &text, Applicability::Unsafe);
    if all != safe {
        check_fixed(case, "unsafe-fixed.txt", &text, &all);
    }
    // A second run over the fixed documents, with counts made afresh,
    // changes nothing.
    assert_eq!(
        fix_as_run(linter, &all, Applicability::Unsafe),
        all,
        "a second --fix changes {shown_path}"
    );
    let mut snapshot = format!(
        "{}\n--- safe fixes ---\n{}",
        rendered.join("\n"),
        unified_diff(&shown_path, &text, &safe)
    );
    if all != safe {
        snapshot.push_str("--- with unsafe fixes ---\n");
        snapshot.push_str(&unified_diff(&shown_path, &text, &all));
    }
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(format!("{rule}__{}", name.trim_end_matches(".txt")), snapshot);
    });
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
        let learns_from_run = linter.metas().any(|meta| meta.scope == Scope::Run);
        for case in cases(&folder) {
            if learns_from_run {
                check_run_case(&rule, &linter, &case);
            } else {
                check_case(&rule, &linter, &case);
            }
        }
    }
}
