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
from ..layout import hyphenation, paragraphs
from ..layout import (CELL_PAD, FOOTER_X, HEAD_SIZE, LABEL_PAD, LABEL_SIZE, MARGIN_BOTTOM,
                      MARGIN_TOP, MARGIN_X, SECOND_LABEL_PAD, MARK_SIZE, QR_MAX, QR_MODULE, SANS,
                      SANS_BOLD, mark_centres, qr_box, register_fonts)
from ..names import copy_number, identity_keywords, qr_text
from .pdf_fields import FieldWriter, _num
from .pdf_tags import Elem, Tagger, _patch_to_unicode

_patch_to_unicode()

GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.88, 0.88, 0.88)
PAGE_COUNT_FORM = "formgenPageCount"
#: The QR code of page N is the form XObject ``formgenQR<N>``.
QR_FORM = "formgenQR"
#: The form XObject of a numbered copy's number ("exemplaar 7"), per page.
COPY_FORM = "formgenCopy"
_register_fonts = register_fonts


@lru_cache(maxsize=8)
def _styles(hyphenation: str = "") -> dict[str, ParagraphStyle]:
    """The paragraph styles; ``hyphenation`` a pyphen language: a label's
    word too long for its column breaks at a hyphenation point (see
    :func:`formgen.layout.hyphenation`)."""
    from ..layout import Hyphenator
    _register_fonts()
    base = ParagraphStyle("base", fontName=SANS, fontSize=8.5, leading=10.5,
                          hyphenationLang=Hyphenator(hyphenation) if hyphenation else "",
                          embeddedHyphenation=1)
    return {
        "title": ParagraphStyle("title", base, fontName=SANS_BOLD, fontSize=16, leading=20,
                                spaceAfter=6),
        "intro": ParagraphStyle("intro", base, fontSize=9.5, leading=12.5, spaceAfter=8),
        "correction": ParagraphStyle("correction", base, fontName=SANS_BOLD, fontSize=9,
                                     leading=11.5, spaceAfter=8),
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
        # a field's help under its label; a section's paragraphs under its title
        "help": ParagraphStyle("help", base, fontSize=8, leading=9.8, spaceBefore=1,
                               textColor=colors.Color(0.25, 0.25, 0.25)),
        "help_c": ParagraphStyle("help_c", base, fontSize=8, leading=9.8, spaceBefore=1,
                                 textColor=colors.Color(0.25, 0.25, 0.25), alignment=1),
        "text": ParagraphStyle("text", base, fontSize=9, leading=11.5, spaceAfter=4),
    }


class Slots(Flowable):
    """The field slots of one plan cell: draws each at its planned place.
    The printed outlines are artifacts; each widget gets a Form element
    under ``elem``."""

    def __init__(self, writer, cell, elem=None):
        super().__init__()
        self.writer, self.cell, self.elem = writer, cell, elem
        self.width = cell.width - 2 * CELL_PAD
        self.height = cell.height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        ax, ay = c.absolutePosition(0, 0)
        top = ay + self.height
        index = self.writer.form.field_index
        tagger = getattr(c, "tagger", None)
        if tagger is not None:
            tagger.artifact(c)
        c.saveState()
        c.translate(-ax, -ay)        # field types draw in page coordinates, like widgets
        self.writer.tag_parent = self.elem
        for slot in self.cell.slots:
            rect = (ax + slot.x, top - slot.y - slot.height, ax + slot.x + slot.width,
                    top - slot.y)
            self.writer.place(c, index[slot.field_id], slot, rect,
                              (ax, ay, ax + self.width, top))
        self.writer.tag_parent = None
        c.restoreState()
        if tagger is not None:
            tagger.end(c)


class _Identity(Flowable):
    """Takes no room; adds the hidden identity field to the page it lands on."""

    def __init__(self, writer, elem=None):
        super().__init__()
        self.writer, self.elem = writer, elem

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.writer.tag_parent = self.elem
        self.writer.tag_alt = "formgen"
        self.writer.identity(self.canv)
        self.writer.tag_parent = None


class _FormCanvas(Canvas):
    """Writes the page total (``pagina X van Y``) as a form defined at save."""

    total_style: tuple = (SANS, 7.5)
    field_writer = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: page -> (QR text, x, y, size) of each page's QR form XObject
        self.formgen_qr: dict[int, tuple] = {}
        #: page -> (text, x, y) of a numbered copy's number, a form XObject too
        self.formgen_copy: dict[int, tuple] = {}

    tagger = None

    def save(self):
        for page, (text, x, y, size) in self.formgen_qr.items():
            self.beginForm(f"{QR_FORM}{page}", lowerx=x, lowery=y, upperx=x + size,
                           uppery=y + size)
            _draw_qr(self, text, x, y, size)
            self.endForm()
        for page, (text, x, y) in self.formgen_copy.items():
            self.beginForm(f"{COPY_FORM}{page}", lowerx=x, lowery=y - 2, upperx=x + 200,
                           uppery=y + 12)
            self.setFont(SANS_BOLD, 9)
            self.setFillColor(colors.black)
            self.drawString(x, y, text)
            self.endForm()
        if self.field_writer is not None:
            self.field_writer.finish(self)
        if self.tagger is not None:
            self.tagger.finish(self)
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


class TaggedParagraph(Paragraph):
    """A paragraph whose text is marked content of its structure element
    (an artifact when a table draws it again, as a repeated header)."""

    def __init__(self, text, style, elem=None):
        super().__init__(text, style)
        self.elem = elem
        self._tagged_once = False

    def drawOn(self, canv, x, y, _sW=0):
        tagger = getattr(canv, "tagger", None)
        if tagger is None or self.elem is None:
            return super().drawOn(canv, x, y, _sW)
        if self._tagged_once:
            tagger.artifact(canv)
        else:
            tagger.begin(canv, self.elem)
            self._tagged_once = True
        super().drawOn(canv, x, y, _sW)
        tagger.end(canv)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, TaggedParagraph):
                part.elem, part._tagged_once = self.elem, False
        return parts


class Logo(Flowable):
    """The form's logo, right-aligned above the title: a ``Figure`` with its
    alternative text, at most :data:`LOGO_HEIGHT` high and :data:`LOGO_WIDTH` wide."""

    def __init__(self, data: bytes, elem=None):
        from reportlab.lib.utils import ImageReader
        super().__init__()
        self.image, self.elem = ImageReader(io.BytesIO(data)), elem
        w, h = self.image.getSize()
        scale = min(LOGO_HEIGHT / h, LOGO_WIDTH / w)
        self.w, self.h = w * scale, h * scale

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.h + 6

    def draw(self):
        tagger = getattr(self.canv, "tagger", None)
        if tagger is not None and self.elem is not None:
            tagger.begin(self.canv, self.elem)
        self.canv.drawImage(self.image, self.avail - self.w, 6, self.w, self.h, mask="auto")
        if tagger is not None and self.elem is not None:
            tagger.end(self.canv)


#: The logo's largest size on the page.
LOGO_HEIGHT, LOGO_WIDTH = 14 * 72 / 25.4, 60 * 72 / 25.4


class TaggedTable(Table):
    """A table whose rules and shading are artifacts (decoration)."""

    def _artifact(self, draw):
        tagger = getattr(self.canv, "tagger", None)
        if tagger is not None:
            tagger.artifact(self.canv)
        draw()
        if tagger is not None:
            tagger.end(self.canv)

    def _drawBkgrnd(self):
        self._artifact(super()._drawBkgrnd)

    def _drawLines(self):
        self._artifact(super()._drawLines)


class Drawing:
    """Turns a layout plan into platypus flowables, and into the structure
    tree of the tagged PDF (:mod:`.pdf_tags`). One instance per document."""

    def __init__(self, form, writer, tagger):
        self.form, self.writer, self.tagger = form, writer, tagger
        self.st = _styles(hyphenation(form.language) or "")
        self.doc = tagger.root

    def para(self, text: str, style: str, elem) -> Paragraph:
        return TaggedParagraph(escape(text).replace("\n", "<br/>"), self.st[style], elem)

    def story(self) -> list:
        f = self.form
        story = []
        for block in f.layout.blocks:
            kind = block.kind
            if kind == "logo":
                story.append(Logo(f.logo_image, self.doc.add("Figure", alt=f.logo_alt)))
            elif kind == "title":
                story.append(self.para(block.text, "title", self.doc.add("H1")))
            elif kind == "intro":
                story.append(self.para(block.text, "intro", self.doc.add("P")))
            elif kind == "correction":
                story.append(self.para(block.text, "correction", self.doc.add("P")))
            elif kind == "heading":
                story.append(self.para(block.text, "heading", self.doc.add("H2")))
            elif kind == "text":
                story += self.paragraphs(block.text, self.doc)
            elif kind == "fields":
                story += [self.free_fields(block), Spacer(1, 8)]
            elif kind == "table":
                story += [self.table(block), Spacer(1, 8)]
            elif kind == "legend":
                story += self.legend(f.legend)
        story.append(_Identity(self.writer, self.doc))
        return story

    def cell(self, cell, elem):
        """What one plan cell holds, as flowables (or a string), tagged under ``elem``."""
        if cell.covered:
            return ""
        if cell.slots:
            return Slots(self.writer, cell, elem)
        if cell.item is not None:
            return self.item_cell(cell.item, elem)
        if cell.style == "text":
            return self.paragraphs(cell.text, elem)
        if cell.help:            # the label, and under it the field's help
            return [self.para(cell.text, cell.style, elem.add("P")),
                    self.para(cell.help, "help_c" if cell.style == "head_c" else "help",
                              elem.add("P"))]
        return self.para(cell.text, cell.style, elem.add("P")) if cell.text else ""

    def paragraphs(self, text: str, elem) -> list:
        """``text``'s paragraphs (a blank line between two), each a ``P``."""
        return [self.para(p, "text", elem.add("P")) for p in paragraphs(text)]

    def free_fields(self, block) -> Table:
        group = self.doc.add("Div")
        rows, style = [], [("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 2),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        for c in range(0, len(block.columns), 2):     # label | field (| label | field)
            style += [("LEFTPADDING", (c, 0), (c, -1), 0 if c == 0 else
                       SECOND_LABEL_PAD - LABEL_PAD),
                      ("RIGHTPADDING", (c, 0), (c, -1), LABEL_PAD),
                      ("LEFTPADDING", (c + 1, 0), (c + 1, -1), CELL_PAD),
                      ("RIGHTPADDING", (c + 1, 0), (c + 1, -1), CELL_PAD)]
        for r, row in enumerate(block.rows):
            cells = []
            for c, cell in enumerate(row.cells):
                if cell.span > 1:
                    style.append(("SPAN", (c, r), (c + cell.span - 1, r)))
                if cell.field_id:
                    ff = self.form.field_index.get(cell.field_id)
                    cells.append(self.cell(cell, Elem("Div", group,
                                                      alt=ff.tooltip if ff else None)))
                else:
                    cells.append(self.cell(cell, group))
            rows.append(cells)
        t = TaggedTable(rows, colWidths=list(block.columns), hAlign="LEFT")
        t.setStyle(TableStyle(style))
        return t

    def table(self, block) -> Table:
        table = self.doc.add("Table")
        rows = []
        for r, row in enumerate(block.rows):
            tr = table.add("TR")
            cells = []
            for cell in row.cells:
                if cell.covered:
                    cells.append("")
                    continue
                spans = {"colspan": cell.span, "rowspan": cell.rowspan}
                if r < block.header_rows:
                    elem = tr.add("TH", scope="Column" if row.kind != "section" else "Row",
                                  **spans)
                else:
                    ff = self.form.field_index.get(cell.field_id or "")
                    elem = tr.add("TD", alt=ff.tooltip if ff else None, **spans)
                cells.append(self.cell(cell, elem))
            rows.append(cells)
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
        t = TaggedTable(rows, colWidths=list(block.columns), repeatRows=block.header_rows,
                        splitByRow=1)
        t.setStyle(TableStyle(style))
        return t

    def item_cell(self, item, elem) -> list:
        f, st = self.form, self.st
        head = f"<b>{escape(item.code)}</b> {escape(f.item_label)} <b>{escape(item.title)}</b>"
        cell = [TaggedParagraph(head, st["item"], elem.add("P"))]
        if item.description:
            label = f"<i>{escape(f.description_label)}</i> " if f.description_label else ""
            cell.append(TaggedParagraph(label + escape(item.description), st["desc"],
                                        elem.add("P")))
        return cell

    # -- legend --------------------------------------------------------------
    def legend(self, legend) -> list:
        """The legend as a list (L > LI > Lbl, LBody): its title stays with the
        first entry, an entry stays whole."""
        listing = self.doc.add("L")
        blocks = []
        for entry in legend.entries:
            li = listing.add("LI")
            body = Elem("LBody", None)
            block = [self.para(entry.term, "term", li.add("Lbl"))]
            li.kids.append(body)
            body.parent = li
            block += [self.para(line, "line", body.add("P")) for line in entry.lines]
            blocks.append(block)
        if legend.title and blocks:
            blocks[0].insert(0, self.para(legend.title, "legend_title", self.doc.add("H2")))
            # the title before the list in reading order
            self.doc.kids.remove(listing)
            self.doc.kids.append(listing)
        return [KeepTogether(block) for block in blocks]


@lru_cache(maxsize=256)
def _qr_runs(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of ``text`` as (size, dark runs ``(row, col, length)``).

    Encoded once per text (:mod:`formgen.render.qr`) and drawn as one path:
    reportlab's QR widget builds a shape per module, which cost more than
    the rest of the page.
    """
    from .qr import runs

    n, dark = runs(text)
    return n, tuple(dark)


def qr_size(text: str) -> float:
    """The printed size of the QR code of ``text``: :data:`QR_MODULE` per
    module, at most :data:`QR_MAX`."""
    n, _ = _qr_runs(text)
    return min(QR_MAX, n * QR_MODULE)


#: The copy id a page's QR square has room for (``k`` and 11 hex digits).
COPY_ROOM = 12


def qr_square(form_id: str, version: str, page: int) -> float:
    """The side of a page's QR square: room for a copy id, so that a
    prefilled copy's QR code (with its id) replaces the blank one in the
    same square, and a scan reader knows the square from the code's text."""
    return qr_size(qr_text(form_id, version, page, "n" * COPY_ROOM))


def qr_ops(text: str, x: float, y: float, size: float) -> str:
    """The QR code of ``text`` filling the square at (x, y), as PDF operators:
    an image mask of one sample per module, painted black, unsmoothed (what
    a prefill writes 3,000 of: a few hundred bytes each, no path to build)."""
    from .qr import image_mask

    n, samples = image_mask(text)
    return (f"q {_num(size)} 0 0 {_num(size)} {_num(x)} {_num(y)} cm 0 g "
            f"BI /W {n} /H {n} /IM true /BPC 1 /D [1 0] /I false /F /AHx ID {samples}> EI Q")


def _draw_qr(canv, text: str, x: float, y: float, size: float) -> None:
    n, runs = _qr_runs(text)
    m = size / n
    path = canv.beginPath()
    for r, c, length in runs:
        path.rect(x + c * m, y + size - (r + 1) * m, length * m, m)
    canv.drawPath(path, stroke=0, fill=1)


def fit_line(text: str, font: str, size: float, width: float, keep: str = "") -> str:
    """``text`` as it fits ``width``: whole, or shortened with an ellipsis
    before ``keep`` (its end, kept whole), so the footer never runs into the
    QR code."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    if stringWidth(text, font, size) <= width:
        return text
    head = text[:len(text) - len(keep)] if keep and text.endswith(keep) else text
    tail = text[len(head):]
    def cut(h: str) -> str:
        return h.rstrip(" ,;:-–") + "…" + tail
    while head and stringWidth(cut(head), font, size) > width:
        head = head[:-1]
    return cut(head)


def draw_marks(canv) -> None:
    """The four registration marks a scan reader finds the page by."""
    canv.setFillColor(colors.black)
    half = MARK_SIZE / 2
    for cx, cy in mark_centres():
        canv.rect(cx - half, cy - half, MARK_SIZE, MARK_SIZE, stroke=0, fill=1)


def _footer(form, copy_id: str | None = None, pages: int | None = None):
    """Draws what every page carries: the registration marks, the footer
    (title, version, page X of Y) and the page's QR code (form, version,
    page and, on a print pack's copy, the copy's own id).

    With ``pages`` (a print pack, drawn at the end of each page), the copy
    and its first page come from the canvas' ``print_copy``, and a page of
    no copy (padding to whole sheets) stays empty."""
    version = i18n.text(form, "version", version=form.version)
    parts = i18n.template_parts(i18n.text(form, "page"))

    def draw(canv, doc):
        page, copy = canv.getPageNumber(), copy_id
        if pages is not None:
            copy, first = canv.print_copy
            if copy is None:
                return
            page = page - first + 1
        qr = qr_text(form.id, form.version, page, copy)
        size = qr_square(form.id, form.version, page)
        tagger = getattr(canv, "tagger", None)
        if tagger is not None:           # marks, footer, page numbers, QR code: pagination
            tagger.artifact(canv)
        canv.saveState()
        draw_marks(canv)
        y = MARGIN_BOTTOM - 12 * mm
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        qx, qy = qr_box(size)
        canv.line(FOOTER_X, y + 9 * mm, qx - 3 * mm, y + 9 * mm)
        canv.line(qx + size + 3 * mm, y + 9 * mm, A4[0] - FOOTER_X, y + 9 * mm)
        canv.setFont(SANS, 7.5)
        canv.setFillColor(colors.black)
        canv.drawString(FOOTER_X, y + 4 * mm,
                        fit_line(f"{form.title} · {version}", SANS, 7.5, qx - 3 * mm - FOOTER_X,
                                 keep=f" · {version}"))
        x = FOOTER_X
        for literal, name in parts:
            if literal:
                canv.drawString(x, y, literal)
                x += canv.stringWidth(literal, SANS, 7.5)
            if name == "page":
                canv.drawString(x, y, str(page))
                x += canv.stringWidth(str(page), SANS, 7.5)
            elif name == "pages" and pages is not None:
                canv.drawString(x, y, str(pages))
                x += canv.stringWidth(str(pages), SANS, 7.5)
            elif name == "pages":      # the total is known only at the end: a form
                canv.saveState()
                canv.translate(x, y)
                canv.doForm(PAGE_COUNT_FORM)
                canv.restoreState()
                x += canv.stringWidth("00", SANS, 7.5)
        # A form XObject per page: a prefilled copy puts its own id in it, and
        # a print pack's next copy draws the same page with its own
        canv.formgen_qr[canv.getPageNumber()] = (qr, qx, qy, size)
        canv.doForm(f"{QR_FORM}{canv.getPageNumber()}")
        number = copy_number(copy) if pages is not None else None
        if number is not None:       # a numbered copy says which, for a person: a form too
            canv.formgen_copy[canv.getPageNumber()] = (
                i18n.text(form, "copy_number", n=number), qx + size + 5 * mm, y + 4 * mm)
            canv.doForm(f"{COPY_FORM}{canv.getPageNumber()}")
        canv.restoreState()
        if tagger is not None:
            tagger.end(canv)

    return draw


def document(form, out, **page_hooks) -> BaseDocTemplate:
    """The A4 document of ``form`` writing into ``out``: its metadata (title,
    identity in the keywords, language) and one page template whose body
    frame leaves room for the marks and the footer; ``page_hooks`` are the
    template's ``onPage`` / ``onPageEnd``."""
    doc = BaseDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=form.title, author="formgen",
        subject=f"{form.id} {i18n.text(form, 'version', version=form.version)}",
        keywords=identity_keywords(form.identity), creator="formgen", lang=form.language,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="form", frames=[frame], **page_hooks)])
    return doc


def render_pdf(form, values: dict | None = None, locked=(), writer_class=FieldWriter,
               writer=None, copy: str | None = None, qr_copy: str | None = None) -> bytes:
    """The fillable PDF of ``form`` as bytes.

    ``values`` prefills fields (field id -> value), ``locked`` makes the
    named fields read-only. ``writer_class`` lets benchmarks swap in
    another widget writer for the same layout; ``writer`` passes one in,
    to look at what it recorded afterwards (see :mod:`.pdf_prefill`).
    ``qr_copy`` is a copy id for every page's QR code (a print pack's copy).
    """
    _register_fonts()
    if writer is None:
        writer = writer_class(form, values=form.check_values(values or {}), locked=locked)
        writer.copy = copy
    out = io.BytesIO()
    doc = document(form, out, onPage=_footer(form, qr_copy))

    tagger = Tagger(form.language, form.title)
    writer.tagger = tagger

    def canvasmaker(*args, **kwargs):
        canv = _FormCanvas(*args, **kwargs)
        canv.setViewerPreference("DisplayDocTitle", "true")
        canv.field_writer = writer
        canv.tagger = tagger
        return canv

    story = Drawing(form, writer, tagger).story()
    doc.build(story, canvasmaker=canvasmaker)
    return out.getvalue()
