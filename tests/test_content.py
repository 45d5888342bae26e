"""Content files: the bundled form against the school's text, and every bad
case a content author can hit gets file, place, problem and fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import formgen
from formgen.cli import main
from formgen.content import bundled_path, loads_form
from formgen.fields import FIELD_TYPES

SEED = Path(__file__).parent / "fixtures" / "seed-wensenformulier-ict-beheerder.txt"
#: Words the text extraction broke beyond a line wrap; mended in the content file.
REPAIRS = {"ICTbeheerder": "ICT-beheerder"}


def norm(text: str) -> str:
    """Join wrapped lines: a hyphen at a line end joins, whitespace folds."""
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    text = re.sub(r"\s+", " ", text).strip()
    for wrong, right in REPAIRS.items():
        text = text.replace(wrong, right)
    return text


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_items(seed: str) -> dict[str, tuple[str, str]]:
    body = seed.split("* Omschrijving")[0]
    pattern = re.compile(
        r"(\d\.\d) werkproces (.*?)\n\s*Omschrijving (.*?)(?=\n\s*\d\.\d werkproces|\s+Kerntaak \d|$)",
        re.S)
    return {code: (norm(title), norm(re.split(r"\n\s*\n\s*\n", desc)[0]))
            for code, title, desc in pattern.findall(body)}


def test_bundled_form_has_4_kerntaken_and_17_werkprocessen(form):
    assert [s.label for s in form.sections] == [f"Kerntaak {i}" for i in range(1, 5)]
    assert [len(s.items) for s in form.sections] == [5, 4, 5, 3]


def test_every_werkproces_matches_the_seed_word_for_word(form, seed):
    items = seed_items(seed)
    assert len(items) == 17
    ours = {i.code: (i.title, i.description) for s in form.sections for i in s.items}
    assert ours.keys() == items.keys()
    for code, (title, desc) in items.items():
        assert ours[code][0] == title, code
        assert ours[code][1] == desc, code


def test_kerntaak_titles_match_the_seed(form, seed):
    found = dict(re.findall(r"Kerntaak (\d) (.+?)\s*\n", seed))
    assert {s.label.split()[-1]: s.title for s in form.sections} == {k: norm(v) for k, v in found.items()}


def test_header_labels_and_columns_match_the_seed(form, seed):
    flat = norm(seed)
    assert form.title in flat
    for spec in form.fields:
        assert f"{spec.label}:" in flat
    assert norm(form.table_heading) in flat
    wens, niveau = form.columns
    assert wens.label == "Wensen deelnemer" and "Wensen deelnemer" in flat
    assert niveau.label == "Niveau*" and "Niveau*" in flat
    assert " ".join(o.label for o in niveau.options) == "Bg G Bk"
    assert [o.value for o in niveau.options] == ["Bg", "G", "Bk"]


def test_legend_matches_the_seed(form, seed):
    legend_text = seed.split("* Omschrijving niveau-aanduiding:")[1]
    assert form.legend.title == "* Omschrijving niveau-aanduiding:"
    blocks = re.split(r"\n\s*(B[gk]|G) = ", legend_text)[1:]
    seed_entries = {}
    for code, block in zip(blocks[::2], blocks[1::2]):
        term, rest = block.split("\n", 1)
        lines = [norm(m) for m in re.findall(r"([a-d]\)\s+.*?)(?=\n\s*[a-d]\)|\Z)", rest, re.S)]
        seed_entries[f"{code} = {term.strip()}"] = [re.sub(r"^([a-d]\))\s+", r"\1 ", ln) for ln in lines]
    ours = {e.term: e.lines for e in form.legend.entries}
    assert ours == seed_entries
    assert all(len(lines) == 4 for lines in ours.values())


def test_field_ids_are_the_contract(form):
    ids = [f.id for f in form.all_fields()]
    assert ids[:2] == ["naam_deelnemer", "begeleider_roc"]
    assert "wp1_1_wens" in ids and "wp4_3_niveau" in ids
    assert len(ids) == 2 + 17 * 2 and len(set(ids)) == len(ids)
    assert not any("." in i or " " in i for i in ids)


def test_tooltips_name_the_werkproces(form):
    ff = form.field("wp1_1_niveau")
    assert ff.tooltip == ("Niveau voor werkproces 1.1: Stelt de vraag en/of "
                          "informatiebehoefte van de opdrachtgever vast")


def test_content_hash_ignores_formatting(form):
    text = bundled_path().read_text(encoding="utf-8")
    assert loads_form("# a comment\n" + text).content_hash == form.content_hash
    assert loads_form(text.replace("version: \"1.0\"", "version: \"1.1\"")).content_hash != form.content_hash


def test_example_form_uses_every_field_type(example_form):
    assert {f.type for f in example_form.all_fields()} == {"text", "textarea", "checkbox", "choice"}


def test_schema_lists_every_field_type(runner):
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    tags = {d["properties"]["type"]["const"] for d in schema["$defs"].values()
            if "type" in d.get("properties", {})}
    assert tags == set(FIELD_TYPES)


def test_committed_schema_file_is_current(runner):
    committed = Path(__file__).parents[1] / "formgen.schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == json.loads(formgen.schema_json()), \
        "regenerate it: formgen schema > formgen.schema.json"


GOOD = """\
id: t
version: 1
title: T
fields:
  - {id: name, type: text, label: Name}
columns:
  - {id: ok, type: checkbox, label: OK}
sections:
  - title: S
    items:
      - {code: "1", title: One}
"""

BAD_CASES = {
    # case: (content, line, place, words in the message, words in the fix)
    "yaml syntax": ("id: t\ntitle: [unclosed\nversion: 1\n", 3, None, "YAML syntax error", "indentation"),
    "unknown field type": (GOOD.replace("type: text", "type: txet"), 5, "fields[0]",
                           "unknown field type 'txet'", "did you mean 'text'"),
    "duplicate id": (GOOD.replace("{id: name,", "{id: item1_ok,"), 11,
                     "sections[0].items[0]", "duplicate field id 'item1_ok'", "unique"),
    "id with a dot": (GOOD.replace("id: name", "id: naam.deelnemer"), 5, "fields[0].id",
                      "'naam.deelnemer' is not allowed", "no dots"),
    "id with a space": (GOOD.replace("id: name", "id: naam deelnemer"), 5, "fields[0].id",
                        "'naam deelnemer' is not allowed", "no spaces"),
    "missing title": (GOOD.replace("title: T\n", ""), 1, None, "missing required key 'title'", "add 'title:'"),
    "choice with one option": (
        GOOD.replace("{id: ok, type: checkbox, label: OK}",
                     "{id: lvl, type: choice, label: L, options: [{value: A, label: A}]}"),
        7, "columns[0].options", "at least 2 options", "add options"),
    "unknown key": (GOOD.replace("title: T", "titel: T\ntitle: T"), 3, None, "unknown key 'titel'",
                    "did you mean 'title'"),
    "empty file": ("", None, None, "the file is empty", "describe a form"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_content_names_file_place_problem_and_fix(case, runner, tmp_path):
    text, line, place, what, fix = BAD_CASES[case]
    path = tmp_path / "broken-form.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "Traceback" not in out
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "broken-form.yaml" in out
    if line is not None:
        assert f"broken-form.yaml:{line}:" in out, out
    if place is not None:
        assert place in out, out
    assert what in out, out
    assert "fix:" in out and fix in out, out


def test_file_not_found(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "nope.yaml: file not found" in result.output
    assert "Traceback" not in result.output


def test_good_content_validates(runner, tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "ok: t version 1: 1 sections, 1 items, 2 fields"
