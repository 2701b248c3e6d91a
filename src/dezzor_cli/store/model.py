"""Pydantic models of an event store.

The store is one JSON document: ``meta``, ``sides``, ``actors``, ``places``,
``events`` and ``reported_totals``.  The models are strict: a count must be a
JSON integer (``true`` and ``"12"`` are refused), a date must be an ISO
``YYYY-MM-DD`` string, and unknown keys are errors, so a typo in a hand-edited
store is caught instead of silently ignored.

Checks that need the whole store (references, cycles, control-change
consistency) live in :mod:`dezzor_cli.store.checks`.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    SerializerFunctionWrapHandler,
    Strict,
    StrictInt,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

from .vocab import (
    CHANGE_RULES,
    COUNT_FIELDS,
    SCHEMA_VERSION,
    SUB_EVENT_TYPES,
    ActorType,
    Certainty,
    EventDerived,
    Kind,
    PlacePrecision,
    Precision,
    SourceKind,
    whole_version,
)

__all__ = ["COUNT_FIELDS", "SCHEMA_VERSION", "SUB_EVENT_TYPES", "ActorType", "Certainty", "Precision"]  # re-exported


def _iso_date(value: Any) -> dt.date:
    """Accept exactly ``YYYY-MM-DD`` strings (and date objects built in code)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("a date must be a string in the form YYYY-MM-DD")
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise ValueError(f"a date must be in the form YYYY-MM-DD, not {value!r}")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date") from None
    if day.year > 9998:  # spans and weeks are computed a few days past an event; keep them representable
        raise ValueError(f"{value!r} is too far in the future (years up to 9998)")
    return day


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]

Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Name = Annotated[str, Field(min_length=1, max_length=500)]
Text = Annotated[str, Field(max_length=20_000)]
Whole = Annotated[StrictInt, Field(ge=0)]
Positive = Annotated[StrictInt, Field(ge=1)]
FileName = Annotated[str, Field(min_length=1, max_length=500, pattern=r"^[^/\\]+$")]  # no directory
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Instant = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")]  # UTC, seconds
Scheme = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# Enum fields take their JSON string values (strict mode alone would demand enum instances).
PrecisionField = Annotated[Precision, Strict(False)]
CertaintyField = Annotated[Certainty, Strict(False)]
ActorTypeField = Annotated[ActorType, Strict(False)]
PlacePrecisionField = Annotated[PlacePrecision, Strict(False)]
SourceKindField = Annotated[SourceKind, Strict(False)]



class Range(_Strict):
    """A count known only within bounds; ``max`` is null when the source gives no upper bound.

    ``best`` is the source's best estimate (UCDP's best between its low and high), absent when it gives none.
    """

    min: Whole
    best: Whole | None = None
    max: Whole | None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        if self.best is not None and (self.best < self.min or (self.max is not None and self.best > self.max)):
            raise ValueError(f"best ({self.best}) is not between min ({self.min}) and max ({self.max})")
        return self


_RANGE_KEYS = ({"min", "max"}, {"min", "best", "max"})


def _count(value: Any) -> int | Range:
    """A count is a JSON integer >= 0 or {"min": n, "best": n (optional), "max": n|null}; booleans and strings
    are refused."""
    if isinstance(value, Range):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, dict)):
        raise ValueError(f'a count must be a whole number or {{"min": n, "max": n or null}}, not {_show(value)}')
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"a count cannot be negative (got {value})")
        return value
    if set(value) not in _RANGE_KEYS:
        raise ValueError(
            f'a range must have the keys "min" and "max" (and "best", if known), not {_show(sorted(value))}')
    lo, hi = value["min"], value["max"]
    if isinstance(lo, bool) or not isinstance(lo, int) or lo < 0:
        raise ValueError(f"a range's min must be a whole number >= 0, not {_show(lo)}")
    if hi is not None and (isinstance(hi, bool) or not isinstance(hi, int)):
        raise ValueError(f"a range's max must be a whole number or null, not {_show(hi)}")
    if hi is not None and hi < lo:
        raise ValueError(f"a range's max ({hi}) is below its min ({lo})")
    best = value.get("best")
    if "best" in value:
        if isinstance(best, bool) or not isinstance(best, int):
            raise ValueError(f"a range's best must be a whole number (leave it out when unknown), not {_show(best)}")
        if best < lo or (hi is not None and best > hi):
            raise ValueError(f"a range's best ({best}) is not between its min ({lo}) and max ({hi})")
    return Range(min=lo, best=best, max=hi)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= 40 else text[:37] + "..."


def _count_json(value: int | Range) -> int | dict[str, int | None]:
    if isinstance(value, int):
        return value
    if value.best is None:
        return {"min": value.min, "max": value.max}
    return {"min": value.min, "best": value.best, "max": value.max}


_WHOLE = {"type": "integer", "minimum": 0}
_RANGE = {"type": "object", "properties": {"min": _WHOLE, "best": _WHOLE, "max": {"anyOf": [_WHOLE, {"type": "null"}]}},
          "required": ["min", "max"], "additionalProperties": False}
Count = Annotated[
    int | Range, PlainValidator(_count), PlainSerializer(_count_json), WithJsonSchema({"anyOf": [_WHOLE, _RANGE]}),
]


def _no_null_schema(schema: dict[str, Any]) -> None:
    """The JSON Schema of a citation: each field is its type alone (it may be left out, never null)."""
    for name, prop in schema.get("properties", {}).items():
        options = prop.get("anyOf")
        if name != "source" and options and {"type": "null"} in options:
            (kept,) = [o for o in options if o != {"type": "null"}]
            prop.pop("anyOf")
            prop.pop("default", None)
            prop.update(kept)


class Citation(_Strict):
    """Where a record comes from: a source of ``meta.sources`` and the fields of its kind.

    Which fields apply depends on the kind of the source it names (``vocab.CITATION_FIELDS``,
    checked in :mod:`.citations`); a field is left out when it does not apply or is unknown, never null.
    """

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, json_schema_extra=_no_null_schema)

    source: Id
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

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key, value in data.items():
                if value is None and key != "source":
                    raise ValueError(f"{key} is null; leave a citation's field out when it does not apply")
        return data

    @model_serializer(mode="wrap")
    def _given(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}


class Supporter(_Strict):
    """A supporter listed with a side; ``actor`` is null when the source leaves the name blank."""

    actor: Id | None = None
    until: IsoDate | None = None
    note: Text | None = None


class Side(_Strict):
    """A belligerent grouping as the infobox lists it."""

    id: Id
    name: Name
    infobox_column: Annotated[StrictInt, Field(ge=1)] | None = None
    supporters: list[Supporter] = Field(default_factory=list)
    note: Text | None = None


class Actor(_Strict):
    id: Id
    name: Name
    short: Annotated[str, Field(min_length=1, max_length=40)] | None = None  # for narrow table cells
    aliases: list[Name] = Field(default_factory=list)
    type: ActorTypeField
    parent: Id | None = None
    side: Id | None = None
    codes: dict[Scheme, Name] = Field(default_factory=dict)  # a scheme's code for it: {"ucdp": "77", "gwno": "652"}
    note: Text | None = None


class Place(_Strict):
    id: Id
    name: Name
    aliases: list[Name] = Field(default_factory=list)
    type: Name
    parent: Id | None = None
    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)] | None = None
    geonames_id: Annotated[StrictInt, Field(ge=1)] | None = None
    codes: dict[Scheme, Name] = Field(default_factory=dict)
    initial_holder: Id | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> Place:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self


class EventActor(_Strict):
    actor: Id
    role: Literal["initiator", "target", "supporter", "participant"]


class Casualty(_Strict):
    """Casualties of one party in one event.  A missing count means the source says nothing."""

    party: Id | None
    killed: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    certainty: CertaintyField = Certainty.reported
    claimed_by: Id | None = None
    note: Text | None = None


class ControlChange(_Strict):
    """A change of holder; ``to`` is null when the source says who left but not who took over."""

    # Only the JSON name "from" is accepted; "from_" is the Python attribute, not a key of the store.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    place: Id
    from_: Id | None = Field(alias="from")
    to: Id | None
    certainty: CertaintyField = Certainty.reported
    claimed_by: Id | None = None
    note: Text | None = None


class Event(_Strict, EventDerived):
    id: Id
    date: IsoDate
    date_end: IsoDate | None = None
    precision: PrecisionField
    date_note: Text | None = None
    kind: Kind
    actors: list[EventActor]
    places: list[Id]
    place_precision: PlacePrecisionField | None = None
    casualties: list[Casualty] = Field(default_factory=list)
    fatalities: Count | None = None  # deaths over all parties, as the source totals them
    control_changes: list[ControlChange] = Field(default_factory=list)
    certainty: CertaintyField = Certainty.reported
    claimed_by: Id | None = None
    summary: Annotated[str, Field(min_length=1, max_length=20_000)]
    source: Citation
    also_in: list[Citation] = Field(default_factory=list)
    note: Text | None = None


class ReportedTotal(_Strict):
    """A casualty figure from the infobox, kept apart from the event counts."""

    id: Id
    field: Name
    side: Id | None = None
    party: Id | None = None
    killed: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    certainty: CertaintyField = Certainty.reported
    claimed_by: Id | None = None
    text: Name
    note: Text | None = None


class SourceSection(_Strict):
    heading: Name
    paragraphs: Annotated[StrictInt, Field(ge=0)]


class SourceInfo(_Strict):
    """One of the store's sources (``meta.sources``); its ``id`` is what citations name."""

    id: Id
    kind: SourceKindField
    title: Name
    version: Name | None = None
    file: FileName | None = None
    sha256: Sha256 | None = None
    url: Name | None = None
    retrieved: IsoDate | None = None
    licence: Name | None = None
    citation: Text | None = None
    sections: list[SourceSection] = Field(default_factory=list)


class Change(_Strict):
    """What one ``dezzor update`` did (``meta.changes``)."""

    at: Instant
    source: Id
    file: FileName
    sha256: Sha256
    rule: Literal["deletions-file", "complete-reexport", "none"]
    added: Whole
    changed: Whole
    deleted: Whole
    unchanged: Whole


class Period(_Strict):
    start: IsoDate
    end: IsoDate


class Meta(_Strict):
    title: Name
    description: Text | None = None
    period: Period
    record: Period | None = None
    result: Text
    territory: list[Text] = Field(default_factory=list)
    part_of: list[Name] = Field(default_factory=list)
    location: Name | None = None
    sources: Annotated[list[SourceInfo], Field(min_length=1)]
    changes: list[Change] = Field(default_factory=list)
    schema_version: Annotated[Literal[2], BeforeValidator(whole_version)]


assert typing.get_args(Change.model_fields["rule"].annotation) == CHANGE_RULES  # noqa: S101 - one list of rules
assert SCHEMA_VERSION == 2  # noqa: S101 - Meta.schema_version names it


class Store(_Strict):
    meta: Meta
    sides: list[Side] = Field(default_factory=list)
    actors: list[Actor]
    places: list[Place]
    events: list[Event]
    reported_totals: list[ReportedTotal] = Field(default_factory=list)
