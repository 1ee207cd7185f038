//! `github`: GitHub Actions workflow commands, which annotate the pull
//! request: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::io;

use crate::check::FileReport;
use crate::diagnostic::Severity;

/// Escapes a workflow command's message (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn print(reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
    super::for_each_located(reports, |report, diagnostic, start, end| {
        let level = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&report.path),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("copydesk ({})", diagnostic.rule)),
            escape_data(&diagnostic.message)
        )
    })
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
