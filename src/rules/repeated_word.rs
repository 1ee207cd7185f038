//! `repeated-word`: a word written twice in a row ("the the").

use std::collections::HashSet;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::{Edit, Fix};
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};
use crate::rules::load_list;

declare_rule! {
    /// ## What it does
    /// Finds a word written twice in a row, also across a line break of
    /// wrapped prose: "the the", "to\nto". Only words whose doubling is almost
    /// always a slip count — articles, prepositions, conjunctions, pronouns
    /// and auxiliaries, listed as `typo-prone` in `rules/lists/doublings.toml`.
    /// Doublings that English uses on purpose ("had had", "that that", "can
    /// can", "he went in in my sight", "poison, poison!") are never flagged;
    /// neither are pairs that differ in case other than a capital at the start
    /// ("The the" is flagged, "SLOT slot" is not), a word that ends one
    /// short line and starts the next (table cells, verse), a pair that an
    /// identifier or a compound continues ("bool_and and bool_or", "equal
    /// to to_tsvector(x)", "turned on on-the-fly"), or a pair in quotes
    /// ("matches 'the the'").
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
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Doublings {
    typo_prone: Vec<String>,
    doublings: Vec<String>,
}

/// The repeated-word rule, with its word lists.
pub(crate) struct RepeatedWord {
    /// Words whose doubling is flagged.
    typo_prone: HashSet<String>,
}

impl RepeatedWord {
    /// Loads `rules/lists/doublings.toml`; the rule takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        let list: Doublings = load_list("rules/lists/doublings.toml", DOUBLINGS_TOML)?;
        let doublings: HashSet<String> = list
            .doublings
            .into_iter()
            .map(|word| word.to_lowercase())
            .collect();
        Ok(Self {
            // A word listed as a legitimate doubling is never flagged.
            typo_prone: list
                .typo_prone
                .into_iter()
                .map(|word| word.to_lowercase())
                .filter(|word| !doublings.contains(word))
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

/// Whether `second` repeats `first`: the same word, or a capitalised word
/// followed by its lowercase form ("The the"). "SLOT slot" and "and And"
/// differ on purpose (a keyword and its name, a new line of verse).
fn repeats(first: &str, second: &str) -> bool {
    if first == second {
        return true;
    }
    let mut chars = first.chars();
    let capitalised =
        chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase());
    capitalised && second.chars().all(|c| !c.is_uppercase()) && first.to_lowercase() == second
}

/// Whether the pair `start..end` of `text` (two words and the space between)
/// is part of something longer than two words: an identifier or a compound
/// that continues the first word backwards or the second forwards
/// ("bool_and and", "to to_tsvector(x)", "on on-the-fly", "A A^@"), or a
/// pair quoted as an example ("matches 'the the'").
fn is_joined_or_quoted(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let mut after = text[end..].chars();
    let (previous, next) = (before.next(), after.next());
    let (before_previous, after_next) = (before.next(), after.next());
    let joins = |mark: Option<char>, beyond: Option<char>| match mark {
        Some('_' | '^' | '@' | '$' | '/' | '\\') => true,
        // A hyphen or a dot joins only where a letter or a digit goes on.
        Some('-' | '.') => beyond.is_some_and(char::is_alphanumeric),
        _ => false,
    };
    let quoted = matches!(previous, Some('\'' | '"' | '\u{2018}' | '\u{201c}'))
        && matches!(next, Some('\'' | '"' | '\u{2019}' | '\u{201d}'));
    joins(previous, before_previous) || joins(next, after_next) || next == Some('(') || quoted
}

/// The number of words on the line around byte `offset` of `text`.
fn words_on_line(text: &str, offset: usize) -> usize {
    let start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
    let end = text[offset..]
        .find('\n')
        .map_or(text.len(), |index| offset + index);
    text[start..end].split_whitespace().count()
}

/// Lines this short are cells, headings or verse, not wrapped prose: a word
/// that ends one and starts the next is not a slip.
const MIN_WORDS_PER_WRAPPED_LINE: usize = 4;

impl Rule for RepeatedWord {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        for pair in document.words().windows(2) {
            let (first, second) = (pair[0], pair[1]);
            let (one, two) = (document.word_text(first), document.word_text(second));
            if !repeats(one, two) {
                continue;
            }
            let gap = &text[first.end()..second.start()];
            if !is_plain_gap(gap) || one.chars().any(char::is_numeric) {
                continue;
            }
            let wrapped = |offset: usize| words_on_line(text, offset) >= MIN_WORDS_PER_WRAPPED_LINE;
            if gap.contains('\n') && !(wrapped(first.start()) && wrapped(second.start())) {
                continue;
            }
            if !self.typo_prone.contains(&one.to_lowercase())
                || is_joined_or_quoted(text, first.start(), second.end())
            {
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
            flagged(
                &rule(),
                "we walked in the the park and then we went to\nto the harbour for lunch"
            ),
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
                "The aggregates bool_and and bool_or are standard.",
                "This is equivalent to to_tsvector(x) in the manual.",
                "Indexing is turned on on-the-fly when needed.",
                "Compare git diff A A^@ with the other form.",
                "The pattern matches 'the the' but not 'thethe'.",
                "Call it with to to(x) here.",
            ],
        );
        // The joins are read beside the pair only.
        assert_eq!(
            flagged(&rule(), "We met at the the_end of the day and the the end."),
            ["the the"]
        );
    }
}
