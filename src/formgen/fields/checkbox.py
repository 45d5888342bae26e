"""``checkbox``: ticked or not; exported as ``true``/``false``."""

from __future__ import annotations

from typing import Literal

from ..layout import BOX, SlotPlan
from .base import Counted, FieldType, doc
from ..errors import ValueProblem

#: Words a class list may use for ticked and not ticked.
TRUE = {"ja", "j", "yes", "y", "x", "true", "waar", "1", "✓", "☒"}
FALSE = {"nee", "n", "no", "false", "onwaar", "0", ""}


class CheckboxField(Counted, FieldType):
    """Ticked or not."""

    type: Literal["checkbox"] = doc("Ticked or not; exported as true or false.")

    raw_kind = "button"
    exported_as = "`true` / `false`"

    def sample_value(self):
        return True

    def empty(self):
        return False

    def parse(self, raw: str):
        word = raw.strip().casefold()
        if word in TRUE:
            return True
        if word in FALSE:
            return False
        raise ValueProblem("value_not_yes_no", value=repr(raw))

    def check(self, value):
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            return self.parse(value)
        raise ValueError(f"a checkbox takes true or false, not {value!r}")

    def export(self, value):
        return bool(value)

    def answers(self, words):
        return [("ja", words["yes"])]       # and "empty": not ticked

    def content_problems(self, column=False):
        return self.count_problems(column, None)

    def count_keys(self, paired=False):
        return ["ticked"]

    def counts(self, value, partner_filled):
        return ["ticked"] if value is True else []

    def count_head(self, key, label, named, words):
        return label

    def tick(self, value):
        return value is True

    def column_width(self, metrics):
        return 17 * 72 / 25.4 - 4

    def cell_slots(self, field_id, width, metrics, words):
        return [SlotPlan(field_id, self.type, 0.0, 2.0, BOX, BOX, "box")]

    def pdf_widget(self, writer, canv, ff, slot, rect, value):
        writer.outline(canv, rect, "box")
        writer.checkbox_field(canv, ff, rect, value is True)

    def pdf_prefill(self, update, entry, value, lock):
        update.checkbox(entry, value is True, lock)

    def docx_control(self, ff, slot, value, words):
        from ..render import _wordxml as wx
        return [wx.checkbox(ff.id, ff.label, value is True)]

    def read(self, ff, raw, resp):
        if raw is None or self.wrong_kind(ff, raw, resp):
            return False
        return bool(raw.value)

    def read_scan(self, ff, marks):
        mark = marks[0]
        if mark.state == "unsure":                # never guessed: a person looks
            return self.empty(), "unsure"
        return mark.state == "ticked", None       # filled in completely: cancelled

    def read_docx_cell(self, ff, cell, words):
        from ..readers.docx import cell_checkbox_field
        return cell_checkbox_field(ff, cell)


#: The type this module defines (the registry reads it).
FIELD = CheckboxField
