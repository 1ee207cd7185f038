//! Positions in a text: byte [`Span`]s, and the line index that turns byte
//! offsets into 1-based lines and columns.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into the text as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; the two are swapped if given in the wrong order.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Self { start, end }
        } else {
            Self {
                start: end,
                end: start,
            }
        }
    }

    /// Number of bytes covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range<usize>`, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether `other` lies entirely inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineColumn {
    /// Line number, from 1. Lines end at `\n`.
    pub line: usize,
    /// Column, from 1, in Unicode scalar values.
    pub column: usize,
}

/// Where each line starts, so offsets convert to lines in `O(log n)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`: a line ends at `\n` (a bare `\r`
    /// stays inside its line, as in the command line's output and diffs).
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|index| index + 1));
        Self { line_starts }
    }

    /// Indexes the line starts of `text` as the Language Server Protocol
    /// counts lines: a line ends at `\n`, `\r\n` or a bare `\r`.
    pub fn new_with_bare_cr(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                // The `\r` of a `\r\n`: the line ends at the `\n`.
                .filter(|&index| !(bytes[index] == b'\r' && bytes.get(index + 1) == Some(&b'\n')))
                .map(|index| index + 1),
        );
        Self { line_starts }
    }

    /// Number of lines (a final line without `\n` counts; an empty text has one line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based index of the line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Byte offset where the 0-based line `line` starts (the text's end past the last line).
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }

    /// Byte offset where the 0-based line `line` ends, before its `\n` (and
    /// a `\r` before that), or before the bare `\r` that ends it in an index
    /// made by [`LineIndex::new_with_bare_cr`].
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        let start = self.line_starts.get(line).copied().unwrap_or(text.len());
        let bare_cr = end < text.len() && text.as_bytes().get(end) == Some(&b'\r');
        if bare_cr {
            end
        } else if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    }

    /// The 1-based line and column of `offset`. An offset inside a character
    /// counts as that character; an offset past the end is clamped to the end.
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = count_chars(&text.as_bytes()[start..offset]);
        LineColumn {
            line: line + 1,
            column: column + 1,
        }
    }
}

/// Converts a sequence of nearby offsets (such as sorted diagnostic spans) to
/// lines and columns, counting only the characters between one offset and
/// the next instead of from the start of the line each time.
#[derive(Debug)]
pub struct LineColumnCursor<'a> {
    text: &'a str,
    index: &'a LineIndex,
    offset: usize,
    position: LineColumn,
}

impl<'a> LineColumnCursor<'a> {
    /// A cursor at the start of `text`, which `index` indexes.
    pub fn new(text: &'a str, index: &'a LineIndex) -> Self {
        Self {
            text,
            index,
            offset: 0,
            position: LineColumn { line: 1, column: 1 },
        }
    }

    /// The 1-based line and column of `offset`, as [`LineIndex::line_column`] gives it.
    pub fn line_column(&mut self, offset: usize) -> LineColumn {
        let offset = offset.min(self.text.len());
        let line = self.index.line_of(offset) + 1;
        let position = if line != self.position.line {
            self.index.line_column(self.text, offset)
        } else if offset >= self.offset {
            let between = count_chars(&self.text.as_bytes()[self.offset..offset]);
            LineColumn {
                line,
                column: self.position.column + between,
            }
        } else {
            let between = count_chars(&self.text.as_bytes()[offset..self.offset]);
            LineColumn {
                line,
                column: self.position.column - between,
            }
        };
        self.offset = offset;
        self.position = position;
        position
    }
}

/// The number of characters that start in `bytes`.
fn count_chars(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .filter(|&&byte| !is_utf8_continuation(byte))
        .count()
}

/// Whether `byte` continues a multi-byte UTF-8 sequence.
fn is_utf8_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

/// The nearest character boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The nearest character boundary at or after `offset`.
pub fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let text = "ab\ncé d\n";
        let index = LineIndex::new(text);
        assert_eq!(
            index.line_column(text, 0),
            LineColumn { line: 1, column: 1 }
        );
        assert_eq!(
            index.line_column(text, 3),
            LineColumn { line: 2, column: 1 }
        );
        // "cé " is 4 bytes but 3 characters.
        assert_eq!(
            index.line_column(text, 7),
            LineColumn { line: 2, column: 4 }
        );
        assert_eq!(
            index.line_column(text, text.len()),
            LineColumn { line: 3, column: 1 }
        );
        assert_eq!(index.line_count(), 3);
    }

    #[test]
    fn cursor_agrees_with_the_index_in_any_order() {
        let text = "ab\ncé dé\nxyz";
        let index = LineIndex::new(text);
        let mut cursor = LineColumnCursor::new(text, &index);
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&offset| text.is_char_boundary(offset))
            .collect();
        let order = boundaries
            .iter()
            .chain(boundaries.iter().rev())
            .chain(boundaries.iter().step_by(3));
        for &offset in order {
            assert_eq!(
                cursor.line_column(offset),
                index.line_column(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn bare_carriage_returns_break_lines_only_when_asked() {
        let text = "a\rb\r\nc\n\rd\r\re";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        assert_eq!(index.line_end(text, 0), 3, "\"a\\rb\" before its \\r\\n");
        let index = LineIndex::new_with_bare_cr(text);
        let lines: Vec<&str> = (0..index.line_count())
            .map(|line| {
                let start = index.line_start(line).unwrap_or(text.len());
                &text[start..index.line_end(text, line)]
            })
            .collect();
        assert_eq!(lines, ["a", "b", "c", "", "d", "", "e"]);
        assert_eq!(index.line_of(text.find('e').unwrap_or(0)), 6);
        // A text that ends with a line break has an empty last line.
        let text = "x\r";
        let index = LineIndex::new_with_bare_cr(text);
        assert_eq!((index.line_count(), index.line_end(text, 0)), (2, 1));
    }

    #[test]
    fn line_end_excludes_crlf() {
        let text = "one\r\ntwo";
        let index = LineIndex::new(text);
        assert_eq!(index.line_end(text, 0), 3);
        assert_eq!(index.line_end(text, 1), 8);
    }

    #[test]
    fn char_boundaries_round_to_whole_characters() {
        let text = "aé";
        assert_eq!(floor_char_boundary(text, 2), 1);
        assert_eq!(ceil_char_boundary(text, 2), 3);
        assert_eq!(ceil_char_boundary(text, 99), 3);
    }
}
