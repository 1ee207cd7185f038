//! What a rule reports: a [`Diagnostic`] with its [`Span`], [`Severity`] and related [`Label`]s.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::fix::Fix;
pub use crate::source::Span;

/// `text` on one line (runs of whitespace become one space), cut to about
/// `max_chars` characters with an ellipsis: for quoting flagged text in
/// messages.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

/// How serious a diagnostic is. Ordered from least to most serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never a sign of damage on its own.
    Info,
    /// Probable damage.
    Warning,
    /// Damage that changes what the text says or how it is read.
    Error,
}

impl Severity {
    /// The lowercase name used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary span with a short message, such as "first occurrence here".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// The bytes the label points at.
    pub span: Span,
    /// What the reader should know about them.
    pub message: String,
}

/// One problem found by one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable kebab-case name of the rule that found it.
    pub rule: Cow<'static, str>,
    /// How serious it is.
    pub severity: Severity,
    /// What was found, lowercase, with the offending text quoted.
    pub message: String,
    /// The bytes that are wrong.
    pub span: Span,
    /// Other places that explain this one.
    pub related: Vec<Label>,
    /// A hint for the reader, shown under the diagnostic; when absent, the
    /// fix message is shown instead.
    pub help: Option<String>,
    /// How to repair it, when a repair is known.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic without labels, help or fix.
    pub fn new(
        rule: impl Into<Cow<'static, str>>,
        severity: Severity,
        message: impl Into<String>,
        span: Span,
    ) -> Self {
        Self {
            rule: rule.into(),
            severity,
            message: message.into(),
            span,
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// Attaches a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Attaches help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}
