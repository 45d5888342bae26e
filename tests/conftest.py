"""Shared fixtures: the bundled form, built PDFs, a CLI runner, real engines."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import formgen
from formgen.render.pdf import render_pdf

HERE = Path(__file__).parent
ENGINES = HERE / "engines"
ROOT = HERE.parent

NAMES = {
    "naam_deelnemer": "Şükrü Yılmaz",
    "begeleider_roc": "Małgorzata Wiśniewska",
}


@pytest.fixture(scope="session")
def form():
    return formgen.load_form()


@pytest.fixture(scope="session")
def example_form():
    return formgen.load_form(ROOT / "examples" / "course-feedback.yaml")


@pytest.fixture(scope="module")
def forms(form):
    """The form set of the module's ``form`` (the bundled form unless the
    module defines its own ``form``)."""
    from formgen.readers.core import FormSet
    return FormSet([form])


@pytest.fixture(scope="module")
def blank(form, tmp_path_factory) -> Path:
    """The module's ``form`` as a blank fillable PDF, ``<form id>.pdf``."""
    path = tmp_path_factory.mktemp("blank") / f"{form.id}.pdf"
    path.write_bytes(render_pdf(form))
    return path


@pytest.fixture(scope="session")
def blank_pdf(form, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "blank.pdf"
    path.write_bytes(render_pdf(form))
    return path


@pytest.fixture
def runner():
    return CliRunner()


def node_engine(script: str, *args) -> None:
    """Run one of the Node drivers in tests/engines; fail the test with its stderr."""
    if shutil.which("node") is None or not (ENGINES / "node_modules").is_dir():
        pytest.fail("Node.js or tests/engines/node_modules is missing: run scripts/test.sh")
    proc = subprocess.run(["node", str(ENGINES / script), *map(str, args)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def fill_pdfjs(src: Path, values: dict, out: Path) -> Path:
    vals = out.with_suffix(".json")
    vals.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    node_engine("fill_pdfjs.mjs", src, vals, out)
    return out


def fill_pymupdf(src: Path, values: dict, out: Path) -> Path:
    """Fill as MuPDF-based readers do: widget.field_value + widget.update()."""
    import pymupdf

    doc = pymupdf.open(src)
    for page in doc:
        for w in page.widgets():
            if w.field_name not in values:
                continue
            want = values[w.field_name]
            if w.field_type == pymupdf.PDF_WIDGET_TYPE_CHECKBOX:
                w.field_value = w.on_state() if want is True else "Off"
            elif w.field_type == pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON:
                if str(want) != str(w.on_state()):
                    continue
                w.field_value = w.on_state()
            else:
                w.field_value = str(want)
            w.update()
    doc.save(out)
    doc.close()
    return out


def fill_pdfium(src: Path, values: dict, out: Path) -> Path:
    from pdfium_fill import fill_pdfium as fill
    return fill(src, values, out)


FILLERS = {"pdfjs": fill_pdfjs, "pymupdf": fill_pymupdf, "pdfium": fill_pdfium}


def typed(form, engine: str) -> dict:
    """What a person enters in a PDF reader for each field's sample value."""
    out = {}
    for ff in form.all_fields():
        spec, value = ff.spec, ff.spec.sample_value()
        if spec.raw_kind == "text":
            out[ff.id] = spec.text_of(value)
        elif spec.raw_kind == "button" and spec.raw_names(ff) != [ff.id]:
            # a box per option, each a field of its own (multiselect)
            out.update({name: name.rpartition(".")[2] in value for name in spec.raw_names(ff)})
        elif spec.raw_kind == "button":
            out[ff.id] = value
        elif spec.raw_kind == "choice":   # pdf.js stores the export value, the others pick text
            out[ff.id] = value if engine == "pdfjs" else spec.option(value).long
        # a signature cannot be typed: its sample is "not signed"
    return out


def soffice(tmp: Path, fmt: str, *files: Path) -> Path:
    """Convert ``files`` with headless LibreOffice (Writer, or Calc for a
    workbook) into ``tmp/fmt``."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice is missing: run scripts/test.sh")
    out = tmp / fmt
    out.mkdir(exist_ok=True)
    profile = tmp / "lo-profile"
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", fmt, "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    return out
