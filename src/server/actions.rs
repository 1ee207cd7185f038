//! Code actions: each fix of the diagnostics under the cursor (preferred
//! when safe; an unsafe one says so in its title), "disable RULE for this
//! line" (a `copydesk-disable-next-line` comment above it, as
//! [`crate::suppression`] reads it), and `source.fixAll.copydesk`, every
//! safe fix of the document as `copydesk check --fix` applies them.

use std::collections::HashMap;
use std::sync::Arc;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::convert;
use super::encoding::{PositionEncoding, PositionMap};
use super::pages::RulePages;
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit};
use crate::linter::FileRules;
use crate::source::{ceil_char_boundary, floor_char_boundary, LineIndex, Span};
use crate::Linter;

/// The kind of the "fix all safe problems" action, for `codeActionsOnSave`.
pub const FIX_ALL: &str = "source.fixAll.copydesk";

/// One version of a document, with what it takes to compute its actions
/// on a thread of their own.
#[derive(Debug)]
pub struct Snapshot {
    /// The document.
    pub uri: Uri,
    /// Its text.
    pub text: Arc<String>,
    /// Its line index.
    pub index: Arc<LineIndex>,
    /// The client's position encoding.
    pub encoding: PositionEncoding,
    /// The linter of the document's configuration.
    pub linter: Arc<Linter>,
    /// The rules for the document.
    pub rules: FileRules,
    /// What linting this version found, when it is done.
    pub diagnostics: Option<Arc<Vec<Diagnostic>>>,
    /// Where the rules' pages are linked from.
    pub pages: Arc<RulePages>,
    /// The fixes "fix all" applies: safe ones, or unsafe ones too.
    pub fix_level: Applicability,
}

/// The code actions for `range` of the snapshot, of the kinds `only` lists
/// (every kind when `None`).
pub fn code_actions(
    snapshot: &Snapshot,
    range: Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|asked| {
                let asked = asked.as_str();
                kind.as_str() == asked
                    || kind
                        .as_str()
                        .strip_prefix(asked)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    };
    let diagnostics = match &snapshot.diagnostics {
        Some(diagnostics) => Arc::clone(diagnostics),
        None => Arc::new(snapshot.linter.lint_file(&snapshot.text, &snapshot.rules)),
    };
    let map = PositionMap::new(&snapshot.text, &snapshot.index, snapshot.encoding);
    let mut actions = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        let wanted = map.span(range);
        let touched: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|diagnostic| {
                diagnostic.span.start <= wanted.end && wanted.start <= diagnostic.span.end
            })
            .collect();
        actions.extend(quick_fixes(snapshot, &map, &touched));
    }
    let fix_all = CodeActionKind::from(FIX_ALL);
    let any_fix = diagnostics.iter().any(|diagnostic| {
        let fix = diagnostic.fix.as_ref();
        fix.is_some_and(|fix| fix.applicability >= snapshot.fix_level)
    });
    if any_fix && wants(&fix_all) {
        actions.extend(fix_everything(snapshot, &map, fix_all));
    }
    actions
}

/// Each fix of `touched`, and a "disable" action per rule.
fn quick_fixes(
    snapshot: &Snapshot,
    map: &PositionMap,
    touched: &[&Diagnostic],
) -> Vec<CodeActionOrCommand> {
    let owned: Vec<Diagnostic> = touched
        .iter()
        .map(|&diagnostic| diagnostic.clone())
        .collect();
    let published = convert::diagnostics(
        &owned,
        &snapshot.uri,
        map,
        &snapshot.linter,
        &snapshot.pages,
    );
    let offsets: Vec<usize> = touched
        .iter()
        .flat_map(|diagnostic| diagnostic.fix.iter().flat_map(|fix| fix.edits.iter()))
        .flat_map(|edit| [edit.start, edit.end])
        .collect();
    let mut positions = map.positions(&offsets).into_iter();
    let mut actions = Vec::new();
    let mut disabled: Vec<(usize, &str)> = Vec::new();
    for (diagnostic, lsp) in touched.iter().zip(published) {
        if let Some(fix) = &diagnostic.fix {
            let edits: Vec<TextEdit> = fix
                .edits
                .iter()
                .map(|edit| {
                    let start = positions.next().unwrap_or_default();
                    let end = positions.next().unwrap_or_default();
                    TextEdit::new(Range::new(start, end), edit.replacement.clone())
                })
                .collect();
            let safe = fix.applicability == Applicability::Safe;
            let title = if safe {
                fix.message.to_string()
            } else {
                format!("{} (unsafe fix)", fix.message)
            };
            actions.push(action(
                title,
                CodeActionKind::QUICKFIX,
                &snapshot.uri,
                edits,
                Some(lsp.clone()),
                safe,
            ));
        }
        let line = map.index().line_of(diagnostic.span.start);
        if disabled.contains(&(line, diagnostic.rule.as_ref())) {
            continue;
        }
        disabled.push((line, diagnostic.rule.as_ref()));
        let edit = disable_next_line(map.text(), map.index(), line, &diagnostic.rule);
        actions.push(action(
            format!("disable {} for this line", diagnostic.rule),
            CodeActionKind::QUICKFIX,
            &snapshot.uri,
            vec![TextEdit::new(map.range(edit.span()), edit.replacement)],
            Some(lsp),
            false,
        ));
    }
    actions
}

/// The edit that silences `rule` on the 0-based `line`: the rule is added to
/// a `copydesk-disable-next-line` comment on the line above, or a new such
/// comment line is inserted, indented as the line is.
pub fn disable_next_line(text: &str, index: &LineIndex, line: usize, rule: &str) -> Edit {
    let start = index.line_start(line).unwrap_or(text.len());
    if let Some(above) = line.checked_sub(1) {
        let above_start = index.line_start(above).unwrap_or(0);
        let above_text = &text[above_start..index.line_end(text, above)];
        let comment = above_text.trim();
        let directive = "<!-- copydesk-disable-next-line ";
        if comment.starts_with(directive) && comment.ends_with("-->") {
            let close = above_start + above_text.rfind("-->").unwrap_or(0);
            let names_end = above_start + text[above_start..close].trim_end().len();
            return Edit::insert(names_end, format!(", {rule}"));
        }
    }
    let line_text = &text[start..index.line_end(text, line)];
    let indent = &line_text[..line_text.len() - line_text.trim_start().len()];
    let newline = if text[start..].contains("\r\n") && text[..start].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    Edit::insert(
        start,
        format!("{indent}<!-- copydesk-disable-next-line {rule} -->{newline}"),
    )
}

/// "fix all safe problems" (or "fix all problems, unsafe fixes included"):
/// the fixes of the snapshot's level applied until the text is stable, as
/// one edit from the first changed byte to the last.
fn fix_everything(
    snapshot: &Snapshot,
    map: &PositionMap,
    kind: CodeActionKind,
) -> Option<CodeActionOrCommand> {
    let fixed = snapshot
        .linter
        .fix_file(snapshot.text.as_str(), &snapshot.rules, snapshot.fix_level)
        .ok()?;
    let (span, replacement) = changed_part(&snapshot.text, &fixed.text)?;
    let title = match snapshot.fix_level {
        Applicability::Safe => "fix all safe problems",
        Applicability::Unsafe => "fix all problems, unsafe fixes included",
    };
    Some(action(
        title.to_owned(),
        kind,
        &snapshot.uri,
        vec![TextEdit::new(map.range(span), replacement.to_owned())],
        None,
        false,
    ))
}

/// The bytes of `old` that differ from `new`, and what `new` has there;
/// `None` when they are equal.
fn changed_part<'a>(old: &str, new: &'a str) -> Option<(Span, &'a str)> {
    if old == new {
        return None;
    }
    let prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let prefix = floor_char_boundary(old, prefix);
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    let old_end = ceil_char_boundary(old, old.len() - suffix);
    let new_end = new.len() - (old.len() - old_end);
    Some((Span::new(prefix, old_end), new.get(prefix..new_end)?))
}

/// A code action that edits the document `uri`.
fn action(
    title: String,
    kind: CodeActionKind,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostic: Option<lsp_types::Diagnostic>,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: diagnostic.map(|diagnostic| vec![diagnostic]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edit: &Edit) -> String {
        let mut text = text.to_owned();
        text.replace_range(edit.start..edit.end, &edit.replacement);
        text
    }

    #[test]
    fn disabling_inserts_a_comment_line_or_extends_one() {
        let text = "intro\n  the company s plan\n";
        let index = LineIndex::new_with_bare_cr(text);
        let once = apply(text, &disable_next_line(text, &index, 1, "lost-apostrophe"));
        assert_eq!(
            once,
            "intro\n  <!-- copydesk-disable-next-line lost-apostrophe -->\n  the company s plan\n"
        );
        let index = LineIndex::new_with_bare_cr(&once);
        let twice = apply(&once, &disable_next_line(&once, &index, 2, "repeated-word"));
        assert!(
            twice.contains("<!-- copydesk-disable-next-line lost-apostrophe, repeated-word -->\n")
        );
    }

    #[test]
    fn the_changed_part_is_whole_characters() {
        assert_eq!(changed_part("abc", "abc"), None);
        assert_eq!(
            changed_part("the company s plan", "the company's plan"),
            Some((Span::new(11, 12), "'"))
        );
        // "é" and "è" share their first byte: the edit takes the whole character.
        assert_eq!(changed_part("xéy", "xèy"), Some((Span::new(1, 3), "è")));
        assert_eq!(changed_part("aa", "aaa"), Some((Span::new(2, 2), "a")));
    }
}
