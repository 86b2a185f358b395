"""Exports of a ScoreResult: tidy CSV, item CSV, JSON and XLSX (docs/output.md)."""

from __future__ import annotations

import csv
import json
import os

import pytest
from openpyxl import load_workbook
from scoring_factories import answer_set, item, make_questionnaire, worked_example_rows

from quickscan import export
from quickscan.errors import OutputError
from quickscan.results import ScoreResult
from quickscan.scoring import score

TIDY_HEADER = (
    "municipality_code,municipality_name,wave,area,group,n,score,sd,ci_low,ci_high,band,"
    "suppressed,alpha"
)
ITEM_HEADER = (
    "municipality_code,municipality_name,wave,area,item,group,n,score,sd,dont_know,"
    "dont_know_share,suppressed"
)


@pytest.fixture(scope="module")
def result() -> ScoreResult:
    questionnaire = make_questionnaire(maatwerk=[item("MW1")])
    rows = worked_example_rows()
    # A second municipality whose name and wave look like formulas; inwoner scores
    # 0, 0, 0, 0, 10 give a confidence interval below zero.
    hostile = [
        {
            "group": "inwoner",
            "answers": {"R1": 5 if i == 4 else 1, "R2": 1 if i == 4 else 5, "MW1": 3},
            "municipality_code": "GM9902",
            "municipality_name": '=HYPERLINK("http://x")',
            "wave": "-2025",
        }
        for i in range(5)
    ]
    return score(answer_set(questionnaire, rows, extra=hostile), questionnaire)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_tidy_csv_header_and_rows(result, tmp_path) -> None:
    path = export.write_csv(result, tmp_path / "scores.csv")
    rows = read_csv(path)
    assert ",".join(rows[0]).startswith(TIDY_HEADER + ",")
    assert rows[0][:13] == TIDY_HEADER.split(",")
    # 2 municipalities x (2 areas + overall) x (4 groups + all).
    assert len(rows) == 1 + 2 * 3 * 5
    header = rows[0]
    table = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    raad = next(r for r in table if r["area"] == "krachtige-raad" and r["group"] == "raad")
    assert raad["n"] == "5" and raad["score"] == "6.75" and raad["sd"] == "2.251542681"
    assert raad["suppressed"] == "false" and raad["band"] == "voldoende" and raad["alpha"] == ""
    combined = next(r for r in table if r["area"] == "krachtige-raad" and r["group"] == "all")
    # No alpha: R2 and R3 were answered together by 4 shown respondents (< 10).
    assert combined["alpha"] == ""
    assert combined["score"] == "5.6666666667"
    overall = [r for r in table if r["area"] == "overall"]
    assert {r["group"] for r in overall} == {"raad", "college", "ambtenaar", "inwoner", "all"}
    assert all(r["alpha"] == "" for r in overall)


def test_suppressed_rows_have_no_numbers(result, tmp_path) -> None:
    rows = read_csv(export.write_csv(result, tmp_path / "scores.csv"))
    header = rows[0]
    suppressed = [dict(zip(header, r, strict=True)) for r in rows[1:] if r[11] == "true"]
    assert suppressed
    for row in suppressed:
        for column in ("n", "score", "sd", "ci_low", "ci_high", "band", "alpha"):
            assert row[column] == "", (row, column)
    items = read_csv(export.write_csv(result, tmp_path / "items.csv", by="item"))
    header = items[0]
    suppressed_items = [dict(zip(header, r, strict=True)) for r in items[1:] if r[11] == "true"]
    assert suppressed_items
    for row in suppressed_items:
        numbers = [
            v
            for k, v in row.items()
            if k in ("n", "score", "sd") or k.startswith("n_") or k.startswith("share_")
        ]
        assert set(numbers) == {""}, row
        # A small cell keeps its don't-know share when valid + don't know reach the minimum.
        if row["dont_know_share"] != "":
            assert row["dont_know"] != "", row


def test_item_csv(result, tmp_path) -> None:
    rows = read_csv(export.write_csv(result, tmp_path / "items.csv", by="item"))
    assert rows[0] == [
        *ITEM_HEADER.split(","),
        *("n_1", "n_2", "n_3", "n_4", "n_5"),
        *export.ITEM_EXTRA,
        *(f"share_{c}{end}" for c in range(1, 6) for end in ("", "_ci_low", "_ci_high")),
    ]
    table = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    r1 = next(r for r in table if r["item"] == "R1" and r["group"] == "raad")
    assert [r1[f"n_{c}"] for c in range(1, 6)] == ["0", "1", "1", "2", "1"]
    # Shares of the 5 valid answers with their Wilson 95% interval (z^2/n = 0.768292):
    # code 4, 2 of 5: centre (0.4 + 0.384146) / 1.768292 = 0.443448, half 1.959964
    # sqrt(0.048 + 0.038415) / 1.768292 = 0.325828 -> 0.117621 to 0.769276;
    # code 1, 0 of 5: 0 to (z^2/n) / (1 + z^2/n) = 0.768292 / 1.768292 = 0.434482.
    assert [r1[f"share_{c}"] for c in range(1, 6)] == ["0.0", "0.2", "0.2", "0.4", "0.2"]
    assert float(r1["share_4_ci_low"]) == pytest.approx(0.117621, abs=1e-6)
    assert float(r1["share_4_ci_high"]) == pytest.approx(0.769276, abs=1e-6)
    assert (r1["share_1_ci_low"], float(r1["share_1_ci_high"])) == (
        "0.0",
        pytest.approx(0.434482, abs=1e-6),
    )
    assert (r1["n"], r1["score"], r1["dont_know"], r1["dont_know_share"]) == (
        "5",
        "6.5",
        "1",
        "0.1666666667",
    )
    w3 = next(r for r in table if r["item"] == "W3" and r["group"] == "all")
    assert w3["n_5"] == ""  # freq4 has no code 5
    assert (w3["share_5"], w3["share_5_ci_low"], w3["share_5_ci_high"]) == ("", "", "")
    maatwerk = [r for r in table if r["item"] == "MW1"]
    assert maatwerk and all(r["area"] == "" for r in maatwerk)
    assert table.index(maatwerk[0]) > table.index(r1)


def test_formulas_are_neutralised_but_numbers_are_not(result, tmp_path) -> None:
    rows = read_csv(export.write_csv(result, tmp_path / "scores.csv"))
    hostile = [r for r in rows[1:] if r[0] == "GM9902"]
    assert {r[1] for r in hostile} == {'\'=HYPERLINK("http://x")'}
    assert {r[2] for r in hostile} == {"'-2025"}
    inwoner = next(r for r in hostile if r[3] == "krachtige-raad" and r[4] == "inwoner")
    # Scores 0, 0, 0, 0, 10: mean 2, sd sqrt(20) = 4.4721, half width 5.553: below zero.
    assert inwoner[6] == "2.0"
    assert float(inwoner[8]) < 0 and inwoner[8].startswith("-")
    assert export.neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert export.neutralise("\tx") == "'\tx"
    assert export.neutralise("+31") == "'+31"
    assert export.neutralise(-1.5) == -1.5
    assert export.neutralise("Utrecht") == "Utrecht"


def test_json_round_trips(result, tmp_path) -> None:
    path = export.write_json(result, tmp_path / "result.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == export.result_to_json_dict(result)
    assert ScoreResult.model_validate(data) == result
    assert data["questionnaire"]["fingerprint"].startswith("sha256:")
    assert data["settings"]["weighting"] == "equal_groups"
    assert data["municipalities"][0]["notable"][0]["rule"] == "gap"
    assert json.loads(export.json_text(result)) == data
    assert "=HYPERLINK" in path.read_text(encoding="utf-8")  # JSON is not neutralised


def test_json_and_response_sheet_carry_wilson_intervals(result, tmp_path) -> None:
    municipality = json.loads(export.json_text(result))["municipalities"][0]
    r1_all = next(s for s in municipality["items"] if s["item"] == "R1" and s["group"] == "all")
    # R1, raad + inwoner (the shown groups), 10 valid answers: code 2 is 3 of 10;
    # z^2/n = 0.384146, centre (0.3 + 0.192073) / 1.384146 = 0.355506, half 1.959964
    # sqrt(0.021 + 0.009604) / 1.384146 = 0.247715 -> 0.107791 to 0.603221
    assert r1_all["distribution"]["2"] == 3
    assert r1_all["distribution_ci_low"]["2"] == pytest.approx(0.107791, abs=1e-6)
    assert r1_all["distribution_ci_high"]["2"] == pytest.approx(0.603221, abs=1e-6)
    college = next(s for s in municipality["items"] if s["group"] == "college")
    assert college["distribution_ci_low"] == {} == college["distribution_ci_high"]
    # raad: 2 don't-know answers of 17, the respondent is the unit, n = 6 respondents:
    # z^2/n = 0.640243, centre (0.117647 + 0.320122) / 1.640243 = 0.266892, half 1.959964
    # sqrt(0.017301 + 0.026677) / 1.640243 = 0.250586 -> 0.016306 to 0.517478
    raad = next(r for r in municipality["response"] if r["group"] == "raad")
    assert raad["dont_know_share"] == pytest.approx(2 / 17)
    assert raad["dont_know_ci_low"] == pytest.approx(0.016306, abs=1e-6)
    assert raad["dont_know_ci_high"] == pytest.approx(0.517478, abs=1e-6)
    book = load_workbook(export.write_xlsx(result, tmp_path / "r.xlsx"), read_only=True)
    rows = list(book["response"].values)
    book.close()
    header = rows[0]
    assert header[-3:] == ("dont_know_share", "dont_know_ci_low", "dont_know_ci_high")
    raad_row = dict(zip(header, next(r for r in rows if r[3] == "raad"), strict=True))
    assert raad_row["dont_know_ci_low"] == pytest.approx(0.016306, abs=1e-6)


def test_xlsx_sheets(result, tmp_path) -> None:
    path = export.write_xlsx(result, tmp_path / "result.xlsx")
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == [
        "areas", "items", "notable", "response", "representativeness", "info",
    ]  # fmt: skip
    areas = list(book["areas"].iter_rows(values_only=True))
    assert ",".join(areas[0][:13]) == TIDY_HEADER
    raad = next(r for r in areas if r[3] == "krachtige-raad" and r[4] == "raad")
    assert raad[5] == 5 and raad[6] == 6.75 and raad[11] is False
    hostile = next(r for r in areas if r[0] == "GM9902")
    assert hostile[1] == '\'=HYPERLINK("http://x")'
    negative = next(r for r in areas if r[0] == "GM9902" and r[4] == "inwoner")
    assert isinstance(negative[8], float) and negative[8] < 0
    suppressed = next(r for r in areas if r[11] is True)
    assert suppressed[5:11] == (None,) * 6
    info = dict(book["info"].iter_rows(values_only=True))
    assert info["questionnaire.id"] == "test"
    assert info["settings.min_group_size"] == 5
    notable = list(book["notable"].iter_rows(values_only=True))
    assert notable[0][:4] == ("municipality_code", "municipality_name", "wave", "rule")
    assert any(row[3] == "gap" for row in notable[1:])
    book.close()


def test_writers_replace_atomically(result, tmp_path) -> None:
    target = tmp_path / "result.json"
    target.write_text("old", encoding="utf-8")

    def half_then_fail(handle) -> None:
        handle.write('{"half": ')
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        export._atomic_write(target, half_then_fail, text=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["result.json"]  # no temporary file left behind
    export.write_json(result, target)
    assert json.loads(target.read_text(encoding="utf-8"))["tool"]["name"] == "quickscan"
    assert os.listdir(tmp_path) == ["result.json"]


def test_missing_folder_is_an_output_error(result, tmp_path) -> None:
    with pytest.raises(OutputError) as caught:
        export.write_csv(result, tmp_path / "missing" / "scores.csv")
    assert caught.value.problems[0].code == "output-folder-missing"
    with pytest.raises(ValueError):
        export.write_csv(result, tmp_path / "x.csv", by="group")  # type: ignore[arg-type]


def test_rows_helpers(result) -> None:
    tidy = export.to_tidy_rows(result)
    assert list(tidy[0])[:13] == list(export.TIDY_COLUMNS)
    items = export.to_item_rows(result)
    assert list(items[0])[:12] == list(export.ITEM_COLUMNS)
    assert export.csv_text(result).splitlines()[0].startswith(TIDY_HEADER)
