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

The articles are not consistent: they write "a two-year deal" in one place
and "a two year deal" in another, and a fix that hyphenates the second is
counted wrong. So a second precision is printed, one that counts as right
the wrong edits that join a pair the dev half of the articles hyphenates in
most of the places it writes the pair at all (at least
SOURCE_STYLE_MIN_HYPHENATED times): an estimate of how much of the shortfall
is the source's own inconsistency. The first figure is the one to report.
"""
import collections
import json
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


# How often the dev half must hyphenate a pair, and in what share of the
# places where it writes the pair, for an edit joining it to count as the
# source's own style in the second precision.
SOURCE_STYLE_MIN_HYPHENATED = 3
SOURCE_STYLE_MIN_SHARE = 0.5

CHAIN = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
WORD = re.compile(r"[^\W_]+")


def source_style_pairs(articles_path):
    """The lowercase word pairs that the dev half of the articles hyphenates
    at least SOURCE_STYLE_MIN_HYPHENATED times and in at least
    SOURCE_STYLE_MIN_SHARE of the places where it writes them."""
    texts = []
    with open(articles_path, encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article["split"] == "dev":
                texts.append("\n\n".join([article["title"], *article["paragraphs"]]).lower())
    hyphenated = collections.Counter()
    for text in texts:
        for chain in CHAIN.finditer(text):
            parts = chain.group().split("-")
            hyphenated.update(zip(parts, parts[1:]))
    spaced = collections.Counter()
    for text in texts:
        for line in text.splitlines():
            words = line.split(" ")
            spaced.update(pair for pair in zip(words, words[1:]) if pair in hyphenated)
    return {
        pair for pair, count in hyphenated.items()
        if count >= SOURCE_STYLE_MIN_HYPHENATED
        and count / (count + spaced[pair]) >= SOURCE_STYLE_MIN_SHARE
    }


def joined_pair(text, edit):
    """The lowercase words on either side of the space that edit replaces."""
    before = WORD.findall(text[:edit["start"]].decode(errors="replace")[-60:].lower())
    after = WORD.findall(text[edit["end"]:].decode(errors="replace")[:60].lower())
    return (before[-1] if before else "", after[0] if after else "")


def main():
    args = corpuslib.measure_arguments(__doc__, "how many misses and false positives to list").parse_args()

    forms = (("punctuated", punctuated), ("flattened", flattened))
    source_style = source_style_pairs(args.articles)
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
        styled = sum(joined_pair(texts[path], edit) in source_style for path, _, edit in wrong)
        print(f"  precision counting the {styled} wrong edits that join a pair the dev half mostly "
              f"hyphenates as right: {(correct + styled) / max(edits_total, 1):.3f}")
        if args.show:
            print("  most common misses:", misses.most_common(args.show))
            print("  false positives:", false_positives.most_common(args.show))


if __name__ == "__main__":
    main()
