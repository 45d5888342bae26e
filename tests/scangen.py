"""Synthetic scans of formgen's own printed pages, with the ground truth.

A student is made up (:func:`student`): which boxes they tick, with what
kind of mark (a tick, a cross, a scribble, a light stroke), which box they
fill in to cancel it, and which writing areas they write in. The marks
are drawn with a pen (:func:`pen`) on the page as rendered at 300 dpi, and
the page goes through a scanner (:func:`scanner`): rotation, scale and
shift, a dark border, copier tone, blur, noise, 150-300 dpi, colour, grey
or 1-bit, JPEG, upside down. :func:`save` writes pages into the containers
an office gets: an image-only PDF, a multi-page TIFF, JPEG or PNG files.

Where a box is comes from the form's page plan (``form.pages``, which every
build checks against what it drew);
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
    #: field id -> the habit its marks were drawn with (none: a plain pen)
    habits: dict = field(default_factory=dict)
    #: a code field's id -> the digits written in its cells (their circles
    #: are in ``marks``, see :func:`number`)
    digits: dict = field(default_factory=dict)
    #: how this student marks a box (see :func:`hand_student`): "pen", or
    #: the habit they keep to; "mixed" for :func:`habit_student`'s students
    hand: str = "pen"


def number(st: Student, field_id: str, digits: str, style: str = "bubble") -> None:
    """``st`` writes ``digits`` in the cells of code field ``field_id`` and
    marks the circle of each digit under it with ``style``."""
    st.digits[field_id] = digits
    st.marks += [(field_id, f"{c + 1}-{d}", style) for c, d in enumerate(digits)]


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
#: Every way of marking a box the generator knows besides a plain pen tick.
#: Meant as a tick: a box coloured in, a scribbled tick, a dot, a light
#: pencil tick or cross, a cross running into the next box, a circle drawn
#: round the box. Meant as no tick: a tick struck out with a zig-zag, a
#: tick under correction fluid. Meaning nothing: a highlighter band across
#: the row.
ON_HABITS = ("bubble", "scribble", "dot", "pencil", "cross_over", "circle")
OFF_HABITS = ("scribble_out", "correction_fluid")
ALL_HABITS = ON_HABITS + OFF_HABITS + ("highlighter",)


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


def habit_student(form, rng: random.Random, prefilled=(), share: float = 0.3,
                  habits=ALL_HABITS) -> Student:
    """A student with habits: about ``share`` of the boxes they tick are
    marked with one of ``habits`` meant as a tick, some boxes they leave are
    struck out or whited out after a tick, and some rows are highlighted.
    ``habits`` records which field got which."""
    st = student(form, rng, prefilled, corrections=0.03)
    st.hand = "mixed" if habits else "pen"
    on = [h for h in habits if h in ON_HABITS]
    off = [h for h in habits if h in OFF_HABITS]
    for k, (field_id, option, style) in enumerate(st.marks):
        if style != "filled" and on and rng.random() < share:
            habit = rng.choice(on)
            st.marks[k] = (field_id, option, habit)
            st.habits[field_id] = habit
    if off:
        geo = layout_of(form)
        for slot in geo.slots:
            if slot.shape not in ("box", "circle") or rng.random() > 0.06:
                continue
            if slot.field_id in st.habits or any(m[0] == slot.field_id and m[1] == slot.option
                                                 for m in st.marks):
                continue
            want = st.truth.get(slot.field_id)
            meant = want is True if slot.option is None else want == slot.option
            if not meant:
                habit = rng.choice(off)
                st.marks.append((slot.field_id, slot.option, habit))
                st.habits[slot.field_id] = habit
    if "highlighter" in habits:
        for field_id in list(st.truth):
            if field_id not in st.habits and rng.random() < 0.08:
                st.marks.append((field_id, None, "highlighter"))
                st.habits[field_id] = "highlighter"
    return st


#: A class of twenty as the bench sees it (see :func:`hand_student`):
#: fourteen tick or cross with a pen; six have a way of their own, one each.
HANDS = ("pen",) * 14 + ON_HABITS


def hand_student(form, rng: random.Random, hand: str, prefilled=(), keep: float = 0.85,
                 slips: tuple = (0.7, 0.25, 0.05), highlighter: float = 0.1) -> Student:
    """A student who marks boxes their own way, as people do: ``hand`` is
    "pen" (ticks and crosses) or one of :data:`ON_HABITS`, drawn on about
    ``keep`` of the boxes they mean (the others a plain tick: nobody is
    wholly consistent). Apart from that, what happens to anyone: the printed
    correction rule now and then, a tick struck out or whited out (none,
    one or two of them in ``slips`` proportions), and, for one student in
    ``1 / highlighter``, a highlighter across about a third of the rows."""
    st = student(form, rng, prefilled, corrections=0.03)
    st.hand = hand
    if hand != "pen":
        for k, (field_id, option, style) in enumerate(st.marks):
            if style != "filled" and rng.random() < keep:
                st.marks[k] = (field_id, option, hand)
                st.habits[field_id] = hand
    slots = [slot for slot in layout_of(form).slots if slot.shape in ("box", "circle")]
    free = []
    for slot in slots:
        if slot.field_id in st.habits or any(m[0] == slot.field_id and m[1] == slot.option
                                             for m in st.marks):
            continue
        want = st.truth.get(slot.field_id)
        if not (want is True if slot.option is None else want == slot.option):
            free.append(slot)
    count = rng.choices(range(len(slips)), weights=slips)[0]
    for slot in rng.sample(free, min(count, len(free))):
        if slot.field_id in st.habits:
            continue
        habit = rng.choice(OFF_HABITS)
        st.marks.append((slot.field_id, slot.option, habit))
        st.habits[slot.field_id] = habit
    if rng.random() < highlighter:
        for field_id in list(st.truth):
            if field_id not in st.habits and rng.random() < 0.3:
                st.marks.append((field_id, None, "highlighter"))
                st.habits[field_id] = "highlighter"
    return st


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
        elif style == "dot":             # a firm dot in the middle
            r = max(2, int(size * rng.uniform(0.1, 0.16)))
            cv2.circle(img, p(0.5, 0.5, 0.05), r, ink, -1, cv2.LINE_AA)
        elif style == "pencil":          # a light pencil tick or cross, graphite grain
            layer = np.zeros(img.shape[:2], np.uint8)
            w = max(1, int(round(rng.uniform(0.2, 0.35) * mm)))
            if rng.random() < 0.5:
                cv2.polylines(layer, [np.array([p(0.15, 0.5), p(0.42, 0.85), p(0.95, -0.1, 0.1)])],
                              False, 255, w, cv2.LINE_AA)
            else:
                cv2.line(layer, p(0.1, 0.1), p(0.9, 0.9), 255, w, cv2.LINE_AA)
                cv2.line(layer, p(0.9, 0.1), p(0.1, 0.9), 255, w, cv2.LINE_AA)
            grain = np.random.default_rng(rng.randrange(1 << 30)).random(layer.shape) < 0.75
            alpha = (layer * grain).astype(np.float32) / 255 * rng.uniform(0.35, 0.6)
            img[:] = (img * (1 - alpha[:, :, None]) + 90 * alpha[:, :, None]).astype(np.uint8)
        elif style == "cross_over":      # a big cross, over the edges into the next cell
            cv2.line(img, p(-0.3, -0.25), p(1.3, 1.25), ink, width, cv2.LINE_AA)
            cv2.line(img, p(1.3, -0.25), p(-0.3, 1.25), ink, width, cv2.LINE_AA)
        elif style == "circle":          # a ring drawn round the box (and nothing in it)
            c = p(0.5, 0.5, 0.03)
            cv2.ellipse(img, c, (int(size * rng.uniform(0.8, 0.95)), int(size * rng.uniform(0.7, 0.85))),
                        rng.uniform(0, 30), 0, 360, ink, width, cv2.LINE_AA)
        elif style == "correction_fluid":    # a tick, then whited out with a margin
            cv2.polylines(img, [np.array([p(0.15, 0.5), p(0.42, 0.85), p(0.95, -0.1, 0.1)])],
                          False, ink, width, cv2.LINE_AA)
            cv2.ellipse(img, p(0.5, 0.5, 0.05), (int(size * 0.75), int(size * 0.7)), 0, 0, 360,
                        (250, 250, 246), -1, cv2.LINE_AA)
        elif style == "highlighter":     # a translucent yellow band along the row
            band = int(rng.uniform(4, 6) * mm)
            mid = int(ay + size * rng.uniform(0.3, 0.7))
            top, bottom = max(0, mid - band // 2), mid + band // 2
            left = max(0, int(ax - rng.uniform(40, 90) * mm))
            right = min(img.shape[1], int(bx + rng.uniform(2, 40) * mm))
            tint = np.float32(rng.choice([(255, 240, 80), (250, 235, 60), (140, 240, 140)])) / 255
            img[top:bottom, left:right] = (img[top:bottom, left:right] * tint).astype(np.uint8)
    for sl in geo.on_page(page):
        if sl.field_id in st.digits and sl.shape == "text" and sl.option:
            x0, y0, x1, y1 = sl.rect        # a digit written by hand in its cell
            (ax, ay), (bx, by) = _px(x0, y1, dpi), _px(x1, y0, dpi)
            h = by - ay
            digit = st.digits[sl.field_id][int(sl.option) - 1]
            cv2.putText(img, digit, (int(ax + 0.3 * (bx - ax)), int(by - 0.2 * h)),
                        cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, h / 34, ink, max(1, int(0.3 * mm)),
                        cv2.LINE_AA)
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
        yy, xx = np.mgrid[:h:8, :w:8].astype(np.float32)    # smooth: made small, then scaled
        a = rng.uniform(0, 2 * np.pi)
        # a gradient from full light to 65 %: clipped, as the sum of the two
        # terms runs past 1 for some angles (unclipped, 255 times a little
        # more than 1 wrapped round to black: a "dark object" over a corner
        # that no phone ever photographed)
        ramp = np.clip((np.cos(a) * xx / w + np.sin(a) * yy / h + 1) / 2, 0, 1)
        light = cv2.resize(1 - 0.35 * ramp, (w, h), interpolation=cv2.INTER_LINEAR)
        out = np.clip(out * light[:, :, None], 0, 255).astype(np.uint8)
    if fx.border:                        # the lid's shadow along one edge
        band = int(rng.uniform(2, 6) * mm)
        out[:, :band] = (out[:, :band] * 0.3).astype(np.uint8)
    f = fx.dpi / RENDER_DPI
    out = cv2.resize(out, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    if fx.blur:
        out = cv2.GaussianBlur(out, (0, 0), fx.blur)
    tone = (fx.toner + (fx.paper - fx.toner) * np.arange(256) / 255.0).astype(np.float32)
    out = tone[out]                              # paper and toner, as floats, in one pass
    if fx.noise:
        out += fx.noise * _noise(out.shape, rng)
    out = np.clip(out, 0, 255, out=out).astype(np.uint8)
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


#: A field of standard normal noise made once per process; each page takes a
#: window of it at a random place (a new field per page cost more than the
#: rest of a scan).
_NOISE: list = []


def _noise(shape, rng: random.Random) -> np.ndarray:
    """Standard normal noise of ``shape`` (h, w[, channels])."""
    if not _NOISE:
        _NOISE.append(np.random.default_rng(20261205).standard_normal((3800, 2800), np.float32))
    field_ = _NOISE[0]
    h, w = shape[:2]
    if h > field_.shape[0] - 64 or w > field_.shape[1] - 64:
        return np.random.default_rng(rng.randrange(1 << 30)).standard_normal(shape, np.float32)
    parts = []
    for _ in range(shape[2] if len(shape) == 3 else 1):
        y, x = rng.randrange(field_.shape[0] - h), rng.randrange(field_.shape[1] - w)
        parts.append(field_[y:y + h, x:x + w])
    return np.stack(parts, axis=2) if len(shape) == 3 else parts[0]


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


#: An office's everyday conditions and harsh ones: each a scanner (or a
#: phone) and, but for "clean" and "phone", a degradation of the printed and
#: filled-in sheet modelled by augraphy (the test extra).
EVERYDAY = ("clean", "phone", "letterpress", "ink_bleed", "shadow")
HARSH = ("dirty_rollers", "bad_photocopy", "folds")


def conditions(name: str):
    """``(effects_of(rng), degrade(img, rng) or None)`` of condition ``name``."""
    def office(r):
        return random_effects(r, upside_down=0.05)

    if name == "clean":
        return (lambda r: Effects(dpi=r.choice([200, 300]), rotate=r.uniform(-1.5, 1.5),
                                  shift=(r.uniform(-3, 3), r.uniform(-3, 3)))), None
    if name == "phone":
        return (lambda r: Effects(dpi=r.choice([200, 250]), colour="colour", photo=True,
                                  rotate=r.uniform(-4, 4), jpeg=r.choice([60, 80]),
                                  noise=3)), None
    return office, lambda img, r: degrade(img, name, r)


def _seed_numba(seed: int) -> None:
    """Seed numba's own random state (augraphy draws some of its noise in
    jitted code, which NumPy's seed does not reach)."""
    global _numba_seed
    if _numba_seed is None:
        from numba import njit

        @njit(cache=False)
        def seed_it(s):
            np.random.seed(s)
            random.seed(s)
        _numba_seed = seed_it
    _numba_seed(seed)


_numba_seed = None


def degrade(img: np.ndarray, name: str, rng: random.Random) -> np.ndarray:
    """``img`` (RGB, the printed sheet with its pen marks) through augraphy's
    model of ``name``, seeded by ``rng``."""
    import augraphy as A
    make = {
        "letterpress": lambda: A.Letterpress(p=1),
        "ink_bleed": lambda: A.InkBleed(p=1),
        "shadow": lambda: A.ShadowCast(p=1),
        "dirty_rollers": lambda: A.DirtyRollers(p=1),
        "bad_photocopy": lambda: A.BadPhotoCopy(p=1, noise_type=rng.choice([1, 2, 5])),
        "folds": lambda: A.Folding(p=1, fold_count=rng.randint(1, 3)),
    }[name]
    for attempt in range(3):
        seed = rng.randrange(1 << 30)
        random.seed(seed)
        np.random.seed(seed)
        _seed_numba(seed)
        try:
            out = make()(img.copy())
        except Exception:  # noqa: BLE001 - some random draws of augraphy fail: draw again
            continue
        out = out[0] if isinstance(out, tuple) else out
        if out.ndim == 2:
            out = cv2.cvtColor(out, cv2.COLOR_GRAY2RGB)
        return np.ascontiguousarray(out[:, :, :3]).astype(np.uint8)
    return img


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
                     compression="tiff_lzw")
    elif container == "jpeg":
        imgs[0].convert("L" if imgs[0].mode == "1" else imgs[0].mode).save(path, "JPEG",
                                                                            quality=85)
    else:
        imgs[0].save(path, "PNG")


def scan_copy(pdf: bytes, form, st: Student, fx_of, rng: random.Random, first: int = 0,
              pages: int | None = None, degrade=None) -> list[tuple[np.ndarray, int]]:
    """The pages of one copy (``pdf`` pages ``first`` .. ``first + pages``),
    filled in by ``st``, worn by ``degrade(img, rng)`` if given, and scanned
    with effects ``fx_of(rng)`` each."""
    pages = pages or layout_of(form).pages
    out = []
    for k in range(pages):
        img = render(pdf, first + k)
        pen(img, form, k + 1, st, rng)
        if degrade is not None:
            img = degrade(img, rng)
        fx = fx_of(rng)
        out.append((scanner(img, fx, rng), fx.dpi))
    return out


def png_bytes(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


# -- for the tests that read scans ----------------------------------------------

def gray(arr):
    """A scan as one grey channel."""
    return arr if arr.ndim == 2 else cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)


def render_gray(pdf: bytes, index: int, dpi: int = 150) -> np.ndarray:
    """Page ``index`` of ``pdf`` as PDFium renders it, in grey."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].render(scale=dpi / 72, grayscale=True).to_numpy().copy()
    finally:
        doc.close()


def score(responses, truths: dict) -> dict:
    """Box fields right, flagged, and wrong without a flag, against the truth
    of each copy (by copy id)."""
    out = {"boxes": 0, "right": 0, "flagged": 0, "wrong": 0, "copies": 0, "wrong_list": []}
    for r in responses:
        st = truths.get(r.copy_id)
        if st is None:
            continue
        out["copies"] += 1
        for field_id, want in st.truth.items():
            out["boxes"] += 1
            got = r.values.get(field_id)
            if field_id in r.review:
                out["flagged"] += 1
            elif got == want:
                out["right"] += 1
            else:
                out["wrong"] += 1
                out["wrong_list"].append((r.copy_id, field_id, got, want))
    return out
