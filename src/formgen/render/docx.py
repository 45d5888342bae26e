"""Render a form as a Word template: real content controls in real styles.

Same content and order as the PDF: title, intro, header fields, one table
per section (code + title + description | columns), the legend. Checkboxes
are Word 2010+ checkbox content controls; text fields are plain-text
controls with grey placeholder text. Every control's ``w:tag`` is its field
id (``<field id>=<option value>`` for one answer of a choice) and its alias
a readable name. The document is protected for filling in forms only, with
no password, so a school can lift the protection to edit it.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from .. import i18n
from ..layout import CELL_PAD, HEAD_SIZE, SlotPlan, paragraphs
from ..names import COPY_KEYWORD, identity_keywords, split_tag
from . import _wordxml as wx

SHADE = "E0E0E0"
#: Arial: Word and macOS have it, LibreOffice maps it to the metric-compatible
#: Liberation Sans, so text wraps alike everywhere.
BODY_FONT = "Arial"
#: Slot shapes whose cell gets a visible box of the planned height.
BOXED = ("text", "combo", "signature")
PAGE_WIDTH, MARGIN = Mm(210), Mm(18)


def _boxed_height(cells) -> float:
    """The height a row needs for its writing boxes (what is for paper only,
    a student number's circles, takes none in Word)."""
    return max((s.y + s.height for c in cells for s in c.slots if s.shape in BOXED),
               default=0.0)


class DocxWriter:
    """Builds one document from the form's layout plan. ``values`` prefills
    controls by field id (checked by each field's type)."""

    def __init__(self, form, values: dict | None = None):
        self.form = form
        self.values = form.check_values(values or {})
        self.doc = Document()
        self.words = form.words()

    def controls(self, paragraph, cell) -> None:
        """The controls of a plan cell's slots, a line break where the plan wraps."""
        index = self.form.field_index
        line_y = None
        for slot in cell.slots:
            ff = index[slot.field_id]
            controls = ff.spec.docx_control(ff, slot, self.values.get(ff.id), self.words)
            if not controls:                 # a slot for paper only
                continue
            if line_y is not None and slot.y > line_y + 1:
                paragraph._p.append(wx.line_break())
            line_y = slot.y
            for el in controls:
                paragraph._p.append(el)

    # -- document ----------------------------------------------------------------
    def build(self) -> bytes:
        f, doc = self.form, self.doc
        self._page_setup()
        for block in f.layout.blocks:
            if block.kind == "title":
                doc.add_paragraph(block.text, style="Title")
            elif block.kind == "intro":
                doc.add_paragraph(block.text)
            elif block.kind == "correction":
                doc.add_paragraph().add_run(block.text).bold = True
            elif block.kind == "heading":
                doc.add_heading(block.text, level=2)
            elif block.kind == "text":
                for part in paragraphs(block.text):
                    doc.add_paragraph(part)
            elif block.kind == "fields":
                self._free_fields(block)
            elif block.kind == "table":
                self._table(block)
            elif block.kind == "legend":
                self._legend(f.legend)
        self._footer()
        self._logo()
        self._properties()
        wx.protect_forms(doc.settings)
        self._as_word_writes_it()
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def _as_word_writes_it(self):
        """Language, compatibility mode, fonts every system has, placeholders
        as Word's own building blocks, no stale Word 2010 styles part."""
        doc, f = self.doc, self.form
        wx.drop_styles_with_effects(doc)
        wx.document_language(doc, f.language)
        wx.compatibility_mode(doc, 15)
        for name in ("Normal", "Title", "Heading 2"):
            font = doc.styles[name].font
            font.name = BODY_FONT          # sets ascii and hAnsi, over the theme
            rfonts = doc.styles[name].element.rPr.rFonts
            rfonts.set(wx.qn("w:cs"), BODY_FONT)
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
                rfonts.attrib.pop(wx.qn(theme), None)
        wx.placeholder_style(doc)
        words = self.words
        texts = {words["placeholder"], words["date_placeholder"]}
        texts |= {hint for ff in f.all_fields() if (hint := ff.spec.hint(words))}
        wx.glossary(doc, texts)

    def _page_setup(self):
        s = self.doc.sections[0]
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = PAGE_WIDTH, Mm(297)
        s.left_margin = s.right_margin = MARGIN
        s.top_margin, s.bottom_margin = Mm(15), Mm(18)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(9)
        self.doc.core_properties.language = self.form.language

    def _grid(self, block):
        """A table of the plan's grid, merged as the plan spans, widths per real cell."""
        table = self.doc.add_table(rows=len(block.rows), cols=len(block.columns))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, block.columns):
            column.width = Pt(width)
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row.cells):
                if not cell.covered and (cell.span > 1 or cell.rowspan > 1):
                    table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, c + cell.span - 1))
        for tr in table._tbl.tr_lst:             # each real w:tc, once
            c = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                tc.width = Pt(sum(block.columns[c:c + span]))
                c += span
        wx.cell_margins(table, int(CELL_PAD * 20))
        return table

    def _cell(self, table, r, c, cell):
        target = table.cell(r, c)
        para = target.paragraphs[0]
        if cell.slots:
            self.controls(para, cell)
        elif cell.item is not None:
            self._item(target, cell.item)
        elif cell.style == "text":
            for n, part in enumerate(paragraphs(cell.text)):
                (para if n == 0 else target.add_paragraph()).add_run(part)
        elif cell.text:
            run = para.add_run(cell.text)
            run.bold = cell.style in ("label", "head", "head_c", "section")
            if cell.style == "head_c":
                run.font.size = Pt(HEAD_SIZE)
        if cell.style == "head_c" or (cell.slots and cell.style != "label"):
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        self._help(target, cell)

    @staticmethod
    def _help(target, cell) -> None:
        """A field's help, in smaller type under its label."""
        if cell.help:
            para = target.add_paragraph()
            run = para.add_run(cell.help)
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
            if cell.style == "head_c":
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def _free_fields(self, block):
        table = self._grid(block)
        for r, row in enumerate(block.rows):
            wx.keep_row_whole(table.rows[r])       # a label never on another page than its field
            for c, cell in enumerate(row.cells):
                if cell.slots:
                    self.controls(table.cell(r, c).paragraphs[0], cell)
                    if cell.slots[0].shape in BOXED:       # room to write on paper
                        wx.box(table.cell(r, c)._tc)
                        table.rows[r].height = Pt(_boxed_height(row.cells) + 2)
                elif cell.text:
                    table.cell(r, c).paragraphs[0].add_run(cell.text).bold = True
                    self._help(table.cell(r, c), cell)
        self.doc.add_paragraph()

    def _table(self, block):
        table = self._grid(block)
        table.style = "Table Grid"
        for r, row in enumerate(block.rows):
            tr = table.rows[r]
            wx.keep_row_whole(tr)
            if r < block.header_rows:       # the column heads and the section's title
                wx.repeat_header(tr)
            room = _boxed_height(row.cells)
            if room:                        # a text column: room to write on paper
                tr.height = Pt(room + 4)
            for c, cell in enumerate(row.cells):
                if not cell.covered:
                    self._cell(table, r, c, cell)
        for tr in table._tbl.tr_lst[:block.header_rows]:
            for tc in tr.tc_lst:
                wx.shade(tc, SHADE)
        self.doc.add_paragraph()

    def _item(self, target, item):
        f = self.form
        head = target.paragraphs[0]
        head.add_run(item.code).bold = True
        head.add_run(f" {f.item_label} " if f.item_label else " ")
        head.add_run(item.title).bold = True
        if item.description:
            desc = target.add_paragraph()
            if f.description_label:
                desc.add_run(f.description_label + " ").italic = True
            desc.add_run(item.description)

    def _legend(self, legend):
        if legend.title:
            self.doc.add_heading(legend.title, level=2)
        for entry in legend.entries:
            p = self.doc.add_paragraph()
            p.add_run(entry.term).bold = True
            p.paragraph_format.keep_with_next = True
            for line in entry.lines:
                lp = self.doc.add_paragraph(line)
                lp.paragraph_format.left_indent = Mm(5)
                lp.paragraph_format.space_after = Pt(0)

    def _logo(self):
        """The logo in the header, right-aligned, with its alternative text."""
        f = self.form
        if not f.logo_image:
            return
        para = self.doc.sections[0].header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        shape = para.add_run().add_picture(io.BytesIO(f.logo_image), height=Mm(12))
        shape._inline.docPr.set("descr", f.logo_alt or "")

    def _footer(self):
        f = self.form
        para = self.doc.sections[0].footer.paragraphs[0]
        version = i18n.text(f, "version", version=f.version)
        run = para.add_run(f"{f.title} · {version} · {f.id}    ")
        run.font.size = Pt(7.5)
        run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
        for literal, name in i18n.template_parts(i18n.text(f, "page")):
            if literal:
                para.add_run(literal).font.size = Pt(7.5)
            if name in ("page", "pages"):
                wx.field(para, "PAGE" if name == "page" else "NUMPAGES", half_points=15)

    def _properties(self):
        f, props = self.form, self.doc.core_properties
        props.title = f.title
        props.subject = f"{f.id} {i18n.text(f, 'version', version=f.version)}"
        props.keywords = identity_keywords(f.identity)
        props.category = "formgen form"
        props.author = "formgen"
        props.comments = f"formgen form {f.identity}"


def render_docx(form, values: dict | None = None, locked=()) -> bytes:
    """The Word template of ``form`` as bytes; ``values`` prefills controls.

    ``locked`` is accepted for symmetry with the PDF renderer; with form
    protection on, every control stays editable.
    """
    return DocxWriter(form, values).build()


class DocxTemplate:
    """The blank Word template of a form, ready to be filled many times:
    each copy swaps only the filled controls in a copy of the XML."""

    def __init__(self, form):
        import zipfile
        from lxml import etree

        self.form = form
        with zipfile.ZipFile(io.BytesIO(render_docx(form))) as z:
            self.parts = {info.filename: z.read(info) for info in z.infolist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])

    def fill(self, values: dict, locked=(), copy: str | None = None) -> bytes:
        """A copy with ``values`` in its controls; ``copy`` (the copy's own id
        and class-list columns) goes into the document's description."""
        import copy as copying
        import zipfile
        from lxml import etree

        root = copying.deepcopy(self.root)
        values = self.form.check_values(values, locked)
        index = self.form.field_index
        words = self.form.words()
        for sdt in list(root.iter(wx.qn("w:sdt"))):
            pr = sdt.find(wx.qn("w:sdtPr"))
            tag = pr.find(wx.qn("w:tag")).get(wx.qn("w:val"))
            field_id, option = split_tag(tag)
            if field_id not in values or field_id not in index:
                continue
            ff = index[field_id]
            slot = SlotPlan(field_id, ff.type, 0, 0, 0, 0, "", option=option or None)
            new = ff.spec.docx_control(ff, slot, values[field_id], words)[0]
            if field_id in locked:
                wx.lock_content(new)
            sdt.getparent().replace(sdt, new)
        parts = dict(self.parts)
        parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                    standalone=True)
        if copy:
            core = etree.fromstring(parts["docProps/core.xml"])
            dc = "{http://purl.org/dc/elements/1.1/}description"
            node = core.find(dc)
            if node is None:
                node = etree.SubElement(core, dc)
            node.text = f"{COPY_KEYWORD} {copy}"
            parts["docProps/core.xml"] = etree.tostring(core, xml_declaration=True,
                                                        encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            for name, data in parts.items():
                z.writestr(name, data)
        return out.getvalue()
