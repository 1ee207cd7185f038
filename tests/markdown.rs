//! Markdown awareness: code, HTML, link targets and front matter are not prose.

use std::fs;
use std::path::Path;

use copydesk::{Applicability, Linter, Selection};

fn guide() -> (std::path::PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/_markdown/guide.md");
    let text = fs::read_to_string(&path).expect("fixture is readable");
    (path, text)
}

#[test]
fn only_the_prose_of_a_markdown_file_is_linted() {
    let (path, text) = guide();
    let linter = Linter::new(&Selection::default()).expect("rules load");
    let as_markdown: Vec<String> = linter
        .lint_path(&text, Some(&path))
        .iter()
        .map(|diagnostic| text[diagnostic.span.range()].to_owned())
        .collect();
    assert_eq!(as_markdown, ["museum s", "&amp;", "don t"]);
    // The same bytes as plain text: the code, the HTML and the URLs are linted too.
    let as_text = linter.lint_path(&text, Some(Path::new("guide.txt")));
    assert!(as_text.len() > as_markdown.len() + 2, "{as_text:#?}");
}

#[test]
fn fixing_a_markdown_file_leaves_code_and_links_alone() {
    let (path, text) = guide();
    let linter = Linter::new(&Selection::default()).expect("rules load");
    let fixed = linter
        .fix_path(&text, Some(&path), Applicability::Unsafe)
        .expect("converges");
    for kept in [
        "var x  =  1;   \n",
        "googletag.display('div-gpt-ad-1')",
        "(https://example.com/a_b  c)",
        "<https://x.org/don t>",
        "title: The museum s guide",
        "<div class=\"ad\">Sign up for our newsletter</div>",
    ] {
        assert!(
            fixed.text.contains(kept),
            "{kept:?} was changed:\n{}",
            fixed.text
        );
    }
    assert!(fixed.text.contains("they don't know"));
    assert!(fixed.text.contains("# The museum's guide"));
}

#[test]
fn artefacts_in_code_are_ignored_and_the_same_in_prose_are_found_at_the_right_place() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/_markdown/artefacts.md");
    let text = fs::read_to_string(&path).expect("fixture is readable");
    let linter = Linter::new(&Selection::default()).expect("rules load");
    let lines = copydesk::source::LineIndex::new(&text);
    let found: Vec<String> = linter
        .lint_path(&text, Some(&path))
        .iter()
        .map(|diagnostic| {
            let at = lines.line_column(&text, diagnostic.span.start);
            format!("{}:{} {}", at.line, at.column, diagnostic.rule)
        })
        .collect();
    assert_eq!(
        found,
        [
            "11:15 leftover-script",
            "12:6 lost-apostrophe",
            "12:16 html-residue",
            "12:26 repeated-word",
            "12:37 mojibake",
            "12:40 lost-hyphen",
            "12:54 invisible-character",
        ]
    );
}

/// Issue 11, defect 1: deleting an unused suppression comment must not take
/// the blank line and indentation that make the next block code.
#[test]
fn fixing_next_to_an_indented_code_block_keeps_it_code() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("u.md");
    let text = "Text.\n\n<!-- copydesk-disable repeated-word -->\n\n    code: don t  the the x\n";
    std::fs::write(&path, text).unwrap();
    let status = crate::common::copydesk()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(&path)
        .output()
        .unwrap()
        .status;
    assert_ne!(status.code(), Some(2));
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.ends_with("\n    code: don t  the the x\n"),
        "{fixed:?}"
    );
    assert!(!fixed.contains("copydesk-disable"), "{fixed:?}");
}

/// Found by fuzzing (issue 11): an HTML comment in prose that runs over a
/// paragraph break is deleted by html-residue, which joins the paragraphs; a
/// backtick before the comment would then open inline code, and the code span
/// after it would turn into prose. A fix may not move code's edges.
#[test]
fn deleting_a_comment_does_not_move_inline_code() {
    let text = "Or inline: `<!-- note\n\n -->` keep `this` code.\n";
    let linter = Linter::new(&Selection::default()).expect("rules load");
    let path = Path::new("doc.md");
    let before = copydesk::markdown::code_pieces(text);
    assert_eq!(before, ["` keep `"]);
    let fixed = linter
        .fix_path(text, Some(path), Applicability::Unsafe)
        .expect("converges");
    assert_eq!(
        copydesk::markdown::code_pieces(&fixed.text),
        before,
        "{:?}",
        fixed.text
    );
}

/// Found by fuzzing (issue 11): code spans are compared as written, so a fix
/// that pairs other backticks into a span with the same content ("` `" and
/// "`\n`" both hold one space) is still caught.
#[test]
fn code_spans_are_compared_as_written() {
    assert_ne!(
        copydesk::markdown::code_pieces("a ` ` b\n"),
        copydesk::markdown::code_pieces("a `\n` b\n")
    );
}

/// Found by fuzzing (issue 11): a suppression comment shown inside Markdown
/// code is an example, not a directive: it suppresses nothing and is not
/// deleted as unused.
#[test]
fn suppression_comments_inside_code_are_examples() {
    let text = "Intro.\n\n```\n<!-- copydesk-disable -->\n```\n\nthe museum s plan\n";
    let linter = Linter::new(&Selection::default()).expect("rules load");
    let path = Path::new("doc.md");
    let rules: Vec<String> = linter
        .lint_path(text, Some(path))
        .iter()
        .map(|diagnostic| diagnostic.rule.to_string())
        .collect();
    assert_eq!(rules, ["lost-apostrophe"]);
    let fixed = linter
        .fix_path(text, Some(path), Applicability::Safe)
        .expect("fixes converge");
    assert_eq!(fixed.text, text.replace("museum s", "museum's"));
}
