"""Opening a scan: how many pages a PDF, TIFF or photo holds, and one
page as a grey image, with limits against bombs."""

from __future__ import annotations

from ..errors import ReadError
from .scan_model import ScanUnavailable, _libs

#: Resolution pages of a PDF are rendered at for reading.
PDF_DPI = 200
#: Images larger than this (pixels) are refused: a decompression bomb.
MAX_PIXELS = 120_000_000
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
