"""The same incidents in two stores from different sources: candidate pairs, their scores and reasons.

A pair of events (one from store A, one from store B) is a candidate when their date spans overlap
(a month-precision event spans its month) and they share a place or an actor in one of the ways
below.  Its score adds up points, each with a reason a person can check:

======================================================  ======  =========================================
evidence                                                points  reason, as shown
======================================================  ======  =========================================
both dated to the same single day                            3  ``same day``
date spans overlap (otherwise)                               1  ``dates overlap: 2024-12 (month) and ...``
a place of each is the same place (below)                    3  ``both at Abu Kamal``
a place of each within ``max_km`` (25 km), both points       2  ``5.4 km apart (Mayadin, Diban)``
a place of one inside a place of the other                   1  ``Abu Kamal inside Deir ez-Zor Governorate``
an actor of each shares a name or alias (each, up to 2)      2  ``both name Syrian Democratic Forces``
actors with no shared name on sides that share a name        1  ``on the same side: ...``
the same kind (ACLED sub-event type)                         1  ``both Armed clash``
======================================================  ======  =========================================

Only the best place evidence counts.  Names are compared as :func:`~dezzor_cli.store.vocab.normalise`
does (case, accents, spaces and punctuation aside), also without a trailing qualifier in brackets
(``Islamic State (Syria)``, ``Abu Kamal (location)``) and, for ACLED's ``SDF: Syrian Democratic
Forces``, as each part.  Two places are the same when they share an id or a name (a place's name
also counts without a trailing generic word, ``Deir ez-Zor Governorate`` as ``Deir ez-Zor``), are
of the same class (admin level 1, 2 or 3, country, or anything else: a city is not its governorate)
and are not both given points more than ``max_km`` apart.  "Inside" follows each store's own
hierarchy: a place whose ancestor is the same place as the other.

Pairs scoring at least ``min_score`` are chosen one to one, greedily: highest score first, ties
broken by A's event id and then B's (string order).  A chosen pair is a hypothesis for a person
to check, not a finding.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..store.types import EventLike, PlaceLike
from ..store.vocab import COUNT_FIELDS, normalise
from .dates import label
from .index import Index
from .names import stem
from .quantities import Qty, add_counts, no_counts

MIN_SCORE = 4
MAX_KM = 25.0
EARTH_KM = 6371.0088  # the mean radius
MAX_ACTOR_PAIRS = 2

_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_CLASSES = {"governorate": "admin1", "admin1": "admin1", "province": "admin1", "state": "admin1",
            "district": "admin2", "admin2": "admin2", "subdistrict": "admin3", "admin3": "admin3",
            "nahiya": "admin3", "country": "country"}


def name_keys(name: str) -> list[str]:
    """The normalised forms a name is compared by: itself, without a bracketed qualifier, and ACLED's "A: B" parts."""
    forms = [name, _QUALIFIER.sub("", name)]
    if ": " in name:
        forms += [part for half in name.split(": ", 1) for part in (half, _QUALIFIER.sub("", half))]
    return list(dict.fromkeys(k for k in map(normalise, forms) if k))


def km(a: PlaceLike, b: PlaceLike) -> float | None:
    """Great-circle distance (haversine) between two places' points; None unless both have one."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Difference:
    """A figure a pair gives differently: killed, injured or arrested (summed over parties), or control."""

    field: str
    a: Any  # JSON: a count (a number, or {"min": n, "max": n or null}) or null; for control a list of "place -> holder"
    b: Any
    a_text: str
    b_text: str


@dataclass(frozen=True)
class Pair:
    a: EventLike
    b: EventLike
    score: int
    reasons: tuple[str, ...]
    differences: tuple[Difference, ...] = ()


@dataclass
class Comparison:
    matched: list[Pair] = field(default_factory=list)
    only_a: list[EventLike] = field(default_factory=list)
    only_b: list[EventLike] = field(default_factory=list)


class _Names:
    """One store's actors and places by the keys they are compared by."""

    def __init__(self, ix: Index) -> None:
        self.ix = ix
        self.actor_keys = {a.id: name_keys_of(a.name, a.aliases) for a in ix.store.actors}
        self.place_keys = {p.id: [*name_keys_of(p.name, p.aliases, stems=True), "#" + p.id] for p in ix.store.places}
        self.side_keys = {s.id: set(name_keys(s.name)) for s in ix.store.sides}

    @cached_property
    def places_by_key(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for pid, keys in self.place_keys.items():
            for k in keys:
                out.setdefault(k, []).append(pid)
        return out


def name_keys_of(name: str, aliases: Iterable[str], stems: bool = False) -> list[str]:
    keys = [k for n in (name, *aliases) for k in name_keys(n)]
    if stems:
        keys += [stem(k) for k in keys]
    return list(dict.fromkeys(keys))


def place_class(p: PlaceLike) -> str:
    return _CLASSES.get(normalise(p.type), "other")


class Matcher:
    """Scores pairs of events from two indexed stores (A and B)."""

    def __init__(self, a: Index, b: Index, max_km: float = MAX_KM) -> None:
        self.a, self.b = _Names(a), _Names(b)
        self.max_km = max_km
        self._same: dict[str, set[str]] = {}

    def same_places(self, pa: str) -> set[str]:
        """B's places that are the same place as A's ``pa``."""
        if pa not in self._same:
            place = self.a.ix.place[pa]
            found: set[str] = set()
            for k in self.a.place_keys[pa]:
                for pb in self.b.places_by_key.get(k, ()):
                    other = self.b.ix.place[pb]
                    d = km(place, other)
                    if place_class(place) == place_class(other) and (d is None or d <= self.max_km):
                        found.add(pb)
            self._same[pa] = found
        return self._same[pa]

    def place_evidence(self, ea: EventLike, eb: EventLike) -> tuple[int, str] | None:
        best: tuple[int, str] | None = None
        name_a, name_b = self.a.ix.place_name, self.b.ix.place_name
        for pa in _places(ea):
            for pb in _places(eb):
                found: tuple[int, str] | None = None
                if pb in self.same_places(pa):
                    found = (3, f"both at {name_a(pa)}" if name_a(pa) == name_b(pb) else
                             f"the same place: {name_a(pa)} and {name_b(pb)}")
                else:
                    d = km(self.a.ix.place[pa], self.b.ix.place[pb])
                    if d is not None and d <= self.max_km:
                        found = (2, f"{d:.1f} km apart ({name_a(pa)}, {name_b(pb)})")
                    elif any(pb in self.same_places(up) for up in self.a.ix.places.ancestors(pa)):
                        found = (1, f"{name_a(pa)} inside {name_b(pb)}")
                    elif any(up in self.same_places(pa) for up in self.b.ix.places.ancestors(pb)):
                        found = (1, f"{name_b(pb)} inside {name_a(pa)}")
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
        return best

    def actor_evidence(self, ea: EventLike, eb: EventLike) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        ids_b = _actors(eb)
        unmatched_a, matched_b = [], set()
        for aa in _actors(ea):
            keys_a = self.a.actor_keys.get(aa, [])
            shared = next(((k, ab) for k in keys_a for ab in ids_b if ab not in matched_b
                           and k in self.b.actor_keys.get(ab, ())), None)
            if shared is None:
                unmatched_a.append(aa)
                continue
            matched_b.add(shared[1])
            if len(out) < MAX_ACTOR_PAIRS:
                out.append((2, f"both name {self._spelling(aa, shared[0])}"))
        if out:
            return out
        for aa in unmatched_a:  # no shared names: the sides they are on, where both stores have sides
            side_a = self.a.ix.side_of(aa)
            for ab in ids_b:
                side_b = self.b.ix.side_of(ab)
                if side_a is not None and side_b is not None and \
                        self.a.side_keys.get(side_a, set()) & self.b.side_keys.get(side_b, set()):
                    return [(1, f"on the same side: {self.a.ix.actor_name(aa)} and {self.b.ix.actor_name(ab)} "
                                f"({self.a.ix.side_name(side_a)})")]
        return []

    def _spelling(self, aid: str, key: str) -> str:
        """A's own spelling of the shared name: its name or the alias whose key it is."""
        actor = self.a.ix.actor[aid]
        return next((n for n in (actor.name, *actor.aliases) if key in name_keys(n)), actor.name)

    def score(self, ea: EventLike, eb: EventLike) -> Pair | None:
        """The pair's score and reasons, or None when the dates do not overlap or nothing else is shared."""
        if ea.date > eb.end or eb.date > ea.end:
            return None
        place = self.place_evidence(ea, eb)
        actors = self.actor_evidence(ea, eb)
        if place is None and not actors:
            return None
        if ea.precision.value == "day" and eb.precision.value == "day" and ea.date == eb.date:
            evidence = [(3, "same day")]
        else:
            evidence = [(1, f"dates overlap: {_date(ea)} and {_date(eb)}")]
        evidence += [place] if place is not None else []
        evidence += actors
        if ea.kind == eb.kind:
            evidence.append((1, f"both {ea.kind}"))
        return Pair(ea, eb, sum(p for p, _ in evidence), tuple(r for _, r in evidence))

    # ------------------------------------------------------------------ figures that differ

    def differences(self, ea: EventLike, eb: EventLike) -> tuple[Difference, ...]:
        out: list[Difference] = []
        ca, cb = _summed(ea), _summed(eb)
        for name in COUNT_FIELDS:
            qa, qb = ca[name], cb[name]
            if qa != qb:
                out.append(Difference(name, _count_json(qa), _count_json(qb), _text(qa), _text(qb)))
        changes_a = [(cc.place, cc.to) for cc in ea.control_changes]
        changes_b = [(cc.place, cc.to) for cc in eb.control_changes]
        if not self._same_control(changes_a, changes_b):
            texts_a = [f"{self.a.ix.place_name(p)} -> {self.a.ix.actor_name(t)}" for p, t in changes_a]
            texts_b = [f"{self.b.ix.place_name(p)} -> {self.b.ix.actor_name(t)}" for p, t in changes_b]
            out.append(Difference("control", texts_a, texts_b, "; ".join(texts_a) or "none",
                                  "; ".join(texts_b) or "none"))
        return tuple(out)

    def _same_control(self, a: list[tuple[str, str | None]], b: list[tuple[str, str | None]]) -> bool:
        """Each change of A pairs with one of B: the same place and a new holder of a shared name (or none)."""
        if len(a) != len(b):
            return False
        left = list(b)
        for place, to in a:
            hit = next((x for x in left if x[0] in self.same_places(place) and self._same_holder(to, x[1])), None)
            if hit is None:
                return False
            left.remove(hit)
        return True

    def _same_holder(self, aa: str | None, ab: str | None) -> bool:
        if aa is None or ab is None:
            return aa is ab
        return bool(set(self.a.actor_keys.get(aa, ())) & set(self.b.actor_keys.get(ab, ())))


def compare(a: Index, b: Index, events_a: Sequence[EventLike], events_b: Sequence[EventLike],
            min_score: int = MIN_SCORE, max_km: float = MAX_KM) -> Comparison:
    """Match ``events_a`` (from store ``a``) with ``events_b`` one to one; see the module's notes for the rules."""
    m = Matcher(a, b, max_km)
    by_start = sorted(events_b, key=lambda e: (e.date, e.id))
    starts = [e.date for e in by_start]
    ends = [e.end for e in by_start]
    longest = max((end - start for start, end in zip(starts, ends, strict=True)), default=dt.timedelta(0))  # B longest
    candidates: list[Pair] = []
    for ea in events_a:
        first = bisect.bisect_left(starts, ea.date - longest)  # no B event starting earlier reaches ea
        for i in range(first, bisect.bisect_right(starts, ea.end)):
            if ends[i] >= ea.date:
                pair = m.score(ea, by_start[i])
                if pair is not None and pair.score >= min_score:
                    candidates.append(pair)
    candidates.sort(key=lambda p: (-p.score, p.a.id, p.b.id))
    used_a: set[str] = set()
    used_b: set[str] = set()
    out = Comparison()
    for p in candidates:
        if p.a.id in used_a or p.b.id in used_b:
            continue
        used_a.add(p.a.id)
        used_b.add(p.b.id)
        out.matched.append(Pair(p.a, p.b, p.score, p.reasons, m.differences(p.a, p.b)))
    out.matched.sort(key=lambda p: (p.a.date, p.a.end, p.a.id))
    out.only_a = [e for e in events_a if e.id not in used_a]
    out.only_b = [e for e in events_b if e.id not in used_b]
    return out


def _places(e: EventLike) -> list[str]:
    return list(dict.fromkeys([*e.places, *(cc.place for cc in e.control_changes)]))


def _actors(e: EventLike) -> list[str]:
    return list(dict.fromkeys(ea.actor for ea in e.actors))


def _date(e: EventLike) -> str:
    return label(e.date, e.end, e.precision.value)


def _summed(e: EventLike) -> dict[str, Qty | None]:
    """The event's killed, injured and arrested figures over all its parties.

    Killed is the event's own ``fatalities`` where its store gives one (schema version 2: the deaths
    the source totals, ACLED's ``fatalities``), else the killed figures of its casualty records added up.
    """
    counts = no_counts()
    for c in e.casualties:
        add_counts(counts, c)
    total = e.fatalities
    if total is not None:
        counts["killed"] = Qty.of(total)
    return counts


def _count_json(q: Qty | None) -> int | dict[str, int | None] | None:
    """A figure as a store writes a count: a number when exact, else min, best (when known) and max."""
    if q is None:
        return None
    if q.hi == q.lo:
        return q.lo
    return {"min": q.lo, **({"best": q.best} if q.best is not None else {}), "max": q.hi}


def _text(q: Qty | None) -> str:
    return "none" if q is None else str(q)
