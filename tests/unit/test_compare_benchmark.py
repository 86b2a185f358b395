"""Benchmarks: the distribution saved, the fingerprint rules, a municipality's position."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_compare_factories import municipality, qsld, score_result
from test_compare_waves import variant

from quickscan.compare import (
    benchmark_position,
    build_benchmark,
    compare_results,
    load_benchmark,
    save_benchmark,
)
from quickscan.compare.api import benchmark_results
from quickscan.compare.benchmark import distribution
from quickscan.compare.peers import parse_peers
from quickscan.errors import CompareError, UsageError


def peers_results() -> list:
    return [municipality(f"GM000{i}", float(i + 3)) for i in range(1, 6)]  # 4.0 .. 8.0


def make(tmp_path: Path) -> Path:
    bench = build_benchmark(
        peers_results(), qsld(), label="five test municipalities", settings={"peer_group": None}
    )
    path = tmp_path / "benchmark.json"
    save_benchmark(bench, path)
    return path


def test_distribution_by_hand() -> None:
    dist = distribution("all", [8.0, 4.0, 6.0, 5.0, 7.0])
    assert (dist.n, dist.mean, dist.min, dist.max) == (5, 6.0, 4.0, 8.0)
    assert (dist.q1, dist.median, dist.q3) == (5.0, 6.0, 7.0)
    assert dist.scores == [4.0, 5.0, 6.0, 7.0, 8.0]
    # Linear interpolation between order statistics: 4 values -> q1 at position 0.75.
    assert distribution("all", [1.0, 2.0, 3.0, 4.0]).q1 == pytest.approx(1.75)
    assert distribution("all", []).n == 0


def test_saved_benchmark_holds_questionnaire_and_distributions(tmp_path: Path) -> None:
    data = json.loads(make(tmp_path).read_text(encoding="utf-8"))
    assert data["format"] == "quickscan-benchmark"
    assert data["questionnaire"]["fingerprint"] == qsld().fingerprint
    assert data["questionnaire"]["items"] == {
        item.id: qsld().item_fingerprint(item.id) for item in qsld().items
    }
    assert data["municipalities"] == ["GM0001", "GM0002", "GM0003", "GM0004", "GM0005"]
    first = data["areas"][0]
    assert first["area"] == qsld().areas[0].id
    assert [g["group"] for g in first["groups"]] == [
        "raad",
        "college",
        "ambtenaar",
        "inwoner",
        "all",
    ]
    combined = first["groups"][-1]
    assert combined["n"] == 5 and combined["mean"] == 6.0 and combined["median"] == 6.0
    raad = first["groups"][0]
    assert raad["mean"] == pytest.approx(6.6)  # the factory adds 0.6 for the council
    assert data["areas"][-1]["area"] == "overall"
    assert "usable_areas" not in data and "warnings" not in data


def test_same_fingerprint_is_accepted(tmp_path: Path) -> None:
    bench = load_benchmark(make(tmp_path), qsld())
    assert bench.usable_areas == [a.id for a in qsld().areas] + ["overall"]
    assert bench.warnings == []


def test_added_items_accept_the_unchanged_areas_with_a_warning(tmp_path: Path) -> None:
    path = make(tmp_path)
    newer = variant(qsld(), add={qsld().areas[2].id: ["NEW01"]})
    bench = load_benchmark(path, newer)
    expected = [a.id for a in qsld().areas if a.id != qsld().areas[2].id]
    assert bench.usable_areas == expected
    assert len(bench.warnings) == 1
    warning = bench.warnings[0].message
    assert "NEW01" in warning and qsld().areas[2].id in warning and "overall" in warning
    position = benchmark_position(bench, municipality("GM0009", 6.0, q=qsld()))
    assert position.get(qsld().areas[2].id).status == "not_comparable"
    assert position.get("overall").status == "not_comparable"
    assert position.get(qsld().areas[0].id).status == "ok"
    assert position.warnings == bench.warnings


@pytest.mark.parametrize("how", ["reword", "drop"])
def test_changed_or_removed_items_are_refused(tmp_path: Path, how: str) -> None:
    path = make(tmp_path)
    item = qsld().areas[0].items[1].id
    other = (
        variant(qsld(), reword={item: "Iets anders."})
        if how == "reword"
        else variant(qsld(), drop=(item,))
    )
    with pytest.raises(CompareError) as error:
        load_benchmark(path, other)
    problem = error.value.problems[0]
    assert problem.code == "benchmark-questionnaire-mismatch"
    assert item in problem.message
    assert ("changed items" if how == "reword" else "removed items") in problem.message


def test_not_a_benchmark_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CompareError, match="not a JSON file"):
        load_benchmark(bad, qsld())
    bad.write_text('{"format": "something"}', encoding="utf-8")
    with pytest.raises(CompareError, match="not a quickscan benchmark"):
        load_benchmark(bad, qsld())
    with pytest.raises(CompareError):
        load_benchmark(tmp_path / "missing.json", qsld())


def test_benchmark_position_by_hand(tmp_path: Path) -> None:
    bench = load_benchmark(make(tmp_path), qsld())
    position = benchmark_position(bench, municipality("GM0363", [6.0, 8.5, "S", 5, 5, 5, 5]))
    first = position.get(qsld().areas[0].id)
    # Peers 4, 5, 6, 7, 8: two below, one tie -> (2 + 0.5) / 5 = 50%.
    assert (first.peer_mean, first.percentile, first.difference) == (6.0, 50.0, 0.0)
    assert first.peer_n == 5 and (first.peer_q1, first.peer_q3) == (5.0, 7.0)
    assert (first.lower, first.tied, first.higher) == (2, 1, 2)
    assert first.sentence["nl"].endswith(
        "met 6,0 hoger dan 2, gelijk aan 1 en lager dan 2 van de 5 vergelijkingsgemeenten "
        "(gemiddelde 6,0)."
    )
    assert (
        "at 6.0, higher than 2, equal to 1 and lower than 2 of the 5 peer municipalities "
        "(mean 6.0)" in first.sentence["en"]
    )
    second = position.get(qsld().areas[1].id)
    assert second.percentile == 100.0
    assert "met 8,5 hoger dan alle 5 vergelijkingsgemeenten" in second.sentence["nl"]
    third = position.get(qsld().areas[2].id)
    assert third.status == "no_score" and third.percentile is None and third.peer_mean == 6.0
    raad = position.get(qsld().areas[0].id, "raad")
    assert raad.score == pytest.approx(6.6) and raad.percentile == 50.0
    assert [p.area for p in position.combined()][-1] == "overall"


PEERS = """municipality_code,inhabitants,province
GM0001,10000,Utrecht
GM0002,12000,Utrecht
GM0003,30000,Utrecht
GM0004,14000,Gelderland
GM0005,16000,Utrecht
"""


def test_benchmark_members_follow_the_peer_group() -> None:
    result = score_result(peers_results())
    table = parse_peers(PEERS)
    focal = compare_results(
        result, qsld(), municipality="GM0001", peers=table, peer_group="size-class"
    )
    members, labels = benchmark_results(focal, result)
    assert [m.municipality_code for m in members] == ["GM0002", "GM0004", "GM0005"]
    assert labels["en"] == "CBS size class 3: 10,000 to 20,000 inhabitants"
    assert labels["nl"] == "CBS-grootteklasse 3: 10.000 tot 20.000 inwoners"
    by_column = compare_results(result, qsld(), peers=table, peer_group="province=Utrecht")
    members, labels = benchmark_results(by_column, result)
    assert [m.municipality_code for m in members] == ["GM0001", "GM0002", "GM0003", "GM0005"]
    assert labels == {"nl": "province = Utrecht", "en": "province = Utrecht"}
    everyone, labels = benchmark_results(compare_results(result, qsld()), result)
    assert len(everyone) == 5
    assert labels == {"nl": "5 vergeleken gemeenten", "en": "5 compared municipalities"}
    per_municipality = compare_results(result, qsld(), peers=table, peer_group="size-class")
    with pytest.raises(UsageError):
        benchmark_results(per_municipality, result)


def test_benchmark_needs_one_wave_per_municipality() -> None:
    with pytest.raises(CompareError):
        build_benchmark(
            [municipality("GM0001", 5.0, wave="1"), municipality("GM0001", 6.0, wave="2")],
            qsld(),
            label="x",
            settings={},
        )


def test_position_warns_when_scored_with_other_settings(tmp_path: Path) -> None:
    bench = build_benchmark(
        peers_results(),
        qsld(),
        label="x",
        settings={"weighting": "pooled", "min_group_size": 5},
    )
    settings = score_result([]).settings  # equal_groups, 5
    position = benchmark_position(bench, municipality("GM0009", 6.0), settings)
    assert [w.code for w in position.warnings] == ["benchmark-settings-differ"]
    assert "weighting pooled (benchmark) vs equal_groups" in position.warnings[0].message
    assert benchmark_position(bench, municipality("GM0009", 6.0)).warnings == []
