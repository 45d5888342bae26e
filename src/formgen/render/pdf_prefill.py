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
from ..names import parse_copy, qr_text
from .pdf import QR_FORM, qr_ops, render_pdf
from .pdf_fields import (CHECKBOX_ON, COPY_FIELD, DRAWN_NAME, FF_READ_ONLY, OFF,
                         FieldWriter, _num,
                         text_appearance_ops, text_string)


class PdfTemplate:
    """The blank PDF of a form, ready to be filled many times."""

    def __init__(self, form):
        self.form = form
        writer = FieldWriter(form)
        self.base = render_pdf(form, writer=writer)
        self.slots = writer.slots
        self.font = writer.font
        self.font_number = writer.drawn_font_number()
        tail = self.base[-2048:]
        self.prev = int(re.findall(rb"startxref\s+(\d+)", tail)[-1])
        trailer = self.base[self.base.rindex(b"trailer"):]
        self.size = int(re.search(rb"/Size (\d+)", trailer).group(1))
        self.root = re.search(rb"/Root (\d+ \d+ R)", trailer).group(1)
        info = re.search(rb"/Info (\d+ \d+ R)", trailer)
        self.info = info.group(1) if info else None
        ident = re.search(rb"/ID\s*\[\s*(<[0-9a-fA-F]*>)", trailer)
        self.first_id = ident.group(1) if ident else None
        self.qr_forms = _qr_forms(self.base)

    def missing_letters(self, values: dict) -> dict[str, set[str]]:
        """Text values with letters the field font cannot draw (shown as ``?``)."""
        return {k: m for k, v in values.items()
                if isinstance(v, str) and (m := self.font.missing(v))}

    def fill(self, values: dict, locked=(), copy: str | None = None) -> bytes:
        """The blank form with ``values`` (field id -> value, checked by each
        field's type) filled in; ``locked`` field ids become read-only;
        ``copy`` is the copy's own data (see :func:`formgen.names.copy_text`)."""
        values = self.form.check_values(values, locked)
        update = Update(self)
        if copy:
            update.hidden(self.slots[COPY_FIELD], copy)
            copy_id, _ = parse_copy(copy)
            if copy_id:         # printed, the copy is still told apart by its QR codes
                for page, (number, bbox) in self.qr_forms.items():
                    update.qr(number, bbox, qr_text(self.form.id, self.form.version, page,
                                                    copy_id))
        index = self.form.field_index
        for field_id in {**{k: None for k in locked}, **values}:
            entry = self.slots.get(field_id)
            if entry is None:
                raise RenderError(f"the form has no widget for {field_id!r}")
            spec = index[field_id].spec
            spec.pdf_prefill(update, entry, values.get(field_id, spec.empty()),
                             field_id in locked)
        return self._append(update.objects, update.next_number)

    def _stream(self, w: float, h: float, ops: str) -> bytes:
        data = zlib.compress(ops.encode("latin-1"), 6)
        head = (f"<< /Type /XObject /Subtype /Form /BBox [0 0 {_num(w)} {_num(h)}] "
                f"/Resources << /Font << /{DRAWN_NAME} {self.font_number} 0 R >> >> "
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


class Update:
    """The objects of one incremental update; field types write into it
    from their ``pdf_prefill`` hook."""

    def __init__(self, template: PdfTemplate):
        self.t = template
        self.objects: list[tuple[int, bytes]] = []
        self.next_number = template.size

    def _new_stream(self, w: float, h: float, ops: str) -> int:
        number = self.next_number
        self.objects.append((number, self.t._stream(w, h, ops)))
        self.next_number += 1
        return number

    def qr(self, number: int, bbox, text: str) -> None:
        """Page QR form ``number`` (square ``bbox``) shows the QR code of ``text``."""
        x0, y0, x1, _ = bbox
        data = zlib.compress(qr_ops(text, x0, y0, x1 - x0).encode("ascii"), 6)
        head = (f"<< /Type /XObject /Subtype /Form /FormType 1 /BBox [{' '.join(map(_num, bbox))}] "
                f"/Resources << >> /Filter /FlateDecode /Length {len(data)} >>").encode("ascii")
        self.objects.append((number, head + b"\nstream\n" + data + b"\nendstream"))

    def _rewrite(self, captured, entries: dict) -> None:
        self.objects.append((captured.number, _dict(entries)))

    def text(self, entry, text: str, multiline: bool, lock: bool, value: str | None = None) -> None:
        """A text field shows ``text`` (a combo box: the entry whose export
        value, stored as ``/V``, is ``value``)."""
        widget = dict(entry["widget"].entries)
        if text:
            w, h = entry["size"]
            ops = text_appearance_ops(self.t.font, text, w, h, multiline,
                                      comb=entry.get("comb", 0))
            widget["AP"] = b"<< /N %d 0 R >>" % self._new_stream(w, h, ops)
            widget["V"] = text_string(value or text).format(None)
        _lock(widget, lock)
        self._rewrite(entry["widget"], widget)

    def checkbox(self, entry, on: bool, lock: bool) -> None:
        widget = dict(entry["widget"].entries)
        widget["V"] = widget["AS"] = b"/" + (CHECKBOX_ON if on else OFF).encode()
        _lock(widget, lock)
        self._rewrite(entry["widget"], widget)

    def radio(self, entry, value, lock: bool) -> None:
        parent = dict(entry["parent"].entries)
        parent["V"] = ("/" + (value or OFF)).encode()
        _lock(parent, lock)
        self._rewrite(entry["parent"], parent)
        if value:
            kid = dict(entry["kids"][value].entries)
            kid["AS"] = ("/" + value).encode()
            self._rewrite(entry["kids"][value], kid)

    def combo(self, entry, value, shown: str, lock: bool) -> None:
        self.text(entry, shown if value else "", False, lock, value=value)

    def hidden(self, entry, text: str) -> None:
        """The value of a hidden field (no appearance: it is never shown)."""
        widget = dict(entry["widget"].entries)
        widget["V"] = text_string(text).format(None)
        self._rewrite(entry["widget"], widget)

    def lock(self, entry) -> None:
        widget = dict(entry["widget"].entries)
        _lock(widget, True)
        self._rewrite(entry["widget"], widget)


def _lock(entries: dict, lock: bool) -> None:
    if lock:
        entries["Ff"] = b"%d" % (int(entries.get("Ff", b"0")) | FF_READ_ONLY)


def _dict(entries: dict[str, bytes]) -> bytes:
    return b"<<\n" + b"\n".join(b"/" + k.encode("ascii") + b" " + v for k, v in entries.items()) + b"\n>>"


def _qr_forms(pdf: bytes) -> dict[int, tuple[int, tuple]]:
    """page -> (object number, BBox) of each page's QR form XObject."""
    import io

    from pypdf import PdfReader
    out = {}
    for page_number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        ref = xobjects.raw_get(f"/FormXob.{QR_FORM}{page_number}") \
            if f"/FormXob.{QR_FORM}{page_number}" in xobjects else None
        if ref is not None:
            out[page_number] = (ref.idnum, tuple(float(v) for v in ref.get_object()["/BBox"]))
    return out
