//! `check --fix -`: the fixed text goes to standard output, so the
//! diagnostics go elsewhere (standard error).

use std::io::{self, Write};

use crate::check::{FileReport, Output, Summary};

use super::{RunInfo, Sink};

/// Writes the fixed text of each text input ([`Output::FixedText`]), and a
/// corpus in memory as written back ([`Sink::corpus_output`]), to one
/// writer and hands the diagnostics to one of two printers, chosen at the
/// first report: `beside_text` when that report carries a fixed text (the
/// text input is always the first), `instead` when it does not (the text
/// could not be read as UTF-8, or was skipped), so the diagnostics are
/// printed where they would be without a text to print.
pub struct FixedTextPrinter<'w, W> {
    text_out: W,
    beside_text: Option<Box<dyn Sink + 'w>>,
    instead: Option<Box<dyn Sink + 'w>>,
    /// The run, kept until the printer is chosen.
    run: RunInfo,
    chosen: Option<Box<dyn Sink + 'w>>,
}

impl<'w, W: Write> FixedTextPrinter<'w, W> {
    /// Fixed texts go to `text_out`; diagnostics to `beside_text`, or, when
    /// no text was fixed, to `instead`.
    pub fn new(text_out: W, beside_text: Box<dyn Sink + 'w>, instead: Box<dyn Sink + 'w>) -> Self {
        Self {
            text_out,
            beside_text: Some(beside_text),
            instead: Some(instead),
            run: RunInfo::default(),
            chosen: None,
        }
    }

    /// The diagnostics printer, chosen by the first report (or by its absence).
    fn printer(&mut self, first: Option<&FileReport>) -> io::Result<&mut Box<dyn Sink + 'w>> {
        if self.chosen.is_none() {
            let has_text = first.is_some_and(|report| {
                matches!(report.output, Output::FixedText | Output::FixedRecord)
            });
            let mut printer = if has_text {
                self.beside_text.take()
            } else {
                self.instead.take()
            }
            .ok_or_else(|| io::Error::other("fixed-text printer chose twice"))?;
            printer.begin(&self.run)?;
            self.chosen = Some(printer);
        }
        self.chosen
            .as_mut()
            .ok_or_else(|| io::Error::other("fixed-text printer has no printer"))
    }
}

impl<W: Write> Sink for FixedTextPrinter<'_, W> {
    fn begin(&mut self, run: &RunInfo) -> io::Result<()> {
        self.run = run.clone();
        Ok(())
    }

    /// A corpus in memory, written back: its bytes go where fixed texts go.
    fn corpus_output(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.text_out.write_all(bytes)
    }

    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        if report.output == Output::FixedText {
            self.text_out.write_all(report.text.as_bytes())?;
        }
        self.printer(Some(report))?.file(report)
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.text_out.flush()?;
        self.printer(None)?.finish(summary)
    }
}
