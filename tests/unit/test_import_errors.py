"""What goes wrong in an import gives the right message and exit code, and writes nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import exports_factory as factory  # noqa: E402
from quickscan.cli import app  # noqa: E402
from quickscan.errors import ExitCode  # noqa: E402

runner = CliRunner()
SETS = [
    "--set",
    "municipality_code=GM9901",
    "--set",
    "municipality_name=Wolderveen",
    "--set",
    "wave=2026",
]


@pytest.fixture(scope="module")
def q():
    return factory.questionnaire()


@pytest.fixture(scope="module")
def people(q):
    return factory.fixed_answers(q)


def _import(export: Path, out: Path, *extra: str):
    return runner.invoke(app, ["import", str(export), *SETS, "-o", str(out), *extra])


def test_reversed_scale_is_refused_naming_the_item_and_both_label_sets(tmp_path, q, people):
    export = factory.write_spss(tmp_path / "bureau.sav", q, people, reversed_scale=True)
    out = tmp_path / "answers.csv"
    result = _import(export, out)
    assert result.exit_code == ExitCode.ANSWERS, result.output
    assert not out.exists()
    message = result.stderr
    assert "error: bureau.sav column v1: the codes of GR01 (column v1)" in message.replace(
        str(tmp_path) + "/", ""
    )
    assert "the file has 1 = 'Helemaal eens', 2 = 'Eens'" in message
    assert "the questionnaire has 1 = 'Helemaal oneens', 2 = 'Oneens'" in message
    assert "Scoring it would invert the result" in message
    assert "values: {GR01: {1: 5, 2: 4, 3: 3, 4: 2, 5: 1}}" in message
    # One message for the fifty items that share the label set, counted as fifty problems.
    assert message.count("run another way") == 1
    assert "50 error(s)" in message


def test_reversed_scale_recoded_in_the_mapping_scores_like_the_original(tmp_path, q, people):
    from quickscan.api import score_files

    export = factory.write_spss(tmp_path / "bureau.sav", q, people, reversed_scale=True)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("values:\n  items: {1: 5, 2: 4, 4: 2, 5: 1}\n", encoding="utf-8")
    out = tmp_path / "answers.csv"
    result = _import(export, out, "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    clean = factory.write_clean(tmp_path / "clean.csv", q, people)
    ours = score_files([out]).model_dump(mode="json")
    theirs = score_files([clean]).model_dump(mode="json")
    assert ours["municipalities"] == theirs["municipalities"]


def test_unmatched_column_is_an_error(tmp_path, q, people):
    export = factory.write_google_forms(
        tmp_path / "forms.csv", q, people, extra_question="Woont u langer dan vijf jaar hier?"
    )
    out = tmp_path / "answers.csv"
    result = _import(export, out)
    assert result.exit_code == ExitCode.ANSWERS
    assert not out.exists()
    assert "column 'Woont u langer dan vijf jaar hier?' is no quickscan column" in result.stderr
    assert 'columns: {"Woont u langer dan vijf jaar hier?": ITEM}' in result.stderr
    # Dropping it in a mapping is enough.
    mapping = tmp_path / "map.yaml"
    mapping.write_text('drop: ["Woont u langer dan vijf jaar hier?"]\n', encoding="utf-8")
    assert _import(export, out, "--mapping", str(mapping)).exit_code == 0
    assert out.exists()


def test_close_header_is_proposed_never_used(tmp_path, q, people):
    original = q.item("GR03").text.nl  # "De raad controleert goed of het college doet ..."
    reworded = original.replace("controleert goed", "controleert")
    export = factory.write_google_forms(tmp_path / "forms.csv", q, people, texts={"GR03": reworded})
    out = tmp_path / "answers.csv"
    draft = tmp_path / "draft.yaml"
    result = _import(export, out, "--write-mapping", str(draft))
    assert result.exit_code == ExitCode.ANSWERS
    assert not out.exists()
    assert "is close to, but not the same as, the text of GR03" in result.stderr
    assert "it is not used without confirmation" in result.stderr
    # The draft has the proposal commented out; accepting it makes the import work.
    text = draft.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "GR03" in line and "confirm" in line)
    assert line.lstrip().startswith("# ")
    draft.write_text(text.replace(line, line.replace("# ", "", 1)), encoding="utf-8")
    result = _import(export, out, "--mapping", str(draft))
    assert result.exit_code == 0, result.output
    assert "GR03" in out.read_text(encoding="utf-8").splitlines()[0]


def test_value_in_no_label_list_is_one_grouped_error(tmp_path, q, people):
    export = factory.write_google_forms(tmp_path / "forms.csv", q, people, words={5: "Zeker"})
    out = tmp_path / "answers.csv"
    result = _import(export, out)
    assert result.exit_code == ExitCode.ANSWERS
    assert not out.exists()
    cells = sum(code == 5 for p in people for code in p.answers.values())
    columns = len({i for p in people for i, code in p.answers.items() if code == 5})
    assert f"'Zeker' in {columns} columns, {cells:,} cells: not a code or label" in result.stderr
    assert "values: {items: {Zeker: CODE}}" in result.stderr
    assert f"{cells:,} error(s)" in result.stderr  # totals count every cell
    # Its code in the mapping fixes it.
    mapping = tmp_path / "map.yaml"
    mapping.write_text("values:\n  items: {Zeker: 5}\n", encoding="utf-8")
    assert _import(export, out, "--mapping", str(mapping)).exit_code == 0


def test_unknown_group_is_an_error_with_its_count(tmp_path, q, people):
    export = factory.write_google_forms(tmp_path / "forms.csv", q, people)
    text = export.read_text(encoding="utf-8").replace(",Wethouder,", ",Portefeuillehouder,")
    export.write_text(text, encoding="utf-8")
    out = tmp_path / "answers.csv"
    result = _import(export, out)
    assert result.exit_code == ExitCode.ANSWERS
    n = sum(p.group == "college" for p in people)
    assert f"group 'Portefeuillehouder' ({n} rows) is not a group" in result.stderr
    assert "values: {group: {Portefeuillehouder: GROUP}}" in result.stderr


def test_missing_municipality_and_bad_set(tmp_path, q, people):
    export = factory.write_google_forms(tmp_path / "forms.csv", q, people)
    out = tmp_path / "answers.csv"
    result = runner.invoke(app, ["import", str(export), "-o", str(out)])
    assert result.exit_code == ExitCode.ANSWERS
    assert "the export does not say which municipality answered" in result.stderr
    result = runner.invoke(app, ["import", str(export), "--set", "gemeente", "-o", str(out)])
    assert result.exit_code == ExitCode.USAGE
    assert "invalid --set 'gemeente'" in result.stderr
    result = runner.invoke(
        app, ["import", str(export), "--set", "municipality_code=363", "-o", str(out)]
    )
    assert result.exit_code == ExitCode.ANSWERS
    assert "'363' is not a municipality code" in result.stderr
    assert not out.exists()


def test_output_over_the_input_is_refused(tmp_path, q, people):
    export = factory.write_google_forms(tmp_path / "forms.csv", q, people)
    before = export.read_bytes()
    result = runner.invoke(app, ["import", str(export), *SETS, "-o", str(export)])
    assert result.exit_code == ExitCode.OUTPUT
    assert export.read_bytes() == before


def test_mapping_errors_name_line_and_column(tmp_path, q, people):
    export = factory.write_google_forms(tmp_path / "forms.csv", q, people)
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "from: limesurvy\ncolumns:\n  Q7: GR99\nvalues:\n  items: {A1: 7}\ncolour: red\n",
        encoding="utf-8",
    )
    out = tmp_path / "answers.csv"
    result = _import(export, out, "--mapping", str(mapping))
    assert result.exit_code == ExitCode.USAGE
    err = result.stderr.replace(str(tmp_path) + "/", "")
    assert "map.yaml:1:1 (from): unknown platform 'limesurvy'" in err
    assert "map.yaml:3:3 (columns.Q7): column 'Q7' maps to 'GR99'" in err
    assert "map.yaml:5:11 (values.items.A1): '7' is not a code" in err
    assert "map.yaml:6:1 (colour): unknown key 'colour'" in err
    assert not out.exists()
    # The safe loader's refusals apply too.
    mapping.write_text("set: &a {wave: 2026}\nvalues: *a\n", encoding="utf-8")
    result = _import(export, out, "--mapping", str(mapping))
    assert result.exit_code == ExitCode.USAGE
    assert "YAML anchor '&a' is not allowed" in result.stderr


def test_check_of_a_platform_export_gives_one_message(tmp_path, q, people):
    export = factory.write_qualtrics(tmp_path / "qualtrics.csv", q, people)
    result = runner.invoke(app, ["check", str(export), "--format", "json"])
    assert result.exit_code == ExitCode.ANSWERS
    report = json.loads(result.stdout)
    assert [p["code"] for p in report["problems"]] == ["platform-export"]
    columns = len(factory.QUALTRICS_META) + 1 + len(q.all_items) + len(q.all_open_questions)
    assert report["problems"][0]["message"] == (
        f"0 of {columns} columns are known; this looks like a Qualtrics export: run "
        "`quickscan import` (docs/import.md)"
    )
    result = runner.invoke(app, ["score", str(export)])
    assert result.exit_code == ExitCode.ANSWERS
    assert result.stderr.count("error:") == 1


def test_a_ragged_row_is_an_error_not_a_lost_respondent(tmp_path, q, people):
    export = factory.write_google_forms(tmp_path / "forms.csv", q, people)
    with export.open("a", encoding="utf-8") as handle:
        handle.write("02-03-2026 23:59:00,Inwoner\n")
    out = tmp_path / "answers.csv"
    result = _import(export, out)
    assert result.exit_code == ExitCode.ANSWERS
    assert "the row has 2 cells but the header has" in result.stderr
    assert not out.exists()


def test_check_of_an_spss_export_points_to_import(tmp_path, q, people):
    export = factory.write_spss(tmp_path / "bureau.sav", q, people)
    result = runner.invoke(app, ["check", str(export)])
    assert result.exit_code == ExitCode.ANSWERS
    columns = 3 + len(q.all_items) + len(q.all_open_questions)
    assert (
        f"2 of {columns} columns are known; this looks like an SPSS export: run `quickscan "
        "import`" in result.stdout
    )


def test_a_missing_export_or_a_wrong_output_suffix(tmp_path, q, people):
    out = tmp_path / "answers.csv"
    result = runner.invoke(app, ["import", str(tmp_path / "nope.csv"), *SETS, "-o", str(out)])
    assert result.exit_code == ExitCode.ANSWERS
    assert "answer file not found" in result.stderr
    assert "no export could be read" in result.stderr
    export = factory.write_google_forms(tmp_path / "forms.csv", q, people)
    result = runner.invoke(app, ["import", str(export), *SETS, "-o", str(tmp_path / "a.txt")])
    assert result.exit_code == ExitCode.USAGE
    assert "cannot tell the format of 'a.txt'" in result.stderr
    assert result.stdout == ""  # refused before the export is read
    assert not (tmp_path / "a.txt").exists()
