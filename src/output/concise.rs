//! `concise`: one line per diagnostic, `path:line:column: rule [*] message`,
//! where `[*]` marks a diagnostic with a fix.

use std::io;

use crate::check::FileReport;
use crate::source::LineIndex;

pub(super) fn print(reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
    for report in reports {
        let lines = LineIndex::new(&report.text);
        for diagnostic in &report.diagnostics {
            let start = lines.line_column(&report.text, diagnostic.span.start);
            let marker = if diagnostic.fix.is_some() { " [*]" } else { "" };
            writeln!(
                out,
                "{}:{}:{}: {}{} {}",
                report.path, start.line, start.column, diagnostic.rule, marker, diagnostic.message
            )?;
        }
    }
    Ok(())
}
