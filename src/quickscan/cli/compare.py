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
    output_format: Annotated[
        TableFormat | None,
        typer.Option(
            "--format",
            help="table (terminal), csv, json or xlsx. Default: table, or the format of "
            "--output's suffix.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of stdout (- is stdout).",
            metavar="FILE|-",
        ),
    ] = None,
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


def _cell_text(cell: Cell, colours: dict[str, str], compact: bool = False) -> str:
    """A score in its band colour; 'suppressed' / 'no score' (or 's' / '-') without one."""
    from quickscan.results import display

    if cell.status == "suppressed":
        return "[dim]s[/dim]" if compact else "[dim]suppressed[/dim]"
    if cell.score is None:
        return "[dim]-[/dim]" if compact else "[dim]no score[/dim]"
    colour = colours.get(cell.band or "", "")
    return f"[{colour}]{display(cell.score)}[/{colour}]" if colour else display(cell.score)


def print_comparison(comparison: Comparison, lang: str = "nl") -> None:
    """The comparison table (sorted), peer tables and wave changes, on stdout."""
    from quickscan.results import display

    out = console.stdout()
    colours = {band.id: band.colour for band in comparison.bands}
    q = comparison.questionnaire
    sort_title = "overall" if comparison.sort == "overall" else comparison.sort
    out.print(
        f"[dim]questionnaire {escape(q.id)} {escape(q.version)} ({escape(q.fingerprint)}); "
        f"weighting {comparison.settings.weighting}; groups under "
        f"{comparison.settings.min_group_size} respondents are suppressed[/dim]"
    )
    grid = Table(
        title=f"[bold]Comparison[/bold] of {len(comparison.rows)} rows, sorted by "
        f"{escape(sort_title)} (# = rank on it within the wave)",
        title_justify="left",
        header_style="bold",
        box=None,
        padding=(0, 1, 0, 0),
    )
    grid.add_column("#", justify="right", no_wrap=True)
    grid.add_column("municipality", no_wrap=True, overflow="ellipsis", max_width=26)
    waves = any(row.wave for row in comparison.rows)
    if waves:
        grid.add_column("wave", no_wrap=True)
    grid.add_column("overall", justify="right", no_wrap=True)
    for area in comparison.areas:
        grid.add_column(str(area.number), justify="right", no_wrap=True)
    grid.add_column("bands", justify="right", no_wrap=True)
    grid.add_column("n", justify="right", no_wrap=True)
    band_order = [b.id for b in comparison.bands]
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
            _cell_text(row.overall, colours, compact=True),
            *(_cell_text(cell, colours, compact=True) for cell in row.areas),
            bands,
            str(row.respondents),
        )
    out.print(grid)
    legend = "; ".join(f"{a.number} {a.short_title.get(lang, a.id)}" for a in comparison.areas)
    band_legend = "/".join(
        f"[{b.colour}]{escape(b.label.get(lang, b.id))}[/{b.colour}]" for b in comparison.bands
    )
    out.print(f"[dim]areas: {escape(legend)}[/dim]")
    out.print(
        f"[dim]bands: areas per band ({band_legend}); s = suppressed (too few respondents), "
        "- = no score; n = respondents. Ranks and percentiles per area: --format csv/json/xlsx"
        "[/dim]"
    )

    for row in comparison.rows:
        if row.peers is None or (comparison.focal is None and len(comparison.rows) > 12):
            continue
        peers = row.peers
        out.print(
            f"\n[bold]{escape(row.municipality_code or '')}[/bold] against its peers: "
            f"{escape(peers.description)}; {len(peers.codes)} peers: "
            f"{escape(', '.join(peers.codes))}"
        )
        table = Table(header_style="bold")
        for column in ("area", "score", "peer mean", "difference", "percentile among peers", "n"):
            table.add_column(column, justify="left" if column == "area" else "right")
        for info, cell in [(None, row.overall), *zip(comparison.areas, row.areas, strict=True)]:
            label = "overall" if info is None else f"{info.number} {info.short_title.get(lang)}"
            peer = cell.peer
            table.add_row(
                escape(label),
                _cell_text(cell, colours),
                display(peer.mean) if peer else "",
                display(peer.difference) if peer else "",
                display(peer.percentile) if peer else "",
                str(peer.n) if peer else "",
            )
        out.print(table)
    if comparison.peer_group and comparison.focal is None:
        sizes = [len(r.peers.codes) for r in comparison.rows if r.peers]
        if sizes:
            out.print(
                f"[dim]peer group {escape(comparison.peer_group)} per municipality: "
                f"{min(sizes)} to {max(sizes)} peers; see --format csv/json for each "
                "municipality's peers and positions[/dim]"
            )

    for wave in comparison.waves:
        print_waves(wave, comparison, lang)
    if comparison.questionnaire_diff is not None:
        diff = comparison.questionnaire_diff
        out.print(
            f"\n[bold]Waves with different questionnaires[/bold]: compared on "
            f"{len(diff.shared_items)} shared items"
        )
        for pair in diff.pairs:
            out.print(
                f"  {escape(pair.from_wave)} → {escape(pair.to_wave)}: added "
                f"{escape(', '.join(pair.added) or '-')}; removed "
                f"{escape(', '.join(pair.removed) or '-')}; changed "
                f"{escape(', '.join(pair.changed) or '-')}"
            )
        if diff.areas_left_out:
            out.print(f"  areas left out: {escape(', '.join(diff.areas_left_out))}")
        if diff.areas_reduced:
            out.print(f"  areas on fewer items: {escape(', '.join(diff.areas_reduced))}")


def print_waves(wave: WaveComparison, comparison: Comparison, lang: str) -> None:
    from quickscan.results import display

    out = console.stdout()
    titles = {a.id: f"{a.number} {a.short_title.get(lang, a.id)}" for a in comparison.areas}
    titles["overall"] = "overall"
    table = Table(
        title=f"[bold]{escape(wave.municipality_code or '')} "
        f"{escape(wave.municipality_name or '')}[/bold] across waves "
        f"{escape(' → '.join(wave.waves))}",
        title_justify="left",
        header_style="bold",
    )
    for column in ("area", "group", "waves", "from", "to", "change", "95% interval", "chance?"):
        table.add_column(
            column, justify="left" if column in ("area", "group", "waves") else "right"
        )
    for change in wave.changes:
        if change.group != "all" and change.area == "overall":
            continue
        verdict = ""
        if change.significant is True:
            verdict = "[bold]larger than chance[/bold]"
        elif change.significant is False:
            verdict = "[dim]may be chance[/dim]"
        elif change.status == "no_ci" and change.difference is not None:
            verdict = "[dim]no interval[/dim]"
        interval = (
            f"{display(change.ci_low)} to {display(change.ci_high)}"
            if change.ci_low is not None
            else ""
        )
        group = (
            "[bold]all[/bold]" if change.group == "all" else f"[dim]{escape(change.group)}[/dim]"
        )
        if change.groups_left_out:
            # Compared on the groups shown in both waves only: say which.
            group += f" [dim](only {escape(', '.join(change.groups) or 'none')})[/dim]"
        table.add_row(
            escape(titles.get(change.area, change.area)),
            group,
            f"{escape(change.from_wave)}→{escape(change.to_wave)}",
            display(change.score_from),
            display(change.score_to),
            display(change.difference) if change.difference is not None else "[dim]-[/dim]",
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
    )
    q: str | Questionnaire = questionnaire
    if benchmark is not None:
        # Read and check the benchmark once, before scoring: its warnings go to stderr here,
        # and a benchmark of another questionnaire stops the batch (exit 7).
        from quickscan.compare import load_benchmark
        from quickscan.questionnaire import load_questionnaire

        q = load_questionnaire(questionnaire, extra=extra)
        peers = load_benchmark(benchmark, q)
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
