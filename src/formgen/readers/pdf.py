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
from pathlib import Path

from pypdf.generic import (IndirectObject)

from ..errors import ReadError
from .pdf_walk import MAX_DEPTH, MAX_OBJECTS, TooComplex, _fields, _identity_from_info  # noqa: F401
from .raw import RawField, RawForm  # noqa: F401 (the raw readers share them)

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

# pypdf reports what it repairs through logging; a batch of returned files
# must not print hundreds of those lines. The records still reach any
# handler an application configures.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


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


