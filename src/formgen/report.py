"""The overview as an A4 PDF for a team meeting (``formgen report``): per
section a table of counts for every item, a stacked bar chart of the choices
drawn with reportlab's own graphics, and how many returns were counted,
missing and refused; in the form's language."""

from __future__ import annotations

import io

from . import i18n
from .planning import NONE, column_keys, overview

WORDS = {
    "nl": {"title": "Overzicht", "date": "Datum", "returns": "ingeleverd en geteld",
           "missing": "niet ingeleverd", "rejected": "geweigerd", "superseded": "vervangen",
           "code": "Code", "item": "Onderdeel", "total": "Totaal", "none": "geen",
           "filled": "ingevuld", "chart": "Keuzes per item", "page": "pagina {page}",
           "who_missing": "Niet ingeleverd"},
    "en": {"title": "Overview", "date": "Date", "returns": "returned and counted",
           "missing": "not returned", "rejected": "refused", "superseded": "replaced",
           "code": "Code", "item": "Item", "total": "Total", "none": "none",
           "filled": "filled in", "chart": "Choices per item", "page": "page {page}",
           "who_missing": "Not returned"},
}
COLOURS = ["#4472C4", "#70AD47", "#FFC000", "#ED7D31", "#7F6AB0", "#A5A5A5"]


def render_report(responses, form, missing=()) -> bytes:
    """The report of ``form``'s returns among ``responses`` as PDF bytes."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from .layout import SANS, SANS_BOLD, register_fonts
    from .render.pdf import escape

    register_fonts()
    w = WORDS[i18n.lang_key(form.language)]
    ov = overview(responses, form, missing)
    base = ParagraphStyle("base", fontName=SANS, fontSize=8.5, leading=10.5)
    h1 = ParagraphStyle("h1", base, fontName=SANS_BOLD, fontSize=15, leading=19, spaceAfter=4)
    h2 = ParagraphStyle("h2", base, fontName=SANS_BOLD, fontSize=10, leading=13, spaceBefore=8,
                        spaceAfter=3)
    cell = ParagraphStyle("cell", base, fontSize=8, leading=9.5)
    story = [Paragraph(escape(f"{w['title']}: {form.title}"), h1),
             Paragraph(escape(f"{w['date']} {ov.date.strftime('%d-%m-%Y')} · {ov.returns} "
                              f"{w['returns']} · {len(ov.missing)} {w['missing']} · "
                              f"{ov.rejected} {w['rejected']} · {ov.superseded} "
                              f"{w['superseded']}"), base)]
    width = A4[0] - 36 * mm
    for s, section in enumerate(form.sections):
        if not section.items:
            continue
        columns = form.section_columns(section)
        heads, keys = [], []
        for col in columns:
            label = col.label.rstrip("*").strip()
            for key in column_keys(col):
                keys.append((col.id, key))
                if col.type == "checkbox":
                    heads.append(label)
                elif key == NONE:
                    heads.append(w["none"])
                elif key == "filled":
                    heads.append(f"{label} ({w['filled']})")
                else:
                    heads.append(next(o.label for o in col.options if o.value == key))
        head = ParagraphStyle("head", cell, fontName=SANS_BOLD, alignment=1)
        rows = [[Paragraph(w["code"], head), Paragraph(w["item"], head),
                 *[Paragraph(escape(h), head) for h in heads]]]
        for item in (i for i in ov.items if i.section == s):
            rows.append([item.code, Paragraph(escape(item.title), cell),
                         *[item.columns[c][k] for c, k in keys]])
        total = next(t for t in ov.sections if t.title == section.title)
        rows.append(["", w["total"], *[total.columns[c][k] for c, k in keys]])
        count_w = 14 * mm
        table = Table(rows, colWidths=[12 * mm, width - 12 * mm - count_w * len(keys)]
                      + [count_w] * len(keys), repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SANS, 8), ("FONT", (0, 0), (-1, 0), SANS_BOLD, 8),
            ("FONT", (0, -1), (-1, -1), SANS_BOLD, 8),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.6, 0.6, 0.6)),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
            ("ALIGN", (2, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        title = f"{section.label}  {section.title}" if section.label else section.title
        story.append(KeepTogether([Paragraph(escape(title), h2), table]))
    chart = _chart(form, ov, w, width)
    if chart is not None:
        story += [Spacer(1, 8), KeepTogether([Paragraph(escape(w["chart"]), h2), chart])]
    if ov.missing:
        names = ", ".join(c.stem or f"#{c.line}" for c in ov.missing)
        story += [Paragraph(escape(w["who_missing"]), h2), Paragraph(escape(names), base)]

    def footer(canv, doc):
        canv.setFont(SANS, 7.5)
        canv.drawString(18 * mm, 12 * mm, f"{form.title} · {w['page'].format(page=doc.page)}")

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=15 * mm, bottomMargin=18 * mm,
                            title=f"{w['title']}: {form.title}", author="formgen",
                            lang=form.language)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _chart(form, ov, w, width):
    """A stacked horizontal bar per item: how many chose each option of the
    form's first choice column."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    from .layout import SANS

    choice = None
    for section in form.sections:
        choice = choice or next((c for c in form.section_columns(section)
                                 if getattr(c, "grid", False)), None)
    if choice is None or not ov.items:
        return None
    items = [i for i in ov.items if choice.id in i.columns]
    bar = 11
    height = bar * len(items) + 40
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 40, 30
    chart.width, chart.height = width - 140, bar * len(items)
    chart.data = [[i.columns[choice.id][o.value] for i in reversed(items)] for o in choice.options]
    chart.categoryAxis.categoryNames = [i.code for i in reversed(items)]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max([sum(col) for col in zip(*chart.data)] or [1])
    step = max(1, -(-top // 5))
    chart.valueAxis.valueMax = step * -(-max(1, top) // step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.barWidth = bar * 0.7
    for n, _ in enumerate(choice.options):
        chart.bars[n].fillColor = colors.HexColor(COLOURS[n % len(COLOURS)])
        chart.bars[n].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 90, 30 + bar * len(items)
    legend.fontName = SANS
    legend.fontSize = 7.5
    legend.alignment = "right"
    legend.colorNamePairs = [(colors.HexColor(COLOURS[n % len(COLOURS)]), o.long)
                             for n, o in enumerate(choice.options)]
    drawing.add(legend)
    return drawing
