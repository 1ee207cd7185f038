//! `gitlab`: GitLab Code Quality JSON, with fingerprints that stay stable
//! while the file is edited elsewhere (see [`crate::baseline::fingerprint`]).

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use crate::baseline::fingerprint;
use crate::check::FileReport;
use crate::diagnostic::Severity;

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

pub(super) fn print(reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
    let mut issues = Vec::new();
    // The same finding twice in a file gets a numbered fingerprint, so every
    // issue's fingerprint is unique, as GitLab requires.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    super::for_each_located(reports, |report, diagnostic, start, end| {
        let base = format!("{}:{}", report.path, fingerprint(&report.text, diagnostic));
        let occurrence = seen.entry(base.clone()).or_insert(0);
        *occurrence += 1;
        issues.push(Issue {
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
        });
        Ok(())
    })?;
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(super::json_error)?;
    writeln!(out)
}
