"""Read a tagged PDF's structure tree with pikepdf, for the accessibility tests.

`inspect_pdf` returns what the tests assert on: every structure element's role, the header
cells' scopes, the figures' alternative texts, text drawn outside any marked content, link
descriptions and the catalogue's accessibility entries.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pikepdf

#: Operators that paint text or images: each must sit inside tagged content or an artifact.
PAINTING = {"Tj", "TJ", "'", '"', "Do"}


@dataclass
class TagReport:
    roles: list[str] = field(default_factory=list)
    header_scopes: list[str | None] = field(default_factory=list)
    figure_alts: list[str | None] = field(default_factory=list)
    empty_headings: int = 0
    #: Painting operators outside any BDC/BMC, per page (1-based).
    untagged: dict[int, int] = field(default_factory=dict)
    #: Marked content with an MCID that no element of the tree claims.
    orphan_mcids: int = 0
    pagination_artifacts: int = 0
    link_descriptions: list[tuple[str, str]] = field(default_factory=list)
    lang: str = ""
    display_doc_title: bool = False
    marked: bool = False
    xmp: str = ""
    outlines: int = 0
    pages: int = 0


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _has_content(element: Any) -> bool:
    for kid in _kids(element):
        if isinstance(kid, int):  # an MCID: marked content on the page
            return True
        if isinstance(kid, pikepdf.Dictionary) and (
            kid.get("/Type") == "/MCR" or _has_content(kid)
        ):
            return True
    return False


def inspect_pdf(data: bytes) -> TagReport:
    report = TagReport()
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    report.pages = len(pdf.pages)
    report.lang = str(root.get("/Lang", ""))
    prefs = root.get("/ViewerPreferences")
    report.display_doc_title = bool(prefs is not None and prefs.get("/DisplayDocTitle"))
    mark = root.get("/MarkInfo")
    report.marked = bool(mark is not None and mark.get("/Marked"))
    if "/Metadata" in root:
        report.xmp = root.Metadata.read_bytes().decode("utf-8")
    outlines = root.get("/Outlines")
    item = outlines.get("/First") if outlines is not None else None
    while item is not None:  # count the top level and its children
        report.outlines += 1
        child = item.get("/First")
        while child is not None:
            report.outlines += 1
            child = child.get("/Next")
        item = item.get("/Next")

    claimed: set[tuple[int, int]] = set()  # (page index, mcid) reachable from the tree
    page_index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    # Depth first in document order (a stack, so children are pushed last one first).
    stack = list(reversed(_kids(root.StructTreeRoot)))
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or element.get("/Type") == "/OBJR":
            continue
        role = str(element.get("/S", ""))
        report.roles.append(role)
        if role == "/TH":
            attributes = element.get("/A")
            scope = attributes.get("/Scope") if isinstance(attributes, pikepdf.Dictionary) else None
            report.header_scopes.append(None if scope is None else str(scope))
        elif role == "/Figure":
            alt = element.get("/Alt")
            report.figure_alts.append(None if alt is None else str(alt))
        elif role in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6") and not _has_content(element):
            report.empty_headings += 1
        page = element.get("/Pg")
        children = []
        for kid in _kids(element):
            if isinstance(kid, int) and page is not None:
                claimed.add((page_index.get(page.objgen, -1), int(kid)))
            elif isinstance(kid, pikepdf.Dictionary):
                children.append(kid)
        stack.extend(reversed(children))

    for number, page in enumerate(pdf.pages):
        depth = 0
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                depth += 1
                if name == "BDC" and str(operands[0]) == "/Artifact":
                    properties = operands[1]
                    if properties.get("/Type") == "/Pagination":
                        report.pagination_artifacts += 1
                elif name == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    mcid = operands[1].get("/MCID")
                    if mcid is not None and (number, int(mcid)) not in claimed:
                        report.orphan_mcids += 1
            elif name == "EMC":
                depth -= 1
            elif name in PAINTING and depth <= 0:
                report.untagged[number + 1] = report.untagged.get(number + 1, 0) + 1
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") == "/Link":
                destination = annotation.get("/Dest")
                report.link_descriptions.append(
                    (str(destination or ""), str(annotation.get("/Contents", "")))
                )
    return report
