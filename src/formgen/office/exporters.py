"""Responses to JSON, CSV and XLSX, all from one flattening.

Whatever a student typed stays text: in CSV every cell, the header row
and file names included, goes through :func:`inert` (a value that a
spreadsheet would run as a formula, starting with ``=``, ``+``, ``-``,
``@``, tab, carriage return or line feed, gets a leading ``'``); in XLSX
every text cell is written as a string cell, so it is shown, never
evaluated. Text that cannot be UTF-8 (a lone surrogate) is written escaped,
never left to break the writer.
"""

from __future__ import annotations

import csv
import io
import json

from .. import i18n
from .values import LABELS, exported

__all__ = ["FORMATS", "columns", "exported", "inert", "rows", "status_word", "to_csv",
           "to_json", "to_xlsx"]

BASE = ("file", "status", "form_id", "form_version")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


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


def status_word(resp, language: str) -> str:
    """A response's status as a person reads it, in ``language``."""
    return i18n.statuses(language)["superseded" if resp.superseded_by else resp.status]


def rows(responses, forms, language: str | None = None, words: bool = False):
    """One flat dict per response, keyed by :func:`columns`' keys; with
    ``words``, the status in the language's words and every value as one
    cell's text (a spreadsheet's)."""
    for resp in responses:
        row = {k: getattr(resp, k) for k in BASE}
        if words:
            row["status"] = status_word(resp, language or resp.language)
        row.update(exported(resp, forms, as_text=words))
        row["problems"] = "; ".join(resp.messages(language))
        yield row


def to_json(responses, forms=None, language: str | None = None, missing=None) -> bytes:
    """A list of records; reconciled with a class list (``missing`` is a
    list, empty when everyone returned), an object of ``returns`` and
    ``missing``."""
    data = []
    for r in responses:
        record = r.to_dict(language)
        record["values"] = exported(r, forms, open_word=False)    # "open" says what is open
        data.append(record)
    if missing is not None:       # reconciled: the returns, and who did not return
        data = {"returns": data, "missing": [{"row": c.line, "name": c.stem, "copy": c.copy_id,
                                              "extra": c.extra} for c in missing]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8",
                                                                         "backslashreplace")


def inert(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet will run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv_cell(value, language: str = "en") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):       # as the spreadsheet of that language reads it
        return i18n.say("true" if value else "false", language)
    return inert(str(value))


def to_csv(responses, forms, delimiter: str | None = None, language: str | None = None,
           ids: bool = False) -> bytes:
    """UTF-8 with a BOM (so Excel reads the accents), one header row of labels
    (field ids with ``ids``), the class list's extra columns first; ``;``
    between cells for a Dutch form (as Dutch Excel expects), else ``,``.
    Skipped files (lock files and the like) are left out."""
    responses = [r for r in responses if r.status != "skipped"]
    if delimiter is None:
        delimiter = ";" if i18n.lang_key(language or forms.language) == "nl" else ","
    extras: list[str] = []
    for resp in responses:
        extras += [k for k in resp.extra if k not in extras]
    cols = columns(responses, forms)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_csv_cell(k) for k in extras] +
                    [_csv_cell(k if ids else label) for k, label in cols])
    lang = language or forms.language
    for resp, row in zip(responses, rows(responses, forms, lang, words=True)):
        writer.writerow([_csv_cell(resp.extra.get(k, ""), lang) for k in extras] +
                        [_csv_cell(row.get(k), lang) for k, _ in cols])
    return ("\ufeff" + out.getvalue()).encode("utf-8", "backslashreplace")


def to_xlsx(responses, forms, language: str | None = None, missing=None) -> bytes:
    """The planning workbook (see :mod:`formgen.office.workbook`)."""
    from .workbook import to_xlsx as workbook
    return workbook(responses, forms, language=language, missing=missing)


#: format name -> (file extension, writer(responses, forms, **options) -> bytes)
FORMATS = {
    "json": (".json", to_json),
    "csv": (".csv", to_csv),
    "xlsx": (".xlsx", to_xlsx),
}
