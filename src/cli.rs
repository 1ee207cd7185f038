//! The command line, declared with clap.

use std::path::PathBuf;
use std::sync::LazyLock;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use copydesk::output::OutputFormat;
use copydesk::Severity;

/// copydesk finds the damage that web scraping and careless conversion leave
/// in prose (apostrophes turned into spaces, repeated passages, leftover
/// script, site chrome, mojibake) and fixes what can be fixed safely.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None)]
#[command(after_help = "Examples:
  copydesk check articles/                 lint every .txt/.md file under articles/
  copydesk check --fix scraped.txt         repair scraped.txt in place (safe fixes only)
  copydesk check --diff scraped.txt        show what --fix would change, write nothing
  cat page.txt | copydesk check -          lint standard input
  copydesk check --fix corpus.jsonl.zst    repair the text field of every record, in place
  zcat c.jsonl.gz | copydesk check --fix --input-format jsonl - | gzip > fixed.jsonl.gz
  copydesk rule lost-apostrophe            explain a rule

Exit codes: 0 nothing found (or everything fixed), 1 problems remain, 2 the run failed.")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files, folders or standard input, and optionally fix them.
    #[command(
        after_help = "Folders are walked recursively, honouring .gitignore, .ignore and hidden files; \
                            there, files ending in .txt, .text, .md or .markdown are linted, and JSON Lines \
                            corpora ending in .jsonl or .ndjson (also .gz or .zst). \
                            A file named on the command line is always linted."
    )]
    Check(Box<CheckArgs>),
    /// List every rule: name, category, default severity, fix availability.
    Rules,
    /// Print the documentation of one rule.
    Rule {
        /// The rule name, as listed by `copydesk rules`.
        name: String,
    },
    /// Run a language server (LSP) on standard input and output, for editors.
    #[command(
        after_help = "Editors start it themselves: see the README for Neovim, Helix and VS Code. \
                            It lints plain text and Markdown as `copydesk check` does, with the \
                            nearest copydesk.toml, and offers each fix as a code action."
    )]
    Server,
    /// Work with declarative rule packs.
    #[command(subcommand)]
    Pack(PackCommand),
}

/// The `pack` subcommands.
#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Run every `flag` and `pass` example of every rule in the given packs;
    /// exit 1 if one does not behave as its pack says.
    Test {
        /// Pack files (TOML).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// Options of `copydesk check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to lint; `-` reads standard input. Default: the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Apply safe fixes, writing each changed file atomically. With `-`, the
    /// fixed text goes to standard output and diagnostics to standard error.
    #[arg(long)]
    pub fix: bool,

    /// Also apply unsafe fixes (fixes that might delete content). Implies --fix
    /// unless --diff is given.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of the fixes instead of applying them; write nothing.
    #[arg(long)]
    pub diff: bool,

    /// Run only these rules or categories (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE|CATEGORY")]
    pub select: Vec<String>,

    /// Do not run these rules or categories (comma-separated); wins over --select.
    #[arg(long, value_delimiter = ',', value_name = "RULE|CATEGORY")]
    pub ignore: Vec<String>,

    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format(OutputFormat::Full))]
    pub output_format: Format,

    /// Use this configuration file for every input instead of finding the
    /// nearest copydesk.toml upward from each file.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long)]
    pub isolated: bool,

    /// Load an extra rule pack (repeatable).
    #[arg(long = "pack", value_name = "FILE")]
    pub packs: Vec<PathBuf>,

    /// Print the number of problems per rule (and how many --fix repairs)
    /// instead of the problems.
    #[arg(long)]
    pub statistics: bool,

    /// Exit with 0 even when problems remain (2 still means the run failed).
    #[arg(long)]
    pub exit_zero: bool,

    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Info, value_name = "SEVERITY")]
    pub fail_on: FailOn,

    /// Print the problems and errors only: no summary, no "fixed" count, no
    /// warnings about skipped files.
    #[arg(long, short)]
    pub quiet: bool,

    /// The file that standard input stands for: it decides the configuration,
    /// the per-file settings, whether it is Markdown, and the name in output.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// Lint with this many threads (default: one per core, at most 12);
    /// output order is the same whatever the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Apply the configuration's `exclude` globs even to files named on the
    /// command line (pre-commit passes every changed file by name).
    #[arg(long)]
    pub force_exclude: bool,

    /// Record the current findings in FILE (JSON) and exit 0: later runs
    /// with --baseline FILE report only new findings.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Report only findings that FILE (written by --write-baseline) does not
    /// record; findings are matched by rule, file and the text around them,
    /// so edits elsewhere in a file keep them matched.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Read every input as plain text or as JSON Lines (one JSON object per
    /// line, each a document). Default: JSON Lines for files ending in
    /// .jsonl or .ndjson (also .gz or .zst), text for everything else,
    /// standard input included.
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        help_heading = "Corpus (JSON Lines)"
    )]
    pub input_format: Option<InputFormatArg>,

    /// The field of a JSON Lines record that holds its text.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "text",
        help_heading = "Corpus (JSON Lines)"
    )]
    pub text_field: String,

    /// The field of a JSON Lines record that identifies it in output.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "id",
        help_heading = "Corpus (JSON Lines)"
    )]
    pub id_field: String,

    /// Write each JSON Lines record back with a summary object under NAME:
    /// findings per rule (before any fix), the text's bytes, and the bytes
    /// the fixes removed. Needs --fix, --output, or standard input (the
    /// records then go to standard output).
    #[arg(long, value_name = "NAME", help_heading = "Corpus (JSON Lines)")]
    pub add_field: Option<String>,

    /// Write the one JSON Lines corpus checked to FILE (compressed as its
    /// name says: .gz, .zst) instead of over itself or to standard output:
    /// fixed with --fix, with summaries with --add-field; the input is left
    /// as it is.
    #[arg(long, value_name = "FILE", help_heading = "Corpus (JSON Lines)")]
    pub output: Option<PathBuf>,
}

/// `--input-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// Each input is one text.
    Text,
    /// One JSON object per line, the text in --text-field.
    Jsonl,
}

/// `--output-format`: the library's [`OutputFormat`], which knows nothing
/// of clap, with its names and descriptions as clap's possible values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format(pub OutputFormat);

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        static FORMATS: LazyLock<Vec<Format>> =
            LazyLock::new(|| OutputFormat::ALL.iter().copied().map(Format).collect());
        &FORMATS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

/// The lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum FailOn {
    /// Any diagnostic.
    Info,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
}

impl FailOn {
    /// The lowest severity of a diagnostic that fails the run.
    pub fn threshold(self) -> Severity {
        match self {
            FailOn::Info => Severity::Info,
            FailOn::Warning => Severity::Warning,
            FailOn::Error => Severity::Error,
        }
    }
}
