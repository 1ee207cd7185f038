//! `github`: GitHub Actions workflow commands, which annotate the pull
//! request: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::io::{self, Write};

use crate::diagnostic::Severity;

use super::{visible, Located};

/// Escapes a workflow command's message (`%`, CR, LF), with other control
/// and bidirectional characters made visible.
fn escape_data(text: &str) -> String {
    visible::escaped(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes the workflow command of a diagnostic.
pub(super) fn write(out: &mut dyn Write, located: &Located) -> io::Result<()> {
    let diagnostic = located.diagnostic;
    let level = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let report = located.report;
    if let Some(record) = &report.record {
        // Columns inside a record's text are no place in the file: the
        // annotation goes on the record's line, and names the record.
        let title = match record.id_text() {
            Some(id) => format!("copydesk ({}) record {id}", diagnostic.rule),
            None => format!("copydesk ({})", diagnostic.rule),
        };
        return writeln!(
            out,
            "::{level} file={},line={},title={}::{}",
            escape_property(&report.path),
            record.line,
            escape_property(&title),
            escape_data(&diagnostic.message)
        );
    }
    writeln!(
        out,
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&located.report.path),
        located.start.line,
        located.start.column,
        located.end.line,
        located.end.column,
        escape_property(&format!("copydesk ({})", diagnostic.rule)),
        escape_data(&diagnostic.message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
