//! `lost-hyphen`: compounds whose hyphen became a space ("re education").

use std::collections::HashSet;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::{Edit, Fix};
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};
use crate::rules::load_list;
use crate::rules::signatures::Signatures;

declare_rule! {
    /// ## What it does
    /// Finds compounds whose hyphen became a space when punctuation was
    /// stripped: "re education", "e mail", "co operation", "anti vaccine".
    /// Only compounds listed in `rules/lists/compounds.toml` count — pairs
    /// whose two words apart are never correct English — not any prefix
    /// followed by a word.
    ///
    /// ## Why is this bad?
    /// "re education camps" reads as a garbled phrase, and search for
    /// "re-education" or "reeducation" misses it.
    ///
    /// ## Example
    /// ```text
    /// send your questions by e mail before friday
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// send your questions by e-mail before friday
    /// ```
    ///
    /// ## Fix safety
    /// The fix puts the hyphen back in place of the space, keeping the case of
    /// both words. It is safe: only listed compounds are flagged.
    pub(crate) const META = {
        name: "lost-hyphen",
        category: Artefact,
        severity: Warning,
        fix: Always,
    }
}

const COMPOUNDS_TOML: &str = include_str!("../../rules/lists/compounds.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Compounds {
    compounds: Vec<String>,
}

/// The lost-hyphen rule, with its compounds written with a space ("e mail").
pub(crate) struct LostHyphen {
    spaced: HashSet<String>,
    /// The first halves ("e", "re", "self"), to pass over most word pairs
    /// without building a key.
    first_halves: HashSet<String>,
    /// Signatures of the first halves, tested before the set.
    first_half_signatures: Signatures,
}

impl LostHyphen {
    /// Loads `rules/lists/compounds.toml`; the rule takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        let list: Compounds = load_list("rules/lists/compounds.toml", COMPOUNDS_TOML)?;
        let spaced: HashSet<String> = list
            .compounds
            .iter()
            .map(|compound| compound.to_lowercase().replacen('-', " ", 1))
            .collect();
        let first_halves = spaced
            .iter()
            .filter_map(|compound| compound.split_once(' ').map(|(first, _)| first.to_owned()))
            .collect();
        let first_half_signatures = Signatures::new(
            spaced
                .iter()
                .filter_map(|compound| compound.split_once(' ').map(|(first, _)| first)),
        );
        Ok(Self {
            first_half_signatures,
            spaced,
            first_halves,
        })
    }
}

impl Rule for LostHyphen {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        let mut key = String::new();
        for pair in document.words().windows(2) {
            let (first, second) = (pair[0], pair[1]);
            if second.start() != first.end() + 1 || text.as_bytes()[first.end()] != b' ' {
                continue;
            }
            // The word before must not be joined to this one by a hyphen already.
            if text[..first.start()].ends_with('-') || text[second.end()..].starts_with('-') {
                continue;
            }
            let first_word = document.word_text(first);
            if first_word.len() > 8
                || !first_word.is_ascii()
                || !self.first_half_signatures.may_contain(first_word)
            {
                continue;
            }
            key.clear();
            key.push_str(first_word);
            key.make_ascii_lowercase();
            if !self.first_halves.contains(key.as_str()) {
                continue;
            }
            let pair_text = &text[first.start()..second.end()];
            key.clear();
            key.extend(pair_text.chars().flat_map(char::to_lowercase));
            if !self.spaced.contains(&key) {
                continue;
            }
            let hyphenated = format!(
                "{}-{}",
                document.word_text(first),
                document.word_text(second)
            );
            let gap = Span::new(first.end(), second.start());
            out.push(
                Diagnostic::new(
                    META.name,
                    META.severity,
                    format!("hyphen lost: \"{pair_text}\" should be \"{hyphenated}\""),
                    Span::new(first.start(), second.end()),
                )
                .with_fix(Fix::safe(
                    "restore the hyphen",
                    vec![Edit::replace(gap, "-")],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{assert_clean, flagged};

    fn rule() -> LostHyphen {
        LostHyphen::new(&RuleOptions::new()).expect("list parses")
    }

    #[test]
    fn flags_listed_compounds_in_any_case() {
        assert_eq!(
            flagged(&rule(), "sent to re education camps by E mail"),
            ["re education", "E mail"]
        );
    }

    #[test]
    fn leaves_hyphenated_and_unlisted_pairs() {
        assert_clean(
            &rule(),
            &[
                "sent to re-education camps",
                "a note re the new timetable",
                "an anti-anti vaccine",
            ],
        );
    }
}
