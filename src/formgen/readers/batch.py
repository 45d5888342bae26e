"""Read a batch of returned files: folders expanded, files read in parallel
for large batches, and what only the whole batch shows (the same student
twice) flagged on every file concerned."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

from .core import DEFAULT_MAX_BYTES, FormSet, Response, read_file

#: File endings a folder is searched for.
SUFFIXES = (".pdf", ".docx")
#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 64
#: A duplicate's message names at most this many other files.
MAX_NAMED = 5


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the ``.pdf``/``.docx`` files below each folder,
    sorted, each once. Hidden files and folders (``.name``) are skipped."""
    out: list[Path] = []
    seen = set()
    for p in map(Path, paths):
        found = ([p] if not p.is_dir() else
                 sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                        and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        for f in found:
            key = os.path.abspath(f)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


_worker_forms: FormSet | None = None


def _init_worker(sources) -> None:
    global _worker_forms
    _worker_forms = FormSet.load(sources)


def _read_in_worker(args) -> Response:
    path, max_bytes = args
    return read_file(path, _worker_forms, max_bytes)


def read_many(paths: Iterable[str | Path], forms: FormSet | None = None, *,
              content=None, max_bytes: int = DEFAULT_MAX_BYTES, jobs: int | None = None,
              progress: Callable[[Response], None] | None = None) -> list[Response]:
    """Read every file under ``paths``; one :class:`Response` each, in order.

    ``content`` (files or folders of content files) picks the known forms
    when ``forms`` is not given. ``jobs`` worker processes read large
    batches (default: the machine's cores); ``progress`` is called after
    each file.
    """
    files = expand(paths)
    if forms is None:
        forms = FormSet.load(content)
    jobs = jobs or os.cpu_count() or 1
    responses: list[Response] = []
    if jobs > 1 and len(files) >= PARALLEL_FROM:
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(content,)) as pool:
            for resp in pool.map(_read_in_worker, [(f, max_bytes) for f in files], chunksize=16):
                responses.append(resp)
                if progress:
                    progress(resp)
    else:
        for f in files:
            resp = read_file(f, forms, max_bytes)
            responses.append(resp)
            if progress:
                progress(resp)
    flag_duplicates(responses, forms)
    return responses


def _norm(value) -> str:
    return " ".join(str(value).split()).casefold()


def flag_duplicates(responses: list[Response], forms: FormSet) -> None:
    """Flag files of the same form whose key fields (``key_fields``) repeat."""
    groups: dict[tuple, list[Response]] = {}
    for resp in responses:
        if resp.status == "rejected":
            continue
        form = forms.get(resp.form_id, resp.form_version)
        keys = form.key_fields if form else []
        if not keys or not all(_norm(resp.values.get(k, "")) for k in keys):
            continue
        key = (resp.form_id,) + tuple(_norm(resp.values[k]) for k in keys)
        groups.setdefault(key, []).append(resp)
    for group in groups.values():
        if len(group) < 2:
            continue
        form = forms.get(group[0].form_id, group[0].form_version)
        label = ", ".join(form.field(k).label for k in form.key_fields)
        for resp in group:
            names = [Path(o.file).name for o in group if o is not resp]
            others = ", ".join(names[:MAX_NAMED]) + (f" (+{len(names) - MAX_NAMED})"
                                                     if len(names) > MAX_NAMED else "")
            value = " / ".join(str(resp.values[k]) for k in form.key_fields)
            resp.add("duplicate", form.key_fields[0], label=label, value=value, others=others)
