"""copydesk: find and repair the damage web scraping leaves in text.

The rules, configuration and results are those of the ``copydesk`` command
(installed with this package)::

    >>> import copydesk
    >>> copydesk.fix("the company s plan").text
    "the company's plan"
    >>> linter = copydesk.Linter(select=["lost-apostrophe"])
    >>> [d.rule for d in linter.check("they don t know")]
    ['lost-apostrophe']

A :class:`Linter` is built once (packs and configuration compiled once), is
safe to share between threads, and pickles by its settings, so Spark and
datatrove can ship it to their workers. ``check_many`` and ``fix_many``
release the GIL and use every core.
"""

from __future__ import annotations

from typing import Optional

from ._copydesk import (
    ConfigError,
    CopydeskError,
    Diagnostic,
    Edit,
    Fix,
    Fixed,
    Label,
    Linter,
)

__all__ = [
    "ConfigError",
    "CopydeskError",
    "Diagnostic",
    "Edit",
    "Fix",
    "Fixed",
    "Label",
    "Linter",
    "check",
    "fix",
]

_default: Optional[Linter] = None


def _default_linter() -> Linter:
    global _default
    if _default is None:
        _default = Linter()
    return _default


def check(text: str, path: Optional[str] = None) -> list[Diagnostic]:
    """Every diagnostic of the default rules for ``text`` (see :meth:`Linter.check`)."""
    return _default_linter().check(text, path)


def fix(text: str, unsafe: bool = False, path: Optional[str] = None) -> Fixed:
    """``text`` with the default rules' fixes applied (see :meth:`Linter.fix`)."""
    return _default_linter().fix(text, unsafe, path)
