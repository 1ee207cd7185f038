//! Text a person reads on a terminal must not act on it: escape sequences
//! (clear screen, window title, OSC 52 clipboard writes), BEL, a bare
//! carriage return, and bidirectional controls that reorder what is shown.
//! Every printer passes scraped text and file names through here.

use std::borrow::Cow;

use crate::rules::invisible_character::is_bidi_control;

/// Whether `c` could act on a terminal or reorder the text around it:
/// C0 controls other than tab and line feed, DEL, C1 controls, and the
/// bidirectional embeddings, overrides and isolates.
pub fn is_dangerous(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n')) || is_bidi_control(c)
}

/// `text` with every dangerous character written as a visible escape
/// (`\u{1b}`), for messages and file names.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_dangerous(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// `text` with every dangerous character replaced by a visible character of
/// the same length in bytes (`?`, `·` or `�`), so that byte offsets into
/// `text` still point at the same characters: for source snippets. A carriage
/// return before a line feed is a line ending and stays.
pub fn same_length(text: &str) -> Cow<'_, str> {
    let needs = text
        .char_indices()
        .any(|(offset, c)| is_replaced(text, offset, c));
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len());
    for (offset, c) in text.char_indices() {
        if !is_replaced(text, offset, c) {
            shown.push(c);
            continue;
        }
        shown.push(match c.len_utf8() {
            1 => '?',
            2 => '\u{B7}',
            _ => '\u{FFFD}',
        });
    }
    Cow::Owned(shown)
}

fn is_replaced(text: &str, offset: usize, c: char) -> bool {
    is_dangerous(c) && !(c == '\r' && text.as_bytes().get(offset + 1) == Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_and_keeps_the_rest() {
        assert_eq!(escaped("plain é\ttext\n"), "plain é\ttext\n");
        assert_eq!(
            escaped("a\u{1b}]52;c;x\u{7}b\u{202E}c\rd\u{85}"),
            "a\\u{1b}]52;c;x\\u{7}b\\u{202e}c\\u{d}d\\u{85}"
        );
    }

    #[test]
    fn same_length_keeps_every_offset() {
        let text = "a\u{1b}[2Jb\u{85}c\u{202E}d\r\ne\rf";
        let shown = same_length(text);
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown, "a?[2Jb\u{B7}c\u{FFFD}d\r\ne?f");
        for (offset, _) in text.char_indices() {
            assert!(shown.is_char_boundary(offset));
        }
    }
}
