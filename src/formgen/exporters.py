"""Responses to JSON, CSV and XLSX, all from one flattening.

Whatever a student typed stays text: in CSV a value that a spreadsheet
would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) gets a leading ``'``; in XLSX every text cell is written
as a string cell, so it is shown, never evaluated.
"""

from __future__ import annotations

import csv
import io
import json

from . import i18n

BASE = ("file", "status", "form_id", "form_version")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

LABELS = {
    "nl": {"file": "Bestand", "status": "Status", "form_id": "Formulier",
           "form_version": "Versie", "problems": "Problemen", "answers": "Antwoorden",
           "report": "Verslag"},
    "en": {"file": "File", "status": "Status", "form_id": "Form", "form_version": "Version",
           "problems": "Problems", "answers": "Answers", "report": "Report"},
}


def columns(responses, forms) -> list[tuple[str, str]]:
    """``(key, label)`` of every column: the base ones, each field of each
    form met in the batch (in form order), then the problems."""
    lang = i18n.lang_key(forms.language)
    cols = [(k, LABELS[lang][k]) for k in BASE]
    seen = set()
    for resp in responses:
        form = forms.get(resp.form_id, resp.form_version)
        if form is None or (form.id, form.version) in seen:
            continue
        seen.add((form.id, form.version))
        have = {k for k, _ in cols}
        cols += [(f.id, f.label) for f in form.all_fields() if f.id not in have]
    return cols + [("problems", LABELS[lang]["problems"])]


def exported(resp, forms) -> dict:
    """A response's values as every export carries them (each field type's
    ``export``: ISO dates, numbers, booleans, option values, text)."""
    form = forms.get(resp.form_id, resp.form_version) if forms is not None else None
    index = form.field_index if form is not None else {}
    return {k: (index[k].spec.export(v) if k in index and v is not None else v)
            for k, v in resp.values.items()}


def rows(responses, forms, language: str | None = None):
    """One flat dict per response, keyed by :func:`columns`' keys."""
    for resp in responses:
        row = {k: getattr(resp, k) for k in BASE}
        row.update(exported(resp, forms))
        row["problems"] = "; ".join(resp.messages(language))
        yield row


def to_json(responses, forms=None, language: str | None = None) -> bytes:
    data = []
    for r in responses:
        record = r.to_dict(language)
        record["values"] = exported(r, forms)
        data.append(record)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def inert(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet will run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return inert(str(value))


def to_csv(responses, forms, delimiter: str = ",", language: str | None = None) -> bytes:
    """UTF-8 with a BOM (so Excel reads the accents), one header row of keys."""
    cols = columns(responses, forms)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([k for k, _ in cols])
    for row in rows(responses, forms, language):
        writer.writerow([_csv_cell(row.get(k)) for k, _ in cols])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(responses, forms, language: str | None = None) -> bytes:
    """Sheet 1: the answers, a row of labels and a row of field ids on top
    (frozen), one row per file. Sheet 2: the report of every file."""
    from openpyxl import Workbook

    lang = i18n.lang_key(language or forms.language)
    cols = columns(responses, forms)
    dates = _date_columns(responses, forms)
    wb = Workbook(write_only=True)
    answers = wb.create_sheet(LABELS[lang]["answers"])
    answers.freeze_panes = "B3"
    answers.append(_cells(answers, [label for _, label in cols]))
    answers.append(_cells(answers, [k for k, _ in cols]))
    for row in rows(responses, forms, language):
        answers.append(_cells(answers, [_as_date(row.get(k)) if k in dates else row.get(k)
                                        for k, _ in cols]))
    report = wb.create_sheet(LABELS[lang]["report"])
    report.freeze_panes = "A2"
    report.append(_cells(report, [LABELS[lang][k] for k in (*BASE, "problems")]))
    for resp in responses:
        report.append(_cells(report, [getattr(resp, k) for k in BASE] +
                             ["; ".join(resp.messages(language))]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _date_columns(responses, forms) -> set[str]:
    out = set()
    for resp in responses:
        form = forms.get(resp.form_id, resp.form_version)
        if form is not None:
            out |= {f.id for f in form.all_fields() if f.type == "date"}
    return out


def _as_date(value):
    """An ISO date as a real date cell; text that is no date stays text."""
    import datetime as dt
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _cells(sheet, values) -> list:
    """Write-only cells; text is forced to a string cell, never a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    out = []
    for value in values:
        if isinstance(value, str):  # control characters are not allowed in XLSX
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        elif hasattr(value, "isoformat"):
            cell.number_format = "yyyy-mm-dd"
        out.append(cell)
    return out


#: format name -> (file extension, writer(responses, forms, **options) -> bytes)
FORMATS = {
    "json": (".json", to_json),
    "csv": (".csv", to_csv),
    "xlsx": (".xlsx", to_xlsx),
}
