//! Corpus mode (issue 14): JSON Lines in and out, through the library and
//! the command line. Fixtures are generated here, small.
//!
//! See: issue 14 ("Corpus mode: JSON Lines in and out").

use std::fs;
use std::io::{self, Read, Write};

use predicates::prelude::*;
use proptest::prelude::*;
use serde_json::Value;

use copydesk::check::{self, ConfigSource, FileReport, FixMode, Request};
use copydesk::corpus::{decompressed, Compression, CorpusOptions, Encoder, InputFormat};
use copydesk::output::{RunInfo, Sink};
use copydesk::walk::Input;
use copydesk::{Applicability, Error, Linter, Selection};

use crate::common::{copydesk, json_of, write};

/// A corpus of three records and two bad lines.
const CORPUS: &str = concat!(
    r#"{"id": "a-1", "url": "https://example.org/1", "text": "the museum s director said they don t plan to reopen", "score": 1.50}"#,
    "\n",
    r#"{"id": 2, "text": "Nothing to see here.", "meta": {"text": "don t touch"}}"#,
    "\n",
    "this is not json\n",
    r#"{"id": 4, "body": "no text field"}"#,
    "\n",
    r#"{"text": "caf\u00e9 s owner said it s fine\n", "lang": "en"}"#,
    "\n",
);

/// [`CORPUS`] with its safe fixes applied: these bytes change, no others
/// (the `\u00e9` escape stays an escape).
fn fixed() -> String {
    CORPUS
        .replace("museum s director", "museum's director")
        .replace("don t plan", "don't plan")
        .replace(
            "caf\\u00e9 s owner said it s",
            "caf\\u00e9's owner said it's",
        )
}

/// Collects reports, errors and the corpus written back to the sink, and
/// the run's progress as each report arrives.
#[derive(Default)]
struct Collector {
    reports: Vec<FileReport>,
    errors: Vec<String>,
    corpus: Vec<u8>,
    run: RunInfo,
    /// Bytes of the corpora read when each report arrived.
    read_at_report: Vec<u64>,
}

impl Sink for Collector {
    fn begin(&mut self, run: &RunInfo) -> io::Result<()> {
        self.run = run.clone();
        Ok(())
    }

    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.reports.push(report.clone());
        self.read_at_report.push(self.run.corpus_read.get());
        Ok(())
    }

    fn corpus_output(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.corpus.extend_from_slice(bytes);
        Ok(())
    }

    fn error(&mut self, error: Error) -> io::Result<()> {
        self.errors.push(error.to_string());
        Ok(())
    }
}

/// Runs the library over `bytes` read as JSON Lines in memory.
fn run_in_memory(bytes: &[u8], fix: FixMode, threads: usize) -> (Collector, check::Summary) {
    let request = Request {
        inputs: vec![Input::Text {
            name: None,
            bytes: bytes.to_vec(),
        }],
        config: ConfigSource::Isolated,
        fix,
        threads: Some(threads),
        corpus: CorpusOptions {
            input_format: Some(InputFormat::Jsonl),
            ..CorpusOptions::default()
        },
        ..Request::default()
    };
    let mut collector = Collector::default();
    let summary = check::run(&request, &mut collector).expect("the run goes on");
    (collector, summary)
}

/// The standard output of `copydesk check ARGS PATH` with `stdin`, which
/// exits with `code`.
fn stdout_of(args: &[&str], path: &std::path::Path, code: i32, stdin: &str) -> Vec<u8> {
    copydesk()
        .arg("check")
        .args(args)
        .arg(path)
        .write_stdin(stdin)
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone()
}

fn compress(text: &[u8], compression: Compression) -> Vec<u8> {
    let mut encoder = Encoder::new(Vec::new(), compression).unwrap();
    encoder.write_all(text).unwrap();
    encoder.finish().unwrap()
}

fn decompress(bytes: &[u8]) -> (String, Compression) {
    let (mut reader, compression) = decompressed(bytes).unwrap();
    let mut text = String::new();
    reader.read_to_string(&mut text).unwrap();
    (text, compression)
}

/// For every fixture, linting its text as a record gives the diagnostics
/// (same spans) of linting the file, less the file's missing final newline.
#[test]
fn every_fixture_as_a_record_gives_the_diagnostics_of_the_file() {
    let linter = Linter::new(&Selection::default()).unwrap();
    let mut texts = Vec::new();
    for folder in fs::read_dir("fixtures").unwrap() {
        for file in fs::read_dir(folder.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let name = path.to_string_lossy().into_owned();
            if name.ends_with(".txt") && !name.contains("fixed") {
                texts.push(fs::read_to_string(&path).unwrap());
            }
        }
    }
    texts.sort();
    assert!(texts.len() > 50, "{} fixtures", texts.len());
    let corpus: String = texts
        .iter()
        .map(|text| format!("{}\n", serde_json::json!({ "text": text })))
        .collect();
    let (collector, summary) = run_in_memory(corpus.as_bytes(), FixMode::Report, 2);
    assert!(!summary.failed, "{:?}", collector.errors);
    assert_eq!(collector.reports.len(), texts.len());
    for (text, report) in texts.iter().zip(&collector.reports) {
        let mut expected = linter.lint(text);
        expected
            .retain(|diagnostic| diagnostic.message != "missing newline at the end of the file");
        assert_eq!(report.diagnostics, expected, "in {text:?}");
    }
}

#[test]
fn a_record_needs_no_final_newline_and_a_fix_adds_none() {
    let line = b"{\"text\": \"the museum s director  said so\"}";
    let (collector, _) = run_in_memory(line, FixMode::Write(Applicability::Safe), 1);
    let rules: Vec<&str> = collector.reports[0]
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(rules.is_empty(), "{rules:?}");
    assert_eq!(
        String::from_utf8(collector.corpus).unwrap(),
        "{\"text\": \"the museum's director said so\"}"
    );
}

#[test]
fn records_are_reported_in_order_with_their_line_and_id_and_bad_lines_are_errors() {
    let (collector, summary) = run_in_memory(CORPUS.as_bytes(), FixMode::Report, 2);
    assert!(summary.failed);
    assert_eq!(summary.records_checked, 3);
    assert_eq!(summary.problems(), 4);
    let names: Vec<String> = collector
        .reports
        .iter()
        .map(|report| report.display_name().into_owned())
        .collect();
    assert_eq!(names, ["-:1[a-1]", "-:2[2]", "-:5[]"]);
    assert_eq!(
        collector.errors,
        [
            "-:3: not a JSON object (not JSON); line left as it is",
            "-:4: no field \"text\"; line left as it is"
        ]
    );
    // Spans index into the record's text.
    let first = &collector.reports[0];
    let span = first.diagnostics[0].span;
    assert_eq!(&first.text[span.range()], "museum s");
}

#[test]
fn fixing_in_memory_writes_every_line_back_in_order() {
    let (collector, summary) =
        run_in_memory(CORPUS.as_bytes(), FixMode::Write(Applicability::Safe), 2);
    assert_eq!(String::from_utf8(collector.corpus).unwrap(), fixed());
    assert_eq!(summary.fixes, 4);
    assert_eq!(summary.records_fixed, 2);
}

#[test]
fn many_batches_give_the_same_output_with_one_thread_or_two() {
    let mut corpus = String::new();
    for index in 0..8000 {
        let text = if index % 5 == 0 {
            format!("record {index}: the museum s director said they don t know")
        } else {
            let sentences: Vec<String> = (0..index % 17)
                .map(|k| format!("Sentence {k} of record {index} is clean."))
                .collect();
            format!("Record {index} is clean. {}", sentences.join(" "))
        };
        corpus.push_str(&serde_json::json!({ "id": index, "text": text }).to_string());
        corpus.push('\n');
    }
    assert!(
        corpus.len() > 1 << 20,
        "{} bytes: more than one batch",
        corpus.len()
    );
    let fix = FixMode::Write(Applicability::Safe);
    let (one, one_summary) = run_in_memory(corpus.as_bytes(), fix, 1);
    let (two, two_summary) = run_in_memory(corpus.as_bytes(), fix, 2);
    assert_eq!(one.reports, two.reports);
    assert_eq!(one.corpus, two.corpus);
    assert_eq!(one_summary, two_summary);
    assert!(one_summary.records_fixed >= 1600);
    let lines: Vec<&str> = std::str::from_utf8(&two.corpus).unwrap().lines().collect();
    assert_eq!(lines.len(), 8000);
    assert!(lines[5].contains("museum's director"), "{}", lines[5]);
}

#[test]
fn compressed_corpora_round_trip_under_fix() {
    for (name, compression) in [
        ("c.jsonl.gz", Compression::Gzip),
        ("c.ndjson.zst", Compression::Zstd),
    ] {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join(name);
        fs::write(&path, compress(CORPUS.as_bytes(), compression)).unwrap();
        copydesk()
            .args(["check", "--fix"])
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "{name}:3: not a JSON object"
            )))
            .stderr(predicate::str::contains("fixed 4 problems in 2 records"));
        let (text, found) = decompress(&fs::read(&path).unwrap());
        assert_eq!(found, compression, "{name}");
        assert_eq!(text, fixed(), "{name}");
        // Nothing left beside it.
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
    }
}

#[test]
fn a_clean_corpus_is_not_rewritten() {
    let folder = tempfile::tempdir().unwrap();
    let clean = "{\"text\": \"Nothing to see here.\"}\n";
    write(folder.path(), "c.jsonl", clean);
    let path = folder.path().join("c.jsonl");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    copydesk()
        .args(["check", "--fix"])
        .arg(&path)
        .assert()
        .code(0);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
}

#[test]
fn standard_input_is_fixed_to_standard_output_compressed_as_it_came() {
    copydesk()
        .args(["check", "--fix", "--input-format", "jsonl", "-"])
        .write_stdin(CORPUS)
        .assert()
        .code(2)
        .stdout(fixed());
    let output = copydesk()
        .args(["check", "--fix", "--input-format", "jsonl", "-"])
        .write_stdin(compress(CORPUS.as_bytes(), Compression::Zstd))
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    assert_eq!(decompress(&output), (fixed(), Compression::Zstd));
}

#[test]
fn diagnostics_name_the_record_in_every_format() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "c.jsonl", CORPUS);
    let path = folder.path().join("c.jsonl");
    let shown = path.display().to_string();
    let diagnostics = json_of(&stdout_of(&["--output-format", "json"], &path, 2, ""));
    assert_eq!(diagnostics.len(), 4);
    assert_eq!(
        diagnostics[0]["record"],
        serde_json::json!({"line": 1, "id": "a-1"})
    );
    assert_eq!(
        diagnostics[0]["span"],
        serde_json::json!({"start": 4, "end": 12})
    );
    assert_eq!(
        diagnostics[3]["record"],
        serde_json::json!({"line": 5, "id": null})
    );
    assert_eq!(diagnostics[3]["range"]["start"]["column"], 19);

    copydesk()
        .args(["check", "--output-format", "concise"])
        .arg(&path)
        .assert()
        .code(2)
        .stdout(predicate::str::starts_with(format!(
            "{shown}:1[a-1]:1:5: lost-apostrophe [*]"
        )))
        .stdout(predicate::str::contains(format!(
            "{shown}:5[]:1:19: lost-apostrophe"
        )));
    copydesk()
        .arg("check")
        .arg(&path)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(format!("[{shown}:1[a-1]:1:5]")))
        .stdout(predicate::str::contains("4 problems in 2 records"));
    let sarif = stdout_of(&["--output-format", "sarif"], &path, 2, "");
    let sarif: Value = serde_json::from_slice(&sarif).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(
        result["properties"]["record"],
        serde_json::json!({"line": 1, "id": "a-1"})
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    assert!(result.get("fixes").is_none());
}

#[test]
fn custom_fields_and_a_summary_field() {
    let corpus = concat!(
        r#"{"doc": "x", "content": "they don t know", "text": "the museum s"}"#,
        "\n",
        r#"{"content": "A clean line.", "stats": {"old": true}}"#,
        "\n",
    );
    let output = copydesk()
        .args([
            "check",
            "--input-format",
            "jsonl",
            "--text-field",
            "content",
        ])
        .args([
            "--id-field",
            "doc",
            "--add-field",
            "stats",
            "--output-format",
            "json",
            "-",
        ])
        .write_stdin(corpus)
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        concat!(
            r#"{"doc": "x", "content": "they don t know", "text": "the museum s","stats":{"findings":{"lost-apostrophe":1},"bytes":15,"bytes_removed":0}}"#,
            "\n",
            r#"{"content": "A clean line.", "stats": {"findings":{},"bytes":13,"bytes_removed":0}}"#,
            "\n",
        )
    );
    let diagnostics = json_of(&output.stderr);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        diagnostics[0]["record"],
        serde_json::json!({"line": 1, "id": "x"})
    );

    // With --fix, bytes_removed counts what the fixes took out.
    let folder = tempfile::tempdir().unwrap();
    write(
        folder.path(),
        "c.jsonl",
        "{\"text\": \"The plan  stands. It is good. \"}\n",
    );
    let path = folder.path().join("c.jsonl");
    copydesk()
        .args(["check", "--fix", "--add-field", "copydesk"])
        .arg(&path)
        .assert()
        .code(0);
    let line: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(line["text"], "The plan stands. It is good.");
    assert_eq!(
        line["copydesk"],
        serde_json::json!({"findings": {"whitespace": 2}, "bytes": 30, "bytes_removed": 2})
    );
}

#[test]
fn add_field_without_a_place_to_write_is_a_usage_error() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "c.jsonl", CORPUS);
    copydesk()
        .args(["check", "--add-field", "copydesk"])
        .arg(folder.path().join("c.jsonl"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--add-field copydesk writes records back",
        ));
    copydesk()
        .args(["check", "--fix", "--add-field", "text", "-"])
        .write_stdin(CORPUS)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("must not be the text field"));
}

#[test]
fn folders_include_corpora_and_text_files_alike() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a.txt", "the museum s director\n");
    write(
        folder.path(),
        "b/part.jsonl.gz",
        compress(b"{\"text\": \"they don t know\"}\n", Compression::Gzip),
    );
    write(folder.path(), "c.json", "{\"text\": \"they don t know\"}\n");
    let output = stdout_of(&["--output-format", "concise"], folder.path(), 1, "");
    let output = String::from_utf8(output).unwrap();
    assert_eq!(output.lines().count(), 2, "{output}");
    assert!(output.contains("a.txt:1:5: lost-apostrophe"), "{output}");
    assert!(
        output.contains("part.jsonl.gz:1[]:1:6: lost-apostrophe"),
        "{output}"
    );
}

/// Runs `check ARGS PATHS`, which must fail saying `message`.
fn fails_with(args: &[&str], paths: &[&std::path::Path], message: &str) {
    copydesk()
        .arg("check")
        .args(args)
        .args(paths)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(message));
}

#[cfg(unix)]
#[test]
fn a_read_only_corpus_is_not_fixed() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "c.jsonl", CORPUS);
    let path = folder.path().join("c.jsonl");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    fails_with(&["--fix"], &[&path], "read-only file");
    assert_eq!(fs::read_to_string(&path).unwrap(), CORPUS);
}

#[test]
fn a_corrupt_compressed_corpus_is_an_error_and_left_untouched() {
    let folder = tempfile::tempdir().unwrap();
    let mut bytes = compress(CORPUS.repeat(50).as_bytes(), Compression::Gzip);
    let middle = bytes.len() / 2;
    bytes.truncate(middle);
    write(folder.path(), "c.jsonl.gz", &bytes);
    let path = folder.path().join("c.jsonl.gz");
    fails_with(&["--fix"], &[&path], "reading failed");
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
}

/// A JSON value for the fields around the text: any shape, keys that may
/// look like the text field inside nested objects.
fn other_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "[a-z \"\\\\é😀\u{1}]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("(text|id|[a-z]{1,4})", inner, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Damaged and clean pieces of text.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("the museum s director"),
        Just("they don t know"),
        Just("The plan stands."),
        Just("a  gap"),
        Just("the the end"),
        Just("caf\u{e9} \u{201c}quoted\u{201d}"),
        Just("\n"),
        Just("\\ \" \t"),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Fixing a corpus changes only the text fields: every line stays, in
    /// order, and is byte for byte what it was around the text field's
    /// string (other fields, their values, keys, order and spacing).
    #[test]
    fn fixing_changes_only_the_text_fields(
        records in prop::collection::vec(
            (prop::collection::vec(("[a-z]{1,5}", other_value()), 0..4), text(), 0usize..4),
            1..8,
        )
    ) {
        let mut corpus = String::new();
        // Each line as the bytes before and after the text's literal.
        let mut around = Vec::new();
        for (fields, text, text_at) in &records {
            let mut pairs: Vec<String> = Vec::new();
            let mut keys = std::collections::BTreeSet::new();
            for (key, value) in fields {
                if key != "text" && keys.insert(key.clone()) {
                    pairs.push(format!("{}: {}", serde_json::to_string(key).unwrap(), value));
                }
            }
            let at = (*text_at).min(pairs.len());
            let before = pairs[..at].iter().map(|pair| format!("{pair}, ")).collect::<String>();
            let after = pairs[at..].iter().map(|pair| format!(", {pair}")).collect::<String>();
            let prefix = format!("{{ {before}\"text\": ");
            let suffix = format!("{after} }}");
            corpus.push_str(&format!("{prefix}{}{suffix}\n", serde_json::to_string(text).unwrap()));
            around.push((prefix, suffix));
        }
        let (collector, summary) =
            run_in_memory(corpus.as_bytes(), FixMode::Write(Applicability::Unsafe), 2);
        prop_assert!(!summary.failed, "{:?}", collector.errors);
        prop_assert_eq!(collector.reports.len(), records.len());
        let fixed = String::from_utf8(collector.corpus).unwrap();
        let expected: String = around
            .iter()
            .zip(&collector.reports)
            .map(|((prefix, suffix), report)| {
                format!("{prefix}{}{suffix}\n", serde_json::to_string(&report.text).unwrap())
            })
            .collect();
        prop_assert_eq!(fixed, expected);
        // Lines whose text did not change are the lines as they were.
        for ((_, text, _), report) in records.iter().zip(&collector.reports) {
            prop_assert_eq!(report.fixed.is_empty(), text == &report.text);
        }
    }
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_kept() {
    let corpus = "\u{feff}{\"text\": \"they don t know\"}\r\n{\"text\": \"ok\"}\r\n";
    let (collector, summary) =
        run_in_memory(corpus.as_bytes(), FixMode::Write(Applicability::Safe), 1);
    assert!(!summary.failed, "{:?}", collector.errors);
    assert_eq!(
        String::from_utf8(collector.corpus).unwrap(),
        "\u{feff}{\"text\": \"they don't know\"}\r\n{\"text\": \"ok\"}\r\n"
    );
}

#[test]
fn output_writes_the_corpus_elsewhere_and_leaves_the_input() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "c.jsonl", CORPUS);
    let input = folder.path().join("c.jsonl");
    let output = folder.path().join("out/annotated.jsonl.gz");
    fs::create_dir(folder.path().join("out")).unwrap();
    copydesk()
        .args(["check", "--add-field", "copydesk", "--output"])
        .arg(&output)
        .arg(&input)
        .assert()
        .code(2);
    assert_eq!(fs::read_to_string(&input).unwrap(), CORPUS);
    let (text, compression) = decompress(&fs::read(&output).unwrap());
    assert_eq!(compression, Compression::Gzip);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    let first: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(
        first["text"],
        "the museum s director said they don t plan to reopen"
    );
    assert_eq!(first["copydesk"]["findings"]["lost-apostrophe"], 2);
    assert_eq!(lines[2], "this is not json");

    // Several corpora (c, d, and the output itself) cannot go to one file.
    write(folder.path(), "d.jsonl", CORPUS);
    fails_with(
        &["--fix", "--output"],
        &[&output, folder.path()],
        "the inputs hold 3 JSON Lines corpora",
    );
}

#[test]
fn statistics_on_a_corpus_count_documents_and_bytes_per_rule() {
    let corpus = concat!(
        "{\"text\": \"the museum s director said they don t plan\"}\n",
        "{\"text\": \"The plan  stands.\"}\n",
        "{\"text\": \"they don t know\"}\n",
    );
    let output = stdout_of(
        &["--statistics", "--input-format", "jsonl"],
        std::path::Path::new("-"),
        1,
        corpus,
    );
    let output = String::from_utf8(output).unwrap();
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(
        lines[..3],
        [
            " problems  documents    fixable  bytes removed  rule",
            "        3          2          3              0  lost-apostrophe",
            "        1          1          1              1  whitespace",
        ],
        "{output}"
    );
    assert!(lines[3].starts_with("3 documents, 0.0 MB in "), "{output}");
    assert!(lines[3].ends_with(" MB/s"), "{output}");
}

#[test]
fn diff_shows_the_corpus_lines_as_fix_writes_them() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "c.jsonl", CORPUS);
    let path = folder.path().join("c.jsonl");
    let diff = String::from_utf8(stdout_of(&["--diff"], &path, 2, "")).unwrap();
    let name = path.display();
    let expected: String = [(1, 0), (5, 4)]
        .iter()
        .map(|&(number, index)| {
            let old = CORPUS.lines().nth(index).unwrap();
            let new = fixed().lines().nth(index).unwrap().to_owned();
            format!("--- a/{name}\n+++ b/{name}\n@@ -{number} +{number} @@\n-{old}\n+{new}\n")
        })
        .collect();
    assert_eq!(diff, expected);
    assert_eq!(fs::read_to_string(&path).unwrap(), CORPUS);
}

/// The chrome line of [`chrome_corpus`].
const CHROME: &str =
    "Listen to the Valley Briefing podcast every weekday morning on your way to work";

/// Twenty generated documents of varied prose, each with [`CHROME`] on a
/// line of its own (first, in the middle or last), as JSON Lines; and the
/// same corpus without the chrome line, as `--fix --unsafe-fixes` should
/// write it.
fn chrome_corpus() -> (String, String) {
    const SUBJECTS: [&str; 5] = [
        "council",
        "harbour board",
        "rowing club",
        "choir",
        "library",
    ];
    const VERBS: [&str; 4] = ["approved", "postponed", "debated", "welcomed"];
    const OBJECTS: [&str; 6] = [
        "a plan for cycle lanes",
        "the sale of the old depot",
        "longer opening hours",
        "a festival in the square",
        "repairs to the sea wall",
        "a grant for new instruments",
    ];
    let mut corpus = String::new();
    let mut fixed = String::new();
    for index in 0..20 {
        let lines: Vec<String> = (0..3 + index % 3)
            .map(|k| {
                format!(
                    "In {}, the {} {} {} after {} meetings.",
                    1950 + index * 3 + k,
                    SUBJECTS[(index + k) % 5],
                    VERBS[(index * 3 + k) % 4],
                    OBJECTS[(index + 2 * k) % 6],
                    k + 2
                )
            })
            .collect();
        let at = match index % 3 {
            0 => 0,
            1 => lines.len() / 2,
            _ => lines.len(),
        };
        let mut with_chrome = lines.clone();
        with_chrome.insert(at, CHROME.to_owned());
        let record = |lines: &[String]| {
            format!(
                "{}\n",
                serde_json::json!({ "id": format!("doc-{index}"), "text": lines.join("\n") })
            )
        };
        corpus.push_str(&record(&with_chrome));
        fixed.push_str(&record(&lines));
    }
    (corpus, fixed)
}

/// Twenty short documents of well-edited prose, written for this test, as
/// JSON Lines: house style repeats a few short phrases, never a line.
fn well_edited_corpus() -> String {
    const DOCUMENTS: [&str; 20] = [
        "The botanic garden has reopened its glasshouse after a two-year restoration.\nVisitors can again walk beneath the palms, which were moved to a nursery while the iron frame was repaired.",
        "A quiet revolution is under way in the county's dairies.\nFarmers who once sold all their milk to a single buyer now bottle some of it themselves and sell it from vending machines at the farm gate.",
        "The city's oldest bookshop changed hands this week.\nIts new owners, two former teachers, say they will keep the creaking floorboards and the cat.",
        "Engineers have begun the delicate job of lifting the Victorian footbridge from its piers.\nIt will be restored off site and returned in the spring.",
        "Rainfall in March was the highest since records began in 1871, according to the observatory.\nSeveral low-lying roads were closed for days, and the river burst its banks twice.",
        "The youth orchestra's tour of northern Spain ended with a standing ovation in Burgos.\nIts conductor, who founded the orchestra thirty years ago, will retire in the autumn.",
        "Plans to turn the disused signal box into a small café have been approved.\nThe railway society, which owns the building, hopes to open it by the summer.",
        "A survey of the estuary has found the first breeding avocets for more than a century.\nWardens have fenced off the nesting area and asked walkers to keep to the sea wall.",
        "The market hall's clock, silent since the floods, struck noon again on Saturday.\nA retired watchmaker spent six months cleaning and rebuilding its movement.",
        "Hospital volunteers have knitted more than two thousand hats for newborn babies this year.\nThe oldest knitter, at ninety-four, produced over three hundred of them.",
        "The county's last working windmill ground flour for the first time in a decade.\nIts sails were replaced with help from a national heritage fund.",
        "Teachers at the grammar school have started a lunchtime chess club that now meets four days a week.\nIts best players will compete in the regional finals in May.",
        "A lost letter posted in 1962 has finally been delivered to a house on Orchard Row.\nThe current owner traced the sender's family, who were delighted to receive it.",
        "The lifeboat crew launched eleven times in July, more than in any month for five years.\nMost calls came from paddleboarders swept out by the offshore wind.",
        "Archaeologists working ahead of the new bypass have uncovered the outline of an Iron Age roundhouse.\nPottery found in the ditch suggests it was lived in for several generations.",
        "The theatre's production of a forgotten Edwardian comedy has sold out its entire run.\nThe director found the script in a box of papers donated by a local family.",
        "Allotment holders have voted to ban bonfires after complaints from neighbours.\nGarden waste will instead be collected each fortnight and composted on site.",
        "A new footpath along the old tramway opens next month, linking the two villages for the first time since the line closed.\nIt is level throughout and suitable for wheelchairs.",
        "The cathedral's bells are being recast at a foundry in the Midlands.\nThey will return in time for the Christmas services, hung in a new oak frame.",
        "After thirty-one years behind the counter, the village postmistress has retired.\nCustomers presented her with a quilt stitched from the fabric of old mailbags.",
    ];
    DOCUMENTS
        .iter()
        .enumerate()
        .map(|(index, text)| format!("{}\n", serde_json::json!({ "id": index, "text": text })))
        .collect()
}

/// The `shared-boilerplate` diagnostics of each report, as the flagged text.
fn shared_boilerplate_found(reports: &[FileReport]) -> Vec<Vec<String>> {
    reports
        .iter()
        .map(|report| {
            report
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.rule == "shared-boilerplate")
                .map(|diagnostic| report.text[diagnostic.span.range()].to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn shared_boilerplate_finds_a_chrome_line_repeated_in_twenty_generated_documents() {
    let (corpus, fixed) = chrome_corpus();
    let (one, summary) = run_in_memory(corpus.as_bytes(), FixMode::Report, 1);
    assert_eq!(summary.records_checked, 20);
    assert_eq!(
        shared_boilerplate_found(&one.reports),
        vec![vec![CHROME.to_owned()]; 20]
    );
    // Two threads give the same reports, and the same fixed corpus.
    let (two, _) = run_in_memory(corpus.as_bytes(), FixMode::Report, 2);
    assert_eq!(one.reports, two.reports);
    let unsafe_fixes = FixMode::Write(Applicability::Unsafe);
    let (fixed_one, _) = run_in_memory(corpus.as_bytes(), unsafe_fixes, 1);
    let (fixed_two, _) = run_in_memory(corpus.as_bytes(), unsafe_fixes, 2);
    assert_eq!(String::from_utf8(fixed_one.corpus).unwrap(), fixed);
    assert_eq!(String::from_utf8(fixed_two.corpus).unwrap(), fixed);
    // Safe fixes leave it: the deletion is unsafe.
    let (safe, _) = run_in_memory(corpus.as_bytes(), FixMode::Write(Applicability::Safe), 2);
    assert!(String::from_utf8(safe.corpus).unwrap().contains(CHROME));
    // A second run over the fixed corpus finds nothing more to delete.
    let (again, _) = run_in_memory(fixed.as_bytes(), unsafe_fixes, 2);
    assert_eq!(String::from_utf8(again.corpus).unwrap(), fixed);
}

#[test]
fn shared_boilerplate_finds_nothing_in_twenty_well_edited_documents() {
    let corpus = well_edited_corpus();
    let (collector, summary) = run_in_memory(corpus.as_bytes(), FixMode::Report, 2);
    assert_eq!(summary.records_checked, 20);
    assert!(
        shared_boilerplate_found(&collector.reports)
            .iter()
            .all(Vec::is_empty),
        "{:?}",
        shared_boilerplate_found(&collector.reports)
    );
}

#[test]
fn shared_boilerplate_is_on_for_corpora_and_for_files_only_when_named() {
    let folder = tempfile::tempdir().unwrap();
    let (corpus, _) = chrome_corpus();
    for (index, line) in corpus.lines().enumerate() {
        let record: Value = serde_json::from_str(line).unwrap();
        write(
            folder.path(),
            &format!("docs/page-{index:02}.txt"),
            format!("{}\n", record["text"].as_str().unwrap()),
        );
    }
    let docs = folder.path().join("docs");
    let rules_found = |args: &[&str], path: &std::path::Path| -> Vec<String> {
        let output = copydesk()
            .arg("check")
            .args(["--output-format", "json"])
            .args(args)
            .arg(path)
            .assert()
            .get_output()
            .stdout
            .clone();
        json_of(&output)
            .iter()
            .map(|diagnostic| diagnostic["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    // Plain files: off by default and with its category, on when named.
    assert!(!rules_found(&[], &docs).contains(&"shared-boilerplate".to_owned()));
    assert!(
        !rules_found(&["--select", "artefact"], &docs).contains(&"shared-boilerplate".to_owned())
    );
    let named = rules_found(&["--select", "shared-boilerplate"], &docs);
    assert_eq!(named, vec!["shared-boilerplate".to_owned(); 20]);
    // A corpus: on by default.
    write(folder.path(), "corpus.jsonl", &corpus);
    let found = rules_found(&[], &folder.path().join("corpus.jsonl"));
    assert_eq!(
        found
            .iter()
            .filter(|rule| *rule == "shared-boilerplate")
            .count(),
        20
    );
}

/// Issue 14: the progress bar of a corpus run shows the rate and the time
/// left from the bytes read, as stored, against the corpora's size.
#[test]
fn a_corpus_run_counts_the_bytes_it_reads_for_progress() {
    for compression in [Compression::None, Compression::Gzip] {
        let stored = compress(CORPUS.as_bytes(), compression);
        let (collector, _) = run_in_memory(&stored, FixMode::Report, 1);
        assert_eq!(collector.run.corpus_bytes, stored.len() as u64);
        assert_eq!(collector.run.corpus_read.get(), stored.len() as u64);
        assert!(!collector.read_at_report.is_empty());
        assert!(collector.read_at_report.iter().all(|&read| read > 0));
    }
}
