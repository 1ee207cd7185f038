#!/usr/bin/env python3
"""Recall and precision of lost-apostrophe on a corpus made by damage.py.

    tests/corpus/measure.py COPYDESK_BINARY DAMAGED_DIR

Runs copydesk on every damaged file and compares the flagged spans with the
expected ones. A pair is "expected" when the clean text had an apostrophe
there; contractions outside copydesk's closed list and possessives after words
that cannot own ("its") count as misses, so recall below 100% is expected.
"""
import collections
import json
import pathlib
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    found_total = expected_total = hits = 0
    false_positives, misses = collections.Counter(), collections.Counter()
    for damaged in sorted(folder.glob("*.txt")):
        expected = json.loads(damaged.with_suffix(".expected.json").read_text())
        result = subprocess.run(
            [binary, "check", "--select", "lost-apostrophe", "--output-format", "json", str(damaged)],
            capture_output=True, check=False,
        )
        if result.returncode not in (0, 1):
            sys.exit(f"copydesk failed on {damaged}: {result.stderr.decode()}")
        found = {(d["span"]["start"], d["span"]["end"]) for d in json.loads(result.stdout)}
        wanted = {(e["start"], e["end"]): e["original"] for e in expected}
        text = damaged.read_bytes()
        for span in found - wanted.keys():
            false_positives[text[span[0]:span[1]].decode()] += 1
        for span in wanted.keys() - found:
            misses[wanted[span].lower()] += 1
        hits += len(found & wanted.keys())
        found_total += len(found)
        expected_total += len(wanted)
    print(f"expected {expected_total}, flagged {found_total}, correct {hits}")
    print(f"recall {hits / max(expected_total, 1):.1%}, precision {hits / max(found_total, 1):.1%}")
    print("most common misses:", misses.most_common(15))
    print("false positives:", false_positives.most_common(15))


if __name__ == "__main__":
    main()
