"""A file as read, to and from the store: a :class:`Response` as JSON (its
scanned pages included, their crops apart as PNG blobs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..readers.core import Problem, Response

#: The attributes of a Response that a store keeps (``file`` is the name it is stored under).
KEPT = ("status", "form_id", "form_version", "language", "copy_id", "extra", "source", "pages",
        "review", "scan_kind", "scan_total")
#: The attributes of a scanned page that a store keeps (its crops apart).
PAGE_KEPT = ("number", "status", "form_id", "version", "page", "copy_id", "review", "turned",
             "bitonal", "detail")


@dataclass(frozen=True)
class CropRef:
    """Where a crop lies in the store: the file and the page of the file."""

    file_id: int
    page: int


def tag(value):
    """A value as JSON keeps it (a date as ``{"$date": "2025-03-12"}``)."""
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return value


def untag(value):
    if isinstance(value, dict) and "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    return value


def _problems(resp: Response) -> list:
    return [[p.code, {k: v if isinstance(v, (str, int, float, bool)) or v is None else str(v)
                      for k, v in p.params.items()}, p.field] for p in resp.problems]


def encode(resp: Response) -> tuple[dict, dict[tuple[int, str], bytes]]:
    """``(record, crops)``: crops keyed by ``(page number, field id)``."""
    record = {k: getattr(resp, k) for k in KEPT}
    record["values"] = {k: tag(v) for k, v in resp.values.items()}
    record["problems"] = _problems(resp)
    crops: dict[tuple[int, str], bytes] = {}
    pages = []
    for page in resp.scan_pages:
        if page is None:
            pages.append(None)
            continue
        entry = {k: getattr(page, k) for k in PAGE_KEPT}
        entry["values"] = {k: tag(v) for k, v in page.values.items()}
        pages.append(entry)
        for field_id, png in page.crops.items():
            crops[(page.number, field_id)] = png
    record["scan_pages"] = pages
    return record, crops


def decode(file_id: int, name: str, mtime: float, record: dict) -> Response:
    """The Response of a stored file; a scan's pages carry :class:`CropRef`
    for their crops, so that no image is loaded until one is shown."""
    resp = Response(name, path=None)
    for k in KEPT:
        if k in record:
            setattr(resp, k, record[k])
    resp.mtime = mtime
    resp.values = {k: untag(v) for k, v in record.get("values", {}).items()}
    resp.problems = [Problem(code, params, field) for code, params, field in record["problems"]]
    if record.get("scan_pages"):
        from ..readers.scan import ScanPage
        pages = []
        for entry in record["scan_pages"]:
            if entry is None:
                pages.append(None)
                continue
            page = ScanPage(name, **{k: entry[k] for k in PAGE_KEPT})
            page.values = {k: untag(v) for k, v in entry["values"].items()}
            page.crops = {f: CropRef(file_id, page.number) for f in entry.get("crops", [])}
            pages.append(page)
        resp.scan_pages = pages
    return resp


def crop_fields(record: dict, crops: dict[tuple[int, str], bytes]) -> None:
    """Note in each page's entry which fields have a crop (so :func:`decode`
    can refer to them without loading them)."""
    by_page: dict[int, list[str]] = {}
    for (number, field_id) in crops:
        by_page.setdefault(number, []).append(field_id)
    for entry in record.get("scan_pages") or []:
        if entry is not None:
            entry["crops"] = sorted(by_page.get(entry["number"], []))
