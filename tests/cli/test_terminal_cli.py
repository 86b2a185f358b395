"""What the terminal shows (issue 12, "The terminal"): control characters escaped, short
excerpts, no emoji codes, no markup from data, tables that fit, folders and globs for every
command, shell completion, and --help without Python type names."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quickscan import console
from quickscan.cli import app
from quickscan.errors import ExitCode, Location, Problem, QuestionnaireError
from quickscan.resources import questionnaires_dir

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SINGLE = EXAMPLES / "gm9901-single.csv"
FIELDWORK = EXAMPLES / "gm9901-fieldwork.csv"


def rewritten(target: Path, change: dict[str, str], header: list[str] | None = None) -> Path:
    """The single-municipality example with some columns set to a value in every row."""
    with SINGLE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    names = rows[0]
    for row in rows[1:]:
        for column, value in change.items():
            row[names.index(column)] = value
    if header is not None:
        rows[0] = header
    with target.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return target


# --- control characters, excerpts, emoji, markup -----------------------------------------------


def test_control_characters_from_a_file_are_shown_escaped(tmp_path: Path) -> None:
    title_and_clear = "Wolder\x1b]0;pwned\x07veen\x1b[2J"
    source = rewritten(tmp_path / "esc.csv", {"municipality_name": title_and_clear})
    table = runner.invoke(app, ["score", str(source)], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout
    assert "Wolder\\x1b]0;pwned\\x07veen\\x1b[2J" in table.stdout

    bad = rewritten(tmp_path / "bad.csv", {"group": "raad\x1b[2J\x9b31m"})
    checked = runner.invoke(app, ["check", str(bad)])
    assert checked.exit_code == ExitCode.ANSWERS
    assert "\x1b" not in checked.output and "\x9b" not in checked.output
    assert "raad\\x1b[2J\\x9b31m" in checked.output


def test_messages_echo_no_more_than_an_excerpt(tmp_path: Path) -> None:
    with SINGLE.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    header[-1] = "X" * 300  # an open question's column gets a very long header
    source = rewritten(tmp_path / "long.csv", {"group": "Y" * 300}, header=header)
    result = runner.invoke(app, ["check", str(source)])
    assert result.exit_code == ExitCode.ANSWERS
    assert re.search("X{41}", result.output) is None, result.output
    assert re.search("Y{41}", result.output) is None, result.output
    assert "X" * 39 + "…" in result.output


def test_emoji_codes_stay_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = rewritten(tmp_path / "poo.csv", {"municipality_name": "Wolderveen :pile_of_poo:"})
    result = runner.invoke(app, ["score", str(source)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Wolderveen :pile_of_poo:" in result.stdout and "\U0001f4a9" not in result.stdout

    error = QuestionnaireError(
        problems=[
            Problem(
                code="yaml-syntax",
                message="mapping values are not allowed here",
                location=Location(file="questionnaire.yaml", line=100, column=19),
            )
        ]
    )
    console.print_error(error)
    assert "questionnaire.yaml:100:19" in capsys.readouterr().err


def test_markup_in_a_questionnaire_is_shown_not_run(tmp_path: Path) -> None:
    folder = tmp_path / "scan"
    shutil.copytree(questionnaires_dir() / "qsld", folder)
    path = folder / "questionnaire.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("nl: Quick Scan Lokale Democratie", 'nl: "[red]Scan[/red] [link=x]y"', 1),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["questionnaire", "show", str(folder)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "[red]Scan[/red] [link=x]y" in result.stdout


# --- the score table at any width ----------------------------------------------------------------


def _score(width: int) -> str:
    result = runner.invoke(app, ["score", str(SINGLE)], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_at_80_columns_areas_and_bands_are_whole() -> None:
    text = _score(80)
    assert "…" not in text
    for area in ("1 Gemeenteraad", "6 Gemeenschap", "7 Weerbaarheid", "2 Ambtsdragers"):
        assert area in text
    assert "Aandachtspunt" in text and "Voldoende" in text
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("width", [40, 60, 100])
def test_text_wraps_at_word_boundaries_at_any_width(width: int) -> None:
    from quickscan.api import score_files

    text = _score(width)
    assert "…" not in text
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width
    words = " ".join(text.split())
    municipality = score_files([SINGLE]).municipalities[0]
    for notable in municipality.notable:
        assert " ".join(notable.sentence["nl"].split()) in words  # no word was broken
    for area in ("Gemeenteraad", "Gemeenschap", "Aandachtspunt", "Voldoende"):
        assert area in text


# --- folders and globs everywhere ---------------------------------------------------------------


@pytest.fixture
def answers_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    shutil.copy(SINGLE, folder / "gm9901.csv")
    return folder


def test_score_and_check_take_folders_and_globs(answers_folder: Path) -> None:
    from quickscan.api import score_files
    from quickscan.export import csv_text

    expected = csv_text(score_files([answers_folder / "gm9901.csv"]))
    for given in (str(answers_folder), str(answers_folder / "*.csv")):
        scored = runner.invoke(app, ["score", given, "--format", "csv"])
        assert scored.exit_code == 0, scored.output
        assert scored.stdout == expected
        checked = runner.invoke(app, ["check", given])
        assert checked.exit_code == 0, checked.output


def test_status_takes_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "fieldwork"
    folder.mkdir()
    shutil.copy(FIELDWORK, folder / "fieldwork.csv")
    result = runner.invoke(app, ["status", str(folder)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "GM9901" in result.stdout


def test_an_empty_folder_or_pattern_is_named(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["score", str(tmp_path / "empty"), str(tmp_path / "*.xlsx")])
    assert result.exit_code == ExitCode.ANSWERS
    assert "no .csv or .xlsx files" in result.stderr
    assert "matches no file" in result.stderr


@pytest.mark.slow
def test_report_takes_a_folder(answers_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "profile.pdf"
    result = runner.invoke(app, ["report", str(answers_folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


# --- shell completion and --help ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o default -F"), ("zsh", "compdef"), ("fish", "complete --command")],
)
def test_show_completion(shell: str, marker: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Users get their shell detected; naming it (as Typer's own tests do) tests all three here.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = runner.invoke(app, ["--show-completion", shell], prog_name="quickscan")
    assert result.exit_code == 0, result.output
    assert marker in result.stdout and "_QUICKSCAN_COMPLETE" in result.stdout


@pytest.mark.parametrize(
    ("shell", "env"),
    [
        ("bash", {"COMP_WORDS": "quickscan sc", "COMP_CWORD": "1"}),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "quickscan sc"}),
        (
            "fish",
            {"_TYPER_COMPLETE_ARGS": "quickscan sc", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
        ),
    ],
)
def test_completion_completes_commands(shell: str, env: dict[str, str]) -> None:
    result = runner.invoke(
        app, [], prog_name="quickscan", env={"_QUICKSCAN_COMPLETE": f"complete_{shell}", **env}
    )
    assert result.exit_code == 0, result.output
    assert "score" in result.stdout and "report" not in result.stdout


@pytest.mark.parametrize(
    ("shell", "written"),
    [
        ("bash", ".bash_completions/quickscan.sh"),
        ("zsh", ".zfunc/_quickscan"),
        ("fish", ".config/fish/completions/quickscan.fish"),
    ],
)
def test_install_completion(
    shell: str, written: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = runner.invoke(app, ["--install-completion", shell], prog_name="quickscan")
    assert result.exit_code == 0, result.output
    assert "_QUICKSCAN_COMPLETE" in (tmp_path / written).read_text()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_through_the_real_script() -> None:
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "quickscan").exists():
        pytest.skip("the quickscan script is not installed next to this Python")
    script = (
        'eval "$(quickscan --show-completion bash)"; '
        "COMP_WORDS=(quickscan questionnaire va); COMP_CWORD=2; _quickscan_completion quickscan; "
        'echo "${COMPREPLY[@]}"'
    )
    done = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": "/nonexistent"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["validate"]


COMMANDS = [
    ["check"],
    ["compare"],
    ["import"],
    ["report"],
    ["score"],
    ["status"],
    ["template"],
    ["questionnaire", "list"],
    ["questionnaire", "show"],
    ["questionnaire", "validate"],
    ["questionnaire", "print"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_no_python_types_and_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    types = re.findall(r"<(?:list\[|str|int|float|path|file|dir|Path)[^>]*>", result.stdout)
    assert types == [], types
    assert "Examples:" in result.stdout
    assert f"quickscan {' '.join(command)} " in result.stdout or (
        f"quickscan {' '.join(command)}\n" in result.stdout
    )


def test_every_command_is_covered_by_the_help_test() -> None:
    import typer.main

    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        found += [[name, sub] for sub in subs] if subs else [[name]]
    assert sorted(found) == sorted(COMMANDS)


def test_exit_codes_143_and_141_are_documented() -> None:
    result = runner.invoke(app, ["--help"])
    assert "143 terminated" in result.stdout and "141" in result.stdout
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| 143 |" in readme and "| 141 |" in readme
    assert json.dumps(int(ExitCode.TERMINATED)) == "143"
