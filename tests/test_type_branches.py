"""A field type is one module: nothing outside ``fields/`` decides by a
field's type name, asks whether a field has one type's attribute, or
tests for a type's class. Such code is where a new type silently falls
through (a list written as ``"['nl', 'de']"``, a crash on an unhashable
value); the type's hooks answer instead."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from formgen.fields import REGISTRY, FieldType

SRC = Path(__file__).parents[1] / "src" / "formgen"

#: Attributes some field types have and the base type does not.
OWN_ATTRIBUTES = {name for cls in REGISTRY.values() for name in cls.model_fields} - \
    set(FieldType.model_fields) - {"type"}
TYPE_NAMES = set(REGISTRY)
CLASS_NAMES = {cls.__name__ for cls in REGISTRY.values()} | {
    base.__name__ for cls in REGISTRY.values() for base in cls.__mro__[1:]
    if issubclass(base, FieldType) and base is not FieldType}


def _is_type_ref(node) -> bool:
    """``x.type`` or a name ``type_`` (how layout code carries a type name)."""
    return (isinstance(node, ast.Attribute) and node.attr == "type") or \
        (isinstance(node, ast.Name) and node.id == "type_")


def branches(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            names = {s.value for s in sides if isinstance(s, ast.Constant)} | {
                e.value for s in sides if isinstance(s, (ast.Tuple, ast.List, ast.Set))
                for e in s.elts if isinstance(e, ast.Constant)}
            if any(_is_type_ref(s) for s in sides) and names & TYPE_NAMES:
                found.append((node.lineno, "compares a field's type name"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in ("getattr", "hasattr") and len(node.args) >= 2 and \
                    isinstance(node.args[1], ast.Constant) and node.args[1].value in OWN_ATTRIBUTES:
                found.append((node.lineno, f"{node.func.id}(..., {node.args[1].value!r})"))
            if node.func.id in ("isinstance", "issubclass") and len(node.args) == 2:
                classes = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
                if any(isinstance(c, (ast.Name, ast.Attribute)) and
                       (c.id if isinstance(c, ast.Name) else c.attr) in CLASS_NAMES for c in classes):
                    found.append((node.lineno, "tests for a field type's class"))
    return found


def test_the_detector_finds_each_kind_of_branch():
    code = ('if col.type == "checkbox": pass\n'
            'if spec.type in ("choice", "dropdown"): pass\n'
            'x = getattr(col, "options", None)\n'
            'y = hasattr(ff.spec, "max_length")\n'
            'z = isinstance(spec, ChoiceField)\n'
            'ok = slot.shape == "box" or getattr(e, "text", None) or spec.type == other\n')
    assert [line for line, _ in branches(ast.parse(code))] == [1, 2, 3, 4, 5]


def modules():
    return sorted(p for p in SRC.rglob("*.py") if "fields" not in p.relative_to(SRC).parts)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_code_outside_fields_branches_on_a_field_type(path):
    found = branches(ast.parse(path.read_text("utf-8")))
    assert not found, "; ".join(f"{path.name}:{line}: {what}" for line, what in found)
