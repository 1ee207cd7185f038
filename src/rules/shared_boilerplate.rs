//! `shared-boilerplate`: lines and sentence-sized runs of words that recur in
//! many documents of one run — site chrome learned from the corpus itself.
//!
//! The rule works in two passes over the run (see
//! [`crate::corpus::SharedCounts`]): [`SharedBoilerplate::shared_units`]
//! gives the hashes of a document's units, which the run counts across all
//! its documents; [`Rule::check`] then flags the units of a document that
//! occur in at least `min-documents` of them. A unit is:
//!
//! - a line of 6 to [`MAX_LINE_WORDS`] words;
//! - in a longer line with sentence punctuation (a paragraph on one line, a
//!   page whose line breaks were lost), each sentence of 6 words or more;
//! - in a longer line without it (flattened text), every shingle of
//!   [`SHINGLE_WORDS`] words; overlapping shared shingles make one run.
//!
//! Words are compared as the document's tokens (lowercase, split at
//! apostrophes), so case, punctuation and spacing don't matter. A unit needs
//! two words that are not common words (`rules/lists/common-words.toml`).

use std::ops::Range;

use rustc_hash::FxHashSet;
use serde::Deserialize;

use crate::common_words::common_word_hashes;
use crate::diagnostic::{excerpt, Diagnostic, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::{deletion_with_separator, Edit, Fix};
use crate::rule::{declare_rule, parse_options, require_at_least, Rule, RuleMeta, RuleOptions};

declare_rule! {
    /// ## What it does
    /// Finds site chrome by its recurrence across the documents of a run (on
    /// by default for JSON Lines records only): a line that occurs in at least 5
    /// documents of the run (`min-documents`), or, in flattened text, a run
    /// of 10 or more words whose 8-word shingles all do. A line must have at
    /// least 6 words, two of them not common words ("and I don't know what
    /// to do" never counts). In a long line with sentence punctuation each
    /// sentence is compared on its own. Words are compared without regard to
    /// case, punctuation or spacing.
    ///
    /// The rule reads counts made over every document of the run before any
    /// is checked, so it is on by default only for the records of a JSON
    /// Lines corpus; plain files get it when a selection names it
    /// (`--select shared-boilerplate`), and a text linted on its own (the
    /// language server, the library on one string) has no run to learn from.
    ///
    /// ## Why is this bad?
    /// The strongest evidence of chrome is not in one page but across
    /// pages: the same "Get our weekly briefing" line in 40,000 documents of
    /// one site. The `boilerplate` rule knows the chrome of the web in
    /// general; this one learns the chrome of the sites in the corpus,
    /// whatever its wording or language.
    ///
    /// A document whose shared lines make up more than half its words is
    /// left alone: it is a copy of other documents (a syndicated story, a
    /// page crawled twice), which is for deduplication to settle, not chrome
    /// to cut.
    ///
    /// Files of one project legitimately share lines, which is why plain
    /// files get the rule only when it is named. Measured with `copydesk
    /// check --select shared-boilerplate` on real documentation: the current
    /// edition of The Rust Programming Language (112 Markdown files) and Rust
    /// by Example (204) share no line in 5 files, but the book's whole
    /// repository (480 Markdown files, with three older editions and their
    /// redirect stubs) gives 73 findings in 66 files, 18 distinct lines:
    /// chapter headings repeated across the editions and the stubs' "Here are
    /// the relevant sections in the new and old books:"; the Python
    /// Developer's Guide (64 reStructuredText files) repeats one link target
    /// line in 11 files. On edited news, 2,127 BBC News articles as records,
    /// it finds only the biography lines that end two columnists' columns
    /// (14 findings), and nothing in any 22 of them.
    ///
    /// ## Example
    /// The five documents of one run, separated here by `---` lines:
    /// ```text
    /// The harbour master reopened the north quay on Friday after three weeks of repairs to the sea wall.
    /// Get our weekly briefing delivered to your inbox every Monday
    /// ---
    /// Volunteers planted four hundred apple trees in the old orchard behind the village school this spring.
    /// Get our weekly briefing delivered to your inbox every Monday
    /// ---
    /// The library will keep its reading room open until nine in the evening during the examination season.
    /// Get our weekly briefing delivered to your inbox every Monday
    /// ---
    /// Engineers found the cracked bearing that had closed the river bridge to lorries since the autumn storms.
    /// Get our weekly briefing delivered to your inbox every Monday
    /// ---
    /// Stallholders at the covered market agreed to a new rota so that the fish counters open before dawn.
    /// Get our weekly briefing delivered to your inbox every Monday
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The harbour master reopened the north quay on Friday after three weeks of repairs to the sea wall.
    /// ---
    /// Volunteers planted four hundred apple trees in the old orchard behind the village school this spring.
    /// ---
    /// The library will keep its reading room open until nine in the evening during the examination season.
    /// ---
    /// Engineers found the cracked bearing that had closed the river bridge to lorries since the autumn storms.
    /// ---
    /// Stallholders at the covered market agreed to a new rota so that the fish counters open before dawn.
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the line (or sentence, or run of words) with one
    /// separator next to it, and nothing else. It is unsafe: a line that
    /// recurs across documents is usually chrome, but a corpus may also
    /// repeat a stock sentence of its own genre ("The company did not
    /// respond to a request for comment.") or quote the same words in many
    /// documents. On a large corpus of many sites, raise `min-documents`.
    ///
    /// ## Options
    /// `min-documents` (default 5): in how many documents of the run a line
    /// must occur to count as chrome.
    /// ```toml
    /// [rules.shared-boilerplate]
    /// min-documents = 20
    /// ```
    pub(crate) const META = {
        name: "shared-boilerplate",
        category: Artefact,
        severity: Warning,
        fix: Always,
        scope: Run,
    }
}

/// Default of the `min-documents` option.
pub(crate) const DEFAULT_MIN_DOCUMENTS: u32 = 5;

/// The fewest words a unit has: shorter lines ("Share this", "Read more")
/// are common phrases of the language as often as chrome.
pub(crate) const MIN_WORDS: usize = 6;

/// The fewest words of a unit that are not common words.
const MIN_CONTENT_WORDS: usize = 2;

/// The longest line compared whole; a longer line is a paragraph or a page
/// on one line, compared by sentences or shingles.
pub(crate) const MAX_LINE_WORDS: usize = 60;

/// A long line whose sentences average more words than this is flattened
/// text, compared by shingles.
const MAX_WORDS_PER_SENTENCE: usize = 60;

/// The words of a shingle in flattened text: about a short sentence.
pub(crate) const SHINGLE_WORDS: usize = 8;

/// The fewest words of a run of shared shingles reported: a single shingle
/// may be an idiom ("at the end of the day it was").
const MIN_RUN_WORDS: usize = 10;

/// `[rules.shared-boilerplate]` options.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// In how many documents a unit must occur.
    min_documents: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            min_documents: DEFAULT_MIN_DOCUMENTS,
        }
    }
}

/// The shared-boilerplate rule.
pub(crate) struct SharedBoilerplate {
    min_documents: u32,
    /// Token hashes of the common words.
    common: FxHashSet<u32>,
}

impl SharedBoilerplate {
    /// The rule with `options` from `[rules.shared-boilerplate]`; loads
    /// `rules/lists/common-words.toml`.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        let options: Options = parse_options(META.name.as_ref(), options)?;
        require_at_least(META.name.as_ref(), "min-documents", options.min_documents, 2)?;
        Ok(Self {
            min_documents: options.min_documents,
            common: common_word_hashes()?,
        })
    }
}

/// What kind of unit a unit is, which decides how a shared one is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    /// A whole line.
    Line,
    /// A sentence of a long line.
    Sentence,
    /// A shingle of flattened text.
    Shingle,
}

/// A unit of a document: words compared across the documents of a run.
#[derive(Debug, Clone)]
struct Unit {
    kind: UnitKind,
    /// Word indices.
    words: Range<usize>,
    hash: u64,
}

/// The tokens of the document's words: `first_token[word]` is the index of
/// the word's first token, and `first_token[words]` the number of tokens.
fn first_tokens(document: &Document) -> Vec<usize> {
    let words = document.words().len();
    let tokens = document.tokens();
    let mut first = Vec::with_capacity(words + 1);
    let mut continuations = tokens.continuations.iter().peekable();
    for token in 0..tokens.hashes.len() {
        if continuations.next_if(|&&next| next as usize == token).is_none() {
            first.push(token);
        }
    }
    first.truncate(words);
    while first.len() < words {
        first.push(tokens.hashes.len());
    }
    first.push(tokens.hashes.len());
    first
}

/// Mixes 64 bits (the finalizer of SplitMix64).
fn mix(mut hash: u64) -> u64 {
    hash ^= hash >> 30;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^= hash >> 27;
    hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// The hash of a sequence of token hashes.
fn hash_tokens(tokens: &[u32]) -> u64 {
    let mut hash = 0x5348_4152_4544_4250_u64 ^ tokens.len() as u64;
    for &token in tokens {
        hash = mix(hash ^ u64::from(token));
    }
    hash
}

impl SharedBoilerplate {
    /// Whether the tokens hold enough words that are not common words.
    fn has_content(&self, tokens: &[u32]) -> bool {
        tokens
            .iter()
            .filter(|token| !self.common.contains(token))
            .take(MIN_CONTENT_WORDS)
            .count()
            >= MIN_CONTENT_WORDS
    }

    /// Calls `visit` with each unit of `document`, in order. Units are not
    /// collected: a long line without sentences has one shingle per word.
    fn for_each_unit(&self, document: &Document, mut visit: impl FnMut(Unit)) {
        let words = document.words();
        if words.len() < MIN_WORDS {
            return;
        }
        let first_token = first_tokens(document);
        let hashes = &document.tokens().hashes;
        let tokens_of = |range: &Range<usize>| {
            let start = first_token.get(range.start).copied().unwrap_or(0);
            let end = first_token.get(range.end).copied().unwrap_or(start);
            hashes.get(start..end).unwrap_or_default()
        };
        let mut unit = |kind: UnitKind, range: Range<usize>| {
            let tokens = tokens_of(&range);
            if range.len() >= MIN_WORDS && self.has_content(tokens) {
                visit(Unit {
                    kind,
                    hash: hash_tokens(tokens),
                    words: range,
                });
            }
        };
        for line in ranges_between(words.len(), |index| document.gap_after(index).breaks_line()) {
            if line.len() < MIN_WORDS {
                continue;
            }
            if line.len() <= MAX_LINE_WORDS {
                unit(UnitKind::Line, line);
                continue;
            }
            let sentences: Vec<Range<usize>> = ranges_between(line.len(), |index| {
                document.gap_after(line.start + index).ends_sentence()
            })
            .into_iter()
            .map(|range| line.start + range.start..line.start + range.end)
            .collect();
            if line.len() / sentences.len().max(1) > MAX_WORDS_PER_SENTENCE {
                for start in line.start..=line.end - SHINGLE_WORDS {
                    unit(UnitKind::Shingle, start..start + SHINGLE_WORDS);
                }
            } else {
                for sentence in sentences {
                    unit(UnitKind::Sentence, sentence);
                }
            }
        }
    }
}

/// The ranges of `0..count` that end after each index where `ends_after`
/// holds (and at `count`).
fn ranges_between(count: usize, ends_after: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for index in 0..count {
        if index + 1 == count || ends_after(index) {
            ranges.push(start..index + 1);
            start = index + 1;
        }
    }
    ranges
}

/// Shared units to report: a line or sentence, or a run of shingles.
struct Finding {
    kind: UnitKind,
    words: Range<usize>,
    /// The fewest documents any of its units occurs in.
    documents: u32,
}

/// The end of the text that belongs with the word ending at `end`: the
/// punctuation right after it, up to the next whitespace.
fn end_with_punctuation(text: &str, end: usize) -> usize {
    let rest = text.get(end..).unwrap_or_default();
    end + rest.find(char::is_whitespace).unwrap_or(rest.len())
}

/// The start of the line holding `offset`, past its indentation.
fn line_start(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or_default();
    let start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let line = &before[start..];
    start + (line.len() - line.trim_start().len())
}

impl Rule for SharedBoilerplate {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn shared_units(&self, document: &Document, out: &mut Vec<u64>) {
        self.for_each_unit(document, |unit| out.push(unit.hash));
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let Some(shared) = document.shared_counts() else {
            return;
        };
        let mut findings: Vec<Finding> = Vec::new();
        self.for_each_unit(document, |unit| {
            let documents = shared.documents_with(unit.hash);
            if documents < self.min_documents {
                return;
            }
            match findings.last_mut() {
                // Overlapping or touching shingles make one run.
                Some(last)
                    if unit.kind == UnitKind::Shingle
                        && last.kind == UnitKind::Shingle
                        && unit.words.start <= last.words.end =>
                {
                    last.words.end = last.words.end.max(unit.words.end);
                    last.documents = last.documents.min(documents);
                }
                _ => findings.push(Finding {
                    kind: unit.kind,
                    words: unit.words,
                    documents,
                }),
            }
        });
        findings.retain(|finding| {
            finding.kind != UnitKind::Shingle || finding.words.len() >= MIN_RUN_WORDS
        });
        // A document made mostly of shared text is a copy, not chrome.
        let shared_words: usize = findings.iter().map(|finding| finding.words.len()).sum();
        if findings.is_empty() || shared_words * 2 > document.words().len() {
            return;
        }
        let text = document.text();
        let words = document.words();
        for finding in findings {
            let (Some(first), Some(last)) = (
                words.get(finding.words.start),
                finding.words.end.checked_sub(1).and_then(|last| words.get(last)),
            ) else {
                continue;
            };
            let span = match finding.kind {
                UnitKind::Line => Span::new(
                    line_start(text, first.start()),
                    text.get(last.end()..)
                        .and_then(|rest| rest.find('\n'))
                        .map_or(text.len(), |newline| last.end() + newline),
                ),
                UnitKind::Sentence => {
                    Span::new(first.start(), end_with_punctuation(text, last.end()))
                }
                UnitKind::Shingle => Span::new(first.start(), last.end()),
            };
            // The line's own end, without trailing spaces or a `\r`.
            let flagged = text.get(span.range()).unwrap_or_default();
            let span = Span::new(span.start, span.start + flagged.trim_end().len());
            let what = match finding.kind {
                UnitKind::Line => "line",
                UnitKind::Sentence => "sentence",
                UnitKind::Shingle => "passage",
            };
            let message = format!(
                "{what} shared by {} documents of the run: \"{}\"",
                finding.documents,
                excerpt(flagged.trim_end(), 60)
            );
            let deletion = deletion_with_separator(text, span);
            out.push(
                Diagnostic::new(META.name, META.severity, message, span)
                    .with_help("text that recurs across the documents of a site is its chrome, not the article's")
                    .with_fix(Fix::unsafe_(
                        format!("delete shared {what}"),
                        vec![Edit::delete(deletion)],
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SharedCounts;

    fn rule() -> SharedBoilerplate {
        SharedBoilerplate::new(&RuleOptions::new()).expect("default options")
    }

    /// The spans flagged in each of `texts`, checked as the documents of one run.
    fn flagged_in_run(rule: &SharedBoilerplate, texts: &[String]) -> Vec<Vec<String>> {
        let mut counts = SharedCounts::new();
        for text in texts {
            let mut units = Vec::new();
            rule.shared_units(&Document::new(text), &mut units);
            counts.add_document(&units);
        }
        texts
            .iter()
            .map(|text| {
                let mut out = Vec::new();
                rule.check(
                    &Document::new(text).with_shared_counts(Some(&counts)),
                    &mut out,
                );
                out.iter()
                    .map(|diagnostic| text[diagnostic.span.range()].to_owned())
                    .collect()
            })
            .collect()
    }

    const TOPICS: [&str; 6] = ["harbour", "orchard", "library", "bridge", "market", "museum"];

    fn article(topic: &str, index: usize) -> String {
        format!(
            "Work on the {topic} began in week {index} with a survey of its foundations.\nThe council expects the {topic} to reopen before the summer."
        )
    }

    #[test]
    fn a_line_in_enough_documents_is_flagged_in_each() {
        let chrome = "Get our weekly briefing delivered to your inbox every Monday";
        let texts: Vec<String> = TOPICS
            .iter()
            .enumerate()
            .map(|(index, topic)| format!("{}\n{chrome}\n", article(topic, index)))
            .collect();
        for found in flagged_in_run(&rule(), &texts) {
            assert_eq!(found, [chrome]);
        }
        // Four documents are not enough.
        for found in flagged_in_run(&rule(), &texts[..4]) {
            assert!(found.is_empty(), "{found:?}");
        }
    }

    #[test]
    fn case_punctuation_and_spacing_do_not_matter_and_a_repeat_counts_once() {
        let variants = [
            "Get our weekly briefing delivered to your inbox every Monday",
            "GET OUR WEEKLY BRIEFING delivered to your inbox every Monday!",
            "  get our weekly briefing,  delivered to your inbox every monday",
        ];
        let texts: Vec<String> = TOPICS
            .iter()
            .enumerate()
            .map(|(index, topic)| {
                format!("{}\n{}\n", article(topic, index), variants[index % 3])
            })
            .collect();
        let found = flagged_in_run(&rule(), &texts);
        assert!(found.iter().all(|spans| spans.len() == 1), "{found:?}");
        // One document repeating the line five times is one document.
        let repeated = format!("{}\n{}", article("pier", 1), format!("{}\n", variants[0]).repeat(5));
        let mut texts = vec![repeated];
        texts.extend(
            TOPICS[..3]
                .iter()
                .map(|topic| format!("{}\n{}\n", article(topic, 2), variants[0])),
        );
        assert!(flagged_in_run(&rule(), &texts).iter().all(Vec::is_empty));
    }

    #[test]
    fn short_and_common_lines_never_count() {
        let texts: Vec<String> = TOPICS
            .iter()
            .enumerate()
            .map(|(index, topic)| {
                format!("{}\nRead more\nAnd I don't know what to do with it\n", article(topic, index))
            })
            .collect();
        assert!(flagged_in_run(&rule(), &texts).iter().all(Vec::is_empty));
    }

    /// Asserts that `chrome`, written in the middle of one long line of
    /// each document between `pieces` (the `k`th piece about `topic`), is
    /// flagged whole in each.
    fn assert_flagged_inside_long_line(chrome: &str, piece: impl Fn(&str, usize) -> String) {
        let texts: Vec<String> = TOPICS
            .iter()
            .map(|topic| {
                let pieces: Vec<String> = (0..12).map(|k| piece(topic, k)).collect();
                format!("{} {chrome} {}", pieces[..6].join(" "), pieces[6..].join(" "))
            })
            .collect();
        for found in flagged_in_run(&rule(), &texts) {
            assert_eq!(found, [chrome]);
        }
    }

    #[test]
    fn a_sentence_inside_a_long_line_is_flagged() {
        assert_flagged_inside_long_line(
            "Subscribe to the morning digest for the headlines of the valley.",
            |topic, k| format!("Residents near the {topic} described change number {k} to the road layout in detail."),
        );
    }

    #[test]
    fn a_run_of_shingles_in_flattened_text_is_one_finding() {
        assert_flagged_inside_long_line(
            "sign up to the valley gazette newsletter for local news sport and weather every morning",
            |topic, k| format!("{topic} plan step {k} was discussed by {topic} residents of {topic}"),
        );
    }

    #[test]
    fn copies_of_one_document_are_left_to_deduplication() {
        let text = format!("{}\nGet our weekly briefing delivered to your inbox every Monday\n", article("harbour", 1));
        let texts = vec![text; 6];
        assert!(flagged_in_run(&rule(), &texts).iter().all(Vec::is_empty));
    }

    #[test]
    fn without_counts_nothing_is_flagged() {
        let mut out = Vec::new();
        rule().check(&Document::new("Get our weekly briefing delivered to your inbox every Monday\n"), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn min_documents_must_be_at_least_two() {
        let mut options = RuleOptions::new();
        options.insert("min-documents".to_owned(), toml::Value::Integer(1));
        assert!(SharedBoilerplate::new(&options).is_err());
    }

    #[test]
    fn first_tokens_follow_apostrophes() {
        let document = Document::new("don't stop huawei's plan");
        assert_eq!(first_tokens(&document), [0, 2, 3, 5, 6]);
    }
}
