"""What a folder of returns holds, every entry of it, and how to show a name.

A folder a clerk points formgen at may hold anything a file system can:
names that are not UTF-8 (a zip unpacked from Windows, a scanner's share),
names with line breaks, links that loop, dangle or lead out of the folder,
pipes and devices, folders that cannot be opened. Each of them becomes an
:class:`Entry`; the ones that must not be read carry the reason, and the
batch reports them like any refused file, so the report accounts for
every entry and nothing in a folder can hang or end the run.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

_CONTROL = {c: f"\\x{c:02x}" for c in list(range(0x20)) + [0x7f]}
_CONTROL.update({0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t"})


def shown(path: str | os.PathLike) -> str:
    """``path`` as text any writer takes: bytes that are not UTF-8 (which
    Python carries as lone surrogates) shown as ``\\xNN``, control
    characters (a line break in a name) as ``\\n`` or ``\\xNN``."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        raw = text
    else:
        try:
            text.encode("utf-8")
            raw = None
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "surrogateescape")
    if raw is not None:
        text = raw.decode("utf-8", "backslashreplace")
    if any(ord(c) < 0x20 or c == "\x7f" for c in text):
        text = text.translate(_CONTROL)
    return text


@dataclass
class Entry:
    """One entry to report: ``problem`` (a code of
    :data:`formgen.i18n.MESSAGES`) when it is not to be read, with its
    ``params``; ``skip`` when it is no return at all (a pipe, a device)."""

    path: Path
    problem: str | None = None
    params: dict = field(default_factory=dict)
    skip: bool = False

    def __fspath__(self) -> str:
        return os.fspath(self.path)


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def expand(paths: Iterable[str | os.PathLike], follow_links: bool = False) -> list[Entry]:
    """Every entry under ``paths``, sorted by name within each folder, each once.

    A path given as an argument is taken as given (a link to a file or a
    folder is followed). Inside a folder: regular files are read (hidden
    ones too: they are reported as skipped); a link that loops or leads
    nowhere, a pipe, a device or socket, and a folder that cannot be opened
    are entries with their reason; a link that leads out of the folder is
    not followed unless ``follow_links`` (then its folder is walked once,
    and a link back to a folder already walked is a loop)."""
    out: list[Entry] = []
    seen: set[str] = set()

    def add(entry: Entry) -> None:
        key = os.path.abspath(entry.path)
        if key not in seen:
            seen.add(key)
            out.append(entry)

    for p in paths:
        if isinstance(p, Entry):
            add(p)
            continue
        p = Path(p)
        if p.is_dir():
            root = os.path.realpath(p)
            _walk(p, root, follow_links, {root}, add)
        else:
            add(Entry(p))
    return out


def _walk(folder: Path, root: str, follow: bool, walked: set[str], add) -> None:
    try:
        with os.scandir(folder) as it:
            items = sorted(it, key=lambda e: e.name)
    except OSError as e:
        add(Entry(folder, "folder_unreadable", {"reason": e.strerror or type(e).__name__}))
        return
    for item in items:
        path = Path(item.path)
        try:
            link = item.is_symlink()
            if not link:
                if item.is_dir(follow_symlinks=False):
                    _walk(path, root, follow, walked, add)
                elif item.is_file(follow_symlinks=False):
                    add(Entry(path))
                else:
                    add(Entry(path, "not_regular", skip=True))
                continue
            try:
                st = os.stat(path)
            except OSError as e:
                add(Entry(path, "link_loop" if e.errno == errno.ELOOP else "link_dangling"))
                continue
            target = os.path.realpath(path)
            if not _inside(target, root) and not follow:
                add(Entry(path, "link_outside", {"target": shown(target)}))
            elif stat.S_ISDIR(st.st_mode):
                if target in walked or _inside(root, target):
                    add(Entry(path, "link_loop"))
                elif _inside(target, root):
                    add(Entry(path, "link_folder_inside", skip=True))
                else:
                    walked.add(target)
                    _walk(path, target, follow, walked, add)
            elif stat.S_ISREG(st.st_mode):
                add(Entry(path))
            else:
                add(Entry(path, "not_regular", skip=True))
        except OSError as e:
            add(Entry(path, "unreadable", {"reason": e.strerror or ""}))
