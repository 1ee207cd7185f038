//! `lost-hyphen`: compounds whose hyphen became a space ("re education").

use rustc_hash::{FxHashMap, FxHashSet};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::{Document, MONTH_NAMES};
use crate::error::Error;
use crate::fix::{Edit, Fix};
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};
use crate::rules::load_list;
use crate::rules::signatures::Signatures;
use crate::rules::word_set::WordSet;

declare_rule! {
    /// ## What it does
    /// Finds compounds whose hyphen became a space when punctuation was
    /// stripped: "re education", "e mail", "a 28 year old", "a 30 day
    /// trial", "anti war", "a London based firm", "so called".
    ///
    /// Three kinds of evidence count:
    /// - compounds listed in `rules/lists/compounds.toml`, never correct
    ///   apart, in any text;
    /// - pairs learned from edited English (`rules/lists/hyphen-pairs.toml`,
    ///   built by `tests/corpus/build_hyphen_table.py` from news, speeches,
    ///   mail, Wikipedia and WordNet): written hyphenated at least 90% of the
    ///   time, in at least two documents; some only before a noun ("a long term
    ///   plan", not "in the long term"), some only after a determiner ("the
    ///   line up", not "they line up"); compounds of three or four words
    ///   are learned whole ("peer to peer network", "pay as you go");
    /// - productive patterns: a number before a unit used before a noun ("six
    ///   month contract", "28 year old", "16 to 24 year olds"), a prefix that
    ///   does not stand as a word ("anti", "non", "semi", "multi" …; "co",
    ///   "ex", "pre" with an unsafe fix) before a word that begins as
    ///   English words can (not "co ntract", a word a stray space broke),
    ///   tens and units ("twenty eight"), a
    ///   name before a participle after a determiner ("the US led
    ///   coalition"), a noun or a name before "based" and a noun ("a web
    ///   based service", "Paris based Euronext"), scores: an even run of
    ///   one- or two-digit numbers near a word of a match ("won 6 3 7 6", "a
    ///   2 1 win"), paired in order, unless a number has a leading zero or
    ///   a unit follows ("lost 5 07 points": decimals), and ranges where the
    ///   text keeps its punctuation: days before a month ("26 28 August"),
    ///   percentages ("20 25%") and years ("2003 04", "1965 2003").
    ///
    /// Learned pairs and patterns count only in a text that lost its hyphens:
    /// one with no hyphen between two letters or digits, and either at least
    /// 250 words or two such findings (an age, "the 29 year old has", which
    /// no style writes open, counts alone). A finding with an unsafe fix
    /// also needs a safe one or a second, different compound beside it,
    /// unless it is the text's only one, met once, in at most 1,000 words
    /// (a news article may lose a single hyphen; a book that writes "so
    /// called" once, or a writer who writes it open twice, chose to). In a
    /// text that keeps its hyphens, an open "five year plan" is the writer's
    /// choice.
    ///
    /// ## Why is this bad?
    /// "re education camps" reads as a garbled phrase, "a 28 year old
    /// driver" as three separate words, and search for "re-education" misses
    /// the text.
    ///
    /// ## Example
    /// ```text
    /// send your questions by e mail before friday
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// send your questions by e-mail before friday
    /// ```
    ///
    /// ## Fix safety
    /// The fix puts hyphens back in place of the spaces, keeping the case of
    /// the words. It is safe for listed compounds, for learned pairs written
    /// hyphenated at least 97% of the time, and for unambiguous patterns
    /// (number and unit, bound prefixes, tens and units, a name and a
    /// participle after a determiner, ranges of days, percentages and
    /// shortened years). It is unsafe for the other learned pairs, for
    /// prefixes that are also words ("co", "ex", "pre"), for a name and
    /// "based" or "born" without a determiner, for a lowercase noun and
    /// "based", for two whole years (a list may have lost its comma), and
    /// for scores ("lost 3 2 percent" may be a decimal that lost its point).
    /// A lost possessive after the compound ("a 26 year old s car") is
    /// lost-apostrophe's to repair; both fixes apply together.
    pub(crate) const META = {
        name: "lost-hyphen",
        category: Artefact,
        severity: Warning,
        fix: Always,
    }
}

const COMPOUNDS_TOML: &str = include_str!("../../rules/lists/compounds.toml");
const PAIRS_TOML: &str = include_str!("../../rules/lists/hyphen-pairs.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Compounds {
    compounds: Vec<String>,
}

/// The learned table, `rules/lists/hyphen-pairs.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pairs {
    safe: Vec<String>,
    #[serde(rename = "unsafe")]
    unsafe_: Vec<String>,
    #[serde(rename = "safe-before-noun")]
    safe_before_noun: Vec<String>,
    #[serde(rename = "unsafe-before-noun")]
    unsafe_before_noun: Vec<String>,
    #[serde(rename = "safe-after-determiner")]
    safe_after_determiner: Vec<String>,
    #[serde(rename = "unsafe-after-determiner")]
    unsafe_after_determiner: Vec<String>,
    #[serde(rename = "safe-chains")]
    safe_chains: Vec<String>,
    #[serde(rename = "unsafe-chains")]
    unsafe_chains: Vec<String>,
    #[serde(rename = "safe-chains-before-noun")]
    safe_chains_before_noun: Vec<String>,
    #[serde(rename = "unsafe-chains-before-noun")]
    unsafe_chains_before_noun: Vec<String>,
    /// WordNet's hyphenated adjectives the sources could not decide:
    /// before a noun, unsafe.
    #[serde(rename = "wordnet-before-noun")]
    wordnet_before_noun: Vec<String>,
}

/// Units that a number joins into an adjective before a noun: "a 30-day trial".
const UNITS: &[&str] = &[
    "year", "month", "week", "day", "hour", "minute", "second", "storey", "point", "mile",
    "metre", "meter", "kilometre", "foot", "inch", "yard", "page", "seat", "game", "match",
    "round", "lap", "stage", "man", "member", "time", "tonne", "litre", "bedroom", "star",
    "hole", "set", "goal", "shot", "nation", "party", "team", "car", "acre", "mph",
];
/// [`UNITS`], looked up by hash.
static UNIT_SET: WordSet = WordSet::new(UNITS);

/// Spelled-out numbers that take a unit ("six month"); "one" is left out
/// ("one day he came").
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
];
/// [`NUMBER_WORDS`], looked up by hash.
static NUMBER_WORD_SET: WordSet = WordSet::new(NUMBER_WORDS);


/// Tens that join a following unit digit word: "twenty eight" -> "twenty-eight".
const TENS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ONES: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// Prefixes that do not stand as words, so that "<prefix> <word>" is a lost
/// hyphen (or a lost join) whatever the word: safe to restore.
const BOUND_PREFIXES: &[&str] = &["anti", "non", "semi", "multi", "pseudo", "quasi", "neo", "ultra"];

/// Prefixes that are also words or abbreviations ("the co", "my ex", "her
/// former self", "vice president" in American style), or that edited text
/// sometimes writes open before a word ("mid" and "inter": hyphenated 86%
/// and 91% of the time before a content word, with 32 and 24 different
/// partners, in the sources of `build_hyphen_table.py`): an unsafe fix.
const LOOSE_PREFIXES: &[&str] = &["co", "ex", "pre", "mid", "inter"];

/// Words after which a prefix is Latin, not a prefix: "ex officio", "non
/// sequitur", "inter alia".
const LATIN_AFTER: &[&str] = &[
    "officio", "parte", "post", "ante", "gratia", "cathedra", "libris", "situ", "nihilo",
    "machina", "sequitur", "grata", "bono", "rata", "forma", "tem", "quo", "sine", "est", "alia",
    "alios",
];

/// Participles that follow a proper noun in a compound adjective: "a
/// London-based firm", "the US-led coalition".
const PARTICIPLES: &[&str] = &[
    "based", "born", "led", "backed", "controlled", "owned", "run", "sponsored", "funded",
];

/// Words that never begin the noun phrase a compound adjective modifies, nor
/// are the second half of a compound with a productive prefix.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "but", "nor", "for", "from",
    "with", "by", "as", "is", "was", "are", "were", "be", "been", "being", "am", "ago", "after",
    "before", "later", "earlier", "that", "this", "these", "those", "which", "who", "whom",
    "whose", "when", "since", "until", "till", "he", "she", "it", "they", "we", "i", "you", "me",
    "him", "us", "them", "his", "her", "their", "its", "our", "my", "your", "thy", "thee", "has",
    "have", "had", "will", "would", "shall", "should", "could", "may", "might", "can", "must",
    "not", "no", "so", "than", "then", "there", "here", "where", "while", "if", "s", "t", "each",
    "every", "per", "into", "onto", "over", "under", "about", "against", "between", "through",
    "during", "without", "within", "also", "only", "just", "even", "do", "does", "did", "what",
    "how", "why", "all", "any", "some", "more", "less", "most", "very", "too", "up", "down",
    "out", "off", "away", "back", "again", "ever", "never", "now", "yet", "both", "either",
    "neither", "such", "own", "de", "la", "le", "et", "y",
];

/// Words before a proper noun that make "<Name> led" an adjective, not a verb:
/// "the US led coalition".
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "these", "those",
    "new", "of", "in", "for", "by", "with",
];

/// Words after which a verb and its particle are a noun: "the line up".
/// Must match NOUN_DETERMINERS in tests/corpus/build_hyphen_table.py.
const NOUN_DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "its", "his", "her", "their", "our", "my", "your",
];

/// How strong the evidence for a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// A compound of `compounds.toml`, never written apart: flagged in any
    /// text, safe fix.
    Listed,
    /// A table pair of very high share or an unambiguous pattern: safe fix,
    /// in a text that lost its hyphens.
    Strong,
    /// Style-dependent or ambiguous: unsafe fix, in a text that lost its
    /// hyphens.
    Weak,
    /// A pattern no style writes open ("the 29 year old has"): safe fix, in
    /// a text that lost its hyphens, however short.
    Certain,
}

/// A learned compound of three or four words ("peer-to-peer"), without its
/// first word.
struct Chain {
    /// The lowercase words after the first.
    rest: Vec<String>,
    evidence: Evidence,
    /// Flagged only before a noun ("year on year growth").
    before_noun: bool,
}

/// A finding: the words from `first` to `last` (indices), joined by hyphens
/// at every gap.
struct Finding {
    first: usize,
    last: usize,
    evidence: Evidence,
}

/// The lost-hyphen rule, with its compounds written with a space ("e mail").
pub(crate) struct LostHyphen {
    /// Lowercase "first second" -> the evidence its table gives.
    spaced: FxHashMap<String, Evidence>,
    /// The same for pairs hyphenated before a noun only ("long term plan").
    spaced_before_noun: FxHashMap<String, Evidence>,
    /// The same for pairs hyphenated after a determiner only ("the line
    /// up", not "they line up").
    spaced_after_determiner: FxHashMap<String, Evidence>,
    /// Lowercase first word -> the learned compounds of three or four words
    /// it starts.
    chains: FxHashMap<String, Vec<Chain>>,
    /// Lowercase first words of every table pair and every pattern (not of
    /// the chains), to pass over most word pairs without building a key.
    first_halves: FxHashSet<String>,
    /// Signatures of the first halves, tested before the set.
    first_half_signatures: Signatures,
    /// Signatures of the participles, for "<Name> based".
    participle_signatures: Signatures,
    /// Signatures of the first halves of `compounds.toml` alone: in a text
    /// that keeps its hyphens, only those count.
    listed_signatures: Signatures,
}

impl LostHyphen {
    /// Loads `rules/lists/compounds.toml` and `rules/lists/hyphen-pairs.toml`;
    /// the rule takes no options. The lists are parsed when the rule is
    /// built, that is only when it is selected.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        let list: Compounds = load_list("rules/lists/compounds.toml", COMPOUNDS_TOML)?;
        let pairs: Pairs = load_list("rules/lists/hyphen-pairs.toml", PAIRS_TOML)?;
        let spaced_form = |compound: &String| compound.to_lowercase().replacen('-', " ", 1);
        let mut spaced: FxHashMap<String, Evidence> = FxHashMap::default();
        for pair in &pairs.unsafe_ {
            spaced.insert(spaced_form(pair), Evidence::Weak);
        }
        for pair in &pairs.safe {
            spaced.insert(spaced_form(pair), Evidence::Strong);
        }
        for compound in &list.compounds {
            spaced.insert(spaced_form(compound), Evidence::Listed);
        }
        // Unsafe pairs first, so that a pair listed both ways is safe.
        let graded = |unsafe_: &[&Vec<String>], safe: &Vec<String>| {
            let mut table: FxHashMap<String, Evidence> = FxHashMap::default();
            for pair in unsafe_.iter().copied().flatten() {
                table.insert(spaced_form(pair), Evidence::Weak);
            }
            for pair in safe {
                table.insert(spaced_form(pair), Evidence::Strong);
            }
            table
        };
        let spaced_before_noun = graded(
            &[&pairs.unsafe_before_noun, &pairs.wordnet_before_noun],
            &pairs.safe_before_noun,
        );
        let spaced_after_determiner =
            graded(&[&pairs.unsafe_after_determiner], &pairs.safe_after_determiner);
        let mut chains: FxHashMap<String, Vec<Chain>> = FxHashMap::default();
        let chain_lists = [
            (&pairs.safe_chains, Evidence::Strong, false),
            (&pairs.unsafe_chains, Evidence::Weak, false),
            (&pairs.safe_chains_before_noun, Evidence::Strong, true),
            (&pairs.unsafe_chains_before_noun, Evidence::Weak, true),
        ];
        for (list, evidence, before_noun) in chain_lists {
            for chain in list {
                let lower = chain.to_lowercase();
                let mut words = lower.split('-').map(str::to_owned);
                let Some(first) = words.next() else { continue };
                chains.entry(first).or_default().push(Chain {
                    rest: words.collect(),
                    evidence,
                    before_noun,
                });
            }
        }
        let mut first_halves: FxHashSet<String> = spaced
            .keys()
            .chain(spaced_before_noun.keys())
            .chain(spaced_after_determiner.keys())
            .filter_map(|compound| compound.split_once(' ').map(|(first, _)| first.to_owned()))
            .collect();
        first_halves.extend(
            NUMBER_WORDS
                .iter()
                .chain(BOUND_PREFIXES)
                .chain(LOOSE_PREFIXES)
                .map(|word| (*word).to_owned()),
        );
        // Chains start with common words ("on the job", "one to one"): they
        // pass the signatures but not the set, which sends a pair to the
        // tables.
        let first_half_signatures = Signatures::new(
            first_halves
                .iter()
                .chain(chains.keys())
                .map(String::as_str),
        );
        let listed_signatures = Signatures::new(
            spaced
                .iter()
                .filter(|(_, &evidence)| evidence == Evidence::Listed)
                .filter_map(|(compound, _)| compound.split_once(' ').map(|(first, _)| first)),
        );
        Ok(Self {
            first_half_signatures,
            participle_signatures: Signatures::new(PARTICIPLES.iter().copied()),
            listed_signatures,
            spaced,
            spaced_before_noun,
            spaced_after_determiner,
            chains,
            first_halves,
        })
    }

    /// What the pair starting at word `index` lost, if anything.
    ///
    /// In a text that keeps its hyphens (`damaged` false) only listed
    /// compounds count.
    fn classify(
        &self,
        document: &Document,
        index: usize,
        key: &mut String,
        damaged: bool,
    ) -> Option<Finding> {
        let words = document.words();
        let text = document.text();
        let first = document.word_text(words[index]);
        if !damaged {
            if first.len() > 8 || !self.listed_signatures.may_contain(first) {
                return None;
            }
            let second = document.word_text(*words.get(index + 1)?);
            if text[..words[index].start()].ends_with('-') {
                return None;
            }
            key.clear();
            key.extend(first.chars().chain([' ']).chain(second.chars()).flat_map(char::to_lowercase));
            return (self.spaced.get(key.as_str()) == Some(&Evidence::Listed)).then_some(Finding {
                first: index,
                last: index + 1,
                evidence: Evidence::Listed,
            });
        }
        let second = document.word_text(*words.get(index + 1)?);
        if !first.is_ascii() || !second.is_ascii() {
            return None;
        }
        let starts_with_digit = first.as_bytes()[0].is_ascii_digit();
        let may_be_first_half = starts_with_digit
            || (first.len() <= 12 && self.first_half_signatures.may_contain(first));
        let may_be_participle = second.len() <= 10 && self.participle_signatures.may_contain(second);
        if !may_be_first_half && !may_be_participle {
            return None;
        }
        // The word before must not be joined to this one by a hyphen already.
        let before = words[index].start();
        if text[..before].ends_with('-') {
            return None;
        }
        let lower_second = second.to_ascii_lowercase();
        let finding = |last: usize, evidence: Evidence| {
            Some(Finding {
                first: index,
                last,
                evidence,
            })
        };
        if may_be_participle && PARTICIPLES.contains(&lower_second.as_str()) {
            if let Some(found) = self.proper_noun(document, index, first, &lower_second) {
                return Some(found);
            }
            // "the US led the coalition": a verb, whatever the table says.
            if first.bytes().next().is_some_and(|byte| byte.is_ascii_uppercase()) {
                return None;
            }
            if lower_second == "based" && based_on_noun(document, index, first) {
                return finding(index + 1, Evidence::Weak);
            }
        }
        if !may_be_first_half {
            return None;
        }
        key.clear();
        key.push_str(first);
        key.make_ascii_lowercase();
        let lower_first = key.clone();
        if starts_with_digit {
            if let Some(evidence) = number_range(document, index) {
                return finding(index + 1, evidence);
            }
        }
        if starts_with_digit || NUMBER_WORD_SET.contains(&lower_first) {
            if let Some(found) = self.number_unit(document, index, &lower_first, &lower_second) {
                return Some(found);
            }
        }
        if let Some(found) = self.chain(document, index, &lower_first) {
            return Some(found);
        }
        if !starts_with_digit && !self.first_halves.contains(lower_first.as_str()) {
            return None;
        }
        if TENS.contains(&lower_first.as_str()) && ONES.contains(&lower_second.as_str()) {
            return finding(index + 1, Evidence::Strong);
        }
        key.push(' ');
        key.push_str(&lower_second);
        if let Some(&evidence) = self.spaced.get(key.as_str()) {
            return finding(index + 1, evidence);
        }
        let content = is_content_word;
        if let Some(&evidence) = self.spaced_before_noun.get(key.as_str()) {
            let before_noun = next_word(document, index + 1).is_some_and(|next| {
                content(next) && !text[words[index + 2].end()..].starts_with('-')
            });
            if before_noun {
                return finding(index + 1, evidence);
            }
        }
        if let Some(&evidence) = self.spaced_after_determiner.get(key.as_str()) {
            let after_determiner = index.checked_sub(1).is_some_and(|previous| {
                single_space(text, words[previous].end(), words[index].start())
                    && NOUN_DETERMINERS
                        .contains(&document.word_text(words[previous]).to_ascii_lowercase().as_str())
            });
            if after_determiner {
                return finding(index + 1, evidence);
            }
        }
        let lower = lower_first.as_str();
        // A prefix: the second word must be a lowercase content word, and the
        // prefix written as the text writes words (not "Co" after a name).
        let prefix_case = first.bytes().all(|byte| byte.is_ascii_lowercase())
            || index
                .checked_sub(1)
                .is_none_or(|previous| document.sentence_ends_after(previous));
        if !prefix_case
            || !content(second)
            || !can_begin_word(second)
            || LATIN_AFTER.contains(&second)
        {
            return None;
        }
        if BOUND_PREFIXES.contains(&lower) {
            return finding(index + 1, Evidence::Strong);
        }
        if LOOSE_PREFIXES.contains(&lower) {
            let previous = index
                .checked_sub(1)
                .map(|previous| document.word_text(words[previous]).to_ascii_lowercase());
            // "my ex", "her ex".
            let noun_before = previous.as_deref().is_some_and(|previous| {
                matches!(
                    previous,
                    "my" | "your" | "his" | "her" | "its" | "our" | "their" | "thy" | "one"
                )
            });
            if noun_before && lower == "ex" {
                return None;
            }
            return finding(index + 1, Evidence::Weak);
        }
        None
    }

    /// A learned compound of three or four words starting at word `index`
    /// ("peer to peer"), the longest that matches.
    fn chain(&self, document: &Document, index: usize, first: &str) -> Option<Finding> {
        let words = document.words();
        let text = document.text();
        let mut best: Option<Finding> = None;
        for chain in self.chains.get(first)? {
            let last = index + chain.rest.len();
            let matches = last < words.len()
                && chain.rest.iter().enumerate().all(|(offset, part)| {
                    let position = index + 1 + offset;
                    single_space(text, words[position - 1].end(), words[position].start())
                        && document.word_text(words[position]).eq_ignore_ascii_case(part)
                });
            if !matches || best.as_ref().is_some_and(|found| found.last >= last) {
                continue;
            }
            if chain.before_noun
                && !next_word(document, last).is_some_and(|next| {
                    is_content_word(next) && !text[words[last + 1].end()..].starts_with('-')
                })
            {
                continue;
            }
            best = Some(Finding {
                first: index,
                last,
                evidence: chain.evidence,
            });
        }
        best
    }

    /// "28 year old", "a 30 day trial", "six month contract".
    fn number_unit(
        &self,
        document: &Document,
        index: usize,
        number: &str,
        unit: &str,
    ) -> Option<Finding> {
        let digits = number.bytes().all(|byte| byte.is_ascii_digit());
        if number.bytes().next()?.is_ascii_digit() && !digits {
            return None;
        }
        if digits && (number.len() > 4 || number == "1" || number == "0") {
            return None;
        }
        if !UNIT_SET.contains(unit) {
            return None;
        }
        let third = next_word(document, index + 1)?;
        let lower_third = third.to_ascii_lowercase();
        // "the 24 year old's album": the possessive is lost-apostrophe's.
        let third_stem = lower_third
            .split(['\'', '\u{2019}'])
            .next()
            .unwrap_or_default();
        let age = matches!(third_stem, "old" | "olds")
            && matches!(unit, "year" | "month" | "week" | "day");
        // A number inside a list or a decimal ("2.5 year") is still one, but
        // "page 1 2 3" or "chapter 5 point" are not compounds: the word before
        // must not be a number too. A range ("16 to 24 year contracts") is
        // left open by many writers, but not an age ("16 to 24 year olds").
        if let Some(previous) = index.checked_sub(1) {
            let previous = document.word_text(document.words()[previous]);
            if (previous.bytes().all(|byte| byte.is_ascii_digit())
                && !document.text()[..document.words()[index].start()].ends_with('.'))
                || (!age && matches!(previous, "to" | "and" | "or"))
            {
                return None;
            }
        }
        if matches!(third_stem, "old" | "olds") {
            if !age {
                return None;
            }
            return Some(Finding {
                first: index,
                last: index + 2,
                evidence: Evidence::Certain,
            });
        }
        // Attributive: a noun or adjective follows, lowercase unless the
        // unit is capitalized too (a title).
        let unit_text = document.word_text(document.words()[index + 1]);
        let capital_third = third.bytes().next()?.is_ascii_uppercase();
        let capital_unit = unit_text.bytes().next()?.is_ascii_uppercase();
        if (capital_third && !capital_unit)
            || !third.bytes().all(|byte| byte.is_ascii_alphabetic())
            || third.len() < 2
            || is_function_word(&lower_third)
            || UNIT_SET.contains(&lower_third)
        {
            return None;
        }
        Some(Finding {
            first: index,
            last: index + 1,
            evidence: Evidence::Strong,
        })
    }

    /// "a London based firm", "the US led coalition".
    fn proper_noun(
        &self,
        document: &Document,
        index: usize,
        name: &str,
        participle: &str,
    ) -> Option<Finding> {
        let words = document.words();
        let capital = name.bytes().next()?.is_ascii_uppercase();
        let participle_text = document.word_text(words[index + 1]);
        if !capital
            || participle_text.bytes().next()?.is_ascii_uppercase()
            // "US" is a name, "Us" or "The" a function word.
            || (is_function_word(&name.to_ascii_lowercase())
                && !name.bytes().all(|byte| byte.is_ascii_uppercase()))
            || !name.bytes().all(|byte| byte.is_ascii_alphabetic())
        {
            return None;
        }
        let next = next_word(document, index + 1)?;
        // "the Paris based Euronext": a verb takes "on" after its object.
        let name_after_based = participle == "based"
            && next.bytes().next()?.is_ascii_uppercase()
            && next.bytes().all(|byte| byte.is_ascii_alphabetic());
        if !name_after_based
            && (!next.bytes().all(|byte| byte.is_ascii_lowercase())
                || next.len() < 3
                || is_function_word(next))
        {
            return None;
        }
        let after_determiner = index.checked_sub(1).is_some_and(|previous| {
            !document.sentence_ends_after(previous)
                && DETERMINERS.contains(
                    &document
                        .word_text(words[previous])
                        .to_ascii_lowercase()
                        .as_str(),
                )
        });
        let evidence = if after_determiner {
            Evidence::Strong
        } else if matches!(participle, "based" | "born") {
            Evidence::Weak
        } else {
            return None;
        };
        Some(Finding {
            first: index,
            last: index + 1,
            evidence,
        })
    }
}

/// The word after word `index` when only one space separates them.
fn next_word<'a>(document: &Document<'a>, index: usize) -> Option<&'a str> {
    let words = document.words();
    let (word, next) = (words.get(index)?, words.get(index + 1)?);
    single_space(document.text(), word.end(), next.start())
        .then(|| document.word_text(*next))
}

/// The evidence that words `index` and `index + 1`, two numbers, are a
/// range that lost its hyphen: days before a month ("26 28 August"), a
/// span of percentages ("20 25%") or of years ("2003 04", "1965 2003"),
/// the days and years only where the text keeps its punctuation.
/// The second number must be the larger, and neither may sit in a longer
/// run of numbers ("1 2 3"). None when they are not.
fn number_range(document: &Document, index: usize) -> Option<Evidence> {
    let words = document.words();
    let (first, second) = (document.word_text(words[index]), next_word(document, index)?);
    let number = |word: &str| {
        (1..=4).contains(&word.len()) && word.bytes().all(|byte| byte.is_ascii_digit())
    };
    if !number(first) || !number(second) {
        return None;
    }
    let number_before = index.checked_sub(1).is_some_and(|previous| {
        next_word(document, previous).is_some() && number(document.word_text(words[previous]))
    });
    if number_before || next_word(document, index + 1).is_some_and(number) {
        return None;
    }
    let (low, high): (u32, u32) = (first.parse().ok()?, second.parse().ok()?);
    if document.text()[words[index + 1].end()..].starts_with('%') && low < high {
        return Some(Evidence::Strong);
    }
    // Without punctuation nearby, "2003 04" may be "2003/04" or "in 2025,
    // 40%", and "19 20 February" "19/20 February".
    if !punctuated_near(document, index) {
        return None;
    }
    let month = next_word(document, index + 1).is_some_and(|next| {
        let lower = next.to_ascii_lowercase();
        // "may" in lowercase is as likely the verb.
        MONTH_NAMES.contains(&lower.as_str()) && (lower != "may" || next.starts_with('M'))
    });
    if month && (1..=31).contains(&low) && low < high && high <= 31 {
        return Some(Evidence::Strong);
    }
    if first.len() != 4 || !(1800..=2099).contains(&low) {
        return None;
    }
    // "2003 04", "2005 6": the end year shortened to its last digits.
    let scale = 10u32.pow(u32::try_from(second.len()).ok()?);
    let mut end = low - low % scale + high;
    if second.len() < 4 && end <= low {
        end += scale;
    }
    match second.len() {
        1 | 2 if end > low && end - low <= 20 => Some(Evidence::Strong),
        // Two whole years may also be two items of a list that lost its
        // comma.
        4 if low < high && high - low <= 100 => Some(Evidence::Weak),
        _ => None,
    }
}

/// Whether "<noun> based" at word `index` modifies the word after it, a
/// noun: "a web based service". Not when the noun is a function word ("it
/// based") nor when a function word, an adverb, "upon" or "around" follows
/// ("plans based largely on", "a plan based upon", "a musical based around").
fn based_on_noun(document: &Document, index: usize, noun: &str) -> bool {
    is_content_word(noun)
        && next_word(document, index + 1).is_some_and(|next| {
            is_content_word(next) && !next.ends_with("ly") && !matches!(next, "upon" | "around")
        })
}

/// How many words on each side of word `index` [`punctuated_near`] looks at.
const PUNCTUATION_WINDOW: usize = 40;

/// Whether `.`, `!` or `?` ends a sentence within `PUNCTUATION_WINDOW` words
/// of word `index`: the text around it keeps its punctuation.
fn punctuated_near(document: &Document, index: usize) -> bool {
    let end = (index + PUNCTUATION_WINDOW).min(document.words().len());
    (index.saturating_sub(PUNCTUATION_WINDOW)..end).any(|word| document.gap_after(word).ends_sentence())
}

/// Whether `word` is a score: one or two digits.
fn is_score(word: &str) -> bool {
    (1..=2).contains(&word.len()) && word.bytes().all(|byte| byte.is_ascii_digit())
}

/// Words before a number that make it a time or a date, not a score: "at 10
/// 30", "until 6 45" (and [`MONTH_NAMES`]: "May 6 4").
const TIME_BEFORE: &[&str] = &[
    "at", "from", "until", "till", "by", "before", "after", "around", "about", "between",
];

/// Words after a run of numbers that make it a time: "10 30 am".
const TIME_AFTER: &[&str] = &["am", "pm", "gmt", "bst", "utc", "et", "hours", "hrs", "local"];

/// Words of a match near its score: "beat them 2 1", "a 3 0 win".
const SCORE_WORDS: &[&str] = &[
    "won", "win", "wins", "winning", "winner", "beat", "beats", "beating", "beaten", "lost",
    "lose", "loses", "losing", "loss", "defeat", "defeated", "defeats", "victory", "victories",
    "draw", "drew", "drawn", "lead", "led", "leading", "trail", "trailed", "trailing", "score",
    "scored", "scores", "scoreline", "set", "sets", "tiebreak", "thrashing", "thrashed",
    "triumph", "edged", "clinched", "reverse", "aggregate", "margin",
];

/// Words after a run of numbers that make its pairs decimals that lost
/// their points, not scores: "0 48 0 98 per share", "fell 5 07 points".
const DECIMAL_AFTER: &[&str] = &[
    "per", "points", "point", "percent", "pc", "cents", "pence", "euros", "dollars", "pounds",
    "bn", "billion", "million", "megabits", "seconds",
];

/// How many words before a run of numbers, and after it, may hold a word of
/// `SCORE_WORDS`.
const SCORE_CONTEXT: (usize, usize) = (3, 2);

/// The length of the run of scores starting at word `index` ("won 6 3 6 4",
/// "lost 19 13"), when it is one: an even number of one- or two-digit
/// numbers separated by single spaces, paired in order, with no number
/// joined to either end, no word of time around it, and a word of a match
/// near it or a run of scores just before it, unless the run holds two
/// scores or more (without that, "1 5" is as likely a decimal that lost its
/// point). Zero otherwise.
fn score_run_length(document: &Document, index: usize, after_scores: bool) -> usize {
    let words = document.words();
    let text = document.text();
    let joined = |left: usize, right: usize| {
        single_space(text, words[left].end(), words[right].start())
    };
    if !is_score(document.word_text(words[index])) {
        return 0;
    }
    if let Some(previous) = index.checked_sub(1) {
        let before = document.word_text(words[previous]);
        let before = before.to_ascii_lowercase();
        if joined(previous, index)
            && (before.bytes().any(|byte| byte.is_ascii_digit())
                || TIME_BEFORE.contains(&before.as_str())
                || MONTH_NAMES.contains(&before.as_str()))
        {
            return 0;
        }
    }
    let mut last = index;
    while last + 1 < words.len()
        && joined(last, last + 1)
        && is_score(document.word_text(words[last + 1]))
    {
        last += 1;
    }
    let length = last + 1 - index;
    // A score has no leading zero ("5 07" is 5.07).
    let leading_zero = (index..=last).any(|word| {
        let number = document.word_text(words[word]);
        number.len() == 2 && number.starts_with('0')
    });
    if length % 2 == 1 || leading_zero {
        return 0;
    }
    if last + 1 < words.len() && joined(last, last + 1) {
        let after = document.word_text(words[last + 1]).to_ascii_lowercase();
        if after.bytes().any(|byte| byte.is_ascii_digit())
            || TIME_AFTER.contains(&after.as_str())
            || DECIMAL_AFTER.contains(&after.as_str())
        {
            return 0;
        }
    }
    let (before, after) = SCORE_CONTEXT;
    let near = words[index.saturating_sub(before)..index]
        .iter()
        .chain(words.get(last + 1..(last + 1 + after).min(words.len())).unwrap_or_default());
    let match_near = near.into_iter().any(|word| {
        let word = document.word_text(*word);
        word.len() <= 10 && SCORE_WORDS.contains(&word.to_ascii_lowercase().as_str())
    });
    if length < 4 && !match_near && !after_scores {
        return 0;
    }
    length
}

/// A text without hyphens of at most this many words may show a single weak
/// finding alone: a news article of a few hundred words may lose just one
/// hyphen, while a long text with a single weak pair (the King James
/// Bible's "so called", "her full time came") writes it open, and a pair
/// written open twice is the writer's spelling.
const MAX_WORDS_FOR_A_LONE_FINDING: usize = 1000;

/// A text of this many words or more with no hyphen between words has lost
/// them: edited prose has about one in a hundred words.
const MIN_WORDS_WITHOUT_HYPHENS: usize = 250;

/// Whether `text` has a hyphen between two letters or digits ("well-known",
/// "2-1"): then its hyphens were not stripped.
fn has_word_hyphen(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'-', bytes).any(|offset| {
        offset > 0
            && bytes[offset - 1].is_ascii_alphanumeric()
            && bytes.get(offset + 1).is_some_and(u8::is_ascii_alphanumeric)
    })
}

/// Whether `word` may begin the noun phrase a compound adjective modifies:
/// three lowercase letters or more, not a function word.
fn is_content_word(word: &str) -> bool {
    word.len() >= 3
        && word.bytes().all(|byte| byte.is_ascii_lowercase())
        && !is_function_word(word)
}

/// Whether lowercase `word` is one of [`FUNCTION_WORDS`].
fn is_function_word(word: &str) -> bool {
    static SET: WordSet = WordSet::new(FUNCTION_WORDS);
    SET.contains(word)
}

/// The clusters of two or more consonants that begin English words, loans
/// included ("psalm", "tsunami", "schmooze"); any single consonant may.
const WORD_ONSETS: &[&str] = &[
    "bh", "bl", "br", "ch", "chl", "chr", "cl", "cr", "cz", "dh", "dr", "dw", "fj", "fl", "fr",
    "gh", "gl", "gn", "gr", "gw", "kh", "kl", "kn", "kr", "ll", "mn", "ph", "phl", "phr", "pl",
    "pn", "pr", "ps", "pt", "rh", "sc", "sch", "schl", "schm", "schn", "schr", "scl", "scr", "sh",
    "shl", "shm", "shr", "sk", "skr", "sl", "sm", "sn", "sp", "sph", "spl", "spr", "sq", "st",
    "str", "sv", "sw", "th", "thr", "thw", "tr", "ts", "tw", "tz", "vl", "wh", "wr", "zh",
];

/// Whether lowercase `word` starts as an English word can: the consonants
/// before its first vowel are one of [`WORD_ONSETS`] or a single one, so
/// that the second half of a word broken in two ("co ntent", "co mputer")
/// is no word after a prefix. A word with no vowel (an abbreviation) may.
fn can_begin_word(word: &str) -> bool {
    let is_vowel = |(at, byte): (usize, u8)| b"aeiou".contains(&byte) || (byte == b'y' && at > 0);
    match word.bytes().enumerate().position(is_vowel) {
        Some(onset) if onset >= 2 => WORD_ONSETS.contains(&&word[..onset]),
        _ => true,
    }
}

/// How many different compounds (ignoring case) the diagnostics flag.
fn distinct_findings(text: &str, diagnostics: &[Diagnostic]) -> usize {
    let mut seen: Vec<String> = Vec::new();
    for diagnostic in diagnostics {
        let flagged = text[diagnostic.span.range()].to_lowercase();
        if !seen.contains(&flagged) {
            seen.push(flagged);
            if seen.len() >= 2 {
                break;
            }
        }
    }
    seen.len()
}

/// Whether exactly one space lies between `end` and `start`.
fn single_space(text: &str, end: usize, start: usize) -> bool {
    start == end + 1 && text.as_bytes().get(end) == Some(&b' ')
}

impl Rule for LostHyphen {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        let words = document.words();
        let mut key = String::new();
        let mut index = 0;
        let damaged = !has_word_hyphen(text);
        let mut learned = Vec::new();
        let reported_before = out.len();
        let mut corroborated = false;
        // The run of scores ("won 6 3 6 4") the loop is in: its first word
        // and the index past its last.
        let mut scores = 0..0;
        while index + 1 < words.len() {
            let (first, second) = (words[index], words[index + 1]);
            if damaged && index >= scores.end {
                // A run that follows a run of scores closely is one too:
                // "7 6 (7 4) 6 3".
                let after_scores =
                    scores.end > 0 && index - scores.end < SCORE_CONTEXT.0 && scores.len() >= 2;
                let length = score_run_length(document, index, after_scores);
                if length >= 2 {
                    scores = index..index + length;
                }
            }
            let finding = if scores.contains(&index) {
                ((index - scores.start) % 2 == 0).then_some(Finding {
                    first: index,
                    last: index + 1,
                    evidence: Evidence::Weak,
                })
            } else if single_space(text, first.end(), second.start()) {
                self.classify(document, index, &mut key, damaged)
            } else {
                None
            };
            let Some(finding) = finding else {
                index += 1;
                continue;
            };
            let last = words[finding.last];
            // The compound must end at a word's end, not before a hyphen.
            // Only listed compounds count in a text that still has hyphens
            // between words: there, an open pair is the writer's choice.
            if text[last.end()..].starts_with('-') {
                index += 1;
                continue;
            }
            let span = Span::new(first.start(), last.end());
            let pair_text = &text[span.range()];
            let mut hyphenated = String::with_capacity(pair_text.len());
            let mut edits = Vec::new();
            for position in finding.first..finding.last {
                hyphenated.push_str(document.word_text(words[position]));
                hyphenated.push('-');
                edits.push(Edit::replace(
                    Span::new(words[position].end(), words[position + 1].start()),
                    "-",
                ));
            }
            hyphenated.push_str(document.word_text(last));
            let fix = match finding.evidence {
                Evidence::Listed | Evidence::Strong | Evidence::Certain => {
                    Fix::safe("restore the hyphen", edits)
                }
                Evidence::Weak => Fix::unsafe_("restore the hyphen", edits),
            };
            let diagnostic = Diagnostic::new(
                META.name,
                META.severity,
                format!("hyphen lost: \"{pair_text}\" should be \"{hyphenated}\""),
                span,
            )
            .with_fix(fix);
            corroborated |= finding.evidence != Evidence::Weak;
            if matches!(finding.evidence, Evidence::Listed | Evidence::Certain) {
                out.push(diagnostic);
            } else {
                learned.push(diagnostic);
            }
            index = finding.last.max(index + 1);
        }
        // A short text without hyphens may simply need none: learned pairs
        // and patterns count when the text is long enough to expect some
        // hyphens, or when several compounds lost theirs.
        // Weak evidence needs corroboration, a strong finding or two
        // different pairs: a text may simply write "so called" or "full
        // time" apart (the King James Bible has no hyphens to lose).
        // Or a single weak finding, once, in a text short enough that one
        // lost hyphen may be all it shows.
        let lone_finding = learned.len() == 1 && words.len() <= MAX_WORDS_FOR_A_LONE_FINDING;
        if !corroborated && !lone_finding && distinct_findings(text, &learned) < 2 {
            learned.clear();
        }
        if learned.len() + out.len() - reported_before >= 2
            || words.len() >= MIN_WORDS_WITHOUT_HYPHENS
        {
            out.append(&mut learned);
            // Only this rule's findings: the others' are sorted by the linter.
            out[reported_before..].sort_by_key(|diagnostic| diagnostic.span.start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{assert_clean, flagged};

    fn rule() -> LostHyphen {
        LostHyphen::new(&RuleOptions::new()).expect("list parses")
    }

    #[test]
    fn flags_listed_compounds_in_any_case() {
        assert_eq!(
            flagged(&rule(), "sent to re education camps by E mail"),
            ["re education", "E mail"]
        );
    }

    #[test]
    fn flags_patterns_and_learned_pairs_in_text_without_hyphens() {
        assert_eq!(
            flagged(
                &rule(),
                "the 28 year old signed a six month contract with the anti war group"
            ),
            ["28 year old", "six month", "anti war"]
        );
        assert_eq!(
            flagged(&rule(), "a London based firm and the US led coalition"),
            ["London based", "US led"]
        );
    }

    #[test]
    fn flags_ages_after_a_range_and_with_a_lost_possessive() {
        assert_eq!(
            flagged(&rule(), "aged 16 to 24 year olds and the 52 year old's plan"),
            ["24 year olds", "52 year old's"]
        );
    }

    #[test]
    fn flags_learned_chains_whole_and_some_before_a_noun_only() {
        assert_eq!(
            flagged(&rule(), "a peer to peer network and a pay as you go phone"),
            ["peer to peer", "pay as you go"]
        );
        assert_clean(&rule(), &["passed from peer to peer and from hand to hand"]);
    }

    #[test]
    fn a_prefix_before_half_a_broken_word_is_no_compound() {
        assert_eq!(
            flagged(
                &rule(),
                "the co pilot and the non smoker shared the co ntent of a multi mpeg file"
            ),
            ["co pilot", "non smoker"]
        );
        assert!(can_begin_word("pilot") && can_begin_word("strength") && can_begin_word("psych"));
        assert!(can_begin_word("rhythm") && can_begin_word("html") && can_begin_word("event"));
        assert!(!can_begin_word("ntent") && !can_begin_word("mpeg"));
        assert!(!can_begin_word("rtificial"));
    }

    #[test]
    fn an_age_counts_alone_in_a_short_text() {
        assert_eq!(flagged(&rule(), "The 29 year old has won"), ["29 year old"]);
        assert_clean(&rule(), &["The six month deal has ended", "He is 29 years old"]);
    }

    #[test]
    fn pairs_the_numbers_of_a_run_of_scores() {
        assert_eq!(
            flagged(&rule(), "she won 6 3 7 6 (7 4) 6 2 and they lost 19 13 in the final"),
            ["6 3", "7 6", "7 4", "6 2", "19 13"]
        );
        assert_clean(
            &rule(),
            &[
                // Odd runs, times, decimals without a word of a match, dates.
                "she won 6 3 7 and they left at 10 30 to rest",
                "rates rose 1 5 and fell 2 5 over the year",
                "on march 12 13 the team won 2 1 000 times",
                // Decimals that lost their points, near a word of a match.
                "the index lost 5 07 points and the shares lost 0 48 0 98 per share",
            ],
        );
    }

    #[test]
    fn flags_ranges_of_days_percentages_and_years_in_punctuated_text() {
        let text = "The festival runs on 26 28 August. Growth will be 20 25% this year. \
                    The 2003 04 season and the 1965 2003 poems.";
        assert_eq!(flagged(&rule(), text), ["26 28", "20 25", "2003 04", "1965 2003"]);
    }

    /// Asserts that in each of `texts`, which hold one age to open the
    /// gate for short texts, the age is all `rule()` flags.
    fn assert_only_the_age(texts: &[&str]) {
        for text in texts {
            assert_eq!(flagged(&rule(), text), ["29 year old"], "{text:?}");
        }
    }

    #[test]
    fn leaves_numbers_that_are_no_range() {
        assert_only_the_age(&[
            // Not growing, or in a longer run.
            "The 29 year old plays on 28 26 August. The votes were 20 25 10.",
            // Without punctuation nearby: "2003/04", "19/20 August".
            "the 29 year old plays on 26 28 august and the 2003 04 season ends",
            "The 29 year old said rates were 25 20% lower. We met on 3 4 may, and left.",
        ]);
    }

    #[test]
    fn flags_a_noun_or_name_before_based_and_a_noun() {
        let text = "Paris based Euronext sells web based services and cannabis based drugs.";
        assert_eq!(flagged(&rule(), text), ["Paris based", "web based", "cannabis based"]);
        assert_only_the_age(&[
            "The 29 year old said the ruling was based largely on notes, and a plan based upon them.",
            "The 29 year old wrote a musical based around old songs.",
        ]);
    }

    #[test]
    fn flags_verb_and_particle_nouns_after_a_determiner_only() {
        assert_eq!(
            flagged(&rule(), "the line up and a shake up of the board"),
            ["line up", "shake up"]
        );
        assert_clean(&rule(), &["they line up and shake up the board"]);
    }

    #[test]
    fn one_weak_pair_alone_counts_once_in_a_short_text_only() {
        // Over MAX_WORDS_FOR_A_LONE_FINDING words, or written open twice.
        let filler = "and the people went up to the city in the morning ".repeat(50);
        let alone = format!("{filler}of science falsely so called. {filler}");
        assert_eq!(flagged(&rule(), &alone), Vec::<&str>::new());
        let corroborated = format!("{filler}the so called plan of the 28 year old {filler}");
        assert_eq!(flagged(&rule(), &corroborated), ["so called", "28 year old"]);
        let article = "and the people went up to the city in the morning ".repeat(30);
        let twice = format!("{article}the so called plan and the so called rule {article}");
        assert_eq!(flagged(&rule(), &twice), Vec::<&str>::new());
        // Once in an article of a few hundred words: all it may have lost.
        let once = format!("{article}the so called plan {article}");
        assert_eq!(flagged(&rule(), &once), ["so called"]);
    }

    #[test]
    fn chain_gets_one_diagnostic_with_two_edits() {
        let mut out = Vec::new();
        rule().check(
            &Document::new("the 26 year old s car and a 30 day trial"),
            &mut out,
        );
        let fix = out[0].fix.as_ref().expect("a fix");
        assert_eq!(fix.edits.len(), 2);
        assert_eq!(fix.applicability, crate::fix::Applicability::Safe);
    }

    #[test]
    fn patterns_need_a_text_that_lost_its_hyphens() {
        assert_clean(
            &rule(),
            &[
                "a well-known 28 year old signed a six month contract",
                "one five year plan",
                "she stayed for 30 days and left 30 day later",
                "deals of 3 to 5 year terms and 16 to 24 week stays",
                "the US led the coalition and Chelsea led at the break",
                "a note re the new timetable and persona non grata",
            ],
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in ["", "6", "6 year", "- -", "a 2 year", "non", "London based", "é 3 day é"] {
            let _ = flagged(&rule(), text);
        }
    }

    #[test]
    fn leaves_hyphenated_and_unlisted_pairs() {
        assert_clean(
            &rule(),
            &[
                "sent to re-education camps",
                "a note re the new timetable",
                "an anti-anti vaccine",
            ],
        );
    }
}
