"""Raw field values out of an OpenDocument text file (``.odt``).

A student who opens formgen's ``.docx`` in LibreOffice and saves is asked
whether to keep the Word format; many choose ODF. LibreOffice (7.4 and
later) then stores the Word content controls as its own: a checkbox as
``loext:content-control loext:checkbox="true" loext:checked="true"``, a
date picker with ``loext:current-date``, a drop-down with its
``loext:list-item`` entries and the shown text, and a plain-text control
as a ``text:text-input`` field. The tags are gone, as in a ``.docx`` that
LibreOffice saved, so the values are found by table layout.

To read them with the one layout reader there is, each ODF table is
translated into the WordprocessingML that the Word reader's layout
fallback reads (a ``w:tbl`` of ``w:tr``/``w:tc``, controls as ``w:sdt``);
:func:`formgen.readers.docx.read_by_layout` does the rest. The zip and the
XML are opened with the same limits as a ``.docx``.
"""

from __future__ import annotations


from pathlib import Path

from lxml import etree

from ..names import COPY_KEYWORD, find_identity
from .docx import W, W14, package_parts, parse, read_by_layout
from .raw import RawForm

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"


def _t(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def read_odt_fields(path: str | Path, candidates=(), data: bytes | None = None) -> RawForm:
    """Every field of a filled ``.odt`` by field id. Raises :class:`ReadError`."""
    path = Path(path)
    content, meta = package_parts(path, data, "OpenDocument", "content.xml", "meta.xml")
    out = RawForm()
    if meta is not None:
        props = parse(meta, path)
        keywords = " ".join(el.text or "" for el in props.iter(_t(META, "keyword")))
        out.identity = find_identity(keywords)
        description = props.findtext(".//{http://purl.org/dc/elements/1.1/}description") or ""
        if description.startswith(COPY_KEYWORD):
            out.copy = description
    body = etree.Element(_t(W, "body"), nsmap={"w": W, "w14": W14})
    for table in parse(content, path).iter(_t(TABLE, "table")):
        body.append(_table(table))
    return read_by_layout(body, candidates, out)


def _w(name: str, **attrs) -> etree._Element:
    el = etree.Element(_t(W, name))
    for key, value in attrs.items():
        el.set(_t(W, key), value)
    return el


def _table(table) -> etree._Element:
    tbl = _w("tbl")
    for row in table.iter(_t(TABLE, "table-row")):
        if row.getparent() is not None and _nearest_table(row) is not table:
            continue                               # a row of a nested table
        tr = etree.SubElement(tbl, _t(W, "tr"))
        for cell in row:
            if cell.tag == _t(TABLE, "table-cell"):
                tc = etree.SubElement(tr, _t(W, "tc"))
                for p in cell.iter(_t(TEXT, "p")):
                    tc.append(_paragraph(p))
    return tbl


def _nearest_table(el):
    el = el.getparent()
    while el is not None and el.tag != _t(TABLE, "table"):
        el = el.getparent()
    return el


def _paragraph(p) -> etree._Element:
    wp = _w("p")
    _inline(p, wp)
    return wp


def _run(parent, text: str) -> None:
    if text:
        r = etree.SubElement(parent, _t(W, "r"))
        t = etree.SubElement(r, _t(W, "t"))
        t.text = text


def _inline(el, out) -> None:
    """The text and controls inside ``el``, appended to ``out`` as runs and w:sdt."""
    _run(out, el.text or "")
    for child in el:
        tag = child.tag
        if tag == _t(LOEXT, "content-control"):
            out.append(_control(child))
        elif tag == _t(TEXT, "text-input"):
            out.append(_sdt(_w("text"), _plain(child)))
        elif tag == _t(TEXT, "line-break"):
            etree.SubElement(etree.SubElement(out, _t(W, "r")), _t(W, "br"))
        elif tag == _t(TEXT, "tab"):
            etree.SubElement(etree.SubElement(out, _t(W, "r")), _t(W, "tab"))
        elif tag == _t(TEXT, "s"):
            _run(out, " " * int(child.get(_t(TEXT, "c"), "1") or 1))
        else:
            _inline(child, out)
        _run(out, child.tail or "")


def _plain(el) -> str:
    parts = [el.text or ""]
    for child in el:
        if child.tag == _t(TEXT, "line-break"):
            parts.append("\n")
        elif child.tag == _t(TEXT, "s"):
            parts.append(" " * int(child.get(_t(TEXT, "c"), "1") or 1))
        elif child.tag != _t(LOEXT, "list-item"):
            parts.append(_plain(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _control(cc) -> etree._Element:
    """A LibreOffice content control as the w:sdt Word would have written."""
    if cc.get(_t(LOEXT, "checkbox")) == "true":
        box = etree.Element(_t(W14, "checkbox"))
        checked = etree.SubElement(box, _t(W14, "checked"))
        checked.set(_t(W14, "val"), "1" if cc.get(_t(LOEXT, "checked")) == "true" else "0")
        return _sdt(box, _plain(cc))
    if cc.get(_t(LOEXT, "date")) == "true":
        date = _w("date")
        if cc.get(_t(LOEXT, "current-date")):
            date.set(_t(W, "fullDate"), cc.get(_t(LOEXT, "current-date")))
        return _sdt(date, _plain(cc))
    if cc.find(_t(LOEXT, "list-item")) is not None:
        return _sdt(_w("dropDownList"), _plain(cc))
    return _sdt(None, _plain(cc))


def _sdt(kind, text: str) -> etree._Element:
    sdt = _w("sdt")
    pr = etree.SubElement(sdt, _t(W, "sdtPr"))
    if kind is not None:
        pr.append(kind)
    content = etree.SubElement(sdt, _t(W, "sdtContent"))
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(etree.SubElement(content, _t(W, "r")), _t(W, "br"))
        _run(content, line)
    return sdt
