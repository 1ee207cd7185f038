//! Unified diffs of a text before and after its fixes, as `patch` and GNU
//! `diff` read them.
//!
//! Lines are compared with Myers' algorithm, which finds the fewest changed
//! lines but costs time in proportion to the lines times the changes. A
//! corpus's worth of fixes in one large file (a fix on every paragraph of
//! a 20 MB file) would take minutes, so past [`MYERS_BUDGET`] the texts are
//! first cut at the lines that occur once in each ([`anchored_alignment`]).

use std::ops::Range;

use rustc_hash::FxHashMap;
use similar::algorithms::{Capture, Replace};
use similar::{Algorithm, DiffOp, DiffTag};

/// A unified diff from `old` to `new`, with `a/` and `b/` headers; empty when equal.
///
/// Lines are split as `patch` and GNU `diff` split them: a line ends at
/// `\n` only, so a bare `\r` is part of its line (similar's own line
/// splitting also ends lines at a bare `\r`, which `patch` rejects). A last
/// line with no `\n` is followed by `\ No newline at end of file`.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    use std::fmt::Write as _;

    if old == new {
        return String::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    // Myers compares lines many times over: compare numbers, one per
    // distinct line, rather than the lines' bytes.
    let mut numbers = FxHashMap::default();
    let old_numbers = line_numbers(&old_lines, &mut numbers);
    let new_numbers = line_numbers(&new_lines, &mut numbers);
    let ops = line_ops(&old_numbers, &new_numbers);
    let mut diff = format!("--- a/{path}\n+++ b/{path}\n");
    for hunk in similar::group_diff_ops(ops, CONTEXT_LINES) {
        let (Some(first), Some(last)) = (hunk.first(), hunk.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let _ = writeln!(
            diff,
            "@@ -{} +{} @@",
            hunk_range(&old_range),
            hunk_range(&new_range)
        );
        for op in &hunk {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            let (sign, lines) = match tag {
                DiffTag::Equal => (' ', &old_lines[old_range]),
                DiffTag::Delete => ('-', &old_lines[old_range]),
                DiffTag::Insert => ('+', &new_lines[new_range]),
                DiffTag::Replace => {
                    push_lines(&mut diff, '-', &old_lines[old_range]);
                    ('+', &new_lines[new_range])
                }
            };
            push_lines(&mut diff, sign, lines);
        }
    }
    diff
}

/// A number for each of `lines`, the same for equal lines, drawn from
/// `numbers` (and added to it for lines not seen before).
fn line_numbers<'a>(lines: &[&'a str], numbers: &mut FxHashMap<&'a str, usize>) -> Vec<usize> {
    lines
        .iter()
        .map(|&line| {
            let next = numbers.len();
            *numbers.entry(line).or_insert(next)
        })
        .collect()
}

/// The unified diff of one line of the file `path`, line `number` (1-based),
/// from `old` to `new`; `ended` tells whether the line ends with `\n`.
pub(crate) fn line_diff(path: &str, number: usize, old: &str, new: &str, ended: bool) -> String {
    let newline = if ended { "\n" } else { "" };
    let mut diff = format!("--- a/{path}\n+++ b/{path}\n@@ -{number} +{number} @@\n");
    push_lines(&mut diff, '-', &[&format!("{old}{newline}")]);
    push_lines(&mut diff, '+', &[&format!("{new}{newline}")]);
    diff
}

/// Appends `lines` to a diff, each after `sign`, marking a last line with no newline.
fn push_lines(diff: &mut String, sign: char, lines: &[&str]) {
    for line in lines {
        diff.push(sign);
        diff.push_str(line);
        if !line.ends_with('\n') {
            diff.push_str("\n\\ No newline at end of file\n");
        }
    }
}

/// A hunk's line range as GNU diff writes it: `start,length`, 1-based, the
/// length left out when it is 1; an empty range starts at the line before it.
fn hunk_range(range: &Range<usize>) -> String {
    match range.len() {
        0 => format!("{},0", range.start),
        1 => format!("{}", range.start + 1),
        len => format!("{},{len}", range.start + 1),
    }
}

/// Lines of context around each hunk, as `diff -u` prints.
const CONTEXT_LINES: usize = 3;

/// Above this many line comparisons (the lines of both texts times the
/// lines that differ at least, a bound of what Myers' algorithm may take,
/// about a second), the texts are first cut at lines that occur once in
/// each ([`anchored_alignment`]).
const MYERS_BUDGET: usize = 1_000_000_000;

/// The edit script from `old` to `new` (lines given as numbers, equal
/// numbers for equal lines): Myers' fewest changes when that is cheap
/// enough, else an anchored alignment.
fn line_ops(old: &[usize], new: &[usize]) -> Vec<DiffOp> {
    if is_cheap(old, 0..old.len(), new, 0..new.len()) {
        similar::capture_diff_slices(Algorithm::Myers, old, new)
    } else {
        anchored_alignment(old, new)
    }
}

/// Whether Myers' algorithm aligns `old[old_range]` with `new[new_range]`
/// within [`MYERS_BUDGET`].
fn is_cheap(
    old: &[usize],
    old_range: Range<usize>,
    new: &[usize],
    new_range: Range<usize>,
) -> bool {
    let lines = old_range.len() + new_range.len();
    lines_without_partner(&old[old_range], &new[new_range]).saturating_mul(lines) <= MYERS_BUDGET
}

/// How many lines of `old` and `new` have no equal line on the other side
/// (counted with their repeats): a lower bound of the lines an edit script
/// changes.
fn lines_without_partner(old: &[usize], new: &[usize]) -> usize {
    let mut balance: FxHashMap<usize, isize> = FxHashMap::default();
    for &line in old {
        *balance.entry(line).or_default() += 1;
    }
    for &line in new {
        *balance.entry(line).or_default() -= 1;
    }
    balance.values().map(|count| count.unsigned_abs()).sum()
}

/// An edit script from `old` to `new` that keeps, as anchors, the lines
/// that occur once in each text, in order (as patience diff does; fixes
/// change lines in place or delete them, so most of a text's distinct
/// lines stay), and aligns the stretches between anchors with Myers'
/// algorithm where that is cheap, else line by line ([`in_place`]).
fn anchored_alignment(old: &[usize], new: &[usize]) -> Vec<DiffOp> {
    let mut counts: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
    for &line in old {
        counts.entry(line).or_default().0 += 1;
    }
    let mut new_place: FxHashMap<usize, usize> = FxHashMap::default();
    for (index, &line) in new.iter().enumerate() {
        counts.entry(line).or_default().1 += 1;
        new_place.insert(line, index);
    }
    let mut anchors = Vec::new();
    let mut next_new = 0;
    for (old_index, line) in old.iter().enumerate() {
        if counts.get(line) != Some(&(1, 1)) {
            continue;
        }
        if let Some(&new_index) = new_place.get(line).filter(|&&index| index >= next_new) {
            anchors.push((old_index, new_index));
            next_new = new_index + 1;
        }
    }
    anchors.push((old.len(), new.len()));

    let mut ops = Vec::new();
    let (mut old_start, mut new_start) = (0, 0);
    for (old_anchor, new_anchor) in anchors {
        let (old_gap, new_gap) = (old_start..old_anchor, new_start..new_anchor);
        if is_cheap(old, old_gap.clone(), new, new_gap.clone()) {
            let mut capture = Replace::new(Capture::new());
            // Capturing cannot fail.
            let _ = similar::algorithms::myers::diff(&mut capture, old, old_gap, new, new_gap);
            for op in capture.into_inner().into_ops() {
                match op {
                    DiffOp::Equal {
                        old_index,
                        new_index,
                        len,
                    } => push_equal(&mut ops, old_index, new_index, len),
                    other => ops.push(other),
                }
            }
        } else {
            in_place(old, old_gap, new, new_gap, &mut ops);
        }
        if old_anchor < old.len() {
            push_equal(&mut ops, old_anchor, new_anchor, 1);
        }
        (old_start, new_start) = (old_anchor + 1, new_anchor + 1);
    }
    ops
}

/// Aligns `old[old_range]` with `new[new_range]` line by line when both
/// hold as many lines (a fix on every paragraph keeps the blank lines
/// between them), else as one change.
fn in_place(
    old: &[usize],
    old_range: Range<usize>,
    new: &[usize],
    new_range: Range<usize>,
    ops: &mut Vec<DiffOp>,
) {
    if old_range.len() != new_range.len() {
        if !(old_range.is_empty() && new_range.is_empty()) {
            ops.push(change(
                old_range.start,
                old_range.len(),
                new_range.start,
                new_range.len(),
            ));
        }
        return;
    }
    for (old_index, new_index) in old_range.zip(new_range) {
        if old[old_index] == new[new_index] {
            push_equal(ops, old_index, new_index, 1);
        } else {
            ops.push(change(old_index, 1, new_index, 1));
        }
    }
}

/// Appends `len` equal lines, joined to the equal lines right before them:
/// hunks are grouped around changes, and two equal runs in a row would
/// make a hunk of context alone.
fn push_equal(ops: &mut Vec<DiffOp>, old_index: usize, new_index: usize, len: usize) {
    if let Some(DiffOp::Equal {
        old_index: last_old,
        new_index: last_new,
        len: last_len,
    }) = ops.last_mut()
    {
        if *last_old + *last_len == old_index && *last_new + *last_len == new_index {
            *last_len += len;
            return;
        }
    }
    ops.push(DiffOp::Equal {
        old_index,
        new_index,
        len,
    });
}

/// The operation that turns `old_len` lines at `old_index` into `new_len`
/// lines at `new_index` (not both zero).
fn change(old_index: usize, old_len: usize, new_index: usize, new_len: usize) -> DiffOp {
    match (old_len, new_len) {
        (_, 0) => DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        },
        (0, _) => DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        },
        _ => DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lines_end_at_newlines_only_and_a_missing_one_is_marked() {
        let diff = unified_diff("a.txt", "one\rtwo\nthree", "one\rtwo\nfour");
        assert_eq!(
            diff,
            "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\rtwo\n-three\n\\ No newline at end of file\n+four\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn diff_hunks_count_lines_as_gnu_diff_does() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\n5\n6\n7\n8\nnine\n";
        let diff = unified_diff("a", old, new);
        assert!(
            diff.contains("@@ -6,4 +6,4 @@\n 6\n 7\n 8\n-9\n+nine\n"),
            "{diff}"
        );
        assert_eq!(hunk_range(&(3..3)), "3,0");
        assert_eq!(hunk_range(&(3..4)), "4");
    }

    /// Applies `ops` to `old`, checking that equal lines are equal and that
    /// no two runs of them follow each other (a hunk of context alone).
    fn apply(ops: &[DiffOp], old: &[usize], new: &[usize]) -> Vec<usize> {
        assert!(
            !ops.windows(2)
                .any(|pair| pair.iter().all(|op| op.tag() == DiffTag::Equal)),
            "{ops:?}"
        );
        let mut out = Vec::new();
        let mut at_old = 0;
        for op in ops {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            assert_eq!(old_range.start, at_old, "ops cover every line in order");
            if tag == DiffTag::Equal {
                assert_eq!(old[old_range.clone()], new[new_range.clone()]);
            }
            out.extend_from_slice(&new[new_range]);
            at_old = old_range.end;
        }
        assert_eq!(at_old, old.len());
        out
    }

    #[test]
    fn an_anchored_alignment_rebuilds_the_new_text_and_keeps_unchanged_lines() {
        // Paragraphs (odd numbers) between blank lines (0): two fixed, two
        // deleted, one unchanged.
        let old = [1, 0, 3, 0, 5, 0, 7, 0, 9, 0, 11];
        let new = [2, 0, 4, 0, 9, 0, 12];
        let ops = anchored_alignment(&old, &new);
        assert_eq!(apply(&ops, &old, &new), new);
        let kept: usize = ops
            .iter()
            .filter(|op| op.tag() == DiffTag::Equal)
            .map(|op| op.old_range().len())
            .sum();
        assert_eq!(kept, 4, "{ops:?}");
    }

    #[test]
    fn lines_changed_in_place_are_paired_where_myers_would_cost_too_much() {
        let old: Vec<usize> = (0..2000)
            .map(|line| if line % 2 == 0 { 0 } else { line })
            .collect();
        let mut ops = Vec::new();
        let new: Vec<usize> = old
            .iter()
            .map(|&line| if line == 0 { 0 } else { line + 5000 })
            .collect();
        in_place(&old, 0..old.len(), &new, 0..new.len(), &mut ops);
        assert_eq!(apply(&ops, &old, &new), new);
        assert_eq!(
            ops.iter().filter(|op| op.tag() == DiffTag::Equal).count(),
            1000
        );
    }

    #[test]
    fn many_changes_in_a_long_text_are_paired_line_by_line() {
        let old: Vec<usize> = (0..40_000)
            .map(|line| if line % 2 == 0 { 0 } else { line })
            .collect();
        let new: Vec<usize> = old
            .iter()
            .map(|&line| if line == 0 { 0 } else { line + 100_000 })
            .collect();
        assert!(lines_without_partner(&old, &new) * (old.len() + new.len()) > MYERS_BUDGET);
        let diff = unified_diff(
            "a",
            &old.iter()
                .map(|line| format!("{line}\n"))
                .collect::<String>(),
            &new.iter()
                .map(|line| format!("{line}\n"))
                .collect::<String>(),
        );
        assert_eq!(
            diff.lines().filter(|line| line.starts_with('-')).count(),
            20_001
        );
    }
}
