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


#: The character style Word gives placeholder text (styleId of "Placeholder Text").
PLACEHOLDER_STYLE = "PlaceholderText"


def placeholder_name(text: str) -> str:
    """The name of the glossary building block that holds placeholder ``text``."""
    import hashlib
    return "formgen-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _placeholder_ref(pr, text: str) -> None:
    """Point a control at its placeholder building block (``w:placeholder``),
    so Word shows the hint again when the control is emptied."""
    ph = _el("w:placeholder")
    ph.append(_el("w:docPart", w_val=placeholder_name(text)))
    pr.append(ph)


def _placeholder_run(text: str) -> OxmlElement:
    r = _el("w:r")
    rpr = _el("w:rPr")
    rpr.append(_el("w:rStyle", w_val=PLACEHOLDER_STYLE))
    r.append(rpr)
    t = _el("w:t")
    t.text = text
    r.append(t)
    return r


def text_control(tag: str, alias: str, placeholder: str, value: str = "",
                 multiline: bool = False) -> OxmlElement:
    """A text content control; Word's grey placeholder while empty.

    It is a rich-text control (no ``w:text``), not a plain-text one: LibreOffice
    imports a plain-text control as an input field, which prints its
    placeholder black and, on saving, moves a line break out of the control
    (the lines join). A rich-text control keeps both. Lines of ``value`` are
    separated by ``w:br`` (``multiline`` fields only get several)."""
    sdt = _el("w:sdt")
    pr = _sdt_pr(tag, alias)
    _placeholder_ref(pr, placeholder)
    if not value:
        pr.append(_el("w:showingPlcHdr"))
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
        content.append(_placeholder_run(placeholder))
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
    content.append(_placeholder_run(text))
    sdt.append(content)


def _picker(tag: str, alias: str, kind: OxmlElement, shown: str | None,
            placeholder: str) -> OxmlElement:
    """A content control of ``kind`` (a date picker, a drop-down list) that
    shows ``shown``, or Word's placeholder while it is empty."""
    sdt = _el("w:sdt")
    pr = _sdt_pr(tag, alias)
    _placeholder_ref(pr, placeholder)
    if shown is None:
        pr.append(_el("w:showingPlcHdr"))
    pr.append(kind)
    sdt.append(pr)
    if shown is None:
        _placeholder_content(sdt, placeholder)
    else:
        content = _el("w:sdtContent")
        content.append(_run(shown))
        sdt.append(content)
    return sdt


def date_control(tag: str, alias: str, value, placeholder: str, date_format: str,
                 language: str) -> OxmlElement:
    """A date picker content control (``w:date``); ``value`` a date or None."""
    date = _el("w:date")
    if value is not None:
        date.set(qn("w:fullDate"), f"{value.isoformat()}T00:00:00Z")
    date.append(_el("w:dateFormat", w_val=date_format))
    date.append(_el("w:lid", w_val=language))
    date.append(_el("w:storeMappedDataAs", w_val="dateTime"))
    date.append(_el("w:calendar", w_val="gregorian"))
    shown = value.strftime("%d-%m-%Y") if value is not None else None
    return _picker(tag, alias, date, shown, placeholder)


def dropdown_control(tag: str, alias: str, items: list[tuple[str, str]], value,
                     placeholder: str) -> OxmlElement:
    """A drop-down list content control; ``items`` are ``(value, shown text)``."""
    dd = _el("w:dropDownList")
    if value is not None:
        dd.set(qn("w:lastValue"), value)
    for v, shown in items:
        dd.append(_el("w:listItem", w_displayText=shown, w_value=v))
    return _picker(tag, alias, dd, dict(items)[value] if value is not None else None,
                   placeholder)


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


def field(paragraph, instruction: str, placeholder: str = "1",
          half_points: int | None = None) -> None:
    """Append a simple field (``PAGE``, ``NUMPAGES``) to a paragraph."""
    fld = _el("w:fldSimple", w_instr=f" {instruction} ")
    fld.append(_run(placeholder, half_points=half_points))
    paragraph._p.append(fld)


# -- the document as Word writes it ----------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RT_GLOSSARY = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/glossaryDocument"
RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
CT_GLOSSARY = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.glossary+xml"


def document_language(doc, language: str) -> None:
    """The language of every run (``w:lang`` in the defaults) and of the theme fonts."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _el("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    settings = doc.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)


def compatibility_mode(doc, mode: int = 15) -> None:
    """Word 2013+ layout (no "[Compatibility Mode]" in Word's title bar)."""
    for setting in doc.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))


def drop_styles_with_effects(doc) -> None:
    """Drop Word 2010's ``stylesWithEffects`` part of python-docx's template:
    it no longer matches the styles formgen sets, and Word 2013+ writes none."""
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == RT_STYLES_WITH_EFFECTS:
            part.drop_rel(rid)


def placeholder_style(doc) -> None:
    """Word's *Placeholder Text* character style (grey), where placeholders point."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor
    try:
        doc.styles["Placeholder Text"]
        return
    except KeyError:
        pass
    style = doc.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    style.hidden = False
    style.priority = 99
    style.element.set(qn("w:styleId"), PLACEHOLDER_STYLE)


def glossary(doc, texts) -> None:
    """A glossary document part with one placeholder building block per text
    (``w:docPart``, gallery *placeholder*), as Word stores them."""
    import uuid

    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    root = etree.Element(qn("w:glossaryDocument"), nsmap={"w": W_NS})
    parts = etree.SubElement(root, qn("w:docParts"))
    for text in sorted(set(texts)):
        name = placeholder_name(text)
        dp = etree.SubElement(parts, qn("w:docPart"))
        pr = etree.SubElement(dp, qn("w:docPartPr"))
        etree.SubElement(pr, qn("w:name")).set(qn("w:val"), name)
        category = etree.SubElement(pr, qn("w:category"))
        etree.SubElement(category, qn("w:name")).set(qn("w:val"), "General")
        etree.SubElement(category, qn("w:gallery")).set(qn("w:val"), "placeholder")
        # Word also writes <w:types><w:type w:val="bbPlcHdr"/></w:types> here;
        # it is optional, and openxml-audit reads that w:type as a section type
        # and reports it, so it is left out: the gallery says "placeholder".
        behaviors = etree.SubElement(pr, qn("w:behaviors"))
        etree.SubElement(behaviors, qn("w:behavior")).set(qn("w:val"), "content")
        guid = uuid.uuid5(uuid.NAMESPACE_URL, "formgen:placeholder:" + text)
        etree.SubElement(pr, qn("w:guid")).set(qn("w:val"), "{" + str(guid).upper() + "}")
        body = etree.SubElement(dp, qn("w:docPartBody"))
        p = etree.SubElement(body, qn("w:p"))
        p.append(_placeholder_run(text))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = doc.part.package
    part = Part(PackURI("/word/glossary/document.xml"), CT_GLOSSARY, blob, package)
    styles = Part(PackURI("/word/glossary/styles.xml"), doc.part._styles_part.content_type,
                  etree.tostring(doc.styles.element, xml_declaration=True, encoding="UTF-8",
                                 standalone=True), package)
    part.relate_to(styles, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles")
    doc.part.relate_to(part, RT_GLOSSARY)


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
