"""Reading returned forms: round trips through real engines, identity,
validation, a corpus of bad files, exports and the ``formgen read`` command."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

import formgen
from formgen.cli import main
from formgen.content import bundled_path, loads_form
from formgen.readers.scan import assemble
from formgen.readers.batch import read_many
from formgen.readers.core import FormSet, read_file
from formgen.render.pdf import render_pdf

from conftest import FILLERS, NAMES, ROOT
from pdfcheck import preview_rewrite

FORMULA = '=HYPERLINK("http://x","y")'
FILLED = {**NAMES, "wp1_1_wens": True, "wp1_1_niveau": "G", "wp2_3_wens": True,
          "wp2_3_niveau": "Bk", "wp4_3_wens": True, "wp4_3_niveau": "Bg"}


@pytest.fixture(scope="module")
def forms():
    return FormSet.load()


def expected(form, values) -> dict:
    out = {}
    for f in form.all_fields():
        default = {"checkbox": False, "choice": None}.get(f.type, "")
        out[f.id] = values.get(f.id, default)
    return out


@pytest.fixture(scope="module")
def engine_files(blank_pdf, tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("returned")
    return {name: fill(blank_pdf, FILLED, d / f"{name}.pdf") for name, fill in FILLERS.items()}


@pytest.mark.parametrize("engine", list(FILLERS))
def test_round_trip_through_a_real_engine(engine, engine_files, form, forms):
    resp = read_file(engine_files[engine], forms)
    assert resp.status == "ok", resp.messages()
    assert (resp.form_id, resp.form_version) == (form.id, form.version)
    assert resp.values == expected(form, FILLED)


def test_preview_style_rewrite_is_read_right(form, forms, tmp_path):
    src = tmp_path / "src.pdf"
    src.write_bytes(render_pdf(form, values={"naam_deelnemer": "Zoë d’Hondt",
                                             "wp1_1_wens": True, "wp1_1_niveau": "Bg"}))
    out = preview_rewrite(src, tmp_path / "preview.pdf", "wp1_1_niveau", "G")
    resp = read_file(out, forms)
    assert resp.values["wp1_1_niveau"] == "G"
    assert resp.status == "ok"


def test_identity_by_field_names_when_the_identity_is_gone(form, forms, tmp_path):
    writer = PdfWriter(clone_from=_filled(form, tmp_path))
    acro = writer._root_object["/AcroForm"]
    acro[NameObject("/Fields")] = type(acro["/Fields"])(
        f for f in acro["/Fields"] if f.get_object()["/T"] != "formgen_identity")
    for page in writer.pages:
        page[NameObject("/Annots")] = type(page["/Annots"])(
            a for a in page["/Annots"] if a.get_object().get("/T") != "formgen_identity")
    writer.add_metadata({"/Keywords": ""})
    out = tmp_path / "anonymous.pdf"
    writer.write(out)
    resp = read_file(out, forms)
    assert resp.form_id == form.id and resp.status == "ok"
    assert resp.values["naam_deelnemer"] == NAMES["naam_deelnemer"]


def _filled(form, tmp_path, values=None, name="filled.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(render_pdf(form, values=values or {**NAMES, "wp1_1_wens": True,
                                                          "wp1_1_niveau": "G"}))
    return path


def test_another_version_is_read_by_field_id_with_a_warning(forms, tmp_path):
    text = bundled_path().read_text(encoding="utf-8").replace('version: "1.0"', 'version: "0.9"')
    old = loads_form(text)
    resp = read_file(_filled(old, tmp_path), forms)
    assert resp.status == "warning"
    assert resp.form_version == "0.9"
    assert resp.values["wp1_1_niveau"] == "G"
    assert "versie 0.9" in resp.messages()[0] and "1.0" in resp.messages()[0]


@pytest.mark.parametrize("values, message", [
    ({"wp1_1_wens": True, "wp1_1_niveau": "G"}, "Naam deelnemer is niet ingevuld"),
    ({**NAMES, "wp1_2_niveau": "Bk"}, "1.2 Niveau is ingevuld, maar 1.2 Wensen deelnemer niet"),
    ({**NAMES, "wp1_3_wens": True}, "1.3 Wensen deelnemer is ingevuld, maar 1.3 Niveau niet"),
])
def test_checks_per_file(values, message, form, forms, tmp_path):
    resp = read_file(_filled(form, tmp_path, values), forms)
    assert resp.status == "warning"
    assert message in resp.messages()


def test_two_levels_ticked_is_reported_not_guessed(form, forms, tmp_path):
    writer = PdfWriter(clone_from=_filled(form, tmp_path, {**NAMES, "wp1_1_wens": True,
                                                           "wp1_1_niveau": "G"}))
    for ref in writer.pages[0]["/Annots"]:
        annot = ref.get_object()
        if "/Parent" in annot and annot["/Parent"]["/T"] == "wp1_1_niveau" and "/Bk" in annot["/AP"]["/N"]:
            annot[NameObject("/AS")] = NameObject("/Bk")
    out = tmp_path / "two.pdf"
    writer.write(out)
    resp = read_file(out, forms)
    assert resp.values["wp1_1_niveau"] is None
    assert "1.1 Niveau: meer dan één keuze aangevinkt (G, Bk)" in resp.messages()
    assert resp.messages("en")[0].startswith("1.1 Niveau: more than one choice ticked")
    # one message for the problem: not also "the wish is ticked but the level is empty"
    assert [p.code for p in resp.problems if p.field in ("wp1_1_niveau", "wp1_1_wens")] == \
        ["multiple_choices"]


def test_same_name_twice_in_a_batch_keeps_and_flags_both(form, forms, tmp_path):
    _filled(form, tmp_path, name="a.pdf")
    b = tmp_path / "b.pdf"
    b.write_bytes(render_pdf(form, values={"naam_deelnemer": "  Şükrü   Yılmaz ",
                                           "wp1_1_wens": True, "wp1_1_niveau": "G"}))
    _filled(form, tmp_path, {"naam_deelnemer": "Zoë d’Hondt"}, name="c.pdf")
    responses = read_many([tmp_path], forms)
    flagged = [Path(r.file).name for r in responses if any("zelfde" in m for m in r.messages())]
    assert sorted(flagged) == ["a.pdf", "b.pdf"]
    a_resp = next(r for r in responses if r.file.endswith("a.pdf"))
    assert "zelfde Naam deelnemer (Şükrü Yılmaz) als in b.pdf" in a_resp.messages()
    assert len(responses) == 3


def test_the_workbook_tells_files_of_the_same_name_in_two_folders_apart(form, forms, tmp_path):
    from formgen.office.exporters import to_xlsx
    for klas, name in (("4A", "Jan de Vries"), ("4B", "Jan Jansen")):
        (tmp_path / klas).mkdir()
        (tmp_path / klas / "jan.pdf").write_bytes(render_pdf(form, values={"naam_deelnemer": name}))
    wb = load_workbook(io.BytesIO(to_xlsx(read_many([tmp_path], forms), forms)))
    for sheet in ("Antwoorden", "Per deelnemer"):
        ws = wb[sheet]
        column = [c.value for c in ws[1]].index("Bestand")
        assert [row[column].value for row in ws.iter_rows(min_row=2)] == ["4A/jan.pdf",
                                                                          "4B/jan.pdf"]


# -- bad files ---------------------------------------------------------------

def _bad_corpus(form, example_form, blank_pdf, d: Path) -> dict[str, str]:
    """Files made here, each with the problem code it must be rejected for."""
    import random
    rnd = random.Random(7)
    (d / "random.pdf").write_bytes(bytes(rnd.randrange(256) for _ in range(4000)))
    (d / "empty.pdf").write_bytes(b"")
    data = blank_pdf.read_bytes()
    (d / "truncated.pdf").write_bytes(data[: len(data) // 3])
    w = PdfWriter(clone_from=blank_pdf)
    w.encrypt("geheim", algorithm="RC4-128")
    w.write(d / "encrypted.pdf")
    (d / "other-form.pdf").write_bytes(render_pdf(example_form))
    from pdfcheck import flatten
    flatten(blank_pdf, d / "flattened.pdf")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (200 * 1024 * 1024))
    (d / "bomb.docx").write_bytes(bomb.getvalue())
    (d / "notes.txt.pdf").write_bytes(b"just some text, renamed")
    return {"random.pdf": "not_a_form_file", "empty.pdf": "empty", "truncated.pdf": "corrupt",
            "encrypted.pdf": "encrypted", "other-form.pdf": "unknown_form",
            "bomb.docx": "unsafe",
            "notes.txt.pdf": "not_a_form_file"}


def test_bad_files_are_refused_with_reasons_and_the_batch_goes_on(
        form, example_form, blank_pdf, engine_files, forms, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    reasons = _bad_corpus(form, example_form, blank_pdf, bad)
    good = tmp_path / "good.pdf"
    shutil.copy(engine_files["pdfjs"], good)
    t = time.perf_counter()
    responses = read_many([bad, good], forms, jobs=1)
    assert time.perf_counter() - t < 30
    by_name = {Path(r.file).name: r for r in responses}
    for name, code in reasons.items():
        r = by_name[name]
        assert r.status == "rejected" and [p.code for p in r.problems] == [code], (name, r.problems)
        assert r.messages()[0]
    assert by_name["good.pdf"].status == "ok"
    # A flattened form has no fields, but its pages still carry marks and QR
    # codes: it is read as paper, one copy of three pages, nothing ticked.
    flat = by_name["flattened.pdf#1"]
    assert flat.source == "scan" and flat.pages == [f"flattened.pdf#{n}" for n in (1, 2, 3)]
    assert "blank" in [p.code for p in flat.problems] and not flat.review


def test_a_huge_decompression_stream_neither_hangs_nor_blows_up(blank_pdf, forms, tmp_path):
    writer = PdfWriter(clone_from=blank_pdf)
    bomb = StreamObject()
    bomb._data = zlib.compress(b"\0" * (300 * 1024 * 1024), 9)
    bomb[NameObject("/Filter")] = NameObject("/FlateDecode")
    writer._root_object[NameObject("/Bomb")] = writer._add_object(bomb)
    path = tmp_path / "bomb.pdf"
    writer.write(path)
    assert path.stat().st_size < 1_000_000
    t = time.perf_counter()
    resp = read_file(path, forms)
    assert time.perf_counter() - t < 5
    assert resp.status in ("ok", "warning")  # the stream is never inflated


def test_files_over_the_size_cap_are_refused(engine_files, forms):
    resp = read_file(engine_files["pdfjs"], forms, max_bytes=10_000)
    assert resp.status == "rejected" and resp.problems[0].code == "too_large"


# -- exports -------------------------------------------------------------------

@pytest.fixture
def formula_batch(form, tmp_path) -> Path:
    d = tmp_path / "batch"
    d.mkdir()
    (d / "formula.pdf").write_bytes(render_pdf(form, values={
        "naam_deelnemer": "Małgorzata Wiśniewska", "begeleider_roc": FORMULA,
        "wp1_1_wens": True, "wp1_1_niveau": "Bk"}))
    (d / "junk.pdf").write_bytes(b"not a pdf")
    return d


def test_csv_is_utf8_with_bom_labels_semicolons_and_formulas_are_inert(formula_batch, runner,
                                                                        tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(main, ["read", str(formula_batch), "-o", str(out)])
    assert result.exit_code == 1, result.output  # junk.pdf was rejected
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r["Bestand"].endswith("formula.pdf"))
    assert row["Begeleider ROC"] == "'" + FORMULA
    assert row["Naam deelnemer"] == "Małgorzata Wiśniewska"
    assert row["1.1 Wensen deelnemer"] == "WAAR" and row["1.1 Niveau"] == "Bk"   # Dutch Excel's
    assert row["Status"] in ("in orde", "controleren")
    assert "1 geweigerd" in result.output
    ids = tmp_path / "ids.csv"
    runner.invoke(main, ["read", str(formula_batch), "-o", str(ids), "--ids", "--delimiter", ","])
    header = ids.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("file,status,form_id,form_version,naam_deelnemer")


def test_xlsx_is_a_workbook_to_plan_with(formula_batch, runner, tmp_path):
    out = tmp_path / "out.xlsx"
    result = runner.invoke(main, ["read", str(formula_batch), "-o", str(out)])
    assert result.exit_code == 1
    wb = load_workbook(out)
    assert wb.sheetnames == ["Antwoorden", "Velden", "Overzicht", "Per deelnemer", "Controle"]
    answers = wb["Antwoorden"]
    labels = [c.value for c in answers[1]]
    assert labels[:3] == ["Naam deelnemer", "Bestand", "Status"]      # who, then the file
    assert answers.freeze_panes == "A2" and answers.auto_filter.ref
    assert answers.max_row == 2, "one header row and one row per counted return (junk.pdf is not one)"
    row = {label: cell for label, cell in zip(labels, answers[2])}
    assert row["Begeleider ROC"].value == FORMULA and row["Begeleider ROC"].data_type == "s"
    assert row["1.1 Wensen deelnemer"].value is True and row["Status"].value == "in orde"
    fields = {r[1].value: r[0].value for r in wb["Velden"].iter_rows(min_row=2)}
    assert fields["wp1_1_niveau"] == "1.1 Niveau"
    statuses = {r[0].value.split("/")[-1]: r[1].value for r in wb["Controle"].iter_rows(min_row=2)
                if r[0].value}
    assert statuses == {"formula.pdf": "in orde", "junk.pdf": "geweigerd"}


def test_json_to_stdout_by_default_and_exit_0_when_nothing_rejected(engine_files, runner):
    result = runner.invoke(main, ["read", str(engine_files["pdfjs"])])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data[0]["values"]["naam_deelnemer"] == "Şükrü Yılmaz"
    assert "1 bestand: 1 in orde, 0 te controleren, 0 geweigerd" in result.stderr


def test_read_never_overwrites_without_force(engine_files, runner, tmp_path):
    out = tmp_path / "out.json"
    out.write_text("keep me")
    result = runner.invoke(main, ["read", str(engine_files["pdfjs"]), "-o", str(out)])
    assert result.exit_code == 1 and out.read_text() == "keep me"
    result = runner.invoke(main, ["read", str(engine_files["pdfjs"]), "-o", str(out), "--force"])
    assert result.exit_code == 0 and json.loads(out.read_text())[0]["status"] == "ok"


def test_read_usage_errors_exit_2(engine_files, runner, tmp_path):
    assert runner.invoke(main, ["read"]).exit_code == 2
    result = runner.invoke(main, ["read", str(engine_files["pdfjs"]), "-o", str(tmp_path / "x.ods")])
    assert result.exit_code == 2 and "format" in result.output


def test_messages_in_english_on_request(formula_batch, runner):
    result = runner.invoke(main, ["read", str(formula_batch), "--lang", "en"])
    data = json.loads(result.stdout)
    junk = next(r for r in data if r["file"].endswith("junk.pdf"))
    assert junk["problems"] == ["not a form: not a PDF, Word or OpenDocument file"]


def test_parallel_batch_equals_serial(engine_files, forms, tmp_path):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(6):
        shutil.copy(engine_files["pymupdf" if i % 2 else "pdfjs"], d / f"{i}.pdf")
    parallel = read_many([d], jobs=2)
    serial = read_many([d], forms, jobs=1)
    assert [r.to_dict() for r in parallel] == [r.to_dict() for r in serial]


def test_python_api(engine_files):
    resp = formgen.read(engine_files["pdfjs"])
    assert resp.values["begeleider_roc"] == NAMES["begeleider_roc"]
    data = json.loads(formgen.export([resp], "json"))
    assert data[0]["status"] == "ok"


def test_example_form_reads_back_with_its_content(example_form, tmp_path):
    path = tmp_path / "cf.pdf"
    path.write_bytes(render_pdf(example_form, values={"comments": "Line one\nLine two",
                                                      "course_group": "B", "may_contact": True,
                                                      "session1_attended": True}))
    resp = formgen.read(path, content=ROOT / "examples")
    assert resp.status == "ok", resp.messages()
    assert resp.values["comments"] == "Line one\nLine two"
    assert resp.values["course_group"] == "B" and resp.values["may_contact"] is True


def test_mangled_files_never_escape_as_exceptions(engine_files, forms, tmp_path):
    """Hundreds of randomly damaged copies of a good PDF and a good .docx:
    each comes back as a response (read, or rejected with a reason)."""
    import random
    from formgen.render.docx import render_docx

    rnd = random.Random(11)
    sources = {".pdf": engine_files["pdfjs"].read_bytes(),
               ".docx": render_docx(formgen.load_form())}
    count = 0
    for suffix, data in sources.items():
        for i in range(100):
            b = bytearray(data)
            for _ in range(rnd.randint(1, 40)):
                at = rnd.randrange(len(b))
                b[at:at + rnd.randint(1, 8)] = bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 8)))
            if rnd.random() < 0.3:
                b = b[: rnd.randrange(len(b))]
            path = tmp_path / f"m{i}{suffix}"
            path.write_bytes(bytes(b))
            resp = read_file(path, forms)
            # a PDF whose fields are lost is read as paper: its pages make records
            for r in assemble([resp], forms) if resp.status == "scan" else [resp]:
                assert r.status in ("ok", "warning", "rejected", "skipped")
                if r.status in ("rejected", "skipped"):
                    assert r.messages()[0]
            count += 1
    assert count == 200
