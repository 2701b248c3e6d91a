"""The choices commands offer (``--by``, ``--split``, ``--measure``), as enums the CLI checks.

Kept apart from the computations so the command line can declare its options
without importing them.
"""

from __future__ import annotations

from enum import Enum


class TallyBy(str, Enum):
    actor = "actor"
    side = "side"
    day = "day"
    week = "week"
    month = "month"
    kind = "kind"
    place = "place"


class Bucket(str, Enum):
    """A chart's time buckets."""

    day = "day"
    week = "week"
    month = "month"


class Split(str, Enum):
    side = "side"
    actor = "actor"


class Measure(str, Enum):
    killed = "killed"
    injured = "injured"
    arrested = "arrested"


TIME_GROUPS = ("day", "week", "month")
