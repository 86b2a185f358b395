"""quickscan: score and report the Quick Scan Lokale Democratie (QSLD)."""

# Read by hatchling for the package metadata (pyproject.toml: tool.hatch.version).
__version__ = "0.1.0"
