"""A worksheet written the way the planning workbook needs it: cells
streamed into a write-only sheet with their styles, comments, widths,
frozen headers, autofilter and an A4 print setup."""

from __future__ import annotations

import datetime as dt

CHECK_FILL = "FFF2CC"          # a cell a person must check
REVIEW_FILL = "F8CBAD"         # an answer read from paper that a person must check


# -- cells ------------------------------------------------------------------------------------

def _value(value):
    """A cell value: text stays text (a string cell), cut to what a cell holds."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value[:EXCEL_CELL_CHARS])
    return value


#: The most characters an Excel cell holds; a longer text is cut, and
#: *Controle* says so (:func:`_cut_for_excel`).
EXCEL_CELL_CHARS = 32_767


def _cut_for_excel(resp, forms, language) -> list[str]:
    """The words for each of ``resp``'s values that the workbook cuts."""
    from ..i18n import lang_key, message
    form = forms.get(resp.form_id, resp.form_version)
    language = language or resp.language
    limit = f"{EXCEL_CELL_CHARS:,}"
    if lang_key(language) == "nl":
        limit = limit.replace(",", ".")
    return [message("cut_for_excel", language,
                    label=form.field(k).label if form and k in form.field_index else k,
                    limit=limit)
            for k, v in resp.values.items() if isinstance(v, str) and len(v) > EXCEL_CELL_CHARS]


class _Sheet:
    """One sheet, kept as plain values until :meth:`write` streams it.

    A write-only sheet takes its column widths before its first row, so the
    rows are gathered first (values only: a list per row), measured, then
    written. ``style`` holds the few cells that look different: a style
    name of :data:`_STYLES` and the text of a comment. Booleans are shown
    in the words of ``w`` (Excel's own: WAAR/ONWAAR, TRUE/FALSE); without a
    number format LibreOffice Calc shows some of them as 1 and 0."""

    def __init__(self, wb, title: str, w: dict):
        self.wb, self.title = wb, title
        self.booleans = f'"{w["true"]}";"{w["true"]}";"{w["false"]}"'
        self.rows: dict[int, list] = {}
        self.style: dict[tuple[int, int], list] = {}

    def put(self, row: int, col: int, value, style: str | None = None):
        cells = self.rows.setdefault(row, [])
        if len(cells) < col:
            cells.extend([None] * (col - len(cells)))
        cells[col - 1] = _value(value)
        if style:
            self.style.setdefault((row, col), [None, ""])[0] = style

    def note(self, row: int, col: int, text: str, style: str) -> None:
        """Mark a cell for a person to check, with ``text`` as its comment."""
        entry = self.style.setdefault((row, col), [None, ""])
        entry[0] = style
        entry[1] = f"{entry[1]}\n{text}" if entry[1] else text

    def header(self, labels: list[str]) -> None:
        for c, label in enumerate(labels, start=1):
            self.put(1, c, label, style="header")

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows.values()), default=0)

    @property
    def height(self) -> int:
        return max(self.rows, default=0)

    def widths(self, minimum: int = 6, maximum: int = 60, from_row: int = 1) -> dict[int, float]:
        widths: dict[int, int] = {}
        for r, cells in self.rows.items():
            if r < from_row:
                continue
            for c, value in enumerate(cells, start=1):
                if value is not None:
                    text = value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else str(value)
                    longest = max((len(line) for line in text.split("\n")), default=0)
                    widths[c] = max(widths.get(c, 0), longest)
        return {c: max(minimum, min(maximum, width + 2)) for c, width in widths.items()}

    def write(self, widths: dict[int, float], *, freeze: bool = False, autofilter: bool = False,
              title_rows: str | None = None, title_cols: str | None = None,
              wrap: frozenset = frozenset(), before=None):
        """Stream the rows into a new sheet; ``before(ws)`` adds what must be
        known before the rows (charts, conditional formats). Columns in
        ``wrap`` wrap their text. Printed, see :func:`_print_setup`."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment

        ws = self.wb.create_sheet(self.title)
        for c, width in widths.items():
            ws.column_dimensions[_letter(c)].width = width
        if freeze:
            ws.freeze_panes = "A2"
        if autofilter and self.rows:
            ws.auto_filter.ref = f"A1:{_letter(max(1, self.width))}{self.height}"
        _print_setup(ws, widths, title_rows, title_cols)
        for r, cells in self.rows.items():       # rows as high as their wrapped text
            lines = max([_lines(str(cells[c - 1]), widths.get(c, 10) - 1) for c in wrap
                         if c <= len(cells) and isinstance(cells[c - 1], str)] or [1])
            if lines > 1:
                ws.row_dimensions[r].height = 15 * lines
        if before:
            before(ws)
        styles = {name: make() for name, make in _STYLES.items()}
        centred = Alignment(horizontal="center")
        wrapped = Alignment(wrap_text=True, vertical="top")
        top = Alignment(vertical="top")
        for r in range(1, self.height + 1):
            row = []
            for c, value in enumerate(self.rows.get(r, ()), start=1):
                entry = self.style.get((r, c))
                if value is None and entry is None:
                    row.append(None)
                    continue
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"                # never a formula
                    if wrap:              # rows grow with wrapped text: all read from the top
                        cell.alignment = wrapped if c in wrap else top
                elif isinstance(value, bool):        # centred, as Excel shows booleans
                    cell.number_format, cell.alignment = self.booleans, centred
                elif isinstance(value, dt.date):
                    cell.number_format = "dd-mm-yyyy"
                if entry is not None:
                    for attr, style in styles[entry[0]].items():
                        setattr(cell, attr, style)
                    if entry[1]:
                        cell.comment = Comment(entry[1], "formgen")
                row.append(cell)
            ws.append(row)
        return ws


#: A4 in points, less the page margins (half an inch each side).
PAPER = {"portrait": 595 - 72, "landscape": 842 - 72}
#: The smallest type on paper: 8 pt, from Calibri 11 scaled down.
MIN_SCALE = 8.2 / 11


def _print_setup(ws, widths: dict[int, float], title_rows: str | None,
                 title_cols: str | None) -> None:
    """A4 with type of at least 8 pt: portrait where the columns fit, else
    landscape; scaled down to the paper's width while the type stays at 8 pt
    or more, else at full size across as many pages as it takes, with
    ``title_cols`` (the columns that say who a row is) and ``title_rows``
    repeated on every page."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.worksheet import Worksheet

    # A column width is in characters; LibreOffice Calc prints one as about
    # 7 pt (measured: a 152-character sheet fitted to A4 landscape printed
    # Calibri 11 at 7.9 pt), a little wider than Excel
    wide = sum(7.05 * w for w in widths.values()) or 1
    orientation = "portrait" if wide <= PAPER["portrait"] else "landscape"
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    scale = PAPER[orientation] / wide
    if title_rows:
        ws.print_title_rows = title_rows
    if scale >= 1:
        return
    if scale >= MIN_SCALE:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    elif title_cols:
        ws.print_title_cols = title_cols


def _wrap():
    from openpyxl.styles import Alignment
    return Alignment(wrap_text=True, vertical="top")


def _style(bold=False, size=None, fill=None) -> dict:
    from openpyxl.styles import Font, PatternFill
    out = {}
    if bold or size:        # the workbook's own font (Calibri 11), else Calc takes a serif
        out["font"] = Font(name="Calibri", bold=bold, size=size or 11)
    if fill:
        out["fill"] = PatternFill("solid", fgColor=fill)
    return out


#: The looks a cell can have, by name.
_STYLES = {
    "header": lambda: _style(bold=True, fill="E0E0E0"),
    "bold": lambda: _style(bold=True),
    "heading": lambda: {**_style(bold=True), "alignment": _wrap()},
    "title": lambda: _style(bold=True, size=13),
    "check": lambda: _style(fill=CHECK_FILL),
    "review": lambda: _style(fill=REVIEW_FILL),
}


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide,
    broken between words (a word longer than the column takes more)."""
    width = max(1, int(width))
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > width:
                lines, used = lines + 1, len(word)
            else:
                used += (1 if used else 0) + len(word)
            while used > width:
                lines, used = lines + 1, used - width
        total += lines
    return total


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)
