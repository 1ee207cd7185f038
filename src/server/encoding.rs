//! Positions as the client counts them: the encoding negotiated at
//! `initialize` (LSP 3.17 `positionEncoding`), and conversions between the
//! library's byte offsets and the protocol's lines and characters.
//!
//! A line ends at `\n`, `\r\n` or a bare `\r`, as the protocol says
//! (the document's index is made by [`LineIndex::new_with_bare_cr`], unlike
//! the command line's, where lines end at `\n` only); a character offset
//! counts UTF-8 bytes or UTF-16 code units. An emoji
//! outside the Basic Multilingual Plane is four bytes and two UTF-16 units;
//! a combining mark is a character of its own (two bytes, one unit).

use lsp_types::{Position, PositionEncodingKind, Range};

use crate::source::{floor_char_boundary, LineIndex, Span};

/// How the client counts characters in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionEncoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units: the protocol's default, which every client supports.
    Utf16,
}

impl PositionEncoding {
    /// The encoding for a client that offers `offered` (in its order of
    /// preference): UTF-8 when offered, since it needs no counting; UTF-16,
    /// the default, otherwise.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            PositionEncoding::Utf8
        } else {
            PositionEncoding::Utf16
        }
    }

    /// The name the protocol gives it.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    /// How many units `bytes`, whole characters of UTF-8, count for.
    fn units(self, bytes: &[u8]) -> usize {
        match self {
            PositionEncoding::Utf8 => bytes.len(),
            // One unit per character, and a second for each character
            // outside the Basic Multilingual Plane (four bytes in UTF-8).
            PositionEncoding::Utf16 => bytes
                .iter()
                .map(|&byte| usize::from(!is_continuation(byte)) + usize::from(byte >= 0xF0))
                .sum(),
        }
    }

    /// How many units the character `c` counts for.
    fn char_units(self, c: char) -> usize {
        match self {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Whether `byte` continues a multi-byte UTF-8 sequence.
fn is_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

/// A text and its line index, seen in one encoding.
#[derive(Debug, Clone, Copy)]
pub struct PositionMap<'a> {
    text: &'a str,
    index: &'a LineIndex,
    encoding: PositionEncoding,
}

impl<'a> PositionMap<'a> {
    /// Positions in `text`, which `index` indexes, counted in `encoding`.
    pub fn new(text: &'a str, index: &'a LineIndex, encoding: PositionEncoding) -> Self {
        Self {
            text,
            index,
            encoding,
        }
    }

    /// The text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The line index.
    pub fn index(&self) -> &'a LineIndex {
        self.index
    }

    /// The positions of many byte `offsets` (inside a character: that
    /// character's start; past the end: the end), in their order, in one sweep over
    /// the text: on a single enormous line, each character between the
    /// first offset and the last is counted once, not once per offset.
    pub fn positions(&self, offsets: &[usize]) -> Vec<Position> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&index| offsets[index]);
        let mut positions = vec![Position::default(); offsets.len()];
        // Where the sweep stands: a byte offset, its line and its character.
        let (mut at, mut line, mut character) = (0, 0, 0);
        for index in order {
            let offset = floor_char_boundary(self.text, offsets[index]);
            let offset_line = self.index.line_of(offset);
            if offset_line != line || offset < at {
                line = offset_line;
                at = self.index.line_start(line).unwrap_or(0);
                character = 0;
            }
            character += self.encoding.units(&self.text.as_bytes()[at..offset]);
            at = offset;
            positions[index] = Position::new(saturate(line), saturate(character));
        }
        positions
    }

    /// The range of `span`.
    pub fn range(&self, span: Span) -> Range {
        match self.positions(&[span.start, span.end])[..] {
            [start, end] => Range::new(start, end),
            _ => Range::default(),
        }
    }

    /// The byte offset of `position`. A character past the end of its line
    /// means the line's end, and a line past the last means the text's end
    /// (as the protocol asks); a character inside a UTF-16 surrogate pair or
    /// a UTF-8 sequence means that character's start.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(start) = self.index.line_start(line) else {
            return self.text.len();
        };
        let end = self.index.line_end(self.text, line);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (at, c) in self.text[start..end].char_indices() {
            let next = counted + self.encoding.char_units(c);
            if next > wanted {
                return start + at;
            }
            counted = next;
        }
        end
    }

    /// The byte span of `range` (its ends in order).
    pub fn span(&self, range: Range) -> Span {
        Span::new(self.offset(range.start), self.offset(range.end))
    }
}

/// `value` as the protocol's `u32`, capped (no text copydesk lints is that long).
fn saturate(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "a👍b" then "e" + combining acute, "x" on a second line.
    const TEXT: &str = "a\u{1F44D}b e\u{301}x\r\nsecond";

    fn map(encoding: PositionEncoding) -> (LineIndex, PositionEncoding) {
        (LineIndex::new_with_bare_cr(TEXT), encoding)
    }

    #[test]
    fn emoji_and_combining_marks_count_per_encoding() {
        let b = TEXT.find('b').unwrap();
        let x = TEXT.find('x').unwrap();
        for (encoding, b_at, x_at) in [
            (PositionEncoding::Utf8, 5, 10),
            (PositionEncoding::Utf16, 3, 7),
        ] {
            let (index, encoding) = map(encoding);
            let map = PositionMap::new(TEXT, &index, encoding);
            let at = |offset| map.positions(&[offset])[0];
            assert_eq!(at(b), Position::new(0, b_at), "{encoding:?}");
            assert_eq!(at(x), Position::new(0, x_at), "{encoding:?}");
            assert_eq!(map.offset(Position::new(0, b_at)), b, "{encoding:?}");
            assert_eq!(map.offset(Position::new(0, x_at)), x, "{encoding:?}");
            assert_eq!(map.positions(&[x, b]), [at(x), at(b)]);
        }
    }

    #[test]
    fn offsets_clamp_to_lines_and_characters() {
        let (index, encoding) = map(PositionEncoding::Utf16);
        let map = PositionMap::new(TEXT, &index, encoding);
        // Past the end of the first line: before its "\r\n".
        assert_eq!(map.offset(Position::new(0, 99)), TEXT.find('\r').unwrap());
        // Inside the emoji's surrogate pair: the emoji's start.
        assert_eq!(map.offset(Position::new(0, 2)), 1);
        assert_eq!(map.offset(Position::new(9, 0)), TEXT.len());
        assert_eq!(map.positions(&[TEXT.len()]), [Position::new(1, 6)]);
    }

    /// The position of every character boundary of `text`, counted the
    /// plain way, character by character; `None` between the `\r` and the
    /// `\n` of a `\r\n`, which no position names.
    fn reference(text: &str, encoding: PositionEncoding) -> Vec<(usize, Option<Position>)> {
        let mut positions = Vec::new();
        let (mut line, mut character) = (0, 0);
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            positions.push((at, Some(Position::new(line, character))));
            let next = chars.peek().map(|&(_, next)| next);
            if c == '\r' && next == Some('\n') {
                positions.push((at + 1, None));
                chars.next();
            }
            if c == '\n' || c == '\r' {
                (line, character) = (line + 1, 0);
            } else {
                character += encoding.char_units(c) as u32;
            }
        }
        positions.push((text.len(), Some(Position::new(line, character))));
        positions
    }

    #[test]
    fn cr_lf_and_crlf_all_end_lines_both_ways() {
        // Bare `\r`, `\n`, `\r\n`, `\r\r\n`, `\n\r`, an emoji, combining
        // marks, and a bare `\r` last.
        let text =
            "a\u{1F44D}b\re\u{301}\u{302}x\r\ny\n\u{1F469}\u{200D}\u{1F52C}\r\r\nz\n\r\u{E9}\r";
        let index = LineIndex::new_with_bare_cr(text);
        for encoding in [PositionEncoding::Utf8, PositionEncoding::Utf16] {
            let map = PositionMap::new(text, &index, encoding);
            let expected = reference(text, encoding);
            let named: Vec<(usize, Position)> = expected
                .iter()
                .filter_map(|&(offset, position)| Some((offset, position?)))
                .collect();
            let offsets: Vec<usize> = named.iter().map(|&(offset, _)| offset).collect();
            let positions: Vec<Position> = named.iter().map(|&(_, position)| position).collect();
            assert_eq!(map.positions(&offsets), positions, "{encoding:?}");
            let mut reversed = offsets.clone();
            reversed.reverse();
            let mut backwards = positions.clone();
            backwards.reverse();
            assert_eq!(map.positions(&reversed), backwards, "{encoding:?}");
            for &(offset, position) in &named {
                assert_eq!(map.offset(position), offset, "{encoding:?} {position:?}");
            }
        }
        let map = PositionMap::new(text, &index, PositionEncoding::Utf16);
        // "b\r": the first line ends at its bare `\r`.
        assert_eq!(
            map.offset(Position::new(0, 99)),
            text.find('\r').unwrap_or(0)
        );
        assert_eq!(
            map.positions(&[text.find('x').unwrap_or(0)]),
            [Position::new(1, 3)]
        );
        // Eight line breaks, the last a bare `\r`: an empty ninth line.
        assert_eq!(map.positions(&[text.len()]), [Position::new(8, 0)]);
        assert_eq!(map.offset(Position::new(8, 0)), text.len());
    }

    #[test]
    fn utf8_is_chosen_only_when_offered() {
        let offered = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(
            PositionEncoding::negotiate(Some(&offered)),
            PositionEncoding::Utf8
        );
        assert_eq!(PositionEncoding::negotiate(None), PositionEncoding::Utf16);
        assert_eq!(
            PositionEncoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            PositionEncoding::Utf16
        );
    }
}
