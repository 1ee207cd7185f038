//! The [`Rule`] trait, rule metadata, and the [`declare_rule!`] macro that
//! lifts a rule's doc comment into its metadata.

use std::borrow::Cow;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::error::Error;
use crate::fix::FixAvailability;

/// The family a rule belongs to; users select and ignore whole categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Damage left by scraping: lost punctuation, repeats, code, site chrome.
    Artefact,
    /// Damage at the character level: mojibake, entities, invisible characters.
    Encoding,
    /// Spacing and doubled words.
    Typography,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 3] = [Category::Artefact, Category::Encoding, Category::Typography];

    /// The lowercase name used on the command line and in output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Artefact => "artefact",
            Category::Encoding => "encoding",
            Category::Typography => "typography",
        }
    }

    /// The category called `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|category| category.as_str() == name)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule looks at, which decides where it runs by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One document at a time. On by default everywhere.
    #[default]
    Document,
    /// Every document of the run: the rule counts what recurs across the
    /// documents before it checks one (see [`crate::corpus::SharedCounts`]).
    /// On by default for the records of a JSON Lines corpus only; a plain
    /// file gets it when a selection names the rule itself (not its
    /// category), because files of one project legitimately share text.
    Run,
}

/// What the registry, `copydesk rules` and `copydesk rule NAME` know about a
/// rule. Built-in rules describe themselves with [`declare_rule!`]; rules from
/// declarative packs are described at run time, hence the `Cow`s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// Stable kebab-case name; never changes once released.
    pub name: Cow<'static, str>,
    /// Its category: one of [`Category`] for built-in rules, or a pack's own.
    pub category: Cow<'static, str>,
    /// Default severity of its diagnostics.
    pub severity: Severity,
    /// Whether its diagnostics carry fixes.
    pub fix: FixAvailability,
    /// What it looks at: one document, or the whole run.
    pub scope: Scope,
    /// The documentation source: a `///` comment (each line still starting with
    /// the space that follows `///`) or a pack's `doc` text.
    #[serde(skip)]
    pub raw_doc: Cow<'static, str>,
    /// Whether `raw_doc` comes from a `///` comment.
    #[serde(skip)]
    pub doc_comment: bool,
    /// Where the rule is defined: `file#Lline` or a pack file.
    pub location: Cow<'static, str>,
}

impl RuleMeta {
    /// The documentation as Markdown: `## What it does`, `## Why is this bad?`,
    /// `## Example`, `Use instead:`, `## Fix safety`.
    pub fn doc(&self) -> String {
        if !self.doc_comment {
            return self.raw_doc.to_string();
        }
        let mut doc = String::with_capacity(self.raw_doc.len());
        for line in self.raw_doc.lines() {
            doc.push_str(line.strip_prefix(' ').unwrap_or(line));
            doc.push('\n');
        }
        doc
    }

    /// The rule's page, as `copydesk rule NAME` prints it and the language
    /// server shows it on hover: a heading, one line of facts, the doc.
    pub fn page(&self) -> String {
        format!(
            "# {}\n\ncategory: {} · default severity: {} · fix: {} · defined in {}\n\n{}",
            self.name,
            self.category,
            self.severity.as_str(),
            self.fix.as_str(),
            self.location,
            self.doc().trim_end()
        )
    }

    /// The first sentence of "What it does", for one-line listings.
    pub fn summary(&self) -> String {
        let doc = self.doc();
        let body = doc
            .split_once("## What it does")
            .map_or(doc.as_str(), |(_, rest)| rest);
        let paragraph: Vec<&str> = body
            .lines()
            .map(str::trim)
            .skip_while(|line| line.is_empty())
            .take_while(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        let paragraph = paragraph.join(" ");
        // The first sentence, without the examples that may follow a colon.
        let end = [". ", ": "]
            .iter()
            .filter_map(|separator| paragraph.find(separator))
            .min();
        match end {
            Some(end) => format!("{}.", &paragraph[..end]),
            None => paragraph,
        }
    }
}

impl RuleMeta {
    /// Whether `name`, as written in a selection or a suppression comment,
    /// stands for this rule: its own name or its category.
    pub fn is_named_by(&self, name: &str) -> bool {
        self.name == name || self.category == name
    }
}

/// A rule's index in a [`crate::Linter`]'s rule list: the built-in rules
/// first, then the pack rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(pub usize);

/// A set of rules of one linter, as one bit per [`RuleId`] (with no
/// trailing words of zeros, so that equal sets compare equal).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSet {
    bits: Vec<u64>,
}

impl RuleSet {
    /// Every rule of a linter with `count` rules.
    pub fn all(count: usize) -> Self {
        let mut set = Self::default();
        for index in 0..count {
            set.insert(RuleId(index));
        }
        set
    }

    /// Adds `rule`.
    pub fn insert(&mut self, rule: RuleId) {
        let word = rule.0 / 64;
        if self.bits.len() <= word {
            self.bits.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << (rule.0 % 64);
    }

    /// Whether `rule` is in the set.
    pub fn contains(&self, rule: RuleId) -> bool {
        self.bits
            .get(rule.0 / 64)
            .is_some_and(|word| word & (1 << (rule.0 % 64)) != 0)
    }

    /// The rules of `self` that are not in `other`.
    pub fn difference(&self, other: &RuleSet) -> RuleSet {
        let bits = self
            .bits
            .iter()
            .enumerate()
            .map(|(index, word)| word & !other.bits.get(index).copied().unwrap_or(0))
            .collect();
        RuleSet::trimmed(bits)
    }

    /// The rules of `self` or of `other`.
    pub fn union(&self, other: &RuleSet) -> RuleSet {
        let longer = self.bits.len().max(other.bits.len());
        let bits = (0..longer)
            .map(|index| {
                self.bits.get(index).copied().unwrap_or(0)
                    | other.bits.get(index).copied().unwrap_or(0)
            })
            .collect();
        RuleSet::trimmed(bits)
    }

    /// The set of `bits`, without its trailing words of zeros.
    fn trimmed(mut bits: Vec<u64>) -> RuleSet {
        while bits.last() == Some(&0) {
            bits.pop();
        }
        RuleSet { bits }
    }

    /// Whether any rule at or after `first` is in the set.
    pub fn any_from(&self, first: RuleId) -> bool {
        (first.0..self.bits.len() * 64).any(|index| self.contains(RuleId(index)))
    }
}

/// A check over a prepared document. Rules never print, never read files and
/// never panic; they are shared by every thread of a run.
pub trait Rule: Send + Sync {
    /// The rule's metadata.
    fn meta(&self) -> &RuleMeta;

    /// Appends the rule's diagnostics for `document` to `out`.
    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>);

    /// For a rule of [`Scope::Run`]: appends to `out` the hashes of the
    /// units of `document` (lines, shingles) that the run counts across
    /// documents before any document is checked; [`Document::shared_counts`]
    /// then holds the counts. Rules of one document have none.
    fn shared_units(&self, _document: &Document, _out: &mut Vec<u64>) {}
}

/// The `[rules.NAME]` options of one rule as written in `copydesk.toml`,
/// without `severity`, which the linter applies to every rule.
pub type RuleOptions = toml::Table;

/// Reads a rule's options into its options struct (kebab-case keys, unknown
/// keys rejected); an empty table gives the defaults.
pub(crate) fn parse_options<T: DeserializeOwned + Default>(
    rule: &str,
    options: &RuleOptions,
) -> Result<T, Error> {
    if options.is_empty() {
        return Ok(T::default());
    }
    toml::Value::Table(options.clone())
        .try_into()
        .map_err(|error: toml::de::Error| {
            let message = error.message().trim_end().to_owned();
            // serde names the offending key in backticks: "unknown field `min-word`".
            let key = message
                .split('`')
                .nth(1)
                .filter(|key| options.contains_key(*key))
                .map(str::to_owned)
                .or_else(|| {
                    (options.len() == 1)
                        .then(|| options.keys().next().cloned())
                        .flatten()
                });
            Error::RuleOption {
                rule: rule.to_owned(),
                key,
                message,
            }
        })
}

/// Checks that the option `key` of `rule` is at least `min`.
pub(crate) fn require_at_least(
    rule: &str,
    key: &str,
    value: impl Into<u64>,
    min: u64,
) -> Result<(), Error> {
    if value.into() >= min {
        return Ok(());
    }
    Err(Error::RuleOption {
        rule: rule.to_owned(),
        key: Some(key.to_owned()),
        message: format!("{key} must be at least {min}"),
    })
}

/// Checks that a rule without options was given none.
pub(crate) fn no_options(rule: &str, options: &RuleOptions) -> Result<(), Error> {
    #[derive(serde::Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    struct NoOptions {}
    parse_options::<NoOptions>(rule, options).map(|NoOptions {}| ())
}

/// Declares a rule's metadata constant, taking its documentation from the doc
/// comment above it (clippy's `declare_clippy_lint!` trick, on stable Rust).
///
/// ```text
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub(crate) const META = {
///         name: "lost-apostrophe", category: Artefact, severity: Warning, fix: Always,
///     }
/// }
/// ```
///
/// A rule that learns from every document of the run adds `scope: Run`
/// after `fix` (see [`Scope`]):
///
/// ```text
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub(crate) const META = {
///         name: "shared-boilerplate", category: Artefact, severity: Warning, fix: Always,
///         scope: Run,
///     }
/// }
/// ```
macro_rules! declare_rule {
    (@scope) => { $crate::rule::Scope::Document };
    (@scope $scope:ident) => { $crate::rule::Scope::$scope };
    (
        $(#[doc = $doc:literal])*
        $vis:vis const $meta:ident = {
            name: $name:literal,
            category: $category:ident,
            severity: $severity:ident,
            fix: $fix:ident
            $(, scope: $scope:ident)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis const $meta: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
            name: ::std::borrow::Cow::Borrowed($name),
            category: ::std::borrow::Cow::Borrowed($crate::rule::Category::$category.as_str()),
            severity: $crate::diagnostic::Severity::$severity,
            fix: $crate::fix::FixAvailability::$fix,
            scope: $crate::rule::declare_rule!(@scope $($scope)?),
            raw_doc: ::std::borrow::Cow::Borrowed(concat!($($doc, "\n"),*)),
            doc_comment: true,
            location: ::std::borrow::Cow::Borrowed(concat!(file!(), "#L", line!())),
        };
    };
}
pub(crate) use declare_rule;

#[cfg(test)]
mod tests {
    use super::*;

    declare_rule! {
        /// ## What it does
        /// Finds things. It is thorough.
        ///
        /// ## Why is this bad?
        /// Because.
        const EXAMPLE = { name: "example-rule", category: Typography, severity: Info, fix: None }
    }

    #[test]
    fn doc_comment_becomes_doc_text() {
        assert_eq!(EXAMPLE.name, "example-rule");
        assert!(EXAMPLE.doc().starts_with("## What it does\nFinds things."));
        assert_eq!(EXAMPLE.summary(), "Finds things.");
        assert!(EXAMPLE.location.starts_with("src/rule.rs#L"));
    }

    #[test]
    fn rule_sets_unite_and_differ() {
        let mut low = RuleSet::default();
        low.insert(RuleId(1));
        let mut high = RuleSet::default();
        high.insert(RuleId(70));
        let both = low.union(&high);
        assert!(both.contains(RuleId(1)) && both.contains(RuleId(70)));
        assert!(!both.contains(RuleId(2)));
        assert_eq!(high.union(&low), both);
        assert_eq!(both.difference(&high), low);
        assert!(both.any_from(RuleId(2)) && !low.any_from(RuleId(2)));
    }

    #[test]
    fn categories_round_trip_by_name() {
        for category in Category::ALL {
            assert_eq!(Category::from_name(category.as_str()), Some(category));
        }
        assert_eq!(Category::from_name("style"), None);
    }
}
