"""copydesk as datatrove pipeline steps.

:class:`CopydeskFixer` repairs each document's text and records what it did
in the document's metadata; :class:`CopydeskFilter` drops documents with too
much damage left. Both lint a batch of documents at a time with
:meth:`copydesk.Linter.fix_many` / :meth:`~copydesk.Linter.check_many`, which
use every core without the GIL, and both pickle (their linter is rebuilt
from its settings) for datatrove's executors::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from copydesk.datatrove import CopydeskFilter, CopydeskFixer

    LocalPipelineExecutor(pipeline=[
        JsonlReader("raw/"),
        CopydeskFixer(),
        CopydeskFilter(max_flagged_fraction=0.2,
                       exclusion_writer=JsonlWriter("removed/")),
        JsonlWriter("clean/"),
    ]).run()

Each document is linted as ``copydesk check corpus.jsonl`` lints a record,
with one difference: ``shared-boilerplate`` learns what documents share from
each batch (``batch_size`` documents), not from the whole run.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Optional

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.utils.batching import batched
from datatrove.utils.typeshelper import StatHints

from . import Diagnostic, Linter

__all__ = ["CopydeskFilter", "CopydeskFixer", "flagged_fraction"]


def _counts(diagnostics: list[Diagnostic]) -> dict[str, int]:
    return dict(sorted(Counter(d.rule for d in diagnostics).items()))


class CopydeskFixer(PipelineStep):
    """Applies copydesk's fixes to each document's text.

    Args:
        linter: the rules to run (default: ``copydesk.Linter()``).
        unsafe: also apply unsafe fixes (``--unsafe-fixes``).
        metadata_key: the metadata entry that receives the summary
            ``copydesk check --add-field`` writes into a corpus record
            (``findings``: diagnostics per rule before fixing, ``bytes``,
            ``bytes_removed``), with ``fixed`` (fixes applied per rule) and
            ``remaining`` (diagnostics left per rule) added; ``None``
            records nothing.
        batch_size: documents fixed together, in parallel; also the run
            that ``shared-boilerplate`` learns shared lines from.

    Stats: ``total``, ``changed`` (documents whose text changed), and per
    rule ``fixed_<rule>`` and ``remaining_<rule>``.
    """

    name = "🖋 copydesk"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        linter: Optional[Linter] = None,
        unsafe: bool = False,
        metadata_key: Optional[str] = "copydesk",
        batch_size: int = 256,
    ):
        super().__init__()
        self.linter = linter if linter is not None else Linter()
        self.unsafe = unsafe
        self.metadata_key = metadata_key
        self.batch_size = batch_size

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for batch in batched(data, self.batch_size):
            with self.track_time("batch"):
                results = self.linter.fix_many([doc.text for doc in batch], self.unsafe, record=True)
            for doc, fixed in zip(batch, results):
                self.stat_update(StatHints.total)
                remaining = _counts(fixed.remaining)
                if fixed.changed:
                    self.stat_update("changed")
                for rule, count in fixed.applied.items():
                    self.stat_update(f"fixed_{rule}", value=count)
                for rule, count in remaining.items():
                    self.stat_update(f"remaining_{rule}", value=count)
                if self.metadata_key is not None:
                    before = len(doc.text.encode("utf-8"))
                    doc.metadata[self.metadata_key] = {
                        "findings": dict(fixed.found),
                        "bytes": before,
                        "bytes_removed": before - len(fixed.text.encode("utf-8")),
                        "fixed": dict(fixed.applied),
                        "remaining": remaining,
                    }
                doc.text = fixed.text
                yield doc


def flagged_fraction(text: str, diagnostics: list[Diagnostic]) -> float:
    """The fraction of the UTF-8 bytes of ``text`` that ``diagnostics`` cover
    (overlapping spans counted once; an empty text is 0)."""
    size = len(text.encode("utf-8"))
    if size == 0:
        return 0.0
    covered, reach = 0, 0
    for start, end in sorted(d.span for d in diagnostics):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered / size


class CopydeskFilter(BaseFilter):
    """Drops documents over copydesk thresholds; keeps the rest unchanged.

    Args:
        linter: the rules to run (default: ``copydesk.Linter()``).
        max_flagged_fraction: drop a document when more than this fraction of
            its bytes lies in diagnostics (reason ``copydesk_flagged``).
        max_counts: ``{rule: n}``: drop a document with more than ``n``
            diagnostics of ``rule`` (reason ``copydesk_<rule>``).
        exclusion_writer: saves the dropped documents, each with its
            ``filter_reason`` (datatrove's convention).
        batch_size: documents linted together, in parallel; also the run
            that ``shared-boilerplate`` learns shared lines from.
    """

    name = "🖋 copydesk"

    def __init__(
        self,
        linter: Optional[Linter] = None,
        max_flagged_fraction: Optional[float] = None,
        max_counts: Optional[Mapping[str, int]] = None,
        exclusion_writer: Optional[DiskWriter] = None,
        batch_size: int = 256,
    ):
        super().__init__(exclusion_writer, batch_size)
        self.linter = linter if linter is not None else Linter()
        self.max_flagged_fraction = max_flagged_fraction
        self.max_counts = dict(max_counts or {})
        unknown = sorted(set(self.max_counts) - set(self.linter.rules))
        if unknown:
            raise ValueError(f"max_counts names rules that do not run: {', '.join(unknown)}")

    def _decide(self, doc: Document, diagnostics: list[Diagnostic]) -> bool | tuple[bool, str]:
        counts = _counts(diagnostics)
        for rule, limit in self.max_counts.items():
            if counts.get(rule, 0) > limit:
                return False, f"copydesk_{rule}"
        if self.max_flagged_fraction is not None:
            if flagged_fraction(doc.text, diagnostics) > self.max_flagged_fraction:
                return False, "copydesk_flagged"
        return True

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return self._decide(doc, self.linter.check(doc.text, record=True))

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        results = self.linter.check_many([doc.text for doc in batch], record=True)
        return [self._decide(doc, diagnostics) for doc, diagnostics in zip(batch, results)]
