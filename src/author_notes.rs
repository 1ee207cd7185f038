//! An author's note that ends the text, as scraped pages keep it after the
//! article: "Oscar Doe is the editor of the Gazette's science pages", maybe
//! followed by a few words of footer; and, anywhere, a note on a line of
//! its own that names the writer's book or beat. A built-in detector of
//! rule packs (`detect = ["author-notes"]` in `rules/README.md`); the
//! `boilerplate` rule uses it.
//!
//! The evidence is the note's place and its wording together: two words of
//! a name, "is the", "is a" or "is an", up to three words, a writer's job
//! ("editor", "reporter", "columnist" …) and "of", "for", "at" or the like,
//! then at most [`MAX_WORDS_AFTER`] words to the end of the text, without a
//! sentence's end among them, and no word that tells news ([`NEWS_WORDS`]:
//! "… a reporter for the Gazette who broke the story"). In the middle of a
//! text the same words are news about a writer; at its end, after the
//! article, they are the byline's note. Only the text's last [`TAIL_BYTES`]
//! bytes are read.
//!
//! A note anywhere in the text needs more: a line of its own that opens
//! with a name, "is a", "is an" or "is the", a writer's or a scholar's job
//! ([`LINE_NOTE_JOBS`]: "historian", "reporter" …), and goes on to what
//! such a note says, the writer's book ("… and the author of Ferries") or
//! beat ("… where she covers health"), with none of the [`NEWS_WORDS`].
//! News about a nurse or an MP ("… a nurse at St Mary's, where she
//! teaches …", "… an MP and the author of the bill") names no such job.
//! Only lines that hold the book's or the beat's words are read
//! ([`NOTE_WORDS`]).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::document::line_around;

/// How many bytes at the end of the text may hold a note: its name, job
/// and outlet, and the [`MAX_WORDS_AFTER`] words after them.
const TAIL_BYTES: usize = 1024;

/// The most words after the writer's job and its preposition (the outlet,
/// the beat, a footer's last words: "new statesman 1913 2020"). Written
/// into [`note_pattern`].
const MAX_WORDS_AFTER: usize = 30;

/// The note at the end of a text, in either case, with its footer.
fn note_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let pattern = format!(
            r"(?i)(?:^|\s)((?:[\p{{L}}'’.-]+ ){{2}}is (?:the|a|an) (?:[\p{{L}}-]+ ){{0,3}}?(?:editor|correspondent|reporter|writer|columnist|journalist|contributor|critic|blogger) (?:of|for|at|based|living|covering|with)\b(?:[ \t]+[^\s.!?]+){{0,{MAX_WORDS_AFTER}}}[.!?]?)\s*\z"
        );
        Regex::new(&pattern)
            .unwrap_or_else(|_| unreachable!("the note pattern is a valid regular expression"))
    })
}

/// The words of a writer's book or beat that a note anywhere holds
/// ("… and the author of", "… where she covers"), searched for before the
/// line is read ([`line_note_pattern`]).
const NOTE_WORDS: [&str; 2] = ["author of", "where "];

/// The jobs of writers and scholars that a note anywhere names, written
/// into [`line_note_pattern`].
const LINE_NOTE_JOBS: &str =
    "writer|journalist|reporter|editor|correspondent|columnist|contributor\
    |critic|blogger|author|novelist|poet|essayist|historian|professor|lecturer|scholar|researcher\
    |fellow|economist|scientist";

/// A whole line that is a note on a writer: a name of two or three words,
/// "is a", "is an" or "is the", up to three words, a job of
/// [`LINE_NOTE_JOBS`], then the writer's book or beat within the next 160
/// characters, and up to 200 more.
fn line_note_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let pattern = format!(
            r"(?i)^[ \t]*((?-i:\p{{Lu}}\p{{Ll}}+)(?: (?-i:\p{{Lu}})[\p{{L}}.'’-]*){{1,2}} is (?:a|an|the) (?:[\p{{L}}-]+ ){{0,3}}?(?:{LINE_NOTE_JOBS})s?\b[^\n]{{0,160}}?\b(?:where (?:he|she|they) (?:covers|writes|reports|teaches|focuses)|and (?:the )?(?:co-?)?author of)\b[^\n]{{0,200}}?)[ \t]*\r?$"
        );
        Regex::new(&pattern)
            .unwrap_or_else(|_| unreachable!("the line note pattern is a valid regular expression"))
    })
}

/// Where [`NOTE_WORDS`] occur in `text`, in order.
fn note_word_offsets(text: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = NOTE_WORDS
        .iter()
        .flat_map(|words| memchr::memmem::find_iter(text.as_bytes(), words.as_bytes()))
        .collect();
    offsets.sort_unstable();
    offsets
}

/// The byte ranges of the notes on a writer in `text`: one that ends the
/// text ([`note_at_the_end`]) and, anywhere, lines that name the writer's
/// book or beat ([`notes_on_lines`]), in order and without overlaps (a
/// line note that the note at the end overlaps widens it).
pub(crate) fn author_notes(text: &str) -> Vec<Range<usize>> {
    let mut notes = notes_on_lines(text);
    if let Some(mut last) = note_at_the_end(text) {
        notes.retain(|note| {
            let before = note.end <= last.start;
            if !before {
                last.start = last.start.min(note.start);
            }
            before
        });
        notes.push(last);
    }
    notes
}

/// The lines of their own in `text` that are notes on a writer naming the
/// writer's book or beat: only the lines that hold [`NOTE_WORDS`] are
/// read, each once.
fn notes_on_lines(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut read_up_to = 0;
    for offset in note_word_offsets(text) {
        if offset < read_up_to {
            continue;
        }
        let line = line_around(text, offset);
        read_up_to = line.end.max(offset + 1);
        let note = line_note_pattern()
            .captures(&text[line.clone()])
            .and_then(|captures| captures.get(1))
            .filter(|note| !tells_news(note.as_str()));
        if let Some(note) = note {
            found.push(line.start + note.start()..line.start + note.end());
        }
    }
    found
}

/// The byte range of the author's note that ends `text`, if there is one.
fn note_at_the_end(text: &str) -> Option<Range<usize>> {
    let mut start = text.len().saturating_sub(TAIL_BYTES);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    // A tail that starts inside a word must not offer its piece as a name.
    let tail = match text[start..].find(char::is_whitespace) {
        Some(space) if start > 0 => &text[start + space..],
        _ => &text[start..],
    };
    let offset = text.len() - tail.len();
    note_pattern()
        .captures(tail)
        .and_then(|captures| captures.get(1))
        .filter(|note| !tells_news(note.as_str()))
        .map(|note| offset + note.start()..offset + note.end())
}

/// Words that make a sentence about a writer news rather than a note: a
/// relative clause ("… a reporter for the Gazette who broke the story") or
/// reported speech.
const NEWS_WORDS: [&str; 7] = ["who", "whose", "which", "said", "says", "told", "when"];

/// Whether `note` holds one of the [`NEWS_WORDS`].
fn tells_news(note: &str) -> bool {
    note.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        NEWS_WORDS
            .iter()
            .any(|news| word.eq_ignore_ascii_case(news))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        author_notes(text)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn a_note_that_ends_the_text_with_its_footer() {
        let text = "the pier reopens in may the board said mara quinn is the editor of the \
                    gazette s harbour pages harbour gazette 1998 2024\n";
        assert_eq!(
            found(text),
            vec![
                "mara quinn is the editor of the gazette s harbour pages harbour gazette 1998 2024"
            ]
        );
        let text = "The pier reopens in May.\n\nMara Quinn is a reporter for the Harbour Gazette.";
        assert_eq!(
            found(text),
            vec!["Mara Quinn is a reporter for the Harbour Gazette."]
        );
    }

    #[test]
    fn the_same_words_before_the_article_goes_on_are_news() {
        let text = "Mara Quinn is a reporter for the Harbour Gazette. She broke the story of \
                    the trust's debts in May, and the board resigned a week later.";
        assert!(found(text).is_empty());
        let last = "The pier reopens in May.\n\nMara Quinn is a reporter for the Gazette who broke the story in May.";
        assert!(found(last).is_empty());
        let far = format!(
            "mara quinn is the editor of the gazette {}",
            "and the board met again ".repeat(8)
        );
        assert!(found(&far).is_empty());
    }

    #[test]
    fn a_note_that_names_a_book_or_a_beat_anywhere() {
        let text = "Marta Visser is a historian at the Coastal University and the author of \
                    Ferries of the North Sea.\n\nThe board met on Monday.\n\nJan Smit is a \
                    reporter at the Gazette, where he covers the harbour.\n\nThe pier reopens in May.\n";
        assert_eq!(
            found(text),
            vec![
                "Marta Visser is a historian at the Coastal University and the author of Ferries of the North Sea.",
                "Jan Smit is a reporter at the Gazette, where he covers the harbour."
            ]
        );
    }

    #[test]
    fn a_person_in_the_news_is_no_note() {
        let text = "Maria Lopez is a nurse at the county hospital, where the strike began.\n\n\
                    The author of the report, Jan Smit, is a former harbour master.\n\n\
                    Jan Smit is the author of the report. He said so on Monday, and the board agreed.\n\n\
                    Priya Patel is a Labour MP and the author of the bill.\n\n\
                    Anna Berg is a nurse at St Mary's, where she teaches trainee midwives.\n\n\
                    Tom Reed is a reporter at the Post and the author of the leaked memo, police said.\n\n\
                    The pier reopens in May.\n";
        assert!(found(text).is_empty());
    }

    #[test]
    fn a_line_note_that_the_note_at_the_end_overlaps_widens_it() {
        let text = "The pier reopens in May.\n\nMara Quinn is a historian and the author of \
                    Ferries. Jan Smit is a reporter for the Harbour Gazette";
        assert_eq!(
            found(text),
            vec!["Mara Quinn is a historian and the author of Ferries. Jan Smit is a reporter for the Harbour Gazette"]
        );
    }

    #[test]
    fn a_tail_cut_inside_a_word_offers_no_name() {
        let text = format!(
            "{}quinn is the editor of the gazette",
            "x".repeat(TAIL_BYTES - 20)
        );
        assert_eq!(found(&text), Vec::<&str>::new());
        let text = format!(
            "{} mara quinn is the editor of the gazette",
            "é".repeat(700)
        );
        assert_eq!(
            found(&text),
            vec!["mara quinn is the editor of the gazette"]
        );
    }
}
