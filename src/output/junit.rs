//! `junit`: a JUnit XML report with one test case per file, failed when the
//! file has problems, for CI systems that show test results.

use std::io::{self, Write};

use crate::check::{FileReport, Summary};

use super::Sink;

/// `text` escaped for XML attributes and character data.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\n' => escaped.push_str("&#10;"),
            c if c.is_control() && c != '\t' => escaped.push('\u{fffd}'),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Prints the report at the end, since its first lines count the test cases
/// and failures; until then it keeps each file's test case, a few lines.
pub(super) struct JunitPrinter<W> {
    out: W,
    cases: String,
    tests: usize,
    failures: usize,
}

impl<W: Write> JunitPrinter<W> {
    pub(super) fn new(out: W) -> Self {
        Self {
            out,
            cases: String::new(),
            tests: 0,
            failures: 0,
        }
    }
}

impl<W: Write> Sink for JunitPrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.tests += 1;
        let name = escape(&report.display_name());
        if report.diagnostics.is_empty() {
            self.cases.push_str(&format!(
                "    <testcase name=\"{name}\" classname=\"copydesk\"/>\n"
            ));
            return Ok(());
        }
        self.failures += 1;
        let mut cursor = report.cursor();
        let details: Vec<String> = report
            .diagnostics
            .iter()
            .map(|diagnostic| {
                let start = cursor.line_column(diagnostic.span.start);
                format!(
                    "{}:{}:{}: {} {}",
                    report.display_name(),
                    start.line,
                    start.column,
                    diagnostic.rule,
                    diagnostic.message
                )
            })
            .collect();
        let count = report.diagnostics.len();
        self.cases.push_str(&format!(
            "    <testcase name=\"{name}\" classname=\"copydesk\">\n      <failure message=\"{count} problem{}\">{}</failure>\n    </testcase>\n",
            if count == 1 { "" } else { "s" },
            escape(&details.join("\n"))
        ));
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        let (tests, failures) = (self.tests, self.failures);
        writeln!(self.out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            self.out,
            r#"<testsuites name="copydesk" tests="{tests}" failures="{failures}">"#
        )?;
        writeln!(
            self.out,
            r#"  <testsuite name="copydesk" tests="{tests}" failures="{failures}">"#
        )?;
        self.out.write_all(self.cases.as_bytes())?;
        writeln!(self.out, "  </testsuite>")?;
        writeln!(self.out, "</testsuites>")?;
        self.out.flush()
    }
}
