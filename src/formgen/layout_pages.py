"""The layout plan on A4 pages: on which page, and where on it, everything
of a form lands (:func:`pages`, cached as ``form.pages``).

The plan (:mod:`formgen.layout`) fixes rows, cells, widths and where each
slot sits inside its cell; this module adds the heights and the page
breaks, measuring text with :mod:`formgen.layout_text` in the styles of
:func:`styles`, by these rules:

- a block starts below the previous one; the space after one block and
  the space before the next overlap (the larger counts), and at the top
  of a page the space before is dropped;
- a paragraph too long for the rest of a page is split between lines (at
  least two lines stay);
- a table never splits inside a row; a section table's header rows repeat
  on every page and never stand alone at a page's foot (at least the first
  item goes with them); a cell is as high as its tallest content plus its
  padding, and rows spanned by one cell share what it needs more;
- a section heading stays with what follows it: if the two do not fit
  together, the heading starts the next page;
- a legend entry stays whole.

(These are the rules of reportlab's platypus, which drew formgen's PDFs
before this module did: the pages look as they did.) The result lists
every slot on its page (what a scan reader finds boxes by,
:mod:`formgen.readers.scan_model`) and everything the PDF renderer draws,
in order (:class:`Op`, drawn by :mod:`formgen.render.pdf_draw`): the PDF
draws this plan and nothing else, so a box is printed where a scan reader
looks for it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from .layout import (
    CELL_PAD,
    HEAD_SIZE,
    LABEL_PAD,
    LABEL_SIZE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MM,
    SECOND_LABEL_PAD,
    SlotPlan,
    hyphenation,
    paragraphs,
    register_fonts,
)
from .layout_text import Para, Style

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

# -- the words' styles and runs (the renderer prints with these) ----------------------

@lru_cache(maxsize=8)
def styles(hyphenation: str = "") -> dict[str, Style]:
    """The paragraph styles; ``hyphenation`` a pyphen language: a word of
    a label or a column header too long for its column breaks at a
    hyphenation point (see :func:`formgen.layout.hyphenation`). Running text
    (titles, descriptions, paragraphs) wraps at spaces and hyphens only: its
    columns are wide, and hyphenating every line end would load the
    dictionary for every form (a fifth of a build's time)."""
    narrow = hyphenation
    return {
        "title": Style("title", 16, 20, bold=True, space_after=6),
        "intro": Style("intro", 9.5, 12.5, space_after=8),
        "correction": Style("correction", 9, 11.5, bold=True, space_after=8),
        "label": Style("label", LABEL_SIZE, 12, bold=True, hyphenate=narrow),
        "heading": Style("heading", 11, 14, bold=True, space_before=4, space_after=6,
                         keep_with_next=True),
        "head": Style("head", 8.5, 10.5, bold=True, hyphenate=narrow),
        "head_c": Style("head_c", HEAD_SIZE, 9.5, bold=True, centred=True, hyphenate=narrow),
        "section": Style("section", 10, 12.5, bold=True),
        "item": Style("item", 9, 11.5),
        "desc": Style("desc", 8.5, 10.6, space_before=2),
        "legend_title": Style("legend_title", 9.5, 12, bold=True, space_before=10,
                              space_after=3),
        "term": Style("term", 9, 11.5, bold=True, space_before=5),
        "line": Style("line", 8.5, 10.6, indent=12),
        # a field's help under its label; a section's paragraphs under its title
        "help": Style("help", 8, 9.8, space_before=1, grey=True),
        "help_c": Style("help_c", 8, 9.8, space_before=1, grey=True, centred=True,
                        hyphenate=narrow),
        "text": Style("text", 9, 11.5, space_after=4),
    }


def plain(text: str) -> list[tuple[str, bool]]:
    """Text as the runs of a paragraph (its line breaks kept)."""
    return [(text, False)]


def item_runs(form, item) -> list[tuple[list, str]]:
    """An item cell's paragraphs as ``(runs, style)``: code, the item word
    and title; under it the description."""
    out = [([(item.code, True), (f" {form.item_label} ", False), (item.title, True)], "item")]
    if item.description:
        label = [(form.description_label + " ", False)] if form.description_label else []
        out.append((label + [(item.description, False)], "desc"))
    return out


def cell_paragraphs(form, cell) -> list[tuple[list, str]] | None:
    """What a plan cell prints as paragraphs ``(runs, style)``; None for a
    cell of slots; ``[]`` for an empty one."""
    if cell.covered:
        return []
    if cell.slots:
        return None
    if cell.item is not None:
        return item_runs(form, cell.item)
    if cell.style == "text":
        return [(plain(p), "text") for p in paragraphs(cell.text)]
    if cell.help:
        return [(plain(cell.text), cell.style),
                (plain(cell.help), "help_c" if cell.style == "head_c" else "help")]
    return [(plain(cell.text), cell.style)] if cell.text else []


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
class Op:
    """One thing the PDF renderer draws on page ``page``, in drawing order.

    ``kind`` and ``args``:

    - ``para``: ``(x, top, width, Para, key, repeated)``: a paragraph whose
      first line's top is at ``top``; ``key`` names its structure element
      (see :func:`formgen.render.pdf_draw.structure`); ``repeated``: a
      table's header drawn again on a later page (an artifact);
    - ``shade``: ``(x0, y0, x1, y1)``: the grey behind a table's header rows;
    - ``grid``: ``((x0, y0, x1, y1), ...)``: the table's rules;
    - ``slots``: ``(key, first, end)``: the cell ``key``'s slots, which are
      ``Pages.slots[first:end]``;
    - ``logo``: ``(x, y, width, height, key)``; ``identity``: ``()``, the hidden
      field with the form's identity.
    """

    page: int
    kind: str
    args: tuple


@dataclass(frozen=True)
class Pages:
    """How many pages one copy has, every slot on them in drawing order, and
    what the renderer draws on each (:class:`Op`)."""

    count: int
    slots: tuple[PlacedSlot, ...]
    ops: tuple[Op, ...] = ()


def pages(form) -> Pages:
    """Where ``form``'s layout plan lands on A4 pages (see the module's text)."""
    register_fonts()
    return _Flow(form).run()


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
    """One thing in the flow: it has a size, may split, and records where it went."""

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
    def __init__(self, para: Para, key: tuple):
        self.p, self.key = para, key
        st = para.style
        self.space_before, self.space_after = st.space_before, st.space_after
        self.keep_with_next = st.keep_with_next

    def wrap(self, width, height):
        return width, self.p.wrap(width)

    def split(self, width, height):
        parts = [_Para(p, self.key) for p in self.p.split(width, height)]
        for part in parts:
            part.path = self.path
        return parts

    def place(self, flow, x, y, width):
        flow.op("para", x, y + self.p.height, width, self.p, self.key, False)


class _Space(_Item):
    def __init__(self, height: float):
        self.height = height

    def wrap(self, width, height):
        return 1.0, self.height


class _Zero(_Item):
    """Takes no room (the hidden identity field)."""

    def wrap(self, width, height):
        return 0.0, 0.0

    def place(self, flow, x, y, width):
        flow.op("identity")


class _Logo(_Item):
    def __init__(self, data: bytes, key: tuple):
        self.key = key
        self.w, h = logo_size(data)
        self.height = h + LOGO_BELOW

    def wrap(self, width, height):
        return width, self.height

    def place(self, flow, x, y, width):
        flow.op("logo", x + width - self.w, y + LOGO_BELOW, self.w, self.height - LOGO_BELOW,
                self.key)


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

    def __init__(self, flow: "_Flow", block, b: int, rows: list[int] | None = None):
        self.flow, self.block, self.b = flow, block, b
        self.continued = rows is not None and rows[block.header_rows:block.header_rows + 1] != \
            [block.header_rows]
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

    def paras(self, r: int, c: int) -> list[Para] | None:
        """The paragraphs of cell (block row ``r``, column ``c``), made once."""
        key = (self.b, r, c)
        made = self.flow.cells.get(key, False)
        if made is False:
            runs = cell_paragraphs(self.flow.form, self.block.rows[r].cells[c])
            made = None if runs is None else [Para(text, self.flow.styles[style])
                                              for text, style in runs]
            self.flow.cells[key] = made
        return made

    def content(self, r: int, c: int, width: float) -> float:
        """The height of what cell (block row ``r``, column ``c``) holds at
        ``width`` (inside its padding): its slots, or its paragraphs with the
        space between them."""
        cell = self.block.rows[r].cells[c]
        paras = self.paras(r, c)
        if paras is None:
            return cell.height
        if not paras:      # no text: an empty string (one line of the table's default) ...
            listed = cell.style == "text" and not cell.covered   # ... or an empty list
            return 0.0 if listed else _CELL_LEADING
        total = sum(p.wrap(width) + p.style.space_before + p.style.space_after for p in paras)
        return total - paras[0].style.space_before - paras[-1].style.space_after

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
        first = _Table(self.flow, self.block, self.b, self.rows[:at])
        rest = _Table(self.flow, self.block, self.b, self.rows[:self.repeat] + self.rows[at:])
        first.continued = self.continued
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
        """Record the table as drawn: the header's shade, every cell's
        paragraphs and slots (placed as reportlab places a cell's content:
        from the top, or centred in the row), then the rules."""
        heights = self.heights()
        if self.centred:
            x += (width - self.cols[-1]) / 2
        starts, covered, _ = self._spans()
        tops = [y + sum(heights)]
        for h in heights:
            tops.append(tops[-1] - h)
        if self.repeat:
            flow.op("shade", x, tops[self.repeat], x + self.cols[-1], tops[0])
        edges = set()
        for k, r in enumerate(self.rows):
            for c, cell in enumerate(self.block.rows[r].cells):
                if (k, c) in covered or cell.covered:
                    continue
                k1, c1 = starts.get((k, c), (k, c))
                x0, x1 = x + self.cols[c], x + self.cols[c1 + 1]
                top, bottom = tops[k], tops[k1 + 1]
                edges.update((_e(x0, top, x1, top), _e(x0, bottom, x1, bottom),
                              _e(x0, bottom, x0, top), _e(x1, bottom, x1, top)))
                left, right, pad_top, pad_bottom, valign = cell_style(self.block, r, c)
                key = (self.b, r, c)
                if cell.slots:
                    h = cell.height
                    if valign == "TOP":
                        y0 = bottom + (top - bottom) - pad_top - h
                    else:
                        y0 = bottom + (top - bottom + pad_bottom - pad_top - h) / 2
                    first = len(flow.placed)
                    flow.slots_at(cell, x0 + left, y0)
                    flow.op("slots", key, first, len(flow.placed))
                    continue
                paras = self.paras(r, c)
                if not paras:
                    continue
                inner = x1 - x0 - left - right
                h = self.content(r, c, inner)
                if valign == "TOP":
                    at = top - pad_top
                else:
                    at = bottom + (top - bottom + pad_bottom - pad_top + h) / 2
                at += paras[0].style.space_before
                repeated = self.continued and k < self.repeat
                for n, p in enumerate(paras):
                    at -= p.style.space_before
                    flow.op("para", x0 + left, at, inner, p, key + (n,), repeated)
                    at -= p.wrap(inner) + p.style.space_after
        if self.block.kind == "table":
            flow.op("grid", tuple(sorted(edges)))


def _e(x0, y0, x1, y1) -> tuple:
    return (round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3))


class _Flow:
    """The page flow: one frame per page, measured and recorded."""

    def __init__(self, form):
        self.form = form
        self.styles = styles(hyphenation(form.language) or "")
        self.page = 1
        self.placed: list[PlacedSlot] = []
        self.ops: list[Op] = []
        self.cells: dict = {}
        self._reset()

    def _reset(self):
        self.y, self.at_top, self.prev_after = FRAME_TOP, True, 0.0

    def new_page(self):
        self.page += 1
        self._reset()

    def op(self, kind: str, *args) -> None:
        self.ops.append(Op(self.page, kind, args))

    def slots_at(self, cell, x: float, y: float) -> None:
        top = y + cell.height
        box = (x, y, x + cell.width - 2 * CELL_PAD, top)
        for s in cell.slots:
            rect = (x + s.x, top - s.y - s.height, x + s.x + s.width, top - s.y)
            self.placed.append(PlacedSlot(self.page, s, rect, box))

    def items(self) -> list[_Item]:
        f, st, out = self.form, self.styles, []

        def para(text, style, key):
            return _Para(Para(plain(text), st[style]), key)

        for b, block in enumerate(f.layout.blocks):
            kind = block.kind
            if kind == "logo":
                out.append(_Logo(f.logo_image, (b,)))
            elif kind in ("title", "intro", "correction", "heading"):
                out.append(para(block.text, kind, (b,)))
                out[-1].path = {"heading": f"sections[{block.section}].title"}.get(kind, kind)
            elif kind == "text":
                for n, p in enumerate(paragraphs(block.text)):
                    out.append(para(p, "text", (b, n)))
                    out[-1].path = f"sections[{block.section}].text"
            elif kind in ("fields", "table"):
                table = _Table(self, block, b)
                table.path = ("fields" if block.section is None
                              else f"sections[{block.section}]"
                              + (".fields" if kind == "fields" else ""))
                out += [table, _Space(BLOCK_GAP)]
            elif kind == "legend":
                for n, entry in enumerate(f.legend.entries):
                    group = [para(entry.term, "term", (b, n, "term"))]
                    group += [para(line, "line", (b, n, k)) for k, line in enumerate(entry.lines)]
                    if n == 0 and f.legend.title:
                        group.insert(0, para(f.legend.title, "legend_title", (b, "title")))
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
        return Pages(self.page, tuple(self.placed), tuple(self.ops))

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
