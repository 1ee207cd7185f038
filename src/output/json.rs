//! `json`: an array of diagnostics in the schema of DESIGN.md and the README.

use std::io::{self, Write};

use serde::Serialize;

use crate::check::{FileReport, RecordInfo};
use crate::diagnostic::{Diagnostic, Label, Severity, Span};
use crate::fix::Fix;
use crate::source::LineColumn;

use super::{JsonArray, Located};

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
    /// For a record of a JSON Lines corpus, which record (`span` and
    /// `range` are inside its text); left out for a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<&'a RecordInfo>,
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
            record: None,
        }
    }

    /// The JSON form of the diagnostic `located` of a report.
    fn of(
        report: &'a FileReport,
        diagnostic: &'a Diagnostic,
        start: LineColumn,
        end: LineColumn,
    ) -> Self {
        Self {
            record: report.record.as_ref(),
            ..Self::new(&report.path, diagnostic, start, end)
        }
    }
}

/// `json`: adds the objects of `report`'s diagnostics to the array, one at
/// a time, so output of any size needs no buffer.
pub(super) fn push_file(
    array: &mut JsonArray,
    out: &mut dyn Write,
    report: &FileReport,
) -> io::Result<()> {
    super::for_each_located(report, |diagnostic, start, end| {
        array.push(out, &JsonDiagnostic::of(report, diagnostic, start, end))
    })
}

/// `jsonl`: writes a diagnostic as one compact object on its own line.
pub(super) fn write_line(out: &mut dyn Write, located: &Located) -> io::Result<()> {
    let record = JsonDiagnostic::of(
        located.report,
        located.diagnostic,
        located.start,
        located.end,
    );
    serde_json::to_writer(&mut *out, &record).map_err(super::json_error)?;
    writeln!(out)
}
