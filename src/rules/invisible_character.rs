//! `invisible-character`: zero-width characters, soft hyphens, stray byte
//! order marks and bidirectional controls.

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::{Edit, Fix};
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};

declare_rule! {
    /// ## What it does
    /// Finds characters that take no space on screen: zero width space, zero
    /// width joiner and non-joiner where they join nothing, word joiner, soft
    /// hyphen, invisible operators, a byte order mark after the start of the
    /// text, and — as errors — the bidirectional controls U+202A–U+202E and
    /// U+2066–U+2069. A joiner inside an emoji sequence, a non-joiner or joiner
    /// between letters of scripts that use them (Persian, Arabic, Indic
    /// scripts), and a zero width space between Thai, Lao, Khmer or Myanmar
    /// letters (where it marks word breaks) are left alone.
    ///
    /// ## Why is this bad?
    /// Invisible characters break search ("co\u{200b}operation" does not match
    /// "cooperation"), word counts and spell checking. Bidirectional controls
    /// make text display in a different order from how it is stored (the
    /// "Trojan Source" attack), so what a reviewer reads is not what a program
    /// gets.
    ///
    /// ## Example
    /// ```text
    /// The ferry​timetable changes in May.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The ferrytimetable changes in May.
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the characters. It is safe, except for bidirectional
    /// controls: right-to-left text may need them to display correctly, so
    /// that fix is unsafe.
    pub(crate) const META = {
        name: "invisible-character",
        category: Encoding,
        severity: Warning,
        fix: Always,
    }
}

/// The invisible-character rule.
pub(crate) struct InvisibleCharacter;

impl InvisibleCharacter {
    /// The rule; it takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        Ok(Self)
    }
}

/// The name of an invisible character, or `None` for a visible one.
pub(crate) fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "zero width space",
        '\u{200C}' => "zero width non-joiner",
        '\u{200D}' => "zero width joiner",
        '\u{2060}' => "word joiner",
        '\u{00AD}' => "soft hyphen",
        '\u{FEFF}' => "byte order mark",
        '\u{180E}' => "Mongolian vowel separator",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        _ => return None,
    })
}

/// The bidirectional embeddings, overrides and isolates, which reorder how
/// the text around them displays.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Pictographs and their modifiers, which emoji sequences join with U+200D.
fn is_emoji_part(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}')
}

/// Letters of scripts whose spelling uses joiners and non-joiners.
fn joins_in_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '\u{0900}'..='\u{0DFF}')
}

/// Letters of scripts written without spaces, where U+200B marks word breaks.
fn breaks_words_in_script(c: char) -> bool {
    matches!(c, '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}')
}

/// Whether the invisible `c`, between `before` and `after`, does a job there.
fn is_meaningful(c: char, offset: usize, before: Option<char>, after: Option<char>) -> bool {
    let both = |test: fn(char) -> bool| before.is_some_and(test) && after.is_some_and(test);
    match c {
        '\u{FEFF}' => offset == 0,
        '\u{200D}' => both(is_emoji_part) || both(joins_in_script),
        '\u{200C}' => both(joins_in_script),
        '\u{200B}' => both(breaks_words_in_script),
        _ => false,
    }
}

impl Rule for InvisibleCharacter {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        // All the characters are outside ASCII: look only there.
        for (offset, c) in document.non_ascii_chars() {
            let Some(name) = invisible_name(c) else {
                continue;
            };
            let previous = text[..offset].chars().next_back();
            let after = text[offset + c.len_utf8()..].chars().next();
            if is_meaningful(c, offset, previous, after) {
                continue;
            }
            let span = Span::new(offset, offset + c.len_utf8());
            let code = format!("U+{:04X}", u32::from(c));
            let diagnostic = if is_bidi_control(c) {
                Diagnostic::new(META.name, Severity::Error, format!("bidirectional control {code} ({name}): the text displays in a different order from how it is stored"), span)
                    .with_fix(Fix::unsafe_("delete the control character", vec![Edit::delete(span)]))
            } else {
                Diagnostic::new(
                    META.name,
                    META.severity,
                    format!("invisible character {code} ({name})"),
                    span,
                )
                .with_fix(Fix::safe(
                    "delete the invisible character",
                    vec![Edit::delete(span)],
                ))
            };
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{assert_clean, flagged};

    fn rule() -> InvisibleCharacter {
        InvisibleCharacter::new(&RuleOptions::new()).expect("no options")
    }

    #[test]
    fn flags_invisible_and_bidi_characters() {
        assert_eq!(
            flagged(&rule(), "co\u{200B}op, soft\u{00AD}ware, \u{202E}evil").len(),
            3
        );
        assert_eq!(flagged(&rule(), "x\u{FEFF}y").len(), 1);
    }

    #[test]
    fn leaves_characters_that_do_a_job() {
        assert_clean(
            &rule(),
            &[
                "\u{FEFF}A leading byte order mark",
                "family 👨\u{200D}👩\u{200D}👧 emoji",
                "می\u{200C}خواهم",
                "ภาษา\u{200B}ไทย",
            ],
        );
    }
}
