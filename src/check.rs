//! The one pipeline behind `copydesk check`: read an input, lint it, fix it
//! when asked, write the result atomically or produce a diff, and report.
//! Printing is left to the caller; see [`crate::output`].

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::document::MAX_TEXT_LEN;
use crate::error::Error;
use crate::fix::Applicability;
use crate::walk::Input;
use crate::write::write_atomically;
use crate::Linter;

/// What to do with the fixes found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Report only.
    Report,
    /// Apply fixes down to this applicability and write the files.
    Write(Applicability),
    /// Compute fixes down to this applicability and return a diff; write nothing.
    Diff(Applicability),
}

/// The result of checking one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The name to show: the path as found, or `-` for standard input.
    pub path: String,
    /// The text the diagnostics point into (after fixing, when fixes were written).
    pub text: String,
    /// The diagnostics that remain.
    pub diagnostics: Vec<Diagnostic>,
    /// Fixes applied (or, with [`FixMode::Diff`], that would be), per rule.
    pub fixed: BTreeMap<String, usize>,
    /// With [`FixMode::Diff`], the unified diff of the fixes (empty when none apply).
    pub diff: Option<String>,
    /// For standard input with [`FixMode::Write`]: the fixed text, to print.
    pub fixed_stdin: Option<String>,
}

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome {
    /// The input was linted.
    Checked(FileReport),
    /// The input was passed over, with the reason (a binary file).
    Skipped {
        /// The name to show.
        path: String,
        /// Why it was skipped.
        reason: String,
    },
    /// The input could not be checked; the run fails.
    Failed(Error),
}

/// Checks every input with `linter`, in parallel, returning the outcomes in
/// the order of `inputs`.
pub fn check_all(linter: &Linter, inputs: &[Input], mode: FixMode) -> Vec<Outcome> {
    inputs
        .par_iter()
        .map(|input| check_input(linter, input, mode))
        .collect()
}

/// Checks one input.
pub fn check_input(linter: &Linter, input: &Input, mode: FixMode) -> Outcome {
    let path = input.display_name();
    let bytes = match read_input(input) {
        Ok(bytes) => bytes,
        Err(error) => return Outcome::Failed(error),
    };
    if bytes.len() > MAX_TEXT_LEN {
        return Outcome::Failed(Error::TooLarge {
            path: path.into(),
            size: bytes.len(),
            max: MAX_TEXT_LEN,
        });
    }
    if bytes.contains(&0) {
        return Outcome::Skipped {
            path,
            reason: "binary file (contains NUL bytes), skipped".to_owned(),
        };
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            return Outcome::Failed(Error::InvalidUtf8 {
                path: path.into(),
                offset: error.utf8_error().valid_up_to(),
            })
        }
    };
    match check_text(linter, input, path, text, mode) {
        Ok(report) => Outcome::Checked(report),
        Err(error) => Outcome::Failed(error),
    }
}

fn check_text(
    linter: &Linter,
    input: &Input,
    path: String,
    text: String,
    mode: FixMode,
) -> Result<FileReport, Error> {
    let mut report = FileReport {
        path,
        text: String::new(),
        diagnostics: Vec::new(),
        fixed: BTreeMap::new(),
        diff: None,
        fixed_stdin: None,
    };
    let level = match mode {
        FixMode::Report => {
            report.diagnostics = linter.lint(&text);
            report.text = text;
            return Ok(report);
        }
        FixMode::Write(level) | FixMode::Diff(level) => level,
    };
    let outcome = linter.fix(&text, level)?;
    report.fixed = outcome.fixed;
    if let FixMode::Diff(_) = mode {
        report.diff = Some(unified_diff(&report.path, &text, &outcome.text));
        report.diagnostics = linter.lint(&text);
        report.text = text;
        return Ok(report);
    }
    match input {
        Input::Stdin => report.fixed_stdin = Some(outcome.text.clone()),
        Input::File(file) if outcome.text != text => write_file(file, &outcome.text)?,
        Input::File(_) => {}
    }
    report.diagnostics = outcome.remaining;
    report.text = outcome.text;
    Ok(report)
}

fn read_input(input: &Input) -> Result<Vec<u8>, Error> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|source| Error::Io {
                    path: "-".into(),
                    action: "reading",
                    source,
                })?;
            Ok(bytes)
        }
        Input::File(path) => std::fs::read(path).map_err(|source| Error::Io {
            path: path.clone(),
            action: "reading",
            source,
        }),
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    write_atomically(path, text.as_bytes()).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        action: "writing",
        source,
    })
}

/// A unified diff from `old` to `new`, with `a/` and `b/` headers; empty when equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}
