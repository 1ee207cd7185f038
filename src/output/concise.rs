//! `concise`: one line per diagnostic, `path:line:column: rule [*] message`,
//! where `[*]` marks a diagnostic that `--fix` repairs.

use std::io;

use crate::check::FileReport;
use crate::fix::Applicability;

pub(super) fn print(reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
    super::for_each_located(reports, |report, diagnostic, start, _| {
        let safe_fix = diagnostic
            .fix
            .as_ref()
            .is_some_and(|fix| fix.applicability == Applicability::Safe);
        let marker = if safe_fix { " [*]" } else { "" };
        writeln!(
            out,
            "{}:{}:{}: {}{} {}",
            report.path, start.line, start.column, diagnostic.rule, marker, diagnostic.message
        )
    })
}
