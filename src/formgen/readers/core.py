"""Turn one returned file into a :class:`Response`: identify the form, map
raw values to field ids, check them. Nothing in a file is executed; a file
that cannot be read is *rejected* with a reason, never raised past here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..errors import ReadError
from ..names import parse_identity, row_field_id

#: Default size cap per returned file.
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Problem:
    """One thing a clerk should know about a file: ``code`` indexes
    :data:`formgen.i18n.MESSAGES`, ``params`` fill its words."""

    code: str
    params: dict = field(default_factory=dict)
    field: str | None = None

    def text(self, language: str) -> str:
        return i18n.message(self.code, language, **self.params)


@dataclass
class Response:
    """What one returned file said, and what is wrong with it.

    ``status`` is ``ok`` (no problems), ``warning`` (imported, but a human
    should look) or ``rejected`` (nothing imported; ``problems`` says why).
    ``values`` maps field ids to ``str`` (text), ``bool`` (checkbox) or the
    chosen option's value / ``None`` (choice).
    """

    file: str
    status: str = "ok"
    form_id: str | None = None
    form_version: str | None = None
    values: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    language: str = "en"

    def messages(self, language: str | None = None) -> list[str]:
        return [p.text(language or self.language) for p in self.problems]

    def to_dict(self, language: str | None = None) -> dict:
        return {"file": self.file, "status": self.status, "form_id": self.form_id,
                "form_version": self.form_version, "values": self.values,
                "problems": self.messages(language)}

    def add(self, code: str, field_id: str | None = None, **params) -> None:
        self.problems.append(Problem(code, params, field_id))
        if self.status == "ok":
            self.status = "warning"

    def reject(self, code: str, **params) -> "Response":
        self.problems.append(Problem(code, params))
        self.status = "rejected"
        self.values = {}
        return self


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


def read_file(path: str | Path, forms: FormSet, max_bytes: int = DEFAULT_MAX_BYTES) -> Response:
    """Read one returned file against ``forms``. Never raises for bad input."""
    path = Path(path)
    resp = Response(str(path), language=forms.language)
    try:
        size = path.stat().st_size
        if size == 0:
            return resp.reject("empty")
        if size > max_bytes:
            return resp.reject("too_large", limit=f"{max_bytes / 1024 / 1024:g}")
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        return resp.reject("corrupt")
    kind = _sniff(head, path)
    if kind is None:
        return resp.reject("not_a_form_file")
    try:
        raw = RAW_READERS[kind](path, forms)
    except ReadError as e:
        return resp.reject(e.code)
    except Exception:  # noqa: BLE001 - an untrusted file must never stop the batch
        return resp.reject("corrupt")
    if not raw.fields:
        return resp.reject("no_fields")
    form = _identify(raw, forms, resp)
    if form is None:
        return resp
    resp.form_id = form.id
    resp.form_version = resp.form_version or form.version
    resp.language = form.language
    _map_values(form, raw, resp)
    _check(form, resp)
    return resp


def _sniff(head: bytes, path: Path) -> str | None:
    if PDF_MAGIC in head:
        return "pdf"
    if head.startswith(ZIP_MAGIC) and path.suffix.lower() == ".docx":
        return "docx"
    return None


def _read_docx(path, forms):
    from .docx import read_docx_fields
    return read_docx_fields(path, forms.forms)


def _read_pdf(path, forms):
    from .pdf import read_pdf_fields
    return read_pdf_fields(path)


#: file kind -> reader(path, forms) returning a :class:`formgen.readers.pdf.RawForm`
RAW_READERS = {"pdf": _read_pdf, "docx": _read_docx}


def _identify(raw, forms: FormSet, resp: Response):
    if raw.identity:
        form_id, version, _ = parse_identity(raw.identity)
        versions = forms.by_id.get(form_id)
        if not versions:
            resp.reject("unknown_form", detail=f"{form_id} {version}".strip())
            return None
        if version in versions:
            return versions[version]
        form = forms.get(form_id)
        resp.form_version = version
        resp.add("other_version", found=version, expected=form.version)
        return form
    names = set(raw.fields)
    best, score = None, 0.0
    for form in forms.forms:
        ids = {f.id for f in form.all_fields()}
        overlap = len(ids & names) / len(ids | names)
        if overlap > score:
            best, score = form, overlap
    if best is None or score < 0.8:
        resp.reject("foreign_form")
        return None
    return best


def _map_values(form, raw, resp: Response) -> None:
    for ff in form.all_fields():
        rf = raw.fields.get(ff.id)
        if rf is None:
            resp.add("missing_field", ff.id, label=ff.label)
        resp.values[ff.id] = ff.spec.read(ff, rf, resp)


def _check(form, resp: Response) -> None:
    values = resp.values
    filled = {ff.id: ff.spec.is_filled(values.get(ff.id)) for ff in form.all_fields()}
    for ff in form.all_fields():
        if ff.spec.required and not filled[ff.id]:
            resp.add("required", ff.id, label=ff.label)
    for section in form.sections:
        for item in section.items:
            base = form.item_id(item)
            for column in form.section_columns(section):
                if not column.together_with:
                    continue
                a = row_field_id(base, column.id)
                b = row_field_id(base, column.together_with)
                if filled[a] != filled[b]:
                    done, empty = (a, b) if filled[a] else (b, a)
                    resp.add("together", done, label=form.field(done).label,
                             other=form.field(empty).label)
