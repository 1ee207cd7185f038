/*!
copydesk is an editorial quality linter for text damaged by web scraping and
careless conversion: apostrophes turned into spaces ("huawei s", "don t"),
pages repeated by infinite scroll, leftover JavaScript, site chrome, mojibake.
Each rule reports [`Diagnostic`]s with exact byte [`Span`]s, and most offer a
[`Fix`] that repairs the text without touching any other byte.

# Brief overview

- [`Linter`] runs a selection of rules over a text ([`Linter::lint`]) or fixes
  it until it is stable ([`Linter::fix`]).
- [`Document`] is the prepared view (line index, words) every rule shares.
- [`Rule`] and [`RuleMeta`] describe a rule; [`registry`] lists the built-in ones.
- [`check`] is the command-line pipeline: read a file, lint, fix, write atomically.
- [`output`] renders reports as `full` (miette), `concise` or `json`.

# Example

```
use copydesk::{Applicability, Linter, Selection};

let linter = Linter::new(&Selection::default())?;
let text = "the museum s director said they don t plan to reopen\n";

let diagnostics = linter.lint(text);
assert_eq!(diagnostics.len(), 2);
assert_eq!(diagnostics[0].rule, "lost-apostrophe");

let fixed = linter.fix(text, Applicability::Safe)?;
assert_eq!(fixed.text, "the museum's director said they don't plan to reopen\n");
assert!(fixed.remaining.is_empty());
# Ok::<(), copydesk::Error>(())
```
*/
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod fix;
pub mod output;
pub mod registry;
pub mod rule;
mod rules;
pub mod source;
pub mod walk;
pub mod write;

pub use diagnostic::{Diagnostic, Label, Severity, Span};
pub use document::Document;
pub use error::Error;
pub use fix::{Applicability, Edit, Fix, FixAvailability, FixOutcome};
pub use registry::Selection;
pub use rule::{Category, Rule, RuleMeta};

/// A selection of rules, ready to lint or fix any number of texts (from any
/// number of threads).
pub struct Linter {
    rules: Vec<Box<dyn Rule>>,
}

impl Linter {
    /// A linter running the built-in rules that `selection` picks.
    pub fn new(selection: &Selection) -> Result<Self, Error> {
        selection.validate(&registry::builtin_metas())?;
        Ok(Self::with_rules(
            selection.apply(registry::builtin_rules()?),
        ))
    }

    /// A linter running exactly `rules`.
    pub fn with_rules(rules: Vec<Box<dyn Rule>>) -> Self {
        Self { rules }
    }

    /// The metadata of the rules this linter runs.
    pub fn metas(&self) -> impl Iterator<Item = &RuleMeta> {
        self.rules.iter().map(|rule| rule.meta())
    }

    /// Every diagnostic of every rule for `text`, sorted by position, then rule name.
    ///
    /// No echoes: a diagnostic that lies wholly inside text another rule
    /// deletes (a repeated copy, leftover script) is dropped, so a problem in
    /// a repeated passage is reported once, where it first occurs.
    pub fn lint(&self, text: &str) -> Vec<Diagnostic> {
        let document = Document::new(text);
        let mut diagnostics = Vec::new();
        for rule in &self.rules {
            rule.check(&document, &mut diagnostics);
        }
        drop_echoes(&mut diagnostics);
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        diagnostics
    }

    /// Applies every fix allowed at `level`, re-linting after each pass until
    /// nothing changes; returns the fixed text and what remains.
    pub fn fix(&self, text: &str, level: Applicability) -> Result<FixOutcome, Error> {
        fix::fix_until_stable(text, level, |current| self.lint(current))
    }
}

/// The span a diagnostic's fix deletes outright, when the fix is one deletion
/// that covers the whole diagnostic.
fn deleted_span(diagnostic: &Diagnostic) -> Option<Span> {
    match diagnostic.fix.as_ref()?.edits.as_slice() {
        [edit] if edit.replacement.is_empty() && edit.span().contains(diagnostic.span) => {
            Some(edit.span())
        }
        _ => None,
    }
}

/// Removes diagnostics that lie wholly inside text that another rule deletes.
///
/// Deletions are sorted by start, and for each one the deletion reaching
/// furthest among those starting at or before it is remembered, so each
/// diagnostic is checked with one binary search.
fn drop_echoes(diagnostics: &mut Vec<Diagnostic>) {
    let mut deletions: Vec<(Span, usize)> = diagnostics
        .iter()
        .enumerate()
        .filter_map(|(index, diagnostic)| Some((deleted_span(diagnostic)?, index)))
        .collect();
    if deletions.is_empty() {
        return;
    }
    deletions.sort_by_key(|&(span, _)| (span.start, std::cmp::Reverse(span.end)));
    // (start, furthest end so far, the diagnostic that reaches it)
    let mut furthest: Vec<(usize, usize, usize)> = Vec::with_capacity(deletions.len());
    for &(span, index) in &deletions {
        let entry = match furthest.last() {
            Some(&(_, end, holder)) if end >= span.end => (span.start, end, holder),
            _ => (span.start, span.end, index),
        };
        furthest.push(entry);
    }
    let reaches: Vec<(usize, usize, std::borrow::Cow<'static, str>)> = furthest
        .into_iter()
        .map(|(start, end, holder)| (start, end, diagnostics[holder].rule.clone()))
        .collect();
    diagnostics.retain(|diagnostic| {
        let position = reaches.partition_point(|(start, _, _)| *start <= diagnostic.span.start);
        position.checked_sub(1).is_none_or(|found| {
            let (_, end, rule) = &reaches[found];
            diagnostic.span.end > *end || *rule == diagnostic.rule
        })
    });
}
