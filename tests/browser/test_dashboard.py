"""The dashboard (`quickscan compare --html`) in a real browser: what it shows is compare's.

Every figure the page shows is checked against `quickscan compare --format json` for the
same inputs, and the page's own peer rules (JavaScript) against quickscan.compare.peers.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from browser_support import describe_violations, open_file
from typer.testing import CliRunner

from quickscan.cli import app
from quickscan.compare.dashboard import write_dashboard
from quickscan.compare.peers import parse_peer_spec, parse_peers, select_peers
from quickscan.compare.table import peer_positions, rank_rows, row_from
from quickscan.results import display

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_compare_factories import (  # noqa: E402
    FIXTURE_QUESTIONNAIRE,
    municipality,
    qsld,
    quality_answers,
    score_result,
)

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = ROOT / "examples" / "five-municipalities.csv"
PEERS = ROOT / "examples" / "municipalities.csv"
#: Set to a folder to keep the screenshots (docs/images gets the 1280 px table view).
SHOTS = os.environ.get("QUICKSCAN_SCREENSHOTS")

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@functools.cache
def _compare_json(args: tuple[str, ...]) -> str:
    return run("compare", str(ANSWERS), "--format", "json", *args)


def compare_json(*args: str) -> dict[str, Any]:
    """`quickscan compare ANSWERS --format json ARGS` (each run once per session)."""
    return json.loads(_compare_json(args))


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dashboard") / "dashboard.html"
    run("compare", str(ANSWERS), "--peers", str(PEERS), "--html", str(out), "--lang", "en",
        "--format", "json", "-o", str(out.with_suffix(".json")))  # fmt: skip
    return out


@pytest.fixture()
def page(browser: Any, page_file: Path) -> Any:
    opened = open_file(browser, page_file, width=1280)
    yield opened
    assert opened.console_errors == []
    assert opened.blocked_requests == []
    opened.page.context.close()


def cell_text(page: Any, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def shown_score(text: str) -> str:
    """'5.5, Adequate' (chip and screen-reader band) -> '5.5'; a quality mark stays."""
    return text.split(",")[0].strip() if text and text[0].isdigit() else text


#: English words of the quality labels, as the page's data has them from report.i18n.
QUALITY_EN = {"indicatief": "indicative", "te weinig respons": "too few responses"}


def score_text(cell: dict[str, Any]) -> str:
    """A cell of compare's JSON as the page writes it: '5.8' or '5.8 ~' (a narrow no-break
    space before '~' indicatief or '?' te weinig respons; betrouwbaar has no mark)."""
    mark = {"indicatief": "~", "te weinig respons": "?"}.get(cell.get("quality") or "")
    text = display(cell["score"])
    return f"{text}\u202f{mark}" if text and mark else text


def with_word(cell: dict[str, Any]) -> str:
    """'5.8 (indicative)': a score in a sentence, as the page's descriptions write it."""
    word = QUALITY_EN.get(cell.get("quality") or "")
    return f"{display(cell['score'])} ({word})" if word else display(cell["score"])


# --- the table ---------------------------------------------------------------------------


def test_table_lists_every_row_with_compares_scores(page: Any) -> None:
    expected = compare_json()
    p = page.page
    assert p.locator("#rows-table tbody tr").count() == len(expected["rows"]) == 10
    names = cell_text(p, "#rows-table tbody th")
    overall_col = _column_index(p, "Overall")
    overall = [
        shown_score(t) for t in cell_text(p, f"#rows-table tbody td:nth-child({overall_col})")
    ]
    # The page sorts as compare does by default: overall high to low (all waves together).
    want = sorted(
        expected["rows"], key=lambda r: (-(r["overall"]["score"] or -1), r["municipality_code"])
    )
    assert overall == [score_text(r["overall"]) for r in want]
    # The five-municipality example has marked scores (Wolderveen's raad has 25 members).
    assert any(text.endswith(("~", "?")) for text in overall)
    assert names == [r["municipality_name"] for r in want]


def _column_index(p: Any, title: str) -> int:
    """1-based position of a column among a row's cells (th of the name counts as one)."""
    headers = [re.sub(r"\s*[▲▼]$", "", h) for h in cell_text(p, "#rows-table thead th")]
    return headers.index(title) + 1


def test_sort_by_a_column_and_back(page: Any) -> None:
    p = page.page
    header = p.locator('#rows-table thead button[data-sort="name"]')
    header.click()
    names = cell_text(p, "#rows-table tbody th")
    assert names == sorted(names)
    assert p.locator('#rows-table thead th[aria-sort="ascending"]').count() == 1
    # Keyboard: the header keeps focus and Enter turns the order round.
    p.keyboard.press("Enter")
    assert cell_text(p, "#rows-table tbody th") == sorted(names, reverse=True)
    assert (
        p.locator('#rows-table thead th[aria-sort="descending"] button[data-sort="name"]').count()
        == 1
    )
    p.locator('#rows-table thead button[data-sort="resp:raad"]').click()
    col = _column_index(p, "Council members")
    counts = [
        int(re.sub(r"\D.*", "", t)) for t in cell_text(p, f"#rows-table tbody td:nth-child({col})")
    ]
    assert counts == sorted(counts, reverse=True)


def test_filter_by_characteristic_band_and_search(page: Any) -> None:
    p = page.page
    p.select_option("#f-char-1", label="Drenthe")  # province
    assert set(cell_text(p, "#rows-table tbody th")) == {"Wolderveen"}
    assert p.locator("#rows-count").inner_text() == "2 of 10 rows"
    p.select_option("#f-char-1", value="")
    p.select_option("#f-wave", label="2026")
    p.fill("#f-search", "gm990")
    assert p.locator("#rows-table tbody tr").count() == 5
    p.fill("#f-search", "lind")
    assert cell_text(p, "#rows-table tbody th") == ["Lindewijk"]
    p.fill("#f-search", "")
    # Band on the overall score: the rows of 2026 whose overall band is 'voldoende'.
    expected = compare_json("--wave", "2026")
    want = sorted(r["municipality_name"] for r in expected["rows"]
                  if r["overall"]["band"] == "voldoende")  # fmt: skip
    p.select_option("#f-band", value="voldoende")
    assert sorted(cell_text(p, "#rows-table tbody th")) == want
    # Urbanity is numeric with few values: a pick list too.
    p.select_option("#f-band", value="")
    p.select_option("#f-char-2", label="4")
    assert set(cell_text(p, "#rows-table tbody th")) == {"Wolderveen", "Oosterbroek aan Zee"}


def test_csv_download_is_the_table_shown_and_neutralised(browser: Any, tmp_path: Path) -> None:
    m1 = municipality("GM0001", 6.0, name='=HYPERLINK("x")')
    m2 = municipality("GM0002", 7.5, name="Beedorp, aan Zee")
    table = parse_peers("municipality_code,balance,note\nGM0001,-3.5,=cmd\nGM0002,2,ok\n")
    path = write_dashboard(
        score_result([m1, m2]), qsld(), tmp_path / "d.html", peers=table, lang="en"
    )
    opened = open_file(browser, path)
    p = opened.page
    with p.expect_download() as info:
        p.click("#csv-download")
    download = info.value
    assert download.suggested_filename == "comparison-qsld.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Code", "Municipality", "balance", "note", "Respondents"]
    assert [r[1] for r in rows[1:]] == ["Beedorp, aan Zee", '\'=HYPERLINK("x")']
    # A negative number stays a number; text that looks like a formula does not.
    assert [r[2:4] for r in rows[1:]] == [["2", "ok"], ["-3.5", "'=cmd"]]
    overall = rows[0].index("Overall score")
    assert [r[overall] for r in rows[1:]] == ["7.5", "6.0"]
    assert [r[overall + 1] for r in rows[1:]] == ["Strong", "Adequate"]
    # The factory gives no quality label: the column is there, empty.
    assert rows[0][overall + 2] == "Overall quality"
    assert [r[overall + 2] for r in rows[1:]] == ["", ""]
    # After a search only the rows shown are written.
    p.fill("#f-search", "beedorp")
    csv_text = p.evaluate("window.quickscanDashboard.tableCsv()")
    assert len(list(csv.reader(io.StringIO(csv_text)))) == 2
    assert opened.console_errors == [] and opened.blocked_requests == []


# --- quality labels (docs/methodology.md 14.7) -------------------------------------------

#: The right edges of the numbers in a column (the text node after the band chip), in px.
NUMBER_EDGES = """cells => cells.map(td => {
  const text = Array.from(td.childNodes).find(n => n.nodeType === 3);
  const range = document.createRange(); range.selectNodeContents(text);
  return range.getBoundingClientRect().right; })"""


def test_each_view_marks_a_score_with_its_quality_label(browser: Any, tmp_path: Path) -> None:
    """The councils of `quality_answers` (labels by hand in its docstring): Ruim's overall
    and 2 Inwoners scores are indicatief (7.5 on n 12), its 1 Raad betrouwbaar (7.5 on n 30);
    Klein is indicatief everywhere (2.5 on n 12), Krap te weinig respons (10.0 on n 6)."""
    out = tmp_path / "quality.html"
    answers = quality_answers(tmp_path / "councils.csv")
    run("compare", str(answers), "-q", str(FIXTURE_QUESTIONNAIRE), "--html", str(out),
        "--lang", "en", "--format", "json", "-o", str(tmp_path / "c.json"))  # fmt: skip
    opened = open_file(browser, out)
    p = opened.page
    legend = "Quality of a score: ~ indicative, ? too few responses; a score without a mark is "
    legend += "reliable."

    def scores(row: Any) -> list[str]:
        return [t.strip() for t in row.locator("td.score").all_inner_texts()]

    # The table: [overall, 1 Raad, 2 Inwoners] of each council, the marks after the scores.
    table = p.locator("#rows-table tbody tr")
    assert scores(table.filter(has_text="Ruim")) == ["7.5\u202f~", "7.5", "7.5\u202f~"]
    assert scores(table.filter(has_text="Klein")) == ["2.5\u202f~"] * 3
    assert scores(table.filter(has_text="Krap")) == ["10.0\u202f?"] * 3
    mark = table.filter(has_text="Klein").locator("td.score .qmark").first
    assert mark.get_attribute("aria-label") == "indicative"
    assert p.locator("#panel-table .quality-legend").inner_text() == legend
    assert p.locator("#panel-table .quality-legend").is_visible()
    # A score without a mark keeps the mark's room: the decimals of a column line up.
    for column in (1, 2):
        edges = p.evaluate(
            f"({NUMBER_EDGES})(Array.from(document.querySelectorAll('#rows-table tbody tr'))"
            f".map(tr => tr.querySelectorAll('td.score')[{column}]))"
        )
        assert len(edges) == 3 and max(edges) - min(edges) < 0.5, (column, edges)
    # The CSV: a quality column per score, with the label's id as compare's CSV has it.
    rows = list(csv.DictReader(io.StringIO(p.evaluate("window.quickscanDashboard.tableCsv()"))))
    area_titles = p.evaluate(
        "window.quickscanDashboard.data.areas.map(a => a.number + ' ' + a.short)"
    )
    by_name = {r["Municipality"]: r for r in rows}
    assert [by_name["Ruim"][f"{t} quality"] for t in ["Overall", *area_titles]] == [
        "indicatief", "betrouwbaar", "indicatief"]  # fmt: skip
    assert by_name["Krap"]["Overall quality"] == "te weinig respons"
    assert by_name["Klein"]["Overall score"] == "2.5"  # the score stays a number

    # The heat map: the mark as text in the cell, the word in the cell's name.
    p.click("#tab-heatmap")
    klein = p.locator("#heat-table tbody tr", has_text="Klein").locator("td")
    assert [t.strip() for t in klein.all_inner_texts()] == ["2.5\u202f~"] * 3
    assert (klein.nth(0).locator(".v").get_attribute("aria-label") or "").endswith(", indicative")
    ruim = p.locator("#heat-table tbody tr", has_text="Ruim").locator(".v")
    assert (ruim.nth(1).get_attribute("aria-label") or "").count(",") == 1  # betrouwbaar
    assert p.locator("#panel-heatmap .quality-legend").inner_text() == legend

    # The peer view: Ruim next to Klein, the focal scores with their marks, lined up.
    choose_peers(p, "GM0001 Ruim", "(no wave)", "GM0002")
    peer_scores = [
        t.strip() for t in p.locator('#peer-table td[data-col="score"]').all_inner_texts()
    ]
    assert peer_scores == ["7.5\u202f~", "7.5", "7.5\u202f~"]
    edges = p.evaluate(
        f"({NUMBER_EDGES})(Array.from(document.querySelectorAll('#peer-table td[data-col=score]')))"
    )
    assert max(edges) - min(edges) < 0.5, edges
    chart = p.locator('#peer-table tr[data-area="overall"] svg title').text_content() or ""
    assert chart.endswith("the chosen municipality: 7.5 (indicative).")
    assert p.locator("#panel-peers .quality-legend").inner_text() == legend

    # The municipality page: every score and the raad group's own score, with its mark.
    p.goto(opened.url + "#municipality=GM0001")
    p.reload()
    profile = p.locator(".wave-profile tbody tr")
    rows_text = [
        [t.strip() for t in tr.locator("td.score").all_inner_texts()] for tr in profile.all()
    ]
    raad = [g["id"] for g in expected_groups(p)].index("raad")
    # Per area: the combined score, then one per group (only raad has members).
    assert [r[0] for r in rows_text] == ["7.5\u202f~", "7.5", "7.5\u202f~"]
    assert [r[1 + raad] for r in rows_text] == ["7.5\u202f~", "7.5", "7.5\u202f~"]
    assert p.locator("#panel-municipality .quality-legend").inner_text() == legend
    assert opened.axe_violations() == []
    assert opened.console_errors == [] and opened.blocked_requests == []


# --- the peer view ------------------------------------------------------------------------


def choose_peers(p: Any, focal: str, wave: str, spec: str) -> None:
    p.click("#tab-peers")
    p.select_option("#p-focal", label=focal)
    p.select_option("#p-wave", label=wave)
    parsed = parse_peer_spec(spec)
    p.check(f'input[name="p-method"][value="{parsed.method}"]')
    if parsed.method == "column":
        p.select_option("#p-column", label=parsed.column)
        p.select_option("#p-value", label=parsed.value)
    elif parsed.method == "nearest":
        p.fill("#p-k", str(parsed.k))
        for box in p.locator('input[name="p-near"]:not([disabled])').all():
            value = box.get_attribute("value")
            box.set_checked(not parsed.nearest_columns or value in parsed.nearest_columns)
    elif parsed.method == "codes":
        labels = [o for o in p.locator("#p-codes option").all_inner_texts()
                  if o.split(" ")[0] in parsed.codes]  # fmt: skip
        p.select_option("#p-codes", label=labels)


@pytest.mark.parametrize(
    "spec",
    ["size-class", "province=Drenthe", "nearest:2", "nearest:3:urbanity", "GM9902,GM9903,GM9905"],
)
def test_peer_view_shows_compares_peer_positions(page: Any, spec: str) -> None:
    expected = compare_json(
        "--wave", "2026", "-m", "GM9901", "--peers", str(PEERS), "--peer-group", spec
    )
    row = next(r for r in expected["rows"] if r["focal"])
    p = page.page
    choose_peers(p, "GM9901 Wolderveen", "2026", spec)
    peers = row["peers"]
    assert p.locator("#peer-description").inner_text() == (
        f"Peer group: {peers['description']}; {len(peers['codes'])} municipalities with results."
    )
    # The list sits in a closed <details>: its text, not what is on screen.
    shown_codes = [li.split(" ")[0] for li in p.locator("#peer-list li").all_text_contents()]
    assert shown_codes == peers["codes"]
    warning = p.locator("#peer-result .warning")
    if len(peers["codes"]) < 5:
        assert "fewer than 5; its figures say little" in warning.inner_text()
        assert any(w["code"] == "few-peers" for w in expected["warnings"])
    else:
        assert warning.count() == 0
    for cell in [row["overall"], *row["areas"]]:
        tr = p.locator(f'#peer-table tr[data-area="{cell["area"]}"]')
        position = cell["peer"]
        got = {c: tr.locator(f'td[data-col="{c}"]').inner_text().strip()
               for c in ("mean", "median", "difference", "percentile", "n")}  # fmt: skip
        assert got == {
            "mean": display(position["mean"]),
            "median": display(position["median"]),
            "difference": display(position["difference"]),
            "percentile": display(position["percentile"]),
            "n": str(position["n"]),
        }
        assert shown_score(tr.locator('td[data-col="score"]').inner_text()) == (
            score_text(cell) or "no score"
        )
        # The rank among the peers: 1 + the peers scoring higher, of peers + itself.
        others = [
            r["overall"]["score"] if cell["area"] == "overall" else
            next(a["score"] for a in r["areas"] if a["area"] == cell["area"])
            for r in expected["rows"] if r["municipality_code"] in peers["codes"]
        ]  # fmt: skip
        scored = [v for v in others if v is not None]
        rank_text = ""
        if cell["score"] is not None and scored:
            rank = 1 + sum(1 for v in scored if v > cell["score"])
            rank_text = f"{rank} of {len(scored) + 1}"
        assert tr.locator('td[data-col="rank"]').inner_text() == rank_text


def test_peer_view_error_when_the_focal_municipality_lacks_a_value(
    browser: Any, tmp_path: Path
) -> None:
    table = parse_peers("municipality_code,inhabitants\nGM0001,\nGM0002,20000\n", "p.csv")
    result = score_result([municipality("GM0001", 6.0), municipality("GM0002", 5.0)])
    path = write_dashboard(result, qsld(), tmp_path / "d.html", peers=table, lang="en")
    opened = open_file(browser, path)
    choose_peers(opened.page, "GM0001 Gemeente 0001", "(no wave)", "size-class")
    assert opened.page.locator("#peer-result [role=alert]").inner_text() == (
        "GM0001 has no value for inhabitants"
    )


def test_nearest_without_any_column_is_refused(page: Any) -> None:
    p = page.page
    choose_peers(p, "GM9901 Wolderveen", "2026", "nearest:2")
    assert p.locator("#peer-table").count() == 1
    for box in p.locator('input[name="p-near"]:not([disabled])').all():
        box.uncheck()
    assert p.locator("#peer-result [role=alert]").inner_text() == (
        "Choose at least one characteristic with spread."
    )
    assert p.locator("#peer-table").count() == 0


def synthetic(seed: int = 5, n: int = 60) -> tuple[Any, Any]:
    """n municipalities with scattered scores (some suppressed) and a peers file with ties,
    gaps and a column without spread."""
    rng = random.Random(seed)
    municipalities = []
    lines = ["municipality_code,name,inhabitants,density,urbanity,flat,province"]
    for i in range(1, n + 1):
        code = f"GM{i:04d}"
        scores = [rng.choice(["S", None]) if rng.random() < 0.05 else round(rng.uniform(3, 9), 3)
                  for _ in range(7)]  # fmt: skip
        municipalities.append(municipality(code, scores))
        inhabitants = (
            "" if i % 17 == 0 else str(rng.choice([8000, 15000, 15000, 30000, 70000]) + i % 3)
        )
        density = str(rng.choice([100, 250, 250, 900]))  # many exact ties in distance
        lines.append(f"{code},M{i},{inhabitants},{density},{rng.randint(1, 5)},7,"
                     f"{rng.choice(['Utrecht', 'utrecht', 'Zeeland', 'Drenthe'])}")  # fmt: skip
    return score_result(municipalities), parse_peers("\n".join(lines) + "\n", "peers.csv")


def test_javascript_picks_the_same_peers_and_numbers_as_python(
    browser: Any, tmp_path: Path
) -> None:
    result, table = synthetic()
    q = qsld()
    path = write_dashboard(result, q, tmp_path / "d.html", peers=table, lang="en")
    opened = open_file(browser, path)
    p = opened.page
    keys = p.evaluate("window.quickscanDashboard.data.municipalities.map(m => m.key)")
    available = sorted(keys)
    rows = [row_from(r, q) for r in result.municipalities]
    rank_rows(rows)
    specs = [
        "size-class",
        "nearest:1",
        "nearest:5",
        "nearest:12:density,urbanity",
        "nearest:7:flat,density",
        "province=utrecht",
        "GM0003,GM0010,GM0011,GM0059",
    ]
    checked = 0
    for spec_text in specs:
        spec = parse_peer_spec(spec_text)
        js_spec: dict[str, Any] = {"method": spec.method}
        if spec.method == "nearest":
            js_spec |= {"k": spec.k, "columns": list(spec.nearest_columns) or None}
        elif spec.method == "column":
            column = p.evaluate("window.quickscanDashboard.data.peers.columns.map(c => c.id)")
            values = p.evaluate(
                f"window.quickscanDashboard.data.peers.columns[{column.index(spec.column)}].values"
            )
            folded = [v.casefold() for v in values]
            js_spec |= {
                "column": column.index(spec.column),
                "value": folded.index((spec.value or "").casefold()),
            }
        elif spec.method == "codes":
            js_spec |= {"codes": [keys.index(c) for c in spec.codes]}
        js = p.evaluate(
            """([spec, n]) => { const d = window.quickscanDashboard; const out = [];
                 for (let m = 0; m < n; m++) { const s = d.selectPeers(spec, m, 0);
                   out.push({error: s.error, peers: s.peers, description: s.description,
                     positions: s.error ? null : d.positions(m, s.peers, 0).map(
                       x => [x.n, x.mean, x.median, x.percentile, x.difference])}); }
                 return out; }""",
            [js_spec, len(keys)],
        )
        for m, focal in enumerate(keys):
            try:
                group, _ = select_peers(spec, focal, table, available)
            except Exception:  # noqa: BLE001 - any refusal must be a refusal in the page too
                assert js[m]["error"], (spec_text, focal)
                continue
            assert js[m]["error"] is None, (spec_text, focal, js[m]["error"])
            assert [keys[i] for i in js[m]["peers"]] == group.codes, (spec_text, focal)
            assert js[m]["description"] == group.description
            focal_rows = [r.model_copy(deep=True) for r in rows]
            peer_positions(focal_rows, {focal: group})
            row = next(r for r in focal_rows if r.municipality_code == focal)
            for cell, got in zip([row.overall, *row.areas], js[m]["positions"], strict=True):
                peer = cell.peer
                assert peer is not None
                # The same doubles, not only the same rounded text.
                assert got == [peer.n, peer.mean, peer.median, peer.percentile, peer.difference]
            checked += 1
    assert checked > 300
    assert opened.console_errors == []


def test_javascript_rounds_and_neutralises_as_python(page: Any) -> None:
    rng = random.Random(3)
    values = [6.25, -6.25, 0.05, -0.04, 0.0, 2.675, 9.95, 1e-7, -1e-7, 123456.75, 5.55, 4.45]
    values += [rng.uniform(-10, 10) for _ in range(300)]
    values += [round(rng.uniform(0, 10), 2) for _ in range(300)]
    got = page.page.evaluate("vs => vs.map(v => window.quickscanDashboard.display(v))", values)
    assert got == [display(v) for v in values]
    sums = [[rng.uniform(0, 10) for _ in range(rng.randint(1, 40))] for _ in range(200)]
    sums.append([1e16, 1.0, -1e16, 3.0])
    fsums = page.page.evaluate("xs => xs.map(x => window.quickscanDashboard.fsum(x))", sums)
    assert fsums == [math.fsum(s) for s in sums]
    # The distances of nearest:K add up as this Python's sum() does (compensated from 3.12).
    squares = [[rng.uniform(0, 3) ** 2 for _ in range(rng.randint(1, 6))] for _ in range(300)]
    squares += [[1e16, 1.0, 1.0], [0.1, 0.2, 0.3]]
    got_sums = page.page.evaluate(
        "xs => xs.map(x => window.quickscanDashboard.pythonSum(x))", squares
    )
    assert got_sums == [sum(s) for s in squares]
    from quickscan.export import neutralise

    texts = ["=1+1", "+31", "-x", "@a", "\tx", "\rx", "a=b", "", "Gouda"]
    got = page.page.evaluate("ts => ts.map(t => window.quickscanDashboard.neutralise(t))", texts)
    assert got == [neutralise(t) for t in texts]


# --- the municipality page --------------------------------------------------------------------


def test_open_a_municipality_from_the_table(page: Any) -> None:
    p = page.page
    p.locator("#rows-table tbody th a", has_text="Hegelingen").first.click()
    assert p.locator("#panel-municipality").is_visible()
    assert p.locator("#tab-municipality").get_attribute("aria-selected") == "true"
    assert p.evaluate("location.hash") == "#municipality=GM9903"
    assert p.evaluate("document.activeElement.tagName") == "H3"
    expected = compare_json()
    for section, wave in zip(p.locator(".wave-profile").all(), ("2024", "2026"), strict=True):
        row = next(r for r in expected["rows"]
                   if r["municipality_code"] == "GM9903" and r["wave"] == wave)  # fmt: skip
        for cell in [row["overall"], *row["areas"]]:
            tr = section.locator(f'tr[data-area="{cell["area"]}"]')
            score = shown_score(tr.locator("td").nth(0).inner_text())
            assert score == (score_text(cell) or "not shown" if cell["status"] == "suppressed"
                             else score_text(cell) or "no score")  # fmt: skip
            assert (
                tr.locator("td").nth(1).inner_text() == f"{cell['rank']} of {cell['ranked_among']}"
            )
    by_wave = compare_json("--by", "wave", "-m", "GM9903")
    changes = by_wave["waves"][0]["changes"]
    for change in changes:
        if change["group"] != "all" and change["area"] == "overall":
            continue
        tr = p.locator(
            f'#change-table tr[data-area="{change["area"]}"][data-group="{change["group"]}"]'
        )
        assert tr.locator('td[data-col="change"]').inner_text() == display(change["difference"])
        interval = (f"{display(change['ci_low'])} to {display(change['ci_high'])}"
                    if change["ci_low"] is not None else "")  # fmt: skip
        assert tr.locator('td[data-col="interval"]').inner_text() == interval


def test_a_suppressed_group_is_shown_as_such_and_absent_from_the_data(page: Any) -> None:
    expected = compare_json()
    row = next(r for r in expected["rows"] if r["suppressed_groups"])
    p = page.page
    p.goto(page.url + f"#municipality={row['municipality_code']}")
    p.reload()
    assert p.locator("#panel-municipality").is_visible()
    section = p.locator(".wave-profile").first
    group = row["suppressed_groups"][0]
    column = [g["id"] for g in expected_groups(p)].index(group)
    texts = section.locator("tbody tr").evaluate_all(
        f"trs => trs.map(tr => tr.querySelectorAll('td')[{column + 2}].innerText)"
    )
    assert set(texts) == {"not shown"}
    data = p.evaluate("window.quickscanDashboard.data")
    groups = p.evaluate("window.quickscanDashboard.detail().groups")
    gi = [g["id"] for g in data["groups"]].index(group)
    seen = 0
    for r, per_area in zip(data["rows"], groups, strict=True):
        if group in r["supp"]:
            assert {json.dumps(area[gi]) for area in per_area} == {'"s"'}
            seen += 1
    assert seen


def expected_groups(p: Any) -> list[dict[str, str]]:
    return list(p.evaluate("window.quickscanDashboard.data.groups"))


# --- heat map, distributions, keyboard, accessibility, screenshots ----------------------------


def test_heatmap_and_distributions_mark_every_municipality(page: Any) -> None:
    p = page.page
    p.click("#tab-heatmap")
    assert p.locator("#heat-table tbody tr").count() == 5
    expected = compare_json("--wave", "2026")
    lind = next(r for r in expected["rows"] if r["municipality_code"] == "GM9905")
    cells = p.locator("#heat-table tbody tr", has_text="Lindewijk").locator("td")
    band_labels = {
        "aandachtspunt": "Point for attention",
        "voldoende": "Adequate",
        "sterk": "Strong",
    }
    for i, cell in enumerate([lind["overall"], *lind["areas"]]):
        text = cells.nth(i).inner_text()
        if cell["score"] is None:
            assert text in ("not shown", "no score")
        else:
            assert text == score_text(cell)
            assert cells.nth(i).locator(".v").get_attribute("aria-label") == (
                f"{display(cell['score'])}, {band_labels[cell['band']]}"
                + (f", {QUALITY_EN[cell['quality']]}" if cell["quality"] in QUALITY_EN else "")
            )
            assert f"band{['aandachtspunt', 'voldoende', 'sterk'].index(cell['band'])}" in (
                cells.nth(i).get_attribute("class")
            )
    p.click("#tab-distributions")
    p.select_option("#d-focal", label="GM9905 Lindewijk")
    figures = p.locator("figure.dist")
    assert figures.count() == 8
    first = figures.first
    # Four municipalities as dots and the marked one as a diamond: all five are drawn.
    assert first.locator("circle.dot").count() == 4
    assert first.locator("path.focal-mark").count() == 1
    alt = first.locator("svg title").text_content() or ""
    assert alt.startswith("Overall: 5 municipalities with a score")
    assert f"GM9905 Lindewijk: {with_word(lind['overall'])}, rank" in alt


def test_tabs_work_with_the_keyboard(page: Any) -> None:
    p = page.page
    p.focus("#tab-table")
    p.keyboard.press("ArrowRight")
    assert p.evaluate("document.activeElement.id") == "tab-peers"
    assert p.locator("#panel-peers").is_visible() and not p.locator("#panel-table").is_visible()
    p.keyboard.press("End")
    assert p.evaluate("document.activeElement.id") == "tab-municipality"
    p.keyboard.press("ArrowRight")
    assert p.evaluate("document.activeElement.id") == "tab-table"
    # A visible focus ring on the focused tab.
    outline = p.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("width", [1280, 390])
def test_every_view_passes_axe_without_requests_or_errors(
    browser: Any, page_file: Path, tmp_path: Path, width: int
) -> None:
    opened = open_file(browser, page_file, width=width)
    p = opened.page
    shots = Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    for tab in ("table", "peers", "heatmap", "distributions", "municipality"):
        p.click(f"#tab-{tab}")
        if tab == "peers":
            choose_peers(p, "GM9901 Wolderveen", "2026", "nearest:3")
        if tab == "distributions":
            p.select_option("#d-focal", label="GM9901 Wolderveen")
        violations = opened.axe_violations()
        assert violations == [], f"{tab} at {width}px:\n{describe_violations(violations)}"
        # Wide content in a narrow window scrolls inside its region, never the page.
        assert p.evaluate("document.documentElement.scrollWidth") <= width + 1, tab
        shot = p.screenshot(path=str(shots / f"dashboard-{tab}-{width}.png"))
        assert len(shot) > 10_000
    assert opened.blocked_requests == []
    assert opened.console_errors == []


def test_dutch_page(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "nl.html"
    run(
        "compare",
        str(ANSWERS),
        "--html",
        str(out),
        "--format",
        "json",
        "-o",
        str(tmp_path / "x.json"),
    )
    opened = open_file(browser, out)
    p = opened.page
    assert p.evaluate("document.documentElement.lang") == "nl"
    assert p.locator("#tab-peers").inner_text() == "Vergelijkbare gemeenten"
    expected = compare_json()
    best = max(expected["rows"], key=lambda r: r["overall"]["score"] or 0)
    first = p.locator("#rows-table tbody tr").first
    assert display(best["overall"]["score"]).replace(".", ",") in first.inner_text()
    assert opened.axe_violations() == []
    # Without a peers file the peer view offers hand-picked peers only.
    p.click("#tab-peers")
    assert p.locator('input[name="p-method"][value="codes"]').is_checked()
    assert p.locator('input[name="p-method"][value="size-class"]').is_disabled()
    assert opened.console_errors == []
