//! `mojibake`: UTF-8 text that was decoded as Windows-1252 or Latin-1 and
//! encoded again ("â€™" for ’, "Ã©" for é), and U+FFFD replacement characters.

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::{Edit, Fix};
use crate::rules::invisible_character::is_bidi_control;
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};

declare_rule! {
    /// ## What it does
    /// Finds mojibake: UTF-8 bytes that were read as Windows-1252 (or Latin-1)
    /// and written out again, so "’" became "â€™", "é" became "Ã©", "“…”"
    /// became "â€œâ€¦â€\u{9d}" and a no-break space became "Â ". Runs encoded
    /// twice are repaired one layer per pass. U+FFFD replacement characters
    /// ("�"), where the original bytes are lost, are reported without a fix.
    ///
    /// A sequence counts only when it starts with one of the characters that
    /// such damage produces ("Â", "Ã", "â"), or when two damaged characters
    /// follow each other, and only when re-decoding gives a plausible
    /// character. Real French, German, Portuguese, Vietnamese, Turkish and
    /// Polish text stays clean.
    ///
    /// ## Why is this bad?
    /// The text is garbled for every reader, and search and spell checking
    /// fail on every damaged word.
    ///
    /// ## Example
    /// ```text
    /// The cafÃ© doesnâ€™t open on Sundays.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The café doesn’t open on Sundays.
    /// ```
    ///
    /// ## Fix safety
    /// The fix re-decodes the span: its characters, mapped back to the bytes
    /// Windows-1252 gives them, are valid UTF-8. It is safe when the sequence
    /// starts with "Â", "Ã" or "â" (the classic signatures); other sequences
    /// get an unsafe fix.
    pub(crate) const META = {
        name: "mojibake",
        category: Encoding,
        severity: Warning,
        fix: Sometimes,
    }
}

/// The mojibake rule.
pub(crate) struct Mojibake;

impl Mojibake {
    /// The rule; it takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        Ok(Self)
    }
}

/// The byte that Windows-1252 (or, for C1 controls, Latin-1) encodes `c` as.
fn cp1252_byte(c: char) -> Option<u8> {
    if let Ok(byte) = u8::try_from(u32::from(c)) {
        return Some(byte);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Whether a re-decoded character is one that text plausibly contains:
/// Latin letters and symbols, general punctuation, currency, Greek, Cyrillic.
/// The bidi embedding and override controls (U+202A–U+202E) in General
/// Punctuation are not: a safe fix must never write them into a text.
fn is_plausible(c: char) -> bool {
    matches!(c, '\u{A0}'..='\u{24F}' | '\u{370}'..='\u{52F}' | '\u{1E00}'..='\u{1EFF}' | '\u{2010}'..='\u{205E}' | '\u{20A0}'..='\u{20C0}' | '\u{2100}'..='\u{214F}')
        && !is_bidi_control(c)
}

/// The UTF-8 character encoded by the mojibake at the start of `text`, with
/// the number of bytes of `text` it spans.
fn decode_at(text: &str) -> Option<(char, usize)> {
    let mut chars = text.chars();
    let lead = cp1252_byte(chars.next()?)?;
    let length = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![lead];
    let mut consumed = text.chars().next()?.len_utf8();
    for c in chars.take(length - 1) {
        let byte = cp1252_byte(c)?;
        if !(0x80..=0xBF).contains(&byte) {
            return None;
        }
        bytes.push(byte);
        consumed += c.len_utf8();
    }
    if bytes.len() != length {
        return None;
    }
    let decoded = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    is_plausible(decoded).then_some((decoded, consumed))
}

/// The characters mojibake typically starts with.
fn is_signature(c: char) -> bool {
    matches!(c, 'Â' | 'Ã' | 'â')
}

impl Rule for Mojibake {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        if document.is_ascii() {
            return;
        }
        // Every damaged character starts with a Latin-1 character from Â to
        // ô (its bytes are a UTF-8 lead byte read as cp1252), encoded C3 xx;
        // U+FFFD is EF BF BD. Nothing else can start a finding.
        let mut offset = 0;
        for candidate in memchr::memchr2_iter(0xC3, 0xEF, text.as_bytes()) {
            if candidate < offset {
                continue;
            }
            offset = candidate;
            let rest = &text[offset..];
            let Some(first) = rest.chars().next() else {
                break;
            };
            if first == '\u{FFFD}' {
                let span = Span::new(offset, offset + first.len_utf8());
                out.push(Diagnostic::new(META.name, META.severity, "replacement character U+FFFD: the original character was lost in a conversion", span).with_help("restore the character from the source"));
                offset = span.end;
                continue;
            }
            // A run of consecutive damaged characters.
            let mut run_end = offset;
            let mut decoded = String::new();
            let mut count = 0;
            let mut all_signatures = true;
            while let Some((c, length)) = decode_at(&text[run_end..]) {
                all_signatures &= text[run_end..].chars().next().is_some_and(is_signature);
                decoded.push(c);
                run_end += length;
                count += 1;
            }
            if count == 0 || !(all_signatures || count >= 2) {
                continue;
            }
            let span = Span::new(offset, run_end);
            let message = format!(
                "mojibake: \"{}\" should read \"{decoded}\"",
                &text[span.range()]
            );
            let edits = vec![Edit::replace(span, decoded)];
            let fix = if all_signatures {
                Fix::safe("re-decode as UTF-8", edits)
            } else {
                Fix::unsafe_("re-decode as UTF-8", edits)
            };
            out.push(Diagnostic::new(META.name, META.severity, message, span).with_fix(fix));
            offset = run_end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;
    use crate::rules::test_support::{assert_clean, flagged};
    use crate::Linter;

    fn rule() -> Mojibake {
        Mojibake::new(&RuleOptions::new()).expect("no options")
    }

    #[test]
    fn flags_classic_mojibake() {
        assert_eq!(
            flagged(&rule(), "cafÃ© doesnâ€™t â€œquoteâ€\u{9d} 5Â\u{a0}km �"),
            ["Ã©", "â€™", "â€œ", "â€\u{9d}", "Â\u{a0}", "�"]
        );
    }

    /// Issue 11 (found by the `lint` fuzz target): "â€\u{AD}" is U+202D
    /// LEFT-TO-RIGHT OVERRIDE read as cp1252; re-decoding it wrote a bidi
    /// control into the text with a safe fix.
    #[test]
    fn issue_11_never_decodes_into_bidi_controls() {
        for control in '\u{202A}'..='\u{202E}' {
            let damaged: String = control.to_string().bytes().filter_map(|byte| {
                (0x20..=0xFF).map(char::from).find(|&c| cp1252_byte(c) == Some(byte))
            }).collect();
            assert_eq!(damaged.chars().count(), 3, "{control:?}");
            assert!(decode_at(&damaged).is_none(), "{damaged:?}");
            assert!(flagged(&rule(), &format!("x {damaged} y")).is_empty());
        }
        assert_eq!(flagged(&rule(), "â€\u{AD}"), Vec::<String>::new());
        assert_eq!(decode_at("â€“").map(|(c, _)| c), Some('–'));
    }

    #[test]
    fn double_encoding_is_undone_pass_by_pass() {
        let linter = Linter::with_rules(vec![Box::new(rule())]);
        let once: String = "é".bytes().map(char::from).collect(); // "Ã©"
        let twice: String = once
            .chars()
            .flat_map(|c| c.to_string().into_bytes())
            .map(char::from)
            .collect();
        let fixed = linter
            .fix(&format!("caf{twice}"), Applicability::Safe)
            .expect("converges");
        assert_eq!(fixed.text, "café");
    }

    #[test]
    fn real_european_text_is_clean() {
        assert_clean(
            &rule(),
            &[
                "Ça coûte trois euros, à Paris.",
                "Größe, Übung, „Anführung“",
                "ÄÖÜ Ärger",
                "NÃO é assim",
                "Tiếng Việt",
                "İstanbul’da çay",
                "Zażółć gęślą jaźń",
                "© 2024 ® ™ – —",
            ],
        );
    }
}
