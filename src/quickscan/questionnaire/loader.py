"""Load a questionnaire folder (or a built-in name) into a cross-checked `Questionnaire`.

Every problem in every file is collected before anything is raised, so an author fixes a
questionnaire in one round instead of one error at a time.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from quickscan.errors import Location, Problem, QuestionnaireError, excerpt
from quickscan.questionnaire.models import (
    Area,
    AreaFile,
    Item,
    MaatwerkFile,
    OpenQuestion,
    Questionnaire,
    QuestionnaireFile,
    normalise_label,
)
from quickscan.resources import questionnaires_dir
from quickscan.yaml_source import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)

QUESTIONNAIRE_FILE = "questionnaire.yaml"
DEFAULT_QUESTIONNAIRE = "qsld"


def builtin_names() -> list[str]:
    """Names of the questionnaires shipped with quickscan."""
    root = questionnaires_dir()
    return sorted(p.name for p in root.iterdir() if (p / QUESTIONNAIRE_FILE).is_file())


def resolve_ref(ref: str | Path) -> Path:
    """A built-in name, a questionnaire folder or its questionnaire.yaml -> the yaml path."""
    text = str(ref)
    if (
        isinstance(ref, str)
        and "/" not in text
        and "\\" not in text
        and not text.endswith((".yaml", ".yml"))
    ):
        builtin = questionnaires_dir() / text / QUESTIONNAIRE_FILE
        if builtin.is_file():
            return builtin
        if not Path(text).exists():
            known = ", ".join(builtin_names())
            raise QuestionnaireError(
                problems=[
                    Problem(
                        code="questionnaire-not-found",
                        message=f"no built-in questionnaire or folder called '{excerpt(text)}'",
                        hint=f"built-in: {known}; or give the path of a questionnaire folder",
                    )
                ]
            )
    path = Path(ref)
    if path.is_dir():
        path = path / QUESTIONNAIRE_FILE
    if not path.is_file():
        raise QuestionnaireError(
            problems=[
                Problem(
                    code="questionnaire-not-found",
                    message="questionnaire file not found",
                    location=Location(file=str(path)),
                    hint="give a built-in name, a folder with questionnaire.yaml, or that file",
                )
            ]
        )
    return path


def load_questionnaire(
    ref: str | Path = DEFAULT_QUESTIONNAIRE, extra: str | Path | None = None
) -> Questionnaire:
    """Load, validate and cross-check a questionnaire; `extra` is a maatwerk YAML file."""
    path = resolve_ref(ref)
    root = path.parent
    problems: list[Problem] = []

    builtin_root = questionnaires_dir()

    def label(p: Path) -> str:
        # Name files as the user wrote the path; a built-in one by its name ("qsld/...").
        try:
            return str(p.relative_to(builtin_root))
        except ValueError:
            return str(p)

    main_doc = _read(path, label(path), problems)
    if main_doc is None:
        raise QuestionnaireError(problems=problems)
    main = _validate(QuestionnaireFile, main_doc, problems)
    # An error in one setting must not hide the problems of the area files: go on with what
    # validates, with the broken optional keys left at their defaults.
    checkable = main if main is not None else _lenient(main_doc)
    area_list = _area_list(main, main_doc)

    areas: list[tuple[Area, YamlDocument]] = []
    for index, relative in enumerate(area_list):
        if not relative:
            continue  # not a file name: reported by the validation of questionnaire.yaml
        area_path = (root / relative).resolve()
        if root.resolve() not in area_path.parents:
            problems.append(
                Problem(
                    code="area-outside-folder",
                    message=f"area file '{excerpt(relative)}' is outside the questionnaire folder",
                    location=main_doc.locate(("areas", index)),
                )
            )
            continue
        if not area_path.is_file():
            problems.append(
                Problem(
                    code="area-file-missing",
                    message=f"area file '{excerpt(relative)}' does not exist",
                    location=main_doc.locate(("areas", index)),
                    hint=f"files in the folder: {_list_yaml(root)}",
                )
            )
            continue
        doc = _read(area_path, label(root / relative), problems)
        if doc is None:
            continue
        area_file = _validate(AreaFile, doc, problems)
        if area_file is not None:
            areas.append((Area(**area_file.model_dump()), doc))

    maatwerk: MaatwerkFile | None = None
    maatwerk_doc: YamlDocument | None = None
    if extra is not None:
        extra_path = Path(extra)
        maatwerk_doc = _read(extra_path, str(extra_path), problems)
        if maatwerk_doc is not None:
            maatwerk = _validate(MaatwerkFile, maatwerk_doc, problems)

    if checkable is not None:
        _cross_check(checkable, main_doc, areas, maatwerk, maatwerk_doc, problems)
    if problems or main is None:
        raise QuestionnaireError(problems=problems)

    return Questionnaire(
        id=main.id,
        version=main.version,
        title=main.title,
        description=main.description,
        languages=main.languages,
        groups=main.groups,
        scales=main.scales,
        scoring=main.scoring,
        bands=sorted(main.bands, key=lambda b: b.min),
        offerings=main.offerings,
        areas=sorted((a for a, _ in areas), key=lambda a: a.number),
        open_questions=main.open_questions,
        maatwerk=maatwerk.items if maatwerk else [],
        maatwerk_title=maatwerk.title if maatwerk else None,
        maatwerk_open_questions=maatwerk.open_questions if maatwerk else [],
        background=main.background,
        source=str(path),
    )


def _lenient(doc: YamlDocument) -> QuestionnaireFile | None:
    """The questionnaire file with its invalid optional keys left out, for the cross-checks
    after a validation error; None when a required key is invalid too."""
    if not isinstance(doc.data, dict):
        return None
    data = dict(doc.data)
    for _ in range(len(QuestionnaireFile.model_fields)):
        try:
            return QuestionnaireFile.model_validate(data)
        except ValidationError as exc:
            broken = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
            optional = {
                key
                for key in broken
                if key in QuestionnaireFile.model_fields
                and not QuestionnaireFile.model_fields[key].is_required()
            }
            if not optional or optional != broken or not optional & set(data):
                return None
            for key in optional:
                data.pop(key, None)
    return None


def _area_list(main: QuestionnaireFile | None, doc: YamlDocument) -> list[str]:
    """The area files to read: from the valid file, else every text entry of `areas`."""
    if main is not None:
        return list(main.areas)
    listed = doc.data.get("areas") if isinstance(doc.data, dict) else None
    if not isinstance(listed, list):
        return []
    return [entry if isinstance(entry, str) and entry.strip() else "" for entry in listed]


def _list_yaml(root: Path) -> str:
    names = sorted(str(p.relative_to(root)) for p in root.rglob("*.y*ml"))
    return ", ".join(names[:12]) or "none"


def _read(path: Path, label: str, problems: list[Problem]) -> YamlDocument | None:
    try:
        document = read_yaml(path, label)
    except QuestionnaireError as exc:
        problems.extend(exc.problems)
        return None
    problems.extend(document.problems)
    return document


def _validate(model: type[M], doc: YamlDocument, problems: list[Problem]) -> M | None:
    if not isinstance(doc.data, dict):
        problems.append(
            Problem(
                code="yaml-not-mapping",
                message=f"expected a mapping of keys at the top of the file, "
                f"found {_kind(doc.data)}",
                location=doc.locate(()),
            )
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_translate(exc, model, doc))
        return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"text '{excerpt(value)}'"


def _translate(exc: ValidationError, model: type[BaseModel], doc: YamlDocument) -> list[Problem]:
    """Turn pydantic's errors into problems that point at the YAML line and say what fits."""
    problems: list[Problem] = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        kind = error["type"]
        value = error.get("input")
        hint: str | None = None
        if kind == "extra_forbidden":
            key = str(loc[-1])
            known = _known_keys(model, loc[:-1])
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(known)}"
            problems.append(
                Problem(
                    code="unknown-key",
                    message=f"unknown key '{excerpt(key)}'",
                    location=doc.locate(loc, key=True),
                    hint=hint,
                )
            )
            continue
        if kind == "missing":
            problems.append(
                Problem(
                    code="missing-key",
                    message=f"required key '{loc[-1]}' is missing",
                    location=doc.locate(loc[:-1]),
                )
            )
            continue
        if kind == "string_type" and isinstance(value, bool | int | float):
            written = excerpt(_source_text(doc, loc) or value)
            problems.append(
                Problem(
                    code="unquoted-string",
                    message=f"expected text, but YAML read {written} as {_kind(value)}",
                    location=doc.locate(loc),
                    value=written,
                    hint='put the value in quotes, e.g. "NO" or "1.10"',
                )
            )
            continue
        if kind == "string_pattern_mismatch":
            problems.append(
                Problem(
                    code="invalid-id",
                    message=f"'{excerpt(value)}' is not a valid identifier",
                    location=doc.locate(loc),
                    value=excerpt(value),
                    hint=_pattern_hint(str(error.get("ctx", {}).get("pattern", ""))),
                )
            )
            continue
        message = error["msg"]
        if value is not None and not isinstance(value, dict | list):
            message = f"{message}, got {_kind(value)}"
        problems.append(
            Problem(
                code=f"invalid-{kind.replace('_', '-')}",
                message=message,
                location=doc.locate(loc),
            )
        )
    return problems


def _pattern_hint(pattern: str) -> str:
    if "#" in pattern:
        return 'a colour is written as "#rrggbb", e.g. "#3b8e6e"'
    if "A-Z" in pattern:
        return "item ids start with a letter and contain letters, digits and _ (e.g. GR01)"
    return "use lowercase letters, digits, '-' and '_', starting with a letter"


def _source_text(doc: YamlDocument, loc: Sequence[str | int]) -> str | None:
    """How the value was written in the file, so 'NO' is shown as NO, not False."""
    position = doc.positions.get(tuple(loc))
    if position is None:
        return None
    return None if doc.data is None else _raw_line_token(doc, position)


def _raw_line_token(doc: YamlDocument, position: tuple[int, int]) -> str | None:
    lines = doc.text.splitlines()
    line, column = position
    if line - 1 >= len(lines):
        return None
    rest = lines[line - 1][column - 1 :]
    return rest.split(" #")[0].rstrip().rstrip(",}]").strip() or None


def _known_keys(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The keys allowed at `loc` inside `model`, found by following the type annotations."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else Any
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else Any
        else:
            args = typing.get_args(current)
            current = args[-1] if args else Any
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Optional[X] / X | None / Annotated[X, ...] -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _cross_check(
    main: QuestionnaireFile,
    main_doc: YamlDocument,
    areas: list[tuple[Area, YamlDocument]],
    maatwerk: MaatwerkFile | None,
    maatwerk_doc: YamlDocument | None,
    problems: list[Problem],
) -> None:
    """Checks that span keys or files: references, uniqueness, band coverage, caps."""
    scale_ids = [s.id for s in main.scales]
    group_ids = [g.id for g in main.groups]
    offering_ids = [o.id for o in main.offerings]
    band_ids = [b.id for b in main.bands]

    def unique(values: list[str], what: str, key: str, doc: YamlDocument) -> None:
        seen: dict[str, int] = {}
        for index, value in enumerate(values):
            if value in seen:
                first = doc.locate((key, seen[value], "id")).line
                problems.append(
                    Problem(
                        code=f"duplicate-{what}",
                        message=f"duplicate {what} id '{excerpt(value)}'"
                        + (f" (first at line {first})" if first else ""),
                        location=doc.locate((key, index, "id")),
                        hint=f"each {what} id must be unique",
                    )
                )
            seen.setdefault(value, index)

    unique(scale_ids, "scale", "scales", main_doc)
    unique(group_ids, "group", "groups", main_doc)
    unique(offering_ids, "offering", "offerings", main_doc)
    unique(band_ids, "band", "bands", main_doc)
    _check_background(main, main_doc, group_ids, problems)

    # Group spellings must identify one group only, or an answer file would be ambiguous.
    owner: dict[str, str] = {}
    aliases = owner
    for g_index, group in enumerate(main.groups):
        for a_index, name in enumerate(group.names()):
            key = normalise_label(name)
            if key in owner and owner[key] != group.id:
                where = (
                    ("groups", g_index, "aliases", a_index - 2)
                    if a_index >= 2
                    else (
                        "groups",
                        g_index,
                    )
                )
                problems.append(
                    Problem(
                        code="ambiguous-group-alias",
                        message=f"'{excerpt(name)}' names both '{owner[key]}' and '{group.id}'",
                        location=main_doc.locate(where),
                    )
                )
            owner.setdefault(key, group.id)

    for s_index, scale in enumerate(main.scales):
        codes = [o.code for o in (*scale.options, *scale.dont_know)]
        if len(set(codes)) != len(codes):
            problems.append(
                Problem(
                    code="duplicate-scale-code",
                    message=f"scale '{scale.id}' uses a code twice",
                    location=main_doc.locate(("scales", s_index)),
                )
            )
        scored = [o.code for o in scale.options]
        for o_index in range(1, len(scored)):
            if len(set(scored)) == len(scored) and scored[o_index] < scored[o_index - 1]:
                problems.append(
                    Problem(
                        code="scale-codes-not-ascending",
                        message=f"scale '{scale.id}' lists code {scored[o_index]} after code "
                        f"{scored[o_index - 1]}; options run from the lowest code to the "
                        "highest",
                        location=main_doc.locate(("scales", s_index, "options", o_index, "code")),
                        hint="list the options from the least to the most agreeing (1 = "
                        "Helemaal oneens ... 5 = Helemaal eens); use `reverse: true` on an "
                        "item whose wording runs the other way",
                    )
                )
                break
        for d_index, option in enumerate(scale.dont_know):
            if scale.min <= option.code <= scale.max:
                problems.append(
                    Problem(
                        code="dont-know-inside-scale",
                        message=f"don't-know code {option.code} lies inside the scale "
                        f"({scale.min}-{scale.max})",
                        location=main_doc.locate(("scales", s_index, "dont_know", d_index)),
                        hint="use a code outside the scale, such as 9 or 99",
                    )
                )
        labels = [
            normalise_label(t)
            for o in (*scale.options, *scale.dont_know)
            for t in (o.label.nl, o.label.en)
            if t
        ]
        per_option = [
            {normalise_label(t) for t in (o.label.nl, o.label.en) if t}
            for o in (*scale.options, *scale.dont_know)
        ]
        if sum(len(s) for s in per_option) != len(set(labels)):
            problems.append(
                Problem(
                    code="duplicate-scale-label",
                    message=f"scale '{scale.id}' uses the same label for two options",
                    location=main_doc.locate(("scales", s_index)),
                    hint="answer files may carry labels, so each must name one option",
                )
            )

    _check_bands(main, main_doc, problems)

    # Areas: numbers and ids unique; items reference known scales and groups.
    seen_numbers: dict[int, str] = {}
    seen_area_ids: dict[str, str] = {}
    item_places: dict[str, str] = {}
    for area, doc in areas:

        def place(key: str, doc: YamlDocument = doc) -> str:
            line = doc.locate((key,)).line
            return f"{doc.file}:{line}" if line else doc.file

        if area.number in seen_numbers:
            problems.append(
                Problem(
                    code="duplicate-area-number",
                    message=f"area number {area.number} is also used in "
                    f"{seen_numbers[area.number]}",
                    location=doc.locate(("number",)),
                )
            )
        seen_numbers.setdefault(area.number, place("number"))
        if area.id in seen_area_ids:
            problems.append(
                Problem(
                    code="duplicate-area",
                    message=f"area id '{area.id}' is also used in {seen_area_ids[area.id]}",
                    location=doc.locate(("id",)),
                )
            )
        seen_area_ids.setdefault(area.id, place("id"))
        _check_items(
            area.items, doc, ("items",), scale_ids, group_ids, aliases, item_places, problems
        )
        for band_id, recommendation in area.recommendations.items():
            if band_id not in band_ids:
                problems.append(
                    Problem(
                        code="unknown-band",
                        message=f"recommendations for unknown band '{excerpt(band_id)}'",
                        location=doc.locate(("recommendations", band_id), key=True),
                        hint=f"bands: {', '.join(band_ids)}",
                    )
                )
            for o_index, offering in enumerate(recommendation.offerings):
                if offering not in offering_ids:
                    problems.append(
                        Problem(
                            code="unknown-offering",
                            message=f"unknown offering '{excerpt(offering)}'",
                            location=doc.locate(("recommendations", band_id, "offerings", o_index)),
                            hint=_suggest(offering, offering_ids),
                        )
                    )
        for group_id in group_ids:
            if not any(item.applies_to(group_id) for item in area.items):
                problems.append(
                    Problem(
                        code="area-without-items-for-group",
                        message=f"no item in this area is asked of group '{group_id}'",
                        location=doc.locate(("items",)),
                        severity="error",
                        hint="every group needs at least one item per area to get a score",
                    )
                )

    _check_open(
        main.open_questions,
        main_doc,
        ("open_questions",),
        group_ids,
        aliases,
        item_places,
        problems,
    )

    if maatwerk is not None and maatwerk_doc is not None:
        cap = main.scoring.max_maatwerk_items
        if len(maatwerk.items) > cap:
            problems.append(
                Problem(
                    code="too-many-maatwerk-items",
                    message=f"{len(maatwerk.items)} maatwerk items; at most {cap} are allowed",
                    location=maatwerk_doc.locate(("items", cap)),
                    hint="the cap is the questionnaire's scoring.max_maatwerk_items",
                )
            )
        _check_items(
            maatwerk.items,
            maatwerk_doc,
            ("items",),
            scale_ids,
            group_ids,
            aliases,
            item_places,
            problems,
        )
        _check_open(
            maatwerk.open_questions,
            maatwerk_doc,
            ("open_questions",),
            group_ids,
            aliases,
            item_places,
            problems,
        )


def _suggest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"allowed: {', '.join(known)}"


def _check_items(
    items: list[Item],
    doc: YamlDocument,
    base: tuple[str, ...],
    scale_ids: list[str],
    group_ids: list[str],
    aliases: dict[str, str],
    item_places: dict[str, str],
    problems: list[Problem],
) -> None:
    for index, item in enumerate(items):
        where: tuple[str | int, ...] = (*base, index)
        if item.id in item_places:
            problems.append(
                Problem(
                    code="duplicate-item",
                    message=f"duplicate item id '{item.id}' (also in {item_places[item.id]})",
                    location=doc.locate((*where, "id")),
                    hint="item ids must be unique across the questionnaire",
                )
            )
        else:
            line = doc.locate((*where, "id")).line
            item_places[item.id] = f"{doc.file}:{line}" if line else doc.file
        if item.scale not in scale_ids:
            problems.append(
                Problem(
                    code="unknown-scale",
                    message=f"unknown scale '{excerpt(item.scale)}'",
                    location=doc.locate((*where, "scale")),
                    hint=_suggest(item.scale, scale_ids),
                )
            )
        _check_groups(item.groups, doc, where, group_ids, problems, aliases)


def _check_open(
    questions: list[OpenQuestion],
    doc: YamlDocument,
    base: tuple[str, ...],
    group_ids: list[str],
    aliases: dict[str, str],
    item_places: dict[str, str],
    problems: list[Problem],
) -> None:
    for index, question in enumerate(questions):
        where: tuple[str | int, ...] = (*base, index)
        if question.id in item_places:
            problems.append(
                Problem(
                    code="duplicate-item",
                    message=f"duplicate question id '{question.id}' "
                    f"(also in {item_places[question.id]})",
                    location=doc.locate((*where, "id")),
                )
            )
        item_places.setdefault(question.id, doc.file)
        _check_groups(question.groups, doc, where, group_ids, problems, aliases)


def _check_groups(
    groups: list[str] | None,
    doc: YamlDocument,
    where: tuple[str | int, ...],
    group_ids: list[str],
    problems: list[Problem],
    aliases: dict[str, str],
) -> None:
    if groups is None:
        return
    if not groups:
        problems.append(
            Problem(
                code="empty-groups",
                message="'groups' is empty, so nobody is asked this question",
                location=doc.locate((*where, "groups")),
                hint="leave 'groups' out to ask everyone",
            )
        )
    for g_index, group in enumerate(groups):
        if group not in group_ids:
            owner = aliases.get(normalise_label(group))
            problems.append(
                Problem(
                    code="unknown-group",
                    message=f"unknown group '{excerpt(group)}'",
                    location=doc.locate((*where, "groups", g_index)),
                    hint=f"'{excerpt(group)}' is an alias of group '{owner}'; use the group id"
                    if owner
                    else _suggest(group, group_ids),
                )
            )


def _check_bands(main: QuestionnaireFile, doc: YamlDocument, problems: list[Problem]) -> None:
    """Bands must cover 0-10 without gaps or overlaps."""
    indexed = sorted(enumerate(main.bands), key=lambda pair: pair[1].min)
    expected = 0.0
    for index, band in indexed:
        if band.max <= band.min:
            problems.append(
                Problem(
                    code="band-empty",
                    message=f"band '{band.id}' has max {band.max} <= min {band.min}",
                    location=doc.locate(("bands", index, "max")),
                )
            )
        if abs(band.min - expected) > 1e-9:
            what = "gap" if band.min > expected else "overlap"
            problems.append(
                Problem(
                    code="bands-not-covering",
                    message=f"bands leave a {what} between {expected:g} and {band.min:g}",
                    location=doc.locate(("bands", index, "min")),
                    hint="bands must cover 0 to 10: each band starts where the previous ends",
                )
            )
        expected = band.max
    if indexed and abs(expected - 10) > 1e-9:
        last_index = indexed[-1][0]
        problems.append(
            Problem(
                code="bands-not-covering",
                message=f"the highest band ends at {expected:g}, not at 10",
                location=doc.locate(("bands", last_index, "max")),
                hint="bands must cover 0 to 10",
            )
        )


def _check_background(
    main: QuestionnaireFile, doc: YamlDocument, group_ids: list[str], problems: list[Problem]
) -> None:
    """Background groups must exist; characteristic ids and category spellings be unique."""
    background = main.background
    if background is None:
        return
    for index, group in enumerate(background.groups):
        if group not in group_ids:
            problems.append(
                Problem(
                    code="unknown-group",
                    message=f"background group '{excerpt(group)}' is not a group of the "
                    "questionnaire",
                    location=doc.locate(("background", "groups", index)),
                    hint="known groups: " + ", ".join(group_ids),
                )
            )
    seen: dict[str, str] = {}
    for c_index, characteristic in enumerate(background.characteristics):
        for name in characteristic.names():
            key = normalise_label(name)
            if key in seen and seen[key] != characteristic.id:
                problems.append(
                    Problem(
                        code="duplicate-characteristic",
                        message=f"'{excerpt(name)}' names both background characteristic "
                        f"'{seen[key]}' and '{characteristic.id}'",
                        location=doc.locate(("background", "characteristics", c_index)),
                    )
                )
            seen.setdefault(key, characteristic.id)
        spelled: dict[str, str] = {}
        for k_index, category in enumerate(characteristic.categories):
            for name in category.names():
                key = normalise_label(name)
                if key in spelled and spelled[key] != category.code:
                    problems.append(
                        Problem(
                            code="duplicate-category",
                            message=f"'{excerpt(name)}' names both category "
                            f"'{spelled[key]}' and '{category.code}' of "
                            f"'{characteristic.id}'",
                            location=doc.locate(
                                ("background", "characteristics", c_index, "categories", k_index)
                            ),
                        )
                    )
                spelled.setdefault(key, category.code)
