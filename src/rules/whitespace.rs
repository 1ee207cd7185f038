//! `whitespace`: trailing spaces, runs of spaces, tabs inside lines, mixed
//! line endings, a missing final newline, runs of blank lines.

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::{Edit, Fix};
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};

declare_rule! {
    /// ## What it does
    /// Finds spacing that conversion and copy-paste leave behind: spaces or
    /// tabs at the end of a line, a tab or a run of two or three spaces
    /// between words inside a line (not two spaces after a full stop, the
    /// typewriter convention, nor the wide gaps of aligned columns), lines
    /// that end differently from the rest of the file (`\r\n` among `\n`), a
    /// missing newline at the end of the file (not of a JSON Lines record,
    /// which needs none), and more than two blank lines
    /// in a row. Indentation at the start of a line is left alone, and so are
    /// exactly two trailing spaces before a non-blank line: that is a Markdown
    /// hard line break.
    ///
    /// ## Why is this bad?
    /// Invisible differences make diffs noisy, break tools that compare text,
    /// and show up as ragged spacing when the text is reflowed.
    ///
    /// ## Example
    /// ```text
    /// The market opens at  eight.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The market opens at eight.
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes trailing whitespace, turns runs of spaces and tabs into
    /// one space, writes every line ending the way most lines of the file end,
    /// adds the final newline and keeps at most two blank lines. It is safe:
    /// no visible character changes.
    pub(crate) const META = {
        name: "whitespace",
        category: Typography,
        severity: Warning,
        fix: Always,
    }
}

/// The whitespace rule.
pub(crate) struct Whitespace;

impl Whitespace {
    /// The rule; it takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        Ok(Self)
    }
}

fn push(
    out: &mut Vec<Diagnostic>,
    span: Span,
    message: String,
    fix_message: &'static str,
    edits: Vec<Edit>,
) {
    out.push(
        Diagnostic::new(META.name, META.severity, message, span)
            .with_fix(Fix::safe(fix_message, edits)),
    );
}

/// A line of the text: its content (without the line ending) and where the
/// line ending is.
struct Line {
    content: Span,
    ending: Span,
}

fn lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (index, byte) in text.bytes().enumerate() {
        if byte == b'\n' {
            let content_end = if index > start && text.as_bytes()[index - 1] == b'\r' {
                index - 1
            } else {
                index
            };
            lines.push(Line {
                content: Span::new(start, content_end),
                ending: Span::new(content_end, index + 1),
            });
            start = index + 1;
        }
    }
    if start < text.len() {
        lines.push(Line {
            content: Span::new(start, text.len()),
            ending: Span::new(text.len(), text.len()),
        });
    }
    lines
}

impl Rule for Whitespace {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        let lines = lines(text);
        let crlf = lines.iter().filter(|line| line.ending.len() == 2).count();
        let lf = lines.iter().filter(|line| line.ending.len() == 1).count();
        let dominant = if crlf > lf { "\r\n" } else { "\n" };

        let mut blank_run: Vec<&Line> = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let content = &text[line.content.range()];
            // Most lines start with a visible ASCII character and have no tab,
            // no double space and no trailing space: nothing to look at.
            let bytes = content.as_bytes();
            let quiet = bytes.first().is_some_and(|&first| first.is_ascii_graphic())
                && !matches!(bytes.last(), Some(b' ' | b'\t'))
                && memchr::memchr(b'\t', bytes).is_none()
                && memchr::memmem::find(bytes, b"  ").is_none();
            if quiet {
                report_blank_run(&blank_run, out);
                blank_run.clear();
                continue;
            }
            let is_blank = content.trim().is_empty();

            // Trailing whitespace (not a Markdown hard break before a non-blank line).
            let trimmed = content.trim_end_matches([' ', '\t']);
            let trailing = Span::new(line.content.start + trimmed.len(), line.content.end);
            let next_is_text = lines
                .get(index + 1)
                .is_some_and(|next| !text[next.content.range()].trim().is_empty());
            let hard_break = &text[trailing.range()] == "  " && !trimmed.is_empty() && next_is_text;
            if !trailing.is_empty() && !hard_break && !is_blank {
                push(
                    out,
                    trailing,
                    "trailing whitespace".to_owned(),
                    "remove trailing whitespace",
                    vec![Edit::delete(trailing)],
                );
            }

            // Runs of spaces and tabs inside the line, after the indentation.
            if !is_blank {
                let indent = trimmed.len() - trimmed.trim_start_matches([' ', '\t']).len();
                let body_start = line.content.start + indent;
                for run in inner_runs(&trimmed[indent..]) {
                    let span = Span::new(body_start + run.start, body_start + run.end);
                    let what = if text[span.range()].contains('\t') {
                        "tab inside a line"
                    } else {
                        "run of spaces"
                    };
                    let message = format!("{what}: {} characters of whitespace", span.len());
                    push(
                        out,
                        span,
                        message,
                        "replace with one space",
                        vec![Edit::replace(span, " ")],
                    );
                }
            }

            // More than two blank lines in a row.
            if is_blank && !line.ending.is_empty() {
                blank_run.push(line);
            } else {
                report_blank_run(&blank_run, out);
                blank_run.clear();
            }
        }
        report_blank_run(&blank_run, out);

        // Line endings that differ from the dominant one.
        if crlf > 0 && lf > 0 {
            let minority: Vec<Span> = lines
                .iter()
                .map(|line| line.ending)
                .filter(|ending| !ending.is_empty() && &text[ending.range()] != dominant)
                .collect();
            if let Some(&first) = minority.first() {
                let name = |ending: &str| if ending == "\r\n" { "CRLF" } else { "LF" };
                let message = format!(
                    "mixed line endings: {} of {} lines end with {} instead of {}",
                    minority.len(),
                    crlf + lf,
                    name(&text[first.range()]),
                    name(dominant)
                );
                // Carriage returns right before a CRLF ("\r\r\n", an ending
                // converted twice) go with it: replacing only the CRLF would
                // leave a CR to pair with the new LF, one more pass per CR.
                let edits = minority
                    .iter()
                    .map(|&ending| {
                        let start = if dominant == "\n" {
                            text[..ending.start].trim_end_matches('\r').len()
                        } else {
                            ending.start
                        };
                        Edit::replace(Span::new(start, ending.end), dominant)
                    })
                    .collect();
                push(
                    out,
                    first,
                    message,
                    "use the file's dominant line ending",
                    edits,
                );
            }
        }

        // A missing final newline (a record of a corpus needs none).
        if !document.is_record() && !text.is_empty() && !text.ends_with('\n') {
            let end = Span::new(text.len(), text.len());
            push(
                out,
                end,
                "missing newline at the end of the file".to_owned(),
                "add the final newline",
                vec![Edit::insert(text.len(), dominant)],
            );
        }
    }
}

/// The runs of whitespace inside `body` (a line without its indentation and
/// trailing whitespace) that are damage rather than layout: one tab before a
/// lowercase letter, or two or three spaces, between two letters or digits. Gaps after punctuation
/// (two spaces after a full stop, the typewriter convention; a cast list
/// "CAESAR,   Triumvir"), several tabs, and lines with several wide gaps
/// (aligned columns) are layout and are left alone.
fn inner_runs(body: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = body.as_bytes();
    let mut runs = Vec::new();
    let mut position = 0;
    while position < bytes.len() {
        if bytes[position] != b' ' && bytes[position] != b'\t' {
            position += 1;
            continue;
        }
        let end = position
            + bytes[position..]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
        if end - position > 1 || bytes[position] == b'\t' {
            runs.push(position..end);
        }
        position = end;
    }
    if runs.len() > 1 {
        return Vec::new(); // aligned columns
    }
    runs.retain(|run| {
        let gap = &body[run.clone()];
        let before = body[..run.start].chars().next_back();
        let after = body[run.end..].chars().next();
        let between_words =
            before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric);
        let closed =
            body[..run.start].trim_end_matches([')', ']', '"', '\'', '\u{2019}', '\u{201d}']);
        let sentence_spacing = gap == "  " && closed.ends_with(['.', '!', '?', ':']);
        // A tab before a capital is layout (half-lines of verse, table cells).
        let damage = if gap.contains('\t') {
            gap == "\t" && after.is_some_and(char::is_lowercase)
        } else {
            gap.len() <= 3
        };
        between_words && damage && !sentence_spacing
    });
    runs
}

/// Reports a run of more than two blank lines, keeping two.
fn report_blank_run(run: &[&Line], out: &mut Vec<Diagnostic>) {
    if run.len() <= 2 {
        return;
    }
    let extra = Span::new(run[2].content.start, run[run.len() - 1].ending.end);
    push(
        out,
        extra,
        format!("{} blank lines in a row", run.len()),
        "keep two blank lines",
        vec![Edit::delete(extra)],
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;
    use crate::Linter;

    fn fixed(text: &str) -> String {
        let linter = Linter::with_rules(vec![Box::new(Whitespace)]);
        linter
            .fix(text, Applicability::Safe)
            .expect("converges")
            .text
    }

    /// Issue 11 (found by the `fix` fuzz target): "\r" x 100 then "\n\n"
    /// did not converge: each pass turned the CRLF into LF and the CR before
    /// it made a new CRLF with it.
    #[test]
    fn issue_11_carriage_returns_before_crlf_go_in_one_pass() {
        let text = format!("{}\n\n", "\r".repeat(150));
        assert_eq!(fixed(&text), "\n\n");
        assert_eq!(fixed("one\r\r\ntwo\nthree\n"), "one\ntwo\nthree\n");
        assert_eq!(fixed("one\r\ntwo\r\nthree\n"), "one\r\ntwo\r\nthree\r\n");
    }

    #[test]
    fn normalizes_every_kind() {
        assert_eq!(fixed("a  b c \nd"), "a b c\nd\n");
        assert_eq!(fixed("a\tb\n"), "a b\n");
        assert_eq!(fixed("Name   Value   Unit\n"), "Name   Value   Unit\n");
        assert_eq!(fixed("End.  Next\n"), "End.  Next\n");
        assert_eq!(fixed("a\r\nb\r\nc\n"), "a\r\nb\r\nc\r\n");
        assert_eq!(fixed("a\n\n\n\n\nb\n"), "a\n\n\nb\n");
    }

    #[test]
    fn keeps_indentation_and_markdown_hard_breaks() {
        assert_eq!(
            fixed("    code  block\nline one  \nline two\n"),
            "    code block\nline one  \nline two\n"
        );
    }

    #[test]
    fn clean_text_is_untouched() {
        let text = "One line.\n\nAnother line.\n";
        assert_eq!(fixed(text), text);
    }
}
