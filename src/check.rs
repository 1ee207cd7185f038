//! The one pipeline behind `copydesk check`, as a library call:
//! [`run`] takes a [`Request`] (the inputs, where the settings come from,
//! what to do with fixes) and streams one [`FileReport`] per input to a
//! [`Sink`], returning the run's [`Summary`].
//!
//! - The inputs are paths (files, and folders walked by [`crate::walk`]) and
//!   texts in memory ([`Input::Text`]: the command line reads standard input
//!   into one); the library itself never reads standard input.
//! - Every configuration is read before any file is linted, so a broken one
//!   stops the run with an [`Error`] before anything is printed.
//! - Files are linted in parallel ([`Request::threads`]); each report reaches
//!   the sink as soon as it and every report before it are done, in input
//!   order, and is dropped after, text and all. Workers run at most a few
//!   files per thread ahead of the sink, so memory does not grow with the
//!   number of files.
//! - Inputs are read with a cap and a binary one is known from its first
//!   block (see [`crate::read`]); a file found in a folder that is not a
//!   regular file (a FIFO, a device) is skipped.
//! - Fixes are written safely, keeping owner, mode and hard links, and
//!   never to a read-only or non-regular file ([`FixMode::Write`], see
//!   [`crate::write`]), or shown as a diff
//!   ([`FixMode::Diff`]); a text in memory is never written: its fixed form
//!   comes back in its report ([`Output::FixedText`]).
//! - When a rule that learns from the whole run is on (`shared-boilerplate`,
//!   see [`crate::rule::Scope::Run`]), a counting pass reads every input it
//!   checks once before any is linted, and the rule reads the counts (see
//!   [`crate::corpus::SharedCounts`]); fixes use the counts of the inputs as
//!   they were.
//! - With [`Request::baseline`], findings the baseline records are removed
//!   from each report before the sink sees it.
//!
//! Printing is left to the sink; see [`crate::output`] for one per format.
//!
//! # Example
//!
//! ```
//! use copydesk::check::{run, ConfigSource, FileReport, Request};
//! use copydesk::walk::Input;
//!
//! let request = Request {
//!     inputs: vec![Input::Text {
//!         name: None,
//!         bytes: b"the museum s director said they don t plan to reopen\n".to_vec(),
//!     }],
//!     config: ConfigSource::Isolated,
//!     ..Request::default()
//! };
//! let mut reports: Vec<FileReport> = Vec::new();
//! let summary = run(&request, &mut reports)?;
//!
//! assert_eq!(summary.files_checked, 1);
//! assert_eq!(summary.problems(), 2);
//! assert!(!summary.failed);
//! assert_eq!(reports[0].path, "-");
//! assert_eq!(reports[0].diagnostics[0].rule, "lost-apostrophe");
//! # Ok::<(), copydesk::Error>(())
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::baseline::Baseline;
use crate::config::{find_config, Named, Settings};
use crate::corpus::{self, CorpusOptions, InputFormat, SharedCounts};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::MAX_TEXT_LEN;
use crate::error::Error;
use crate::fix::Applicability;
use crate::linter::FileRules;
use crate::ordered::map_in_order;
use crate::output::{ReadCounter, RunInfo, Sink};
use crate::read::{kind_of, read_limited, Contents, BINARY_PROBE_LEN, MAX_STREAM_LEN};
use crate::rule::RuleMeta;
use crate::source::{LineColumnCursor, LineIndex};
use crate::walk::{collect_inputs, Input, Target};
use crate::write::write_atomically;
use crate::Linter;

/// What a run checks and how.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Files, folders and texts to lint; the current folder when empty.
    pub inputs: Vec<Input>,
    /// Where the settings come from.
    pub config: ConfigSource,
    /// Settings that apply on top of every configuration.
    pub overrides: Overrides,
    /// What to do with the fixes found.
    pub fix: FixMode,
    /// Apply the configuration's `exclude` globs to files named in
    /// [`Request::inputs`] too, not only to files found in folders.
    pub force_exclude: bool,
    /// How many threads lint; `None` for one per core (at most
    /// [`MAX_DEFAULT_THREADS`]), `Some(1)` for everything on the calling thread.
    pub threads: Option<usize>,
    /// A baseline file (see [`crate::baseline`]): its findings are not reported.
    pub baseline: Option<PathBuf>,
    /// How JSON Lines corpora are told from texts, read and written back.
    pub corpus: CorpusOptions,
}

/// The most threads a run uses when [`Request::threads`] is `None`.
pub const MAX_DEFAULT_THREADS: usize = 12;

/// What to do with the fixes found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FixMode {
    /// Report only.
    #[default]
    Report,
    /// Apply fixes down to this applicability and write the files (a text
    /// in memory comes back fixed in its report instead).
    Write(Applicability),
    /// Compute fixes down to this applicability and return a diff; write nothing.
    Diff(Applicability),
}

/// What a report carries besides its diagnostics, by [`FixMode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Only the diagnostics (with [`FixMode::Write`], the file is written).
    Diagnostics,
    /// With [`FixMode::Diff`], the unified diff of the fixes (empty when none apply).
    Diff(String),
    /// With [`FixMode::Write`] on a text in memory: the report's `text` is
    /// the fixed text, which nothing has written anywhere.
    FixedText,
    /// On a record of a JSON Lines corpus in memory, written back (with
    /// [`FixMode::Write`] or [`CorpusOptions::add_field`]): the report's
    /// `text` is the record's fixed text, and the record's line, as written
    /// back, went to [`Sink::corpus_output`] before the report.
    FixedRecord,
}

/// Which record of a JSON Lines corpus a report is about.
#[derive(Debug, Clone, Serialize)]
pub struct RecordInfo {
    /// The 1-based line of the record in the corpus.
    pub line: usize,
    /// The record's id as written in the input (any JSON value), or `None`
    /// (`null`) when it has no id field.
    pub id: Option<Box<RawValue>>,
}

impl PartialEq for RecordInfo {
    fn eq(&self, other: &Self) -> bool {
        self.line == other.line
            && self.id.as_ref().map(|id| id.get()) == other.id.as_ref().map(|id| id.get())
    }
}

impl Eq for RecordInfo {}

impl RecordInfo {
    /// The id for people: a string id decoded, any other id as written.
    pub fn id_text(&self) -> Option<String> {
        let raw = self.id.as_ref()?.get();
        Some(serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.to_owned()))
    }
}

/// The result of checking one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The name to show: the path as found, or `-` for a text with no name.
    pub path: String,
    /// The text the diagnostics point into (after fixing, when fixes were written).
    pub text: String,
    /// The line index of `text`.
    pub lines: LineIndex,
    /// The diagnostics that remain.
    pub diagnostics: Vec<Diagnostic>,
    /// Fixes applied (or, with [`FixMode::Diff`], that would be), per rule.
    pub fixed: BTreeMap<String, usize>,
    /// The diff or fixed text, by [`FixMode`].
    pub output: Output,
    /// With a record of a JSON Lines corpus, which record: `path` is the
    /// corpus, and offsets, lines and columns are inside the record's text.
    pub record: Option<RecordInfo>,
}

impl FileReport {
    /// The report of `text`, shown as `path`.
    pub fn new(
        path: String,
        text: String,
        diagnostics: Vec<Diagnostic>,
        fixed: BTreeMap<String, usize>,
        output: Output,
    ) -> Self {
        let lines = LineIndex::new(&text);
        Self {
            path,
            text,
            lines,
            diagnostics,
            fixed,
            output,
            record: None,
        }
    }

    /// The same report, about `record` of the corpus.
    pub fn with_record(mut self, record: RecordInfo) -> Self {
        self.record = Some(record);
        self
    }

    /// The name that finds the text for a person: the path, and for a
    /// record `path:LINE[ID]` (`path:LINE[]` when it has no id).
    pub fn display_name(&self) -> Cow<'_, str> {
        match &self.record {
            None => Cow::Borrowed(&self.path),
            Some(record) => Cow::Owned(format!(
                "{}:{}[{}]",
                self.path,
                record.line,
                record.id_text().unwrap_or_default()
            )),
        }
    }

    /// A cursor that turns the offsets of the diagnostics, in order, into
    /// lines and columns.
    pub fn cursor(&self) -> LineColumnCursor<'_> {
        LineColumnCursor::new(&self.text, &self.lines)
    }
}

/// Whether a diagnostic has a fix that `--fix` applies.
pub fn has_safe_fix(diagnostic: &Diagnostic) -> bool {
    diagnostic
        .fix
        .as_ref()
        .is_some_and(|fix| fix.applicability == Applicability::Safe)
}

/// What a run found, for the exit code and the closing lines.
///
/// The records of a JSON Lines corpus are counted apart from files: a
/// corpus is one of [`Summary::files_checked`], each of its records one of
/// [`Summary::records_checked`], and its findings and fixes are the
/// records'.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs linted (not counting skipped and failed ones).
    pub files_checked: usize,
    /// Inputs with at least one diagnostic left.
    pub files_with_problems: usize,
    /// Records of JSON Lines corpora linted.
    pub records_checked: usize,
    /// Records with at least one diagnostic left.
    pub records_with_problems: usize,
    /// Records with at least one fix applied (or, with [`FixMode::Diff`], to apply).
    pub records_fixed: usize,
    /// Diagnostics left, by severity.
    pub problems_by_severity: BTreeMap<Severity, usize>,
    /// Diagnostics left that `--fix` would repair.
    pub fixable: usize,
    /// Inputs with at least one fix applied (or, with [`FixMode::Diff`], to apply).
    pub files_fixed: usize,
    /// Fixes applied (or, with [`FixMode::Diff`], to apply).
    pub fixes: usize,
    /// Whether an input could not be checked (a missing path, an unreadable
    /// file, a file that is not UTF-8): the run failed.
    pub failed: bool,
}

impl Summary {
    /// Every diagnostic left.
    pub fn problems(&self) -> usize {
        self.problems_by_severity.values().sum()
    }

    /// Whether a diagnostic of `threshold` or higher is left.
    pub fn has_problems_at_least(&self, threshold: Severity) -> bool {
        self.problems_by_severity
            .range(threshold..)
            .any(|(_, &count)| count > 0)
    }

    /// Counts `report` in.
    pub(crate) fn add(&mut self, report: &FileReport) {
        let problems = usize::from(!report.diagnostics.is_empty());
        let fixed = usize::from(!report.fixed.is_empty());
        if report.record.is_some() {
            self.records_checked += 1;
            self.records_with_problems += problems;
            self.records_fixed += fixed;
        } else {
            self.files_checked += 1;
            self.files_with_problems += problems;
            self.files_fixed += fixed;
        }
        for diagnostic in &report.diagnostics {
            *self
                .problems_by_severity
                .entry(diagnostic.severity)
                .or_insert(0) += 1;
            self.fixable += usize::from(has_safe_fix(diagnostic));
        }
        self.fixes += report.fixed.values().sum::<usize>();
    }
}

/// What happened to one input.
pub(crate) enum Outcome {
    /// The input was linted.
    Checked(FileReport),
    /// The input was passed over (a binary file).
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigSource {
    /// The nearest `copydesk.toml` upward from each file (from the current
    /// folder for a text with no name); built-in defaults where there is none.
    #[default]
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

    /// The configuration file that governs the file at `path` (a text with
    /// no name is governed from the current folder), if any.
    pub fn config_for(&self, path: Option<&Path>) -> Option<PathBuf> {
        match &self.source {
            ConfigSource::Isolated => None,
            ConfigSource::File(path) => Some(path.clone()),
            ConfigSource::Discover => {
                let folder = path
                    .and_then(Path::parent)
                    .filter(|parent| !parent.as_os_str().is_empty());
                find_config(folder.unwrap_or(Path::new(".")))
            }
        }
    }

    /// The linter for the file at `path` (see [`LinterResolver::config_for`]).
    pub fn linter_for(&mut self, path: Option<&Path>) -> Result<Arc<Linter>, Error> {
        self.linter_of(self.config_for(path))
    }

    /// The linter of the configuration file `config` (`None`: no file, the
    /// built-in defaults), with the overrides on top; built once per file.
    pub fn linter_of(&mut self, config: Option<PathBuf>) -> Result<Arc<Linter>, Error> {
        if let Some(linter) = self.linters.get(&config) {
            return Ok(Arc::clone(linter));
        }
        let linter = Arc::new(Linter::from_settings(&settings_with(
            config.as_deref(),
            &self.overrides,
        )?)?);
        self.linters.insert(config, Arc::clone(&linter));
        Ok(linter)
    }
}

/// The settings of the configuration file `config` (the built-in defaults
/// when `None`) with `overrides` on top, as the command line makes them:
/// `select` replaces the file's, `ignore` and `packs` add to its.
pub fn settings_with(config: Option<&Path>, overrides: &Overrides) -> Result<Settings, Error> {
    let mut settings = match config {
        Some(path) => Settings::load(path)?,
        None => Settings::default(),
    };
    if !overrides.select.is_empty() {
        settings.select = overrides.select.iter().map(Named::cli).collect();
    }
    settings
        .ignore
        .extend(overrides.ignore.iter().map(Named::cli));
    settings.packs.extend(
        overrides
            .packs
            .iter()
            .map(|pack| Named::cli(pack.display().to_string())),
    );
    Ok(settings)
}

impl Outcome {
    /// Hands the outcome to the sink method for its kind.
    pub(crate) fn deliver_to(self, sink: &mut dyn Sink) -> std::io::Result<()> {
        match self {
            Outcome::Checked(report) => sink.file(&report),
            Outcome::Skipped { path, reason } => sink.skipped(&path, &reason),
            Outcome::Failed(error) => sink.error(error),
        }
    }
}

/// Runs `request`, handing `sink` each input's report in input order, and
/// returns what the run found.
///
/// Problems with single inputs (a missing path, an unreadable file, a file
/// that is not UTF-8) go to [`Sink::error`], binary files to
/// [`Sink::skipped`], and the run goes on; the summary records the failure.
/// A bad configuration or baseline stops the run before the sink begins; an
/// error from the sink stops it too ([`Error::Output`]), except that, when
/// fixes are written, every file is still fixed.
pub fn run(request: &Request, sink: &mut dyn Sink) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    let (targets, walk_errors) = collect_inputs(&request.inputs);
    summary.failed = !walk_errors.is_empty();
    for error in walk_errors {
        sink.error(error).map_err(Error::output)?;
    }
    let jobs = assign_linters(request, targets, summary.failed)?;
    // How many inputs are JSON Lines corpora, and their size as stored.
    let (corpora, corpus_bytes) = jobs
        .iter()
        .filter(|(target, _)| request.corpus.format_of(target.path()) == InputFormat::Jsonl)
        .fold((0, 0), |(count, bytes), (target, _)| {
            (count + 1, bytes + stored_len(target))
        });
    if let Some(path) = &request.corpus.output {
        let count = corpora;
        if count != 1 {
            return Err(Error::OutputNeedsOneCorpus {
                path: path.clone(),
                count,
            });
        }
    }
    let baseline = match &request.baseline {
        Some(path) => Some(Baseline::read(path)?.filter()),
        None => None,
    };

    let corpus_read = ReadCounter::default();
    sink.begin(&RunInfo {
        files: jobs.len(),
        corpora,
        corpus_bytes,
        corpus_read: corpus_read.clone(),
        rules: rules_of(&jobs),
    })
    .map_err(Error::output)?;
    let threads = request.threads.unwrap_or_else(default_threads);
    let options = Arc::new(request.corpus.clone());
    // Rules that learn from the whole run read counts made over all of it
    // first, from the inputs as they are before any fix.
    let shared = corpus::count_run(&jobs, &options, threads);
    let units = jobs.into_iter().flat_map(|(target, linter)| {
        units_of(
            target,
            linter,
            &options,
            request.fix,
            shared.clone(),
            &corpus_read,
        )
    });
    let mut delivery = Delivery {
        summary,
        sink,
        baseline,
        sink_error: None,
        writes_files: matches!(request.fix, FixMode::Write(_))
            || options.add_field.is_some()
            || options.output.is_some(),
        corpus: CorpusState::None,
    };
    let _ = map_in_order(
        units,
        threads,
        |unit| match unit {
            Job::Whole(target, linter, rules) => {
                Finished::Whole(check_target(&linter, &rules, target, request.fix))
            }
            Job::Corpus(unit) => Finished::Corpus(corpus::work(unit)),
        },
        |finished| match finished {
            Finished::Whole(outcome) => delivery.outcome(outcome),
            Finished::Corpus(done) => delivery.corpus(done),
        },
    );
    let Delivery {
        summary,
        sink,
        sink_error,
        ..
    } = delivery;
    if let Some(error) = sink_error {
        return Err(Error::output(error));
    }
    sink.finish(&summary).map_err(Error::output)?;
    Ok(summary)
}

/// One piece of a run's work: a whole input, or a part of a corpus.
enum Job<'a> {
    /// A file or text, linted whole with these rules.
    Whole(Target<'a>, Arc<Linter>, FileRules),
    /// A part of a JSON Lines corpus.
    Corpus(corpus::Unit),
}

/// A [`Job`] after the work on it.
enum Finished {
    /// What happened to a whole input.
    Whole(Outcome),
    /// A part of a corpus, linted.
    Corpus(corpus::Done),
}

/// The jobs of one target: itself, or the parts of a corpus, read lazily;
/// `shared` is what the run's counting pass found.
fn units_of<'a>(
    target: Target<'a>,
    linter: Arc<Linter>,
    options: &Arc<CorpusOptions>,
    mode: FixMode,
    shared: Option<Arc<SharedCounts>>,
    read: &ReadCounter,
) -> Box<dyn Iterator<Item = Job<'a>> + Send + 'a> {
    let mut rules = corpus::rules_for(&linter, &target, options);
    rules.shared = shared;
    if options.format_of(target.path()) == InputFormat::Text {
        return Box::new(std::iter::once(Job::Whole(target, linter, rules)));
    }
    let (path, source) = match target {
        Target::Text { name, bytes } => (name.map(Path::to_path_buf), corpus::Source::Bytes(bytes)),
        Target::File { path, .. } => (Some(path.clone()), corpus::Source::File(path)),
    };
    let file = corpus::CorpusFile {
        name: path
            .as_ref()
            .map_or_else(|| "-".to_owned(), |path| path.display().to_string()),
        // A text in memory is never written as a file, whatever its name.
        path: path.filter(|_| matches!(source, corpus::Source::File(_))),
        linter,
        rules,
        options: Arc::clone(options),
        mode,
        read: read.clone(),
    };
    Box::new(corpus::Units::new(file, source).map(Job::Corpus))
}

/// The size of `target` as stored, in bytes (0 when it cannot be known).
fn stored_len(target: &Target) -> u64 {
    match target {
        Target::Text { bytes, .. } => u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        Target::File { path, .. } => std::fs::metadata(path).map_or(0, |metadata| metadata.len()),
    }
}

/// Where the delivery of a corpus stands.
enum CorpusState {
    /// No corpus is being delivered.
    None,
    /// A corpus is being delivered (and written back, if asked).
    Open(Box<corpus::Writer>),
    /// The rest of the corpus is dropped: it could not be written.
    Abandoned,
}

/// The calling thread's side of a run: hands each outcome to the sink, in
/// order, counts it, and writes corpora back.
struct Delivery<'s> {
    summary: Summary,
    sink: &'s mut dyn Sink,
    baseline: Option<crate::baseline::BaselineFilter>,
    /// The first error of the sink; nothing more is handed to it after.
    sink_error: Option<std::io::Error>,
    /// Whether files are written: they all are, even when the sink fails.
    writes_files: bool,
    corpus: CorpusState,
}

impl Delivery<'_> {
    /// Counts `outcome` and hands it to the sink.
    fn outcome(&mut self, mut outcome: Outcome) -> ControlFlow<()> {
        match &mut outcome {
            Outcome::Checked(report) => {
                if let Some(baseline) = &mut self.baseline {
                    baseline.filter(report);
                }
                self.summary.add(report);
            }
            Outcome::Failed(_) => self.summary.failed = true,
            Outcome::Skipped { .. } => {}
        }
        if self.sink_error.is_some() {
            return ControlFlow::Continue(());
        }
        match outcome.deliver_to(self.sink) {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => self.sink_failed(error),
        }
    }

    /// Records the sink's error; goes on only while files are being written.
    fn sink_failed(&mut self, error: std::io::Error) -> ControlFlow<()> {
        self.sink_error = Some(error);
        // Files being fixed are all fixed, even when nobody reads the
        // output any more.
        if self.writes_files {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    }

    /// An error that ends the corpus being delivered: the corpus is not
    /// written, and what is left of it is dropped.
    fn corpus_failed(&mut self, error: Error) -> ControlFlow<()> {
        self.corpus = CorpusState::Abandoned;
        match error {
            Error::Output { source } if self.sink_error.is_none() => self.sink_failed(source),
            Error::Output { .. } => ControlFlow::Continue(()),
            error => self.outcome(Outcome::Failed(error)),
        }
    }

    /// Hands over a part of a corpus.
    fn corpus(&mut self, done: corpus::Done) -> ControlFlow<()> {
        match done {
            corpus::Done::Start(file, compression, destination) => {
                match corpus::Writer::start(&file, compression, destination) {
                    Ok(writer) => {
                        self.corpus = CorpusState::Open(Box::new(writer));
                        ControlFlow::Continue(())
                    }
                    Err(error) => self.corpus_failed(error),
                }
            }
            corpus::Done::Batch(batch, lines) => {
                let CorpusState::Open(writer) = &mut self.corpus else {
                    return ControlFlow::Continue(());
                };
                if let Err(error) = writer.write_batch(&batch, &lines, self.sink) {
                    return self.corpus_failed(error);
                }
                for outcome in corpus::outcomes(lines) {
                    self.outcome(outcome)?;
                }
                ControlFlow::Continue(())
            }
            corpus::Done::Failed(error) => self.corpus_failed(error),
            corpus::Done::End => {
                let state = std::mem::replace(&mut self.corpus, CorpusState::None);
                let CorpusState::Open(writer) = state else {
                    return ControlFlow::Continue(());
                };
                if let Err(error) = writer.finish(self.sink) {
                    return self.corpus_failed(error);
                }
                self.summary.files_checked += 1;
                ControlFlow::Continue(())
            }
        }
    }
}

/// One thread per core, at most [`MAX_DEFAULT_THREADS`].
fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_DEFAULT_THREADS)
}

/// Each target with its linter, leaving out the files the configuration
/// excludes. Every configuration is read here, before any file is linted:
/// a broken one stops the run instead of failing file by file.
fn assign_linters<'a>(
    request: &Request,
    targets: Vec<Target<'a>>,
    failed: bool,
) -> Result<Vec<(Target<'a>, Arc<Linter>)>, Error> {
    let mut resolver = LinterResolver::new(request.config.clone(), request.overrides.clone());
    let mut jobs = Vec::with_capacity(targets.len());
    for target in targets {
        let linter = resolver.linter_for(target.path())?;
        // Files found by walking a folder honour `exclude`; files named
        // themselves only with `force_exclude`.
        if let Target::File { path, named } = &target {
            if (!named || request.force_exclude) && linter.excludes(path) {
                continue;
            }
        }
        jobs.push((target, linter));
    }
    if jobs.is_empty() && !failed {
        // Nothing to lint: still validate the settings of the current folder.
        resolver.linter_for(None)?;
    }
    Ok(jobs)
}

/// Every rule the linters of `jobs` know, each once, in order of appearance.
fn rules_of(jobs: &[(Target, Arc<Linter>)]) -> Vec<RuleMeta> {
    let mut linters: Vec<&Arc<Linter>> = Vec::new();
    for (_, linter) in jobs {
        if !linters.iter().any(|known| Arc::ptr_eq(known, linter)) {
            linters.push(linter);
        }
    }
    let mut rules: Vec<RuleMeta> = Vec::new();
    for meta in linters.iter().flat_map(|linter| linter.all_metas()) {
        if !rules.iter().any(|known| known.name == meta.name) {
            rules.push(meta.clone());
        }
    }
    rules
}

/// Checks one target with the rules of `rules`.
fn check_target(linter: &Linter, rules: &FileRules, target: Target, mode: FixMode) -> Outcome {
    let path = target.display_name();
    let bytes = match &target {
        Target::Text { bytes, .. } => bytes.to_vec(),
        Target::File { path: file, named } => match read_file(file, *named, mode) {
            Ok(Read::Bytes(bytes)) => bytes,
            Ok(Read::Skip(reason)) => return Outcome::Skipped { path, reason },
            Err(error) => return Outcome::Failed(error),
        },
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
            reason: BINARY.to_owned(),
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
    match check_text(linter, rules, &target, path, text, mode) {
        Ok(report) => Outcome::Checked(report),
        Err(error) => Outcome::Failed(error),
    }
}

/// Why a binary input is skipped.
const BINARY: &str = "binary file (contains NUL bytes), skipped";

/// What [`read_file`] found.
pub(crate) enum Read {
    /// The file's bytes, to check for UTF-8 and lint.
    Bytes(Vec<u8>),
    /// The file is passed over, for this reason.
    Skip(String),
}

/// Reads the file at `path` with a cap, looking at its kind first: a file
/// that is not a regular file (a FIFO, a device) is skipped when found in a
/// folder, refused by `--fix`, and read up to [`MAX_STREAM_LEN`] otherwise;
/// a binary file is known from its first block, and the rest is not read.
pub(crate) fn read_file(path: &Path, named: bool, mode: FixMode) -> Result<Read, Error> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        action: "reading",
        source,
    };
    // `stat` before `open`: opening a FIFO waits for a writer.
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    let regular = metadata.is_file();
    if !regular {
        let kind = kind_of(metadata.file_type());
        if !named {
            return Ok(Read::Skip(format!("{kind}, not a regular file: skipped")));
        }
        if let FixMode::Write(_) = mode {
            return Err(Error::NotWritable {
                path: path.to_path_buf(),
                reason: format!("{kind}, not a regular file"),
                help: "--fix writes regular files only: read it on standard input instead (`copydesk check --fix - < FILE`)",
            });
        }
    }
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    if regular && metadata.len() > MAX_TEXT_LEN as u64 {
        // Too large to lint: only the first block is read, to tell a binary
        // file (skipped) from a text too large (an error).
        let mut first = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(&mut file, BINARY_PROBE_LEN as u64),
            &mut first,
        )
        .map_err(io_error)?;
        if first.contains(&0) {
            return Ok(Read::Skip(BINARY.to_owned()));
        }
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: usize::try_from(metadata.len()).unwrap_or(usize::MAX),
            max: MAX_TEXT_LEN,
        });
    }
    let (cap, size) = if regular {
        let size = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
        (MAX_TEXT_LEN, size)
    } else {
        (MAX_STREAM_LEN, 0)
    };
    match read_limited(file, cap, true, size).map_err(io_error)? {
        Contents::Whole(bytes) => Ok(Read::Bytes(bytes)),
        Contents::Binary(_) => Ok(Read::Skip(BINARY.to_owned())),
        Contents::TooLarge if regular => Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: usize::try_from(metadata.len()).unwrap_or(usize::MAX),
            max: cap,
        }),
        Contents::TooLarge => Err(Error::TooLong {
            path: path.to_path_buf(),
            max: cap,
        }),
    }
}

/// What [`check_one`] found in one text.
pub(crate) struct Checked {
    /// The report: of the fixed text with [`FixMode::Write`] (its `output`
    /// is [`Output::Diagnostics`], for the caller to set), with the diff
    /// with [`FixMode::Diff`].
    pub report: FileReport,
    /// With [`FixMode::Write`], whether fixing changed the text.
    pub changed: bool,
    /// The findings before any fix, per rule.
    pub found: BTreeMap<String, usize>,
    /// With [`FixMode::Diff`], the fixed text (the report keeps the original).
    pub fixed_text: Option<String>,
}

/// Counts `diagnostics` per rule.
fn per_rule(diagnostics: &[Diagnostic]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for diagnostic in diagnostics {
        *counts.entry(diagnostic.rule.to_string()).or_insert(0) += 1;
    }
    counts
}

/// Lints `text` (shown as `name`) with the rules of `file`, and fixes it as
/// `mode` says; writes nothing.
pub(crate) fn check_one(
    linter: &Linter,
    file: &FileRules,
    name: String,
    text: String,
    mode: FixMode,
) -> Result<Checked, Error> {
    let level = match mode {
        FixMode::Report => {
            let diagnostics = linter.lint_file(&text, file);
            let found = per_rule(&diagnostics);
            let report = FileReport::new(
                name,
                text,
                diagnostics,
                BTreeMap::new(),
                Output::Diagnostics,
            );
            return Ok(Checked {
                report,
                changed: false,
                found,
                fixed_text: None,
            });
        }
        FixMode::Write(level) | FixMode::Diff(level) => level,
    };
    if let FixMode::Diff(_) = mode {
        let fixed = linter.fix_file(text.as_str(), file, level)?;
        let found = per_rule(&fixed.found);
        let diff = crate::diff::unified_diff(&name, &text, &fixed.text);
        let report = FileReport::new(name, text, fixed.found, fixed.fixed, Output::Diff(diff));
        return Ok(Checked {
            report,
            changed: false,
            found,
            fixed_text: Some(fixed.text),
        });
    }
    // The text is handed over, not kept beside the fixed one: a pass
    // applies fixes only when they change the text.
    let fixed = linter.fix_file(text, file, level)?;
    let found = per_rule(&fixed.found);
    let changed = fixed.fixed.values().any(|&count| count > 0);
    let report = FileReport::new(
        name,
        fixed.text,
        fixed.remaining,
        fixed.fixed,
        Output::Diagnostics,
    );
    Ok(Checked {
        report,
        changed,
        found,
        fixed_text: None,
    })
}

/// Lints `text` with the rules of `rules`, and fixes it as `mode` says.
fn check_text(
    linter: &Linter,
    rules: &FileRules,
    target: &Target,
    path: String,
    text: String,
    mode: FixMode,
) -> Result<FileReport, Error> {
    let Checked {
        mut report,
        changed,
        ..
    } = check_one(linter, rules, path, text, mode)?;
    if let FixMode::Write(_) = mode {
        match target {
            Target::Text { .. } => report.output = Output::FixedText,
            Target::File { path, .. } => {
                if changed {
                    write_file(path, &report.text)?;
                }
            }
        }
    }
    Ok(report)
}

/// Refuses to write a read-only file.
pub(crate) fn check_writable(path: &Path) -> Result<(), Error> {
    let metadata = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        action: "writing",
        source,
    })?;
    // Root may write a read-only file; copydesk does not, whoever runs it.
    if metadata.permissions().readonly() {
        return Err(Error::NotWritable {
            path: path.to_path_buf(),
            reason: "read-only file".to_owned(),
            help: "make the file writable (chmod u+w) to let --fix repair it",
        });
    }
    Ok(())
}

/// Writes the fixed `text` over the file at `path`, refusing a read-only file.
fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    check_writable(path)?;
    write_atomically(path, text.as_bytes()).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        action: "writing",
        source,
    })
}
