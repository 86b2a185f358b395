"""Broken questionnaires in tests/cases/questionnaires: each gives the right message and place.

A case folder holds only the files that differ from `_valid/`, plus `expected.txt`: the
lines (or beginnings of lines) that the problems must contain.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quickscan.errors import QuestionnaireError
from quickscan.questionnaire import load_questionnaire

CASES = Path(__file__).resolve().parents[1] / "cases" / "questionnaires"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def build_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path | None:
    """Copy _valid and overlay the case's files; return the maatwerk file if the case has one."""
    target = tmp_path / "qsld-case"
    shutil.copytree(CASES / "_valid", target)
    for source in (CASES / name).rglob("*"):
        if source.is_file() and source.name != "expected.txt":
            destination = target / source.relative_to(CASES / name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    monkeypatch.chdir(tmp_path)
    has_maatwerk = (CASES / name / "maatwerk.yaml").exists()
    return Path("qsld-case/maatwerk.yaml") if has_maatwerk else None


def test_valid_fixture_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(CASES / "_valid", tmp_path / "qsld-case")
    monkeypatch.chdir(tmp_path)
    q = load_questionnaire("qsld-case", extra="qsld-case/maatwerk.yaml")
    assert [a.id for a in q.areas] == ["raad", "inwoners"]
    assert [i.id for i in q.all_items] == ["GR01", "GR02", "GR03", "BI01", "BI02", "MW01"]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_broken_questionnaire(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = build_case(name, tmp_path, monkeypatch)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire("qsld-case", extra=extra)
    messages = [str(problem) for problem in caught.value.problems]
    expected = (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    for line in filter(None, expected):
        assert any(message.startswith(line) for message in messages), (
            f"expected a problem starting with\n  {line}\ngot\n  " + "\n  ".join(messages)
        )
