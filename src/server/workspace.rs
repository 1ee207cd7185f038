//! Configuration in the editor: the linter of each document (the nearest
//! `copydesk.toml` upward from its file, from the first workspace folder
//! for an unsaved buffer, with the editor's options over it), reloaded when
//! a configuration or pack changes, and an invalid configuration or pack
//! turned into diagnostics on its file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{DiagnosticSeverity, NumberOrString, Range, Uri};

use super::convert::SOURCE;
use super::encoding::{PositionEncoding, PositionMap};
use super::uri;
use crate::check::{ConfigSource, LinterResolver, Overrides};
use crate::config::find_config;
use crate::error::Error;
use crate::linter::FileRules;
use crate::source::{LineIndex, Span};
use crate::Linter;

/// What runs on one document.
#[derive(Debug)]
pub enum Resolved {
    /// These rules of this linter.
    Lint(Arc<Linter>, FileRules),
    /// Nothing: the configuration's `exclude` globs match the file.
    Excluded,
    /// Nothing: the configuration (or a pack it names) is invalid; the
    /// error is among [`Workspace::problems`].
    Broken,
}

/// The configurations of the workspace.
#[derive(Debug)]
pub struct Workspace {
    /// The workspace folders, first the one unsaved buffers belong to.
    roots: Vec<PathBuf>,
    /// The editor's options, over every configuration.
    overrides: Overrides,
    /// Linters of the configurations with the options over them.
    resolver: LinterResolver,
    /// Linters of the configurations alone, for those that the options
    /// do not fit.
    plain: LinterResolver,
    /// The configurations that failed to load, by configuration file.
    failed: BTreeMap<Option<PathBuf>, Problem>,
    /// The configurations that the options do not fit (they name a rule or
    /// category that the configuration does not have), and why.
    misfits: BTreeMap<Option<PathBuf>, String>,
    /// Misfits found since [`Workspace::take_misfits`] was last called.
    unreported: Vec<String>,
}

/// An invalid configuration or pack, as a diagnostic on its file.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The file at fault.
    pub uri: Uri,
    /// The error, placed in that file.
    pub diagnostic: lsp_types::Diagnostic,
}

impl Workspace {
    /// The workspace of the folders `roots`, the editor's `overrides` over
    /// each configuration.
    pub fn new(roots: Vec<PathBuf>, overrides: Overrides) -> Self {
        Self {
            roots,
            resolver: LinterResolver::new(ConfigSource::Discover, overrides.clone()),
            plain: LinterResolver::new(ConfigSource::Discover, Overrides::default()),
            overrides,
            failed: BTreeMap::new(),
            misfits: BTreeMap::new(),
            unreported: Vec::new(),
        }
    }

    /// Lays `overrides` over every configuration from the next
    /// [`Workspace::reload`] on.
    pub fn set_overrides(&mut self, overrides: Overrides) {
        self.overrides = overrides;
    }

    /// Replaces the folders `removed` with `added`.
    pub fn set_roots(&mut self, removed: Vec<PathBuf>, added: Vec<PathBuf>) {
        self.roots.retain(|root| !removed.contains(root));
        self.roots.extend(added);
    }

    /// Forgets every configuration read: they are read again when needed.
    pub fn reload(&mut self) {
        let overrides = std::mem::take(&mut self.overrides);
        *self = Self::new(std::mem::take(&mut self.roots), overrides);
    }

    /// What runs on the document at `path` (`None`: an unsaved buffer),
    /// Markdown or not.
    pub fn resolve(
        &mut self,
        path: Option<&Path>,
        markdown: bool,
        encoding: PositionEncoding,
    ) -> Resolved {
        let config = match path {
            Some(path) => self.resolver.config_for(Some(path)),
            None => self.roots.first().and_then(|root| find_config(root)),
        };
        if self.failed.contains_key(&config) {
            return Resolved::Broken;
        }
        let resolver = if self.misfits.contains_key(&config) {
            &mut self.plain
        } else {
            &mut self.resolver
        };
        let linter = match resolver.linter_of(config.clone()) {
            // Only the editor's options name rules without a place in a
            // file: the configuration is linted as it is, and the user told.
            Err(error @ Error::UnknownSelector { .. }) => {
                let governed = match &config {
                    Some(path) => format!("the configuration {}", path.display()),
                    None => "the built-in defaults".to_owned(),
                };
                let message = format!(
                    "copydesk: the editor's options do not fit {governed}: {error} \
                     (`copydesk rules` lists them); linting without the options"
                );
                self.misfits.insert(config.clone(), message.clone());
                self.unreported.push(message);
                self.plain.linter_of(config.clone())
            }
            other => other,
        };
        match linter {
            Ok(linter) => {
                if path.is_some_and(|path| linter.excludes(path)) {
                    return Resolved::Excluded;
                }
                let mut rules = linter.file_rules(path);
                rules.markdown |= markdown;
                Resolved::Lint(linter, rules)
            }
            Err(error) => {
                if let Some(problem) = problem(&error, config.as_deref(), encoding) {
                    self.failed.insert(config, problem);
                }
                Resolved::Broken
            }
        }
    }

    /// The messages about options that do not fit a configuration, found
    /// since the last call, to show the user once.
    pub fn take_misfits(&mut self) -> Vec<String> {
        std::mem::take(&mut self.unreported)
    }

    /// Every invalid configuration or pack met so far.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.failed.values()
    }
}

/// `error`, from loading the configuration `config`, as a diagnostic on the
/// file at fault: the pack or configuration it points into, or else the
/// configuration file itself, at its start.
fn problem(error: &Error, config: Option<&Path>, encoding: PositionEncoding) -> Option<Problem> {
    let (path, range, message) = match error {
        Error::InvalidConfig(file) | Error::InvalidPack(file) => {
            let text = file.source_code.inner();
            let index = LineIndex::new_with_bare_cr(text);
            let start = file.span.offset();
            let span = Span::new(start, start + file.span.len());
            let range = PositionMap::new(text, &index, encoding).range(span);
            let message = format!(
                "invalid {}: {}\nhelp: {}",
                file.kind, file.message, file.help
            );
            (PathBuf::from(&file.name), range, message)
        }
        other => (config?.to_path_buf(), Range::default(), other.to_string()),
    };
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    Some(Problem {
        uri: uri::from_path(&path)?,
        diagnostic: lsp_types::Diagnostic {
            range,
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(NumberOrString::String("invalid-configuration".to_owned())),
            source: Some(SOURCE.to_owned()),
            message,
            ..lsp_types::Diagnostic::default()
        },
    })
}
