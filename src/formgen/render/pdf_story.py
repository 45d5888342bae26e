"""The layout plan as platypus flowables: paragraphs, tables, the field
slots and the logo, each drawn as marked content of its structure element
(:mod:`.pdf_tags`)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..layout import CELL_PAD, hyphenation, paragraphs
from ..layout_pages import (  # noqa: F401  (escape: imported from here too)
    BLOCK_GAP,
    LOGO_BELOW,
    cell_style,
    escape,
    item_markup,
    logo_size,
    markup,
    measured_paragraph,
    styles,
)
from .pdf_tags import Elem

GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.88, 0.88, 0.88)
_styles = styles


class Slots(Flowable):
    """The field slots of one plan cell: draws each at its planned place.
    The printed outlines are artifacts; each widget gets a Form element
    under ``elem``."""

    def __init__(self, writer, cell, elem=None):
        super().__init__()
        self.writer, self.cell, self.elem = writer, cell, elem
        self.width = cell.width - 2 * CELL_PAD
        self.height = cell.height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        ax, ay = c.absolutePosition(0, 0)
        top = ay + self.height
        index = self.writer.form.field_index
        tagger = getattr(c, "tagger", None)
        if tagger is not None:
            tagger.artifact(c)
        c.saveState()
        c.translate(-ax, -ay)        # field types draw in page coordinates, like widgets
        self.writer.tag_parent = self.elem
        for slot in self.cell.slots:
            rect = (ax + slot.x, top - slot.y - slot.height, ax + slot.x + slot.width,
                    top - slot.y)
            self.writer.place(c, index[slot.field_id], slot, rect,
                              (ax, ay, ax + self.width, top))
        self.writer.tag_parent = None
        c.restoreState()
        if tagger is not None:
            tagger.end(c)


class _Identity(Flowable):
    """Takes no room; adds the hidden identity field to the page it lands on."""

    def __init__(self, writer, elem=None):
        super().__init__()
        self.writer, self.elem = writer, elem

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.writer.tag_parent = self.elem
        self.writer.tag_alt = "formgen"
        self.writer.identity(self.canv)
        self.writer.tag_parent = None

class TaggedParagraph(measured_paragraph()):
    """A paragraph whose text is marked content of its structure element
    (an artifact when a table draws it again, as a repeated header)."""

    def __init__(self, text, style, elem=None, **kwargs):
        super().__init__(text, style, **kwargs)     # a split passes its lines (frags)
        self.elem = elem
        self._tagged_once = False

    def drawOn(self, canv, x, y, _sW=0):
        tagger = getattr(canv, "tagger", None)
        if tagger is None or self.elem is None:
            return super().drawOn(canv, x, y, _sW)
        if self._tagged_once:
            tagger.artifact(canv)
        else:
            tagger.begin(canv, self.elem)
            self._tagged_once = True
        super().drawOn(canv, x, y, _sW)
        tagger.end(canv)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, TaggedParagraph):
                part.elem, part._tagged_once = self.elem, False
        return parts


class Logo(Flowable):
    """The form's logo, right-aligned above the title: a ``Figure`` with its
    alternative text, as large as :func:`formgen.layout_pages.logo_size` says."""

    def __init__(self, data: bytes, elem=None):
        import io

        from reportlab.lib.utils import ImageReader
        super().__init__()
        self.image, self.elem = ImageReader(io.BytesIO(data)), elem
        self.w, self.h = logo_size(data)

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.h + LOGO_BELOW

    def draw(self):
        tagger = getattr(self.canv, "tagger", None)
        if tagger is not None and self.elem is not None:
            tagger.begin(self.canv, self.elem)
        self.canv.drawImage(self.image, self.avail - self.w, LOGO_BELOW, self.w, self.h,
                            mask="auto")
        if tagger is not None and self.elem is not None:
            tagger.end(self.canv)


class TaggedTable(Table):
    """A table whose rules and shading are artifacts (decoration)."""

    def _artifact(self, draw):
        tagger = getattr(self.canv, "tagger", None)
        if tagger is not None:
            tagger.artifact(self.canv)
        draw()
        if tagger is not None:
            tagger.end(self.canv)

    def _drawBkgrnd(self):
        self._artifact(super()._drawBkgrnd)

    def _drawLines(self):
        self._artifact(super()._drawLines)


def _cell_commands(block) -> list:
    """The table style commands of each cell's padding and vertical
    alignment, as :func:`formgen.layout_pages.cell_style` has them (which
    the page plan measures with): one command per column and run of rows
    alike."""
    out = []
    names = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING", "VALIGN")
    for c in range(len(block.columns)):
        start, last = 0, cell_style(block, 0, c)
        for r in range(1, len(block.rows) + 1):
            now = cell_style(block, r, c) if r < len(block.rows) else None
            if now != last:
                out += [(name, (c, start), (c, r - 1), value) for name, value in zip(names, last)]
                start, last = r, now
    return out


class Drawing:
    """Turns a layout plan into platypus flowables, and into the structure
    tree of the tagged PDF (:mod:`.pdf_tags`). One instance per document."""

    def __init__(self, form, writer, tagger):
        self.form, self.writer, self.tagger = form, writer, tagger
        self.st = styles(hyphenation(form.language) or "")
        self.doc = tagger.root

    def para(self, text: str, style: str, elem) -> Paragraph:
        return TaggedParagraph(markup(text), self.st[style], elem)

    def story(self) -> list:
        f = self.form
        story = []
        for block in f.layout.blocks:
            kind = block.kind
            if kind == "logo":
                story.append(Logo(f.logo_image, self.doc.add("Figure", alt=f.logo_alt)))
            elif kind == "title":
                story.append(self.para(block.text, "title", self.doc.add("H1")))
            elif kind == "intro":
                story.append(self.para(block.text, "intro", self.doc.add("P")))
            elif kind == "correction":
                story.append(self.para(block.text, "correction", self.doc.add("P")))
            elif kind == "heading":
                story.append(self.para(block.text, "heading", self.doc.add("H2")))
            elif kind == "text":
                story += self.paragraphs(block.text, self.doc)
            elif kind == "fields":
                story += [self.free_fields(block), Spacer(1, BLOCK_GAP)]
            elif kind == "table":
                story += [self.table(block), Spacer(1, BLOCK_GAP)]
            elif kind == "legend":
                story += self.legend(f.legend)
        story.append(_Identity(self.writer, self.doc))
        return story

    def cell(self, cell, elem):
        """What one plan cell holds, as flowables (or a string), tagged under ``elem``."""
        if cell.covered:
            return ""
        if cell.slots:
            return Slots(self.writer, cell, elem)
        if cell.item is not None:
            return self.item_cell(cell.item, elem)
        if cell.style == "text":
            return self.paragraphs(cell.text, elem)
        if cell.help:            # the label, and under it the field's help
            return [self.para(cell.text, cell.style, elem.add("P")),
                    self.para(cell.help, "help_c" if cell.style == "head_c" else "help",
                              elem.add("P"))]
        return self.para(cell.text, cell.style, elem.add("P")) if cell.text else ""

    def paragraphs(self, text: str, elem) -> list:
        """``text``'s paragraphs (a blank line between two), each a ``P``."""
        return [self.para(p, "text", elem.add("P")) for p in paragraphs(text)]

    def free_fields(self, block) -> Table:
        group = self.doc.add("Div")
        rows, style = [], _cell_commands(block)
        for r, row in enumerate(block.rows):
            cells = []
            for c, cell in enumerate(row.cells):
                if cell.span > 1:
                    style.append(("SPAN", (c, r), (c + cell.span - 1, r)))
                if cell.field_id:
                    ff = self.form.field_index.get(cell.field_id)
                    cells.append(self.cell(cell, Elem("Div", group,
                                                      alt=ff.tooltip if ff else None)))
                else:
                    cells.append(self.cell(cell, group))
            rows.append(cells)
        t = TaggedTable(rows, colWidths=list(block.columns), hAlign="LEFT")
        t.setStyle(TableStyle(style))
        return t

    def table(self, block) -> Table:
        table = self.doc.add("Table")
        rows = []
        for r, row in enumerate(block.rows):
            tr = table.add("TR")
            cells = []
            for cell in row.cells:
                if cell.covered:
                    cells.append("")
                    continue
                spans = {"colspan": cell.span, "rowspan": cell.rowspan}
                if r < block.header_rows:
                    elem = tr.add("TH", scope="Column" if row.kind != "section" else "Row",
                                  **spans)
                else:
                    ff = self.form.field_index.get(cell.field_id or "")
                    elem = tr.add("TD", alt=ff.tooltip if ff else None, **spans)
                cells.append(self.cell(cell, elem))
            rows.append(cells)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (-1, block.header_rows - 1), SHADE),
            *_cell_commands(block),
        ]
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row.cells):
                if not cell.covered and (cell.span > 1 or cell.rowspan > 1):
                    style.append(("SPAN", (c, r), (c + cell.span - 1, r + cell.rowspan - 1)))
        # The header and the section's title repeat on every page; they never
        # stand alone at the foot of a page (NOSPLIT keeps them with the first item).
        style.append(("NOSPLIT", (0, 0), (-1, min(block.header_rows, len(rows) - 1))))
        t = TaggedTable(rows, colWidths=list(block.columns), repeatRows=block.header_rows,
                        splitByRow=1)
        t.setStyle(TableStyle(style))
        return t

    def item_cell(self, item, elem) -> list:
        return [TaggedParagraph(text, self.st[style], elem.add("P"))
                for text, style in item_markup(self.form, item)]

    # -- legend --------------------------------------------------------------
    def legend(self, legend) -> list:
        """The legend as a list (L > LI > Lbl, LBody): its title stays with the
        first entry, an entry stays whole."""
        listing = self.doc.add("L")
        blocks = []
        for entry in legend.entries:
            li = listing.add("LI")
            body = Elem("LBody", None)
            block = [self.para(entry.term, "term", li.add("Lbl"))]
            li.kids.append(body)
            body.parent = li
            block += [self.para(line, "line", body.add("P")) for line in entry.lines]
            blocks.append(block)
        if legend.title and blocks:
            blocks[0].insert(0, self.para(legend.title, "legend_title", self.doc.add("H2")))
            # the title before the list in reading order
            self.doc.kids.remove(listing)
            self.doc.kids.append(listing)
        return [KeepTogether(block) for block in blocks]
