"""Export: a store's UCDP events -> GED rows in the published 49-column layout (``dezzor export -f ucdp``).

Only events citing a source of kind "ucdp" are written (a GED row needs UCDP's id and codes, which
no other source gives); the others are named on stderr.  Each cell comes from where the import
(:mod:`.build`, :mod:`.geo`) put it, so GED -> store -> GED gives back the same cells in every
column the store keeps:

* ``id``, ``relid``, ``number_of_sources`` (-1 when absent), ``source_article``: the citation;
* ``type_of_violence``: the kind; ``where_prec``: the place precision;
* ``side_a``/``side_b`` and their ids and gwno: the event's first and second actor, their names
  (without the "(UCDP actor N)" a clash made the import add) and codes;
* ``deaths_*``: the best figure of the casualty whose note names that column; ``low``/``best``/
  ``high``: the event's fatalities, but ``low`` and ``high`` from the citation when it keeps them
  (a row whose three figures are out of order, whose fatalities span all three);
* ``date_start``/``date_end`` (ISO form) and ``date_prec`` (from the date note, else 1); ``year``
  is date_start's;
* the place: ``country``, ``adm_1``, ``adm_2`` from the hierarchy (without the qualifier a clash
  made the import add), ``where_coordinates`` the event's place when it is not one of those areas,
  else that area's name; ``latitude``/``longitude``/``geom_wkt`` its point (numbers in their
  shortest form), ``priogrid_gid`` and ``country_id`` the codes;
* conflict and dyad ids and names, ``event_clarity``, ``code_status`` ("Clear" unless the note
  names another), ``where_description`` and ``source_original``: read back from the event's note.

Left blank, as the store does not keep them: ``active_year``, ``conflict_dset_id``,
``dyad_dset_id``, ``source_office``, ``source_date``, ``source_headline``, ``region``.  Also as
the import reads them: an actor comes back with its first spelling, a blank ``where_coordinates``
of a centroid row with the area's name, and a ``source_article`` longer than a store text cut.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...store.records import record
from ..acled.columns import acled_name
from ..acled.export import to_csv
from .columns import DATE_PREC, GED_COLUMNS, KINDS, LOW_CLARITY, PLACE_PRECISION

if TYPE_CHECKING:
    from ...store.types import StoreLike

__all__ = ["export_rows", "to_ged_csv"]

_TYPE_OF_VIOLENCE = {kind: code for code, kind in KINDS.items()}
_WHERE_PREC = {precision: code for code, precision in PLACE_PRECISION.items()}
_DATE_PREC = re.compile(rf"UCDP date_prec ([{''.join(map(str, DATE_PREC))}]): ")
_CONFLICT = re.compile(r"UCDP conflict (\S*) \((.*?)\), dyad (\S*) \((.*?)\)(?=; UCDP|$)", re.DOTALL)
_QUALIFIED_ACTOR = re.compile(r" \(UCDP actor [^()]*\)$")
_AREAS = {"country": "country", "admin1": "adm_1", "admin2": "adm_2"}
_DEATHS = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")


def to_ged_csv(rows: list[dict[str, Any]]) -> str:
    return to_csv(rows, columns=GED_COLUMNS)


def export_rows(store: StoreLike) -> tuple[list[dict[str, Any]], list[str]]:
    """The GED rows of the store's UCDP events, in the store's order, and the ids of the events left out."""
    data = record(store)
    ucdp = {s["id"] for s in data["meta"]["sources"] if s["kind"] == "ucdp"}
    actors = {a["id"]: a for a in data["actors"]}
    places = {p["id"]: p for p in data["places"]}
    rows, left_out = [], []
    for event in data["events"]:
        if event["source"]["source"] in ucdp and event["kind"] in _TYPE_OF_VIOLENCE and len(event["actors"]) in (1, 2):
            rows.append(_row(event, actors, places))
        else:
            left_out.append(event["id"])
    return rows, left_out


def _row(e: dict[str, Any], actors: dict[str, Any], places: dict[str, Any]) -> dict[str, Any]:
    cite, note = e["source"], e.get("note") or ""
    side_ids = [a["actor"] for a in e["actors"]]
    side_a, side_b = actors[side_ids[0]], actors[side_ids[-1]]
    row: dict[str, Any] = {
        "id": cite.get("record", ""), "relid": cite.get("relid", ""), "year": e["date"][:4],
        "type_of_violence": _TYPE_OF_VIOLENCE[e["kind"]],
        "number_of_sources": cite.get("number_of_sources", -1), "source_article": cite.get("reports", ""),
        "date_start": e["date"], "date_end": e.get("date_end") or e["date"],
        "date_prec": (m.group(1) if (m := _DATE_PREC.match(e.get("date_note") or "")) else 1),
        "event_clarity": 2 if LOW_CLARITY in note else 1,
        "code_status": _noted(note, "code_status") or "Clear",
        "where_description": _noted(note, "where_description"), "source_original": _noted(note, "source_original"),
        "where_prec": _WHERE_PREC.get(e.get("place_precision") or "", ""),
    }  # fmt: skip
    conflict = _CONFLICT.match(note)
    if conflict:
        row.update(zip(("conflict_new_id", "conflict_name", "dyad_new_id", "dyad_name"), conflict.groups(),
                       strict=True))
    for x, actor in (("a", side_a), ("b", side_b)):
        codes = actor.get("codes") or {}
        row[f"side_{x}"] = _QUALIFIED_ACTOR.sub("", actor["name"]) if "ucdp" in codes else actor["name"]
        row[f"side_{x}_new_id"], row[f"side_{x}_dset_id"] = codes.get("ucdp", ""), codes.get("ucdp_dset", "")
        row[f"gwno{x}"] = codes.get("gwno", "")
    row.update(_deaths(e))
    if "low" in cite and "high" in cite:  # UCDP's own figures, out of order with best (see .build.count)
        row.update(low=cite["low"], high=cite["high"])
    row.update(_place(e, places))
    return row


def _noted(note: str, column: str) -> str:
    """What the import's note says of ``column`` ("UCDP <column>: <text>"), up to the next part it writes."""
    m = re.search(rf"(?:^|; )UCDP {column}: (.*?)(?=; UCDP (?:code_status|where_description|source_original): |$)",
                  note, re.DOTALL)
    return m.group(1) if m else ""


def _deaths(e: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(_DEATHS, 0)
    for c in e["casualties"]:
        column = next((d for d in _DEATHS if (c.get("note") or "").startswith(f"UCDP's {d}:")), None)
        killed = c.get("killed")
        if column is not None and killed is not None:
            out[column] = killed if isinstance(killed, int) else killed.get("best") or 0
    fatalities = e.get("fatalities")
    if isinstance(fatalities, int):
        out.update(low=fatalities, best=fatalities, high=fatalities)
    elif fatalities is not None:
        out.update(low=fatalities["min"], best=fatalities.get("best", ""), high=fatalities["max"])
    return out


def _place(e: dict[str, Any], places: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not e["places"]:
        return out
    place = places[e["places"][0]]
    chain = []
    at: dict[str, Any] | None = place
    while at is not None:
        chain.append(at)
        at = places.get(at["parent"]) if at.get("parent") else None
    for p in chain:
        column = _AREAS.get(p["type"])
        if column:
            out[column] = acled_name(p["name"], p["type"])
        if p["type"] == "country" and (p.get("codes") or {}).get("gwno"):
            out["country_id"] = p["codes"]["gwno"]
    unnamed = (place.get("note") or "").startswith("UCDP names no place for this point")
    out["where_coordinates"] = "" if unnamed else acled_name(place["name"], place["type"])
    if place.get("lat") is not None:
        out.update(latitude=place["lat"], longitude=place["lon"], geom_wkt=f"POINT ({place['lon']} {place['lat']})")
        out["priogrid_gid"] = (place.get("codes") or {}).get("priogrid", "")
    return out
