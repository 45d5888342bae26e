"""Read a batch of returned files, each inside its own boundary.

Every regular file under the given folders is read (or skipped, or
rejected, with its reason) and appears in the result once, in order.
Files are read in worker processes, so nothing inside one file can end,
hang or flood the batch:

- **time**: a file that takes longer than ``timeout`` seconds (default 10)
  has its worker ended, and is reported as taking too long; a new worker
  takes the next file;
- **memory**: each worker may grow by at most ``memory_mb`` (default 768 MB)
  beyond what it started with; past that, allocation fails inside the
  reader and the file is refused as unsafe (pypdf's decompression limits
  apply before that);
- **a crash** of a worker (a fault in a C library) is reported for that
  file; the batch goes on.

What only the whole batch shows (the same student twice) is flagged on
every file concerned.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable

from .core import DEFAULT_MAX_BYTES, FormSet, Response, read_file

#: Seconds one file may take.
DEFAULT_TIMEOUT = 10.0
#: Megabytes a worker may grow by while reading one file.
DEFAULT_MEMORY_MB = 768
#: A duplicate's message names at most this many other files.
MAX_NAMED = 5


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and every regular file below each folder (hidden ones
    too: they are reported as skipped), sorted, each once. Links to folders
    are not followed, so a folder that links to itself ends."""
    out: list[Path] = []
    seen = set()
    for p in map(Path, paths):
        if p.is_dir():
            found = []
            for folder, dirs, files in os.walk(p, followlinks=False):
                dirs.sort()
                found += [Path(folder) / f for f in sorted(files)]
            found = [f for f in found if f.is_file()]
        else:
            found = [p]
        for f in found:
            key = os.path.abspath(f)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def read_many(paths: Iterable[str | Path], forms: FormSet | None = None, *,
              content=None, max_bytes: int = DEFAULT_MAX_BYTES, jobs: int | None = None,
              timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
              progress: Callable[[Response], None] | None = None) -> list[Response]:
    """Read every file under ``paths``; one :class:`Response` each, in order.

    ``forms`` are the forms to expect (default: ``content``, files or folders
    of content files, else the bundled forms). ``jobs`` worker processes
    (default: the machine's cores, at most one per file); ``timeout``
    seconds and ``memory_mb`` megabytes per file; ``progress`` is called
    after each file.
    """
    files = expand(paths)
    if forms is None:
        forms = FormSet.load(content)
    responses: list[Response | None] = [None] * len(files)
    if files:
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
        with _Pool(jobs, forms, max_bytes, memory_mb) as pool:
            for index, resp in pool.run(files, timeout):
                responses[index] = resp
                if progress:
                    progress(resp)
    flag_duplicates(responses, forms)
    return responses


# -- the workers ---------------------------------------------------------------------

def _limit_memory(memory_mb: int) -> None:
    """Let this process grow by at most ``memory_mb`` from here (Linux, BSD, macOS)."""
    try:
        import resource
        with open("/proc/self/statm") as fh:      # virtual size, in pages
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    limit = current + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _work(conn, forms: FormSet, max_bytes: int, memory_mb: int) -> None:
    _limit_memory(memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        try:
            resp = read_file(path, forms, max_bytes)
        except MemoryError:
            resp = Response(str(path), language=forms.language).reject("unsafe")
        conn.send((index, resp))


class _Pool:
    """Worker processes that each read one file at a time; a worker that
    overruns its time is ended and replaced."""

    def __init__(self, jobs: int, forms: FormSet, max_bytes: int, memory_mb: int):
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.args = (forms, max_bytes, memory_mb)
        self.language = forms.language
        self.jobs = jobs
        self.workers: list = []

    def __enter__(self):
        self.workers = [self._start() for _ in range(self.jobs)]
        return self

    def __exit__(self, *exc):
        for proc, conn in self.workers:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc, conn in self.workers:
            proc.join(timeout=2)
            if proc.is_alive():
                proc.kill()
                proc.join()
            conn.close()
        return False

    def _start(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_work, args=(child, *self.args), daemon=True)
        proc.start()
        child.close()
        return proc, parent

    def _replace(self, i: int) -> None:
        proc, conn = self.workers[i]
        proc.kill()
        proc.join()
        conn.close()
        self.workers[i] = self._start()

    def run(self, files: list[Path], timeout: float):
        """Yield ``(index, response)`` for every file, as they finish."""
        todo = list(enumerate(files))
        todo.reverse()
        busy: dict[int, tuple[int, Path, float]] = {}       # worker -> (index, path, deadline)
        while todo or busy:
            for i in range(len(self.workers)):
                if i not in busy and todo:
                    index, path = todo.pop()
                    try:
                        self.workers[i][1].send((index, path))
                    except OSError:
                        self._replace(i)
                        self.workers[i][1].send((index, path))
                    busy[i] = (index, path, time.monotonic() + timeout)
            soonest = min(deadline for _, _, deadline in busy.values())
            ready = wait([self.workers[i][1] for i in busy],
                         timeout=max(0.0, soonest - time.monotonic()))
            for i in list(busy):
                conn = self.workers[i][1]
                index, path, deadline = busy[i]
                if conn in ready:
                    try:
                        got, resp = conn.recv()
                    except (EOFError, OSError):           # the worker died
                        self._replace(i)
                        del busy[i]
                        yield index, Response(str(path), language=self.language).reject("crashed")
                        continue
                    del busy[i]
                    yield got, resp
                elif time.monotonic() >= deadline:
                    self._replace(i)
                    del busy[i]
                    yield index, Response(str(path), language=self.language).reject(
                        "timeout", seconds=f"{timeout:g}")


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
