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
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    Strict,
    StrictInt,
    WithJsonSchema,
    model_validator,
)

from .vocab import COUNT_FIELDS, SCHEMA_VERSION, SUB_EVENT_TYPES, ActorType, Certainty, EventDerived, Kind, Precision

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


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# Enum fields take their JSON string values (strict mode alone would demand enum instances).
PrecisionField = Annotated[Precision, Strict(False)]
CertaintyField = Annotated[Certainty, Strict(False)]
ActorTypeField = Annotated[ActorType, Strict(False)]



class Range(_Strict):
    """A count known only within bounds; ``max`` is null when the source gives no upper bound."""

    min: Annotated[StrictInt, Field(ge=0)]
    max: Annotated[StrictInt, Field(ge=0)] | None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self


def _count(value: Any) -> int | Range:
    """A count is a JSON integer >= 0 or {"min": n, "max": n|null}; booleans and strings are refused."""
    if isinstance(value, Range):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, dict)):
        raise ValueError(f'a count must be a whole number or {{"min": n, "max": n or null}}, not {_show(value)}')
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"a count cannot be negative (got {value})")
        return value
    if set(value) != {"min", "max"}:
        raise ValueError(f'a range must have exactly the keys "min" and "max", not {_show(sorted(value))}')
    lo, hi = value["min"], value["max"]
    if isinstance(lo, bool) or not isinstance(lo, int) or lo < 0:
        raise ValueError(f"a range's min must be a whole number >= 0, not {_show(lo)}")
    if hi is not None and (isinstance(hi, bool) or not isinstance(hi, int)):
        raise ValueError(f"a range's max must be a whole number or null, not {_show(hi)}")
    if hi is not None and hi < lo:
        raise ValueError(f"a range's max ({hi}) is below its min ({lo})")
    return Range(min=lo, max=hi)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= 40 else text[:37] + "..."


def _count_json(value: int | Range) -> int | dict[str, int | None]:
    return value if isinstance(value, int) else {"min": value.min, "max": value.max}


Count = Annotated[
    int | Range,
    PlainValidator(_count),
    PlainSerializer(_count_json),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {
                    "type": "object",
                    "properties": {
                        "min": {"type": "integer", "minimum": 0},
                        "max": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]},
                    },
                    "required": ["min", "max"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


class Source(_Strict):
    """Where in the source article a record comes from."""

    section: Name
    paragraph: Annotated[StrictInt, Field(ge=1)]


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
    casualties: list[Casualty] = Field(default_factory=list)
    control_changes: list[ControlChange] = Field(default_factory=list)
    certainty: CertaintyField = Certainty.reported
    claimed_by: Id | None = None
    summary: Annotated[str, Field(min_length=1, max_length=20_000)]
    source: Source
    also_in: list[Source] = Field(default_factory=list)
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
    title: Name
    url: Name | None = None
    retrieved: IsoDate | None = None
    licence: Name | None = None
    sections: list[SourceSection]


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
    source: SourceInfo
    schema_version: StrictInt


class Store(_Strict):
    meta: Meta
    sides: list[Side] = Field(default_factory=list)
    actors: list[Actor]
    places: list[Place]
    events: list[Event]
    reported_totals: list[ReportedTotal] = Field(default_factory=list)
