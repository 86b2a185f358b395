"""`quickscan compare` through Typer's runner, on the example answer files and subsets of them.

Covers: --json equals the library call; each municipality's figures in a comparison are those
of scoring it alone; duplicate inputs; peers and benchmarks; waves (from a wave column, from
--wave-file, with --wave-questionnaire); exit codes.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quickscan.api import score_files
from quickscan.cli import app
from quickscan.compare import compare_files, load_benchmark
from quickscan.errors import ExitCode
from quickscan.questionnaire import load_questionnaire
from quickscan.resources import questionnaires_dir

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FIVE = EXAMPLES / "five-municipalities.csv"
PEERS = EXAMPLES / "municipalities.csv"

pytestmark = pytest.mark.skipif(
    not (FIVE.is_file() and PEERS.is_file()), reason="example files missing"
)


def subset(
    target: Path, keep: Callable[[dict[str, str]], bool], *, drop: tuple[str, ...] = ()
) -> Path:
    """Rows of the five-municipality example for which keep(row) holds, as a new CSV."""
    with FIVE.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = [f for f in reader.fieldnames or [] if f not in drop]
        rows = [r for r in reader if keep(r)]
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return target


def invoke(*args: str):
    return runner.invoke(app, ["compare", *args])


def test_json_equals_the_library_result() -> None:
    result = invoke(str(FIVE), "--json", "--sort", "3")
    assert result.exit_code == 0, result.output
    expected = compare_files([FIVE], "qsld", sort="3").model_dump(mode="json")
    assert json.loads(result.stdout) == expected
    assert len(expected["rows"]) == 10 and expected["sort"] == "betrokken-inwoners"


def test_each_municipality_scores_as_if_alone(tmp_path: Path) -> None:
    comparison = compare_files([FIVE])
    for code in ("GM9901", "GM9904"):
        alone = subset(tmp_path / f"{code}.csv", lambda r, c=code: r["municipality_code"] == c)
        scored = score_files([alone])
        for municipality in scored.municipalities:
            row = comparison.row(code, municipality.wave)
            assert row.overall.score == municipality.overall_for().score
            assert row.respondents == municipality.respondents
            for cell, area in zip(row.areas, municipality.areas, strict=True):
                assert cell.score == area.combined.score
                assert cell.n == area.combined.n


def test_terminal_table_and_csv_and_xlsx(tmp_path: Path) -> None:
    # Wide enough for every name on one line (a narrow terminal wraps the names instead).
    table = runner.invoke(
        app, ["compare", str(FIVE), "--wave", "2024", "--lang", "en"], env={"COLUMNS": "200"}
    )
    assert table.exit_code == 0, table.output
    assert "GM9905 Lindewijk" in table.stdout and "Comparison of 5 rows" in table.stdout
    csv_out = invoke(str(FIVE), "--format", "csv")
    assert csv_out.exit_code == 0
    header = csv_out.stdout.splitlines()[0].split(",")
    assert header[:3] == ["municipality_code", "municipality_name", "wave"]
    assert "1_krachtige-gemeenteraad_percentile" in header and "overall_rank" in header
    xlsx = tmp_path / "comparison.xlsx"
    written = invoke(str(FIVE), "-o", str(xlsx))
    assert written.exit_code == 0, written.output
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    assert book.sheetnames == ["comparison", "about"]
    assert book["comparison"].max_row == 11


def test_folder_and_glob_inputs(tmp_path: Path) -> None:
    subset(tmp_path / "a.csv", lambda r: r["municipality_code"] in ("GM9901", "GM9902"))
    subset(tmp_path / "b.csv", lambda r: r["municipality_code"] == "GM9903")
    (tmp_path / "notes.txt").write_text("not an answer file")
    by_folder = invoke(str(tmp_path), "--json")
    assert by_folder.exit_code == 0, by_folder.output
    by_glob = invoke(str(tmp_path / "*.csv"), "--json")
    assert json.loads(by_folder.stdout)["rows"] == json.loads(by_glob.stdout)["rows"]
    assert len(json.loads(by_glob.stdout)["rows"]) == 6


def test_same_file_twice_is_refused(tmp_path: Path) -> None:
    twice = invoke(str(FIVE), str(FIVE))
    assert twice.exit_code == ExitCode.COMPARE
    assert "the file is given twice" in twice.stderr
    copy = tmp_path / "copy.csv"
    shutil.copy(FIVE, copy)
    same = invoke(str(FIVE), str(copy))
    assert same.exit_code == ExitCode.COMPARE
    assert f"copy.csv: the file has the same content as {FIVE}" in same.stderr


def test_same_municipality_and_wave_in_two_files_names_both(tmp_path: Path) -> None:
    first = subset(tmp_path / "first.csv", lambda r: r["municipality_code"] in ("GM9901", "GM9902"))
    # Other respondents of GM9902 2024 in a second file (ids made unique).
    second = tmp_path / "second.csv"
    with FIVE.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if r["municipality_code"] in ("GM9902", "GM9903")]
        fields = reader.fieldnames or []
    for r in rows:
        r["respondent_id"] = "x" + r["respondent_id"]
    with second.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    result = invoke(str(first), str(second))
    assert result.exit_code == ExitCode.COMPARE
    assert f"GM9902 wave 2024 is in 2 files: {first}, {second}" in result.stderr
    assert "GM9902 wave 2026 is in 2 files" in result.stderr  # every problem at once
    assert "respondent" not in result.stderr  # ids differ: no respondent is in both


def test_same_respondent_in_two_files(tmp_path: Path) -> None:
    first = subset(tmp_path / "first.csv", lambda r: r["municipality_code"] == "GM9901")
    second = subset(
        tmp_path / "second.csv",
        lambda r: r["municipality_code"] == "GM9901" and r["group"].startswith("Raad"),
    )
    result = invoke(str(first), str(second))
    assert result.exit_code == ExitCode.COMPARE
    assert "respondent(s) of GM9901 wave 2024 are in more than one file" in result.stderr
    assert "duplicate" not in result.stdout


def test_peers_size_class_and_benchmark(tmp_path: Path) -> None:
    bench = tmp_path / "benchmark.json"
    result = invoke(
        str(FIVE), "--wave", "2026", "--peers", str(PEERS), "--peer-group", "region=Veenland",
        "-m", "GM9901", "--save-benchmark", str(bench), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    focal = next(r for r in data["rows"] if r["focal"])
    assert focal["municipality_code"] == "GM9901"
    assert focal["peers"]["description"] == "region = Veenland"
    assert "fewer than 5" in result.stderr  # few of the Veenland municipalities have answers
    benchmark = load_benchmark(bench, load_questionnaire("qsld"))
    assert benchmark.municipalities == focal["peers"]["codes"]
    assert benchmark.settings["peer_group"] == "region=Veenland"

    size = invoke(
        str(FIVE), "--wave", "2024", "--peers", str(PEERS), "--peer-group", "size-class",
        "--json",
    )  # fmt: skip
    assert size.exit_code == 0, size.output
    rows = {r["municipality_code"]: r for r in json.loads(size.stdout)["rows"]}
    # Wolderveen (44,210) and Oosterbroek aan Zee (28,650) are in class 4 (20,000-50,000);
    # Hegelingen (61,340) is in class 5, Baarderhorn (12,480) in 3, Lindewijk (118,920) in 6.
    assert rows["GM9901"]["peers"]["codes"] == ["GM9902"]
    assert rows["GM9901"]["peers"]["description"].startswith("CBS size class 4")
    assert rows["GM9903"]["peers"]["codes"] == []
    assert "fewer than 5 peers" in size.stderr


def test_waves_from_the_wave_column() -> None:
    result = invoke(str(FIVE), "--by", "wave", "-m", "GM9901", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [w["municipality_code"] for w in data["waves"]] == ["GM9901"]
    changes = data["waves"][0]["changes"]
    combined = [c for c in changes if c["group"] == "all" and c["area"] != "overall"]
    assert len(combined) == 7 and all(c["ci_low"] is not None for c in combined)
    table = invoke(str(FIVE), "--by", "wave", "-m", "GM9901", "--lang", "en")
    assert table.exit_code == 0 and "across waves 2024 → 2026" in table.stdout
    one = invoke(str(FIVE), "--by", "wave", "--wave", "2024")
    assert one.exit_code == ExitCode.COMPARE and "at least two waves" in one.stderr


def test_waves_from_separate_files_with_different_questionnaires(tmp_path: Path) -> None:
    old = subset(
        tmp_path / "2024.csv",
        lambda r: r["municipality_code"] == "GM9901" and r["wave"] == "2024",
        drop=("wave",),
    )
    new = subset(
        tmp_path / "2026.csv",
        lambda r: r["municipality_code"] == "GM9901" and r["wave"] == "2026",
        drop=("wave",),
    )
    without_waves = invoke(str(old), str(new))
    assert without_waves.exit_code == ExitCode.COMPARE
    assert "GM9901 is in 2 files" in without_waves.stderr

    changed = tmp_path / "qsld-2026"
    shutil.copytree(questionnaires_dir() / "qsld", changed)
    area = changed / "areas" / "1-krachtige-gemeenteraad.yaml"
    area.write_text(
        area.read_text(encoding="utf-8").replace(
            "De raad bepaalt zelf welke belangrijke onderwerpen op de agenda komen.",
            "De raad bepaalt zelf de agenda.",
        ),
        encoding="utf-8",
    )
    result = invoke(
        str(old), str(new), "--wave-file", f"2024={old}", "--wave-file", f"2026={new}",
        "--wave-questionnaire", f"2026={changed}", "--by", "wave", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    diff = data["questionnaire_diff"]
    assert diff["pairs"][0]["changed"] == ["GR01"]
    assert "GR01" not in diff["shared_items"] and len(diff["shared_items"]) == 49
    assert diff["areas_reduced"] == ["krachtige-gemeenteraad"]
    assert data["waves"][0]["waves"] == ["2024", "2026"]
    table = invoke(
        str(old), str(new), "--wave-file", f"2024={old}", "--wave-file", f"2026={new}",
        "--wave-questionnaire", f"2026={changed}", "--by", "wave", "--lang", "en",
    )  # fmt: skip
    assert "compared on 49 shared items" in table.stdout and "changed GR01" in table.stdout
    dutch = invoke(
        str(old), str(new), "--wave-file", f"2024={old}", "--wave-file", f"2026={new}",
        "--wave-questionnaire", f"2026={changed}", "--by", "wave",
    )  # fmt: skip
    assert "vergeleken op 49 gedeelde vragen" in dutch.stdout
    assert "gewijzigd GR01" in dutch.stdout and "compared on" not in dutch.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--peer-group", "size-class"], ExitCode.USAGE, "needs a peers file"),
        (["--peers", str(PEERS)], ExitCode.USAGE, "--peers is given without --peer-group"),
        (["--peers", str(PEERS), "--peer-group", "nearest:zero"], ExitCode.USAGE, "not understood"),
        (["--sort", "99"], ExitCode.USAGE, "is not an area"),
        (["--format", "xlsx"], ExitCode.USAGE, "cannot go to the terminal"),
        (["-m", "GM0001"], ExitCode.COMPARE, "is not in the inputs"),
        (["--wave-file", "2024"], ExitCode.USAGE, "is not WAVE=FILE"),
    ],
)
def test_usage_and_compare_errors(args: list[str], code: int, message: str) -> None:
    result = invoke(str(FIVE), *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr


def test_output_over_an_input_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "answers.csv"
    shutil.copy(FIVE, victim)
    before = victim.read_bytes()
    result = invoke(str(victim), "-o", str(victim), "--format", "csv")
    assert result.exit_code == ExitCode.OUTPUT
    assert victim.read_bytes() == before


def test_invalid_answers_and_missing_inputs(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent_id,municipality_code,group,GR01\n1,GM0001,raad,7\n")
    result = invoke(str(bad))
    assert result.exit_code == ExitCode.ANSWERS
    missing = invoke(str(tmp_path / "nope.csv"), str(tmp_path / "*.xlsx"))
    assert missing.exit_code == ExitCode.COMPARE
    assert "no such file or folder" in missing.stderr
    assert "the pattern matches no file" in missing.stderr


@pytest.mark.slow
def test_pdf_report(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "comparison.pdf"
    result = invoke(str(FIVE), "--wave", "2026", "-m", "GM9901", "--pdf", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    # Cover, heat map, spread, table, peers, then the seven areas flowing two or three to a
    # page (they used to take a page each).
    assert len(reader.pages) >= 6
    assert "Comparison of local democracy" in reader.pages[0].extract_text()
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert all(area.title.en in text for area in load_questionnaire("qsld").areas)


# --- quickscan report --each (the batch engine in quickscan.compare.batch) ------------------


def test_report_each_refuses_single_report_outputs(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(FIVE), "--each", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == ExitCode.USAGE
    assert "leave out -o, --html and --agenda" in result.stderr
    none = runner.invoke(
        app, ["report", str(FIVE), "--each", "--out-dir", str(tmp_path), "--municipality", "GM0001"]
    )
    assert none.exit_code == ExitCode.USAGE
    assert "no municipality 'GM0001'" in none.stderr


@pytest.mark.slow
def test_report_each_writes_a_report_per_wave_and_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = runner.invoke(
        app,
        ["report", str(FIVE), "--each", "--out-dir", str(out), "--jobs", "2",
         "--municipality", "GM9904", "--report-date", "2026-03-31"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "made 2 of 2 reports" in result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "GM9904-baarderhorn-2024.pdf",
        "GM9904-baarderhorn-2026.pdf",
        "manifest.json",
    ]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [o["file"] for o in manifest["outputs"]] == names[:2]
    assert manifest["settings"]["batch"]["report_date"] == "2026-03-31"


#: English words of the compare tables that must not show in the Dutch ones.
ENGLISH_WORDS = (
    "Comparison of", "sorted by", "municipality", "overall", "bands", "areas:", "suppressed",
    "no score", "against its peers", "peer mean", "difference", "percentile among",
    "across waves", "group", "change", "chance", "larger than", "may be", " to ", " all ",
)  # fmt: skip


def _terminal(*args: str) -> str:
    result = runner.invoke(app, ["compare", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_compare_tables_speak_dutch_with_lang_nl() -> None:
    """Words, decimal commas and a real minus sign, as `score` prints them."""
    peers = _terminal(
        str(FIVE), "--wave", "2026", "--peers", str(PEERS), "--peer-group", "size-class",
        "-m", "GM9901",
    )  # fmt: skip
    waves = _terminal(str(FIVE), "--by", "wave", "-m", "GM9901")
    for text in (peers, waves):
        assert not [w for w in ENGLISH_WORDS if w in text], text
        # No decimal points (20.000 inwoners is a Dutch thousands separator).
        assert not re.search(r"\d\.\d(?!\d)", text.replace("1.0 (sha256", ""))
    assert "Vergelijking van 2 rijen, gesorteerd op totaal" in peers
    assert "naast de vergelijkingsgemeenten: CBS-grootteklasse 4" in peers
    assert "1 vergelijkingsgemeente: GM9902" in peers  # singular for one
    assert "gemiddelde vergelijking" in peers and "verschil" in peers
    assert "o = onderdrukt" in peers and "weging groepen tellen even zwaar" in peers
    assert "GM9901 Wolderveen over de metingen 2024 → 2026" in waves
    assert "verandering" in waves and "kan toeval zijn" in waves and "samen" in waves
    # Wolderveen's inwoner score on area 6 fell by 0.4 (interval -0.8 to -0.1, as the JSON).
    assert re.search(r"−0,4 .*−0,8 tot −0,1 .*groter dan toeval", waves)


def test_compare_tables_stay_english_with_lang_en() -> None:
    peers = _terminal(
        str(FIVE), "--wave", "2026", "--peers", str(PEERS), "--peer-group", "size-class",
        "-m", "GM9901", "--lang", "en",
    )  # fmt: skip
    waves = _terminal(str(FIVE), "--by", "wave", "-m", "GM9901", "--lang", "en")
    assert "Comparison of 2 rows, sorted by overall" in peers
    assert "against its peers: CBS size class 4" in peers and "1 peer: GM9902" in peers
    assert "weighting equal_groups" in peers
    assert "across waves 2024 → 2026" in waves and "may be chance" in waves
    assert re.search(r"-0\.4 .*-0\.8 to -0\.1 .*larger than chance", waves)
    assert not re.search(r"\d,\d(?!\d)", peers + waves)  # decimal points (20,000 is thousands)


# --- quality marks (docs/methodology.md 14.7) ----------------------------------------------
FIXTURE_QUESTIONNAIRE = Path(__file__).resolve().parents[1] / "cases" / "answers" / "_questionnaire"


def _council_answers(target: Path) -> Path:
    """Four councils on the answer-file fixture questionnaire (areas raad: GR01-GR03, and
    inwoners: IN01; IN02 is for inwoners only), every member answering every item alike.

    agree5 scores code c as (c - 1) * 2.5, and a member's area score is the mean of their
    items, so (hand computation, docs/methodology.md 14.7 with n_eff = n, unweighted):
    - GM0001 Ruim: 30 members, all 4: every score 7,5, sd 0, half-width 0; n 30 >= 30 and
      0 <= 0,5: betrouwbaar, no mark.
    - GM0002 Klein: 12 members, all 2: 2,5; n 12 is 10 to 29: indicatief, '~'.
    - GM0003 Krap: 6 members, all 5: 10,0; n 6 < 10: te weinig respons, '?'.
    - GM0004 Verdeeld: 30 members, 15 all 1 (score 0) and 15 all 5 (score 10): mean 5,0,
      sd = sqrt(30 * 25 / 29) = 5.0855, half-width t(0.975, 29) * sd / sqrt(30)
      = 2.0452 * 0.9285 = 1.899 > 1,0: te weinig respons, '?', although n is 30.
    The combined score of an area is its only group's (half-width sqrt(h^2) / 1 = h, n_eff
    the same n), the overall score takes its least certain area's label.
    """
    councils = [("GM0001", "Ruim", ["4"] * 30), ("GM0002", "Klein", ["2"] * 12)]
    councils += [("GM0003", "Krap", ["5"] * 6), ("GM0004", "Verdeeld", ["1", "5"] * 15)]
    header = ["respondent_id", "municipality_code", "municipality_name", "group", "wave"]
    items = ["GR01", "GR02", "GR03", "IN01"]
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header + items)
        for code, name, answers in councils:
            for k, answer in enumerate(answers):
                writer.writerow([f"{code}-{k}", code, name, "raad", "2024", *[answer] * 4])
    return target


def _scores_on_line(stdout: str, code: str) -> list[str]:
    line = next(line for line in stdout.splitlines() if code in line)
    return re.findall(r"\d+,\d(?: [~?])?", line.split(code, 1)[1])


def test_compare_table_marks_each_score_with_its_quality(tmp_path: Path) -> None:
    answers = _council_answers(tmp_path / "councils.csv")
    args = [str(answers), "-q", str(FIXTURE_QUESTIONNAIRE)]
    table = _terminal(*args)
    # Columns: overall, 1 raad, 2 inwoners; the numbers as in the docstring above.
    assert _scores_on_line(table, "GM0001 Ruim") == ["7,5", "7,5", "7,5"]
    assert _scores_on_line(table, "GM0002 Klein") == ["2,5 ~", "2,5 ~", "2,5 ~"]
    assert _scores_on_line(table, "GM0003 Krap") == ["10,0 ?", "10,0 ?", "10,0 ?"]
    assert _scores_on_line(table, "GM0004 Verdeeld") == ["5,0 ?", "5,0 ?", "5,0 ?"]
    # Sorted by overall: 10,0, 7,5, 5,0, 2,5.
    order = [code for line in table.splitlines() for code in re.findall(r"GM000\d", line)]
    assert order == ["GM0003", "GM0001", "GM0004", "GM0002"]
    assert (
        "kwaliteit van elke score: ~ indicatief, ? te weinig respons (anders betrouwbaar)" in table
    )
    english = _terminal(*args, "--lang", "en")
    assert _scores_on_line(english.replace(".", ","), "GM0002 Klein") == ["2,5 ~"] * 3
    assert "quality of each score: ~ indicatief, ? te weinig respons (otherwise betrouwbaar)" in (
        english
    )
    # The same labels in the JSON, which the marks are made from.
    rows = json.loads(_terminal(*args, "--json"))["rows"]
    labels = {
        r["municipality_code"]: {c["quality"] for c in [r["overall"], *r["areas"]]} for r in rows
    }
    assert labels == {
        "GM0001": {"betrouwbaar"},
        "GM0002": {"indicatief"},
        "GM0003": {"te weinig respons"},
        "GM0004": {"te weinig respons"},
    }


def test_peer_table_pads_unmarked_scores_so_decimals_line_up(tmp_path: Path) -> None:
    """GM0001 Ruim: 30 council members answer 4 on GR01-GR03, 12 of them also 4 on IN01;
    GM0002 Klein: 12 members answer 2 everywhere (agree5: (c - 1) * 2,5).

    By hand (docs/methodology.md 14.7, n_eff = n, sd 0 so half-width 0):
    - Ruim, 1 Raad: 7,5 on n 30: betrouwbaar, no mark;
    - Ruim, 2 Inwoners: 7,5 on n 12 (10 to 29): indicatief, '~';
    - Ruim, totaal: mean 7,5, the label of its least certain area: indicatief, '~';
    - the one peer, Klein: 2,5 everywhere, so mean 2,5, difference 5,0, percentile 100,0.
    The score column has marks, so '7,5' of 1 Raad keeps the room of ' ~' on its right.
    """
    answers = tmp_path / "peer.csv"
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent_id", "municipality_code", "municipality_name", "group",
                         "wave", "GR01", "GR02", "GR03", "IN01"])  # fmt: skip
        for k in range(30):
            four = ["4", "4", "4", "4" if k < 12 else ""]
            writer.writerow([f"GM0001-{k}", "GM0001", "Ruim", "raad", "2024", *four])
        for k in range(12):
            writer.writerow([f"GM0002-{k}", "GM0002", "Klein", "raad", "2024", *["2"] * 4])
    out = _terminal(
        str(answers), "-q", str(FIXTURE_QUESTIONNAIRE), "-m", "GM0001", "--peer-group", "GM0002"
    )
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if "┃ gebied" in line)
    assert "\n".join(lines[start : start + 6]) == "\n".join(
        [
            "┃ gebied     ┃ score ┃ gemiddelde vergelijking ┃ verschil ┃ percentiel onder "
            "vergelijkingsgemeenten ┃ n ┃",
            "┡━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━"
            "━━━━━━━━━━━━━━━━╇━━━┩",
            "│ totaal     │ 7,5 ~ │                     2,5 │      5,0 │                         "
            "          100,0 │ 1 │",
            "│ 1 Raad     │ 7,5   │                     2,5 │      5,0 │                         "
            "          100,0 │ 1 │",
            "│ 2 Inwoners │ 7,5 ~ │                     2,5 │      5,0 │                         "
            "          100,0 │ 1 │",
            "└────────────┴───────┴─────────────────────────┴──────────┴─────────────────────────"
            "────────────────┴───┘",
        ]
    )


def test_a_narrow_terminal_wraps_names_rather_than_cut_a_score_or_its_mark() -> None:
    result = runner.invoke(app, ["compare", str(FIVE), "--wave", "2024"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if re.match(r"\s*\d GM99", line)]
    assert len(rows) == 5 and not any("…" in line for line in rows)
    assert all(len(line.rstrip()) <= 80 for line in result.stdout.splitlines()[2:8])
    # Every mark in the table stands for a cell the JSON labels less than betrouwbaar.
    marks = sum(len(re.findall(r"\d,\d [~?]", line)) for line in rows)
    rows_json = json.loads(invoke(str(FIVE), "--wave", "2024", "--json").stdout)["rows"]
    expected = sum(
        c["quality"] in ("indicatief", "te weinig respons")
        for r in rows_json
        for c in [r["overall"], *r["areas"]]
    )
    assert marks == expected > 0
