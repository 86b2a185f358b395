"""The review of open answers for a batch: one workbook per municipality, in one folder.

    quickscan report answers/ --each --open-answers-review reviews/      # 1. write
    quickscan report answers/ --each --open-answers-approved reviews/    # 2. publish

Each workbook is exactly the one `quickscan report --municipality CODE
--open-answers-review FILE` writes, named like that municipality's PDF
(`GM9901-wolderveen-2026.xlsx` next to `GM9901-wolderveen-2026.pdf`). One workbook per
municipality rather than one with a municipality column, because the review is done per
municipality: the person who knows which names are local office holders and which streets
are in town is that municipality's griffier, and a workbook can be sent to them without
handing them the answers (personal data) of the other municipalities. A single workbook
and a batch workbook are interchangeable, and the folder shows at a glance whose review is
missing.

Reading back checks every workbook before any report is made, and reports all problems of
all workbooks together (exit 6), each with its workbook, sheet, cell, row and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quickscan.compare.batch import plan, read_and_select, sha256_file
from quickscan.errors import Location, OutputError, Problem, QuickscanError, ReportError
from quickscan.questionnaire.models import Questionnaire
from quickscan.report.open_answers import Approval
from quickscan.report.redact import RedactionSettings
from quickscan.results import InputFile, MunicipalityResult, ScoreResult

SUFFIX = ".xlsx"


@dataclass(frozen=True)
class WrittenReview:
    """One workbook of a batch review: whose, where, how many answers to read."""

    municipality: MunicipalityResult
    path: Path
    answers: int


def review_files(result: ScoreResult, folder: Path) -> list[tuple[MunicipalityResult, Path]]:
    """Every municipality and wave with its workbook: the PDF's name, ending in .xlsx.

    Names that collide are the same error as for the PDFs (`batch.plan`)."""
    return [(m, path.with_suffix(SUFFIX)) for m, path in plan(result, folder)]


def _review_folder(folder: Path) -> None:
    """Create the folder readable by its owner only: the workbooks are personal data."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            problems=[
                Problem(
                    code="review-folder-not-a-folder",
                    message="with --each the review is a folder, one workbook per "
                    "municipality; this is a file",
                    location=Location(file=str(folder)),
                    hint="give a folder, e.g. --open-answers-review reviews/",
                )
            ]
        )
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            problems=[
                Problem(
                    code="review-folder-failed",
                    message=f"cannot create the review folder: {exc.strerror or exc}",
                    location=Location(file=str(folder)),
                )
            ]
        ) from exc


def write_reviews(
    answer_set: Any,
    q: Questionnaire,
    result: ScoreResult,
    folder: Path,
    *,
    lang: str = "nl",
    settings: RedactionSettings | None = None,
    inputs: Sequence[Path | str] = (),
    created: dt.date | None = None,
) -> list[WrittenReview]:
    """One review workbook per municipality and wave of `result` into `folder`.

    A municipality without open answers gets a workbook too (with no rows), as the single
    review step writes one: reading it back then approves nothing and refuses nothing.
    """
    from quickscan.output import check_output_path
    from quickscan.report.open_answers_review import write_review_for

    planned = review_files(result, folder)
    _review_folder(folder)
    for _, path in planned:
        check_output_path(path, inputs)
    written = []
    for municipality, path in planned:
        count = write_review_for(
            answer_set, q, municipality, path, lang=lang,
            settings=settings or RedactionSettings(), inputs=inputs, created=created,
        )  # fmt: skip
        written.append(WrittenReview(municipality, path, count))
    return written


def read_reviews(
    answer_set: Any,
    q: Questionnaire,
    result: ScoreResult,
    folder: Path,
    *,
    lang: str = "nl",
    settings: RedactionSettings | None = None,
) -> tuple[dict[tuple[str, str], Approval], list[InputFile]]:
    """Every municipality's approvals (by `MunicipalityResult.key`) and the workbooks read,
    as the manifest lists them (rows: the answers in the workbook).

    Each workbook is checked as `open_answers_review.read_review` checks a single one; a
    missing workbook is refused as a missing single review file is. All problems of all
    workbooks are raised together as one ReportError (exit 6).
    """
    from quickscan.report.open_answers_review import read_review_for

    if not folder.is_dir():
        raise ReportError(
            problems=[
                Problem(
                    code="review-missing",
                    message="the review folder does not exist"
                    if not folder.exists()
                    else "with --each the approved reviews are a folder; this is a file",
                    location=Location(file=str(folder)),
                    hint="write it first with --each --open-answers-review FOLDER",
                )
            ]
        )
    approvals: dict[tuple[str, str], Approval] = {}
    files: list[InputFile] = []
    problems: list[Problem] = []
    for municipality, path in review_files(result, folder):
        try:
            approval = read_review_for(
                answer_set, q, municipality, path, lang=lang,
                settings=settings or RedactionSettings(),
            )  # fmt: skip
        except QuickscanError as error:
            problems.extend(error.problems)
            continue
        approvals[municipality.key] = approval
        files.append(
            InputFile(file=str(path), rows=len(approval.reviewed), sha256=sha256_file(path))
        )
    if problems:
        raise ReportError(
            f"{len({p.location.file for p in problems})} review workbook(s) cannot be used",
            problems=problems,
        )
    return approvals, files


def review_each(
    answers: Sequence[Path | str],
    questionnaire: Questionnaire | str | Path,
    folder: Path,
    *,
    extra: Path | str | None = None,
    municipality: str | None = None,
    wave: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    lang: str = "nl",
    keep_office_holder_names: bool = False,
    created: dt.date | None = None,
) -> list[WrittenReview]:
    """`quickscan report INPUTS --each --open-answers-review FOLDER`: read once, then one
    review workbook per municipality and wave; no report is rendered."""
    from quickscan.questionnaire import load_questionnaire

    q = (
        questionnaire
        if isinstance(questionnaire, Questionnaire)
        else load_questionnaire(questionnaire, extra=extra)
    )
    files, answer_set, chosen = read_and_select(
        answers, q, municipality=municipality, wave=wave, delimiter=delimiter, sheet=sheet
    )
    return write_reviews(
        answer_set, q, chosen, folder, lang=lang,
        settings=RedactionSettings(keep_office_holders=keep_office_holder_names),
        inputs=[*files, *([Path(extra)] if extra else [])], created=created,
    )  # fmt: skip


__all__ = ["WrittenReview", "read_reviews", "review_each", "review_files", "write_reviews"]
