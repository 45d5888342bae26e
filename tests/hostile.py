"""Hostile and odd PDF files, written byte by byte: each returns the bytes of
a file and the reason (problem code) it must be read or refused with."""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def pdf(objects: dict[int, bytes], root: int = 1, trailer: bytes = b"", header: bytes = b"%PDF-1.7\n",
        xref: bool = True) -> bytes:
    """A PDF of ``objects`` (number -> body) with a classic xref table."""
    out = bytearray(header + b"%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for n in range(1, size):
            out += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R " % (size, root) + trailer + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    body = zlib.compress(data, 1) if compress else data
    filt = b"/Filter /FlateDecode " if compress else b""
    return b"<< " + filt + extra + b"/Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


CATALOG = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>"


def text_field(name: bytes = b"(naam)", value: bytes = b"(Jan)", extra: bytes = b"") -> bytes:
    return (b"<< /Type /Annot /Subtype /Widget /FT /Tx /T " + name + b" /V " + value +
            b" /Rect [10 10 100 30] /P 3 0 R " + extra + b">>")


def one_field(field: bytes, more: dict | None = None) -> bytes:
    return pdf({1: CATALOG, 2: PAGES, 3: PAGE, 4: field, **(more or {})})


@lru_cache(maxsize=1)
def corpus() -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, expected status:code or 'ok' for a file read without fault)."""
    files: dict[str, tuple[bytes, str]] = {}
    # a page tree that lists itself: the walk ends
    files["pages-loop.pdf"] = (pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>",
                                    2: b"<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 2 >>"}),
                               "rejected:no_fields")
    # 3,000 references of a page tree to itself (no fields, so it would be
    # read as a scan: PDFium counts 3,000 pages, more than a scan may have)
    kids = b" ".join([b"2 0 R"] * 3000)
    files["pages-3000-self.pdf"] = (pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>",
                                         2: b"<< /Type /Pages /Kids [" + kids + b"] /Count 3000 >>"}),
                                    "rejected:too_many_pages")
    # a field tree whose /Kids list their parent, and a /Parent chain in a circle
    files["kids-cycle.pdf"] = (pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>", 2: PAGES, 3: PAGE,
        4: b"<< /Type /Annot /Subtype /Widget /Parent 5 0 R /AS /Off /Rect [0 0 9 9] >>",
        5: b"<< /T (kring) /FT /Btn /Ff 32768 /Kids [4 0 R 5 0 R] /Parent 5 0 R /V /A >>"}),
        "rejected:foreign_form")
    # a /Prev chain that points at itself
    body = pdf({1: CATALOG, 2: PAGES, 3: PAGE, 4: text_field()})
    start = int(body.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    files["prev-loop.pdf"] = (body.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % start),
                              "rejected:foreign_form")
    # a stream whose /Length lies
    files["length-lies.pdf"] = (one_field(text_field(value=b"5 0 R"),
                                          {5: b"<< /Length 999999 >>\nstream\nJan\nendstream"}),
                                "rejected:foreign_form")
    # 2 KB that inflate to 1 GB (1 GB of zeros deflated twice), as a text field's value
    data = (FIXTURES / "zeros-1gb.flate2").read_bytes()
    files["inflate-1gb.pdf"] = (one_field(text_field(value=b"5 0 R"),
                                          {5: b"<< /Filter [/FlateDecode /FlateDecode] /Length %d >>"
                                           b"\nstream\n" % len(data) + data + b"\nendstream"}),
                                "rejected:unsafe")
    # 100,000 fields
    many = {1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] >> >>", 2: PAGES,
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots 4 0 R >>",
            4: b"[" + b" ".join(b"5 0 R" for _ in range(100_000)) + b"]",
            5: text_field(b"(veld)")}
    files["100000-fields.pdf"] = (pdf(many), "rejected:unsafe")
    # a 1 MB field name
    files["long-name.pdf"] = (one_field(text_field(name=b"(" + b"x" * (1 << 20) + b")")),
                              "rejected:foreign_form")
    # runs of comments and white space where a tokenizer could backtrack
    files["comments.pdf"] = (one_field(text_field(extra=b"%" * 5000 + b"\n")),
                             "rejected:foreign_form")
    files["whitespace-20mb.pdf"] = (pdf({1: CATALOG, 2: PAGES, 3: PAGE,
                                         4: b" " * (20 << 20) + text_field()}),
                                    "rejected:foreign_form")
    # an xref stream that claims two billion entries in a few bytes
    xs = (b"%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size 2000000000 /Index [0 2000000000] /W [1 4 2] "
          b"/Root 1 0 R /Length 7 >>\nstream\n\x01\x00\x00\x00\x09\x00\x00\nendstream\nendobj\n"
          b"startxref\n9\n%%EOF\n")
    files["xref-2e9.pdf"] = (xs, "rejected")
    # a PDF that is also a zip
    import io
    import zipfile
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("word/document.xml", "<x/>")
    files["pdf-and-zip.pdf"] = (one_field(text_field()) + z.getvalue(), "rejected:foreign_form")
    # 60 object streams of 17 MB each (over the 16 MB a stream may unpack to)...
    files["object-streams-60x17mb.pdf"] = (_object_streams(60, 17 << 20), "rejected:unsafe")
    # ... and 60 of 15 MB each (900 MB in all: over the 64 MB a file's object streams may
    # unpack to together, refused before a worker's memory fills)
    files["object-streams-60x15mb.pdf"] = (_object_streams(60, 15 << 20), "rejected:unsafe")
    return files


def _object_streams(count: int, size: int) -> bytes:
    """``count`` object streams, each holding one widget and ``size`` bytes of padding."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: PAGES}
    annots = b" ".join(b"%d 0 R" % (100 + i) for i in range(count))
    objects[3] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [" + annots + b"] >>"
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for n, body in objects.items():
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    compressed = {}
    for i in range(count):
        n = 10 + i
        inner = text_field(b"(v%d)" % i)
        head = b"%d 0 " % (100 + i)
        data = head + inner + b" " * size
        offsets[n] = len(out)
        out += (b"%d 0 obj\n" % n +
                stream(data, b"/Type /ObjStm /N 1 /First %d " % len(head)) + b"\nendobj\n")
        compressed[100 + i] = n
    # an xref stream: types 1 (offset) and 2 (in object stream)
    entries = [(0, 0, 65535)]
    size = 100 + count + 1
    xref_number = 100 + count
    rows = {}
    for n, off in offsets.items():
        rows[n] = (1, off, 0)
    for n, holder in compressed.items():
        rows[n] = (2, holder, 0)
    xref_at = len(out)
    rows[xref_number] = (1, xref_at, 0)
    data = b"".join(bytes([t]) + f.to_bytes(4, "big") + g.to_bytes(2, "big")
                    for t, f, g in (rows.get(n, (0, 0, 0)) for n in range(size)))
    del entries
    out += (b"%d 0 obj\n" % xref_number +
            stream(data, b"/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R " % size) + b"\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)
