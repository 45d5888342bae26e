"""What every field type shares, and the hooks each type must provide.

A field type is one record class (:mod:`formgen.record`) in its own module of this package.
The class is the type's content keys (its model), and its methods are
everything else about the type: value rules, sample value, its place in the
layout plan, its PDF widget, its Word control and its read-back. Nothing
outside the type's module branches on the type tag; :mod:`formgen.fields`
lists the types, and everything else takes the list from there.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Optional

from ..record import Before, Between, MinLen, Pattern, Record, doc

#: Field and item ids: letters, digits and ``_``. No dots (PDF readers join
#: the parts of a field name with ``.``) and no spaces.
IDENT_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
#: Option values become PDF names and spreadsheet values.
OPTION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"


def number_as_text(v):
    # YAML reads `version: 1.0` and `code: 1` as numbers; authors mean text.
    return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


Ident = Annotated[str, Pattern(IDENT_PATTERN)]
Text = Annotated[str, MinLen(1)]
#: Text that a content author may write as a bare number.
NumText = Annotated[str, Before(number_as_text), MinLen(1)]


class Strict(Record):
    """A record whose unknown keys are errors (a typo is not ignored)."""

    pydantic_config = {"extra": "forbid", "frozen": True, "defer_build": True}


class Option(Strict):
    """One answer of a choice or dropdown."""

    value: Annotated[str, Before(number_as_text), Pattern(OPTION_PATTERN)] = doc(
        "What is stored and exported when this answer is chosen: letters, digits, '-' and '_'.",
        "Bg", "goed")
    label: Text = doc("The short text printed with the answer (a column header in a table).",
                      "Bg", "goed")
    title: str = doc("The long text: tooltips, legends and the Word control's name.",
                     "Beginnend", default="")
    other: bool = doc("A text field beside this option ('Anders, namelijk: ____'), id "
                      "'<field id>_<value>', read back with the answer (choice and "
                      "multiselect).", default=False)

    @property
    def long(self) -> str:
        return self.title or self.label


#: The count key of "no option chosen" (see :meth:`FieldType.count_keys`).
NONE = ""

class CountRule(Strict):
    """How many rows of a table may fill a column in (or pick one option of it)."""

    min: Optional[Annotated[int, Between(ge=0)]] = doc("At least this many rows.", 2, default=None)
    max: Optional[Annotated[int, Between(ge=0)]] = doc("At most this many rows.", 2, default=None)
    option: Optional[Annotated[str, Before(number_as_text)]] = doc(
        "Count only the rows that pick this option (its value).", "Bk", default=None)


class Counted(Record):
    """The ``count`` key of a type whose table column can be counted (a
    mixin: checkbox, choice, multiselect)."""

    count: Optional[CountRule] = doc(
        "In a table column: how many rows may be ticked or filled in (or pick `option`); "
        "reading warns outside it. {min: 2, max: 2} is 'exactly two'.", default=None)

    def count_problems(self, column: bool, values: list | None) -> list[tuple[str, str, str]]:
        rule = self.count
        if rule is None:
            return []
        if not column:
            return [("count", "count works only on a table's column",
                     "remove it, or make the field a column")]
        if rule.min is None and rule.max is None:
            return [("count", "count needs min, max or both", "e.g. count: {min: 2, max: 2}")]
        if rule.min is not None and rule.max is not None and rule.min > rule.max:
            return [("count", f"min ({rule.min}) is more than max ({rule.max})",
                     "make min at most max")]
        if rule.option is not None and values is None:
            return [("count.option", "this type has no options to count",
                     "remove 'option' to count the ticked rows")]
        if rule.option is not None and rule.option not in values:
            return [("count.option", f"{rule.option!r} is not one of {', '.join(values)}",
                     "use an option's value")]
        return []

    def check_column(self, label, values, resp):
        rule = self.count
        if rule is None:
            return
        if rule.option is None:
            n = sum(bool(self.is_filled(v)) for v in values)
        else:
            n = sum(rule.option in self.chosen(v) for v in values)
            label = f"{label} ‘{self.option(rule.option).label}’"
        if rule.min is not None and rule.min == rule.max and n != rule.min:
            resp.add("count_not_exactly", label=label, n=n, limit=rule.min)
        elif rule.min is not None and n < rule.min:
            resp.add("count_below", label=label, n=n, limit=rule.min)
        elif rule.max is not None and n > rule.max:
            resp.add("count_above", label=label, n=n, limit=rule.max)


#: The hooks every field type must provide (the base class has none of them);
#: a test walks each type through each. ``is_filled`` and the hooks below
#: :meth:`FieldType.is_filled` have defaults.
HOOKS = ("sample_value", "empty", "parse", "check", "export",
         "column_width", "cell_slots", "pdf_widget", "pdf_prefill", "docx_control",
         "read", "read_docx_cell", "read_scan")


class FieldType(Strict):
    """The keys every field has. Subclasses add ``type`` and their own keys."""

    id: Ident = doc("The field's id: the name in the PDF and Word file and in every export. "
                    "Letters, digits and '_', starting with a letter (no dots, no spaces). "
                    "In a column, the id of each row's field is '<item id>_<column id>'.",
                    "naam_deelnemer", "wens")
    label: Text = doc("What the form prints next to the field, or as the column header.",
                      "Naam deelnemer")
    tooltip: Optional[str] = doc(
        "What readers and screen readers announce for the field. In a column it may use "
        "{code}, {title} and {label} of the row's item. Default: the label.",
        "Wens voor werkproces {code}: {title}", default=None)
    width: Literal["full", "half"] = doc(
        "A header or free field: 'half' puts it beside the next half field, two to a row "
        "(postcode and city).", "half", default="full")
    help: str = doc("A line of smaller text under the label (and in the tooltip): what to "
                    "write, or how.", "Zoals op je studentenkaart", default="")
    required: bool = doc("Reading reports a returned form where this field is empty "
                         "(the PDF never marks fields required: readers outline those in red).",
                         default=False)
    together_with: Optional[Ident] = doc(
        "In a column only: the id of another column of the same table that belongs with this "
        "one; reading reports a row where one is filled and the other not.",
        "niveau", default=None)

    #: How raw readers report this type: ``text`` (a string), ``button`` (a
    #: set of on-state names), ``choice`` (a chosen export value) or
    #: ``signature`` (present or not).
    raw_kind: ClassVar[str] = "text"
    #: How the README and ``validate --fields`` describe the exported value.
    exported_as: ClassVar[str] = "string"
    #: Whether a form without ``key_fields`` may take this type's first
    #: field as the student's name.
    names_student: ClassVar[bool] = False
    #: The printed shape of each option's slot where a table gives every
    #: option a column of its own (see :meth:`grid_options`).
    grid_shape: ClassVar[str] = "circle"

    # -- value rules ------------------------------------------------------
    def sample_value(self) -> Any:
        """A typical filled value (round-trip tests push it through every format)."""
        raise NotImplementedError

    def empty(self) -> Any:
        """The value of an unfilled field."""
        raise NotImplementedError

    def parse(self, raw: str) -> Any:
        """Text as a person writes it (a class-list cell) -> value; ``ValueError``
        with a message a school can act on."""
        raise NotImplementedError

    def check(self, value: Any) -> Any:
        """A Python value handed to a renderer or a prefill -> the value, or
        ``ValueError``. Text is parsed like :meth:`parse`."""
        if isinstance(value, str):
            return self.parse(value)
        raise NotImplementedError

    def export(self, value: Any) -> Any:
        """The value as JSON, CSV and XLSX carry it."""
        raise NotImplementedError

    def is_filled(self, value: Any) -> bool:
        return value not in (None, False, "") and not (isinstance(value, str) and not value.strip())

    def companions(self, field_id: str, label: str, words: dict) -> list[tuple[str, "FieldType", str]]:
        """The fields this one brings along, each a field of its own in every
        format and export: ``(id, spec, label)`` (a signature's date, an
        option's "other" text). None by default."""
        return []

    def check_return(self, ff, values: dict, resp) -> None:
        """What only the whole return shows about this field (its "other"
        text without the option ticked, say): problems go to ``resp``."""

    def content_problems(self, column: bool = False) -> list[tuple[str, str, str]]:
        """What is wrong in this field's content beyond its keys' types
        (``column``: it is a table's column): ``(key path below the field,
        problem, fix)``."""
        return []

    def check_column(self, label: str, values: list, resp) -> None:
        """What a table column's values show together (one per row, in
        order): how many rows were ticked, say. Problems go to ``resp``."""

    # -- office: how a value is counted, and written as text or cells ---------
    def count_keys(self, paired: bool = False) -> list[str]:
        """What a table column of this type counts in the overview (one
        number each); ``paired``: the column goes together with another."""
        return ["filled"]

    def counts(self, value: Any, partner_filled: bool | None) -> list[str]:
        """The count keys ``value`` adds to (``partner_filled``: whether the
        column this one goes together with is filled, None if it has none)."""
        return ["filled"] if self.is_filled(value) else []

    def count_head(self, key: str, label: str, named: bool, words: dict) -> str:
        """The header of count ``key`` of a column labelled ``label``
        (``named``: an option's header names its column too)."""
        if key == NONE:
            return f"{label}: {words['none']}"
        return f"{label}: {words['filled']}"

    def chart_options(self) -> list:
        """The options the report's and workbook's chart stack per item (the
        first column of a form that has any is charted); none by default."""
        return []

    def tick(self, value: Any) -> bool | None:
        """Whether ``value`` ticks its row (a student's wish), None when this
        type does not tick rows."""
        return None

    def pick(self, value: Any) -> str | None:
        """The short answer a row shows for ``value`` on the students' sheet
        (an option's value), None when this type picks nothing."""
        return None

    def text(self, exported: Any) -> Any:
        """An exported value as one CSV cell carries it."""
        return exported

    def cell_heads(self, label: str) -> list[str]:
        """The workbook's column headers of a field labelled ``label``: one
        column by default."""
        return [label]

    def cells(self, exported: Any) -> list:
        """An exported value as the workbook's cells (one per :meth:`cell_heads`)."""
        return [exported]

    # -- layout and paper ----------------------------------------------------
    def grid_options(self) -> list:
        """The options that get a table column each (while they fit), with a
        slot of :attr:`grid_shape` in each; none by default."""
        return []

    def paper_labels(self) -> list[str] | None:
        """The words printed with each box of this field on paper, in order
        (a person checking a crop reads them under it); None if it has none."""
        return None

    def slot_alt(self, ff, option: str | None) -> str:
        """What a screen reader says for the widget of ``option`` (None: the field's)."""
        return ff.tooltip

    # -- reading: which raw fields are this field's ---------------------------
    def raw_names(self, ff) -> list[str]:
        """The names this field's widgets have in a PDF or Word file."""
        return [ff.id]

    def raw_field(self, ff, fields: dict):
        """This field's raw field among a file's ``fields`` (name -> raw field)."""
        return fields.get(ff.id)

    def hint(self, words: dict) -> str:
        """Grey text a blank field shows (a placeholder); none by default."""
        return ""

    def key_text(self, value: Any) -> str:
        """``value`` as a class list is matched by it (as a key field):
        spaces and capitals do not count."""
        return " ".join(str(value or "").split()).casefold()

    def key_alone(self) -> bool:
        """Whether this key field names a student on its own (a student
        number): a return is then matched by it alone, and only when no
        other copy of the batch carries the same key."""
        return False

    def answers(self, words: dict) -> list[tuple[str, str]] | None:
        """The answers a person picks from when checking this field: ``(text
        as :meth:`parse` takes it, label)``; None when it is typed in.
        ``words`` has ``yes`` for a ticked box."""
        return None

    # -- layout -------------------------------------------------------------
    def column_width(self, metrics) -> float:
        """The width (pt) this type needs as one cell of a table column."""
        raise NotImplementedError

    def cell_slots(self, field_id: str, width: float, metrics, words: dict) -> list:
        """The :class:`formgen.layout.SlotPlan` s of this field in a cell
        ``width`` pt wide (positions from the cell's top left); ``words``
        are the form's (:meth:`formgen.model.Form.words`). A slot may belong
        to one of the field's :meth:`companions`."""
        raise NotImplementedError

    # -- PDF ------------------------------------------------------------------
    def pdf_widget(self, writer, canv, ff, slot, rect, value) -> None:
        """Draw the printed outline of ``slot`` at ``rect`` and add its widget."""
        raise NotImplementedError

    def pdf_prefill(self, update, entry, value, lock: bool) -> None:
        """Write ``value`` into a prefilled copy (an incremental update)."""
        raise NotImplementedError

    # -- Word -------------------------------------------------------------------
    def docx_control(self, ff, slot, value, words) -> list:
        """The WordprocessingML elements of ``slot`` (runs and content controls)."""
        raise NotImplementedError

    # -- reading -------------------------------------------------------------------
    def read(self, ff, raw, resp) -> Any:
        """A raw field from a returned file (or ``None`` if missing) -> value;
        problems go to ``resp``."""
        raise NotImplementedError

    def read_docx_cell(self, ff, cell, words):
        """A raw field from a Word table cell, for files whose controls lost their tags."""
        raise NotImplementedError

    def read_scan(self, ff, marks) -> tuple[Any, str | None]:
        """This field on a scanned paper page -> ``(value, reason)``: ``marks``
        has one :class:`formgen.readers.scan.Mark` per slot (``option``,
        ``state``: empty, ticked, filled, unsure, or ink for a writing
        area; ``ink``); ``reason`` says why a person must look (``unsure``,
        ``several``, ``handwriting``), None when no one needs to."""
        raise NotImplementedError

    def handwritten(self, marks) -> tuple[Any, str | None]:
        """A field written by hand: empty when its area has no ink, else kept
        for a person to type (its image goes into the review sheet)."""
        if all(m.state == "empty" for m in marks):
            return self.empty(), None
        return self.empty(), "handwriting"

    # -- helpers --------------------------------------------------------------------
    def wrong_kind(self, ff, raw, resp) -> bool:
        """True (and a problem on ``resp``) when a returned file carries this
        field as another kind of widget: the content model decides, not the file."""
        if raw is None or raw.kind == self.raw_kind:
            return False
        resp.add("wrong_kind", ff.id, label=ff.label)
        return True
