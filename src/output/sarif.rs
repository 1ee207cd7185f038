//! `sarif`: SARIF 2.1.0, for code-scanning upload: one run, the rules with
//! their documentation, results with regions, related locations and fixes.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::check::{FileReport, Summary};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::rule::RuleMeta;
use crate::source::LineColumnCursor;

use super::{JsonArray, RunInfo, Sink};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF region from byte offsets, as lines and columns (columns count
/// Unicode code points, as the run declares).
fn region(cursor: &mut LineColumnCursor, start: usize, end: usize) -> Value {
    let from = cursor.line_column(start);
    let to = cursor.line_column(end);
    json!({
        "startLine": from.line,
        "startColumn": from.column,
        "endLine": to.line,
        "endColumn": to.column,
    })
}

/// `path` as a relative URI reference (RFC 3986): every byte but the
/// unreserved characters and `/` percent-encoded, so that spaces, `%`,
/// line breaks, `<>"` and a `:` that would read as a scheme survive.
fn uri_reference(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// The result of `diagnostic`. In a record of a JSON Lines corpus, every
/// location is the record's line of the corpus, with the region inside the
/// record's text in the location's properties, the record in the result's
/// properties, and no `fixes`: their edits are inside the text, not the file.
fn result(
    report: &FileReport,
    diagnostic: &Diagnostic,
    rule_index: Option<usize>,
    cursor: &mut LineColumnCursor,
) -> Value {
    let artifact = json!({ "uri": uri_reference(&report.path) });
    let record_line = report
        .record
        .as_ref()
        .map(|record| json!({ "startLine": record.line, "endLine": record.line }));
    let mut location = |span: Span| {
        let region = region(cursor, span.start, span.end);
        match &record_line {
            Some(line) => json!({
                "physicalLocation": { "artifactLocation": artifact, "region": line },
                "properties": { "textRegion": region },
            }),
            None => json!({
                "physicalLocation": { "artifactLocation": artifact, "region": region },
            }),
        }
    };
    let mut result = json!({
        "ruleId": diagnostic.rule,
        "level": level(diagnostic.severity),
        "message": { "text": diagnostic.message },
        "locations": [location(diagnostic.span)],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !diagnostic.related.is_empty() {
        let related: Vec<Value> = diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(id, label)| {
                let mut related = location(label.span);
                related["id"] = json!(id);
                related["message"] = json!({ "text": label.message });
                related
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
    if let Some(record) = &report.record {
        result["properties"] = json!({ "record": record });
        return result;
    }
    if let Some(fix) = &diagnostic.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                json!({
                    "deletedRegion": region(cursor, edit.start, edit.end),
                    "insertedContent": { "text": edit.replacement },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": format!("{} ({})", fix.message, fix.applicability.as_str()) },
            "artifactChanges": [{ "artifactLocation": artifact, "replacements": replacements }],
        }]);
    }
    result
}

/// A sentinel put where the results go, to split the log around them.
const RESULTS_PLACEHOLDER: &str = "\u{0}results\u{0}";

/// Prints the log around the results, which stream in between: the parts
/// before and after them are laid out in [`Sink::begin`], from the rules.
pub(super) struct SarifPrinter<W> {
    out: W,
    /// Rule names and their positions in the log's rule list.
    rule_index: BTreeMap<String, usize>,
    results: JsonArray,
    /// The log after the results.
    tail: String,
}

impl<W: Write> SarifPrinter<W> {
    pub(super) fn new(out: W) -> Self {
        Self {
            out,
            rule_index: BTreeMap::new(),
            results: JsonArray::new(0),
            tail: String::new(),
        }
    }
}

/// The log with [`RESULTS_PLACEHOLDER`] for its results, pretty-printed.
fn log_around_results(metas: &[RuleMeta]) -> io::Result<String> {
    let rules: Vec<Value> = metas
        .iter()
        .map(|meta| {
            let doc = meta.doc();
            json!({
                "id": meta.name,
                "name": meta.name,
                "shortDescription": { "text": meta.summary() },
                "fullDescription": { "text": doc },
                "help": { "text": doc, "markdown": doc },
                "defaultConfiguration": { "level": level(meta.severity) },
                "properties": { "category": meta.category, "fix": meta.fix.as_str() },
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": RESULTS_PLACEHOLDER,
        }],
    });
    serde_json::to_string_pretty(&log).map_err(super::json_error)
}

impl<W: Write> Sink for SarifPrinter<W> {
    fn begin(&mut self, run: &RunInfo) -> io::Result<()> {
        self.rule_index = run
            .rules
            .iter()
            .enumerate()
            .map(|(index, meta)| (meta.name.to_string(), index))
            .collect();
        let log = log_around_results(&run.rules)?;
        let placeholder = serde_json::to_string(RESULTS_PLACEHOLDER).map_err(super::json_error)?;
        let Some((head, tail)) = log.split_once(&placeholder) else {
            return Err(io::Error::other("sarif: no place for the results"));
        };
        // The results are indented one level deeper than their key's line.
        let key_line = head.rsplit('\n').next().unwrap_or("");
        let indent = key_line.len() - key_line.trim_start().len();
        self.results = JsonArray::new(indent + 2);
        self.tail = tail.to_owned();
        self.out.write_all(head.as_bytes())
    }

    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let mut cursor = report.cursor();
        for diagnostic in &report.diagnostics {
            let index = self.rule_index.get(diagnostic.rule.as_ref()).copied();
            let result = result(report, diagnostic, index, &mut cursor);
            self.results.push(&mut self.out, &result)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.results.close(&mut self.out)?;
        self.out.write_all(self.tail.as_bytes())?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 11, defect 11: SARIF `uri` values are percent-encoded.
    #[test]
    fn paths_become_percent_encoded_uri_references() {
        assert_eq!(uri_reference("docs/a.txt"), "docs/a.txt");
        assert_eq!(
            uri_reference("my dir/50%<b>\"x\"\n:é.txt"),
            "my%20dir/50%25%3Cb%3E%22x%22%0A%3A%C3%A9.txt"
        );
        assert_eq!(uri_reference("-"), "-");
    }
}
