//! `unicode-normalization`: text that is not in Unicode Normalization Form C.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::{Edit, Fix};
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};

declare_rule! {
    /// ## What it does
    /// Finds characters that are not in Unicode Normalization Form C (NFC):
    /// typically accents stored as a separate combining mark after the letter
    /// ("e" + U+0301 instead of "é"), as macOS file names and some copy-paste
    /// paths produce them.
    ///
    /// ## Why is this bad?
    /// The two forms look identical but compare differently: search, sorting,
    /// deduplication and spell checking treat "café" and "café" as different
    /// words.
    ///
    /// ## Example
    /// ```text
    /// We met at the café on the corner.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// We met at the café on the corner.
    /// ```
    ///
    /// ## Fix safety
    /// The fix replaces each span with its NFC form. It is safe: NFC is
    /// canonically equivalent, so the text reads and renders the same.
    pub(crate) const META = {
        name: "unicode-normalization",
        category: Encoding,
        severity: Warning,
        fix: Always,
    }
}

/// The unicode-normalization rule.
pub(crate) struct UnicodeNormalizationRule;

impl UnicodeNormalizationRule {
    /// The rule; it takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        Ok(Self)
    }
}

/// Whether `c` starts a new normalization segment (a starter that NFC
/// leaves alone whatever follows it is not guaranteed, so segments run from
/// one combining-class-0 character to the next).
fn is_starter(c: char) -> bool {
    canonical_combining_class(c) == 0
}

/// Compares each segment of `text[range]` with its NFC form, adding the
/// changed ones to `changed` (merged with a changed segment just before).
fn normalize_segments(text: &str, range: Range<usize>, changed: &mut Vec<(Span, String)>) {
    let mut segment_start = range.start;
    let mut iter = text[range.clone()]
        .char_indices()
        .map(|(offset, c)| (range.start + offset, c))
        .peekable();
    while iter.next().is_some() {
        let at_boundary = iter.peek().is_none_or(|&(_, next)| is_starter(next));
        if !at_boundary {
            continue;
        }
        let end = iter.peek().map_or(range.end, |&(next, _)| next);
        let segment = &text[segment_start..end];
        if !segment.is_ascii() {
            let normalized: String = segment.nfc().collect();
            if normalized != segment {
                match changed.last_mut() {
                    Some((span, replacement)) if span.end == segment_start => {
                        span.end = end;
                        replacement.push_str(&normalized);
                    }
                    _ => changed.push((Span::new(segment_start, end), normalized)),
                }
            }
        }
        segment_start = end;
    }
}

impl Rule for UnicodeNormalizationRule {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        // ASCII characters are starters that NFC leaves alone, so the quick
        // check need only see the characters outside ASCII.
        if is_nfc_quick(document.non_ascii_chars().map(|(_, c)| c)) == IsNormalized::Yes {
            return;
        }
        // Walk segments (a starter and the non-starters after it) and compare
        // each with its NFC form; neighbouring changed segments are merged.
        // Only stretches of non-ASCII characters, with the character before
        // them (an ASCII letter may take an accent), can change.
        let mut changed: Vec<(Span, String)> = Vec::new();
        let mut non_ascii = document.non_ascii_chars().peekable();
        while let Some((first, c)) = non_ascii.next() {
            let start = text[..first]
                .char_indices()
                .next_back()
                .map_or(first, |(offset, _)| offset);
            let mut end = first + c.len_utf8();
            while let Some(&(next, c)) = non_ascii.peek() {
                if next != end {
                    break;
                }
                end += c.len_utf8();
                non_ascii.next();
            }
            normalize_segments(text, start..end, &mut changed);
        }
        for (span, normalized) in changed {
            let original = &text[span.range()];
            let message = format!(
                "text not in NFC: \"{original}\" ({} code points; NFC has {})",
                original.chars().count(),
                normalized.chars().count()
            );
            out.push(
                Diagnostic::new(META.name, META.severity, message, span).with_fix(Fix::safe(
                    "normalize to NFC",
                    vec![Edit::replace(span, normalized)],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{assert_clean, flagged};

    fn rule() -> UnicodeNormalizationRule {
        UnicodeNormalizationRule::new(&RuleOptions::new()).expect("no options")
    }

    #[test]
    fn flags_decomposed_accents() {
        assert_eq!(
            flagged(&rule(), "cafe\u{301} and nai\u{308}ve"),
            ["e\u{301}", "i\u{308}"]
        );
    }

    #[test]
    fn composed_text_is_clean() {
        assert_clean(
            &rule(),
            &["café naïve Ångström", "Tiếng Việt có dấu", "plain ascii"],
        );
    }
}
