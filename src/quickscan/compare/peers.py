"""Peer groups: which municipalities a municipality is compared with (docs/compare.md).

A peers file is a CSV with one row per municipality: `municipality_code`, optionally `name`,
and any characteristics (inhabitants, province, urbanity, ...). A peer group is chosen with
one of four specs:

- ``size-class``: the municipalities in the same CBS size class (gemeentegrootteklasse),
  from the inhabitants column;
- ``COLUMN=VALUE``: every municipality whose COLUMN equals VALUE (case-insensitive);
- ``GM0363,GM0599,...``: exactly these municipalities;
- ``nearest:K`` (or ``nearest:K:col1,col2``): the K municipalities closest on the numeric
  characteristics, each z-standardised over the peers file, by Euclidean distance; equal
  distances are broken by code.

The municipality itself is never its own peer, and only municipalities with results in the
comparison can be peers.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from quickscan.compare.models import PeerGroup
from quickscan.errors import CompareError, Location, Problem, UsageError, excerpt, file_problem
from quickscan.limits import TooLarge, capped_read_problem, read_capped

#: A peers table has a row per municipality (342); far larger files are a mistake.
MAX_PEERS_BYTES = 10_000_000

#: A peer group smaller than this is reported with a warning.
MIN_PEERS = 5

#: CBS gemeentegrootteklassen: (class, lower bound inclusive, upper bound exclusive, label).
SIZE_CLASSES: tuple[tuple[int, int, float, str], ...] = (
    (1, 0, 5_000, "fewer than 5,000 inhabitants"),
    (2, 5_000, 10_000, "5,000 to 10,000 inhabitants"),
    (3, 10_000, 20_000, "10,000 to 20,000 inhabitants"),
    (4, 20_000, 50_000, "20,000 to 50,000 inhabitants"),
    (5, 50_000, 100_000, "50,000 to 100,000 inhabitants"),
    (6, 100_000, 150_000, "100,000 to 150,000 inhabitants"),
    (7, 150_000, 250_000, "150,000 to 250,000 inhabitants"),
    (8, 250_000, math.inf, "250,000 inhabitants or more"),
)

#: The size classes' labels in Dutch, by number.
SIZE_CLASSES_NL = {
    1: "minder dan 5.000 inwoners",
    2: "5.000 tot 10.000 inwoners",
    3: "10.000 tot 20.000 inwoners",
    4: "20.000 tot 50.000 inwoners",
    5: "50.000 tot 100.000 inwoners",
    6: "100.000 tot 150.000 inwoners",
    7: "150.000 tot 250.000 inwoners",
    8: "250.000 inwoners of meer",
}

CODE_COLUMNS = ("municipality_code", "gemeentecode", "code", "cbs_code")
NAME_COLUMNS = ("name", "municipality_name", "naam", "gemeentenaam", "gemeente")
INHABITANT_COLUMNS = ("inhabitants", "inwoners", "inwonertal", "aantal_inwoners", "population")

_CODE = re.compile(r"^(?:GM)?(\d{1,4})$", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_DUTCH_DECIMAL = re.compile(r"^-?\d+,\d+$")
_GROUPED_INT = re.compile(r"^\d{1,3}(?:[. \u00a0]\d{3})+$")


def size_class(inhabitants: float) -> tuple[int, str]:
    """The CBS size class of a number of inhabitants: lower bound in, upper bound out."""
    for number, low, high, label in SIZE_CLASSES:
        if low <= inhabitants < high:
            return number, label
    raise ValueError(f"no size class for {inhabitants!r} inhabitants")


def normalise_code(value: str) -> str | None:
    """'GM0363', 'gm363', '363', '0363' -> 'GM0363'; anything else -> None."""
    match = _CODE.match(value.strip())
    return f"GM{int(match.group(1)):04d}" if match else None


def parse_number(text: str) -> float | None:
    """'12.5' or '12,5' -> 12.5; anything else -> None."""
    text = text.strip()
    if _NUMBER.match(text):
        return float(text)
    if _DUTCH_DECIMAL.match(text):
        return float(text.replace(",", "."))
    return None


def parse_count(text: str) -> int | None:
    """A whole number, optionally grouped by thousands: '12345', '12.345', '12 345'."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if _GROUPED_INT.match(text):
        return int(re.sub(r"\D", "", text))
    return None


def _header(name: str) -> str:
    return "_".join(name.strip().lstrip("\ufeff").casefold().split())


@dataclass
class PeerTable:
    """A validated peers file."""

    source: str
    #: Municipality codes in file order.
    codes: list[str]
    names: dict[str, str]
    #: Characteristic columns (normalised header), code and name excluded.
    columns: list[str]
    #: code -> column -> text as in the file (stripped).
    values: dict[str, dict[str, str]]
    #: column -> code -> number, for the numeric columns (every filled value a number).
    numeric: dict[str, dict[str, float]]
    inhabitants_column: str | None = None
    rows: dict[str, int] = field(default_factory=dict)

    def name(self, code: str) -> str | None:
        return self.names.get(code)


def load_peers(path: Path | str) -> PeerTable:
    """Read and validate a peers CSV; raises CompareError listing every problem."""
    source = str(path)
    try:
        # Capped by the bytes read: st_size is 0 for a pipe or a device such as /dev/zero.
        raw = read_capped(path, MAX_PEERS_BYTES)
    except (TooLarge, OSError) as exc:
        problem = capped_read_problem(
            exc,
            file=source,
            code="peers-unreadable",
            what="the peers file",
            too_large_for="a table of municipalities",
        )
        # An OS error stays the cause (shown by --debug); a file over the cap needs none.
        raise CompareError(problems=[problem]) from (exc if isinstance(exc, OSError) else None)
    from quickscan.answers.encoding import MixedEncoding, decode_small

    try:
        text, _ = decode_small(raw)
    except (MixedEncoding, UnicodeDecodeError) as exc:
        row = exc.row if isinstance(exc, MixedEncoding) else None
        message = str(exc) if row else "the peers file is neither UTF-8 nor Windows-1252 text"
        raise CompareError(
            problems=[
                Problem(
                    code="peers-unreadable",
                    message=message,
                    location=Location(file=source, row=row),
                    hint="save the file as 'CSV UTF-8'",
                )
            ]
        ) from None
    return parse_peers(text, source)


def parse_peers(text: str, source: str = "peers.csv") -> PeerTable:
    problems: list[Problem] = []
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = [row for row in reader]
    while table and not any(cell.strip() for cell in table[-1]):
        table.pop()
    if not table:
        hint = "give a CSV with a header row: municipality_code,name,inhabitants,..."
        raise CompareError(
            problems=[file_problem(source, "peers-empty", "the peers file is empty", hint)]
        )
    header = [_header(h) for h in table[0]]
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if not name:
            problems.append(
                Problem(
                    code="peers-empty-header",
                    message=f"column {i + 1} has no name",
                    location=Location(file=source, row=1),
                )
            )
        elif name in seen:
            problems.append(
                Problem(
                    code="peers-duplicate-column",
                    message=f"column {i + 1} ('{excerpt(table[0][i])}') repeats column "
                    f"{seen[name] + 1} ('{excerpt(table[0][seen[name]])}')",
                    location=Location(file=source, row=1, field=name),
                )
            )
        seen.setdefault(name, i)
    code_col = next((c for c in CODE_COLUMNS if c in seen), None)
    if code_col is None:
        problems.append(
            Problem(
                code="peers-missing-code-column",
                message="the peers file has no municipality_code column",
                location=Location(file=source, row=1),
                hint="name the column with the CBS codes (GM0363) 'municipality_code'",
            )
        )
        raise CompareError(problems=problems)
    name_col = next((c for c in NAME_COLUMNS if c in seen), None)
    inhabitants_col = next((c for c in INHABITANT_COLUMNS if c in seen), None)
    columns = [h for h in dict.fromkeys(header) if h and h not in (code_col, name_col)]

    codes: list[str] = []
    names: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    rows: dict[str, int] = {}
    for number, record in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(
                Problem(
                    code="peers-row-length",
                    message=f"the row has {len(record)} cells, the header {len(header)}",
                    location=Location(file=source, row=number),
                )
            )
            continue
        cells = {header[i]: record[i].strip() for i in range(len(header)) if header[i]}
        raw_code = cells[code_col]
        code = normalise_code(raw_code)
        if code is None:
            problems.append(
                Problem(
                    code="peers-invalid-code",
                    message=f"'{excerpt(raw_code)}' is not a CBS municipality code",
                    location=Location(file=source, row=number, field=code_col),
                    value=excerpt(raw_code),
                    hint="use GM followed by four digits, e.g. GM0363",
                )
            )
            continue
        if code in rows:
            problems.append(
                Problem(
                    code="peers-duplicate-municipality",
                    message=f"{code} is listed twice (rows {rows[code]} and {number})",
                    location=Location(file=source, row=number, field=code_col),
                )
            )
            continue
        rows[code] = number
        codes.append(code)
        if name_col and cells.get(name_col):
            names[code] = cells[name_col]
        values[code] = {c: cells.get(c, "") for c in columns}

    numeric: dict[str, dict[str, float]] = {}
    for column in columns:
        filled = {code: values[code][column] for code in codes if values[code][column]}
        if column == inhabitants_col:
            parsed: dict[str, float] = {}
            for code, text_value in filled.items():
                count = parse_count(text_value)
                if count is None:
                    problems.append(
                        Problem(
                            code="peers-invalid-inhabitants",
                            message=f"'{excerpt(text_value)}' is not a number of inhabitants",
                            location=Location(file=source, row=rows[code], field=column),
                            value=excerpt(text_value),
                            hint="write a whole number such as 12345 or 12.345",
                        )
                    )
                else:
                    parsed[code] = float(count)
            numeric[column] = parsed
            continue
        numbers = {code: parse_number(v) for code, v in filled.items()}
        if filled and all(n is not None for n in numbers.values()):
            numeric[column] = {code: n for code, n in numbers.items() if n is not None}

    if not codes and not problems:
        problems.append(
            Problem(
                code="peers-empty",
                message="the peers file has a header but no municipalities",
                location=Location(file=source),
            )
        )
    if problems:
        raise CompareError(problems=problems)
    return PeerTable(
        source=source,
        codes=codes,
        names=names,
        columns=columns,
        values=values,
        numeric=numeric,
        inhabitants_column=inhabitants_col,
        rows=rows,
    )


# --- selecting peers ----------------------------------------------------------------------


@dataclass(frozen=True)
class PeerSpec:
    """A parsed --peer-group value."""

    method: str  # 'size-class' | 'column' | 'codes' | 'nearest'
    spec: str
    column: str | None = None
    value: str | None = None
    codes: tuple[str, ...] = ()
    k: int = 0
    nearest_columns: tuple[str, ...] = ()

    @property
    def needs_focal(self) -> bool:
        """True when the peer group depends on the municipality it is for."""
        return self.method in ("size-class", "nearest")


def parse_peer_spec(spec: str) -> PeerSpec:
    text = spec.strip()
    lowered = text.casefold()
    if lowered in ("size-class", "size_class", "grootteklasse"):
        return PeerSpec(method="size-class", spec=text)
    if lowered.startswith("nearest:"):
        parts = text.split(":", 2)
        k_text = parts[1].strip()
        if not k_text.isdigit() or int(k_text) < 1:
            raise _usage(spec, "nearest:K needs a whole number K of at least 1, e.g. nearest:10")
        columns = (
            tuple(_header(c) for c in parts[2].split(",") if c.strip()) if len(parts) > 2 else ()
        )
        return PeerSpec(method="nearest", spec=text, k=int(k_text), nearest_columns=columns)
    if "=" in text:
        column, value = text.split("=", 1)
        if not column.strip() or not value.strip():
            raise _usage(spec, "write COLUMN=VALUE, e.g. province=Utrecht")
        return PeerSpec(method="column", spec=text, column=_header(column), value=value.strip())
    parts = [p for p in (p.strip() for p in text.split(",")) if p]
    codes = [normalise_code(p) for p in parts]
    if parts and all(codes):
        return PeerSpec(
            method="codes", spec=text, codes=tuple(dict.fromkeys(c for c in codes if c))
        )
    raise _usage(
        spec,
        "use size-class, COLUMN=VALUE, nearest:K, or a comma list of codes (GM0363,GM0599)",
    )


def _usage(spec: str, hint: str) -> UsageError:
    return UsageError(
        problems=[
            Problem(
                code="invalid-peer-group",
                message=f"--peer-group {excerpt(spec)!r} is not understood",
                hint=hint,
            )
        ]
    )


def select_peers(
    spec: PeerSpec,
    focal: str | None,
    table: PeerTable | None,
    available: list[str],
) -> tuple[PeerGroup, list[Problem]]:
    """The peer group of `focal` among `available` (codes with results) and any warnings.

    `focal` may be None only for specs that do not depend on it (COLUMN=VALUE, codes).
    """
    candidates = sorted(c for c in dict.fromkeys(available) if c != focal)
    warnings: list[Problem] = []
    distances: dict[str, float] = {}
    if spec.method == "codes":
        missing = [c for c in spec.codes if c not in available]
        if missing:
            warnings.append(
                Problem(
                    code="peers-without-results",
                    message=f"{len(missing)} peer(s) have no results in the inputs and are left "
                    f"out: {', '.join(missing[:20])}" + (" …" if len(missing) > 20 else ""),
                    severity="warning",
                )
            )
        codes = sorted(c for c in spec.codes if c in candidates)
        description = f"{len(spec.codes)} municipalities given by code"
        description_nl = f"{len(spec.codes)} gemeenten, opgegeven op code"
    elif spec.method == "column":
        table = _need_table(table, spec)
        column = spec.column or ""
        if column not in table.columns:
            raise CompareError(
                problems=[
                    Problem(
                        code="peers-unknown-column",
                        message=f"the peers file has no column '{excerpt(column)}'",
                        location=Location(file=table.source, row=1),
                        hint="columns: " + ", ".join(table.columns),
                    )
                ]
            )
        wanted = (spec.value or "").casefold()
        matching = [c for c in table.codes if table.values[c][column].casefold() == wanted]
        if not matching:
            warnings.append(
                Problem(
                    code="peers-no-match",
                    message=f"no municipality in the peers file has {column} = {spec.value}",
                    location=Location(file=table.source, field=column),
                    severity="warning",
                )
            )
        codes = sorted(c for c in matching if c in candidates)
        description = description_nl = f"{column} = {spec.value}"
    elif spec.method == "size-class":
        table = _need_table(table, spec)
        inhabitants_column = table.inhabitants_column
        if inhabitants_column is None:
            raise CompareError(
                problems=[
                    Problem(
                        code="peers-missing-inhabitants",
                        message="--peer-group size-class needs an inhabitants column",
                        location=Location(file=table.source, row=1),
                        hint="add a column 'inhabitants' (or 'inwoners') with the population",
                    )
                ]
            )
        focal_value = _focal_value(table, focal, inhabitants_column)
        number, label = size_class(focal_value)
        inhabitants = table.numeric.get(inhabitants_column, {})
        codes = [
            c for c in candidates if c in inhabitants and size_class(inhabitants[c])[0] == number
        ]
        description = f"CBS size class {number}: {label}"
        description_nl = f"CBS-grootteklasse {number}: {SIZE_CLASSES_NL[number]}"
    elif spec.method == "nearest":
        table = _need_table(table, spec)
        codes, distances, used, skipped = _nearest(spec, focal, table, candidates)
        description = f"the {spec.k} nearest on {', '.join(used)} (z-scores, Euclidean distance)"
        description_nl = (
            f"de {spec.k} meest gelijkende op {', '.join(used)} (z-scores, euclidische afstand)"
        )
        if skipped:
            warnings.append(
                Problem(
                    code="peers-missing-values",
                    message=f"{len(skipped)} municipalities lack a value for {', '.join(used)} "
                    f"and cannot be nearest peers: {', '.join(skipped[:20])}"
                    + (" …" if len(skipped) > 20 else ""),
                    location=Location(file=table.source),
                    severity="warning",
                )
            )
    else:  # pragma: no cover - parse_peer_spec makes only the four methods
        raise ValueError(spec.method)
    group = PeerGroup(
        method=spec.method,
        spec=spec.spec,
        description=description,
        descriptions={"nl": description_nl, "en": description},
        codes=codes,
        distances=distances,
    )
    if len(codes) < MIN_PEERS:
        who = f"{focal}: " if focal else ""
        warnings.append(
            Problem(
                code="few-peers",
                message=f"{who}the peer group ({description}) has {len(codes)} municipalities "
                f"with results, fewer than {MIN_PEERS}; its figures say little",
                severity="warning",
            )
        )
    return group, warnings


def _need_table(table: PeerTable | None, spec: PeerSpec) -> PeerTable:
    if table is None:
        raise UsageError(
            problems=[
                Problem(
                    code="peers-file-needed",
                    message=f"--peer-group {spec.spec} needs a peers file",
                    hint="add --peers municipalities.csv",
                )
            ]
        )
    return table


def _require_focal(table: PeerTable, focal: str | None) -> None:
    if focal is None or focal not in table.values:
        raise CompareError(
            problems=[
                Problem(
                    code="peers-focal-missing",
                    message=f"{focal} is not in the peers file",
                    location=Location(file=table.source),
                    hint="add a row for it, or choose the peers with a list of codes",
                )
            ]
        )


def _focal_value(table: PeerTable, focal: str | None, column: str) -> float:
    _require_focal(table, focal)
    assert focal is not None
    value = table.numeric.get(column, {}).get(focal)
    if value is None:
        raise CompareError(
            problems=[
                Problem(
                    code="peers-focal-value-missing",
                    message=f"{focal} has no value for {column}",
                    location=Location(file=table.source, row=table.rows[focal], field=column),
                )
            ]
        )
    return value


def _nearest(
    spec: PeerSpec, focal: str | None, table: PeerTable, candidates: list[str]
) -> tuple[list[str], dict[str, float], list[str], list[str]]:
    """The K nearest candidates on z-standardised numeric columns (sd with n - 1).

    Returns the chosen codes, their distances, the columns used and the candidates left out
    for lack of a value.
    """
    columns = list(spec.nearest_columns) or sorted(table.numeric)
    unknown = [c for c in columns if c not in table.columns]
    not_numeric = [c for c in columns if c in table.columns and c not in table.numeric]
    problems = [
        Problem(
            code="peers-unknown-column",
            message=f"the peers file has no column '{excerpt(c)}'",
            location=Location(file=table.source, row=1),
        )
        for c in unknown
    ] + [
        Problem(
            code="peers-column-not-numeric",
            message=f"column '{excerpt(c)}' is not numeric and cannot be used by nearest:K",
            location=Location(file=table.source, field=c),
        )
        for c in not_numeric
    ]
    if not columns:
        problems.append(
            Problem(
                code="peers-no-numeric-columns",
                message="nearest:K needs at least one numeric column in the peers file",
                location=Location(file=table.source, row=1),
            )
        )
    if problems:
        raise CompareError(problems=problems)
    scales: dict[str, tuple[float, float]] = {}
    for column in columns:
        values = list(table.numeric[column].values())
        mean = sum(values) / len(values)
        sd = (
            math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
            if len(values) > 1
            else 0.0
        )
        scales[column] = (mean, sd)
    # A column without spread cannot tell municipalities apart: it adds nothing.
    columns = [c for c in columns if scales[c][1] > 0]
    _require_focal(table, focal)
    for column in columns:
        _focal_value(table, focal, column)

    def z(code: str, column: str) -> float:
        mean, sd = scales[column]
        return (table.numeric[column][code] - mean) / sd

    assert focal is not None  # _focal_value refused a missing focal
    distances: dict[str, float] = {}
    skipped: list[str] = []
    for code in candidates:
        if all(code in table.numeric[c] for c in columns):
            distances[code] = math.sqrt(sum((z(code, c) - z(focal, c)) ** 2 for c in columns))
        else:
            skipped.append(code)
    chosen = sorted(distances, key=lambda c: (distances[c], c))[: spec.k]
    return sorted(chosen), {c: distances[c] for c in chosen}, columns, skipped
