//! The one pipeline behind `copydesk check`: read an input, lint it, fix it
//! when asked, write the result atomically or produce a diff, and report.
//! Printing is left to the caller; see [`crate::output`].

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{find_config, Named, Settings};
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

/// Where the settings come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// The nearest `copydesk.toml` upward from each file (from the current
    /// folder for standard input); built-in defaults where there is none.
    Discover,
    /// This configuration file, for every input.
    File(PathBuf),
    /// No configuration file at all.
    Isolated,
}

/// Command-line settings that apply on top of any configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Replaces the configuration's `select` when not empty.
    pub select: Vec<String>,
    /// Added to the configuration's `ignore`.
    pub ignore: Vec<String>,
    /// Packs added to the configuration's, relative to the current folder.
    pub packs: Vec<PathBuf>,
}

/// Chooses the linter for each input, building each configuration's linter once.
#[derive(Debug)]
pub struct LinterResolver {
    source: ConfigSource,
    overrides: Overrides,
    linters: BTreeMap<Option<PathBuf>, Arc<Linter>>,
}

impl LinterResolver {
    /// A resolver reading settings from `source`, with `overrides` on top.
    pub fn new(source: ConfigSource, overrides: Overrides) -> Self {
        Self {
            source,
            overrides,
            linters: BTreeMap::new(),
        }
    }

    /// The configuration file that governs `input`, if any.
    pub fn config_for(&self, input: &Input) -> Option<PathBuf> {
        match &self.source {
            ConfigSource::Isolated => None,
            ConfigSource::File(path) => Some(path.clone()),
            ConfigSource::Discover => {
                let folder = input
                    .path()
                    .and_then(Path::parent)
                    .filter(|parent| !parent.as_os_str().is_empty());
                find_config(folder.unwrap_or(Path::new(".")))
            }
        }
    }

    /// The linter for `input`.
    pub fn linter_for(&mut self, input: &Input) -> Result<Arc<Linter>, Error> {
        let config = self.config_for(input);
        if let Some(linter) = self.linters.get(&config) {
            return Ok(Arc::clone(linter));
        }
        let mut settings = match &config {
            Some(path) => Settings::load(path)?,
            None => Settings::default(),
        };
        if !self.overrides.select.is_empty() {
            settings.select = self.overrides.select.iter().map(Named::cli).collect();
        }
        settings
            .ignore
            .extend(self.overrides.ignore.iter().map(Named::cli));
        settings.packs.extend(
            self.overrides
                .packs
                .iter()
                .map(|pack| Named::cli(pack.display().to_string())),
        );
        let linter = Arc::new(Linter::from_settings(&settings)?);
        self.linters.insert(config, Arc::clone(&linter));
        Ok(linter)
    }
}

/// Checks every input with its linter, in parallel, returning the outcomes
/// in the order of `inputs`; `done` is called after each input (for progress).
pub fn check_all(
    inputs: &[(Input, Arc<Linter>)],
    mode: FixMode,
    done: &(dyn Fn() + Sync),
) -> Vec<Outcome> {
    inputs
        .par_iter()
        .map(|(input, linter)| {
            let outcome = check_input(linter, input, mode);
            done();
            outcome
        })
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
    let path = input.path();
    let level = match mode {
        FixMode::Report => {
            report.diagnostics = linter.lint_path(&text, path);
            report.text = text;
            return Ok(report);
        }
        FixMode::Write(level) | FixMode::Diff(level) => level,
    };
    let outcome = linter.fix_path(&text, path, level)?;
    report.fixed = outcome.fixed;
    if let FixMode::Diff(_) = mode {
        report.diff = Some(unified_diff(&report.path, &text, &outcome.text));
        report.diagnostics = linter.lint_path(&text, path);
        report.text = text;
        return Ok(report);
    }
    match input {
        Input::Stdin(_) => report.fixed_stdin = Some(outcome.text.clone()),
        Input::File(file) if outcome.text != text => write_file(file, &outcome.text)?,
        Input::File(_) => {}
    }
    report.diagnostics = outcome.remaining;
    report.text = outcome.text;
    Ok(report)
}

fn read_input(input: &Input) -> Result<Vec<u8>, Error> {
    match input {
        Input::Stdin(_) => {
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
