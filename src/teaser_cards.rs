//! Streams of teaser cards for other articles, as a careless scrape writes
//! them: a kicker in capitals on a line of its own ("RUNNING LONG"), the
//! headline under it, then perhaps a source, tags or a one-sentence teaser,
//! and the next card. A built-in detector of rule packs (`detect =
//! ["teaser-cards"]` in `rules/README.md`); the `boilerplate` rule uses it.
//!
//! The evidence is the text's own repetition: one kicker over a headline is
//! a section heading, but [`MIN_CARDS`] or more of them within a few lines
//! of each other, with headlines of [`MIN_MEDIAN_HEADLINE_WORDS`] words or
//! more, are a feed. The cards of a feed are alike: [`MIN_CARD_LINES`]
//! lines or more each, most of them as long as the median card, no blank
//! line among them, and headlines of one phrase (a play's speeches, a name
//! in capitals over its lines, vary in length, stand apart and run on).
//! Two cards in three at least have a line under the headline that is no
//! headline: a source, a teaser, or a date ([`is_date_line`], which a
//! headline test alone takes for one: "November 16, 2016"); an article's
//! list under headings in capitals has only items. A stream is taken from
//! its first kicker to the end of its last card, as long as the median
//! card.

use std::collections::VecDeque;
use std::ops::Range;

use crate::document::MONTH_NAMES;
use crate::menu_runs::is_headline_line;

/// The fewest cards that make a stream.
const MIN_CARDS: usize = 3;

/// The most lines from one kicker to the next within a stream.
const MAX_CARD_LINES: usize = 6;

/// The fewest lines of a card: its kicker, its headline and a source, tags
/// or a teaser. A name in capitals over one line is a play's dialogue.
const MIN_CARD_LINES: usize = 3;

/// The most words of a kicker.
const MAX_KICKER_WORDS: usize = 6;

/// The longest line that may be a kicker, in bytes: longer lines are
/// rejected before any other test.
const MAX_KICKER_BYTES: usize = 60;

/// The fewest words of the median headline: a list in an article with
/// headings in capitals has short items ("Writing a blog post").
const MIN_MEDIAN_HEADLINE_WORDS: usize = 6;

/// Whether `line` is a kicker: one to [`MAX_KICKER_WORDS`] words, in
/// capitals (two letters at least, none in lowercase), not a sentence nor a
/// label ending with a colon ("QOTD:", "XVIII:").
fn is_kicker(line: &str) -> bool {
    if line.len() > MAX_KICKER_BYTES {
        return false;
    }
    let line = line.trim();
    let words = line.split_whitespace().count();
    (1..=MAX_KICKER_WORDS).contains(&words)
        && line.chars().filter(|c| c.is_uppercase()).nth(1).is_some()
        && !line.chars().any(char::is_lowercase)
        && !line.ends_with(['.', ',', ';', ':'])
}

/// Whether `line` is a card's headline: a [headline
/// line](is_headline_line) in [title case](is_title_case) that is one
/// phrase, with no semicolon, no `!` or `?` before its end (or before the
/// quote that closes it: "'Why Not Go Now?'") and at most one comma. A
/// line of verse under a speaker's name is rarely either ("What! should I
/// hurt her, strike her").
fn is_card_headline(line: &str) -> bool {
    let body = line
        .trim()
        .trim_end_matches(['\'', '"', '’', '”'])
        .trim_end_matches(['!', '?']);
    is_headline_line(line)
        && !body.contains([';', '!', '?'])
        && body.matches(',').nth(1).is_none()
        && is_title_case(body)
}

/// Whether `line` is written in title case: at least half of its words of
/// four letters or more after the first open with a capital or a digit
/// ("Why Movies Went From 15 Minutes To Two Hours Long"). A line of verse
/// or of a speech is written as a sentence.
fn is_title_case(line: &str) -> bool {
    let (mut long, mut capitalized) = (0, 0);
    for word in line.split_whitespace().skip(1) {
        if word.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
            long += 1;
            capitalized += usize::from(
                word.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric()),
            );
        }
    }
    capitalized * 2 >= long
}

/// The most words of a line that is a date ("Tuesday, November 16, 2016 at
/// 6:34 am EST").
const MAX_DATE_WORDS: usize = 8;

/// Whether `line` is a date and nothing else: a month's name (or its
/// abbreviation) or an ISO date, with a year, and otherwise only day
/// numbers, weekdays, times, "at", "am"/"pm" and time zones
/// ("November 16, 2016", "2019-11-20 14:35", "Nov. 3, 2021 at 9:40 pm").
/// A card's date is no headline, though it opens with a capital.
fn is_date_line(line: &str) -> bool {
    let (mut month, mut year) = (false, false);
    let mut words = 0;
    for word in line.split_whitespace() {
        words += 1;
        let word = word.trim_end_matches([',', '.']);
        let lower = word.to_lowercase();
        let digits = word.bytes().filter(u8::is_ascii_digit).count();
        if is_iso_date(word) {
            (month, year) = (true, true);
        } else if digits == word.len() && digits == 4 {
            year = true;
        } else if is_month(&lower) {
            month = true;
        } else if !(is_day_number(&lower)
            || is_time(word)
            || is_weekday(&lower)
            || matches!(lower.as_str(), "at" | "am" | "pm" | "a.m" | "p.m")
            || is_time_zone(word))
        {
            return false;
        }
    }
    month && year && words <= MAX_DATE_WORDS
}

/// "2019-11-20": four digits, two and two, joined by hyphens.
fn is_iso_date(word: &str) -> bool {
    let parts: Vec<&str> = word.split('-').collect();
    parts.len() == 3
        && parts
            .iter()
            .zip([4, 2, 2])
            .all(|(part, len)| part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
}

/// A month's name or its abbreviation, lowercase ("november", "nov", "sept").
fn is_month(lower: &str) -> bool {
    lower.len() >= 3
        && MONTH_NAMES
            .iter()
            .any(|month| *month == lower || (month.starts_with(lower) && lower.len() <= 4))
}

/// A weekday's name or its abbreviation, lowercase ("tuesday", "tue").
fn is_weekday(lower: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    lower.len() >= 3 && DAYS.iter().any(|day| *day == lower || day[..3] == *lower)
}

/// A day of the month: one or two digits, maybe an ordinal ("16", "3rd").
fn is_day_number(lower: &str) -> bool {
    let digits = lower.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits) && matches!(&lower[digits..], "" | "st" | "nd" | "rd" | "th")
}

/// A time of day: "6:34", "14:35:08", "6:34am", "6:34pm".
fn is_time(word: &str) -> bool {
    let word = word
        .strip_suffix("am")
        .or_else(|| word.strip_suffix("pm"))
        .unwrap_or(word);
    let mut parts = word.split(':');
    let hour = parts.next().unwrap_or_default();
    (1..=2).contains(&hour.len())
        && hour.bytes().all(|b| b.is_ascii_digit())
        && parts
            .by_ref()
            .take(2)
            .all(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
        && word.contains(':')
        && parts.next().is_none()
}

/// A time zone's abbreviation: two to four capitals ("EST", "GMT", "CEST").
fn is_time_zone(word: &str) -> bool {
    (2..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// A card: the line index of its kicker, where the kicker starts, and how
/// many words its headline has.
#[derive(Debug, Clone, Copy)]
struct Card {
    line: usize,
    start: usize,
    headline_words: usize,
    /// Whether a line under the headline is no headline: a source, a date
    /// or a teaser.
    other_line: bool,
}

/// The byte ranges of the card streams of `text`, each from the start of
/// its first kicker to the end of its last card's last line break.
pub(crate) fn teaser_cards(text: &str) -> Vec<Range<usize>> {
    let mut streams = Vec::new();
    let mut cards: Vec<Card> = Vec::new();
    // The end offsets of the last lines, by line index: a stream's last
    // card ends within MAX_CARD_LINES lines of its kicker.
    let mut line_ends: VecDeque<(usize, usize)> = VecDeque::with_capacity(MAX_CARD_LINES + 1);
    // The previous line, when it is a kicker: its index and start.
    let mut kicker: Option<(usize, usize)> = None;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        let end = offset + line.len();
        // A blank line ends a stream: a scrape writes a feed's cards line
        // after line, where a play sets its speeches apart.
        if content.trim().is_empty()
            || cards
                .last()
                .is_some_and(|card| index - card.line > MAX_CARD_LINES)
        {
            close(&mut cards, &line_ends, &mut streams);
        }
        let is_kicker_line = is_kicker(content);
        let mut new_card = false;
        if let Some((line_index, start)) = kicker.take() {
            if is_card_headline(content) {
                cards.push(Card {
                    line: line_index,
                    start,
                    headline_words: content.split_whitespace().count(),
                    other_line: false,
                });
                new_card = true;
            }
        }
        if let Some(card) = cards.last_mut().filter(|_| !new_card) {
            card.other_line |=
                !is_kicker_line && (!is_headline_line(content) || is_date_line(content));
        }
        if is_kicker_line {
            kicker = Some((index, offset));
        }
        if line_ends.len() > MAX_CARD_LINES {
            line_ends.pop_front();
        }
        line_ends.push_back((index, end));
        offset = end;
    }
    close(&mut cards, &line_ends, &mut streams);
    streams
}

/// The middle one of `values` (the upper one of an even count).
fn median(mut values: Vec<usize>) -> usize {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or(0)
}

/// Ends the cards read so far: a stream if they are one.
fn close(
    cards: &mut Vec<Card>,
    line_ends: &VecDeque<(usize, usize)>,
    streams: &mut Vec<Range<usize>>,
) {
    if let (true, Some(first), Some(last)) = (cards.len() >= MIN_CARDS, cards.first(), cards.last())
    {
        let gaps: Vec<usize> = cards
            .windows(2)
            .map(|pair| pair[1].line - pair[0].line)
            .collect();
        let period = median(gaps.clone());
        let alike = gaps.iter().filter(|&&gap| gap == period).count();
        let headline_words = median(cards.iter().map(|card| card.headline_words).collect());
        let with_other_lines = cards.iter().filter(|card| card.other_line).count();
        let is_stream = period >= MIN_CARD_LINES
            && with_other_lines * 3 >= cards.len() * 2
            && alike * 3 >= gaps.len() * 2
            && headline_words >= MIN_MEDIAN_HEADLINE_WORDS;
        let last_line = last.line + period - 1;
        let end = line_ends
            .iter()
            .take_while(|&&(index, _)| index <= last_line)
            .last()
            .map(|&(_, end)| end);
        if let (true, Some(end)) = (is_stream, end) {
            streams.push(first.start..end);
        }
    }
    cards.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARDS: &str = "HARBOUR WATCH\nThe Night Ferry Will Keep Sailing for Another Year\nharbournews.example Local\nKEEPING IT LIT\nLighthouse Cottage Opens Its Doors as a Small Museum\n3 shares Culture\nTIDE TABLES\nWhy the Spring Tides Came Early to the North Pier\nharbournews.example Science\n";

    #[test]
    fn date_lines() {
        for line in [
            "November 16, 2016",
            "Tuesday, Nov. 3, 2021 at 9:40 pm EST",
            "2019-11-20 14:35:08",
            "3rd March 2020",
            "Sept 9, 2018 at 6:34am",
        ] {
            assert!(is_date_line(line), "{line:?}");
        }
        for line in [
            "November 16",
            "March of the Penguins 2005",
            "The May 2016 Update",
            "Trading Hours 9:00 to 17:30",
            "2019 In Review",
        ] {
            assert!(!is_date_line(line), "{line:?}");
        }
    }

    #[test]
    fn cards_with_a_date_under_the_headline_are_a_stream() {
        let feed = "HARBOUR WATCH\nThe Night Ferry Will Keep Sailing for Another Year\nMarch 4, 2024\nKEEPING IT LIT\nLighthouse Cottage Opens Its Doors as a Small Museum\nFebruary 27, 2024\nTIDE TABLES\nWhy the Spring Tides Came Early to the North Pier\nFebruary 20, 2024\n";
        assert_eq!(teaser_cards(feed), vec![0..feed.len()]);
        // A headline may be a quoted question.
        let quoted = feed.replace(
            "Why the Spring Tides Came Early to the North Pier",
            "'Why Did the Spring Tides Come Early to the North Pier?'",
        );
        assert_eq!(teaser_cards(&quoted), vec![0..quoted.len()]);
        // Headings over items with no date: a list, as before.
        let items = feed
            .replace("March 4, 2024\n", "")
            .replace("February 27, 2024\n", "");
        assert!(teaser_cards(&items).is_empty());
    }

    #[test]
    fn kickers() {
        for line in [
            "RUNNING LONG",
            "AUTO NEWS",
            "IT'S NOT EASY",
            "Q&A",
            "2024 IN REVIEW",
        ] {
            assert!(is_kicker(line), "{line:?}");
        }
        for line in ["Running long", "A", "NOTE: the pier is closed.", "THE END."] {
            assert!(!is_kicker(line), "{line:?}");
        }
    }

    #[test]
    fn three_cards_are_a_stream_to_the_end_of_the_last_card() {
        let text =
            format!("The pier reopens in April, the board said.\n{CARDS}© 2024 Harbour Media\n");
        let start = text.find("HARBOUR WATCH").unwrap_or(0);
        assert_eq!(teaser_cards(&text), vec![start..start + CARDS.len()]);
        // At the end of the text too.
        assert_eq!(teaser_cards(CARDS), vec![0..CARDS.len()]);
    }

    #[test]
    fn headings_over_short_items_or_two_cards_are_not_a_stream() {
        let two: String = CARDS
            .lines()
            .take(6)
            .map(|line| format!("{line}\n"))
            .collect();
        assert!(teaser_cards(&two).is_empty());
        let list = "EASY\nSweeping the deck\nCoiling the ropes\nHARDER\nMending a torn sail\nReading the tide tables\nHARDEST\nCrossing the bar at night\nDocking in a gale\n";
        assert!(teaser_cards(list).is_empty());
        // Headings over items of a list: nothing under the items.
        let items = "SIMPLE\nSweeping the Deck After Every Race\nCoiling the Ropes on the Jetty\nHARDER\nMending a Torn Sail by Hand\nReading the Tide Tables Aloud\nHARDEST\nCrossing the Bar Alone at Night\nDocking the Launch in a Gale\n";
        assert!(teaser_cards(items).is_empty());
        // A play's speakers over lines written as sentences.
        let scene = "HARBOUR MASTER\nThe tide turns at nine tonight and the boats stay in\nSee that the chains are doubled.\nDECKHAND\nI doubled them at noon and checked them twice since\nNo boat of ours will drift.\nSKIPPER\nThen we wait for the bell and the morning ferry\nAnd trust the wall to hold.\n";
        assert!(teaser_cards(scene).is_empty());
        // Cards too far apart are separate.
        let apart = CARDS.replace("3 shares Culture\n", "a\nb\nc\nd\ne\n");
        assert!(teaser_cards(&apart).is_empty());
    }
}
