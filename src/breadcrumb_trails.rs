//! Breadcrumb trails, whatever step they start at: three or more
//! capitalised steps of up to four words between arrows, on a line of
//! their own ("World › Europe › Netherlands", "News > UK > Politics"). A
//! built-in detector of rule packs (`detect = ["breadcrumb-trails"]` in
//! `rules/README.md`); the `boilerplate` rule uses it, and its patterns
//! find the shorter trails that start at "Home" ("Home › Travel").
//!
//! Only lines that hold an arrow are read, so clean prose costs one byte
//! search. A comparison ("If a > b > c") has steps in small letters and
//! stays; so does a quotation in guillemets.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::document::lines_matching;

/// The last bytes of the arrows that separate a trail's steps: `>`, and
/// the last bytes of `›` (U+203A) and `»` (U+00BB) in UTF-8.
const ARROW_ENDS: [u8; 3] = [b'>', 0xBA, 0xBB];

/// A whole line that is a trail: a capitalised first step and two or more
/// steps after arrows, each opening with a capital or a digit, each of up
/// to four words without arrows or guillemets.
fn trail_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(
            r"^[ \t]*(\p{Lu}[^\s>›»«‹]*(?: [^\s>›»«‹]+){0,3}(?: [>›»] [\p{Lu}\d][^\s>›»«‹]*(?: [^\s>›»«‹]+){0,3}){2,})[ \t]*\r?$",
        )
        .unwrap_or_else(|_| unreachable!("the trail pattern is a valid regular expression"))
    })
}

/// The byte ranges of the breadcrumb trails in `text`, one per line.
pub(crate) fn breadcrumb_trails(text: &str) -> Vec<Range<usize>> {
    let [first, second, third] = ARROW_ENDS;
    let arrows = memchr::memchr3_iter(first, second, third, text.as_bytes());
    lines_matching(text, arrows, trail_pattern())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        breadcrumb_trails(text)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn a_trail_of_three_steps_on_its_own_line() {
        let text =
            "The pier reopens in May.\nWorld › Europe › Netherlands\nNews > UK > Local politics\n";
        assert_eq!(
            found(text),
            vec!["World › Europe › Netherlands", "News > UK > Local politics"]
        );
    }

    #[test]
    fn comparisons_quotations_and_two_steps_stay() {
        assert!(found("If a > b > c, then a > c.\n").is_empty());
        assert!(found("Sport » Football\n").is_empty());
        assert!(found("She wrote » Yes » and « No » in the margin of the letter.\n").is_empty());
        assert!(found("Settings > Privacy > Location services are where the switch is hidden, and few find it.\n").is_empty());
    }
}
