"""Raw field values out of a filled PDF, read with pypdf and nothing else.

This is the PDF half of reading returned forms: it yields what the file
says, keyed by fully qualified field name, without knowing any form; the
field types (:mod:`formgen.fields`) decide what a raw value means.

One parser: pypdf, used through a narrow walk of only the objects a form
needs (the page tree, each page's widget annotations and their ``/Parent``
chains, the AcroForm's radio groups, the identity). Every walk keeps a set
of the objects it has visited and a cap on how many it visits, so a file
whose page tree or field tree lists itself ends. pypdf's own limits stay in
force (decompression, declared stream lengths), and its non-strict mode
repairs what real readers repair.

Values, as the PDF specification has them:

- a text field's ``/V`` (inherited from its parents), a string or a text
  stream; line breaks become ``\\n``;
- a button's on-states from each widget's ``/AS``; a widget's own ``/V``
  (Apple Preview detaches the chosen radio widget and gives it ``/T`` and
  ``/V``) counts only where the widget has no ``/AS``;
- a radio group whose widgets all show Off, but whose ``/V`` names one of
  their states, has that state;
- a choice field's ``/V`` (the first, for a list of several);
- a signature field is signed when its ``/V`` is a signature dictionary.

One mend before parsing, for files real readers open and pypdf refuses:
PDFium (Chrome, Edge) writes the cross-reference stream of an incremental
update without ``/Type /XRef`` (see :func:`mend_pdfium_xref`).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from pypdf.generic import (ByteStringObject, DictionaryObject, IndirectObject, NameObject,
                           StreamObject, TextStringObject)

from ..errors import ReadError
from ..names import IDENTITY_FIELD, find_identity

#: The most objects one walk visits (fields, widgets, pages): a file with
#: more is not a form formgen made, and is refused rather than walked.
MAX_OBJECTS = 50_000
#: The longest /Parent chain followed.
MAX_DEPTH = 32

#: /FT -> the raw kind the field types read (see FieldType.raw_kind)
_KINDS = {"/Tx": "text", "/Btn": "button", "/Ch": "choice", "/Sig": "signature"}

# pypdf reports what it repairs through logging; a batch of returned files
# must not print hundreds of those lines. The records still reach any
# handler an application configures.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


@dataclass
class RawField:
    """One field as the file has it: ``kind`` is ``text``, ``button``,
    ``choice`` or ``signature`` (see ``FieldType.raw_kind``)."""

    name: str
    kind: str
    value: object = None     # text, choice: str; button: set of on-states; signature: bool
    widgets: int = 0


@dataclass
class RawForm:
    fields: dict[str, RawField] = field(default_factory=dict)
    identity: str | None = None       # "id|version|hash" from the hidden field or metadata


class TooComplex(Exception):
    """The file has more objects than a form: refused."""


def read_pdf_fields(path: str | Path, data: bytes | None = None) -> RawForm:
    """Every field of a filled PDF, by full name. Raises :class:`ReadError`."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError

    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ReadError(f"cannot read the file ({e.strerror})", where=str(path)) from None
    try:
        reader = PdfReader(io.BytesIO(mend_pdfium_xref(data)), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("the file needs a password to open", where=str(path),
                            code="encrypted", fix="ask the sender for a copy without a password")
        return _fields(reader)
    except ReadError:
        raise
    except (LimitReachedError, TooComplex, MemoryError) as e:
        raise ReadError(f"refused: {type(e).__name__}: {e}", where=str(path), code="unsafe",
                        fix="ask the sender to save the form again and resend it") from None
    except FileNotDecryptedError:
        raise ReadError("the file needs a password to open", where=str(path), code="encrypted",
                        fix="ask the sender for a copy without a password") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, UnicodeError, NotImplementedError, AssertionError) as e:
        raise ReadError(f"not a readable PDF ({type(e).__name__}: {e})", where=str(path),
                        code="corrupt", fix="ask the sender to save the form again") from None


# -- the one mend --------------------------------------------------------------------

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_OBJ = re.compile(rb"\d+\s+\d+\s+obj\s*<<")


def mend_pdfium_xref(data: bytes) -> bytes:
    """Add ``/Type /XRef`` to the last cross-reference stream when it lacks it.

    PDFium (Chrome and Edge save forms with it) writes the cross-reference
    stream of an incremental update without ``/Type /XRef``; qpdf, pdf.js and
    MuPDF read such a file, pypdf refuses it. Only the last section is
    mended: the stream that the final ``startxref`` points at, with ``/W`` and
    no ``/Type``, followed by nothing but ``startxref`` and ``%%EOF``. The
    name is inserted inside its dictionary, so no offset before it moves
    and nothing after it is an object."""
    tail = data[-64:]
    m = _STARTXREF.search(tail)
    if not m:
        return data
    at = int(m.group(1))
    if at >= len(data) or not _XREF_OBJ.match(data, at):
        return data
    dict_start = data.index(b"<<", at)
    stream_at = data.find(b"stream", dict_start)
    end = data.find(b"endstream", stream_at) if stream_at >= 0 else -1
    if end < 0 or data.find(b" obj", end) >= 0:   # another object after it: leave alone
        return data
    head = data[dict_start:stream_at]
    if b"/W" not in head or b"/Type" in head:
        return data
    return data[:dict_start + 2] + b"/Type/XRef " + data[dict_start + 2:]


# -- the narrow walk --------------------------------------------------------------------

class _Walk:
    """Resolves objects and counts them; ``seen`` keeps a walk from looping."""

    def __init__(self):
        self.count = 0

    def visit(self) -> None:
        self.count += 1
        if self.count > MAX_OBJECTS:
            raise TooComplex(f"more than {MAX_OBJECTS} objects to walk")


def _get(obj):
    """``obj`` resolved (an indirect reference to what it points at)."""
    for _ in range(MAX_DEPTH):
        if not isinstance(obj, IndirectObject):
            return obj
        obj = obj.get_object()
    return None


def _key(obj) -> tuple | None:
    ref = getattr(obj, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else None


def _is_dict(obj) -> bool:
    return isinstance(obj, DictionaryObject)


def _fields(reader) -> RawForm:
    walk = _Walk()
    out = RawForm()
    root = _get(reader.trailer.get("/Root"))
    if not _is_dict(root):
        raise KeyError("no document catalog")
    for page in _pages(walk, _get(root.get("/Pages"))):
        annots = _get(page.get("/Annots"))
        for ref in annots if isinstance(annots, list) else []:
            walk.visit()
            annot = _get(ref)
            if not _is_dict(annot) or _get(annot.get("/Subtype")) != "/Widget":
                continue
            _widget(walk, annot, out)
    _add_group_values(walk, root, out)
    ident = out.fields.pop(IDENTITY_FIELD, None)
    own = ident.value if ident is not None and isinstance(ident.value, str) else None
    out.identity = find_identity(own) or _identity_from_info(reader)
    return out


def _pages(walk: _Walk, node):
    """The page dictionaries of the tree under ``node``, each once."""
    seen: set = set()
    stack = [node]
    while stack:
        node = stack.pop()
        walk.visit()
        if not _is_dict(node):
            continue
        key = _key(node) or id(node)
        if key in seen:
            continue
        seen.add(key)
        kids = _get(node.get("/Kids"))
        if _get(node.get("/Type")) == "/Page" or not isinstance(kids, list):
            yield node
        else:
            stack.extend(_get(k) for k in reversed(kids))


def _chain(walk: _Walk, obj):
    """``obj`` and its /Parent ancestors, each once, at most MAX_DEPTH."""
    seen = set()
    for _ in range(MAX_DEPTH):
        walk.visit()
        if not _is_dict(obj):
            return
        key = _key(obj) or id(obj)
        if key in seen:
            return
        seen.add(key)
        yield obj
        obj = _get(obj.get("/Parent"))


def _full_name(walk: _Walk, obj) -> str | None:
    parts = [_text(_get(o["/T"])) for o in _chain(walk, obj) if "/T" in o]
    return ".".join(reversed(parts)) if parts else None


def _inherited(walk: _Walk, obj, key):
    for o in _chain(walk, obj):
        if key in o:
            return _get(o[key])
    return None


def _widget(walk: _Walk, annot, out: RawForm) -> None:
    name = _full_name(walk, annot)
    if name is None:
        return
    kind = _KINDS.get(str(_inherited(walk, annot, "/FT")), "button")
    raw = out.fields.get(name)
    if raw is None:
        raw = out.fields[name] = RawField(name, kind, set() if kind == "button" else "")
    elif raw.kind != kind:               # the same name as two kinds of widget
        return
    raw.widgets += 1
    value = _inherited(walk, annot, "/V")
    if kind in ("text", "choice"):
        if isinstance(value, list):
            value = _get(value[0]) if value else None
        text = _text(value)
        if text or not raw.value:
            raw.value = text
    elif kind == "signature":
        raw.value = raw.value or _is_dict(value)
    else:
        state = _get(annot.get("/AS")) if "/AS" in annot else _get(annot.get("/V"))
        if _on(state):
            raw.value.add(str(state)[1:])


def _text(value) -> str:
    """A PDF text string, or the text of a stream, as str with ``\\n`` line breaks."""
    from pypdf.generic import ByteStringObject, StreamObject, TextStringObject

    if isinstance(value, StreamObject):
        data = value.get_data()
        if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    elif isinstance(value, TextStringObject):
        text = str(value)
    elif isinstance(value, ByteStringObject):
        text = bytes(value).decode("latin-1")
    elif isinstance(value, str):
        text = str(value)
    else:
        return ""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _on(value) -> bool:
    return isinstance(value, NameObject) and value not in ("/Off", "/")


def _add_group_values(walk: _Walk, root, out: RawForm) -> None:
    """A radio group whose widgets all show Off may still carry a ``/V``
    naming one of its widgets' states: take it then (a checkbox never needs this)."""
    acro = _get(root.get("/AcroForm"))
    fields = _get(acro.get("/Fields")) if _is_dict(acro) else None
    if not isinstance(fields, list):
        return
    seen: set = set()
    stack = [_get(f) for f in fields]
    while stack:
        walk.visit()
        obj = stack.pop()
        if not _is_dict(obj):
            continue
        key = _key(obj) or id(obj)
        if key in seen:
            continue
        seen.add(key)
        kids = _get(obj.get("/Kids"))
        kids = [_get(k) for k in kids] if isinstance(kids, list) else []
        stack += kids
        if not kids or "/T" not in obj:
            continue
        raw = out.fields.get(_full_name(walk, obj) or "")
        if raw is None or raw.kind != "button" or raw.value:
            continue
        state = _get(obj.get("/V"))
        if _on(state) and str(state)[1:] in _kid_states(kids):
            raw.value.add(str(state)[1:])


def _kid_states(kids) -> set[str]:
    states = set()
    for kid in kids:
        ap = _get(kid.get("/AP")) if _is_dict(kid) else None
        normal = _get(ap.get("/N")) if _is_dict(ap) else None
        if _is_dict(normal):
            states |= {str(k)[1:] for k in normal if k != "/Off"}
    return states


def _identity_from_info(reader) -> str | None:
    info = _get(reader.trailer.get("/Info"))
    if not _is_dict(info):
        return None
    return find_identity(_text(_get(info.get("/Keywords"))))
