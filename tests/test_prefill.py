"""Prefilled forms per student from a class list."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import Workbook
from pypdf import PdfReader

from formgen.cli import main
from formgen.errors import ContentError
from formgen.prefill import plan, read_class_list, safe_stem, unique_stems
from formgen.readers.core import FormSet, read_file
from formgen.render.pdf_prefill import PdfTemplate

from conftest import FILLERS
from pdfcheck import RENDERERS, flattened_text, inked, widgets

STUDENTS = ["Şükrü Yılmaz", "Małgorzata Wiśniewska", "Zoë d’Hondt"]


def write_csv(path: Path, text: str, bom: bool = True) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


@pytest.fixture
def classlist(tmp_path) -> Path:
    rows = "\n".join(f"{name};Jan de Vries;ja;G" for name in STUDENTS)
    return write_csv(tmp_path / "klas.csv", "Naam deelnemer;begeleider_roc;1.1 Wensen deelnemer;"
                                            f"wp1_1_niveau\n{rows}\n")


@pytest.fixture(scope="module")
def forms():
    return FormSet.load()


def test_one_prefilled_pdf_per_student_reads_back(classlist, runner, tmp_path, forms, form):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--prefill", str(classlist), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 bestanden voor 3 deelnemers geschreven" in result.output
    files = sorted(out.glob("*.pdf"))
    assert sorted(p.stem for p in files) == sorted(STUDENTS)
    for path in files:
        resp = read_file(path, forms)
        assert resp.status == "ok", resp.messages()
        assert (resp.form_id, resp.form_version) == (form.id, form.version)
        assert resp.values["naam_deelnemer"] == path.stem
        assert resp.values["begeleider_roc"] == "Jan de Vries"
        assert resp.values["wp1_1_wens"] is True and resp.values["wp1_1_niveau"] == "G"
        fields = PdfReader(path).get_fields()
        assert not int(fields["naam_deelnemer"].get("/Ff", 0)) & 1, "editable unless --lock"
        assert fields["formgen_identity"]["/V"] == form.identity


def test_lock_makes_only_the_prefilled_fields_read_only(classlist, runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--prefill", str(classlist), "-o", str(out),
                                  "--lock", "--format", "all"])
    assert result.exit_code == 0, result.output
    fields = PdfReader(out / "Zoë d’Hondt.pdf").get_fields()
    assert int(fields["naam_deelnemer"]["/Ff"]) & 1
    assert int(fields["wp1_1_niveau"]["/Ff"]) & 1
    assert not int(fields["wp1_2_niveau"]["/Ff"]) & 1
    with zipfile.ZipFile(out / "Zoë d’Hondt.docx") as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    locked = doc.xpath("//w:sdt[w:sdtPr/w:lock/@w:val='sdtContentLocked']/w:sdtPr/w:tag/@w:val",
                       namespaces=ns)
    assert set(locked) == {"naam_deelnemer", "begeleider_roc", "wp1_1_wens", "wp1_1_niveau=Bg",
                           "wp1_1_niveau=G", "wp1_1_niveau=Bk"}


def test_prefilled_docx_reads_back(classlist, runner, tmp_path, forms):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--prefill", str(classlist), "-o", str(out),
                                "--format", "docx"]).exit_code == 0
    resp = read_file(out / "Małgorzata Wiśniewska.docx", forms)
    assert resp.status == "ok", resp.messages()
    assert resp.values["naam_deelnemer"] == "Małgorzata Wiśniewska"
    assert resp.values["wp1_1_niveau"] == "G"


@pytest.mark.parametrize("filler", list(FILLERS))
def test_prefilled_names_survive_a_student_filling_in_an_engine(filler, form, forms, tmp_path):
    pre = tmp_path / "pre.pdf"
    pre.write_bytes(PdfTemplate(form).fill({"naam_deelnemer": STUDENTS[0],
                                            "begeleider_roc": STUDENTS[1]}))
    for name in STUDENTS[:2]:
        assert name in flattened_text(pre)
    out = FILLERS[filler](pre, {"wp2_1_wens": True, "wp2_1_niveau": "Bk"}, tmp_path / "out.pdf")
    resp = read_file(out, forms)
    assert resp.status == "ok", resp.messages()
    assert resp.values["naam_deelnemer"] == STUDENTS[0]
    assert resp.values["wp2_1_niveau"] == "Bk"
    text = flattened_text(out)
    assert STUDENTS[0] in text and STUDENTS[1] in text


@pytest.mark.parametrize("renderer", list(RENDERERS))
def test_prefilled_ticks_are_drawn(renderer, form, tmp_path):
    values = {"wp1_1_wens": True, "wp1_1_niveau": "Bk", "wp1_2_niveau": "Bg"}
    path = tmp_path / "pre.pdf"
    path.write_bytes(PdfTemplate(form).fill(values))
    image = RENDERERS[renderer](path, 0, tmp_path)
    height = float(PdfReader(path).pages[0].mediabox.height)
    for w in widgets(path):
        if w["page"] != 0 or w["field"].get("/FT") != "/Btn" or not w["name"].startswith("wp1_"):
            continue
        want = values.get(w["name"])
        on = want is True if w["name"].endswith("_wens") else want == w["state"]
        assert (inked(image, w["rect"], height) > 0.08) == on, (w["name"], w["state"])


def test_prefill_is_faster_than_a_layout(form):
    """Not a benchmark: a guard that fill() does not lay the form out again."""
    import time
    template = PdfTemplate(form)
    t = time.perf_counter()
    for name in STUDENTS * 10:
        template.fill({"naam_deelnemer": name})
    assert (time.perf_counter() - t) / 30 < 0.02


# -- class lists -------------------------------------------------------------------

def test_csv_without_bom_and_with_commas(tmp_path, form):
    path = write_csv(tmp_path / "k.csv", 'naam_deelnemer,Begeleider ROC\n"Yılmaz, Şükrü",Piet\n', bom=False)
    p = plan(form, read_class_list(path))
    assert [(c.stem, c.values) for c in p.copies] == [
        ("Yılmaz, Şükrü", {"naam_deelnemer": "Yılmaz, Şükrü", "begeleider_roc": "Piet"})]


def test_xlsx_class_list(tmp_path, form):
    wb = Workbook()
    ws = wb.active
    ws.append(["Naam deelnemer", "Begeleider ROC", "wp1_1_wens"])
    ws.append(["Zoë d’Hondt", "Piet", "x"])
    ws.append([None, None, None])
    wb.save(tmp_path / "k.xlsx")
    p = plan(form, read_class_list(tmp_path / "k.xlsx"))
    assert [(c.stem, c.values, c.line) for c in p.copies] == [
        ("Zoë d’Hondt", {"naam_deelnemer": "Zoë d’Hondt", "begeleider_roc": "Piet",
                         "wp1_1_wens": True}, 2)]


@pytest.mark.parametrize("text, words", [
    ("Naam deelnemer;Begeleidr ROC\nJan;Piet\n",
     ["kolom B 'Begeleidr ROC' is geen veld: bedoel je 'begeleider roc'?"]),
    ("Naam deelnemr\nJan\n", ["kolom A 'Naam deelnemr' is geen veld: bedoel je 'naam deelnemer'?",
                              "er is geen kolom voor het verplichte veld 'Naam deelnemer'"]),
    ("Naam deelnemer;wp1_1_wens\nJan;misschien\n",
     ["rij 2, kolom B 'wp1_1_wens': 'misschien' is geen ja of nee"]),
    ("Naam deelnemer;wp1_1_niveau\n\nJan;Expert\n",    # row 3 as a text editor and Excel show it
     ["rij 3, kolom B 'wp1_1_niveau': 'Expert' is geen van Bg, G, Bk"]),
    ("Naam deelnemer;Begeleider ROC\n;Piet\n", ["rij 2, kolom A: 'Naam deelnemer' is leeg"]),
])
def test_a_bad_class_list_is_reported_whole_before_anything_is_written(text, words, runner, tmp_path):
    path = write_csv(tmp_path / "klas.csv", text)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--prefill", str(path), "-o", str(out)])
    assert result.exit_code == 1
    for w in words:
        assert w in result.output, result.output
    assert "klas.csv" in result.output and "oplossing:" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not list(out.iterdir())


def test_a_level_by_its_full_name(tmp_path, form):
    path = write_csv(tmp_path / "k.csv", "Naam deelnemer;wp1_1_niveau\nJan;gevorderd\n")
    assert plan(form, read_class_list(path)).copies[0].values["wp1_1_niveau"] == "G"


def test_existing_files_stop_the_run_before_any_is_written(classlist, runner, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "Zoë d’Hondt.pdf").write_bytes(b"keep")
    result = runner.invoke(main, ["build", "--prefill", str(classlist), "-o", str(out)])
    assert result.exit_code == 1 and "het bestand bestaat al" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["Zoë d’Hondt.pdf"]


# -- file names ------------------------------------------------------------------------

@pytest.mark.parametrize("name, stem", [
    ("Şükrü Yılmaz", "Şükrü Yılmaz"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
    ("  ..hidden. ", "hidden"),
    ("CON", "CON_row-9"),
    ("", "row-9"),
    ("x" * 300, "x" * 100),
    ("Zoe\u0308 d’Hondt", "Zoë d’Hondt"),
])
def test_safe_file_names(name, stem):
    assert safe_stem(name, "row-9") == stem


def test_same_names_do_not_overwrite_each_other():
    assert unique_stems(["Jan", "jan", "Jan", "Piet"]) == ["Jan", "jan (2)", "Jan (3)", "Piet"]


def test_letters_the_font_cannot_draw_are_warned_about(tmp_path, runner):
    path = write_csv(tmp_path / "k.csv", "Naam deelnemer\nĀrija Bērziņa\n")
    result = runner.invoke(main, ["build", "--prefill", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0
    assert ("let op: rij 2: Naam deelnemer heeft letters die het PDF-lettertype niet kan "
            "tekenen (Āē") in result.output


def test_class_list_errors_name_the_file(tmp_path, form):
    """Bytes that are text in no encoding (a picture saved as .csv) are
    refused, naming the file; Windows-1252 is read (test_classlists)."""
    path = tmp_path / "k.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(ContentError, match="not text in an encoding formgen knows") as e:
        read_class_list(path)
    assert str(path) in str(e.value)


def test_prefilled_names_are_drawn_right_by_pdfjs_pdfium_and_pymupdf(form, tmp_path):
    import pymupdf

    from pdfcheck import drawn_text_pdfjs

    path = tmp_path / "pre.pdf"
    path.write_bytes(PdfTemplate(form).fill({"naam_deelnemer": STUDENTS[0],
                                             "begeleider_roc": STUDENTS[2]}))
    doc = pymupdf.open(path)
    doc.bake()                       # MuPDF draws the widgets into the pages
    mupdf_text = "".join(page.get_text() for page in doc)
    doc.close()
    for drawn in (drawn_text_pdfjs(path), flattened_text(path), mupdf_text):
        assert STUDENTS[0] in drawn and STUDENTS[2] in drawn
