"""The command line: parse options, call the library, pick a renderer.  No logic lives here.

Errors are handled in one place, :func:`main`, which maps them to the exit
codes in :class:`~dezzor_cli.errors.ExitCode` and prints one line on stderr.
``--debug`` (anywhere on the line) re-raises instead, showing the traceback.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import __version__
from .errors import DezzorError, ExitCode, OutputClosed, UsageError
from .render import Format

if TYPE_CHECKING:
    from .query import Criteria, Index
    from .render import View
    from .store import LoadedStore

app = typer.Typer(
    name="dezzor",
    help="Query the chronology of the Deir ez-Zor offensive (2024), or any store of the same shape.",
    rich_markup_mode=None,  # help text is shown literally: [brackets] survive
    pretty_exceptions_enable=False,  # no Rich tracebacks, no local variables: main() handles errors
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# --------------------------------------------------------------------------- shared options

DataOpt = Annotated[
    Optional[str],
    typer.Option("--data", "-d", metavar="PATH",
                 help="Store to read (default: $DEZZOR_DATA, else the bundled Deir ez-Zor store)."),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Output format: table, json, jsonl, csv or markdown.")
]
RawOpt = Annotated[
    bool, typer.Option("--raw", help="CSV: do not neutralise cells a spreadsheet would run as formulas.")
]
ActorOpt = Annotated[
    Optional[list[str]],
    typer.Option("--actor", "-a", metavar="NAME",
                 help="Events involving this actor or its units (any alias; repeatable)."),
]
ExactOpt = Annotated[bool, typer.Option("--exact", help="--actor matches the actor itself, not its units.")]
SideOpt = Annotated[
    Optional[list[str]], typer.Option("--side", metavar="SIDE", help="Events involving anyone on this side (repeatable).")
]
PlaceOpt = Annotated[
    Optional[list[str]],
    typer.Option("--place", "-p", metavar="NAME",
                 help="Events at this place or anywhere inside it (any spelling; repeatable)."),
]
SinceOpt = Annotated[
    Optional[str], typer.Option("--since", metavar="DATE", help="From this date on ('3 Dec 2024', 2024-12, 2024).")
]
UntilOpt = Annotated[
    Optional[str], typer.Option("--until", metavar="DATE", help="Up to this date; a month or year means its last day.")
]
OnOpt = Annotated[Optional[str], typer.Option("--on", metavar="DATE", help="On this day (or month, or year).")]
KindOpt = Annotated[
    Optional[list[str]],
    typer.Option("--kind", "-k", metavar="KIND", help="ACLED sub-event or event type (repeatable); see 'dezzor kinds'."),
]
SearchOpt = Annotated[
    Optional[str], typer.Option("--search", "-s", metavar="TEXT", help="Text in the summary, actor or place names.")
]


def _filters(actor, exact, side, place, since, until, on, kind, search):  # type: ignore[no-untyped-def]
    from .query import Filters

    return Filters(tuple(actor or ()), exact, tuple(side or ()), tuple(place or ()), since, until, on,
                   tuple(kind or ()), search)


def _load(data: str | None) -> tuple[LoadedStore, Index]:
    from .query import Index
    from .store import load

    loaded = load(data)
    return loaded, Index(loaded.store)


def _criteria(ix: Index, filters) -> Criteria:  # type: ignore[no-untyped-def]
    from .query import resolve

    return resolve(ix, filters)


def _emit(view: View, fmt: Format, raw: bool = False) -> None:
    from .errors import OutputClosed
    from .render import render

    try:
        render(view, fmt, sys.stdout, raw=raw)
        sys.stdout.flush()
    except BrokenPipeError:
        raise OutputClosed() from None


# --------------------------------------------------------------------------- commands


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"dezzor {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")] = False,
) -> None:
    """Query the chronology of the Deir ez-Zor offensive (2024), or any store of the same shape.

    Exit codes: 0 success (also when nothing matched), 1 bad store or file,
    2 bad usage, 3 internal error, 130 interrupted.
    """


@app.command()
def timeline(
    actor: ActorOpt = None,
    exact: ExactOpt = False,
    side: SideOpt = None,
    place: PlaceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    on: OnOpt = None,
    kind: KindOpt = None,
    search: SearchOpt = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=0, help="Show at most N events.")] = None,
    fmt: FormatOpt = Format.table,
    raw: RawOpt = False,
    data: DataOpt = None,
) -> None:
    """Events in date order, with their precision, actors, places, casualties and control changes."""
    from .query import select
    from .views import timeline_view

    loaded, ix = _load(data)
    c = _criteria(ix, _filters(actor, exact, side, place, since, until, on, kind, search))
    events = select(ix, c, reverse=reverse, limit=limit)
    _emit(timeline_view(loaded, ix, events, c), fmt, raw)


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="Event id (see 'dezzor timeline -f json').")],
    fmt: FormatOpt = Format.table,
    raw: RawOpt = False,
    data: DataOpt = None,
) -> None:
    """One event in full: dates, actors, places, casualties, control, claims and where the source says it."""
    from .views import show_view

    loaded, ix = _load(data)
    event = ix.event.get(event_id)
    if event is None:
        import difflib

        close = difflib.get_close_matches(event_id, list(ix.event), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise UsageError(f"no event with id {event_id!r}{hint}")
    _emit(show_view(loaded, ix, event), fmt, raw)


@app.command()
def tally(
    actor: ActorOpt = None,
    exact: ExactOpt = False,
    side: SideOpt = None,
    place: PlaceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    on: OnOpt = None,
    kind: KindOpt = None,
    search: SearchOpt = None,
    by: Annotated[
        str, typer.Option("--by", "-b", help="Group by actor, side, day, week, month, kind or place.")
    ] = "actor",
    certainty: Annotated[
        Optional[list[str]],
        typer.Option("--certainty", "-c", metavar="LEVEL",
                     help="Count only figures that are reported, claimed or alleged (repeatable; default all)."),
    ] = None,
    party: Annotated[
        Optional[list[str]],
        typer.Option("--party", metavar="NAME",
                     help="Count only the casualties of this actor and its units (repeatable)."),
    ] = None,
    reconcile: Annotated[
        bool, typer.Option("--reconcile", help="Put the infobox's reported totals beside the events' sums.")
    ] = False,
    fmt: FormatOpt = Format.table,
    raw: RawOpt = False,
    data: DataOpt = None,
) -> None:
    """Casualty totals (killed, injured, arrested) of the matching events, with honest ranges."""
    from . import query
    from .views import reconcile_view, tally_view

    levels = _certainties(certainty)
    loaded, ix = _load(data)
    c = _criteria(ix, _filters(actor, exact, side, place, since, until, on, kind, search))
    events = query.select(ix, c)
    if reconcile:
        _emit(reconcile_view(query.reconcile(ix, events, levels), levels), fmt, raw)
        return
    parties = query.resolve_parties(ix, party or (), exact)
    rows = query.tally(ix, events, by, levels, parties)
    _emit(tally_view(by, rows, query.total(events, levels, parties), levels), fmt, raw)


def _certainties(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    allowed = ("reported", "claimed", "alleged")
    out = []
    for v in values:
        key = v.strip().lower()
        if key not in allowed:
            raise UsageError(f"--certainty must be reported, claimed or alleged, not {v!r}")
        out.append(key)
    return out


@app.command()
def control(
    actor: ActorOpt = None,
    exact: ExactOpt = False,
    side: SideOpt = None,
    place: PlaceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    on: Annotated[
        Optional[str], typer.Option("--on", metavar="DATE", help="Who held each place at the end of this day.")
    ] = None,
    kind: KindOpt = None,
    search: SearchOpt = None,
    fmt: FormatOpt = Format.table,
    raw: RawOpt = False,
    data: DataOpt = None,
) -> None:
    """Changes of control; with --on, who held what on a day; with --place, that place's history."""
    from . import dates, query
    from .views import changes_view, state_view

    loaded, ix = _load(data)
    if on is not None:
        if since is not None or until is not None:
            raise UsageError("--on cannot be combined with --since or --until")
        day = dates.parse_span(on, "--on").end
        c = _criteria(ix, _filters(actor, exact, side, place, None, None, None, kind, search))
        holdings = query.state_on(ix, day, c.place_ids)
        if c.actor_ids is not None:
            holdings = [
                h for h in holdings
                if h.holder in c.actor_ids or any(p.to in c.actor_ids for p in h.pending)
            ]
        _emit(state_view(ix, day, holdings), fmt, raw)
        return
    c = _criteria(ix, _filters(actor, exact, side, place, since, until, None, kind, search))
    selected = query.select_changes(ix, c)
    initial = None
    if place and c.window is None and c.actor_ids is None:
        wanted = c.place_ids or frozenset()
        initial = [p.id for p in loaded.store.places if p.id in wanted and (p.initial_holder or any(ch.place == p.id for ch in selected))]
    _emit(changes_view(ix, selected, initial), fmt, raw)


@app.command()
def actors(
    tree: Annotated[bool, typer.Option("--tree", "-t", help="Show the hierarchy (organisations and their units).")] = False,
    fmt: FormatOpt = Format.table,
    raw: RawOpt = False,
    data: DataOpt = None,
) -> None:
    """The actor registry: names, aliases, type, parent organisation and side."""
    from .views import actors_view

    loaded, ix = _load(data)
    _emit(actors_view(loaded, ix, tree), fmt, raw)


@app.command()
def places(
    tree: Annotated[bool, typer.Option("--tree", "-t", help="Show the hierarchy (governorates and what lies in them).")] = False,
    fmt: FormatOpt = Format.table,
    raw: RawOpt = False,
    data: DataOpt = None,
) -> None:
    """The place registry: spellings, type, parent area, coordinates and holder at the start."""
    from .views import places_view

    loaded, ix = _load(data)
    _emit(places_view(loaded, ix, tree), fmt, raw)


@app.command()
def summary(
    actor: ActorOpt = None,
    exact: ExactOpt = False,
    side: SideOpt = None,
    place: PlaceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    on: OnOpt = None,
    kind: KindOpt = None,
    search: SearchOpt = None,
    fmt: FormatOpt = Format.table,
    data: DataOpt = None,
) -> None:
    """The overview: period, result, belligerents, event and casualty totals, control changes."""
    from . import query
    from .views import summary_view

    if fmt is Format.csv:
        raise UsageError("summary has no CSV form; use --format json, jsonl, markdown or table")
    loaded, ix = _load(data)
    c = _criteria(ix, _filters(actor, exact, side, place, since, until, on, kind, search))
    events = query.select(ix, c)
    rec = query.reconcile(ix, events)
    changes = query.select_changes(ix, c)
    _emit(summary_view(loaded, ix, events, rec, changes), fmt)


@app.command()
def kinds(fmt: FormatOpt = Format.table) -> None:
    """The event kinds --kind accepts: ACLED's sub-event types and the event type of each."""
    from .model import SUB_EVENT_TYPES
    from .render import Column, View

    records = [{"kind": k, "event_type": t} for k, t in SUB_EVENT_TYPES.items()]
    _emit(View(title="Kinds", columns=[Column("Sub-event type"), Column("Event type")],
               rows=[[r["kind"], r["event_type"]] for r in records], records=records,
               fields=["kind", "event_type"]), fmt)


@app.command()
def validate(
    path: Annotated[Optional[str], typer.Argument(metavar="[PATH]", help="Store to check (default: as --data).")] = None,
    max_problems: Annotated[
        int, typer.Option("--max", min=1, help="List at most this many problems.")
    ] = 50,
    data: DataOpt = None,
) -> None:
    """Check a store and list every problem with its location; exit 0 when valid, 1 when not."""
    from .errors import StoreError
    from .render.text import safe
    from .store import find, load

    target = path if path is not None else data
    try:
        loaded = load(target)
    except StoreError as exc:
        problems = exc.details or [exc.message]
        total = max(exc.total, len(problems))
        shown = problems[:max_problems]
        where = find(target)
        sys.stdout.write(safe(f"{where}: {total} problem{'s' if total != 1 else ''}") + "\n")
        for p in shown:
            sys.stdout.write("  " + safe(p) + "\n")
        if total > len(shown):
            sys.stdout.write(f"  ... and {total - len(shown)} more\n")
        raise typer.Exit(ExitCode.DATA)
    s = loaded.store
    sys.stdout.write(
        safe(f"{loaded.path}: valid ({len(s.events)} events, {len(s.actors)} actors, {len(s.places)} places, "
             f"{len(s.reported_totals)} reported totals)") + "\n"
    )


@app.command()
def schema() -> None:
    """Print the store's JSON Schema (for editors and other tools)."""
    import json

    from .model import Store

    sys.stdout.write(json.dumps(Store.model_json_schema(by_alias=True), indent=2, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------- entry point


def _click_exceptions() -> tuple[type[BaseException], type[BaseException]]:
    try:
        from typer._click.exceptions import ClickException  # typer >= 0.26 vendors click
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click.exceptions import ClickException
    return ClickException, typer.Abort


def _error(message: str) -> None:
    from .render.text import safe

    sys.stderr.write(f"dezzor: error: {safe(message)}\n")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with the documented code; the only place errors are turned into output."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args = [a for a in args if a != "--debug"]
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass
    ClickException, Abort = _click_exceptions()
    code: int
    try:
        result = app(args=args, prog_name="dezzor", standalone_mode=False)
        code = result if isinstance(result, int) else ExitCode.OK
    except OutputClosed:
        _silence_stdout()
        code = ExitCode.BROKEN_PIPE
    except DezzorError as exc:
        if debug:
            raise
        _error(exc.message)
        code = exc.exit_code
    except ClickException as exc:  # bad option, missing argument, bad choice
        if debug:
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare 'dezzor': the help, as a usage error
            sys.stderr.write(exc.format_message().rstrip("\n") + "\n")  # type: ignore[attr-defined]
            raise SystemExit(int(ExitCode.USAGE)) from None
        hint = ""
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            hint = f" (see '{ctx.command_path} --help')"
        _error(exc.format_message() + hint)  # type: ignore[attr-defined]
        code = ExitCode.USAGE if getattr(exc, "exit_code", 2) == 2 else ExitCode.DATA
    except (KeyboardInterrupt, Abort):
        code = ExitCode.INTERRUPTED
        sys.stderr.write("\n")
    except BrokenPipeError:
        _silence_stdout()
        code = ExitCode.BROKEN_PIPE
    except Exception as exc:  # a bug: one line, and the way to see more
        if debug:
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)")
        code = ExitCode.INTERNAL
    raise SystemExit(int(code))


def _silence_stdout() -> None:
    """After the reader has gone, point stdout at /dev/null so the interpreter's final flush is quiet."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
