"""Shared helpers: the command line to compare with, and the fixtures."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def copydesk_bin() -> str:
    """The command line: $COPYDESK_BIN, or the `copydesk` on PATH (the wheel's)."""
    return os.environ.get("COPYDESK_BIN") or shutil.which("copydesk") or "copydesk"


def run_cli(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess:
    """Runs the command line; exit code 2 (a failed run) fails the test."""
    result = subprocess.run(
        [copydesk_bin(), *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode in (0, 1), result.stderr
    return result


def cli_json(*args: str, cwd: Path) -> list[dict]:
    return json.loads(run_cli("check", "--output-format", "json", *args, cwd=cwd).stdout)


def fixture_files() -> list[Path]:
    """Every text in fixtures/ (inputs, expected outputs, near misses), sorted."""
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".md"))


@pytest.fixture
def fixture_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of fixtures/ under a fresh folder, which becomes the current one."""
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def read(path: Path) -> str:
    """The text of `path` as the command line reads it: line endings kept."""
    return path.read_bytes().decode("utf-8")
