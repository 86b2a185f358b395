"""`quickscan status`: how the fieldwork is going, while the scan is still open.

Works on partial and messy files: problems are counted and a short excerpt goes to stderr,
the overview still goes to stdout. Exit 0 when an overview could be made (even if some rows
or cells have problems), 4 only when not a single respondent could be read.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.table import Table

from quickscan import console
from quickscan.cli.app import app, command_errors
from quickscan.cli.options import (
    AnswersArgument,
    DelimiterOption,
    ExtraOption,
    Lang,
    LangOption,
    MaxRowsOption,
    QuestionnaireRef,
    SheetOption,
    answer_files,
    delimiter_value,
)
from quickscan.console import escape
from quickscan.errors import AnswersError, Problem

if TYPE_CHECKING:
    from quickscan.fieldwork.status import GroupStatus, MunicipalityStatus, StatusReport
    from quickscan.questionnaire import Questionnaire

#: Problems shown one by one on stderr; the rest are only counted.
PROBLEM_EXCERPT = 10
#: Width of the longest bar of the per-day chart, in characters.
BAR_WIDTH = 40


class StatusFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("status")
@command_errors
def status_command(
    answers: AnswersArgument,
    questionnaire: QuestionnaireRef = "qsld",
    extra: ExtraOption = None,
    invited: Annotated[
        Path | None,
        typer.Option(
            "--invited",
            help="CSV with municipality_code, group, invited: adds response rates.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", help="table for people, json for tools.")
    ] = StatusFormat.table,
    min_group_size: Annotated[
        int | None,
        typer.Option("--min-group-size", min=1, help="Warn for groups smaller than this."),
    ] = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    max_rows: MaxRowsOption = None,
    lang: LangOption = Lang.nl,
) -> None:
    """Response so far per municipality, wave and group: completion, gaps, reminders due.

    Exit 0 when the overview could be made, even if the data has problems (they are counted
    on stderr; `quickscan check` lists them all); 4 when no respondent could be read.

    \b
    Examples:
      quickscan status fieldwork.csv --invited invited.csv
    """
    from quickscan.fieldwork.monitor import status_files
    from quickscan.questionnaire import load_questionnaire

    q = load_questionnaire(questionnaire, extra=extra)
    report, problems = status_files(
        answer_files(answers),
        q,
        invited=invited,
        delimiter=delimiter_value(delimiter),
        sheet=sheet,
        min_group_size=min_group_size,
    )
    _print_problem_excerpt(problems)
    if report is None:
        raise AnswersError(
            "no respondent could be read from the answer files",
            hint="run `quickscan check` on them for every problem",
        )
    if output_format is StatusFormat.json:
        typer.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print_report(report, q, lang.value)


def _print_problem_excerpt(problems: list[Problem]) -> None:
    if not problems:
        return
    err = console.stderr()
    console.print_problems(problems[:PROBLEM_EXCERPT], err)
    errors = sum(1 for p in problems if p.severity == "error")
    summary = f"{errors} error(s), {len(problems) - errors} warning(s) in the input data"
    if len(problems) > PROBLEM_EXCERPT:
        summary += f" ({len(problems) - PROBLEM_EXCERPT} not shown; `quickscan check` lists all)"
    summary += "; rows or cells with errors are left out of the overview"
    err.print(f"[yellow]{escape(summary)}[/yellow]")


def _percent(value: float | None) -> str:
    from quickscan.results import display

    return f"{display(value * 100, 0)}%" if value is not None else ""


def _rate(rate: float | None, low: float | None, high: float | None, lang: str) -> str:
    """'31% (23–40%)': a response rate and its Wilson 95% interval (n = invited)."""
    from quickscan.report.i18n import format_percent_with_interval

    return format_percent_with_interval(rate, low, high, lang)


def _print_report(report: StatusReport, q: Questionnaire, lang: str) -> None:
    out = console.stdout()
    rules = report.rules
    out.print(
        f"[dim]questionnaire {escape(report.questionnaire.id)} "
        f"{escape(report.questionnaire.version)}; groups under {rules.min_group_size} "
        "respondents are suppressed. compl. = share of the group's items answered (don't "
        "know counts as answered); low 10% = its 10th percentile; rate = respondents / invited "
        "with its 95% interval (Wilson)[/dim]"
    )
    if not report.municipalities:
        out.print("no respondents yet")
    for municipality in report.municipalities:
        _print_municipality(municipality, q, lang)


def _print_municipality(m: MunicipalityStatus, q: Questionnaire, lang: str) -> None:
    out = console.stdout()
    title = " ".join(
        escape(part)
        for part in (
            m.municipality_code,
            m.municipality_name,
            f"wave {m.wave}" if m.wave else None,
        )
        if part
    )
    response = f"{m.respondents} respondent{'s' if m.respondents != 1 else ''}"
    if m.invited is not None:
        rate = _rate(m.response_rate, m.response_rate_ci_low, m.response_rate_ci_high, lang)
        response += f" of {m.invited} invited: rate {rate}"
    # Short headers, no vertical rules and two spaces between columns: the table, response
    # rates with their intervals included, fits an 80-column terminal.
    grid = Table(
        title=f"[bold]{title}[/bold]  {escape(response)}",
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        padding=(0, 1, 0, 0),
        pad_edge=False,
    )
    grid.add_column("group", no_wrap=True)
    if m.invited is None:
        grid.add_column("resp.", justify="right")
    else:
        # "37/120", then "31% (23–40%)": respondents of invited reads as the rate it gives.
        grid.add_column("resp./\ninvited", justify="right", no_wrap=True)
        grid.add_column("rate\n(95%)", justify="right", no_wrap=True)
    grid.add_column("compl.\nmedian", justify="right")
    grid.add_column("compl.\nlow 10%", justify="right")
    grid.add_column("don't\nknow", justify="right")
    grid.add_column("status")
    for g in m.groups:
        cells = [escape(q.group(g.group).label.get(lang))]
        if m.invited is None:
            cells.append(str(g.respondents))
        else:
            invited = f"/{g.invited}" if g.invited is not None else ""
            cells.append(f"{g.respondents}{invited}")
            cells.append(
                _rate(g.response_rate, g.response_rate_ci_low, g.response_rate_ci_high, lang)
            )
        cells += [
            _percent(g.completion_median),
            _percent(g.completion_p10),
            _percent(g.dont_know_share),
            _status_cell(g, m),
        ]
        grid.add_row(*cells)
    out.print(grid)
    for warning in m.warnings:
        out.print(f"  [yellow]warning[/yellow]: {escape(warning.message)}")
    if m.per_day:
        _print_per_day(m)
    out.print()


def _status_cell(g: GroupStatus, m: MunicipalityStatus) -> str:
    codes = {w.code for w in m.warnings if w.group == g.group}
    parts = []
    if "no-respondents" in codes:
        parts.append(f"[yellow]none yet, {g.needed} needed[/yellow]")
    elif g.suppressed:
        parts.append(f"[yellow]{g.needed} more needed[/yellow]")
    if g.stopping_halfway:
        parts.append("[yellow]stops halfway[/yellow]")
    if "more-than-invited" in codes:
        parts.append("[yellow]more than invited[/yellow]")
    if not parts and g.respondents:
        parts.append("[green]ok[/green]")
    return ", ".join(parts)


def _print_per_day(m: MunicipalityStatus) -> None:
    out = console.stdout()
    days = m.per_day or []
    most = max(d.count for d in days) or 1
    undated = f" ({m.undated} without a date)" if m.undated else ""
    out.print(f"  [bold]Responses per day[/bold]{undated}")
    for day in days:
        length = round(day.count / most * BAR_WIDTH)
        bar = "█" * length if length else ("▏" if day.count else "")
        out.print(f"  {day.date} [cyan]{bar}[/cyan] {day.count}")
