"""Render a :class:`~formgen.model.Form` as a fillable A4 PDF.

reportlab's platypus lays the form out; wherever a field goes, a
:class:`Slot` flowable draws the printed box and asks a field writer
(:class:`~formgen.render.pdf_fields.FieldWriter`) to add the widget there.
Table header rows repeat on every page and a row never splits.
"""

from __future__ import annotations

import io
from functools import lru_cache
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from .. import i18n
from .pdf_fields import FieldWriter

SANS, SANS_BOLD = "FormgenSans", "FormgenSans-Bold"
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 15 * mm, 24 * mm
BOX = 11          # checkbox and radio size, pt
OPTION_COL = 9 * mm
CHECK_COL = 17 * mm
TEXT_COL = 45 * mm
GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.88, 0.88, 0.88)
PAGE_COUNT_FORM = "formgenPageCount"


@lru_cache(maxsize=1)
def _register_fonts() -> None:
    base = resources.files("formgen") / "fonts"
    pdfmetrics.registerFont(TTFont(SANS, io.BytesIO((base / "LiberationSans-Regular.ttf").read_bytes())))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, io.BytesIO((base / "LiberationSans-Bold.ttf").read_bytes())))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = ParagraphStyle("base", fontName=SANS, fontSize=8.5, leading=10.5)
    return {
        "title": ParagraphStyle("title", base, fontName=SANS_BOLD, fontSize=16, leading=20,
                                spaceAfter=6),
        "intro": ParagraphStyle("intro", base, fontSize=9.5, leading=12.5, spaceAfter=8),
        "label": ParagraphStyle("label", base, fontName=SANS_BOLD, fontSize=10, leading=12),
        "head": ParagraphStyle("head", base, fontName=SANS_BOLD, fontSize=8.5, leading=10.5),
        "head_c": ParagraphStyle("head_c", base, fontName=SANS_BOLD, fontSize=8, leading=9.5,
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


class Slot(Flowable):
    """The place of one widget: draws its printed outline and registers it."""

    def __init__(self, writer, ff, width, height, option=None, shape="box"):
        super().__init__()
        self.writer, self.ff, self.option, self.shape = writer, ff, option, shape
        self.width, self.height = width, height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.6)
        if self.shape == "circle":
            c.circle(self.width / 2, self.height / 2, min(self.width, self.height) / 2 - 0.3)
        else:
            c.setFillColor(colors.Color(0.96, 0.96, 0.96) if self.shape == "text" else colors.white)
            c.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        c.restoreState()
        x0, y0 = c.absolutePosition(0, 0)
        self.writer.place(c, self.ff, (x0, y0, x0 + self.width, y0 + self.height), self.option)


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


def _para(text: str, style) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class Layout:
    """Turns a form into platypus flowables. One instance per document."""

    def __init__(self, form, writer):
        self.form, self.writer = form, writer
        self.st = _styles()
        self.width = A4[0] - 2 * MARGIN_X
        self.by_id = {ff.id: ff for ff in form.all_fields()}

    def story(self) -> list:
        f, st = self.form, self.st
        story = [_para(f.title, st["title"])]
        if f.intro:
            story.append(_para(f.intro, st["intro"]))
        if f.fields:
            story += [self.free_fields(f.fields), Spacer(1, 8)]
        for section in f.sections:
            if section.items:
                story += [self.section_table(section), Spacer(1, 8)]
            if section.fields:
                story += [self.free_fields(section.fields), Spacer(1, 8)]
        if f.legend:
            story += self.legend(f.legend)
        story.append(_Identity(self.writer))
        return story

    # -- free fields (header, after a section) -------------------------------
    def free_fields(self, specs) -> Table:
        st, w = self.st, self.width
        label_w = 45 * mm
        rows = []
        for ff in (self.by_id[spec.id] for spec in specs):
            if ff.type == "choice":
                cells = []
                for o in ff.spec.options:
                    cells += [self.slot(ff, BOX, option=o), _para(o.label, st["item"])]
                field = Table([cells], colWidths=[BOX + 4, 30 * mm] * len(ff.spec.options),
                              hAlign="LEFT", style=[("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
            else:
                field = self.slot(ff, w - label_w)
            rows.append([_para(ff.spec.label + ":", st["label"]), field])
        t = Table(rows, colWidths=[label_w, w - label_w], hAlign="LEFT")
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        return t

    def slot(self, ff, width, option=None) -> Slot:
        kind = ff.type
        if kind == "textarea":
            return Slot(self.writer, ff, width, ff.spec.lines * 12 + 6, shape="text")
        if kind == "text":
            return Slot(self.writer, ff, width, 17, shape="text")
        if kind == "checkbox":
            return Slot(self.writer, ff, BOX, BOX)
        return Slot(self.writer, ff, BOX, BOX, option, shape="circle")

    # -- item tables ---------------------------------------------------------
    def _column_widths(self, columns) -> list[float]:
        widths = []
        for col in columns:
            if col.type == "choice":
                widths += [OPTION_COL] * len(col.options)
            elif col.type == "checkbox":
                widths.append(CHECK_COL)
            else:
                widths.append(TEXT_COL)
        return [self.width - sum(widths)] + widths

    def section_table(self, section) -> Table:
        f, st = self.form, self.st
        columns = f.section_columns(section)
        widths = self._column_widths(columns)
        n = len(widths)
        head0 = [_para(f.table_heading, st["head"])]
        head1 = [""]
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, 3), (0, -1), "TOP"),
            ("SPAN", (0, 0), (0, 1)),
            ("BACKGROUND", (0, 0), (-1, 2), SHADE),
            ("SPAN", (0, 2), (-1, 2)),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (1, 0), (-1, -1), 1), ("RIGHTPADDING", (1, 0), (-1, -1), 1),
        ]
        c = 1
        for col in columns:
            if col.type == "choice":
                k = len(col.options)
                head0 += [_para(col.label, st["head_c"])] + [""] * (k - 1)
                head1 += [_para(o.label, st["head_c"]) for o in col.options]
                style.append(("SPAN", (c, 0), (c + k - 1, 0)))
                c += k
            else:
                head0.append(_para(col.label, st["head_c"]))
                head1.append("")
                style.append(("SPAN", (c, 0), (c, 1)))
                c += 1
        title = f"{section.label}  {section.title}" if section.label else section.title
        rows = [head0, head1, [_para(title, st["section"])] + [""] * (n - 1)]
        for item in section.items:
            rows.append(self.item_row(item, columns, widths))
        # The header and the section's title repeat on every page; they never
        # stand alone at the foot of a page (NOSPLIT keeps them with the first item).
        style.append(("NOSPLIT", (0, 0), (-1, min(3, len(rows) - 1))))
        t = Table(rows, colWidths=widths, repeatRows=3, splitByRow=1)
        t.setStyle(TableStyle(style))
        return t

    def item_row(self, item, columns, widths) -> list:
        f, st = self.form, self.st
        head = f"<b>{escape(item.code)}</b> {escape(f.item_label)} <b>{escape(item.title)}</b>"
        cell = [Paragraph(head, st["item"])]
        if item.description:
            label = f"<i>{escape(f.description_label)}</i> " if f.description_label else ""
            cell.append(Paragraph(label + escape(item.description), st["desc"]))
        row = [cell]
        base = f.item_id(item)
        i = 1
        for col in columns:
            ff = self.by_id[f"{base}_{col.id}"]
            if col.type == "choice":
                row += [self.slot(ff, BOX, option=o) for o in col.options]
                i += len(col.options)
            else:
                row.append(self.slot(ff, widths[i] - 4))
                i += 1
        return row

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
        template = i18n.text(form, "page", page="\0", pages="\1")
        before, rest = template.split("\0")
        middle, after = rest.split("\1")
        text = f"{before}{page}{middle}"
        canv.drawString(MARGIN_X, y, text)
        x = MARGIN_X + canv.stringWidth(text, SANS, 7.5)
        canv.saveState()
        canv.translate(x, y)
        canv.doForm(PAGE_COUNT_FORM)
        canv.restoreState()
        if after:
            canv.drawString(x + canv.stringWidth("00", SANS, 7.5), y, after)
        _draw_qr(canv, f"formgen:{form.id}|{form.version}|p{page}",
                 A4[0] - MARGIN_X - qr_size, y - 2 * mm, qr_size)
        canv.restoreState()

    return draw


def render_pdf(form, values: dict | None = None, locked=(), writer_class=FieldWriter,
               writer=None) -> bytes:
    """The fillable PDF of ``form`` as bytes.

    ``values`` prefills fields (field id -> value), ``locked`` makes the
    named fields read-only. ``writer_class`` lets benchmarks swap in
    another widget writer for the same layout; ``writer`` passes one in,
    to look at what it recorded afterwards (see :mod:`.pdf_prefill`).
    """
    _register_fonts()
    writer = writer or writer_class(form, values=values, locked=locked)
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=form.title, author="formgen",
        subject=f"{form.id} {i18n.text(form, 'version', version=form.version)}",
        keywords=f"formgen {form.identity}", creator="formgen", lang=form.language,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=_footer(form))])

    def canvasmaker(*args, **kwargs):
        canv = _FormCanvas(*args, **kwargs)
        canv.setViewerPreference("DisplayDocTitle", "true")
        canv.field_writer = writer
        return canv

    layout = Layout(form, writer)
    story = layout.story()
    doc.build(story, canvasmaker=canvasmaker)
    return out.getvalue()
