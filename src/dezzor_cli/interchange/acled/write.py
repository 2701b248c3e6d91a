"""Import, the output: the store's JSON text, made piece by piece from the spooled events and validated.

The text is laid out as ``json.dumps(store, ensure_ascii=False, indent=1)`` would, except
that each event is one line (as ``bench/generate.py`` writes them: far smaller, and made by
the json module's C encoder); it is made one batch of events at a time, so no copy of the
store is ever held whole.  The validation is the store's own (the models and checks
:func:`dezzor_cli.store.read.build` runs), on the registries with each batch of events.  A
store's checks look at one event at a time or at the registries, except that event ids must
be unique, which is checked across batches here; so this is the whole store's validation.
Each row's event was checked as it was read, so a problem found here is a bug in the
import: it stops the import, naming the input line it comes from.
"""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...errors import StoreError
from ..batches import Spooled, in_event, problems_of, vouched

__all__ = ["VALIDATE_EVERY", "Assembled", "Imported", "store_chunks"]

VALIDATE_EVERY = 10_000  # events validated (and written) together
_IN_REGISTRY = re.compile(r"(actors|places)\[([0-9]+)\].*", re.DOTALL)


@dataclass
class Assembled:
    """Everything of the store but its events (which wait in the spool), and where each record comes from."""

    meta: dict[str, Any]
    actors: list[dict[str, Any]]
    places: list[dict[str, Any]]
    actor_lines: list[int]  # the first input line naming each actor
    place_lines: list[int]
    moved: dict[int, tuple[int, str | None]]  # input line -> the event's place instead of the spooled one, a note
    label: str = "the ACLED CSV"  # the input's kind, for the message of a bug


@dataclass
class Imported:
    """An import's result: the problems of the rows left out, the counts, and the store to write."""

    problems: list[tuple[int, str]]
    events: int
    actors: int
    places: int
    _assembled: Assembled = field(repr=False)
    _spool: Any = field(repr=False)
    headerless: bool = False  # a UCDP GED file published without a header row
    out_of_order: int = 0  # UCDP GED rows whose low, best and high are out of order, kept with a range spanning them

    def chunks(self) -> Iterator[bytes]:
        """The store's JSON text (UTF-8), validated as it is made: StoreError, naming the input line, if not valid."""
        return store_chunks(self._assembled, self._spool)


def store_chunks(a: Assembled, spool: Any) -> Iterator[bytes]:
    """The store's JSON as UTF-8 pieces; raises StoreError (naming the input line) if it would not be valid."""
    head = json.dumps({"meta": a.meta, "actors": a.actors, "places": a.places}, ensure_ascii=False)
    _validate(a, head, [], [], [], set())
    yield (
        "{\n"
        f' "meta": {_dumps(a.meta, 1)},\n'
        ' "sides": [],\n'
        f' "actors": {_dumps(a.actors, 1)},\n'
        f' "places": {_dumps(a.places, 1)},\n'
        ' "events": [\n'
    ).encode()
    actor_ids = [r["id"] for r in a.actors]
    place_ids = [r["id"] for r in a.places]
    seen: set[str] = set()
    events: list[dict[str, Any]] = []
    lines: list[int] = []
    first = True
    for batch in spooled(spool):
        for event, actors, place, line in batch:
            events.append(_final(event, [actor_ids[i] for i in actors], place, line, place_ids, a.moved))
            lines.append(line)
        if len(events) >= VALIDATE_EVERY:
            yield _validated_text(a, head, events, lines, seen, first)
            events, lines, first = [], [], False
    if events:
        yield _validated_text(a, head, events, lines, seen, first)
    yield b'\n ],\n "reported_totals": []\n}\n'


def _final(event: dict[str, Any], ids: list[str], place: int, line: int, place_ids: list[str],
           moved: dict[int, tuple[int, str | None]]) -> dict[str, Any]:
    """The spooled event with real ids for its stand-ins (``a<n>`` is the row's n-th actor, ``p0`` its place)."""

    def real(ref: str) -> str:
        return ids[int(ref[1:])]

    for ea in event["actors"]:
        ea["actor"] = real(ea["actor"])
    if "claimed_by" in event:
        event["claimed_by"] = real(event["claimed_by"])
    for c in event["casualties"]:
        if c.get("party") is not None:  # the UCDP import names parties; the ACLED import never does
            c["party"] = real(c["party"])
        if "claimed_by" in c:
            c["claimed_by"] = real(c["claimed_by"])
    if line in moved:
        place, note = moved[line]
        if note:
            event["note"] = "; ".join([event["note"], note] if "note" in event else [note])[:20_000]
    event["places"] = [place_ids[place]] if place >= 0 else []
    return event


def _validated_text(a: Assembled, head: str, events: list[dict[str, Any]], lines: list[int], seen: set[str],
                    first: bool) -> bytes:
    texts = [json.dumps(e, ensure_ascii=False) for e in events]
    _validate(a, head, texts, events, lines, seen)
    text = ",\n".join(f"  {t}" for t in texts)
    return (text if first else ",\n" + text).encode("utf-8")


def _validate(a: Assembled, head: str, texts: list[str], events: list[dict[str, Any]], lines: list[int],
              seen: set[str]) -> None:
    """The store's own validation: the fast reader, and the models and checks when it declines."""
    problems = [] if vouched(head, texts) else problems_of({**json.loads(head), "events": events})
    if problems:
        p = problems[0]
        where = in_event(p.location)
        registry = _IN_REGISTRY.fullmatch(p.location)
        if where is not None:
            line = lines[where[0]]
        elif registry is not None:
            line = (a.actor_lines if registry.group(1) == "actors" else a.place_lines)[int(registry.group(2))]
        else:
            line = 1
        raise StoreError(_bug(a.label, line, str(p)))
    for event, line in zip(events, lines, strict=True):
        if event["id"] in seen:
            raise StoreError(_bug(a.label, line, f"event id {event['id']!r} is used twice"))
        seen.add(event["id"])


def _bug(label: str, line: int, problem: str) -> str:
    return f"line {line}: the store made from {label} would not be valid ({problem}); a bug: please report it"


def _dumps(value: Any, depth: int) -> str:
    """``value`` as it stands ``depth`` levels deep in the whole store's ``json.dumps(..., indent=1)``."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def spooled(spool: Any) -> Iterator[list[Spooled]]:
    """The batches :meth:`.build.Builder.flush` spooled, from the start."""
    spool.seek(0)
    while True:
        try:
            batch: list[Spooled] = pickle.load(spool)  # noqa: S301 (our own file, written just now)
        except EOFError:
            return
        yield batch
