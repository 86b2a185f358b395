"""The I/O edge of response monitoring: answer files (+ invited.csv) -> StatusReport.

`quickscan status --format json` prints exactly `status_files(...)[0].model_dump(mode="json")`.
Reading never stops at bad rows or cells: `check_answers` keeps what is usable, and every
problem is returned next to the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quickscan.errors import Problem
from quickscan.fieldwork.status import InvitedCount, StatusReport, build_status
from quickscan.questionnaire.models import Questionnaire


def status_files(
    answers: Sequence[Path | str],
    questionnaire: Questionnaire,
    *,
    invited: Path | str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    min_group_size: int | None = None,
) -> tuple[StatusReport | None, list[Problem]]:
    """The fieldwork overview and every problem; None when no respondent could be read."""
    from quickscan.answers import check_answers
    from quickscan.fieldwork.invited import read_invited

    answer_set, problems = check_answers(
        [Path(p) for p in answers], questionnaire, delimiter=delimiter, sheet=sheet, strict=False
    )
    problems = list(problems)
    if answer_set is not None:
        problems += [p for p in answer_set.problems if p not in problems]
    counts: list[InvitedCount] = []
    if invited is not None:
        # The invited file is usually made apart from the answers: detect its own delimiter.
        counts, invited_problems = read_invited(Path(invited), questionnaire)
        problems += invited_problems
    has_errors = any(p.severity == "error" for p in problems)
    if answer_set is None or (len(answer_set) == 0 and has_errors):
        return None, problems
    report = build_status(
        answer_set, questionnaire, invited=counts, problems=problems, min_group_size=min_group_size
    )
    return report, problems
