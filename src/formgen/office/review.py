"""The review sheet of scanned returns (``formgen read --review``): for every
copy read from paper that a person must check, the images of its doubtful
boxes and handwritten fields as scanned, with what was read and why it
needs a look, in the form's language. A clerk checks a stack in minutes and
corrects the workbook (where the same cells are marked)."""

from __future__ import annotations

import io

from .. import i18n

WORDS = i18n.OFFICE["review"]

#: Why a field needs a person, by reason code (see :mod:`formgen.readers.scan`).
REASONS = i18n.OFFICE["reasons"]


def reason_text(code: str, language: str) -> str:
    return REASONS[i18n.lang_key(language)].get(code, code)


def needs_review(responses) -> list:
    """The scanned copies a person must check, in order."""
    return [r for r in responses if r.source == "scan" and r.review and r.status != "rejected"]


def render_review(responses, forms, language: str | None = None) -> bytes:
    """The review sheet of ``responses`` as PDF bytes (one section per copy
    to check; a short page saying so when there is none)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (CondPageBreak, Image, Paragraph, SimpleDocTemplate, Spacer,
                                    Table, TableStyle)

    from ..layout import SANS, SANS_BOLD, register_fonts
    from ..render.pdf import escape

    register_fonts()
    language = language or forms.language
    w = WORDS[i18n.lang_key(language)]
    base = ParagraphStyle("base", fontName=SANS, fontSize=8.5, leading=10.5)
    h1 = ParagraphStyle("h1", base, fontName=SANS_BOLD, fontSize=15, leading=19, spaceAfter=4)
    h2 = ParagraphStyle("h2", base, fontName=SANS_BOLD, fontSize=10, leading=13, spaceBefore=10,
                        spaceAfter=3)
    cell = ParagraphStyle("cell", base, fontSize=8, leading=9.5)
    head = ParagraphStyle("head", cell, fontName=SANS_BOLD)
    story = [Paragraph(escape(w["title"]), h1), Paragraph(escape(w["intro"]), base)]
    copies = needs_review(responses)
    if not copies:
        story.append(Paragraph(escape(w["nothing"]), h2))
    width = A4[0] - 36 * mm
    widths = [55 * mm, 40 * mm, width - 95 * mm]
    for resp in copies:
        form = forms.get(resp.form_id, resp.form_version)
        index = form.field_index if form else {}
        title = copy_title(resp, form, w)
        rows = [[Paragraph(escape(w[k]), head) for k in ("field", "read", "why")]]
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.6, 0.6, 0.6)),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        for field_id, reason in resp.review.items():
            ff = index.get(field_id)
            label = ff.label if ff else field_id
            names = ff.spec.paper_labels() if ff else None
            if names:                          # the crop shows the boxes only
                label += f" ({', '.join(names)})"
            rows.append([Paragraph(escape(label), cell),
                         Paragraph(escape(_shown(resp.values.get(field_id), reason, w)), cell),
                         Paragraph(escape(reason_text(reason, language)), cell)])
            crop = _image(resp.crops.get(field_id), width - 6, Image)
            if crop:            # the scan itself, under its line, as wide as the table
                if names:                      # each box's words under it
                    names = Table([names], colWidths=[crop.drawWidth / len(names)] * len(names))
                    names.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SANS_BOLD, 8),
                                               ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                               ("TOPPADDING", (0, 0), (-1, -1), 0)]))
                    crop = Table([[crop], [names]], colWidths=[crop.drawWidth])
                    crop.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
                rows.append([crop, "", ""])
                style += [("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)),
                          ("ALIGN", (0, len(rows) - 1), (-1, len(rows) - 1), "CENTER"),
                          # a field's line and its scan on one page
                          ("NOSPLIT", (0, len(rows) - 2), (-1, len(rows) - 1))]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(style))
        # a copy starts on a new page only when its title and first answers
        # would not fit (a long copy moved whole left a page empty)
        story += [CondPageBreak(150), Paragraph(escape(title), h2), table, Spacer(1, 4)]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm, title=w["title"],
                            author="formgen", lang=language)
    doc.build(story)
    return out.getvalue()


def copy_title(resp, form, w) -> str:
    """How a clerk finds a copy in the stack: the student's name (or the
    number of a numbered copy), and its pages by file: ``Şükrü Yılmaz ·
    stapel.pdf: pagina's 4-6``."""
    from ..names import copy_number
    from ..readers.scan import page_ranges
    who = " · ".join(str(resp.values.get(k)) for k in (form.key_fields if form else [])
                     if resp.values.get(k))
    number = copy_number(resp.copy_id)
    if number is not None:
        who = " · ".join(x for x in (who, w["copy"].format(n=number)) if x)
    files: dict[str, list[int]] = {}
    for source in resp.pages:
        name, _, page = source.rpartition("#")
        if page.isdigit():
            files.setdefault(name, []).append(int(page))
    pages = "; ".join(f"{name}: {w['pages'] if len(n) > 1 else w['page']} {page_ranges(n)}"
                      for name, n in files.items())
    return " · ".join(x for x in (who or w["no_name"], pages) if x)


def _shown(value, reason: str, w) -> str:
    """What was read of a field a person must check: a box left undecided
    shows nothing read, not 'not ticked'."""
    if reason in ("handwriting", "missing_page") or value in (None, "", False, []):
        return "—" if reason == "handwriting" else w["none"]
    if value is True:
        return w["yes"]
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _image(png: bytes | None, max_width: float, Image):
    """The scanned crop, at most ``max_width`` wide and 30 mm high."""
    if not png:
        return ""
    from reportlab.lib.utils import ImageReader
    reader = ImageReader(io.BytesIO(png))
    w, h = reader.getSize()
    scale = min(max_width / w, 85 / h, 72 / 110)       # 110 dpi or smaller
    return Image(io.BytesIO(png), width=w * scale, height=h * scale)
