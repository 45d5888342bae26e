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

A scan (an image-only PDF, a TIFF, a photo) is counted first; then each
of its pages is a task of its own, with the same budget per page, so a
stack of 300 pages is read on every core and one bad page costs only
itself. The pages are grouped into copies when all files are done
(:func:`formgen.readers.scan.assemble`).

What only the whole batch shows (the same student twice) is flagged on
every file concerned.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import sys
import time
from collections import deque
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable

from .core import DEFAULT_MAX_BYTES, FormSet, Response, read_file, sniff

#: Seconds one file may take.
DEFAULT_TIMEOUT = 10.0
#: Megabytes a worker may grow by while reading one file.
DEFAULT_MEMORY_MB = 768
#: Tasks in one worker's pipe at a time: the one it reads and the next.
DEPTH = 2
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
    if any(r.status == "scan" for r in responses):
        from .scan import assemble
        responses = assemble(responses, forms)
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
    # What the worker inherits (modules, the forms) is never garbage here:
    # frozen, the collector stops walking it after every few files (GC took
    # 3.1 ms of a read, 1.9 ms frozen), and leaves those pages shared.
    gc.freeze()
    _limit_memory(memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        if len(task) == 3:
            conn.send((task[0], _read_page(task[1], task[2], forms)))
            continue
        index, path = task
        try:
            resp = read_file(path, forms, max_bytes, scan_pages=False)
        except MemoryError:
            resp = Response(str(path), language=forms.language).reject("unsafe")
        conn.send((index, resp))


_last_file: list = [None, None]          # (path, bytes) of the scan whose pages are read


def _read_page(path, number: int, forms: FormSet):
    """Page ``number`` (0-based) of scan ``path``: a ScanPage, whatever it holds."""
    from .scan import ScanPage, ScanUnavailable, read_page
    try:
        if _last_file[0] != path:
            _last_file[:] = [None, None]         # let the last scan go before reading this one
            _last_file[:] = [path, Path(path).read_bytes()]
        data = _last_file[1]
        kind = "pdf" if sniff(data[:4096]) == "pdf" else "image"
        return read_page(data, kind, number, path, forms)
    except ScanUnavailable:
        return ScanPage(str(path), number + 1, status="unreadable", detail="scan_extra")
    except MemoryError:
        _last_file[:] = [None, None]
        return ScanPage(str(path), number + 1, status="unreadable", detail="unsafe")
    except Exception as e:  # noqa: BLE001 - one page may not stop the batch
        return ScanPage(str(path), number + 1, status="unreadable",
                        detail=f"{type(e).__name__}: {e}"[:300])


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
        import pypdf  # noqa: F401 - imported once here, not again in every worker (fork)
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
        """Yield ``(index, response)`` for every file, as they finish; a
        scan's pages are read as tasks of their own, and the scan yielded
        when its last page is in.

        Each worker has up to ``DEPTH`` tasks in its pipe, so it starts the
        next file while this process takes in the last one. Only the first
        of them runs; its time counts from when the one before it came back
        (or from when it was sent). A worker that overruns or dies fails
        that one task; the tasks behind it go back to the front of the queue."""
        todo: list[tuple] = [(i, f) for i, f in enumerate(files)]
        todo.reverse()
        queued: dict[int, deque] = {i: deque() for i in range(len(self.workers))}
        started: dict[int, float] = {}       # worker -> when its first task began
        scans: dict[int, list] = {}          # index -> [response, pages still out]
        while todo or any(queued.values()):
            now = time.monotonic()
            for i, tasks in queued.items():
                while todo and len(tasks) < DEPTH:
                    task = todo.pop()
                    try:
                        self.workers[i][1].send(task)
                    except OSError:               # it died: its first task is told by recv
                        todo.append(task)
                        if not tasks:
                            self._replace(i)
                        break
                    if not tasks:
                        started[i] = now
                    tasks.append(task)
            busy = [i for i, tasks in queued.items() if tasks]
            if not busy:
                continue
            soonest = min(started[i] for i in busy) + timeout
            ready = wait([self.workers[i][1] for i in busy],
                         timeout=max(0.0, soonest - time.monotonic()))
            for i in busy:
                conn = self.workers[i][1]
                tasks = queued[i]
                task = tasks[0]
                if conn in ready:
                    try:
                        got, result = conn.recv()
                    except (EOFError, OSError):           # the worker died
                        result = self._failed(task, "crashed", timeout)
                        self._lost(i, queued, todo)
                    else:
                        tasks.popleft()
                        started[i] = time.monotonic()
                elif time.monotonic() >= started[i] + timeout:
                    result = self._failed(task, "timeout", timeout)
                    self._lost(i, queued, todo)
                else:
                    continue
                index, path = task[0], task[1]
                if len(task) == 3:                        # a page of a scan
                    entry = scans[index]
                    entry[0].scan_pages[task[2]] = result
                    entry[1] -= 1
                    if entry[1] == 0:
                        yield index, scans.pop(index)[0]
                elif result.status == "scan" and result.scan_total and not result.scan_pages:
                    result.scan_pages = [None] * result.scan_total
                    scans[index] = [result, result.scan_total]
                    todo += [(index, path, k) for k in reversed(range(result.scan_total))]
                else:
                    yield index, _shared(result)

    def _lost(self, i: int, queued: dict, todo: list) -> None:
        """Worker ``i`` is ended (it overran or died): its first task has
        failed, the ones behind it go back to the front of the queue."""
        tasks = queued[i]
        if tasks:
            tasks.popleft()
        todo.extend(reversed(tasks))
        tasks.clear()
        self._replace(i)

    def _failed(self, task, why: str, timeout: float):
        """What a task that crashed or overran gives: a rejected file, or a
        page that could not be read."""
        if len(task) == 3:
            from .scan import ScanPage
            return ScanPage(str(task[1]), task[2] + 1,
                            status="timeout" if why == "timeout" else "unreadable")
        resp = Response(str(task[1]), language=self.language)
        return resp.reject("timeout", seconds=f"{timeout:g}") if why == "timeout" \
            else resp.reject("crashed")


def _shared(resp: Response) -> Response:
    """``resp`` with its field ids and short words shared with every other
    response. What a worker sends arrives as new strings each time, and a
    batch keeps every response until it is exported: sharing the ids and
    the words (options, statuses) takes a response from about 5.3 to 2.6 KB."""
    intern = sys.intern
    resp.values = {intern(k): intern(v) if type(v) is str and len(v) <= 8 else v
                   for k, v in resp.values.items()}
    for name in ("status", "form_id", "form_version", "language", "source"):
        value = getattr(resp, name)
        if type(value) is str:
            setattr(resp, name, intern(value))
    return resp


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
