"""The appearance streams of widgets: a text field's value in the field
font's drawn twin, a checkbox's tick, a radio button's dot."""

from __future__ import annotations

from .pdf_font import DRAWN_NAME
from .pdf_objects import _num

#: Font sizes of a text field's and a text area's value.
TEXT_SIZE = 10
TEXTAREA_SIZE = 9

EMPTY_TEXT = "/Tx BMC\nEMC"


def text_appearance_ops(font, value: str, width: float, height: float, multiline: bool,
                        grey: bool = False, comb: int = 0) -> str:
    """The content stream that draws ``value`` in a text field of that size
    (``grey`` for a hint shown while the field is empty), in the field
    font's drawn (Type0) twin; ``comb``: one character in each of that many
    equal cells, centred (a comb field, PDF 32000-1 12.7.4.3)."""
    size = TEXTAREA_SIZE if multiline else TEXT_SIZE
    pad = 2
    colour = "0.55 g" if grey else "0 g"

    def shown(text: str) -> str:
        return f"<{font.encode_drawn(text).hex()}>"

    ops = [f"/Tx BMC\nq\n1 1 {_num(width - 2)} {_num(height - 2)} re W n\nBT\n"
           f"/{DRAWN_NAME} {size} Tf\n{colour}\n"]
    if comb:
        y = (height - (font.ascent - font.descent) * size / 1000) / 2 - font.descent * size / 1000
        cell = width / comb
        for k, ch in enumerate(value[:comb]):
            x = k * cell + (cell - font.width(ch, size)) / 2
            ops.append(f"1 0 0 1 {_num(x)} {_num(y)} Tm {shown(ch)} Tj\n")
    elif multiline:
        lead = font.line_height(size)
        y = height - pad - font.ascent * size / 1000
        ops.append(f"{_num(lead)} TL\n{_num(pad)} {_num(y)} Td\n")
        for i, line in enumerate(font.wrap(value, size, width - 2 * pad)):
            ops.append(("T* " if i else "") + shown(line) + " Tj\n")
    else:
        y = (height - (font.ascent - font.descent) * size / 1000) / 2 - font.descent * size / 1000
        line = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        ops.append(f"{_num(pad)} {_num(y)} Td\n{shown(line)} Tj\n")
    ops.append("ET\nQ\nEMC")
    return "".join(ops)


def _check_mark(w: float, h: float) -> str:
    s = min(w, h)
    x0, y0 = (w - s) / 2, (h - s) / 2
    pts = [(0.22, 0.52), (0.42, 0.28), (0.78, 0.74)]
    path = " ".join(f"{_num(x0 + s * px)} {_num(y0 + s * py)} {'m' if i == 0 else 'l'}"
                    for i, (px, py) in enumerate(pts))
    return f"q 0 G {_num(s * 0.13)} w 1 J 1 j {path} S Q"


def _dot(w: float, h: float) -> str:
    r = min(w, h) * 0.27
    cx, cy = w / 2, h / 2
    k = 0.5523 * r
    return (f"q 0 g {_num(cx + r)} {_num(cy)} m "
            f"{_num(cx + r)} {_num(cy + k)} {_num(cx + k)} {_num(cy + r)} {_num(cx)} {_num(cy + r)} c "
            f"{_num(cx - k)} {_num(cy + r)} {_num(cx - r)} {_num(cy + k)} {_num(cx - r)} {_num(cy)} c "
            f"{_num(cx - r)} {_num(cy - k)} {_num(cx - k)} {_num(cy - r)} {_num(cx)} {_num(cy - r)} c "
            f"{_num(cx + k)} {_num(cy - r)} {_num(cx + r)} {_num(cy - k)} {_num(cx + r)} {_num(cy)} c f Q")
