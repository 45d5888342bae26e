"""One scanned page in the form's coordinates: its QR code, its
registration marks, its paper and black, and crops of its cells (how each
box reads is :mod:`formgen.readers.scan_boxes`)."""

from __future__ import annotations

from ..names import parse_qr
from .scan_boxes import (AROUND_FROM, EMPTY_BELOW, FAINT_FROM, FAINT_LEVEL,  # noqa: F401
                         FAINT_TICK, FILLED_FROM, FILLED_UNSURE, INK_LEVEL, INSET, TICKED_FROM,
                         TICKED_UNTIL, WRITING_FROM, _apply, _bubbles, _lone_whiteouts,
                         _measure, _state, _warp)

#: Marks are looked for this far (points) around where the estimate puts them.
MARK_SEARCH = 60.0


def flatten(img, cv2, np):
    """The page with its light evened out: each pixel divided by the paper's
    brightness around it (a phone photo lit from one side, a copier's
    shading), so that one threshold fits the whole page. The paper is what
    is left after a maximum filter wider than any printed mark or box."""
    h, w = img.shape[:2]
    f = 8
    small = cv2.resize(img, (max(1, w // f), max(1, h // f)), interpolation=cv2.INTER_AREA)
    k = max(3, int(min(w, h) / f / 22) | 1)          # about 1/22 of the page's width
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    paper = cv2.GaussianBlur(paper, (0, 0), 1.0)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(img, paper, scale=255)


def _find_qr(img, zxingcpp):
    """``(text, [corners, ...])``: the page's formgen QR codes (one or both
    of its two, with the same text), corners as each symbol's own top left,
    top right, bottom right, bottom left. Two texts, or more codes than a
    page has, are two pages in one image: :data:`TWO_PAGES`."""
    formats = zxingcpp.BarcodeFormat.QRCode
    for attempt in (img, None):
        if attempt is None:        # a faint or noisy scan: try once more, binarised
            import cv2
            attempt = cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                            cv2.THRESH_BINARY, 51, 10)
        found = [code for code in zxingcpp.read_barcodes(attempt, formats=formats)
                 if parse_qr(code.text) is not None]
        if len({code.text for code in found}) > 1 or len(found) > 2:
            return TWO_PAGES         # a book-style scan: never read by one of its codes
        if found:
            return found[0].text, [
                [(q.x, q.y) for q in (code.position.top_left, code.position.top_right,
                                      code.position.bottom_right, code.position.bottom_left)]
                for code in found]
    return None


#: What :func:`_find_qr` says of an image that holds two formgen pages.
TWO_PAGES = "two pages"


def _is_blank(img, np, raw=None) -> bool:
    """Nearly no ink on the sheet: the empty back of a sheet. Dark regions
    that reach the image's edge are not ink but what lies around the sheet
    (the table under a phone photo, the shadow of a scanner's lid), so
    they do not count; nor does what lies outside the sheet itself (the
    paper's outline in ``raw``, before the light was evened: evening it
    turns the table's edge next to the sheet into a dark rim of its own)."""
    import cv2
    if raw is not None and float(np.median(raw[::8, ::8])) < 60:
        return False                 # dark all over before the light was evened: no sheet
    small = img[::4, ::4]
    white = float(np.percentile(small, 90))
    dark = (small < white * 0.6).astype(np.uint8)
    if float(dark.mean()) < 0.002:
        return True
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    h, w = dark.shape
    x, y, bw, bh = (stats[:, k] for k in range(4))
    edge = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    areas = stats[1:, cv2.CC_STAT_AREA]
    around = int(areas[edge[1:]].sum())
    if around > 0.5 * h * w:       # mostly dark: no sheet in sight, so no empty sheet either
        return False
    inner = ~edge
    inner[0] = False
    ink = np.isin(labels, np.flatnonzero(inner))
    sheet = _sheet(raw[::4, ::4] if raw is not None else None, dark.shape, np)
    if sheet is not None:
        ink &= sheet
    return int(ink.sum()) < 0.002 * h * w


def _sheet(raw, shape, np):
    """Where the sheet of paper is in ``raw`` (light, the largest such
    region, its outline filled and drawn in by 2 %), or None when that
    cannot be told."""
    import cv2
    if raw is None or raw.shape[:2] != shape:
        return None
    light = (raw > 0.6 * float(np.percentile(raw, 90))).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(light, connectivity=8)
    if count < 2:
        return None
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[biggest, cv2.CC_STAT_AREA] < 0.3 * light.size:
        return None
    points = cv2.findNonZero((labels == biggest).astype(np.uint8))
    mask = np.zeros(shape, np.uint8)
    cv2.fillConvexPoly(mask, cv2.convexHull(points), 1)
    k = max(3, int(0.02 * min(shape)))
    return cv2.erode(mask, np.ones((k, k), np.uint8)).astype(bool)


def _upright(img, codes, cv2, np):
    """How to turn the page so that its QR codes read upright (a page fed
    upside down or sideways): a ``cv2.rotate`` code or None, and each
    code's corners moved with it."""
    (x0, y0), (x1, y1) = codes[0][0], codes[0][1]
    angle = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
    h, w = img.shape[:2]
    if -45 <= angle <= 45:
        return None, codes
    if angle > 135 or angle < -135:
        turn, move = cv2.ROTATE_180, lambda x, y: (w - 1 - x, h - 1 - y)
    elif angle > 0:        # the top edge points down: turn a quarter anticlockwise
        turn, move = cv2.ROTATE_90_COUNTERCLOCKWISE, lambda x, y: (y, w - 1 - x)
    else:
        turn, move = cv2.ROTATE_90_CLOCKWISE, lambda x, y: (h - 1 - y, x)
    return turn, [[move(x, y) for x, y in corners] for corners in codes]


def _qr_squares(form_id: str, version: str, page: int) -> dict[str, tuple]:
    """``{"bottom"|"top": (x0, y0, side)}``: the page's two QR squares, in
    points (the same on every copy of the page: see
    :func:`formgen.layout.qr_square`)."""
    from ..layout import qr_square, qr_squares
    return qr_squares(qr_square(form_id, version, page))


def _register(img, codes, which, cv2, np):
    """The map from page points (origin bottom left) to image pixels, from
    the page's QR codes found (``codes``, upright) and its marks.

    Both codes found: the lower one is the bottom code. One found: it is
    taken for the code of the half of the image it lies in, and for the
    other if that finds fewer marks (a page whose bottom edge is torn or
    folded keeps its top code). Returns ``(transform, weak)``."""
    squares = _qr_squares(*which)
    if len(codes) == 2:
        top, bottom = sorted(codes, key=lambda c: sum(y for _, y in c))
        return _fit(img, [(squares["bottom"], bottom), (squares["top"], top)], cv2, np)[:2]
    centre = sum(y for _, y in codes[0]) / 4
    guesses = ("bottom", "top") if centre > img.shape[0] / 2 else ("top", "bottom")
    best = None
    for where in guesses:
        fitted = _fit(img, [(squares[where], codes[0])], cv2, np)
        if best is None or fitted[2] > best[2]:
            best = fitted
        if not fitted[1]:
            break
    return best[:2]


def _fit(img, codes, cv2, np):
    """``(transform, weak, marks found)`` from ``codes`` = ``[((x0, y0,
    side) in points, corners in pixels)]``.

    The QR codes' corners give a first estimate; the marks are then looked
    for nearest first, the estimate refitted after each one found, so that a
    far mark is looked for where the near ones say (a photo's perspective
    bends the page more than the QR code alone shows). With three marks or
    more, a homography through them and the QR codes' corners; with fewer,
    the affine map of those points, ``weak``: good enough to crop the fields
    for a person, not to read the boxes."""
    from ..layout import MARK_SIZE, mark_centres
    pts_pdf, pts_img = [], []
    for (x0, y0, size), corners in codes:
        pts_pdf += [(x0, y0 + size), (x0 + size, y0 + size), (x0 + size, y0), (x0, y0)]
        pts_img += [tuple(map(float, c)) for c in corners]
    estimate = _affine(pts_pdf, pts_img, np)
    scale = float(np.sqrt(abs(np.linalg.det(estimate[:, :2]))))     # pixels per point
    (x0, y0, size), _ = codes[0]
    centre = (x0 + size / 2, y0 + size / 2)
    found = 0
    for cx, cy in sorted(mark_centres(), key=lambda m: (m[0] - centre[0]) ** 2 +
                         (m[1] - centre[1]) ** 2):
        px, py = estimate @ np.float64([cx, cy, 1])
        got = _find_mark(img, px, py, scale, MARK_SIZE * scale, cv2, np)
        if got is None:
            continue
        found += 1
        pts_pdf.append((cx, cy))
        pts_img.append(got)
        estimate = _affine(pts_pdf, pts_img, np)
    if found >= 3:                  # with a QR code's corners: 7 points or more
        h, _ = cv2.findHomography(np.float64(pts_pdf), np.float64(pts_img), 0)
        if h is not None:
            return h, False, found
    # Two marks or fewer: the QR code's corners and those marks place the
    # page roughly, but not well enough to tell a tick from its outline
    # everywhere (a photo bends the page): the boxes are left to a person.
    return np.vstack([estimate, [0, 0, 1]]), True, found


def _affine(pdf_pts, img_pts, np):
    """The least-squares affine map (2 x 3) of the points."""
    a = np.hstack([np.float64(pdf_pts), np.ones((len(pdf_pts), 1))])
    m, *_ = np.linalg.lstsq(a, np.float64(img_pts), rcond=None)
    return m.T


def _find_mark(img, px, py, scale, side, cv2, np):
    """The centre of the solid square nearest (px, py), or None."""
    h, w = img.shape[:2]
    r = int(MARK_SEARCH * scale)
    x0, y0 = max(0, int(px) - r), max(0, int(py) - r)
    x1, y1 = min(w, int(px) + r), min(h, int(py) + r)
    if x1 - x0 < side or y1 - y0 < side:
        return None
    window = img[y0:y1, x0:x1]
    _, binary = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    n, _, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    want = side * side
    best, best_d = None, None
    for i in range(1, n):
        bx, by = stats[i, cv2.CC_STAT_LEFT] + x0, stats[i, cv2.CC_STAT_TOP] + y0
        bw, bh, area = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT], \
            stats[i, cv2.CC_STAT_AREA]
        cx, cy = centroids[i][0] + x0, centroids[i][1] + y0
        if area >= 0.75 * bw * bh and bw > 1 and bh > 1:
            # a mark the scan's edge cut off (a page fed askew): its whole
            # side along the edge, at least half of it across; its centre
            # from the sides the scan kept
            cut_y = (by == 0) != (by + bh == h)
            cut_x = (bx == 0) != (bx + bw == w)
            if cut_y and not cut_x and 0.8 * side <= bw <= 1.25 * side and \
                    0.5 * bw <= bh < 0.9 * bw:
                cy, area, bh = (by + bh - bw / 2 if by == 0 else by + bw / 2), bw * bw, bw
            elif cut_x and not cut_y and 0.8 * side <= bh <= 1.25 * side and \
                    0.5 * bh <= bw < 0.9 * bh:
                cx, area, bw = (bx + bw - bh / 2 if bx == 0 else bx + bh / 2), bh * bh, bh
        if not 0.45 * want <= area <= 1.8 * want or not 0.7 <= bw / max(bh, 1) <= 1.4:
            continue
        if area < 0.75 * bw * bh:
            continue
        d = (cx - px) ** 2 + (cy - py) ** 2
        if best_d is None or d < best_d:
            best, best_d = (float(cx), float(cy)), d
    if best is None:        # touching something dark (a scanner's border): match its shape
        best = _match_mark(window, side, cv2, np)
        if best is not None:
            best = (best[0] + x0, best[1] + y0)
    return best


def _match_mark(window, side: float, cv2, np):
    """Where a black square with a white ring around it fits ``window`` best,
    if it fits well: a mark that an edge of dark border has reached."""
    n = max(3, int(round(side)))
    ring = max(2, int(round(side * 0.3)))
    template = np.full((n + 2 * ring, n + 2 * ring), 255, np.uint8)
    template[ring:ring + n, ring:ring + n] = 0
    if window.shape[0] < template.shape[0] or window.shape[1] < template.shape[1]:
        return None
    score = cv2.matchTemplate(window, template, cv2.TM_CCOEFF_NORMED)
    _, best, _, (x, y) = cv2.minMaxLoc(score)
    if best < 0.6:
        return None
    return float(x + ring + (n - 1) / 2), float(y + ring + (n - 1) / 2)


def _levels(img, transform, scale: float, np) -> tuple[float, float]:
    """Paper white and printed black of this scan (the marks are black)."""
    from ..layout import MARK_SIZE, mark_centres
    white = float(np.percentile(img[::6, ::6], 75))
    blacks = []
    for cx, cy in mark_centres():
        x, y = _apply(transform, cx, cy)
        half = max(1, int(MARK_SIZE * 0.25 * scale))
        patch = img[max(0, int(y) - half):int(y) + half, max(0, int(x) - half):int(x) + half]
        if patch.size:
            blacks.append(float(np.median(patch)))
    black = min(blacks) if blacks else float(np.percentile(img[::6, ::6], 1))
    if white - black < 40:          # no contrast to speak of
        black = max(0.0, white - 120)
    return white, black


def _scale(transform) -> float:
    """Pixels per point, near the page's centre."""
    a = _apply(transform, 297, 420)
    b = _apply(transform, 397, 420)
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 / 100


def _rows(form) -> dict[str, str]:
    """Field id -> the table row (item) it lies in; a field outside a table is its own row."""
    from ..names import row_field_id
    out = {}
    for section in form.sections:
        columns = form.section_columns(section)
        for item in section.items:
            base = form.item_id(item)
            for column in columns:
                out[row_field_id(base, column.id)] = base
    return out


def _covered(hidden, slot, transform, s: float, others=()) -> bool:
    """Whether the paper around the slot was hidden from the scanner: a
    ring from just outside its outline to 5 points out, which is white
    paper on a form (the cell is wider), is more than a third dark; or the
    slot is not on the image at all. ``others``: the rects of slots close
    by in the same cell (a grid of circles), left out of the ring with a
    margin for a colouring that runs over their edge (and over this slot's
    edge); where that leaves too little paper to tell, the slot is not
    called covered (a hand over a grid inks every circle it covers, which
    its field's rule sees)."""
    x0, y0, x1, y1 = slot.rect
    cx, cy = _apply(transform, (x0 + x1) / 2, (y0 + y1) / 2)
    h, w = hidden.shape[:2]
    if slot.shape not in ("box", "circle"):          # a writing area: on the image?
        return not (0 <= cx < w and 0 <= cy < h)
    outer, inner = ((x1 - x0) / 2 + 5) * s, ((x1 - x0) / 2 + 1.2) * s
    ya, yb, xa, xb = int(cy - outer), int(cy + outer), int(cx - outer), int(cx + outer)
    if ya < 0 or xa < 0 or yb > h or xb > w:
        return True                  # off the image: not on the scan at all
    square = hidden[ya:yb, xa:xb]
    keep = None
    for ox0, oy0, ox1, oy1 in others:
        (px0, py0), (px1, py1) = _apply(transform, ox0 - 3, oy1 + 3), _apply(transform, ox1 + 3,
                                                                             oy0 - 3)
        if px1 < xa or px0 > xb or py1 < ya or py0 > yb:
            continue
        if keep is None:
            import numpy as np
            keep = np.ones(square.shape, bool)
        keep[max(0, int(py0) - ya):max(0, int(py1) - ya + 1),
             max(0, int(px0) - xa):max(0, int(px1) - xa + 1)] = False
    ci = (slice(int(cy - inner) - ya, int(cy + inner) - ya),
          slice(int(cx - inner) - xa, int(cx + inner) - xa))
    if keep is not None:
        own = int(((x1 - x0) / 2 + 3) * s)
        keep[max(0, int(cy) - own - ya):int(cy) + own - ya + 1,
             max(0, int(cx) - own - xa):int(cx) + own - xa + 1] = False
        return keep.mean() >= 0.15 and float(square[keep].mean()) > 1 / 3
    core = square[ci]
    ring = (int(square.sum()) - int(core.sum())) / max(1, square.size - core.size)
    return ring > 1 / 3


def _crop(img, box, transform, scale: float, cv2, pad: float = 4.0) -> bytes:
    """A PNG of the cell ``box`` (page points) and ``pad`` points round it,
    as scanned, straightened, at most 150 dpi."""
    x0, y0, x1, y1 = box
    patch = _warp(img, (x0 - pad, y0 - pad, x1 + pad, y1 + pad), transform,
                  min(scale, 150 / 72))
    ok, png = cv2.imencode(".png", patch)
    return png.tobytes() if ok else b""
