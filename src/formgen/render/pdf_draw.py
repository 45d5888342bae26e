"""Draw a form's page plan (``form.pages``, :mod:`formgen.layout_pages`) on a
reportlab canvas, page by page, as tagged content.

The plan has measured and placed everything: each paragraph with its
lines, each table's shade and rules, each cell's slots, the logo. This
module only draws what the plan records, so the PDF is the plan: a box is
where a scan reader (which reads the same plan) looks for it. Text,
the logo and the widgets are marked content of their structure elements
(:func:`structure`, in reading order: :mod:`.pdf_tags`); table rules and
shading, printed field outlines and a header that a table repeats on a
later page are artifacts.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4

from .. import i18n
from ..layout import paragraphs
from ..layout_pages import cell_paragraphs
from ..names import identity_keywords
from .pdf_tags import Elem

GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.88, 0.88, 0.88)
GREY_TEXT = colors.Color(0.25, 0.25, 0.25)


def new_canvas(form, out, canvas_class):
    """A canvas writing ``form``'s A4 PDF into ``out``: its title (shown in
    the reader's title bar), identity in the keywords and language."""
    canv = canvas_class(out, pagesize=A4, lang=form.language)
    canv.setAuthor("formgen")
    canv.setTitle(form.title)
    canv.setSubject(f"{form.id} {i18n.text(form, 'version', version=form.version)}")
    canv.setCreator("formgen")
    canv.setKeywords(identity_keywords(form.identity))
    canv.setViewerPreference("DisplayDocTitle", "true")
    return canv


def structure(form, root: Elem) -> dict:
    """The form's structure elements under ``root``, in reading order, by the
    keys the page plan gives what it places (a block, a cell, a paragraph)."""
    elems: dict = {}
    for b, block in enumerate(form.layout.blocks):
        kind = block.kind
        if kind == "logo":
            elems[(b,)] = root.add("Figure", alt=form.logo_alt)
        elif kind in ("title", "intro", "correction", "heading"):
            elems[(b,)] = root.add({"title": "H1", "heading": "H2"}.get(kind, "P"))
        elif kind == "text":
            for n, _ in enumerate(paragraphs(block.text)):
                elems[(b, n)] = root.add("P")
        elif kind == "fields":
            group = root.add("Div")
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row.cells):
                    parent = group
                    if cell.field_id:
                        ff = form.field_index.get(cell.field_id)
                        parent = elems[(b, r, c)] = Elem("Div", group,
                                                         alt=ff.tooltip if ff else None)
                    _cell_paragraphs(form, cell, parent, (b, r, c), elems)
        elif kind == "table":
            table = root.add("Table")
            for r, row in enumerate(block.rows):
                tr = table.add("TR")
                for c, cell in enumerate(row.cells):
                    if cell.covered:
                        continue
                    spans = {"colspan": cell.span, "rowspan": cell.rowspan}
                    if r < block.header_rows:
                        elem = tr.add("TH", scope="Column" if row.kind != "section" else "Row",
                                      **spans)
                    else:
                        ff = form.field_index.get(cell.field_id or "")
                        elem = tr.add("TD", alt=ff.tooltip if ff else None, **spans)
                    elems[(b, r, c)] = elem
                    _cell_paragraphs(form, cell, elem, (b, r, c), elems)
        elif kind == "legend":
            listing = root.add("L")
            for n, entry in enumerate(form.legend.entries):
                li = listing.add("LI")
                elems[(b, n, "term")] = li.add("Lbl")
                body = li.add("LBody")
                for k, _ in enumerate(entry.lines):
                    elems[(b, n, k)] = body.add("P")
            if form.legend.title and form.legend.entries:
                elems[(b, "title")] = root.add("H2")
                root.kids.remove(listing)        # the title before the list in reading order
                root.kids.append(listing)
    return elems


def _cell_paragraphs(form, cell, parent: Elem, key: tuple, elems: dict) -> None:
    for n, _ in enumerate(cell_paragraphs(form, cell) or []):
        elems[key + (n,)] = parent.add("P")


def draw_pages(canv, form, writer, tagger, elems: dict, on_page=None, on_page_end=None,
               page_start=None) -> None:
    """Draw every page of ``form``'s plan on ``canv``: ``on_page(canv)``
    before a page's content and ``on_page_end(canv)`` after it (the
    footer), ``page_start(n)`` as page ``n`` (from 1) begins."""
    plan = form.pages
    index = form.field_index
    by_page: list[list] = [[] for _ in range(plan.count)]
    for op in plan.ops:
        by_page[op.page - 1].append(op)
    for n, ops in enumerate(by_page, start=1):
        if page_start is not None:
            page_start(n)
        if on_page is not None:
            on_page(canv)
        for op in ops:
            _DRAW[op.kind](canv, op.args, writer, tagger, elems, plan, index, form)
        if on_page_end is not None:
            on_page_end(canv)
        canv.showPage()


def _para(canv, args, writer, tagger, elems, plan, index, form):
    x, top, width, para, key, repeated = args
    if repeated:
        tagger.artifact(canv)
    else:
        tagger.begin(canv, elems[key])
    draw_lines(canv, x, top, width, para)
    tagger.end(canv)


def draw_lines(canv, x: float, top: float, width: float, para) -> None:
    """The lines of ``para`` (broken for ``width``) from ``top`` down."""
    st = para.style
    tx = canv.beginText()
    tx.setFillColor(GREY_TEXT if st.grey else colors.black)
    font = None
    for i, (used, pieces) in enumerate(para.lines):
        left = x + st.indent
        if st.centred:
            left += (width - st.indent - used) / 2
        tx.setTextOrigin(left, top - st.size - i * st.leading)
        for text, piece_font in pieces:
            if piece_font != font:
                tx.setFont(piece_font, st.size, st.leading)
                font = piece_font
            tx.textOut(text)
    canv.drawText(tx)


def _shade(canv, args, writer, tagger, elems, plan, index, form):
    x0, y0, x1, y1 = args
    tagger.artifact(canv)
    canv.saveState()
    canv.setFillColor(SHADE)
    canv.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
    canv.restoreState()
    tagger.end(canv)


def _grid(canv, args, writer, tagger, elems, plan, index, form):
    (edges,) = args
    tagger.artifact(canv)
    canv.saveState()
    canv.setStrokeColor(GRID)
    canv.setLineWidth(0.5)
    canv.setLineCap(2)            # square ends: the corners closed
    path = canv.beginPath()
    for x0, y0, x1, y1 in edges:
        path.moveTo(x0, y0)
        path.lineTo(x1, y1)
    canv.drawPath(path, stroke=1, fill=0)
    canv.restoreState()
    tagger.end(canv)


def _slots(canv, args, writer, tagger, elems, plan, index, form):
    key, first, end = args
    tagger.artifact(canv)          # printed outlines; each widget gets a Form element
    canv.saveState()
    writer.tag_parent = elems[key]
    for placed in plan.slots[first:end]:
        writer.place(canv, index[placed.slot.field_id], placed.slot, placed.rect, placed.box)
    writer.tag_parent = None
    canv.restoreState()
    tagger.end(canv)


def _logo(canv, args, writer, tagger, elems, plan, index, form):
    import io

    from reportlab.lib.utils import ImageReader
    x, y, w, h, key = args
    tagger.begin(canv, elems[key])
    canv.drawImage(ImageReader(io.BytesIO(form.logo_image)), x, y, w, h, mask="auto")
    tagger.end(canv)


def _identity(canv, args, writer, tagger, elems, plan, index, form):
    writer.tag_parent = tagger.root
    writer.tag_alt = "formgen"
    writer.identity(canv)
    writer.tag_parent = None


_DRAW = {"para": _para, "shade": _shade, "grid": _grid, "slots": _slots, "logo": _logo,
         "identity": _identity}
