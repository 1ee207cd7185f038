//! `json`: an array of diagnostics in the schema of DESIGN.md and the README.

use std::io::{self, Write};

use serde::Serialize;

use crate::check::{FileReport, Summary};
use crate::diagnostic::{Diagnostic, Label, Severity, Span};
use crate::fix::Fix;
use crate::source::LineColumn;

use super::{JsonArray, Sink};

/// A start and end position, 1-based, columns in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    /// Position of the first character.
    pub start: LineColumn,
    /// Position just past the last character.
    pub end: LineColumn,
}

/// One diagnostic as serialized by `--output-format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// The file, as found, or `-` for standard input.
    pub path: &'a str,
    /// The rule name.
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// What was found.
    pub message: &'a str,
    /// Byte offsets, end exclusive.
    pub span: Span,
    /// The same span as lines and columns.
    pub range: Range,
    /// The fix, or `null`.
    pub fix: Option<&'a Fix>,
    /// Related labels, `[]` when there are none.
    pub related: &'a [Label],
}

impl<'a> JsonDiagnostic<'a> {
    /// The JSON form of `diagnostic`, which runs from `start` to `end`.
    pub fn new(
        path: &'a str,
        diagnostic: &'a Diagnostic,
        start: LineColumn,
        end: LineColumn,
    ) -> Self {
        Self {
            path,
            rule: &diagnostic.rule,
            severity: diagnostic.severity,
            message: &diagnostic.message,
            span: diagnostic.span,
            range: Range { start, end },
            fix: diagnostic.fix.as_ref(),
            related: &diagnostic.related,
        }
    }
}

/// `json`: one array, written an object at a time, so output of any size
/// needs no buffer.
pub(super) struct JsonPrinter<W> {
    out: W,
    array: JsonArray,
}

impl<W: Write> JsonPrinter<W> {
    pub(super) fn new(out: W) -> Self {
        Self {
            out,
            array: JsonArray::new(0),
        }
    }
}

impl<W: Write> Sink for JsonPrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let array = &mut self.array;
        super::for_each_located(report, |diagnostic, start, end| {
            let record = JsonDiagnostic::new(&report.path, diagnostic, start, end);
            array.push(&mut self.out, &record)
        })
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.array.close(&mut self.out)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

/// `jsonl`: one compact object per line.
pub(super) struct JsonLinesPrinter<W> {
    out: W,
}

impl<W: Write> JsonLinesPrinter<W> {
    pub(super) fn new(out: W) -> Self {
        Self { out }
    }
}

impl<W: Write> Sink for JsonLinesPrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        super::for_each_located(report, |diagnostic, start, end| {
            let record = JsonDiagnostic::new(&report.path, diagnostic, start, end);
            serde_json::to_writer(&mut self.out, &record).map_err(super::json_error)?;
            writeln!(self.out)
        })
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
