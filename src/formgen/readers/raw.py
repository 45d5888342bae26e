"""What a raw reader makes of a returned file, before the form's field
types read it: its fields by full name, each of a raw kind, and what the
file says about itself."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawField:
    """One field as the file has it: ``kind`` is ``text``, ``button``,
    ``choice`` or ``signature`` (see ``FieldType.raw_kind``)."""

    name: str
    kind: str
    value: object = None     # text, choice: str; button: set of on-states; signature: bool
    widgets: int = 0
    #: A problem code about this field's value as the file has it (its
    #: text could not be decoded, say): the reader keeps the raw value.
    note: str | None = None


@dataclass
class RawForm:
    fields: dict[str, RawField] = field(default_factory=dict)
    identity: str | None = None       # "id|version|hash" from the hidden field or metadata
    #: What a person should know about how the file is written (problem codes).
    notes: set[str] = field(default_factory=set)
    #: A prefilled copy's data (see formgen.names.copy_text), if any.
    copy: str | None = None
    #: How many fields the file's form says it has (the AcroForm's /Fields):
    #: fields declared but no widget found is a damaged file, not a print.
    declared: int = 0
