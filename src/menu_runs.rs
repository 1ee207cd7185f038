//! Navigation menus as a careless scrape writes them: one link a line, many
//! lines in a row, no blank line around them ("Home", "Local", "Sport",
//! "Contact us" …). A built-in detector of rule packs (`detect =
//! ["menu-runs"]` in `rules/README.md`); the `boilerplate` rule uses it.
//!
//! A run needs [`MIN_RUN_LINES`] menu lines in a row ([`is_menu_line`]), or
//! [`MIN_BLOCK_LINES`] when it ends a paragraph, among which may stand one
//! shorter line of another kind for every three ([`is_odd_line`]: a heading
//! in the menu, "Islands & the Coast"). A paragraph of its own is a block
//! of chrome ([`Block`]) when two lines in three are menu lines and the
//! others odd lines, in any order (a footer: "PO Box 4471", "Privacy",
//! "March 6, 2024"). A run of [`MIN_RUN_LINES`] menu lines may also take a
//! group of headlines ([`is_headline_line`]) between two of its menu lines,
//! as news sites list a few under each section of their menu, when
//! [`MIN_BLOCK_LINES`] menu lines follow the group. Two kinds of list that
//! articles hold are left alone: a run or block that stands between two
//! lines of prose (the items of a list the text introduces) and one of
//! which more than a third of the lines open with a digit (a table scraped
//! one cell a line, a recipe's ingredients). Findings found by other means
//! that cover whole lines take the menu lines next to them
//! ([`extend_over_menu_lines`]).

use std::ops::Range;

use crate::document::{line_around, SENTENCE_ENDS};
use crate::markdown::sorted_disjoint;

/// The fewest menu lines in a row that make a run: verse has stanzas of
/// three to five short unpunctuated lines, menus have more.
const MIN_RUN_LINES: usize = 6;

/// The fewest menu lines of a run that ends a paragraph (a blank line or
/// the end of the text follows it): a menu between paragraphs.
const MIN_BLOCK_LINES: usize = 3;

/// The share of a paragraph's lines that must be menu lines, as a
/// fraction, for the paragraph to be a block of chrome.
const MIN_MENU_SHARE: (usize, usize) = (2, 3);

/// The most words a menu line holds.
const MAX_MENU_WORDS: usize = 3;

/// The most capitals of a line made of one acronym ("BBC", "US&UK").
const MAX_ACRONYM_CAPITALS: usize = 3;

/// The most words of a line that stands among menu lines without being one.
const MAX_ODD_WORDS: usize = 8;

/// A run holds one line that is not a menu line for every this many menu
/// lines.
const MENU_LINES_PER_ODD_LINE: usize = 3;

/// A sentence next to a run with at least this many words is prose.
const MIN_PROSE_WORDS: usize = 8;

/// The most lines of a group of headlines that a long run takes between
/// two of its menu lines (see [`is_headline_line`]).
const MAX_HEADLINE_GROUP: usize = 8;

/// The most words of a headline line.
const MAX_HEADLINE_WORDS: usize = 20;

/// Characters no menu line holds: sentence punctuation, brackets, quotes and
/// the signs of code.
fn is_excluded(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | ','
            | ';'
            | ':'
            | '"'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '='
    )
}

/// Whether `line` reads as a menu link: indented by three spaces at most,
/// one to three words (and maybe a count of posts, "Travel (12)"), none of
/// the [`is_excluded`] characters but [link punctuation](is_link_punctuation),
/// opening with a capital or a digit (or a brand in camel case), and
/// with a small letter somewhere unless it is one acronym of up to three
/// capitals (a line of several words in capitals is a name in a cast list,
/// "SIR JOHN FASTOLFE").
pub(crate) fn is_menu_line(line: &str) -> bool {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let content = line.trim_start_matches(' ');
    if line.len() - content.len() > 3 {
        return false;
    }
    let content = without_count(content.trim_end_matches([' ', '\t']));
    if content.is_empty() {
        return false;
    }
    // One pass: the words, and no excluded character, tab or double space.
    let mut words = 1;
    let mut after_space = false;
    let mut previous = [' ', ' '];
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if c == ' ' {
            if after_space {
                return false;
            }
            words += 1;
            if words > MAX_MENU_WORDS {
                return false;
            }
            after_space = true;
        } else if c == '\t' || (is_excluded(c) && !is_link_punctuation(c, previous, next)) {
            return false;
        } else {
            after_space = false;
        }
        previous = [previous[1], c];
    }
    let mut first_word = content.split(' ').next().unwrap_or_default().chars();
    match first_word.next() {
        Some(first) if first.is_numeric() => true,
        Some(first) if first.is_uppercase() => {
            content.chars().any(char::is_lowercase) || (words == 1 && is_acronym(content))
        }
        // A brand in camel case: "eNewspaper", "iPhone".
        Some(first) if first.is_lowercase() => first_word.any(char::is_uppercase),
        _ => false,
    }
}

/// Whether `c`, an [excluded](is_excluded) character after the characters
/// `previous` and before `next`, belongs to a link's name: a full stop
/// inside a name ("WordPress.com") or after a capital that stands alone or
/// after another full stop ("L.A. Times"), and a question mark at the end.
fn is_link_punctuation(c: char, previous: [char; 2], next: Option<char>) -> bool {
    match c {
        '.' => {
            next.is_some_and(char::is_alphanumeric)
                || (previous[1].is_uppercase() && (previous[0] == ' ' || previous[0] == '.'))
        }
        '?' => next.is_none(),
        _ => false,
    }
}

/// `line` without a count in brackets at its end, as archive and category
/// widgets write it ("Travel (12)").
fn without_count(line: &str) -> &str {
    let Some(inside) = line.strip_suffix(')') else {
        return line;
    };
    match inside.rfind('(') {
        Some(open)
            if open + 1 < inside.len()
                && inside[open + 1..].bytes().all(|byte| byte.is_ascii_digit()) =>
        {
            inside[..open].trim_end_matches(' ')
        }
        _ => line,
    }
}

/// One to [`MAX_ACRONYM_CAPITALS`] capitals, then anything but a letter
/// ("BBC", "US&UK", "A1").
fn is_acronym(word: &str) -> bool {
    let capitals = word.chars().take_while(|c| c.is_uppercase()).count();
    (1..=MAX_ACRONYM_CAPITALS).contains(&capitals)
        && !word
            .chars()
            .nth(capitals)
            .is_some_and(|c| c.is_alphabetic())
}

/// Whether `line` is prose: a sentence of at least [`MIN_PROSE_WORDS`]
/// words (it ends with a full stop, a question or exclamation mark, maybe
/// inside a quote or bracket; a headline of as many words does not), or a
/// line that introduces what follows (it ends with a colon).
fn is_prose(line: &str) -> bool {
    let line = line.trim_end();
    let ends_sentence = line
        .trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(SENTENCE_ENDS);
    line.ends_with(':')
        || (ends_sentence && line.split_whitespace().nth(MIN_PROSE_WORDS - 1).is_some())
}

/// Whether `line` may stand among the lines of a run without being a menu
/// line: at most [`MAX_ODD_WORDS`] words, not ending a sentence or a quote
/// (a heading in the menu, "Islands & the Coast", "Leave a Reply Cancel
/// reply").
fn is_odd_line(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.split_whitespace().nth(MAX_ODD_WORDS).is_none()
        && !line.ends_with(['.', '!', '?', ';', ',', '"', '”', '’', ')'])
}

/// Whether `line` may be a headline of another article, as a news site
/// lists a few under each section of its menu ("Seymour sweeps Weston to
/// earn return trip"): three to [`MAX_HEADLINE_WORDS`] words, opening with
/// a capital, a digit or a quote, no sign of code, and not ending a
/// statement (a full stop, comma, semicolon or colon).
pub(crate) fn is_headline_line(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    (3..=MAX_HEADLINE_WORDS).contains(&words)
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"'‘“".contains(c))
        && !line.ends_with(['.', ',', ';', ':'])
        && !line.contains(['{', '}', '<', '>', '=', '|'])
}

/// Lines after a run's last menu line that are not menu lines: they join
/// the run if a menu line follows them (a group of headlines, if
/// [`MIN_BLOCK_LINES`] follow; see [`Unconfirmed`]).
struct Pending<'t> {
    /// The first of them.
    first: &'t str,
    /// The last of them.
    last: &'t str,
    lines: usize,
    /// Whether they are one [odd line](is_odd_line) the run may take.
    odd: bool,
    /// Whether they are all [headline lines](is_headline_line) and the run
    /// has [`MIN_RUN_LINES`] menu lines: a group of headlines.
    headlines: bool,
}

/// A run that took a group of headlines, until [`MIN_BLOCK_LINES`] menu
/// lines follow the group: a list in an article can end with one short
/// line ("Bugs fixed") after a menu.
struct Unconfirmed<'t> {
    /// The run as it was before the group.
    before: Run<'t>,
    /// The group's first line.
    first: &'t str,
    /// The group's last line.
    last: &'t str,
    /// Where the first menu line after the group starts.
    after: usize,
}

impl<'t> Unconfirmed<'t> {
    /// The run before the group, decided as ending there, and `run`'s menu
    /// lines after the group as a run of their own.
    fn split(self, run: Run<'t>, runs: &mut Vec<Range<usize>>) -> Run<'t> {
        decide(self.before, Some(self.first), false, runs);
        Run {
            end: run.end,
            menu_lines: run.menu_lines - self.before.menu_lines,
            numbered: run.numbered - self.before.numbered,
            ..Run::starting(self.after, Some(self.last))
        }
    }
}

/// A run of menu lines being read.
#[derive(Clone, Copy)]
struct Run<'t> {
    /// Where its first line starts.
    start: usize,
    /// Where its last line ends, line break included.
    end: usize,
    menu_lines: usize,
    /// Lines among the menu lines that are not menu lines ([`is_odd_line`]).
    odd_lines: usize,
    /// Lines of groups of headlines among the menu lines.
    headline_lines: usize,
    /// Its lines that open with a digit.
    numbered: usize,
    /// The last line before it that is not blank.
    before: Option<&'t str>,
}

impl<'t> Run<'t> {
    /// A run with no lines yet, starting at `offset`, after the line `before`.
    fn starting(offset: usize, before: Option<&'t str>) -> Self {
        Run {
            start: offset,
            end: offset,
            menu_lines: 0,
            odd_lines: 0,
            headline_lines: 0,
            numbered: 0,
            before,
        }
    }

    /// Whether the run may take one more odd line: one for every
    /// [`MENU_LINES_PER_ODD_LINE`] menu lines, the line after it included.
    fn may_take_odd_line(&self) -> bool {
        (self.odd_lines + 1) * MENU_LINES_PER_ODD_LINE <= self.menu_lines + 1
    }

    /// Whether the run is a list the article holds ([`is_article_list`]).
    /// `after` is the first line after it that is not blank.
    fn is_article_list(&self, after: Option<&str>) -> bool {
        is_article_list(
            self.numbered,
            self.menu_lines + self.odd_lines + self.headline_lines,
            self.before,
            after,
        )
    }
}

/// Adds `run` to `runs` if it has enough menu lines and is no list the
/// article holds; `after` is the first line after it that is not blank. A
/// run that ends a paragraph needs fewer lines.
fn decide(run: Run, after: Option<&str>, ends_paragraph: bool, runs: &mut Vec<Range<usize>>) {
    let fewest = if ends_paragraph {
        MIN_BLOCK_LINES
    } else {
        MIN_RUN_LINES
    };
    if run.menu_lines >= fewest && !run.is_article_list(after) {
        runs.push(run.start..run.end);
    }
}

/// Whether lines that a menu run or block is made of are a list the
/// article holds: they stand between two lines of prose (`before` and
/// `after`, the nearest lines that are not blank), or more than a third of
/// the `lines` open with a digit (`numbered`).
fn is_article_list(
    numbered: usize,
    lines: usize,
    before: Option<&str>,
    after: Option<&str>,
) -> bool {
    numbered * 3 > lines || (before.is_some_and(is_prose) && after.is_some_and(is_prose))
}

/// A paragraph (lines between blank lines) being read, to tell whether it
/// is a block of chrome: menu lines with a few other short lines among
/// them, in any order ("PO Box 4471", "Privacy", "March 6, 2024").
struct Block<'t> {
    /// Where its first line starts.
    start: usize,
    /// Where its last line ends, line break included.
    end: usize,
    lines: usize,
    menu_lines: usize,
    /// Its menu lines that open with a digit.
    numbered: usize,
    /// Whether every line so far is a menu line or an [odd line](is_odd_line).
    fits: bool,
    /// The last line before it that is not blank.
    before: Option<&'t str>,
}

impl Block<'_> {
    /// Whether the paragraph is chrome: every line a menu line or an odd
    /// line, at least [`MIN_BLOCK_LINES`] menu lines and
    /// [`MIN_MENU_SHARE`] of its lines, and no list the article holds.
    /// `after` is the first line after it that is not blank.
    fn is_chrome(&self, after: Option<&str>) -> bool {
        self.fits
            && self.menu_lines >= MIN_BLOCK_LINES
            && self.menu_lines * MIN_MENU_SHARE.1 >= self.lines * MIN_MENU_SHARE.0
            && !is_article_list(self.numbered, self.lines, self.before, after)
    }
}

/// The byte ranges of the menu runs of `text`, each from the start of its
/// first line to the end of its last line's line break.
pub(crate) fn menu_runs(text: &str) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    // The run being read; an odd line after its last menu line, which joins
    // it if a menu line follows; a run that a blank line ended, waiting for
    // the next line that is not blank to tell whether prose follows it.
    let mut current: Option<Run> = None;
    let mut pending: Option<Pending> = None;
    let mut unconfirmed: Option<Unconfirmed> = None;
    let mut finished: Option<Run> = None;
    let mut last_content: Option<&str> = None;
    // The paragraph being read, and one that ended, waiting like
    // `finished` for the line after it.
    let mut block: Option<Block> = None;
    let mut ended_block: Option<Block> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let blank = content.trim().is_empty();
        let menu_line = !blank && is_menu_line(content);
        if !blank {
            if let Some(run) = finished.take() {
                decide(run, Some(content), true, &mut runs);
            }
            if let Some(ended) = ended_block.take() {
                if ended.is_chrome(Some(content)) {
                    runs.push(ended.start..ended.end);
                }
            }
            let paragraph = block.get_or_insert(Block {
                start: offset,
                end: offset,
                lines: 0,
                menu_lines: 0,
                numbered: 0,
                fits: true,
                before: last_content,
            });
            paragraph.end = offset + line.len();
            paragraph.lines += 1;
            if menu_line {
                paragraph.menu_lines += 1;
                paragraph.numbered +=
                    usize::from(content.trim_start().starts_with(char::is_numeric));
            } else {
                paragraph.fits &= is_odd_line(content);
            }
        } else if let Some(paragraph) = block.take() {
            ended_block = Some(paragraph);
        }
        if menu_line {
            let run = current.get_or_insert(Run::starting(offset, last_content));
            match pending.take() {
                Some(lines) if lines.odd => run.odd_lines += 1,
                Some(lines) => match unconfirmed.take() {
                    // Too few menu lines since the last group: that group
                    // and this one are not the menu's.
                    Some(group) => {
                        let shorter = group.split(*run, &mut runs);
                        decide(shorter, Some(lines.first), false, &mut runs);
                        *run = Run::starting(offset, Some(lines.last));
                    }
                    None => {
                        unconfirmed = Some(Unconfirmed {
                            before: *run,
                            first: lines.first,
                            last: lines.last,
                            after: offset,
                        });
                        run.headline_lines += lines.lines;
                    }
                },
                None => {}
            }
            run.end = offset + line.len();
            run.menu_lines += 1;
            run.numbered += usize::from(content.trim_start().starts_with(char::is_numeric));
            if unconfirmed
                .as_ref()
                .is_some_and(|group| run.menu_lines >= group.before.menu_lines + MIN_BLOCK_LINES)
            {
                unconfirmed = None;
            }
        } else if let Some(mut run) = current.take() {
            if let Some(group) = unconfirmed.take() {
                run = group.split(run, &mut runs);
            }
            let headline = !blank && is_headline_line(content);
            match pending.take() {
                // A group of headlines goes on.
                Some(mut lines)
                    if headline && lines.headlines && lines.lines < MAX_HEADLINE_GROUP =>
                {
                    lines.lines += 1;
                    lines.odd = false;
                    lines.last = content;
                    pending = Some(lines);
                    current = Some(run);
                }
                // No menu line after them: the run ends before them.
                Some(lines) => decide(run, Some(lines.first), false, &mut runs),
                None if blank => finished = Some(run),
                None if (is_odd_line(content) && run.may_take_odd_line())
                    || (headline && run.menu_lines >= MIN_RUN_LINES) =>
                {
                    pending = Some(Pending {
                        first: content,
                        last: content,
                        lines: 1,
                        odd: is_odd_line(content) && run.may_take_odd_line(),
                        headlines: headline && run.menu_lines >= MIN_RUN_LINES,
                    });
                    current = Some(run);
                }
                None => decide(run, Some(content), false, &mut runs),
            }
        }
        if !blank {
            last_content = Some(content);
        }
        offset += line.len();
    }
    if let (Some(run), Some(group)) = (current.as_mut(), unconfirmed) {
        *run = group.split(*run, &mut runs);
    }
    match (current, finished) {
        (Some(run), _) => {
            let after = pending.map(|lines| lines.first);
            decide(run, after, after.is_none(), &mut runs);
        }
        (None, Some(run)) => decide(run, None, true, &mut runs),
        (None, None) => {}
    }
    if let Some(paragraph) = block.or(ended_block) {
        if paragraph.is_chrome(None) {
            runs.push(paragraph.start..paragraph.end);
        }
    }
    sorted_disjoint(runs)
}

/// The fewest menu lines next to a line of chrome that go with it.
const MIN_ADJACENT_MENU_LINES: usize = 2;

/// `ranges` (sorted, disjoint, found by other means), each that covers
/// whole lines widened over the menu lines right before and after it, when
/// there are [`MIN_ADJACENT_MENU_LINES`] or more of them: a scrape without
/// blank lines puts a short menu ("Facebook", "Twitter", "LinkedIn") next to
/// a share prompt, too short to be a run of its own. One menu-like line
/// next to chrome may be an article's heading, and stays.
pub(crate) fn extend_over_menu_lines(text: &str, ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let line_start = |at: usize| line_around(text, at).start;
    let line_end = |at: usize| line_around(text, at).end;
    let mut widened = Vec::with_capacity(ranges.len());
    for range in ranges {
        let (first, last) = (line_start(range.start), line_end(range.end));
        let whole_lines =
            text[first..range.start].trim().is_empty() && text[range.end..last].trim().is_empty();
        if !whole_lines {
            widened.push(range);
            continue;
        }
        // Menu lines after it: the end of the last one.
        let (mut after, mut end) = (0, range.end);
        let mut next = last + 1;
        while next < text.len() {
            let next_end = line_end(next);
            if !is_menu_line(&text[next..next_end]) {
                break;
            }
            after += 1;
            end = next_end;
            next = next_end + 1;
        }
        // Menu lines before it: the start of the first one.
        let (mut before, mut start) = (0, range.start);
        let mut previous_end = first;
        while previous_end > 0 {
            let previous_start = line_start(previous_end - 1);
            if !is_menu_line(&text[previous_start..previous_end - 1]) {
                break;
            }
            before += 1;
            start = previous_start;
            previous_end = previous_start;
        }
        let start = if before >= MIN_ADJACENT_MENU_LINES {
            start
        } else {
            range.start
        };
        let end = if after >= MIN_ADJACENT_MENU_LINES {
            end
        } else {
            range.end
        };
        widened.push(start..end);
    }
    sorted_disjoint(widened)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MENU: &str = "Home\nLocal\nFerries\nWeather\nBusiness\nSport\n";

    #[test]
    fn menu_lines() {
        for line in [
            "Home",
            "Contact us",
            "Terms of use",
            "BBC",
            "US&UK",
            "2024 Archive",
            "  Sport",
            "Travel (12)",
            "TV Shows",
            "ZDNet Germany",
            "L.A. Times Careers",
            "Got a Tip?",
            "eNewspaper",
            "WordPress.com",
        ] {
            assert!(is_menu_line(line), "{line:?}");
        }
        for line in [
            "home",
            "SIR JOHN FASTOLFE",
            "Leave a Reply Cancel",
            "Sport.",
            "Weather, traffic",
            "    Indented",
            "NEWS",
            "LIVE TV",
            "Travel (twelve)",
            "(12)",
            "",
            "St. Louis",
            "Who pays? Nobody",
            "Why? The ferry",
            "Home.com.",
            "iphone",
        ] {
            assert!(!is_menu_line(line), "{line:?}");
        }
    }

    #[test]
    fn a_run_of_six_lines_is_found_whole() {
        let text = format!("Skip this line, it is not a menu.\n{MENU}The pier reopens in April.\n");
        let runs = menu_runs(&text);
        assert_eq!(runs.len(), 1);
        assert_eq!(&text[runs[0].clone()], MENU);
    }

    #[test]
    fn five_lines_are_not_a_run() {
        let text =
            "Over the stones\nUnder the pier\nInto the dark\nOut of the light\nDown to the sea\n";
        assert!(menu_runs(text).is_empty());
    }

    #[test]
    fn a_run_at_the_end_without_a_line_break() {
        let text = format!(
            "An article of one sentence, long enough to be prose.\n{}",
            MENU.trim_end()
        );
        let runs = menu_runs(&text);
        assert_eq!(runs, vec![53..text.len()]);
    }

    #[test]
    fn lists_that_articles_hold_are_left() {
        // Introduced by prose on both sides.
        let between = format!(
            "The board named the six ferries that will run this summer:\n{MENU}Each will call at the pier twice a day from the first of May.\n"
        );
        assert!(menu_runs(&between).is_empty());
        // The same with blank lines around the run.
        let spaced = between
            .replacen(":\n", ":\n\n", 1)
            .replacen("Sport\n", "Sport\n\n", 1);
        assert!(menu_runs(&spaced).is_empty());
        // Headlines of other articles on both sides are no prose.
        let headlines = format!(
            "Council approves the new ferry timetable for the summer season\n{MENU}Dolphins follow the evening ferry into the bay for ten minutes\n"
        );
        assert_eq!(menu_runs(&headlines).len(), 1);
        // Prose on one side only: a menu above the article.
        let above = format!("{MENU}\nEach ferry will call at the pier twice a day from May.\n");
        assert_eq!(menu_runs(&above), vec![0..MENU.len()]);
        // A table scraped one cell a line.
        let table = "Team\n12\n9\n3\n30\nTotal\n";
        assert!(menu_runs(table).is_empty());
        // Blank lines break a run: two blocks of three.
        assert_eq!(
            menu_runs("Home\nLocal\nFerries\n\nWeather\nBusiness\nSport\n"),
            vec![0..19, 20..43]
        );
    }

    #[test]
    fn odd_lines_among_menu_lines() {
        let text = "Home\nLocal\nIslands & the Coast\nFerries\nWeather\nBusiness\nSport\n";
        assert_eq!(menu_runs(text), vec![0..text.len()]);
        // Two odd lines in a row end the run; so does an odd line at its end.
        let broken = "Home\nLocal\nFerries\nLeave a Reply Cancel reply\nPrint this page now\nWeather\nBusiness\nSport\nThe pier reopens in May.\n";
        assert!(menu_runs(broken).is_empty());
        let ending = format!("{MENU}Read the latest from the harbour\nThe pier reopens in May.\n");
        assert_eq!(menu_runs(&ending), vec![0..MENU.len()]);
        // In a paragraph of its own, the odd line belongs to the block.
        let block = format!("{MENU}Read the latest from the harbour");
        assert_eq!(menu_runs(&block), vec![0..block.len()]);
        // A line that ends a sentence is not an odd line.
        let sentence =
            "Home\nLocal\nFerries\nThe pier is shut.\nWeather\nBusiness\nSport\nThe pier reopens in May.\n";
        assert!(menu_runs(sentence).is_empty());
    }

    #[test]
    fn a_run_that_ends_a_paragraph_needs_three_menu_lines() {
        let block = "Home\nLocal\nIslands & the Coast\nSport\n";
        let text = format!("The pier reopens in May, the board said on Tuesday.\n\n{block}\nThe ferry sails at six.\n");
        let start = text.find(block).unwrap_or(0);
        assert_eq!(menu_runs(&text), vec![start..start + block.len()]);
        // Not with a sentence after it in the paragraph, nor with two.
        assert!(menu_runs("Home\nLocal\nSport\nThe ferry sails at six.\n\n").is_empty());
        assert!(menu_runs("Home\nLocal\n\n").is_empty());
    }

    #[test]
    fn a_paragraph_of_menu_lines_and_a_few_short_lines_is_a_block() {
        // Odd lines anywhere, even two in a row or at the end, as long as
        // two lines in three are menu lines.
        let footer = "44 Quay Street\nNorth Landing\nPrivacy\nMarch 6, 2024\n";
        let text = format!("The pier reopens in May, the board said on Tuesday.\n\n{footer}");
        assert_eq!(menu_runs(&text), vec![53..text.len()]);
        let nav = "Local News\nAvailable for everyone, funded by readers\nWeekly Digest\nSport\nHarbour.com\nWeather\n";
        let text = format!("{nav}\nThe pier reopens in May, the board said on Tuesday.\n");
        assert_eq!(menu_runs(&text), vec![0..nav.len()]);
        // A stanza whose short lines are half of it is verse.
        let stanza = "Over the hills\nUnder the moon\nWe ride all night and sing\nTill morning comes\nAnd the larks are high\nBeside the silver sea\n";
        assert!(menu_runs(stanza).is_empty());
        // A line that ends a sentence, or a long one, makes it prose.
        assert!(menu_runs("Home\nLocal\nSport\nWeather\nThe ferry sails at six.\n").is_empty());
        // Between two sentences of prose, it is a list the article holds.
        let list = "The board named the ferries:\n\nMary Rose\nStar of Leith\nNorth Wind\nA new boat\n\nEach will call twice a day from the first of May.\n";
        assert!(menu_runs(list).is_empty());
    }

    #[test]
    fn groups_of_headlines_in_a_long_run() {
        let headlines = "Council keeps the night ferry for another year\nLighthouse cottage opens as a museum\n";
        let after = "Sport\nRowing\nSailing\n";
        let text =
            format!("{MENU}{headlines}{after}The pier reopens in April, the harbour board said.\n");
        let menu = MENU.len() + headlines.len() + after.len();
        assert_eq!(menu_runs(&text), vec![0..menu]);
        // Fewer than three menu lines after the group: the run ends before
        // it, and the group with the line after it is left.
        let list = format!(
            "{MENU}{headlines}Bugs fixed\nThe pier reopens in April, the harbour board said.\n"
        );
        assert_eq!(menu_runs(&list), vec![0..MENU.len()]);
        // Nor after a short run: five menu lines take no group.
        let short = format!("Home\nLocal\nFerries\nWeather\nSport\n{headlines}{after}The pier reopens in April, the harbour board said.\n");
        assert!(menu_runs(&short).is_empty());
        // Lines that end a statement are no headlines.
        let sentences = format!("{MENU}The ferry sails at six.\nThe pier opens at nine.\n{after}The pier reopens in April, the harbour board said.\n");
        assert_eq!(menu_runs(&sentences), vec![0..MENU.len()]);
        // At most eight headlines in a group.
        let nine = "A headline of the harbour news today\n".repeat(9);
        let long =
            format!("{MENU}{nine}{after}The pier reopens in April, the harbour board said.\n");
        assert_eq!(menu_runs(&long), vec![0..MENU.len()]);
    }

    #[test]
    fn headline_lines() {
        assert!(is_headline_line("Why the regatta moved to September?"));
        assert!(is_headline_line(
            "‘No strings attached’ opens at the theatre"
        ));
        for line in [
            "Two words",
            "The ferry sails at six.",
            "the ferry sails at six",
            "The ferry sails at six,",
            "A line with a {brace} in it",
        ] {
            assert!(!is_headline_line(line), "{line:?}");
        }
    }

    #[test]
    fn menu_lines_next_to_chrome_go_with_it() {
        let widen = |text: &str, start: usize, end: usize| {
            extend_over_menu_lines(text, vec![Range { start, end }])
        };
        let text = "The pier reopens in April.\nShare this article\nFacebook\nTwitter\nLinkedIn\nThe board met on Tuesday.\n";
        let share = text.find("Share").unwrap_or(0);
        let linkedin_end = text.find("LinkedIn").unwrap_or(0) + "LinkedIn".len();
        let chrome = share..share + "Share this article".len();
        assert_eq!(
            extend_over_menu_lines(text, vec![chrome.clone()]),
            vec![share..linkedin_end]
        );
        // One menu-like line may be the article's heading, and stays.
        let heading = "Share this article\nThe Verdict\nThe court ruled on Monday.\n";
        assert_eq!(widen(heading, 0, 18), vec![0..18]);
        // Before the chrome too, but not from inside a line.
        let before = "Home\nNews\nShare this article\n";
        assert_eq!(widen(before, 10, 28), vec![0..28]);
        let inside = "Home\nNews\nPlease share this article\n";
        assert_eq!(widen(inside, 17, 35), vec![17..35]);
    }

    #[test]
    fn crlf_lines() {
        let text = MENU.replace('\n', "\r\n");
        assert_eq!(menu_runs(&text), vec![0..text.len()]);
    }
}
