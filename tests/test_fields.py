"""Every field type, through every hook and every format.

The form below is generated from the registry: each type once as a header
field and once as a column. Each type's sample value is filled in by real
engines (pdf.js, and PDFium typing like Chrome), in Word's way and through
LibreOffice, read back, and exported to JSON, CSV and XLSX. A type that
lacks a hook, or whose value does not survive a format, fails here by name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import yaml
from openpyxl import load_workbook
from pypdf import PdfReader

import formgen
from formgen.office.exporters import to_csv, to_json, to_xlsx
from formgen.fields import HOOKS, REGISTRY, FieldType
from formgen.readers.core import read_file
from formgen.render.docx import render_docx
from formgen.render.pdf import render_pdf
from formgen.render.pdf_font import field_font

from conftest import fill_pdfjs, typed
from pdfium_fill import fill_pdfium
from wordfill import fill_docx

#: Keys a type needs in a content file besides id, type and label.
EXTRA = {
    "choice": {"options": [{"value": "a", "label": "A", "title": "Eerste"},
                           {"value": "b", "label": "B", "title": "Tweede"}]},
    "multiselect": {"max": 2, "options": [{"value": "nl", "label": "NL", "title": "Nederlands"},
                                          {"value": "en", "label": "EN", "title": "Engels"},
                                          {"value": "de", "label": "DE", "title": "Duits"}]},
    "dropdown": {"options": [{"value": "p1", "label": "P1", "title": "Periode 1"},
                             {"value": "p2", "label": "P2", "title": "Periode 2"}]},
    "number": {"min": 0, "max": 10, "decimals": 1},
    "signature": {"date": True},
    "code": {"digits": 6},
}


def all_types_yaml() -> str:
    types = list(REGISTRY)

    def spec(t, prefix):
        return {"id": f"{prefix}{t}", "type": t, "label": f"Veld {t}", **EXTRA.get(t, {})}
    # every type that may be a table's column is one (a student number may not)
    columns = [t for t in types
               if not REGISTRY[t].model_validate(spec(t, "")).content_problems(column=True)]
    groups = [columns[i:i + 3] for i in range(0, len(columns), 3)]     # 3 columns fit A4

    content = {
        "id": "all-types", "version": "1", "language": "nl-NL", "title": "Alle veldtypen",
        "item_prefix": "r",
        "fields": [spec(t, "h_") for t in types],
        "sections": [{"title": f"Kolommen {n}", "columns": [spec(t, "") for t in group],
                      "items": [{"code": str(n), "title": f"Rij {n}"}]}
                     for n, group in enumerate(groups, 1)],
    }
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def form():
    return formgen.loads_form(all_types_yaml(), "all-types.yaml")


def samples(form) -> dict:
    return {ff.id: ff.spec.sample_value() for ff in form.all_fields()}


def filled_samples(form) -> dict:
    """The sample values a person would enter (an empty one is left alone)."""
    return {k: v for k, v in samples(form).items() if form.field(k).spec.is_filled(v)}


def expected(form) -> dict:
    return {ff.id: ff.spec.export(ff.spec.sample_value()) for ff in form.all_fields()}


@pytest.mark.parametrize("tag", list(REGISTRY))
def test_every_type_has_every_hook(tag):
    cls = REGISTRY[tag]
    for hook in HOOKS:
        assert getattr(cls, hook) is not getattr(FieldType, hook), f"{tag} has no {hook!r} hook"


def test_every_type_is_in_the_schema_and_the_readme():
    schema = json.loads(formgen.schema_json())
    tags = {d["properties"]["type"]["const"] for d in schema["$defs"].values()
            if "type" in d.get("properties", {})}
    assert tags == set(REGISTRY)
    readme = (__import__("pathlib").Path(__file__).parents[1] / "README.md").read_text("utf-8")
    for tag in REGISTRY:
        assert f"| `{tag}` |" in readme, f"README's field type table lacks {tag}"


def test_sample_values_pass_their_own_rules(form):
    for ff in form.all_fields():
        sample = ff.spec.sample_value()
        assert ff.spec.check(sample) == sample, ff.id
        assert ff.spec.is_filled(sample) or ff.type == "signature", ff.id


def exports(responses, forms) -> dict[str, dict]:
    """The first record's values, as each export carries them."""
    out = {"json": json.loads(to_json(responses, forms))[0]["values"]}
    rows = list(csv.reader(io.StringIO(to_csv(responses, forms, ids=True).decode("utf-8-sig")),
                           delimiter=";"))
    out["csv"] = dict(zip(rows[0], rows[1]))
    out["xlsx"] = answers_by_id(to_xlsx(responses, forms), forms)
    return out


def answers_by_id(data: bytes, forms) -> dict:
    """The first answer row of the workbook, by field id (the header has labels)."""
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    by_label = {head: ff.id for form in forms.forms for ff in form.all_fields()
                for head in ff.spec.cell_heads(ff.label)}
    labels = [c.value for c in sheet[1]]
    out: dict = {}
    for label, c in zip(labels, sheet[2]):      # a field of several columns: a list of cells
        out.setdefault(by_label.get(label, label), []).append(c.value)
    return {k: v[0] if len(v) == 1 else v for k, v in out.items()}


def csv_text(value) -> str:
    """As the CSV of a Dutch form writes it: booleans in Dutch Excel's words."""
    return "WAAR" if value is True else "ONWAAR" if value is False else str(value)


def xlsx_value(spec, value):
    """The workbook's cells of an exported value (a date cell reads back as a
    datetime; a field of several columns as a list)."""
    cells = [dt.datetime.combine(c, dt.time()) if type(c) is dt.date else c
             for c in spec.cells(value)]
    return cells[0] if len(cells) == 1 else cells


def assert_exports(resp, forms, form):
    want = expected(form)
    assert resp.status == "ok", resp.messages()
    got = exports([resp], forms)
    assert got["json"] == want
    spec = {k: form.field(k).spec for k in want}
    assert {k: got["csv"][k] for k in want} == {k: csv_text(spec[k].text(v))
                                                for k, v in want.items()}
    assert {k: got["xlsx"][k] for k in want} == {k: xlsx_value(spec[k], v)
                                                 for k, v in want.items()}


@pytest.mark.parametrize("engine", ["pdfjs", "pdfium"])
def test_each_type_round_trips_through_a_real_engine_and_every_export(engine, form, forms,
                                                                      blank, tmp_path):
    out = tmp_path / f"{engine}.pdf"
    fill = fill_pdfjs if engine == "pdfjs" else fill_pdfium
    fill(blank, typed(form, engine), out)
    assert_exports(read_file(out, forms), forms, form)


def test_each_type_prefills_and_reads_back(form, forms, tmp_path):
    from formgen.render.pdf_prefill import PdfTemplate
    out = tmp_path / "prefilled.pdf"
    out.write_bytes(PdfTemplate(form).fill(samples(form)))
    assert_exports(read_file(out, forms), forms, form)
    out = tmp_path / "rendered.pdf"
    out.write_bytes(render_pdf(form, values=samples(form)))
    assert_exports(read_file(out, forms), forms, form)


def test_each_type_round_trips_through_word(form, forms, tmp_path):
    blank = tmp_path / "blank.docx"
    blank.write_bytes(render_docx(form))
    filled = fill_docx(blank, filled_samples(form), tmp_path / "filled.docx")
    assert_exports(read_file(filled, forms), forms, form)


def test_each_type_round_trips_through_libreoffice(form, forms, tmp_path):
    from test_docx import soffice
    blank = tmp_path / "blank.docx"
    blank.write_bytes(render_docx(form))
    filled = fill_docx(blank, filled_samples(form), tmp_path / "filled.docx")
    saved = soffice(tmp_path, "docx", filled) / "filled.docx"
    assert_exports(read_file(saved, forms), forms, form)


def test_a_signed_pdf_reads_as_signed(form, forms, blank, tmp_path):
    """No engine the tests drive can sign; a signature dictionary added the way
    a signing reader adds it (an incremental update setting /V) reads true."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject
    writer = PdfWriter(blank, incremental=True)
    for page in writer.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig" and annot["/T"] == "h_signature":
                sig = DictionaryObject({NameObject("/Type"): NameObject("/Sig"),
                                        NameObject("/Filter"): NameObject("/Adobe.PPKLite")})
                annot[NameObject("/V")] = writer._add_object(sig)
    out = tmp_path / "signed.pdf"
    writer.write(out)
    resp = read_file(out, forms)
    assert resp.values["h_signature"] is True
    assert resp.values["r3_signature"] is False


@pytest.mark.parametrize("typed_text, value", [
    ("12-3-2025", "2025-03-12"), ("12/03/2025", "2025-03-12"), ("2025-03-12", "2025-03-12"),
    ("12.03.2025", "2025-03-12")])
def test_dates_as_people_type_them(form, forms, blank, tmp_path, typed_text, value):
    out = fill_pdfjs(blank, {"h_date": typed_text}, tmp_path / "d.pdf")
    resp = read_file(out, forms)
    assert json.loads(to_json([resp], forms))[0]["values"]["h_date"] == value
    assert [p.code for p in resp.problems] == ["blank"]      # no row filled in: a warning


def test_a_date_that_is_no_date_is_kept_with_a_warning(form, forms, blank, tmp_path):
    out = fill_pdfjs(blank, {"h_date": "volgende week", "r1_checkbox": True}, tmp_path / "d.pdf")
    resp = read_file(out, forms)
    assert resp.values["h_date"] == "volgende week"
    assert resp.status == "warning"
    assert "'volgende week' is geen datum" in " ".join(resp.messages())


@pytest.mark.parametrize("typed_text, value, status", [
    ("3,5", 3.5, "ok"), ("3.5", 3.5, "ok"), ("12", 12.0, "warning"), ("veel", "veel", "warning")])
def test_numbers_as_people_type_them(form, forms, blank, tmp_path, typed_text, value, status):
    out = fill_pdfjs(blank, {"h_number": typed_text, "r1_checkbox": True}, tmp_path / "n.pdf")
    resp = read_file(out, forms)
    assert resp.values["h_number"] == value
    assert resp.status == status, resp.messages()
    sheet = load_workbook(io.BytesIO(to_xlsx([resp], forms))).worksheets[0]
    cell = sheet.cell(2, [c.value for c in sheet[1]].index(form.field("h_number").label) + 1)
    assert cell.data_type == ("n" if isinstance(value, float) else "s")


def test_the_blank_date_field_shows_its_format_in_grey(blank):
    reader = PdfReader(blank)
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/T") == "h_date":
                data = annot["/AP"]["/N"].get_object().get_data()
                shown = field_font().encode_drawn("dd-mm-jjjj").hex().encode()
                assert b"0.55 g" in data and b"<" + shown + b"> Tj" in data
                assert "/V" not in annot
                return
    pytest.fail("no date widget")


def test_dropdown_is_a_combo_box_with_export_values(blank):
    field = PdfReader(blank).get_fields()["h_dropdown"]
    assert field["/FT"] == "/Ch"
    assert int(field["/Ff"]) & (1 << 17)
    assert [list(o) for o in field["/Opt"]] == [["p1", "Periode 1"], ["p2", "Periode 2"]]


def test_signature_is_an_empty_signature_field(blank):
    field = PdfReader(blank).get_fields()["h_signature"]
    assert field["/FT"] == "/Sig" and "/V" not in field


def test_word_controls_per_type(form, tmp_path):
    import zipfile
    from lxml import etree
    path = tmp_path / "t.docx"
    path.write_bytes(render_docx(form))
    with zipfile.ZipFile(path) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    date = doc.xpath("//w:sdt[w:sdtPr/w:tag/@w:val='h_date']/w:sdtPr/w:date", namespaces=ns)[0]
    assert date.xpath("w:dateFormat/@w:val", namespaces=ns) == ["dd-MM-yyyy"]
    assert date.xpath("w:lid/@w:val", namespaces=ns) == ["nl-NL"]
    items = doc.xpath("//w:sdt[w:sdtPr/w:tag/@w:val='h_dropdown']//w:listItem/@w:value",
                      namespaces=ns)
    assert items == ["p1", "p2"]


@pytest.mark.parametrize("field_id, value, words", [
    ("h_choice", "Expert", "'Expert' is not one of a, b"),
    ("h_checkbox", 42, "a checkbox takes true or false, not 42"),
    ("h_number", 11, "11 is outside 0–10"),
    ("h_date", "31-02-2025", "not a date that exists"),
    ("h_signature", True, "a signature cannot be prefilled"),
    ("nope", "x", "the form has no field 'nope'"),
])
def test_render_and_prefill_share_the_value_rules(form, field_id, value, words):
    from formgen.render.pdf_prefill import PdfTemplate
    for make in (lambda: render_pdf(form, values={field_id: value}),
                 lambda: render_docx(form, values={field_id: value}),
                 lambda: PdfTemplate(form).fill({field_id: value})):
        with pytest.raises(formgen.RenderError) as err:
            make()
        assert words in str(err.value)


def test_each_module_defines_the_type_named_after_it():
    for tag, cls in REGISTRY.items():
        assert cls.model_fields["type"].annotation.__args__ == (tag,)
        assert cls.__module__ == f"formgen.fields.{tag}"
