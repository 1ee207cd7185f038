//! Hover: the documentation of the rules whose diagnostics lie under the
//! cursor, as `copydesk rule NAME` prints it.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::encoding::PositionMap;
use crate::diagnostic::Diagnostic;
use crate::Linter;

/// The hover at `position`: each rule reported there, once, with its page.
pub fn hover(
    diagnostics: &[Diagnostic],
    linter: &Linter,
    map: &PositionMap,
    position: Position,
) -> Option<Hover> {
    let offset = map.offset(position);
    let mut pages: Vec<String> = Vec::new();
    let mut first = None;
    for diagnostic in diagnostics {
        if diagnostic.span.start > offset {
            break;
        }
        if offset > diagnostic.span.end {
            continue;
        }
        first.get_or_insert(diagnostic.span);
        if let Some(meta) = linter.meta(&diagnostic.rule) {
            let page = meta.page();
            if !pages.contains(&page) {
                pages.push(page);
            }
        }
    }
    if pages.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: pages.join("\n\n---\n\n"),
        }),
        range: first.map(|span| map.range(span)),
    })
}
