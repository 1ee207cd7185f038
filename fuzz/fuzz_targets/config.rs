//! Parses a copydesk.toml; when it parses, builds the linter it describes and
//! lints a small text with it, checking the diagnostics (see `copydesk_fuzz`).
//! Packs named by the configuration are not read: they would be files on
//! this machine (the pack target fuzzes pack texts).
#![no_main]

use std::collections::BTreeSet;
use std::path::Path;

use copydesk::{Linter, Settings};
use libfuzzer_sys::fuzz_target;

const SAMPLE: &str = "the museum s director said they don t plan to reopen. \
googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });\n\
Caf\u{e9} &amp; bar  <b>bold</b> the the end \u{200b}here.\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut settings) =
        Settings::parse(Path::new("/nonexistent/copydesk.toml"), text.to_owned())
    else {
        return;
    };
    settings.packs.clear();
    let Ok(linter) = Linter::from_settings(&settings) else {
        return;
    };
    let original: BTreeSet<char> = copydesk_fuzz::forbidden_chars(SAMPLE);
    for path in ["/nonexistent/a.txt", "/nonexistent/drafts/b.md"] {
        let diagnostics = linter.lint_path(SAMPLE, Some(Path::new(path)));
        copydesk_fuzz::check_diagnostics(
            &copydesk_fuzz::Context {
                text: SAMPLE,
                original: &original,
                hidden: None,
            },
            &diagnostics,
        );
    }
});
