"""Terminal output: results on stdout, messages on stderr, all through rich.

Only this module and the `cli` package import rich. Consoles are created per call so that
Typer's test runner, which swaps sys.stdout/sys.stderr, sees everything.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from quickscan.errors import Problem, QuickscanError
from quickscan.rounding import display

if TYPE_CHECKING:
    from quickscan.questionnaire import Questionnaire
    from quickscan.results import AreaResult, GroupScore, MunicipalityWeighting, ScoreResult


def stdout() -> Console:
    # soft_wrap: long lines are not broken, so messages stay greppable.
    return Console(file=sys.stdout, soft_wrap=True, highlight=False)


def stderr() -> Console:
    return Console(file=sys.stderr, soft_wrap=True, highlight=False)


def print_problems(problems: Iterable[Problem], console: Console | None = None) -> None:
    """One line per problem: 'error: file:12:3 (path): message (hint)'."""
    console = console or stderr()
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        console.print(f"[{style}]{problem.severity}[/{style}]: {escape(str(problem))}")


def print_error(error: QuickscanError) -> None:
    console = stderr()
    errors = [p for p in error.problems if p.severity == "error"]
    warnings = [p for p in error.problems if p.severity != "error"]
    print_problems(error.problems, console)
    if not error.problems:
        console.print(f"[red]error[/red]: {escape(error.message)}")
    summary = error.title
    if errors or warnings:
        summary += f": {len(errors)} error(s), {len(warnings)} warning(s)"
    if error.hint:
        summary += f". {error.hint}"
    console.print(f"[bold red]{escape(summary)}[/bold red]")


def print_internal_error(exc: BaseException) -> None:
    stderr().print(
        f"[bold red]internal error[/bold red]: {escape(type(exc).__name__)}: {escape(str(exc))}\n"
        "This is a bug in quickscan. Run the command again with --debug for the traceback "
        "and report it."
    )


def info(message: str) -> None:
    stderr().print(escape(message))


def success(message: str) -> None:
    stderr().print(f"[green]{escape(message)}[/green]")


def table(title: str | None, columns: list[str], rows: Iterable[list[str]]) -> Table:
    result = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        result.add_column(column)
    for row in rows:
        result.add_row(*[escape(cell) for cell in row])
    return result


# --- score results ----------------------------------------------------------------------------


def _cell(score: GroupScore, band_colours: dict[str, str]) -> str:
    """'6.3 (25)': the score in its band colour and n; '–' for a suppressed cell."""
    if score.suppressed:
        return "[dim]–[/dim]"
    if score.score is None:
        return "[dim]·[/dim]"
    colour = band_colours.get(score.band or "", "")
    value = f"[{colour}]{display(score.score)}[/{colour}]" if colour else display(score.score)
    return f"{value} [dim]({score.n})[/dim]{_QUALITY_MARK.get(score.quality or '', '')}"


#: Marks after a score that is not 'betrouwbaar' (docs/methodology.md, quality label).
_QUALITY_MARK = {"indicatief": " [yellow]~[/yellow]", "te weinig respons": " [red]?[/red]"}


def print_score_result(result: ScoreResult, questionnaire: Questionnaire, lang: str = "nl") -> None:
    """One table per municipality and wave: areas x groups, combined, overall, notables."""
    out = stdout()
    band_colours = {band.id: band.colour for band in questionnaire.bands}
    group_labels = {group.id: group.label.get(lang) for group in questionnaire.groups}
    out.print(
        f"[dim]questionnaire {escape(result.questionnaire.id)} "
        f"{escape(result.questionnaire.version)} ({escape(result.questionnaire.fingerprint)}); "
        f"weighting {result.settings.weighting}; groups under "
        f"{result.settings.min_group_size} respondents are suppressed[/dim]"
    )
    out.print(f"[dim]{escape(_weights_line(result, questionnaire, lang))}[/dim]")
    for municipality in result.municipalities:
        title = " ".join(
            escape(part)
            for part in (
                municipality.municipality_code,
                municipality.municipality_name,
                f"wave {municipality.wave}" if municipality.wave else None,
            )
            if part
        )
        response = ", ".join(
            f"{group_labels.get(r.group, r.group)} {r.respondents}"
            + (" (suppressed)" if r.suppressed else "")
            for r in municipality.response
        )
        grid = Table(
            title=f"[bold]{title}[/bold]  {municipality.respondents} respondents: "
            f"{escape(response)}",
            title_justify="left",
            header_style="bold",
            caption="score 0-10 (n respondents); – suppressed (too few respondents); · no score; "
            "~ indicatief, ? te weinig respons (otherwise betrouwbaar); alpha [Feldt 95%] "
            "and omega",
            caption_justify="left",
        )
        grid.add_column("area")
        for group in questionnaire.groups:
            grid.add_column(escape(group.id), justify="right")
        grid.add_column("combined", justify="right")
        grid.add_column("band")
        grid.add_column("alpha", justify="right")
        for area in municipality.areas:
            definition = questionnaire.area(area.area)
            by_group = {g.group: g for g in area.groups}
            band = questionnaire.band_for(area.combined.score)
            grid.add_row(
                f"{area.number} {escape(definition.short(lang))}",
                *[_cell(by_group[g.id], band_colours) for g in questionnaire.groups],
                _cell(area.combined, band_colours),
                f"[{band.colour}]{escape(band.label.get(lang))}[/{band.colour}]" if band else "",
                _reliability(area),
            )
        overall = {g.group: g for g in municipality.overall}
        overall_band = questionnaire.band_for(overall["all"].score) if "all" in overall else None
        grid.add_section()
        grid.add_row(
            "[bold]overall[/bold]",
            *[
                _cell(overall[g.id], band_colours) if g.id in overall else ""
                for g in questionnaire.groups
            ],
            _cell(overall["all"], band_colours) if "all" in overall else "",
            f"[{overall_band.colour}]{escape(overall_band.label.get(lang))}[/{overall_band.colour}]"
            if overall_band
            else "",
            "",
        )
        out.print(grid)
        if municipality.weighting is not None:
            _print_weighting(out, municipality.weighting, questionnaire, lang)
        if municipality.notable:
            out.print("[bold]Notable results[/bold]")
            for notable in municipality.notable:
                sentence = notable.sentence.get(lang) or notable.sentence.get("en", "")
                out.print(f"  • {escape(sentence)} [dim]({escape(notable.rule_text)})[/dim]")
        for warning in municipality.warnings:
            out.print(f"  [yellow]warning[/yellow]: {escape(warning.message)}")
        out.print()


# --- weights and representativeness (scoring/weights.py) ---------------------------------


def _weights_line(result: ScoreResult, questionnaire: Questionnaire, lang: str) -> str:
    """Which weights the numbers use, in one line."""
    info = result.weights
    groups = ", ".join(info.groups) or "inwoner"
    if info.method == "none":
        return "weights: none (unweighted)"
    if info.method == "rake":
        return (
            f"weights: raked to {info.population_file} for {groups}, trimmed to "
            f"[1/{display(info.cap, 0)}, {display(info.cap, 0)}]"
        )
    return f"weights: column '{info.method.removeprefix('column:')}' for {groups}"


def _reliability(area: AreaResult) -> str:
    if area.alpha is None:
        return ""
    text = display(area.alpha, 2)
    if area.alpha_ci_low is not None and area.alpha_ci_high is not None:
        text += f" [{display(area.alpha_ci_low, 2)}–{display(area.alpha_ci_high, 2)}]"
    if area.omega is not None:
        text += f" ω {display(area.omega, 2)}"
    return escape(text)


def _print_weighting(
    out: Console, weighting: MunicipalityWeighting, questionnaire: Questionnaire, lang: str
) -> None:
    """Respondents next to the population per characteristic, and what weighting did."""
    from quickscan.scoring.representativeness import category_label, characteristic_label

    if weighting.representativeness:
        table = Table(
            title="[bold]Representativeness[/bold] (inwoners)",
            title_justify="left",
            header_style="bold",
        )
        table.add_column("characteristic")
        table.add_column("category")
        table.add_column("respondents", justify="right")
        table.add_column("share [Wilson 95%]", justify="right")
        table.add_column("population", justify="right")
        if weighting.method != "none":
            table.add_column("weighted", justify="right")
        for comparison in weighting.representativeness:
            name = characteristic_label(questionnaire, comparison.characteristic, lang)
            for k, category in enumerate(comparison.categories):
                row = [
                    escape(name) if k == 0 else "",
                    escape(
                        category_label(
                            questionnaire, comparison.characteristic, category.category, lang
                        )
                    ),
                    str(category.respondents),
                    _percent(category.sample_share)
                    + (
                        f" [{_percent(category.sample_ci_low)}–{_percent(category.sample_ci_high)}]"
                        if category.sample_ci_low is not None
                        else ""
                    ),
                    _percent(category.population_share),
                ]
                if weighting.method != "none":
                    row.append(_percent(category.weighted_share))
                table.add_row(*row)
            table.add_section()
        out.print(table)
    sentence = weighting.sentence.get(lang) or weighting.sentence.get("en", "")
    if sentence:
        out.print(f"  {escape(sentence)}")
    if weighting.method != "none" and weighting.design_effect is not None:
        out.print(
            f"  weights {escape(weighting.method)}: design effect "
            f"{display(weighting.design_effect, 2)}, effective n "
            f"{display(weighting.effective_n, 0)} of {weighting.respondents}, weights "
            f"{display(weighting.min_weight, 2)}–{display(weighting.max_weight, 2)}"
            + (f", {weighting.trimmed} trimmed" if weighting.trimmed else "")
        )
    for note in weighting.notes:
        out.print(f"  [dim]{escape(note)}[/dim]")


def _percent(share: float | None) -> str:
    return "" if share is None else display(100 * share, 0) + "%"
