"""Write a `ScoreResult` as tables (CSV, XLSX) or JSON; the formats are in docs/output.md.

Numbers go out unrounded up to `DECIMALS` decimals: these files are for tools, and the one
display rounding (`results.display`) is for people. Text that came from user files
(municipality names, codes, waves) is neutralised where a spreadsheet would run it as a
formula. Every writer writes a temporary file next to the target and renames it into place,
so a failed run never leaves half a file behind.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Literal

from quickscan.output import atomic_output
from quickscan.results import (
    ALL_GROUPS,
    OVERALL,
    AreaResult,
    GroupScore,
    MunicipalityResult,
    ScoreResult,
)
from quickscan.rounding import CLEAN_DECIMALS
from quickscan.xlsx import neutralise, text_cell, workbook_bytes

#: Decimals written for numbers in CSV and XLSX (full precision is in the JSON).
DECIMALS = CLEAN_DECIMALS  # the stored (cleaned) numbers, as the JSON has them

#: The first columns of the tidy table (one row per municipality x wave x area x group).
TIDY_COLUMNS = (
    "municipality_code",
    "municipality_name",
    "wave",
    "area",
    "group",
    "n",
    "score",
    "sd",
    "ci_low",
    "ci_high",
    "band",
    "suppressed",
    "alpha",
)
#: Columns after TIDY_COLUMNS. `weights` says which weights the row uses (docs/methodology.md).
TIDY_EXTRA = ("reason", "n_eff", "quality", "alpha_ci_low", "alpha_ci_high", "omega", "weights")
#: Columns after the item table's `n_<code>` columns.
ITEM_EXTRA = ("dont_know_ci_low", "dont_know_ci_high", "weights")
#: Last columns of the item table, per scale code: the code's share of the valid answers
#: (n_<code> / n) and its Wilson 95% interval (docs/methodology.md 14.6).
ITEM_SHARE_COLUMNS = ("share_{code}", "share_{code}_ci_low", "share_{code}_ci_high")

#: The first columns of the item table; one `n_<code>` column per scale code follows.
ITEM_COLUMNS = (
    "municipality_code",
    "municipality_name",
    "wave",
    "area",
    "item",
    "group",
    "n",
    "score",
    "sd",
    "dont_know",
    "dont_know_share",
    "suppressed",
)

By = Literal["area", "item"]


# --- rows ------------------------------------------------------------------------------


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def _identity(result: MunicipalityResult) -> dict[str, Any]:
    return {
        "municipality_code": result.municipality_code,
        "municipality_name": result.municipality_name,
        "wave": result.wave,
    }


def _score_row(
    identity: dict[str, Any],
    area: str,
    score: GroupScore,
    alpha: float | None,
    reliability: AreaResult | None = None,
    weights: str = "none",
) -> dict[str, Any]:
    return {
        **identity,
        "area": area,
        "group": score.group,
        "n": score.n,
        "score": _number(score.score),
        "sd": _number(score.sd),
        "ci_low": _number(score.ci_low),
        "ci_high": _number(score.ci_high),
        "band": score.band,
        "suppressed": score.suppressed,
        "alpha": _number(alpha),
        "reason": score.reason,
        "n_eff": _number(score.n_eff),
        "quality": score.quality,
        "alpha_ci_low": _number(reliability.alpha_ci_low) if reliability else None,
        "alpha_ci_high": _number(reliability.alpha_ci_high) if reliability else None,
        "omega": _number(reliability.omega) if reliability else None,
        "weights": weights,
    }


def to_tidy_rows(result: ScoreResult) -> list[dict[str, Any]]:
    """One row per municipality x wave x area (and 'overall') x group (and 'all').

    `alpha` is only filled on the 'all' rows of areas. Suppressed rows carry no numbers.
    """
    rows: list[dict[str, Any]] = []
    weights = result.weights.method
    for municipality in result.municipalities:
        identity = _identity(municipality)
        for area in municipality.areas:
            for score in area.groups:
                rows.append(_score_row(identity, area.area, score, None, weights=weights))
            rows.append(_score_row(identity, area.area, area.combined, area.alpha, area, weights))
        for score in municipality.overall:
            rows.append(_score_row(identity, OVERALL, score, None, weights=weights))
    return rows


def item_codes(result: ScoreResult) -> list[str]:
    """Every scale code that occurs in an item distribution, in numeric order."""
    codes: set[str] = set()
    for municipality in result.municipalities:
        for stat in [*municipality.items, *municipality.maatwerk]:
            codes.update(stat.distribution)
    return sorted(codes, key=lambda c: (int(c) if c.lstrip("-").isdigit() else 0, c))


def to_item_rows(result: ScoreResult) -> list[dict[str, Any]]:
    """One row per municipality x wave x item x group (and 'all'), maatwerk items last.

    `area` is empty for maatwerk items; `n_<code>` counts each scale code (empty for codes
    the item's scale does not have, and for suppressed rows).
    """
    codes = item_codes(result)
    rows: list[dict[str, Any]] = []
    for municipality in result.municipalities:
        identity = _identity(municipality)
        for stat in [*municipality.items, *municipality.maatwerk]:
            row = {
                **identity,
                "area": stat.area,
                "item": stat.item,
                "group": stat.group,
                "n": stat.n,
                "score": _number(stat.score),
                "sd": _number(stat.sd),
                "dont_know": stat.dont_know,
                "dont_know_share": _number(stat.dont_know_share),
                "suppressed": stat.suppressed,
            }
            for code in codes:
                row[f"n_{code}"] = stat.distribution.get(code)
            row["dont_know_ci_low"] = _number(stat.dont_know_ci_low)
            row["dont_know_ci_high"] = _number(stat.dont_know_ci_high)
            row["weights"] = result.weights.method
            for code in codes:
                count = stat.distribution.get(code)
                share = count / stat.n if count is not None and stat.n else None
                row[f"share_{code}"] = _number(share)
                row[f"share_{code}_ci_low"] = _number(stat.distribution_ci_low.get(code))
                row[f"share_{code}_ci_high"] = _number(stat.distribution_ci_high.get(code))
            rows.append(row)
    return rows


def _item_columns(result: ScoreResult) -> list[str]:
    codes = item_codes(result)
    shares = [column.format(code=code) for code in codes for column in ITEM_SHARE_COLUMNS]
    return [*ITEM_COLUMNS, *(f"n_{code}" for code in codes), *ITEM_EXTRA, *shares]


def notable_rows(result: ScoreResult) -> list[dict[str, Any]]:
    rows = []
    for municipality in result.municipalities:
        for note in municipality.notable:
            rows.append(
                {
                    **_identity(municipality),
                    "rule": note.rule,
                    "area": note.area,
                    "item": note.item,
                    "groups": " ".join(note.groups),
                    "value": _number(note.value),
                    "sentence_nl": note.sentence.get("nl"),
                    "sentence_en": note.sentence.get("en"),
                    "rule_text": note.rule_text,
                }
            )
    return rows


def response_rows(result: ScoreResult) -> list[dict[str, Any]]:
    rows = []
    for municipality in result.municipalities:
        for response in municipality.response:
            rows.append(
                {
                    **_identity(municipality),
                    "group": response.group,
                    "respondents": response.respondents,
                    "suppressed": response.suppressed,
                    "dont_know_share": _number(response.dont_know_share),
                    "dont_know_ci_low": _number(response.dont_know_ci_low),
                    "dont_know_ci_high": _number(response.dont_know_ci_high),
                }
            )
        rows.append(
            {
                **_identity(municipality),
                "group": ALL_GROUPS,
                "respondents": municipality.respondents,
                "suppressed": False,
                "dont_know_share": None,
                "dont_know_ci_low": None,
                "dont_know_ci_high": None,
            }
        )
    return rows


def info_rows(result: ScoreResult) -> list[dict[str, Any]]:
    """Key-value rows: tool, questionnaire, settings, inputs and warnings."""
    rows: list[dict[str, Any]] = [{"key": f"tool.{k}", "value": v} for k, v in result.tool.items()]
    reference = result.questionnaire
    rows += [
        {"key": "questionnaire.id", "value": reference.id},
        {"key": "questionnaire.version", "value": reference.version},
        {"key": "questionnaire.fingerprint", "value": reference.fingerprint},
        {"key": "questionnaire.maatwerk_items", "value": " ".join(reference.maatwerk_items)},
    ]
    rows += [{"key": f"settings.{k}", "value": v} for k, v in result.settings.model_dump().items()]
    # Which weights the numbers use; settings that do not apply (no cap without raking) are
    # left out rather than written as empty cells.
    rows += [
        {"key": f"weights.{k}", "value": " ".join(v) if isinstance(v, list) else v}
        for k, v in result.weights.model_dump().items()
        if v not in (None, [])
    ]
    for index, source in enumerate(result.inputs):
        rows += [
            {"key": f"inputs[{index}].file", "value": source.file},
            {"key": f"inputs[{index}].rows", "value": source.rows},
            {"key": f"inputs[{index}].sha256", "value": source.sha256},
        ]
    for index, warning in enumerate(result.warnings):
        rows.append({"key": f"warnings[{index}]", "value": warning.get("message", "")})
    for municipality in result.municipalities:
        for message in municipality.warnings:
            name = municipality.municipality_code or municipality.municipality_name or ""
            wave = f" {municipality.wave}" if municipality.wave else ""
            rows.append({"key": f"warning {name}{wave} {message.code}", "value": message.message})
    return rows


# --- writing ---------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


def _write_csv_rows(handle: IO[str], columns: list[str], rows: list[dict[str, Any]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])


def write_csv(result: ScoreResult, path: str | Path, by: By = "area") -> Path:
    """The tidy area table (`by='area'`) or the item table (`by='item'`) as UTF-8 CSV."""
    if by == "area":
        columns = [*TIDY_COLUMNS, *TIDY_EXTRA]
        rows = to_tidy_rows(result)
    elif by == "item":
        columns = _item_columns(result)
        rows = to_item_rows(result)
    else:
        raise ValueError(f"by must be 'area' or 'item', not {by!r}")
    return _atomic_write(path, lambda handle: _write_csv_rows(handle, columns, rows), text=True)


def result_to_json_dict(result: ScoreResult) -> dict[str, Any]:
    """Everything in the result, as plain JSON types: `result.model_dump(mode='json')`."""
    return result.model_dump(mode="json")


def json_text(result: ScoreResult) -> str:
    """The JSON document as text (UTF-8, indented), e.g. for printing to stdout.

    Serialised by pydantic-core: the same data as `result_to_json_dict`, some 20 times
    faster than `json.dumps` with an indent on a result of hundreds of municipalities.
    """
    return result.model_dump_json(indent=2) + "\n"


def write_json(result: ScoreResult, path: str | Path) -> Path:
    text = json_text(result)
    return _atomic_write(path, lambda handle: handle.write(text), text=True)


def _sheets(result: ScoreResult) -> Iterator[tuple[str, list[str], list[dict[str, Any]]]]:
    yield "areas", [*TIDY_COLUMNS, *TIDY_EXTRA], to_tidy_rows(result)
    yield "items", _item_columns(result), to_item_rows(result)
    yield "notable", _NOTABLE_COLUMNS, notable_rows(result)
    yield "response", _RESPONSE_COLUMNS, response_rows(result)
    yield "representativeness", _REPRESENTATIVENESS_COLUMNS, representativeness_rows(result)
    yield "info", ["key", "value"], info_rows(result)


_NOTABLE_COLUMNS = [
    "municipality_code",
    "municipality_name",
    "wave",
    "rule",
    "area",
    "item",
    "groups",
    "value",
    "sentence_nl",
    "sentence_en",
    "rule_text",
]
_RESPONSE_COLUMNS = [
    "municipality_code",
    "municipality_name",
    "wave",
    "group",
    "respondents",
    "suppressed",
    "dont_know_share",
    "dont_know_ci_low",
    "dont_know_ci_high",
]


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """Text as a string cell (never a formula, whatever it starts with); numbers as numbers."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=text_cell(value))
        cell.data_type = "s"
        return cell
    return value


def xlsx_bytes(result: ScoreResult) -> bytes:
    """One sheet per table: areas, items, notable, response, info; same result, same bytes."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, columns, rows in _sheets(result):
        sheet = book.create_sheet(title)
        sheet.append([_xlsx_cell(sheet, column) for column in columns])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, row.get(column)) for column in columns])
    return workbook_bytes(book)


def write_xlsx(result: ScoreResult, path: str | Path) -> Path:
    """One sheet per table: areas, items, notable, response, info."""
    with atomic_output(path) as temp:
        temp.write_bytes(xlsx_bytes(result))  # built inside: a failure is an output error
    return Path(path)


def _atomic_write(path: str | Path, write: Callable[[Any], None], *, text: bool) -> Path:
    """Write through a temporary file in the target folder (quickscan.output)."""
    with atomic_output(path) as temporary:
        opened = temporary.open("w", encoding="utf-8", newline="") if text else temporary.open("wb")
        with opened as handle:
            write(handle)
    return Path(path)


def csv_text(result: ScoreResult, by: By = "area") -> str:
    """The CSV as text, e.g. for printing to stdout."""
    buffer = io.StringIO()
    if by == "item":
        _write_csv_rows(buffer, _item_columns(result), to_item_rows(result))
    else:
        _write_csv_rows(buffer, [*TIDY_COLUMNS, *TIDY_EXTRA], to_tidy_rows(result))
    return buffer.getvalue()


_REPRESENTATIVENESS_COLUMNS = [
    "municipality_code",
    "municipality_name",
    "wave",
    "characteristic",
    "category",
    "respondents",
    "sample_share",
    "sample_ci_low",
    "sample_ci_high",
    "population_share",
    "weighted_share",
    "weights",
    "design_effect",
    "effective_n",
]


def representativeness_rows(result: ScoreResult) -> list[dict[str, Any]]:
    """Respondents next to the population per category (the XLSX sheet of the same name)."""
    rows: list[dict[str, Any]] = []
    for municipality in result.municipalities:
        weighting = municipality.weighting
        if weighting is None:
            continue
        for comparison in weighting.representativeness:
            for category in comparison.categories:
                rows.append(
                    {
                        **_identity(municipality),
                        "characteristic": comparison.characteristic,
                        "category": category.category,
                        "respondents": category.respondents,
                        "sample_share": _number(category.sample_share),
                        "sample_ci_low": _number(category.sample_ci_low),
                        "sample_ci_high": _number(category.sample_ci_high),
                        "population_share": _number(category.population_share),
                        "weighted_share": _number(category.weighted_share),
                        "weights": weighting.method,
                        "design_effect": _number(weighting.design_effect),
                        "effective_n": _number(weighting.effective_n),
                    }
                )
    return rows
