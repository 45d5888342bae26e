"""Render a :class:`~formgen.model.Form` as a fillable A4 PDF.

The PDF draws the form's layout plan (:mod:`formgen.layout`): reportlab's
platypus paginates it, and wherever the plan has field slots a
:class:`Slots` flowable hands each slot to its field type, which draws the
printed outline and adds the widget through a
:class:`~formgen.render.pdf_fields.FieldWriter`. Table header rows repeat
on every page and a row never splits.
"""

from __future__ import annotations

import io
from functools import lru_cache
from html import escape as _html_escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from .. import i18n
from ..layout import (CELL_PAD, HEAD_SIZE, LABEL_SIZE, MARGIN_X, SANS, SANS_BOLD,
                      register_fonts)
from ..names import identity_keywords, qr_text
from .pdf_fields import FieldWriter

MARGIN_TOP, MARGIN_BOTTOM = 15 * mm, 24 * mm
GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.88, 0.88, 0.88)
PAGE_COUNT_FORM = "formgenPageCount"
_register_fonts = register_fonts


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = ParagraphStyle("base", fontName=SANS, fontSize=8.5, leading=10.5)
    return {
        "title": ParagraphStyle("title", base, fontName=SANS_BOLD, fontSize=16, leading=20,
                                spaceAfter=6),
        "intro": ParagraphStyle("intro", base, fontSize=9.5, leading=12.5, spaceAfter=8),
        "label": ParagraphStyle("label", base, fontName=SANS_BOLD, fontSize=LABEL_SIZE, leading=12),
        "heading": ParagraphStyle("heading", base, fontName=SANS_BOLD, fontSize=11, leading=14,
                                  spaceBefore=4, spaceAfter=6, keepWithNext=1),
        "head": ParagraphStyle("head", base, fontName=SANS_BOLD, fontSize=8.5, leading=10.5),
        "head_c": ParagraphStyle("head_c", base, fontName=SANS_BOLD, fontSize=HEAD_SIZE, leading=9.5,
                                 alignment=1),
        "section": ParagraphStyle("section", base, fontName=SANS_BOLD, fontSize=10, leading=12.5),
        "item": ParagraphStyle("item", base, fontSize=9, leading=11.5),
        "desc": ParagraphStyle("desc", base, fontSize=8.5, leading=10.6, spaceBefore=2),
        "legend_title": ParagraphStyle("legend_title", base, fontName=SANS_BOLD, fontSize=9.5,
                                       leading=12, spaceBefore=10, spaceAfter=3),
        "term": ParagraphStyle("term", base, fontName=SANS_BOLD, fontSize=9, leading=11.5,
                               spaceBefore=5),
        "line": ParagraphStyle("line", base, fontSize=8.5, leading=10.6, leftIndent=12),
    }


class Slots(Flowable):
    """The field slots of one plan cell: draws each at its planned place."""

    def __init__(self, writer, cell):
        super().__init__()
        self.writer, self.cell = writer, cell
        self.width = cell.width - 2 * CELL_PAD
        self.height = cell.height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        ax, ay = c.absolutePosition(0, 0)
        top = ay + self.height
        index = self.writer.form.field_index
        c.saveState()
        c.translate(-ax, -ay)        # field types draw in page coordinates, like widgets
        for slot in self.cell.slots:
            rect = (ax + slot.x, top - slot.y - slot.height, ax + slot.x + slot.width,
                    top - slot.y)
            self.writer.place(c, index[slot.field_id], slot, rect,
                              (ax, ay, ax + self.width, top))
        c.restoreState()


class _Identity(Flowable):
    """Takes no room; adds the hidden identity field to the page it lands on."""

    def __init__(self, writer):
        super().__init__()
        self.writer = writer

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.writer.identity(self.canv)


class _FormCanvas(Canvas):
    """Writes the page total (``pagina X van Y``) as a form defined at save."""

    total_style: tuple = (SANS, 7.5)
    field_writer = None

    def save(self):
        if self.field_writer is not None:
            self.field_writer.finish(self)
        pages = self.getPageNumber() - (0 if self._code else 1)
        self.beginForm(PAGE_COUNT_FORM)
        self.setFont(*self.total_style)
        self.drawString(0, 0, str(pages))
        self.endForm()
        super().save()


def escape(text: str) -> str:
    """Text as reportlab paragraph markup (&, < and > escaped)."""
    return _html_escape(text, quote=False)


def _para(text: str, style) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class Drawing:
    """Turns a layout plan into platypus flowables. One instance per document."""

    def __init__(self, form, writer):
        self.form, self.writer = form, writer
        self.st = _styles()

    def story(self) -> list:
        f, st = self.form, self.st
        story = []
        for block in f.layout.blocks:
            kind = block.kind
            if kind == "title":
                story.append(_para(block.text, st["title"]))
            elif kind == "intro":
                story.append(_para(block.text, st["intro"]))
            elif kind == "heading":
                story.append(_para(block.text, st["heading"]))
            elif kind == "fields":
                story += [self.free_fields(block), Spacer(1, 8)]
            elif kind == "table":
                story += [self.table(block), Spacer(1, 8)]
            elif kind == "legend":
                story += self.legend(f.legend)
        story.append(_Identity(self.writer))
        return story

    def cell(self, cell):
        """What one plan cell holds, as flowables (or a string)."""
        if cell.covered:
            return ""
        if cell.slots:
            return Slots(self.writer, cell)
        if cell.item is not None:
            return self.item_cell(cell.item)
        return _para(cell.text, self.st[cell.style]) if cell.text else ""

    def free_fields(self, block) -> Table:
        rows = [[self.cell(c) for c in row.cells] for row in block.rows]
        t = Table(rows, colWidths=list(block.columns), hAlign="LEFT")
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (0, -1), 0),
                               ("LEFTPADDING", (1, 0), (1, -1), CELL_PAD),
                               ("RIGHTPADDING", (1, 0), (1, -1), CELL_PAD),
                               ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        return t

    def table(self, block) -> Table:
        rows = [[self.cell(c) for c in row.cells] for row in block.rows]
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, 3), (0, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, block.header_rows - 1), SHADE),
            ("LEFTPADDING", (1, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (1, 0), (-1, -1), CELL_PAD),
        ]
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row.cells):
                if not cell.covered and (cell.span > 1 or cell.rowspan > 1):
                    style.append(("SPAN", (c, r), (c + cell.span - 1, r + cell.rowspan - 1)))
        # The header and the section's title repeat on every page; they never
        # stand alone at the foot of a page (NOSPLIT keeps them with the first item).
        style.append(("NOSPLIT", (0, 0), (-1, min(block.header_rows, len(rows) - 1))))
        t = Table(rows, colWidths=list(block.columns), repeatRows=block.header_rows,
                  splitByRow=1)
        t.setStyle(TableStyle(style))
        return t

    def item_cell(self, item) -> list:
        f, st = self.form, self.st
        head = f"<b>{escape(item.code)}</b> {escape(f.item_label)} <b>{escape(item.title)}</b>"
        cell = [Paragraph(head, st["item"])]
        if item.description:
            label = f"<i>{escape(f.description_label)}</i> " if f.description_label else ""
            cell.append(Paragraph(label + escape(item.description), st["desc"]))
        return cell

    # -- legend --------------------------------------------------------------
    def legend(self, legend) -> list:
        """The legend: its title stays with the first entry, an entry stays whole."""
        st = self.st
        blocks = [[_para(entry.term, st["term"])] + [_para(line, st["line"]) for line in entry.lines]
                  for entry in legend.entries]
        if legend.title and blocks:
            blocks[0].insert(0, _para(legend.title, st["legend_title"]))
        return [KeepTogether(block) for block in blocks]


@lru_cache(maxsize=256)
def _qr_runs(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of ``text`` as (size, dark runs ``(row, col, length)``).

    Encoded once per text and drawn as one path: reportlab's QR widget
    builds a shape per module, which cost more than the rest of the page.
    """
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    qr.make()
    n = qr.getModuleCount()
    runs = []
    for r in range(n):
        c = 0
        while c < n:
            if qr.isDark(r, c):
                start = c
                while c < n and qr.isDark(r, c):
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return n, tuple(runs)


def _draw_qr(canv, text: str, x: float, y: float, size: float) -> None:
    n, runs = _qr_runs(text)
    m = size / n
    path = canv.beginPath()
    for r, c, length in runs:
        path.rect(x + c * m, y + size - (r + 1) * m, length * m, m)
    canv.drawPath(path, stroke=0, fill=1)


def _footer(form):
    version = i18n.text(form, "version", version=form.version)
    parts = i18n.template_parts(i18n.text(form, "page"))
    qr_size = 14 * mm

    def draw(canv, doc):
        page = canv.getPageNumber()
        canv.saveState()
        y = MARGIN_BOTTOM - 12 * mm
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, y + 9 * mm, A4[0] - MARGIN_X - qr_size - 3 * mm, y + 9 * mm)
        canv.setFont(SANS, 7.5)
        canv.setFillColor(colors.black)
        canv.drawString(MARGIN_X, y + 4 * mm, f"{form.title} · {version}")
        x = MARGIN_X
        for literal, name in parts:
            if literal:
                canv.drawString(x, y, literal)
                x += canv.stringWidth(literal, SANS, 7.5)
            if name == "page":
                canv.drawString(x, y, str(page))
                x += canv.stringWidth(str(page), SANS, 7.5)
            elif name == "pages":      # the total is known only at the end: a form
                canv.saveState()
                canv.translate(x, y)
                canv.doForm(PAGE_COUNT_FORM)
                canv.restoreState()
                x += canv.stringWidth("00", SANS, 7.5)
        _draw_qr(canv, qr_text(form.id, form.version, page),
                 A4[0] - MARGIN_X - qr_size, y - 2 * mm, qr_size)
        canv.restoreState()

    return draw


def render_pdf(form, values: dict | None = None, locked=(), writer_class=FieldWriter,
               writer=None, copy: str | None = None) -> bytes:
    """The fillable PDF of ``form`` as bytes.

    ``values`` prefills fields (field id -> value), ``locked`` makes the
    named fields read-only. ``writer_class`` lets benchmarks swap in
    another widget writer for the same layout; ``writer`` passes one in,
    to look at what it recorded afterwards (see :mod:`.pdf_prefill`).
    """
    _register_fonts()
    if writer is None:
        writer = writer_class(form, values=form.check_values(values or {}), locked=locked)
        writer.copy = copy
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=form.title, author="formgen",
        subject=f"{form.id} {i18n.text(form, 'version', version=form.version)}",
        keywords=identity_keywords(form.identity), creator="formgen", lang=form.language,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=_footer(form))])

    def canvasmaker(*args, **kwargs):
        canv = _FormCanvas(*args, **kwargs)
        canv.setViewerPreference("DisplayDocTitle", "true")
        canv.field_writer = writer
        return canv

    story = Drawing(form, writer).story()
    doc.build(story, canvasmaker=canvasmaker)
    return out.getvalue()
