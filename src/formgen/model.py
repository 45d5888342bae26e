"""The form model: what a form *is*, with no idea of PDF or Word.

A :class:`Form` holds header fields, sections whose items are table rows,
and the columns every row carries. Columns are field specs too: a row's
concrete field id is ``<item id>_<column id>``. Renderers and readers never
walk the nested model themselves; they iterate :meth:`Form.all_fields`, which
yields one :class:`FormField` per fillable field in reading order, or draw
the layout plan (:mod:`formgen.layout`).

The field types live in :mod:`formgen.fields`, one module each.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Iterator, Optional

from .fields import FIELD_TYPES, REGISTRY, FieldSpec  # noqa: F401 (re-exported)
from .fields.base import IDENT_PATTERN, Ident, NumText, Option, Strict, Text, doc  # noqa: F401
from .names import row_field_id
from .record import MinLen, Pattern

#: Form ids may also hold ``-``; they name files.
FORM_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
_Strict = Strict


class Item(_Strict):
    """A table row: a numbered thing with a title and a description."""

    code: NumText = doc("The item's number, printed first in its row; with the form's "
                        "item_prefix it makes the row's id ('1.1' -> wp1_1).", "1.1")
    title: Text = doc("The item's title, printed in bold.", "Maakt een functioneel ontwerp")
    description: str = doc("A longer description, printed under the title.", default="")
    id: Optional[Ident] = doc("The row's id, when the code cannot make one: letters, digits "
                              "and '_'. Default: item_prefix + code with '.' as '_'.",
                              "wp1_1", default=None)


class Section(_Strict):
    """A titled table of items, optionally followed by free fields."""

    title: Text = doc("The section's title: the first row of its table, or a heading when "
                      "it has no items.", "Ontwikkelen van informatiesystemen")
    label: str = doc("Printed before the title.", "Kerntaak 1", default="")
    columns: Optional[list[FieldSpec]] = doc(
        "The columns of this section's table, instead of the form's columns.", default=None)
    items: list[Item] = doc("The rows of the table; a section without items has no table.",
                            default=[])
    fields: list[FieldSpec] = doc("Free fields after the table (or under the heading).",
                                  default=[])
    text: str = doc("Paragraphs printed under the title (a blank line between two): an "
                    "explanation, a privacy statement.", default="")


class LegendEntry(_Strict):
    """One term of the legend and the lines that explain it."""

    term: Text = doc("The term, in bold.", "Bg = Beginnend")
    lines: list[str] = doc("The lines under the term.", ["a) werkt onder begeleiding"],
                           default=[])


class Legend(_Strict):
    """An explanation printed after the last table."""

    title: str = doc("The legend's heading.", "* Omschrijving niveau-aanduiding:", default="")
    entries: list[LegendEntry] = doc("The terms, in order.")


class Texts(_Strict):
    """Words the renderers print around the content, in the form's language.

    Left unset, they come from :mod:`formgen.i18n` by ``language`` (Dutch and
    English are built in; a form in another language sets every one).
    """

    page: Optional[str] = doc("The page number in the footer; uses {page} and {pages} in any "
                              "order.", "pagina {page} van {pages}", default=None)
    version: Optional[str] = doc("The version in the footer; uses {version}.",
                                 "versie {version}", default=None)
    placeholder: Optional[str] = doc("The grey text of an empty Word text control.",
                                     "Klik of tik om tekst in te voeren.", default=None)
    date_hint: Optional[str] = doc("The date format a blank PDF date field shows in grey.",
                                   "dd-mm-jjjj", default=None)
    date_placeholder: Optional[str] = doc("The grey text of an empty Word date control.",
                                          "Klik of tik om een datum in te voeren.", default=None)
    signature_date: Optional[str] = doc("The word before a signature's date line.", "Datum",
                                        default=None)
    correction: Optional[str] = doc(
        "The correction rule printed under the intro of a form with boxes: how to undo a tick "
        "on paper (a box filled in completely counts as not ticked).",
        "Vergist? Kleur het verkeerde vakje helemaal zwart en kruis het goede aan.", default=None)
    copy_number: Optional[str] = doc(
        "The number of a print pack's numbered copy, printed beside its QR code; uses {n}.",
        "exemplaar {n}", default=None)


class Form(_Strict):
    """A whole form, as one content file describes it."""

    id: Annotated[str, Pattern(FORM_ID_PATTERN)] = doc(
        "The form's id: names the output files and identifies returned forms. Letters, digits, "
        "'-' and '_'.", "wensenformulier-ict-beheerder")
    version: NumText = doc("The form's version, printed in the footer and stored in every "
                           "copy; change it when the questions change.", "1.0")
    language: Text = doc("The document language (BCP 47); picks the words formgen prints. "
                         "nl and en are built in; for another language set every key of "
                         "'texts'.", "nl-NL", default="nl-NL")
    title: Text = doc("The form's title, printed on top and shown in the reader's title bar.",
                      "Wensenformulier deelnemer ICT-beheerder")
    intro: str = doc("A paragraph under the title.", default="")
    logo: Optional[str] = doc("A PNG or JPEG file (a path from the content file's folder) "
                              "printed at the top of page 1 and in the Word file's header.",
                              "logo.png", default=None)
    logo_alt: Optional[str] = doc("What the logo shows, for screen readers (required with "
                                  "logo).", "Logo van het Techniek College", default=None)
    item_prefix: Ident = doc("Starts every item's id: prefix + code with '.' as '_'.", "wp",
                             default="item")
    item_label: str = doc("Printed between an item's code and title.", "werkproces", default="")
    description_label: str = doc("Printed in italics before an item's description.",
                                 "Omschrijving", default="")
    table_heading: str = doc("The header of the tables' first column.",
                             "Kerntaken, werkprocessen en omschrijving werkprocessen", default="")
    fields: list[FieldSpec] = doc("Header fields, printed under the intro.", default=[])
    columns: list[FieldSpec] = doc("The columns every item row carries (a section may have "
                                   "its own).", default=[])
    sections: Annotated[list[Section], MinLen(1)] = doc(
        "The sections, in order: each a table of items and/or free fields.")
    legend: Optional[Legend] = doc("An explanation printed after the last section.",
                                   default=None)
    texts: Texts = doc("Words formgen prints around the content, to override the built-in "
                       "ones.", default=Texts())
    key_fields: list[Ident] = doc("Field ids that identify a respondent (a name, a student "
                                  "number); reading flags returned files that repeat them, and "
                                  "prefilled files are named after them.", ["naam_deelnemer"],
                                  default=[])

    #: The logo's bytes, read by the content loader (see :mod:`formgen.content`).
    _logo: Optional[bytes] = None
    #: Where the form came from: the file's name as shown, and the line of
    #: each content path (for errors found after loading, see :attr:`pages`).
    _source: tuple = ("", {})

    @property
    def logo_image(self) -> Optional[bytes]:
        """The logo file's bytes (None without a logo)."""
        return self._logo

    # -- derived views ---------------------------------------------------
    def item_id(self, item: Item) -> str:
        return item.id or self.item_prefix + item.code.replace(".", "_")

    def section_columns(self, section: Section) -> list:
        return self.columns if section.columns is None else section.columns

    def fields_with_paths(self) -> Iterator[tuple[str, "FormField"]]:
        """Like :meth:`all_fields`, with each field's path in the content file."""
        words = self.words()

        def with_companions(path, ff):
            yield path, ff
            for cid, spec, label in ff.spec.companions(ff.id, ff.label, words):
                yield path, FormField(cid, spec, label, label, ff.section, ff.item)

        def tip(spec, default):
            tip = spec.tooltip or default
            return f"{tip} ({spec.help})" if spec.help else tip

        for i, spec in enumerate(self.fields):
            yield from with_companions(f"fields[{i}]", FormField(
                spec.id, spec, spec.label, tip(spec, spec.label)))
        for s, section in enumerate(self.sections):
            columns = self.section_columns(section)
            for n, item in enumerate(section.items):
                base = self.item_id(item)
                for column in columns:
                    label = f"{item.code} {column.label.rstrip('*').strip()}"
                    row_tip = tip(column, "{label} {code}: {title}").format(
                        code=item.code, title=item.title, label=column.label)
                    yield from with_companions(f"sections[{s}].items[{n}]", FormField(
                        row_field_id(base, column.id), column, label, row_tip, section, item))
            for i, spec in enumerate(section.fields):
                yield from with_companions(f"sections[{s}].fields[{i}]", FormField(
                    spec.id, spec, spec.label, tip(spec, spec.label), section))

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

    @cached_property
    def layout(self):
        """The layout plan (:func:`formgen.layout_plan.plan`), computed once."""
        from .layout_plan import plan
        return plan(self)

    @cached_property
    def pages(self):
        """The layout plan on A4 pages (:func:`formgen.layout_pages.pages`):
        the page count and every slot's page and rectangle, computed once.
        Raises :class:`~formgen.errors.ContentError` for content higher than
        a page (naming the file, line and place)."""
        from .layout_pages import TooTall, pages
        try:
            return pages(self)
        except TooTall as e:
            from .errors import ContentError
            name, line = self._source
            raise ContentError.of([
                ContentError(what, where=f"{name}:{line(path)}" if callable(line) else name or None,
                             path=path, fix=fix)
                for path, what, fix in e.problems]) from None

    def words(self) -> dict[str, str]:
        """The words the renderers print, with this form's own texts applied."""
        from . import i18n
        out = {key: i18n.text(self, key) for key in i18n.PLACEHOLDERS}
        out["language"] = self.language
        out["date_format"] = "dd-MM-yyyy"
        return out

    def check_values(self, values: dict, locked=()) -> dict:
        """``values`` (field id -> value) checked by each field's type, for a
        renderer or a prefill; raises :class:`~formgen.errors.RenderError`
        listing every value that does not fit."""
        from .errors import RenderError
        out, problems = {}, []
        index = self.field_index
        for field_id, value in values.items():
            ff = index.get(field_id)
            if ff is None:
                problems.append(f"the form has no field {field_id!r}")
                continue
            try:
                out[field_id] = ff.spec.check(value)
            except ValueError as e:
                problems.append(f"{field_id} ({ff.type}): {e}")
        problems += [f"the form has no field {k!r}" for k in locked if k not in index]
        if problems:
            raise RenderError("values that do not fit the form:\n  - " + "\n  - ".join(problems),
                              fix="use the field ids and values that 'formgen validate --fields' "
                                  "lists")
        return out

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
    """Rules that span the model, and everything a renderer assumes:
    ``(path, problem, fix)`` for each break, all of them."""
    import re

    from . import i18n

    problems: list[tuple[str, str, str]] = []
    add = problems.append
    # Items: ids that can be made, codes and ids used once.
    item_paths: dict[str, str] = {}
    codes: dict[str, str] = {}
    for s, section in enumerate(form.sections):
        if section.items and not form.section_columns(section):
            add((f"sections[{s}]", "this section has items but no columns",
                 "add 'columns:' to the form or to the section"))
        for n, item in enumerate(section.items):
            path = f"sections[{s}].items[{n}]"
            iid = form.item_id(item)
            if item.code in codes:
                add((f"{path}.code", f"duplicate item code {item.code!r} (first used at "
                     f"{codes[item.code]})", "give every item its own code"))
                continue
            codes[item.code] = path
            if item.id is None and not re.match(IDENT_PATTERN, iid):
                add((f"{path}.code", f"the item code {item.code!r} makes the id {iid!r}, which is "
                     "not a valid id (letters, digits and '_' only)",
                     f"use a code of letters, digits and dots, or give the item an id, e.g. "
                     f"id: {_suggest_id(iid)}"))
            elif iid in item_paths:
                add((f"{path}.id", f"duplicate item id {iid!r} (first used at {item_paths[iid]})",
                     "give every item its own id"))
            item_paths.setdefault(iid, path)
    # Field specs wherever they stand.
    before_specs = len(problems)
    for path, spec, siblings in _specs(form):
        problems += [(f"{path}.{where}", what, fix)
                     for where, what, fix in spec.content_problems(column=siblings is not None)]
        if siblings is not None and spec.width != "full":
            add((f"{path}.width", "width works only on header and free fields; a column is as "
                 "wide as the table makes it", "remove it"))
        if spec.together_with is None:
            continue
        if siblings is None:
            add((f"{path}.together_with", "together_with works only between the columns of a table",
                 "remove it, or make both fields columns"))
        elif spec.together_with not in siblings or spec.together_with == spec.id:
            others = sorted(set(siblings) - {spec.id})
            add((f"{path}.together_with",
                 f"{spec.together_with!r} is not another column of this table",
                 f"use one of: {', '.join(others)}" if others else "remove it: the table has "
                 "no other column"))
    # Field ids: every field of the form once (the walk makes each field's
    # companions from its spec: only when the specs are sound).
    if len(problems) == before_specs:
        seen: dict[str, str] = {}
        for path, f in form.fields_with_paths():
            if f.item is not None and codes.get(f.item.code) != path:
                continue                       # a duplicate item, reported above
            if f.id in seen and seen[f.id] != path:
                add((path, f"duplicate field id {f.id!r} (first used at {seen[f.id]})",
                     "give every field, and every item, a unique id"))
            seen.setdefault(f.id, path)
        for k, key in enumerate(form.key_fields):
            if key not in seen:
                add((f"key_fields[{k}]", f"no field has the id {key!r}",
                     "name the id of a field of this form, e.g. a name field"))
    if form.logo and not (form.logo_alt or "").strip():
        add(("logo_alt", "a logo needs logo_alt: what it shows, for screen readers",
             "e.g. logo_alt: Logo van het Techniek College"))
    # Words the renderers print.
    for key, allowed in i18n.PLACEHOLDERS.items():
        template = getattr(form.texts, key)
        if template is None:
            continue
        try:
            used = {name for _, name in i18n.template_parts(template) if name is not None}
        except ValueError as e:
            add((f"texts.{key}", f"{template!r} is not a valid template ({e})",
                 "write placeholders as {name}; write a brace as {{ or }}"))
            continue
        bad = sorted(used - allowed)
        if bad:
            add((f"texts.{key}", f"unknown placeholder(s) {', '.join('{' + b + '}' for b in bad)}",
                 f"use {', '.join('{' + a + '}' for a in sorted(allowed))}" if allowed
                 else "this text takes no placeholders"))
    if not i18n.has_words(form.language):
        missing = [k for k in i18n.PLACEHOLDERS if getattr(form.texts, k) is None]
        if missing:
            add(("language", f"formgen has no built-in words for {form.language!r} "
                 f"(it has {', '.join(sorted(i18n.STRINGS))})",
                 f"set these under 'texts:' in {form.language}: {', '.join(missing)}; "
                 "or use language: nl-NL or en-GB"))
    if not problems:                     # the layout assumes a consistent model
        problems += list(form.layout.problems)
    return problems


def _suggest_id(iid: str) -> str:
    import re
    clean = re.sub(r"[^A-Za-z0-9_]", "_", iid)
    return clean if re.match(IDENT_PATTERN, clean) else "item_" + clean.lstrip("_")


def _specs(form: Form):
    """``(path, spec, sibling column ids or None)`` for every field spec."""
    for i, spec in enumerate(form.fields):
        yield f"fields[{i}]", spec, None
    if form.columns:
        ids = [c.id for c in form.columns]
        for c, col in enumerate(form.columns):
            yield f"columns[{c}]", col, ids
    for s, section in enumerate(form.sections):
        if section.columns is not None:
            ids = [c.id for c in section.columns]
            for c, col in enumerate(section.columns):
                yield f"sections[{s}].columns[{c}]", col, ids
        for i, spec in enumerate(section.fields):
            yield f"sections[{s}].fields[{i}]", spec, None
