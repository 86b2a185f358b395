"""Import platform exports: read, match headers, recode values, build one answer table.

`plan_import` does everything but writing and never raises for data problems: it returns
the problems, the matches (for `--write-mapping`) and, when there are no errors, the table.
`import_exports` raises `AnswersError` with every problem at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from quickscan.errors import AnswersError, Location, Problem, UsageError, excerpt
from quickscan.importing.headers import FIELDS, Match, match_headers
from quickscan.importing.labels import pair_labels
from quickscan.importing.mapping import SETTABLE, Mapping, draft_text
from quickscan.importing.readers import ExportTable, read_export
from quickscan.importing.recode import Recoder, recode_column
from quickscan.questionnaire.models import Questionnaire, normalise_label

_MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
_FINISHED_FALSE = {"0", "false", "no", "nee", "onwaar"}
#: Up to this many unrecognised columns get a message each; more get one message together.
_LIST_UNMATCHED = 5


@dataclass
class FileImport:
    """What happened to one export file (for the summary and the draft mapping)."""

    file: str
    platform: str
    platform_title: str
    detected: bool
    rows_read: int = 0
    respondents: int = 0
    matches: list[Match] = field(default_factory=list)
    missing_items: list[str] = field(default_factory=list)
    unfinished: int = 0
    generated_ids: bool = False
    notes: list[str] = field(default_factory=list)
    unknown_values: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class ImportPlan:
    files: list[FileImport]
    problems: list[Problem]
    sets: dict[str, str]
    table: pa.Table | None = None
    values_recoded: int = 0
    user_missing: int = 0
    finished_only: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def draft(self) -> str:
        """The inferred mapping of the first file (`--write-mapping`)."""
        first = self.files[0]
        return draft_text(
            file=first.file,
            platform=first.platform,
            detected=first.detected,
            matches=first.matches,
            sets=self.sets,
            unknown_values=first.unknown_values,
        )


def _problem(
    code: str,
    message: str,
    *,
    file: str | None = None,
    row: int | None = None,
    field: str | None = None,
    value: str | None = None,
    hint: str | None = None,
    count: int = 1,
) -> Problem:
    """An import problem (always an error: an import writes everything or nothing)."""
    return Problem(
        code=code,
        message=message,
        location=Location(file=file, row=row, field=field),
        hint=hint,
        value=value,
        count=count,
    )


def parse_sets(items: Sequence[str]) -> dict[str, str]:
    """`--set COLUMN=VALUE` options as a dict; a bad one is a usage error."""
    sets: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in SETTABLE or not value.strip():
            raise UsageError(
                f"invalid --set '{excerpt(item)}'",
                hint="write --set COLUMN=VALUE with COLUMN one of " + ", ".join(SETTABLE),
            )
        sets[name] = value.strip()
    return sets


def plan_import(
    sources: Sequence[Path | str],
    questionnaire: Questionnaire,
    *,
    platform: str = "auto",
    mapping: Mapping | None = None,
    sets: dict[str, str] | None = None,
    sheet: str | None = None,
    finished_only: bool = False,
) -> ImportPlan:
    """Read, match and recode every export; see the module docstring."""
    mapping = mapping or Mapping()
    all_sets = {**mapping.set, **(sets or {})}
    if platform == "auto" and mapping.platform:
        platform = mapping.platform
    problems: list[Problem] = []
    for name, value in all_sets.items():
        if name == "municipality_code" and not _MUNICIPALITY_CODE.match(value.strip().upper()):
            problems.append(
                _problem(
                    "invalid-municipality-code",
                    f"'{excerpt(value)}' is not a municipality code",
                    file=mapping.file,
                    hint="a municipality code is 'GM' and four digits (the CBS code), e.g. GM0363",
                )
            )
    plan = ImportPlan(files=[], problems=problems, sets=all_sets, finished_only=finished_only)
    known = _known_counter(questionnaire)
    values = {
        name: {normalise_label(k): v for k, v in table.items()}
        for name, table in mapping.values.items()
    }
    tables: list[pa.Table] = []
    exports: list[ExportTable] = []
    for source in sources:
        read_problems: list[Problem] = []
        export = read_export(Path(source), platform, read_problems, sheet=sheet, known=known)
        problems.extend(read_problems)
        if export is not None:
            exports.append(export)
    exports = pair_labels(exports)
    for number, export in enumerate(exports, start=1):
        result = _import_file(
            export, questionnaire, mapping, values, all_sets, plan, number, len(exports) > 1
        )
        if result is not None:
            tables.append(result)
    if tables and not plan.errors:
        plan.table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    return plan


def import_exports(
    sources: Sequence[Path | str], questionnaire: Questionnaire, **options: object
) -> ImportPlan:
    """`plan_import`, raising AnswersError with every problem when there is an error."""
    plan = plan_import(sources, questionnaire, **options)  # type: ignore[arg-type]
    raise_for_errors(plan)
    return plan


def raise_for_errors(plan: ImportPlan) -> None:
    errors = plan.errors
    if errors or plan.table is None:
        total = sum(p.count for p in errors)
        raise AnswersError(
            f"the export cannot be imported: {total:,} problem{'s' if total != 1 else ''}",
            problems=plan.problems,
            hint=(
                "fix them in a mapping file (--mapping, docs/import.md); "
                "--write-mapping drafts one; nothing was written"
                if plan.files
                else "no export could be read; nothing was written"
            ),
        )


def _known_counter(questionnaire: Questionnaire) -> Callable[[list[str]], int]:
    """For choosing an XLSX sheet: how many headers name a quickscan column, item or text."""
    from quickscan.importing.headers import _Targets

    targets = _Targets(questionnaire)

    def count(header: list[str]) -> int:
        return sum(
            1
            for h in header
            if h.strip()
            and (targets.by_name(h) or targets.by_convention(h) or targets.by_text([h]))
        )

    return count


def _import_file(
    export: ExportTable,
    questionnaire: Questionnaire,
    mapping: Mapping,
    values: dict[str, dict[str, str]],
    sets: dict[str, str],
    plan: ImportPlan,
    number: int,
    several: bool,
) -> pa.Table | None:
    file = export.file
    info = FileImport(
        file=file,
        platform=export.platform.name,
        platform_title=export.platform.title,
        detected=export.detected,
        rows_read=export.n_rows,
        notes=list(export.notes),
    )
    plan.files.append(info)
    problems = plan.problems
    group_values = {normalise_label(k): v for k, v in mapping.values.get("group", {}).items()}

    def group_of(text: str) -> str | None:
        text = group_values.get(normalise_label(text), text)
        return questionnaire.match_group(text)

    matches = match_headers(
        export.headers,
        export.texts,
        export.columns,
        questionnaire,
        export.platform,
        mapped=mapping.columns,
        dropped=set(mapping.drop),
        value_labels=export.value_labels,
        group_of=group_of,
    )
    info.matches = matches

    # --- header problems: everything at once ------------------------------------------------
    by_target: dict[str, Match] = {}
    unmatched = [m.header for m in matches if m.kind == "none"]
    if len(unmatched) > _LIST_UNMATCHED:
        shown = ", ".join(f"'{excerpt(h)}'" for h in unmatched[:8])
        problems.append(
            _problem(
                "unrecognised-column",
                f"{len(unmatched)} columns are no quickscan column, item or open question, "
                f"and their texts match none of the questionnaire: {shown}"
                + (f" and {len(unmatched) - 8} more" if len(unmatched) > 8 else ""),
                file=file,
                hint="--write-mapping draft.yaml lists them all: name each one's item in the "
                "mapping (columns:) or leave it out (drop:)",
                count=len(unmatched),
            )
        )
    for match in matches:
        if match.kind == "close":
            problems.append(
                _problem(
                    "close-column-match",
                    f"column '{excerpt(match.header, 60)}' is close to, but not the same as, "
                    f"the text of {match.proposal}; it is not used without confirmation",
                    file=file,
                    field=match.header,
                    hint=f"confirm it in the mapping: columns: {{{_key(match.header)}: "
                    f"{match.proposal}}}, or drop it",
                )
            )
        elif match.kind == "none" and len(unmatched) > _LIST_UNMATCHED:
            continue  # one message for them all, below
        elif match.kind == "none":
            problems.append(
                _problem(
                    "unrecognised-column",
                    f"column '{excerpt(match.header, 60)}' is no quickscan column, item or "
                    "open question, and its text matches none of the questionnaire",
                    file=file,
                    field=match.header,
                    hint=f"name it in the mapping (columns: {{{_key(match.header)}: ITEM}}) "
                    "or leave it out (drop: [...])",
                )
            )
        elif match.kind == "unknown":
            problems.append(
                _problem(
                    "unrecognised-column",
                    f"the mapping names '{excerpt(match.target)}' for column "
                    f"'{excerpt(match.header)}', which is not in the questionnaire",
                    file=mapping.file,
                    field=match.header,
                )
            )
        elif match.target and match.kind in ("field", "item", "open", "finished"):
            if match.target in sets and match.kind == "field":
                match.kind, match.how = "drop", f"--set {match.target} is used instead"
                continue
            earlier = by_target.get(match.target)
            if earlier is not None:
                problems.append(
                    _problem(
                        "duplicate-target",
                        f"columns '{excerpt(earlier.header)}' ({earlier.how}) and "
                        f"'{excerpt(match.header)}' ({match.how}) are both {match.target}",
                        file=file,
                        field=match.header,
                        hint="drop one of them in the mapping, or map it to another column",
                    )
                )
            else:
                by_target[match.target] = match

    item_ids = [i.id for i in questionnaire.all_items]
    info.missing_items = [i for i in item_ids if i not in by_target]
    if "group" not in by_target and "group" not in sets:
        problems.append(
            _problem(
                "missing-column",
                "no column holds the respondent's group",
                file=file,
                hint="name it in the mapping: columns: {HEADER: group}, with values: "
                "{group: {CODE: raad, ...}} if it holds codes; or --set group=GROUP",
            )
        )
    if not ({"municipality_code", "municipality_name"} & ({*by_target, *sets})):
        problems.append(
            _problem(
                "missing-column",
                "the export does not say which municipality answered",
                file=file,
                hint="add --set municipality_code=GM0363 --set municipality_name=NAME",
            )
        )
    # With header errors the values are still judged (every problem at once, and the draft
    # mapping lists the unknown values), but no table is built.
    header_failed = any(
        p.severity == "error" and p.location.file in (file, mapping.file) for p in problems
    )

    # --- rows --------------------------------------------------------------------------------
    n = export.n_rows
    keep = np.ones(n, dtype=bool)
    finished = _finished_mask(export, by_target)
    if finished is not None:
        info.unfinished = int((~finished).sum())
        if plan.finished_only:
            keep &= finished

    out: dict[str, pa.Array] = {}

    def cells(target: str) -> pa.ChunkedArray:
        return export.columns[by_target[target].index]

    if "respondent_id" in by_target:
        out["respondent_id"] = pc.utf8_trim_whitespace(cells("respondent_id").combine_chunks())
    else:
        info.generated_ids = True
        prefix = f"{number}-" if several else ""
        out["respondent_id"] = pa.array([f"{prefix}{i}" for i in range(1, n + 1)], type=pa.string())
    if "submitted_at" in by_target:
        out["submitted_at"] = pc.utf8_trim_whitespace(cells("submitted_at").combine_chunks())

    for name in ("municipality_code", "municipality_name", "group", "wave"):
        if name in sets:
            value = sets[name].upper() if name == "municipality_code" else sets[name]
            if name == "group":
                value = questionnaire.match_group(value) or value
            out[name] = pa.array([value] * n, type=pa.string())
        elif name in by_target:
            out[name] = _field_column(name, by_target[name], export, group_of, problems, file)

    recoder = Recoder(questionnaire, values, file)
    for item in questionnaire.all_items:
        item_match = by_target.get(item.id)
        if item_match is None:
            continue
        out[item.id] = recoder.item_column(
            export.columns[item_match.index],
            item,
            item_match.header,
            export.rows,
            export.value_labels.get(item_match.index, {}),
            export.user_missing.get(item_match.index, frozenset()),
        )
    for question in questionnaire.all_open_questions:
        open_match = by_target.get(question.id)
        if open_match is not None:
            out[question.id] = export.columns[open_match.index].combine_chunks()
    problems.extend(recoder.problems())
    plan.values_recoded += recoder.recoded
    plan.user_missing += recoder.user_missing
    for entry in recoder.unknown.values():
        for header in entry.columns:
            target = next(m.target for m in matches if m.header == header)
            info.unknown_values.setdefault(target or header, []).append(entry.raw)

    if header_failed:
        return None
    # The respondent columns first, in the order quickscan writes them, then the questions.
    order = [
        *FIELDS,
        *(i.id for i in questionnaire.all_items),
        *(o.id for o in questionnaire.all_open_questions),
    ]
    table = pa.table({name: out[name] for name in order if name in out})
    if not keep.all():
        table = table.filter(pa.array(keep))
    info.respondents = table.num_rows
    return table


def _key(header: str) -> str:
    return header if re.fullmatch(r"[\w]+", header) else f'"{header}"'


def _finished_mask(export: ExportTable, by_target: dict[str, Match]) -> np.ndarray | None:
    """True for finished responses; None when the export does not say."""
    if "finished" in by_target:
        column = export.columns[by_target["finished"].index]
        lowered = pc.utf8_lower(pc.utf8_trim_whitespace(column.combine_chunks()))
        unfinished = pc.is_in(lowered, value_set=pa.array(sorted(_FINISHED_FALSE)))
        return ~unfinished.to_numpy(zero_copy_only=False)
    if export.platform.blank_submitted_is_unfinished and "submitted_at" in by_target:
        column = export.columns[by_target["submitted_at"].index]
        trimmed = pc.utf8_trim_whitespace(column.combine_chunks())
        return pc.binary_length(trimmed).to_numpy(zero_copy_only=False) > 0
    return None


def _field_column(
    name: str,
    match: Match,
    export: ExportTable,
    group_of: Callable[[str], str | None],
    problems: list[Problem],
    file: str,
) -> pa.Array:
    """A respondent field, normalised: group ids, upper-case codes, waves without '.00'."""
    labels = export.value_labels.get(match.index, {})
    column = export.columns[match.index]

    if name == "group":

        def judge(text: str) -> str | None:
            text = text.strip()
            if not text:
                return ""
            return group_of(labels.get(text, text))

        recoded, refused = recode_column(column, judge)
        for value, (count, position) in refused.items():
            problems.append(
                _problem(
                    "unknown-group",
                    f"group '{excerpt(value.strip())}' ({count:,} row{'s' if count != 1 else ''})"
                    " is not a group, label or alias of the questionnaire",
                    file=file,
                    row=int(export.rows[position]),
                    field=match.header,
                    value=excerpt(value),
                    hint=f"name it in the mapping: values: {{group: {{{_key(value.strip())}: "
                    "GROUP}}}} (raad, college, ambtenaar, inwoner, ...)",
                    count=count,
                )
            )
        return recoded
    if name == "municipality_code":
        return pc.utf8_upper(pc.utf8_trim_whitespace(column.combine_chunks()))
    if name == "wave":

        def wave(text: str) -> str | None:
            text = labels.get(text.strip(), text).strip()
            return re.sub(r"^(\d+)[.,]0+$", r"\1", text)

        return recode_column(column, wave)[0]
    return pc.utf8_trim_whitespace(column.combine_chunks())


__all__ = ["FIELDS", "ImportPlan", "import_exports", "parse_sets", "plan_import"]
