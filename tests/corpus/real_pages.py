#!/usr/bin/env python3
"""Scrape real pages carelessly and measure what `--fix --unsafe-fixes` keeps and removes.

    tests/corpus/real_pages.py --copydesk BINARY [--benchmark GIT_DIR] [--cache DIR]
    tests/corpus/real_pages.py --copydesk BINARY --set readability [--readability GIT_DIR]

The pages are the 181 HTML pages of github.com/scrapinghub/article-extraction-benchmark
(commit pinned below) with their human-annotated article body
(ground-truth.json, "articleBody"). With --benchmark the pages are first
copied into the cache (default ~/.cache/copydesk-corpus/pages/); later runs
read the cache only. Pages go to dev or held-out by the hash of their id.

`--set readability` measures a second, independent set instead: the English
test pages of github.com/mozilla/readability (commit pinned below; metadata
language "en..." or, without one, a source that declares <html lang="en">),
each with the article that Readability's authors expect it to extract
(expected.html, its block lines as the article body). `--readability GIT_DIR`
copies them into ~/.cache/copydesk-corpus/readability-pages/ first.

Careless scrape: every text of <body> (and <title>) in document order, one
line per block element, script and style text included, menus, footers and
all. "punctuated": those lines, one per line. "flattened": the same words
lowercased, punctuation stripped, apostrophes turned into spaces, on one line.

Gold: a scraped line is article text when its normalized words equal a
paragraph of the annotated article body, or when it has at least 5 words and
is contained in the normalized article body; script and style lines never
are. Every other line is junk.

After `BINARY check --fix --unsafe-fixes` (on a copy in a temp dir) it prints,
per split and form:

- kept: words of the article body kept in the fixed text / words of it found
  in the scrape (longest common subsequence of lowercased words), over all pages, and
  the lowest page;
- junk removed: junk lines at least half of whose words the fix deleted /
  all junk lines; split into script/style lines and the other junk (menus,
  footers, prompts, headlines of other articles ...);
- for the pages below 95 %: how many there are by the rule whose first-pass
  findings held most of the article words the fix deleted, and those words
  by rule and message shape (for repeated-passage also the gold label of the
  line holding the copy it kept, and how often the article itself has the
  passage). Aggregates only: no text of a held-out page is printed.
"""
import argparse
import bisect
import collections
import gzip
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import corpuslib
from measure_repeats_chrome import deleted_positions, run_check, tokens

REPO = "scrapinghub/article-extraction-benchmark"
PINNED = "4a3bc979f76c0df73cb95fe272e2fc1b96f9f010"
READABILITY_REPO = "mozilla/readability"
READABILITY_PINNED = "ab4027a8b37669745016869a37a504727992b2ba"
READABILITY_PAGES = "test/test-pages"


def copy_pages(git_dir, cache):
    cache.mkdir(parents=True, exist_ok=True)
    truth = json.loads(corpuslib.git_show(git_dir, PINNED, "ground-truth.json"))
    for page_id, item in sorted(truth.items()):
        html = gzip.decompress(corpuslib.git_show(git_dir, PINNED, f"html/{page_id}.html.gz"))
        (cache / f"{page_id}.html").write_bytes(html)
        (cache / f"{page_id}.json").write_text(json.dumps(
            {"id": page_id, "url": item.get("url"), "articleBody": item["articleBody"],
             "source": f"{REPO}@{PINNED}:html/{page_id}.html.gz"}), encoding="utf-8")
    print(f"{len(truth)} pages -> {cache}")


def copy_readability_pages(git_dir, cache):
    """Copy Readability's English test pages and their expected articles."""
    cache.mkdir(parents=True, exist_ok=True)
    folders = sorted({path.split("/")[2] for path in corpuslib.git_ls(git_dir, READABILITY_PINNED, READABILITY_PAGES)})
    copied = 0
    for name in folders:
        folder = f"{READABILITY_PAGES}/{name}"
        try:
            source = corpuslib.git_show(git_dir, READABILITY_PINNED, f"{folder}/source.html")
            expected = corpuslib.git_show(git_dir, READABILITY_PINNED, f"{folder}/expected.html")
            metadata = json.loads(corpuslib.git_show(git_dir, READABILITY_PINNED, f"{folder}/expected-metadata.json"))
        except subprocess.CalledProcessError:
            continue
        language = (metadata.get("lang") or "").lower()
        html = source.decode("utf-8", "replace")
        if not (language.startswith("en") or (not language and re.search(r"<html[^>]*\blang=[\"']?en", html[:5000], re.I))):
            continue
        body = "\n".join(line for line, _context, kind in corpuslib.block_lines(expected.decode("utf-8", "replace"))
                         if kind == "text")
        page_id = f"readability-{name}"
        (cache / f"{page_id}.html").write_bytes(source)
        (cache / f"{page_id}.json").write_text(json.dumps(
            {"id": page_id, "url": None, "articleBody": body,
             "source": f"{READABILITY_REPO}@{READABILITY_PINNED}:{folder}/source.html"}), encoding="utf-8")
        copied += 1
    print(f"{copied} pages -> {cache}")


def scrape(html_bytes):
    """(line, kind) pairs of a careless scrape."""
    text = html_bytes.decode("utf-8", "replace")
    return [(line, kind) for line, _context, kind in corpuslib.block_lines(text)]


def label(lines, body):
    paragraphs = {corpuslib.normalize(p) for p in body.split("\n") if p.strip()}
    whole = " " + corpuslib.normalize(body) + " "
    labels = []
    for line, kind in lines:
        key = corpuslib.normalize(line)
        article = kind == "text" and bool(key) and (
            key in paragraphs or (len(key.split()) >= 5 and f" {key} " in whole))
        labels.append("article" if article else ("script" if kind != "text" else "junk"))
    return labels


def render(lines, form):
    """The scraped text and each line's byte span in it."""
    pieces, spans, size = [], [], 0
    sep = " " if form == "flattened" else "\n"
    for line, _ in lines:
        piece = " ".join(corpuslib.flatten_words(line)) if form == "flattened" else line
        if not piece:
            spans.append((size, size))
            continue
        if pieces:
            pieces.append(sep)
            size += 1
        pieces.append(piece)
        spans.append((size, size + len(piece.encode())))
        size += len(piece.encode())
    return "".join(pieces) + "\n", spans


def matched(gold, found):
    """Words of gold matched in order in found: the length of their longest
    common subsequence, computed with bit vectors (Allison and Dix's
    algorithm; one big integer holds a bit per word of found). difflib's
    matching blocks are no such measure: they take the longest block
    first, and on a page whose state holds the article again they can
    miss most of it in either direction."""
    masks = {}
    for at, (word, _) in enumerate(found):
        masks[word] = masks.get(word, 0) | (1 << at)
    every = (1 << len(found)) - 1
    rows = every
    for word in gold:
        common = rows & masks.get(word, 0)
        rows = ((rows + common) | (rows - common)) & every
    return len(found) - bin(rows).count("1")


# Words of the "lorem ipsum" placeholder that test pages fill paragraphs with.
PLACEHOLDER_WORDS = frozenset(
    "lorem ipsum dolor sit amet consectetur adipisicing adipiscing elit sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation "
    "ullamco laboris nisi aliquip ex ea commodo consequat".split())


def longest_internal_repeat(words):
    """The length in words of the longest passage `words` holds twice (copies may not overlap)."""
    def repeats(n):
        first = {}
        for i in range(len(words) - n + 1):
            key = tuple(words[i:i + n])
            if key in first and first[key] + n <= i:
                return True
            first.setdefault(key, i)
        return False
    low, high = 0, len(words) // 2
    while low < high:
        middle = (low + high + 1) // 2
        if repeats(middle):
            low = middle
        else:
            high = middle - 1
    return low


def repeat_bucket(n):
    """`n` in one of four bands, so that only a coarse figure is printed."""
    return "0-11" if n < 12 else "12-29" if n < 30 else "30-99" if n < 100 else "100+"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copydesk", required=True)
    parser.add_argument("--benchmark", help=f"git directory of {REPO}: copy its pages into the cache first")
    parser.add_argument("--set", choices=("benchmark", "readability"), default="benchmark",
                        help="which pages to measure (default: the benchmark's)")
    parser.add_argument("--readability", metavar="GIT_DIR",
                        help=f"git directory of {READABILITY_REPO}: copy its English test pages into the cache first")
    parser.add_argument("--cache", help="where the pages are cached (default: ~/.cache/copydesk-corpus/pages/, "
                                        "or readability-pages/ with --set readability)")
    parser.add_argument("--dev-pages", metavar="DIR",
                        help="copy the dev pages' scrapes and fixed texts there and list those "
                             "below 95 %% kept (held-out pages are never listed)")
    args = parser.parse_args()
    default_cache = "readability-pages" if args.set == "readability" else "pages"
    cache = pathlib.Path(args.cache or corpuslib.CACHE / default_cache)
    if args.benchmark:
        copy_pages(args.benchmark, cache)
    if args.readability:
        copy_readability_pages(args.readability, cache)
    pages = sorted(cache.glob("*.json"))
    if not pages:
        option = "--readability" if args.set == "readability" else "--benchmark"
        sys.exit(f"no pages in {cache}: run once with {option} GIT_DIR")
    binary = str(pathlib.Path(args.copydesk).resolve())

    with tempfile.TemporaryDirectory(prefix="copydesk-pages-") as tmp:
        tmp = pathlib.Path(tmp)
        meta = {}
        for page in pages:
            info = json.loads(page.read_text(encoding="utf-8"))
            lines = scrape(page.with_suffix(".html").read_bytes())
            labels = label(lines, info["articleBody"])
            split = corpuslib.split_of(info["id"])
            for form in ("flattened", "punctuated"):
                text, spans = render(lines, form)
                path = tmp / "scraped" / form / split / f"{info['id']}.txt"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                meta[path.relative_to(tmp / "scraped")] = (info, labels, spans)
        shutil.copytree(tmp / "scraped", tmp / "fixed")
        run_check(binary, tmp / "fixed", fix=True)
        # The first pass's findings on the scrape, to tell which rule took the
        # article words a fix deleted (later passes' spans are not seen).
        found = collections.defaultdict(list)
        for d in run_check(binary, tmp / "scraped"):
            rel = pathlib.Path(d["path"]).resolve().relative_to((tmp / "scraped").resolve())
            # The message's shape without its quote or numbers: which of the
            # rule's decisions deleted the words (no text of the page shows).
            shape = re.sub(r"\d+", "N", d["message"].split(":")[0].split('"')[0]).strip()
            if d["rule"] == "repeated-passage" and d["related"]:
                # Where the kept copy lies: its line's gold label, read later.
                shape += " | source at byte " + str(d["related"][0]["span"]["start"])
            found[rel].append((d["span"]["start"], d["span"]["end"], d["rule"], shape))
        if args.dev_pages:
            for kind in ("scraped", "fixed"):
                for form in ("flattened", "punctuated"):
                    shutil.copytree(tmp / kind / form / "dev", pathlib.Path(args.dev_pages) / kind / form,
                                    dirs_exist_ok=True)

        totals = collections.defaultdict(collections.Counter)
        lowest = {}
        for rel, (info, labels, spans) in sorted(meta.items()):
            form, split = rel.parts[0], rel.parts[1]
            damaged = tokens((tmp / "scraped" / rel).read_bytes())
            fixed = tokens((tmp / "fixed" / rel).read_bytes())
            gold = [w for w, _ in tokens(" ".join(corpuslib.flatten_words(info["articleBody"])).encode())]

            in_scrape, kept = matched(gold, damaged), matched(gold, fixed)
            t = totals[split, form]
            # In any order: a copy of the article kept elsewhere on the page
            # (page state instead of the visible text) still counts here.
            gold_bag = collections.Counter(gold)
            t["bag_scrape"] += sum((gold_bag & collections.Counter(w for w, _ in damaged)).values())
            t["bag_kept"] += sum((gold_bag & collections.Counter(w for w, _ in fixed)).values())
            t["pages"] += 1
            t["gold"] += in_scrape
            t["kept"] += min(kept, in_scrape)
            if in_scrape:
                fraction = min(kept, in_scrape) / in_scrape
                lowest[split, form] = min(lowest.get((split, form), 1.0), fraction)
                t["pages<95"] += fraction < 0.95
                if args.dev_pages and split == "dev" and fraction < 0.95:
                    print(f"dev page below 95 %: {rel} kept {fraction:.3f}")
            deleted = sorted(deleted_positions(damaged, fixed, autojunk=True))
            words_in = collections.Counter()
            deleted_in = collections.Counter()
            starts = [s for s, _ in spans]

            for _, pos in damaged:
                words_in[bisect.bisect_right(starts, pos) - 1] += 1
            for pos in deleted:
                deleted_in[bisect.bisect_right(starts, pos) - 1] += 1
            if in_scrape and min(kept, in_scrape) < 0.95 * in_scrape:
                # A page below 95 %: which rules' findings held the article
                # words its fix deleted (flattened-text reports whole lines
                # and deletes nothing).
                lost_by = collections.Counter()
                scraped_text = (tmp / "scraped" / rel).read_bytes()
                for pos in deleted:
                    if labels[bisect.bisect_right(starts, pos) - 1] == "article":
                        rules = sorted({rule for start, end, rule, _ in found[rel]
                                        if start <= pos < end and rule != "flattened-text"})
                        lost_by["+".join(rules) or "a later pass"] += 1
                        for start, end, rule, shape in found[rel]:
                            if start <= pos < end and rule != "flattened-text":
                                shape, _, source = shape.partition(" | source at byte ")
                                if source:
                                    line = bisect.bisect_right(starts, int(source)) - 1
                                    copy = scraped_text[start:end].decode("utf-8", "replace")
                                    times = (" " + corpuslib.normalize(info["articleBody"]) + " ").count(
                                        " " + corpuslib.normalize(copy) + " ")
                                    shape += (f" (kept copy in a line labelled {labels[line]}; "
                                              f"the article has the passage {min(times, 2)}{'+' if times > 1 else ''} times)")
                                t[f"lost_shape:{rule}: {shape}"] += 1
                worst = lost_by.most_common(1)[0][0] if lost_by else "none"
                t[f"low_by:{worst}"] += 1
                # Two facts about such a page that read no text of it: whether
                # the article words are all still there in some other order
                # (the fix kept another copy), and whether the "article" is
                # placeholder Latin that a test page repeats.
                page_bag = collections.Counter(gold)
                page_scrape = sum((page_bag & collections.Counter(w for w, _ in damaged)).values())
                page_kept = sum((page_bag & collections.Counter(w for w, _ in fixed)).values())
                t["low_kept_in_any_order"] += page_kept >= 0.95 * page_scrape
                t["low_placeholder"] += sum(w in PLACEHOLDER_WORDS for w in gold) >= 0.1 * len(gold)
                t["low_self_repeat:" + repeat_bucket(longest_internal_repeat(gold))] += 1
            for i, kind in enumerate(labels):
                if kind == "article" or not words_in[i]:
                    continue
                removed = deleted_in[i] * 2 >= words_in[i]
                t[f"{kind}_lines"] += 1
                t[f"{kind}_removed"] += removed

    header = (f"{'pages':8} {'form':10} {'n':>4} {'kept':>6} {'lowest':>6} {'<95%':>4} {'junk rm':>7} "
              f"{'script rm':>9} {'other rm':>8} {'any order':>9}")
    print(header)
    print("-" * len(header))
    for (split, form), t in sorted(totals.items()):
        all_lines = t["junk_lines"] + t["script_lines"]
        all_removed = t["junk_removed"] + t["script_removed"]
        print(f"{split:8} {form:10} {t['pages']:4} {t['kept'] / max(1, t['gold']):6.3f} "
              f"{lowest.get((split, form), 0):6.3f} {t['pages<95']:4} {all_removed / max(1, all_lines):7.3f} "
              f"{t['script_removed'] / max(1, t['script_lines']):9.3f} {t['junk_removed'] / max(1, t['junk_lines']):8.3f} "
              f"{t['bag_kept'] / max(1, t['bag_scrape']):9.3f}")
    print("(kept = article words kept / found in the scrape; lowest = the lowest page; <95% = pages below 95 %;\n"
          " rm = fraction of junk lines with at least half their words deleted: all junk, script/style lines, the rest;\n"
          " any order = kept counting article words wherever they are, as a multiset)")
    print("pages below 95 %, by the rule whose first-pass findings held most of the article words deleted:")
    for (split, form), t in sorted(totals.items()):
        low = sorted(((n, key[len("low_by:"):]) for key, n in t.items() if key.startswith("low_by:")), reverse=True)
        print(f"  {split:8} {form:10} " + (", ".join(f"{rule} {n}" for n, rule in low) or "none")
              + (f"; of these, {t['low_kept_in_any_order']} keep 95 % of the article's words in another order,"
                 f" {t['low_placeholder']} are placeholder text (lorem ipsum)" if low else ""))
        buckets = sorted((key[len("low_self_repeat:"):], n) for key, n in t.items() if key.startswith("low_self_repeat:"))
        if buckets:
            print("      longest passage the article itself repeats, in words (pages): "
                  + ", ".join(f"{bucket}: {n}" for bucket, n in buckets))
        for key, n in sorted(t.items(), key=lambda item: -item[1]):
            if key.startswith("lost_shape:"):
                print(f"      {n:6} words: {key[len('lost_shape:'):]}")


if __name__ == "__main__":
    main()
