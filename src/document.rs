//! The prepared view of a text that every rule shares, computed once per lint
//! and lazily: a rule pays only for the views it reads.
//!
//! - [`Document::words`]: words as `u32` byte offsets ("don't" is one word);
//! - [`Document::tokens`]: the words split at their apostrophes, as hashes of
//!   their lowercase text, for rules that compare words;
//! - [`Document::gap_after`]: what separates a word from the next (a sentence
//!   end, a line break, a blank line), from which
//!   [`Document::sentence_ends_after`] and [`Document::paragraphs`] follow;
//! - [`Document::chunks`]: whitespace-separated pieces;
//! - [`Document::lines`]: the line index;
//! - [`Document::is_ascii`] and [`Document::non_ascii_chars`], so that
//!   byte-level rules skip plain ASCII at memory speed;
//! - [`Document::shared_counts`]: what recurs across the documents of the
//!   run, for the rules that learn from the whole run.
//!
//! No rule splits the text on its own.

use std::cell::OnceCell;
use std::ops::Range;

use crate::corpus::SharedCounts;
use crate::diagnostic::Span;
use crate::source::LineIndex;

/// The longest text whose words are indexed: word offsets are stored as `u32`
/// to halve the memory of the word list. Longer texts are refused by
/// [`crate::check`]; through the library, words past this offset are not listed.
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

/// The names of the months, lowercase, January first.
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The characters that end a sentence.
pub const SENTENCE_ENDS: [char; 3] = ['.', '!', '?'];

/// The line of `text` that holds byte `at`, without its line break (a line
/// break at `at` ends the line).
pub(crate) fn line_around(text: &str, at: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let at = at.min(text.len());
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |found| found + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |found| at + found);
    start..end
}

/// Whether `c` ends a sentence (`.`, `!` or `?`).
pub fn is_sentence_end(c: char) -> bool {
    SENTENCE_ENDS.contains(&c)
}

/// A word: a run of letters and digits, with apostrophes allowed between two
/// of them ("don't", "huawei’s"), stored as byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    start: u32,
    end: u32,
}

impl Word {
    /// A word covering `[start, end)`; `None` past [`MAX_TEXT_LEN`].
    fn new(start: usize, end: usize) -> Option<Self> {
        Some(Self {
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
        })
    }

    /// Offset of the word's first byte.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// Offset one past the word's last byte.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// The word's bytes as a span.
    pub fn span(self) -> Span {
        Span::new(self.start(), self.end())
    }
}

/// What lies between a word and the next one, as flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gap(u8);

impl Gap {
    const SENTENCE_END: u8 = 1;
    const LINE_BREAK: u8 = 2;
    const BLANK_LINE: u8 = 4;

    /// The gap holds `.`, `!` or `?`.
    pub fn ends_sentence(self) -> bool {
        self.0 & Self::SENTENCE_END != 0
    }

    /// The gap holds a line break.
    pub fn breaks_line(self) -> bool {
        self.0 & Self::LINE_BREAK != 0
    }

    /// The gap holds an empty line (two line breaks with only spaces between):
    /// a paragraph ends there.
    pub fn ends_paragraph(self) -> bool {
        self.0 & Self::BLANK_LINE != 0
    }

    /// The flags of the text `gap`.
    fn of(gap: &str) -> Self {
        let mut flags = 0;
        if gap.contains(SENTENCE_ENDS) {
            flags |= Self::SENTENCE_END;
        }
        let mut newlines = memchr::memchr_iter(b'\n', gap.as_bytes());
        if let Some(mut previous) = newlines.next() {
            flags |= Self::LINE_BREAK;
            for next in newlines {
                if gap[previous + 1..next].trim().is_empty() {
                    flags |= Self::BLANK_LINE;
                    break;
                }
                previous = next;
            }
        }
        Self(flags)
    }
}

/// The words split at their apostrophes ("huawei's" → "huawei", "s"), each as
/// a 32-bit hash of its lowercase text (the high half of a 64-bit FxHash). "huawei's" and "huawei s" give the
/// same tokens, so text compares equal before and after an apostrophe fix.
#[derive(Debug, Default)]
pub struct Tokens {
    /// One hash per token, in order.
    pub hashes: Vec<u32>,
    /// Sorted indices of the tokens that continue a word after an apostrophe.
    pub continuations: Vec<u32>,
}

impl Tokens {
    /// The index of the word that token `index` is part of.
    pub fn word_of(&self, index: usize) -> usize {
        index
            - self
                .continuations
                .partition_point(|&token| token as usize <= index)
    }

    /// Whether token `index` continues a word after an apostrophe.
    pub fn is_continuation(&self, index: usize) -> bool {
        u32::try_from(index).is_ok_and(|index| self.continuations.binary_search(&index).is_ok())
    }
}

/// A text prepared for linting.
#[derive(Debug)]
pub struct Document<'a> {
    text: &'a str,
    ascii: bool,
    markdown: bool,
    record: bool,
    shared: Option<&'a SharedCounts>,
    lines: OnceCell<LineIndex>,
    words: OnceCell<Vec<Word>>,
    tokens: OnceCell<Tokens>,
    gaps: OnceCell<Vec<Gap>>,
}

impl<'a> Document<'a> {
    /// Prepares `text`; each view is computed the first time a rule reads it.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            markdown: false,
            record: false,
            shared: None,
            lines: OnceCell::new(),
            words: OnceCell::new(),
            tokens: OnceCell::new(),
            gaps: OnceCell::new(),
        }
    }

    /// The same document, marked as Markdown (its code, HTML and links
    /// already hidden by the linter): some syntax is valid there, such as
    /// character references.
    pub fn with_markdown(mut self, markdown: bool) -> Self {
        self.markdown = markdown;
        self
    }

    /// The same document, marked as a record of a corpus (a JSON Lines
    /// field), not a whole file: it needs no final newline.
    pub fn with_record(mut self, record: bool) -> Self {
        self.record = record;
        self
    }

    /// The same document, checked with the counts of what recurs across the
    /// documents of its run (see [`SharedCounts`]).
    pub fn with_shared_counts(mut self, shared: Option<&'a SharedCounts>) -> Self {
        self.shared = shared;
        self
    }

    /// The counts of what recurs across the documents of the run, when the
    /// document is checked as one of a run that counted them; `None` for a
    /// text linted on its own.
    pub fn shared_counts(&self) -> Option<&'a SharedCounts> {
        self.shared
    }

    /// Whether the text is a record of a corpus, not a whole file.
    pub fn is_record(&self) -> bool {
        self.record
    }

    /// Whether the text is a Markdown file's.
    pub fn is_markdown(&self) -> bool {
        self.markdown
    }

    /// The whole text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Whether the text is pure ASCII: byte-level rules about other
    /// characters have nothing to do.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// The line index.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    /// The words, in order.
    pub fn words(&self) -> &[Word] {
        self.words.get_or_init(|| split_words(self.text))
    }

    /// The words split at apostrophes, hashed in lowercase.
    pub fn tokens(&self) -> &Tokens {
        self.tokens
            .get_or_init(|| fold_tokens(self.text, self.words()))
    }

    /// What separates word `index` from the next (nothing after the last word).
    pub fn gap_after(&self, index: usize) -> Gap {
        let gaps = self.gaps.get_or_init(|| {
            let words = self.words();
            words
                .windows(2)
                .map(|pair| Gap::of(self.slice(Span::new(pair[0].end(), pair[1].start()))))
                .collect()
        });
        gaps.get(index).copied().unwrap_or_default()
    }

    /// Whether a sentence ends after word `index`: `.`, `!` or `?` or a blank
    /// line follows it, or it is the last word.
    pub fn sentence_ends_after(&self, index: usize) -> bool {
        if index + 1 >= self.words().len() {
            return true;
        }
        let gap = self.gap_after(index);
        gap.ends_sentence() || gap.ends_paragraph()
    }

    /// The paragraphs, as ranges of word indices (separated by blank lines).
    pub fn paragraphs(&self) -> Vec<Range<usize>> {
        let count = self.words().len();
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for index in 0..count {
            if index + 1 == count || self.gap_after(index).ends_paragraph() {
                paragraphs.push(start..index + 1);
                start = index + 1;
            }
        }
        paragraphs
    }

    /// The whitespace-separated pieces of the text, as spans, in order.
    pub fn chunks(&self) -> impl Iterator<Item = Span> + 'a {
        Chunks {
            text: self.text,
            offset: 0,
        }
    }

    /// Every character outside ASCII with its offset, skipping ASCII text
    /// eight bytes at a time.
    pub fn non_ascii_chars(&self) -> impl Iterator<Item = (usize, char)> + 'a {
        NonAsciiChars {
            text: if self.ascii { "" } else { self.text },
            offset: 0,
        }
    }

    /// The text of `span`, or `""` if the span does not lie on character boundaries.
    pub fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The text of a word.
    pub fn word_text(&self, word: Word) -> &'a str {
        self.slice(word.span())
    }
}

/// Whether `c` is an apostrophe that can sit inside a word.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// ASCII letters and digits.
const fn ascii_alphanumeric_table() -> [bool; 128] {
    let mut table = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
}

const ASCII_ALPHANUMERIC: [bool; 128] = ascii_alphanumeric_table();

/// The character at byte `offset` of `text` (a boundary) with its length, if
/// it is alphanumeric.
fn alphanumeric_at(text: &str, offset: usize) -> Option<usize> {
    let byte = *text.as_bytes().get(offset)?;
    if byte < 0x80 {
        return ASCII_ALPHANUMERIC[usize::from(byte)].then_some(1);
    }
    let c = text.get(offset..)?.chars().next()?;
    c.is_alphanumeric().then(|| c.len_utf8())
}

/// The length of the apostrophe at byte `offset`, if there is one.
fn apostrophe_at(bytes: &[u8], offset: usize) -> Option<usize> {
    match bytes.get(offset..)? {
        [b'\'', ..] => Some(1),
        [0xE2, 0x80, 0x99, ..] => Some(3),
        _ => None,
    }
}

/// Splits `text` into words: maximal runs of alphanumeric characters, joined
/// across a single apostrophe that has an alphanumeric character on each side.
/// ASCII letters and digits are classified by table, a byte at a time.
fn split_words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    // A word and its separator take two bytes at least. Room for that many
    // is reserved, not touched: the pages never written cost nothing, and
    // the vector never grows by copying (each growth faults in fresh pages,
    // which costs more than the words themselves on a virtual machine).
    let mut words = reserve_untouched(text.len() / 2 + 1, text.len() / 6);
    let mut offset = 0;
    let is_ascii_alphanumeric = |offset: usize| {
        bytes
            .get(offset)
            .is_some_and(|&byte| byte < 0x80 && ASCII_ALPHANUMERIC[usize::from(byte)])
    };
    while offset < bytes.len() {
        // Skip to the next word, ASCII separators first.
        let byte = bytes[offset];
        if byte < 0x80 && !ASCII_ALPHANUMERIC[usize::from(byte)] {
            offset += 1;
            continue;
        }
        let Some(length) = alphanumeric_at(text, offset) else {
            offset += utf8_length(byte);
            continue;
        };
        let start = offset;
        offset += length;
        loop {
            while is_ascii_alphanumeric(offset) {
                offset += 1;
            }
            if let Some(length) = alphanumeric_at(text, offset) {
                offset += length;
            } else if let Some(apostrophe) = apostrophe_at(bytes, offset)
                .filter(|&apostrophe| alphanumeric_at(text, offset + apostrophe).is_some())
            {
                offset += apostrophe;
            } else {
                break;
            }
        }
        match Word::new(start, offset) {
            Some(word) => words.push(word),
            None => break,
        }
    }
    words.shrink_to_fit();
    words
}

/// An empty vector with room for `most` items if the allocator grants that
/// much address space, else for `likely` items.
fn reserve_untouched<T>(most: usize, likely: usize) -> Vec<T> {
    let mut items = Vec::new();
    if items.try_reserve_exact(most).is_err() {
        items.reserve(likely);
    }
    items
}

/// The length of the UTF-8 sequence that `lead` starts (1 for a stray byte).
fn utf8_length(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// One step of the FxHash function: fast, and good enough for word ids.
fn hash_step(hash: u64, value: u64) -> u64 {
    (hash.rotate_left(5) ^ value).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The hash every token starts from.
const TOKEN_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// The high half of a 64-bit hash, where FxHash mixes best.
fn fold_to_u32(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// The hash that [`Document::tokens`] gives a token with the text `token`
/// (which holds no apostrophe), so that word lists can be keyed by it.
pub fn token_hash(token: &str) -> u32 {
    let mut hash = TOKEN_SEED;
    for c in token.chars() {
        for lower in c.to_lowercase() {
            hash = hash_step(hash, u64::from(lower));
        }
    }
    fold_to_u32(hash)
}

/// The tokens of `words`: split at apostrophes, hashed in lowercase.
fn fold_tokens(text: &str, words: &[Word]) -> Tokens {
    // A token ends a word or comes before an apostrophe inside one, and such
    // an apostrophe and the character after it take two bytes at least (see
    // `split_words` for why the room is reserved whole).
    let mut hashes = reserve_untouched(words.len() + text.len() / 2, words.len());
    let mut continuations = Vec::new();
    for &word in words {
        let word_text = text.get(word.span().range()).unwrap_or("");
        let mut hash = TOKEN_SEED;
        let mut split = |hash: &mut u64, hashes: &mut Vec<u32>| {
            hashes.push(fold_to_u32(*hash));
            continuations.push(u32::try_from(hashes.len()).unwrap_or(u32::MAX));
            *hash = TOKEN_SEED;
        };
        if word_text.is_ascii() {
            for byte in word_text.bytes() {
                if byte == b'\'' {
                    split(&mut hash, &mut hashes);
                } else {
                    hash = hash_step(hash, u64::from(byte.to_ascii_lowercase()));
                }
            }
        } else {
            for c in word_text.chars() {
                if is_apostrophe(c) {
                    split(&mut hash, &mut hashes);
                } else {
                    for lower in c.to_lowercase() {
                        hash = hash_step(hash, u64::from(lower));
                    }
                }
            }
        }
        hashes.push(fold_to_u32(hash));
    }
    hashes.shrink_to_fit();
    Tokens {
        hashes,
        continuations,
    }
}

/// Iterator behind [`Document::chunks`].
struct Chunks<'a> {
    text: &'a str,
    offset: usize,
}

impl Iterator for Chunks<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let bytes = self.text.as_bytes();
        let mut offset = self.offset;
        // Skip whitespace, then take everything up to the next.
        while offset < bytes.len() {
            match whitespace_at(self.text, offset) {
                Some(length) => offset += length,
                None => break,
            }
        }
        if offset >= bytes.len() {
            self.offset = offset;
            return None;
        }
        let start = offset;
        while offset < bytes.len() {
            if bytes[offset] < 0x80 {
                if bytes[offset].is_ascii_whitespace() || bytes[offset] == 0x0B {
                    break;
                }
                offset += 1;
            } else if whitespace_at(self.text, offset).is_some() {
                break;
            } else {
                offset += utf8_length(bytes[offset]);
            }
        }
        self.offset = offset;
        Some(Span::new(start, offset))
    }
}

/// The length of the whitespace character at byte `offset`, if there is one
/// (Unicode's White_Space, as [`char::is_whitespace`]).
fn whitespace_at(text: &str, offset: usize) -> Option<usize> {
    let byte = *text.as_bytes().get(offset)?;
    if byte < 0x80 {
        return (byte.is_ascii_whitespace() || byte == 0x0B).then_some(1);
    }
    let c = text.get(offset..)?.chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

/// Iterator behind [`Document::non_ascii_chars`].
struct NonAsciiChars<'a> {
    text: &'a str,
    offset: usize,
}

/// The high bit of every byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

impl Iterator for NonAsciiChars<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        let bytes = self.text.as_bytes();
        let mut offset = self.offset;
        // Eight bytes at a time while they are all ASCII.
        while let Some(block) = bytes.get(offset..offset + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(block);
            let high = u64::from_le_bytes(word) & HIGH_BITS;
            if high != 0 {
                offset += (high.trailing_zeros() / 8) as usize;
                break;
            }
            offset += 8;
        }
        while offset < bytes.len() && bytes[offset].is_ascii() {
            offset += 1;
        }
        let c = self.text.get(offset..)?.chars().next()?;
        self.offset = offset + c.len_utf8();
        Some((offset, c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let document = Document::new(text);
        document
            .words()
            .iter()
            .map(|&word| document.word_text(word))
            .collect()
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        assert_eq!(
            words("Don't stop, it’s 5g's."),
            ["Don't", "stop", "it’s", "5g's"]
        );
    }

    #[test]
    fn trailing_and_quoting_apostrophes_split() {
        assert_eq!(
            words("'quoted' the dogs' bowls"),
            ["quoted", "the", "dogs", "bowls"]
        );
    }

    #[test]
    fn unicode_letters_are_word_characters() {
        assert_eq!(words("café—naïve über"), ["café", "naïve", "über"]);
        assert_eq!(words("l’été x’"), ["l’été", "x"]);
    }

    #[test]
    fn empty_text_has_no_words() {
        assert!(words("").is_empty());
        assert!(words(" \n\t ").is_empty());
    }

    #[test]
    fn tokens_split_at_apostrophes_and_ignore_case() {
        let apostrophe = Document::new("Huawei's plan");
        let space = Document::new("huawei s PLAN");
        assert_eq!(apostrophe.tokens().hashes, space.tokens().hashes);
        assert_eq!(apostrophe.tokens().continuations, [1]);
        assert_eq!(apostrophe.tokens().word_of(2), 1);
        assert!(apostrophe.tokens().is_continuation(1));
    }

    #[test]
    fn token_hash_is_the_hash_of_tokens() {
        let document = Document::new("GoogleTag don't Über");
        let expected: Vec<u32> = ["googletag", "don", "t", "über"]
            .into_iter()
            .map(token_hash)
            .collect();
        assert_eq!(document.tokens().hashes, expected);
    }

    #[test]
    fn gaps_tell_sentences_and_paragraphs() {
        let document = Document::new("One two. Three\nfour\n\nfive six");
        assert!(!document.sentence_ends_after(0));
        assert!(document.sentence_ends_after(1));
        assert!(document.gap_after(2).breaks_line());
        assert!(!document.sentence_ends_after(2));
        assert!(document.sentence_ends_after(3));
        assert_eq!(document.paragraphs(), [0..4, 4..6]);
    }

    #[test]
    fn chunks_are_whitespace_separated() {
        let document = Document::new("  a.b  c\u{3000}d\n");
        let chunks: Vec<&str> = document.chunks().map(|span| document.slice(span)).collect();
        assert_eq!(chunks, ["a.b", "c", "d"]);
    }

    #[test]
    fn non_ascii_characters_are_found_past_ascii_blocks() {
        let text = "plain ascii text of some length é then more ascii ’ x";
        let document = Document::new(text);
        let found: Vec<(usize, char)> = document.non_ascii_chars().collect();
        let expected: Vec<(usize, char)> =
            text.char_indices().filter(|(_, c)| !c.is_ascii()).collect();
        assert_eq!(found, expected);
        assert_eq!(Document::new("only ascii").non_ascii_chars().count(), 0);
    }
}
