//! The prepared view of a text that every rule shares: the text, its line
//! index and its words as byte spans, computed once per lint.

use crate::diagnostic::Span;
use crate::source::LineIndex;

/// The longest text whose words are indexed: word offsets are stored as `u32`
/// to halve the memory of the word list. Longer texts are refused by
/// [`crate::check`]; through the library, words past this offset are not listed.
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

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

/// A text prepared for linting.
#[derive(Debug)]
pub struct Document<'a> {
    text: &'a str,
    lines: LineIndex,
    words: Vec<Word>,
}

impl<'a> Document<'a> {
    /// Prepares `text`: indexes its lines and splits it into words.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            lines: LineIndex::new(text),
            words: split_words(text),
        }
    }

    /// The whole text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The line index.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// The words, in order.
    pub fn words(&self) -> &[Word] {
        &self.words
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

/// The character starting at byte `offset` of `text`, if any, with an ASCII fast path.
fn char_at(text: &str, offset: usize) -> Option<char> {
    match text.as_bytes().get(offset) {
        Some(&byte) if byte.is_ascii() => Some(char::from(byte)),
        Some(_) => text.get(offset..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// Splits `text` into words: maximal runs of alphanumeric characters, joined
/// across a single apostrophe that has an alphanumeric character on each side.
fn split_words(text: &str) -> Vec<Word> {
    let mut words = Vec::with_capacity(text.len() / 6);
    let mut start: Option<usize> = None;
    let mut offset = 0;
    while let Some(c) = char_at(text, offset) {
        let next = offset + c.len_utf8();
        if c.is_alphanumeric() {
            start.get_or_insert(offset);
        } else if let Some(word_start) = start {
            let joins = is_apostrophe(c) && char_at(text, next).is_some_and(char::is_alphanumeric);
            if !joins {
                match Word::new(word_start, offset) {
                    Some(word) => words.push(word),
                    None => return words,
                }
                start = None;
            }
        }
        offset = next;
    }
    if let Some(word) = start.and_then(|word_start| Word::new(word_start, text.len())) {
        words.push(word);
    }
    words
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
    }

    #[test]
    fn empty_text_has_no_words() {
        assert!(words("").is_empty());
        assert!(words(" \n\t ").is_empty());
    }
}
