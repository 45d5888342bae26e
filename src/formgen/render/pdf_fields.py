"""AcroForm widgets for reportlab documents: the PDF side of the field types.

formgen writes the field dictionaries itself instead of using
``reportlab.pdfbase.acroform``: that module knows only the standard-14
fonts (no ``Ş``, ``ł``, ``ı``), caps text at 100 characters and marks
checkboxes and radios required. Every widget here carries an appearance
for each of its states, so a viewer that never redraws fields still shows
the values, and ``/NeedAppearances`` stays unset (with it, pdf.js saves
no appearances at all).
"""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFStream

from reportlab.lib import colors

from ..names import CHECKBOX_ON, COPY_FIELD, IDENTITY_FIELD, OFF  # noqa: F401 (re-exported)
from .pdf_appearance import (EMPTY_TEXT, TEXT_SIZE, TEXTAREA_SIZE,  # noqa: F401 (re-exported)
                             _check_mark, _dot, text_appearance_ops)
from .pdf_font import DRAWN_NAME, RESOURCE_NAME, field_font
from .pdf_objects import Captured, Raw, _literal, _name, _num, text_string  # noqa: F401

# Field flags (PDF 32000-1, tables 226, 228, 230)
FF_READ_ONLY = 1
FF_MULTILINE = 1 << 12
FF_RADIO = 1 << 15
FF_COMBO = 1 << 17
FF_DO_NOT_SPELL_CHECK = 1 << 22
FF_COMB = 1 << 24
# Annotation flags (table 165)
F_HIDDEN = 2
F_PRINT = 4


class FieldWriter:
    """Collects the AcroForm of one document while the plan is drawn.

    Field types (:mod:`formgen.fields`) call the widget builders below from
    their ``pdf_widget`` hook, in reading order, which becomes the tab
    order; the renderer calls :meth:`finish` once at the end. ``values``
    are the checked prefill values (field id -> value), ``locked`` names
    fields to make read-only.
    """

    def __init__(self, form, values: dict | None = None, locked=(), copy: str | None = None):
        self.form = form
        self.copy = copy
        self.values = values or {}
        self.locked = set(locked)
        self.words = form.words()
        self.font = field_font()
        self.fields: list = []
        #: field id -> what a prefill needs: the widget (or the group and its
        #: kids by option value) as :class:`Captured`, and the widget size.
        self.slots: dict[str, dict] = {}
        #: field id -> [(page number, option value or None, rect, cell box)] as
        #: drawn: where each slot of the layout plan landed on paper, and the
        #: inner box of the cell that holds it (for a scan reader, and tests).
        self.placed: dict[str, list] = {}
        self._radios: dict[str, PDFDictionary] = {}
        self._streams: dict = {}
        self._doc = None
        #: Tagging (see .pdf_tags): the structure element the next widgets
        #: belong to, and the text a screen reader says for them.
        self.tagger = None
        self.tag_parent = None
        self.tag_alt = None

    # -- entry points ------------------------------------------------------
    def place(self, canv, ff, slot, rect, box=None) -> None:
        """Draw slot ``slot`` of field ``ff`` at ``rect`` = (x0, y0, x1, y1)
        inside the cell box ``box``."""
        self._doc = canv._doc
        self.placed.setdefault(ff.id, []).append((canv.getPageNumber(), slot.option, rect, box))
        self.tag_alt = ff.spec.slot_alt(ff, slot.option)
        ff.spec.pdf_widget(self, canv, ff, slot, rect, self.values.get(ff.id))

    def drawn_font_number(self) -> int:
        """The object number of the font formgen draws text with (after the
        document was written)."""
        ref = self._doc._formgen_drawn_font
        return self._doc.idToObjectNumberAndVersion[ref.name][0]

    def finish(self, canv) -> None:
        doc = canv._doc
        self._doc = doc
        helv = PDFDictionary({"Type": _name("Font"), "Subtype": _name("Type1"),
                              "BaseFont": _name("Helvetica"),
                              "Encoding": _name("WinAnsiEncoding")})
        zadb = PDFDictionary({"Type": _name("Font"), "Subtype": _name("Type1"),
                              "BaseFont": _name("ZapfDingbats")})
        fonts = PDFDictionary({"Helv": doc.Reference(helv), "ZaDb": doc.Reference(zadb),
                               RESOURCE_NAME: self.font.reference(doc),
                               DRAWN_NAME: self.font.drawn_reference(doc)})
        doc._catalog.AcroForm = PDFDictionary({
            "Fields": PDFArray(self.fields),
            "DR": PDFDictionary({"Font": fonts}),
            "DA": Raw(b"(/Helv 0 Tf 0 g)"),
        })

    # -- printed outlines ------------------------------------------------------
    def outline(self, canv, rect, shape: str) -> None:
        """The printed outline of a slot, drawn in the page content."""
        x0, y0, x1, y1 = rect
        w, h = x1 - x0, y1 - y0
        # No saveState here: the caller (Slots.draw) saves and restores
        # the graphics state once around all slots of a cell.
        canv.setStrokeColor(colors.black)
        canv.setLineWidth(0.6)
        if shape == "circle":
            canv.circle(x0 + w / 2, y0 + h / 2, min(w, h) / 2 - 0.3)
        elif shape == "signature":
            canv.setLineWidth(0.5)
            canv.setStrokeColor(colors.Color(0.35, 0.35, 0.35))
            canv.rect(x0, y0, w, h, stroke=1, fill=0)
            canv.setStrokeColor(colors.black)
            canv.line(x0 + 6, y0 + 9, x1 - 6, y0 + 9)
        else:
            canv.setFillColor(colors.Color(0.96, 0.96, 0.96) if shape in ("text", "combo")
                              else colors.white)
            canv.rect(x0, y0, w, h, stroke=1, fill=1)
            if shape == "combo":        # a printed arrow: this is a list
                canv.setFillColor(colors.Color(0.3, 0.3, 0.3))
                cx, cy = x1 - 7, y0 + h / 2
                path = canv.beginPath()
                path.moveTo(cx - 3.2, cy + 1.8)
                path.lineTo(cx + 3.2, cy + 1.8)
                path.lineTo(cx, cy - 2.2)
                path.close()
                canv.drawPath(path, stroke=0, fill=1)

    def option_label(self, canv, rect, slot) -> None:
        """An option's label to the right of its box."""
        from ..layout import OPTION_SIZE, SANS
        x0, y0, x1, y1 = rect
        canv.saveState()
        canv.setFillColor(colors.black)       # a box's outline leaves its fill colour set
        canv.setFont(SANS, OPTION_SIZE)
        canv.drawString(x0 + (slot.label_x - slot.x), y0 + (y1 - y0) / 2 - OPTION_SIZE * 0.35,
                        slot.label)
        canv.restoreState()

    # -- shared pieces -------------------------------------------------------
    def _flags(self, ff, extra=0) -> int:
        return extra | (FF_READ_ONLY if ff.id in self.locked else 0)

    def _widget(self, canv, rect, entries: dict) -> PDFDictionary:
        d = {"Type": _name("Annot"), "Subtype": _name("Widget"),
             "Rect": PDFArray([_num(v) for v in rect]), "F": F_PRINT}
        d.update(entries)
        annot = Captured(d)
        canv._addAnnotation(annot)
        if self.tagger is not None and self.tag_parent is not None:
            self.tagger.widget(canv, self.tag_parent, annot, self.tag_alt)
        return annot

    def _field(self, ff, entries: dict) -> dict:
        return {"T": text_string(ff.id), "TU": text_string(ff.tooltip), **entries}

    def _stream(self, key, width, height, content, font=False):
        """A form XObject, shared by every widget with the same key;
        ``content`` is the operators, or a function of (width, height) that
        makes them, called only when no stream of that key exists yet."""
        key = (key, round(width, 2), round(height, 2))
        if key[0] is not None and key in self._streams:
            return self._streams[key]
        if callable(content):
            content = content(width, height)
        res = {}
        if font:
            res["Font"] = PDFDictionary({DRAWN_NAME: self.font.drawn_reference(self._doc)})
        stream = PDFStream(PDFDictionary({
            "Type": _name("XObject"), "Subtype": _name("Form"),
            "BBox": PDFArray([0, 0, _num(width), _num(height)]),
            "Resources": PDFDictionary(res)}), content.encode("latin-1"))
        ref = self._doc.Reference(stream)
        if key[0] is not None:
            self._streams[key] = ref
        return ref

    # -- text ----------------------------------------------------------------
    def text_appearance(self, value: str, width: float, height: float, multiline: bool,
                        hint: str = "", comb: int = 0):
        if not value:
            if hint:
                ops = text_appearance_ops(self.font, hint, width, height, multiline, grey=True)
                return self._stream(("hint", hint, multiline), width, height, ops, font=True)
            return self._stream("tx-empty", width, height, EMPTY_TEXT)
        ops = text_appearance_ops(self.font, value, width, height, multiline, comb=comb)
        return self._stream(None, width, height, ops, font=True)

    def text_field(self, canv, ff, rect, value: str, multiline=False, max_length=None,
                   hint: str = "", comb: int = 0) -> None:
        """A text field (``/FT /Tx``) with an appearance of ``value`` (or the grey
        hint); ``comb``: that many characters, one in each of as many equal
        cells (``/MaxLen`` and the comb flag: readers space what is typed)."""
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        size = TEXTAREA_SIZE if multiline else TEXT_SIZE
        entries = self._field(ff, {
            "FT": _name("Tx"),
            "Ff": self._flags(ff, (FF_MULTILINE if multiline else 0) | (FF_COMB if comb else 0)),
            "DA": Raw(f"(/{RESOURCE_NAME} {size} Tf 0 g)"), "Q": 0,
            "MK": PDFDictionary({}),
            "AP": PDFDictionary({"N": self.text_appearance(value, w, h, multiline, hint, comb)}),
        })
        if value:
            entries["V"] = text_string(value)
        if max_length or comb:
            entries["MaxLen"] = comb or max_length
        widget = self._widget(canv, rect, entries)
        self.slots[ff.id] = {"widget": widget, "size": (w, h), "multiline": multiline,
                             "comb": comb}
        self.fields.append(canv._doc.Reference(widget))

    # -- checkbox --------------------------------------------------------------
    def checkbox_field(self, canv, ff, rect, on: bool) -> None:
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        state = CHECKBOX_ON if on else OFF
        entries = self._field(ff, {
            "FT": _name("Btn"),
            "Ff": self._flags(ff), "V": _name(state), "AS": _name(state),
            "DA": Raw(b"(/ZaDb 0 Tf 0 g)"), "MK": PDFDictionary({"CA": Raw(b"(4)")}),
            "AP": PDFDictionary({"N": PDFDictionary({
                CHECKBOX_ON: self._stream("check-on", w, h, _check_mark),
                OFF: self._stream("off", w, h, "")})}),
        })
        widget = self._widget(canv, rect, entries)
        self.slots[ff.id] = {"widget": widget}
        self.fields.append(canv._doc.Reference(widget))

    def checkbox_kid(self, canv, ff, rect, option: str, on: bool) -> None:
        """One box of a field whose options are ticked each on its own: a
        checkbox field ``option`` under the field ``ff.id`` (its full name
        ``<id>.<option>``, as every reader reports it); the parent is made
        with the first box."""
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        doc = canv._doc
        group = self.slots.get(ff.id)
        if group is None:
            parent = Captured({"T": text_string(ff.id), "TU": text_string(ff.tooltip),
                               "Kids": PDFArray([])})
            group = self.slots[ff.id] = {"parent": parent, "boxes": {}}
            self.fields.append(doc.Reference(parent))
        parent = group["parent"]
        state = CHECKBOX_ON if on else OFF
        kid = self._widget(canv, rect, {
            "Parent": doc.Reference(parent), "T": text_string(option),
            "TU": text_string(self.tag_alt or ff.tooltip),
            "FT": _name("Btn"), "Ff": self._flags(ff), "V": _name(state), "AS": _name(state),
            "DA": Raw(b"(/ZaDb 0 Tf 0 g)"), "MK": PDFDictionary({"CA": Raw(b"(4)")}),
            "AP": PDFDictionary({"N": PDFDictionary({
                CHECKBOX_ON: self._stream("check-on", w, h, _check_mark),
                OFF: self._stream("off", w, h, "")})}),
        })
        parent.dict["Kids"].sequence.append(doc.Reference(kid))
        group["boxes"][option] = kid

    # -- radio buttons -----------------------------------------------------------
    def radio_kid(self, canv, ff, rect, option: str, chosen) -> None:
        """One answer of a radio group; the group is made with its first answer."""
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        doc = canv._doc
        parent = self._radios.get(ff.id)
        if parent is None:
            parent = Captured(self._field(ff, {
                "FT": _name("Btn"), "Ff": self._flags(ff, FF_RADIO), "Kids": PDFArray([]),
                "V": _name(chosen if chosen else OFF),
            }))
            self._radios[ff.id] = parent
            self.slots[ff.id] = {"parent": parent, "kids": {}}
            self.fields.append(doc.Reference(parent))
        state = option if chosen == option else OFF
        kid = self._widget(canv, rect, {
            "Parent": doc.Reference(parent), "AS": _name(state),
            "DA": Raw(b"(/ZaDb 0 Tf 0 g)"), "MK": PDFDictionary({"CA": Raw(b"(l)")}),
            "AP": PDFDictionary({"N": PDFDictionary({
                option: self._stream("dot-on", w, h, _dot),
                OFF: self._stream("off", w, h, "")})}),
        })
        parent.dict["Kids"].sequence.append(doc.Reference(kid))
        self.slots[ff.id]["kids"][option] = kid

    # -- combo box -----------------------------------------------------------------
    def combo_field(self, canv, ff, rect, options: list[tuple[str, str]], chosen) -> None:
        """A combo box (``/FT /Ch``) whose ``/Opt`` pairs export values with shown text."""
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        shown = dict(options).get(chosen, "") if chosen else ""
        entries = self._field(ff, {
            "FT": _name("Ch"), "Ff": self._flags(ff, FF_COMBO),
            "Opt": PDFArray([PDFArray([text_string(v), text_string(t)]) for v, t in options]),
            "DA": Raw(f"(/{RESOURCE_NAME} {TEXT_SIZE} Tf 0 g)"),
            "MK": PDFDictionary({}),
            "AP": PDFDictionary({"N": self.text_appearance(shown, w - 14, h, False)}),
        })
        if chosen:
            entries["V"] = text_string(chosen)
            entries["I"] = PDFArray([[v for v, _ in options].index(chosen)])
        widget = self._widget(canv, rect, entries)
        self.slots[ff.id] = {"widget": widget, "size": (w - 14, h)}
        self.fields.append(canv._doc.Reference(widget))

    # -- signature -------------------------------------------------------------------
    def signature_field(self, canv, ff, rect) -> None:
        """An empty signature field (``/FT /Sig``): readers that sign can sign it."""
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        entries = self._field(ff, {
            "FT": _name("Sig"), "Ff": self._flags(ff),
            "AP": PDFDictionary({"N": self._stream("sig-empty", w, h, "")}),
        })
        widget = self._widget(canv, rect, entries)
        self.slots[ff.id] = {"widget": widget}
        self.fields.append(canv._doc.Reference(widget))

    # -- identity ------------------------------------------------------------------
    def identity(self, canv) -> None:
        """Add the hidden, read-only identity field to the current page."""
        self._doc = canv._doc
        entries = {
            "FT": _name("Tx"), "T": text_string(IDENTITY_FIELD),
            "TU": text_string("formgen form identity"), "Ff": FF_READ_ONLY,
            "V": text_string(self.form.identity), "DA": Raw(b"(/Helv 0 Tf 0 g)"),
            "F": F_HIDDEN,
            "AP": PDFDictionary({"N": self._stream("tx-empty", 0, 0, EMPTY_TEXT)}),
        }
        annot = self._widget(canv, (0, 0, 0, 0), entries)
        self.fields.append(canv._doc.Reference(annot))
        # A prefilled copy's own id and class-list columns (empty on a blank form).
        entries = {
            "FT": _name("Tx"), "T": text_string(COPY_FIELD),
            "TU": text_string("formgen copy"), "Ff": FF_READ_ONLY,
            "DA": Raw(b"(/Helv 0 Tf 0 g)"), "F": F_HIDDEN,
            "AP": PDFDictionary({"N": self._stream("tx-empty", 0, 0, EMPTY_TEXT)}),
        }
        if self.copy:
            entries["V"] = text_string(self.copy)
        annot = self._widget(canv, (0, 0, 0, 0), entries)
        self.slots[COPY_FIELD] = {"widget": annot}
        self.fields.append(canv._doc.Reference(annot))
