"""The form model: what a form *is*, with no idea of PDF or Word.

A :class:`Form` holds header fields, sections whose items are table rows,
and the columns every row carries. Columns are field specs too: a row's
concrete field id is ``<item id>_<column id>``. Renderers and readers never
walk the nested model themselves; they iterate :meth:`Form.all_fields`, which
yields one :class:`FormField` per fillable field in reading order.

Each field type is one class with a ``type`` tag; adding a type means one
class here and one handler per renderer and reader (tests check that every
registry knows every type in :data:`FIELD_TYPES`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Iterator, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

#: Field and item ids: letters, digits and ``_``. No dots (PDF readers join
#: the parts of a field name with ``.``) and no spaces.
IDENT_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
#: Form ids may also hold ``-``; they name files.
FORM_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
#: Option values become PDF names and spreadsheet values.
OPTION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"

def _number_as_text(v):
    # YAML reads `version: 1.0` and `code: 1` as numbers; authors mean text.
    return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


Ident = Annotated[str, StringConstraints(pattern=IDENT_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
#: Text that a content author may write as a bare number.
NumText = Annotated[str, BeforeValidator(_number_as_text), StringConstraints(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One answer of a choice: ``value`` is what is stored and exported."""

    value: Annotated[str, BeforeValidator(_number_as_text), StringConstraints(pattern=OPTION_PATTERN)]
    label: Text
    title: str = ""


class _FieldBase(_Strict):
    id: Ident
    label: Text
    #: Tooltip shown by readers and screen readers. In a column it may use
    #: ``{code}``, ``{title}`` and ``{label}`` of the row's item.
    tooltip: Optional[str] = None
    #: Checked when returned forms are read: an empty required field is
    #: reported. (Never a PDF "required" flag: readers outline those in red.)
    required: bool = False
    #: In a column: the id of another column of the same row that belongs
    #: with this one; reading reports a row where one is filled and the other not.
    together_with: Optional[Ident] = None


class TextField(_FieldBase):
    """A single line of text."""

    type: Literal["text"]
    max_length: Optional[Annotated[int, Field(ge=1)]] = None
    placeholder: str = ""


class TextAreaField(_FieldBase):
    """Several lines of text; ``lines`` sets the height of the box on paper."""

    type: Literal["textarea"]
    lines: Annotated[int, Field(ge=2, le=30)] = 4
    max_length: Optional[Annotated[int, Field(ge=1)]] = None
    placeholder: str = ""


class CheckboxField(_FieldBase):
    """Ticked or not; exported as ``true``/``false``."""

    type: Literal["checkbox"]


class ChoiceField(_FieldBase):
    """Exactly one of ``options`` or none; exported as the option's value."""

    type: Literal["choice"]
    options: list[Option]

    @field_validator("options")
    @classmethod
    def _at_least_two(cls, v):
        if len(v) < 2:
            raise ValueError(
                f"a choice needs at least 2 options, this one has {len(v)}; "
                "add options, or use type: checkbox for a yes/no question")
        return v


FieldSpec = Annotated[
    Union[TextField, TextAreaField, CheckboxField, ChoiceField],
    Field(discriminator="type"),
]

#: Every field type tag, in the order the content format documents them.
FIELD_TYPES = ("text", "textarea", "checkbox", "choice")


class Item(_Strict):
    """A table row: a numbered thing with a title and a description."""

    code: NumText
    title: Text
    description: str = ""
    #: Defaults to the form's ``item_prefix`` + ``code`` with ``.`` as ``_``.
    id: Optional[Ident] = None


class Section(_Strict):
    """A titled table of items, optionally followed by free fields."""

    title: Text
    label: str = ""
    #: Overrides the form's ``columns`` for this section's rows.
    columns: Optional[list[FieldSpec]] = None
    items: list[Item] = []
    fields: list[FieldSpec] = []


class LegendEntry(_Strict):
    term: Text
    lines: list[str] = []


class Legend(_Strict):
    title: str = ""
    entries: list[LegendEntry]


class Texts(_Strict):
    """Words the renderers print around the content, in the form's language.

    Left unset, they come from :mod:`formgen.i18n` by ``language``.
    """

    page: Optional[str] = None
    version: Optional[str] = None
    placeholder: Optional[str] = None


class Form(_Strict):
    """A whole form, as one content file describes it."""

    id: Annotated[str, StringConstraints(pattern=FORM_ID_PATTERN)]
    version: NumText
    language: Text = "nl-NL"
    title: Text
    intro: str = ""
    item_prefix: Ident = "item"
    #: Printed between an item's code and title ("1.1 werkproces ...").
    item_label: str = ""
    #: Printed before an item's description ("Omschrijving").
    description_label: str = ""
    table_heading: str = ""
    fields: list[FieldSpec] = []
    columns: list[FieldSpec] = []
    sections: Annotated[list[Section], Field(min_length=1)]
    legend: Optional[Legend] = None
    texts: Texts = Texts()
    #: Field ids that identify a respondent; reading flags returned files
    #: whose values for these repeat within a batch.
    key_fields: list[Ident] = []

    # -- derived views ---------------------------------------------------
    def item_id(self, item: Item) -> str:
        return item.id or self.item_prefix + item.code.replace(".", "_")

    def section_columns(self, section: Section) -> list:
        return self.columns if section.columns is None else section.columns

    def fields_with_paths(self) -> Iterator[tuple[str, "FormField"]]:
        """Like :meth:`all_fields`, with each field's path in the content file."""
        for i, spec in enumerate(self.fields):
            yield f"fields[{i}]", FormField(spec.id, spec, spec.label,
                                            spec.tooltip or spec.label)
        for s, section in enumerate(self.sections):
            columns = self.section_columns(section)
            for n, item in enumerate(section.items):
                base = self.item_id(item)
                for column in columns:
                    label = f"{item.code} {column.label.rstrip('*').strip()}"
                    tip = (column.tooltip or "{label} {code}: {title}").format(
                        code=item.code, title=item.title, label=column.label)
                    yield (f"sections[{s}].items[{n}]",
                           FormField(f"{base}_{column.id}", column, label, tip,
                                     section, item))
            for i, spec in enumerate(section.fields):
                yield (f"sections[{s}].fields[{i}]",
                       FormField(spec.id, spec, spec.label,
                                 spec.tooltip or spec.label, section))

    @cached_property
    def field_index(self) -> dict[str, "FormField"]:
        """Every fillable field by id, in reading order (computed once)."""
        index: dict[str, FormField] = {}
        for _, f in self.fields_with_paths():
            index.setdefault(f.id, f)
        return index

    def all_fields(self) -> list["FormField"]:
        """Every fillable field, in reading (and tab) order."""
        return list(self.field_index.values())

    def field(self, field_id: str) -> "FormField":
        return self.field_index[field_id]

    @cached_property
    def content_hash(self) -> str:
        """A short hash of the form's meaning, not of the file's formatting."""
        canon = json.dumps(self.model_dump(mode="json"), sort_keys=True,
                           ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]

    @cached_property
    def identity(self) -> str:
        """``id|version|hash``: stored in every rendered form."""
        return f"{self.id}|{self.version}|{self.content_hash}"

    def summary(self) -> str:
        n_items = sum(len(s.items) for s in self.sections)
        return (f"{self.id} version {self.version}: {len(self.sections)} sections, "
                f"{n_items} items, {len(self.all_fields())} fields")


@dataclass(frozen=True)
class FormField:
    """One concrete fillable field: a spec placed on the form.

    ``spec`` is the field type's model (shared by every row of a column);
    ``item`` and ``section`` are set for fields that live in a table row.
    """

    id: str
    spec: object
    label: str
    tooltip: str
    section: Optional[Section] = None
    item: Optional[Item] = None

    @property
    def type(self) -> str:
        return self.spec.type


def cross_check(form: Form) -> list[tuple[str, str, str]]:
    """Rules that span the model: ``(path, problem, fix)`` for each break."""
    problems = []
    seen: dict[str, str] = {}
    for path, f in form.fields_with_paths():
        if f.id in seen:
            problems.append((path, f"duplicate field id {f.id!r} (first used at {seen[f.id]})",
                             "give every field, and every item, a unique id"))
        else:
            seen[f.id] = path
    for k, key in enumerate(form.key_fields):
        if key not in seen:
            problems.append((f"key_fields[{k}]", f"no field has the id {key!r}",
                             "name the id of a field of this form, e.g. a name field"))
    codes: dict[str, str] = {}
    for s, section in enumerate(form.sections):
        if section.items and not form.section_columns(section):
            problems.append((f"sections[{s}]", "this section has items but no columns",
                             "add 'columns:' to the form or to the section"))
        for n, item in enumerate(section.items):
            path = f"sections[{s}].items[{n}]"
            if item.code in codes:
                problems.append((path, f"duplicate item code {item.code!r} (first used at {codes[item.code]})",
                                 "give every item its own code"))
            codes.setdefault(item.code, path)
        columns = form.section_columns(section)
        ids = {c.id for c in columns}
        for c, column in enumerate(columns):
            path = (f"sections[{s}].columns[{c}]" if section.columns is not None
                    else f"columns[{c}]")
            problems += _check_options(column, path)
            if column.together_with and (column.together_with not in ids
                                         or column.together_with == column.id):
                problems.append((f"{path}.together_with",
                                 f"{column.together_with!r} is not another column of this table",
                                 f"use one of: {', '.join(sorted(ids - {column.id}))}"))
    for i, spec in enumerate(form.fields):
        problems += _check_options(spec, f"fields[{i}]")
    return problems


def _check_options(spec, path: str) -> list[tuple[str, str, str]]:
    if spec.type != "choice":
        return []
    values = [o.value for o in spec.options]
    if "Off" in values:
        return [(f"{path}.options", "'Off' cannot be an option value: PDF uses it for 'nothing chosen'",
                 "use another value, e.g. 'Uit' or 'No'")]
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        return [(f"{path}.options", f"duplicate option value(s) {', '.join(map(repr, dupes))}",
                 "give every option of a choice its own value")]
    return []
