"""The commands that read or write files: export, import, cache, validate, migrate, schema."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from ..errors import ExitCode, StoreError, UsageError
from ..interchange import ExportFormat
from ..render import Format
from .app import app, cache_app, import_app
from .options import Color, ColorOpt, DataOpt, ForceOpt, FormatOpt, Output, filter_options
from .output import emit, keep, load, say, write_or_print

if TYPE_CHECKING:
    from pathlib import Path

    from ..interchange.acled.write import Imported
    from ..query.filters import Filters
    from ..query.index import Index
    from ..store.types import StoreLike


@app.command("export")
@filter_options()
def export(
    filters: "Filters",
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="acled-csv, ucdp (GED rows of the UCDP events), geojson, timelinejs, json (the store itself) or "
             "parquet (its tables, into --out DIR).")],
    out: Annotated[str | None, typer.Option(
        "--out", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout; for parquet, a folder.")
    ] = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """The store in a format other tools read: ACLED CSV, UCDP GED CSV, GeoJSON, TimelineJS or the store's JSON.

    The filters are timeline's: with any of them, only the events timeline would list are exported, with the
    whole registries and reported totals (-f json stays a valid store). Exports are exact, on stdout and with
    --out alike: they are meant for other tools, so CSV cells are not neutralised as the listing commands' CSV is.
    """
    from ..atomic import check
    from ..interchange import export as export_store
    from ..query.filters import Filters

    if fmt is ExportFormat.parquet:
        _parquet(filters, out, force, data)
        return
    if out is not None:
        check(out, force=force)  # before any work
    ix = load(data)
    store = ix.store
    if filters != Filters():
        store = _selected(ix, filters, fmt)
    exported = export_store(store, fmt, utf8=True)  # exports are UTF-8 bytes, on stdout as in a file
    for line in exported.notes:
        say(line)
    write_or_print(exported.text, out, force)


def _parquet(filters: "Filters", out: str | None, force: bool, data: str | None) -> None:
    """-f parquet: the store's tables (with filters, those of the store of the selected events) into --out DIR."""
    from pathlib import Path

    from ..errors import UsageError
    from ..query.filters import Filters
    from ..store import build, database, parquet

    if out is None:
        raise UsageError("-f parquet writes a folder of files, one per table; give it with --out DIR")
    parquet.targets(Path(out), force)  # before any work
    ix = load(data)
    con = database.connection_of(ix.store)
    if con is None or filters != Filters():
        store = _selected(ix, filters, ExportFormat.parquet) if filters != Filters() else ix.store
        con = build.in_memory(store)
    for path in parquet.write(con, Path(out), force):
        say(f"wrote {path}")


def _selected(ix: "Index", filters: "Filters", fmt: ExportFormat) -> "StoreLike":
    """The store with only the events the filters select (timeline's selection, in the store's order).

    For -f json, the result must be a valid store on its own: places' starting holders become those at the
    start of the exported events (query.filters.subset_document), and the result is validated.
    """
    from pathlib import Path

    from ..query.filters import resolve, select, subset, subset_document
    from ..render.data import dumps
    from ..store.read import validate_bytes
    from .queries import events_text, tell

    c = resolve(ix, filters)
    tell(ix, c, lambda k: events_text(len(select(ix, k))))
    events = select(ix, c)
    if fmt is not ExportFormat.json:
        return subset(ix, events)
    doc = subset_document(ix, events)
    return validate_bytes(dumps(doc, None).encode("utf-8"), Path("the exported store")).store


@import_app.command("acled")
def import_acled(
    source: Annotated[str, typer.Argument(metavar="FILE.csv", help="An ACLED CSV export ('-' for standard input).")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="STORE.json", help="The store to write (atomically).")],
    skip_bad: Annotated[bool, typer.Option(
        "--skip-bad", help="Skip rows that cannot be read instead of refusing the file.")] = False,
    retrieved: Annotated[str | None, typer.Option(
        "--retrieved", metavar="YYYY-MM-DD", help="The day the file was downloaded from ACLED (for the citation).")
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Turn an ACLED CSV export into a store every command can query with --data.

    The file is read as a stream of rows, and the store is validated as it is written to a temporary file
    beside STORE.json, which replaces STORE.json only when complete: memory stays a small multiple of the
    CSV's size, and a bad row or an invalid store leaves nothing behind.
    """
    from pathlib import Path

    from ..interchange import acled

    if retrieved is not None:
        iso_day(retrieved, "--retrieved")
    file = None if source == "-" else Path(source).name
    _import(source, out, force, lambda stream, spool, name: acled.read_csv(
        stream, skip_bad=skip_bad, spool=spool, name=name, file=file, retrieved=retrieved))


@import_app.command("ucdp")
def import_ucdp(
    source: Annotated[str, typer.Argument(
        metavar="FILE.csv", help="A UCDP GED CSV, yearly or candidate, with or without its header ('-': stdin).")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="STORE.json", help="The store to write (atomically).")],
    release: Annotated[str | None, typer.Option(
        "--release", metavar="RELEASE",
        help="UCDP's release (25.1, or 24.0.11 for a candidate month); read from the file name when it is "
             "UCDP's (GEDEvent_v25_1.csv), needed otherwise.")] = None,
    skip_bad: Annotated[bool, typer.Option(
        "--skip-bad", help="Skip rows that cannot be read instead of refusing the file.")] = False,
    retrieved: Annotated[str | None, typer.Option(
        "--retrieved", metavar="YYYY-MM-DD", help="The day the file was downloaded from UCDP (for the citation).")
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Turn a UCDP GED CSV (a yearly release or a monthly candidate file) into a store of schema 2.

    Each row becomes one event citing UCDP's id, with its low, best and high kept, its two sides as actors
    with UCDP's ids, and its place in a hierarchy country, adm_1, adm_2, location. The store records the
    release, the file's name and SHA-256, and the citation UCDP asks for. Read as a stream and written
    atomically, as import acled is.
    """
    from pathlib import Path

    from ..interchange.ucdp import read

    if retrieved is not None:
        iso_day(retrieved, "--retrieved")
    file_name = None if source == "-" else Path(source).name
    version, whence = read.resolve_release(file_name, release)  # before any work
    imported = _import(source, out, force, lambda stream, spool, name: read.read_csv(
        stream, skip_bad=skip_bad, spool=spool, release=version, file_name=file_name, name=name,
        retrieved=retrieved))
    say(f"UCDP release {version} (from {whence}); {'no header row' if imported.headerless else 'header row'}")
    if n := imported.out_of_order:
        say(f"{n} row{'s' if n != 1 else ''} had low, best and high out of order; kept, each with a range spanning "
            "all three (see README)")


def _import(source: str, out: str, force: bool, read: "Callable[[BinaryIO, BinaryIO, str], Imported]") -> "Imported":
    """Read ``source`` with ``read`` (stream, spool, name) and write its store to ``out``; say what was skipped."""
    import sys
    import tempfile
    from contextlib import ExitStack
    from pathlib import Path

    from ..atomic import TEMP_PREFIX, check, write_chunks
    from ..render.progress import progress
    from ..store.read import file_size, open_input

    if source != "-" and _same_file(Path(source), Path(out)):
        raise UsageError(f"--out {out} is the file being imported; an import writes a new store and never "
                         "replaces its input")
    target = check(out, force=force)  # before the conversion starts
    name = "standard input" if source == "-" else source
    with ExitStack() as stack:
        if source == "-":
            if sys.stdin is None:
                raise StoreError("standard input is closed; give a file name instead of '-'")
            stream, size = sys.stdin.buffer, 0
        else:
            stream, size = stack.enter_context(open_input(Path(source), "CSV")), file_size(Path(source))
        try:  # the events wait here while the actors and places are settled (see interchange.acled.build)
            spool = stack.enter_context(tempfile.TemporaryFile(prefix=TEMP_PREFIX, dir=target.parent))
        except OSError as exc:
            raise StoreError(f"cannot write a temporary file in {target.parent}: {exc.strerror or exc}") from None
        with progress(Path(name).name, size, 2) as step:
            step("converting")
            imported = read(stream, spool, name)
            step("writing the store from")
            say(f"wrote {write_chunks(out, imported.chunks(), force=force)}")
    for line, message in imported.problems:
        say(f"skipped line {line}: {message}")
    counts = ((imported.events, "event"), (imported.actors, "actor"), (imported.places, "place"))
    say(", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts))
    return imported


@cache_app.command("build")
def cache_build(data: DataOpt = None) -> None:
    """Validate the store and write its database (DuckDB) beside it; every command then uses it while it matches."""
    from ..render.progress import progress
    from ..store import build, database
    from ..store.read import file_size, find

    p = find(data)
    with progress(p.name, file_size(p), 3) as step:
        target, built = build.build_beside(p, step)
    keep(built)
    say(f"wrote {target} ({target.stat().st_size / 2**20:,.1f} MiB) for {p} ({len(built.events)} events)")
    _remove(database.legacy_path(p), quiet=True)  # the msgpack cache of earlier versions, if any


@cache_app.command("remove")
def cache_remove(data: DataOpt = None) -> None:
    """Delete the store's database, if it has one; commands then read the store itself again."""
    from ..store import database
    from ..store.read import find

    p = find(data)
    if not p.name or p.is_dir():
        raise StoreError(f"{p} is a directory, not a store file")
    _remove(database.legacy_path(p), quiet=True)
    if not _remove(database.path_for(p), quiet=False):
        say(f"{database.path_for(p)} does not exist; nothing to remove")


def _remove(target: "Path", quiet: bool) -> bool:
    """Delete ``target`` (a link itself, never what it points to); whether there was one."""
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        if quiet:
            return False
        raise StoreError(f"cannot remove {target}: {exc.strerror or exc}") from None
    say(f"removed {target}")
    return True


@cache_app.command("verify")
def cache_verify(data: DataOpt = None) -> None:
    """Hash the store and check its database: the store it was built from, every table whole, every record."""
    from ..store import build, database
    from ..store.read import find

    p = find(data)
    if not p.name or p.is_dir():
        raise StoreError(f"{p} is a directory, not a store file")
    made, problems = build.verify(p)
    target = database.path_for(p)
    if problems:
        raise StoreError(f"{target} does not match {p}: {'; '.join(problems)}", problems)
    say(f"{target} matches {p}: {made.rows['events']} events, SHA-256 {made.sha256[:16]}..., "
        f"built by dezzor {made.identity['dezzor']} with DuckDB {made.identity['duckdb']}")


@app.command()
def validate(
    path: Annotated[str | None, typer.Argument(metavar="[PATH]", help="Store to check (default: as --data).")] = None,
    max_problems: Annotated[int, typer.Option("--max", min=1, help="List at most this many problems.")] = 50,
    fmt: FormatOpt = Format.table,
    color: ColorOpt = Color.auto,
    data: DataOpt = None,
) -> None:
    """Check a store and list every problem with its location; exit 0 when valid, 1 when not."""
    from ..store.read import find
    from ..store.read import load as load_store
    from ..views.checks import invalid_view, valid_view

    target = path if path is not None else data
    try:
        loaded = load_store(target, use_cache=False)  # check the store itself, not a cache of it
    except StoreError as exc:
        emit(invalid_view(find(target), exc.details or [exc.message], exc.total, max_problems),
             Output(fmt=fmt, color=color))
        raise typer.Exit(ExitCode.DATA) from None
    emit(valid_view(loaded.path, loaded.store, loaded.upgraded), Output(fmt=fmt, color=color))


@app.command()
def migrate(
    store: Annotated[str, typer.Argument(metavar="STORE", help="The store to read (schema version 1 or 2).")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="NEW.json", help="The store to write (atomically).")],
    force: ForceOpt = False,
) -> None:
    """Write STORE as schema version 2 to NEW.json (STORE itself is never changed).

    Every command reads a version 1 store as version 2 already; migrate writes that version 2 document, so
    that other tools see it too (docs/schema.md says what changes). A store that is version 2 already is copied
    as it is, with a note.
    """
    from pathlib import Path

    from ..atomic import check, write_bytes
    from ..errors import UsageError
    from ..store.read import migrated, read_bytes

    source = Path(store)
    if _same_file(source, Path(out)):
        raise UsageError(f"--out {out} is STORE itself; migrate writes a new file and never changes STORE")
    check(out, force=force)  # before any work
    data, upgraded = migrated(read_bytes(source), source)
    if not upgraded:
        say(f"note: {store} is schema version 2 already; copied unchanged")
    say(f"wrote {write_bytes(out, data, force=force)}")


def iso_day(text: str, option: str) -> str:
    """``text``, a day written YYYY-MM-DD, or UsageError (a store keeps dates in that form only)."""
    import datetime as dt
    import re

    from ..errors import UsageError

    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError
        dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} must be a day written YYYY-MM-DD, not {text!r}") from None
    return text


def _same_file(a: "Path", b: "Path") -> bool:
    import os

    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one of them is not there (or not a name): not the same file
        return False


@app.command()
def schema() -> None:
    """Print the store's JSON Schema (for editors and other tools)."""
    from ..render.data import dumps
    from ..store.model import Store

    write_or_print(dumps(Store.model_json_schema(by_alias=True), 2) + "\n", None, False)
