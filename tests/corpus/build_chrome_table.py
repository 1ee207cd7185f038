#!/usr/bin/env python3
"""Learn which words lean to site chrome rather than prose, for boilerplate.

    tests/corpus/build_chrome_table.py [--out FILE]

Runs by hand, not in CI. In text flattened onto one line, the boilerplate
pack finds a chrome phrase ("all rights reserved", "we use cookies") but has
no line or sentence to take whole; the words around the phrase tell how far
the chrome reaches ("copyright 2023 <site> all rights reserved", "... to
give you the best experience on our website"). This script counts every
word in two kinds of real text, flattened as scraping flattens it
(lowercase, letters and digits only, apostrophes as separators):

- chrome: the dev half of the chrome lines that collect_chrome.py gathers
  from the English test pages of github.com/adbar/trafilatura (pinned
  there), each distinct line once per page; the held-out half is never read;
- prose: the BBC News articles of the dev half (fetch_articles.py, pinned
  there); the held-out half is never read;
- and, from the dev half of the real pages of real_pages.py (the extraction
  benchmark, pinned there; run it once with --benchmark to fill the cache),
  the short junk lines of each page's careless scrape as chrome (menu items,
  widget words, labels: at most MAX_PAGE_LINE_WORDS words, each distinct
  line once per page) and each page's annotated article as prose. The
  held-out pages are never read. --no-pages leaves this source out.

and writes to rules/lists/chrome-words.toml the words whose log-odds
ln P(word | chrome) - ln P(word | prose) (counts smoothed by half a count)
is at least MIN_NATS and that the chrome of at least MIN_PAGES pages holds
(one site's name or sections are no evidence), in
quarter-nats. Every other word scores DEFAULT_QUARTER_NATS there (it leans
to prose, or nothing is known of it: a site's name, an article's name),
and a number scores nothing.
"""
import argparse
import collections
import json
import math
import pathlib

import corpuslib
import real_pages

MIN_NATS = 1.5
MIN_PAGES = 4
SMOOTHING = 0.5
DEFAULT_QUARTER_NATS = -6
# The most words of a page's junk line that counts as chrome: menu items,
# widget words and labels. Longer junk lines of the benchmark's pages are
# mostly headlines of other articles, whose topical words ("iran",
# "killed") would then lean to chrome.
MAX_PAGE_LINE_WORDS = 4


def chrome_lines():
    """The distinct dev chrome lines of each page, as (line, page)."""
    seen = set()
    for line in open(corpuslib.CACHE / "chrome" / "dev.tsv", encoding="utf-8"):
        text, _, source = line.rstrip("\n").split("\t")
        if (text, source) not in seen:
            seen.add((text, source))
            yield text, source


def prose_documents():
    """The title and paragraphs of every dev BBC article."""
    for line in open(corpuslib.CACHE / "bbc" / "articles.jsonl", encoding="utf-8"):
        article = json.loads(line)
        if article["split"] == "dev":
            yield "\n\n".join([article["title"], *article["paragraphs"]])


def page_lines():
    """The junk lines (not article, not script or style) of the careless
    scrape of each dev page of the extraction benchmark (real_pages.py),
    each distinct line once per page, as (line, page); and the annotated
    article body of each, as prose. Held-out pages are never read."""
    chrome, prose = [], []
    for page in sorted((corpuslib.CACHE / "pages").glob("*.json")):
        info = json.loads(page.read_text(encoding="utf-8"))
        if corpuslib.split_of(info["id"]) != "dev":
            continue
        lines = real_pages.scrape(page.with_suffix(".html").read_bytes())
        seen = set()
        for (line, _), kind in zip(lines, real_pages.label(lines, info["articleBody"])):
            words = len(corpuslib.flatten_words(line))
            if kind == "junk" and 0 < words <= MAX_PAGE_LINE_WORDS and line not in seen:
                seen.add(line)
                chrome.append((line, "page:" + info["id"]))
        prose.append(info["articleBody"])
    return chrome, prose


def toml_key(word):
    """`word` as a TOML key: bare when it is ASCII letters and digits, quoted
    otherwise ("español")."""
    return word if word.isascii() and word.isalnum() else json.dumps(word, ensure_ascii=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parents[2] / "rules/lists/chrome-words.toml"))
    parser.add_argument("--no-pages", action="store_true",
                        help="learn from the trafilatura lines and the BBC articles only "
                             "(the header then still names the pages; for comparisons)")
    args = parser.parse_args()

    lines = list(chrome_lines())
    documents = list(prose_documents())
    page_chrome = []
    if not args.no_pages:
        page_chrome, page_prose = page_lines()
        lines += page_chrome
        documents += page_prose

    chrome, pages_holding = collections.Counter(), collections.defaultdict(set)
    for line, page in lines:
        words = [w for w in corpuslib.flatten_words(line) if not w.isdigit()]
        chrome.update(words)
        for word in words:
            pages_holding[word].add(page)
    prose = collections.Counter()
    for document in documents:
        prose.update(w for w in corpuslib.flatten_words(document) if not w.isdigit())

    vocabulary = len(set(chrome) | set(prose))
    chrome_total = sum(chrome.values()) + SMOOTHING * vocabulary
    prose_total = sum(prose.values()) + SMOOTHING * vocabulary
    kept = {}
    for word, count in chrome.items():
        nats = (math.log((count + SMOOTHING) / chrome_total)
                - math.log((prose[word] + SMOOTHING) / prose_total))
        if nats >= MIN_NATS and len(pages_holding[word]) >= MIN_PAGES:
            kept[word] = round(4 * nats)

    header = f"""# Words that lean to site chrome rather than prose, for the boilerplate
# pack's `extend-over = "chrome-words"`: ln P(word | chrome) - ln P(word | prose)
# in quarter-nats, words flattened as scraping flattens them.
# GENERATED by tests/corpus/build_chrome_table.py; do not edit by hand.
#
# Chrome: the dev half of the chrome lines of the English test pages of
# github.com/adbar/trafilatura@e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5
# (tests/corpus/collect_chrome.py), {len(lines) - len(page_chrome)} distinct lines;
# and the junk lines of at most {MAX_PAGE_LINE_WORDS} words of the careless scrapes of the
# dev half of the pages of github.com/{real_pages.REPO}@{real_pages.PINNED}
# (tests/corpus/real_pages.py), {len(page_chrome)} distinct lines; {sum(chrome.values())} words in all.
# Prose: the dev half of BBC News raw (D. Greene, P. Cunningham) from
# github.com/dejanbatanjac/bbc-article-classify-bert@8265dc84e88b82b87ce7f5b2df5bbbb1159ae922,
# and the annotated articles of those pages, {sum(prose.values())} words.
# Kept: at least {MIN_NATS} nat, in the chrome of at least {MIN_PAGES} pages; counts smoothed by {SMOOTHING}.
# Numbers score 0; every other word scores `default`.
"""
    body = [header, f"default = {DEFAULT_QUARTER_NATS}", "", "[words]"]
    body += [f"{toml_key(word)} = {score}" for word, score in sorted(kept.items())]
    pathlib.Path(args.out).write_text("\n".join(body) + "\n", encoding="utf-8")
    print(f"{len(kept)} chrome words -> {args.out}")


if __name__ == "__main__":
    main()
