"""The workbook an office plans with, for any form, in the form's language.

- *Antwoorden*: one header row of labels, one row per counted return (not
  rejected, not replaced), the class list's extra columns first, autofilter,
  frozen header, fitting widths, real booleans, dates and numbers, statuses
  in words; a cell a person must check is highlighted with the problem as
  its comment. Pivot tables work on it as it is.
- *Velden*: label, id and type of every field, for anyone who needs the ids.
- *Overzicht*: per item and column the counts (:func:`formgen.planning.overview`),
  totals per section, and a native stacked bar chart of the levels.
- *Per deelnemer*: students by items, each cell the chosen level (or a tick),
  coloured by option.
- *Controle*: every file with its status, problems and what replaced it, and
  the students on the class list without a return.

Whatever a student typed stays text: text cells are string cells, never formulas.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from . import i18n
from .exporters import exported
from .planning import COUNTED, NONE, column_keys, counted, overview

WORDS = {
    "nl": {"answers": "Antwoorden", "fields": "Velden", "overview": "Overzicht",
           "students": "Per deelnemer", "check": "Controle", "file": "Bestand",
           "status": "Status", "form": "Formulier", "copy": "Kopie", "problems": "Problemen",
           "superseded_by": "Vervangen door", "label": "Label", "id": "Id", "type": "Type",
           "section": "Onderdeel", "item": "Item", "code": "Code", "title": "Titel",
           "none": "geen", "filled": "ingevuld", "total": "Totaal", "per_section": "Per onderdeel",
           "missing": "Niet ingeleverd", "row": "Rij klaslijst", "name": "Naam",
           "returns": "Ingeleverd", "chart": "Keuzes per item",
           "statuses": {"ok": "in orde", "warning": "controleren", "rejected": "geweigerd",
                        "skipped": "overgeslagen", "superseded": "vervangen"}},
    "en": {"answers": "Answers", "fields": "Fields", "overview": "Overview",
           "students": "Per student", "check": "Check", "file": "File", "status": "Status",
           "form": "Form", "copy": "Copy", "problems": "Problems", "superseded_by": "Replaced by",
           "label": "Label", "id": "Id", "type": "Type", "section": "Section", "item": "Item",
           "code": "Code", "title": "Title", "none": "none", "filled": "filled in",
           "total": "Total", "per_section": "Per section", "missing": "Not returned",
           "row": "Class-list row", "name": "Name", "returns": "Returned",
           "chart": "Choices per item",
           "statuses": {"ok": "ok", "warning": "check", "rejected": "rejected",
                        "skipped": "skipped", "superseded": "replaced"}},
}
CHECK_FILL = "FFF2CC"          # a cell a person must check
REVIEW_FILL = "F8CBAD"         # an answer read from paper that a person must check
OPTION_FILLS = ["DDEBF7", "C6E0B4", "FFE699", "F8CBAD", "D9D2E9", "FCE4D6"]
TICK = "✓"


def words_for(forms, language: str | None) -> dict:
    return WORDS[i18n.lang_key(language or forms.language)]


def status_word(resp, w: dict) -> str:
    key = "superseded" if resp.superseded_by else resp.status
    return w["statuses"].get(key, key)


def to_xlsx(responses, forms, language: str | None = None, missing=()) -> bytes:
    from openpyxl import Workbook

    w = words_for(forms, language)
    wb = Workbook()
    wb.remove(wb.active)
    rows = counted(responses)
    forms_met = []
    for resp in rows:
        form = forms.get(resp.form_id, resp.form_version)
        if form is not None and form not in forms_met:
            forms_met.append(form)
    _answers(wb, rows, forms, forms_met, w, language)
    _fields(wb, forms_met, w)
    for n, form in enumerate(forms_met):
        suffix = f" {n + 1}" if len(forms_met) > 1 else ""
        _overview(wb, overview(responses, form, missing), w, suffix)
        _students(wb, [r for r in rows if r.form_id == form.id], form, forms, w, suffix)
    _check(wb, responses, missing, w, language)
    for ws in wb.worksheets:           # printed: landscape, as wide as the paper
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- cells ------------------------------------------------------------------------------------

def _value(value):
    """A cell value: text stays text (a string cell), ISO dates become dates."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _put(ws, row: int, col: int, value, date: bool = False):
    cell = ws.cell(row=row, column=col)
    if date and isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            pass
    cell.value = _value(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"                   # never a formula
    elif isinstance(cell.value, dt.date):
        cell.number_format = "dd-mm-yyyy"
    return cell


def _header(ws, labels: list[str]) -> None:
    from openpyxl.styles import Font, PatternFill
    for c, label in enumerate(labels, start=1):
        cell = _put(ws, 1, c, label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E0E0E0")
    ws.freeze_panes = "A2"


def _fit(ws, minimum: int = 6, maximum: int = 60, from_row: int = 1) -> None:
    from openpyxl.utils import get_column_letter
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=from_row):
        for cell in row:
            if cell.value is not None:
                text = cell.value.strftime("%d-%m-%Y") if isinstance(cell.value, dt.date) else str(cell.value)
                longest = max((len(line) for line in text.split("\n")), default=0)
                widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(maximum, width + 2))


# -- Antwoorden ---------------------------------------------------------------------------

def _answers(wb, rows, forms, forms_met, w, language) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from .review import reason_text

    ws = wb.create_sheet(w["answers"])
    extras: list[str] = []
    for resp in rows:
        extras += [k for k in resp.extra if k not in extras]
    fields, seen = [], set()
    for form in forms_met:
        for ff in form.all_fields():
            if ff.id not in seen:
                seen.add(ff.id)
                fields.append(ff)
    labels = extras + [w["file"], w["status"]] + [ff.label for ff in fields] + [w["problems"]]
    _header(ws, labels)
    ws.print_title_rows = "1:1"
    first_field = len(extras) + 3
    where = {ff.id: first_field + i for i, ff in enumerate(fields)}
    fill = PatternFill("solid", fgColor=CHECK_FILL)
    review_fill = PatternFill("solid", fgColor=REVIEW_FILL)
    for r, resp in enumerate(rows, start=2):
        for c, key in enumerate(extras, start=1):
            _put(ws, r, c, resp.extra.get(key, ""))
        _put(ws, r, len(extras) + 1, Path(resp.file).name)
        status = _put(ws, r, len(extras) + 2, status_word(resp, w))
        values = exported(resp, forms)
        for ff in fields:
            if ff.id in values:
                _put(ws, r, where[ff.id], values[ff.id], date=ff.type == "date")
        _put(ws, r, len(labels), "; ".join(resp.messages(language)))
        for problem in resp.problems:
            text = problem.text(language or resp.language)
            cell = ws.cell(row=r, column=where.get(problem.field, status.column))
            cell.fill = fill
            old = cell.comment.text + "\n" if cell.comment else ""
            cell.comment = Comment(old + text, "formgen")
        for field_id, reason in resp.review.items():       # read from paper: a person checks
            if field_id not in where:
                continue
            cell = ws.cell(row=r, column=where[field_id])
            cell.fill = review_fill
            old = cell.comment.text + "\n" if cell.comment else ""
            cell.comment = Comment(old + reason_text(reason, language or resp.language),
                                   "formgen")
    ws.auto_filter.ref = ws.dimensions
    _fit(ws)


def _fields(wb, forms_met, w) -> None:
    ws = wb.create_sheet(w["fields"])
    _header(ws, [w["label"], w["id"], w["type"], w["section"], w["item"]])
    r = 2
    for form in forms_met:
        for ff in form.all_fields():
            section = ff.section.title if ff.section is not None else ""
            item = ff.item.code if ff.item is not None else ""
            for c, value in enumerate([ff.label, ff.id, ff.type, section, item], start=1):
                _put(ws, r, c, value)
            r += 1
    ws.auto_filter.ref = ws.dimensions
    _fit(ws)


# -- Overzicht ------------------------------------------------------------------------------

def _count_labels(form, section_columns, w) -> list[tuple[str, str, str]]:
    """``(column id, count key, header)`` of every count column."""
    out = []
    for col in section_columns:
        label = col.label.rstrip("*").strip()
        for key in column_keys(col):
            if col.type == "checkbox":
                out.append((col.id, key, label))
            elif key == NONE:
                out.append((col.id, key, f"{label}: {w['none']}"))
            elif key == "filled":
                out.append((col.id, key, f"{label}: {w['filled']}"))
            else:
                option = next(o for o in col.options if o.value == key)
                out.append((col.id, key, f"{label}: {option.label}"))
    return out


def _overview(wb, ov, w, suffix: str) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    form = ov.form
    ws = wb.create_sheet(w["overview"] + suffix)
    _put(ws, 1, 1, form.title).font = Font(bold=True, size=13)
    _put(ws, 2, 1, f"{w['returns']}: {ov.returns}   {w['missing']}: {len(ov.missing)}   "
                   f"{w['statuses']['rejected']}: {ov.rejected}   {ov.date.strftime('%d-%m-%Y')}")
    columns = {}
    for section in form.sections:
        for col in form.section_columns(section):
            columns.setdefault(col.id, col)
    counts = _count_labels(form, list(columns.values()), w)
    head = 4
    labels = [w["section"], w["code"], w["title"]] + [h for _, _, h in counts]
    for c, label in enumerate(labels, start=1):
        _put(ws, head, c, label).font = Font(bold=True)
    r = head + 1
    for item in ov.items:
        section = form.sections[item.section]
        _put(ws, r, 1, section.label or section.title)
        _put(ws, r, 2, item.code)
        _put(ws, r, 3, item.title)
        for c, (col_id, key, _) in enumerate(counts, start=4):
            _put(ws, r, c, item.columns.get(col_id, {}).get(key, 0) if col_id in item.columns else None)
        r += 1
    last_item = r - 1
    r += 1
    _put(ws, r, 1, w["per_section"]).font = Font(bold=True)
    r += 1
    for s in ov.sections:
        _put(ws, r, 1, f"{w['total']} {s.label or s.title}")
        _put(ws, r, 3, s.title)
        for c, (col_id, key, _) in enumerate(counts, start=4):
            _put(ws, r, c, s.columns.get(col_id, {}).get(key))
        r += 1
    # The chart: per item, the options of the first choice column, stacked.
    choice = next((col for col in columns.values() if getattr(col, "grid", False)), None)
    if choice is not None and last_item > head:
        first = 4 + next(i for i, (cid, _, _) in enumerate(counts) if cid == choice.id)
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = f"{w['chart']}: {choice.label.rstrip('*').strip()}"
        data = Reference(ws, min_col=first, max_col=first + len(choice.options) - 1,
                         min_row=head, max_row=last_item)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=head + 1, max_row=last_item))
        chart.y_axis.title = w["returns"]
        chart.x_axis.scaling.orientation = "maxMin"      # the first item on top, as in the table
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.height = max(7.5, 0.55 * (last_item - head) + 3)
        chart.width = 16
        ws.add_chart(chart, f"{_letter(len(labels) + 2)}{head}")
    _fit(ws, maximum=50, from_row=head)     # the title above the table does not widen column A
    ws.print_title_rows = f"{head}:{head}"


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)


# -- Per deelnemer --------------------------------------------------------------------------

def _students(wb, rows, form, forms, w, suffix: str) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill

    ws = wb.create_sheet(w["students"] + suffix)
    extras: list[str] = []
    for resp in rows:
        extras += [k for k in resp.extra if k not in extras]
    keys = [form.field(k) for k in form.key_fields] or []
    items = [(section, item) for section in form.sections for item in section.items]
    labels = extras + [k.spec.label for k in keys] + [w["file"]] + [i.code for _, i in items]
    _header(ws, labels)
    first = len(extras) + len(keys) + 2
    for r, resp in enumerate(rows, start=2):
        for c, key in enumerate(extras, start=1):
            _put(ws, r, c, resp.extra.get(key, ""))
        for c, k in enumerate(keys, start=len(extras) + 1):
            _put(ws, r, c, resp.values.get(k.id, ""))
        _put(ws, r, first - 1, Path(resp.file).name)
        for c, (section, item) in enumerate(items, start=first):
            _put(ws, r, c, _cell(form, section, item, resp.values))
    options: list = []
    for section, _ in items:
        for col in form.section_columns(section):
            if getattr(col, "grid", False):
                options += [o.value for o in col.options if o.value not in options]
    if rows and items:
        area = f"{_letter(first)}2:{_letter(first + len(items) - 1)}{len(rows) + 1}"
        for n, value in enumerate(options):
            fill = PatternFill("solid", fgColor=OPTION_FILLS[n % len(OPTION_FILLS)],
                               bgColor=OPTION_FILLS[n % len(OPTION_FILLS)])
            ws.conditional_formatting.add(area, CellIsRule(operator="equal",
                                                           formula=[f'"{value}"'], fill=fill))
    ws.auto_filter.ref = ws.dimensions
    _fit(ws, minimum=5)


def _cell(form, section, item, values) -> str:
    """What a student chose for one item: the option where one is chosen
    (and the row's checkbox, if any, ticked), else a tick, else nothing."""
    base = form.item_id(item)
    columns = form.section_columns(section)
    ticked = [values.get(f"{base}_{c.id}") is True for c in columns if c.type == "checkbox"]
    for col in columns:
        if getattr(col, "options", None):
            chosen = values.get(f"{base}_{col.id}")
            if chosen and (not ticked or any(ticked)):
                return chosen
    return TICK if any(ticked) else ""


# -- Controle -----------------------------------------------------------------------------

def _check(wb, responses, missing, w, language) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(w["check"])
    _header(ws, [w["file"], w["status"], w["form"], w["copy"], w["problems"], w["superseded_by"]])
    r = 2
    for resp in responses:
        values = [resp.file, status_word(resp, w), resp.form_id or "", resp.copy_id or "",
                  "; ".join(resp.messages(language)),
                  Path(resp.superseded_by).name if resp.superseded_by else ""]
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value)
        r += 1
    if missing:
        r += 1
        _put(ws, r, 1, f"{w['missing']} ({len(missing)})").font = Font(bold=True)
        r += 1
        extras = list(missing[0].extra)
        for c, label in enumerate([w["row"], w["name"], *extras], start=1):
            _put(ws, r, c, label).font = Font(bold=True)
        for copy in missing:
            r += 1
            for c, value in enumerate([copy.line, copy.stem, *copy.extra.values()], start=1):
                _put(ws, r, c, value)
    _fit(ws, maximum=80)


__all__ = ["to_xlsx", "COUNTED"]
