"""formgen's reader against an independent one (pikepdf, qpdf's parser) on
files filled by real engines, chains of engines, rewrites that PDF tools
make, and files written byte by byte with the odd but valid things the PDF
format allows: the same values, every time."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pymupdf
import pytest
from pypdf import PdfWriter

from formgen.readers.pdf import read_pdf_fields

from conftest import FILLERS, NAMES
from hostile import CATALOG, PAGE, PAGES, pdf, stream, text_field
from oracle import fields as oracle_fields
from pdfcheck import preview_rewrite

VALUES = {**NAMES, "wp1_1_wens": True, "wp1_1_niveau": "G", "wp2_3_niveau": "Bk",
          "wp3_5_wens": True}


def formgen_fields(path: Path) -> dict:
    return {name: raw.value for name, raw in read_pdf_fields(path).fields.items()}


def _pikepdf(src: Path, out: Path, **options) -> Path:
    with pikepdf.open(src) as p:
        p.save(out, **options)
    return out


def _mutool_clean(src: Path, out: Path) -> Path:
    doc = pymupdf.open(src)
    doc.save(out, garbage=4, clean=True, deflate=True)
    doc.close()
    return out


def _pypdf_incremental(src: Path, out: Path) -> Path:
    writer = PdfWriter(src, incremental=True)
    writer.add_metadata({"/Subject": "saved again"})
    writer.write(out)
    return out


def _pdfium_incremental(src: Path, out: Path) -> Path:
    """PDFium's own incremental save (what Chrome writes) of a file with an xref stream."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from pdfium_fill import fill_pdfium
    staged = fill_pdfium(src, {"naam_deelnemer": "Zoë d’Hondt", "wp1_1_wens": True},
                         out.with_suffix(".full.pdf"))
    del staged
    doc = pdfium.PdfDocument(str(src))
    doc.init_forms()
    doc.save(str(out), flags=raw.FPDF_INCREMENTAL)
    doc.close()
    return out


@pytest.fixture(scope="module")
def corpus(blank_pdf, tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("differential")
    files: dict[str, Path] = {}
    for name, fill in FILLERS.items():
        files[name] = fill(blank_pdf, VALUES, d / f"{name}.pdf")
    # chains of engines
    files["pdfjs>pymupdf"] = FILLERS["pymupdf"](files["pdfjs"], {"wp2_3_niveau": "Bg"},
                                                d / "pdfjs-pymupdf.pdf")
    files["pymupdf>pdfjs"] = FILLERS["pdfjs"](files["pymupdf"], {"wp1_1_niveau": "Bk"},
                                              d / "pymupdf-pdfjs.pdf")
    files["pdfium>pdfjs"] = FILLERS["pdfjs"](files["pdfium"], {"begeleider_roc": "Ümit"},
                                             d / "pdfium-pdfjs.pdf")
    preview = preview_rewrite(files["pdfjs"], d / "preview.pdf", "wp1_1_niveau", "Bk")
    files["preview"] = preview
    files["preview>pymupdf"] = FILLERS["pymupdf"](preview, {"wp3_5_wens": False},
                                                  d / "preview-pymupdf.pdf")
    # rewrites that PDF tools make
    src = files["pdfjs"]
    files["qpdf-object-streams"] = _pikepdf(
        src, d / "os.pdf", object_stream_mode=pikepdf.ObjectStreamMode.generate)
    files["qpdf-no-object-streams"] = _pikepdf(
        files["qpdf-object-streams"], d / "no-os.pdf",
        object_stream_mode=pikepdf.ObjectStreamMode.disable)
    files["qpdf-linearize"] = _pikepdf(src, d / "lin.pdf", linearize=True)
    files["qpdf-qdf"] = _pikepdf(src, d / "qdf.pdf", qdf=True)
    files["mutool-clean"] = _mutool_clean(src, d / "clean.pdf")
    files["pypdf-incremental"] = _pypdf_incremental(src, d / "inc.pdf")
    files["pdfium-incremental-xref-stream"] = _pdfium_incremental(
        files["qpdf-object-streams"], d / "pdfium-inc.pdf")
    crlf = files["qpdf-qdf"].read_bytes().replace(b"endobj\n", b"endobj\r\n")
    (d / "crlf.pdf").write_bytes(crlf)
    files["crlf-line-ends"] = d / "crlf.pdf"
    for name, data in crafted().items():
        path = d / f"{name}.pdf"
        path.write_bytes(data)
        files[name] = path
    return files


def crafted() -> dict[str, bytes]:
    """Valid, odd files: every encoding of a string, names with #xx, values
    that are indirect or streams, partial names, generation numbers."""
    radio_group = (b"<< /FT /Btn /Ff 32768 /T (niveau) /V /Off /Kids [5 0 R 6 0 R] >>")

    def kid(state: bytes, on: bytes) -> bytes:
        return (b"<< /Type /Annot /Subtype /Widget /Parent 4 0 R /AS /" + on +
                b" /Rect [0 0 9 9] /P 3 0 R /AP << /N << /" + state + b" 7 0 R /Off 7 0 R >> >> >>")

    radio = {1: CATALOG, 2: PAGES,
             3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R 6 0 R] >>",
             4: radio_group, 5: kid(b"G", b"Off"), 6: kid(b"Bk", b"Bk"), 7: stream(b"")}
    out = {
        "utf16-string": pdf({1: CATALOG, 2: PAGES, 3: PAGE,
                             4: text_field(value=b"<FEFF015E00FC006B007200FC>")}),
        "pdfdoc-octal-string": pdf({1: CATALOG, 2: PAGES, 3: PAGE,
                                    4: text_field(value=b"(Zo\\353 d\\220Hondt)")}),
        "hex-string": pdf({1: CATALOG, 2: PAGES, 3: PAGE, 4: text_field(value=b"<4A616E>")}),
        "utf16-without-bom": pdf({1: CATALOG, 2: PAGES, 3: PAGE,
                                  4: text_field(value=b"<004A0061006E>")}),
        "utf8-bytes-in-a-name": pdf({1: CATALOG, 2: PAGES, 3: PAGE,
                                     4: text_field(name=b"(Zo\303\253)")}),
        "name-escapes": pdf({1: CATALOG, 2: PAGES, 3: PAGE,
                             4: b"<< /Type /Annot /Subtype /Widg#65t /FT /T#78 /T (naam) /V (Jan) "
                                b"/Rect [0 0 9 9] >>"}),
        "indirect-ft-subtype-value": pdf({1: CATALOG, 2: PAGES, 3: PAGE,
                                          4: b"<< /Type /Annot /Subtype 5 0 R /FT 6 0 R /T (naam) "
                                             b"/V 7 0 R /Rect [0 0 9 9] >>",
                                          5: b"/Widget", 6: b"/Tx", 7: b"(Jan)"}),
        "text-stream-value": pdf({1: CATALOG, 2: PAGES, 3: PAGE,
                                  4: text_field(value=b"5 0 R"),
                                  5: stream(b"Regel een\nRegel twee")}),
        "partial-names": pdf({1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
                              2: PAGES, 3: PAGE,
                              4: b"<< /Type /Annot /Subtype /Widget /Parent 5 0 R /T (c) /FT /Tx "
                                 b"/V (diep) /Rect [0 0 9 9] >>",
                              5: b"<< /T (a) /Kids [6 0 R] >>".replace(b"[6 0 R]", b"[4 0 R]")}),
        "radio-detached-stale-v": pdf(radio),
        "nul-whitespace": pdf({1: CATALOG, 2: PAGES, 3: PAGE,
                               4: text_field().replace(b" /V ", b"\x00/V\x00")}),
        "comment-in-reference": pdf({1: CATALOG.replace(b"/Pages 2 0 R", b"/Pages 2 %c\n0 R"),
                                     2: PAGES, 3: PAGE, 4: text_field()}),
    }
    gen = pdf({1: CATALOG, 2: PAGES, 3: PAGE, 4: text_field(value=b"5 1 R"), 5: b"(Jan)"})
    at = gen.index(b"5 0 obj")
    gen = gen.replace(b"5 0 obj", b"5 1 obj")
    gen = gen.replace(b"%010d 00000 n" % at, b"%010d 00001 n" % at)
    out["generation-numbers"] = gen
    checkbox = (b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (vinkje) /V /Off /AS /Off /AS /Yes "
                b"/Rect [0 0 9 9] /AP << /N << /Yes 5 0 R /Off 5 0 R >> >> >>")
    out["duplicate-keys"] = pdf({1: CATALOG, 2: PAGES, 3: PAGE, 4: checkbox, 5: stream(b"")})
    out["duplicate-object-stream-entries"] = _duplicate_objstm()
    return out


def _duplicate_objstm() -> bytes:
    """An object stream that lists object 4 twice (first "Jan", then "Piet");
    the cross-reference stream names the second entry."""
    from hostile import stream
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for n, body in {1: CATALOG, 2: PAGES, 3: PAGE}.items():
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    first, second = text_field(value=b"(Jan)"), text_field(value=b"(Piet)")
    head = b"4 0 4 %d " % (len(first) + 1)
    data = head + first + b" " + second
    offsets[5] = len(out)
    out += b"5 0 obj\n" + stream(data, b"/Type /ObjStm /N 2 /First %d " % len(head)) + b"\nendobj\n"
    rows = {0: (0, 0, 65535), 1: (1, offsets[1], 0), 2: (1, offsets[2], 0), 3: (1, offsets[3], 0),
            4: (2, 5, 1), 5: (1, offsets[5], 0)}
    xref_at = len(out)
    rows[6] = (1, xref_at, 0)
    table = b"".join(bytes([t]) + f.to_bytes(4, "big") + g.to_bytes(2, "big")
                     for t, f, g in (rows[n] for n in range(7)))
    out += b"6 0 obj\n" + stream(table, b"/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R ") + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


#: A dictionary with a key twice has no one meaning: pypdf keeps the first
#: value, qpdf (and pdf.js, PDFium) the last. formgen does not trust either
#: silently: the file is read with a warning for a person (test below).
AMBIGUOUS = {"duplicate-keys"}
#: UTF-16 without its byte-order mark is, by the letter of the format,
#: PDFDocEncoding ("\x00J\x00a\x00n", qpdf's reading); pypdf sees the
#: UTF-16 and reads "Jan", which is what the writer meant (test below).
NO_BOM = {"utf16-without-bom"}

CASES = ["pdfjs", "pymupdf", "pdfium", "pdfjs>pymupdf", "pymupdf>pdfjs", "pdfium>pdfjs", "preview",
         "preview>pymupdf", "qpdf-object-streams", "qpdf-no-object-streams", "qpdf-linearize",
         "qpdf-qdf", "mutool-clean", "pypdf-incremental", "pdfium-incremental-xref-stream",
         "crlf-line-ends", *sorted(set(crafted()) - AMBIGUOUS - NO_BOM)]


@pytest.mark.parametrize("case", CASES)
def test_formgen_reads_what_an_independent_reader_reads(case, corpus):
    path = corpus[case]
    want = oracle_fields(path)
    assert want, "the oracle found no fields: the case is broken"
    assert formgen_fields(path) == want


def test_the_odd_encodings_mean_what_they_say(corpus):
    assert formgen_fields(corpus["utf16-string"]) == {"naam": "Şükrü"}
    assert formgen_fields(corpus["pdfdoc-octal-string"]) == {"naam": "Zoë d’Hondt"}
    assert formgen_fields(corpus["hex-string"]) == {"naam": "Jan"}
    assert formgen_fields(corpus["utf16-without-bom"]) == {"naam": "Jan"}
    assert formgen_fields(corpus["utf8-bytes-in-a-name"]) == oracle_fields(corpus["utf8-bytes-in-a-name"])
    assert formgen_fields(corpus["text-stream-value"]) == {"naam": "Regel een\nRegel twee"}
    assert formgen_fields(corpus["indirect-ft-subtype-value"]) == {"naam": "Jan"}
    assert formgen_fields(corpus["partial-names"]) == {"a.c": "diep"}
    assert formgen_fields(corpus["radio-detached-stale-v"]) == {"niveau": {"Bk"}}


def test_pdfium_s_incremental_save_is_read(corpus, form):
    raw = read_pdf_fields(corpus["pdfium-incremental-xref-stream"])
    assert raw.identity == form.identity
    assert raw.fields["naam_deelnemer"].value == NAMES["naam_deelnemer"]


def test_a_key_defined_twice_is_flagged_not_trusted(corpus, tmp_path):
    from formgen.readers.core import FormSet, read_file
    raw = read_pdf_fields(corpus["duplicate-keys"])
    assert raw.notes == {"ambiguous"}
    assert read_pdf_fields(corpus["hex-string"]).notes == set()
    form = __import__("formgen").loads_form(
        "id: v\nversion: 1\ntitle: V\nfields: [{id: vinkje, type: checkbox, label: Vinkje}]\n"
        "sections: [{title: S}]\n")
    resp = read_file(corpus["duplicate-keys"], FormSet([form]))
    assert resp.status == "warning"
    assert any("dubbelzinnig" in m for m in resp.messages())


def _raw(path: Path, modes) -> tuple:
    from formgen.errors import ReadError
    try:
        raw = read_pdf_fields(path, modes=modes)
    except ReadError as e:
        return ("refused", e.code)
    return ({n: (f.kind, f.value, f.widgets) for n, f in raw.fields.items()},
            raw.identity, raw.copy, raw.notes)


def test_strict_mode_gives_the_answer_of_repair_mode_wherever_it_reads_a_file(corpus):
    """A file is read in pypdf's strict mode first and in repair mode only
    when that fails: on every file of the corpus, strict mode either fails
    or gives exactly what repair mode gives (and the default does too)."""
    strict_read = 0
    for case, path in sorted(corpus.items()):
        repair = _raw(path, (False,))
        strict = _raw(path, (True,))
        if strict[0] != "refused":
            strict_read += 1
            assert strict == repair, case
        assert _raw(path, (True, False)) == repair, case
    # the engines' own files are read strictly (else there is nothing to gain)
    assert strict_read >= len(FILLERS) + 5
