"""Helpers that look inside PDFs the way a reader would: widgets, pixels, text."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import NameObject

DPI = 144


def widgets(path: Path) -> list[dict]:
    """Every widget: field name, on-state name, page index, rect, AS."""
    out = []
    reader = PdfReader(path)
    for p, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a.get("/Subtype") != "/Widget":
                continue
            field = a if "/T" in a else a["/Parent"].get_object()
            ap = a.get("/AP", {}).get("/N", {})
            states = [k for k in ap.keys() if k != "/Off"] if hasattr(ap, "keys") else []
            out.append({"name": field["/T"], "state": states[0][1:] if states else None,
                        "page": p, "rect": [float(v) for v in a["/Rect"]],
                        "as": a.get("/AS"), "annot": a, "field": field})
    return out


def field_values(path: Path) -> dict:
    """Field values as pypdf reads them: text as str, buttons as the state name."""
    fields = PdfReader(path).get_fields()
    out = {}
    for name, f in fields.items():
        v = f.get("/V")
        out[name] = v[1:] if isinstance(v, NameObject) else v
    return out


def render_poppler(path: Path, page: int, outdir: Path) -> Image.Image:
    prefix = outdir / f"{path.stem}-poppler-{page}"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-f", str(page + 1),
                    "-l", str(page + 1), str(path), str(prefix)], check=True, timeout=120)
    return Image.open(f"{prefix}.png").convert("L")


def render_pdfium(path: Path, page: int, outdir: Path) -> Image.Image:
    """Render as Chrome does: with a form environment, fields drawn by PDFium."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pdf.init_forms()
        bitmap = pdf[page].render(scale=DPI / 72, may_draw_forms=True)
        image = bitmap.to_pil().convert("L")
    finally:
        pdf.close()
    image.save(outdir / f"{path.stem}-pdfium-{page}.png")
    return image


def render_pdfjs(path: Path, page: int, outdir: Path) -> Image.Image:
    """Render as Firefox prints: pdf.js in Node on a canvas."""
    out = outdir / f"{path.stem}-pdfjs-{page}.png"
    proc = subprocess.run(["node", str(Path(__file__).parent / "engines" / "render_pdfjs.mjs"),
                           str(path), str(out), str(DPI), str(page)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return Image.open(out).convert("L")


RENDERERS = {"poppler": render_poppler, "pdfium": render_pdfium, "pdfjs": render_pdfjs}


def drawn_text_pdfjs(path: Path) -> str:
    """The text pdf.js draws when it prints the file, widgets included: the
    Unicode of every glyph in its operator list (tests/engines/text_pdfjs.mjs)."""
    import json
    proc = subprocess.run(["node", str(Path(__file__).parent / "engines" / "text_pdfjs.mjs"),
                           str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return "\n".join(json.loads(proc.stdout))


def inked(image: Image.Image, rect, page_height: float, shrink: float = 0.3) -> float:
    """Share of dark pixels in the middle of ``rect`` (PDF points, origin bottom left).

    The outer ``shrink`` of each side is left out, so the printed box of
    the widget does not count: only a tick or a dot does.
    """
    x0, y0, x1, y1 = rect
    w, h = x1 - x0, y1 - y0
    x0, x1 = x0 + w * shrink, x1 - w * shrink
    y0, y1 = y0 + h * shrink, y1 - h * shrink
    s = DPI / 72
    box = (round(x0 * s), round((page_height - y1) * s), round(x1 * s), round((page_height - y0) * s))
    crop = image.crop(box)
    hist = crop.histogram()
    total = sum(hist)
    return sum(hist[:128]) / max(1, total)


def flatten(path: Path, out: Path) -> Path:
    """Write ``out``: ``path`` with every field burnt into its page by PDFium,
    as "print to PDF" does; the result has no fields left."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    try:
        pdf.init_forms()
        for page in pdf:
            raw.FPDFPage_Flatten(page, raw.FLAT_PRINT)
        pdf.save(out)
    finally:
        pdf.close()
    return out


def flattened_text(path: Path) -> str:
    """The page text after PDFium flattens the fields' appearances into the pages.

    Text in an appearance stream only comes out right when its font maps
    codes back to Unicode: a check that a name was drawn with the right glyphs.
    """
    import pypdfium2 as pdfium

    tmp = flatten(path, Path(str(path) + ".flat.pdf"))
    texts = []
    flat = pdfium.PdfDocument(str(tmp))
    try:
        for page in flat:
            texts.append(page.get_textpage().get_text_range())
    finally:
        flat.close()
    return "\n".join(texts)


def preview_rewrite(src: Path, out: Path, field: str, state: str) -> Path:
    """Rewrite ``src`` the way Apple Preview saves a chosen radio button: the
    chosen widget is detached from its group and carries its own /T and /V;
    every widget of the group shows Off, and the group's /V stays stale."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=src)
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            parent = annot.get("/Parent")
            if parent is None or parent.get_object()["/T"] != field:
                continue
            annot[NameObject("/AS")] = NameObject("/Off")
            if "/" + state in annot["/AP"]["/N"]:
                del annot["/Parent"]
                annot[NameObject("/T")] = parent.get_object()["/T"]
                annot[NameObject("/FT")] = NameObject("/Btn")
                annot[NameObject("/V")] = NameObject("/" + state)
                annot[NameObject("/AS")] = NameObject("/" + state)
    writer.write(out)
    return out
