"""HTML -> PDF with WeasyPrint: the only module that imports it, and only when called.

WeasyPrint fetches whatever a document points at (images, stylesheets, fonts, attachments),
so it gets a fetcher that serves files from an allow-list of folders (the packaged assets
and a user's template folder) plus data: URLs, records every URL it is asked for, and
refuses everything else, which stops the rendering. Attachments are never passed. The PDF
is written to a temporary file next to the target and moved into place.

Fonts: a document may hand over its @font-face rules as `fonts_css`. They are parsed once per
process, into one FontConfiguration that every later document with the same rules reuses:
a batch worker then loads the fonts once, and Pango keeps its font and shaping caches warm
from one report to the next (about 4% of a profile's rendering time).

Garbage collection: WeasyPrint makes millions of objects per document, many of them in
reference cycles, and the collector's automatic passes over them took some 13% of a
render. It is paused while WeasyPrint runs; afterwards the cycles of that one document are
collected in a single pass over the young generation (if the caller had it running).

SVG text: WeasyPrint lays out and draws the charts' labels one letter at a time; on the
WeasyPrint versions `report.svg_text` knows, a label with one position is drawn as one run
instead, glyph for glyph in the same places (about a seventh of a profile's CPU time).

Variants (`PDF_VARIANTS`, docs/accessibility.md): every PDF is PDF/UA-1 by default, written
with WeasyPrint's ``pdf/ua-1`` variant and finished by `report.tagged` (table header scopes,
running headers and footers as artifacts, link descriptions). ``a-2a`` writes WeasyPrint's
PDF/A-2a and finishes it the same way, so the file declares PDF/A-2a and PDF/UA-1;
``plain`` is the untagged PDF of earlier versions.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from quickscan.errors import Problem, ReportError
from quickscan.runtime import collector_paused

PdfVariant = Literal["ua-1", "a-2a", "plain"]
#: quickscan's name -> WeasyPrint's `pdf_variant` (None: no variant, untagged).
PDF_VARIANTS: dict[str, str | None] = {"ua-1": "pdf/ua-1", "a-2a": "pdf/a-2a", "plain": None}
DEFAULT_VARIANT: PdfVariant = "ua-1"


def check_variant(variant: str) -> None:
    if variant not in PDF_VARIANTS:
        raise ReportError(
            problems=[
                Problem(
                    code="pdf-variant",
                    message=f"unknown PDF variant {variant[:40]!r}",
                    hint="choose one of " + ", ".join(PDF_VARIANTS),
                )
            ]
        )


class RefusedURL(Exception):
    """A document asked for something outside the allow-list."""


def url_allowed(url: str, roots: Sequence[Path]) -> bool:
    """data: URLs, and file: URLs of existing files inside one of `roots`."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path.is_file() and any(path.is_relative_to(root) for root in roots)


def _weasyprint() -> Any:
    """Import WeasyPrint. Without libharfbuzz-subset it warns that a future version will
    need it (fontTools subsets the fonts meanwhile); that warning alone is silenced."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="HarfBuzz-Subset will be required", category=DeprecationWarning
        )
        import weasyprint

    from quickscan.report import svg_text

    svg_text.install()
    return weasyprint


def _fetcher(roots: Sequence[Path], record: list[str]) -> Any:
    _weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AllowListFetcher(URLFetcher):
        """Serves allowed files and data: URLs; refuses (and records) everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            record.append(url)
            if not url_allowed(url, roots):
                raise RefusedURL(f"the report may not load {url[:120]!r}")
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = Path(unquote(urlsplit(url).path)).resolve()
            return URLFetcherResponse(url, body=path.read_bytes())

    # fail_on_errors: a refused URL stops the rendering instead of becoming a warning.
    return AllowListFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)


#: (@font-face rules, base URL, roots) -> (FontConfiguration, parsed rules), for the
#: life of the process. Keyed by the rules' text, so other fonts get their own entry.
_SHARED_FONTS: dict[tuple[str, str, tuple[Path, ...]], tuple[Any, Any]] = {}


def release_shared_fonts() -> None:
    """Forget the shared fonts: WeasyPrint then deletes its temporary copies of them.

    Runs at exit; a batch worker, which ends without running atexit, calls it itself.
    """
    _SHARED_FONTS.clear()


atexit.register(release_shared_fonts)


def _shared_fonts(css: str, base_url: str, roots: Sequence[Path], record: list[str]) -> Any:
    """The FontConfiguration and parsed stylesheet of `css` (@font-face rules only)."""
    key = (css, base_url, tuple(roots))
    if key not in _SHARED_FONTS:
        weasyprint = _weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        sheet = weasyprint.CSS(
            string=css,
            base_url=base_url,
            font_config=font_config,
            url_fetcher=_fetcher(roots, record),
        )
        _SHARED_FONTS[key] = (font_config, sheet)
    return _SHARED_FONTS[key]


_DATA_URL = re.compile(r"(data:[^,\s]{0,40},?)[^\s'\"]{40,}")


class _ErrorRecords(logging.Handler):
    """What WeasyPrint logs as an error while it renders.

    WeasyPrint does not stop for a chart it cannot draw (an SVG error), an image without
    alternative text or a link to an anchor that does not exist: it logs an error and leaves
    the part out. A profile missing a chart must not be published, so these become problems.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # A chart is named by its data: URL; its first characters say enough.
        message = _DATA_URL.sub(r"\1…", message)
        self.messages.append(message[:300])


_NO_ALT = re.compile(r'Image "(.*)" has no required alt description')


def _render_problem(message: str) -> Problem:
    if match := _NO_ALT.fullmatch(message):
        return Problem(
            code="image-without-alt",
            message=f"the image {match.group(1)!r} has no alternative text, which a tagged "
            "(PDF/UA) PDF needs for every image",
            hint='give its <img> an alt="..." that says what it shows',
        )
    return Problem(
        code="render-failed",
        message=f"WeasyPrint could not draw part of the report: {message}",
        hint="the PDF would be incomplete, so none was written",
    )


def render_pdf(
    html: str,
    *,
    base_url: Path,
    roots: Sequence[Path],
    fetched: list[str] | None = None,
    fonts_css: str | None = None,
    variant: str = DEFAULT_VARIANT,
) -> bytes:
    """The PDF of `html` as bytes. `fetched` collects every URL WeasyPrint asked for.

    `fonts_css`: @font-face rules the HTML leaves out, loaded once per process (see above).
    `variant`: one of `PDF_VARIANTS`; the tagged ones are finished by `report.tagged`.
    """
    check_variant(variant)
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    record = fetched if fetched is not None else []
    resolved = [Path(r).resolve() for r in roots]
    fetcher = _fetcher(resolved, record)
    # WeasyPrint reports unsupported CSS and refused resources through logging; keep its
    # chatter off the user's terminal (errors still raise below).
    logger = logging.getLogger("weasyprint")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    reported = _ErrorRecords()
    logger.addHandler(reported)
    # Where HarfBuzz's subsetter is missing, fontTools subsets the fonts and stamps them with
    # the current time unless SOURCE_DATE_EPOCH is set; fix it so PDFs stay reproducible.
    epoch_was_set = "SOURCE_DATE_EPOCH" in os.environ
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    base = base_url.resolve().as_uri() + "/"
    try:
        shared: dict[str, Any] = {}
        if fonts_css is not None:
            font_config, sheet = _shared_fonts(fonts_css, base, resolved, record)
            shared = {"font_config": font_config, "stylesheets": [sheet]}
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
        with collector_paused(), warnings.catch_warnings():
            # WeasyPrint 70's PDF/A variants open their sRGB profile and leave the file to
            # the collector; the ResourceWarning that follows is WeasyPrint's, not ours.
            warnings.simplefilter("ignore", ResourceWarning)
            data = document.write_pdf(
                attachments=[],
                pdf_identifier=b"quickscan-profile",
                pdf_variant=PDF_VARIANTS[variant],
                # A tagged PDF is opened again by `report.tagged`, and qpdf compresses it as
                # it writes: uncompressed here spares pydyf's zlib at level 9 (about 5% of
                # a profile) and the finishing's decompressing of the page streams.
                uncompressed_pdf=PDF_VARIANTS[variant] is not None,
                **shared,
            )
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        raise ReportError(
            problems=[
                Problem(
                    code="resource-refused",
                    message=str(cause) if isinstance(cause, RefusedURL) else str(exc),
                    hint="a template may only use files from its own folder or the packaged assets",
                )
            ]
        ) from exc
    finally:
        logger.removeHandler(reported)
        logger.setLevel(previous)
        if not epoch_was_set:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    if gc.isenabled():
        # Everything WeasyPrint made is still in the youngest generation: one pass frees
        # its cycles, before the collector would walk them again and again.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect(0)
    if reported.messages:
        raise ReportError(problems=[_render_problem(message) for message in reported.messages])
    assert isinstance(data, bytes)
    if PDF_VARIANTS[variant] is None:
        return data
    from quickscan.report.tagged import finish_tagged_pdf

    return finish_tagged_pdf(data, html, variant=variant)


def write_pdf(
    html: str,
    output: Path | str,
    *,
    base_url: Path,
    roots: Sequence[Path],
    inputs: Iterable[Path | str] = (),
    fetched: list[str] | None = None,
    fonts_css: str | None = None,
    variant: str = DEFAULT_VARIANT,
) -> Path:
    """Render and write atomically; refuses an output that is one of the inputs."""
    from quickscan.output import atomic_output, check_output_path

    target = check_output_path(output, inputs)
    data = render_pdf(
        html,
        base_url=base_url,
        roots=roots,
        fetched=fetched,
        fonts_css=fonts_css,
        variant=variant,
    )
    with atomic_output(target, inputs) as temp:
        temp.write_bytes(data)
    return target


class PdfDocument:
    """What a rendered document (the profile, a paper form) does with its HTML.

    Subclasses provide `html` (self-contained), `print_html` (assets as file URLs for
    WeasyPrint), `_pdf_args()` (base URL, allowed asset roots and optionally `fonts_css`)
    and a `fetched_urls` list.
    """

    fetched_urls: list[str]
    #: One of `PDF_VARIANTS`; PDF/UA-1 unless a caller chooses otherwise.
    pdf_variant: str = DEFAULT_VARIANT

    @property
    def html(self) -> str:
        raise NotImplementedError

    @property
    def print_html(self) -> str:
        raise NotImplementedError

    def _pdf_args(self) -> dict[str, Any]:
        raise NotImplementedError

    def pdf_bytes(self) -> bytes:
        self.fetched_urls = []
        return render_pdf(
            self.print_html,
            fetched=self.fetched_urls,
            variant=self.pdf_variant,
            **self._pdf_args(),
        )

    def write_pdf(self, path: Path | str, inputs: Iterable[Path | str] = ()) -> Path:
        """Write the PDF atomically; refuses to overwrite one of `inputs`."""
        self.fetched_urls = []
        return write_pdf(
            self.print_html,
            path,
            inputs=inputs,
            fetched=self.fetched_urls,
            variant=self.pdf_variant,
            **self._pdf_args(),
        )

    def write_html(self, path: Path | str, inputs: Iterable[Path | str] = ()) -> Path:
        from quickscan.output import write_text_atomic

        write_text_atomic(path, self.html, inputs)
        return Path(path)
