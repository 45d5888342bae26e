"""Turn one returned file into a :class:`Response`: identify the form, map
raw values to field ids, check them. Nothing in a file is executed; a file
that cannot be read is *rejected* with a reason, never raised past here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import ReadError
from ..names import parse_copy, parse_identity
from .entries import shown
from .response import Problem, Response, check as _check  # noqa: F401 - the names readers use

#: Default size cap per returned file.
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
#: A scan (an image, or a PDF of scanned pages) may be this many times larger.
SCAN_SIZE_FACTOR = 8
#: The most pages one scan file may have.
MAX_SCAN_PAGES = 2000
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


class FormSet:
    """The forms a batch may contain, by id and version."""

    def __init__(self, forms):
        self.forms = list(forms)
        self.by_id: dict[str, dict[str, object]] = {}
        for f in self.forms:
            self.by_id.setdefault(f.id, {})[f.version] = f
        self.language = self.forms[0].language if self.forms else "en"

    def get(self, form_id: str | None, version: str | None = None):
        """The form with that id and version, else that id's last loaded version."""
        versions = self.by_id.get(form_id or "")
        if not versions:
            return None
        return versions.get(version) or list(versions.values())[-1]

    @classmethod
    def load(cls, sources=None) -> "FormSet":
        """Content files or folders of them; the bundled forms when None."""
        from ..content import bundled_forms, load_form
        paths: list[Path] = []
        for src in ([] if sources is None else [sources] if isinstance(sources, (str, Path)) else sources):
            src = Path(src)
            paths += sorted(src.glob("*.yaml")) + sorted(src.glob("*.yml")) if src.is_dir() else [src]
        return cls(load_form(p) for p in (paths or bundled_forms()))


def read_file(path: str | Path, forms: FormSet, max_bytes: int = DEFAULT_MAX_BYTES,
              scan_pages: bool = True) -> Response:
    """Read one returned file against ``forms``. Never raises for a bad file:
    every step (sniff, parse, identify, map, check) runs inside this boundary,
    and what goes wrong comes back as a rejection with its reason.

    A scan (an image, or a PDF without fields) comes back with status
    ``scan`` and its pages read in ``scan_pages`` (``scan_pages=False``: only
    counted, for the batch to read them one by one);
    :func:`formgen.readers.scan.assemble` groups pages into copies."""
    path = Path(path)
    resp = Response(shown(path), language=forms.language, path=str(path))
    try:
        return _read(path, forms, max_bytes, resp, scan_pages)
    except MemoryError:        # over the worker's memory budget (see readers.batch)
        resp.values = {}
        return resp.reject("unsafe")
    except Exception as e:  # noqa: BLE001 - nothing in a returned file may stop the batch
        detail = f"{type(e).__name__}: {e}"
        if os.environ.get("FORMGEN_DEBUG"):
            import traceback
            detail = traceback.format_exc()
        resp.values = {}
        return resp.reject("internal", trace=detail[:2000])


def _read(path: Path, forms: FormSet, max_bytes: int, resp: Response,
          scan_pages: bool = True) -> Response:
    skip = skip_reason(path)
    if skip:
        return resp.skip(skip)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):      # a pipe or a device: opening it may hang
            return resp.skip("not_regular")
        size = st.st_size
        if size == 0:
            return resp.reject("empty")
        with open(path, "rb") as fh:
            head = fh.read(4096)
        kind = sniff(head)
        cap = max_bytes * (SCAN_SIZE_FACTOR if kind in ("image", "pdf") else 1)
        if size > cap:
            return resp.reject("too_large", limit=f"{cap / 1024 / 1024:g}")
        data = path.read_bytes()          # once: the readers parse these bytes
    except OSError:
        return resp.reject("unreadable")
    if kind == "zip":       # a zip we cannot place: damaged, if its name says what it was
        kind = {".docx": "docx", ".docm": "docx", ".odt": "odt"}.get(path.suffix.lower(), kind)
    if kind == "image":
        return _read_scan(path, forms, data, kind, resp, scan_pages)
    if kind in REFUSED_KINDS:
        return resp.reject(REFUSED_KINDS[kind])
    if kind == "pdf" and size > max_bytes and not _looks_scanned(data):
        return resp.reject("too_large", limit=f"{max_bytes / 1024 / 1024:g}")
    try:
        raw = RAW_READERS[kind](path, forms, data)
    except ReadError as e:
        return resp.reject(e.code)
    if not raw.fields:
        if kind == "pdf" and raw.declared:      # fields said, none found: not a print
            return resp.reject("corrupt")
        if kind == "pdf":       # printed and scanned, or printed to PDF: read its pages
            return _read_scan(path, forms, data, kind, resp, scan_pages)
        return resp.reject("no_fields")
    form = _identify(raw, forms, resp)
    if form is None:
        return resp
    resp.form_id = form.id
    resp.form_version = resp.form_version or form.version
    resp.language = form.language
    resp.copy_id, resp.extra = parse_copy(raw.copy)
    for note in sorted(raw.notes):
        resp.add(note)
    _map_values(form, raw, resp)
    _check(form, resp)
    return resp


#: Names of files that are never returns: what systems and editors leave in
#: a folder. They are reported as skipped, with the reason.
SYSTEM_FILES = {".ds_store": "system", "thumbs.db": "system", "desktop.ini": "system",
                "ehthumbs.db": "system"}


def skip_reason(path: Path) -> str | None:
    """Why ``path`` is not a return at all (a lock file, a system file), or None."""
    name = path.name
    if name.startswith("~$") or name.startswith(".~lock."):
        return "lock_file"
    if name.casefold() in SYSTEM_FILES or name.startswith("._"):
        return "system_file"
    if name.startswith("."):
        return "hidden_file"
    return None


#: What a file is, by its first bytes (never by its name).
_IMAGES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a",
           b"BM")


def sniff(head: bytes) -> str:
    """``pdf``, ``docx``, ``odt``, ``image``, ``zip`` or ``unknown``, by content."""
    if PDF_MAGIC in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        if head[30:38] == b"mimetype" and b"application/vnd.oasis.opendocument.text" in head[:100]:
            return "odt"
        if b"word/" in head or b"[Content_Types].xml" in head:
            return "docx"          # confirmed (or refused) by the Word reader
        return "zip"
    if head.startswith(_IMAGES) or head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") or \
            (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    return "unknown"


#: Kinds of file that are refused as they are, with the reason's code.
REFUSED_KINDS = {"zip": "not_a_form_file", "unknown": "not_a_form_file"}


def _looks_scanned(data: bytes) -> bool:
    """A large PDF that holds images and no form: a scanned stack."""
    return b"/Image" in data and b"/AcroForm" not in data


def _read_scan(path, forms, data: bytes, kind: str, resp: Response, read_pages: bool):
    """Count (and with ``read_pages``, read) the pages of a scan."""
    from . import scan
    try:
        total = scan.page_total(data, kind)
    except ReadError as e:
        return resp.reject(e.code)
    if total < 1:
        return resp.reject("empty")
    if total > MAX_SCAN_PAGES:
        return resp.reject("too_many_pages", limit=MAX_SCAN_PAGES)
    resp.source, resp.scan_kind, resp.scan_total, resp.status = "scan", kind, total, "scan"
    if read_pages:
        try:
            resp.scan_pages = [scan.read_page(data, kind, i, path, forms) for i in range(total)]
        except scan.ScanUnavailable:
            return resp.reject("scan_extra")
    return resp


def _read_docx(path, forms, data=None):
    from .docx import read_docx_fields
    return read_docx_fields(path, forms.forms, data)


def _read_odt(path, forms, data=None):
    from .odt import read_odt_fields
    return read_odt_fields(path, forms.forms, data)


def _read_pdf(path, forms, data=None):
    from .pdf import read_pdf_fields
    return read_pdf_fields(path, data)


#: file kind -> reader(path, forms, data) returning a :class:`formgen.readers.pdf.RawForm`
RAW_READERS = {"pdf": _read_pdf, "docx": _read_docx, "odt": _read_odt}


def _identify(raw, forms: FormSet, resp: Response):
    if raw.identity:
        form_id, version, content_hash = parse_identity(raw.identity)
        versions = forms.by_id.get(form_id)
        if not versions:
            resp.reject("unknown_form", detail=f"{form_id} {version}".strip())
            return None
        if version in versions:
            form = versions[version]
            if content_hash and content_hash != form.content_hash:
                resp.add("changed_content", version=version)
            return form
        form = forms.get(form_id)
        resp.form_version = version
        resp.add("other_version", found=version, expected=form.version)
        return form
    names = set(raw.fields)
    best, score = None, 0.0
    for form in forms.forms:
        ids = {name for f in form.all_fields() for name in f.spec.raw_names(f)}
        overlap = len(ids & names) / len(ids | names)
        if overlap > score:
            best, score = form, overlap
    if best is None or score < 0.8:
        resp.reject("foreign_form")
        return None
    return best


def _map_values(form, raw, resp: Response) -> None:
    for ff in form.all_fields():
        rf = ff.spec.raw_field(ff, raw.fields)
        if rf is None:
            resp.add("missing_field", ff.id, label=ff.label)
        elif rf.note:
            resp.add(rf.note, ff.id, label=ff.label)
        resp.values[ff.id] = ff.spec.read(ff, rf, resp)
