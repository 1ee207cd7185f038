//! `gitlab`: GitLab Code Quality JSON, with fingerprints that stay stable
//! while the file is edited elsewhere (see [`crate::baseline::fingerprint`]).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::baseline::fingerprint;
use crate::check::{FileReport, Summary};
use crate::diagnostic::Severity;

use super::{JsonArray, Sink};

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

/// Prints one Code Quality issue per diagnostic, in one JSON array.
pub(super) struct GitlabPrinter<W> {
    out: W,
    array: JsonArray,
}

impl<W: Write> GitlabPrinter<W> {
    pub(super) fn new(out: W) -> Self {
        Self {
            out,
            array: JsonArray::new(2),
        }
    }
}

impl<W: Write> Sink for GitlabPrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let array = &mut self.array;
        // The same finding twice in a file gets a numbered fingerprint, so every
        // issue's fingerprint is unique, as GitLab requires.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        super::for_each_located(report, |diagnostic, start, end| {
            let base = format!("{}:{}", report.path, fingerprint(&report.text, diagnostic));
            let occurrence = seen.entry(base.clone()).or_insert(0);
            *occurrence += 1;
            let issue = Issue {
                description: &diagnostic.message,
                check_name: &diagnostic.rule,
                fingerprint: format!("{base}:{occurrence}"),
                severity: match diagnostic.severity {
                    Severity::Info => "info",
                    Severity::Warning => "minor",
                    Severity::Error => "major",
                },
                location: Location {
                    path: &report.path,
                    lines: Lines {
                        begin: start.line,
                        end: end.line,
                    },
                },
            };
            array.push(&mut self.out, &issue)
        })
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.array.close(&mut self.out)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}
