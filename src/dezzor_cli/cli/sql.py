"""``dezzor sql``: read-only SQL over a store's tables, through the output formats of every listing.

The tables are the database's (``store/tables.py``): the store's own database
when it has one (``dezzor cache build``), otherwise one built in memory from
the validated store for this one question.  Only a single statement that
reads is run: DuckDB itself says what kind a statement is, the database is
opened read-only, and before the query runs the connection loses all access
to files and the right to change its settings.
"""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import StoreError, UsageError
from .app import app
from .options import Output, output_options
from .output import emit, load, note

if TYPE_CHECKING:
    import duckdb

    from ..views.model import View

READS = ("SELECT", "EXPLAIN")  # DuckDB's statement types that only read (WITH, VALUES, DESCRIBE, SHOW are SELECTs)


@app.command()
@output_options()
def sql(
    query: Annotated[str, typer.Argument(
        metavar="QUERY", help="One SELECT (or WITH, VALUES, EXPLAIN) over the store's tables (see the README).")],
    out: Output = Output(),
) -> None:
    """Read-only SQL over the store's tables: events, event_actors, event_places, casualties, control_changes,
    actors, places, sides, side_supporters, reported_totals, kinds, about.

    Uses the store's database when it has one ('dezzor cache build'), else one built in memory from the
    validated store. A statement that writes, or more than one statement, is refused.
    """
    from ..render.progress import PROGRESS_FROM_BYTES
    from ..store import build, database
    from ..store.read import file_size, find

    read_only(query)  # before any work
    ix = load(out.data)
    con = database.private_connection(ix.store)
    if con is None:
        con = build.in_memory(ix.store)
        p = find(out.data)
        if file_size(p) >= PROGRESS_FROM_BYTES:
            note(f"{p} has no database: one was built in memory for this query ('dezzor cache build' keeps one)")
    emit(result_view(*run(con, query)), out)


def read_only(text: str) -> None:
    """Refuse (UsageError) anything but one statement that only reads."""
    import duckdb

    try:
        statements = duckdb.extract_statements(text)
    except duckdb.Error as exc:
        raise UsageError(f"cannot read the SQL: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise UsageError("give one SQL statement" + (f", not {len(statements)}" if statements else ""))
    kind = statements[0].type.name
    if kind not in READS:
        raise UsageError(f"dezzor sql only reads: a {kind} statement is refused; give one SELECT "
                         "(or WITH, VALUES, EXPLAIN)")


def run(con: "duckdb.DuckDBPyConnection", text: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns and rows of ``text`` on ``con``, once the connection can touch no file and change no setting."""
    import duckdb

    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    try:
        cursor = con.execute(text)
        columns = [d[0] for d in cursor.description or ()]
        rows = cursor.fetchall()
    except duckdb.IOException as exc:
        raise StoreError(f"cannot read the database: {_first_line(exc)}") from None
    except duckdb.Error as exc:
        raise UsageError(_first_line(exc)) from None
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        raise UsageError(f"the result has more than one column named {twice[0]!r}; name them apart with AS")
    return columns, rows


def result_view(columns: list[str], rows: list[tuple[Any, ...]]) -> "View":
    """The rows as records (JSON-ready values) and as a table (numbers to the right, lists and structs as JSON)."""
    from ..views.model import Column, Table, View

    records = [{c: _value(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    numeric = [all(isinstance(r[c], int | float) and not isinstance(r[c], bool) for r in records if r[c] is not None)
               for c in columns]
    body = Table([Column(c, "right" if n and records else "left") for c, n in zip(columns, numeric, strict=True)],
                 [[_cell(r[c]) for c in columns] for r in records])
    return View(body=body, records=records, fields=columns, caption=f"{len(rows)} row{'s' if len(rows) != 1 else ''}",
                empty="no rows")


def _value(v: Any) -> Any:
    """A DuckDB value as JSON-ready data: dates as ISO text, exact decimals as numbers, blobs as hex."""
    import datetime as dt
    import decimal
    import math

    if v is None or isinstance(v, bool | int | str):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else str(v)
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, dt.date | dt.datetime | dt.time):
        return v.isoformat()
    if isinstance(v, bytes | bytearray | memoryview):
        return bytes(v).hex()
    if isinstance(v, list | tuple):
        return [_value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _value(x) for k, x in v.items()}
    return str(v)  # intervals, UUIDs, ...


def _cell(v: Any) -> str:
    import json

    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return str(v)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
