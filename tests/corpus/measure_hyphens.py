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
import collections
import re

import corpuslib

HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")


def punctuated(text):
    """The text with hyphens between letters or digits turned into spaces, and
    the byte offsets of those spaces."""
    return corpuslib.spaced(text, HYPHEN)


def flattened(text):
    """The words of the text, lowercase, joined by single spaces (apostrophes and
    all other punctuation become separators), and the byte offsets of the spaces
    that were hyphens."""
    return corpuslib.flattened_marking(text, ("-",))


def main():
    args = corpuslib.measure_arguments(__doc__, "how many misses and false positives to list").parse_args()

    forms = (("punctuated", punctuated), ("flattened", flattened))
    for form, folder, expected, texts, articles in corpuslib.damaged_forms(args, forms):
        restored, edits_total, wrong = corpuslib.score_fixes(
            args.binary, "lost-hyphen", folder, expected, ("-",), args.safe_only)
        correct = edits_total - len(wrong)
        false_positives = collections.Counter()
        for path, diagnostic, _ in wrong:
            span = diagnostic["span"]
            false_positives[texts[path][span["start"]:span["end"]].decode(errors="replace").lower()] += 1
        wanted = sum(len(gaps) for gaps in expected.values())
        misses = collections.Counter()
        for path, gaps in expected.items():
            text = texts[path]
            for gap in gaps - restored[path]:
                before = text[:gap].split()[-1:] or [b""]
                after = text[gap + 1:].split()[:1] or [b""]
                misses[(before[0] + b"-" + after[0]).decode(errors="replace").lower()] += 1
        recovered = sum(len(r) for r in restored.values())
        print(f"{args.split} {form}: {articles} articles, {wanted} lost hyphens, "
              f"{edits_total} restored by fixes, {correct} correct")
        print(f"  recall {recovered / max(wanted, 1):.3f}  precision {correct / max(edits_total, 1):.3f}")
        if args.show:
            print("  most common misses:", misses.most_common(args.show))
            print("  false positives:", false_positives.most_common(args.show))


if __name__ == "__main__":
    main()
