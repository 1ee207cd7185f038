//! Runs of declarations in code that kept its punctuation: the `key: value,`
//! pairs of an object literal, the `property: value;` pairs of a CSS rule
//! and the `name?: type;` members of a TypeScript interface.
//!
//! leftover-script's syntax marks need braces, calls or statement ends, so a
//! scrape that kept only the inside of an object or a rule ("controls: true,
//! height: 720, loop: false,") went unseen. Prose writes `word: text` too
//! ("Note: the office is closed"), but rarely twice in a row with a
//! lowercase key and one short value each, and never with the names and
//! values that only code writes (`font-size`, `dimension37?`, `true`,
//! `12px`, `string | undefined`).

use crate::rules::leftover_script::{is_camel_case, is_css_mark};
use crate::source::Span;

/// The most whitespace-separated chunks a value may have
/// (`string | number | undefined;` has five).
const MAX_VALUE_CHUNKS: usize = 6;

/// How many pairs in a row make a run when only one of them carries a name
/// or a value that only code writes.
const MIN_PAIRS: usize = 3;

/// How many pairs in a row make a run when each of them carries one.
const MIN_CODE_PAIRS: usize = 2;

/// A key, with the colon: `controls:`, `"@type":`, `font-size:`,
/// `dimension37?:`, `getSlotElementId():`. Returns whether only code would
/// write it (quoted, optional, kebab-case, camelCase, with `_`, `$` or
/// digits after letters, or a method); `None` when it is no key: a word
/// with a capital first (prose's "Note:"), a single capital ("Q:"), a time
/// ("10:30"), or a list's `::`.
fn key(chunk: &str) -> Option<bool> {
    let name = chunk.strip_suffix(':')?;
    if name.ends_with(':') {
        return None;
    }
    let (name, optional) = match name.strip_suffix('?') {
        Some(name) => (name, true),
        None => (name, false),
    };
    let (name, method) = match name.strip_suffix("()") {
        Some(name) => (name, true),
        None => (name, false),
    };
    let unquoted = name
        .strip_prefix(['"', '\''])
        .and_then(|inner| inner.strip_suffix(['"', '\'']));
    let quoted = unquoted.is_some();
    let name = unquoted.unwrap_or(name);
    let first = *name.as_bytes().first()?;
    let allowed = |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'$' | b'-');
    // A constant's name (`IFRAME:`), not a capitalized word; a number (an
    // array's or a tuple's index, `4:`).
    let constant = name.len() >= 2
        && name
            .bytes()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_')
        && first.is_ascii_uppercase();
    let index = name.bytes().all(|byte| byte.is_ascii_digit());
    let starts = first.is_ascii_lowercase()
        || matches!(first, b'_' | b'$' | b'-')
        || constant
        || index
        || (quoted && (first.is_ascii_alphanumeric() || first == b'@'));
    if !starts || !name.bytes().skip(1).all(allowed) {
        return None;
    }
    let digits_after_letters =
        first.is_ascii_alphabetic() && name.bytes().any(|byte| byte.is_ascii_digit());
    let kebab = name.trim_start_matches('-').contains('-') || name.starts_with('-');
    Some(
        quoted
            || optional
            || method
            || kebab
            || digits_after_letters
            || is_camel_case(name)
            || name.contains(['_', '$']),
    )
}

/// Whether the value chunk `chunk` is one that only code writes: a literal
/// of JavaScript or a type of TypeScript, a CSS length, colour or keyword,
/// a string in quotes, a union's `|`, a call, a member or a camelCase name.
fn is_code_value(chunk: &str) -> bool {
    let value = chunk.trim_end_matches([',', ';']);
    let keyword = matches!(
        value,
        "true"
            | "false"
            | "null"
            | "undefined"
            | "string"
            | "number"
            | "boolean"
            | "void"
            | "any"
            | "never"
            | "none"
            | "auto"
            | "inherit"
            | "!important"
            | "|"
            | "{}"
            | "[]"
    );
    let quoted = value.len() >= 2
        && ((value.starts_with('\'') && value.ends_with('\''))
            || (value.starts_with('"') && value.ends_with('"')));
    let member = value.split_once('.').is_some_and(|(object, field)| {
        object
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && field
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic())
    });
    keyword
        || quoted
        || member
        || is_css_mark(chunk)
        || value.ends_with("[]")
        || value.contains("()")
        || value.starts_with("function")
        || is_camel_case(value)
}

/// Bare punctuation that may stand between pairs: the braces and brackets
/// around a rule or an object (`{`, `},`, `});`).
fn is_bare_punctuation(chunk: &str) -> bool {
    chunk.bytes().all(|byte| b"{}()[];,".contains(&byte))
}

/// The runs of declarations among `chunks`, the whitespace-separated pieces
/// of `text` in order.
pub(crate) fn declaration_runs(text: &str, chunks: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut runs = Vec::new();
    let mut run = Run::default();
    let mut pair: Option<Pair> = None;
    let mut previous_end = 0;
    for span in chunks {
        let chunk = &text[span.range()];
        let gap = text.get(previous_end..span.start).unwrap_or_default();
        previous_end = span.end;
        let new_line = gap.contains('\n');
        // A blank line ends a run: a manual lists `name: meaning` pairs one
        // paragraph each.
        if gap.matches('\n').nth(1).is_some() {
            if let Some(open) = pair.take() {
                run.add_unterminated(open, &mut runs);
            }
            run.finish(&mut runs);
        }
        if let Some(mut open) = pair.take() {
            let next_key = key(chunk);
            // A value stays on its key's line.
            if next_key.is_none() && !new_line && open.values < MAX_VALUE_CHUNKS {
                let code_value = is_code_value(chunk);
                open.values += 1;
                open.code |= code_value;
                open.end = span.end;
                if open.values == 1 {
                    open.first_value = Some((span.end, code_value));
                }
                if chunk.ends_with([',', ';']) {
                    run.add(open);
                } else if chunk.ends_with(['.', '!', '?', ':']) {
                    run.add_unterminated(open, &mut runs);
                    run.finish(&mut runs);
                } else {
                    pair = Some(open);
                }
                continue;
            }
            // A value without a terminator ends at the next key on its line
            // (`closeIconLabel?: string revisionMessage?: string`).
            run.add_unterminated(open, &mut runs);
            if next_key.is_none() || new_line {
                run.finish(&mut runs);
            }
        }
        if let Some(code) = key(chunk) {
            pair = Some(Pair {
                start: span.start,
                end: span.end,
                values: 0,
                first_value: None,
                code,
            });
        } else if !(run.pairs > 0 && is_bare_punctuation(chunk)) {
            run.finish(&mut runs);
        }
    }
    if let Some(open) = pair {
        run.add_unterminated(open, &mut runs);
    }
    run.finish(&mut runs);
    runs
}

/// A key and the value chunks read so far.
#[derive(Debug, Clone, Copy)]
struct Pair {
    start: usize,
    end: usize,
    values: usize,
    /// Where the first value chunk ends, and whether only code writes it.
    first_value: Option<(usize, bool)>,
    /// Its key or one of its values is one only code writes.
    code: bool,
}

/// The pairs in a row read so far.
#[derive(Debug, Default)]
struct Run {
    start: usize,
    end: usize,
    pairs: usize,
    code_pairs: usize,
}

impl Run {
    fn add(&mut self, pair: Pair) {
        if self.pairs == 0 {
            self.start = pair.start;
        }
        self.end = pair.end;
        self.pairs += 1;
        self.code_pairs += usize::from(pair.code);
    }

    /// Adds a pair whose value has no terminator: its first value chunk
    /// alone when that is one only code writes (`string` before prose);
    /// otherwise the run ends before it.
    fn add_unterminated(&mut self, pair: Pair, runs: &mut Vec<Span>) {
        if let Some((end, true)) = pair.first_value {
            self.add(Pair {
                end,
                values: 1,
                code: true,
                ..pair
            });
        } else {
            self.finish(runs);
        }
    }

    /// Keeps the run if it is code, and starts a new one.
    fn finish(&mut self, runs: &mut Vec<Span>) {
        let is_code = (self.pairs >= MIN_PAIRS && self.code_pairs >= 1)
            || (self.pairs >= MIN_CODE_PAIRS && self.code_pairs >= MIN_CODE_PAIRS);
        if is_code {
            runs.push(Span::new(self.start, self.end));
        }
        *self = Run::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<&str> {
        let mut chunks = Vec::new();
        let mut offset = 0;
        for piece in text.split_inclusive(char::is_whitespace) {
            let word = piece.trim_end();
            if !word.is_empty() {
                chunks.push(Span::new(offset, offset + word.len()));
            }
            offset += piece.len();
        }
        declaration_runs(text, chunks.into_iter())
            .into_iter()
            .map(|span| &text[span.range()])
            .collect()
    }

    #[test]
    fn object_literal_css_and_interface_members_are_runs() {
        assert_eq!(
            runs("The player loads. controls: true, height: 720, width: 1280, loop: false, Then"),
            ["controls: true, height: 720, width: 1280, loop: false,"]
        );
        assert_eq!(
            runs("A margin: 0 .2rem; font-size: 90%; white"),
            ["margin: 0 .2rem; font-size: 90%;"]
        );
        assert_eq!(
            runs("x dimension37?: string | undefined; dimension38?: string | undefined; y"),
            ["dimension37?: string | undefined; dimension38?: string | undefined;"]
        );
        assert_eq!(
            runs("acceptBtn?: string closeIconLabel?: string Read more."),
            ["acceptBtn?: string closeIconLabel?: string"]
        );
    }

    #[test]
    fn prose_with_colons_is_not_a_run() {
        for prose in [
            "Note: the office is closed; Hours: nine to five; Phone: none.",
            "We had three goals: speed, safety, and price: all met.",
            "wins: 3, losses: 2, draws: 1, and a bye.",
            "The ratio was 3:1, then 2:1, then 1:1 by noon.",
            "flour: two cups, sugar: one cup, butter: half a cup,",
            "Remember this: a key: a lock.",
        ] {
            assert!(runs(prose).is_empty(), "{prose}");
        }
    }
}
