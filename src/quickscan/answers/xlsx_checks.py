"""Checks on an XLSX workbook that openpyxl does not make: run before and beside reading it.

- Before opening: the archive must not unpack to more than `limits.XLSX_MAX_UNPACKED` bytes
  or pack any large part more than `limits.XLSX_MAX_RATIO` times (a zip bomb), and it must
  not be a macro-enabled workbook (.xlsm).
- A formula whose result was never stored (a workbook written by a script and never opened
  in Excel) reads as an empty cell, so answers would silently go missing: such cells are
  found in the sheet's XML and refused with their reference (`Blad1!C7`).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from quickscan.limits import XLSX_MAX_RATIO, XLSX_MAX_UNPACKED, XLSX_RATIO_FLOOR, human_bytes

_MACRO_TYPE = b"macroEnabled"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# A formula element, with or without a namespace prefix (`<f>`, `<f t="shared" .../>`).
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
#: Formula cells without a value that are named word for word (the rest are counted).
MAX_NAMED = 10


MACRO_ENABLED = "it is a macro-enabled workbook (.xlsm)"


def archive_problem(path: Path) -> str | None:
    """Why the workbook must not be opened (`MACRO_ENABLED`, or too large), or None.

    Reads only the zip directory and the content types.
    """
    if path.suffix.lower() == ".xlsm":
        return MACRO_ENABLED
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if total > XLSX_MAX_UNPACKED:
                return (
                    f"it unpacks to {human_bytes(total)}, more than the "
                    f"{human_bytes(XLSX_MAX_UNPACKED)} allowed"
                )
            for info in infos:
                if info.file_size > XLSX_RATIO_FLOOR and (
                    info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1)
                ):
                    ratio = info.file_size // max(info.compress_size, 1)
                    return (
                        f"its part {info.filename} unpacks {ratio:,} times its packed size, "
                        f"more than the {XLSX_MAX_RATIO} allowed (a zip bomb?)"
                    )
            try:
                content_types = archive.read("[Content_Types].xml")
            except KeyError:
                return None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # openpyxl reports a broken archive in its own words
    if _MACRO_TYPE in content_types:
        return MACRO_ENABLED
    return None


def sheet_part(archive: zipfile.ZipFile, title: str) -> str | None:
    """The archive member holding the sheet called `title` (via workbook.xml and its rels)."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")
    }
    for sheet in workbook.iter(f"{{{_MAIN_NS}}}sheet"):
        if sheet.get("name") != title:
            continue
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id"))
        if not target:
            return None
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join("xl", target))
    return None


def reference(title: str, cell: str) -> str:
    """`Blad1!C7`; a sheet name with spaces or punctuation is quoted as Excel does."""
    if re.fullmatch(r"[A-Za-z_][\w.]*", title):
        return f"{title}!{cell}"
    return "'" + title.replace("'", "''") + f"'!{cell}"


def _has_result(cell: ElementTree.Element, value: ElementTree.Element | None) -> bool:
    """Whether a formula cell stores its result: `<v>4</v>`, or an empty text result
    (`t="str"` with `<v></v>`). openpyxl and other writers leave `<v/>` or no `<v>` at all."""
    if value is None:
        return False
    return bool(value.text) or cell.get("t") in ("str", "inlineStr")


def formulas_without_value(path: Path, title: str) -> tuple[list[str], int]:
    """References of formula cells with no stored result in sheet `title`, and their count."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_part(archive, title)
            if part is None:
                return [], 0
            # Cheap first look: most answer sheets hold no formula at all.
            with archive.open(part) as stream:
                found = False
                tail = b""
                while chunk := stream.read(1 << 20):
                    if _FORMULA_TAG.search(tail + chunk):
                        found = True
                        break
                    tail = chunk[-16:]
            if not found:
                return [], 0
            named: list[str] = []
            count = 0
            with archive.open(part) as stream:
                for _, element in ElementTree.iterparse(stream, events=("end",)):
                    if not element.tag.endswith("}c") and element.tag != "c":
                        if element.tag.endswith("}row") or element.tag == "row":
                            element.clear()
                        continue
                    children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
                    if "f" in children and not _has_result(element, children.get("v")):
                        count += 1
                        if len(named) < MAX_NAMED:
                            named.append(reference(title, element.get("r", "?")))
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, ElementTree.ParseError):
        return [], 0
    return named, count
