"""The dashboard's data (`compare --html`): compare's numbers, nothing suppressed, by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_compare_factories import (
    FIXTURE_QUESTIONNAIRE,
    municipality,
    qsld,
    quality_answers,
    score_result,
)

from quickscan.api import score_files
from quickscan.compare import compare_results
from quickscan.compare.dashboard import dashboard_html
from quickscan.compare.dashboard_data import build_dashboard_data
from quickscan.compare.peers import parse_peers
from quickscan.errors import CompareError
from quickscan.questionnaire import load_questionnaire
from quickscan.results import GroupScore, ItemStat

PEERS = """municipality_code,name,inhabitants,density,province
GM0001,Aadorp,10000,100,Utrecht
GM0002,Beedorp,20000,300,utrecht
GM0003,Ceedorp,30000,200,Gelderland
GM0004,Deedorp,,400,Utrecht
"""


def three() -> list:
    return [
        municipality("GM0001", 6.0),
        municipality("GM0002", [7.25, 5.0, 8.0, 6.0, 6.0, 6.0, 6.0]),
        municipality("GM0003", [5.0, "S", None, 6.0, 6.0, 6.0, 6.0]),
    ]


def page_data(html: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="dashboard-data">(.*?)</script>', html, re.S
    )
    assert match
    return json.loads(match.group(1))


def test_cells_are_compares_cells_rounded_once() -> None:
    result = score_result(three())
    data = build_dashboard_data(result, qsld(), lang="en")
    assert [m["key"] for m in data["municipalities"]] == ["GM0001", "GM0002", "GM0003"]
    by_m = {row["m"]: row for row in data["rows"]}
    first_area = by_m[1]["cells"][1]
    # GM0002's first area: 7.25 -> "7.3" (half away from zero), band sterk, rank 1 of 3.
    assert first_area[:4] == [7.25, "7.3", "sterk", "ok"]
    assert first_area[6] == 1 and first_area[8] == 3
    # GM0003's second area is suppressed, its third has no data: no number at all.
    # The factory gives no quality label: the last place (its index) is None.
    assert by_m[2]["cells"][2] == [None, "", None, "suppressed", "all_groups_suppressed",
                                   None, None, "", 2, None]  # fmt: skip
    assert by_m[2]["cells"][3][:4] == [None, "", None, "no_score"]
    # The same as compare's own rows, cell by cell.
    comparison = compare_results(result, qsld())
    for row in comparison.rows:
        mine = by_m[
            data["municipalities"].index(
                next(m for m in data["municipalities"] if m["key"] == row.municipality_code)
            )
        ]
        for cell, values in zip([row.overall, *row.areas], mine["cells"], strict=True):
            assert values[0] == cell.score and values[6] == cell.rank
            assert values[2] == cell.band and values[8] == cell.ranked_among


def test_a_suppressed_group_leaves_only_its_status() -> None:
    m = municipality("GM0001", 6.0)
    # The college is suppressed in the first area; its score must not reach the page.
    m.areas[0].groups[1] = GroupScore(group="college", n=None, suppressed=True,
                                      reason="small_group")  # fmt: skip
    m.items.append(ItemStat(item="GR01", area="GR", group="all", n=3, score=4.125))
    data = build_dashboard_data(score_result([m, municipality("GM0002", 5.0)]), qsld())
    row = next(r for r in data["rows"] if r["m"] == 0)
    area_groups = row["groups"][1]
    assert area_groups[1] == "s"
    # raad: 6.0 + 0.6, band 1 = voldoende; the factory gives no quality label.
    assert area_groups[0] == ["6.6", 1, None]
    text = json.dumps(data)
    # No item statistics, no open answers, no respondent-level fields.
    assert "4.125" not in text and "GR01" not in text
    for key in ("items", "open", "answers", "respondent_id", "sd"):
        assert f'"{key}"' not in text


def test_gaps_and_wave_changes_are_compares() -> None:
    q = qsld()
    before = municipality("GM0001", 5.0, wave="2024")
    after = municipality("GM0001", 6.0, wave="2026")
    other = municipality("GM0002", 6.0, wave="2026")
    result = score_result([before, after, other])
    data = build_dashboard_data(result, q)
    assert data["waves"] == ["2024", "2026"]
    changes = data["changes"]["0"]
    assert changes["waves"] == [0, 1]  # indices into data["waves"]
    by_wave = compare_results(result, q, by="wave")
    expected = [c for c in by_wave.waves[0].changes if c.group == "all" or c.area != "overall"]
    assert len(changes["items"]) == len(expected)
    # Area 0 is the overall score, group -1 all groups, waves 0 -> 1.
    overall = next(c for c in changes["items"] if c[0] == 0)
    assert overall[:7] == [0, -1, 0, 1, "5.0", "6.0", "1.0"]
    # The overall score gets no interval (docs/compare.md); the groups' rows of it are left
    # out, as in compare's terminal table.
    assert overall[7:9] == ["", ""]
    assert not [c for c in changes["items"] if c[0] == 0 and c[1] != -1]
    for mine, theirs in zip(changes["items"], expected, strict=True):
        assert mine[6] == (f"{theirs.difference:.1f}" if theirs.difference is not None else "")
        assert mine[9] == theirs.significant
    # GM0002 has one wave: no changes for it.
    assert "1" not in data["changes"]
    # One wave kept (as compare --wave): no changes at all.
    assert build_dashboard_data(result, q, wave="2026")["changes"] == {}


def test_gaps_are_listed_rounded() -> None:
    m = municipality("GM0001", 6.0)
    from quickscan.results import Gap

    m.areas[2].gaps.append(
        Gap(
            area=m.areas[2].area,
            group_a="raad",
            group_b="inwoner",
            score_a=7.25,
            score_b=5.7,
            difference=1.55,
        )  # fmt: skip
    )
    data = build_dashboard_data(score_result([m]), qsld())
    # The third area is number 3 on the page (0 = overall); raad is group 0, inwoner 3.
    assert data["rows"][0]["gaps"] == [[3, 0, 3, "7.3", "5.7", "1.6"]]


def test_peer_inputs_by_hand() -> None:
    table = parse_peers(PEERS, "peers.csv")
    result = score_result([municipality(f"GM000{i}", 6.0) for i in (1, 2, 3, 4)])
    peers = build_dashboard_data(result, qsld(), peers=table, lang="en")["peers"]
    assert peers["min"] == 5 and peers["file"] == "peers.csv"
    assert peers["in_table"] == [True, True, True, True]
    # 10,000 and 20,000 and 30,000 inhabitants: classes 3, 4, 4; the fourth has none.
    assert peers["size_class"] == [3, 4, 4, None]
    assert peers["size_labels"]["4"] == "CBS size class 4: 20,000 to 50,000 inhabitants"
    province = next(c for c in peers["columns"] if c["id"] == "province")
    # 'Utrecht' and 'utrecht' are one value, as COLUMN=VALUE matches case-insensitively.
    assert province["values"] == ["Gelderland", "Utrecht"]
    assert province["of"] == [1, 1, 0, 1]
    assert province["list"] and not province["numeric"]
    # inhabitants 10k, 20k, 30k: mean 20k, sd 10k (n - 1) -> z -1, 0, 1; no value -> None.
    assert peers["z"]["inhabitants"]["z"] == [-1.0, 0.0, 1.0, None]
    # density 100, 300, 200, 400: mean 250, sd = sqrt(50000 / 3).
    sd = (50000 / 3) ** 0.5
    assert peers["z"]["density"]["z"] == pytest.approx([-150 / sd, 50 / sd, -50 / sd, 150 / sd])
    assert peers["z"]["density"]["spread"] is True


def test_initial_choice_from_municipality_and_peer_group() -> None:
    result = score_result([municipality("GM0001", 6.0), municipality("GM0002", 5.0)])
    data = build_dashboard_data(
        result, qsld(), municipality="gm2", peer_group="nearest:3:inhabitants,density"
    )
    assert data["initial"] == {
        "focal": "GM0002",
        "method": "nearest",
        "k": 3,
        "nearest_columns": ["inhabitants", "density"],
    }
    assert (
        build_dashboard_data(result, qsld(), peer_group="Province=Utrecht")["initial"]["column"]
        == "province"
    )
    with pytest.raises(CompareError):
        build_dashboard_data(result, qsld(), municipality="GM0099")


def test_the_page_is_self_contained_and_its_data_cannot_break_out() -> None:
    m = municipality("GM0001", 6.0, name="</script><img src=x onerror=alert(1)>")
    html = dashboard_html(build_dashboard_data(score_result([m]), qsld(), lang="en"))
    assert html.count("</script>") == 3  # two data blocks and the script, nothing else
    assert "<img src=x" not in html
    assert page_data(html)["municipalities"][0]["name"].startswith("</script>")
    # Nothing is loaded from anywhere: no src, no stylesheet links, no http(s) addresses.
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=", html)
    assert "http://" not in html and "https://" not in html
    assert '<html lang="en">' in html


def test_dutch_page_texts() -> None:
    html = dashboard_html(build_dashboard_data(score_result([municipality("GM0001", 6.0)]),
                                               qsld(), lang="nl"))  # fmt: skip
    assert '<html lang="nl">' in html
    assert "Vergelijking van gemeenten" in html
    assert page_data(html)["text"]["tab_peers"] == "Vergelijkbare gemeenten"


def test_every_score_carries_its_quality_label(tmp_path: Path) -> None:
    """The councils of `quality_answers` (labels by hand in its docstring), scored for real."""
    q = load_questionnaire(FIXTURE_QUESTIONNAIRE)
    result = score_files([quality_answers(tmp_path / "councils.csv")], q)
    data = build_dashboard_data(result, q, lang="en")
    # The labels' ids, words and marks as report.i18n has them (betrouwbaar: neither).
    assert data["quality"] == {
        "labels": ["betrouwbaar", "indicatief", "te weinig respons"],
        "words": ["", "indicative", "too few responses"],
        "marks": ["", "~", "?"],
        "legend": "~ indicative, ? too few responses; a score without a mark is reliable.",
    }
    assert [m["key"] for m in data["municipalities"]] == ["GM0001", "GM0002", "GM0003"]
    by_m = {row["m"]: row for row in data["rows"]}
    # [overall, 1 Raad, 2 Inwoners]: (shown score, label index) of each cell.
    cells = {m: [(c[1], c[9]) for c in row["cells"]] for m, row in by_m.items()}
    assert cells == {
        0: [("7.5", 1), ("7.5", 0), ("7.5", 1)],  # Ruim: indicatief, betrouwbaar, indicatief
        1: [("2.5", 1)] * 3,  # Klein: indicatief
        2: [("10.0", 2)] * 3,  # Krap: te weinig respons
    }
    # The raad group's own score per area (the overall row first) on the municipality page.
    raad = [g.id for g in q.groups].index("raad")
    assert [area[raad][0::2] for area in by_m[0]["groups"]] == [["7.5", 1], ["7.5", 0],
                                                                 ["7.5", 1]]  # fmt: skip
    # The same labels as compare's own cells.
    comparison = compare_results(result, q)
    for row in comparison.rows:
        mine = by_m[[m["key"] for m in data["municipalities"]].index(row.municipality_code)]
        labels = [data["quality"]["labels"][c[9]] for c in mine["cells"]]
        assert labels == [c.quality for c in (row.overall, *row.areas)]
    # The page says what the marks mean, in the words of the comparison report.
    html = dashboard_html(data)
    assert (
        html.count(
            '<p class="legend quality-legend">Quality of a score: ~ indicative, ? too few '
            "responses; a score without a mark is reliable.</p>"
        )
        == 4
    )  # table, peers, heat map, municipality page
    dutch = dashboard_html(build_dashboard_data(result, q, lang="nl"))
    assert page_data(dutch)["quality"]["words"] == ["", "indicatief", "te weinig respons"]
    assert "Kwaliteit van een score: ~ indicatief, ? te weinig respons; een score zonder " in dutch
