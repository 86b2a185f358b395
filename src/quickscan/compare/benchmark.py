"""Benchmarks: a peer group's score distribution, saved once and shown in later reports.

`build_benchmark` summarises, per area (and `overall`) and per group (and `all`), the scores
of the benchmark municipalities: n, mean, quartiles, min, max and the sorted scores
themselves (so a later percentile is exact). The file records the questionnaire (id,
version, fingerprint and every item's fingerprint) and the settings.

`load_benchmark` accepts a benchmark only for a questionnaire that scores alike: the same
fingerprint, or one that only *added* items (every item of the benchmark is present with the
same fingerprint); then only the areas whose items are all shared are compared, and a
warning says so. Anything else is refused with a CompareError.

`benchmark_position` places one municipality's result in a benchmark, per area and group,
with a sentence in Dutch and English; this is what `quickscan report --benchmark` shows.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

import quickscan
from quickscan.compare.models import OVERALL
from quickscan.compare.ranking import percentile_of
from quickscan.errors import CompareError, Location, Problem, file_problem
from quickscan.limits import TooLarge, capped_read_problem, read_capped
from quickscan.output import write_text_atomic
from quickscan.questionnaire.models import Questionnaire
from quickscan.results import (
    ALL_GROUPS,
    GroupScore,
    Message,
    MunicipalityResult,
    Settings,
)
from quickscan.rounding import clean, display_lang

FORMAT = "quickscan-benchmark"
FORMAT_VERSION = 1
#: A benchmark of every Dutch municipality is well below a megabyte; refuse far larger files.
MAX_BENCHMARK_BYTES = 50_000_000
#: What to do about a file that is not a benchmark.
MAKE_BENCHMARK_HINT = "make one with quickscan compare ... --save-benchmark FILE"
#: Fewest municipalities with a score for which a distribution is stored. With two, each
#: member reads the other's exact score off the file; below this only `n` is kept.
MIN_BENCHMARK_MUNICIPALITIES = 3


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Distribution(_Model):
    """The benchmark municipalities' scores on one area for one group."""

    group: str
    #: Municipalities with a score (suppressed and missing scores are left out).
    n: int
    mean: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    min: float | None = None
    max: float | None = None
    #: The scores themselves, sorted, without municipality codes.
    scores: list[float] = Field(default_factory=list)
    #: True when fewer than MIN_BENCHMARK_MUNICIPALITIES had a score: no numbers are kept.
    withheld: bool = False


class BenchmarkArea(_Model):
    area: str
    number: int | None = None
    title: dict[str, str]
    #: The items the area's scores rest on (empty for `overall`).
    items: list[str] = Field(default_factory=list)
    groups: list[Distribution]

    def group(self, group: str) -> Distribution | None:
        return next((d for d in self.groups if d.group == group), None)


class BenchmarkQuestionnaire(_Model):
    id: str
    version: str
    fingerprint: str
    #: Item id -> item fingerprint (Questionnaire.item_fingerprint).
    items: dict[str, str]


class Benchmark(_Model):
    """A saved peer distribution (the JSON file of --save-benchmark)."""

    format: Literal["quickscan-benchmark"] = "quickscan-benchmark"
    format_version: int = FORMAT_VERSION
    tool: dict[str, str]
    #: What the benchmark is, in words, e.g. "CBS size class 4: 20,000 to 50,000 inhabitants".
    label: str
    #: The same per report language ('nl', 'en'); older files have none.
    labels: dict[str, str] = Field(default_factory=dict)
    questionnaire: BenchmarkQuestionnaire
    #: Scoring settings, the peer group spec, the focal municipality, the wave.
    settings: dict[str, Any]
    #: The municipalities in the benchmark (codes or names).
    municipalities: list[str]
    areas: list[BenchmarkArea]
    #: Filled by load_benchmark: the areas that may be compared with this questionnaire.
    usable_areas: list[str] | None = None
    #: Filled by load_benchmark: why some areas are not compared.
    warnings: list[Message] = Field(default_factory=list)
    #: When the benchmark was made (ISO date); older files have none.
    created: str | None = None
    #: Set by load_benchmark(any_wave=True): a report of another wave may use it.
    any_wave: bool = False

    @property
    def wave(self) -> str | None:
        value = self.settings.get("wave")
        return None if value is None else str(value)

    def area(self, area_id: str) -> BenchmarkArea | None:
        return next((a for a in self.areas if a.area == area_id), None)


# --- building ---------------------------------------------------------------------------


def distribution(
    group: str, values: Sequence[float], minimum: int = MIN_BENCHMARK_MUNICIPALITIES
) -> Distribution:
    """n, mean, quartiles (linear interpolation, numpy's default), min, max and the scores.

    Fewer than `minimum` scores keep only n (withheld): a group present in one or two
    members would otherwise reveal their scores.
    """
    scores = sorted(float(v) for v in values)
    if not scores:
        return Distribution(group=group, n=0)
    if len(scores) < minimum:
        return Distribution(group=group, n=len(scores), withheld=True)
    q1, median, q3 = (clean(float(q)) for q in np.percentile(scores, [25, 50, 75]))
    return Distribution(
        group=group,
        n=len(scores),
        mean=clean(statistics.fmean(scores)),
        q1=q1,
        median=median,
        q3=q3,
        min=scores[0],
        max=scores[-1],
        scores=scores,
    )


def build_benchmark(
    results: Sequence[MunicipalityResult],
    questionnaire: Questionnaire,
    *,
    label: str,
    settings: dict[str, Any],
    labels: dict[str, str] | None = None,
) -> Benchmark:
    """The distribution of `results` (one per municipality) per area and group."""
    keys = [r.municipality_code or r.municipality_name or "" for r in results]
    doubles = sorted({k for k in keys if keys.count(k) > 1})
    if doubles:
        raise CompareError(
            problems=[
                Problem(
                    code="benchmark-several-waves",
                    message=f"a benchmark needs one wave per municipality; {', '.join(doubles)} "
                    "have several",
                    hint="choose one wave with --wave",
                )
            ]
        )
    groups = [g.id for g in questionnaire.groups] + [ALL_GROUPS]
    areas: list[BenchmarkArea] = []
    for area in questionnaire.areas:
        per_group: list[Distribution] = []
        for group in groups:
            values = [_area_score(r, area.id, group) for r in results]
            per_group.append(distribution(group, [v for v in values if v is not None]))
        areas.append(
            BenchmarkArea(
                area=area.id,
                number=area.number,
                title={lang: area.short(lang) for lang in ("nl", "en")},
                items=[item.id for item in area.items],
                groups=per_group,
            )
        )
    overall_groups = []
    for group in groups:
        values = [_overall_score(r, group) for r in results]
        overall_groups.append(distribution(group, [v for v in values if v is not None]))
    areas.append(
        BenchmarkArea(
            area=OVERALL,
            title={"nl": "Totaalscore", "en": "Overall score"},
            groups=overall_groups,
        )
    )
    return Benchmark(
        tool={"name": "quickscan", "version": quickscan.__version__},
        label=label,
        labels=dict(labels or {}),
        questionnaire=BenchmarkQuestionnaire(
            id=questionnaire.id,
            version=questionnaire.version,
            fingerprint=questionnaire.fingerprint,
            items={
                item.id: questionnaire.item_fingerprint(item.id) for item in questionnaire.items
            },
        ),
        settings=settings,
        municipalities=sorted(keys),
        areas=areas,
        created=dt.date.today().isoformat(),
    )


def _area_score(result: MunicipalityResult, area: str, group: str) -> float | None:
    try:
        found = result.area(area)
    except KeyError:
        return None
    score: GroupScore | None = (
        found.combined
        if group == ALL_GROUPS
        else next((g for g in found.groups if g.group == group), None)
    )
    return score.score if score is not None and not score.suppressed else None


def _overall_score(result: MunicipalityResult, group: str) -> float | None:
    score = next((s for s in result.overall if s.group == group), None)
    return score.score if score is not None and not score.suppressed else None


def save_benchmark(benchmark: Benchmark, path: Path | str, inputs: Sequence[Path] = ()) -> None:
    data = benchmark.model_dump(mode="json", exclude={"usable_areas", "warnings", "any_wave"})
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n", inputs)


# --- loading ----------------------------------------------------------------------------


def load_benchmark(
    path: Path | str, questionnaire: Questionnaire, *, any_wave: bool = False
) -> Benchmark:
    """Read a benchmark and check it fits `questionnaire` (see the module docstring).

    `any_wave` lets a report of another wave than the benchmark's use it
    (`--benchmark-any-wave`); without it `benchmark_position` refuses such a report.
    """
    source = str(path)
    try:
        # Capped by the bytes read: st_size is 0 for a pipe or a device such as /dev/zero.
        data = json.loads(read_capped(path, MAX_BENCHMARK_BYTES).decode("utf-8"))
    except (TooLarge, OSError) as exc:
        problem = capped_read_problem(
            exc,
            file=source,
            code="benchmark-unreadable",
            what="the benchmark",
            too_large_for="a quickscan benchmark",
        )
        # An OS error stays the cause (shown by --debug); a file over the cap needs none.
        raise CompareError(problems=[problem]) from (exc if isinstance(exc, OSError) else None)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        message = f"the benchmark is not a JSON file: {exc}"
        raise CompareError(
            problems=[file_problem(source, "benchmark-not-json", message, MAKE_BENCHMARK_HINT)]
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        message = "the file is not a quickscan benchmark"
        raise CompareError(
            problems=[file_problem(source, "benchmark-format", message, MAKE_BENCHMARK_HINT)]
        )
    if data.get("format_version") != FORMAT_VERSION:
        message = (
            f"benchmark format version {data.get('format_version')!r} is not "
            f"supported (this quickscan reads version {FORMAT_VERSION})"
        )
        hint = "make the benchmark again with this quickscan"
        raise CompareError(
            problems=[file_problem(source, "benchmark-format-version", message, hint)]
        )
    data.pop("usable_areas", None)
    data.pop("warnings", None)
    data.pop("any_wave", None)
    try:
        benchmark = Benchmark.model_validate(data)
    except ValidationError as exc:
        raise CompareError(
            problems=[
                Problem(
                    code="benchmark-invalid",
                    message=f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}",
                    location=Location(file=source, path=".".join(str(p) for p in err["loc"])),
                )
                for err in exc.errors()
            ]
        ) from exc
    checked = check_benchmark(benchmark, questionnaire, source)
    return checked.model_copy(update={"any_wave": any_wave})


def check_benchmark(
    benchmark: Benchmark, questionnaire: Questionnaire, source: str = "benchmark"
) -> Benchmark:
    """Set `usable_areas` and `warnings`, or refuse a benchmark of another questionnaire."""
    made = benchmark.questionnaire
    now_items = {item.id: questionnaire.item_fingerprint(item.id) for item in questionnaire.items}
    all_areas = [a.area for a in benchmark.areas]
    if made.fingerprint == questionnaire.fingerprint:
        return benchmark.model_copy(update={"usable_areas": all_areas, "warnings": []})
    removed = sorted(i for i in made.items if i not in now_items)
    changed = sorted(i for i in made.items if i in now_items and now_items[i] != made.items[i])
    if removed or changed:
        parts = []
        if changed:
            parts.append(f"changed items: {', '.join(changed)}")
        if removed:
            parts.append(f"removed items: {', '.join(removed)}")
        raise CompareError(
            problems=[
                Problem(
                    code="benchmark-questionnaire-mismatch",
                    message=f"the benchmark was made with questionnaire {made.id} {made.version} "
                    f"({made.fingerprint}), which scores differently from {questionnaire.id} "
                    f"{questionnaire.version} ({questionnaire.fingerprint}); " + "; ".join(parts),
                    location=Location(file=source),
                    hint="make a new benchmark with this questionnaire",
                )
            ]
        )
    usable: list[str] = []
    left_out: list[str] = []
    for area in questionnaire.areas:
        made_area = benchmark.area(area.id)
        now = sorted(item.id for item in area.items)
        if made_area is not None and sorted(made_area.items) == now:
            usable.append(area.id)
        else:
            left_out.append(area.id)
    added = sorted(i for i in now_items if i not in made.items)
    if not left_out:
        usable.append(OVERALL)
    message = (
        f"the benchmark was made with {made.id} {made.version} ({made.fingerprint}); this "
        f"questionnaire ({questionnaire.version}, {questionnaire.fingerprint}) added items "
        f"{', '.join(added)}. Compared only on the areas whose items are all shared: "
        f"{', '.join(usable) or 'none'}"
        + (f"; not on {', '.join(left_out)} nor the overall score" if left_out else "")
    )
    return benchmark.model_copy(
        update={
            "usable_areas": usable,
            "warnings": [Message(code="benchmark-partial", message=message)],
        }
    )


# --- a municipality against a benchmark -------------------------------------------------


class Position(_Model):
    """One municipality's score on one area (or `overall`) and group against the benchmark."""

    area: str
    group: str
    title: dict[str, str]
    score: float | None = None
    #: 'ok'; 'no_score' (the municipality has none); 'not_comparable' (the area's items
    #: differ from the benchmark's); 'no_peers' (no benchmark municipality has a score, or
    #: too few for the benchmark to keep their scores).
    status: Literal["ok", "no_score", "not_comparable", "no_peers"] = "ok"
    peer_n: int = 0
    peer_mean: float | None = None
    peer_q1: float | None = None
    peer_median: float | None = None
    peer_q3: float | None = None
    peer_min: float | None = None
    peer_max: float | None = None
    #: Share (0-100) of the benchmark municipalities with a lower score, ties counting half.
    percentile: float | None = None
    #: score - peer_mean.
    difference: float | None = None
    #: Peers scoring lower, the same and higher (what the sentence says in words).
    lower: int = 0
    tied: int = 0
    higher: int = 0
    sentence: dict[str, str] = Field(default_factory=dict)


class BenchmarkPosition(_Model):
    municipality_code: str | None
    municipality_name: str | None
    wave: str | None
    label: str
    #: The label per report language ('nl', 'en'), when the benchmark has them.
    labels: dict[str, str] = Field(default_factory=dict)
    #: Every area (in benchmark order, then `overall`) for every group (groups, then `all`).
    positions: list[Position]
    warnings: list[Message] = Field(default_factory=list)

    def get(self, area: str, group: str = ALL_GROUPS) -> Position:
        for position in self.positions:
            if position.area == area and position.group == group:
                return position
        raise KeyError((area, group))

    def combined(self) -> list[Position]:
        """The `all` positions: one per area, then overall (what a report shows first)."""
        return [p for p in self.positions if p.group == ALL_GROUPS]


def refuse_other_waves(benchmark: Benchmark, waves: Sequence[str | None]) -> None:
    """One CompareError when reports of `waves` would use a benchmark of another wave.

    For a batch (`report --each`): checked on all its reports before any is rendered, so a
    benchmark of another wave gives one message, not one failed report per municipality.
    Nothing is refused with `any_wave` or when either side has no wave.
    """
    if benchmark.any_wave or benchmark.wave is None:
        return
    other = sorted({w for w in waves if w is not None and w != benchmark.wave})
    if not other:
        return
    count = sum(1 for w in waves if w is not None and w != benchmark.wave)
    made = f" on {benchmark.created}" if benchmark.created else ""
    raise CompareError(
        problems=[
            Problem(
                code="benchmark-other-wave",
                message=f"the benchmark was made for wave {benchmark.wave}{made}; "
                f"{count} of the {len(waves)} reports are of wave {', '.join(other)}",
                hint="make a benchmark of this wave, or pass --benchmark-any-wave to "
                "compare with another wave on purpose",
            )
        ]
    )


def benchmark_position(
    benchmark: Benchmark, result: MunicipalityResult, settings: Settings | None = None
) -> BenchmarkPosition:
    """Where `result` stands in `benchmark`, per area and group, with sentences nl/en.

    Use a benchmark from `load_benchmark` (which knows the comparable areas); a benchmark
    straight from `build_benchmark` is treated as fully comparable. Pass the `settings` the
    result was scored with (`ScoreResult.settings`) to be warned when the benchmark was
    scored differently (weighting, minimum group size).

    A benchmark of another wave is refused (CompareError) unless it was loaded with
    `any_wave=True`. When the municipality is one of the benchmark's members, its own score
    is taken out of the peer figures (n, mean, quartiles, percentile), so it is never
    compared with itself; if its score is not among the stored ones (other data), it stays
    in and a warning says so.
    """
    if (
        not benchmark.any_wave
        and benchmark.wave is not None
        and result.wave is not None
        and benchmark.wave != result.wave
    ):
        raise CompareError(
            problems=[
                Problem(
                    code="benchmark-other-wave",
                    message=f"the benchmark was made for wave {benchmark.wave}, the report is "
                    f"of wave {result.wave}",
                    hint="make a benchmark of this wave, or pass --benchmark-any-wave to "
                    "compare with another wave on purpose",
                )
            ]
        )
    usable = set(benchmark.usable_areas or [a.area for a in benchmark.areas])
    member = (result.municipality_code or result.municipality_name or "") in set(
        benchmark.municipalities
    )
    kept_in: list[str] = []
    positions: list[Position] = []
    for area in benchmark.areas:
        for dist in area.groups:
            if area.area == OVERALL:
                value = _overall_score(result, dist.group)
            else:
                value = _area_score(result, area.area, dist.group)
            peers = dist
            if member and value is not None and dist.scores:
                if value in dist.scores:
                    rest = list(dist.scores)
                    rest.remove(value)
                    peers = distribution(dist.group, rest)
                else:
                    kept_in.append(f"{area.area}/{dist.group}")
            elif member and value is None and dist.withheld:
                peers = dist
            position = Position(area=area.area, group=dist.group, title=area.title, score=value)
            if area.area not in usable:
                position.status = "not_comparable"
            elif peers.n == 0 or peers.withheld:
                position.status = "no_peers"
                position.peer_n = peers.n
            else:
                position.peer_n = peers.n
                position.peer_mean = peers.mean
                position.peer_q1 = peers.q1
                position.peer_median = peers.median
                position.peer_q3 = peers.q3
                position.peer_min = peers.min
                position.peer_max = peers.max
                if value is None:
                    position.status = "no_score"
                else:
                    position.percentile = percentile_of(value, peers.scores)
                    position.lower = sum(1 for v in peers.scores if v < value)
                    position.tied = sum(1 for v in peers.scores if v == value)
                    position.higher = peers.n - position.lower - position.tied
                    if peers.mean is not None:
                        position.difference = clean(value - peers.mean)
            position.sentence = _sentences(position)
            positions.append(position)
    warnings = list(benchmark.warnings)
    if kept_in:
        warnings.append(
            Message(
                code="benchmark-includes-municipality",
                message="this municipality is one of the benchmark's members and its score "
                f"is not among the stored ones, so it stays in the peer figures of "
                f"{', '.join(kept_in)}",
            )
        )
    if settings is not None:
        differ = [
            f"{key} {benchmark.settings[key]} (benchmark) vs {getattr(settings, key)}"
            for key in ("weighting", "min_group_size")
            if key in benchmark.settings and benchmark.settings[key] != getattr(settings, key)
        ]
        if differ:
            warnings.append(
                Message(
                    code="benchmark-settings-differ",
                    message="the benchmark was scored with other settings: " + "; ".join(differ),
                )
            )
    return BenchmarkPosition(
        municipality_code=result.municipality_code,
        municipality_name=result.municipality_name,
        wave=result.wave,
        label=_with_origin(benchmark.label, benchmark, "en"),
        labels={
            lang: _with_origin(text, benchmark, lang) for lang, text in benchmark.labels.items()
        },
        positions=positions,
        warnings=warnings,
    )


def _with_origin(label: str, benchmark: Benchmark, lang: str) -> str:
    """The label with the benchmark's wave and date, which every report names."""
    parts = []
    if benchmark.wave is not None:
        parts.append(f"meting {benchmark.wave}" if lang == "nl" else f"wave {benchmark.wave}")
    if benchmark.created:
        parts.append(
            f"gemaakt op {_date(benchmark.created, lang)}"
            if lang == "nl"
            else f"made on {_date(benchmark.created, lang)}"
        )
    return f"{label} ({', '.join(parts)})" if parts else label


def _date(iso: str, lang: str) -> str:
    from quickscan.report.i18n import format_date

    try:
        return format_date(dt.date.fromisoformat(iso), lang)
    except ValueError:
        return iso


def _number(value: float | None, lang: str, decimals: int = 1) -> str:
    return display_lang(value, lang, decimals)


#: The words of `peers_phrase`: nouns (one, many), "the one", "all N", the three relations,
#: "of the N" and the word before the last of a list.
_PEER_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "one": "vergelijkingsgemeente",
        "many": "vergelijkingsgemeenten",
        "the_one": "de ene",
        "all": "alle {n}",
        "higher": "hoger dan",
        "lower": "lager dan",
        "equal": "gelijk aan",
        "of": "van de",
        "and": "en",
    },
    "en": {
        "one": "peer municipality",
        "many": "peer municipalities",
        "the_one": "the one",
        "all": "all {n}",
        "higher": "higher than",
        "lower": "lower than",
        "equal": "equal to",
        "of": "of the",
        "and": "and",
    },
}


def peers_phrase(lower: int, tied: int, higher: int, lang: str) -> str:
    """'hoger dan alle 9 vergelijkingsgemeenten', 'lager dan de ene ...', ties as ties."""
    words = _PEER_WORDS["nl" if lang == "nl" else "en"]
    n = lower + tied + higher
    noun = words["one"] if n == 1 else words["many"]
    everyone = words["the_one"] if n == 1 else words["all"].format(n=n)
    for count, relation in ((lower, "higher"), (higher, "lower"), (tied, "equal")):
        if count == n:
            return f"{words[relation]} {everyone} {noun}"
    parts = [
        f"{words[relation]} {count}"
        for count, relation in ((lower, "higher"), (tied, "equal"), (higher, "lower"))
        if count
    ]
    joined = (
        parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {words['and']} " + parts[-1]
    )
    return f"{joined} {words['of']} {n} {noun}"


def _sentences(position: Position) -> dict[str, str]:
    nl_title, en_title = position.title["nl"], position.title["en"]
    if position.status == "not_comparable":
        return {
            "nl": f"{nl_title}: niet te vergelijken met de benchmark, de vragen zijn veranderd.",
            "en": f"{en_title}: not comparable with the benchmark, the questions have changed.",
        }
    if position.status == "no_peers":
        return {
            "nl": f"{nl_title}: de benchmark heeft hier te weinig scores.",
            "en": f"{en_title}: the benchmark has too few scores here.",
        }
    mean = {lang: _number(position.peer_mean, lang) for lang in ("nl", "en")}
    n = position.peer_n
    if position.status == "no_score" or position.score is None or position.percentile is None:
        return {
            "nl": f"{nl_title}: geen score; het gemiddelde van "
            f"{'de ene vergelijkingsgemeente' if n == 1 else f'de {n} vergelijkingsgemeenten'} "
            f"is {mean['nl']}.",
            "en": f"{en_title}: no score; the mean of "
            f"{'the one peer municipality' if n == 1 else f'the {n} peer municipalities'} "
            f"is {mean['en']}.",
        }
    score = {lang: _number(position.score, lang) for lang in ("nl", "en")}
    where = {
        lang: peers_phrase(position.lower, position.tied, position.higher, lang)
        for lang in ("nl", "en")
    }
    return {
        "nl": f"{nl_title}: met {score['nl']} {where['nl']} (gemiddelde {mean['nl']}).",
        "en": f"{en_title}: at {score['en']}, {where['en']} (mean {mean['en']}).",
    }
