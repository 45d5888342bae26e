"""What the ``formgen round`` commands do, as library functions the CLI and
the review page share."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FormgenError
from ..readers.core import DEFAULT_MAX_BYTES, FormSet, Response
from .records import crop_fields, encode
from .store import STORE_NAME, Store
from .views import RETURN, STUDENT, RoundView, load

#: Readers' outcomes that are not the file's fault: not kept, so the next
#: ``add`` tries the file again.
RETRY = frozenset({"timeout", "crashed", "internal", "unsafe", "unreadable", "scan_extra"})


def init(folder, content=None, classlist=None) -> Store:
    """Make a round in ``folder``: the form's content file (default: the
    bundled form) and the class list are copied into its store."""
    from ..content import bundled_path, load_form
    content = Path(content) if content else bundled_path()
    form = load_form(content)                # a broken form is refused before anything is made
    table = None
    if classlist is not None:
        from ..prefill import read_class_list
        table = read_class_list(classlist)
    store = Store(folder, create=True)
    store.set_source("content", content.name, content.read_bytes())
    if form.logo_image:                      # the form as it was built, logo and all
        store.set_source("logo", form.logo, form.logo_image)
    if table is not None:
        store.set_source("classlist", Path(classlist).name, json.dumps(
            {"header": table.header, "rows": table.rows, "lines": table.lines},
            ensure_ascii=False).encode("utf-8"))
    return store


@dataclass
class Added:
    """One entry of an ``add``: what became of it."""

    name: str
    outcome: str                     # new, known, refused, skipped
    response: Response | None = None
    known_as: str | None = None


@dataclass
class AddResult:
    entries: list[Added] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(e.outcome == outcome for e in self.entries)


def _digest(path: Path, limit: int) -> tuple[str, int, float] | None:
    """SHA-256, size and mtime of a file; None when it cannot be read (the
    reader says why) or is larger than ``limit``."""
    try:
        st = path.stat()
        if st.st_size > limit:
            return None
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest(), st.st_size, st.st_mtime
    except OSError:
        return None


def add(store: Store, paths, *, follow_links: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
        jobs: int | None = None, timeout: float | None = None, scan_timeout: float | None = None,
        progress=None) -> AddResult:
    """Read the returns under ``paths`` (files and folders, or what
    :func:`formgen.readers.entries.expand` gave) that the round does not
    hold yet, each committed to the store as soon as it is read."""
    from ..readers.batch import DEFAULT_SCAN_TIMEOUT, DEFAULT_TIMEOUT, expand, read_each
    from ..readers.core import SCAN_SIZE_FACTOR
    from ..readers.entries import shown
    from .views import load_form
    forms = FormSet([load_form(store)])
    entries = expand(paths, follow_links)
    known = store.known()
    result = AddResult()
    slots: list[Added | None] = [None] * len(entries)
    todo, meta = [], {}
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        name = shown(entry.path)
        info = None if entry.problem else _digest(Path(entry.path), max_bytes * SCAN_SIZE_FACTOR)
        sha = info[0] if info else None
        if sha and (sha in known or sha in seen):
            slots[index] = Added(name, "known", known_as=known.get(sha) or seen[sha])
            if progress:
                progress(slots[index])
            continue
        if sha:
            seen[sha] = name
            meta[index] = info
        todo.append((index, entry))
    picked = [e for _, e in todo]
    for k, resp in read_each(picked, forms, max_bytes=max_bytes, jobs=jobs,
                             timeout=timeout or DEFAULT_TIMEOUT,
                             scan_timeout=scan_timeout or DEFAULT_SCAN_TIMEOUT):
        index = todo[k][0]
        slots[index] = _keep(store, resp, meta.get(index))
        if progress:
            progress(slots[index])
    result.entries = [s for s in slots if s is not None]
    return result


def _keep(store: Store, resp: Response, info) -> Added:
    """Store one file as read (not a skipped one, nor one refused for a
    reason of the moment: those are read again next time)."""
    if resp.status == "skipped":
        return Added(resp.file, "skipped", resp)
    codes = {p.code for p in resp.problems}
    if info is None or (resp.status == "rejected" and codes & RETRY):
        return Added(resp.file, "refused", resp)
    sha, size, mtime = info
    record, crops = encode(resp)
    crop_fields(record, crops)
    if resp.status == "rejected":
        outcome = "refused"
    else:
        outcome = "new"
    try:
        stored = store.put_file(sha, resp.file, size, mtime, record, crops)
    except sqlite3.IntegrityError:     # another add, at the same time, kept the same bytes
        return Added(resp.file, "known", resp, known_as=store.known().get(sha, resp.file))
    resp.file = stored
    return Added(stored, outcome, resp)


# -- deciding ------------------------------------------------------------------------------

def decide(store: Store, return_id: str, field_id: str, text: str | None,
           who: str | None = None, view: RoundView | None = None) -> dict:
    """Decide ``field_id`` of a return from ``text`` as a person writes it
    (empty: the field is empty). A key field's value that names exactly one
    class-list student ties the return to that student; ``_return`` takes
    ``accepted``, ``refused`` or empty (undo)."""
    view = view or load(store)
    resp = view.get(return_id)
    if resp is None:
        raise FormgenError.said("round_no_return", id=return_id)
    form = view.form
    text = (text or "").strip()
    if field_id == RETURN:
        value = {"": "", "accepted": "accepted", "accept": "accepted", "refused": "refused",
                 "refuse": "refused"}.get(text.casefold())
        if value is None:
            raise FormgenError.said("round_value", field=field_id,
                                    problem="accepted, refused or ''")
        return store.decide(return_id, RETURN, value, who)
    if field_id == STUDENT:
        row = find_student(view, text)
        return store.decide(return_id, STUDENT, row.copy_id, who)
    ff = form.field_index.get(field_id)
    if ff is None:
        raise FormgenError.said("round_no_field", field=field_id,
                                fields=", ".join(f.id for f in form.all_fields()))
    if field_id in form.key_fields and view.classlist is not None and text:
        try:
            row = find_student(view, text)
        except FormgenError:
            row = None
        if row is not None:
            entry = store.decide(return_id, STUDENT, row.copy_id, who)
            return {**entry, "value": row.values.get(field_id, text)}
    try:
        value = ff.spec.parse(text) if text else ff.spec.empty()
    except ValueError as e:
        problem = e.text(form.language) if hasattr(e, "text") else str(e)
        raise FormgenError.said("round_value", field=ff.label, problem=problem) from None
    exported = ff.spec.export(value) if value is not None else None
    return store.decide(return_id, field_id, exported, who)


def _norm(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def find_student(view: RoundView, text: str):
    """The class-list row named by ``text``: a name, a number, or the row's
    own copy id; exactly one, else a clear error."""
    if view.classlist is None:
        raise FormgenError.said("round_no_classlist")
    want = _norm(text)
    digits = want.lstrip("0")
    hits = []
    for row in view.rows:
        words = [row.copy_id, row.stem] + [str(v) for v in row.values.values()] + \
            [str(v) for v in row.extra.values()]
        normed = [_norm(w) for w in words]
        if want in normed or (digits and digits.isdigit() and
                              any(n.lstrip("0") == digits for n in normed if n.isdigit())):
            hits.append(row)
    if not hits:
        raise FormgenError.said("round_no_student", value=text)
    if len(hits) > 1:
        raise FormgenError.said("round_many_students", value=text,
                                names=", ".join(h.stem for h in hits[:5]))
    return hits[0]


# -- what the round says --------------------------------------------------------------------

def status(view: RoundView) -> dict:
    """The round in one structure (``round status --json``)."""
    returns = []
    for resp in view.responses:
        if resp.status == "skipped":
            continue
        returns.append({
            "id": resp.id, "student": view.student(resp) if resp.form_id else "",
            "files": list(resp.pages) or [resp.file], "state": view.state(resp),
            "open": dict(resp.open), "copy": resp.copy_id,
            "unidentified": view.unidentified(resp),
            "problems": resp.messages(view.form.language),
            "decided": {k: dict(v) for k, v in resp.decided.items()}})
    return {"form": {"id": view.form.id, "version": view.form.version},
            "returns": returns,
            "missing": [c.stem for c in view.missing],
            "counts": {s: sum(r["state"] == s for r in returns)
                       for s in ("imported", "to_check", "refused", "replaced")}}


def export(view: RoundView, fmt: str, language: str | None = None) -> bytes:
    """The round's returns as ``formgen read`` writes them, decisions applied."""
    from ..office.exporters import FORMATS
    options = {"language": language or view.form.language}
    if fmt != "csv":
        options["missing"] = view.missing if view.classlist is not None else None
    return FORMATS[fmt][1](view.responses, view.forms, **options)


def report(view: RoundView) -> bytes:
    from ..office.report import render_report
    return render_report(view.responses, view.form, view.missing,
                         reconciled=view.classlist is not None)


# -- forgetting -----------------------------------------------------------------------------

@dataclass
class Forgotten:
    returns: int = 0
    pages: int = 0
    decisions: int = 0
    row: bool = False


def forget(store: Store, who: str) -> Forgotten:
    """Remove every trace of one student (a name or a number): their
    returns (the files, or their pages of a stack), crops, decisions and
    class-list row; then rebuild the store so no byte of them is left."""
    view = load(store)
    want = _norm(who)
    row = None
    if view.classlist is not None:
        try:
            row = find_student(view, who)
        except FormgenError:
            row = None
    theirs = []
    for resp in view.responses:
        if not resp.form_id:
            continue
        names = {_norm(resp.values.get(k)) for k in view.form.key_fields}
        if (row is not None and (resp.copy_id == row.copy_id or
                                 _norm(row.values.get(view.form.key_fields[0]) if
                                       view.form.key_fields else "") in names)) or want in names:
            theirs.append(resp)
    done = Forgotten()
    files = {name: (fid, record) for fid, name, _m, _a, record in store.files()}
    drop_pages: dict[str, set[int]] = {}
    drop_files: set[str] = set()
    for resp in theirs:
        if resp.source == "scan" and resp.pages:
            for source in resp.pages:
                name, _, number = source.rpartition("#")
                drop_pages.setdefault(_stored(files, resp, name), set()).add(int(number))
        else:
            drop_files.add(resp.file)
    decided = store.decisions()
    with store.transaction():
        for name in drop_files:
            if name in files:
                store.delete_file(files[name][0])
                done.returns += 1
        for name, numbers in drop_pages.items():
            if name not in files:
                continue
            fid, record = files[name]
            pages = record.get("scan_pages") or []
            left = [p for p in pages if p is not None and p["number"] not in numbers]
            if not any(p["status"] == "read" for p in left):
                store.delete_file(fid)
            else:
                record["scan_pages"] = [None if p is not None and p["number"] in numbers else p
                                        for p in pages]
                store.rewrite_file(fid, record, numbers)
            done.pages += len(numbers)
        done.returns += sum(1 for r in theirs if r.source == "scan")
        ids = [r.id for r in theirs]
        done.decisions = sum(len(decided.get(i, {})) for i in ids)
        store.delete_decisions(ids)
        if row is not None:
            table = json.loads(store.source("classlist")[1])
            keep = [(r, n) for r, n in zip(table["rows"], table["lines"]) if n != row.line]
            table["rows"], table["lines"] = [r for r, _ in keep], [n for _, n in keep]
            store.db.execute("UPDATE sources SET data=? WHERE kind='classlist'",
                             (json.dumps(table, ensure_ascii=False).encode("utf-8"),))
            done.row = True
    store.scrub()
    return done


def _stored(files: dict, resp: Response, name: str) -> str:
    """The stored file a page source (``stapel.pdf#3``) names."""
    if name in files:
        return name
    return next((n for n in files if os.path.basename(n) == name), name)


__all__ = ["init", "add", "decide", "status", "export", "report", "forget", "find_student",
           "STORE_NAME"]
