"""The field types: one module each, listed once here.

Everything else (the model's union, the JSON Schema, the CLI's help, every
renderer and reader) takes the list of types from :data:`REGISTRY`. Adding
a type is one module plus one line below.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from .base import HOOKS, FieldType, Option
from .checkbox import CheckboxField
from .choice import ChoiceField
from .date import DateField
from .dropdown import DropdownField
from .number import NumberField
from .signature import SignatureField
from .text import TextField
from .textarea import TextAreaField

#: type tag -> model class, in the order the content format documents them.
REGISTRY: dict[str, type[FieldType]] = {
    "text": TextField,
    "textarea": TextAreaField,
    "checkbox": CheckboxField,
    "choice": ChoiceField,
    "dropdown": DropdownField,
    "date": DateField,
    "number": NumberField,
    "signature": SignatureField,
}

#: Every field type tag.
FIELD_TYPES = tuple(REGISTRY)

#: A field in a content file: the union of the registered types, by ``type``.
FieldSpec = Annotated[Union[tuple(REGISTRY.values())], Field(discriminator="type")]

__all__ = ["FIELD_TYPES", "FieldSpec", "FieldType", "HOOKS", "Option", "REGISTRY"]
