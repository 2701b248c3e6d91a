"""Export: a store -> one ACLED row per event -> CSV text (the mapping is in the package docstring)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ...store.vocab import ActorType, Certainty, Precision, SourceKind
from ..places import PlaceTree, coordinates, killed_min
from .columns import (
    ACLED_COLUMNS,
    ADMIN_TYPES,
    ALLEGED,
    CLAIMED_BY,
    COARSE_TYPES,
    FATALITIES,
    INTER,
    NO_NOTES,
    SOURCE_SCALE,
    TIMESTAMP,
    Cell,
    acled_name,
    country,
    disorder_type,
    normalise,
    unique,
)

if TYPE_CHECKING:
    from ...store.types import ActorLike as Actor
    from ...store.types import CitationLike as Citation
    from ...store.types import EventLike as Event
    from ...store.types import StoreLike as Store

__all__ = ["export_rows", "inter_code", "interaction_code", "time_precision", "to_csv"]

_GEOGRAPHY_COLUMNS = (
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
)  # fmt: skip


def time_precision(event: Event) -> int:
    """ACLED's time precision: 1 a day, 2 a week or a range of up to 7 days, 3 anything longer."""
    if event.precision is Precision.day:
        return 1
    if event.precision is Precision.week:
        return 2
    if event.precision is Precision.range and (event.end - event.date).days + 1 <= 7:
        return 2
    return 3


def inter_code(actor: Actor | None) -> int:
    """ACLED's numeric inter code of an actor's type; 0 for no actor."""
    return 0 if actor is None else INTER[ActorType(actor.type)]


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: both codes, smaller first (12); a lone actor's code times ten (20)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return 0
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def export_rows(store: Store) -> list[dict[str, Cell]]:
    """One ACLED row (a dict keyed by :data:`ACLED_COLUMNS`) per event, in store order.

    Numbers are ints or floats and blanks are ``""``; see the package docstring
    for what each column holds.  Pass the result to :func:`to_csv` for text.
    """
    actors = {a.id: a for a in store.actors}
    tree = PlaceTree(store)
    sources = {s.id: (s.kind, s.title) for s in reversed(store.meta.sources)}
    return [_row(e, actors, tree, sources) for e in store.events]


def _cited(e: Event, sources: Mapping[str, tuple[SourceKind, str]]) -> dict[str, Cell]:
    """The columns an event's citation gives: ACLED's own for an event imported from ACLED, else the store's
    citation with source_scale "Other" and timestamp 0."""
    c = e.source
    kind, title = sources.get(c.source, (None, c.source))
    if kind is SourceKind.acled:
        return {"event_id_cnty": c.record if c.record is not None else e.id, "source": c.reports or "",
                "source_scale": c.scale or "", "timestamp": c.timestamp if c.timestamp is not None else ""}
    return {"event_id_cnty": e.id, "source": f"{title} [{source_words(c)}]", "source_scale": SOURCE_SCALE,
            "timestamp": TIMESTAMP}


def source_words(c: Citation) -> str:
    """Where in its source a citation points, in words: "lead, paragraph 3", "record 77, line 12"."""
    if c.section is not None:
        return f"{c.section}, paragraph {c.paragraph}"
    parts = [f"record {c.record}"] if c.record is not None else []
    parts += [f"relid {c.relid}"] if c.relid is not None else []
    parts += [f"line {c.line}"] if c.line is not None else []
    return ", ".join(parts) or c.source


def fatalities(e: Event) -> int:
    """ACLED's fatalities: the event's own figure (its minimum), else the lowest killed figures summed."""
    f = e.fatalities
    if f is not None:
        return f if isinstance(f, int) else f.min
    return killed_min(e) or 0


def _name(actors: Mapping[str, Actor], actor_id: str) -> str:
    """An actor's display name; the id itself when the store has no such actor."""
    return actors[actor_id].name if actor_id in actors else actor_id


def _row(e: Event, actors: Mapping[str, Actor], tree: PlaceTree,
         sources: Mapping[str, tuple[SourceKind, str]]) -> dict[str, Cell]:
    by_role: dict[str, list[str]] = {"initiator": [], "supporter": [], "participant": [], "target": []}
    for ea in e.actors:
        by_role[ea.role].append(ea.actor)
    side1 = unique(by_role["initiator"] + by_role["supporter"] + by_role["participant"])
    side2 = unique(by_role["target"])
    a1 = actors.get(side1[0]) if side1 else None
    a2 = actors.get(side2[0]) if side2 else None
    inter1, inter2 = inter_code(a1), inter_code(a2)

    civilians = any(i in actors and ActorType(actors[i].type) is ActorType.civilians for i in side2)
    row: dict[str, Cell] = {
        "event_date": e.date.isoformat(),
        "year": e.date.year,
        "time_precision": time_precision(e),
        "disorder_type": disorder_type(e.kind),
        "event_type": e.event_type,
        "sub_event_type": e.kind,
        "actor1": a1.name if a1 is not None else "",
        "assoc_actor_1": "; ".join(_name(actors, i) for i in side1[1:]),
        "inter1": inter1,
        "actor2": a2.name if a2 is not None else "",
        "assoc_actor_2": "; ".join(_name(actors, i) for i in side2[1:]),
        "inter2": inter2,
        "interaction": interaction_code(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "notes": "" if e.summary == NO_NOTES else e.summary,  # the import's stand-in for empty notes
        "fatalities": fatalities(e),
        "tags": "; ".join(_tags(e, actors)),
    }
    row.update(_cited(e, sources))
    row.update(_geography(e, tree))
    return {c: row[c] for c in ACLED_COLUMNS}


def _geography(e: Event, tree: PlaceTree) -> dict[str, Cell]:
    out: dict[str, Cell] = dict.fromkeys(_GEOGRAPHY_COLUMNS, "")
    chain = tree.chain(e.places[0]) if e.places else []
    if not chain:
        return out
    place = chain[0]
    out["location"] = acled_name(place.name, place.type)
    land = next((p for p in chain if normalise(p.type) == "country"), chain[-1])
    land_name = acled_name(land.name, land.type)
    out["country"] = land_name
    known = country(land_name)
    if known is not None:
        out["iso"], out["region"] = known.iso, known.region
    for level, types in ADMIN_TYPES.items():
        hit = next((p for p in chain if normalise(p.type) in types), None)
        out[f"admin{level}"] = acled_name(hit.name, hit.type) if hit is not None else ""
    located = tree.located(place.id)
    point = coordinates(located)
    if located is not None and point is not None:
        out["latitude"], out["longitude"] = point
        if normalise(located.type) in COARSE_TYPES:
            out["geo_precision"] = 3  # the point stands for a whole area, even the event's own
        elif located.id == place.id:
            out["geo_precision"] = 1
        else:
            out["geo_precision"] = 2
    return out


def _tags(e: Event, actors: Mapping[str, Actor]) -> list[str]:
    def tag(certainty: Certainty, claimed_by: str | None) -> str | None:
        if certainty is Certainty.claimed:
            return CLAIMED_BY + ("an unnamed party" if claimed_by is None else _name(actors, claimed_by))
        if certainty is Certainty.alleged:
            return ALLEGED
        return None

    of_event = tag(e.certainty, e.claimed_by)
    of_killed = [tag(c.certainty, c.claimed_by) for c in e.casualties if c.killed is not None]
    return unique([*([of_event] if of_event else []), *(FATALITIES + t for t in of_killed if t)])


def to_csv(rows: Iterable[Mapping[str, Cell]], *, neutralise: bool = False, columns: list[str] = ACLED_COLUMNS
           ) -> str:
    """CSV text with a header of ``columns`` (:data:`ACLED_COLUMNS`; the UCDP export gives its own) and one
    record per row.

    Records end in CRLF, as RFC 4180 and Excel have it.  (With bare "\\n" line
    ends Python's csv module would leave a lone "\\r" inside a cell unquoted,
    and every reader would split the record there.)

    Keys outside ``columns`` are ignored and missing ones are blank.
    With ``neutralise`` a text cell a spreadsheet would run as a formula gets
    a leading apostrophe (as the CLI's CSV output does without --raw); the
    import does not undo that, so leave it off for files meant to be re-imported.
    """
    from ...render.text import spreadsheet_cell

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        cells: list[Cell] = []
        for c in columns:
            value = row.get(c, "")
            if neutralise and isinstance(value, str):
                value = spreadsheet_cell(value)
            cells.append(value)
        writer.writerow(cells)
    return buf.getvalue()
