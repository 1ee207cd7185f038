"""copydesk.spark: the Arrow batch function, and a real local Spark job."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")

import copydesk  # noqa: E402
from conftest import run_cli  # noqa: E402
from copydesk.spark import arrow_fixer, counts_type  # noqa: E402
from corpus import read_jsonl, write_corpus  # noqa: E402


def cli_fixed(tmp_path: Path) -> tuple[list[dict], dict[str, str]]:
    docs = write_corpus(tmp_path / "corpus.jsonl")
    run_cli("check", "--isolated", "--fix", "--quiet", "corpus.jsonl", "--output", "cli.jsonl", cwd=tmp_path)
    return docs, {record["id"]: record["text"] for record in read_jsonl(tmp_path / "cli.jsonl")}


def test_arrow_batches(tmp_path: Path):
    docs, expected = cli_fixed(tmp_path)
    linter = copydesk.Linter()
    batch = pa.record_batch(
        {"id": [doc["id"] for doc in docs] + ["null"], "text": [doc["text"] for doc in docs] + [None]}
    )
    (out,) = list(arrow_fixer(linter, "text", output_column="fixed")(iter([batch])))
    assert out.schema.names == ["id", "text", "fixed", "copydesk"]
    assert out.schema.field("copydesk").type == counts_type(linter.rules)
    rows = out.to_pylist()
    assert rows[-1]["fixed"] is None and rows[-1]["copydesk"] is None
    for row in rows[:-1]:
        assert row["fixed"] == expected[row["id"]], row["id"]
        result = linter.fix(row["text"])
        assert {rule: n for rule, n in row["copydesk"]["fixed"].items() if n} == result.applied


def have_java() -> bool:
    return shutil.which("java") is not None


@pytest.mark.skipif(not have_java(), reason="no Java runtime: the Spark job needs one")
def test_spark_job(tmp_path: Path, monkeypatch):
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    from copydesk.spark import fix_column

    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    docs, expected = cli_fixed(tmp_path)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("copydesk-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        df = spark.createDataFrame([(doc["id"], doc["text"]) for doc in docs], "id string, text string").repartition(2)
        out = fix_column(df, "text", copydesk.Linter())
        rows = out.select("id", "text", "copydesk.fixed.`lost-apostrophe`").collect()
    finally:
        spark.stop()
    assert {row["id"]: row["text"] for row in rows} == expected
    assert sum(row["lost-apostrophe"] for row in rows) > 0
