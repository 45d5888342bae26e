"""``date``: a calendar date. Typed as ``12-3-2025``, ``12/03/2025`` or
``2025-03-12``; exported as ISO ``2025-03-12``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from ..layout import MM
from .base import doc
from .text import TextLike
from ..errors import ValueProblem

_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:T[\d:.]+Z?)?\s*$")


def parse_date(text: str) -> dt.date:
    """``12-3-2025``, ``12/03/2025``, ``12.03.2025`` (day first) or ISO ``2025-03-12``."""
    m = _ISO.match(text)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = _DMY.match(text)
        if not m:
            raise ValueProblem("value_not_date", value=repr(text))
        d, mo, y = map(int, m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ValueProblem("value_no_such_date", value=repr(text)) from None


class DateField(TextLike):
    """A date; the blank field shows the format (``dd-mm-jjjj`` in Dutch)."""

    type: Literal["date"] = doc("A date: typed as 12-03-2025 or 2025-03-12, exported as "
                                "ISO 2025-03-12. The blank field shows the format in grey.")

    exported_as = "ISO date `2025-03-12`"

    def sample_value(self):
        return dt.date(2025, 3, 12)

    def empty(self):
        return None

    def parse(self, raw: str):
        return parse_date(raw) if raw.strip() else None

    def check(self, value):
        if value is None or isinstance(value, dt.date):
            return value.date() if isinstance(value, dt.datetime) else value
        if isinstance(value, str):
            return self.parse(value)
        raise ValueError(f"a date field takes a date, not {value!r}")

    def export(self, value):
        return value.isoformat() if isinstance(value, dt.date) else value

    def cells(self, exported):
        """An ISO date becomes a date cell (Excel sorts and filters it as one)."""
        if isinstance(exported, str):
            try:
                return [dt.date.fromisoformat(exported)]
            except ValueError:
                pass
        return [exported]

    def text_of(self, value):
        if isinstance(value, dt.date):
            return value.strftime("%d-%m-%Y")
        return "" if value is None else str(value)

    def hint(self, words):
        return words["date_hint"]

    def column_width(self, metrics):
        return 28 * MM

    def slot_width(self, width):
        return min(width, 30 * MM)

    def docx_control(self, ff, slot, value, words):
        from ..render import _wordxml as wx
        return self.labelled(slot, [wx.date_control(
            ff.id, ff.label, value if isinstance(value, dt.date) else None,
            words["date_placeholder"], words["date_format"], words["language"])])

    def from_text(self, ff, text, resp):
        if not text.strip():
            return None
        try:
            return parse_date(text)
        except ValueError:
            resp.add("not_a_date", ff.id, label=ff.label, value=text.strip())
            return text.strip()


#: The type this module defines (the registry reads it).
FIELD = DateField
