"""A real datatrove pipeline: JsonlReader → CopydeskFixer → CopydeskFilter →
JsonlWriter, over a corpus made here, against `copydesk check --fix`."""

from __future__ import annotations

import gzip
import json
import pickle
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import copydesk  # noqa: E402
from conftest import run_cli  # noqa: E402
from copydesk.datatrove import CopydeskFilter, CopydeskFixer, flagged_fraction  # noqa: E402
from corpus import read_jsonl, write_corpus  # noqa: E402


def read_output(folder: Path) -> list[dict]:
    records = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            records += [json.loads(line) for line in lines]
    return records


def test_pipeline_fixes_like_the_command_line(tmp_path: Path):
    docs = write_corpus(tmp_path / "raw" / "corpus.jsonl")
    # The command line's fixes of the same corpus, with its summaries.
    run_cli(
        "check", "--isolated", "--fix", "--quiet", "--add-field", "copydesk",
        "raw/corpus.jsonl", "--output", "cli.jsonl", cwd=tmp_path,
    )
    cli = {record["id"]: record for record in read_jsonl(tmp_path / "cli.jsonl")}

    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "raw")),
            CopydeskFixer(batch_size=16),
            JsonlWriter(str(tmp_path / "fixed")),
        ],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    fixed = {record["id"]: record for record in read_output(tmp_path / "fixed")}

    assert set(fixed) == {doc["id"] for doc in docs}
    changed = 0
    for doc in docs:
        ours, theirs = fixed[doc["id"]], cli[doc["id"]]
        assert ours["text"] == theirs["text"], doc["id"]
        summary = ours["metadata"]["copydesk"]
        assert {key: summary[key] for key in ("findings", "bytes", "bytes_removed")} == theirs["copydesk"]
        changed += ours["text"] != doc["text"]
        assert (sum(summary["fixed"].values()) > 0) == (ours["text"] != doc["text"])
    assert changed > 30

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    fixer = next(step for step in stats if "copydesk" in step["name"])
    assert fixer["stats"]["total"] == len(docs)
    assert fixer["stats"]["changed"] == changed
    assert fixer["stats"]["fixed_lost-apostrophe"]["total"] > 0


def test_filter_drops_over_thresholds_into_the_exclusion_writer(tmp_path: Path):
    docs = write_corpus(tmp_path / "raw" / "corpus.jsonl")
    linter = copydesk.Linter()
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "raw")),
            CopydeskFilter(
                linter,
                max_flagged_fraction=0.3,
                max_counts={"lost-apostrophe": 2},
                exclusion_writer=JsonlWriter(str(tmp_path / "removed")),
                batch_size=8,
            ),
            JsonlWriter(str(tmp_path / "kept")),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    kept = {record["id"] for record in read_output(tmp_path / "kept")}
    removed = {record["id"]: record["metadata"]["filter_reason"] for record in read_output(tmp_path / "removed")}
    assert kept.isdisjoint(removed) and kept | set(removed) == {doc["id"] for doc in docs}
    assert kept and removed

    for doc in docs:
        diagnostics = linter.check(doc["text"])
        counts = sum(d.rule == "lost-apostrophe" for d in diagnostics)
        if counts > 2:
            expected = "copydesk_lost-apostrophe"
        elif flagged_fraction(doc["text"], diagnostics) > 0.3:
            expected = "copydesk_flagged"
        else:
            expected = None
        assert removed.get(doc["id"]) == expected, doc["id"]


def test_steps_pickle():
    step = CopydeskFixer(copydesk.Linter(select=["lost-apostrophe"]), unsafe=True)
    clone = pickle.loads(pickle.dumps(step))
    assert clone.linter.rules == ["lost-apostrophe"] and clone.unsafe
    with pytest.raises(ValueError):
        CopydeskFilter(copydesk.Linter(select=["whitespace"]), max_counts={"boilerplate": 1})


def test_flagged_fraction_counts_overlaps_once():
    text = "the the company s plan"
    diagnostics = copydesk.check(text)
    assert 0 < flagged_fraction(text, diagnostics) < 1
    assert flagged_fraction("", []) == 0.0
