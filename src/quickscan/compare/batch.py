"""Batch reports: score once, then one PDF per municipality (and wave) in worker processes.

    summary = run_batch(result, questionnaire, BatchOptions(out_dir=Path("reports"), jobs=2))

- Every worker gets plain data: the questionnaire as JSON once (initializer), and per task
  a `ScoreResult` holding just that one municipality as JSON, plus the output path. No open
  file, DataFrame or pool of results crosses the process boundary. Weights
  (`--population`, `--weights`) are computed with the scores in the main process; the task's
  result carries them as data: `weights` (which were used) and the municipality's
  `weighting` (representativeness, design effect, effective n), the weighted scores in its
  areas. A worker never reads the population file.
- Workers come from a `forkserver` (or `spawn`) context. On Linux a worker renders its
  first report itself and every later one in a forked copy of itself that exits when the
  PDF is written (`run_task`), so memory stays flat however many reports are made; workers
  are also replaced after `max_tasks_per_child` reports. The main process keeps only a
  small window of tasks in flight.
- Each PDF is written through `atomic_output`: a report is either complete or absent.
- Ctrl-C: workers ignore SIGINT; the main process stops handing out work, lets the reports
  being rendered finish, removes stray temporary files, writes the manifest (marked
  interrupted) and re-raises KeyboardInterrupt.
- SIGTERM: the same clean stop, but at once: the workers are ended with the parent, so no
  report is written after the signal; stray temporary files are removed, the manifest lists
  what was finished, and `Terminated` is raised (the CLI exits 143). A worker also ends when
  the process that started it dies, however it dies (Linux: PR_SET_PDEATHSIG).
- `manifest.json` in the output folder lists the inputs (answers, then the population
  file) and outputs with their sha256, the versions of quickscan, Python and WeasyPrint,
  and the settings (with the weights used).

The renderer is the report's own library call (`quickscan.report.build_report(...)
.write_pdf(...)`); `BatchOptions.renderer` names another ``module:function`` with the same
signature as `render_profile`, for tests and for other kinds of report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import importlib
import json
import multiprocessing
import os
import platform
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import quickscan
from quickscan.compare.benchmark import Benchmark, load_benchmark, refuse_other_waves
from quickscan.errors import (
    Location,
    OutputError,
    Problem,
    QuickscanError,
    ReportError,
    Terminated,
    UsageError,
)
from quickscan.output import check_output_path, write_text_atomic
from quickscan.questionnaire.models import Questionnaire
from quickscan.results import InputFile, MunicipalityResult, ScoreResult

if TYPE_CHECKING:
    from quickscan.report.open_answers import Approval

MANIFEST = "manifest.json"
#: One open answer as plain data: (question id, text, group, respondent id).
OpenAnswerData = tuple[str, str, str | None, str | None]
DEFAULT_RENDERER = "quickscan.compare.batch:render_profile"


@dataclass(frozen=True)
class BatchOptions:
    """What `quickscan report --each` passes on; all plain, picklable values."""

    out_dir: Path
    jobs: int = 1
    keep_going: bool = False
    lang: str = "nl"
    report_date: dt.date | None = None
    include_open_answers: bool = False
    template_dir: Path | None = None
    charts: bool = True
    #: A benchmark file (`quickscan compare --save-benchmark`): every report shows where its
    #: municipality stands among those peers. A path, so the options stay plain data; each
    #: worker reads and checks it once.
    benchmark: Path | None = None
    #: `report.pdf.PDF_VARIANTS`: PDF/UA-1 unless asked otherwise.
    pdf_variant: str = "ua-1"
    #: The reports may use a benchmark of another wave (`--benchmark-any-wave`).
    benchmark_any_wave: bool = False
    #: Keep office holders' names in open answers (`--keep-office-holder-names`): the
    #: worker builds the same `RedactionSettings` as the single report does.
    keep_office_holder_names: bool = False
    #: The folder of reviewed workbooks (`--open-answers-approved DIR`): each report prints
    #: only its approved answers. Read and checked in the main process before any report is
    #: made; the tasks carry the decisions as data.
    open_answers_approved: Path | None = None
    #: A worker process is replaced after this many reports (bounds memory growth). Where
    #: reports are rendered in forked copies (`fork_per_report`, Linux) the worker itself
    #: does not grow after its first report; rendering in the worker, it grew by about
    #: 0.1 MB a report (658 to 664 MB over 60). Each new worker spends about a second
    #: loading fonts and warming Pango's caches: 500 keeps a full batch of 342 to the two
    #: workers it starts with, and memory bounded either way.
    max_tasks_per_child: int = 500
    #: Render every report after a worker's first in a forked copy of the worker (`run_task`).
    fork_per_report: bool = True
    #: ``module:function`` rendering one report; see `render_profile`.
    renderer: str = DEFAULT_RENDERER

    def settings(self) -> dict[str, Any]:
        data = asdict(self)
        data["out_dir"] = str(self.out_dir)
        data["template_dir"] = str(self.template_dir) if self.template_dir else None
        data["benchmark"] = str(self.benchmark) if self.benchmark else None
        data["open_answers_approved"] = (
            str(self.open_answers_approved) if self.open_answers_approved else None
        )
        data["report_date"] = self.report_date.isoformat() if self.report_date else None
        return data


@dataclass(frozen=True)
class Task:
    """One report to make: sent to a worker as plain data."""

    index: int
    municipality_code: str | None
    municipality_name: str | None
    wave: str | None
    output: str
    #: `ScoreResult` JSON with only this municipality in `municipalities`.
    result_json: str = ""
    #: (question id, text, group, respondent), when open answers are included.
    open_answers: tuple[OpenAnswerData, ...] = ()
    #: The reviewer's decisions for this report (`--open-answers-approved`), or None.
    approval: Approval | None = None

    @property
    def label(self) -> str:
        text = " ".join(p for p in (self.municipality_code, self.municipality_name) if p)
        return f"{text} (wave {self.wave})" if self.wave else text


@dataclass
class Outcome:
    """What became of one task."""

    index: int
    municipality_code: str | None
    municipality_name: str | None
    wave: str | None
    output: str
    status: str  # 'done' | 'failed' | 'cancelled'
    seconds: float = 0.0
    sha256: str | None = None
    bytes: int | None = None
    error: str | None = None
    problems: list[dict[str, Any]] = field(default_factory=list)


class Progress(Protocol):
    """Callbacks for a progress display (`quickscan.cli.compare.BatchProgressBar`)."""

    def start(self, total: int) -> None: ...

    def advance(self, outcome: Outcome, done: int, failed: int, total: int) -> None: ...

    def stop(self) -> None: ...


@dataclass
class BatchSummary:
    total: int
    done: int
    failed: int
    cancelled: int
    seconds: float
    interrupted: bool
    manifest: Path
    outcomes: list[Outcome]

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.cancelled == 0 and not self.interrupted

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


# --- planning -----------------------------------------------------------------------------


def output_name(municipality: MunicipalityResult) -> str:
    """'GM0363-amsterdam.pdf', 'GM0363-amsterdam-2024.pdf' (the report's own naming)."""
    from quickscan.report.document import default_output_name

    return default_output_name(municipality)


def plan(result: ScoreResult, out_dir: Path) -> list[tuple[MunicipalityResult, Path]]:
    """Every municipality and wave with its output file.

    Two municipalities whose names give the same file name (`Súdwest-Fryslân` and `Sudwest
    Fryslan` both become `sudwest-fryslan`; case does not count, as on many disks) are an
    error naming both: a silent `-2` would leave the reader guessing which is which.
    """
    seen: dict[str, MunicipalityResult] = {}
    planned: list[tuple[MunicipalityResult, Path]] = []
    problems: list[Problem] = []
    for municipality in result.municipalities:
        name = output_name(municipality)
        first = seen.setdefault(name.casefold(), municipality)
        if first is not municipality:
            problems.append(
                Problem(
                    code="output-names-collide",
                    message=f"{_label(first)} and {_label(municipality)} would both be "
                    f"written as {name}",
                    location=Location(file=str(out_dir / name)),
                    hint="give the municipalities distinct codes or names, or report on one "
                    "of them with --municipality",
                )
            )
        planned.append((municipality, out_dir / name))
    if problems:
        raise OutputError(problems=problems)
    return planned


def _label(municipality: MunicipalityResult) -> str:
    from quickscan.errors import excerpt

    text = " ".join(
        excerpt(p) for p in (municipality.municipality_code, municipality.municipality_name) if p
    )
    text = repr(text) if text else "a municipality without code or name"
    return f"{text} (wave {excerpt(municipality.wave)})" if municipality.wave else text


def single_result(result: ScoreResult, municipality: MunicipalityResult) -> ScoreResult:
    """`result` with one municipality: what a worker gets."""
    return result.model_copy(update={"municipalities": [municipality]})


# --- in the worker ------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(questionnaire_json: str, options: BatchOptions) -> None:
    from multiprocessing.util import Finalize

    from quickscan.report.pdf import release_shared_fonts

    # Ctrl-C belongs to the main process, which lets running reports finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM ends a worker at once (its temporary file is swept by the main process), and
    # so does the end of the process that started it: no report appears after the batch.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent()
    _WORKER["questionnaire"] = Questionnaire.model_validate_json(questionnaire_json)
    _WORKER["options"] = options
    _WORKER["renderer"] = load_renderer(options.renderer)
    # A worker ends with os._exit, which skips atexit: multiprocessing's own exit hook
    # lets the shared fonts go, so WeasyPrint deletes its temporary copies of them.
    Finalize(None, release_shared_fonts, exitpriority=0)
    # What the worker holds from here on (modules, questionnaire) lives until it exits:
    # out of the collector's sight, its passes only walk what a report makes.
    gc.freeze()


def _end_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent ends (PR_SET_PDEATHSIG).

    A worker's parent is the fork server, which exits when the main process does; so
    however the main process dies (even SIGKILL), its workers follow. Elsewhere a no-op.
    """
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
        if os.getppid() == 1:  # the parent already died before the request took hold
            os._exit(1)


def load_renderer(name: str) -> Callable[..., Any]:
    module, _, function = name.partition(":")
    renderer = getattr(importlib.import_module(module), function)
    assert callable(renderer)
    return renderer


def render_profile(
    result: ScoreResult,
    questionnaire: Questionnaire,
    output: Path,
    options: BatchOptions,
    open_answers: Sequence[OpenAnswerData] = (),
    approval: Approval | None = None,
) -> None:
    """The default renderer: the democracy profile of the one municipality in `result`."""
    profile_document(result, questionnaire, options, open_answers, approval).write_pdf(output)


def profile_document(
    result: ScoreResult,
    questionnaire: Questionnaire,
    options: BatchOptions,
    open_answers: Sequence[OpenAnswerData] = (),
    approval: Approval | None = None,
) -> Any:
    """The `ReportDocument` of the one municipality in `result`: the same `build_report`
    call, with the same redaction settings, as `quickscan report --municipality CODE`."""
    from quickscan.report import OpenAnswer, build_report
    from quickscan.report.redact import RedactionSettings

    municipality = result.municipalities[0]
    benchmark = _benchmark(options, questionnaire)
    return build_report(
        result,
        questionnaire,
        municipality=municipality.municipality_code or municipality.municipality_name,
        wave=municipality.wave,
        lang=options.lang,
        report_date=options.report_date,
        include_open_answers=options.include_open_answers,
        open_answers=[
            OpenAnswer(question=q, text=t, group=g, respondent=r) for q, t, g, r in open_answers
        ],
        template_dir=options.template_dir,
        charts=options.charts,
        benchmark=benchmark,
        redaction=RedactionSettings(keep_office_holders=options.keep_office_holder_names),
        approval=approval,
        pdf_variant=options.pdf_variant,
    )


def _benchmark(options: BatchOptions, questionnaire: Questionnaire) -> Benchmark | None:
    """The options' benchmark, read and checked once per process."""
    if options.benchmark is None:
        return None
    key = (
        "benchmark",
        str(options.benchmark),
        questionnaire.fingerprint,
        str(options.benchmark_any_wave),
    )
    if key not in _BENCHMARKS:
        _BENCHMARKS[key] = load_benchmark(
            options.benchmark, questionnaire, any_wave=options.benchmark_any_wave
        )
    return _BENCHMARKS[key]


_BENCHMARKS: dict[tuple[str, str, str, str], Benchmark] = {}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_task(task: Task) -> Outcome:
    """Render one report (in a worker). Never raises for a report that fails.

    A worker renders its first report itself, which loads the fonts and warms WeasyPrint's
    and Pango's caches; every later report is rendered in a forked copy of the warmed worker
    that exits as soon as the PDF is written (`runtime.call_in_child`). That copy skips
    collecting and freeing the millions of objects a WeasyPrint document leaves in
    reference cycles (a tenth or more of a report's time), and the worker's memory stays as it
    was after the first report. Where forking is not possible every report is rendered in
    the worker itself.
    """
    from quickscan.runtime import ChildFailed, call_in_child, can_fork

    if not (_WORKER.get("warm") and _WORKER["options"].fork_per_report and can_fork()):
        outcome = _render(task)
        _WORKER["warm"] = True
        return outcome
    started = time.perf_counter()
    try:
        return call_in_child(lambda: _render(task), setup=_end_with_parent)
    except ChildFailed as failure:
        # A crash (a signal, an abort in a C library) costs this one report, not the batch.
        outcome = _failed(task)
        outcome.seconds = time.perf_counter() - started
        outcome.error = f"internal error: {failure}"
        return outcome


def _failed(task: Task) -> Outcome:
    """The outcome of `task` until its report is written."""
    return Outcome(
        index=task.index,
        municipality_code=task.municipality_code,
        municipality_name=task.municipality_name,
        wave=task.wave,
        output=task.output,
        status="failed",
    )


def _render(task: Task) -> Outcome:
    started = time.perf_counter()
    outcome = _failed(task)
    try:
        result = ScoreResult.model_validate_json(task.result_json)
        output = Path(task.output)
        _WORKER["renderer"](
            result, _WORKER["questionnaire"], output, _WORKER["options"], task.open_answers,
            task.approval,
        )  # fmt: skip
        outcome.sha256 = sha256_file(output)
        outcome.bytes = output.stat().st_size
        outcome.status = "done"
    except QuickscanError as error:
        outcome.error = error.message
        outcome.problems = [p.to_dict() for p in error.problems]
    except Exception as exc:  # a bug in a renderer must not stop the other reports
        outcome.error = f"internal error: {type(exc).__name__}: {exc}"
    outcome.seconds = time.perf_counter() - started
    return outcome


# --- in the main process --------------------------------------------------------------------


#: Imported once in the fork server, so a fresh worker starts without importing them again
#: (this is what makes replacing workers every few reports cheap).
PRELOAD = (
    "quickscan.compare.batch",
    "quickscan.report.document",
    "quickscan.report.charts",
    "quickscan.report.render",
    "quickscan.report.pdf",
    "quickscan.report.tagged",
    "weasyprint",
    "pikepdf",
)


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Ignored once the fork server runs; a module that fails to import is skipped.
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


def run_batch(
    result: ScoreResult,
    questionnaire: Questionnaire,
    options: BatchOptions,
    *,
    inputs: Sequence[Path | str] = (),
    progress: Progress | None = None,
    open_answers: Callable[[MunicipalityResult], Sequence[OpenAnswerData]] | None = None,
    recorded_inputs: Sequence[InputFile] = (),
    approvals: Callable[[MunicipalityResult], Approval | None] | None = None,
) -> BatchSummary:
    """One report per municipality and wave of `result` into `options.out_dir`.

    `inputs` are the answer files (never overwritten); `open_answers` gives a municipality's
    open answers when they are included, `approvals` its reviewer's decisions when the
    answers were reviewed; `recorded_inputs` are files besides the answers that the
    manifest lists with their sha256 (the population file, the review workbooks). Returns
    a summary;
    raises KeyboardInterrupt after a clean stop on Ctrl-C, and ReportError when the worker
    pool itself breaks.
    """
    if options.jobs < 1:
        raise ReportError("--jobs must be at least 1")
    out_dir = Path(options.out_dir)
    _prepare_out_dir(out_dir)
    planned = plan(result, out_dir)
    for _, path in planned:
        check_output_path(path, inputs)
    check_output_path(out_dir / MANIFEST, inputs)

    started = time.perf_counter()
    outcomes: dict[int, Outcome] = {}
    total = len(planned)
    counts = {"done": 0, "failed": 0}
    interrupted = False
    broken: str | None = None

    def make_task(index: int) -> Task:
        municipality, path = planned[index]
        answers = tuple(open_answers(municipality)) if open_answers else ()
        return Task(
            index=index,
            municipality_code=municipality.municipality_code,
            municipality_name=municipality.municipality_name,
            wave=municipality.wave,
            output=str(path),
            result_json=single_result(result, municipality).model_dump_json(),
            open_answers=answers,
            approval=approvals(municipality) if approvals else None,
        )

    terminated = False
    wall_start = time.time()
    if progress:
        progress.start(total)
    try:
        with _terminate_raises():
            pool: ProcessPoolExecutor | None = None
            try:
                if total:
                    pool = ProcessPoolExecutor(
                        max_workers=min(options.jobs, total),
                        mp_context=_context(),
                        initializer=_init_worker,
                        initargs=(questionnaire.model_dump_json(), options),
                        max_tasks_per_child=options.max_tasks_per_child,
                    )
                    interrupted, broken = _drive(
                        pool, make_task, total, options, outcomes, counts, progress
                    )
                    pool.shutdown(wait=True)
            except Terminated:
                terminated = interrupted = True
                if pool is not None:
                    _end_workers(pool)
            except BaseException:
                if pool is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        if progress:
            progress.stop()
        _sweep_temporary(out_dir, [path for _, path in planned])
    if terminated:
        # A report a worker finished in the moment before it was ended is complete (it was
        # moved into place in one step): record it rather than leave it unlisted.
        _adopt_finished(planned, outcomes, counts, wall_start)

    for index, (municipality, path) in enumerate(planned):
        if index not in outcomes:
            outcomes[index] = Outcome(
                index=index,
                municipality_code=municipality.municipality_code,
                municipality_name=municipality.municipality_name,
                wave=municipality.wave,
                output=str(path),
                status="cancelled",
            )
    ordered = [outcomes[i] for i in range(total)]
    summary = BatchSummary(
        total=total,
        done=counts["done"],
        failed=counts["failed"],
        cancelled=sum(o.status == "cancelled" for o in ordered),
        seconds=time.perf_counter() - started,
        interrupted=interrupted,
        manifest=out_dir / MANIFEST,
        outcomes=ordered,
    )
    with _terminate_deferred() as late:  # the manifest is written whatever arrives now
        write_manifest(summary, result, options, inputs, recorded_inputs)
    if terminated or late:
        raise Terminated
    if interrupted:
        raise KeyboardInterrupt
    if broken is not None:
        raise ReportError(
            problems=[
                Problem(
                    code="batch-workers-failed",
                    message=f"the report workers stopped unexpectedly: {broken}",
                    location=Location(file=str(summary.manifest)),
                    hint="the manifest lists the reports that were made; try fewer --jobs",
                )
            ]
        )
    return summary


def _drive(
    pool: ProcessPoolExecutor,
    make_task: Callable[[int], Task],
    total: int,
    options: BatchOptions,
    outcomes: dict[int, Outcome],
    counts: dict[str, int],
    progress: Progress | None,
) -> tuple[bool, str | None]:
    """Hand out tasks, a small window at a time; returns (interrupted, broken pool)."""
    window = max(2, options.jobs * 2)
    next_index = 0
    in_flight: dict[Future[Outcome], int] = {}
    stop = False
    interrupted = False
    broken: str | None = None

    def submit() -> None:
        nonlocal next_index
        if stop or next_index >= total:
            return
        index = next_index
        next_index += 1
        in_flight[pool.submit(run_task, make_task(index))] = index

    for _ in range(window):
        submit()
    while in_flight:
        try:
            finished, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
        except KeyboardInterrupt:
            # Stop handing out work; the running reports finish (workers ignore SIGINT).
            stop = interrupted = True
            for future in list(in_flight):
                if future.cancel():
                    in_flight.pop(future)
            continue
        for future in finished:
            index = in_flight.pop(future)
            try:
                outcome = future.result()
            except BrokenProcessPool as exc:
                broken = str(exc) or "a worker process died"
                stop = True
                continue
            outcomes[index] = outcome
            counts["done" if outcome.status == "done" else "failed"] += 1
            if progress:
                progress.advance(outcome, counts["done"], counts["failed"], total)
            if outcome.status == "failed" and not options.keep_going:
                stop = True
                for waiting in list(in_flight):
                    if waiting.cancel():
                        in_flight.pop(waiting)
            submit()
    return interrupted, broken


@contextlib.contextmanager
def _terminate_raises() -> Any:
    """While the batch runs, SIGTERM raises `Terminated` in the main thread (like Ctrl-C)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _terminate_deferred() -> Any:
    """Hold SIGTERM back while the manifest is written; yields a list that is non-empty
    when one arrived (the caller then raises `Terminated`)."""
    import threading

    arrived: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield arrived
        return
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: arrived.append(signum))
    try:
        yield arrived
    finally:
        signal.signal(signal.SIGTERM, previous)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """End every worker now (SIGTERM, then SIGKILL for one that lingers) and the pool."""
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
    with contextlib.suppress(Exception):
        pool.shutdown(wait=True, cancel_futures=True)


def _adopt_finished(
    planned: Sequence[tuple[MunicipalityResult, Path]],
    outcomes: dict[int, Outcome],
    counts: dict[str, int],
    since: float,
) -> None:
    for index, (municipality, path) in enumerate(planned):
        if index in outcomes:
            continue
        try:
            info = path.stat()
        except OSError:
            continue
        if info.st_mtime + 1 < since:
            continue  # an older report from an earlier batch
        outcomes[index] = Outcome(
            index=index,
            municipality_code=municipality.municipality_code,
            municipality_name=municipality.municipality_name,
            wave=municipality.wave,
            output=str(path),
            status="done",
            sha256=sha256_file(path),
            bytes=info.st_size,
        )
        counts["done"] += 1


def _prepare_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(
            problems=[
                Problem(
                    code="out-dir-not-a-folder",
                    message="the output folder is a file",
                    location=Location(file=str(out_dir)),
                    hint="give a folder for --out-dir",
                )
            ]
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            problems=[
                Problem(
                    code="out-dir-failed",
                    message=f"cannot create the output folder: {exc.strerror or exc}",
                    location=Location(file=str(out_dir)),
                )
            ]
        ) from exc


def _sweep_temporary(out_dir: Path, outputs: Sequence[Path]) -> None:
    """Remove temporary files `atomic_output` left for our outputs (a killed worker)."""
    names = {path.name for path in outputs} | {MANIFEST}
    for candidate in out_dir.glob(".*.part"):
        stem = candidate.name[1:]
        if any(stem.startswith(name + ".") for name in names):
            with contextlib.suppress(FileNotFoundError):
                candidate.unlink()


def versions() -> dict[str, str]:
    def of(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "not installed"

    return {
        "quickscan": quickscan.__version__,
        "python": platform.python_version(),
        "weasyprint": of("weasyprint"),
        "matplotlib": of("matplotlib"),
        "jinja2": of("jinja2"),
    }


def write_manifest(
    summary: BatchSummary,
    result: ScoreResult,
    options: BatchOptions,
    inputs: Sequence[Path | str] = (),
    recorded_inputs: Sequence[InputFile] = (),
) -> None:
    """`manifest.json`: what went in, what came out (with sha256), versions and settings.

    `settings.weights` says which weights the scores use (as `score --format json`'s
    `weights`); `recorded_inputs` (the population file) follow the answer files in `inputs`.
    """
    out_dir = Path(options.out_dir)

    def relative(path: str) -> str:
        try:
            return os.path.relpath(path, out_dir)
        except ValueError:  # pragma: no cover - another drive on Windows
            return path

    def entry(outcome: Outcome) -> dict[str, Any]:
        data: dict[str, Any] = {
            "municipality_code": outcome.municipality_code,
            "municipality_name": outcome.municipality_name,
            "wave": outcome.wave,
            "file": relative(outcome.output),
        }
        if outcome.status == "done":
            data.update(
                sha256=outcome.sha256, bytes=outcome.bytes, seconds=round(outcome.seconds, 3)
            )
        elif outcome.status == "failed":
            data.update(error=outcome.error, problems=outcome.problems)
        return data

    manifest = {
        "format": "quickscan-batch-manifest",
        "format_version": 1,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": versions(),
        "questionnaire": result.questionnaire.model_dump(mode="json"),
        "settings": {
            "scoring": result.settings.model_dump(mode="json"),
            "batch": options.settings(),
            "weights": result.weights.model_dump(mode="json"),
        },
        "inputs": [f.model_dump(mode="json") for f in [*result.inputs, *recorded_inputs]],
        "summary": {
            "total": summary.total,
            "done": summary.done,
            "failed": summary.failed,
            "cancelled": summary.cancelled,
            "interrupted": summary.interrupted,
            "seconds": round(summary.seconds, 2),
        },
        "outputs": [entry(o) for o in summary.outcomes if o.status == "done"],
        "failed": [entry(o) for o in summary.outcomes if o.status == "failed"],
        "cancelled": [entry(o) for o in summary.outcomes if o.status == "cancelled"],
    }
    write_text_atomic(
        summary.manifest, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", inputs
    )


def report_each(
    answers: Sequence[Path | str],
    questionnaire: Questionnaire | str | Path,
    options: BatchOptions,
    *,
    extra: Path | str | None = None,
    municipality: str | None = None,
    wave: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    population: Path | str | None = None,
    weights: str | None = None,
    weight_cap: float | None = None,
) -> BatchSummary:
    """`quickscan report INPUTS --each`: read and score once, then one report per
    municipality and wave (only those matching `municipality` / `wave` when given).

    `population`, `weights` and `weight_cap` as `api.weighting_for`: the weights are
    computed here, once, with the scores; each municipality's representativeness and
    weighted figures then travel in its task's `ScoreResult` like every other number.
    With `options.open_answers_approved` (a folder of reviewed workbooks, see
    `batch_review`) every workbook is read and checked here, all problems of all of them
    in one ReportError, before any report is made.

    Inputs may be files, folders or globs (as for `quickscan compare`); the same file twice
    is refused. Must run under ``if __name__ == "__main__":`` when called from a script
    (the workers import the main module).
    """
    from quickscan.questionnaire import load_questionnaire

    q = (
        questionnaire
        if isinstance(questionnaire, Questionnaire)
        else load_questionnaire(questionnaire, extra=extra)
    )
    if options.benchmark is not None:
        _benchmark(options, q)  # a benchmark of another questionnaire: refused before scoring
    files, answer_set, chosen = read_and_select(
        answers, q, municipality=municipality, wave=wave, delimiter=delimiter, sheet=sheet,
        population=population, weights=weights, weight_cap=weight_cap,
    )  # fmt: skip
    benchmark = _benchmark(options, q)
    if benchmark is not None:
        # A benchmark of another wave: one error for the batch, before any report is made.
        refuse_other_waves(benchmark, [m.wave for m in chosen.municipalities])
    source = open_answer_source(answer_set) if options.include_open_answers else None
    approvals: dict[tuple[str, str], Approval] = {}
    reviews: list[InputFile] = []
    if options.open_answers_approved is not None:
        from quickscan.compare.batch_review import read_reviews
        from quickscan.report.redact import RedactionSettings

        approvals, reviews = read_reviews(
            answer_set, q, chosen, options.open_answers_approved,
            lang=options.lang,
            settings=RedactionSettings(keep_office_holders=options.keep_office_holder_names),
        )  # fmt: skip
    del answer_set  # the workers get plain per-municipality data; free the big frames
    return run_batch(
        chosen,
        q,
        options,
        inputs=[
            *files,
            *([Path(extra)] if extra else []),
            *([Path(options.benchmark)] if options.benchmark else []),
            *([Path(population)] if population is not None else []),
            *(Path(review.file) for review in reviews),
        ],
        progress=progress,
        open_answers=source,
        recorded_inputs=[
            *([_input_file(Path(population))] if population is not None else []),
            *reviews,
        ],
        approvals=(lambda m: approvals.get(m.key)) if options.open_answers_approved else None,
    )


def read_and_select(
    answers: Sequence[Path | str],
    q: Questionnaire,
    *,
    municipality: str | None = None,
    wave: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    population: Path | str | None = None,
    weights: str | None = None,
    weight_cap: float | None = None,
) -> tuple[list[Path], Any, ScoreResult]:
    """Read and score the inputs once: (the answer files, the AnswerSet, the result with
    only the municipalities and waves asked for)."""
    from quickscan.api import read_files, weighting_for
    from quickscan.compare.inputs import expand_inputs
    from quickscan.scoring import score

    files = expand_inputs(answers)
    answer_set = read_files(files, q, delimiter=delimiter, sheet=sheet)
    chosen_weights = weighting_for(
        answer_set, q, population=population, weights=weights, cap=weight_cap
    )
    result = score(answer_set, q, weights=chosen_weights)
    return list(files), answer_set, select(result, municipality, wave)


def _input_file(path: Path) -> InputFile:
    """A file besides the answers as the manifest lists it: name, data rows, sha256."""
    with path.open("rb") as handle:
        lines = sum(1 for line in handle if line.strip())
    return InputFile(file=str(path), rows=max(lines - 1, 0), sha256=sha256_file(path))


def select(result: ScoreResult, municipality: str | None, wave: str | None) -> ScoreResult:
    """The municipalities (and waves) of `result` to report on; an error when none match."""
    if municipality is None and wave is None:
        return result
    wanted = municipality.strip().casefold() if municipality else None
    chosen = [
        m
        for m in result.municipalities
        if (
            wanted is None
            or wanted
            in ((m.municipality_code or "").casefold(), (m.municipality_name or "").casefold())
        )
        and (wave is None or (m.wave or "") == wave)
    ]
    if not chosen:
        from quickscan.errors import excerpt

        shown = result.municipalities[:10]  # a long file is summarised, not listed in full
        found = "; ".join(
            " ".join(excerpt(p) for p in (m.municipality_code, m.municipality_name, m.wave) if p)
            for m in shown
        ) + (
            f"; and {len(result.municipalities) - 10} more"
            if len(result.municipalities) > 10
            else ""
        )
        raise UsageError(
            problems=[
                Problem(
                    code="municipality-not-found",
                    message="no municipality "
                    + (f"{excerpt(municipality)!r} " if municipality else "")
                    + (f"in wave {excerpt(wave)!r} " if wave else "")
                    + f"in the answers; found: {found}",
                    hint="leave out --municipality/--wave to report on every municipality",
                )
            ]
        )
    return result.model_copy(update={"municipalities": chosen})


def open_answer_source(
    answer_set: Any,
) -> Callable[[MunicipalityResult], list[OpenAnswerData]]:
    """Every municipality's open answers from an AnswerSet, grouped in one pass.

    Returns a look-up for `run_batch(open_answers=...)`: (question id, text, group,
    respondent) as `report.open_answers_from` gives them for one report, respondent ids
    included, so an answer's key in a review workbook is the single report's key.
    """
    respondents = answer_set.respondents
    answers = answer_set.open_answers
    grouped: dict[tuple[str, str], list[OpenAnswerData]] = {}
    if answers is None or len(answers) != len(respondents) or len(answers) == 0:
        return lambda municipality: []
    codes = [_text(v) for v in respondents["municipality_code"].tolist()]
    names = [_text(v) for v in respondents["municipality_name"].tolist()]
    waves = [_text(v) for v in respondents["wave"].tolist()]
    groups = [_text(v) for v in respondents["group"].tolist()]
    ids = [_text(v) for v in respondents["respondent_id"].tolist()]
    rows = respondents["row"].tolist()
    columns = [c for c in answers.columns if c != "respondent_id"]
    values = {c: answers[c].tolist() for c in columns}
    for position in range(len(respondents)):
        key = (codes[position] or names[position] or "", waves[position] or "")
        # As open_answers_from: without an id, the row keeps the answer's key apart.
        respondent = ids[position] or f"row {rows[position]}"
        for column in columns:
            text = values[column][position]
            if isinstance(text, str) and text.strip():
                group = groups[position]
                grouped.setdefault(key, []).append(
                    (column, text, str(group) if group else None, respondent)
                )

    def source(municipality: MunicipalityResult) -> list[OpenAnswerData]:
        return grouped.get(municipality.key, [])

    return source


def _text(value: Any) -> str | None:
    """A frame cell as text; None for None, NaN and pandas' missing values."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return None
    text = str(value)
    return text or None
