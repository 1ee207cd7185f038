//! `concise`: one line per diagnostic, `path:line:column: rule [*] message`,
//! where `[*]` marks a diagnostic that `--fix` repairs; in a record of a
//! JSON Lines corpus, `path:LINE[ID]:line:column: …`, the line and column
//! inside the record's text.

use std::io::{self, Write};

use crate::check::has_safe_fix;

use super::{visible, Located};

/// Writes the line of a diagnostic.
pub(super) fn write(out: &mut dyn Write, located: &Located) -> io::Result<()> {
    let Located {
        report,
        diagnostic,
        start,
        ..
    } = located;
    let marker = if has_safe_fix(diagnostic) { " [*]" } else { "" };
    writeln!(
        out,
        "{}:{}:{}: {}{} {}",
        visible::escaped(&report.display_name()),
        start.line,
        start.column,
        diagnostic.rule,
        marker,
        visible::escaped(&diagnostic.message)
    )
}
