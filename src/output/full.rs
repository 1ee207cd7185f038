//! `full`: each diagnostic rendered by miette with the source around its span.
//!
//! Scraped files are often one enormous line, and miette prints whole lines,
//! so [`WindowedSource`] hands miette only a window of about
//! [`CONTEXT_CHARS`] characters on each side of a span, with the true line and
//! column, and labels longer than [`MAX_LABEL_CHARS`] are shown by their start.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::check::{FileReport, Summary};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::fix::Applicability;
use crate::source::{ceil_char_boundary, floor_char_boundary, LineIndex};

use super::{plural, visible, Sink, Style};

/// Characters of context shown on each side of a span on a long line.
pub const CONTEXT_CHARS: usize = 40;

/// Lines longer than this (in bytes) are shown as a window, not whole.
const LONG_LINE_BYTES: usize = 2 * CONTEXT_CHARS + 40;

/// Labels longer than this are underlined over their first characters only.
pub const MAX_LABEL_CHARS: usize = 2 * CONTEXT_CHARS;

/// A text that miette reads through windows, so a span on a 20 KB line shows
/// about 80 characters of context, never the whole line.
///
/// Control and bidirectional characters are shown as visible characters of
/// the same length ([`visible::same_length`]), so nothing in the text can act
/// on the terminal, and the name is escaped.
pub struct WindowedSource<'a> {
    name: Cow<'a, str>,
    text: Cow<'a, str>,
    lines: Cow<'a, LineIndex>,
}

impl<'a> WindowedSource<'a> {
    /// Wraps `text`, shown under `name`.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Self {
            name: visible::escaped(name),
            text: visible::same_length(text),
            lines: Cow::Owned(LineIndex::new(text)),
        }
    }

    /// Wraps `text`, shown under `name`, with its line index already built.
    pub fn indexed(name: &'a str, text: &'a str, lines: &'a LineIndex) -> Self {
        Self {
            name: visible::escaped(name),
            text: visible::same_length(text),
            lines: Cow::Borrowed(lines),
        }
    }

    /// The byte range shown for `span` with up to `before`/`after` context lines;
    /// long lines are cut to [`CONTEXT_CHARS`] characters on each side.
    fn window(&self, span: Span, before: usize, after: usize) -> Span {
        let first_line = self.lines.line_of(span.start);
        let last_line = self.lines.line_of(span.end);

        let line_start = self.lines.line_start(first_line).unwrap_or(0);
        let mut start = if span.start - line_start > LONG_LINE_BYTES {
            back_chars(&self.text, span.start, CONTEXT_CHARS)
        } else {
            line_start
        };
        if start == line_start {
            for line in (first_line.saturating_sub(before)..first_line).rev() {
                let candidate = self.lines.line_start(line).unwrap_or(0);
                if self.lines.line_end(&self.text, line) - candidate > LONG_LINE_BYTES {
                    break;
                }
                start = candidate;
            }
        }

        let line_end = self.lines.line_end(&self.text, last_line);
        let mut end = if line_end.saturating_sub(span.end) > LONG_LINE_BYTES {
            forward_chars(&self.text, span.end, CONTEXT_CHARS)
        } else {
            line_end
        };
        if end == line_end {
            for line in last_line + 1..=(last_line + after).min(self.lines.line_count() - 1) {
                let line_start = self.lines.line_start(line).unwrap_or(self.text.len());
                let candidate = self.lines.line_end(&self.text, line);
                if candidate - line_start > LONG_LINE_BYTES {
                    break;
                }
                end = candidate;
            }
        }
        Span::new(start, end.max(span.end))
    }
}

/// The offset `count` characters before `offset` (stopping at a line start).
fn back_chars(text: &str, offset: usize, count: usize) -> usize {
    text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c != '\n')
        .take(count)
        .last()
        .map_or(offset, |(index, _)| index)
}

/// The offset `count` characters after `offset` (stopping at a line end).
fn forward_chars(text: &str, offset: usize, count: usize) -> usize {
    text[offset..]
        .char_indices()
        .take_while(|&(_, c)| c != '\n' && c != '\r')
        .take(count)
        .last()
        .map_or(offset, |(index, c)| offset + index + c.len_utf8())
}

impl SourceCode for WindowedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let requested = Span::new(span.offset(), span.offset() + span.len());
        if requested.end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // Refusing a long span keeps miette from merging two far-apart labels
        // on one long line into one enormous snippet; it shows them apart.
        if requested.len() > 4 * MAX_LABEL_CHARS {
            return Err(MietteError::OutOfBounds);
        }
        let requested = Span::new(
            floor_char_boundary(&self.text, requested.start),
            ceil_char_boundary(&self.text, requested.end),
        );
        // Without context, the contents start at the span itself, so the
        // `[file:line:column]` header names the span's own position.
        let window = if context_lines_before == 0 && context_lines_after == 0 {
            requested
        } else {
            self.window(requested, context_lines_before, context_lines_after)
        };
        let start = self.lines.line_column(&self.text, window.start);
        let line_count = self.lines.line_of(window.end) - self.lines.line_of(window.start) + 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            &self.text.as_bytes()[window.range()],
            SourceSpan::from(window.range()),
            start.line - 1,
            start.column - 1,
            line_count,
        )))
    }
}

/// A diagnostic paired with its source, as miette wants it.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a WindowedSource<'a>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible::escaped(&self.diagnostic.message))
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible::escaped(&self.diagnostic.message))
    }
}

impl std::error::Error for Rendered<'_> {}

/// A label span shortened to its first [`MAX_LABEL_CHARS`] characters.
fn shown_span(text: &str, span: Span) -> SourceSpan {
    let end = if text
        .get(span.range())
        .is_some_and(|label| label.chars().count() > MAX_LABEL_CHARS)
    {
        forward_chars(text, span.start, MAX_LABEL_CHARS)
    } else {
        span.end
    };
    SourceSpan::from(span.start..end.max(span.start))
}

impl MietteDiagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.diagnostic.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let fix_message = self.diagnostic.fix.as_ref().map(|fix| fix.message.as_ref());
        let help = self.diagnostic.help.as_deref().or(fix_message)?;
        let unsafe_note = match &self.diagnostic.fix {
            Some(fix) if fix.applicability == Applicability::Unsafe => {
                " (unsafe fix: applied with --unsafe-fixes)"
            }
            _ => "",
        };
        Some(Box::new(format!("{}{unsafe_note}", visible::escaped(help))))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let text: &str = &self.source.text;
        let long = self.diagnostic.span.len() > MAX_LABEL_CHARS;
        let primary_text =
            long.then(|| format!("starts here, {} bytes long", self.diagnostic.span.len()));
        let primary = LabeledSpan::new_primary_with_span(
            primary_text,
            shown_span(text, self.diagnostic.span),
        );
        let related = self.diagnostic.related.iter().map(|label| {
            LabeledSpan::new_with_span(
                Some(visible::escaped(&label.message).into_owned()),
                shown_span(text, label.span),
            )
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// Renders one diagnostic of the text in `source` as miette does, into a string.
pub fn render_diagnostic(diagnostic: &Diagnostic, source: &WindowedSource, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_context_lines(1);
    let mut rendered = String::new();
    let shown = Rendered { diagnostic, source };
    if handler.render_report(&mut rendered, &shown).is_err() {
        // Rendering into a String only fails if a span is out of bounds; fall back to one line.
        rendered = format!(
            "{}: {} {}\n",
            source.name,
            diagnostic.rule,
            visible::escaped(&diagnostic.message)
        );
    }
    rendered
}

/// Prints each diagnostic as miette renders it, and optionally a closing
/// line that counts the problems.
pub(super) struct FullPrinter<W> {
    out: W,
    style: Style,
}

impl<W: Write> FullPrinter<W> {
    pub(super) fn new(out: W, style: Style) -> Self {
        Self { out, style }
    }
}

impl<W: Write> Sink for FullPrinter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let name = report.display_name();
        let source = WindowedSource::indexed(&name, &report.text, &report.lines);
        for diagnostic in &report.diagnostics {
            let rendered = render_diagnostic(diagnostic, &source, self.style);
            self.out.write_all(rendered.as_bytes())?;
            writeln!(self.out)?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        if self.style.summary && summary.problems() > 0 {
            let mut places = Vec::new();
            if summary.files_with_problems > 0 {
                places.push(plural(summary.files_with_problems, "file"));
            }
            if summary.records_with_problems > 0 {
                places.push(plural(summary.records_with_problems, "record"));
            }
            writeln!(
                self.out,
                "{} in {}, {} fixable with --fix",
                plural(summary.problems(), "problem"),
                places.join(" and "),
                summary.fixable
            )?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Edit, Fix};

    fn diagnostic(span: Span) -> Diagnostic {
        Diagnostic::new(
            "lost-apostrophe",
            Severity::Warning,
            "apostrophe lost",
            span,
        )
        .with_fix(Fix::safe(
            "restore apostrophe",
            vec![Edit::replace(span, "'")],
        ))
    }

    #[test]
    fn long_line_shows_a_window_and_the_true_position() {
        let text = format!(
            "{} museum s director {}",
            "word ".repeat(2000),
            "tail ".repeat(2000)
        );
        let start = text.find("museum s").unwrap();
        let source = WindowedSource::new("big.txt", &text);
        let rendered = render_diagnostic(
            &diagnostic(Span::new(start, start + 8)),
            &source,
            Style::default(),
        );
        assert!(
            rendered.contains(&format!("[big.txt:1:{}]", start + 1)),
            "{rendered}"
        );
        assert!(rendered.contains("museum s director"));
        let longest = rendered
            .lines()
            .map(|line| line.chars().count())
            .max()
            .unwrap();
        assert!(longest < 140, "a line of {longest} characters:\n{rendered}");
    }

    #[test]
    fn short_lines_show_whole_with_context() {
        let text = "first line\nthe museum s director\nlast line\n";
        let start = text.find("museum s").unwrap();
        let source = WindowedSource::new("a.txt", text);
        let rendered = render_diagnostic(
            &diagnostic(Span::new(start, start + 8)),
            &source,
            Style::default(),
        );
        for expected in [
            "[a.txt:2:5]",
            "first line",
            "the museum s director",
            "last line",
            "restore apostrophe",
        ] {
            assert!(
                rendered.contains(expected),
                "missing {expected:?} in\n{rendered}"
            );
        }
    }
}
