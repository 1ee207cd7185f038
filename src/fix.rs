//! Repairs: [`Edit`], [`Fix`], [`Applicability`], and applying fixes until the text is stable.
//!
//! Fixes are applied the way ruff applies them: sorted by position, a fix that
//! overlaps one already applied waits for the next pass, and the text is linted
//! again after every pass until no fix applies (at most [`MAX_PASSES`] passes).
//! Bytes outside the edits are copied unchanged.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Span};
use crate::error::Error;

/// How many lint-and-fix passes may run before giving up.
pub const MAX_PASSES: usize = 100;

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
/// line break; at the start of the text, the whitespace after goes too.
pub fn deletion_with_separator(text: &str, span: Span) -> Span {
    let before = text[..span.start].len() - text[..span.start].trim_end().len();
    let after = text[span.end..].len() - text[span.end..].trim_start().len();
    let at_start = span.start == before;
    let at_end = span.end + after == text.len();
    let breaks = |gap: &str| gap.matches('\n').count();
    let keep_after = !at_start
        && (at_end
            || breaks(&text[span.end..span.end + after])
                > breaks(&text[span.start - before..span.start]));
    if keep_after {
        Span::new(span.start - before, span.end)
    } else {
        Span::new(span.start, span.end + after)
    }
}

/// The text after one pass of fixes and what was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedFixes {
    /// The new text.
    pub text: String,
    /// How many fixes were applied, per rule name.
    pub per_rule: BTreeMap<String, usize>,
}

impl AppliedFixes {
    /// How many fixes were applied in all.
    pub fn count(&self) -> usize {
        self.per_rule.values().sum()
    }
}

/// Applies, in one pass, every fix of `diagnostics` allowed at `level` that
/// does not overlap a fix applied before it. Overlapping fixes are left for
/// the next pass; invalid fixes are never applied.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], level: Applicability) -> AppliedFixes {
    let mut candidates: Vec<(&Diagnostic, &Fix, Span)> = diagnostics
        .iter()
        .filter_map(|diagnostic| {
            let fix = diagnostic.fix.as_ref()?;
            let extent = fix.extent()?;
            (fix.applies(level) && fix.is_valid_for(text)).then_some((diagnostic, fix, extent))
        })
        .collect();
    candidates
        .sort_by(|a, b| (a.2.start, a.2.end, &a.0.rule).cmp(&(b.2.start, b.2.end, &b.0.rule)));

    let mut output = String::with_capacity(text.len());
    let mut per_rule = BTreeMap::new();
    let mut copied_up_to = 0;
    let mut last_end: Option<usize> = None;
    for (diagnostic, fix, extent) in candidates {
        // Touching counts as overlapping: two edits at one place could be ordered either way.
        if last_end.is_some_and(|end| extent.start <= end) {
            continue;
        }
        for edit in &fix.edits {
            output.push_str(&text[copied_up_to..edit.start]);
            output.push_str(&edit.replacement);
            copied_up_to = edit.end;
        }
        last_end = Some(extent.end);
        *per_rule.entry(diagnostic.rule.to_string()).or_insert(0) += 1;
    }
    output.push_str(&text[copied_up_to..]);
    AppliedFixes {
        text: output,
        per_rule,
    }
}

/// The outcome of fixing a text until no more fixes apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    /// The fixed text.
    pub text: String,
    /// Fixes applied, per rule name, over all passes.
    pub fixed: BTreeMap<String, usize>,
    /// The diagnostics of the fixed text.
    pub remaining: Vec<Diagnostic>,
    /// The diagnostics of the original text (the first pass's), so that
    /// `--diff` need not lint it again.
    pub found: Vec<Diagnostic>,
}

/// Lints `text` with `lint`, applies fixes at `level`, and repeats until a pass
/// applies nothing. Fails if the text is still changing after [`MAX_PASSES`].
pub fn fix_until_stable(
    text: &str,
    level: Applicability,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> Result<FixOutcome, Error> {
    let mut current = text.to_owned();
    let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
    let found = lint(&current);
    let mut diagnostics = found.clone();
    for _ in 0..MAX_PASSES {
        let applied = apply_fixes(&current, &diagnostics, level);
        if applied.count() == 0 || applied.text == current {
            return Ok(FixOutcome {
                text: current,
                fixed,
                remaining: diagnostics,
                found,
            });
        }
        for (rule, count) in applied.per_rule {
            *fixed.entry(rule).or_insert(0) += count;
        }
        current = applied.text;
        diagnostics = lint(&current);
    }
    Err(Error::FixDidNotConverge {
        passes: MAX_PASSES,
        rules: fixed.into_keys().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn fixable(start: usize, end: usize, replacement: &str) -> Diagnostic {
        Diagnostic::new("test-rule", Severity::Warning, "m", Span::new(start, end)).with_fix(
            Fix::safe("f", vec![Edit::replace(Span::new(start, end), replacement)]),
        )
    }

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
    }

    #[test]
    fn applies_edits_and_keeps_other_bytes() {
        let text = "don t worry, it s fine";
        let applied = apply_fixes(
            text,
            &[fixable(3, 4, "'"), fixable(15, 16, "'")],
            Applicability::Safe,
        );
        assert_eq!(applied.text, "don't worry, it's fine");
        assert_eq!(applied.count(), 2);
    }

    #[test]
    fn overlapping_fix_waits_for_next_pass() {
        let text = "abcdef";
        let applied = apply_fixes(
            text,
            &[fixable(1, 4, "X"), fixable(2, 5, "Y")],
            Applicability::Safe,
        );
        assert_eq!(applied.text, "aXef");
        assert_eq!(applied.count(), 1);
    }

    #[test]
    fn fix_at_offset_zero_is_applied_once() {
        let applied = apply_fixes(
            "abc",
            &[fixable(0, 1, "X"), fixable(0, 1, "Y")],
            Applicability::Safe,
        );
        assert_eq!(applied.text, "Xbc");
    }

    #[test]
    fn unsafe_fix_needs_unsafe_level() {
        let diagnostic = Diagnostic::new("r", Severity::Warning, "m", Span::new(0, 1))
            .with_fix(Fix::unsafe_("f", vec![Edit::delete(Span::new(0, 1))]));
        let diagnostics = [diagnostic];
        assert_eq!(
            apply_fixes("ab", &diagnostics, Applicability::Safe).text,
            "ab"
        );
        assert_eq!(
            apply_fixes("ab", &diagnostics, Applicability::Unsafe).text,
            "b"
        );
    }

    #[test]
    fn invalid_fixes_are_skipped() {
        // Out of bounds, and inside the two bytes of "é".
        let diagnostics = [fixable(2, 9, ""), fixable(1, 2, "")];
        assert_eq!(
            apply_fixes("é", &diagnostics, Applicability::Safe).text,
            "é"
        );
    }

    #[test]
    fn a_fix_that_never_settles_is_an_error() {
        let result = fix_until_stable("x", Applicability::Safe, |text| {
            vec![fixable(0, 0, "x").with_help(text.len().to_string())]
        });
        assert!(matches!(result, Err(Error::FixDidNotConverge { .. })));
    }
}
