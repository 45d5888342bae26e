"""A narrow, fast PDF object reader: just enough PDF to find form fields.

Reading a returned form needs about a hundred small dictionaries (pages,
widgets, field groups). pypdf parses them byte by byte, which makes a read
cost ~10 ms; this module tokenises with regular expressions and reads only
the objects it is asked for, in a few milliseconds.

It understands classic xref tables, xref streams (Flate, PNG "Up"
predictor), object streams, incremental updates (newest revision wins) and
hybrid files. Anything else (encryption, other filters, a damaged xref, an
object not where the xref says) raises :class:`Unsupported`, and the caller
falls back to pypdf, which is slower but reads damaged files and reports
encryption. The results of both are the same; a test checks it.
"""

from __future__ import annotations

import re
import zlib

from pypdf._codecs import _pdfdoc_encoding


class Unsupported(Exception):
    """This file needs the full parser."""


class Name(str):
    """A PDF name, without its slash."""


class Ref(tuple):
    """An indirect reference ``(number, generation)``."""


_WS = b" \t\r\n\x0c\x00"
_TOKEN = re.compile(
    rb"(?:\s|%[^\r\n]*)*"
    rb"(?:(?P<ref>\d+)\s+(?P<gen>\d+)\s+R(?![A-Za-z])"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))"
    rb"|/(?P<name>[^\s/\[\]()<>{}%]*)"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<hex><[0-9A-Fa-f\s]*>)"
    rb"|(?P<lit>\()"
    rb"|(?P<kw>[A-Za-z]+))")
_NAME_ESC = re.compile(rb"#([0-9A-Fa-f]{2})")
_OBJ = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b",
            ord("f"): b"\f", ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string starting after its ``(``; returns (bytes, position after ``)``)."""
    out = bytearray()
    depth = 1
    n = len(data)
    while pos < n:
        c = data[pos]
        if c == 0x5C:                      # backslash
            pos += 1
            e = data[pos]
            if e in _ESCAPES:
                out += _ESCAPES[e]
                pos += 1
            elif 0x30 <= e <= 0x37:
                m = re.match(rb"[0-7]{1,3}", data[pos:pos + 3])
                out.append(int(m.group(), 8) & 0xFF)
                pos += len(m.group())
            elif e in (0x0D, 0x0A):        # line continuation
                pos += 2 if data[pos:pos + 2] == b"\r\n" else 1
            else:
                out.append(e)
                pos += 1
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), pos + 1
        out.append(c)
        pos += 1
    raise Unsupported("unterminated string")


def parse(data: bytes, pos: int):
    """The PDF object at ``pos``: returns (value, position after it)."""
    stack: list = []
    match = _TOKEN.match
    while True:
        m = match(data, pos)
        if m is None:
            raise Unsupported(f"cannot parse at byte {pos}")
        pos = m.end()
        i = m.lastindex
        if i == 3:                                   # number
            text = m.group(3)
            value = float(text) if b"." in text else int(text)
        elif i == 4:                                 # name
            raw = m.group(4)
            value = _names.get(raw)
            if value is None:
                value = _name(raw)
        elif i == 5:                                 # << or [
            stack.append({} if m.group(5) == b"<<" else [])
            continue
        elif i == 6:                                 # >> or ]
            if not stack:
                raise Unsupported("unbalanced")
            value = stack.pop()
            if type(value) is dict and _PENDING in value:
                raise Unsupported("dictionary key without value")
        elif i == 2:                                 # n g R
            value = Ref((int(m.group(1)), int(m.group(2))))
        elif i == 8:                                 # (literal)
            value, pos = _literal(data, pos)
        elif i == 7:                                 # <hex>
            digits = re.sub(rb"\s", b"", m.group(7)[1:-1])
            value = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
        else:
            word = m.group(9)
            if word in (b"true", b"false"):
                value = word == b"true"
            elif word == b"null":
                value = None
            else:
                raise Unsupported(f"unexpected keyword {word!r}")
        if not stack:
            return value, pos
        top = stack[-1]
        if type(top) is list:
            top.append(value)
        elif _PENDING in top:
            top[top.pop(_PENDING)] = value
        elif type(value) is Name:
            top[_PENDING] = value
        else:
            raise Unsupported("dictionary key is not a name")


_PENDING = object()
_names: dict[bytes, Name] = {}


def _name(raw: bytes) -> Name:
    decoded = _NAME_ESC.sub(lambda e: bytes([int(e.group(1), 16)]), raw) if b"#" in raw else raw
    value = Name(decoded.decode("latin-1"))
    if len(_names) < 10_000:          # names repeat across files; a hostile file can't grow this
        _names[raw] = value
    return value


class Document:
    """Lazy access to the objects of one PDF held in memory."""

    def __init__(self, data: bytes):
        self.data = data
        self.xref: dict[int, tuple] = {}
        self.cache: dict[int, object] = {}
        self.trailer: dict = {}
        self._objstms: dict[int, tuple[bytes, dict[int, int]]] = {}
        tail = data[-1024:]
        found = re.findall(rb"startxref\s+(\d+)", tail)
        if not found:
            raise Unsupported("no startxref")
        pos = int(found[-1])
        seen = set()
        while pos is not None and pos not in seen:
            seen.add(pos)
            trailer = self._section(pos)
            for key, value in trailer.items():
                self.trailer.setdefault(key, value)
            stm = trailer.get("XRefStm")
            if isinstance(stm, int):
                self._section(stm)
            prev = trailer.get("Prev")
            pos = prev if isinstance(prev, int) else None
        if "Encrypt" in self.trailer:
            raise Unsupported("encrypted")

    # -- cross-reference ---------------------------------------------------
    def _section(self, pos: int) -> dict:
        data = self.data
        if data.startswith(b"xref", pos):
            return self._table(pos + 4)
        m = _OBJ.match(data, pos)
        if not m:
            raise Unsupported("xref not found where startxref points")
        head, body = self._stream_at(m.end())
        if head.get("Type") != "XRef":
            raise Unsupported("not an xref stream")
        widths = head["W"]
        index = head.get("Index") or [0, head["Size"]]
        row = sum(widths)
        at = 0
        for start, count in zip(index[::2], index[1::2]):
            for num in range(start, start + count):
                fields = []
                for w in widths:
                    fields.append(int.from_bytes(body[at:at + w], "big") if w else None)
                    at += w
                kind = 1 if widths[0] == 0 else fields[0]
                if num in self.xref:
                    continue
                if kind == 1:
                    self.xref[num] = ("n", fields[1])
                elif kind == 2:
                    self.xref[num] = ("c", fields[1], fields[2])
                else:
                    self.xref[num] = ("f",)
        if at > len(body) or row == 0:
            raise Unsupported("short xref stream")
        return head

    def _table(self, pos: int) -> dict:
        data = self.data
        sub = re.compile(rb"\s*(\d+)\s+(\d+)[ \t]*\r?\n?")
        entry = re.compile(rb"\s*(\d{10})\s+(\d{5})\s+([nf])")
        while True:
            m = sub.match(data, pos)
            if not m:
                break
            start, count = int(m.group(1)), int(m.group(2))
            pos = m.end()
            for num in range(start, start + count):
                e = entry.match(data, pos)
                if not e:
                    raise Unsupported("bad xref entry")
                pos = e.end()
                if num not in self.xref:
                    self.xref[num] = ("n", int(e.group(1))) if e.group(3) == b"n" else ("f",)
        t = data.find(b"trailer", pos)
        if t < 0 or t - pos > 64:
            raise Unsupported("no trailer")
        trailer, _ = parse(data, t + 7)
        if not isinstance(trailer, dict):
            raise Unsupported("bad trailer")
        return trailer

    # -- objects -----------------------------------------------------------
    def _stream_at(self, pos: int) -> tuple[dict, bytes]:
        head, pos = parse(self.data, pos)
        if not isinstance(head, dict):
            raise Unsupported("stream without dictionary")
        m = re.compile(rb"\s*stream\r?\n").match(self.data, pos)
        if not m:
            raise Unsupported("no stream keyword")
        length = self.resolve(head.get("Length"))
        if not isinstance(length, int):
            raise Unsupported("stream length")
        raw = self.data[m.end():m.end() + length]
        filters = head.get("Filter")
        filters = [filters] if isinstance(filters, str) else (filters or [])
        if filters not in ([], ["FlateDecode"]):
            raise Unsupported(f"filter {filters}")
        body = zlib.decompressobj().decompress(raw, 64 * 1024 * 1024) if filters else raw
        parms = head.get("DecodeParms") or {}
        if isinstance(parms, list):
            parms = parms[0] or {}
        predictor = parms.get("Predictor", 1)
        if predictor >= 10:
            body = _png_up(body, parms.get("Columns", 1))
        elif predictor != 1:
            raise Unsupported("TIFF predictor")
        return head, body

    def get(self, num: int):
        if num in self.cache:
            return self.cache[num]
        entry = self.xref.get(num)
        if entry is None or entry[0] == "f":
            value = None
        elif entry[0] == "n":
            m = _OBJ.match(self.data, entry[1])
            if not m or int(m.group(1)) != num:
                raise Unsupported(f"object {num} is not where the xref says")
            value, _ = parse(self.data, m.end())
        else:
            body, offsets = self._objstm(entry[1])
            if num not in offsets:
                raise Unsupported(f"object {num} missing from its object stream")
            value, _ = parse(body, offsets[num])
        self.cache[num] = value
        return value

    def _objstm(self, num: int):
        if num not in self._objstms:
            entry = self.xref.get(num)
            if not entry or entry[0] != "n":
                raise Unsupported("object stream not found")
            m = _OBJ.match(self.data, entry[1])
            if not m:
                raise Unsupported("object stream not found")
            head, body = self._stream_at(m.end())
            first, n = head["First"], head["N"]
            numbers = [int(x) for x in body[:first].split()]
            offsets = {numbers[i]: first + numbers[i + 1] for i in range(0, 2 * n, 2)}
            self._objstms[num] = (body, offsets)
        return self._objstms[num]

    def resolve(self, value, depth: int = 0):
        while isinstance(value, Ref):
            if depth > 32:
                raise Unsupported("reference loop")
            value = self.get(value[0])
            depth += 1
        return value


def _png_up(body: bytes, columns: int) -> bytes:
    row = columns + 1
    out = bytearray()
    prev = bytearray(columns)
    for i in range(0, len(body), row):
        kind, line = body[i], bytearray(body[i + 1:i + row])
        if kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind != 0:
            raise Unsupported(f"PNG predictor {kind}")
        out += line
        prev = line
    return bytes(out)


def text(value) -> str:
    """A PDF text string as ``str``: UTF-16 or UTF-8 with a BOM, else PDFDocEncoding."""
    if isinstance(value, str):
        return str(value)
    if not isinstance(value, (bytes, bytearray)):
        return "" if value is None else str(value)
    if value[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return value.decode("utf-16")
    if value[:3] == b"\xef\xbb\xbf":
        return value[3:].decode("utf-8", "replace")
    return "".join(_pdfdoc_encoding[b] or "" for b in value)
