//! Finding the files to lint: paths named on the command line, folders walked
//! recursively (honouring `.gitignore`, `.ignore` and hidden-file conventions),
//! and `-` for standard input.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// File extensions linted when walking a folder. A file named explicitly is
/// always linted, whatever its extension.
pub const DEFAULT_EXTENSIONS: [&str; 4] = ["txt", "text", "md", "markdown"];

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// Standard input, named `-` on the command line; the name it stands
    /// for (`--stdin-filename`), if given, decides its configuration, its
    /// per-file settings and whether it is Markdown.
    Stdin(Option<PathBuf>),
    /// A file on disk.
    File(PathBuf),
}

impl Input {
    /// The file the input is, or stands for.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin(name) => name.as_deref(),
            Input::File(path) => Some(path),
        }
    }

    /// The name used in output: the path as found, or `-` for standard input.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin(None) => "-".to_owned(),
            Input::Stdin(Some(name)) => name.display().to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// The inputs found under `paths` (the current folder when empty), sorted and
/// without duplicates, and the errors met on the way (missing paths, unreadable
/// folders). Errors don't stop the walk.
pub fn collect_inputs(paths: &[PathBuf], stdin_name: Option<&Path>) -> (Vec<Input>, Vec<Error>) {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = BTreeSet::new();
    let mut stdin = false;
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            stdin = true;
        } else if path.is_dir() {
            walk_folder(path, &mut files, &mut errors);
        } else if path.exists() {
            files.insert(path.clone());
        } else {
            errors.push(Error::MissingPath { path: path.clone() });
        }
    }
    let mut inputs: Vec<Input> = Vec::with_capacity(files.len() + 1);
    if stdin {
        inputs.push(Input::Stdin(stdin_name.map(Path::to_path_buf)));
    }
    inputs.extend(files.into_iter().map(Input::File));
    (inputs, errors)
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

fn walk_folder(folder: &Path, files: &mut BTreeSet<PathBuf>, errors: &mut Vec<Error>) {
    let walker = ignore::WalkBuilder::new(folder)
        // Honour .gitignore even in a folder that is not (yet) a git repository.
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                if is_file && has_default_extension(entry.path()) {
                    files.insert(entry.into_path());
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
    fn missing_paths_are_errors_and_stdin_comes_first() {
        let (inputs, errors) = collect_inputs(
            &[PathBuf::from("/no/such/copydesk/path"), PathBuf::from("-")],
            None,
        );
        assert_eq!(inputs, [Input::Stdin(None)]);
        assert!(matches!(errors.as_slice(), [Error::MissingPath { .. }]));
    }
}
