"""``choice``: exactly one of ``options`` or none, as radio buttons; exported
as the chosen option's value. Also the value rules of ``dropdown``."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from ..layout import flow_options
from ..record import Check
from .base import NONE, Counted, FieldType, Option, doc
from ..errors import ValueProblem


def _key(text: str) -> str:
    return " ".join(text.replace("*", "").rstrip(":").split()).casefold()


def _at_least_two(options):
    if len(options) < 2:
        raise ValueError(
            f"a choice needs at least 2 options, this one has {len(options)}; "
            "add options, or use type: checkbox for a yes/no question")
    return options


class OptionsLike(FieldType):
    """Value rules of a field that takes one of its options."""

    options: Annotated[list[Option], Check(_at_least_two)] = doc(
        "The answers, in the order they are printed (2 or more).")

    exported_as = "the option's `value`"

    @property
    def values(self) -> list[str]:
        return [o.value for o in self.options]

    def sample_value(self):
        return self.options[-1].value

    def empty(self):
        return None

    def parse(self, raw: str):
        if not raw.strip():
            return None
        for o in self.options:
            if _key(raw) in (_key(o.value), _key(o.label), _key(o.long)):
                return o.value
        raise ValueProblem("value_not_option", value=repr(raw), options=", ".join(self.values))

    def check(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            return self.parse(value)
        raise ValueError(f"takes one of {', '.join(self.values)}, not {value!r}")

    def export(self, value):
        return value

    def answers(self, words):
        return [(o.value, f"{o.label} ({o.title})" if o.title and o.title != o.label else o.label)
                for o in self.options]

    def option(self, value):
        return next((o for o in self.options if o.value == value), None)

    #: Whether an option may have ``other`` (a text field beside it).
    takes_other: ClassVar[bool] = False
    #: Whether a table gives each option a column of its own.
    gridded: ClassVar[bool] = False

    def companions(self, field_id, label, words):
        from .text import TextField
        return [(f"{field_id}_{o.value}",
                 TextField(id=f"{field_id}_{o.value}", type="text", label=o.label),
                 f"{label}: {o.label}") for o in self.options if o.other]

    def check_return(self, ff, values, resp):
        chosen = self.chosen(values.get(ff.id))
        for o in self.options:
            text = values.get(f"{ff.id}_{o.value}") if o.other else None
            if text and text.strip() and o.value not in chosen:
                resp.add("other_not_ticked", f"{ff.id}_{o.value}", label=ff.label, option=o.label)

    def chosen(self, value) -> set:
        """The options ``value`` picks."""
        return {value} if value else set()

    def grid_options(self):
        """In a table, each option gets its own column while they fit (not
        when an option has a text field beside it)."""
        if not self.gridded or any(o.other for o in self.options):
            return []
        return self.options

    def content_problems(self, column=False):
        values = self.values
        if not self.takes_other and any(o.other for o in self.options):
            return [("options", f"'other' is for choice and multiselect, not {self.type}",
                     "use type: choice, or remove 'other'")]
        bad = [o.value for o in self.options if o.other and "-" in o.value]
        if bad:
            return [("options", f"the value {bad[0]!r} of an 'other' option makes a field id: "
                     "'-' is not allowed there", f"use {bad[0].replace('-', '_')!r}")]
        if "Off" in values:
            return [("options", "'Off' cannot be an option value: PDF uses it for 'nothing chosen'",
                     "use another value, e.g. 'Uit' or 'No'")]
        dupes = sorted({v for v in values if values.count(v) > 1})
        if dupes:
            return [("options", f"duplicate option value(s) {', '.join(map(repr, dupes))}",
                     "give every option of a choice its own value")]
        return []

    def slot_alt(self, ff, option):
        o = self.option(option)
        return f"{ff.tooltip}: {o.label} {o.title}".strip() if o else ff.tooltip

    # -- office ---------------------------------------------------------------
    def count_keys(self, paired=False):
        # on its own, a column also counts returns with no option; paired,
        # "nothing" would mix "nothing at all" with "only the other"
        return self.values + ([] if paired else [NONE])

    def counts(self, value, partner_filled):
        return [value] if value else ([NONE] if partner_filled is None else [])

    def count_head(self, key, label, named, words):
        o = self.option(key)
        if o is None:
            return super().count_head(key, label, named, words)
        return f"{label}: {o.label}" if named else o.label

    def pick(self, value):
        return value or None


class ChoiceField(Counted, OptionsLike):
    """Exactly one of ``options`` or none."""

    type: Literal["choice"] = doc("One of the options, or none: a row of radio buttons.")

    raw_kind = "button"
    takes_other = True
    gridded = True

    def content_problems(self, column=False):
        return super().content_problems(column) + self.count_problems(column, self.values)

    def chart_options(self):
        return self.options

    def paper_labels(self):
        return [o.label for o in self.options]

    def column_width(self, metrics):
        """As one cell whose options flow onto lines (when a column per option
        does not fit): as wide as the widest option, at least STACKED_COL."""
        from ..layout import BOX, GAP, OPTION_SIZE, STACKED_COL
        return max(STACKED_COL, max(BOX + GAP + metrics.width(o.label, OPTION_SIZE)
                                    for o in self.options))

    def cell_slots(self, field_id, width, metrics, words):
        return flow_options(field_id, self.type, self.options, width, metrics)

    def pdf_widget(self, writer, canv, ff, slot, rect, value):
        writer.outline(canv, rect, "circle")
        if slot.label:
            writer.option_label(canv, rect, slot)
        writer.radio_kid(canv, ff, rect, slot.option, value)

    def pdf_prefill(self, update, entry, value, lock):
        update.radio(entry, value, lock)

    def docx_control(self, ff, slot, value, words):
        from ..names import choice_tag
        from ..render import _wordxml as wx
        o = self.option(slot.option)
        out = [wx.checkbox(choice_tag(ff.id, o.value), f"{ff.label}: {o.long}", value == o.value)]
        if slot.label:
            out.append(wx.run(f" {slot.label}  "))
        return out

    def read_scan(self, ff, marks):
        ticked = [m.option for m in marks if m.state == "ticked"]
        struck = [m for m in marks if m.state == "unsure" and m.why in CORRECTED]
        if len(ticked) == 1 and len(struck) == 1 and all(
                m.state in ("empty", "filled", "ticked") or m in struck for m in marks):
            # one answer: a clear tick, one other option corrected (scribbled
            # out, gone under correction fluid), the rest empty or coloured
            # in: the tick
            return ticked[0], None
        if len(ticked) > 1:                  # whatever an unsure box holds
            return None, "several"
        if any(m.state == "unsure" for m in marks):     # never guessed: a person looks
            return None, "unsure"
        return (ticked[0] if ticked else None), None    # a filled circle is cancelled

    def read(self, ff, raw, resp):
        if raw is None or self.wrong_kind(ff, raw, resp) or not raw.value:
            return None
        states = sorted(raw.value, key=lambda v: self.values.index(v) if v in self.values
                        else len(self.values))
        if len(states) > 1:
            resp.add("multiple_choices", ff.id, label=ff.label, choices=", ".join(states))
            return None
        if states[0] not in self.values:
            resp.add("unknown_choice", ff.id, label=ff.label, value=states[0])
            return None
        return states[0]

    def read_docx_cell(self, ff, cells, words):
        from ..readers.docx import cell_choice_field
        return cell_choice_field(ff, cells)


#: Why a box is unsure when it looks corrected: a zig-zag over it, or gone
#: under correction fluid (formgen.readers.scan_boxes). Beside one clear
#: tick on another option of a one-answer field, it is the student's
#: correction, as a box coloured in is by the printed rule; anywhere else a
#: person looks.
CORRECTED = ("scribble", "whited")

#: The type this module defines (the registry reads it).
FIELD = ChoiceField
