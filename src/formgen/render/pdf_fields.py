"""AcroForm fields for reportlab documents, one handler per field type.

formgen writes the field dictionaries itself instead of using
``reportlab.pdfbase.acroform``: that module knows only the standard-14
fonts (no ``Ş``, ``ł``, ``ı``), caps text at 100 characters and marks
checkboxes and radios required. Every widget here carries an appearance
for each of its states, so a viewer that never redraws fields still shows
the values, and ``/NeedAppearances`` stays unset (with it, pdf.js saves
no appearances at all).
"""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFStream
from reportlab.pdfbase.pdfdoc import format as pdfformat

from .pdf_font import RESOURCE_NAME, field_font

#: The hidden read-only field that carries ``id|version|hash``.
IDENTITY_FIELD = "formgen_identity"
#: The on-state name of every checkbox.
CHECKBOX_ON = "Yes"

# Field flags (PDF 32000-1, tables 226, 228, 230)
FF_READ_ONLY = 1
FF_MULTILINE = 1 << 12
FF_RADIO = 1 << 15
FF_DO_NOT_SPELL_CHECK = 1 << 22
# Annotation flags (table 165)
F_HIDDEN = 2
F_PRINT = 4

TEXT_SIZE = 10
TEXTAREA_SIZE = 9


class Raw(PDFObject):
    """A PDF object written exactly as given."""

    def __init__(self, text: str | bytes):
        self.text = text.encode("latin-1") if isinstance(text, str) else text

    def format(self, document):
        return self.text


def text_string(s: str) -> Raw:
    """A PDF text string: plain ASCII as is, anything else as UTF-16BE with a
    BOM. Literal strings, not hex: readers parse them several times faster."""
    if all(" " <= ch <= "~" for ch in s):
        return Raw(_literal(s.encode("ascii")).encode("ascii"))
    return Raw(_literal(b"\xfe\xff" + s.encode("utf-16-be")).encode("latin-1"))


def _literal(data: bytes) -> str:
    out = []
    for b in data:
        if b in (0x28, 0x29, 0x5C):
            out.append("\\" + chr(b))
        elif b < 32 or b > 126:
            out.append(f"\\{b:03o}")
        else:
            out.append(chr(b))
    return "(" + "".join(out) + ")"


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


class Captured(PDFDictionary):
    """A dictionary that remembers, when written, its object number and the
    bytes of each entry, so a later incremental update can rewrite it."""

    number: int | None = None
    entries: dict[str, bytes] | None = None

    def format(self, document):
        self.entries = {k: pdfformat(v, document) for k, v in self.dict.items()}
        self.number = document.idToObjectNumberAndVersion[self.__InternalName__][0]
        return super().format(document)


class FieldWriter:
    """Collects the AcroForm of one document as the layout places widgets.

    The layout calls :meth:`place` for every slot it draws (in reading
    order, which becomes the tab order) and :meth:`finish` once at the end.
    ``values`` prefills fields (field id -> str / bool / option value);
    ``locked`` names fields to make read-only.
    """

    def __init__(self, form, values: dict | None = None, locked=()):
        self.form = form
        self.values = values or {}
        self.locked = set(locked)
        self.font = field_font()
        self.fields: list = []
        #: field id -> what a prefill needs: type, size, the widget (or group
        #: and its kids by option value), all :class:`Captured`.
        self.slots: dict[str, dict] = {}
        self._radios: dict[str, PDFDictionary] = {}
        self._streams: dict = {}
        self._doc = None

    # -- entry points ------------------------------------------------------
    def place(self, canv, ff, rect, option=None) -> None:
        """Add the widget of ``ff`` (``option`` for one answer of a choice)
        at ``rect`` = (x0, y0, x1, y1) on the canvas's current page."""
        self._doc = canv._doc
        HANDLERS[ff.type](self, canv, ff, rect, option)

    def font_number(self) -> int:
        """The field font's object number (after the document was written)."""
        ref = self._doc._formgen_field_font
        return self._doc.idToObjectNumberAndVersion[ref.name][0]

    def finish(self, canv) -> None:
        doc = canv._doc
        self._doc = doc
        helv = PDFDictionary({"Type": PDFName("Font"), "Subtype": PDFName("Type1"),
                              "BaseFont": PDFName("Helvetica"),
                              "Encoding": PDFName("WinAnsiEncoding")})
        zadb = PDFDictionary({"Type": PDFName("Font"), "Subtype": PDFName("Type1"),
                              "BaseFont": PDFName("ZapfDingbats")})
        fonts = PDFDictionary({"Helv": doc.Reference(helv), "ZaDb": doc.Reference(zadb),
                               RESOURCE_NAME: self.font.reference(doc)})
        doc._catalog.AcroForm = PDFDictionary({
            "Fields": PDFArray(self.fields),
            "DR": PDFDictionary({"Font": fonts}),
            "DA": Raw(b"(/Helv 0 Tf 0 g)"),
        })

    # -- shared pieces -------------------------------------------------------
    def _flags(self, ff, extra=0) -> int:
        return extra | (FF_READ_ONLY if ff.id in self.locked else 0)

    def _widget(self, canv, rect, entries: dict) -> PDFDictionary:
        d = {"Type": PDFName("Annot"), "Subtype": PDFName("Widget"),
             "Rect": PDFArray([_num(v) for v in rect]), "F": F_PRINT}
        d.update(entries)
        annot = Captured(d)
        canv._addAnnotation(annot)
        return annot

    def _stream(self, key, width, height, content: str, font=False):
        """A form XObject, shared by every widget with the same key."""
        key = (key, round(width, 2), round(height, 2))
        if key in self._streams and not font:
            return self._streams[key]
        res = {}
        if font:
            res["Font"] = PDFDictionary({RESOURCE_NAME: self.font.reference(self._doc)})
        stream = PDFStream(PDFDictionary({
            "Type": PDFName("XObject"), "Subtype": PDFName("Form"),
            "BBox": PDFArray([0, 0, _num(width), _num(height)]),
            "Resources": PDFDictionary(res)}), content.encode("latin-1"))
        ref = self._doc.Reference(stream)
        if not font:
            self._streams[key] = ref
        return ref

    # -- text ----------------------------------------------------------------
    def text_appearance(self, value: str, width: float, height: float, multiline: bool):
        if not value:
            return self._stream("tx-empty", width, height, EMPTY_TEXT)
        ops = text_appearance_ops(self.font, value, width, height, multiline)
        return self._stream(None, width, height, ops, font=True)

    def _text(self, canv, ff, rect, option=None, multiline=False) -> None:
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        value = str(self.values.get(ff.id, "") or "")
        size = TEXTAREA_SIZE if multiline else TEXT_SIZE
        entries = {
            "FT": PDFName("Tx"), "T": text_string(ff.id), "TU": text_string(ff.tooltip),
            "Ff": self._flags(ff, (FF_MULTILINE if multiline else 0)),
            "DA": Raw(f"(/{RESOURCE_NAME} {size} Tf 0 g)"), "Q": 0,
            "MK": PDFDictionary({}),
            "AP": PDFDictionary({"N": self.text_appearance(value, w, h, multiline)}),
        }
        if value:
            entries["V"] = text_string(value)
        if getattr(ff.spec, "max_length", None):
            entries["MaxLen"] = ff.spec.max_length
        widget = self._widget(canv, rect, entries)
        self.slots[ff.id] = {"type": ff.type, "size": (w, h), "widget": widget}
        self.fields.append(canv._doc.Reference(widget))

    def _textarea(self, canv, ff, rect, option=None) -> None:
        self._text(canv, ff, rect, option, multiline=True)

    # -- checkbox --------------------------------------------------------------
    def _checkbox(self, canv, ff, rect, option=None) -> None:
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        state = CHECKBOX_ON if self.values.get(ff.id) is True else "Off"
        entries = {
            "FT": PDFName("Btn"), "T": text_string(ff.id), "TU": text_string(ff.tooltip),
            "Ff": self._flags(ff), "V": PDFName(state), "AS": PDFName(state),
            "DA": Raw(b"(/ZaDb 0 Tf 0 g)"), "MK": PDFDictionary({"CA": Raw(b"(4)")}),
            "AP": PDFDictionary({"N": PDFDictionary({
                CHECKBOX_ON: self._stream("check-on", w, h, _check_mark(w, h)),
                "Off": self._stream("off", w, h, "")})}),
        }
        widget = self._widget(canv, rect, entries)
        self.slots[ff.id] = {"type": ff.type, "widget": widget}
        self.fields.append(canv._doc.Reference(widget))

    # -- choice ------------------------------------------------------------------
    def _choice(self, canv, ff, rect, option) -> None:
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        doc = canv._doc
        parent = self._radios.get(ff.id)
        chosen = self.values.get(ff.id)
        if parent is None:
            parent = Captured({
                "FT": PDFName("Btn"), "T": text_string(ff.id), "TU": text_string(ff.tooltip),
                "Ff": self._flags(ff, FF_RADIO), "Kids": PDFArray([]),
                "V": PDFName(chosen if chosen else "Off"),
            })
            self._radios[ff.id] = parent
            self.slots[ff.id] = {"type": ff.type, "parent": parent, "kids": {}}
            self.fields.append(doc.Reference(parent))
        state = option.value if chosen == option.value else "Off"
        kid = self._widget(canv, rect, {
            "Parent": doc.Reference(parent), "AS": PDFName(state),
            "DA": Raw(b"(/ZaDb 0 Tf 0 g)"), "MK": PDFDictionary({"CA": Raw(b"(l)")}),
            "AP": PDFDictionary({"N": PDFDictionary({
                option.value: self._stream("dot-on", w, h, _dot(w, h)),
                "Off": self._stream("off", w, h, "")})}),
        })
        parent.dict["Kids"].sequence.append(doc.Reference(kid))
        self.slots[ff.id]["kids"][option.value] = kid

    # -- identity ------------------------------------------------------------------
    def identity(self, canv) -> None:
        """Add the hidden, read-only identity field to the current page."""
        entries = {
            "FT": PDFName("Tx"), "T": text_string(IDENTITY_FIELD),
            "TU": text_string("formgen form identity"), "Ff": FF_READ_ONLY,
            "V": text_string(self.form.identity), "DA": Raw(b"(/Helv 0 Tf 0 g)"),
            "F": F_HIDDEN,
            "AP": PDFDictionary({"N": self._stream("tx-empty", 0, 0, EMPTY_TEXT)}),
        }
        self._doc = canv._doc
        annot = self._widget(canv, (0, 0, 0, 0), entries)
        self.fields.append(canv._doc.Reference(annot))


EMPTY_TEXT = "/Tx BMC\nEMC"


def text_appearance_ops(font, value: str, width: float, height: float, multiline: bool) -> str:
    """The content stream that draws ``value`` in a text field of that size."""
    size = TEXTAREA_SIZE if multiline else TEXT_SIZE
    pad = 2
    ops = [f"/Tx BMC\nq\n1 1 {_num(width - 2)} {_num(height - 2)} re W n\nBT\n"
           f"/{RESOURCE_NAME} {size} Tf\n0 g\n"]
    if multiline:
        lead = font.line_height(size)
        y = height - pad - font.ascent * size / 1000
        ops.append(f"{_num(lead)} TL\n{_num(pad)} {_num(y)} Td\n")
        for i, line in enumerate(font.wrap(value, size, width - 2 * pad)):
            ops.append(("T* " if i else "") + _literal(font.encode(line)) + " Tj\n")
    else:
        y = (height - (font.ascent - font.descent) * size / 1000) / 2 - font.descent * size / 1000
        line = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        ops.append(f"{_num(pad)} {_num(y)} Td\n{_literal(font.encode(line))} Tj\n")
    ops.append("ET\nQ\nEMC")
    return "".join(ops)


def _check_mark(w: float, h: float) -> str:
    s = min(w, h)
    x0, y0 = (w - s) / 2, (h - s) / 2
    pts = [(0.22, 0.52), (0.42, 0.28), (0.78, 0.74)]
    path = " ".join(f"{_num(x0 + s * px)} {_num(y0 + s * py)} {'m' if i == 0 else 'l'}"
                    for i, (px, py) in enumerate(pts))
    return f"q 0 G {_num(s * 0.13)} w 1 J 1 j {path} S Q"


def _dot(w: float, h: float) -> str:
    r = min(w, h) * 0.27
    cx, cy = w / 2, h / 2
    k = 0.5523 * r
    return (f"q 0 g {_num(cx + r)} {_num(cy)} m "
            f"{_num(cx + r)} {_num(cy + k)} {_num(cx + k)} {_num(cy + r)} {_num(cx)} {_num(cy + r)} c "
            f"{_num(cx - k)} {_num(cy + r)} {_num(cx - r)} {_num(cy + k)} {_num(cx - r)} {_num(cy)} c "
            f"{_num(cx - r)} {_num(cy - k)} {_num(cx - k)} {_num(cy - r)} {_num(cx)} {_num(cy - r)} c "
            f"{_num(cx + k)} {_num(cy - r)} {_num(cx + r)} {_num(cy - k)} {_num(cx + r)} {_num(cy)} c f Q")


#: One handler per field type: ``(writer, canvas, form_field, rect, option)``.
HANDLERS = {
    "text": FieldWriter._text,
    "textarea": FieldWriter._textarea,
    "checkbox": FieldWriter._checkbox,
    "choice": FieldWriter._choice,
}
