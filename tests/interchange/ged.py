"""Generated UCDP GED rows in the published 49-column layout, for the import's tests.

Every value here is made up for the tests (ids, figures, sources); only the layout and the codes'
meanings are UCDP's.  No real GED row is vendored: none was found with its source.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from dezzor_cli.interchange.ucdp.columns import GED_COLUMNS

HEADER = ",".join(GED_COLUMNS)

DEFAULTS: dict[str, str] = {
    "id": "900001", "relid": "SYR-2024-1-9001-1", "year": "2024", "active_year": "1", "code_status": "Clear",
    "type_of_violence": "1", "conflict_dset_id": "299", "conflict_new_id": "299",
    "conflict_name": "Syria: Government", "dyad_dset_id": "", "dyad_new_id": "9901",
    "dyad_name": "Government of Syria - IS", "side_a_dset_id": "", "side_a_new_id": "111",
    "side_a": "Government of Syria", "side_b_dset_id": "", "side_b_new_id": "234", "side_b": "IS",
    "number_of_sources": "2", "source_article": "Generated test source 1", "source_office": "",
    "source_date": "", "source_headline": "", "source_original": "", "where_prec": "1",
    "where_coordinates": "Hajin town", "where_description": "", "adm_1": "Dayr az Zawr governorate",
    "adm_2": "Albu Kamal district", "latitude": "34.69", "longitude": "40.83",
    "geom_wkt": "POINT (40.83 34.69)", "priogrid_gid": "180082", "country": "Syria", "country_id": "652",
    "region": "Middle East", "event_clarity": "1", "date_prec": "1", "date_start": "2024-12-03",
    "date_end": "2024-12-03", "deaths_a": "1", "deaths_b": "2", "deaths_civilians": "0", "deaths_unknown": "0",
    "best": "3", "high": "5", "low": "2", "gwnoa": "652", "gwnob": "",
}  # fmt: skip


def cells(**changes: Any) -> list[str]:
    """A row's 49 cells: the defaults with ``changes`` (values made text)."""
    unknown = set(changes) - set(GED_COLUMNS)
    assert not unknown, unknown
    row = {**DEFAULTS, **{k: str(v) for k, v in changes.items()}}
    return [row[c] for c in GED_COLUMNS]


def ged_line(**changes: Any) -> str:
    """One CSV line (quoted as the csv module quotes, ending in a newline) of a generated GED row."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells(**changes))
    return out.getvalue()


def columns() -> dict[str, int]:
    return {c: i for i, c in enumerate(GED_COLUMNS)}
