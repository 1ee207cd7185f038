//! How far site chrome reaches around a match: over the words next to it in
//! text without sentences, over the lines next to it in text with lines.
//!
//! In text flattened onto one line, a pack rule that found "all rights
//! reserved" has no line or sentence to take whole. The words around the
//! match tell: "copyright 2023 harbour times all rights reserved" reaches
//! back to "copyright", "follow us on instagram linkedin reddit" on to
//! "reddit"; the article's own words around them do not.
//!
//! `rules/lists/chrome-words.toml` (learned by
//! `tests/corpus/build_chrome_table.py`) scores each word by how much more
//! often chrome uses it than prose; the reach on each side is the stretch
//! of at most [`MAX_REACH_WORDS`] words whose summed score is highest, if
//! that sum is at least one nat and the stretch holds two words of chrome
//! or one that leans two nats to chrome ("copyright", not "tickets"). The
//! glue of a widget goes with it whatever its scores: a word or two between
//! two matches ("share this article on facebook"), and the last few words
//! of a line after one.
//!
//! In text that keeps its lines, the same scores decide which short lines
//! next to a line of chrome go with it ([`ChromeWords::extend_over_lines`]).

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;

use crate::document::line_around;
use crate::error::Error;
use crate::rules::load_list;

const CHROME_WORDS_TOML: &str = include_str!("../rules/lists/chrome-words.toml");

/// How many words on each side of a match the reach may take in.
const MAX_REACH_WORDS: usize = 24;

/// How many words that lean to chrome a stretch before an offset needs for
/// [`ChromeWords::follows_chrome`].
const MIN_CHROME_WORDS_BEFORE: usize = 2;

/// The summed score, in quarter-nats, that a stretch of words needs to join
/// a match: one nat. A word that chrome and prose both use ("rights")
/// next to a word of prose ("human rights abuses") does not reach it.
const MIN_REACH_SCORE: i32 = 4;

/// The score, in quarter-nats, that the one word of chrome of a stretch
/// needs: two nats ("copyright", "subscribe"). A word that leans less
/// ("tickets", "sections") is as often the next sentence's first word.
const MIN_LONE_WORD_SCORE: i32 = 8;

/// How many words in a row that lean to prose the reach may cross: a site's
/// name ("copyright 2023 example tv all rights reserved"), not a sentence.
/// Whether it does depends on the scores around it.
const MAX_PROSE_WORDS_CROSSED: usize = 3;

/// How many words between a match and the next the reach always takes in:
/// the glue of one widget ("share this article [on] facebook twitter").
const MAX_BRIDGED_WORDS: usize = 2;

/// How many words between a match and the end of its line the reach always
/// takes in: a widget's tail ("this article originally appeared [in the
/// valley gazette]").
const MAX_TAIL_WORDS: usize = 4;

/// The lowest mean score, in quarter-nats per word, of a line that goes
/// with the chrome next to it ([`ChromeWords::extend_over_lines`]): its
/// words of chrome outweigh the others ("Manage your ad", "Change consent",
/// "Use of cookies"). An unlisted word scores -6; a headline with two
/// chrome words among six ("… style … review") averages -1.5 and stays.
const MIN_LINE_SCORE: i64 = 0;

/// The most words of a line that [`ChromeWords::extend_over_lines`] takes
/// in: a prompt or a line of links, not a paragraph.
const MAX_CHROME_LINE_WORDS: usize = 25;

/// The most words of a label of chrome that a finding takes across a
/// blank line ([`ChromeWords::extend_over_lines`]): "Email newsletter".
const MAX_LABEL_WORDS: usize = 6;

/// The lowest mean score of such a label, in quarter-nats per word: a
/// nat, every word leaning to chrome or nearly.
const MIN_LABEL_SCORE: i64 = 4;

/// A token longer than this is no word of chrome (a URL, minified code):
/// the reach stops there, and never scans far into it.
const MAX_WORD_BYTES: usize = 64;

/// Word scores in quarter-nats: how much more chrome than prose uses each
/// (`rules/lists/chrome-words.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChromeWords {
    /// The score of a word that is not listed (prose, or unknown).
    default: i32,
    /// Lowercase word -> its score.
    words: HashMap<String, i32>,
}

impl ChromeWords {
    /// Loads the table built into the binary.
    pub(crate) fn builtin() -> Result<Self, Error> {
        load_list("rules/lists/chrome-words.toml", CHROME_WORDS_TOML)
    }

    /// The score of `token`, a run of non-space characters: a number scores
    /// nothing, a listed word its score, any other word the default.
    pub(crate) fn score(&self, token: &str) -> i32 {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        if !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_digit()) {
            return 0;
        }
        self.words
            .get(word.to_lowercase().as_str())
            .copied()
            .unwrap_or(self.default)
    }

    /// Whether the words of `text` (runs of letters and digits, as the
    /// table counts them, numbers left out: a price or a phone number is
    /// no evidence either way) score at least [`MIN_LINE_SCORE`] on
    /// average. A text without words does not.
    fn reads_as_chrome(&self, text: &str) -> bool {
        self.averages_at_least(text, MIN_LINE_SCORE)
    }

    /// Whether the words of `text`, numbers left out, score at least
    /// `score` quarter-nats on average; a text without words does not.
    fn averages_at_least(&self, text: &str, min_score: i64) -> bool {
        let (words, score) = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.chars().any(char::is_alphabetic))
            .fold((0_i64, 0_i64), |(words, score), word| {
                (words + 1, score + i64::from(self.score(word)))
            });
        words > 0 && score >= min_score.saturating_mul(words)
    }

    /// `ranges` (sorted, disjoint, found on lines of text that keeps its
    /// line breaks), each widened to the whole of a line it covers part of,
    /// and then over the lines right before and after it, as long as each
    /// such line is short ([`MAX_CHROME_LINE_WORDS`]) and
    /// [reads as chrome](Self::reads_as_chrome): a cookie notice takes the
    /// "Change consent" line under it, a share prompt the "Use of cookies"
    /// line above it. A blank line stops the widening (the next paragraph
    /// is the article's again), and so does the next range; only a label
    /// of chrome words ([`is_label`](Self::is_label): "Email newsletter",
    /// "Opinion") is taken one blank line away, on each side.
    pub(crate) fn extend_over_lines(
        &self,
        text: &str,
        ranges: Vec<Range<usize>>,
    ) -> Vec<Range<usize>> {
        let takes = |line: Range<usize>| {
            let words = text[line.clone()].split_whitespace().count();
            (1..=MAX_CHROME_LINE_WORDS).contains(&words) && self.reads_as_chrome(&text[line])
        };
        let mut widened = Vec::with_capacity(ranges.len());
        for (index, range) in ranges.iter().cloned().enumerate() {
            // The neighbouring ranges bound the widening: they stand on
            // their own (the one before as far as it has widened).
            let floor = widened
                .last()
                .map_or(0, |previous: &Range<usize>| previous.end);
            let ceiling = ranges.get(index + 1).map_or(text.len(), |next| next.start);
            let takes =
                |line: Range<usize>| floor <= line.start && line.end <= ceiling && takes(line);
            let last_byte = range.end.saturating_sub(1).max(range.start);
            let lines = line_around(text, range.start).start..line_around(text, last_byte).end;
            let covers_whole_lines = text[lines.start..range.start].trim().is_empty()
                && text[range.end.min(lines.end)..lines.end].trim().is_empty();
            let mut taken = if covers_whole_lines {
                range.clone()
            } else if takes(lines.clone()) {
                trimmed(text, lines.clone())
            } else {
                widened.push(range);
                continue;
            };
            let mut first = lines.start;
            while first > 0 {
                let previous = line_around(text, first - 1);
                if !takes(previous.clone()) {
                    break;
                }
                taken.start = trimmed(text, previous.clone()).start;
                first = previous.start;
            }
            let mut last = lines.end;
            while last < text.len() {
                let next = line_around(text, last + 1);
                if !takes(next.clone()) {
                    break;
                }
                taken.end = trimmed(text, next.clone()).end;
                last = next.end;
            }
            // A label of chrome words alone, one blank line away.
            let is_label = |label: &Range<usize>| {
                floor <= label.start && label.end <= ceiling && self.is_label(&text[label.clone()])
            };
            if let Some(label) = line_after_blank(text, last).filter(is_label) {
                taken.end = trimmed(text, label).end;
            }
            if let Some(label) = line_before_blank(text, first).filter(is_label) {
                taken.start = trimmed(text, label).start;
            }
            widened.push(taken);
        }
        crate::markdown::sorted_disjoint(widened)
    }

    /// Whether `line` is a label of chrome words: at most
    /// [`MAX_LABEL_WORDS`] words that score [`MIN_LABEL_SCORE`] on average.
    fn is_label(&self, line: &str) -> bool {
        line.split_whitespace().count() <= MAX_LABEL_WORDS
            && self.averages_at_least(line, MIN_LABEL_SCORE)
    }

    /// `range` of `text`, widened on each side over the words of chrome
    /// around it: the stretch of at most [`MAX_REACH_WORDS`] words with the
    /// highest summed score, when that sum is at least [`MIN_REACH_SCORE`].
    /// The reach stops at a line break, at a sentence's end, at a token
    /// longer than [`MAX_WORD_BYTES`], after [`MAX_PROSE_WORDS_CROSSED`]
    /// words of prose in a row, and at the edges of `bounds` (the
    /// neighbouring matches, which reach on their own: prose between two
    /// widgets stays). Whatever their scores, it takes in up to
    /// [`MAX_BRIDGED_WORDS`] words that are all that stands between the
    /// match and a neighbouring one, and up to [`MAX_TAIL_WORDS`] words that
    /// are all that follows it on its line.
    pub(crate) fn reach(
        &self,
        text: &str,
        range: Range<usize>,
        bounds: Range<usize>,
    ) -> Range<usize> {
        let before: Vec<Range<usize>> = tokens_before(text, range.start)
            .take_while(|token| token.start >= bounds.start)
            .take(MAX_REACH_WORDS)
            .collect();
        let after: Vec<Range<usize>> = tokens_after(text, range.end)
            .take_while(|token| token.end <= bounds.end)
            .take(MAX_REACH_WORDS)
            .collect();
        // The words back to the previous match, if they are all that stands
        // between the two and few enough to be glue.
        let glue_before = before.last().filter(|first| {
            before.len() <= MAX_BRIDGED_WORDS
                && bounds.start > 0
                && text[bounds.start..first.start].trim().is_empty()
        });
        let start = match glue_before {
            Some(first) => first.start,
            None => self
                .best_stretch(text, before.into_iter())
                .map_or(range.start, |stretch| stretch.last.start),
        };
        let end = match after.last() {
            Some(last) if is_widget_glue(text, last.end, bounds.end, after.len()) => last.end,
            _ => self
                .best_stretch(text, after.into_iter())
                .map_or(range.end, |stretch| stretch.last.end),
        };
        start..end
    }

    /// Whether the words right before byte `offset` of `text` read as
    /// chrome: a stretch of them that [`reach`](Self::reach) would take in,
    /// holding at least [`MIN_CHROME_WORDS_BEFORE`] words that lean to
    /// chrome (one such word, "sections" or "guidelines", is as likely the
    /// end of a sentence of prose).
    pub(crate) fn follows_chrome(&self, text: &str, offset: usize) -> bool {
        self.best_stretch(text, tokens_before(text, offset))
            .is_some_and(|stretch| stretch.chrome_words >= MIN_CHROME_WORDS_BEFORE)
    }

    /// The best-scoring stretch of `tokens` (taken in order away from the
    /// match), if its sum is at least [`MIN_REACH_SCORE`] and it holds two
    /// words of chrome or one that scores [`MIN_LONE_WORD_SCORE`].
    fn best_stretch(
        &self,
        text: &str,
        tokens: impl Iterator<Item = Range<usize>>,
    ) -> Option<Stretch> {
        let mut sum = 0;
        let mut chrome_words = 0;
        let mut strongest = i32::MIN;
        let mut prose_in_a_row = 0;
        let mut best: Option<(i32, Stretch)> = None;
        for token in tokens.take(MAX_REACH_WORDS) {
            let score = self.score(&text[token.clone()]);
            prose_in_a_row = if score < 0 { prose_in_a_row + 1 } else { 0 };
            if prose_in_a_row > MAX_PROSE_WORDS_CROSSED {
                break;
            }
            sum += score;
            chrome_words += usize::from(score > 0);
            strongest = strongest.max(score);
            let enough =
                sum >= MIN_REACH_SCORE && (chrome_words >= 2 || strongest >= MIN_LONE_WORD_SCORE);
            if enough && best.as_ref().is_none_or(|(score, _)| sum > *score) {
                best = Some((
                    sum,
                    Stretch {
                        last: token,
                        chrome_words,
                    },
                ));
            }
        }
        best.map(|(_, stretch)| stretch)
    }
}

/// The line after the blank line that follows the line ending at byte
/// `end` of `text`, if that line is blank.
fn line_after_blank(text: &str, end: usize) -> Option<Range<usize>> {
    if end >= text.len() {
        return None;
    }
    let blank = line_around(text, end + 1);
    (text[blank.clone()].trim().is_empty() && blank.end < text.len())
        .then(|| line_around(text, blank.end + 1))
}

/// The line before the blank line that precedes the line starting at byte
/// `start` of `text`, if that line is blank.
fn line_before_blank(text: &str, start: usize) -> Option<Range<usize>> {
    if start == 0 {
        return None;
    }
    let blank = line_around(text, start - 1);
    (text[blank.clone()].trim().is_empty() && blank.start > 0)
        .then(|| line_around(text, blank.start - 1))
}

/// `range` of `text` without the white space at its ends.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    start..start.max(range.start + slice.trim_end().len())
}

/// The best-scoring stretch of words on one side of a match.
struct Stretch {
    /// Its last token, the farthest from the match.
    last: Range<usize>,
    /// How many of its words lean to chrome (score above zero).
    chrome_words: usize,
}

/// Whether `words` words after a match, the last of which ends at `end`, are
/// all that stands before the next match (at `next`; the text's length if
/// none) and at most [`MAX_BRIDGED_WORDS`], or all that is left of the line
/// and at most [`MAX_TAIL_WORDS`].
fn is_widget_glue(text: &str, end: usize, next: usize, words: usize) -> bool {
    let rest_of_line = text[end..].split('\n').next().unwrap_or_default();
    let bridges = words <= MAX_BRIDGED_WORDS
        && next < text.len()
        && text[end..next].trim().is_empty()
        && !ends_sentence(&text[..end]);
    bridges || (words <= MAX_TAIL_WORDS && rest_of_line.trim().is_empty())
}

/// Whether `gap`, the text between two tokens, holds a line break.
fn breaks(gap: &str) -> bool {
    gap.contains('\n')
}

/// Whether `token` ends a sentence: the reach may not take in the next one.
fn ends_sentence(token: &str) -> bool {
    token.ends_with(['.', '!', '?'])
}

/// The tokens (runs of non-space characters) before byte `end` of `text`,
/// nearest first, up to a line break, a token that ends a sentence or one
/// longer than [`MAX_WORD_BYTES`].
fn tokens_before(text: &str, end: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut position = end;
    std::iter::from_fn(move || {
        let head = &text[..position];
        let token_end = head.trim_end().len();
        if token_end == 0 || breaks(&head[token_end..]) {
            return None;
        }
        let token_start = match head[..token_end]
            .char_indices()
            .rev()
            .take(MAX_WORD_BYTES + 1)
            .find(|&(_, c)| c.is_whitespace())
        {
            Some((space, c)) => space + c.len_utf8(),
            None if token_end <= MAX_WORD_BYTES => 0,
            None => return None,
        };
        let token = &text[token_start..token_end];
        if ends_sentence(token) || token.len() > MAX_WORD_BYTES {
            return None;
        }
        position = token_start;
        Some(token_start..token_end)
    })
}

/// The tokens after byte `start` of `text`, nearest first, up to a line
/// break or a token longer than [`MAX_WORD_BYTES`]; a token that ends a
/// sentence is the last.
fn tokens_after(text: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut position = start;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let tail = &text[position..];
        let token_start = position + (tail.len() - tail.trim_start().len());
        if token_start == text.len() || breaks(&text[position..token_start]) {
            return None;
        }
        let token_end = text[token_start..]
            .char_indices()
            .take(MAX_WORD_BYTES + 1)
            .find(|&(_, c)| c.is_whitespace())
            .map_or(text.len(), |(space, _)| token_start + space);
        if token_end - token_start > MAX_WORD_BYTES {
            return None;
        }
        done = ends_sentence(&text[token_start..token_end]);
        position = token_end;
        Some(token_start..token_end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reached(text: &str, phrase: &str) -> String {
        let words = ChromeWords::builtin().expect("the table parses");
        let start = text.find(phrase).expect("the phrase is in the text");
        text[words.reach(text, start..start + phrase.len(), 0..text.len())].to_owned()
    }

    #[test]
    fn reaches_over_chrome_words_and_a_site_name_between_them() {
        let text =
            "the mayor said so copyright 2023 examplesite all rights reserved the bridge opens in june";
        assert_eq!(
            reached(text, "all rights reserved"),
            "copyright 2023 examplesite all rights reserved"
        );
    }

    #[test]
    fn takes_one_word_alone_only_when_it_leans_far_to_chrome() {
        let words = ChromeWords::builtin().expect("the table parses");
        // "tickets" leans to chrome (menus), but not by two nats: the next
        // sentence may open with it.
        assert!((1..MIN_LONE_WORD_SCORE).contains(&words.score("tickets")));
        let text = "planned for late october cancel reply tickets will be free for pupils";
        assert_eq!(reached(text, "cancel reply"), "cancel reply");
        // "copyright" does, and takes the site's name between it and the match.
        assert!(words.score("copyright") >= MIN_LONE_WORD_SCORE);
    }

    #[test]
    fn follows_chrome_needs_two_words_of_chrome() {
        let words = ChromeWords::builtin().expect("the table parses");
        let prose = "the guide is organized into four sections best practices for reading";
        let offset = prose.find("best").unwrap_or_default();
        assert!(words.score("sections") > 0);
        assert!(!words.follows_chrome(prose, offset));
        let chrome =
            "the guide is out now privacy policy cookie settings best practices for reading";
        let offset = chrome.find("best").unwrap_or_default();
        assert!(words.follows_chrome(chrome, offset));
    }

    /// The texts of the ranges that [`ChromeWords::extend_over_lines`] makes
    /// of the one range of `text` from `start` to `end`.
    fn lines_taken(text: &str, start: usize, end: usize) -> Vec<&str> {
        let words = ChromeWords::builtin().expect("the table parses");
        words
            .extend_over_lines(text, std::iter::once(start..end).collect())
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn lines_next_to_chrome_go_with_it_when_their_words_lean_to_chrome() {
        let text = "The pier reopens.\nShare this article\nManage your ad choices\n\
                    Pier reopens with new lamps\nThe council paid for it.\n";
        let prompt = text.find("Share").unwrap_or_default();
        assert_eq!(
            lines_taken(text, prompt, prompt + 18),
            ["Share this article\nManage your ad choices"]
        );
        // Numbers are no evidence: a price line has no word of chrome.
        let text = "Share this article\n£1,195.00 12/06/2014\nThe council paid.\n";
        assert_eq!(lines_taken(text, 0, 18), ["Share this article"]);
        // A range on part of a line takes the line when the line reads as
        // chrome, not when it is prose.
        let text = "Read more: privacy settings and consent\n";
        assert_eq!(
            lines_taken(text, 0, 10),
            ["Read more: privacy settings and consent"]
        );
        let text = "Read more: the council met on Tuesday\n";
        assert_eq!(lines_taken(text, 0, 10), ["Read more:"]);
    }

    #[test]
    fn stops_where_the_article_goes_on() {
        let text = "the council met on tuesday all rights reserved the mayor said the bridge opens";
        assert_eq!(reached(text, "all rights reserved"), "all rights reserved");
    }

    #[test]
    fn leaves_the_prose_between_two_widgets() {
        let text = "share on facebook twitter the council paid for new shelving subscribe to our \
                    newsletter email privacy";
        assert_eq!(
            reached(text, "share on facebook twitter"),
            "share on facebook twitter"
        );
        let words = ChromeWords::builtin().expect("the table parses");
        let newsletter = text.find("subscribe").expect("in the text");
        assert_eq!(
            &text[words.reach(text, 0..25, 0..newsletter)],
            "share on facebook twitter"
        );
    }

    #[test]
    fn takes_the_words_that_glue_two_widgets_or_end_the_line() {
        let words = ChromeWords::builtin().expect("the table parses");
        let text =
            "the queue waited share this article on facebook twitter the council paid for it";
        let share = text.find("share").unwrap_or_default();
        let platforms = text.find("facebook").unwrap_or_default();
        let widened = words.reach(text, share..share + 18, 0..platforms);
        assert_eq!(&text[widened], "share this article on");
        let widened = words.reach(text, platforms..platforms + 16, share + 18..text.len());
        assert_eq!(&text[widened], "on facebook twitter");
        // Three words between two widgets are not glue; nor is a sentence's end.
        let text = "share this article the mayor said follow us";
        let follow = text.find("follow").unwrap_or_default();
        assert_eq!(
            &text[words.reach(text, 0..18, 0..follow)],
            "share this article"
        );
        let text = "share this article. Yes follow us";
        let follow = text.find("follow").unwrap_or_default();
        assert_eq!(
            &text[words.reach(text, 0..18, 0..follow)],
            "share this article"
        );
        // The last few words of a line after a widget go with it, not more.
        let text = "the pier reopened this article originally appeared in the valley gazette\nnext";
        assert_eq!(
            reached(text, "this article originally appeared"),
            "this article originally appeared in the valley gazette"
        );
        let text = "this article originally appeared in the valley gazette on a monday";
        assert_eq!(
            reached(text, "this article originally appeared"),
            "this article originally appeared"
        );
    }

    #[test]
    fn reaches_across_spaces_of_any_width() {
        // A no-break space (2 bytes) and an ideographic space (3 bytes).
        let text = "the pier opens copyright\u{a0}2024\u{3000}examplesite all rights reserved";
        assert_eq!(
            reached(text, "all rights reserved"),
            "copyright\u{a0}2024\u{3000}examplesite all rights reserved"
        );
    }

    #[test]
    fn stops_at_a_token_too_long_to_be_a_word() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let text = format!("copyright {long} all rights reserved {long} privacy policy");
        assert_eq!(reached(&text, "all rights reserved"), "all rights reserved");
    }

    #[test]
    fn stops_at_a_line_break_and_a_sentence_end() {
        let text = "Read our privacy policy.\nAll rights reserved. Subscribe to our newsletter";
        assert_eq!(reached(text, "All rights reserved"), "All rights reserved");
        let text = "Read our privacy policy\nAll rights reserved";
        assert_eq!(reached(text, "All rights reserved"), "All rights reserved");
    }
}
