"""Helpers shared by the repeat/chrome measurement scripts in tests/corpus/.

Standard library only. Nothing here knows about copydesk's rules: it reads
HTML into block lines, flattens text the way the seed article was flattened,
splits things deterministically by hash, and locates the cache folder.
"""
import hashlib
import html.parser
import os
import pathlib
import re
import subprocess

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
