//! Lists of other articles' headlines under a widget heading, as a careless
//! scrape writes them: "Most Read", then one headline a line, maybe each
//! after its rank ("1", "2" …). A built-in detector of rule packs (`detect =
//! ["widget-lists"]` in `rules/README.md`); the `boilerplate` rule uses it.
//!
//! The heading is a whole line in the words sites give these widgets
//! ([`is_widget_heading`]); the list is the [`MIN_HEADLINES`] or more
//! [headline lines](crate::menu_runs::is_headline_line) right under it,
//! with the ranks and the short labels among them (a section's name before
//! each headline, "Nutrition"), up to its last headline. The heading alone
//! is left to the rule's phrases and patterns.

use std::ops::Range;

use crate::menu_runs::{is_headline_line, is_menu_line};

/// The fewest headlines that make a list.
const MIN_HEADLINES: usize = 2;

/// The most lines a list takes, ranks included.
const MAX_LIST_LINES: usize = 40;

/// The most words of a heading that names a section ("More from Business
/// and Markets").
const MAX_HEADING_WORDS: usize = 6;

/// The longest line that may be a heading, in bytes: longer lines are
/// rejected before any other test.
const MAX_HEADING_BYTES: usize = 80;

/// Widget headings, lowercase, as whole lines.
const HEADINGS: [&str; 34] = [
    "most read",
    "most popular",
    "most shared",
    "most viewed",
    "most commented",
    "most emailed",
    "popular",
    "popular now",
    "popular posts",
    "popular stories",
    "trending",
    "trending now",
    "trending stories",
    "latest",
    "latest news",
    "latest stories",
    "latest posts",
    "recent posts",
    "related",
    "related posts",
    "related articles",
    "related stories",
    "related news",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "more stories",
    "more news",
    "top stories",
    "editor's picks",
    "editors' picks",
    "read next",
    "what to read next",
];

/// Headings that name a section after them: "More from Business", "Next up
/// in Science".
const HEADING_PREFIXES: [&str; 5] = [
    "more from ",
    "more in ",
    "more on ",
    "next up in ",
    "also in ",
];

/// Whether `line` is a widget heading: one of [`HEADINGS`], or a prefix of
/// [`HEADING_PREFIXES`] and a name, in any case, maybe ending with a colon
/// or an arrow, with no sentence punctuation.
fn is_widget_heading(line: &str) -> bool {
    if line.len() > MAX_HEADING_BYTES {
        return false;
    }
    let line = line
        .trim()
        .trim_end_matches([':', '»', '›', '→', ' '])
        .replace('\u{2019}', "'");
    if line.is_empty()
        || line.contains(['.', '!', '?', ',', ';'])
        || line.split_whitespace().nth(MAX_HEADING_WORDS).is_some()
    {
        return false;
    }
    let lowercase = line.to_lowercase();
    let words: Vec<&str> = lowercase.split_whitespace().collect();
    let normalized = words.join(" ");
    HEADINGS.contains(&normalized.as_str())
        || HEADING_PREFIXES
            .iter()
            .any(|prefix| normalized.len() > prefix.len() && normalized.starts_with(prefix))
}

/// Whether `line` is a rank in a list: a number of one or two digits, maybe
/// with a full stop.
fn is_rank(line: &str) -> bool {
    let line = line.trim();
    let digits = line.strip_suffix('.').unwrap_or(line);
    (1..=2).contains(&digits.len()) && digits.bytes().all(|byte| byte.is_ascii_digit())
}

/// The byte ranges of the headline lists of `text`, each from the start of
/// its heading to the end of its last headline's line break.
pub(crate) fn widget_lists(text: &str) -> Vec<Range<usize>> {
    let mut lists = Vec::new();
    // The heading being followed: where it starts, the headlines under it so
    // far, and where the last of them ends.
    let mut open: Option<(usize, usize, usize)> = None;
    let mut taken = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let end = offset + line.len();
        if let Some((start, headlines, last_end)) = open {
            // A rank or a label joins the list if a headline follows it.
            let headline = is_headline_line(content);
            let label = !headline && (is_rank(content) || is_menu_line(content));
            if taken < MAX_LIST_LINES && (label || headline) {
                taken += 1;
                open = Some(if label {
                    (start, headlines, last_end)
                } else {
                    (start, headlines + 1, end)
                });
                offset = end;
                continue;
            }
            if headlines >= MIN_HEADLINES {
                lists.push(start..last_end);
            }
            open = None;
        }
        if is_widget_heading(content) {
            open = Some((offset, 0, end));
            taken = 0;
        }
        offset = end;
    }
    if let Some((start, headlines, last_end)) = open {
        if headlines >= MIN_HEADLINES {
            lists.push(start..last_end);
        }
    }
    lists
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADLINES: &str =
        "Council keeps the night ferry for another year\nLighthouse cottage opens as a museum\n";

    #[test]
    fn widget_headings() {
        for line in [
            "Most Read",
            "MOST POPULAR",
            "Related stories:",
            "Editor’s Picks",
            "More from Business",
            "Next Up In Science & Health",
            "  Trending now »",
        ] {
            assert!(is_widget_heading(line), "{line:?}");
        }
        for line in [
            "Most read of all his books.",
            "More",
            "Related, but not the same",
            "The latest",
            "More from the harbour board and the council and the ferry company",
        ] {
            assert!(!is_widget_heading(line), "{line:?}");
        }
    }

    #[test]
    fn a_heading_and_its_headlines_are_one_list() {
        let list = format!("Most Read\n{HEADLINES}");
        let text =
            format!("The pier reopens in April, the board said.\n{list}© 2024 Harbour Media\n");
        let start = text.find("Most Read").unwrap_or(0);
        assert_eq!(widget_lists(&text), vec![start..start + list.len()]);
        // Ranks and labels count with the headlines, up to the last
        // headline; the list may end the text.
        let labelled = "Related Articles\nNutrition\nWhy breakfast matters after all\nNutrition\nA new bar for the beach\nSport\n";
        assert_eq!(
            widget_lists(labelled),
            vec![0..labelled.len() - "Sport\n".len()]
        );
        let ranked = "Most Popular\n1\nCouncil keeps the night ferry\n2\nLighthouse cottage opens as a museum";
        assert_eq!(widget_lists(ranked), vec![0..ranked.len()]);
    }

    #[test]
    fn a_heading_without_a_list_is_left() {
        // One headline is no list, nor are sentences.
        assert!(
            widget_lists("Related\nCouncil keeps the night ferry for another year\n").is_empty()
        );
        let prose =
            "Latest\nThe council voted on Tuesday to keep the ferry.\nIt will sail all year.\n";
        assert!(widget_lists(prose).is_empty());
        // A heading that is prose ("The latest") opens nothing.
        assert!(widget_lists(&format!("The latest\n{HEADLINES}")).is_empty());
    }
}
