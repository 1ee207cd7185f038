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
