"""Synthetic scans of formgen's own printed pages, with the ground truth.

A student is made up (:func:`student`): which boxes they tick, with what
kind of mark (a tick, a cross, a scribble, a light stroke), which box they
fill in to cancel it, and which writing areas they write in. The marks
are drawn with a pen (:func:`pen`) on the page as rendered at 300 dpi, and
the page goes through a scanner (:func:`scanner`): rotation, scale and
shift, a dark border, copier tone, blur, noise, 150-300 dpi, colour, grey
or 1-bit, JPEG, upside down. :func:`save` writes pages into the containers
an office gets: an image-only PDF, a multi-page TIFF, JPEG or PNG files.

Where a box is comes from the form's geometry (the layout plan, drawn);
what each box should read as is the truth the student was given.
"""

from __future__ import annotations

import io
import random
import unicodedata
from dataclasses import dataclass, field

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from formgen.layout import PAGE_HEIGHT
from formgen.readers.scan import layout_of

RENDER_DPI = 300
NAMES = ["Şükrü Yılmaz", "Małgorzata Wiśniewska", "Zoë d'Hondt", "Jan de Vries", "Fatima Amrani",
         "Noah Bakker", "Lotte Jansen", "Mehmet Kaya", "Sanne Visser", "Daan Smit"]


@dataclass
class Student:
    """What one student does on paper: ``marks`` is ``(field id, option,
    style)`` per box touched; ``truth`` the values that must be read;
    ``written`` the writing areas with handwriting."""

    marks: list = field(default_factory=list)
    truth: dict = field(default_factory=dict)
    written: set = field(default_factory=set)


@dataclass
class Effects:
    dpi: int = 200
    colour: str = "grey"            # colour, grey, bw
    rotate: float = 0.0             # degrees
    scale: float = 1.0
    shift: tuple = (0.0, 0.0)       # mm
    blur: float = 0.0               # sigma in pixels at the output resolution
    noise: float = 0.0
    paper: int = 255                # paper's grey after the copier (tone)
    toner: int = 0                  # black's grey
    border: bool = False
    upside_down: bool = False
    jpeg: int | None = None         # quality
    photo: bool = False             # a phone photo: perspective and uneven light


#: Plain pen: how most students tick a box.
TICKS = ("check", "cross", "light", "check", "cross")
#: What some students do instead (the truth says what they meant): a box
#: coloured in to choose it (the bubble habit), a scribbled tick, and a
#: tick struck out with a zig-zag (meant: not ticked).
HABITS = ("bubble", "scribble", "scribble_out")


def student(form, rng: random.Random, prefilled=(), corrections: float = 0.04,
            styles=TICKS) -> Student:
    """A made-up student for ``form``: rows wished with a level, a few
    corrections, handwriting in the writing areas not prefilled."""
    s = Student()
    geo = layout_of(form)
    fields = {}
    for slot in geo.slots:
        fields.setdefault(slot.field_id, []).append(slot)
    for field_id, slots in fields.items():
        ff = form.field(field_id)
        kind = slots[0].shape
        if kind == "box":
            on = rng.random() < 0.6
            if on:
                s.marks.append((field_id, None, rng.choice(styles)))
            elif rng.random() < corrections:
                s.marks.append((field_id, None, "filled"))      # ticked, then cancelled
            s.truth[field_id] = on
        elif kind == "circle":
            options = [sl.option for sl in slots]
            wished = s.truth.get(field_id.replace("_niveau", "_wens"), True)
            if rng.random() < (0.9 if wished else 0.15):
                chosen = rng.choice(options)
                if rng.random() < corrections:
                    wrong = rng.choice([o for o in options if o != chosen])
                    s.marks.append((field_id, wrong, "filled"))
                s.marks.append((field_id, chosen, rng.choice(styles)))
                s.truth[field_id] = chosen
            else:
                s.truth[field_id] = None
        elif field_id not in prefilled and ff.spec.type != "signature":
            if rng.random() < 0.9:
                s.written.add(field_id)
    return s


def render(pdf: bytes, index: int, dpi: int = RENDER_DPI) -> np.ndarray:
    """Page ``index`` of ``pdf`` as an RGB array."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].render(scale=dpi / 72, rev_byteorder=True).to_numpy()[:, :, :3].copy()
    finally:
        doc.close()


def _px(x: float, y: float, dpi: int) -> tuple[float, float]:
    return x * dpi / 72, (PAGE_HEIGHT - y) * dpi / 72


def pen(img: np.ndarray, form, page: int, st: Student, rng: random.Random,
        dpi: int = RENDER_DPI) -> None:
    """Draw ``st``'s marks and handwriting that fall on ``page`` into ``img``."""
    geo = layout_of(form)
    where = {(sl.field_id, sl.option): sl for sl in geo.on_page(page)}
    ink = tuple(int(v) for v in rng.choice([(40, 50, 150), (40, 40, 40), (30, 40, 120)]))  # RGB
    mm = dpi / 25.4
    for field_id, option, style in st.marks:
        sl = where.get((field_id, option))
        if sl is None:
            continue
        x0, y0, x1, y1 = sl.rect
        (ax, ay), (bx, by) = _px(x0, y1, dpi), _px(x1, y0, dpi)
        size = bx - ax
        width = max(1, int(round(rng.uniform(0.35, 0.6) * mm)))

        def p(u, v, j=0.06):
            return (int(ax + size * (u + rng.uniform(-j, j))), int(ay + size * (v + rng.uniform(-j, j))))

        if style in ("filled", "bubble"):   # coloured in: dense strokes, over the edge
            thick = max(2, int(round(rng.uniform(0.6, 0.9) * mm)))
            steps = int(size / (thick * 0.55)) + 2
            for i in range(steps):
                v = -0.08 + 1.16 * i / (steps - 1)
                cv2.line(img, p(-0.08, v, 0.02), p(1.08, v + rng.uniform(-0.05, 0.05), 0.02),
                         ink, thick, cv2.LINE_AA)
        elif style in ("check", "light"):
            colour = ink if style == "check" else (170, 165, 160)
            w = width if style == "check" else max(1, int(0.25 * mm))
            pts = np.array([p(0.15, 0.5), p(0.42, 0.85), p(0.95, -0.1, 0.1)])
            cv2.polylines(img, [pts], False, colour, w, cv2.LINE_AA)
        elif style == "cross":
            cv2.line(img, p(0.1, 0.1), p(0.9, 0.9), ink, width, cv2.LINE_AA)
            cv2.line(img, p(0.9, 0.1), p(0.1, 0.9), ink, width, cv2.LINE_AA)
        elif style == "scribble_out":   # a tick struck out: a dense zig-zag, not solid
            thick = max(2, int(round(rng.uniform(0.45, 0.7) * mm)))
            passes = rng.randint(5, 8)
            pts = np.array([p(0.0 if i % 2 else 1.0, -0.05 + 1.1 * i / passes, 0.04)
                            for i in range(passes + 1)])
            cv2.polylines(img, [pts], False, ink, thick, cv2.LINE_AA)
        elif style == "scribble":
            pts = np.array([p(0.2 + 0.6 * (i % 2), 0.2 + 0.15 * i) for i in range(5)])
            cv2.polylines(img, [pts], False, ink, width, cv2.LINE_AA)
    for sl in geo.on_page(page):
        if sl.field_id in st.written and sl.option is None:
            x0, y0, x1, y1 = sl.rect
            (ax, ay), (bx, by) = _px(x0, y1, dpi), _px(x1, y0, dpi)
            text = unicodedata.normalize("NFKD", rng.choice(NAMES)).encode("ascii", "ignore").decode()
            h = by - ay
            scale = h / 32
            cv2.putText(img, text, (int(ax + 0.1 * h), int(by - 0.22 * h)),
                        cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, scale, ink, max(1, int(0.3 * mm)),
                        cv2.LINE_AA)


def scanner(img: np.ndarray, fx: Effects, rng: random.Random) -> np.ndarray:
    """``img`` (RGB at :data:`RENDER_DPI`) as a scanner with effects ``fx``
    makes it: an RGB, grey or 1-bit array at ``fx.dpi``."""
    h, w = img.shape[:2]
    mm = RENDER_DPI / 25.4
    m = cv2.getRotationMatrix2D((w / 2, h / 2), fx.rotate, fx.scale)
    m[0, 2] += fx.shift[0] * mm
    m[1, 2] += fx.shift[1] * mm
    out = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                         borderValue=(40, 40, 40) if fx.border else (255, 255, 255))
    if fx.photo:                         # held at an angle, lit from one side
        q = [rng.uniform(0, 0.04) for _ in range(8)]
        src = np.float32([(0, 0), (w, 0), (w, h), (0, h)])
        dst = np.float32([(w * q[0], h * q[1]), (w * (1 - q[2]), h * q[3]),
                          (w * (1 - q[4]), h * (1 - q[5])), (w * q[6], h * (1 - q[7]))])
        out = cv2.warpPerspective(out, cv2.getPerspectiveTransform(src, dst), (w, h),
                                  borderValue=(90, 80, 70))
        yy, xx = np.mgrid[:h, :w].astype(np.float32)
        a = rng.uniform(0, 2 * np.pi)
        light = 1 - 0.35 * ((np.cos(a) * xx / w + np.sin(a) * yy / h + 1) / 2)
        out = (out * light[:, :, None]).astype(np.uint8)
    if fx.border:                        # the lid's shadow along one edge
        band = int(rng.uniform(2, 6) * mm)
        out[:, :band] = (out[:, :band] * 0.3).astype(np.uint8)
    f = fx.dpi / RENDER_DPI
    out = cv2.resize(out, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    if fx.blur:
        out = cv2.GaussianBlur(out, (0, 0), fx.blur)
    out = out.astype(np.float32)
    out = fx.toner + (fx.paper - fx.toner) * out / 255.0
    if fx.noise:
        out += np.random.default_rng(rng.randrange(1 << 30)).normal(0, fx.noise, out.shape)
    out = np.clip(out, 0, 255).astype(np.uint8)
    if fx.colour != "colour":
        out = cv2.cvtColor(out, cv2.COLOR_RGB2GRAY)
    if fx.colour == "bw":
        out = np.where(out < 128, 0, 255).astype(np.uint8)
    if fx.upside_down:
        out = cv2.rotate(out, cv2.ROTATE_180)
    if fx.jpeg and fx.colour != "bw":
        ok, buf = cv2.imencode(".jpg", out if out.ndim == 2 else cv2.cvtColor(out, cv2.COLOR_RGB2BGR),
                               [cv2.IMWRITE_JPEG_QUALITY, fx.jpeg])
        out = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
        if out.ndim == 3:
            out = cv2.cvtColor(out, cv2.COLOR_BGR2RGB)
    return out


def random_effects(rng: random.Random, dpi=(200, 300), colours=("grey", "colour"),
                   upside_down: float = 0.1) -> Effects:
    """Scanner effects in the ranges an office's scanners and copiers show."""
    return Effects(
        dpi=rng.choice(range(dpi[0], dpi[1] + 1, 25)) if len(dpi) == 2 else dpi[0],
        colour=rng.choice(colours), rotate=rng.uniform(-4, 4), scale=rng.uniform(0.97, 1.03),
        shift=(rng.uniform(-5, 5), rng.uniform(-5, 5)), blur=rng.choice([0, 0, 0.6, 1.0]),
        noise=rng.choice([0, 3, 6]), paper=rng.randint(215, 255), toner=rng.randint(0, 50),
        border=rng.random() < 0.3, upside_down=rng.random() < upside_down,
        jpeg=rng.choice([None, 40, 60, 75, 90]))


def to_pil(arr: np.ndarray, dpi: int) -> Image.Image:
    if arr.ndim == 2 and set(np.unique(arr[::7, ::7])) <= {0, 255}:
        img = Image.fromarray(arr).convert("1")
    else:
        img = Image.fromarray(arr)
    img.info["dpi"] = (dpi, dpi)
    return img


def save(pages: list[tuple[np.ndarray, int]], path, container: str) -> None:
    """Write scanned pages ``[(array, dpi)]`` as one ``pdf`` or ``tiff``, or
    (``jpeg``, ``png``) as the first page only."""
    imgs = [to_pil(a, d) for a, d in pages]
    dpi = pages[0][1]
    if container == "pdf":
        imgs[0].save(path, "PDF", save_all=True, append_images=imgs[1:], resolution=dpi)
    elif container == "tiff":
        imgs[0].save(path, "TIFF", save_all=True, append_images=imgs[1:], dpi=(dpi, dpi),
                     compression="tiff_deflate")
    elif container == "jpeg":
        imgs[0].convert("L" if imgs[0].mode == "1" else imgs[0].mode).save(path, "JPEG",
                                                                            quality=85)
    else:
        imgs[0].save(path, "PNG")


def scan_copy(pdf: bytes, form, st: Student, fx_of, rng: random.Random, first: int = 0,
              pages: int | None = None) -> list[tuple[np.ndarray, int]]:
    """The pages of one copy (``pdf`` pages ``first`` .. ``first + pages``),
    filled in by ``st`` and scanned with effects ``fx_of(rng)`` each."""
    pages = pages or layout_of(form).pages
    out = []
    for k in range(pages):
        img = render(pdf, first + k)
        pen(img, form, k + 1, st, rng)
        fx = fx_of(rng)
        out.append((scanner(img, fx, rng), fx.dpi))
    return out


def png_bytes(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()
