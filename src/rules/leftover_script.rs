//! `leftover-script`: JavaScript, CSS, JSON-LD and ad-tech code left in prose.
//!
//! The text is cut into whitespace-separated chunks, scanned once. Each chunk
//! is scored from its code syntax (calls such as `push(`, braces, `;` after a
//! call or string, `||`, `=>`, assignments, JSON keys, `<script>` tags) and
//! from the identifiers inside it, looked up in `rules/lists/script-tokens.toml`:
//! strong ad-tech and analytics identifiers, weak JavaScript, DOM and CSS
//! words, camelCase names, member chains and ad-slot sizes ("300x250").
//! Consecutive code-like chunks form a run (an open bracket carries the run
//! across the prose inside a string), and a run is reported only when its
//! evidence together is strong. Runs of declarations (`key: value,`) come
//! from [`declarations`], stripped code from [`script_odds`]' model.
//! Notation that documentation uses on purpose, such as `--stat[=<width>]`
//! or `git-config(1)`, is not code syntax.

use std::cell::OnceCell;
use std::ops::Range;

use rustc_hash::FxHashSet;

use crate::rules::signatures::Signatures;
use serde::Deserialize;

use crate::diagnostic::{excerpt, Diagnostic, Span};
use crate::document::{is_apostrophe, token_hash, Document};
use crate::error::Error;
use crate::fix::{deletion_with_separator, Edit, Fix};
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};
use crate::rules::load_list;
use crate::rules::declarations;
use crate::rules::script_odds::{self, CodeRun};

declare_rule! {
    /// ## What it does
    /// Finds code that an extractor kept from `<script>` and `<style>` elements
    /// or inline ad slots: Google Publisher Tag and AdSense calls, analytics and
    /// consent-manager snippets, pixel code, jQuery handlers, CSS rules and
    /// JSON-LD blobs, either with their punctuation or stripped to bare words
    /// ("googletag cmd push function googletag display 1x3").
    ///
    /// ## Why is this bad?
    /// The code is not part of the article: readers stumble over it, and a
    /// corpus built from such pages teaches whatever reads it that prose
    /// contains ad-tech calls.
    ///
    /// Single words are not evidence: prose says "function", "push", "display"
    /// and "window" all the time, and may name Google's ad tag. Punctuated
    /// code is found from its syntax around code words; an open bracket
    /// carries a run over the strings inside it and across lines of code,
    /// but not across a whole line without code (the menu or the paragraph
    /// after a script whose brackets a `//` comment left open); code cut
    /// off after an open brace ends where four words of prose in a row
    /// begin ("… { panel.close(); The librarian …"), and the text after
    /// those words is read again as text that no bracket is open in. Text
    /// stripped to bare words is segmented by a two-state hidden Markov
    /// model over a table of
    /// code-versus-prose log-odds learned from real ad, analytics, consent,
    /// embed, jQuery and CSS code and real English prose
    /// (`rules/lists/script-odds.toml`), so that a run of code is found from
    /// five words on and ends where the code ends. Prose is what a text is
    /// unless code keeps showing: a run ends at eight words in a row that are
    /// not code-like and at a line's end; it starts and ends at clear code
    /// words, holds two different ones (in stripped text, or one and two
    /// other code words, with no word of prose and no single letter among
    /// them: "throw new error hotjar"), and at least one word in three of
    /// it is code-like; words with letters outside ASCII count against it.
    /// Short code with syntax in every other piece that sits after a
    /// sentence and before the next one or the line's end ("… next month.
    /// clearInterval(this.ticker); Readers …"), with one bare word at most,
    /// in four pieces or more (`= function (room) {`), is code too: writers
    /// introduce the code they show or set it on lines of its own. Up to
    /// two lowercase names or strings at its edges belong to it ("… fog.
    /// routes = load(port, winter The …"); "e.g." and an initial end no
    /// sentence. So is sparser code there, names mostly, with one mark and a
    /// statement or a member chain (`import { Tracker } from './t.js';`):
    /// a run passes over one name next to a bracket, a `;` or a string, but
    /// not over "and", "or" or a word in capitals. A run in an open bracket
    /// stops at a line that prose ends or that starts with a sentence, and
    /// any run at a capitalized sentence after a statement's end.
    /// A stripped run of four words or more whose words score as code
    /// together and of which none leans to prose, not even "a", needs one
    /// clear code word and one other ("if this height undefined height").
    /// Where punctuation survives, a run the model alone finds is reported
    /// only with an ad-tech or analytics identifier in it, or when it reads
    /// as web code standing apart from the prose: a mark of JavaScript, CSS
    /// or JSON syntax in every three words, at least one of them a
    /// statement's (a brace, `;` after a call, `===`), starting or ending
    /// where a sentence could rather than inside one, and not SQL, C or a
    /// shell placeholder, which manuals show on purpose. The inside of an
    /// object, a CSS rule or a TypeScript interface, kept without its
    /// braces, is code too: a run of declarations (`key: value,`,
    /// `property: value;`, `name?: type;`), each value on its key's line
    /// and no blank line between them, three in a row with one name or
    /// value that only code writes (`font-size`, `dimension37?`, `true`,
    /// `12px`, `"string"`, `string | undefined`), or two in a row that both
    /// have one. A JSON object or an array of them on a line of its own
    /// (JSON-LD, or page state such as `window.__STATE__ = {...};`) in
    /// which code is found is reported whole, with the copy of the article
    /// its strings often hold, so that the article's own prose is what
    /// stays.
    ///
    /// ## Example
    /// ```text
    /// The bakery opened in March. googletag.cmd.push(function() { googletag.display('div-gpt-ad-300x250'); }); Its bread sells out by noon.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The bakery opened in March. Its bread sells out by noon.
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the code and one space or line break next to it. It is
    /// safe only when the code holds an identifier that only ad, analytics,
    /// consent, tracking, embed or page-bootstrap code uses (`googletag`,
    /// `dataLayer`, `__tcfapi`, a JSON-LD `"@context"`, ...) and the prose
    /// does not introduce it ("add a handler like this:"); for stripped code
    /// that the model found, one word in 25 at least must be such an
    /// identifier. Other code, such as jQuery or CSS without those
    /// identifiers, may be an example that a programming article shows: its
    /// deletion is unsafe. Such code on lines of code after a line that
    /// introduces it (ending with a colon) and before a line of prose (six
    /// words or more, most of them plain words, or a heading and then such
    /// a line) is how an article sets its examples: it is reported without
    /// a fix. In a text whose prose quotes code on two lines or more ("the
    /// clone() method", "the attribute bodyUsed"), any line of prose before
    /// the code introduces it.
    ///
    /// Code inside Markdown backticks is left alone; fenced code blocks are
    /// not recognised yet.
    pub(crate) const META = {
        name: "leftover-script",
        category: Artefact,
        severity: Warning,
        fix: Sometimes,
    }
}

const SCRIPT_TOKENS_TOML: &str = include_str!("../../rules/lists/script-tokens.toml");

/// How many prose chunks an open brace may carry a run across.
const MAX_CHUNKS_INSIDE_BRACKETS: usize = 60;

/// How many identifier-like chunks ("g", "7xk2m", "1234", "(observer,") a
/// run may bridge between two code chunks.
const MAX_BRIDGED_CHUNKS: usize = 2;

/// Bytes that make a chunk an operand of code a run may bridge: brackets,
/// operators and sigils, which a word of prose between two pieces of code
/// seldom carries.
const CODE_GLUE: &[u8] = b"()[]{}=<>;$_|&?:";

/// A run the model found is deleted safely only with one identifier of
/// leftover code (`googletag`, `dataLayer`, ...) in this many words at most.
const MAX_WORDS_PER_LEFTOVER: usize = 25;

/// Code the model alone finds in punctuated text needs a mark of syntax in
/// at most this many words.
const WORDS_PER_MARK: usize = 3;

/// How many chunks of prose a run the model found may take in before the
/// code starts.
const MAX_PROSE_AT_START: usize = 3;

/// How many pieces of bare punctuation ("});") a run of code found by the
/// model takes in at each end.
const MAX_BARE_PUNCTUATION: usize = 4;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ScriptTokens {
    strong: Vec<String>,
    leftover: Vec<String>,
    weak: Vec<String>,
    top_level_domains: Vec<String>,
}

/// The leftover-script rule, with its vocabulary loaded.
pub(crate) struct LeftoverScript {
    strong: FxHashSet<String>,
    weak: FxHashSet<String>,
    top_level_domains: FxHashSet<String>,
    longest_word: usize,
    /// Signatures of the strong and weak words, tested before the sets.
    listed: Signatures,
    /// Token hashes of the strong words, and of the identifiers that only
    /// leftover code uses.
    strong_hashes: FxHashSet<u32>,
    leftover_hashes: FxHashSet<u32>,
}

/// The evidence a chunk or a run of chunks carries.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Evidence {
    /// Marks of code syntax: calls, braces, statement ends, operators.
    punctuation: usize,
    /// The marks that only JavaScript, CSS and JSON statements make (braces,
    /// `;` after a call or string, `||`, `&&`, `=>`, `[]`, JSON keys, tags);
    /// calls and assignments alone are how documentation quotes code.
    statements: usize,
    /// Member chains such as `window.dataLayer`.
    members: usize,
    /// Ad-tech and analytics identifiers.
    strong: usize,
    /// JavaScript, DOM and CSS words.
    weak: usize,
    /// camelCase identifiers.
    camel_case: usize,
    /// Ad-slot sizes such as 300x250.
    slot_sizes: usize,
    /// Opening minus closing braces.
    depth: isize,
    /// A hash of the chunk's first weak word, to count distinct weak words.
    weak_word: u64,
}

impl Evidence {
    fn is_code_like(&self) -> bool {
        self.punctuation
            + self.members
            + self.strong
            + self.weak
            + self.camel_case
            + self.slot_sizes
            > 0
    }

    fn add(&mut self, other: &Evidence) {
        self.punctuation += other.punctuation;
        self.statements += other.statements;
        self.members += other.members;
        self.strong += other.strong;
        self.weak += other.weak;
        self.camel_case += other.camel_case;
        self.slot_sizes += other.slot_sizes;
    }

    /// Code with its punctuation around code words.
    fn is_punctuated_code(&self) -> bool {
        self.statements >= 2
            && self.punctuation >= 4
            && (self.strong + self.camel_case >= 1 || self.weak >= 3)
    }

    /// Syntax or a member chain in every other chunk of a run of `chunks`
    /// chunks, two marks of syntax at least, a statement's mark, a member
    /// chain or a camelCase name, and a word of code: short code
    /// ("clearInterval(this.ticker);") that the verdict's counts are too
    /// small for.
    fn is_dense_syntax(&self, chunks: usize) -> bool {
        let marks = self.punctuation >= 2
            && (self.punctuation + self.members) * 2 >= chunks
            && self.statements + self.members + self.camel_case >= 1
            && self.members + self.camel_case + self.weak + self.strong >= 1;
        // Or CSS selectors or member chains and nothing else
        // (".cm-list-label .slider .toggle").
        marks || (self.members >= 3 && self.members >= chunks)
    }

    /// A mark of syntax, two with the member chains and camelCase names, a
    /// statement's mark or a member chain, and a word of code: short code
    /// whose words are mostly names, to be taken only where it stands
    /// apart from the sentences around it.
    fn is_sparse_syntax(&self) -> bool {
        self.punctuation >= 1
            && self.punctuation + self.members + self.camel_case >= 2
            && self.statements + self.members >= 1
            && self.members + self.camel_case + self.weak + self.strong >= 1
    }

    /// A prose-looking word: weak vocabulary only, no punctuation or identifiers.
    fn is_bare_weak(&self) -> bool {
        self.weak > 0
            && self.punctuation + self.members + self.strong + self.camel_case + self.slot_sizes
                == 0
    }

    /// Whether the run is code, and whether deleting it is safe; `prose_chunks`
    /// counts the chunks of the run with no evidence at all. Code is dense:
    /// most of its chunks carry evidence, and punctuated code has about one
    /// punctuation mark per chunk, where a bracketed aside in prose has two.
    fn verdict(&self, chunks: usize, prose_chunks: usize, distinct_weak: usize) -> Option<bool> {
        if prose_chunks * 3 > chunks {
            return None;
        }
        let dense_punctuation = self.punctuation * 2 >= chunks;
        let unambiguous = (self.is_punctuated_code() && dense_punctuation) || self.strong >= 2;
        let likely = (self.strong >= 1 && self.weak + self.camel_case + self.slot_sizes >= 3)
            || (self.camel_case >= 2 && self.statements >= 1 && self.punctuation >= 2)
            || (self.weak >= 6 && distinct_weak >= 5 && prose_chunks == 0);
        if unambiguous {
            Some(true)
        } else if likely {
            Some(false)
        } else {
            None
        }
    }
}

/// How many chunks of prose in a row end a run's code: words that carry
/// no evidence, or only a word of the weak vocabulary ("the lock is
/// locked", "if the value is").
const MIN_PROSE_GAP: usize = 4;

/// The first stretch of at least [`MIN_PROSE_GAP`] chunks of `run` that
/// hold prose rather than code, after at least one chunk that does not.
fn prose_gap(run: &[Chunk]) -> Option<Range<usize>> {
    let is_prose = |chunk: &Chunk| !chunk.bridgeable && (chunk.evidence.is_bare_weak() || !chunk.evidence.is_code_like());
    let mut start = 0;
    while start < run.len() {
        if !is_prose(&run[start]) {
            start += 1;
            continue;
        }
        let end = start + run[start..].iter().take_while(|chunk| is_prose(chunk)).count();
        if end - start >= MIN_PROSE_GAP && start > 0 {
            return Some(start..end);
        }
        start = end;
    }
    None
}

/// At most this many words of a cut-off snippet may stand before its first
/// mark of code after a sentence, or after its last mark before the next
/// sentence ("… fog. routes = load(port, winter The …").
const MAX_CUT_OFF_WORDS: usize = 2;

/// `span` widened to the code's whole extent if it sits between two
/// sentences within a line: a sentence ends right before it, and after it
/// another starts or the line ends. At most [`MAX_CUT_OFF_WORDS`] lowercase
/// names or strings ([`is_code_edge_word`]) may stand at either edge; the
/// returned span takes them in. Writers introduce the code they show
/// ("like this:") or set it on lines of its own; code dropped between two
/// sentences is what a scraper left.
fn apart_from_sentences(text: &str, span: Span) -> Option<Span> {
    if text[span.range()].contains('\n') {
        return None;
    }
    let line_start = text[..span.start].rfind('\n').map_or(0, |newline| newline + 1);
    let mut start = span.start;
    for edge_words in 0..=MAX_CUT_OFF_WORDS {
        let before = text[line_start..start].trim_end_matches(' ');
        if ends_sentence(before) {
            break;
        }
        let word = before.rsplit(' ').next().unwrap_or("");
        if word.is_empty() || !is_code_edge_word(word, false) || edge_words == MAX_CUT_OFF_WORDS {
            return None;
        }
        start = line_start + before.len() - word.len();
    }
    code_end_before_sentence(text, span.end).map(|end| Span::new(start, end))
}

/// Where code that ends at `end` really ends, if the next sentence starts
/// or the line ends after at most [`MAX_CUT_OFF_WORDS`] lowercase names or
/// strings ([`is_code_edge_word`]) and the code's own last marks
/// ("this.options.", "foo(a,"), which a span leaves out: `end` itself when
/// no such word stands between.
fn code_end_before_sentence(text: &str, end: usize) -> Option<usize> {
    let after = &text[end..];
    let mut tail_end = text.len() - after.trim_start_matches(['.', ',', ';', ':']).len();
    for edge_words in 0..=MAX_CUT_OFF_WORDS {
        let rest = text[tail_end..].trim_start_matches(' ');
        let line_ends = rest.is_empty() || rest.starts_with(['\n', '\r']);
        // Words that end a line with a colon introduce what follows ("…
        // makes this easier:").
        if line_ends && text[..tail_end].ends_with(':') {
            return None;
        }
        if line_ends || starts_sentence(rest) {
            return Some(if edge_words == 0 { end } else { tail_end });
        }
        let word = rest.split([' ', '\n', '\r']).next().unwrap_or("");
        if word.is_empty() || !is_code_edge_word(word, true) || edge_words == MAX_CUT_OFF_WORDS {
            return None;
        }
        tail_end = text.len() - rest.len() + word.len();
    }
    None
}

/// A lowercase name, number or string that a cut-off snippet starts or
/// ends with ("groups", "var", "0.9", "\"issuu\","); at its end also a CSS
/// property (`ends`: "padding-right"), where a line of its own does not
/// start with an option's name ("option dry-run {true|false}").
fn is_code_edge_word(word: &str, ends: bool) -> bool {
    let allowed: &[u8] = if ends { b"_$\"',.:;-" } else { b"_$\"',.:;" };
    // A word and a full stop end a sentence ("… after."), not code.
    !word.ends_with('.')
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || allowed.contains(&b))
}

/// Whether `before`, a line's text up to some point, ends a sentence: a
/// word that is no initial and a mark, then maybe a closing quote or
/// bracket ("… in May.", "… on 5 March 2019.", "… he said \"no.\""). An
/// abbreviation ("e.g.", "i.e.") or an initial ends no sentence.
fn ends_sentence(before: &str) -> bool {
    before
        .trim_end_matches(['"', '\'', ')', '\u{2019}', '\u{201d}'])
        .strip_suffix(['.', '!', '?'])
        .and_then(|rest| rest.rsplit([' ', '(']).next())
        .is_some_and(|word| {
            let mut chars = word.chars();
            let last = chars.next_back();
            let initial = chars.next().is_none() && last.is_some_and(char::is_alphabetic);
            !initial && !word.contains('.') && last.is_some_and(char::is_alphanumeric)
        })
}

/// Whether `rest` starts with a sentence's first word, maybe after an
/// opening quote: capitalized, then lowercase letters and apostrophes only
/// ("The", "I", "\"We", "It's"; not "Future.add" or "JSON").
fn starts_sentence(rest: &str) -> bool {
    let word = rest.split(' ').next().unwrap_or("");
    let word = word
        .trim_start_matches(['"', '\u{201c}', '\'', '\u{2018}', '('])
        .trim_end_matches([',', ';', ':', '.', '!', '?', '"', '\u{201d}']);
    let mut letters = word.chars();
    letters.next().is_some_and(char::is_uppercase)
        && letters.all(|c| c.is_lowercase() || c == '\'' || c == '\u{2019}')
}

/// The text of `span`'s line before it and after it, without the spaces
/// next to it.
fn line_around(text: &str, span: Span) -> (&str, &str) {
    let before = text[..span.start].rsplit('\n').next().unwrap_or("");
    let after = text[span.end..].split('\n').next().unwrap_or("");
    (before.trim_end(), after.trim_start())
}

/// Counts the marks of JavaScript, CSS and JSON syntax in `chunk`: calls
/// (`push(`, `()`), braces, `;` after a call or a string, `||`, `&&`, `=>`,
/// `===`, assignments, `[]`, JSON keys (`":`), TypeScript's optional members
/// (`?:`), and `<script>`/`<style>` tags.
/// Command-line options (`--color=never`), manual references
/// (`git-config(1)`), plurals (`argument(s)`) and placeholders (`<width>`)
/// are not counted: documentation uses them on purpose.
pub(crate) fn syntax_marks(chunk: &str) -> (usize, usize) {
    if chunk.starts_with('-') {
        return (0, 0);
    }
    let bytes = chunk.as_bytes();
    // Where the first `[` is: an `=` after it is an index or a selector, not
    // an assignment. Found once, so a chunk is scanned in linear time.
    let first_bracket = memchr::memchr(b'[', bytes).unwrap_or(bytes.len());
    let (mut marks, mut statements) = (0, 0);
    for (index, &byte) in bytes.iter().enumerate() {
        let previous = index.checked_sub(1).map(|before| bytes[before]);
        let next = bytes.get(index + 1).copied();
        let statement = match byte {
            b'{' | b'}' => 1,
            b';' => usize::from(matches!(previous, Some(b')' | b']' | b'}' | b'\'' | b'"'))),
            b'|' | b'&' => usize::from(next == Some(byte)),
            b'=' => usize::from(next == Some(b'>') || next == Some(b'=')),
            b'[' => usize::from(next == Some(b']') || is_attribute_selector(&bytes[index + 1..])),
            b'"' => usize::from(next == Some(b':') || next == Some(b'@')),
            // TypeScript's optional member ("name?: string", "\"key\"?:").
            b'?' => usize::from(next == Some(b':')),
            b'<' => {
                let tag = &chunk[index + 1..].trim_start_matches('/');
                2 * usize::from(
                    ["script", "style", "noscript", "iframe"]
                        .iter()
                        .any(|name| tag.starts_with(name)),
                )
            }
            _ => 0,
        };
        statements += statement;
        marks += statement
            + match byte {
                b'(' => {
                    // "(s)" or a manual section such as "(1)" or "(3p)":
                    // look at most three bytes ahead, never to the chunk's
                    // end (a run of "(" would make the scan quadratic).
                    let after = &bytes[index + 1..];
                    let inside = after
                        .iter()
                        .take(3)
                        .position(|&b| b == b')')
                        .unwrap_or(after.len().min(3));
                    let inside = &after[..inside];
                    let is_reference = after.starts_with(b"s)")
                        || (!inside.is_empty()
                            && inside.len() <= 2
                            && inside.iter().all(u8::is_ascii_digit));
                    let is_call = previous.is_some_and(|b| {
                        b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b')'
                    });
                    usize::from(is_call && !is_reference) + usize::from(next == Some(b')'))
                }
                b'=' if next != Some(b'>') && next != Some(b'=') => {
                    let assignment = previous
                        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b']' || b == b')')
                        && index < first_bracket;
                    usize::from(assignment || chunk == "=")
                }
                _ => 0,
            };
    }
    // An operator or bracket standing alone, as spaced code writes them
    // ("( arguments )", "a = b"); a dash, `&` or `*` alone is prose's.
    let lone_operator = bytes.len() <= 3
        && bytes.iter().all(|byte| b"()[]{}=+|!?:<>".contains(byte))
        && bytes.iter().any(|byte| b"()[]{}=+|".contains(byte));
    // A statement's end right after a name or a value ("source;", "0px;").
    let ends_statement = bytes.len() >= 2
        && bytes.ends_with(b";")
        && bytes[bytes.len() - 2].is_ascii_alphanumeric();
    marks = marks.max(usize::from(lone_operator)) + usize::from(ends_statement);
    (marks, statements)
}

/// Whether `after`, the bytes after a `[`, hold a selector's or an index's
/// quoted value before the bracket closes (`type="text"]`, `'key']`):
/// prose puts no quotes inside square brackets. Looks at most
/// [`MAX_SELECTOR_BYTES`] bytes ahead, so a chunk is scanned in linear time.
fn is_attribute_selector(after: &[u8]) -> bool {
    let inside = &after[..after.len().min(MAX_SELECTOR_BYTES)];
    let inside = match memchr::memchr(b']', inside) {
        Some(end) => &inside[..end],
        None => inside,
    };
    inside.windows(2).any(|pair| matches!(pair, [b'=', b'"' | b'\'']))
        || (inside.len() >= 2 && matches!(inside[0], b'"' | b'\'') && inside.ends_with(&inside[..1]))
}

/// How far [`is_attribute_selector`] looks for the quoted value.
const MAX_SELECTOR_BYTES: usize = 40;

/// The fewest words of the line of prose after a sample a writer shows
/// ([`is_shown_sample`]).
const MIN_PROSE_LINE_WORDS: usize = 6;

/// The fewest lines of prose that quote code ([`quotes_code`]) in a
/// document that discusses code ([`discusses_code`]).
const MIN_LINES_QUOTING_CODE: usize = 2;

/// Whether `span` is a sample of code that the writer shows: it stands on
/// lines of code, is no script element's content (`<![CDATA[`), and the
/// nearest non-blank line after it is a line of prose ([`is_prose_line`])
/// or a heading ([`is_heading`]) before one, while the nearest one before
/// it introduces it: two words or more ending with a colon ("to the
/// constructor:"), or, in a document that discusses code
/// (`discusses_code`, asked only then), any line of prose. A programming
/// article sets its examples so; a page's leftover script stands in its
/// head, its footer or an ad's slot, where no sentence introduces it.
fn is_shown_sample(text: &str, span: Span, discusses_code: &mut impl FnMut() -> bool) -> bool {
    let code = &text[span.range()];
    if code.contains("<![CDATA[") || code.contains("]]>") {
        return false;
    }
    let line_start = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[span.end..].find('\n').map_or(text.len(), |at| span.end + at);
    // The rest of the code's lines is code too, not a sentence quoting it.
    if is_prose_line(&text[line_start..span.start]) || is_prose_line(&text[span.end..line_end]) {
        return false;
    }
    let line_before = text[..line_start].trim_end().rsplit('\n').next().unwrap_or("");
    let mut lines_after = text[line_end..]
        .split('\n')
        .map(str::trim)
        .filter(|line| !line.is_empty());
    let line_after = lines_after.next().unwrap_or("");
    let goes_on_in_prose = is_prose_line(line_after)
        || (is_heading(line_after) && lines_after.next().is_some_and(is_prose_line));
    if !goes_on_in_prose {
        return false;
    }
    let ends_with_colon =
        line_before.trim_end().ends_with(':') && line_before.split_whitespace().count() >= 2;
    ends_with_colon || (is_prose_line(line_before) && discusses_code())
}

/// The most words of a heading ([`is_heading`]).
const MAX_HEADING_WORDS: usize = 6;

/// Whether `line` reads as a heading: at most [`MAX_HEADING_WORDS`] words
/// of letters, the first one capitalised, with no mark of a sentence's end.
fn is_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=MAX_HEADING_WORDS).contains(&words)
        && line.chars().next().is_some_and(char::is_uppercase)
        && line.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-' || is_apostrophe(c))
}

/// Whether `text` discusses code: at least [`MIN_LINES_QUOTING_CODE`] of
/// its lines of prose quote code ([`quotes_code`]), as a programming
/// article's do ("the fetch() function", "the attribute bodyUsed").
fn discusses_code(text: &str) -> bool {
    text.lines()
        .filter(|line| quotes_code(line) && is_prose_line(line))
        .take(MIN_LINES_QUOTING_CODE)
        .count()
        >= MIN_LINES_QUOTING_CODE
}

/// Whether `line` names a function as code calls it (`clone()`) or holds
/// an identifier in camel case with a lowercase letter after its capital
/// (`bodyUsed`, not "macOS").
fn quotes_code(line: &str) -> bool {
    line.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '(' && c != ')');
        let named_call = word.strip_suffix("()").is_some_and(|name| {
            name.bytes().last().is_some_and(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
        });
        let camel_case = is_camel_case(word)
            && word
                .bytes()
                .skip_while(|byte| !byte.is_ascii_uppercase())
                .any(|byte| byte.is_ascii_lowercase());
        named_call || camel_case
    })
}

/// Whether `line` reads as a line of prose: at least
/// [`MIN_PROSE_LINE_WORDS`] words, three in four of them letters with at
/// most marks of punctuation around them.
fn is_prose_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let plain = words
        .iter()
        .filter(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            !word.is_empty() && word.chars().all(|c| c.is_alphabetic() || is_apostrophe(c) || c == '-')
        })
        .count();
    words.len() >= MIN_PROSE_LINE_WORDS && plain * 4 >= words.len() * 3
}

/// Whether `part` looks like `dataLayer` or `getElementById`: at least two
/// lowercase letters, then a capital (so "iPhone" and "eBay" are not).
pub(crate) fn is_camel_case(part: &str) -> bool {
    let lowercase_start = part.bytes().take_while(u8::is_ascii_lowercase).count();
    lowercase_start >= 2
        && part
            .as_bytes()
            .get(lowercase_start)
            .is_some_and(u8::is_ascii_uppercase)
}

/// Whether `part` is an ad-slot size such as `300x250` or `1x3`.
fn is_slot_size(part: &str) -> bool {
    let Some((width, height)) = part.split_once(['x', 'X']) else {
        return false;
    };
    !width.is_empty()
        && !height.is_empty()
        && width.len() <= 4
        && height.len() <= 4
        && width.bytes().all(|byte| byte.is_ascii_digit())
        && height.bytes().all(|byte| byte.is_ascii_digit())
}

impl LeftoverScript {
    /// Loads the vocabulary from `rules/lists/script-tokens.toml`; the rule
    /// takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        let tokens: ScriptTokens = load_list("rules/lists/script-tokens.toml", SCRIPT_TOKENS_TOML)?;
        let set = |words: Vec<String>| -> FxHashSet<String> {
            words
                .into_iter()
                .map(|word| word.to_ascii_lowercase())
                .collect()
        };
        let strong = set(tokens.strong);
        let weak = set(tokens.weak);
        let longest_word = strong
            .iter()
            .chain(&weak)
            .map(String::len)
            .max()
            .unwrap_or(0);
        let listed = Signatures::new(strong.iter().chain(&weak).map(String::as_str));
        let hashes = |words: &FxHashSet<String>| words.iter().map(|word| token_hash(word)).collect();
        Ok(Self {
            strong_hashes: hashes(&strong),
            leftover_hashes: hashes(&set(tokens.leftover)),
            listed,
            strong,
            weak,
            top_level_domains: set(tokens.top_level_domains),
            longest_word,
        })
    }

    /// The evidence in one whitespace-separated chunk. URLs and file paths
    /// carry none: their words ("www", "lib") are not code.
    fn chunk_evidence(&self, chunk: &str, lowercase: &mut String) -> Evidence {
        let mut evidence = Evidence::default();
        // Most chunks are plain words: skip the syntax checks for them.
        let bytes = chunk.as_bytes();
        let plain = bytes.iter().enumerate().all(|(index, &byte)| {
            byte.is_ascii_alphanumeric()
                || matches!(byte, b',' | b'!' | b'?' | b'\'' | b'-')
                || (matches!(byte, b'.' | b':')
                    && bytes
                        .get(index + 1)
                        .is_none_or(|next| !next.is_ascii_alphanumeric()))
        });
        if plain {
            self.score_words(chunk, lowercase, &mut evidence);
            return evidence;
        }
        let (punctuation, statements) = syntax_marks(chunk);
        let is_address =
            chunk.contains("://") || chunk.starts_with("www.") || chunk.starts_with('/');
        if is_address && statements == 0 {
            return Evidence::default();
        }
        // A CSS value ("37.5%;", "#fff;", "16px") marks code too.
        evidence.punctuation = punctuation + usize::from(is_css_mark(chunk) && !chunk.ends_with(':'));
        evidence.statements = statements;
        // Only braces carry a run across words: objects and JSON hold strings
        // of prose, while prose itself uses parentheses and square brackets.
        for byte in chunk.bytes() {
            match byte {
                b'{' => evidence.depth += 1,
                b'}' => evidence.depth -= 1,
                _ => {}
            }
        }
        // A CSS selector: ".share-btn", "#comments".
        let mut chars = chunk.chars();
        if matches!(chars.next(), Some('.' | '#'))
            && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        {
            evidence.members += 1;
        }
        // Member chains: "window.dataLayer", but not "example.com", "e.g.",
        // an e-mail address or a URL.
        if !chunk.contains('@') && !chunk.contains("://") {
            let mut pieces = chunk.split('.');
            let mut previous = pieces.next().unwrap_or("");
            for piece in pieces {
                let (left, right) = (identifier_tail(previous), identifier_head(piece));
                let is_member = left.len() >= 2
                    && right.len() >= 2
                    && right.as_bytes()[0].is_ascii_alphabetic()
                    && !self
                        .top_level_domains
                        .contains(right.to_ascii_lowercase().as_str());
                evidence.members += usize::from(is_member);
                previous = piece;
            }
        }

        self.score_words(chunk, lowercase, &mut evidence);
        evidence
    }

    /// Adds the evidence of the identifiers in `chunk`: ad-tech and code
    /// words, camelCase names, slot sizes, and CSS declarations ("display:").
    fn score_words(&self, chunk: &str, lowercase: &mut String, evidence: &mut Evidence) {
        for part in chunk.split(|c: char| !c.is_ascii_alphanumeric()) {
            if part.is_empty() || part.len() > self.longest_word.max(9) {
                continue;
            }
            if is_slot_size(part) {
                evidence.slot_sizes += 1;
                continue;
            }
            if !self.listed.may_contain(part) {
                evidence.camel_case += usize::from(is_camel_case(part));
                continue;
            }
            let key = if part.bytes().all(|byte| byte.is_ascii_lowercase()) {
                part
            } else {
                lowercase.clear();
                lowercase.extend(part.chars().map(|c| c.to_ascii_lowercase()));
                lowercase.as_str()
            };
            if self.strong.contains(key) {
                evidence.strong += 1;
            } else if is_camel_case(part) {
                evidence.camel_case += 1;
            } else if self.weak.contains(key) {
                evidence.weak += 1;
                if evidence.weak_word == 0 {
                    evidence.weak_word = key.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
                        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
                    });
                }
            }
        }
        // A CSS declaration or an object key: "display:", "container:",
        // "padding-left:" (two words of the vocabulary, one property).
        let listed = evidence.weak + evidence.strong;
        if chunk.ends_with(':')
            && chunk.len() > 2
            && (listed == 1 || (listed > 1 && is_css_mark(chunk)))
        {
            evidence.punctuation += 1;
            evidence.statements += 1;
        }
    }
}

/// Whether the chunk at `span` is a control keyword before its condition
/// ("if (", "while ("), a mark of code although the keyword is prose's too.
fn opens_condition(text: &str, span: Span) -> bool {
    matches!(&text[span.range()], "if" | "while" | "for" | "switch")
        && text[span.end..].starts_with(" (")
}

/// Whether `c` can be part of a JavaScript identifier (ASCII only).
fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// The identifier at the end of `text` ("window" in "(window").
fn identifier_tail(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_identifier_char(c))
        .map_or(0, |(index, c)| index + c.len_utf8());
    &text[start..]
}

/// The identifier at the start of `text` ("push" in "push(function").
fn identifier_head(text: &str) -> &str {
    let end = text
        .find(|c: char| !is_identifier_char(c))
        .unwrap_or(text.len());
    &text[..end]
}

/// Which evidence found a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// A run of chunks with code syntax.
    Syntax,
    /// A run of declarations ([`declarations`]); it starts at a key, a word
    /// and a colon that belong to the code, not prose introducing it.
    Declarations,
    /// The model of stripped code.
    Model,
}

/// A stretch of text that one kind of evidence calls code.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    span: Span,
    found: Found,
    /// The syntax evidence alone is unambiguous.
    unambiguous: bool,
}

/// Candidates that overlap or touch, merged.
#[derive(Debug, Clone, Copy)]
struct Group {
    span: Span,
    unambiguous: bool,
    /// A syntax run or a run of declarations is among them.
    syntax: bool,
    /// A model run is among them.
    model: bool,
    /// It starts at a declaration's key.
    keyed: bool,
}

impl Group {
    fn new(candidate: Candidate) -> Self {
        Group {
            span: candidate.span,
            unambiguous: candidate.unambiguous,
            syntax: candidate.found != Found::Model,
            model: candidate.found == Found::Model,
            keyed: candidate.found == Found::Declarations,
        }
    }

    fn merge(&mut self, candidate: Candidate) {
        self.keyed |=
            candidate.found == Found::Declarations && candidate.span.start == self.span.start;
        self.span = Span::new(self.span.start, self.span.end.max(candidate.span.end));
        self.unambiguous |= candidate.unambiguous;
        self.syntax |= candidate.found != Found::Model;
        self.model |= candidate.found == Found::Model;
    }
}

/// The line around `span` when it is one JSON object (`{"...": ...}`,
/// perhaps assigned: `window.__STATE__ = {...};`) or an array of them
/// (`[{ "@context": ... }]`), trimmed: page state and
/// JSON-LD that a script element held, often with the article's own text in
/// a string. Code found inside it stands for all of it, so that the copy in
/// the JSON goes and the article's prose stays (a part of it left behind
/// would be a copy that other rules may keep instead of the article).
fn json_line(document: &Document, span: Span) -> Option<Span> {
    let text = document.text();
    let lines = document.lines();
    let start = lines.line_start(lines.line_of(span.start))?;
    let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    if span.end > end {
        return None;
    }
    let line = &text[start..end];
    let body = line.trim();
    let object = body
        .split_once(" = {")
        .map_or(body, |(name, _)| &body[name.len() + 3..]);
    // An array of objects too (JSON-LD's `[{ "@context": ...}]`), spaced or not.
    let (inner, closing) = match object.strip_prefix('[') {
        Some(inner) => (inner.trim_start(), "}]"),
        None => (object, "}"),
    };
    let is_json = inner
        .strip_prefix('{')
        .is_some_and(|members| members.trim_start().starts_with('"'))
        && object.trim_end_matches(';').trim_end().ends_with(closing)
        && (object.len() == body.len() || body.starts_with("window."));
    is_json.then(|| {
        let lead = line.len() - line.trim_start().len();
        Span::new(start + lead, start + lead + body.len())
    })
}

/// What a span holds: its words, and among them the listed identifiers.
#[derive(Debug, Default, Clone, Copy)]
struct Identifiers {
    words: usize,
    /// Ad-tech, analytics and DOM identifiers (the `strong` list).
    strong: usize,
    /// Identifiers that only leftover code uses (the `leftover` list).
    leftover: usize,
}

impl Identifiers {
    /// Whether identifiers of leftover code dominate: one word in
    /// [`MAX_WORDS_PER_LEFTOVER`] at least is one.
    fn dominated_by_leftover(&self) -> bool {
        self.leftover >= 1 && self.words <= self.leftover * MAX_WORDS_PER_LEFTOVER
    }
}

/// A whitespace-separated chunk and its evidence.
struct Chunk {
    span: Span,
    evidence: Evidence,
    /// A prose word that ends a sentence ("ad."): code after it is a new run.
    ends_sentence: bool,
    /// A single letter or a word with digits: minified names and ids that a
    /// run of stripped code may pass over.
    bridgeable: bool,
    /// A chunk with a bracket, an operator or a sigil ("(observer,", "<"):
    /// an operand between the marks of punctuated code, which a run may
    /// pass over too, but which is no evidence of code when judging it.
    glue: bool,
    /// Taken into a run inside an open bracket: string contents, not prose.
    inside_brackets: bool,
}

/// The backticks of a document, found once when first asked for, so that
/// telling whether a span lies in Markdown inline code is two binary
/// searches rather than a scan of the span's line: on a 5 MB page of one
/// line with many runs of code, those scans made the rule quadratic.
struct Backticks<'d, 'a> {
    document: &'d Document<'a>,
    offsets: OnceCell<Vec<usize>>,
}

impl<'d, 'a> Backticks<'d, 'a> {
    fn new(document: &'d Document<'a>) -> Self {
        Self {
            document,
            offsets: OnceCell::new(),
        }
    }

    /// The number of backticks in the bytes `start..end`.
    fn count(&self, start: usize, end: usize) -> usize {
        let offsets = self.offsets.get_or_init(|| {
            memchr::memchr_iter(b'`', self.document.text().as_bytes()).collect()
        });
        let before = |offset: usize| offsets.partition_point(|&at| at < offset);
        before(end).saturating_sub(before(start))
    }

    /// Whether `span` lies between two backticks on its line (Markdown inline code).
    fn surround(&self, span: Span) -> bool {
        let text = self.document.text();
        let lines = self.document.lines();
        let line_start = lines.line_start(lines.line_of(span.start)).unwrap_or(0);
        // The `\n` that ends the line holding the span's end, or the text's end.
        let line_end = lines
            .line_start(lines.line_of(span.end) + 1)
            .map_or(text.len(), |next| next - 1);
        let before = self.count(line_start, span.start);
        let after = self.count(span.end, line_end);
        before % 2 == 1 && after >= 1
            || text[span.range()].starts_with('`') && text[span.range()].ends_with('`')
    }
}

impl LeftoverScript {
    /// The chunk `chunk` of `text`, scored.
    fn chunk(&self, text: &str, chunk: &str, lowercase: &mut String) -> Chunk {
        let start = chunk.as_ptr() as usize - text.as_ptr() as usize;
        let mut evidence = self.chunk_evidence(chunk, lowercase);
        evidence.punctuation += usize::from(opens_condition(text, Span::new(start, start + chunk.len())));
        Chunk {
            span: Span::new(start, start + chunk.len()),
            ends_sentence: evidence.punctuation == 0 && chunk.ends_with(['.', '!', '?']),
            bridgeable: chunk.bytes().any(|byte| byte.is_ascii_digit())
                || (chunk.len() == 1 && chunk.bytes().all(|byte| byte.is_ascii_alphabetic())),
            glue: chunk.bytes().any(|byte| CODE_GLUE.contains(&byte)),
            inside_brackets: false,
            evidence,
        }
    }

    /// Whether `chunk` is a word of prose that carries no evidence at all:
    /// ASCII letters (a capital only first), then at most one punctuation
    /// mark, and not a listed word.
    fn is_plain_word(&self, chunk: &str) -> bool {
        let word = chunk
            .strip_suffix(['.', ',', ';', '!', '?'])
            .unwrap_or(chunk);
        let bytes = word.as_bytes();
        let Some((first, rest)) = bytes.split_first() else {
            return false;
        };
        first.is_ascii_alphabetic()
            && rest.iter().all(u8::is_ascii_lowercase)
            && !self.listed.may_contain(word)
    }

    /// Adds `run` to the candidates if its evidence together is strong enough.
    fn report(&self, text: &str, run: &[Chunk], out: &mut Vec<Candidate>) -> Option<usize> {
        let mut total = Evidence::default();
        for chunk in run {
            total.add(&chunk.evidence);
        }
        // In punctuated code, bare words at the edges are the prose around
        // it ("New members are welcome" after `gtag('config', ...);`).
        let mut run = run;
        let punctuated_code = total.is_punctuated_code();
        if punctuated_code {
            while let [first, rest @ ..] = run {
                // A keyword before a bracket is the code's ("if (", "for ("),
                // and so is one before a string ("case \"refund\":").
                let opens_bracket = rest.first().is_some_and(|next| {
                    let next = &text[next.span.range()];
                    next.starts_with('(')
                        || (next.starts_with(['"', '\''])
                            && matches!(&text[first.span.range()], "case" | "import" | "throw" | "return"))
                });
                if rest.is_empty() || !first.evidence.is_bare_weak() || opens_bracket {
                    break;
                }
                run = rest;
            }
        }
        // At the end, prose words with no evidence too, which trimming a
        // bare weak word ("A new" on the next line) leaves last, wherever
        // a statement's mark shows that punctuation survives.
        if punctuated_code || total.statements > 0 {
            while let [rest @ .., last] = run {
                let prose = last.evidence.is_bare_weak() || !last.evidence.is_code_like();
                if rest.is_empty() || !prose {
                    break;
                }
                run = rest;
            }
        }
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return None;
        };
        // Words inside brackets that close again are string contents, not prose.
        let balanced = run.iter().map(|chunk| chunk.evidence.depth).sum::<isize>() == 0;
        let prose_chunks = run
            .iter()
            .filter(|chunk| {
                let string_content = balanced && chunk.inside_brackets;
                !(chunk.evidence.is_code_like() || chunk.bridgeable || string_content)
            })
            .count();
        let mut weak_words: Vec<u64> = run
            .iter()
            .filter(|chunk| chunk.evidence.weak > 0)
            .map(|chunk| chunk.evidence.weak_word)
            .collect();
        weak_words.sort_unstable();
        weak_words.dedup();
        let start = first.span.start;
        let end = start
            + text[start..last.span.end]
                .trim_end_matches(['.', ',', '!', '?', ':'])
                .len();
        let mut span = Span::new(start, end);
        let verdict = total.verdict(run.len(), prose_chunks, weak_words.len());
        // Short code dropped between sentences, which the verdict's counts
        // are too small for.
        let dense = (prose_chunks <= 1
            && prose_chunks * 4 <= run.len()
            && total.is_dense_syntax(run.len()))
            || (run.len() >= 2 && prose_chunks * 2 < run.len() && total.is_sparse_syntax());
        let apart = (verdict.is_none() && dense)
            .then(|| apart_from_sentences(text, span))
            .flatten();
        let safe = match (verdict, apart) {
            (Some(safe), _) => {
                // The names or strings a cut-off snippet ends with, before
                // the next sentence or the line's end (`event: "view",`).
                if let Some(end) = code_end_before_sentence(text, span.end) {
                    span = Span::new(span.start, end);
                }
                safe
            }
            (None, Some(whole)) => {
                span = whole;
                false
            }
            (None, None) => {
                // An open brace carried the run on into the prose after a
                // cut-off snippet: judge the code before that prose on its
                // own, and scan what follows the prose afresh, as text that
                // no bracket is open in. (Judging the rest as one run
                // flagged prose about code in manuals.)
                let gap = prose_gap(run)?;
                self.report(text, &run[..gap.start], out);
                return Some(gap.end);
            }
        };
        if !span.is_empty() {
            out.push(Candidate {
                span,
                found: Found::Syntax,
                unambiguous: safe,
            });
        }
        None
    }

    /// Builds runs of code from the chunks at `spans`, in order, keeping
    /// only the run being built: `run` holds its chunks up to the last
    /// code-like one, `pending` the prose or identifier chunks after it
    /// that the run may still take in. Each run ends in [`Self::report`];
    /// where it leaves chunks after a stretch of prose, those are scanned
    /// again, with `carry` false: there no open bracket carries a run over
    /// prose, since the bracket that was open is the cut-off code's. `each`
    /// sees every span of `spans`.
    fn scan_runs(
        &self,
        text: &str,
        spans: impl Iterator<Item = Span>,
        carry: bool,
        lowercase: &mut String,
        candidates: &mut Vec<Candidate>,
        mut each: impl FnMut(Span),
    ) {
        let mut run: Vec<Chunk> = Vec::new();
        let mut pending: Vec<Chunk> = Vec::new();
        let mut depth: isize = 0;
        // Whether the run's current line holds code.
        let mut line_has_code = false;
        for span in spans {
            each(span);
            let piece = &text[span.range()];
            // Outside a run, a plain word of prose can neither start one nor
            // change anything: skip it before scoring.
            if run.is_empty() && self.is_plain_word(piece) && !opens_condition(text, span) {
                continue;
            }
            let mut chunk = self.chunk(text, piece, lowercase);
            let code_like = chunk.evidence.is_code_like();
            if !run.is_empty() {
                let previous = pending.last().or(run.last());
                // A sentence also starts after a statement's end ("…
                // './gvl.js'; If this …").
                let sentence_ended = depth == 0
                    && previous.is_some_and(|chunk| {
                        chunk.ends_sentence
                            || (text[chunk.span.range()].ends_with([';', '}'])
                                && starts_sentence(&text[span.start..]))
                    });
                // A run goes on across lines of code, not across a whole
                // line without any, even inside an open bracket (a menu or
                // a paragraph after a script that a `//` comment left
                // unbalanced).
                let line_ended = previous
                    .is_some_and(|chunk| text[chunk.span.end..span.start].contains('\n'));
                // Nor into a line that opens with a sentence ("A new
                // owner …" after a cut-off `push({ event: "view",`), nor
                // past a line that prose ends ("… = 0; Councillors were
                // divided." before the next paragraph's code).
                let prose_ends_line = pending.last().is_some_and(|chunk| chunk.ends_sentence);
                let line_without_code = line_ended
                    && (!line_has_code
                        || prose_ends_line
                        || (!code_like && starts_sentence(&text[span.start..])));
                if line_ended {
                    line_has_code = false;
                }
                // One name between code ("} from './gvl.js';", "interface
                // Options {"), counted as prose when the run is judged,
                // where a bracket, a statement's end or a string shows the
                // code's syntax on one side of it.
                let name_bridged = depth == 0
                    && pending.iter().any(|chunk| !(chunk.bridgeable || chunk.glue));
                let takes = if sentence_ended || line_without_code {
                    false
                } else if code_like {
                    !name_bridged
                        || piece.starts_with(['{', '(', '\'', '"'])
                        || run
                            .last()
                            .is_some_and(|last| text[last.span.range()].ends_with(['{', '}', '(', ')', ';']))
                } else if depth > 0 {
                    pending.len() < MAX_CHUNKS_INSIDE_BRACKETS
                } else {
                    pending.len() < MAX_BRIDGED_CHUNKS
                        && (chunk.bridgeable
                            || chunk.glue
                            // Prose joins the names it lists with "and" and
                            // "or"; a synopsis writes its keywords in capitals.
                            || !(name_bridged
                                || matches!(piece, "and" | "or")
                                || piece.bytes().all(|byte| byte.is_ascii_uppercase())))
                };
                if takes {
                    if code_like {
                        line_has_code = true;
                        if carry {
                            depth = (depth + chunk.evidence.depth).max(0);
                        }
                        run.append(&mut pending);
                        run.push(chunk);
                    } else {
                        chunk.inside_brackets = depth > 0;
                        pending.push(chunk);
                    }
                    continue;
                }
                self.end_run(text, &run, lowercase, candidates);
                run.clear();
                pending.clear();
                depth = 0;
            }
            if code_like {
                depth = if carry { chunk.evidence.depth.max(0) } else { 0 };
                line_has_code = true;
                run.push(chunk);
            }
        }
        self.end_run(text, &run, lowercase, candidates);
    }

    /// Reports `run` ([`Self::report`]) and scans the chunks it leaves
    /// after a stretch of prose again ([`Self::scan_runs`]).
    fn end_run(&self, text: &str, run: &[Chunk], lowercase: &mut String, candidates: &mut Vec<Candidate>) {
        if let Some(rest) = self.report(text, run, candidates) {
            let spans: Vec<Span> = run[rest..].iter().map(|chunk| chunk.span).collect();
            self.scan_runs(text, spans.into_iter(), false, lowercase, candidates, |_| {});
        }
    }

    /// The candidate for a run of words the model calls code: from the start
    /// of the piece its first word stands in to the end of the piece its last
    /// word stands in, with the pieces of bare punctuation next to it
    /// ("});").
    fn model_candidate(document: &Document, run: CodeRun) -> Option<Candidate> {
        let text = document.text();
        let words = document.words();
        let (first, last) = (words.get(run.first)?, words.get(run.last)?);
        let is_space = |c: char| c.is_whitespace();
        let mut start = text[..first.start()].rfind(is_space).map_or(0, |at| {
            at + text[at..].chars().next().map_or(1, char::len_utf8)
        });
        let mut end = text[last.end()..]
            .find(is_space)
            .map_or(text.len(), |at| last.end() + at);
        let no_words = |piece: &str| !piece.is_empty() && !piece.chars().any(char::is_alphanumeric);
        for _ in 0..MAX_BARE_PUNCTUATION {
            let after = text[end..].trim_start();
            let piece_end = after.find(is_space).unwrap_or(after.len());
            if !no_words(&after[..piece_end]) {
                break;
            }
            end = text.len() - after.len() + piece_end;
        }
        for _ in 0..MAX_BARE_PUNCTUATION {
            let before = text[..start].trim_end();
            // The space may be wider than a byte (a no-break space).
            let piece_start = before.rfind(is_space).map_or(0, |at| {
                at + before[at..].chars().next().map_or(1, char::len_utf8)
            });
            if !no_words(&before[piece_start..]) {
                break;
            }
            start = piece_start;
        }
        // A word that ends a sentence before the code is the prose's.
        while let Some((head, rest)) = text[start..end].split_once(char::is_whitespace) {
            let word = head.strip_suffix(['.', '!', '?']).unwrap_or(head);
            if word.len() == head.len() || !word.chars().all(char::is_alphabetic) {
                break;
            }
            start = end - rest.trim_start().len();
        }
        // Sentence punctuation after the last word is the prose's.
        end = start
            + text[start..end]
                .trim_end_matches(['.', ',', '!', '?', ':', '"', '\u{201d}'])
                .len();
        (end > start).then(|| Candidate {
            span: Span::new(start, end),
            found: Found::Model,
            unambiguous: false,
        })
    }

    /// The counts of listed identifiers among the words of `span`: ad-tech,
    /// analytics and DOM identifiers (the `strong` list), and those that only
    /// ad, analytics, consent, tracking, embed and page-bootstrap code uses
    /// (the `leftover` list; a JSON-LD `"@context"` counts as one); and the
    /// number of words.
    fn identifiers(&self, document: &Document, span: Span) -> Identifiers {
        let words = document.words();
        let first = words.partition_point(|word| word.start() < span.start);
        let mut counts = Identifiers::default();
        for &word in words[first..].iter().take_while(|word| word.end() <= span.end) {
            let hash = token_hash(document.word_text(word));
            counts.words += 1;
            counts.strong += usize::from(self.strong_hashes.contains(&hash));
            counts.leftover += usize::from(self.leftover_hashes.contains(&hash));
        }
        counts.leftover += usize::from(document.slice(span).contains("\"@context\""));
        counts
    }

    /// Merges overlapping or touching candidates and reports each group.
    fn report_candidates(
        &self,
        document: &Document,
        punctuated: bool,
        mut candidates: Vec<Candidate>,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = document.text();
        let backticks = Backticks::new(document);
        let mut discussion = None;
        let mut discusses = || *discussion.get_or_insert_with(|| discusses_code(text));
        if punctuated {
            for candidate in &mut candidates {
                if let Some(line) = json_line(document, candidate.span) {
                    candidate.span = line;
                }
            }
        }
        candidates.sort_by_key(|candidate| (candidate.span.start, candidate.span.end));
        let mut groups: Vec<Group> = Vec::new();
        for candidate in candidates {
            if let Some(group) = groups.last_mut() {
                let between = text.get(group.span.end..candidate.span.start);
                if candidate.span.start <= group.span.end
                    || between.is_some_and(|gap| gap.trim().is_empty() && gap.matches('\n').count() < 2)
                {
                    group.merge(candidate);
                    continue;
                }
            }
            groups.push(Group::new(candidate));
        }
        for group in groups {
            let mut span = group.span;
            // A word of prose that introduces the code ("like this:") is not code.
            let mut introduced = false;
            let head_and_rest = text[span.range()]
                .split_once(char::is_whitespace)
                .filter(|_| !group.keyed);
            if let Some((head, rest)) = head_and_rest {
                if let Some(word) = head.strip_suffix(':') {
                    if !word.is_empty() && word.chars().all(char::is_alphabetic) {
                        span = Span::new(span.end - rest.trim_start().len(), span.end);
                        introduced = true;
                    }
                }
            }
            // In Markdown, backticks mark code the writer shows.
            if span.is_empty() || (document.is_markdown() && text[span.range()].contains('`')) {
                continue;
            }
            let inner = text[span.range()].trim_start_matches('`');
            let inner_start = span.end - inner.len();
            let inner = Span::new(inner_start, inner_start + inner.trim_end_matches('`').len());
            if backticks.surround(span) || (!inner.is_empty() && backticks.surround(inner)) {
                continue;
            }
            let identifiers = self.identifiers(document, span);
            // Where punctuation survives, code keeps its syntax: the model
            // alone, without it or an ad-tech identifier, is not enough.
            if punctuated
                && !group.syntax
                && identifiers.strong == 0
                && !self.is_web_code_apart(text, span, identifiers.words)
            {
                continue;
            }
            // Code that the prose introduces ("Add this to the page:") is an
            // example the writer shows. What the model found is deleted
            // safely only where identifiers of leftover code dominate it.
            let introduced = introduced || text[..span.start].trim_end().ends_with(':');
            let safe = identifiers.leftover >= 1
                && !introduced
                && if group.model {
                    identifiers.dominated_by_leftover()
                } else {
                    group.unambiguous || identifiers.leftover >= 2
                };
            let message = format!("leftover script: \"{}\"", excerpt(&text[span.range()], 60));
            let diagnostic = Diagnostic::new(META.name, META.severity, message, span);
            // Without an identifier of leftover code, code that the prose
            // introduces on lines of its own is what a programming article
            // shows: reported, never deleted.
            if identifiers.leftover == 0 && is_shown_sample(text, span, &mut discusses) {
                out.push(diagnostic);
                continue;
            }
            let edits = vec![Edit::delete(deletion_with_separator(text, span))];
            let fix = if safe {
                Fix::safe("delete leftover script", edits)
            } else {
                Fix::unsafe_("delete leftover script", edits)
            };
            out.push(diagnostic.with_fix(fix));
        }
    }
}

impl LeftoverScript {
    /// Whether `span`, which the model alone calls code in punctuated text
    /// (no syntax run, no ad-tech identifier), is web code standing apart
    /// from the prose: code a writer quotes sits inside a sentence, and the
    /// model also scores SQL, shell and C that manuals show. Its `words`
    /// must carry one mark of JavaScript, CSS or JSON syntax per
    /// [`WORDS_PER_MARK`] at least (CSS selectors, properties and lengths
    /// count), one of them a statement's or a declaration's (`var x`,
    /// TypeScript's `name?: type`); it must not read as SQL or a synopsis
    /// (mostly capitals, or a line that opens with two words in capitals),
    /// C (`->`) or a shell or template placeholder (`${`); and it must start
    /// or end where a sentence could: at a line's edge, after a sentence's
    /// or a statement's end, or before a capital.
    fn is_web_code_apart(&self, text: &str, span: Span, words: usize) -> bool {
        let code = &text[span.range()];
        let capitals = code.bytes().filter(u8::is_ascii_uppercase).count();
        let lowercase = code.bytes().filter(u8::is_ascii_lowercase).count();
        let (before, after) = line_around(text, span);
        // A line that opens with two words in capitals is a statement of SQL
        // ("CREATE TABLE", "INSERT INTO") or a command's synopsis.
        let mut line_words = before.split_whitespace().chain(code.split_whitespace());
        let in_capitals = |word: Option<&str>| {
            word.is_some_and(|word| word.len() >= 2 && word.bytes().all(|b| b.is_ascii_uppercase()))
        };
        let statement_in_capitals = in_capitals(line_words.next()) && in_capitals(line_words.next());
        if capitals > lowercase
            || statement_in_capitals
            || code.contains("->")
            || code.contains("${")
        {
            return false;
        }
        let (mut marks, mut statements) = (0, 0);
        let mut sentence_end_at_start = false;
        for (index, chunk) in code.split_whitespace().enumerate() {
            let (chunk_marks, chunk_statements) = syntax_marks(chunk);
            marks += chunk_marks
                + usize::from(is_css_mark(chunk) || is_script_keyword(chunk) || is_selector(chunk));
            // A declaration ("var x", TypeScript's "name?: string").
            statements += chunk_statements + usize::from(chunk == "var" || chunk.contains("?:"));
            // Prose the run took in before the code ("... a statement. var x").
            sentence_end_at_start |= index < MAX_PROSE_AT_START
                && chunk_marks == 0
                && chunk.ends_with(['.', '!', '?'])
                && self.is_plain_word(chunk);
        }
        if statements == 0 || marks * WORDS_PER_MARK < words {
            return false;
        }
        let starts_apart = sentence_end_at_start
            || before.is_empty()
            || before.ends_with(['.', '!', '?', ';', '}', ')']);
        let ends_apart = after.is_empty()
            || after.starts_with(|c: char| c.is_uppercase() || "{}();<$".contains(c));
        starts_apart || ends_apart
    }
}

/// A mark of CSS in a whitespace-separated chunk: a hyphenated property
/// ("text-align:", "-webkit-transform:"), a length ("12px;", "1.5em") or a
/// hex colour ("#fafafa;").
pub(crate) fn is_css_mark(chunk: &str) -> bool {
    if let Some(property) = chunk.strip_suffix(':') {
        let name = property.trim_start_matches('-');
        return name.contains('-')
            && name.bytes().all(|byte| byte.is_ascii_lowercase() || byte == b'-');
    }
    if chunk.ends_with("%;") {
        return true;
    }
    let value = chunk.trim_end_matches([';', ',', ')']);
    if let Some(hex) = value.strip_prefix('#') {
        return matches!(hex.len(), 3 | 6 | 8)
            && hex.bytes().all(|byte| byte.is_ascii_hexdigit())
            && (hex.bytes().any(|byte| byte.is_ascii_alphabetic()) || chunk.ends_with(';'));
    }
    let number = value.trim_start_matches('-');
    let unit_at = number
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(number.len());
    unit_at > 0 && matches!(&number[unit_at..], "px" | "em" | "rem" | "vh" | "vw" | "deg")
}

/// A CSS selector: ".share-btn", "#comments,", "a:hover".
fn is_selector(chunk: &str) -> bool {
    let mut chars = chunk.chars();
    let class_or_id = matches!(chars.next(), Some('.' | '#'))
        && chars.next().is_some_and(|c| c.is_ascii_lowercase());
    class_or_id || chunk.contains(":hover") || chunk.contains("::")
}

/// A word that JavaScript writes and prose rarely does, with its
/// punctuation: "var", "const", "typeof", "undefined;", "null,".
fn is_script_keyword(chunk: &str) -> bool {
    let word = chunk.trim_end_matches([';', ',', ')']);
    matches!(word, "var" | "const" | "typeof" | "undefined" | "null" | "===" | "!==")
}

impl Rule for LeftoverScript {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    /// One pass over the chunks ([`Self::scan_runs`]), then the model.
    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        let mut candidates = Vec::new();
        let mut lowercase = String::new();
        let (mut pieces, mut marks) = (0, 0);
        let count_marks = |span: Span| {
            pieces += 1;
            // A piece ends at whitespace or at the end of the text.
            marks += usize::from(script_odds::is_punctuation_mark(
                &text[span.range()],
                span.end < text.len(),
            ));
        };
        self.scan_runs(text, document.chunks(), true, &mut lowercase, &mut candidates, count_marks);
        let punctuated = script_odds::is_punctuated(pieces, marks);
        if punctuated {
            candidates.extend(
                declarations::declaration_runs(text, document.chunks()).into_iter().map(|span| Candidate {
                    span,
                    found: Found::Declarations,
                    unambiguous: false,
                }),
            );
        }
        if let Some(model) = script_odds::table() {
            let runs = model.code_runs(document, &self.strong_hashes, punctuated);
            candidates.extend(
                runs.into_iter()
                    .filter_map(|run| Self::model_candidate(document, run)),
            );
        }
        self.report_candidates(document, punctuated, candidates, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::test_support::{assert_clean, flagged as flagged_by};

    fn rule() -> LeftoverScript {
        LeftoverScript::new(&RuleOptions::new()).expect("vocabulary parses")
    }

    fn flagged(text: &str) -> Vec<String> {
        flagged_by(&rule(), text)
    }

    #[test]
    fn bare_punctuation_after_a_no_break_space_is_taken_whole() {
        // The space before the "})" is two bytes wide.
        let text = "prose words and more\u{a0}}) googletag.cmd.push(function() { \
                    googletag.display('div-gpt-ad-1'); });";
        let found = flagged(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("})"), "{found:?}");
    }

    #[test]
    fn stripped_ad_code_is_flagged_exactly() {
        let text = "as company success cases googletag cmd push function googletag display 1x3 according to the firm";
        assert_eq!(
            flagged(text),
            ["googletag cmd push function googletag display 1x3"]
        );
    }

    #[test]
    fn punctuated_code_is_flagged_whole() {
        let code = "(adsbygoogle = window.adsbygoogle || []).push({});";
        assert_eq!(
            flagged(&format!("Before the ad. {code} After the ad.")),
            [code]
        );
    }

    #[test]
    fn brackets_carry_the_run_across_strings() {
        let code = r#"{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council approves the budget"}"#;
        assert_eq!(flagged(&format!("Story text. {code} More text.")), [code]);
    }

    #[test]
    fn brackets_do_not_carry_the_run_across_a_line_without_code() {
        // A comment hides the closing brace: the bracket stays open.
        let code = r#"$(function() { if (window.ga) { ga("send", "pageview"); // tracker only }"#;
        let text = format!(
            "{code}\nLocal News\nSport\nThe mayor opened the \"harbourWalk\" path on Monday, the council said.\n"
        );
        assert_eq!(flagged(&text), [code]);
    }

    /// A snippet cut off after an open brace: the brace carries the run on
    /// into the prose after it, and the run as a whole is mostly prose.
    /// The code before the first sentence of prose is judged on its own.
    #[test]
    fn code_cut_off_after_an_open_brace_ends_where_the_prose_starts() {
        let code = "if (panel.isOpen()) { panel.close();";
        let text = format!(
            "The library extended its hours. {code} The librarian thanked the \
             volunteers and said the reading room would stay open late.\n"
        );
        assert_eq!(flagged(&text), [code]);
    }

    /// A hyphenated CSS property is one declaration, though both of its
    /// words are in the vocabulary.
    #[test]
    fn hyphenated_css_properties_are_declarations() {
        let code = "padding-left: 12px; padding-right";
        let text = format!("The pool reopens on Saturday. {code} Lifeguards will be on duty.");
        assert_eq!(flagged(&text), [code]);
        assert_clean(
            &rule(),
            &["The column had a margin-left: a narrow strip for notes; nobody minded."],
        );
    }

    #[test]
    fn quoted_values_in_brackets_are_selectors() {
        assert!(is_attribute_selector(br#"type="text"], input"#));
        assert!(is_attribute_selector(b"'key'] = 1;"));
        assert!(!is_attribute_selector(b"name, address and phone]"));
        assert!(!is_attribute_selector(b"sic] the \"harbour\""));
        let (marks, statements) = syntax_marks(r#"input[type="tel"],"#);
        assert!(marks >= 1 && statements >= 1, "{marks} {statements}");
    }

    /// Three selectors in a row between two sentences, and nothing else.
    #[test]
    fn a_run_of_selectors_between_sentences_is_code() {
        let code = ".promo-card .card-title .card-footer";
        let text = format!("The office closes at noon. {code} Tickets are sold on board.");
        assert_eq!(flagged(&text), [code]);
        assert_clean(
            &rule(),
            &["The files were report.final, report.draft and report.old on the drive."],
        );
    }

    #[test]
    fn prose_gap_needs_code_before_it() {
        let text = "x = 1; one two three four y = 2;";
        let document = crate::document::Document::new(text);
        let rule = rule();
        let mut lowercase = String::new();
        let run: Vec<Chunk> = document
            .chunks()
            .map(|span| rule.chunk(text, &text[span.range()], &mut lowercase))
            .collect();
        // "x", "=", "1;" are code or its glue; the four words are prose.
        assert_eq!(prose_gap(&run), Some(3..7));
        assert_eq!(prose_gap(&run[3..]), None);
    }

    #[test]
    fn prose_about_code_is_not_flagged() {
        assert_clean(
            &rule(),
            &[
                "The function returns a value and the window display stays on.",
                "Push the button, then open a new window to display the document.",
                "Google's googletag library serves most of the ads on news sites.",
                "Call `document.getElementById('main')` to get the element.",
                "He wrote (in 1999) that x = y; nobody agreed.",
                "Set the margin, padding, border, width, height and color.",
                "Visit example.com or www.example.org for details, e.g. the FAQ.",
            ],
        );
    }

    /// Only the backticks of the span's own line count: those are now
    /// counted from one list of the document's backticks, found once,
    /// rather than by scanning the line for every run (quadratic on a
    /// 5 MB page of one line).
    #[test]
    fn backticks_on_other_lines_do_not_hide_code() {
        let code = "(adsbygoogle = window.adsbygoogle || []).push({});";
        let text = format!("Use `a.\nBefore the ad. {code} After the ad.\nAnd b`.\n");
        assert_eq!(flagged(&text), [code]);
        let text = format!("Use `a`.\nBefore the ad `{code}` after.\nAnd `b`.\n");
        assert_eq!(flagged(&text), Vec::<String>::new());
    }

    /// Two copies of `code` with `between` in the middle are flagged as two
    /// findings, and `between` stays.
    fn assert_two_runs(code: &str, between: &str) {
        let text = format!("the story begins {code} {between} {code} and ends here\n");
        assert_eq!(flagged(&text), [code, code]);
    }

    /// Issue 13: words outside ASCII cost nothing inside a run, so the
    /// reverted model bridged whole articles in other languages between two
    /// code words (7 of 89 real pages lost their article). A run must also
    /// keep showing code: long prose between two snippets ends it.
    #[test]
    fn issue_13_runs_do_not_bridge_prose() {
        let other_script = "東京の市場は月曜日に再開し、多くの店が朝から開いていた。".repeat(40);
        assert_two_runs("adsbygoogle window adsbygoogle push", &other_script);
        let prose = "the council met on tuesday and agreed to repair the old bridge before winter ".repeat(30);
        assert_two_runs("googletag cmd push function googletag display 1x3", prose.trim_end());
    }

    /// Issue 13: a JSON object on a line of its own is one finding, the
    /// article's copy in its strings included, so that no piece of the copy
    /// is left for other rules to keep instead of the article.
    #[test]
    fn issue_13_json_state_is_one_span() {
        let json = r#"{"@type":"Article","@context":"http://schema.org","articleBody":"The ferry resumed its crossings on Monday. Its crew had waited weeks for the part.","keywords":["ferry","harbour"],"publisher":{"@type":"Organization","name":"Harbour News"}}"#;
        let text = format!("The ferry resumed its crossings on Monday.\n{json}\nIts crew had waited weeks for the part.\n");
        assert_eq!(flagged(&text), [json]);
    }

    /// JSON-LD as an array of objects, spaced, is one line of JSON too: code
    /// found anywhere in it takes the whole line, article copy and all.
    #[test]
    fn json_line_takes_arrays_of_objects_spaced_or_not() {
        for line in [
            r#"[{ "@context": "https://schema.org", "@type": "NewsArticle", "articleBody": "The ferry resumed." }]"#,
            r#"[{"@type":"NewsArticle","articleBody":"The ferry resumed."}];"#,
            r#"{ "@type": "NewsArticle", "articleBody": "The ferry resumed." }"#,
        ] {
            let text = format!("The ferry resumed.\n  {line}\nIts crew waited.\n");
            let document = Document::new(&text);
            let inside = text.find("NewsArticle").map(|at| Span::new(at, at + 11));
            let found = inside.and_then(|span| json_line(&document, span));
            assert_eq!(found.map(|span| &text[span.range()]), Some(line), "{line}");
        }
        for not_json in [
            r#"[1, 2, { "a": 1 }]"#,
            r#"{ "@type": "NewsArticle" } and then prose"#,
        ] {
            let text = format!("{not_json}\n");
            let document = Document::new(&text);
            assert_eq!(json_line(&document, Span::new(0, 3)), None, "{not_json}");
        }
    }

    /// A word repeated in prose ("return, return") is one anchor, not two.
    #[test]
    fn repeated_words_are_one_anchor() {
        assert!(flagged("come back return return o traveller return return before night falls\n").is_empty());
    }

    #[test]
    fn non_ascii_next_to_code_does_not_panic() {
        assert!(flagged("Ѩ.window.dataLayer ਂѨ(window.x)").len() <= 1);
        assert_eq!(identifier_tail("(Ѩwindow"), "window");
    }

    /// Issue 11: a chunk of 200 kB of "(" (or of "a=") was scanned to its
    /// end at every byte, quadratic in the chunk's length. Each byte now looks
    /// at most three bytes ahead.
    #[test]
    fn issue_11_long_runs_of_punctuation_lint() {
        for piece in ["(", "a=", "x(", "[", "{"] {
            let text = piece.repeat(200_000 / piece.len());
            let diagnostics = flagged(&text);
            assert!(diagnostics.len() <= 1, "{piece}");
        }
        assert_eq!(syntax_marks("git-config(1)"), (0, 0));
        assert_eq!(syntax_marks("perl(3pm)"), (1, 0));
        assert_eq!(syntax_marks("argument(s)"), (0, 0));
        assert_eq!(syntax_marks("push(x)"), (1, 0));
        // TypeScript's optional members; a question in prose is none.
        assert_eq!(syntax_marks("nonce?:"), (1, 1));
        assert_eq!(syntax_marks("\"expires\"?:"), (1, 1));
        assert_eq!(syntax_marks("why?"), (0, 0));
        assert_eq!(syntax_marks("a[0]=1"), (0, 0));
        assert_eq!(syntax_marks("a=1"), (1, 0));
    }

    #[test]
    fn spaced_operators_and_statement_ends_are_marks() {
        assert_eq!(syntax_marks("("), (1, 0));
        assert_eq!(syntax_marks(")"), (1, 0));
        assert_eq!(syntax_marks("source;"), (1, 0));
        assert_eq!(syntax_marks("0px;"), (1, 0));
        // Prose's dashes, ampersands and stars stand alone too.
        assert_eq!(syntax_marks("&"), (0, 0));
        assert_eq!(syntax_marks("*"), (0, 0));
        assert_eq!(syntax_marks("\u{2014}"), (0, 0));
        assert_eq!(syntax_marks("?"), (0, 0));
    }

    #[test]
    fn marks_of_css_and_keywords() {
        for mark in ["text-align:", "-webkit-transform:", "12px;", "1.5em", "-208px", "#fafafa;", "#333;"] {
            assert!(is_css_mark(mark), "{mark}");
        }
        for word in ["note:", "color:", "12", "issue #123", "#123", "2px-wide", "#cafe1"] {
            assert!(!is_css_mark(word), "{word}");
        }
        assert!(is_script_keyword("undefined;") && is_script_keyword("var"));
        for selector in [".share-btn", "#comments,", "a:hover", "li::before"] {
            assert!(is_selector(selector), "{selector}");
        }
        for word in [".NET", "#1", "3:30", "note:"] {
            assert!(!is_selector(word), "{word}");
        }
        assert!(!is_script_keyword("function") && !is_script_keyword("return"));
    }

    #[test]
    fn short_code_counts_between_two_sentences_of_a_line() {
        fn whole<'t>(text: &'t str, code: &str) -> Option<&'t str> {
            let start = text.find(code).expect("the code is in the text");
            apart_from_sentences(text, Span::new(start, start + code.len()))
                .map(|span| &text[span.range()])
        }
        let between = |text: &str, code: &str| whole(text, code).is_some();
        assert!(between("It rained. foo.bar(); The end.", "foo.bar();"));
        assert!(between("He said \"no.\" foo.bar(); Then he left.", "foo.bar();"));
        assert!(between("It opened on 5 March 2019. foo.bar(); The end.", "foo.bar();"));
        assert!(between("It docked on December 5. foo.bar(); The end.", "foo.bar();"));
        assert!(between("It rained. foo.bar(); \"We won,\" she said.", "foo.bar();"));
        // A line's end after the code stands for the next sentence.
        assert!(between("It rained. foo.bar();\nThe end.", "foo.bar();"));
        // The cut-off code's last marks and lowercase names are its own.
        let text = "It rained. x = f(this.options. The end.";
        assert_eq!(whole(text, "x = f(this.options"), Some("x = f(this.options"));
        let text = "It rained. var v = check(key, groups The end.";
        assert_eq!(whole(text, "= check(key,"), Some("var v = check(key, groups"));
        let text = "It rained. o = { \"key\": \"issuu\",\n";
        assert_eq!(whole(text, "= { \"key\":"), Some("o = { \"key\": \"issuu\","));
        // Inside a sentence, at a line's start, or across lines: not between.
        assert!(!between("It rained and then foo.bar(); The end.", "foo.bar();"));
        assert!(!between("It rained and foo.bar(); the end.", "foo.bar();"));
        assert!(!between("It rained. foo.bar(); then it stopped.", "foo.bar();"));
        assert!(!between("It rained. foo.bar(); and then it stopped raining.", "foo.bar();"));
        assert!(!between("It rained. foo.bar(); after.\n", "foo.bar();"));
        assert!(!between("foo.bar(); The end.", "foo.bar();"));
        assert!(!between("Version 2. foo.bar();\nx(); The end.", "foo.bar();\nx();"));
        // After an abbreviation or an initial, the sentence goes on; a
        // capital that starts code starts no sentence.
        assert!(!between("Use a source, e.g. os.urandom(). More.", "os.urandom()"));
        assert!(!between("By Nathaniel J. f(a, b) Smith.", "f(a, b)"));
        assert!(!between("It rained. a.b(), and Future.add() have it.", "a.b(),"));
        // A short code between sentences is reported, a word of prose is not.
        assert_eq!(
            flagged("The hall shuts in May. clearInterval(this.ticker); Readers may call."),
            ["clearInterval(this.ticker);"]
        );
        assert!(flagged("The hall shuts in May. Really? Readers may call.").is_empty());
        // A control keyword before its condition is the code's.
        assert_eq!(
            flagged("The hall shuts in May. while (queue.length) { next Readers may call."),
            ["while (queue.length) { next"]
        );
        assert!(flagged("The lamp works only if (as the maker says) the battery is new.").is_empty());
    }

    #[test]
    fn code_the_model_alone_finds_must_be_web_code_apart_from_sentences() {
        let rule = rule();
        let apart = |text: &str, code: &str| {
            let start = text.find(code).expect("the code is in the text");
            let span = Span::new(start, start + code.len());
            rule.is_web_code_apart(text, span, code.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count())
        };
        let code = "this.size = getSize( this.element ); proto.css = function( style ) {";
        assert!(apart(&format!("The bridge opened. {code} She spoke."), code));
        assert!(apart(&format!("{code}\nNext line."), code));
        // Inside a sentence, it is code the writer quotes.
        assert!(!apart(&format!("we call {code} before it"), code));
        // SQL, C and shell placeholders are not web code.
        let sql = "(provider = icu, locale = 'de-u-co-phonebk');";
        assert!(!apart(&format!("CREATE COLLATION german {sql}\n"), sql));
        let c = "(ctx->state)->next(ctx); ctx = next(ctx);";
        assert!(!apart(&format!("Done. {c}\n"), c));
        let shell = "${root}/${host}.tar; rm(${old});";
        assert!(!apart(&format!("Done. {shell}\n"), shell));
        // Too few marks of syntax for its words.
        let thin = "this.size and proto.css were both set by the plugin later on;";
        assert!(!apart(&format!("Done. {thin}\n"), thin));
        // TypeScript's optional properties are declarations.
        let typed = "root?: string | Element; mode?: string; delay?: number;";
        assert!(apart(&format!("Done. {typed}\n"), typed));
    }

    #[test]
    fn shapes() {
        assert!(is_camel_case("dataLayer") && is_camel_case("getElementById"));
        assert!(!is_camel_case("iPhone") && !is_camel_case("eBay") && !is_camel_case("McDonald"));
        assert!(
            is_slot_size("300x250")
                && is_slot_size("1x3")
                && !is_slot_size("x3")
                && !is_slot_size("box")
        );
    }

    #[test]
    fn code_between_an_introduction_and_prose_is_a_sample() {
        let between = |before: &str, code: &str, after: &str| {
            let text = format!("{before}\n{code}\n{after}\n");
            let start = before.len() + 1;
            is_shown_sample(&text, Span::new(start, start + code.len()), &mut || false)
        };
        let code = "var box = document.querySelector('.box'); box.remove();";
        let after = "The element is gone from the page once the call returns.";
        assert!(between("To remove the box, call its remove method:", code, after));
        // A sentence before it does not introduce it; nor does a menu after.
        assert!(!between("The box is removed when the page loads.", code, after));
        assert!(!between("Remove it like this:", code, "Home News Sport"));
        // A script element's content is no example.
        let cdata = format!("<![CDATA[ {code} ]]>");
        assert!(!between("To remove the box, call its remove method:", &cdata, after));
    }

    #[test]
    fn code_between_prose_lines_is_a_sample_where_the_prose_discusses_code() {
        let code = "var box = document.querySelector('.box'); box.remove();";
        let text = format!(
            "The box is removed when the page loads.\n{code}\nThe element is gone from the page once the call returns.\n"
        );
        let start = text.find(code).unwrap_or(0);
        let span = Span::new(start, start + code.len());
        assert!(is_shown_sample(&text, span, &mut || true));
        assert!(!is_shown_sample(&text, span, &mut || false));
        let quoting = "The remove() method takes the element out of the page at once.\n\
                       Its attribute isConnected is false from then on, as it should be.\n";
        assert!(discusses_code(quoting));
        // One line is not a discussion; a line of code quotes no prose; a
        // product name in camel case is no identifier.
        assert!(!discusses_code("The remove() method takes the element out of the page at once.\n"));
        assert!(!discusses_code("box.remove(); box.append(); var a = b();\nel.remove(); x();\n"));
        assert!(!quotes_code("The update to macOS arrived on the new iPhone before the weekend."));
        assert!(quotes_code("Call clone() first."));
        assert!(!quotes_code("The meeting (postponed) begins at noon ()."));
    }
}
