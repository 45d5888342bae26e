"""The layout plan as platypus flowables: paragraphs, tables, the field
slots and the logo, each drawn as marked content of its structure element
(:mod:`.pdf_tags`)."""

from __future__ import annotations

import io
from functools import lru_cache
from html import escape as _html_escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..layout import (
    CELL_PAD,
    HEAD_SIZE,
    LABEL_PAD,
    LABEL_SIZE,
    SANS,
    SANS_BOLD,
    SECOND_LABEL_PAD,
    hyphenation,
    paragraphs,
    register_fonts,
)
from .pdf_tags import Elem

GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.88, 0.88, 0.88)
@lru_cache(maxsize=8)
def _styles(hyphenation: str = "") -> dict[str, ParagraphStyle]:
    """The paragraph styles; ``hyphenation`` a pyphen language: a word of
    a label or a column header too long for its column breaks at a
    hyphenation point (see :func:`formgen.layout.hyphenation`). Running text
    (titles, descriptions, paragraphs) wraps at spaces and hyphens only: its
    columns are wide, and hyphenating every line end would load the
    dictionary for every form (a fifth of a build's time)."""
    from ..layout import Hyphenator
    register_fonts()
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
        "head_c": ParagraphStyle("head_c", base, fontName=SANS_BOLD, fontSize=HEAD_SIZE, leading=9.5,
                                 alignment=1, **narrow),
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
                               textColor=colors.Color(0.25, 0.25, 0.25)),
        "help_c": ParagraphStyle("help_c", base, fontSize=8, leading=9.8, spaceBefore=1,
                                 textColor=colors.Color(0.25, 0.25, 0.25), alignment=1,
                                 **narrow),
        "text": ParagraphStyle("text", base, fontSize=9, leading=11.5, spaceAfter=4),
    }


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

def escape(text: str) -> str:
    """Text as reportlab paragraph markup (&, < and > escaped)."""
    return _html_escape(text, quote=False)


def _para(text: str, style) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class TaggedParagraph(Paragraph):
    """A paragraph whose text is marked content of its structure element
    (an artifact when a table draws it again, as a repeated header)."""

    def __init__(self, text, style, elem=None):
        super().__init__(text, style)
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
    alternative text, at most :data:`LOGO_HEIGHT` high and :data:`LOGO_WIDTH` wide."""

    def __init__(self, data: bytes, elem=None):
        from reportlab.lib.utils import ImageReader
        super().__init__()
        self.image, self.elem = ImageReader(io.BytesIO(data)), elem
        w, h = self.image.getSize()
        scale = min(LOGO_HEIGHT / h, LOGO_WIDTH / w)
        self.w, self.h = w * scale, h * scale

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.h + 6

    def draw(self):
        tagger = getattr(self.canv, "tagger", None)
        if tagger is not None and self.elem is not None:
            tagger.begin(self.canv, self.elem)
        self.canv.drawImage(self.image, self.avail - self.w, 6, self.w, self.h, mask="auto")
        if tagger is not None and self.elem is not None:
            tagger.end(self.canv)


#: The logo's largest size on the page.
LOGO_HEIGHT, LOGO_WIDTH = 14 * 72 / 25.4, 60 * 72 / 25.4


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


class Drawing:
    """Turns a layout plan into platypus flowables, and into the structure
    tree of the tagged PDF (:mod:`.pdf_tags`). One instance per document."""

    def __init__(self, form, writer, tagger):
        self.form, self.writer, self.tagger = form, writer, tagger
        self.st = _styles(hyphenation(form.language) or "")
        self.doc = tagger.root

    def para(self, text: str, style: str, elem) -> Paragraph:
        return TaggedParagraph(escape(text).replace("\n", "<br/>"), self.st[style], elem)

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
                story += [self.free_fields(block), Spacer(1, 8)]
            elif kind == "table":
                story += [self.table(block), Spacer(1, 8)]
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
        rows, style = [], [("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 2),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        for c in range(0, len(block.columns), 2):     # label | field (| label | field)
            style += [("LEFTPADDING", (c, 0), (c, -1), 0 if c == 0 else
                       SECOND_LABEL_PAD - LABEL_PAD),
                      ("RIGHTPADDING", (c, 0), (c, -1), LABEL_PAD),
                      ("LEFTPADDING", (c + 1, 0), (c + 1, -1), CELL_PAD),
                      ("RIGHTPADDING", (c + 1, 0), (c + 1, -1), CELL_PAD)]
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
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, 3), (0, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, block.header_rows - 1), SHADE),
            ("LEFTPADDING", (1, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (1, 0), (-1, -1), CELL_PAD),
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
        f, st = self.form, self.st
        head = f"<b>{escape(item.code)}</b> {escape(f.item_label)} <b>{escape(item.title)}</b>"
        cell = [TaggedParagraph(head, st["item"], elem.add("P"))]
        if item.description:
            label = f"<i>{escape(f.description_label)}</i> " if f.description_label else ""
            cell.append(TaggedParagraph(label + escape(item.description), st["desc"],
                                        elem.add("P")))
        return cell

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
