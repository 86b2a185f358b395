"""Folders of bad answer files (tests/cases/answers/<case>/) and the messages they must give.

Each case has `answers.csv`, `expected.txt` (lines that must each appear in the output, one
problem per line as `<severity> <code>: <problem>`; `#` starts a comment) and optionally
`options.json` (keyword arguments for check_answers, e.g. {"strict": true}). Every problem
code in the output must be expected, so a case also fails on extra problems.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from answers_factory import CASES, fixture_questionnaire

from quickscan.answers import check_answers

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def render(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{p.severity} {p.code}: {p}" for p in problems]


@pytest.fixture(scope="module")
def q():
    return fixture_questionnaire()


def test_there_are_cases():
    names = {p.name for p in CASE_DIRS}
    assert {
        "missing-column",
        "duplicate-header",
        "ragged-row",
        "duplicate-respondent",
        "unknown-group",
        "out-of-scale",
        "non-numeric",
        "bad-municipality-code",
        "mixed-names",
        "empty-file",
        "unknown-column-strict",
    } <= names


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_case(case: Path, q, monkeypatch):
    monkeypatch.chdir(case)  # problems then name the file as given: answers.csv
    options_file = case / "options.json"
    options = json.loads(options_file.read_text()) if options_file.exists() else {}
    expected = [
        line.strip()
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert expected, "expected.txt lists no messages"

    _, problems = check_answers(["answers.csv"], q, **options)
    output = render(problems)
    shown = "\n".join(output)
    for line in expected:
        assert any(line in produced for produced in output), f"missing: {line}\ngot:\n{shown}"
    expected_codes = {line.split(":", 1)[0] for line in expected}
    for produced in output:
        assert produced.split(":", 1)[0] in expected_codes, f"unexpected: {produced}"
