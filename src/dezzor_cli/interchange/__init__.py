"""Converting a store to and from other tools' formats.

* :mod:`.acled`: ACLED's CSV layout, both ways;
* :mod:`.ucdp`: UCDP GED's CSV -> a store of schema 2, and a store's UCDP events back to GED rows;
* :mod:`.csvstream`: what the imports share of reading a CSV;
* :mod:`.batches`: what they share of building a store (events validated a batch at a time, spooled);
* :mod:`.geojson`: a GeoJSON FeatureCollection of the events and places that have coordinates;
* :mod:`.timelinejs`: a TimelineJS3 JSON document;
* :mod:`.places`: the helpers they share.

Every converter is pure: a validated store (or text) in, plain data out;
nothing prints or writes files (the imports, which read a stream, keep
their events meanwhile in a spool file their caller opens).  :data:`EXPORTERS` is the one table of
``dezzor export``'s formats, beside the renderers of the listing commands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.types import StoreLike


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    ucdp = "ucdp"  # UCDP GED's 49 columns, for the events a UCDP import made
    geojson = "geojson"
    timelinejs = "timelinejs"
    json = "json"
    parquet = "parquet"  # a folder of files, one per table (store/parquet.py): not text, so not in EXPORTERS


@dataclass
class Exported:
    text: str
    notes: list[str] = field(default_factory=list)  # for stderr: what the format could not carry


def _acled_csv(store: StoreLike, utf8: bool) -> Exported:
    from . import acled

    return Exported(acled.to_csv(acled.export_rows(store)))


def _ucdp(store: StoreLike, utf8: bool) -> Exported:
    from .ucdp import export

    rows, left_out = export.export_rows(store)
    notes = [f"{len(left_out)} event(s) cite no UCDP source and are not in the GED CSV:", *(f"  {e}" for e in left_out)]
    return Exported(export.to_ged_csv(rows), notes if left_out else [])


def _geojson(store: StoreLike, utf8: bool) -> Exported:
    from ..render.data import dumps
    from . import geojson

    doc, missing = geojson.feature_collection(store)
    notes = [f"{len(missing)} event(s) have no coordinates and are not in the GeoJSON:", *(f"  {e}" for e in missing)]
    return Exported(dumps(doc, 1, utf8) + "\n", notes if missing else [])


def _timelinejs(store: StoreLike, utf8: bool) -> Exported:
    from ..render.data import dumps
    from . import timelinejs

    return Exported(dumps(timelinejs.document(store), 1, utf8) + "\n")


def _json(store: StoreLike, utf8: bool) -> Exported:
    from ..render.data import dumps
    from ..store.records import record

    return Exported(dumps(record(store), 2, utf8) + "\n")


# Each exporter takes the store and whether the output takes UTF-8 (JSON escapes otherwise).
EXPORTERS: dict[ExportFormat, Callable[[StoreLike, bool], Exported]] = {
    ExportFormat.acled_csv: _acled_csv,
    ExportFormat.ucdp: _ucdp,
    ExportFormat.geojson: _geojson,
    ExportFormat.timelinejs: _timelinejs,
    ExportFormat.json: _json,
}


def export(store: StoreLike, fmt: ExportFormat, utf8: bool = True) -> Exported:
    return EXPORTERS[fmt](store, utf8)
