//! The counting pass of a run: before any input is linted, every document
//! that a rule of [`Scope::Run`](crate::rule::Scope::Run) will check — a
//! file, a text in memory, each record of a corpus — is read once and its
//! units counted into one [`SharedCounts`].
//!
//! The threads compute each document's units; the calling thread adds them
//! to the table in input order, so the table is the same whatever the number
//! of threads. Corpora are read a batch at a time, as the lint pass reads
//! them. An input that cannot be read, or a line that is not a record, is
//! passed over here: the lint pass reports it.

use std::io::BufRead;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

use crate::check::{read_file, FixMode, Read};
use crate::document::MAX_TEXT_LEN;
use crate::linter::FileRules;
use crate::ordered::map_in_order;
use crate::walk::Target;
use crate::Linter;

use super::{
    decompressed, record, CorpusOptions, InputFormat, LineBatch, LineBatches, SharedCounts,
};

/// What one document's units are counted with.
struct Counter {
    linter: Arc<Linter>,
    rules: FileRules,
}

/// A piece of the counting pass.
enum CountItem<'a> {
    /// A file or text, one document.
    Whole(Target<'a>, Arc<Counter>),
    /// Lines of a corpus, one document each.
    Batch(LineBatch, Arc<Counter>, Arc<CorpusOptions>),
}

/// The rules that run on `target`: a corpus's records or a whole text.
pub(crate) fn rules_for(linter: &Linter, target: &Target, options: &CorpusOptions) -> FileRules {
    match options.format_of(target.path()) {
        InputFormat::Jsonl => linter.record_rules(target.path()),
        InputFormat::Text => linter.file_rules(target.path()),
    }
}

/// Counts the units of every document of `jobs` that a rule of the run's
/// scope checks; `None` when no such rule runs on any of them.
pub(crate) fn count_run(
    jobs: &[(Target<'_>, Arc<Linter>)],
    options: &Arc<CorpusOptions>,
    threads: usize,
) -> Option<Arc<SharedCounts>> {
    let counted: Vec<(Target<'_>, Arc<Counter>)> = jobs
        .iter()
        .filter_map(|(target, linter)| {
            let rules = rules_for(linter, target, options);
            linter.learns_from_run(&rules).then(|| {
                let counter = Counter {
                    linter: Arc::clone(linter),
                    rules,
                };
                (target.clone(), Arc::new(counter))
            })
        })
        .collect();
    if counted.is_empty() {
        return None;
    }
    let items = counted.into_iter().flat_map(|(target, counter)| {
        let items: Box<dyn Iterator<Item = CountItem<'_>> + Send> =
            match options.format_of(target.path()) {
                InputFormat::Text => Box::new(std::iter::once(CountItem::Whole(target, counter))),
                InputFormat::Jsonl => {
                    let options = Arc::clone(options);
                    Box::new(batches_of(&target).map(move |batch| {
                        CountItem::Batch(batch, Arc::clone(&counter), Arc::clone(&options))
                    }))
                }
            };
        items
    });
    let mut counts = SharedCounts::new();
    let _ = map_in_order(items, threads, units_of, |documents| {
        for units in documents {
            counts.add_document(&units);
        }
        ControlFlow::<()>::Continue(())
    });
    counts.finish();
    Some(Arc::new(counts))
}

/// The units of each document of `item`.
fn units_of(item: CountItem<'_>) -> Vec<Vec<u64>> {
    match item {
        CountItem::Whole(target, counter) => {
            let text = match &target {
                Target::Text { bytes, .. } => counted_text(bytes.to_vec()),
                Target::File { path, named } if is_regular(path) => {
                    match read_file(path, *named, FixMode::Report) {
                        Ok(Read::Bytes(bytes)) => counted_text(bytes),
                        _ => None,
                    }
                }
                Target::File { .. } => None,
            };
            text.map(|text| vec![counter.linter.shared_units(&text, &counter.rules)])
                .unwrap_or_default()
        }
        CountItem::Batch(batch, counter, options) => batch
            .lines()
            .filter_map(|(number, range, _)| {
                let line = std::str::from_utf8(batch.bytes.get(range)?).ok()?;
                let line = match line.strip_prefix('\u{feff}') {
                    Some(rest) if number == 1 => rest,
                    _ => line,
                };
                let parsed = record::parse(line, options.names()).ok()?;
                Some(counter.linter.shared_units(&parsed.text, &counter.rules))
            })
            .collect(),
    }
}

/// The batches of lines of the corpus `target`, read lazily; reading stops
/// quietly at the first error.
fn batches_of<'a>(target: &Target<'a>) -> impl Iterator<Item = LineBatch> + Send + 'a {
    let reader: Option<Box<dyn std::io::Read + Send + 'a>> = match target {
        Target::Text { bytes, .. } => Some(Box::new(*bytes)),
        Target::File { path, .. } if is_regular(path) => open(path),
        Target::File { .. } => None,
    };
    let batches: Option<LineBatches<Box<dyn BufRead + Send + 'a>>> = reader
        .and_then(|reader| decompressed(reader).ok())
        .map(|(reader, _)| LineBatches::new(reader));
    batches.into_iter().flatten().map_while(Result::ok)
}

/// Whether `path` is a regular file: a FIFO or a device can be read only
/// once, by the lint pass, so it is not counted.
fn is_regular(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|metadata| metadata.is_file())
}

/// The text of `bytes` when the lint pass will lint it: not too large, not
/// binary, UTF-8.
fn counted_text(bytes: Vec<u8>) -> Option<String> {
    if bytes.len() > MAX_TEXT_LEN || bytes.contains(&0) {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// The file at `path`, opened for reading, if it can be.
fn open(path: &Path) -> Option<Box<dyn std::io::Read + Send + 'static>> {
    let file = std::fs::File::open(path).ok()?;
    Some(Box::new(file))
}
