"""From returned forms to a plan, for a class of 30: prefilled copies,
filled by real engines, read with the class list, counted, reconciled."""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

import formgen
from formgen.cli import main
from formgen.prefill import prefill, read_class_list
from formgen.readers.core import FormSet

from conftest import FILLERS, soffice

LEVELS = ["Bg", "G", "Bk"]


def class_list(path: Path) -> Path:
    rnd = random.Random(30)
    first = ["Jan", "Şükrü", "Małgorzata", "Zoë", "Fatima", "Daan", "Sem", "Lotte", "Noah", "Emma"]
    last = ["Yılmaz", "Wiśniewska", "d’Hondt", "El Amrani", "Bakker", "Visser", "Smit", "Meijer"]
    rows = ["Naam deelnemer;Begeleider ROC;Studentnummer;Klas"]
    for n in range(30):
        name = "Jan de Vries" if n in (3, 4) else f"{rnd.choice(first)} {rnd.choice(last)} {n}"
        rows.append(f"{name};Mevr. Jansen;{100200 + n};4A")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


def answers(n: int, rnd: random.Random) -> dict:
    """What student ``n`` chooses: a wish and a level for some werkprocessen."""
    values = {}
    for code in ("1_1", "1_2", "2_3", "3_2", "3_5", "4_3"):
        if rnd.random() < 0.6 or not values and code == "4_3":     # at least one
            values[f"wp{code}_wens"] = True
            values[f"wp{code}_niveau"] = rnd.choice(LEVELS)
    return values


@pytest.fixture(scope="module")
def school(form, tmp_path_factory):
    """30 prefilled copies; 28 filled by pdf.js, PyMuPDF or PDFium; student 29
    returns nothing; student 5 returns twice (the second time other answers);
    student 7 returns the copy blank."""
    d = tmp_path_factory.mktemp("school")
    klas = class_list(d / "klas.csv")
    copies = d / "copies"
    written, warnings = prefill(form, klas, copies, ["pdf"])
    assert len(written) == 30
    assert any("Jan de Vries" in w and "(2)" in w for w in warnings)
    returned = d / "returned"
    returned.mkdir()
    work = d / "work"                 # the engines' own files stay out of the returns
    work.mkdir()
    rnd = random.Random(5)
    truth = {}
    engines = list(FILLERS)
    for n, path in enumerate(sorted(written, key=lambda p: p.stat().st_ino)):
        if n == 29:
            continue                                   # never returned
        values = {} if n == 7 else answers(n, rnd)
        engine = engines[n % len(engines)]
        out = returned / f"{n:02}-{path.name}"
        if values:
            shutil.move(FILLERS[engine](path, values, work / f"{n:02}.pdf"), out)
        else:
            shutil.copy(path, out)
        truth[path.name] = (out, values)
        if n == 5:                                     # a corrected return, saved later
            os.utime(out, (time.time() - 3600, time.time() - 3600))
            second = answers(100, rnd)
            shutil.move(FILLERS["pdfjs"](path, second, work / f"{n:02}-b.pdf"),
                        returned / f"{n:02}-b-{path.name}")
            truth[path.name] = (returned / f"{n:02}-b-{path.name}", second)
            truth["superseded"] = out
    missing = next(p.name for i, p in enumerate(sorted(written, key=lambda p: p.stat().st_ino))
                   if i == 29)
    return {"klas": klas, "returned": returned, "truth": truth, "missing": missing, "dir": d}


def known_counts(truth: dict) -> dict:
    counts = {}
    for key, value in truth.items():
        if key == "superseded":
            continue
        _, values = value
        for field, v in values.items():
            if field.endswith("_niveau"):
                counts[(field, v)] = counts.get((field, v), 0) + 1
            elif v is True:
                counts[(field, "ticked")] = counts.get((field, "ticked"), 0) + 1
    return counts


def test_the_workbook_counts_what_the_class_returned(school, form, runner):
    out = school["dir"] / "wensen.xlsx"
    result = runner.invoke(main, ["read", str(school["returned"]), "--expect", str(school["klas"]),
                                  "-o", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    assert ("klaslijst: 1 zonder inlevering, 1 ingeleverd formulier(en) vervangen"
            in result.stderr)
    wb = load_workbook(out)
    ov = wb["Overzicht"]
    head = next(r for r in range(1, 10) if ov.cell(r, 2).value == "Code")
    labels = [c.value for c in ov[head]]
    rows = {ov.cell(r, 2).value: [c.value for c in ov[r]] for r in range(head + 1, head + 18)}
    counts = known_counts(school["truth"])
    for item in (i for s in form.sections for i in s.items):
        base = form.item_id(item)
        row = dict(zip(labels, rows[item.code]))
        assert row["Wensen deelnemer"] == counts.get((f"{base}_wens", "ticked"), 0), item.code
        for level in LEVELS:
            assert row[f"Niveau: {level}"] == counts.get((f"{base}_niveau", level), 0), item.code
    # 29 students returned (one of them blank), one twice: 29 counted, 1 replaced, 1 missing
    assert ("29 van de 30 op de klaslijst ingeleverd · niet ingeleverd: 1 · niet op de "
            "klaslijst: 0 · leeg ingeleverd: 1") in ov.cell(2, 1).value
    # the chart exists, is stacked, and points at the level counts of the items
    chart = ov._charts[0]
    assert chart.grouping == "stacked" and len(chart.series) == 3
    refs = [s.val.numRef.f for s in chart.series]
    level_columns = [chr(ord("A") + labels.index(f"Niveau: {lv}")) for lv in LEVELS]
    assert refs == [f"'Overzicht'!${c}${head + 1}:${c}${head + 17}" for c in level_columns]
    cats = chart.series[0].cat
    assert (cats.numRef or cats.strRef).f == f"'Overzicht'!$B${head + 1}:$B${head + 17}"
    # Antwoorden: exactly one header row, the class list's columns first, 29 rows
    answers_ws = wb["Antwoorden"]
    header = [c.value for c in answers_ws[1]]
    assert header[:4] == ["Studentnummer", "Klas", "Naam deelnemer", "Bestand"]
    assert answers_ws.max_row == 30
    numbers = [answers_ws.cell(r, 1).value for r in range(2, 31)]
    assert len(set(numbers)) == 29, "two Jan de Vries are two students, nobody twice"
    # Controle: the replaced return, the blank one, the missing student
    check = {Path(str(r[0].value)).name: (r[1].value, r[4].value, r[5].value)
             for r in wb["Controle"].iter_rows(min_row=2) if r[0].value}
    superseded = check[school["truth"]["superseded"].name]
    assert superseded[0] == "vervangen" and superseded[2].startswith("05-b-")
    blank = next(v for k, v in check.items() if k.startswith("07-"))
    assert blank[0] == "controleren" and "niets ingevuld" in blank[1]
    cells = [c.value for row in wb["Controle"].iter_rows() for c in row if c.value]
    assert any(str(v).startswith("Niet ingeleverd (1)") for v in cells)
    assert school["missing"].removesuffix(".pdf") in cells
    # Per deelnemer: a row per counted return, a level where the wish is ticked
    per = wb["Per deelnemer"]
    assert per.max_row == 30 and per.conditional_formatting


def test_the_workbook_shows_wishes_as_words_in_libreoffice_calc(school, runner, tmp_path):
    """Calc draws a boolean cell without a number format as 1 or 0 (some of
    them); the workbook gives booleans Excel's own words."""
    import subprocess
    out = tmp_path / "wensen.xlsx"
    result = runner.invoke(main, ["read", str(school["returned"]), "-o", str(out), "-j", "2"])
    assert result.exit_code in (0, 1), result.output
    wb = load_workbook(out)
    booleans = sum(isinstance(c.value, bool) for ws in wb.worksheets
                   for row in ws.iter_rows() for c in row)
    assert booleans > 400
    pdf = soffice(tmp_path, "pdf", out) / "wensen.pdf"
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True, timeout=60).stdout.split()
    assert words.count("WAAR") + words.count("ONWAAR") == booleans
    # printed on A4, every sheet's type is at least 8 pt (Calibri 11 is not
    # squeezed 41 columns wide); Antwoorden runs across pages, each with the
    # student's number, class and name
    import pymupdf
    doc = pymupdf.open(pdf)
    starts = []
    for page in doc:
        assert {round(page.rect.width), round(page.rect.height)} == {595, 842}      # A4
        spans = [s for b in page.get_text("dict")["blocks"] for line in b.get("lines", [])
                 for s in line["spans"] if s["text"].strip()]
        assert min(s["size"] for s in spans) >= 7.95, page.number
        starts.append(" ".join(page.get_text().split())[:40])
    answers = [t for t in starts if t.startswith("Studentnummer Klas Naam deelnemer")]
    assert len(answers) >= 2, starts


def test_the_report_is_an_a4_overview(school, runner, tmp_path):
    import subprocess
    out = tmp_path / "overzicht.pdf"
    result = runner.invoke(main, ["report", str(school["returned"]), "--expect",
                                  str(school["klas"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader
    reader = PdfReader(out)
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Overzicht: Wensenformulier deelnemer ICT-beheerder" in text
    assert ("29 van de 30 op de klaslijst ingeleverd · niet ingeleverd: 1 · niet op de "
            "klaslijst: 0 · leeg ingeleverd: 1 · geweigerd: 0 · vervangen: 1") in text
    assert "Kerntaak 3" in text and "Keuzes per item" in text
    assert f"Niet ingeleverd: {school['missing'].removesuffix('.pdf')}" in text
    # column headers break between words only
    words = text.split()
    assert "deelnemer" in words and "Wensen" in words and "zonder" in words
    assert not {"Wense", "nemer", "deel", "zon", "der"} & set(words)


def test_the_report_counts_each_kind_of_return_apart(school, form, runner, tmp_path, blank_pdf):
    """A class with a missing student, a student not on the list (a wish
    without a level, a level without a wish), a blank return and a replaced
    one: the heading and the counts say each apart."""
    import subprocess
    returned = tmp_path / "returned"
    shutil.copytree(school["returned"], returned)
    FILLERS["pymupdf"](blank_pdf, {"naam_deelnemer": "Iemand Anders", "wp1_1_wens": True,
                               "wp1_2_niveau": "Bk"}, returned / "99-anders.pdf")
    responses = formgen.read_many([returned], forms=FormSet([form]))
    rec = formgen.reconcile(responses, school["klas"], form)
    ov = formgen.overview(responses, form, rec.missing, reconciled=True)
    assert (ov.returns, ov.on_list, len(ov.missing), ov.not_on_list, ov.blank, ov.superseded) \
        == (30, 29, 1, 1, 1, 1)
    counts = known_counts(school["truth"])
    one, two = ov.item("1.1").columns, ov.item("1.2").columns
    assert one["wens"]["ticked"] == counts.get(("wp1_1_wens", "ticked"), 0) + 1
    assert one["wens"]["alone"] == 1 and one["niveau"]["alone"] == 0
    assert two["niveau"]["Bk"] == counts.get(("wp1_2_niveau", "Bk"), 0) + 1
    assert two["niveau"]["alone"] == 1 and two["wens"]["alone"] == 0
    assert "" not in one["niveau"], "no 'none' that mixes nothing with a wish alone"
    out = tmp_path / "overzicht.pdf"
    result = runner.invoke(main, ["report", str(returned), "--expect", str(school["klas"]),
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert ("29 van de 30 op de klaslijst ingeleverd · niet ingeleverd: 1 · niet op de "
            "klaslijst: 1 · leeg ingeleverd: 1 · geweigerd: 0 · vervangen: 1") in text
    assert text.count("zonder") == 2                # both kinds, in the one header
    import pymupdf
    doc = pymupdf.open(out)
    assert len(doc) == 1, "the table and the chart on one page"
    sizes = [s["size"] for b in doc[0].get_text("dict")["blocks"] for line in b.get("lines", [])
             for s in line["spans"] if s["text"].strip()]
    assert min(sizes) >= 8 - 1e-6


def test_the_overview_api_and_csv_for_dutch_excel(school, form, tmp_path):
    responses = formgen.read_many([school["returned"]], forms=FormSet([form]))
    rec = formgen.reconcile(responses, school["klas"], form)
    ov = formgen.overview(responses, form, rec.missing)
    assert ov.returns == 29 and len(ov.missing) == 1 and ov.superseded == 1
    counts = known_counts(school["truth"])
    assert ov.item("3.2").columns["niveau"]["G"] == counts.get(("wp3_2_niveau", "G"), 0)
    csv_text = formgen.export(responses, "csv").decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Studentnummer;Klas;Bestand;Status")


def test_the_api_decides_as_the_command_does(school, form, runner, tmp_path):
    """`formgen read --expect` and the library's reconcile (by the batch's own
    form), export and summarize give the same CSV and the same summary."""
    out = tmp_path / "terug.csv"
    result = runner.invoke(main, ["read", str(school["returned"]), "--expect",
                                  str(school["klas"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    from formgen.readers.batch import expand
    files = expand([school["returned"]], False)
    responses = formgen.read_many([school["returned"]])
    rec = formgen.reconcile(responses, school["klas"])        # no form: the batch's own
    assert rec.form.id == form.id and len(rec.missing) == 1
    assert formgen.export(responses, "csv", missing=rec.missing) == out.read_bytes()
    summary = formgen.summarize(responses, len(files), rec.missing)
    assert summary.exit_code == 0 and summary.replaced == 1
    lines = summary.lines("nl", str(out))
    assert lines and all(line in result.stderr for line in lines), (lines, result.stderr)
    assert lines[1].startswith("klaslijst: 1 zonder inlevering, 1 ingeleverd")


def test_prefill_keeps_the_columns_that_are_no_field(form, tmp_path):
    klas = class_list(tmp_path / "klas.csv")
    rows = read_class_list(klas)
    from formgen.prefill import plan
    p = plan(form, rows)
    assert p.extra_columns == ["Studentnummer", "Klas"]
    jans = [c for c in p.copies if c.stem == "Jan de Vries"]
    assert len(jans) == 2 and jans[0].copy_id != jans[1].copy_id
    assert [c.extra["Studentnummer"] for c in jans] == ["100203", "100204"]
