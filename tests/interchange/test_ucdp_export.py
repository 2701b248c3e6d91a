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


OUT_OF_ORDER = [  # rows whose low, best and high are out of order, as the codebook allows for lower clarity
    ged_line(id=900021, event_clarity=2, deaths_a=4, deaths_b=1, best=5, low=7, high=4,
             code_status="Check: dyad", where_description="by the river; north"),  # low above high
    ged_line(id=900022, deaths_a=2, deaths_b=1, best=3, low=4, high=5),  # low above best
    ged_line(id=900023, deaths_a=1, deaths_b=2, best=3, low=2, high=2),  # high below best
    ged_line(id=900024, deaths_a=0, deaths_b=0, best=0, low=6, high=6),  # none best, six low and high
]


def test_rows_out_of_order_go_ged_to_store_to_ged_with_the_same_cells_and_back_to_the_same_store() -> None:
    text = HEADER + "\n" + "".join(ROWS + OUT_OF_ORDER)
    data, back = exported(text)
    before, after = cells(text), cells(back)
    assert [r["id"] for r in after] == [r["id"] for r in before]
    for old, new in zip(before, after, strict=True):
        for column in GED_COLUMNS:
            expected = "" if column in NOT_KEPT else iso(old[column]) if column.startswith("date_") and \
                column != "date_prec" else old[column]
            assert new[column] == expected, (old["id"], column, old[column], new[column])
    assert [(r["low"], r["best"], r["high"]) for r in after[4:]] == [("7", "5", "4"), ("4", "3", "5"),
                                                                      ("2", "3", "2"), ("6", "0", "6")]
    events = {e["id"]: e for e in data["events"]}
    assert [(events[f"ucdp-{i}"]["fatalities"], events[f"ucdp-{i}"]["source"]["low"],
             events[f"ucdp-{i}"]["source"]["high"]) for i in (900021, 900022, 900023, 900024)] == [
        ({"min": 4, "best": 5, "max": 7}, 7, 4), ({"min": 3, "best": 3, "max": 5}, 4, 5),
        ({"min": 2, "best": 3, "max": 3}, 2, 2), ({"min": 0, "best": 0, "max": 6}, 6, 6)]
    assert all("low" not in events[f"ucdp-{i}"]["source"] for i in (900001, 900002, 900003, 900004))
    again, _ = exported(back)
    for key in ("actors", "places", "events", "sides", "reported_totals"):
        assert again[key] == data[key], key


def test_without_the_citations_figures_the_export_writes_the_fatalities_range() -> None:
    """The citation's low and high are what make the round trip exact: the range alone gives its own ends."""
    data, _ = exported(HEADER + "\n" + OUT_OF_ORDER[0])
    del data["events"][0]["source"]["low"], data["events"][0]["source"]["high"]
    rows, _ = export_rows(build(data, Path("ged.json")))
    assert (rows[0]["low"], rows[0]["best"], rows[0]["high"]) == (4, 5, 7)
