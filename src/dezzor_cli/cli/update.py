"""The commands that keep a store current and say how to cite it: update, cite."""

import enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import StoreError, UsageError
from ..render import Format
from .app import app
from .files import iso_day
from .options import Color, ColorOpt, DataOpt, FormatOpt, Output, filter_options
from .output import emit, say, write_or_print

if TYPE_CHECKING:
    from pathlib import Path

    from ..query.filters import Filters


@app.command()
def update(
    store: Annotated[str, typer.Argument(metavar="STORE.json", help="The store to update (rewritten atomically).")],
    export: Annotated[str, typer.Argument(metavar="EXPORT.csv", help="A newer ACLED export or UCDP GED file.")],
    deletions: Annotated[str | None, typer.Option(
        "--deletions", metavar="FILE.csv",
        help="ACLED's deleted events (event_id_cnty, deleted_timestamp): remove the events it lists.")] = None,
    complete: Annotated[bool, typer.Option(
        "--complete", help="The export is a complete re-export of its period: remove the source's events dated "
        "within it that it lacks.")] = False,
    source: Annotated[str | None, typer.Option(
        "--source", metavar="ID", help="The store's source to update, when it has several of the export's kind.")
    ] = None,
    release: Annotated[str | None, typer.Option(
        "--release", metavar="RELEASE",
        help="UCDP's release of a GED file whose name does not say it (25.1, or 24.0.11 for a candidate month).")
    ] = None,
    retrieved: Annotated[str | None, typer.Option(
        "--retrieved", metavar="YYYY-MM-DD", help="When the export was downloaded (default: today, UTC).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")] = False,
    fmt: FormatOpt = Format.table,
    color: ColorOpt = Color.auto,
) -> None:
    """Apply a newer ACLED export or UCDP GED file to the store's source of its kind: records replaced, new added.

    Events are matched on the provider's id (ACLED event_id_cnty, UCDP GED id). Nothing is removed for being absent from
    the export unless --complete says it is a complete re-export (then only events dated within its period);
    --deletions removes what ACLED's deleted-events list names. Events of other sources are never touched.
    stderr says which rule applied. The result is validated before it replaces STORE.json.
    """
    import datetime as dt
    from pathlib import Path

    from ..atomic import check, write_bytes
    from ..interchange import incoming
    from ..interchange import update as core
    from ..store.read import validate_bytes
    from ..views.update import update_view

    if deletions is not None and complete:
        raise UsageError("--deletions and --complete are two rules for what to remove; give one of them")
    when = iso_day(retrieved, "--retrieved") if retrieved is not None else dt.datetime.now(dt.UTC).date().isoformat()
    # the folder and file must be writable (unless nothing is to be written); a link is followed to its file
    target = Path(store) if dry_run else check(store, force=True)
    kind = incoming.recognise(Path(export))
    if deletions is not None and kind != incoming.ACLED:
        raise UsageError("--deletions reads ACLED's deleted-events list; UCDP publishes none")
    if release is not None and kind != incoming.UCDP:
        raise UsageError("--release names a UCDP release; the export is an ACLED file")
    doc = _document(target)
    if doc.pop("_upgraded", False):
        say(f"{store} is a version 1 store; it is read as version 2, and written so (dezzor migrate does the same)")
    src = core.source_named(doc, kind, source, str(store))
    removed = incoming.read_deletions(Path(deletions)) if deletions is not None else None
    new = incoming.imported(Path(export), kind, target.parent, release, when)
    result, changes = core.apply(
        doc, new, source_id=src["id"], deletions=removed, complete=complete, at=core.utc_now(),
        file=Path(export).name, sha256=new["meta"]["sources"][0]["sha256"], retrieved=when,
        own=incoming.own_wording(kind, src))
    for line in changes.notes:
        say(line)
    data = incoming.store_bytes(result)
    try:
        validate_bytes(data, target)
    except StoreError as exc:
        raise StoreError(f"the updated store would not be valid, so {store} is left as it was: {exc.message}",
                         exc.details, exc.total) from None
    if not dry_run:
        say(f"wrote {write_bytes(target, data, force=True)}")
        from ..store import database

        if database.present(target):
            say(f"dezzor: note: {database.path_for(target)} was built from the store before this update; "
                "commands read the store itself until 'dezzor cache build' rebuilds it")
    emit(update_view(changes.document(), changes.records, changes.dates, source=src["id"], rule=changes.rule.value,
                     dry_run=dry_run), Output(fmt=fmt, color=color))



def _document(p: "Path", raw: bytes | None = None) -> dict[str, Any]:
    """The store at ``p`` as a schema 2 document (a version 1 store upgraded in memory), after validating it."""
    import json

    from ..store.read import read_bytes, validate_bytes
    from ..store.upgrade import upgrade_v1

    raw = read_bytes(p) if raw is None else raw
    validate_bytes(raw, p)  # an invalid store is refused before anything is done to it
    doc: dict[str, Any] = json.loads(raw)
    if doc.get("meta", {}).get("schema_version") == 1:
        doc = {**upgrade_v1(doc), "_upgraded": True}
    return doc


class CiteFormat(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    bibtex = "bibtex"
    json = "json"


@app.command()
@filter_options()
def cite(
    filters: "Filters",
    fmt: Annotated[CiteFormat, typer.Option(
        "--format", "-f", case_sensitive=False, help="text, markdown, bibtex or json.")] = CiteFormat.text,
    data: DataOpt = None,
) -> None:
    """How to cite the store's sources (ACLED, UCDP, the article) and the store itself (its SHA-256).

    With filters, only the sources of the events they select, and the filters listed (ACLED asks for them).
    """
    import hashlib

    from .. import __version__
    from ..query.filters import Filters as NoFilters
    from ..store.read import find, read_bytes
    from ..views import cite as views

    p = find(data)
    raw = read_bytes(p)
    doc = _document(p, raw)
    doc.pop("_upgraded", None)
    raw_hash = hashlib.sha256(raw).hexdigest()
    events = doc.get("events", [])
    if filters != NoFilters():
        from ..query.filters import resolve, select
        from .output import load

        ix = load(data)
        chosen = {e.id for e in select(ix, resolve(ix, filters))}
        events = [e for e in events if e["id"] in chosen]
    counts: dict[str, int] = {}
    for e in events:
        sid = str((e.get("source") or {}).get("source"))
        counts[sid] = counts.get(sid, 0) + 1
    if not events:
        say("dezzor: note: the filters select no event, so no source is cited")
    block = views.cite_document(doc["meta"], counts, filters=_described(filters), store=p.name, sha256=raw_hash,
                                version=__version__)
    if fmt is CiteFormat.json:
        emit(views.cite_view(block), Output(fmt=Format.json))
        return
    lines = {CiteFormat.text: views.text_lines, CiteFormat.markdown: views.markdown_lines,
             CiteFormat.bibtex: views.bibtex_lines}[fmt](block)
    from ..render.text import safe  # a store's text is data: no terminal escapes get through (the renderers' rule)

    write_or_print("\n".join(safe(line) for line in lines) + "\n", None, False)


_FLAGS = (("actors", "--actor"), ("exact", "--exact"), ("sides", "--side"), ("involving", "--involving"),
          ("places", "--place"), ("since", "--since"), ("until", "--until"), ("on", "--on"), ("within", "--within"),
          ("precisions", "--precision"), ("kinds", "--kind"), ("search", "--search"))


def _described(filters: "Filters") -> list[str]:
    """The filters as typed, one option each (``--place Hajin``), in the order of --help."""
    out: list[str] = []
    for name, flag in _FLAGS:
        value = getattr(filters, name)
        if value is True:
            out.append(flag)
        elif isinstance(value, str):
            out.append(f"{flag} {value}")
        elif isinstance(value, (list, tuple)):
            out += [f"{flag} {v}" for v in value]
    return out
