"""``signature``: a space to sign. On paper a ruled box with the label (and
a date line with ``date: true``); in the PDF an empty signature field over
the box, for readers that sign; in Word a control to type or paste a
signature into. Reading reports whether a signature is there (``true`` /
``false``); it does not verify it."""

from __future__ import annotations

from typing import Literal

from ..layout import MM, SlotPlan
from .base import FieldType, doc
from ..errors import ValueProblem

BOX_HEIGHT = 42.0
DATE_LINE = 18.0


class SignatureField(FieldType):
    """A space to sign."""

    type: Literal["signature"] = doc("A space to sign; reading reports whether it is signed.")
    date: bool = doc("Print a date line under the signature box.", default=False)

    raw_kind = "signature"
    exported_as = "`true` / `false` (signed or not)"

    def sample_value(self):
        return False          # no engine the tests drive can sign; see tests

    def empty(self):
        return False

    def parse(self, raw: str):
        if raw.strip():
            raise ValueProblem("value_signature")
        return False

    def check(self, value):
        if value in (None, False):
            return False
        if isinstance(value, str):
            return self.parse(value)
        raise ValueError("a signature cannot be prefilled")

    def export(self, value):
        return bool(value)

    def column_width(self, metrics):
        return 40 * MM

    def cell_slots(self, field_id, width, metrics, language):
        height = BOX_HEIGHT + (DATE_LINE if self.date else 0)
        return [SlotPlan(field_id, self.type, 0.0, 0.0, min(width, 90 * MM), height,
                         "signature")]

    def pdf_widget(self, writer, canv, ff, slot, rect, value):
        x0, y0, x1, y1 = rect
        box = (x0, y0 + (DATE_LINE if self.date else 0), x1, y1)
        writer.outline(canv, box, "signature")
        if self.date:
            writer.date_line(canv, (x0, y0, x1, y0 + DATE_LINE))
        writer.signature_field(canv, ff, box)

    def pdf_prefill(self, update, entry, value, lock):
        if lock:
            update.lock(entry)

    def docx_control(self, ff, slot, value, words):
        from ..render import _wordxml as wx
        out = [wx.rich_control(ff.id, ff.label)]
        if self.date:     # the date line under the box, as on the PDF
            out += [wx.line_break(), wx.line_break(),
                    wx.run(f"{words['signature_date']}: " + "_" * 24)]
        return out

    def read_scan(self, ff, marks):
        return any(m.state != "empty" for m in marks), None    # signed on paper, or not

    def read(self, ff, raw, resp):
        if raw is None:
            return False
        if raw.kind == "signature":
            return bool(raw.value)
        if raw.kind == "text":            # Word: anything typed or pasted in the control
            return bool(str(raw.value or "").strip())
        self.wrong_kind(ff, raw, resp)
        return False

    def read_docx_cell(self, ff, cell, words):
        from ..readers.docx import cell_signature_field
        return cell_signature_field(ff, cell)


#: The type this module defines (the registry reads it).
FIELD = SignatureField
