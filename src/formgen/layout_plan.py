"""Computing the layout plan of a form (:func:`plan`): which rows and
cells exist, how wide each column is, where every slot sits, and what does
not fit. The plan's data and its measures are in :mod:`formgen.layout`."""

from __future__ import annotations
from dataclasses import replace
from .layout import (BOX, CELL_PAD, CONTENT_WIDTH, FIRST_COL_MIN, LABEL_PAD, LABEL_SIZE,
                     LABEL_WIDTH, MM, OPTION_COL, SECOND_LABEL_PAD, BlockPlan, CellPlan,
                     LayoutError, Metrics, Plan, RowPlan, SlotPlan, label_text)


# -- the plan ----------------------------------------------------------------------

def plan(form) -> Plan:
    """The layout plan of ``form`` (computed once per form, then cached on it)."""
    return _Planner(form).run()


class _Planner:
    def __init__(self, form):
        self.form = form
        self.m = Metrics()
        self.problems: list[tuple[str, str, str]] = []
        self.by_id = form.field_index
        self.words = form.words()

    def run(self) -> Plan:
        f = self.form
        blocks = [BlockPlan("logo")] if f.logo else []
        blocks.append(BlockPlan("title", f.title))
        if f.intro:
            blocks.append(BlockPlan("intro", f.intro))
        if f.fields:
            blocks.append(self.free_fields(f.fields, "fields", None))
        for s, section in enumerate(f.sections):
            if section.items:
                blocks.append(self.table(s, section))
            else:
                blocks.append(BlockPlan("heading", _section_title(section), section=s))
                if section.text:
                    blocks.append(BlockPlan("text", section.text, section=s))
            if section.fields:
                blocks.append(self.free_fields(section.fields, f"sections[{s}].fields", s))
        if f.legend:
            blocks.append(BlockPlan("legend"))
        ticks = any(slot.shape in ("box", "circle") for b in blocks for r in b.rows
                    for c in r.cells for slot in c.slots)
        if ticks:       # the correction rule, where students read before they tick
            at = next(n for n, b in enumerate(blocks) if b.kind == "title") + (2 if f.intro else 1)
            blocks.insert(at, BlockPlan("correction", f.words()["correction"]))
        return Plan(CONTENT_WIDTH, tuple(blocks), tuple(self.problems))

    def problem(self, path: str, what: str, fix: str) -> None:
        self.problems.append((path, what, fix))

    # -- free fields: label | field (| label | field) ------------------------------
    def free_fields(self, specs, path: str, section) -> BlockPlan:
        """Free fields, a row each; two ``width: half`` fields in a row share
        it (label | field | label | field, on a grid of four columns)."""
        area = CONTENT_WIDTH - LABEL_WIDTH
        pairs = self.pairs(specs)
        halves = any(len(p) == 2 or specs[p[0]].width == "half" for p in pairs)
        half = CONTENT_WIDTH / 2 - LABEL_WIDTH             # the first half field
        # the second label of a row as wide as the longest such label needs
        seconds = [label_text(specs[p[1]].label) for p in pairs if len(p) == 2]
        label2 = min(LABEL_WIDTH, max([15 * MM] + [self.m.width(t, LABEL_SIZE, True)
                                                   + SECOND_LABEL_PAD + 1 for t in seconds]))
        half2 = CONTENT_WIDTH / 2 - label2
        columns = (LABEL_WIDTH, half, label2, half2) if halves else (LABEL_WIDTH, area)
        rows = []
        for pair in pairs:
            spec = specs[pair[0]]
            if spec.width != "half":
                cells = self.label_and_field(spec, f"{path}[{pair[0]}]", area)
                if halves:                 # the field spans the other three columns
                    cells = (cells[0], replace(cells[1], span=3),
                             CellPlan(label2, covered=True), CellPlan(half2, covered=True))
                rows.append(RowPlan("field", cells))
                continue
            cells = self.label_and_field(spec, f"{path}[{pair[0]}]", half)
            if len(pair) == 2:
                cells += self.label_and_field(specs[pair[1]], f"{path}[{pair[1]}]", half2, label2,
                                              SECOND_LABEL_PAD)
            else:                          # a half field alone: the rest of the row is empty
                cells += (CellPlan(label2 + half2, span=2), CellPlan(half2, covered=True))
            rows.append(RowPlan("field", cells))
        return BlockPlan("fields", columns=columns, rows=tuple(rows), section=section)

    @staticmethod
    def pairs(specs) -> list[tuple[int, ...]]:
        """The rows of free fields, as indexes: two ``half`` fields in a row
        share it, every other field has a row of its own."""
        out, i = [], 0
        while i < len(specs):
            if specs[i].width == "half" and i + 1 < len(specs) and specs[i + 1].width == "half":
                out.append((i, i + 1))
                i += 2
            else:
                out.append((i,))
                i += 1
        return out

    def label_and_field(self, spec, path: str, width: float, label_width: float = LABEL_WIDTH,
                        pad: float = LABEL_PAD) -> tuple[CellPlan, CellPlan]:
        """A free field's label cell and its field cell, ``width`` pt wide
        (the label's text has ``label_width - pad``)."""
        label = label_text(spec.label)
        if not self.m.fits(label, label_width - pad, LABEL_SIZE, True, self.form.language):
            self.problem(f"{path}.label",
                         f"a word of the label {spec.label!r} is wider than the label column "
                         f"({label_width / MM:.0f} mm), even broken where the language "
                         "allows", "use shorter words, or a hyphen where it may break")
        slots = self.slots_of(spec, spec.id, width - 2 * CELL_PAD, path)
        return (CellPlan(label_width, label, "label", help=spec.help),
                CellPlan(width, slots=tuple(slots), field_id=spec.id))

    def slots_of(self, spec, field_id: str, width: float, path: str) -> list[SlotPlan]:
        try:
            return spec.cell_slots(field_id, width, self.m, self.words)
        except LayoutError as e:
            self.problem(path, e.what, e.fix)
            return []

    # -- section tables --------------------------------------------------------------
    def table(self, s: int, section) -> BlockPlan:
        f = self.form
        columns = f.section_columns(section)
        path = f"sections[{s}].columns" if section.columns is not None else "columns"
        # Options get a column each, of equal width, else as wide as each
        # label needs; when neither fits, the options flow inside one cell.
        for mode in ("equal", "natural", "flow"):
            grid = [bool(c.grid_options()) and mode != "flow" for c in columns]
            widths = [self.column_widths(c, g, mode == "equal") for c, g in zip(columns, grid)]
            first = CONTENT_WIDTH - sum(map(sum, widths))
            if first >= FIRST_COL_MIN:
                break
        if first < FIRST_COL_MIN:
            need = FIRST_COL_MIN + sum(map(sum, widths))
            self.problem(f"sections[{s}]",
                         f"the columns of this table need {need / MM:.0f} mm, but A4 portrait has "
                         f"{CONTENT_WIDTH / MM:.0f} mm (the item column keeps at least "
                         f"{FIRST_COL_MIN / MM:.0f} mm)",
                         "use fewer columns or shorter option labels (keep the long text in "
                         "'title'), or type: dropdown for a long list of options")
            first = max(first, 10.0)
        col_widths = [first] + [w for ws in widths for w in ws]
        n = len(col_widths)
        head0 = [CellPlan(first, f.table_heading, "head", rowspan=2)]
        head1 = [CellPlan(first, covered=True)]
        for col, g, ws in zip(columns, grid, widths):
            if g:
                head0.append(CellPlan(sum(ws), col.label, "head_c", span=len(ws), help=col.help))
                head0 += [CellPlan(w, covered=True) for w in ws[1:]]
                head1 += [CellPlan(w, o.label, "head_c") for o, w in zip(col.grid_options(), ws)]
            else:
                head0.append(CellPlan(ws[0], col.label, "head_c", rowspan=2, help=col.help))
                head1.append(CellPlan(ws[0], covered=True))
        title = [CellPlan(sum(col_widths), _section_title(section), "section", span=n)]
        title += [CellPlan(w, covered=True) for w in col_widths[1:]]
        rows = [RowPlan("head", tuple(head0)), RowPlan("subhead", tuple(head1)),
                RowPlan("section", tuple(title))]
        if section.text:               # the section's paragraphs, under its title
            rows.append(RowPlan("text", (CellPlan(sum(col_widths), section.text, "text", span=n),
                                         *[CellPlan(w, covered=True) for w in col_widths[1:]])))
        shapes: dict[int, list[SlotPlan]] = {}      # one geometry per column, every row
        for item in section.items:
            base = f.item_id(item)
            cells = [CellPlan(first, style="item", item=item)]
            for c, (col, g, ws) in enumerate(zip(columns, grid, widths)):
                fid = f"{base}_{col.id}"
                if g:
                    for o, w in zip(col.grid_options(), ws):
                        slot = SlotPlan(fid, col.type, 0.0, 0.0, BOX, BOX, col.grid_shape,
                                        option=o.value)
                        cells.append(CellPlan(w, slots=(_centre(slot, w - 2 * CELL_PAD),),
                                              field_id=fid))
                    continue
                if c not in shapes:
                    inner = ws[0] - 2 * CELL_PAD
                    shapes[c] = (fid, _centre_all(self.slots_of(col, fid, inner, f"{path}[{c}]"),
                                                  inner))
                planned_for, planned = shapes[c]      # a companion's slot keeps its suffix
                slots = tuple(replace(sl, field_id=fid + sl.field_id[len(planned_for):])
                              for sl in planned)
                cells.append(CellPlan(ws[0], slots=slots, field_id=fid))
            rows.append(RowPlan("item", tuple(cells)))
        return BlockPlan("table", columns=tuple(col_widths), rows=tuple(rows), section=s,
                         header_rows=3)

    def column_widths(self, col, grid: bool, equal: bool = True) -> list[float]:
        """The grid widths of one column: one per option in grid mode, else one."""
        m = self.m
        pad = 2 * CELL_PAD + 2
        head = m.longest_word(col.label) + pad
        if grid:
            ws = [max(OPTION_COL, m.longest_word(o.label) + pad) for o in col.grid_options()]
            if equal:
                ws = [max(ws)] * len(ws)
            short = head - sum(ws)          # the column label must fit its span
            return [w + short / len(ws) for w in ws] if short > 0 else ws
        return [max(col.column_width(m) + 2 * CELL_PAD, head)]


def _section_title(section) -> str:
    return f"{section.label}  {section.title}" if section.label else section.title


def _centre(slot: SlotPlan, inner: float) -> SlotPlan:
    return replace(slot, x=(inner - slot.width) / 2)


def _centre_all(slots: list[SlotPlan], inner: float) -> list[SlotPlan]:
    """Centre a cell's slots as one group (table cells are centred)."""
    if not slots:
        return slots
    used = max(s.right for s in slots)
    shift = max(0.0, (inner - used) / 2)
    return [replace(s, x=s.x + shift, label_x=s.label_x + shift) for s in slots]
