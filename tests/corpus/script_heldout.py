#!/usr/bin/env python3
"""Held-out recall and precision of leftover-script, in both forms.

    tests/corpus/script_heldout.py [--dev] [--misses FILE] COPYDESK_BINARY [CLEAN_CORPUS] [COUNT]

Run by hand after `tests/corpus/script_model.py fetch`. Writes synthetic
documents to a temporary folder from material the table was neither learned
nor tuned on: snippets of code from the held-out npm packages of each family
(script_model.split_packages), between sentences of the held-out prose files
(script_model.is_held_out_prose), plus documents of held-out prose alone.
Each form is measured: stripped (lowercase, letters and digits only, as in
the seed article) and punctuated (prose and code as written).

A snippet is found when flagged spans cover at least half of its words; its
edges are right when the flagged span starts and ends within one word of the
snippet's. A flagged span is correct when at least half of its words are code.

`--dev` measures the same way on the training packages and training prose
instead, the material to read while tuning; `--misses FILE` writes there
each missed snippet and each wrong flag (with `--dev` only: the held-out
material is never read).
"""
import collections
import json
import pathlib
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import script_model as model  # noqa: E402

BANDS = [(5, 9), (10, 30), (31, 120)]


def word_offsets(text):
    """Byte (start, end) of every word, as copydesk counts bytes."""
    out = []
    for match in model.WORD.finditer(text):
        start = len(text[:match.start()].encode())
        out.append((start, start + len(match.group().encode())))
    return out


def measure(binary, docs, label, misses=None):
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, (text, spans) in enumerate(docs):
            path = pathlib.Path(folder) / f"{index:05}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        result = subprocess.run(
            [binary, "check", "--select", "leftover-script", "--output-format", "json", folder],
            capture_output=True, check=False)
        if result.returncode not in (0, 1):
            sys.exit(result.stderr.decode())
        flagged = collections.defaultdict(list)
        for diagnostic in json.loads(result.stdout):
            flagged[pathlib.Path(diagnostic["path"]).name].append(
                (diagnostic["span"]["start"], diagnostic["span"]["end"]))
    found = expected = edges = right = total = 0
    by_band = collections.Counter()
    band_total = collections.Counter()
    prose_only_flags = 0
    for index, (text, spans) in enumerate(docs):
        words = word_offsets(text)
        hits = flagged.get(f"{index:05}.txt", [])
        is_code = [any(a <= s < b for a, b in spans) for s, _ in words]
        for start, end in hits:
            inside = [i for i, (s, e) in enumerate(words) if start <= s and e <= end]
            total += 1
            correct = bool(inside) and sum(is_code[i] for i in inside) * 2 >= len(inside)
            right += correct
            if misses is not None and not correct:
                misses.write(f"[{label} wrong flag] {text[:start]}<<{text[start:end]}>>{text[end:]}\n")
            prose_only_flags += not spans
        for a, b in spans:
            code = [i for i, (s, _) in enumerate(words) if a <= s < b]
            if not code:
                continue
            expected += 1
            band = next(f"{lo}-{hi}" for lo, hi in BANDS if len(code) <= hi or hi == BANDS[-1][1])
            band_total[band] += 1
            covered = [i for i in code if any(x <= words[i][0] < y for x, y in hits)]
            if len(covered) * 2 >= len(code):
                found += 1
                by_band[band] += 1
                span = next((x, y) for x, y in hits if x <= words[covered[0]][0] < y)
                first = next(i for i, (s, _) in enumerate(words) if s >= span[0])
                last = max(i for i, (_, e) in enumerate(words) if e <= span[1])
                edges += abs(first - code[0]) <= 1 and abs(last - code[-1]) <= 1
            elif misses is not None:
                misses.write(f"[{label} missed] {text[a:b]}\n")
    print(f"{label}: snippets {expected}, found {found} (recall {found / max(expected, 1):.3f}), "
          f"edges within one word {edges}/{found}; flagged {total}, correct {right} "
          f"(precision {right / max(total, 1):.3f}; {prose_only_flags} in prose-only documents)")
    print("  recall by snippet length in words: " + ", ".join(
        f"{band}: {by_band[band]}/{band_total[band]}" for band in band_total))


def main():
    args = sys.argv[1:]
    dev = "--dev" in args
    args = [a for a in args if a != "--dev"]
    misses = None
    if "--misses" in args:
        at = args.index("--misses")
        if not dev:
            sys.exit("--misses needs --dev: held-out material is never read")
        misses = open(args[at + 1], "w", encoding="utf-8")
        del args[at:at + 2]
    if not args:
        sys.exit(__doc__)
    binary = args[0]
    corpus = args[1] if len(args) > 1 else "/tmp/clean-corpus"
    count = int(args[2]) if len(args) > 2 else 600
    train, held_out = model.split_packages()
    packages = train if dev else held_out
    print("dev" if dev else "held-out", "packages:", ", ".join(spec for _, spec in packages))
    code = [model.package_code(spec) for _, spec in packages]
    prose = [path for _, path in model.prose_files(corpus, held_out=not dev)]
    lengths = [5, 6, 7, 8, 9, 12, 20, 40, 80]
    for form, punctuated in (("stripped", False), ("punctuated", True)):
        rng = random.Random(2024)
        docs = list(model.documents(code, prose, rng, count, lengths, punctuated))
        docs += list(model.prose_documents(prose, rng, count * 2, punctuated))
        measure(binary, docs, form, misses)
    # Prose alone, by genre, whole held-out files: false positives per genre.
    rng = random.Random(7)
    genres = collections.defaultdict(list)
    for genre, path in model.prose_files(corpus, held_out=not dev):
        genres[genre].append(path)
    for form, punctuated in (("stripped", False), ("punctuated", True)):
        counts = {}
        for genre, paths in sorted(genres.items()):
            docs = list(model.prose_documents(paths, rng, 200, punctuated))
            with tempfile.TemporaryDirectory() as folder:
                for index, (text, _) in enumerate(docs):
                    (pathlib.Path(folder) / f"{index:05}.txt").write_text(text, encoding="utf-8")
                result = subprocess.run(
                    [binary, "check", "--select", "leftover-script", "--output-format", "json", folder],
                    capture_output=True, check=False)
                counts[genre] = len(json.loads(result.stdout))
        print(f"{form} prose alone, flags in 200 documents per genre: {counts}")


if __name__ == "__main__":
    main()
