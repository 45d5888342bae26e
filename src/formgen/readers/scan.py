"""Read scanned paper returns: image-only PDFs (a scanned stack), JPEG and
PNG photos, multi-page TIFFs.

Every formgen page carries four registration marks and a QR code that
says form, version, page and (on a print pack's copy) the copy's own id
(:mod:`formgen.render.pdf`). One page is read in these steps, each of
which can fail only for that page:

1. **identify**: the QR code gives form, version, page and copy; where it
   sits says how the page lies (a page scanned upside down is turned);
2. **register**: the light is evened out; the marks, looked for where the
   QR code says they must be, nearest first, map the form's own coordinates
   onto the image (a homography through three or four marks and the QR
   code's corners; with fewer marks the page is placed well enough to crop
   its fields for a person, but its boxes are not read);
3. **measure**: every box and circle of the layout plan is measured against
   the paper around it: the share of its inside that is ink (its printed
   outline stays outside what is measured). A box is *empty*, *ticked*,
   *filled* (coloured in completely: cancelled, under the rule printed on
   the form) or *unsure* when its ink is near a threshold, when the paper
   around it is dark (a hand, a shadow) or when it is not on the image;
4. **decide**: each field type turns its slots into a value and says when a
   person must look (:meth:`formgen.fields.base.FieldType.read_scan`):
   an unsure box, two levels in one row, handwriting. Nothing is guessed.

Pages are grouped into copies by the batch (:func:`assemble`): by the
copy id in the QR code, else (a printed fillable form has none) by their
order in the file.

Needs the ``scan`` extra (OpenCV, NumPy, zxing-cpp, pypdfium2, Pillow).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import ReadError
from ..names import parse_qr
from .entries import shown

#: Resolution pages of a PDF are rendered at for reading.
PDF_DPI = 200
#: Images larger than this (pixels) are refused: a decompression bomb.
MAX_PIXELS = 120_000_000
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


class ScanUnavailable(ReadError):
    """The ``scan`` extra is not installed."""

    def __init__(self):
        super().__init__("reading scans needs formgen-forms[scan]", code="scan_extra")


def _libs():
    try:
        import cv2
        import numpy as np
        import zxingcpp
    except ImportError:
        raise ScanUnavailable() from None
    return cv2, np, zxingcpp


@dataclass
class Mark:
    """What one slot of the layout plan showed on a scanned page."""

    option: str | None
    state: str                  # empty, ticked, filled, unsure; for a writing area: empty, ink
    ink: float                  # share of the inside that is ink
    faint: float = 0.0          # share that is at least a faint stroke
    why: str = ""               # why an unsure box is unsure, where it is more than ink


@dataclass
class ScanPage:
    """One scanned page, read: picklable, so that workers can send it."""

    file: str
    number: int                                     # 1-based, in its file
    status: str = "read"   # read, blank, no_qr, unknown_form, unreadable, timeout, two_pages
    form_id: str | None = None
    version: str | None = None
    page: int | None = None                         # the form's page number
    copy_id: str | None = None
    values: dict = field(default_factory=dict)      # field id -> value
    review: dict = field(default_factory=dict)      # field id -> reason code
    crops: dict = field(default_factory=dict)       # field id -> PNG of its cell
    turned: bool = False                            # was upside down
    bitonal: bool = False                           # scanned in black and white (1 bit)
    detail: str = ""

    @property
    def source(self) -> str:
        return f"{os.path.basename(self.file)}#{self.number}"


# -- opening a scan ------------------------------------------------------------------

def page_total(data: bytes, kind: str) -> int:
    """How many pages a scan file has (cheap: nothing is decoded)."""
    if kind == "pdf":
        pdf = _open_pdf(data)
        try:
            return len(pdf)
        finally:
            pdf.close()
    tiff = _tiff_pages(data)
    if tiff is not None:
        return tiff
    img = _open_image(data)
    return getattr(img, "n_frames", 1)


def _tiff_pages(data: bytes) -> int | None:
    """How many pages (IFDs) a classic TIFF has, by following the chain of
    its directories: a few bytes each, where Pillow parses every page's
    tags (a 2,000-page TIFF: 2 against 200 ms). None for other images."""
    import struct
    order = {b"II*\x00": "<", b"MM\x00*": ">"}.get(data[:4])
    if order is None or len(data) < 8:
        return None
    at, count, seen = struct.unpack(order + "I", data[4:8])[0], 0, set()
    while at and at not in seen and at + 2 <= len(data) and count <= MAX_PAGES_COUNTED:
        seen.add(at)
        entries = struct.unpack(order + "H", data[at:at + 2])[0]
        following = at + 2 + 12 * entries
        count += 1
        if following + 4 > len(data):
            break
        at = struct.unpack(order + "I", data[following:following + 4])[0]
    return count


#: Counting stops past this many pages (the batch refuses more than 2,000).
MAX_PAGES_COUNTED = 100_000


#: The image the last page was read from, kept open in this process: the
#: pages of a TIFF are read in order, and Pillow finds page k by walking the
#: pages before it, so a new image per page would cost the square of them.
_OPEN_IMAGE: list = [None, None]          # (the bytes, the Pillow image)


def release() -> None:
    """Let go of the image kept open (after a page ran out of memory)."""
    _OPEN_IMAGE[:] = [None, None]


def _image_of(data: bytes):
    if _OPEN_IMAGE[0] is not data:
        _OPEN_IMAGE[:] = [None, None]
        _OPEN_IMAGE[:] = [data, _open_image(data)]
    return _OPEN_IMAGE[1]


def _open_pdf(data: bytes):
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise ScanUnavailable() from None
    try:
        return pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - a damaged file
        raise ReadError("a damaged scan", code="corrupt") from None


def _open_image(data: bytes):
    try:
        from PIL import Image
    except ImportError:
        raise ScanUnavailable() from None
    import io
    import warnings
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            if img.width * img.height > MAX_PIXELS:
                raise ReadError("an image too large to decode", code="unsafe")
            return img
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ReadError("an image too large to decode", code="unsafe") from None
    except ReadError:
        raise
    except Exception:  # noqa: BLE001 - not an image Pillow can read
        raise ReadError("a damaged scan", code="corrupt") from None


def page_image(data: bytes, kind: str, index: int, bitonal: list | None = None):
    """Page ``index`` (0-based) as a greyscale NumPy array; ``bitonal``, when
    given, gets whether the page was scanned in 1 bit."""
    cv2, np, _ = _libs()
    if kind == "pdf":
        import pypdfium2 as pdfium

        pdf = _open_pdf(data)
        try:
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                raise ReadError("a page PDFium cannot load", code="corrupt") from None
            w, h = page.get_size()
            # as if the page were A4 (a scanner may store another page size)
            scale = PDF_DPI / 72 * 841.89 / max(w, h, 1.0)
            if w * h * scale * scale > MAX_PIXELS:
                raise ReadError("an image too large to decode", code="unsafe")
            if bitonal is not None:
                import pypdfium2.raw as pdfium_c
                images = [o.get_metadata() for o in
                          page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1)]
                largest = max(images, key=lambda m: m.width * m.height, default=None)
                bitonal.append(largest is not None and largest.bits_per_pixel == 1)
            bitmap = page.render(scale=scale, grayscale=True)
            arr = bitmap.to_numpy()
            arr = arr[:, :, 0] if arr.ndim == 3 else arr
            return np.ascontiguousarray(arr)
        finally:
            pdf.close()
    from PIL import ImageOps
    img = _image_of(data)
    if index or img.tell():
        img.seek(index)
    img = ImageOps.exif_transpose(img) if index == 0 else img
    if bitonal is not None:
        bitonal.append(img.mode == "1")
    return np.asarray(img.convert("L"))


# -- reading one page ----------------------------------------------------------------

def read_page(data: bytes, kind: str, index: int, path: str, forms) -> ScanPage:
    """Read page ``index`` of a scan. Never raises for what the page holds."""
    page = ScanPage(shown(path), index + 1)
    bitonal: list = []
    try:
        img = page_image(data, kind, index, bitonal)
    except ScanUnavailable:
        raise
    except ReadError as e:
        page.status, page.detail = "unreadable", e.code
        return page
    except MemoryError:
        page.status, page.detail = "unreadable", "unsafe"
        return page
    page.bitonal = bool(bitonal and bitonal[0])
    return read_image(img, page, forms)


def read_image(img, page: ScanPage, forms) -> ScanPage:
    cv2, np, zxingcpp = _libs()
    raw = img
    img = flatten(img, cv2, np)
    found = _find_qr(img, zxingcpp)
    if found is None:
        page.status = "blank" if _is_blank(img, np, raw) else "no_qr"
        return page
    if found is TWO_PAGES:
        page.status = "two_pages"
        return page
    text, corners = found
    form_id, form_version, number, copy_id = parse_qr(text)
    page.form_id, page.version, page.page, page.copy_id = form_id, form_version, number, copy_id
    form = forms.get(form_id, form_version)
    if form is None or form.version != form_version:   # another layout: never guess boxes
        page.status, page.detail = "unknown_form", f"{form_id} {form_version}"
        return page
    turn, corners = _upright(img, corners, cv2, np)
    if turn is not None:
        img, raw, page.turned = cv2.rotate(img, turn), cv2.rotate(raw, turn), True
    geo = layout_of(form)
    if number > geo.pages:
        page.status, page.detail = "unknown_form", f"{form_id} {form_version} p{number}"
        return page
    transform, weak = _register(img, corners, (form_id, form_version, number), cv2, np)
    scale = _scale(transform)                  # pixels per point, once per page
    white, black = _levels(img, transform, scale, np)
    ink = img < white - INK_LEVEL * (white - black)
    faint = img < white - FAINT_LEVEL * (white - black)
    # where the sheet is dark around a box (a hand, a shadow, a fold, the
    # scanner's lid), the box cannot be read: it is unsure, never empty
    hidden = raw < 0.5 * float(np.percentile(raw[::8, ::8], 75))
    per_field: dict[str, list[Mark]] = {}
    boxes: dict[str, tuple] = {}
    for slot in geo.on_page(number):
        mark = _measure(ink, faint, slot, transform, scale, np)
        if _covered(hidden, slot, transform, scale) or (weak and slot.shape in ("box", "circle")):
            mark = Mark(slot.option, "unsure", mark.ink, mark.faint)
        elif page.bitonal and mark.state == "empty" and slot.shape in ("box", "circle"):
            # a 1-bit scanner's threshold erases a light stroke before it is
            # seen: an empty box there is not known to be empty
            mark = Mark(slot.option, "unsure", mark.ink, mark.faint)
        per_field.setdefault(slot.field_id, []).append(mark)
        box = boxes.get(slot.field_id, slot.box)       # all the field's cells, for its crop
        boxes[slot.field_id] = (min(box[0], slot.box[0]), min(box[1], slot.box[1]),
                                max(box[2], slot.box[2]), max(box[3], slot.box[3]))
    index = form.field_index
    _bubbles(per_field, _rows(form))
    for field_id, marks in per_field.items():
        ff = index.get(field_id)
        if ff is None:
            continue
        value, reason = ff.spec.read_scan(ff, marks)
        page.values[field_id] = value
        if reason == "unsure":             # say why, where more is known than the ink
            reason = next((m.why for m in marks if m.state == "unsure" and m.why), reason)
        if reason:
            page.review[field_id] = reason
        if reason or any(m.state == "ink" for m in marks):
            page.crops[field_id] = _crop(img, boxes[field_id], transform, scale, cv2)
    return page


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


# -- the form's geometry ---------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    page: int
    field_id: str
    option: str | None
    shape: str
    rect: tuple
    box: tuple


@dataclass(frozen=True)
class Layout:
    pages: int
    slots: tuple[Slot, ...]

    def on_page(self, page: int):
        return [s for s in self.slots if s.page == page]


_LAYOUTS: dict[str, Layout] = {}


def layout_of(form) -> Layout:
    """Where the boxes of ``form`` are on paper (drawn once per form and
    process from the layout plan)."""
    got = _LAYOUTS.get(form.identity)
    if got is None:
        from ..render.pdf_print import geometry
        pages, slots = geometry(form)
        got = _LAYOUTS[form.identity] = Layout(pages, tuple(Slot(*s) for s in slots))
    return got


# -- pages into copies ---------------------------------------------------------------

def assemble(responses: list, forms) -> list:
    """Replace every scan file (status ``scan``) in ``responses`` by the
    copies its pages make: one record per copy, in the place of the file
    its first page came from; a page that is no part of a copy (no QR code,
    an unknown form, unreadable) becomes a rejected record of its own, and
    a file's empty pages one skipped record."""
    from .response import Response
    groups: dict[tuple, list[ScanPage]] = {}
    first_at: dict[tuple, int] = {}
    extra: dict[int, list] = {}
    pending: dict[int, tuple] = {}           # file index -> (scan, its odd pages)
    loose: dict[tuple, ScanPage] = {}        # (file, number) -> a page without a code
    for index, resp in enumerate(responses):
        if resp.status != "scan":
            continue
        run, last = 0, None
        blank, unread, odd = [], [], []
        for page in resp.scan_pages:
            if page is None:
                continue
            if page.status == "blank":
                blank.append(page)
                continue
            if page.status == "budget":
                unread.append(page)
                continue
            if page.status != "read":
                odd.append(page)
                continue
            if page.copy_id:
                key = (page.form_id, page.version, page.copy_id)
            else:               # no copy id (a printed fillable form): pages in order
                if last is None or page.form_id != last.form_id or page.page <= last.page:
                    run += 1
                key = (page.form_id, page.version, None, resp.file, run)
            last = page
            groups.setdefault(key, []).append(page)
            first_at.setdefault(key, index)
        read = any(p is not None and p.status == "read" for p in resp.scan_pages)
        if odd and not read:
            extra.setdefault(index, []).extend(_page_problems(odd, resp))
        elif odd:                      # a copy of this file may miss one of them: later
            pending[index] = (resp, odd)
            for page in odd:
                if page.status == "no_qr":
                    loose[(page.file, page.number)] = page
        if unread:                     # the file's time ran out: one record says which pages
            r = Response(resp.file, language=resp.language, source="scan")
            numbers = [p.number for p in unread]
            extra.setdefault(index, []).insert(0, r.reject(
                "scan_budget", seconds=unread[0].detail, total=len(resp.scan_pages),
                done=len(resp.scan_pages) - len(numbers), pages=page_ranges(numbers)))
        if not any(p is not None and p.status == "read" for p in resp.scan_pages):
            if not unread:
                extra[index] = [_nothing_read(resp, extra.get(index, []), blank)]
            continue
        if blank:
            r = Response(resp.file, language=resp.language, source="scan")
            extra.setdefault(index, []).append(r.skip("blank_pages", sources=page_list(blank)))
    copies: dict[int, list] = {}
    for key, pages in groups.items():
        copies.setdefault(first_at[key], []).append(_copy(key, pages, forms, loose))
    for index, (resp, odd) in pending.items():  # what no copy took: records of their own
        left = [p for p in odd if p.status != "no_qr" or (p.file, p.number) in loose]
        if left:
            at = 1 if extra.get(index) and extra[index][0].problems[0].code == "scan_budget" else 0
            extra.setdefault(index, [])[at:at] = _page_problems(left, resp)
    out = []
    for index, resp in enumerate(responses):
        if resp.status != "scan":
            out.append(resp)
            continue
        out += copies.get(index, []) + extra.get(index, [])
    return out


def _where(pages, number: int, loose: dict):
    """The page without a code that lies where page ``number`` of a copy
    would, next to the copy's other pages in the same file (taken from
    ``loose``), or None."""
    for page in pages:
        key = (page.file, page.number + number - page.page)
        if key in loose:
            return loose.pop(key)
    return None


def page_ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` as ``1-3, 7``."""
    out: list[str] = []
    numbers = sorted(numbers)
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


def page_list(pages: list[ScanPage]) -> str:
    """The pages of one file as a person reads them: ``stapel.pdf#3``,
    ``stapel.pdf#1-3, 7``."""
    return f"{os.path.basename(pages[0].file)}#{page_ranges([p.number for p in pages])}"


def _nothing_read(resp, problems: list, blank: list):
    """One record for a scan file none of whose pages was a formgen page."""
    from .response import Response
    r = Response(resp.file, language=resp.language, source="scan")
    if any(p.problems[0].code == "scan_extra" for p in problems):
        return r.reject("scan_extra")
    if resp.scan_kind == "pdf":
        return r.reject("no_fields")         # a PDF that is no form, or a form's print of it
    if not problems:
        return r.skip("blank_pages", sources=page_list(blank))
    first = problems[0].problems[0]
    return r.reject(first.code, **first.params)


def _page_problems(pages: list[ScanPage], resp) -> list:
    """One rejected record per kind of problem of a file's pages (not one
    per page: a stack of 2,000 pages without a code is one line), naming
    the pages (``stapel.tif#3, 9-12``)."""
    from .response import Response
    kinds: dict[tuple, list[ScanPage]] = {}
    for page in pages:
        kinds.setdefault(_page_code(page), []).append(page)
    out = []
    for (code, detail), group in kinds.items():
        first = group[0]
        source = page_list(group)
        r = Response(f"{resp.file}#{first.number}", language=resp.language, source="scan",
                     pages=[p.source for p in group])
        out.append(r.reject(code, source=source, detail=detail))
    return out


def _page_code(page: ScanPage) -> tuple[str, str]:
    if page.status == "unreadable" and page.detail == "scan_extra":
        return "scan_extra", ""
    code = {"no_qr": "no_qr", "unknown_form": "page_unknown_form", "timeout": "page_timeout",
            "two_pages": "page_two_pages"}.get(page.status, "page_unreadable")
    return code, page.detail or page.form_id or ""


def _copy(key, pages: list[ScanPage], forms, loose: dict | None = None):
    from .response import Response, check as _check
    form = forms.get(key[0], key[1])
    first = pages[0]
    resp = Response(f"{first.file}#{first.number}", language=form.language, source="scan",
                    form_id=form.id, form_version=form.version, copy_id=key[2])
    seen: dict[int, ScanPage] = {}
    for page in pages:
        if page.page in seen:
            resp.add("scan_twice", page=page.page,
                     sources=f"{seen[page.page].source}, {page.source}")
            continue
        seen[page.page] = page
    resp.pages = [seen[n].source for n in sorted(seen)]
    if key[2] is None and len(seen) > 1:
        resp.add("grouped_by_order")
    if any(p.bitonal for p in seen.values()):
        resp.add("bitonal")
    geo = layout_of(form)
    for number in range(1, geo.pages + 1):
        page = seen.get(number)
        if page is None:
            # scanned, where the copy's other pages say it lies, but its code not read
            there = _where(seen.values(), number, loose or {})
            if there is not None:
                resp.add("page_unreadable_in_copy", page=number, source=there.source)
            else:
                resp.add("page_missing", page=number)
            for slot in geo.on_page(number):
                resp.review.setdefault(slot.field_id,
                                       "unreadable_page" if there else "missing_page")
            continue
        resp.values.update(page.values)
        resp.review.update(page.review)
        resp.crops.update(page.crops)
    for ff in form.all_fields():
        resp.values.setdefault(ff.id, ff.spec.empty())
    resp.values = {ff.id: resp.values[ff.id] for ff in form.all_fields()}
    if resp.review:
        resp.add("scan_review", count=len(resp.review))
    _check(form, resp)
    return resp
