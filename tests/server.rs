//! `copydesk server` driven over pipes with JSON-RPC, as an editor drives it.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::write;

/// A text with an "é" made of "e" and a combining mark (not NFC), an emoji,
/// a lost apostrophe and a zero-width space: UTF-8 and UTF-16 columns differ.
const TEXT: &str = "A cafe\u{301} \u{1F44D} note: the company s plan\u{200B} is set.\n";
/// `TEXT` with every safe fix applied.
const FIXED: &str = "A caf\u{e9} \u{1F44D} note: the company's plan is set.\n";

/// How long to wait for an answer before failing: generous, for a loaded
/// machine and a debug build.
const PATIENCE: Duration = Duration::from_secs(120);

/// The client side of a running server.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    held: Vec<Value>,
    next_id: i64,
    utf8: bool,
}

impl Client {
    /// Starts the server in `folder` and initializes it, offering UTF-8
    /// positions when `utf8`.
    fn start(folder: &Path, utf8: bool) -> (Self, Value) {
        Self::start_with(folder, utf8, Value::Null)
    }

    /// Starts the server as [`Client::start`] does, with `options` as its
    /// `initializationOptions`; its cache folder is `.cache` in `folder`.
    fn start_with(folder: &Path, utf8: bool, options: Value) -> (Self, Value) {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("copydesk"))
            .arg("server")
            .current_dir(folder)
            .env("XDG_CACHE_HOME", folder.join(".cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Self {
            child,
            stdin,
            incoming,
            held: Vec::new(),
            next_id: 0,
            utf8,
        };
        let encodings = if utf8 {
            json!(["utf-16", "utf-8"])
        } else {
            json!(["utf-16"])
        };
        let root = file_uri(folder);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "workspaceFolders": [{ "uri": root, "name": "test" }],
                "capabilities": { "general": { "positionEncodings": encodings } },
                "initializationOptions": options,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its result.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next_message();
            if message["id"] == json!(id) && message.get("method").is_none() {
                assert!(message.get("error").is_none(), "{method} failed: {message}");
                return message["result"].clone();
            }
            if message.get("id").is_none() {
                self.held.push(message);
            }
        }
    }

    fn next_message(&mut self) -> Value {
        self.incoming
            .recv_timeout(PATIENCE)
            .expect("the server answers in time")
    }

    /// The parameters of the next notification that is `wanted`, holding
    /// the others for later.
    fn notification(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.held.iter().position(&wanted) {
            return self.held.remove(at)["params"].clone();
        }
        loop {
            let message = self.next_message();
            if wanted(&message) {
                return message["params"].clone();
            }
            if message.get("id").is_none() {
                self.held.push(message);
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        self.notification(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
        })
    }

    /// The diagnostics published for `uri` at `version`, skipping older ones.
    fn diagnostics_at(&mut self, uri: &str, version: i64) -> Vec<Value> {
        loop {
            let published = self.diagnostics(uri);
            if published["version"] == json!(version) {
                return published["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": 1, "text": text } }),
        );
    }

    /// The code actions of kind `source.fixAll` for `uri`.
    fn fix_all(&mut self, uri: &str) -> Value {
        self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                "context": { "diagnostics": [], "only": ["source.fixAll"] },
            }),
        )
    }

    /// Sends the text edits `edits` (of one code action) as incremental
    /// changes making `version`: the last first, so that each change's
    /// range is still where the edit meant.
    fn change(&mut self, uri: &str, version: i64, edits: &[Value]) {
        let mut changes: Vec<Value> = edits
            .iter()
            .map(|edit| json!({ "range": edit["range"], "text": edit["newText"] }))
            .collect();
        let start = |change: &Value| {
            let start = &change["range"]["start"];
            (start["line"].as_u64(), start["character"].as_u64())
        };
        changes.sort_by_key(|change| std::cmp::Reverse(start(change)));
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// The next `window/showMessage` notification.
    fn shown_message(&mut self) -> Value {
        self.notification(|message| message["method"] == "window/showMessage")
    }

    /// Byte offset of an LSP position in `text`, in the negotiated encoding;
    /// lines end at `\n`, `\r\n` or a bare `\r`, as the protocol says.
    fn offset(&self, text: &str, position: &Value) -> usize {
        let line = position["line"].as_u64().expect("line") as usize;
        let character = position["character"].as_u64().expect("character") as usize;
        let mut start = 0;
        for _ in 0..line {
            let Some(end) = text[start..].find(['\r', '\n']) else {
                return text.len();
            };
            start += end
                + if text[start + end..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
        }
        let mut units = 0;
        for (at, c) in text[start..].char_indices() {
            if units >= character || c == '\r' || c == '\n' {
                return start + at;
            }
            units += if self.utf8 {
                c.len_utf8()
            } else {
                c.len_utf16()
            };
        }
        text.len()
    }

    /// `text` with the text edits `edits` applied.
    fn apply(&self, text: &str, edits: &[Value]) -> String {
        let mut spans: Vec<(usize, usize, &str)> = edits
            .iter()
            .map(|edit| {
                let range = &edit["range"];
                (
                    self.offset(text, &range["start"]),
                    self.offset(text, &range["end"]),
                    edit["newText"].as_str().expect("newText"),
                )
            })
            .collect();
        spans.sort_by_key(|span| std::cmp::Reverse(span.0));
        let mut text = text.to_owned();
        for (start, end, replacement) in spans {
            text.replace_range(start..end, replacement);
        }
        text
    }

    /// Shuts the server down as an editor does; its exit status.
    fn shutdown(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin);
        wait(&mut self.child)
    }
}

/// Waits for the server to exit, killing it after [`PATIENCE`].
fn wait(child: &mut Child) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("the server did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Reads one framed message; anything else on standard output fails the test.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let value = line
            .strip_prefix("Content-Length: ")
            .unwrap_or_else(|| panic!("not a protocol header on stdout: {line:?}"));
        length = Some(value.parse::<usize>().expect("a length"));
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("a JSON message"))
}

fn file_uri(path: &Path) -> String {
    let path = std::fs::canonicalize(path).expect("canonical path");
    format!("file://{}", path.display().to_string().replace(' ', "%20"))
}

/// A temporary folder with no configuration above it that matters.
fn folder() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

/// Where `piece` starts and ends in `TEXT`, in the negotiated encoding.
fn columns(piece: &str, utf8: bool) -> (usize, usize) {
    let start = TEXT.find(piece).expect("piece in text");
    let count = |bytes: &str| {
        if utf8 {
            bytes.len()
        } else {
            bytes.encode_utf16().count()
        }
    };
    (count(&TEXT[..start]), count(&TEXT[..start + piece.len()]))
}

fn range_of(diagnostic: &Value) -> (u64, u64, u64) {
    let range = &diagnostic["range"];
    (
        range["start"]["line"].as_u64().expect("line"),
        range["start"]["character"].as_u64().expect("character"),
        range["end"]["character"].as_u64().expect("character"),
    )
}

fn with_rule<'a>(diagnostics: &'a [Value], rule: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == rule)
        .unwrap_or_else(|| panic!("a {rule} diagnostic in {diagnostics:?}"))
}

/// The edits of a code action for one document.
fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("edits for {uri} in {action}"))
}

fn round_trip(utf8: bool) {
    let folder = folder();
    write(folder.path(), "notes/a.txt", TEXT);
    let (mut client, initialized) = Client::start(folder.path(), utf8);
    let encoding = if utf8 { "utf-8" } else { "utf-16" };
    assert_eq!(initialized["capabilities"]["positionEncoding"], encoding);
    assert_eq!(
        initialized["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );

    let uri = file_uri(&folder.path().join("notes/a.txt"));
    client.open(&uri, TEXT);
    let diagnostics = client.diagnostics_at(&uri, 1);
    assert_eq!(diagnostics.len(), 3, "{diagnostics:?}");
    let (start, end) = columns("e\u{301}", utf8);
    let combined = with_rule(&diagnostics, "unicode-normalization");
    assert_eq!(range_of(combined), (0, start as u64, end as u64));
    let apostrophe = with_rule(&diagnostics, "lost-apostrophe");
    let (start, end) = columns("company s", utf8);
    assert_eq!(range_of(apostrophe), (0, start as u64, end as u64));
    assert_eq!(apostrophe["severity"], 2, "a warning");
    assert_eq!(apostrophe["source"], "copydesk");
    // The code links to the rule's page, as `copydesk rule NAME` prints it.
    let href = apostrophe["codeDescription"]["href"]
        .as_str()
        .expect("a link to the rule's page");
    let cache = std::fs::canonicalize(folder.path().join(".cache")).expect("the cache folder");
    let page = href
        .strip_prefix(&file_uri(&cache))
        .unwrap_or_else(|| panic!("{href} is not in the cache folder"));
    assert!(page.ends_with("/lost-apostrophe.md"), "{href}");
    let printed = Command::new(assert_cmd::cargo::cargo_bin("copydesk"))
        .args(["rule", "lost-apostrophe"])
        .current_dir(folder.path())
        .output()
        .expect("copydesk rule runs");
    assert_eq!(
        std::fs::read(cache.join(page.trim_start_matches('/'))).expect("the page is there"),
        printed.stdout
    );
    let invisible = with_rule(&diagnostics, "invisible-character");
    let (start, end) = columns("\u{200B}", utf8);
    assert_eq!(range_of(invisible), (0, start as u64, end as u64));

    // The fix of the lost apostrophe, preferred, and a suppression comment.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": apostrophe["range"],
            "context": { "diagnostics": [apostrophe] },
        }),
    );
    let actions = actions.as_array().expect("actions");
    let restore = actions
        .iter()
        .find(|action| action["title"] == "restore apostrophe")
        .unwrap_or_else(|| panic!("a fix in {actions:?}"));
    assert_eq!(restore["isPreferred"], true);
    assert_eq!(restore["kind"], "quickfix");
    let repaired = client.apply(TEXT, &edits_of(restore, &uri));
    assert!(
        repaired.contains("the company's plan\u{200B}"),
        "{repaired:?}"
    );
    assert!(actions
        .iter()
        .any(|action| action["title"] == "disable lost-apostrophe for this line"));

    // Hover over the diagnostic shows the rule's page.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": apostrophe["range"]["start"] }),
    );
    let page = hover["contents"]["value"].as_str().expect("markdown");
    assert!(page.starts_with("# lost-apostrophe"), "{page}");

    // Fix all safe problems, sent back as an incremental change.
    let fix_all = client.fix_all(&uri);
    let fix_all = &fix_all.as_array().expect("actions")[0];
    assert_eq!(fix_all["kind"], "source.fixAll.copydesk");
    let edits = edits_of(fix_all, &uri);
    assert_eq!(client.apply(TEXT, &edits), FIXED);
    client.change(&uri, 2, &edits);
    assert_eq!(client.diagnostics_at(&uri, 2), Vec::<Value>::new());

    assert!(client.shutdown().success(), "exit code 0");
}

#[test]
fn diagnostics_fixes_and_edits_in_utf16() {
    round_trip(false);
}

#[test]
fn diagnostics_fixes_and_edits_in_utf8() {
    round_trip(true);
}

#[test]
fn disabling_a_rule_for_a_line_inserts_a_comment_the_linter_reads() {
    let folder = folder();
    let (mut client, _) = Client::start(folder.path(), false);
    let uri = file_uri(folder.path()) + "/b.md";
    let text = format!("# Notes\n\n{TEXT}");
    client.open(&uri, &text);
    let diagnostics = client.diagnostics_at(&uri, 1);
    let apostrophe = with_rule(&diagnostics, "lost-apostrophe");
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": apostrophe["range"],
            "context": { "diagnostics": [apostrophe], "only": ["quickfix"] },
        }),
    );
    let disable = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|action| action["title"] == "disable lost-apostrophe for this line")
        .expect("a disable action")
        .clone();
    let edits = edits_of(&disable, &uri);
    let disabled = client.apply(&text, &edits);
    assert_eq!(
        disabled,
        format!("# Notes\n\n<!-- copydesk-disable-next-line lost-apostrophe -->\n{TEXT}")
    );
    client.change(&uri, 2, &edits);
    let rules: Vec<Value> = client
        .diagnostics_at(&uri, 2)
        .iter()
        .map(|diagnostic| diagnostic["code"].clone())
        .collect();
    assert_eq!(
        rules,
        [json!("unicode-normalization"), json!("invisible-character")]
    );
    assert!(client.shutdown().success());
}

#[test]
fn a_broken_configuration_is_a_diagnostic_on_its_file_until_repaired() {
    let folder = folder();
    write(
        folder.path(),
        "copydesk.toml",
        "select = [\"artefact\"]\nignroe = [\"x\"]\n",
    );
    let (mut client, _) = Client::start(folder.path(), false);
    let uri = file_uri(folder.path()) + "/a.txt";
    let config = file_uri(folder.path()) + "/copydesk.toml";
    client.open(&uri, TEXT);
    assert_eq!(client.diagnostics_at(&uri, 1), Vec::<Value>::new());
    let published = client.diagnostics(&config);
    let problem = &published["diagnostics"][0];
    assert_eq!(problem["severity"], 1, "an error");
    assert_eq!(range_of(problem), (1, 0, 6), "{problem}");
    assert!(problem["message"]
        .as_str()
        .expect("message")
        .contains("unknown field"));

    write(folder.path(), "copydesk.toml", "ignore = [\"encoding\"]\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config, "type": 2 }] }),
    );
    assert_eq!(client.diagnostics(&config)["diagnostics"], json!([]));
    let rules: Vec<Value> = client
        .diagnostics_at(&uri, 1)
        .iter()
        .map(|diagnostic| diagnostic["code"].clone())
        .collect();
    assert_eq!(rules, [json!("lost-apostrophe")]);
    assert!(client.shutdown().success());
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let folder = folder();
    let (mut client, _) = Client::start(folder.path(), false);
    client.notify("exit", Value::Null);
    assert_eq!(wait(&mut client.child).code(), Some(1));
}

/// The rules of the diagnostics published for `uri` at `version`.
fn rules_at(client: &mut Client, uri: &str, version: i64) -> Vec<Value> {
    client
        .diagnostics_at(uri, version)
        .iter()
        .map(|diagnostic| diagnostic["code"].clone())
        .collect()
}

#[test]
fn editor_options_lay_over_the_configuration() {
    let folder = folder();
    write(
        folder.path(),
        "copydesk.toml",
        "ignore = [\"unicode-normalization\"]\n",
    );
    let options = json!({ "ignore": ["invisible-character"], "unsafeFixes": true });
    let (mut client, _) = Client::start_with(folder.path(), false, options);
    let uri = file_uri(folder.path()) + "/a.txt";
    client.open(&uri, TEXT);
    // The file ignores one rule, the options another.
    assert_eq!(rules_at(&mut client, &uri, 1), [json!("lost-apostrophe")]);
    let fix_all = client.fix_all(&uri);
    assert_eq!(
        fix_all[0]["title"], "fix all problems, unsafe fixes included",
        "{fix_all}"
    );

    // New settings replace the options; the file's `ignore` stays.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "copydesk": { "select": ["encoding"] } } }),
    );
    assert_eq!(
        rules_at(&mut client, &uri, 1),
        [json!("invisible-character")]
    );

    // Settings that say nothing change nothing; invalid ones are shown and
    // leave the options as they were.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": {} }),
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "copydesk": { "selct": ["encoding"] } } }),
    );
    let shown = client.shown_message();
    assert_eq!(shown["type"], 1, "an error");
    let message = shown["message"].as_str().expect("message");
    assert!(message.contains("unknown field `selct`"), "{message}");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(hover, Value::Null, "the server still answers");

    // A rule that does not exist: shown once, and the file linted without
    // the options.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "copydesk": { "ignore": ["no-such-rule"] } } }),
    );
    let shown = client.shown_message();
    let message = shown["message"].as_str().expect("message");
    assert!(
        message.contains("unknown rule or category \"no-such-rule\""),
        "{message}"
    );
    assert_eq!(
        rules_at(&mut client, &uri, 1),
        [json!("lost-apostrophe"), json!("invisible-character")]
    );
    assert!(client.shutdown().success());
}

#[test]
fn invalid_initialization_options_are_shown_and_ignored() {
    let folder = folder();
    let (mut client, _) = Client::start_with(folder.path(), false, json!({ "ignore": "encoding" }));
    let shown = client.shown_message();
    assert_eq!(shown["type"], 1, "an error");
    let message = shown["message"].as_str().expect("message");
    assert!(message.contains("initializationOptions"), "{message}");
    let uri = file_uri(folder.path()) + "/a.txt";
    client.open(&uri, TEXT);
    assert_eq!(client.diagnostics_at(&uri, 1).len(), 3);
    assert!(client.shutdown().success());
}

/// Lines ending in a bare `\r` and in `\r\n`, with an emoji and a
/// combining mark before the lost apostrophe.
const CR_TEXT: &str =
    "Intro\u{1F44D}\rA cafe\u{301} note: the company s plan.\r\nNext.\rLast one.\r\n";

fn bare_carriage_returns(utf8: bool) {
    let folder = folder();
    let (mut client, _) = Client::start(folder.path(), utf8);
    let uri = file_uri(folder.path()) + "/cr.txt";
    client.open(&uri, CR_TEXT);
    let diagnostics = client.diagnostics_at(&uri, 1);
    let apostrophe = with_rule(&diagnostics, "lost-apostrophe");
    let line = &CR_TEXT[CR_TEXT.find('\r').expect("a CR") + 1..];
    let count = |text: &str| {
        if utf8 {
            text.len()
        } else {
            text.encode_utf16().count()
        }
    };
    let start = count(&line[..line.find("company s").expect("the word")]);
    let end = start + "company s".len();
    assert_eq!(range_of(apostrophe), (1, start as u64, end as u64));
    let normalization = with_rule(&diagnostics, "unicode-normalization");
    assert_eq!(range_of(normalization).0, 1);

    // The fixes, sent back as incremental changes, land on the right line.
    let fix_all = client.fix_all(&uri);
    let edits = edits_of(&fix_all[0], &uri);
    let fixed = client.apply(CR_TEXT, &edits);
    assert_eq!(
        fixed,
        "Intro\u{1F44D}\rA caf\u{e9} note: the company's plan.\r\nNext.\rLast one.\r\n"
    );
    client.change(&uri, 2, &edits);
    assert_eq!(client.diagnostics_at(&uri, 2), Vec::<Value>::new());
    // A change on the third line, between a `\r\n` and a bare `\r`: "Next."
    // becomes "the the."
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 3 },
            "contentChanges": [{
                "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 4 } },
                "text": "the the",
            }],
        }),
    );
    let diagnostics = client.diagnostics_at(&uri, 3);
    let repeated = with_rule(&diagnostics, "repeated-word");
    assert_eq!(range_of(repeated).0, 2, "{repeated}");
    assert!(client.shutdown().success());
}

#[test]
fn bare_carriage_returns_end_lines_in_utf16() {
    bare_carriage_returns(false);
}

#[test]
fn bare_carriage_returns_end_lines_in_utf8() {
    bare_carriage_returns(true);
}

/// A scraped page of about 5 MB on one line: lowercased, without
/// punctuation, with lost apostrophes.
fn five_megabyte_line() -> String {
    let words = [
        "the",
        "council",
        "said",
        "its",
        "plan",
        "for",
        "harbour",
        "would",
        "go",
        "ahead",
        "after",
        "long",
        "review",
        "of",
        "costs",
        "and",
        "views",
        "residents",
        "who",
        "asked",
    ];
    let mut text = String::with_capacity(5_100_000);
    let mut state: u32 = 12345;
    let mut count = 0;
    while text.len() < 5_000_000 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        count += 1;
        let word = if count % 97 == 0 {
            "company s"
        } else {
            words[(state >> 16) as usize % words.len()]
        };
        text.push_str(word);
        text.push(' ');
    }
    text.push('\n');
    text
}

#[test]
fn a_five_megabyte_line_stays_responsive() {
    let folder = folder();
    let (mut client, _) = Client::start(folder.path(), false);
    let uri = file_uri(folder.path()) + "/big.txt";
    let text = five_megabyte_line();

    let start = Instant::now();
    client.open(&uri, &text);
    // A request right behind the open is answered while the lint runs.
    client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 10 } }),
    );
    let answered = start.elapsed();
    let diagnostics = client.diagnostics_at(&uri, 1);
    let linted = start.elapsed();
    println!(
        "5 MB line: a request answered after {answered:?}; {} diagnostics published after {linted:?}",
        diagnostics.len()
    );
    assert!(!diagnostics.is_empty());
    // Machines are noisy and this is a debug build: only a generous bound.
    assert!(answered < Duration::from_secs(10), "{answered:?}");

    // Two quick edits: the first lint is cancelled, the second published.
    for version in [2, 3] {
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 3 } },
                    "text": "The",
                }],
            }),
        );
    }
    let edited = Instant::now();
    let diagnostics = client.diagnostics_at(&uri, 3);
    println!(
        "5 MB line: diagnostics of an edit published after {:?}",
        edited.elapsed()
    );
    assert!(!diagnostics.is_empty());
    assert!(client.shutdown().success());
}
