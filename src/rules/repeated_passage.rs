//! `repeated-passage`: text that already appeared earlier in the same document.
//!
//! The words are compared as lowercase ids, so line breaks, case and the
//! punctuation around words don't matter. [`find_repeats`] factorizes the word
//! sequence the way LZ77 does: scanning left to right, each stretch of at
//! least `min_words` words that already occurred earlier becomes one repeat,
//! extended to the longest copy of one earlier place. Earlier places are
//! found by rolling hashes of `min_words`-word windows; a first pass marks the
//! hashes that occur twice in a bitset, so only those windows are stored, and
//! a clean document costs two linear passes and a few bits per word.

use std::cell::{Cell, OnceCell};
use std::ops::{Range, RangeInclusive};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::chrome_words::ChromeWords;
use crate::common_words::common_word_hashes;
use crate::diagnostic::{Diagnostic, Span};
use crate::document::{is_apostrophe, Document, Tokens as DocumentTokens, Word, SENTENCE_ENDS};
use crate::error::Error;
use crate::fix::{deletion_with_separator, Edit, Fix};
use crate::rule::{declare_rule, parse_options, require_at_least, Rule, RuleMeta, RuleOptions};
use crate::rules::leftover_script::syntax_marks;
use crate::rules::script_odds;
use crate::source::floor_char_boundary;

declare_rule! {
    /// ## What it does
    /// Finds passages that already appeared earlier in the same document: an
    /// article body pasted again by infinite scroll or pagination, a print
    /// version appended to the web version, a paragraph duplicated by a
    /// careless copy. A passage is a repeat when at least 50 consecutive words
    /// (compared without regard to case, line breaks or punctuation) occurred
    /// before. Shorter repeats count where the text shows how they came about:
    /// - a copy that starts right where its source ends (a paragraph pasted
    ///   twice in place, the last paragraph appended again, A B B B), and a
    ///   copy that ends the document and repeats the end of its body
    ///   (infinite scroll), also when only a footer follows it (lines that
    ///   are not prose, such as "Top" and "Back to top"; in stripped text,
    ///   up to 40 words that lean to chrome): from 15 words in stripped
    ///   text and 25 in punctuated text; a tail on lines of its own that
    ///   starts inside a sentence goes from its first word, not from its
    ///   first whole sentence;
    /// - infinite scroll's shrinking tails (the end of a paragraph, from
    ///   inside a sentence, pasted after it; copies in tandem that shrink
    ///   or keep their length, each repeating the end of the same source,
    ///   unless a formula of a few words says them over and over): from 10
    ///   words; and after such a chain, or any copy in tandem, the shorter
    ///   copies of the source's end that follow it on one line (in
    ///   punctuated text, character for character): from 6 words;
    /// - in flattened text, a copy in tandem on its source's line, unless
    ///   it is a shorter pattern said again ("sing it loud sing it proud"):
    ///   from 12 words;
    /// - in punctuated text, whole lines of prose pasted again right after
    ///   themselves (a paragraph duplicated in place, the last paragraph
    ///   appended again): from 12 words, unless they name a code
    ///   identifier (`attr_name`);
    /// - in punctuated text, whole lines of mostly names and numbers (a
    ///   match report's line-ups, scorers and attendance) pasted again
    ///   right after themselves at the end of the text, unless a formula of
    ///   a few words says them over and over: from 10 words;
    /// - in punctuated text, a copy in tandem whose seam cuts a sentence
    ///   ("… led the side at Coach Lee, who …"), character for character,
    ///   in lines of prose (also the end of one paragraph and the start of
    ///   the next, pasted again mid-sentence, unless they name a code
    ///   identifier): from 12 words;
    /// - in punctuated text, a teaser line that the paragraph after it
    ///   begins with, also when chrome lines (short lines, or one long
    ///   line that ends no sentence, such as a related article's headline;
    ///   under a teaser cut off mid-sentence, any lines of up to 40 words,
    ///   such as an author's note) interrupt the paragraphs that repeat it
    ///   (down to the teaser's last few words: "… an all-time record.
    ///   Figures" over "… an all-time record.", a line of chrome, "Figures
    ///   from …"): from 20
    ///   words, or from 10 when only a headline stands between (at most
    ///   12 words, in lines that end no sentence) and the teaser stops
    ///   where the paragraph's words do (not "… is used." over "… is
    ///   used; only");
    /// - in punctuated text, a standfirst printed above the headline and
    ///   again as the article's first paragraph under it: a whole
    ///   paragraph, a headline line that restates two of its content words
    ///   and names no identifier, then the same paragraph with the article
    ///   going on, from 20 words; not when the line above the first
    ///   occurrence restates it too (two manual entries under their own
    ///   headings);
    /// - in flattened text, a teaser: a source followed on its line, after
    ///   a headline of at most 12 words, by the article that opens with
    ///   its words and goes on into 100 words seen nowhere else (also when
    ///   up to 80 words of chrome interrupt the article's copy): from 20
    ///   words, or from 10 when the headline restates two content words of
    ///   the teaser, or other forms of them ("… rupee hits five year high"
    ///   over "… rupee has hit a five year high after …", "jails" for
    ///   "jailed"), or from 12 when the teaser follows words of site chrome (a menu,
    ///   a consent prompt, an app banner: words that chrome uses far more
    ///   than prose, in the table of `extend-over = "chrome-words"`) and
    ///   neither it nor the article's copy follows code words, or from 10
    ///   when the teaser opens the text (a careless scrape starts with the
    ///   page's title and teaser) and the article's copy follows no code
    ///   words;
    /// - a copy of a source that chrome interrupts, pasted without it
    ///   (also when the words on one side of the chrome are too few to
    ///   count as a piece: "… and Toyota.", a line of chrome, "The
    ///   problem …", then "and Toyota. The problem …")
    ///   (chrome: short lines, a line that ends no sentence, or lines
    ///   whose words lean to chrome in the `chrome-words` table, such as
    ///   a newsletter prompt): its pieces count together, unless they
    ///   name a code identifier;
    ///   in punctuated text (chrome lines between lines of prose) from 50
    ///   words, or 25 when the copy follows its source; in flattened text
    ///   only when the copy follows its source on the same line, from 15;
    /// - a copy that chrome interrupts counts with all its pieces when the
    ///   earlier occurrence is page state (it reads as code where the copy
    ///   does not) or, in punctuated text, a teaser just before it.
    ///
    /// Each repeat is reported once, as the longest copy of one
    /// earlier place, with a label at the first occurrence; a text pasted
    /// again together with the copies it already held is one finding.
    ///
    /// Code that a writer shows twice is not reported: a copy whose words,
    /// numbers and single letters aside, score a mean of -0.75 nats or more
    /// as code in leftover-script's learned table (a query, a program),
    /// where the 24 words before each occurrence score -1.5 or less (prose
    /// that introduces it). A tutorial shows its query again as it grows
    /// it; code left over from the page is leftover-script's to find.
    ///
    /// ## Why is this bad?
    /// A reader sees the same text twice; a corpus built from such pages
    /// over-weights every repeated article, and every other problem inside the
    /// copy is reported again.
    ///
    /// Where the document still has sentence punctuation, only whole repeated
    /// sentences count: legal and technical texts legitimately repeat long
    /// clauses inside different sentences. The thresholds are measured on
    /// clean text: refrains in songs and poems, verses repeated in scripture
    /// and clauses repeated in licences stay below 50 words; API references
    /// repeat the same 21-to-24-word description of two sibling functions
    /// side by side, so short copies in tandem count only from 25 words
    /// unless the seam cuts a sentence (the descriptions stop at full stops)
    /// or they are whole lines that name no identifier (the descriptions
    /// name their parameters), and only in prose layout (lines of 12 words
    /// or more, not verse or lists). A sentence restated half over is
    /// recased or repunctuated, and a chant ("la la la …") repeats a
    /// shorter unit: neither counts.
    ///
    /// A list that the writer repeats with entries changed is content, not
    /// a scraping repeat: a meal plan or a timetable that gives each day
    /// the same entries but one. A copy in a list's layout (three lines or
    /// more, at most a third of its words in lines of prose) is not
    /// reported when, within 160 words before or after it, both the source
    /// and the copy have other words of about the same length (at most
    /// twice as many on one side) and then agree again for eight words,
    /// unless its earlier occurrence lies in code. A glitch adds or drops
    /// whole lines between the pieces of a copy (one side's gap is empty),
    /// but does not rewrite them. Text flattened onto one line has no
    /// layout to tell a list by, and stays as it was.
    ///
    /// In any layout, a passage that fills one template twice is not a
    /// repeat: two manual entries that describe sibling functions in the
    /// same words, between their own names. When, on both sides of the
    /// passage, each occurrence has at most 12 other words and the two
    /// then agree again for six words or more, but for fewer than a
    /// passage of their own (`min-words`, 50), the copy is not reported.
    /// A copy pasted by a scraper differs from its source by what was
    /// inserted on one side (chrome), and the pieces of a longer copy
    /// whose seams differ (escaped line breaks in page state, an ad's
    /// label on the page) agree on for a whole passage past each seam.
    ///
    /// Nor are two variants of one text, in any layout: a meal plan's days
    /// or a timetable's weeks that restate each other with entries
    /// changed, added or left out, also once flattened onto one line.
    /// Reading outward from the two occurrences, the alignment of their
    /// surroundings goes on past four edits or more (each at most 24 words
    /// on each side), at least two of them words changed on both sides,
    /// with at most 120 agreeing words per edit. Chrome inserted into a
    /// pasted copy skips words on one side only.
    ///
    /// ## Example
    /// ```text
    /// the council approved the new budget on monday after a long debate about road repairs and the future of the old library building which has stood empty since the flood two winters ago and which several members want to turn into a community hall with a small museum of local history on the upper floor
    /// the council approved the new budget on monday after a long debate about road repairs and the future of the old library building which has stood empty since the flood two winters ago and which several members want to turn into a community hall with a small museum of local history on the upper floor
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// the council approved the new budget on monday after a long debate about road repairs and the future of the old library building which has stood empty since the flood two winters ago and which several members want to turn into a community hall with a small museum of local history on the upper floor
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the later copy together with the space or line break
    /// next to it, so the text around it still reads on. It is safe: the words
    /// stay in the document once, at their first occurrence, which is never
    /// itself deleted by a safe fix.
    ///
    /// The first occurrence is not always the one to keep. When it lies inside
    /// code (a page's JSON state, a script's strings) while the later one is
    /// prose, or when it stands alone as a teaser that the later paragraph
    /// begins with, the diagnostic marks the earlier occurrence instead, and
    /// its fix, deleting that one, is unsafe: the article's prose is never
    /// removed. In stripped text, the earlier occurrence is taken for code
    /// when some six of the 24 words before it read as code together in
    /// leftover-script's learned table ("window initial state article id
    /// 52 headline ... body ..."), the words before the copy do not, the
    /// copy does not follow right after it, and no other repeat copies the
    /// same words (infinite scroll pastes the article again and again, page
    /// state holds it once and closes before the page's text); a copy that
    /// chrome interrupts stays in code as long as its source goes on from
    /// there. Where the page prints the article in pieces between chrome
    /// (up to 120 words of it: a byline, an author's bio, a menu), the
    /// source of a later piece lies deep in the state's string: when the
    /// words right before that source also come before the copy, at least
    /// a search window of them, the code words are looked for before those.
    /// A string of page state that the page prints (JSON-LD's
    /// `articleBody`) is code, even where the state holds it twice, when it
    /// is enclosed: six of the 48 words before it read as code
    /// (the keys, then a headline and a standfirst); after the last piece's
    /// source, once the article's words end (a last paragraph too short to
    /// count as a repeat, found after the copy too), 24 words score a mean
    /// of 3 quarter-nats a word as code (the next keys, dates and ids; a
    /// phone number or a numbered menu does not); the copy has code words
    /// on neither side. The state's pieces may part at escaped line breaks
    /// (up to two words, "n nthe") that the page does not print. Words
    /// whose earlier occurrence already goes as code stay in the copy that
    /// decision kept: another copy of them (the state's second) goes. State
    /// that stores the paragraphs as records in an order of its own goes
    /// whole: a record that ends at most 12 words (its keys) before the
    /// code found is code too, and all the records go in one pass.
    /// Where no lines tell a teaser apart, the earlier occurrence is
    /// taken for a teaser when it ends at most 40 words (a headline and a
    /// byline) before the copy and the copy goes on into at least 100
    /// words, and twice its own length, found nowhere else: the
    /// rest of the article; not when the copy's words come a third time
    /// within 40 words after it (records of page state that open with the
    /// same keys). Under a headline that restates it ("india s
    /// rupee hits five year high"), a teaser needs only the 100 words
    /// after its copy: a short article after a long teaser.
    ///
    /// ## Options
    /// `min-words` (default 50): the shortest repeat reported without other
    /// evidence, in words; the shorter floors above never exceed it.
    /// ```toml
    /// [rules.repeated-passage]
    /// min-words = 80
    /// ```
    pub(crate) const META = {
        name: "repeated-passage",
        category: Artefact,
        severity: Warning,
        fix: Always,
    }
}

/// Default of the `min-words` option: the shortest repeat reported.
pub(crate) const DEFAULT_MIN_WORDS: usize = 50;

/// How many earlier places are remembered for one window; bounds the work on
/// pathological input ("the the the ...") while finding real repeats, which
/// have few earlier places.
const CANDIDATES: usize = 4;

/// A document whose sentences average more words than this between full
/// stops is treated as stripped of punctuation.
const MAX_WORDS_PER_SENTENCE: usize = 60;

/// How short a repeat may be, in words, when the text gives evidence that
/// it is a scraping repeat rather than a refrain, a formula or a quotation
/// (measured on the clean corpus; see the rule's docs).
struct Floors {
    /// A copy that starts where its source ends (A B B, or A B B B after a
    /// chain of copies): scrapers repeat that way, writers seldom do.
    tandem: usize,
    /// A copy in tandem on its source's line whose words are not a
    /// shorter pattern said again ("i like it i hate it i like it i hate
    /// it", "bi bi bi"): in flattened text, a line holds a whole page.
    tandem_on_one_line: usize,
    /// A copy that ends the document and repeats the end of its body, as
    /// infinite scroll appends it again (with a little chrome between).
    tail: usize,
    /// A copy in tandem that starts inside a sentence and repeats the end of
    /// its source's line: infinite scroll's shrinking tails ("…rights
    /// activists. drawing criticism from … rights activists."). No writer
    /// repeats half a sentence of the line before.
    tandem_suffix: usize,
    /// A copy in tandem whose seam breaks a sentence: its source starts or
    /// ends inside one, so the text runs on across the seam ("… led the
    /// Dutch at Dutch coach …"). Writers repeat whole sentences for effect;
    /// a page glitch repeats whatever stretch it cut.
    tandem_across_sentences: usize,
    /// Copies in tandem that shrink (or keep their length), each repeating
    /// the end of the same source: infinite scroll pasting the article's
    /// tail again and again. The first counts when the next follows it.
    shrinking_tail: usize,
    /// Whole lines of prose pasted again right after themselves: a
    /// paragraph duplicated in place, the last paragraph appended again.
    /// Sibling functions in an API reference share a description word for
    /// word, but it names their parameters (`attr_name`), and such
    /// paragraphs do not count.
    tandem_paragraph: usize,
    /// Whole lines of names and numbers that end the body (a match
    /// report's line-ups, scorers, attendance and referee) pasted again
    /// right after themselves at the end of the text. Verse and prose
    /// repeat lines of words, not of names and figures.
    appended_record: usize,
    /// A line of its own that a later paragraph starts with and goes on
    /// from: a teaser or standfirst, cut anywhere, even inside a sentence.
    teaser: usize,
    /// A teaser ([`Self::teaser`]) with only a headline between it and the
    /// paragraph: at most [`MAX_HEADLINE_WORDS`] words in lines that end no
    /// sentence, the paragraph a line of prose, and no other mark after the
    /// copy's last word than after the teaser's. Sibling entries of an
    /// API reference that extend each other's description have a
    /// signature or a sentence between, or go on where the shorter one
    /// ends its sentence.
    teaser_under_headline: usize,
    /// In flattened text, a copy close after its source that goes on into
    /// a long stretch of text seen nowhere else: the article after its
    /// teaser ([`Evidence::is_flattened_teaser`]).
    flattened_teaser: usize,
    /// A flattened teaser ([`Self::flattened_teaser`]) with only a headline
    /// between it and the article, a headline that restates it: at most
    /// [`MAX_HEADLINE_WORDS`] words, [`MIN_ECHOED_WORDS`] of them content
    /// words of the teaser ([`Evidence::headline_echoes_teaser`]). Manuals'
    /// parallel clauses and scripture's formulas come back a few words
    /// later, but what stands between does not restate them.
    flattened_teaser_under_headline: usize,
    /// A flattened teaser ([`Self::flattened_teaser`]) that follows words
    /// of chrome ([`Evidence::follows_chrome`]): a page's menu, consent
    /// prompt or app banner above the teaser, the headline and the
    /// article. Manuals' clauses that come back a few words later follow
    /// prose. (A page's title opens a careless scrape, and its later copy
    /// may lie in page state, where code words do not always show.)
    flattened_teaser_after_chrome: usize,
    /// A flattened teaser ([`Self::flattened_teaser`]) that opens the
    /// text: a careless scrape starts with the page's title and teaser,
    /// before the headline and the article that the teaser quotes. A
    /// phrase of a writer's that comes back a few words later, a refrain or
    /// a formula, does not open the text.
    flattened_teaser_opening: usize,
    /// Any copy, with no other evidence.
    anywhere: usize,
}

/// Floors where the punctuation is gone. Repeats anywhere keep the
/// `min-words` floor even here: flattened manuals and scripture repeat
/// clauses of 30 to 49 words hundreds of times.
const FLATTENED: Floors = Floors {
    tandem: 15,
    tandem_on_one_line: 12,
    tail: 15,
    tandem_suffix: 10,
    tandem_across_sentences: usize::MAX,
    shrinking_tail: 10,
    tandem_paragraph: usize::MAX,
    appended_record: usize::MAX,
    teaser: usize::MAX,
    teaser_under_headline: usize::MAX,
    flattened_teaser: 20,
    flattened_teaser_under_headline: 10,
    flattened_teaser_after_chrome: 12,
    flattened_teaser_opening: 10,
    anywhere: usize::MAX,
};

/// Floors in punctuated text, where API references and fortune files repeat
/// whole paragraphs of 15 to 24 words next to each other.
const PUNCTUATED: Floors = Floors {
    tandem: 25,
    tandem_on_one_line: usize::MAX,
    tail: 25,
    tandem_suffix: 10,
    tandem_across_sentences: 12,
    shrinking_tail: 10,
    tandem_paragraph: 12,
    appended_record: 10,
    teaser: 20,
    teaser_under_headline: 10,
    flattened_teaser: usize::MAX,
    flattened_teaser_under_headline: usize::MAX,
    flattened_teaser_after_chrome: usize::MAX,
    flattened_teaser_opening: usize::MAX,
    anywhere: usize::MAX,
};

/// A short teaser counts only this close (in words) before the paragraph
/// that repeats it: a headline, a byline and a photo credit fit between. In
/// manuals, summaries that a later paragraph repeats lie farther away.
const TEASER_MAX_GAP: usize = 40;

/// How many words may interrupt a copy between two of its pieces: an ad
/// slot, a share bar, a line or two of chrome between two paragraphs.
const MAX_INTERRUPTION: usize = 40;

/// How many words may interrupt the article's copy of a flattened teaser
/// between two of its pieces: without lines or punctuation the chrome
/// cannot be told apart, and a page sets a footer's notice and a widget
/// there as often as an ad slot.
const MAX_TEASER_INTERRUPTION: usize = 2 * MAX_INTERRUPTION;

/// How many words of chrome may stand between two pieces of an article
/// whose source in page state is looked for
/// ([`Evidence::source_follows_code_words`]): a byline, an author's bio, a
/// menu and a newsletter prompt.
const MAX_CHROME_BETWEEN_PIECES: usize = 3 * MAX_INTERRUPTION;

/// How many words at the seam between two pieces of an article in page
/// state may stand for its escaped line breaks (`\n\nI'm`, flattened
/// "n ni m"), where the page prints none ([`piece_before`]).
const MAX_ESCAPED_SEAM: usize = 2;

/// How many words of keys may stand between two records of page state
/// that hold an article's paragraphs ("id b003 type paragraph text").
const MAX_RECORD_GAP: usize = 12;

/// How many pieces after the first a copy is followed up in.
const MAX_PIECES: usize = 8;

/// In flattened text, how many words of text seen nowhere else must follow
/// a copy for its earlier occurrence to read as a teaser of it: the rest of
/// an article, not a line of chrome (and twice the copy's length when no
/// other evidence finds the copy).
const FLATTENED_TEASER_CONTINUATION: usize = 100;

/// The most words of the entries a list changes between two of its
/// copies ([`Evidence::is_edited_list`]).
const MAX_EDIT: usize = 160;

/// How many words, on either side of a passage, may differ between its two
/// occurrences before they agree again ([`is_restated_in_a_template`]).
const MAX_SUBSTITUTION: usize = 12;

/// How many words in a row must agree again after a substitution.
const RESYNC_WORDS: usize = 6;

/// The fewest lines of a list ([`Evidence::is_list_layout`]).
const MIN_LIST_LINES: usize = 3;

/// The most words of a list's entry ([`Evidence::is_list_layout`]).
const MAX_ENTRY_WORDS: usize = 60;

/// In a list's layout, at most one word in this many stands in a line of
/// prose ([`Evidence::is_list_layout`]).
const LIST_WORDS_PER_PARAGRAPH_WORD: usize = 3;

/// The fewest words in which a list's copy agrees with its source again
/// after a changed entry ([`Evidence::is_edited_list`]).
const MIN_RESUMED: usize = 8;

/// The most words one edit between a text and its variant skips on each
/// side ([`is_variant_of_source`]).
const MAX_VARIANT_EDIT: usize = 24;

/// The fewest edits that make a passage's two occurrences variants of one
/// text ([`is_variant_of_source`]).
const MIN_VARIANT_EDITS: usize = 4;

/// The fewest of those edits that change words on both sides: chrome
/// inserted into one occurrence skips words on one side only.
const MIN_VARIANT_SUBSTITUTIONS: usize = 2;

/// At most this many words agree per edit between two variants; a copy
/// pasted again with an ad every few paragraphs agrees for longer.
const MAX_WORDS_PER_VARIANT_EDIT: usize = 120;

/// How many words the alignment of two variants is followed for on each
/// side of the passage.
const VARIANT_REACH: usize = 600;

/// The lowest mean score, in quarter-nats per word of the `chrome-words`
/// table, of lines that read as chrome ([`Evidence::reads_as_chrome`]):
/// an unlisted word scores -6, a newsletter prompt's words average about
/// -0.3, a copyright line's +1.7, a line of news prose -5 to -6.
const MIN_CHROME_LINE_SCORE: i64 = -2;

/// Lines of prose hold at least this many words on average; verse, lists
/// and menus break lines more often, and their repeated lines are not
/// scraping repeats.
const MIN_WORDS_PER_PROSE_LINE: usize = 12;

/// The least share of words, in percent, that open with a capital or a
/// digit in lines of names and numbers ([`Evidence::is_appended_record`]);
/// a line of verse or prose opens one word in several with a capital.
const MIN_RECORD_SHARE: usize = 60;

/// The most copies a chain is followed back over
/// ([`Repeat::chain_start`]); scroll glitches paste a passage a few times,
/// not dozens.
const MAX_CHAIN_COPIES: usize = 64;

/// The most words a piece of an interrupted passage is followed for
/// ([`Evidence::pieces_after`]): longer than any article's stretch between
/// two interruptions, and short enough that a text which repeats itself
/// throughout (where every piece would run on to the copy) stays linear.
const MAX_PIECE_WORDS: usize = 4096;

/// The fewest words of a tail that follows a chain of copies of its
/// source's end ([`Evidence::short_tail_after`]): infinite scroll pastes
/// the article's last words again, shorter each time, below any window
/// the search can use.
const MIN_SHORT_TAIL: usize = 6;

/// The repeated-passage rule.
pub(crate) struct RepeatedPassage {
    min_words: usize,
    /// Token hashes of the words that carry no topic
    /// ([`Evidence::headline_echoes_teaser`]).
    common: FxHashSet<u32>,
    /// How much more chrome than prose uses each word
    /// ([`Evidence::follows_chrome`]).
    chrome: ChromeWords,
}

/// `[rules.repeated-passage]` options.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// The shortest repeat reported, in words.
    min_words: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            min_words: DEFAULT_MIN_WORDS,
        }
    }
}

impl RepeatedPassage {
    /// The rule with `options` from `[rules.repeated-passage]`.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        let options: Options = parse_options(META.name.as_ref(), options)?;
        require_at_least(META.name.as_ref(), "min-words", options.min_words as u64, 2)?;
        Ok(Self {
            min_words: options.min_words,
            common: common_word_hashes()?,
            chrome: ChromeWords::builtin()?,
        })
    }
}

/// Which occurrence of a passage chrome interrupts between two pieces.
#[derive(Debug, Clone, Copy)]
enum Interrupted {
    /// The later copy: ads and share bars set between the paragraphs of
    /// the article on the page, after its copy in page state or a teaser.
    Copy,
    /// The earlier occurrence: a glitch pasted the paragraphs again
    /// without the chrome between them.
    Source,
}

/// A stretch of words that copies an earlier stretch of the same length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repeat {
    /// The word indices of the later copy.
    pub(crate) copy: Range<usize>,
    /// The word index where the earlier occurrence starts.
    pub(crate) source: usize,
}

impl Repeat {
    fn source_range(&self) -> Range<usize> {
        self.source..self.source + self.copy.len()
    }

    /// Where the chain of copies that ends just before this one starts
    /// (`before` are the repeats found earlier), or this copy's start. The
    /// walk back stops once it has passed the source's end, and after
    /// [`MAX_CHAIN_COPIES`] copies: a text that is one long chain of short
    /// repeats would make it quadratic.
    fn chain_start(&self, before: &[Repeat]) -> usize {
        let source_end = self.source + self.copy.len();
        let mut start = self.copy.start;
        for earlier in before.iter().rev().take(MAX_CHAIN_COPIES) {
            if start <= source_end || earlier.copy.end != start {
                break;
            }
            start = earlier.copy.start;
        }
        start
    }
}

/// What the document says about a repeat: how short it may be and still be
/// a scraping repeat rather than a refrain, a formula or a quotation.
struct Evidence<'a> {
    document: &'a Document<'a>,
    tokens: &'a DocumentTokens,
    /// The `min-words` option: the length that needs no other evidence.
    min_words: usize,
    punctuated: bool,
    /// Token hashes of the words that carry no topic.
    common: &'a FxHashSet<u32>,
    /// How much more chrome than prose uses each word.
    chrome: &'a ChromeWords,
    /// Which tokens end a line, indexed once the layout tests have asked
    /// about as many tokens as the text holds, one by one.
    line_ends: OnceCell<LineEnds>,
    /// How many tokens the layout tests have asked about one by one.
    line_ends_scanned: Cell<usize>,
}

/// Which tokens end a line, as bits, with the count before each block of
/// 64: counting the line ends in a range takes two lookups and a few
/// popcounts, where asking token by token made a long chain of short copies
/// quadratic.
struct LineEnds {
    bits: Vec<u64>,
    /// The line ends in the blocks before each block.
    before_block: Vec<u32>,
}

impl LineEnds {
    fn new(count: usize, ends_line: impl Fn(usize) -> bool) -> Self {
        let mut bits = vec![0u64; count.div_ceil(64)];
        for (index, block) in bits.iter_mut().enumerate() {
            for bit in 0..64 {
                let token = index * 64 + bit;
                if token < count && ends_line(token) {
                    *block |= 1 << bit;
                }
            }
        }
        let mut before_block = Vec::with_capacity(bits.len());
        let mut total = 0u32;
        for block in &bits {
            before_block.push(total);
            total += block.count_ones();
        }
        LineEnds { bits, before_block }
    }

    /// The line ends among the tokens before token `end`.
    fn before(&self, end: usize) -> usize {
        let (block, bit) = (end / 64, end % 64);
        let Some(&counted) = self.before_block.get(block) else {
            return self.before_block.last().map_or(0, |&last| {
                last as usize + self.bits.last().map_or(0, |bits| bits.count_ones() as usize)
            });
        };
        let below = self.bits[block] & ((1u64 << bit) - 1);
        counted as usize + below.count_ones() as usize
    }

    /// The line ends among tokens `range`.
    fn count(&self, range: Range<usize>) -> usize {
        self.before(range.end) - self.before(range.start)
    }
}

impl<'a> Evidence<'a> {
    /// The byte offsets of the document's tokens.
    fn spans(&self) -> TokenSpans<'a> {
        TokenSpans {
            document: self.document,
            tokens: self.tokens,
        }
    }

    /// Where the document's sentences end, in tokens.
    fn sentences(&self) -> Sentences<'a> {
        Sentences {
            document: self.document,
            tokens: self.tokens,
        }
    }

    fn floors(&self) -> &'static Floors {
        if self.punctuated {
            &PUNCTUATED
        } else {
            &FLATTENED
        }
    }

    /// The fewest words of a repeat found anywhere, without other
    /// evidence: a piece this long is a passage of its own.
    fn long_piece(&self) -> usize {
        self.min_words.min(self.floors().anywhere)
    }

    /// The shortest length any evidence allows: the window to search with.
    fn shortest(&self) -> usize {
        let floors = self.floors();
        [
            floors.tandem,
            floors.tandem_on_one_line,
            floors.tail,
            floors.tandem_suffix,
            floors.tandem_across_sentences,
            floors.shrinking_tail,
            floors.tandem_paragraph,
            floors.appended_record,
            floors.teaser,
            floors.teaser_under_headline,
            floors.flattened_teaser,
            floors.flattened_teaser_under_headline,
            floors.flattened_teaser_after_chrome,
            floors.flattened_teaser_opening,
            floors.anywhere,
        ]
            .into_iter()
            .fold(self.min_words, usize::min)
    }

    /// The shortest length at which `repeat` counts, given the repeats found
    /// `before` it and the `windows` of words that occur more than once.
    fn floor(&self, repeat: &Repeat, before: &[Repeat], windows: &RepeatedWindows) -> usize {
        let floors = self.floors();
        let length = repeat.copy.len();
        let mut floor = self.long_piece();
        let mut lower = |evidence: usize, holds: &dyn Fn() -> bool| {
            if evidence < floor && length >= evidence && holds() {
                floor = evidence;
            }
        };
        let source_end = repeat.source + length;
        let chain_start = || repeat.chain_start(before);
        let prose = || self.is_prose_layout(repeat.copy.clone());
        lower(floors.tandem, &|| chain_start() == source_end && prose());
        // One copy: another right after it would chain to the source's
        // other piece, which the scan takes for its own source.
        lower(floors.tandem, &|| {
            self.interrupted_tandem(repeat).is_some_and(|(_, trail)| {
                !windows.has_marked_run(repeat.copy.end + trail, REPEAT_MARKS, REPEAT_MARKS)
            }) && self.is_prose_layout(repeat.copy.clone())
                && self.is_exact_copy(repeat)
        });
        lower(floors.tandem_on_one_line, &|| {
            chain_start() == source_end
                && !is_periodic(&self.tokens.hashes[repeat.source..repeat.copy.end], length)
                && self.is_one_line(repeat.source..repeat.copy.end)
        });
        lower(floors.tandem_suffix, &|| self.is_tandem_suffix(repeat, before));
        lower(floors.tandem_across_sentences, &|| {
            self.is_tandem_across_sentences(repeat, before)
        });
        lower(floors.appended_record, &|| {
            self.is_appended_record(repeat, before)
        });
        lower(floors.tandem_paragraph, &|| {
            self.is_paragraph_in_tandem(repeat, before)
        });
        lower(floors.teaser, &|| {
            repeat.copy.start - source_end <= TEASER_MAX_GAP && self.is_teaser(repeat) && prose()
        });
        lower(floors.teaser_under_headline, &|| {
            self.is_headline(source_end..repeat.copy.start)
                && self.is_teaser(repeat)
                && self.starts_prose_line(repeat.copy.start)
                && self.stops_where_the_copy_goes_on(repeat)
        });
        lower(floors.teaser, &|| self.is_standfirst_above_headline(repeat));
        lower(floors.flattened_teaser, &|| {
            self.is_flattened_teaser_when_found(repeat, before, windows)
        });
        lower(floors.flattened_teaser_after_chrome, &|| {
            self.follows_chrome(repeat.source)
                && !self.follows_code_words(repeat.copy.start)
                && self.is_flattened_teaser_when_found(repeat, before, windows)
        });
        lower(floors.flattened_teaser_opening, &|| {
            repeat.source == 0
                && !self.follows_code_words(repeat.copy.start)
                && self.is_flattened_teaser_when_found(repeat, before, windows)
        });
        lower(floors.flattened_teaser_under_headline, &|| {
            self.headline_echoes_teaser(repeat)
                && self.is_flattened_teaser_when_found(repeat, before, windows)
        });
        lower(self.shortest(), &|| self.is_teaser_piece(repeat, before));
        lower(self.shortest(), &|| self.is_piece_of_long_copy(repeat, before));
        lower(self.shortest(), &|| {
            self.is_piece_of_interrupted_source(repeat, before)
        });
        lower(floors.shrinking_tail, &|| self.is_shrinking_tail(repeat, before));
        lower(floors.tail, &|| {
            self.ends_the_text(repeat.copy.end)
                && source_end + length >= chain_start()
                && prose()
        });
        floor
    }

    /// Whether `repeat` is infinite scroll's tail pasted from inside a
    /// sentence: its copy opens a line and ends the text (or only a footer
    /// follows, [`ends_the_text`](Self::ends_the_text)), and its source ends
    /// a line. Trimmed to whole sentences, such a copy would leave its
    /// first words behind ("to take four months.").
    fn is_tail_from_inside_a_sentence(&self, repeat: &Repeat) -> bool {
        let source_end = repeat.source + repeat.copy.len();
        repeat.copy.start > 0
            && self.line_ends_after(repeat.copy.start - 1)
            && self.line_ends_after(source_end - 1)
            && self.ends_the_text(repeat.copy.end)
    }

    /// Whether the text ends at token `end`, or only a page's footer
    /// follows: in punctuated text, an [interruption](Self::is_interruption)
    /// (lines that are not prose, "Top", "Back to top"); in flattened text,
    /// at most [`MAX_INTERRUPTION`] words that lean to chrome.
    fn ends_the_text(&self, end: usize) -> bool {
        let rest = end..self.tokens.hashes.len();
        rest.is_empty()
            || (self.is_interruption(rest.clone()) && (self.punctuated || self.reads_as_chrome(rest)))
    }

    /// Whether a line ends after token `index` (or the text does).
    fn line_ends_after(&self, index: usize) -> bool {
        let tokens = self.tokens;
        index + 1 >= tokens.hashes.len()
            || (!tokens.is_continuation(index + 1)
                && self
                    .document
                    .gap_after(tokens.word_of(index))
                    .breaks_line())
    }

    /// The length of a match of `length` tokens at `source` and `start`
    /// (at least a search window) without the words it matches by chance:
    ///
    /// - at most [`MAX_RUN_ON`] words past the end of the source's line,
    ///   into a headline's line ([`MAX_HEADLINE_WORDS`]) before the copy,
    ///   where the copy's line goes on: a teaser's line runs on into the
    ///   headline under it ("… However" then "Kestrel planning …", where
    ///   the article goes on "… However Kestrel, a family firm …"). The
    ///   other way round, a teaser's line goes on where the article starts
    ///   a paragraph, and a copy in tandem may leave out its source's
    ///   paragraph break: those words agree;
    /// - the first pieces of a word that goes on differently on one side
    ///   ("car" of "car-park" against "car" of "car-parking").
    fn agreeing_length(&self, source: usize, start: usize, length: usize) -> usize {
        let width = self.shortest();
        let source_line_ends = |words: usize| {
            self.line_ends_after(source + words - 1) && !self.line_ends_after(start + words - 1)
        };
        // The line after the source's ends before the copy starts.
        let headline_before_copy = |words: usize| {
            let next_line = source + words..(source + words + MAX_HEADLINE_WORDS).min(start);
            next_line.into_iter().any(|index| self.line_ends_after(index))
        };
        let mut length = (length.saturating_sub(MAX_RUN_ON).max(width).max(1)..length)
            .find(|&words| source_line_ends(words) && headline_before_copy(words))
            .unwrap_or(length);
        while length > width
            && (self.continues_word(source + length) || self.continues_word(start + length))
        {
            length -= 1;
        }
        length
    }

    /// Whether token `index` goes on the word of the token before it,
    /// joined to it by a hyphen or an apostrophe ("spam" in "anti-spam",
    /// the "s" of "it's").
    fn continues_word(&self, index: usize) -> bool {
        let spans = self.spans();
        index > 0
            && index < self.tokens.hashes.len()
            && self.document.text()[spans.end(index - 1)..spans.start(index)]
                .chars()
                .all(|joint| is_apostrophe(joint) || matches!(joint, '-' | '\u{2010}' | '\u{2011}'))
    }

    /// Whether tokens `range` are whole lines: a teaser, a pull quote or a
    /// standfirst set on its own.
    fn is_whole_lines(&self, range: &Range<usize>) -> bool {
        !range.is_empty()
            && (range.start == 0 || self.line_ends_after(range.start - 1))
            && self.line_ends_after(range.end - 1)
    }

    /// Which occurrence of `repeat` a fix should delete: the earlier one when
    /// it lies inside code, or stands alone as a shorter teaser of the
    /// paragraph (in flattened text, the article) the copy begins; `None`
    /// keeps the first, as usual. `before` and `after` are the repeats found
    /// earlier and later, `continuation` the words after the copy up to the
    /// next one, `(copy, source)` the two occurrences' spans, and
    /// `source_copied_again` whether another repeat copies words of the same
    /// source.
    fn earlier_to_delete(
        &self,
        repeat: &Repeat,
        (before, after): (&[Repeat], &[Repeat]),
        continuation: usize,
        (copy, source): (Span, Span),
        source_copied_again: bool,
    ) -> Option<&'static str> {
        let text = self.document.text();
        // Without punctuation, code shows in its words only: the source
        // must follow code words and the copy must not. Page state holds
        // one copy of the article and closes before the page's own text,
        // where infinite scroll pastes the article (after whatever script
        // ended before it) again and again, or right after itself, with or
        // without the chrome that interrupts the earlier occurrence.
        let source_end = repeat.source + repeat.copy.len();
        let source_in_code = is_inside_code(text, source)
            || (!self.punctuated
                && !source_copied_again
                && repeat.chain_start(before) != source_end
                && !self.is_piece_of_interrupted_source(repeat, before)
                && self.source_follows_code_words(repeat)
                && !self.follows_code_words(repeat.copy.start))
            || (!self.punctuated && self.source_enclosed_in_code(repeat, after));
        if source_in_code && !is_inside_code(text, copy) {
            return Some(IN_CODE);
        }
        if self.is_teaser(repeat) || self.is_teaser_piece(repeat, before) {
            return Some(TEASER);
        }
        if self.is_standfirst_above_headline(repeat) {
            return Some("the earlier occurrence is a standfirst above the headline");
        }
        // Under a headline that restates it, a teaser found by other
        // evidence needs only the rest of an article after its copy.
        let needed = if self.headline_echoes_teaser(repeat) {
            FLATTENED_TEASER_CONTINUATION
        } else {
            Self::teaser_continuation(repeat)
        };
        self.is_flattened_teaser(repeat, before, continuation, needed)
            .then_some(FLATTENED_TEASER)
    }

    /// Whether, in flattened text, code words come before the source of
    /// `repeat`, or before the words right before it where the copy of
    /// those comes shortly before the copy ([`MAX_CHROME_BETWEEN_PIECES`]).
    /// Page state holds the article in one string, where the page prints
    /// it in pieces between chrome: the source of a later piece lies deep
    /// in the string, far from the state's opening.
    fn source_follows_code_words(&self, repeat: &Repeat) -> bool {
        self.follows_code_words(repeat.source)
            || piece_before(&self.tokens.hashes, repeat, MAX_CHROME_BETWEEN_PIECES, MAX_ESCAPED_SEAM).is_some_and(
                |piece| {
                    repeat.source - piece.source_start >= self.shortest()
                        && self.follows_code_words(piece.source_start)
                },
            )
    }

    /// Whether, in flattened text, the source of `repeat` is a string of
    /// page state that the page prints again: code words come before the
    /// source (within [`ENCLOSING_CODE_LOOKBACK`]: the state's keys, then a
    /// headline and a standfirst) and right after the end of the source of
    /// the copy's last piece ([`last_piece`]), where the string closes and
    /// the next keys follow; the copy has code words on neither side. One
    /// side alone is no evidence here: an article that a script follows
    /// and infinite scroll pastes again closes on code words too, but the
    /// copy of it stands between the same scripts.
    fn source_enclosed_in_code(&self, repeat: &Repeat, after: &[Repeat]) -> bool {
        let last = last_piece(repeat, after);
        let (source_end, copy_end) = (last.source + last.copy.len(), last.copy.end);
        // The words after the source are not the copy's own.
        source_end + CODE_LOOKBACK <= repeat.copy.start
            && self.source_closes_on_code(source_end, copy_end)
            && self.follows_code_words_within(repeat.source, ENCLOSING_CODE_LOOKBACK)
            && !self.follows_code_words(repeat.copy.start)
            && !self.precedes_code_words(copy_end)
    }

    /// Whether, in flattened text, the words shortly before token `start`
    /// read as code ([`Self::reads_as_code`] among the [`CODE_LOOKBACK`]
    /// before it). Flattened page state ("window initial state article id
    /// 52 headline ... body ...") opens with such words before the copy of
    /// the article its strings hold; prose, headlines and chrome do not.
    fn follows_code_words(&self, start: usize) -> bool {
        self.follows_code_words_within(start, CODE_LOOKBACK)
    }

    /// Whether some words among the `lookback` before token `start` read as
    /// code ([`Self::reads_as_code`]).
    fn follows_code_words_within(&self, start: usize, lookback: usize) -> bool {
        let first_word = self.tokens.word_of(start);
        let words = self.document.words();
        self.reads_as_code(&words[first_word.saturating_sub(lookback)..first_word])
    }

    /// Whether, in flattened text, the words right after token `end`
    /// (exclusive) read as code: the [`CODE_LOOKBACK`] after it score
    /// [`CODE_CLOSING_SCORE`] together in leftover-script's table. A string
    /// of page state closes on keys, dates and ids, each scoring as code;
    /// a phone number or a menu's numbers in the page's text make one short
    /// window read as code, not the words around them.
    fn precedes_code_words(&self, end: usize) -> bool {
        self.closes_on_code(end, <[Word]>::is_empty)
    }

    /// Whether, in flattened text, the source ending at token `source_end`
    /// closes on code words ([`Self::precedes_code_words`]) once the
    /// article it holds ends: the words between, at most
    /// [`ENCLOSING_CODE_LOOKBACK`] of them, are the article's too, found
    /// after the copy ending at token `copy_end` (save a seam's
    /// [`MAX_ESCAPED_SEAM`] escaped line breaks). A last paragraph too short
    /// to count as a repeat of its own stands there.
    fn source_closes_on_code(&self, source_end: usize, copy_end: usize) -> bool {
        let words = self.document.words();
        let copy_first = self.word_after(copy_end);
        let reach = ENCLOSING_CODE_LOOKBACK + MAX_CHROME_BETWEEN_PIECES;
        let after_copy: FxHashSet<&str> = words[copy_first..(copy_first + reach).min(words.len())]
            .iter()
            .map(|&word| self.document.word_text(word))
            .collect();
        self.closes_on_code(source_end, |between| {
            between
                .iter()
                .filter(|&&word| !after_copy.contains(self.document.word_text(word)))
                .count()
                <= MAX_ESCAPED_SEAM
        })
    }

    /// Whether some [`CODE_LOOKBACK`] words starting at most
    /// [`ENCLOSING_CODE_LOOKBACK`] words after token `end` (exclusive)
    /// score [`CODE_CLOSING_SCORE`] together, the words before them
    /// passing `between` (the first such window decides).
    fn closes_on_code(&self, end: usize, between: impl Fn(&[Word]) -> bool) -> bool {
        let words = self.document.words();
        let first = self.word_after(end);
        let reach = &words[first..(first + ENCLOSING_CODE_LOOKBACK + CODE_LOOKBACK).min(words.len())];
        let Some(scores) = self.code_scores(reach).filter(|scores| scores.len() >= CODE_LOOKBACK) else {
            return false;
        };
        let mut sum: i32 = scores[..CODE_LOOKBACK].iter().sum();
        for start in 0..=scores.len() - CODE_LOOKBACK {
            if start > 0 {
                sum += scores[start + CODE_LOOKBACK - 1] - scores[start - 1];
            }
            if sum >= CODE_CLOSING_SCORE {
                return between(&reach[..start]);
            }
        }
        false
    }

    /// The index of the word after token `end` (exclusive): the word that
    /// the next token starts.
    fn word_after(&self, end: usize) -> usize {
        end.checked_sub(1)
            .map_or(0, |last| self.tokens.word_of(last) + 1)
            .min(self.document.words().len())
    }

    /// Whether the copy of `repeat` reads as code as a whole, between
    /// prose: its words score a mean of [`CODE_EXAMPLE_MEAN`] or more in
    /// leftover-script's table, and the [`CODE_LOOKBACK`] words before each
    /// occurrence [`PROSE_MEAN`] or less ([`Self::mean_code_score`]). A
    /// tutorial shows its query again as it grows it, each time after a
    /// sentence that introduces it; the copy is the writer's, and code left
    /// over from the page is leftover-script's to find.
    fn is_code_example(&self, repeat: &Repeat) -> bool {
        let words = self.document.words();
        let first = self.tokens.word_of(repeat.copy.start);
        let last = self.tokens.word_of(repeat.copy.end.saturating_sub(1));
        let before = |token: usize| {
            let word = self.tokens.word_of(token);
            words.get(word.saturating_sub(CODE_LOOKBACK)..word)
        };
        let prose = |token| before(token).and_then(|words| self.mean_code_score(words));
        let reads_as_code = |range: Range<usize>| {
            words
                .get(range)
                .and_then(|copy| self.mean_code_score(copy))
                .is_some_and(|mean| mean >= CODE_EXAMPLE_MEAN)
        };
        // The opening words first: prose tells itself there, and a copy of
        // a whole article is not scored word by word.
        let opening = first..(first + 4 * CODE_LOOKBACK).min(last + 1);
        repeat.copy.len() >= CODE_LOOKBACK
            && reads_as_code(opening)
            && reads_as_code(first..last + 1)
            && prose(repeat.source).is_some_and(|mean| mean <= PROSE_MEAN)
            && prose(repeat.copy.start).is_some_and(|mean| mean <= PROSE_MEAN)
    }

    /// The mean score of `words` in leftover-script's table, in
    /// quarter-nats, leaving out numbers and single letters (a table of
    /// results or a team sheet's initials scores as code word by word);
    /// `None` without the table or with fewer than [`MIN_SCORED_WORDS`]
    /// words left.
    fn mean_code_score(&self, words: &[Word]) -> Option<i32> {
        let table = script_odds::table()?;
        let (mut total, mut count) = (0_i32, 0_i32);
        for &word in words {
            for token in self.document.word_text(word).split(is_apostrophe) {
                if token.len() > 1 && !token.bytes().all(|byte| byte.is_ascii_digit()) {
                    total += i32::from(table.score(token));
                    count += 1;
                }
            }
        }
        (count >= MIN_SCORED_WORDS).then(|| total / count)
    }

    /// Whether `words` read as code: some [`CODE_WINDOW`] consecutive ones
    /// score [`CODE_OPENING_SCORE`] together in leftover-script's
    /// code-versus-prose table.
    fn reads_as_code(&self, words: &[Word]) -> bool {
        self.code_scores(words).is_some_and(|scores| {
            scores
                .windows(CODE_WINDOW.min(scores.len()).max(1))
                .any(|window| window.iter().sum::<i32>() >= CODE_OPENING_SCORE)
        })
    }

    /// The score of each of `words` in leftover-script's code-versus-prose
    /// table; `None` without the table, or where punctuation stands among
    /// the words ([`is_inside_code`] reads the syntax there).
    fn code_scores(&self, words: &[Word]) -> Option<Vec<i32>> {
        let table = script_odds::table()?;
        if let (Some(first), Some(last)) = (words.first(), words.last()) {
            let text = &self.document.text()[first.start()..last.end()];
            if text.bytes().any(|byte| byte.is_ascii_punctuation() && byte != b'\'') {
                return None;
            }
        }
        Some(
            words
                .iter()
                .map(|&word| {
                    self.document
                        .word_text(word)
                        .split(is_apostrophe)
                        .map(|token| i32::from(table.score(token)))
                        .sum()
                })
                .collect(),
        )
    }

    /// Whether, in flattened text, the source of `repeat` reads as a teaser
    /// of the article: it ends a headline's length before the copy, or
    /// before a headline, the copy of the teaser's piece before it and
    /// chrome ([`follows_piece_before`]), not a chain of copies in between;
    /// and the copy goes on into a long
    /// stretch of text seen nowhere else (`continuation` words, before the
    /// next copy or the end, at least `needed`), as an article goes on
    /// after the lines its teaser quoted. A copy repeated by scraping is
    /// followed by another copy, chrome or the end instead.
    fn is_flattened_teaser(
        &self,
        repeat: &Repeat,
        before: &[Repeat],
        continuation: usize,
        needed: usize,
    ) -> bool {
        let source_end = repeat.source + repeat.copy.len();
        !self.punctuated
            && source_end < repeat.copy.start
            && (repeat.copy.start - source_end <= TEASER_MAX_GAP
                || follows_piece_before(&self.tokens.hashes, repeat))
            && repeat.chain_start(before) != source_end
            && continuation >= needed
            && !self.recurs_after_copy(repeat)
    }

    /// Whether the words of `repeat`'s copy come a third time within
    /// [`TEASER_MAX_GAP`] words after the copy: records of page state that
    /// open with the same keys ("typename variantflag type id …"), not a
    /// teaser and its article. Deleting the first such record as a teaser
    /// would offer the next, pass after pass.
    fn recurs_after_copy(&self, repeat: &Repeat) -> bool {
        let hashes = &self.tokens.hashes;
        let Some(words) = hashes.get(repeat.copy.clone()).filter(|words| !words.is_empty()) else {
            return false;
        };
        let end = (repeat.copy.end + TEASER_MAX_GAP + words.len()).min(hashes.len());
        hashes
            .get(repeat.copy.end..end)
            .is_some_and(|after| after.windows(words.len()).any(|window| window == words))
    }

    /// How many words seen nowhere else must follow the copy of `repeat`
    /// for a repeat too short to count otherwise to count as the article
    /// after its flattened teaser: [`FLATTENED_TEASER_CONTINUATION`], and
    /// twice the copy's length.
    fn teaser_continuation(repeat: &Repeat) -> usize {
        FLATTENED_TEASER_CONTINUATION.max(2 * repeat.copy.len())
    }

    /// Whether the line that token `start` opens holds a line of prose's
    /// worth of words ([`MIN_WORDS_PER_PROSE_LINE`]): a paragraph, where a
    /// short copy's own words are too few to tell.
    fn starts_prose_line(&self, start: usize) -> bool {
        let end = (start + MIN_WORDS_PER_PROSE_LINE).min(self.tokens.hashes.len());
        end - start == MIN_WORDS_PER_PROSE_LINE && self.is_one_line(start..end)
    }

    /// Whether tokens `range` (not empty) lie on one line: their first
    /// and last words do (no word holds a line break). A line index
    /// answers in a binary search where a walk over the tokens would make
    /// a long chain of short copies on one flattened line quadratic.
    fn is_one_line(&self, range: Range<usize>) -> bool {
        let words = self.document.words();
        let lines = self.document.lines();
        let line = |token: usize| lines.line_of(words[self.tokens.word_of(token)].start());
        line(range.start) == line(range.end - 1)
    }

    /// Whether the teaser that is the source of `repeat` stops where its
    /// copy goes on: with the same mark after their last words, or with a
    /// mark after one of them only (a standfirst closes with a full stop
    /// the article's sentence does not have). A description that a
    /// sibling entry extends ends its sentence where the longer one goes
    /// on with another mark ("… is used." against "… is used; only …").
    fn stops_where_the_copy_goes_on(&self, repeat: &Repeat) -> bool {
        let source = self.marks_after(repeat.source + repeat.copy.len() - 1);
        let copy = self.marks_after(repeat.copy.end - 1);
        source == copy || source.is_empty() || copy.is_empty()
    }

    /// The punctuation right after token `index`, up to the next space.
    fn marks_after(&self, index: usize) -> &str {
        let text = self.document.text();
        let end = self.spans().end(index);
        let rest = text.get(end..).unwrap_or_default();
        let marks = rest.find(char::is_whitespace).unwrap_or(rest.len());
        &rest[..marks]
    }

    /// Whether tokens `range` read as a headline: at most
    /// [`MAX_HEADLINE_WORDS`] of them, in lines that end no sentence or
    /// clause.
    fn is_headline(&self, range: Range<usize>) -> bool {
        range.len() <= MAX_HEADLINE_WORDS && self.ends_no_clause(range)
    }

    /// Whether tokens `range` (not empty) lie in lines that end no sentence
    /// or clause: headlines, labels and links.
    fn ends_no_clause(&self, range: Range<usize>) -> bool {
        if range.is_empty() {
            return false;
        }
        let spans = self.spans();
        // Up to the next token, so that each line's last mark is read.
        let end = if range.end < self.tokens.hashes.len() {
            spans.start(range.end)
        } else {
            self.document.text().len()
        };
        self.document.text()[spans.start(range.start)..end]
            .lines()
            .all(|line| !line.trim_end().ends_with(['.', '!', '?', ':', ';', ',']))
    }

    /// Whether `repeat`, as the scan finds it (before the copies after it
    /// are known), reads as the article after its teaser in flattened text
    /// ([`Self::is_flattened_teaser`]), with the words after the copy seen
    /// nowhere else as far as `windows` tell, and:
    ///
    /// - between source and copy, a headline ([`is_headline_gap`]) that
    ///   does not open with repeated words (a copy in tandem with chrome
    ///   in its source does);
    /// - taken at its full length ([`is_left_maximal`]): a copy in tandem
    ///   too short to count is not retried a word later as a teaser;
    /// - source and copy on one line: in text that keeps its lines (verse,
    ///   scripture, manuals), a phrase that comes back a line later is
    ///   the writer's.
    fn is_flattened_teaser_when_found(
        &self,
        repeat: &Repeat,
        before: &[Repeat],
        windows: &RepeatedWindows,
    ) -> bool {
        let ids = &self.tokens.hashes;
        let continuation = Self::teaser_continuation(repeat);
        // Where the article's copy is interrupted, the rest of the teaser
        // stands before the headline, and its copy after the interruption.
        let (teaser_end, copy_end) = self
            .flattened_teaser_rest(repeat)
            .unwrap_or((repeat.source + repeat.copy.len(), repeat.copy.end));
        let gap = teaser_end..repeat.copy.start;
        let headline_gap = if teaser_end == repeat.source + repeat.copy.len() {
            is_headline_gap(ids, repeat)
        } else {
            gap.len() <= MAX_HEADLINE_WORDS
        };
        self.is_flattened_teaser(repeat, before, continuation, continuation)
            && headline_gap
            && is_left_maximal(ids, repeat)
            && !windows.has_marked_run(gap.start, gap.len().min(REPEAT_MARKS), REPEAT_MARKS)
            && windows.is_unique_run(copy_end, continuation)
            && self.is_one_line(repeat.source..copy_end)
    }

    /// In flattened text, the rest of a teaser whose first piece `repeat`
    /// copies: the words right after its source, copied again within
    /// [`MAX_TEASER_INTERRUPTION`] words of chrome after its copy
    /// ([`reads_as_chrome`](Self::reads_as_chrome): the article's copy,
    /// interrupted by an ad slot or a footer's links; a manual's entries
    /// share their openings with prose between), as long as they agree, at least
    /// [`PIECE_ANCHOR_WORDS`] of them, and ending before the copy; where
    /// the rest ends and where its copy ends, if there is one.
    fn flattened_teaser_rest(&self, repeat: &Repeat) -> Option<(usize, usize)> {
        let ids = &self.tokens.hashes;
        let source_end = repeat.source + repeat.copy.len();
        if self.punctuated || source_end + PIECE_ANCHOR_WORDS > repeat.copy.start {
            return None;
        }
        let anchor = &ids[source_end..source_end + PIECE_ANCHOR_WORDS];
        let next = (repeat.copy.end + 1..=repeat.copy.end + MAX_TEASER_INTERRUPTION)
            .find(|&next| ids.get(next..next + PIECE_ANCHOR_WORDS) == Some(anchor))
            .filter(|&next| self.reads_as_chrome(repeat.copy.end..next))?;
        let agreeing = (0..repeat.copy.start - source_end)
            .take_while(|&offset| ids.get(next + offset) == Some(&ids[source_end + offset]))
            .count();
        Some((source_end + agreeing, next + agreeing))
    }

    /// Whether token `start` follows words that lean to site chrome
    /// ([`ChromeWords::follows_chrome`]), and not code.
    fn follows_chrome(&self, start: usize) -> bool {
        start > 0
            && self
                .chrome
                .follows_chrome(self.document.text(), self.spans().start(start))
            && !self.follows_code_words(start)
    }

    /// Whether the words between the source of `repeat` and its copy are a
    /// headline that restates the source: at most [`MAX_HEADLINE_WORDS`]
    /// of them, among which [`MIN_ECHOED_WORDS`] different content words
    /// (not [common](crate::common_words), of at least
    /// [`MIN_ECHOED_LETTERS`] letters) that the source holds too, or other
    /// forms of them ([`shares_stem`]): "india s rupee hits five year
    /// high" over "india s rupee has hit a five year high after …". In
    /// flattened text, the [rest of the teaser](Self::flattened_teaser_rest)
    /// stands between them first.
    fn headline_echoes_teaser(&self, repeat: &Repeat) -> bool {
        let source = repeat.source_range();
        let teaser_end = self
            .flattened_teaser_rest(repeat)
            .map_or(source.end, |(end, _)| end);
        self.echoes(teaser_end..repeat.copy.start, source.start..teaser_end)
    }

    /// Whether the words `headline` restate those of `passage`, as
    /// [`headline_echoes_teaser`](Self::headline_echoes_teaser) says.
    fn echoes(&self, headline: Range<usize>, passage: Range<usize>) -> bool {
        let ids = &self.tokens.hashes;
        if headline.is_empty() || headline.len() > MAX_HEADLINE_WORDS {
            return false;
        }
        let text = self.document.text();
        let spans = self.spans();
        let word = |index: usize| {
            let (start, end) = spans.span(index);
            &text[start..end]
        };
        let mut echoed: Vec<&str> = headline
            .filter(|&index| {
                !self.common.contains(&ids[index])
                    && word(index).chars().count() >= MIN_ECHOED_LETTERS
                    && passage.clone().any(|teaser| {
                        ids[teaser] == ids[index] || shares_stem(word(teaser), word(index))
                    })
            })
            .map(word)
            .collect();
        echoed.sort_unstable();
        echoed.dedup();
        echoed.len() >= MIN_ECHOED_WORDS
    }

    /// `repeat` without its first words when they only agree by chance:
    /// up to [`MAX_RUN_ON`] words before the first place where both its
    /// copy and its source start a line; as many words go on at its end
    /// where they agree, before token `next_copy`. A paragraph pasted again right
    /// after itself under a headline that ends with the paragraph's last
    /// word ("… slam patents", "… on software patents.") matches from that
    /// word on, half a line off its paragraphs.
    fn aligned_to_lines(&self, repeat: &Repeat, next_copy: usize) -> Repeat {
        let starts_line = |index: usize| index > 0 && self.line_ends_after(index - 1);
        (1..=MAX_RUN_ON.min(repeat.copy.len().saturating_sub(1)))
            .find(|&words| starts_line(repeat.copy.start + words) && starts_line(repeat.source + words))
            .filter(|_| !starts_line(repeat.copy.start))
            .map_or_else(
                || repeat.clone(),
                |words| {
                    // The words the chance match took at the start go on
                    // at the end, where the copy no longer overlaps.
                    let ids = &self.tokens.hashes;
                    let source = repeat.source + words;
                    let length = repeat.copy.len() - words;
                    let more = (0..words)
                        .take_while(|&extra| {
                            source + length + extra < repeat.copy.start + words
                                && repeat.copy.end + extra < next_copy
                                && ids.get(repeat.copy.end + extra) == Some(&ids[source + length + extra])
                        })
                        .count();
                    Repeat {
                        copy: repeat.copy.start + words..repeat.copy.end + more,
                        source,
                    }
                },
            )
    }

    /// Whether every line that tokens `range` touch is a line of prose,
    /// counting its words outside the range too: a glitch that pastes the
    /// end of one paragraph and the start of the next again cuts two long
    /// lines, where verse and lists break lines every few words.
    fn lies_in_prose_lines(&self, range: Range<usize>) -> bool {
        let wanted = MIN_WORDS_PER_PROSE_LINE;
        let count = self.tokens.hashes.len();
        let before = (1..=wanted)
            .take_while(|&back| range.start >= back && !self.line_ends_after(range.start - back))
            .count();
        let mut line_start = range.start - before;
        for index in range.clone() {
            let last_of_range = index + 1 == range.end;
            if !self.line_ends_after(index) && !last_of_range {
                continue;
            }
            let after = if self.line_ends_after(index) {
                0
            } else {
                (index + 1..count.min(index + 1 + wanted))
                    .position(|token| self.line_ends_after(token))
                    .map_or(count.min(index + 1 + wanted) - index - 1, |offset| offset + 1)
            };
            if index + 1 + after - line_start < wanted {
                return false;
            }
            line_start = index + 1;
        }
        true
    }

    /// Whether the line that ends with token `last` is a paragraph of
    /// prose, not a line of verse: it holds at least two prose lines' worth
    /// of words (counted back a bounded way).
    fn is_prose_line_ending_at(&self, last: usize) -> bool {
        let wanted = 2 * MIN_WORDS_PER_PROSE_LINE;
        (1..wanted).all(|back| last >= back && !self.line_ends_after(last - back))
    }

    /// Whether `repeat` is a shrinking tail: in tandem (given the repeats
    /// found `before` it), repeating the end of its source's line from
    /// inside a sentence.
    fn is_tandem_suffix(&self, repeat: &Repeat, before: &[Repeat]) -> bool {
        let source_end = repeat.source + repeat.copy.len();
        let sentences = self.sentences();
        !sentences.starts_at(repeat.source)
            && self.line_ends_after(source_end - 1)
            && self.is_prose_line_ending_at(source_end - 1)
            && repeat.chain_start(before) == source_end
    }

    /// Whether `repeat`, in punctuated text, is in tandem (given the repeats
    /// found `before` it) with a source that starts or ends inside a
    /// sentence, copies its source's text exactly (capitals and
    /// punctuation too, as a glitch copies bytes; a writer who restates
    /// half a sentence recases and repunctuates it), lies in lines of prose,
    /// and is not a chant ("and on and on and on and on …").
    fn is_tandem_across_sentences(&self, repeat: &Repeat, before: &[Repeat]) -> bool {
        let source_end = repeat.source + repeat.copy.len();
        let sentences = self.sentences();
        self.punctuated
            && repeat.chain_start(before) == source_end
            && !(sentences.starts_at(repeat.source) && sentences.ends_after(source_end - 1))
            && (self.is_prose_layout(repeat.copy.clone())
                || self.lies_in_prose_lines(repeat.copy.clone())
                    && !self.names_identifier(repeat.source..repeat.copy.end))
            && self.is_exact_copy(repeat)
            && !is_chant(&self.tokens.hashes[repeat.copy.clone()])
    }

    /// The words of a tandem copy too few to be found as pieces of their
    /// own, where chrome interrupts the source: how many open the copy of
    /// `repeat` before it, and how many go on after it. A glitch pasted a
    /// stretch again right after itself, without the line of chrome the
    /// page had set in it: "… and Toyota.", "Skip to main content", "The
    /// problem of piracy … intercepted at the", then "and Toyota. The
    /// problem of piracy …". In punctuated text, the words between the
    /// source's end and the copy (fewer than a search window) are either
    /// those right before an [interruption](Self::is_interruption) that
    /// ends where the source starts (they open the copy), or an
    /// interruption and then the words the copy goes on with.
    fn interrupted_tandem(&self, repeat: &Repeat) -> Option<(usize, usize)> {
        let ids = &self.tokens.hashes;
        let source_end = repeat.source + repeat.copy.len();
        let gap = source_end..repeat.copy.start;
        if !self.punctuated || gap.is_empty() {
            return None;
        }
        let short = self.shortest();
        if gap.len() < short {
            let lead_words = &ids[gap.clone()];
            let lead = gap.len();
            let opens = (repeat.source.saturating_sub(MAX_INTERRUPTION)..repeat.source)
                .filter(|&start| start >= lead)
                .any(|start| {
                    &ids[start - lead..start] == lead_words && self.is_interruption(start..repeat.source)
                });
            if opens {
                return Some((lead, 0));
            }
        }
        (1..short.min(gap.len()))
            .find(|&trail| {
                let words = repeat.copy.start - trail..repeat.copy.start;
                ids.get(repeat.copy.end..repeat.copy.end + trail) == Some(&ids[words.clone()])
                    && self.is_interruption(source_end..words.start)
            })
            .map(|trail| (0, trail))
    }

    /// Whether `repeat`, in punctuated text, is whole lines that follow
    /// their source right away, in a chain of copies or alone, and end the
    /// text (after more copies of the same lines, or with only a footer
    /// after them), lines whose words are mostly names and numbers
    /// ([`MIN_RECORD_SHARE`]) and not a chant ("Part of the Stable ABI."
    /// under six entries of a reference): the end of a match report
    /// pasted again.
    fn is_appended_record(&self, repeat: &Repeat, before: &[Repeat]) -> bool {
        let ids = &self.tokens.hashes;
        let source_end = repeat.source + repeat.copy.len();
        if !self.punctuated
            || repeat.chain_start(before) != source_end
            || !self.is_whole_lines(&repeat.source_range())
            || !self.is_whole_lines(&repeat.copy)
        {
            return false;
        }
        let copied = &ids[repeat.copy.clone()];
        let mut end = repeat.copy.end;
        while ids.get(end..end + copied.len()) == Some(copied) {
            end += copied.len();
        }
        let text = self.document.text();
        let spans = self.spans();
        let names_and_numbers = repeat
            .copy
            .clone()
            .filter(|&index| {
                text[spans.start(index)..]
                    .chars()
                    .next()
                    .is_some_and(|first| first.is_uppercase() || first.is_ascii_digit())
            })
            .count();
        self.ends_the_text(end)
            && !is_chant(&ids[repeat.source..end])
            && names_and_numbers * 100 >= repeat.copy.len() * MIN_RECORD_SHARE
    }

    /// Whether `repeat`, in punctuated text, is whole lines of prose that
    /// follow their source right away, in a chain of copies or alone, and
    /// that name no code identifier.
    fn is_paragraph_in_tandem(&self, repeat: &Repeat, before: &[Repeat]) -> bool {
        let source_end = repeat.source + repeat.copy.len();
        self.punctuated
            && repeat.chain_start(before) == source_end
            && self.is_whole_lines(&repeat.source_range())
            && self.is_whole_lines(&repeat.copy)
            && self.is_prose_layout(repeat.copy.clone())
            && !self.names_identifier(repeat.source_range())
    }

    /// Whether tokens `range` name a code identifier ([`names_identifier`]);
    /// an empty range names none.
    fn names_identifier(&self, range: Range<usize>) -> bool {
        let spans = self.spans();
        !range.is_empty()
            && names_identifier(&self.document.text()[spans.start(range.start)..spans.end(range.end - 1)])
    }

    /// Whether `repeat` is one of shrinking tails in tandem (given the
    /// repeats found `before` it), in prose layout and not a chant.
    fn is_shrinking_tail(&self, repeat: &Repeat, before: &[Repeat]) -> bool {
        repeat.chain_start(before) == repeat.source + repeat.copy.len()
            && self
                .shrinking_tails(repeat, before)
                .is_some_and(|tails| {
                    !is_chant(&self.tokens.hashes[tails.clone()]) && self.is_prose_layout(tails)
                })
    }

    /// `repeats` (in order, as found) with the short tails that follow
    /// their chains: each copy of its source's end that comes right after
    /// a copy in tandem of the same source, no longer than it, down to
    /// [`MIN_SHORT_TAIL`] words, before the next repeat found.
    fn with_short_tails(&self, repeats: Vec<Repeat>) -> Vec<Repeat> {
        let mut all = Vec::with_capacity(repeats.len());
        for (index, repeat) in repeats.iter().enumerate() {
            all.push(repeat.clone());
            let limit = repeats
                .get(index + 1)
                .map_or(self.tokens.hashes.len(), |next| next.copy.start);
            while let Some(tail) = self.short_tail_after(&all, limit) {
                all.push(tail);
            }
        }
        all
    }

    /// The short tail right after the last of `chain` and before token
    /// `limit`, if any: the last copy is in tandem with its source (the
    /// chain it ends starts where the source ends), and the words after
    /// it repeat the source's last words again, on one line, without
    /// being a chant, shorter than the last copy (or as long, when that
    /// copy is shorter than the one before it). A scroll glitch pastes "… classics of all time."
    /// after the paragraph it ends and again after that; a writer does
    /// not echo the end of a paragraph that was just pasted twice.
    fn short_tail_after(&self, chain: &[Repeat], limit: usize) -> Option<Repeat> {
        let (last, before) = chain.split_last()?;
        let ids = &self.tokens.hashes;
        let source_end = last.source + last.copy.len();
        if last.chain_start(before) != source_end {
            return None;
        }
        // Shorter than the copy before, or as long as a tail before it:
        // a passage said three times over in full is a formula.
        let shrunk = before
            .last()
            .is_some_and(|previous| previous.copy.end == last.copy.start && previous.copy.len() > last.copy.len());
        let longest = if shrunk {
            last.copy.len()
        } else {
            last.copy.len().saturating_sub(1)
        };
        let start = last.copy.end;
        let room = limit
            .saturating_sub(start)
            .min(longest)
            .min(self.floors().shrinking_tail - 1);
        self.tail_at(start, source_end, MIN_SHORT_TAIL..=room, |_| true)
            .filter(|tail| {
                self.is_one_line(tail.copy.clone())
                    && !is_chant(&ids[tail.copy.clone()])
                    && self.is_glitch_tail(tail)
            })
    }

    /// Whether `tail`, shorter than the shrinking-tail floor, copies its
    /// source as a glitch does: in punctuated text, character for
    /// character. A scroll glitch pastes bytes; a writer who says the end
    /// of a sentence again for effect recases or repunctuates it ("… and
    /// the old road up to the hills. The old road up to the hills.").
    fn is_glitch_tail(&self, tail: &Repeat) -> bool {
        !self.punctuated || self.is_exact_copy(tail)
    }

    /// Whether `repeat` is a short tail ([`Self::short_tail_after`]) of
    /// the repeats `before` it.
    fn is_short_tail(&self, repeat: &Repeat, before: &[Repeat]) -> bool {
        self.short_tail_after(before, repeat.copy.end)
            .is_some_and(|tail| tail == *repeat)
    }

    /// Whether `repeat`, a copy in tandem, is one of shrinking tails, and
    /// if so the tokens of the tails known: the copy before it in the chain
    /// is at least as long (the chain up to this copy), or right after it a
    /// copy of its source's end follows that is no longer than it and at
    /// least the shrinking-tail floor long, or [`MIN_SHORT_TAIL`] words
    /// long when it copies as a glitch does ([`Self::is_glitch_tail`])
    /// (this copy and that one).
    fn shrinking_tails(&self, repeat: &Repeat, before: &[Repeat]) -> Option<Range<usize>> {
        let length = repeat.copy.len();
        if let Some(last) = before.last() {
            if last.copy.end == repeat.copy.start && last.copy.len() >= length {
                return Some(repeat.chain_start(before)..repeat.copy.end);
            }
        }
        let floor = self.floors().shrinking_tail;
        self.tail_at(
            repeat.copy.end,
            repeat.source + length,
            MIN_SHORT_TAIL.min(length)..=length,
            |tail| tail.copy.len() >= floor || self.is_glitch_tail(tail),
        )
        .map(|tail| repeat.copy.start..tail.copy.end)
    }

    /// The longest copy, starting at token `start`, of the last words of a
    /// source that ends at token `source_end`, of a length in `lengths`,
    /// that `accepts` takes.
    fn tail_at(
        &self,
        start: usize,
        source_end: usize,
        lengths: RangeInclusive<usize>,
        accepts: impl Fn(&Repeat) -> bool,
    ) -> Option<Repeat> {
        let ids = &self.tokens.hashes;
        lengths
            .rev()
            .map(|length| Repeat {
                copy: start..start + length,
                source: source_end - length,
            })
            .find(|tail| {
                ids.get(tail.copy.clone())
                    .is_some_and(|next| *next == ids[tail.source_range()])
                    && accepts(tail)
            })
    }

    /// Whether the copy's text is its source's, character for character
    /// from its first word to its last but for the whitespace between words
    /// (the punctuation after the last word belongs to what follows it).
    fn is_exact_copy(&self, repeat: &Repeat) -> bool {
        let text = self.document.text();
        let spans = self.spans();
        let words = |range: Range<usize>| {
            text[spans.start(range.start)..spans.end(range.end - 1)].split_whitespace()
        };
        words(repeat.source_range()).eq(words(repeat.copy.clone()))
    }

    /// Whether `repeat` is a whole paragraph printed twice around the
    /// headline that sums it up: the page's standfirst above the headline,
    /// then the same words as the article's first paragraph under it, and
    /// the article going on. The headline echoes the paragraph's words
    /// ([`headline_echoes_teaser`](Self::headline_echoes_teaser)) and names
    /// no identifier. Two entries of a manual that share a description
    /// have a heading above each: the line above the earlier occurrence
    /// echoes it too.
    fn is_standfirst_above_headline(&self, repeat: &Repeat) -> bool {
        let source_end = repeat.source + repeat.copy.len();
        let headline = source_end..repeat.copy.start;
        self.punctuated
            && repeat.copy.end < self.tokens.hashes.len()
            && self.is_whole_lines(&repeat.source_range())
            && self.is_whole_lines(&repeat.copy)
            && self.is_headline(headline.clone())
            && !self.names_identifier(headline)
            && self.headline_echoes_teaser(repeat)
            && !self.echoes(self.line_before(repeat.source), repeat.source_range())
    }

    /// The tokens of the line that ends right before token `start`, or
    /// its last [`MAX_HEADLINE_WORDS`] and one more: longer lines are no
    /// headline.
    fn line_before(&self, start: usize) -> Range<usize> {
        let lowest = start.saturating_sub(MAX_HEADLINE_WORDS + 1);
        let mut line_start = start.saturating_sub(1);
        while line_start > lowest && !self.line_ends_after(line_start - 1) {
            line_start -= 1;
        }
        line_start..start
    }

    /// Whether the source of `repeat` is a teaser: a line of its own, which
    /// the copy's line starts with and then goes on from.
    fn is_teaser(&self, repeat: &Repeat) -> bool {
        let starts_line = repeat.copy.start == 0 || self.line_ends_after(repeat.copy.start - 1);
        self.punctuated
            && starts_line
            && !self.line_ends_after(repeat.copy.end - 1)
            && self.is_whole_lines(&repeat.source_range())
    }

    /// Whether tokens `range` can interrupt a copy: at most
    /// [`MAX_INTERRUPTION`] words, and in punctuated text whole lines that
    /// are not prose (the chrome and ads a page sets between an article's
    /// paragraphs) or one line of prose's length that ends no sentence (a
    /// related article's headline), or lines whose words lean to chrome
    /// ([`reads_as_chrome`](Self::reads_as_chrome): "Receive our monthly
    /// newsletter to stay on top of the latest articles."). A line of
    /// prose that ends a sentence is the writer's: a summary's sentences
    /// come back with sentences between, a manual's entry leaves out a
    /// sentence of its sibling's.
    fn is_interruption(&self, range: Range<usize>) -> bool {
        !range.is_empty()
            && range.len() <= MAX_INTERRUPTION
            && (!self.punctuated
                || (self.is_whole_lines(&range)
                    && (!self.is_prose_layout(range.clone())
                        || self.is_one_line(range.clone()) && self.ends_no_clause(range.clone())
                        || self.reads_as_chrome(range))))
    }

    /// Whether the words of tokens `range` lean to site chrome: their
    /// scores in the `chrome-words` table ([`ChromeWords::score`]) average
    /// at least [`MIN_CHROME_LINE_SCORE`] per word. Prose averages close
    /// to the score of an unlisted word.
    fn reads_as_chrome(&self, range: Range<usize>) -> bool {
        let text = self.document.text();
        let spans = self.spans();
        let words = range.len();
        let score: i32 = range
            .map(|index| {
                let (start, end) = spans.span(index);
                self.chrome.score(&text[start..end])
            })
            .sum();
        i64::from(score)
            >= MIN_CHROME_LINE_SCORE.saturating_mul(i64::try_from(words).unwrap_or(i64::MAX))
    }

    /// Whether `repeat` continues `previous`: it copies the source's words
    /// right after `previous`'s, after an [interruption](Self::is_interruption).
    fn continues(&self, previous: &Repeat, repeat: &Repeat) -> bool {
        previous.source + previous.copy.len() == repeat.source
            && previous.copy.end < repeat.copy.start
            && self.interrupts_copy_of(previous, previous.copy.end..repeat.copy.start)
    }

    /// Whether tokens `range`, after the copy of `repeat`, can interrupt
    /// it: an [interruption](Self::is_interruption), or, where the source
    /// is a [teaser cut off mid-sentence](Self::is_cut_off_teaser), any
    /// whole lines of at most [`MAX_INTERRUPTION`] words. Under such a
    /// teaser the page may set prose of its own between the article's
    /// paragraphs (an author's note, a caption, an answer to a reader's
    /// question); a writer's summary ends its sentence.
    fn interrupts_copy_of(&self, repeat: &Repeat, range: Range<usize>) -> bool {
        self.is_interruption(range.clone())
            || (self.punctuated
                && range.len() <= MAX_INTERRUPTION
                && self.is_whole_lines(&range)
                && self.is_cut_off_teaser(repeat))
    }

    /// Whether, in punctuated text, the source of `repeat` lies in a line
    /// that ends without closing its sentence, at most [`TEASER_MAX_GAP`]
    /// words before the copy, which starts a line: a teaser cut at a
    /// count of words ("… as his side went on to").
    fn is_cut_off_teaser(&self, repeat: &Repeat) -> bool {
        let source_end = repeat.source + repeat.copy.len();
        if repeat.copy.start.saturating_sub(source_end) > MAX_CUT_OFF_LINE_WORDS + TEASER_MAX_GAP {
            return false;
        }
        let Some(line_end) = (source_end - 1..repeat.copy.start).find(|&index| self.line_ends_after(index))
        else {
            return false;
        };
        let starts_line = self.line_ends_after(repeat.copy.start - 1);
        let marks = self.marks_after(line_end);
        starts_line && repeat.copy.start - line_end <= TEASER_MAX_GAP && !marks.contains(SENTENCE_ENDS)
    }

    /// Whether, in punctuated text, `repeat` continues `previous` on the
    /// other side: its copy goes on right where `previous`'s ends, with the
    /// words that follow `previous`'s source after an
    /// [interruption](Self::is_interruption) there. A page's chrome between
    /// two paragraphs that a glitch pasted again without it.
    fn continues_in_source(&self, previous: &Repeat, repeat: &Repeat) -> bool {
        let source_end = previous.source + previous.copy.len();
        previous.copy.end == repeat.copy.start
            && source_end < repeat.source
            && self.is_interruption(source_end..repeat.source)
    }

    /// Whether `repeat`, in a [list's layout](Self::is_list_layout), copies
    /// a list with entries changed: right after it (or right before it)
    /// other words stand on each side, at most [`MAX_EDIT`] of them and at
    /// most twice as many on one side as on the other, and then the source
    /// and the copy agree again for [`MIN_RESUMED`] words. A meal plan or a
    /// timetable repeats its entries from one day to the next with an entry
    /// changed; a scraping glitch drops or adds lines between the pieces of
    /// a copy (the words on one side go on, after a gap, on the other) but
    /// does not rewrite them.
    fn is_edited_list(&self, repeat: &Repeat) -> bool {
        if !self.is_list_layout(repeat.copy.clone()) {
            return false;
        }
        let ids = &self.tokens.hashes;
        let source_end = repeat.source + repeat.copy.len();
        // The windows right after each occurrence, then those before, as
        // (the window's start, the words of the gap to the occurrence).
        let after = |end: usize, limit: usize| {
            (end..=end + MAX_EDIT)
                .take_while(move |&start| start + MIN_RESUMED <= limit)
                .map(move |start| (start, end..start))
        };
        let before = |start: usize| {
            (0..=MAX_EDIT).map_while(move |gap| {
                let window = start.checked_sub(gap + MIN_RESUMED)?;
                Some((window, start - gap..start))
            })
        };
        self.is_substitution(
            after(source_end, repeat.copy.start),
            after(repeat.copy.end, ids.len()),
        ) || self.is_substitution(before(repeat.source), before(repeat.copy.start))
    }

    /// Whether the words after (or before) a source and those after its
    /// copy differ for a while and then agree again: `source_windows` and
    /// `copy_windows` are the starts of the windows of [`MIN_RESUMED`] words
    /// on each side, with the gap between each and the occurrence, nearest
    /// first. They agree again when two windows are equal and their gaps
    /// are at most twofold apart in length; but where one side's gap is
    /// empty and the other's is whole lines, lines were only added there
    /// (chrome between two pieces of a copy), not changed.
    fn is_substitution(
        &self,
        source_windows: impl Iterator<Item = (usize, Range<usize>)>,
        copy_windows: impl Iterator<Item = (usize, Range<usize>)>,
    ) -> bool {
        let ids = &self.tokens.hashes;
        let window = |start: usize| &ids[start..start + MIN_RESUMED];
        let mut source_gaps: FxHashMap<&[u32], Vec<Range<usize>>> = FxHashMap::default();
        for (start, gap) in source_windows {
            source_gaps.entry(window(start)).or_default().push(gap);
        }
        let mut resumed = false;
        for (start, copy_gap) in copy_windows {
            let Some(source_gaps) = source_gaps.get(window(start)) else {
                continue;
            };
            for source_gap in source_gaps {
                let (shorter, longer) = if source_gap.len() < copy_gap.len() {
                    (source_gap, &copy_gap)
                } else {
                    (&copy_gap, source_gap)
                };
                if shorter.is_empty() && self.is_whole_lines(longer) {
                    return false;
                }
                resumed |= !shorter.is_empty() && longer.len() <= 2 * shorter.len();
            }
        }
        resumed
    }

    /// Whether `repeat` is a piece of a copy whose source chrome
    /// interrupts ([`pieces_after`](Self::pieces_after)):
    /// the first piece or a later one found `before` it, where all the
    /// pieces together copy at least the `min-words` floor, or, in tandem
    /// (the copy starting where the last piece's source ends), the tandem
    /// floor, in prose layout (a list, such as a meal plan's days, repeats
    /// its entries with a line changed) and naming no code identifier. In
    /// flattened text, only a copy in tandem on its source's line counts.
    fn is_piece_of_interrupted_source(&self, repeat: &Repeat, before: &[Repeat]) -> bool {
        let first = self
            .first_piece(repeat, before, Interrupted::Source)
            .unwrap_or(repeat);
        let pieces = self.pieces_after(first, Interrupted::Source);
        let Some(last) = pieces.last() else {
            return false;
        };
        let is_piece = std::ptr::eq(first, repeat)
            || pieces.iter().any(|piece| piece.copy.start == repeat.copy.start);
        let copy = first.copy.start..last.copy.end;
        let floors = self.floors();
        let in_tandem = last.source + last.copy.len() == first.copy.start;
        // Flattened manuals' sibling entries, a line apart, leave out a
        // clause of each other; a glitch pastes the page's line again.
        if !(self.punctuated || in_tandem && self.is_one_line(first.source..copy.end)) {
            return false;
        }
        let floor = if in_tandem {
            floors.tandem
        } else {
            self.long_piece()
        };
        is_piece
            && copy.len() >= floor
            && self.is_prose_layout(copy.clone())
            && !self.names_identifier(copy)
    }

    /// `repeat`, a piece of a source that chrome interrupts, with its
    /// source ending where the copy of the pieces starts, if it runs a few
    /// words into it; `None` if nothing is left. Without sentences to trim
    /// to, the last piece matches on into the first word of the copy that
    /// follows it in tandem ("… the front desk [the] town library …"
    /// against "… the front desk [the] reading room …"). A match that goes
    /// on for a search window or more is the text pasted once more, and
    /// stays whole.
    fn stop_source_at_copy(&self, repeat: &Repeat, before: &[Repeat]) -> Option<Repeat> {
        let first = self
            .first_piece(repeat, before, Interrupted::Source)
            .unwrap_or(repeat);
        let source = repeat.source_range();
        let runs_a_few_words_in = source.start < first.copy.start
            && first.copy.start < source.end
            && source.end - first.copy.start < self.shortest();
        let end = if runs_a_few_words_in {
            first.copy.start
        } else {
            source.end
        };
        let length = end - source.start;
        (length > 0).then(|| Repeat {
            copy: repeat.copy.start..repeat.copy.start + length,
            source: repeat.source,
        })
    }

    /// The pieces that continue `repeat` after interruptions of the
    /// occurrence `interrupted` (see [`continues`](Self::continues) and
    /// [`continues_in_source`](Self::continues_in_source)), each at least as
    /// long as the search window; sources stay before `repeat`'s copy.
    fn pieces_after(&self, repeat: &Repeat, interrupted: Interrupted) -> Vec<Repeat> {
        let ids = &self.tokens.hashes;
        let width = self.shortest();
        let limit = repeat.copy.start;
        let same = |source: usize, start: usize| {
            source + width <= limit && ids.get(source..source + width) == ids.get(start..start + width)
        };
        let mut pieces: Vec<Repeat> = Vec::new();
        let mut source = repeat.source + repeat.copy.len();
        let mut start = repeat.copy.end;
        while pieces.len() < MAX_PIECES {
            // One occurrence goes on right away, the other after chrome.
            let next = match interrupted {
                Interrupted::Copy => (start + 1..=start + MAX_INTERRUPTION)
                    .find(|&next| same(source, next) && self.interrupts_copy_of(repeat, start..next))
                    .map(|next| (source, next)),
                Interrupted::Source => (source + 1..=source + MAX_INTERRUPTION)
                    .find(|&next| same(next, start) && self.is_interruption(source..next))
                    .map(|next| (next, start)),
            };
            let Some((piece_source, piece_start)) = next else {
                break;
            };
            let mut length = width;
            while piece_source + length < limit
                && piece_start + length < ids.len()
                && length < MAX_PIECE_WORDS
                && ids[piece_source + length] == ids[piece_start + length]
            {
                length += 1;
            }
            let length = self.agreeing_length(piece_source, piece_start, length);
            pieces.push(Repeat {
                copy: piece_start..piece_start + length,
                source: piece_source,
            });
            source = piece_source + length;
            start = piece_start + length;
        }
        pieces
    }

    /// Whether `repeat` is a piece of a copy that chrome interrupts, and
    /// whose first piece ([`first_piece`](Self::first_piece)) starts a copy
    /// of the kind `starts`.
    fn is_piece_of(
        &self,
        repeat: &Repeat,
        before: &[Repeat],
        starts: impl Fn(&Repeat) -> bool,
    ) -> bool {
        match self.first_piece(repeat, before, Interrupted::Copy) {
            None => starts(repeat),
            Some(first) => {
                starts(first)
                    && self
                        .pieces_after(first, Interrupted::Copy)
                        .iter()
                        .any(|piece| piece.copy.start == repeat.copy.start)
            }
        }
    }

    /// The first of the repeats found `before` `repeat` that it continues,
    /// piece after piece, across interruptions of the occurrence
    /// `interrupted`, at most [`MAX_PIECES`] pieces back (as many as
    /// [`pieces_after`](Self::pieces_after) goes forward; a text that is
    /// one long chain of short copies would make the walk quadratic);
    /// `None` if it continues none.
    fn first_piece<'r>(
        &self,
        repeat: &'r Repeat,
        before: &'r [Repeat],
        interrupted: Interrupted,
    ) -> Option<&'r Repeat> {
        let mut first = None;
        let mut current = repeat;
        for previous in before.iter().rev().take(MAX_PIECES) {
            let continues = match interrupted {
                Interrupted::Copy => self.continues(previous, current),
                Interrupted::Source => self.continues_in_source(previous, current),
            };
            if !continues {
                break;
            }
            first = Some(previous);
            current = previous;
        }
        first
    }

    /// Whether `repeat` is a piece of a copy that chrome interrupts, at
    /// least the `min-words` floor long in all, whose source is page state
    /// or, in punctuated text, a teaser: it reads as code where the copy
    /// does not, or it ends at most [`TEASER_MAX_GAP`] words before the
    /// copy. (In flattened text, API references and scripture repeat such
    /// near copies of their neighbours: their sources stay apart from the
    /// pieces.)
    fn is_piece_of_long_copy(&self, repeat: &Repeat, before: &[Repeat]) -> bool {
        let floor = self.long_piece();
        self.is_piece_of(repeat, before, |first| {
            let pieces = self.pieces_after(first, Interrupted::Copy);
            let Some(last) = pieces.last() else {
                return false;
            };
            let source_end = last.source + last.copy.len();
            let words = source_end - first.source;
            let near = self.punctuated && first.copy.start - source_end <= TEASER_MAX_GAP;
            words >= floor && (near || self.source_reads_as_code(first))
        })
    }

    /// Whether the source of `repeat` reads as code and its copy does not:
    /// by syntax where punctuation survives, else by the words before each.
    fn source_reads_as_code(&self, repeat: &Repeat) -> bool {
        if self.punctuated {
            let text = self.document.text();
            let spans = self.spans();
            is_inside_code(text, byte_span(text, &spans, repeat.source_range()))
                && !is_inside_code(text, byte_span(text, &spans, repeat.copy.clone()))
        } else {
            self.follows_code_words(repeat.source) && !self.follows_code_words(repeat.copy.start)
        }
    }

    /// Whether `repeat` starts a teaser copied in pieces: in punctuated
    /// text, a line of its own shortly before the copy, whose words the
    /// copy and its later [pieces](Self::pieces_after) repeat in full,
    /// at least [`Floors::teaser`] words in all, the copy starting a line
    /// and the last piece going on past the teaser's end. The article's
    /// opening paragraphs, with chrome between them, after the teaser that
    /// quoted them.
    fn starts_teaser_in_pieces(&self, repeat: &Repeat) -> bool {
        if !self.punctuated || !(repeat.copy.start == 0 || self.line_ends_after(repeat.copy.start - 1)) {
            return false;
        }
        let pieces = self.pieces_after(repeat, Interrupted::Copy);
        let last = pieces.last().unwrap_or(repeat);
        let (tail_words, copy_end) = match self.teaser_tail(last, repeat.copy.start) {
            Some(tail) => tail,
            None if pieces.is_empty() => return false,
            None => (0, last.copy.end),
        };
        let source_end = last.source + last.copy.len() + tail_words;
        let words = source_end - repeat.source;
        let floors = self.floors();
        let floor = if self.is_headline(source_end..repeat.copy.start) {
            floors.teaser_under_headline
        } else {
            floors.teaser
        };
        words >= floor
            && repeat.copy.start - source_end <= TEASER_MAX_GAP
            && !self.line_ends_after(copy_end - 1)
            && self.is_whole_lines(&(repeat.source..source_end))
    }

    /// The last words of a teaser's line after its piece `last`, too few
    /// for [`pieces_after`](Self::pieces_after) to follow (fewer than a
    /// search window), where the copy goes on with them after an
    /// interruption ("… an all-time record. Figures" over "… an all-time
    /// record." and "Figures from …" after a line of chrome): how many
    /// there are and where the copy of them ends. `limit` is where the
    /// copy starts.
    fn teaser_tail(&self, last: &Repeat, limit: usize) -> Option<(usize, usize)> {
        let ids = &self.tokens.hashes;
        let source_end = last.source + last.copy.len();
        // The tail stands on the teaser's own line.
        if self.line_ends_after(source_end - 1) {
            return None;
        }
        let within = limit.min(source_end + self.shortest() - 1);
        let line_end = (source_end..within).find(|&index| self.line_ends_after(index))?;
        let tail = &ids[source_end..=line_end];
        (last.copy.end + 1..=last.copy.end + MAX_INTERRUPTION)
            .find(|&next| {
                ids.get(next..next + tail.len()) == Some(tail)
                    && self.is_interruption(last.copy.end..next)
            })
            .map(|next| (tail.len(), next + tail.len()))
    }

    /// Whether `repeat` is a piece of a teaser copied in pieces: its first
    /// piece ([`starts_teaser_in_pieces`](Self::starts_teaser_in_pieces)),
    /// or a later one, found `before` it.
    fn is_teaser_piece(&self, repeat: &Repeat, before: &[Repeat]) -> bool {
        self.is_piece_of(repeat, before, |first| self.starts_teaser_in_pieces(first))
    }

    /// Whether tokens `range` lie in a list's layout: on at least
    /// [`MIN_LIST_LINES`] lines, at most one word in
    /// [`LIST_WORDS_PER_PARAGRAPH_WORD`] stands in a line of prose (a line of
    /// [`MIN_WORDS_PER_PROSE_LINE`] words or more that ends a sentence, or
    /// any line of more than [`MAX_ENTRY_WORDS`]), counting the whole line
    /// where it goes on outside `range`. A list's entries are short or end
    /// no sentence ("Chicken salad [4 oz. chicken, 1 cup lettuce]"); an
    /// article's paragraphs, with a menu of short lines between them, are
    /// not a list.
    fn is_list_layout(&self, range: Range<usize>) -> bool {
        let sentences = self.sentences();
        // The last token of the line that goes on after token `index`, if
        // it ends within MAX_ENTRY_WORDS.
        let line_end = |index: usize| {
            (index..index + MAX_ENTRY_WORDS).find(|&token| self.line_ends_after(token))
        };
        let mut in_prose_lines = 0;
        let mut lines = 0;
        let mut line_start = range.start;
        for index in range.clone() {
            let ends_line = self.line_ends_after(index);
            if !ends_line && index + 1 < range.end {
                continue;
            }
            let before = if line_start == range.start {
                (1..=MAX_ENTRY_WORDS)
                    .take_while(|&back| line_start >= back && !self.line_ends_after(line_start - back))
                    .count()
            } else {
                0
            };
            let last = if ends_line { Some(index) } else { line_end(index + 1) };
            let is_prose = last.is_none_or(|last| {
                let words = before + last + 1 - line_start;
                words > MAX_ENTRY_WORDS
                    || (words >= MIN_WORDS_PER_PROSE_LINE && sentences.ends_after(last))
            });
            if is_prose {
                in_prose_lines += index + 1 - line_start;
            }
            lines += 1;
            line_start = index + 1;
        }
        lines >= MIN_LIST_LINES && in_prose_lines * LIST_WORDS_PER_PARAGRAPH_WORD <= range.len()
    }

    /// Whether tokens `range` read as prose: their lines are long (verse,
    /// lists and menus break lines every few words).
    fn is_prose_layout(&self, range: Range<usize>) -> bool {
        if range.is_empty() {
            return false;
        }
        let inner = range.start..range.end - 1;
        let count = self.tokens.hashes.len();
        let breaks = if let Some(line_ends) = self.line_ends.get() {
            line_ends.count(inner)
        } else if self.line_ends_scanned.get() < count {
            self.line_ends_scanned.set(self.line_ends_scanned.get() + inner.len());
            inner.filter(|&token| self.line_ends_after(token)).count()
        } else {
            self.line_ends
                .get_or_init(|| LineEnds::new(count, |token| self.line_ends_after(token)))
                .count(inner)
        };
        range.len() >= (breaks + 1) * MIN_WORDS_PER_PROSE_LINE
    }
}

/// Byte offsets of the document's tokens (see [`Document::tokens`]),
/// recomputed only for the few tokens a diagnostic needs.
struct TokenSpans<'a> {
    document: &'a Document<'a>,
    tokens: &'a DocumentTokens,
}

impl TokenSpans<'_> {
    /// The byte range of token `index`.
    fn span(&self, index: usize) -> (usize, usize) {
        let word = self.document.words()[self.tokens.word_of(index)];
        let mut piece = 0;
        while piece < index && self.tokens.is_continuation(index - piece) {
            piece += 1;
        }
        let text = self.document.word_text(word);
        let mut start = word.start();
        for (number, part) in text.split(is_apostrophe).enumerate() {
            if number == piece {
                return (start, start + part.len());
            }
            start += part.len()
                + text[start - word.start() + part.len()..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
        }
        (word.start(), word.end())
    }

    fn start(&self, index: usize) -> usize {
        self.span(index).0
    }

    fn end(&self, index: usize) -> usize {
        self.span(index).1
    }
}

/// Rolling polynomial hashes of the `width`-word windows of `ids`.
struct WindowHasher<'a> {
    ids: &'a [u32],
    width: usize,
    /// `BASE^(width - 1)`, to remove the oldest word.
    top_power: u64,
    position: usize,
    hash: u64,
}

const BASE: u64 = 0x100_0000_01b3;

impl<'a> WindowHasher<'a> {
    fn new(ids: &'a [u32], width: usize) -> Self {
        let top_power = (1..width).fold(1u64, |power, _| power.wrapping_mul(BASE));
        let mut hasher = Self {
            ids,
            width,
            top_power,
            position: usize::MAX,
            hash: 0,
        };
        hasher.reset(0);
        hasher
    }

    /// Spreads an id over the whole word so that windows hash apart.
    fn mix(id: u32) -> u64 {
        let id = u64::from(id);
        (id ^ id >> 29)
            .wrapping_add(1)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    fn reset(&mut self, position: usize) {
        self.position = position;
        self.hash = self.ids[position..(position + self.width).min(self.ids.len())]
            .iter()
            .fold(0u64, |hash, &id| {
                hash.wrapping_mul(BASE).wrapping_add(Self::mix(id))
            });
    }

    /// The hash of the window starting at `position` (which must leave a whole window).
    fn hash_at(&mut self, position: usize) -> u64 {
        if position == self.position + 1 {
            let old = Self::mix(self.ids[self.position]);
            let new = Self::mix(self.ids[position + self.width - 1]);
            self.hash = self
                .hash
                .wrapping_sub(old.wrapping_mul(self.top_power))
                .wrapping_mul(BASE)
                .wrapping_add(new);
            self.position = position;
        } else if position != self.position {
            self.reset(position);
        }
        self.hash
    }
}

/// Counts window hashes as "seen once" or "seen more than once", two bits
/// per slot, allowing false positives. Updates don't branch, so the
/// processor overlaps the memory accesses of many windows.
struct WindowCounts {
    bits: Vec<u64>,
    mask: u64,
}

impl WindowCounts {
    /// Counts for `slots` slots (a power of two).
    fn new(slots: usize) -> Self {
        let slots = slots.max(32);
        Self {
            bits: vec![0; slots / 32],
            mask: slots as u64 - 1,
        }
    }

    fn slot(&self, hash: u64) -> (usize, u64) {
        let slot = (hash >> 29 ^ hash) & self.mask;
        ((slot / 32) as usize, (slot % 32) * 2)
    }

    /// Counts one more occurrence of `hash`.
    fn record(&mut self, hash: u64) {
        let (word, shift) = self.slot(hash);
        let seen = (self.bits[word] >> shift) & 1;
        self.bits[word] |= (1 | seen << 1) << shift;
    }

    /// Whether `hash` was (probably) recorded more than once.
    fn repeated(&self, hash: u64) -> bool {
        let (word, shift) = self.slot(hash);
        (self.bits[word] >> shift) & 2 != 0
    }

    /// How many slots saw a hash more than once: about how many different
    /// hashes repeat (two of them sharing a slot count once).
    fn repeated_slots(&self) -> usize {
        self.bits
            .iter()
            .map(|bits| (bits & 0xAAAA_AAAA_AAAA_AAAA).count_ones() as usize)
            .sum()
    }
}

/// Slots per window: few enough false positives that the table stays small.
const SLOTS_PER_WINDOW: usize = 8;

/// Windows hashed at a time before their slots are touched, so the memory
/// accesses of a batch are independent and the processor overlaps them.
const BATCH: usize = 64;

/// A bit per window position: set when the window's hash (probably) occurs
/// more than once in `ids`; and about how many different hashes repeat.
/// Two sweeps: count every hash, then mark the positions whose hash was
/// counted twice.
fn repeated_windows(ids: &[u32], width: usize, windows: usize) -> (Vec<u64>, usize) {
    let mut counts = WindowCounts::new((windows * SLOTS_PER_WINDOW).next_power_of_two());
    let mut marks = vec![0u64; windows.div_ceil(64)];
    let mut hashes = [0u64; BATCH];

    let mut hasher = WindowHasher::new(ids, width);
    for batch_start in (0..windows).step_by(BATCH) {
        let batch = &mut hashes[..BATCH.min(windows - batch_start)];
        for (offset, hash) in batch.iter_mut().enumerate() {
            *hash = hasher.hash_at(batch_start + offset);
        }
        for &hash in batch.iter() {
            counts.record(hash);
        }
    }

    let mut hasher = WindowHasher::new(ids, width);
    for batch_start in (0..windows).step_by(BATCH) {
        let batch = &mut hashes[..BATCH.min(windows - batch_start)];
        for (offset, hash) in batch.iter_mut().enumerate() {
            *hash = hasher.hash_at(batch_start + offset);
        }
        // BATCH is 64: one word of marks per batch.
        let mut word = 0u64;
        for (offset, &hash) in batch.iter().enumerate() {
            word |= u64::from(counts.repeated(hash)) << offset;
        }
        marks[batch_start / 64] = word;
    }
    (marks, counts.repeated_slots())
}

/// Splits `ids` into LZ77-style repeats of at least `width` words that
/// `accept` takes (given the repeats found before it). Every source lies in
/// text that is not itself a copy, so deleting every copy keeps one
/// occurrence of each repeated word sequence. `trim` shortens a match
/// (given its source, its start and its length) to the words that truly
/// agree ([`Evidence::agreeing_length`]). With `cut_at_chains`, a match
/// that `accept` refuses is tried again cut where the first copy of its
/// source found since starts (see the body).
pub(crate) fn find_repeats(
    ids: &[u32],
    marks: &RepeatedWindows,
    cut_at_chains: bool,
    trim: impl Fn(usize, usize, usize) -> usize,
    accept: impl Fn(&Repeat, &[Repeat]) -> bool,
) -> Vec<Repeat> {
    let (width, windows) = (marks.width, marks.windows);
    if windows == 0 {
        return Vec::new();
    }
    let is_marked = |position: usize| marks.is_marked(position);

    // Scan left to right; a window enters the table once it lies wholly
    // before the scan position and overlaps no copy.
    // Sized once: growing it copies every entry while the old table is
    // still held, the peak of a run's memory on a long text.
    let mut table: FxHashMap<u64, [u32; CANDIDATES]> =
        FxHashMap::with_capacity_and_hasher(marks.repeated, Default::default());
    let mut inserter = WindowHasher::new(ids, width);
    let mut looker = WindowHasher::new(ids, width);
    let mut repeats: Vec<Repeat> = Vec::new();
    let mut next_insert = 0;
    let mut position = 0;
    while position < windows {
        while next_insert + width <= position {
            let overlaps_copy = repeats
                .last()
                .is_some_and(|last| last.copy.end > next_insert);
            if is_marked(next_insert) && !overlaps_copy {
                let slots = table
                    .entry(inserter.hash_at(next_insert))
                    .or_insert([u32::MAX; CANDIDATES]);
                if let Some(slot) = slots.iter_mut().find(|slot| **slot == u32::MAX) {
                    *slot = u32::try_from(next_insert).unwrap_or(u32::MAX);
                }
            }
            next_insert += 1;
        }

        let best = if is_marked(position) {
            table
                .get(&looker.hash_at(position))
                .and_then(|slots| longest_match(ids, width, position, slots))
                .map(|(source, length)| (source, trim(source, position, length)))
                .map(|(source, length)| Repeat {
                    copy: position..position + length,
                    source,
                })
                .and_then(|repeat| {
                    let accepted = accept(&repeat, &repeats);
                    if accepted || !cut_at_chains {
                        return accepted.then_some(repeat);
                    }
                    // A match whose source runs on through the copies of
                    // it found since, cut where the first of them starts:
                    // one more copy in a chain ("… birthday." pasted three
                    // times after the paragraph it ends).
                    let chain = repeats
                        .iter()
                        .rev()
                        .take_while(|earlier| earlier.copy.end > repeat.source)
                        .map(|earlier| earlier.copy.start)
                        .filter(|&start| start > repeat.source && start < repeat.source + repeat.copy.len())
                        .min()?;
                    let shorter = Repeat {
                        copy: position..position + (chain - repeat.source),
                        source: repeat.source,
                    };
                    (shorter.copy.len() >= width && accept(&shorter, &repeats)).then_some(shorter)
                })
        } else {
            None
        };
        match best {
            Some(repeat) => {
                position = repeat.copy.end;
                repeats.push(repeat);
            }
            None => position += 1,
        }
    }
    repeats
}

/// Which windows of words occur more than once in the text (as far as
/// their hashes tell).
pub(crate) struct RepeatedWindows {
    marks: Vec<u64>,
    /// About how many different windows occur more than once: the most
    /// that [`find_repeats`]'s table holds, so that it is sized once.
    repeated: usize,
    /// Words in a window.
    width: usize,
    /// Windows in the text; none when it has fewer than two windows' worth
    /// of words.
    windows: usize,
}

impl RepeatedWindows {
    /// The windows of `width` words of `ids` that occur more than once.
    pub(crate) fn new(ids: &[u32], width: usize) -> Self {
        let width = width.max(1);
        let windows = if ids.len() < 2 * width {
            0
        } else {
            ids.len() - width + 1
        };
        let (marks, repeated) = if windows == 0 {
            (Vec::new(), 0)
        } else {
            repeated_windows(ids, width, windows)
        };
        Self {
            marks,
            repeated,
            width,
            windows,
        }
    }

    /// Whether the window starting at word `position` occurs elsewhere too.
    fn is_marked(&self, position: usize) -> bool {
        self.marks
            .get(position / 64)
            .is_some_and(|word| word & (1 << (position % 64)) != 0)
    }

    /// Whether the `count` words from `start` on hold text seen nowhere
    /// else, and the text has that many words: no [`REPEAT_MARKS`] windows
    /// in a row starting among them are marked. A hash shared by chance
    /// marks one window in eight; a passage of a window and three words
    /// that occurs again marks four in a row. (The last words of the text
    /// start no window of their own; the windows before them cover them.)
    fn is_unique_run(&self, start: usize, count: usize) -> bool {
        let words = (self.windows + self.width).saturating_sub(1);
        self.windows > 0
            && start + count <= words
            && !self.has_marked_run(
                start,
                count.min(self.windows.saturating_sub(start)),
                REPEAT_MARKS,
            )
    }

    /// Whether `most` windows in a row (or all of them, when fewer) among
    /// the `count` starting at `start` are marked.
    fn has_marked_run(&self, start: usize, count: usize, most: usize) -> bool {
        let wanted = most.min(count).max(1);
        let mut in_a_row = 0;
        (start..start + count).any(|at| {
            in_a_row = if self.is_marked(at) { in_a_row + 1 } else { 0 };
            in_a_row >= wanted
        })
    }
}

/// Whether `repeat` cannot be extended to the left: the words before its
/// source and before its copy differ (or one of them starts the text). A
/// repeat that can was not taken at its full length.
fn is_left_maximal(ids: &[u32], repeat: &Repeat) -> bool {
    repeat.source == 0 || ids.get(repeat.source - 1) != ids.get(repeat.copy.start - 1)
}

/// Whether `words` repeat a pattern shorter than `length` words all along.
fn is_periodic(words: &[u32], length: usize) -> bool {
    (1..length).any(|period| {
        words
            .iter()
            .zip(words.iter().skip(period))
            .all(|(a, b)| a == b)
    })
}

/// The most words of a headline (and byline) between a teaser and the
/// article it quotes.
const MAX_HEADLINE_WORDS: usize = 12;

/// How many different content words of its teaser a headline restates
/// ([`Evidence::headline_echoes_teaser`]); a parallel clause and what
/// stands between its two halves share one at most ("the group of the
/// file chmod" between two clauses on a file's owner).
const MIN_ECHOED_WORDS: usize = 2;

/// The fewest letters of a word a headline restates: "id" and "e g" are
/// too short to be a topic.
const MIN_ECHOED_LETTERS: usize = 3;

/// The fewest letters two forms of one word share at their start
/// ([`shares_stem`]).
const MIN_STEM_LETTERS: usize = 4;

/// The most letters either form of a word adds to the stem they share.
const MAX_ENDING_LETTERS: usize = 3;

/// Whether `a` and `b` are forms of one word, as a headline restates its
/// teaser's words ("jails" for "jailed", "iran" for "iranian"): they start
/// with the same [`MIN_STEM_LETTERS`] letters or more, and each adds at
/// most [`MAX_ENDING_LETTERS`] to that start. Compared without regard to
/// case.
fn shares_stem(a: &str, b: &str) -> bool {
    let shared = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x.to_lowercase().eq(y.to_lowercase()))
        .count();
    let (a_letters, b_letters) = (a.chars().count(), b.chars().count());
    shared >= MIN_STEM_LETTERS
        && a_letters - shared <= MAX_ENDING_LETTERS
        && b_letters - shared <= MAX_ENDING_LETTERS
}

/// How many words before a teaser's piece must recur, in order, to show
/// where the copy of the piece before it ends.
const PIECE_ANCHOR_WORDS: usize = 4;

/// Whether the words between the source of `repeat` and its copy are what
/// stands between a teaser and the article: a headline of at most
/// [`MAX_HEADLINE_WORDS`], or, where the copy comes in pieces, a headline,
/// the copy of the words right before the source (the piece before this
/// one) and an interruption ([`follows_piece_before`]).
fn is_headline_gap(ids: &[u32], repeat: &Repeat) -> bool {
    let gap = repeat.source + repeat.copy.len()..repeat.copy.start;
    gap.len() <= MAX_HEADLINE_WORDS || follows_piece_before(ids, repeat)
}

/// Whether the words between the source of `repeat` and its copy are a
/// headline of at most [`MAX_HEADLINE_WORDS`], the copy of the words right
/// before the source (the teaser's piece before this one) and an
/// interruption of at most [`MAX_TEASER_INTERRUPTION`] words.
fn follows_piece_before(ids: &[u32], repeat: &Repeat) -> bool {
    piece_before(ids, repeat, MAX_TEASER_INTERRUPTION, 0).is_some_and(|piece| {
        piece.copy_start - (repeat.source + repeat.copy.len()) <= MAX_HEADLINE_WORDS
    })
}

/// The last of the pieces that continue `repeat` among `after` (the
/// repeats found after it, in order): each copies the source's words right
/// after the piece before's (past at most [`MAX_ESCAPED_SEAM`] words), at
/// most [`MAX_CHROME_BETWEEN_PIECES`] words after that piece's copy. A page
/// prints in pieces, between images and chrome, an article that page state
/// holds in one string.
fn last_piece<'a>(repeat: &'a Repeat, after: &'a [Repeat]) -> &'a Repeat {
    let mut last = repeat;
    for next in after.iter().take(MAX_PIECES) {
        let source_end = last.source + last.copy.len();
        let continues = (source_end..=source_end + MAX_ESCAPED_SEAM).contains(&next.source)
            && next.copy.start >= last.copy.end
            && next.copy.start - last.copy.end <= MAX_CHROME_BETWEEN_PIECES;
        if !continues {
            break;
        }
        last = next;
    }
    last
}

/// Whether at least nine in ten words of `range` lie in some of `ranges`.
fn is_mostly_within(range: &Range<usize>, ranges: &[Range<usize>]) -> bool {
    let mut inside: Vec<Range<usize>> = ranges
        .iter()
        .map(|other| other.start.max(range.start)..other.end.min(range.end))
        .filter(|clipped| !clipped.is_empty())
        .collect();
    inside.sort_by_key(|clipped| clipped.start);
    let (mut covered, mut reached) = (0, range.start);
    for clipped in inside {
        covered += clipped.end.saturating_sub(clipped.start.max(reached));
        reached = reached.max(clipped.end);
    }
    !range.is_empty() && covered * 10 >= range.len() * 9
}

/// The words right before a source, copied again between the source and
/// its copy ([`piece_before`]).
#[derive(Debug, Clone, Copy)]
struct PieceBefore {
    /// Where that copy starts.
    copy_start: usize,
    /// Where the words it copies start, before the source.
    source_start: usize,
}

/// The copy of the words right before the source of `repeat` (at least
/// [`PIECE_ANCHOR_WORDS`] of them, as many as recur in order) that ends
/// at most `max_interruption` words before the copy of `repeat`, nearest
/// it: the piece of the same passage that the page printed before an
/// interruption. Up to `seam` words right before the source may be left
/// out of it: page state joins its paragraphs with escaped line breaks
/// ("design n ni m not" where the page prints "design i m not").
fn piece_before(
    ids: &[u32],
    repeat: &Repeat,
    max_interruption: usize,
    seam: usize,
) -> Option<PieceBefore> {
    let gap = repeat.source + repeat.copy.len()..repeat.copy.start;
    // Only ends within the interruption are looked at: the gap may be most
    // of the text.
    let nearest_start = (gap.start + PIECE_ANCHOR_WORDS).max(gap.end.saturating_sub(max_interruption));
    (0..=seam).find_map(|skipped| {
        let anchor_end = repeat.source.checked_sub(skipped)?;
        let anchor = anchor_end
            .checked_sub(PIECE_ANCHOR_WORDS)
            .and_then(|start| ids.get(start..anchor_end))?;
        let piece_end = (nearest_start..=gap.end)
            .rev()
            .find(|&end| ids.get(end - PIECE_ANCHOR_WORDS..end) == Some(anchor))?;
        let (source_start, copy_start) = agree_backwards(
            ids,
            anchor_end - PIECE_ANCHOR_WORDS,
            piece_end - PIECE_ANCHOR_WORDS,
            gap.start,
        );
        Some(PieceBefore {
            copy_start,
            source_start,
        })
    })
}

/// Token `source` and token `copy` moved back together while the words
/// before them are equal, the copy not past `copy_floor`: where two
/// occurrences that agree from there on start to agree.
fn agree_backwards(ids: &[u32], mut source: usize, mut copy: usize, copy_floor: usize) -> (usize, usize) {
    while source > 0 && copy > copy_floor && ids[source - 1] == ids[copy - 1] {
        source -= 1;
        copy -= 1;
    }
    (source, copy)
}

/// Whether the two occurrences of `repeat` differ on both sides by a few
/// words each and then agree again, but not for long: a text that fills
/// one template twice (a manual's entries for two functions, a verse that
/// comes back with its names changed). A scraper's copy
/// is the page's text pasted again; what stands around it differs by
/// insertion (chrome before or after one occurrence), not by words swapped
/// on both sides. Where the two sides agree again for `long_piece` words
/// or more, the passage is a piece of a longer copy whose seams differ:
/// page state against the page, escaped line breaks on one side and an
/// ad's label on the other. Copies in or near tandem are left out: their
/// sides are the copies themselves. In a list's layout, looser evidence
/// is enough ([`Evidence::is_edited_list`]).
fn is_restated_in_a_template(ids: &[u32], repeat: &Repeat, long_piece: usize) -> bool {
    let source_end = repeat.source + repeat.copy.len();
    if repeat.copy.start.saturating_sub(source_end) <= MAX_SUBSTITUTION {
        return false;
    }
    // The search marks a repeat from where its windows recur, which may
    // be a few words in: its sides start where the two occurrences part.
    let (source_start, copy_start) = agree_backwards(ids, repeat.source, repeat.copy.start, source_end);
    let (after, before) = Alignment::around(ids, source_start..source_end, copy_start..repeat.copy.end);
    let restates = |agreement: Option<usize>| agreement.is_some_and(|words| words < long_piece);
    restates(agreement_past_substitution(&after, long_piece))
        && restates(agreement_past_substitution(&before, long_piece))
}

/// Whether the occurrences of `repeat` are two variants of one text: the
/// alignment of the words around them goes on past [`MIN_VARIANT_EDITS`]
/// or more small edits (words changed, left out or added, at most
/// [`MAX_VARIANT_EDIT`] on each side), [`MIN_VARIANT_SUBSTITUTIONS`] of
/// them words changed, with at most [`MAX_WORDS_PER_VARIANT_EDIT`]
/// agreeing words per edit. A meal plan's days, a timetable's weeks or a
/// manual's option blocks restate one another with an entry changed here
/// and there, also once flattened, where no list layout is left to show
/// it. A scraper's copy is the page pasted again: the same words, at most
/// interrupted by chrome lines inserted into one occurrence or the other.
/// Copies in or near tandem are left out, as in
/// [`is_restated_in_a_template`].
fn is_variant_of_source(ids: &[u32], repeat: &Repeat) -> bool {
    let source_end = repeat.source + repeat.copy.len();
    if repeat.copy.start.saturating_sub(source_end) <= MAX_SUBSTITUTION {
        return false;
    }
    // Each side may read into the other occurrence: a list of variants
    // restates each entry in the next.
    let (forward, backward) = Alignment::around(ids, repeat.source_range(), repeat.copy.clone());
    let (after, before) = (forward.walk(), backward.walk());
    let edits = after.edits + before.edits;
    let agreeing = before.agreeing + repeat.copy.len() + after.agreeing;
    edits >= MIN_VARIANT_EDITS
        && after.substitutions + before.substitutions >= MIN_VARIANT_SUBSTITUTIONS
        && agreeing <= edits * MAX_WORDS_PER_VARIANT_EDIT
}

/// What [`Alignment::walk`] read.
struct Walked {
    /// The words that agree.
    agreeing: usize,
    /// The edits passed, where the two sides part and agree again.
    edits: usize,
    /// The edits that skip words on both sides.
    substitutions: usize,
}

/// Two stretches of words read away from a passage's two occurrences, in
/// step: forward from their ends or backward from their starts.
struct Alignment<'a> {
    ids: &'a [u32],
    /// The words the source side may read.
    source: Range<usize>,
    /// The words the copy side may read.
    copy: Range<usize>,
    /// Whether the reading goes forward (else backward, from each end).
    forward: bool,
}

impl<'a> Alignment<'a> {
    /// The words after occurrences `source` and `copy`, read forward, and
    /// those before them, read backward, each as far as the text goes.
    fn around(ids: &'a [u32], source: Range<usize>, copy: Range<usize>) -> (Self, Self) {
        let forward = Alignment {
            ids,
            source: source.end..ids.len(),
            copy: copy.end..ids.len(),
            forward: true,
        };
        let backward = Alignment {
            ids,
            source: 0..source.start,
            copy: 0..copy.start,
            forward: false,
        };
        (forward, backward)
    }

    /// The word `offset` words away on one side, `None` past its range.
    fn word(&self, side: &Range<usize>, offset: usize) -> Option<u32> {
        let index = if self.forward {
            side.start.checked_add(offset)?
        } else {
            side.end.checked_sub(offset + 1)?
        };
        side.contains(&index).then(|| self.ids[index])
    }

    /// How many words agree, up to `limit`, from `source` and `copy` words
    /// away on each side.
    fn agreeing(&self, source: usize, copy: usize, limit: usize) -> usize {
        (0..limit)
            .take_while(|&offset| {
                let word = self.word(&self.source, source + offset);
                word.is_some() && word == self.word(&self.copy, copy + offset)
            })
            .count()
    }

    /// The agreeing words and the edits along the alignment, for at most
    /// [`VARIANT_REACH`] agreeing words.
    fn walk(&self) -> Walked {
        let (mut source, mut copy) = (0, 0);
        let mut walked = Walked {
            agreeing: 0,
            edits: 0,
            substitutions: 0,
        };
        while walked.agreeing < VARIANT_REACH {
            let run = self.agreeing(source, copy, VARIANT_REACH - walked.agreeing);
            if run > 0 {
                walked.agreeing += run;
                source += run;
                copy += run;
                continue;
            }
            let agreeing = |skip_source: usize, skip_copy: usize, limit: usize| {
                self.agreeing(source + skip_source, copy + skip_copy, limit)
            };
            let resync = nearest_agreement(&agreeing, MAX_VARIANT_EDIT);
            let Some((skip_source, skip_copy)) = resync else {
                break;
            };
            walked.edits += 1;
            walked.substitutions += usize::from(skip_source > 0 && skip_copy > 0);
            source += skip_source;
            copy += skip_copy;
        }
        walked
    }
}

/// Reading away from a passage's two occurrences along `alignment`: how
/// many words (at most `limit`) the two agree on again after a few
/// differing words on both sides; `None` when the nearest agreement skips
/// words on one side only (words inserted there), or there is none.
fn agreement_past_substitution(alignment: &Alignment, limit: usize) -> Option<usize> {
    let agreeing = |skip_source: usize, skip_copy: usize, limit: usize| {
        alignment.agreeing(skip_source, skip_copy, limit)
    };
    if agreeing(0, 0, 1) > 0 {
        return None;
    }
    let (skip_source, skip_copy) = nearest_agreement(&agreeing, MAX_SUBSTITUTION)?;
    (skip_source > 0 && skip_copy > 0).then(|| agreeing(skip_source, skip_copy, limit))
}

/// The words to skip on the source side and on the copy side, at most
/// `max_skip` each, for the two to agree again for [`RESYNC_WORDS`]:
/// the nearest such place by the words skipped on both sides together.
/// `agreeing(skip_source, skip_copy, limit)` counts the agreeing words.
fn nearest_agreement(
    agreeing: &dyn Fn(usize, usize, usize) -> usize,
    max_skip: usize,
) -> Option<(usize, usize)> {
    (1..=2 * max_skip).find_map(|total: usize| {
        let lowest = total.saturating_sub(max_skip);
        (lowest..=total.min(max_skip))
            .find(|&skip_source| agreeing(skip_source, total - skip_source, RESYNC_WORDS) == RESYNC_WORDS)
            .map(|skip_source| (skip_source, total - skip_source))
    })
}

/// Marked windows in a row that tell a repeated passage from hashes shared
/// by chance ([`RepeatedWindows::is_unique_run`]).
const REPEAT_MARKS: usize = 4;

/// The earlier place among `slots` that the text at `position` copies for
/// longest (at least `width` words), as (source, length).
fn longest_match(
    ids: &[u32],
    width: usize,
    position: usize,
    slots: &[u32; CANDIDATES],
) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for &slot in slots.iter().take_while(|&&slot| slot != u32::MAX) {
        let source = slot as usize;
        if ids[source..source + width] != ids[position..position + width] {
            continue;
        }
        // The source starts outside every copy, and may run on through copies
        // (text pasted again with the copies it held is one repeat), but not
        // into the text it is copied to.
        let mut length = width;
        while source + length < position
            && position + length < ids.len()
            && ids[source + length] == ids[position + length]
        {
            length += 1;
        }
        if best.is_none_or(|(_, longest)| length > longest) {
            best = Some((source, length));
        }
    }
    best
}

/// How far back from a passage's start to look for the start of its line,
/// in bytes: a page's JSON state or JSON-LD opens with its keys, and the
/// article's text follows in one long string.
const LINE_SEARCH: usize = 1 << 16;

/// How much of the text around a passage's start, and of the start of its
/// line, is looked at for code, in bytes.
const CODE_CONTEXT: usize = 512;

/// The most words a cut-off line may go on for after a piece of it
/// ([`Evidence::is_cut_off_teaser`]): a teaser's, or page state's that
/// holds the whole article; a bound on the work of finding its end.
const MAX_CUT_OFF_LINE_WORDS: usize = 2000;

/// How many words a match may run past the end of its source's line and
/// still be cut back to it ([`Evidence::agreeing_length`]).
const MAX_RUN_ON: usize = 2;

/// Why a fix deletes the earlier occurrence when its source is in code.
const IN_CODE: &str = "the earlier occurrence is inside code";

/// Why the earlier occurrence goes when it is a teaser in flattened text.
const FLATTENED_TEASER: &str = "the earlier occurrence is a teaser of the text that follows the copy";

/// Why the earlier occurrence goes when it is a teaser line.
const TEASER: &str = "the earlier occurrence is a teaser of a longer paragraph";

/// How many words before a flattened passage are looked at for code.
const CODE_LOOKBACK: usize = 24;

/// How many words before a flattened passage are looked at for code when
/// code words also close it ([`Evidence::source_enclosed_in_code`]): the
/// keys before an article's body in page state, then its headline and a
/// standfirst of a sentence or two.
const ENCLOSING_CODE_LOOKBACK: usize = 2 * CODE_LOOKBACK;

/// What the [`CODE_LOOKBACK`] words after a string of page state score
/// together, in quarter-nats: a mean of 3 a word, as keys, dates and ids
/// score (prose scores below zero).
const CODE_CLOSING_SCORE: i32 = 3 * CODE_LOOKBACK as i32;

/// The mean score a word, in quarter-nats, of a repeat that reads as code
/// as a whole ([`Evidence::is_code_example`]): a query or a program scores
/// from -2.5 up, the prose of news repeated by scraping -5.9 and below.
const CODE_EXAMPLE_MEAN: i32 = -3;

/// The mean score a word, in quarter-nats, of the words before a code
/// example that introduce it ([`Evidence::is_code_example`]): prose.
const PROSE_MEAN: i32 = -6;

/// The fewest words a mean score ([`Evidence::mean_code_score`]) is taken
/// over.
const MIN_SCORED_WORDS: i32 = 12;

/// How many consecutive words must read as code together.
const CODE_WINDOW: usize = 6;

/// What those words must score together, in quarter-nats: 10 nats, what
/// "window", "state", "id" and an id number score; prose scores below zero.
const CODE_OPENING_SCORE: i32 = 40;

/// Whether the passage at `span` sits inside code: near its start, or at
/// the start of its line, at least two statements of JavaScript or JSON
/// syntax (a JSON state object, JSON-LD, a script's strings). A word that
/// ends in ");" counts for none: prose lists set a semicolon after a
/// bracket ("J Lewsey (Wasps); C Hodgson (Sale Sharks)"), and page state
/// shows its syntax in other marks.
fn is_inside_code(text: &str, span: Span) -> bool {
    let statements = |range: Range<usize>| -> usize {
        let start = floor_char_boundary(text, range.start);
        let end = floor_char_boundary(text, range.end.min(text.len()));
        text[start..end]
            .split_ascii_whitespace()
            .map(|chunk| syntax_marks(chunk).1.saturating_sub(usize::from(chunk.ends_with(");"))))
            .sum()
    };
    let search_from = floor_char_boundary(text, span.start.saturating_sub(LINE_SEARCH));
    let line_start = memchr::memrchr(b'\n', &text.as_bytes()[search_from..span.start])
        .map_or(search_from, |at| search_from + at + 1);
    let line_end = memchr::memchr(b'\n', &text.as_bytes()[span.start..])
        .map_or(text.len(), |at| span.start + at);
    let near = span.start.saturating_sub(CODE_CONTEXT).max(line_start)
        ..(span.start + CODE_CONTEXT).min(line_end);
    let opening = line_start..(line_start + CODE_CONTEXT).min(line_end);
    statements(near) >= 2 || statements(opening) >= 2
}

/// The longest unit, in words, that a chant repeats.
const MAX_CHANT_PERIOD: usize = 8;

/// Whether `ids` is a chant: a unit of at most [`MAX_CHANT_PERIOD`] words
/// said over and over, so that every word equals the word one unit before.
fn is_chant(ids: &[u32]) -> bool {
    (1..=MAX_CHANT_PERIOD.min(ids.len() / 2))
        .any(|period| ids[period..] == ids[..ids.len() - period])
}

/// Whether `text` names a code identifier, as prose does not: an
/// underscore joined to a letter or digit (`attr_name`, `_private`), or a
/// dot between two lowercase names of two letters or more (`os.rename`;
/// not "e.g." or "U.S.").
fn names_identifier(text: &str) -> bool {
    let bytes = text.as_bytes();
    let alphanumeric = |at: Option<usize>| {
        at.and_then(|at| bytes.get(at))
            .is_some_and(u8::is_ascii_alphanumeric)
    };
    let lowercase = |at: Option<usize>| {
        at.and_then(|at| bytes.get(at))
            .is_some_and(u8::is_ascii_lowercase)
    };
    let underscore = memchr::memchr_iter(b'_', bytes)
        .any(|offset| alphanumeric(offset.checked_sub(1)) || alphanumeric(Some(offset + 1)));
    underscore
        || memchr::memchr_iter(b'.', bytes).any(|offset| {
            lowercase(offset.checked_sub(2))
                && lowercase(offset.checked_sub(1))
                && lowercase(Some(offset + 1))
                && lowercase(Some(offset + 2))
        })
}

/// For each repeat, whether the source of another repeat overlaps its own:
/// the same words copied more than once.
fn sources_copied_again(repeats: &[Repeat]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..repeats.len()).collect();
    order.sort_unstable_by_key(|&index| repeats[index].source);
    let mut copied_again = vec![false; repeats.len()];
    // The furthest end of the sources before, in order of start.
    let mut furthest: Option<(usize, usize)> = None;
    for &index in &order {
        let range = repeats[index].source_range();
        if let Some((end, owner)) = furthest {
            if end > range.start {
                copied_again[index] = true;
                copied_again[owner] = true;
            }
        }
        if furthest.is_none_or(|(end, _)| range.end > end) {
            furthest = Some((range.end, index));
        }
    }
    copied_again
}

/// Joins consecutive repeats that, with the words between them, copy one
/// earlier stretch: a text pasted again is one finding, even where its first
/// occurrence holds copies itself and the search found it piece by piece.
fn join_pieces(ids: &[u32], repeats: Vec<Repeat>) -> Vec<Repeat> {
    let mut joined: Vec<Repeat> = Vec::with_capacity(repeats.len());
    for repeat in repeats {
        if let Some(last) = joined.last_mut() {
            let length = repeat.copy.end - last.copy.start;
            let source_end = last.source + length;
            // Only the words after `last` remain to compare.
            let copies_on = source_end <= last.copy.start
                && ids[last.source + last.copy.len()..source_end]
                    == ids[last.copy.end..repeat.copy.end];
            if copies_on {
                last.copy.end = repeat.copy.end;
                continue;
            }
        }
        joined.push(repeat);
    }
    joined
}

/// Where sentences end, in tokens: after the last token of a word that
/// [`Document::sentence_ends_after`] says ends one.
struct Sentences<'a> {
    document: &'a Document<'a>,
    tokens: &'a DocumentTokens,
}

impl Sentences<'_> {
    /// Whether a sentence ends after token `index` (the last token always does).
    fn ends_after(&self, index: usize) -> bool {
        if index + 1 >= self.tokens.hashes.len() {
            return true;
        }
        // Inside a word ("huawei" + "s"), no sentence ends.
        !self.tokens.is_continuation(index + 1)
            && self
                .document
                .sentence_ends_after(self.tokens.word_of(index))
    }

    /// Whether token `index` starts a sentence.
    fn starts_at(&self, index: usize) -> bool {
        index == 0 || self.ends_after(index - 1)
    }
}

/// Whether the document still has sentence punctuation.
fn is_punctuated(text: &str, word_count: usize) -> bool {
    let bytes = text.as_bytes();
    let stops = memchr::memchr3_iter(b'.', b'!', b'?', bytes)
        .filter(|&offset| {
            bytes.get(offset + 1).is_none_or(|next| {
                next.is_ascii_whitespace() || matches!(next, b'"' | b'\'' | b')')
            })
        })
        .count();
    stops * MAX_WORDS_PER_SENTENCE >= word_count
}

/// Shrinks `repeat` to whole sentences in both copy and source; `None` if
/// fewer than `min_words` words remain.
fn trim_to_sentences(repeat: &Repeat, sentences: &Sentences, min_words: usize) -> Option<Repeat> {
    let shift = repeat.copy.start - repeat.source;
    let start = repeat
        .copy
        .clone()
        .find(|&index| sentences.starts_at(index) && sentences.starts_at(index - shift))?;
    let end = (start..repeat.copy.end)
        .rev()
        .find(|&index| sentences.ends_after(index) && sentences.ends_after(index - shift))?
        + 1;
    (end - start >= min_words).then(|| Repeat {
        copy: start..end,
        source: start - shift,
    })
}

/// The bytes of tokens `range`, with the punctuation and symbols attached to
/// the first and the last one ("(£42m", "49.2%)."), so that deleting a copy
/// cut inside a sentence leaves no stray sign behind.
fn byte_span(text: &str, tokens: &TokenSpans<'_>, range: Range<usize>) -> Span {
    let mut start = tokens.start(range.start);
    for c in text[..start].chars().rev() {
        if !matches!(
            c,
            '(' | '[' | '\u{201c}' | '\u{ab}' | '$' | '\u{a3}' | '\u{20ac}' | '\u{a5}'
        ) {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = tokens.end(range.end - 1);
    for c in text[end..].chars() {
        if !matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '"'
                | '\''
                | '\u{201d}'
                | '\u{2019}'
                | ')'
                | ']'
                | '\u{2026}'
                | '%'
                | '\u{2030}'
                | '\u{b0}'
                | '\u{bb}'
        ) {
            break;
        }
        end += c.len_utf8();
    }
    Span::new(start, end)
}

/// The byte spans of `repeat`'s copy and source ([`byte_span`]), where the
/// copy takes the signs around its words only as far as its source has the
/// same: a comma after a copy that its source lacks belongs to the
/// sentence that goes on after it, and deleting the copy must leave it.
fn copy_and_source_spans(text: &str, tokens: &TokenSpans<'_>, repeat: &Repeat) -> (Span, Span) {
    let source = byte_span(text, tokens, repeat.source_range());
    let copy = byte_span(text, tokens, repeat.copy.clone());
    let source_words = tokens.start(repeat.source)..tokens.end(repeat.source + repeat.copy.len() - 1);
    let copy_words = tokens.start(repeat.copy.start)..tokens.end(repeat.copy.end - 1);
    let start = if text[copy.start..copy_words.start] == text[source.start..source_words.start] {
        copy.start
    } else {
        copy_words.start
    };
    // Signs the source lacks stay only where the sentence goes on after
    // them on the same line; before a line break they end the copy.
    let line_goes_on = {
        let rest = &text[copy.end..];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        trimmed.len() < rest.len() && !trimmed.is_empty() && !trimmed.starts_with(['\n', '\r'])
    };
    let end = if text[copy_words.end..copy.end] == text[source_words.end..source.end]
        || !line_goes_on
    {
        copy.end
    } else {
        copy_words.end
    };
    (Span::new(start, end), source)
}

/// The first words of `span` (up to about 40 characters), for the message.
fn opening_words(text: &str, span: Span) -> String {
    let passage = &text[span.range()];
    let mut shown: Vec<&str> = Vec::new();
    let mut length = 0;
    for word in passage.split_whitespace() {
        if length + word.len() > 40 && !shown.is_empty() {
            shown.push("…");
            break;
        }
        length += word.len() + 1;
        shown.push(word);
    }
    shown.join(" ")
}

/// The diagnostic for a passage of `words` words at `copy` that repeats
/// `source`. It marks the later copy for a safe deletion, or, when
/// `earlier_reason` says why the earlier occurrence is the one to go, that
/// one for an unsafe deletion (which copy a reader wants is then a guess).
fn passage_diagnostic(
    document: &Document,
    words: usize,
    (copy, source): (Span, Span),
    next_copy_start: Option<usize>,
    earlier_reason: Option<&str>,
    earlier_deletions: &[Span],
) -> Diagnostic {
    let text = document.text();
    let lines = document.lines();
    let deletion = |span: Span| vec![Edit::delete(deletion_with_separator(text, span))];
    match earlier_reason {
        None => {
            // A copy that another copy follows goes with the whitespace
            // before it, so that the deletions of a chain only touch and
            // all apply in one pass.
            let space_before = text[..copy.start].len() - text[..copy.start].trim_end().len();
            let chained = next_copy_start.is_some_and(|next| {
                next >= copy.end && text[copy.end..next].trim().is_empty()
            }) && space_before > 0
                && space_before < copy.start;
            let copy_deletion = if chained {
                vec![Edit::delete(Span::new(copy.start - space_before, copy.end))]
            } else {
                deletion(copy)
            };
            let first = lines.line_column(text, source.start);
            let message = format!(
                "repeated passage of {words} words, first seen at {}:{}: \"{}\"",
                first.line,
                first.column,
                opening_words(text, copy)
            );
            Diagnostic::new(META.name, META.severity, message, copy)
                .with_label(source, "first occurrence here")
                .with_fix(Fix::safe("delete repeated passage", copy_deletion))
        }
        Some(reason) => {
            // The pieces of one teaser, or the records of page state, stand
            // side by side: where the deletion of the one before took the
            // whitespace between, this one takes the whitespace after it,
            // and none that the deletion of the one after took, so that
            // every piece goes in one pass, in whatever order they are found.
            let mut earlier_deletion = deletion_with_separator(text, source);
            // A deletion before may also have taken the first words, where
            // two sources overlap.
            let taken_before = earlier_deletions
                .iter()
                .filter(|taken| taken.start <= source.start && taken.end < source.end)
                .map(|taken| taken.end)
                .filter(|&end| earlier_deletion.start < end)
                .max();
            if let Some(end) = taken_before {
                let after = text[source.end..].len() - text[source.end..].trim_start().len();
                earlier_deletion = Span::new(end, source.end + after);
            }
            let taken_after = earlier_deletions
                .iter()
                .filter(|taken| taken.start > earlier_deletion.start && taken.end >= source.end)
                .map(|taken| taken.start)
                .filter(|&start| start < earlier_deletion.end)
                .min();
            if let Some(start) = taken_after {
                earlier_deletion = Span::new(earlier_deletion.start, start);
            }
            let later = lines.line_column(text, copy.start);
            let message = format!(
                "passage of {words} words repeated at {}:{}, and {reason}: \"{}\"",
                later.line,
                later.column,
                opening_words(text, source)
            );
            Diagnostic::new(META.name, META.severity, message, source)
                .with_label(copy, "prose occurrence kept here")
                .with_fix(Fix::unsafe_(
                    "delete the earlier occurrence",
                    vec![Edit::delete(earlier_deletion)],
                ))
        }
    }
}

impl Rule for RepeatedPassage {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        let tokens = document.tokens();
        let ids = &tokens.hashes;
        let evidence = Evidence {
            document,
            tokens,
            min_words: self.min_words,
            punctuated: is_punctuated(text, ids.len()),
            common: &self.common,
            chrome: &self.chrome,
            line_ends: OnceCell::new(),
            line_ends_scanned: Cell::new(0),
        };
        let windows = RepeatedWindows::new(ids, evidence.shortest());
        let accept = |repeat: &Repeat, before: &[Repeat]| {
            repeat.copy.len() >= evidence.floor(repeat, before, &windows)
                && !is_restated_in_a_template(ids, repeat, evidence.long_piece())
        };
        let trim = |source, start, length| evidence.agreeing_length(source, start, length);
        // In flattened text, a phrase said three times over (a manual's
        // entries without their names) reads as a chain too.
        let repeats = find_repeats(ids, &windows, evidence.punctuated, trim, accept);
        if repeats.is_empty() {
            return;
        }
        let repeats = evidence.with_short_tails(repeats);
        let sentences = Sentences { document, tokens };
        let mut kept = Vec::with_capacity(repeats.len());
        let spans = TokenSpans { document, tokens };
        for (index, repeat) in repeats.iter().enumerate() {
            // Prose copied into code (a JSON state object).
            let copied_into_code = || {
                is_inside_code(text, byte_span(text, &spans, repeat.source_range()))
                    && !is_inside_code(text, byte_span(text, &spans, repeat.copy.clone()))
            };
            // Teasers and shrinking tails are cut anywhere, and code has no
            // sentences.
            let cut_anywhere = || {
                evidence.is_teaser(repeat)
                    || evidence.is_tandem_suffix(repeat, &repeats[..index])
                    || evidence.is_tandem_across_sentences(repeat, &repeats[..index])
                    || evidence.is_shrinking_tail(repeat, &repeats[..index])
                    || evidence.is_teaser_piece(repeat, &repeats[..index])
                    || evidence.is_piece_of_interrupted_source(repeat, &repeats[..index])
                    || evidence.is_tail_from_inside_a_sentence(repeat)
                    || evidence.interrupted_tandem(repeat).is_some()
                    || evidence.is_short_tail(repeat, &repeats[..index])
            };
            if evidence.is_code_example(repeat) && !copied_into_code() {
                continue;
            }
            if !evidence.punctuated
                && evidence.is_piece_of_interrupted_source(repeat, &repeats[..index])
            {
                kept.extend(evidence.stop_source_at_copy(repeat, &repeats[..index]));
                continue;
            }
            if !evidence.punctuated || cut_anywhere() || copied_into_code() {
                kept.push(repeat.clone());
                continue;
            }
            let floor = evidence.floor(repeat, &repeats[..index], &windows);
            let trimmed = trim_to_sentences(repeat, &sentences, floor).or_else(|| {
                // Trimmed away: maybe its first words agree by chance only.
                let next_copy = repeats.get(index + 1).map_or(ids.len(), |next| next.copy.start);
                let aligned = evidence.aligned_to_lines(repeat, next_copy);
                let floor = evidence.floor(&aligned, &repeats[..index], &windows);
                (aligned != *repeat).then(|| trim_to_sentences(&aligned, &sentences, floor))?
            });
            kept.extend(trimmed);
        }
        let tokens = spans;
        let joined = join_pieces(ids, kept);
        // Where the last source that evidence finds inside code starts, and
        // where its copy starts: a later repeat whose source lies between
        // them and whose copy lies after is another piece of the same pair
        // (the article in page state, then on the page, interrupted by
        // images and chrome), in code too: in flattened text, only the
        // first piece may have code words right before it.
        let mut code_block: Option<(usize, usize)> = None;
        // The sources that go as code so far.
        let mut code_sources: Vec<Range<usize>> = Vec::new();
        let copied_again = sources_copied_again(&joined);
        let spans: Vec<(Span, Span)> = joined
            .iter()
            .enumerate()
            .map(|(index, repeat)| {
                let (mut copy, source) = copy_and_source_spans(text, &tokens, repeat);
                // The words a tandem whose source chrome interrupts opens or
                // ends with go with its copy, unless the next copy holds them.
                if let Some((lead, trail)) = evidence.interrupted_tandem(repeat) {
                    let end = repeat.copy.end + trail;
                    let held = joined
                        .get(index + 1)
                        .is_some_and(|next| next.copy.start < end);
                    copy.start = tokens.start(repeat.copy.start - lead);
                    if !held {
                        copy.end = tokens.end(end - 1);
                    }
                }
                (copy, source)
            })
            .collect();
        // Pieces of one copy that chrome interrupts are deleted on the same
        // side: the piece before's decision holds for the one it continues.
        let mut previous_reason = None;
        // The deletions of earlier occurrences so far.
        let mut earlier_deletions: Vec<Span> = Vec::new();
        for (index, repeat) in joined.iter().enumerate() {
            let continues_previous =
                index > 0 && evidence.continues(&joined[index - 1], repeat);
            // The words after this copy's last piece, up to the next copy.
            let mut last = index;
            while joined
                .get(last + 1)
                .is_some_and(|next| evidence.continues(&joined[last], next))
            {
                last += 1;
            }
            let next_copy = joined
                .get(last + 1)
                .map_or(ids.len(), |next| next.copy.start);
            let mut continuation = next_copy.saturating_sub(joined[last].copy.end);
            // A flattened teaser's rest, copied past a long interruption:
            // the words after that copy, up to the next.
            if let Some((_, rest_copy_end)) = evidence.flattened_teaser_rest(repeat) {
                let next_copy = joined[index + 1..]
                    .iter()
                    .map(|next| next.copy.start)
                    .find(|&start| start >= rest_copy_end)
                    .unwrap_or(ids.len());
                continuation = continuation.max(next_copy - rest_copy_end);
            }
            let (copy, source) = spans[index];
            let next_copy_start = spans.get(index + 1).map(|(next, _)| next.start);
            // Punctuated text shows code around each source by itself.
            // A record of page state may also end right where the block
            // starts: the state stores the article's paragraphs in an order
            // of its own, and the first record may hold a later paragraph.
            let in_code_block = !evidence.punctuated
                && code_block.is_some_and(|(source_start, copy_start)| {
                    let source_end = repeat.source + repeat.copy.len();
                    let record_before = source_end <= source_start
                        && source_start - source_end <= MAX_RECORD_GAP;
                    ((source_start..copy_start).contains(&repeat.source) || record_before)
                        && repeat.copy.start >= copy_start
                });
            let earlier_reason = if continues_previous {
                previous_reason
            } else if is_mostly_within(&repeat.source_range(), &code_sources) {
                // Words whose earlier occurrence already goes as code are
                // kept in the copy that decision kept: a third occurrence
                // (the article again in page state at the end) goes.
                None
            } else if in_code_block {
                Some(IN_CODE)
            } else {
                evidence.earlier_to_delete(
                    repeat,
                    (&joined[..index], &joined[index + 1..]),
                    continuation,
                    (copy, source),
                    copied_again.get(index).copied().unwrap_or(false),
                )
            };
            if earlier_reason == Some(IN_CODE) {
                if !continues_previous && !in_code_block {
                    code_block = Some((repeat.source, repeat.copy.start));
                } else if let Some((source_start, _)) = code_block.as_mut() {
                    *source_start = (*source_start).min(repeat.source);
                }
                code_sources.push(repeat.source_range());
            }
            previous_reason = earlier_reason;
            // A list the writer repeats with an entry changed stays (a
            // day of a meal plan is no teaser of the next), and so do
            // variants of one text; an earlier occurrence in code is still
            // what goes.
            if earlier_reason != Some(IN_CODE)
                && (evidence.is_edited_list(repeat) || is_variant_of_source(ids, repeat))
            {
                continue;
            }
            // A teaser's last words, copied after chrome, go with it, unless
            // they are a repeat of their own.
            let mut source = source;
            let source_end = repeat.source + repeat.copy.len();
            let rest_reported = joined.get(index + 1).is_some_and(|next| next.source == source_end);
            let rest = match earlier_reason {
                Some(TEASER) => evidence
                    .teaser_tail(repeat, repeat.copy.start)
                    .map(|(words, _)| source_end + words),
                Some(FLATTENED_TEASER) if !rest_reported => {
                    evidence.flattened_teaser_rest(repeat).map(|(end, _)| end)
                }
                _ => None,
            };
            if let Some(end) = rest.filter(|&end| end > source_end) {
                source.end = tokens.end(end - 1);
            }
            let diagnostic = passage_diagnostic(
                document,
                repeat.copy.len(),
                (copy, source),
                next_copy_start,
                earlier_reason,
                &earlier_deletions,
            );
            if earlier_reason.is_some() {
                let edits = diagnostic.fix.iter().flat_map(|fix| &fix.edits);
                earlier_deletions.extend(edits.map(|edit| Span::new(edit.start, edit.end)));
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;
    use crate::Linter;

    /// The table of `find_repeats` is sized from the number of windows
    /// that repeat, not from the number of repeated positions: a text said
    /// three times over has the windows of one copy to hold.
    #[test]
    fn repeated_windows_counts_different_windows_once() {
        let copy: Vec<u32> = (0..40).collect();
        let mut ids = copy.repeat(3);
        ids.extend(100..140);
        let windows = RepeatedWindows::new(&ids, 10);
        // The three copies hold 40 different windows, one per offset into
        // the copy, each seen two or three times; windows that reach into
        // the tail are seen once.
        assert_eq!(windows.repeated, 40);
        assert!((0..80).all(|position| windows.is_marked(position)));
        assert!(!windows.is_marked(ids.len() - 10));
    }

    /// Token ids renumbered 0, 1, 2... in order of first appearance.
    fn ids(text: &str) -> Vec<u32> {
        let document = Document::new(text);
        let mut seen: Vec<u32> = Vec::new();
        document
            .tokens()
            .hashes
            .iter()
            .copied()
            .map(|id| match seen.iter().position(|&known| known == id) {
                Some(position) => position as u32,
                None => {
                    seen.push(id);
                    seen.len() as u32 - 1
                }
            })
            .collect()
    }

    /// Every repeat of at least `width` words, without other evidence.
    fn repeats_of(ids: &[u32], width: usize) -> Vec<Repeat> {
        find_repeats(ids, &RepeatedWindows::new(ids, width), false, |_, _, length| length, |_, _| true)
    }

    fn rule(min_words: usize) -> RepeatedPassage {
        RepeatedPassage {
            min_words,
            common: common_word_hashes().expect("the list parses"),
            chrome: ChromeWords::builtin().expect("the list parses"),
        }
    }

    /// The evidence of `document`, read as flattened text with the default
    /// floor.
    fn flattened_evidence<'a>(
        document: &'a Document<'a>,
        rule: &'a RepeatedPassage,
    ) -> Evidence<'a> {
        evidence(document, rule, false)
    }

    /// The evidence of `document`, read as punctuated text or not, with the
    /// default floor.
    fn evidence<'a>(
        document: &'a Document<'a>,
        rule: &'a RepeatedPassage,
        punctuated: bool,
    ) -> Evidence<'a> {
        Evidence {
            document,
            tokens: document.tokens(),
            min_words: DEFAULT_MIN_WORDS,
            punctuated,
            common: &rule.common,
            chrome: &rule.chrome,
            line_ends: OnceCell::new(),
            line_ends_scanned: Cell::new(0),
        }
    }

    /// The length of the longest match of the text's first tokens at token
    /// `start`, and what [`Evidence::agreeing_length`] keeps of it.
    fn match_at(text: &str, start: usize) -> (usize, usize) {
        let rule = rule(DEFAULT_MIN_WORDS);
        let document = Document::new(text);
        let evidence = evidence(&document, &rule, true);
        let ids = &document.tokens().hashes;
        let length = (0..start)
            .take_while(|&offset| ids.get(start + offset) == Some(&ids[offset]))
            .count();
        (length, evidence.agreeing_length(0, start, length))
    }

    #[test]
    fn a_match_ends_between_words_and_not_in_the_headline_under_its_source() {
        let opening = "The council said on Monday that the riverside park would open in May";
        // The words of "well-being" against "well-known": one piece agrees.
        let hyphen = format!("{opening} for well-being.\n\nMore news\n\n{opening} for well-known bands.");
        assert_eq!(match_at(&hyphen, 18), (15, 14));
        // A teaser's last word, then a headline that opens as the article's
        // sentence goes on.
        let teaser = format!("{opening}. However\n\nCouncil opens park\n\n{opening}. However council staff said.");
        assert_eq!(match_at(&teaser, 17), (15, 14));
        // A copy in tandem that leaves out its source's paragraph break.
        let tandem = "We will meet the rules, he said on Monday, and keep to the plan.\n\nMr Day, we will meet the rules, he said on Monday, and keep to the plan. Mr Day, who spoke first, agreed.";
        assert_eq!(match_at(tandem, 16), (16, 16));
    }

    /// The repeat of `passage` in `text`: its first occurrence as the
    /// source, its second as the copy.
    fn repeat_of(text: &str, passage: &str) -> (Vec<u32>, Repeat) {
        let words = |text: &str| text.split_whitespace().count();
        let first = text.find(passage).expect("the passage occurs");
        let second = first + 1 + text[first + 1..].find(passage).expect("twice");
        let source = words(&text[..first]);
        let copy = words(&text[..second]);
        let repeat = Repeat {
            copy: copy..copy + words(passage),
            source,
        };
        (ids(text), repeat)
    }

    fn fixed(text: &str, min_words: usize) -> String {
        let linter = Linter::with_rules(vec![Box::new(rule(min_words))]);
        linter
            .fix(text, Applicability::Safe)
            .expect("converges")
            .text
    }

    #[test]
    fn tokens_ignore_case_punctuation_and_apostrophes() {
        assert_eq!(
            ids("The cat, the CAT. Cat’s cat's cat s"),
            [0, 1, 0, 1, 1, 2, 1, 2, 1, 2]
        );
        let document = Document::new("don’t x l'été");
        let tokens = TokenSpans {
            document: &document,
            tokens: document.tokens(),
        };
        let spans: Vec<_> = (0..tokens.tokens.hashes.len())
            .map(|index| tokens.span(index))
            .collect();
        assert_eq!(spans, [(0, 3), (6, 7), (8, 9), (10, 11), (12, 17)]);
    }

    #[test]
    fn a_teaser_and_its_article_are_apart_by_a_headline_or_by_the_piece_before() {
        // A teaser (pieces A and B), `headline` words, the article's copy
        // of A, three words of chrome, the copy of B, the rest.
        let page = |headline: u32| -> Vec<u32> {
            [
                vec![1, 2, 3, 4, 5, 6],
                vec![7, 8, 9],
                (100..100 + headline).collect(),
                vec![1, 2, 3, 4, 5, 6],
                vec![30, 31, 32],
                vec![7, 8, 9, 10, 11, 12],
            ]
            .concat()
        };
        let piece_b = |headline: usize| Repeat {
            copy: 9 + headline + 9..9 + headline + 12,
            source: 6,
        };
        // Copy of A right after a short headline.
        let whole = Repeat {
            copy: 11..17,
            source: 0,
        };
        assert!(is_headline_gap(&page(2), &whole));
        assert!(is_left_maximal(&page(2), &whole));
        // Copy of B: the gap holds a headline of 10 words, A' and chrome.
        assert!(is_headline_gap(&page(10), &piece_b(10)));
        // A headline longer than a headline's length.
        assert!(!is_headline_gap(&page(14), &piece_b(14)));
        // Twenty words that copy nothing before B.
        let unrelated: Vec<u32> = [vec![1, 2, 3, 4, 5, 6, 7, 8, 9], (40..60).collect(), vec![7, 8, 9]].concat();
        let copy_of_b = Repeat {
            copy: 29..32,
            source: 6,
        };
        assert!(!is_headline_gap(&unrelated, &copy_of_b));
        // A copy one word short of its full length can be extended left.
        let shifted = Repeat {
            copy: 12..17,
            source: 1,
        };
        assert!(!is_left_maximal(&page(2), &shifted));
    }

    #[test]
    fn a_headline_restates_two_content_words_of_its_teaser() {
        let teaser = "the harbour board will rebuild the north pier before the summer";
        let rule = rule(DEFAULT_MIN_WORDS);
        let echoes = |headline: &str| {
            let text = format!("{teaser} {headline} {teaser} season");
            let document = Document::new(&text);
            let evidence = flattened_evidence(&document, &rule);
            let length = teaser.split(' ').count();
            let start = length + headline.split(' ').count();
            evidence.headline_echoes_teaser(&Repeat {
                copy: start..start + length,
                source: 0,
            })
        };
        assert!(echoes("harbour board to rebuild pier"));
        assert!(echoes("north pier rebuilt"));
        // One content word, or none: what stands between parallel clauses.
        assert!(!echoes("work on the pier starts in march"));
        assert!(!echoes("and it will be the same before"));
        // Too long for a headline.
        assert!(!echoes("the harbour board met on monday and said the north pier was unsafe"));
    }

    #[test]
    fn a_chant_is_a_shorter_pattern_said_again() {
        // "sing it loud sing it proud" twice: as a copy of 6 words it says
        // no shorter pattern again (its period is its own length); as a
        // copy of 12 words (the chant four times) it does.
        let chant = [1, 2, 3, 1, 2, 4, 1, 2, 3, 1, 2, 4];
        assert!(!is_periodic(&chant, 6));
        assert!(is_periodic(&chant, 12));
        let tandem = [5, 6, 7, 8, 5, 6, 7, 8];
        assert!(!is_periodic(&tandem, 4));
        assert!(is_periodic(&[9, 9, 9, 9], 2));
    }

    #[test]
    fn a_repeat_is_the_longest_copy_of_one_earlier_place() {
        let ids: Vec<u32> = [1, 2, 3, 4, 5, 9, 1, 2, 3, 4, 5, 8].to_vec();
        assert_eq!(
            repeats_of(&ids, 3),
            [Repeat {
                copy: 6..11,
                source: 0
            }]
        );
    }

    #[test]
    fn copies_of_different_places_are_separate_repeats() {
        // a b c d | e f g h | then "e f g" and "a b c" again
        let ids: Vec<u32> = [1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 1, 2, 3].to_vec();
        assert_eq!(
            repeats_of(&ids, 3),
            [
                Repeat {
                    copy: 8..11,
                    source: 4
                },
                Repeat {
                    copy: 11..14,
                    source: 0
                }
            ]
        );
    }

    #[test]
    fn sources_start_outside_copies() {
        // x x x: the third copy must point at the first, never at the second.
        let ids: Vec<u32> = [1, 2, 3, 1, 2, 3, 1, 2, 3].to_vec();
        let repeats = repeats_of(&ids, 3);
        for repeat in &repeats {
            assert!(
                repeats.iter().all(|other| !other.copy.contains(&repeat.source)),
                "{repeats:?}"
            );
        }
        assert_eq!(
            repeats
                .iter()
                .map(|repeat| repeat.copy.len())
                .sum::<usize>(),
            6
        );
    }

    #[test]
    fn a_text_pasted_again_with_its_copies_is_one_repeat() {
        // a b c d e f d e f, pasted twice: the second paste copies the whole
        // first one, the copy of "d e f" inside it included.
        let page = [1, 2, 3, 4, 5, 6, 4, 5, 6];
        let ids: Vec<u32> = page.iter().chain(page.iter()).copied().collect();
        assert_eq!(
            repeats_of(&ids, 3),
            [
                Repeat {
                    copy: 6..9,
                    source: 3
                },
                Repeat {
                    copy: 9..18,
                    source: 0
                }
            ]
        );
    }

    #[test]
    fn short_or_unique_texts_have_no_repeats() {
        assert!(repeats_of(&[1, 2, 3], 3).is_empty());
        assert!(repeats_of(&(0..1000).collect::<Vec<u32>>(), 5).is_empty());
    }

    #[test]
    fn a_run_of_one_word_is_bounded_work() {
        let ids = vec![7u32; 200_000];
        let repeats = repeats_of(&ids, 20);
        assert!(!repeats.is_empty());
        assert!(repeats.iter().all(|repeat| repeat.copy.len() >= 20));
    }

    #[test]
    fn fix_removes_a_duplicate_paragraph_and_its_blank_line() {
        let paragraph = "One two three four five six seven eight nine ten.";
        let text = format!("Title\n\n{paragraph}\n\n{paragraph}\n\nEnd of the page.\n");
        assert_eq!(
            fixed(&text, 5),
            format!("Title\n\n{paragraph}\n\nEnd of the page.\n")
        );
    }

    #[test]
    fn fix_of_a_copy_at_the_end_keeps_the_final_newline() {
        let text = "a b c d e f g h a b c d e f\n";
        assert_eq!(fixed(text, 4), "a b c d e f g h\n");
    }

    #[test]
    fn prose_deep_inside_a_json_line_is_inside_code() {
        let article = "The council met on Tuesday and approved the budget. ".repeat(120);
        let text = format!(
            "<script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"articleBody\":\"{article}\"}}</script>\n{article}\n"
        );
        let deep = text.find("approved").unwrap_or(0) + 5000;
        let in_prose = text.rfind("The council").unwrap_or(0);
        assert!(is_inside_code(&text, Span::new(deep, deep + 8)));
        assert!(!is_inside_code(&text, Span::new(in_prose, in_prose + 11)));
    }

    #[test]
    fn a_team_sheet_with_semicolons_after_brackets_is_no_code() {
        let team = "J Hart (Bath, capt); M Lane (Wasps), T Reed (Bath); C Hale (Sale), H Ross (Bath); \
            G Lamb (Leeds), S Tate (Bath), M Cole (Wasps).";
        assert!(!is_inside_code(team, Span::new(20, 30)));
        // A script's calls still read as code.
        let script = "window.dataLayer = window.dataLayer || []; gtag('js', new Date()); gtag('config', 'G-1');";
        assert!(is_inside_code(script, Span::new(20, 30)));
    }

    #[test]
    fn flattened_words_that_open_page_state_read_as_code() {
        let evidence_at = |text: &str, word: &str, test: &dyn Fn(&Evidence, usize) -> bool| {
            let document = Document::new(text);
            let rule = rule(DEFAULT_MIN_WORDS);
            let evidence = flattened_evidence(&document, &rule);
            let index = text.split(' ').position(|w| w == word).unwrap_or(0);
            test(&evidence, index)
        };
        let follows = |evidence: &Evidence, index: usize| evidence.follows_code_words(index);
        let state = "home news window initial state story id 48213 title harbour ferry keeps sailings text the harbour board";
        assert!(evidence_at(state, "harbour", &follows));
        let prose = "home news sport weather the mayor said on monday that the harbour board had met twice this week";
        assert!(!evidence_at(prose, "harbour", &follows));
        let chrome = "share on facebook twitter whatsapp email sign up for our newsletter follow us the harbour board";
        assert!(!evidence_at(chrome, "harbour", &follows));
    }

    #[test]
    fn sources_copied_again_are_the_overlapping_ones() {
        let repeat = |source: usize, start: usize, end: usize| Repeat {
            source,
            copy: start..end,
        };
        // Sources 0..10 and 5..8 overlap (a scroll tail copies the end of a
        // copy); 20..25 is copied once.
        let repeats = [repeat(0, 30, 40), repeat(20, 45, 50), repeat(5, 60, 63)];
        assert_eq!(sources_copied_again(&repeats), [true, false, true]);
        assert!(sources_copied_again(&[]).is_empty());
    }

    #[test]
    fn punctuated_text_needs_whole_repeated_sentences() {
        // The clause repeats inside two different sentences: not a scraping repeat.
        let clause = "the licensor grants you a worldwide royalty free non exclusive licence to use the work";
        let text = format!("First, {clause} in print. Second, {clause} online.\n");
        assert_eq!(fixed(&text, 10), text);
        let sentence = "The licensor grants you a worldwide royalty free non exclusive licence to use the work.";
        let text = format!("{sentence} It is long. {sentence}\n");
        assert_eq!(fixed(&text, 10), format!("{sentence} It is long.\n"));
    }

    #[test]
    fn a_tandem_copy_that_cuts_a_sentence_counts_from_twelve_words() {
        let lead = "The ferry company said on Monday that the winter timetable";
        let copy = "would stay in place until March, when the new";
        let rest = "boats arrive from the yard in Gdansk.";
        // 12 words: "timetable" ends the source, so the seam cuts a sentence.
        let stretch = format!("the winter timetable {copy}");
        let text = format!("{lead} {copy} {stretch} {rest}\n");
        assert_eq!(fixed(&text, 50), format!("{lead} {copy} {rest}\n"));
        // The same stretch restated with other capitals and punctuation is a
        // writer's, not a glitch's.
        let restated = format!("{lead} {copy} The winter timetable would stay in place until March; when the new {rest}\n");
        assert_eq!(fixed(&restated, 50), restated);
    }

    #[test]
    fn whole_paragraphs_in_tandem_count_from_twelve_words_unless_they_name_identifiers() {
        let paragraph = "The town library will stay open until nine on weekdays from next month.";
        let text = format!("{paragraph}\n\n{paragraph}\n\nStaff asked for it.\n");
        assert_eq!(fixed(&text, 50), format!("{paragraph}\n\nStaff asked for it.\n"));
        // Two sibling functions of an API reference share a description.
        let description = "Return a new window whose upper left corner is at (start_y, start_x) on the screen.";
        let reference = format!("{description}\n\n{description}\n");
        assert_eq!(fixed(&reference, 50), reference);
    }

    /// A week of a training plan: the same entries every day but one.
    fn plan_day(day: &str, main: &str) -> String {
        format!(
            "{day}\nWarm-up of ten minutes on the bike\nMobility drills for hips and shoulders\n\
             Two sets of ten slow squats\nTwo sets of eight push-ups\nPlank for thirty seconds\n\
             Skipping for five minutes at an easy pace\n{main}\nCool-down walk of ten minutes\n\
             Stretch calves, hamstrings and quads\nWrite down how the session felt\n\
             Drink half a litre of water\nSleep eight hours tonight\n"
        )
    }

    #[test]
    fn a_list_copied_with_an_entry_changed_is_no_repeat() {
        let plan = [
            plan_day("Monday", "Three rounds of the circuit with the kettlebell"),
            plan_day("Wednesday", "Intervals of one minute hard and two minutes easy"),
        ]
        .concat();
        assert_eq!(fixed(&plan, 30), plan);
        // Copied whole, the same list is a scraping repeat.
        let pasted = [plan_day("Monday", "Rest"), plan_day("Monday", "Rest")].concat();
        assert_eq!(fixed(&pasted, 30), plan_day("Monday", "Rest"));
    }

    #[test]
    fn a_list_copied_with_lines_added_between_its_pieces_is_a_repeat() {
        let day = plan_day("Monday", "Rest");
        let with_chrome = day.replace("Plank for thirty seconds\n", "Plank for thirty seconds\nAdvertisement\nShare this\n");
        let text = format!("{day}{with_chrome}");
        assert_eq!(fixed(&text, 30), format!("{day}Advertisement\nShare this\n"));
    }

    #[test]
    fn whole_sentences_in_tandem_inside_a_paragraph_still_need_twenty_five_words() {
        let sentence = "Return a new window whose upper left corner is at the given line and column of the screen.";
        let text = format!("{sentence} {sentence}\n");
        assert_eq!(fixed(&text, 50), text);
        // Below twelve words, whole paragraphs in tandem don't count either.
        let short = "The library opens at nine on weekdays.";
        let paragraphs = format!("{short}\n\n{short}\n");
        assert_eq!(fixed(&paragraphs, 50), paragraphs);
    }

    #[test]
    fn short_tandem_copies_in_flattened_text_count_when_they_shrink() {
        let body = "the county will close the old ferry landing in june and move the crossing upstream to a new pier";
        let longer = "in june and move the crossing upstream to a new pier";
        // One copy of 11 words in tandem: below the floor of 15.
        let once = format!("{body} {longer} and then the meeting ended\n");
        assert_eq!(fixed(&once, 50), once);
        // Followed by a shorter copy of the same end: infinite scroll.
        let tails = format!("{body} {longer} {} and then the meeting ended\n", &longer[3..]);
        assert_eq!(fixed(&tails, 50), format!("{body} and then the meeting ended\n"));
        // At the end of the text, too: both deletions apply in one pass.
        let at_end = format!("{body} {longer} {}\n", &longer[3..]);
        assert_eq!(fixed(&at_end, 50), format!("{body}\n"));
        // Followed by a copy as long as itself (A B B B): pasted twice.
        let twice = format!("{body} {longer} {longer} and then the meeting ended\n");
        assert_eq!(fixed(&twice, 50), format!("{body} and then the meeting ended\n"));
    }

    #[test]
    fn line_ends_are_counted_as_token_by_token() {
        let lines: Vec<String> = (0..300)
            .map(|line| format!("line {line} has {} words", "more ".repeat(line % 7)))
            .collect();
        let text = lines.join("\n");
        let document = Document::new(&text);
        let rule = rule(50);
        let evidence = evidence(&document, &rule, true);
        let count = document.tokens().hashes.len();
        let ends = LineEnds::new(count, |token| evidence.line_ends_after(token));
        for (start, end) in [(0, 0), (0, 1), (0, 64), (3, 700), (63, 65), (100, count), (0, count)] {
            let expected = (start..end).filter(|&token| evidence.line_ends_after(token)).count();
            assert_eq!(ends.count(start..end), expected, "{start}..{end}");
        }
    }

    #[test]
    fn a_chain_is_followed_back_a_bounded_way() {
        // 100 copies of 10 words each, one after another, all of a source
        // at the start: the walk back stops after MAX_CHAIN_COPIES copies.
        let copies: Vec<Repeat> = (0..100)
            .map(|index| Repeat {
                copy: 20 + 10 * index..30 + 10 * index,
                source: 0,
            })
            .collect();
        let (last, before) = copies.split_last().expect("copies");
        assert_eq!(last.chain_start(before), last.copy.start - 10 * MAX_CHAIN_COPIES);
        // A chain that reaches its source's end stops there.
        let tandem = Repeat { copy: 30..40, source: 10 };
        let first = Repeat { copy: 20..30, source: 10 };
        assert_eq!(tandem.chain_start(&[first]), 20);
    }

    #[test]
    fn tails_below_the_window_go_after_a_copy_in_tandem() {
        let body = "The ferry will run from a temporary jetty while the new pier is built on the far side of the river.";
        let end = "while the new pier is built on the far side of the river.";
        let tail = "on the far side of the river.";
        // A copy of 14 words in tandem, then its last 7 words twice: all
        // three go, though the search window is 10 words.
        let text = format!("{body}\n\n{end}\n\n{tail}\n\n{tail}\n");
        assert_eq!(fixed(&text, 50), format!("{body}\n"));
        // A tail recased as a sentence of its own is the writer's echo.
        let echo = format!("{body} {body} On the far side of the river.\n");
        assert_eq!(fixed(&echo, 50), echo);
        // Flattened: a copy of 11 words, then its last 8 words.
        let flat = "the county will close the old ferry landing in june and move the crossing upstream to a new pier";
        let copy = "in june and move the crossing upstream to a new pier";
        let shrinking = format!("{flat} {copy} move the crossing upstream to a new pier and then it ended\n");
        assert_eq!(fixed(&shrinking, 50), format!("{flat} and then it ended\n"));
        // Five words are too few to tell from a writer's echo.
        let five = format!("{flat} {copy} upstream to a new pier and then it ended\n");
        assert_eq!(fixed(&five, 50), five);
    }

    #[test]
    fn a_formula_said_over_and_over_is_no_shrinking_tail() {
        // A five-word formula six times: its ten-word copies follow each
        // other as equal tails would, but a chant is no evidence. Only the
        // copy in tandem of 15 words (the flattened tandem floor) goes.
        let formula = "part of the stable abi";
        let text = format!("the function returns a new reference {}\n", [formula; 6].join(" "));
        let expected = format!("the function returns a new reference {}\n", [formula; 3].join(" "));
        assert_eq!(fixed(&text, 50), expected);
    }

    #[test]
    fn identifiers_are_code_names_not_abbreviations() {
        assert!(names_identifier("delete attr_name of o"));
        assert!(names_identifier("raises an auditing event os.rename"));
        assert!(!names_identifier("cities, e.g. Leeds, and the U.S. market"));
        assert!(!names_identifier("it ended. then"));
        assert!(!names_identifier("a line _ alone"));
    }

    #[test]
    fn every_piece_of_a_teaser_goes_in_one_run() {
        let first = "The harbour board will rebuild the north pier before the summer season, after divers found that the old timber piles had been eaten through well below the waterline.";
        let second = "Work starts in March and should take eleven weeks to finish.";
        let article = format!(
            "Board to rebuild north pier\n\n{first}\n\nShare this article\nSign up for our newsletter\n\n{second} The ferry will use the south landing until then.\n"
        );
        // The teaser's two pieces stand on one line. Once the first is
        // gone, the second lies too far before its copy to count, so both
        // must go in the same pass.
        let text = format!("{first} {second}\n\n{article}");
        let linter = Linter::with_rules(vec![Box::new(rule(50))]);
        let fixed = linter.fix(&text, Applicability::Unsafe).expect("converges");
        assert_eq!(fixed.text, article);
    }

    #[test]
    fn a_source_counts_as_gone_when_nine_in_ten_of_its_words_are() {
        let gone = [10..40, 41..60];
        assert!(is_mostly_within(&(10..60), &gone));
        // Overlapping ranges count their words once.
        assert!(!is_mostly_within(&(0..100), &[0..50, 0..50, 10..45]));
        assert!(!is_mostly_within(&(0..60), &gone));
        assert!(!is_mostly_within(&(5..5), &gone));
    }

    #[test]
    fn the_pieces_of_a_copy_are_followed_past_escaped_line_breaks() {
        let piece = |copy: Range<usize>, source: usize| Repeat { copy, source };
        let first = piece(200..250, 10);
        let after = [
            // Two words of "n nthe" between the sources; a caption between
            // the copies.
            piece(270..300, 62),
            piece(300..320, 92),
            // Not the next piece: its source lies far from the last one's.
            piece(330..360, 400),
        ];
        assert_eq!(last_piece(&first, &after).copy, 300..320);
        assert_eq!(last_piece(&first, &after[2..]).copy, 200..250);
    }

    #[test]
    fn records_of_page_state_found_out_of_order_all_go_in_one_pass() {
        let text = include_str!(
            "../../fixtures/repeated-passage/earlier-in-page-state-records-out-of-order-flattened.txt"
        );
        let mut found = Vec::new();
        rule(50).check(&Document::new(text), &mut found);
        let applied = crate::fix_loop::apply_fixes(text, &found, Applicability::Unsafe);
        assert_eq!(applied.count(), 6);
        assert_eq!(applied.text.matches("planting will take place").count(), 1);
        assert!(applied.text.contains("text id b003 b000 type"));
    }

    #[test]
    fn chants_are_not_glitches() {
        assert!(is_chant(&[1, 2, 1, 2, 1, 2, 1, 2]));
        assert!(is_chant(&[7; 12]));
        assert!(!is_chant(&[1, 2, 3, 1, 2, 4, 1, 2, 3]));
        let chant = "and on and on and on and on and on and on and on";
        let text = format!("The crowd sang {chant} {chant} until the lights went out.\n");
        assert_eq!(fixed(&text, 50), text);
    }

    /// Two entries that share a passage, the second one opening with
    /// `second_opening` and naming `second_name` after the passage, as
    /// (token ids, the repeat of the passage).
    fn entries_sharing_a_passage(second_opening: &str, second_name: &str) -> (Vec<u32>, Repeat) {
        let passage =
            "keeps the file open until it is closed and reads each member in order from the start if the";
        let text = format!(
            "one two returns a new instance of the alpha class {passage} alpha is closed reading from it fails red \
             {second_opening} {passage} {second_name} is closed reading from it fails blue"
        );
        repeat_of(&text, passage)
    }

    #[test]
    fn a_passage_with_other_words_on_both_sides_restates_a_template() {
        let (ids, repeat) =
            entries_sharing_a_passage("three four returns a new instance of the beta class", "beta");
        assert!(is_restated_in_a_template(&ids, &repeat, 50));
        // Agreeing on for a piece's length is a longer copy whose seams differ.
        assert!(!is_restated_in_a_template(&ids, &repeat, 6));
    }

    #[test]
    fn a_passage_with_words_inserted_on_one_side_is_not_a_template() {
        let (ids, repeat) = entries_sharing_a_passage(
            "three four returns a new instance of the alpha class share this story",
            "alpha",
        );
        assert!(!is_restated_in_a_template(&ids, &repeat, 50));
    }

    #[test]
    fn forms_of_one_word_share_a_stem() {
        assert!(shares_stem("jails", "jailed"));
        assert!(shares_stem("Iran", "iranian"));
        assert!(shares_stem("galleries", "gallery"));
        // Too short a start, or too long an ending, is another word.
        assert!(!shares_stem("hits", "hit"));
        assert!(!shares_stem("governor", "government"));
        assert!(!shares_stem("rail", "railwaymen"));
    }
}
