#!/usr/bin/env python3
"""Damage real articles with repeated passages and site chrome, and write the gold.

    tests/corpus/damage_repeats_chrome.py --chrome dev|heldout OUT_DIR
        [--articles FILE] [--chrome-dir DIR] [--count 400] [--seed 12]

Reads the BBC articles that fetch_articles.py put in the cache and the chrome
lines that collect_chrome.py put there. Takes --count articles (those with the
smallest hash of their id, so the choice is stable), half dev and half
held-out by the hash of the id. For each article and each form it writes

    OUT_DIR/<form>/<split>/<id>.txt         the damaged text
    OUT_DIR/<form>/<split>/<id>.gold.json   the gold (below)
    OUT_DIR/clean/<form>/<split>/<id>.txt   the undamaged text

Forms: "flattened" is one line, lowercased, punctuation stripped, apostrophes
turned into spaces (like the seed article); "punctuated" keeps the title and
the paragraphs, separated by blank lines.

Each damaged file gets one repeat shape, cycling through the shapes of
issue 12 by the article's position:

    last-paragraph    the last paragraph appended again 1-3 times
    paragraph-in-place one paragraph duplicated right after itself
    tandem            a stretch of L words copied right after itself (A B B, A B B B)
    scroll-tail       the tail of the body appended again 2-3 times, each copy shorter
    whole-article     the whole article (title and body) repeated 1-2 times
    json-state        an earlier copy of the body inside a JSON state blob before the article
    teaser            an earlier copy: the first L words of the body as a teaser line before the article

L is drawn log-uniformly from 10..800 words (capped by the article), so
repeats of every length from 10 to 800 words occur. For json-state and
teaser the copy to delete is the earlier one; otherwise the later ones.

And 3-6 chrome units drawn from the chosen chrome split (class first,
uniformly, then a line of that class): single lines, or runs of 3-7 items for
menus, navigation and footer links (a "menu" entry is split at " | ").
Punctuated: each unit on its own line or paragraph at the top, the bottom or
between paragraphs. Flattened: the unit's words inlined at those places.

Gold (JSON): {"id", "split", "form", "chrome_split", "shape", "clean": path,
"spans": [{"kind": "repeat"|"chrome"|"script", "start", "end", "words",
"class", "shape"}]} with byte offsets into the damaged file, end exclusive.
"repeat" spans are the copies to delete; "script" spans are the JSON
scaffolding around a json-state copy (neither repeat nor chrome).
Deterministic for a given seed and input.
"""
import argparse
import collections
import json
import math
import pathlib
import random

import corpuslib

SHAPES = ["last-paragraph", "paragraph-in-place", "tandem", "scroll-tail", "whole-article", "json-state", "teaser"]
RUN_CLASSES = {"menu", "nav", "footer"}


class Doc:
    """A token stream: ("w", text, tag) words and ("br", separator) breaks.
    tag is None for the article's own words, else an index into self.tags."""

    def __init__(self):
        self.items, self.tags = [], []

    def new_tag(self, **info):
        self.tags.append(info)
        return len(self.tags) - 1

    def words(self, text, tag=None):
        self.items.extend(("w", w, tag) for w in text.split())

    def br(self, separator="\n\n"):
        self.items.append(("br", separator))

    def render(self, form):
        """The text and the gold spans (one per tag)."""
        out, size, spans = [], 0, {}
        pending_break, first = None, True
        for item in self.items:
            if item[0] == "br":
                if form == "punctuated" and not first:
                    pending_break = "\n\n" if "\n\n" in (pending_break, item[1]) else item[1]
                continue
            _, word, tag = item
            piece = " ".join(corpuslib.flatten_words(word)) if form == "flattened" else word
            if not piece:
                continue
            sep = "" if first else (pending_break or " ")
            pending_break, first = None, False
            out.append(sep + piece)
            start = size + len(sep.encode())
            size += len((sep + piece).encode())
            if tag is not None:
                span = spans.setdefault(tag, [start, size])
                span[1] = size
        text = "".join(out) + "\n"
        gold = [dict(self.tags[t], start=s, end=e) for t, (s, e) in sorted(spans.items(), key=lambda kv: kv[1])]
        return text, gold


def log_length(rng, cap):
    return max(1, min(cap, int(round(math.exp(rng.uniform(math.log(10), math.log(800)))))))


def body_tokens(article):
    """Paragraphs as lists of whitespace tokens."""
    return [p.split() for p in article["paragraphs"]]


def emit_paragraphs(doc, paragraphs, chrome_at):
    """The article's own paragraphs, with chrome units inserted between them."""
    for i, para in enumerate(paragraphs):
        if i in chrome_at:
            for unit in chrome_at[i]:
                emit_chrome(doc, unit)
        doc.br()
        doc.words(" ".join(para))
        doc.br()


def emit_chrome(doc, unit):
    cls, lines = unit
    tag = doc.new_tag(kind="chrome", **{"class": cls}, words=sum(len(corpuslib.flatten_words(l)) for l in lines))
    doc.br(rng_separator(unit))
    for line in lines:
        doc.words(line, tag)
        doc.br("\n")
    doc.br(rng_separator(unit))


def rng_separator(unit):
    # A line of its own or a paragraph of its own, decided by the unit itself
    # so that the choice is deterministic.
    return "\n\n" if corpuslib.stable_hash(" ".join(unit[1])) % 2 else "\n"


def emit_copy(doc, tokens_with_breaks, shape, json_escape=False):
    tag = doc.new_tag(kind="repeat", shape=shape, words=sum(1 for t in tokens_with_breaks if t is not None))
    for token in tokens_with_breaks:
        if token is None:
            if not json_escape:
                doc.br()
        else:
            doc.words(token.replace('"', '\\"') if json_escape else token, tag)


def flat_with_breaks(paragraphs):
    """Tokens of the paragraphs with None at paragraph breaks."""
    out = []
    for i, para in enumerate(paragraphs):
        if i:
            out.append(None)
        out.extend(para)
    return out


def build(article, shape, rng, chrome_units):
    doc = Doc()
    title, paragraphs = article["title"], body_tokens(article)
    body = flat_with_breaks(paragraphs)
    n_words = sum(len(p) for p in paragraphs)
    top, bottom, between = [], [], collections.defaultdict(list)
    for unit in chrome_units:
        place = rng.choice(["top", "bottom", "between"])
        if place == "between" and len(paragraphs) > 1:
            between[rng.randrange(1, len(paragraphs))].append(unit)
        elif place == "top":
            top.append(unit)
        else:
            bottom.append(unit)
    for unit in top:
        emit_chrome(doc, unit)

    if shape == "json-state":
        script = doc.new_tag(kind="script", shape=shape, words=0)
        doc.br("\n")
        doc.words('window.__PRELOADED_STATE__ = {"article": {"id": %d, "headline": "%s", "body": "'
                  % (rng.randrange(10**5, 10**6), title.replace('"', '\\"')), script)
        emit_copy(doc, body, shape, json_escape=True)
        doc.words('", "section": "news", "comments": false}};', doc.new_tag(kind="script", shape=shape, words=0))
        doc.br("\n")
    if shape == "teaser":
        length = min(log_length(rng, 60), n_words)
        teaser = [t for t in body if t is not None][:length]
        doc.br()
        emit_copy(doc, teaser, shape)
        doc.br()

    doc.br()
    doc.words(title)
    doc.br()

    if shape == "paragraph-in-place":
        k = rng.randrange(len(paragraphs))
        for i, para in enumerate(paragraphs):
            for unit in between.get(i, []):
                emit_chrome(doc, unit)
            doc.br()
            doc.words(" ".join(para))
            doc.br()
            if i == k:
                doc.br()
                emit_copy(doc, para, shape)
                doc.br()
    elif shape == "tandem":
        length = min(log_length(rng, n_words), n_words)
        tokens = [t for t in body if t is not None]
        start = rng.randrange(0, n_words - length + 1)
        copies = 1 if rng.random() < 0.7 else 2
        # Walk the body and insert the copies right after the source ends.
        count = 0
        emitted = False
        for i, para in enumerate(paragraphs):
            for unit in between.get(i, []):
                emit_chrome(doc, unit)
            doc.br()
            for token in para:
                doc.words(token)
                count += 1
                if count == start + length and not emitted:
                    for _ in range(copies):
                        emit_copy(doc, tokens[start:start + length], shape)
                    emitted = True
            doc.br()
    else:
        emit_paragraphs(doc, paragraphs, between)

    if shape == "last-paragraph":
        # The last paragraph, or the last ones when it has fewer than 10 words.
        k = len(paragraphs) - 1
        while k > 0 and sum(len(p) for p in paragraphs[k:]) < 10:
            k -= 1
        for _ in range(rng.choice([1, 1, 2, 3])):
            doc.br()
            emit_copy(doc, flat_with_breaks(paragraphs[k:]), shape)
            doc.br()
    elif shape == "scroll-tail":
        length = min(log_length(rng, n_words), n_words)
        for _ in range(rng.choice([2, 3])):
            tail = []
            remaining = length
            for token in reversed(body):
                if remaining == 0:
                    break
                tail.append(token)
                remaining -= token is not None
            tail.reverse()
            while tail and tail[0] is None:
                tail.pop(0)
            doc.br()
            emit_copy(doc, tail, shape)
            doc.br()
            length = max(10, int(length * rng.uniform(0.4, 0.8)))
    elif shape == "whole-article":
        for _ in range(rng.choice([1, 1, 2])):
            doc.br()
            emit_copy(doc, title.split() + [None] + body, shape)
            doc.br()

    for unit in bottom:
        emit_chrome(doc, unit)
    return doc


def clean_text(article, form):
    text = "\n\n".join([article["title"]] + article["paragraphs"])
    if form == "flattened":
        return " ".join(corpuslib.flatten_words(text)) + "\n"
    return text + "\n"


def load_chrome(path):
    by_class = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for row in f:
            line, cls, _source = row.rstrip("\n").split("\t")
            by_class[cls].append(line)
    return by_class


def draw_units(rng, by_class, count):
    classes = sorted(by_class)
    units = []
    for _ in range(count):
        cls = rng.choice(classes)
        if cls == "menu":
            units.append((cls, rng.choice(by_class[cls]).split(" | ")))
        elif cls in RUN_CLASSES:
            units.append((cls, rng.sample(by_class[cls], min(len(by_class[cls]), rng.randint(3, 7)))))
        else:
            units.append((cls, [rng.choice(by_class[cls])]))
    return units


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--chrome", choices=["dev", "heldout"], required=True)
    parser.add_argument("--articles", default=str(corpuslib.CACHE / "bbc" / "articles.jsonl"))
    parser.add_argument("--chrome-dir", default=str(corpuslib.CACHE / "chrome"))
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()

    with open(args.articles, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    articles.sort(key=lambda a: corpuslib.stable_hash(a["id"]))
    articles = articles[:args.count]
    by_class = load_chrome(pathlib.Path(args.chrome_dir) / f"{args.chrome}.tsv")
    out = pathlib.Path(args.out)
    shapes = collections.Counter()
    for index, article in enumerate(articles):
        shape = SHAPES[index % len(SHAPES)]
        shapes[shape] += 1
        name = article["id"].replace("/", "-")
        for form in ("flattened", "punctuated"):
            # The same damage in both forms: one generator per article and seed.
            rng = random.Random(f"{args.seed}:{args.chrome}:{article['id']}")
            units = draw_units(rng, by_class, rng.randint(3, 6))
            doc = build(article, shape, rng, units)
            text, spans = doc.render(form)
            folder = out / form / article["split"]
            clean_folder = out / "clean" / form / article["split"]
            folder.mkdir(parents=True, exist_ok=True)
            clean_folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
            (clean_folder / f"{name}.txt").write_text(clean_text(article, form), encoding="utf-8")
            gold = {"id": article["id"], "split": article["split"], "form": form, "chrome_split": args.chrome,
                    "shape": shape, "clean": str(pathlib.Path("clean") / form / article["split"] / f"{name}.txt"),
                    "spans": spans}
            (folder / f"{name}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    splits = collections.Counter(a["split"] for a in articles)
    print(f"{len(articles)} articles ({splits['dev']} dev, {splits['heldout']} held-out), "
          f"chrome {args.chrome}, shapes {dict(shapes)} -> {out}")


if __name__ == "__main__":
    main()
