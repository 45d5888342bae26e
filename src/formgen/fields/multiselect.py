"""``multiselect``: any of ``options`` ("select all that apply"), one box per
option; exported as the list of ticked options' values, optionally with
``min``/``max`` (how many may be ticked) checked on reading."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from ..record import Between

from ..errors import ValueProblem
from ..layout import flow_options
from ..names import CHECKBOX_ON
from .base import NONE, Counted, doc
from .choice import ChoiceField, OptionsLike, _key


class MultiselectField(Counted, OptionsLike):
    """Any of ``options``, each its own box."""

    type: Literal["multiselect"] = doc(
        "Any of the options ('select all that apply'): a box per option.")
    min: Optional[Annotated[int, Between(ge=0)]] = doc(
        "At least this many options ticked (reading warns on fewer, unless none is ticked: "
        "use required for that).", 2, default=None)
    max: Optional[Annotated[int, Between(ge=1)]] = doc(
        "At most this many options ticked (reading warns on more).", 3, default=None)

    raw_kind = "button"
    exported_as = "a list of the ticked options' `value`s (CSV: their labels, joined by `; `)"
    grid_shape = "box"
    takes_other = True
    gridded = True

    def content_problems(self, column=False):
        problems = super().content_problems(column) + self.count_problems(column, self.values)
        n = len(self.options)
        if self.min is not None and self.max is not None and self.min > self.max:
            problems.append(("min", f"min ({self.min}) is more than max ({self.max})",
                             "make min at most max"))
        for key in ("min", "max"):
            limit = getattr(self, key)
            if limit is not None and limit > n:
                problems.append((key, f"{key} ({limit}) is more than the {n} options",
                                 f"make {key} at most {n}, or add options"))
        return problems

    # -- value rules ------------------------------------------------------------
    def _ordered(self, chosen) -> list[str]:
        chosen = set(chosen)
        return [v for v in self.values if v in chosen]

    def sample_value(self):
        picks = [self.options[0].value, self.options[-1].value]
        return picks[:self.max] if self.max else picks

    def empty(self):
        return []

    def is_filled(self, value):
        return bool(value)

    def parse(self, raw: str):
        """``nl; de`` (or ``,`` between): each an option's value, label or title."""
        chosen = []
        for part in raw.replace(",", ";").split(";"):
            if not part.strip():
                continue
            o = next((o for o in self.options
                      if _key(part) in (_key(o.value), _key(o.label), _key(o.long))), None)
            if o is None:
                raise ValueProblem("value_not_option", value=repr(part.strip()),
                                   options=", ".join(self.values))
            chosen.append(o.value)
        return self._ordered(chosen)

    def check(self, value):
        if value is None:
            return []
        if isinstance(value, str):
            return self.parse(value)
        if isinstance(value, (list, tuple, set, frozenset)):
            return self.parse(";".join(map(str, value)))
        raise ValueError(f"takes a list of {', '.join(self.values)}, not {value!r}")

    def export(self, value):
        return list(value or [])

    def answers(self, words):
        return None                  # typed as "nl; de" (several may be ticked)

    # -- office ---------------------------------------------------------------
    def counts(self, value, partner_filled):
        return list(value) if value else ([NONE] if partner_filled is None else [])

    def pick(self, value):
        return ", ".join(value) or None

    def chart_options(self):
        return []                    # a stacked bar would add up to more than the students

    def text(self, exported):
        return "; ".join(self.option(v).label for v in exported if self.option(v))

    def cell_heads(self, label):
        return [f"{label}: {o.label}" for o in self.options]

    def cells(self, exported):
        return [o.value in exported for o in self.options]

    def chosen(self, value):
        return set(value or ())

    # -- layout and paper ---------------------------------------------------------
    def paper_labels(self):
        return [o.label for o in self.options]

    column_width = ChoiceField.column_width

    def cell_slots(self, field_id, width, metrics, words):
        return flow_options(field_id, self.type, self.options, width, metrics, shape="box")

    # -- PDF: one checkbox field per option, named <field id>.<option value> -----
    def pdf_widget(self, writer, canv, ff, slot, rect, value):
        writer.outline(canv, rect, "box")
        if slot.label:
            writer.option_label(canv, rect, slot)
        writer.checkbox_kid(canv, ff, rect, slot.option, slot.option in (value or ()))

    def pdf_prefill(self, update, entry, value, lock):
        for option, box in entry["boxes"].items():
            update.checkbox({"widget": box}, option in value, lock)

    def raw_names(self, ff):
        return [f"{ff.id}.{v}" for v in self.values]

    def raw_field(self, ff, fields):
        """A Word file has one field of the options' boxes (tagged
        ``id=value``); a PDF one checkbox field per option."""
        if ff.id in fields:
            return fields[ff.id]
        boxes = {v: fields[name] for v, name in zip(self.values, self.raw_names(ff))
                 if name in fields}
        if not boxes:
            return None
        from ..readers.raw import RawField
        other = next((rf for rf in boxes.values() if rf.kind != "button"), None)
        if other is not None:
            return RawField(ff.id, other.kind, other.value, other.widgets)
        note = next((rf.note for rf in boxes.values() if rf.note), None)
        return RawField(ff.id, "button", {v for v, rf in boxes.items() if rf.value},
                        sum(rf.widgets for rf in boxes.values()), note)

    # -- Word ---------------------------------------------------------------------
    def docx_control(self, ff, slot, value, words):
        from ..names import choice_tag
        from ..render import _wordxml as wx
        o = self.option(slot.option)
        out = [wx.checkbox(choice_tag(ff.id, o.value), f"{ff.label}: {o.long}",
                           o.value in (value or ()))]
        if slot.label:
            out.append(wx.run(f" {slot.label}  "))
        return out

    def read_docx_cell(self, ff, cells, words):
        from ..readers.docx import cell_choice_field
        return cell_choice_field(ff, cells)

    # -- reading --------------------------------------------------------------------
    def read(self, ff, raw, resp):
        if raw is None or self.wrong_kind(ff, raw, resp) or not raw.value:
            return []
        states = {CHECKBOX_ON if s is True else s for s in raw.value}
        unknown = sorted(states - set(self.values))
        if unknown:
            resp.add("unknown_choice", ff.id, label=ff.label, value=", ".join(unknown))
        chosen = self._ordered(states)
        self.check_count(ff, chosen, resp)
        return chosen

    def check_count(self, ff, chosen, resp) -> None:
        """Warn on a count outside ``min``..``max`` (none ticked is the
        ``required`` rule's business)."""
        n = len(chosen)
        if n and self.min is not None and n < self.min:
            resp.add("too_few_ticked", ff.id, label=ff.label, n=n, limit=self.min)
        if self.max is not None and n > self.max:
            resp.add("too_many_ticked", ff.id, label=ff.label, n=n, limit=self.max)

    def read_scan(self, ff, marks):
        if any(m.state == "unsure" for m in marks):     # never guessed: a person looks
            return [], "unsure"
        return self._ordered(m.option for m in marks if m.state == "ticked"), None


#: The type this module defines (the registry reads it).
FIELD = MultiselectField
