#!/usr/bin/env python3
"""Damage clean English the way scrapers do, to measure copydesk's recall.

    tests/corpus/damage.py OUT_DIR CLEAN_FILE...

For each clean file, writes OUT_DIR/<name>.txt: the words of the file,
lowercased, with punctuation stripped and apostrophes turned into spaces, on
one line (like the seed article); and OUT_DIR/<name>.expected.json: the byte
spans of every "word s" / "don t" pair that lost an apostrophe.

The clean files themselves are used as they are to count false positives.
Generated corpora are not committed; see tests/corpus/measure.sh.
"""
import json
import pathlib
import re
import sys

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def damage(text):
    pieces, expected, offset = [], [], 0
    for token in WORD.findall(text):
        lowered = token.lower()
        parts = re.split(r"['\u2019]", lowered)
        damaged = " ".join(parts)
        if len(parts) == 2:
            start = offset
            end = start + len(damaged.encode())
            expected.append({"start": start, "end": end, "original": token})
        pieces.append(damaged)
        offset += len(damaged.encode()) + 1
    return " ".join(pieces) + "\n", expected


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[2:]:
        path = pathlib.Path(name)
        text = path.read_text(encoding="utf-8", errors="replace")
        damaged, expected = damage(text)
        stem = path.name.replace(".", "_")
        (out / f"{stem}.txt").write_text(damaged, encoding="utf-8")
        (out / f"{stem}.expected.json").write_text(json.dumps(expected), encoding="utf-8")


if __name__ == "__main__":
    main()
