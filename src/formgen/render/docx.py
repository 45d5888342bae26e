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
from . import _wordxml as wx

SHADE = "E0E0E0"
OPTION_COL, CHECK_COL, TEXT_COL, LABEL_COL = Mm(10), Mm(21), Mm(45), Mm(45)
PAGE_WIDTH, MARGIN = Mm(210), Mm(18)


def choice_tag(field_id: str, value: str) -> str:
    """The ``w:tag`` of one answer of a choice."""
    return f"{field_id}={value}"


class DocxWriter:
    """Builds one document. ``values`` prefills controls by field id."""

    def __init__(self, form, values: dict | None = None):
        self.form = form
        self.values = values or {}
        self.doc = Document()
        self.placeholder = i18n.text(form, "placeholder")

    # -- controls, one per field type ------------------------------------------
    def _text(self, paragraph, ff, option=None, multiline=False):
        paragraph._p.append(wx.text_control(ff.id, ff.label, self.placeholder,
                                            str(self.values.get(ff.id) or ""), multiline))

    def _textarea(self, paragraph, ff, option=None):
        self._text(paragraph, ff, option, multiline=True)

    def _checkbox(self, paragraph, ff, option=None):
        paragraph._p.append(wx.checkbox(ff.id, ff.label, self.values.get(ff.id) is True))

    def _choice(self, paragraph, ff, option):
        paragraph._p.append(wx.checkbox(choice_tag(ff.id, option.value),
                                        f"{ff.label}: {option.title or option.label}",
                                        self.values.get(ff.id) == option.value))

    # -- document ----------------------------------------------------------------
    def build(self) -> bytes:
        f, doc = self.form, self.doc
        self._page_setup()
        doc.add_paragraph(f.title, style="Title")
        if f.intro:
            doc.add_paragraph(f.intro)
        if f.fields:
            self._free_fields(f.fields)
        for section in f.sections:
            if section.items:
                self._section(section)
            if section.fields:
                self._free_fields(section.fields)
        if f.legend:
            self._legend(f.legend)
        self._footer()
        self._properties()
        wx.protect_forms(doc.settings)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def _page_setup(self):
        s = self.doc.sections[0]
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = PAGE_WIDTH, Mm(297)
        s.left_margin = s.right_margin = MARGIN
        s.top_margin, s.bottom_margin = Mm(15), Mm(18)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Liberation Sans"
        normal.font.size = Pt(9)
        self.doc.core_properties.language = self.form.language

    def _width(self):
        return PAGE_WIDTH - 2 * MARGIN

    def _free_fields(self, specs):
        index = self.form.field_index
        table = self.doc.add_table(rows=0, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for spec in specs:
            ff = index[spec.id]
            row = table.add_row()
            label = row.cells[0].paragraphs[0].add_run(ff.label + ":")
            label.bold = True
            para = row.cells[1].paragraphs[0]
            if ff.type == "choice":
                for o in ff.spec.options:
                    self._choice(para, ff, o)
                    para.add_run(f" {o.label}    ")
            else:
                HANDLERS[ff.type](self, para, ff)
        _set_widths(table, [LABEL_COL, self._width() - LABEL_COL])
        self.doc.add_paragraph()

    def _section(self, section):
        f = self.form
        columns = f.section_columns(section)
        heads = []
        for col in columns:
            if col.type == "choice":
                heads += [(col, o) for o in col.options]
            else:
                heads.append((col, None))
        widths = [OPTION_COL if o else CHECK_COL if c.type == "checkbox" else TEXT_COL
                  for c, o in heads]
        widths.insert(0, self._width() - sum(widths))
        n = len(widths)
        table = self.doc.add_table(rows=3, cols=n)
        table.style = "Table Grid"
        h0, h1, title = table.rows
        for row in (h0, h1):
            wx.repeat_header(row)
            wx.keep_row_whole(row)
        h0.cells[0].merge(h1.cells[0]).paragraphs[0].add_run(f.table_heading).bold = True
        c = 1
        for col in columns:
            if col.type == "choice":
                k = len(col.options)
                merged = h0.cells[c].merge(h0.cells[c + k - 1])
                _centred(merged, col.label)
                for i, o in enumerate(col.options):
                    _centred(h1.cells[c + i], o.label)
                c += k
            else:
                _centred(h0.cells[c].merge(h1.cells[c]), col.label)
                c += 1
        label = f"{section.label}  {section.title}" if section.label else section.title
        merged = title.cells[0].merge(title.cells[n - 1])
        merged.paragraphs[0].add_run(label).bold = True
        wx.keep_row_whole(title)
        for row in (h0, h1, title):
            for cell in row.cells:
                wx.shade(cell, SHADE)
        index = f.field_index
        for item in section.items:
            row = table.add_row()
            wx.keep_row_whole(row)
            cell = row.cells[0]
            head = cell.paragraphs[0]
            head.add_run(item.code).bold = True
            head.add_run(f" {f.item_label} " if f.item_label else " ")
            head.add_run(item.title).bold = True
            if item.description:
                desc = cell.add_paragraph()
                if f.description_label:
                    desc.add_run(f.description_label + " ").italic = True
                desc.add_run(item.description)
            base = f.item_id(item)
            for i, (col, option) in enumerate(heads, start=1):
                ff = index[f"{base}_{col.id}"]
                row.cells[i].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                para = row.cells[i].paragraphs[0]
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                HANDLERS[col.type](self, para, ff, option)
        _set_widths(table, widths)
        self.doc.add_paragraph()

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

    def _footer(self):
        f = self.form
        para = self.doc.sections[0].footer.paragraphs[0]
        version = i18n.text(f, "version", version=f.version)
        run = para.add_run(f"{f.title} · {version} · {f.id}    ")
        run.font.size = Pt(7.5)
        run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
        template = i18n.text(f, "page", page="\0", pages="\1")
        before, rest = template.split("\0")
        middle, after = rest.split("\1")
        para.add_run(before).font.size = Pt(7.5)
        wx.field(para, "PAGE")
        para.add_run(middle).font.size = Pt(7.5)
        wx.field(para, "NUMPAGES")
        if after:
            para.add_run(after).font.size = Pt(7.5)

    def _properties(self):
        f, props = self.form, self.doc.core_properties
        props.title = f.title
        props.subject = f"{f.id} {i18n.text(f, 'version', version=f.version)}"
        props.keywords = f"formgen {f.identity}"
        props.category = "formgen form"
        props.author = "formgen"
        props.comments = f"formgen form {f.identity}"


def _set_widths(table, widths):
    """Fixed column widths, in the grid (LibreOffice) and every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _centred(cell, text):
    para = cell.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run(text).bold = True


#: One control builder per field type: ``(writer, paragraph, form_field, option)``.
HANDLERS = {
    "text": DocxWriter._text,
    "textarea": DocxWriter._textarea,
    "checkbox": DocxWriter._checkbox,
    "choice": DocxWriter._choice,
}


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
        self.placeholder = i18n.text(form, "placeholder")
        with zipfile.ZipFile(io.BytesIO(render_docx(form))) as z:
            self.parts = {info.filename: z.read(info) for info in z.infolist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])

    def fill(self, values: dict, locked=()) -> bytes:
        import copy
        import zipfile
        from lxml import etree

        root = copy.deepcopy(self.root)
        index = self.form.field_index
        for sdt in list(root.iter(wx.qn("w:sdt"))):
            pr = sdt.find(wx.qn("w:sdtPr"))
            tag = pr.find(wx.qn("w:tag")).get(wx.qn("w:val"))
            alias = pr.find(wx.qn("w:alias")).get(wx.qn("w:val"))
            field_id, _, option = tag.partition("=")
            if field_id not in values or field_id not in index:
                continue
            value = values[field_id]
            ff = index[field_id]
            if ff.type == "choice":
                new = wx.checkbox(tag, alias, value == option)
            elif ff.type == "checkbox":
                new = wx.checkbox(tag, alias, value is True)
            else:
                new = wx.text_control(tag, alias, self.placeholder, str(value or ""),
                                      ff.type == "textarea")
            if field_id in locked:
                wx.lock_content(new)
            sdt.getparent().replace(sdt, new)
        parts = dict(self.parts)
        parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                    standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            for name, data in parts.items():
                z.writestr(name, data)
        return out.getvalue()
