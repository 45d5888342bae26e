"""Small builders for the WordprocessingML that python-docx has no API for:
checkbox and plain-text content controls, repeated header rows, rows that
do not split, page fields, form protection.

Each function returns an lxml element (or changes one in place); callers
insert it where it belongs. Tests query the result with XPath.
"""

from __future__ import annotations

from itertools import count

from docx.oxml import OxmlElement
from docx.oxml.ns import qn  # noqa: F401 (used by callers as wx.qn)

CHECKED, UNCHECKED = "\u2612", "\u2610"          # ☒ ☐, as Word itself writes them
CHECKBOX_FONT = "MS Gothic"
_ids = count(1000)


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key.replace("_", ":", 1)), str(value))
    return el


def _run(text: str, *, font: str | None = None, color: str | None = None,
         half_points: int | None = None) -> OxmlElement:
    r = _el("w:r")
    if font or color or half_points:
        rpr = _el("w:rPr")
        if font:
            rpr.append(_el("w:rFonts", w_ascii=font, w_eastAsia=font, w_hAnsi=font, w_hint="eastAsia"))
        if color:
            rpr.append(_el("w:color", w_val=color))
        if half_points:
            rpr.append(_el("w:sz", w_val=half_points))
        r.append(rpr)
    t = _el("w:t")
    t.text = text
    if text != text.strip():
        t.set(qn("xml:space"), "preserve")
    r.append(t)
    return r


def _sdt_pr(tag: str, alias: str) -> OxmlElement:
    pr = _el("w:sdtPr")
    pr.append(_el("w:alias", w_val=alias))
    pr.append(_el("w:tag", w_val=tag))
    pr.append(_el("w:id", w_val=next(_ids)))
    return pr


def checkbox(tag: str, alias: str, checked: bool = False) -> OxmlElement:
    """A Word 2010+ checkbox content control (run level) with Word's ☐/☒."""
    sdt = _el("w:sdt")
    pr = _sdt_pr(tag, alias)
    box = _el("w14:checkbox")
    box.append(_el("w14:checked", w14_val="1" if checked else "0"))
    box.append(_el("w14:checkedState", w14_val="2612", w14_font=CHECKBOX_FONT))
    box.append(_el("w14:uncheckedState", w14_val="2610", w14_font=CHECKBOX_FONT))
    pr.append(box)
    sdt.append(pr)
    content = _el("w:sdtContent")
    content.append(_run(CHECKED if checked else UNCHECKED, font=CHECKBOX_FONT, half_points=26))
    sdt.append(content)
    return sdt


def text_control(tag: str, alias: str, placeholder: str, value: str = "",
                 multiline: bool = False) -> OxmlElement:
    """A plain-text content control; grey placeholder text while empty."""
    sdt = _el("w:sdt")
    pr = _sdt_pr(tag, alias)
    if not value:
        pr.append(_el("w:showingPlcHdr"))
    text = _el("w:text")
    if multiline:
        text.set(qn("w:multiLine"), "1")
    pr.append(text)
    sdt.append(pr)
    content = _el("w:sdtContent")
    if value:
        for i, line in enumerate(value.split("\n")):
            if i:
                br = _el("w:r")
                br.append(_el("w:br"))
                content.append(br)
            content.append(_run(line))
    else:
        content.append(_run(placeholder, color="808080"))
    sdt.append(content)
    return sdt


def run(text: str) -> OxmlElement:
    """A plain run of text."""
    return _run(text)


def line_break() -> OxmlElement:
    r = _el("w:r")
    r.append(_el("w:br"))
    return r


def _placeholder_content(sdt, text: str) -> None:
    content = _el("w:sdtContent")
    content.append(_run(text, color="808080"))
    sdt.append(content)


def date_control(tag: str, alias: str, value, placeholder: str, date_format: str,
                 language: str) -> OxmlElement:
    """A date picker content control (``w:date``); ``value`` a date or None."""
    sdt = _el("w:sdt")
    pr = _sdt_pr(tag, alias)
    if value is None:
        pr.append(_el("w:showingPlcHdr"))
    date = _el("w:date")
    if value is not None:
        date.set(qn("w:fullDate"), f"{value.isoformat()}T00:00:00Z")
    date.append(_el("w:dateFormat", w_val=date_format))
    date.append(_el("w:lid", w_val=language))
    date.append(_el("w:storeMappedDataAs", w_val="dateTime"))
    date.append(_el("w:calendar", w_val="gregorian"))
    pr.append(date)
    sdt.append(pr)
    if value is None:
        _placeholder_content(sdt, placeholder)
    else:
        content = _el("w:sdtContent")
        content.append(_run(value.strftime("%d-%m-%Y")))
        sdt.append(content)
    return sdt


def dropdown_control(tag: str, alias: str, items: list[tuple[str, str]], value,
                     placeholder: str) -> OxmlElement:
    """A drop-down list content control; ``items`` are ``(value, shown text)``."""
    sdt = _el("w:sdt")
    pr = _sdt_pr(tag, alias)
    if value is None:
        pr.append(_el("w:showingPlcHdr"))
    dd = _el("w:dropDownList")
    if value is not None:
        dd.set(qn("w:lastValue"), value)
    for v, shown in items:
        dd.append(_el("w:listItem", w_displayText=shown, w_value=v))
    pr.append(dd)
    sdt.append(pr)
    if value is None:
        _placeholder_content(sdt, placeholder)
    else:
        content = _el("w:sdtContent")
        content.append(_run(dict(items)[value]))
        sdt.append(content)
    return sdt


def rich_control(tag: str, alias: str) -> OxmlElement:
    """An empty rich-text content control: room to type or paste a signature."""
    sdt = _el("w:sdt")
    sdt.append(_sdt_pr(tag, alias))
    content = _el("w:sdtContent")
    content.append(_run("\u00a0" * 40))
    sdt.append(content)
    return sdt


def lock_content(sdt) -> None:
    """Make a content control read-only (``w:lock sdtContentLocked``)."""
    pr = sdt.find(qn("w:sdtPr"))
    pr.find(qn("w:id")).addnext(_el("w:lock", w_val="sdtContentLocked"))


def repeat_header(row) -> None:
    """Mark a python-docx table row as a header row repeated on every page."""
    row._tr.get_or_add_trPr().append(_el("w:tblHeader"))


def cell_margins(table, left_right_twips: int) -> None:
    """The table's left and right cell margins (``w:tblCellMar``), so Word
    lays text out in the widths the layout plan measured."""
    pr = table._tbl.tblPr
    for old in pr.findall(qn("w:tblCellMar")):
        pr.remove(old)
    mar = _el("w:tblCellMar")
    for side in ("w:left", "w:right"):
        mar.append(_el(side, w_w=left_right_twips, w_type="dxa"))
    # CT_TblPr: ... tblLayout, tblCellMar, tblLook, tblCaption, tblDescription
    anchor = next((child for child in pr if child.tag in (qn("w:tblLook"), qn("w:tblCaption"),
                                                          qn("w:tblDescription"))), None)
    if anchor is not None:
        anchor.addprevious(mar)
    else:
        pr.append(mar)


def box(tc) -> None:
    """A visible box around one cell (a field to write in on paper)."""
    pr = tc.get_or_add_tcPr()
    borders = _el("w:tcBorders")
    for side in ("w:top", "w:left", "w:bottom", "w:right"):
        borders.append(_el(side, w_val="single", w_sz=4, w_space=0, w_color="808080"))
    # CT_TcPr: cnfStyle, tcW, gridSpan, hMerge, vMerge, tcBorders, shd, ...
    anchor = next((child for child in pr if child.tag not in (
        qn("w:cnfStyle"), qn("w:tcW"), qn("w:gridSpan"), qn("w:hMerge"), qn("w:vMerge"))), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        pr.append(borders)


def keep_row_whole(row) -> None:
    row._tr.get_or_add_trPr().append(_el("w:cantSplit"))


def shade(tc, fill: str) -> None:
    """Shade one real ``w:tc`` (exactly one ``w:shd``, in schema order)."""
    pr = tc.get_or_add_tcPr()
    for old in pr.findall(qn("w:shd")):
        pr.remove(old)
    shd = _el("w:shd", w_val="clear", w_color="auto", w_fill=fill)
    after = [qn(t) for t in ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                             "w:vAlign", "w:hideMark")]
    anchor = next((child for child in pr if child.tag in after), None)
    if anchor is not None:
        anchor.addprevious(shd)
    else:
        pr.append(shd)


def field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a simple field (``PAGE``, ``NUMPAGES``) to a paragraph."""
    fld = _el("w:fldSimple", w_instr=f" {instruction} ")
    fld.append(_run(placeholder))
    paragraph._p.append(fld)


def protect_forms(settings) -> None:
    """Allow editing of form controls only (no password): Word's 'Filling in forms'."""
    el = settings.element
    for old in el.findall(qn("w:documentProtection")):
        el.remove(old)
    prot = _el("w:documentProtection", w_edit="forms", w_enforcement="1")
    # CT_Settings wants documentProtection early in its sequence: after w:zoom and friends.
    anchor = None
    for tag in ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
                "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
                "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
                "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts",
                "w:saveFormsData", "w:mirrorMargins", "w:alignBordersAndEdges",
                "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter", "w:gutterAtTop",
                "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle",
                "w:proofState", "w:formsDesign", "w:attachedTemplate", "w:linkStyles",
                "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType",
                "w:mailMerge", "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves",
                "w:doNotTrackFormatting"):
        found = el.findall(qn(tag))
        if found:
            anchor = found[-1]
    if anchor is None:
        el.insert(0, prot)
    else:
        anchor.addnext(prot)
