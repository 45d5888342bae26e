"""Render a :class:`~formgen.model.Form` as a fillable A4 PDF.

The PDF draws the form's page plan (``form.pages``: :mod:`formgen.layout`
lays the form out, :mod:`formgen.layout_pages` puts it on pages), page by
page (:mod:`.pdf_draw`); wherever the plan has field slots, each slot goes
to its field type, which draws the printed outline and adds the widget
through a :class:`~formgen.render.pdf_fields.FieldWriter`. Table header
rows repeat on every page and a row never splits.
"""

from __future__ import annotations

import io
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .. import i18n
from ..layout import (  # noqa: F401  (COPY_ROOM, qr_size: imported from here too)
    COPY_ROOM,
    FOOTER_X,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MARK_SIZE,
    QR_MAX,
    QR_MODULE,
    SANS,
    SANS_BOLD,
    mark_centres,
    qr_box,
    qr_size,
    qr_square,
    qr_squares,
    register_fonts,
)
from ..names import copy_number, qr_text
from .pdf_draw import GRID, SHADE, draw_pages, new_canvas, structure  # noqa: F401
from .pdf_fields import FieldWriter, _num
from .pdf_tags import Tagger, _patch_to_unicode

_patch_to_unicode()

PAGE_COUNT_FORM = "formgenPageCount"
#: The QR code of page N is the form XObject ``formgenQR<N>``.
QR_FORM = "formgenQR"
#: The form XObject of a numbered copy's number ("exemplaar 7"), per page.
COPY_FORM = "formgenCopy"
_register_fonts = register_fonts


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


@lru_cache(maxsize=256)
def _qr_runs(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of ``text`` as (size, dark runs ``(row, col, length)``).

    Encoded once per text (:mod:`formgen.qr`) and drawn as one path:
    reportlab's QR widget builds a shape per module, which cost more than
    the rest of the page.
    """
    from ..qr import runs

    n, dark = runs(text)
    return n, tuple(dark)


def qr_ops(text: str, x: float, y: float, size: float) -> str:
    """The QR code of ``text`` filling the square at (x, y), as PDF operators:
    an image mask of one sample per module, painted black, unsmoothed (what
    a prefill writes 3,000 of: a few hundred bytes each, no path to build)."""
    from ..qr import image_mask

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


def escape(text: str) -> str:
    """Text as reportlab paragraph markup (``&``, ``<`` and ``>`` escaped), for
    the office's PDFs that reportlab's platypus lays out (review sheet, report)."""
    from html import escape as _escape
    return _escape(text, quote=False)


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
        tx, ty, side = qr_squares(size)["top"]     # the same form, smaller, at the top
        canv.saveState()
        canv.translate(tx - qx * side / size, ty - qy * side / size)
        canv.scale(side / size, side / size)
        canv.doForm(f"{QR_FORM}{canv.getPageNumber()}")
        canv.restoreState()
        number = copy_number(copy) if pages is not None else None
        if number is not None:       # a numbered copy says which, for a person: a form too
            canv.formgen_copy[canv.getPageNumber()] = (
                i18n.text(form, "copy_number", n=number), qx + size + 5 * mm, y + 4 * mm)
            canv.doForm(f"{COPY_FORM}{canv.getPageNumber()}")
        canv.restoreState()
        if tagger is not None:
            tagger.end(canv)

    return draw


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
    form.pages                    # content higher than a page: a clear error, before drawing
    if writer is None:
        writer = writer_class(form, values=form.check_values(values or {}), locked=locked)
        writer.copy = copy
    out = io.BytesIO()
    tagger = Tagger(form.language, form.title)
    writer.tagger = tagger
    canv = new_canvas(form, out, _FormCanvas)
    canv.field_writer = writer
    canv.tagger = tagger
    footer = _footer(form, qr_copy)
    draw_pages(canv, form, writer, tagger, structure(form, tagger.root),
               on_page=lambda c: footer(c, None))
    canv.save()
    return out.getvalue()
