"""The batch engine with a fake renderer: outputs, manifest, keep-going, Ctrl-C, memory."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_compare_factories import municipality, qsld, score_result

from quickscan.compare.batch import BatchOptions, Outcome, open_answer_source, plan, run_batch
from quickscan.errors import ReportError
from quickscan.output import atomic_output
from quickscan.results import ScoreResult

FAKE = "test_compare_batch:fake_render"


def fake_render(
    result: ScoreResult, questionnaire, output: Path, options, open_answers=(), approval=None
):
    """Writes a small text 'report'; GM0666 fails cleanly, GM0777 has a bug, GM0999 kills its
    process; GM08xx is slow."""
    m = result.municipalities[0]
    assert len(result.municipalities) == 1
    assert questionnaire.fingerprint == qsld().fingerprint
    if m.municipality_code == "GM0666":
        raise ReportError("the template failed")
    if m.municipality_code == "GM0777":
        raise RuntimeError("boom")
    if m.municipality_code == "GM0999":  # a crash in a C library, say
        os.kill(os.getpid(), signal.SIGKILL)
    if (m.municipality_code or "").startswith("GM08"):
        time.sleep(0.4)
    with atomic_output(output) as temp:
        temp.write_text(
            f"{m.municipality_code} {m.overall_for().score} {options.lang} {len(open_answers)}",
            encoding="utf-8",
        )


def options(tmp_path: Path, **kwargs) -> BatchOptions:
    return BatchOptions(out_dir=tmp_path / "reports", renderer=FAKE, **kwargs)


def test_names_that_collide_after_slugging_are_an_error_naming_both(tmp_path: Path) -> None:
    from quickscan.errors import OutputError

    result = score_result(
        [
            municipality("GM1900", 6.0, name="Súdwest-Fryslân"),
            municipality("GM1900", 6.5, name="Sudwest Fryslan"),
            municipality("GM0363", 6.0, name="Amsterdam"),
        ]
    )
    with pytest.raises(OutputError) as error:
        plan(result, tmp_path)
    (problem,) = error.value.problems
    assert problem.code == "output-names-collide"
    assert "Súdwest-Fryslân" in problem.message and "Sudwest Fryslan" in problem.message
    assert "GM1900-sudwest-fryslan.pdf" in problem.message
    with pytest.raises(OutputError):
        run_batch(result, qsld(), options(tmp_path))
    assert not (tmp_path / "reports" / "GM1900-sudwest-fryslan.pdf").exists()


def test_plan_names_like_the_report(tmp_path: Path) -> None:
    result = score_result(
        [
            municipality("GM0363", 6.0, name="Amsterdam"),
            municipality("GM0363", 6.0, name="Amsterdam", wave="2024"),
            municipality("GM0001", 6.0, name="Ås / Zee"),
        ]
    )
    names = [path.name for _, path in plan(result, tmp_path)]
    assert names == ["GM0363-amsterdam.pdf", "GM0363-amsterdam-2024.pdf", "GM0001-as-zee.pdf"]


def test_batch_writes_every_report_and_a_manifest(tmp_path: Path) -> None:
    result = score_result([municipality(f"GM00{i:02d}", 5.0 + i / 10) for i in range(7)])
    seen: list[tuple[int, int, int]] = []

    class Recorder:
        def start(self, total: int) -> None:
            seen.append((0, 0, total))

        def advance(self, outcome: Outcome, done: int, failed: int, total: int) -> None:
            seen.append((done, failed, total))

        def stop(self) -> None:
            seen.append((-1, -1, -1))

    summary = run_batch(
        result, qsld(), options(tmp_path, jobs=2, max_tasks_per_child=2), progress=Recorder()
    )
    assert summary.ok and summary.done == 7 and summary.failed == 0
    out = tmp_path / "reports"
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(
        [f"GM00{i:02d}-gemeente-00{i:02d}.pdf" for i in range(7)] + ["manifest.json"]
    )
    assert (out / "GM0003-gemeente-0003.pdf").read_text() == "GM0003 5.3 nl 0"
    assert seen[0] == (0, 0, 7) and seen[-2] == (7, 0, 7) and seen[-1] == (-1, -1, -1)

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["summary"] == {
        "total": 7,
        "done": 7,
        "failed": 0,
        "cancelled": 0,
        "interrupted": False,
        "seconds": manifest["summary"]["seconds"],
    }
    assert set(manifest["versions"]) >= {"quickscan", "python", "weasyprint"}
    assert manifest["inputs"] == [{"file": "answers.csv", "rows": 1, "sha256": "0" * 64}]
    first = manifest["outputs"][0]
    assert first["file"] == "GM0000-gemeente-0000.pdf"
    import hashlib

    assert first["sha256"] == hashlib.sha256((out / first["file"]).read_bytes()).hexdigest()
    assert manifest["settings"]["batch"]["jobs"] == 2
    assert manifest["questionnaire"]["fingerprint"] == qsld().fingerprint


def test_failure_stops_the_batch_unless_keep_going(tmp_path: Path) -> None:
    codes = ["GM0001", "GM0666", "GM0002", "GM0777", "GM0003", "GM0004", "GM0005", "GM0006"]
    result = score_result([municipality(c, 6.0) for c in codes])
    going = run_batch(result, qsld(), options(tmp_path, jobs=2, keep_going=True))
    assert (going.done, going.failed, going.cancelled) == (6, 2, 0)
    errors = {o.municipality_code: o.error for o in going.failures()}
    assert errors == {
        "GM0666": "the template failed",
        "GM0777": "internal error: RuntimeError: boom",
    }
    manifest = json.loads((tmp_path / "reports" / "manifest.json").read_text())
    assert [f["municipality_code"] for f in manifest["failed"]] == ["GM0666", "GM0777"]

    stopping = run_batch(result, qsld(), options(tmp_path / "b", jobs=1))
    # The report handed to the worker before the failure came back may still be made.
    assert stopping.failed == 1 and stopping.done in (1, 2)
    assert stopping.done + stopping.cancelled == len(codes) - 1
    assert not stopping.ok


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux")
def test_a_crash_in_a_forked_report_costs_that_report_only(tmp_path: Path) -> None:
    # A worker renders its first report itself and forks for the later ones: the process
    # that GM0999 kills is such a copy, so the worker and the other reports carry on.
    codes = ["GM0001", "GM0999", "GM0002", "GM0003"]
    result = score_result([municipality(code, 6.0) for code in codes])
    summary = run_batch(result, qsld(), options(tmp_path, jobs=1, keep_going=True))
    assert (summary.done, summary.failed) == (3, 1)
    (failed,) = summary.failures()
    assert failed.municipality_code == "GM0999"
    assert failed.error == "internal error: the rendering process was ended by SIGKILL"
    out = tmp_path / "reports"
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".pdf") == [
        "GM0001-gemeente-0001.pdf",
        "GM0002-gemeente-0002.pdf",
        "GM0003-gemeente-0003.pdf",
    ]
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["failed"][0]["error"] == failed.error


def test_open_answers_are_grouped_per_municipality(tmp_path: Path) -> None:
    import pandas as pd

    class Answers:
        respondents = pd.DataFrame(
            {
                "municipality_code": ["GM0001", "GM0002", "GM0001"],
                "municipality_name": [None, None, None],
                "wave": [None, None, None],
                "group": ["raad", "inwoner", "inwoner"],
                "respondent_id": ["r1", None, None],
                "row": [2, 3, 4],
            }
        )
        open_answers = pd.DataFrame(
            {"respondent_id": ["1", "2", "3"], "OPEN01": ["Goed", None, "Prima"]}
        )

    source = open_answer_source(Answers())
    # The respondent as `open_answers_from` names it: the id, or the row without one.
    assert source(municipality("GM0001", 6.0)) == [
        ("OPEN01", "Goed", "raad", "r1"),
        ("OPEN01", "Prima", "inwoner", "row 4"),
    ]
    assert source(municipality("GM0002", 6.0)) == []
    result = score_result([municipality("GM0001", 6.0)])
    run_batch(result, qsld(), options(tmp_path), open_answers=source)
    assert (tmp_path / "reports" / "GM0001-gemeente-0001.pdf").read_text().endswith(" 2")


def test_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    from quickscan.errors import OutputError

    out = tmp_path / "reports"
    out.mkdir()
    victim = out / "GM0001-gemeente-0001.pdf"
    victim.write_text("answers")
    with pytest.raises(OutputError):
        run_batch(
            score_result([municipality("GM0001", 6.0)]), qsld(), options(tmp_path), inputs=[victim]
        )
    assert victim.read_text() == "answers"


SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from test_compare_factories import municipality, qsld, score_result
from quickscan.compare.batch import BatchOptions, run_batch

result = score_result([municipality(f"GM08{{i:02d}}", 6.0) for i in range(12)])
try:
    run_batch(result, qsld(), BatchOptions(out_dir=Path({out!r}), jobs=2,
              renderer="test_compare_batch:fake_render"))
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(130)
"""


def test_ctrl_c_finishes_running_reports_and_leaves_no_partial_files(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    tests = str(Path(__file__).parent)
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT.format(tests=tests, out=str(out))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": tests},
        start_new_session=True,  # a process group of its own, like a terminal's
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.is_dir() and any(p.suffix == ".pdf" for p in out.iterdir()):
            break
        time.sleep(0.05)
    # Ctrl-C in a terminal signals the whole foreground process group.
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stdout
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.endswith(".part")]
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert 1 <= len(pdfs) < 12
    for name in pdfs:
        assert (out / name).read_text().startswith("GM08")  # every report is complete
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["summary"]["interrupted"] is True
    assert manifest["summary"]["done"] == len(pdfs)
    assert len(manifest["cancelled"]) == 12 - len(pdfs)


TERM_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from test_compare_factories import municipality, qsld, score_result
from quickscan.compare.batch import BatchOptions, run_batch
from quickscan.errors import Terminated

result = score_result([municipality(f"GM08{{i:02d}}", 6.0) for i in range(12)])
try:
    run_batch(result, qsld(), BatchOptions(out_dir=Path({out!r}), jobs=2,
              renderer="test_compare_batch:fake_render"))
except Terminated:
    print("terminated", flush=True)
    sys.exit(143)
"""


def test_sigterm_ends_the_workers_at_once_and_keeps_the_manifest(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    tests = str(Path(__file__).parent)
    proc = subprocess.Popen(
        [sys.executable, "-c", TERM_SCRIPT.format(tests=tests, out=str(out))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(p for p in (tests, os.environ.get("PYTHONPATH")) if p),
        },
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.is_dir() and any(p.suffix == ".pdf" for p in out.iterdir()):
            break
        time.sleep(0.05)
    # SIGTERM goes to the main process only (as `kill` or a scheduler sends it).
    proc.send_signal(signal.SIGTERM)
    signalled = time.time()
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    assert "terminated" in stdout
    time.sleep(1.0)  # a surviving worker (0.4 s per report) would add a report now
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.endswith(".part")]
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert 1 <= len(pdfs) < 12
    for name in pdfs:
        assert (out / name).stat().st_mtime <= signalled + 0.5
        assert (out / name).read_text().startswith("GM08")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["summary"]["interrupted"] is True
    assert sorted(entry["file"] for entry in manifest["outputs"]) == pdfs
    assert len(manifest["cancelled"]) == 12 - len(pdfs)


def test_worker_gets_plain_data_only(tmp_path: Path) -> None:
    """A task pickles small: the one municipality as JSON text, no live objects."""
    import pickle

    from quickscan.compare.batch import Task, single_result

    result = score_result([municipality(f"GM00{i:02d}", 6.0) for i in range(30)])
    one = single_result(result, result.municipalities[3])
    task = Task(0, "GM0003", None, None, str(tmp_path / "x.pdf"), one.model_dump_json())
    data = pickle.dumps(task)
    assert len(data) < len(result.model_dump_json()) / 10
    assert (
        ScoreResult.model_validate_json(task.result_json).municipalities[0].municipality_code
        == "GM0003"
    )


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FIVE = EXAMPLES / "five-municipalities.csv"


def real_fake_render(
    result: ScoreResult, questionnaire, output: Path, options, open_answers=(), approval=None
):
    """Like fake_render, for real scored inputs (any questionnaire, any municipality)."""
    m = result.municipalities[0]
    with atomic_output(output) as temp:
        temp.write_text(f"{m.municipality_code} {m.wave} {len(open_answers)}", encoding="utf-8")


@pytest.mark.skipif(not FIVE.is_file(), reason="example files missing")
def test_report_each_scores_once_and_filters(tmp_path: Path) -> None:
    from quickscan.compare.batch import report_each
    from quickscan.errors import UsageError

    def opts(name: str, **kwargs) -> BatchOptions:
        return BatchOptions(
            out_dir=tmp_path / name, renderer="test_compare_batch:real_fake_render", **kwargs
        )

    every = report_each([FIVE], "qsld", opts("all", jobs=2))
    assert (every.total, every.done) == (10, 10)
    names = sorted(p.name for p in (tmp_path / "all").glob("*.pdf"))
    assert names[:2] == ["GM9901-wolderveen-2024.pdf", "GM9901-wolderveen-2026.pdf"]
    manifest = json.loads((tmp_path / "all" / "manifest.json").read_text())
    assert manifest["inputs"][0]["file"].endswith("five-municipalities.csv")
    assert len(manifest["inputs"][0]["sha256"]) == 64

    wave = report_each([FIVE], "qsld", opts("wave", include_open_answers=True), wave="2026")
    assert wave.total == 5
    text = (tmp_path / "wave" / "GM9902-oosterbroek-aan-zee-2026.pdf").read_text()
    assert text.startswith("GM9902 2026 ") and int(text.split()[-1]) > 0  # open answers came

    one = report_each([FIVE], "qsld", opts("one"), municipality="wolderveen")
    assert [o.wave for o in one.outcomes] == ["2024", "2026"]
    with pytest.raises(UsageError):
        report_each([FIVE], "qsld", opts("none"), municipality="GM0001")


@pytest.mark.slow
@pytest.mark.skipif(not FIVE.is_file(), reason="example files missing")
def test_report_each_renders_real_profiles(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from quickscan.compare.batch import report_each

    summary = report_each(
        [FIVE], "qsld", BatchOptions(out_dir=tmp_path, jobs=2), municipality="GM9904"
    )
    assert summary.ok and summary.done == 2
    for outcome in summary.outcomes:
        reader = PdfReader(outcome.output)
        assert len(reader.pages) > 10
        assert "Baarderhorn" in reader.pages[0].extract_text()


@pytest.mark.slow
@pytest.mark.skipif(not FIVE.is_file(), reason="example files missing")
def test_a_forked_report_is_the_same_pdf_as_one_rendered_in_the_worker(tmp_path: Path) -> None:
    from quickscan.compare.batch import report_each

    def run(name: str, fork: bool) -> list[str | None]:
        summary = report_each(
            [FIVE], "qsld",
            BatchOptions(out_dir=tmp_path / name, jobs=1, fork_per_report=fork),
            wave="2026",
        )  # fmt: skip
        assert summary.ok and summary.done == 5
        return [o.sha256 for o in summary.outcomes]

    assert run("forked", True) == run("in-worker", False)


POPULATION = EXAMPLES / "population.csv"


def html_render(
    result: ScoreResult, questionnaire, output: Path, options, open_answers=(), approval=None
):
    """The default renderer's report, written as its HTML (the PDF's source) instead of a
    PDF: the same `profile_document` call as `render_profile`, without WeasyPrint's seconds."""
    from quickscan.compare.batch import profile_document

    document = profile_document(result, questionnaire, options, open_answers, approval)
    with atomic_output(output) as temp:
        temp.write_text(document.print_html, encoding="utf-8")


def two_municipalities(tmp_path: Path) -> Path:
    """GM9901 and GM9902 of the 2026 wave, with their background columns."""
    import csv

    with FIVE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    path = tmp_path / "two.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [rows[0]] + [r for r in rows[1:] if r[1] in ("GM9901", "GM9902") and r[4] == "2026"]
        )
    return path


def single_report_html(
    answers: Path, code: str, day, keep_office_holders: bool | None = None, **weights
) -> str:
    """What `quickscan report answers --municipality CODE --population ...` builds (with
    `--include-open-answers [--keep-office-holder-names]` when `keep_office_holders` is
    given): the same calls as cli/report.py's single path."""
    from quickscan.api import read_files, weighting_for
    from quickscan.questionnaire import load_questionnaire
    from quickscan.report import build_report, open_answers_from, select_municipality
    from quickscan.report.redact import RedactionSettings
    from quickscan.scoring import score

    q = load_questionnaire("qsld")
    answer_set = read_files([answers], q)
    result = score(answer_set, q, weights=weighting_for(answer_set, q, **weights))
    chosen = select_municipality(result, code, None)
    include = keep_office_holders is not None
    return build_report(
        result, q, municipality=code, wave=chosen.wave, lang="nl", report_date=day,
        include_open_answers=include,
        open_answers=open_answers_from(answer_set, chosen) if include else (),
        redaction=RedactionSettings(keep_office_holders=bool(keep_office_holders)),
    ).print_html  # fmt: skip


OFFICE_HOLDER = "Burgemeester Jansen luistert goed naar ons."


def with_office_holder(tmp_path: Path) -> Path:
    """`two_municipalities` with an office holder's name in GM9901's first open answer."""
    import csv

    path = two_municipalities(tmp_path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("OPEN01")
    first = next(r for r in rows[1:] if r[1] == "GM9901")
    first[column] = OFFICE_HOLDER
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.skipif(not FIVE.is_file(), reason="example files missing")
@pytest.mark.parametrize("keep", [False, True], ids=["redacted", "kept"])
def test_batch_redacts_open_answers_like_the_single_report(tmp_path: Path, keep: bool) -> None:
    import datetime as dt

    from quickscan.compare.batch import report_each

    answers = with_office_holder(tmp_path)
    day = dt.date(2026, 3, 31)
    out = tmp_path / "reports"
    options = BatchOptions(
        out_dir=out, report_date=day, include_open_answers=True,
        keep_office_holder_names=keep, renderer="test_compare_batch:html_render",
    )  # fmt: skip
    summary = report_each([answers], "qsld", options, municipality="GM9901")
    assert (summary.total, summary.done) == (1, 1)
    html = (out / "GM9901-wolderveen-2026.pdf").read_text(encoding="utf-8")
    assert html == single_report_html(answers, "GM9901", day, keep_office_holders=keep)
    # By hand: "Jansen" follows the role "Burgemeester", so it is an office holder's name:
    # kept with the option, replaced by [naam] without it.
    if keep:
        assert OFFICE_HOLDER in html
    else:
        assert "Burgemeester [naam] luistert goed naar ons." in html and "Jansen" not in html
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["batch"]["keep_office_holder_names"] is keep


@pytest.mark.skipif(not FIVE.is_file(), reason="example files missing")
def test_report_each_weights_like_the_single_report(tmp_path: Path) -> None:
    import datetime as dt
    import hashlib

    from quickscan.api import score_files
    from quickscan.compare.batch import report_each
    from quickscan.report.i18n import format_number

    answers = two_municipalities(tmp_path)
    day = dt.date(2026, 3, 31)

    def batch(name: str, **weights) -> Path:
        out = tmp_path / name
        summary = report_each(
            [answers],
            "qsld",
            BatchOptions(out_dir=out, report_date=day, renderer="test_compare_batch:html_render"),
            **weights,
        )
        assert (summary.total, summary.done) == (2, 2)
        return out

    weighted = batch("weighted", population=POPULATION, weights="rake")
    plain = batch("plain")
    scored = score_files([answers], population=POPULATION, weights="rake")
    for code, name in (("GM9901", "wolderveen"), ("GM9902", "oosterbroek-aan-zee")):
        file = f"{code}-{name}-2026.pdf"
        html = (weighted / file).read_text(encoding="utf-8")
        # Exactly the single report of that municipality, weights and all.
        assert html == single_report_html(answers, code, day, population=POPULATION, weights="rake")
        # Its response chapter names the weighting with the numbers `score` computes.
        weighting = next(m.weighting for m in scored.municipalities if m.municipality_code == code)
        assert weighting is not None and weighting.method == "rake"
        assert (
            f"het ontwerpeffect is {format_number(weighting.design_effect, 'nl', 2)}, zodat de "
            f"{weighting.respondents} inwoners tellen als "
            f"{format_number(weighting.effective_n, 'nl', 0)} ongewogen respondenten"
        ) in html
        assert "Lijken de inwoners die meededen op de gemeente?" in html
        # Without --population the batch is the unweighted single report, which differs.
        unweighted = (plain / file).read_text(encoding="utf-8")
        assert unweighted == single_report_html(answers, code, day)
        assert unweighted != html and "ontwerpeffect" not in unweighted

    manifest = json.loads((weighted / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["weights"] == {
        "method": "rake",
        "cap": 5.0,
        "population_file": "population.csv",
        "groups": ["inwoner"],
    }
    # The population file follows the answers; its 61 data rows are 13 + 12 + 12 + 11 + 13
    # category rows of the five example municipalities.
    assert manifest["inputs"][1] == {
        "file": str(POPULATION),
        "rows": 61,
        "sha256": hashlib.sha256(POPULATION.read_bytes()).hexdigest(),
    }
    assert json.loads((plain / "manifest.json").read_text())["settings"]["weights"] == {
        "method": "none",
        "cap": None,
        "population_file": None,
        "groups": [],
    }
    assert len(json.loads((plain / "manifest.json").read_text())["inputs"]) == 1
