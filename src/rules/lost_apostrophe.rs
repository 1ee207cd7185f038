//! `lost-apostrophe`: possessives and contractions whose apostrophe became a space.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::{Document, Word};
use crate::error::Error;
use crate::fix::{Edit, Fix};
use crate::rule::{declare_rule, parse_options, Rule, RuleMeta, RuleOptions};
use crate::rules::load_list;

declare_rule! {
    /// ## What it does
    /// Finds possessives and contractions whose apostrophe became a space when
    /// punctuation was stripped: "the company s products", "we don t know",
    /// "they re late".
    ///
    /// ## Why is this bad?
    /// The text no longer says what the author wrote, and every tool that reads
    /// it afterwards (a spell checker, a search index, a language model) sees a
    /// stray "s" or "t" where a word belonged.
    ///
    /// Contractions come from a closed list (`rules/lists/contractions.toml`).
    /// A lone "s" counts as a lost possessive only after a word that can own
    /// something: not after "the" or "of", not after "the letter" or "a silent",
    /// not after "the string" (a variable), not after a number ("5 s" is five
    /// seconds) or a single letter ("u s"); and only when what follows could be
    /// the thing owned, not a function word or a symbol ("the string s to",
    /// "s = s + 1"). A capital ending after a lowercase word ("Let S", "Model
    /// S") is a name or a variable.
    ///
    /// ## Example
    /// ```text
    /// The museum s director said they don t plan to reopen.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The museum's director said they don't plan to reopen.
    /// ```
    ///
    /// ## Fix safety
    /// The fix replaces the space with an apostrophe and changes nothing else: the
    /// case of both halves is kept. It uses the apostrophe the document already
    /// uses (typographic ’ when the document has more of those than straight
    /// ones, straight ' otherwise). The fix is safe, except for a possessive
    /// directly before a full stop or at the end of the text ("a letter from
    /// john s."), where the "s" may be an initial: that fix is unsafe.
    ///
    /// ## Options
    /// `apostrophe`: `"straight"` or `"typographic"`; by default the one the
    /// document already uses.
    /// ```toml
    /// [rules.lost-apostrophe]
    /// apostrophe = "typographic"
    /// ```
    pub(crate) const META = {
        name: "lost-apostrophe",
        category: Artefact,
        severity: Warning,
        fix: Always,
    }
}

const CONTRACTIONS_TOML: &str = include_str!("../../rules/lists/contractions.toml");
const POSSESSIVES_TOML: &str = include_str!("../../rules/lists/possessives.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ContractionList {
    contractions: Vec<String>,
    #[serde(default)]
    not_before: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PossessiveLists {
    not_owners: Vec<String>,
    letter_words: Vec<String>,
    variable_words: Vec<String>,
}

/// Which apostrophe the fix writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ApostropheStyle {
    /// ' (U+0027)
    Straight,
    /// ’ (U+2019)
    Typographic,
}

/// `[rules.lost-apostrophe]` options.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// The apostrophe to write; by default the one the document uses.
    apostrophe: Option<ApostropheStyle>,
}

/// The lost-apostrophe rule, with its word lists loaded.
pub(crate) struct LostApostrophe {
    /// The configured apostrophe, if any.
    apostrophe: Option<ApostropheStyle>,
    /// Lowercase contractions with a straight apostrophe ("don't").
    contractions: HashSet<String>,
    /// The lowercase endings of the contractions, and "s" ("t", "re", "clock").
    endings: Vec<String>,
    /// The length in bytes of the longest ending.
    longest_ending: usize,
    /// Lowercase contraction -> next words that mean the pair is something else.
    not_before: HashMap<String, HashSet<String>>,
    /// Lowercase words that cannot own anything.
    not_owners: HashSet<String>,
    /// Lowercase words after which "s" is a letter.
    letter_words: HashSet<String>,
    /// Lowercase words after which "s" names a variable ("the string s").
    variable_words: HashSet<String>,
}

impl LostApostrophe {
    /// Loads the rule's word lists from `rules/lists/`, with `options` from
    /// `[rules.lost-apostrophe]`.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        let options: Options = parse_options(META.name.as_ref(), options)?;
        let contractions: ContractionList =
            load_list("rules/lists/contractions.toml", CONTRACTIONS_TOML)?;
        let possessives: PossessiveLists =
            load_list("rules/lists/possessives.toml", POSSESSIVES_TOML)?;
        let lowercase =
            |words: Vec<String>| words.into_iter().map(|word| word.to_lowercase()).collect();
        let contraction_set: HashSet<String> = lowercase(contractions.contractions);
        let mut endings: Vec<String> = contraction_set
            .iter()
            .filter_map(|contraction| {
                contraction
                    .split_once('\'')
                    .map(|(_, ending)| ending.to_owned())
            })
            .chain(std::iter::once("s".to_owned()))
            .collect();
        endings.sort();
        endings.dedup();
        Ok(Self {
            apostrophe: options.apostrophe,
            contractions: contraction_set,
            longest_ending: endings.iter().map(String::len).max().unwrap_or(0),
            endings,
            not_before: contractions
                .not_before
                .into_iter()
                .map(|(contraction, words)| (contraction.to_lowercase(), lowercase(words)))
                .collect(),
            not_owners: lowercase(possessives.not_owners),
            letter_words: lowercase(possessives.letter_words),
            variable_words: lowercase(possessives.variable_words),
        })
    }

    /// What the pair `first`, `second` (separated by one space) lost, if anything.
    fn classify(&self, document: &Document, words: &[Word], index: usize) -> Option<Loss> {
        let text = document.text();
        let (first, second) = (words[index], words[index + 1]);
        let ending = document.word_text(second);
        let stem = document.word_text(first);
        let is_candidate = first.end() + 1 == second.start()
            && text.as_bytes()[first.end()] == b' '
            && ending.len() <= self.longest_ending
            && self
                .endings
                .iter()
                .any(|known| known.eq_ignore_ascii_case(ending))
            && opens_word(text, first.start())
            && closes_word(text, second.end());
        if !is_candidate {
            return None;
        }

        // "Let S = ...", "that D is bad": a capital ending after a word that
        // is not all capitals is a name or a variable, not a contraction.
        let capital_after_lowercase = ending.bytes().any(|byte| byte.is_ascii_uppercase())
            && stem.chars().any(char::is_lowercase);
        if capital_after_lowercase {
            return None;
        }
        let next_word = words
            .get(index + 2)
            .map(|&word| document.word_text(word).to_lowercase());

        let contraction = format!("{}'{}", stem.to_lowercase(), ending.to_ascii_lowercase());
        if self.contractions.contains(&contraction) {
            let excluded = self
                .not_before
                .get(&contraction)
                .is_some_and(|after| next_word.as_ref().is_some_and(|next| after.contains(next)));
            return (!excluded).then_some(Loss::Contraction);
        }

        if !ending.eq_ignore_ascii_case("s") {
            return None;
        }
        let stem_lower = stem.to_lowercase();
        let could_own = stem.chars().count() >= 2
            && stem.chars().all(char::is_alphabetic)
            && !self.not_owners.contains(&stem_lower)
            && !self.letter_words.contains(&stem_lower)
            && !self.variable_words.contains(&stem_lower);
        if !could_own {
            return None;
        }
        // A possessive is followed by what is owned: "the company s products".
        // A letter or variable is followed by punctuation or a function word:
        // "the string s, which", "encode s to bytes", "the query s:".
        let after = &text[second.end()..];
        let ends_sentence = match after.chars().next() {
            None => true,
            Some('.') => true,
            Some(c) if c.is_whitespace() => match after.trim_start().chars().next() {
                None => true,
                // "s = s + 1", "s (a str)": code, not a possessive.
                Some(next) if !next.is_alphanumeric() => return None,
                Some(_) => false,
            },
            Some(_) => return None,
        };
        if !ends_sentence
            && next_word
                .as_ref()
                .is_some_and(|next| self.not_owners.contains(next))
        {
            return None;
        }
        Some(if ends_sentence {
            Loss::PossessiveOrInitial
        } else {
            Loss::Possessive
        })
    }
}

/// What a flagged pair lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loss {
    /// A listed contraction ("don t").
    Contraction,
    /// A possessive ("huawei s").
    Possessive,
    /// A possessive, or a name followed by an initial ("john s.").
    PossessiveOrInitial,
}

/// Whether a word starting at `offset` starts after a space, an opening
/// bracket or quote, or at the start of the text (not inside code or a URL).
fn opens_word(text: &str, offset: usize) -> bool {
    match text[..offset].chars().next_back() {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '[' | '"' | '\u{201c}' | '\u{2018}' | '\u{2014}' | '\u{2013}'
                )
        }
    }
}

/// Whether a word ending at `offset` is followed by a space, sentence
/// punctuation, a closing bracket or quote, or the end of the text.
fn closes_word(text: &str, offset: usize) -> bool {
    let mut rest = text[offset..].chars();
    match rest.next() {
        None => true,
        Some('.') => !rest.next().is_some_and(char::is_alphanumeric),
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '"'
                        | '\u{201d}'
                        | '\u{2019}'
                        | '\u{2026}'
                        | '\u{2014}'
                        | '\u{2013}'
                )
        }
    }
}

/// The apostrophe a document already uses between letters: typographic when
/// it has more ’ than ', straight otherwise.
fn document_apostrophe(text: &str) -> &'static str {
    let bytes = text.as_bytes();
    let (mut straight, mut typographic) = (0usize, 0usize);
    // ’ is E2 80 99 in UTF-8; memchr finds candidates without decoding every character.
    for offset in memchr::memchr2_iter(b'\'', 0xE2, bytes) {
        let (is_typographic, width) = match bytes[offset] {
            b'\'' => (false, 1),
            _ if bytes.get(offset + 1..offset + 3) == Some(&[0x80, 0x99]) => (true, 3),
            _ => continue,
        };
        let before = text[..offset].chars().next_back();
        let after = text[offset + width..].chars().next();
        if before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric) {
            if is_typographic {
                typographic += 1;
            } else {
                straight += 1;
            }
        }
    }
    if typographic > straight {
        "\u{2019}"
    } else {
        "'"
    }
}

impl Rule for LostApostrophe {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let words = document.words();
        let mut apostrophe: Option<&'static str> = None;
        for index in 0..words.len().saturating_sub(1) {
            let Some(loss) = self.classify(document, words, index) else {
                continue;
            };
            let apostrophe = *apostrophe.get_or_insert_with(|| match self.apostrophe {
                Some(ApostropheStyle::Straight) => "'",
                Some(ApostropheStyle::Typographic) => "\u{2019}",
                None => document_apostrophe(document.text()),
            });
            let (first, second) = (words[index], words[index + 1]);
            let stem = document.word_text(first);
            let ending = document.word_text(second);
            let gap = Span::new(first.end(), second.start());
            let edits = vec![Edit::replace(gap, apostrophe)];
            let fix = match loss {
                Loss::Contraction | Loss::Possessive => Fix::safe("restore apostrophe", edits),
                Loss::PossessiveOrInitial => Fix::unsafe_("restore apostrophe", edits),
            };
            let message = format!(
                "apostrophe lost: \"{stem} {ending}\" should be \"{stem}{apostrophe}{ending}\""
            );
            let mut diagnostic = Diagnostic::new(
                META.name,
                META.severity,
                message,
                Span::new(first.start(), second.end()),
            )
            .with_fix(fix);
            if loss == Loss::PossessiveOrInitial {
                diagnostic =
                    diagnostic.with_help("restore apostrophe, unless the \"s\" is an initial");
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;
    use crate::rules::test_support::{assert_clean, flagged as flagged_by};

    fn check(text: &str) -> Vec<Diagnostic> {
        let rule = LostApostrophe::new(&RuleOptions::new()).expect("built-in lists parse");
        let mut out = Vec::new();
        rule.check(&Document::new(text), &mut out);
        out
    }

    fn flagged(text: &str) -> Vec<String> {
        flagged_by(
            &LostApostrophe::new(&RuleOptions::new()).expect("built-in lists parse"),
            text,
        )
    }

    #[test]
    fn flags_possessives_and_contractions() {
        assert_eq!(
            flagged("the company s products don t sell and we re sure it s over"),
            ["company s", "don t", "we re", "it s"]
        );
    }

    #[test]
    fn fix_replaces_only_the_space_and_keeps_case() {
        let diagnostics = check("Don t go. I M SURE.");
        let edits: Vec<_> = diagnostics
            .iter()
            .map(|d| d.fix.clone().unwrap().edits[0].clone())
            .collect();
        assert_eq!(
            edits,
            [
                Edit::replace(Span::new(3, 4), "'"),
                Edit::replace(Span::new(11, 12), "'")
            ]
        );
    }

    #[test]
    fn uses_typographic_apostrophe_when_the_document_does() {
        let diagnostics = check("It’s late and they’re tired but we don t mind.");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].fix.as_ref().unwrap().edits[0].replacement,
            "\u{2019}"
        );
    }

    #[test]
    fn does_not_flag_letters_units_initials_or_function_words() {
        let texts = [
            "the letter s is silent",
            "add a final s to the noun",
            "it took 5 s to load",
            "the u s government",
            "a biography of j r r tolkien",
            "in the s of the word",
            "Tesla built the Model S in California.",
            "let s be the sum of the series",
            "the word 's' and the mark s-curve",
        ];
        assert_clean(
            &LostApostrophe::new(&RuleOptions::new()).expect("built-in lists parse"),
            &texts,
        );
    }

    #[test]
    fn possessive_before_a_full_stop_gets_an_unsafe_fix() {
        let diagnostics = check("a letter from john s.");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
    }

    #[test]
    fn let_s_is_a_contraction_outside_mathematics() {
        assert_eq!(flagged("let s go home"), ["let s"]);
    }
}
