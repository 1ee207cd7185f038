//! `repeated-word`: a word written twice in a row ("the the").

use std::collections::HashSet;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::{Edit, Fix};
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};

declare_rule! {
    /// ## What it does
    /// Finds a word written twice in a row, also across a line break: "the
    /// the", "to\nto". Doublings that English uses on purpose ("had had",
    /// "that that", "bye bye", place names such as "Walla Walla") are listed in
    /// `rules/lists/doublings.toml` and never flagged; neither are numbers.
    ///
    /// ## Why is this bad?
    /// A doubled word is a slip that readers notice at once and that spell
    /// checkers, which look at one word at a time, miss.
    ///
    /// ## Example
    /// ```text
    /// The ferry leaves from the the north pier.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The ferry leaves from the north pier.
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the second word and the space before it. It is safe:
    /// the word stays once, and listed doublings are never touched.
    pub(crate) const META = {
        name: "repeated-word",
        category: Typography,
        severity: Warning,
        fix: Always,
    }
}

const DOUBLINGS_TOML: &str = include_str!("../../rules/lists/doublings.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Doublings {
    doublings: Vec<String>,
}

/// The repeated-word rule, with its list of legitimate doublings.
pub(crate) struct RepeatedWord {
    doublings: HashSet<String>,
}

impl RepeatedWord {
    /// Loads `rules/lists/doublings.toml`; the rule takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        let list: Doublings =
            toml::from_str(DOUBLINGS_TOML).map_err(|error| Error::BuiltinData {
                name: "rules/lists/doublings.toml",
                message: error.to_string(),
            })?;
        Ok(Self {
            doublings: list
                .doublings
                .into_iter()
                .map(|word| word.to_lowercase())
                .collect(),
        })
    }
}

/// Whether `gap` is only spaces with at most one line break.
fn is_plain_gap(gap: &str) -> bool {
    !gap.is_empty()
        && gap
            .chars()
            .all(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r')
        && gap.matches('\n').count() <= 1
}

impl Rule for RepeatedWord {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        for pair in document.words().windows(2) {
            let (first, second) = (pair[0], pair[1]);
            let (one, two) = (document.word_text(first), document.word_text(second));
            if one.len() != two.len()
                || !one.eq_ignore_ascii_case(two) && one.to_lowercase() != two.to_lowercase()
            {
                continue;
            }
            if !is_plain_gap(&text[first.end()..second.start()])
                || one.chars().any(|c| c.is_numeric())
            {
                continue;
            }
            if self.doublings.contains(&one.to_lowercase()) {
                continue;
            }
            let span = Span::new(first.start(), second.end());
            let message = format!("repeated word: \"{one} {two}\"");
            let fix = Fix::safe(
                "delete the second word",
                vec![Edit::delete(Span::new(first.end(), second.end()))],
            );
            out.push(Diagnostic::new(META.name, META.severity, message, span).with_fix(fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{assert_clean, flagged};

    fn rule() -> RepeatedWord {
        RepeatedWord::new(&RuleOptions::new()).expect("list parses")
    }

    #[test]
    fn flags_doubled_words_across_a_line_break() {
        assert_eq!(
            flagged(&rule(), "in the the park and to\nto the"),
            ["the the", "to\nto"]
        );
        assert_eq!(flagged(&rule(), "The the end"), ["The the"]);
    }

    #[test]
    fn leaves_legitimate_doublings_numbers_and_punctuated_pairs() {
        assert_clean(
            &rule(),
            &[
                "He had had enough.",
                "She said that that was fine.",
                "Bye bye now.",
                "It cost 10 10 times.",
                "Well, well. Now, now",
                "the end. The end",
            ],
        );
    }
}
