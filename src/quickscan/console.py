"""Terminal output: results on stdout, messages on stderr, all through rich.

Only this module and the `cli` package import rich. Consoles are created per call so that
Typer's test runner, which swaps sys.stdout/sys.stderr, sees everything.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.markup import escape as _escape_markup
from rich.segment import Segment
from rich.table import Table

from quickscan.errors import Problem, QuickscanError
from quickscan.rounding import display_lang

if TYPE_CHECKING:
    from quickscan.questionnaire import Questionnaire
    from quickscan.results import (
        AreaResult,
        GroupScore,
        MunicipalityResult,
        MunicipalityWeighting,
        ScoreResult,
    )


#: Control characters a terminal would act on (C0 but line feed and tab, DEL, C1): text from
#: files shows them escaped, so a name cannot set the window title or clear the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """`text` with every control character written as an escape: ESC becomes `\\x1b`."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def escape(text: str) -> str:
    """Text from a file or the user, ready for rich: markup shown as written, and control
    characters escaped before rich could drop or pass them (`\\x07`, `\\x1b`)."""
    return _escape_markup(visible(text))


class SafeConsole(Console):
    """A rich console that never passes control characters from the text it prints.

    rich's own styles and cursor moves (progress bars) are rendered from styles and control
    segments, not from text, so they still work; only characters inside text are escaped.
    Emoji codes are off: `:pile_of_poo:` in a municipality name, or `:100:` in a position,
    stays as written.
    """

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("highlight", False)
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style)
            for segment in buffer
        )

    def on_broken_pipe(self) -> None:
        # rich would exit 1 here; the CLI ends quietly instead (see cli.app.command_errors).
        self.quiet = True
        raise BrokenPipeError


def stdout(soft_wrap: bool = True) -> Console:
    # soft_wrap: long lines are not broken, so messages stay greppable.
    return SafeConsole(file=sys.stdout, soft_wrap=soft_wrap)


def stderr() -> Console:
    return SafeConsole(file=sys.stderr, soft_wrap=True)


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
        # Counted, not listed: a grouped line stands for every cell it names.
        n_errors, n_warnings = sum(p.count for p in errors), sum(p.count for p in warnings)
        summary += f": {n_errors:,} error(s), {n_warnings:,} warning(s)"
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


def wrote(output: object, what: str = "", detail: str = "") -> None:
    """'wrote scores.xlsx' on stderr; nothing for an output that went to stdout (`-`)."""
    if output is None or str(output) == "-":
        return
    success(f"wrote {what}{output}{detail}")


def table(title: str | None, columns: list[str], rows: Iterable[list[str]]) -> Table:
    result = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        result.add_column(column)
    for row in rows:
        result.add_row(*[escape(cell) for cell in row])
    return result


# --- score results ----------------------------------------------------------------------------


def _cell(
    score: GroupScore, band_colours: dict[str, str], lang: str = "en", stacked: bool = False
) -> str:
    """'6.3 (25)' ('6,3' in Dutch): the score in its band colour and n; '–' suppressed.

    `stacked` puts n under the score, for a table that has to fit a narrow terminal.
    """
    if score.suppressed:
        return "[dim]–[/dim]"
    if score.score is None:
        return "[dim]·[/dim]"
    colour = band_colours.get(score.band or "", "")
    text = display_lang(score.score, lang)
    value = f"[{colour}]{text}[/{colour}]" if colour else text
    mark = quality_mark(score.quality)
    return f"{value}{chr(10) if stacked else ' '}[dim]({score.n})[/dim]{mark}"


#: The colour of each quality mark; the mark itself (report.i18n.QUALITY_MARKS) carries the
#: meaning, so the table reads the same without colour.
_QUALITY_STYLE = {"indicatief": "yellow", "te weinig respons": "red"}


def quality_mark(label: str | None) -> str:
    """' ~' or ' ?' in colour after a score that is not 'betrouwbaar' (methodology 14.7)."""
    from quickscan.report.i18n import quality_mark as mark_of

    mark = mark_of(label)
    if not mark:
        return ""
    style = _QUALITY_STYLE.get(label or "", "")
    return f" [{style}]{mark}[/{style}]" if style else f" {mark}"


def _score_rows(
    municipality: MunicipalityResult,
    questionnaire: Questionnaire,
    lang: str,
    stacked: bool,
    words: dict[str, str],
) -> list[list[str]]:
    """The rows of one municipality's table (the last one is 'overall'), as markup."""
    colours = {band.id: band.colour for band in questionnaire.bands}

    def band_text(score: float | None) -> str:
        band = questionnaire.band_for(score)
        return f"[{band.colour}]{escape(band.label.get(lang))}[/{band.colour}]" if band else ""

    rows: list[list[str]] = []
    for area in municipality.areas:
        by_group = {g.group: g for g in area.groups}
        rows.append(
            [
                f"{area.number} {escape(questionnaire.area(area.area).short(lang))}",
                *[_cell(by_group[g.id], colours, lang, stacked) for g in questionnaire.groups],
                _cell(area.combined, colours, lang, stacked),
                band_text(area.combined.score),
                _reliability(area, lang),
            ]
        )
    overall = {g.group: g for g in municipality.overall}
    rows.append(
        [
            f"[bold]{words['overall']}[/bold]",
            *[
                _cell(overall[g.id], colours, lang, stacked) if g.id in overall else ""
                for g in questionnaire.groups
            ],
            _cell(overall["all"], colours, lang, stacked) if "all" in overall else "",
            band_text(overall["all"].score) if "all" in overall else "",
            "",
        ]
    )
    return rows


def print_score_result(result: ScoreResult, questionnaire: Questionnaire, lang: str = "nl") -> None:
    """One table per municipality and wave: areas x groups, combined, overall, notables."""
    from quickscan.report.i18n import TERMINAL

    words = TERMINAL.get(lang, TERMINAL["en"])
    # Results wrap at word boundaries to the terminal's width (messages do not).
    out = stdout(soft_wrap=False)
    group_labels = {group.id: group.label.get(lang) for group in questionnaire.groups}
    header = words["header"].format(
        id=result.questionnaire.id,
        version=result.questionnaire.version,
        fingerprint=result.questionnaire.fingerprint,
        weighting=words[result.settings.weighting],
        min=result.settings.min_group_size,
    )
    out.print(f"[dim]{escape(header)}[/dim]")
    out.print(f"[dim]{escape(_weights_line(result, questionnaire, lang))}[/dim]")
    for municipality in result.municipalities:
        title = " ".join(
            escape(part)
            for part in (
                municipality.municipality_code,
                municipality.municipality_name,
                words["wave"].format(wave=municipality.wave) if municipality.wave else None,
            )
            if part
        )
        response = ", ".join(
            f"{group_labels.get(r.group, r.group)} {r.respondents}"
            + (f" ({words['suppressed']})" if r.suppressed else "")
            for r in municipality.response
        )
        heading = (
            f"[bold]{title}[/bold]  {municipality.respondents} {words['respondents']}: "
            f"{escape(response)}"
        )
        # The widest layout that fits: scores beside their n, n under the score, or a list.
        for stacked in (False, True):
            grid = score_grid(heading, questionnaire, words)
            rows = _score_rows(municipality, questionnaire, lang, stacked, words)
            for row in rows[:-1]:
                grid.add_row(*row)
            grid.add_section()
            grid.add_row(*rows[-1])
            if fits(out, grid):
                out.print(grid)
                break
        else:
            _print_score_list(out, heading, questionnaire, rows, words)
        if municipality.weighting is not None:
            _print_weighting(out, municipality.weighting, questionnaire, lang)
        if municipality.notable:
            out.print(f"[bold]{words['notable']}[/bold]")
            for notable in municipality.notable:
                sentence = notable.sentence.get(lang) or notable.sentence.get("en", "")
                rule = notable.rule_texts.get(lang) or notable.rule_text
                _bullet(out, f"{escape(sentence)} [dim]({escape(rule)})[/dim]")
        for warning in municipality.warnings:
            text = warning.texts.get(lang) or warning.message
            _bullet(out, f"[yellow]{words['warning']}[/yellow]: {escape(text)}", mark="")
        out.print()


def score_grid(title: str, questionnaire: Questionnaire, words: dict[str, str]) -> Table:
    """The areas x groups table. No column ever wraps or cuts its text: a table that does not
    fit the terminal is laid out another way (see `print_score_result`), so `Gemeenteraad`
    and `Gemeenschap` are never both cut down to `Gemeen…`, nor a band label to `Voldoe…`.
    """
    grid = Table(
        title=title,
        title_justify="left",
        header_style="bold",
        caption=words["caption"],
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 0),
    )
    grid.add_column(words["area"], no_wrap=True)
    for group in questionnaire.groups:
        grid.add_column(escape(group.id), justify="right", no_wrap=True)
    grid.add_column(words["combined"], justify="right", no_wrap=True)
    grid.add_column(words["band"], no_wrap=True)
    grid.add_column(words["alpha"], justify="right", no_wrap=True)
    return grid


def fits(out: Console, grid: Table) -> bool:
    """Whether a table of no-wrap columns fits the console's width without cutting a cell."""
    from rich.measure import Measurement

    # Every column is no_wrap: the widest a row can be is the width the table needs.
    return Measurement.get(out, out.options.update(width=1 << 16), grid).maximum <= out.width


def _print_score_list(
    out: Console,
    heading: str,
    questionnaire: Questionnaire,
    rows: list[list[str]],
    words: dict[str, str],
) -> None:
    """The scores for a terminal too narrow for the table: a few wrapped lines per area."""
    out.print(heading)
    groups = [escape(group.id) for group in questionnaire.groups]
    for area, *cells, combined, band, alpha in rows:
        head = area if area.startswith("[bold]") else f"[bold]{area}[/bold]"
        out.print(
            f"{head}: {combined.replace(chr(10), ' ')} {band}"
            + (f", {words['alpha']} {alpha}" if alpha else "")
        )
        parts = [f"{g} {c.replace(chr(10), ' ')}" for g, c in zip(groups, cells, strict=True)]
        _bullet(out, "; ".join(parts), mark="")
    out.print(words["caption"])


def _bullet(out: Console, text: str, mark: str = "• ") -> None:
    """One list item, wrapped at word boundaries with a hanging indent under its text."""
    from rich.text import Text

    item = Table.grid(padding=(0, 0))
    item.add_column(no_wrap=True, width=2 + len(mark))
    item.add_column(overflow="fold")
    item.add_row(f"  {mark}", Text.from_markup(text))
    out.print(item)


# --- weights and representativeness (scoring/weights.py) ---------------------------------


def _weights_line(result: ScoreResult, questionnaire: Questionnaire, lang: str) -> str:
    """Which weights the numbers use, in one line."""
    from quickscan.report.i18n import TERMINAL

    words = TERMINAL.get(lang, TERMINAL["en"])
    info = result.weights
    groups = ", ".join(info.groups) or "inwoner"
    if info.method == "none":
        return words["weights_none"]
    if info.method == "rake":
        return words["weights_rake"].format(
            file=info.population_file, groups=groups, cap=_cap(info.cap, lang)
        )
    return words["weights_column"].format(column=info.method.removeprefix("column:"), groups=groups)


def _cap(cap: float | None, lang: str) -> str:
    """The weight cap as given: '5', '2,5' in Dutch (never rounded to a whole number)."""
    if cap is None:
        return ""
    for decimals in range(3):
        if abs(cap - round(cap, decimals)) < 1e-9:
            break
    return display_lang(cap, lang, decimals)


def _reliability(area: AreaResult, lang: str) -> str:
    """'0,81 [0,74–0,87] ω 0,83': alpha with Feldt's interval, and omega."""
    if area.alpha is None:
        return ""
    text = display_lang(area.alpha, lang, 2)
    if area.alpha_ci_low is not None and area.alpha_ci_high is not None:
        low, high = (
            display_lang(area.alpha_ci_low, lang, 2),
            display_lang(area.alpha_ci_high, lang, 2),
        )
        text += f" [{low}–{high}]"
    if area.omega is not None:
        text += f" ω {display_lang(area.omega, lang, 2)}"
    return escape(text)


def _print_weighting(
    out: Console, weighting: MunicipalityWeighting, questionnaire: Questionnaire, lang: str
) -> None:
    """Respondents next to the population per characteristic, and what weighting did."""
    from quickscan.report.i18n import TERMINAL
    from quickscan.scoring.representativeness import category_label, characteristic_label

    words = TERMINAL.get(lang, TERMINAL["en"])
    if weighting.representativeness:
        table = Table(title=words["representativeness"], title_justify="left", header_style="bold")
        table.add_column(words["characteristic"])
        table.add_column(words["category"])
        table.add_column(words["respondents"], justify="right")
        table.add_column(words["share"], justify="right")
        table.add_column(words["population"], justify="right")
        if weighting.method != "none":
            table.add_column(words["weighted"], justify="right")
        for comparison in weighting.representativeness:
            name = characteristic_label(questionnaire, comparison.characteristic, lang)
            for k, category in enumerate(comparison.categories):
                share = _percent(category.sample_share, lang)
                if category.sample_ci_low is not None:
                    low = _percent(category.sample_ci_low, lang)
                    share += f" [{low}–{_percent(category.sample_ci_high, lang)}]"
                row = [
                    escape(name) if k == 0 else "",
                    escape(
                        category_label(
                            questionnaire, comparison.characteristic, category.category, lang
                        )
                    ),
                    str(category.respondents),
                    share,
                    _percent(category.population_share, lang),
                ]
                if weighting.method != "none":
                    row.append(_percent(category.weighted_share, lang))
                table.add_row(*row)
            table.add_section()
        out.print(table)
    sentence = weighting.sentence.get(lang) or weighting.sentence.get("en", "")
    if sentence:
        out.print(f"  {escape(sentence)}")
    raked_nothing = weighting.method == "rake" and not weighting.characteristics
    if weighting.method != "none" and weighting.design_effect is not None and not raked_nothing:
        method = (
            words["method_rake"]
            if weighting.method == "rake"
            else words["method_column"].format(column=weighting.method.removeprefix("column:"))
        )
        summary = words["weights_summary"].format(
            method=method,
            deff=display_lang(weighting.design_effect, lang, 2),
            n_eff=display_lang(weighting.effective_n, lang, 0),
            n=weighting.respondents,
            low=display_lang(weighting.min_weight, lang, 2),
            high=display_lang(weighting.max_weight, lang, 2),
        )
        if weighting.trimmed:
            summary += words["trimmed"].format(count=weighting.trimmed)
        out.print(f"  {escape(summary)}")
    notes = weighting.note_texts.get(lang) or weighting.notes
    for note in notes:
        out.print(f"  [dim]{escape(note)}[/dim]")


def _percent(share: float | None, lang: str) -> str:
    return "" if share is None else display_lang(100 * share, lang, 0) + "%"
