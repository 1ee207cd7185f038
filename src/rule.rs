//! The [`Rule`] trait, rule metadata, and the [`declare_rule!`] macro that
//! lifts a rule's doc comment into its metadata.

use std::fmt;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
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
    pub fn as_str(self) -> &'static str {
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

/// What the registry, `copydesk rules` and `copydesk rule NAME` know about a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// Stable kebab-case name; never changes once released.
    pub name: &'static str,
    /// Its category.
    pub category: Category,
    /// Default severity of its diagnostics.
    pub severity: Severity,
    /// Whether its diagnostics carry fixes.
    pub fix: FixAvailability,
    /// The raw doc comment (each line still has the space that follows `///`).
    #[serde(skip)]
    pub raw_doc: &'static str,
    /// Where the rule is defined, as `file#Lline`.
    pub location: &'static str,
}

impl RuleMeta {
    /// The documentation as Markdown: `## What it does`, `## Why is this bad?`,
    /// `## Example`, `Use instead:`, `## Fix safety`.
    pub fn doc(&self) -> String {
        let mut doc = String::with_capacity(self.raw_doc.len());
        for line in self.raw_doc.lines() {
            doc.push_str(line.strip_prefix(' ').unwrap_or(line));
            doc.push('\n');
        }
        doc
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

/// A check over a prepared document. Rules never print, never read files and
/// never panic; they are shared by every thread of a run.
pub trait Rule: Send + Sync {
    /// The rule's metadata.
    fn meta(&self) -> &RuleMeta;

    /// Appends the rule's diagnostics for `document` to `out`.
    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>);
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
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis const $meta:ident = {
            name: $name:literal,
            category: $category:ident,
            severity: $severity:ident,
            fix: $fix:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis const $meta: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
            name: $name,
            category: $crate::rule::Category::$category,
            severity: $crate::diagnostic::Severity::$severity,
            fix: $crate::fix::FixAvailability::$fix,
            raw_doc: concat!($($doc, "\n"),*),
            location: concat!(file!(), "#L", line!()),
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
    fn categories_round_trip_by_name() {
        for category in Category::ALL {
            assert_eq!(Category::from_name(category.as_str()), Some(category));
        }
        assert_eq!(Category::from_name("style"), None);
    }
}
