//! Lints a text with every default rule, as plain text and as Markdown, and
//! checks every span and edit (see `copydesk_fuzz`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        copydesk_fuzz::lint_checked(text);
    }
});
