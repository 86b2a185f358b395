"""A realistic `ScoreResult` built directly, so report tests do not depend on scoring.

The numbers are simulated from a fixed seed: answer distributions per item and group are
drawn around a target score, and every derived figure (item score, area score, combined
score, interval, gaps, notable results) is computed from them the way a reader of the
report would expect. Nothing here is a methodology reference; it only has to look real.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

from quickscan.questionnaire.models import Questionnaire
from quickscan.results import (
    ALL_GROUPS,
    AreaResult,
    Gap,
    GroupResponse,
    GroupScore,
    InputFile,
    ItemStat,
    Message,
    MunicipalityResult,
    Notable,
    QuestionnaireRef,
    ScoreResult,
    Settings,
    display,
)
from quickscan.scoring.uncertainty import wilson_one

GROUP_SIZES = {"raad": 17, "college": 4, "ambtenaar": 26, "inwoner": 58}

#: Target area scores per group (0-10), the shape of a typical municipality.
TARGETS = {
    "krachtige-gemeenteraad": {"raad": 7.3, "college": 7.0, "ambtenaar": 6.1, "inwoner": 5.0},
    "toegeruste-ambtsdragers": {"raad": 6.9, "college": 7.2, "ambtenaar": 6.4, "inwoner": 5.7},
    "betrokken-inwoners": {"raad": 6.1, "college": 6.5, "ambtenaar": 5.6, "inwoner": 4.0},
    "responsieve-organisatie": {"raad": 5.8, "college": 6.8, "ambtenaar": 7.2, "inwoner": 4.7},
    "digitale-democratie": {"raad": 5.1, "college": 5.5, "ambtenaar": 5.6, "inwoner": 4.8},
    "democratische-gemeenschap": {"raad": 6.7, "college": 6.4, "ambtenaar": 6.3, "inwoner": 5.9},
    "weerbaar-bestuur": {"raad": 7.5, "college": 7.8, "ambtenaar": 7.1, "inwoner": 6.3},
}
ALPHAS = {
    "krachtige-gemeenteraad": 0.81,
    "toegeruste-ambtsdragers": 0.77,
    "betrokken-inwoners": 0.84,
    "responsieve-organisatie": 0.79,
    "digitale-democratie": 0.54,
    "democratische-gemeenschap": 0.72,
    "weerbaar-bestuur": 0.69,
}


def _settings(q: Questionnaire) -> Settings:
    s = q.scoring
    return Settings(
        min_valid_share=s.min_valid_share,
        min_group_size=s.min_group_size,
        weighting=s.weighting,
        gap_threshold=s.gap_threshold,
        dont_know_threshold=s.dont_know_threshold,
        alpha_warning=s.alpha_warning,
    )


def _distribution(rng: np.random.Generator, target: float, n: int) -> dict[str, int]:
    centre = 1 + 4 * target / 10
    codes = np.arange(1, 6)
    weights = np.exp(-0.5 * ((codes - centre) / 0.95) ** 2)
    counts = rng.multinomial(n, weights / weights.sum())
    return {str(c): int(k) for c, k in zip(codes, counts, strict=True)}


def _score(dist: dict[str, int], reverse: bool) -> tuple[float | None, float | None]:
    values: list[float] = []
    for code, count in dist.items():
        step = (5 - int(code)) if reverse else (int(code) - 1)
        values += [step * 2.5] * count
    if not values:
        return None, None
    return float(np.mean(values)), float(np.std(values, ddof=1)) if len(values) > 1 else 0.0


def _interval(score: float, sd: float, n: int) -> tuple[float, float]:
    half = 1.96 * sd / math.sqrt(max(n, 1))
    return max(0.0, score - half), min(10.0, score + half)


def make_municipality(
    q: Questionnaire,
    *,
    code: str = "GM9901",
    name: str = "De Wolden aan Zee",
    wave: str | None = "2026-voorjaar",
    seed: int = 7,
    sizes: dict[str, int] | None = None,
    shift: float = 0.0,
) -> MunicipalityResult:
    rng = np.random.default_rng(seed)
    settings = _settings(q)
    sizes = dict(GROUP_SIZES if sizes is None else sizes)
    shown = {g.id: sizes.get(g.id, 0) >= settings.min_group_size for g in q.groups}
    band = lambda s: q.band_for(s).id if q.band_for(s) else None  # noqa: E731

    items: list[ItemStat] = []
    areas: list[AreaResult] = []
    dk_total = {g.id: [0, 0] for g in q.groups}
    for area in q.areas:
        item_scores: dict[str, list[float]] = {g.id: [] for g in q.groups}
        for item in area.items:
            all_dist = {str(c): 0 for c in range(1, 6)}
            all_dk = 0
            for group in q.groups:
                n = sizes.get(group.id, 0)
                if not item.applies_to(group.id) or n == 0:
                    continue
                target = TARGETS.get(area.id, {}).get(group.id, 6.0) + shift
                target = min(9.5, max(0.5, target + rng.normal(0, 0.9)))
                if item.reverse:
                    target = 10 - target
                dk_rate = 0.34 if (group.id == "inwoner" and area.number == 7) else 0.06
                dk = int(rng.binomial(n, dk_rate))
                dist = _distribution(rng, target, n - dk)
                for k, v in dist.items():
                    all_dist[k] += v
                all_dk += dk
                dk_total[group.id][0] += dk
                dk_total[group.id][1] += n
                score, sd = _score(dist, item.reverse)
                if shown[group.id] and score is not None:
                    item_scores[group.id].append(score)
                    items.append(
                        ItemStat(
                            item=item.id,
                            area=area.id,
                            group=group.id,
                            n=n - dk,
                            score=score,
                            sd=sd,
                            distribution=dist,
                            dont_know=dk,
                            dont_know_share=dk / n,
                        )
                    )
                else:
                    items.append(
                        ItemStat(
                            item=item.id, area=area.id, group=group.id, n=None, suppressed=True
                        )
                    )
            score, sd = _score(all_dist, item.reverse)
            valid = sum(all_dist.values())
            items.append(
                ItemStat(
                    item=item.id,
                    area=area.id,
                    group=ALL_GROUPS,
                    n=valid,
                    score=score,
                    sd=sd,
                    distribution=all_dist,
                    dont_know=all_dk,
                    dont_know_share=all_dk / (valid + all_dk) if valid + all_dk else None,
                )
            )
        groups: list[GroupScore] = []
        for group in q.groups:
            n = sizes.get(group.id, 0)
            if n == 0:
                groups.append(GroupScore(group=group.id, n=None, suppressed=True, reason="no_data"))
            elif not shown[group.id]:
                groups.append(
                    GroupScore(group=group.id, n=None, suppressed=True, reason="small_group")
                )
            else:
                score = float(np.mean(item_scores[group.id]))
                sd = 1.5 + rng.random() * 0.6
                n_valid = n - int(rng.integers(0, 2))
                low, high = _interval(score, sd, n_valid)
                groups.append(
                    GroupScore(
                        group=group.id,
                        n=n_valid,
                        score=score,
                        sd=sd,
                        ci_low=low,
                        ci_high=high,
                        band=band(score),
                    )
                )
        visible = [g for g in groups if g.score is not None]
        c_score = float(np.mean([g.score for g in visible]))  # type: ignore[misc]
        c_n = sum(g.n or 0 for g in visible)
        c_sd = float(np.mean([g.sd for g in visible]))  # type: ignore[misc]
        low, high = _interval(c_score, c_sd, c_n)
        combined = GroupScore(
            group=ALL_GROUPS,
            n=c_n,
            score=c_score,
            sd=c_sd,
            ci_low=low,
            ci_high=high,
            band=band(c_score),
        )
        gaps = []
        for a, b in combinations(visible, 2):
            assert a.score is not None and b.score is not None
            hi, lo = (a, b) if a.score >= b.score else (b, a)
            assert hi.score is not None and lo.score is not None
            if hi.score - lo.score >= settings.gap_threshold:
                gaps.append(
                    Gap(
                        area=area.id,
                        group_a=hi.group,
                        group_b=lo.group,
                        score_a=hi.score,
                        score_b=lo.score,
                        difference=hi.score - lo.score,
                    )
                )
        areas.append(
            AreaResult(
                area=area.id,
                number=area.number,
                groups=groups,
                combined=combined,
                alpha=ALPHAS.get(area.id, 0.75),
                alpha_items=len(area.items),
                gaps=gaps,
            )
        )

    maatwerk: list[ItemStat] = []
    for item in q.maatwerk:
        all_dist = {str(c): 0 for c in range(1, 6)}
        for group in q.groups:
            n = sizes.get(group.id, 0)
            if not item.applies_to(group.id) or n == 0:
                continue
            dist = _distribution(rng, 6.0 + rng.normal(0, 1.5) + shift, n)
            for k, v in dist.items():
                all_dist[k] += v
            score, sd = _score(dist, item.reverse)
            if shown[group.id]:
                maatwerk.append(
                    ItemStat(
                        item=item.id,
                        area=None,
                        group=group.id,
                        n=n,
                        score=score,
                        sd=sd,
                        distribution=dist,
                        dont_know=0,
                        dont_know_share=0.0,
                    )
                )
            else:
                maatwerk.append(
                    ItemStat(item=item.id, area=None, group=group.id, n=None, suppressed=True)
                )
        score, sd = _score(all_dist, item.reverse)
        maatwerk.append(
            ItemStat(
                item=item.id,
                area=None,
                group=ALL_GROUPS,
                n=sum(all_dist.values()),
                score=score,
                sd=sd,
                distribution=all_dist,
                dont_know=0,
                dont_know_share=0.0,
            )
        )

    overall: list[GroupScore] = []
    for group in [*q.groups]:
        scores = [
            a.groups[i].score for a in areas for i, g in enumerate(q.groups) if g.id == group.id
        ]
        if all(s is not None for s in scores) and shown[group.id]:
            value = float(np.mean(scores))  # type: ignore[arg-type]
            overall.append(
                GroupScore(group=group.id, n=sizes[group.id], score=value, band=band(value))
            )
        else:
            overall.append(
                GroupScore(
                    group=group.id,
                    n=None,
                    suppressed=True,
                    reason="small_group" if sizes.get(group.id) else "no_data",
                )
            )
    all_value = float(np.mean([a.combined.score for a in areas]))  # type: ignore[arg-type]
    overall.append(
        GroupScore(group=ALL_GROUPS, n=sum(sizes.values()), score=all_value, band=band(all_value))
    )

    response = []
    for g in q.groups:
        share = dk_total[g.id][0] / dk_total[g.id][1] if shown[g.id] and dk_total[g.id][1] else None
        # As scoring does: Wilson 95% with the group's respondents as n.
        low, high = wilson_one(share, sizes[g.id]) if share is not None else (None, None)
        response.append(
            GroupResponse(
                group=g.id,
                respondents=sizes.get(g.id, 0),
                suppressed=not shown[g.id],
                dont_know_share=share,
                dont_know_ci_low=low,
                dont_know_ci_high=high,
            )
        )
    result = MunicipalityResult(
        municipality_code=code,
        municipality_name=name,
        wave=wave,
        respondents=sum(sizes.values()),
        response=response,
        areas=areas,
        overall=overall,
        items=items,
        maatwerk=maatwerk,
    )
    notable, warnings = _notables(q, result, settings)
    return result.model_copy(update={"notable": notable, "warnings": warnings})


def _label(q: Questionnaire, group: str, lang: str) -> str:
    text = q.group(group).label.get(lang)
    return text[:1].lower() + text[1:]


def _num(value: float, lang: str) -> str:
    text = display(value)
    return text.replace(".", ",") if lang == "nl" else text


def _notables(
    q: Questionnaire, result: MunicipalityResult, settings: Settings
) -> tuple[list[Notable], list[Message]]:
    notable: list[Notable] = []
    for area in result.areas:
        title = q.area(area.area).title
        for gap in area.gaps:
            notable.append(
                Notable(
                    rule="gap",
                    rule_text=f"difference between two groups >= {settings.gap_threshold:g} points",
                    area=area.area,
                    groups=[gap.group_a, gap.group_b],
                    value=gap.difference,
                    sentence={
                        lang: (
                            f"Bij ‘{title.get(lang)}’ scoren {_label(q, gap.group_a, lang)} "
                            f"{_num(gap.difference, lang)} punt hoger dan "
                            f"{_label(q, gap.group_b, lang)}."
                            if lang == "nl"
                            else f"On ‘{title.get(lang)}’, {_label(q, gap.group_a, lang)} score "
                            f"{_num(gap.difference, lang)} points higher than "
                            f"{_label(q, gap.group_b, lang)}."
                        )
                        for lang in ("nl", "en")
                    },
                )
            )
    for area in result.areas:
        score = area.combined.score
        if score is not None and area.combined.band == q.bands[0].id:
            title = q.area(area.area).title
            notable.append(
                Notable(
                    rule="low_band",
                    rule_text=f"area in the band '{q.bands[0].label.en}'",
                    area=area.area,
                    value=score,
                    sentence={
                        "nl": f"‘{title.nl}’ scoort {_num(score, 'nl')}: een aandachtspunt.",
                        "en": f"‘{title.get('en')}’ scores {_num(score, 'en')}: a point for "
                        "attention.",
                    },
                )
            )
    for stat in result.items:
        if (
            stat.group == "inwoner"
            and stat.dont_know_share is not None
            and stat.dont_know_share > settings.dont_know_threshold
        ):
            pct = display(stat.dont_know_share * 100, 0)
            notable.append(
                Notable(
                    rule="dont_know",
                    rule_text="don't-know share above 30%",
                    area=stat.area,
                    item=stat.item,
                    groups=[stat.group],
                    value=stat.dont_know_share,
                    sentence={
                        "nl": f"Bij vraag {stat.item} antwoordt {pct}% van de inwoners "
                        "‘weet niet’.",
                        "en": f"For question {stat.item}, {pct}% of residents answer ‘don't know’.",
                    },
                )
            )
            break
    combined = sorted(
        (s for s in result.items if s.group == ALL_GROUPS and s.score is not None),
        key=lambda s: s.score or 0.0,
    )
    for rule, chosen in (("strongest_item", combined[-1]), ("weakest_item", combined[0])):
        assert chosen.score is not None
        notable.append(
            Notable(
                rule=rule,
                rule_text=f"the 3 {rule.split('_')[0]} combined item scores",
                area=chosen.area,
                item=chosen.item,
                value=chosen.score,
                sentence={
                    "nl": f"Vraag {chosen.item} scoort {_num(chosen.score, 'nl')}.",
                    "en": f"Question {chosen.item} scores {_num(chosen.score, 'en')}.",
                },
            )
        )
    warnings = []
    for area in result.areas:
        if area.alpha is not None and area.alpha < settings.alpha_warning:
            title = q.area(area.area).title
            notable.append(
                Notable(
                    rule="low_alpha",
                    rule_text=f"Cronbach's alpha below {settings.alpha_warning:g}",
                    area=area.area,
                    value=area.alpha,
                    sentence={
                        "nl": f"De vragen van ‘{title.nl}’ hangen weinig samen "
                        f"(alfa {display(area.alpha, 2).replace('.', ',')}).",
                        "en": f"The questions of ‘{title.get('en')}’ hang together weakly "
                        f"(alpha {display(area.alpha, 2)}).",
                    },
                )
            )
            warnings.append(
                Message(code="low_alpha", message="Cronbach's alpha is low", area=area.area)
            )
    return notable, warnings


def make_result(
    q: Questionnaire,
    municipalities: list[MunicipalityResult] | None = None,
    **kwargs: object,
) -> ScoreResult:
    """A ScoreResult with one municipality (or the ones given)."""
    munis = municipalities if municipalities is not None else [make_municipality(q, **kwargs)]  # type: ignore[arg-type]
    return ScoreResult(
        tool={"name": "quickscan", "version": "0.1.0"},
        questionnaire=QuestionnaireRef(
            id=q.id,
            version=q.version,
            fingerprint=q.fingerprint,
            maatwerk_items=[i.id for i in q.maatwerk],
        ),
        settings=_settings(q),
        inputs=[
            InputFile(
                file="antwoorden-gm9901.csv",
                rows=sum(m.respondents for m in munis),
                sha256="0" * 64,
            )
        ],
        municipalities=munis,
    )


# --- a minimal HTML tree, to test report content on the rendered HTML ---------------------
class Node:
    """An element of parsed HTML: tag, attributes, children (nodes and text)."""

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        if self.tag in ("style", "script"):
            return ""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self) -> list[Node]:
        found: list[Node] = [self]
        for child in self.children:
            if isinstance(child, Node):
                found += child.iter()
        return found

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
        ]

    def by_id(self, element_id: str) -> Node:
        for node in self.iter():
            if node.attrs.get("id") == element_id:
                return node
        raise KeyError(element_id)


def parse_html(html: str) -> Node:
    from html.parser import HTMLParser

    void = {"meta", "link", "img", "br", "hr", "input", "col", "source"}
    root = Node("#root", {})
    stack = [root]

    class Builder(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            node = Node(tag, {k: v or "" for k, v in attrs})
            stack[-1].children.append(node)
            if tag not in void:
                stack.append(node)

        def handle_endtag(self, tag: str) -> None:
            for i in range(len(stack) - 1, 0, -1):
                if stack[i].tag == tag:
                    del stack[i:]
                    break

        def handle_data(self, data: str) -> None:
            stack[-1].children.append(data)

    Builder(convert_charrefs=True).feed(html)
    return root
