//! How [`crate::check::run`] goes through a corpus: the corpus is read in
//! batches of lines ([`Units`]), the threads lint the batches
//! ([`work`]), and the calling thread hands each record's report to the
//! sink and writes the corpus back ([`Writer`]), in order.

use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::check::{check_one, check_writable, FixMode, Outcome, Output, RecordInfo};
use crate::diff::line_diff;
use crate::error::Error;
use crate::linter::FileRules;
use crate::output::{ReadCounter, Sink};
use crate::write::AtomicFile;
use crate::Linter;

use super::record::{self, ParsedRecord};
use super::{decompressed, Compression, CorpusOptions, Encoder, LineBatch, LineBatches, ReadError};

/// One corpus of a run, shared by its units.
pub(crate) struct CorpusFile {
    /// The name in output.
    pub name: String,
    /// The file, when it is one (not a text in memory).
    pub path: Option<PathBuf>,
    /// The linter of the corpus.
    pub linter: Arc<Linter>,
    /// The rules of the corpus, as for a file of that name, with `record` set.
    pub rules: FileRules,
    /// Field names and the summary field.
    pub options: Arc<CorpusOptions>,
    /// What to do with fixes.
    pub mode: FixMode,
    /// Counts the bytes of the corpus read, as stored, for progress.
    pub read: ReadCounter,
}

impl CorpusFile {
    /// Whether the corpus is written: its fixes, its summaries, or to
    /// [`CorpusOptions::output`].
    pub fn writes(&self) -> bool {
        matches!(self.mode, FixMode::Write(_))
            || self.options.add_field.is_some()
            || self.options.output.is_some()
    }

    /// The path for errors.
    fn error_path(&self) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| PathBuf::from(&self.name))
    }
}

/// A reader that counts the bytes read through it.
struct CountingReader<R> {
    inner: R,
    read: ReadCounter,
}

impl<R: std::io::Read> std::io::Read for CountingReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buffer)?;
        self.read.add(count);
        Ok(count)
    }
}

/// A piece of a run's work on a corpus.
pub(crate) enum Unit {
    /// The corpus was opened; with a file to write back, its new contents.
    Start(Arc<CorpusFile>, Compression, Option<AtomicFile>),
    /// Lines to lint.
    Batch(Arc<CorpusFile>, LineBatch),
    /// The corpus could not be opened or read on; nothing more of it comes.
    Failed(Error),
    /// The corpus was read to its end.
    End,
}

/// A [`Unit`] after the work on it.
pub(crate) enum Done {
    /// See [`Unit::Start`].
    Start(Arc<CorpusFile>, Compression, Option<AtomicFile>),
    /// The lines of a batch, each linted.
    Batch(LineBatch, Vec<LineDone>),
    /// See [`Unit::Failed`].
    Failed(Error),
    /// See [`Unit::End`].
    End,
}

/// One line of a batch after linting.
pub(crate) struct LineDone {
    /// The line without its `\n`, in the batch's bytes.
    range: std::ops::Range<usize>,
    /// Whether it ended with `\n`.
    ended: bool,
    /// The line to write back instead, when it changed.
    rewritten: Option<String>,
    /// The record's report or why it is not a record; `None` for a blank line.
    outcome: Option<Outcome>,
}

/// Where a corpus's text comes from.
pub(crate) enum Source<'a> {
    /// A file, opened when its first unit is taken.
    File(PathBuf),
    /// A text in memory.
    Bytes(&'a [u8]),
}

/// The units of one corpus, read lazily: the corpus is opened when the
/// first unit is taken and read a batch at a time.
pub(crate) struct Units<'a> {
    file: Arc<CorpusFile>,
    state: State<'a>,
}

enum State<'a> {
    Unopened(Source<'a>),
    Reading(LineBatches<Box<dyn BufRead + Send + 'a>>),
    Finished,
}

impl<'a> Units<'a> {
    /// The units of the corpus `file`, read from `source`.
    pub(crate) fn new(file: CorpusFile, source: Source<'a>) -> Self {
        Self {
            file: Arc::new(file),
            state: State::Unopened(source),
        }
    }

    /// Opens the corpus (and, when it is written back, its new contents).
    fn open(&mut self, source: Source<'a>) -> Result<Unit, Error> {
        let file = &self.file;
        let output = file.options.output.as_deref();
        let destination =
            match (output, &source) {
                (Some(output), _) => Some(AtomicFile::create_or_replace(output).map_err(
                    |source| Error::Io {
                        path: output.to_path_buf(),
                        action: "writing",
                        source,
                    },
                )?),
                (None, Source::File(path)) if file.writes() => {
                    check_writable(path)?;
                    Some(AtomicFile::create(path).map_err(|source| Error::Io {
                        path: path.clone(),
                        action: "writing",
                        source,
                    })?)
                }
                (None, _) => None,
            };
        let reader: Box<dyn std::io::Read + Send + 'a> = match source {
            Source::Bytes(bytes) => Box::new(bytes),
            Source::File(path) => {
                Box::new(std::fs::File::open(&path).map_err(|source| Error::Io {
                    path,
                    action: "reading",
                    source,
                })?)
            }
        };
        let reader = Box::new(CountingReader {
            inner: reader,
            read: file.read.clone(),
        });
        let (reader, compression) = decompressed(reader).map_err(|source| Error::Io {
            path: file.error_path(),
            action: "reading",
            source,
        })?;
        self.state = State::Reading(LineBatches::new(reader));
        Ok(Unit::Start(Arc::clone(file), compression, destination))
    }
}

impl Iterator for Units<'_> {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        let file = Arc::clone(&self.file);
        match std::mem::replace(&mut self.state, State::Finished) {
            State::Finished => None,
            State::Unopened(source) => Some(self.open(source).unwrap_or_else(Unit::Failed)),
            State::Reading(mut batches) => match batches.next() {
                None => Some(Unit::End),
                Some(Ok(batch)) => {
                    self.state = State::Reading(batches);
                    Some(Unit::Batch(file, batch))
                }
                Some(Err(ReadError::Io(source))) => {
                    let path = file.error_path();
                    Some(Unit::Failed(Error::Io {
                        path,
                        action: "reading",
                        source,
                    }))
                }
                Some(Err(ReadError::LineTooLong { line })) => {
                    let path = file.error_path();
                    Some(Unit::Failed(Error::RecordTooLong {
                        path,
                        line,
                        max: super::MAX_RECORD_LEN,
                    }))
                }
            },
        }
    }
}

/// The work on one unit: linting each line of a batch.
pub(crate) fn work(unit: Unit) -> Done {
    match unit {
        Unit::Start(file, compression, destination) => Done::Start(file, compression, destination),
        Unit::Failed(error) => Done::Failed(error),
        Unit::End => Done::End,
        Unit::Batch(file, batch) => {
            let lines = batch
                .lines()
                .map(|(number, range, ended)| {
                    let line = batch.bytes.get(range.clone()).unwrap_or_default();
                    let (rewritten, outcome) = check_line(&file, number, line, ended);
                    LineDone {
                        range,
                        ended,
                        rewritten,
                        outcome,
                    }
                })
                .collect();
            Done::Batch(batch, lines)
        }
    }
}

/// The `--add-field` summary of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordSummary {
    /// Findings per rule, as found before any fix.
    pub findings: BTreeMap<String, usize>,
    /// The bytes of the text (UTF-8), before any fix.
    pub bytes: usize,
    /// The bytes the fixes removed: the text's length before fixing less
    /// its length after (negative when fixes added more than they removed;
    /// 0 without `--fix`).
    pub bytes_removed: i64,
}

/// A UTF-8 byte order mark, kept where it is but not parsed.
const BOM: &str = "\u{feff}";

/// Lints the line `number` of a corpus: the line to write back instead of
/// it (if it changed) and the outcome (`None` for a blank line).
fn check_line(
    file: &CorpusFile,
    number: usize,
    line: &[u8],
    ended: bool,
) -> (Option<String>, Option<Outcome>) {
    let bad = |message: String| {
        Some(Outcome::Failed(Error::BadRecord {
            path: file.error_path(),
            line: number,
            message,
        }))
    };
    let Ok(line) = std::str::from_utf8(line) else {
        return (None, bad("not valid UTF-8".to_owned()));
    };
    let (bom, line) = match line.strip_prefix(BOM) {
        Some(rest) if number == 1 => (BOM, rest),
        _ => ("", line),
    };
    if line.trim().is_empty() {
        return (None, None);
    }
    let mut parsed = match record::parse(line, file.options.names()) {
        Ok(parsed) => parsed,
        Err(error) => return (None, bad(error.message)),
    };
    match check_record(file, (number, bom, ended), &mut parsed) {
        Ok((rewritten, outcome)) => (rewritten.map(|line| format!("{bom}{line}")), Some(outcome)),
        // A record that could not be fixed is written back as it was.
        Err(error) => (None, Some(Outcome::Failed(error))),
    }
}

/// Lints and fixes one parsed record, the line `number` of the corpus
/// (after `bom`, ending with `\n` when `ended`).
fn check_record(
    file: &CorpusFile,
    (number, bom, ended): (usize, &str, bool),
    parsed: &mut ParsedRecord,
) -> Result<(Option<String>, Outcome), Error> {
    // The text moves into the report; the line stays for writing back.
    let text = std::mem::take(&mut parsed.text);
    let original_len = text.len();
    let checked = check_one(
        &file.linter,
        &file.rules,
        file.name.clone(),
        text,
        file.mode,
    )?;
    let mut report = checked.report.with_record(RecordInfo {
        line: number,
        id: parsed.id.take(),
    });
    let summary = match &file.options.add_field {
        Some(name) => {
            let summary = RecordSummary {
                findings: checked.found,
                bytes: original_len,
                bytes_removed: len_i64(original_len) - len_i64(report.text.len()),
            };
            let json = serde_json::to_string(&summary).map_err(|error| Error::Io {
                path: file.error_path(),
                action: "writing the summary",
                source: std::io::Error::other(error),
            })?;
            Some((name.as_str(), json))
        }
        None => None,
    };
    let new_text = checked.changed.then_some(report.text.as_str());
    let rewritten = (new_text.is_some() || summary.is_some()).then(|| {
        parsed.rewrite(
            new_text,
            summary.as_ref().map(|(name, json)| (*name, json.as_str())),
        )
    });
    if file.writes() && file.path.is_none() && file.options.output.is_none() {
        report.output = Output::FixedRecord;
    }
    // `--diff` shows the corpus's line as `--fix` would write it, so that
    // `patch` applies it to the (uncompressed) corpus.
    // In `--diff` mode the report keeps the text as it was.
    if let Some(fixed) = checked.fixed_text.filter(|fixed| *fixed != report.text) {
        let new_line = parsed.rewrite(Some(&fixed), None);
        let old = format!("{bom}{}", parsed.line);
        let new = format!("{bom}{new_line}");
        report.output = Output::Diff(line_diff(&file.name, number, &old, &new, ended));
    }
    Ok((rewritten, Outcome::Checked(report)))
}

/// A length as a signed number.
fn len_i64(length: usize) -> i64 {
    i64::try_from(length).unwrap_or(i64::MAX)
}

/// Where a corpus being written back goes.
enum Destination {
    /// Over the file, atomically, once the whole corpus is written.
    File(Box<Encoder<BufWriter<AtomicFile>>>),
    /// To the sink ([`Sink::corpus_output`]), a batch at a time.
    Sink(Encoder<Vec<u8>>),
}

/// Writes one corpus back, as its units are delivered in order.
pub(crate) struct Writer {
    /// The corpus being written, and where.
    destination: Option<Destination>,
    /// Whether a line changed: an unchanged file is not replaced.
    changed: bool,
    /// The corpus's file, for errors.
    path: PathBuf,
}

impl Writer {
    /// A writer for the corpus `file` (with its new contents, when it is a
    /// file written back); it writes nothing when the corpus is not
    /// written back.
    pub(crate) fn start(
        file: &CorpusFile,
        compression: Compression,
        destination: Option<AtomicFile>,
    ) -> Result<Self, Error> {
        let output = file.options.output.as_deref();
        let path = output.map_or_else(|| file.error_path(), Path::to_path_buf);
        let io_error = |source| Error::Io {
            path: path.clone(),
            action: "writing",
            source,
        };
        // A corpus written elsewhere is compressed as that name says.
        let compression = output.map_or(compression, Compression::of_name);
        let destination = match destination {
            Some(atomic) => Some(Destination::File(Box::new(
                Encoder::new(BufWriter::with_capacity(256 << 10, atomic), compression)
                    .map_err(io_error)?,
            ))),
            None if file.writes() => Some(Destination::Sink(
                Encoder::new(Vec::new(), compression).map_err(io_error)?,
            )),
            None => None,
        };
        Ok(Self {
            destination,
            // A corpus written elsewhere is written even when nothing changed.
            changed: output.is_some(),
            path,
        })
    }

    /// Writes the lines of a batch: each as rewritten, or as it was.
    pub(crate) fn write_batch(
        &mut self,
        batch: &LineBatch,
        lines: &[LineDone],
        sink: &mut dyn Sink,
    ) -> Result<(), Error> {
        let Some(destination) = &mut self.destination else {
            return Ok(());
        };
        let result = (|| {
            let out: &mut dyn Write = match destination {
                Destination::File(encoder) => encoder.as_mut(),
                Destination::Sink(encoder) => encoder,
            };
            for line in lines {
                match &line.rewritten {
                    Some(rewritten) => {
                        self.changed = true;
                        out.write_all(rewritten.as_bytes())?;
                    }
                    None => {
                        out.write_all(batch.bytes.get(line.range.clone()).unwrap_or_default())?
                    }
                }
                if line.ended {
                    out.write_all(b"\n")?;
                }
            }
            Ok(())
        })();
        result.map_err(|source| self.error(source))?;
        if let Some(Destination::Sink(encoder)) = &mut self.destination {
            let bytes = std::mem::take(encoder.get_mut());
            sink.corpus_output(&bytes).map_err(Error::output)?;
        }
        Ok(())
    }

    /// Ends the corpus: replaces the file when a line changed, or hands the
    /// sink the end of the corpus.
    pub(crate) fn finish(self, sink: &mut dyn Sink) -> Result<(), Error> {
        match self.destination {
            None => Ok(()),
            Some(Destination::Sink(encoder)) => {
                let bytes = encoder.finish().map_err(|source| Error::Io {
                    path: self.path.clone(),
                    action: "writing",
                    source,
                })?;
                sink.corpus_output(&bytes).map_err(Error::output)
            }
            // Nothing changed: the temporary file goes, the corpus stays.
            Some(Destination::File(_)) if !self.changed => Ok(()),
            Some(Destination::File(encoder)) => {
                let path = self.path;
                let io_error = |source| Error::Io {
                    path: path.clone(),
                    action: "writing",
                    source,
                };
                let buffered = encoder.finish().map_err(io_error)?;
                let atomic = buffered
                    .into_inner()
                    .map_err(|error| io_error(error.into_error()))?;
                atomic.commit().map_err(io_error)
            }
        }
    }

    /// The error for a failed write.
    fn error(&self, source: std::io::Error) -> Error {
        Error::Io {
            path: self.path.clone(),
            action: "writing",
            source,
        }
    }
}

/// What a line of a batch hands the sink, in order.
pub(crate) fn outcomes(lines: Vec<LineDone>) -> impl Iterator<Item = Outcome> {
    lines.into_iter().filter_map(|line| line.outcome)
}
