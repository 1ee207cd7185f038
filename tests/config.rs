//! copydesk.toml and inline suppression, through the command line.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const DAMAGED: &str = "the museum s director said they don t plan to reopen\n";

fn copydesk() -> Command {
    let mut command = Command::cargo_bin("copydesk").expect("the binary is built");
    command.env("NO_COLOR", "1");
    command
}

fn write(folder: &Path, name: &str, contents: &str) {
    let path = folder.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, contents).unwrap();
}

fn json(folder: &Path, args: &[&str]) -> Vec<Value> {
    let output = copydesk()
        .args(["check", "--output-format", "json"])
        .args(args)
        .current_dir(folder)
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&output.stdout)
        .expect("JSON")
        .as_array()
        .expect("array")
        .clone()
}

/// The rules of the diagnostics that `check` reports in `folder` for `args`.
fn rules_of(folder: &Path, args: &[&str]) -> Vec<String> {
    json(folder, args)
        .iter()
        .map(|diagnostic| diagnostic["rule"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_nearest_configuration_wins_and_per_file_globs_apply() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(root, "copydesk.toml", "[rules.lost-apostrophe]\nseverity = \"error\"\n\n[[per-file]]\nglob = \"archive/**\"\nignore = [\"lost-apostrophe\"]\n");
    write(root, "news/a.txt", DAMAGED);
    write(root, "archive/2019/b.txt", DAMAGED);
    write(root, "other/copydesk.toml", "ignore = [\"artefact\"]\n");
    write(root, "other/c.txt", DAMAGED);
    let diagnostics = json(root, &["."]);
    let paths: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./news/a.txt", "./news/a.txt"]);
    assert!(diagnostics.iter().all(|d| d["severity"] == "error"));
}

#[test]
fn isolated_and_config_flags_choose_the_settings() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(root, "copydesk.toml", "ignore = [\"lost-apostrophe\"]\n");
    write(root, "strict.toml", "select = [\"lost-apostrophe\"]\n");
    write(root, "a.txt", DAMAGED);
    assert!(json(root, &["a.txt"]).is_empty());
    assert_eq!(json(root, &["--isolated", "a.txt"]).len(), 2);
    assert_eq!(json(root, &["--config", "strict.toml", "a.txt"]).len(), 2);
}

#[test]
fn rule_options_change_behaviour_and_bad_ones_point_at_the_key() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    let sentence = "the tide came in early and the boats left before dawn";
    write(root, "a.txt", &format!("{sentence} {sentence}\n"));
    assert!(
        json(root, &["a.txt"]).is_empty(),
        "11 words are below the default of 50"
    );
    write(
        root,
        "copydesk.toml",
        "[rules.repeated-passage]\nmin-words = 8\n",
    );
    assert_eq!(json(root, &["a.txt"])[0]["rule"], "repeated-passage");

    write(
        root,
        "copydesk.toml",
        "[rules.repeated-passage]\nmin-word = 8\n",
    );
    copydesk()
        .args(["check", "a.txt"])
        .current_dir(root)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `min-word`"))
        .stderr(predicate::str::contains("copydesk.toml:2:1"));
}

#[test]
fn a_broken_configuration_stops_the_run_and_points_at_the_key() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(root, "a.txt", DAMAGED);
    write(
        root,
        "copydesk.toml",
        "select = [\"artefact\"]\nignroe = [\"boilerplate\"]\n",
    );
    copydesk()
        .args(["check", "a.txt"])
        .current_dir(root)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `ignroe`"))
        .stderr(predicate::str::contains("copydesk.toml:2:1"));

    write(root, "copydesk.toml", "select = [\"artefakt\"]\n");
    copydesk()
        .args(["check", "a.txt"])
        .current_dir(root)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown rule or category \"artefakt\"",
        ))
        .stderr(predicate::str::contains("copydesk.toml:1:11"));

    write(
        root,
        "copydesk.toml",
        "[rules.lost-apostrophes]\nseverity = \"error\"\n",
    );
    copydesk()
        .args(["check", "a.txt"])
        .current_dir(root)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no rule is called \"lost-apostrophes\"",
        ));
}

#[test]
fn suppression_comments_silence_rules_and_unused_ones_are_reported() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(
        root,
        "a.md",
        "<!-- copydesk-disable-next-line lost-apostrophe -->\nthe museum s director\n\n<!-- copydesk-disable lost-apostrophe -->\nthey don t plan\n<!-- copydesk-enable lost-apostrophe -->\n\nwe re late\n\n<!-- copydesk-disable-next-line boilerplate -->\nnothing to hide here\n",
    );
    assert_eq!(
        rules_of(root, &["a.md"]),
        ["lost-apostrophe", "unused-suppression"]
    );
    copydesk()
        .args(["check", "--fix", "a.md"])
        .current_dir(root)
        .assert()
        .code(0);
    let fixed = fs::read_to_string(root.join("a.md")).unwrap();
    assert!(
        fixed.contains("we're late") && !fixed.contains("boilerplate"),
        "{fixed}"
    );
    assert!(
        fixed.contains("the museum s director"),
        "suppressed text is left alone"
    );
}

#[test]
fn exclude_skips_walked_files_and_named_ones_only_with_force_exclude() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(root, "copydesk.toml", "exclude = [\"drafts/**\"]\n");
    write(root, "drafts/a.txt", DAMAGED);
    write(root, "b.txt", DAMAGED);
    let paths = |args: &[&str]| -> Vec<String> {
        json(root, args)
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(paths(&["."]), ["./b.txt", "./b.txt"]);
    assert_eq!(
        paths(&["drafts/a.txt"]).len(),
        2,
        "a file named on the command line is linted"
    );
    assert!(paths(&["--force-exclude", "drafts/a.txt"]).is_empty());
}

#[test]
fn stdin_filename_picks_configuration_markdown_and_name() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(
        root,
        "copydesk.toml",
        "[[per-file]]\nglob = \"notes/**\"\nignore = [\"lost-apostrophe\"]\n",
    );
    let markdown = "Run `they don t` in a shell; they don t know.\n";
    let output = copydesk()
        .args([
            "check",
            "--output-format",
            "json",
            "--stdin-filename",
            "guide.md",
            "-",
        ])
        .current_dir(root)
        .write_stdin(markdown)
        .output()
        .unwrap();
    let diagnostics = crate::common::json_of(&output.stdout);
    assert_eq!(diagnostics.len(), 1, "inline code is not prose in Markdown");
    assert_eq!(diagnostics[0]["path"], "guide.md");
    copydesk()
        .args(["check", "--stdin-filename", "notes/a.txt", "-"])
        .current_dir(root)
        .write_stdin(DAMAGED)
        .assert()
        .code(0);
}

#[test]
fn fail_on_and_quiet() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(root, "a.txt", DAMAGED);
    copydesk()
        .args(["check", "--isolated", "--fail-on", "error", "a.txt"])
        .current_dir(root)
        .assert()
        .code(0);
    copydesk()
        .args(["check", "--isolated", "--fail-on", "warning", "a.txt"])
        .current_dir(root)
        .assert()
        .code(1);
    write(
        root,
        "copydesk.toml",
        "[rules.lost-apostrophe]\nseverity = \"error\"\n",
    );
    copydesk()
        .args(["check", "--fail-on", "error", "a.txt"])
        .current_dir(root)
        .assert()
        .code(1);
    copydesk()
        .args(["check", "--quiet", "--fix", "a.txt"])
        .current_dir(root)
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

/// A pack rule that the selection leaves out is not compiled, yet a
/// `[[per-file]]` entry that selects it still runs it on its files.
#[test]
fn a_pack_rule_selected_for_some_files_runs_there_only() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(
        root,
        "copydesk.toml",
        "select = [\"lost-apostrophe\"]\n\n[[per-file]]\nglob = \"scraped/**\"\nselect = [\"boilerplate\"]\n",
    );
    let chrome =
        "The ferry leaves at six.\n\nSign up for our newsletter to get the best stories.\n";
    write(root, "scraped/page.txt", chrome);
    write(root, "notes/page.txt", chrome);
    assert_eq!(rules_of(root, &["scraped/page.txt"]), ["boilerplate"]);
    assert!(rules_of(root, &["notes/page.txt"]).is_empty());
}
