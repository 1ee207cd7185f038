#!/usr/bin/env python3
"""Extract the real articles used by damage_repeats_chrome.py into the cache.

    tests/corpus/fetch_articles.py --bbc GIT_DIR [--out FILE]

GIT_DIR is a clone (bare is fine) of github.com/dejanbatanjac/bbc-article-classify-bert
at the commit pinned below. Its bbc/ folder is the "BBC News raw" data set of
D. Greene and P. Cunningham (mlg.ucd.ie/datasets/bbc.html, 2225 BBC News
articles from 2004-2005, five topics; one file per article: the headline,
a blank line, then paragraphs separated by blank lines). No test in this
repository uses it yet.

Writes one JSON object per article to FILE (default
~/.cache/copydesk-corpus/bbc/articles.jsonl): id ("business/001"),
split ("dev" or "heldout", by the hash of the id), title, paragraphs, and
source (repo@commit:path). The articles stay out of the repository.
"""
import argparse
import json
import pathlib
import sys

import corpuslib

REPO = "dejanbatanjac/bbc-article-classify-bert"
PINNED = "8265dc84e88b82b87ce7f5b2df5bbbb1159ae922"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bbc", required=True, help=f"git directory of {REPO}")
    parser.add_argument("--out", default=str(corpuslib.CACHE / "bbc" / "articles.jsonl"))
    args = parser.parse_args()
    if corpuslib.git_head(args.bbc) != PINNED:
        print(f"note: HEAD of {args.bbc} is not the pinned {PINNED}; reading the pinned commit", file=sys.stderr)
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    count, seen = 0, set()
    with out.open("w", encoding="utf-8") as f:
        for path in sorted(corpuslib.git_ls(args.bbc, PINNED, "bbc")):
            if not path.endswith(".txt"):
                continue
            raw = corpuslib.git_show(args.bbc, PINNED, path)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            blocks = [" ".join(b.split()) for b in text.replace("\r\n", "\n").split("\n\n")]
            blocks = [b for b in blocks if b]
            if len(blocks) < 3:
                continue
            key = corpuslib.normalize(" ".join(blocks))
            if key in seen:  # the data set holds a few exact duplicates
                continue
            seen.add(key)
            article_id = path[len("bbc/"):-len(".txt")]
            f.write(json.dumps({
                "id": article_id,
                "split": corpuslib.split_of(article_id),
                "title": blocks[0],
                "paragraphs": blocks[1:],
                "source": f"{REPO}@{PINNED}:{path}",
            }) + "\n")
            count += 1
    print(f"{count} articles -> {out}")


if __name__ == "__main__":
    main()
