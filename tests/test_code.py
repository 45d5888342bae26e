"""The ``code`` field (a student number) on ``examples/bpv-evaluatie.yaml``:
a comb field on screen, a text control in Word, digits written in cells and
coloured in under them on paper; matched to the class list by the number
alone, only where it is on the list and on no other copy."""

from __future__ import annotations

import json
import random

import pytest
from pypdf import PdfReader

import formgen
from formgen.cli import main
from formgen.readers.core import read_file
from formgen.render.docx import render_docx
from formgen.render.pdf_print import numbered_ids, render_print_pack

from conftest import ROOT, fill_pymupdf, soffice
from pdfium_fill import fill_pdfium
from wordfill import fill_docx

EXAMPLE = ROOT / "examples" / "bpv-evaluatie.yaml"


@pytest.fixture(scope="module")
def form():
    return formgen.load_form(EXAMPLE)


def test_on_screen_it_is_one_comb_field_of_its_digits(blank):
    # the circles are print only: the comb field is the one widget of the name
    widgets = [a.get_object() for p in PdfReader(blank).pages for a in p.get("/Annots", [])
               if a.get_object().get("/T") == "studentnummer"]
    assert len(widgets) == 1
    assert widgets[0]["/MaxLen"] == 7 and widgets[0]["/Ff"] & (1 << 24)


@pytest.mark.parametrize("engine", ["pymupdf", "pdfium"])
@pytest.mark.parametrize("typed, read, warned", [
    ("0012345", "0012345", False),
    ("12345", "0012345", False),          # the leading zeros left out
    ("12a4567", "12a4567", True),         # kept as typed, with a warning
])
def test_typed_in_a_pdf_reader_it_reads_back_as_its_digits(engine, typed, read, warned, forms,
                                                           blank, tmp_path):
    fill = fill_pymupdf if engine == "pymupdf" else fill_pdfium
    resp = read_file(fill(blank, {"student": "Zoë d’Hondt", "studentnummer": typed},
                          tmp_path / f"{engine}.pdf"), forms)
    assert resp.values["studentnummer"] == read
    assert ("not_a_code" in [p.code for p in resp.problems]) == warned
    if warned:
        assert "geen nummer van 7 cijfers" in " ".join(resp.messages())


def test_typed_in_word_and_saved_as_odt_it_reads_back(form, forms, tmp_path):
    docx = tmp_path / "bpv.docx"
    docx.write_bytes(render_docx(form))
    # one text control, in a row as high as a line (the circles are for paper only)
    import zipfile

    from lxml import etree
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    tags = [t for t in root.iter(f"{w}tag") if t.get(f"{w}val") == "studentnummer"]
    assert len(tags) == 1
    row = next(a for a in tags[0].iterancestors() if a.tag == f"{w}tr")
    height = row.find(f"{w}trPr/{w}trHeight")
    assert height is None or int(height.get(f"{w}val")) < 30 * 20          # twips
    filled = fill_docx(docx, {"student": "Şükrü Yılmaz", "studentnummer": "0123456"},
                       tmp_path / "sukru.docx")
    odt = soffice(tmp_path, "odt", filled) / "sukru.odt"
    for path in (filled, odt):
        resp = read_file(path, forms)
        assert resp.values["studentnummer"] == "0123456", path.suffix


CLASS = ("Student;studentnummer\nŞükrü Yılmaz;1234567\nMałgorzata Wiśniewska;12345\n"
         "Zoë d’Hondt;7000001\nDaan Smit;2223334\n")


@pytest.fixture(scope="module")
def numbered_stack(form, tmp_path_factory):
    """Seven numbered copies, pen-filled: three students on the list (one
    number written with its leading zeros, which the list leaves out), one
    number not on the list, one number on two copies, one number with two
    circles coloured in one column."""
    import scangen
    d = tmp_path_factory.mktemp("nummers")
    (d / "klas.csv").write_text(CLASS, encoding="utf-8")
    ids = numbered_ids(7, "code01")
    pdf = render_print_pack(form, [(i, {}) for i in ids])
    numbers = ["1234567", "0012345", "7000001", "7654321", "2223334", "2223334", "1234567"]
    styles = ["bubble", "cross", "check", "bubble", "bubble", "cross", "bubble"]
    rng = random.Random(77)
    pages = []
    for n, (number, style) in enumerate(zip(numbers, styles)):
        st = scangen.Student(written={"student"})
        scangen.number(st, "studentnummer", number, style)
        if n == 6:                             # a second circle in the third column
            st.marks.append(("studentnummer", "3-8", "bubble"))
        pages += scangen.scan_copy(pdf, form, st, lambda r: scangen.Effects(
            dpi=200, rotate=r.uniform(-1, 1)), rng, first=2 * n, pages=2)
    (d / "in").mkdir()
    scangen.save(pages, d / "in" / "stapel.pdf", "pdf")
    return d, ids, numbers


def test_numbers_on_paper_find_their_students_and_the_others_go_to_a_person(
        runner, numbered_stack):
    d, ids, numbers = numbered_stack
    out = d / "out.json"
    result = runner.invoke(main, ["read", str(d / "in"), "--content", str(EXAMPLE),
                                  "--expect", str(d / "klas.csv"),
                                  "-o", str(out), "--review", str(d / "controle.pdf")])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    by_copy = {r["copy"]: r for r in data["returns"]}
    assert len(by_copy) == 7
    names = ["Şükrü Yılmaz", "Małgorzata Wiśniewska", "Zoë d’Hondt"]
    for n, name in enumerate(names):             # read exactly, matched, the name from the list
        r = by_copy[ids[n]]
        assert r["values"]["studentnummer"] == numbers[n]
        assert r["values"]["student"] == name
        assert not {"student", "studentnummer"} & set(r["review"]), r["review"]
    not_listed, twice, twice_too, unclear = (by_copy[ids[n]] for n in (3, 4, 5, 6))
    assert not_listed["values"]["studentnummer"] == "7654321"
    for r in (not_listed, twice, twice_too, unclear):    # a person reads the written name
        assert {"student", "studentnummer"} <= set(r["review"]), r
    said = " ".join(twice["problems"])
    assert "Studentnummer 2223334 staat ook op stapel.pdf#11: niet gekoppeld" in said
    assert "niet op de klaslijst" in " ".join(not_listed["problems"])
    # Daan's number is on two sheets: neither is his for sure, so he is missing
    assert [m["name"] for m in data["missing"]] == ["Daan Smit"]


def test_a_column_with_two_circles_or_none_is_doubtful_not_guessed(form):
    from formgen.readers.scan_model import Mark
    spec = form.field("studentnummer").spec

    def marks(chosen: dict, written=True):
        out = [Mark(str(c), "ink" if written else "empty", 0.1) for c in range(1, 8)]
        for c in range(1, 8):
            for d in range(10):
                state = chosen.get((c, d), "empty")
                out.append(Mark(f"{c}-{d}", state, 0.5 if state != "empty" else 0.0))
        return out
    full = {(c, int(d)): "filled" for c, d in zip(range(1, 8), "0012345")}
    assert spec.read_scan(None, marks(full)) == ("0012345", None)
    ticked = {k: "ticked" for k in full}
    assert spec.read_scan(None, marks(ticked)) == ("0012345", None)
    assert spec.read_scan(None, marks({**full, (3, 9): "filled"})) == ("", "code_unclear")
    assert spec.read_scan(None, marks({k: v for k, v in full.items() if k[0] != 5})) == \
        ("", "code_unclear")
    assert spec.read_scan(None, marks({**full, (2, 0): "unsure"})) == ("", "code_unclear")
    assert spec.read_scan(None, marks({})) == ("", "handwriting")
    assert spec.read_scan(None, marks({}, written=False)) == ("", None)


def test_a_class_list_number_without_its_zeros_matches_and_a_bad_one_is_named(form):
    spec = form.field("studentnummer").spec
    assert spec.parse("12345") == "0012345" and spec.key_text("0012345") == "12345"
    with pytest.raises(ValueError, match="geen nummer|not a number"):
        spec.parse("12-345")


def test_the_number_keeps_its_zeros_as_text_in_the_workbook_and_csv(forms, blank, tmp_path):
    import io

    from openpyxl import load_workbook

    from formgen.office.exporters import to_csv, to_xlsx
    resp = read_file(fill_pymupdf(blank, {"student": "Zoë d’Hondt", "studentnummer": "0012345"},
                                  tmp_path / "zoe.pdf"), forms)
    sheet = load_workbook(io.BytesIO(to_xlsx([resp], forms)))["Antwoorden"]
    head = [c.value for c in sheet[1]]
    cell = sheet.cell(2, head.index("Studentnummer") + 1)
    assert cell.value == "0012345" and cell.data_type == "s"
    assert "0012345" in to_csv([resp], forms).decode("utf-8-sig")
