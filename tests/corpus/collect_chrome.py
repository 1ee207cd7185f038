#!/usr/bin/env python3
"""Collect real site-chrome lines from real web pages and split them dev / held-out.

    tests/corpus/collect_chrome.py --trafilatura GIT_DIR [--out DIR]

GIT_DIR is a clone (bare is fine) of github.com/adbar/trafilatura at the
commit pinned below; its tests/eval and tests/cache folders hold real web
pages saved by the trafilatura authors. Only pages that declare English
(<html lang="en...">) are read. Every block-level line of those pages that
sits in a chrome container (nav, header, footer, aside, or an element whose
id/class/role names share, cookie, newsletter, breadcrumb, related, comment,
author, credit, ...) or that matches a chrome pattern is classified by what
it says and where it sits. Lines of article prose are not collected: a line
longer than 40 words, or one with no chrome class, is skipped.

Menus: consecutive short lines in one navigation container are also kept as
one "menu" entry, items joined by " | ".

Output (default ~/.cache/copydesk-corpus/chrome/): dev.tsv and heldout.tsv,
line<TAB>class<TAB>source, where source is repo@commit:path. A line goes to
dev when the SHA-256 of its normalized form (corpuslib.normalize) is even.
The data stay out of the repository (they come from another project's
test pages); this script rebuilds them byte for byte.

The held-out file is for measuring only: whoever writes the rules must not
read it. See tests/corpus/README-repeats-chrome.md.
"""
import argparse
import collections
import gzip
import pathlib
import re
import json
import sys

import corpuslib

PINNED = {"adbar/trafilatura": "e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5"}
PLATFORMS = {"facebook", "twitter", "whatsapp", "linkedin", "pinterest", "reddit", "instagram", "youtube",
             "tiktok", "flipboard", "telegram", "snapchat", "tumblr", "rss", "wordpress", "email", "newsletter",
             "newsletters", "podcast", "podcasts", "app", "apps", "login", "logout", "signup", "faq", "faqs"}
MAX_PER_PAGE_CLASS = 6  # so no one site dominates a class

# (class, pattern on the text). First match wins. Patterns describe how chrome
# reads; they decide the class, the container decides whether it is chrome.
TEXT_CLASSES = [
    ("skip-link", r"^skip (to|navigation)|^jump to (main )?content"),
    ("back-to-top", r"^(back|return|go|scroll) to top\b|^top$|^\^? ?top of page"),
    ("cookie", r"\bcookies?\b|\bconsent\b|privacy (settings|preferences)|\bgdpr\b"),
    ("newsletter", r"newsletter|\binbox\b|sign(ing)? up (for|to)|subscribe to (our|the)|enter your e-?mail|email address"),
    ("paywall", r"subscri(ber|ption)s? only|already (a )?(subscriber|member)|free articles?|premium (content|article|member)|unlimited (digital )?access|to continue reading|subscribe (now|today)"),
    ("app-download", r"app store|google play|download (the|our) app|get the app|our apps?\b"),
    ("share", r"^share( (on|via|this|article|story|page))?\b.{0,24}$|\bshare (this|on|via)\b|^(tweet|pin it|whatsapp|linkedin|facebook|twitter|reddit|email|e-mail)$|\bfollow us\b"),
    ("reading-time", r"\b\d+\s*(min|mins|minute|minutes)( read|\b)|\blisten to (this|the) (article|story)|\breading time\b"),
    ("media-credit", r"^(photo|image|picture|video|illustration|graphic|credit|photograph)s?( by)?\s*[:/]|getty images|\bshutterstock\b|\bap photo\b|\breuters\b|\bafp\b|^source:"),
    ("comments", r"\bcomments?\b|leave a (reply|comment)|join the (conversation|discussion)|\breply\b|log in to (comment|reply)"),
    ("print-email", r"^(print|e-?mail|email this|print this)( (this )?(article|page|story))?$|^(print|email) (article|page|story)"),
    ("copyright", r"©|\(c\) ?\d{4}|\bcopyright\b|all rights reserved"),
    ("advertisement", r"^(advertisement|advertising|sponsored|ad|ads|promoted|paid content|sponsored content)$"),
    ("widget-heading", r"^(most (read|popular|viewed|shared|emailed|commented)|related( (articles|stories|posts|content|news|topics))?|you (may|might) also like|recommended( for you)?|trending( now)?|latest( news| stories| posts)?|more (from|stories|news|on)\b|popular( posts| stories)?|recent (posts|articles|comments)|read (more|next)|editor'?s picks?|top stories|further reading|see also)\b"),
    ("login", r"^(log ?in|sign ?in|log ?out|sign ?out|register|my account|create (an )?account)\b"),
    ("breadcrumb", r"^(home|start) ?[>/»›]"),
    # Bylines and dates are left out on purpose: a byline at the top of an
    # article is a near miss that must stay clean (issue 12).
]
TEXT_CLASSES = [(name, re.compile(pattern, re.I)) for name, pattern in TEXT_CLASSES]

# (class, pattern on the container context) for lines no text pattern placed.
# Only classes whose containers hold nothing but chrome: a share bar or a
# figure caption container also holds headlines and captions, which are not.
CONTEXT_CLASSES = [
    ("breadcrumb", r"breadcrumb"),
    ("author-bio", r"author[-_]?(bio|box|info|description|about)|about[-_]the[-_]author|\bbio\b"),
    ("nav", r"^nav\b| nav\b|navigation|menu|navbar"),
    ("footer", r"footer"),
]
CONTEXT_CLASSES = [(name, re.compile(pattern)) for name, pattern in CONTEXT_CLASSES]
BIO = re.compile(r"\b(is an?|is the|writes|covers|reports|view all posts|has been|joined)\b", re.I)
CHROME_CONTEXT = re.compile(
    r"\b(nav|header|footer|aside)\b|menu|navigation|share|social|cookie|consent|newsletter|subscribe|"
    r"breadcrumb|related|popular|trending|recommend|comment|author|credit|caption|paywall|promo|widget|sidebar|banner|\bads?\b|advert"
)
PROSE_CONTEXT = re.compile(r"\b(article-body|articlebody|entry-content|post-content|story-body|article__body)\b")


def is_english(text, vocabulary):
    """Most words (all, for a line of up to three words) are in the vocabulary
    of English news; names of platforms and products count as English."""
    words = [w for w in corpuslib.flatten_words(text) if not w.isdigit()]
    if not words:
        return False
    known = sum(w in vocabulary for w in words)
    return known == len(words) if len(words) <= 3 else known >= 0.8 * len(words)


def classify(text, context, vocabulary):
    """The chrome class of a line, or None when it does not look like chrome."""
    words = len(text.split())
    if words == 0 or words > 40 or not re.search(r"[A-Za-z]", text) or re.search(r"<\w+[ >]", text):
        return None
    if not is_english(text, vocabulary):
        return None
    in_chrome = bool(CHROME_CONTEXT.search(context)) and not PROSE_CONTEXT.search(context)
    for name, pattern in TEXT_CLASSES:
        if pattern.search(text):
            # A chrome phrase inside prose is a near miss, not chrome; short
            # lines that say exactly the chrome phrase are chrome anywhere.
            if in_chrome or words <= 8:
                if name == "comments" and words > 15:  # a reader's comment, not chrome
                    return None
                return name
            return None
    if not in_chrome:
        return None
    for name, pattern in CONTEXT_CLASSES:
        if pattern.search(context):
            if name in ("nav", "footer", "breadcrumb") and (words > 6 or re.search(r"[.!?]$", text)):
                return None
            if name == "author-bio" and (words < 8 or not BIO.search(text)):
                return None
            return name
    return None


def declares_english(html_text):
    head = html_text[:5000].lower()
    return bool(re.search(r"<html[^>]*\blang=[\"']?en", head))


def page_entries(text, vocabulary):
    """Yield (line, class) for one page, menus included."""
    per_class = collections.Counter()
    menu, menu_context = [], None

    def end_menu():
        if 3 <= len(menu) <= 12:
            yield " | ".join(menu), "menu"

    for line, context, kind in corpuslib.block_lines(text):
        if kind != "text":
            continue
        name = classify(line, context, vocabulary)
        if name == "nav" and len(line.split()) <= 3:
            if menu_context is not None and menu_context != context:
                yield from end_menu()
                menu = []
            menu.append(line)
            menu_context = context
        elif name != "nav":
            yield from end_menu()
            menu, menu_context = [], None
        if name and per_class[name] < MAX_PER_PAGE_CLASS:
            per_class[name] += 1
            yield line, name
    yield from end_menu()


def english_vocabulary(articles):
    vocabulary = set(PLATFORMS)
    with open(articles, encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            vocabulary.update(corpuslib.flatten_words(" ".join([article["title"]] + article["paragraphs"])))
    return vocabulary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trafilatura", required=True, help="git directory of adbar/trafilatura")
    parser.add_argument("--articles", default=str(corpuslib.CACHE / "bbc" / "articles.jsonl"),
                        help="articles.jsonl from fetch_articles.py: its words are the English vocabulary")
    parser.add_argument("--out", default=str(corpuslib.CACHE / "chrome"))
    args = parser.parse_args()
    commit = PINNED["adbar/trafilatura"]
    if corpuslib.git_head(args.trafilatura) != commit:
        print(f"note: HEAD of {args.trafilatura} is not the pinned {commit}; reading the pinned commit", file=sys.stderr)
    vocabulary = english_vocabulary(args.articles)
    seen, rows = set(), []
    paths = corpuslib.git_ls(args.trafilatura, commit, "tests/eval") + corpuslib.git_ls(args.trafilatura, commit, "tests/cache")
    for path in sorted(paths):
        raw = corpuslib.git_show(args.trafilatura, commit, path)
        if path.endswith(".gz"):
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8", "replace")
        if not declares_english(text):
            continue
        for line, name in page_entries(text, vocabulary):
            key = corpuslib.normalize(line)
            if not key or key in seen:
                continue
            seen.add(key)
            rows.append((line.replace("\t", " "), name, f"adbar/trafilatura@{commit[:12]}:{path}", key))
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    counts = collections.Counter()
    files = {s: (out / f"{s}.tsv").open("w", encoding="utf-8") for s in ("dev", "heldout")}
    for line, name, source, key in rows:
        split = corpuslib.split_of(key)
        files[split].write(f"{line}\t{name}\t{source}\n")
        counts[split, name] += 1
    for f in files.values():
        f.close()
    (out / "README.txt").write_text(
        "dev.tsv: chrome lines the rule writer may read.\n"
        "heldout.tsv: for measuring only. Whoever writes or tunes copydesk's rules must not open it.\n"
        "Rebuilt by tests/corpus/collect_chrome.py; see tests/corpus/README-repeats-chrome.md.\n"
    )
    classes = sorted({name for _, name in counts})
    print(f"{'class':16} {'dev':>5} {'heldout':>7}")
    for name in classes:
        print(f"{name:16} {counts['dev', name]:5} {counts['heldout', name]:7}")
    print(f"{'total':16} {sum(v for (s, _), v in counts.items() if s == 'dev'):5} "
          f"{sum(v for (s, _), v in counts.items() if s == 'heldout'):7}")


if __name__ == "__main__":
    main()
