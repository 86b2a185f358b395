"""`quickscan compare`: many municipalities (or waves) side by side, with peers and benchmarks.

Parses options, calls `quickscan.compare`, prints or writes the result. docs/compare.md
explains every option and figure.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from quickscan import console
from quickscan.cli.app import app, command_errors
from quickscan.cli.options import (
    DelimiterOption,
    ExtraOption,
    JsonOption,
    Lang,
    LangOption,
    MaxRowsOption,
    MinGroupSizeOption,
    PdfVariant,
    PdfVariantOption,
    PopulationOption,
    QuestionnaireRef,
    SheetOption,
    StrictOption,
    TableFormat,
    TableFormatOption,
    TableOutputOption,
    WeightCapOption,
    WeightingOption,
    WeightsOption,
    delimiter_value,
    file_output,
    resolve_table_format,
)
from quickscan.console import escape
from quickscan.errors import Location, Problem, UsageError, excerpt

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.progress import TaskID

    from quickscan.compare.models import Cell, Comparison, WaveComparison
    from quickscan.questionnaire import Questionnaire


class CompareBy(StrEnum):
    municipality = "municipality"
    wave = "wave"


@app.command("compare")
@command_errors
def compare_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Answer files, folders (every .csv/.xlsx in them) or glob patterns.",
            show_default=False,
        ),
    ],
    questionnaire: QuestionnaireRef = "qsld",
    extra: ExtraOption = None,
    by: Annotated[
        CompareBy,
        typer.Option("--by", help="One row per municipality, or one municipality across waves."),
    ] = CompareBy.municipality,
    output_format: TableFormatOption = None,
    as_json: JsonOption = False,
    output: TableOutputOption = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Also write a comparison report (PDF).")
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Also write an interactive dashboard: one offline HTML file (table, peers, "
            "heat map, distributions, municipality pages).",
            dir_okay=False,
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option("--sort", help="Sort by this area (number or id); default: overall score."),
    ] = None,
    municipality: Annotated[
        str | None,
        typer.Option(
            "--municipality",
            "-m",
            help="The focal municipality (CBS code): compare it with its peers, or follow it "
            "across waves.",
        ),
    ] = None,
    wave: Annotated[
        str | None, typer.Option("--wave", help="Only this wave (for ranks and benchmarks).")
    ] = None,
    peers: Annotated[
        Path | None,
        typer.Option(
            "--peers",
            help="CSV with one row per municipality: municipality_code, name, characteristics.",
            dir_okay=False,
        ),
    ] = None,
    peer_group: Annotated[
        str | None,
        typer.Option(
            "--peer-group",
            help="size-class | COLUMN=VALUE | nearest:K[:col,col] | GM0363,GM0599,...",
        ),
    ] = None,
    save_benchmark: Annotated[
        Path | None,
        typer.Option(
            "--save-benchmark",
            help="Save the peer distribution per area and group as a benchmark (JSON) for "
            "`quickscan report --benchmark`.",
            dir_okay=False,
        ),
    ] = None,
    wave_file: Annotated[
        list[str] | None,
        typer.Option(
            "--wave-file",
            help="WAVE=FILE: every respondent of FILE belongs to WAVE (for files without a "
            "wave column). Repeat per file.",
        ),
    ] = None,
    wave_questionnaire: Annotated[
        list[str] | None,
        typer.Option(
            "--wave-questionnaire",
            help="WAVE=REF: the answers of WAVE were given with questionnaire REF (a name or "
            "folder). Repeat per wave; other waves use -q.",
        ),
    ] = None,
    weighting: WeightingOption = None,
    min_group_size: MinGroupSizeOption = None,
    population: PopulationOption = None,
    weights: WeightsOption = None,
    weight_cap: WeightCapOption = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    max_rows: MaxRowsOption = None,
    strict: StrictOption = False,
    lang: LangOption = Lang.nl,
    invited: Annotated[
        Path | None,
        typer.Option(
            "--invited",
            help="CSV with municipality_code, group, invited: group sizes for the "
            "finite-population correction of the intervals (docs/methodology.md).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    pdf_variant: PdfVariantOption = PdfVariant.ua_1,
) -> None:
    """Compare municipalities (or waves): scores, bands, ranks, percentiles and peers.

    \b
    Examples:
      quickscan compare answers/ -o comparison.xlsx
      quickscan compare 'wave-*.csv' --by wave -m GM9901
    """
    from quickscan.compare import export
    from quickscan.compare.api import compare_results, score_inputs
    from quickscan.output import check_output_path

    fmt = resolve_table_format(output_format, as_json, output, example="comparison.xlsx")
    output = file_output(output, fmt)
    wave_files = _unique(
        [(f, w) for w, f in _pairs(wave_file, "--wave-file", "WAVE=FILE")], "--wave-file", "file"
    )
    wave_questionnaires = _unique(
        _pairs(wave_questionnaire, "--wave-questionnaire", "WAVE=REF"),
        "--wave-questionnaire",
        "wave",
    )
    if peer_group is not None and peers is None:
        from quickscan.compare.peers import parse_peer_spec

        if parse_peer_spec(peer_group).method != "codes":
            raise UsageError(
                problems=[
                    Problem(
                        code="peers-file-needed",
                        message=f"--peer-group {excerpt(peer_group)} needs a peers file",
                        hint="add --peers municipalities.csv",
                    )
                ]
            )
    # The dashboard uses a peers file on its own: its peer view chooses the group.
    if peers is not None and peer_group is None and html is None:
        raise UsageError(
            problems=[
                Problem(
                    code="peer-group-needed",
                    message="--peers is given without --peer-group",
                    hint="add --peer-group size-class, COLUMN=VALUE, nearest:K or a code list",
                )
            ]
        )

    group_sizes = None
    if invited is not None:
        from quickscan.fieldwork.invited import invited_group_sizes
        from quickscan.questionnaire import load_questionnaire

        group_sizes = invited_group_sizes(invited, load_questionnaire(questionnaire, extra=extra))
    scored = score_inputs(
        inputs,
        questionnaire,
        extra=extra,
        wave_files={Path(f): w for f, w in wave_files.items()},
        wave_questionnaires=wave_questionnaires,
        weighting=weighting.value if weighting else None,
        min_group_size=min_group_size,
        delimiter=delimiter_value(delimiter),
        sheet=sheet,
        strict=strict,
        group_sizes=group_sizes,
        population=population,
        weights=weights,
        weight_cap=weight_cap,
    )
    for problem in scored.warnings:
        console.print_problems([problem])
    read_from = [*scored.files, *([peers] if peers else [])]
    for target in (output, pdf, save_benchmark, html):
        if target is not None:
            check_output_path(target, read_from)
    peer_table = None
    if peers is not None:
        from quickscan.compare.peers import load_peers

        peer_table = load_peers(peers)
    comparison = compare_results(
        scored.result,
        scored.questionnaire,
        by=by.value,
        sort=sort,
        municipality=municipality,
        wave=wave,
        peers=peer_table if peer_group is not None else None,
        peer_group=peer_group,
        diff=scored.diff,
    )
    for warning in comparison.warnings:
        if warning.get("code") in {p.code for p in scored.warnings}:
            continue
        console.stderr().print(f"[yellow]warning[/yellow]: {escape(str(warning.get('message')))}")

    if fmt is TableFormat.table:
        print_comparison(comparison, lang.value)
    elif fmt is TableFormat.json:
        if output is None:
            typer.echo(export.json_text(comparison), nl=False)
        else:
            export.write_json(comparison, output, read_from)
    elif fmt is TableFormat.csv:
        if output is None:
            typer.echo(export.csv_text(comparison), nl=False)
        else:
            export.write_csv(comparison, output, read_from)
    else:
        assert output is not None
        export.write_xlsx(comparison, output, read_from)
    console.wrote(output)

    if save_benchmark is not None:
        from quickscan.compare.api import benchmark_results
        from quickscan.compare.benchmark import build_benchmark
        from quickscan.compare.benchmark import save_benchmark as save

        members, labels = benchmark_results(comparison, scored.result)
        benchmark = build_benchmark(
            members,
            scored.questionnaire,
            label=labels["en"],
            labels=labels,
            settings={
                **scored.result.settings.model_dump(mode="json"),
                "peer_group": peer_group,
                "peers_file": str(peers) if peers else None,
                "municipality": comparison.focal,
                "wave": wave,
            },
        )
        save(benchmark, save_benchmark, read_from)
        if len(members) < 5:
            console.stderr().print(
                f"[yellow]warning[/yellow]: the benchmark rests on {len(members)} "
                "municipalities, fewer than 5"
            )
        console.wrote(save_benchmark, "benchmark ", f" ({len(members)} municipalities)")

    if html is not None:
        from quickscan.compare.dashboard import write_dashboard

        write_dashboard(
            scored.result,
            scored.questionnaire,
            html,
            peers=peer_table,
            lang=lang.value,
            wave=wave,
            municipality=municipality,
            peer_group=peer_group,
            diff=scored.diff,
            inputs=read_from,
        )
        console.success(f"wrote dashboard {html}")

    if pdf is not None:
        from quickscan.compare.pdf import render_comparison_pdf

        render_comparison_pdf(
            comparison,
            scored.questionnaire,
            pdf,
            lang=lang.value,
            inputs=read_from,
            pdf_variant=pdf_variant.value,
        )
        console.wrote(pdf)


def _pairs(values: list[str] | None, option: str, form: str) -> list[tuple[str, str]]:
    """'A=B' values of a repeated option -> [(A, B)]; malformed values are refused."""
    out: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for value in values or []:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            problems.append(
                Problem(
                    code="invalid-option-value",
                    message=f"{option} {excerpt(value)!r} is not {form}",
                    hint=f"write {option} {form}",
                )
            )
            continue
        out.append((key.strip(), rest.strip()))
    if problems:
        raise UsageError(problems=problems)
    return out


def _unique(pairs: list[tuple[str, str]], option: str, what: str) -> dict[str, str]:
    """{key: value} from pairs, refusing a key given twice (e.g. one file in two waves)."""
    out: dict[str, str] = {}
    for key, value in pairs:
        if key in out and out[key] != value:
            raise UsageError(
                problems=[
                    Problem(
                        code="invalid-option-value",
                        message=f"{option} gives {what} {excerpt(key)} twice",
                    )
                ]
            )
        out[key] = value
    return out


# --- terminal ---------------------------------------------------------------------------


def _cell_text(
    cell: Cell, colours: dict[str, str], words: dict[str, str], lang: str, compact: bool = False
) -> str:
    """A score in its band colour and its quality mark (as `score`'s table: '~' indicatief,
    '?' te weinig respons); 'suppressed' / 'no score' (or 's' / '-') without one."""
    from quickscan.rounding import display_lang

    if cell.status == "suppressed":
        return (
            f"[dim]{words['suppressed_short']}[/dim]"
            if compact
            else f"[dim]{words['suppressed']}[/dim]"
        )
    if cell.score is None:
        return "[dim]-[/dim]" if compact else f"[dim]{words['no_score']}[/dim]"
    colour = colours.get(cell.band or "", "")
    shown = display_lang(cell.score, lang)
    value = f"[{colour}]{shown}[/{colour}]" if colour else shown
    return value + console.quality_mark(cell.quality)


def _aligned(text: str, pad: bool) -> RenderableType:
    """`pad`: a right-aligned cell that leaves room for the quality mark it does not have,
    so that a column's scores stay aligned on their decimals (trailing blanks in the text
    itself would be trimmed)."""
    from rich.padding import Padding
    from rich.text import Text

    # A mark is written ' ~': a blank and one character.
    return Padding(Text.from_markup(text), (0, 2, 0, 0)) if pad else text


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _comparison_grid(
    comparison: Comparison,
    words: dict[str, str],
    colours: dict[str, str],
    lang: str,
    sort_title: str,
    wrap_names: bool,
) -> Table:
    """The sorted comparison table: a row per municipality (and wave), a column per area."""
    grid = Table(
        title=words["title"].format(
            rows=_counted(len(comparison.rows), words["row"], words["rows"]),
            sort=escape(sort_title),
        ),
        title_justify="left",
        header_style="bold",
        box=None,
        padding=(0, 1, 0, 0),
    )
    grid.add_column("#", justify="right", no_wrap=True)
    if wrap_names:
        grid.add_column(words["municipality"], overflow="fold", max_width=26)
    else:
        grid.add_column(words["municipality"], no_wrap=True, overflow="ellipsis", max_width=26)
    waves = any(row.wave for row in comparison.rows)
    if waves:
        grid.add_column(words["wave"], no_wrap=True)
    grid.add_column(words["overall"], justify="right", no_wrap=True)
    for area in comparison.areas:
        grid.add_column(str(area.number), justify="right", no_wrap=True)
    grid.add_column(words["bands"], justify="right", no_wrap=True)
    grid.add_column("n", justify="right", no_wrap=True)
    band_order = [b.id for b in comparison.bands]
    # Columns (area ids, 'overall') with a quality mark somewhere: their other cells are padded.
    marked = {
        cell.area
        for row in comparison.rows
        for cell in (row.overall, *row.areas)
        if console.quality_mark(cell.quality)
    }
    for row in comparison.rows:
        name = escape(" ".join(p for p in (row.municipality_code, row.municipality_name) if p))
        if row.focal:
            name = f"[bold]▶ {name}[/bold]"
        bands = "/".join(
            f"[{colours[b]}]{row.band_counts.get(b, 0)}[/{colours[b]}]" for b in band_order
        )
        rank = row.cell(comparison.sort).rank
        grid.add_row(
            str(rank) if rank is not None else "",
            name,
            *([escape(row.wave or "")] if waves else []),
            *(
                _aligned(
                    _cell_text(cell, colours, words, lang, compact=True),
                    cell.area in marked and not console.quality_mark(cell.quality),
                )
                for cell in (row.overall, *row.areas)
            ),
            bands,
            str(row.respondents),
        )
    return grid


def print_comparison(comparison: Comparison, lang: str = "nl") -> None:
    """The comparison table (sorted), peer tables and wave changes, on stdout.

    In the report language: Dutch words and decimal commas with `--lang nl` (as `score`).
    """
    from quickscan.report.i18n import COMPARE_TERMINAL, TERMINAL
    from quickscan.rounding import display_lang

    words = COMPARE_TERMINAL.get(lang, COMPARE_TERMINAL["en"])
    score_words = TERMINAL.get(lang, TERMINAL["en"])

    def shown(value: float | None) -> str:
        return display_lang(value, lang)

    out = console.stdout()
    colours = {band.id: band.colour for band in comparison.bands}
    q = comparison.questionnaire
    titles = {a.id: f"{a.number} {a.short_title.get(lang, a.id)}" for a in comparison.areas}
    sort_title = (
        words["overall"]
        if comparison.sort == "overall"
        else titles.get(comparison.sort, comparison.sort)
    )
    header = score_words["header"].format(
        id=q.id,
        version=q.version,
        fingerprint=q.fingerprint,
        weighting=score_words.get(comparison.settings.weighting, comparison.settings.weighting),
        min=comparison.settings.min_group_size,
    )
    out.print(f"[dim]{escape(header)}[/dim]")
    # Names on one line where the table fits the terminal; otherwise they wrap, so that no
    # score (nor its quality mark) is cut down to '5…'.
    for wrap_names in (False, True):
        grid = _comparison_grid(comparison, words, colours, lang, sort_title, wrap_names)
        if wrap_names or console.fits(out, grid):
            break
    out.print(grid)
    legend = "; ".join(titles[a.id] for a in comparison.areas)
    band_legend = "/".join(
        f"[{b.colour}]{escape(b.label.get(lang, b.id))}[/{b.colour}]" for b in comparison.bands
    )
    out.print(f"[dim]{words['areas_legend'].format(legend=escape(legend))}[/dim]")
    out.print(f"[dim]{words['bands_legend'].format(bands=band_legend)}[/dim]")
    out.print(f"[dim]{words['quality_legend']}[/dim]")

    for row in comparison.rows:
        if row.peers is None or (comparison.focal is None and len(comparison.rows) > 12):
            continue
        peers = row.peers
        title = words["peers_title"].format(
            code=f"[bold]{escape(row.municipality_code or '')}[/bold]",
            description=escape(peers.described(lang)),
            peers=_counted(len(peers.codes), words["peer"], words["peers"]),
            codes=escape(", ".join(peers.codes)),
        )
        out.print(f"\n{title}")
        table = Table(header_style="bold")
        for column in ("area", "score", "peer_mean", "difference", "percentile"):
            table.add_column(words[column], justify="left" if column == "area" else "right")
        table.add_column("n", justify="right")
        cells = [(None, row.overall), *zip(comparison.areas, row.areas, strict=True)]
        # With a mark anywhere in the score column, the cells without one are padded, as in
        # the comparison table, so that the decimals line up.
        marked = any(console.quality_mark(cell.quality) for _, cell in cells)
        for info, cell in cells:
            label = words["overall"] if info is None else titles[info.id]
            peer = cell.peer
            table.add_row(
                escape(label),
                _aligned(
                    _cell_text(cell, colours, words, lang),
                    marked and not console.quality_mark(cell.quality),
                ),
                shown(peer.mean) if peer else "",
                shown(peer.difference) if peer else "",
                shown(peer.percentile) if peer else "",
                str(peer.n) if peer else "",
            )
        out.print(table)
    if comparison.peer_group and comparison.focal is None:
        sizes = [len(r.peers.codes) for r in comparison.rows if r.peers]
        if sizes:
            text = words["peer_group"].format(
                spec=escape(comparison.peer_group), low=min(sizes), high=max(sizes)
            )
            out.print(f"[dim]{text}[/dim]")

    for wave in comparison.waves:
        print_waves(wave, comparison, lang)
    if comparison.questionnaire_diff is not None:
        diff = comparison.questionnaire_diff
        items = _counted(len(diff.shared_items), words["item"], words["items"])
        out.print("\n" + words["diff_title"].format(items=items))
        for pair in diff.pairs:
            text = words["diff_pair"].format(
                old=escape(pair.from_wave),
                new=escape(pair.to_wave),
                added=escape(", ".join(pair.added) or "-"),
                removed=escape(", ".join(pair.removed) or "-"),
                changed=escape(", ".join(pair.changed) or "-"),
            )
            out.print(f"  {text}")
        if diff.areas_left_out:
            areas = escape(", ".join(diff.areas_left_out))
            out.print("  " + words["areas_left_out"].format(areas=areas))
        if diff.areas_reduced:
            areas = escape(", ".join(diff.areas_reduced))
            out.print("  " + words["areas_reduced"].format(areas=areas))


def print_waves(wave: WaveComparison, comparison: Comparison, lang: str) -> None:
    """One municipality's changes between waves, per area and group, in the report language."""
    from quickscan.report.i18n import COMPARE_TERMINAL
    from quickscan.rounding import display_lang

    words = COMPARE_TERMINAL.get(lang, COMPARE_TERMINAL["en"])

    def shown(value: float | None) -> str:
        return display_lang(value, lang)

    out = console.stdout()
    titles = {a.id: f"{a.number} {a.short_title.get(lang, a.id)}" for a in comparison.areas}
    titles["overall"] = words["overall"]
    name = " ".join(escape(p) for p in (wave.municipality_code, wave.municipality_name) if p)
    table = Table(
        title=words["waves_title"].format(name=name, waves=escape(" → ".join(wave.waves))),
        title_justify="left",
        header_style="bold",
    )
    for column in ("area", "group", "waves", "from", "to", "change", "interval", "chance"):
        table.add_column(
            words[column], justify="left" if column in ("area", "group", "waves") else "right"
        )
    for change in wave.changes:
        if change.group != "all" and change.area == "overall":
            continue
        verdict = ""
        if change.significant is True:
            verdict = f"[bold]{words['larger_than_chance']}[/bold]"
        elif change.significant is False:
            verdict = f"[dim]{words['may_be_chance']}[/dim]"
        elif change.status == "no_ci" and change.difference is not None:
            verdict = f"[dim]{words['no_interval']}[/dim]"
        interval = (
            words["interval_range"].format(low=shown(change.ci_low), high=shown(change.ci_high))
            if change.ci_low is not None
            else ""
        )
        group = (
            f"[bold]{words['all']}[/bold]"
            if change.group == "all"
            else f"[dim]{escape(change.group)}[/dim]"
        )
        if change.groups_left_out:
            # Compared on the groups shown in both waves only: say which.
            only = words["only"].format(groups=", ".join(change.groups) or words["none"])
            group += f" [dim]({escape(only)})[/dim]"
        table.add_row(
            escape(titles.get(change.area, change.area)),
            group,
            f"{escape(change.from_wave)}→{escape(change.to_wave)}",
            shown(change.score_from),
            shown(change.score_to),
            shown(change.difference) if change.difference is not None else "[dim]-[/dim]",
            interval,
            verdict,
        )
    out.print(table)


# --- batch reports (quickscan report --each) ----------------------------------------------


class BatchProgressBar:
    """A rich progress bar for `quickscan.compare.batch.run_batch`, on stderr.

    Shows reports done of the total, how many failed, the time spent and the time left.
    """

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("reports"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed[/red]"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console.stderr(),
            transient=False,
        )
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("reports", total=total, failed=0)

    def advance(self, outcome: object, done: int, failed: int, total: int) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=done + failed, failed=failed)

    def stop(self) -> None:
        self._progress.stop()


def run_each(
    answers: list[Path],
    questionnaire: str,
    *,
    extra: Path | None,
    out_dir: Path,
    jobs: int,
    keep_going: bool,
    lang: str,
    report_date: object,
    include_open_answers: bool,
    template_dir: Path | None,
    municipality: str | None,
    wave: str | None,
    delimiter: str | None,
    sheet: str | None,
    benchmark: Path | None = None,
    pdf_variant: str = "ua-1",
    benchmark_any_wave: bool = False,
    population: Path | None = None,
    weights: str | None = None,
    weight_cap: float | None = None,
    keep_office_holder_names: bool = False,
    open_answers_approved: Path | None = None,
) -> None:
    """`quickscan report --each`: one PDF per municipality and wave, with a progress bar.

    Exits 6 (ReportError) when a report failed; 130 on Ctrl-C and 143 on SIGTERM, after a
    clean stop.
    """
    import datetime as dt

    from quickscan.compare.batch import BatchOptions, report_each
    from quickscan.errors import ReportError

    options = BatchOptions(
        out_dir=out_dir,
        jobs=jobs,
        keep_going=keep_going,
        lang=lang,
        report_date=report_date if isinstance(report_date, dt.date) else None,
        include_open_answers=include_open_answers,
        template_dir=template_dir,
        benchmark=benchmark,
        pdf_variant=pdf_variant,
        benchmark_any_wave=benchmark_any_wave,
        keep_office_holder_names=keep_office_holder_names,
        open_answers_approved=open_answers_approved,
    )
    q: str | Questionnaire = questionnaire
    if benchmark is not None:
        # Read and check the benchmark once, before scoring: its warnings go to stderr here,
        # and a benchmark of another questionnaire stops the batch (exit 7).
        from quickscan.compare import load_benchmark
        from quickscan.questionnaire import load_questionnaire

        q = load_questionnaire(questionnaire, extra=extra)
        peers = load_benchmark(benchmark, q, any_wave=benchmark_any_wave)
        console.print_problems(
            Problem(
                code=w.code,
                message=w.message,
                location=Location(file=str(benchmark)),
                severity="warning",
            )
            for w in peers.warnings
        )
    summary = report_each(
        answers,
        q,
        options,
        extra=extra,
        municipality=municipality,
        wave=wave,
        delimiter=delimiter,
        sheet=sheet,
        progress=BatchProgressBar(),
        population=population,
        weights=weights,
        weight_cap=weight_cap,
    )
    message = (
        f"made {summary.done} of {summary.total} reports in {summary.seconds:.0f} s "
        f"into {out_dir}; manifest: {summary.manifest}"
    )
    if summary.ok:
        console.success(message)
        return
    console.info(message)
    problems = [
        Problem(
            code="report-failed",
            message=f"{_who(o)}: {o.error}",
            hint="see the manifest for details",
        )
        for o in summary.failures()
    ]
    if summary.cancelled:
        problems.append(
            Problem(
                code="reports-cancelled",
                message=f"{summary.cancelled} report(s) not made after the first failure",
                hint="add --keep-going to make every report that can be made",
                severity="warning",
            )
        )
    raise ReportError(f"{summary.failed} of {summary.total} reports failed", problems=problems)


def _who(outcome: object) -> str:
    code = getattr(outcome, "municipality_code", None)
    name = getattr(outcome, "municipality_name", None)
    wave = getattr(outcome, "wave", None)
    text = " ".join(p for p in (code, name) if p)
    return f"{text} (wave {wave})" if wave else text
