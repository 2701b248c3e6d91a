"""A store's DuckDB database: built beside a validated store by ``dezzor cache build``, used while it matches.

``.<store name>.dezzor.duckdb`` sits next to the store.  Once it is there,
every command reads the store through it (a query never builds one): the
registries come from the store's record kept in the ``about`` table, and the
events stay in the database until a command asks for them
(:class:`DatabaseEvents`); the query engine (``query/engine.py``) answers
selections and tallies in SQL.  The tables are described in :mod:`.tables`.

It is checked on every use with what an ordinary edit cannot leave unchanged
(the store's size, mtime_ns, ctime_ns and inode, as git's index does);
``dezzor cache verify`` also hashes the store against the SHA-256 recorded at
build.  A database made by another dezzor, another DuckDB or other validation
rules, or for a store that has changed, is ignored with a note: the store is
read as if it had none, until ``dezzor cache build`` rebuilds it.  The file
is never opened through a symbolic link, takes the store's permission bits,
and is written to a temporary folder beside the store and renamed into place.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .. import __version__
from ..atomic import regular_file
from ..errors import StoreError

if TYPE_CHECKING:
    import duckdb

    from .types import StoreLike

FORMAT = 3  # 2: schema version 2 (best estimates, event fatalities); 3: casualties carry their event's date span
# and precision.  A database of another format is ignored
SUFFIX = ".dezzor.duckdb"
TEMP_PREFIX = ".dezzor-tmp-"
# DuckDB never fetches an extension: json and parquet are built into the Python package.
CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False, "autoload_known_extensions": False}
Warn = Callable[[str], None]
# ENGINE: a command that reads a database imports DuckDB's compiled engine, `_duckdb`, which the duckdb package
# re-exports as its API (the same connect, connections and errors).  Importing the package as well loads its Python
# relational API and reads its installed metadata: 65-150 ms more for every such command, and none of it used.
# Building, `dezzor sql` and the Parquet export import the package.
# The tables (and views) a database offers (store/tables.py), in the order `dezzor export -f parquet` writes them.
TABLES = ("about", "events", "event_actors", "event_places", "casualties", "control_changes", "actors", "places",
          "sides", "side_supporters", "reported_totals", "kinds")


def path_for(store: Path) -> Path:
    return store.with_name(f".{store.name}{SUFFIX}")


def legacy_path(store: Path) -> Path:
    """Where the msgpack cache of earlier versions was (``cache build`` and ``cache remove`` delete it)."""
    return store.with_name(f".{store.name}.dezzor-cache")


def present(store: Path) -> bool:
    """Whether anything (a file, a link, a folder) is where the store's database goes."""
    try:
        os.lstat(path_for(store))
    except (OSError, ValueError):  # none there, or a name too long for one
        return False
    return True


@dataclass(frozen=True)
class Stamp:
    """What an ordinary edit of a file changes (as git's index records it)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> Stamp:
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def identity() -> dict[str, Any]:
    """What must be the same for a database to be used: its format, dezzor, DuckDB and the validation rules."""
    import _duckdb as duckdb  # see ENGINE

    return {"format": FORMAT, "dezzor": __version__, "duckdb": duckdb.__version__, "rules": rules()}


def rules() -> str:
    """A fingerprint of the code that decides what a valid store is and what the tables hold."""
    import hashlib

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in ("vocab.py", "fast.py", "normaliser.py", "upgrade.py", "checks.py", "citations.py", "tables.py",
                 "database.py"):
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()[:16]


def file_digest(p: Path) -> str:
    import hashlib

    with p.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


# --------------------------------------------------------------------------- using


@dataclass(frozen=True)
class About:
    """The ``about`` row of a database: what built it, and from which store."""

    identity: dict[str, Any]
    stamp: Stamp
    sha256: str
    rows: dict[str, int]
    head: str


def connect(target: Path) -> duckdb.DuckDBPyConnection:
    """The database at ``target``, read-only, never through a symbolic link (StoreError when it cannot be)."""
    import _duckdb as duckdb  # see ENGINE

    st = regular_file(target, "read")
    if st is None:
        raise StoreError(f"cannot read {target}: no such file")
    try:
        con = duckdb.connect(str(target), read_only=True, config=CONFIG)
    except duckdb.Error as exc:
        raise StoreError(f"{target} cannot be opened by DuckDB {duckdb.__version__}: "
                         f"{str(exc).splitlines()[0]}") from None
    if os.stat(target).st_ino != st.st_ino:  # replaced between the check and the opening: not what was checked
        con.close()
        raise StoreError(f"{target} changed while it was being opened; try again")
    return con


def about(con: duckdb.DuckDBPyConnection, target: Path) -> About:
    import json

    import _duckdb as duckdb  # see ENGINE

    try:
        row = con.execute("SELECT format, dezzor, duckdb, rules, store_size, store_mtime_ns, store_ctime_ns, "
                          "store_inode, store_sha256, rows, head FROM about").fetchall()
        if len(row) != 1:
            raise ValueError
        (fmt, dezzor, made_by, rules_, size, mtime, ctime, inode, sha256, rows, head), = row
        return About({"format": fmt, "dezzor": dezzor, "duckdb": made_by, "rules": rules_},
                     Stamp(size, mtime, ctime, inode), sha256, json.loads(rows), head)
    except (duckdb.Error, ValueError, TypeError):
        raise StoreError(f"{target} is not a database dezzor made") from None
    finally:
        _whole(con, target)


def _whole(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Refuse a database file shorter than its own blocks (cut short): every other damage shows when a block's
    checksum is checked as it is read (as ``dezzor cache verify`` reads them all)."""
    import _duckdb as duckdb  # see ENGINE

    with contextlib.suppress(duckdb.Error, OSError, TypeError, ValueError):
        (blocks, size), = con.execute("SELECT total_blocks, block_size FROM pragma_database_size() "
                                      "WHERE database_name = current_database()").fetchall()
        if os.stat(target).st_size < blocks * size:
            raise StoreError(f"{target} is damaged (shorter than its contents)")


def open_store(store: Path, warn: Warn) -> StoreLike | None:
    """The store read through its database, or None (with a note saying why, when there is one but it is not
    used: a link, another dezzor or DuckDB, other rules, a changed store)."""
    target = path_for(store)
    if not present(store):
        return None
    rebuild = "reading the store itself; 'dezzor cache build' rebuilds it"
    try:
        con = connect(target)
    except StoreError as exc:
        warn(f"{exc.message}; {rebuild}")
        return None
    try:
        made = about(con, target)
        mine = identity()
        for key, what in (("format", "another format"), ("dezzor", "another dezzor"),
                          ("duckdb", "another DuckDB"), ("rules", "other validation rules")):
            if made.identity[key] != mine[key]:
                raise StoreError(f"{target} was made by {what} ({key} {made.identity[key]}, not {mine[key]})")
        try:
            now = Stamp.of(os.stat(store))
        except OSError:
            con.close()
            return None  # no store: reading it says so the usual way
        if now != made.stamp:
            raise StoreError(f"{store} has changed since its database was built")
        return _attached(con, target, made)
    except StoreError as exc:
        con.close()
        warn(f"{exc.message}; {rebuild}")
        return None


def reading(con: duckdb.DuckDBPyConnection, target: Path) -> StoreLike:
    """The store in the database on ``con`` (``target`` names it in messages), its events read as asked for."""
    return _attached(con, target, about(con, target))


def _attached(con: duckdb.DuckDBPyConnection, target: Path, made: About) -> StoreLike:
    import msgspec

    from .fast import Event, Store

    try:
        head = msgspec.json.decode(made.head, type=Store)
    except msgspec.DecodeError:
        raise StoreError(f"{target} is damaged (its store record does not decode)") from None
    # DatabaseEvents stands in for the list the struct declares: a read-only sequence of the same events.
    head.events = cast("list[Event]", DatabaseEvents(con, made.rows["events"], target))
    return cast("StoreLike", head)


class DatabaseEvents(Sequence):  # type: ignore[type-arg]
    """The events of a store read through its database, each decoded from its record when first asked for.

    It behaves as the list it stands for; the query engine asks it in SQL (``sql``) and decodes only the
    events a question selects (``events_of``).
    """

    BATCH = 65_536

    def __init__(self, con: duckdb.DuckDBPyConnection, n: int, target: Path) -> None:
        import msgspec

        from .fast import Event

        self.connection, self.path = con, target
        self._n = n
        self._events: list[Any] | None = None  # see _items
        self._decode_many = msgspec.json.Decoder(list[Event]).decode

    @property
    def _items(self) -> list[Any]:
        """The events decoded so far, by position (None: not yet); made when first needed, as a tally never decodes
        any and a list of a million places takes milliseconds to make."""
        if self._events is None:
            self._events = [None] * self._n
        return self._events

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        item = self._items[i]  # IndexError and negative indices, as a list has them
        if item is None:
            j = i if i >= 0 else i + self._n
            self.events_of("SELECT event, record FROM event_records WHERE event = $i", {"i": j})
            item = self._items[j]
        return item

    def __iter__(self) -> Iterator[Any]:
        n, items = self._n, self._items
        for start in range(0, n, self.BATCH):
            stop = min(n, start + self.BATCH)
            if any(x is None for x in items[start:stop]):
                self.events_of("SELECT event, record FROM event_records WHERE event >= $a AND event < $b "
                               "ORDER BY event",
                               {"a": start, "b": stop})
            yield from items[start:stop]

    def sql(self, query: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """The rows of a query of the database (StoreError when the database cannot answer)."""
        import _duckdb as duckdb  # see ENGINE

        try:
            return self.connection.execute(query, params).fetchall()
        except duckdb.Error as exc:
            raise self._unreadable(exc) from None

    def events_of(self, query: str, params: dict[str, Any] | None = None) -> list[Any]:
        """The events a query's rows of (event, record) name, in its order, a batch at a time (each decoded once)."""
        import _duckdb as duckdb  # see ENGINE

        out: list[Any] = []
        try:
            cursor = self.connection.execute(query, params)
            while rows := cursor.fetchmany(self.BATCH):
                out += self._decoded(rows)
        except duckdb.Error as exc:
            raise self._unreadable(exc) from None
        return out

    def _decoded(self, rows: Sequence[tuple[int, str]]) -> list[Any]:
        import msgspec

        items = self._items
        todo = [(i, r) for i, r in rows if items[i] is None]
        if todo:
            try:
                events = self._decode_many("[" + ",".join(r for _, r in todo) + "]")
            except msgspec.DecodeError:
                raise StoreError(f"{self.path} is damaged (an event's record does not decode); "
                                 "'dezzor cache build' rebuilds it") from None
            for (i, _), e in zip(todo, events, strict=True):
                items[i] = e
        return [items[i] for i, _ in rows]

    def _unreadable(self, exc: Exception) -> Exception:
        import _duckdb as duckdb  # see ENGINE

        if isinstance(exc, duckdb.ProgrammingError | duckdb.BinderException | duckdb.ParserException):
            return exc  # a bug in the query
        return StoreError(f"cannot read {self.path}: {str(exc).splitlines()[0]}; 'dezzor cache build' rebuilds it")

    def control_sequence(self) -> list[tuple[int, int]]:
        """(event, change) of every control change, in the order they take effect (as ``checks.control_sequence``);
        the events that hold them are decoded at once, in one query, for the caller that reads them next."""
        order = [(e, j) for e, j in self.sql("SELECT event, position FROM control_changes ORDER BY sequence")]
        self.events_of("SELECT event, record FROM event_records WHERE event IN (SELECT event FROM control_changes)")
        return order


def connection_of(store: StoreLike) -> duckdb.DuckDBPyConnection | None:
    """The open database a store is read through, or None for a store read from its JSON."""
    events = store.events
    return events.connection if isinstance(events, DatabaseEvents) else None


def private_connection(store: StoreLike) -> duckdb.DuckDBPyConnection | None:
    """A connection of its own (an in-memory DuckDB with the store's database attached read-only, as its default),
    for SQL that may lock its settings down without touching the connection the store is read through; None for a
    store read from its JSON."""
    import _duckdb as duckdb  # see ENGINE

    events = store.events
    if not isinstance(events, DatabaseEvents):
        return None
    connect(events.path).close()  # the same checks: a regular file, never a link
    con = duckdb.connect(":memory:", config=CONFIG)
    quoted = str(events.path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS store (READ_ONLY)")
    con.execute("USE store")
    return con
