"""`--population`, `--weights` and `--weight-cap` on `quickscan score` and `report`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quickscan.api import score_files
from quickscan.cli import app
from quickscan.errors import ExitCode

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SINGLE = EXAMPLES / "gm9901-single.csv"
POPULATION = EXAMPLES / "population.csv"


def _score(*args: str) -> dict:
    result = runner.invoke(app, ["score", str(SINGLE), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_population_rakes_by_default_and_json_equals_the_library() -> None:
    document = _score("--population", str(POPULATION))
    assert document["weights"] == {
        "method": "rake",
        "cap": 5.0,
        "population_file": "population.csv",
        "groups": ["inwoner"],
    }
    weighting = document["municipalities"][0]["weighting"]
    assert weighting["characteristics"] == ["leeftijd", "geslacht", "wijk", "opleiding"]
    assert 1.0 < weighting["design_effect"] < 3.0
    assert weighting["effective_n"] == pytest.approx(
        weighting["respondents"] / weighting["design_effect"]
    )
    assert weighting["max_margin_error"] < 1e-9
    library = score_files([SINGLE], population=POPULATION).model_dump(mode="json")
    assert {k: v for k, v in document.items() if k != "inputs"} == {
        k: v for k, v in library.items() if k != "inputs"
    }


def test_weights_move_residents_but_not_the_other_groups() -> None:
    plain = _score()
    weighted = _score("--population", str(POPULATION))
    assert plain["weights"]["method"] == "none"
    assert plain["municipalities"][0]["weighting"] is None
    for a, b in zip(
        plain["municipalities"][0]["areas"], weighted["municipalities"][0]["areas"], strict=True
    ):
        by_group = {g["group"]: g for g in a["groups"]}
        for group in b["groups"]:
            if group["group"] in ("raad", "ambtenaar"):
                assert group["score"] == by_group[group["group"]]["score"]
            # n stays respondents; n_eff drops under unequal weights
            assert group["n"] == by_group[group["group"]]["n"]
        resident = next(g for g in b["groups"] if g["group"] == "inwoner")
        assert resident["n_eff"] < resident["n"]
    assert any(
        next(g for g in a["groups"] if g["group"] == "inwoner")["score"]
        != next(g for g in b["groups"] if g["group"] == "inwoner")["score"]
        for a, b in zip(
            plain["municipalities"][0]["areas"],
            weighted["municipalities"][0]["areas"],
            strict=True,
        )
    )


def test_weights_none_with_population_shows_representativeness_only() -> None:
    document = _score("--population", str(POPULATION), "--weights", "none")
    weighting = document["municipalities"][0]["weighting"]
    assert weighting["method"] == "none" and weighting["design_effect"] is None
    education = next(
        r for r in weighting["representativeness"] if r["characteristic"] == "opleiding"
    )
    high = next(c for c in education["categories"] if c["category"] == "hoog")
    assert high["sample_share"] > high["population_share"]
    assert high["sample_ci_low"] < high["sample_share"] < high["sample_ci_high"]
    assert "oververtegenwoordigd" in weighting["sentence"]["nl"]
    assert plain_scores(document) == plain_scores(_score())


def plain_scores(document: dict) -> list:
    return [
        [g.get("score") for g in area["groups"]] for area in document["municipalities"][0]["areas"]
    ]


def test_terminal_and_csv_say_which_weights() -> None:
    result = runner.invoke(app, ["score", str(SINGLE), "--population", str(POPULATION)])
    assert result.exit_code == 0, result.output
    assert "weights: raked to population.csv for inwoner" in result.stdout
    assert "Representativeness" in result.stdout
    result = runner.invoke(
        app, ["score", str(SINGLE), "--population", str(POPULATION), "--format", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["weights"] for row in rows} == {"rake"}
    assert {row["quality"] for row in rows} <= {
        "betrouwbaar",
        "indicatief",
        "te weinig respons",
        "",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weights", "rake"], "--weights rake needs --population"),
        (["--weights", "weging"], "no column 'weging'"),
        (["--weights", "banana"], "unknown weights 'banana'"),
        (["--population", str(POPULATION), "--weight-cap", "0.5"], "above 1"),
    ],
)
def test_impossible_weights_are_usage_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["score", str(SINGLE), *args])
    assert result.exit_code == ExitCode.USAGE
    assert message in result.output


def test_weight_column_from_the_file(tmp_path: Path) -> None:
    lines = SINGLE.read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",weging"]
    for k, line in enumerate(lines[1:]):
        out.append(line + ("," + ("2" if k % 3 == 0 else "1")))
    answers = tmp_path / "answers.csv"
    answers.write_text("\n".join(out) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(answers), "--json", "--weights", "weging"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["weights"]["method"] == "column:weging"
    weighting = document["municipalities"][0]["weighting"]
    assert weighting["design_effect"] > 1.0


def test_bad_background_values_are_reported_with_row_and_column(tmp_path: Path) -> None:
    text = SINGLE.read_text(encoding="utf-8").replace(",50-64,man,", ",fifty,man,", 2)
    answers = tmp_path / "answers.csv"
    answers.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["score", str(answers), "--population", str(POPULATION)])
    assert result.exit_code == ExitCode.ANSWERS
    assert result.output.count("is not a category of leeftijd") == 2
    assert "2 error(s)" in result.output
    assert "answers.csv row 2, column leeftijd" in result.output
    assert "allowed: 18-34, 35-49, 50-64, 65+" in result.output


def _with_bad_background(tmp_path: Path, header: str = "mode") -> tuple[Path, list[int], int]:
    """The example with two bad age bands and one bad mode; their spreadsheet rows."""
    lines = SINGLE.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",mode")
    lines[0] = lines[0].removesuffix(",mode") + "," + header
    age_rows: list[int] = []
    for k, line in enumerate(lines):
        if ",50-64,man," in line and len(age_rows) < 2:
            lines[k] = line.replace(",50-64,man,", ",fifty,man,")
            age_rows.append(k + 1)  # the header is row 1
    mode_row = next(k for k, line in enumerate(lines) if line.endswith(",open link"))
    lines[mode_row] = lines[mode_row].removesuffix(",open link") + ",per post"
    answers = tmp_path / "answers.csv"
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return answers, age_rows, mode_row + 1


def test_plain_check_validates_background_columns_without_population(tmp_path: Path) -> None:
    answers, age_rows, mode_row = _with_bad_background(tmp_path)
    result = runner.invoke(app, ["check", str(answers)])
    assert result.exit_code == ExitCode.ANSWERS  # 4, as for a bad item answer
    out = result.output
    for row in age_rows:
        assert (
            f"answers.csv row {row}, column leeftijd: 'fifty' is not a category of leeftijd "
            "(allowed: 18-34, 35-49, 50-64, 65+ (or their labels); leave the cell empty if "
            "unknown)"
        ) in out
    assert (
        f"answers.csv row {mode_row}, column mode: 'per post' is not a category of mode "
        "(allowed: steekproef, open link, papier (or their labels)"
    ) in out
    # All three at once: 2 + 1.
    assert "the answer data is invalid: 3 error(s), 0 warning(s)" in out
    document = json.loads(runner.invoke(app, ["check", str(answers), "--format", "json"]).stdout)
    assert document["valid"] is False and document["errors"] == 3
    assert [(p["code"], p["location"]["row"], p["location"]["field"], p["value"])
            for p in document["problems"]] == sorted(
        [("invalid-category", row, "leeftijd", "fifty") for row in age_rows]
        + [("invalid-category", mode_row, "mode", "per post")],
        key=lambda p: p[1],
    )  # fmt: skip


def test_a_source_column_is_the_mode_and_checked_too(tmp_path: Path) -> None:
    answers, _, mode_row = _with_bad_background(tmp_path, header="source")
    result = runner.invoke(app, ["check", str(answers), "--format", "json"])
    assert result.exit_code == ExitCode.ANSWERS
    problems = json.loads(result.stdout)["problems"]
    assert {"row": mode_row, "field": "mode"}.items() <= next(
        p["location"] for p in problems if p["value"] == "per post"
    ).items()
    assert not [p for p in problems if p["code"] == "unknown-column"]


@pytest.mark.parametrize("command", ["score", "report"])
def test_score_and_report_refuse_bad_background_without_population(
    tmp_path: Path, command: str
) -> None:
    answers, age_rows, mode_row = _with_bad_background(tmp_path)
    args = [command, str(answers)]
    if command == "report":
        args += ["-o", str(tmp_path / "profile.pdf")]
    result = runner.invoke(app, args)
    assert result.exit_code == ExitCode.ANSWERS
    assert "3 error(s)" in result.output
    assert f"answers.csv row {mode_row}, column mode: 'per post'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "profile.pdf").exists()


def test_background_columns_stay_optional(tmp_path: Path) -> None:
    # Without any background column (and with some cells left blank) the file is valid.
    rows = list(csv.reader(io.StringIO(SINGLE.read_text(encoding="utf-8"))))
    keep = [k for k, name in enumerate(rows[0])
            if name not in ("leeftijd", "geslacht", "opleiding", "mode")]  # fmt: skip
    stripped = tmp_path / "no-background.csv"
    with stripped.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[row[k] for k in keep] for row in rows])
    result = runner.invoke(app, ["check", str(stripped), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["errors"] == 0
    blanks = tmp_path / "blanks.csv"
    blanks.write_text(
        SINGLE.read_text(encoding="utf-8").replace(",50-64,man,", ",,man,"), encoding="utf-8"
    )
    assert runner.invoke(app, ["check", str(blanks)]).exit_code == 0
