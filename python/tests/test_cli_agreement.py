"""`Linter.check` and `Linter.fix` agree exactly with the command line's
JSON (`--output-format json`) and `--fix` on every text in fixtures/: with
the default rules, with each rule folder's own rule, with a rule pack, and
with unsafe fixes."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

import copydesk
from conftest import FIXTURES, cli_json, fixture_files, read, run_cli

PACK = "fixtures/_packs/house.toml"


def relative(path: Path) -> str:
    return str(path.relative_to(FIXTURES.parent))


def by_path(objects: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for obj in objects:
        grouped[obj["path"]].append(obj)
    return grouped


def python_json(linter: copydesk.Linter, path: str, text: str) -> list[dict]:
    return [d.to_dict(path) for d in linter.check(text, path)]


def test_there_are_fixtures():
    assert len(fixture_files()) > 100


@pytest.mark.parametrize(
    "settings, arguments",
    [
        ({}, []),
        ({"packs": [PACK]}, ["--pack", PACK]),
        ({"ignore": "artefact"}, ["--ignore", "artefact"]),
    ],
    ids=["default", "pack", "ignore-category"],
)
def test_check_agrees_with_the_json_output(fixture_copy: Path, settings: dict, arguments: list[str]):
    files = [relative(path) for path in fixture_files()]
    expected = by_path(cli_json("--isolated", *arguments, *files, cwd=fixture_copy))
    linter = copydesk.Linter(**settings)
    flagged = 0
    for path in files:
        text = read(fixture_copy / path)
        assert python_json(linter, path, text) == expected.get(path, []), path
        flagged += bool(expected.get(path))
    assert flagged > 10


def test_each_rule_alone_agrees(fixture_copy: Path):
    folders = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith("_"))
    assert folders
    for folder in folders:
        files = [relative(path) for path in fixture_files() if path.parent == folder]
        expected = by_path(cli_json("--isolated", "--select", folder.name, *files, cwd=fixture_copy))
        linter = copydesk.Linter(select=[folder.name])
        for path in files:
            text = read(fixture_copy / path)
            assert python_json(linter, path, text) == expected.get(path, []), path


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fix_agrees_with_fix(fixture_copy: Path, unsafe: bool):
    files = [relative(path) for path in fixture_files()]
    originals = {path: read(fixture_copy / path) for path in files}
    flag = "--unsafe-fixes" if unsafe else "--fix"
    remaining = by_path(cli_json("--isolated", flag, "--quiet", *files, cwd=fixture_copy))
    linter = copydesk.Linter()
    changed = 0
    for path in files:
        fixed = linter.fix(originals[path], unsafe, path)
        expected_text = read(fixture_copy / path)
        assert fixed.text == expected_text, path
        assert fixed.changed == (expected_text != originals[path]), path
        assert [d.to_dict(path) for d in fixed.remaining] == remaining.get(path, []), path
        changed += fixed.changed
    assert changed > 30


def test_many_agree_with_one_at_a_time():
    linter = copydesk.Linter()
    texts = [read(path) for path in fixture_files()]
    many = linter.check_many(texts)
    assert [[d.to_dict() for d in ds] for ds in many] == [
        [d.to_dict() for d in linter.check(text)] for text in texts
    ]
    fixed = linter.fix_many(texts, True)
    assert [f.text for f in fixed] == [linter.fix(text, True).text for text in texts]


def assert_many_agree_with_a_corpus(tmp_path: Path, texts: list[str]) -> Path:
    """check_many's diagnostics of `texts` are the command line's for the
    records of a corpus of them; returns the corpus."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    records = defaultdict(list)
    for obj in cli_json("--isolated", str(corpus), cwd=tmp_path):
        records[obj["record"]["id"]].append(obj)
    for index, diagnostics in enumerate(copydesk.Linter().check_many(texts)):
        expected = [{k: v for k, v in obj.items() if k != "record"} for obj in records.get(index, [])]
        assert [d.to_dict(str(corpus)) for d in diagnostics] == expected, index
    return corpus


def test_a_document_agrees_with_a_corpus_record(tmp_path: Path):
    """A text with no path is linted as a record of a JSON Lines corpus."""
    assert_many_agree_with_a_corpus(tmp_path, [read(path) for path in fixture_files()])


def shared_chrome_records() -> list[str]:
    """Six records of one site: their own prose, then the same chrome line."""
    chrome = "Hear the Riverside Evening digest read aloud on weekdays before supper"
    places = ["ferry terminal", "museum annexe", "allotment plots", "fire station", "tram depot", "boat yard"]
    return [
        f"The {place} opened its doors again this week, and neighbours came early to look around.\n{chrome}\n"
        for place in places
    ]


def test_many_learn_the_run_like_a_corpus(tmp_path: Path):
    """check_many and fix_many count what their texts share, as the command
    line counts a corpus's records: shared-boilerplate finds the chrome line."""
    texts = shared_chrome_records()
    corpus = assert_many_agree_with_a_corpus(tmp_path, texts)
    linter = copydesk.Linter()
    many = linter.check_many(texts)
    assert [[d.rule for d in ds] for ds in many] == [["shared-boilerplate"]] * len(texts)
    # One text alone has no run to learn from.
    assert linter.check(texts[0]) == []

    run_cli("check", "--isolated", "--unsafe-fixes", "--quiet", str(corpus), cwd=tmp_path)
    fixed_records = [json.loads(line)["text"] for line in corpus.read_text().splitlines()]
    fixed = linter.fix_many(texts, True)
    assert [f.text for f in fixed] == fixed_records
    assert all("Riverside" not in f.text and f.applied == {"shared-boilerplate": 1} for f in fixed)


def test_the_wheel_installs_the_command(tmp_path: Path):
    command = shutil.which("copydesk")
    assert command is not None
    result = subprocess.run(
        [command, "check", "--isolated", "--output-format", "json", "-"],
        input="the company s plan\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout) == [d.to_dict() for d in copydesk.Linter().check("the company s plan\n", record=False)]
    fixed = subprocess.run([command, "check", "--fix", "--quiet", "-"], input="the company s plan\n", capture_output=True, text=True)
    assert (fixed.returncode, fixed.stdout) == (0, "the company's plan\n")
    assert run_cli("rule", "lost-apostrophe", cwd=tmp_path).stdout.startswith("# lost-apostrophe")
