#!/usr/bin/env python3
"""Recall and precision of lost-apostrophe on real news text whose apostrophes were lost.

    tests/corpus/measure_apostrophes.py COPYDESK_BINARY [--split dev|heldout]
        [--articles FILE] [--work DIR] [--safe-only] [--show N]

Reads the BBC articles that fetch_articles.py caches (each with a "dev" or
"heldout" split decided by the hash of its id), keeps the chosen half, and
damages every article twice, the way scrapers lose apostrophes:

- punctuated: every apostrophe (' or ’) between two letters or digits
  becomes a space ("It's the world's" -> "It s the world s"); case and all
  other punctuation stay;
- flattened: as damage.py does for the seed-like form: lowercase, every
  character that is not a letter or digit a separator, words joined by one
  space, so apostrophes become spaces like all other punctuation.

It remembers the byte offset of every space that was an apostrophe, runs
copydesk with only lost-apostrophe on both forms, and counts, per form:

- recall: apostrophes whose space a diagnostic's fix replaces with ' or ’;
- precision: of all the apostrophe edits in the fixes, those that restore a
  lost apostrophe.

Misses are grouped by shape: what was lost (a possessive "s", or a
contraction's ending), where the stem stands (sentence start, after a comma
or other punctuation, capitalised inside a sentence, lowercase) and what
follows (a number, punctuation or the end, a word).

Tune on "dev" only. On "heldout" the script prints the summary numbers and
never the misses or false positives, so that nobody tunes on them.
"""
import collections
import re

import corpuslib

APOSTROPHE = re.compile(r"(?<=[^\W_])['\u2019](?=[^\W_])")
ENDINGS = {"t", "re", "ve", "ll", "d", "m"}


def punctuated(text):
    """The text with apostrophes between letters or digits turned into spaces,
    and the byte offsets of those spaces."""
    return corpuslib.spaced(text, APOSTROPHE)


def flattened(text):
    """The words of the text, lowercase, joined by single spaces, and the byte
    offsets of the spaces that were apostrophes."""
    return corpuslib.flattened_marking(text, ("'", "\u2019"))


def shape(text, gap):
    """A short description of the lost apostrophe at byte offset gap of text."""
    before = text[:gap].decode(errors="replace")
    after = text[gap + 1:].decode(errors="replace")
    stem = re.search(r"[^\W_]+$", before)
    stem_start = stem.start() if stem else len(before)
    ending = re.match(r"[^\W_]+", after)
    ending_text = ending.group() if ending else ""
    kind = "contraction" if ending_text.lower() in ENDINGS else "possessive" if ending_text.lower() == "s" else "other"
    preceding = before[:stem_start].rstrip(" ")
    if not preceding or preceding.endswith(("\n", ".", "!", "?", '"', "\u201c")):
        where = "sentence-start"
    elif preceding.endswith((",", ";", ":", "(", "-", "\u2013", "\u2014")):
        where = "after-punctuation"
    elif stem and stem.group()[:1].isupper():
        where = "capitalised"
    else:
        where = "lowercase"
    rest = after[len(ending_text):]
    following = re.match(r" ([^\W_]+)", rest)
    if not following:
        follows = "before-punctuation"
    elif following.group(1)[:1].isdigit():
        follows = "before-number"
    else:
        follows = "before-word"
    return f"{kind} {where} {follows}"


def context(text, gap, words=2):
    before = text[:gap].split()[-words:]
    after = text[gap + 1:].split()[:words]
    return (b" ".join(before) + b"_" + b" ".join(after)).decode(errors="replace")


def main():
    parser = corpuslib.measure_arguments(__doc__, "how many misses and false positives to list (dev only)")
    parser.add_argument("--context", type=int, default=1, help="words of context either side of a miss")
    args = parser.parse_args()
    show = args.show if args.split == "dev" else 0

    forms = (("punctuated", punctuated), ("flattened", flattened))
    for form, folder, expected, texts, articles in corpuslib.damaged_forms(args, forms):
        restored, edits_total, wrong = corpuslib.score_fixes(
            args.binary, "lost-apostrophe", folder, expected, ("'", "\u2019"), args.safe_only)
        correct = edits_total - len(wrong)
        false_positives = collections.Counter(context(texts[path], edit["start"]) for path, _, edit in wrong)
        wanted = sum(len(gaps) for gaps in expected.values())
        shapes, examples = collections.Counter(), collections.defaultdict(collections.Counter)
        for path, gaps in expected.items():
            text = texts[path]
            for gap in gaps - restored[path]:
                described = shape(text, gap)
                shapes[described] += 1
                examples[described][context(text, gap, args.context)] += 1
        recovered = sum(len(r) for r in restored.values())
        print(f"{args.split} {form}: {articles} articles, {wanted} lost apostrophes, "
              f"{edits_total} restored by fixes, {correct} correct")
        print(f"  recall {recovered / max(wanted, 1):.4f}  precision {correct / max(edits_total, 1):.4f}")
        if show:
            print("  misses by shape:")
            for described, count in shapes.most_common():
                print(f"    {count:5d}  {described}: {examples[described].most_common(show)}")
            print("  false positives:", false_positives.most_common(show))


if __name__ == "__main__":
    main()
