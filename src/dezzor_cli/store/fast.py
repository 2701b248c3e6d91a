"""The fast reader: msgspec structs with the same rules as the pydantic models.

A large store spends nearly all of a query's time being read.  This reader
decodes and type-checks the JSON in C (msgspec), then runs the same
cross-record checks as the plain reader.  It *vouches* for a store or it
declines; it never reports problems itself.  When it declines, for any reason,
the plain reader (:mod:`dezzor_cli.store.model`, pydantic) reads the store and either
accepts it or says exactly what is wrong.  So an error message never depends
on which reader ran, and the fast reader may be stricter than the plain one
(that only costs time), but never more lenient: ``tests/store/test_fast.py`` checks
both claims on the bundled store, on hand-made edge cases and on generated
stores.

Rules the structs cannot express are enforced after decoding:

* Duplicate keys.  msgspec keeps the later of two equal keys.  Optional fields
  default to ``UNSET``, so after decoding we know exactly which keys were
  present.  Every key costs the document one ``:`` outside strings, and every
  ``:`` in the file is either that or a character inside a string.  The
  normaliser counts the present keys plus the ``:`` inside the free-text
  strings it keeps; if that total is not the number of ``:`` bytes in the
  file, some key was there twice (or a colon hid in a string we did not
  count) and the reader declines.  Files spelling a colon as ``\\u003a``, or
  holding a surrogate escape, are left to the plain reader.
* The id pattern on event ids is checked in one regular-expression pass over
  all of them; the event's references need no pattern check, because each
  must resolve to an actor, place or side whose id was checked.
* Years above 9998, ``min <= max`` in a range and ``lat``/``lon`` together.

After the check, ``UNSET`` fields take their model defaults, so the query
layer sees the same values from either reader.
"""

# No "from __future__ import annotations": the field types are read at import (the normaliser is
# generated from them), and evaluating them from strings would cost start-up time.

import collections.abc
import datetime as dt
import re
import typing
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from .normaliser import Decline, compile_normaliser
from .types import StoreLike
from .vocab import ActorType, Certainty, EventDerived, Kind, PlacePrecision, Precision, SourceKind

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*\Z"  # pydantic's ^...$ (Rust regex: $ is the very end)
Id = Annotated[str, Meta(min_length=1, max_length=200, pattern=ID_PATTERN)]
# A reference inside an event: it must resolve to a checked Id, which stands in for the pattern.
Ref = Annotated[str, Meta(min_length=1, max_length=200, title="ref")]
Name = Annotated[str, Meta(min_length=1, max_length=500)]
Text = Annotated[str, Meta(max_length=20_000)]
Short = Annotated[str, Meta(min_length=1, max_length=40)]
Whole = Annotated[int, Meta(ge=0)]
Positive = Annotated[int, Meta(ge=1)]
Latitude = Annotated[float, Meta(ge=-90, le=90)]
Longitude = Annotated[float, Meta(ge=-180, le=180)]
FileName = Annotated[str, Meta(min_length=1, max_length=500, pattern=r"^[^/\\]+\Z")]
Sha256 = Annotated[str, Meta(pattern=r"^[0-9a-f]{64}\Z")]
Instant = Annotated[str, Meta(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z")]
Scheme = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*\Z")]


class _Record(Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    pass


class Range(_Record, kw_only=True, omit_defaults=True):
    min: Whole
    best: Whole | None = None  # left out when unknown (never null): see OMITTED
    max: Whole | None

    def __post_init__(self) -> None:
        if self.max is not None and self.max < self.min:
            raise ValueError("max is below min")
        if self.best is not None and (self.best < self.min or (self.max is not None and self.best > self.max)):
            raise ValueError("best is not between min and max")


Count = Whole | Range


class Citation(_Record, kw_only=True, omit_defaults=True):
    source: Ref  # must name one of meta.sources, whose ids are checked
    section: Name | None = None
    paragraph: Positive | None = None
    record: Name | None = None
    line: Positive | None = None
    reports: Text | None = None
    scale: Name | None = None
    timestamp: Whole | None = None
    relid: Name | None = None
    number_of_sources: Whole | None = None
    low: Whole | None = None
    high: Whole | None = None
    note: Text | None = None


class Supporter(_Record, kw_only=True):
    actor: Id | None | UnsetType = UNSET
    until: dt.date | None | UnsetType = UNSET
    note: Text | None | UnsetType = UNSET


class Side(_Record, kw_only=True):
    id: Id
    name: Name
    infobox_column: Positive | None | UnsetType = UNSET
    supporters: list[Supporter] | UnsetType = UNSET
    note: Text | None | UnsetType = UNSET


class Actor(_Record, kw_only=True):
    id: Id
    name: Name
    short: Short | None | UnsetType = UNSET
    aliases: list[Name] | UnsetType = UNSET
    type: ActorType
    parent: Id | None | UnsetType = UNSET
    side: Id | None | UnsetType = UNSET
    codes: dict[Scheme, Name] | UnsetType = UNSET
    note: Text | None | UnsetType = UNSET


class Place(_Record, kw_only=True):
    id: Id
    name: Name
    aliases: list[Name] | UnsetType = UNSET
    type: Name
    parent: Id | None | UnsetType = UNSET
    lat: Latitude | None | UnsetType = UNSET
    lon: Longitude | None | UnsetType = UNSET
    geonames_id: Positive | None | UnsetType = UNSET
    codes: dict[Scheme, Name] | UnsetType = UNSET
    initial_holder: Id | None | UnsetType = UNSET
    note: Text | None | UnsetType = UNSET

    def __post_init__(self) -> None:
        if (self.lat in (None, UNSET)) != (self.lon in (None, UNSET)):
            raise ValueError("lat and lon must be given together")


class EventActor(_Record, kw_only=True):
    actor: Ref
    role: Literal["initiator", "target", "supporter", "participant"]


class Casualty(_Record, kw_only=True):
    party: Ref | None
    killed: Count | None | UnsetType = UNSET
    injured: Count | None | UnsetType = UNSET
    arrested: Count | None | UnsetType = UNSET
    certainty: Certainty | UnsetType = UNSET
    claimed_by: Ref | None | UnsetType = UNSET
    note: Text | None | UnsetType = UNSET


class ControlChange(_Record, kw_only=True, rename={"from_": "from"}):
    place: Ref
    from_: Ref | None
    to: Ref | None
    certainty: Certainty | UnsetType = UNSET
    claimed_by: Ref | None | UnsetType = UNSET
    note: Text | None | UnsetType = UNSET


class Event(_Record, EventDerived, kw_only=True):
    id: Ref  # checked against the pattern in one pass over all events
    date: dt.date
    date_end: dt.date | None | UnsetType = UNSET
    precision: Precision
    date_note: Text | None | UnsetType = UNSET
    kind: Kind
    actors: list[EventActor]
    places: list[Ref]
    place_precision: PlacePrecision | None | UnsetType = UNSET
    casualties: list[Casualty] | UnsetType = UNSET
    fatalities: Count | None | UnsetType = UNSET
    control_changes: list[ControlChange] | UnsetType = UNSET
    certainty: Certainty | UnsetType = UNSET
    claimed_by: Ref | None | UnsetType = UNSET
    summary: Annotated[str, Meta(min_length=1, max_length=20_000)]
    source: Citation
    also_in: list[Citation] | UnsetType = UNSET
    note: Text | None | UnsetType = UNSET


class ReportedTotal(_Record, kw_only=True):
    id: Id
    field: Name
    side: Id | None | UnsetType = UNSET
    party: Id | None | UnsetType = UNSET
    killed: Count | None | UnsetType = UNSET
    injured: Count | None | UnsetType = UNSET
    arrested: Count | None | UnsetType = UNSET
    certainty: Certainty | UnsetType = UNSET
    claimed_by: Id | None | UnsetType = UNSET
    text: Name
    note: Text | None | UnsetType = UNSET


class SourceSection(_Record, kw_only=True):
    heading: Name
    paragraphs: Whole


class SourceInfo(_Record, kw_only=True):
    id: Id
    kind: SourceKind
    title: Name
    version: Name | None | UnsetType = UNSET
    file: FileName | None | UnsetType = UNSET
    sha256: Sha256 | None | UnsetType = UNSET
    url: Name | None | UnsetType = UNSET
    retrieved: dt.date | None | UnsetType = UNSET
    licence: Name | None | UnsetType = UNSET
    citation: Text | None | UnsetType = UNSET
    sections: list[SourceSection] | UnsetType = UNSET


class Change(_Record, kw_only=True):
    at: Instant
    source: Id
    file: FileName
    sha256: Sha256
    rule: Literal["deletions-file", "complete-reexport", "none"]
    added: Whole
    changed: Whole
    deleted: Whole
    unchanged: Whole


class Period(_Record, kw_only=True):
    start: dt.date
    end: dt.date


class Meta_(_Record, kw_only=True):
    title: Name
    description: Text | None | UnsetType = UNSET
    period: Period
    record: Period | None | UnsetType = UNSET
    result: Text
    territory: list[Text] | UnsetType = UNSET
    part_of: list[Name] | UnsetType = UNSET
    location: Name | None | UnsetType = UNSET
    sources: Annotated[list[SourceInfo], Meta(min_length=1)]
    changes: list[Change] | UnsetType = UNSET
    schema_version: Literal[2]


class Store(_Record, kw_only=True):
    meta: Meta_
    sides: list[Side] | UnsetType = UNSET
    actors: list[Actor]
    places: list[Place]
    events: list[Event]
    reported_totals: list[ReportedTotal] | UnsetType = UNSET


STRUCTS: tuple[type[_Record], ...] = (
    Range, Citation, Supporter, Side, Actor, Place, EventActor, Casualty, ControlChange, Event,
    ReportedTotal, SourceSection, SourceInfo, Change, Period, Meta_, Store,
)
# Fields left out of a record when unknown (never null, so a present key is one that is not None): a range's best
# estimate, and a citation's fields, which differ by the kind of source it names.
OMITTED: frozenset[tuple[str, str]] = frozenset(
    [("Range", "best")] + [("Citation", f.name) for f in msgspec.structs.fields(Citation) if not f.required])


# --------------------------------------------------------------------------- the normaliser


class _Events(_Record, kw_only=True):
    """A run of a store's events, normalised on their own (:func:`normalise_events`)."""

    events: list[Event]


_normalise = compile_normaliser(Store, STRUCTS, _Record, (Id, Ref))
_normalise_events = compile_normaliser(_Events, (*STRUCTS, _Events), _Record, (Id, Ref))
_ESCAPES = re.compile(rb"\\u(?:[dD][89a-fA-F]|003[aA])")  # a surrogate, or a colon spelled as an escape
_EVENT_IDS = re.compile(r"(?:[a-z0-9][a-z0-9-]{0,199}\n)*")
_DECODER = msgspec.json.Decoder(Store)


def load(data: bytes) -> "StoreLike | None":
    """The validated store, or None when only the plain reader can decide."""
    store = decode(data)
    if store is None:
        return None
    try:
        keys_and_colons = _normalise(store)
    except Decline:
        return None
    return vouched(store, keys_and_colons, data.count(b":"))


# The steps of load() are public for store/staged.py, which takes them a run of events at a time for
# `dezzor cache build`.


def decode(data: bytes) -> Store | None:
    """The store decoded and type-checked (defaults not filled in yet), or None: the plain reader decides."""
    return decoded(_DECODER, data)


T = typing.TypeVar("T")
# What the fast reader cannot decode; ValueError: invalid UTF-8 in a string.
DECODE_ERRORS = (msgspec.DecodeError, ValueError, RecursionError, MemoryError)


def decoded(decoder: "msgspec.json.Decoder[T]", data: bytes) -> T | None:
    """``data`` decoded by ``decoder``, or None when the fast reader leaves the file to the plain one: it does not
    decode, or it holds an escape the reader does not count (a surrogate, or a colon spelled as one)."""
    try:
        value = decoder.decode(data)
    except DECODE_ERRORS:
        return None
    if _ESCAPES.search(data):
        return None
    return value


def normalise_events(events: list[Event]) -> int:
    """Fill in the defaults of these events; their keys and free-text colons.  Raises :class:`Decline`."""
    counted: int = _normalise_events(_Events(events=events))
    return counted - 1  # the wrapper's own key


def normalise_head(store: Store) -> int:
    """Fill in the defaults of everything but the events; its keys and free-text colons.  Raises :class:`Decline`."""
    events, store.events = store.events, []
    try:
        counted: int = _normalise(store)
        return counted
    finally:
        store.events = events


def vouched(store: Store, keys_and_colons: int, colons: int) -> "StoreLike | None":
    """The normalised ``store`` if the fast reader can vouch for it (``colons``: the ``:`` bytes in its file).

    Once the normaliser has filled every ``UNSET`` field with its default, the
    structs hold exactly what :class:`~.types.StoreLike` promises: the one cast.
    """
    from .checks import check_store

    if keys_and_colons != colons:
        return None  # a key given twice in one object (or a colon in a string we do not count)
    ids = [e.id for e in store.events]
    joined = "\n".join(ids) + "\n" if ids else ""
    if joined.count("\n") != len(ids) or _EVENT_IDS.fullmatch(joined) is None:
        return None
    checked = typing.cast(StoreLike, store)
    if check_store(checked):
        return None
    return checked


def record(obj: Any) -> dict[str, Any]:
    """A loaded record as JSON-ready data: every field, in model order, under its JSON name."""
    return msgspec.to_builtins(obj, enc_hook=_as_list)  # type: ignore[no-any-return]


def _as_list(obj: Any) -> Any:
    """The events of a store read through its database (a sequence decoded as it is read) as the list they stand for."""
    if isinstance(obj, collections.abc.Sequence):
        return list(obj)
    raise NotImplementedError(f"cannot turn {type(obj).__name__} into JSON")
