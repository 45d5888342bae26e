"""The keys a school's next forms need, on ``examples/aanmelding-keuzedelen.yaml``
(which uses each of them): filled the way other software fills it (PyMuPDF,
PDFium, Word's way, LibreOffice's .odt, a pen on the print pack) and read
back equal; a logo that is a Figure with its words; the content errors."""

from __future__ import annotations

import datetime as dt
import random
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

import formgen
from formgen.readers.batch import read_many
from formgen.readers.core import read_file
from formgen.render.docx import render_docx
from formgen.render.pdf_print import numbered_ids, render_print_pack

from conftest import ROOT, fill_pymupdf, soffice
from pdfium_fill import fill_pdfium
from wordfill import fill_docx

EXAMPLE = ROOT / "examples" / "aanmelding-keuzedelen.yaml"

#: What Şükrü enters: every new key gets a value.
ANSWERS = {
    "naam_deelnemer": "Şükrü Yılmaz", "studentnummer": "0123456", "klas": "ICT2B",
    "studieloopbaanbegeleider": "Mevr. Wiśniewska",
    "talen": ["nl", "tr", "anders"], "talen_anders": "Koerdisch",
    "k22_kies": True, "k22_voorkeur": "eerste", "k24_kies": True, "k24_voorkeur": "tweede",
    "bpv_plek": "anders", "bpv_plek_anders": "bij mijn oom in Gent",
    "gelezen": True, "handtekening_datum": dt.date(2026, 2, 27),
}


@pytest.fixture(scope="module")
def form():
    return formgen.load_form(EXAMPLE)


def expected(form) -> dict:
    out = {ff.id: ff.spec.empty() for ff in form.all_fields()}
    out.update({k: (None if k.endswith("_datum") else v) for k, v in ANSWERS.items()})
    out["handtekening_datum"] = ANSWERS["handtekening_datum"]
    return out


def in_a_pdf_reader() -> dict:
    """The answers as a person enters them in a PDF reader: each box of a
    multiselect is a field of its own (``talen.nl``), a date is typed."""
    out = {k: v for k, v in ANSWERS.items() if k != "talen"}
    out.update({f"talen.{v}": True for v in ANSWERS["talen"]})
    out["handtekening_datum"] = "27-02-2026"
    return out


@pytest.mark.parametrize("engine", ["pymupdf", "pdfium"])
def test_filled_in_a_pdf_reader_every_new_key_reads_back(engine, form, forms, blank, tmp_path):
    fill = fill_pymupdf if engine == "pymupdf" else fill_pdfium
    resp = read_file(fill(blank, in_a_pdf_reader(), tmp_path / f"{engine}.pdf"), forms)
    assert resp.status == "ok", resp.messages()
    assert resp.values == expected(form)


def test_filled_in_word_and_saved_as_odt_every_new_key_reads_back(form, forms, tmp_path):
    docx = tmp_path / "aanmelding.docx"
    docx.write_bytes(render_docx(form))
    filled = fill_docx(docx, ANSWERS, tmp_path / "sukru.docx")
    odt = soffice(tmp_path, "odt", filled) / "sukru.odt"
    for path in (filled, odt):
        resp = read_file(path, forms)
        assert resp.status == "ok", (path.suffix, resp.messages())
        assert resp.values == expected(form), path.suffix


def test_pen_marks_on_the_print_pack_read_back_and_writing_goes_to_a_person(form, forms,
                                                                          tmp_path):
    import scangen
    pack = render_print_pack(form, [(numbered_ids(1)[0], {})])
    st = scangen.Student(marks=[("talen", "nl", "cross"), ("talen", "anders", "check"),
                                ("k23_kies", None, "cross"), ("k23_voorkeur", "eerste", "cross"),
                                ("k26_kies", None, "check"), ("k26_voorkeur", "tweede", "cross"),
                                ("bpv_plek", "bedrijf", "cross"), ("gelezen", None, "check")],
                         written={"naam_deelnemer", "talen_anders", "handtekening_datum"})
    pages = scangen.scan_copy(pack, form, st, lambda r: scangen.Effects(
        dpi=200, rotate=r.uniform(-0.8, 0.8)), random.Random(4))
    scangen.save(pages, tmp_path / "scan.pdf", "pdf")
    (resp,) = read_many([tmp_path / "scan.pdf"], forms, jobs=1)
    v = resp.values
    assert (v["talen"], v["k23_kies"], v["k23_voorkeur"], v["k26_kies"], v["k26_voorkeur"],
            v["bpv_plek"], v["gelezen"]) == (["nl", "anders"], True, "eerste", True, "tweede",
                                             "bedrijf", True)
    assert not any(v[f"k{n}_kies"] for n in (22, 24, 25))
    assert set(resp.review) == {"naam_deelnemer", "talen_anders", "handtekening_datum"}
    assert all(resp.review[k] == "handwriting" for k in resp.review)


def test_the_logo_is_a_figure_with_its_words_in_the_pdf_and_in_words_header(form, blank,
                                                                           tmp_path):
    reader = PdfReader(blank)
    figures = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(node)
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid)
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert [f["/Alt"] for f in figures] == ["Logo van het Techniek College, ICT & Media"]
    assert "/Im" in " ".join(reader.pages[0]["/Resources"]["/XObject"].keys()) or \
        len(reader.pages[0]["/Resources"]["/XObject"]) >= 2
    docx = tmp_path / "a.docx"
    docx.write_bytes(render_docx(form))
    with zipfile.ZipFile(docx) as z:
        headers = [etree.fromstring(z.read(n)) for n in z.namelist()
                   if n.startswith("word/header")]
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    descr = [d.get("descr") for h in headers
             for d in h.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert descr == ["Logo van het Techniek College, ICT & Media"] and len(media) == 1


@pytest.mark.parametrize("change, where, problem", [
    (("logo: logo-techniek-college.png", "logo: weg.png"), "logo", "no file 'weg.png'"),
    (("logo_alt: Logo van het Techniek College, ICT & Media\n", ""), "logo_alt",
     "a logo needs logo_alt"),
    (("{id: kies, type: checkbox, label: Kies,", "{id: kies, type: checkbox, label: Kies, "
      "width: half,"), "columns[0].width", "width works only on header and free fields"),
])
def test_content_mistakes_in_the_new_keys_are_named(tmp_path, change, where, problem):
    text = EXAMPLE.read_text("utf-8").replace(*change)
    (tmp_path / "logo-techniek-college.png").write_bytes(
        (ROOT / "examples" / "logo-techniek-college.png").read_bytes())
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(formgen.ContentError) as e:
        formgen.load_form(path)
    assert f"{where}: {problem}" in str(e.value)


def test_a_logo_that_is_no_image_is_refused_before_building(tmp_path):
    text = EXAMPLE.read_text("utf-8")
    (tmp_path / "logo-techniek-college.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(formgen.ContentError) as e:
        formgen.load_form(tmp_path / "a.yaml")
    assert "cannot be read as an image" in str(e.value)
