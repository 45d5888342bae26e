"""The font of fillable text fields: one that every PDF engine can type with.

Engines draw what a student types with the font that the field's ``/DA``
names in the form's ``/DR``. What we measured (see the README, "Names
beyond Latin-1"):

* pdf.js encodes typed text with that font's encoding; a letter it cannot
  encode makes it drop the appearance. So the font is a *simple* TrueType
  font whose encoding (WinAnsi plus ``/Differences``) covers the letters of
  the languages our students write in, with a ``/ToUnicode`` map.
* pdftk (iText) reads ``/Differences`` through the Adobe Glyph List: the
  glyph names are AGL names.
* PDFium uses the ``/DA`` font for letters outside cp1252 only when it
  believes the font symbolic, which it decides by the *resource name*
  (``Wingdings``); otherwise it swaps in a system font or drops the letter.
  So the resource is named :data:`RESOURCE_NAME`. No engine we know uses
  the resource name for anything else; Acrobat and Preview are untested.
* PDFium spaces multi-line text by ``Ascent - Descent``: those come from
  the ``hhea`` table.

The font program is Liberation Sans (SIL OFL 1.1, shipped unmodified in
``formgen/fonts``), subset when a document is written to the glyphs the
encoding reaches, so every letter a student can type is in the file.

What formgen draws itself (a prefilled value, a date's grey format) uses
the same font program as a Type0 font (:data:`DRAWN_NAME`, Identity-H, one
code per glyph): no encoding to look glyph names up in, so a PDF/UA checker
has nothing to question, whatever the letters. The simple font stays the
one engines type with, since they encode typed text through its encoding.
"""

from __future__ import annotations

import io
import zlib
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

RESOURCE_NAME = "Wingdings"
#: The same font program as a Type0 font (Identity-H: a code is a glyph id),
#: for the appearances formgen draws. A simple font's /Differences names
#: beyond the standard Latin set (/Scedilla, /Aogonek) fail page-validation's
#: PDF/UA-1 rule 7.21.6, although they are AGL names; a Type0 font has none.
DRAWN_NAME = "FGSans"
FONT_FILE = "LiberationSans-Regular.ttf"
BASE_FONT = "FGLIBS+LiberationSans"

#: Codes WinAnsi leaves undefined or uses for symbols nobody types in a
#: name or a comment; formgen gives them to the letters in EXTRA_LETTERS.
_FREE_CODES = (
    [127, 129, 141, 143, 144, 157]
    + [c for c in range(1, 32) if c not in (9, 10, 13)]
    + [131, 134, 135, 136, 137, 139, 152, 155]          # ƒ † ‡ ˆ ‰ ‹ ˜ ›
    + [164, 166, 168, 175, 180, 184, 185, 170, 186, 172, 182, 190, 188, 179, 173]
)
#: Letters beyond WinAnsi (56, in upper/lower pairs, filling the free codes
#: but one): Turkish, Polish, Romanian, Czech and Slovak, Hungarian, Croatian.
EXTRA_LETTERS = ("ĞğİıŞş" "ĄąĆćĘęŁłŃńŚśŹźŻż" "ĂăȘșȚțŢţ" "ČčĎďĚěŇňŘřŤťŮůĽľĹĺ"
                 "ŐőŰű" "Đđ" "Ŕŕ")


class FieldFont:
    """Liberation Sans as a simple font with formgen's own encoding (the one
    engines type with), and as its Type0 twin (the one formgen draws with).

    ``encode_drawn`` turns text into the bytes a content stream shows with
    the twin; ``width`` measures text, the same in both. One instance serves
    every document; the PDF objects are made once per document by
    :meth:`reference` and :meth:`drawn_reference`.
    """

    def __init__(self) -> None:
        data = (Path(__file__).resolve().parents[1] / "fonts" / FONT_FILE).read_bytes()
        derived = _cached(data)
        if derived is None:
            derived = _derive(data)
            _store(data, derived)
        self.differences = [tuple(d) for d in derived["differences"]]
        self.code_to_char = {int(c): ch for c, ch in derived["code_to_char"].items()}
        self.char_to_code = {ch: c for c, ch in self.code_to_char.items()}
        self.char_to_code.setdefault("\u00a0", 32)
        self.widths = {int(c): w for c, w in derived["widths"].items()}
        self._char_width = {ch: self.widths[c] for ch, c in self.char_to_code.items()}
        self.ascent, self.descent = derived["ascent"], derived["descent"]
        self.bbox, self.cap_height = derived["bbox"], derived["cap_height"]
        self._program = derived["program"]
        #: the drawn (Type0) font: glyph id of each character, width of each glyph
        self.glyph_widths = derived["glyph_widths"]
        gids = {ch: int(g) for ch, g in derived["glyph_ids"].items()}
        gids.setdefault("\u00a0", gids[" "])
        self._glyph_of = {ord(ch): g.to_bytes(2, "big") for ch, g in gids.items()}
        self._unknown_glyph = self._glyph_of[ord("?")]
        self._glyph_chars = {g: ch for ch, g in gids.items() if ch != "\u00a0"}

    # -- text ------------------------------------------------------------
    def missing(self, text: str) -> set[str]:
        """Characters of ``text`` this font cannot encode (line breaks aside)."""
        return {ch for ch in text if ch not in self.char_to_code and ch not in "\r\n"}

    def width(self, text: str, size: float) -> float:
        w = self._char_width
        return sum(w.get(ch, 556) for ch in text) * size / 1000

    def encode_drawn(self, text: str) -> bytes:
        """Bytes for ``text`` in the drawn (Type0) font: two per glyph; a
        character the font lacks becomes ``?``."""
        glyph, unknown = self._glyph_of, self._unknown_glyph
        return b"".join([glyph.get(ord(ch), unknown) for ch in text])

    def drawn_reference(self, doc):
        """The Type0 twin of :meth:`reference` in reportlab document ``doc``:
        the same font program, each glyph by its id (Identity-H and an
        identity CIDToGIDMap), with its own descriptor (the CIDSet a subset
        CIDFont carries) and a ``/ToUnicode`` of two-byte codes."""
        cached = getattr(doc, "_formgen_drawn_font", None)
        if cached is not None:
            return cached
        self.reference(doc)
        count = len(self.glyph_widths)
        cid_set = bytearray(b"\xff" * ((count + 7) // 8))
        if count % 8:
            cid_set[-1] = (0xFF << (8 - count % 8)) & 0xFF
        descriptor = PDFDictionary({
            **self._descriptor_entries(doc._formgen_field_program),
            "CIDSet": doc.Reference(PDFStream(PDFDictionary({}), zlib.compress(bytes(cid_set)),
                                              filters=[_Flate()])),
        })
        cid_font = PDFDictionary({
            "Type": PDFName("Font"), "Subtype": PDFName("CIDFontType2"),
            "BaseFont": PDFName(BASE_FONT),
            "CIDSystemInfo": PDFDictionary({"Registry": PDFString("Adobe"),
                                            "Ordering": PDFString("Identity"),
                                            "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor),
            "W": PDFArray([0, PDFArray(self.glyph_widths)]),
            "CIDToGIDMap": PDFName("Identity"),
        })
        to_unicode = PDFStream(PDFDictionary({}), zlib.compress(
            _to_unicode(sorted(self._glyph_chars.items()), 2)), filters=[_Flate()])
        font = PDFDictionary({
            "Type": PDFName("Font"), "Subtype": PDFName("Type0"),
            "BaseFont": PDFName(BASE_FONT), "Encoding": PDFName("Identity-H"),
            "DescendantFonts": PDFArray([doc.Reference(cid_font)]),
            "ToUnicode": doc.Reference(to_unicode),
        })
        ref = doc.Reference(font)
        doc._formgen_drawn_font = ref
        return ref

    def line_height(self, size: float) -> float:
        return (self.ascent - self.descent) * size / 1000

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        """Break ``text`` into lines no wider than ``width`` (words kept whole
        where they fit; a word longer than a line is cut)."""
        lines: list[str] = []
        for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            line = ""
            for word in para.split(" "):
                trial = f"{line} {word}" if line else word
                if self.width(trial, size) <= width or not line:
                    line = trial
                else:
                    lines.append(line)
                    line = word
                while self.width(line, size) > width and len(line) > 1:
                    cut = len(line)
                    while cut > 1 and self.width(line[:cut], size) > width:
                        cut -= 1
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line)
        return lines

    # -- PDF objects -----------------------------------------------------
    def reference(self, doc):
        """The font dictionary's reference in reportlab document ``doc``."""
        cached = getattr(doc, "_formgen_field_font", None)
        if cached is not None:
            return cached
        first, last = 1, 255
        widths = PDFArray([self.widths.get(c, 0) for c in range(first, last + 1)])
        diffs: list = []
        prev = None
        for code, name in sorted(self.differences):
            if prev is None or code != prev + 1:
                diffs.append(code)
            diffs.append(PDFName(name))
            prev = code
        program = PDFStream(PDFDictionary({"Length1": len(self._program)}),
                            zlib.compress(self._program, 9), filters=[_Flate()])
        doc._formgen_field_program = doc.Reference(program)
        descriptor_ref = doc.Reference(PDFDictionary(
            self._descriptor_entries(doc._formgen_field_program)))
        to_unicode = PDFStream(PDFDictionary({}), zlib.compress(
            _to_unicode(self.code_to_char.items(), 1)), filters=[_Flate()])
        font = PDFDictionary({
            "Type": PDFName("Font"), "Subtype": PDFName("TrueType"),
            "BaseFont": PDFName(BASE_FONT), "FirstChar": first, "LastChar": last,
            "Widths": widths, "FontDescriptor": descriptor_ref,
            "Encoding": PDFDictionary({"Type": PDFName("Encoding"),
                                       "BaseEncoding": PDFName("WinAnsiEncoding"),
                                       "Differences": PDFArray(diffs)}),
            "ToUnicode": doc.Reference(to_unicode),
        })
        ref = doc.Reference(font)
        doc._formgen_field_font = ref
        return ref

    def _descriptor_entries(self, program_ref) -> dict:
        return {"Type": PDFName("FontDescriptor"), "FontName": PDFName(BASE_FONT),
                "Flags": 32, "FontBBox": PDFArray(self.bbox), "ItalicAngle": 0,
                "Ascent": self.ascent, "Descent": self.descent,
                "CapHeight": self.cap_height, "StemV": 80, "FontFile2": program_ref}


def _to_unicode(pairs, code_bytes: int) -> bytes:
    """A ``/ToUnicode`` CMap of (code, character) pairs, codes of ``code_bytes`` bytes."""
    digits = 2 * code_bytes
    entries = [f"<{c:0{digits}X}> <{ord(ch):04X}>" for c, ch in pairs]
    chunks = []
    for i in range(0, len(entries), 100):
        part = entries[i:i + 100]
        chunks.append(f"{len(part)} beginbfchar\n" + "\n".join(part) + "\nendbfchar")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            f"1 begincodespacerange\n<{'00' * code_bytes}> <{'FF' * code_bytes}>\n"
            "endcodespacerange\n" + "\n".join(chunks) +
            "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")


class _Flate:
    """A stream filter for data that is compressed already."""

    pdfname = "FlateDecode"

    def encode(self, text):
        return text

    def __str__(self):
        return "/FlateDecode"


def _derive(data: bytes) -> dict:
    """Everything the field font needs from the font file: the encoding, the
    widths, the metrics and the subset program (fontTools; ~0.15 s)."""
    from fontTools import agl
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(data), lazy=True)
    cmap = tt.getBestCmap()
    upm = tt["head"].unitsPerEm
    hmtx = tt["hmtx"]
    code_to_char = {}
    for code in range(32, 256):
        try:
            code_to_char[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    free = iter(_FREE_CODES)
    differences: list[tuple[int, str]] = []
    for ch in EXTRA_LETTERS:
        if ord(ch) not in cmap:
            continue
        code = next(free, None)
        if code is None:
            break
        code_to_char[code] = ch
        differences.append((code, _glyph_name(agl, ord(ch), cmap.get(ord(ch)))))
    code_to_char = dict(sorted((c, ch) for c, ch in code_to_char.items() if ord(ch) in cmap))
    scale = 1000 / upm
    hhea, head, os2 = tt["hhea"], tt["head"], tt["OS/2"]
    program = _subset(data, set(code_to_char.values()))
    return {
        "differences": differences,
        "code_to_char": code_to_char,
        "widths": {c: round(hmtx[cmap[ord(ch)]][0] * scale) for c, ch in code_to_char.items()},
        "ascent": round(hhea.ascent * scale), "descent": round(hhea.descent * scale),
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "cap_height": round(getattr(os2, "sCapHeight", hhea.ascent) * scale),
        "program": program,
        **_glyphs(program),
    }


def _glyphs(program: bytes) -> dict:
    """The subset's glyph id of each character it maps, and every glyph's
    width in text space (for the drawn Type0 font)."""
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(program), lazy=True)
    scale = 1000 / tt["head"].unitsPerEm
    hmtx = tt["hmtx"]
    return {"glyph_ids": {chr(uv): tt.getGlyphID(name) for uv, name in tt.getBestCmap().items()},
            "glyph_widths": [round(hmtx[name][0] * scale) for name in tt.getGlyphOrder()]}


# -- a cache of the derived font, so a new process skips fontTools --------------
# The subset is the same every time (the font file and the letters are fixed);
# deriving it is most of a cold `formgen build`. The cache lives in the user's
# cache folder, keyed by a hash of the font and the letters; a missing or
# unreadable cache is simply derived again, and one that cannot be written is
# skipped. It holds JSON and a font program, never code.

_CACHE_VERSION = "10"


def _glyph_name(agl, uv: int, font_name: str | None = None) -> str:
    """The glyph name of a letter in ``/Differences``: the font's own name
    where the Adobe Glyph List gives it this letter (a PDF/UA checker looks
    the name up in the font's post table and in the AGL), else AGLFN's, else
    the full list's, else ``uniXXXX``."""
    if font_name and (agl.LEGACY_AGL2UV.get(font_name) == [uv] or font_name == f"uni{uv:04X}"):
        return font_name
    name = agl.UV2AGL.get(uv)
    if name:
        return name
    names = sorted(n for n, v in agl.LEGACY_AGL2UV.items() if v == [uv])
    return names[0] if names else f"uni{uv:04X}"


def _cache_paths(data: bytes):
    import hashlib
    import os
    from pathlib import Path

    base = os.environ.get("FORMGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "formgen")
    key = hashlib.sha256(data + EXTRA_LETTERS.encode() + repr(_FREE_CODES).encode()
                         + _CACHE_VERSION.encode()).hexdigest()[:20]
    folder = Path(base)
    return folder, folder / f"fieldfont-{key}.json", folder / f"fieldfont-{key}.ttf"


def _cached(data: bytes) -> dict | None:
    import json
    try:
        _, meta, program = _cache_paths(data)
        derived = json.loads(meta.read_text(encoding="utf-8"))
        derived["program"] = program.read_bytes()
        if len(derived["program"]) != derived.pop("program_length"):
            return None
        return derived
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(data: bytes, derived: dict) -> None:
    import json
    import os
    import tempfile
    try:
        folder, meta, program = _cache_paths(data)
        folder.mkdir(parents=True, exist_ok=True)
        for path, payload in ((program, derived["program"]),
                              (meta, json.dumps({**{k: v for k, v in derived.items()
                                                    if k != "program"},
                                                 "program_length": len(derived["program"])},
                                                ensure_ascii=False).encode("utf-8"))):
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".fieldfont-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, path)
    except OSError:
        pass


def _subset(data: bytes, chars: set[str]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    opts = subset.Options()
    opts.hinting = False
    opts.notdef_outline = True
    opts.layout_features = []
    opts.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "kern", "DSIG"]
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    # Glyph names stay in the post table: a PDF/UA checker resolves the
    # /Differences names through them.
    opts.glyph_names = True
    # recalcTimestamp off: the subset is the same bytes every time it is made
    # (fontTools would stamp head.modified with the current second).
    font = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False)
    # Deleting the layout tables before subsetting spares decompiling
    # them (0.4 s, most of a cold build); a field font needs none.
    for tag in ("GSUB", "GPOS", "GDEF", "kern", "DSIG", "FFTM"):
        if tag in font:
            del font[tag]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=1)
def field_font() -> FieldFont:
    """The one :class:`FieldFont` of this process (from the cache: ~5 ms)."""
    return FieldFont()
