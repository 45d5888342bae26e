"""``text``: one line of text. Also the base of every type stored as text
in the PDF and Word file (``textarea``, ``date``, ``number``)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Optional

from ..record import Between

from ..layout import MM, TEXT_HEIGHT, SlotPlan
from .base import FieldType, doc
from ..errors import ValueProblem


class TextLike(FieldType):
    """What every text-stored type shares: a PDF text field, a Word text
    control, text in every raw reader."""

    raw_kind = "text"
    #: Whether the PDF field and Word control take several lines.
    multiline: ClassVar[bool] = False
    #: Font size of the typed text in the PDF.

    def read_scan(self, ff, marks):
        return self.handwritten(marks)

    def empty(self):
        return ""

    def text_of(self, value) -> str:
        """The text a filled PDF or Word field shows for ``value``."""
        return "" if value is None else str(value)

    def hint(self, words) -> str:
        """Grey text a blank field shows (``placeholder``)."""
        return getattr(self, "placeholder", "") or ""

    def slot_height(self) -> float:
        return TEXT_HEIGHT

    def slot_width(self, width: float) -> float:
        return width

    def cell_slots(self, field_id, width, metrics, words):
        return [SlotPlan(field_id, self.type, 0.0, 0.0, self.slot_width(width),
                         self.slot_height(), "text")]

    def pdf_widget(self, writer, canv, ff, slot, rect, value):
        writer.outline(canv, rect, "text")
        if slot.label:              # a word before the box ("Datum:")
            writer.option_label(canv, rect, slot)
        writer.text_field(canv, ff, rect, self.text_of(value), multiline=self.multiline,
                          max_length=getattr(self, "max_length", None),
                          hint=self.hint(writer.words))

    def pdf_prefill(self, update, entry, value, lock):
        update.text(entry, self.text_of(value), self.multiline, lock)

    def docx_control(self, ff, slot, value, words):
        from ..render import _wordxml as wx
        return self.labelled(slot, [wx.text_control(
            ff.id, ff.label, self.hint(words) or words["placeholder"], self.text_of(value),
            self.multiline)])

    def labelled(self, slot, controls: list) -> list:
        """``controls`` after the slot's word, if it has one ("Datum:")."""
        from ..render import _wordxml as wx
        return ([wx.run(slot.label + " ")] if slot.label else []) + controls

    def read(self, ff, raw, resp):
        if raw is None or self.wrong_kind(ff, raw, resp):
            return self.empty()
        return self.from_text(ff, raw.value or "", resp)

    def from_text(self, ff, text: str, resp):
        """Typed text from a returned file -> value (problems go to ``resp``)."""
        return text

    def read_docx_cell(self, ff, cell, words):
        from ..readers.docx import cell_text_field
        return cell_text_field(ff, cell, self.multiline)


class PlainText(TextLike):
    """Free text with an optional ``max_length`` (``text``, ``textarea``)."""

    def _normal(self, text: str) -> str:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text if self.multiline else " ".join(text.split("\n"))

    def parse(self, raw: str):
        limit = getattr(self, "max_length", None)
        if limit and len(raw) > limit:
            raise ValueProblem("value_too_long", limit=limit)
        return self._normal(raw)

    def check(self, value):
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValueError(f"a text field takes text, not {value!r}")
        return self.parse(value)

    def export(self, value):
        return value

    def column_width(self, metrics):
        return 45 * MM

    def from_text(self, ff, text, resp):
        text = self._normal(text)
        limit = getattr(self, "max_length", None)
        if limit and len(text) > limit:
            resp.add("too_long", ff.id, label=ff.label, limit=limit)
        return text


class TextField(PlainText):
    """A single line of text."""

    type: Literal["text"] = doc("A single line of text.")
    names_student = True
    max_length: Optional[Annotated[int, Between(ge=1)]] = doc(
        "At most this many characters (the PDF field refuses more; reading warns). "
        "A short limit also makes the box narrower.", 8, default=None)
    placeholder: str = doc("Grey text that an empty field shows (the PDF's blank field and "
                           "Word's placeholder).", "bijv. Jan de Vries", default="")

    def sample_value(self):
        return "Şükrü Yılmaz"[: self.max_length or None]

    def slot_width(self, width):
        if self.max_length and self.max_length <= 20:
            return min(width, max(30 * MM, self.max_length * 7.5 + 10))
        return width


#: The type this module defines (the registry reads it).
FIELD = TextField
