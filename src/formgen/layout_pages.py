"""The layout plan on A4 pages: on which page, and where on it, every slot
of a form lands (:func:`pages`, cached as ``form.pages``).

The plan (:mod:`formgen.layout`) fixes rows, cells, widths and where each
slot sits inside its cell; this module adds the heights and the page
breaks. It measures text with reportlab's paragraphs in the renderer's
styles (:func:`styles`, :func:`markup`) and breaks pages by the rules the
PDF renderer's flow follows (reportlab's platypus, :mod:`formgen.render.pdf`):

- a block starts below the previous one; the space after one block and
  the space before the next overlap (the larger counts), and at the top
  of a page the space before is dropped;
- a paragraph too long for the rest of a page is split between lines (by
  reportlab's own paragraph split: at least two lines stay);
- a table never splits inside a row; a section table's header rows repeat
  on every page and never stand alone at a page's foot (at least the first
  item goes with them); a cell is as high as its tallest content plus its
  padding, and rows spanned by one cell share what it needs more;
- a section heading stays with what follows it: if the two do not fit
  together, the heading starts the next page;
- a legend entry stays whole.

The PDF renderer draws the same plan with platypus. Tests hold the two
equal for every example, with the whole form shifted down line by line
so that every row meets the foot of a page once; and every build checks
each slot it drew against these pages before it writes anything
(:func:`check_drawn`), so a scan reader that finds its boxes here
(:mod:`formgen.readers.scan_model`) finds them where they were printed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from html import escape as _html_escape

from .layout import (
    CELL_PAD,
    HEAD_SIZE,
    LABEL_PAD,
    LABEL_SIZE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MM,
    SANS,
    SANS_BOLD,
    SECOND_LABEL_PAD,
    SlotPlan,
    hyphenation,
    paragraphs,
    register_fonts,
)

#: A4 as the renderer's page (210 x 297 mm exactly).
A4_WIDTH, A4_HEIGHT = 210 * MM, 297 * MM
#: The body frame every page flows into.
FRAME_WIDTH = A4_WIDTH - 2 * MARGIN_X
FRAME_TOP = A4_HEIGHT - MARGIN_TOP
FRAME_BOTTOM = MARGIN_BOTTOM
#: The space after a block of free fields and after a section table.
BLOCK_GAP = 8.0
#: The logo's largest size on the page, and the room below it.
LOGO_HEIGHT, LOGO_WIDTH = 14 * MM, 60 * MM
LOGO_BELOW = 6.0
_FUZZ = 1e-6

# -- the words' styles and markup (the renderer prints with these) -------------------

@lru_cache(maxsize=8)
def styles(hyphenation: str = ""):
    """The paragraph styles; ``hyphenation`` a pyphen language: a word of
    a label or a column header too long for its column breaks at a
    hyphenation point (see :func:`formgen.layout.hyphenation`). Running text
    (titles, descriptions, paragraphs) wraps at spaces and hyphens only: its
    columns are wide, and hyphenating every line end would load the
    dictionary for every form (a fifth of a build's time)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    from .layout import Hyphenator
    register_fonts()
    grey = colors.Color(0.25, 0.25, 0.25)
    base = ParagraphStyle("base", fontName=SANS, fontSize=8.5, leading=10.5,
                          embeddedHyphenation=1)
    narrow = {"hyphenationLang": Hyphenator(hyphenation) if hyphenation else ""}
    return {
        "title": ParagraphStyle("title", base, fontName=SANS_BOLD, fontSize=16, leading=20,
                                spaceAfter=6),
        "intro": ParagraphStyle("intro", base, fontSize=9.5, leading=12.5, spaceAfter=8),
        "correction": ParagraphStyle("correction", base, fontName=SANS_BOLD, fontSize=9,
                                     leading=11.5, spaceAfter=8),
        "label": ParagraphStyle("label", base, fontName=SANS_BOLD, fontSize=LABEL_SIZE, leading=12,
                                **narrow),
        "heading": ParagraphStyle("heading", base, fontName=SANS_BOLD, fontSize=11, leading=14,
                                  spaceBefore=4, spaceAfter=6, keepWithNext=1),
        "head": ParagraphStyle("head", base, fontName=SANS_BOLD, fontSize=8.5, leading=10.5,
                               **narrow),
        "head_c": ParagraphStyle("head_c", base, fontName=SANS_BOLD, fontSize=HEAD_SIZE,
                                 leading=9.5, alignment=1, **narrow),
        "section": ParagraphStyle("section", base, fontName=SANS_BOLD, fontSize=10, leading=12.5),
        "item": ParagraphStyle("item", base, fontSize=9, leading=11.5),
        "desc": ParagraphStyle("desc", base, fontSize=8.5, leading=10.6, spaceBefore=2),
        "legend_title": ParagraphStyle("legend_title", base, fontName=SANS_BOLD, fontSize=9.5,
                                       leading=12, spaceBefore=10, spaceAfter=3),
        "term": ParagraphStyle("term", base, fontName=SANS_BOLD, fontSize=9, leading=11.5,
                               spaceBefore=5),
        "line": ParagraphStyle("line", base, fontSize=8.5, leading=10.6, leftIndent=12),
        # a field's help under its label; a section's paragraphs under its title
        "help": ParagraphStyle("help", base, fontSize=8, leading=9.8, spaceBefore=1,
                               textColor=grey),
        "help_c": ParagraphStyle("help_c", base, fontSize=8, leading=9.8, spaceBefore=1,
                                 textColor=grey, alignment=1, **narrow),
        "text": ParagraphStyle("text", base, fontSize=9, leading=11.5, spaceAfter=4),
    }


@lru_cache(maxsize=1)
def measured_paragraph():
    """reportlab's ``Paragraph`` that breaks its lines once for a width.

    A table asks a cell's paragraph its size twice (to size the row, then
    to draw it), a group kept together asks before the frame does; reportlab
    breaks the lines again each time, and a second breaking of a paragraph
    whose first broke a word at its hyphen loses the hyphen (it printed
    "ICTbeheerder" where "ICT-" ended a line). The page plan and the PDF
    both measure with this class, so they break every line the same way."""
    from reportlab.platypus.paragraph import Paragraph

    class MeasuredParagraph(Paragraph):
        def wrap(self, availWidth, availHeight):
            if self.__dict__.get("_wrapped_at") == availWidth and "blPara" in self.__dict__:
                return self.width, self.height
            size = super().wrap(availWidth, availHeight)
            self._wrapped_at = availWidth
            return size

    return MeasuredParagraph


def escape(text: str) -> str:
    """Text as reportlab paragraph markup (&, < and > escaped)."""
    return _html_escape(text, quote=False)


def markup(text: str) -> str:
    """Plain text as paragraph markup, its line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def item_markup(form, item) -> list[tuple[str, str]]:
    """An item cell's paragraphs as ``(markup, style)``: code, the item
    word and title; under it the description."""
    out = [(f"<b>{escape(item.code)}</b> {escape(form.item_label)} <b>{escape(item.title)}</b>",
            "item")]
    if item.description:
        label = f"<i>{escape(form.description_label)}</i> " if form.description_label else ""
        out.append((label + escape(item.description), "desc"))
    return out


def cell_paragraphs(form, cell) -> list[tuple[str, str]] | None:
    """What a plan cell prints as paragraphs ``(markup, style)``; None for a
    cell of slots; ``[]`` for an empty one."""
    if cell.covered:
        return []
    if cell.slots:
        return None
    if cell.item is not None:
        return item_markup(form, cell.item)
    if cell.style == "text":
        return [(markup(p), "text") for p in paragraphs(cell.text)]
    if cell.help:
        return [(markup(cell.text), cell.style),
                (markup(cell.help), "help_c" if cell.style == "head_c" else "help")]
    return [(markup(cell.text), cell.style)] if cell.text else []


def logo_size(data: bytes) -> tuple[float, float]:
    """The logo's printed width and height: at most :data:`LOGO_HEIGHT` high
    and :data:`LOGO_WIDTH` wide, its proportions kept."""
    from reportlab.lib.utils import ImageReader
    w, h = ImageReader(io.BytesIO(data)).getSize()
    scale = min(LOGO_HEIGHT / h, LOGO_WIDTH / w)
    return w * scale, h * scale


# -- table cells: padding and vertical alignment -------------------------------------

#: reportlab's cell defaults, which section tables keep where they set nothing.
_PAD_X, _PAD_Y, _CELL_LEADING = 6.0, 3.0, 12.0
#: Free fields: top and bottom padding.
FREE_PAD_TOP, FREE_PAD_BOTTOM = 2.0, 4.0


def cell_style(block, r: int, c: int) -> tuple[float, float, float, float, str]:
    """``(left, right, top, bottom, valign)`` of cell ``(r, c)`` of a table
    block: free fields are aligned to the top, label | field pairs padded
    as the labels need; a section table's cells are centred vertically
    (an item's own cell at the top), its field columns padded by
    :data:`CELL_PAD`."""
    if block.kind == "fields":
        if c % 2 == 0:
            left = 0.0 if c == 0 else SECOND_LABEL_PAD - LABEL_PAD
            return left, LABEL_PAD, FREE_PAD_TOP, FREE_PAD_BOTTOM, "TOP"
        return CELL_PAD, CELL_PAD, FREE_PAD_TOP, FREE_PAD_BOTTOM, "TOP"
    pad = _PAD_X if c == 0 else CELL_PAD
    return pad, pad, _PAD_Y, _PAD_Y, "TOP" if c == 0 and r >= block.header_rows else "MIDDLE"


# -- the pages -----------------------------------------------------------------------

@dataclass(frozen=True)
class PlacedSlot:
    """A slot on paper: its page (from 1), its rectangle ``(x0, y0, x1, y1)``
    and its cell's inner box, in PDF points (origin at the lower left)."""

    page: int
    slot: SlotPlan
    rect: tuple[float, float, float, float]
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Pages:
    """How many pages one copy has, and every slot on them in drawing order."""

    count: int
    slots: tuple[PlacedSlot, ...]


def pages(form) -> Pages:
    """Where ``form``'s layout plan lands on A4 pages (see the module's text)."""
    return _Flow(form).run()


def check_drawn(form, placed: dict, first_page: int = 1) -> tuple[str, int] | None:
    """The first slot the PDF renderer drew (``placed``: field id -> [(page,
    option, rect, box)], pages counted from ``first_page``) elsewhere than
    ``form.pages`` has it (by more than a hundredth of a point), as
    ``(field id, page)``; None when every slot is where the plan has it."""
    want = {(p.slot.field_id, p.slot.option): p for p in form.pages.slots}
    got = {(fid, option): (page - first_page + 1, rect, box) for fid, spots in placed.items()
           for page, option, rect, box in spots}
    for key in sorted(set(want) ^ set(got), key=str):
        return key[0], (got.get(key) or (want[key].page,))[0]
    for key, (page, rect, box) in got.items():
        p = want[key]
        if page != p.page or any(abs(a - b) > 0.01 for a, b in zip(rect + box, p.rect + p.box)):
            return key[0], page
    return None


class TooTall(Exception):
    """Content higher than a page: ``problems`` as ``(path, what, fix)``,
    every table row that does not fit a page under its header."""

    def __init__(self, tall: list[tuple[str, float]]):
        room = (FRAME_TOP - FRAME_BOTTOM) / MM
        self.problems = [(path, f"this is higher than a page ({height / MM:.0f} mm; a page "
                                f"has room for {room:.0f} mm)",
                          "shorten its text (a description, a label, a help text)")
                         for path, height in tall]
        super().__init__(self.problems[0][1])


class _Item:
    """One thing in the flow, as platypus sees a flowable."""

    space_before = space_after = 0.0
    keep_with_next = False
    postponed = False
    path = ""

    def too_tall(self) -> TooTall:
        return TooTall([(self.path, self.wrap(FRAME_WIDTH, 0xFFFFFF)[1])])

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        raise NotImplementedError

    def split(self, width: float, height: float) -> list:
        return []

    def place(self, flow: "_Flow", x: float, y: float, width: float) -> None:
        """Record what sits at (x, y), the item's lower left corner."""


class _Break(_Item):
    """Go on at the top of the next page."""


class _Nothing(_Item):
    """Go on as before (what a group that is already at a page's top leaves)."""


class _Para(_Item):
    def __init__(self, paragraph):
        self.p = paragraph
        self.space_before = paragraph.getSpaceBefore()
        self.space_after = paragraph.getSpaceAfter()
        self.keep_with_next = bool(paragraph.getKeepWithNext())

    def wrap(self, width, height):
        return self.p.wrap(width, height)

    def split(self, width, height):
        parts = [_Para(p) for p in self.p.split(width, height)]
        for part in parts:
            part.path = self.path
        return parts


class _Space(_Item):
    def __init__(self, height: float):
        self.height = height

    def wrap(self, width, height):
        return 1.0, self.height


class _Zero(_Item):
    """Takes no room (the hidden identity field)."""

    def wrap(self, width, height):
        return 0.0, 0.0


class _Logo(_Item):
    def __init__(self, data: bytes):
        self.height = logo_size(data)[1] + LOGO_BELOW

    def wrap(self, width, height):
        return width, self.height


class _Keep(_Item):
    """Items that go on one page together if they can (platypus'
    ``KeepTogether``): if they do not fit the rest of this page, they
    start the next; at a page's top they flow as they come."""

    def __init__(self, items: list):
        self.items = items
        self.space_before = items[0].space_before
        self.space_after = items[-1].space_after

    def wrap(self, width, height):
        return width, 0xFFFFFF          # never drawn whole: always split

    def heights(self, width) -> tuple[float, float]:
        """The group's height (spaces between items overlapping) and its first item's."""
        total, prev, first, top = 0.0, 0.0, None, True
        for item in self.items:
            _, h = item.wrap(width, 0xFFFFFFF)
            if first is None:
                first = h
            if h <= _FUZZ:
                continue
            total += h
            if not top:
                total += max(item.space_before - prev, 0.0)
            top = False
            prev = item.space_after
            total += prev
        return total - prev, first or 0.0

    def split_at(self, width, height, at_top: bool) -> list:
        total, first = self.heights(width)
        over = total > height
        if over or first > height:
            if over:
                head = _Nothing() if at_top else _Break()
            else:
                head = _Break() if FRAME_TOP - FRAME_BOTTOM >= total else _Nothing()
            return [head, *self.items]
        return list(self.items)


class _Table(_Item):
    """A table block (free fields or a section table), or the rows of one
    that go on after a page break (``rows``: indices into the block's rows,
    the header rows first)."""

    def __init__(self, flow: "_Flow", block, rows: list[int] | None = None):
        self.flow, self.block = flow, block
        self.rows = list(range(len(block.rows))) if rows is None else rows
        self.repeat = block.header_rows if block.kind == "table" else 0
        self.centred = block.kind == "table"
        self.cols = [0.0]
        for w in block.columns:
            self.cols.append(self.cols[-1] + w)
        self._heights = None

    def _spans(self):
        """``({(r, c): (r1, c1)}, covered, rowspanned)``: where each cell that
        starts a span in this table ends (row indices here), the cells a span
        covers, and the cells in a span over several rows."""
        starts, covered, rowspanned = {}, set(), set()
        index = {r: k for k, r in enumerate(self.rows)}
        for k, r in enumerate(self.rows):
            for c, cell in enumerate(self.block.rows[r].cells):
                if cell.covered or (cell.span == 1 and cell.rowspan == 1):
                    continue
                last = r + cell.rowspan - 1
                k1 = index.get(last, k)
                starts[(k, c)] = (k1, c + cell.span - 1)
                for kk in range(k, k1 + 1):
                    for cc in range(c, c + cell.span):
                        if (kk, cc) != (k, c):
                            covered.add((kk, cc))
                        if k1 != k:
                            rowspanned.add((kk, cc))
        return starts, covered, rowspanned

    def content(self, r: int, c: int, width: float) -> float:
        """The height of what cell (block row ``r``, column ``c``) holds at
        ``width`` (inside its padding): its slots, or its paragraphs with the
        space between them."""
        cell = self.block.rows[r].cells[c]
        paras = cell_paragraphs(self.flow.form, cell)
        if paras is None:
            return cell.height
        if not paras:      # no text: an empty string (one line of the table's default) ...
            listed = cell.style == "text" and not cell.covered   # ... or an empty list
            return 0.0 if listed else _CELL_LEADING
        st, total, first_before, last_after = self.flow.styles, 0.0, None, 0.0
        for text, style in paras:
            p = self.flow.paragraph(text, st[style])
            _, h = p.wrap(width, 72000)
            before, after = p.getSpaceBefore(), p.getSpaceAfter()
            total += h + before + after
            if first_before is None:
                first_before = before
            last_after = after
        return total - first_before - last_after

    def heights(self) -> list[float]:
        if self._heights is not None:
            return self._heights
        starts, _, rowspanned = self._spans()
        heights, needs = [], {}
        for k, r in enumerate(self.rows):
            tallest = 0.0
            for c, cell in enumerate(self.block.rows[r].cells):
                span = starts.get((k, c))
                if (k, c) in rowspanned and span is None:
                    continue
                left, right, top, bottom, _ = cell_style(self.block, r, c)
                last = span[1] if span else c
                width = self.cols[last + 1] - self.cols[c]
                need = self.content(r, c, width - left - right) + top + bottom
                if span and span[0] != k:
                    key = (k, span[0])
                    needs[key] = max(needs.get(key, need), need)
                    need = 0.0
                tallest = max(tallest, need)
            heights.append(tallest)
        extra: dict[int, float] = {}
        for need, (k0, k1) in sorted(((v, key) for key, v in needs.items()), reverse=True):
            have = sum(heights[k] + extra.get(k, 0.0) for k in range(k0, k1 + 1))
            if have >= need - _FUZZ:
                continue
            share = (need - have) / (k1 - k0 + 1)
            for k in range(k0, k1 + 1):
                extra[k] = extra.get(k, 0.0) + share
        for k, v in extra.items():
            heights[k] += v
        self._heights = heights
        return heights

    def wrap(self, width, height):
        return self.cols[-1], sum(self.heights())

    def split(self, width, height):
        heights = self.heights()
        starts, _, _ = self._spans()
        impossible = set()
        for (k, _c), (k1, _c1) in starts.items():
            impossible.update(range(k + 1, k1 + 1))
        if self.repeat:            # the header and the first item stay together
            impossible.update(range(1, min(self.repeat, len(self.rows) - 1) + 1))
        used, n, at = 0.0, 1, 0
        for h in heights:
            if used + h > height:
                break
            if n not in impossible:
                at = n
            used += h
            n += 1
        if at <= self.repeat:
            return []
        if at == len(self.rows):
            return [self]
        first = _Table(self.flow, self.block, self.rows[:at])
        rest = _Table(self.flow, self.block, self.rows[:self.repeat] + self.rows[at:])
        first._heights, rest._heights = heights[:at], None
        return [first, rest]

    def tall_rows(self) -> list[tuple[str, float]]:
        """Every row that does not fit a page under the header rows, as
        ``(path, height with the header)``."""
        heights, out = self.heights(), []
        head = sum(heights[:self.repeat])
        for k in range(self.repeat, len(self.rows)):
            if head + heights[k] <= FRAME_TOP - FRAME_BOTTOM:
                continue
            path = self.path
            for cell in self.block.rows[self.rows[k]].cells:
                if cell.item is not None:
                    items = self.flow.form.sections[self.block.section].items
                    path = f"{path}.items[{items.index(cell.item)}]"
                    break
            out.append((path, head + heights[k]))
        return out

    def too_tall(self) -> TooTall:
        return TooTall(self.tall_rows() or [(self.path, sum(self.heights()))])

    def place(self, flow, x, y, width):
        heights = self.heights()
        if self.centred:
            x += (width - self.cols[-1]) / 2
        starts, covered, _ = self._spans()
        tops = [y + sum(heights)]
        for h in heights:
            tops.append(tops[-1] - h)
        for k, r in enumerate(self.rows):
            for c, cell in enumerate(self.block.rows[r].cells):
                if not cell.slots or (k, c) in covered:
                    continue
                k1, c1 = starts.get((k, c), (k, c))
                left, _, top, bottom, valign = cell_style(self.block, r, c)
                row_bottom, row_height = tops[k1 + 1], tops[k] - tops[k1 + 1]
                h = cell.height
                if valign == "TOP":
                    y0 = row_bottom + row_height - top - h
                else:
                    y0 = row_bottom + (row_height + bottom - top - h) / 2
                flow.slots_at(cell, x + self.cols[c] + left, y0)


class _Flow:
    """The renderer's page flow, measured: one frame per page."""

    def __init__(self, form):
        self.form = form
        self.styles = styles(hyphenation(form.language) or "")
        self.paragraph = measured_paragraph()
        self.page = 1
        self.placed: list[PlacedSlot] = []
        self._reset()

    def _reset(self):
        self.y, self.at_top, self.prev_after = FRAME_TOP, True, 0.0

    def new_page(self):
        self.page += 1
        self._reset()

    def slots_at(self, cell, x: float, y: float) -> None:
        top = y + cell.height
        box = (x, y, x + cell.width - 2 * CELL_PAD, top)
        for s in cell.slots:
            rect = (x + s.x, top - s.y - s.height, x + s.x + s.width, top - s.y)
            self.placed.append(PlacedSlot(self.page, s, rect, box))

    def items(self) -> list[_Item]:
        f, st, out = self.form, self.styles, []
        para = lambda text, style: _Para(self.paragraph(markup(text), st[style]))  # noqa: E731
        for block in f.layout.blocks:
            kind = block.kind
            if kind == "logo":
                out.append(_Logo(f.logo_image))
            elif kind in ("title", "intro", "correction", "heading"):
                out.append(para(block.text, kind))
                out[-1].path = {"heading": f"sections[{block.section}].title"}.get(kind, kind)
            elif kind == "text":
                for p in paragraphs(block.text):
                    out.append(para(p, "text"))
                    out[-1].path = f"sections[{block.section}].text"
            elif kind in ("fields", "table"):
                table = _Table(self, block)
                table.path = ("fields" if block.section is None
                              else f"sections[{block.section}]"
                              + (".fields" if kind == "fields" else ""))
                out += [table, _Space(BLOCK_GAP)]
            elif kind == "legend":
                for n, entry in enumerate(f.legend.entries):
                    group = [para(entry.term, "term")]
                    group += [para(line, "line") for line in entry.lines]
                    if n == 0 and f.legend.title:
                        group.insert(0, para(f.legend.title, "legend_title"))
                    out.append(_Keep(group))
        out.append(_Zero())
        return out

    def run(self) -> Pages:
        flow = self.items()
        tall = [row for item in flow if isinstance(item, _Table) for row in item.tall_rows()]
        if tall:
            raise TooTall(tall)
        while flow:
            k = 0
            while k < len(flow) and flow[k].keep_with_next and not isinstance(flow[k], _Keep):
                k += 1
            if k:
                if k < len(flow) and not isinstance(flow[k], _Keep):
                    k += 1
                group = _Keep(flow[:k])
                for item in group.items[:-1]:
                    item.keep_with_next = False
                flow[:k] = [group]
            item = flow.pop(0)
            if isinstance(item, _Break):
                self.new_page()
                continue
            if isinstance(item, _Nothing) or self.add(item):
                continue
            parts = self.split(item)
            if parts and not isinstance(parts[0], (_Break, _Nothing)):
                if not self.add(parts[0]):
                    raise RuntimeError("a split part does not fit its page")
                flow[0:0] = parts[1:]
            elif parts:
                flow[0:0] = parts
            else:
                if item.postponed:
                    raise item.too_tall()
                item.postponed = True
                flow.insert(0, item)
                self.new_page()
        return Pages(self.page, tuple(self.placed))

    def _before(self, item) -> float:
        if self.at_top:
            return 0.0
        return max(item.space_before - self.prev_after, 0.0)

    def add(self, item) -> bool:
        s = self._before(item)
        room = self.y - FRAME_BOTTOM - s
        if room <= 0:
            return False
        w, h = item.wrap(FRAME_WIDTH, room)
        y = self.y - (h + s)
        if y < FRAME_BOTTOM - _FUZZ:
            return False
        item.place(self, MARGIN_X, y, FRAME_WIDTH)
        y -= item.space_after
        self.prev_after = item.space_after
        if y != self.y:
            self.at_top = False
        self.y = y
        return True

    def split(self, item) -> list:
        room = self.y - FRAME_BOTTOM - self._before(item)
        if room <= 0:
            return []
        if isinstance(item, _Keep):
            return item.split_at(FRAME_WIDTH, room, self.at_top)
        return item.split(FRAME_WIDTH, room)
