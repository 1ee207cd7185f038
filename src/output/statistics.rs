//! `--statistics`: the number of problems per rule, most frequent first,
//! with the number that `--fix` repairs. On JSON Lines corpora the table
//! also counts, per rule, the documents affected and the bytes its fixes
//! remove, and a last line tells the documents and megabytes per second.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::Instant;

use crate::check::{has_safe_fix, FileReport, Summary};
use crate::diagnostic::Diagnostic;

use super::{RunInfo, Sink};

/// What is counted for one rule.
#[derive(Debug, Default, Clone, Copy)]
struct RuleCounts {
    /// Problems found.
    problems: usize,
    /// Problems that `--fix` repairs.
    fixable: usize,
    /// Documents (files or records) with at least one problem of the rule.
    documents: usize,
    /// Bytes the rule's fixes (safe or unsafe) remove, less what they insert.
    bytes_removed: i64,
}

/// Counts problems per rule and prints the table at the end.
#[derive(Debug)]
pub struct StatisticsPrinter<W> {
    out: W,
    counts: BTreeMap<String, RuleCounts>,
    /// Documents (files and records) checked, and their bytes.
    documents: usize,
    bytes: usize,
    /// When the run began.
    started: Option<Instant>,
}

impl<W: Write> StatisticsPrinter<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        Self {
            out,
            counts: BTreeMap::new(),
            documents: 0,
            bytes: 0,
            started: None,
        }
    }
}

/// The bytes the fix of `diagnostic` removes, less what it inserts.
fn bytes_removed(diagnostic: &Diagnostic) -> i64 {
    let edits = diagnostic.fix.iter().flat_map(|fix| fix.edits.iter());
    edits
        .map(|edit| {
            let removed = i64::try_from(edit.end.saturating_sub(edit.start)).unwrap_or(i64::MAX);
            let inserted = i64::try_from(edit.replacement.len()).unwrap_or(i64::MAX);
            removed.saturating_sub(inserted)
        })
        .fold(0i64, i64::saturating_add)
}

impl<W: Write> Sink for StatisticsPrinter<W> {
    fn begin(&mut self, _run: &RunInfo) -> io::Result<()> {
        self.started = Some(Instant::now());
        Ok(())
    }

    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.documents += 1;
        self.bytes += report.text.len();
        let mut seen: Vec<&str> = Vec::new();
        for diagnostic in &report.diagnostics {
            let counts = self.counts.entry(diagnostic.rule.to_string()).or_default();
            counts.problems += 1;
            counts.fixable += usize::from(has_safe_fix(diagnostic));
            counts.bytes_removed = counts
                .bytes_removed
                .saturating_add(bytes_removed(diagnostic));
            if !seen.contains(&diagnostic.rule.as_ref()) {
                seen.push(&diagnostic.rule);
                counts.documents += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let mut rows: Vec<(&String, &RuleCounts)> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.problems.cmp(&a.1.problems).then(a.0.cmp(b.0)));
        if summary.records_checked == 0 {
            for (rule, counts) in rows {
                let (count, fixable) = (counts.problems, counts.fixable);
                writeln!(self.out, "{count:>7}  {rule:<24} {fixable} fixable")?;
            }
            return self.out.flush();
        }
        writeln!(
            self.out,
            "{:>9}  {:>9}  {:>9}  {:>13}  rule",
            "problems", "documents", "fixable", "bytes removed"
        )?;
        for (rule, counts) in rows {
            writeln!(
                self.out,
                "{:>9}  {:>9}  {:>9}  {:>13}  {rule}",
                counts.problems, counts.documents, counts.fixable, counts.bytes_removed
            )?;
        }
        let documents = self.documents;
        let seconds = self
            .started
            .map_or(0.0, |started| started.elapsed().as_secs_f64())
            .max(1e-9);
        let megabytes = self.bytes as f64 / 1e6;
        writeln!(
            self.out,
            "{documents} documents, {megabytes:.1} MB in {seconds:.2} s: {:.0} documents/s, {:.1} MB/s",
            documents as f64 / seconds,
            megabytes / seconds
        )?;
        self.out.flush()
    }
}
