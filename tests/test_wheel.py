"""Build the wheel, install it in a fresh virtual environment and run it from elsewhere.

This proves the packaged data (questionnaires, report templates) travels inside the wheel
and is found through importlib.resources, not through the source checkout. To keep the test
fast, the fresh environment borrows the already-installed dependencies of the running
interpreter through a .pth file; quickscan itself comes only from the wheel (--no-deps).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of the `quickscan` executable inside a fresh venv with the wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("quickscan-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "quickscan/questionnaires/qsld/questionnaire.yaml" in names
    assert any(n.startswith("quickscan/report_templates/") for n in names) or not any(
        (ROOT / "report_templates").iterdir()
    )

    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Dependencies come from the running environment; quickscan only from the wheel.
    Path(site, "_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    return env_dir / "bin" / "quickscan"


def run(exe: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(exe), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


def test_installed_wheel_is_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    python = installed.parent / "python"
    result = subprocess.run(
        [str(python), "-c", "import quickscan; print(quickscan.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(ROOT) not in result.stdout
    assert "site-packages" in result.stdout


def test_validate_from_another_folder(installed: Path, tmp_path: Path) -> None:
    result = run(installed, "questionnaire", "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stderr
    assert "site-packages" in result.stderr  # the packaged copy, not the checkout


def test_codebook_from_another_folder(installed: Path, tmp_path: Path) -> None:
    result = run(installed, "template", "--codebook", "codebook.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "codebook.csv").read_text(encoding="utf-8").startswith("item,area,")
