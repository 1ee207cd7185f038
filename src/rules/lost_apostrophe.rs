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
    /// Contractions come from a closed list (`rules/lists/contractions.toml`),
    /// at the start of a sentence or a quotation too ("It s", "'I ve").
    /// A lone "s" counts as a lost possessive only after a word that can own
    /// something: not after "the" or "of", not after "the letter" or "a silent",
    /// not after "the string" (a variable), not after a decade or a unit ("the
    /// 1990 s", "5 s" is five seconds) or a single letter ("u s", "mind your p
    /// s and q s"); and only when what follows could be the thing owned, not a
    /// function word or a symbol ("the string s to", "s = s + 1"). A capital
    /// ending after a lowercase word ("Let S", "Model S") is a name or a
    /// variable. The text's own evidence widens this: a capitalised word after
    /// the "s" is a title or a name ("Madonna s Like a Prayer"), quantifiers
    /// follow possessives ("the world s most", "the firm s only"), capitals
    /// before a lowercase "s" are a name or an acronym, so punctuation may
    /// follow ("the US s", "Standard & Poor s, which"), and hyphenated owners
    /// count ("the 24-year-old s"). Years own ("2004 s budget"), and so do
    /// numbers after a name ("Radio 4 s"). A lowercase "s" among lone letters,
    /// as in a team sheet flattened to lowercase ("c hale s marsh t quill"),
    /// is an initial.
    ///
    /// Learned from real text (`rules/lists/apostrophe-names.toml`, built by
    /// `tests/corpus/build_apostrophe_table.py`): names written with a letter
    /// and an apostrophe ("O Brien" → "O'Brien", "D Arcy", "d Estaing"; never
    /// "O Lord"); owners whose "s" is a possessive even before a function word
    /// or a title, which flattened text no longer shows as a name: names
    /// nearly always written with "'s" and capitalised names often written
    /// with it ("mcdonald s has", "madonna s like a prayer"); and words that own
    /// a number's possessive in flattened text ("radio 4 s").
    ///
    /// ## Example
    /// ```text
    /// The museum s director said they don t plan to reopen. It s the
    /// region s largest gallery, and O Brien s 2009 exhibition drew record
    /// crowds.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The museum's director said they don't plan to reopen. It's the
    /// region's largest gallery, and O'Brien's 2009 exhibition drew record
    /// crowds.
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
const NAMES_TOML: &str = include_str!("../../rules/lists/apostrophe-names.toml");

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
    after_owners: Vec<String>,
    letter_words: Vec<String>,
    variable_words: Vec<String>,
}

/// The learned tables, `rules/lists/apostrophe-names.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct NameLists {
    letter_names: Vec<String>,
    owner_names: Vec<String>,
    number_owners: Vec<String>,
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
    /// Lowercase function words that may follow a possessive ("most").
    after_owners: HashSet<String>,
    /// Lowercase words after which "s" is a letter.
    letter_words: HashSet<String>,
    /// Lowercase words after which "s" names a variable ("the string s").
    variable_words: HashSet<String>,
    /// Lowercase names written with a letter and an apostrophe ("o'brien").
    letter_names: HashSet<String>,
    /// Lowercase owner names: a possessive before a function word ("mcdonald").
    owner_names: HashSet<String>,
    /// Lowercase words that own a number's possessive ("radio" in "Radio 4's").
    number_owners: HashSet<String>,
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
        let names: NameLists = load_list("rules/lists/apostrophe-names.toml", NAMES_TOML)?;
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
            after_owners: lowercase(possessives.after_owners),
            letter_words: lowercase(possessives.letter_words),
            variable_words: lowercase(possessives.variable_words),
            letter_names: lowercase(names.letter_names),
            owner_names: lowercase(names.owner_names),
            number_owners: lowercase(names.number_owners),
        })
    }

    /// What the pair `first`, `second` (separated by one space) lost, if anything.
    fn classify(&self, document: &Document, words: &[Word], index: usize) -> Option<Loss> {
        let text = document.text();
        let (first, second) = (words[index], words[index + 1]);
        let ending = document.word_text(second);
        let stem = document.word_text(first);
        let one_space =
            first.end() + 1 == second.start() && text.as_bytes()[first.end()] == b' ';
        if one_space && stem.len() == 1 {
            if let Some(loss) = self.letter_name(text, first, second, ending) {
                return Some(loss);
            }
        }
        let is_candidate = one_space
            && ending.len() <= self.longest_ending
            && self
                .endings
                .iter()
                .any(|known| known.eq_ignore_ascii_case(ending))
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
        let next_word = words.get(index + 2).map(|&word| document.word_text(word));

        let contraction = format!("{}'{}", stem.to_lowercase(), ending.to_ascii_lowercase());
        if self.contractions.contains(&contraction) {
            if !opens_word(text, first.start()) {
                return None;
            }
            let excluded = self
                .not_before
                .get(&contraction)
                .is_some_and(|after| next_word.is_some_and(|next| after.contains(&next.to_lowercase())));
            return (!excluded).then_some(Loss::Contraction);
        }

        if !ending.eq_ignore_ascii_case("s") {
            return None;
        }
        let owner = self.owner(document, words, index, ending == "s")?;
        // A possessive is followed by what is owned: "the company s products".
        // A letter or variable is followed by punctuation or a function word:
        // "the string s, which", "encode s to bytes", "the query s:".
        let after = &text[second.end()..];
        let ends_sentence = match after.chars().next() {
            None => true,
            Some('.') => true,
            Some(c) if c.is_whitespace() => {
                let mut rest = after.trim_start().chars();
                match rest.next() {
                    None => true,
                    Some(next) if next.is_alphanumeric() => false,
                    // "the firm s $500 price", "the sport s "blazers"".
                    Some(next)
                        if opens_quote_or_amount(next)
                            && rest.next().is_some_and(char::is_alphanumeric) =>
                    {
                        false
                    }
                    // "s = s + 1", "s (a str)": code, not a possessive.
                    Some(_) => return None,
                }
            }
            // "Standard & Poor s, which": a lowercase "s" after a name is
            // no variable.
            Some(c) if owner.proper && closes_phrase(c) => return Some(Loss::Possessive),
            Some(_) => return None,
        };
        if !ends_sentence
            && !owner.named
            && next_word.is_some_and(|next| self.is_function_word(next, ending))
        {
            return None;
        }
        // "s p", "s n": the "s" starts an abbreviation ("S&P", "S&N").
        let letter_follows = next_word.is_some_and(|next| {
            next.len() == 1 && !matches!(next, "a" | "i" | "A" | "I") && !next.contains(char::is_numeric)
        });
        if ending == "s" && !owner.proper && (letter_follows || among_initials(document, words, index)) {
            return None;
        }
        Some(if ends_sentence {
            Loss::PossessiveOrInitial
        } else {
            Loss::Possessive
        })
    }

    /// A name whose apostrophe after its first letter became a space: "O
    /// Brien", "d Estaing", "o brien" in flattened text. Only learned names:
    /// "O Lord" is a vocative.
    fn letter_name(&self, text: &str, first: Word, second: Word, name: &str) -> Option<Loss> {
        let letter = &text[first.start()..first.end()];
        let mut rest = name.chars();
        // "O Brien" with the text's case, or "o brien" flattened.
        let cased = match rest.next() {
            Some(initial) if initial.is_uppercase() => rest.all(char::is_lowercase),
            Some(_) => letter.chars().all(char::is_lowercase) && name.chars().all(char::is_lowercase),
            None => false,
        };
        let known = cased
            && opens_word(text, first.start())
            && closes_word(text, second.end())
            && self
                .letter_names
                .contains(&format!("{letter}'{name}").to_lowercase());
        known.then_some(Loss::Name)
    }

    /// Whether `next`, the word after a possessive "s", is a function word
    /// that says the "s" is something else ("the string s to"). A capitalised
    /// word after a lowercase "s" is a title or a name ("Madonna s Like a
    /// Prayer", "Toyota s US sales"), and a quantifier follows possessives
    /// ("the world s most", "the firm s only").
    fn is_function_word(&self, next: &str, ending: &str) -> bool {
        let lower = next.to_lowercase();
        // "the firm s us arm": after a possessive, "us" is "US".
        lower != "us"
            && self.not_owners.contains(&lower)
            && !self.after_owners.contains(&lower)
            && (lower == next || ending != "s")
    }

    /// The owner of a lost possessive "s" at `words[index + 1]`, if
    /// `words[index]` (with any words joined to it by "-" or "&") can own.
    /// `lowercase_ending` is whether the "s" is lowercase, which after a
    /// capital says the text kept its case.
    fn owner(
        &self,
        document: &Document,
        words: &[Word],
        index: usize,
        lowercase_ending: bool,
    ) -> Option<Owner> {
        let text = document.text();
        let stem_word = words[index];
        let stem = document.word_text(stem_word);
        // "Jay-Z s", "T-Mobile s", "the 24-year-old s", "M&S s".
        let mut first = index;
        while first > 0 && index - first < MAX_COMPOUND_PARTS {
            let previous = words[first - 1];
            let joined = previous.end() + 1 == words[first].start()
                && matches!(text.as_bytes()[previous.end()], b'-' | b'&');
            if !joined {
                break;
            }
            first -= 1;
        }
        if !opens_word(text, words[first].start()) {
            return None;
        }
        let has_upper = |word: &str| word.chars().any(char::is_uppercase);
        let stem_lower = stem.to_lowercase();
        let listed = |word: &String| {
            self.not_owners.contains(word)
                || self.letter_words.contains(word)
                || self.variable_words.contains(word)
        };
        if first < index {
            let owner = &text[words[first].start()..stem_word.end()];
            let letters = owner.chars().filter(|c| c.is_alphabetic()).count();
            let amp = owner.contains('&');
            let ok = letters >= 2
                && (!amp || (lowercase_ending && !owner.chars().any(char::is_lowercase)))
                && !(stem.chars().count() >= 2 && listed(&stem_lower));
            return ok.then_some(Owner {
                proper: lowercase_ending && has_upper(owner),
                named: false,
            });
        }
        let alphabetic = stem.chars().all(char::is_alphabetic);
        let digits = stem.bytes().all(|byte| byte.is_ascii_digit());
        if alphabetic && stem.chars().count() >= 2 {
            // "the US s economy": capitals before a lowercase "s" are an
            // acronym; flattened, "us s" can only have been "US's".
            let acronym = lowercase_ending
                && (!stem.chars().any(char::is_lowercase) || stem == "us");
            let reciprocal = index > 0 && {
                let previous = document.word_text(words[index - 1]).to_lowercase();
                match stem_lower.as_str() {
                    "other" => matches!(previous.as_str(), "each" | "one" | "the"),
                    "another" => previous == "one",
                    _ => false,
                }
            };
            if !acronym && !reciprocal && listed(&stem_lower) {
                return None;
            }
            let proper =
                lowercase_ending && has_upper(stem) && (acronym || inside_sentence(text, stem_word));
            return Some(Owner {
                proper,
                named: self.owner_names.contains(&stem_lower),
            });
        }
        if digits {
            // The word right before the number, one space away ("Radio 4").
            let name = index
                .checked_sub(1)
                .map(|previous| words[previous])
                .filter(|previous| {
                    previous.end() + 1 == stem_word.start() && text.as_bytes()[previous.end()] == b' '
                })
                .map(|previous| document.word_text(previous));
            return self.number_owner(stem, name, lowercase_ending);
        }
        // "ITV1 s", "U2 s": letters and digits with a capital, then a lowercase "s".
        // A lone capital ("Plan B s", "É s") is a letter, not a name.
        let named = lowercase_ending
            && has_upper(stem)
            && stem.chars().all(char::is_alphanumeric)
            && stem.chars().any(char::is_alphabetic)
            && stem.chars().any(char::is_numeric);
        named.then_some(Owner {
            proper: true,
            named: false,
        })
    }

    /// The owner when `stem` is a number, `name` the word before it: a year
    /// that is not a decade ("2004 s average"), or a number that ends a name
    /// ("Radio 4 s Today"). "5 s" (seconds) and "the 1990 s" (a plural) are
    /// no owners.
    fn number_owner(&self, stem: &str, name: Option<&str>, lowercase_ending: bool) -> Option<Owner> {
        // "radio 4 s today": a learned name before the number, in any case.
        if name.is_some_and(|name| self.number_owners.contains(&name.to_lowercase())) {
            return Some(Owner {
                proper: lowercase_ending,
                named: false,
            });
        }
        if stem.ends_with('0') {
            return None;
        }
        let owner = |proper| Owner {
            proper,
            named: false,
        };
        if stem.len() == 4 && matches!(stem.get(..2), Some("18" | "19" | "20")) {
            return Some(owner(false));
        }
        // "Maroon 5 s album": a capitalised name before the number.
        let named = lowercase_ending
            && name.is_some_and(|name| {
                name.chars().next().is_some_and(char::is_uppercase)
                    && !self.not_owners.contains(&name.to_lowercase())
            });
        named.then(|| owner(true))
    }
}

/// Whether the "s" after `words[index]` stands among initials, as in a team
/// sheet flattened to lowercase ("c hale s marsh t quill"): two or more
/// lone letters near it, each between two longer words. Letters next to each
/// other are an abbreviation ("r b", "u s"); "a" and "i" are words, and "s"
/// and "t" are what lost apostrophes leave.
fn among_initials(document: &Document, words: &[Word], index: usize) -> bool {
    let start = index.saturating_sub(INITIALS_WINDOW);
    let end = (index + 2 + INITIALS_WINDOW).min(words.len());
    let letter = |position: usize| {
        words.get(position).is_some_and(|&word| {
            let text = document.word_text(word);
            text.len() == 1 && text.bytes().all(|byte| byte.is_ascii_alphabetic())
        })
    };
    (start..end)
        .filter(|&position| {
            let text = document.word_text(words[position]).to_ascii_lowercase();
            letter(position)
                && !matches!(text.as_str(), "a" | "i" | "s" | "t")
                && !letter(position + 1)
                && (position == 0 || !letter(position - 1))
        })
        .count()
        >= 2
}

/// How many words either side of a possessive [`among_initials`] looks at.
const INITIALS_WINDOW: usize = 5;

/// The longest compound a possessive's owner is looked for in ("a
/// 24-year-old s").
const MAX_COMPOUND_PARTS: usize = 4;

/// What the rule knows about the owner of a lost possessive "s".
struct Owner {
    /// A name or an acronym inside a sentence, followed by a lowercase "s":
    /// the "s" can be neither an initial nor a variable.
    proper: bool,
    /// A learned owner name: a possessive even before a function word
    /// ("McDonald s has", "madonna s like a prayer").
    named: bool,
}

/// Whether `c` can open a quoted word or an amount after a possessive.
fn opens_quote_or_amount(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201c}' | '\u{2018}' | '$' | '\u{a3}' | '\u{20ac}'
    )
}

/// Whether `c`, right after a possessive "s", closes a phrase: "Poor s, which".
fn closes_phrase(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\u{201d}' | '\u{2019}'
    )
}

/// Whether `word` stands inside a sentence: after a word, a comma or a
/// similar mark, not at the start of a line or after a full stop.
fn inside_sentence(text: &str, word: Word) -> bool {
    text[..word.start()]
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ';' | ':' | '&' | '-'))
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
    /// A learned name with a letter and an apostrophe ("O Brien").
    Name,
}

/// Whether a word starting at `offset` starts after a space, an opening
/// bracket or quote, or at the start of the text (not inside code or a URL).
fn opens_word(text: &str, offset: usize) -> bool {
    let mut before = text[..offset].chars().rev();
    match before.next() {
        None => true,
        // "'it s" quoted with a straight apostrophe, not "rock 'n' roll s".
        Some('\'') => before.next().is_none_or(|c| c.is_whitespace() || c == '('),
        // "...I ve": an ellipsis.
        Some('.') => before.next() == Some('.'),
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '['
                        | '"'
                        | '\u{201c}'
                        | '\u{2018}'
                        | '\u{2014}'
                        | '\u{2013}'
                        | '\u{2026}'
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
                Loss::Contraction | Loss::Possessive | Loss::Name => Fix::safe("restore apostrophe", edits),
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
    fn flags_the_shapes_punctuated_text_shows() {
        assert_eq!(
            flagged("It s late. 'I ve seen the world s most famous view, and the US s policy."),
            ["It s", "I ve", "world s", "US s"]
        );
        assert_eq!(
            flagged("After Standard & Poor s, the 24-year-old s agent and Radio 4 s host spoke."),
            ["Poor s", "old s", "4 s"]
        );
        assert_eq!(
            flagged("each other s work, the firm s 2009 budget, 2004 s total, O Brien s goal"),
            ["other s", "firm s", "2004 s", "O Brien", "Brien s"]
        );
    }

    #[test]
    fn plurals_decades_initials_and_vocatives_stay_clean() {
        let texts = [
            "the boom of the 1990 s and the 80 s",
            "mind your p s and q s",
            "O Lord, hear us",
            "the team was j cole s marsh t quill g ives k moss",
            "the test took 12 s and then 4 s more",
            "the firm s n chief",
            "grade B s are rare",
            "Plan É s x",
        ];
        assert_clean(
            &LostApostrophe::new(&RuleOptions::new()).expect("built-in lists parse"),
            &texts,
        );
    }

    #[test]
    fn let_s_is_a_contraction_outside_mathematics() {
        assert_eq!(flagged("let s go home"), ["let s"]);
    }
}
