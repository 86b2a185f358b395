"""Find the packaged data folders (`questionnaires/`, `report_templates/`).

In a wheel they live inside the package (hatchling's force-include puts them at
`quickscan/questionnaires` and `quickscan/report_templates`), and `importlib.resources` finds
them from any working directory. In an editable install from a source checkout they stay at
the top of the repository, which is where the fallback looks.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """The folder of packaged data called `name` (e.g. 'questionnaires')."""
    packaged = resources.files("quickscan") / name
    if packaged.is_dir():
        return Path(str(packaged))
    # Editable install: src/quickscan/ -> repository root.
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"packaged data folder {name!r} is missing from this installation")


def questionnaires_dir() -> Path:
    return data_dir("questionnaires")


def templates_dir() -> Path:
    return data_dir("report_templates")
