"""Comparison inputs: expand files, folders and globs; refuse duplicates; read them all.

Every input problem is collected and raised together (CompareError, exit 7):
- the same file given twice (same resolved path, or the same content under another name);
- the same respondents (municipality + respondent id, in the same wave) in two files;
- the same municipality and wave in two files (naming both files).

All files end up in one `AnswerSet`, which is scored in one pass.
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from quickscan.answers.answer_set import AnswerSet
from quickscan.compare.models import QuestionnaireDiff
from quickscan.compare.table import natural_key
from quickscan.compare.waves import shared_questionnaire
from quickscan.errors import AnswersError, CompareError, Location, Problem, excerpt
from quickscan.questionnaire.models import Questionnaire

#: File types read from a folder.
ANSWER_SUFFIXES = (".csv", ".xlsx", ".sav", ".zsav")
_GLOB_CHARS = set("*?[")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def expand_inputs(inputs: Sequence[str | Path]) -> list[Path]:
    """Files, folders (their .csv/.xlsx files) and globs -> files; duplicates refused."""
    problems: list[Problem] = []
    found: list[tuple[Path, str]] = []  # (path, what the user gave)
    for given in inputs:
        text = str(given)
        path = Path(text)
        if path.is_dir():
            in_folder = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in ANSWER_SUFFIXES
                and not p.name.startswith((".", "~$"))
            )
            if not in_folder:
                problems.append(
                    Problem(
                        code="empty-input-folder",
                        message="the folder has no .csv or .xlsx files",
                        location=Location(file=text),
                    )
                )
            found.extend((p, text) for p in in_folder)
        elif path.is_file():
            found.append((path, text))
        elif _GLOB_CHARS & set(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            matches = [m for m in matches if m.is_file()]
            if not matches:
                problems.append(
                    Problem(
                        code="no-input-match",
                        message="the pattern matches no file",
                        location=Location(file=text),
                    )
                )
            found.extend((m, text) for m in matches)
        else:
            problems.append(
                Problem(
                    code="input-not-found",
                    message="no such file or folder",
                    location=Location(file=text),
                )
            )
    files: list[Path] = []
    by_path: dict[Path, Path] = {}
    by_hash: dict[str, Path] = {}
    for path, _given in found:
        resolved = path.resolve()
        if resolved in by_path:
            problems.append(
                Problem(
                    code="duplicate-input",
                    message=f"the file is given twice (as {by_path[resolved]} and {path})",
                    location=Location(file=str(path)),
                    hint="give each answer file once",
                )
            )
            continue
        by_path[resolved] = path
        try:
            digest = sha256_file(path)
        except OSError as exc:
            problems.append(
                Problem(
                    code="input-unreadable",
                    message=f"cannot read the file: {exc.strerror or exc}",
                    location=Location(file=str(path)),
                )
            )
            continue
        if digest in by_hash:
            problems.append(
                Problem(
                    code="duplicate-input-content",
                    message=f"the file has the same content as {by_hash[digest]}",
                    location=Location(file=str(path)),
                    hint="give each answer file once",
                )
            )
            continue
        by_hash[digest] = path
        files.append(path)
    if problems:
        raise CompareError(problems=problems)
    if not files:
        raise CompareError(
            problems=[Problem(code="no-inputs", message="there are no answer files to compare")]
        )
    return files


@dataclass
class ReadInputs:
    """All inputs read into one AnswerSet, with the questionnaire to score them with."""

    answers: AnswerSet
    questionnaire: Questionnaire
    #: Only when the waves were read with different questionnaires.
    diff: QuestionnaireDiff | None = None
    files: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def read_inputs(
    files: Sequence[Path],
    questionnaire: Questionnaire,
    *,
    wave_files: dict[Path, str] | None = None,
    wave_questionnaires: dict[str, Questionnaire] | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
) -> ReadInputs:
    """Read every file (each with its wave's questionnaire), check duplicates, concatenate."""
    from quickscan.answers import read_answers

    wave_of = {Path(p).resolve(): w for p, w in (wave_files or {}).items()}
    per_wave = dict(wave_questionnaires or {})
    answer_problems: list[Problem] = []
    sets: list[tuple[Path, AnswerSet, Questionnaire]] = []
    unknown_wave_files = set(wave_of) - {f.resolve() for f in files}
    if unknown_wave_files:
        raise CompareError(
            problems=[
                Problem(
                    code="wave-file-not-an-input",
                    message="--wave-file names a file that is not among the inputs",
                    location=Location(file=str(p)),
                    hint="give the file as an input too",
                )
                for p in sorted(unknown_wave_files)
            ]
        )

    def read(path: Path, q: Questionnaire) -> AnswerSet:
        return read_answers([path], q, delimiter=delimiter, sheet=sheet, strict=strict)

    compare_problems: list[Problem] = []
    for path in files:
        assigned = wave_of.get(path.resolve())
        q = per_wave.get(assigned, questionnaire) if assigned is not None else questionnaire
        try:
            answers = read(path, q)
            if assigned is not None:
                answers, problem = _assign_wave(answers, assigned, path)
                if problem:
                    compare_problems.append(problem)
                    continue
            elif per_wave:
                waves = _waves(answers)
                wanted = {
                    per_wave.get(w, questionnaire).fingerprint: per_wave.get(w, questionnaire)
                    for w in waves
                }
                if len(wanted) > 1:
                    compare_problems.append(
                        Problem(
                            code="mixed-wave-questionnaires",
                            message=f"the file holds waves {', '.join(waves)} that use different "
                            "questionnaires",
                            location=Location(file=str(path)),
                            hint="split the file per wave, or give its waves one questionnaire",
                        )
                    )
                    continue
                wanted_q = next(iter(wanted.values()), q)
                if wanted_q.fingerprint != q.fingerprint:
                    q = wanted_q
                    answers = read(path, q)
        except AnswersError as error:
            answer_problems.extend(error.problems)
            continue
        sets.append((path, answers, q))
    if answer_problems:
        raise AnswersError(problems=answer_problems)
    compare_problems.extend(duplicate_problems([(p, a) for p, a, _ in sets]))
    if compare_problems:
        raise CompareError(problems=compare_problems)

    by_wave: dict[str, Questionnaire] = {}
    for _path, answers, q in sets:
        for wave in _waves(answers):
            by_wave[wave] = q
    diff = None
    common = questionnaire
    if len({q.fingerprint for q in by_wave.values()}) > 1:
        common, diff = shared_questionnaire(by_wave)
        projected = [(p, project(a, common), q) for p, a, q in sets]
        sets = projected
    else:
        used = {q.fingerprint: q for _, _, q in sets}
        if len(used) == 1:
            common = next(iter(used.values()))
    warnings = [p for _, a, _ in sets for p in a.problems if p.severity == "warning"]
    return ReadInputs(
        answers=concat([a for _, a, _ in sets]),
        questionnaire=common,
        diff=diff,
        files=list(files),
        warnings=warnings,
    )


def _waves(answers: AnswerSet) -> list[str]:
    values = answers.respondents["wave"]
    found = {str(v) for v in values.dropna().unique()}
    if values.isna().any():
        found.add("")
    return sorted(found, key=natural_key)


def _assign_wave(answers: AnswerSet, wave: str, path: Path) -> tuple[AnswerSet, Problem | None]:
    """Give every respondent of a --wave-file the wave; refuse a conflicting wave column."""
    present = [w for w in _waves(answers) if w and w != wave]
    if present:
        return answers, Problem(
            code="wave-conflict",
            message=f"--wave-file gives wave {excerpt(wave)}, but the file's wave column has "
            f"{', '.join(excerpt(w) for w in present)}",
            location=Location(file=str(path)),
            hint="leave out --wave-file for files with a wave column",
        )
    respondents = answers.respondents.copy()
    respondents["wave"] = wave
    return answers.replace(respondents=respondents), None


def duplicate_problems(sets: Sequence[tuple[Path, AnswerSet]]) -> list[Problem]:
    """The same respondents, or the same municipality and wave, in more than one file."""
    problems: list[Problem] = []
    frames = []
    for index, (_path, answers) in enumerate(sets):
        r = answers.respondents
        # Reading may give categorical columns: compare them as plain text.
        code, name, wave = (
            _plain(r[c]) for c in ("municipality_code", "municipality_name", "wave")
        )
        frames.append(
            pd.DataFrame(
                {
                    "municipality": code.fillna(name),
                    "wave": wave.fillna(""),
                    "respondent_id": _plain(r["respondent_id"]).astype(str),
                    "row": r["row"],
                    "file": index,
                }
            )
        )
    if not frames:
        return problems
    everything = pd.concat(frames, ignore_index=True)
    everything["municipality"] = everything["municipality"].fillna("")

    files_of = everything.groupby(["municipality", "wave"], sort=False)["file"].unique()
    for (municipality, wave), indexes in files_of.items():
        if len(indexes) < 2:
            continue
        names = [str(sets[i][0]) for i in sorted(indexes)]
        where = f"{municipality}" + (f" wave {wave}" if wave else "")
        problems.append(
            Problem(
                code="duplicate-municipality-wave",
                message=f"{where} is in {len(names)} files: {', '.join(names)}",
                location=Location(file=names[1]),
                hint="give each municipality and wave in one file only, or set the wave of "
                "each file (a wave column, or --wave-file WAVE=FILE)",
            )
        )
        block = everything[
            (everything["municipality"] == municipality) & (everything["wave"] == wave)
        ]
        counts = block.groupby("respondent_id")["file"].nunique()
        repeated = counts[counts > 1]
        if len(repeated):
            example = str(repeated.index[0])
            rows = block[block["respondent_id"] == example]
            seen = ", ".join(
                f"{sets[int(f)][0]} row {int(r)}"
                for f, r in zip(rows["file"], rows["row"], strict=True)
            )
            problems.append(
                Problem(
                    code="duplicate-respondent",
                    message=f"{len(repeated)} respondent(s) of {where} are in more than one "
                    f"file, e.g. respondent {excerpt(example)}: {seen}",
                    location=Location(file=names[1]),
                    hint="the files overlap; give each respondent once",
                )
            )
    return problems


def _plain(series: pd.Series) -> pd.Series:
    """A column as Python objects with None for missing (categorical or not)."""
    values = series.astype(object)
    return values.where(series.notna(), None)


def project(answers: AnswerSet, questionnaire: Questionnaire) -> AnswerSet:
    """The answers to `questionnaire`'s items only (all items must be in `answers`)."""
    index = {item_id: j for j, item_id in enumerate(answers.item_ids)}
    wanted = [item.id for item in questionnaire.all_items]
    columns = [index[item_id] for item_id in wanted]
    return answers.replace(item_ids=wanted, codes=answers.codes[:, columns])


def concat(sets: Sequence[AnswerSet]) -> AnswerSet:
    """One AnswerSet of several with the same items (row order kept)."""
    if len(sets) == 1:
        return sets[0]
    item_ids = sets[0].item_ids
    for other in sets[1:]:
        if other.item_ids != item_ids:  # pragma: no cover - read_inputs projects first
            raise ValueError("answer sets with different items cannot be concatenated")
    return AnswerSet(
        respondents=pd.concat([s.respondents for s in sets], ignore_index=True),
        item_ids=list(item_ids),
        codes=np.concatenate([s.codes for s in sets], axis=0),
        open_answers=pd.concat([s.open_answers for s in sets], ignore_index=True),
        inputs=[f for s in sets for f in s.inputs],
        problems=[p for s in sets for p in s.problems],
    )
