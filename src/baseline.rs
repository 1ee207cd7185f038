//! Baselines: record today's findings, report only new ones later.
//!
//! A finding is keyed by its rule, its file and a fingerprint of the flagged
//! text with the word on each side — not by byte offsets — so editing
//! elsewhere in the file keeps recorded findings recognised.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::check::{FileReport, Summary};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::output::Sink;

/// A stable 64-bit FNV-1a hash, written as 16 hex digits.
fn fnv1a(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The fingerprint of `diagnostic` in `text`: the rule, the flagged text and
/// the word on each side of it on the same line, with whitespace collapsed.
/// Text added or changed further away, even on the same line, leaves it alone.
pub fn fingerprint(text: &str, diagnostic: &Diagnostic) -> String {
    let start = diagnostic.span.start.min(text.len());
    let end = diagnostic.span.end.min(text.len()).max(start);
    let before = text[..start].rsplit('\n').next().unwrap_or("");
    let after = text[end..].split('\n').next().unwrap_or("");
    let word_before = before.split_whitespace().next_back().unwrap_or("");
    let word_after = after.split_whitespace().next().unwrap_or("");
    let flagged: Vec<&str> = text
        .get(start..end)
        .unwrap_or("")
        .split_whitespace()
        .collect();
    fnv1a(&format!(
        "{}\u{0}{word_before}\u{0}{}\u{0}{word_after}",
        diagnostic.rule,
        flagged.join(" ")
    ))
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The rule.
    pub rule: String,
    /// The file, as shown in output.
    pub path: String,
    /// [`fingerprint`] of the finding.
    pub fingerprint: String,
    /// The message, for people reading the file.
    pub message: String,
}

/// The findings of a baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Every recorded finding, sorted.
    pub findings: Vec<Entry>,
}

impl Baseline {
    /// The baseline of `reports`: every finding they hold.
    pub fn of(reports: &[FileReport]) -> Self {
        let mut baseline = Self::default();
        for report in reports {
            baseline.record(report);
        }
        baseline.findings.sort();
        baseline
    }

    /// Adds every finding of `report`.
    pub fn record(&mut self, report: &FileReport) {
        self.findings
            .extend(report.diagnostics.iter().map(|diagnostic| Entry {
                rule: diagnostic.rule.to_string(),
                path: report.path.clone(),
                fingerprint: fingerprint(&report.text, diagnostic),
                message: diagnostic.message.clone(),
            }));
    }

    /// Reads a baseline written by [`Baseline::write`].
    pub fn read(path: &Path) -> Result<Self, Error> {
        let text = crate::read::read_small_file(path, "baseline").map_err(|source| Error::Io {
            path: path.to_path_buf(),
            action: "reading",
            source,
        })?;
        serde_json::from_str(&text).map_err(|error| Error::Io {
            path: path.to_path_buf(),
            action: "reading the baseline",
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, error),
        })
    }

    /// Writes the baseline as pretty JSON, atomically.
    pub fn write(&self, path: &Path) -> Result<(), Error> {
        let mut json = serde_json::to_string_pretty(self).map_err(|error| Error::Io {
            path: path.to_path_buf(),
            action: "writing the baseline",
            source: std::io::Error::other(error),
        })?;
        json.push('\n');
        if !path.exists() {
            std::fs::write(path, "").map_err(|source| Error::Io {
                path: path.to_path_buf(),
                action: "writing",
                source,
            })?;
        }
        crate::write::write_atomically(path, json.as_bytes()).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            action: "writing",
            source,
        })
    }

    /// A filter that removes the findings this baseline records from reports.
    pub fn filter(&self) -> BaselineFilter {
        let mut remaining: BTreeMap<String, BTreeMap<(String, String), usize>> = BTreeMap::new();
        for entry in &self.findings {
            let key = (entry.rule.clone(), entry.fingerprint.clone());
            *remaining
                .entry(entry.path.clone())
                .or_default()
                .entry(key)
                .or_insert(0) += 1;
        }
        BaselineFilter { remaining }
    }
}

/// Removes recorded findings from reports, one report at a time: each
/// recorded finding hides one finding with the same rule, file and fingerprint.
#[derive(Debug, Clone, Default)]
pub struct BaselineFilter {
    /// Per file, how many findings of each rule and fingerprint are still to hide.
    remaining: BTreeMap<String, BTreeMap<(String, String), usize>>,
}

impl BaselineFilter {
    /// Removes from `report` the recorded findings not hidden yet.
    pub fn filter(&mut self, report: &mut FileReport) {
        let Some(remaining) = self.remaining.get_mut(&report.path) else {
            return;
        };
        let text = &report.text;
        report.diagnostics.retain(|diagnostic| {
            let key = (diagnostic.rule.to_string(), fingerprint(text, diagnostic));
            match remaining.get_mut(&key) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            }
        });
    }
}

/// Records the findings of every report, for `--write-baseline`.
impl Sink for Baseline {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.record(report);
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.findings.sort();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Output;
    use crate::{Linter, Selection};

    fn report(text: &str) -> FileReport {
        let linter = Linter::new(&Selection::default()).expect("rules load");
        FileReport::new(
            "a.txt".to_owned(),
            text.to_owned(),
            linter.lint(text),
            BTreeMap::new(),
            Output::Diagnostics,
        )
    }

    #[test]
    fn recorded_findings_survive_edits_elsewhere_and_new_ones_show() {
        let before = "The museum s director spoke.\n";
        let baseline = Baseline::of(&[report(before)]);
        let after = "A new first paragraph was added here.\n\nThe museum s director spoke. They don t agree.\n";
        let mut report = report(after);
        baseline.filter().filter(&mut report);
        let left: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| &after[d.span.range()])
            .collect();
        assert_eq!(left, ["don t"]);
    }
}
