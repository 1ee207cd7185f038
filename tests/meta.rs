//! Conventions that keep rules, docs and fixtures from drifting apart.

use std::collections::BTreeSet;
use std::fs;

use copydesk::registry::duplicate_names;
use copydesk::{Applicability, Diagnostic, FixAvailability, Linter, RuleMeta, Scope, Selection};

/// Every built-in rule and every rule of the built-in packs.
fn all_metas() -> Vec<RuleMeta> {
    Linter::new(&Selection::default())
        .expect("rules load")
        .all_metas()
        .to_vec()
}

use crate::fixtures::{cases, file_name, fix_as_run, lint_as_run, linter_for, rule_folders};

#[test]
fn every_rule_has_a_fixture_folder_and_every_folder_a_rule() {
    let rules: BTreeSet<String> = all_metas()
        .iter()
        .map(|meta| meta.name.to_string())
        .collect();
    let folders: BTreeSet<String> = rule_folders()
        .iter()
        .map(|folder| file_name(folder))
        .collect();
    assert_eq!(
        rules, folders,
        "rules and fixtures/ folders must match one to one"
    );
    assert!(duplicate_names(&all_metas()).is_empty());
}

#[test]
fn every_rule_has_flagged_cases_and_near_misses() {
    for folder in rule_folders() {
        let names: Vec<String> = cases(&folder).iter().map(|case| file_name(case)).collect();
        assert!(
            names.iter().any(|name| name.starts_with("ok-")),
            "{} has no ok-* near miss",
            folder.display()
        );
        assert!(
            names.iter().any(|name| !name.starts_with("ok-")),
            "{} has no flagged case",
            folder.display()
        );
    }
}

/// The fenced ```text block right after `heading` in `doc`.
fn block_after<'a>(doc: &'a str, heading: &str) -> Option<&'a str> {
    let (_, rest) = doc.split_once(heading)?;
    let (_, rest) = rest.split_once("```text\n")?;
    let (block, _) = rest.split_once("```")?;
    Some(block)
}

#[test]
fn docs_have_the_sections_in_order_and_their_examples_hold() {
    for meta in all_metas() {
        let doc = meta.doc();
        let mut sections = vec![
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Use instead:",
        ];
        if meta.fix != FixAvailability::None {
            sections.push("## Fix safety");
        }
        let mut position = 0;
        for section in sections {
            let found = doc[position..].find(section);
            assert!(
                found.is_some(),
                "{}: missing or misplaced section {section:?}",
                meta.name
            );
            position += found.unwrap_or(0) + section.len();
        }

        let linter = linter_for(&meta.name);
        let example = block_after(&doc, "## Example").expect("an example block");
        let instead = block_after(&doc, "Use instead:").expect("a use-instead block");
        if meta.scope == Scope::Run {
            // The example holds the documents of one run, separated by `---`.
            let flagged = lint_as_run(&linter, example);
            assert!(
                flagged.len() > 1 && flagged.iter().all(|(_, found)| !found.is_empty()),
                "{}: not every document of its Example is flagged",
                meta.name
            );
            assert!(
                lint_as_run(&linter, instead)
                    .iter()
                    .all(|(_, found)| found.is_empty()),
                "{}: its Use instead is flagged",
                meta.name
            );
            assert_eq!(
                fix_as_run(&linter, example, Applicability::Unsafe),
                instead,
                "{}: fixing the Example does not give Use instead",
                meta.name
            );
            continue;
        }
        assert!(
            !linter.lint(example).is_empty(),
            "{}: its Example is not flagged",
            meta.name
        );
        assert!(
            linter.lint(instead).is_empty(),
            "{}: its Use instead is flagged",
            meta.name
        );
        if meta.fix != FixAvailability::None {
            let fixed = linter
                .fix(example, Applicability::Unsafe)
                .expect("converges");
            assert_eq!(
                fixed.text, instead,
                "{}: fixing the Example does not give Use instead",
                meta.name
            );
        }
    }
}

#[test]
fn messages_follow_the_convention() {
    for folder in rule_folders() {
        let rule = file_name(&folder);
        let linter = linter_for(&rule);
        let learns_from_run = linter.metas().any(|meta| meta.scope == Scope::Run);
        for case in cases(&folder) {
            let text = fs::read_to_string(&case).expect("UTF-8 fixture");
            let diagnostics: Vec<Diagnostic> = if learns_from_run {
                lint_as_run(&linter, &text)
                    .into_iter()
                    .flat_map(|(_, diagnostics)| diagnostics)
                    .collect()
            } else {
                linter.lint(&text)
            };
            for diagnostic in diagnostics {
                let texts = [
                    Some(diagnostic.message.as_str()),
                    diagnostic.fix.as_ref().map(|fix| fix.message.as_ref()),
                ];
                for message in texts.into_iter().flatten() {
                    let first = message.chars().next().expect("a message is not empty");
                    assert!(
                        !first.is_uppercase(),
                        "{rule}: message starts with a capital: {message:?}"
                    );
                    assert!(
                        !message.ends_with('.'),
                        "{rule}: message ends with a full stop: {message:?}"
                    );
                    assert!(
                        !message.to_lowercase().contains("try this"),
                        "{rule}: {message:?}"
                    );
                }
                assert_eq!(diagnostic.rule, rule);
            }
        }
    }
}
