"""``code``: a number of ``digits`` digits that names the student (a
student number), read from paper without anyone typing it.

On screen it is one text field of that many characters, spaced into a
row of cells (a comb field); in Word a text control. On paper the same
row of cells takes the digits written by hand, and under each cell a
column of ten circles, 0 to 9 from the top (labelled on the right), in
which the student colours in that digit: the scan reader reads the
number from the circles (a column with no circle or two coloured in makes
the field doubtful) and leaves the written digits to a person only when
no circle is coloured in.

Exported as text, leading zeros kept; matched to a class list with
leading zeros ignored, and alone (see :meth:`key_alone`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from ..record import Between

from ..errors import ValueProblem
from ..layout import BOX, GAP, MM, OPTION_SIZE, LayoutError, SlotPlan
from .base import doc
from .text import TextLike

#: A digit's column: its writing cell and its circles, this far apart (7 mm).
PITCH = 20.0
#: A writing cell's height (a digit written with a pen fits it).
WRITE_HEIGHT = 22.0
#: Between the writing cells and the first circle, and from circle to circle.
BELOW_CELLS, CIRCLE_ROW = 6.0, 17.0
#: Room right of the last column for the digits' labels.
LABELS = GAP + 8.0


class CodeField(TextLike):
    """A number of ``digits`` digits (a student number)."""

    type: Literal["code"] = doc(
        "A number of 'digits' digits, such as a student number: on screen a row of digit "
        "cells, on paper the same cells over a column of circles 0-9 per digit, which the "
        "scan reader reads. Put its id in key_fields to match paper returns to the class "
        "list by it.")
    digits: Annotated[int, Between(ge=1, le=12)] = doc(
        "How many digits (a shorter number is written with leading zeros).", 7)

    exported_as = "text of `digits` digits (leading zeros kept)"

    # -- value rules ------------------------------------------------------------
    def sample_value(self):
        return ("0123456789" * 2)[:self.digits]

    def _digits(self, raw: str) -> str | None:
        """``raw`` as the code (padded with leading zeros), None if it is not one."""
        text = "".join(str(raw).split())
        if not text.isdigit() or len(text) > self.digits:
            return None
        return text.zfill(self.digits)

    def parse(self, raw: str):
        if not str(raw).strip():
            return ""
        code = self._digits(raw)
        if code is None:
            raise ValueProblem("value_not_code", value=repr(raw), digits=self.digits)
        return code

    def check(self, value):
        if value is None:
            return ""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"a code takes digits, not {value!r}")
        return self.parse(value)

    def export(self, value):
        return value or ""

    def from_text(self, ff, text, resp):
        text = " ".join(text.split())
        if not text:
            return ""
        code = self._digits(text)
        if code is None:
            resp.add("not_a_code", ff.id, label=ff.label, value=text, digits=self.digits)
            return text
        return code

    def key_text(self, value) -> str:
        code = self._digits(value or "")
        if code is None:
            return super().key_text(value)
        return code.lstrip("0") or ("0" if code else "")

    def key_alone(self) -> bool:
        return True

    def content_problems(self, column=False):
        if column:
            return [("type", "a code cannot be a table column",
                     "put it among the form's fields (fields:)")]
        return []

    # -- layout and paper ---------------------------------------------------------
    def column_width(self, metrics):
        return self.digits * PITCH + LABELS + metrics.width("0", OPTION_SIZE)

    def cell_slots(self, field_id, width, metrics, words):
        need = self.column_width(metrics)
        if need > width:
            raise LayoutError(
                f"the {self.digits} digits need {need / MM:.0f} mm, the field has "
                f"{width / MM:.0f} mm", "make the field full width, or use fewer digits")
        slots = [SlotPlan(field_id, self.type, c * PITCH, 0.0, PITCH, WRITE_HEIGHT, "text",
                          option=str(c + 1)) for c in range(self.digits)]
        top = WRITE_HEIGHT + BELOW_CELLS
        last = (self.digits - 1) * PITCH + (PITCH - BOX) / 2
        for c in range(self.digits):
            x = c * PITCH + (PITCH - BOX) / 2
            for d in range(10):
                label = str(d) if c == self.digits - 1 else ""
                slots.append(SlotPlan(
                    field_id, self.type, x, top + d * CIRCLE_ROW, BOX, BOX, "circle",
                    option=f"{c + 1}-{d}", label=label, label_x=last + BOX + GAP,
                    label_width=metrics.width(label, OPTION_SIZE) if label else 0.0))
        return slots

    def slot_alt(self, ff, option):
        return ff.tooltip

    def paper_labels(self):
        return None

    # -- PDF: one comb field over the writing cells; the circles are print only ----
    def pdf_widget(self, writer, canv, ff, slot, rect, value):
        if slot.shape == "circle":
            writer.outline(canv, rect, "circle")
            if slot.label:
                writer.option_label(canv, rect, slot)
            return
        if slot.option != "1":          # the first cell draws the row
            return
        x0, y0, _, y1 = rect
        whole = (x0, y0, x0 + self.digits * PITCH, y1)
        writer.outline(canv, whole, "text")
        for c in range(1, self.digits):
            canv.line(x0 + c * PITCH, y0, x0 + c * PITCH, y1)
        writer.text_field(canv, ff, whole, self.text_of(value), comb=self.digits)

    def pdf_prefill(self, update, entry, value, lock):
        update.text(entry, self.text_of(value), False, lock)

    # -- Word: a text control --------------------------------------------------------
    def docx_control(self, ff, slot, value, words):
        if slot.option not in (None, "1"):
            return []
        from ..render import _wordxml as wx
        return [wx.text_control(ff.id, ff.label, words["placeholder"], self.text_of(value),
                                False)]

    # -- paper -------------------------------------------------------------------
    def read_scan(self, ff, marks):
        """The number from its circles: one coloured in (or ticked) in each
        column; a column with none or several, or one unsure, makes the field
        doubtful. No circle marked at all: the written digits (if any) go to
        a person."""
        columns: dict[int, list] = {c: [] for c in range(1, self.digits + 1)}
        written = False
        for m in marks:
            if "-" not in (m.option or ""):
                written = written or m.state == "ink"
                continue
            c, d = m.option.split("-")
            columns[int(c)].append((d, m))
        digits, doubt, seen = [], False, False
        for c in sorted(columns):
            chosen = [d for d, m in columns[c] if _coloured(m)]
            unsure = [d for d, m in columns[c] if m.state == "unsure" and not _coloured(m)]
            seen = seen or bool(chosen or unsure)
            if len(chosen) == 1 and not unsure:
                digits.append(chosen[0])
            else:
                doubt = True
        if not seen:
            return "", ("handwriting" if written else None)
        if doubt:
            return "", "code_unclear"
        return "".join(digits), None


def _coloured(mark) -> bool:
    """A circle marked the ways a student chooses a digit: ticked, coloured
    in completely (here no correction rule applies), or coloured in roughly
    (which on a box would be a scribble)."""
    return mark.state in ("ticked", "filled") or (
        mark.state == "unsure" and mark.why in ("filled_only", "scribble"))


#: The type this module defines (the registry reads it).
FIELD = CodeField
