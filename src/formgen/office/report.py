"""The overview as an A4 PDF for a team meeting (``formgen report``): per
section a table of counts for every item, a stacked bar chart of the choices
drawn with reportlab's own graphics in the workbook's colours, and what was
returned: on the class list and returned, not returned (by name), not on
the list, blank, refused, replaced; in the form's language.

A column that goes together with another (a wish and its level) counts
apart what is filled with its partner and without it ("wens zonder
niveau", "niveau zonder wens"), so every number means one thing. Column
headers break between words only: a count column is as wide as its
longest word."""

from __future__ import annotations

import io

from .. import i18n
from .planning import ALONE, CHOICE_COLOURS, column_keys, overview, partners

WORDS = i18n.OFFICE["report"]
COLOURS = CHOICE_COLOURS


def heads(columns, w, named: bool = False) -> list[tuple[str, str, str]]:
    """``(column id, count key, header)`` of every count of a section's
    ``columns``, in the order shown (the report and the workbook share it);
    ``named``: an option's header says its column too (``Niveau: Bg``)."""
    pairs = partners(columns)
    out = []
    for col in columns:
        label = col.label.rstrip("*").strip()
        for key in column_keys(col, col.id in pairs):
            if key == ALONE:
                other = pairs[col.id].label.rstrip("*").strip()
                head = w["alone"].format(a=label, b=other[:1].lower() + other[1:])
            else:
                head = col.count_head(key, label, named, w)
            out.append((col.id, key, head))
    return out


def summary(ov, w) -> list[str]:
    """The heading's counts: what was returned, and what not."""
    if ov.reconciled:
        parts = [w["on_list"].format(n=ov.on_list, total=ov.on_list + len(ov.missing)),
                 w["missing"].format(n=len(ov.missing)),
                 w["not_on_list"].format(n=ov.not_on_list)]
    else:
        parts = [w["returns"].format(n=ov.returns)]
    parts += [w["blank"].format(n=ov.blank), w["rejected"].format(n=ov.rejected),
              w["superseded"].format(n=ov.superseded)]
    if ov.open:                   # a round: answers a person has not decided yet
        parts.append(w["open"].format(n=ov.open))
    return parts


def render_report(responses, form, missing=(), reconciled: bool | None = None) -> bytes:
    """The report of ``form``'s returns among ``responses`` as PDF bytes;
    ``reconciled``: whether a class list was given (``missing`` its rows
    without a return)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E501

    from ..layout import SANS, SANS_BOLD, register_fonts
    from ..render.pdf import escape

    register_fonts()
    w = WORDS[i18n.lang_key(form.language)]
    ov = overview(responses, form, missing, reconciled)
    base = ParagraphStyle("base", fontName=SANS, fontSize=8.5, leading=10.5)
    h1 = ParagraphStyle("h1", base, fontName=SANS_BOLD, fontSize=15, leading=19, spaceAfter=4)
    h2 = ParagraphStyle("h2", base, fontName=SANS_BOLD, fontSize=10, leading=13, spaceBefore=8,
                        spaceAfter=3)
    cell = ParagraphStyle("cell", base, fontSize=8, leading=9.5)
    head = ParagraphStyle("head", cell, fontName=SANS_BOLD, alignment=1)
    section_style = ParagraphStyle("section", cell, fontName=SANS_BOLD, fontSize=8.5)
    story = [Paragraph(escape(f"{w['title']}: {form.title}"), h1),
             Paragraph(escape(" · ".join([f"{w['date']} {ov.date.strftime('%d-%m-%Y')}",
                                          *summary(ov, w)])), base)]
    if ov.missing:
        names = ", ".join(c.stem or f"#{c.line}" for c in ov.missing)
        story.append(Paragraph(escape(f"{w['who_missing']}: {names}"), base))
    width = A4[0] - 36 * mm
    # One table when every section counts the same columns (one header, a
    # title row per section), else one per section.
    groups: list[list[int]] = []
    for s, section in enumerate(form.sections):
        if not section.items:
            continue
        same = groups and [c.id for c in form.section_columns(form.sections[groups[-1][0]])] \
            == [c.id for c in form.section_columns(section)]
        if same:
            groups[-1].append(s)
        else:
            groups.append([s])
    for group in groups:
        counts = heads(form.section_columns(form.sections[group[0]]), w)
        # as wide as the longest word of its header (and the cell's padding):
        # a header breaks between words, never inside one
        widths = [max(9 * mm, max(stringWidth(word, SANS_BOLD, 8) for word in h.split()) + 14)
                  for _, _, h in counts]
        rows = [[Paragraph(w["code"], head), Paragraph(w["item"], head),
                 *[Paragraph(escape(h), head) for _, _, h in counts]]]
        style = [("FONT", (0, 0), (-1, -1), SANS, 8), ("FONT", (0, 0), (-1, 0), SANS_BOLD, 8),
                 ("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.6, 0.6, 0.6)),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
                 ("ALIGN", (2, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("TOPPADDING", (0, 1), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5)]
        for s in group:
            section = form.sections[s]
            title = f"{section.label}  {section.title}" if section.label else section.title
            r = len(rows)
            rows.append([Paragraph(escape(title), section_style)] + [""] * (len(counts) + 1))
            style += [("SPAN", (0, r), (-1, r)),
                      ("BACKGROUND", (0, r), (-1, r), colors.Color(0.95, 0.95, 0.95))]
            for item in (i for i in ov.items if i.section == s):
                rows.append([item.code, Paragraph(escape(item.title), cell),
                             *[item.columns[c][k] for c, k, _ in counts]])
            total = next(t for t in ov.sections if t.title == section.title)
            rows.append(["", w["total"], *[total.columns[c][k] for c, k, _ in counts]])
            style.append(("FONT", (0, len(rows) - 1), (-1, len(rows) - 1), SANS_BOLD, 8))
        table = Table(rows, colWidths=[12 * mm, width - 12 * mm - sum(widths)] + widths,
                      repeatRows=1)
        table.setStyle(TableStyle(style))
        story += [Spacer(1, 6), table]
    chart = _chart(form, ov, w, width)
    if chart is not None:
        story += [Spacer(1, 4), KeepTogether([Paragraph(escape(w["chart"]), h2), chart])]

    def footer(canv, doc):
        canv.setFont(SANS, 8)
        canv.drawString(18 * mm, 10 * mm, f"{form.title} · {w['page'].format(page=doc.page)}")

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=12 * mm, bottomMargin=15 * mm,
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

    from ..layout import SANS

    choice = None
    for section in form.sections:
        choice = choice or next((c for c in form.section_columns(section)
                                 if c.chart_options()), None)
    if choice is None or not ov.items:
        return None
    options = choice.chart_options()
    items = [i for i in ov.items if choice.id in i.columns]
    bar = 9
    height = bar * len(items) + 40
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 40, 30
    chart.width, chart.height = width - 140, bar * len(items)
    chart.data = [[i.columns[choice.id][o.value] for i in reversed(items)] for o in options]
    chart.categoryAxis.categoryNames = [i.code for i in reversed(items)]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = max([sum(col) for col in zip(*chart.data)] or [1])
    step = max(1, -(-top // 5))
    chart.valueAxis.valueMax = step * -(-max(1, top) // step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 8
    chart.barWidth = bar * 0.7
    for n, _ in enumerate(options):
        chart.bars[n].fillColor = colors.HexColor(COLOURS[n % len(COLOURS)])
        chart.bars[n].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 90, 30 + bar * len(items)
    legend.fontName = SANS
    legend.fontSize = 8
    legend.alignment = "right"
    legend.colorNamePairs = [(colors.HexColor(COLOURS[n % len(COLOURS)]), o.long)
                             for n, o in enumerate(options)]
    drawing.add(legend)
    return drawing
