//! `copydesk.toml`: discovery (nearest file upward from each linted file),
//! strict parsing with spans, and resolution into [`Settings`].
//!
//! ```toml
//! select  = ["artefact", "encoding"]
//! ignore  = ["flattened-text"]
//! packs   = ["style/house.toml"]          # relative to this file
//! exclude = ["drafts/**"]                 # not linted (named files too, with --force-exclude)
//!
//! [rules.repeated-passage]
//! min-words = 80
//! severity  = "error"
//!
//! [[per-file]]
//! glob   = "archive/**"                   # relative to this file
//! ignore = ["boilerplate"]
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use miette::{NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::error::{Error, FileError};
use crate::read::read_small_file;
use crate::rule::RuleOptions;

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "copydesk.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    packs: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<toml::Table>>,
    #[serde(default)]
    per_file: Vec<PerFileSpec>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PerFileSpec {
    glob: Spanned<String>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
}

/// A rule or category name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The name.
    pub name: String,
    /// The byte range in the configuration file, when it came from one.
    pub span: Option<Range<usize>>,
}

impl Named {
    /// A name given on the command line.
    pub fn cli(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            span: None,
        }
    }

    fn spanned(value: Spanned<String>) -> Self {
        Self {
            span: Some(value.span()),
            name: value.into_inner(),
        }
    }
}

/// The severity and options of one rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSettings {
    /// Overrides the rule's default severity.
    pub severity: Option<Severity>,
    /// The rule's own options.
    pub options: RuleOptions,
    /// Where `[rules.NAME]` is, for errors.
    pub span: Option<Range<usize>>,
}

/// Rules switched on or off for files matching a glob.
#[derive(Debug, Clone)]
pub struct PerFile {
    /// The glob, relative to the configuration file's folder.
    pub glob: GlobMatcher,
    /// Rules or categories that run only here (empty: unchanged).
    pub select: Vec<Named>,
    /// Rules or categories that do not run here.
    pub ignore: Vec<Named>,
}

/// Everything that decides which rules run and how, from `copydesk.toml`
/// and the command line.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The configuration file these settings came from, if any, and its text.
    pub source: Option<(PathBuf, String)>,
    /// Rules or categories to run; empty means all.
    pub select: Vec<Named>,
    /// Rules or categories not to run.
    pub ignore: Vec<Named>,
    /// Extra rule packs, as paths.
    pub packs: Vec<Named>,
    /// Per-rule severity and options, by rule name.
    pub rules: BTreeMap<String, RuleSettings>,
    /// Per-file overrides, in file order (later ones win).
    pub per_file: Vec<PerFile>,
    /// Files not to lint (globs relative to the configuration file's folder).
    pub exclude: Vec<GlobMatcher>,
}

impl Settings {
    /// The folder that relative paths in the settings start from.
    pub fn root(&self) -> PathBuf {
        self.source
            .as_ref()
            .and_then(|(path, _)| path.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// An error pointing at `span` of the configuration file (or a plain rule
    /// option error when the settings did not come from a file).
    pub fn error(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Error {
        let message = message.into();
        match (&self.source, span) {
            (Some((path, text)), Some(span)) => Error::InvalidConfig(Box::new(FileError {
                kind: "configuration",
                name: path.display().to_string(),
                message,
                source_code: NamedSource::new(path.display().to_string(), text.clone()),
                span: SourceSpan::from(span),
                help: help.into(),
            })),
            _ => Error::RuleOption {
                rule: "command line".to_owned(),
                key: None,
                message,
            },
        }
    }

    /// The glob `pattern`, relative to `root`, compiled; an error points at it.
    fn glob(&self, root: &Path, pattern: Spanned<String>) -> Result<GlobMatcher, Error> {
        let span = pattern.span();
        let absolute = root.join(pattern.into_inner()).display().to_string();
        Glob::new(&absolute)
            .map(|glob| glob.compile_matcher())
            .map_err(|error| {
                self.error(
                    Some(span),
                    format!("invalid glob: {error}"),
                    "globs use *, ** and ? as in .gitignore",
                )
            })
    }

    /// Reads and parses the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let text = read_small_file(path, "configuration file").map_err(|source| Error::Io {
            path: path.to_path_buf(),
            action: "reading",
            source,
        })?;
        Self::parse(path, text)
    }

    /// Parses `text`, the contents of the configuration file at `path`.
    pub fn parse(path: &Path, text: String) -> Result<Self, Error> {
        let mut settings = Settings {
            source: Some((path.to_path_buf(), text)),
            ..Settings::default()
        };
        let text = settings
            .source
            .as_ref()
            .map(|(_, text)| text.as_str())
            .unwrap_or("");
        let file: ConfigFile = toml::from_str(text).map_err(|error| {
            settings.error(
                Some(error.span().unwrap_or(0..0)),
                error.message().trim_end().to_owned(),
                "the keys are select, ignore, packs, exclude, [rules.NAME] and [[per-file]]; see the README",
            )
        })?;
        let root = settings.root();
        settings.select = file.select.into_iter().map(Named::spanned).collect();
        settings.ignore = file.ignore.into_iter().map(Named::spanned).collect();
        settings.packs = file
            .packs
            .into_iter()
            .map(|pack| {
                let span = pack.span();
                Named {
                    name: root.join(pack.into_inner()).display().to_string(),
                    span: Some(span),
                }
            })
            .collect();
        for (name, table) in file.rules {
            let span = table.span();
            let mut options = table.into_inner();
            let severity = match options.remove("severity") {
                None => None,
                Some(value) => Some(value.try_into::<Severity>().map_err(|_| {
                    settings.error(
                        Some(span.clone()),
                        format!("invalid severity for rule \"{}\"", name.get_ref()),
                        "severity is \"error\", \"warning\" or \"info\"",
                    )
                })?),
            };
            settings.rules.insert(
                name.get_ref().clone(),
                RuleSettings {
                    severity,
                    options,
                    span: Some(name.span().start..span.end),
                },
            );
        }
        for pattern in file.exclude {
            let glob = settings.glob(&root, pattern)?;
            settings.exclude.push(glob);
        }
        for spec in file.per_file {
            let glob = settings.glob(&root, spec.glob)?;
            settings.per_file.push(PerFile {
                glob,
                select: spec.select.into_iter().map(Named::spanned).collect(),
                ignore: spec.ignore.into_iter().map(Named::spanned).collect(),
            });
        }
        Ok(settings)
    }
}

/// The text of the rule pack at `path`, read up to a cap and
/// refused past it ([`crate::read::MAX_SETTINGS_LEN`]).
pub fn read_pack(path: &str) -> std::io::Result<String> {
    read_small_file(Path::new(path), "rule pack")
}

/// The nearest `copydesk.toml` in `folder` or one of its parents.
pub fn find_config(folder: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    start
        .ancestors()
        .map(|ancestor| ancestor.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, Error> {
        Settings::parse(Path::new("/project/copydesk.toml"), text.to_owned())
    }

    #[test]
    fn reads_every_key() {
        let settings = parse(
            r#"
select = ["artefact"]
ignore = ["lost-apostrophe"]
packs = ["style/house.toml"]

[rules.repeated-passage]
min-words = 80
severity = "error"

[[per-file]]
glob = "archive/**"
ignore = ["boilerplate"]
"#,
        )
        .expect("valid configuration");
        assert_eq!(settings.select[0].name, "artefact");
        assert_eq!(settings.packs[0].name, "/project/style/house.toml");
        let rule = &settings.rules["repeated-passage"];
        assert_eq!(rule.severity, Some(Severity::Error));
        assert_eq!(
            rule.options
                .get("min-words")
                .and_then(toml::Value::as_integer),
            Some(80)
        );
        assert!(settings.per_file[0]
            .glob
            .is_match("/project/archive/2019/a.txt"));
        assert!(!settings.per_file[0].glob.is_match("/project/news/a.txt"));
    }

    #[test]
    fn unknown_keys_point_at_the_key() {
        let text = "select = [\"artefact\"]\nignroe = [\"x\"]\n";
        let Err(Error::InvalidConfig(error)) = parse(text) else {
            panic!("an unknown key must be an error");
        };
        assert!(text[error.span.offset()..].starts_with("ignroe"));
    }

    #[test]
    fn finds_the_nearest_file_upward() {
        let folder = tempfile::tempdir().unwrap();
        let nested = folder.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(folder.path().join(CONFIG_FILE), "").unwrap();
        let found = find_config(&nested).expect("found");
        assert_eq!(
            found,
            std::fs::canonicalize(folder.path())
                .unwrap()
                .join(CONFIG_FILE)
        );
        std::fs::write(folder.path().join("a").join(CONFIG_FILE), "").unwrap();
        assert!(find_config(&nested).unwrap().ends_with("a/copydesk.toml"));
    }
}
