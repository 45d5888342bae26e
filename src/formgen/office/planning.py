"""From returned forms to a plan: who wants what, counted.

:func:`overview` counts, per item (a table row: a werkproces) and per
column, what the counted returns say: for a choice each option and "none",
for a checkbox the ticks, for any other field how many filled it in; and the
same per section (a kerntaak). The workbook's *Overzicht* sheet, the PDF
report and the tests all use this one computation. Generic for any form.

:func:`reconcile` ties returns to a class list (``--expect``): who returned,
who did not, who returned twice (the newest counts), whose return is not on
the list.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..fields.base import NONE  # noqa: F401 (the key of "nothing chosen", for the outputs)

#: Statuses of returns that count.
COUNTED = ("ok", "warning")
#: The colours of a choice's options, in order, in every chart (report and workbook).
CHOICE_COLOURS = ["#4472C4", "#70AD47", "#FFC000", "#ED7D31", "#7F6AB0", "#A5A5A5"]


def counted(responses, form=None) -> list:
    """The returns that count: read, of ``form`` (if given), not replaced."""
    return [r for r in responses if r.status in COUNTED and r.superseded_by is None
            and (form is None or r.form_id == form.id)]


@dataclass
class ItemCount:
    """The counts of one item: column id -> {option value or "ticked" or
    "filled" -> number}; a choice also counts ``NONE`` (no option)."""

    section: int
    code: str
    title: str
    item_id: str
    columns: dict[str, dict[str, int]]


@dataclass
class SectionCount:
    label: str
    title: str
    columns: dict[str, dict[str, int]]


@dataclass
class Overview:
    form: object
    returns: int                      # counted returns
    items: list[ItemCount]
    sections: list[SectionCount]
    missing: list = field(default_factory=list)       # class-list rows without a return
    rejected: int = 0
    superseded: int = 0
    date: dt.date = field(default_factory=dt.date.today)
    #: Counted returns that are not on the class list (with ``--expect``),
    #: and counted returns with nothing filled in.
    not_on_list: int = 0
    blank: int = 0
    #: Whether the returns were reconciled with a class list.
    reconciled: bool = False
    #: Answers still to check by a person (in a round): not counted above.
    open: int = 0

    @property
    def on_list(self) -> int:
        """Students on the class list whose return is counted."""
        return self.returns - self.not_on_list

    def item(self, code: str) -> ItemCount:
        return next(i for i in self.items if i.code == code)



#: The count key of a column filled in while the column it goes together
#: with is not (a wish without a level, a level without a wish).
ALONE = "alone"


def partners(columns) -> dict[str, object]:
    """Column id -> the column it goes together with (``together_with``,
    either way round)."""
    by_id = {c.id: c for c in columns}
    out = {}
    for c in columns:
        other = by_id.get(c.together_with) if c.together_with else None
        if other is not None:
            out[c.id], out[other.id] = other, c
    return out


def column_keys(column, paired: bool = False) -> list[str]:
    """What a column counts (its type's :meth:`count_keys`); a column that
    goes together with another also counts :data:`ALONE`: filled in while
    the other is not."""
    return column.count_keys(paired) + ([ALONE] if paired else [])


def _count(column, value, partner_filled: bool | None) -> list[str]:
    """The count keys ``value`` adds to, in ``column`` (``partner_filled``:
    whether the column it goes together with is filled, None if it has none)."""
    keys = column.counts(value, partner_filled)
    if partner_filled is False and keys:
        keys.append(ALONE)
    return keys


def overview(responses, form, missing=(), reconciled: bool | None = None) -> Overview:
    """The counts of ``form``'s counted returns among ``responses``;
    ``reconciled`` when a class list was given (default: when ``missing``
    is not empty or a return was found not on the list)."""
    rows = counted(responses, form)
    items, sections = [], []
    for s, section in enumerate(form.sections):
        columns = form.section_columns(section)
        pairs = partners(columns)
        totals = {c.id: {k: 0 for k in column_keys(c, c.id in pairs)} for c in columns}
        for item in section.items:
            base = form.item_id(item)
            counts = {c.id: {k: 0 for k in column_keys(c, c.id in pairs)} for c in columns}
            for resp in rows:
                for c in columns:
                    if f"{base}_{c.id}" in resp.open:      # not an answer until decided
                        continue
                    other = pairs.get(c.id)
                    partner_filled = None if other is None or f"{base}_{other.id}" in resp.open \
                        else other.is_filled(resp.values.get(f"{base}_{other.id}"))
                    for key in _count(c, resp.values.get(f"{base}_{c.id}"), partner_filled):
                        if key in counts[c.id]:
                            counts[c.id][key] += 1
                            totals[c.id][key] += 1
            items.append(ItemCount(s, item.code, item.title, base, counts))
        if section.items:
            sections.append(SectionCount(section.label, section.title, totals))
    codes = [{p.code for p in r.problems} for r in rows]
    not_on_list = sum("not_on_list" in c for c in codes)
    return Overview(form, len(rows), items, sections, list(missing),
                    rejected=sum(r.status == "rejected" for r in responses),
                    superseded=sum(r.superseded_by is not None for r in responses),
                    not_on_list=not_on_list, blank=sum("blank" in c for c in codes),
                    open=sum(len(r.open) for r in rows),
                    reconciled=bool(missing) or bool(not_on_list) if reconciled is None
                    else reconciled)


# -- the class list -----------------------------------------------------------------------

@dataclass
class Reconciliation:
    """What ``--expect`` found: class-list rows without a return (each a
    :class:`formgen.prefill.Copy`), and the returns matched to a row."""

    missing: list
    matched: dict[int, object]        # id(response) -> Copy
    #: How the class list's columns were read (see formgen.prefill.Plan.taken).
    taken: list = field(default_factory=list)
    #: The form the returns were reconciled by.
    form: object = None


def _norm(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def reconcile(responses, classlist, form) -> Reconciliation:
    """Match returns to class-list rows (by the copy's own id, else by a
    key field that names a student alone, a student number, else by all the
    form's key fields, else by the class list's extra columns; a scanned
    copy whose number is not on the list, or is on another copy too, goes to
    a person with that reason); mark all
    but the newest return of a student as replaced; flag returns of
    students not on the list. Changes the responses in place."""
    from ..prefill import plan
    the_plan = plan(form, classlist, ignore_unknown=True)
    rows = the_plan.copies
    by_id = {c.copy_id: c for c in rows}
    keys = [k for k in form.key_fields]
    specs = {k: form.field(k).spec for k in keys}

    def key_of(values) -> tuple:
        return tuple(specs[k].key_text(values.get(k)) for k in keys)
    by_key: dict[tuple, list] = {}
    for c in rows:
        key = key_of(c.values)
        if keys and all(key):
            by_key.setdefault(key, []).append(c)
    # a key that names a student alone (a student number): matched by it only
    alone = [k for k in keys if specs[k].key_alone()]
    by_alone: dict[tuple, list] = {}
    for c in rows:
        for k in alone:
            if specs[k].key_text(c.values.get(k)):
                by_alone.setdefault((k, specs[k].key_text(c.values.get(k))), []).append(c)
    groups: dict[int, list] = {}
    matched: dict[int, object] = {}
    claims: dict[int, list] = {}          # id(row) -> the scanned copies its number is on
    for resp in responses:
        if resp.status not in COUNTED or resp.form_id != form.id:
            continue
        row = by_id.get(resp.copy_id or "")
        by_number = None
        if row is None:
            by_number = next(((k, specs[k].key_text(resp.values.get(k))) for k in alone
                              if specs[k].key_text(resp.values.get(k))
                              and k not in resp.review), None)
        if row is None and by_number is not None:
            candidates = by_alone.get(by_number, [])
            row = candidates[0] if len(candidates) == 1 else None
            if row is None and resp.source == "scan":
                _to_person(resp, by_number[0], "code_not_on_list")
        elif row is None and keys:
            candidates = by_key.get(key_of(resp.values), [])
            if len(candidates) > 1 and resp.extra:     # the same name twice: the extra columns
                candidates = [c for c in candidates if c.extra == resp.extra] or candidates
            row = candidates[0] if len(candidates) == 1 else None
        if row is None:
            resp.add("not_on_list")
            continue
        if by_number is not None and resp.source == "scan":
            claims.setdefault(id(row), []).append((resp, by_number[0]))
        matched[id(resp)] = row
        groups.setdefault(id(row), []).append(resp)
    # A number read on two sheets is on neither for sure: both go to a person
    for claimed in claims.values():
        if len({id(r) for r, _ in claimed}) < 2:
            continue
        for resp, k in claimed:
            row = matched.pop(id(resp))
            groups[id(row)].remove(resp)
            others = ", ".join(sorted(Path(r.file).name for r, _ in claimed if r is not resp))
            resp.add("code_twice", k, label=form.field(k).label, value=resp.values.get(k),
                     others=others)
            _to_person(resp, k, "code_twice")
    for resp in responses:
        row = matched.get(id(resp))
        if row is None:
            continue
        if not resp.extra:
            resp.extra = dict(row.extra)
        if resp.source == "scan" and (resp.copy_id == row.copy_id or alone):
            _prefilled(resp, row, form)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: (r.mtime if r.mtime is not None else _mtime(r.path or r.file),
                                   r.file))
        newest = group[-1]
        newest.drop("duplicate")          # resolved: the newest return counts
        for older in group[:-1]:
            older.drop("duplicate")
            older.superseded_by = newest.file
            older.add("superseded", file=Path(newest.file).name)
    returned = {id(c) for c in matched.values()}
    missing = [c for c in rows if id(c) not in returned]
    return Reconciliation(missing, matched, the_plan.taken, form)


def _to_person(resp, field_id: str, reason: str) -> None:
    """A scanned copy's key field goes to a person, for ``reason``."""
    resp.review[field_id] = reason
    resp.drop("scan_review")
    resp.add("scan_review", count=len(resp.review))


def _prefilled(resp, row, form) -> None:
    """A scanned copy of the print pack: the values printed on it come from
    its class-list row, not from reading the print as handwriting."""
    for field_id, value in row.values.items():
        if resp.review.get(field_id) == "handwriting":
            del resp.review[field_id]
            resp.crops.pop(field_id, None)
        if field_id not in resp.review:
            resp.values[field_id] = value
    resp.drop("scan_review")
    resp.drop("required", fields=row.values)
    if resp.review:
        resp.add("scan_review", count=len(resp.review))


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0
