//! leftover-script's model of stripped code: a table of code-versus-prose
//! log-odds learned from real code and real prose
//! (`rules/lists/script-odds.toml`, built by `tests/corpus/script_model.py`),
//! and a two-state hidden Markov model that segments a text's words into
//! prose and code with it.
//!
//! Every word scores its log-odds from the table, or, when it is not listed,
//! the log-odds of its shape (a number, a single letter, letters and digits,
//! two listed words run together, ...). In text that kept its punctuation, the
//! kind of whitespace-separated piece the word stands in adds its own log-odds
//! ("googletag.cmd.push(function()" is code-like, "Tuesday," is not). The
//! Viterbi decoding then finds the segments where calling the words code
//! pays for the cost of entering and leaving code: a run of code keeps the
//! English words inside it ("sport homepage leaderboard" in an ad-unit path)
//! and ends where the code ends. It runs in linear time with two bits and one
//! score per word, and only over the lines that may hold a run (two
//! different words that can anchor one) and the words around them up to
//! where the best paths join: the same runs as decoding every word, at a
//! table lookup a word for the rest.
//!
//! The table is parsed the first time a text is checked, not when the
//! linter is built.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::document::{token_hash, Document, Tokens, Word};
use crate::rules::load_list;
use crate::source::Span;

const SCRIPT_ODDS_TOML: &str = include_str!("../../rules/lists/script-odds.toml");

/// The most a word with a letter outside ASCII scores. The table learned
/// from ASCII prose calls such words neutral, and a neutral word costs a run
/// of code nothing: a run then bridged whole articles in other scripts
/// between two code words. Prose is the default; code must keep showing
/// evidence, and text in other scripts is not evidence.
const NON_ASCII_CEILING: i16 = -8;

/// A word scoring at least this much (a nat) counts towards a run's density
/// of evidence, unless it is a number or part of an address.
const DENSE_SCORE: i16 = 4;

/// A listed word of at least three letters scoring at least this much (two
/// nats) is an anchor; a run starts and ends at anchors that score
/// [`STRONG_SCORE`] (three nats), and holds [`MIN_STRONG_ANCHORS`] different
/// ones: prose repeats a word ("return, return"), code uses several.
const ANCHOR_SCORE: i16 = 8;
const STRONG_SCORE: i16 = 12;
const MIN_STRONG_ANCHORS: usize = 2;

/// A run with a single strong anchor is code when it holds this many
/// different anchors in all: short snippets often name one rare identifier
/// among common code words ("throw new error hotjar", "const updateobserver
/// observer").
const MIN_ANCHORS_WITH_ONE_STRONG: usize = 3;

/// Such a run holds no word scoring this much for prose (two nats).
const PROSE_SCORE: i16 = 8;

/// Whether a run holding `strong` different strong anchors and `anchors`
/// different anchors (the strong ones among them) has anchors enough to be
/// code. A single strong anchor is enough only in stripped text: where
/// punctuation survives, the syntax tells short snippets apart.
fn has_enough_anchors(strong: usize, anchors: usize, punctuated: bool) -> bool {
    strong >= MIN_STRONG_ANCHORS
        || (!punctuated && strong >= 1 && anchors >= MIN_ANCHORS_WITH_ONE_STRONG)
}

/// A compact run of stripped text (see [`compact`]) holds this many
/// different anchors, a strong one among them, and this many words at
/// least.
const MIN_COMPACT_ANCHORS: usize = 2;
const MIN_COMPACT_WORDS: usize = 4;

/// A compact run holds no word scoring this much for prose (a nat: "a",
/// "section"); at two nats, as for other runs, the flattened technical
/// manuals of the clean corpus gave 239 findings instead of 199 (165
/// before compact runs), most of them sentences about code.
const COMPACT_PROSE_SCORE: i16 = 4;

/// Whether a line holding `strong` different strong anchors and `anchors`
/// different anchors may hold a run that [`piece`] calls code.
fn may_be_code(strong: usize, anchors: usize, punctuated: bool) -> bool {
    has_enough_anchors(strong, anchors, punctuated)
        || (!punctuated && strong >= 1 && anchors >= MIN_COMPACT_ANCHORS)
}

/// Up to three different hashes, counted: the prefilter of a line needs to
/// know no more.
#[derive(Default)]
struct Distinct {
    seen: [u32; 3],
    count: usize,
}

impl Distinct {
    fn insert(&mut self, hash: u32) {
        let count = self.count;
        if count < self.seen.len() && !self.seen[..count].contains(&hash) {
            self.seen[count] = hash;
            self.count += 1;
        }
    }
}

/// A run ends at this many words in a row that are not evidence: English
/// words inside code ("sport homepage leaderboard" in an ad-unit path) are
/// fewer.
const MAX_GAP: usize = 8;

/// How many words of evidence that are not anchors a run keeps at each end
/// when the model decides whether it is code.
const MAX_EDGE_WORDS: usize = 2;

/// How many words a run found to be code then reaches over at each end: the
/// identifiers code opens and closes with that score less than an edge
/// ("customparameters", "elementstoobserve"; see [`REACH_SCORE`]), so that
/// the span ends where the code does. They decide nothing: what is code is
/// the same with or without them.
const MAX_REACH_WORDS: usize = 4;

/// An identifier scoring at least this much (a nat and a quarter) may be
/// reached over (see [`MAX_REACH_WORDS`]).
const REACH_SCORE: i16 = 5;

/// At least one word in this many of a run is evidence.
const MIN_DENSITY: usize = 3;

/// The words of addresses: a URL in prose ("www example com") is not code,
/// and neither are its words next to code.
const ADDRESS_WORDS: [&str; 18] = [
    "www", "com", "http", "https", "net", "org", "co", "uk", "br", "de", "fr", "html", "htm",
    "php", "aspx", "jpg", "png", "gif",
];

/// The longest of [`ADDRESS_WORDS`]: longer tokens skip the comparison.
const MAX_ADDRESS_WORD: usize = 5;

/// Either of two iterators over a word's pieces.
enum Either<A, B> {
    Split(A),
    Whole(B),
}

impl<'a, A: Iterator<Item = &'a str>, B: Iterator<Item = &'a str>> Iterator for Either<A, B> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Either::Split(pieces) => pieces.next(),
            Either::Whole(piece) => piece.next(),
        }
    }
}

/// The costs of one form of text, in quarter-nats.
#[derive(Deserialize, Debug, Clone, Copy)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Costs {
    enter: i32,
    leave: i32,
    min_score: i32,
}

/// The shapes of words that are not listed, in the table's order.
const SHAPES: [&str; 10] = [
    "number-short",
    "number-long",
    "letter",
    "letters-2",
    "letters-digits",
    "hex",
    "word",
    "long-word",
    "compound",
    "non-ascii",
];

/// The kinds of whitespace-separated pieces, in the table's order.
const KINDS: [&str; 8] = [
    "plain",
    "sentence",
    "capital",
    "code",
    "address",
    "number",
    "abbreviation",
    "other",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    stripped: Costs,
    punctuated: Costs,
    shapes: BTreeMap<String, i16>,
    kinds: BTreeMap<String, i16>,
    words: BTreeMap<String, String>,
}

/// The learned table, ready for lookups.
pub(crate) struct ScriptOdds {
    /// Token hash ([`token_hash`]) of a listed word -> its score.
    words: FxHashMap<u32, i16>,
    shapes: [i16; SHAPES.len()],
    kinds: [i16; KINDS.len()],
    stripped: Costs,
    punctuated: Costs,
    /// Token hashes of [`ADDRESS_WORDS`].
    address_words: Vec<u32>,
    /// The most a kind of piece adds to a word's score, or 0.
    best_kind: i16,
}

/// What the segmentation knows of one word: 10 bytes, scored only for the
/// windows around lines that may hold a run.
#[derive(Debug, Clone, Copy, Default)]
struct WordScore {
    /// What the decoding adds up.
    score: i16,
    /// What the evidence thresholds compare.
    evidence: i16,
    /// Evidence towards a run's density (see [`DENSE_SCORE`]).
    dense: bool,
    /// A word a run may end with, next to its strong anchors.
    edge: bool,
    /// A word the span of a run may reach over (see [`MAX_REACH_WORDS`]).
    reach: bool,
    /// A listed code word that may start or end a run (see [`ANCHOR_SCORE`]).
    anchor: bool,
    /// A single letter ("e g" of flattened prose): a run with a single
    /// strong anchor holds none (see [`piece`]).
    letter: bool,
}

/// A run of words that the model calls code: word indices, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CodeRun {
    pub(crate) first: usize,
    pub(crate) last: usize,
}

/// The table, parsed on first use; `None` if the built-in data does not
/// parse (a test guards against that).
pub(crate) fn table() -> Option<&'static ScriptOdds> {
    static TABLE: OnceLock<Option<ScriptOdds>> = OnceLock::new();
    TABLE
        .get_or_init(|| ScriptOdds::parse(SCRIPT_ODDS_TOML))
        .as_ref()
}

/// Reads one score per name from `scores`, in the order of `names`.
fn ordered<const N: usize>(names: [&str; N], scores: &BTreeMap<String, i16>) -> Option<[i16; N]> {
    let mut out = [0; N];
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = *scores.get(name)?;
    }
    Some(out)
}

impl ScriptOdds {
    fn parse(text: &str) -> Option<Self> {
        let table: Table = load_list("rules/lists/script-odds.toml", text).ok()?;
        let mut words = FxHashMap::default();
        for (score, listed) in &table.words {
            let score: i16 = score.parse().ok()?;
            for word in listed.split_ascii_whitespace() {
                words.insert(token_hash(word), score);
            }
        }
        let kinds = ordered(KINDS, &table.kinds)?;
        Some(Self {
            words,
            shapes: ordered(SHAPES, &table.shapes)?,
            kinds,
            best_kind: kinds.into_iter().max().unwrap_or(0).max(0),
            stripped: table.stripped,
            punctuated: table.punctuated,
            address_words: ADDRESS_WORDS.iter().map(|word| token_hash(word)).collect(),
        })
    }

    /// Whether `token`, whose hash is `hash`, is one of [`ADDRESS_WORDS`].
    fn is_address_word(&self, token: &str, hash: u32) -> bool {
        token.len() <= MAX_ADDRESS_WORD && self.address_words.contains(&hash)
    }

    /// The score of `token` (a word, or the part of one between
    /// apostrophes): log-odds of code against prose in quarter-nats, from
    /// the table if it lists the token, else from its shape.
    pub(crate) fn score(&self, token: &str) -> i16 {
        self.words
            .get(&token_hash(token))
            .copied()
            .unwrap_or_else(|| self.shapes[self.shape(token)])
    }

    /// The score of one token (a word or the part of a word between
    /// apostrophes) whose hash is `hash`.
    /// `shapes` remembers the scores of unlisted tokens by hash: a text
    /// repeats its words, and telling a compound apart takes a dozen
    /// lookups.
    fn token_score(
        &self,
        token: &str,
        hash: u32,
        listed: Option<i16>,
        shapes: &mut FxHashMap<u32, i16>,
    ) -> i16 {
        match listed {
            Some(score) => score,
            None => *shapes
                .entry(hash)
                .or_insert_with(|| self.shapes[self.shape(token)]),
        }
    }

    /// The shape of a token that is not listed, as an index into [`SHAPES`];
    /// `tests/corpus/script_model.py` computes the same.
    fn shape(&self, token: &str) -> usize {
        let bytes = token.as_bytes();
        if !token.is_ascii() {
            return 9;
        }
        if bytes.iter().all(u8::is_ascii_digit) {
            return if bytes.len() <= 4 { 0 } else { 1 };
        }
        if bytes.iter().any(u8::is_ascii_digit) {
            let hex = bytes.len() >= 6 && bytes.iter().all(u8::is_ascii_hexdigit);
            return if hex { 5 } else { 4 };
        }
        match bytes.len() {
            1 => 2,
            2 => 3,
            _ if self.is_compound(token) => 8,
            3..=12 => 6,
            _ => 7,
        }
    }

    /// Whether `token` (6 to 24 ASCII letters) is two listed words run
    /// together, at least one of them code-like: a camelCase identifier
    /// lowercased ("fillstyle", "prevsibling").
    fn is_compound(&self, token: &str) -> bool {
        if !(6..=24).contains(&token.len()) || !token.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        (3..token.len() - 2).any(|cut| {
            let left = self.words.get(&token_hash(&token[..cut]));
            let right = self.words.get(&token_hash(&token[cut..]));
            matches!((left, right), (Some(&left), Some(&right)) if left.max(right) > 0)
        })
    }

    /// The code runs among the words of `document`; `punctuated` tells
    /// whether the text kept its punctuation ([`is_punctuated`]).
    ///
    /// `known` holds the token hashes of hand-listed ad-tech and analytics
    /// identifiers (`googletag`, `adsbygoogle`): rare in the code the table
    /// was learned from, they count as strong anchors.
    ///
    /// The runs are those of decoding the whole text at once, but only the
    /// words near a line that may hold a run are scored and decoded: a run
    /// is cut at line breaks (script and style elements are blocks; a page
    /// of code can look stripped to [`is_punctuated`]) and needs
    /// [`MIN_STRONG_ANCHORS`] different strong anchors, which most lines of
    /// prose do not hold, and telling takes one lookup a word. See
    /// [`Scorer::fresh_start`] for why decoding a window gives the same runs.
    pub(crate) fn code_runs(
        &self,
        document: &Document,
        known: &FxHashSet<u32>,
        punctuated: bool,
    ) -> Vec<CodeRun> {
        let mut scorer = Scorer {
            odds: self,
            document,
            known,
            punctuated,
            costs: if punctuated {
                self.punctuated
            } else {
                self.stripped
            },
            chunks: ChunkAround::new(document.text()),
            shapes: FxHashMap::default(),
        };
        let mut runs = Vec::new();
        let mut scored = Vec::new();
        // The words before this one are decoded, or need not be.
        let mut decoded = 0;
        for line in lines(document) {
            if line.end <= decoded || !scorer.may_hold_a_run(line.clone()) {
                continue;
            }
            let target = line.start.max(decoded);
            let start = scorer.fresh_start(target, decoded, &mut scored);
            let end = scorer.window(start, target, line.end, &mut scored);
            scorer.pieces(start, &scored, &mut runs);
            decoded = end;
        }
        runs
    }
}

/// Scores the words of one document, remembering the scores of unlisted
/// tokens and the piece last looked at.
struct Scorer<'s, 'd, 'a> {
    odds: &'s ScriptOdds,
    document: &'d Document<'a>,
    known: &'s FxHashSet<u32>,
    punctuated: bool,
    costs: Costs,
    chunks: ChunkAround<'a>,
    shapes: FxHashMap<u32, i16>,
}

impl Scorer<'_, '_, '_> {
    /// Whether the words `line` (one line of the text) hold
    /// [`MIN_STRONG_ANCHORS`] different words that [`Self::score`] may call
    /// strong anchors. Only a word the table lists high enough (or a known
    /// one) can be one, so most words cost a single lookup; the kind of
    /// piece a candidate stands in is read only where it could lift the
    /// word's evidence to [`STRONG_SCORE`].
    fn may_hold_a_run(&mut self, line: Range<usize>) -> bool {
        let odds = self.odds;
        let document = self.document;
        let tokens = document.tokens();
        let best_kind = if self.punctuated { odds.best_kind } else { 0 };
        let mut strong_seen = Distinct::default();
        let mut anchors_seen = Distinct::default();
        let mut token = first_token(tokens, line.start);
        let mut continuation = token - line.start;
        for &word in document.words().get(line).unwrap_or_default() {
            let first = token;
            token += 1;
            let mut parts = 1;
            while tokens
                .continuations
                .get(continuation)
                .is_some_and(|&at| at as usize == token)
            {
                continuation += 1;
                token += 1;
                parts += 1;
            }
            let Some(&hash) = tokens.hashes.get(first) else {
                break;
            };
            if parts != 1 {
                continue;
            }
            let is_known = self.known.contains(&hash);
            let listed = odds.words.get(&hash).copied();
            // Where only strong anchors count, only a word that may be one.
            let least = if self.punctuated {
                STRONG_SCORE
            } else {
                ANCHOR_SCORE
            };
            let may_anchor =
                is_known || listed.is_some_and(|score| score.saturating_add(best_kind) >= least);
            if !may_anchor {
                continue;
            }
            let word_text = document.word_text(word);
            let number = word_text.bytes().all(|byte| byte.is_ascii_digit());
            if !is_identifier(word_text) || number || odds.is_address_word(word_text, hash) {
                continue;
            }
            let strong = is_known
                || match listed {
                    Some(score) if score.saturating_add(best_kind) >= STRONG_SCORE => {
                        score >= STRONG_SCORE || {
                            let chunk = self.chunks.around(word);
                            let kind = kind(&document.text()[chunk.range()]);
                            kind != ADDRESS
                                && score.saturating_add(odds.kinds[kind]) >= STRONG_SCORE
                        }
                    }
                    _ => false,
                };
            if strong {
                strong_seen.insert(hash);
            }
            anchors_seen.insert(hash);
            if may_be_code(strong_seen.count, anchors_seen.count, self.punctuated) {
                return true;
            }
        }
        false
    }

    /// A word index at or before `target`, and not before `floor`, from
    /// which decoding afresh gives the same runs as decoding the whole text:
    /// `floor` itself when it is known to be one.
    ///
    /// Why a window decodes like the whole text: what the decoding carries
    /// from word to word that matters is `prose - code`, the lead of the
    /// best path ending in prose over the best ending in code. Once that
    /// lead exceeds `enter`, the next word's best paths both come from prose
    /// and the lead is `enter` minus its score, whatever came before: the
    /// paths have joined, and everything after is decided as from a fresh
    /// start. The lead only grows with the lead before, so a scan that
    /// starts as if deep in code (the least lead there is) and finds the
    /// lead above `enter` at a word proves that the true lead is above it
    /// there too.
    fn fresh_start(&mut self, target: usize, floor: usize, scored: &mut Vec<WordScore>) -> usize {
        let mut back = 16;
        loop {
            let from = target.saturating_sub(back).max(floor);
            scored.clear();
            self.score(from..target, scored);
            let mut lead = Lead::deep_in_code();
            let mut joined = None;
            for (index, word) in scored.iter().enumerate() {
                lead.step(word.score, self.costs);
                if lead.has_joined(self.costs) {
                    joined = Some(index + 1);
                }
            }
            let start = match joined {
                Some(start) => start,
                None if from == floor => 0,
                None => {
                    back *= 4;
                    continue;
                }
            };
            scored.drain(..start);
            return from + start;
        }
    }

    /// Scores the words from `start` (a fresh start, whose words up to
    /// `scored_until` are in `scored` already) on to `end` at least and on
    /// to the first word after which the paths join (see
    /// [`Self::fresh_start`]), so that no run of the window is cut short;
    /// returns the index of the word after the window.
    fn window(
        &mut self,
        start: usize,
        scored_until: usize,
        end: usize,
        scored: &mut Vec<WordScore>,
    ) -> usize {
        self.score(scored_until..end, scored);
        let mut lead = Lead::fresh();
        for word in scored.iter() {
            lead.step(word.score, self.costs);
        }
        let count = self.document.words().len();
        let mut next = start + scored.len();
        while next < count && !lead.has_joined(self.costs) {
            let before = scored.len();
            self.score(next..next + 1, scored);
            if let Some(word) = scored.get(before) {
                lead.step(word.score, self.costs);
            }
            next += 1;
        }
        next
    }

    /// Decodes the window of `scored` words starting at word `start` and
    /// adds the runs it holds to `runs`: each decoded run cut at line breaks
    /// and at [`MAX_GAP`] words that are not evidence, then trimmed by
    /// [`piece`].
    fn pieces(&self, start: usize, scored: &[WordScore], runs: &mut Vec<CodeRun>) {
        let document = self.document;
        let words = document.words();
        let text = document.text().as_bytes();
        // A strong anchor's identity: the hash of its first token.
        let anchor_hash = |index: usize| {
            let word = document.word_text(words[start + index]);
            token_hash(word.split(['\'', '\u{2019}']).next().unwrap_or(word))
        };
        // Read from the text between two words: `Document::gap_after` would
        // build the gaps of every word, where only a few windows are read.
        let breaks_line = |index: usize| match (words.get(index), words.get(index + 1)) {
            (Some(word), Some(next)) => {
                memchr::memchr(b'\n', &text[word.end()..next.start()]).is_some()
            }
            _ => false,
        };
        for run in decode(scored, self.costs) {
            let mut first = run.first;
            let mut gap = 0;
            for index in run.first..=run.last {
                gap = if scored[index].dense { 0 } else { gap + 1 };
                let ends = index == run.last || breaks_line(start + index);
                if gap >= MAX_GAP || ends {
                    let last = if gap >= MAX_GAP {
                        index + 1 - gap
                    } else {
                        index + 1
                    };
                    if let Some(piece) = piece(
                        scored,
                        first..last,
                        self.costs,
                        self.punctuated,
                        anchor_hash,
                    ) {
                        runs.push(CodeRun {
                            first: start + piece.first,
                            last: start + piece.last,
                        });
                    }
                    first = index + 1;
                    gap = 0;
                }
            }
        }
    }

    /// What the segmentation knows of each of the words `range`, appended
    /// to `scored`.
    fn score(&mut self, range: Range<usize>, scored: &mut Vec<WordScore>) {
        let odds = self.odds;
        let document = self.document;
        let text = document.text();
        let tokens = document.tokens();
        let mut token = first_token(tokens, range.start);
        for &word in document.words().get(range).unwrap_or_default() {
            let word_text = document.word_text(word);
            let mut score: i16 = 0;
            let (mut listed, mut address, mut parts, mut first_hash) = (true, false, 0, 0);
            // Most words have no apostrophe: one piece, without splitting.
            let has_apostrophe = word_text.bytes().any(|byte| byte == b'\'' || byte >= 0x80);
            let pieces = if has_apostrophe {
                Either::Split(word_text.split(['\'', '\u{2019}']))
            } else {
                Either::Whole(std::iter::once(word_text))
            };
            for piece in pieces {
                let hash = tokens.hashes.get(token).copied().unwrap_or_default();
                token += 1;
                if parts == 0 {
                    first_hash = hash;
                }
                parts += 1;
                let listed_score = odds.words.get(&hash).copied();
                listed &= listed_score.is_some();
                address |= odds.is_address_word(piece, hash);
                score = score.saturating_add(odds.token_score(
                    piece,
                    hash,
                    listed_score,
                    &mut self.shapes,
                ));
            }
            if !word_text.is_ascii() {
                score = score.min(NON_ASCII_CEILING);
            }
            // Evidence is the word's own score or, where punctuation
            // survives, its score with the piece it stands in, whichever is
            // higher: a stripped snippet in a punctuated text is evidence too.
            let own = score;
            if self.punctuated {
                let kind = kind(&text[self.chunks.around(word).range()]);
                address |= kind == ADDRESS;
                score = score.saturating_add(odds.kinds[kind]);
            }
            let number = word_text.bytes().all(|byte| byte.is_ascii_digit());
            let is_known = parts == 1 && self.known.contains(&first_hash);
            let mut evidence = score.max(own);
            if is_known {
                evidence = evidence.max(STRONG_SCORE);
            }
            let dense = evidence >= DENSE_SCORE && !address && !number;
            let identifier = parts == 1 && is_identifier(word_text);
            let anchor = dense && evidence >= ANCHOR_SCORE && (listed || is_known) && identifier;
            // A run may end with an identifier of two nats, or with a word
            // holding digits that is evidence ("k9q2", "3000"); not with a
            // short word ("el", "de"), which prose in other languages is
            // full of.
            let digits = word_text.bytes().any(|byte| byte.is_ascii_digit());
            let evidence_with_digits = digits && evidence >= DENSE_SCORE;
            let edge =
                !address && ((identifier && evidence >= ANCHOR_SCORE) || evidence_with_digits);
            let reach =
                !address && ((identifier && evidence >= REACH_SCORE) || evidence_with_digits);
            scored.push(WordScore {
                score,
                evidence,
                dense,
                edge,
                reach,
                anchor,
                letter: word_text.len() == 1 && word_text.bytes().all(|b| b.is_ascii_alphabetic()),
            });
        }
    }
}

/// The decoding's state between two words, as the lead of the best path
/// ending in prose over the best ending in code (see [`decode`]).
#[derive(Debug, Clone, Copy)]
struct Lead(i64);

impl Lead {
    /// Before the first word: code is unreachable.
    fn fresh() -> Self {
        Self(i64::MAX / 4)
    }

    /// As deep in code as can be: the least lead there is.
    fn deep_in_code() -> Self {
        Self(i64::MIN / 4)
    }

    /// The lead after a word scoring `score`: [`decode`]'s step, with the
    /// best path ending in prose at 0.
    fn step(&mut self, score: i16, costs: Costs) {
        let (enter, leave) = (i64::from(costs.enter), i64::from(costs.leave));
        let (prose, code) = (0, -self.0);
        let next_prose = if code - leave > prose {
            code - leave
        } else {
            prose
        };
        let next_code = if prose - enter > code {
            prose - enter
        } else {
            code
        } + i64::from(score);
        self.0 = next_prose - next_code;
    }

    /// Whether both best paths after the next word come from prose.
    fn has_joined(self, costs: Costs) -> bool {
        self.0 > i64::from(costs.enter)
    }
}

/// The index of the first token of word `word` ([`Tokens`] holds one token a
/// word, plus a continuation after each apostrophe inside one). The `j`th
/// continuation lies before the word's first token exactly when its index is
/// at most `word + j`: every word before adds one first token.
fn first_token(tokens: &Tokens, word: usize) -> usize {
    let continuations = &tokens.continuations;
    let (mut low, mut high) = (0, continuations.len());
    while low < high {
        let middle = (low + high) / 2;
        if continuations[middle] as usize <= word + middle {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    word + low
}

/// Whether `word` can be an anchor's identifier: three ASCII letters or
/// digits at least.
fn is_identifier(word: &str) -> bool {
    word.len() >= 3 && word.bytes().all(|byte| byte.is_ascii_alphanumeric())
}

/// Whether a text kept its punctuation: a `.`, `,`, `!` or `?` ends at least
/// one in 40 of its whitespace-separated pieces (the last piece, which no
/// whitespace follows, does not count).
pub(crate) fn is_punctuated(pieces: usize, marks: usize) -> bool {
    marks > 0 && marks * 40 >= pieces
}

/// Whether the whitespace-separated piece `chunk` counts towards
/// [`is_punctuated`]'s marks; `followed_by_space` tells whether whitespace
/// comes after it.
pub(crate) fn is_punctuation_mark(chunk: &str, followed_by_space: bool) -> bool {
    followed_by_space && chunk.ends_with(['.', ',', '!', '?'])
}

/// The lines of `document` that hold words, in order, as ranges of word
/// indices.
fn lines<'d>(document: &'d Document) -> impl Iterator<Item = Range<usize>> + 'd {
    let text = document.text().as_bytes();
    let words = document.words();
    let mut start = 0;
    std::iter::from_fn(move || {
        let first = *words.get(start)?;
        // The line ends at the first `\n` after its first word.
        let line_end = memchr::memchr(b'\n', text.get(first.end()..).unwrap_or_default())
            .map_or(text.len(), |at| first.end() + at);
        let end = words[start..]
            .iter()
            .position(|word| word.start() >= line_end)
            .map_or(words.len(), |count| start + count);
        let line = start..end;
        start = end;
        Some(line)
    })
}

/// The whitespace-separated piece around a word, remembered for the next
/// words in the same piece: each piece is scanned once, however long.
struct ChunkAround<'a> {
    text: &'a str,
    last: Span,
}

impl<'a> ChunkAround<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            last: Span::new(0, 0),
        }
    }

    /// The piece that holds `word`.
    fn around(&mut self, word: Word) -> Span {
        if self.last.start <= word.start() && word.end() <= self.last.end && !self.last.is_empty() {
            return self.last;
        }
        let text = self.text;
        let start = text[..word.start()]
            .rfind(char::is_whitespace)
            .map_or(0, |at| {
                at + text[at..].chars().next().map_or(1, char::len_utf8)
            });
        let end = text[word.end()..]
            .find(char::is_whitespace)
            .map_or(text.len(), |at| word.end() + at);
        self.last = Span::new(start, end);
        self.last
    }
}

/// The run of `scored[range]` trimmed to its strong anchors and up to
/// [`MAX_EDGE_WORDS`] edge words next to them (an id such as "k9q2" after a
/// call, "3000" after an option), if it is code: its words score
/// `min-score` together, at least one in [`MIN_DENSITY`] is evidence, and
/// it holds anchors enough ([`has_enough_anchors`]). In stripped text, a
/// run with a single strong anchor is trimmed to its first and last anchor
/// instead, and must hold no word of prose ([`PROSE_SCORE`]) and no single
/// letter. A stripped run that fails these is code when it is compact
/// ([`compact`]). The run returned reaches from its anchors over up to
/// [`MAX_REACH_WORDS`] words on each side.
fn piece(
    scored: &[WordScore],
    range: Range<usize>,
    costs: Costs,
    punctuated: bool,
    anchor_hash: impl Fn(usize) -> u32,
) -> Option<CodeRun> {
    let first = range.start;
    let words = scored.get(range)?;
    let strong = |word: &WordScore| word.anchor && word.evidence >= STRONG_SCORE;
    let first_strong = words.iter().position(strong)?;
    let last_strong = words.iter().rposition(strong)?;
    let strong_hash = anchor_hash(first + first_strong);
    let one_strong = !punctuated
        && (first_strong..=last_strong)
            .all(|index| !strong(&words[index]) || anchor_hash(first + index) == strong_hash);
    let (first_anchor, last_anchor) = if one_strong {
        (
            words.iter().position(|word| word.anchor)?,
            words.iter().rposition(|word| word.anchor)?,
        )
    } else {
        (first_strong, last_strong)
    };
    let (start, stop) = widen(words, first_anchor, last_anchor, MAX_EDGE_WORDS, |word| {
        word.edge
    });
    let trimmed = &words[start..=stop];
    let total: i32 = trimmed.iter().map(|word| i32::from(word.score)).sum();
    let dense = trimmed.iter().filter(|word| word.dense).count();
    // Different anchors in `range` of `words`: strong ones only or all.
    let distinct_anchors = |range: Range<usize>, strong_only: bool| {
        let mut hashes: Vec<u32> = range
            .filter(|&index| {
                let word = &words[index];
                word.anchor && (!strong_only || word.evidence >= STRONG_SCORE)
            })
            .map(|index| anchor_hash(first + index))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        hashes.len()
    };
    let is_code = total >= costs.min_score
        && dense * MIN_DENSITY >= trimmed.len()
        && has_enough_anchors(
            distinct_anchors(start..stop + 1, true),
            distinct_anchors(start..stop + 1, false),
            punctuated,
        )
        && (!one_strong
            || trimmed
                .iter()
                .all(|word| word.score > -PROSE_SCORE && !word.letter));
    let (first_code, last_code) = if is_code {
        (first_anchor, last_anchor)
    } else if !punctuated {
        compact(words, costs, &distinct_anchors)?
    } else {
        return None;
    };
    let (start, stop) = widen(words, first_code, last_code, MAX_REACH_WORDS, |word| {
        word.reach
    });
    Some(CodeRun {
        first: first + start,
        last: first + stop,
    })
}

/// The words of a run of stripped text that is code by being compact, if it
/// is: trimmed of the words at each end that do not lean to code, it holds
/// [`MIN_COMPACT_WORDS`] words or more that score `min-score` together,
/// [`MIN_COMPACT_ANCHORS`] different anchors with a strong one among them
/// (counted by `distinct_anchors` over a range of `words`), no word leaning
/// to prose ([`COMPACT_PROSE_SCORE`]) and at most one single letter. A
/// short snippet names few anchors ("if this height undefined height");
/// what tells it from a sentence about code is that nothing in it reads as
/// prose.
fn compact(
    words: &[WordScore],
    costs: Costs,
    distinct_anchors: &dyn Fn(Range<usize>, bool) -> usize,
) -> Option<(usize, usize)> {
    let start = words.iter().position(|word| word.score > 0)?;
    let stop = words.iter().rposition(|word| word.score > 0)?;
    let trimmed = &words[start..=stop];
    let total: i32 = trimmed.iter().map(|word| i32::from(word.score)).sum();
    let letters = trimmed.iter().filter(|word| word.letter).count();
    let is_code = trimmed.len() >= MIN_COMPACT_WORDS
        && total >= costs.min_score
        && letters <= 1
        && trimmed.iter().all(|word| word.score > -COMPACT_PROSE_SCORE)
        && distinct_anchors(start..stop + 1, true) >= 1
        && distinct_anchors(start..stop + 1, false) >= MIN_COMPACT_ANCHORS;
    is_code.then_some((start, stop))
}

/// `start..=stop` of `words` widened on each side over up to `most` words
/// that pass `takes`, one side and then the other a word at a time.
fn widen(
    words: &[WordScore],
    mut start: usize,
    mut stop: usize,
    most: usize,
    takes: impl Fn(&WordScore) -> bool,
) -> (usize, usize) {
    for _ in 0..most {
        if start > 0 && takes(&words[start - 1]) {
            start -= 1;
        }
        if words.get(stop + 1).is_some_and(&takes) {
            stop += 1;
        }
    }
    (start, stop)
}

/// Viterbi over two states, prose and code: a word in prose scores 0, a word
/// in code its score; entering code costs `enter` and leaving it `leave`.
/// Runs whose words score less than `min_score` together are dropped.
/// `tests/corpus/script_model.py` decodes the same way.
fn decode(scores: &[WordScore], costs: Costs) -> Vec<CodeRun> {
    let (enter, leave) = (i64::from(costs.enter), i64::from(costs.leave));
    // Per word, whether the best path into prose came from code, and whether
    // the best path into code came from prose.
    let blocks = scores.len().div_ceil(64);
    let mut prose_from_code = vec![0u64; blocks];
    let mut code_from_prose = vec![0u64; blocks];
    let (mut prose, mut code) = (0i64, i64::MIN / 4);
    for (index, word) in scores.iter().enumerate() {
        let score = word.score;
        let switch_to_prose = code - leave > prose;
        let switch_to_code = prose - enter > code;
        let bit = 1u64 << (index % 64);
        if switch_to_prose {
            prose_from_code[index / 64] |= bit;
        }
        if switch_to_code {
            code_from_prose[index / 64] |= bit;
        }
        let next_prose = if switch_to_prose { code - leave } else { prose };
        code = if switch_to_code { prose - enter } else { code } + i64::from(score);
        prose = next_prose;
    }
    let is_set = |bits: &[u64], index: usize| bits[index / 64] >> (index % 64) & 1 == 1;
    let mut runs = Vec::new();
    let mut in_code = code > prose;
    let mut end = None;
    for index in (0..scores.len()).rev() {
        if in_code {
            let last = *end.get_or_insert(index);
            if is_set(&code_from_prose, index) {
                runs.push(CodeRun { first: index, last });
                end = None;
                in_code = false;
            }
        } else if is_set(&prose_from_code, index) {
            in_code = true;
        }
    }
    if let Some(last) = end {
        runs.push(CodeRun { first: 0, last });
    }
    runs.reverse();
    runs.retain(|run| {
        let total: i64 = scores[run.first..=run.last]
            .iter()
            .map(|word| i64::from(word.score))
            .sum();
        total >= i64::from(costs.min_score)
    });
    runs
}

/// Opening quotes a word of prose may start with.
const OPENING: [char; 4] = ['"', '\'', '\u{2018}', '\u{201c}'];
/// Closing quotes a word of prose may end with.
const CLOSING: [char; 4] = ['"', '\'', '\u{2019}', '\u{201d}'];

/// The index of "address" in [`KINDS`].
const ADDRESS: usize = 4;

/// The kind of whitespace-separated piece, as an index into [`KINDS`]; the
/// same as `kind()` in `tests/corpus/script_model.py`.
fn kind(chunk: &str) -> usize {
    if chunk.contains("://") || chunk.starts_with("www.") {
        return ADDRESS;
    }
    if is_number(chunk) {
        return 5;
    }
    if is_abbreviation(chunk) {
        return 6;
    }
    if has_code_mark(chunk) {
        return 3;
    }
    let core = chunk.strip_prefix(OPENING).unwrap_or(chunk);
    let core = core.strip_suffix(CLOSING).unwrap_or(core);
    if is_letters(core, false) {
        0
    } else if core
        .strip_suffix(['.', ',', '!', '?', ';', ':'])
        .is_some_and(|word| is_letters(word, true))
    {
        1
    } else if core.starts_with(|c: char| c.is_ascii_uppercase())
        && core.len() > 1
        && is_letters(&core[1..], false)
    {
        2
    } else {
        7
    }
}

/// `[a-z]+` (or `[A-Za-z][a-z]*` when `capital`), then at most one
/// apostrophe followed by `[a-z]+`.
fn is_letters(word: &str, capital: bool) -> bool {
    let (stem, suffix) = match word.split_once(['\'', '\u{2019}']) {
        Some((stem, suffix)) => (stem, Some(suffix)),
        None => (word, None),
    };
    let mut bytes = stem.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || (capital && b.is_ascii_uppercase()));
    first_ok
        && bytes.all(|b| b.is_ascii_lowercase())
        && suffix.is_none_or(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase()))
}

/// `[(\[]?[0-9][0-9.,:/%-]*[)\],.;:]?`: "1.1", "(2024)", "3:45".
fn is_number(chunk: &str) -> bool {
    let body = chunk.strip_prefix(['(', '[']).unwrap_or(chunk);
    let body = body.strip_suffix([')', ']', ';']).unwrap_or(body);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || b".,:/%-".contains(&b))
}

/// `[(\[]?([A-Za-z]\.){2,}[,;:)\]]?`: "e.g.", "(i.e.,".
fn is_abbreviation(chunk: &str) -> bool {
    let body = chunk.strip_prefix(['(', '[']).unwrap_or(chunk);
    let body = body.strip_suffix([',', ';', ':', ')', ']']).unwrap_or(body);
    let bytes = body.as_bytes();
    bytes.len() >= 4
        && bytes.len().is_multiple_of(2)
        && bytes
            .chunks(2)
            .all(|pair| pair[0].is_ascii_alphabetic() && pair[1] == b'.')
}

/// Code punctuation: brackets, operators, `_`, `$`, or a `.` or `:` between
/// two letters or digits ("window.dataLayer", "a:hover").
fn has_code_mark(chunk: &str) -> bool {
    let bytes = chunk.as_bytes();
    bytes.iter().enumerate().any(|(index, &byte)| match byte {
        b'(' | b')' | b'{' | b'}' | b';' | b'=' | b'[' | b']' | b'<' | b'>' | b'$' | b'_'
        | b'#' | b'@' | b'|' | b'&' | b'*' | b'+' | b'/' | b'\\' | b'`' => true,
        b'.' | b':' => {
            let before = chunk[..index].chars().next_back();
            let after = chunk[index + 1..].chars().next();
            before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric)
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses() {
        let table = table().expect("rules/lists/script-odds.toml parses");
        assert!(table.words.len() > 1000);
    }

    #[test]
    fn decoding_keeps_the_runs_that_pay_their_way() {
        let costs = Costs {
            enter: 8,
            leave: 8,
            min_score: 20,
        };
        let scored = |scores: &[i16]| -> Vec<WordScore> {
            scores
                .iter()
                .map(|&score| WordScore {
                    score,
                    ..WordScore::default()
                })
                .collect()
        };
        let runs = decode(&scored(&[-4, -4, 10, 10, -2, 10, -4, -4]), costs);
        assert_eq!(runs, [CodeRun { first: 2, last: 5 }]);
        assert!(decode(&scored(&[-4, 12, -4]), costs).is_empty());
        assert!(decode(&[], costs).is_empty());
        assert_eq!(
            decode(&scored(&[30]), costs),
            [CodeRun { first: 0, last: 0 }]
        );
    }

    /// The runs of scoring and decoding every word of `text` at once: what
    /// [`ScriptOdds::code_runs`] must equal.
    fn runs_of_the_whole_text(
        text: &str,
        known: &FxHashSet<u32>,
        punctuated: bool,
    ) -> Vec<CodeRun> {
        let odds = table().expect("the table parses");
        let document = Document::new(text);
        let mut scorer = Scorer {
            odds,
            document: &document,
            known,
            punctuated,
            costs: if punctuated {
                odds.punctuated
            } else {
                odds.stripped
            },
            chunks: ChunkAround::new(text),
            shapes: FxHashMap::default(),
        };
        let mut scored = Vec::new();
        scorer.score(0..document.words().len(), &mut scored);
        let mut runs = Vec::new();
        scorer.pieces(0, &scored, &mut runs);
        runs
    }

    /// Pieces of text that mix code, prose, numbers, addresses and line
    /// breaks.
    const PIECES: [&str; 25] = [
        "googletag cmd push function",
        "googletag.cmd.push(function() {",
        "var x = document.getElementById('ad');",
        "window dataLayer push event gtm js",
        "div gpt ad 1x3 0",
        "}); });",
        "\n",
        "\n\n",
        "The council said on Tuesday that",
        "the plans were approved.",
        "She wrote about the function of memory",
        "and the return of the king,",
        "www example com",
        "https://example.com/a.js",
        "1 2 3 300 250",
        "k9q2 x7f3a9b2c1",
        "it s",
        "don't",
        "Zürich café",
        "const",
        "null",
        "typeof undefined",
        "addEventListener DOMContentLoaded",
        "margin 0 padding 0 font size 12px",
        "if this height undefined height",
    ];

    proptest::proptest! {
        #[test]
        fn decoding_the_lines_that_may_hold_runs_is_decoding_the_whole_text(
            picks in proptest::collection::vec(0..PIECES.len(), 0..120),
            punctuated: bool,
            known_googletag: bool,
        ) {
            let text = picks
                .iter()
                .map(|&pick| PIECES[pick])
                .collect::<Vec<_>>()
                .join(" ");
            let mut known = FxHashSet::default();
            if known_googletag {
                known.insert(token_hash("googletag"));
            }
            let odds = table().expect("the table parses");
            let document = Document::new(&text);
            proptest::prop_assert_eq!(
                odds.code_runs(&document, &known, punctuated),
                runs_of_the_whole_text(&text, &known, punctuated)
            );
        }
    }

    /// The words of the runs of `text`, stripped, one string a run.
    fn stripped_runs(text: &str) -> Vec<String> {
        let document = Document::new(text);
        runs_of_the_whole_text(text, &FxHashSet::default(), false)
            .iter()
            .map(|run| {
                let words = &document.words()[run.first..=run.last];
                words
                    .iter()
                    .map(|&word| document.word_text(word))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn a_compact_run_is_code_when_no_word_leans_to_prose() {
        // Trimmed to its strong anchors ("height undefined height") the run
        // scores too little; as a whole, nothing in it leans to prose.
        assert_eq!(
            stripped_runs(
                "crews said the season was poor if this height undefined height the catch fell"
            ),
            ["if this height undefined height"]
        );
        // The same words about code, with a word that leans to prose.
        assert!(stripped_runs(
            "crews said the season was poor if this height a undefined height the catch fell"
        )
        .is_empty());
    }

    #[test]
    fn tokens_are_counted_from_any_word() {
        let document = Document::new("it's a don't x'y'z b");
        let tokens = document.tokens();
        for (word, expected) in [(0, 0), (1, 2), (2, 3), (3, 5), (4, 8)] {
            assert_eq!(first_token(tokens, word), expected, "word {word}");
        }
    }

    #[test]
    fn kinds_of_pieces() {
        let cases = [
            ("hello", 0),
            ("don't", 0),
            ("\"quoted\"", 0),
            ("Tuesday,", 1),
            ("end.", 1),
            ("The", 2),
            ("googletag.cmd.push(function()", 3),
            ("https://example.com/a", 4),
            ("1.1", 5),
            ("(2024)", 5),
            ("e.g.", 6),
            ("(i.e.,", 6),
            ("ad-hoc", 7),
            ("", 7),
        ];
        for (chunk, expected) in cases {
            assert_eq!(KINDS[kind(chunk)], KINDS[expected], "{chunk}");
        }
    }

    #[test]
    fn shapes_of_unlisted_words() {
        let table = table().expect("table");
        assert_eq!(SHAPES[table.shape("7")], "number-short");
        assert_eq!(SHAPES[table.shape("1234567")], "number-long");
        assert_eq!(SHAPES[table.shape("a3f9c2d1")], "hex");
        assert_eq!(SHAPES[table.shape("k9q2")], "letters-digits");
        assert_eq!(SHAPES[table.shape("über")], "non-ascii");
        assert_eq!(SHAPES[table.shape("zqxwvk")], "word");
    }
}
