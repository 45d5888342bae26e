"""The PDF half of reading returned forms: raw values, whoever filled them."""

from __future__ import annotations

import pytest
from pypdf import PdfReader, PdfWriter

from formgen import ReadError
from formgen.readers.pdf import read_pdf_fields
from formgen.render.pdf import render_pdf

from conftest import FILLERS, NAMES
from pdfcheck import preview_rewrite

VALUES = {**NAMES, "wp1_1_wens": True, "wp1_1_niveau": "G", "wp3_2_niveau": "Bk"}


@pytest.mark.parametrize("filler", list(FILLERS))
def test_values_filled_by_an_engine_read_back(filler, blank_pdf, form, tmp_path):
    path = FILLERS[filler](blank_pdf, VALUES, tmp_path / f"{filler}.pdf")
    raw = read_pdf_fields(path)
    assert raw.identity == form.identity
    assert raw.fields["naam_deelnemer"].value == "Şükrü Yılmaz"
    assert raw.fields["begeleider_roc"].value == "Małgorzata Wiśniewska"
    assert raw.fields["wp1_1_wens"].value == {"Yes"}
    assert raw.fields["wp1_2_wens"].value == set()
    assert raw.fields["wp1_1_niveau"].value == {"G"}
    assert raw.fields["wp3_2_niveau"].value == {"Bk"}
    assert raw.fields["wp1_1_niveau"].widgets == 3


def test_preview_style_detached_radio_widget_wins_over_a_stale_group(form, tmp_path):
    """Apple Preview saves the chosen button as a widget with its own /T and
    /V, leaving the group's /V stale: the widget is the truth."""
    src = tmp_path / "src.pdf"
    src.write_bytes(render_pdf(form, values={"wp1_1_niveau": "Bg"}))
    out = preview_rewrite(src, tmp_path / "preview.pdf", "wp1_1_niveau", "G")
    groups = [f.get_object() for f in PdfReader(out).trailer["/Root"]["/AcroForm"]["/Fields"]
              if f.get_object()["/T"] == "wp1_1_niveau" and "/Kids" in f.get_object()]
    assert [g["/V"] for g in groups] == ["/Bg"]  # the group's own value is stale
    assert read_pdf_fields(out).fields["wp1_1_niveau"].value == {"G"}


def test_encrypted_pdf_is_refused_with_its_reason(blank_pdf, tmp_path):
    writer = PdfWriter(clone_from=blank_pdf)
    writer.encrypt("geheim", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    with pytest.raises(ReadError, match="encrypted"):
        read_pdf_fields(path)


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n1 0 obj <<", b"\x00\xff" * 500])
def test_broken_files_are_refused_not_crashed(data, tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_pdf_fields(path)
    assert "broken.pdf" in str(info.value)
