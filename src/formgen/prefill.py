"""Prefilled forms per student, from a class list (CSV or XLSX).

Everything is checked before the first file is written: unknown columns,
missing required columns, values a field cannot take, and output files that
exist already. Then the form is laid out once per format and every copy is
a fill of that template.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .classlists import decode, name_fields, normalize
from .classlists import key as _key
from .errors import ContentError, ValueProblem
from .i18n import say
from .fileio import Batch, refuse_existing
from .names import copy_text

#: Names Windows will not take for a file, whatever the extension.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
            *(f"lpt{i}" for i in range(1, 10))}
MAX_NAME = 100


@dataclass
class ClassList:
    """A class list as read: the header and the rows, all text. ``lines``
    are the row numbers Excel or a text editor shows for each row."""

    path: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int] = field(default_factory=list)

    def line(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else index + 2


@dataclass
class Copy:
    """One prefilled copy: the file name stem, the field values, the class-list
    columns that are no field (they travel with the copy), its own id, and the
    row of the class list it came from."""

    stem: str
    values: dict
    extra: dict[str, str]
    copy_id: str
    line: int


@dataclass
class Plan:
    """What a prefill will write: one :class:`Copy` per row, the extra
    columns, and the warnings to show (nothing here stops the run)."""

    copies: list[Copy] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: What was taken for what, where a school system's column names
    #: differ from the form's: ``(["Roepnaam", "Tussenvoegsel", "Achternaam"],
    #: ["C", "D", "E"], "Naam deelnemer")``.
    taken: list[tuple[list[str], list[str], str]] = field(default_factory=list)


def read_class_list(path: str | Path) -> ClassList:
    """Read a ``.csv`` (UTF-8 with or without BOM, Windows-1252 or another
    encoding ``charset-normalizer`` detects; ``;``, ``,`` or tab) or ``.xlsx``."""
    path = Path(path)
    if not path.is_file():
        raise ContentError.said("classlist_missing", where=str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    data = path.read_bytes()
    try:
        text, _ = decode(data)
    except UnicodeDecodeError:
        raise ContentError.said("classlist_not_text", where=str(path)) from None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise ContentError.said("classlist_empty", where=str(path))
    first = lines[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table, numbers = [], []
    for row in reader:
        if any(cell.strip() for cell in row):
            table.append([c.strip() for c in row])
            numbers.append(reader.line_num)        # the line a text editor shows
    return ClassList(str(path), table[0], table[1:], numbers[1:])


def _read_xlsx(path: Path) -> ClassList:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ContentError.said("classlist_xlsx", where=str(path),
                                reason=type(e).__name__) from None
    sheet = wb.worksheets[0]
    table, numbers = [], []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else str(int(v) if isinstance(v, float) and v.is_integer() else v).strip()
                 for v in row]
        if any(cells):
            table.append(cells)
            numbers.append(number)                 # the row number Excel shows
    wb.close()
    if not table:
        raise ContentError.said("classlist_sheet_empty", where=str(path))
    return ClassList(str(path), table[0], table[1:], numbers[1:])


def plan(form, classlist: ClassList, name_column: str | None = None,
         ignore_unknown: bool = False) -> Plan:
    """Match columns to fields and convert every value, or raise one
    :class:`ContentError` that lists every problem found.

    A column that names no field is kept as an extra column (a student
    number, a class, an e-mail address): it travels with each copy and comes
    back on import. A column that looks like a misspelt field label is an
    error (with a "did you mean"), unless ``ignore_unknown``.
    """
    original = classlist
    lang = form.language
    classlist, taken = normalize(form, classlist)
    fields = form.field_index
    names = {}
    for ff in fields.values():
        names[_key(ff.id)] = ff
        names.setdefault(_key(ff.spec.label), ff)
        names.setdefault(_key(ff.label), ff)
    problems: list[str] = []
    result = Plan()
    columns: dict[int, object] = {}
    extra: dict[int, str] = {}
    for i, head in enumerate(classlist.header):
        if not head:
            continue
        ff = names.get(_key(head))
        if ff is not None:
            columns[i] = ff
            continue
        guess = difflib.get_close_matches(_key(head), list(names), n=1, cutoff=0.8)
        if guess and not ignore_unknown:
            problems.append(say("misfit_guess", lang, column=_column(i), head=head,
                                guess=guess[0]))
        else:
            extra[i] = head
    result.extra_columns = list(extra.values())
    result.taken = [([original.header[i] for i in cols], [_column(i) for i in cols], meaning)
                    for cols, meaning in taken]
    present = {ff.id for ff in columns.values()}
    # the fields that name a student must come from the list; other required
    # fields are the student's to fill in (a final grade, a signature)
    naming = set(name_fields(form))
    for ff in fields.values():
        if ff.spec.required and ff.id not in present and ff.id in naming:
            problems.append(say("misfit_required", lang, label=ff.spec.label, id=ff.id))
    name_at = _name_column(form, classlist, columns, name_column, problems)
    for index, row in enumerate(classlist.rows):
        r = classlist.line(index)
        values = {}
        for i, ff in columns.items():
            raw = row[i] if i < len(row) else ""
            try:
                value = ff.spec.parse(raw)
            except ValueError as e:
                problems.append(say("misfit_value", lang, row=r, column=_column(i),
                                    head=classlist.header[i],
                                    problem=e.text(lang) if isinstance(e, ValueProblem) else e))
                continue
            if ff.spec.required and not ff.spec.is_filled(value):
                problems.append(say("misfit_empty", lang, row=r, column=_column(i),
                                    label=ff.spec.label))
            if value not in ("", None):
                values[ff.id] = value
        kept = {head: (row[i] if i < len(row) else "") for i, head in extra.items()}
        stem = row[name_at] if name_at is not None and name_at < len(row) else ""
        result.copies.append(Copy(stem, values, kept, copy_id(form, r, row), r))
    if problems:
        shown = problems[:25] + ([say("misfit_more", lang, n=len(problems) - 25)]
                                 if len(problems) > 25 else [])
        raise ContentError.said("classlist_misfit", where=classlist.path,
                                problems="\n  - ".join(shown))
    return result


def _column(i: int) -> str:
    """Excel's letter for column ``i`` (0 -> A, 26 -> AA)."""
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def copy_id(form, line: int, row: list[str]) -> str:
    """A prefilled copy's own id: the same class list gives the same ids."""
    import hashlib
    digest = hashlib.sha256("\x1f".join([form.identity, str(line), *row]).encode("utf-8"))
    return "k" + digest.hexdigest()[:11]


def _name_column(form, classlist, columns, name_column, problems) -> int | None:
    if name_column:
        for i, head in enumerate(classlist.header):
            if _key(head) == _key(name_column):
                return i
        problems.append(say("misfit_name_column", form.language, name=name_column))
        return None
    wanted = name_fields(form)
    for i, ff in columns.items():
        if ff.id in wanted:
            return i
    return None


def safe_stem(name: str, fallback: str) -> str:
    """A file name stem every file system takes: no path separators or
    reserved characters, no control characters, no leading dot, no trailing
    dot or space, not a reserved Windows name, at most 100 characters."""
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f\x7f]', "_", name)
    name = " ".join(name.split()).strip(" .")
    if not name or name.split(".")[0].casefold() in RESERVED:
        name = (name + "_" if name else "") + fallback
    return name[:MAX_NAME].rstrip(" .")


def unique_stems(stems: list[str]) -> list[str]:
    """Make stems unique without regard to case: ``Jan``, ``Jan (2)``, ..."""
    return [stem for stem, _ in _unique(stems)]


def _unique(stems: list[str]) -> list[tuple[str, str | None]]:
    """``(unique stem, the stem it repeats or None)`` for each stem."""
    seen: set[str] = set()
    out = []
    for stem in stems:
        candidate, n = stem, 2
        while candidate.casefold() in seen:
            candidate = f"{stem} ({n})"
            n += 1
        seen.add(candidate.casefold())
        out.append((candidate, stem if candidate != stem else None))
    return out


def prefill(form, classlist: ClassList | str | Path, outdir, formats=("pdf",), *,
            name_column: str | None = None, lock: bool = False, force: bool = False,
            ignore_unknown: bool = False,
            progress: Callable[[Path], None] | None = None) -> tuple[list[Path], list[str]]:
    """Write one prefilled form per class-list row and format.

    Returns the written paths and the warnings (letters the PDF font cannot
    draw). Raises before writing anything when the list does not fit, or
    when an output exists and ``force`` is false.
    """
    from .render.docx import DocxTemplate
    from .render.pdf_prefill import PdfTemplate

    if not isinstance(classlist, ClassList):
        classlist = read_class_list(classlist)
    the_plan = plan(form, classlist, name_column, ignore_unknown)
    named = _unique([safe_stem(c.stem, f"row-{c.line}") for c in the_plan.copies])
    stems = [stem for stem, _ in named]
    outdir = Path(outdir)
    ext = {"pdf": ".pdf", "docx": ".docx"}
    targets = [[outdir / f"{stem}{ext[f]}" for f in formats] for stem in stems]
    if not force:
        for paths in targets:
            for p in paths:
                refuse_existing(p)
    templates = {"pdf": PdfTemplate, "docx": DocxTemplate}
    built = {f: templates[f](form) for f in formats}
    warnings = []
    for copy, (stem, repeats) in zip(the_plan.copies, named):
        if repeats is not None:
            warnings.append(say("same_name", form.language, row=copy.line, name=repr(repeats),
                                stem=repr(stem)))
    if "pdf" in built:
        for copy in the_plan.copies:
            for field_id, letters in built["pdf"].missing_letters(copy.values).items():
                warnings.append(say("missing_letters", form.language, row=copy.line,
                                    label=form.field(field_id).spec.label,
                                    letters="".join(sorted(letters))))
    written = []
    with Batch(force) as batch:         # every file whole, or none; the disk synced once
        for copy, paths in zip(the_plan.copies, targets):
            lock_these = list(copy.values) if lock else []
            stored = copy_text(copy.copy_id, copy.extra)
            for f, path in zip(formats, paths):
                batch.write(path, built[f].fill(copy.values, lock_these, copy=stored))
                written.append(path)
                if progress:
                    progress(path)
    return written, warnings
