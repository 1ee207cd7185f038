//! Repairs: [`Edit`], [`Fix`], [`Applicability`] and [`FixAvailability`].
//! Applying them pass by pass is [`crate::fix_loop`]'s job.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::source::Span;

/// Replace the bytes `[start, end)` with `replacement`. An empty range inserts;
/// an empty replacement deletes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// Offset of the first byte replaced.
    pub start: usize,
    /// Offset one past the last byte replaced.
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

impl Edit {
    /// Replace `span` with `replacement`.
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Self {
            start: span.start,
            end: span.end,
            replacement: replacement.into(),
        }
    }

    /// Delete the bytes of `span`.
    pub fn delete(span: Span) -> Self {
        Self::replace(span, "")
    }

    /// Insert `text` before the byte at `offset`.
    pub fn insert(offset: usize, text: impl Into<String>) -> Self {
        Self::replace(Span::new(offset, offset), text)
    }

    /// The replaced range as a span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Whether a fix can be applied without a human looking at it.
///
/// Ordered so that "applies at this level" is one comparison: `Unsafe < Safe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Might remove or change something a reader needs; applied only with `--unsafe-fixes`.
    Unsafe,
    /// Cannot lose anything a reader needs; applied by `--fix`.
    Safe,
}

impl Applicability {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Whether a rule offers fixes: declared in its metadata and checked by the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    /// Every diagnostic of the rule carries a fix.
    Always,
    /// Some diagnostics carry a fix.
    Sometimes,
    /// The rule never offers a fix.
    None,
}

impl FixAvailability {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Always => "always",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::None => "none",
        }
    }
}

/// A repair for one diagnostic: one or more non-overlapping edits applied together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// Whether it may be applied by `--fix` or only by `--unsafe-fixes`.
    pub applicability: Applicability,
    /// What the fix does, as an imperative ("restore apostrophe").
    pub message: Cow<'static, str>,
    /// The edits, sorted by position.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A safe fix made of `edits`.
    pub fn safe(message: impl Into<Cow<'static, str>>, edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Safe, message, edits)
    }

    /// An unsafe fix made of `edits`.
    pub fn unsafe_(message: impl Into<Cow<'static, str>>, edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Unsafe, message, edits)
    }

    /// A fix with the given applicability; the edits are sorted by position.
    pub fn new(
        applicability: Applicability,
        message: impl Into<Cow<'static, str>>,
        mut edits: Vec<Edit>,
    ) -> Self {
        edits.sort_by_key(|edit| (edit.start, edit.end));
        Self {
            applicability,
            message: message.into(),
            edits,
        }
    }

    /// Whether the fix may be applied when fixes down to `level` were asked for.
    pub fn applies(&self, level: Applicability) -> bool {
        self.applicability >= level
    }

    /// The range from the first edit's start to the last edit's end.
    pub fn extent(&self) -> Option<Span> {
        let first = self.edits.first()?;
        let end = self.edits.iter().map(|edit| edit.end).max()?;
        Some(Span::new(first.start, end))
    }

    /// Whether every edit lies inside `text`, on character boundaries, sorted
    /// and without overlapping another. Fixes that fail this are never applied.
    pub fn is_valid_for(&self, text: &str) -> bool {
        let mut previous_end = 0;
        for (index, edit) in self.edits.iter().enumerate() {
            let in_bounds = edit.start <= edit.end && edit.end <= text.len();
            if !in_bounds || !text.is_char_boundary(edit.start) || !text.is_char_boundary(edit.end)
            {
                return false;
            }
            if index > 0 && edit.start < previous_end {
                return false;
            }
            previous_end = edit.end;
        }
        !self.edits.is_empty()
    }
}

/// The range to delete to remove `span` from `text` together with one of the
/// runs of whitespace around it, so no double space or extra blank line is
/// left: the run with more line breaks is kept, and so is the text's final
/// line break; at the start of the text, the whitespace after goes too, and
/// before a closing sign that follows with no space ("…road, and"), the
/// spaces before on the same line.
pub fn deletion_with_separator(text: &str, span: Span) -> Span {
    let before = text[..span.start].len() - text[..span.start].trim_end().len();
    let after = text[span.end..].len() - text[span.end..].trim_start().len();
    let at_start = span.start == before;
    let at_end = span.end + after == text.len();
    let breaks = |gap: &str| gap.matches('\n').count();
    let closing_sign_follows = after == 0
        && breaks(&text[span.start - before..span.start]) == 0
        && text[span.end..].starts_with(is_closing_sign);
    let keep_after = !at_start
        && (at_end
            || closing_sign_follows
            || breaks(&text[span.end..span.end + after])
                > breaks(&text[span.start - before..span.start]));
    if keep_after {
        Span::new(span.start - before, span.end)
    } else {
        Span::new(span.start, span.end + after)
    }
}

/// Whether `c` closes a clause or a bracket and is written without a space
/// before it.
fn is_closing_sign(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '\u{2026}' | '\u{201d}' | '\u{2019}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_keeps_one_separator() {
        let cut = |text: &str, piece: &str| {
            let start = text.find(piece).unwrap();
            let span = deletion_with_separator(text, Span::new(start, start + piece.len()));
            format!("{}{}", &text[..span.start], &text[span.end..])
        };
        assert_eq!(cut("one two three", "two"), "one three");
        assert_eq!(cut("one\n\ntwo\n\nthree\n", "two"), "one\n\nthree\n");
        assert_eq!(cut("one two\n", "two"), "one\n");
        assert_eq!(cut("one two\n\nthree", "two"), "one\n\nthree");
        assert_eq!(cut("one\ntwo\n", "one"), "two\n");
        assert_eq!(cut("the road again, and", "again"), "the road, and");
        assert_eq!(cut("scripts.\n\nrun(). It", "run"), "scripts.\n\n(). It");
        assert_eq!(cut("call it again(). It", "again"), "call it (). It");
    }
}
