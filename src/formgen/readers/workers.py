"""The worker processes a batch is read in: each reads one file (or one
page of a scan) at a time, inside its time and memory budget, bound to the
process that started it; :class:`Pool` hands out the tasks, ends a worker
that overruns or dies and starts another (see :mod:`formgen.readers.batch`).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from multiprocessing.connection import wait
from pathlib import Path

from .core import FormSet, Response, read_file, sniff
from .entries import shown

#: Tasks in one worker's pipe at a time: the one it reads and the next.
DEPTH = 2


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


def _work(conn, inherited, forms: FormSet, max_bytes: int, memory_mb: int) -> None:
    _bound_to_parent(inherited)
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
            resp = Response(shown(path), language=forms.language, path=str(path)).reject("unsafe")
        conn.send((index, resp))


def _bound_to_parent(inherited) -> None:
    """Make this worker end with the process that started it, whatever
    ends that one: it keeps only its own end of its pipe (so the end of
    the main process is an end-of-file here), Ctrl-C at the terminal is
    the main process's to handle (no traceback from a worker), SIGTERM and
    SIGHUP end it as they would any program, and on Linux the kernel sends
    it SIGKILL when the main process dies, even by SIGKILL."""
    for conn in inherited:
        try:
            conn.close()
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)           # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:           # the main process ended before the line above
        os._exit(1)


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
        return ScanPage(shown(path), number + 1, status="unreadable", detail="scan_extra")
    except MemoryError:
        from .scan import release
        _last_file[:] = [None, None]
        release()
        return ScanPage(shown(path), number + 1, status="unreadable", detail="unsafe")
    except Exception as e:  # noqa: BLE001 - one page may not stop the batch
        return ScanPage(shown(path), number + 1, status="unreadable",
                        detail=f"{type(e).__name__}: {e}"[:300])


class _stop_on_signals:
    """While the workers run, SIGTERM and SIGHUP stop this process the way
    Ctrl-C does (:class:`formgen.errors.Interrupted`), so the workers are
    ended before it exits; the handlers before are put back after. Only in
    the main thread, where Python delivers signals."""

    def __enter__(self):
        import threading
        self.before = {}
        if threading.current_thread() is not threading.main_thread():
            return self
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) in (signal.SIG_DFL, None):
                self.before[number] = signal.signal(number, _interrupt)
        return self

    def __exit__(self, *exc):
        for number, handler in self.before.items():
            signal.signal(number, handler)
        return False


def _interrupt(number, frame):
    from ..errors import Interrupted
    raise Interrupted(number)


class Pool:
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
        self._stopping = _stop_on_signals()
        self._stopping.__enter__()
        for _ in range(self.jobs):       # one by one: each new worker closes the earlier pipes
            self.workers.append(self._start())
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is not None:          # stopped (a signal, Ctrl-C, an error): end them now
            for proc, conn in self.workers:
                proc.kill()
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
        self._stopping.__exit__(exc_type, *exc)
        return False

    def _start(self):
        parent, child = self.ctx.Pipe()
        # A forked worker gets a copy of every descriptor: the main end of
        # its own pipe and of every earlier worker's. It closes them, so
        # that it sees an end-of-file when the main process is gone.
        inherited = [parent] + [c for _, c in self.workers if not c.closed] \
            if self.ctx.get_start_method() == "fork" else []
        proc = self.ctx.Process(target=_work, args=(child, inherited, *self.args), daemon=True)
        proc.start()
        child.close()
        return proc, parent

    def _replace(self, i: int) -> None:
        proc, conn = self.workers[i]
        proc.kill()
        proc.join()
        conn.close()
        self.workers[i] = self._start()

    def run(self, files: list[tuple[int, Path]], timeout: float, scan_timeout: float):
        """Yield ``(index, response)`` for every file, as they finish; a
        scan's pages are read as tasks of their own, and the scan yielded
        when its last page is in.

        Each worker has up to ``DEPTH`` tasks in its pipe, so it starts the
        next file while this process takes in the last one. Only the first
        of them runs; its time counts from when the one before it came back
        (or from when it was sent). A worker that overruns or dies fails
        that one task; the tasks behind it go back to the front of the queue.

        A file has ``timeout`` seconds, and so has each page of a scan; a
        scan has ``scan_timeout`` for all its work together (counting its
        pages, and every page on every worker). When a scan's time is up,
        the pages being read are stopped and the pages not yet read are not
        started: they come back as ``budget``."""
        todo: list[tuple] = list(files)
        todo.reverse()
        queued: dict[int, deque] = {i: deque() for i in range(len(self.workers))}
        started: dict[int, float] = {}       # worker -> when its first task began
        scans: dict[int, list] = {}          # index -> [response, pages still out]
        spent: dict[int, float] = {}         # scan index -> worker seconds used
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
            ends = self._deadlines(busy, queued, started, spent, timeout, scan_timeout)
            ready = wait([self.workers[i][1] for i in busy],
                         timeout=max(0.0, min(e for e, _ in ends.values()) - time.monotonic()))
            over = set()
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
                        done = time.monotonic()
                        if len(task) == 3 or getattr(result, "status", "") == "scan":
                            spent[task[0]] = spent.get(task[0], 0.0) + done - started[i]
                        started[i] = done
                elif time.monotonic() >= ends[i][0]:
                    why = ends[i][1]
                    if why == "budget":
                        over.add(task[0])
                    elif len(task) == 3:        # one page overran: it costs the scan its time
                        spent[task[0]] = spent.get(task[0], 0.0) + timeout
                    result = self._failed(task, why, scan_timeout if why == "budget" else timeout)
                    self._lost(i, queued, todo)
                else:
                    continue
                yield from self._took(task, result, scans, todo)
            for index in over:               # the scan's time is up: its other pages unread
                left = [t for t in todo if len(t) == 3 and t[0] == index]
                todo[:] = [t for t in todo if not (len(t) == 3 and t[0] == index)]
                for task in left:
                    yield from self._took(task, self._failed(task, "budget", scan_timeout),
                                          scans, todo)

    @staticmethod
    def _deadlines(busy, queued, started, spent, timeout: float, scan_timeout: float) -> dict:
        """When each busy worker's task must end, and why: ``timeout`` after
        it began (a file, or one page of a scan); for the pages of a scan
        being read together, at the latest when the scan's time (what it
        used, and what they use now) reaches ``scan_timeout`` (``budget``)."""
        now = time.monotonic()
        pages: dict[int, list[int]] = {}
        ends = {}
        for i in busy:
            task = queued[i][0]
            ends[i] = (started[i] + timeout, "timeout")
            if len(task) == 3:
                pages.setdefault(task[0], []).append(i)
        for index, workers in pages.items():
            used = spent.get(index, 0.0) + sum(now - started[i] for i in workers)
            end = now + (scan_timeout - used) / len(workers)
            for i in workers:
                if end < ends[i][0]:
                    ends[i] = (end, "budget")
        return ends

    def _took(self, task, result, scans: dict, todo: list):
        """Take in what ``task`` gave: yield a file's response when it is
        whole (a scan when its last page is in); a counted scan's pages go
        to the front of the queue."""
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
        page that could not be read (``budget``: its scan's time ran out)."""
        if len(task) == 3:
            from .scan import ScanPage
            return ScanPage(shown(task[1]), task[2] + 1,
                            status=why if why in ("timeout", "budget") else "unreadable",
                            detail=f"{timeout:g}")
        resp = Response(shown(task[1]), language=self.language, path=str(task[1]))
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
