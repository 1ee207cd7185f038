//! `flattened-text`: long stretches with no capital letter or no sentence
//! punctuation — evidence that the whole text was lowercased or stripped.

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::error::Error;
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};

declare_rule! {
    /// ## What it does
    /// Finds stretches of text that were flattened by scraping: 200 words or
    /// more without a single capital letter, or 100 words or more without
    /// sentence punctuation (`.`, `!`, `?`, `;`, `:`). One diagnostic per
    /// stretch. A line break ends a stretch without punctuation, so poems and
    /// lists, whose lines end without full stops, stay clean.
    ///
    /// ## Why is this bad?
    /// Flattened text has lost its sentence boundaries and proper names:
    /// readers have to guess where sentences end, and every tool that reads
    /// it after — a parser, a translator, a language model — does worse. The
    /// other artefact rules find what flattening broke locally (lost
    /// apostrophes and hyphens); this one reports the flattening itself.
    ///
    /// ## Example
    /// ```text
    /// the council met on monday to discuss the budget for next year and after a long debate about road repairs the members agreed to spend more on the bridges and less on the old library building which has stood empty since the flood two winters ago while residents in the hill villages asked for more buses on sundays and the mayor promised to look at the timetable again before the summer holidays begin in july when the ferry also changes its hours and the market moves to the harbour for the season as it does every year and the organisers hope the weather holds because last year the rain kept most visitors away from the stalls on the quay
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The council met on Monday to discuss the budget for next year. After a long debate about road repairs, the members agreed to spend more on the bridges and less on the old library building, which has stood empty since the flood two winters ago.
    /// ```
    pub(crate) const META = {
        name: "flattened-text",
        category: Artefact,
        severity: Warning,
        fix: None,
    }
}

/// Words in a row without a capital letter that count as flattening.
const MIN_WORDS_WITHOUT_CAPITALS: usize = 200;

/// Words in a row without sentence punctuation that count as flattening.
const MIN_WORDS_WITHOUT_PUNCTUATION: usize = 100;

/// The flattened-text rule.
pub(crate) struct FlattenedText;

impl FlattenedText {
    /// The rule; it takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        Ok(Self)
    }
}

/// A stretch of words: word indices `[first, last]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stretch {
    first: usize,
    last: usize,
}

impl Stretch {
    fn len(self) -> usize {
        self.last - self.first + 1
    }
}

/// Maximal runs of words for which `breaks(index)` is false between them
/// (`breaks(index)` ends a run before word `index`), at least `min` long.
fn runs(count: usize, min: usize, breaks: impl Fn(usize) -> bool) -> Vec<Stretch> {
    let mut found = Vec::new();
    let mut start = 0;
    for index in 1..=count {
        if index == count || breaks(index) {
            let stretch = Stretch {
                first: start,
                last: index - 1,
            };
            if count > 0 && stretch.len() >= min {
                found.push(stretch);
            }
            start = index;
        }
    }
    found
}

impl Rule for FlattenedText {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let words = document.words();
        let text = document.text();
        if words.len() < MIN_WORDS_WITHOUT_PUNCTUATION {
            return;
        }
        let has_capital = |index: usize| {
            let word = document.word_text(words[index]);
            if word.is_ascii() {
                word.bytes().any(|byte| byte.is_ascii_uppercase())
            } else {
                word.chars().any(char::is_uppercase)
            }
        };
        let lowercase = runs(words.len(), MIN_WORDS_WITHOUT_CAPITALS, has_capital);
        let punctuation_before = |index: usize| {
            let gap = &text[words[index - 1].end()..words[index].start()];
            gap.contains(['.', '!', '?', ';', ':', '\n'])
        };
        let unpunctuated = runs(
            words.len(),
            MIN_WORDS_WITHOUT_PUNCTUATION,
            punctuation_before,
        );

        // One diagnostic per stretch: overlapping findings are merged.
        let mut stretches: Vec<(Stretch, bool, bool)> = lowercase
            .iter()
            .map(|&stretch| (stretch, true, false))
            .chain(unpunctuated.iter().map(|&stretch| (stretch, false, true)))
            .collect();
        stretches.sort_by_key(|(stretch, _, _)| stretch.first);
        let mut merged: Vec<(Stretch, bool, bool)> = Vec::new();
        for (stretch, no_capitals, no_punctuation) in stretches {
            match merged.last_mut() {
                Some((last, capitals, punctuation)) if stretch.first <= last.last => {
                    last.last = last.last.max(stretch.last);
                    *capitals |= no_capitals;
                    *punctuation |= no_punctuation;
                }
                _ => merged.push((stretch, no_capitals, no_punctuation)),
            }
        }
        for (stretch, no_capitals, no_punctuation) in merged {
            let evidence = match (no_capitals, no_punctuation) {
                (true, true) => "no capital letter and no sentence punctuation",
                (true, false) => "no capital letter",
                _ => "no sentence punctuation",
            };
            let span = Span::new(words[stretch.first].start(), words[stretch.last].end());
            let message = format!("flattened text: {} words with {evidence}", stretch.len());
            out.push(Diagnostic::new(META.name, META.severity, message, span).with_help("the text was probably lowercased or stripped of punctuation; recover it from the source if you can"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{assert_clean, flagged};

    fn rule() -> FlattenedText {
        FlattenedText::new(&RuleOptions::new()).expect("no options")
    }

    #[test]
    fn flags_long_flat_stretches_once() {
        let flat = "word ".repeat(250);
        assert_eq!(flagged(&rule(), &flat).len(), 1);
        let unpunctuated = format!("Start here. {}", "Word ".repeat(120));
        assert_eq!(flagged(&rule(), &unpunctuated).len(), 1);
    }

    #[test]
    fn prose_poems_and_lists_are_clean() {
        let poem = "The tide comes in\nThe gulls go out\n".repeat(40);
        let prose = "This is a sentence. ".repeat(100);
        assert_clean(&rule(), &[&poem, &prose]);
    }
}
