"""`quickscan compare --html`: the dashboard file through Typer's runner (the page itself is
tested in a real browser in tests/browser/test_dashboard.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quickscan.cli import app
from quickscan.errors import ExitCode

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FIVE = EXAMPLES / "five-municipalities.csv"
PEERS = EXAMPLES / "municipalities.csv"


def page_data(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    match = re.search(r'id="dashboard-data">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_html_with_a_peers_file_and_no_peer_group(tmp_path: Path) -> None:
    out = tmp_path / "dashboard.html"
    result = runner.invoke(
        app, ["compare", str(FIVE), "--peers", str(PEERS), "--html", str(out), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote dashboard {out}" in result.stderr.replace("\n", "")
    data = page_data(out)
    assert data["lang"] == "en"
    assert len(data["municipalities"]) == 5 and len(data["rows"]) == 10
    assert [c["id"] for c in data["peers"]["columns"]] == [
        "inhabitants", "province", "urbanity", "region"
    ]  # fmt: skip
    # The terminal table is still printed, as with --pdf.
    assert "Comparison" in result.stdout


def test_html_takes_the_first_choice_from_municipality_and_peer_group(tmp_path: Path) -> None:
    out = tmp_path / "d.html"
    result = runner.invoke(
        app,
        [
            "compare",
            str(FIVE),
            "--wave",
            "2026",
            "-m",
            "9903",
            "--peers",
            str(PEERS),
            "--peer-group",
            "province=Drenthe",
            "--html",
            str(out),
            "--format",
            "json",
            "-o",
            str(tmp_path / "c.json"),
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    data = page_data(out)
    assert data["initial"] == {
        "focal": "GM9903", "method": "column", "column": "province", "value": "Drenthe"
    }  # fmt: skip
    # --wave keeps one wave, as in the comparison itself.
    assert data["waves"] == ["2026"] and len(data["rows"]) == 5


def test_html_over_an_input_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    victim = tmp_path / "answers.csv"
    shutil.copy(FIVE, victim)
    before = victim.read_bytes()
    result = runner.invoke(app, ["compare", str(victim), "--html", str(victim)])
    assert result.exit_code == ExitCode.OUTPUT
    assert victim.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--peers", str(EXAMPLES / "nope.csv")], "cannot read the peers file"),
        (["-m", "GM0001"], "is not in the inputs"),
    ],
)
def test_html_errors_leave_no_file(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "d.html"
    result = runner.invoke(app, ["compare", str(FIVE), "--html", str(out), *args])
    assert result.exit_code in (ExitCode.COMPARE, ExitCode.USAGE), result.output
    assert message in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
