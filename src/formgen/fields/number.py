"""``number``: a number, optionally with ``min``, ``max`` and ``decimals``.
Typed as ``3,5`` or ``3.5``; exported as a number (a numeric cell in XLSX)."""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal, Optional

from ..record import Between

from ..layout import MM
from .base import doc
from .text import TextLike
from ..errors import ValueProblem

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


class NumberField(TextLike):
    """A number; reading warns outside ``min``..``max``."""

    type: Literal["number"] = doc("A number: typed as 3,5 or 3.5, exported as a number.")
    min: Optional[float] = doc("The smallest value that makes sense (reading warns below it).",
                               1, default=None)
    max: Optional[float] = doc("The largest value that makes sense (reading warns above it).",
                               10, default=None)
    decimals: Optional[Annotated[int, Between(ge=0, le=6)]] = doc(
        "Digits after the decimal separator; 0 for whole numbers. Default: as typed.",
        1, default=None)

    exported_as = "a number"

    def sample_value(self):
        low = self.min if self.min is not None else 0
        high = self.max if self.max is not None else low + 10
        value = (low + high) / 2
        return self._round(value)

    def _round(self, value: float):
        if self.decimals == 0:
            return int(round(value))
        if self.decimals is not None:
            return round(value, self.decimals)
        return int(value) if float(value).is_integer() else value

    def empty(self):
        return None

    def _number(self, text: str) -> float | int:
        t = text.strip().replace(" ", "").replace("\u00a0", "")
        if not _NUMBER.match(t):
            raise ValueProblem("value_not_number", value=repr(text))
        return self._round(float(t.replace(",", ".")))

    def _in_range(self, value) -> bool:
        return not ((self.min is not None and value < self.min) or
                    (self.max is not None and value > self.max))

    def parse(self, raw: str):
        if not raw.strip():
            return None
        value = self._number(raw)
        if not self._in_range(value):
            raise ValueProblem("value_outside", value=raw.strip(), range=self._range())
        return value

    def _range(self) -> str:
        return f"{_fmt(self.min) if self.min is not None else '…'}–" \
               f"{_fmt(self.max) if self.max is not None else '…'}"

    def check(self, value):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValueError(f"a number field takes a number, not {value!r}")
        if isinstance(value, str):
            return self.parse(value)
        if not math.isfinite(value) or not self._in_range(value):
            raise ValueError(f"{value!r} is outside {self._range()}")
        return self._round(value)

    def export(self, value):
        return value

    def text_of(self, value):
        if value is None:
            return ""
        if isinstance(value, (int, float)):
            text = f"{value:.{self.decimals}f}" if self.decimals is not None else _fmt(value)
            return text
        return str(value)

    def column_width(self, metrics):
        return 20 * MM

    def slot_width(self, width):
        return min(width, 25 * MM)

    def from_text(self, ff, text, resp):
        if not text.strip():
            return None
        try:
            value = self._number(text)
        except ValueError:
            resp.add("not_a_number", ff.id, label=ff.label, value=text.strip())
            return text.strip()
        if not self._in_range(value):
            resp.add("out_of_range", ff.id, label=ff.label, value=text.strip(),
                     range=self._range())
        return value


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


#: The type this module defines (the registry reads it).
FIELD = NumberField
