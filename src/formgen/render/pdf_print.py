"""The print pack: one static PDF for the printer, one copy of the form per
student (or N numbered copies), each page with its copy's own id in its QR
code, each copy starting on a new sheet when printed double-sided.

The pages are the fillable form's own layout plan, drawn by
:class:`PrintWriter`: the outlines the fillable form prints, and the
prefilled values as plain text, but no widgets, so every engine prints the
same page and a scan reader finds every box where the plan put it.
"""

from __future__ import annotations

import io
import secrets

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit

from ..layout import SANS
from .. import i18n
from ..names import copy_number, qr_text
from .pdf import COPY_FORM, QR_FORM, _footer, _FormCanvas, _register_fonts
from .pdf_draw import draw_pages, new_canvas, structure
from .pdf_fields import TEXT_SIZE, TEXTAREA_SIZE, FieldWriter
from .pdf_tags import Tagger


class PrintWriter(FieldWriter):
    """Draws fields as they look on paper, in the page content: the
    outline (drawn by each field type) and a prefilled value; no widgets."""

    def text_field(self, canv, ff, rect, value: str, multiline=False, max_length=None,
                   hint: str = "", comb: int = 0) -> None:
        if value and comb:              # a character in each cell, as a pen writes it
            cell = (rect[2] - rect[0]) / comb
            for k, ch in enumerate(value[:comb]):
                draw_text(canv, (rect[0] + k * cell, rect[1], rect[0] + (k + 1) * cell, rect[3]),
                          ch, TEXT_SIZE, False, centre=True)
        elif value:
            draw_text(canv, rect, value, TEXTAREA_SIZE if multiline else TEXT_SIZE, multiline)

    def checkbox_field(self, canv, ff, rect, on: bool) -> None:
        if on:
            _cross(canv, rect)

    def radio_kid(self, canv, ff, rect, option: str, chosen) -> None:
        if chosen == option:
            _cross(canv, rect)

    def checkbox_kid(self, canv, ff, rect, option: str, on: bool) -> None:
        if on:
            _cross(canv, rect)

    def combo_field(self, canv, ff, rect, options, chosen) -> None:
        if chosen:
            draw_text(canv, (rect[0], rect[1], rect[2] - 14, rect[3]),
                      dict(options).get(chosen, chosen), TEXT_SIZE, False)

    def signature_field(self, canv, ff, rect) -> None:
        pass

    def identity(self, canv) -> None:
        pass            # the identity is in the document keywords and every QR code

    def finish(self, canv) -> None:
        pass            # no AcroForm: a print pack has nothing to fill on screen


def draw_text(canv, rect, text: str, size: float, multiline: bool, centre: bool = False) -> None:
    """``text`` inside ``rect``, as a text field shows it (``centre``d); a
    line too long for the box is made smaller (down to 6 pt)."""
    x0, y0, x1, y1 = rect
    width = x1 - x0 - 4
    canv.saveState()
    canv.setFillColor(colors.black)
    if multiline:
        lines = simpleSplit(text, SANS, size, width)
        y = y1 - 2 - size
        canv.setFont(SANS, size)
        for line in lines:
            if y < y0 + 1:
                break
            canv.drawString(x0 + 2, y, line)
            y -= size * 1.15
    else:
        line = " ".join(text.split())
        while size > 6 and canv.stringWidth(line, SANS, size) > width:
            size -= 0.5
        canv.setFont(SANS, size)
        y = y0 + (y1 - y0 - size) / 2 + size * 0.22
        if centre:
            canv.drawCentredString((x0 + x1) / 2, y, line)
        else:
            canv.drawString(x0 + 2, y, line)
    canv.restoreState()


def _cross(canv, rect) -> None:
    """A printed answer: a cross in the box, as a pen would make it."""
    x0, y0, x1, y1 = rect
    d = (x1 - x0) * 0.2
    canv.saveState()
    canv.setLineWidth(1.2)
    canv.setStrokeColor(colors.black)
    canv.line(x0 + d, y0 + d, x1 - d, y1 - d)
    canv.line(x0 + d, y1 - d, x1 - d, y0 + d)
    canv.restoreState()


def numbered_ids(count: int, batch: str | None = None) -> list[str]:
    """Copy ids for ``count`` numbered copies: ``n<batch><number>``; one
    print run's batch (random unless given) keeps two runs apart."""
    batch = batch or secrets.token_hex(3)
    return [f"n{batch}{i:03d}" for i in range(1, count + 1)]


def page_count(form) -> int:
    """How many pages one copy of ``form`` has (from its page plan)."""
    return form.pages.count


def render_print_pack(form, copies: list[tuple[str, dict]], duplex: bool = True,
                      progress=None) -> bytes:
    """The print pack of ``copies`` = ``[(copy id, values)]`` as PDF bytes.

    Every copy has the form's pages, numbered from 1, its own id in every
    QR code, and (``duplex``) an empty page after an odd page count, so
    that the next copy starts on a new sheet. ``progress(copy id)`` is
    called as each copy starts to be drawn.

    Copies without values (numbered copies) differ only in their QR codes,
    so the first is laid out and the others repeat its pages' operators and
    structure, each with its own QR codes (30 copies: 0.2 s, not 2).
    """
    _register_fonts()
    pages = page_count(form)
    per_copy = pages + (1 if duplex and pages % 2 else 0)
    out = io.BytesIO()
    tagger = Tagger(form.language, form.title)
    repeat = [cid for cid, values in copies[1:]] if not any(v for _, v in copies) else []
    drawn = copies[:1] if repeat else copies
    canv = new_canvas(form, out, _PackCanvas)
    canv.tagger = tagger
    canv.print_copy = (None, 1)
    canv.repeat, canv.per_copy, canv.progress = repeat, per_copy, progress
    canv.form_id, canv.form_version = form.id, form.version
    canv.copy_words = i18n.text(form, "copy_number")
    footer = _footer(form, pages=pages)
    for copy_id, values in drawn:
        writer = PrintWriter(form, values=form.check_values(values or {}))
        writer.tagger = tagger
        first = canv.getPageNumber()
        canv.print_copy = (copy_id, first)
        if progress is not None:
            progress(copy_id)
        draw_pages(canv, form, writer, tagger, structure(form, tagger.root),
                   on_page_end=lambda c: footer(c, None))
        if duplex and pages % 2:          # an empty page: the next copy starts a sheet
            canv.print_copy = (None, canv.getPageNumber())
            canv.showPage()
    canv.save()
    return out.getvalue()


class _PackCanvas(_FormCanvas):
    """Keeps the operators of the first copy's pages, and at the end draws
    the copies in ``repeat`` with them: the same page, that copy's QR code."""

    repeat: list = []

    def showPage(self):
        if self.repeat and self.getPageNumber() <= self.per_copy:
            if not hasattr(self, "first_copy"):
                self.first_copy = []
            self.first_copy.append((list(self._code), list(self._formsinuse)))
        super().showPage()

    def save(self):
        first = getattr(self, "first_copy", [])
        for n, copy_id in enumerate(self.repeat, start=1):
            if self.progress is not None:
                self.progress(copy_id)
            offset = n * self.per_copy
            for index, (code, forms) in enumerate(first):
                page = index + 1
                qr = self.formgen_qr.get(page)
                if qr is not None:
                    self.formgen_qr[page + offset] = (
                        qr_text(self.form_id, self.form_version, page, copy_id), *qr[1:])
                number = self.formgen_copy.get(page)
                if number is not None:
                    self.formgen_copy[page + offset] = (
                        self.copy_words.format(n=copy_number(copy_id)), *number[1:])
                for prefix, kept in ((QR_FORM, qr), (COPY_FORM, number)):
                    if kept is None:
                        continue
                    old, new = f"{prefix}{page}", f"{prefix}{page + offset}"
                    code = [f"/FormXob.{new} Do" if line == f"/FormXob.{old} Do" else line
                            for line in code]
                    forms = [new if name == old else name for name in forms]
                # reportlab's page state, as drawing the page would leave it
                self._code, self._formsinuse = code, forms
                super().showPage()
            self.tagger.repeat(len(first), offset)
        super().save()
