"""Import, the store's records: checked GED rows -> events (as dicts of schema 2), actors and places.

What each column becomes is told in the package docstring (:mod:`dezzor_cli.interchange.ucdp`).
As in the ACLED import (:mod:`dezzor_cli.interchange.acled.build`), each row's event is made with
stand-in ids for its actors (``a0``, ``a1``, ... in the order of :func:`row_actors`) and place
(``p0``); the registries give the real ids once every row is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...store.vocab import ActorType
from ..acled.columns import give_names, normalise, numbers
from .columns import DATE_PREC, LOW_CLARITY, PLACE_PRECISION, SOURCE_ID
from .parse import GedRow, Side

__all__ = ["CIVILIANS", "Actors", "count", "event_record", "in_order", "row_actors", "span", "summary"]

REPORTS_MAX = 20_000  # a citation's reports is a store text (the longest source_article of GED 25.1 is longer)
CIVILIANS = "civilians"  # the key of the one actor for civilians: UCDP's side "Civilians" and deaths_civilians' party
_STATE, _REBEL, _CIVILIANS, _UNKNOWN = (ActorType.state_forces, ActorType.rebel_group, ActorType.civilians,
                                       ActorType.external)
_RANK = {_UNKNOWN: 0, _REBEL: 1, _CIVILIANS: 2, _STATE: 3}  # a later row may make an actor's type more specific
_PARTY_NOTE = (
    "UCDP's {column}: its best estimate of {whose} dead. UCDP gives a low and a high estimate only for the "
    "whole event, so the range is 0 to the event's high estimate."
)
_PARTY_NOTE_OUT_OF_ORDER = (
    "UCDP's {column}: its best estimate of {whose} dead. UCDP gives a low and a high estimate only for the "
    "whole event, so the range is 0 to the top of the event's range."
)  # out of order, UCDP's high may be below a party's best: the range ends at the greatest of low, best and high


def count(low: int, best: int, high: int) -> int | dict[str, int]:
    """A count of schema 2 from UCDP's low, best and high: the number itself when all three agree.

    When they are out of order (the codebook allows it for events of lower clarity), the range that
    contains all three, best kept: the least of them to the greatest.  (That is min(low, best) to
    max(high, best) when low <= high; a low above the high, as in low 7, best 5, high 4, needs 4 to 7.)
    """
    if low == best == high:
        return best
    return {"min": min(low, best, high), "best": best, "max": max(low, best, high)}


def in_order(r: GedRow) -> bool:
    """Whether a row's low, best and high are in order, low <= best <= high."""
    return r.low <= r.best <= r.high


def span(r: GedRow) -> tuple[str, str | None]:
    """The store's precision for UCDP's date_start..date_end, and the date note (UCDP's date_prec unless 1)."""
    start, end = r.date_start, r.date_end
    if start == end:
        precision = "day"
    elif r.date_prec == 3 and start.weekday() == 0 and end == start + dt.timedelta(days=6):
        precision = "week"
    elif r.date_prec == 4 and start.day == 1 and end.month == start.month and \
            (end + dt.timedelta(days=1)).day == 1:
        precision = "month"
    elif r.date_prec == 5 and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and end.year == start.year:
        precision = "year"
    else:
        precision = "range"
    if r.date_prec == 1 and start == end:
        return precision, None
    return precision, f"UCDP date_prec {r.date_prec}: {DATE_PREC[r.date_prec]}; the dates are UCDP's date_start " \
                      f"and date_end."


def summary(r: GedRow) -> str:
    """A short factual summary made from the row's fields (UCDP rows carry no narrative), saying it is made."""
    a, b = r.side_a.name, r.side_b.name
    what = f"One-sided violence by {a} against {b}" if r.type_of_violence == 3 else f"{r.kind} between {a} and {b}"
    where = r.where_coordinates or r.adm_2 or r.adm_1 or r.country
    if normalise(where) != normalise(r.country):
        where = f"{where} ({r.country})"
    exact = r.low == r.best == r.high
    killed = f"{r.best} killed (best estimate" + (")" if exact else f"; low {r.low}, high {r.high})")
    return f"{what} in {where}: {killed}. Generated from UCDP's fields."


def _key(side: Side) -> str:
    return CIVILIANS if normalise(side.name) == CIVILIANS else f"ucdp:{side.id}"


def row_actors(r: GedRow) -> dict[str, Side | None]:
    """The actors a row names (key -> the side naming it; None for civilians named only by deaths_civilians)."""
    names: dict[str, Side | None] = {_key(r.side_a): r.side_a}
    names.setdefault(_key(r.side_b), r.side_b)
    if r.deaths[2] > 0:
        names.setdefault(CIVILIANS, None)
    return names


def event_record(r: GedRow, names: dict[str, Side | None]) -> dict[str, Any]:
    """The event a row makes, its actors (``names``: :func:`row_actors`) as stand-in ids ``a0``, ``a1``, ...
    in that order, and its place as ``p0``."""
    refs = {key: f"a{i}" for i, key in enumerate(names)}
    a, b = refs[_key(r.side_a)], refs[_key(r.side_b)]
    roles = [(a, "initiator"), (b, "target")] if r.type_of_violence == 3 else [(a, "participant"), (b, "participant")]
    precision, date_note = span(r)
    event: dict[str, Any] = {"id": f"ucdp-{r.id}", "date": r.date_start.isoformat()}
    if r.date_end != r.date_start:
        event["date_end"] = r.date_end.isoformat()
    event["precision"] = precision
    if date_note:
        event["date_note"] = date_note
    event["kind"] = r.kind
    event["actors"] = [{"actor": ref, "role": role} for ref, role in dict.fromkeys(roles)]
    event["places"] = ["p0"]
    event["place_precision"] = PLACE_PRECISION[r.where_prec]
    parties = ((a, "deaths_a", "side A's"), (b, "deaths_b", "side B's"),
               (refs.get(CIVILIANS), "deaths_civilians", "civilian"), (None, "deaths_unknown", "unknown persons'"))
    ordered = in_order(r)
    party_note = _PARTY_NOTE if ordered else _PARTY_NOTE_OUT_OF_ORDER
    event["casualties"] = [
        {"party": ref, "killed": count(0, n, max(r.low, r.best, r.high)), "certainty": "reported",
         "note": party_note.format(column=column, whose=whose)}
        for (ref, column, whose), n in zip(parties, r.deaths, strict=True) if n > 0
    ]  # fmt: skip
    event["fatalities"] = count(r.low, r.best, r.high)
    event["certainty"] = "reported"
    event["summary"] = summary(r)
    source: dict[str, Any] = {"source": SOURCE_ID, "record": str(r.id)}
    if r.relid:
        source["relid"] = r.relid
    source["line"] = r.line
    if r.source_article:
        source["reports"] = r.source_article[:REPORTS_MAX]
    if r.number_of_sources is not None:
        source["number_of_sources"] = r.number_of_sources
    if not ordered:  # UCDP's own figures, which the fatalities range no longer says
        source["low"], source["high"] = r.low, r.high
    event["source"] = source
    event["note"] = "; ".join(_notes(r))
    return event


def _notes(r: GedRow) -> list[str]:
    (conflict_id, conflict), (dyad_id, dyad) = r.conflict, r.dyad
    notes = [f"UCDP conflict {conflict_id} ({conflict}), dyad {dyad_id} ({dyad})"]
    if not in_order(r):
        notes.append(f"UCDP's low ({r.low}), best ({r.best}) and high ({r.high}) are out of order, so the fatalities "
                     "range spans all three")
    if len(r.source_article) > REPORTS_MAX:
        notes.append(f"UCDP's source_article has {len(r.source_article):,} characters; the citation keeps the "
                     f"first {REPORTS_MAX:,} (a store's limit)")
    if r.event_clarity == 2:
        notes.append(LOW_CLARITY)
    if r.code_status and r.code_status.casefold() != "clear":
        notes.append(f"UCDP code_status: {r.code_status}")
    if r.where_description:
        notes.append(f"UCDP where_description: {r.where_description}")
    if r.source_original:
        notes.append(f"UCDP source_original: {r.source_original}")
    return notes


# --------------------------------------------------------------------------- actors


@dataclass
class _Actor:
    name: str  # the first spelling met
    line: int  # the first row that names it
    type: ActorType = _UNKNOWN
    spellings: list[str] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    display: str = ""
    id: str = ""


class Actors:
    """One actor per UCDP actor id (``side_x_new_id``); one for civilians, whatever id UCDP gives them."""

    def __init__(self) -> None:
        self.actors: list[_Actor] = []
        self._index: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.actors)

    def add_row(self, r: GedRow, names: dict[str, Side | None]) -> list[int]:
        """Register a row's actors (``names``: :func:`row_actors`); their indices, in the order of its stand-ins."""
        out = []
        for key, side in names.items():
            i = self._index.get(key)
            if i is None:
                i = self._index[key] = len(self.actors)
                self.actors.append(_Actor(side.name if side else "Civilians", r.line))
            actor = self.actors[i]
            if side is not None:
                self._met(actor, side, r, key)
            elif key == CIVILIANS:
                actor.type = _CIVILIANS
            out.append(i)
        return out

    def _met(self, actor: _Actor, side: Side, r: GedRow, key: str) -> None:
        if side.name not in actor.spellings:
            actor.spellings.append(side.name)
        if key == CIVILIANS:
            found = _CIVILIANS
        elif side.gwno:
            found = _STATE
        elif r.type_of_violence == 1 and side is r.side_b:
            found = _REBEL  # the opposition in a state-based conflict: an organised group fighting a government
        else:
            found = _UNKNOWN
        if _RANK[found] > _RANK[actor.type]:
            actor.type = found
        for scheme, code in (("ucdp", side.id), ("ucdp_dset", side.dset_id), ("gwno", side.gwno)):
            if not code:
                continue
            had = actor.codes.setdefault(scheme, code)
            if had != code and not any(n.startswith(f"UCDP also gives {scheme} {code}") for n in actor.notes):
                actor.notes.append(f"UCDP also gives {scheme} {code} (line {r.line}); the first met is kept.")

    def settle(self) -> None:
        """Name and type every actor, then give ids: a name another actor has is qualified by UCDP's id."""
        for actor in self.actors:
            if actor.type is _UNKNOWN:
                actor.notes.insert(0, "UCDP gives no type for non-state actors: External/Other forces here "
                                      "stands for a type not known.")
        self._taken = give_names(self.actors, _candidates, "actor")
        for actor in self.actors:
            if actor.display != actor.name:
                actor.notes.append(f"UCDP's name is {actor.name!r}; qualified here because another actor has it.")

    def records(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for actor in self.actors:
            record: dict[str, Any] = {"id": actor.id, "name": actor.display}
            aliases = [s for s in actor.spellings if s != actor.display and normalise(s) not in self._taken]
            if aliases:
                record["aliases"] = aliases
            record["type"] = actor.type.value
            if actor.codes:
                record["codes"] = dict(actor.codes)
            if actor.notes:
                record["note"] = " ".join(actor.notes)
            out.append(record)
        return out


def _candidates(actor: _Actor, counters: dict[str, int]) -> Iterator[str]:
    """UCDP's name; then qualified by UCDP's actor id; then numbered."""
    yield actor.name
    yield f"{actor.name} (UCDP actor {actor.codes.get('ucdp', '?')})"
    yield from (f"{actor.name} (UCDP actor {actor.codes.get('ucdp', '?')}, {n})" for n in numbers(counters, actor.name))
