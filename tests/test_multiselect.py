"""``multiselect`` ("select all that apply") end to end, beyond the walk
every type gets in test_fields: filled the way other software fills it
(PyMuPDF, LibreOffice's .odt, a pen on the print pack), ``min``/``max``
warnings, prefill from a class-list cell, and how the office counts it."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest
from openpyxl import load_workbook

import formgen
from formgen.office.exporters import to_csv, to_json, to_xlsx
from formgen.office.planning import overview
from formgen.readers.batch import read_many
from formgen.readers.core import FormSet, read_file
from formgen.render.docx import render_docx
from formgen.render.pdf import render_pdf
from formgen.render.pdf_print import render_print_pack

from conftest import fill_pymupdf
from wordfill import fill_docx

FORM = """\
id: talen
version: "1"
language: nl-NL
title: Talen en stage
item_prefix: s
fields:
  - {id: naam, type: text, label: Naam deelnemer}
  - id: talen
    type: multiselect
    label: Welke talen spreek je?
    min: 1
    max: 2
    options:
      - {value: nl, label: Nederlands}
      - {value: en, label: Engels}
      - {value: de, label: Duits}
      - {value: tr, label: Turks}
columns:
  - id: plek
    type: multiselect
    label: Waar wil je stage lopen?
    options:
      - {value: school, label: School}
      - {value: bedrijf, label: Bedrijf}
      - {value: thuis, label: Thuis}
sections:
  - title: Periodes
    items:
      - {code: "1", title: Periode 1}
      - {code: "2", title: Periode 2}
"""


@pytest.fixture(scope="module")
def form():
    return formgen.loads_form(FORM, "talen.yaml")


def test_pdf_has_a_checkbox_field_per_option_under_the_field(blank):
    from pypdf import PdfReader
    fields = PdfReader(blank).get_fields()
    assert {k for k in fields if k.startswith("talen.")} == {"talen.nl", "talen.en", "talen.de",
                                                              "talen.tr"}
    assert all(fields[f"talen.{v}"]["/FT"] == "/Btn" for v in ("nl", "en", "de", "tr"))
    assert {k for k in fields if k.startswith("s1_plek.")} == {"s1_plek.school", "s1_plek.bedrijf",
                                                                "s1_plek.thuis"}


def test_filled_in_pymupdf_reads_back_every_tick(form, forms, blank, tmp_path):
    out = fill_pymupdf(blank, {"naam": "Zoë d’Hondt", "talen.nl": True, "talen.tr": True,
                               "s1_plek.bedrijf": True, "s1_plek.thuis": True,
                               "s2_plek.school": True}, tmp_path / "zoe.pdf")
    resp = read_file(out, forms)
    assert resp.status == "ok", resp.messages()
    assert resp.values["talen"] == ["nl", "tr"]
    assert resp.values["s1_plek"] == ["bedrijf", "thuis"]
    assert resp.values["s2_plek"] == ["school"]


def test_more_than_max_warns_and_is_kept(form, forms, blank, tmp_path):
    out = fill_pymupdf(blank, {"naam": "Jan", "talen.nl": True, "talen.en": True,
                               "talen.de": True, "s1_plek.school": True}, tmp_path / "jan.pdf")
    resp = read_file(out, forms)
    assert resp.status == "warning"
    assert resp.values["talen"] == ["nl", "en", "de"]
    assert resp.messages("nl-NL") == ["Welke talen spreek je?: 3 aangevinkt, hoogstens 2 "
                                      "toegestaan"]


def test_word_saved_as_odt_by_libreoffice_reads_back(form, forms, tmp_path):
    from conftest import soffice
    docx = tmp_path / "talen.docx"
    docx.write_bytes(render_docx(form))
    filled = fill_docx(docx, {"naam": "Şükrü Yılmaz", "talen": ["en", "de"],
                              "s2_plek": ["school", "thuis"]}, tmp_path / "sukru.docx")
    word = read_file(filled, forms)
    odt = soffice(tmp_path, "odt", filled) / "sukru.odt"
    resp = read_file(odt, forms)
    for r in (word, resp):
        assert r.status == "ok", r.messages()
        assert (r.values["talen"], r.values["s1_plek"], r.values["s2_plek"]) == \
            (["en", "de"], [], ["school", "thuis"])


def test_pen_marks_on_the_print_pack_read_back(form, forms, tmp_path):
    import scangen
    from formgen.render.pdf_print import numbered_ids
    pack = render_print_pack(form, [(numbered_ids(1)[0], {})])
    st = scangen.Student(marks=[("talen", "nl", "cross"), ("talen", "de", "check"),
                                ("s1_plek", "bedrijf", "cross"), ("s2_plek", "school", "check"),
                                ("s2_plek", "thuis", "cross")])
    rng = random.Random(11)
    pages = scangen.scan_copy(pack, form, st, lambda r: scangen.Effects(
        dpi=200, rotate=r.uniform(-0.8, 0.8)), rng)
    scangen.save(pages, tmp_path / "scan.pdf", "pdf")
    (resp,) = read_many([tmp_path / "scan.pdf"], forms, jobs=1)
    assert resp.source == "scan"
    assert (resp.values["talen"], resp.values["s1_plek"], resp.values["s2_plek"]) == \
        (["nl", "de"], ["bedrijf"], ["school", "thuis"])
    assert set(resp.review) == set()      # no writing, no doubt


def test_prefilled_from_a_class_list_cell(form, forms, tmp_path):
    klas = tmp_path / "klas.csv"
    klas.write_text("Naam deelnemer;Welke talen spreek je?\nFatima Amrani;Nederlands; Turks\n"
                    "Jan de Vries;en\n", encoding="utf-8")
    # a ';' inside a cell of a ';' file must be quoted: the school's export quotes it
    klas.write_text('Naam deelnemer;Welke talen spreek je?\n"Fatima Amrani";"Nederlands; Turks"\n'
                    '"Jan de Vries";"en"\n', encoding="utf-8")
    from formgen.prefill import prefill
    prefill(form, klas, tmp_path / "out")
    fatima = read_file(tmp_path / "out" / "Fatima Amrani.pdf", forms)
    assert fatima.values["talen"] == ["nl", "tr"]
    assert read_file(tmp_path / "out" / "Jan de Vries.pdf", forms).values["talen"] == ["en"]


def test_the_office_counts_each_option_and_writes_lists_labels_and_columns(form, forms, blank,
                                                                          tmp_path):
    a = fill_pymupdf(blank, {"naam": "A", "talen.nl": True, "s1_plek.bedrijf": True,
                             "s1_plek.thuis": True}, tmp_path / "a.pdf")
    b = fill_pymupdf(blank, {"naam": "B", "talen.nl": True, "talen.en": True,
                             "s1_plek.bedrijf": True}, tmp_path / "b.pdf")
    responses = [read_file(a, forms), read_file(b, forms)]
    ov = overview(responses, form)
    first = ov.items[0].columns["plek"]
    assert (first["school"], first["bedrijf"], first["thuis"]) == (0, 2, 1)
    assert json.loads(to_json(responses, forms))[1]["values"]["talen"] == ["nl", "en"]
    rows = list(csv.reader(io.StringIO(to_csv(responses, forms).decode("utf-8-sig")),
                           delimiter=";"))
    col = rows[0].index("Welke talen spreek je?")
    assert [r[col] for r in rows[1:]] == ["Nederlands", "Nederlands; Engels"]
    sheet = load_workbook(io.BytesIO(to_xlsx(responses, forms))).worksheets[0]
    head = [c.value for c in sheet[1]]
    at = head.index("Welke talen spreek je?: Nederlands")
    assert head[at:at + 4] == [f"Welke talen spreek je?: {x}"
                               for x in ("Nederlands", "Engels", "Duits", "Turks")]
    assert [c.value for c in sheet[3]][at:at + 4] == [True, True, False, False]
    from formgen.office.report import render_report
    assert render_report(responses, form).startswith(b"%PDF")


def test_min_above_max_or_above_the_options_is_a_content_problem(tmp_path):
    bad = FORM.replace("min: 1\n    max: 2", "min: 3\n    max: 5")
    path = tmp_path / "talen.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(formgen.ContentError) as e:
        formgen.load_form(path)
    text = str(e.value)
    assert "min (3) is more than max (5)" not in text
    assert "max (5) is more than the 4 options" in text and "fields[1].max" in text


OTHER = """\
id: anders
version: "1"
language: nl-NL
title: Anders, namelijk
fields:
  - {id: naam, type: text, label: Naam deelnemer}
  - id: vervoer
    type: choice
    label: Hoe kom je naar school?
    options:
      - {value: fiets, label: Fiets}
      - {value: ov, label: OV}
      - {value: anders, label: "Anders, namelijk", other: true}
  - id: hobby
    type: multiselect
    label: Hobby's
    options:
      - {value: sport, label: Sport}
      - {value: muziek, label: Muziek}
      - {value: overig, label: "Iets anders", other: true}
sections:
  - title: Stage
    columns:
      - id: plek
        type: choice
        label: Plek
        options:
          - {value: school, label: School}
          - {value: anders, label: "Anders:", other: true}
    items:
      - {code: "1", title: Periode 1}
"""


def test_an_other_option_has_a_text_field_read_back_with_the_answer(tmp_path):
    form = formgen.loads_form(OTHER, "anders.yaml")
    forms = FormSet([form])
    ids = [ff.id for ff in form.all_fields()]
    assert ids == ["naam", "vervoer", "vervoer_anders", "hobby", "hobby_overig", "item1_plek",
                   "item1_plek_anders"]
    blank = tmp_path / "anders.pdf"
    blank.write_bytes(render_pdf(form))
    out = fill_pymupdf(blank, {"naam": "Zoë", "vervoer": "anders", "vervoer_anders": "step",
                               "hobby.sport": True, "hobby.overig": True,
                               "hobby_overig": "schaken", "item1_plek": "anders",
                               "item1_plek_anders": "bij mijn oom"}, tmp_path / "zoe.pdf")
    resp = read_file(out, forms)
    assert resp.status == "ok", resp.messages()
    assert {k: resp.values[k] for k in ids[1:]} == {
        "vervoer": "anders", "vervoer_anders": "step", "hobby": ["sport", "overig"],
        "hobby_overig": "schaken", "item1_plek": "anders", "item1_plek_anders": "bij mijn oom"}
    # every text slot inside its cell and clear of the boxes and their labels
    for block in form.layout.blocks:
        for row in block.rows:
            for cell in row.cells:
                for a in cell.slots:
                    assert a.x >= 0 and a.x + a.width <= cell.width - 4 + 0.01, a
                    for b in cell.slots:
                        if a is not b and abs(a.y - b.y) < 5:
                            assert a.right <= b.x or b.right <= a.x, (a, b)


def test_other_text_without_its_option_ticked_warns(tmp_path):
    form = formgen.loads_form(OTHER, "anders.yaml")
    blank = tmp_path / "anders.pdf"
    blank.write_bytes(render_pdf(form))
    out = fill_pymupdf(blank, {"naam": "Jan", "vervoer": "fiets", "vervoer_anders": "step",
                               "item1_plek": "school"}, tmp_path / "jan.pdf")
    resp = read_file(out, FormSet([form]))
    assert resp.status == "warning"
    assert resp.messages("nl-NL") == ["Hoe kom je naar school?: tekst bij ‘Anders, namelijk’, "
                                      "maar die keuze is niet aangevinkt"]
    assert resp.values["vervoer"] == "fiets" and resp.values["vervoer_anders"] == "step"


COUNTED = """\
id: keuzedelen
version: "1"
language: nl-NL
title: Keuzedelen
fields:
  - {id: naam, type: text, label: Naam deelnemer}
columns:
  - {id: kies, type: checkbox, label: Kies, count: {min: 2, max: 2}}
  - id: voorkeur
    type: choice
    label: Voorkeur
    count: {max: 1, option: eerste}
    options:
      - {value: eerste, label: "1e"}
      - {value: tweede, label: "2e"}
sections:
  - title: Keuzedelen
    items:
      - {code: "1", title: Cybersecurity}
      - {code: "2", title: Cloud}
      - {code: "3", title: Netwerken}
      - {code: "4", title: Programmeren}
"""


@pytest.mark.parametrize("ticks, firsts, want", [
    (["1", "3"], ["1"], []),
    (["1", "2", "3"], ["1"], ["Kies: 3 keer ingevuld, precies 2 gevraagd"]),
    (["1"], ["1", "3"], ["Kies: 1 keer ingevuld, precies 2 gevraagd",
                         "Voorkeur ‘1e’: 2 keer ingevuld, hoogstens 1 toegestaan"]),
])
def test_a_columns_count_is_checked_on_reading(tmp_path, ticks, firsts, want):
    form = formgen.loads_form(COUNTED, "keuzedelen.yaml")
    blank = tmp_path / "k.pdf"
    blank.write_bytes(render_pdf(form))
    values = {"naam": "Fatima", **{f"item{n}_kies": True for n in ticks},
              **{f"item{n}_voorkeur": "eerste" for n in firsts}}
    resp = read_file(fill_pymupdf(blank, values, tmp_path / "f.pdf"), FormSet([form]))
    assert resp.messages("nl-NL") == want
    assert resp.status == ("warning" if want else "ok")


def test_count_problems_are_found_before_building():
    bad = COUNTED.replace("count: {max: 1, option: eerste}", "count: {max: 1, option: derde}")
    bad = bad.replace("  - {id: naam, type: text, label: Naam deelnemer}",
                      "  - {id: naam, type: text, label: Naam deelnemer}\n"
                      "  - {id: akkoord, type: checkbox, label: Akkoord, count: {min: 1}}")
    with pytest.raises(formgen.ContentError) as e:
        formgen.loads_form(bad, "keuzedelen.yaml")
    text = str(e.value)
    assert "fields[1].count: count works only on a table's column" in text
    assert "columns[1].count.option: 'derde' is not one of eerste, tweede" in text
