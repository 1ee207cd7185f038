//! Printers: one [`Sink`] per output format, each streaming: it writes a
//! file's diagnostics when it receives the file's report and keeps only what
//! it must for [`Sink::finish`] (the closing brackets of a JSON array, the
//! counts of a JUnit report). Besides the formats of [`OutputFormat`] there
//! are sinks for a run's diffs ([`DiffPrinter`]), for a text fixed in memory
//! ([`FixedTextPrinter`]) and for `--statistics` ([`StatisticsPrinter`]);
//! [`crate::baseline::Baseline`] is the sink that records a baseline, and a
//! `Vec<FileReport>` collects the reports. Nothing else in copydesk knows
//! about terminals.

mod concise;
mod diff;
mod fixed_text;
mod full;
mod github;
mod gitlab;
mod json;
mod junit;
mod sarif;
mod statistics;
pub mod visible;

use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::Serialize;

use crate::check::{FileReport, Summary};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::rule::RuleMeta;
use crate::source::LineColumn;

pub use diff::DiffPrinter;
pub use fixed_text::FixedTextPrinter;
pub use full::{render_diagnostic, WindowedSource};
pub use json::JsonDiagnostic;
pub use statistics::StatisticsPrinter;

/// A count of bytes read, shared between the threads that read and whoever
/// shows progress.
#[derive(Debug, Clone, Default)]
pub struct ReadCounter(Arc<AtomicU64>);

impl ReadCounter {
    /// Counts `bytes` more bytes read.
    pub fn add(&self, bytes: usize) {
        self.0
            .fetch_add(u64::try_from(bytes).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// The bytes read so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl PartialEq for ReadCounter {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for ReadCounter {}

/// What a run is about to check, told to a sink before the first file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunInfo {
    /// How many inputs will be checked (each ends as a report, a skip or an
    /// error; a JSON Lines corpus as a report per record).
    pub files: usize,
    /// How many of the inputs are JSON Lines corpora.
    pub corpora: usize,
    /// The size of those corpora as stored (compressed or not), in bytes;
    /// what [`RunInfo::corpus_read`] counts up to.
    pub corpus_bytes: u64,
    /// How many bytes of the corpora have been read so far, as stored: the
    /// progress of a run over corpora, whose records are not counted ahead.
    pub corpus_read: ReadCounter,
    /// Every rule the run's configurations know, with its documentation.
    pub rules: Vec<RuleMeta>,
}

/// Receives the results of a run as they come, in input order.
///
/// [`crate::check::run`] calls [`Sink::begin`] once, then for each input one
/// of [`Sink::file`], [`Sink::skipped`] or [`Sink::error`], then
/// [`Sink::finish`] once. Errors met while finding the inputs (a missing
/// path) come to [`Sink::error`] before [`Sink::begin`].
pub trait Sink {
    /// The run is about to check `run.files` inputs.
    fn begin(&mut self, run: &RunInfo) -> io::Result<()> {
        let _ = run;
        Ok(())
    }

    /// One input was checked; the report is dropped after this call.
    fn file(&mut self, report: &FileReport) -> io::Result<()>;

    /// The next bytes of a JSON Lines corpus in memory, written back (with
    /// `--fix` or `--add-field`): each record's line, fixed or as it was,
    /// and each bad line as it was, compressed as the input was. Called in
    /// input order, a batch of lines before their reports; a sink that
    /// prints fixed texts writes them out.
    fn corpus_output(&mut self, bytes: &[u8]) -> io::Result<()> {
        let _ = bytes;
        Ok(())
    }

    /// One input was passed over, for `reason` (a binary file).
    fn skipped(&mut self, path: &str, reason: &str) -> io::Result<()> {
        let _ = (path, reason);
        Ok(())
    }

    /// One input could not be checked; the run's summary records the failure.
    fn error(&mut self, error: Error) -> io::Result<()> {
        let _ = error;
        Ok(())
    }

    /// The run is over; `summary` counts what it found.
    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let _ = summary;
        Ok(())
    }
}

/// Collects every report, for tests and for callers that want them all.
impl Sink for Vec<FileReport> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.push(report.clone());
        Ok(())
    }
}

/// The printer of `format`, writing to `out`.
pub fn printer<'w>(format: OutputFormat, style: Style, out: impl Write + 'w) -> Box<dyn Sink + 'w> {
    match format {
        OutputFormat::Full => Box::new(full::FullPrinter::new(out, style)),
        OutputFormat::Concise => Box::new(LocatedPrinter::new(out, concise::write)),
        OutputFormat::Json => Box::new(ArrayPrinter::new(out, 0, json::push_file)),
        OutputFormat::Jsonl => Box::new(LocatedPrinter::new(out, json::write_line)),
        OutputFormat::Github => Box::new(LocatedPrinter::new(out, github::write)),
        OutputFormat::Gitlab => Box::new(ArrayPrinter::new(out, 2, gitlab::push_file)),
        OutputFormat::Junit => Box::new(junit::JunitPrinter::new(out)),
        OutputFormat::Sarif => Box::new(sarif::SarifPrinter::new(out)),
    }
}

/// Declares [`OutputFormat`] from one table: each variant with its name on
/// the command line and its one-line description (its doc, and the help
/// that `--output-format` shows for it).
macro_rules! output_formats {
    ($($(#[$attribute:meta])* $variant:ident $name:literal $description:literal,)*) => {
        /// How diagnostics are printed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum OutputFormat {
            $($(#[$attribute])* #[doc = $description] $variant,)*
        }

        impl OutputFormat {
            /// Every format, in the order `--help` lists them.
            pub const ALL: &'static [OutputFormat] = &[$(OutputFormat::$variant,)*];

            /// The format's name on the command line.
            pub fn name(self) -> &'static str {
                match self {
                    $(OutputFormat::$variant => $name,)*
                }
            }

            /// One line on what the format prints.
            pub fn description(self) -> &'static str {
                match self {
                    $(OutputFormat::$variant => $description,)*
                }
            }
        }
    };
}

output_formats! {
    #[default]
    Full "full" "The source around each span, underlined, with help (miette)",
    Concise "concise" "One line per diagnostic: `path:line:column: rule [*] message`",
    Json "json" "A JSON array of diagnostics (the schema in the README)",
    Jsonl "jsonl" "One JSON object per line, the same objects as `json`",
    Github "github" "GitHub Actions workflow commands: annotations on the pull request",
    Gitlab "gitlab" "GitLab Code Quality JSON (stable fingerprints)",
    Junit "junit" "JUnit XML: one test case per file",
    Sarif "sarif" "SARIF 2.1.0, for code-scanning upload",
}

/// Settings for output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap messages at this many columns.
    pub width: usize,
    /// After `full` output, a line counting the problems ("3 problems in
    /// 2 files, 1 fixable with --fix").
    pub summary: bool,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            summary: false,
        }
    }
}

/// Calls `visit` with every diagnostic of `report` and the line and column
/// of its start and end.
fn for_each_located<'a>(
    report: &'a FileReport,
    mut visit: impl FnMut(&'a Diagnostic, LineColumn, LineColumn) -> io::Result<()>,
) -> io::Result<()> {
    let mut cursor = report.cursor();
    for diagnostic in &report.diagnostics {
        let start = cursor.line_column(diagnostic.span.start);
        let end = cursor.line_column(diagnostic.span.end);
        visit(diagnostic, start, end)?;
    }
    Ok(())
}

/// A diagnostic of a report, with the line and column of its start and end.
struct Located<'a> {
    report: &'a FileReport,
    diagnostic: &'a Diagnostic,
    start: LineColumn,
    end: LineColumn,
}

/// Writes one located diagnostic.
type WriteLocated = fn(&mut dyn Write, &Located) -> io::Result<()>;

/// A printer that writes each diagnostic as it comes and keeps nothing
/// (`concise`, `jsonl`, `github`).
struct LocatedPrinter<W> {
    out: W,
    write: WriteLocated,
}

impl<W> LocatedPrinter<W> {
    fn new(out: W, write: WriteLocated) -> Self {
        Self { out, write }
    }
}

impl<W: Write> Sink for LocatedPrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        for_each_located(report, |diagnostic, start, end| {
            let located = Located {
                report,
                diagnostic,
                start,
                end,
            };
            (self.write)(&mut self.out, &located)
        })
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}

/// A printer of one JSON array with an element per diagnostic (`json`,
/// `gitlab`); it keeps only whether the array has elements yet.
struct ArrayPrinter<W> {
    out: W,
    array: JsonArray,
    push_file: PushFile,
}

/// Adds the elements for one report to a JSON array.
type PushFile = fn(&mut JsonArray, &mut dyn Write, &FileReport) -> io::Result<()>;

impl<W> ArrayPrinter<W> {
    /// An array whose elements are indented by `indent` spaces.
    fn new(out: W, indent: usize, push_file: PushFile) -> Self {
        Self {
            out,
            array: JsonArray::new(indent),
            push_file,
        }
    }
}

impl<W: Write> Sink for ArrayPrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        (self.push_file)(&mut self.array, &mut self.out, report)
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.array.close(&mut self.out)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

/// `1 file`, `2 files`: a count and a noun that takes an `s` in the plural.
pub fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

/// A JSON array written one element at a time, laid out as serde_json's
/// pretty printer lays out a whole array: each element on its own lines,
/// indented by `indent` spaces, and the closing bracket by `indent - 2`.
struct JsonArray {
    indent: usize,
    elements: usize,
}

impl JsonArray {
    /// An array whose elements are indented by `indent` spaces.
    fn new(indent: usize) -> Self {
        Self {
            indent,
            elements: 0,
        }
    }

    /// Writes one element (after the opening bracket, for the first).
    fn push(&mut self, out: &mut dyn Write, element: &impl Serialize) -> io::Result<()> {
        out.write_all(if self.elements == 0 { b"[\n" } else { b",\n" })?;
        self.elements += 1;
        if self.indent == 0 {
            return serde_json::to_writer_pretty(out, element).map_err(json_error);
        }
        // A pretty-printed value has no line breaks inside its strings, so
        // indenting every line nests it.
        let pretty = serde_json::to_string_pretty(element).map_err(json_error)?;
        let margin = " ".repeat(self.indent);
        for (index, line) in pretty.split('\n').enumerate() {
            if index > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(margin.as_bytes())?;
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    /// Writes the closing bracket (the whole array, when it is empty).
    fn close(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.elements == 0 {
            return out.write_all(b"[]");
        }
        out.write_all(b"\n")?;
        out.write_all(" ".repeat(self.indent.saturating_sub(2)).as_bytes())?;
        out.write_all(b"]")
    }
}

/// A serde_json error as an I/O error that keeps its kind, so a closed pipe
/// is still recognised as one.
fn json_error(error: serde_json::Error) -> io::Error {
    match error.io_error_kind() {
        Some(kind) => io::Error::new(kind, error),
        None => io::Error::other(error),
    }
}
