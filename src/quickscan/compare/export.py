"""A comparison as CSV, JSON or XLSX (docs/compare.md lists every column).

JSON is the `Comparison` model itself. CSV and XLSX carry the same stored (cleaned, 10
decimals) numbers, as `score`'s exports do, so an analyst who recomputes a difference or a
mean from them gets quickscan's figure; only what a person reads (terminal, PDF) is rounded.
A cell without a score is empty with its status ('suppressed', 'no_score') in the status
column, never a zero. Every text cell (names, waves, codes, headers) is neutralised against
formulas as `quickscan score` does, and XLSX text cells are strings, never formulas.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quickscan.compare.models import OVERALL, Cell, Comparison, Row
from quickscan.output import atomic_output, write_text_atomic
from quickscan.rounding import clean
from quickscan.xlsx import neutralise, set_text, workbook_bytes


def _num(value: float | None) -> float | str:
    """The stored number itself (already cleaned), or '' for none."""
    cleaned = clean(value)
    return "" if cleaned is None else cleaned


def _cell_columns(prefix: str, cell: Cell, peers: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        f"{prefix}_score": _num(cell.score),
        f"{prefix}_band": cell.band or "",
        f"{prefix}_status": cell.status if cell.reason is None else f"{cell.status}:{cell.reason}",
        f"{prefix}_n": "" if cell.n is None else cell.n,
        f"{prefix}_quality": cell.quality or "",
        f"{prefix}_rank": "" if cell.rank is None else cell.rank,
        f"{prefix}_percentile": _num(cell.percentile),
    }
    if peers:
        peer = cell.peer
        out[f"{prefix}_peer_n"] = "" if peer is None else peer.n
        out[f"{prefix}_peer_mean"] = _num(peer.mean if peer else None)
        out[f"{prefix}_peer_difference"] = _num(peer.difference if peer else None)
        out[f"{prefix}_peer_percentile"] = _num(peer.percentile if peer else None)
    return out


def row_records(comparison: Comparison) -> list[dict[str, Any]]:
    """The comparison table as flat records, one per municipality and wave."""
    peers = comparison.peer_group is not None
    records: list[dict[str, Any]] = []
    for row in comparison.rows:
        record: dict[str, Any] = {
            "municipality_code": row.municipality_code or "",
            "municipality_name": row.municipality_name or "",
            "wave": row.wave or "",
            "focal": "yes" if row.focal else "",
            "respondents": row.respondents,
        }
        for group, count in row.response.items():
            record[f"respondents_{group}"] = count
        record["suppressed_groups"] = " ".join(row.suppressed_groups)
        record.update(_cell_columns(OVERALL, row.overall, peers))
        for info, cell in zip(comparison.areas, row.areas, strict=True):
            record.update(_cell_columns(f"{info.number}_{info.id}", cell, peers))
        for band, count in row.band_counts.items():
            record[f"areas_{band}"] = count
        if peers:
            record["peer_group"] = row.peers.description if row.peers else ""
            record["peers"] = " ".join(row.peers.codes) if row.peers else ""
            record["peers_n"] = len(row.peers.codes) if row.peers else ""
        records.append(record)
    return records


def change_records(comparison: Comparison) -> list[dict[str, Any]]:
    """Wave changes as tidy records: one per municipality, wave pair, area and group."""
    records: list[dict[str, Any]] = []
    for wave in comparison.waves:
        for change in wave.changes:
            records.append(
                {
                    "municipality_code": wave.municipality_code or "",
                    "municipality_name": wave.municipality_name or "",
                    "area": change.area,
                    "group": change.group,
                    "from_wave": change.from_wave,
                    "to_wave": change.to_wave,
                    "score_from": _num(change.score_from),
                    "score_to": _num(change.score_to),
                    "n_from": "" if change.n_from is None else change.n_from,
                    "n_to": "" if change.n_to is None else change.n_to,
                    "difference": _num(change.difference),
                    "ci_low": _num(change.ci_low),
                    "ci_high": _num(change.ci_high),
                    "larger_than_chance": ""
                    if change.significant is None
                    else ("yes" if change.significant else "no"),
                    "status": change.status,
                    "groups": " ".join(change.groups),
                    "note": change.note or "",
                }
            )
    return records


def item_change_records(comparison: Comparison) -> list[dict[str, Any]]:
    diff = comparison.questionnaire_diff
    if diff is None:
        return []
    records: list[dict[str, Any]] = []
    for pair in diff.pairs:
        for kind, items in (
            ("added", pair.added),
            ("removed", pair.removed),
            ("changed", pair.changed),
        ):
            for item in items:
                records.append(
                    {
                        "from_wave": pair.from_wave,
                        "to_wave": pair.to_wave,
                        "item": item,
                        "change": kind,
                        "from_questionnaire": f"{pair.from_questionnaire.id} "
                        f"{pair.from_questionnaire.version}",
                        "to_questionnaire": f"{pair.to_questionnaire.id} "
                        f"{pair.to_questionnaire.version}",
                    }
                )
    return records


def _csv(records: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    if not records:
        return ""
    names = list(records[0])
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(name) for name in names])
    for record in records:
        writer.writerow([neutralise(record[name]) for name in names])
    return buffer.getvalue()


def csv_text(comparison: Comparison) -> str:
    """`--by municipality`: the comparison table; `--by wave`: the changes."""
    if comparison.by == "wave":
        return _csv(change_records(comparison))
    return _csv(row_records(comparison))


def json_text(comparison: Comparison) -> str:
    return json.dumps(comparison.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def write_csv(comparison: Comparison, path: Path, inputs: Sequence[Path] = ()) -> None:
    write_text_atomic(path, csv_text(comparison), inputs)


def write_json(comparison: Comparison, path: Path, inputs: Sequence[Path] = ()) -> None:
    write_text_atomic(path, json_text(comparison), inputs)


def write_xlsx(comparison: Comparison, path: Path, inputs: Sequence[Path] = ()) -> None:
    """Sheets: comparison, changes (waves), item changes, warnings, about."""
    with atomic_output(path, inputs) as temp:
        temp.write_bytes(xlsx_bytes(comparison))  # built inside: a failure is an output error


def xlsx_bytes(comparison: Comparison) -> bytes:
    """The XLSX file as bytes: the same comparison always gives the same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "comparison"
    _fill(sheet, row_records(comparison), Font(bold=True))
    colours = {band.id: band.colour.lstrip("#") for band in comparison.bands}
    header = [c.value for c in sheet[1]]
    for index, name in enumerate(header, start=1):
        if isinstance(name, str) and name.endswith("_band"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                colour = colours.get(str(cell.value or ""))
                if colour:
                    cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
    if comparison.waves:
        _fill(book.create_sheet("changes"), change_records(comparison), Font(bold=True))
    if comparison.questionnaire_diff is not None:
        _fill(book.create_sheet("item changes"), item_change_records(comparison), Font(bold=True))
    if comparison.warnings:
        _fill(
            book.create_sheet("warnings"),
            [
                {"code": w.get("code", ""), "message": w.get("message", "")}
                for w in comparison.warnings
            ],
            Font(bold=True),
        )
    about = book.create_sheet("about")
    for row, (key, value) in enumerate(_about(comparison), start=1):
        set_text(about.cell(row=row, column=1), key)
        set_text(about.cell(row=row, column=2), value)
    return workbook_bytes(book)


def _fill(sheet: Any, records: Sequence[dict[str, Any]], bold: Any) -> None:
    if not records:
        return
    names = list(records[0])
    for column, name in enumerate(names, start=1):
        cell = sheet.cell(row=1, column=column)
        set_text(cell, name)
        cell.font = bold
    for row, record in enumerate(records, start=2):
        for column, name in enumerate(names, start=1):
            value = record[name]
            cell = sheet.cell(row=row, column=column)
            if value == "":
                cell.value = None
            elif isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
    sheet.freeze_panes = "D2"


def _about(comparison: Comparison) -> list[tuple[str, str]]:
    q = comparison.questionnaire
    return [
        ("tool", f"{comparison.tool.get('name')} {comparison.tool.get('version')}"),
        ("questionnaire", f"{q.id} {q.version} ({q.fingerprint})"),
        ("weighting", comparison.settings.weighting),
        ("min_group_size", str(comparison.settings.min_group_size)),
        ("by", comparison.by),
        ("sorted by", comparison.sort),
        ("focal municipality", comparison.focal or ""),
        ("peer group", comparison.peer_group or ""),
        (
            "rank",
            "1 = highest among the compared rows of the same wave; tied scores share the best rank",
        ),
        (
            "percentile",
            "share of the other compared rows (same wave) with a lower score, ties counting "
            "half, x 100",
        ),
        ("inputs", ", ".join(f.file for f in comparison.inputs)),
    ]


def row_label(row: Row) -> str:
    parts = [row.municipality_code, row.municipality_name]
    return " ".join(p for p in parts if p)
