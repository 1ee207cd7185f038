//! Fixes a text to a fixed point and checks every pass, the fixed point and
//! that fixing again is a no-op (see `copydesk_fuzz`). The first byte picks
//! safe or unsafe fixes (bit 0) and plain text or Markdown (bit 1).
#![no_main]

use copydesk::Applicability;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let level = if mode & 1 == 0 {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    let fixed = copydesk_fuzz::fix_checked(text, mode & 2 != 0, level);
    // A String is valid UTF-8 by construction; say so where a reader looks.
    assert!(std::str::from_utf8(fixed.as_bytes()).is_ok());
});
