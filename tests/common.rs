//! Helpers shared by the command-line tests.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// A text with two lost apostrophes.
pub const DAMAGED: &str = "the museum s director said they don t plan to reopen\n";

/// The `copydesk` binary, without colours.
pub fn copydesk() -> Command {
    let mut command = Command::cargo_bin("copydesk").expect("the binary is built");
    command.env("NO_COLOR", "1");
    command
}

/// The JSON array of diagnostics printed on standard output.
pub fn json_of(output: &[u8]) -> Vec<Value> {
    serde_json::from_slice::<Value>(output)
        .expect("stdout is JSON")
        .as_array()
        .expect("a JSON array")
        .clone()
}

/// Writes `contents` to `folder/name`, creating folders as needed.
pub fn write(folder: &Path, name: &str, contents: impl AsRef<[u8]>) {
    let path = folder.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, contents).expect("write test file");
}
