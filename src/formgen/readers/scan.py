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

from ..errors import ReadError
from ..names import parse_qr
from .entries import shown
from .scan_copies import assemble, page_list, page_ranges  # noqa: F401 (the reader's API)
from .scan_marks import (
    FAINT_LEVEL,
    INK_LEVEL,
    TWO_PAGES,
    _bubbles,
    _lone_whiteouts,
    _covered,
    _crop,
    _find_qr,
    _is_blank,
    _levels,
    _measure,
    _register,
    _rows,
    _scale,
    _upright,
    flatten,
)
from .scan_model import Layout, Mark, ScanPage, ScanUnavailable, Slot, _libs, layout_of  # noqa: F401
from .scan_open import MAX_PIXELS, PDF_DPI, page_image, page_total, release  # noqa: F401

#: The grey levels (of 255) between the paper round a box and the printed
#: black below which the box is hidden from the scanner (see read_image).
HIDDEN_RANGE = 20


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
    text, codes = found
    form_id, form_version, number, copy_id = parse_qr(text)
    page.form_id, page.version, page.page, page.copy_id = form_id, form_version, number, copy_id
    form = forms.get(form_id, form_version)
    if form is None or form.version != form_version:   # another layout: never guess boxes
        page.status, page.detail = "unknown_form", f"{form_id} {form_version}"
        return page
    turn, codes = _upright(img, codes, cv2, np)
    if turn is not None:
        img, raw, page.turned = cv2.rotate(img, turn), cv2.rotate(raw, turn), True
    geo = layout_of(form)
    if number > geo.pages:
        page.status, page.detail = "unknown_form", f"{form_id} {form_version} p{number}"
        return page
    transform, weak = _register(img, codes, (form_id, form_version, number), cv2, np)
    scale = _scale(transform)                  # pixels per point, once per page
    white, black = _levels(img, transform, scale, np)
    ink = img < white - INK_LEVEL * (white - black)
    faint = img < white - FAINT_LEVEL * (white - black)
    # where something lies on the sheet round a box (a hand, a phone, the
    # scanner's lid), the box cannot be read: it is unsure, never empty.
    # What decides is the light left between the paper there and the
    # printed black, in grey levels of the scan as taken: a pen's stroke is
    # a quarter of that range darker than its paper, a faint one a tenth;
    # under HIDDEN_RANGE levels that is 5 and 2 levels, lost in the scan's
    # rounding and grain (a hand at 6 % of the light: 15 levels). A cast
    # shadow leaves more and is evened out by flatten(): its boxes are read
    # (augraphy's darkest shadows on the bench left 23-48 levels; a shadow
    # at 45 %, 20 % and 14 % and a hand, tests/test_scan_sheet.py)
    hidden = raw < _levels(raw, transform, scale, np)[1] + HIDDEN_RANGE
    per_field: dict[str, list[Mark]] = {}
    boxes: dict[str, tuple] = {}
    slots = geo.on_page(number)
    by_box: dict[tuple, list] = {}
    for slot in slots:
        by_box.setdefault(slot.box, []).append(slot)
    placed = []
    for slot in slots:
        # the paper round a slot is blank on the printed form when no other
        # slot shares its cell (options in one cell print their labels there)
        clean = len(by_box[slot.box]) == 1
        mark = _measure(ink, faint, slot, transform, scale, np, img, black, clean, white)
        near = () if clean else [o.rect for o in by_box[slot.box] if o is not slot]
        if _covered(hidden, slot, transform, scale, near) or (
                weak and slot.shape in ("box", "circle")):
            mark = Mark(slot.option, "unsure", mark.ink, mark.faint)
        elif page.bitonal and mark.state == "empty" and slot.shape in ("box", "circle"):
            # a 1-bit scanner's threshold erases a light stroke before it is
            # seen: an empty box there is not known to be empty
            mark = Mark(slot.option, "unsure", mark.ink, mark.faint)
        placed.append([slot, mark])
    _lone_whiteouts(placed)
    marked = {slot.field_id for slot, _ in placed if slot.shape in ("box", "circle")}
    for slot, mark in placed:
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
            # boxes with room round them: what a person decides on may lie
            # there (a ring drawn round the box, a tick beside it)
            pad = 10.0 if field_id in marked else 4.0
            page.crops[field_id] = _crop(img, boxes[field_id], transform, scale, cv2, pad)
    return page


