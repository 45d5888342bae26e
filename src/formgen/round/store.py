"""A round's store: one SQLite file in the round's folder.

It holds everything the round needs, so nothing depends on files moving:
the form's content file and the class list (copied in at ``round init``),
every returned file as read (its answers, problems and scanned pages,
keyed by the SHA-256 of its bytes, so the same file is never read twice),
the crops of the scans a person must look at, and every decision a person
made (never overwritten: the newest per field counts, the older ones stay
as history).

The store runs in WAL mode and commits each file as soon as it is read: a
run killed half-way keeps what it committed, and the next ``add`` reads
only what is missing. ``PRAGMA secure_delete`` is on, so what ``forget``
removes is overwritten, not just unlinked from the b-tree.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sqlite3
from pathlib import Path

from ..errors import FormgenError

#: The file inside a round's folder.
STORE_NAME = "formgen-round.sqlite"
#: The store's layout; a store of a newer layout is refused, an older one migrated.
SCHEMA = 1
#: version -> statements that bring a store of ``version - 1`` to ``version``.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # 'content' (the form's YAML) and 'classlist' (its header and rows as JSON)
        "CREATE TABLE sources (kind TEXT PRIMARY KEY, name TEXT NOT NULL, data BLOB NOT NULL)",
        "CREATE TABLE files (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, "
        "name TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, mtime REAL NOT NULL, "
        "added TEXT NOT NULL, record TEXT NOT NULL)",
        "CREATE TABLE crops (file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE, "
        "page INTEGER NOT NULL, field TEXT NOT NULL, png BLOB NOT NULL, "
        "PRIMARY KEY (file_id, page, field))",
        "CREATE TABLE decisions (id INTEGER PRIMARY KEY, return_id TEXT NOT NULL, "
        "field TEXT NOT NULL, value TEXT NOT NULL, user TEXT NOT NULL, at TEXT NOT NULL)",
        "CREATE INDEX decisions_by_return ON decisions (return_id, field, id)",
    ],
}


def user() -> str:
    """Who is deciding: the operating-system user."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no name for this uid (a container)
        return f"uid {os.getuid()}"


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Store:
    """An open round store. Use as a context manager, or call :meth:`close`."""

    def __init__(self, folder: str | Path, create: bool = False):
        self.folder = Path(folder)
        self.path = self.folder / STORE_NAME
        if create:
            if self.path.exists():
                raise FormgenError.said("round_exists", where=str(self.folder))
            self.folder.mkdir(parents=True, exist_ok=True)
        elif not self.path.is_file():
            raise FormgenError.said("round_missing", where=str(self.folder), store=STORE_NAME)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA secure_delete=ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise FormgenError.said("round_damaged", where=str(self.path),
                                    reason=str(e)) from None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- layout ---------------------------------------------------------------------
    def _migrate(self) -> None:
        have = self.db.execute("SELECT name FROM sqlite_master WHERE name='meta'").fetchone()
        version = 0
        if have:
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            version = int(row[0]) if row else 0
        if version > SCHEMA:
            raise FormgenError.said("round_newer", where=str(self.folder), found=version,
                                    known=SCHEMA)
        for step in range(version + 1, SCHEMA + 1):
            with self.transaction():
                for statement in MIGRATIONS[step]:
                    self.db.execute(statement)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(step),))

    def transaction(self):
        return _Transaction(self.db)

    # -- what the round is about -------------------------------------------------------
    def set_source(self, kind: str, name: str, data: bytes) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)", (kind, name, data))

    def source(self, kind: str) -> tuple[str, bytes] | None:
        row = self.db.execute("SELECT name, data FROM sources WHERE kind=?", (kind,)).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    # -- returned files -----------------------------------------------------------------
    def known(self) -> dict[str, str]:
        """SHA-256 -> the name the file was stored under, of every file in the round."""
        return dict(self.db.execute("SELECT sha256, name FROM files"))

    def put_file(self, sha: str, name: str, size: int, mtime: float, record: dict,
                 crops: dict[tuple[int, str], bytes]) -> str:
        """Store one file as read, with its crops, in one transaction; the
        name it is stored under (unique in the round) comes back."""
        with self.transaction():
            taken = {r[0] for r in self.db.execute(
                "SELECT name FROM files WHERE name=? OR name LIKE ?", (name, name + " (%)"))}
            stored, n = name, 1
            while stored in taken:
                n += 1
                stored = f"{name} ({n})"
            record["file"] = stored
            cur = self.db.execute(
                "INSERT INTO files (sha256, name, size, mtime, added, record) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (sha, stored, size, mtime, now(), json.dumps(record, ensure_ascii=False)))
            self.db.executemany("INSERT INTO crops VALUES (?, ?, ?, ?)",
                                [(cur.lastrowid, page, field, png)
                                 for (page, field), png in crops.items()])
        return stored

    def files(self) -> list[tuple[int, str, float, str, dict]]:
        """``(id, name, mtime, added, record)`` of every stored file, in the order added."""
        return [(i, name, mtime, added, json.loads(record)) for i, name, mtime, added, record in
                self.db.execute("SELECT id, name, mtime, added, record FROM files ORDER BY id")]

    def crop(self, file_id: int, page: int, field: str) -> bytes | None:
        row = self.db.execute("SELECT png FROM crops WHERE file_id=? AND page=? AND field=?",
                              (file_id, page, field)).fetchone()
        return bytes(row[0]) if row else None

    def crop_keys(self) -> set[tuple[int, int, str]]:
        return set(self.db.execute("SELECT file_id, page, field FROM crops"))

    # -- decisions ---------------------------------------------------------------------
    def decide(self, return_id: str, field: str, value, who: str | None = None) -> dict:
        entry = {"value": value, "user": who or user(), "at": now()}
        with self.transaction():
            self.db.execute("INSERT INTO decisions (return_id, field, value, user, at) "
                            "VALUES (?, ?, ?, ?, ?)",
                            (return_id, field, json.dumps(value, ensure_ascii=False),
                             entry["user"], entry["at"]))
        return entry

    def decisions(self) -> dict[str, dict[str, dict]]:
        """return id -> field -> the newest decision ``{value, user, at}``."""
        out: dict[str, dict[str, dict]] = {}
        for return_id, field, value, who, at in self.db.execute(
                "SELECT return_id, field, value, user, at FROM decisions ORDER BY id"):
            out.setdefault(return_id, {})[field] = {"value": json.loads(value), "user": who,
                                                     "at": at}
        return out

    # -- forgetting ------------------------------------------------------------------------
    def rewrite_file(self, file_id: int, record: dict, drop_pages: set[int]) -> None:
        """Keep a file but not some of its pages (another student's pages of
        a stack): its record rewritten, those pages' crops deleted."""
        self.db.execute("UPDATE files SET record=? WHERE id=?",
                        (json.dumps(record, ensure_ascii=False), file_id))
        self.db.executemany("DELETE FROM crops WHERE file_id=? AND page=?",
                            [(file_id, p) for p in drop_pages])

    def delete_file(self, file_id: int) -> None:
        self.db.execute("DELETE FROM crops WHERE file_id=?", (file_id,))
        self.db.execute("DELETE FROM files WHERE id=?", (file_id,))

    def delete_decisions(self, return_ids) -> None:
        self.db.executemany("DELETE FROM decisions WHERE return_id=?",
                            [(r,) for r in return_ids])

    def scrub(self) -> None:
        """Leave no byte of what was deleted in the folder: the WAL folded
        into the database and emptied, then the database rebuilt."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.execute("VACUUM")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on an error): writers
    take the lock at the start, so two writers wait for each other instead
    of failing half-way."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, tb):
        self.db.execute("ROLLBACK" if kind else "COMMIT")
        return False
