"""Lines of text (:mod:`formgen.layout_text`): every printed line fits its
width, words break where a reader expects, and the PDF prints the lines the
page plan measured."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

import formgen
from formgen.layout import SANS, SANS_BOLD, register_fonts
from formgen.layout_text import Para, Style

from conftest import ROOT

register_fonts()
BODY = Style("t", 9, 11.5)
NARROW = Style("n", 8.5, 10.5, bold=True, hyphenate="nl_NL")


def texts(para) -> list[str]:
    return ["".join(t for t, _ in pieces) for _, pieces in para.lines]


def widths(para) -> list[float]:
    return [sum(stringWidth(t.rstrip(" ") if k == len(pieces) - 1 else t, f, para.style.size)
                for k, (t, f) in enumerate(pieces)) for _, pieces in para.lines]


@pytest.mark.parametrize("path", sorted([*ROOT.glob("examples/*.yaml"),
                                         ROOT / "content" / "wensenformulier-ict-beheerder.yaml"]),
                         ids=lambda p: p.name)
def test_every_line_of_every_example_fits_its_width_and_keeps_every_word(path):
    form = formgen.load_form(path)
    paras = [op.args for op in form.pages.ops if op.kind == "para"]
    assert len(paras) > 10
    for x, top, width, para, key, repeated in paras:
        for used, real in zip([u for u, _ in para.lines], widths(para)):
            assert abs(used - real) < 0.01                # what was measured is the line
            assert real <= width - para.style.indent + 0.01, (key, texts(para))
    # no letter lost or doubled (a split paragraph's parts have their lines given)
    whole = [para for *_, para, key, repeated in paras if para._width != -1.0]
    assert len(whole) > 10
    for para in whole:
        want = "".join("".join(t for t, _ in para.runs).split()).replace("-", "")
        assert "".join("".join(texts(para)).split()).replace("-", "") == want


def test_a_word_breaks_after_its_hyphen_and_the_hyphen_is_printed():
    p = Para([("Omschrijving Op basis van het functioneel en technisch ontwerp inventariseert "
               "de ICT-beheerder de uit te voeren activiteiten", False)], BODY)
    width = stringWidth("Omschrijving Op basis van het functioneel en technisch ontwerp "
                        "inventariseert de ICT-", SANS, 9) + 1
    p.wrap(width)
    lines = texts(p)
    assert lines[0].endswith("de ICT-") and lines[1].startswith("beheerder ")


def test_a_long_word_in_a_narrow_column_breaks_at_a_dutch_hyphenation_point():
    word = "Studieloopbaanbegeleider"
    p = Para([(word + ":", False)], NARROW)
    width = stringWidth(word, SANS_BOLD, 8.5) * 0.6
    p.wrap(width)
    lines = texts(p)
    assert len(lines) >= 2 and all(line.endswith("-") for line in lines[:-1])
    assert "".join(line[:-1] for line in lines[:-1]) + lines[-1] == word + ":"
    assert lines[0] == "Studieloop-"            # at a point of the Dutch dictionary
    assert all(w <= width + 0.01 for w in widths(p))


def test_running_text_does_not_hyphenate_and_no_break_spaces_hold():
    p = Para([("een Studieloopbaanbegeleiderschap en 12\u00a0mm", False)], BODY)
    p.wrap(stringWidth("een Studieloopbaanbegeleiderschap en 12", SANS, 9))
    lines = texts(p)
    assert "Studieloopbaanbegeleiderschap" in " ".join(lines)      # whole: no dictionary here
    assert lines[-1].endswith("12\u00a0mm")


def test_line_breaks_in_the_text_are_kept():
    p = Para([("Straat 1\n1234 AB  Plaats", False)], BODY)
    p.wrap(400)
    assert texts(p) == ["Straat 1", "1234 AB Plaats"]


def test_bold_runs_keep_their_font_and_the_space_between():
    p = Para([("1.1", True), (" werkproces ", False), ("Stelt de vraag", True)], BODY)
    p.wrap(400)
    (line,) = p.lines
    assert line[1] == (("1.1 ", SANS_BOLD), ("werkproces ", SANS),
                       ("Stelt de vraag", SANS_BOLD))


def test_a_paragraph_splits_between_lines_and_never_leaves_one_line_behind():
    p = Para([(" ".join(["woord"] * 200), False)], BODY)
    p.wrap(200)
    n = len(p.lines)
    assert p.split(200, BODY.leading * 1.5) == []          # one line would stand alone
    first, rest = p.split(200, BODY.leading * 3.2)
    assert len(first.lines) == 3 and len(rest.lines) == n - 3
    assert first.lines + rest.lines == p.lines
    assert p.split(200, BODY.leading * n) == [p]


def test_a_word_wider_than_its_line_is_cut_between_letters_not_lost():
    p = Para([("x" * 80, False)], BODY)
    p.wrap(60)
    assert "".join(texts(p)) == "x" * 80 and all(w <= 60.01 for w in widths(p))


def test_the_pdf_prints_the_lines_the_plan_measured():
    form = formgen.load_form(ROOT / "content" / "wensenformulier-ict-beheerder.yaml")
    text = "\n".join(page.extract_text() for page in
                     PdfReader(io.BytesIO(formgen.render_pdf(form))).pages)
    printed = {line.strip() for line in text.splitlines()}
    measured = [" ".join(texts(op.args[3])[0].split()) for op in form.pages.ops
                if op.kind == "para" and op.args[3].lines]
    missing = [m for m in measured if not any(m in line for line in printed)]
    assert len(measured) > 60 and not missing, missing[:5]
