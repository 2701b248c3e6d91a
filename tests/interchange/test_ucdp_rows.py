"""The UCDP GED import, row by row: parsing each cell, the event a row makes, actors, places, releases.

Pure functions on generated rows (tests/interchange/ged.py); the whole import, the store and the
command are in test_ucdp_import.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dezzor_cli.errors import UsageError
from dezzor_cli.interchange.ucdp.build import Actors, event_record, row_actors, span, summary
from dezzor_cli.interchange.ucdp.columns import citation, release_of
from dezzor_cli.interchange.ucdp.geo import Places
from dezzor_cli.interchange.ucdp.parse import GedRow, parse_row
from dezzor_cli.interchange.ucdp.read import resolve_release

from .ged import cells, columns


def row(line: int = 2, **changes: Any) -> GedRow:
    parsed = parse_row(cells(**changes), columns(), 49, line)
    assert isinstance(parsed, GedRow), parsed
    return parsed


def problem(**changes: Any) -> str:
    parsed = parse_row(cells(**changes), columns(), 49, 2)
    assert isinstance(parsed, str), parsed
    return parsed


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize("text", ["2009-02-20", "2009-02-20 00:00:00.000", "2009-02-20T00:00:00"])
def test_the_three_date_forms_read_as_one_day(text: str) -> None:
    r = row(date_start=text, date_end=text)
    assert (r.date_start, r.date_end) == (dt.date(2009, 2, 20), dt.date(2009, 2, 20))


@pytest.mark.parametrize("text", ["20/02/2009", "2009-2-20", "2009-02-20 12:00:00", "2009-02-20T00:00:00Z",
                                  "2009-02-20 00:00:00", "20 February 2009", "2009-02-30", " "])
def test_any_other_date_form_is_that_rows_error(text: str) -> None:
    assert f"cannot read date_end {text.strip()!r} (UCDP writes 2009-02-20" in problem(date_end=text)


def test_number_of_sources_minus_one_is_unknown_and_other_negatives_are_errors() -> None:
    assert row(number_of_sources="-1").number_of_sources is None
    assert row(number_of_sources="").number_of_sources is None
    assert row(number_of_sources="0").number_of_sources == 0
    assert row(number_of_sources="7").number_of_sources == 7
    assert problem(number_of_sources="-2") == "number_of_sources must be a whole number or -1 (unknown), not '-2'"


def test_gwno_is_blank_for_a_non_state_side_or_one_or_more_numbers() -> None:
    assert row(gwnob="").side_b.gwno == ""
    assert row(gwnoa="2;200;900").side_a.gwno == "2;200;900"
    assert problem(gwnob="IS") == "gwnob must be blank or Gleditsch-Ward numbers (652, or 2;200;900), not 'IS'"


def test_best_must_be_the_sum_of_the_deaths_but_low_and_high_may_be_out_of_order() -> None:
    assert problem(deaths_unknown="1") == (
        "best (3) is not deaths_a + deaths_b + deaths_civilians + deaths_unknown (1 + 2 + 0 + 1 = 4)")
    assert problem(deaths_unknown="1", low="7", high="4") == (  # out of order is no excuse for a wrong sum
        "best (3) is not deaths_a + deaths_b + deaths_civilians + deaths_unknown (1 + 2 + 0 + 1 = 4)")
    assert (row(low="4").low, row(low="4").best, row(low="4").high) == (4, 3, 5)  # the codebook allows it
    assert (row(high="2").low, row(high="2").high) == (2, 2)
    zero = row(deaths_a=0, deaths_b=0, best=0, low=0, high=5)
    assert (zero.low, zero.best, zero.high, zero.deaths) == (0, 0, 5, (0, 0, 0, 0))


def test_codes_out_of_the_codebook_are_errors_and_all_are_named_at_once() -> None:
    message = problem(type_of_violence="4", where_prec="8", date_prec="0", event_clarity="3", latitude="91")
    assert message.split("; ") == [
        "type_of_violence must be 1-3, not '4'", "where_prec must be 1-7, not '8'", "date_prec must be 1-5, not '0'",
        "event_clarity must be 1-2 or blank, not '3'", "bad coordinates: latitude '91', longitude '40.83'",
    ]


def test_geom_wkt_must_be_the_rows_point() -> None:
    assert row(geom_wkt="POINT (40.830001 34.690001)").lat == 34.69
    assert problem(geom_wkt="POINT (34.69 40.83)") == (
        "geom_wkt 'POINT (34.69 40.83)' is not the point of latitude 34.69 and longitude 40.83")
    assert problem(geom_wkt="LINESTRING (1 2, 3 4)").startswith("geom_wkt 'LINESTRING (1 2, 3 4)' is not a POINT")


def test_a_row_of_other_width_and_dates_out_of_order_are_errors() -> None:
    assert parse_row(cells()[:48], columns(), 49, 5) == "has 48 fields but GED rows have 49 (a stray quote or comma?)"
    assert problem(date_start="2024-12-05", date_end="2024-12-03") == "date_end 2024-12-03 is before date_start 2024-12-05"


# --------------------------------------------------------------------------- the event


def test_a_state_based_row_makes_this_event() -> None:
    r = row(line=7, number_of_sources="-1", event_clarity="2", where_description="near the river")
    assert event_record(r, row_actors(r)) == {
        "id": "ucdp-900001",
        "date": "2024-12-03",
        "precision": "day",
        "kind": "State-based conflict",
        "actors": [{"actor": "a0", "role": "participant"}, {"actor": "a1", "role": "participant"}],
        "places": ["p0"],
        "place_precision": "exact",
        "casualties": [
            {"party": "a0", "killed": {"min": 0, "best": 1, "max": 5}, "certainty": "reported",
             "note": "UCDP's deaths_a: its best estimate of side A's dead. UCDP gives a low and a high estimate only "
                     "for the whole event, so the range is 0 to the event's high estimate."},
            {"party": "a1", "killed": {"min": 0, "best": 2, "max": 5}, "certainty": "reported",
             "note": "UCDP's deaths_b: its best estimate of side B's dead. UCDP gives a low and a high estimate only "
                     "for the whole event, so the range is 0 to the event's high estimate."},
        ],
        "fatalities": {"min": 2, "best": 3, "max": 5},
        "certainty": "reported",
        "summary": "State-based conflict between Government of Syria and IS in Hajin town (Syria): 3 killed "
                   "(best estimate; low 2, high 5). Generated from UCDP's fields.",
        "source": {"source": "ucdp", "record": "900001", "relid": "SYR-2024-1-9001-1", "line": 7,
                   "reports": "Generated test source 1"},
        "note": "UCDP conflict 299 (Syria: Government), dyad 9901 (Government of Syria - IS); UCDP event_clarity 2: "
                "lower clarity; UCDP could not tell the single incidents of this event apart, so it may sum several; "
                "UCDP where_description: near the river",
    }  # fmt: skip


_OUT_OF_ORDER_PARTY = ("UCDP gives a low and a high estimate only for the whole event, so the range is 0 to the top "
                       "of the event's range.")


def test_a_row_with_low_best_and_high_out_of_order_spans_all_three_and_keeps_ucdps_figures() -> None:
    r = row(line=9, deaths_a=4, deaths_b=1, best=5, low=7, high=4, event_clarity=2)
    event = event_record(r, row_actors(r))
    assert event["fatalities"] == {"min": 4, "best": 5, "max": 7}  # the least of the three to the greatest
    assert event["source"] == {"source": "ucdp", "record": "900001", "relid": "SYR-2024-1-9001-1", "line": 9,
                               "reports": "Generated test source 1", "number_of_sources": 2, "low": 7, "high": 4}
    assert event["casualties"] == [  # a party's range ends at the top of the event's (7), not at UCDP's high (4)
        {"party": "a0", "killed": {"min": 0, "best": 4, "max": 7}, "certainty": "reported",
         "note": f"UCDP's deaths_a: its best estimate of side A's dead. {_OUT_OF_ORDER_PARTY}"},
        {"party": "a1", "killed": {"min": 0, "best": 1, "max": 7}, "certainty": "reported",
         "note": f"UCDP's deaths_b: its best estimate of side B's dead. {_OUT_OF_ORDER_PARTY}"},
    ]
    assert event["note"].split("; ")[:2] == [
        "UCDP conflict 299 (Syria: Government), dyad 9901 (Government of Syria - IS)",
        "UCDP's low (7), best (5) and high (4) are out of order, so the fatalities range spans all three",
    ]
    assert "5 killed (best estimate; low 7, high 4)" in event["summary"]


@pytest.mark.parametrize(("low", "best", "high", "fatalities"), [
    (4, 3, 5, {"min": 3, "best": 3, "max": 5}),  # low above best
    (2, 3, 2, {"min": 2, "best": 3, "max": 3}),  # high below best
    (3, 3, 1, {"min": 1, "best": 3, "max": 3}),  # low equal to best, high below
    (9, 5, 2, {"min": 2, "best": 5, "max": 9}),  # low above high: the range runs from the high to the low
    (6, 0, 6, {"min": 0, "best": 0, "max": 6}),  # low and high agree, best below both
    (0, 0, 0, 0),  # in order: an exact number, nothing in the citation
    (2, 3, 5, {"min": 2, "best": 3, "max": 5}),  # in order
])
def test_the_fatalities_span_low_best_and_high_and_the_citation_keeps_them_only_out_of_order(
        low: int, best: int, high: int, fatalities: Any) -> None:
    r = row(deaths_a=best, deaths_b=0, best=best, low=low, high=high)
    event = event_record(r, row_actors(r))
    assert event["fatalities"] == fatalities
    in_order = low <= best <= high
    assert {k: event["source"].get(k) for k in ("low", "high")} == (
        {"low": None, "high": None} if in_order else {"low": low, "high": high})
    assert ("out of order" in event["note"]) is not in_order


def test_one_sided_violence_has_a_perpetrator_and_civilians_as_target_and_party() -> None:
    r = row(type_of_violence=3, side_b="Civilians", side_b_new_id="1", dyad_name="IS - civilians", deaths_a=0,
            deaths_b=0, deaths_civilians=4, best=4, low=4, high=4, number_of_sources=3)
    names = row_actors(r)
    assert list(names) == ["ucdp:111", "civilians"]
    event = event_record(r, names)
    assert event["actors"] == [{"actor": "a0", "role": "initiator"}, {"actor": "a1", "role": "target"}]
    assert [(c["party"], c["killed"]) for c in event["casualties"]] == [("a1", {"min": 0, "best": 4, "max": 4})]
    assert event["fatalities"] == 4  # low, best and high agree: an exact number
    assert event["source"]["number_of_sources"] == 3
    assert summary(r).startswith("One-sided violence by Government of Syria against Civilians in Hajin town")


def test_civilians_killed_in_a_battle_are_a_third_actor_and_unknown_deaths_have_no_party() -> None:
    r = row(deaths_a=0, deaths_b=1, deaths_civilians=1, deaths_unknown=1, best=3)
    names = row_actors(r)
    assert list(names) == ["ucdp:111", "ucdp:234", "civilians"]
    parties = [(c["party"], c["killed"]["best"]) for c in event_record(r, names)["casualties"]]
    assert parties == [("a1", 1), ("a2", 1), (None, 1)]


def test_best_zero_high_five_stays_that_and_no_party_row_is_made() -> None:
    r = row(deaths_a=0, deaths_b=0, best=0, low=0, high=5)
    event = event_record(r, row_actors(r))
    assert event["fatalities"] == {"min": 0, "best": 0, "max": 5}
    assert event["casualties"] == []
    assert "0 killed (best estimate; low 0, high 5)" in event["summary"]


@pytest.mark.parametrize(("start", "end", "prec", "precision"), [
    ("2024-12-03", "2024-12-03", 1, "day"),
    ("2024-12-03", "2024-12-05", 2, "range"),
    ("2024-12-02", "2024-12-08", 3, "week"),  # a Monday to a Sunday
    ("2024-12-03", "2024-12-09", 3, "range"),  # seven days, not Monday to Sunday
    ("2024-02-01", "2024-02-29", 4, "month"),
    ("2024-02-01", "2024-02-28", 4, "range"),
    ("2024-01-01", "2024-12-31", 5, "year"),
    ("2024-03-01", "2024-08-31", 5, "range"),
    ("2024-12-03", "2024-12-03", 4, "day"),
])  # fmt: skip
def test_the_span_is_ucdps_dates_and_date_prec_goes_to_the_note(start: str, end: str, prec: int,
                                                                precision: str) -> None:
    r = row(date_start=start, date_end=end, date_prec=prec)
    got, note = span(r)
    assert got == precision
    if prec == 1:
        assert note is None
    else:
        assert note is not None and note.startswith(f"UCDP date_prec {prec}: ")
    event = event_record(r, row_actors(r))
    assert (event["date"], event.get("date_end")) == (start, end if end != start else None)


# --------------------------------------------------------------------------- actors and places


def test_actors_are_one_per_ucdp_id_with_codes_types_and_civilians_shared() -> None:
    actors = Actors()
    rows = [
        row(line=2),
        row(line=3, id=2, type_of_violence=3, side_a="IS", side_a_new_id="234", gwnoa="", side_b="Civilians",
            side_b_new_id="1", deaths_a=0, deaths_b=0, deaths_civilians=3),
        row(line=4, id=3, type_of_violence=2, side_a="SDF", side_a_new_id="555", gwnoa="", side_b="IS",
            side_b_new_id="234", side_a_dset_id="77"),
        row(line=5, id=4, side_b="Islamic State", side_b_new_id="234", deaths_civilians=1, deaths_a=0),
        row(line=6, id=5, type_of_violence=2, side_a="IS", side_a_new_id="999", gwnoa="", side_b="SDF",
            side_b_new_id="555"),
    ]
    assert [actors.add_row(r, row_actors(r)) for r in rows] == [[0, 1], [1, 2], [3, 1], [0, 1, 2], [4, 3]]
    actors.settle()
    unknown = ("UCDP gives no type for non-state actors: External/Other forces here stands for a type not known.")
    assert actors.records() == [
        {"id": "government-of-syria", "name": "Government of Syria", "type": "State forces",
         "codes": {"ucdp": "111", "gwno": "652"}},
        {"id": "is", "name": "IS", "aliases": ["Islamic State"], "type": "Rebel group", "codes": {"ucdp": "234"}},
        {"id": "civilians", "name": "Civilians", "type": "Civilians", "codes": {"ucdp": "1"}},
        {"id": "sdf", "name": "SDF", "type": "External/Other forces", "codes": {"ucdp": "555", "ucdp_dset": "77"},
         "note": unknown},
        {"id": "is-ucdp-actor-999", "name": "IS (UCDP actor 999)", "type": "External/Other forces",
         "codes": {"ucdp": "999"},
         "note": f"{unknown} UCDP's name is 'IS'; qualified here because another actor has it."},
    ]  # fmt: skip


def test_places_hold_points_where_where_prec_puts_them() -> None:
    places = Places()
    point = (34.69, 40.83)
    got = [
        places.place_of(2, ["Syria", "Dayr az Zawr governorate", "Albu Kamal district"], "652", "Hajin town", 1,
                        point, "180082"),
        places.place_of(3, ["Syria", "Dayr az Zawr governorate", "Albu Kamal district"], "652",
                        "Albu Kamal district", 3, (34.5, 40.9), "180083"),
        places.place_of(4, ["Syria", "Dayr az Zawr governorate", ""], "652", "Dayr az Zawr governorate", 4,
                        (35.0, 40.0), ""),
        places.place_of(5, ["Syria", "", ""], "652", "Syria", 6, (35.0, 38.5), ""),
        places.place_of(6, ["Syria", "", ""], "652", "Mediterranean Sea", 7, (35.2, 35.0), ""),
        places.place_of(7, ["Syria", "Dayr az Zawr governorate", "Albu Kamal district"], "652", "Hajin town", 1,
                        (34.7, 40.8), ""),  # another point: another place of that name
        places.place_of(8, ["Syria", "Dayr az Zawr governorate", "Albu Kamal district"], "652", "Hajin town", 2,
                        point, ""),
        places.place_of(9, ["Syria", "Dayr az Zawr governorate", ""], "652", "Euphrates river", 5, (35.1, 40.2), ""),
    ]
    places.name()
    assert got == [3, 2, 1, 0, 4, 5, 3, 6]
    assert places.records() == [
        {"id": "syria", "name": "Syria", "type": "country", "lat": 35.0, "lon": 38.5, "codes": {"gwno": "652"}},
        {"id": "dayr-az-zawr-governorate", "name": "Dayr az Zawr governorate", "type": "admin1", "parent": "syria",
         "lat": 35.0, "lon": 40.0},
        {"id": "albu-kamal-district", "name": "Albu Kamal district", "type": "admin2",
         "parent": "dayr-az-zawr-governorate", "lat": 34.5, "lon": 40.9, "codes": {"priogrid": "180083"}},
        {"id": "hajin-town", "name": "Hajin town", "type": "location", "parent": "albu-kamal-district",
         "lat": 34.69, "lon": 40.83, "codes": {"priogrid": "180082"}},
        {"id": "mediterranean-sea", "name": "Mediterranean Sea", "type": "sea", "parent": "syria", "lat": 35.2,
         "lon": 35.0},
        {"id": "hajin-town-location", "name": "Hajin town (location)", "type": "location",
         "parent": "albu-kamal-district", "lat": 34.7, "lon": 40.8,
         "note": "UCDP's name is 'Hajin town'; qualified here because another place has that name."},
        {"id": "euphrates-river", "name": "Euphrates river", "type": "region", "parent": "dayr-az-zawr-governorate",
         "lat": 35.1, "lon": 40.2},
    ]  # fmt: skip


# --------------------------------------------------------------------------- releases and citations


def test_the_release_comes_from_ucdps_file_names_or_release() -> None:
    assert release_of("GEDEvent_v25_1.csv") == "25.1"
    assert release_of("GEDEvent_v24_0_11.csv") == "24.0.11"
    assert release_of("gedevent_v26_0_7.CSV") == "26.0.7"
    assert release_of("GEDEvent_v23_01_23_12.csv") is None
    assert release_of("ged.csv") is None
    assert resolve_release("GEDEvent_v25_1.csv", None) == ("25.1", "the file name")
    assert resolve_release("ged.csv", "24.1") == ("24.1", "--release")
    with pytest.raises(UsageError, match=r"^GEDEvent_v25_1.csv is named as release 25.1, but --release says 24.1$"):
        resolve_release("GEDEvent_v25_1.csv", "24.1")
    with pytest.raises(UsageError, match=r"^give the UCDP release with --release .* the file name 'ged.csv' does"):
        resolve_release("ged.csv", None)
    with pytest.raises(UsageError, match=r"^--release 'v25' is not a UCDP release"):
        resolve_release(None, "v25")


def test_citations_name_the_papers_ucdp_asks_for_and_the_release() -> None:
    sundberg = ("Sundberg, Ralph and Erik Melander (2013) Introducing the UCDP Georeferenced Event Dataset. "
                "Journal of Peace Research 50(4).")
    assert citation("25.1") == (
        "Davies, S., Pettersson, T., Sollenberg, M., & Öberg, M. (2025). Organized violence 1989–2024, and the "
        f"challenges of identifying civilian victims. Journal of Peace Research, 62(4). {sundberg} UCDP "
        "Georeferenced Event Dataset (GED) Global version 25.1, Uppsala Conflict Data Program, Uppsala University.")
    assert citation("19.1") == (f"{sundberg} UCDP Georeferenced Event Dataset (GED) Global version 19.1, Uppsala "
                                "Conflict Data Program, Uppsala University.")  # no yearly paper known: none invented
    assert citation("23.1").startswith("Davies, Shawn, Therése Pettersson & Magnus Öberg (2023). Organized violence "
                                       "1989–2022, and the return of conflict between states. Journal of Peace "
                                       "Research 60(4).")  # the title as the journal prints it
    assert citation("24.0.11").startswith("Hegre, Håvard, Mihai Croicu, Kristine Eck, and Stina Högbladh (2020). "
                                          f"Introducing the UCDP Candidate Events Dataset. Research & Politics 7(3). "
                                          f"{sundberg} UCDP Candidate Events Dataset, release 24.0.11")
