//! The errors copydesk reports, as miette diagnostics.

use std::path::PathBuf;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// Everything that can make a run fail (exit code 2).
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    /// A `--select`/`--ignore` entry names no rule and no category.
    #[error("unknown rule or category \"{name}\"")]
    #[diagnostic(
        code(copydesk::unknown_rule),
        help("valid rules: {rules}\nvalid categories: {categories}")
    )]
    UnknownSelector {
        /// What the user wrote.
        name: String,
        /// The valid rule names, comma-separated.
        rules: String,
        /// The valid categories, comma-separated.
        categories: String,
    },

    /// A path named on the command line does not exist.
    #[error("{}: no such file or folder", path.display())]
    #[diagnostic(code(copydesk::missing_path))]
    MissingPath {
        /// The path as given.
        path: PathBuf,
    },

    /// A file could not be read or written.
    #[error("{}: {action} failed", path.display())]
    #[diagnostic(code(copydesk::io))]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done ("reading", "writing").
        action: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A file is not valid UTF-8; it is left untouched.
    #[error("{}: not valid UTF-8 (first bad byte at offset {offset}); file left untouched", path.display())]
    #[diagnostic(
        code(copydesk::invalid_utf8),
        help("convert the file to UTF-8 (for example with iconv) and run again")
    )]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first byte that is not part of a valid UTF-8 sequence.
        offset: usize,
    },

    /// A file is larger than copydesk can index.
    #[error("{}: {size} bytes is more than copydesk lints in one file ({max} bytes); file left untouched", path.display())]
    #[diagnostic(code(copydesk::too_large), help("split the file into smaller ones"))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: usize,
        /// The largest size copydesk accepts.
        max: usize,
    },

    /// An input whose size is not known in advance (standard input, a FIFO,
    /// a device) is longer than copydesk reads; reading stopped at the cap.
    #[error("{}: more than {max} bytes; reading stopped there and the input was not checked", path.display())]
    #[diagnostic(
        code(copydesk::too_long),
        help("standard input and files that are not regular files are read up to {max} bytes: save the text to a regular file, or split it")
    )]
    TooLong {
        /// The input (`-` for standard input).
        path: PathBuf,
        /// The most bytes read.
        max: usize,
    },

    /// `--fix` met a file it must not write: a read-only file, a FIFO, a device.
    #[error("{}: {reason}; not fixed, file left untouched", path.display())]
    #[diagnostic(code(copydesk::not_writable), help("{help}"))]
    NotWritable {
        /// The file.
        path: PathBuf,
        /// Why it is not written ("read-only file").
        reason: String,
        /// What the user can do.
        help: &'static str,
    },

    /// A line of a JSON Lines corpus is not a record: not a JSON object, or
    /// no string in the text field. It is left as it is.
    #[error("{}:{line}: {message}; line left as it is", path.display())]
    #[diagnostic(
        code(copydesk::bad_record),
        help("each line of a JSON Lines corpus must be a JSON object with the text in a string field (--text-field, default \"text\")")
    )]
    BadRecord {
        /// The corpus.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong with it.
        message: String,
    },

    /// A line of a JSON Lines corpus is longer than copydesk reads as one record.
    #[error("{}:{line}: longer than {max} bytes; reading stopped there and the corpus was not written", path.display())]
    #[diagnostic(
        code(copydesk::record_too_long),
        help("split the record, or lint its text as a file")
    )]
    RecordTooLong {
        /// The corpus.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// The longest line read.
        max: usize,
    },

    /// `--output` names one file for the corpus written, but the request
    /// has no JSON Lines corpus or several.
    #[error("--output {}: writes one corpus, but the inputs hold {count} JSON Lines corpora", path.display())]
    #[diagnostic(
        code(copydesk::one_corpus_output),
        help("name one corpus (a .jsonl file, or standard input with --input-format jsonl)")
    )]
    OutputNeedsOneCorpus {
        /// The file `--output` names.
        path: PathBuf,
        /// How many corpora the request has.
        count: usize,
    },

    /// Writing the output failed (a closed pipe, a full disk).
    #[error("writing the output failed")]
    #[diagnostic(code(copydesk::output))]
    Output {
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A folder walk failed (permissions, a broken .gitignore, a loop of links).
    #[error("walking {}: {message}", path.display())]
    #[diagnostic(code(copydesk::walk))]
    Walk {
        /// The folder or entry.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },

    /// Fixes kept changing the text.
    #[error("fixes did not converge after {passes} passes (rules involved: {})", rules.join(", "))]
    #[diagnostic(
        code(copydesk::fix_did_not_converge),
        help("this is a bug in copydesk: please report it with the file; the file was left untouched")
    )]
    FixDidNotConverge {
        /// How many passes ran.
        passes: usize,
        /// The rules whose fixes were applied.
        rules: Vec<String>,
    },

    /// A rule pack is invalid: bad TOML, an unknown key, a bad regular
    /// expression, a duplicate rule name.
    #[error(transparent)]
    #[diagnostic(transparent)]
    InvalidPack(Box<FileError>),

    /// A configuration file is invalid.
    #[error(transparent)]
    #[diagnostic(transparent)]
    InvalidConfig(Box<FileError>),

    /// An option of a rule has a bad value or an unknown name.
    #[error("rule {rule}: {message}")]
    #[diagnostic(code(copydesk::rule_option))]
    RuleOption {
        /// The rule.
        rule: String,
        /// The option's key, when known.
        key: Option<String>,
        /// What is wrong.
        message: String,
    },

    /// The language server's connection failed: the client sent something
    /// that is not the protocol, or the pipes broke.
    #[error("language server: {message}")]
    #[diagnostic(
        code(copydesk::server),
        help("`copydesk server` speaks the Language Server Protocol on standard input and output; start it from an editor")
    )]
    Server {
        /// What went wrong.
        message: String,
    },

    /// A word list or other built-in data failed to parse; a bug in copydesk.
    #[error("built-in data {name} is invalid: {message}")]
    #[diagnostic(code(copydesk::builtin_data))]
    BuiltinData {
        /// The embedded file.
        name: &'static str,
        /// What the parser said.
        message: String,
    },
}

impl Error {
    /// The error for a failed write of the output.
    pub fn output(source: std::io::Error) -> Self {
        Error::Output { source }
    }
}

/// An error at a place in a pack or configuration file, shown with the file's text.
#[derive(Debug, Error, Diagnostic)]
#[error("invalid {kind} {name}: {message}")]
#[diagnostic(code(copydesk::invalid_file), help("{help}"))]
pub struct FileError {
    /// "rule pack" or "configuration".
    pub kind: &'static str,
    /// The file's path.
    pub name: String,
    /// What is wrong.
    pub message: String,
    /// The file's text.
    #[source_code]
    pub source_code: NamedSource<String>,
    /// The offending place.
    #[label("{}", short_label(message))]
    pub span: SourceSpan,
    /// How to repair it.
    pub help: String,
}

/// The first clause of `message`, to label the place without repeating
/// everything the message above it says.
fn short_label(message: &str) -> &str {
    let first_line = message.lines().next().unwrap_or(message);
    first_line.split(": ").next().unwrap_or(first_line)
}
