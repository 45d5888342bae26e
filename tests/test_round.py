"""A round: returns read over weeks into one store, decided by a person,
and every output a view of the store.

The returns are made the ways students make them (tests/roundkit.py):
prefilled PDFs filled in PyMuPDF and PDFium, a Word file filled as Word
does, a pen-marked print pack scanned in two parts that arrive apart, and
a numbered blank copy nobody's class list knows.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roundkit import make_class

HERE = Path(__file__).parent
FORMGEN = [sys.executable, "-m", "formgen.cli"]
DUTCH = {**os.environ, "LANG": "nl_NL.UTF-8", "PYTHONUTF8": "1"}


def formgen(*args, cwd=None, check=True, timeout=120):
    proc = subprocess.run([*FORMGEN, *map(str, args)], capture_output=True, text=True,
                          env=DUTCH, cwd=cwd, timeout=timeout)
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


def status(folder) -> dict:
    return json.loads(formgen("round", "status", folder, "--json").stdout)


@pytest.fixture(scope="module")
def kit(form, tmp_path_factory):
    return make_class(form, tmp_path_factory.mktemp("klas"))


@pytest.fixture(scope="module")
def full_round(kit, tmp_path_factory):
    """A round holding every return of the kit, nothing decided."""
    folder = tmp_path_factory.mktemp("ronde") / "4A"
    formgen("round", "init", folder, "--expect", kit.klas)
    formgen("round", "add", folder, kit.folder / "in", kit.scan_a, kit.scan_b, kit.stranger)
    return folder


@pytest.fixture
def a_round(full_round, tmp_path):
    """A copy of the full round to change."""
    dest = tmp_path / "4A"
    shutil.copytree(full_round, dest)
    return dest


def answers(wb, name: str) -> dict:
    """The workbook's *Antwoorden* row of ``name``, by column header."""
    ws = wb["Antwoorden"]
    head = [c.value for c in ws[1]]
    return dict(zip(head, next(r for r in ws.iter_rows(min_row=2, values_only=True)
                               if name in r)))


def by_student(data) -> dict:
    return {r["student"]: r for r in data["returns"]}


# -- 1, 2, 3: init, add, status ---------------------------------------------------------------

def test_a_round_keeps_its_sources_reads_each_file_once_and_joins_pages_across_adds(kit, tmp_path):
    klas = tmp_path / "klas.csv"
    shutil.copy(kit.klas, klas)
    moved = tmp_path / "scan-week1.pdf"
    shutil.copy(kit.scan_a, moved)
    folder = tmp_path / "ronde"
    out = formgen("round", "init", folder, "--expect", klas).stdout
    assert "klaslijst klas.csv (6 deelnemers)" in out
    klas.unlink()                      # the round does not depend on the file any more
    first = formgen("round", "add", folder, kit.folder / "in", moved).stdout
    assert "4 nieuw, 0 al in de ronde" in first
    moved.unlink()                     # week 1's scan is gone; its pages are in the round
    data = status(folder)
    daan = by_student(data)["Daan Smit"]
    assert daan["state"] == "to_check"
    assert set(kit.doubtful) <= set(daan["open"])            # page 3 not there yet: open too
    assert any(f.startswith("wp4_") for f in daan["open"])
    again = formgen("round", "add", folder, kit.folder / "in", kit.scan_a).stdout
    assert again.count("al in de ronde (als ") == 4 and "0 nieuw, 4 al in de ronde" in again
    formgen("round", "add", folder, kit.scan_b, kit.stranger)
    data = status(folder)
    students = by_student(data)
    daan2 = students["Daan Smit"]
    assert daan2["id"] == daan["id"]                         # the same return, one copy
    assert daan2["files"] == ["scan-week1.pdf#1", "scan-week1.pdf#2", "scan-week2.pdf#1"]
    assert daan2["open"] == dict.fromkeys(kit.doubtful, "several")
    stranger = next(r for r in data["returns"] if r["unidentified"])
    assert stranger["state"] == "to_check" and "naam_deelnemer" in stranger["open"]
    assert sorted(data["missing"]) == sorted(["<script>alert(1)</script>", "Lotte Jansen"])
    for name in ("Şükrü Yılmaz", "Małgorzata Wiśniewska", "Zoë d’Hondt"):
        assert students[name]["state"] == "imported" and students[name]["open"] == {}
    # ids are stable: the same in a second status
    assert [r["id"] for r in status(folder)["returns"]] == [r["id"] for r in data["returns"]]


def test_a_newer_return_replaces_the_older_in_every_count_and_both_are_kept(kit, a_round,
                                                                             tmp_path):
    from conftest import fill_pymupdf
    sukru = next(c for c in kit.copies if c.values["naam_deelnemer"] == "Şükrü Yılmaz")
    newer = tmp_path / "sukru-2.pdf"
    fill_pymupdf(kit.folder / "pre" / f"{sukru.stem}.pdf",
                 {"wp3_2_wens": True, "wp3_2_niveau": "Bk"}, newer)
    later = time.time() + 60
    os.utime(newer, (later, later))
    formgen("round", "add", a_round, newer)
    data = status(a_round)
    theirs = [r for r in data["returns"] if r["student"] == "Şükrü Yılmaz"]
    assert sorted(r["state"] for r in theirs) == ["imported", "replaced"]
    out = tmp_path / "e.json"
    formgen("round", "export", a_round, "-o", out)
    records = json.loads(out.read_text(encoding="utf-8"))["returns"]
    counted = [r for r in records if r["values"].get("naam_deelnemer") == "Şükrü Yılmaz"
               and not r["superseded_by"]]
    assert len(counted) == 1 and counted[0]["values"]["wp3_2_niveau"] == "Bk"


# -- 5, 6: decisions and the views of them -------------------------------------------------------

def test_decisions_stick_reach_every_export_and_survive_more_adds(kit, a_round, tmp_path):
    from openpyxl import load_workbook
    data = by_student(status(a_round))
    daan = data["Daan Smit"]["id"]
    # before: the open answer is "te controleren" in the workbook and not counted
    before = tmp_path / "voor.xlsx"
    formgen("round", "export", a_round, "-o", before)
    wb = load_workbook(before)
    assert answers(wb, "Daan Smit")["1.3 Niveau"] == "te controleren"
    assert "nog te controleren: 4 (niet meegeteld)" in wb["Overzicht"]["A2"].value
    said = formgen("round", "decide", a_round, daan, "wp1_3_niveau", "Gevorderd").stdout
    assert "wp1_3_niveau = G" in said
    bad = formgen("round", "decide", a_round, daan, "wp2_2_niveau", "xx", check=False)
    assert bad.returncode == 1 and "'xx' is geen van Bg, G, Bk" in bad.stderr
    formgen("round", "decide", a_round, daan, "wp2_2_niveau", "")         # empty: no level
    stranger = next(r for r in status(a_round)["returns"] if r["unidentified"])["id"]
    formgen("round", "decide", a_round, stranger, "naam_deelnemer", "1006")  # by number
    # a new add of a file already there keeps every decision
    formgen("round", "add", a_round, kit.folder / "in")
    after = status(a_round)
    students = by_student(after)
    assert students["Daan Smit"]["open"] == {"wp3_1_niveau": "several"}
    assert students["Lotte Jansen"]["state"] == "imported"
    assert "Lotte Jansen" not in after["missing"]
    user = students["Daan Smit"]["decided"]["wp1_3_niveau"]["user"]
    assert user and students["Daan Smit"]["decided"]["wp1_3_niveau"]["value"] == "G"
    out = tmp_path / "na.json"
    formgen("round", "export", a_round, "-o", out)
    records = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["returns"]}
    assert records[daan]["values"]["wp1_3_niveau"] == "G"
    assert records[daan]["values"]["wp2_2_niveau"] is None
    assert records[daan]["decided"]["wp1_3_niveau"]["user"] == user
    assert records[daan]["open"] == {"wp3_1_niveau": "several"}
    assert records[stranger]["values"]["naam_deelnemer"] == "Lotte Jansen"
    xlsx = tmp_path / "na.xlsx"
    formgen("round", "export", a_round, "-o", xlsx)
    wb = load_workbook(xlsx)
    decided = list(wb["Beslissingen"].iter_rows(min_row=2, values_only=True))
    assert any(r[1] == "Daan Smit" and r[3] == "1.3 Niveau" and r[4] == "G" and r[5] == user
               for r in decided)
    assert "nog te controleren: 1 (niet meegeteld)" in wb["Overzicht"]["A2"].value
    pdf = tmp_path / "overzicht.pdf"
    formgen("round", "report", a_round, "-o", pdf)
    from pypdf import PdfReader
    text = PdfReader(pdf).pages[0].extract_text()
    assert "nog te controleren: 1" in text and "Lotte Jansen" not in text.split("Niet ingeleverd")[-1]


def test_a_return_can_be_refused_and_accepted_as_a_whole(a_round, tmp_path):
    data = by_student(status(a_round))
    daan = data["Daan Smit"]["id"]
    formgen("round", "decide", a_round, daan, "_return", "refused")
    assert by_student(status(a_round))["Daan Smit"]["state"] == "refused"
    formgen("round", "decide", a_round, daan, "_return", "")
    formgen("round", "decide", a_round, daan, "_return", "accepted")
    after = by_student(status(a_round))["Daan Smit"]
    assert after["state"] == "imported" and after["open"] == {}
    assert set(kit_fields := after["decided"]) >= {"wp1_3_niveau", "_return"}, kit_fields
    from openpyxl import load_workbook
    stranger = next(r for r in status(a_round)["returns"] if r["unidentified"])["id"]
    formgen("round", "decide", a_round, stranger, "naam_deelnemer", "1006")
    formgen("round", "export", a_round, "-o", tmp_path / "e.xlsx")
    rows = list(load_workbook(tmp_path / "e.xlsx")["Beslissingen"].iter_rows(values_only=True))
    # in a clerk's words: the whole return, the student by name; a time as the office writes it
    assert ("Daan Smit", "Hele inzending", "goedgekeurd zoals gelezen") in \
        {(r[1], r[3], r[4]) for r in rows}
    assert ("Lotte Jansen", "Naam deelnemer", "Lotte Jansen") in {(r[1], r[3], r[4]) for r in rows}
    assert not any(str(r[3]).startswith("_") or str(r[4]).startswith("k") and len(str(r[4])) == 12
                   for r in rows[1:])
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", rows[1][6])


# -- 7: forgetting --------------------------------------------------------------------------------

def test_forget_leaves_no_byte_of_a_student_in_the_round_folder(a_round):
    def folder_bytes():
        return b"".join(p.read_bytes() for p in a_round.iterdir() if p.is_file())
    for text in ("Zoë d’Hondt", "1003", "Daan Smit", "1004"):
        assert text.encode() in folder_bytes(), text
    data = by_student(status(a_round))
    formgen("round", "decide", a_round, data["Daan Smit"]["id"], "wp1_3_niveau", "G")
    out = formgen("round", "forget", a_round, "--student", "1003").stdout
    assert "1003 vergeten: 1 inzendingen" in out
    formgen("round", "forget", a_round, "--student", "Daan Smit")
    blob = folder_bytes()
    for text in ("Zoë d’Hondt", "Hondt", "1003", "Daan Smit", "1004", "zoe.docx"):
        assert text.encode() not in blob, text
    after = status(a_round)
    names = {r["student"] for r in after["returns"]}
    assert "Daan Smit" not in names and "Zoë d’Hondt" not in names
    assert "Şükrü Yılmaz" in names and "Daan Smit" not in after["missing"]
    db = sqlite3.connect(a_round / "formgen-round.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM crops").fetchone()[0] > 0   # the stranger's stay


# -- 8: robust --------------------------------------------------------------------------------------

def test_a_store_of_a_newer_formgen_is_refused_clearly(a_round):
    db = sqlite3.connect(a_round / "formgen-round.sqlite")
    db.execute("UPDATE meta SET value='99' WHERE key='schema'")
    db.commit()
    db.close()
    proc = formgen("round", "status", a_round, check=False)
    assert proc.returncode == 1
    assert "nieuwere formgen" in proc.stderr and "pip install -U formgen-forms" in proc.stderr


def test_a_folder_that_is_no_round_says_how_to_start_one(tmp_path):
    proc = formgen("round", "add", tmp_path, tmp_path, check=False)
    assert proc.returncode == 1 and "formgen round init" in proc.stderr


@pytest.fixture(scope="module")
def many(form, tmp_path_factory):
    """300 prefilled, filled returns: one class list of 300."""
    d = tmp_path_factory.mktemp("veel")
    klas = d / "klas.csv"
    klas.write_text("Naam deelnemer;studentnummer\n" + "".join(
        f"Deelnemer {i:03d};{5000 + i}\n" for i in range(300)), encoding="utf-8")
    formgen("build", "--prefill", klas, "-o", d / "in")
    return d, klas


def test_kill_9_during_add_loses_nothing_committed_and_the_next_add_completes(many, tmp_path):
    d, klas = many
    folder = tmp_path / "r"
    formgen("round", "init", folder, "--expect", klas)
    proc = subprocess.Popen([*FORMGEN, "round", "add", str(folder), str(d / "in"), "-j", "2"],
                            env=DUTCH, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    store = folder / "formgen-round.sqlite"
    deadline = time.time() + 60
    seen = 0
    while time.time() < deadline:
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)
        try:
            seen = db.execute("SELECT count(*) FROM files").fetchone()[0]
        except sqlite3.OperationalError:
            seen = 0
        db.close()
        if seen >= 60:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 60 <= seen < 300
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = db.execute("SELECT count(*) FROM files").fetchone()[0]
    db.close()
    assert kept >= seen
    out = formgen("round", "add", folder, d / "in").stdout
    assert f"{300 - kept} nieuw, {kept} al in de ronde" in out
    data = status(folder)
    assert len(data["returns"]) == 300 and data["missing"] == []
    assert len({r["id"] for r in data["returns"]}) == 300


def test_two_adds_at_once_both_land_whole(many, tmp_path):
    d, klas = many
    folder = tmp_path / "r"
    formgen("round", "init", folder, "--expect", klas)
    files = sorted((d / "in").glob("*.pdf"))
    half = [tmp_path / "a", tmp_path / "b"]
    for h, part in zip(half, (files[:40], files[20:60])):       # 20 files in both
        h.mkdir()
        for f in part:
            os.link(f, h / f.name)
    procs = [subprocess.Popen([*FORMGEN, "round", "add", str(folder), str(h)], env=DUTCH,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for h in half]
    new = 0
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and "Traceback" not in err, out + err
        new += int(re.search(r"(\d+) nieuw, (\d+) al in de ronde", out).group(1))
    assert new == 60                        # each file kept once, by whichever add came first
    data = status(folder)
    assert len(data["returns"]) == 60 and len(data["missing"]) == 240


# -- 4: the review page ------------------------------------------------------------------------------

@pytest.fixture
def client(a_round):
    from starlette.testclient import TestClient

    from formgen.round.web import create_app
    token = "t0k3n-for-the-test"
    app = create_app(a_round, token)
    with TestClient(app, base_url="http://127.0.0.1:8765") as c:
        yield c, token


def test_the_review_page_refuses_requests_without_its_token_or_from_elsewhere(client, a_round):
    c, token = client
    assert c.get("/").status_code == 404
    assert c.get("/wrong-token/").status_code == 403
    page = c.get(f"/{token}/", follow_redirects=True)
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    rid = next(r for r in status(a_round)["returns"] if r["unidentified"])["id"]
    body = {"return": rid, "field": "naam_deelnemer", "value": "1006"}
    assert c.post("/wrong-token/decide", json=body).status_code == 403
    # a page on another site posting to this one
    assert c.post(f"/{token}/decide", json=body,
                  headers={"Origin": "http://evil.example"}).status_code == 403
    # a plain HTML form (no JSON) cannot change anything
    assert c.post(f"/{token}/decide", data=body).status_code == 415
    # a DNS-rebound name is not this computer
    assert c.get(f"/{token}/", headers={"Host": "evil.example:8765"}).status_code == 400
    assert c.get(f"/{token}/static/..%2F..%2Fstore.py").status_code == 404
    assert c.get(f"/{token}/crop/{rid}/..%2F..%2Fetc").status_code == 404
    ok = c.post(f"/{token}/decide", json=body, headers={"Origin": "http://127.0.0.1:8765"})
    assert ok.status_code == 200 and ok.json()["ok"] is True


def test_what_a_student_typed_is_text_on_the_page(client, a_round):
    c, token = client
    rid = next(r for r in status(a_round)["returns"] if r["unidentified"])["id"]
    html = c.get(f"/{token}/r/{rid}").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script") == 1          # the page's own script only
    # the crops come from the store: the scans themselves are not needed any more
    daan = by_student(status(a_round))["Daan Smit"]["id"]
    png = c.get(f"/{token}/crop/{daan}/wp1_3_niveau")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert png.headers["content-type"] == "image/png"
    bad = c.post(f"/{token}/decide", json={"return": rid, "field": "wp1_1_niveau", "value": "x"})
    assert bad.status_code == 422 and "is geen van Bg, G, Bk" in bad.json()["error"]


def _serve(folder):
    """``formgen round review`` as a user starts it; its address from its first line."""
    proc = subprocess.Popen([*FORMGEN, "round", "review", str(folder), "--no-browser"],
                            env=DUTCH, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    line = proc.stdout.readline()
    assert line.startswith("Controlepagina: http://127.0.0.1:"), line + proc.stderr.read()
    return proc, line.split(": ", 1)[1].strip()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_a_clerk_checks_a_round_in_chromium_with_the_keyboard_alone(a_round, kit, tmp_path):
    from openpyxl import load_workbook
    from playwright.sync_api import sync_playwright
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run scripts/test.sh")
    proc, url = _serve(a_round)
    shots = Path(os.environ.get("FORMGEN_SHOTS", tmp_path))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(url)
            page.wait_for_selector("body[data-ready]")
            # most doubtful first: the copy nobody's class list knows
            assert page.locator("h1").inner_text().startswith("onbekende deelnemer")
            assert page.evaluate("document.activeElement.id") == "search"
            page.screenshot(path=str(shots / "review-assign.png"), full_page=True)
            page.keyboard.type("Lotte")
            page.keyboard.press("Enter")
            page.wait_for_function("() => document.querySelector('h1').textContent"
                                   ".includes('Lotte Jansen')")
            page.wait_for_selector("body[data-ready]")
            page.keyboard.press("n")                        # the next return: Daan's
            page.wait_for_selector("fieldset.field")
            page.wait_for_selector("body[data-ready]")
            assert "Daan Smit" in page.locator("h1").inner_text()
            legends = page.locator("fieldset.field legend").all_inner_texts()
            assert [t.split()[-2:] for t in legends] == [["1.3", "Niveau"], ["2.2", "Niveau"],
                                                         ["3.1", "Niveau"]], legends
            # screen readers: every answer button has a name, every crop a text
            assert page.locator("img.crop").count() == 3
            for alt in page.locator("img.crop").evaluate_all("els => els.map(e => e.alt)"):
                assert alt.startswith(("1.3", "2.2", "3.1"))
            page.screenshot(path=str(shots / "review-fields.png"), full_page=True)
            for key in ("2", "3", "0"):                      # G, Bk, empty
                page.keyboard.press(key)
                page.wait_for_function("n => document.querySelectorAll('fieldset.done').length"
                                       " >= n", arg=("2", "3", "0").index(key) + 1)
            assert page.evaluate("document.activeElement.id") == "next"
            assert page.locator("#queue").inner_text() == "Nog te controleren: 0"
            page.screenshot(path=str(shots / "review-done.png"), full_page=True)
            page.reload()                                   # saved without a save button
            page.wait_for_selector("body[data-ready]")
            assert page.locator("fieldset.field").count() == 0
            assert page.locator(".decided li").count() >= 3
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
    xlsx = tmp_path / "na.xlsx"
    formgen("round", "export", a_round, "-o", xlsx)
    wb = load_workbook(xlsx)
    daan = answers(wb, "Daan Smit")
    assert daan["1.3 Niveau"] == "G" and daan["2.2 Niveau"] == "Bk"
    assert daan["3.1 Niveau"] in (None, "")
    assert answers(wb, "Lotte Jansen")["1.2 Niveau"] == "G"
    import getpass
    decided = list(wb["Beslissingen"].iter_rows(min_row=2, values_only=True))
    fields = {(r[1], r[3]): (r[4], r[5]) for r in decided}
    me = getpass.getuser()
    assert fields[("Daan Smit", "1.3 Niveau")] == ("G", me)
    assert fields[("Daan Smit", "2.2 Niveau")] == ("Bk", me)
    assert fields[("Daan Smit", "3.1 Niveau")] == ("", me) or \
        fields[("Daan Smit", "3.1 Niveau")][1] == me
    assert fields[("Lotte Jansen", "Naam deelnemer")] == ("Lotte Jansen", me)
