//! Declarative rule packs: every example of every built-in pack, and user
//! packs loaded through copydesk.toml, tested with `copydesk pack test`.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use predicates::prelude::*;

use copydesk::packs::{builtin_pack_rules, test_examples, BUILTIN_PACKS};

use crate::common::copydesk;

#[test]
fn every_example_of_every_built_in_pack_holds() {
    let rules = builtin_pack_rules(&mut BTreeSet::new()).expect("built-in packs parse");
    assert!(
        rules
            .iter()
            .all(|rule| !rule.flag.is_empty() && !rule.pass.is_empty()),
        "every built-in pack rule has examples"
    );
    let failures = test_examples(rules).expect("packs compile");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_pack_file_in_rules_is_built_in() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let on_disk: BTreeSet<String> = fs::read_dir(folder)
        .expect("rules/ exists")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().to_string_lossy().into_owned();
            name.ends_with(".toml").then(|| format!("rules/{name}"))
        })
        .collect();
    let built_in: BTreeSet<String> = BUILTIN_PACKS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    assert_eq!(on_disk, built_in);
}

#[test]
fn pack_test_command_runs_the_built_in_examples() {
    copydesk()
        .args(["pack", "test", "rules/boilerplate.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .code(0)
        .stdout(predicate::str::is_match(r"^\d+ passed, 0 failed\n$").expect("valid regex"));
}

const HOUSE_PACK: &str = include_str!("../fixtures/_packs/house.toml");

fn project(pack: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temporary folder");
    fs::write(
        folder.path().join("copydesk.toml"),
        "packs = [\"style/house.toml\"]\nselect = [\"style\"]\n",
    )
    .unwrap();
    fs::create_dir_all(folder.path().join("style")).unwrap();
    fs::write(folder.path().join("style/house.toml"), pack).unwrap();
    fs::write(
        folder.path().join("article.txt"),
        "We utilise a very unique method.\n",
    )
    .unwrap();
    folder
}

#[test]
fn a_user_pack_flags_and_fixes_through_the_configuration() {
    let folder = project(HOUSE_PACK);
    let output = copydesk()
        .args(["check", "--output-format", "concise", "article.txt"])
        .current_dir(folder.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let output = String::from_utf8(output).unwrap();
    assert!(
        output.contains("article.txt:1:4: utilise [*] prefer \"use\" to \"utilise\""),
        "{output}"
    );
    assert!(
        output.contains("article.txt:1:14: very-unique [*] \"very unique\" cannot be compared"),
        "{output}"
    );

    copydesk()
        .args(["check", "--fix", "article.txt"])
        .current_dir(folder.path())
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(folder.path().join("article.txt")).unwrap(),
        "We use a unique method.\n"
    );

    copydesk()
        .args(["pack", "test", "style/house.toml"])
        .current_dir(folder.path())
        .assert()
        .code(0)
        .stdout("4 passed, 0 failed\n");
}

#[test]
fn pack_test_names_the_broken_example() {
    let folder = project(&HOUSE_PACK.replace(
        "pass = [\"A unique design.\"]",
        "pass = [\"A very singular design.\"]",
    ));
    copydesk()
        .args(["pack", "test", "style/house.toml"])
        .current_dir(folder.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "rule very-unique: example is flagged but must not be: \"A very singular design.\"",
        ))
        .stdout(predicate::str::contains("3 passed, 1 failed"));
}

/// A configured pack is compiled whatever the selection: its errors are
/// not hidden by a `--select` that leaves its rules out.
#[test]
fn a_broken_pack_stops_the_run_even_when_its_rules_are_not_selected() {
    let folder = project(&HOUSE_PACK.replace(r"(unique|singular)\b", r"(unique"));
    copydesk()
        .args(["check", "--select", "lost-apostrophe", "article.txt"])
        .current_dir(folder.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid regular expression"));
}

#[test]
fn a_broken_pack_stops_the_run_and_points_at_the_error() {
    let folder = project(&HOUSE_PACK.replace(r"(unique|singular)\b", r"(unique"));
    copydesk()
        .args(["check", "article.txt"])
        .current_dir(folder.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid regular expression"))
        .stderr(predicate::str::contains(r"pattern = '(?i)\bvery (unique"))
        .stderr(predicate::str::contains("house.toml:19:11"));
}

#[test]
fn a_pack_from_the_command_line_is_loaded_too() {
    let folder = project(HOUSE_PACK);
    fs::remove_file(folder.path().join("copydesk.toml")).unwrap();
    copydesk()
        .args([
            "check",
            "--isolated",
            "--select",
            "style",
            "--pack",
            "style/house.toml",
            "article.txt",
        ])
        .current_dir(folder.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("utilise"));
}
