"""One layout plan of a form: blocks, rows, cells and field slots.

:func:`formgen.layout_plan.plan` decides once, for A4 portrait, which rows
and cells exist,
how wide every column is (in points), which words go where, and where each
field's slots (a box, a circle, a text box, ...) sit inside their cell,
including options that wrap onto a second line. The PDF and Word renderers
draw this plan; neither walks the model on its own. A form that cannot fit
is reported here, before anything is drawn, which is how ``validate``
knows what ``build`` would trip on.

The plan is plain frozen data:

- :class:`Plan` has ``blocks`` in reading order and ``problems`` (``(path,
  problem, fix)`` for content that does not fit);
- a :class:`BlockPlan` is the title, the intro, the correction rule (on a
  form with boxes to tick), a section heading, a block of free fields
  (label | field), a section table, or the legend;
- a table block has grid ``columns`` (widths in pt) and ``rows``; every
  :class:`RowPlan` has one :class:`CellPlan` per grid column: the cell that
  starts a span has ``span`` (columns) and ``rowspan``; a cell covered by
  another's span has ``covered=True``;
- a :class:`SlotPlan` is one widget place: ``x``, ``y`` from the top left of
  its cell's inner box (inside :data:`CELL_PAD`), ``width``, ``height``,
  ``shape``, and the ``label`` printed to its right at ``label_x``.

Heights and page breaks are :mod:`formgen.layout_pages` (``form.pages``):
each slot's page and rectangle on A4, which the scan reader finds boxes by
and every PDF build checks what it drew against.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 595.2756, 841.8898          # A4 portrait, pt
MARGIN_X = 18 * MM
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
LABEL_WIDTH = 45 * MM          # the label column of free fields
CELL_PAD = 2.0                 # left and right padding of a field cell
LABEL_PAD = 4.0                # a free field's label: its right padding (none on the left)
SECOND_LABEL_PAD = 10.0        # the second label of a row of two: 6 pt left, 4 pt right
BOX = 14.0                     # checkbox and radio size: 4.9 mm, which a scan reads reliably
OPTION_ROW = 15.0              # the height of one line of options
LINE = 9 * MM                  # pitch of wrapped option lines: boxes 9 mm apart read apart on a scan
TEXT_HEIGHT = 17.0             # a one-line text box
GAP = 3.0                      # between a box and its label
OPTION_GAP = 10.0              # between one option's label and the next box
OPTION_COL = 9 * MM            # the narrowest option column of a table
FIRST_COL_MIN = 50 * MM        # the item column keeps at least this much
STACKED_COL = 40 * MM          # a choice column whose options flow in one cell

#: Where a page's body starts and ends: room above and below for the
#: registration marks and the footer with its QR code.
MARGIN_TOP, MARGIN_BOTTOM = 23 * MM, 30 * MM

# -- what a scan reader needs on paper ------------------------------------------------
#: Four solid squares, one near each corner, with white around them.
MARK_SIZE = 5.5 * MM
#: Distance from a mark's centre to the nearest two page edges.
MARK_INSET = 15 * MM
#: The footer's text starts right of the lower left mark.
FOOTER_X = MARK_INSET + MARK_SIZE / 2 + 6 * MM
#: A QR module's size (0.5 mm prints and scans well) and the largest QR
#: code the footer has room for.
QR_MODULE = 0.5 * MM
QR_MAX = 18 * MM
#: The QR code sits in the middle of the footer, 10 mm up: a sheet fed
#: skewed turns its corners off the scan first (the marks allow for one
#: lost), and a shifted or scaled one keeps the middle of its edges longest.
QR_BOTTOM = 10 * MM


#: A second QR code with the same text sits in the top margin, at 0.8 of
#: the bottom one's size (0.4 mm modules: the top margin is 23 mm), its top
#: 6 mm from the edge: a torn, stained or folded bottom edge does not lose
#: the page. It stands halfway between the top left mark and the middle,
#: off the line down the middle of the sheet that the bottom code is on: a
#: sheet folded in half lengthwise (or in four) is creased along that line
#: and would lose both codes to one crease.
QR_TOP_SCALE = 0.8
QR_TOP = 6 * MM
QR_TOP_CENTRE = (MARK_INSET + PAGE_WIDTH / 2) / 2


def qr_box(size: float) -> tuple[float, float]:
    """The lower left corner of a QR code of ``size`` points on the page."""
    return (PAGE_WIDTH - size) / 2, QR_BOTTOM


def qr_squares(size: float) -> dict[str, tuple[float, float, float]]:
    """``{"bottom": (x0, y0, side), "top": (x0, y0, side)}``: where a page's
    two QR codes print, for a bottom code of ``size`` points."""
    top = size * QR_TOP_SCALE
    return {"bottom": (*qr_box(size), size),
            "top": (QR_TOP_CENTRE - top / 2, PAGE_HEIGHT - QR_TOP - top, top)}


#: The copy id a page's QR square has room for (``k`` and 11 hex digits).
COPY_ROOM = 12


@lru_cache(maxsize=256)
def qr_size(text: str) -> float:
    """The printed size of the QR code of ``text``: :data:`QR_MODULE` per
    module, at most :data:`QR_MAX`."""
    from .qr import runs
    return min(QR_MAX, runs(text)[0] * QR_MODULE)


def qr_square(form_id: str, version: str, page: int) -> float:
    """The side of a page's QR square: room for a copy id, so that a
    prefilled copy's QR code (with its id) replaces the blank one in the
    same square, and a scan reader knows the square from the code's text."""
    from .names import qr_text
    return qr_size(qr_text(form_id, version, page, "n" * COPY_ROOM))


def mark_centres() -> tuple[tuple[float, float], ...]:
    """The registration marks' centres in PDF points (origin bottom left):
    top left, top right, bottom right, bottom left."""
    lo, hx, hy = MARK_INSET, PAGE_WIDTH - MARK_INSET, PAGE_HEIGHT - MARK_INSET
    return ((lo, hy), (hx, hy), (hx, lo), (lo, lo))


SANS, SANS_BOLD = "FormgenSans", "FormgenSans-Bold"
#: Font sizes the plan measures with (and the renderers print with).
HEAD_SIZE = 8.0                # column headers, bold
OPTION_SIZE = 8.5              # option labels next to their box
LABEL_SIZE = 10.0              # free field labels, bold


@dataclass(frozen=True)
class SlotPlan:
    """One widget place inside a cell."""

    field_id: str
    type: str
    x: float
    y: float
    width: float
    height: float
    shape: str                       # box, circle, text, combo, signature
    option: str | None = None        # the option value, for one answer of a choice
    label: str = ""                  # printed to the right of the slot
    label_x: float = 0.0

    @property
    def right(self) -> float:
        """Where the slot and its label end."""
        return max(self.x + self.width, self.label_x + (self.label_width or 0))

    label_width: float = 0.0


@dataclass(frozen=True)
class CellPlan:
    width: float
    text: str = ""
    style: str = "item"              # head, head_c, section, item, label, option
    span: int = 1
    rowspan: int = 1
    covered: bool = False
    slots: tuple[SlotPlan, ...] = ()
    field_id: str | None = None      # the field this cell holds (all of it)
    item: object = None              # the Item, in the first cell of an item row
    help: str = ""                   # smaller text under ``text`` (a field's help)

    @property
    def height(self) -> float:
        return max((s.y + s.height for s in self.slots), default=0.0)


@dataclass(frozen=True)
class RowPlan:
    kind: str                        # head, subhead, section, item, field
    cells: tuple[CellPlan, ...]


@dataclass(frozen=True)
class BlockPlan:
    kind: str                        # title, intro, correction, heading, fields, table, legend
    text: str = ""
    columns: tuple[float, ...] = ()
    rows: tuple[RowPlan, ...] = ()
    section: int | None = None
    header_rows: int = 0


@dataclass(frozen=True)
class Plan:
    width: float
    blocks: tuple[BlockPlan, ...]
    problems: tuple[tuple[str, str, str], ...] = ()

    def slots(self):
        """Every slot in reading (and tab) order."""
        for block in self.blocks:
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.slots


class LayoutError(ValueError):
    """A field that cannot fit where it stands: ``what`` and ``fix``."""

    def __init__(self, what: str, fix: str):
        self.what, self.fix = what, fix
        super().__init__(what)


# -- measuring -----------------------------------------------------------------

@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the form's body fonts with reportlab (once per process)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    base = Path(__file__).resolve().parent / "fonts"
    pdfmetrics.registerFont(TTFont(SANS, io.BytesIO((base / "LiberationSans-Regular.ttf").read_bytes())))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, io.BytesIO((base / "LiberationSans-Bold.ttf").read_bytes())))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)


class Metrics:
    """Text widths in the form's fonts."""

    def __init__(self) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth
        register_fonts()
        self._sw = stringWidth

    def width(self, text: str, size: float = OPTION_SIZE, bold: bool = False) -> float:
        return self._sw(text, SANS_BOLD if bold else SANS, size)

    def longest_word(self, text: str, size: float = HEAD_SIZE, bold: bool = True) -> float:
        return max((self.width(w, size, bold) for w in text.split()), default=0.0)

    def fits(self, text: str, width: float, size: float, bold: bool, language: str) -> bool:
        """Whether every word of ``text`` fits ``width``: whole, or broken at
        its hyphens or at the language's hyphenation points (as the PDF
        breaks it)."""
        return all(self._fits_word(w, width, size, bold, language) for w in text.split())

    def _fits_word(self, word: str, width: float, size: float, bold: bool, language: str) -> bool:
        if self.width(word, size, bold) <= width:
            return True
        parts = [p + "-" for p in word.split("-")[:-1]] + [word.split("-")[-1]]
        if len(parts) > 1:
            return all(self._fits_word(p, width, size, bold, language) for p in parts)
        lang = hyphenation(language)
        if not lang or len(word) < HYPHENATE_FROM:
            return False
        import pyphen
        for head, tail in pyphen.Pyphen(lang=lang).iterate(word):   # the longest head first
            if self.width(head + "-", size, bold) <= width:
                return self._fits_word(tail, width, size, bold, language)
        return False


def hyphenation(language: str) -> str | None:
    """The pyphen dictionary for ``language`` (``nl-NL`` -> ``nl_NL``), or None."""
    try:
        import pyphen
    except ImportError:
        return None
    return pyphen.language_fallback(language.replace("-", "_"))


#: Only words at least this long are broken at hyphenation points: a
#: shorter word that does not fit its column is refused by validate (a
#: column that narrow needs widening); a shorter word at a line's end goes
#: to the next line whole, without loading the dictionary.
HYPHENATE_FROM = 12


class Hyphenator:
    """Where pyphen may break a word of ``lang`` (the longest head first;
    none for a word shorter than :data:`HYPHENATE_FROM`): the dictionary
    (about 0.1 s to load) is loaded the first time a word needs it, not for
    every form (:mod:`formgen.layout_text` asks it)."""

    def __init__(self, lang: str):
        self.lang = lang
        self._iterate = None

    def __call__(self, word: str):
        if len(word) < HYPHENATE_FROM:
            return []
        if self._iterate is None:
            import pyphen
            self._iterate = pyphen.Pyphen(lang=self.lang).iterate
        return self._iterate(word)


def paragraphs(text: str) -> list[str]:
    """A section's text as paragraphs: a blank line between two; a single
    line break is only where the author's editor wrapped the line."""
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def label_text(label: str) -> str:
    """A free field's printed label: ``:`` added unless it ends in ``?``, ``:`` or ``*``."""
    label = label.rstrip()
    return label if label.endswith(("?", ":", "*")) else label + ":"


#: The width of an option's "other" text field, and the least it may shrink to.
OTHER_WIDTH, OTHER_MIN = 50 * MM, 25 * MM


def flow_options(field_id: str, type_: str, options, width: float, metrics: Metrics,
                 shape: str = "circle") -> list[SlotPlan]:
    """Options as box + label, left to right, wrapping onto new lines; an
    option with ``other`` has a text slot after its label (the field
    ``<field id>_<value>``)."""
    slots, x, y = [], 0.0, 0.0
    for o in options:
        lw = metrics.width(o.label, OPTION_SIZE)
        need = BOX + GAP + lw
        if need > width:
            raise LayoutError(
                f"option {o.label!r} needs {need / MM:.0f} mm, its field has {width / MM:.0f} mm",
                "give the option a shorter 'label' and keep the long text in 'title'")
        if x > 0 and x + need > width:
            x, y = 0.0, y + LINE
        slots.append(SlotPlan(field_id, type_, x, y + (OPTION_ROW - BOX) / 2, BOX, BOX, shape,
                              option=o.value, label=o.label, label_x=x + BOX + GAP,
                              label_width=lw))
        x += need + OPTION_GAP
        if o.other:
            x -= OPTION_GAP - GAP
            if width - x < OTHER_MIN:          # the text field on a line of its own
                x, y = BOX + GAP, y + LINE
            w = min(OTHER_WIDTH, width - x)
            slots.append(SlotPlan(f"{field_id}_{o.value}", "text", x, y, w, OPTION_ROW, "text"))
            x += w + OPTION_GAP
    return slots


