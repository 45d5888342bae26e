"""Safe output: files appear whole or not at all, and nothing is
overwritten unless the caller says so."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import FormgenError, OutputExistsError


def refuse_existing(path: str | Path) -> None:
    """Raise :class:`OutputExistsError` if ``path`` exists."""
    if Path(path).exists():
        raise OutputExistsError("the file exists already", where=str(path),
                                fix="choose another output folder or file, or pass --force "
                                    "to overwrite it")


def write_atomic(path: str | Path, data: bytes, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Raises :class:`OutputExistsError` when ``path`` exists and ``force`` is
    false, so a user's earlier output is never lost silently.
    """
    path = Path(path)
    if not force:
        refuse_existing(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise FormgenError(f"cannot write here ({e.strerror})", where=str(path.parent),
                           fix="choose a folder you can write to") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
