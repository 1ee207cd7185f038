/*!
copydesk is an editorial quality linter for text damaged by web scraping and
careless conversion: apostrophes turned into spaces ("huawei s", "don t"),
pages repeated by infinite scroll, leftover JavaScript, site chrome, mojibake.
Each rule reports [`Diagnostic`]s with exact byte [`Span`]s, and most offer a
[`Fix`] that repairs the text without touching any other byte.

# Brief overview

- [`Linter`] runs a selection of rules over a text ([`Linter::lint`]) or fixes
  it until it is stable ([`Linter::fix`]); [`Settings`] (from `copydesk.toml`,
  see [`config`]) choose the rules, their options and severities.
- [`packs`] compiles declarative rule packs (the `rules/` folder and users' own)
  into one scan; [`suppression`] reads `<!-- copydesk-disable -->` comments.
- [`Document`] is the prepared view every rule shares, computed lazily: words,
  apostrophe-split folded tokens, sentence and paragraph gaps, chunks, lines,
  an ASCII flag.
- [`Rule`] and [`RuleMeta`] describe a rule; [`registry`] lists the built-in ones.
- [`check::run`] runs a whole [`check::Request`] (files, folders walked by
  [`walk`], texts in memory), linting in parallel and fixing or diffing as
  asked, and streams one [`check::FileReport`] per input, in input order,
  to an [`output::Sink`]; it returns a [`check::Summary`] for the exit code.
- [`corpus`] reads JSON Lines corpora (plain, gzip, zstd): [`check::run`]
  lints each record as a document, with one report per record, and writes
  the corpus back with only the text field changed.
- [`server`] is `copydesk server`, a language server over the same linter.
- [`output`] has a sink per output format (`full` with miette, `concise`,
  `json`, `jsonl`, `github`, `gitlab`, `junit`, `sarif`) and for diffs,
  fixed texts and statistics; [`baseline`] records and filters known findings.

The library never prints and never reads standard input: the command line
reads it into a [`walk::Input::Text`] and picks the sink.

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

mod author_notes;
pub mod baseline;
pub mod check;
mod chrome_blocks;
mod chrome_words;
mod common_words;
pub mod config;
pub mod corpus;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod error;
pub mod fix;
pub mod fix_loop;
mod linter;
pub mod markdown;
mod menu_runs;
mod ordered;
pub mod output;
pub mod packs;
pub mod read;
pub mod registry;
pub mod rule;
mod rules;
pub mod server;
pub mod source;
pub mod suppression;
mod teaser_cards;
pub mod walk;
mod widget_lists;
pub mod write;

pub use config::Settings;
pub use diagnostic::{Diagnostic, Label, Severity, Span};
pub use document::Document;
pub use error::Error;
pub use fix::{Applicability, Edit, Fix, FixAvailability};
pub use fix_loop::FixOutcome;
pub use linter::{FileRules, Linter};
pub use registry::Selection;
pub use rule::{Category, Rule, RuleId, RuleMeta, RuleSet, Scope};
