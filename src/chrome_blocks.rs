//! Blocks of chrome before the article or after it: a page's header and
//! footer.
//!
//! A careless scrape keeps the page's header and footer around the article:
//! a masthead, a menu interrupted by headlines and bylines, a comment form,
//! "Reply", "Subscribe", "Facebook", a copyright line. Each line alone may
//! be too plain to call chrome, and a run of short lines in the middle of
//! an article is more often a list the writer made. But a block of short
//! lines that no prose interrupts, lying before the article or after it,
//! in which one line in three is chrome (found by the pack's other rules,
//! or a line of widget words such as "Reply" or "Share on Facebook"), is
//! the page's header or footer, from its first line of chrome to its last.
//! A header ends before the last line in it that may be a headline: the
//! article's own may stand among the chrome.
//!
//! Prose here is a line of at least [`MIN_PROSE_WORDS`] words that ends a
//! sentence or introduces what follows, that holds two sentences, that
//! goes on with a small letter (text wrapped at a fixed width), or that is
//! too long for a menu line and reads as running text (a list of results
//! on one line), with no sign of code; a line the pack flags is not prose. The article is the
//! stretch of prose with the most bytes (see [`MAX_ARTICLE_GAP`]): a
//! comment under the footer is prose too. Blank lines neither end a block
//! nor count in it.

use std::ops::Range;

use crate::chrome_words::ChromeWords;
use crate::document::SENTENCE_ENDS;
use crate::markdown::sorted_disjoint;
use crate::menu_runs::is_headline_line;

/// The fewest lines a block of chrome holds.
const MIN_BLOCK_LINES: usize = 6;

/// The fewest lines of chrome in a block.
const MIN_CHROME_LINES: usize = 3;

/// At least one line in this many of a block is chrome.
const LINES_PER_CHROME_LINE: usize = 3;

/// The fewest words of a line of prose wrapped at a fixed width that starts
/// with a small letter (see [`is_prose`]).
const MIN_WRAPPED_WORDS: usize = 6;

/// The most lines that are not prose between two lines of prose of the
/// article (a heading, a caption, a short list).
const MAX_ARTICLE_GAP: usize = 10;

/// The fewest words of a line of prose.
const MIN_PROSE_WORDS: usize = 10;

/// The fewest words of a line that is a paragraph whatever its
/// punctuation (see [`is_long_paragraph`]).
const MIN_PARAGRAPH_WORDS: usize = 40;

/// At least one word in this many of such a paragraph starts with a small
/// letter.
const WORDS_PER_SMALL_WORD: usize = 3;

/// The most words of a line of widget words ("Share on Facebook").
const MAX_WIDGET_WORDS: usize = 4;

/// The longest line of widget words, in bytes: longer lines are not
/// looked at word by word.
const MAX_WIDGET_LINE_BYTES: usize = 64;

/// The score in quarter-nats from which a word of `chrome-words.toml` is a
/// widget word: two nats ("reply", "subscribe", "facebook", "email").
const MIN_WIDGET_SCORE: i32 = 8;

/// Words of widgets and menus that the learned table does not list, or
/// lists below [`MIN_WIDGET_SCORE`] because articles use them too; on a line
/// of their own, next to other chrome, they are buttons and links.
const WIDGET_WORDS: [&str; 17] = [
    "about",
    "accept",
    "back",
    "categories",
    "close",
    "home",
    "logout",
    "more",
    "next",
    "on",
    "pocket",
    "previous",
    "signin",
    "signup",
    "tags",
    "tiktok",
    "top",
];

/// What a line is, for the blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// Empty or only spaces: neither ends a block nor counts in it.
    Blank,
    /// A paragraph of prose: ends a block.
    Prose,
    /// Flagged by the pack, or a line of widget words.
    Chrome,
    /// Any other line: a headline, a byline, a date, a name.
    Plain,
}

/// `ranges` (sorted, disjoint: what the pack found) with the blocks of
/// chrome added (see the module's documentation).
pub(crate) fn add_chrome_blocks(
    text: &str,
    ranges: Vec<Range<usize>>,
    chrome: &ChromeWords,
) -> Vec<Range<usize>> {
    let lines = classify(text, &ranges, chrome);
    let (first_prose, last_prose) = article(&lines).unzip();
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if matches!(lines[index].1, LineKind::Prose | LineKind::Blank) {
            index += 1;
            continue;
        }
        let run_start = index;
        while index < lines.len() && lines[index].1 != LineKind::Prose {
            index += 1;
        }
        // The block runs from the first line of chrome to the last: the
        // plain lines before the first (a page's title) and after the last
        // (a list that opens or closes the article) stay.
        let is_chrome = |line: &usize| lines[*line].1 == LineKind::Chrome;
        let (Some(start), Some(mut last)) = (
            (run_start..index).find(is_chrome),
            (run_start..index).rev().find(is_chrome),
        ) else {
            continue;
        };
        // Before the article, its own headline may stand among the chrome
        // ("Home", the headline, "5 min read"): the block ends before the
        // last line that may be a headline.
        let before_the_article = first_prose.is_none_or(|first| index <= first);
        if before_the_article {
            let headline = (start..last).rev().find(|&line| {
                lines[line].1 == LineKind::Plain && is_headline_line(&text[lines[line].0.clone()])
            });
            if let Some(headline) = headline {
                match (start..headline).rev().find(is_chrome) {
                    Some(chrome) => last = chrome,
                    None => continue,
                }
            }
        }
        let counted = (start..=last)
            .filter(|&line| lines[line].1 != LineKind::Blank)
            .count();
        let chrome_lines = (start..=last).filter(is_chrome).count();
        let at_an_edge = first_prose.is_none_or(|first| last < first)
            || last_prose.is_none_or(|prose| start > prose);
        if at_an_edge
            && counted >= MIN_BLOCK_LINES
            && chrome_lines >= MIN_CHROME_LINES
            && chrome_lines * LINES_PER_CHROME_LINE >= counted
        {
            blocks.push(lines[start].0.start..lines[last].0.end);
        }
    }
    if blocks.is_empty() {
        return ranges;
    }
    blocks.extend(ranges);
    sorted_disjoint(blocks)
}

/// The first and the last line of the article: of the stretches of prose
/// in which at most [`MAX_ARTICLE_GAP`] lines stand between two lines of
/// prose, the one with the most bytes of prose; a comment or an author's
/// note in the footer is prose too, but apart from the article.
fn article(lines: &[(Range<usize>, LineKind)]) -> Option<(usize, usize)> {
    // Each stretch: its first and last line of prose, and its bytes of prose.
    let mut stretches: Vec<(usize, usize, usize)> = Vec::new();
    // Lines that are neither blank nor prose since the last line of prose.
    let mut gap = 0;
    for (index, (span, kind)) in lines.iter().enumerate() {
        match kind {
            LineKind::Prose => {}
            LineKind::Blank => continue,
            LineKind::Chrome | LineKind::Plain => {
                gap += 1;
                continue;
            }
        }
        match stretches.last_mut() {
            Some((_, last, bytes)) if gap <= MAX_ARTICLE_GAP => {
                *last = index;
                *bytes += span.len();
            }
            _ => stretches.push((index, index, span.len())),
        }
        gap = 0;
    }
    // The largest; of equals, the first.
    stretches
        .into_iter()
        .rev()
        .max_by_key(|&(_, _, bytes)| bytes)
        .map(|(first, last, _)| (first, last))
}

/// Every line of `text` (without its line break, trimmed of spaces) with
/// its kind; `ranges` are what the pack flagged, sorted.
fn classify(
    text: &str,
    ranges: &[Range<usize>],
    chrome: &ChromeWords,
) -> Vec<(Range<usize>, LineKind)> {
    let mut lines = Vec::new();
    let mut next_range = 0;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let content = line.trim();
        let content_start = start + (line.len() - line.trim_start().len());
        let span = content_start..content_start + content.len();
        start = end;
        if content.is_empty() {
            lines.push((span, LineKind::Blank));
            continue;
        }
        while ranges
            .get(next_range)
            .is_some_and(|range| range.end <= span.start)
        {
            next_range += 1;
        }
        let flagged: usize = ranges[next_range..]
            .iter()
            .take_while(|range| range.start < span.end)
            .map(|range| {
                range
                    .end
                    .min(span.end)
                    .saturating_sub(range.start.max(span.start))
            })
            .sum();
        let kind = if 2 * flagged > span.len() || is_widget_line(content, chrome) {
            LineKind::Chrome
        } else if is_prose(content) {
            LineKind::Prose
        } else {
            LineKind::Plain
        };
        lines.push((span, kind));
    }
    lines
}

/// Whether `line` (trimmed) is a paragraph of prose: at least
/// [`MIN_PROSE_WORDS`] words ending a sentence or introducing what follows
/// (maybe inside a quote or bracket), or two sentences; without a sign of
/// code (a line of page state holds the article's sentences too).
fn is_prose(line: &str) -> bool {
    if line
        .bytes()
        .any(|byte| matches!(byte, b'{' | b'}' | b'<' | b'>' | b'='))
    {
        return false;
    }
    let ends = line
        .trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(|c: char| SENTENCE_ENDS.contains(&c) || c == ':');
    if ends && line.split_whitespace().nth(MIN_PROSE_WORDS - 1).is_some() {
        return true;
    }
    // A line of prose wrapped at a fixed width goes on with a small letter.
    let goes_on = line.starts_with(|c: char| c.is_lowercase())
        && line.split_whitespace().nth(MIN_WRAPPED_WORDS - 1).is_some();
    goes_on
        || is_long_paragraph(line)
        || line
            .split_whitespace()
            .filter(|word| {
                word.trim_end_matches(['"', '\'', '”', '’', ')'])
                    .ends_with(SENTENCE_ENDS)
            })
            .nth(1)
            .is_some()
}

/// Whether `line` is a paragraph too long for any menu, headline or
/// byline, whatever its punctuation: at least [`MIN_PARAGRAPH_WORDS`]
/// words, one in [`WORDS_PER_SMALL_WORD`] of them starting with a small
/// letter as running text's do ("- Best sound design - The Woman in White
/// designed by …"); a menu on one line capitalises its links.
fn is_long_paragraph(line: &str) -> bool {
    let (words, small) = line
        .split_whitespace()
        .fold((0, 0), |(words, small), word| {
            let starts_small = word.starts_with(|c: char| c.is_lowercase());
            (words + 1, small + usize::from(starts_small))
        });
    words >= MIN_PARAGRAPH_WORDS && small * WORDS_PER_SMALL_WORD >= words
}

/// Whether `line` is one to [`MAX_WIDGET_WORDS`] widget words: "Reply",
/// "Share on Facebook", "Email *".
fn is_widget_line(line: &str, chrome: &ChromeWords) -> bool {
    if line.len() > MAX_WIDGET_LINE_BYTES {
        return false;
    }
    let mut words = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .peekable();
    if words.peek().is_none() || line.split_whitespace().nth(MAX_WIDGET_WORDS).is_some() {
        return false;
    }
    words.all(|word| {
        let lower = word.to_lowercase();
        WIDGET_WORDS.contains(&lower.as_str()) || chrome.score(&lower) >= MIN_WIDGET_SCORE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widget_words_are_those_the_table_does_not_learn() {
        let chrome = ChromeWords::builtin().expect("the table parses");
        let learned: Vec<&str> = WIDGET_WORDS
            .into_iter()
            .filter(|word| chrome.score(word) >= MIN_WIDGET_SCORE)
            .collect();
        assert!(learned.is_empty(), "the table learned {learned:?}");
        for word in ["reply", "share", "facebook", "instagram", "login", "print"] {
            assert!(chrome.score(word) >= MIN_WIDGET_SCORE, "{word}");
        }
    }

    fn blocks(text: &str, flagged: &[&str]) -> Vec<String> {
        let ranges = flagged
            .iter()
            .filter_map(|line| text.find(line).map(|at| at..at + line.len()))
            .collect();
        let chrome = ChromeWords::builtin().expect("the table parses");
        add_chrome_blocks(text, sorted_disjoint(ranges), &chrome)
            .into_iter()
            .map(|range| text[range].to_owned())
            .collect()
    }

    const ARTICLE: &str = "The ferry to the island will run twice a day from May, the harbour board said on Monday.\n\
        Fares stay as they are this year, and the late boat on Fridays returns after a winter without it.\n";

    #[test]
    fn a_footer_after_the_last_paragraph_goes_from_its_first_chrome_to_its_last() {
        let footer = "Reply\nCouncil names new harbour master\nBy Ann Lee\nSubscribe\nMarch 3, 2024\nFacebook";
        let text = format!("{ARTICLE}Harbour Gazette\n{footer}\nNorth Landing\n");
        assert_eq!(blocks(&text, &[]), [footer]);
    }

    #[test]
    fn a_list_between_paragraphs_stays() {
        let list = "Reply\nSubscribe\nFacebook\nThe pier\nThe lamps\nThe shore\nEmail\n";
        let text = format!("{ARTICLE}{list}{ARTICLE}");
        assert!(blocks(&text, &[]).is_empty());
    }

    #[test]
    fn a_block_needs_enough_chrome() {
        let footer = "Reply\nCouncil names new harbour master\nBy Ann Lee\nNorth Landing\nMarch 3, 2024\nPO Box 114\nSubscribe";
        let text = format!("{ARTICLE}{footer}\n");
        assert!(blocks(&text, &[]).is_empty());
        // A line the pack flagged counts as chrome.
        assert_eq!(blocks(&text, &["PO Box 114", "North Landing"]), [footer]);
    }

    #[test]
    fn a_header_before_the_first_paragraph_goes() {
        let header = "Facebook\nHarbour Gazette\nLocal news\nShare on Twitter\nWeather\nSubscribe";
        let text = format!("{header}\nThe ferry\n{ARTICLE}");
        assert_eq!(blocks(&text, &[]), [header]);
    }

    #[test]
    fn a_comment_after_the_footer_is_not_the_article() {
        let footer = "Reply\nCouncil names new harbour master\nBy Ann Lee\nSubscribe\nMarch 3, 2024\nFacebook\n\
            Ferry fares stay the same\nBy Tom Hart\nEmail\nLighthouse open days return\nComments";
        let comment = "I have taken the late boat on Fridays for years, and I am glad it is coming back at last.";
        let text = format!("{ARTICLE}{footer}\n{comment}\n");
        assert_eq!(blocks(&text, &[]), [footer]);
        // Without the comment, the footer is after the text's last prose too.
        assert_eq!(blocks(&format!("{ARTICLE}{footer}\n"), &[]), [footer]);
    }

    #[test]
    fn prose_wrapped_at_a_fixed_width_is_prose() {
        let wrapped = "Sign up for our newsletter\nThe council met on Tuesday to discuss the\n\
            harbour wall, which the winter storms have\nbroken in two places, and the cost of\n\
            mending it before the summer\nShare on Facebook\nReply\nEmail\n";
        // Only what the pack flagged.
        assert_eq!(
            blocks(
                wrapped,
                &["Sign up for our newsletter", "Share on Facebook"]
            ),
            ["Sign up for our newsletter", "Share on Facebook"]
        );
    }

    #[test]
    fn a_long_list_without_sentences_after_the_article_is_no_footer() {
        let results = "- Best float - The Lantern Makers for their paper whale on the quay - Best band - \
            the Harbour Silver Band for their march along the front - Best stall - the bakery on Mill Lane \
            for its saffron buns - Best costume - Ruth Hale for her diver's suit made of foil and old \
            tins - Best newcomer - the sea scouts for their raft - Special award - Tom Hart for forty years";
        let footer =
            format!("Reply\n{results}\n{results} at the helm\nSubscribe\nMarch 3, 2024\nFacebook");
        let text = format!("{ARTICLE}{footer}\n");
        assert!(blocks(&text, &[]).is_empty());
        // Capitalised link after link, on one line, is no paragraph.
        let menu = "Home News Sport Weather Travel Money Culture Food Drink Health Family Motoring Homes \
            Gardens Puzzles Podcasts Newsletters Events Jobs Dating Offers Shop Competitions Archive About \
            Contact Careers Advertise Privacy Cookies Terms Accessibility Sitemap Help Feedback Subscribe \
            Login Register Facebook Twitter";
        assert!(!is_long_paragraph(menu));
    }

    #[test]
    fn page_state_holding_sentences_is_no_prose() {
        assert!(!is_prose(
            r#"{"articleBody":"The ferry runs twice a day. Fares stay the same."}"#
        ));
        assert!(is_prose("The ferry runs twice a day. Fares stay the same."));
    }

    #[test]
    fn the_headline_of_the_article_among_the_chrome_stays() {
        let menu = "Facebook\nLocal news\nShare on Twitter\nWeather\nSubscribe\nSport\nEmail";
        let text = format!("{menu}\nCouncil Approves Ferry Timetable\nReply\n{ARTICLE}");
        assert_eq!(blocks(&text, &[]), [menu]);
    }

    #[test]
    fn widget_lines() {
        let chrome = ChromeWords::builtin().expect("the table parses");
        for line in ["Reply", "Share on Facebook", "Email *", "Subscribe"] {
            assert!(is_widget_line(line, &chrome), "{line}");
        }
        for line in [
            "The pier",
            "Reply to the mayor",
            "Home Office",
            "Share prices fell",
        ] {
            assert!(!is_widget_line(line, &chrome), "{line}");
        }
    }
}
