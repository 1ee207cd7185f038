//! Declarative rule packs: `rules/*.toml` shipped in the binary and users'
//! own packs, in the format of `rules/README.md`.
//!
//! Every phrase of every loaded pack rule goes into one Aho-Corasick automaton
//! (one for case-sensitive phrases, one for the rest). A few patterns scan
//! the text each; many rules of one pattern each go into one [`RegexSet`]
//! that finds in one scan which of them match, and only those run again to
//! find where. A rule's list of patterns is scanned pattern by pattern: it
//! is split so that each lazy DFA stays within its cache.
//! A rule may also name built-in detectors (`detect`), which find what
//! phrases and patterns cannot say, such as runs of menu lines.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use miette::{NamedSource, SourceSpan};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{self, Hir, HirKind, Look};
use serde::Deserialize;
use toml::Spanned;

use crate::chrome_words::ChromeWords;
use crate::diagnostic::{excerpt, Diagnostic, Severity, Span};
use crate::document::Document;
use crate::error::{Error, FileError};
use crate::fix::{deletion_with_separator, Applicability, Edit, Fix, FixAvailability};
use crate::output::visible::is_dangerous;
use crate::rule::RuleMeta;
use crate::source::{ceil_char_boundary, floor_char_boundary};

/// The packs built into the binary: (path in the repository, contents).
pub const BUILTIN_PACKS: &[(&str, &str)] = &[(
    "rules/boilerplate.toml",
    include_str!("../rules/boilerplate.toml"),
)];

/// A sentence longer than this many words is not taken whole by
/// `extend-to = "sentence"`: the text has probably lost its punctuation.
const MAX_SENTENCE_WORDS: usize = 40;

/// A line of flattened text (no capital, no punctuation) longer than this
/// is not taken whole around a key phrase: it may be a paragraph of prose.
const MAX_FLATTENED_LINE_WORDS: usize = 12;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// What a match of a pack rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Extent {
    /// The matched text only.
    Match,
    /// The whole sentence (or line) around the match, when the text has
    /// sentence punctuation and the sentence is short; else the match.
    Sentence,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleSpec {
    name: Spanned<String>,
    category: String,
    severity: Severity,
    message: String,
    #[serde(default)]
    doc: Option<String>,
    #[serde(default)]
    phrases: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pattern: Option<Spanned<Patterns>>,
    #[serde(default)]
    detect: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    case_insensitive: Option<bool>,
    #[serde(default)]
    whole_words: Option<bool>,
    #[serde(default)]
    replacement: Option<Spanned<String>>,
    #[serde(default)]
    applicability: Option<Applicability>,
    #[serde(default)]
    extend_to: Option<Extent>,
    #[serde(default)]
    extend_over: Option<Spanned<String>>,
    #[serde(default)]
    flag: Vec<String>,
    #[serde(default)]
    pass: Vec<String>,
}

/// A rule's `pattern`: one regular expression, or a list of them, each
/// compiled into its own automaton and scanned on its own.
#[derive(Deserialize)]
#[serde(untagged)]
enum Patterns {
    One(String),
    Many(Vec<String>),
}

impl Patterns {
    fn sources(&self) -> &[String] {
        match self {
            Patterns::One(pattern) => std::slice::from_ref(pattern),
            Patterns::Many(patterns) => patterns,
        }
    }
}

/// One rule of a pack, compiled unless [`parse_pack_compiling`] was told
/// to leave it out.
#[derive(Debug)]
pub struct PackRule {
    meta: RuleMeta,
    message: String,
    whole_words: bool,
    replacement: Option<String>,
    applicability: Applicability,
    extent: Extent,
    /// Where no sentence can be taken whole, the words that widen a match
    /// (`extend-over = "chrome-words"`).
    reach: Option<ChromeWords>,
    /// The widget words of `detect = ["chrome-blocks"]`.
    blocks: Option<ChromeWords>,
    /// The rule's patterns, each scanned on its own (empty without one).
    patterns: Vec<Regex>,
    /// Whether the rule was compiled ([`parse_pack_compiling`]); one that
    /// was not runs neither its phrases, its patterns nor its detectors.
    compiled: bool,
    phrases: Vec<String>,
    detectors: Vec<Detector>,
    case_insensitive: bool,
    /// Examples that must be flagged.
    pub flag: Vec<String>,
    /// Examples that must not be flagged.
    pub pass: Vec<String>,
}

impl PackRule {
    /// The rule's metadata.
    pub fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    /// Whether the rule was compiled: one that was not finds nothing.
    pub fn is_compiled(&self) -> bool {
        self.compiled
    }
}

/// A detector built into copydesk that a pack rule may name in `detect`: it
/// finds what phrases and patterns cannot say, such as runs of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detector {
    /// Navigation menus written one link a line ([`crate::menu_runs`]).
    MenuRuns,
    /// Headlines under a widget heading ([`crate::widget_lists`]).
    WidgetLists,
    /// Streams of teaser cards ([`crate::teaser_cards`]).
    TeaserCards,
    /// An author's note that ends the text, or one anywhere that names
    /// the writer's book or beat ([`crate::author_notes`]).
    AuthorNotes,
    /// Blocks of chrome before a page's prose or after it
    /// ([`crate::chrome_blocks`]): found from the rule's other findings.
    ChromeBlocks,
}

impl Detector {
    /// Every detector, with its name in packs.
    const ALL: [(&'static str, Detector); 5] = [
        ("menu-runs", Detector::MenuRuns),
        ("widget-lists", Detector::WidgetLists),
        ("teaser-cards", Detector::TeaserCards),
        ("author-notes", Detector::AuthorNotes),
        ("chrome-blocks", Detector::ChromeBlocks),
    ];

    /// The detector called `name`.
    fn named(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(_, detector)| detector)
    }

    /// The byte ranges that the detector finds in `text` on its own
    /// (`chrome-blocks` works from the rule's findings, later).
    fn find(self, text: &str) -> Vec<Range<usize>> {
        match self {
            Detector::MenuRuns => crate::menu_runs::menu_runs(text),
            Detector::WidgetLists => crate::widget_lists::widget_lists(text),
            Detector::TeaserCards => crate::teaser_cards::teaser_cards(text),
            Detector::AuthorNotes => crate::author_notes::author_notes(text),
            Detector::ChromeBlocks => Vec::new(),
        }
    }
}

/// A pack's text and where it came from, for error messages.
struct PackSource<'a> {
    name: &'a str,
    text: &'a str,
}

impl PackSource<'_> {
    fn error(
        &self,
        range: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Error {
        Error::InvalidPack(Box::new(FileError {
            kind: "rule pack",
            name: self.name.to_owned(),
            message: message.into(),
            source_code: NamedSource::new(self.name, self.text.to_owned()),
            span: SourceSpan::from(range),
            help: help.into(),
        }))
    }
}

/// Whether `name` is kebab-case: lowercase ASCII letters and digits in
/// words joined by single hyphens.
fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
        })
}

/// Parses the pack `text` (named `name` in errors) into compiled rules.
/// `taken` holds the rule names already in use; the pack's names are added.
pub fn parse_pack(
    name: &str,
    text: &str,
    taken: &mut BTreeSet<String>,
) -> Result<Vec<PackRule>, Error> {
    parse_pack_compiling(name, text, taken, &|_| true)
}

/// [`parse_pack`], compiling the patterns of only the rules whose name
/// `should_compile` accepts. The others keep their metadata and examples,
/// their patterns are not checked, and [`PackEngine`] never runs them: a
/// run whose selection leaves the built-in packs' rules out does not pay
/// for building their automata.
pub fn parse_pack_compiling(
    name: &str,
    text: &str,
    taken: &mut BTreeSet<String>,
    should_compile: &dyn Fn(&str) -> bool,
) -> Result<Vec<PackRule>, Error> {
    let source = PackSource { name, text };
    let file: PackFile = toml::from_str(text).map_err(|error| {
        let range = error.span().unwrap_or(0..0);
        source.error(
            range,
            error.message().trim_end().to_owned(),
            "see rules/README.md for the pack format",
        )
    })?;
    let mut rules = Vec::with_capacity(file.rule.len());
    for spec in file.rule {
        let name_span = spec.name.span();
        let rule_name = spec.name.into_inner();
        if !is_kebab_case(&rule_name) {
            return Err(source.error(
                name_span,
                format!("rule name \"{rule_name}\" is not kebab-case"),
                "use lowercase words joined by hyphens, such as \"house-style\"",
            ));
        }
        if !taken.insert(rule_name.clone()) {
            return Err(source.error(
                name_span,
                format!("rule name \"{rule_name}\" is already taken"),
                "rule names are unique across the built-in rules and every loaded pack",
            ));
        }
        let detectors = detectors_of(&source, spec.detect.as_ref())?;
        if spec.phrases.is_none() && spec.pattern.is_none() && detectors.is_empty() {
            return Err(source.error(
                name_span,
                format!("rule \"{rule_name}\" has no phrases, pattern or detector"),
                "add `phrases = [...]`, `pattern = '...'` or `detect = [...]`",
            ));
        }
        let case_insensitive = spec.case_insensitive.unwrap_or(spec.phrases.is_some());
        let compiled = should_compile(&rule_name);
        let patterns = match &spec.pattern {
            Some(patterns) if compiled => compile_patterns(&source, patterns, case_insensitive)?,
            _ => Vec::new(),
        };
        if let Some(phrases) = &spec.phrases {
            if phrases
                .get_ref()
                .iter()
                .any(|phrase| phrase.trim().is_empty())
            {
                return Err(source.error(
                    phrases.span(),
                    "a phrase is empty",
                    "remove the empty phrase",
                ));
            }
        }
        if let Some(replacement) = &spec.replacement {
            if let Some(c) = replacement.get_ref().chars().find(|&c| is_dangerous(c)) {
                return Err(source.error(
                    replacement.span(),
                    format!(
                        "the replacement of rule \"{rule_name}\" holds {}, a control or bidirectional character",
                        c.escape_unicode()
                    ),
                    "a fix may not insert such characters; in a TOML string in double quotes \\b is a backspace and \\r a carriage return: write the replacement in single quotes",
                ));
            }
        }
        let fix = if spec.replacement.is_some() {
            FixAvailability::Always
        } else {
            FixAvailability::None
        };
        let doc = spec.doc.unwrap_or_else(|| {
            format!(
                "## What it does\n{}\n",
                spec.message.replace("{match}", "…")
            )
        });
        rules.push(PackRule {
            meta: RuleMeta {
                name: Cow::Owned(rule_name),
                category: Cow::Owned(spec.category),
                severity: spec.severity,
                fix,
                scope: crate::rule::Scope::Document,
                raw_doc: Cow::Owned(doc),
                doc_comment: false,
                location: Cow::Owned(name.to_owned()),
            },
            message: spec.message,
            whole_words: spec.whole_words.unwrap_or(true),
            replacement: spec.replacement.map(Spanned::into_inner),
            applicability: spec.applicability.unwrap_or(Applicability::Unsafe),
            extent: spec.extend_to.unwrap_or(Extent::Match),
            reach: reach_of(&source, spec.extend_over.as_ref(), spec.extend_to)?,
            blocks: if detectors.contains(&Detector::ChromeBlocks) {
                Some(ChromeWords::builtin()?)
            } else {
                None
            },
            patterns,
            compiled,
            case_insensitive,
            phrases: spec.phrases.map(Spanned::into_inner).unwrap_or_default(),
            detectors,
            flag: spec.flag,
            pass: spec.pass,
        });
    }
    Ok(rules)
}

/// Compiles a rule's patterns, case-folded when `case_insensitive`, each
/// into its own regex with ASCII word boundaries. A pattern that does not
/// compile, or that matches the empty text, is an error pointing at it.
fn compile_patterns(
    source: &PackSource<'_>,
    patterns: &Spanned<Patterns>,
    case_insensitive: bool,
) -> Result<Vec<Regex>, Error> {
    let sources = patterns.get_ref().sources();
    if sources.is_empty() {
        return Err(source.error(
            patterns.span(),
            "the list of patterns is empty",
            "give at least one pattern, or remove `pattern`",
        ));
    }
    // In a list, say which entry is wrong: the span covers the whole list.
    let which = |index: usize| {
        if sources.len() == 1 {
            String::new()
        } else {
            format!("pattern {} of {}: ", index + 1, sources.len())
        }
    };
    let mut compiled = Vec::with_capacity(sources.len());
    for (index, pattern) in sources.iter().enumerate() {
        let invalid = |error: &dyn std::fmt::Display| {
            source.error(
                patterns.span(),
                format!("{}invalid regular expression: {error}", which(index)),
                "the pattern uses the syntax of the regex crate",
            )
        };
        let fast = with_ascii_word_boundaries(pattern, case_insensitive)
            .map_err(|error| invalid(&error))?;
        // `fast` is printed from a syntax tree in which case folding is
        // already spelled out; folding its classes again would cost most
        // of copydesk's start-up.
        let regex = RegexBuilder::new(&fast)
            .case_insensitive(false)
            .dfa_size_limit(PATTERN_DFA_BYTES)
            .build()
            .map_err(|error| invalid(&error))?;
        if regex.is_match("") {
            return Err(source.error(
                patterns.span(),
                format!("{}the pattern matches the empty text", which(index)),
                "a pattern must match at least one character, or it flags every position",
            ));
        }
        compiled.push(regex);
    }
    Ok(compiled)
}

/// The word table that `extend-over` names, refusing names copydesk does not
/// know, and a table without `extend-to = "sentence"` (it widens a match
/// only where no sentence can be taken whole).
fn reach_of(
    source: &PackSource,
    extend_over: Option<&Spanned<String>>,
    extend_to: Option<Extent>,
) -> Result<Option<ChromeWords>, Error> {
    let Some(name) = extend_over else {
        return Ok(None);
    };
    if extend_to != Some(Extent::Sentence) {
        return Err(source.error(
            name.span(),
            "`extend-over` works only with `extend-to = \"sentence\"`",
            "add `extend-to = \"sentence\"` to the rule, or remove `extend-over`",
        ));
    }
    if name.get_ref() != "chrome-words" {
        return Err(source.error(
            name.span(),
            format!("no word table is called \"{}\"", name.get_ref()),
            "the built-in word tables are: chrome-words",
        ));
    }
    ChromeWords::builtin().map(Some)
}

/// The detectors that `detect` names, refusing names copydesk does not know.
fn detectors_of(
    source: &PackSource,
    detect: Option<&Spanned<Vec<String>>>,
) -> Result<Vec<Detector>, Error> {
    let Some(detect) = detect else {
        return Ok(Vec::new());
    };
    detect
        .get_ref()
        .iter()
        .map(|name| {
            Detector::named(name).ok_or_else(|| {
                let known: Vec<&str> = Detector::ALL.iter().map(|(known, _)| *known).collect();
                source.error(
                    detect.span(),
                    format!("no detector is called \"{name}\""),
                    format!("the built-in detectors are: {}", known.join(", ")),
                )
            })
        })
        .collect()
}

/// Which rule a phrase of an automaton belongs to.
struct PhraseAutomaton {
    automaton: AhoCorasick,
    /// Pattern id → index into the engine's rules.
    rule_of: Vec<usize>,
}

impl PhraseAutomaton {
    fn build(phrases: Vec<(usize, &str)>, case_insensitive: bool) -> Result<Option<Self>, Error> {
        if phrases.is_empty() {
            return Ok(None);
        }
        // A DFA whatever the number of phrases: above about a hundred the
        // builder would choose an NFA, which scans text at half the speed.
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(case_insensitive)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(phrases.iter().map(|(_, phrase)| phrase))
            .map_err(|error| Error::BuiltinData {
                name: "rule packs",
                message: error.to_string(),
            })?;
        Ok(Some(Self {
            automaton,
            rule_of: phrases.into_iter().map(|(rule, _)| rule).collect(),
        }))
    }
}

/// The lazy-DFA cache of each pack pattern, in bytes: twice the regex
/// crate's default. A pattern whose alternatives keep state over many
/// characters at once (counted repetitions, whole lines, runs of lines)
/// outgrows any cache when they share one automaton, which is then cleared
/// and rebuilt all along the text; such a pattern is split into a list
/// (`pattern = [...]`) rather than given a cache of tens of megabytes.
const PATTERN_DFA_BYTES: usize = 4 << 20;

/// The lazy-DFA cache of the [`RegexSet`] that holds many rules' patterns.
const PATTERN_SET_DFA_BYTES: usize = 64 << 20;

/// Up to this many pattern rules, each enabled pattern scans the text on its
/// own; above it, the [`RegexSet`] first finds which patterns match at all.
const DIRECT_PATTERN_RULES: usize = 4;

/// Every loaded pack rule, compiled into one scan.
#[derive(Default)]
pub struct PackEngine {
    rules: Vec<PackRule>,
    phrases: Vec<PhraseAutomaton>,
    /// Built only when more than [`DIRECT_PATTERN_RULES`] rules have one
    /// pattern each.
    patterns: Option<RegexSet>,
    /// Pattern index in the set → index into `rules`.
    pattern_rules: Vec<usize>,
}

impl std::fmt::Debug for PackEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackEngine")
            .field("rules", &self.rules.len())
            .finish()
    }
}

impl PackEngine {
    /// Compiles `rules` into one engine.
    pub fn new(rules: Vec<PackRule>) -> Result<Self, Error> {
        let mut exact = Vec::new();
        let mut folded = Vec::new();
        let mut pattern_rules = Vec::new();
        for (index, rule) in rules.iter().enumerate().filter(|(_, rule)| rule.compiled) {
            let target = if rule.case_insensitive {
                &mut folded
            } else {
                &mut exact
            };
            target.extend(rule.phrases.iter().map(|phrase| (index, phrase.as_str())));
            if rule.patterns.len() == 1 {
                pattern_rules.push(index);
            }
        }
        let phrases = [
            PhraseAutomaton::build(exact, false)?,
            PhraseAutomaton::build(folded, true)?,
        ]
        .into_iter()
        .flatten()
        .collect();
        let patterns = if pattern_rules.len() <= DIRECT_PATTERN_RULES {
            None
        } else {
            let sources = pattern_rules
                .iter()
                .filter_map(|&index| rules[index].patterns.first().map(Regex::as_str));
            let builder = RegexSetBuilder::new(sources)
                .case_insensitive(false)
                .dfa_size_limit(PATTERN_SET_DFA_BYTES)
                .build()
                .map_err(|error| Error::BuiltinData {
                    name: "rule packs",
                    message: error.to_string(),
                })?;
            Some(builder)
        };
        Ok(Self {
            rules,
            phrases,
            patterns,
            pattern_rules,
        })
    }

    /// The engine's rules, compiled or not ([`PackRule::is_compiled`]).
    pub fn rules(&self) -> &[PackRule] {
        &self.rules
    }

    /// Appends the diagnostics of every rule for which `enabled` holds (it
    /// takes the rule's index in [`PackEngine::rules`]).
    pub fn check(
        &self,
        document: &Document,
        enabled: &dyn Fn(usize) -> bool,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.rules.is_empty() {
            return;
        }
        // A rule left uncompiled has nothing to find with.
        let enabled = |rule: usize| self.rules[rule].compiled && enabled(rule);
        let text = document.text();
        let mut found: BTreeMap<usize, Vec<Range<usize>>> = BTreeMap::new();
        for automaton in &self.phrases {
            for found_match in automaton.automaton.find_overlapping_iter(text) {
                let rule = automaton.rule_of[found_match.pattern().as_usize()];
                found.entry(rule).or_default().push(found_match.range());
            }
        }
        // The set tells which of many single patterns match at all; with a
        // few (and no set), scanning each enabled one directly reads the
        // text less. A rule's list of patterns is always scanned pattern by
        // pattern: it was split so that no one automaton grows large.
        let candidates: Vec<usize> = match &self.patterns {
            Some(set) => set
                .matches(text)
                .iter()
                .map(|set_index| self.pattern_rules[set_index])
                .collect(),
            None => self.pattern_rules.clone(),
        };
        let listed = (0..self.rules.len()).filter(|&rule| self.rules[rule].patterns.len() > 1);
        for rule in candidates.into_iter().chain(listed) {
            if !enabled(rule) {
                continue;
            }
            let ranges = found.entry(rule).or_default();
            for pattern in &self.rules[rule].patterns {
                ranges.extend(pattern.find_iter(text).map(|m| m.range()));
            }
        }
        for (index, rule) in self.rules.iter().enumerate() {
            if !rule.detectors.is_empty() && enabled(index) {
                let ranges = found.entry(index).or_default();
                for detector in &rule.detectors {
                    ranges.extend(detector.find(text));
                }
            }
        }
        for (index, mut ranges) in found {
            let rule = &self.rules[index];
            if !enabled(index) {
                continue;
            }
            // Only deletions merge: a replacement replaces each match on its
            // own.
            let merges = rule.replacement.as_deref().is_none_or(str::is_empty);
            // Whole words only, leftmost-longest; a match that overlaps the
            // one before it is dropped, or, when the rule deletes, joins it
            // (the phrases and each pattern find their matches apart: "©
            // 2000" and "2000-2019 Example Inc. All Rights Reserved" are one
            // notice).
            ranges.sort_by_key(|range| (range.start, std::cmp::Reverse(range.end)));
            let mut kept: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
            for range in ranges {
                if range.is_empty() || (rule.whole_words && !is_whole_word(text, &range)) {
                    continue;
                }
                match kept.last_mut() {
                    Some(last) if range.start < last.end => {
                        if merges {
                            last.end = last.end.max(range.end);
                        }
                    }
                    _ => kept.push(range),
                }
            }
            // Extend to sentences, then merge what touches: "share this
            // article" and "facebook twitter" next to it are one widget.
            let mut merged: Vec<Range<usize>> = Vec::with_capacity(kept.len());
            for (position, range) in kept.iter().enumerate() {
                let range = match (rule.extent, &rule.reach) {
                    (Extent::Match, _) => range.clone(),
                    (Extent::Sentence, reach) => {
                        let sentence = sentence_around(document, range);
                        match reach {
                            Some(words) if sentence == *range => {
                                let previous_end = position
                                    .checked_sub(1)
                                    .map_or(0, |previous| kept[previous].end);
                                let next_start =
                                    kept.get(position + 1).map_or(text.len(), |next| next.start);
                                words.reach(text, sentence, previous_end..next_start)
                            }
                            _ => sentence,
                        }
                    }
                };
                match merged.last_mut() {
                    Some(last)
                        if range.start <= last.end
                            || (merges && is_separator(&text[last.end..range.start])) =>
                    {
                        last.end = last.end.max(range.end);
                    }
                    _ => merged.push(range),
                }
            }
            if rule.extent == Extent::Sentence && merges {
                merged = lines_dominated(text, merged);
                if let Some(words) = &rule.reach {
                    merged = words.extend_over_lines(text, merged);
                }
            }
            if merges && rule.detectors.contains(&Detector::MenuRuns) {
                merged = crate::menu_runs::extend_over_menu_lines(text, merged);
            }
            if let (true, Some(words)) = (merges, &rule.blocks) {
                merged = crate::chrome_blocks::add_chrome_blocks(text, merged, words);
            }
            out.extend(
                merged
                    .into_iter()
                    .map(|range| rule.diagnostic(document, range)),
            );
        }
    }
}

/// `pattern` rewritten with ASCII word boundaries in place of Unicode ones.
///
/// The regex crate's fast engines (the lazy DFA) cannot evaluate a Unicode
/// `\b` once the text holds a non-ASCII byte, and fall back to the PikeVM,
/// which is tens of times slower; an ASCII `\b` they evaluate anywhere. The
/// difference only shows next to non-ASCII letters, and whole-word rules
/// check their matches against Unicode word boundaries afterwards.
fn with_ascii_word_boundaries(
    pattern: &str,
    case_insensitive: bool,
) -> Result<String, Box<regex_syntax::Error>> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .map_err(Box::new)?;
    Ok(ascii_boundaries(hir).to_string())
}

/// `hir` with every Unicode word-boundary assertion made ASCII.
fn ascii_boundaries(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => other,
        }),
        HirKind::Repetition(repetition) => Hir::repetition(hir::Repetition {
            sub: Box::new(ascii_boundaries(*repetition.sub)),
            ..repetition
        }),
        HirKind::Capture(capture) => Hir::capture(hir::Capture {
            sub: Box::new(ascii_boundaries(*capture.sub)),
            ..capture
        }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(ascii_boundaries).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(ascii_boundaries).collect())
        }
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Class(class) => Hir::class(class),
    }
}

/// Whether `gap` holds only spaces and punctuation (at most a few characters).
fn is_separator(gap: &str) -> bool {
    gap.chars().count() <= 3 && gap.chars().all(|c| !c.is_alphanumeric() && c != '\n')
}

/// Whether `range` does not start or end inside a word.
fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let starts_word = text[range.start..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric);
    let ends_word = text[..range.end]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let cuts_start = starts_word && before.is_some_and(char::is_alphanumeric);
    let cuts_end = ends_word && after.is_some_and(char::is_alphanumeric);
    !(cuts_start || cuts_end)
}

/// The sentence or line around `range`, when it is short; else `range`. A
/// match that takes in whole lines (a menu block) is whole already: it keeps
/// its lines, without the line breaks after them.
fn sentence_around(document: &Document, range: &Range<usize>) -> Range<usize> {
    let text = document.text();
    let matched = &text[range.clone()];
    if matched.trim_end_matches([' ', '\t']).ends_with('\n') {
        return range.start..range.start + matched.trim_end().len();
    }
    // A line break, or a mark that ends a sentence, before a space, a
    // closing mark or the next sentence's capital ("… in June.The …", as
    // scrapes join blocks): the dot of "example.com" or "3.5" ends nothing.
    let is_break = |index: usize, c: char| {
        c == '\n'
            || (matches!(c, '.' | '!' | '?')
                && text[index + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(|next| {
                        next.is_whitespace()
                            || next.is_uppercase()
                            || matches!(next, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
                    }))
    };
    // A sentence of at most MAX_SENTENCE_WORDS words fits in this many bytes;
    // looking no further keeps the search short on one-line stripped text.
    let reach = MAX_SENTENCE_WORDS * 40;
    let window_start = floor_char_boundary(text, range.start.saturating_sub(reach));
    let window_end = ceil_char_boundary(text, range.end.saturating_add(reach));
    // Each scan gives up once it has passed more words than a sentence may
    // hold, as the word count below would: in code, where dots end
    // nothing, the break may lie far away.
    let before = text[window_start..range.start]
        .char_indices()
        .rev()
        .map(|(index, c)| (window_start + index, c));
    let Some(found) = first_break(before, is_break) else {
        return range.clone();
    };
    let Some(start) = found
        .map(|(index, c)| index + c.len_utf8())
        .or((window_start == 0).then_some(0))
    else {
        return range.clone();
    };
    let start =
        start + (text[start..range.start].len() - text[start..range.start].trim_start().len());
    let after = text[range.end..window_end]
        .char_indices()
        .map(|(index, c)| (range.end + index, c));
    let Some(found) = first_break(after, is_break) else {
        return range.clone();
    };
    let Some(end) = found
        .map(|(index, c)| index + if c == '\n' { 0 } else { c.len_utf8() })
        .or((window_end == text.len()).then_some(text.len()))
    else {
        return range.clone();
    };
    let sentence = &text[start..end];
    let words = sentence.split_whitespace().count();
    let punctuated =
        sentence.ends_with(['.', '!', '?']) || text[end..].starts_with('\n') || end == text.len();
    // A line of flattened prose (no capital, no mark) is no sentence: the
    // line ends where the scrape's block did, and a short one may be a
    // paragraph of article around the key phrase.
    let flattened_prose = words > MAX_FLATTENED_LINE_WORDS
        && !sentence
            .chars()
            .any(|c| c.is_uppercase() || matches!(c, '.' | '!' | '?' | ',' | ';' | ':'));
    if words <= MAX_SENTENCE_WORDS && punctuated && !flattened_prose {
        start..end
    } else {
        range.clone()
    }
}

/// The first of `chars` (offsets and characters, in the direction of the
/// scan) for which `is_break` holds: `Some(None)` when there is none, and
/// `None` once more words than a sentence may hold have passed (one more
/// than [`MAX_SENTENCE_WORDS`]: a word that the match's edge cuts counts on
/// both sides).
fn first_break(
    chars: impl Iterator<Item = (usize, char)>,
    is_break: impl Fn(usize, char) -> bool,
) -> Option<Option<(usize, char)>> {
    let (mut words, mut in_word) = (0, false);
    for (index, c) in chars {
        if is_break(index, c) {
            return Some(Some((index, c)));
        }
        words += usize::from(!c.is_whitespace() && !in_word);
        in_word = !c.is_whitespace();
        if words > MAX_SENTENCE_WORDS + 1 {
            return None;
        }
    }
    Some(None)
}

/// `ranges` (sorted, disjoint), each widened to its whole line when the line
/// is short (at most [`MAX_SENTENCE_WORDS`] words), the ranges on it hold
/// more than half of its words and leave at most one sentence: a consent
/// notice whose second sentence ("If you stay, you agree.") names no key
/// phrase goes with the first. Ranges spanning lines stay as they are.
fn lines_dominated(text: &str, ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let words = |range: Range<usize>| text[range].split_whitespace().count();
    let mut widened: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    let mut index = 0;
    while index < ranges.len() {
        let range = ranges[index].clone();
        let line_start =
            memchr::memrchr(b'\n', &text.as_bytes()[..range.start]).map_or(0, |at| at + 1);
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[range.start..])
            .map_or(text.len(), |at| range.start + at);
        // The ranges that lie on this line.
        let on_line = ranges[index..]
            .iter()
            .take_while(|other| other.end <= line_end)
            .count();
        if on_line == 0 {
            widened.push(range);
            index += 1;
            continue;
        }
        let line = &text[line_start..line_end];
        let trimmed_start = line_start + (line.len() - line.trim_start().len());
        let trimmed_end = line_start + line.trim_end().len();
        let line_words = words(line_start..line_end);
        let flagged: usize = ranges[index..index + on_line]
            .iter()
            .map(|range| words(range.clone()))
            .sum();
        // What the ranges leave of the line: at most one sentence.
        let mut unflagged_sentences = 0;
        let mut from = line_start;
        for flagged_range in ranges[index..index + on_line]
            .iter()
            .chain([&(line_end..line_end)])
        {
            unflagged_sentences += text[from..flagged_range.start]
                .split_inclusive(['.', '!', '?'])
                .filter(|piece| piece.chars().any(char::is_alphanumeric))
                .count();
            from = flagged_range.end;
        }
        if line_words <= MAX_SENTENCE_WORDS
            && 2 * flagged > line_words
            && unflagged_sentences <= 1
            && trimmed_start < trimmed_end
        {
            widened.push(
                trimmed_start.min(range.start)..trimmed_end.max(ranges[index + on_line - 1].end),
            );
        } else {
            widened.extend(ranges[index..index + on_line].iter().cloned());
        }
        index += on_line;
    }
    widened
}

impl PackRule {
    /// The diagnostic for the flagged `range`.
    fn diagnostic(&self, document: &Document, range: Range<usize>) -> Diagnostic {
        let text = document.text();
        let span = Span::from(range.clone());
        let flagged = &text[range.clone()];
        let message = self.message.replace("{match}", &excerpt(flagged, 60));
        let mut diagnostic =
            Diagnostic::new(self.meta.name.clone(), self.meta.severity, message, span);
        if let Some(replacement) = &self.replacement {
            let edit = if replacement.is_empty() {
                Edit::delete(deletion_with_separator(text, span))
            } else {
                // The groups of the pattern that found the text.
                let expanded = match self
                    .patterns
                    .iter()
                    .find(|pattern| pattern.is_match(flagged))
                {
                    Some(pattern) => pattern.replace(flagged, replacement.as_str()).into_owned(),
                    None => replacement.clone(),
                };
                Edit::replace(span, expanded)
            };
            let action = if replacement.is_empty() {
                "delete it".to_owned()
            } else {
                format!("replace with \"{}\"", edit.replacement)
            };
            diagnostic = diagnostic.with_fix(Fix::new(self.applicability, action, vec![edit]));
        }
        diagnostic
    }
}

/// An example of a pack rule that does not behave as the pack says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The pack rule.
    pub rule: String,
    /// The example text.
    pub example: String,
    /// Whether it had to be flagged (true) or left alone (false).
    pub should_flag: bool,
}

/// Runs every `flag` and `pass` example of `rules`, each rule on its own.
pub fn test_examples(rules: Vec<PackRule>) -> Result<Vec<ExampleFailure>, Error> {
    let mut failures = Vec::new();
    for rule in rules {
        let name = rule.meta.name.to_string();
        let examples: Vec<(String, bool)> = rule
            .flag
            .iter()
            .map(|example| (example.clone(), true))
            .chain(rule.pass.iter().map(|example| (example.clone(), false)))
            .collect();
        let engine = PackEngine::new(vec![rule])?;
        for (example, should_flag) in examples {
            let mut out = Vec::new();
            engine.check(&Document::new(&example), &|_| true, &mut out);
            if out.is_empty() == should_flag {
                failures.push(ExampleFailure {
                    rule: name.clone(),
                    example,
                    should_flag,
                });
            }
        }
    }
    Ok(failures)
}

/// Loads the built-in packs.
pub fn builtin_pack_rules(taken: &mut BTreeSet<String>) -> Result<Vec<PackRule>, Error> {
    builtin_pack_rules_compiling(taken, &|_| true)
}

/// Loads the built-in packs, compiling only the rules whose name
/// `should_compile` accepts (see [`parse_pack_compiling`]).
pub fn builtin_pack_rules_compiling(
    taken: &mut BTreeSet<String>,
    should_compile: &dyn Fn(&str) -> bool,
) -> Result<Vec<PackRule>, Error> {
    let mut rules = Vec::new();
    for (name, text) in BUILTIN_PACKS {
        rules.extend(parse_pack_compiling(name, text, taken, should_compile)?);
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(pack: &str) -> PackEngine {
        let rules = parse_pack("test.toml", pack, &mut BTreeSet::new()).expect("pack parses");
        PackEngine::new(rules).expect("engine builds")
    }

    fn flagged(engine: &PackEngine, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        engine.check(&Document::new(text), &|_| true, &mut out);
        out.iter()
            .map(|diagnostic| text[diagnostic.span.range()].to_owned())
            .collect()
    }

    const PACK: &str = include_str!("../fixtures/_packs/house.toml");

    #[test]
    fn rules_left_uncompiled_keep_their_names_and_find_nothing() {
        let all = engine(PACK);
        let names: Vec<String> = all
            .rules()
            .iter()
            .map(|rule| rule.meta().name.to_string())
            .collect();
        // The last rule has a pattern; the others have phrases, which an
        // automaton of every compiled rule's phrases would still find.
        let last = names.last().expect("the pack has rules").clone();
        let only_last = |name: &str| name == last;
        let rules = parse_pack_compiling("test.toml", PACK, &mut BTreeSet::new(), &only_last)
            .expect("pack parses");
        let some = PackEngine::new(rules).expect("engine builds");
        let some_names: Vec<String> = some
            .rules()
            .iter()
            .map(|rule| rule.meta().name.to_string())
            .collect();
        assert_eq!(some_names, names);
        for rule in all.rules() {
            for example in &rule.flag {
                let mut out = Vec::new();
                some.check(&Document::new(example), &|_| true, &mut out);
                let expected = rule.meta().name == last;
                assert_eq!(!out.is_empty(), expected, "{example:?}: {out:?}");
            }
        }
    }

    #[test]
    fn phrases_and_patterns_match_whole_words() {
        let engine = engine(PACK);
        assert_eq!(
            flagged(&engine, "They Utilize a very unique tool; utilisers stay."),
            ["Utilize", "very unique"]
        );
    }

    #[test]
    fn replacements_expand_groups() {
        let engine = engine(PACK);
        let mut out = Vec::new();
        engine.check(&Document::new("a very singular idea"), &|_| true, &mut out);
        let fix = out[0].fix.as_ref().expect("a fix");
        assert_eq!(fix.edits[0].replacement, "singular");
        assert_eq!(fix.applicability, Applicability::Safe);
    }

    #[test]
    fn word_boundaries_become_ascii_and_matches_stay_whole_words() {
        assert_eq!(
            with_ascii_word_boundaries(r"\bvery\b", false).expect("valid"),
            r"(?:(?-u:\b)(?:very)(?-u:\b))"
        );
        // Next to non-ASCII letters an ASCII boundary alone would cut a
        // word; the whole-word check on the match still refuses it.
        let engine = engine(PACK);
        assert_eq!(
            flagged(&engine, "a véry unique tool, a very uniqueé one"),
            Vec::<String>::new()
        );
        assert_eq!(flagged(&engine, "é very unique é"), ["very unique"]);
    }

    #[test]
    fn a_pattern_that_matches_the_empty_text_is_refused() {
        let empty = PACK.replace(r"(unique|singular)\b", r"(unique|singular)?");
        let empty = empty.replace(r"'(?i)\bvery ", r"'(?i)(?:very )?");
        let Err(Error::InvalidPack(error)) = parse_pack("p.toml", &empty, &mut BTreeSet::new())
        else {
            panic!("an empty-matching pattern must be rejected");
        };
        assert!(error.message.contains("empty text"), "{}", error.message);
    }

    /// A deleting rule that names `menu-runs` takes the menu lines next to
    /// a finding of whole lines; a replacing one replaces the match alone.
    #[test]
    fn deleting_rules_take_the_menu_lines_next_to_a_finding() {
        let pack = "[[rule]]\nname = \"share\"\ncategory = \"artefact\"\nseverity = \"info\"\nmessage = \"share: {match}\"\nphrases = [\"share this article\"]\ncase-insensitive = true\nextend-to = \"sentence\"\ndetect = [\"menu-runs\"]\nreplacement = \"\"\n";
        let text = "The pier reopens in April.\nShare this article\nMastodon\nBluesky\nThe board met on Tuesday.\n";
        assert_eq!(
            flagged(&engine(pack), text),
            ["Share this article\nMastodon\nBluesky"]
        );
        let replacing = pack.replace("replacement = \"\"", "replacement = \"[share]\"");
        assert_eq!(flagged(&engine(&replacing), text), ["Share this article"]);
    }

    /// A rule may be made of a built-in detector alone; a detector copydesk
    /// does not know is refused where the pack names it.
    #[test]
    fn rules_name_built_in_detectors() {
        let pack = "[[rule]]\nname = \"menus\"\ncategory = \"artefact\"\nseverity = \"info\"\nmessage = \"menu: {match}\"\ndetect = [\"menu-runs\"]\n";
        let engine = engine(pack);
        let menu = "Home\nLocal\nFerries\nWeather\nBusiness\nSport\n";
        let text = format!("{menu}The pier reopens in May.\n");
        assert_eq!(flagged(&engine, &text), [menu]);

        let unknown = pack.replace("menu-runs", "menus");
        let error = refusal(&unknown, "\"menus\"", "menu-runs");
        assert!(unknown[error.span.offset()..].starts_with("[\"menus\"]"));
    }

    /// A pack of one rule whose `pattern` is `patterns`, as TOML.
    fn listed_patterns(patterns: &str) -> String {
        format!(
            "[[rule]]\nname = \"listed\"\ncategory = \"style\"\nseverity = \"info\"\n\
             message = \"{{match}}\"\npattern = {patterns}\nreplacement = \"<$1>\"\n"
        )
    }

    #[test]
    fn a_list_of_patterns_finds_what_each_finds_and_expands_its_own_groups() {
        let engine = engine(&listed_patterns(r"['\b(alpha)\b', '\b(beta) gamma\b']"));
        let text = "alpha then beta gamma, not alphabet";
        assert_eq!(flagged(&engine, text), ["alpha", "beta gamma"]);
        let mut out = Vec::new();
        engine.check(&Document::new(text), &|_| true, &mut out);
        let replacements: Vec<&str> = out
            .iter()
            .filter_map(|diagnostic| diagnostic.fix.as_ref())
            .map(|fix| fix.edits[0].replacement.as_str())
            .collect();
        assert_eq!(replacements, ["<alpha>", "<beta>"]);
    }

    #[test]
    fn overlapping_matches_join_when_the_rule_deletes_and_not_when_it_replaces() {
        let pack = |replacement: &str| {
            format!(
                "[[rule]]\nname = \"overlap\"\ncategory = \"style\"\nseverity = \"info\"\n\
                 message = \"{{match}}\"\nphrases = [\"share this\"]\n\
                 pattern = '\\bthis article\\b'\nreplacement = \"{replacement}\"\n"
            )
        };
        let text = "Please share this article with a friend.";
        assert_eq!(flagged(&engine(&pack("")), text), ["share this article"]);
        assert_eq!(flagged(&engine(&pack("it")), text), ["share this"]);
    }

    #[test]
    fn a_list_of_patterns_says_which_one_is_wrong_and_may_not_be_empty() {
        for (patterns, expected) in [
            (
                r"['\bok\b', '(unclosed']",
                "pattern 2 of 2: invalid regular expression",
            ),
            (
                r"['\bok\b', 'x?']",
                "pattern 2 of 2: the pattern matches the empty text",
            ),
            ("[]", "the list of patterns is empty"),
        ] {
            let Err(Error::InvalidPack(error)) =
                parse_pack("p.toml", &listed_patterns(patterns), &mut BTreeSet::new())
            else {
                panic!("{patterns} must be refused");
            };
            assert!(error.message.contains(expected), "{}", error.message);
        }
    }

    /// The error that parsing `pack` gives, which must name `name` and list
    /// `known` in its help.
    fn refusal(pack: &str, name: &str, known: &str) -> Box<FileError> {
        let Err(Error::InvalidPack(error)) = parse_pack("p.toml", pack, &mut BTreeSet::new())
        else {
            panic!("a pack naming {name} must be refused");
        };
        assert!(error.message.contains(name), "{}", error.message);
        assert!(error.help.contains(known), "{}", error.help);
        error
    }

    #[test]
    fn rules_name_built_in_word_tables_to_reach_over() {
        let pack = "[[rule]]\nname = \"rights\"\ncategory = \"artefact\"\nseverity = \"info\"\nmessage = \"{match}\"\nphrases = [\"all rights reserved\"]\nextend-to = \"sentence\"\nextend-over = \"chrome-words\"\n";
        // Longer than a sentence can be, so that no sentence is taken whole.
        let prose =
            "the pier reopens in may after a winter of repairs to its deck and rails ".repeat(3);
        let text = format!("{prose}copyright 2024 examplesite all rights reserved {prose}");
        assert_eq!(
            flagged(&engine(pack), &text),
            ["copyright 2024 examplesite all rights reserved"]
        );
        let without = pack.replace("extend-over = \"chrome-words\"\n", "");
        assert_eq!(flagged(&engine(&without), &text), ["all rights reserved"]);

        let unknown = pack.replace("\"chrome-words\"", "\"chrome\"");
        let error = refusal(&unknown, "\"chrome\"", "chrome-words");
        assert!(unknown[error.span.offset()..].starts_with("\"chrome\""));

        let alone = pack.replace("extend-to = \"sentence\"\n", "");
        let error = refusal(&alone, "`extend-to = \"sentence\"`", "add `extend-to");
        assert!(alone[error.span.offset()..].starts_with("\"chrome-words\""));
    }

    #[test]
    fn errors_point_into_the_pack() {
        let broken = PACK.replace(r"(unique|singular)\b", r"(unique");
        let Err(Error::InvalidPack(error)) = parse_pack("p.toml", &broken, &mut BTreeSet::new())
        else {
            panic!("a bad regex must be rejected");
        };
        assert!(error.message.contains("regular expression"));
        assert!(broken[error.span.offset()..].starts_with(r"'(?i)\bvery"));

        let unknown = PACK.replace("phrases = [", "phrase = [");
        let Err(Error::InvalidPack(error)) = parse_pack("p.toml", &unknown, &mut BTreeSet::new())
        else {
            panic!("an unknown key must be rejected");
        };
        assert!(unknown[error.span.offset()..].starts_with("phrase"));

        // Found by fuzzing: in a TOML string in double quotes `\b` is a
        // backspace, which a safe fix would then write into the text.
        let backspace = PACK.replace("replacement = \"$1\"", "replacement = \"\\bvery $1\"");
        assert_ne!(backspace, PACK);
        let Err(Error::InvalidPack(error)) = parse_pack("p.toml", &backspace, &mut BTreeSet::new())
        else {
            panic!("a replacement holding a control character must be rejected");
        };
        assert!(error.message.contains(r"\u{8}"), "{}", error.message);
        assert!(backspace[error.span.offset()..].starts_with("\"\\bvery"));

        let mut taken = BTreeSet::from(["utilise".to_owned()]);
        assert!(matches!(
            parse_pack("p.toml", PACK, &mut taken),
            Err(Error::InvalidPack { .. })
        ));
    }

    #[test]
    fn examples_are_checked() {
        let rules = parse_pack(
            "t.toml",
            &PACK.replace("We use the grant.", "We utilize it."),
            &mut BTreeSet::new(),
        )
        .unwrap();
        let failures = test_examples(rules).unwrap();
        assert_eq!(failures.len(), 1);
        assert!(!failures[0].should_flag);
    }

    /// A pack of one rule flagging `phrase` with the sentence around it.
    fn sentence_engine(phrase: &str) -> PackEngine {
        engine(&format!(
            r#"
[[rule]]
name = "chrome"
category = "artefact"
severity = "warning"
message = "chrome: \"{{match}}\""
phrases = ["{phrase}"]
extend-to = "sentence"
"#
        ))
    }

    #[test]
    fn sentence_extent_takes_short_sentences_only() {
        let engine = sentence_engine("sign up for our newsletter");
        assert_eq!(
            flagged(
                &engine,
                "The park opens today. Sign up for our newsletter to hear more! It closes at six."
            ),
            ["Sign up for our newsletter to hear more!"]
        );
        let stripped = format!(
            "{} sign up for our newsletter {}",
            "word ".repeat(50),
            "word ".repeat(50)
        );
        assert_eq!(flagged(&engine, &stripped), ["sign up for our newsletter"]);
        // A short flattened line is a line of chrome; a longer one may be a
        // paragraph of flattened prose around the phrase.
        let chrome = "sign up for our newsletter today\nthe park opens today\n";
        assert_eq!(
            flagged(&engine, chrome),
            ["sign up for our newsletter today"]
        );
        let prose =
            "the park opens today so sign up for our newsletter to hear when the lake is cleaned\n";
        assert_eq!(flagged(&engine, prose), ["sign up for our newsletter"]);
    }

    /// Issue 12: a short line that the flagged sentences fill more than half
    /// of, leaving one sentence, goes whole; on a longer line of prose, the
    /// sentence goes alone.
    #[test]
    fn a_short_line_mostly_flagged_goes_whole() {
        let engine = sentence_engine("we use cookies");
        let text = "The park opens today.\n\n  We use cookies on this site. If you stay, you agree.\n\nWe use cookies, the baker said. The park keeps its old gates and its bandstand, and the lake is cleaned every spring.\n";
        assert_eq!(
            flagged(&engine, text),
            [
                "We use cookies on this site. If you stay, you agree.",
                "We use cookies, the baker said."
            ]
        );
    }

    /// Issue 11, defect 6: neighbouring matches of a rule with a replacement
    /// are replaced one by one, never merged into one replacement.
    #[test]
    fn replacements_do_not_merge_neighbouring_matches() {
        let pack = r#"
[[rule]]
name = "foo-bar"
category = "style"
severity = "warning"
message = "found \"{match}\""
phrases = ["foo", "bar baz"]
replacement = "X"
applicability = "safe"
"#;
        let engine = engine(pack);
        let text = "a foo foo bar baz foo b.";
        let mut out = Vec::new();
        engine.check(&Document::new(text), &|_| true, &mut out);
        let fixed = crate::fix_loop::apply_fixes(text, &out, Applicability::Safe);
        assert_eq!(fixed.text, "a X X X X b.");
    }
}
