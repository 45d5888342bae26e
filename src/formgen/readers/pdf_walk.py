"""The narrow walk of a PDF's form: pages, widgets and their fields, by
full name, counted and bounded, with the two mends pypdf's tokenizer needs."""

from __future__ import annotations

from pypdf.generic import (
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from ..names import COPY_FIELD, IDENTITY_FIELD, find_identity
from .raw import RawField, RawForm

#: The most objects one walk visits (fields, widgets, pages): a file with
#: more is not a form formgen made, and is refused rather than walked.
MAX_OBJECTS = 50_000
#: The longest /Parent chain followed.
MAX_DEPTH = 32
#: /FT -> the raw kind the field types read (see FieldType.raw_kind)
_KINDS = {"/Tx": "text", "/Btn": "button", "/Ch": "choice", "/Sig": "signature"}

class TooComplex(Exception):
    """The file has more objects than a form: refused."""


# -- the narrow walk --------------------------------------------------------------------
#
# Two semantic mends, where pypdf's tokenizer reads valid files otherwise
# than the specification (and qpdf, pdf.js, MuPDF):
# - NUL is white space, but pypdf keeps a NUL that follows a name as part of
#   the name ("/V\x00"): names are compared with trailing NULs removed;
# - a comment may stand inside "12 0 R", but pypdf then keeps only the 12:
#   where the form's structure requires an object (the page tree, widgets,
#   parents, fields), a whole number is taken as that object's number.

class _Walk:
    """Follows a file's objects, counting them (at most MAX_OBJECTS)."""

    def __init__(self, reader):
        self.reader = reader
        self.count = 0
        #: button field name -> the group's /V, and every widget of that name
        #: (the group's, and one Apple Preview detached from it)
        self.groups: dict[str, str | None] = {}
        self.buttons: dict[str, list] = {}
        self.cache: dict = {}

    def visit(self) -> None:
        self.count += 1
        if self.count > MAX_OBJECTS:
            raise TooComplex(f"more than {MAX_OBJECTS} objects to walk")

    def follow(self, value):
        """A structural link resolved: a reference, or a bare object number."""
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            got = self.cache.get(key, self)
            if got is self:
                got = self.cache[key] = _get(value)
            return got
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10_000_000:
            return _get(self.reader.get_object(int(value)))
        return value


def _get(obj):
    """``obj`` resolved (an indirect reference to what it points at)."""
    if not isinstance(obj, IndirectObject):
        return obj
    for _ in range(MAX_DEPTH):
        if not isinstance(obj, IndirectObject):
            return obj
        obj = obj.get_object()
    return None


def _entries(obj) -> dict:
    """A dictionary's entries by name (names without trailing NULs)."""
    if not isinstance(obj, DictionaryObject):
        return {}
    if "\x00" in "".join(obj):
        return {str(k).rstrip("\x00"): v for k, v in obj.items()}
    return obj


def _name(value) -> str | None:
    value = _get(value)
    return str(value).rstrip("\x00") if isinstance(value, NameObject) else None


def _key(obj) -> tuple | None:
    ref = getattr(obj, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else None


def _is_dict(obj) -> bool:
    return isinstance(obj, DictionaryObject)


def _fields(reader) -> RawForm:
    walk = _Walk(reader)
    out = RawForm()
    root = _entries(_get(reader.trailer.get("/Root")))
    if not root:
        raise KeyError("no document catalog")
    acroform = _entries(walk.follow(root.get("/AcroForm")))
    declared = walk.follow(acroform.get("/Fields")) if acroform else None
    out.declared = len(declared) if isinstance(declared, list) else 0
    for page in _pages(walk, walk.follow(root.get("/Pages"))):
        annots = walk.follow(_entries(page).get("/Annots"))
        for ref in annots if isinstance(annots, list) else []:
            walk.visit()
            annot = walk.follow(ref)
            if _name(_entries(annot).get("/Subtype")) == "/Widget":
                _widget(walk, annot, out)
    for name, value in walk.groups.items():
        kids = walk.buttons[name]
        # A radio group whose widgets all show Off may still carry a /V naming
        # one of its widgets' states: take it then (a checkbox never needs
        # this). Only then are the widgets' appearance states looked up.
        raw = out.fields[name]
        state = value[1:] if value else None
        if not raw.value and state not in (None, "Off", "") and state in _states(kids):
            raw.value.add(state)
            if value[0] == "(":        # a text, not a name: pypdf writes one when given "G"
                raw.note = "value_not_shown"
    copy = out.fields.pop(COPY_FIELD, None)
    out.copy = copy.value if copy is not None and isinstance(copy.value, str) else None
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
        entries = _entries(node)
        kids = walk.follow(entries.get("/Kids"))
        if _name(entries.get("/Type")) == "/Page" or not isinstance(kids, list):
            yield node
        else:
            stack.extend(walk.follow(k) for k in reversed(kids))


def _chain(walk: _Walk, obj) -> list:
    """The entries of ``obj`` and of its /Parent ancestors, each once, at most MAX_DEPTH."""
    chain: list = []
    seen = set()
    while isinstance(obj, DictionaryObject) and len(chain) < MAX_DEPTH:
        ref = getattr(obj, "indirect_reference", None)
        key = (ref.idnum, ref.generation) if ref is not None else id(obj)
        if key in seen:
            break
        seen.add(key)
        entries = _entries(obj)
        chain.append(entries)
        parent = entries.get("/Parent")
        if parent is None:
            break
        obj = walk.follow(parent)
    walk.count += len(chain)
    if walk.count > MAX_OBJECTS:
        raise TooComplex(f"more than {MAX_OBJECTS} objects to walk")
    return chain


def _full_name(chain: list) -> str | None:
    parts = [_text(_get(o["/T"])) for o in chain if "/T" in o]
    return ".".join(reversed(parts)) if parts else None


def _inherited(chain: list, key):
    for o in chain:
        if key in o:
            return _get(o[key])
    return None


def _widget(walk: _Walk, annot, out: RawForm) -> None:
    chain = _chain(walk, annot)
    name = _full_name(chain)
    if name is None:
        return
    kind = _KINDS.get(_name(_inherited(chain, "/FT")) or "", "button")
    raw = out.fields.get(name)
    if raw is None:
        raw = out.fields[name] = RawField(name, kind, set() if kind == "button" else "")
    elif raw.kind != kind:               # the same name as two kinds of widget
        return
    raw.widgets += 1
    value = _inherited(chain, "/V")
    if kind in ("text", "choice"):
        if isinstance(value, list):
            value = _get(value[0]) if value else None
        text = _text(value)
        if text or not raw.value:
            raw.value = text
        if text.startswith(_UNDECODED_UTF16):
            raw.note = "undecodable_text"
    elif kind == "signature":
        raw.value = raw.value or _is_dict(value)
    else:
        own = chain[0]
        state = _name(own.get("/AS")) if "/AS" in own else _name(own.get("/V"))
        if state not in (None, "/Off", "/"):
            raw.value.add(state[1:])
        walk.buttons.setdefault(name, []).append(own)
        if len(chain) > 1 and name not in walk.groups:    # a group's widget: its /V
            walk.groups[name] = _state(_inherited(chain[1:], "/V"))


def _state(value) -> str | None:
    """A group's /V as a state: ``/G`` for the name, ``(G`` for a text
    that says it (which no reader shows, so it is taken with a note)."""
    name = _name(value)
    if name is not None:
        return name
    text = _text(_get(value))
    return "(" + text if text else None


def _states(widgets) -> set[str]:
    """The on-states of ``widgets`` (the names of their normal appearances)."""
    states: set[str] = set()
    for own in widgets:
        normal = _entries(_get(_entries(_get(own.get("/AP"))).get("/N")))
        states.update(k[1:] for k in normal if k != "/Off")
    return states


#: How a UTF-16 text that could not be decoded (an odd length, a broken
#: surrogate) reads: its byte-order mark as PDFDocEncoding letters.
_UNDECODED_UTF16 = ("\u00fe\u00ff", "\u00ff\u00fe")


def _text(value) -> str:
    """A PDF text string, or the text of a stream, as str with ``\\n`` line breaks."""
    if type(value) is TextStringObject:          # the common case, first
        return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else str(value)
    if isinstance(value, StreamObject):
        data = value.get_data()
        if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
            try:
                text = data.decode("utf-16")
            except UnicodeDecodeError:
                text = data.decode("latin-1")      # kept as it stands, and noted
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


def _identity_from_info(reader) -> str | None:
    info = _entries(_get(reader.trailer.get("/Info")))
    return find_identity(_text(_get(info.get("/Keywords")))) if info else None
