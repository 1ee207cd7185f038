//! Applying fixes until the text is stable.
//!
//! Fixes are applied the way ruff applies them: sorted by position, a fix that
//! overlaps one already applied waits for the next pass, and the text is linted
//! again after every pass until no fix applies (at most [`MAX_PASSES`] passes).
//! Bytes outside the edits are copied unchanged.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Span};
use crate::error::Error;
use crate::fix::{Applicability, Fix};

/// How many lint-and-fix passes may run before giving up.
pub const MAX_PASSES: usize = 100;

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
    // Where the last applied fix ends, and whether it inserts there.
    let mut last_end: Option<(usize, bool)> = None;
    for (diagnostic, fix, extent) in candidates {
        // Fixes that overlap wait for the next pass. Fixes that only touch
        // apply together (two copies side by side go in one pass), unless one
        // of them inserts at the shared offset: two insertions at one place,
        // or an insertion next to a replacement, could be ordered either way.
        let inserts_at_start = fix
            .edits
            .first()
            .is_some_and(|edit| edit.start == extent.start && edit.span().is_empty());
        let blocked = last_end.is_some_and(|(end, inserts_at_end)| {
            extent.start < end || (extent.start == end && (inserts_at_end || inserts_at_start))
        });
        if blocked {
            continue;
        }
        for edit in &fix.edits {
            output.push_str(&text[copied_up_to..edit.start]);
            output.push_str(&edit.replacement);
            copied_up_to = edit.end;
        }
        let inserts_at_end = fix
            .edits
            .last()
            .is_some_and(|edit| edit.end == extent.end && edit.span().is_empty());
        last_end = Some((extent.end, inserts_at_end));
        *per_rule.entry(diagnostic.rule.to_string()).or_insert(0) += 1;
    }
    output.push_str(&text[copied_up_to..]);
    AppliedFixes {
        text: output,
        per_rule,
    }
}

/// One pass of the fixes that each keep `keeps` when applied alone, applied
/// together if that keeps it too; otherwise nothing.
pub fn apply_fixes_keeping(
    text: &str,
    diagnostics: &[Diagnostic],
    level: Applicability,
    keeps: &impl Fn(&str, &str) -> bool,
) -> AppliedFixes {
    let kept: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|diagnostic| {
            let alone = apply_fixes(text, std::slice::from_ref(*diagnostic), level);
            alone.count() > 0 && keeps(text, &alone.text)
        })
        .cloned()
        .collect();
    let applied = apply_fixes(text, &kept, level);
    if keeps(text, &applied.text) {
        applied
    } else {
        AppliedFixes {
            text: text.to_owned(),
            per_rule: BTreeMap::new(),
        }
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
    text: impl Into<String>,
    level: Applicability,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> Result<FixOutcome, Error> {
    fix_until_stable_keeping(text, level, lint, |_, _| true)
}

/// [`fix_until_stable`], where a pass must also satisfy `keeps(before,
/// after)` — in Markdown, that no code block changed. A pass that breaks it
/// applies only the fixes that keep it one by one and together; if even
/// those break it, nothing is applied and the loop ends.
pub fn fix_until_stable_keeping(
    text: impl Into<String>,
    level: Applicability,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
    keeps: impl Fn(&str, &str) -> bool,
) -> Result<FixOutcome, Error> {
    // An owned text is fixed in place: on a long file, a copy kept beside
    // it would be one more text's worth of memory through every pass.
    let mut current = text.into();
    let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
    let found = lint(&current);
    let mut diagnostics = found.clone();
    for _ in 0..MAX_PASSES {
        let mut applied = apply_fixes(&current, &diagnostics, level);
        if applied.count() > 0 && !keeps(&current, &applied.text) {
            applied = apply_fixes_keeping(&current, &diagnostics, level, &keeps);
        }
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
    use crate::fix::Edit;

    fn fixable(start: usize, end: usize, replacement: &str) -> Diagnostic {
        Diagnostic::new("test-rule", Severity::Warning, "m", Span::new(start, end)).with_fix(
            Fix::safe("f", vec![Edit::replace(Span::new(start, end), replacement)]),
        )
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

    /// Issue 11, defect 10: copies side by side are deleted in one pass,
    /// while an insertion next to another edit still waits.
    #[test]
    fn touching_fixes_apply_together_unless_one_inserts() {
        let applied = apply_fixes(
            "aaabbbccc",
            &[fixable(3, 6, ""), fixable(6, 9, "")],
            Applicability::Safe,
        );
        assert_eq!((applied.text.as_str(), applied.count()), ("aaa", 2));
        let applied = apply_fixes(
            "abc",
            &[fixable(1, 2, ""), fixable(2, 2, "X")],
            Applicability::Safe,
        );
        assert_eq!((applied.text.as_str(), applied.count()), ("ac", 1));
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
