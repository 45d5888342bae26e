"""Raw field values out of a filled PDF, robust to how readers rewrite forms.

This is the PDF half of reading returned forms: it yields what the file
says, keyed by fully qualified field name, without knowing any form. The
mapping to a form's field ids, validation and the batch report build on it.

Values come from each field's ``/V`` *and* from its widgets' ``/AS``,
walking every page's widget annotations, because readers disagree on where
the truth is: Apple Preview saves a chosen radio button as a detached
widget with its own ``/T`` and ``/V`` while the group's ``/V`` stays stale.
Any on-state name counts as on. Incremental updates resolve to the latest
revision; PDFDocEncoding and UTF-16 strings are decoded; line breaks are
normalised to ``\\n``.

Objects are read by the narrow parser in :mod:`.pdf_fast`. A file it does
not handle (damaged, encrypted, unusual filters) goes through pypdf once:
pypdf reports encryption and damage, or repairs the file into plain bytes
that the narrow parser then reads. One walk of the fields serves both.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReadError
from ..names import IDENTITY_FIELD, find_identity
from .pdf_fast import Document, Name, Unsupported, text

_PARSE_ERRORS = (Unsupported, ValueError, KeyError, TypeError, IndexError, AttributeError,
                 zlib.error, RecursionError, UnicodeDecodeError)


@dataclass
class RawField:
    """One field as the file has it: ``kind`` is ``text``, ``button``,
    ``choice`` or ``signature`` (see ``FieldType.raw_kind``)."""

    name: str
    kind: str
    value: object = None              # text, choice: str; button: set of on-states; signature: bool
    widgets: int = 0


@dataclass
class RawForm:
    fields: dict[str, RawField] = field(default_factory=dict)
    identity: str | None = None       # "id|version|hash" from the hidden field or metadata


def read_pdf_fields(path: str | Path) -> RawForm:
    """Every field of a filled PDF, by full name. Raises :class:`ReadError`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read the file ({e.strerror})", where=str(path)) from None
    try:
        return _fields(Document(data))
    except _PARSE_ERRORS:
        pass
    repaired = _repair_with_pypdf(data, path)
    try:
        return _fields(Document(repaired))
    except _PARSE_ERRORS as e:
        raise ReadError(f"not a readable PDF ({type(e).__name__}: {e})", where=str(path),
                        code="corrupt", fix="ask the sender to save the form again") from None


def _repair_with_pypdf(data: bytes, path: Path) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import LimitReachedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ReadError("the file is encrypted", where=str(path), code="encrypted",
                            fix="ask the sender for a copy without a password")
        out = io.BytesIO()
        PdfWriter(clone_from=reader).write(out)
        return out.getvalue()
    except ReadError:
        raise
    except (PdfReadError, LimitReachedError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OSError, zlib.error) as e:
        unsafe = isinstance(e, LimitReachedError)
        raise ReadError(f"not a readable PDF ({type(e).__name__}: {e})", where=str(path),
                        code="unsafe" if unsafe else "corrupt",
                        fix="ask the sender to save the form again and resend it") from None


def _fields(doc: Document) -> RawForm:
    out = RawForm()
    root = doc.resolve(doc.trailer.get("Root"))
    if not isinstance(root, dict):
        raise Unsupported("no catalog")
    for page in _pages(doc, doc.resolve(root.get("Pages"))):
        for ref in doc.resolve(page.get("Annots")) or []:
            annot = doc.resolve(ref)
            if not isinstance(annot, dict) or annot.get("Subtype") != "Widget":
                continue
            name = _full_name(doc, annot)
            if name is None:
                continue
            kind = _KINDS.get(str(doc.resolve(_inherited(doc, annot, "FT"))), "button")
            raw = out.fields.get(name)
            if raw is None:
                raw = out.fields[name] = RawField(name, kind, set() if kind == "button" else "")
            raw.widgets += 1
            if kind in ("text", "choice"):
                raw.value = _text(_first(doc, doc.resolve(_inherited(doc, annot, "V"))))
            elif kind == "signature":
                raw.value = isinstance(doc.resolve(_inherited(doc, annot, "V")), dict)
            else:
                for candidate in (annot.get("AS"), annot.get("V") if "T" in annot else None):
                    state = _on(doc.resolve(candidate))
                    if state:
                        raw.value.add(state)
    _add_group_values(doc, root, out)
    ident = out.fields.pop(IDENTITY_FIELD, None)
    own = ident.value if ident is not None and isinstance(ident.value, str) else None
    out.identity = find_identity(own) or _identity_from_info(doc)
    return out


#: /FT -> the raw kind the field types read (see formgen.fields.base.FieldType.raw_kind)
_KINDS = {"Tx": "text", "Btn": "button", "Ch": "choice", "Sig": "signature"}


def _first(doc: Document, value):
    """A choice field's /V may be an array of chosen values: take the first."""
    if isinstance(value, list):
        return doc.resolve(value[0]) if value else None
    return value


def _pages(doc: Document, node, depth: int = 0):
    if not isinstance(node, dict) or depth > 64:
        return
    kids = doc.resolve(node.get("Kids"))
    if node.get("Type") == "Pages" or (kids and node.get("Type") != "Page"):
        for kid in kids or []:
            yield from _pages(doc, doc.resolve(kid), depth + 1)
    else:
        yield node


def _full_name(doc: Document, obj) -> str | None:
    parts = []
    for _ in range(64):
        if "T" in obj:
            parts.append(text(doc.resolve(obj["T"])))
        parent = doc.resolve(obj.get("Parent"))
        if not isinstance(parent, dict):
            break
        obj = parent
    return ".".join(reversed(parts)) if parts else None


def _inherited(doc: Document, obj, key):
    for _ in range(64):
        if key in obj:
            return obj[key]
        parent = doc.resolve(obj.get("Parent"))
        if not isinstance(parent, dict):
            return None
        obj = parent
    return None


def _text(value) -> str:
    if value is None:
        return ""
    return text(value).replace("\r\n", "\n").replace("\r", "\n")


def _on(value) -> str | None:
    if isinstance(value, Name) and value not in ("Off", ""):
        return str(value)
    return None


def _add_group_values(doc: Document, root: dict, out: RawForm) -> None:
    """A radio group whose widgets all show Off may still carry a ``/V``
    naming one of its states: take it then (a checkbox never needs this)."""
    acro = doc.resolve(root.get("AcroForm"))
    if not isinstance(acro, dict):
        return
    stack = [doc.resolve(f) for f in doc.resolve(acro.get("Fields")) or []]
    seen = 0
    while stack and seen < 100_000:
        seen += 1
        obj = stack.pop()
        if not isinstance(obj, dict):
            continue
        kids = doc.resolve(obj.get("Kids")) or []
        stack += [doc.resolve(k) for k in kids]
        name = _full_name(doc, obj) if kids else None
        raw = out.fields.get(name) if name else None
        if raw is not None and raw.kind == "button" and not raw.value:
            state = _on(doc.resolve(obj.get("V")))
            if state and state in _kid_states(doc, kids):
                raw.value.add(state)


def _kid_states(doc: Document, kids) -> set[str]:
    states = set()
    for kid in kids:
        ap = doc.resolve(doc.resolve(kid).get("AP")) or {}
        normal = doc.resolve(ap.get("N")) if isinstance(ap, dict) else None
        if isinstance(normal, dict):
            states |= {k for k in normal if k != "Off"}
    return states


def _identity_from_info(doc: Document) -> str | None:
    info = doc.resolve(doc.trailer.get("Info"))
    keywords = text(doc.resolve(info.get("Keywords"))) if isinstance(info, dict) else ""
    return find_identity(keywords)
