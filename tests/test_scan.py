"""Paper: the print pack, and scans of it read back.

Scans are made by tests/scangen.py from formgen's own printed pages: a
made-up student's pen marks, then a scanner's effects, with the truth of
every box kept. Each test reads them the way the office does (read_many or
the command line) and compares with that truth.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp
from pypdf import PdfReader

import scangen
from scangen import gray, render_gray, score  # noqa: F401 (the tests below use them)
from formgen.cli import main
from formgen.layout import MARGIN_BOTTOM, MARGIN_TOP, MARK_SIZE, PAGE_HEIGHT, mark_centres
from formgen.names import parse_qr
from formgen.readers.batch import read_many
from formgen.readers.core import FormSet, read_file
from formgen.readers.scan import layout_of
from formgen.render.pdf_print import numbered_ids, render_print_pack

HERE = Path(__file__).parent
CLASS = "Naam deelnemer;studentnummer\nŞükrü Yılmaz;1001\nMałgorzata Wiśniewska;1002\nZoë d’Hondt;1003\n"


# -- the print pack ----------------------------------------------------------------------

def test_print_pack_has_numbered_copies_on_whole_sheets_and_no_widgets(runner, tmp_path):
    result = runner.invoke(main, ["build", "--print", "--copies", "3", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "wensenformulier-ict-beheerder-print.pdf"
    assert "(3 exemplaren)" in result.output
    reader = PdfReader(path)
    assert len(reader.pages) == 12                  # 3 pages + 1 empty back per copy
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert all("/Annots" not in p for p in reader.pages)
    assert path.stat().st_size < 250_000            # small: 3 copies
    data = path.read_bytes()
    seen = []
    for i in range(12):
        img = render_gray(data, i)
        codes = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
        if i % 4 == 3:                  # the padding page is empty: nothing printed at all
            assert not codes and img.min() > 250
            continue
        # two codes with the same text: one in the footer, a smaller one in the top margin
        top, bottom = sorted(codes, key=lambda c: c.position.top_left.y)
        assert top.text == bottom.text
        assert top.position.bottom_left.y < MARGIN_TOP * 150 / 72
        assert bottom.position.top_left.y > img.shape[0] - MARGIN_BOTTOM * 150 / 72
        code = bottom
        form_id, version, page, copy_id = parse_qr(code.text)
        seen.append((page, copy_id))
        # four solid marks, white around them
        s = 150 / 72
        for cx, cy in mark_centres():
            x, y = int(cx * s), int((PAGE_HEIGHT - cy) * s)
            assert img[y - 3:y + 4, x - 3:x + 4].max() < 60
            ring = int((MARK_SIZE / 2 + 2.5 * 72 / 25.4) * s)
            assert img[y, x + ring] > 200 and img[y, x - ring] > 200
            assert img[y + ring, x] > 200 and img[y - ring, x] > 200
    ids = sorted({c for _, c in seen})
    assert len(ids) == 3 and all(c.startswith("n") for c in ids)
    assert sorted(seen) == sorted((p, c) for c in ids for p in (1, 2, 3))


def test_print_pack_prints_the_same_in_poppler_pdfium_pdfjs_and_ghostscript(tmp_path, form,
                                                                            forms):
    """The engines put every element at the same place (phase correlation of
    the renders), and a scan reader finds the same page in each."""
    from formgen.readers.scan import ScanPage, read_image
    data = render_print_pack(form, [("nabc001", {"naam_deelnemer": "Şükrü Yılmaz"})])
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    for page in range(3):
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-singlefile", "-f", str(page + 1),
                        "-l", str(page + 1), str(path), str(tmp_path / "p")], check=True)
        poppler = cv2.imread(str(tmp_path / "p.pgm"), cv2.IMREAD_GRAYSCALE)
        pdfium_img = render_gray(data, page, 150)
        h = min(poppler.shape[0], pdfium_img.shape[0])
        w = min(poppler.shape[1], pdfium_img.shape[1])
        (dx, dy), _ = cv2.phaseCorrelate(np.float32(poppler[:h, :w]), np.float32(pdfium_img[:h, :w]))
        assert abs(dx) < 0.5 and abs(dy) < 0.5, (page, dx, dy)
        small = [cv2.resize(x[:h, :w], (w // 12, h // 12), interpolation=cv2.INTER_AREA)
                 .astype(int) for x in (poppler, pdfium_img)]
        assert np.abs(small[0] - small[1]).max() < 40, page       # nothing missing
        png = tmp_path / "pdfjs.png"      # and pdf.js, as Firefox prints
        subprocess.run(["node", str(HERE / "engines" / "render_pdfjs.mjs"), str(path), str(png),
                        "150", str(page)], check=True, timeout=120)
        pdfjs_img = cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)
        hj, wj = min(h, pdfjs_img.shape[0]), min(w, pdfjs_img.shape[1])
        (dx, dy), _ = cv2.phaseCorrelate(np.float32(poppler[:hj, :wj]), np.float32(pdfjs_img[:hj, :wj]))
        assert abs(dx) < 0.5 and abs(dy) < 0.5, ("pdfjs", page, dx, dy)
        gs_png = tmp_path / "gs.png"       # and Ghostscript, the Linux print path
        subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dPrinted",
                        "-sDEVICE=pnggray", "-r150", f"-dFirstPage={page + 1}",
                        f"-dLastPage={page + 1}", f"-sOutputFile={gs_png}", str(path)], check=True)
        gs_img = cv2.imread(str(gs_png), cv2.IMREAD_GRAYSCALE)
        hg, wg = min(h, gs_img.shape[0]), min(w, gs_img.shape[1])
        (dx, dy), _ = cv2.phaseCorrelate(np.float32(poppler[:hg, :wg]), np.float32(gs_img[:hg, :wg]))
        assert abs(dx) < 0.5 and abs(dy) < 0.5, ("ghostscript", page, dx, dy)
        read = [read_image(img, ScanPage("x", page + 1), forms)
                for img in (poppler, pdfium_img, pdfjs_img, gs_img)]
        assert [(r.page, r.copy_id) for r in read] == [(page + 1, "nabc001")] * 4
        assert read[0].values == read[1].values == read[2].values == read[3].values
        assert not read[0].review.keys() - {"naam_deelnemer"}


def test_prefilled_print_pack_prints_each_name_with_its_class_list_id(runner, tmp_path, form):
    klas = tmp_path / "klas-4a.csv"
    klas.write_text(CLASS, encoding="utf-8")
    result = runner.invoke(main, ["build", "--print", "--prefill", str(klas), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "wensenformulier-ict-beheerder-klas-4a-print.pdf"
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    for name in ("Şükrü Yılmaz", "Małgorzata Wiśniewska", "Zoë d’Hondt"):
        assert name in text
    from formgen.prefill import plan, read_class_list
    want = {c.copy_id for c in plan(form, read_class_list(klas)).copies}
    data = path.read_bytes()
    got = {parse_qr(zxingcpp.read_barcodes(render_gray(data, i))[0].text)[3] for i in (0, 4, 8)}
    assert got == want
    again = runner.invoke(main, ["build", "--print", "--prefill", str(klas), "-o", str(tmp_path)])
    assert again.exit_code == 1 and "bestaat al" in again.output  # never overwritten silently


# -- reading scans ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def class_stack(form, tmp_path_factory):
    """The prefilled print pack of CLASS, filled by three students and
    scanned as one stack (an image-only PDF, pages in order)."""
    d = tmp_path_factory.mktemp("klas")
    klas = d / "klas.csv"
    klas.write_text(CLASS, encoding="utf-8")
    from formgen.prefill import plan, read_class_list
    copies = plan(form, read_class_list(klas)).copies
    pdf = render_print_pack(form, [(c.copy_id, c.values) for c in copies])
    rng = random.Random(2026)
    truths, pages = {}, []
    for n, c in enumerate(copies):
        st = scangen.student(form, rng, prefilled=set(c.values))
        truths[c.copy_id] = st
        pages += scangen.scan_copy(pdf, form, st, scangen.random_effects, rng, first=4 * n,
                                   pages=3)
    (d / "in").mkdir()
    scangen.save(pages, d / "in" / "stapel.pdf", "pdf")
    return d, klas, truths, copies


def test_a_scanned_class_stack_reads_back_with_names_from_the_class_list(runner, class_stack):
    d, klas, truths, copies = class_stack
    out, review = d / "out.json", d / "controle.pdf"
    result = runner.invoke(main, ["read", str(d / "in"), "--expect", str(klas), "-o", str(out),
                                  "--review", str(review)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["missing"] == []                             # everyone returned
    records = data["returns"]
    assert len(records) == 3
    by_copy = {r["copy"]: r for r in records}
    for c in copies:
        r = by_copy[c.copy_id]
        assert r["source"] == "scan" and r["values"]["naam_deelnemer"] == c.values["naam_deelnemer"]
        assert r["extra"] == {"studentnummer": c.extra["studentnummer"]}
        assert "naam_deelnemer" not in r["review"]
        n = copies.index(c)
        assert r["pages"] == [f"stapel.pdf#{3 * n + k}" for k in (1, 2, 3)]
    from formgen.readers.core import Response
    responses = [Response(r["file"], copy_id=r["copy"], values=r["values"], review=dict.fromkeys(r["review"], "x"))
                 for r in records]
    s = score(responses, truths)
    assert s["boxes"] == 3 * 34 and s["wrong"] == 0, s["wrong_list"]
    assert s["flagged"] <= 0.02 * s["boxes"]
    assert PdfReader(review).pages       # the review sheet opens


def test_a_mixed_folder_is_grouped_into_copies_with_every_page_accounted_for(
        form, example_form, forms, tmp_path):
    ids = numbered_ids(4, "feed01")
    pdf = render_print_pack(form, [(i, {}) for i in ids])
    rng = random.Random(5)
    mild = lambda r: scangen.Effects(dpi=200, rotate=r.uniform(-2, 2))        # noqa: E731
    truths, scanned = {}, {}
    for n, cid in enumerate(ids):
        st = scangen.student(form, rng)
        truths[cid] = st
        scanned[cid] = scangen.scan_copy(pdf, form, st, mild, rng, first=4 * n, pages=3)
    d = tmp_path / "in"
    d.mkdir()
    a, b, c, e = (scanned[i] for i in ids)
    # a stack: copy a in shuffled order with one page upside down, copy b
    # with its page 2 scanned twice, an empty back page and another form's page
    upside = (cv2.rotate(a[1][0], cv2.ROTATE_180), a[1][1])
    other = render_print_pack(example_form, [("nother001", {})])
    foreign = (scangen.scanner(scangen.render(other, 0), scangen.Effects(dpi=200), rng), 200)
    empty = (np.full_like(gray(a[0][0]), 250), 200)
    stack = [a[2], a[0], upside, b[0], b[1], b[1], b[2], empty, foreign]
    scangen.save(stack, d / "stapel.pdf", "pdf")
    scangen.save(c, d / "kopie-c.tif", "tiff")                # a multi-page TIFF
    for k, page in enumerate(e[:2]):                          # copy e: photos, page 3 missing
        scangen.save([page], d / f"IMG_00{k}.jpg", "jpeg")
    responses = read_many([d], forms, jobs=2)
    by_copy = {r.copy_id: r for r in responses if r.copy_id}
    assert set(by_copy) == set(ids)
    assert by_copy[ids[0]].pages == ["stapel.pdf#2", "stapel.pdf#3", "stapel.pdf#1"]
    assert "scan_twice" in [p.code for p in by_copy[ids[1]].problems]
    assert by_copy[ids[2]].pages == ["kopie-c.tif#1", "kopie-c.tif#2", "kopie-c.tif#3"]
    missing = by_copy[ids[3]]
    assert [p.params for p in missing.problems if p.code == "page_missing"] == [{"page": 3}]
    assert all(missing.review[f] == "missing_page" for f in ("wp4_1_wens", "wp4_3_niveau"))
    others = [r for r in responses if not r.copy_id]
    codes = sorted((Path(r.file).name, r.status, r.problems[0].code) for r in others)
    assert codes == [("stapel.pdf", "skipped", "blank_pages"),
                     ("stapel.pdf#9", "rejected", "page_unknown_form")]
    s = score(responses, truths)
    # the missing page's boxes are flagged, not guessed
    assert s["wrong"] == 0, s["wrong_list"]
    assert s["right"] + s["flagged"] == s["boxes"] == 4 * 34


def test_accuracy_on_a_seeded_set_of_varied_scans(form, forms, tmp_path):
    """8 copies, each page with its own scanner (200-300 dpi, grey or
    colour, rotated, shifted, scaled, blurred, noisy, toned, bordered,
    JPEG, upside down), in two containers. The benchmark runs 100."""
    ids = numbered_ids(8, "acc001")
    pdf = render_print_pack(form, [(i, {}) for i in ids])
    rng = random.Random(99)
    truths = {}
    for n, cid in enumerate(ids):
        st = scangen.student(form, rng)
        truths[cid] = st
        pages = scangen.scan_copy(pdf, form, st, scangen.random_effects, rng, first=4 * n,
                                  pages=3)
        scangen.save(pages, tmp_path / f"c{n:02d}.{('pdf', 'tiff')[n % 2]}", ("pdf", "tiff")[n % 2])
    responses = read_many([tmp_path], forms, jobs=2)
    s = score(responses, truths)
    assert s["copies"] == 8 and len(responses) == 8
    assert s["wrong"] == 0, s["wrong_list"]
    assert s["right"] >= 0.98 * s["boxes"] and s["flagged"] <= 0.02 * s["boxes"]


def _print_and_scan(pdf: Path, engine: str, outdir: Path, rng) -> Path:
    """``pdf`` printed by ``engine`` (pdf.js with the print intent, poppler,
    or Ghostscript as CUPS prints, to 300 dpi images as a printer driver
    makes them) and scanned."""
    pages = []
    for k in range(3):
        png = outdir / f"{engine}-{k}.png"
        if engine == "pdfjs":
            subprocess.run(["node", str(HERE / "engines" / "render_pdfjs.mjs"), str(pdf),
                            str(png), "300", str(k)], check=True, timeout=120)
        elif engine == "ghostscript":       # the Linux print path (CUPS filters)
            subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dPrinted",
                            "-sDEVICE=png16m", "-r300", f"-dFirstPage={k + 1}",
                            f"-dLastPage={k + 1}", f"-sOutputFile={png}", str(pdf)],
                           check=True, timeout=120)
        else:
            subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", "-f", str(k + 1),
                            "-l", str(k + 1), str(pdf), str(png.with_suffix(""))],
                           check=True, timeout=120)
        img = cv2.cvtColor(cv2.imread(str(png)), cv2.COLOR_BGR2RGB)
        fx = scangen.Effects(dpi=200, rotate=rng.uniform(-2, 2), shift=(1.5, -2), jpeg=75)
        pages.append((scangen.scanner(img, fx, rng), 200))
    d = outdir / f"scan-{engine}"
    d.mkdir()
    scangen.save(pages, d / "geprint.pdf", "pdf")
    return d


@pytest.mark.parametrize("engine", ["pdfjs", "poppler", "ghostscript"])
def test_a_form_filled_on_screen_and_printed_reads_back_the_same(engine, form, forms, tmp_path):
    """Filled in pdf.js, printed by pdf.js or by poppler, then scanned: the
    ticks read back as in the file; the typed names, to a reader of paper,
    are handwriting for a person."""
    from conftest import fill_pdfjs
    from test_read import FILLED, expected

    blank = tmp_path / "blank.pdf"
    from formgen.render.pdf import render_pdf
    blank.write_bytes(render_pdf(form))
    filled = fill_pdfjs(blank, FILLED, tmp_path / "filled.pdf")
    want = read_file(filled, forms).values
    assert want == expected(form, FILLED)
    (r,) = read_many([_print_and_scan(filled, engine, tmp_path, random.Random(3))], forms, jobs=1)
    assert r.source == "scan" and r.pages == [f"geprint.pdf#{n}" for n in (1, 2, 3)]
    boxes = {f: v for f, v in want.items() if form.field(f).type in ("checkbox", "choice")}
    assert {f: r.values[f] for f in boxes} == boxes
    assert set(r.review) == {"naam_deelnemer", "begeleider_roc"}


@pytest.mark.parametrize("engine", ["pdfjs"])
def test_a_prefilled_copy_filled_on_screen_and_printed_reads_back_every_value(
        engine, runner, form, forms, tmp_path):
    """A copy prefilled from the class list, ticked in pdf.js, printed, scanned
    and read with the class list: every value, names included, equals what
    the fillable file itself reads as. (Printed by pdf.js only: the test
    above prints through poppler and Ghostscript too.)"""
    from conftest import fill_pdfjs
    from test_read import FILLED

    from formgen.office.planning import reconcile
    from formgen.prefill import read_class_list
    klas = tmp_path / "klas.csv"
    klas.write_text("Naam deelnemer;Begeleider ROC\nŞükrü Yılmaz;Małgorzata Wiśniewska\n"
                    "Zoë d’Hondt;K. Nowak\n", encoding="utf-8")
    assert runner.invoke(main, ["build", "--prefill", str(klas), "-o", str(tmp_path / "pf")]).exit_code == 0
    ticks = {k: v for k, v in FILLED.items() if k not in ("naam_deelnemer", "begeleider_roc")}
    filled = fill_pdfjs(tmp_path / "pf" / "Şükrü Yılmaz.pdf", ticks, tmp_path / "filled.pdf")
    want = read_file(filled, forms).values
    assert want["naam_deelnemer"] == "Şükrü Yılmaz" and want["wp2_3_niveau"] == "Bk"
    responses = read_many([_print_and_scan(filled, engine, tmp_path, random.Random(5))], forms,
                          jobs=1)
    reconcile(responses, read_class_list(klas), form)
    (r,) = responses
    assert r.values == want and not r.review and r.status == "ok", r.messages()


def test_without_the_scan_extra_a_scan_says_how_to_install_it(forms, tmp_path, monkeypatch):
    import sys
    page = scangen.render(render_print_pack(forms.forms[0], [("n1", {})]), 0, 100)
    scangen.save([(page, 100)], tmp_path / "foto.png", "png")
    monkeypatch.setitem(sys.modules, "cv2", None)
    resp = read_file(tmp_path / "foto.png", forms)
    assert resp.status == "rejected" and ".venv/bin/pip install 'formgen-forms[scan]'" in resp.messages()[0]


def test_a_scan_bomb_is_refused_without_decoding_it(forms, tmp_path):
    import struct
    import zlib
    # a PNG that claims 60,000 x 60,000 pixels in a few hundred bytes
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")
    (tmp_path / "bom.png").write_bytes(png)
    (r,) = read_many([tmp_path], forms, jobs=1)
    assert r.status == "rejected" and r.problems[0].code == "unsafe"


def test_the_workbook_marks_answers_to_check(class_stack, tmp_path):
    from openpyxl import load_workbook

    from formgen.office.exporters import FORMATS
    d, klas, truths, copies = class_stack
    forms = FormSet.load()
    responses = read_many([d / "in"], forms, jobs=2)
    # one more doubt, as a clerk would meet it: a box read as unsure
    responses[0].review["wp1_1_wens"] = "unsure"
    data = FORMATS["xlsx"][1](responses, forms, language=None, missing=[])
    ws = load_workbook(io.BytesIO(data))["Antwoorden"]
    header = [c.value for c in ws[1]]
    col = header.index(form_label(forms, "wp1_1_wens")) + 1
    cell = ws.cell(row=2, column=col)
    assert cell.fill.fgColor.rgb.endswith("F8CBAD") and "niet duidelijk" in cell.comment.text


def form_label(forms, field_id):
    return forms.forms[0].field(field_id).label


def test_a_page_with_marks_lost_off_the_sheet_still_registers(form, forms):
    """One mark covered: three marks and the QR code register the page and
    the boxes read right. Two covered: the page is placed, but its boxes are
    left to a person (never guessed)."""
    from formgen.readers.scan import ScanPage, read_image
    pdf = render_print_pack(form, [("nmarks01", {})])
    rng = random.Random(8)
    st = scangen.student(form, rng, corrections=0)
    img = scangen.render(pdf, 0)
    scangen.pen(img, form, 1, st, rng)
    fx = scangen.Effects(dpi=200, rotate=2.5, shift=(2, -1))
    scanned = gray(scangen.scanner(img, fx, rng))
    s = 200 / 72
    page1 = {sl.field_id for sl in layout_of(form).on_page(1)} & set(st.truth)
    for lost in ([0], [0, 3]):
        damaged = scanned.copy()
        for i in lost:                      # paper torn off, or off the scanner's glass
            cx, cy = mark_centres()[i]
            x, y = int(cx * s), int((PAGE_HEIGHT - cy) * s)
            damaged[max(0, y - 95):y + 95, max(0, x - 95):x + 95] = 255
        page = read_image(damaged, ScanPage("x", 1), forms)
        assert page.status == "read" and page.copy_id == "nmarks01"
        if len(lost) == 1:
            assert {f: page.values[f] for f in page1} == {f: st.truth[f] for f in page1}
            assert not page1 & set(page.review)
        else:
            assert all(page.review[f] == "unsure" for f in page1)
            assert page.crops["naam_deelnemer"]       # still placed well enough to crop


def test_phone_photos_with_perspective_and_uneven_light_are_never_read_wrong(form, forms,
                                                                              tmp_path):
    """Photos held at an angle and lit from one side (a dark sheet edge, a
    shadow): the light is evened out, the page registered by its marks; a
    box that cannot be read is flagged, none is read wrong."""
    ids = numbered_ids(3, "photo1")
    pdf = render_print_pack(form, [(i, {}) for i in ids])
    rng = random.Random(21)

    def photo(r):
        fx = scangen.random_effects(r, colours=("colour",), upside_down=0)
        fx.photo, fx.border, fx.jpeg = True, False, 85
        return fx

    truths = {}
    for n, cid in enumerate(ids):
        st = scangen.student(form, rng)
        truths[cid] = st
        for k, page in enumerate(scangen.scan_copy(pdf, form, st, photo, rng, first=4 * n,
                                                   pages=3)):
            scangen.save([page], tmp_path / f"IMG_{n}{k}.jpg", "jpeg")
    responses = read_many([tmp_path], forms, jobs=2)
    s = score(responses, truths)
    assert s["wrong"] == 0, s["wrong_list"]
    assert s["right"] >= 0.6 * s["boxes"]          # the rest flagged: photos are hard
    for r in responses:
        assert r.copy_id in truths or r.problems[0].code == "no_qr"


def test_a_prefilled_pdf_printed_and_filled_by_pen_reads_back_by_its_copy_id(
        runner, form, forms, tmp_path):
    """A prefilled PDF e-mailed to a student, printed by poppler and filled
    with a pen: its QR codes carry the copy's id, so reading with the class
    list finds the student and takes the printed name from the list."""
    klas = tmp_path / "klas.csv"
    klas.write_text(CLASS, encoding="utf-8")
    assert runner.invoke(main, ["build", "--prefill", str(klas), "-o", str(tmp_path / "pf")]).exit_code == 0
    pdf = (tmp_path / "pf" / "Małgorzata Wiśniewska.pdf").read_bytes()
    rng = random.Random(31)
    st = scangen.student(form, rng, prefilled={"naam_deelnemer"})
    pages = []
    for k in range(3):
        png = tmp_path / f"p{k}"
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", "-f", str(k + 1), "-l",
                        str(k + 1), "-", str(png)], input=pdf, check=True, timeout=120)
        img = cv2.cvtColor(cv2.imread(f"{png}.png"), cv2.COLOR_BGR2RGB)
        scangen.pen(img, form, k + 1, st, rng)
        pages.append((scangen.scanner(img, scangen.Effects(dpi=200, rotate=1.0, jpeg=80), rng), 200))
    (tmp_path / "in").mkdir()
    scangen.save(pages, tmp_path / "in" / "scan.pdf", "pdf")
    out = tmp_path / "out.json"
    result = runner.invoke(main, ["read", str(tmp_path / "in"), "--expect", str(klas), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    (r,) = data["returns"]
    assert r["values"]["naam_deelnemer"] == "Małgorzata Wiśniewska" and r["copy"].startswith("k")
    assert "naam_deelnemer" not in r["review"] and "op volgorde" not in " ".join(r["problems"])
    assert [m["name"] for m in data["missing"]] == ["Şükrü Yılmaz", "Zoë d’Hondt"]
    boxes = {f: v for f, v in st.truth.items()}
    assert {f: r["values"][f] for f in boxes if f not in r["review"]} == \
        {f: v for f, v in boxes.items() if f not in r["review"]}


def test_a_page_that_hangs_costs_only_itself(form, forms, tmp_path, monkeypatch):
    """One page of a stack never finishes: that page is reported as taking
    too long, the copy says its page is missing, the other copy imports."""
    import time as _time

    import formgen.readers.scan as scan_module
    ids = numbered_ids(2, "hang01")
    pdf = render_print_pack(form, [(i, {}) for i in ids])
    rng = random.Random(4)
    pages = []
    for n in range(2):
        st = scangen.student(form, rng)
        pages += scangen.scan_copy(pdf, form, st, lambda r: scangen.Effects(dpi=150), rng,
                                   first=4 * n, pages=3)
    scangen.save(pages, tmp_path / "stapel.pdf", "pdf")
    real = scan_module.read_image

    def slow(img, page, forms):
        if page.number == 2:
            _time.sleep(60)
        return real(img, page, forms)

    monkeypatch.setattr(scan_module, "read_image", slow)     # the workers fork with it
    t = _time.perf_counter()
    responses = read_many([tmp_path], forms, jobs=2, timeout=3)
    assert _time.perf_counter() - t < 30
    by_file = {Path(r.file).name: r for r in responses}
    assert by_file["stapel.pdf#2"].problems[0].code == "page_timeout"
    first = by_file["stapel.pdf#1"]
    assert [p.params for p in first.problems if p.code == "page_missing"] == [{"page": 2}]
    assert by_file["stapel.pdf#4"].pages == ["stapel.pdf#4", "stapel.pdf#5", "stapel.pdf#6"]


def test_the_review_sheet_names_copies_and_pages_as_a_clerk_finds_them(forms, tmp_path):
    """A copy is named by its student (or its number, for a numbered copy),
    its pages by file and page number, never by a hash or '#1'; each
    choice's crop has its options' labels under it."""
    import subprocess

    from PIL import Image

    from formgen.readers.core import Response
    from formgen.office.review import render_review
    png = io.BytesIO()
    Image.new("L", (300, 40), 255).save(png, "PNG")
    named = Response("stapel.pdf#4", source="scan", form_id=forms.forms[0].id,
                     form_version=forms.forms[0].version, copy_id="k3f9a0c1d2e4b",
                     values={"naam_deelnemer": "Şükrü Yılmaz", "wp1_2_niveau": None},
                     pages=["stapel.pdf#4", "stapel.pdf#5", "stapel.pdf#6"],
                     review={"wp1_2_niveau": "several"}, crops={"wp1_2_niveau": png.getvalue()},
                     language="nl-NL", status="warning")
    numbered = Response("stapel.pdf#7", source="scan", form_id=forms.forms[0].id,
                        form_version=forms.forms[0].version, copy_id="nab12cd007",
                        pages=["stapel.pdf#7", "scan2.pdf#1"], review={"naam_deelnemer":
                                                                     "handwriting"},
                        language="nl-NL", status="warning")
    out = tmp_path / "controle.pdf"
    out.write_bytes(render_review([named, numbered], forms))
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Şükrü Yılmaz · stapel.pdf: pagina's 4-6" in text
    assert "exemplaar 7 · stapel.pdf: pagina 7; scan2.pdf: pagina 1" in text
    assert "Bg G Bk" in text                         # under the crop of the levels
    assert "k3f9a0c1d2e4b" not in text and "#" not in text
    # what the command line says after the read names them the same way
    from formgen.office.returns import summarize
    said = summarize([named, numbered], 2).lines("nl", forms=forms)
    assert said[1].startswith("  controleren: Şükrü Yılmaz · stapel.pdf: pagina's 4-6: ")
    assert said[2].startswith("  controleren: exemplaar 7 · stapel.pdf: pagina 7; scan2.pdf: "
                              "pagina 1: ")
    assert not any("#" in line for line in said)


def test_the_review_sheet_keeps_each_line_with_its_scan_and_reads_no_guess(forms, tmp_path):
    """A copy with many doubtful boxes runs over pages: each field's line
    stays on the page of its scan; a box left undecided shows nothing read
    (not 'niet aangekruist')."""
    import subprocess

    from PIL import Image

    from formgen.readers.core import Response
    from formgen.office.review import render_review
    fields = [f"wp{k}_{n}_wens" for k in (1, 2, 3, 4) for n in (1, 2, 3, 4)][:14]
    crops = {}
    for n, f in enumerate(fields):              # each its own image
        png = io.BytesIO()
        Image.new("L", (300, 130), 200 + n).save(png, "PNG")
        crops[f] = png.getvalue()
    long = Response("stapel.pdf#1", source="scan", form_id=forms.forms[0].id,
                    form_version=forms.forms[0].version, copy_id="nlong01001",
                    values=dict.fromkeys(fields, False), pages=["stapel.pdf#1"],
                    review=dict.fromkeys(fields, "unsure"), crops=crops, language="nl-NL",
                    status="warning")
    out = tmp_path / "controle.pdf"
    out.write_bytes(render_review([long], forms))
    reader = PdfReader(out)
    assert len(reader.pages) >= 2
    for k, page in enumerate(reader.pages, start=1):
        text = subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), str(out), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert text.count("vakje niet duidelijk aangekruist") == len(page.images), k
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "niet aangekruist" not in text.replace("niet duidelijk aangekruist", "")
