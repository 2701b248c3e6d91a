"""export -f ucdp: a store's UCDP events back to GED rows, and the round trips GED -> store -> GED -> store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dezzor_cli.interchange.ucdp.columns import GED_COLUMNS
from dezzor_cli.interchange.ucdp.export import export_rows, to_ged_csv
from dezzor_cli.interchange.ucdp.read import import_rows
from dezzor_cli.store.read import build

from ..conftest import Result
from .ged import HEADER, ged_line
from .test_ucdp_import import ROWS

Run = Callable[..., Result]

NOT_KEPT = {"active_year", "conflict_dset_id", "dyad_dset_id", "source_office", "source_date", "source_headline",
            "region"}  # the columns the store does not keep: written blank
QUIRKS = [
    # lower clarity, a code_status other than Clear, where_description and source_original in the note
    ged_line(id=900011, event_clarity=2, code_status="Check: dyad", where_description="between two villages; east",
             source_original="Local residents; a hospital", conflict_name="Syria: Government (East)",
             dyad_name="Government of Syria - IS (Khorasan)"),
    # an actor whose name another actor has (qualified in the store), and a place with a second point
    ged_line(id=900012, type_of_violence=2, side_a="IS", side_a_new_id=998, gwnoa="", side_b="Syrian Democratic Forces",
             side_b_new_id=555, latitude=34.7, longitude=40.8, geom_wkt="POINT (40.8 34.7)"),
    # a centroid of the adm_2 (where_prec 3), and a point UCDP names no place for
    ged_line(id=900013, where_prec=3, where_coordinates="Albu Kamal district", latitude=34.45,
             longitude=40.92, geom_wkt="POINT (40.92 34.45)"),
    ged_line(id=900014, where_coordinates="", latitude=34.8, longitude=40.7, geom_wkt="POINT (40.7 34.8)"),
]
TEXT = HEADER + "\n" + "".join(ROWS + QUIRKS)


def cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def iso(cell: str) -> str:
    return cell[:10]  # the three date forms UCDP writes begin with the ISO date


def exported(text: str) -> tuple[dict[str, Any], str]:
    data, problems = import_rows(text, skip_bad=False)
    assert problems == []
    rows, left_out = export_rows(build(data, Path("ged.json")))
    assert left_out == []
    return data, to_ged_csv(rows)


def test_ged_to_store_to_ged_gives_back_every_cell_the_store_keeps() -> None:
    _, back = exported(TEXT)
    before, after = cells(TEXT), cells(back)
    assert [r["id"] for r in after] == [r["id"] for r in before] == [
        "900001", "900002", "900003", "900004", "900011", "900012", "900013", "900014"]
    for old, new in zip(before, after, strict=True):
        for column in GED_COLUMNS:
            if column in NOT_KEPT:
                assert new[column] == "", column
            elif column in ("date_start", "date_end"):
                assert new[column] == iso(old[column]), column
            else:
                assert new[column] == old[column], (old["id"], column, old[column], new[column])


def test_store_to_ged_to_store_is_the_same_store() -> None:
    data, back = exported(TEXT)
    again, _ = exported(back)
    for key in ("actors", "places", "events", "sides", "reported_totals"):
        assert again[key] == data[key], key
    assert [a["name"] for a in data["actors"] if a["codes"]["ucdp"] == "998"] == ["IS (UCDP actor 998)"]
    assert "Hajin town (location)" in [p["name"] for p in data["places"]]


def test_the_export_leaves_out_events_of_other_sources_and_names_them(run: Run, tmp_path: Path) -> None:
    r = run("export", "-f", "ucdp")
    assert r.code == 0
    assert r.out.splitlines() == [HEADER]
    assert r.err.splitlines()[0] == "57 event(s) cite no UCDP source and are not in the GED CSV:"
    source, store = tmp_path / "GEDEvent_v25_1.csv", tmp_path / "ged.json"
    source.write_text(TEXT, encoding="utf-8")
    assert run("import", "ucdp", str(source), "--out", str(store)).code == 0
    r = run("export", "-f", "ucdp", "--data", str(store), "--since", "2024-12-04")
    assert (r.code, r.err) == (0, "")
    assert [row["id"] for row in cells(r.out)] == ["900002", "900003"]
    assert json.loads(store.read_text(encoding="utf-8"))["meta"]["sources"][0]["version"] == "25.1"
