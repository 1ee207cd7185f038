"""Type stubs of the extension module ``copydesk._copydesk``."""

from os import PathLike
from typing import Iterable, Literal, Optional, Sequence, Union

_Path = Union[str, PathLike[str]]
_Names = Union[str, Sequence[str], None]

class CopydeskError(Exception):
    """A run of copydesk failed; the message is the command line's."""

class ConfigError(CopydeskError):
    """A configuration, rule pack, selection or rule option is invalid."""

class Edit:
    """Replace bytes ``[start, end)`` (characters ``[char_start, char_end)``) with ``replacement``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def char_start(self) -> int: ...
    @property
    def char_end(self) -> int: ...
    @property
    def replacement(self) -> str: ...

class Fix:
    """A repair: non-overlapping edits applied together."""

    @property
    def applicability(self) -> Literal["safe", "unsafe"]: ...
    @property
    def message(self) -> str: ...
    @property
    def edits(self) -> list[Edit]: ...

class Label:
    """A related place, such as "first occurrence here"."""

    @property
    def span(self) -> tuple[int, int]: ...
    @property
    def char_span(self) -> tuple[int, int]: ...
    @property
    def message(self) -> str: ...

class Diagnostic:
    """One problem found by one rule."""

    @property
    def rule(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def severity(self) -> Literal["error", "warning", "info"]: ...
    @property
    def message(self) -> str: ...
    @property
    def span(self) -> tuple[int, int]:
        """Byte offsets into the text encoded as UTF-8, end exclusive."""
    @property
    def char_span(self) -> tuple[int, int]:
        """Character offsets, end exclusive: ``text[start:end]`` is the flagged text."""
    @property
    def range(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """``((line, column), (line, column))``, 1-based; columns count characters."""
    @property
    def fix(self) -> Optional[Fix]: ...
    @property
    def related(self) -> list[Label]: ...
    @property
    def help(self) -> Optional[str]: ...
    def to_dict(self, path: str = "-") -> dict:
        """The object ``copydesk check --output-format json`` prints for it."""

class Fixed:
    """A text after fixing."""

    @property
    def text(self) -> str: ...
    @property
    def applied(self) -> dict[str, int]:
        """Fixes applied, per rule."""
    @property
    def found(self) -> dict[str, int]:
        """Diagnostics found before fixing, per rule."""
    @property
    def remaining(self) -> list[Diagnostic]:
        """The diagnostics of the fixed text."""
    @property
    def changed(self) -> bool: ...

class Linter:
    """The rules of one configuration, built once.

    ``select`` and ``ignore`` name rules or categories (a list, or one
    comma-separated string) as ``--select``/``--ignore`` do; ``config`` is a
    ``copydesk.toml`` (none is looked for when it is ``None``); ``packs`` are
    extra rule packs, as ``--pack``. Raises :class:`ConfigError` with the
    command line's message when any of them is invalid.
    """

    def __init__(
        self,
        select: _Names = None,
        ignore: _Names = None,
        config: Optional[_Path] = None,
        packs: Sequence[_Path] = (),
    ) -> None: ...
    @property
    def rules(self) -> list[str]:
        """The names of the rules that run."""
    @property
    def select(self) -> list[str]: ...
    @property
    def ignore(self) -> list[str]: ...
    @property
    def config(self) -> Optional[PathLike[str]]: ...
    @property
    def packs(self) -> list[PathLike[str]]: ...
    def check(
        self, text: str, path: Optional[_Path] = None, *, record: Optional[bool] = None
    ) -> list[Diagnostic]:
        """Every diagnostic for ``text``, sorted by position.

        ``path`` names the file the text is, for ``[[per-file]]`` settings and
        Markdown (``.md``). A text is a document, linted as ``copydesk check
        corpus.jsonl`` lints a record (no final newline needed), unless it
        has a ``path``: then it is a file, as ``copydesk check PATH`` lints
        it. ``record`` overrides that choice.
        """
    def fix(
        self,
        text: str,
        unsafe: bool = False,
        path: Optional[_Path] = None,
        *,
        record: Optional[bool] = None,
    ) -> Fixed:
        """``text`` with safe fixes (and unsafe ones with ``unsafe``) applied until stable."""
    def check_many(
        self, texts: Iterable[str], path: Optional[_Path] = None, *, record: Optional[bool] = None
    ) -> list[list[Diagnostic]]:
        """:meth:`check` for each text, in parallel on every core, without the GIL.

        The texts are one run, as the records of one corpus are for
        ``copydesk check``: ``shared-boilerplate`` (on for records) first
        counts the lines they share and reports those found in at least
        ``min-documents`` of them, which :meth:`check` of one text cannot.
        """
    def fix_many(
        self,
        texts: Iterable[str],
        unsafe: bool = False,
        path: Optional[_Path] = None,
        *,
        record: Optional[bool] = None,
    ) -> list[Fixed]:
        """:meth:`fix` for each text, in parallel on every core, without the GIL.

        The texts are one run, as in :meth:`check_many`.
        """

def main(argv: list[str]) -> int:
    """Runs the command line with ``argv`` (the program's name first)."""
