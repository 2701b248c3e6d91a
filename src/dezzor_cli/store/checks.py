"""Checks of a store that need more than one record at a time.

Every function returns a list of ``Problem`` (a location such as
``events[12].casualties[0].party`` and a message); an empty list means valid.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from .citations import (
    ARTICLE,
    CITED,
    Problem,
    citation_fields,
    figure_problems,
    meta_sources,
    sections_of,
    sources,
    unique_records,
)
from .vocab import Certainty, Precision, normalise

if TYPE_CHECKING:
    from .types import Hierarchical, Identified, Named
    from .types import StoreLike as Store


__all__ = ["Problem", "check_store", "control_sequence"]


def check_store(store: Store) -> list[Problem]:
    """Every cross-record problem, in the order of the checks below; [] for a valid store."""
    if _clean(store):
        return []
    problems: list[Problem] = []
    problems += _unique_ids(store)
    problems += _references(store)
    problems += _cycles(store)
    problems += _names(store)
    problems += _dates(store)
    problems += _claims(store)
    problems += meta_sources(store)
    problems += sources(store)
    problems += unique_records(store)
    problems += _control_sequence(store)
    return problems


def _clean(store: Store) -> bool:
    """True only when none of the checks below would find a problem; one quick pass for large stores.

    It answers the common case (a valid store) without building a single
    location string.  When it says False, the detailed checks run and say
    what is wrong; ``tests/store/test_checks.py`` checks that both always agree.
    """
    events = store.events
    for _, records in _with_ids(store):
        if len({r.id for r in records}) != len(records):
            return False
    actors = {a.id for a in store.actors}
    places = {p.id for p in store.places}
    sides = {s.id for s in store.sides}
    used_actors: set[str | None] = {ea.actor for e in events for ea in e.actors}
    used_actors.update([e.claimed_by for e in events])
    used_actors.update([x for e in events for c in e.casualties for x in (c.party, c.claimed_by)])
    used_actors.update([x for e in events for cc in e.control_changes for x in (cc.from_, cc.to, cc.claimed_by)])
    used_actors.update([sup.actor for s in store.sides for sup in s.supporters])
    used_actors.update([x for a in store.actors for x in (a.parent,)])
    used_actors.update([x for p in store.places for x in (p.initial_holder,)])
    used_actors.update([x for r in store.reported_totals for x in (r.party, r.claimed_by)])
    used_places: set[str | None] = {p for e in events for p in e.places}
    used_places.update([cc.place for e in events for cc in e.control_changes])
    used_places.update([p.parent for p in store.places])
    used_sides: set[str | None] = {a.side for a in store.actors}
    used_sides.update([r.side for r in store.reported_totals])
    used_actors.discard(None)
    used_places.discard(None)
    used_sides.discard(None)
    if not (used_actors <= actors and used_places <= places and used_sides <= sides):
        return False
    if any(True for _ in meta_sources(store)):
        return False
    # Per source: the fields its citations may not have (read at once, C-level), its kind and its sections.
    fields = citation_fields(store)
    others = {sid: (_getter([n for n in CITED if n not in allowed]), kind, secs)
              for (sid, (kind, allowed)), secs in zip(fields.items(), sections_of(store).values(), strict=True)}
    nones = {sid: (None,) * sum(1 for n in CITED if n not in fields[sid][1]) for sid in others}
    cited: set[tuple[str, str]] = set()
    day, rng, claimed = Precision.day, Precision.range, Certainty.claimed
    for e in events:
        start, end, p = e.date, e.date_end, e.precision
        if p is day:
            if end is not None and end != start:
                return False
        elif end is None or end <= start:
            return False  # a range, week, month or year spans more than a day
        elif p is not rng and any(True for _ in _dates_one(e, "")):
            return False
        if (e.certainty is claimed) != (e.claimed_by is not None):
            return False
        for c in e.casualties:
            if (c.certainty is claimed) != (c.claimed_by is not None):
                return False
            if c.killed is None and c.injured is None and c.arrested is None:
                return False
        for cc in e.control_changes:
            if (cc.certainty is claimed) != (cc.claimed_by is not None) or (cc.from_ is not None and cc.from_ == cc.to):
                return False
        own: set[tuple[str, str]] | None = None
        for src in (e.source, *e.also_in) if e.also_in else (e.source,):
            known = others.get(src.source)
            if known is None:
                return False
            not_theirs, kind, secs = known
            if not_theirs(src) != nones[src.source]:
                return False
            if (src.low is not None or src.high is not None) and any(True for _ in figure_problems(src, e.fatalities,
                                                                                                   "")):
                return False
            if kind is ARTICLE:
                if src.section is None or src.paragraph is None:
                    return False
                if secs and src.paragraph > secs.get(src.section, 0):
                    return False  # an unknown section has no paragraphs
            elif src.record is not None:
                key = (src.source, src.record)
                if key in cited and (own is None or key not in own):
                    return False
                own = own or set()
                own.add(key)
        if own:
            cited |= own
    for r in store.reported_totals:
        if (r.certainty is claimed) != (r.claimed_by is not None):
            return False
    return not any(any(True for _ in check(store)) for check in (_cycles, _names, _control_sequence))


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the named attributes of an object as a tuple (however many are named)."""
    if len(names) > 1:
        return attrgetter(*names)
    return lambda obj: tuple(getattr(obj, n) for n in names)


def _unique_ids(store: Store) -> Iterable[Problem]:
    for label, records in _with_ids(store):
        seen: dict[str, int] = {}
        for i, record in enumerate(records):
            if record.id in seen:
                first = f"{label}[{seen[record.id]}]"
                yield Problem(f"{label}[{i}].id", f"duplicate id {record.id!r} (first used at {first})")
            else:
                seen[record.id] = i


def _references(store: Store) -> Iterable[Problem]:
    actors = {a.id for a in store.actors}
    places = {p.id for p in store.places}
    sides = {s.id for s in store.sides}
    pools = {"actor": actors, "place": places, "side": sides}

    # Each check tests membership first and builds its location only for a problem:
    # a large store has millions of references and almost all of them resolve.
    def refs(owner: str, pairs: Iterable[tuple[str, str | None, str]]) -> Iterable[Problem]:
        for what, value, field in pairs:
            if value is not None and value not in pools[what]:
                yield Problem(f"{owner}{field}", f"unknown {what} {value!r}")

    for i, s in enumerate(store.sides):
        for j, sup in enumerate(s.supporters):
            yield from refs(f"sides[{i}]", [("actor", sup.actor, f".supporters[{j}].actor")])
    for i, a in enumerate(store.actors):
        yield from refs(f"actors[{i}]", [("actor", a.parent, ".parent"), ("side", a.side, ".side")])
    for i, p in enumerate(store.places):
        yield from refs(f"places[{i}]", [
            ("place", p.parent, ".parent"), ("actor", p.initial_holder, ".initial_holder"),
        ])
    for i, e in enumerate(store.events):
        if all(ea.actor in actors for ea in e.actors) and all(pid in places for pid in e.places) and (
            e.claimed_by is None or e.claimed_by in actors
        ) and all(
            (c.party is None or c.party in actors) and (c.claimed_by is None or c.claimed_by in actors)
            for c in e.casualties
        ) and all(
            cc.place in places and all(x is None or x in actors for x in (cc.from_, cc.to, cc.claimed_by))
            for cc in e.control_changes
        ):
            continue  # the common case: everything resolves
        pairs: list[tuple[str, str | None, str]] = []
        pairs += [("actor", ea.actor, f".actors[{j}].actor") for j, ea in enumerate(e.actors)]
        pairs += [("place", pid, f".places[{j}]") for j, pid in enumerate(e.places)]
        pairs.append(("actor", e.claimed_by, ".claimed_by"))
        for j, c in enumerate(e.casualties):
            pairs += [
                ("actor", c.party, f".casualties[{j}].party"), ("actor", c.claimed_by, f".casualties[{j}].claimed_by"),
            ]
        for j, cc in enumerate(e.control_changes):
            pairs += [
                ("place", cc.place, f".control_changes[{j}].place"),
                ("actor", cc.from_, f".control_changes[{j}].from"),
                ("actor", cc.to, f".control_changes[{j}].to"),
                ("actor", cc.claimed_by, f".control_changes[{j}].claimed_by"),
            ]
        yield from refs(f"events[{i}]", pairs)
    for i, r in enumerate(store.reported_totals):
        yield from refs(f"reported_totals[{i}]", [
            ("side", r.side, ".side"), ("actor", r.party, ".party"), ("actor", r.claimed_by, ".claimed_by"),
        ])


def _with_ids(store: Store) -> list[tuple[str, Sequence[Identified]]]:
    return [("sides", store.sides), ("actors", store.actors), ("places", store.places), ("events", store.events),
            ("reported_totals", store.reported_totals)]


def _cycles(store: Store) -> Iterable[Problem]:
    hierarchies: list[tuple[str, Sequence[Hierarchical]]] = [("actors", store.actors), ("places", store.places)]
    for label, records in hierarchies:
        cyclic = _on_cycles({r.id: r.parent for r in records})
        for i, r in enumerate(records):
            if r.id in cyclic:
                yield Problem(f"{label}[{i}].parent", f"{r.id!r} is its own ancestor (parents form a cycle)")


def _on_cycles(parent: dict[str, str | None]) -> set[str]:
    """The ids that are their own ancestors, in one walk over each chain (linear, however deep)."""
    done: set[str] = set()
    cyclic: set[str] = set()
    for start in parent:
        path: dict[str, int] = {}  # the current walk, in order
        node: str | None = start
        while node is not None and node in parent and node not in done and node not in path:
            path[node] = len(path)
            node = parent[node]
        if node is not None and node in path:  # the walk came back to itself: a cycle from there on
            cyclic.update(list(path)[path[node]:])
        done.update(path)
    return cyclic


def _names(store: Store) -> Iterable[Problem]:
    """Within actors, places and sides, no two records may answer to the same normalised name."""
    registries: list[tuple[str, Sequence[Named]]] = [
        ("sides", store.sides), ("actors", store.actors), ("places", store.places),
    ]
    for label, records in registries:
        owner: dict[str, str] = {}
        for i, r in enumerate(records):
            names = [r.id, r.name, *getattr(r, "aliases", [])]
            for name in names:
                key = normalise(name)
                if not key:
                    yield Problem(f"{label}[{i}]", f"the name {name!r} has no letters or digits")
                    continue
                if key in owner and owner[key] != r.id:
                    yield Problem(f"{label}[{i}]", f"the name {name!r} also names {owner[key]!r}")
                owner.setdefault(key, r.id)


def _dates(store: Store) -> Iterable[Problem]:
    for i, e in enumerate(store.events):
        yield from _dates_one(e, f"events[{i}]")


def _dates_one(e: Any, loc: str) -> Iterable[Problem]:
    end = e.end
    if end < e.date:
        yield Problem(f"{loc}.date_end", f"date_end {end} is before date {e.date}")
        return
    p = e.precision
    if p is Precision.day and end != e.date:
        yield Problem(f"{loc}.date_end", "a day-precision event must end on its own date")
    elif p is Precision.range and end == e.date:
        yield Problem(f"{loc}.precision", "a range must span more than one day (use precision 'day')")
    elif p is Precision.week and (e.date.weekday() != 0 or end != e.date + dt.timedelta(days=6)):
        yield Problem(f"{loc}.precision", "a week must run Monday to Sunday")
    elif p is Precision.month and (
        e.date.day != 1
        or end.month != e.date.month
        or end.year != e.date.year
        or end.day != calendar.monthrange(end.year, end.month)[1]
    ):
        yield Problem(f"{loc}.precision", "a month must run from its first to its last day")
    elif p is Precision.year and (e.date != dt.date(e.date.year, 1, 1) or end != dt.date(e.date.year, 12, 31)):
        yield Problem(f"{loc}.precision", "a year must run from 1 January to 31 December")


def _claim_problems(certainty: Certainty, claimed_by: str | None, loc: str) -> Iterable[Problem]:
    if certainty is Certainty.claimed and claimed_by is None:
        yield Problem(f"{loc}.claimed_by", "a claimed statement must say who claims it (claimed_by)")
    if certainty is not Certainty.claimed and claimed_by is not None:
        yield Problem(f"{loc}.claimed_by", f"claimed_by is set but certainty is {certainty.value!r}, not 'claimed'")


def _claim_ok(certainty: Certainty, claimed_by: str | None) -> bool:
    return (certainty is Certainty.claimed) == (claimed_by is not None)


def _claims(store: Store) -> Iterable[Problem]:
    for i, e in enumerate(store.events):
        if not _claim_ok(e.certainty, e.claimed_by):
            yield from _claim_problems(e.certainty, e.claimed_by, f"events[{i}]")
        for j, c in enumerate(e.casualties):
            if not _claim_ok(c.certainty, c.claimed_by):
                yield from _claim_problems(c.certainty, c.claimed_by, f"events[{i}].casualties[{j}]")
            if c.killed is None and c.injured is None and c.arrested is None:
                yield Problem(f"events[{i}].casualties[{j}]", "gives no count (killed, injured or arrested)")
        for j, cc in enumerate(e.control_changes):
            if not _claim_ok(cc.certainty, cc.claimed_by):
                yield from _claim_problems(cc.certainty, cc.claimed_by, f"events[{i}].control_changes[{j}]")
            if cc.from_ is not None and cc.from_ == cc.to:
                yield Problem(f"events[{i}].control_changes[{j}]", f"from and to are both {cc.to!r}")
    for i, r in enumerate(store.reported_totals):
        yield from _claim_problems(r.certainty, r.claimed_by, f"reported_totals[{i}]")


def control_sequence(store: Store) -> list[tuple[int, int]]:
    """(event index, change index) of every control change, in the order they take effect.

    A change takes effect at the end of its event's span (the last day it may
    have happened by); ties keep the store's order.  A store read through its
    database gives the order it recorded (the same, without decoding every event).
    """
    from .types import QueryableEvents

    if isinstance(store.events, QueryableEvents):
        return store.events.control_sequence()
    order = [
        (e.end, e.date, i, j)
        for i, e in enumerate(store.events)
        for j, _ in enumerate(e.control_changes)
    ]
    order.sort(key=lambda t: (t[0], t[1], t[2], t[3]))
    return [(i, j) for _, _, i, j in order]


def _control_sequence(store: Store) -> Iterable[Problem]:
    """Each change must name the holder the place had just before it."""
    holder: dict[str, str | None] = {p.id: p.initial_holder for p in store.places}
    known: dict[str, bool] = {p.id: p.initial_holder is not None for p in store.places}
    for i, j in control_sequence(store):
        cc = store.events[i].control_changes[j]
        if cc.place not in holder:
            continue  # reported by _references
        if known[cc.place] and holder[cc.place] != cc.from_:
            yield Problem(
                f"events[{i}].control_changes[{j}].from",
                f"{cc.place!r} was held by {holder[cc.place]!r} at that point, not {cc.from_!r}",
            )
        holder[cc.place] = cc.to
        known[cc.place] = True
