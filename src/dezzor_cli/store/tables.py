"""The tables of a store's database, and how they are filled from a validated store.

One row per event in ``events`` (its day span, kind, certainty and its whole
normalised record as JSON, the record every output is made from), one row per
list item in ``event_actors``, ``event_places``, ``casualties`` and
``control_changes``, and the registries (``actors``, ``places``, ``sides``,
``side_supporters``, ``reported_totals``, ``kinds``).  ``about`` holds one row:
what built the database, from which store, and the store without its events.
Lists keep their order in a ``position`` column (from 0); ``event`` is an
event's position in the store (from 0) and joins every table to ``events``.
A casualty record carries its event's ``date``, ``last_day`` and ``precision``
too, so that a tally by day, week or month groups 1.5 million records without
joining them to their events.

A count is three columns, ``killed_min``, ``killed_max`` and ``killed_best``: all
NULL when the source gives no figure, ``killed_max`` NULL alone when there is no
known maximum, ``killed_best`` NULL alone when there is no best estimate (an exact
count is its own); so neither ``sum(killed_max)`` nor ``sum(killed_best)`` is an
honest sum by itself: see ``query/engine.py`` for the arithmetic dezzor does.  An
event's own ``fatalities`` are three such columns of ``event_rows``.

The events are handed to DuckDB as files of JSON lines, a run of events at a
time, written by msgspec from the normalised structs: DuckDB reads each file
twice, as lines of text for the records and with its JSON reader into a staging
table, and fills every table from them in one transaction.
"""

from __future__ import annotations

import contextlib
import json
import queue
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from ..errors import StoreError
from .database import TABLES
from .fast import Event, Store
from .vocab import COUNT_FIELDS, SUB_EVENT_TYPES

if TYPE_CHECKING:
    import duckdb


BATCH = 100_000  # events encoded, and read by DuckDB, at a time
TOO_BIG = "a whole number beyond 64 bits"  # the message DuckDB is made to raise for one

_COUNTS = ", ".join(f"{n}_min BIGINT, {n}_max BIGINT, {n}_best BIGINT" for n in COUNT_FIELDS)
SCHEMA = f"""
CREATE TABLE about (format INTEGER, dezzor VARCHAR, duckdb VARCHAR, rules VARCHAR, store_name VARCHAR,
    store_size UBIGINT, store_mtime_ns BIGINT, store_ctime_ns BIGINT, store_inode UBIGINT, store_sha256 VARCHAR,
    title VARCHAR, period_start DATE, period_end DATE, rows VARCHAR, head VARCHAR);
CREATE TABLE kinds (kind VARCHAR NOT NULL, event_type VARCHAR NOT NULL);
CREATE TABLE event_rows (event INTEGER NOT NULL, id VARCHAR NOT NULL, date DATE NOT NULL, date_end DATE,
    last_day DATE NOT NULL, precision VARCHAR NOT NULL, kind VARCHAR NOT NULL, event_type VARCHAR NOT NULL,
    certainty VARCHAR NOT NULL, claimed_by VARCHAR, fatalities_min BIGINT, fatalities_max BIGINT,
    fatalities_best BIGINT);
CREATE TABLE event_records (event INTEGER NOT NULL, record VARCHAR NOT NULL USING COMPRESSION zstd);
CREATE VIEW events AS SELECT e.*, r.record FROM event_rows e JOIN event_records r USING (event);
CREATE TABLE event_actors (event INTEGER NOT NULL, position INTEGER NOT NULL, actor VARCHAR NOT NULL,
    role VARCHAR NOT NULL);
CREATE TABLE event_places (event INTEGER NOT NULL, position INTEGER NOT NULL, place VARCHAR NOT NULL);
CREATE TABLE casualties (event INTEGER NOT NULL, position INTEGER NOT NULL, party VARCHAR, {_COUNTS},
    certainty VARCHAR NOT NULL, claimed_by VARCHAR, first_of_party BOOLEAN NOT NULL, date DATE NOT NULL,
    last_day DATE NOT NULL, precision VARCHAR NOT NULL);
CREATE TABLE control_changes (event INTEGER NOT NULL, position INTEGER NOT NULL, sequence INTEGER NOT NULL,
    place VARCHAR NOT NULL, from_holder VARCHAR, to_holder VARCHAR, certainty VARCHAR NOT NULL, claimed_by VARCHAR);
CREATE TABLE changes_read (event INTEGER, position INTEGER, place VARCHAR, from_holder VARCHAR, to_holder VARCHAR,
    certainty VARCHAR, claimed_by VARCHAR);
CREATE TABLE actors (position INTEGER, id VARCHAR, name VARCHAR, short VARCHAR, aliases VARCHAR[], type VARCHAR,
    parent VARCHAR, side VARCHAR, note VARCHAR);
CREATE TABLE places (position INTEGER, id VARCHAR, name VARCHAR, aliases VARCHAR[], type VARCHAR, parent VARCHAR,
    lat DOUBLE, lon DOUBLE, geonames_id BIGINT, initial_holder VARCHAR, note VARCHAR);
CREATE TABLE sides (position INTEGER, id VARCHAR, name VARCHAR, infobox_column BIGINT, note VARCHAR);
CREATE TABLE side_supporters (side VARCHAR, position INTEGER, actor VARCHAR, "until" DATE, note VARCHAR);
CREATE TABLE reported_totals (position INTEGER, id VARCHAR, field VARCHAR, side VARCHAR, party VARCHAR, {_COUNTS},
    certainty VARCHAR, claimed_by VARCHAR, text VARCHAR, note VARCHAR);
CREATE VIEW casualty_figures AS
""" + "\nUNION ALL ".join(
    f"SELECT event, position, party, '{n}' AS measure, {n}_min AS min, {n}_max AS max, certainty, claimed_by, "
    f"{n}_best AS best "
    f"FROM casualties WHERE {n}_min IS NOT NULL" for n in COUNT_FIELDS) + ";"

# What DuckDB's JSON reader takes from each record (a count stays text: a whole number or {"min": .., "max": ..}).
_TYPED = "{" + ", ".join(f"{k}: '{t}'" for k, t in {
    "id": "VARCHAR", "date": "DATE", "date_end": "DATE", "precision": "VARCHAR", "kind": "VARCHAR",
    "certainty": "VARCHAR", "claimed_by": "VARCHAR", "fatalities": "VARCHAR",
    "actors": "STRUCT(actor VARCHAR, role VARCHAR)[]",
    "places": "VARCHAR[]",
    "casualties": f"STRUCT(party VARCHAR, {', '.join(f'{n} VARCHAR' for n in COUNT_FIELDS)}, certainty VARCHAR, "
                  "claimed_by VARCHAR)[]",
    "control_changes": 'STRUCT(place VARCHAR, "from" VARCHAR, "to" VARCHAR, certainty VARCHAR, claimed_by VARCHAR)[]',
}.items()) + "}"


def _bounds(x: str) -> str:
    """SQL for the min, max and best columns of a count read as text (a whole number, {"min": n, "max": m}, with
    "best" when known, or null)."""
    def whole(v: str) -> str:  # a count is a JSON whole number; anything else here is one too big for BIGINT
        return (f"CASE WHEN {v} IS NULL THEN NULL WHEN {v} SIMILAR TO '[0-9]{{1,18}}' THEN {v}::BIGINT "
                f"ELSE error('{TOO_BIG}') END")
    def part(key: str) -> str:
        return f"CASE WHEN starts_with({x}, '{{') THEN json_extract_string({x}, '$.{key}') ELSE {x} END"
    return f"{whole(part('min'))}, {whole(part('max'))}, {whole(part('best'))}"


# Each run of events is a file of JSON lines, one record a line, read twice: as text, for the records, and by
# DuckDB's JSON reader, for everything else.  Row numbers follow the file's order (DuckDB keeps it), from the run's
# first event ($start); `dezzor cache verify` checks that records and rows agree.
STATEMENTS = ["""INSERT INTO event_records SELECT $start + row_number() OVER () - 1, line FROM read_csv($file,
    columns = {'line': 'VARCHAR'}, delim = '\x1f', quote = '', escape = '', header = false, auto_detect = false,
    new_line = '\\n', max_line_size = $longest)""",
    f"""CREATE OR REPLACE TEMP TABLE chunk AS SELECT $start + row_number() OVER () - 1 AS event, *
        FROM read_json($file, format = 'newline_delimited', maximum_object_size = $longest, columns = {_TYPED})""",
    f"""INSERT INTO event_rows SELECT g.event, g.id, g.date, g.date_end, coalesce(g.date_end, g.date), g.precision,
        g.kind, k.event_type, g.certainty, g.claimed_by, {_bounds("g.fatalities")} FROM chunk g
        JOIN kinds k ON k.kind = g.kind""",
    """INSERT INTO event_actors SELECT event, generate_subscripts(actors, 1) - 1, unnest(actors, recursive := true)
        FROM chunk""",
    "INSERT INTO event_places SELECT event, generate_subscripts(places, 1) - 1, unnest(places) FROM chunk",
    f"""INSERT INTO casualties SELECT event, position, c.party, {", ".join(_bounds(f"c.{n}") for n in COUNT_FIELDS)},
        c.certainty, c.claimed_by, list_position(parties, c.party) = position + 1, date, last_day, precision
        FROM (SELECT event, generate_subscripts(casualties, 1) - 1 AS position, unnest(casualties) AS c, date,
              coalesce(date_end, date) AS last_day, precision, list_transform(casualties, lambda x: x.party) AS parties
              FROM chunk WHERE len(casualties) > 0)""",
    """INSERT INTO changes_read SELECT event, generate_subscripts(control_changes, 1) - 1,
        unnest(control_changes, recursive := true) FROM chunk WHERE len(control_changes) > 0""",
]
# Once every run is in: the changes of control in the order they take effect (as checks.control_sequence).
FINISH = [
    """INSERT INTO control_changes SELECT x.event, x.position,
        row_number() OVER (ORDER BY e.last_day, e.date, x.event, x.position) - 1,
        x.place, x.from_holder, x.to_holder, x.certainty, x.claimed_by
        FROM changes_read x JOIN event_rows e USING (event) ORDER BY 3""",
    "DROP TABLE changes_read",
]
# DuckDB's Python client takes the interpreter lock between the tasks of a statement (to see whether Ctrl-C was
# pressed).  While the main thread decodes, DuckDB's thread waits for the lock each time, up to Python's switch
# interval (5 ms unless set).  So while DuckDB may be reading beside Python, a thread waiting for the lock gets it
# within 0.1 ms (docs/architecture.md, Threads, has what it saves).
SWITCH_INTERVAL = 0.0001


@contextlib.contextmanager
def sharing_the_lock() -> Iterator[None]:
    """Python's switch interval at :data:`SWITCH_INTERVAL` (or less, if it was) for the block, and back to what it
    was after.  It costs nothing while no other thread waits for the lock."""
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(min(before, SWITCH_INTERVAL))
        yield
    finally:
        sys.setswitchinterval(before)


LINE = 2**21  # the longest line DuckDB's readers expect unless told more (2 MiB)


def longest(lines: bytes) -> int:
    """The line length to tell DuckDB's readers for ``lines``: 2 MiB, or more when some line is longer.  A line
    ends within every 2 MiB from a line's start, or the lines are measured one by one (only then)."""
    pos, size = 0, len(lines)
    while size - pos >= LINE - 1:
        end = lines.rfind(b"\n", pos, pos + LINE - 1)
        if end < 0:
            return max(map(len, lines.split(b"\n"))) + 1
        pos = end + 1
    return LINE


class _Reader(threading.Thread):
    """One connection reading the runs of events in order as they come (DuckDB's work runs without the interpreter
    lock, which its client takes only between tasks: see :func:`sharing_the_lock`), in one transaction, and
    removing each file once read; an error is kept for the main thread to raise."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        super().__init__(daemon=True)
        self.con = con
        self.runs: queue.Queue[tuple[Path, int, int] | None] = queue.Queue()
        self.done = threading.Semaphore(0)  # released as each run has been read (and its file removed)
        self.error: BaseException | None = None
        self.stopped = False  # set to skip what is left (the store turned out invalid)
        self.start()

    def given_up(self) -> bool:
        return self.stopped  # read afresh each time: the main thread sets it while a run is read

    def run(self) -> None:
        try:
            self.con.execute("BEGIN")
        except BaseException as exc:
            self.error = exc
        while (run := self.runs.get()) is not None:
            path, start, longest = run
            try:
                if self.error is None and not self.given_up():
                    given = {"file": str(path), "start": start, "longest": longest}
                    for statement in STATEMENTS:
                        if self.given_up():
                            break
                        self.con.execute(statement, {k: v for k, v in given.items() if f"${k}" in statement})
                path.unlink(missing_ok=True)
            except BaseException as exc:  # handed to the main thread, which raises it
                self.error = exc
            self.done.release()
        if self.error is None and not self.stopped:
            try:
                self.con.execute("COMMIT")
            except BaseException as exc:
                self.error = exc


class Filling:
    """Filling a database's tables: the schema, then :meth:`put` hands DuckDB each run of events, :meth:`close`
    waits until they are all in, and :meth:`finish` adds the rest."""

    def __init__(self, con: duckdb.DuckDBPyConnection, folder: Path) -> None:
        for statement in SCHEMA.split(";\n"):
            if statement.strip():
                con.execute(statement)
        con.executemany("INSERT INTO kinds VALUES (?, ?)", list(SUB_EVENT_TYPES.items()))
        self.con, self.folder = con, folder
        self.reader = _Reader(con.cursor())
        self.encode = msgspec.json.Encoder().encode_lines
        self.closed = False

    def put(self, events: Sequence[Event], start: int) -> None:
        """Hand DuckDB ``events`` (normalised), the store's from position ``start``, as a file of JSON lines; it
        reads them on its own thread while the caller goes on.  The files wait in the folder until read.  What
        could not be written or read is raised by :meth:`close`, not here: the caller may still find the store
        invalid, which is the error to report."""
        if self.reader.error is not None:
            return  # nothing more will be read
        lines = self.encode(events)
        path = self.folder / f"events-{start}.jsonl"
        try:
            path.write_bytes(lines)
        except OSError as exc:
            self.reader.error = exc  # the reader reads no more once it sees an error
            path.unlink(missing_ok=True)
            return
        self.reader.runs.put((path, start, longest(lines)))

    def feed(self, events: Sequence[Event]) -> None:
        """All the events (of a validated store), a run of :data:`BATCH` at a time with at most two waiting to be
        read, then :meth:`close`."""
        try:
            for n, start in enumerate(range(0, len(events), BATCH)):
                if n >= 2:
                    self.reader.done.acquire()  # the run before last has been read, and its file removed
                if self.reader.error is not None:
                    break  # close() raises it
                self.put(events[start:start + BATCH], start)
        except BaseException:
            self.stop()
            raise
        self.close()

    def stop(self) -> None:
        """Give up: DuckDB stops reading (what it is reading is interrupted) and the files are removed."""
        self.reader.stopped = True
        self.reader.con.interrupt()
        self.closed = True
        self.reader.runs.put(None)
        self.reader.join()

    def close(self) -> None:
        """No more events: wait until DuckDB has read every run (and raise what it could not read)."""
        if not self.closed:
            self.closed = True
            self.reader.runs.put(None)
            self.reader.join()
        if self.reader.error is not None:
            raise self.reader.error

    def finish(self, store: Store, about: dict[str, Any]) -> dict[str, int]:
        """The rest, once the events are in: control changes in order, registries, the about row; the row counts."""
        self.close()
        con = self.con
        (read,), = con.execute("SELECT count(*) FROM event_rows").fetchall()
        if read != len(store.events):  # every run read, or the database is not put in place
            raise StoreError(f"the database holds {read} of the store's {len(store.events)} events")
        for statement in FINISH:
            con.execute(statement)
        head = msgspec.structs.replace(store, events=[])
        registries = msgspec.to_builtins(head)
        _registries(con, self.folder, registries)
        rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES[1:]}
        meta = registries["meta"]
        con.execute("INSERT INTO about VALUES ($format, $dezzor, $duckdb, $rules, $store_name, $store_size, "
                    "$store_mtime_ns, $store_ctime_ns, $store_inode, $store_sha256, $title, $period_start, "
                    "$period_end, $rows, $head)",
                    {**about, "title": meta["title"], "period_start": meta["period"]["start"],
                     "period_end": meta["period"]["end"], "rows": json.dumps(rows, sort_keys=True),
                     "head": msgspec.json.encode(head).decode()})
        return rows


def fill(con: duckdb.DuckDBPyConnection, folder: Path, store: Store, about: dict[str, Any]) -> dict[str, int]:
    """Create and fill every table from ``store``; ``about`` gives the identity columns.  Returns the row counts."""
    with sharing_the_lock():
        filling = Filling(con, folder)
        filling.feed(store.events)
        return filling.finish(store, about)


def _registries(con: duckdb.DuckDBPyConnection, folder: Path, store: dict[str, Any]) -> None:
    """The registries and reported totals (a few thousand rows at most), through one JSON file each."""
    def load(table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        path = folder / f"{table}.json"
        path.write_bytes(msgspec.json.encode(rows))
        spec = "{" + ", ".join(f"'{c[0]}': '{c[1]}'" for c in con.execute(f"DESCRIBE {table}").fetchall()) + "}"
        con.execute(f"INSERT INTO {table} SELECT * FROM read_json($file, format = 'array', "
                    f"columns = {spec})", {"file": str(path)})

    numbered = {k: [{"position": i, **r} for i, r in enumerate(store[k])] for k in ("actors", "places", "sides")}
    load("actors", numbered["actors"])
    load("places", numbered["places"])
    load("sides", [{k: v for k, v in r.items() if k != "supporters"} for r in numbered["sides"]])
    load("side_supporters", [{"side": s["id"], "position": i, **x}
                             for s in store["sides"] for i, x in enumerate(s["supporters"])])
    totals = []
    for i, r in enumerate(store["reported_totals"]):
        row = {"position": i, **r}
        for n in COUNT_FIELDS:
            lo, hi, best = _split(row.pop(n))
            if max(lo or 0, hi or 0, best or 0) >= 2**63:
                raise StoreError(f"it holds {TOO_BIG}, which the database cannot")
            row[f"{n}_min"], row[f"{n}_max"], row[f"{n}_best"] = lo, hi, best
        totals.append(row)
    load("reported_totals", totals)


def _split(count: Any) -> tuple[int | None, int | None, int | None]:
    if count is None:
        return None, None, None
    if isinstance(count, dict):
        return count["min"], count["max"], count.get("best")
    return count, count, count
