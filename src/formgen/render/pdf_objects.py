"""PDF objects formgen writes exactly: raw bytes, text strings, names made
once, numbers, and a dictionary that remembers its bytes for an update."""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject
from reportlab.pdfbase.pdfdoc import format as pdfformat


class Raw(PDFObject):
    """A PDF object written exactly as given."""

    def __init__(self, text: str | bytes):
        self.text = text.encode("latin-1") if isinstance(text, str) else text

    def format(self, document):
        return self.text


def text_string(s: str) -> Raw:
    """A PDF text string: plain ASCII as is, anything else as UTF-16BE with a
    BOM. Literal strings, not hex: readers parse them several times faster."""
    if all(" " <= ch <= "~" for ch in s):
        return Raw(_literal(s.encode("ascii")).encode("ascii"))
    return Raw(_literal(b"\xfe\xff" + s.encode("utf-16-be")).encode("latin-1"))


def _literal(data: bytes) -> str:
    out = []
    for b in data:
        if b in (0x28, 0x29, 0x5C):
            out.append("\\" + chr(b))
        elif b < 32 or b > 126:
            out.append(f"\\{b:03o}")
        else:
            out.append(chr(b))
    return "(" + "".join(out) + ")"


@lru_cache(maxsize=None)
def _name(name: str) -> PDFName:
    """A PDF name object, made once: reportlab's PDFName escapes every
    character each time, the largest cost of writing a widget."""
    return PDFName(name)


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


class Captured(PDFDictionary):
    """A dictionary that remembers, when written, its object number and the
    bytes of each entry, so a later incremental update can rewrite it."""

    number: int | None = None
    entries: dict[str, bytes] | None = None

    def format(self, document):
        # Each entry is formatted once, and the dictionary made of those bytes.
        self.entries = {k: pdfformat(v, document) for k, v in self.dict.items()}
        self.number = document.idToObjectNumberAndVersion[self.__InternalName__][0]
        return b"<<\n" + b"\n".join(b"/" + k.encode("ascii") + b" " + v
                                     for k, v in self.entries.items()) + b"\n>>"
