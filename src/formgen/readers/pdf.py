"""Raw field values out of a filled PDF, robust to how readers rewrite forms.

This is the PDF half of reading returned forms: it yields what the file
says, keyed by fully qualified field name, without knowing any form. The
mapping to a form's field ids, validation and the batch report build on it.

Values come from each field's ``/V`` *and* from its widgets' ``/AS``,
walking every page's widget annotations, because readers disagree on where
the truth is: Apple Preview saves a chosen radio button as a detached
widget with its own ``/T`` and ``/V`` while the group's ``/V`` stays stale.
Any on-state name counts as on. pypdf resolves incremental updates to the
latest revision and decodes PDFDocEncoding and UTF-16 strings; line breaks
are normalised to ``\\n``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PdfReadError
from pypdf.generic import NameObject

from ..errors import ReadError
from ..render.pdf_fields import IDENTITY_FIELD


@dataclass
class RawField:
    """One field as the file has it: ``kind`` is ``text`` or ``button``."""

    name: str
    kind: str
    value: object = None              # text: str; button: set of on-state names
    widgets: int = 0


@dataclass
class RawForm:
    fields: dict[str, RawField] = field(default_factory=dict)
    identity: str | None = None       # "id|version|hash" from the hidden field or metadata


def _full_name(obj) -> str | None:
    parts = []
    seen = set()
    while obj is not None and id(obj) not in seen:
        seen.add(id(obj))
        if "/T" in obj:
            parts.append(str(obj["/T"]))
        parent = obj.get("/Parent")
        obj = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts)) if parts else None


def _inherited(obj, key):
    seen = set()
    while obj is not None and id(obj) not in seen:
        seen.add(id(obj))
        if key in obj:
            return obj[key]
        parent = obj.get("/Parent")
        obj = parent.get_object() if parent is not None else None
    return None


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _on(value) -> str | None:
    if isinstance(value, NameObject) and value not in ("/Off", "/"):
        return str(value)[1:]
    return None


def read_pdf_fields(path: str | Path) -> RawForm:
    """Every field of a filled PDF, by full name. Raises :class:`ReadError`."""
    path = Path(path)
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            raise ReadError("the file is encrypted", where=str(path), code="encrypted",
                            fix="ask the sender for a copy without a password")
        out = RawForm()
        for page in reader.pages:
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                if annot.get("/Subtype") != "/Widget":
                    continue
                name = _full_name(annot)
                if name is None:
                    continue
                kind = "text" if _inherited(annot, "/FT") == "/Tx" else "button"
                raw = out.fields.get(name)
                if raw is None:
                    raw = out.fields[name] = RawField(name, kind, "" if kind == "text" else set())
                raw.widgets += 1
                if kind == "text":
                    raw.value = _text(_inherited(annot, "/V"))
                else:
                    for candidate in (annot.get("/AS"), annot.get("/V") if "/T" in annot else None):
                        state = _on(candidate)
                        if state:
                            raw.value.add(state)
        _add_field_values(reader, out)
        ident = out.fields.pop(IDENTITY_FIELD, None)
        out.identity = (ident.value if ident and ident.value else None) or _identity_from_metadata(reader)
        return out
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, LimitReachedError) as e:
        unsafe = isinstance(e, LimitReachedError)
        raise ReadError(f"not a readable PDF ({type(e).__name__}: {e})", where=str(path),
                        code="unsafe" if unsafe else "corrupt",
                        fix="ask the sender to save the form again and resend it") from None


def _add_field_values(reader, out: RawForm) -> None:
    """Radio groups whose widgets all show Off may still carry a ``/V``; a
    checkbox never does without its widget, so only groups need this pass."""
    root = reader.trailer["/Root"]
    acro = root.get("/AcroForm")
    if acro is None:
        return
    stack = [(f.get_object()) for f in acro.get_object().get("/Fields") or []]
    while stack:
        obj = stack.pop()
        kids = obj.get("/Kids")
        if kids:
            stack += [k.get_object() for k in kids]
        name = _full_name(obj)
        raw = out.fields.get(name) if name else None
        if raw is not None and raw.kind == "button" and not raw.value and "/Kids" in obj:
            state = _on(obj.get("/V"))
            states = _widget_states(obj)
            if state and state in states:
                raw.value.add(state)


def _widget_states(obj) -> set[str]:
    states = set()
    for kid in obj.get("/Kids") or []:
        ap = kid.get_object().get("/AP")
        normal = ap.get_object().get("/N") if ap is not None else None
        if normal is not None and hasattr(normal.get_object(), "keys"):
            states |= {str(k)[1:] for k in normal.get_object().keys() if k != "/Off"}
    return states


def _identity_from_metadata(reader) -> str | None:
    keywords = (reader.metadata or {}).get("/Keywords") or ""
    for word in str(keywords).split():
        if word.count("|") == 2:
            return word
    return None
