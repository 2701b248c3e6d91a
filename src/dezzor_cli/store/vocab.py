"""The store's vocabulary: enumerations and constants shared by every model of it.

Kept apart from the pydantic models so that code which only needs a name or a
constant (the fast loader, the query layer, the renderers) does not import
pydantic.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import Enum
from typing import Literal, Protocol

SCHEMA_VERSION = 2  # version 1 stores are upgraded in memory as they are read (store/upgrade.py)
COUNT_FIELDS = ("killed", "injured", "arrested")


class SourceKind(str, Enum):
    """What a source is: it decides which citation fields apply (docs/schema.md)."""

    article = "article"
    acled = "acled"
    ucdp = "ucdp"
    manual = "manual"


# The fields a citation of each kind of source may have, beside "source" (docs/schema.md, store/checks.py).
CITATION_FIELDS: dict[SourceKind, tuple[str, ...]] = {
    SourceKind.article: ("section", "paragraph"),
    SourceKind.acled: ("record", "line", "reports", "scale", "timestamp"),
    SourceKind.ucdp: ("record", "relid", "line", "reports", "number_of_sources", "low", "high"),
    SourceKind.manual: ("note",),
}
REQUIRED_CITATION_FIELDS: dict[SourceKind, tuple[str, ...]] = {SourceKind.article: ("section", "paragraph")}
CHANGE_RULES = ("deletions-file", "complete-reexport", "none")  # how an update decided what to delete


class PlacePrecision(str, Enum):
    """How exactly an event's place is known (UCDP's where_prec 1-7, ACLED's geo_precision 1-3)."""

    exact = "exact"
    near = "near"  # within about 25 km
    admin2 = "admin2"
    admin1 = "admin1"
    region = "region"  # a linear feature or a large area
    country = "country"
    sea = "sea"  # international waters or airspace


class Precision(str, Enum):
    """How exactly an event's date is known."""

    day = "day"
    range = "range"
    week = "week"
    month = "month"
    year = "year"


class Certainty(str, Enum):
    """How the source presents a statement."""

    reported = "reported"  # stated by the source as fact
    claimed = "claimed"  # attributed to a party (``claimed_by``)
    alleged = "alleged"  # hedged by the source ("allegedly", "reportedly")


class ActorType(str, Enum):
    """ACLED's actor categories."""

    state_forces = "State forces"
    rebel_group = "Rebel group"
    political_militia = "Political militia"
    identity_militia = "Identity militia"
    rioters = "Rioters"
    protesters = "Protesters"
    civilians = "Civilians"
    external = "External/Other forces"


# ACLED's sub-event types and UCDP's types of violence, as a type the checkers see; SUB_EVENT_TYPES below maps
# each to its event type
# (a test checks that the two list the same names in the same order).
Kind = Literal[
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
    "State-based conflict",
    "Non-state conflict",
    "One-sided violence",
]


EVENT_TYPE_PREFIX = "type:"  # a resolved --kind that stands for every sub-event type of an event type

# ACLED sub-event type -> event type.  The store records the sub-event type as
# ``kind``; the event type is always derived from it, never stored twice.
SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
    # UCDP's three types of violence: one event type of their own
    "State-based conflict": "Organised violence",
    "Non-state conflict": "Organised violence",
    "One-sided violence": "Organised violence",
}


def normalise(name: str) -> str:
    """The key two names are compared by: case, diacritics, spaces, hyphens, dashes and apostrophes ignored.

    "islamic state", "Islamic-State" and "ISLAMIC STATE" are one key, as are
    "Deir-ez-Zor" and "deir ezzor".  The store's checks refuse two records that
    answer to one key; the query layer resolves names through it.
    """
    if name.isascii():  # the common case, ten times faster; tests/store/test_checks.py checks they agree
        return _NOT_ASCII_ALNUM.sub("", name).lower()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch)).casefold()


_NOT_ASCII_ALNUM = re.compile("[^0-9A-Za-z]+")


class _Dated(Protocol):
    @property
    def date(self) -> dt.date: ...
    @property
    def date_end(self) -> dt.date | None: ...
    @property
    def kind(self) -> str: ...


class EventDerived:
    """What an event's stored fields imply, shared by both readers' event classes (a mixin without fields)."""

    __slots__ = ()

    @property
    def end(self: _Dated) -> dt.date:
        """Last day the event may have happened on."""
        return self.date_end or self.date

    @property
    def event_type(self: _Dated) -> str:
        """ACLED's event type, derived from the sub-event type (``kind``): never stored twice."""
        return SUB_EVENT_TYPES[self.kind]


def whole_version(value: object) -> object:
    """``schema_version`` as a JSON whole number: 2.0 and true equal 2 in Python, not in a store (nor to the fast
    reader, which reads JSON's types)."""
    if type(value) is not int:
        import json

        raise ValueError(f"schema_version must be the whole number {SCHEMA_VERSION}, not {json.dumps(value)}")
    return value
