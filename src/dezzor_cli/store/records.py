"""A loaded record as JSON-ready data, the same shape from every reader."""

from __future__ import annotations

import sys
from typing import Any


def record(obj: object) -> dict[str, Any]:
    """A loaded record (event, actor, place or the whole store) as JSON-ready data.

    Every field is present, in model order, under its JSON name (``from``),
    whichever reader loaded it: a consumer always sees the same shape.
    """
    if "pydantic" in sys.modules:  # only the plain reader builds pydantic models, and it has loaded pydantic
        from pydantic import BaseModel

        if isinstance(obj, BaseModel):
            return obj.model_dump(mode="json", by_alias=True)
    from .fast import record as fast_record

    return fast_record(obj)
