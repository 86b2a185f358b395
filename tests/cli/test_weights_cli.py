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
    result = runner.invoke(
        app, ["score", str(SINGLE), "--population", str(POPULATION), "--lang", "en"]
    )
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


def _lines(*args: str) -> list[str]:
    """The terminal lines of `quickscan score`, wide enough that nothing wraps."""
    result = runner.invoke(app, ["score", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.stdout.splitlines()]


SMALL_ANSWERS = """respondent_id,municipality_code,group,wave,geslacht,weging
1,GM9901,inwoner,2026,man,1
2,GM9901,inwoner,2026,man,1
3,GM9901,inwoner,2026,man,1
4,GM9901,inwoner,2026,man,2
5,GM9901,inwoner,2026,vrouw,2
6,GM9901,inwoner,2026,vrouw,
"""
SMALL_POPULATION = """municipality_code,characteristic,category,share
GM9901,geslacht,man,0.5
GM9901,geslacht,vrouw,0.5
"""


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            [
                "gewichten: kolom 'weging' voor inwoner",
                "Representativiteit (inwoners)",
                "┃ kenmerk  ┃ categorie ┃ respondenten ┃ aandeel [Wilson 95%] ┃ bevolking ┃ "
                "na weging ┃",
                "│ Geslacht │ Man       │            4 │        67% [30%–90%] │       50% │ "
                "      63% │",
                "│          │ Vrouw     │            2 │        33% [10%–70%] │       50% │ "
                "      38% │",
                "  Grootste afwijking: geslacht 'Vrouw' is ondervertegenwoordigd (33% van de "
                "respondenten, 50% van de bevolking).",
                "  gewichten (kolom 'weging'): ontwerpeffect 1,13, effectieve n 5 van 6, "
                "gewichten 0,75–1,50",
                "  1 respondent(en) zonder gewicht houden gewicht 1",
            ],
        ),
        (
            "en",
            [
                "weights: column 'weging' for inwoner",
                "Representativeness (inwoners)",
                "┃ characteristic ┃ category ┃ respondents ┃ share [Wilson 95%] ┃ population ┃ "
                "weighted ┃",
                "│ Gender         │ Man      │           4 │      67% [30%–90%] │        50% │ "
                "     63% │",
                "│                │ Woman    │           2 │      33% [10%–70%] │        50% │ "
                "     38% │",
                "  Largest deviation: gender 'woman' is under-represented (33% of respondents, "
                "50% of the population).",
                "  weights column:weging: design effect 1.13, effective n 5 of 6, weights "
                "0.75–1.50",
                "  1 respondent(s) without a weight keep 1",
            ],
        ),
    ],
)
def test_weights_and_representativeness_lines_in_both_languages(
    tmp_path: Path, lang: str, expected: list[str]
) -> None:
    # By hand: the file's weights 1, 1, 1, 2, 2 and a blank (counts as 1) have mean 8/6,
    # so they become 0.75, 0.75, 0.75, 1.5, 1.5, 0.75 (min 0.75, max 1.5).
    # Design effect n·Σw²/(Σw)² = 6·(4·0.5625 + 2·2.25)/36 = 1.125 -> 1,13 (half away from
    # zero); effective n 6/1.125 = 5.33 -> 5.
    # Shares: 4 of 6 men = 67%, Wilson 95% (z = 1.96): centre (4/6 + 1.9208/6)/(1 + 3.8416/6)
    # = 0.6016, half-width 1.96·√(0.0370 + 0.0267)/1.6403 = 0.3016 -> 30%–90%; women the
    # mirror image 10%–70%. Weighted: men 0.75·3 + 1.5 = 3.75 of 6 = 62.5% -> 63%, women
    # 37.5% -> 38%. Both genders are 16.7 points off the population's 50%; the sentence
    # names one (the first of the tie as sorted).
    answers = tmp_path / "answers.csv"
    answers.write_text(SMALL_ANSWERS, encoding="utf-8")
    population = tmp_path / "population.csv"
    population.write_text(SMALL_POPULATION, encoding="utf-8")
    lines = _lines(
        str(answers), "--population", str(population), "--weights", "weging", "--lang", lang
    )
    for line in expected:
        assert line in lines, line
    # The weights line is the second line, right under the questionnaire header.
    assert lines[1] == expected[0]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            [
                "gewichten: gewogen naar population.csv (raking) voor inwoner, begrensd tussen "
                "1/2,5 en 2,5 keer het gemiddelde",
                "  2 respondent(en) zonder (bekende) waarde voor leeftijd, geslacht, wijk, "
                "opleiding houden gewicht 1",
            ],
        ),
        (
            "en",
            [
                "weights: raked to population.csv for inwoner, trimmed to [1/2.5, 2.5]",
                "  2 respondent(s) without a (known) value on leeftijd, geslacht, wijk, "
                "opleiding keep weight 1",
            ],
        ),
    ],
)
def test_raking_lines_in_both_languages(lang: str, expected: list[str]) -> None:
    # The cap is shown as given (2,5 in Dutch), not rounded to a whole number. Two of the
    # example's inwoners leave a background column blank (counted in the file).
    lines = _lines(
        str(SINGLE), "--population", str(POPULATION), "--weight-cap", "2.5", "--lang", lang
    )
    assert lines[1] == expected[0]
    assert expected[1] in lines
    summary = next(line for line in lines if line.startswith(("  gewichten (", "  weights rake")))
    document = _score("--population", str(POPULATION), "--weight-cap", "2.5")
    weighting = document["municipalities"][0]["weighting"]
    deff = f"{weighting['design_effect']:.2f}"
    assert (deff.replace(".", ",") if lang == "nl" else deff) in summary
    assert weighting["trimmed"] > 0
    word = "afgekapt" if lang == "nl" else "trimmed"
    assert summary.endswith(f", {weighting['trimmed']} {word}")


def test_unweighted_line_in_both_languages() -> None:
    assert _lines(str(SINGLE), "--lang", "nl")[1] == "gewichten: geen (ongewogen)"
    assert _lines(str(SINGLE), "--lang", "en")[1] == "weights: none (unweighted)"


# The example without any background column (its extra items are maatwerk).
NO_BACKGROUND = EXAMPLES / "gm9901-maatwerk.csv"


@pytest.mark.parametrize(
    ("lang", "weights_line", "sentence"),
    [
        (
            "nl",
            "gewichten: geen (ongewogen)",
            "  Het antwoordbestand heeft geen kolommen met achtergrondkenmerken (leeftijd, "
            "geslacht, wijk of opleidingsniveau), dus de inwoners die meededen zijn niet met "
            "de bevolking te vergelijken.",
        ),
        (
            "en",
            "weights: none (unweighted)",
            "  The answer file has no background columns (age, gender, district or "
            "education), so the residents who took part cannot be compared with the "
            "population.",
        ),
    ],
)
def test_population_without_background_columns_says_so_and_stays_unweighted(
    lang: str, weights_line: str, sentence: str
) -> None:
    # Only --population (rake would be the default): nothing to rake on, so the scores are
    # unweighted, and one plain sentence names the characteristics raking could have used
    # (the questionnaire's rake: true ones; mode is never raked) instead of an empty table.
    lines = _lines(str(NO_BACKGROUND), "--population", str(POPULATION), "--lang", lang)
    assert lines[1] == weights_line
    assert sentence in lines
    text = "\n".join(lines)
    for absent in ("raking", "ontwerpeffect", "design effect", "bevolkingscijfers",
                   "population figures", "Representativ"):  # fmt: skip
        assert absent not in text
    # The same numbers as without --population, and the JSON carries the sentence.
    result = runner.invoke(
        app, ["score", str(NO_BACKGROUND), "--json", "--population", str(POPULATION)]
    )
    document = json.loads(result.stdout)
    plain = json.loads(runner.invoke(app, ["score", str(NO_BACKGROUND), "--json"]).stdout)
    assert document["weights"]["method"] == "none"
    assert document["municipalities"][0]["areas"] == plain["municipalities"][0]["areas"]
    weighting = document["municipalities"][0]["weighting"]
    assert weighting["representativeness"] == [] and weighting["notes"] == []
    assert weighting["sentence"][lang] == sentence.strip()


def test_weights_rake_without_background_columns_is_a_usage_error() -> None:
    result = runner.invoke(
        app,
        ["score", str(NO_BACKGROUND), "--population", str(POPULATION), "--weights", "rake"],
    )
    assert result.exit_code == ExitCode.USAGE
    message = " ".join(result.output.split())
    assert (
        "--weights rake needs background columns in the answer files, and they have none "
        "of: leeftijd, geslacht, wijk, opleiding" in message
    )
    assert "--weights none" in message
    assert "Traceback" not in result.output


def test_population_without_this_municipality_shows_no_weights_summary(tmp_path: Path) -> None:
    # The answers have background columns, the population file only other municipalities:
    # nothing is raked, so the note says so and no "design effect 1,00" line pretends
    # otherwise.
    lines = POPULATION.read_text(encoding="utf-8").splitlines()
    other = tmp_path / "elders.csv"
    other.write_text(
        "\n".join(line for line in lines if not line.startswith("GM9901")) + "\n",
        encoding="utf-8",
    )
    text = "\n".join(_lines(str(SINGLE), "--population", str(other)))
    assert "  geen bevolkingscijfers voor deze gemeente: niet gewogen" in text
    assert "ontwerpeffect" not in text


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
    # `Source` is an alias of mode: the value is checked against mode's categories, and
    # the problem names the column as the file's header writes it, not the id.
    answers, _, mode_row = _with_bad_background(tmp_path, header="Source")
    result = runner.invoke(app, ["check", str(answers), "--format", "json"])
    assert result.exit_code == ExitCode.ANSWERS
    problems = json.loads(result.stdout)["problems"]
    assert {"row": mode_row, "field": "Source"}.items() <= next(
        p["location"] for p in problems if p["value"] == "per post"
    ).items()
    assert not [p for p in problems if p["code"] == "unknown-column"]
    out = runner.invoke(app, ["check", str(answers)]).output
    assert f"answers.csv row {mode_row}, column Source: 'per post' is not a category of mode" in out
    assert "column mode" not in out


def test_each_file_s_own_header_names_the_column(tmp_path: Path) -> None:
    # Two files, the mode headed `bron` in one and `source` in the other, each with one bad
    # value; and a weight column headed `Weging` with a bad weight. Every problem names the
    # header of its own file.
    header = "respondent_id,municipality_code,group,wave,{mode},Weging"
    first = tmp_path / "eerste.csv"
    first.write_text(
        header.format(mode="bron") + "\n1,GM9901,inwoner,2026,per post,1\n"
        "2,GM9901,inwoner,2026,papier,nul\n",
        encoding="utf-8",
    )
    second = tmp_path / "tweede.csv"
    second.write_text(
        header.format(mode="source") + "\n3,GM9901,inwoner,2026,telefoon,1\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(first), str(second)])
    assert result.exit_code == ExitCode.ANSWERS
    out = " ".join(result.output.split())
    assert "eerste.csv row 2, column bron: 'per post' is not a category of mode" in out
    assert "eerste.csv row 3, column Weging: 'nul' is not a positive number" in out
    assert "tweede.csv row 2, column source: 'telefoon' is not a category of mode" in out
    assert "column mode" not in out and "column weight" not in out


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


def _two_municipalities(tmp_path: Path) -> Path:
    """GM9901 and GM9902 of the 2026 wave of the five-municipality example."""
    with (EXAMPLES / "five-municipalities.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    path = tmp_path / "two.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [rows[0]] + [r for r in rows[1:] if r[1] in ("GM9901", "GM9902") and r[4] == "2026"]
        )
    return path


def test_report_each_takes_the_weight_options_and_checks_them_first(tmp_path: Path) -> None:
    answers = _two_municipalities(tmp_path)
    out = tmp_path / "reports"
    each = ["report", str(answers), "--each", "--out-dir", str(out)]
    refused = runner.invoke(app, [*each, "--weights", "rake"])
    assert refused.exit_code == ExitCode.USAGE
    assert "--weights rake needs --population" in refused.output
    bad = tmp_path / "population.csv"
    bad.write_text(
        POPULATION.read_text(encoding="utf-8").replace(",leeftijd,65+,", ",leeftijd,66+,", 1),
        encoding="utf-8",
    )
    refused = runner.invoke(app, [*each, "--population", str(bad)])
    assert refused.exit_code == ExitCode.ANSWERS
    assert "66+" in refused.output
    assert not out.exists() or not list(out.glob("*.pdf"))


@pytest.mark.slow
def test_report_each_pdfs_equal_the_single_weighted_reports(tmp_path: Path) -> None:
    import subprocess

    from quickscan.report.i18n import format_number

    answers = _two_municipalities(tmp_path)
    weights = ["--population", str(POPULATION), "--weights", "rake"]
    day = ["--report-date", "2026-03-31"]
    out = tmp_path / "reports"
    result = runner.invoke(
        app, ["report", str(answers), "--each", "--out-dir", str(out), *weights, *day]
    )
    assert result.exit_code == 0, result.output
    scored = score_files([answers], population=POPULATION, weights="rake")

    def text(pdf: Path) -> str:
        return subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout

    for code, name in (("GM9901", "wolderveen"), ("GM9902", "oosterbroek-aan-zee")):
        single = tmp_path / f"{code}.pdf"
        one = runner.invoke(
            app,
            ["report", str(answers), "--municipality", code, "-o", str(single), *weights, *day],
        )
        assert one.exit_code == 0, one.output
        batch_text = text(out / f"{code}-{name}-2026.pdf")
        assert batch_text == text(single)
        weighting = next(m.weighting for m in scored.municipalities if m.municipality_code == code)
        assert weighting is not None
        deff = format_number(weighting.design_effect, "nl", 2)
        assert f"het ontwerpeffect is {deff}" in " ".join(batch_text.split())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["weights"]["method"] == "rake"
    assert [Path(f["file"]).name for f in manifest["inputs"]] == ["two.csv", "population.csv"]


def test_a_folder_or_an_oversized_file_as_population_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder used to escape as IsADirectoryError, shown as "this is a bug".
    result = runner.invoke(app, ["score", str(SINGLE), "--population", str(tmp_path)])
    assert result.exit_code == ExitCode.ANSWERS, result.output
    assert "cannot read the population file" in result.output
    assert "Traceback" not in result.output and "bug" not in result.output

    # Over the cap (20 MB by default; 100 bytes here, the example file is larger).
    monkeypatch.setattr("quickscan.answers.population.MAX_POPULATION_BYTES", 100)
    result = runner.invoke(app, ["score", str(SINGLE), "--population", str(POPULATION)])
    assert result.exit_code == ExitCode.ANSWERS, result.output
    assert "the population file is larger than 100 bytes" in result.output
