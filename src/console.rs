//! What `copydesk check` shows on standard error around a sink's output:
//! the errors and warnings about inputs, and a progress bar on a terminal
//! when there are many files.

use std::io::{self, IsTerminal};

use indicatif::{HumanCount, ProgressBar, ProgressStyle};
use miette::Report;

use copydesk::check::{FileReport, Output, Summary};
use copydesk::output::{ReadCounter, RunInfo, Sink};
use copydesk::Error;

/// Runs over at least this many files show a progress bar (on a terminal).
const PROGRESS_MIN_FILES: usize = 200;

/// Wraps the sink that prints the run: prints errors (as miette reports)
/// and, unless quiet, warnings about skipped files on standard error, and
/// keeps a progress bar out of the way of the output.
pub struct Console<'s> {
    inner: &'s mut dyn Sink,
    quiet: bool,
    progress: ProgressBar,
    /// Whether standard output shares the terminal with the progress bar.
    output_on_terminal: bool,
    /// Whether a report carrying a fixed text reached the sink.
    printed_fixed_text: bool,
    /// In a run over corpora, the bytes read so far, which the bar shows.
    corpus_read: Option<ReadCounter>,
    /// Reports, skips and errors seen.
    done: u64,
}

impl<'s> Console<'s> {
    /// Shows errors, warnings and progress around `inner`; `quiet` leaves
    /// out the warnings and the progress bar.
    pub fn new(inner: &'s mut dyn Sink, quiet: bool) -> Self {
        Self {
            inner,
            quiet,
            progress: ProgressBar::hidden(),
            output_on_terminal: io::stdout().is_terminal(),
            printed_fixed_text: false,
            corpus_read: None,
            done: 0,
        }
    }

    /// Moves the progress on by one input or record.
    fn step(&mut self) {
        self.done += 1;
        match &self.corpus_read {
            Some(read) => {
                self.progress.set_position(read.get());
                self.progress.set_message(HumanCount(self.done).to_string());
            }
            None => self.progress.inc(1),
        }
    }

    /// Whether a report carrying a fixed text ([`Output::FixedText`]) was
    /// handed on: `check --fix -` printed standard input, fixed.
    pub fn printed_fixed_text(&self) -> bool {
        self.printed_fixed_text
    }
}

impl Sink for Console<'_> {
    fn begin(&mut self, run: &RunInfo) -> io::Result<()> {
        // Never when standard error is redirected, and never with --quiet.
        let shown = io::stderr().is_terminal() && !self.quiet;
        if shown && run.corpora > 0 {
            // Records are counted as they come (their number is not known
            // ahead); the bytes of the corpora read, as stored, give the
            // rate and the time left.
            self.progress = ProgressBar::new(run.corpus_bytes);
            self.progress.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} documents, {binary_bytes_per_sec}, {eta} left {wide_bar}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            self.corpus_read = Some(run.corpus_read.clone());
        } else if shown && run.files >= PROGRESS_MIN_FILES {
            self.progress = ProgressBar::new(run.files as u64);
            self.progress.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
        }
        self.inner.begin(run)
    }

    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.step();
        self.printed_fixed_text |= matches!(report.output, Output::FixedText | Output::FixedRecord);
        // The bar steps aside (a redraw) only for a report that prints
        // something on the terminal it shares.
        let prints = !report.diagnostics.is_empty() || report.output != Output::Diagnostics;
        if self.progress.is_hidden() || !self.output_on_terminal || !prints {
            return self.inner.file(report);
        }
        let inner = &mut self.inner;
        self.progress.suspend(|| inner.file(report))
    }

    fn corpus_output(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.printed_fixed_text = true;
        self.inner.corpus_output(bytes)
    }

    fn skipped(&mut self, path: &str, reason: &str) -> io::Result<()> {
        self.step();
        if !self.quiet {
            self.progress
                .suspend(|| eprintln!("warning: {path}: {reason}"));
        }
        self.inner.skipped(path, reason)
    }

    /// Prints the error; it is not passed on.
    fn error(&mut self, error: Error) -> io::Result<()> {
        self.step();
        self.progress
            .suspend(|| eprintln!("{:?}", Report::new(error)));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.progress.finish_and_clear();
        self.inner.finish(summary)
    }
}
