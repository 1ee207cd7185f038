//! Markdown awareness: the parts of a Markdown file that are not prose.
//!
//! Code blocks (fenced and indented), inline code, HTML blocks and inline
//! HTML, link and image destinations, autolinks, link reference definitions
//! and front matter are hidden from the rules. Hiding keeps byte offsets: the
//! hidden bytes become U+001A SUBSTITUTE (line breaks stay) — neither a letter
//! nor whitespace, so a hidden line is not blank and hidden words are not
//! words — spans still point into the file as read, and diagnostics that
//! touch hidden text are dropped.

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

/// Whether `path` names a Markdown file (`.md`, `.markdown`).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown")
        })
}

fn reference_definition() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$").unwrap_or_else(|_| {
            unreachable!("the reference definition pattern is a valid regular expression")
        })
    })
}

/// A Markdown parser over `text` with the extensions copydesk reads the same
/// way everywhere: YAML front matter, tables, footnotes.
fn parser(text: &str) -> Parser<'_> {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES;
    Parser::new_ext(text, options)
}

/// The byte ranges of `text` (Markdown) that are not prose, sorted and
/// disjoint (blocks that overlap or touch are merged), as [`touches`] and
/// [`mask`] want them.
pub fn non_prose_ranges(text: &str) -> Vec<Range<usize>> {
    sorted_disjoint(non_prose_blocks(text))
}

/// The parts of `text` (Markdown) that are not prose, each on its own:
/// sorted by start, and nested or overlapping where the parts are (inline
/// code inside an image's text).
pub fn non_prose_blocks(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            // A block is hidden with its indentation and the blank lines
            // before it: an edit there could turn code into prose.
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock) => {
                ranges.push(block_start(text, range.start)..range.end);
            }
            Event::Start(Tag::Image { .. }) => ranges.push(range),
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => ranges.push(range),
            Event::Start(Tag::Link { link_type, .. }) => match link_type {
                LinkType::Autolink | LinkType::Email => ranges.push(range),
                // "[text](destination)": hide from "](" on.
                _ => {
                    if let Some(offset) = text[range.clone()].rfind("](") {
                        ranges.push(range.start + offset + 1..range.end);
                    }
                }
            },
            _ => {}
        }
    }
    ranges.extend(
        reference_definition()
            .find_iter(text)
            .map(|found| found.range()),
    );
    ranges.sort_by_key(|range| (range.start, range.end));
    ranges
}

/// Where the block starting at `start` begins once its indentation and the
/// blank lines before it are counted: just after the last character that is
/// not whitespace before it (or the start of the text).
fn block_start(text: &str, start: usize) -> usize {
    text[..start]
        .trim_end_matches([' ', '\t', '\n', '\r'])
        .len()
}

/// The byte ranges of the code of `text` (Markdown): code blocks, inline
/// code and front matter, where a suppression comment is an example or data,
/// not a directive.
pub fn code_ranges(text: &str) -> Vec<Range<usize>> {
    parser(text)
        .into_offset_iter()
        .filter(|(event, _)| {
            matches!(
                event,
                Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) | Event::Code(_)
            )
        })
        .map(|(_, range)| range)
        .collect()
}

/// The code of `text` (Markdown), in order: the lines of code blocks without
/// blank lines, and each inline code span as written. This is what a fix
/// must never change, nor turn into prose or make out of prose. (Deleting a
/// comment between two indented code blocks joins them, which changes no
/// line of code.)
pub fn code_pieces(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_code = false;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(code) if in_code => lines.extend(
                code.lines()
                    .filter(|line| !line.trim().is_empty())
                    .map(str::to_owned),
            ),
            // As written, backticks and line breaks included: the parser's
            // content would hide a span that moved ("` `" became "`\n`").
            Event::Code(_) => lines.push(text[range].to_owned()),
            _ => {}
        }
    }
    lines
}

/// The byte that hidden text is replaced with: U+001A SUBSTITUTE.
pub const HIDDEN: u8 = 0x1A;

/// `text` with the bytes of `ranges` replaced by [`HIDDEN`], line breaks kept.
pub fn mask(text: &str, ranges: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        for byte in &mut bytes[range.start.min(text.len())..range.end.min(text.len())] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = HIDDEN;
            }
        }
    }
    // Every replaced byte became ASCII, and ranges lie on character
    // boundaries, so the result is valid UTF-8; fall back to the text if not.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

/// `ranges` sorted and merged where they overlap or touch, as
/// [`touches`] wants them.
pub fn sorted_disjoint(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_unstable_by_key(|range| (range.start, range.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// The sorted offsets of the brackets of links whose target is hidden: the
/// `]` right before a hidden `(target)` or `[label]`, and the `[` that opens
/// it on the same line. Deleting either turns the hidden target into text.
pub fn link_brackets(text: &str, hidden: &[Range<usize>]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut brackets = Vec::new();
    for range in hidden {
        let opens_target = matches!(bytes.get(range.start), Some(b'(' | b'['));
        let close = range.start.wrapping_sub(1);
        if !opens_target || range.start == 0 || bytes[close] != b']' {
            continue;
        }
        brackets.push(close);
        let mut depth = 0usize;
        for at in (0..close).rev() {
            match bytes[at] {
                b'\n' => break,
                b']' => depth += 1,
                b'[' if depth == 0 => {
                    brackets.push(at);
                    break;
                }
                b'[' => depth -= 1,
                _ => {}
            }
        }
    }
    brackets.sort_unstable();
    brackets.dedup();
    brackets
}

/// Whether `start..end` touches one of `ranges`, which must be sorted and
/// disjoint ([`sorted_disjoint`]).
pub fn touches(ranges: &[Range<usize>], start: usize, end: usize) -> bool {
    let next = ranges.partition_point(|range| range.end <= start);
    ranges[next..]
        .iter()
        .take_while(|range| range.start <= end)
        .any(|range| range.start < end.max(start + 1) && start < range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(text: &str) -> Vec<&str> {
        non_prose_ranges(text)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn link_brackets_are_found_before_hidden_targets() {
        let text = "See [the [old] docs](https://x.org) and [c] (d).\n";
        let ranges = sorted_disjoint(non_prose_ranges(text));
        let brackets = link_brackets(text, &ranges);
        // The outer pair of the link only: "[old]" is inside its text, "[c]"
        // has no hidden target.
        assert_eq!(brackets, [4, 19], "{:?}", hidden(text));
    }

    #[test]
    fn code_html_links_and_front_matter_are_not_prose() {
        let text = "---\ntitle: x\n---\n\nUse `googletag.cmd` and [the docs](https://example.com/a) or <https://x.org>.\n\n```js\nvar a = 1;\n```\n\n<div class=\"ad\">x</div>\n\n[ref]: https://example.com\n";
        let found = hidden(text);
        assert!(
            found.iter().any(|part| part.starts_with("---\ntitle")),
            "{found:?}"
        );
        assert!(found.contains(&"`googletag.cmd`"));
        assert!(found.contains(&"(https://example.com/a)"));
        assert!(found.contains(&"<https://x.org>"));
        assert!(found.iter().any(|part| part.contains("var a = 1;")));
        assert!(found.iter().any(|part| part.contains("<div class=\"ad\">")));
        assert!(found.contains(&"[ref]: https://example.com"));
    }

    #[test]
    fn masking_keeps_offsets_and_line_breaks() {
        let text = "a `é` b\n```\nx\n```\n";
        let masked = mask(text, &non_prose_ranges(text));
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.matches('\n').count(), text.matches('\n').count());
        assert!(masked.starts_with("a \u{1a}\u{1a}\u{1a}\u{1a} b"));
    }

    #[test]
    fn touching_is_overlap_or_insertion_inside() {
        let ranges = [2..5, 10..12];
        assert!(touches(&ranges, 4, 6));
        assert!(touches(&ranges, 3, 3));
        assert!(!touches(&ranges, 5, 10));
        assert!(!touches(&ranges, 0, 2));
    }
}
