//! `--statistics`: the number of problems per rule, most frequent first,
//! with the number that `--fix` repairs.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::check::{has_safe_fix, FileReport, Summary};

use super::Sink;

/// Counts problems per rule and prints the table at the end.
#[derive(Debug)]
pub struct StatisticsPrinter<W> {
    out: W,
    /// Per rule: problems, and how many of them `--fix` repairs.
    counts: BTreeMap<String, (usize, usize)>,
}

impl<W: Write> StatisticsPrinter<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        Self {
            out,
            counts: BTreeMap::new(),
        }
    }
}

impl<W: Write> Sink for StatisticsPrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        for diagnostic in &report.diagnostics {
            let (count, fixable) = self.counts.entry(diagnostic.rule.to_string()).or_default();
            *count += 1;
            *fixable += usize::from(has_safe_fix(diagnostic));
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        let mut rows: Vec<(&String, &(usize, usize))> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        for (rule, (count, fixable)) in rows {
            writeln!(self.out, "{count:>7}  {rule:<24} {fixable} fixable")?;
        }
        self.out.flush()
    }
}
