"""A TimelineJS3 JSON document of a store's events.

TimelineJS (https://timeline.knightlab.com/) reads ``{"title": slide,
"events": [slide, ...]}``; a slide's ``start_date``/``end_date`` are objects
with ``year``, ``month`` and ``day`` where only the parts that are known are
given, which is how it shows a month or a year rather than a made-up day.

TimelineJS renders slide text as HTML, so every string taken from the store
is HTML-escaped here (a store is untrusted input; ``<`` in a summary must not
become markup in the page).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..store.vocab import Precision

if TYPE_CHECKING:
    from ..store.types import ActorLike as Actor
    from ..store.types import EventLike as Event
    from ..store.types import PlaceLike as Place
    from ..store.types import StoreLike as Store

__all__ = ["document", "headline"]

MAX_PLACES_IN_HEADLINE = 2


def document(store: Store) -> dict[str, Any]:
    """The TimelineJS3 document: a title slide and one slide per event, in store order.

    Title slide: headline = ``meta.title``, text = ``meta.description`` (empty
    when there is none).  Each event slide has:

    * ``start_date`` at the event's true precision: a day gives year, month
      and day; a month gives year and month; a year gives the year only; a
      range or a week gives the first day (year, month, day);
    * ``end_date`` only for a range or a week (its last day, with the day):
      a month or a year is already a span through its start date's precision,
      and a single day needs no end;
    * ``text``: ``headline`` from :func:`headline`, ``text`` the summary;
    * ``group``: the ACLED event type (one row per type in TimelineJS);
    * ``unique_id``: the event id.
    """
    actors = {a.id: a for a in store.actors}
    places = {p.id: p for p in store.places}
    meta = store.meta
    return {
        "title": {"text": {"headline": _esc(meta.title), "text": _esc(meta.description or "")}},
        "events": [_slide(e, actors, places) for e in store.events],
    }


def _slide(e: Event, actors: Mapping[str, Actor], places: Mapping[str, Place]) -> dict[str, Any]:
    slide: dict[str, Any] = {"start_date": _date(e.date, e.precision)}
    if e.precision in (Precision.range, Precision.week):
        slide["end_date"] = _date(e.end, Precision.day)
    slide["text"] = {"headline": _esc(headline(e, actors, places)), "text": _esc(e.summary)}
    slide["group"] = e.event_type
    slide["unique_id"] = e.id
    return slide


def _date(day: dt.date, precision: Precision) -> dict[str, int]:
    if precision is Precision.year:
        return {"year": day.year}
    if precision is Precision.month:
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


def headline(e: Event, actors: Mapping[str, Actor], places: Mapping[str, Place]) -> str:
    """A short, unescaped title: first initiator's short name, the kind, the first places.

    For example "SDF — Non-state actor overtakes territory — Al-Husseiniyah";
    more than two places end in "and N more".  Parts that are missing are left out.
    """
    parts: list[str] = []
    first = next((a.actor for a in e.actors if a.role == "initiator"), None)
    if first is not None and first in actors:
        a = actors[first]
        parts.append(a.short or a.name)
    parts.append(e.kind)
    names = [places[p].name for p in e.places if p in places]
    if names:
        shown = ", ".join(names[:MAX_PLACES_IN_HEADLINE])
        more = len(names) - MAX_PLACES_IN_HEADLINE
        parts.append(shown + (f" and {more} more" if more > 0 else ""))
    return " — ".join(parts)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
