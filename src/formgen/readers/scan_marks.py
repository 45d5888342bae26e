"""One scanned page in the form's coordinates: its QR code, its
registration marks, and how much ink each box of the layout holds."""

from __future__ import annotations

from ..names import parse_qr
from .scan_model import Mark

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
#: A box at least this inked with two rows inked across is a zig-zag too.
SCRIBBLE_FROM = 0.45
#: A box whose ink a line crosses this many times is a zig-zag (see _strokes).
SCRIBBLE_STROKES = 3
#: A writing area with more ink than this holds handwriting.
WRITING_FROM = 0.006
#: How far inside a box's outline the measured area starts (points).
INSET = 2.6
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
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    paper = cv2.GaussianBlur(paper, (0, 0), k / 2)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(img, paper, scale=255)


def _find_qr(img, zxingcpp):
    """``(text, corners)`` of the page's formgen QR code, corners as
    the symbol's own top left, top right, bottom right, bottom left."""
    formats = zxingcpp.BarcodeFormat.QRCode
    for attempt in (img, None):
        if attempt is None:        # a faint or noisy scan: try once more, binarised
            import cv2
            attempt = cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                            cv2.THRESH_BINARY, 51, 10)
        found = [code for code in zxingcpp.read_barcodes(attempt, formats=formats)
                 if parse_qr(code.text) is not None]
        if len({code.text for code in found}) > 1:
            return TWO_PAGES         # a book-style scan: never read by one of its codes
        for code in found:
            p = code.position
            corners = [(q.x, q.y) for q in (p.top_left, p.top_right, p.bottom_right,
                                             p.bottom_left)]
            return code.text, corners
    return None


#: What :func:`_find_qr` says of an image that holds two formgen pages.
TWO_PAGES = "two pages"


def _is_blank(img, np, raw=None) -> bool:
    """Nearly no ink on the sheet: the empty back of a sheet. Dark regions
    that reach the image's edge are not ink but what lies around the sheet
    (the table under a phone photo, the shadow of a scanner's lid), so
    they do not count."""
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
    return int(areas[~edge[1:]].sum()) < 0.002 * h * w


def _upright(img, corners, cv2, np):
    """How to turn the page so that the QR code reads upright (a page fed
    upside down or sideways): a ``cv2.rotate`` code or None, and the
    corners moved with it."""
    (x0, y0), (x1, y1) = corners[0], corners[1]
    angle = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
    h, w = img.shape[:2]
    if -45 <= angle <= 45:
        return None, corners
    if angle > 135 or angle < -135:
        return cv2.ROTATE_180, [(w - 1 - x, h - 1 - y) for x, y in corners]
    if angle > 0:          # the top edge points down: turn a quarter anticlockwise
        return cv2.ROTATE_90_COUNTERCLOCKWISE, [(y, w - 1 - x) for x, y in corners]
    return cv2.ROTATE_90_CLOCKWISE, [(h - 1 - y, x) for x, y in corners]


def _qr_square(form_id: str, version: str, page: int) -> tuple[float, float, float]:
    """``(x0, y0, size)`` of the page's QR square, in points (the same for
    every copy of the page: see :func:`formgen.render.pdf.qr_square`)."""
    from ..layout import qr_box
    from ..render.pdf import qr_square
    size = qr_square(form_id, version, page)
    return (*qr_box(size), size)


def _register(img, corners, which, cv2, np):
    """The map from page points (origin bottom left) to image pixels.

    The QR code's corners give a first estimate; the marks are then looked
    for nearest first, the estimate refitted after each one found, so that a
    far mark is looked for where the near ones say (a photo's perspective
    bends the page more than the QR code alone shows). With three marks or
    more, a homography through them and the QR code's corners; with fewer,
    the affine map of those points, ``weak``: good enough to crop the fields
    for a person, not to read the boxes. Returns ``(transform, weak)``."""
    from ..layout import MARK_SIZE, mark_centres
    x0, y0, size = _qr_square(*which)
    qr_pdf = [(x0, y0 + size), (x0 + size, y0 + size), (x0 + size, y0), (x0, y0)]
    pts_pdf, pts_img = list(qr_pdf), [tuple(map(float, c)) for c in corners]
    estimate = _affine(pts_pdf, pts_img, np)
    scale = float(np.sqrt(abs(np.linalg.det(estimate[:, :2]))))     # pixels per point
    centre = (x0 + size / 2, y0 + size / 2)
    found_pdf, found_img = [], []
    for cx, cy in sorted(mark_centres(), key=lambda m: (m[0] - centre[0]) ** 2 +
                         (m[1] - centre[1]) ** 2):
        px, py = estimate @ np.float64([cx, cy, 1])
        got = _find_mark(img, px, py, scale, MARK_SIZE * scale, cv2, np)
        if got is None:
            continue
        found_pdf.append((cx, cy))
        found_img.append(got)
        pts_pdf.append((cx, cy))
        pts_img.append(got)
        estimate = _affine(pts_pdf, pts_img, np)
    if len(found_pdf) >= 3:         # with the QR code's corners: 7 points or more
        h, _ = cv2.findHomography(np.float64(pts_pdf), np.float64(pts_img), 0)
        if h is not None:
            return h, False
    # Two marks or fewer: the QR code's corners and those marks place the
    # page roughly, but not well enough to tell a tick from its outline
    # everywhere (a photo bends the page): the boxes are left to a person.
    weak = True
    return np.vstack([estimate, [0, 0, 1]]), weak


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
        bw, bh, area = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT], \
            stats[i, cv2.CC_STAT_AREA]
        if not 0.45 * want <= area <= 1.8 * want or not 0.7 <= bw / max(bh, 1) <= 1.4:
            continue
        if area < 0.75 * bw * bh:
            continue
        cx, cy = centroids[i][0] + x0, centroids[i][1] + y0
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


def _apply(transform, x: float, y: float) -> tuple[float, float]:
    v = transform @ (x, y, 1.0)
    return float(v[0] / v[2]), float(v[1] / v[2])


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


def _measure(ink, faint, slot, transform, s: float, np) -> Mark:
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
        square = patch
        if slot.shape == "circle":
            yy, xx = np.mgrid[:patch.shape[0], :patch.shape[1]]
            c = (n - 1) / 2
            inside = (yy - c) ** 2 + (xx - c) ** 2 <= half ** 2
            patch, light = patch[inside], light[inside]
        share, faint_share = float(patch.mean()), float(light.mean())
        state = _state(share, faint_share)
        # a box more inked than a tick, or crossed by a zig-zag, is a scribble;
        # a circle only by the zig-zag (a radio button printed from a screen is
        # a solid dot as large as a heavy scribble)
        if state == "ticked" and (
                (slot.shape == "box" and (share >= TICKED_UNTIL or (
                    share >= SCRIBBLE_FROM and _full_lines(square, np) >= 2))) or
                _strokes(square, np) >= SCRIBBLE_STROKES):
            # a zig-zag: a tick struck out, or a scribbled tick; a person decides
            return Mark(slot.option, "unsure", share, faint_share, "scribble")
        return Mark(slot.option, state, share, faint_share)
    # a writing area: any handwriting in it (its outline stays outside)
    patch = _warp(ink.view(np.uint8), (x0 + INSET, y0 + INSET, x1 - INSET, y1 - INSET),
                  transform, s, nearest=True)
    share = float(patch.mean()) if patch.size else 0.0
    return Mark(slot.option, "ink" if share >= WRITING_FROM else "empty", share)


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


def _bubbles(per_field: dict, rows: dict) -> set[str]:
    """The bubble habit (a box coloured in to choose it, as on a
    multiple-choice sheet): a box filled in where nothing in its row is
    ticked is not known to be cancelled. Its marks become unsure; the
    fields concerned come back. A filled box beside a tick in the same row
    is the printed correction rule, and stays cancelled."""
    ticked: set = set()
    for field_id, marks in per_field.items():
        if any(m.state == "ticked" for m in marks):
            ticked.add(rows.get(field_id, field_id))
    out = set()
    for field_id, marks in per_field.items():
        if rows.get(field_id, field_id) in ticked:
            continue
        for k, m in enumerate(marks):
            if m.state == "filled":
                marks[k] = Mark(m.option, "unsure", m.ink, m.faint, "filled_only")
                out.add(field_id)
    return out


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


def _covered(hidden, slot, transform, s: float) -> bool:
    """Whether the paper around the slot was hidden from the scanner: a
    ring from just outside its outline to 5 points out, which is white
    paper on a form (the cell is wider), is more than a third dark; or the
    slot is not on the image at all."""
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
    core = hidden[int(cy - inner):int(cy + inner), int(cx - inner):int(cx + inner)]
    ring = (int(square.sum()) - int(core.sum())) / max(1, square.size - core.size)
    return ring > 1 / 3


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


def _crop(img, box, transform, scale: float, cv2) -> bytes:
    """A PNG of the cell ``box`` (page points) as scanned, straightened, at
    most 150 dpi."""
    x0, y0, x1, y1 = box
    pad = 4
    patch = _warp(img, (x0 - pad, y0 - pad, x1 + pad, y1 + pad), transform,
                  min(scale, 150 / 72))
    ok, png = cv2.imencode(".png", patch)
    return png.tobytes() if ok else b""
