//! copydesk's diagnostics as the protocol's: ranges in the negotiated
//! encoding, severity mapped, the rule's name as the code and a link to its
//! page as the code's description.

use std::collections::BTreeMap;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Position, Range, Uri,
};

use super::encoding::PositionMap;
use super::pages::RulePages;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::unused_suppression;
use crate::Linter;

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "copydesk";

/// The protocol's severity for `severity`.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// `diagnostics` of the document `uri`, found by `linter`, as the
/// protocol's, in their order, each linked to its rule's page in `pages`.
/// Every position is computed in one sweep over the text.
pub fn diagnostics(
    diagnostics: &[Diagnostic],
    uri: &Uri,
    map: &PositionMap,
    linter: &Linter,
    pages: &RulePages,
) -> Vec<lsp_types::Diagnostic> {
    // One link per rule, not one page per diagnostic.
    let mut links: BTreeMap<&str, Option<CodeDescription>> = BTreeMap::new();
    for diagnostic in diagnostics {
        links.entry(&diagnostic.rule).or_insert_with(|| {
            let href = pages.href(linter.meta(&diagnostic.rule)?)?;
            Some(CodeDescription { href })
        });
    }
    let offsets: Vec<usize> = diagnostics
        .iter()
        .flat_map(|diagnostic| {
            let labels = diagnostic.related.iter().map(|label| label.span);
            std::iter::once(diagnostic.span)
                .chain(labels)
                .flat_map(|span| [span.start, span.end])
        })
        .collect();
    let positions = map.positions(&offsets);
    let mut ranges = positions
        .chunks_exact(2)
        .map(|pair| Range::new(pair[0], pair.get(1).copied().unwrap_or(Position::default())));
    diagnostics
        .iter()
        .map(|diagnostic| {
            let range = ranges.next().unwrap_or_default();
            let related: Vec<DiagnosticRelatedInformation> = diagnostic
                .related
                .iter()
                .map(|label| DiagnosticRelatedInformation {
                    location: Location::new(uri.clone(), ranges.next().unwrap_or_default()),
                    message: label.message.clone(),
                })
                .collect();
            let link = links.get(diagnostic.rule.as_ref()).cloned().flatten();
            one(diagnostic, range, related, link)
        })
        .collect()
}

/// One diagnostic at `range`, with its `related` places and the `link` to
/// its rule's page.
fn one(
    diagnostic: &Diagnostic,
    range: Range,
    related: Vec<DiagnosticRelatedInformation>,
    link: Option<CodeDescription>,
) -> lsp_types::Diagnostic {
    let help = diagnostic
        .help
        .as_deref()
        .or(diagnostic.fix.as_ref().map(|fix| fix.message.as_ref()));
    let message = match help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let unnecessary = diagnostic.rule == unused_suppression::META.name;
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.rule.to_string())),
        code_description: link,
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary.then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}
