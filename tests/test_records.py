"""The content model's two checks give one answer.

:mod:`formgen.record` checks content in plain Python and leaves whatever it
cannot vouch for to a pydantic model made from the same declarations. Here
every example content file is changed in thousands of ways (a key removed
or added, a value of another type, empty, out of range, with a newline) and
both checks judge each: what the plain check takes, pydantic takes too, as
the same values; what pydantic takes and the plain check leaves to it comes
out of ``model_validate`` as pydantic made it.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from formgen.model import Form
from formgen.record import Invalid, _Unsure, pydantic_model

ROOT = Path(__file__).resolve().parents[1]
CONTENT = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("src/formgen/forms/*.yaml")])

_OPTIONS = [{"value": "ja", "label": "Ja", "title": "Ja, graag", "other": False},
            {"value": 2, "label": "Anders", "other": True}]
#: Every key of every type set once (numbers where text or floats are
#: meant), a form formgen builds: the changes below then reach every key.
KITCHEN_SINK = {
    "id": "alles", "version": 2.0, "language": "nl-NL", "title": "Alles", "intro": "i",
    "item_prefix": "wp", "item_label": "werkproces", "description_label": "Omschrijving",
    "table_heading": "Kop", "key_fields": ["naam"],
    "texts": {"page": "pagina {page} van {pages}", "version": "versie {version}",
              "correction": "Vergist?", "copy_number": "exemplaar {n}"},
    "fields": [
        {"id": "naam", "type": "text", "label": "Naam", "tooltip": "t", "width": "half",
         "help": "h", "required": True, "max_length": 40, "placeholder": "p"},
        {"id": "uitleg", "type": "textarea", "label": "Uitleg", "lines": 3, "max_length": 300},
        {"id": "nummer", "type": "code", "label": "Studentnummer", "digits": 7},
        {"id": "cijfer", "type": "number", "label": "Cijfer", "min": 1, "max": 10.0,
         "decimals": 1},
        {"id": "datum", "type": "date", "label": "Datum"},
        {"id": "keus", "type": "dropdown", "label": "Keus",
         "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
        {"id": "veel", "type": "multiselect", "label": "Veel", "options": _OPTIONS, "min": 1,
         "max": 2},
        {"id": "get", "type": "signature", "label": "Handtekening"},
    ],
    "columns": [
        {"id": "wens", "type": "checkbox", "label": "Wens", "together_with": "niveau",
         "count": {"min": 1, "max": 3}},
        {"id": "niveau", "type": "choice", "label": "Niveau", "options": _OPTIONS,
         "count": {"option": 2, "max": 1}},
    ],
    "sections": [{"title": "S", "label": "Kerntaak 1", "text": "t",
                  "items": [{"code": 1.1, "title": "T", "description": "d"},
                            {"code": "1.2", "title": "U", "id": "wp_twee"}],
                  "fields": [{"id": "vrij", "type": "text", "label": "Vrij"}]}],
    "legend": {"title": "Legenda", "entries": [{"term": "Bg", "lines": ["a", "b"]}]},
}

#: Values put in place of a value: other types, edge cases of the rules.
ODD = [None, 0, -1, 1, 2, 7, 13, 31, 1.0, 2.5, True, False, "", " ", "1", "1.0", "x y", "Bg",
       "ab\n", "wp1", "nl-NL", "3", [], [1], {}, {"type": "text"}, {"id": "a", "label": "A"}]


def _paths(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, path + (i,))


def _set(data, path, fn):
    data = copy.deepcopy(data)
    parent = data
    for p in path[:-1]:
        parent = parent[p]
    fn(parent, path[-1])
    return data


def _mutations(data):
    """Each way of changing ``data`` once, deterministic and spread over the tree."""
    for n, (path, node) in enumerate(_paths(data)):
        if not path:
            continue
        yield _set(data, path, lambda parent, key: parent.pop(key))
        for k, odd in enumerate(ODD):
            if (n + k) % 3 == 0:          # a third of them: still thousands
                yield _set(data, path, lambda parent, key, v=odd: parent.__setitem__(key, v))
        # what pydantic converts: a number as text, a whole float, yes for true
        if type(node) is int:
            for twin in (str(node), float(node), f" {node} "):
                yield _set(data, path, lambda parent, key, v=twin: parent.__setitem__(key, v))
        if type(node) is bool:
            for twin in (str(node).lower(), "yes" if node else "no", int(node)):
                yield _set(data, path, lambda parent, key, v=twin: parent.__setitem__(key, v))
        if isinstance(node, dict):
            yield _set(data, path + ("extra_key",), lambda parent, key: parent.__setitem__(key, 1))
        if isinstance(node, list) and node:
            yield _set(data, path, lambda parent, key: parent[key].append(parent[key][0]))


def test_the_kitchen_sink_is_a_form():
    from formgen.content import loads_form
    assert loads_form(yaml.safe_dump(KITCHEN_SINK, allow_unicode=True)).version == "2.0"


def _dump(obj) -> str:
    return json.dumps(obj.model_dump(), sort_keys=True, default=repr)


@pytest.mark.parametrize("path", [*CONTENT, "kitchen-sink"],
                         ids=lambda p: getattr(p, "name", p))
def test_the_plain_check_and_pydantic_agree(path):
    data = (copy.deepcopy(KITCHEN_SINK) if path == "kitchen-sink"
            else yaml.safe_load(path.read_text(encoding="utf-8")))
    mirror = pydantic_model(Form)
    taken = converted = refused = 0
    for changed in _mutations(data):
        try:
            fast = Form._construct(Form._fast(changed))
        except _Unsure:
            fast = None
        try:
            slow = mirror.model_validate(changed)
        except ValidationError:
            slow = None
        if fast is not None:
            taken += 1
            assert slow is not None, f"the plain check took what pydantic refuses: {changed}"
            assert _dump(fast) == _dump(slow)
        elif slow is not None:
            converted += 1
            assert _dump(Form.model_validate(changed)) == _dump(slow)
        else:
            refused += 1
            with pytest.raises(Invalid):
                Form.model_validate(changed)
    # every kind of answer came up, often
    assert taken > 100 and converted > 2 and refused > 300, (taken, converted, refused)


def test_a_record_is_frozen_and_compares_by_its_keys(form):
    spec = form.fields[0]
    with pytest.raises(AttributeError):
        spec.label = "anders"
    twin = type(spec).model_validate(spec.model_dump())
    assert twin == spec and hash(twin) == hash(spec) and twin is not spec
    other = type(spec).model_validate({**spec.model_dump(), "label": "anders"})
    assert other != spec


def test_good_content_builds_without_loading_pydantic(tmp_path):
    code = ("import sys; from formgen.cli import main\n"
            "try:\n    main(['build', '-o', sys.argv[1]])\nexcept SystemExit as e:\n"
            "    assert e.code == 0, e.code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "wensenformulier-ict-beheerder.pdf").stat().st_size > 10_000


def test_bad_content_still_gets_pydantic_words(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: 1\ntitle: T\nsections:\n  - title: S\n    fields:\n"
                   "      - {id: a, type: choice, label: A, options: [{value: j, label: ja}]}\n",
                   encoding="utf-8")
    from formgen.content import load_form
    from formgen.errors import ContentError
    with pytest.raises(ContentError) as e:
        load_form(bad)
    assert "a choice needs at least 2 options, this one has 1" in str(e.value)
    assert "bad.yaml:7" in str(e.value)


@pytest.mark.parametrize("path", [*CONTENT, "kitchen-sink"],
                         ids=lambda p: getattr(p, "name", p))
def test_content_that_validates_builds_and_the_rest_is_refused_clearly(path):
    """``validate`` ok means ``build`` works: a sample of the changed
    content files either loads with a content error (file, place, problem,
    fix) or builds a fillable PDF and a print pack."""
    import random

    from formgen.content import loads_form
    from formgen.errors import ContentError
    from formgen.render.pdf import render_pdf
    from formgen.render.pdf_print import render_print_pack

    data = (copy.deepcopy(KITCHEN_SINK) if path == "kitchen-sink"
            else yaml.safe_load(path.read_text(encoding="utf-8")))
    changed = list(_mutations(data))
    built = refused = 0
    for one in random.Random(7).sample(changed, min(40, len(changed))):
        try:
            form = loads_form(yaml.safe_dump(one, allow_unicode=True), name="x.yaml",
                              base=ROOT / "examples")
        except ContentError as e:
            assert all(p.where and p.fix for p in (e.problems or [e])), str(e)
            refused += 1
            continue
        assert render_pdf(form)[:5] == b"%PDF-"
        assert render_print_pack(form, [("n1abc001", {})])[:5] == b"%PDF-"
        built += 1
    assert built >= 5 and refused >= 5, (built, refused)


def test_an_other_option_whose_value_cannot_make_a_field_id_is_a_content_problem():
    from formgen.content import loads_form
    from formgen.errors import ContentError
    data = copy.deepcopy(KITCHEN_SINK)
    data["fields"][6]["options"][1]["value"] = "nl-NL"        # multiselect, other: true
    with pytest.raises(ContentError) as e:
        loads_form(yaml.safe_dump(data, allow_unicode=True), name="x.yaml")
    assert "'nl-NL'" in str(e.value) and "'nl_NL'" in str(e.value)
