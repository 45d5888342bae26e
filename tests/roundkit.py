"""A class's returns as a round meets them, made the ways students make them.

:func:`make_class` writes into a folder: a class list of six, their
prefilled PDFs, and the returns of four of them, each made another way:
filled in PyMuPDF, in PDFium, in Word (python-docx as Word saves a
content control), and on paper (the prefilled print pack, pen-marked with
two levels ticked in two rows, then scanned, its three pages split over
two scan files that arrive apart). A numbered blank copy, with only a
handwritten name, is the scan no class list knows. Nobody's answers come
from formgen's own writer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import scangen
from conftest import fill_pdfium, fill_pymupdf
from wordfill import fill_docx

CLASS = ("Naam deelnemer;studentnummer\n"
         "Şükrü Yılmaz;1001\n"
         "Małgorzata Wiśniewska;1002\n"
         "Zoë d’Hondt;1003\n"
         "Daan Smit;1004\n"
         "<script>alert(1)</script>;1005\n"
         "Lotte Jansen;1006\n")


@dataclass
class Kit:
    folder: Path
    klas: Path
    copies: list                    # formgen.prefill.Copy per class-list row
    pymupdf: Path
    pdfium: Path
    word: Path
    scan_a: Path                    # pages 1 and 2 of Daan's paper copy
    scan_b: Path                    # page 3 of it
    stranger: Path                  # the numbered blank copy with a handwritten name
    doubtful: list                  # Daan's fields with two levels ticked


def make_class(form, folder: Path) -> Kit:
    from formgen.prefill import plan, prefill, read_class_list
    from formgen.render.pdf_print import numbered_ids, render_print_pack
    folder.mkdir(parents=True, exist_ok=True)
    klas = folder / "klas.csv"
    klas.write_text(CLASS, encoding="utf-8")
    copies = plan(form, read_class_list(klas)).copies
    pre = folder / "pre"
    prefill(form, read_class_list(klas), pre, formats=("pdf", "docx"))
    by = {c.values["naam_deelnemer"]: c for c in copies}
    inbox = folder / "in"
    inbox.mkdir()

    def pdf_of(name):
        return pre / f"{by[name].stem}.pdf"

    a = fill_pymupdf(pdf_of("Şükrü Yılmaz"), {"wp1_1_wens": True, "wp1_1_niveau": "Bg",
                                              "wp2_1_wens": True, "wp2_1_niveau": "G"},
                     inbox / "sukru.pdf")
    b = fill_pdfium(pdf_of("Małgorzata Wiśniewska"), {"wp1_2_wens": True, "wp1_2_niveau": "Bk"},
                    inbox / "malgorzata.pdf")
    c = fill_docx(pre / f"{by['Zoë d’Hondt'].stem}.docx",
                  {"wp1_1_wens": True, "wp1_1_niveau": "G"}, inbox / "zoe.docx")
    # Daan on paper: a clear tick and level in one row, two levels ticked in two rows
    daan = by["Daan Smit"]
    pack = render_print_pack(form, [(daan.copy_id, daan.values)])
    doubtful = ["wp1_3_niveau", "wp2_2_niveau", "wp3_1_niveau"]
    st = scangen.Student()
    st.marks = [("wp1_1_wens", None, "cross"), ("wp1_1_niveau", "Bk", "cross"),
                ("wp1_3_wens", None, "check"), ("wp1_3_niveau", "Bg", "cross"),
                ("wp1_3_niveau", "G", "cross"), ("wp2_2_wens", None, "cross"),
                ("wp2_2_niveau", "G", "check"), ("wp2_2_niveau", "Bk", "check"),
                ("wp3_1_wens", None, "cross"), ("wp3_1_niveau", "Bg", "check"),
                ("wp3_1_niveau", "Bk", "cross")]
    rng = random.Random(7)
    clean = lambda r: scangen.Effects(dpi=200, rotate=r.uniform(-0.8, 0.8))  # noqa: E731
    pages = scangen.scan_copy(pack, form, st, clean, rng, pages=3)
    scan_a, scan_b = folder / "scan-week1.pdf", folder / "scan-week2.pdf"
    scangen.save(pages[:2], scan_a, "pdf")
    scangen.save(pages[2:], scan_b, "pdf")
    # a blank numbered copy: a name in handwriting, one tick
    blank = render_print_pack(form, [(numbered_ids(1)[0], {})])
    st2 = scangen.Student(marks=[("wp1_2_wens", None, "cross"), ("wp1_2_niveau", "G", "cross")],
                          written={"naam_deelnemer"})
    pages2 = scangen.scan_copy(blank, form, st2, clean, rng, pages=3)
    stranger = folder / "onbekend.pdf"
    scangen.save(pages2, stranger, "pdf")
    return Kit(folder, klas, copies, a, b, c, scan_a, scan_b, stranger, doubtful)
