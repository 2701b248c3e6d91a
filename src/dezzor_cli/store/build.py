"""Writing a store's database file (``dezzor cache build``) and checking it (``cache verify``), or a database in
memory (``sql``, ``export``).

The file is made in a temporary folder beside the store (DuckDB writes it
itself), closed, given the store's permission bits and renamed into place:
never through a symbolic link, and never half written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

import msgspec

from ..atomic import regular_file
from ..errors import StoreError, reason
from .database import (
    CONFIG,
    TABLES,
    TEMP_PREFIX,
    About,
    DatabaseEvents,
    Stamp,
    about,
    connect,
    file_digest,
    identity,
    path_for,
    present,
)
from .fast import Event, Store
from .tables import BATCH, TOO_BIG, Filling, sharing_the_lock

if TYPE_CHECKING:
    import duckdb

    from .types import StoreLike

# DuckDB's share of memory while it fills a database: the validated store is still held, and a build must need no
# more memory than a query without a database (what DuckDB cannot hold goes to the temporary folder).  While the
# store's bytes are held too (the events are still being decoded), DuckDB gets less.
MEMORY = "400MB"
MEMORY_WHILE_READING = "150MB"


class _Writer:
    """A database being written in a temporary folder beside ``store``, until :meth:`finish` puts it in place."""

    def __init__(self, store: Path, memory: str = MEMORY, threads: int | None = None) -> None:
        import duckdb

        self.store, self.target = store, path_for(store)
        regular_file(self.target, "write")
        try:
            self.mode = stat.S_IMODE(os.stat(store).st_mode)
            self.folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + self.target.name[:40] + "-", dir=store.parent))
        except OSError as exc:
            raise StoreError(f"cannot write the database of {store}: {reason(exc)}") from None
        try:
            config = {**CONFIG, "temp_directory": str(self.folder), "memory_limit": memory}
            self.con = duckdb.connect(str(self.folder / "store.duckdb"),
                                      config=config if threads is None else {**config, "threads": threads})
            self.filling = Filling(self.con, self.folder)
        except BaseException as exc:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise self._error(exc) from None

    def feed(self, events: Sequence[Event]) -> None:
        self._mapped(self.filling.feed, events)

    def put(self, events: Sequence[Event], start: int) -> None:
        self._mapped(self.filling.put, events, start)

    def configure(self, statement: str) -> None:
        """A setting of the database being written (SET ..., RESET ...)."""
        self._mapped(self.con.execute, statement)

    def _mapped(self, action: Callable[..., object], *args: object) -> None:
        """``action(*args)``, its DuckDB and file errors said as this database's (:meth:`_error`)."""
        try:
            action(*args)
        except BaseException as exc:
            raise self._error(exc) from None

    def finish(self, store: Store, sha256: str, stamp: Stamp) -> dict[str, int]:
        about = {**identity(), "store_name": self.store.name, "store_size": stamp.size,
                 "store_mtime_ns": stamp.mtime_ns, "store_ctime_ns": stamp.ctime_ns, "store_inode": stamp.inode,
                 "store_sha256": sha256}
        db = self.folder / "store.duckdb"
        try:
            rows = self.filling.finish(store, about)
            self.con.execute("CHECKPOINT")
            self.con.close()
            os.chmod(db, self.mode)  # the store's own bits: a database of a private store is as private as the store
            with open(db, "rb") as fh:
                os.fsync(fh.fileno())
            regular_file(self.target, "write")
            os.replace(db, self.target)
            _fsync_dir(self.store.parent)
        except BaseException as exc:
            raise self._error(exc) from None
        finally:
            self.cancel()
        return rows

    def cancel(self) -> None:
        """Give up: stop DuckDB, close, and remove the temporary folder."""
        with contextlib.suppress(Exception):
            self.filling.stop()
        with contextlib.suppress(Exception):
            self.con.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _error(self, exc: BaseException) -> BaseException:
        import duckdb

        if isinstance(exc, duckdb.Error):
            return StoreError(f"cannot build the database of {self.store}: {_why(exc)}")
        if isinstance(exc, OSError):
            return StoreError(f"cannot write the database of {self.store}: {reason(exc)}")
        return exc


def build(store: Path, loaded: StoreLike, sha256: str, stamp: Stamp) -> dict[str, int]:
    """Write the database of ``store`` (validated as ``loaded``, whose bytes hash to ``sha256`` and whose file
    had ``stamp``), atomically.  Returns the row counts."""
    given: object = loaded  # the fast reader's structs are used as they are; the plain reader's converted
    fast = given if isinstance(given, Store) else _converted(loaded)
    writer = _Writer(store)
    try:
        writer.feed(fast.events)
    except BaseException:
        writer.cancel()
        raise
    return writer.finish(fast, sha256, stamp)


def build_beside(p: Path, step: Callable[[str], None]) -> tuple[Path, StoreLike]:
    """Read and validate the store at ``p`` and write its database (``dezzor cache build``): the database's path
    and the validated store.  The store must not change meanwhile.

    The work is spread over two cores.  The store is hashed on a thread of its own (hashing a buffer runs without
    the interpreter lock).  The fast reader takes its steps a run of events at a time (store/staged.py), and
    each run goes to DuckDB, which reads it on its own thread, while the next run is decoded and, after the last,
    while the cross-record checks run (the interpreter lock changing hands often meanwhile: see
    ``tables.sharing_the_lock``).  If the fast reader cannot vouch for the store, what DuckDB was given is
    thrown away (nothing is put in place) and the store is read again the ordinary way, by the plain reader, whose
    verdict (and error message) counts.
    """
    from .read import gc_paused, read_bytes, validate_bytes

    before = _stamp(p)
    with gc_paused(), sharing_the_lock():
        step("reading")
        raw = read_bytes(p)
        digest: list[str] = []
        hashing = threading.Thread(target=_sha256, args=(raw, digest), daemon=True)
        hashing.start()
        step("validating")
        try:
            writer: _Writer | None = _Writer(p, MEMORY_WHILE_READING, threads=1)  # a core each for DuckDB and Python
        except StoreError:  # e.g. a link where the database goes: said once the store is known to be valid
            writer = None
        bytes_read = [raw]
        del raw  # held in bytes_read alone, which the reader empties once it is done with the bytes
        store = None
        if writer is not None:
            try:
                store = _vouched_while_written(bytes_read, writer, hashing)
                if store is not None:
                    stamp = _unchanged(p, before)
                    step("writing the database of")
                    writer.configure("RESET threads")  # DuckDB has the machine to itself now
            except BaseException:
                writer.cancel()
                raise
        if store is not None and writer is not None:
            writer.finish(store, digest[0], stamp)
            return path_for(p), cast("StoreLike", store)
        if writer is not None:
            writer.cancel()
        hashing.join()
        plain = validate_bytes(bytes_read[0] if bytes_read else read_bytes(p), p).store  # the plain reader decides
        bytes_read.clear()
        stamp = _unchanged(p, before)  # and the bytes it read are the store's
        step("writing the database of")
        build(p, plain, digest[0], stamp)
        return path_for(p), plain


def _vouched_while_written(bytes_read: list[bytes], writer: _Writer, hashing: threading.Thread) -> Store | None:
    """The store in ``bytes_read[0]`` as the fast reader vouches for it, its events handed to ``writer`` a run at a
    time as they are read; None when only the plain reader can decide.  The bytes are let go of (``bytes_read``
    emptied, once ``hashing`` is done with them) before the cross-record checks, and DuckDB gets more memory."""
    from . import staged

    try:
        reading = staged.Staged(bytes_read[0])
        for start, run in reading.runs(BATCH):
            writer.put(run, start)
        colons = bytes_read[0].count(b":")
        hashing.join()
        bytes_read.clear()
        writer.configure(f"SET memory_limit = '{MEMORY}'")
        return reading.vouched(colons)
    except staged.Decline:
        return None
    finally:
        hashing.join()
        bytes_read.clear()


def _stamp(p: Path) -> Stamp | None:
    try:
        return Stamp.of(os.stat(p))
    except OSError:
        return None


def _unchanged(p: Path, before: Stamp | None) -> Stamp:
    """The store's stamp, which must be what it was before it was read."""
    if before is None or before != _stamp(p):
        raise StoreError(f"{p} changed while it was being read; run 'dezzor cache build' again")
    return before


def _sha256(data: bytes, into: list[str]) -> None:
    import hashlib

    into.append(hashlib.sha256(data).hexdigest())


def in_memory(loaded: StoreLike) -> duckdb.DuckDBPyConnection:
    """A database of ``loaded`` in memory (for ``dezzor sql`` and ``export -f parquet`` on a store without one)."""
    import duckdb

    from .tables import fill

    given: object = loaded  # the fast reader's structs are used as they are; the plain reader's converted
    fast = given if isinstance(given, Store) else _converted(loaded)
    con = duckdb.connect(":memory:", config=CONFIG)
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as folder:
        about = {**identity(), **dict.fromkeys(("store_name", "store_size", "store_mtime_ns", "store_ctime_ns",
                                                "store_inode", "store_sha256"))}
        try:
            fill(con, Path(folder), fast, about)
        except duckdb.Error as exc:
            raise StoreError(f"cannot put this store in a database: {_why(exc)}") from None
    return con


def _why(exc: Exception) -> str:
    if TOO_BIG in str(exc):
        return f"it holds {TOO_BIG}, which the database cannot"
    return str(exc).splitlines()[0]


def _converted(loaded: StoreLike) -> Store:
    """The store as the fast reader's structs, every field filled in (from either reader)."""
    from .records import record

    return msgspec.convert(record(loaded), Store)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------- checking the file


def verify(store: Path) -> tuple[About, list[str]]:
    """What ``dezzor cache verify`` checks: the database's identity, the store's stamp and SHA-256 against those
    recorded at build, every table read whole (DuckDB checks each block's checksum) with the row counts
    recorded, and every event's record decoding.  Returns the database's ``about`` and the problems found."""
    import duckdb

    target = path_for(store)
    if not present(store):
        raise StoreError(f"{store} has no database; 'dezzor cache build' makes one")
    con = connect(target)
    try:
        made = about(con, target)
        mine = identity()
        problems = [f"it was made by {k} {made.identity[k]}, and this is {k} {mine[k]}"
                    for k in ("format", "dezzor", "duckdb", "rules") if made.identity[k] != mine[k]]
        try:
            now = Stamp.of(os.stat(store))
            sha256 = file_digest(store)
        except OSError as exc:
            raise StoreError(f"cannot read {store}: {reason(exc)}") from None
        if now != made.stamp:
            problems.append("the store's size, modification time, change time or inode is not what it was at build")
        if sha256 != made.sha256:
            problems.append(f"the store's SHA-256 is {sha256}, and the database was built from {made.sha256}")
        for table in TABLES[1:]:
            try:
                (n, *_), = con.execute(f"SELECT count(*), sum(hash(COLUMNS(*))) FROM {table}").fetchall()
            except duckdb.Error as exc:
                problems.append(f"the table {table} cannot be read: {str(exc).splitlines()[0]}")
                continue
            if n != made.rows.get(table):
                problems.append(f"the table {table} has {n} rows, and {made.rows.get(table)} were written")
        problems += _records(con, made.rows.get("events", 0))
        try:
            (wrong,), = con.execute("""SELECT count(*) FROM event_rows e JOIN event_records r USING (event)
                WHERE NOT starts_with(r.record, '{"id":' || to_json(e.id)::VARCHAR || ',')""").fetchall()
        except duckdb.Error as exc:
            wrong = f"unknown ({str(exc).splitlines()[0]})"
        if wrong:
            problems.append(f"{wrong} event row(s) do not match the record of the same number")
        return made, problems
    finally:
        con.close()


def _records(con: duckdb.DuckDBPyConnection, n: int) -> list[str]:
    """Problems with the events' records: each must decode as an event, one for every position."""
    import duckdb
    import msgspec

    from .fast import Event

    decode = msgspec.json.Decoder(list[Event]).decode
    for start in range(0, n, DatabaseEvents.BATCH):
        stop = min(n, start + DatabaseEvents.BATCH)
        try:
            rows = con.execute("SELECT event, record FROM event_records WHERE event >= $a AND event < $b "
                               "ORDER BY event", {"a": start, "b": stop}).fetchall()
        except duckdb.Error as exc:
            return [f"the events cannot be read: {str(exc).splitlines()[0]}"]
        if [i for i, _ in rows] != list(range(start, stop)):
            return [f"the events from position {start} on are not numbered one by one"]
        try:
            decode("[" + ",".join(r for _, r in rows) + "]")
        except msgspec.DecodeError as exc:
            return [f"an event's record from position {start} on does not decode: {exc}"]
    return []
