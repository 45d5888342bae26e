"""``textarea``: several lines of text; a remarks column per row is the common case."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Optional

from pydantic import Field

from ..layout import MM
from .base import doc
from .text import TextLike

LINE_PITCH = 12.0


class TextAreaField(TextLike):
    """Several lines of text; ``lines`` sets the height of the box on paper."""

    type: Literal["textarea"] = doc("Several lines of text.")
    lines: Annotated[int, Field(ge=2, le=30)] = doc(
        "The height of the box, in lines of handwriting (2 to 30).", 4, default=4)
    max_length: Optional[Annotated[int, Field(ge=1)]] = doc(
        "At most this many characters.", 500, default=None)
    placeholder: str = doc("Grey text that an empty field shows.", default="")

    multiline: ClassVar[bool] = True

    def sample_value(self):
        return "Zoë d’Hondt schreef:\nŁódź, İzmir — geëvalueerd"[: self.max_length or None]

    def parse(self, raw: str):
        if self.max_length and len(raw) > self.max_length:
            raise ValueError(f"the text is longer than {self.max_length} characters")
        return raw.replace("\r\n", "\n").replace("\r", "\n")

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

    def slot_height(self):
        return self.lines * LINE_PITCH + 6

    def from_text(self, ff, text, resp):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if self.max_length and len(text) > self.max_length:
            resp.add("too_long", ff.id, label=ff.label, limit=self.max_length)
        return text
