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
    "table too wide": (
        GOOD.replace("  - {id: ok, type: checkbox, label: OK}\n",
                     "  - {id: a, type: text, label: A}\n  - {id: b, type: text, label: B}\n"
                     "  - {id: c, type: text, label: C}\n  - {id: d, type: choice, label: D, "
                     "options: [{value: '1', label: '1'}, {value: '2', label: '2'}, "
                     "{value: '3', label: '3'}, {value: '4', label: '4'}, {value: '5', label: '5'}]}\n"),
        12, "sections[0]", "the columns of this table need", "fewer columns"),
    "code with a space": (GOOD.replace('code: "1"', 'code: "A 1"'), 11, "sections[0].items[0].code",
                          "the item code 'A 1' makes the id 'itemA 1'", "id: itemA_1"),
    "code with a hyphen": (GOOD.replace('code: "1"', 'code: "A-1"'), 11, "sections[0].items[0].code",
                           "the item code 'A-1' makes the id 'itemA-1'", "give the item an id"),
    "duplicate code": (GOOD + '      - {code: "1", title: Again}\n', 12, "sections[0].items[1].code",
                       "duplicate item code '1'", "its own code"),
    "unknown placeholder": (GOOD + 'texts: {page: "blad {paginas}"}\n', 12, "texts.page",
                            "unknown placeholder(s) {paginas}", "use {page}, {pages}"),
    "language without words": (GOOD.replace("title: T\n", "title: T\nlanguage: de-DE\n"), 4,
                               "language", "no built-in words for 'de-DE'",
                               "set these under 'texts:'"),
    "together_with on a header field": (
        GOOD.replace("label: Name}", "label: Name, together_with: ok}"), 5,
        "fields[0].together_with", "works only between the columns of a table", "remove it"),
    "together_with to no column": (
        GOOD.replace("label: OK}", "label: OK, together_with: name}"), 7,
        "columns[0].together_with", "'name' is not another column", "remove it"),
    "duplicate option in a section field": (
        GOOD + "    fields:\n      - {id: s, type: choice, label: S, options: "
               "[{value: a, label: A}, {value: a, label: B}]}\n",
        13, "sections[0].fields[0].options", "duplicate option value(s) 'a'", "its own value"),
    "typo of a required key": (GOOD.replace("label: Name", "lable: Name"), 5, "fields[0]",
                               "unknown key 'lable'", "did you mean 'label'"),
    "unquoted comma": (GOOD.replace("title: One", "title: Beveiliging, gegevens en privacy"), 11,
                       "sections[0].items[0]", "cut off at a comma", "put the whole text in quotes"),
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
    assert "missing required key 'label'" not in out        # a typo is told once
    assert not re.search(r"allowed keys here: *(\n|$)", out), "an empty list of keys"


def test_a_file_with_three_problems_reports_three(runner, tmp_path):
    text = (GOOD.replace('code: "1"', 'code: "A 1"') + '      - {code: "A 1", title: Again}\n'
            + 'texts: {version: "v{versie}"}\n')
    text = text.replace("label: Name}", "label: Name, together_with: ok}")
    path = tmp_path / "three.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    out = result.output
    assert "Error: 4 problems:" in out
    assert out.count("three.yaml:") == 4 and out.count("fix:") == 4
    for words in ("fields[0].together_with", "sections[0].items[0].code: the item code 'A 1'",
                  "sections[0].items[1].code: duplicate item code 'A 1'", "texts.version"):
        assert words in out, out


def test_a_file_with_model_errors_reports_them_all(runner, tmp_path):
    text = GOOD.replace("label: Name", "lable: Name").replace("id: ok", "id: o.k")
    text = text.replace("title: T", "titel: T\ntitle: T")
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    out = runner.invoke(main, ["validate", str(path)]).output
    assert "3 problems" in out
    for words in ("unknown key 'lable'", "'o.k' is not allowed", "unknown key 'titel'"):
        assert words in out, out


INFORMATION_LETTER = """\
id: brief
version: 1
title: Informatie over de BPV
intro: Deze brief heeft geen invulvelden.
sections:
  - title: Wat je moet weten
texts: {page: "{pages} pagina's, dit is pagina {page}"}
"""


def test_a_form_without_fields_and_a_footer_in_any_order_build(runner, tmp_path):
    from pypdf import PdfReader
    path = tmp_path / "brief.yaml"
    path.write_text(INFORMATION_LETTER, encoding="utf-8")
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "--format", "all"])
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "out" / "brief.pdf")
    assert set(reader.get_fields()) == {"formgen_identity", "formgen_copy"}
    text = " ".join(reader.pages[0].extract_text().split())
    assert "1 pagina's, dit is pagina 1" in text
    assert "Wat je moet weten" in text


def test_every_property_of_the_schema_has_a_description():
    schema = json.loads(formgen.schema_json())
    missing = []

    def walk(node, path):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if not prop.get("description"):
                    missing.append(f"{path}.{name}")
            for key, sub in node.items():
                walk(sub, f"{path}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{path}[{i}]")

    walk(schema, "")
    assert not missing, missing
    assert len(json.dumps(schema)) > 10_000


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
