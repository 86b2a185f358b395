"""Stage three of the report: context -> HTML through Jinja2.

Templates come from a loader chain: an organisation's own folder (`--template-dir`) first,
then the packaged `report_templates/`; the prefix ``default:`` always reaches the packaged
one, so a custom template can ``{% extends "default:profile.html.j2" %}`` and override a
single block. Autoescaping is on for every template name, undefined names are errors, and
templates run in Jinja's sandbox. The only markup that passes unescaped is the SVG charts
quickscan draws itself (`markupsafe.Markup` from `charts.py`).
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
from pathlib import Path
from typing import Any, Literal

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from quickscan.errors import Location, Problem, ReportError
from quickscan.resources import templates_dir

MAIN_TEMPLATE = "profile.html.j2"
ASSETS = "assets"
AssetMode = Literal["file", "data"]


def packaged_assets() -> Path:
    return templates_dir() / ASSETS


def asset_roots(template_dir: Path | None) -> list[Path]:
    """Folders a report may load files from: the user's template folder, packaged assets."""
    roots = [packaged_assets().resolve()]
    if template_dir is not None:
        roots.insert(0, Path(template_dir).resolve())
    return roots


def make_environment(template_dir: Path | None = None) -> SandboxedEnvironment:
    """The Jinja environment for a template folder (or the packaged templates alone).

    One per folder and process: Jinja compiles each template once per environment (and
    recompiles it when its file changes), so a batch of reports compiles them once.
    """
    if template_dir is not None and not Path(template_dir).is_dir():
        raise ReportError(
            problems=[
                Problem(
                    code="template-dir-missing",
                    message=f"the template folder {template_dir} does not exist",
                    location=Location(file=str(template_dir)),
                    hint="give the folder that holds your own templates",
                )
            ]
        )
    return _environment(None if template_dir is None else str(Path(template_dir).resolve()))


@functools.lru_cache(maxsize=8)
def _environment(folder: str | None) -> SandboxedEnvironment:
    packaged = FileSystemLoader(str(templates_dir()))
    chain: list[Any] = [PrefixLoader({"default": packaged}, delimiter=":")]
    if folder is not None:
        chain.append(FileSystemLoader(folder))
    chain.append(packaged)
    env = SandboxedEnvironment(
        loader=ChoiceLoader(chain),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["spaceless"] = spaceless
    return env


_BETWEEN_TAGS = re.compile(r">\s+<")


def spaceless(markup: str) -> Markup:
    """`{% filter spaceless %}`: drop the whitespace between tags (not between words)."""
    return Markup(_BETWEEN_TAGS.sub("><", str(markup)))


def _find_asset(name: str, template_dir: Path | None) -> Path:
    """An asset by relative name, from the user's folder first, never outside the roots."""
    candidates: list[tuple[Path, Path]] = []
    if template_dir is not None:
        root = Path(template_dir).resolve()
        candidates += [(root, root / ASSETS / name), (root, root / name)]
    root = packaged_assets().resolve()
    candidates.append((root, root / name))
    for root, path in candidates:
        resolved = path.resolve()
        if resolved.is_relative_to(root) and resolved.is_file():
            return resolved
    raise ReportError(
        problems=[
            Problem(
                code="asset-missing",
                message=f"the template asks for the file {name!r}, which is not in the "
                "template folder or the packaged assets",
                hint="put the file in your template folder (or its assets/ folder)",
            )
        ]
    )


def asset_url(name: str, template_dir: Path | None, mode: AssetMode) -> str:
    path = _find_asset(name, template_dir)
    if mode == "file":
        return path.as_uri()
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix.lower() in (".ttf", ".otf"):
        mime = "font/ttf" if path.suffix.lower() == ".ttf" else "font/otf"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def render_html(
    context: dict[str, Any],
    charts: dict[str, Any],
    *,
    template_dir: Path | None = None,
    asset_mode: AssetMode = "data",
    template_name: str = MAIN_TEMPLATE,
    inline_fonts: bool = True,
) -> str:
    """Render the report's HTML. `asset_mode='data'` makes it self-contained.

    `inline_fonts=False` leaves the packaged @font-face rules out of the profile's
    stylesheet; the PDF renderer then gets them as `packaged_fonts_css()`.
    """
    env = make_environment(template_dir)
    cache: dict[str, str] = {}

    def asset(name: str) -> str:
        if name not in cache:
            cache[name] = asset_url(str(name), template_dir, asset_mode)
        return cache[name]

    try:
        template = env.get_template(template_name)
        return template.render(
            {**context, "charts": charts, "asset": asset, "inline_fonts": inline_fonts}
        )
    except TemplateNotFound as exc:
        raise ReportError(
            problems=[
                Problem(
                    code="template-missing",
                    message=f"template {exc.name!r} not found",
                    location=Location(file=str(template_dir or templates_dir())),
                    hint='extend the packaged template with {% extends "default:'
                    + MAIN_TEMPLATE
                    + '" %}',
                )
            ]
        ) from exc
    except TemplateError as exc:
        filename = getattr(exc, "filename", None)
        line = getattr(exc, "lineno", None)
        raise ReportError(
            problems=[
                Problem(
                    code="template-error",
                    message=f"the report template failed: {exc.message or exc}",
                    location=Location(file=filename, line=line),
                    hint="check the template against docs/templates.md",
                )
            ]
        ) from exc


FONTS_TEMPLATE = "default:fonts.css.j2"


@functools.cache
def packaged_fonts_css() -> str:
    """The packaged @font-face rules with file: URLs (for `pdf.render_pdf(fonts_css=...)`)."""
    template = make_environment(None).get_template(FONTS_TEMPLATE)
    return template.render(asset=lambda name: asset_url(str(name), None, "file"))
