"""Peer files and peer groups, worked out by hand."""

from __future__ import annotations

import math

import pytest
from test_compare_factories import municipality, qsld, score_result

from quickscan.compare import compare_results
from quickscan.compare.peers import (
    PeerTable,
    parse_peer_spec,
    parse_peers,
    select_peers,
    size_class,
)
from quickscan.errors import CompareError, UsageError

PEERS = """municipality_code,name,inhabitants,density,province
GM0001,Aadorp,10000,100,Utrecht
GM0002,Beedorp,20000,300,utrecht
GM0003,Ceedorp,30000,200,Gelderland
GM0004,Deedorp,40000,400,Utrecht
"""


def table(text: str = PEERS) -> PeerTable:
    return parse_peers(text, "peers.csv")


@pytest.mark.parametrize(
    ("inhabitants", "expected"),
    [
        (0, 1),
        (4_999, 1),
        (5_000, 2),
        (9_999, 2),
        (10_000, 3),
        (19_999, 3),
        (20_000, 4),
        (49_999, 4),
        (50_000, 5),
        (99_999, 5),
        (100_000, 6),
        (149_999, 6),
        (150_000, 7),
        (249_999, 7),
        (250_000, 8),
        (900_000, 8),
    ],
)
def test_cbs_size_class_boundaries(inhabitants: int, expected: int) -> None:
    assert size_class(inhabitants)[0] == expected


def test_parse_peers_reads_codes_names_and_numeric_columns() -> None:
    peers = parse_peers(
        "Gemeentecode;Naam;Inwoners;Stedelijkheid;Provincie\n"
        "GM0363;Amsterdam;931.298;1;Noord-Holland\n"
        "599;Rotterdam;670 610;1;Zuid-Holland\n",
        "p.csv",
    )
    assert peers.codes == ["GM0363", "GM0599"]
    assert peers.names == {"GM0363": "Amsterdam", "GM0599": "Rotterdam"}
    assert peers.inhabitants_column == "inwoners"
    assert peers.numeric["inwoners"] == {"GM0363": 931298.0, "GM0599": 670610.0}
    assert peers.numeric["stedelijkheid"] == {"GM0363": 1.0, "GM0599": 1.0}
    assert "provincie" not in peers.numeric


def test_parse_peers_collects_every_problem() -> None:
    with pytest.raises(CompareError) as error:
        parse_peers(
            "municipality_code,name,inhabitants\n"
            "GM0001,A,1000\n"
            "Utrecht,B,2000\n"
            "GM0001,C,3000\n"
            "GM0004,D,lots\n"
            "GM0005,E\n",
            "peers.csv",
        )
    codes = [p.code for p in error.value.problems]
    assert codes == [
        "peers-invalid-code",
        "peers-duplicate-municipality",
        "peers-row-length",
        "peers-invalid-inhabitants",
    ]
    messages = [str(p) for p in error.value.problems]
    assert "peers.csv row 3, column municipality_code" in messages[0]
    assert "rows 2 and 4" in messages[1]
    assert "row 5" in messages[3]


def test_parse_peers_needs_a_code_column() -> None:
    with pytest.raises(CompareError) as error:
        parse_peers("gemeente_id,name\n1,A\n")
    assert error.value.problems[0].code == "peers-missing-code-column"
    with pytest.raises(CompareError):
        parse_peers("")


def test_parse_peer_spec() -> None:
    assert parse_peer_spec("size-class").method == "size-class"
    spec = parse_peer_spec("nearest:3")
    assert (spec.method, spec.k, spec.nearest_columns) == ("nearest", 3, ())
    assert parse_peer_spec("nearest:2:Inhabitants, density").nearest_columns == (
        "inhabitants",
        "density",
    )
    spec = parse_peer_spec("Province=Utrecht")
    assert (spec.method, spec.column, spec.value) == ("column", "province", "Utrecht")
    assert parse_peer_spec("GM0363, 599,GM0363").codes == ("GM0363", "GM0599")
    for bad in ("nearest:0", "nearest:x", "=Utrecht", "province=", "Utrecht"):
        with pytest.raises(UsageError):
            parse_peer_spec(bad)


def test_size_class_peers() -> None:
    peers = parse_peers(
        "municipality_code,inhabitants\n"
        "GM0001,19999\nGM0002,20000\nGM0003,49999\nGM0004,50000\nGM0005,35000\n"
    )
    available = ["GM0001", "GM0002", "GM0003", "GM0004", "GM0005"]
    group, warnings = select_peers(parse_peer_spec("size-class"), "GM0005", peers, available)
    assert group.codes == ["GM0002", "GM0003"]
    assert group.description == "CBS size class 4: 20,000 to 50,000 inhabitants"
    assert [w.code for w in warnings] == ["few-peers"]


def test_column_value_peers_case_insensitive_and_only_with_results() -> None:
    group, _ = select_peers(
        parse_peer_spec("province=UTRECHT"), "GM0001", table(), ["GM0001", "GM0002", "GM0003"]
    )
    # GM0004 is in Utrecht but has no results; GM0001 is the focal itself.
    assert group.codes == ["GM0002"]
    with pytest.raises(CompareError):
        select_peers(parse_peer_spec("region=Oost"), "GM0001", table(), ["GM0001"])


def test_code_list_peers_need_no_file() -> None:
    group, warnings = select_peers(
        parse_peer_spec("GM0002,GM0003,GM0009"), "GM0002", None, ["GM0001", "GM0002", "GM0003"]
    )
    assert group.codes == ["GM0003"]
    assert {w.code for w in warnings} == {"peers-without-results", "few-peers"}


def test_nearest_peers_by_hand() -> None:
    # inhabitants: mean 25000, sd (n - 1) = sqrt(500e6 / 3); density: mean 250,
    # sd = sqrt(50000 / 3). z-scores: A (-1.162, -1.162), B (-0.387, 0.387),
    # C (0.387, -0.387), D (1.162, 1.162). From A: d(B)^2 = 0.6 + 2.4 = 3,
    # d(C)^2 = 2.4 + 0.6 = 3, d(D)^2 = 5.4 + 5.4 = 10.8.
    available = ["GM0001", "GM0002", "GM0003", "GM0004"]
    group, _ = select_peers(
        parse_peer_spec("nearest:2:inhabitants,density"), "GM0001", table(), available
    )
    assert group.codes == ["GM0002", "GM0003"]
    assert group.distances == pytest.approx({"GM0002": math.sqrt(3), "GM0003": math.sqrt(3)})
    # The tie between B and C is broken by code.
    one, _ = select_peers(parse_peer_spec("nearest:1"), "GM0001", table(), available)
    assert one.codes == ["GM0002"]
    three, _ = select_peers(parse_peer_spec("nearest:3"), "GM0001", table(), available)
    assert three.distances["GM0004"] == pytest.approx(math.sqrt(10.8))
    # Only inhabitants: B is nearest (distance 0.775), then C (1.549).
    single, _ = select_peers(parse_peer_spec("nearest:1:inhabitants"), "GM0004", table(), available)
    assert single.codes == ["GM0003"]
    assert single.distances["GM0003"] == pytest.approx(math.sqrt(0.6))


def test_nearest_refuses_text_columns_and_missing_focal() -> None:
    with pytest.raises(CompareError) as error:
        select_peers(parse_peer_spec("nearest:1:province"), "GM0001", table(), ["GM0001"])
    assert error.value.problems[0].code == "peers-column-not-numeric"
    with pytest.raises(CompareError) as error:
        select_peers(parse_peer_spec("nearest:1"), "GM0009", table(), ["GM0001", "GM0009"])
    assert error.value.problems[0].code == "peers-focal-missing"
    with pytest.raises(UsageError):
        select_peers(parse_peer_spec("size-class"), "GM0001", None, ["GM0001"])


def _four() -> list:
    return [
        municipality("GM0001", 5.0),
        municipality("GM0002", 6.0),
        municipality("GM0003", 7.0),
        municipality("GM0004", [8.0, "S", 8.0, 8.0, 8.0, 8.0, 8.0]),
    ]


def test_focal_peer_comparison_restricts_rows_and_positions() -> None:
    comparison = compare_results(
        score_result(_four()),
        qsld(),
        municipality="GM0001",
        peers=table(),
        peer_group="province=Utrecht",
    )
    # GM0004 has no overall score (one area suppressed): last.
    assert [r.municipality_code for r in comparison.rows] == ["GM0002", "GM0001", "GM0004"]
    focal = comparison.row("GM0001")
    assert focal.focal and focal.peers is not None
    assert focal.peers.codes == ["GM0002", "GM0004"]
    first = focal.areas[0]
    assert first.peer is not None
    assert (first.peer.n, first.peer.mean, first.peer.percentile) == (2, 7.0, 0.0)
    assert first.peer.difference == pytest.approx(-2.0)
    second = focal.areas[1]
    assert second.peer is not None and second.peer.n == 1  # GM0004 is suppressed there
    assert comparison.row("GM0002").peers is None
    assert any(w["code"] == "few-peers" for w in comparison.warnings)


def test_peer_group_per_municipality_without_focal() -> None:
    comparison = compare_results(
        score_result(_four()), qsld(), peers=table(), peer_group="nearest:1"
    )
    groups = {r.municipality_code: r.peers.codes for r in comparison.rows if r.peers}
    # From B: d(A)^2 = 3, d(C)^2 = 0.6 + 0.6 = 1.2, d(D)^2 = 3 -> C. From D: d(B)^2 =
    # d(C)^2 = 3 -> B by code.
    assert groups == {
        "GM0001": ["GM0002"],
        "GM0002": ["GM0003"],
        "GM0003": ["GM0002"],
        "GM0004": ["GM0002"],
    }
    assert comparison.row("GM0003").overall.peer is not None
    with pytest.raises(UsageError):
        compare_results(score_result(_four()), qsld(), peers=table())
