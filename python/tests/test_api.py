"""The Python API: results, offsets, pickling, errors, threads."""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import copydesk
from conftest import copydesk_bin, run_cli


def test_the_issue_example():
    result = subprocess.run(
        [sys.executable, "-c", "import copydesk; print(copydesk.fix('the company s plan').text)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "the company's plan\n"


def test_diagnostic_fields():
    text = "café — the museum s director said"
    (diagnostic,) = copydesk.check(text)
    assert diagnostic.rule == "lost-apostrophe"
    assert diagnostic.category == "artefact"
    assert diagnostic.severity == "warning"
    assert diagnostic.message == 'apostrophe lost: "museum s" should be "museum\'s"'
    start, end = diagnostic.span
    assert text.encode()[start:end].decode() == "museum s"
    assert text[slice(*diagnostic.char_span)] == "museum s"
    assert diagnostic.range == ((1, 12), (1, 20))
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"
    (edit,) = diagnostic.fix.edits
    assert (edit.replacement, text[edit.char_start : edit.char_end]) == ("'", " ")
    assert diagnostic.related == []
    assert "lost-apostrophe" in repr(diagnostic)


def test_character_spans_of_related_labels_and_astral_characters():
    sentence = "The 🦀 crab walked along the shore of the quiet bay every morning before dawn. "
    text = "🦀 " + sentence * 3 + "\n"
    for diagnostic in copydesk.Linter().check(text):
        encoded = text.encode()
        for label in diagnostic.related:
            assert text[slice(*label.char_span)] == encoded[slice(*label.span)].decode()
        assert text[slice(*diagnostic.char_span)] == encoded[slice(*diagnostic.span)].decode()


def test_fixed():
    fixed = copydesk.Linter().fix("they don t know  it")
    assert fixed.text == "they don't know it"
    assert fixed.applied == {"lost-apostrophe": 1, "whitespace": 1}
    assert fixed.found == {"lost-apostrophe": 1, "whitespace": 1}
    assert fixed.remaining == [] and fixed.changed


def test_a_text_with_a_path_is_a_file():
    linter = copydesk.Linter(select="whitespace")
    assert linter.check("no final newline") == []
    assert [d.message for d in linter.check("no final newline", "a.txt")] == ["missing newline at the end of the file"]
    assert linter.fix("x", record=False).text == "x\n"


def test_selection_as_list_or_comma_string():
    assert copydesk.Linter(select="lost-apostrophe, whitespace").rules == ["lost-apostrophe", "whitespace"]
    assert "boilerplate" not in copydesk.Linter(ignore=["boilerplate"]).rules


def test_pickles_by_its_settings(tmp_path: Path):
    config = tmp_path / "copydesk.toml"
    config.write_text('ignore = ["whitespace"]\n')
    linter = copydesk.Linter(select=["typography", "artefact"], config=config)
    clone = pickle.loads(pickle.dumps(linter))
    assert repr(clone) == repr(linter)
    assert clone.rules == linter.rules and "whitespace" not in clone.rules
    text = "the the company s plan  "
    assert [d.to_dict() for d in clone.check(text)] == [d.to_dict() for d in linter.check(text)]


@pytest.mark.parametrize(
    "settings, arguments, config",
    [
        ({"select": ["nope"]}, ["--select", "nope"], None),
        ({"packs": ["missing-pack.toml"]}, ["--pack", "missing-pack.toml"], None),
        ({"packs": ["bad-pack.toml"]}, ["--pack", "bad-pack.toml"], None),
        ({"config": "copydesk.toml"}, ["--config", "copydesk.toml"], 'select = ["artefact"]\nignroe = ["x"]\n'),
        ({"config": "copydesk.toml"}, ["--config", "copydesk.toml"], "[rules.repeated-passage]\nmin-words = -3\n"),
    ],
    ids=["unknown-rule", "missing-pack", "bad-pack", "unknown-key", "bad-option"],
)
def test_errors_carry_the_command_line_message(tmp_path: Path, monkeypatch, settings, arguments, config):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad-pack.toml").write_text('[[rule]]\nname = "x"\nphrases = 3\n')
    if config is not None:
        (tmp_path / "copydesk.toml").write_text(config)
    with pytest.raises(copydesk.ConfigError) as raised:
        copydesk.Linter(**settings)
    result = subprocess.run(
        [copydesk_bin(), "check", *arguments, "-"],
        input="text\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert str(raised.value) == result.stderr.rstrip()
    assert isinstance(raised.value, copydesk.CopydeskError)


def test_check_many_rejects_one_string():
    with pytest.raises(TypeError):
        copydesk.Linter().check_many("one text")


def test_threads_share_one_linter():
    linter = copydesk.Linter()
    texts = [f"the company s plan number {i} and they don t know\n" for i in range(200)]
    expected = [f.text for f in linter.fix_many(texts)]
    results: dict[int, list[str]] = {}

    def work(n: int) -> None:
        results[n] = [linter.fix(text).text for text in texts]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results.values())
    assert expected[0] == "the company's plan number 0 and they don't know\n"


def test_the_command_line_helper_runs(tmp_path: Path):
    assert run_cli("rules", cwd=tmp_path).stdout
