"""Every platform's export imports to answers that score exactly like the clean file.

The exports are built by tests/exports_factory.py from one fixed set of answers, in each
platform's documented layout. Only `--set` (the municipality and wave a per-municipality
survey does not carry) and, where the export truly lacks the information, a few mapping lines
are given.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import exports_factory as factory  # noqa: E402
from quickscan.answers import read_answers  # noqa: E402
from quickscan.api import score_files  # noqa: E402
from quickscan.cli import app  # noqa: E402
from quickscan.importing import load_mapping, plan_import, write_answers  # noqa: E402
from quickscan.importing.api import raise_for_errors  # noqa: E402

SETS = {"municipality_code": "GM9901", "municipality_name": "Wolderveen", "wave": "2026"}
runner = CliRunner()


@pytest.fixture(scope="module")
def q():
    return factory.questionnaire()


@pytest.fixture(scope="module")
def people(q):
    return factory.fixed_answers(q)


@pytest.fixture(scope="module")
def clean(tmp_path_factory, q, people) -> Path:
    return factory.write_clean(tmp_path_factory.mktemp("clean") / "clean.csv", q, people)


def _scores(path: Path) -> dict:
    document = score_files([path]).model_dump(mode="json")
    document.pop("inputs")
    return document


Builder = Callable[[Path, object, list], Path]

# name -> (file name, builder, mapping text or None, expected platform)
CASES: dict[str, tuple[str, Callable[..., Path], str | None, str]] = {
    "limesurvey-default-codes-csv": (
        "results-survey123456.csv",
        factory.write_limesurvey_codes,
        "limesurvey",
        "limesurvey",
    ),
    "limesurvey-default-codes-xlsx": (
        "results-survey123456.xlsx",
        lambda p, q, people: factory.write_limesurvey_codes(p, q, people, xlsx=True),
        "limesurvey",
        "limesurvey",
    ),
    "limesurvey-own-codes": (
        "results-survey654321.csv",
        factory.write_limesurvey_own_codes,
        "columns: {rol: group}\nvalues:\n  group: {A1: raad, A2: college, A3: ambtenaar, "
        "A4: inwoner}\n",
        "limesurvey",
    ),
    "limesurvey-full-answers-xlsx": (
        "results-survey123456-full.xlsx",
        factory.write_limesurvey_full,
        None,
        "limesurvey",
    ),
    "qualtrics-numeric": (
        "Quick Scan_2 december 2026_09.12.csv",
        factory.write_qualtrics,
        factory.QUALTRICS_NUMERIC_MAPPING,
        "qualtrics",
    ),
    "qualtrics-choice-text": (
        "Quick Scan_choice text.csv",
        lambda p, q, people: factory.write_qualtrics(p, q, people, choice_text=True),
        None,
        "qualtrics",
    ),
    "surveymonkey": ("Sheet_1.csv", factory.write_surveymonkey, None, "surveymonkey"),
    "microsoft-forms": ("Quick Scan(1-32).xlsx", factory.write_ms_forms, None, "forms"),
    "google-forms": ("Quick Scan (antwoorden).csv", factory.write_google_forms, None, "forms"),
    "kobo-xml-values": ("quickscan_-_all_versions.csv", factory.write_kobo, None, "kobo"),
    "kobo-labels": (
        "quickscan_-_labels.csv",
        lambda p, q, people: factory.write_kobo(p, q, people, labels=True),
        None,
        "kobo",
    ),
    "spss": ("bureau.sav", factory.write_spss, None, "spss"),
}


def _build(name: str, tmp_path: Path, q, people) -> tuple[Path, Path | None, str]:
    file_name, builder, mapping_text, platform = CASES[name]
    export = builder(tmp_path / file_name, q, people)
    if mapping_text == "limesurvey":
        mapping_text = factory.limesurvey_codes_mapping(q)
    mapping = None
    if mapping_text is not None:
        mapping = tmp_path / "map.yaml"
        mapping.write_text(mapping_text, encoding="utf-8")
    return export, mapping, platform


@pytest.mark.parametrize("name", list(CASES))
def test_export_scores_exactly_like_the_clean_file(name, tmp_path, q, people, clean):
    export, mapping, platform = _build(name, tmp_path, q, people)
    before = export.read_bytes()
    plan = plan_import(
        [export], q, mapping=load_mapping(mapping, q) if mapping else None, sets=SETS
    )
    raise_for_errors(plan)
    assert plan.files[0].platform == platform
    assert plan.files[0].respondents == len(people)
    assert plan.files[0].missing_items == []
    out = tmp_path / "answers.csv"
    assert plan.table is not None
    write_answers(plan.table, out, [export])
    assert export.read_bytes() == before  # an input is never modified

    assert _scores(out) == _scores(clean)
    # Stronger than the scores: every code, group and open answer is the same.
    ours, theirs = read_answers([out], q), read_answers([clean], q)
    assert np.array_equal(ours.codes, theirs.codes)
    assert ours.respondents["group"].tolist() == theirs.respondents["group"].tolist()
    for question in q.all_open_questions:
        assert (
            ours.open_answers[question.id].fillna("").tolist()
            == theirs.open_answers[question.id].fillna("").tolist()
        )


def test_mappings_are_only_a_few_lines_where_the_export_lacks_the_information(q):
    """Everything with item texts in its headers needs none; numeric Qualtrics needs four."""
    needing = {name for name, case in CASES.items() if case[2] is not None}
    assert needing == {
        "limesurvey-default-codes-csv",
        "limesurvey-default-codes-xlsx",
        "limesurvey-own-codes",
        "qualtrics-numeric",
    }
    assert len(factory.QUALTRICS_NUMERIC_MAPPING.splitlines()) == 4
    # Default LimeSurvey codes: one line per column, plus the two code lists.
    lines = factory.limesurvey_codes_mapping(q).splitlines()
    assert len(lines) == 2 + 1 + len(q.all_items) + len(q.all_open_questions) + 3


def test_cli_imports_and_says_what_it_did(tmp_path, q, people, clean):
    export, _, _ = _build("qualtrics-choice-text", tmp_path, q, people)
    out = tmp_path / "answers.xlsx"
    result = runner.invoke(
        app,
        [
            "import",
            str(export),
            "--set",
            "municipality_code=GM9901",
            "--set",
            "municipality_name=Wolderveen",
            "--set",
            "wave=2026",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Qualtrics export (detected)" in result.stdout
    assert f"rows read: {len(people)}; respondents written: {len(people)}" in result.stdout
    unfinished = sum(not p.finished for p in people)
    assert f"unfinished responses: {unfinished} (kept)" in result.stdout
    assert "question text: 53" in result.stdout
    assert _scores(out) == _scores(clean)


def test_finished_only_leaves_unfinished_responses_out(tmp_path, q, people):
    export, _, _ = _build("limesurvey-full-answers-xlsx", tmp_path, q, people)
    plan = plan_import([export], q, sets=SETS, finished_only=True)
    raise_for_errors(plan)
    finished = [p.id for p in people if p.finished]
    assert plan.files[0].unfinished == len(people) - len(finished)
    assert plan.table is not None and plan.table.num_rows == len(finished)
    # LimeSurvey's `id` is the respondent id: the response numbers of the finished rows.
    numbers = [str(k) for k, p in enumerate(people, start=1) if p.finished]
    assert plan.table.column("respondent_id").to_pylist() == numbers


def test_google_forms_ids_are_generated_in_row_order(tmp_path, q, people):
    export, _, _ = _build("google-forms", tmp_path, q, people)
    plan = plan_import([export], q, sets=SETS)
    assert plan.files[0].generated_ids
    assert plan.table is not None
    ids = plan.table.column("respondent_id").to_pylist()
    assert ids == [str(k) for k in range(1, len(people) + 1)]


def test_sav_is_read_directly_by_score_and_check(tmp_path, q, people, clean):
    """A `.sav` in quickscan's own layout scores like the CSV: no import needed."""
    import pandas as pd
    import pyreadstat

    frame = pd.read_csv(clean, dtype=str, keep_default_na=False)
    for item in q.all_items:
        frame[item.id] = pd.to_numeric(frame[item.id].replace("", np.nan))
    frame["wave"] = 2026.0  # SPSS stores it as 2026.00
    path = tmp_path / "answers.sav"
    pyreadstat.write_sav(
        frame,
        str(path),
        variable_value_labels={item.id: {9.0: "Weet niet / geen mening"} for item in q.items},
        missing_ranges={item.id: [9.0] for item in q.items},
    )
    assert _scores(path) == _scores(clean)
    zsav = tmp_path / "answers.zsav"
    pyreadstat.write_sav(frame, str(zsav), compress=True)
    assert _scores(zsav) == _scores(clean)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    # compare finds .sav files in a folder too, and reads them like the CSV.
    folder = tmp_path / "waves"
    folder.mkdir()
    path.rename(folder / "answers.sav")
    ours = runner.invoke(app, ["compare", str(folder), "--format", "json"])
    theirs = runner.invoke(app, ["compare", str(clean), "--format", "json"])
    assert ours.exit_code == 0, ours.output
    assert json.loads(ours.stdout)["rows"] == json.loads(theirs.stdout)["rows"]


# --- a codes export with its labels export: the labels check (and complete) the codes ------
def test_limesurvey_codes_with_full_answers_need_only_the_column_lines(tmp_path, q, people, clean):
    codes = factory.write_limesurvey_codes(tmp_path / "codes.csv", q, people)
    full = factory.write_limesurvey_full(
        tmp_path / "full.csv", q, people, xlsx=False, code_headings=True
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text(factory.limesurvey_codes_mapping(q).split("values:")[0], encoding="utf-8")
    plan = plan_import([codes, full], q, mapping=load_mapping(mapping, q), sets=SETS)
    raise_for_errors(plan)
    assert [f.file for f in plan.files] == [str(codes)]  # the labels are not imported twice
    assert f"value labels from {full}" in plan.files[0].notes
    out = tmp_path / "answers.csv"
    assert plan.table is not None
    write_answers(plan.table, out)
    assert _scores(out) == _scores(clean)


def test_a_mapping_that_reverses_the_labelled_codes_is_refused(tmp_path, q, people):
    codes = factory.write_limesurvey_codes(tmp_path / "codes.csv", q, people)
    full = factory.write_limesurvey_full(
        tmp_path / "full.csv", q, people, xlsx=False, code_headings=True
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        factory.limesurvey_codes_mapping(q).replace(
            "A1: 1, A2: 2, A3: 3, A4: 4, A5: 5", "A1: 5, A2: 4, A3: 3, A4: 2, A5: 1"
        ),
        encoding="utf-8",
    )
    plan = plan_import([codes, full], q, mapping=load_mapping(mapping, q), sets=SETS)
    [problem] = [p for p in plan.errors]
    assert problem.code == "reversed-scale"
    assert problem.count == len(q.all_items)
    assert "A1 = 'Helemaal niet mee eens' (the mapping makes it 5)" in problem.message
    assert plan.table is None


def test_qualtrics_numeric_with_choice_text_needs_no_mapping(tmp_path, q, people, clean):
    numeric = factory.write_qualtrics(tmp_path / "numeric.csv", q, people)
    text = factory.write_qualtrics(tmp_path / "text.csv", q, people, choice_text=True)
    out = tmp_path / "answers.csv"
    result = runner.invoke(
        app,
        [
            "import",
            str(numeric),
            str(text),
            *(f"--set={k}={v}" for k, v in SETS.items()),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "value labels from" in result.stdout
    assert _scores(out) == _scores(clean)
