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
  their states, has that state (the group is found through its widgets'
  ``/Parent``, so the field tree is not walked a second time); a ``/V``
  that is a text rather than a name (pypdf writes one when a script gives
  it ``"G"``, and sets every widget Off) counts the same way, with a note
  for a person, since no reader shows it;
- a choice field's ``/V`` (the first, for a list of several);
- a signature field is signed when its ``/V`` is a signature dictionary.

Mends, for valid files that pypdf refuses or reads otherwise than the PDF
format (and qpdf, pdf.js, MuPDF): PDFium (Chrome, Edge) writes the
cross-reference stream of an incremental update without ``/Type /XRef``
(:func:`mend_pdfium_xref`); an object stream that lists an object twice
(:func:`mend_object_streams`); a NUL after a name and a comment inside a
reference (see the walk below).
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
from ..names import COPY_FIELD, IDENTITY_FIELD, find_identity

#: The most objects one walk visits (fields, widgets, pages): a file with
#: more is not a form formgen made, and is refused rather than walked.
MAX_OBJECTS = 50_000
#: The longest /Parent chain followed.
MAX_DEPTH = 32
#: The most bytes all the object streams of one file may unpack to. pypdf
#: limits each stream (see LIMITS) and keeps each one it has unpacked; a
#: form's object streams hold a few hundred KB, so a file with more is
#: refused before it fills a worker's memory (60 streams of 15 MB would).
MAX_OBJECT_STREAM_BYTES = 64_000_000

#: pypdf's limits, tightened for returned forms (a form's largest stream is a
#: font of about 100 KB): a stream may unpack to at most 16 MB, and all the
#: decoding of one stream may touch at most 64 MB. Applied through pypdf's
#: own configuration, for the reading of a file only.
LIMITS = {"zlib_maximum_output_length": 16_000_000,
          "maximum_declared_stream_length": 32_000_000,
          "stream_decoding_work_maximum_length": 64_000_000,
          "form_fields_maximum_entries": MAX_OBJECTS}

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
    #: A problem code about this field's value as the file has it (its
    #: text could not be decoded, say): the reader keeps the raw value.
    note: str | None = None


@dataclass
class RawForm:
    fields: dict[str, RawField] = field(default_factory=dict)
    identity: str | None = None       # "id|version|hash" from the hidden field or metadata
    #: What a person should know about how the file is written (problem codes).
    notes: set[str] = field(default_factory=set)
    #: A prefilled copy's data (see formgen.names.copy_text), if any.
    copy: str | None = None
    #: How many fields the file's form says it has (the AcroForm's /Fields):
    #: fields declared but no widget found is a damaged file, not a print.
    declared: int = 0


class _Ambiguity(logging.Handler):
    """Notes pypdf's report of a dictionary that defines a key twice: pypdf
    keeps the first value, pdf.js, PDFium and qpdf the last, so what the
    student saw is not certain."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record):
        if str(record.msg).startswith("Multiple definitions in dictionary"):
            self.seen = True


class TooComplex(Exception):
    """The file has more objects than a form: refused."""


#: pypdf's modes a file is read in, in turn, until one reads it: strict,
#: then repair. Strict mode trusts the cross-reference table and raises at
#: the first thing it would have to repair; repair mode first checks the
#: header of every object the table lists (a quarter of the time of reading
#: a form). Where both read a file they give the same answer (tested on
#: every file of the differential corpus), so repair mode runs only for the
#: files that need it.
MODES = (True, False)


def read_pdf_fields(path: str | Path, data: bytes | None = None, *,
                    modes: tuple[bool, ...] = MODES) -> RawForm:
    """Every field of a filled PDF, by full name. Raises :class:`ReadError`.

    ``modes``: pypdf's ``strict`` settings to try in turn (see :data:`MODES`)."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError

    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ReadError(f"cannot read the file ({e.strerror})", where=str(path)) from None
    ambiguity = _Ambiguity()
    logger = logging.getLogger("pypdf")
    logger.addHandler(ambiguity)
    data = mend_pdfium_xref(data)

    def walk(strict: bool) -> RawForm:
        reader = PdfReader(io.BytesIO(data), strict=strict)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("the file needs a password to open", where=str(path),
                            code="encrypted", fix="ask the sender for a copy without a password")
        mend_object_streams(reader)
        return _fields(reader)

    try:
        with apply_configuration(**LIMITS):
            for n, strict in enumerate(modes, 1):
                ambiguity.seen = False
                try:
                    out = walk(strict)
                    break
                except (ReadError, LimitReachedError, TooComplex, MemoryError,
                        FileNotDecryptedError):
                    raise             # the same in every mode: no second try
                except Exception:
                    if n == len(modes):
                        raise
        if ambiguity.seen:
            out.notes.add("ambiguous")
        return out
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
    finally:
        logger.removeHandler(ambiguity)


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


def mend_object_streams(reader) -> None:
    """Read an object that an object stream lists twice at the index the
    cross-reference stream names (as the PDF format and qpdf do), not at its
    first entry (as pypdf does). Only object streams that list a number twice
    are touched; the object is parsed by pypdf from the named entry and put
    in pypdf's cache before the walk asks for it.

    As this unpacks every object stream, it holds the file to
    :data:`MAX_OBJECT_STREAM_BYTES` (raising :class:`TooComplex`)."""
    from pypdf.generic import read_object

    by_stream: dict[int, list[tuple[int, int]]] = {}
    for number, (stream, index) in reader.xref_objStm.items():
        by_stream.setdefault(stream, []).append((number, index))
    unpacked = 0
    for stream, members in by_stream.items():
        try:
            obj = IndirectObject(stream, 0, reader).get_object()
            data = obj.get_data()
            unpacked += len(data)
            if unpacked > MAX_OBJECT_STREAM_BYTES:
                raise TooComplex(f"object streams unpack to more than "
                                 f"{MAX_OBJECT_STREAM_BYTES // 1_000_000} MB")
            count, first = int(obj["/N"]), int(obj["/First"])
            head = data[:first].split()
            pairs = [(int(head[2 * i]), int(head[2 * i + 1]))
                     for i in range(min(count, len(head) // 2, MAX_OBJECTS))]
        except (KeyError, ValueError, TypeError, AttributeError):
            continue                      # pypdf reports a broken stream when it is read
        numbers = [n for n, _ in pairs]
        if len(set(numbers)) == len(numbers):
            continue
        for number, index in members:
            if numbers.count(number) > 1 and 0 <= index < len(pairs):
                value = read_object(io.BytesIO(data[first + pairs[index][1]:]), reader)
                reader.cache_indirect_object(0, number, value)


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
