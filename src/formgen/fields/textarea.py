"""``textarea``: several lines of text; a remarks column per row is the common case."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Optional

from ..record import Between

from .base import doc
from .text import PlainText

LINE_PITCH = 12.0


class TextAreaField(PlainText):
    """Several lines of text; ``lines`` sets the height of the box on paper."""

    type: Literal["textarea"] = doc("Several lines of text.")
    lines: Annotated[int, Between(ge=2, le=30)] = doc(
        "The height of the box, in lines of handwriting (2 to 30).", 4, default=4)
    max_length: Optional[Annotated[int, Between(ge=1)]] = doc(
        "At most this many characters.", 500, default=None)
    placeholder: str = doc("Grey text that an empty field shows.", default="")

    multiline: ClassVar[bool] = True

    def sample_value(self):
        return "Zoë d’Hondt schreef:\nŁódź, İzmir — geëvalueerd"[: self.max_length or None]

    def slot_height(self):
        return self.lines * LINE_PITCH + 6


#: The type this module defines (the registry reads it).
FIELD = TextAreaField
