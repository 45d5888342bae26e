"""The Word template: its XML queried with XPath, filled like Word does,
round-tripped through LibreOffice, and bad .docx files refused."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import formgen
from formgen.readers.core import FormSet, read_file
from formgen.readers.docx import read_docx_fields
from formgen.render.docx import render_docx

from conftest import NAMES, ROOT, soffice
from wordfill import fill_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
VALUES = {**NAMES, "wp1_1_wens": True, "wp1_1_niveau": "G", "wp2_3_wens": True,
          "wp2_3_niveau": "Bk", "wp4_3_wens": True, "wp4_3_niveau": "Bg"}


def part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


@pytest.fixture(scope="module")
def docs(form, tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("docx")
    blank = d / "blank.docx"
    blank.write_bytes(render_docx(form))
    filled = fill_docx(blank, VALUES, d / "filled.docx")
    return {"blank": blank, "filled": filled}


@pytest.fixture(scope="module")
def forms():
    return FormSet.load()


def expected(form, values):
    return {f.id: values.get(f.id, {"checkbox": False, "choice": None}.get(f.type, ""))
            for f in form.all_fields()}


def test_checkbox_and_text_controls_with_tags(docs):
    doc = part(docs["blank"], "word/document.xml")
    boxes = doc.xpath("//w:sdt[w:sdtPr/w14:checkbox]/w:sdtPr/w:tag/@w:val", namespaces=NS)
    wens = [t for t in boxes if t.endswith("_wens")]
    levels = [t for t in boxes if "_niveau=" in t]
    assert len(boxes) == 17 + 51 and len(wens) == 17 and len(levels) == 51
    assert {t.split("=")[1] for t in levels} == {"Bg", "G", "Bk"}
    assert levels[:3] == ["wp1_1_niveau=Bg", "wp1_1_niveau=G", "wp1_1_niveau=Bk"]
    texts = doc.xpath("//w:sdt[w:sdtPr/w:placeholder]", namespaces=NS)
    assert [t.xpath("string(w:sdtPr/w:tag/@w:val)", namespaces=NS) for t in texts] == \
        ["naam_deelnemer", "begeleider_roc"]
    for t in texts:
        assert t.xpath("w:sdtPr/w:showingPlcHdr", namespaces=NS)
        assert t.xpath("string(.//w:rStyle/@w:val)", namespaces=NS) == "PlaceholderText"
        assert t.xpath("string(w:sdtPr/w:alias/@w:val)", namespaces=NS)
    states = doc.xpath("//w14:checkbox/w14:checkedState/@w14:val", namespaces=NS)
    assert set(states) == {"2612"} and len(states) == 68
    assert set(doc.xpath("//w:sdt[w:sdtPr/w14:checkbox]//w:t/text()", namespaces=NS)) == {"\u2610"}


def test_form_protection_and_identity(docs, form):
    settings = part(docs["blank"], "word/settings.xml")
    prot = settings.xpath("w:documentProtection", namespaces=NS)
    assert len(prot) == 1
    assert prot[0].get(f"{{{W}}}edit") == "forms" and prot[0].get(f"{{{W}}}enforcement") == "1"
    assert not prot[0].get(f"{{{W}}}hash")
    core = part(docs["blank"], "docProps/core.xml")
    assert form.identity in core.findtext(f"{{{NS['cp']}}}keywords")
    footer = part(docs["blank"], "word/footer1.xml") if _has(docs["blank"], "word/footer1.xml") \
        else part(docs["blank"], "word/footer2.xml")
    text = "".join(footer.itertext())
    assert form.id in text and "versie 1.0" in text and "pagina" in text


def _has(path, name):
    with zipfile.ZipFile(path) as z:
        return name in z.namelist()


def test_real_styles_and_table_rows(docs):
    doc = part(docs["blank"], "word/document.xml")
    assert doc.xpath("//w:p[w:pPr/w:pStyle/@w:val='Title']", namespaces=NS)
    tables = doc.xpath("//w:tbl[w:tblPr/w:tblStyle/@w:val='TableGrid']", namespaces=NS)
    assert len(tables) == 4
    for t in tables:
        assert len(t.xpath("w:tr[w:trPr/w:tblHeader]", namespaces=NS)) == 3  # heads + section
        assert all(tr.xpath("w:trPr/w:cantSplit", namespaces=NS) for tr in t.xpath("w:tr", namespaces=NS))


def test_round_trip_filled_like_word(docs, form, forms):
    resp = read_file(docs["filled"], forms)
    assert resp.status == "ok", resp.messages()
    assert resp.values == expected(form, VALUES)
    doc = part(docs["filled"], "word/document.xml")
    ticked = doc.xpath("//w14:checked[@w14:val='1']", namespaces=NS)
    assert len(ticked) == 6


def test_the_glyph_never_decides(docs, form, tmp_path):
    """A ☒ typed over an unticked control does not tick it."""
    with zipfile.ZipFile(docs["blank"]) as z:
        files = {n: z.read(n) for n in z.namelist()}
    files["word/document.xml"] = files["word/document.xml"].replace("\u2610".encode(), "\u2612".encode())
    path = tmp_path / "glyphs.docx"
    with zipfile.ZipFile(path, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    raw = read_docx_fields(path)
    assert all(not f.value for f in raw.fields.values() if f.kind == "button")


def test_two_levels_are_reported(docs, forms, tmp_path):
    path = fill_docx(docs["filled"], {"wp1_1_niveau": "Bk"}, tmp_path / "one.docx")
    # fill_docx sets exactly one level; tick a second one by hand
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(files["word/document.xml"])
    sdt = root.xpath("//w:sdt[w:sdtPr/w:tag/@w:val='wp1_1_niveau=G']", namespaces=NS)[0]
    sdt.xpath(".//w14:checked", namespaces=NS)[0].set(f"{{{NS['w14']}}}val", "1")
    files["word/document.xml"] = etree.tostring(root)
    two = tmp_path / "two.docx"
    with zipfile.ZipFile(two, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    resp = read_file(two, forms)
    assert resp.values["wp1_1_niveau"] is None
    assert "1.1 Niveau: meer dan één keuze aangevinkt (G, Bk)" in resp.messages()


def test_example_form_docx_round_trip(example_form, tmp_path):
    blank = tmp_path / "cf.docx"
    blank.write_bytes(render_docx(example_form))
    values = {"student_name": "Zoë d’Hondt", "comments": "Line one\nLine two",
              "course_group": "B", "may_contact": True, "session2_attended": True,
              "session2_rating": "3"}
    filled = fill_docx(blank, values, tmp_path / "cf-filled.docx")
    resp = read_file(filled, FormSet.load(ROOT / "examples"))
    assert resp.status == "ok", resp.messages()
    assert resp.values == expected(example_form, values)


# -- LibreOffice -----------------------------------------------------------------

@pytest.fixture(scope="module")
def libreoffice(docs, tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("lo")
    pdfs = soffice(tmp, "pdf", docs["blank"], docs["filled"])
    saved = soffice(tmp, "docx", docs["blank"], docs["filled"])
    return {"blank_pdf": pdfs / "blank.pdf", "filled_pdf": pdfs / "filled.pdf",
            "blank_docx": saved / "blank.docx", "filled_docx": saved / "filled.docx"}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_libreoffice_renders_the_checkboxes(libreoffice):
    blank, filled = pdf_text(libreoffice["blank_pdf"]), pdf_text(libreoffice["filled_pdf"])
    assert blank.count("\u2610") == 68 and blank.count("\u2612") == 0
    assert filled.count("\u2612") == 6 and filled.count("\u2610") == 62
    assert "Şükrü Yılmaz" in filled


def test_a_file_saved_by_libreoffice_reads_back_the_same(libreoffice, form, forms):
    with zipfile.ZipFile(libreoffice["filled_docx"]) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    resp = read_file(libreoffice["filled_docx"], forms)
    assert resp.status == "ok", resp.messages()
    assert resp.values == expected(form, VALUES)
    # what LibreOffice 7.4 does to the controls, so a change in it shows up here
    assert not doc.xpath("//w:sdtPr/w:tag", namespaces=NS)


def test_an_untouched_template_saved_by_libreoffice_reads_empty(libreoffice, form, forms):
    resp = read_file(libreoffice["blank_docx"], forms)
    assert resp.values == expected(form, {})
    assert resp.messages() == ["niets ingevuld", "Naam deelnemer is niet ingevuld"]


# -- bad input -------------------------------------------------------------------

def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>"""


@pytest.mark.parametrize("name, make, code", [
    ("random.docx", lambda p: p.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8), "corrupt"),
    ("text.docx", lambda p: p.write_bytes(b"this is not a zip"), "not_a_form_file"),
    ("other.docx", lambda p: _zip(p, {"hello.txt": b"hi"}), "not_a_form_file"),
    ("bomb.docx", lambda p: _zip(p, {"word/document.xml": b"\0" * (200 * 1024 * 1024)}), "unsafe"),
    ("entities.docx", lambda p: _zip(p, {"word/document.xml": BILLION_LAUGHS}), "unsafe"),
])
def test_bad_docx_is_refused_with_a_reason(name, make, code, forms, tmp_path):
    import time
    path = tmp_path / name
    make(path)
    t = time.perf_counter()
    resp = read_file(path, forms)
    assert time.perf_counter() - t < 5
    assert resp.status == "rejected"
    assert [p.code for p in resp.problems] == [code]


def test_a_bomb_whose_header_lies_is_still_refused(forms, tmp_path):
    """The zip directory claims a small entry; reading stops at the cap anyway."""
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>")
    data = bytearray(big.getvalue())
    # patch the uncompressed size in the central directory to 1 KB
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (1024).to_bytes(4, "little")
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    resp = read_file(path, forms)
    assert resp.status == "rejected" and resp.problems[0].code in ("unsafe", "corrupt")


# -- valid by construction, written the way Word writes it --------------------------

def every_docx(form, tmp_path) -> dict[str, Path]:
    """Every kind of .docx formgen writes: blank, prefilled, locked, the examples."""
    from formgen.render.docx import DocxTemplate
    out = {}
    for name, f in {"bundled": form,
                    "course-feedback": formgen.load_form(ROOT / "examples" / "course-feedback.yaml"),
                    "bpv-evaluatie": formgen.load_form(ROOT / "examples" / "bpv-evaluatie.yaml"),
                    "aanmelding-keuzedelen": formgen.load_form(
                        ROOT / "examples" / "aanmelding-keuzedelen.yaml")}.items():
        out[name] = tmp_path / f"{name}.docx"
        out[name].write_bytes(render_docx(f))
    from test_fields import all_types_yaml
    out["all-types"] = tmp_path / "all-types.docx"
    out["all-types"].write_bytes(render_docx(formgen.loads_form(all_types_yaml())))
    template = DocxTemplate(form)
    out["prefilled"] = tmp_path / "prefilled.docx"
    out["prefilled"].write_bytes(template.fill(VALUES))
    out["locked"] = tmp_path / "locked.docx"
    out["locked"].write_bytes(template.fill(VALUES, locked=list(VALUES)))
    return out


@pytest.fixture(scope="module")
def written(form, tmp_path_factory):
    return every_docx(form, tmp_path_factory.mktemp("every-docx"))


def test_the_open_xml_validator_finds_nothing_in_any_docx_formgen_writes(written):
    from openxml_audit import FileFormat, OpenXmlValidator
    validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=100)
    for name, path in written.items():
        result = validator.validate(str(path))
        findings = [f"{e.description} ({getattr(e, 'part_uri', '')})" for e in result.errors]
        assert findings == [], name


def test_cell_widths_are_the_grid_they_span_and_each_cell_is_shaded_once(written):
    for name, path in written.items():
        doc = part(path, "word/document.xml")
        for tbl in doc.xpath("//w:tbl", namespaces=NS):
            grid = [int(w) for w in tbl.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
            for tr in tbl.xpath("w:tr", namespaces=NS):
                c = 0
                for tc in tr.xpath("w:tc", namespaces=NS):
                    span = int(tc.xpath("string(w:tcPr/w:gridSpan/@w:val)", namespaces=NS) or 1)
                    width = int(tc.xpath("string(w:tcPr/w:tcW/@w:w)", namespaces=NS))
                    assert abs(width - sum(grid[c:c + span])) <= span, (name, c, width)
                    assert len(tc.xpath("w:tcPr/w:shd", namespaces=NS)) <= 1
                    c += span
                assert c == len(grid), name


def test_language_compatibility_fonts_and_placeholders_as_word_writes_them(written):
    path = written["bpv-evaluatie"]
    styles, settings = part(path, "word/styles.xml"), part(path, "word/settings.xml")
    assert styles.xpath("string(w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val)",
                        namespaces=NS) == "nl-NL"
    assert settings.xpath("string(w:themeFontLang/@w:val)", namespaces=NS) == "nl-NL"
    assert settings.xpath("string(w:compat/w:compatSetting[@w:name='compatibilityMode']/@w:val)",
                          namespaces=NS) == "15"
    for style in ("Normal", "Title", "Heading2"):
        fonts = styles.xpath(f"w:style[@w:styleId='{style}']/w:rPr/w:rFonts", namespaces=NS)[0]
        assert fonts.get(f"{{{W}}}ascii") == fonts.get(f"{{{W}}}hAnsi") == "Arial", style
    assert styles.xpath("w:style[@w:styleId='PlaceholderText']/w:rPr/w:color/@w:val",
                        namespaces=NS) == ["808080"]
    with zipfile.ZipFile(path) as z:
        assert "word/stylesWithEffects.xml" not in z.namelist()
        glossary = etree.fromstring(z.read("word/glossary/document.xml"))
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "glossaryDocument" in rels
    parts = {p.xpath("string(w:docPartPr/w:name/@w:val)", namespaces=NS):
             p.xpath("string(w:docPartBody)", namespaces=NS)
             for p in glossary.xpath("//w:docPart", namespaces=NS)}
    doc = part(path, "word/document.xml")
    for sdt in doc.xpath("//w:sdt[w:sdtPr/w:placeholder]", namespaces=NS):
        name = sdt.xpath("string(w:sdtPr/w:placeholder/w:docPart/@w:val)", namespaces=NS)
        shown = sdt.xpath("string(w:sdtContent)", namespaces=NS)
        assert name in parts and parts[name] == shown      # the hint comes back when emptied


def test_libreoffice_prints_the_template_within_the_page_with_grey_placeholders(written, tmp_path):
    import pymupdf
    pdf = soffice(tmp_path, "pdf", written["bpv-evaluatie"]) / "bpv-evaluatie.pdf"
    doc = pymupdf.open(pdf)
    grey = black = 0
    for page in doc:
        xs = [v for d in page.get_drawings() for v in (d["rect"].x0, d["rect"].x1)]
        margin = 18 * 72 / 25.4
        assert min(xs) >= margin - 1.5 and max(xs) <= page.rect.width - margin + 1.5
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    if span["text"].startswith("Klik of tik"):
                        grey += span["color"] == 0x808080
                        black += span["color"] != 0x808080
    doc.close()
    assert grey >= 10 and black == 0
