"""Every word a person reads is in the form's language: a Dutch run of
prefill, print pack, read (CSV, XLSX, the problems in JSON), review sheet,
report and the error paths a clerk meets has no English word, and an
English form's run has no Dutch one."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from conftest import FILLERS, ROOT

FORMGEN = [str(Path(sys.executable).with_name("formgen"))]

#: Words of English that a Dutch clerk must not meet (and none of them Dutch).
ENGLISH = {"the", "and", "file", "files", "warning", "warnings", "rejected", "skipped",
           "missing", "wrote", "copy", "copies", "students", "row", "column", "without",
           "returns", "returned", "replaced", "review", "reading", "writing", "drawing", "error",
           "fix", "true", "false", "exists", "already", "class", "list", "not", "cannot",
           "check", "empty", "nothing", "refused", "page", "pages", "none", "total", "date"}
#: Words of Dutch that an English form's user must not meet.
DUTCH = {"het", "een", "niet", "geen", "bestand", "bestanden", "klaslijst", "ingeleverd",
         "geweigerd", "controleren", "overgeslagen", "geschreven", "pagina", "fout",
         "oplossing", "waar", "onwaar", "exemplaar", "exemplaren", "deelnemer", "deelnemers",
         "rij", "kolom", "zonder", "leeg", "bestaat", "lezen", "datum", "totaal"}


def _run(*args, cwd=None, stdout=subprocess.PIPE, env=None):
    proc = subprocess.run([*FORMGEN, *map(str, args)], stdout=stdout, stderr=subprocess.PIPE,
                          cwd=cwd, timeout=300, env=env)
    return proc, ((proc.stdout or b"") + proc.stderr).decode("utf-8", "replace")


def _words(text: str, root: Path) -> set[str]:
    text = text.replace(str(root), " ")             # the folders pytest made: not ours
    return set(re.findall(r"[a-zà-ÿ]+", text.lower()))


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def _cells(path: Path) -> str:
    wb = load_workbook(path)
    return " ".join([" ".join(wb.sheetnames)] + [str(c.value) for ws in wb.worksheets
                                                 for row in ws.iter_rows() for c in row
                                                 if c.value is not None
                                                 and not isinstance(c.value, bool)  # shown
                                                 and ws.title != "Velden"])   # ids and types
#: (booleans are shown in the language's words by their number format, read
#: through LibreOffice in test_plan; Velden lists field ids and type names)


def _session(tmp_path: Path, content: Path | None, klas: str, values: dict,
             lang: str) -> list[str]:
    """Everything a person reads in one round of a form: what the commands
    say (and their errors), the CSV, the workbook, the problems in the JSON,
    the review sheet and the report."""
    form = ["--content", content] if content else []
    src = [content] if content else []
    said = []
    (tmp_path / "klas.csv").write_text(klas, encoding="utf-8")
    proc, text = _run("build", *src, "--prefill", tmp_path / "klas.csv", "-o", tmp_path / "pre")
    assert proc.returncode == 0, text
    said.append(text)
    said.append(_run("build", *src, "--prefill", tmp_path / "klas.csv", "-o",
                     tmp_path / "pre")[1])                                # the files exist
    said.append(_run("build", *src, "--print", "--copies", "2", "-o", tmp_path / "print")[1])
    returned = tmp_path / "r"          # names in neither language
    returned.mkdir()
    first = sorted((tmp_path / "pre").glob("*.pdf"))[0]
    FILLERS["pymupdf"](first, values, returned / "a.pdf")
    (returned / "k.pdf").write_bytes(b"%PDF-1.7\nkapot")
    (returned / "~$lock.docx").write_bytes(b"x")
    for fmt in ("csv", "xlsx", "json"):
        out = tmp_path / f"out.{fmt}"
        proc, text = _run("read", returned, *form, "--expect", tmp_path / "klas.csv", "-o", out,
                          "--review", tmp_path / f"rv-{fmt}.pdf")
        said.append(text)
        if fmt == "csv":
            said.append(out.read_bytes().decode("utf-8-sig"))
        elif fmt == "xlsx":
            said.append(_cells(out))
        else:
            data = json.loads(out.read_bytes())
            said += ["; ".join(r["problems"]) for r in data["returns"]]
    said.append(_pdf_text(tmp_path / "rv-csv.pdf"))
    # a round of the same returns: its commands, its workbook and its report
    ronde = tmp_path / "ronde"
    for args in (["round", "init", ronde, *form, "--expect", tmp_path / "klas.csv"],
                 ["round", "add", ronde, returned], ["round", "add", ronde, returned],
                 ["round", "status", ronde], ["round", "decide", ronde, "zzzz", "x", "y"],
                 ["round", "init", ronde],
                 ["round", "export", ronde, "-o", tmp_path / "ronde.xlsx"],
                 ["round", "report", ronde, "-o", tmp_path / "ronde.pdf"]):
        said.append(_run(*args)[1])
    said += [_cells(tmp_path / "ronde.xlsx"), _pdf_text(tmp_path / "ronde.pdf")]
    if lang == "nl":          # no round, so no form to speak by: the system's language
        said.append(_run("round", "status", tmp_path)[1])
    said.append(_run("read", returned, *form, "-o", tmp_path / "out.csv")[1])   # exists already
    proc, text = _run("report", returned, *form, "--expect", tmp_path / "klas.csv", "-o",
                      tmp_path / "o.pdf")
    said += [text, _pdf_text(tmp_path / "o.pdf")]
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "k.pdf").write_bytes(b"%PDF-1.7\nkapot")
    said.append(_run("report", tmp_path / "e", *form, "-o", tmp_path / "o2.pdf")[1])
    said.append(_run("read", tmp_path / "nergens", *form)[1])              # no such folder
    for usage in (["raed"], ["read", returned, "--fromat", "csv"], ["read"],   # typed wrong
                  ["read", returned, "--format", "pdf"], ["read", returned, "--timeout", "0"],
                  ["read", returned, "-o", tmp_path / "x.txt"]):
        proc, text = _run(*usage, *(["--lang", lang] if len(usage) > 1 else []),
                          env={**os.environ, "LC_ALL": "", "LC_MESSAGES": "",
                               "LANG": "C.UTF-8" if lang == "nl" else "en_GB.UTF-8"})
        assert proc.returncode == 2, text
        said.append(text)
    said.append(_run("read", returned, *form, "--expect", tmp_path / "nergens.csv")[1])
    with open("/dev/full", "wb") as full:
        said.append(_run("read", returned / "a.pdf", *form, stdout=full)[1])
    return said


def test_a_dutch_round_speaks_dutch_only(tmp_path):
    klas = "Naam deelnemer;Studentnummer;Klas\nŞükrü Yılmaz;1001;4A\nZoë d’Hondt;1002;4A\n"
    said = _session(tmp_path, None, klas, {"wp1_1_wens": True, "wp1_2_niveau": "G"}, "nl")
    bad = "Naam deelnemr;wp1_1_wens\nJan;misschien\n"
    (tmp_path / "slecht.csv").write_text(bad, encoding="utf-8")
    said.append(_run("build", "--prefill", tmp_path / "slecht.csv", "-o", tmp_path / "x")[1])
    for text in said:
        found = _words(text, tmp_path) & ENGLISH
        assert not found, (found, text[:600])
    everything = " ".join(said)
    for dutch in ("geschreven", "klaslijst", "in orde", "geweigerd", "overgeslagen", "WAAR",
                  "Controleblad", "bestaat al", "oplossing", "geen ruimte meer",
                  "bestaat niet", "klaslijst niet gevonden", "Gebruik:", "onbekende optie",
                  "onbekend commando"):
        assert dutch in everything, dutch


def test_an_english_round_speaks_english_only(tmp_path):
    content = ROOT / "examples" / "course-feedback.yaml"
    klas = "Name,Student number,Group\nAlice Smith,1001,A\nBob Jones,1002,B\n"
    said = _session(tmp_path, content, klas, {"s1_attended": True}, "en")
    for text in said:
        found = _words(text, tmp_path) & DUTCH
        assert not found, (found, text[:600])
    assert "wrote" in " ".join(said)
