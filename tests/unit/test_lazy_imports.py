"""Start-up cost is design: heavy libraries load only for the commands that need them.

Each check runs in a fresh interpreter, since this test process has imported everything.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _loaded_after(code: str, modules: list[str]) -> list[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {modules!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return out.split()


def test_help_imports_no_data_or_pdf_library() -> None:
    code = "from quickscan.cli import app"
    assert _loaded_after(code, ["pandas", "pyarrow", "scipy", "weasyprint", "openpyxl"]) == []


def test_reading_and_scoring_do_not_import_pandas_or_scipy() -> None:
    """pyarrow pulls in pandas on its first Python-object conversion; the reader avoids those."""
    code = (
        "from quickscan.api import score_files\n"
        f"result = score_files([{str(EXAMPLES / 'five-municipalities.csv')!r}])\n"
        "assert len(result.municipalities) == 10"
    )
    assert _loaded_after(code, ["pandas", "scipy", "weasyprint", "matplotlib"]) == []


def test_score_command_on_a_file_does_not_import_pandas_or_compare(tmp_path: Path) -> None:
    """Folders and globs need the compare package (and pandas); a plain file does not."""
    out = tmp_path / "scores.csv"
    code = (
        "from typer.testing import CliRunner\n"
        "from quickscan.cli import app\n"
        f"args = ['score', {str(EXAMPLES / 'five-municipalities.csv')!r}, '-o', {str(out)!r}]\n"
        "assert CliRunner().invoke(app, args).exit_code == 0"
    )
    assert _loaded_after(code, ["pandas", "quickscan.compare", "scipy"]) == []
