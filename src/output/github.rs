//! `github`: GitHub Actions workflow commands, which annotate the pull
//! request: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::io::{self, Write};

use crate::check::{FileReport, Summary};
use crate::diagnostic::Severity;

use super::Sink;

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

/// Prints one workflow command per diagnostic.
pub(super) struct GithubPrinter<W> {
    out: W,
}

impl<W: Write> GithubPrinter<W> {
    pub(super) fn new(out: W) -> Self {
        Self { out }
    }
}

impl<W: Write> Sink for GithubPrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        super::for_each_located(report, |diagnostic, start, end| {
            let level = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                self.out,
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

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
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
