"""Helpers shared by the measurement scripts in tests/corpus/.

Standard library only. Nothing here knows about copydesk's rules: it reads
HTML into block lines, flattens text the way the seed article was flattened,
splits things deterministically by hash, and locates the cache folder.
"""
import argparse
import hashlib
import html.parser
import json
import os
import pathlib
import re
import subprocess
import tempfile

CACHE = pathlib.Path(os.environ.get("COPYDESK_CORPUS_CACHE", pathlib.Path.home() / ".cache" / "copydesk-corpus"))

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "noscript", "ol", "option", "p", "pre",
    "script", "section", "select", "style", "summary", "table", "td", "template", "th", "title", "tr", "ul",
}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


def normalize(line):
    """The key used for de-duplication and splitting: lowercase words joined by spaces."""
    return " ".join(w.lower() for w in WORD.findall(line))


def stable_hash(text):
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], 16)


def split_of(key):
    """'dev' or 'heldout', decided by the hash of a key (a normalized line or an id)."""
    return "dev" if stable_hash(key) % 2 == 0 else "heldout"


def dev_fold(key):
    """'a' or 'b': the half of the dev split a key falls in, for checking a
    table learned on one half against the other before the held-out run."""
    return "a" if stable_hash("fold:" + key) % 2 == 0 else "b"


def flatten_words(text):
    """The words of text as the seed article has them: lowercase, no punctuation,
    apostrophes turned into spaces (so "don't" gives "don", "t")."""
    words = []
    for token in WORD.findall(text):
        words.extend(p for p in re.split(r"['\u2019]", token.lower()) if p)
    return words


def git_show(git_dir, commit, path):
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], capture_output=True, check=True
    ).stdout


def git_ls(git_dir, commit, folder):
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "--name-only", commit, folder],
        capture_output=True, check=True,
    ).stdout.decode("utf-8", "replace")
    return [p for p in out.split("\0") if p]


def git_head(git_dir):
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "rev-parse", "HEAD"], capture_output=True, check=True, text=True
    ).stdout.strip()


class BlockLines(html.parser.HTMLParser):
    """Reads HTML into lines, one per block element, in document order.

    Each line is (text, context, kind): context is the lowercased tag names,
    ids, classes and roles of the open elements around it; kind is "script",
    "style" or "text". Text inside <head> other than <title> is skipped.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.buffer, self.lines = [], [], []
        self.in_head = False

    def _context(self):
        return " ".join(desc for _, desc in self.stack)

    def _flush(self):
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if not text:
            return
        tags = [tag for tag, _ in self.stack]
        kind = "script" if "script" in tags else "style" if "style" in tags else "text"
        if self.in_head and "title" not in tags and kind == "text":
            return
        self.lines.append((text, self._context(), kind))

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        if tag == "body":
            self.in_head = False
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in VOID_TAGS:
            return
        attrs = dict(attrs)
        desc = " ".join([tag] + [str(attrs.get(k) or "") for k in ("id", "class", "role", "itemprop", "aria-label")])
        self.stack.append((tag, desc.lower()))

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        if tag in BLOCK_TAGS:
            self._flush()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.buffer.append(data)

    def close(self):
        super().close()
        self._flush()


def block_lines(html_text):
    parser = BlockLines()
    parser.feed(html_text)
    parser.close()
    return parser.lines


# Shared by measure_hyphens.py and measure_apostrophes.py: damage real articles
# by turning one mark into spaces, run one rule, count the restored marks.

TOKEN = re.compile(r"[^\W_]+")


def spaced(text, mark):
    """The text with every match of the regex mark turned into a space, and the
    byte offsets of those spaces."""
    out, gaps, last, size = [], [], 0, 0
    for match in mark.finditer(text):
        piece = text[last:match.start()]
        out.append(piece)
        size += len(piece.encode())
        gaps.append(size)
        out.append(" ")
        size += 1
        last = match.end()
    out.append(text[last:])
    return "".join(out), gaps


def flattened_marking(text, marks):
    """The words of the text, lowercase, joined by single spaces, and the byte
    offsets of the spaces whose original separator was one of marks."""
    words, gaps, size = [], [], 0
    previous_end = None
    for match in TOKEN.finditer(text):
        word = match.group().lower()
        if words:
            if text[previous_end:match.start()] in marks:
                gaps.append(size)
            size += 1
        words.append(word)
        size += len(word.encode())
        previous_end = match.end()
    return " ".join(words) + "\n", gaps


def measure_arguments(doc, show_help):
    """The command line every measure_*.py script takes."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--split", default="dev", choices=["dev", "dev-a", "dev-b", "heldout"],
                        help="dev-a and dev-b: one half of dev (see dev_fold)")
    parser.add_argument("--articles", default=str(CACHE / "bbc" / "articles.jsonl"))
    parser.add_argument("--work", help="folder for the damaged files (default: a temporary one)")
    parser.add_argument("--safe-only", action="store_true", help="count only safe fixes")
    parser.add_argument("--show", type=int, default=15, help=show_help)
    return parser


def damaged_forms(args, forms):
    """For each (form, damage) of forms, damages the articles of args.split into
    a folder and yields (form, folder, expected gaps, damaged bytes, number of
    articles)."""
    articles = [json.loads(line) for line in open(args.articles, encoding="utf-8")]
    split, _, fold = args.split.partition("-")
    articles = [a for a in articles if a["split"] == split and (not fold or dev_fold(a["id"]) == fold)]
    with tempfile.TemporaryDirectory() as temporary:
        work = pathlib.Path(args.work or temporary)
        for form, damage in forms:
            folder = work / args.split / form
            expected, texts = damage_articles(articles, folder, damage)
            yield form, folder, expected, texts, len(articles)


def damage_articles(articles, folder, damage):
    """Writes each article, damaged, into folder; returns the expected gaps and
    the damaged bytes, both by path."""
    folder.mkdir(parents=True, exist_ok=True)
    expected, texts = {}, {}
    for article in articles:
        clean = "\n\n".join([article["title"], *article["paragraphs"]]) + "\n"
        damaged, gaps = damage(clean)
        path = folder / (article["id"].replace("/", "-") + ".txt")
        path.write_text(damaged, encoding="utf-8")
        expected[str(path)] = set(gaps)
        texts[str(path)] = damaged.encode()
    return expected, texts


def score_fixes(binary, rule, folder, expected, replacements, safe_only):
    """Runs copydesk with only rule on folder. Returns the restored gaps by path,
    the number of edits writing one of replacements, and the wrong ones as
    (path, diagnostic, edit)."""
    result = subprocess.run(
        [binary, "check", "--select", rule, "--output-format", "json", str(folder)],
        capture_output=True, check=False,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"copydesk failed: {result.stderr.decode()}")
    restored, edits_total, wrong = {path: set() for path in expected}, 0, []
    for diagnostic in json.loads(result.stdout):
        fix = diagnostic.get("fix")
        if not fix or (safe_only and fix["applicability"] != "safe"):
            continue
        path = diagnostic["path"]
        for edit in fix["edits"]:
            if edit["replacement"] not in replacements:
                continue
            edits_total += 1
            if edit["start"] in expected.get(path, ()):
                restored[path].add(edit["start"])
            else:
                wrong.append((path, diagnostic, edit))
    return restored, edits_total, wrong


def toml_array(name, items):
    """A TOML array of strings, wrapped at 79 columns."""
    lines, line = [f"{name} = ["], "  "
    for item in items:
        piece = json.dumps(item) + ", "
        if len(line) + len(piece) > 79:
            lines.append(line.rstrip())
            line = "  "
        line += piece
    lines.append(line.rstrip())
    lines.append("]")
    return "\n".join(lines)
