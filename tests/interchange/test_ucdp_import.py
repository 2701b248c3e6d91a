"""The UCDP GED import as a whole: generated files in the published layout -> a valid store of schema 2.

The files cover every quirk the import knows of: a header row and none, the three date forms,
number_of_sources -1, blank gwnob, best 0 with high 5, unicode names, quoted cells holding commas,
quotes and a line break.  The assertions name the events, actors, places and figures.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.errors import StoreError
from dezzor_cli.interchange.ucdp.columns import GED_COLUMNS
from dezzor_cli.interchange.ucdp.read import import_rows, read_csv
from dezzor_cli.store.read import load

from ..conftest import Result
from .ged import HEADER, ged_line

Run = Callable[..., Result]

QUOTED = 'Generated report, "quoted", with a comma\nand a second line'
ROWS = [
    # line 2: state-based, best 0 and high 5, plain date
    ged_line(deaths_a=0, deaths_b=0, best=0, low=0, high=5),
    # line 3: one-sided against civilians, -1 sources, the date with UCDP's milliseconds, near a town
    ged_line(id=900002, relid="SYR-2024-3-9002-1", type_of_violence=3, side_a="IS", side_a_new_id=234, gwnoa="",
             side_b="Civilians", side_b_new_id=1, dyad_name="IS - Civilians", number_of_sources=-1, where_prec=2,
             where_coordinates="Al-Mayādīn town", adm_2="Al Mayadin district", latitude=35.02, longitude=40.45,
             geom_wkt="POINT (40.45 35.02)", date_start="2024-12-04 00:00:00.000",
             date_end="2024-12-04 00:00:00.000", deaths_a=0, deaths_b=0, deaths_civilians=4, best=4, low=4, high=4),
    # lines 4-5: non-state, blank gwno on both sides, unicode names, a quoted cell over two lines, ISO T dates
    ged_line(id=900003, relid="SYR-2024-2-9003-1", type_of_violence=2, side_a="Syrian Democratic Forces",
             side_a_new_id=555, gwnoa="", side_b="Hayʼat Taḥrīr al-Shām", side_b_new_id=666, gwnob="",
             dyad_name="SDF - HTS", source_article=QUOTED, number_of_sources=3, where_prec=4,
             where_coordinates="Dayr az Zawr governorate", adm_2="", latitude=35.3, longitude=40.1,
             geom_wkt="POINT (40.1 35.3)", priogrid_gid="", date_prec=2, date_start="2024-12-05T00:00:00",
             date_end="2024-12-07T00:00:00", deaths_a=2, deaths_b=3, deaths_unknown=1, best=6, low=5, high=9),
    # line 6: interstate (both sides have a gwno), known only to the country and the month, exact figures
    ged_line(id=900004, relid="SYR-2024-1-9004-1", side_b="Government of Israel", side_b_new_id=999, gwnob=666,
             dyad_name="Government of Syria - Government of Israel", where_prec=6, where_coordinates="Syria",
             adm_1="", adm_2="", latitude=35.0, longitude=38.5, geom_wkt="POINT (38.5 35.0)", priogrid_gid=174000, date_prec=4,
             date_start="2024-11-01", date_end="2024-11-30", deaths_a=3, deaths_b=0, best=3, low=3, high=3),
]
YEARLY = HEADER + "\n" + "".join(ROWS)
CANDIDATE = "".join(ROWS)  # a monthly candidate file as UCDP publishes some: no header row


@pytest.fixture(scope="module")
def store() -> dict[str, Any]:
    data, problems = import_rows(YEARLY, skip_bad=False, release="25.1", file_name="GEDEvent_v25_1.csv")
    assert problems == []
    return data


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


def test_every_row_is_one_event_with_ucdps_figures(store: dict[str, Any]) -> None:
    events = by_id(store["events"])
    assert list(events) == ["ucdp-900001", "ucdp-900002", "ucdp-900003", "ucdp-900004"]
    assert {e: (v["kind"], v["date"], v.get("date_end"), v["precision"], v["place_precision"], v["fatalities"])
            for e, v in events.items()} == {
        "ucdp-900001": ("State-based conflict", "2024-12-03", None, "day", "exact", {"min": 0, "best": 0, "max": 5}),
        "ucdp-900002": ("One-sided violence", "2024-12-04", None, "day", "near", 4),
        "ucdp-900003": ("Non-state conflict", "2024-12-05", "2024-12-07", "range", "admin1",
                        {"min": 5, "best": 6, "max": 9}),
        "ucdp-900004": ("State-based conflict", "2024-11-01", "2024-11-30", "month", "country", 3),
    }  # fmt: skip
    assert {e: [(c["party"], c["killed"]) for c in v["casualties"]] for e, v in events.items()} == {
        "ucdp-900001": [],
        "ucdp-900002": [("civilians", {"min": 0, "best": 4, "max": 4})],
        "ucdp-900003": [("syrian-democratic-forces", {"min": 0, "best": 2, "max": 9}),
                        ("hayat-tahrir-al-sham", {"min": 0, "best": 3, "max": 9}),
                        (None, {"min": 0, "best": 1, "max": 9})],
        "ucdp-900004": [("government-of-syria", {"min": 0, "best": 3, "max": 3})],
    }  # fmt: skip
    assert {e: (v["actors"], v["places"]) for e, v in events.items()} == {
        "ucdp-900001": ([{"actor": "government-of-syria", "role": "participant"},
                         {"actor": "is", "role": "participant"}], ["hajin-town"]),
        "ucdp-900002": ([{"actor": "is", "role": "initiator"}, {"actor": "civilians", "role": "target"}],
                        ["al-mayadin-town"]),
        "ucdp-900003": ([{"actor": "syrian-democratic-forces", "role": "participant"},
                         {"actor": "hayat-tahrir-al-sham", "role": "participant"}], ["dayr-az-zawr-governorate"]),
        "ucdp-900004": ([{"actor": "government-of-syria", "role": "participant"},
                         {"actor": "government-of-israel", "role": "participant"}], ["syria"]),
    }  # fmt: skip


def test_citations_keep_ucdps_id_relid_line_article_and_sources(store: dict[str, Any]) -> None:
    assert [e["source"] for e in store["events"]] == [
        {"source": "ucdp", "record": "900001", "relid": "SYR-2024-1-9001-1", "line": 2,
         "reports": "Generated test source 1", "number_of_sources": 2},
        {"source": "ucdp", "record": "900002", "relid": "SYR-2024-3-9002-1", "line": 3,
         "reports": "Generated test source 1"},  # number_of_sources -1: unknown, so absent
        {"source": "ucdp", "record": "900003", "relid": "SYR-2024-2-9003-1", "line": 4, "reports": QUOTED,
         "number_of_sources": 3},
        {"source": "ucdp", "record": "900004", "relid": "SYR-2024-1-9004-1", "line": 6,
         "reports": "Generated test source 1", "number_of_sources": 2},
    ]  # fmt: skip


def test_actors_and_places_keep_ucdps_codes(store: dict[str, Any]) -> None:
    assert [(a["id"], a["name"], a["type"], a.get("codes")) for a in store["actors"]] == [
        ("government-of-syria", "Government of Syria", "State forces", {"ucdp": "111", "gwno": "652"}),
        ("is", "IS", "Rebel group", {"ucdp": "234"}),
        ("civilians", "Civilians", "Civilians", {"ucdp": "1"}),
        ("syrian-democratic-forces", "Syrian Democratic Forces", "External/Other forces", {"ucdp": "555"}),
        ("hayat-tahrir-al-sham", "Hayʼat Taḥrīr al-Shām", "External/Other forces", {"ucdp": "666"}),
        ("government-of-israel", "Government of Israel", "State forces", {"ucdp": "999", "gwno": "666"}),
    ]  # fmt: skip
    assert [(p["id"], p["type"], p.get("parent"), p.get("lat"), p.get("lon"), p.get("codes"))
            for p in store["places"]] == [
        ("syria", "country", None, 35.0, 38.5, {"gwno": "652", "priogrid": "174000"}),
        ("dayr-az-zawr-governorate", "admin1", "syria", 35.3, 40.1, None),
        ("albu-kamal-district", "admin2", "dayr-az-zawr-governorate", None, None, None),
        ("hajin-town", "location", "albu-kamal-district", 34.69, 40.83, {"priogrid": "180082"}),
        ("al-mayadin-district", "admin2", "dayr-az-zawr-governorate", None, None, None),
        ("al-mayadin-town", "location", "al-mayadin-district", 35.02, 40.45, {"priogrid": "180082"}),
    ]  # fmt: skip
    assert by_id(store["places"])["al-mayadin-town"]["name"] == "Al-Mayādīn town"


def test_meta_names_the_release_file_hash_and_citation(store: dict[str, Any]) -> None:
    meta = store["meta"]
    assert (meta["title"], meta["period"], meta["schema_version"]) == (
        "UCDP GED events (Syria)", {"start": "2024-11-01", "end": "2024-12-07"}, 2)
    source = meta["sources"][0]
    assert len(meta["sources"]) == 1
    assert {k: source[k] for k in ("id", "kind", "title", "version", "file", "licence")} == {
        "id": "ucdp", "kind": "ucdp", "title": "UCDP Georeferenced Event Dataset (GED) Global version 25.1",
        "version": "25.1", "file": "GEDEvent_v25_1.csv", "licence": "CC BY 4.0"}
    assert source["sha256"] == hashlib.sha256(YEARLY.encode("utf-8")).hexdigest()
    assert source["citation"].startswith("Davies, S., Pettersson, T., Sollenberg, M., & Öberg, M. (2025).")


def test_the_store_is_valid_and_sums_over_events_give_ucdps_low_best_and_high(store: dict[str, Any],
                                                                                tmp_path: Path) -> None:
    """Summed over the loaded store's events (tally has no total of the events' fatalities yet)."""
    path = tmp_path / "ged.json"
    path.write_text(json.dumps(store, ensure_ascii=False), encoding="utf-8")
    events = load(path).store.events
    figures = [(f, f, f) if isinstance(f, int) else (f.min, f.best, f.max) for f in (e.fatalities for e in events)]
    sums = tuple(sum(column) for column in zip(*figures, strict=True))
    cells = [dict(zip(GED_COLUMNS, row, strict=True)) for row in csv.reader(io.StringIO(YEARLY))][1:]
    assert sums == tuple(sum(int(c[name]) for c in cells) for name in ("low", "best", "high")) == (12, 13, 21)


def test_a_source_article_longer_than_a_store_text_is_cut_and_the_note_says_so() -> None:
    article = "Generated report " * 1200 + "end"  # 20,403 characters
    data, problems = import_rows(HEADER + "\n" + ged_line(source_article=article), skip_bad=False)
    event = data["events"][0]
    assert problems == [] and event["source"]["reports"] == article[:20_000]
    assert event["note"].endswith("; UCDP's source_article has 20,403 characters; the citation keeps the first "
                                  "20,000 (a store's limit)")


def test_a_candidate_file_without_a_header_makes_the_same_store(store: dict[str, Any]) -> None:
    imported = read_csv(io.BytesIO(CANDIDATE.encode("utf-8")), skip_bad=False, spool=io.BytesIO(),
                        release="24.0.11", file_name="GEDEvent_v24_0_11.csv")
    assert imported.headerless
    data = json.loads(b"".join(imported.chunks()))
    assert data["actors"] == store["actors"] and data["places"] == store["places"]
    assert [e["source"]["line"] for e in data["events"]] == [1, 2, 3, 5]
    for event in [*data["events"], *store["events"]]:
        del event["source"]["line"]
    assert data["events"] == store["events"]
    source = data["meta"]["sources"][0]
    assert (source["version"], source["title"]) == ("24.0.11", "UCDP Candidate Events Dataset, release 24.0.11")
    assert source["citation"].startswith("Hegre, Håvard, Mihai Croicu, Kristine Eck, and Stina Högbladh (2020).")


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(("text", "message"), [
    ("", "the UCDP GED CSV is empty; it needs UCDP's header row or GED rows of 49 cells"),
    ("event_id_cnty,event_date\nSYR1,2024-12-03\n", "the first line of the UCDP GED CSV is neither UCDP's header"),
    (ged_line(id="x1"), "the first line of the UCDP GED CSV is neither UCDP's header"),
    (ged_line(date_start="03/12/2024"), "the first line of the UCDP GED CSV is neither"),
    ("id,best,side_a\n1,2,A\n", "the UCDP GED CSV lacks the required columns type_of_violence, conflict_new_id,"),
    (HEADER + ",best\n" + ged_line().rstrip("\n") + ",999\n",
     "the UCDP GED CSV names the column 'best' twice (columns 45 and 50); which of them to read is not guessed"),
    (HEADER + "\n", "the UCDP GED CSV has a header but no rows"),
    (HEADER + "\n" + ged_line().replace("Generated", '"Generated'), "the UCDP GED CSV ends inside a quoted cell: "
     "the quote that opens the source_article cell on line 2 is never closed"),
])  # fmt: skip
def test_files_it_cannot_read_are_refused_whole(text: str, message: str) -> None:
    with pytest.raises(StoreError) as exc:
        import_rows(text, skip_bad=True)
    assert str(exc.value).startswith(message), str(exc.value)


def test_bad_rows_are_named_by_line_and_skip_bad_leaves_them_out() -> None:
    text = YEARLY + ged_line(id=900005, date_start="5 Dec 2024") + ged_line(id=900006, best=4) + ROWS[0]
    with pytest.raises(StoreError) as exc:
        import_rows(text, skip_bad=False)
    assert str(exc.value) == (
        "3 bad rows in the UCDP GED CSV: line 7: cannot read date_start '5 Dec 2024' (UCDP writes 2009-02-20, "
        "2009-02-20 00:00:00.000 or 2009-02-20T00:00:00); line 8: best (4) is not deaths_a + deaths_b + "
        "deaths_civilians + deaths_unknown (1 + 2 + 0 + 0 = 3); line 9: id 900001 repeats the row on line 2; "
        "rerun with --skip-bad to leave them out")
    data, problems = import_rows(text, skip_bad=True)
    assert [line for line, _ in problems] == [7, 8, 9]
    assert [e["id"] for e in data["events"]] == ["ucdp-900001", "ucdp-900002", "ucdp-900003", "ucdp-900004"]


# --------------------------------------------------------------------------- the command


def test_the_command_writes_a_store_every_command_reads(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "GEDEvent_v25_1.csv"
    source.write_text(YEARLY, encoding="utf-8")
    out = tmp_path / "ged.json"
    bad = run("import", "ucdp", str(source), "--out", str(out), "--retrieved", "30 Nov 2026")
    assert bad.code == 2 and "--retrieved" in bad.err and not out.exists()
    r = run("import", "ucdp", str(source), "--out", str(out), "--retrieved", "2026-11-30")
    assert r.code == 0, r.err
    assert r.err.splitlines() == [f"wrote {out}", "4 events, 6 actors, 6 places",
                                  "UCDP release 25.1 (from the file name); header row"]
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["sources"][0]["retrieved"] == "2026-11-30"
    assert run("validate", str(out)).code == 0
    timeline = run("timeline", "--data", str(out), "-f", "json")
    assert [e["id"] for e in timeline.json()] == ["ucdp-900004", "ucdp-900001", "ucdp-900002", "ucdp-900003"]


def test_the_command_needs_the_release_unless_the_name_says_it(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "november.csv"
    source.write_text(CANDIDATE, encoding="utf-8")
    out = tmp_path / "ged.json"
    r = run("import", "ucdp", str(source), "--out", str(out))
    assert (r.code, r.out) == (2, "")
    assert "give the UCDP release with --release" in r.err and not out.exists()
    r = run("import", "ucdp", str(source), "--out", str(out), "--release", "24.0.11")
    assert r.code == 0, r.err
    assert r.err.splitlines()[-1] == "UCDP release 24.0.11 (from --release); no header row"
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["sources"][0]["file"] == "november.csv"


def test_the_command_refuses_bad_rows_and_leaves_nothing_behind(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "GEDEvent_v25_1.csv"
    source.write_text(YEARLY + ged_line(id=900005, deaths_unknown=1, low=9), encoding="utf-8")
    out = tmp_path / "ged.json"
    r = run("import", "ucdp", str(source), "--out", str(out))
    assert r.code == 1 and not out.exists()
    assert "line 7: best (3) is not deaths_a + deaths_b + deaths_civilians + deaths_unknown" in r.err
    assert list(tmp_path.iterdir()) == [source]
    r = run("import", "ucdp", str(source), "--out", str(out), "--skip-bad")
    assert r.code == 0
    assert "skipped line 7: best (3) is not deaths_a + deaths_b + deaths_civilians + deaths_unknown " \
           "(1 + 2 + 0 + 1 = 4)" in r.err


def test_rows_with_low_best_and_high_out_of_order_are_kept_and_counted_without_skip_bad(run: Run,
                                                                                        tmp_path: Path) -> None:
    source, out = tmp_path / "GEDEvent_v25_1.csv", tmp_path / "ged.json"
    source.write_text(YEARLY + "".join(_OUT_OF_ORDER), encoding="utf-8")
    r = run("import", "ucdp", str(source), "--out", str(out))
    assert r.code == 0, r.err
    assert r.err.splitlines()[-2:] == [
        "UCDP release 25.1 (from the file name); header row",
        "3 rows had low, best and high out of order; kept, each with a range spanning all three (see README)"]
    assert "skipped" not in r.err and "7 events" in r.err
    events = json.loads(out.read_text(encoding="utf-8"))["events"]
    assert [(e["id"], e["fatalities"], e["source"].get("low"), e["source"].get("high")) for e in events[4:]] == [
        ("ucdp-900005", {"min": 4, "best": 5, "max": 7}, 7, 4),
        ("ucdp-900006", {"min": 3, "best": 3, "max": 5}, 4, 5),
        ("ucdp-900007", {"min": 2, "best": 3, "max": 3}, 2, 2)]
    assert "UCDP's low (7), best (5) and high (4) are out of order, so the fatalities range spans all three" \
        in events[4]["note"]
    shown = run("show", "ucdp-900005", "--data", str(out), "-f", "markdown").out.splitlines()
    assert [line for line in shown if line.startswith("| Source |")] == [
        "| Source | UCDP Georeferenced Event Dataset (GED) Global version 25.1, record 900005, relid SYR-2024-1-9001-1, "
        "line 7, reports: Generated test source 1, 2 sources, UCDP's low 7, UCDP's high 4 |"]
    source.write_text(YEARLY + _OUT_OF_ORDER[0], encoding="utf-8")
    r = run("import", "ucdp", str(source), "--out", str(out), "--force")
    assert r.err.splitlines()[-1] == ("1 row had low, best and high out of order; kept, each with a range spanning "
                                      "all three (see README)")
    source.write_text(YEARLY, encoding="utf-8")
    r = run("import", "ucdp", str(source), "--out", str(out), "--force")
    assert "out of order" not in r.err


def test_standard_input_needs_the_release_and_is_hashed_as_read(tmp_path: Path) -> None:
    from ..cli.test_trust import _shell

    source, out = tmp_path / "november.csv", tmp_path / "ged.json"
    source.write_text(CANDIDATE, encoding="utf-8")
    r = _shell(f"dezzor import ucdp - --out {out} < {source}")
    assert (r.returncode, r.stderr) == (2, "dezzor: error: give the UCDP release with --release (25.1, or 24.0.11 for "
                                           "a candidate month): standard input does not say it as UCDP names its "
                                           "files (GEDEvent_v25_1.csv, GEDEvent_v24_0_11.csv)\n")
    r = _shell(f"dezzor import ucdp - --release 24.0.11 --out {out} < {source}")
    assert r.returncode == 0, r.stderr
    meta = json.loads(out.read_text(encoding="utf-8"))["meta"]["sources"][0]
    assert "file" not in meta and meta["sha256"] == hashlib.sha256(CANDIDATE.encode("utf-8")).hexdigest()


def test_an_event_the_store_would_refuse_is_that_rows_problem_across_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    from dezzor_cli.interchange import batches

    monkeypatch.setattr(batches, "BATCH", 2)
    text = YEARLY + ged_line(id=900005, where_description="x" * 20_000) + ged_line(
        id=900006, side_a="Government of Iraq", side_a_new_id=112, gwnoa=645, where_coordinates="Al Qaim town",
        latitude=34.37, longitude=41.09, geom_wkt="POINT (41.09 34.37)")
    data, problems = import_rows(text, skip_bad=True)
    assert [(line, message.split(":")[0]) for line, message in problems] == [(7, "makes an event that is not valid")]
    assert "note" in problems[0][1]
    events = by_id(data["events"])
    assert list(events)[-1] == "ucdp-900006" and len(events) == 5
    assert events["ucdp-900006"]["actors"][0] == {"actor": "government-of-iraq", "role": "participant"}
    assert events["ucdp-900006"]["places"] == ["al-qaim-town"]
    assert by_id(data["places"])["al-qaim-town"]["parent"] == "albu-kamal-district"


def test_a_header_is_read_by_name_in_any_order_case_or_bom_and_may_lack_what_ged_19_1_lacks() -> None:
    dropped = {"relid", "code_status", "conflict_dset_id", "dyad_dset_id", "side_a_dset_id", "side_b_dset_id",
               "where_description"}  # the 7 columns GED 19.1 does not have
    order = [c for c in reversed(GED_COLUMNS) if c not in dropped]
    table = [dict(zip(GED_COLUMNS, row, strict=True)) for row in csv.reader(io.StringIO(CANDIDATE))]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["\ufeff" + order[0].upper(), *(f" {c.title()} " for c in order[1:])])
    writer.writerows([row[c] for c in order] for row in table)
    data, problems = import_rows(out.getvalue(), skip_bad=False)
    assert problems == [] and len(order) == 42
    assert [e["id"] for e in data["events"]] == ["ucdp-900001", "ucdp-900002", "ucdp-900003", "ucdp-900004"]
    assert [e["source"].get("relid") for e in data["events"]] == [None, None, None, None]
    with_header = import_rows(YEARLY, skip_bad=False)[0]["events"]
    assert [e["fatalities"] for e in data["events"]] == [e["fatalities"] for e in with_header]


def test_every_row_of_a_file_without_a_header_must_have_49_cells() -> None:
    short = ged_line(id=900009).rstrip("\n").split(",")[:48]  # the generated row has no comma inside a cell
    text = CANDIDATE + ",".join(short) + "\n"
    data, problems = import_rows(text, skip_bad=True)
    assert problems == [(6, "has 48 fields but GED rows have 49 (a stray quote or comma?)")]
    assert len(data["events"]) == 4


_OUT_OF_ORDER = [  # lines 7-9 after YEARLY's: low above high, low above best, high below best
    ged_line(id=900005, event_clarity=2, deaths_a=4, deaths_b=1, best=5, low=7, high=4),
    ged_line(id=900006, deaths_a=2, deaths_b=1, best=3, low=4, high=5),
    ged_line(id=900007, deaths_a=1, deaths_b=2, best=3, low=2, high=2),
]


def test_tally_over_rows_out_of_order_sums_the_ranges_and_still_gives_ucdps_best(run: Run, tmp_path: Path) -> None:
    """The rule the README states: each out-of-order row counts its range spanning all three, so the summed
    min and max are not UCDP's summed low and high; the summed best is UCDP's."""
    source, out = tmp_path / "GEDEvent_v25_1.csv", tmp_path / "ged.json"
    text = HEADER + "\n" + ROWS[0] + _OUT_OF_ORDER[0] + ROWS[1] + _OUT_OF_ORDER[1] + ROWS[2] + _OUT_OF_ORDER[2] \
        + ROWS[3]
    source.write_text(text, encoding="utf-8")
    assert run("import", "ucdp", str(source), "--out", str(out)).code == 0
    cells = [dict(zip(GED_COLUMNS, row, strict=True)) for row in csv.reader(io.StringIO(text))][1:]
    ucdp = tuple(sum(int(c[name]) for c in cells) for name in ("low", "best", "high"))
    assert ucdp == (12 + 13, 13 + 11, 21 + 11)  # UCDP's own sums over the seven rows
    # the ranges: the in-order rows give 12, 13, 21; the others (4, 5, 7), (3, 3, 5) and (2, 3, 3)
    expected = {"events": 7, "events_with_fatalities": 7, "fatalities": 12 + 9, "fatalities_max": 21 + 15,
                "fatalities_best": 13 + 11}
    assert run("tally", "--fatalities", "--data", str(out), "-f", "json").json() == [expected]
    assert run("cache", "build", "--data", str(out)).code == 0 and load(out).reader == "database"
    assert run("tally", "--fatalities", "--data", str(out), "-f", "json").json() == [expected]  # in SQL too
    assert expected["fatalities_best"] == ucdp[1]  # best is still UCDP's summed best
    assert (expected["fatalities"], expected["fatalities_max"]) != (ucdp[0], ucdp[2])


def test_tallies_over_an_imported_store_give_ucdps_low_best_and_high(run: Run, tmp_path: Path) -> None:
    source, out = tmp_path / "GEDEvent_v25_1.csv", tmp_path / "ged.json"
    source.write_text(YEARLY, encoding="utf-8")
    assert run("import", "ucdp", str(source), "--out", str(out)).code == 0
    r = run("tally", "--fatalities", "--data", str(out), "-f", "json")
    assert r.json() == [{"events": 4, "events_with_fatalities": 4, "fatalities": 12, "fatalities_max": 21,
                         "fatalities_best": 13}]  # UCDP's low, high and best summed
    parties = run("tally", "--data", str(out), "-f", "json").json()
    assert {p["group"]: (p["killed"], p["killed_best"], p["killed_max"]) for p in parties} == {
        "civilians": (0, 4, 4), "government-of-syria": (0, 3, 3), "syrian-democratic-forces": (0, 2, 9),
        "hayat-tahrir-al-sham": (0, 3, 9), None: (0, 1, 9)}
    assert sum(p["killed_best"] for p in parties) == 13  # the parties' best figures add up to UCDP's best
