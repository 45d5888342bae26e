"""The page plan (``form.pages``, :mod:`formgen.layout_pages`): the PDF read
back has the plan's pages and its widgets where the plan has the slots, for
every example with the whole form shifted down line by line (so that page
breaks fall before, inside and after every table, heading and legend
entry); the scan reader takes its boxes from it without drawing a PDF."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
import yaml
from pypdf import PdfReader

import formgen
import formgen.render.pdf as render_pdf_module

from conftest import ROOT

EXAMPLES = {
    "bundled": ROOT / "content" / "wensenformulier-ict-beheerder.yaml",
    "course-feedback": ROOT / "examples" / "course-feedback.yaml",
    "bpv-evaluatie": ROOT / "examples" / "bpv-evaluatie.yaml",
    "aanmelding-keuzedelen": ROOT / "examples" / "aanmelding-keuzedelen.yaml",
    "teksten": "teksten",
}


#: Text sections one after another (the space after a paragraph and before
#: the next heading overlap), paragraphs long enough to be split, free
#: fields after text: what the examples have little of.
TEXTS = {
    "id": "teksten", "version": "1", "title": "Teksten", "language": "nl",
    "fields": [{"id": "naam", "type": "text", "label": "Naam"}],
    "sections": [
        {"title": f"Deel {n}",
         "text": "\n\n".join(" ".join(["Een zin over dit deel van het formulier."] * (3 + n % 4))
                             for _ in range(1 + n % 3)),
         **({"fields": [{"id": f"akkoord{n}", "type": "checkbox", "label": "Akkoord"},
                        {"id": f"toelichting{n}", "type": "textarea", "label": "Toelichting"}]}
            if n % 2 else {})}
        for n in range(9)],
}


def shifted(path, lines: int, title_words: int = 0):
    """The form of ``path`` with ``lines`` more lines of intro (12.5 pt each)
    and a title longer by ``title_words`` words (20 pt a line it wraps to)."""
    data = (yaml.safe_load(path.read_text(encoding="utf-8")) if path != "teksten"
            else dict(TEXTS))
    data["intro"] = (data.get("intro") or "") + "\nregel" * lines
    data["title"] = data["title"] + " lange titel" * title_words
    return formgen.loads_form(yaml.safe_dump(data, allow_unicode=True), name=f"{path}",
                              base=ROOT / "examples")


def widgets(pdf: bytes) -> tuple[int, dict]:
    """The page count of ``pdf`` and where its widgets of a field of their own
    (a text field, a box, a date) lie: field name -> (page, rect), as pypdf
    reads them from the file."""
    reader = PdfReader(io.BytesIO(pdf))
    out = {}
    for n, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots", []):
            obj = annot.get_object()
            if obj.get("/Subtype") == "/Widget" and "/T" in obj and "/Parent" not in obj:
                out[str(obj["/T"])] = (n, tuple(float(v) for v in obj["/Rect"]))
    return len(reader.pages), out


# title_words 5 makes the title two lines: with the intro's 12.5 pt lines,
# the form moves down in steps of 2.5 pt over the runs below
SHIFTS = {"bundled": [(k, 0) for k in range(0, 44, 2)] + [(k, 5) for k in range(1, 44, 4)],
          "course-feedback": [(k, t) for k in range(0, 60, 4) for t in (0, 5)],
          "bpv-evaluatie": [(k, t) for k in range(0, 60, 4) for t in (0, 5)],
          "aanmelding-keuzedelen": [(k, t) for k in range(0, 60, 4) for t in (0, 5)],
          "teksten": [(k, t) for k in range(0, 60, 3) for t in (0, 5)]}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_the_pdf_has_its_pages_and_widgets_where_the_page_plan_has_them(name):
    """The PDF draws the page plan: read back from the file, it has the
    plan's pages, and every field of its own is on the planned page at the
    planned place, with the form moved down line by line so that rows meet
    the foot of a page."""
    counts = set()
    for lines, words in SHIFTS[name]:
        form = shifted(EXAMPLES[name], lines, words)
        count, found = widgets(formgen.render_pdf(form))
        assert count == form.pages.count, (name, lines, words)
        own = [p for p in form.pages.slots if p.slot.option is None and p.slot.field_id in found]
        assert len(own) >= 2
        for p in own:
            page, rect = found[p.slot.field_id]
            assert page == p.page, (name, lines, words, p.slot.field_id)
            assert all(abs(a - b) < 0.01 for a, b in zip(rect, p.rect)), p
        counts.add(count)
    assert len(counts) >= 2          # the shifts did move page breaks


def test_every_slot_lies_in_the_body_of_its_page():
    from formgen.layout_pages import FRAME_BOTTOM, FRAME_TOP
    for name, path in EXAMPLES.items():
        planned = shifted(path, 0).pages
        assert {p.page for p in planned.slots} <= set(range(1, planned.count + 1))
        for p in planned.slots:
            x0, y0, x1, y1 = p.rect
            assert FRAME_BOTTOM - 0.01 <= y0 < y1 <= FRAME_TOP + 0.01, (name, p.slot.field_id)
            b = p.box
            assert b[0] - 0.01 <= x0 and x1 <= b[2] + 0.01 and b[1] - 0.01 <= y0, p


def test_a_paragraph_longer_than_the_rest_of_a_page_is_split_not_a_crash(tmp_path):
    """An intro that runs over a page break is split between two pages;
    every line is in the PDF."""
    form = shifted(EXAMPLES["course-feedback"], 75)
    pdf = render_pdf_module.render_pdf(form)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert text.count("regel") == 75
    assert len(reader.pages) == form.pages.count >= 2


def test_the_scan_reader_takes_its_boxes_from_the_plan_without_drawing_a_pdf():
    code = (
        "import sys, formgen\n"
        "from formgen.readers.scan_model import layout_of\n"
        "from formgen.readers.scan_marks import _qr_squares\n"
        f"form = formgen.load_form({str(EXAMPLES['bundled'])!r})\n"
        "layout = layout_of(form)\n"
        "_qr_squares(form.id, form.version, 1)\n"
        "drawn = [m for m in sys.modules if m.startswith('formgen.render.pdf')]\n"
        "print(layout.pages, len(layout.slots), drawn)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    form = formgen.load_form(EXAMPLES["bundled"])
    assert out == [str(form.pages.count), str(len(form.pages.slots)), "[]"]


def test_a_row_higher_than_a_page_is_a_content_problem_for_validate_and_build(tmp_path):
    """``validate`` ok means ``build`` works: a description too long for a
    page (reportlab could not place it and crashed) is reported by both, each
    such row with its file, line and place, and nothing is written."""
    from click.testing import CliRunner

    from formgen.cli import main
    data = yaml.safe_load(EXAMPLES["bundled"].read_text(encoding="utf-8"))
    data["sections"][0]["items"][0]["description"] = "Een lange beschrijving. " * 400
    data["sections"][2]["items"][1]["description"] = "Een lange beschrijving. " * 300
    content = tmp_path / "lang.yaml"
    content.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    for args in (["validate"], ["build", "-o", str(tmp_path / "out")],
                 ["build", "--print", "-o", str(tmp_path / "out")]):
        result = runner.invoke(main, [*args, str(content)])
        assert result.exit_code == 1, result.output
        assert "2 problems" in result.output and "Traceback" not in result.output
        for place in ("sections[0].items[0]", "sections[2].items[1]"):
            assert "lang.yaml:" in result.output and f"{place}: this is higher than a page" \
                in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
