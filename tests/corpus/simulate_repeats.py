#!/usr/bin/env python3
"""Simulate one repeat per article, of shapes the damage generator does not make, and measure repeated-passage.

    tests/corpus/simulate_repeats.py --copydesk BINARY [--split dev|heldout] [--count N] [--seed S] [--misses]

For each of the first N BBC articles of the split (in the order of
damage_repeats_chrome.py: sorted by the hash of their id), and each shape,
one copy is inserted into the article's clean text (title and paragraphs,
a blank line apart), in both forms (punctuated; flattened onto one line as
scraping flattens it):

- tandem: a stretch of 10 to 30 words at a random place pasted again right
  after itself, also across a paragraph break (the generator's "tandem"
  stays inside a paragraph);
- paragraph: one paragraph (not the first line, the title) pasted again
  right after itself, under whatever headline it has;
- last: the last paragraph, or the last ones up to 10 words, appended again
  once or twice.

Then `BINARY check --isolated --select repeated-passage --output-format json`
runs on each folder. A copy is found when the findings cover half of its
bytes; a finding is correct when half of its bytes lie in copies. Printed:
recall by shape and copy length (words split at whitespace, as the
generator counts them) and precision, per form; `--misses` also prints each
missed copy. Nothing is written outside a temporary folder. Run by hand,
not in CI; read the dev split while tuning, only the numbers of the
held-out split.
"""
import argparse
import collections
import json
import pathlib
import random
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import corpuslib  # noqa: E402

SHAPES = ["tandem", "paragraph", "last"]
BUCKETS = [(0, 10, "<10"), (10, 15, "10-14"), (15, 20, "15-19"), (20, 50, "20-49"), (50, 10**9, "50+")]


def bucket(words):
    return next(name for low, high, name in BUCKETS if low <= words < high)


def parts(article, shape, rng):
    """The punctuated text around one inserted copy, as (before, copy, after),
    and the copy's length in words; None when the article is too short."""
    blocks = [article["title"]] + article["paragraphs"]
    body = "\n\n".join(blocks)
    if shape == "tandem":
        words = list(re.finditer(r"\S+", body))
        length = rng.randint(10, 30)
        if len(words) < length + 10:
            return None
        start = rng.randrange(5, len(words) - length - 4)
        a, b = words[start].start(), words[start + length - 1].end()
        return (body[:b] + " ", body[a:b], body[b:] + "\n"), length
    if shape == "paragraph":
        if len(blocks) < 3:
            return None
        index = rng.randrange(1, len(blocks))
        after = "".join("\n\n" + block for block in blocks[index + 1:])
        return ("\n\n".join(blocks[:index + 1]) + "\n\n", blocks[index], after + "\n"), len(blocks[index].split())
    # last: the last paragraph, or the last ones up to 10 words, once or twice
    first = len(blocks) - 1
    while first > 1 and sum(len(block.split()) for block in blocks[first:]) < 10:
        first -= 1
    copy = "\n\n".join(blocks[first:] * rng.choice([1, 1, 2]))
    return (body + "\n\n", copy, "\n"), len(copy.split())


def damaged(article, shape, rng, form):
    """The damaged text in `form`, the byte span of its copy and the copy's
    length in words; None when the article is too short for the shape."""
    made = parts(article, shape, rng)
    if made is None:
        return None
    (before, copy, after), words = made
    if form == "flattened":
        before, copy, after = (" ".join(corpuslib.flatten_words(part)) for part in (before, copy, after))
        before = before + " " if before else ""
        after = (" " + after if after else "") + "\n"
    start = len(before.encode())
    return before + copy + after, (start, start + len(copy.encode())), words


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copydesk", required=True)
    parser.add_argument("--split", choices=["dev", "heldout"], default="dev")
    parser.add_argument("--articles", default=str(corpuslib.CACHE / "bbc" / "articles.jsonl"))
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="print each missed copy (dev split only)")
    args = parser.parse_args()
    if args.misses and args.split != "dev":
        sys.exit("--misses prints texts: only for the dev split")

    with open(args.articles, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    articles.sort(key=lambda a: corpuslib.stable_hash(a["id"]))
    articles = [a for a in articles[:args.count] if a["split"] == args.split]

    print(f"{len(articles)} {args.split} articles, seed {args.seed}")
    print(f"{'form':10} {'shape':10} {'copies':>6} {'found':>6}  by length        precision")
    for form in ("punctuated", "flattened"):
        with tempfile.TemporaryDirectory() as tmp:
            folder = pathlib.Path(tmp)
            gold = {}
            for article in articles:
                for shape in SHAPES:
                    rng = random.Random(f"{args.seed}:{shape}:{article['id']}")
                    made = damaged(article, shape, rng, form)
                    if made is None:
                        continue
                    text, span, words = made
                    name = f"{shape}-{article['id'].replace('/', '-')}.txt"
                    (folder / name).write_text(text, encoding="utf-8")
                    gold[name] = (shape, span, words)
            out = subprocess.run([args.copydesk, "check", "--isolated", "--select", "repeated-passage",
                                  "--output-format", "json", str(folder)], capture_output=True, check=False)
            found_spans = collections.defaultdict(list)
            for d in json.loads(out.stdout or b"[]"):
                found_spans[pathlib.Path(d["path"]).name].append((d["span"]["start"], d["span"]["end"]))
            totals = collections.defaultdict(lambda: collections.Counter())
            correct = flagged = 0
            for name, (shape, (a, b), words) in sorted(gold.items()):
                spans = found_spans.get(name, [])
                covered = sum(max(0, min(b, y) - max(a, x)) for x, y in spans)
                hit = covered * 2 >= b - a
                totals[shape]["copies"] += 1
                totals[shape]["found"] += hit
                totals[shape][bucket(words) + "/n"] += 1
                totals[shape][bucket(words) + "/f"] += hit
                for x, y in spans:
                    flagged += 1
                    correct += max(0, min(b, y) - max(a, x)) * 2 >= y - x
                if not hit and args.misses:
                    data = (folder / name).read_bytes()
                    print(f"  missed {form} {name} ({words} words): "
                          f"{data[a:b].decode('utf-8', 'replace')[:160]!r}")
            for shape in SHAPES:
                t = totals[shape]
                lengths = " ".join(f"{n} {t[n + '/f']}/{t[n + '/n']}" for _, _, n in BUCKETS if t[n + "/n"])
                print(f"{form:10} {shape:10} {t['copies']:6} {t['found'] / max(1, t['copies']):6.3f}  {lengths}")
            print(f"{form:10} {'all':10} {'':6} {'':6}  precision {correct / max(1, flagged):.3f} ({flagged} findings)")


if __name__ == "__main__":
    main()
