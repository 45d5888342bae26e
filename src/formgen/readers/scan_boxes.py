"""How each box of the layout plan reads on a scanned page: the ink in
it, judged against the paper round it (a streak, a band of toner, a
highlighter), and what a student's habits make of it (a zig-zag, a box
coloured in, a ring drawn round it): empty, ticked, filled in, or unsure
with the reason a person reads."""

from __future__ import annotations

from .scan_model import Mark


def _apply(transform, x: float, y: float) -> tuple[float, float]:
    v = transform @ (x, y, 1.0)
    return float(v[0] / v[2]), float(v[1] / v[2])

#: Box thresholds, as the inked share of a box's inside.
EMPTY_BELOW = 0.02         # below: empty (paper, dust, JPEG noise) ...
FAINT_FROM = 0.03          # ... unless this much of it is a faint stroke: unsure,
FAINT_TICK = 0.09          # and from here, a light tick
TICKED_FROM = 0.05         # from here: ticked; between the two: unsure
TICKED_UNTIL = 0.66        # a tick or a cross covers less; from here to FILLED_UNSURE,
                           # a scribble: a tick struck out, or a scribbled tick (unsure)
FILLED_FROM = 0.97         # from here: filled in (cancelled); below, down to
FILLED_UNSURE = 0.92       # this, unsure: a heavy scribble or a box not quite filled
#: Ink is darker than the paper by this share of the paper-to-print range;
#: a faint stroke (a light pencil) by the second.
INK_LEVEL, FAINT_LEVEL = 0.25, 0.1
#: A box's faint pixels are looked at again with its tone smoothed by a
#: Gaussian this wide (pixels; see _specks).
SPECK_BLUR = 1.0
#: A box at least this inked with two rows inked across is a zig-zag too.
SCRIBBLE_FROM = 0.45
#: A box whose ink a line crosses this many times is a zig-zag (see _strokes).
SCRIBBLE_STROKES = 3
#: A writing area with more ink than this holds handwriting.
WRITING_FROM = 0.006
#: How far inside a box's outline the measured area starts (points).
INSET = 2.6
#: The paper around a box, compared with its inside: a ring from this far
#: outside its outline (points) to the second.
RING = (1.8, 4.5)
#: Ink runs through the paper round a box (a toner band, a roller's streak,
#: a fold) when this share of two opposite sides of the ring is ink; a box
#: that is not empty there is unsure.
RING_INK = 0.12
#: ... unless it is ticked with this many times more ink than the ring's
#: sides (a big cross running over the box's edges; a streak inks the box
#: about as much as the paper round it).
OWN_MARK = 2.5
#: A box this much covered by a faint tone, with almost no ink, is tinted
#: (a highlighter, a stain, a shadow), not ticked: its strokes are looked for
#: against the tint; a tint darker than the second (of the paper-to-print
#: range) may hide a light mark, so the box is unsure.
TINT_FROM, TINT_DARK = 0.6, 0.16
#: A tick with less ink than this must be a stroke: one connected line
#: running at least STROKE_SPAN of the way across the box.
STROKE_CHECK, STROKE_SPAN = 0.25, 0.45
#: A light tick (little ink, a faint stroke) is a line: more faint than
#: this is a smear or a copier's grey, not a tick.
FAINT_TICK_UNTIL = 0.3
#: ... unless its faint pixels are thin lines, as a pencil's or a pen's
#: strokes widened by ink bleed or a soft scan are (a smear or a copier's grey
#: is a patch): of the faint pixels at most THIN_CORE stay when the mask is
#: eroded by a disc THIN_PT wide (0.7 mm; a pencil line is 0.3-0.5 mm, a
#: dot 1-1.5 mm), with at most THIN_UNTIL of the box faint.
THIN_PT, THIN_CORE, THIN_UNTIL = 2.0, 0.1, 0.5
#: A bold cross (see _bold_cross): the middles of its four sides hold at
#: most this much ink together (a hand's cross drifts into one or two of
#: them: at most 0.8 over 20 bold crosses; a zig-zag fills three or four:
#: at least 2.5 over 40), none more than the second; each corner at least
#: the third.
CROSS_SIDES, CROSS_SIDE, CROSS_CORNER = 1.2, 0.6, 0.2
#: A light line down or across this share of a box is a streak (see _along_axis);
#: so is ink of which this share is such a band (see _straight_band).
AXIS_LINE = 0.8
BAND_SHARE = 0.8
#: ... and only on clean paper: with this share of the ring round the box
#: faint too (a copier's grey specks), a faint stroke is unsure; and with
#: this share of two opposite sides of the ring faint (a roller's thin
#: streak running on through the box; a pencil tick that runs over the
#: box's edge marks one side): over 70 pencil ticks on the everyday
#: conditions at most 0.011 round them and across them, 0.03 to 0.08
#: across roller streaks.
SPECKLED, STREAK = 0.025, 0.02
#: The printed outline of a box, looked for in a band this far (points)
#: inside and outside where the plan puts it, covers at least this share of
#: the band where the page is placed right.
OUTLINE_BAND, OUTLINE_FROM = (1.0, 0.8), 0.12
#: The printed arrow at the right end of a list's box (points).
COMBO_ARROW = 11.0
#: Ink round an empty box (a ring drawn round it, a tick beside it): this
#: share of the ring; the box is then unsure, not empty ...
AROUND_FROM = 0.045
#: ... or this share of one side of it (a tick beside the box, missing it).
SIDE_FROM = 0.08
#: ... unless that ink is a ring drawn round the box alone (see _closed_ring):
#: a line, looked for up to RING_REACH points outside the box's outline,
#: that goes round at least RING_ROUND of the way (in 5-degree steps) and
#: inks at most RING_SOLID of the paper there (a line, not a patch). A
#: student who rings what they choose means it as a tick; a tick beside the
#: box, a cross running in from the next one, a fold or a streak cover a
#: side or two, never the whole way round.
RING_REACH, RING_ROUND, RING_SOLID = 8.5, 0.8, 0.4
#: ... its ink within RING_WIDTH points of one distance from the centre in
#: each 5-degree step, its span of distances at most RING_STEP from the next
#: step's, with gaps of at most RING_GAP steps.
RING_WIDTH, RING_STEP, RING_GAP = 4.0, 2.0, 4
#: A step holding less than this share of the median step's ink is a shred
#: of the line (cut by the box's corner, which is left out): it goes round
#: there, but its distance from the centre is not compared.
RING_SHRED = 0.3
#: A straight line down or across this share of the window round a box is
#: a printed rule (see _rules), left out of the ink round the box.
RULE_LONG = 0.6
#: A box gone under correction fluid: its outline at most this share of
#: its band and nothing at all inside (no ink, no faint stroke). Over the
#: bench's whited-out boxes: outline 0.000-0.013, inside 0.000; a box the
#: plan put where a fold moved the paper can look the same, so such a box
#: is "whited" (unsure), and only a field's type decides more (see
#: formgen.fields.choice: one clear tick beside it).
WHITED_OUTLINE, WHITED_INSIDE = 0.02, 0.005
#: ... and only a box alone so: with another box within this distance
#: (points; 15 mm, the next option, the next row's box) gone or out of
#: place too, the paper moved there (a fold: one seed of the bench had a
#: fold blank two options of three rows, a crease in the third read as a
#: light tick) and every such box is "misplaced".
WHITED_ALONE = 15 * 72 / 25.4


def _measure(ink, faint, slot, transform, s: float, np, img=None, black: float = 0.0,
             ring_clean: bool = True, white: float = 255.0) -> Mark:
    """How ``slot`` reads. ``ring_clean``: the paper round it is blank on the
    printed form (the slot is alone in its cell, away from its edges), so
    that ink there was put there after printing. ``img``: the flattened
    page, its paper ``white`` and printed ``black``."""
    x0, y0, x1, y1 = slot.rect
    if slot.shape in ("box", "circle"):
        cx, cy = _apply(transform, (x0 + x1) / 2, (y0 + y1) / 2)
        half = ((x1 - x0) / 2 - INSET) * s
        ys, xs = int(round(cy - half)), int(round(cx - half))
        n = max(2, int(round(2 * half)))
        area = (slice(max(0, ys), ys + n), slice(max(0, xs), xs + n))
        patch, light = ink[area], faint[area]
        if patch.size == 0:
            return Mark(slot.option, "unsure", 0.0)
        ring = _ring(cx, cy, (x1 - x0) / 2, s, ink.shape) if ring_clean else None

        around_ink, across = _around(ink, ring)
        faint_around, faint_across = _around(faint, ring, ink)
        near: list = []

        def round_it():
            if not near:
                near.append(_near(ink, slot, transform, s, np))
            return near[0]

        def inked_round() -> bool:
            # ink round the box: all round it, or on one side (a tick beside it)
            return around_ink >= AROUND_FROM or (ring is not None and _beside(round_it(), np))

        def closed() -> bool:
            return _closed_ring(round_it(), np)
        outline = _outline_share(faint, cx, cy, (x1 - x0) / 2, s, slot.shape, np)
        if outline < OUTLINE_FROM:
            # the printed outline is not where the plan puts it: the sheet
            # is bent here (a fold, a crease) and the box cannot be measured;
            # or it is gone under correction fluid, nothing left inside
            if (outline < WHITED_OUTLINE and float(patch.mean()) < WHITED_INSIDE
                    and float(light.mean()) < WHITED_INSIDE):
                return Mark(slot.option, "unsure", 0.0, 0.0, "whited")
            return Mark(slot.option, "unsure", 0.0, 0.0, "misplaced")
        square = patch
        tone = img[area] if img is not None else None
        inside = None
        if slot.shape == "circle":
            yy, xx = np.mgrid[:patch.shape[0], :patch.shape[1]]
            c = (n - 1) / 2
            inside = (yy - c) ** 2 + (xx - c) ** 2 <= half ** 2
            patch, light = patch[inside], light[inside]
            tone = tone[inside] if tone is not None else None
        share, faint_share = float(patch.mean()), float(light.mean())
        if (share < EMPTY_BELOW and faint_share >= FAINT_FROM and img is not None
                and _specks(img[area], inside, white, black, np)):
            # no ink, and faint pixels that are a dark scan's grain (lifted
            # with the paper under a shadow), not a stroke: empty, unless
            # ink is drawn round the box
            return _ringed(Mark(slot.option, "empty", share, faint_share), inked_round, closed)
        if share < TICKED_FROM and faint_share >= TINT_FROM and tone is not None:
            return _ringed(_tinted(slot.option, tone, share, faint_share, black, np),
                           inked_round, closed)        # a ring drawn round a highlighted box
        if (share < EMPTY_BELOW and faint_share >= FAINT_FROM and faint_around >= SPECKLED
                and img is not None and _no_stroke_on_its_paper(img, cx, cy, half, s, black,
                                                                slot.shape, np)):
            # a tone over the box and the paper round it (the edge of a
            # shadow, a copier's grey), with no stroke darker than the paper
            # it lies on: empty (unless ink is drawn round it)
            return _ringed(Mark(slot.option, "empty", share, faint_share), inked_round, closed)
        state = _state(share, faint_share)
        # a box or circle more inked than a tick, or crossed by a zig-zag, is a
        # scribble (a radio button printed from a screen is a solid dot: filled
        # from side to side inside, above these)
        if state == "ticked" and not (share >= SCRIBBLE_FROM and _bold_cross(square, np)) and (
                (share >= TICKED_UNTIL and not (
                    slot.shape == "circle" and _dot(square, np) and
                    _clear_round(ink, cx, cy, half, ((x1 - x0) / 2 - 0.9) * s, np)))
                or
                (slot.shape == "box" and share >= SCRIBBLE_FROM and _full_lines(square, np) >= 2)
                or _strokes(square, np) >= SCRIBBLE_STROKES):
            # a zig-zag: a tick struck out, or a scribbled tick; a person decides
            return Mark(slot.option, "unsure", share, faint_share, "scribble")
        # a light mark whose faint pixels are thin lines on clean paper (only
        # measured where it decides: a ticked box with little ink)
        pencil = (state == "ticked" and share < STROKE_CHECK and faint_share <= THIN_UNTIL
                  and faint_around < SPECKLED and _thin(faint[area], s, np))
        if state == "ticked" and share < STROKE_CHECK and (
                not (_stroke(square if share >= TICKED_FROM else faint[area], np)
                     or (pencil and _stroke(faint[area], np)))
                or (share < TICKED_FROM and ((faint_share > FAINT_TICK_UNTIL and not pencil)
                                             or faint_around >= SPECKLED))):
            # little ink and no stroke across the box: a dot, specks of a
            # copier, toner dust; a light tick would run across it
            return Mark(slot.option, "unsure", share, faint_share)
        if state == "ticked" and share < STROKE_CHECK and (
                faint_across >= RING_INK or (share < TICKED_FROM and faint_across >= STREAK)
                or faint_share >= TINT_FROM
                or (share < TICKED_FROM and _along_axis(faint[area], np))):
            # little ink, where light strokes run through the paper round the
            # box too (a roller's streaks, a copier's lines; under a
            # highlighter the same streak turns to ink), or in a box mostly
            # under a tone (a highlighter's band ending in it, on a fold), or
            # a light line straight down or across the whole box (a roller's
            # streak runs along the paper's way through the scanner; a tick
            # or a cross runs slant)
            return Mark(slot.option, "unsure", share, faint_share, "background")
        if state == "ticked" and share < SCRIBBLE_FROM and _straight_band(square, np):
            # the ink is a band straight down or across the whole box: a
            # roller's streak (darker where a highlighter's band lies over
            # it), not a tick or a cross, which run slant
            return Mark(slot.option, "unsure", share, faint_share, "background")
        if state not in ("empty", "filled") and across >= RING_INK and not (
                state == "ticked" and share >= OWN_MARK * across and share >= 0.15):
            # ink runs across the paper around the box and through it (a
            # streak, toner, a fold): what is in the box may be that, not a
            # mark (a box coloured in solid is no streak: its colour running
            # over the edge is what inks the paper round it)
            return Mark(slot.option, "unsure", share, faint_share, "background")
        return _ringed(Mark(slot.option, state, share, faint_share), inked_round, closed)
    # a writing area: any handwriting in it (its outline stays outside, and a
    # list's printed arrow at its right end)
    x1 -= COMBO_ARROW if slot.shape == "combo" else 0.0
    patch = _warp(ink.view(np.uint8), (x0 + INSET, y0 + INSET, x1 - INSET, y1 - INSET),
                  transform, s, nearest=True)
    share = float(patch.mean()) if patch.size else 0.0
    return Mark(slot.option, "ink" if share >= WRITING_FROM else "empty", share)


def _specks(tone, inside, white: float, black: float, np) -> bool:
    """Whether the faint pixels of a box are specks, not a stroke: with the
    box's tone smoothed over about a pixel (SPECK_BLUR), which averages a
    scan's grain away (flatten() lifts it with the paper under a shadow, to
    several times its size) and leaves a pencil line (2-6 pixels wide) at
    three quarters of its darkness or more, less than FAINT_FROM of the box
    is still faint."""
    import cv2
    smooth = cv2.GaussianBlur(tone, (0, 0), SPECK_BLUR, borderType=cv2.BORDER_REPLICATE)
    light = smooth < white - FAINT_LEVEL * (white - black)
    if inside is not None:
        light = light[inside]
    return float(light.mean()) < FAINT_FROM


def _no_stroke_on_its_paper(img, cx: float, cy: float, half: float, s: float, black: float,
                            shape: str, np) -> bool:
    """Whether the inside of a box holds nothing darker than the paper it
    lies on, the paper taken where it is (a shadow's edge, a gradient):
    the box and its ring closed with a kernel wider than any pen or pencil
    line (so strokes drop out of the paper), and the inside compared with
    that. False when the paper there is dark (a light mark may be lost in
    it) or darker inside the box than round it (a light colouring-in)."""
    import cv2
    r = int(half + (INSET + RING[1]) * s)
    ya, yb, xa, xb = int(cy) - r, int(cy) + r + 1, int(cx) - r, int(cx) + r + 1
    if ya < 0 or xa < 0 or yb > img.shape[0] or xb > img.shape[1]:
        return False
    patch = img[ya:yb, xa:xb]
    k = max(3, int(round(4.0 * s)) | 1)              # 4 pt: 1.4 mm
    paper = cv2.blur(cv2.morphologyEx(patch, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8)),
                     (k, k)).astype(np.float32)
    yy, xx = np.mgrid[:patch.shape[0], :patch.shape[1]]
    d2 = (yy - (cy - ya)) ** 2 + (xx - (cx - xa)) ** 2
    if shape == "circle":
        inside = d2 <= half ** 2
    else:
        inside = (np.abs(yy - (cy - ya)) <= half) & (np.abs(xx - (cx - xa)) <= half)
    outside = d2 >= (half + (INSET + RING[0]) * s) ** 2
    if not inside.any() or not outside.any():
        return False
    if (255.0 - float(np.median(paper[outside]))) / max(1.0, 255.0 - black) >= TINT_DARK:
        return False                                  # dark paper: a light mark may hide
    if float(np.median(paper[inside])) < float(np.percentile(paper[outside], 25)) - 2:
        return False                                  # darker inside than round it
    stroke = patch.astype(np.float32) < paper - FAINT_LEVEL * (paper - black)
    return float(stroke[inside].mean()) < FAINT_FROM


def _tinted(option, tone, share: float, faint_share: float, black: float, np) -> Mark:
    """A box under a tone (a highlighter, a stain, a shadow): empty when the
    tone is light and holds no stroke darker than itself; else unsure."""
    tint = float(np.percentile(tone, 75))         # the page is flattened: paper is 255
    stroke = float((tone < tint - FAINT_LEVEL * (tint - black)).mean())
    dark = (255.0 - tint) / max(1.0, 255.0 - black)
    if stroke < FAINT_FROM and dark < TINT_DARK:
        return Mark(option, "empty", share, faint_share)
    return Mark(option, "unsure", share, faint_share, "background")


def _ring(cx: float, cy: float, half_pt: float, s: float, shape):
    """The paper ring round a slot (see :data:`RING`) as four strips (top,
    bottom, left, right; each a pair of slices), or None where it leaves the
    image."""
    inner, outer = (half_pt + RING[0]) * s, (half_pt + RING[1]) * s
    ya, yb, xa, xb = int(cy - outer), int(cy + outer), int(cx - outer), int(cx + outer)
    ia, ib, ja, jb = int(cy - inner), int(cy + inner), int(cx - inner), int(cx + inner)
    if ya < 0 or xa < 0 or yb > shape[0] or xb > shape[1] or ia - ya < 2:
        return None
    return [(slice(ya, ia), slice(xa, xb)), (slice(ib, yb), slice(xa, xb)),
            (slice(ia, ib), slice(xa, ja)), (slice(ia, ib), slice(jb, xb))]


def _around(mask, ring, printed=None) -> tuple[float, float]:
    """``(share, across)`` of ``mask`` in the ring: its share of the whole
    ring, and the least of the shares of two opposite strips, the larger
    pair (a streak or a band runs through the ring on both sides; a tick
    running over the box's edge marks one side). A straight line along a
    strip, end to end, is the form's own print (a table's rule), not a mark:
    it is left out; with ``printed`` (the ink mask, when ``mask`` holds
    faint strokes too) only where it is ink there, so that a highlighter's
    band, light and as long as the strip, still counts."""
    if ring is None:
        return 0.0, 0.0
    parts = []
    for k, r in enumerate(ring):
        part = mask[r]
        along = 1 if k < 2 else 0            # top and bottom run across, the sides down
        if part.size:
            ruled = (part if printed is None else printed[r]).mean(axis=along) >= 0.85
            part = part[~ruled, :] if along == 1 else part[:, ~ruled]
        parts.append(part)
    total = sum(int(p.sum()) for p in parts) / max(1, sum(p.size for p in parts))
    side = [float(p.mean()) if p.size else 0.0 for p in parts]
    return total, max(min(side[0], side[1]), min(side[2], side[3]))


def _dot(square, np) -> bool:
    """Whether a circle's heavy ink is a solid dot (a radio button printed
    from a screen): its middle, out to 60 % of the radius, all ink. A
    zig-zag leaves white between its passes there."""
    n = min(square.shape[:2])
    if n < 6:
        return False
    yy, xx = np.mgrid[:n, :n]
    c = (n - 1) / 2
    middle = (yy - c) ** 2 + (xx - c) ** 2 <= (0.6 * n / 2) ** 2
    return float(square[:n, :n][middle].mean()) >= 0.97


def _clear_round(ink, cx: float, cy: float, inner: float, outer: float, np) -> bool:
    """Whether the band between a circle's measured inside (``inner``
    pixels from its centre) and just inside its outline (``outer``) is
    mostly paper: round a printed dot it is; a zig-zag runs over it."""
    ya, xa = int(cy - outer), int(cx - outer)
    if ya < 0 or xa < 0 or outer - inner < 2:
        return False
    patch = ink[ya:int(cy + outer) + 1, xa:int(cx + outer) + 1]
    yy, xx = np.mgrid[:patch.shape[0], :patch.shape[1]]
    d2 = (yy + ya - cy) ** 2 + (xx + xa - cx) ** 2
    band = (d2 >= (inner + 0.25 * (outer - inner)) ** 2) & (d2 <= outer ** 2)
    return bool(band.any()) and float(patch[band].mean()) < 0.35


def _outline_share(mask, cx: float, cy: float, half_pt: float, s: float, shape: str,
                   np) -> float:
    """The share of ``mask`` in the band where the slot's printed outline
    should be, on its emptiest side (top, bottom, left, right; a circle's
    four quarters): a box shifted by a fold or a crease keeps its outline
    in the band on two sides only. 1.0 where the band leaves the image
    (that is told elsewhere)."""
    if shape == "circle":
        half_pt -= 0.3
    inner, outer = (half_pt - OUTLINE_BAND[0]) * s, (half_pt + OUTLINE_BAND[1]) * s
    ya, yb, xa, xb = int(cy - outer), int(cy + outer) + 1, int(cx - outer), int(cx + outer) + 1
    if ya < 0 or xa < 0 or yb > mask.shape[0] or xb > mask.shape[1] or inner < 1:
        return 1.0
    patch = mask[ya:yb, xa:xb]
    yy, xx = np.mgrid[ya:yb, xa:xb]
    dy, dx = yy - cy, xx - cx
    if shape == "circle":
        d = np.sqrt(dy ** 2 + dx ** 2)
    else:
        d = np.maximum(np.abs(dy), np.abs(dx))
    band = (d >= inner) & (d <= outer)
    vertical = np.abs(dy) > np.abs(dx)
    shares = []
    for side in (band & vertical & (dy < 0), band & vertical & (dy > 0),
                 band & ~vertical & (dx < 0), band & ~vertical & (dx > 0)):
        if side.any():
            shares.append(float(patch[side].mean()))
    return min(shares) if shares else 1.0


def _stroke(mask, np) -> bool:
    """Whether the marked pixels of a box hold one line running at least
    :data:`STROKE_SPAN` of the box across or down (a tick, a light pencil
    stroke), not specks or a blot."""
    import cv2
    n = min(mask.shape[:2])
    if n < 6:
        return False
    mask = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count < 2:
        return False
    span = max(max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT])
               for i in range(1, count))
    return span >= STROKE_SPAN * n


def _bold_cross(square, np) -> bool:
    """Whether a heavily inked box holds a cross (a bold pen, ink bleed):
    ink in its middle and its four corners, paper in the middle of each
    side, between the cross's arms. A zig-zag, a scribble or a box
    coloured in runs through the sides' middles."""
    n = min(square.shape[:2])
    if n < 10:
        return False
    sq = square[:n, :n]
    a, b, e, c = int(0.4 * n), int(0.6 * n) + 1, max(2, int(0.18 * n)), max(2, int(0.3 * n))
    sides = (sq[:e, a:b], sq[-e:, a:b], sq[a:b, :e], sq[a:b, -e:])
    corners = (sq[:c, :c], sq[:c, -c:], sq[-c:, :c], sq[-c:, -c:])
    side = [float(x.mean()) for x in sides]
    return (float(sq[a:b, a:b].mean()) >= 0.5
            and sum(side) < CROSS_SIDES and max(side) < CROSS_SIDE
            and all(float(x.mean()) >= CROSS_CORNER for x in corners))


def _along_axis(mask, np) -> bool:
    """Whether the marked pixels hold a line straight down or straight
    across the whole box: some column (or row), with its neighbour, marked
    over :data:`AXIS_LINE` of its length."""
    if min(mask.shape[:2]) < 6:
        return False
    m = mask.astype(bool)
    cols = (m[:, 1:] | m[:, :-1]).mean(axis=0)
    rows = (m[1:, :] | m[:-1, :]).mean(axis=1)
    return float(max(cols.max(), rows.max())) >= AXIS_LINE


def _straight_band(mask, np) -> bool:
    """Whether the ink of a box is, nearly all of it, a band straight down
    or straight across the whole box: the columns (or rows) inked over
    :data:`AXIS_LINE` of their length, with one on each side, hold at least
    :data:`BAND_SHARE` of the ink. A tick or a cross whose steep stroke
    fills a column or two has most of its ink elsewhere."""
    if min(mask.shape[:2]) < 6:
        return False
    m = mask.astype(bool)
    total = int(m.sum())
    if total == 0:
        return False
    for axis in (0, 1):
        full = m.mean(axis=axis) >= AXIS_LINE
        if not full.any():
            continue
        band = full.copy()
        band[1:] |= full[:-1]
        band[:-1] |= full[1:]
        inside = int(m[:, band].sum()) if axis == 0 else int(m[band, :].sum())
        if inside >= BAND_SHARE * total:
            return True
    return False


def _thin(mask, s: float, np) -> bool:
    """Whether the marked pixels of a box are thin lines (see :data:`THIN_PT`)."""
    import cv2
    m = mask.astype(np.uint8)
    total = int(m.sum())
    if total == 0:
        return False
    k = max(2, int(round(THIN_PT * s)))
    core = cv2.erode(m, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    return int(core.sum()) <= THIN_CORE * total


def _full_lines(patch, np) -> int:
    """How many rows (or columns, the more) of the box are ink from side to
    side: where a zig-zag turns or runs flat; a tick or a cross has none."""
    if min(patch.shape[:2]) < 8:
        return 0
    return int(max((patch.mean(axis=1) >= 0.9).sum(), (patch.mean(axis=0) >= 0.9).sum()))


def _strokes(patch, np) -> int:
    """How many separate strokes a line through the box crosses: the median
    over lines at a quarter, half and three quarters, across and down, the
    larger of the two. A tick or a cross crosses at most two; a zig-zag
    (a tick struck out) crosses one per pass."""
    n = min(patch.shape[:2])
    if n < 8:
        return 0
    least = max(2, n // 16)

    def runs(line) -> int:
        line = line.astype(np.int8)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], line, [0]))))
        lengths = edges[1::2] - edges[::2]
        return int((lengths >= least).sum())
    at = [n // 4, n // 2, 3 * n // 4]
    across = sorted(runs(patch[k, :n]) for k in at)[1]
    down = sorted(runs(patch[:n, k]) for k in at)[1]
    return max(across, down)


def _ringed(mark: Mark, inked_round, closed=None) -> Mark:
    """An empty box with ink round it (``inked_round()`` says): a ring
    drawn round it alone is a tick (``closed()`` says, see
    :func:`_closed_ring`); anything else (a tick beside it, a cross from the
    next box, a ring left open) is unsure, "around". Any other mark as it is."""
    if mark.state == "empty" and inked_round():
        if closed is not None and closed():
            return Mark(mark.option, "ticked", mark.ink, mark.faint, "ring")
        return Mark(mark.option, "unsure", mark.ink, mark.faint, "around")
    return mark


def _near(ink, slot, transform, s: float, np) -> dict | None:
    """The ink round ``slot``, straightened (page points, :func:`_warp`),
    out to :data:`RING_REACH` past its outline, with the table's rules taken
    out (:func:`_rules`), and each pixel's place from the slot's centre in
    points: ``{"ink", "dx", "dy", "d", "own", "half", "reach"}`` (``own``:
    the distance the slot's own shape measures, square for a box). None
    where the window is too small. Computed once per slot, and only for an
    empty slot with ink near it."""
    x0, y0, x1, y1 = slot.rect
    half = (x1 - x0) / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    reach = half + RING_REACH
    k = max(s, 2.0)                                   # pixels per point in the window
    patch = _warp(ink.view(np.uint8), (cx - reach, cy - reach, cx + reach, cy + reach),
                  transform, k, nearest=True) > 0
    n = min(patch.shape)
    if n < 12:
        return None
    patch = patch[:n, :n].copy()
    patch &= ~_rules(patch, np)
    yy, xx = np.mgrid[:n, :n]
    dy, dx = (yy - (n - 1) / 2) / k, (xx - (n - 1) / 2) / k      # points from the centre
    d = np.hypot(dx, dy)
    own = np.maximum(np.abs(dx), np.abs(dy)) if slot.shape == "box" else d
    return {"ink": patch, "dx": dx, "dy": dy, "d": d, "own": own, "half": half,
            "reach": reach}


def _rules(patch, np):
    """The printed rules in a straightened window of ink: straight lines
    down or across at least :data:`RULE_LONG` of it, allowing for a
    one-pixel step (a page placed a little askew) and short gaps (a thin
    rule's pixels under the ink threshold), widened by a pixel. A hand's
    tick or ring has no such straight stretch."""
    import cv2
    n = min(patch.shape[:2])
    long = max(5, int(RULE_LONG * n))
    u8 = patch.astype(np.uint8)
    out = np.zeros_like(u8)
    for step, gap, line in (((2, 1), (1, 5), (1, long)), ((1, 2), (5, 1), (long, 1))):
        joined = cv2.morphologyEx(cv2.dilate(u8, np.ones(step, np.uint8)), cv2.MORPH_CLOSE,
                                  np.ones(gap, np.uint8))
        out |= cv2.morphologyEx(joined, cv2.MORPH_OPEN, np.ones(line, np.uint8))
    return cv2.dilate(out, np.ones((3, 3), np.uint8)).astype(bool)


def _beside(near, np) -> bool:
    """Whether one side of the paper just round an empty slot (a strip as
    long as the slot from RING[0] to RING[1] past its outline, the table's
    rules left out) is inked by at least :data:`SIDE_FROM`: a tick beside
    the box, missing it."""
    if near is None:
        return False
    half, dx, dy = near["half"], near["dx"], near["dy"]
    inner, outer = half + RING[0], half + RING[1]
    along_x, along_y = np.abs(dx) <= inner, np.abs(dy) <= inner
    for side in (along_x & (dy <= -inner) & (dy >= -outer), along_x & (dy >= inner) & (dy <= outer),
                 along_y & (dx <= -inner) & (dx >= -outer), along_y & (dx >= inner) & (dx <= outer)):
        if side.any() and float(near["ink"][side].mean()) >= SIDE_FROM:
            return True
    return False


def _closed_ring(near, np) -> bool:
    """Whether the ink round a slot (:func:`_near`) holds a ring drawn round
    it: the slot and its outline taken out, and then, in 5-degree steps
    round the slot's centre, one line: in each step its ink at one distance
    from the centre (:data:`RING_WIDTH`), its span of distances meeting the
    next step's (:data:`RING_STEP`; a shred of the line where the box's
    corner cut it, :data:`RING_SHRED`, is not compared), with gaps of a few
    steps at most (where it ran over the box's outline or a rule), going round
    :data:`RING_ROUND` of the way. Toner specks lie at any distance; a tick
    beside the box, an arc left open, a cross from the next box do not go
    round."""
    if near is None:
        return False
    patch, dx, dy, d, own = near["ink"], near["dx"], near["dy"], near["d"], near["own"]
    half, reach = near["half"], near["reach"]
    zone = (own > half + 1.2) & (d <= reach)
    line = patch & zone
    if not line.any() or float(line.sum()) > RING_SOLID * float(zone.sum()):
        return False
    steps = 72
    where = ((np.degrees(np.arctan2(dy[line], dx[line])) + 360.0) % 360.0 // 5).astype(np.int32)
    far = d[line]
    radius, shreds = {}, set()
    inked, counts = np.unique(where, return_counts=True)
    least = RING_SHRED * float(np.median(counts))
    for b, count in zip(inked.tolist(), counts.tolist()):
        rs = far[where == b]
        if float(rs.max() - rs.min()) <= RING_WIDTH:
            radius[b] = (float(rs.min()), float(rs.max()))
            if count < least:
                shreds.add(b)
    if len(radius) < RING_ROUND * steps:
        return False
    present = sorted(radius)

    def linked(a, b) -> bool:
        # the line's span of distances in one step meets the next one's: a
        # thick line (ink bleed) keeps its outer edge in one step and all of
        # it in the next; a shred of it (where the box's corner, left out,
        # cut it) is no measure of where it runs
        (lo, hi), (lo2, hi2) = radius[a], radius[b]
        return (a in shreds or b in shreds or max(0.0, lo2 - hi, lo - hi2) <= RING_STEP)
    # links from each step to the next one inked, round the circle
    ok = [((present[(i + 1) % len(present)] - b - 1) % steps <= RING_GAP and
           linked(b, present[(i + 1) % len(present)]))
          for i, b in enumerate(present)]
    if all(ok):
        return True
    # the longest chain of linked steps, starting after a broken link
    start = ok.index(False) + 1
    best = run = 0
    for i in range(len(present)):
        run += 1
        if not ok[(start + i) % len(present)]:
            best, run = max(best, run), 0
    return max(best, run) >= RING_ROUND * steps


def _lone_whiteouts(placed: list) -> None:
    """Correction fluid covers one box: a "whited" box (``placed``: a page's
    ``[slot, mark]`` pairs) with another box gone or out of place within
    :data:`WHITED_ALONE` becomes "misplaced" (the paper moved there)."""
    lost = [(slot, m) for slot, m in placed if m.why in ("whited", "misplaced")]
    for pair in placed:
        slot, m = pair
        if m.why != "whited":
            continue
        cx, cy = (slot.rect[0] + slot.rect[2]) / 2, (slot.rect[1] + slot.rect[3]) / 2
        for other, _ in lost:
            if other is not slot and abs((other.rect[0] + other.rect[2]) / 2 - cx) \
                    < WHITED_ALONE and abs((other.rect[1] + other.rect[3]) / 2 - cy) < WHITED_ALONE:
                pair[1] = Mark(m.option, "unsure", m.ink, m.faint, "misplaced")
                break


def _bubbles(per_field: dict, rows: dict | None = None) -> set[str]:
    """The bubble habit (a box coloured in to choose it, as on a
    multiple-choice sheet): a box filled in where no other option of the
    same field is ticked is not known to be cancelled. Its marks become
    unsure; the fields concerned come back. A filled option beside a tick
    on another option of the same field is the printed correction rule,
    and stays cancelled. (A tick in another field of the row says nothing:
    a student may tick the wish and colour in the level.)"""
    out = set()
    for field_id, marks in per_field.items():
        if any(m.state == "ticked" for m in marks):
            continue
        for k, m in enumerate(marks):
            if m.state == "filled":
                marks[k] = Mark(m.option, "unsure", m.ink, m.faint, "filled_only")
                out.add(field_id)
    return out


def _state(share: float, faint: float) -> str:
    if share < TICKED_FROM:
        if faint >= FAINT_TICK:          # a light tick: little ink, but a stroke across
            return "ticked"
        if share < EMPTY_BELOW and faint < FAINT_FROM:
            return "empty"
        return "unsure"
    if share < FILLED_UNSURE:
        return "ticked"
    if share < FILLED_FROM:
        return "unsure"
    return "filled"


def _warp(img, rect, transform, pixels_per_point: float, nearest: bool = False):
    """The part of ``img`` that shows ``rect`` (page points), straightened:
    a page scanned askew gives the same upright patch."""
    import cv2
    import numpy as np
    x0, y0, x1, y1 = rect
    k = pixels_per_point
    w, h = max(1, int(round((x1 - x0) * k))), max(1, int(round((y1 - y0) * k)))
    # patch pixel (u, v) -> page point -> image pixel
    to_page = np.array([[1 / k, 0, x0], [0, -1 / k, y1], [0, 0, 1]], dtype=np.float64)
    m = np.asarray(transform, dtype=np.float64) @ to_page
    return cv2.warpPerspective(img, m, (w, h), flags=(cv2.INTER_NEAREST if nearest else
                                                      cv2.INTER_AREA) | cv2.WARP_INVERSE_MAP,
                               borderValue=0 if nearest else 255)
