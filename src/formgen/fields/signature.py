"""``signature``: a space to sign. On paper a ruled box with the label; in
the PDF an empty signature field over the box, for readers that sign; in
Word a control to type or paste a signature into. Reading reports whether a
signature is there (``true`` / ``false``); it does not verify it. With
``date: true`` a date field ``<id>_datum`` comes along under the box: typed
on screen, written on paper, read back as any date field."""

from __future__ import annotations

from typing import Literal

from ..layout import GAP, MM, OPTION_SIZE, TEXT_HEIGHT, SlotPlan
from .base import FieldType, doc
from .date import DateField
from ..errors import ValueProblem

BOX_HEIGHT = 42.0
#: The date field's id: the signature's id and this.
DATE_SUFFIX = "_datum"


class SignatureField(FieldType):
    """A space to sign."""

    type: Literal["signature"] = doc("A space to sign; reading reports whether it is signed.")
    date: bool = doc("A date field under the signature box, id '<id>_datum': typed on screen, "
                     "written on paper, read back and exported as a date.", default=False)

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

    def companions(self, field_id, label, words):
        if not self.date:
            return []
        cid = field_id + DATE_SUFFIX
        return [(cid, DateField(id=cid, type="date", label=words["signature_date"]),
                 f"{label}: {words['signature_date'].lower()}")]

    def cell_slots(self, field_id, width, metrics, words):
        slots = [SlotPlan(field_id, self.type, 0.0, 0.0, min(width, 90 * MM), BOX_HEIGHT,
                          "signature")]
        if self.date:        # "Datum: [__-__-____]" under the box
            word = words["signature_date"] + ":"
            lw = metrics.width(word, OPTION_SIZE)
            x = lw + GAP + 2
            slots.append(SlotPlan(field_id + DATE_SUFFIX, "date", x, BOX_HEIGHT + 4,
                                  min(30 * MM, width - x), TEXT_HEIGHT, "text", label=word,
                                  label_x=0.0, label_width=lw))
        return slots

    def pdf_widget(self, writer, canv, ff, slot, rect, value):
        writer.outline(canv, rect, "signature")
        writer.signature_field(canv, ff, rect)

    def pdf_prefill(self, update, entry, value, lock):
        if lock:
            update.lock(entry)

    def docx_control(self, ff, slot, value, words):
        from ..render import _wordxml as wx
        out = [wx.rich_control(ff.id, ff.label)]
        if self.date:          # room to sign above the date, as on paper
            out += [wx.line_break(), wx.line_break()]
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
