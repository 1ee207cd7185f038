//! The command line, end to end: exit codes, inputs, output formats, fixing.

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{copydesk, json_of, write, DAMAGED};

const REPAIRED: &str = "the museum's director said they don't plan to reopen\n";
const CLEAN: &str = "The museum's director said they don't plan to reopen.\n";

#[test]
fn clean_file_exits_zero_and_prints_nothing() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "clean.txt", CLEAN);
    copydesk()
        .arg("check")
        .arg(folder.path().join("clean.txt"))
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn empty_file_is_clean() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "empty.txt", "");
    copydesk()
        .arg("check")
        .arg(folder.path().join("empty.txt"))
        .assert()
        .code(0);
}

#[test]
fn damaged_file_exits_one_with_diagnostics() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a.txt", DAMAGED);
    copydesk()
        .arg("check")
        .arg(folder.path().join("a.txt"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "apostrophe lost: \"museum s\" should be \"museum's\"",
        ))
        .stdout(predicate::str::contains("a.txt:1:5]"));
}

#[test]
fn missing_path_exits_two_with_a_clear_error() {
    copydesk()
        .args(["check", "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/file.txt: no such file or folder",
        ));
}

#[test]
fn unknown_rule_exits_two_and_lists_the_valid_ones() {
    copydesk()
        .args(["check", "--select", "lost-apostrophes", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown rule or category \"lost-apostrophes\"",
        ))
        .stderr(predicate::str::contains("lost-apostrophe"))
        .stderr(predicate::str::contains("typography"));
}

#[test]
fn ignore_by_category_silences_the_rule() {
    copydesk()
        .args(["check", "--ignore", "artefact", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(0);
}

#[test]
fn stdin_is_linted_under_the_name_dash() {
    let output = copydesk()
        .args(["check", "--output-format", "json", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let diagnostics = json_of(&output);
    assert_eq!(diagnostics.len(), 2);
    assert!(diagnostics
        .iter()
        .all(|diagnostic| diagnostic["path"] == "-"));
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    copydesk()
        .args(["check", "--fix", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(0)
        .stdout(REPAIRED);
}

#[test]
fn json_matches_the_schema_and_spans_agree_with_ranges() {
    let text = "first line\nthe café s owner — Don t go\n";
    let output = copydesk()
        .args(["check", "--output-format", "json", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let diagnostics = json_of(&output);
    assert_eq!(diagnostics.len(), 2);
    for diagnostic in &diagnostics {
        let object = diagnostic.as_object().expect("an object");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        let mut expected = [
            "path", "rule", "severity", "message", "span", "range", "fix", "related",
        ];
        expected.sort_unstable();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort_unstable();
        assert_eq!(keys_sorted, expected);
        assert_eq!(diagnostic["rule"], "lost-apostrophe");
        assert_eq!(diagnostic["severity"], "warning");
        assert_eq!(diagnostic["related"], Value::Array(Vec::new()));
        assert_eq!(diagnostic["fix"]["applicability"], "safe");
        assert_eq!(diagnostic["fix"]["message"], "restore apostrophe");

        // The range must name the same place as the byte span.
        for (offset_key, position_key) in [("start", "start"), ("end", "end")] {
            let offset = diagnostic["span"][offset_key].as_u64().unwrap() as usize;
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(diagnostic["range"][position_key]["line"], line);
            assert_eq!(diagnostic["range"][position_key]["column"], column);
        }
        let edit = &diagnostic["fix"]["edits"][0];
        let (start, end) = (
            edit["start"].as_u64().unwrap() as usize,
            edit["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], " ");
        assert_eq!(edit["replacement"], "'");
    }
    // "café s": columns count characters, not bytes.
    assert_eq!(diagnostics[0]["range"]["start"]["column"], 5);
    assert_eq!(diagnostics[0]["range"]["end"]["column"], 11);
}

#[test]
fn concise_output_is_one_line_per_diagnostic() {
    copydesk()
        .args(["check", "--output-format", "concise", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(1)
        .stdout(
            "-:1:5: lost-apostrophe [*] apostrophe lost: \"museum s\" should be \"museum's\"\n\
             -:1:33: lost-apostrophe [*] apostrophe lost: \"don t\" should be \"don't\"\n",
        );
}

#[test]
fn folders_are_walked_honouring_gitignore_hidden_files_and_extensions() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(root, ".gitignore", "ignored/\n");
    write(root, "a.txt", DAMAGED);
    write(root, "notes/b.md", DAMAGED);
    write(root, "notes/c.markdown", DAMAGED);
    write(root, "code.rs", DAMAGED);
    write(root, "ignored/d.txt", DAMAGED);
    write(root, ".hidden/e.txt", DAMAGED);
    write(root, ".f.txt", DAMAGED);
    let output = copydesk()
        .args(["check", "--output-format", "json"])
        .arg(root)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let paths: std::collections::BTreeSet<String> = json_of(&output)
        .iter()
        .map(|diagnostic| {
            let path = diagnostic["path"].as_str().unwrap();
            Path::new(path)
                .strip_prefix(root)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    let expected: std::collections::BTreeSet<String> = ["a.txt", "notes/b.md", "notes/c.markdown"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(paths, expected);
}

#[test]
fn current_folder_is_the_default_and_named_files_are_always_linted() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a.txt", DAMAGED);
    write(folder.path(), "page.html", DAMAGED);
    let output = copydesk()
        .args(["check", "--output-format", "json"])
        .current_dir(folder.path())
        .assert()
        .code(1);
    assert_eq!(json_of(&output.get_output().stdout).len(), 2);
    let output = copydesk()
        .args(["check", "--output-format", "json", "page.html"])
        .current_dir(folder.path())
        .assert()
        .code(1);
    assert_eq!(json_of(&output.get_output().stdout)[0]["path"], "page.html");
}

#[test]
fn invalid_utf8_is_reported_left_alone_and_the_run_goes_on() {
    let folder = tempfile::tempdir().unwrap();
    let bad: &[u8] = b"the museum s caf\xe9 is open\n";
    write(folder.path(), "bad.txt", bad);
    write(folder.path(), "good.txt", DAMAGED);
    copydesk()
        .args(["check", "--fix"])
        .arg(folder.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.txt: not valid UTF-8 (first bad byte at offset 16)",
        ));
    assert_eq!(fs::read(folder.path().join("bad.txt")).unwrap(), bad);
    assert_eq!(
        fs::read_to_string(folder.path().join("good.txt")).unwrap(),
        REPAIRED
    );
}

#[test]
fn binary_files_are_skipped_with_a_warning() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "blob.txt", b"the museum s \0\x01\x02");
    copydesk()
        .arg("check")
        .arg(folder.path().join("blob.txt"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "blob.txt: binary file (contains NUL bytes), skipped",
        ));
}

#[test]
fn diff_prints_the_change_and_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a.txt", DAMAGED);
    copydesk()
        .args(["check", "--diff"])
        .arg(folder.path().join("a.txt"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("-{DAMAGED}")))
        .stdout(predicate::str::contains(format!("+{REPAIRED}")));
    assert_eq!(
        fs::read_to_string(folder.path().join("a.txt")).unwrap(),
        DAMAGED
    );
}

#[test]
fn fix_writes_once_keeps_permissions_and_a_second_run_changes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("a.txt");
    write(folder.path(), "a.txt", DAMAGED);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    }
    copydesk()
        .args(["check", "--fix"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("fixed 2 problems in 1 file"));
    assert_eq!(fs::read_to_string(&path).unwrap(), REPAIRED);
    copydesk()
        .args(["check", "--fix"])
        .arg(&path)
        .assert()
        .code(0)
        .stderr("");
    assert_eq!(fs::read_to_string(&path).unwrap(), REPAIRED);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    let leftovers = fs::read_dir(folder.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let text = "a letter from john s.\n";
    copydesk()
        .args(["check", "--fix", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(text);
    copydesk()
        .args(["check", "--unsafe-fixes", "-"])
        .write_stdin(text)
        .assert()
        .code(0)
        .stdout("a letter from john's.\n");
}

#[test]
fn rules_lists_every_rule() {
    copydesk().arg("rules").assert().code(0).stdout(
        predicate::str::contains("lost-apostrophe").and(predicate::str::contains("artefact")),
    );
}

#[test]
fn rule_prints_its_documentation() {
    copydesk()
        .args(["rule", "lost-apostrophe"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# lost-apostrophe"))
        .stdout(predicate::str::contains("## What it does"))
        .stdout(predicate::str::contains("## Fix safety"));
    copydesk()
        .args(["rule", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("valid rules: lost-apostrophe"));
}

#[test]
fn help_and_version_work() {
    copydesk()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Exit codes"));
    copydesk()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("copydesk "));
}

#[test]
fn jsonl_and_github_formats_print_one_line_per_diagnostic() {
    let output = copydesk()
        .args(["check", "--isolated", "--output-format", "jsonl", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = String::from_utf8(output)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is a JSON object"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[1]["message"],
        "apostrophe lost: \"don t\" should be \"don't\""
    );

    copydesk()
        .args(["check", "--isolated", "--output-format", "github", "-"])
        .write_stdin("a 50% rise, they don t say\n")
        .assert()
        .code(1)
        .stdout(
            "::warning file=-,line=1,col=18,endLine=1,endColumn=23,title=copydesk (lost-apostrophe)::apostrophe lost: \"don t\" should be \"don't\"\n",
        );
}

#[test]
fn statistics_summary_and_exit_zero() {
    copydesk()
        .args(["check", "--isolated", "--statistics", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(1)
        .stdout("      2  lost-apostrophe          2 fixable\n");
    copydesk()
        .args(["check", "--isolated", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(1)
        .stdout(predicate::str::ends_with(
            "2 problems in 1 file, 2 fixable with --fix\n",
        ));
    copydesk()
        .args(["check", "--isolated", "--exit-zero", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(0);
    copydesk()
        .args(["check", "--isolated", "--exit-zero", "no/such/file.txt"])
        .assert()
        .code(2);
}

#[test]
fn a_baseline_hides_recorded_findings_even_after_edits_above_them() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(root, "a.txt", "The museum s director spoke.\n");
    copydesk()
        .args([
            "check",
            "--isolated",
            "--write-baseline",
            "baseline.json",
            "a.txt",
        ])
        .current_dir(root)
        .assert()
        .code(0)
        .stderr("recorded 1 finding in baseline.json\n");
    copydesk()
        .args([
            "check",
            "--isolated",
            "--baseline",
            "baseline.json",
            "a.txt",
        ])
        .current_dir(root)
        .assert()
        .code(0);
    write(
        root,
        "a.txt",
        "A paragraph added above.\n\nThe museum s director spoke. They don t agree.\n",
    );
    copydesk()
        .args([
            "check",
            "--isolated",
            "--baseline",
            "baseline.json",
            "--output-format",
            "concise",
            "a.txt",
        ])
        .current_dir(root)
        .assert()
        .code(1)
        .stdout("a.txt:3:35: lost-apostrophe [*] apostrophe lost: \"don t\" should be \"don't\"\n");
}

#[test]
fn gitlab_and_junit_reports() {
    let output = copydesk()
        .args(["check", "--isolated", "--output-format", "gitlab", "-"])
        .write_stdin("they don t know and they don t care\n")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let issues = json_of(&output);
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["check_name"], "lost-apostrophe");
    assert_eq!(issues[0]["severity"], "minor");
    assert_eq!(issues[0]["location"]["lines"]["begin"], 1);
    assert_ne!(
        issues[0]["fingerprint"], issues[1]["fingerprint"],
        "fingerprints are unique"
    );

    copydesk()
        .args(["check", "--isolated", "--output-format", "junit", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(r#"<testsuites name="copydesk" tests="1" failures="1">"#))
        .stdout(predicate::str::contains(r#"<failure message="2 problems">-:1:5: lost-apostrophe apostrophe lost: &quot;museum s&quot;"#));
}

#[test]
fn sarif_lists_rules_and_results_with_fixes() {
    let output = copydesk()
        .args(["check", "--isolated", "--output-format", "sarif", "-"])
        .write_stdin(DAMAGED)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let log: Value = serde_json::from_slice(&output).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let result = &run["results"][0];
    let index = result["ruleIndex"].as_u64().expect("a rule index") as usize;
    assert_eq!(rules[index]["id"], "lost-apostrophe");
    assert!(rules[index]["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startColumn"],
        5
    );
    assert_eq!(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "'"
    );
}

/// Issue 11, defect 7: escape sequences, BEL and bidi controls in the text or
/// the file name never reach the terminal raw, in any format a person reads.
#[test]
fn control_characters_are_printed_as_visible_escapes() {
    let folder = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}]0;title\u{7}.txt";
    let text = "the museum s \u{1b}[2J\u{1b}]52;c;aGk=\u{7} director \u{202E}said don t\n";
    write(folder.path(), name, text);
    for format in ["full", "concise", "github"] {
        let output = copydesk()
            .current_dir(folder.path())
            .args(["check", "--output-format", format, name])
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("don t"), "{format}: {stdout}");
        for raw in ['\u{1b}', '\u{7}', '\u{202E}'] {
            assert!(
                !stdout.contains(raw),
                "{format} prints {raw:?} raw:\n{stdout}"
            );
        }
    }
}

/// Issue 11, defect 10: fixes that used to stop after 100 passes converge:
/// a word repeated 25,000 times (repeated-word inside repeated copies side
/// by side), and 2,500 unused suppression comments.
#[test]
fn fixes_of_long_runs_converge() {
    for (input, expected) in [
        ("the ".repeat(25_000), "the\n"),
        ("<!-- copydesk-disable -->\n".repeat(2_500), ""),
    ] {
        let output = copydesk()
            .args(["check", "--fix", "--output-format", "concise", "-"])
            .write_stdin(input)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("converge"), "{stderr}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    }
}
