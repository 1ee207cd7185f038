//! Reading inputs without trusting them: every read has a cap, and binary
//! content is recognised from the first block, before the rest is read.
//!
//! - A text is binary when its first [`BINARY_PROBE_LEN`] bytes hold a NUL
//!   (as ripgrep and git decide); [`read_limited`] can stop there.
//! - A regular file is read up to [`crate::document::MAX_TEXT_LEN`]; standard
//!   input and a named file that is not a regular one (a FIFO, a device),
//!   whose size nobody knows in advance, up to [`MAX_STREAM_LEN`]; a
//!   configuration, a rule pack or a baseline up to [`MAX_SETTINGS_LEN`].
//!   Reading stops at the cap: an endless input (`/dev/zero`, `yes |`) ends
//!   in an error, never in memory growing without bound.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// How much of an input is looked at to decide whether it is binary.
pub const BINARY_PROBE_LEN: usize = 8 * 1024;

/// The most read from standard input or from a named file that is not a
/// regular file (1 GiB).
pub const MAX_STREAM_LEN: usize = 1 << 30;

/// The most read from a configuration file, a rule pack or a baseline (10 MiB).
pub const MAX_SETTINGS_LEN: usize = 10 << 20;

/// What [`read_limited`] read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// Everything, up to the end of the input.
    Whole(Vec<u8>),
    /// The input is binary (a NUL in its first block); reading stopped
    /// after that block, which these bytes are.
    Binary(Vec<u8>),
    /// The input is longer than the cap; reading stopped there.
    TooLarge,
}

/// Reads `reader` to its end, or until it is longer than `cap` bytes; with
/// `stop_at_binary`, stops after the first block when that block holds a NUL.
/// `size_hint` (a regular file's length) only saves reallocations.
pub fn read_limited(
    mut reader: impl Read,
    cap: usize,
    stop_at_binary: bool,
    size_hint: usize,
) -> io::Result<Contents> {
    let probe = BINARY_PROBE_LEN.min(cap.saturating_add(1));
    let mut bytes = Vec::with_capacity(probe);
    (&mut reader).take(probe as u64).read_to_end(&mut bytes)?;
    if stop_at_binary && memchr::memchr(0, &bytes).is_some() {
        return Ok(Contents::Binary(bytes));
    }
    if bytes.len() == probe {
        // Only a hint: growing as reading goes is the fallback.
        let _ = bytes.try_reserve(size_hint.min(cap).saturating_sub(probe).saturating_add(1));
        // One byte past the cap tells a text of exactly `cap` bytes from a longer one.
        let rest = (cap.saturating_add(1) - bytes.len()) as u64;
        reader.take(rest).read_to_end(&mut bytes)?;
    }
    if bytes.len() > cap {
        return Ok(Contents::TooLarge);
    }
    Ok(Contents::Whole(bytes))
}

/// The text of a small file (a configuration, a rule pack, a baseline), read
/// up to [`MAX_SETTINGS_LEN`]; `what` names the kind of file in the error
/// when it is larger ("configuration file").
pub fn read_small_file(path: &Path, what: &str) -> io::Result<String> {
    let file = File::open(path)?;
    let size_hint = file
        .metadata()
        .map_or(0, |metadata| usize::try_from(metadata.len()).unwrap_or(0));
    match read_limited(file, MAX_SETTINGS_LEN, false, size_hint)? {
        Contents::Whole(bytes) | Contents::Binary(bytes) => String::from_utf8(bytes)
            .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error)),
        Contents::TooLarge => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "larger than {} MiB, the most copydesk reads from a {what}",
                MAX_SETTINGS_LEN >> 20
            ),
        )),
    }
}

/// What kind of file `file_type` is, for messages: "a FIFO", "a socket", ...
pub fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endless_input_stops_one_byte_past_the_cap() {
        let endless = io::repeat(b'a');
        assert_eq!(
            read_limited(endless, 100_000, true, 0).unwrap(),
            Contents::TooLarge
        );
    }

    #[test]
    fn no_cap_is_no_overflow() {
        let text = vec![b'a'; BINARY_PROBE_LEN * 2];
        assert_eq!(
            read_limited(&text[..], usize::MAX, true, usize::MAX).unwrap(),
            Contents::Whole(text.clone())
        );
    }

    #[test]
    fn input_of_exactly_the_cap_is_whole() {
        let text = vec![b'a'; 20_000];
        assert_eq!(
            read_limited(&text[..], 20_000, true, 0).unwrap(),
            Contents::Whole(text.clone())
        );
        assert_eq!(
            read_limited(&text[..], 19_999, true, 0).unwrap(),
            Contents::TooLarge
        );
    }

    #[test]
    fn binary_is_known_from_the_first_block_without_reading_on() {
        let endless_zeros = io::repeat(0);
        match read_limited(endless_zeros, usize::MAX - 1, true, 0).unwrap() {
            Contents::Binary(block) => assert_eq!(block.len(), BINARY_PROBE_LEN),
            other => panic!("expected binary, got {other:?}"),
        }
        // A NUL after the first block is left to the caller.
        let mut late = vec![b'a'; BINARY_PROBE_LEN + 10];
        late[BINARY_PROBE_LEN + 5] = 0;
        assert_eq!(
            read_limited(&late[..], 1 << 20, true, 0).unwrap(),
            Contents::Whole(late.clone())
        );
        // Without stopping, the whole binary text is read.
        let short = b"a\0b".to_vec();
        assert_eq!(
            read_limited(&short[..], 1 << 20, false, 0).unwrap(),
            Contents::Whole(short.clone())
        );
    }

    #[test]
    fn small_files_larger_than_the_cap_are_refused() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("big.toml");
        let file = File::create(&path).unwrap();
        file.set_len(MAX_SETTINGS_LEN as u64 + 1).unwrap();
        let error = read_small_file(&path, "configuration file").unwrap_err();
        assert!(error.to_string().contains("larger than 10 MiB"), "{error}");
    }
}
