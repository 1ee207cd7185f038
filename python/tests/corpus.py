"""A small JSON Lines corpus of damaged documents, made from the fixtures."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import fixture_files, read


def documents() -> list[dict]:
    """Documents with ids: every fixture text, and a few short damaged ones."""
    texts = [read(path) for path in fixture_files()]
    texts += [
        "the company s plan",
        "they don t know what it s for  and we re late",
        "  \n",  # datatrove's readers skip empty texts
        "Clean, well-edited prose stays as it is.",
    ]
    return [{"id": f"doc-{index}", "text": text} for index, text in enumerate(texts)]


def write_corpus(path: Path) -> list[dict]:
    docs = documents()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps(doc) + "\n")
    return docs


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
