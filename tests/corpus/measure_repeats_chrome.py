#!/usr/bin/env python3
"""Measure repeated-passage and boilerplate on corpora made by damage_repeats_chrome.py.

    tests/corpus/measure_repeats_chrome.py --copydesk BINARY DAMAGED_DIR... [--details]

For every DAMAGED_DIR (one per chrome split), runs on the damaged files

    BINARY check --isolated --output-format json FOLDER
    BINARY check --isolated --output-format json --fix --unsafe-fixes FOLDER   (on a copy, in a temp dir)

with the default rules and no configuration file, and prints one table: a row per chrome split x
article split x form. Then it runs the check on the undamaged texts
(DAMAGED_DIR/clean) and prints the findings of both rules there.

Definitions (spans are byte ranges of the damaged file; "covered" means
inside the union of the primary spans of the rule's diagnostics):

- rp recall: a gold repeat copy (the copy to delete) is found when the
  repeated-passage diagnostics cover >= 50 % of its bytes; a json-state
  copy also when leftover-script's do (it deletes a line of page state
  whole, and the repeated-passage finding inside it is then an echo).
- rp precision: a repeated-passage diagnostic is a true positive when >= 50 %
  of its bytes lie in gold repeat copies.
- bp recall, bp precision: the same for boilerplate and gold chrome units
  (a unit is one chrome line, or one run of menu / navigation / footer
  lines).
- bp cover: the mean, over all gold chrome units, of the fraction of the
  unit's bytes covered by boilerplate diagnostics (missed units count 0).
- lost: words of the undamaged article that have no counterpart in the
  text after `--fix --unsafe-fixes` (difflib alignment of the lowercased
  words of the clean and the fixed text), summed over the files; "lf" is
  the number of files with any such loss.
- prose del: in json-state and teaser files only (where the earlier copy is
  the damage), words of the visible article (bytes in no gold span) that the
  fix deleted, by aligning the damaged and the fixed words: the fix kept the
  script or teaser copy and deleted the article. "pf" counts those files.
- repair: 1 - sum d(fixed, clean) / sum d(damaged, clean), where d is a
  word-level edit distance over lowercased words ([^\\W_]+) taken from
  difflib.SequenceMatcher's opcodes (insert and delete count their words,
  replace counts the longer side): an upper bound of Levenshtein distance,
  equal to it when the edits are insertions and deletions, as here.

The tables also break repeat recall down by copy length and by shape, and
chrome recall by class (aggregate numbers only; no held-out line is printed).
"""
import argparse
import collections
import difflib
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

TOKEN = re.compile(rb"[^\W_]+")
LENGTH_BUCKETS = [(10, 19), (20, 49), (50, 99), (100, 199), (200, 399), (400, 800), (801, 10**9)]


def run_check(binary, folder, fix=False):
    command = [binary, "check", "--isolated", "--output-format", "json"]
    if fix:
        command += ["--fix", "--unsafe-fixes"]
    result = subprocess.run(command + [str(folder)], capture_output=True, check=False)
    if result.returncode not in (0, 1):
        sys.exit(f"copydesk failed on {folder}: {result.stderr.decode(errors='replace')[:2000]}")
    return json.loads(result.stdout or b"[]")


def by_path(diagnostics, rule):
    out = collections.defaultdict(list)
    for d in diagnostics:
        if d["rule"] == rule:
            out[str(pathlib.Path(d["path"]).resolve())].append((d["span"]["start"], d["span"]["end"]))
    return out


def union(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def overlap(span, merged):
    start, end = span
    return sum(max(0, min(end, e) - max(start, s)) for s, e in merged)


def tokens(data):
    return [(m.group().lower(), m.start()) for m in TOKEN.finditer(data)]


def distance(a, b):
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    total = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            total += max(i2 - i1, j2 - j1)
    return total


def missing_words(clean, fixed):
    """Words of the clean text that have no counterpart in the fixed text."""
    matcher = difflib.SequenceMatcher(None, clean, fixed, autojunk=False)
    return len(clean) - sum(block.size for block in matcher.get_matching_blocks())


def deleted_positions(damaged, fixed, autojunk=False):
    """Byte offsets of the damaged file's words that the fix removed or changed.
    autojunk=True (difflib's heuristic) is much faster on long pages and can
    only make the alignment worse, never invent a match."""
    a, b = [w for w, _ in damaged], [w for w, _ in fixed]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=autojunk)
    return [damaged[i][1] for op, i1, i2, _, _ in matcher.get_opcodes() if op in ("delete", "replace")
            for i in range(i1, i2)]


def bucket(words):
    for low, high in LENGTH_BUCKETS:
        if low <= words <= high:
            return f"{low}-{high}" if high < 10**9 else f">{low - 1}"
    return "<10"


class Tally:
    def __init__(self):
        self.c = collections.Counter()
        self.cover = []
        self.by_length = collections.defaultdict(lambda: [0, 0])
        self.by_shape = collections.defaultdict(lambda: [0, 0])
        self.by_class = collections.defaultdict(lambda: [0, 0, 0.0])
        self.lost_by_shape = collections.Counter()


def measure_file(path, gold, root, source_root, fixed_root, rp, bp, ls, tally):
    """Adds one damaged file to the tally. root: the folder checked; source_root:
    the folder damage_repeats_chrome.py wrote (the gold's clean path is relative
    to it); fixed_root: the fixed copy of root; rp, bp, ls: the spans of
    repeated-passage, boilerplate and leftover-script, by path."""
    data = path.read_bytes()
    spans = gold["spans"]
    repeats = [(s["start"], s["end"]) for s in spans if s["kind"] == "repeat"]
    chrome = [(s["start"], s["end"]) for s in spans if s["kind"] == "chrome"]
    key = str(path.resolve())
    rp_found, bp_found = union(rp.get(key, [])), union(bp.get(key, []))
    page_state_found = union(rp.get(key, []) + ls.get(key, []))
    gold_repeats, gold_chrome, gold_any = union(repeats), union(chrome), union((s["start"], s["end"]) for s in spans)
    c = tally.c
    for s in spans:
        if s["kind"] == "repeat":
            found = page_state_found if s["shape"] == "json-state" else rp_found
            hit = overlap((s["start"], s["end"]), found) * 2 >= s["end"] - s["start"]
            c["rp_gold"] += 1
            c["rp_hit"] += hit
            tally.by_length[bucket(s["words"])][0] += 1
            tally.by_length[bucket(s["words"])][1] += hit
            tally.by_shape[s["shape"]][0] += 1
            tally.by_shape[s["shape"]][1] += hit
        elif s["kind"] == "chrome":
            fraction = overlap((s["start"], s["end"]), bp_found) / max(1, s["end"] - s["start"])
            c["bp_gold"] += 1
            c["bp_hit"] += fraction >= 0.5
            tally.cover.append(fraction)
            row = tally.by_class[s["class"]]
            row[0] += 1
            row[1] += fraction >= 0.5
            row[2] += fraction
    for span in rp.get(key, []):
        c["rp_diag"] += 1
        c["rp_tp"] += overlap(span, gold_repeats) * 2 >= span[1] - span[0]
    for span in bp.get(key, []):
        c["bp_diag"] += 1
        c["bp_tp"] += overlap(span, gold_chrome) * 2 >= span[1] - span[0]
    clean = (source_root / gold["clean"]).read_bytes()
    fixed = (fixed_root / path.relative_to(root)).read_bytes()
    damaged_tokens, fixed_tokens = tokens(data), tokens(fixed)
    clean_words = [w for w, _ in tokens(clean)]
    c["d_before"] += distance([w for w, _ in damaged_tokens], clean_words)
    c["d_after"] += distance([w for w, _ in fixed_tokens], clean_words)
    lost = missing_words(clean_words, [w for w, _ in fixed_tokens])
    c["lost"] += lost
    tally.lost_by_shape[gold["shape"]] += lost
    c["lost_files"] += lost > 0
    if gold["shape"] in ("json-state", "teaser"):
        prose = sum(1 for pos in deleted_positions(damaged_tokens, fixed_tokens) if overlap((pos, pos + 1), gold_any) == 0)
        c["prose_del"] += prose
        c["prose_files"] += prose > 0
    c["files"] += 1


def ratio(a, b):
    return f"{a / b:.3f}" if b else "  -  "


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copydesk", required=True, help="path of the copydesk binary to measure")
    parser.add_argument("dirs", nargs="+", help="folders written by damage_repeats_chrome.py")
    parser.add_argument("--details", action="store_true", help="also print recall by length, shape and class")
    args = parser.parse_args()
    binary = str(pathlib.Path(args.copydesk).resolve())

    tallies = collections.OrderedDict()
    clean_reports = []
    for folder in args.dirs:
        root = pathlib.Path(folder).resolve()
        with tempfile.TemporaryDirectory(prefix="copydesk-measure-") as tmp:
            work = pathlib.Path(tmp) / "damaged"
            for form in ("flattened", "punctuated"):
                shutil.copytree(root / form, work / form)
            diagnostics = run_check(binary, work)
            rp, bp = by_path(diagnostics, "repeated-passage"), by_path(diagnostics, "boilerplate")
            ls = by_path(diagnostics, "leftover-script")
            fixed_root = pathlib.Path(tmp) / "fixed"
            shutil.copytree(work, fixed_root)
            run_check(binary, fixed_root, fix=True)
            for gold_path in sorted(work.glob("*/*/*.gold.json")):
                gold = json.loads(gold_path.read_text())
                text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
                tally = tallies.setdefault((gold["chrome_split"], gold["split"], gold["form"]), Tally())
                measure_file(text_path, gold, work, root, fixed_root, rp, bp, ls, tally)
        clean_reports.append(root / "clean")

    header = (f"{'chrome':8} {'articles':8} {'form':10} {'files':>5} {'rp rec':>7} {'rp prec':>7} "
              f"{'bp rec':>7} {'bp prec':>7} {'bp cover':>8} {'repair':>7} {'lost':>5} {'lf':>3} {'prose del':>9} {'pf':>3}")
    print(header)
    print("-" * len(header))
    for (chrome, split, form), t in tallies.items():
        c = t.c
        cover = sum(t.cover) / len(t.cover) if t.cover else 0
        repair = 1 - c["d_after"] / c["d_before"] if c["d_before"] else 0
        print(f"{chrome:8} {split:8} {form:10} {c['files']:5} {ratio(c['rp_hit'], c['rp_gold']):>7} "
              f"{ratio(c['rp_tp'], c['rp_diag']):>7} {ratio(c['bp_hit'], c['bp_gold']):>7} "
              f"{ratio(c['bp_tp'], c['bp_diag']):>7} {cover:8.3f} {repair:7.3f} {c['lost']:5} {c['lost_files']:3} {c['prose_del']:9} {c['prose_files']:3}")
    print("(rp = repeated-passage, bp = boilerplate; see the docstring for lost, lf, prose del, pf)")

    if args.details:
        for (chrome, split, form), t in tallies.items():
            print(f"\n[{chrome} chrome, {split} articles, {form}]")
            print("  rp recall by copy length: " + ", ".join(
                f"{k} {v[1]}/{v[0]}" for k, v in sorted(t.by_length.items(), key=lambda kv: int(kv[0].strip('<>').split('-')[0]))))
            print("  rp recall by shape: " + ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(t.by_shape.items())))
            print("  article words lost by shape: " + ", ".join(f"{k} {v}" for k, v in sorted(t.lost_by_shape.items())))
            print("  bp recall (cover) by class: " + ", ".join(
                f"{k} {v[1]}/{v[0]} ({v[2] / v[0]:.2f})" for k, v in sorted(t.by_class.items())))

    # False positives on the undamaged texts (the same for every chrome split,
    # so only the first folder's are checked).
    clean = clean_reports[0]
    with tempfile.TemporaryDirectory(prefix="copydesk-measure-") as tmp:
        work = pathlib.Path(tmp) / "clean"
        shutil.copytree(clean, work)
        diagnostics = run_check(binary, work)
    work = clean  # same layout; the counts below read only file names
    print("\nfindings on the undamaged articles (all are false positives):")
    for form in ("flattened", "punctuated"):
        for split in ("dev", "heldout"):
            files = len(list((work / form / split).glob("*.txt")))
            counts = collections.Counter()
            for d in diagnostics:
                parts = pathlib.Path(d["path"]).parts
                if d["rule"] in ("repeated-passage", "boilerplate") and form in parts and split in parts:
                    counts[d["rule"]] += 1
            print(f"  {form:10} {split:8} {files:4} files: repeated-passage {counts['repeated-passage']}, "
                  f"boilerplate {counts['boilerplate']}")
    examples = [d for d in diagnostics if d["rule"] in ("repeated-passage", "boilerplate")
                and "dev" in pathlib.Path(d["path"]).parts]
    for d in examples[:10]:
        print(f"    {d['rule']}: {pathlib.Path(d['path']).name}: {d['message'][:100]}")


if __name__ == "__main__":
    main()
