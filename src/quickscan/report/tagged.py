"""Finish a tagged WeasyPrint PDF into PDF/UA-1: what WeasyPrint 70 leaves undone.

WeasyPrint's ``pdf/ua-1`` variant (and ``pdf/a-2a``) writes a structure tree, /Lang,
DisplayDocTitle, MarkInfo and the XMP identification. Three things remain, done here with
pikepdf on the finished file (imported only when called):

- Table header cells get ``/Scope`` (WeasyPrint issue 2508): ``/Column`` for a header in the
  table head, ``/Row`` for one in the body (the templates write ``<th scope="row">`` there).
- Running headers and footers (CSS margin boxes) are drawn as marked content whose structure
  elements WeasyPrint keeps out of the tree (PDF 1.7 has no place for them). Such content is
  neither tagged nor an artifact, which PDF/UA forbids; it becomes ``/Artifact`` of type
  ``/Pagination`` and leaves the parent tree.
- Link annotations carry the destination's name ("area-3") as their description; they get
  the link's own text from the HTML ("3.3 Krachtige gemeenteraad"), as ``/Contents`` and as
  ``/Alt`` of the ``/Link`` element.
- ``variant="a-2a"``: the XMP gets the PDF/UA identification beside WeasyPrint's PDF/A one.

The result stays byte-reproducible: qpdf writes the objects in a fixed order and the file
identifier is computed from the content (``deterministic_id``).
"""

from __future__ import annotations

import html as html_module
import io
import re
from collections.abc import Iterator
from typing import Any

#: WeasyPrint writes each marked-content sequence as "/Tag\n<</MCID n>>\nBDC".
_MARKED = re.compile(rb"/(\w+)\n<</MCID (\d+)>>\nBDC")
_WHITESPACE = re.compile(r"\s+")
_UA_ID = (
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
    b'pdfuaid:part="1" />'
)


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
_ATTRIBUTE = re.compile(r"""\b(href|aria-label)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_TAG = re.compile(r"<[^>]+>")


def link_texts(html: str) -> dict[str, str]:
    """What each link of `html` says, by its href ("#area-3" -> "3.3 Krachtige gemeenteraad").

    The first link to an href wins; its aria-label, if any, over its text. A regular
    expression rather than an HTML parser: the profile's HTML is quickscan's own, and the
    parser took a fifth of the finishing time.
    """
    texts: dict[str, str] = {}
    for match in _LINK.finditer(html):
        attributes = {
            name.lower(): html_module.unescape(double or single)
            for name, double, single in _ATTRIBUTE.findall(match.group(1))
        }
        href = attributes.get("href", "")
        if not href or href in texts:
            continue
        # Elements are separate words ("<span>3.1</span>Krachtige" reads "3.1 Krachtige").
        inner = html_module.unescape(_TAG.sub(" ", match.group(2)))
        text = attributes.get("aria-label") or _WHITESPACE.sub(" ", inner).strip()
        if text:
            texts[href] = text
    return texts


def _kids(element: Any) -> Iterator[Any]:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            yield kid


def _walk(root: Any) -> Iterator[tuple[Any, Any]]:
    """(element, parent) for every structure element reachable from the tree's root."""
    import pikepdf

    stack = [(kid, root) for kid in _kids(root)]
    seen: set[tuple[int, int]] = set()
    while stack:
        element, parent = stack.pop()
        key = element.objgen
        if key != (0, 0):
            if key in seen:
                continue
            seen.add(key)
        if element.get("/Type") == pikepdf.Name.OBJR:
            continue
        yield element, parent
        stack.extend((kid, element) for kid in reversed(list(_kids(element))))


def _scope(cell: Any, row: Any, parents: dict[tuple[int, int], Any]) -> str:
    """/Column for a header cell in the table head, /Row for one in a body row."""
    section = parents.get(row.objgen)
    in_head = section is not None and section.get("/S") == "/THead"
    return "/Column" if in_head else "/Row"


def _link_description(annotation: Any, texts: dict[str, str]) -> str | None:
    import pikepdf

    destination = annotation.get("/Dest")
    if isinstance(destination, pikepdf.String):
        return texts.get("#" + str(destination))
    action = annotation.get("/A")
    if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
        uri = str(action.URI)
        return texts.get(uri) or uri
    return None


def finish_tagged_pdf(data: bytes, html: str, *, variant: str = "ua-1") -> bytes:
    """`data` (a tagged WeasyPrint PDF of `html`) with scopes, artifacts and link texts."""
    import pikepdf

    texts = link_texts(html)
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root.StructTreeRoot
    elements = list(_walk(root))
    reachable = {element.objgen for element, _parent in elements}
    parents = {element.objgen: parent for element, parent in elements}
    for element, parent in elements:
        role = element.get("/S")
        if role == "/TH":
            attributes = element.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
                element.A = attributes
            attributes.Scope = pikepdf.Name(_scope(element, parent, parents))
        elif role == "/Link":
            for kid in _kids(element):
                if kid.get("/Type") != pikepdf.Name.OBJR:
                    continue
                description = _link_description(kid.Obj, texts)
                if description:
                    kid.Obj.Contents = pikepdf.String(description)
                    element.Alt = pikepdf.String(description)

    # A link drawn in pieces (text, leader, page number) has an annotation per piece, not
    # all of them reachable from its /Link element: describe every one by its destination.
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == pikepdf.Name.Link:
                description = _link_description(annotation, texts)
                if description:
                    annotation.Contents = pikepdf.String(description)

    # Marked content whose element is not in the tree: the margin boxes' running texts.
    nums = root.ParentTree.Nums
    orphans: dict[int, set[int]] = {}
    for position in range(0, len(nums), 2):
        key, value = int(nums[position]), nums[position + 1]
        if not isinstance(value, pikepdf.Array) or key >= len(pdf.pages):
            continue
        for mcid, element in enumerate(value):
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable:
                orphans.setdefault(key, set()).add(mcid)
                value[mcid] = pikepdf.Object.parse(b"null")
    for page_number, mcids in orphans.items():
        _mark_artifacts(pdf, pdf.pages[page_number], mcids)

    if variant == "a-2a":
        _add_ua_identification(pdf)

    out = io.BytesIO()
    # WeasyPrint wrote the file uncompressed (`report.pdf.render_pdf`): qpdf compresses every
    # stream (zlib's default level) and packs the small objects into object streams.
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return out.getvalue()


def _mark_artifacts(pdf: Any, page: Any, mcids: set[int]) -> None:
    """Turn the marked-content sequences `mcids` of `page` into pagination artifacts."""
    import pikepdf

    def replace(match: re.Match[bytes]) -> bytes:
        if int(match.group(2)) in mcids:
            return b"/Artifact\n<</Type /Pagination>>\nBDC"
        return match.group(0)

    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    for stream in streams:
        stream.write(_MARKED.sub(replace, stream.read_bytes()))


def _add_ua_identification(pdf: Any) -> None:
    """Add pdfuaid:part=1 to XMP metadata that lacks it (WeasyPrint's PDF/A variants)."""
    import pikepdf

    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return
    xmp = metadata.read_bytes()
    if b"pdfuaid:part" in xmp:
        return
    xmp = xmp.replace(b"</rdf:RDF>", _UA_ID + b"</rdf:RDF>", 1)
    pdf.Root.Metadata = pikepdf.Stream(
        pdf, xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
    )
