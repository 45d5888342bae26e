"""The layout plan, and the PDF drawn from it: every widget inside the page
and inside its cell, no two overlapping, every title and option label whole."""

from __future__ import annotations

import itertools
import subprocess

import pytest
from pypdf import PdfReader

import formgen
from formgen.layout import CELL_PAD, CONTENT_WIDTH, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH
from formgen.render.pdf import render_pdf
from formgen.render.pdf_fields import FieldWriter

from conftest import ROOT

FORMS = {
    "bundled": None,
    "course-feedback": ROOT / "examples" / "course-feedback.yaml",
    "bpv-evaluatie": ROOT / "examples" / "bpv-evaluatie.yaml",
    "aanmelding-keuzedelen": ROOT / "examples" / "aanmelding-keuzedelen.yaml",   # every new key
}


@pytest.fixture(scope="module", params=list(FORMS))
def drawn(request, tmp_path_factory):
    form = formgen.load_form(FORMS[request.param])
    writer = FieldWriter(form)
    path = tmp_path_factory.mktemp("layout") / f"{request.param}.pdf"
    path.write_bytes(render_pdf(form, writer=writer))
    return form, writer, path


def inside(inner, outer, slack=0.01) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and
            inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def test_plan_slots_and_labels_stay_inside_their_cells(drawn):
    form, _, _ = drawn
    for block in form.layout.blocks:
        assert abs(sum(block.columns) - CONTENT_WIDTH) < 0.01 or not block.columns
        for row in block.rows:
            assert len(row.cells) == len(block.columns)
            for cell in row.cells:
                inner = cell.width - 2 * CELL_PAD
                for slot in cell.slots:
                    assert slot.x >= 0 and slot.x + slot.width <= inner + 0.01, slot
                    assert slot.label_x + slot.label_width <= inner + 0.01, slot


def test_every_widget_lies_inside_the_page_and_its_cell(drawn):
    form, writer, path = drawn
    printable = (MARGIN_X - 0.01, 20, PAGE_WIDTH - MARGIN_X + 0.01, PAGE_HEIGHT - 20)
    count = 0
    for field_id, places in writer.placed.items():
        for page, option, rect, box in places:
            assert inside(rect, printable), (field_id, option, rect)
            assert inside(rect, box), (field_id, option, rect, box)
            count += 1
    assert count == sum(1 for _ in form.layout.slots())
    # and the file says the same: every visible widget on the page
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if int(annot.get("/F", 0)) & 2:         # the hidden identity field
                continue
            assert inside([float(v) for v in annot["/Rect"]], printable)


def test_cells_sit_on_the_plan_s_grid(drawn):
    form, writer, _ = drawn
    starts = set()
    for block in form.layout.blocks:
        x = MARGIN_X
        for w in block.columns:
            starts.add(round(x + CELL_PAD, 1))
            x += w
    for places in writer.placed.values():
        for _, _, _, box in places:
            assert round(box[0], 1) in starts, box


def test_no_two_widgets_overlap(drawn):
    _, writer, _ = drawn
    by_page: dict[int, list] = {}
    for field_id, places in writer.placed.items():
        for page, option, rect, _ in places:
            by_page.setdefault(page, []).append((field_id, option, rect))
    for page, rects in by_page.items():
        for (a, oa, ra), (b, ob, rb) in itertools.combinations(rects, 2):
            apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
            assert apart, f"page {page}: {a}={oa} overlaps {b}={ob}"


def test_section_titles_and_option_labels_are_printed_whole(drawn):
    form, _, path = drawn
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    padded = f" {flat} "
    words = type("Words", (), {"__contains__": lambda self, w: f" {w} " in padded})()
    for block in form.layout.blocks:
        if block.kind == "heading":
            assert block.text in flat
        for row in block.rows:
            if row.kind == "section":
                assert " ".join(row.cells[0].text.split()) in flat, row.cells[0].text
            for cell in row.cells:
                if cell.style == "head_c":
                    assert all(w in words for w in cell.text.split()), cell.text
                for slot in cell.slots:
                    if slot.label:
                        assert all(w in words for w in slot.label.split()), slot.label


SIX = """\
id: zes
version: 1
title: Zes opties
fields:
  - id: vervoer
    type: choice
    label: Hoe kom je naar je stageadres?
    options:
      - {value: fiets, label: met de fiets}
      - {value: bus, label: met de bus of tram}
      - {value: trein, label: met de trein}
      - {value: auto, label: met de auto}
      - {value: lopen, label: lopend}
      - {value: anders, label: "anders, namelijk"}
sections:
  - title: Eindoordeel en ondertekening
    fields:
      - {id: akkoord, type: checkbox, label: "Akkoord:"}
      - {id: naam, type: text, label: "Naam*"}
"""


def test_many_options_wrap_inside_their_field_and_labels_get_one_colon(tmp_path):
    form = formgen.loads_form(SIX)
    slots = [s for s in form.layout.slots() if s.field_id == "vervoer"]
    assert len(slots) == 6 and len({s.y for s in slots}) == 2, "six options wrap onto two lines"
    writer = FieldWriter(form)
    path = tmp_path / "zes.pdf"
    path.write_bytes(render_pdf(form, writer=writer))
    for page, option, rect, box in writer.placed["vervoer"]:
        assert rect[2] <= PAGE_WIDTH - MARGIN_X and inside(rect, box)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Hoe kom je naar je stageadres?" in text and "stageadres?:" not in text
    assert "Akkoord:" in text and "Akkoord::" not in text and "Naam*" in text
    assert "Eindoordeel en ondertekening" in text, "a section without items keeps its title"


LONG_LABEL = """\
id: stage
version: "1"
title: Stage
language: {language}
texts: {texts}
fields:
  - {{id: slb, type: text, label: Studieloopbaanbegeleider}}
  - {{id: naam, type: text, label: Naam}}
sections:
  - title: Opmerkingen
    fields:
      - {{id: opm, type: textarea, label: Opmerkingen}}
"""


def test_a_label_too_long_for_its_column_breaks_where_the_language_allows(tmp_path):
    """'Studieloopbaanbegeleider' is wider than the label column: it builds,
    and the PDF breaks it at a Dutch hyphenation point with a hyphen; in a
    language formgen has no hyphenation for, validate refuses it."""
    form = formgen.loads_form(LONG_LABEL.format(language="nl-NL", texts="{}"))
    path = tmp_path / "stage.pdf"
    path.write_bytes(render_pdf(form))
    lines = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    broken = [ln.strip() for ln in lines if "Studieloopbaan" in ln or "begeleider" in ln]
    assert broken and broken[0].startswith("Studieloopbaan") and broken[0].endswith("-")
    assert any(ln.startswith("der:") or ln.startswith("leider:") or ln.startswith("geleider:")
               for ln in (x.strip() for x in lines))
    texts = ("{page: 'p {page}/{pages}', version: 'v {version}', placeholder: '.', "
             "date_hint: '.', date_placeholder: '.', signature_date: '.', correction: '.', "
             "copy_number: '{n}'}")
    with pytest.raises(formgen.ContentError, match="wider than the label column"):
        formgen.loads_form(LONG_LABEL.format(language="xx-YY", texts=texts))


def test_every_description_is_printed_as_written_also_where_a_hyphen_ends_a_line():
    """A word broken at its own hyphen at a line's end keeps the hyphen:
    reportlab broke a table cell's lines a second time to draw them, and the
    second breaking printed "ICTbeheerder" where "ICT-" had ended a line
    (1.4 and 1.5 of the bundled form). Every description of every example
    is in the PDF's text word for word."""
    import io
    import re

    for path in FORMS.values():
        form = formgen.load_form(path)
        reader = PdfReader(io.BytesIO(render_pdf(form)))
        text = "\n".join(page.extract_text() for page in reader.pages)
        joined = re.sub(r"\s+", " ", re.sub(r"-\n", "-", text))
        for section in form.sections:
            for item in section.items:
                if item.description:
                    assert " ".join(item.description.split()) in joined, (path, item.code)
        assert "ICTbeheerder" not in text
