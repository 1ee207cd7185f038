//! Inline suppression comments, valid in any text file and invisible when
//! Markdown renders:
//!
//! - `<!-- copydesk-disable NAME[,NAME] -->` … `<!-- copydesk-enable NAME -->`
//! - `<!-- copydesk-disable -->` … `<!-- copydesk-enable -->` for every rule
//! - `<!-- copydesk-disable-next-line NAME -->` for the line below
//!
//! A name may be a rule or a category. A disable without a matching enable
//! lasts to the end of the file.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Span};
use crate::rule::RuleMeta;

/// One suppression comment and the text it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The comment itself.
    pub comment: Span,
    /// The rules or categories it names; empty means every rule.
    pub names: Vec<String>,
    /// The bytes where diagnostics are suppressed.
    pub covers: Range<usize>,
    /// The `copydesk-enable` comment that ends it, when it ends only this one.
    pub closing: Option<Span>,
    /// Whether it suppressed at least one diagnostic.
    pub used: bool,
}

impl Suppression {
    /// Whether the comment silences the rule `rule` (its name, when the
    /// rule is unknown).
    fn applies_to(&self, rule: Option<&RuleMeta>, name: &str) -> bool {
        self.names.is_empty()
            || self.names.iter().any(|listed| match rule {
                Some(meta) => meta.is_named_by(listed),
                None => listed == name,
            })
    }
}

fn comment_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"<!--[ \t]*copydesk-(disable-next-line|disable|enable)(?:[ \t]+([A-Za-z0-9_, \t-]*?))?[ \t]*-->")
            .unwrap_or_else(|_| unreachable!("the suppression pattern is a valid regular expression"))
    })
}

/// The names listed in a comment: "a, b c" gives ["a", "b", "c"].
fn names(list: Option<&str>) -> Vec<String> {
    list.unwrap_or("")
        .split([',', ' ', '\t'])
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every suppression comment of `text`, with the range it covers.
pub fn parse(text: &str) -> Vec<Suppression> {
    parse_outside(text, &[])
}

/// Every suppression comment of `text` outside the byte ranges `excluded`
/// (code in a Markdown file), with the range it covers.
pub fn parse_outside(text: &str, excluded: &[Range<usize>]) -> Vec<Suppression> {
    if !text.contains("copydesk-") {
        return Vec::new();
    }
    let mut done = Vec::new();
    let mut open: Vec<Suppression> = Vec::new();
    for captures in comment_pattern().captures_iter(text) {
        let (Some(whole), Some(kind)) = (captures.get(0), captures.get(1)) else {
            continue;
        };
        let inside_excluded = excluded
            .iter()
            .any(|range| range.start <= whole.start() && whole.end() <= range.end);
        if inside_excluded {
            continue;
        }
        let comment = Span::new(whole.start(), whole.end());
        let listed = names(captures.get(2).map(|list| list.as_str()));
        match kind.as_str() {
            "disable-next-line" => {
                let next_line_start = text[comment.end..]
                    .find('\n')
                    .map_or(text.len(), |index| comment.end + index + 1);
                let next_line_end = text[next_line_start..]
                    .find('\n')
                    .map_or(text.len(), |index| next_line_start + index);
                done.push(Suppression {
                    comment,
                    names: listed,
                    covers: next_line_start..next_line_end,
                    closing: None,
                    used: false,
                });
            }
            "disable" => open.push(Suppression {
                comment,
                names: listed,
                covers: comment.end..text.len(),
                closing: None,
                used: false,
            }),
            _ => {
                // An enable closes the open disables it names (all of them when bare).
                let (closed, still_open): (Vec<_>, Vec<_>) =
                    open.into_iter().partition(|suppression| {
                        listed.is_empty()
                            || suppression.names.iter().any(|name| listed.contains(name))
                    });
                open = still_open;
                let alone = closed.len() == 1;
                done.extend(closed.into_iter().map(|mut suppression| {
                    suppression.covers.end = comment.start;
                    suppression.closing = alone.then_some(comment);
                    suppression
                }));
            }
        }
    }
    done.extend(open);
    done.sort_by_key(|suppression| suppression.comment.start);
    done
}

/// The byte ranges of every suppression comment of `text` (`disable`,
/// `enable` and `disable-next-line`): directives, hidden from the rules.
pub fn comment_ranges(text: &str) -> Vec<Range<usize>> {
    if !text.contains("copydesk-") {
        return Vec::new();
    }
    comment_pattern()
        .find_iter(text)
        .map(|comment| comment.range())
        .collect()
}

/// Drops the diagnostics that a suppression covers and marks it used;
/// `meta_of` gives each diagnostic's rule metadata. One sweep in order of
/// position, so the work grows with the suppressions that overlap, not with
/// diagnostics × suppressions.
pub fn apply<'a>(
    suppressions: &mut [Suppression],
    diagnostics: &mut Vec<Diagnostic>,
    meta_of: impl Fn(&str) -> Option<&'a RuleMeta>,
) {
    if suppressions.is_empty() {
        return;
    }
    let mut by_start: Vec<usize> = (0..suppressions.len()).collect();
    by_start.sort_by_key(|&index| suppressions[index].covers.start);
    let mut by_position: Vec<usize> = (0..diagnostics.len()).collect();
    by_position.sort_by_key(|&index| diagnostics[index].span.start);

    let mut suppressed = vec![false; diagnostics.len()];
    let mut active: Vec<usize> = Vec::new();
    let mut next = 0;
    for index in by_position {
        let diagnostic = &diagnostics[index];
        let position = diagnostic.span.start;
        while let Some(&candidate) = by_start.get(next) {
            if suppressions[candidate].covers.start > position {
                break;
            }
            active.push(candidate);
            next += 1;
        }
        active.retain(|&candidate| suppressions[candidate].covers.end > position);
        let meta = meta_of(&diagnostic.rule);
        for &candidate in &active {
            let suppression = &mut suppressions[candidate];
            if suppression.applies_to(meta, &diagnostic.rule) {
                suppression.used = true;
                suppressed[index] = true;
            }
        }
    }
    let mut flags = suppressed.into_iter();
    diagnostics.retain(|_| !flags.next().unwrap_or(false));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_lines_and_bare_comments() {
        let text = "a\n<!-- copydesk-disable lost-apostrophe, boilerplate -->\nb\n<!-- copydesk-enable lost-apostrophe -->\nc\n<!-- copydesk-disable-next-line -->\nd\ne\n";
        let suppressions = parse(text);
        assert_eq!(suppressions.len(), 2);
        let block = &suppressions[0];
        assert_eq!(block.names, ["lost-apostrophe", "boilerplate"]);
        assert_eq!(&text[block.covers.clone()], "\nb\n");
        let line = &suppressions[1];
        assert!(line.names.is_empty());
        assert_eq!(&text[line.covers.clone()], "d");
    }

    #[test]
    fn an_unclosed_disable_lasts_to_the_end() {
        let text = "x <!-- copydesk-disable --> y";
        let suppressions = parse(text);
        assert_eq!(suppressions[0].covers, 27..text.len());
    }

    #[test]
    fn other_comments_are_not_suppressions() {
        assert!(parse("<!-- copydesk is great --> <!-- copydesk-disabled x -->").is_empty());
    }
}
