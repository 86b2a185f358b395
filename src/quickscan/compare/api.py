"""The comparison API behind `quickscan compare`: inputs in, one `Comparison` out.

`quickscan compare --format json` prints exactly `compare_files(...).model_dump(mode="json")`.
The work is split so callers can reuse the middle: `score_inputs` reads every input into
one AnswerSet and scores it in one pass; `compare_results` turns a `ScoreResult` into the
comparison (rows, ranks, peers, waves).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import quickscan
from quickscan.compare.models import OVERALL, Comparison, PeerGroup, QuestionnaireDiff, Row
from quickscan.compare.peers import (
    PeerSpec,
    PeerTable,
    normalise_code,
    parse_peer_spec,
    select_peers,
)
from quickscan.compare.table import (
    area_infos,
    band_infos,
    peer_positions,
    rank_rows,
    resolve_sort,
    row_from,
    sort_rows,
)
from quickscan.compare.waves import wave_changes
from quickscan.errors import CompareError, Location, Problem, UsageError, excerpt
from quickscan.questionnaire import DEFAULT_QUESTIONNAIRE, Questionnaire, load_questionnaire
from quickscan.results import MunicipalityResult, ScoreResult


@dataclass
class Scored:
    """Every input read and scored once."""

    result: ScoreResult
    questionnaire: Questionnaire
    files: list[Path]
    diff: QuestionnaireDiff | None = None
    warnings: list[Problem] = field(default_factory=list)


def score_inputs(
    inputs: Sequence[str | Path],
    questionnaire: Questionnaire | str | Path = DEFAULT_QUESTIONNAIRE,
    *,
    extra: str | Path | None = None,
    wave_files: Mapping[str | Path, str] | None = None,
    wave_questionnaires: Mapping[str, Questionnaire | str | Path] | None = None,
    weighting: str | None = None,
    min_group_size: int | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
    group_sizes: Mapping[tuple[str, str], int] | None = None,
    population: str | Path | None = None,
    weights: str | None = None,
    weight_cap: float | None = None,
) -> Scored:
    """Expand and read every input (refusing duplicates) and score them in one pass.

    `wave_files` maps a file to the wave of all its respondents (for files without a wave
    column); `wave_questionnaires` maps a wave to the questionnaire its answers were given
    with. Waves with different questionnaires are scored on their shared items only.
    `group_sizes` ((municipality code, group) -> size, e.g. from `--invited`) gives the
    intervals their finite-population correction, as in `score`.
    """
    from quickscan.compare.inputs import expand_inputs, read_inputs
    from quickscan.scoring import score

    q = _load(questionnaire, extra)
    per_wave = {wave: _load(ref, extra) for wave, ref in (wave_questionnaires or {}).items()}
    files = expand_inputs(inputs)
    read = read_inputs(
        files,
        q,
        wave_files={Path(p): w for p, w in (wave_files or {}).items()},
        wave_questionnaires=per_wave,
        delimiter=delimiter,
        sheet=sheet,
        strict=strict,
    )
    from quickscan.api import weighting_for

    chosen = weighting_for(
        read.answers, read.questionnaire, population=population, weights=weights, cap=weight_cap
    )
    result = score(
        read.answers,
        read.questionnaire,
        weighting=weighting,
        min_group_size=min_group_size,
        group_sizes=group_sizes,
        weights=chosen,
    )
    return Scored(
        result=result,
        questionnaire=read.questionnaire,
        files=files,
        diff=read.diff,
        warnings=read.warnings,
    )


def _load(ref: Questionnaire | str | Path, extra: str | Path | None) -> Questionnaire:
    return ref if isinstance(ref, Questionnaire) else load_questionnaire(ref, extra=extra)


def compare_files(
    inputs: Sequence[str | Path],
    questionnaire: Questionnaire | str | Path = DEFAULT_QUESTIONNAIRE,
    *,
    by: str = "municipality",
    sort: str | None = None,
    municipality: str | None = None,
    wave: str | None = None,
    peers: PeerTable | str | Path | None = None,
    peer_group: str | None = None,
    extra: str | Path | None = None,
    wave_files: Mapping[str | Path, str] | None = None,
    wave_questionnaires: Mapping[str, Questionnaire | str | Path] | None = None,
    weighting: str | None = None,
    min_group_size: int | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
    group_sizes: Mapping[tuple[str, str], int] | None = None,
    population: str | Path | None = None,
    weights: str | None = None,
    weight_cap: float | None = None,
) -> Comparison:
    """Read, score and compare: the library call behind `quickscan compare`."""
    scored = score_inputs(
        inputs,
        questionnaire,
        extra=extra,
        wave_files=wave_files,
        wave_questionnaires=wave_questionnaires,
        weighting=weighting,
        min_group_size=min_group_size,
        delimiter=delimiter,
        sheet=sheet,
        strict=strict,
        group_sizes=group_sizes,
        population=population,
        weights=weights,
        weight_cap=weight_cap,
    )
    return compare_results(
        scored.result,
        scored.questionnaire,
        by=by,
        sort=sort,
        municipality=municipality,
        wave=wave,
        peers=peers,
        peer_group=peer_group,
        diff=scored.diff,
    )


def compare_results(
    result: ScoreResult,
    questionnaire: Questionnaire,
    *,
    by: str = "municipality",
    sort: str | None = None,
    municipality: str | None = None,
    wave: str | None = None,
    peers: PeerTable | str | Path | None = None,
    peer_group: str | None = None,
    diff: QuestionnaireDiff | None = None,
) -> Comparison:
    """Rows, ranks and percentiles, peer positions and wave changes of a scored result."""
    if by not in ("municipality", "wave"):
        raise UsageError(f"--by must be 'municipality' or 'wave', not {by!r}")
    sort_area = resolve_sort(sort, questionnaire)
    warnings: list[Problem] = []
    results = selected_results(result, wave)
    focal = find_municipality(results, municipality) if municipality else None

    table: PeerTable | None
    if peers is None or isinstance(peers, PeerTable):
        table = peers
    else:
        from quickscan.compare.peers import load_peers

        table = load_peers(peers)
    spec = parse_peer_spec(peer_group) if peer_group else None
    if table is not None and spec is None:
        raise UsageError(
            problems=[
                Problem(
                    code="peer-group-needed",
                    message="--peers is given without --peer-group",
                    hint="add --peer-group size-class, COLUMN=VALUE, nearest:K or a code list",
                )
            ]
        )
    available = sorted({r.municipality_code for r in results if r.municipality_code})
    groups: dict[str, PeerGroup] = {}
    if spec is not None:
        groups, peer_warnings = peer_groups(spec, focal, table, available)
        warnings.extend(peer_warnings)

    if focal is not None and spec is not None:
        keep = {focal, *groups[focal].codes}
        results = [r for r in results if _key(r) in keep]
    elif focal is not None and by == "wave":
        results = [r for r in results if _key(r) == focal]

    rows = [row_from(r, questionnaire) for r in results]
    for row in rows:
        row.focal = focal is not None and row.key[0] == focal
    rank_rows(rows)
    peer_positions(rows, groups)
    rows = sort_rows(rows, sort_area)

    waves = []
    if by == "wave":
        waves = wave_changes(results, questionnaire)
        if not waves:
            raise CompareError(
                problems=[
                    Problem(
                        code="single-wave",
                        message="--by wave needs a municipality with at least two waves; "
                        + (
                            f"{focal} has one"
                            if focal
                            else "every municipality in the inputs has one"
                        ),
                        hint="give the answer files of several waves (a wave column, or "
                        "--wave-file WAVE=FILE)",
                    )
                ]
            )

    all_warnings = [*result.warnings, *(p.to_dict() for p in warnings)]
    return Comparison(
        tool={"name": "quickscan", "version": quickscan.__version__},
        questionnaire=result.questionnaire,
        settings=result.settings,
        weights=result.weights,
        inputs=result.inputs,
        by=by,  # type: ignore[arg-type]
        sort=sort_area,
        areas=area_infos(questionnaire),
        bands=band_infos(questionnaire),
        groups=[g.id for g in questionnaire.groups],
        rows=rows,
        focal=focal,
        peer_group=spec.spec if spec else None,
        waves=waves,
        questionnaire_diff=diff,
        warnings=all_warnings,
    )


def _key(result: MunicipalityResult) -> str:
    return result.municipality_code or result.municipality_name or ""


def selected_results(result: ScoreResult, wave: str | None) -> list[MunicipalityResult]:
    """The municipalities of `result`, of one wave when `wave` is given."""
    if wave is None:
        return list(result.municipalities)
    chosen = [r for r in result.municipalities if (r.wave or "") == wave]
    if not chosen:
        found = sorted({r.wave or "" for r in result.municipalities})
        raise CompareError(
            problems=[
                Problem(
                    code="wave-not-in-inputs",
                    message=f"no results for wave {excerpt(wave)!r}",
                    hint=f"the inputs have waves: {', '.join(found) or 'none'}",
                )
            ]
        )
    return chosen


def find_municipality(results: Sequence[MunicipalityResult], wanted: str) -> str:
    """The key (code, or name without a code) of --municipality CODE among the results."""
    code = normalise_code(wanted)
    for result in results:
        if code is not None and result.municipality_code == code:
            return code
        if result.municipality_code is None and (result.municipality_name or "").casefold() == (
            wanted.strip().casefold()
        ):
            return result.municipality_name or ""
    raise CompareError(
        problems=[
            Problem(
                code="municipality-not-in-inputs",
                message=f"municipality {excerpt(wanted)} is not in the inputs",
                location=Location(field="--municipality"),
                hint="give its CBS code (GM0363) as it appears in the answer files",
            )
        ]
    )


def peer_groups(
    spec: PeerSpec, focal: str | None, table: PeerTable | None, available: list[str]
) -> tuple[dict[str, PeerGroup], list[Problem]]:
    """The peer group of the focal municipality, or of every municipality without one."""
    warnings: list[Problem] = []
    if table is not None:
        absent = [code for code in available if code not in table.values]
        if absent:
            warnings.append(
                Problem(
                    code="peers-file-incomplete",
                    message=f"{len(absent)} municipalities in the inputs are not in the peers "
                    f"file: {', '.join(absent[:20])}" + (" …" if len(absent) > 20 else ""),
                    location=Location(file=table.source),
                    severity="warning",
                )
            )
    if focal is not None:
        group, found = select_peers(spec, focal, table, available)
        return {focal: group}, warnings + found
    groups: dict[str, PeerGroup] = {}
    few: list[str] = []
    skipped: list[str] = []
    shared: list[Problem] = []
    for code in available:
        if spec.needs_focal and table is not None and code not in table.values:
            skipped.append(code)
            continue
        try:
            group, found = select_peers(spec, code, table, available)
        except CompareError as error:
            if spec.needs_focal and all(
                p.code in ("peers-focal-missing", "peers-focal-value-missing")
                for p in error.problems
            ):
                skipped.append(code)
                continue
            raise
        groups[code] = group
        for problem in found:
            if problem.code == "few-peers":
                few.append(code)
            elif not any(p.code == problem.code for p in shared):
                shared.append(problem)
    warnings.extend(shared)
    if few:
        warnings.append(
            Problem(
                code="few-peers",
                message=f"{len(few)} municipalities have fewer than 5 peers with results: "
                f"{', '.join(few[:20])}" + (" …" if len(few) > 20 else ""),
                severity="warning",
            )
        )
    if skipped and any(code in (table.values if table else {}) for code in skipped):
        warnings.append(
            Problem(
                code="peers-focal-value-missing",
                message=f"{len(skipped)} municipalities get no peer group (a value is missing "
                f"in the peers file): {', '.join(skipped[:20])}",
                severity="warning",
            )
        )
    return groups, warnings


def benchmark_results(
    comparison: Comparison, result: ScoreResult
) -> tuple[list[MunicipalityResult], dict[str, str]]:
    """The municipalities a --save-benchmark summarises, and its label per language.

    With a focal municipality and a peer group: its peers. With a peer group that is the same
    for everyone (COLUMN=VALUE, codes): the municipalities in it. Otherwise: every compared
    municipality.
    """
    rows = comparison.rows
    if comparison.peer_group is not None:
        spec = parse_peer_spec(comparison.peer_group)
        if comparison.focal is not None:
            group = comparison.row(comparison.focal).peers
            assert group is not None
            members = set(group.codes)
            labels = {lang: group.described(lang) for lang in ("nl", "en")}
        elif spec.needs_focal:
            raise UsageError(
                problems=[
                    Problem(
                        code="benchmark-needs-municipality",
                        message=f"--peer-group {spec.spec} differs per municipality, so it makes "
                        "no single benchmark",
                        hint="add --municipality CODE to save the benchmark of its peers",
                    )
                ]
            )
        else:
            # COLUMN=VALUE or codes: everyone's peers come from the same set.
            any_group = next((r.peers for r in rows if r.peers is not None), None)
            members = {c for r in rows if r.peers for c in r.peers.codes}
            labels = {
                lang: any_group.described(lang) if any_group else spec.spec for lang in ("nl", "en")
            }
    else:
        members = {r.key[0] for r in rows}
        labels = {
            "nl": f"{len(members)} vergeleken gemeenten",
            "en": f"{len(members)} compared municipalities",
        }
    waves = {r.key for r in rows if r.key[0] in members}
    chosen = [r for r in result.municipalities if r.key in waves]
    return chosen, labels


def row_for(comparison: Comparison, result: MunicipalityResult) -> Row:
    """The comparison row of one scored municipality."""
    for row in comparison.rows:
        if row.key == result.key:
            return row
    raise KeyError(result.key)


__all__ = [
    "OVERALL",
    "Scored",
    "benchmark_results",
    "compare_files",
    "compare_results",
    "score_inputs",
]
