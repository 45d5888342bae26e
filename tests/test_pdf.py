"""The fillable PDF, reopened with pypdf: fields, flags, appearances, identity."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from formgen.render.pdf import render_pdf
from formgen.names import COPY_FIELD, IDENTITY_FIELD

from conftest import ROOT
from pdfcheck import widgets


@pytest.fixture(scope="module")
def reader(blank_pdf):
    return PdfReader(blank_pdf)


@pytest.fixture(scope="module")
def fields(reader):
    return reader.get_fields()


def test_field_counts_and_types(fields, form):
    text = [n for n, f in fields.items() if f.get("/FT") == "/Tx"
            and n not in (IDENTITY_FIELD, COPY_FIELD)]
    checks = [n for n, f in fields.items() if f.get("/FT") == "/Btn" and not int(f.get("/Ff", 0)) & (1 << 15)]
    radios = [n for n, f in fields.items() if f.get("/FT") == "/Btn" and int(f.get("/Ff", 0)) & (1 << 15)]
    assert sorted(text) == ["begeleider_roc", "naam_deelnemer"]
    assert len(checks) == 17 and all(n.endswith("_wens") for n in checks)
    assert len(radios) == 17 and all(n.endswith("_niveau") for n in radios)
    assert set(fields) == {f.id for f in form.all_fields()} | {IDENTITY_FIELD, COPY_FIELD}


def test_each_level_is_one_choice_of_exactly_bg_g_bk(blank_pdf):
    by_field: dict[str, list] = {}
    for w in widgets(blank_pdf):
        if w["name"].endswith("_niveau"):
            by_field.setdefault(w["name"], []).append(w["state"])
            assert set(w["annot"]["/AP"]["/N"].keys()) == {"/" + w["state"], "/Off"}
            assert w["as"] == "/Off"
    assert len(by_field) == 17
    assert all(states == ["Bg", "G", "Bk"] for states in by_field.values())


def test_no_required_flags_no_max_length_no_need_appearances(reader, blank_pdf):
    for w in widgets(blank_pdf):
        name, f = w["name"], w["field"]
        assert not int(f.get("/Ff", 0)) & 2, name
        assert "/MaxLen" not in f, name
    acro = reader.trailer["/Root"]["/AcroForm"]
    assert "/NeedAppearances" not in acro
    assert "/XFA" not in acro


def test_max_length_only_where_the_content_sets_one(example_form, tmp_path):
    path = tmp_path / "cf.pdf"
    path.write_bytes(render_pdf(example_form))
    fields = {w["name"]: w["field"] for w in widgets(path)}
    assert fields["student_number"]["/MaxLen"] == 8
    assert "/MaxLen" not in fields["student_name"]
    assert int(fields["comments"]["/Ff"]) & (1 << 12), "textarea must be multi-line"


def test_every_widget_has_an_appearance_for_every_state(blank_pdf):
    for w in widgets(blank_pdf):
        ap = w["annot"]["/AP"]["/N"]
        if w["field"].get("/FT") == "/Btn":
            assert "/Off" in ap and len(ap) == 2, w["name"]
        else:
            assert ap.get_object().get_data() is not None


def test_tooltips_are_dutch_and_name_the_werkproces(fields):
    assert fields["wp1_1_niveau"]["/TU"] == (
        "Niveau voor werkproces 1.1: Stelt de vraag en/of informatiebehoefte van de opdrachtgever vast")
    assert fields["wp2_4_wens"]["/TU"] == "Wens voor werkproces 2.4: Evalueert de implementatie"
    assert all(f.get("/TU") for f in fields.values())


def test_language_title_and_display_doc_title(reader, form):
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl-NL"
    assert reader.metadata.title == form.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a pypdf BooleanObject)


def test_identity_in_hidden_field_metadata_and_footer(reader, fields, form):
    ident = fields[IDENTITY_FIELD]
    assert ident["/V"] == form.identity
    assert int(ident["/Ff"]) & 1, "identity field must be read-only"
    annot = next(a for a in widgets_of(reader) if a["/T"] == IDENTITY_FIELD)
    assert int(annot["/F"]) & 2, "identity field must be hidden"
    assert form.identity in reader.metadata["/Keywords"]
    assert form.id in reader.metadata.subject
    pages = len(reader.pages)
    for n, page in enumerate(reader.pages, 1):
        text = re.sub(r"\s+", " ", page.extract_text())
        assert f"pagina {n} van {pages}" in text
        assert "versie 1.0" in text


def widgets_of(reader):
    return [a.get_object() for p in reader.pages for a in p.get("/Annots") or []
            if a.get_object().get("/T")]


def test_no_javascript_anywhere(reader):
    root = reader.trailer["/Root"]
    for key in ("/OpenAction", "/AA"):
        assert key not in root
    assert "/JavaScript" not in root.get("/Names", {})
    for page in reader.pages:
        assert "/AA" not in page
        for a in page.get("/Annots") or []:
            a = a.get_object()
            assert "/A" not in a and "/AA" not in a


def test_tab_order_follows_the_rows(reader, form):
    order = []
    for page in reader.pages:
        for a in page.get("/Annots") or []:
            a = a.get_object()
            name = a.get("/T") or a["/Parent"].get("/T")
            if not order or order[-1] != name:
                order.append(name)
    expected = [f.id for f in form.all_fields()] + [IDENTITY_FIELD, COPY_FIELD]
    assert order == expected


def test_blank_pdf_is_small(blank_pdf):
    assert blank_pdf.stat().st_size < 300_000


def test_prefilled_values_have_appearances(form, tmp_path):
    path = tmp_path / "pre.pdf"
    path.write_bytes(render_pdf(form, values={"naam_deelnemer": "Zoë d’Hondt", "wp1_2_wens": True,
                                              "wp1_2_niveau": "Bk"}))
    fields = PdfReader(path).get_fields()
    assert fields["naam_deelnemer"]["/V"] == "Zoë d’Hondt"
    assert fields["wp1_2_wens"]["/V"] == "/Yes"
    assert fields["wp1_2_niveau"]["/V"] == "/Bk"
    states = {(w["name"], w["state"]): w["as"] for w in widgets(path)}
    assert states[("wp1_2_niveau", "Bk")] == "/Bk" and states[("wp1_2_niveau", "G")] == "/Off"


def test_no_kerntaak_heading_stands_alone_at_a_page_foot(reader, form):
    for n, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        for section in form.sections:
            if f"{section.label} {section.title}" in " ".join(text.split()):
                codes = [i.code for i in section.items]
                assert any(f"{c} werkproces" in text for c in codes), f"page {n}: {section.label} alone"


def test_every_werkproces_row_is_on_one_page(reader, form):
    """A row's widgets and its title share a page: rows never split."""
    where = {}
    for p, page in enumerate(reader.pages):
        text = " ".join(page.extract_text().split())
        for a in page.get("/Annots") or []:
            a = a.get_object()
            name = a.get("/T") or a["/Parent"]["/T"]
            where.setdefault(name, set()).add(p)
        for s in form.sections:
            for item in s.items:
                if f"{item.code} werkproces {item.title}" in text:
                    where.setdefault(item.code, set()).add(p)
    for s in form.sections:
        for item in s.items:
            base = form.item_id(item)
            pages = where[item.code] | where[f"{base}_wens"] | where[f"{base}_niveau"]
            assert len(pages) == 1, item.code


def test_footer_qr_codes_name_form_version_and_page(blank_pdf, form, tmp_path):
    import subprocess
    pages = len(PdfReader(blank_pdf).pages)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(blank_pdf), str(tmp_path / "page")],
                   check=True, timeout=120)
    found = []
    for png in sorted(tmp_path.glob("page-*.png")):
        proc = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True,
                              text=True, timeout=60)
        found.append(proc.stdout.split())
    # each page: its code in the footer and again in the top margin
    assert found == [[f"formgen:{form.id}|{form.version}|p{n}"] * 2 for n in range(1, pages + 1)]


def test_field_font_encodes_the_names_of_our_students():
    from formgen.render.pdf_font import EXTRA_LETTERS, field_font
    font = field_font()
    for name in ("Şükrü Yılmaz", "Małgorzata Wiśniewska", "Zoë d’Hondt", "Ștefan Țurcanu",
                 "Dvořák Čapek", "Erdős Pál", "Đorđević"):
        assert font.missing(name) == set(), name
    assert not font.missing(EXTRA_LETTERS) and len(EXTRA_LETTERS) == 56


def test_the_drawn_twin_shows_each_letter_with_the_field_font_s_glyph():
    """formgen draws with the Type0 twin, engines type with the simple font:
    each letter must be the same glyph, as wide, in both."""
    from formgen.render.pdf_font import field_font
    font = field_font()
    for code, ch in font.code_to_char.items():
        glyph = int.from_bytes(font.encode_drawn(ch), "big")
        assert glyph > 0, ch                                  # never .notdef
        assert font.glyph_widths[glyph] == font.widths[code], ch
    assert font.encode_drawn("Ш") == font.encode_drawn("?")    # beyond the font: ?


def test_the_field_font_cache_is_used_and_a_broken_one_is_rebuilt(tmp_path, monkeypatch):
    from formgen.render import pdf_font
    monkeypatch.setenv("FORMGEN_CACHE_DIR", str(tmp_path))
    first = pdf_font.FieldFont()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2 and files[0].endswith(".json") and files[1].endswith(".ttf")
    assert pdf_font.FieldFont()._program == first._program
    for path in tmp_path.iterdir():
        path.write_bytes(b"{not json")           # a damaged cache is derived again
    again = pdf_font.FieldFont()
    assert again._program == first._program and again.widths == first.widths
    monkeypatch.setenv("FORMGEN_CACHE_DIR", str(tmp_path / "file"))
    (tmp_path / "file").write_text("a file where the folder should be")
    assert pdf_font.FieldFont().encode_drawn("Ş") == first.encode_drawn("Ş")   # unwritable: skipped


def test_qr_encoder_draws_reportlab_s_symbol_with_mask_0_and_decoders_read_it():
    """formgen's own QR encoder (fast: one mask, no polynomial objects) makes
    the symbol reportlab makes when told to use mask 0, module for module,
    for texts of every length up to version 10; zxing-cpp reads each back."""
    import random
    import string

    import numpy as np
    import zxingcpp
    from reportlab.graphics.barcode import qrencoder

    from formgen.qr import encode

    class Mask0(qrencoder.QRCode):
        def getBestMaskPattern(self):
            return 0

    rng = random.Random(7)
    texts = [f"formgen:wensenformulier-ict-beheerder|1.0|p{p}|k{rng.getrandbits(44):011x}"
             for p in (1, 2, 3)]
    texts += ["formgen:" + "".join(rng.choice(string.ascii_lowercase + "|-.:0123456789")
                                   for _ in range(n)) for n in range(1, 200, 7)]
    texts += ["formgen:şükrü|zoë"]
    versions = set()
    for text in texts:
        ref = Mask0(None, qrencoder.QRErrorCorrectLevel.M)
        ref.addData(text)
        ref.make()
        n = ref.getModuleCount()
        ours = encode(text)
        assert ours == [[ref.isDark(r, c) for c in range(n)] for r in range(n)], text
        versions.add((n - 17) // 4)
        img = np.kron(np.pad(~np.array(ours), 4, constant_values=True), np.ones((4, 4)))
        (found,) = zxingcpp.read_barcodes((img * 255).astype(np.uint8))
        assert found.text == text
    assert versions >= set(range(1, 11)) - {1}


def test_a_long_title_is_shortened_in_the_footer_and_never_runs_into_the_qr_code(tmp_path):
    """A title of 69 characters: the footer shows it shortened with an
    ellipsis, its version whole, left of the QR code's quiet zone."""
    import pymupdf

    from formgen.content import loads_form
    from formgen.layout import QR_MAX, qr_box
    text = (ROOT / "content" / "wensenformulier-ict-beheerder.yaml").read_text(encoding="utf-8")
    long_title = "Wensenformulier deelnemer ICT-beheerder, niveau 4, cohort 2025-2026 BOL"
    assert len(long_title) >= 69
    form = loads_form(text.replace("title: Wensenformulier deelnemer ICT-beheerder",
                                   f"title: {long_title}", 1))
    path = tmp_path / "lang.pdf"
    path.write_bytes(render_pdf(form))
    page = pymupdf.open(path)[0]
    qr_left = qr_box(QR_MAX)[0]
    footer = [s for b in page.get_text("dict")["blocks"] for line in b.get("lines", [])
              for s in line["spans"] if "versie" in s["text"]]
    (span,) = footer
    assert span["text"].endswith("… · versie 1.0") and span["text"].startswith("Wensenformulier")
    assert span["bbox"][2] < qr_left - 2 * 72 / 25.4          # 2 mm of quiet zone at least
