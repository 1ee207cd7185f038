#!/usr/bin/env python3
"""Recall and precision of lost-hyphen on real news text whose hyphens were lost.

    tests/corpus/measure_hyphens.py COPYDESK_BINARY [--split dev|heldout]
        [--articles FILE] [--work DIR] [--safe-only] [--show N]

Reads the BBC articles that fetch_articles.py caches (each with a "dev" or
"heldout" split decided by the hash of its id), keeps the chosen half, and
damages every article twice, the way scrapers lose hyphens:

- punctuated: every "-" between two letters or digits becomes a space
  ("a 28-year-old co-founder" -> "a 28 year old co founder"), nothing else
  changes;
- flattened: as damage.py does for the seed-like form: lowercase, every
  character that is not a letter or digit a separator, words joined by one
  space, so hyphens become spaces like all other punctuation.

It remembers the byte offset of every space that was a hyphen, runs copydesk
with only lost-hyphen on both forms, and counts, per form:

- recall: hyphens whose space a diagnostic's fix replaces with "-";
- precision: of all the "-" edits in the fixes, those that restore a lost
  hyphen.

Hyphens in scores and ranges ("won 2-0", "1990-95") count as expected, so
recall below 100% is expected. Tune on "dev" only; report "heldout".
"""
import argparse
import collections
import json
import pathlib
import re
import subprocess
import sys
import tempfile

import corpuslib

HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")
TOKEN = re.compile(r"[^\W_]+")


def punctuated(text):
    """The text with hyphens between letters or digits turned into spaces, and
    the byte offsets of those spaces."""
    out, gaps, last, size = [], [], 0, 0
    for match in HYPHEN.finditer(text):
        piece = text[last:match.start()]
        out.append(piece)
        size += len(piece.encode())
        gaps.append(size)
        out.append(" ")
        size += 1
        last = match.end()
    out.append(text[last:])
    return "".join(out), gaps


def flattened(text):
    """The words of the text, lowercase, joined by single spaces (apostrophes and
    all other punctuation become separators), and the byte offsets of the spaces
    that were hyphens."""
    words, gaps, size = [], [], 0
    previous_end = None
    for match in TOKEN.finditer(text):
        word = match.group().lower()
        if words:
            if text[previous_end:match.start()] == "-":
                gaps.append(size)
            size += 1
        words.append(word)
        size += len(word.encode())
        previous_end = match.end()
    return " ".join(words) + "\n", gaps


def run(binary, folder):
    result = subprocess.run(
        [binary, "check", "--select", "lost-hyphen", "--output-format", "json", str(folder)],
        capture_output=True, check=False,
    )
    if result.returncode not in (0, 1):
        sys.exit(f"copydesk failed: {result.stderr.decode()}")
    return json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--split", default="dev", choices=["dev", "heldout"])
    parser.add_argument("--articles", default=str(corpuslib.CACHE / "bbc" / "articles.jsonl"))
    parser.add_argument("--work", help="folder for the damaged files (default: a temporary one)")
    parser.add_argument("--safe-only", action="store_true", help="count only safe fixes")
    parser.add_argument("--show", type=int, default=15, help="how many misses and false positives to list")
    args = parser.parse_args()

    articles = [json.loads(line) for line in open(args.articles, encoding="utf-8")]
    articles = [a for a in articles if a["split"] == args.split]
    with tempfile.TemporaryDirectory() as temporary:
        work = pathlib.Path(args.work or temporary)
        for form, damage in (("punctuated", punctuated), ("flattened", flattened)):
            folder = work / args.split / form
            folder.mkdir(parents=True, exist_ok=True)
            expected, texts = {}, {}
            for article in articles:
                clean = "\n\n".join([article["title"], *article["paragraphs"]]) + "\n"
                damaged, gaps = damage(clean)
                path = folder / (article["id"].replace("/", "-") + ".txt")
                path.write_text(damaged, encoding="utf-8")
                expected[str(path)] = set(gaps)
                texts[str(path)] = damaged.encode()
            restored = collections.defaultdict(set)
            edits_total = correct = 0
            false_positives = collections.Counter()
            for diagnostic in run(args.binary, folder):
                fix = diagnostic.get("fix")
                if not fix or (args.safe_only and fix["applicability"] != "safe"):
                    continue
                path = diagnostic["path"]
                for edit in fix["edits"]:
                    if edit["replacement"] != "-":
                        continue
                    edits_total += 1
                    if edit["start"] in expected.get(path, ()):
                        correct += 1
                        restored[path].add(edit["start"])
                    else:
                        text = texts[path]
                        span = diagnostic["span"]
                        false_positives[text[span["start"]:span["end"]].decode(errors="replace").lower()] += 1
            wanted = sum(len(gaps) for gaps in expected.values())
            misses = collections.Counter()
            for path, gaps in expected.items():
                text = texts[path]
                for gap in gaps - restored[path]:
                    before = text[:gap].split()[-1:] or [b""]
                    after = text[gap + 1:].split()[:1] or [b""]
                    misses[(before[0] + b"-" + after[0]).decode(errors="replace").lower()] += 1
            recovered = sum(len(r) for r in restored.values())
            print(f"{args.split} {form}: {len(articles)} articles, {wanted} lost hyphens, "
                  f"{edits_total} restored by fixes, {correct} correct")
            print(f"  recall {recovered / max(wanted, 1):.3f}  precision {correct / max(edits_total, 1):.3f}")
            if args.show:
                print("  most common misses:", misses.most_common(args.show))
                print("  false positives:", false_positives.most_common(args.show))


if __name__ == "__main__":
    main()
