"""Every example in the README runs: content snippets build, console
sessions print what the README says, Python blocks execute."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

import formgen
from formgen.cli import main
from formgen.render.docx import render_docx
from formgen.render.pdf import render_pdf

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, re.S)


def blocks(lang: str) -> list[str]:
    return [body for kind, body in BLOCKS if kind == lang]


def is_field(body: str) -> bool:
    return body.startswith("- ")


def test_the_readme_has_examples_of_every_kind():
    assert len(blocks("yaml")) >= 10 and blocks("console") and len(blocks("python")) >= 3
    assert "bash scripts/build.sh" in README and "bash scripts/test.sh" in README
    assert "exec bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


FIELD_FORM = {"id": "readme-field", "version": "1", "title": "README", "item_prefix": "r",
              "sections": [{"title": "Rijen", "items": [{"code": "1", "title": "Een rij"}]}]}


@pytest.mark.parametrize("body", [b for b in blocks("yaml") if is_field(b)])
def test_each_field_example_builds_as_header_field_and_as_column(body):
    """(as a column where its type may be one: a student number may not)"""
    from formgen.fields import REGISTRY
    spec = yaml.safe_load(body)[0]
    column = {**spec, "id": "kolom"}
    if REGISTRY[spec["type"]].model_validate(column).content_problems(column=True):
        column = {"id": "kolom", "type": "checkbox", "label": "OK"}
    content = {**FIELD_FORM, "fields": [spec], "columns": [column]}
    form = formgen.loads_form(yaml.safe_dump(content, allow_unicode=True), "README")
    assert render_pdf(form)[:5] == b"%PDF-"
    assert render_docx(form)[:2] == b"PK"


@pytest.mark.parametrize("body", [b for b in blocks("yaml")
                                  if not is_field(b) and not b.startswith("# broken")])
def test_each_form_example_validates_and_builds(body):
    part = yaml.safe_load(body)
    if "id" not in part:              # a part of a form: its words, or its columns
        content = {**FIELD_FORM, "columns": [{"id": "ok", "type": "checkbox", "label": "OK"}],
                   **({"language": "de-DE"} if "texts" in part else {}), **part}
        body = yaml.safe_dump(content, allow_unicode=True)
    form = formgen.loads_form(body, "README", base=ROOT / "examples")   # its logo is there
    assert render_pdf(form)[:5] == b"%PDF-"
    assert render_docx(form)[:2] == b"PK"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    broken = next(b for b in blocks("yaml") if b.startswith("# broken"))
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "klas.csv").write_text("Naam deelnemer;Studentnummer;Klas\n"
                                       "Şükrü Yılmaz;1001;4A\nZoë d’Hondt;1002;4A\n",
                                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sessions() -> list[tuple[str, str]]:
    """``(command, expected output)`` of every ``$ formgen`` line."""
    out = []
    for body in blocks("console"):
        for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
            command, _, expected = chunk.partition("\n")
            out.append((command, expected))
    return out


@pytest.mark.parametrize("command, expected", sessions())
def test_each_console_session_prints_what_the_readme_says(folder, runner, command, expected):
    args = shlex.split(command)
    assert args[0] == "formgen"
    result = runner.invoke(main, args[1:])
    assert result.output.strip() == expected.strip()


def test_the_python_examples_run(folder):
    namespace: dict = {}            # one reader's session: later blocks use earlier names
    for body in blocks("python"):
        exec(compile(body, "README.md", "exec"), namespace)
    assert Path("out.xlsx").stat().st_size > 0
    summary = namespace["summary"]
    assert summary.reconciled and len(summary.missing) == 2   # nobody in out/ is on the list
