"""Returned files are untrusted: a hostile corpus, the per-file boundary
(time, memory, crashes, internal errors), every file accounted for, and
the cases a real office met."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

import formgen
from formgen.readers import core
from formgen.readers.batch import read_many
from formgen.readers.core import FormSet, read_file
from formgen.render.pdf import render_pdf

from conftest import FILLERS, NAMES, ROOT
from hostile import corpus

GOOD = {**NAMES, "wp1_1_wens": True, "wp1_1_niveau": "G"}


@pytest.fixture(scope="module")
def forms():
    return FormSet.load()


@pytest.fixture(scope="module")
def good_pdf(blank_pdf, tmp_path_factory) -> Path:
    return FILLERS["pdfjs"](blank_pdf, GOOD, tmp_path_factory.mktemp("good") / "goed.pdf")


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    d = tmp_path_factory.mktemp("hostile")
    expected = {}
    for name, (data, outcome) in corpus().items():
        (d / name).write_bytes(data)
        expected[name] = outcome
    return d, expected


def test_each_hostile_file_is_refused_in_time_with_its_reason(hostile_dir, forms):
    d, expected = hostile_dir
    for name, outcome in expected.items():
        t = time.perf_counter()
        resp = read_many([d / name], forms, jobs=1)[0]
        took = time.perf_counter() - t
        assert took <= 10.2, f"{name} took {took:.1f} s"   # the 10 s budget, and ending the worker
        status, _, code = outcome.partition(":")
        assert resp.status == status, (name, resp.status, resp.problems)
        if code:
            assert [p.code for p in resp.problems] == [code], (name, resp.problems)
        assert resp.messages()[0]


def test_a_page_pdfium_cannot_load_is_an_unreadable_page_not_an_internal_error(hostile_dir, forms):
    """Read on its own (not in a batch's worker), a fieldless PDF whose pages
    PDFium cannot load gives pages that say so, as the batch's do."""
    d, _ = hostile_dir
    resp = read_file(d / "pages-loop.pdf", forms)
    assert resp.status == "scan", resp.messages()
    assert resp.scan_pages and {(p.status, p.detail) for p in resp.scan_pages} == {
        ("unreadable", "corrupt")}


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        stack += children.get(p, [])
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total


def test_the_whole_hostile_batch_stays_under_1_gb_and_the_good_file_imports(
        hostile_dir, good_pdf, tmp_path):
    d, expected = hostile_dir
    batch_dir = tmp_path / "batch"
    shutil.copytree(d, batch_dir)
    shutil.copy(good_pdf, batch_dir / "goed.pdf")
    out = tmp_path / "out.json"
    exe = Path(sys.executable).with_name("formgen")
    proc = subprocess.Popen([str(exe), "read", str(batch_dir), "-o", str(out), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.02)
    stdout, stderr = proc.communicate()
    assert proc.returncode == 1, stderr          # rejected files: exit 1, output written
    assert "Traceback" not in stderr + stdout
    assert peak < 1024 * 1024, f"peak {peak / 1024:.0f} MB"
    records = {Path(r["file"]).name: r for r in json.loads(out.read_text())}
    assert set(records) == set(expected) | {"goed.pdf"}
    assert records["goed.pdf"]["status"] == "ok"
    assert records["goed.pdf"]["values"]["naam_deelnemer"] == NAMES["naam_deelnemer"]
    assert f"{len(records)} bestanden: 1 in orde" in stderr


# -- the boundary: time, crash, memory, internal errors ---------------------------------

def _slow(path, forms, data=None):
    time.sleep(30)


def _crash(path, forms, data=None):
    os._exit(3)


def _hog(path, forms, data=None):
    blocks = []
    for _ in range(64):
        blocks.append(bytearray(256 * 1024 * 1024))
    return blocks


def _bug(path, forms, data=None):
    raise ZeroDivisionError("a bug in a reader")


@pytest.mark.parametrize("reader, code, timeout", [
    (_slow, "timeout", 1.5), (_crash, "crashed", 1.5), (_hog, "unsafe", 8), (_bug, "internal", 1.5)])
def test_a_file_that_hangs_crashes_hogs_or_breaks_a_reader_is_reported_and_the_batch_goes_on(
        reader, code, timeout, good_pdf, forms, tmp_path, monkeypatch):
    (tmp_path / "a-bad.docx").write_bytes(b"PK\x03\x04word/" + b"\0" * 100)
    shutil.copy(good_pdf, tmp_path / "b-good.pdf")
    monkeypatch.setitem(core.RAW_READERS, "docx", reader)     # the workers fork with it
    t = time.perf_counter()
    bad, good = read_many([tmp_path], forms, jobs=1, timeout=timeout)
    assert time.perf_counter() - t < timeout + 3
    assert bad.status == "rejected" and [p.code for p in bad.problems] == [code]
    assert good.status == "ok" and good.values["naam_deelnemer"] == NAMES["naam_deelnemer"]


@pytest.mark.parametrize("reader, code", [(_slow, "timeout"), (_crash, "crashed")])
def test_files_queued_behind_one_that_hangs_or_crashes_are_all_read(
        reader, code, good_pdf, forms, tmp_path, monkeypatch):
    """Each worker has the next file in its pipe while it reads one: when it
    is ended, the files behind the bad one are read by its replacement."""
    names = []
    for i in range(9):
        if i in (1, 2, 6):
            name = f"{i}-bad.docx"
            (tmp_path / name).write_bytes(b"PK\x03\x04word/" + b"\0" * 100)
        else:
            name = f"{i}-good.pdf"
            shutil.copy(good_pdf, tmp_path / name)
        names.append(name)
    monkeypatch.setitem(core.RAW_READERS, "docx", reader)
    t = time.perf_counter()
    got = read_many([tmp_path], forms, jobs=2, timeout=1.5)
    assert time.perf_counter() - t < 3 * 1.5 + 5
    assert [Path(r.file).name for r in got] == names
    for name, resp in zip(names, got):
        if "bad" in name:
            assert resp.status == "rejected" and [p.code for p in resp.problems] == [code]
        else:
            assert resp.status != "rejected", (name, resp.problems)
            assert resp.values["naam_deelnemer"] == NAMES["naam_deelnemer"]


def test_an_internal_error_shows_its_detail_only_when_debugging(forms, tmp_path, monkeypatch):
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04word/" + b"\0" * 100)
    monkeypatch.setitem(core.RAW_READERS, "docx", _bug)
    resp = read_file(tmp_path / "x.docx", forms)
    assert resp.messages() == ["kon niet gelezen worden: interne fout; het bestand is bewaard "
                               "voor onderzoek"]
    monkeypatch.setenv("FORMGEN_DEBUG", "1")
    assert "ZeroDivisionError: a bug in a reader" in resp.messages()[0]


# -- what the office met ---------------------------------------------------------------

def test_an_identity_widget_rewritten_as_a_checkbox_does_not_end_the_batch(
        form, good_pdf, forms, tmp_path):
    writer = PdfWriter(clone_from=good_pdf)
    for page in writer.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/T") == "formgen_identity":
                annot[NameObject("/FT")] = NameObject("/Btn")
                annot[NameObject("/V")] = NameObject("/Yes")
                annot[NameObject("/AS")] = NameObject("/Yes")
    writer.write(tmp_path / "odd-identity.pdf")
    shutil.copy(good_pdf, tmp_path / "good.pdf")
    good, odd = read_many([tmp_path], forms)
    assert Path(odd.file).name == "odd-identity.pdf"
    assert odd.form_id == form.id and odd.values["naam_deelnemer"] == NAMES["naam_deelnemer"]
    assert good.status == odd.status == "warning"      # the same student twice, and no more
    assert [p.code for p in odd.problems] == ["duplicate"]


def test_a_hidden_text_widget_named_like_a_checkbox_is_no_tick(good_pdf, forms, tmp_path):
    writer = PdfWriter(clone_from=good_pdf)
    for page in writer.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/T") == "wp2_1_wens":
                annot[NameObject("/FT")] = NameObject("/Tx")
                annot[NameObject("/V")] = TextStringObject("nee")
    writer.write(tmp_path / "text-box.pdf")
    resp = read_file(tmp_path / "text-box.pdf", forms)
    assert resp.values["wp2_1_wens"] is False
    assert resp.status == "warning"
    assert any("ander soort veld" in m for m in resp.messages())


def test_a_level_shown_as_bk_after_preview_and_mupdf_reads_bk(blank_pdf, forms, tmp_path):
    from pdfcheck import preview_rewrite
    first = FILLERS["pdfjs"](blank_pdf, {**GOOD, "wp1_1_niveau": "G"}, tmp_path / "a.pdf")
    preview = preview_rewrite(first, tmp_path / "preview.pdf", "wp1_1_niveau", "Bk")
    chain = FILLERS["pymupdf"](preview, {"wp1_1_niveau": "Bg"}, tmp_path / "chain.pdf")
    chain2 = FILLERS["pymupdf"](preview, {"begeleider_roc": "Ümit"}, tmp_path / "chain2.pdf")
    assert read_file(chain2, forms).values["wp1_1_niveau"] == "Bk"
    assert read_file(chain, forms).values["wp1_1_niveau"] in ("Bg", None)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_an_empty_user_password_opens_and_a_real_one_is_refused(algorithm, good_pdf, forms,
                                                                tmp_path):
    for user, status in (("", "ok"), ("geheim", "rejected")):
        writer = PdfWriter(clone_from=good_pdf)
        writer.encrypt(user_password=user, owner_password="eigenaar", algorithm=algorithm)
        path = tmp_path / f"{algorithm}-{bool(user)}.pdf"
        writer.write(path)
        resp = read_file(path, forms)
        assert resp.status == status, (algorithm, user, resp.problems)
        if status == "ok":
            assert resp.values["naam_deelnemer"] == NAMES["naam_deelnemer"]
        else:
            assert [p.code for p in resp.problems] == ["encrypted"]


def test_every_file_in_a_folder_is_accounted_for(form, good_pdf, forms, tmp_path, runner):
    from formgen.cli import main
    from formgen.render.docx import render_docx
    from test_docx import soffice
    from wordfill import fill_docx
    d = tmp_path / "inleveren"
    (d / "sub").mkdir(parents=True)
    shutil.copy(good_pdf, d / "zonder-extensie")
    from PIL import Image        # a phone photo of something that is no form
    from PIL import ImageDraw
    photo = Image.new("RGB", (800, 600), (200, 180, 160))
    ImageDraw.Draw(photo).rectangle((100, 100, 500, 400), fill=(30, 30, 30))
    photo.save(d / "IMG_2041.jpg", "JPEG")
    (d / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    (d / "~$rm.docx").write_bytes(b"\0" * 162)
    (d / ".DS_Store").write_bytes(b"\0Bud1" + b"\0" * 100)
    (d / "sub" / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (d / "notities.txt").write_text("geen formulier")
    blank = tmp_path / "blank.docx"
    blank.write_bytes(render_docx(form))
    filled = fill_docx(blank, {**GOOD, "naam_deelnemer": "Zoë d’Hondt"},
                       tmp_path / "ingevuld.docx")
    odt = soffice(tmp_path, "odt", filled) / "ingevuld.odt"
    shutil.copy(odt, d / "sub" / "ingevuld.odt")
    result = runner.invoke(main, ["read", str(d), "-o", str(tmp_path / "out.json")])
    records = {Path(r["file"]).name: r for r in json.loads((tmp_path / "out.json").read_text())}
    assert set(records) == {"zonder-extensie", "IMG_2041.jpg", "scan.png", "~$rm.docx",
                            ".DS_Store", "Thumbs.db", "notities.txt", "ingevuld.odt"}
    statuses = {name: (r["status"], r["problems"][:1]) for name, r in records.items()}
    assert statuses["zonder-extensie"] == ("ok", [])
    assert statuses["ingevuld.odt"] == ("ok", [])
    assert records["ingevuld.odt"]["values"] == {**records["zonder-extensie"]["values"],
                                                 "naam_deelnemer": "Zoë d’Hondt"}
    assert statuses["IMG_2041.jpg"][0] == "rejected" and "geen QR-code" in statuses["IMG_2041.jpg"][1][0]
    assert statuses["scan.png"][0] == "rejected"
    assert statuses["notities.txt"][0] == "rejected" and "geen formulier" in statuses["notities.txt"][1][0]
    for name in ("~$rm.docx", ".DS_Store", "Thumbs.db"):
        assert statuses[name][0] == "skipped", name
    assert "8 bestanden: 2 in orde, 0 te controleren, 3 geweigerd, 3 overgeslagen" in result.stderr


def test_a_large_batch_honours_the_forms_it_is_given(tmp_path):
    example = formgen.load_form(ROOT / "examples" / "course-feedback.yaml")
    data = render_pdf(example, values={"student_name": "Zoë", "comments": "goed",
                                       "session1_attended": True})
    for i in range(70):
        (tmp_path / f"{i:02}.pdf").write_bytes(data)
    responses = read_many([tmp_path], FormSet([example]), jobs=2)
    assert len(responses) == 70 and {r.status for r in responses} == {"ok"}
    assert all(r.values["student_name"] == "Zoë" for r in responses)


def test_a_copy_from_a_changed_content_file_is_flagged(forms, tmp_path):
    from formgen.content import bundled_path, loads_form
    text = bundled_path().read_text(encoding="utf-8").replace("Naam deelnemer", "Naam student", 1)
    changed = loads_form(text)
    assert changed.version == formgen.load_form().version
    (tmp_path / "c.pdf").write_bytes(render_pdf(changed, values={"naam_deelnemer": "Jan"}))
    resp = read_file(tmp_path / "c.pdf", forms)
    assert resp.status == "warning"
    assert any("gewijzigd inhoudsbestand" in m for m in resp.messages())


def test_an_unknown_form_says_how_to_name_its_content(forms, tmp_path):
    example = formgen.load_form(ROOT / "examples" / "course-feedback.yaml")
    (tmp_path / "x.pdf").write_bytes(render_pdf(example))
    resp = read_file(tmp_path / "x.pdf", forms)
    assert resp.status == "rejected" and "--content" in resp.messages()[0]


def test_xlsx_to_a_pipe_is_the_workbook_and_to_a_terminal_a_clear_refusal(good_pdf, tmp_path):
    import pty
    from openpyxl import load_workbook
    exe = str(Path(sys.executable).with_name("formgen"))
    piped = subprocess.run([exe, "read", str(good_pdf), "--format", "xlsx"], capture_output=True,
                           timeout=120)
    assert piped.returncode == 0, piped.stderr
    answers = load_workbook(io.BytesIO(piped.stdout)).worksheets[0]
    assert (answers["A2"].value, answers["B2"].value) == ("Şükrü Yılmaz", "goed.pdf")
    main_fd, child_fd = pty.openpty()
    tty = subprocess.run([exe, "read", str(good_pdf), "--format", "xlsx", "--lang", "nl"],
                         stdout=child_fd, stderr=subprocess.PIPE, timeout=120)
    os.close(child_fd)
    os.close(main_fd)
    assert tty.returncode == 2 and "op het scherm getoond".encode() in tty.stderr


def test_outputs_are_readable_under_the_umask_and_never_raced_over(good_pdf, tmp_path, runner):
    from formgen.cli import main
    from formgen.fileio import write_atomic
    old = os.umask(0o022)
    try:
        assert runner.invoke(main, ["build", "-o", str(tmp_path / "b")]).exit_code == 0
        assert runner.invoke(main, ["read", str(good_pdf), "-o", str(tmp_path / "r.xlsx")]).exit_code == 0
        for path in [*(tmp_path / "b").iterdir(), tmp_path / "r.xlsx"]:
            assert path.stat().st_mode & 0o777 == 0o644, path
        os.umask(0o027)
        write_atomic(tmp_path / "g.txt", b"x")
        assert (tmp_path / "g.txt").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
    target = tmp_path / "race.json"

    def made_meanwhile(path):          # another run creates the file after our check
        target.write_text("theirs")

    import formgen.fileio as fileio
    real = fileio.refuse_existing
    fileio.refuse_existing = made_meanwhile
    try:
        with pytest.raises(formgen.OutputExistsError):
            write_atomic(target, b"ours")
    finally:
        fileio.refuse_existing = real
    assert target.read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".race")] == []


def test_reading_a_pdf_does_not_load_the_renderer():
    code = ("import sys, formgen.readers.pdf, formgen.readers.core, formgen.readers.batch; "
            "print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_bad_file_among_64_good_ones_still_gives_the_workbook(good_pdf, tmp_path, runner):
    from formgen.cli import main
    d = tmp_path / "klas"
    d.mkdir()
    for i in range(64):
        shutil.copy(good_pdf, d / f"{i:02}.pdf")
    hostile = corpus()
    (d / "zz-pages-loop.pdf").write_bytes(hostile["pages-loop.pdf"][0])
    (d / "zz-100000.pdf").write_bytes(hostile["100000-fields.pdf"][0])
    out = tmp_path / "klas.xlsx"
    result = runner.invoke(main, ["read", str(d), "-o", str(out), "-j", "2"])
    assert result.exit_code == 1 and out.exists()
    assert "66 bestanden: 0 in orde, 64 te controleren, 2 geweigerd" in result.stderr  # one name 64 times


def test_a_zip_docx_bomb_and_a_damaged_odt_are_refused(forms, tmp_path):
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", b"\0" * (100 * 1024 * 1024))
    (tmp_path / "bom.odt").write_bytes(big.getvalue())
    (tmp_path / "kapot.odt").write_bytes(b"PK\x03\x04" + os.urandom(500))
    bomb, broken = read_many([tmp_path], forms, jobs=1)
    assert [p.code for p in bomb.problems] == ["unsafe"]
    assert [p.code for p in broken.problems] == ["corrupt"]
