//! `gitlab`: GitLab Code Quality JSON, with fingerprints that stay stable
//! while the file is edited elsewhere (see [`crate::baseline::fingerprint`]).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::baseline::fingerprint;
use crate::check::FileReport;
use crate::diagnostic::Severity;

use super::JsonArray;

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

/// Adds one Code Quality issue per diagnostic of `report` to the array.
pub(super) fn push_file(
    array: &mut JsonArray,
    out: &mut dyn Write,
    report: &FileReport,
) -> io::Result<()> {
    // The same finding twice in a file gets a numbered fingerprint, so every
    // issue's fingerprint is unique, as GitLab requires.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    super::for_each_located(report, |diagnostic, start, end| {
        let base = format!(
            "{}:{}",
            report.display_name(),
            fingerprint(&report.text, diagnostic)
        );
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
                // A record's lines are inside its text: the issue goes on
                // the record's line of the corpus.
                lines: match &report.record {
                    Some(record) => Lines {
                        begin: record.line,
                        end: record.line,
                    },
                    None => Lines {
                        begin: start.line,
                        end: end.line,
                    },
                },
            },
        };
        array.push(out, &issue)
    })
}
