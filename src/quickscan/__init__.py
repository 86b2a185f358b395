"""quickscan: score and report the Quick Scan Lokale Democratie (QSLD)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("quickscan")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"
