"""Prefilled PDFs without laying the form out again.

:class:`PdfTemplate` renders the blank form once and remembers where every
field's dictionaries are. :meth:`PdfTemplate.fill` then appends an
incremental update to the blank file's bytes: new versions of the touched
field dictionaries (``/V``, ``/AS``, read-only flag) and one appearance
stream per filled text field, drawn in the form's own field font. Readers
apply incremental updates as a matter of course (every PDF editor saves
that way); the blank part, the identity field and the layout are shared
by every copy, so 1,000 copies cost 1,000 small appends, not 1,000 layouts.

pypdf 6 writes a chosen radio option as a string instead of a name
(py-pdf/pypdf#3549, #3630), which Acrobat and Chrome show as nothing
chosen; here ``/V`` and ``/AS`` are always names.
"""

from __future__ import annotations

import re
import zlib

from ..errors import RenderError
from .pdf import render_pdf
from .pdf_fields import (CHECKBOX_ON, FF_READ_ONLY, RESOURCE_NAME, FieldWriter, _num,
                         text_appearance_ops, text_string)


class PdfTemplate:
    """The blank PDF of a form, ready to be filled many times."""

    def __init__(self, form):
        self.form = form
        writer = FieldWriter(form)
        self.base = render_pdf(form, writer=writer)
        self.slots = writer.slots
        self.font = writer.font
        self.font_number = writer.font_number()
        tail = self.base[-2048:]
        self.prev = int(re.findall(rb"startxref\s+(\d+)", tail)[-1])
        trailer = self.base[self.base.rindex(b"trailer"):]
        self.size = int(re.search(rb"/Size (\d+)", trailer).group(1))
        self.root = re.search(rb"/Root (\d+ \d+ R)", trailer).group(1)
        info = re.search(rb"/Info (\d+ \d+ R)", trailer)
        self.info = info.group(1) if info else None
        ident = re.search(rb"/ID\s*\[\s*(<[0-9a-fA-F]*>)", trailer)
        self.first_id = ident.group(1) if ident else None

    def missing_letters(self, values: dict) -> dict[str, set[str]]:
        """Text values with letters the field font cannot draw (shown as ``?``)."""
        return {k: m for k, v in values.items()
                if isinstance(v, str) and (m := self.font.missing(v))}

    def fill(self, values: dict, locked=()) -> bytes:
        """The blank form with ``values`` (field id -> str / bool / option
        value) filled in; ``locked`` field ids become read-only."""
        objects: list[tuple[int, bytes]] = []
        next_number = self.size
        locked = set(locked)
        for field_id in {**{k: None for k in locked}, **values}:
            slot = self.slots.get(field_id)
            if slot is None:
                raise RenderError(f"the form has no field {field_id!r}",
                                  fix="use the field ids that 'formgen validate' lists")
            value = values.get(field_id)
            lock = field_id in locked
            kind = slot["type"]
            if kind in ("text", "textarea"):
                widget = dict(slot["widget"].entries)
                text = "" if value is None else str(value)
                if text:
                    w, h = slot["size"]
                    ops = text_appearance_ops(self.font, text, w, h, kind == "textarea")
                    objects.append((next_number, self._stream(w, h, ops)))
                    widget["AP"] = b"<< /N %d 0 R >>" % next_number
                    widget["V"] = text_string(text).format(None)
                    next_number += 1
                _lock(widget, lock)
                objects.append((slot["widget"].number, _dict(widget)))
            elif kind == "checkbox":
                if value not in (None, True, False):
                    raise RenderError(f"{field_id}: a checkbox takes true or false, not {value!r}")
                widget = dict(slot["widget"].entries)
                state = b"/" + CHECKBOX_ON.encode() if value else b"/Off"
                widget["V"] = widget["AS"] = state
                _lock(widget, lock)
                objects.append((slot["widget"].number, _dict(widget)))
            else:
                kids = slot["kids"]
                if value is not None and value not in kids:
                    raise RenderError(f"{field_id}: {value!r} is not one of {', '.join(kids)}")
                parent = dict(slot["parent"].entries)
                parent["V"] = ("/" + value if value else "/Off").encode()
                _lock(parent, lock)
                objects.append((slot["parent"].number, _dict(parent)))
                if value:
                    kid = dict(kids[value].entries)
                    kid["AS"] = ("/" + value).encode()
                    objects.append((kids[value].number, _dict(kid)))
        return self._append(objects, next_number)

    def _stream(self, w: float, h: float, ops: str) -> bytes:
        data = zlib.compress(ops.encode("latin-1"), 6)
        head = (f"<< /Type /XObject /Subtype /Form /BBox [0 0 {_num(w)} {_num(h)}] "
                f"/Resources << /Font << /{RESOURCE_NAME} {self.font_number} 0 R >> >> "
                f"/Filter /FlateDecode /Length {len(data)} >>").encode("ascii")
        return head + b"\nstream\n" + data + b"\nendstream"

    def _append(self, objects: list[tuple[int, bytes]], size: int) -> bytes:
        out = bytearray(self.base)
        if not out.endswith(b"\n"):
            out += b"\n"
        offsets = {}
        for number, body in objects:
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref_at = len(out)
        out += b"xref\n"
        numbers = sorted(offsets)
        start = 0
        while start < len(numbers):       # one subsection per run of numbers
            end = start
            while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
                end += 1
            out += b"%d %d\n" % (numbers[start], end - start + 1)
            for n in numbers[start:end + 1]:
                out += b"%010d 00000 n\r\n" % offsets[n]
            start = end + 1
        trailer = [b"/Size %d" % size, b"/Root " + self.root, b"/Prev %d" % self.prev]
        if self.info:
            trailer.append(b"/Info " + self.info)
        if self.first_id:
            trailer.append(b"/ID [" + self.first_id + self.first_id + b"]")
        out += b"trailer\n<< " + b" ".join(trailer) + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at
        return bytes(out)


def _lock(entries: dict, lock: bool) -> None:
    if lock:
        entries["Ff"] = b"%d" % (int(entries.get("Ff", b"0")) | FF_READ_ONLY)


def _dict(entries: dict[str, bytes]) -> bytes:
    return b"<<\n" + b"\n".join(b"/" + k.encode("ascii") + b" " + v for k, v in entries.items()) + b"\n>>"
