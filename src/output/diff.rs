//! `--diff`: each file's unified diff of its fixes, and nothing else.

use std::io::{self, Write};

use crate::check::{FileReport, Output, Summary};

use super::Sink;

/// Prints the diff of each report made with [`crate::check::FixMode::Diff`].
#[derive(Debug)]
pub struct DiffPrinter<W> {
    out: W,
}

impl<W: Write> DiffPrinter<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        Self { out }
    }
}

impl<W: Write> Sink for DiffPrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        match &report.output {
            Output::Diff(diff) => self.out.write_all(diff.as_bytes()),
            Output::Diagnostics | Output::FixedText | Output::FixedRecord => Ok(()),
        }
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
