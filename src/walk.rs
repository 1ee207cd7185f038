//! Finding the files to lint: paths named on the command line, folders walked
//! recursively (honouring `.gitignore`, `.ignore` and hidden-file conventions),
//! and texts the caller holds in memory, such as standard input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// File extensions linted when walking a folder. A file named explicitly is
/// always linted, whatever its extension.
pub const DEFAULT_EXTENSIONS: [&str; 4] = ["txt", "text", "md", "markdown"];

/// One thing a request names: a path on disk, or a text the caller holds
/// (standard input, read by the command line, or a document in memory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, linted whatever its extension, or a folder, walked; `-` is
    /// not special here (the caller reads standard input into a
    /// [`Input::Text`]).
    Path(PathBuf),
    /// A text in memory. `name` is the file it stands for (the command
    /// line's `--stdin-filename`): it decides the configuration, the
    /// per-file settings, whether it is Markdown, and the name in output
    /// (`-` when there is none).
    Text {
        /// The file the text stands for, if any.
        name: Option<PathBuf>,
        /// The text as read; checked for UTF-8 like a file.
        bytes: Vec<u8>,
    },
}

/// One text to lint, found from the [`Input`]s of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// A text in memory, borrowed from its [`Input::Text`].
    Text {
        /// The file the text stands for, if any.
        name: Option<&'a Path>,
        /// The text as read.
        bytes: &'a [u8],
    },
    /// A file on disk.
    File {
        /// The file, as named or as found in a folder.
        path: PathBuf,
        /// Whether the file was named itself, not only found in a folder
        /// (the configuration's `exclude` applies to such a file only with
        /// `--force-exclude`).
        named: bool,
    },
}

impl Target<'_> {
    /// The file the target is, or stands for.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Target::Text { name, .. } => *name,
            Target::File { path, .. } => Some(path),
        }
    }

    /// The name used in output: the path as found, or `-` for a text with no name.
    pub fn display_name(&self) -> String {
        self.path()
            .map_or_else(|| "-".to_owned(), |path| path.display().to_string())
    }
}

/// The targets of `inputs` (the current folder when there are none): texts
/// first, in order, then every file named or found in a folder, sorted and
/// without duplicates; and the errors met on the way (missing paths,
/// unreadable folders). Errors don't stop the walk.
pub fn collect_inputs(inputs: &[Input]) -> (Vec<Target<'_>>, Vec<Error>) {
    // Each file, and whether it was named itself.
    let mut files: BTreeMap<PathBuf, bool> = BTreeMap::new();
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    if inputs.is_empty() {
        walk_folder(Path::new("."), &mut files, &mut errors);
    }
    for input in inputs {
        match input {
            Input::Text { name, bytes } => texts.push(Target::Text {
                name: name.as_deref(),
                bytes,
            }),
            Input::Path(path) if path.is_dir() => walk_folder(path, &mut files, &mut errors),
            Input::Path(path) if path.exists() => {
                files.insert(path.clone(), true);
            }
            Input::Path(path) => errors.push(Error::MissingPath { path: path.clone() }),
        }
    }
    let files = files
        .into_iter()
        .map(|(path, named)| Target::File { path, named });
    (texts.into_iter().chain(files).collect(), errors)
}

/// Whether a file found by walking a folder should be linted.
fn has_default_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            DEFAULT_EXTENSIONS
                .iter()
                .any(|known| known.eq_ignore_ascii_case(extension))
        })
}

fn walk_folder(folder: &Path, files: &mut BTreeMap<PathBuf, bool>, errors: &mut Vec<Error>) {
    let walker = ignore::WalkBuilder::new(folder)
        // Honour .gitignore even in a folder that is not (yet) a git repository.
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                if is_file && has_default_extension(entry.path()) {
                    files.entry(entry.into_path()).or_insert(false);
                }
            }
            Err(error) => errors.push(Error::Walk {
                path: folder.to_path_buf(),
                message: error.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_extensions_ignore_case() {
        assert!(has_default_extension(Path::new("a/notes.TXT")));
        assert!(has_default_extension(Path::new("README.markdown")));
        assert!(!has_default_extension(Path::new("main.rs")));
        assert!(!has_default_extension(Path::new("txt")));
    }

    #[test]
    fn missing_paths_are_errors_and_texts_come_first() {
        let inputs = [
            Input::Path(PathBuf::from("/no/such/copydesk/path")),
            Input::Text {
                name: None,
                bytes: b"text".to_vec(),
            },
        ];
        let (targets, errors) = collect_inputs(&inputs);
        assert_eq!(
            targets,
            [Target::Text {
                name: None,
                bytes: b"text"
            }]
        );
        assert!(matches!(errors.as_slice(), [Error::MissingPath { .. }]));
    }
}
