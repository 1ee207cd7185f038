//! The prepared view of a text that every rule shares: the text, its line
//! index and its words as byte spans, computed once per lint.

use crate::diagnostic::Span;
use crate::source::LineIndex;

/// A word: a run of letters and digits, with apostrophes allowed between two
/// of them ("don't", "huawei’s"), as a byte span into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Where the word is.
    pub span: Span,
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
        self.slice(word.span)
    }
}

/// Whether `c` is an apostrophe that can sit inside a word.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Splits `text` into words: maximal runs of alphanumeric characters, joined
/// across a single apostrophe that has an alphanumeric character on each side.
fn split_words(text: &str) -> Vec<Word> {
    let mut words = Vec::with_capacity(text.len() / 6);
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(offset);
            }
            continue;
        }
        let Some(word_start) = start else { continue };
        let joins = is_apostrophe(c)
            && chars
                .peek()
                .is_some_and(|&(_, next)| next.is_alphanumeric());
        if !joins {
            words.push(Word {
                span: Span::new(word_start, offset),
            });
            start = None;
        }
    }
    if let Some(word_start) = start {
        words.push(Word {
            span: Span::new(word_start, text.len()),
        });
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
