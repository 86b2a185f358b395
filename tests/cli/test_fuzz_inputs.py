"""Seeded, time-bounded fuzzing: mutated answer CSVs, XLSX workbooks and questionnaire YAML
through the CLI never end in exit 1 ("a bug in quickscan") or a stray traceback.

Hypothesis runs derandomized (the same examples every run, no example database), with a fixed
number of examples per input kind and a wall-clock budget after which the remaining examples
are skipped, so the whole file stays well under 20 seconds on a loaded machine.
"""

from __future__ import annotations

import io
import shutil
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from quickscan.cli import app
from quickscan.errors import ExitCode

runner = CliRunner()
CASES = Path(__file__).resolve().parents[1] / "cases"
ANSWER_QUESTIONNAIRE = CASES / "answers" / "_questionnaire"
QUESTIONNAIRE_CASES = CASES / "questionnaires"

#: Seconds each input kind may take; examples after that are skipped (the run stays green).
BUDGET = 4.0
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

BASE_CSV = (
    "respondent_id,municipality_code,municipality_name,group,wave,submitted_at,"
    "GR01,GR02,GR03,IN01,IN02,OPEN01\n"
    "r1,GM0363,Amsterdam,raad,2024,2024-03-01,4,3,5,2,,Goed\n"
    'r2,GM0363,Amsterdam,inwoner,2024,2024-03-02,1,2,3,4,5,"Beter, sneller"\n'
    "r3,GM0599,Rotterdam,raad,2024,02-03-2024,5,5,,9,,\n"
    "r4,GM0599,Rotterdam,inwoner,2024,,2,2,2,2,2,café\n"
)
#: Fragments a spreadsheet, an editor or a copy-paste puts into files.
CSV_FRAGMENTS = [
    b'"',
    b",",
    b";",
    b"\t",
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xe9",
    b"\xc3",
    b"\xef\xbb\xbf",
    "\u00a0".encode(),
    b"sep=;\n",
    b"=HYPERLINK()",
    b"NA",
    b"99",
    b"-1",
    b"4.5",
    b" ",
    b"",
    b"\xff\xfe",
    b"PK\x03\x04",
    b"GR01",
    b"group",
    b"\x1b[2J",
]
YAML_FRAGMENTS = [
    ":",
    "- ",
    "  ",
    "\t",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object ",
    "0755",
    "1:30",
    "{",
    "}",
    "[",
    "]",
    "? ",
    "---\n",
    "\n",
    "#",
    '"',
    "'",
    "null",
    "~",
    "yes",
    "NO",
    "1e999",
    "-",
    "\u00a0",
    "\x00",
    "id: x\n",
    "areas: []\n",
    "code: 010\n",
]


@pytest.fixture(scope="module", autouse=True)
def command_built_once() -> Iterator[None]:
    """Typer's runner rebuilds the click command on every call (0.3 s on a busy machine)."""
    command = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda _app: command)
        yield


@pytest.fixture(autouse=True)
def no_unraisable(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Collect "Exception ignored in ..." reports (from __del__, threads, codecs)."""
    seen: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    yield seen
    assert not seen, f"unraisable exceptions: {[str(u.exc_value) for u in seen]}"


class Clock:
    """Skip the remaining examples of one test once its budget is spent."""

    def __init__(self) -> None:
        self.start: float | None = None
        self.ran = 0

    def spent(self) -> bool:
        if self.start is None:
            self.start = time.monotonic()
        if time.monotonic() - self.start > BUDGET:
            return True
        self.ran += 1
        return False


def mutate(data: bytes, edits: list[tuple[int, int, int, bytes]]) -> bytes:
    """Apply (kind, position, length, fragment) edits: insert, delete, replace, flip, cut."""
    for kind, position, length, fragment in edits:
        at = position % (len(data) + 1)
        if kind == 0:
            data = data[:at] + fragment + data[at:]
        elif kind == 1:
            data = data[:at] + data[at + length :]
        elif kind == 2:
            data = data[:at] + fragment + data[at + len(fragment) :]
        elif kind == 3 and data:
            index = at % len(data)
            data = data[:index] + bytes([data[index] ^ (1 << (length % 8))]) + data[index + 1 :]
        elif kind == 4:
            data = data[:at]
        else:
            line_start = data.rfind(b"\n", 0, at) + 1
            line_end = data.find(b"\n", at)
            line = data[line_start : (line_end if line_end >= 0 else len(data))]
            data = data[:line_start] + line + b"\n" + data[line_start:]
    return data


def edits(fragments: list[bytes]) -> st.SearchStrategy[list[tuple[int, int, int, bytes]]]:
    edit = st.tuples(
        st.integers(0, 5),
        st.integers(0, 10_000),
        st.integers(0, 40),
        st.one_of(st.sampled_from(fragments), st.binary(max_size=6)),
    )
    return st.lists(edit, min_size=1, max_size=6)


def assert_clean(result: Any, allowed: set[int]) -> None:
    assert result.exit_code != ExitCode.INTERNAL, result.output
    assert result.exit_code in allowed, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert "Exception ignored" not in result.output


def check(path: Path) -> Any:
    return runner.invoke(app, ["check", str(path), "-q", str(ANSWER_QUESTIONNAIRE)])


CSV_CLOCK = Clock()


@FUZZ
@given(changes=edits(CSV_FRAGMENTS))
def test_mutated_csv_never_crashes(tmp_path_factory: pytest.TempPathFactory, changes) -> None:  # type: ignore[no-untyped-def]
    if CSV_CLOCK.spent():
        return
    path = tmp_path_factory.mktemp("csv") / "answers.csv"
    path.write_bytes(mutate(BASE_CSV.encode(), changes))
    assert_clean(check(path), {ExitCode.OK, ExitCode.ANSWERS})


def _base_xlsx() -> dict[str, bytes]:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Blad1"
    for line in BASE_CSV.splitlines():
        sheet.append([int(c) if c.isdigit() else c for c in line.split(",")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


XLSX_CLOCK = Clock()
XLSX_PARTS = _base_xlsx()
XML_FRAGMENTS = [
    b"<",
    b">",
    b"/>",
    b'"',
    b"<f>1+1</f>",
    b"<v/>",
    b"&amp;",
    b"&",
    b'r="ZZZ99999999"',
    b'<c r="A1"><f>SUM(A2:A3)</f></c>',
    b'<row r="0">',
    b"\x00",
    b"\xe9",
    b't="s"',
    b"<v>9</v>",
]


@FUZZ
@given(
    part=st.sampled_from(sorted(XLSX_PARTS)),
    changes=edits(XML_FRAGMENTS),
    whole=st.booleans(),
)
def test_mutated_xlsx_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, part, changes, whole
) -> None:  # type: ignore[no-untyped-def]
    if XLSX_CLOCK.spent():
        return
    parts = dict(XLSX_PARTS)
    if part in ("[Content_Types].xml", "xl/workbook.xml") and not whole:
        part = "xl/worksheets/sheet1.xml"  # mostly mutate the data, sometimes the skeleton
    parts[part] = mutate(parts[part], changes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    data = buffer.getvalue()
    if whole:
        data = mutate(data, changes[:2])  # the zip structure itself
    path = tmp_path_factory.mktemp("xlsx") / "answers.xlsx"
    path.write_bytes(data)
    assert_clean(check(path), {ExitCode.OK, ExitCode.ANSWERS})


YAML_CLOCK = Clock()


@FUZZ
@given(
    target=st.sampled_from(["questionnaire.yaml", "areas/1-raad.yaml", "areas/2-inwoners.yaml"]),
    changes=edits([f.encode() for f in YAML_FRAGMENTS]),
)
def test_mutated_questionnaire_yaml_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, target, changes
) -> None:  # type: ignore[no-untyped-def]
    if YAML_CLOCK.spent():
        return
    folder = tmp_path_factory.mktemp("yaml") / "q"
    shutil.copytree(QUESTIONNAIRE_CASES / "_valid", folder)
    file = folder / target
    file.write_bytes(mutate(file.read_bytes(), changes))
    result = runner.invoke(
        app,
        ["questionnaire", "validate", str(folder), "--extra", str(folder / "maatwerk.yaml")],
    )
    assert_clean(result, {ExitCode.OK, ExitCode.QUESTIONNAIRE})
