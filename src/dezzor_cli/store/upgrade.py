"""Version 1 stores, read as version 2: one pure function over the parsed JSON (docs/schema.md, "Reading version 1").

:func:`upgrade_v1` is applied by :mod:`.read` to a parsed document whose ``meta.schema_version`` is 1,
before either reader validates it, so every check and query sees only version 2.  The file on disk is
never touched (``dezzor migrate`` writes the upgraded document).  The function builds new objects and
never changes its argument; it is deterministic, and changes only what the table in docs/schema.md
names:

* ``meta.source`` becomes ``meta.sources``: one source of kind ``article`` with id ``article`` and the
  same fields, or, for a store the version 1 ACLED import made (its one section is ``acled``), one
  source of kind ``acled`` with id ``acled``, its title, URL, access date and licence, and no sections;
* each citation ``{"section": s, "paragraph": p}`` (``source`` and each of ``also_in``) names that
  source: ``{"source": "article", "section": s, "paragraph": p}``, or in an ACLED-made store
  ``{"source": "acled", "line": p}``;
* in an ACLED-made store, what the version 1 import kept in an event's note about ACLED's own
  ``source`` and ``source_scale`` (``ACLED source: X (scale: Y)``) moves to the citation's ``reports``
  and ``scale``; the rest of the note (``ACLED tags: ...``) stays.  The version 1 import wrote
  nothing else of the row there (not ``event_id_cnty``, not ``timestamp``), so an upgraded citation
  has no ``record``: re-import the CSV for that;
* ``schema_version`` becomes 2.

Anything not in the shape version 1 wrote is left as it is, for validation to report.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["ACLED_SECTION", "is_v1", "upgrade_v1", "version_of"]

ACLED_SECTION = "acled"  # the one section of a store the version 1 ACLED import made
ARTICLE_ID, ACLED_ID = "article", "acled"
_SOURCE_NOTE = "ACLED source: "
_TAGS_NOTE = "; ACLED tags: "
_SCALE = re.compile(r"(.*) \(scale: ([^()]+)\)", re.DOTALL)


def version_of(doc: Any) -> Any:
    """The document's ``meta.schema_version`` as given (None when there is no meta object)."""
    meta = doc.get("meta") if isinstance(doc, dict) else None
    return meta.get("schema_version") if isinstance(meta, dict) else None


def is_v1(doc: Any) -> bool:
    """Whether a parsed document says it is a version 1 store."""
    version = version_of(doc)
    return isinstance(version, int) and not isinstance(version, bool) and version == 1


def acled_made(source: Any) -> bool:
    """Whether a version 1 ``meta.source`` is the one the ACLED import wrote (one section, ``acled``)."""
    if not isinstance(source, dict):
        return False
    sections = source.get("sections")
    return (isinstance(sections, list) and len(sections) == 1 and isinstance(sections[0], dict)
            and sections[0].get("heading") == ACLED_SECTION)


def upgrade_v1(doc: dict[str, Any]) -> dict[str, Any]:
    """The version 2 document a version 1 document stands for (a new object; ``doc`` is not changed)."""
    meta = doc["meta"]
    acled = acled_made(meta.get("source"))
    out = dict(doc)
    out["meta"] = _meta(meta, acled)
    events = doc.get("events")
    if isinstance(events, list):
        out["events"] = [_event(e, acled) if isinstance(e, dict) else e for e in events]
    return out


def _meta(meta: dict[str, Any], acled: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if key == "source" and "sources" not in meta:  # both: not what version 1 wrote; validation refuses it
            out["sources"] = [_source(value, acled)]
        elif key == "schema_version":
            out[key] = 2
        else:
            out[key] = value
    return out


def _source(source: Any, acled: bool) -> Any:
    if not isinstance(source, dict):
        return source  # not a version 1 source: validation says what is wrong with it
    if acled:
        kept = {k: v for k, v in source.items() if k != "sections"}
        return {"id": ACLED_ID, "kind": "acled", **kept}
    return {"id": ARTICLE_ID, "kind": "article", **source}


def _event(event: dict[str, Any], acled: bool) -> dict[str, Any]:
    out = dict(event)
    moved: dict[str, str] = {}
    if acled and isinstance(event.get("note"), str):
        moved, note = _acled_note(event["note"])
        if note is None:
            out.pop("note")
        else:
            out["note"] = note
    if "source" in event:
        out["source"] = _citation(event["source"], acled, moved)
    also = event.get("also_in")
    if isinstance(also, list):
        out["also_in"] = [_citation(c, acled, {}) for c in also]
    return out


def _citation(c: Any, acled: bool, moved: dict[str, str]) -> Any:
    if not isinstance(c, dict) or "source" in c:
        return c  # not a version 1 citation: validation says what is wrong with it
    if acled and c.get("section") == ACLED_SECTION and set(c) == {"section", "paragraph"}:
        return {"source": ACLED_ID, "line": c["paragraph"], **moved}
    return {"source": ACLED_ID if acled else ARTICLE_ID, **c}


def _acled_note(note: str) -> tuple[dict[str, str], str | None]:
    """What a version 1 ACLED import's note says of ACLED's source and scale, and what is left of the note.

    The import wrote ``ACLED source: X (scale: Y)`` (the scale part only when given), then
    ``; ACLED tags: ...`` when a row had tags it did not understand.
    """
    if not note.startswith(_SOURCE_NOTE):
        return {}, note
    rest = note[len(_SOURCE_NOTE):]
    left: str | None = None
    cut = rest.rfind(_TAGS_NOTE)
    if cut >= 0:
        rest, left = rest[:cut], rest[cut + 2:]
    moved: dict[str, str] = {}
    m = _SCALE.fullmatch(rest)
    if m is not None:
        moved["reports"], moved["scale"] = m.group(1), m.group(2)
    else:
        moved["reports"] = rest
    if not moved["reports"]:
        return {}, note  # not what the import wrote (it wrote the note only for a source): leave it
    return moved, left

