"""The narrow PDF reader: it must read what engines write exactly as pypdf
does, and hand anything else to pypdf."""

from __future__ import annotations

import pytest

from formgen.readers import pdf as rp
from formgen.readers.pdf_fast import Document, Name, Ref, Unsupported, parse, text
from formgen.render.pdf_prefill import PdfTemplate

from conftest import FILLERS, NAMES
from pdfcheck import preview_rewrite


def both_ways(path):
    data = path.read_bytes()
    fast = rp._fields(Document(data))                      # must not raise Unsupported
    slow = rp._fields(Document(rp._repair_with_pypdf(data, path)))
    as_tuples = lambda raw: {k: (v.kind, v.value, v.widgets) for k, v in raw.fields.items()}  # noqa: E731
    return fast, slow, as_tuples


@pytest.fixture(scope="module")
def files(blank_pdf, form, tmp_path_factory):
    d = tmp_path_factory.mktemp("fast")
    values = {**NAMES, "wp1_1_wens": True, "wp1_1_niveau": "G"}
    out = {name: fill(blank_pdf, values, d / f"{name}.pdf") for name, fill in FILLERS.items()}
    out["prefilled"] = d / "prefilled.pdf"
    out["prefilled"].write_bytes(PdfTemplate(form).fill(values))
    out["preview"] = preview_rewrite(out["prefilled"], d / "preview.pdf", "wp1_1_niveau", "Bk")
    import pymupdf
    doc = pymupdf.open(out["pymupdf"])
    doc.save(d / "objstm.pdf", use_objstms=True, compression_effort=0)
    doc.close()
    out["object streams"] = d / "objstm.pdf"
    return out


@pytest.mark.parametrize("kind", ["pdfjs", "pymupdf", "prefilled", "preview", "object streams"])
def test_fast_reader_equals_pypdf(kind, files, form):
    fast, slow, as_tuples = both_ways(files[kind])
    assert as_tuples(fast) == as_tuples(slow)
    assert fast.identity == slow.identity == form.identity
    assert fast.fields["naam_deelnemer"].value == NAMES["naam_deelnemer"]


def test_object_stream_file_really_uses_object_streams(files):
    doc = Document(files["object streams"].read_bytes())
    assert any(entry[0] == "c" for entry in doc.xref.values())


@pytest.mark.parametrize("source, value", [
    (b"<< /A [1 2.5 -3 .5] /B (a\\(b\\)c\\\\) /C <48 65 6C6C6F> /D /N#20ame /E 12 0 R /F true /G null >>",
     {"A": [1, 2.5, -3, 0.5], "B": b"a(b)c\\", "C": b"Hello", "D": "N ame", "E": (12, 0),
      "F": True, "G": None}),
    (b"(nested (parens) \\101\\102 and\\\nwrapped)", b"nested (parens) AB andwrapped"),
    (b"[/Name<<>>[]]", ["Name", {}, []]),
])
def test_parse_values(source, value):
    parsed, _ = parse(source, 0)
    assert parsed == value


def test_types_of_names_and_refs():
    parsed, _ = parse(b"<< /K /V /R 3 0 R >>", 0)
    assert type(parsed["K"]) is Name and type(parsed["R"]) is Ref


@pytest.mark.parametrize("bad", [b"<< /A 1", b"<< 1 2 >>", b"[ foo ]", b"(never closed", b">>"])
def test_parse_refuses_what_it_cannot_read(bad):
    with pytest.raises(Unsupported):
        parse(bad, 0)


def test_text_strings():
    assert text(b"\xfe\xff\x00\xc5\x01\x5f") == "Åş"
    assert text(b"caf\xe9 \x80") == "café •"


def test_damaged_files_go_through_pypdf(files, tmp_path):
    data = files["pdfjs"].read_bytes()
    broken = tmp_path / "broken-xref.pdf"
    at = data.rindex(b"startxref")
    broken.write_bytes(data[:at] + b"startxref\n17\n%%EOF\n")    # points into the header
    with pytest.raises(Unsupported):
        Document(broken.read_bytes())
    raw = rp.read_pdf_fields(broken)                      # pypdf repairs, then the walk runs
    assert raw.fields["naam_deelnemer"].value == NAMES["naam_deelnemer"]
