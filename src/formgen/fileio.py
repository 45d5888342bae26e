"""Safe output: files appear whole or not at all, readable as any file the
user makes, and nothing is overwritten unless the caller says so."""

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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: bytes, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The file gets the mode a new file gets under the user's umask (0644
    under 022), its data reaches the disk (fsync) before it takes its name,
    and without ``force`` it never replaces a file: the name is taken with
    a hard link, which fails if another run made the file in the meantime,
    so :class:`OutputExistsError` holds even when two runs race.
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
            fh.flush()
            os.fchmod(fh.fileno(), 0o666 & ~_umask())
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise OutputExistsError("the file exists already (made while this ran)",
                                        where=str(path), fix="pass --force to overwrite it") from None
            except OSError:            # a file system without hard links
                if path.exists():
                    raise OutputExistsError("the file exists already", where=str(path),
                                            fix="pass --force to overwrite it") from None
                os.replace(tmp, path)
        _sync_folder(path.parent)
    except OSError as e:
        raise FormgenError(f"cannot write the file ({e.strerror})", where=str(path),
                           fix="check the free space and the permissions of the folder") from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return path


def _sync_folder(folder: Path) -> None:
    """Make the new name durable too (where the platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
