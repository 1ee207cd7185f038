//! Corpora kept as JSON Lines: one document per line, its text in a field
//! (`text` by default), an id and metadata beside it, plain or compressed
//! with gzip or zstd.
//!
//! - [`InputFormat`] says whether an input is plain text or JSON Lines;
//!   [`is_jsonl_path`] guesses it from a file's name (`.jsonl`, `.ndjson`,
//!   either followed by `.gz` or `.zst`).
//! - [`Compression`] is recognised from the first bytes of the input, not
//!   from its name, so a compressed standard input is read too; a fixed
//!   corpus is written back with the compression it came with.
//! - [`LineBatches`] reads a corpus in batches of whole lines, each line
//!   capped at [`MAX_RECORD_LEN`], so memory does not grow with the corpus.
//! - [`record`] parses one line and writes it back with only its text field
//!   (and the `--add-field` summary) changed.
//! - [`SharedCounts`] counts, in a first pass over every input of a run, in
//!   how many documents each line or shingle occurs, for the rules that
//!   learn site chrome across documents (`shared-boilerplate`).
//!
//! [`crate::check::run`] lints each record with the same [`crate::Linter`]
//! as a file: rules, suppression comments and per-file settings see the
//! field's string, with one difference: a record needs no final newline.

mod counting;
mod pipeline;
pub mod record;
mod shared;

pub(crate) use counting::{count_run, rules_for};
pub use pipeline::RecordSummary;
pub(crate) use pipeline::{outcomes, work, CorpusFile, Done, Source, Unit, Units, Writer};
pub use shared::{SharedCounts, MAX_SHARED_UNITS};

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// The whole input is one text.
    #[default]
    Text,
    /// One JSON object per line, each a document (see the module doc).
    Jsonl,
}

/// How a corpus is read and written back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusOptions {
    /// The format of every input; `None` guesses from each file's name
    /// ([`is_jsonl_path`]), and reads a text in memory with no name as text.
    pub input_format: Option<InputFormat>,
    /// The field linted (`text`).
    pub text_field: String,
    /// The field that identifies a record in output (`id`).
    pub id_field: String,
    /// With a name: every record is written back with a summary object
    /// under that name (see [`RecordSummary`]).
    pub add_field: Option<String>,
    /// Write the corpus here (made or replaced atomically, compressed as
    /// its name says: `.gz`, `.zst`) instead of over the input or to the
    /// sink: its records, fixed with [`crate::check::FixMode::Write`], with
    /// their summaries with [`CorpusOptions::add_field`]. A request with
    /// this set must have exactly one corpus.
    pub output: Option<std::path::PathBuf>,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        Self {
            input_format: None,
            text_field: "text".to_owned(),
            id_field: "id".to_owned(),
            add_field: None,
            output: None,
        }
    }
}

impl CorpusOptions {
    /// The format of the input at `path` (a text in memory with no name
    /// when `None`).
    pub fn format_of(&self, path: Option<&Path>) -> InputFormat {
        match (self.input_format, path) {
            (Some(format), _) => format,
            (None, Some(path)) if is_jsonl_path(path) => InputFormat::Jsonl,
            (None, _) => InputFormat::Text,
        }
    }

    /// The field names, borrowed.
    pub fn names(&self) -> record::FieldNames<'_> {
        record::FieldNames {
            text: &self.text_field,
            id: &self.id_field,
            summary: self.add_field.as_deref(),
        }
    }
}

/// The file name endings of JSON Lines corpora, linted when a folder is walked.
pub const JSONL_SUFFIXES: [&str; 6] = [
    ".jsonl",
    ".ndjson",
    ".jsonl.gz",
    ".ndjson.gz",
    ".jsonl.zst",
    ".ndjson.zst",
];

/// Whether the file at `path` is named as a JSON Lines corpus (case ignored).
pub fn is_jsonl_path(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    JSONL_SUFFIXES
        .iter()
        .any(|suffix| name.len() > suffix.len() && name.ends_with(suffix))
}

/// The longest line read as one record (256 MiB).
pub const MAX_RECORD_LEN: usize = 256 << 20;

/// About how many bytes of lines a batch holds: large enough that handing
/// a batch to a thread costs little, small enough to keep memory low.
pub const BATCH_LEN: usize = 1 << 20;

/// How a corpus is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (one member or several, as pigz and bgzip write).
    Gzip,
    /// Zstandard (one frame or several).
    Zstd,
}

impl Compression {
    /// The compression whose magic number `first` starts with.
    pub fn sniff(first: &[u8]) -> Self {
        if first.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if first.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The compression a file's name asks for: `.gz`, `.zst`, or none.
    pub fn of_name(path: &Path) -> Self {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".gz") {
            Compression::Gzip
        } else if name.ends_with(".zst") {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// Its name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "plain",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// Opens `reader` for reading lines, decompressing what its first bytes
/// say is compressed; returns the reader and the compression found.
pub fn decompressed<'r>(
    reader: impl Read + Send + 'r,
) -> io::Result<(Box<dyn BufRead + Send + 'r>, Compression)> {
    let mut buffered = BufReader::with_capacity(256 << 10, reader);
    let compression = Compression::sniff(buffered.fill_buf()?);
    let reader: Box<dyn BufRead + Send + 'r> = match compression {
        Compression::None => Box::new(buffered),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            256 << 10,
            flate2::bufread::MultiGzDecoder::new(buffered),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            256 << 10,
            zstd::stream::read::Decoder::with_buffer(buffered)?,
        )),
    };
    Ok((reader, compression))
}

/// A writer that compresses as a corpus was compressed.
pub enum Encoder<W: Write> {
    /// No compression.
    Plain(W),
    /// gzip, at the default level.
    Gzip(flate2::write::GzEncoder<W>),
    /// Zstandard, at the default level.
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> Encoder<W> {
    /// Compresses into `out` as `compression` says.
    pub fn new(out: W, compression: Compression) -> io::Result<Self> {
        Ok(match compression {
            Compression::None => Encoder::Plain(out),
            Compression::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(
                out,
                flate2::Compression::default(),
            )),
            Compression::Zstd => Encoder::Zstd(zstd::stream::write::Encoder::new(out, 0)?),
        })
    }

    /// The writer the compressed bytes go to.
    pub fn get_mut(&mut self) -> &mut W {
        match self {
            Encoder::Plain(out) => out,
            Encoder::Gzip(encoder) => encoder.get_mut(),
            Encoder::Zstd(encoder) => encoder.get_mut(),
        }
    }

    /// Ends the compressed stream and returns the writer.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Encoder::Plain(out) => Ok(out),
            Encoder::Gzip(encoder) => encoder.finish(),
            Encoder::Zstd(encoder) => encoder.finish(),
        }
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Encoder::Plain(out) => out.write(bytes),
            Encoder::Gzip(encoder) => encoder.write(bytes),
            Encoder::Zstd(encoder) => encoder.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Encoder::Plain(out) => out.flush(),
            Encoder::Gzip(encoder) => encoder.flush(),
            Encoder::Zstd(encoder) => encoder.flush(),
        }
    }
}

/// Whole lines, read a batch at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineBatch {
    /// The 1-based number of the first line.
    pub first_line: usize,
    /// The lines, each with its `\n` (the last line of the input may have none).
    pub bytes: Vec<u8>,
}

impl LineBatch {
    /// Each line of the batch: its number, its range in `bytes` without
    /// its `\n` (a `\r` before it stays), and whether it had one.
    pub fn lines(&self) -> impl Iterator<Item = (usize, std::ops::Range<usize>, bool)> + '_ {
        let mut start = 0;
        let mut number = self.first_line;
        std::iter::from_fn(move || {
            let rest = self.bytes.get(start..).filter(|rest| !rest.is_empty())?;
            let (range, ended) = match memchr::memchr(b'\n', rest) {
                Some(length) => (start..start + length, true),
                None => (start..self.bytes.len(), false),
            };
            start = range.end + usize::from(ended);
            number += 1;
            Some((number - 1, range, ended))
        })
    }
}

/// What went wrong reading a corpus.
#[derive(Debug)]
pub enum ReadError {
    /// Reading (or decompressing) failed.
    Io(io::Error),
    /// A line is longer than [`MAX_RECORD_LEN`]; reading stopped there.
    LineTooLong {
        /// Its number.
        line: usize,
    },
}

/// Reads a corpus in [`LineBatch`]es of about [`BATCH_LEN`] bytes; after
/// an error, it yields nothing more.
pub struct LineBatches<R> {
    reader: R,
    next_line: usize,
    done: bool,
}

impl<R: BufRead> LineBatches<R> {
    /// Batches of the lines of `reader`.
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            next_line: 1,
            done: false,
        }
    }

    /// The next batch, `None` at the end.
    fn read_batch(&mut self) -> Result<Option<LineBatch>, ReadError> {
        let mut bytes = Vec::with_capacity(BATCH_LEN + 4096);
        let first_line = self.next_line;
        while bytes.len() < BATCH_LEN {
            let start = bytes.len();
            // One line, at most one byte past the cap.
            let read = (&mut self.reader)
                .take(MAX_RECORD_LEN as u64 + 1)
                .read_until(b'\n', &mut bytes)
                .map_err(ReadError::Io)?;
            if read == 0 {
                break;
            }
            let line = &bytes[start..];
            let content = line.strip_suffix(b"\n").unwrap_or(line);
            if content.len() > MAX_RECORD_LEN {
                return Err(ReadError::LineTooLong {
                    line: self.next_line,
                });
            }
            self.next_line += 1;
            if !line.ends_with(b"\n") {
                break;
            }
        }
        Ok((!bytes.is_empty()).then_some(LineBatch { first_line, bytes }))
    }
}

impl<R: BufRead> Iterator for LineBatches<R> {
    type Item = Result<LineBatch, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let batch = self.read_batch();
        if !matches!(batch, Ok(Some(_))) {
            self.done = true;
        }
        batch.transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_names_are_recognised() {
        for name in ["a.jsonl", "b/C.NDJSON", "a.jsonl.gz", "x.ndjson.zst"] {
            assert!(is_jsonl_path(Path::new(name)), "{name}");
        }
        for name in [".jsonl", "a.json", "a.gz", "a.jsonl.bz2", "jsonl"] {
            assert!(!is_jsonl_path(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn batches_hold_whole_numbered_lines() {
        let text = "{\"a\":1}\r\n\n{\"b\":2}";
        let batches: Vec<LineBatch> = LineBatches::new(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(batches.len(), 1);
        let lines: Vec<(usize, &[u8], bool)> = batches[0]
            .lines()
            .map(|(number, range, ended)| (number, &batches[0].bytes[range], ended))
            .collect();
        assert_eq!(
            lines,
            [
                (1, &b"{\"a\":1}\r"[..], true),
                (2, &b""[..], true),
                (3, &b"{\"b\":2}"[..], false)
            ]
        );
    }

    #[test]
    fn many_lines_make_many_batches_numbered_on() {
        let line = format!("{{\"text\":\"{}\"}}\n", "a".repeat(1000));
        let text = line.repeat(3000);
        let batches: Vec<LineBatch> = LineBatches::new(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(batches.len() >= 3);
        let numbers: Vec<usize> = batches
            .iter()
            .flat_map(|batch| batch.lines().map(|(number, _, _)| number))
            .collect();
        assert_eq!(numbers, (1..=3000).collect::<Vec<_>>());
    }

    #[test]
    fn compression_round_trips_and_is_sniffed() {
        for compression in [Compression::None, Compression::Gzip, Compression::Zstd] {
            let mut encoder = Encoder::new(Vec::new(), compression).unwrap();
            encoder.write_all(b"{\"text\":\"a\"}\n").unwrap();
            let bytes = encoder.finish().unwrap();
            let (mut reader, found) = decompressed(&bytes[..]).unwrap();
            assert_eq!(found, compression);
            let mut text = String::new();
            reader.read_to_string(&mut text).unwrap();
            assert_eq!(text, "{\"text\":\"a\"}\n");
        }
    }

    #[test]
    fn a_corrupt_stream_is_an_error_not_a_panic() {
        let mut bytes = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
        bytes.extend_from_slice(b"garbage garbage garbage");
        let (reader, _) = decompressed(&bytes[..]).unwrap();
        let results: Vec<_> = LineBatches::new(reader).collect();
        assert!(matches!(results.as_slice(), [Err(ReadError::Io(_))]));
    }
}
