//! Printers: one per output format. Each takes the reports of a run and a
//! writer; nothing else in copydesk knows about terminals.

mod concise;
mod full;
mod github;
mod gitlab;
mod json;
mod junit;
mod sarif;

use std::io;

use crate::check::FileReport;
use crate::diagnostic::Diagnostic;
use crate::rule::RuleMeta;
use crate::source::{LineColumn, LineColumnCursor, LineIndex};

pub use full::{render_diagnostic, WindowedSource};
pub use json::JsonDiagnostic;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// The source around each span, underlined, with help (miette).
    #[default]
    Full,
    /// One line per diagnostic: `path:line:column: rule [*] message`.
    Concise,
    /// A JSON array of diagnostics (the schema in the README).
    Json,
    /// One JSON object per line, the same objects as `json`.
    Jsonl,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// GitLab Code Quality JSON (stable fingerprints).
    Gitlab,
    /// JUnit XML: one test case per file.
    Junit,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
}

/// Settings for output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap messages at this many columns.
    pub width: usize,
}

/// The rules a report may mention, with their documentation (for SARIF).
pub type Rules<'a> = &'a [RuleMeta];

impl Default for Style {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
        }
    }
}

/// Writes every diagnostic of `reports` to `out` in `format`; `rules`
/// describes the rules (SARIF lists them with their documentation).
pub fn print(
    format: OutputFormat,
    reports: &[FileReport],
    rules: Rules,
    style: Style,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Full => full::print(reports, style, out),
        OutputFormat::Concise => concise::print(reports, out),
        OutputFormat::Json => json::print(reports, out),
        OutputFormat::Jsonl => json::print_lines(reports, out),
        OutputFormat::Github => github::print(reports, out),
        OutputFormat::Gitlab => gitlab::print(reports, out),
        OutputFormat::Junit => junit::print(reports, out),
        OutputFormat::Sarif => sarif::print(reports, rules, out),
    }
}

/// Calls `visit` with every diagnostic of `reports`, its report and the line
/// and column of its start and end (computed with one cursor per file).
fn for_each_located<'a>(
    reports: &'a [FileReport],
    mut visit: impl FnMut(&'a FileReport, &'a Diagnostic, LineColumn, LineColumn) -> io::Result<()>,
) -> io::Result<()> {
    for report in reports {
        let lines = LineIndex::new(&report.text);
        let mut cursor = LineColumnCursor::new(&report.text, &lines);
        for diagnostic in &report.diagnostics {
            let start = cursor.line_column(diagnostic.span.start);
            let end = cursor.line_column(diagnostic.span.end);
            visit(report, diagnostic, start, end)?;
        }
    }
    Ok(())
}

/// A serde_json error as an I/O error that keeps its kind, so a closed pipe
/// is still recognised as one.
fn json_error(error: serde_json::Error) -> io::Error {
    match error.io_error_kind() {
        Some(kind) => io::Error::new(kind, error),
        None => io::Error::other(error),
    }
}
