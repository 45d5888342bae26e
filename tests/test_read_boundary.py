"""Nothing a folder holds can cost the batch: names as the system gave
them, every entry of a folder in the report, workers that end with the run,
one time budget per scan, and clear words for the odd cases. Every file
is made in its test."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfWriter
from pypdf.generic import ByteStringObject, NameObject

from formgen.office.exporters import to_csv, to_json
from formgen.readers import entries
from formgen.readers.batch import read_many
from formgen.readers.core import FormSet, Response, read_file

from conftest import FILLERS, NAMES

GOOD = {**NAMES, "wp1_1_wens": True, "wp1_1_niveau": "G"}
FORMGEN = [sys.executable, "-c", "import sys; from formgen.cli import main; sys.exit(main())"]


@pytest.fixture(scope="module")
def forms():
    return FormSet.load()


@pytest.fixture(scope="module")
def good_pdf(blank_pdf, tmp_path_factory) -> Path:
    return FILLERS["pymupdf"](blank_pdf, GOOD, tmp_path_factory.mktemp("good") / "goed.pdf")


def _formgen(*args, **kwargs):
    return subprocess.run([*FORMGEN, *map(str, args)], capture_output=True, timeout=120,
                          **kwargs)


# -- 1. any file name reaches every output ------------------------------------------------

ODD_NAMES = [b"caf\xe9 (Windows).pdf", b"twee\nregels.pdf", b"tab\tbel\x01.pdf",
             b'=HYPERLINK("x.example";"klik").pdf']


def test_names_the_system_gave_reach_every_output(good_pdf, tmp_path):
    d = tmp_path / "retour"
    d.mkdir()
    for name in ODD_NAMES:
        os.link(good_pdf, os.fsencode(d) + b"/" + name)
    shown = {entries.shown(os.fsdecode(n)) for n in ODD_NAMES}
    assert any("caf\\xe9" in s for s in shown) and any("twee\\nregels" in s for s in shown)
    for fmt in ("json", "csv", "xlsx"):
        out = tmp_path / f"uit.{fmt}"
        proc = _formgen("read", ".", "-o", out, cwd=d)      # names as they are, no folder
        assert proc.returncode == 0, proc.stderr.decode()
        assert b"bug in formgen" not in proc.stderr
        if fmt == "json":
            files = {r["file"] for r in json.loads(out.read_bytes())}
        elif fmt == "csv":
            rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")),
                                   delimiter=";"))
            files = {r[0].lstrip("'") for r in rows[1:]}
            assert any(r[0].startswith("'=HYPERLINK") for r in rows[1:])    # inert
        else:
            wb = load_workbook(out, read_only=True)
            ws = wb[wb.sheetnames[-1]]                                          # Controle
            files = {row[0] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}
        assert files == shown, fmt
    # the summary on standard error: one line per file, names escaped
    lines = proc.stderr.decode().splitlines()
    assert lines[0].startswith("4 bestanden:"), lines


# -- 2. workers end with the main process ----------------------------------------------------

def _session(pid: int) -> list[int]:
    """The processes of the session ``pid`` leads (the run and its workers)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == pid:       # state, ..., session id
            out.append(int(entry))
    return out


@pytest.fixture(scope="module")
def big_batch(good_pdf, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("big")
    for n in range(600):
        os.link(good_pdf, d / f"r{n:04}.pdf")
    return d


HOW = {"SIGTERM to the run": (signal.SIGTERM, False),
       "SIGHUP to the run": (signal.SIGHUP, False),
       "SIGKILL to the run": (signal.SIGKILL, False),
       "Ctrl-C to the process group": (signal.SIGINT, True)}


@pytest.mark.parametrize("how", list(HOW))
def test_a_signal_mid_batch_leaves_no_process_and_closes_the_pipe(big_batch, how):
    number, group = HOW[how]
    runs = int(os.environ.get("FORMGEN_SIGNAL_RUNS", "1"))
    for _ in range(runs):
        proc = subprocess.Popen([*FORMGEN, "read", str(big_batch), "-j", "2"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        t0 = time.monotonic()
        while len(_session(proc.pid)) < 3 and time.monotonic() - t0 < 30:
            time.sleep(0.02)
        assert len(_session(proc.pid)) >= 3, "the workers never started"
        time.sleep(0.3)
        assert proc.poll() is None, "the batch ended before the signal"
        (os.killpg if group else os.kill)(proc.pid, number)
        out, err = proc.communicate(timeout=10)        # the pipe closes: no worker holds it
        time.sleep(1)
        assert _session(proc.pid) == [], f"{how}: processes left behind"
        assert b"Traceback" not in err, err.decode()
        assert proc.returncode != 0


# -- 3. cells a student can influence are inert, headers too -------------------------------

def test_csv_column_names_from_a_copy_are_inert(forms):
    resp = Response("a.pdf", form_id="wensenformulier-ict-beheerder", form_version="1.0",
                    extra={'=HYPERLINK("http://x.example")': "=1+1", "@SUM(A1)": "+3"},
                    values={"naam_deelnemer": "-2+3"})
    rows = list(csv.reader(io.StringIO(to_csv([resp], forms).decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0][:2] == ["'=HYPERLINK(\"http://x.example\")", "'@SUM(A1)"]
    assert rows[1][:2] == ["'=1+1", "'+3"]
    assert "'-2+3" in rows[1]
    for cell in rows[0] + rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


def test_json_and_csv_take_text_that_is_not_utf8(forms):
    resp = Response("a\udce9.pdf", values={"naam_deelnemer": "x\udcff"},
                    form_id="wensenformulier-ict-beheerder", form_version="1.0")
    assert b"a\\udce9.pdf" in to_json([resp], forms)
    assert b"x\\udcff" in to_csv([resp], forms)


# -- 4. one budget per scan file -----------------------------------------------------------------

def _costly_pdf(path: Path, pages: int) -> Path:
    """A small PDF whose pages take seconds each to draw: one form XObject
    of curves, drawn hundreds of times on every page."""
    import random

    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path))
    rng = random.Random(1)
    c.beginForm("A")
    p = c.beginPath()
    for _ in range(500):
        x, y = rng.uniform(0, 50), rng.uniform(0, 50)
        p.moveTo(x, y)
        p.curveTo(x + 5, y + 3, x - 2, y + 4, x + 5, y + 9)
    c.setLineWidth(0.1)
    c.drawPath(p, stroke=1, fill=1)
    c.endForm()
    c.beginForm("B")
    for i in range(12):
        for j in range(17):
            c.saveState()
            c.translate(i * 50, j * 50)
            c.doForm("A")
            c.restoreState()
    c.endForm()
    for _ in range(pages):
        for _ in range(4):
            c.doForm("B")
        c.showPage()
    c.save()
    return path


def test_a_scan_has_one_budget_for_all_its_pages_and_says_what_was_read(tmp_path):
    path = _costly_pdf(tmp_path / "stapel.pdf", 40)
    assert path.stat().st_size < 100_000
    t = time.monotonic()
    _formgen("read", path, "--scan-timeout", "3", "-o", tmp_path / "uit.json")
    took = time.monotonic() - t
    assert took < 3 + 6, f"{took:.1f} s"       # the budget, start-up and counting
    records = json.loads((tmp_path / "uit.json").read_bytes())
    budget = [r for r in records if "pagina's gelezen" in " ".join(r["problems"])]
    assert len(budget) == 1, [r["problems"] for r in records]
    text = budget[0]["problems"][0]
    assert "van de 40 pagina's gelezen, de rest niet" in text and "meer dan 3 s" in text
    assert len(records) <= 2, "one record per problem, not per page"


def test_a_tiff_of_many_tiny_pages_is_counted_cheaply_and_reported_once(tmp_path):
    from PIL import Image

    from formgen.readers.scan import page_total
    pages = [Image.new("1", (8, 8), 1) for _ in range(1999)]
    path = tmp_path / "stapel.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="group4")
    data = path.read_bytes()
    t = time.perf_counter()
    assert page_total(data, "image") == 1999
    assert time.perf_counter() - t < 0.1         # Pillow's own count: 0.2 s
    t = time.monotonic()
    _formgen("read", path, "-o", tmp_path / "uit.json")
    assert time.monotonic() - t < 20             # 66 s when every page walked the ones before
    (record,) = json.loads((tmp_path / "uit.json").read_bytes())
    assert record["problems"] == ["overgeslagen: lege pagina's (stapel.tif#1-1999)"]


# -- 5. every entry of a folder is in the report ---------------------------------------------

def test_every_entry_of_a_folder_is_reported_with_its_reason(good_pdf, tmp_path, monkeypatch):
    d = tmp_path / "retour"
    (d / "sub").mkdir(parents=True)
    (d / "dicht").mkdir()
    os.link(good_pdf, d / "goed.pdf")
    os.symlink("lus-b", d / "lus-a")
    os.symlink("lus-a", d / "lus-b")
    os.symlink("weg.pdf", d / "los.pdf")
    os.mkfifo(d / "pijp.pdf")
    os.symlink("/dev/zero", d / "nul.pdf")
    os.symlink("/etc/passwd", d / "wachtwoorden.pdf")
    os.symlink("..", d / "sub" / "terug")
    os.symlink("goed.pdf", d / "ook-goed.pdf")
    real_scandir = os.scandir

    def scandir(path):             # root may open any folder: make one that cannot be opened
        if Path(path).name == "dicht":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)
    monkeypatch.setattr(entries.os, "scandir", scandir)
    t = time.monotonic()
    got = {Path(r.file).name: r for r in read_many([d], FormSet.load(), jobs=2)}
    assert time.monotonic() - t < 20           # the pipe and /dev/zero do not hang
    codes = {name: (r.status, r.problems[0].code if r.problems else None)
             for name, r in got.items()}
    assert codes == {
        "dicht": ("rejected", "folder_unreadable"),
        "goed.pdf": ("warning", "duplicate"),
        "ook-goed.pdf": ("warning", "duplicate"),
        "los.pdf": ("rejected", "link_dangling"),
        "lus-a": ("rejected", "link_loop"),
        "lus-b": ("rejected", "link_loop"),
        "nul.pdf": ("rejected", "link_outside"),
        "pijp.pdf": ("skipped", "not_regular"),
        "terug": ("rejected", "link_loop"),
        "wachtwoorden.pdf": ("rejected", "link_outside"),
    }, codes
    assert "/etc/passwd" in got["wachtwoorden.pdf"].messages("nl")[0]
    followed = {Path(r.file).name: r for r in read_many([d], FormSet.load(), jobs=2,
                                                         follow_links=True)}
    assert followed["wachtwoorden.pdf"].problems[0].code == "not_a_form_file"
    assert followed["nul.pdf"].problems[0].code == "not_regular"


def test_the_summary_counts_every_entry(good_pdf, tmp_path):
    d = tmp_path / "retour"
    d.mkdir()
    os.link(good_pdf, d / "goed.pdf")
    os.mkfifo(d / "pijp")
    os.symlink("weg", d / "los")
    proc = _formgen("read", d, "-o", tmp_path / "uit.json")
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines()[0] == (
        "3 bestanden: 1 in orde, 0 te controleren, 1 geweigerd, 1 overgeslagen; geschreven: "
        + str(tmp_path / "uit.json"))


# -- 6. clear words for the smaller cases ------------------------------------------------------

def test_a_full_standard_output_is_said_plainly(good_pdf):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([*FORMGEN, "read", str(good_pdf)], stdout=full,
                              stderr=subprocess.PIPE, timeout=60)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert "Fout: standaarduitvoer: kan niet schrijven (geen ruimte meer op de schijf)" in err
    assert "bug" not in err and "Traceback" not in err and "Exception ignored" not in err


def _docx(tmp_path, form, body: str, name="r.docx") -> Path:
    """A Word return of ``form``: the template's package with ``body`` as its document body."""
    from formgen.render.docx import render_docx
    src = tmp_path / "t.docx"
    src.write_bytes(render_docx(form))
    out = tmp_path / name
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                head, _, rest = data.decode().partition("<w:body>")
                data = (head + "<w:body>" + body + "<w:sectPr/></w:body></w:document>").encode()
            zout.writestr(item, data)
    return out


W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'


def _box(tag: str, checked: bool) -> str:
    return (f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/><w14:checkbox {W14}><w14:checked {W14} '
            f'w14:val="{int(checked)}"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>x'
            '</w:t></w:r></w:sdtContent></w:sdt>')


def _text(tag: str, text: str) -> str:
    return (f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/></w:sdtPr><w:sdtContent><w:p><w:r>'
            f'<w:t>{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>')


def test_word_controls_that_clash_or_repeat_are_flagged_not_internal(form, forms, tmp_path):
    body = "<w:p/>" + _text("naam_deelnemer", "Jan") + _box("naam_deelnemer", True)
    r = read_file(_docx(tmp_path, form, body, "mixed.docx"), forms)
    assert r.status == "warning" and "mixed_controls" in [p.code for p in r.problems]
    assert r.values["naam_deelnemer"] == "Jan"
    body = "".join(_text("naam_deelnemer", v) for v in ["Jan"] * 100 + ["Piet"] * 100)
    r = read_file(_docx(tmp_path, form, body, "repeat.docx"), forms)
    assert "repeated_control" in [p.code for p in r.problems]
    assert r.values["naam_deelnemer"] == "Jan"
    body = "".join(_box("wp1_1_wens", c) for c in (True, False))
    r = read_file(_docx(tmp_path, form, body, "boxes.docx"), forms)
    assert "repeated_control" in [p.code for p in r.problems]
    same = "".join(_text("naam_deelnemer", "Jan") for _ in range(3))
    r = read_file(_docx(tmp_path, form, same, "same.docx"), forms)
    assert "repeated_control" not in [p.code for p in r.problems]


def test_a_text_over_ten_megabytes_is_too_large_not_damaged(form, forms, tmp_path):
    import random
    letters = "".join(random.Random(1).choices("abcdefghijklmnopqrstuvwxyz", k=11_000_000))
    r = read_file(_docx(tmp_path, form, _text("naam_deelnemer", letters)), forms)
    assert r.status == "rejected" and r.problems[0].code == "text_too_large"
    assert "groter dan 10 MB" in r.messages("nl")[0]


def test_a_value_cut_for_excel_is_said_in_controle(forms):
    from formgen.office.workbook import EXCEL_CELL_CHARS, to_xlsx
    resp = Response("lang.pdf", form_id="wensenformulier-ict-beheerder", form_version="1.0",
                    values={"naam_deelnemer": "Jan " + "x" * 5_000_000}, language="nl-NL")
    wb = load_workbook(io.BytesIO(to_xlsx([resp], forms)))
    answers = wb[wb.sheetnames[0]]
    longest = max(len(str(c.value or "")) for row in answers.iter_rows() for c in row)
    assert longest == EXCEL_CELL_CHARS
    check = wb["Controle"]
    said = " ".join(str(c.value) for row in check.iter_rows() for c in row if c.value)
    assert "ingekort" in said and "32.767" in said


# -- 7. three wrong reads ------------------------------------------------------------------------

def test_a_damaged_pdf_with_fields_is_damaged_not_a_scan(blank_pdf, forms, tmp_path):
    writer = PdfWriter(clone_from=blank_pdf)
    for page in writer.pages:            # the widgets are lost, the form still says it has fields
        del page[NameObject("/Annots")]
    out = tmp_path / "kapot.pdf"
    writer.write(out)
    r = read_file(out, forms)
    assert (r.status, r.problems[0].code) == ("rejected", "corrupt")


def test_utf16_text_of_odd_length_is_a_warning_with_the_raw_value(good_pdf, forms, tmp_path):
    writer = PdfWriter(clone_from=good_pdf)
    for field in writer.root_object["/AcroForm"]["/Fields"]:
        field = field.get_object()
        if field.get("/T") == "naam_deelnemer":
            field[NameObject("/V")] = ByteStringObject(b"\xfe\xff\x00J\x00a\x00n\x00")
    out = tmp_path / "oneven.pdf"
    writer.write(out)
    r = read_file(out, forms)
    assert r.status == "warning"
    codes = {p.code: p.field for p in r.problems}
    assert codes.get("undecodable_text") == "naam_deelnemer"
    assert r.values["naam_deelnemer"].startswith("\u00fe\u00ff")



def test_levels_after_preview_and_a_pypdf_update_are_read_and_flagged(blank_pdf, form, forms,
                                                                       tmp_path):
    """Apple Preview detaches each chosen level's widget; a script then
    updates the file with pypdf, giving the levels as "G" (not "/G"): pypdf
    writes the group's /V as a text and sets every widget Off. The levels
    are what the file says, each with a note, and no "wish without a level"."""
    from pdfcheck import preview_rewrite
    from pypdf import PdfReader
    levels = [f.id for f in form.all_fields() if f.id.endswith("_niveau")]
    wishes = {f.id: True for f in form.all_fields() if f.id.endswith("_wens")}
    filled = FILLERS["pymupdf"](blank_pdf, {**NAMES, **wishes, **{k: "G" for k in levels}},
                                tmp_path / "gevuld.pdf")
    for n, level in enumerate(levels):
        filled = preview_rewrite(filled, tmp_path / f"preview{n}.pdf", level, "G")
    assert read_file(filled, forms).values[levels[0]] == "G"
    writer = PdfWriter(str(filled), incremental=True)
    for page in writer.pages:
        writer.update_page_form_field_values(page, {k: "G" for k in levels})
    out = tmp_path / "bijgewerkt.pdf"
    writer.write(out)
    assert all(w.get_object().get("/AS") in (None, "/Off")          # as pypdf leaves them
               for p in PdfReader(out).pages for w in p.get("/Annots", [])
               if str(w.get_object().get("/T", "")).endswith("_niveau"))
    r = read_file(out, forms)
    assert [r.values[k] for k in levels] == ["G"] * len(levels)
    codes = [(p.code, p.field) for p in r.problems]
    assert sorted(f for c, f in codes if c == "value_not_shown") == sorted(levels)
    assert not [c for c, _ in codes if c == "together"]
