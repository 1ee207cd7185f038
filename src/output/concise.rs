//! `concise`: one line per diagnostic, `path:line:column: rule [*] message`,
//! where `[*]` marks a diagnostic that `--fix` repairs.

use std::io;

use crate::check::FileReport;
use crate::fix::Applicability;
use crate::source::{LineColumnCursor, LineIndex};

pub(super) fn print(reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
    for report in reports {
        let lines = LineIndex::new(&report.text);
        let mut cursor = LineColumnCursor::new(&report.text, &lines);
        for diagnostic in &report.diagnostics {
            let start = cursor.line_column(diagnostic.span.start);
            let safe_fix = diagnostic
                .fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Safe);
            let marker = if safe_fix { " [*]" } else { "" };
            writeln!(
                out,
                "{}:{}:{}: {}{} {}",
                report.path, start.line, start.column, diagnostic.rule, marker, diagnostic.message
            )?;
        }
    }
    Ok(())
}
