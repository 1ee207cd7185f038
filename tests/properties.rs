//! Property tests: on any text, linting never panics, every fix is well formed
//! and changes no byte outside its edits, and fixing is idempotent.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use copydesk::{Applicability, Linter, Selection};

/// Pieces that make rules fire often, mixed with arbitrary characters.
fn texts() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("don".to_owned()),
        Just("t".to_owned()),
        Just("s".to_owned()),
        Just("S".to_owned()),
        Just("huawei".to_owned()),
        Just("let".to_owned()),
        Just("be".to_owned()),
        Just("the".to_owned()),
        Just("letter".to_owned()),
        Just(" ".to_owned()),
        Just("  ".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("'".to_owned()),
        Just("\u{2019}".to_owned()),
        Just(".".to_owned()),
        Just("é".to_owned()),
        Just("\u{200b}".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\u{301}".to_owned()),
        Just("Ã".to_owned()),
        Just("©".to_owned()),
        Just("â€™".to_owned()),
        Just("<br>".to_owned()),
        Just("</p>".to_owned()),
        Just("&amp;".to_owned()),
        Just("<!-- copydesk-disable -->".to_owned()),
        Just("<!-- copydesk-enable -->".to_owned()),
        Just("googletag".to_owned()),
        Just("({});".to_owned()),
        Just("\t".to_owned()),
        Just("re".to_owned()),
        Just("education".to_owned()),
        Just("share this article".to_owned()),
        Just("all rights reserved".to_owned()),
        Just("copyright".to_owned()),
        Just("\u{a0}".to_owned()),
        Just("\u{3000}".to_owned()),
        Just("26 28 August".to_owned()),
        Just("web based".to_owned()),
        // Breadcrumb trails and notes on a writer, which boilerplate's
        // patterns and its author-notes detector read.
        Just("World › Europe".to_owned()),
        Just(" > ".to_owned()),
        Just(" » ".to_owned()),
        Just("Mara Quinn is a historian".to_owned()),
        Just(" and the author of ".to_owned()),
        Just(" where she covers ".to_owned()),
        // A sentence too long to be taken whole: boilerplate's reach runs.
        Just("and the town said that the pier would open again ".repeat(5)),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn linter() -> Linter {
    Linter::new(&Selection::default()).expect("built-in rules load")
}

proptest! {
    // Failing cases are saved beside this file (tests/properties.proptest-regressions)
    // and replayed first on every run; commit that file when it appears.
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn fixes_are_well_formed_and_local(text in texts()) {
        let linter = linter();
        for diagnostic in linter.lint(&text) {
            prop_assert!(diagnostic.span.end <= text.len());
            prop_assert!(text.is_char_boundary(diagnostic.span.start) && text.is_char_boundary(diagnostic.span.end));
            let Some(fix) = diagnostic.fix else { continue };
            prop_assert!(fix.is_valid_for(&text), "invalid fix {:?}", fix);
            // Apply this fix alone: bytes before the first edit and after the last stay.
            let mut fixed = String::new();
            let mut copied = 0;
            for edit in &fix.edits {
                fixed.push_str(&text[copied..edit.start]);
                fixed.push_str(&edit.replacement);
                copied = edit.end;
            }
            fixed.push_str(&text[copied..]);
            let first = fix.edits[0].start;
            let last = fix.edits[fix.edits.len() - 1].end;
            prop_assert!(fixed.starts_with(&text[..first]));
            prop_assert!(fixed.ends_with(&text[last..]));
        }
    }

    #[test]
    fn fixing_is_idempotent(text in texts(), unsafe_fixes in any::<bool>()) {
        let level = if unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
        let linter = linter();
        let once = linter.fix(&text, level).expect("fixes converge");
        let twice = linter.fix(&once.text, level).expect("fixes converge");
        prop_assert_eq!(&once.text, &twice.text);
        prop_assert!(twice.fixed.is_empty());
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let linter = linter();
        let _ = linter.lint(&text);
        prop_assert!(linter.fix(&text, Applicability::Unsafe).is_ok());
    }
}

/// The lines of code of a Markdown document, in order, blank lines left out
/// (deleting a comment between two indented blocks joins them into one).
fn code_lines(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => current = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.push_str(&text);
                }
            }
            _ => {}
        }
    }
    blocks
        .iter()
        .flat_map(|block| block.lines())
        .filter(|line| !line.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Markdown documents: prose paragraphs full of artefacts, suppression
/// comments, and indented or fenced code blocks with artefacts inside.
fn markdown_documents() -> impl Strategy<Value = String> {
    let prose = texts().prop_map(|text| text.replace(['`', '\u{85}'], ""));
    let code_line = prop_oneof![
        Just("code: don t  the the x".to_owned()),
        Just("googletag.cmd.push(function() {});".to_owned()),
        Just("it s &amp; re education\u{200b}".to_owned()),
    ];
    let block = prop_oneof![
        prose.prop_map(|text| format!("{}\n", text.trim())),
        Just("<!-- copydesk-disable repeated-word -->\n".to_owned()),
        Just("<!-- copydesk-disable -->\n".to_owned()),
        code_line.clone().prop_map(|line| format!("    {line}\n")),
        code_line.prop_map(|line| format!("```\n{line}\n```\n")),
    ];
    prop::collection::vec(block, 1..8).prop_map(|blocks| blocks.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// Issue 11, defect 1: no fix, safe or unsafe, in any pass, changes a
    /// code block of a Markdown file or turns one into prose.
    #[test]
    fn fixing_markdown_leaves_code_blocks_alone(document in markdown_documents(), unsafe_fixes in any::<bool>()) {
        let level = if unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
        let fixed = linter()
            .fix_path(&document, Some(std::path::Path::new("doc.md")), level)
            .expect("fixes converge");
        prop_assert_eq!(code_lines(&fixed.text), code_lines(&document), "{:?} became {:?}", document, fixed.text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// Issue 11, defect 2: `check --fix -` is a filter that loses nothing:
    /// text it can read comes out fixed as the library fixes it, and bytes
    /// it cannot read (binary, invalid UTF-8) come out unchanged.
    #[test]
    fn fix_on_standard_input_echoes_what_it_cannot_fix(
        text in texts(),
        damage in prop_oneof![Just(None), Just(Some(0u8)), Just(Some(0xFFu8)), Just(Some(0xC3u8))],
        at in any::<prop::sample::Index>(),
    ) {
        let mut input = text.clone().into_bytes();
        if let Some(byte) = damage {
            input.insert(at.index(input.len() + 1), byte);
        }
        let output = crate::common::copydesk()
            .args(["check", "--fix", "--isolated", "-"])
            .write_stdin(input.clone())
            .output()
            .expect("copydesk runs");
        match std::str::from_utf8(&input) {
            Ok(valid) if !valid.contains('\0') => {
                let expected = linter().fix(valid, Applicability::Safe).expect("fixes converge");
                prop_assert_eq!(String::from_utf8_lossy(&output.stdout), expected.text);
            }
            _ => prop_assert_eq!(output.stdout, input),
        }
    }
}
