"""Read a batch of returned files, each inside its own boundary.

Every regular file under the given folders is read (or skipped, or
rejected, with its reason) and appears in the result once, in order.
Files are read in worker processes, so nothing inside one file can end,
hang or flood the batch:

- **time**: a file that takes longer than ``timeout`` seconds (default 10)
  has its worker ended, and is reported as taking too long; a new worker
  takes the next file. Each page of a scan has ``timeout`` too, and the
  scan one budget for all its pages together (``scan_timeout``, default 60
  worker-seconds): when it is spent, the pages read so far count, and the
  report says which were not read;
- **memory**: each worker may grow by at most ``memory_mb`` (default 768 MB)
  beyond what it started with; past that, allocation fails inside the
  reader and the file is refused as unsafe (pypdf's decompression limits
  apply before that);
- **a crash** of a worker (a fault in a C library) is reported for that
  file; the batch goes on.

A scan (an image-only PDF, a TIFF, a photo) is counted first; then each
of its pages is a task of its own, so a stack of 300 pages is read on
every core; all of them draw on the scan's one budget. The pages are
grouped into copies when all files are done
(:func:`formgen.readers.scan.assemble`).

What only the whole batch shows (the same student twice) is flagged on
every file concerned.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from .core import DEFAULT_MAX_BYTES, FormSet, Response
from .entries import Entry, expand, shown
from .workers import Pool

__all__ = ["expand", "read_many", "read_each", "flag_duplicates", "Entry"]

#: Seconds one file may take.
DEFAULT_TIMEOUT = 10.0
#: Worker-seconds one scan may take, all its pages together (a stack of 300
#: clean pages takes about 12).
DEFAULT_SCAN_TIMEOUT = 60.0
#: Megabytes a worker may grow by while reading one file.
DEFAULT_MEMORY_MB = 768
#: A duplicate's message names at most this many other files.
MAX_NAMED = 5


def read_many(paths: Iterable[str | Path], forms: FormSet | None = None, *,
              content=None, max_bytes: int = DEFAULT_MAX_BYTES, jobs: int | None = None,
              timeout: float = DEFAULT_TIMEOUT, scan_timeout: float = DEFAULT_SCAN_TIMEOUT,
              memory_mb: int = DEFAULT_MEMORY_MB,
              progress: Callable[[Response], None] | None = None,
              follow_links: bool = False) -> list[Response]:
    """Read every entry under ``paths``; one :class:`Response` each, in order.

    ``forms`` are the forms to expect (default: ``content``, files or folders
    of content files, else the bundled forms). ``jobs`` worker processes
    (default: the machine's cores, at most one per file but two for one
    file, whose scanned pages are read side by side); ``timeout`` seconds
    per file and per page of a scan, ``scan_timeout`` seconds for all the
    pages of one scan together, and ``memory_mb`` megabytes per file;
    ``progress`` is called after each file. ``paths`` may be what
    :func:`expand` gave (then each entry is read as it is), or files and
    folders (expanded here, following links out of a folder only with
    ``follow_links``).
    """
    entries = expand(paths, follow_links)
    if forms is None:
        forms = FormSet.load(content)
    responses: list[Response | None] = [None] * len(entries)
    for index, resp in read_each(entries, forms, max_bytes=max_bytes, jobs=jobs, timeout=timeout,
                                 scan_timeout=scan_timeout, memory_mb=memory_mb):
        responses[index] = resp
        if progress:
            progress(resp)
    if any(r.status == "scan" for r in responses):
        from .scan import assemble
        responses = assemble(responses, forms)
    flag_duplicates(responses, forms)
    return responses


def read_each(entries: list[Entry], forms: FormSet, *, max_bytes: int = DEFAULT_MAX_BYTES,
              jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT,
              scan_timeout: float = DEFAULT_SCAN_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB):
    """``(index, Response)`` for each of ``entries`` as it is read, in the
    order the workers finish: an entry :func:`expand` refused at once, a
    file, or a scan file with its pages read (status ``scan``, not yet
    grouped into copies: :func:`formgen.readers.scan.assemble` does that)."""
    files = []
    for index, entry in enumerate(entries):
        if entry.problem is None:
            files.append((index, entry.path))
            continue
        resp = Response(shown(entry.path), language=forms.language, path=str(entry.path))
        (resp.skip if entry.skip else resp.reject)(entry.problem, **entry.params)
        yield index, resp
    if files:
        # at least two workers where the machine has them: one scan file's pages
        # are read side by side
        jobs = max(1, min(jobs or os.cpu_count() or 1, max(len(files), 2)))
        with Pool(jobs, forms, max_bytes, memory_mb) as pool:
            yield from pool.run(files, timeout, scan_timeout)


# -- what only the batch shows ---------------------------------------------------------

def _norm(value) -> str:
    return " ".join(str(value).split()).casefold()


def flag_duplicates(responses: list[Response], forms: FormSet) -> None:
    """Flag files of the same student: the same prefilled copy (its own id)
    twice, or, for files that are no prefilled copy, the same key fields
    (``key_fields``). Two copies with their own ids are two students, even
    when their names are the same."""
    groups: dict[tuple, list[Response]] = {}
    for resp in responses:
        if resp.status in ("rejected", "skipped"):
            continue
        form = forms.get(resp.form_id, resp.form_version)
        keys = form.key_fields if form else []
        if not keys or not all(_norm(resp.values.get(k, "")) for k in keys):
            continue
        if resp.copy_id:
            key = (resp.form_id, "copy", resp.copy_id)
        else:
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
