"""ACLED CSV (both ways), GeoJSON and TimelineJS output.

Exact values are checked on a small purpose-made store (below) whose every
column is known by hand; the bundled store is used for the round trip and for
invariants that must hold whatever its events are.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.errors import StoreError
from dezzor_cli.interchange.acled import ACLED_COLUMNS, export_rows, import_rows, to_csv
from dezzor_cli.interchange.geojson import feature_collection
from dezzor_cli.interchange.places import PlaceTree, killed_min
from dezzor_cli.interchange.timelinejs import document
from dezzor_cli.store.model import SUB_EVENT_TYPES, Store
from dezzor_cli.store.read import build, load

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data" / "events.json"


# --------------------------------------------------------------------------- a store known by hand


def _event(eid: str, date: str, kind: str, actors: list[tuple[str, str]], places: list[str], **more: Any) -> dict:
    e = {
        "id": eid,
        "date": date,
        "precision": "day",
        "kind": kind,
        "actors": [{"actor": a, "role": r} for a, r in actors],
        "places": places,
        "summary": f"Summary of {eid}.",
        "source": {"section": "Body", "paragraph": 1},
    }
    e.update(more)
    return e


def hand_store() -> dict[str, Any]:
    return {
        "meta": {
            "title": "Hand store",
            "description": "A store <small> & known.",
            "period": {"start": "2024-01-01", "end": "2024-12-31"},
            "result": "none",
            "source": {"title": "Field notes", "sections": [{"heading": "Body", "paragraphs": 9}]},
            "schema_version": 1,
        },
        "actors": [
            {"id": "rebels", "name": "Rebel Front", "short": "RF", "type": "Rebel group"},
            {"id": "army", "name": "National Army", "type": "State forces"},
            {"id": "militia", "name": "Town Militia", "type": "Political militia"},
            {"id": "ally", "name": "Foreign Ally", "type": "External/Other forces"},
            {"id": "civilians", "name": "Civilians", "type": "Civilians"},
            {"id": "crowd", "name": "Protesters", "type": "Protesters"},
        ],
        "places": [
            {"id": "syria", "name": "Syria", "type": "country"},
            {"id": "gov", "name": "North Governorate", "type": "governorate", "parent": "syria",
             "lat": 36.0, "lon": 39.0},
            {"id": "district", "name": "River District", "type": "district", "parent": "gov"},
            {"id": "sub", "name": "Hill Subdistrict", "type": "subdistrict", "parent": "district",
             "lat": 35.5, "lon": 40.25},
            {"id": "town", "name": "Town Y", "type": "town", "parent": "sub", "lat": 35.0, "lon": 40.45},
            {"id": "village", "name": "Village X", "type": "village", "parent": "sub"},
            {"id": "plain", "name": "Open Plain", "type": "area", "parent": "gov"},
            {"id": "iraq", "name": "Iraq", "type": "country"},
            {"id": "border", "name": "Border Post", "type": "base", "parent": "iraq"},
        ],
        "events": [
            _event(
                "e1-clash", "2024-03-05", "Armed clash",
                [("rebels", "initiator"), ("ally", "supporter"), ("army", "target"), ("militia", "target")],
                ["town", "village"],
                casualties=[
                    {"party": "rebels", "killed": 2},
                    {"party": "army", "killed": {"min": 3, "max": 5}},
                    {"party": "civilians", "injured": 4},
                ],
            ),
            _event(
                "e2-attack", "2024-03-04", "Attack", [("militia", "initiator"), ("civilians", "target")], ["village"],
                date_end="2024-03-08", precision="range",
                casualties=[{"party": "civilians", "killed": {"min": 1, "max": None}}],
            ),
            _event(
                "e3-takeover", "2024-04-01", "Non-state actor overtakes territory",
                [("rebels", "initiator"), ("army", "target")], ["plain"],
                date_end="2024-04-10", precision="range", certainty="claimed", claimed_by="rebels",
                casualties=[
                    {"party": "army", "killed": {"min": 2, "max": None}, "certainty": "claimed", "claimed_by": "army"}
                ],
            ),
            _event(
                "e4-protest", "2024-05-01", "Peaceful protest", [("crowd", "initiator")], ["gov"],
                date_end="2024-05-31", precision="month",
            ),
            _event(
                "e5-crackdown", "2024-06-03", "Excessive force against protesters",
                [("army", "initiator"), ("crowd", "target")], ["town"],
                date_end="2024-06-09", precision="week", summary="Troops fire on <b>protesters</b> & flee.",
            ),
            _event(
                "e6-deal", "2024-01-01", "Agreement", [("ally", "initiator"), ("rebels", "participant")], ["border"],
                date_end="2024-12-31", precision="year", certainty="alleged",
            ),
        ],
    }  # fmt: skip


@pytest.fixture
def hand() -> Store:
    return build(hand_store(), Path("hand.json"))


@pytest.fixture(scope="module")
def bundled() -> Store:
    return load(BUNDLED).store


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["event_id_cnty"]: r for r in rows}


# --------------------------------------------------------------------------- ACLED export


def test_export_columns_and_order(hand: Store) -> None:
    rows = export_rows(hand)
    assert len(rows) == 6
    assert all(list(r) == ACLED_COLUMNS for r in rows)
    assert len(ACLED_COLUMNS) == 31 and ACLED_COLUMNS[0] == "event_id_cnty" and ACLED_COLUMNS[-1] == "timestamp"


def test_export_day_event_with_everything(hand: Store) -> None:
    r = by_id(export_rows(hand))["e1-clash"]
    assert r == {
        "event_id_cnty": "e1-clash",
        "event_date": "2024-03-05",
        "year": 2024,
        "time_precision": 1,
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Rebel Front",
        "assoc_actor_1": "Foreign Ally",
        "inter1": 2,
        "actor2": "National Army",
        "assoc_actor_2": "Town Militia",
        "inter2": 1,
        "interaction": 12,
        "civilian_targeting": "",
        "iso": 760,
        "region": "Middle East",
        "country": "Syria",
        "admin1": "North Governorate",
        "admin2": "River District",
        "admin3": "Hill Subdistrict",
        "location": "Town Y",  # the first place only
        "latitude": 35.0,
        "longitude": 40.45,
        "geo_precision": 1,
        "source": "Field notes [Body, paragraph 1]",
        "source_scale": "Other",
        "notes": "Summary of e1-clash.",
        "fatalities": 5,  # 2 + the range 3-5 counted at its minimum; injured do not count
        "tags": "",
        "timestamp": 0,
    }


def test_export_precision_geography_and_claims(hand: Store) -> None:
    rows = by_id(export_rows(hand))
    e2 = rows["e2-attack"]  # a 5-day range, civilians targeted, the village borrows its subdistrict's point
    assert (e2["time_precision"], e2["event_type"]) == (2, "Violence against civilians")
    assert e2["disorder_type"] == "Political violence"
    assert (e2["inter1"], e2["inter2"], e2["interaction"], e2["civilian_targeting"]) == (3, 7, 37, "Civilian targeting")
    assert (e2["location"], e2["latitude"], e2["longitude"], e2["geo_precision"]) == ("Village X", 35.5, 40.25, 2)
    assert e2["fatalities"] == 1

    e3 = rows["e3-takeover"]  # a 10-day range, claimed; only the governorate has a point
    assert e3["time_precision"] == 3
    assert (e3["latitude"], e3["longitude"], e3["geo_precision"]) == (36.0, 39.0, 3)
    assert (e3["admin1"], e3["admin2"], e3["admin3"]) == ("North Governorate", "", "")
    assert e3["tags"] == "claimed by Rebel Front; fatalities claimed by National Army"
    assert e3["fatalities"] == 2

    e4 = rows["e4-protest"]  # a month, a lone actor, at the governorate itself
    assert (e4["time_precision"], e4["disorder_type"], e4["event_type"]) == (3, "Demonstrations", "Protests")
    assert (e4["actor1"], e4["inter1"], e4["actor2"], e4["inter2"], e4["interaction"]) == ("Protesters", 6, "", 0, 60)
    # the governorate's own point still stands for an area: ACLED's geo_precision 3
    assert (e4["admin1"], e4["location"], e4["geo_precision"]) == ("North Governorate", "North Governorate", 3)
    assert e4["fatalities"] == 0

    e5 = rows["e5-crackdown"]  # a week; the codebook's exception for excessive force
    assert (e5["time_precision"], e5["interaction"]) == (2, 16)
    assert e5["disorder_type"] == "Political violence; Demonstrations"

    e6 = rows["e6-deal"]  # a year, alleged, in Iraq: no ISO code, region or point; the participant is associated
    assert (e6["time_precision"], e6["disorder_type"], e6["tags"]) == (3, "Strategic developments", "alleged")
    assert (e6["country"], e6["iso"], e6["region"], e6["latitude"], e6["geo_precision"]) == ("Iraq", "", "", "", "")
    assert (e6["actor1"], e6["assoc_actor_1"], e6["interaction"]) == ("Foreign Ally", "Rebel Front", 80)


def test_export_covers_every_sub_event_type() -> None:
    from dezzor_cli.interchange.acled import disorder_type

    acled_kinds = [k for k, t in SUB_EVENT_TYPES.items() if t != "Organised violence"]
    assert {disorder_type(k) for k in acled_kinds} == {
        "Political violence", "Demonstrations", "Strategic developments", "Political violence; Demonstrations",
    }  # fmt: skip
    assert {disorder_type(k) for k in SUB_EVENT_TYPES if k not in acled_kinds} == {""}  # UCDP's: ACLED has none
    assert disorder_type("Mob violence") == "Political violence"
    assert disorder_type("Violent demonstration") == "Demonstrations"
    assert disorder_type("Air/drone strike") == "Political violence"


def test_to_csv_quotes_and_neutralises(hand: Store) -> None:
    rows = export_rows(hand)
    rows[0]["notes"] = 'He said "go", then left,\nat night.'
    rows[1]["notes"] = "=HYPERLINK(1)"
    rows[2]["notes"] = "old Mac\rline end"
    text = to_csv(rows)
    assert text.startswith(",".join(ACLED_COLUMNS) + "\r\n")
    back = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(back) == len(rows)
    assert back[0]["notes"] == 'He said "go", then left,\nat night.'
    assert back[2]["notes"] == "old Mac\rline end"  # quoted, so no reader splits the record there
    assert back[1]["notes"] == "=HYPERLINK(1)"
    assert back[0]["latitude"] == "35.0" and back[0]["fatalities"] == "5"
    safe = list(csv.DictReader(io.StringIO(to_csv(rows, neutralise=True), newline="")))
    assert safe[1]["notes"] == "'=HYPERLINK(1)"
    assert safe[0]["longitude"] == "40.45"  # numbers are left alone


def test_bundled_export_matches_the_store(bundled: Store) -> None:
    rows = export_rows(bundled)
    assert [r["event_id_cnty"] for r in rows] == [e.id for e in bundled.events]
    tree = PlaceTree(bundled)
    for e, r in zip(bundled.events, rows, strict=True):
        assert r["event_date"] == e.date.isoformat() and r["year"] == e.date.year
        assert r["event_type"] == SUB_EVENT_TYPES[e.kind]
        assert r["fatalities"] == (killed_min(e) or 0)
        assert r["location"] == tree.place[e.places[0]].name
        assert r["country"] == "Syria" and r["iso"] == 760
        located = tree.located(e.places[0])
        if located is None:
            assert r["latitude"] == r["longitude"] == r["geo_precision"] == ""
        else:
            assert (r["latitude"], r["longitude"]) == (located.lat, located.lon)
        assert r["time_precision"] == (1 if e.precision.value == "day" else 2 if (e.end - e.date).days < 7 else 3)


# --------------------------------------------------------------------------- ACLED round trip


def test_round_trip_of_the_bundled_store(bundled: Store) -> None:
    rows = export_rows(bundled)
    data, problems = import_rows(to_csv(rows), skip_bad=False)
    assert problems == []
    imported = build(data, Path("imported.json"))  # the store validates
    assert len(imported.events) == len(bundled.events) == len(rows)
    assert [e.id for e in imported.events] == [e.id for e in bundled.events]

    names = {a.id: a.name for a in imported.actors}
    places = {p.id: p.name for p in imported.places}
    for row, old, new in zip(rows, bundled.events, imported.events, strict=True):
        assert new.date == old.date
        assert new.kind == old.kind
        assert new.summary == old.summary
        roles = {"initiator": [], "supporter": [], "target": []}
        for ea in new.actors:
            roles[ea.role].append(names[ea.actor])
        assert roles["initiator"] == ([row["actor1"]] if row["actor1"] else [])
        assert roles["supporter"] == [x for x in row["assoc_actor_1"].split("; ") if x]
        assert roles["target"] == [x for x in [row["actor2"], *row["assoc_actor_2"].split("; ")] if x]
        assert [places[p] for p in new.places] == [row["location"]]
        assert (killed_min(new) or 0) == row["fatalities"] == (killed_min(old) or 0)
        if row["time_precision"] != 1:
            assert new.date_note is not None
            assert new.date_note.startswith(f"ACLED time_precision {row['time_precision']}")

    # Exporting the imported store gives the same rows, the citation's columns too (see test_acled_trust.py).
    assert export_rows(imported) == rows


def test_round_trip_of_the_hand_store_keeps_hierarchy_and_claims(hand: Store) -> None:
    data, _ = import_rows(to_csv(export_rows(hand)), skip_bad=False)
    store = build(data, Path("x.json"))
    tree = PlaceTree(store)
    e1 = next(e for e in store.events if e.id == "e1-clash")
    assert [p.name for p in tree.chain(e1.places[0])] == [
        "Town Y", "Hill Subdistrict", "River District", "North Governorate", "Syria",
    ]  # fmt: skip
    assert [p.type for p in tree.chain(e1.places[0])] == [
        "location", "subdistrict", "district", "governorate", "country",
    ]  # fmt: skip
    e4 = next(e for e in store.events if e.id == "e4-protest")
    assert tree.place[e4.places[0]].name == "North Governorate"  # the location that names its own governorate
    e3 = next(e for e in store.events if e.id == "e3-takeover")
    rebels = next(a.id for a in store.actors if a.name == "Rebel Front")
    army = next(a.id for a in store.actors if a.name == "National Army")
    assert (e3.certainty.value, e3.claimed_by) == ("claimed", rebels)
    assert [(c.party, c.killed, c.certainty.value, c.claimed_by) for c in e3.casualties] == [(None, 2, "claimed", army)]
    e6 = next(e for e in store.events if e.id == "e6-deal")
    assert e6.certainty.value == "alleged"
    assert tree.place[e6.places[0]].name == "Border Post" and tree.place[e6.places[0]].parent is not None
    types = {a.name: a.type.value for a in store.actors}
    assert types == {
        "Rebel Front": "Rebel group", "Foreign Ally": "External/Other forces", "National Army": "State forces",
        "Town Militia": "Political militia", "Civilians": "Civilians", "Protesters": "Protesters",
    }  # fmt: skip


# --------------------------------------------------------------------------- ACLED import of ACLED's own files

HEADER = ",".join(ACLED_COLUMNS)


def acled_line(**cells: Any) -> str:
    base = {
        "event_id_cnty": "SYR1", "event_date": "03 December 2024", "year": 2024, "time_precision": 1,
        "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Syria (2000-2024)", "assoc_actor_1": "", "inter1": 1,
        "actor2": "SDF: Syrian Democratic Forces", "assoc_actor_2": "", "inter2": 2, "interaction": 12,
        "civilian_targeting": "", "iso": 760, "region": "Middle East", "country": "Syria",
        "admin1": "Deir-ez-Zor", "admin2": "Deir-ez-Zor", "admin3": "Deir-ez-Zor", "location": "Deir-ez-Zor",
        "latitude": "35.3359", "longitude": "40.1408", "geo_precision": 1, "source": "SOHR", "source_scale": "Other",
        "notes": "Clashes in the city.", "fatalities": 3, "tags": "", "timestamp": 1733300000,
    }  # fmt: skip
    base.update(cells)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([base[c] for c in ACLED_COLUMNS])
    return buf.getvalue()


def test_import_acled_style_rows() -> None:
    text = "\ufeff" + HEADER + "\n" + acled_line() + acled_line(
        event_id_cnty="SYR2", event_date="2024-12-04", time_precision=2, sub_event_type="attack",
        actor1="military forces of syria (2000-2024)", inter1="State Forces",
        actor2="Civilians (Syria)", inter2="Civilians", assoc_actor_2="Farmers (Syria); Civilians (Syria)",
        location="Khasham", latitude="35.2", longitude="40.3", fatalities=0, notes="",
    ) + acled_line(
        event_id_cnty="SYR3", actor2="N/A", inter2="N/A", sub_event_type="Peaceful protest",
        actor1="Protesters (Syria)", inter1=6, assoc_actor_1="Students (Syria)", tags="crowd size=no report",
        admin2="", admin3="", location="Deir-ez-Zor", latitude="", longitude="", geo_precision="",
    )  # fmt: skip
    data, problems = import_rows(text, skip_bad=False)
    assert problems == []
    store = build(data, Path("acled.json"))
    assert [e.id for e in store.events] == ["syr1", "syr2", "syr3"]
    e1, e2, e3 = store.events
    assert (e1.date.isoformat(), e1.precision.value, e1.date_note) == ("2024-12-03", "day", None)
    assert e2.date_note is not None and e2.date_note.startswith("ACLED time_precision 2")
    assert (e2.kind, e2.summary, e2.casualties) == ("Attack", "No notes in the ACLED row.", [])
    assert [(c.party, c.killed) for c in e1.casualties] == [(None, 3)]
    assert [(e.source.source, e.source.record, e.source.line) for e in store.events] == [
        ("acled", "SYR1", 2), ("acled", "SYR2", 3), ("acled", "SYR3", 4)]
    assert (e1.source.reports, e1.source.scale, e1.source.section) == ("SOHR", "Other", None)
    assert [e.fatalities for e in store.events] == [3, 0, 3]
    (source,) = store.meta.sources
    assert (source.id, source.kind.value, source.file, source.sections) == ("acled", "acled", None, [])
    assert source.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()

    actors = {a.name: a for a in store.actors}
    army = actors["Military Forces of Syria (2000-2024)"]
    assert army.type.value == "State forces" and army.aliases == ["military forces of syria (2000-2024)"]
    assert actors["Civilians (Syria)"].type.value == "Civilians"
    assert actors["Farmers (Syria)"].type.value == "Civilians"  # typed from the actor it is listed with
    assert actors["Students (Syria)"].type.value == "Protesters"
    roles = [(next(a.name for a in store.actors if a.id == ea.actor), ea.role) for ea in e2.actors]
    assert roles == [
        ("Military Forces of Syria (2000-2024)", "initiator"),
        ("Civilians (Syria)", "target"),
        ("Farmers (Syria)", "target"),
    ]  # fmt: skip
    assert [ea.role for ea in e3.actors] == ["initiator", "supporter"]  # N/A is no actor
    assert e3.note == "ACLED tags: crowd size=no report" and e3.source.reports == "SOHR"  # the source: in the citation

    tree = PlaceTree(store)
    # ACLED's city, district, subdistrict and governorate all called Deir-ez-Zor: four places, unique names.
    chain = [(p.name, p.type, p.lat) for p in tree.chain(e1.places[0])]
    assert chain == [
        ("Deir-ez-Zor (location)", "location", 35.3359),
        ("Deir-ez-Zor (subdistrict)", "subdistrict", None),
        ("Deir-ez-Zor (district)", "district", None),
        ("Deir-ez-Zor", "governorate", None),
        ("Syria", "country", None),
    ]
    # Without a point of its own, a location named like its governorate is the governorate.
    assert [p.name for p in tree.chain(e3.places[0])] == ["Deir-ez-Zor", "Syria"]
    assert tree.place[e2.places[0]].name == "Khasham" and tree.place[e2.places[0]].lon == 40.3


def test_import_reports_bad_rows_with_line_numbers() -> None:
    text = (
        HEADER + "\n"
        + acled_line(event_id_cnty="OK1", notes="two\nlines")  # lines 2-3
        + acled_line(event_id_cnty="BAD1", event_date="12/03/2024")  # line 4
        + acled_line(event_id_cnty="BAD2", sub_event_type="Tea party")  # line 5
        + "\n"  # line 6, blank
        + acled_line(event_id_cnty="BAD3", fatalities="3.5")  # line 7
        + acled_line(event_id_cnty="BAD4", latitude="95", longitude="40")  # line 8
        + acled_line(event_id_cnty="OK1")  # line 9, a repeated id
        + acled_line(event_id_cnty="OK2", inter1="Aliens")  # line 10
        + acled_line(event_id_cnty="OK3")  # line 11
    )
    with pytest.raises(StoreError) as info:
        import_rows(text, skip_bad=False)
    err = info.value
    assert err.message.startswith("6 bad rows in the ACLED CSV: line 4: cannot read event_date '12/03/2024'")
    assert "line 5: unknown sub_event_type 'Tea party'" in err.message
    assert err.message.endswith("(and 3 more); rerun with --skip-bad to leave them out")
    assert "\n" not in err.message
    assert err.details == [
        "line 4: cannot read event_date '12/03/2024' (write it as 2024-12-03 or 03 December 2024)",
        "line 5: unknown sub_event_type 'Tea party'",
        "line 7: fatalities must be a whole number, not '3.5'",
        "line 8: bad coordinates: latitude '95', longitude '40'",
        "line 9: event_id_cnty 'OK1' repeats the row on line 2",
        "line 10: inter1 'Aliens' is not an ACLED actor type (1-8 or its name)",
    ]

    data, problems = import_rows(text, skip_bad=True)
    assert [n for n, _ in problems] == [4, 5, 7, 8, 9, 10]
    store = build(data, Path("x.json"))
    assert [e.id for e in store.events] == ["ok1", "ok3"]
    assert [e.source.line for e in store.events] == [2, 11]
    assert store.events[0].summary == "two\nlines"


def test_import_column_problems() -> None:
    with pytest.raises(StoreError, match="lacks the required columns latitude, fatalities"):
        import_rows("event_id_cnty,event_date,sub_event_type,actor1,inter1,country,location,longitude\n", skip_bad=True)
    with pytest.raises(StoreError, match=r"^the ACLED CSV names the column 'fatalities' twice \(columns \d+ and \d+\); "):
        import_rows(HEADER + ",Fatalities\n", skip_bad=True)  # names are read in any case: the same column
    with pytest.raises(StoreError, match="empty"):
        import_rows("", skip_bad=True)
    with pytest.raises(StoreError, match="no rows"):
        import_rows(HEADER + "\n", skip_bad=True)
    with pytest.raises(StoreError, match="no usable row"):
        import_rows(HEADER + "\n" + acled_line(fatalities="many"), skip_bad=True)


def test_import_takes_any_column_order_case_and_extra_columns() -> None:
    cols = ["Notes", "FATALITIES", " longitude ", "latitude", "location", "country", "inter1", "actor1",
            "sub_event_type", "event_date", "event_id_cnty", "population_best"]  # fmt: skip
    row = ["Shelling.", "4", "38.9", "35.9", "Raqqa", "Syria", "2", "Islamic State (Syria)",
           "Shelling/artillery/missile attack", "2024-11-30", "SYR9", "12000"]  # fmt: skip
    buf = io.StringIO()
    csv.writer(buf).writerows([cols, row])  # \r\n line ends, as Excel writes
    data, _ = import_rows(buf.getvalue(), skip_bad=False)
    store = build(data, Path("x.json"))
    (e,) = store.events
    assert (e.id, e.kind, e.summary, killed_min(e)) == ("syr9", "Shelling/artillery/missile attack", "Shelling.", 4)
    assert [(p.name, p.lat, p.lon) for p in store.places] == [("Syria", None, None), ("Raqqa", 35.9, 38.9)]


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_hand_store(hand: Store) -> None:
    fc, missing = feature_collection(hand)
    assert fc["type"] == "FeatureCollection"
    events = [f for f in fc["features"] if f["properties"]["kind"] != "place"]
    places = [f for f in fc["features"] if f["properties"]["kind"] == "place"]
    assert [f["properties"]["id"] for f in events] == [
        "e1-clash", "e2-attack", "e3-takeover", "e4-protest", "e5-crackdown",
    ]  # fmt: skip
    assert missing == ["e6-deal"]
    assert [f["properties"]["id"] for f in places] == ["gov", "sub", "town"]
    assert all(f["type"] == "Feature" and f["geometry"]["type"] == "Point" for f in fc["features"])

    e1 = events[0]
    assert e1["geometry"]["coordinates"] == [40.45, 35.0]  # [longitude, latitude]
    assert e1["properties"] == {
        "id": "e1-clash", "date": "2024-03-05", "date_end": "2024-03-05", "precision": "day",
        "kind": "Armed clash", "event_type": "Battles", "actors": ["rebels", "ally", "army", "militia"],
        "places": ["town", "village"], "location": "town", "killed": 5,
        "summary": "Summary of e1-clash.", "certainty": "reported",
    }  # fmt: skip
    e2 = events[1]  # the village has no point: its subdistrict's is used
    assert e2["geometry"]["coordinates"] == [40.25, 35.5] and e2["properties"]["location"] == "sub"
    assert (e2["properties"]["date_end"], e2["properties"]["killed"]) == ("2024-03-08", 1)
    assert events[2]["properties"]["location"] == "gov" and events[2]["properties"]["certainty"] == "claimed"
    assert events[3]["properties"]["killed"] is None  # no casualty gives a figure
    assert places[2]["properties"] == {"kind": "place", "id": "town", "name": "Town Y", "type": "town"}
    assert places[0]["geometry"]["coordinates"] == [39.0, 36.0]


def test_geojson_prefers_any_place_with_its_own_point(hand: Store) -> None:
    raw = hand_store()
    raw["events"][1]["places"] = ["village", "town"]  # village -> subdistrict's point, but Town Y has its own
    fc, _ = feature_collection(build(raw, Path("x.json")))
    e2 = next(f for f in fc["features"] if f["properties"]["id"] == "e2-attack")
    assert e2["geometry"]["coordinates"] == [40.45, 35.0] and e2["properties"]["location"] == "town"


def test_geojson_bundled_store(bundled: Store) -> None:
    fc, missing = feature_collection(bundled)
    json.dumps(fc, allow_nan=False)  # plain JSON
    events = [f for f in fc["features"] if f["properties"]["kind"] != "place"]
    places = [f for f in fc["features"] if f["properties"]["kind"] == "place"]
    assert len(events) + len(missing) == len(bundled.events)
    assert {f["properties"]["id"] for f in events}.isdisjoint(missing)
    assert len(places) == sum(1 for p in bundled.places if p.lat is not None)
    assert events and missing  # the store has both kinds
    tree = PlaceTree(bundled)
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert 35 < lon < 43 and 32 < lat < 38  # Syria: had the order been swapped, this would fail
    for f in events:
        e = next(e for e in bundled.events if e.id == f["properties"]["id"])
        where = tree.place[f["properties"]["location"]]
        assert f["geometry"]["coordinates"] == [where.lon, where.lat]
        assert any(where in tree.chain(p) for p in e.places)
        assert f["properties"]["killed"] == killed_min(e)
    for eid in missing:
        e = next(e for e in bundled.events if e.id == eid)
        assert all(tree.located(p) is None for p in e.places)


# --------------------------------------------------------------------------- TimelineJS


def test_timelinejs_hand_store(hand: Store) -> None:
    doc = document(hand)
    assert doc["title"] == {"text": {"headline": "Hand store", "text": "A store &lt;small&gt; &amp; known."}}
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert list(slides) == [e.id for e in hand.events]

    assert slides["e1-clash"] == {
        "start_date": {"year": 2024, "month": 3, "day": 5},
        "text": {"headline": "RF — Armed clash — Town Y, Village X", "text": "Summary of e1-clash."},
        "group": "Battles",
        "unique_id": "e1-clash",
    }
    e2 = slides["e2-attack"]  # a range: both ends, with days
    assert e2["start_date"] == {"year": 2024, "month": 3, "day": 4}
    assert e2["end_date"] == {"year": 2024, "month": 3, "day": 8}
    assert e2["group"] == "Violence against civilians"
    e4 = slides["e4-protest"]  # a month: year and month only, no end
    assert e4["start_date"] == {"year": 2024, "month": 5} and "end_date" not in e4
    e5 = slides["e5-crackdown"]  # a week: Monday to Sunday; HTML in the summary is escaped
    assert (e5["start_date"]["day"], e5["end_date"]["day"]) == (3, 9)
    assert e5["text"]["text"] == "Troops fire on &lt;b&gt;protesters&lt;/b&gt; &amp; flee."
    e6 = slides["e6-deal"]  # a year: the year only
    assert e6["start_date"] == {"year": 2024} and "end_date" not in e6
    assert e6["group"] == "Strategic developments"


def test_timelinejs_without_description(hand: Store) -> None:
    raw = hand_store()
    del raw["meta"]["description"]
    raw["events"][0]["places"] = ["town", "village", "plain", "gov"]
    doc = document(build(raw, Path("x.json")))
    assert doc["title"]["text"]["text"] == ""
    assert doc["events"][0]["text"]["headline"] == "RF — Armed clash — Town Y, Village X and 2 more"


def test_timelinejs_bundled_store(bundled: Store) -> None:
    doc = document(bundled)
    json.dumps(doc)
    assert doc["title"]["text"]["headline"] == bundled.meta.title.replace("&", "&amp;")
    assert len(doc["events"]) == len(bundled.events)
    for s, e in zip(doc["events"], bundled.events, strict=True):
        assert s["unique_id"] == e.id and s["group"] == e.event_type
        assert s["start_date"]["year"] == e.date.year
        precision = e.precision.value
        assert set(s["start_date"]) == (
            {"year"} if precision == "year" else {"year", "month"} if precision == "month" else {"year", "month", "day"}
        )
        assert ("end_date" in s) == (precision in ("range", "week"))
        if "end_date" in s:
            end = s["end_date"]
            assert (end["year"], end["month"], end["day"]) == (e.end.year, e.end.month, e.end.day)


# --------------------------------------------------------------------------- robustness

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ODD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_CELLS: dict[str, st.SearchStrategy[str]] = {
    "event_id_cnty": st.one_of(st.sampled_from(["SYR1", "SYR2", "x", "É", "-"]), _ODD_TEXT),
    "event_date": st.one_of(st.sampled_from(["2024-12-03", "3 Dec 2024", "31 February 2024", "2024-13-01"]), _ODD_TEXT),
    "time_precision": st.sampled_from(["", "1", "2", "3", "4"]),
    "sub_event_type": st.one_of(st.sampled_from(sorted(SUB_EVENT_TYPES)), _ODD_TEXT),
    "actor1": st.one_of(
        st.sampled_from(["Civilians (Syria)", "civilians syria", "N/A", "", "داعش", "Group; Other"]), _ODD_TEXT
    ),
    "assoc_actor_1": st.one_of(st.sampled_from(["", "A; B", "; ;", "Civilians (Syria)"]), _ODD_TEXT),
    "inter1": st.sampled_from(["", "0", "1", "7", "9", "Civilians", "Rebel Groups", "x"]),
    "actor2": st.one_of(st.sampled_from(["", "Civilians (Syria)", "Actor 2", "actor-2"]), _ODD_TEXT),
    "assoc_actor_2": st.sampled_from(["", "Actor 2", "Actor2; actor 2"]),
    "inter2": st.sampled_from(["", "2", "8", "N/A"]),
    "country": st.sampled_from(["", "Syria", "Iraq", "syria"]),
    "admin1": st.sampled_from(["", "Deir-ez-Zor", "Syria", "-"]),
    "admin2": st.sampled_from(["", "Deir-ez-Zor", "Abu Kamal"]),
    "admin3": st.sampled_from(["", "Deir-ez-Zor", "Hajin"]),
    "location": st.one_of(st.sampled_from(["Deir-ez-Zor", "Syria", "Hajin", "", "?"]), _ODD_TEXT),
    "latitude": st.sampled_from(["", "35.3", "-91", "nan", "inf", "35,3", "0"]),
    "longitude": st.sampled_from(["", "40.1", "181", "40.1"]),
    "geo_precision": st.sampled_from(["", "1", "3", "7"]),
    "fatalities": st.sampled_from(["0", "3", "", "-1", "2.0", "999999999", "١٢"]),
    "notes": _ODD_TEXT,
    "tags": st.sampled_from(["", "alleged", "claimed by Actor 2", "claimed by Nobody", "fatalities alleged; x"]),
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries(_CELLS), min_size=1, max_size=6))
def test_import_never_crashes_and_always_builds(rows: list[dict[str, str]]) -> None:
    """Whatever the cells, import_rows either raises StoreError or returns a store that validates."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # with "\n", a lone "\r" in a cell would go unquoted
    writer.writerow(ACLED_COLUMNS)
    for r in rows:
        writer.writerow([r.get(c, "") for c in ACLED_COLUMNS])
    try:
        data, problems = import_rows(buf.getvalue(), skip_bad=True)
    except StoreError:
        return
    store = build(data, Path("fuzz.json"))
    written = [r for r in rows if any(r.get(c, "").strip() for c in ACLED_COLUMNS)]  # blank lines are skipped
    assert len(store.events) + len(problems) == len(written)
    assert json.loads(json.dumps(data)) == data


def test_import_keeps_the_first_inter_code_and_notes_the_others() -> None:
    text = HEADER + "\n" + acled_line() + acled_line(event_id_cnty="SYR2", inter1="3") + acled_line(
        event_id_cnty="SYR3", actor1="SDF: Syrian Democratic Forces", inter1="Rebel group",
    )  # fmt: skip
    data, _ = import_rows(text, skip_bad=False)
    actors = {a["name"]: a for a in data["actors"]}
    army = actors["Military Forces of Syria (2000-2024)"]
    assert army["type"] == "State forces"
    assert army["note"] == "ACLED also gives this actor inter code 3; the first one met (1) is used."
    sdf = actors["SDF: Syrian Democratic Forces"]
    assert sdf["type"] == "Rebel group" and "note" not in sdf
    build(data, Path("x.json"))
