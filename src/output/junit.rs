//! `junit`: a JUnit XML report with one test case per file, failed when the
//! file has problems, for CI systems that show test results.

use std::io;

use crate::check::FileReport;
use crate::source::{LineColumnCursor, LineIndex};

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

pub(super) fn print(reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
    let failures = reports
        .iter()
        .filter(|report| !report.diagnostics.is_empty())
        .count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="copydesk" tests="{}" failures="{failures}">"#,
        reports.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="copydesk" tests="{}" failures="{failures}">"#,
        reports.len()
    )?;
    for report in reports {
        let name = escape(&report.path);
        if report.diagnostics.is_empty() {
            writeln!(out, r#"    <testcase name="{name}" classname="copydesk"/>"#)?;
            continue;
        }
        let lines = LineIndex::new(&report.text);
        let mut cursor = LineColumnCursor::new(&report.text, &lines);
        let details: Vec<String> = report
            .diagnostics
            .iter()
            .map(|diagnostic| {
                let start = cursor.line_column(diagnostic.span.start);
                format!(
                    "{}:{}:{}: {} {}",
                    report.path, start.line, start.column, diagnostic.rule, diagnostic.message
                )
            })
            .collect();
        let count = report.diagnostics.len();
        writeln!(out, r#"    <testcase name="{name}" classname="copydesk">"#)?;
        writeln!(
            out,
            r#"      <failure message="{count} problem{}">{}</failure>"#,
            if count == 1 { "" } else { "s" },
            escape(&details.join("\n"))
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
