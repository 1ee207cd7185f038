//! `unused-suppression`: a suppression comment that suppresses nothing.
//!
//! The linter, not this rule's `check`, finds these: it needs every other
//! rule's diagnostics first (see `crate::suppression`).

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::{deletion_with_separator, Edit, Fix};
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};
use crate::suppression::Suppression;

declare_rule! {
    /// ## What it does
    /// Finds `<!-- copydesk-disable … -->` and `<!-- copydesk-disable-next-line
    /// … -->` comments that suppress nothing: the problem they were written for
    /// is gone, or they name a rule that no longer reports there.
    ///
    /// ## Why is this bad?
    /// Stale suppressions pile up and hide the next real problem at that place.
    /// A suppression naming a rule that is not running is not reported.
    ///
    /// ## Example
    /// ```text
    /// <!-- copydesk-disable -->
    /// The harbour festival returns in August.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The harbour festival returns in August.
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the comment and one separator next to it. It is safe:
    /// the comment changes nothing today.
    pub(crate) const META = {
        name: "unused-suppression",
        category: Artefact,
        severity: Warning,
        fix: Always,
    }
}

/// The unused-suppression rule (its diagnostics are made by the linter).
pub(crate) struct UnusedSuppression;

impl UnusedSuppression {
    /// The rule; it takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        Ok(Self)
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, _document: &Document, _out: &mut Vec<Diagnostic>) {}
}

/// The diagnostic for an unused `suppression` in `text`; the fix deletes the
/// comment and the `copydesk-enable` comment that closes it.
pub(crate) fn diagnostic(
    text: &str,
    suppression: &Suppression,
    structure: &[Range<usize>],
) -> Diagnostic {
    let comment = &text[suppression.comment.range()];
    // The comment goes with the space or line break next to it, unless that
    // would reach into a Markdown block (`structure`) other than the
    // comment's own: a code block whose blank line or indentation went
    // would become prose.
    let deletion = |comment: Span| {
        let with_separator = deletion_with_separator(text, comment);
        let disturbs = structure.iter().any(|range| {
            let own = range.start <= comment.start && comment.end <= range.end;
            !own && range.start < with_separator.end && with_separator.start < range.end
        });
        if disturbs {
            comment
        } else {
            with_separator
        }
    };
    let mut edits = vec![Edit::delete(deletion(suppression.comment))];
    if let Some(closing) = suppression.closing {
        let deletion = deletion(closing);
        if edits[0].end <= deletion.start {
            edits.push(Edit::delete(deletion));
        }
    }
    Diagnostic::new(
        META.name,
        META.severity,
        format!("unused suppression: \"{comment}\""),
        suppression.comment,
    )
    .with_fix(Fix::safe("delete the comment", edits))
}
