"""The PDF democracy profile: results -> report context -> HTML (Jinja2) -> PDF (WeasyPrint).

Stage by module: `context.py` builds a plain context with every number formatted,
`charts.py` draws SVG charts, `render.py` renders the templates, `pdf.py` (the only module
importing WeasyPrint) writes the PDF. `document.py` ties them together as the library API.
Nothing heavy is imported until it is needed.
"""

from quickscan.report.context import OpenAnswer, ReportOptions, build_context
from quickscan.report.document import (
    ReportDocument,
    build_report,
    default_output_name,
    open_answers_from,
    select_municipality,
    slug,
)

__all__ = [
    "OpenAnswer",
    "ReportDocument",
    "ReportOptions",
    "build_context",
    "build_report",
    "default_output_name",
    "open_answers_from",
    "select_municipality",
    "slug",
]
