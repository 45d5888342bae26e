"""``dropdown``: one of ``options`` from a list, for long lists of options
(a PDF combo box, a Word drop-down list)."""

from __future__ import annotations

from typing import Literal

from ..layout import MM, TEXT_HEIGHT, LayoutError, SlotPlan
from .base import doc
from .choice import OptionsLike

ARROW = 14.0      # the printed ▼ at the box's right end


class DropdownField(OptionsLike):
    """One of ``options``, picked from a list."""

    type: Literal["dropdown"] = doc("One of the options, picked from a drop-down list.")

    raw_kind = "choice"

    def _widest(self, metrics) -> float:
        return max(metrics.width(o.long, 10) for o in self.options) + ARROW + 8

    def column_width(self, metrics):
        return max(30 * MM, self._widest(metrics))

    def cell_slots(self, field_id, width, metrics, words):
        need = max(40 * MM, self._widest(metrics))
        if min(need, width) < self._widest(metrics) - 1:
            raise LayoutError(f"the longest option needs {self._widest(metrics) / MM:.0f} mm, "
                              f"the field has {width / MM:.0f} mm",
                              "shorten the options' titles")
        return [SlotPlan(field_id, self.type, 0.0, 0.0, min(need, width), TEXT_HEIGHT, "combo")]

    def pdf_widget(self, writer, canv, ff, slot, rect, value):
        writer.outline(canv, rect, "combo")
        writer.combo_field(canv, ff, rect, [(o.value, o.long) for o in self.options], value)

    def pdf_prefill(self, update, entry, value, lock):
        o = self.option(value)
        update.combo(entry, value, o.long if o else "", lock)

    def docx_control(self, ff, slot, value, words):
        from ..render import _wordxml as wx
        return [wx.dropdown_control(ff.id, ff.label, [(o.value, o.long) for o in self.options],
                                    value, words["placeholder"])]

    def read_scan(self, ff, marks):
        return self.handwritten(marks)      # on paper, the answer is written in its box

    def read(self, ff, raw, resp):
        if raw is None or not raw.value:
            return None
        if raw.kind not in ("choice", "text") and self.wrong_kind(ff, raw, resp):
            return None
        text = str(raw.value).strip()
        for o in self.options:               # the export value, else the shown text
            if text in (o.value, o.long, o.label):
                return o.value
        resp.add("unknown_choice", ff.id, label=ff.label, value=text)
        return None

    def read_docx_cell(self, ff, cell, words):
        from ..readers.docx import cell_text_field
        return cell_text_field(ff, cell, False)


#: The type this module defines (the registry reads it).
FIELD = DropdownField
