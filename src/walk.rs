//! Finding the files to lint: paths named on the command line, folders walked
//! recursively (honouring `.gitignore`, `.ignore` and hidden-file conventions),
//! and texts the caller holds in memory, such as standard input.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// File extensions linted when walking a folder, besides JSON Lines corpora
/// ([`crate::corpus::JSONL_SUFFIXES`]). A file named explicitly is always
/// linted, whatever its extension.
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
/// first, in order, then every file named or found in a folder, sorted,
/// each file once however many names reach it (`a.txt`, `./a.txt`, a link
/// to it: the first name given is kept); and the errors met on the way
/// (missing or unreadable paths, unreadable folders). Errors don't stop the
/// walk. Files found in folders that are not regular files (a FIFO, a
/// device) are listed too, for the check to skip with a warning.
pub fn collect_inputs(inputs: &[Input]) -> (Vec<Target<'_>>, Vec<Error>) {
    let mut files = Files::default();
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
            Input::Path(path) => match std::fs::metadata(path) {
                Ok(metadata) if metadata.is_dir() => walk_folder(path, &mut files, &mut errors),
                Ok(metadata) => files.add(path.clone(), Some(&metadata), true),
                Err(source) if source.kind() == std::io::ErrorKind::NotFound => {
                    errors.push(Error::MissingPath { path: path.clone() })
                }
                // A loop of links, a folder that may not be searched: say so.
                Err(source) => errors.push(Error::Io {
                    path: path.clone(),
                    action: "reading",
                    source,
                }),
            },
        }
    }
    let files = files
        .by_name
        .into_iter()
        .map(|(path, named)| Target::File { path, named });
    (texts.into_iter().chain(files).collect(), errors)
}

/// The files found so far, each once.
#[derive(Default)]
struct Files {
    /// Each file by the name it is known by, and whether it was named itself.
    by_name: BTreeMap<PathBuf, bool>,
    /// The name each file is known by, by identity.
    names: HashMap<FileId, PathBuf>,
}

/// What tells two names of one file apart from names of two files: the
/// device and inode where there are such, the canonical path elsewhere.
#[derive(PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

impl Files {
    /// Adds the file at `path` (with its metadata, when known) unless a
    /// name of it is known already; `named` if it was named itself.
    fn add(&mut self, path: PathBuf, metadata: Option<&std::fs::Metadata>, named: bool) {
        let id = file_id(&path, metadata);
        let name = self.names.entry(id).or_insert_with(|| path.clone());
        let known = self.by_name.entry(name.clone()).or_insert(named);
        *known |= named;
    }
}

#[cfg(unix)]
fn file_id(path: &Path, metadata: Option<&std::fs::Metadata>) -> FileId {
    use std::os::unix::fs::MetadataExt;
    match metadata.cloned().or_else(|| std::fs::metadata(path).ok()) {
        Some(metadata) => FileId::Inode(metadata.dev(), metadata.ino()),
        None => FileId::Path(path.to_path_buf()),
    }
}

#[cfg(not(unix))]
fn file_id(path: &Path, _metadata: Option<&std::fs::Metadata>) -> FileId {
    FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Whether a file found by walking a folder should be linted.
fn has_default_extension(path: &Path) -> bool {
    crate::corpus::is_jsonl_path(path)
        || path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| {
                DEFAULT_EXTENSIONS
                    .iter()
                    .any(|known| known.eq_ignore_ascii_case(extension))
            })
}

fn walk_folder(folder: &Path, files: &mut Files, errors: &mut Vec<Error>) {
    let walker = ignore::WalkBuilder::new(folder)
        // Honour .gitignore even in a folder that is not (yet) a git repository.
        .require_git(false)
        // Of two names of one file, the first in this order is kept.
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                // Links are not followed; FIFOs and devices are listed, to be
                // skipped with a warning.
                let listed = entry
                    .file_type()
                    .is_some_and(|kind| !kind.is_dir() && !kind.is_symlink());
                if listed && has_default_extension(entry.path()) {
                    let metadata = entry.metadata().ok();
                    files.add(entry.into_path(), metadata.as_ref(), false);
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
        assert!(has_default_extension(Path::new("corpus/part-0.jsonl.zst")));
        assert!(!has_default_extension(Path::new("archive.gz")));
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
