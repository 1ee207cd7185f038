#!/usr/bin/env python3
"""Learn names that lose apostrophes, for lost-apostrophe.

    tests/corpus/build_apostrophe_table.py [--clean CLEAN_CORPUS_DIR] [--out FILE]

Runs by hand, not in CI. Reads the sources of build_hyphen_table.py (BBC
News "dev" half only, State of the Union addresses, easy-ham mails; pinned
there) and writes rules/lists/apostrophe-names.toml with three tables:

- letter-names: names written with one letter and an apostrophe before a
  capital ("O'Brien", "D'Arcy", "N'Dour", "d'Estaing"), MIN_LETTER times or
  more, and never with a space instead ("O Lord" is a vocative); the name
  after the letter is no function word. The rule restores "O Brien" ->
  "O'Brien" in both forms.
- owner-names: words written with "'s" in at least OWNER_SHARE of their
  MIN_OWNER or more occurrences ("McDonald's", "Sainsbury's"), and names
  written with "'s" MIN_NAME_OWNER times or more and capitalised in at least
  NAME_SHARE of their MIN_NAME or more occurrences inside a sentence
  ("Britain's", "Madonna's"): their "s" is a possessive even before a
  function word or a title, which flattened text no longer shows ("mcdonald
  s has", "madonna s like a prayer").
- number-owners: words written before a number with "'s" ("Radio 4's",
  "Channel 4's") MIN_NUMBER times or more, and never before such a number
  and a separate "s" (seconds): in flattened text, where case does not show
  a name, "radio 4 s" is a possessive. Decades and years are not counted
  (the rule knows years; "the 1990's" is a plural) nor function words.

--clean DIR (e.g. /tmp/clean-corpus from make-clean-corpus.sh) vetoes: a
letter-name the clean corpus writes "O X", a number-owner it writes before "N s".
"""
import argparse
import collections
import pathlib
import re

import build_hyphen_table
import corpuslib

MIN_LETTER = 1
MIN_OWNER, OWNER_SHARE = 3, 0.8
MIN_NUMBER = 2
MIN_NAME_OWNER, MIN_NAME, NAME_SHARE = 2, 3, 0.95

APOSTROPHE = "['\u2019]"
LETTER_NAME = re.compile(rf"(?<![\w'\u2019])([ODNLodnl]){APOSTROPHE}([A-Z][a-z]+)\b")
LETTER_SPACED = re.compile(r"(?<![\w'\u2019])([ODNLodnl]) ([A-Z][a-z]+)\b")
WORD_POSSESSIVE = re.compile(rf"\b([^\W\d_]{{2,}})(?:{APOSTROPHE}s)?\b")
# A number that is no decade ("the 1990's", "the 80's") and no year (the rule
# knows years): "Radio 4's", "the FTSE 100's".
NUMBER = r"(?!(?:1[89]|20)\d\d\b)(?!\d0\b)(?!\d\d\d0\b)\d{1,4}"
# A word inside a sentence: after a space, bracket, quote or comma that does
# not follow a full stop.
INSIDE = re.compile(r"(?<=[ (\"\u201c,;:])([^\W\d_]{2,})\b")
NUMBER_POSSESSIVE = re.compile(rf"\b([^\W\d_]{{2,}}) {NUMBER}{APOSTROPHE}s\b")
NUMBER_SECONDS = re.compile(rf"\b([^\W\d_]{{2,}}) {NUMBER} s\b")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean", help="clean corpus folder: vetoes letter-names and number-owners")
    parser.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parents[2] / "rules/lists/apostrophe-names.toml"))
    args = parser.parse_args()

    letter_names, letter_spaced = collections.Counter(), set()
    owned, bare = collections.Counter(), collections.Counter()
    number_owned, number_seconds = collections.Counter(), set()
    capitalised, lowercase = collections.Counter(), collections.Counter()
    for text, counts in build_hyphen_table.sources(args.clean):
        letter_spaced.update(f"{m.group(1)}'{m.group(2)}".lower() for m in LETTER_SPACED.finditer(text))
        number_seconds.update(m.group(1).lower() for m in NUMBER_SECONDS.finditer(text))
        if not counts:
            continue
        letter_names.update(f"{m.group(1)}'{m.group(2)}".lower() for m in LETTER_NAME.finditer(text))
        number_owned.update(m.group(1).lower() for m in NUMBER_POSSESSIVE.finditer(text))
        for match in INSIDE.finditer(text):
            if text[:match.start()].rstrip(' "\u201c(')[-1:] in (".", "!", "?", "\n", ""):
                continue
            word = match.group(1)
            (capitalised if word[0].isupper() else lowercase)[word.lower()] += 1
        for match in WORD_POSSESSIVE.finditer(text):
            word = match.group(1).lower()
            (owned if match.group().endswith("s") and len(match.group()) > len(match.group(1)) else bare)[word] += 1

    kept_letter = sorted(
        w for w, n in letter_names.items()
        if n >= MIN_LETTER and w not in letter_spaced and w[2:] not in build_hyphen_table.FUNCTION_WORDS
    )
    def is_name(word):
        seen = capitalised[word] + lowercase[word]
        return seen >= MIN_NAME and capitalised[word] / seen >= NAME_SHARE

    kept_owner = sorted(
        w for w, n in owned.items()
        if w not in build_hyphen_table.FUNCTION_WORDS and (
            (n >= MIN_OWNER and n / (n + bare[w]) >= OWNER_SHARE and len(w) >= 3)
            or (n >= MIN_NAME_OWNER and is_name(w)))
    )
    kept_number = sorted(
        w for w, n in number_owned.items()
        if n >= MIN_NUMBER and w not in number_seconds and w not in build_hyphen_table.FUNCTION_WORDS
    )

    header = f"""# Names that lose apostrophes, for the lost-apostrophe rule.
# GENERATED by tests/corpus/build_apostrophe_table.py; do not edit by hand.
#
# Sources: BBC News raw (D. Greene, P. Cunningham), "dev" half only, from
# github.com/dejanbatanjac/bbc-article-classify-bert@8265dc84e88b82b87ce7f5b2df5bbbb1159ae922;
# npm {build_hyphen_table.NPM['sotu']}; npm {build_hyphen_table.NPM['spam-assassin']}
# (easy-ham bodies); vetoes also from the clean corpus of
# tests/corpus/make-clean-corpus.sh{' (used)' if args.clean else ' (not used)'}.
"""
    body = "\n".join([
        header,
        f"# Names written with a letter and an apostrophe at least {MIN_LETTER} times and never",
        '# with a space: "O Brien" -> "O\'Brien", "d arcy" -> "d\'arcy".',
        corpuslib.toml_array("letter-names", kept_letter),
        "",
        f"# Words written with \"'s\" in at least {OWNER_SHARE} of {MIN_OWNER} or more occurrences, and names",
        f"# written with \"'s\" {MIN_NAME_OWNER} or more times and capitalised in {NAME_SHARE} of {MIN_NAME} or more",
        '# occurrences inside a sentence: their "s" is a possessive even before a function',
        '# word or a title ("McDonald s has", "madonna s like a prayer").',
        corpuslib.toml_array("owner-names", kept_owner),
        "",
        f"# Words written before a number with \"'s\" at least {MIN_NUMBER} times and never",
        '# before a number and "s" (seconds): "radio 4 s today" -> "radio 4\'s today".',
        corpuslib.toml_array("number-owners", kept_number),
        "",
    ])
    pathlib.Path(args.out).write_text(body, encoding="utf-8")
    print(f"{len(kept_letter)} letter names, {len(kept_owner)} owner names, {len(kept_number)} number owners -> {args.out}")


if __name__ == "__main__":
    main()
