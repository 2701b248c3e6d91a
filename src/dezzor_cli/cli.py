"""The command line: parse options, call the library, pick a renderer.  No logic lives here.

Errors are handled in one place, :func:`main`, which maps them to the exit
codes in :class:`~dezzor_cli.errors.ExitCode` and prints one line on stderr.
``--debug`` (anywhere on the line) re-raises instead, showing the traceback.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from . import __version__
from .errors import DezzorError, ExitCode, OutputClosed, UsageError
from .render import Column, Format

if TYPE_CHECKING:
    from .query import Criteria, Filters, Index
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


SvgOpt = Annotated[
    Optional[str], typer.Option("--svg", metavar="FILE", help="Also save the table view as an SVG picture.")
]
HtmlOpt = Annotated[
    Optional[str], typer.Option("--html", metavar="FILE", help="Also save the table view as an HTML page.")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing --svg, --html or --out file.")]


FILTER_OPTIONS: dict[str, tuple[Any, Any]] = {
    "actor": (ActorOpt, None),
    "exact": (ExactOpt, False),
    "side": (SideOpt, None),
    "place": (PlaceOpt, None),
    "since": (SinceOpt, None),
    "until": (UntilOpt, None),
    "on": (OnOpt, None),
    "kind": (KindOpt, None),
    "search": (SearchOpt, None),
}


def _resolve(annotation: Any, namespace: dict[str, Any]) -> Any:
    """A string annotation evaluated; one naming a lazily imported class (Filters) stays a string,
    which is fine: another group's wrapper takes that parameter away before Typer sees it."""
    if not isinstance(annotation, str):
        return annotation
    try:
        return eval(annotation, namespace)
    except NameError:
        return annotation


def _inject(
    argname: str, spec: dict[str, tuple[Any, Any]], build: Callable[[dict[str, Any]], Any]
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Declare a group of options once and hand them to a command as one argument, ``argname``.

    Typer reads a command's options from its signature, so the wrapper writes one: the group's
    options, then the command's own.
    """

    def decorate(fn: Callable[..., None]) -> Callable[..., None]:
        own = [
            p.replace(annotation=_resolve(p.annotation, fn.__globals__))
            for p in inspect.signature(fn).parameters.values()
            if p.name != argname
        ]
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
            for name, (annotation, default) in spec.items()
        ]

        @functools.wraps(fn)
        def command(**kwargs: Any) -> None:
            fn(**{argname: build({name: kwargs.pop(name) for name in spec})}, **kwargs)

        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in (*own, *added)]
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}  # what Typer's type hints read
        del command.__wrapped__  # type: ignore[attr-defined]  # Typer must see this signature, not fn's
        return command

    return decorate


def filter_options(*names: str, **overrides: Any) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The shared filter options (all of them, or ``names``) as one ``filters`` argument.

    Declared once, so every command that filters spells and documents them alike; ``overrides``
    replaces an option's declaration where a command reads it differently.
    """
    spec = {n: (overrides.get(n, FILTER_OPTIONS[n][0]), FILTER_OPTIONS[n][1]) for n in names or FILTER_OPTIONS}

    def build(given: dict[str, Any]) -> Any:
        from .query import Filters  # here, not at import: the query layer loads pydantic

        return Filters(
            actors=tuple(given.get("actor") or ()), exact=bool(given.get("exact")),
            sides=tuple(given.get("side") or ()), places=tuple(given.get("place") or ()),
            since=given.get("since"), until=given.get("until"), on=given.get("on"),
            kinds=tuple(given.get("kind") or ()), search=given.get("search"),
        )

    return _inject("filters", spec, build)


@dataclass(frozen=True)
class Output:
    """Where and how a command's view goes: the format, CSV rawness, pictures, and the store to read."""

    fmt: Format = Format.table
    raw: bool = False
    svg: str | None = None
    html: str | None = None
    force: bool = False
    data: str | None = None


def output_options(*, raw: bool = True, pictures: bool = True) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The shared output options (--format, --raw, --svg, --html, --force, --data) as one ``out`` argument."""
    spec: dict[str, tuple[Any, Any]] = {"fmt": (FormatOpt, Format.table)}
    if raw:
        spec["raw"] = (RawOpt, False)
    if pictures:
        spec.update(svg=(SvgOpt, None), html=(HtmlOpt, None), force=(ForceOpt, False))
    spec["data"] = (DataOpt, None)
    return _inject("out", spec, lambda given: Output(**given))


_kept: tuple[Any, ...] = ()


def _load(data: str | None) -> tuple[LoadedStore, Index]:
    from .query import Index
    from .store import load

    global _kept
    loaded = load(data)
    ix = Index(loaded.store)
    # Kept until the process ends: freeing a large store object by object costs about a second per
    # million events, and the console script exits without that teardown (see entry.py).
    _kept = (loaded, ix)
    return loaded, ix


def _criteria(ix: Index, filters) -> Criteria:  # type: ignore[no-untyped-def]
    from .query import resolve

    return resolve(ix, filters)


def _emit(view: View, out: Output) -> None:
    fmt, raw, svg, html, force = out.fmt, out.raw, out.svg, out.html, out.force
    from .errors import OutputClosed
    from .render import render

    if not force:
        from pathlib import Path

        from .atomic import ExistsError

        for target in (svg, html):
            if target and Path(target).exists():
                raise ExistsError(f"{target} exists; use --force to replace it")
    try:
        render(view, fmt, sys.stdout, raw=raw)
        sys.stdout.flush()
    except BrokenPipeError:
        raise OutputClosed() from None
    if svg or html:
        from .render.table import snapshot

        snapshot(view, svg=svg, html=html, force=force)


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
    2 bad usage, 3 internal error, 130 interrupted, 141 output pipe closed.
    """


@app.command()
@output_options()
@filter_options()
def timeline(
    filters: Filters,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=0, help="Show at most N events.")] = None,
    out: Output = Output(),
) -> None:
    """Events in date order, with their precision, actors, places, casualties and control changes."""
    from .query import select
    from .views import timeline_view

    loaded, ix = _load(out.data)
    c = _criteria(ix, filters)
    events = select(ix, c, reverse=reverse, limit=limit)
    _emit(timeline_view(loaded, ix, events, c), out)


@app.command()
@output_options()
def show(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="Event id (see 'dezzor timeline -f json').")],
    out: Output = Output(),
) -> None:
    """One event in full: dates, actors, places, casualties, control, claims and where the source says it."""
    from .views import show_view

    loaded, ix = _load(out.data)
    event = ix.event.get(event_id)
    if event is None:
        import difflib

        close = difflib.get_close_matches(event_id, list(ix.event), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise UsageError(f"no event with id {event_id[:80]!r}{hint}")
    _emit(show_view(loaded, ix, event), out)


@app.command()
@output_options()
@filter_options()
def tally(
    filters: Filters,
    by: Annotated[
        Optional[str], typer.Option("--by", "-b", help="Group by actor (the default), side, day, week, month, kind or place.")
    ] = None,
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
    out: Output = Output(),
) -> None:
    """Casualty totals (killed, injured, arrested) of the matching events, with honest ranges."""
    from . import query
    from .views import reconcile_view, tally_view

    levels = _certainties(certainty)
    loaded, ix = _load(out.data)
    c = _criteria(ix, filters)
    events = query.select(ix, c)
    if reconcile:
        if by is not None or party:
            raise UsageError("--reconcile compares the infobox's groups; it takes no --by or --party")
        _emit(reconcile_view(query.reconcile(ix, events, levels), levels), out)
        return
    parties = query.resolve_parties(ix, party or (), filters.exact)
    by = "actor" if by is None else by
    rows = query.tally(ix, events, by, levels, parties)
    partial = sum(1 for e in events if query.partly_outside(e, c) and e.casualties)
    view = tally_view(by, rows, query.total(events, levels, parties), levels)
    if partial:
        view.notes.append(
            f"note: {partial} event(s) with casualties have an uncertain date span only partly inside the date "
            "range; their figures are counted in full (see 'dezzor timeline' with the same filters, marked ~)"
        )
    _emit(view, out)


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
@output_options()
@filter_options(on=Annotated[
    Optional[str], typer.Option("--on", metavar="DATE", help="Who held each place at the end of this day.")
])
def control(
    filters: Filters,
    out: Output = Output(),
) -> None:
    """Changes of control; with --on, who held what on a day; with --place, that place's history."""
    from . import dates, query
    from .views import changes_view, state_view

    import dataclasses

    loaded, ix = _load(out.data)
    if filters.on is not None:
        if filters.since is not None or filters.until is not None:
            raise UsageError("--on cannot be combined with --since or --until")
        if filters.kinds or filters.search:
            raise UsageError("--on shows who held each place; --kind and --search select events, so use them without --on")
        day = dates.parse_span(filters.on, "--on").end
        c = _criteria(ix, dataclasses.replace(filters, on=None))
        holdings = query.state_on(ix, day, c.place_ids)
        if c.actor_ids is not None:
            holdings = [
                h for h in holdings
                if h.holder in c.actor_ids or any(p.to in c.actor_ids for p in h.pending)
            ]
        _emit(state_view(ix, day, holdings), out)
        return
    c = _criteria(ix, filters)
    selected = query.select_changes(ix, c)
    initial = None
    if filters.places and c.window is None and c.actor_ids is None and c.kinds is None and c.search is None:
        wanted = c.place_ids or frozenset()
        initial = [p.id for p in loaded.store.places if p.id in wanted and (p.initial_holder or any(ch.place == p.id for ch in selected))]
    _emit(changes_view(ix, selected, initial), out)


@app.command()
@output_options()
def actors(
    tree: Annotated[bool, typer.Option("--tree", "-t", help="Show the hierarchy (organisations and their units).")] = False,
    out: Output = Output(),
) -> None:
    """The actor registry: names, aliases, type, parent organisation and side."""
    from .views import actors_view

    loaded, ix = _load(out.data)
    _emit(actors_view(loaded, ix, tree), out)


@app.command()
@output_options()
def places(
    tree: Annotated[bool, typer.Option("--tree", "-t", help="Show the hierarchy (governorates and what lies in them).")] = False,
    out: Output = Output(),
) -> None:
    """The place registry: spellings, type, parent area, coordinates and holder at the start."""
    from .views import places_view

    loaded, ix = _load(out.data)
    _emit(places_view(loaded, ix, tree), out)


@app.command()
@output_options(raw=False)
@filter_options()
def summary(
    filters: Filters,
    out: Output = Output(),
) -> None:
    """The overview: period, result, belligerents, event and casualty totals, control changes."""
    from . import query
    from .views import summary_view

    if out.fmt is Format.csv:
        raise UsageError("summary has no CSV form; use --format json, jsonl, markdown or table")
    loaded, ix = _load(out.data)
    c = _criteria(ix, filters)
    events = query.select(ix, c)
    rec = query.reconcile(ix, events)
    changes = query.select_changes(ix, c)
    _emit(summary_view(loaded, ix, events, rec, changes), out)


@app.command()
def kinds(fmt: FormatOpt = Format.table) -> None:
    """The event kinds --kind accepts: ACLED's sub-event types and the event type of each."""
    from .model import SUB_EVENT_TYPES
    from .render import Column, View

    records = [{"kind": k, "event_type": t} for k, t in SUB_EVENT_TYPES.items()]
    _emit(View(title="Kinds", columns=[Column("Sub-event type"), Column("Event type")],
               rows=[[r["kind"], r["event_type"]] for r in records], records=records,
               fields=["kind", "event_type"]), Output(fmt=fmt))


def _group(name: str, help: str) -> typer.Typer:
    """A command group under ``dezzor NAME`` (bare, it prints its help as a usage error)."""
    group = typer.Typer(help=help, rich_markup_mode=None, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


chart_app = _group("chart", "Charts in the terminal: casualties over time, control over time.")


@chart_app.command("casualties")
@output_options()
@filter_options()
def chart_casualties(
    filters: Filters,
    by: Annotated[str, typer.Option("--by", "-b", help="Bucket by day, week or month.")] = "week",
    split: Annotated[str, typer.Option("--split", help="Split each bucket by side or actor.")] = "side",
    measure: Annotated[str, typer.Option("--measure", "-m", help="killed, injured or arrested.")] = "killed",
    out: Output = Output(),
) -> None:
    """Casualties over time as bars per day, week or month, split by side or actor."""
    from . import charts, query
    from .render import View

    if by not in ("day", "week", "month"):
        raise UsageError(f"--by must be day, week or month, not {by!r}")
    if split not in ("side", "actor"):
        raise UsageError(f"--split must be side or actor, not {split!r}")
    if measure not in ("killed", "injured", "arrested"):
        raise UsageError(f"--measure must be killed, injured or arrested, not {measure!r}")
    loaded, ix = _load(out.data)
    c = _criteria(ix, filters)
    bars = charts.casualty_bars(ix, query.select(ix, c), by, split, measure)
    width = _width()
    view = View(
        title=f"{measure.capitalize()} by {by}, split by {split}",
        caption=charts.casualty_caption(ix, bars, measure, width),
        records=charts.bar_records(bars, measure),
        fields=["period", "start", "end", "group", measure, f"{measure}_max", "in_conflict_period"],
        rich=(lambda fancy: charts.casualty_chart(ix, bars, measure, by, split, width, fancy)) if bars else None,
        empty="no casualties in the events that matched",
    )
    view.rows = [[b.label, b.group_label, str(b.qty)] for b in bars]
    view.columns = [Column(by.capitalize()), Column(split.capitalize()), Column(measure.capitalize(), "right")]
    _emit(view, out)


@chart_app.command("control")
@output_options()
@filter_options("actor", "exact", "side", "place", "since", "until")
def chart_control(
    filters: Filters,
    out: Output = Output(),
) -> None:
    """Control over time: a strip per place that changed hands, one column per day (or group of days)."""
    from . import charts, dates
    from .render import View

    loaded, ix = _load(out.data)
    import dataclasses

    window = dates.window(filters.since, filters.until, None)  # the chart's columns, not an event filter
    c = _criteria(ix, dataclasses.replace(filters, since=None, until=None))
    start = window.start if window is not None and filters.since else None
    end = window.end if window is not None and filters.until else None
    ticks, strips = charts.control_strips(ix, c.place_ids, start, end, buckets=max(10, _width() - 60))
    if c.actor_ids is not None:
        strips = [s for s in strips if any(h in c.actor_ids for h, _ in s.cells)]
    view = View(
        title="Control over time (holder at the end of each column)",
        caption=charts.control_legend(ix, ticks, strips) if strips else None,
        records=charts.strip_records(ix, ticks, strips),
        fields=["place", "days", "holders", "changing", "changes"],
        rich=(lambda fancy: charts.control_chart(ix, ticks, strips, fancy)) if strips else None,
        empty="no place changed hands in what matched",
    )
    view.columns = [Column("Place"), Column("Holders")]
    view.rows = [[ix.place_name(s.place), " ".join(ix.actor_short(h) if h else "?" for h, _ in s.cells)] for s in strips]
    _emit(view, out)


def _width() -> int:
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    timelinejs = "timelinejs"
    json = "json"


@app.command("export")
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="acled-csv, geojson, timelinejs or json (the store itself).")
    ],
    out: Annotated[Optional[str], typer.Option("--out", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")] = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """The whole store in a format other tools read: ACLED CSV, GeoJSON, TimelineJS or the store's own JSON.

    Exports are exact, on stdout and with --out alike: they are meant for other tools, so CSV cells are
    not neutralised as the listing commands' CSV is.
    """
    from .render.data import dumps
    from .render.text import safe
    from .store import record

    loaded, ix = _load(data)
    target = sys.stdout if out is None else None  # a file is always UTF-8; stdout may not be
    if fmt is ExportFormat.acled_csv:
        from .interchange import acled

        text = acled.to_csv(acled.export_rows(loaded.store))
    elif fmt is ExportFormat.geojson:
        from .interchange import geojson

        doc, missing = geojson.feature_collection(loaded.store)
        text = dumps(doc, 1, target) + "\n"
        if missing:
            sys.stderr.write(f"{len(missing)} event(s) have no coordinates and are not in the GeoJSON:\n")
            for eid in missing:
                sys.stderr.write(f"  {safe(eid)}\n")
    elif fmt is ExportFormat.timelinejs:
        from .interchange import timelinejs

        text = dumps(timelinejs.document(loaded.store), 1, target) + "\n"
    else:
        text = dumps(record(loaded.store), 2, target) + "\n"
    _write_or_print(text, out, force)


def _write_or_print(text: str, out: str | None, force: bool) -> None:
    from .errors import OutputClosed

    if out is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise OutputClosed() from None
        return
    from .atomic import write_text

    path = write_text(out, text, force=force)
    from .render.text import safe

    sys.stderr.write(safe(f"wrote {path}") + "\n")


import_app = _group("import", "Build a store from another tool's export.")


@import_app.command("acled")
def import_acled(
    source: Annotated[str, typer.Argument(metavar="FILE.csv", help="An ACLED CSV export ('-' for standard input).")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="STORE.json", help="The store to write (atomically).")],
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip rows that cannot be read instead of refusing the file.")] = False,
    force: ForceOpt = False,
) -> None:
    """Turn an ACLED CSV export into a store every command can query with --data."""
    import json
    from pathlib import Path

    from .errors import StoreError
    from .interchange import acled
    from .render.text import safe
    from .store import build, progress, read_bytes

    raw_bytes = sys.stdin.buffer.read() if source == "-" else read_bytes(Path(source), "CSV")
    name = "standard input" if source == "-" else source
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(f"{name} is not valid UTF-8 (byte {exc.start})") from None
    with progress(Path(name).name, len(raw_bytes), 3) as step:
        step("converting")
        data, skipped = acled.import_rows(text, skip_bad=skip_bad)
        step("validating the store from")
        build(json.loads(json.dumps(data)), Path(out))  # the result must be a valid store before anything is written
        step("writing the store from")
        _write_or_print(json.dumps(data, ensure_ascii=False, indent=1) + "\n", out, force)
    for line, message in skipped:
        sys.stderr.write(safe(f"skipped line {line}: {message}") + "\n")
    sys.stderr.write(f"{len(data['events'])} events, {len(data['actors'])} actors, {len(data['places'])} places\n")


cache_app = _group("cache", "A validated cache beside a large store, for asking one file many questions.")


@cache_app.command("build")
def cache_build(data: DataOpt = None) -> None:
    """Validate the store and write its cache beside it; later commands use it while it matches the store."""
    from . import cache
    from .errors import StoreError
    from .render.text import safe
    from .store import file_size, find, progress, read_bytes, validate_bytes

    p = find(data)
    with progress(p.name, file_size(p), 3) as step:
        step("reading")
        raw = read_bytes(p)
        step("validating")
        loaded = validate_bytes(raw, p)
        step("writing the cache of")
        sha256 = cache.digest(raw)
        del raw  # free the store's bytes before the cache is encoded
        try:
            target = cache.write(p, sha256, loaded.store)
        except OSError as exc:
            raise StoreError(f"cannot write the cache of {p}: {exc.strerror or exc}") from None
    mib = target.stat().st_size / 2**20
    sys.stderr.write(safe(f"wrote {target} ({mib:,.1f} MiB) for {p} ({len(loaded.store.events)} events)") + "\n")


@cache_app.command("remove")
def cache_remove(data: DataOpt = None) -> None:
    """Delete the store's cache, if it has one; commands then read the store itself again."""
    from . import cache
    from .errors import StoreError
    from .render.text import safe
    from .store import find

    p = find(data)
    if not p.name or p.is_dir():
        raise StoreError(f"{p} is a directory, not a store file")
    target = cache.path_for(p)
    try:
        target.unlink()
    except FileNotFoundError:
        sys.stderr.write(safe(f"{target} does not exist; nothing to remove") + "\n")
        return
    except OSError as exc:
        raise StoreError(f"cannot remove {target}: {exc.strerror or exc}") from None
    sys.stderr.write(safe(f"removed {target}") + "\n")


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
        loaded = load(target, use_cache=False)  # check the store itself, not a cache of it
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
    from .model import Store
    from .render.data import dumps

    _write_or_print(dumps(Store.model_json_schema(by_alias=True), 2, sys.stdout) + "\n", None, False)


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
