//! `concise`: one line per diagnostic, `path:line:column: rule [*] message`,
//! where `[*]` marks a diagnostic that `--fix` repairs.

use std::io::{self, Write};

use crate::check::{has_safe_fix, FileReport, Summary};

use super::Sink;

/// Prints one line per diagnostic.
pub(super) struct ConcisePrinter<W> {
    out: W,
}

impl<W: Write> ConcisePrinter<W> {
    pub(super) fn new(out: W) -> Self {
        Self { out }
    }
}

impl<W: Write> Sink for ConcisePrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        super::for_each_located(report, |diagnostic, start, _| {
            let marker = if has_safe_fix(diagnostic) { " [*]" } else { "" };
            writeln!(
                self.out,
                "{}:{}:{}: {}{} {}",
                report.path, start.line, start.column, diagnostic.rule, marker, diagnostic.message
            )
        })
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
