"""The workbook an office plans with, for any form, in the form's language.

- *Antwoorden*: one header row of labels, one row per counted return (not
  rejected, not replaced), the class list's extra columns first, autofilter,
  frozen header, fitting widths, real booleans, dates and numbers, statuses
  in words; a cell a person must check is highlighted with the problem as
  its comment. Pivot tables work on it as it is.
- *Velden*: label, id and type of every field, for anyone who needs the ids.
- *Overzicht*: per item and column the counts (:func:`formgen.office.planning.overview`),
  totals per section, and a native stacked bar chart of the levels.
- *Per deelnemer*: students by items, each cell the chosen level (or a tick),
  coloured by option.
- *Controle*: every file with its status, problems and what replaced it, and
  the students on the class list without a return.

Whatever a student typed stays text: text cells are string cells, never formulas.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from .. import i18n
from .values import exported
from ..i18n import lang_key
from .report import WORDS as REPORT_WORDS
from .report import heads, summary
from .planning import (CHOICE_COLOURS, COUNTED, counted, overview)
from .sheet import EXCEL_CELL_CHARS, _cut_for_excel, _letter, _lines, _Sheet  # noqa: F401

WORDS = i18n.OFFICE["workbook"]
OPTION_FILLS = ["DDEBF7", "C6E0B4", "FFE699", "F8CBAD", "D9D2E9", "FCE4D6"]
TICK = "✓"


def words_for(forms, language: str | None) -> dict:
    return WORDS[i18n.lang_key(language or forms.language)]


def status_word(resp, w: dict) -> str:
    key = "superseded" if resp.superseded_by else resp.status
    return w["statuses"].get(key, key)


def to_xlsx(responses, forms, language: str | None = None, missing=None) -> bytes:
    """The planning workbook; ``missing``: the class-list rows without a
    return, when the returns were reconciled with a class list (None when not)."""
    from openpyxl import Workbook

    w = words_for(forms, language)
    # Write-only: rows are streamed into the file as each sheet is written,
    # so 10,000 returns cost their values, not 400,000 cell objects.
    wb = Workbook(write_only=True)
    rows = counted(responses)
    forms_met = []
    for resp in rows:
        form = forms.get(resp.form_id, resp.form_version)
        if form is not None and form not in forms_met:
            forms_met.append(form)
    shown = _file_names(responses)
    _answers(wb, rows, forms, forms_met, w, language, shown)
    _fields(wb, forms_met, w)
    for n, form in enumerate(forms_met):
        suffix = f" {n + 1}" if len(forms_met) > 1 else ""
        _overview(wb, overview(responses, form, missing or (), reconciled=missing is not None),
                  w, suffix)
        _students(wb, [r for r in rows if r.form_id == form.id], form, forms, w, suffix, shown)
    _check(wb, responses, missing or (), w, language, forms)
    if any(r.decided for r in responses):
        _decisions(wb, responses, forms, w)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _file_names(responses):
    """How the answer sheets name a file: its path below the folder all the
    files share (``4A/jan.pdf`` and ``4B/jan.pdf`` stay apart; files of one
    folder are just their names). *Controle* keeps the whole path."""
    try:
        root = os.path.commonpath([os.path.dirname(os.path.abspath(r.file)) for r in responses])
    except ValueError:              # no files, or paths on different drives
        return lambda file: Path(file).name

    def shown(file: str) -> str:
        return Path(os.path.relpath(os.path.abspath(file), root)).as_posix()
    return shown


# -- Antwoorden ---------------------------------------------------------------------------

def _answers(wb, rows, forms, forms_met, w, language, shown) -> None:
    from .review import reason_text

    ws = _Sheet(wb, w["answers"], w)
    extras: list[str] = []
    for resp in rows:
        extras += [k for k in resp.extra if k not in extras]
    fields, seen = [], set()
    for form in forms_met:
        for ff in form.all_fields():
            if ff.id not in seen:
                seen.add(ff.id)
                fields.append(ff)
    # who it is first (the class list's columns, the name), then the file
    # and its status, then the answers: printed, the first columns repeat on
    # every page
    keys = {k for form in forms_met for k in form.key_fields}
    first = [ff for ff in fields if ff.id in keys]
    fields = first + [ff for ff in fields if ff.id not in keys]
    # each field's columns (a type may write one value as several cells)
    heads = {ff.id: ff.spec.cell_heads(ff.label) for ff in fields}
    named = len(extras) + sum(len(heads[ff.id]) for ff in first)
    labels = extras + [h for ff in first for h in heads[ff.id]] + [w["file"], w["status"]]
    where: dict[str, int] = {}       # field id -> its first column
    column = len(extras) + 1
    for ff in fields:
        if len(fields) > len(first) and ff is fields[len(first)]:            # after the name: the file and its status
            column += 2
        where[ff.id] = column
        column += len(heads[ff.id])
    labels += [h for ff in fields[len(first):] for h in heads[ff.id]] + [w["problems"]]
    ws.header(labels)
    file_col, status = named + 1, named + 2
    for r, resp in enumerate(rows, start=2):
        for c, key in enumerate(extras, start=1):
            ws.put(r, c, resp.extra.get(key, ""))
        ws.put(r, file_col, shown(resp.file))
        ws.put(r, status, status_word(resp, w))
        values = exported(resp, forms)
        for ff in fields:
            if ff.id in values:
                value = values[ff.id]      # "te controleren" in every cell of an open field
                cells = ([value] * len(heads[ff.id]) if ff.id in resp.open
                         else ff.spec.cells(value))
                for c, cell in enumerate(cells):
                    ws.put(r, where[ff.id] + c, cell)
        ws.put(r, len(labels), "; ".join(resp.messages(language)))
        for problem in resp.problems:
            ws.note(r, where.get(problem.field, status),
                    problem.text(language or resp.language), "check")
        for field_id, reason in resp.review.items():       # read from paper: a person checks
            if field_id in where:
                ws.note(r, where[field_id], reason_text(reason, language or resp.language),
                        "review")
    ws.write(ws.widths(), freeze=True, autofilter=True, title_rows="1:1",
             title_cols=f"A:{_letter(max(1, named))}")


def _fields(wb, forms_met, w) -> None:
    ws = _Sheet(wb, w["fields"], w)
    ws.header([w["label"], w["id"], w["type"], w["section"], w["item"]])
    r = 2
    for form in forms_met:
        for ff in form.all_fields():
            section = ff.section.title if ff.section is not None else ""
            item = ff.item.code if ff.item is not None else ""
            for c, value in enumerate([ff.label, ff.id, ff.type, section, item], start=1):
                ws.put(r, c, value)
            r += 1
    widths = ws.widths()
    widths[4] = min(widths.get(4, 10), 40)          # a section's title wraps
    ws.write(widths, freeze=True, autofilter=True, title_rows="1:1", wrap=frozenset({4}))


# -- Overzicht ------------------------------------------------------------------------------

def _count_labels(form, section_columns, w) -> list[tuple[str, str, str]]:
    """``(column id, count key, header)`` of every count column (as the
    report's, an option named with its column: ``Niveau: Bg``)."""
    return heads(section_columns, w, named=True)


def _overview(wb, ov, w, suffix: str) -> None:
    from openpyxl.chart import BarChart, Reference

    form = ov.form
    ws = _Sheet(wb, w["overview"] + suffix, w)
    ws.put(1, 1, form.title, style="title")
    ws.put(2, 1, " · ".join(summary(ov, REPORT_WORDS[lang_key(form.language)])
                            + [ov.date.strftime("%d-%m-%Y")]))
    columns = {}
    for section in form.sections:
        for col in form.section_columns(section):
            columns.setdefault(col.id, col)
    counts = _count_labels(form, list(columns.values()), w)
    head = 4
    labels = [w["section"], w["code"], w["title"]] + [h for _, _, h in counts]
    for c, label in enumerate(labels, start=1):
        ws.put(head, c, label, style="heading")
    r = head + 1
    for item in ov.items:
        section = form.sections[item.section]
        ws.put(r, 1, section.label or section.title)
        ws.put(r, 2, item.code)
        ws.put(r, 3, item.title)
        for c, (col_id, key, _) in enumerate(counts, start=4):
            ws.put(r, c, item.columns.get(col_id, {}).get(key, 0) if col_id in item.columns else None)
        r += 1
    last_item = r - 1
    r += 1
    ws.put(r, 1, w["per_section"], style="bold")
    r += 1
    for s in ov.sections:
        ws.put(r, 1, f"{w['total']} {s.label or s.title}")
        ws.put(r, 3, s.title)
        for c, (col_id, key, _) in enumerate(counts, start=4):
            ws.put(r, c, s.columns.get(col_id, {}).get(key))
        r += 1

    def chart(sheet) -> None:
        """Per item, the options of the first choice column, stacked."""
        choice = next((col for col in columns.values() if col.chart_options()), None)
        if choice is None or last_item <= head:
            return
        options = choice.chart_options()
        first = 4 + next(i for i, (cid, _, _) in enumerate(counts) if cid == choice.id)
        bars = BarChart()
        bars.type = "bar"
        bars.grouping = "stacked"
        bars.overlap = 100
        bars.title = f"{w['chart']}: {choice.label.rstrip('*').strip()}"
        data = Reference(sheet, min_col=first, max_col=first + len(options) - 1,
                         min_row=head, max_row=last_item)
        bars.add_data(data, titles_from_data=True)
        for n, series in enumerate(bars.series):       # the report's colours
            colour = CHOICE_COLOURS[n % len(CHOICE_COLOURS)].lstrip("#")
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
        bars.set_categories(Reference(sheet, min_col=2, min_row=head + 1, max_row=last_item))
        bars.y_axis.title = w["returns"]
        # whole students: steps of a whole number, never half a student
        top = max((sum(i.columns.get(choice.id, {}).get(o.value, 0) for o in options)
                   for i in ov.items), default=0)
        bars.y_axis.majorUnit = max(1, -(-top // 5))
        bars.y_axis.scaling.min = 0
        bars.y_axis.number_format = "0"
        bars.x_axis.scaling.orientation = "maxMin"      # the first item on top, as in the table
        bars.x_axis.delete = False
        bars.y_axis.delete = False
        bars.height = max(7.5, 0.55 * (last_item - head) + 3)
        bars.width = 16
        # below the table, so that the sheet prints as wide as the table
        sheet.add_chart(bars, f"A{r + 2}")

    # the title above the table does not widen column A
    # the title above the table and the headers do not widen a column: a
    # header wraps between its words, and a column is as wide as its longest
    widths = ws.widths(minimum=6, maximum=50, from_row=head + 1)
    lines = 1
    for c, label in enumerate(labels, start=1):
        widths[c] = max(widths.get(c, 6), max(len(word) for word in label.split()) + 2)
        lines = max(lines, _lines(label, widths[c] - 1))

    def before(sheet) -> None:
        sheet.row_dimensions[head].height = 15 * lines     # the wrapped headers whole
        chart(sheet)
    ws.write(widths, title_rows=f"{head}:{head}", before=before)


# -- Per deelnemer --------------------------------------------------------------------------

def _students(wb, rows, form, forms, w, suffix: str, shown) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill

    ws = _Sheet(wb, w["students"] + suffix, w)
    extras: list[str] = []
    for resp in rows:
        extras += [k for k in resp.extra if k not in extras]
    keys = [form.field(k) for k in form.key_fields] or []
    items = [(section, item) for section in form.sections for item in section.items]
    labels = extras + [k.spec.label for k in keys] + [w["file"]] + [i.code for _, i in items]
    ws.header(labels)
    first = len(extras) + len(keys) + 2
    for r, resp in enumerate(rows, start=2):
        for c, key in enumerate(extras, start=1):
            ws.put(r, c, resp.extra.get(key, ""))
        for c, k in enumerate(keys, start=len(extras) + 1):
            ws.put(r, c, resp.values.get(k.id, ""))
        ws.put(r, first - 1, shown(resp.file))
        for c, (section, item) in enumerate(items, start=first):
            ws.put(r, c, _cell(form, section, item, resp.values))
    options: list = []
    for section, _ in items:
        for col in form.section_columns(section):
            options += [o.value for o in col.chart_options() if o.value not in options]

    def colours(sheet) -> None:
        if not (rows and items):
            return
        area = f"{_letter(first)}2:{_letter(first + len(items) - 1)}{len(rows) + 1}"
        for n, value in enumerate(options):
            fill = PatternFill("solid", fgColor=OPTION_FILLS[n % len(OPTION_FILLS)],
                               bgColor=OPTION_FILLS[n % len(OPTION_FILLS)])
            sheet.conditional_formatting.add(area, CellIsRule(operator="equal",
                                                              formula=[f'"{value}"'], fill=fill))

    ws.write(ws.widths(minimum=5), freeze=True, autofilter=True, before=colours,
             title_rows="1:1", title_cols=f"A:{_letter(max(1, len(extras) + len(keys)))}")


def _cell(form, section, item, values) -> str:
    """What a student chose for one item: the option where one is chosen
    (and the row's checkbox, if any, ticked), else a tick, else nothing."""
    base = form.item_id(item)
    columns = form.section_columns(section)
    ticked = [t for c in columns if (t := c.tick(values.get(f"{base}_{c.id}"))) is not None]
    for col in columns:
        chosen = col.pick(values.get(f"{base}_{col.id}"))
        if chosen and (not ticked or any(ticked)):
            return chosen
    return TICK if any(ticked) else ""


# -- Controle -----------------------------------------------------------------------------

def _check(wb, responses, missing, w, language, forms) -> None:
    ws = _Sheet(wb, w["check"], w)
    ws.header([w["file"], w["status"], w["form"], w["copy"], w["problems"], w["superseded_by"]])
    r = 2
    for resp in responses:
        values = [resp.file, status_word(resp, w), resp.form_id or "", resp.copy_id or "",
                  "; ".join(resp.messages(language) + _cut_for_excel(resp, forms, language)),
                  Path(resp.superseded_by).name if resp.superseded_by else ""]
        for c, value in enumerate(values, start=1):
            ws.put(r, c, value)
        r += 1
    if missing:
        r += 1
        ws.put(r, 1, f"{w['missing']} ({len(missing)})", style="bold")
        r += 1
        extras = list(missing[0].extra)
        for c, label in enumerate([w["row"], w["name"], *extras], start=1):
            ws.put(r, c, label, style="bold")
        for copy in missing:
            r += 1
            for c, value in enumerate([copy.line, copy.stem, *copy.extra.values()], start=1):
                ws.put(r, c, value)
    widths = ws.widths(maximum=80)
    # the file, the form and the problems wrap
    for col, most in ((1, 30), (3, 22), (5, 45)):
        widths[col] = min(widths.get(col, 10), most)
    ws.write(widths, freeze=True, title_rows="1:1", wrap=frozenset({1, 3, 5}))


def _decisions(wb, responses, forms, w) -> None:
    """What a person decided in a round: which return, whose, which field,
    the value, who and when."""
    ws = _Sheet(wb, w["decisions"], w)
    ws.header([w["return"], w["student"], w["file"], w["field"], w["value"], w["decided_by"],
               w["decided_at"]])
    r = 2
    for resp in responses:
        form = forms.get(resp.form_id, resp.form_version)
        index = form.field_index if form else {}
        who = " · ".join(str(resp.values.get(k) or "") for k in (form.key_fields if form else []))
        for field_id, d in resp.decided.items():
            if field_id in index:
                label, value = index[field_id].label, d["value"]
            elif field_id in w["round_decisions"]:    # on the whole return: said in words
                label = w["round_decisions"][field_id]
                value = w["round_values"].get(d["value"], d["value"])
            else:               # the student a copy is: its name field says it above
                continue
            value = w["true"] if value is True else w["false"] if value is False else value
            for c, v in enumerate([resp.id or "", who, resp.file, label,
                                   "" if value is None else value, d["user"], _when(d["at"])],
                                  start=1):
                ws.put(r, c, v)
            r += 1
    ws.write(ws.widths(maximum=50), freeze=True, autofilter=True, title_rows="1:1")


def _when(at: str) -> str:
    """An ISO time as a Dutch or English office writes it: ``04-12-2026 20:04``."""
    import datetime as dt
    try:
        return dt.datetime.fromisoformat(at).strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return at


__all__ = ["to_xlsx", "COUNTED"]
