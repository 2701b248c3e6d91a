"""A store's tables as Parquet files (``dezzor export -f parquet --out DIR``), written by DuckDB.

One file per table of :mod:`.tables` (``events.parquet``, ``casualties.parquet``,
...), zstd-compressed, rows in the store's order: DuckDB, Polars, pandas,
R's arrow and any engine that reads Parquet can read them, with no dezzor at
hand.  Each file is written under a temporary name in DIR and renamed into
place when complete.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoreError, UsageError
from .database import TABLES

if TYPE_CHECKING:
    import duckdb

# The order of each table's rows: the store's (its lists' positions, the order control changes take effect).
ORDER = {"events": "event", "event_actors": "event, position", "event_places": "event, position",
         "casualties": "event, position", "control_changes": "sequence", "actors": "position",
         "places": "position", "sides": "position", "side_supporters": "side, position",
         "reported_totals": "position", "kinds": "kind"}


def targets(folder: Path, force: bool) -> list[Path]:
    """The files to write in ``folder``, checked before any work: the folder must be one (or not exist yet, in
    a folder that does), and no file may be replaced without ``force``."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-f parquet writes a folder of files, and {folder} is a file; give --out a folder")
    if not folder.exists() and not folder.parent.is_dir():
        raise StoreError(f"cannot write {folder}: the folder {folder.parent} does not exist")
    out = [folder / f"{t}.parquet" for t in TABLES]
    there = [p.name for p in out if os.path.lexists(p)]
    if there and not force:
        raise StoreError(f"{folder} already holds {', '.join(there)}; use --force to replace them")
    return out


def write(con: duckdb.DuckDBPyConnection, folder: Path, force: bool) -> list[Path]:
    """Every table of the database on ``con`` as a Parquet file in ``folder``; the files written."""
    import tempfile

    import duckdb

    from ..errors import reason
    from .database import TEMP_PREFIX

    files = targets(folder, force)
    try:
        folder.mkdir(exist_ok=True)
        for table, target in zip(TABLES, files, strict=True):
            fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{table}-", suffix=".parquet", dir=folder)
            os.close(fd)
            try:
                order = f" ORDER BY {ORDER[table]}" if table in ORDER else ""
                quoted = tmp.replace("'", "''")
                con.execute(f"COPY (SELECT * FROM {table}{order}) TO '{quoted}' (FORMAT parquet, COMPRESSION zstd)")
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
    except OSError as exc:
        raise StoreError(f"cannot write {folder}: {reason(exc)}") from None
    except duckdb.Error as exc:
        raise StoreError(f"cannot write {folder}: {str(exc).splitlines()[0]}") from None
    return files
