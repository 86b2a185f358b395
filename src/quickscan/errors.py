"""The one error tree of quickscan, source locations, problem records and exit codes.

Every failure a user can cause ends up as a `QuickscanError` carrying one or more `Problem`
records; `cli.py` turns it into a message on stderr and the matching `ExitCode`. Anything
else reaching the user is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Literal


class ExitCode(IntEnum):
    """Documented exit codes (README and `quickscan --help`)."""

    OK = 0
    #: An unexpected internal error: a bug, please report it (run again with --debug).
    INTERNAL = 1
    #: The command line itself is wrong (unknown option, missing argument, bad value).
    USAGE = 2
    #: The questionnaire (or a maatwerk file) is invalid.
    QUESTIONNAIRE = 3
    #: The answer data is invalid (or an input file cannot be read).
    ANSWERS = 4
    #: An output could not be written or was refused (e.g. it would overwrite an input).
    OUTPUT = 5
    #: The report could not be rendered.
    REPORT = 6
    #: Comparison inputs do not fit together (duplicates, incompatible questionnaires).
    COMPARE = 7
    #: Interrupted by the user (Ctrl-C).
    INTERRUPTED = 130
    #: The reader of standard output went away (`quickscan check ... | head`): a quiet stop.
    BROKEN_PIPE = 141
    #: Stopped by SIGTERM (e.g. `kill`, a job scheduler): cleaned up like Ctrl-C.
    TERMINATED = 143


Severity = Literal["error", "warning"]

#: The longest excerpt of a user's cell or value we ever echo back.
EXCERPT_LENGTH = 40


def excerpt(value: Any, limit: int = EXCERPT_LENGTH) -> str:
    """A short, single-line rendering of a user value, safe to print: control characters
    written as escapes (`\\n`, `\\x1b`), at most `limit` characters."""
    raw = str(value)
    # Escape only what can be shown: a 200,000-character cell costs no more than a short one.
    text = raw[:limit].replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    text = "".join(f"\\x{ord(ch):02x}" if _is_control(ch) else ch for ch in text)
    if len(raw) > limit or len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F


class Terminated(BaseException):  # noqa: N818 - named like KeyboardInterrupt, its sibling
    """SIGTERM arrived: unwinds like Ctrl-C (outputs cleaned up), then exit 143."""


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file plus a line/column (YAML) or a row/column (tables).

    `row` is the row number as the user sees it in a spreadsheet (header = row 1).
    `path` is the key path inside a YAML document, e.g. ``items[2].scale``.
    """

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        # YAML: "areas/3-inwoners.yaml:14:7 (items[2].scale)";
        # tables: "answers.csv row 17, column GR03".
        head = self.file or ""
        if self.line is not None:
            head += f":{self.line}"
            if self.column is not None:
                head += f":{self.column}"
        if self.path:
            head = f"{head} ({self.path})".strip()
        cell = ", ".join(
            part
            for part in (
                f"row {self.row}" if self.row is not None else "",
                # A header comes from the file: never more of it than an excerpt.
                f"column {excerpt(self.field)}" if self.field is not None else "",
            )
            if part
        )
        return f"{head} {cell}".strip()

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: a stable `code`, where, what, and what to do.

    Problems are data: validators collect all of them and the CLI shows them together.
    """

    code: str
    message: str
    location: Location = field(default_factory=Location)
    severity: Severity = "error"
    value: str | None = None
    hint: str | None = None
    #: How many problems this record stands for: a grouped or "... and N more" line counts
    #: every cell it summarises, so error totals count every problem.
    count: int = 1

    def __str__(self) -> str:
        where = str(self.location)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.to_dict(),
        }
        if self.value is not None:
            data["value"] = self.value
        if self.hint is not None:
            data["hint"] = self.hint
        if self.count != 1:
            data["count"] = self.count
        return data


def file_problem(file: str | None, code: str, message: str, hint: str | None = None) -> Problem:
    """A problem with a file as a whole (missing, unreadable, too large, not text): the
    location is the file alone, with no line or row."""
    return Problem(code=code, message=message, location=Location(file=file), hint=hint)


class QuickscanError(Exception):
    """Root of every error a user can cause. Carries problems and an exit code."""

    exit_code: ExitCode = ExitCode.INTERNAL
    title: str = "quickscan failed"

    def __init__(
        self,
        message: str | None = None,
        problems: list[Problem] | None = None,
        hint: str | None = None,
    ) -> None:
        self.problems: list[Problem] = list(problems or [])
        self.message = message or (self.problems[0].message if self.problems else self.title)
        self.hint = hint
        super().__init__(self.message)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": type(self).__name__,
            "exit_code": int(self.exit_code),
            "message": self.message,
            "hint": self.hint,
            "problems": [p.to_dict() for p in self.problems],
        }


class UsageError(QuickscanError):
    exit_code = ExitCode.USAGE
    title = "invalid usage"


class QuestionnaireError(QuickscanError):
    exit_code = ExitCode.QUESTIONNAIRE
    title = "the questionnaire is invalid"


class AnswersError(QuickscanError):
    exit_code = ExitCode.ANSWERS
    title = "the answer data is invalid"


class OutputError(QuickscanError):
    exit_code = ExitCode.OUTPUT
    title = "output refused"


class ReportError(QuickscanError):
    exit_code = ExitCode.REPORT
    title = "the report could not be made"


class CompareError(QuickscanError):
    exit_code = ExitCode.COMPARE
    title = "the inputs cannot be compared"
