//! copydesk's diagnostics as the protocol's: ranges in the negotiated
//! encoding, severity mapped, the rule's name as the code.

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, NumberOrString,
    Position, Range, Uri,
};

use super::encoding::PositionMap;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::unused_suppression;

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

/// `diagnostics` of the document `uri` as the protocol's, in their order.
/// Every position is computed in one sweep over the text.
pub fn diagnostics(
    diagnostics: &[Diagnostic],
    uri: &Uri,
    map: &PositionMap,
) -> Vec<lsp_types::Diagnostic> {
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
            one(diagnostic, range, related)
        })
        .collect()
}

/// One diagnostic at `range`, with its `related` places.
fn one(
    diagnostic: &Diagnostic,
    range: Range,
    related: Vec<DiagnosticRelatedInformation>,
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
        code_description: None,
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary.then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}
