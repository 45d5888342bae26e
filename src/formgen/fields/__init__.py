"""The field types: one module each, listed once here.

Everything else (the model's union, the JSON Schema, the CLI's help, every
renderer and reader) takes the list of types from :data:`REGISTRY`. Adding
a type is one module (whose ``FIELD`` is its model class) plus its name in
:data:`MODULES`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Annotated, Union

from ..record import Tagged
from .base import HOOKS, FieldType, Option

#: The field type modules, in the order the content format documents them;
#: each module's name is its type tag.
MODULES = ("text", "textarea", "checkbox", "choice", "multiselect", "dropdown", "date", "number",
           "code", "signature")

#: type tag -> model class.
REGISTRY: dict[str, type[FieldType]] = {
    name: import_module(f".{name}", __name__).FIELD for name in MODULES}

#: Every field type tag.
FIELD_TYPES = tuple(REGISTRY)

#: A field in a content file: the union of the registered types, by ``type``.
FieldSpec = Annotated[Union[tuple(REGISTRY.values())], Tagged("type")]

__all__ = ["FIELD_TYPES", "FieldSpec", "FieldType", "HOOKS", "MODULES", "Option", "REGISTRY"]
