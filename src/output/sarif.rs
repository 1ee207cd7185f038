//! `sarif`: SARIF 2.1.0, for code-scanning upload: one run, the rules with
//! their documentation, results with regions, related locations and fixes.

use std::collections::BTreeMap;
use std::io;

use serde_json::{json, Value};

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::RuleMeta;
use crate::source::{LineColumnCursor, LineIndex};

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

fn result(
    report: &FileReport,
    diagnostic: &Diagnostic,
    rule_index: Option<usize>,
    cursor: &mut LineColumnCursor,
) -> Value {
    let artifact = json!({ "uri": report.path });
    let mut result = json!({
        "ruleId": diagnostic.rule,
        "level": level(diagnostic.severity),
        "message": { "text": diagnostic.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": region(cursor, diagnostic.span.start, diagnostic.span.end),
            }
        }],
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
                json!({
                    "id": id,
                    "message": { "text": label.message },
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": region(cursor, label.span.start, label.span.end),
                    }
                })
            })
            .collect();
        result["relatedLocations"] = json!(related);
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

pub(super) fn print(
    reports: &[FileReport],
    metas: &[RuleMeta],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let index: BTreeMap<&str, usize> = metas
        .iter()
        .enumerate()
        .map(|(index, meta)| (meta.name.as_ref(), index))
        .collect();
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
    let mut results = Vec::new();
    for report in reports {
        let lines = LineIndex::new(&report.text);
        let mut cursor = LineColumnCursor::new(&report.text, &lines);
        for diagnostic in &report.diagnostics {
            results.push(result(
                report,
                diagnostic,
                index.get(diagnostic.rule.as_ref()).copied(),
                &mut cursor,
            ));
        }
    }
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
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(super::json_error)?;
    writeln!(out)
}
