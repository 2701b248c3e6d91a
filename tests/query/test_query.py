"""Selecting, tallying, reconciling and folding control, on the bundled store and on small purpose-made stores."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.errors import UsageError
from dezzor_cli.query import control as qcontrol
from dezzor_cli.query import filters as qfilters
from dezzor_cli.query import quantities as qquantities
from dezzor_cli.query import tally as qtally
from dezzor_cli.query.filters import Filters
from dezzor_cli.query.index import Index
from dezzor_cli.query.quantities import Qty
from dezzor_cli.store.read import build

D = dt.date


def ids(ix: Index, **filters: Any) -> list[str]:
    return [e.id for e in qfilters.select(ix, qfilters.resolve(ix, Filters(**filters)))]


def test_everything_in_date_order(ix: Index) -> None:
    events = qfilters.select(ix, qfilters.resolve(ix, Filters()))
    assert len(events) == 57
    assert events[0].id == "2019-isis-insurgency-begins"
    assert events[-1].id == "2025-01-sdf-security-operation"
    assert [e.date for e in events] == sorted(e.date for e in events)


def test_deir_ez_zor_between_1_and_11_december(ix: Index) -> None:
    got = ids(ix, places=["deir ez-zor governorate"], since="1 Dec 2024", until="11 Dec 2024")
    assert got == [
        # spans that begin in November and may reach into December
        "2024-11-isis-emir-arrested-al-izba",
        "2024-11-militias-checkpoints-abu-kamal",
        "2024-11-militia-reinforce-thalathaat",
        "2024-11-30-sdf-consolidates-forces",
        "2024-11-30-coalition-artillery-mrat",
        "2024-11-30-coalition-artillery-khasham",
        "2024-12-03-sdf-offensive-seven-villages",
        "2024-12-03-sdf-captures-al-husseiniyah",
        "2024-12-03-coalition-strikes-militias",
        "2024-12-03-sdf-claims-seven-villages",
        "2024-12-03-us-strike-deir-ez-zor-airport",
        "2024-12-06-sdf-takes-deir-ez-zor",
        "2024-12-06-sdf-seizes-abu-kamal",
        "2024-12-06-government-withdrawal-east",  # "began withdrawing" on 6 December: a span to 11 December
        "2024-12-anti-sdf-protests-deir-ez-zor",
        "2024-12-sdf-arab-defections",
        "2024-12-opposition-takes-mayadin",
        "2024-12-opposition-takes-deir-ez-zor",
        "2024-12-10-opposition-captures-abu-kamal",
    ]


def test_uncertain_spans_overlapping_the_range_are_selected_and_marked(ix: Index) -> None:
    c = qfilters.resolve(ix, Filters(since="2024-11-29", until="2024-11-29"))
    got = qfilters.select(ix, c)
    assert [e.id for e in got if not qfilters.partly_outside(e, c)] == ["2024-11-29-strikes-maizila-desert"]
    assert "2024-11-us-operation-mayadin" in [e.id for e in got if qfilters.partly_outside(e, c)]


def test_islamic_state_under_any_name(ix: Index) -> None:
    by_alias = ids(ix, actors=["Daesh"])
    assert by_alias == ids(ix, actors=["islamic state"]) == ids(ix, actors=["ISIS"])
    assert len(by_alias) == 16
    assert "2024-12-20-us-strike-isis" in by_alias


def test_an_organisation_includes_its_units_unless_exact(ix: Index) -> None:
    with_units = ids(ix, actors=["SDF"])
    exact = ids(ix, actors=["SDF"], exact=True)
    assert "2024-11-25-isis-asayish-clash-khorafy" in with_units
    assert "2024-11-25-isis-asayish-clash-khorafy" not in exact
    assert "2024-11-28-isis-fire-jurthi" in with_units  # the Self-Defense Forces
    assert set(exact) < set(with_units)


def test_side_selects_a_whole_grouping(ix: Index) -> None:
    got = ids(ix, sides=["government"], since="2024-11-23", until="2024-11-23")
    assert "2024-11-23-isis-ambush-irgc-maezalyah" in got  # the IRGC is on the government side through Iran
    assert "2024-11-23-isis-ambush-saa-bishri" in got
    assert ids(ix, sides=["Islamic State"]) == ids(ix, actors=["isis"])


def test_kind_accepts_sub_event_and_event_types(ix: Index) -> None:
    assert ids(ix, kinds=["air/drone strike"]) == ids(ix, kinds=["Air-drone strike"])
    explosions = set(ids(ix, kinds=["Explosions/Remote violence"]))
    assert {"2024-11-21-isis-ied-sdf", "2024-11-19-usaf-strike-al-qoriya-desert"} <= explosions
    with pytest.raises(UsageError, match="unknown kind 'airstrike'"):
        qfilters.resolve(ix, Filters(kinds=["airstrike"]))


def test_search(ix: Index) -> None:
    assert ids(ix, search="oil tank") == ["2024-11-25-isis-kills-driver-al-makman"]
    assert "2024-12-05-sdf-takes-resafa" in ids(ix, search="rasafa")  # an alias of the place counts


def test_sdf_killed_in_november_against_the_reported_total(ix: Index) -> None:
    events = qfilters.select(ix, qfilters.resolve(ix, Filters(since="November 2024", until="November 2024")))
    sdf = ix.actor_ids(["SDF"], exact=False)
    t = qtally.total(events, parties=sdf)
    assert t.counts["killed"] == Qty(5, 5)
    assert t.counts["injured"] == Qty(15, None)  # "injured others": at least 2, no known maximum
    rec = {r.group: r for r in qtally.reconcile(ix, qfilters.select(ix, qfilters.resolve(ix, Filters())))}
    assert rec["sdf"].events.counts["killed"] == Qty(9, 9)
    assert rec["sdf"].reported["killed"] == Qty(10, 10)
    assert rec["sdf"].difference("killed") == (-1, -1)


def test_reconcile_rows(ix: Index) -> None:
    rows = qtally.reconcile(ix, qfilters.select(ix, qfilters.resolve(ix, Filters())))
    got = {
        (r.group_type, r.group): (r.events.counts["killed"], r.reported["killed"], r.events.counts["arrested"], r.reported["arrested"])
        for r in rows
    }
    assert got == {
        ("party", "sdf"): (Qty(9, 9), Qty(10, 10), None, None),
        ("side", "government"): (Qty(15, 15), Qty(14, 14), None, None),
        ("party", "isis"): (Qty(2, 2), Qty(2, 2), Qty(1, 1), Qty(18, 18)),
        ("party", "protesters"): (None, Qty(2, None), None, None),
        ("party", "civilians"): (Qty(2, 2), Qty(1, 1), None, None),
    }


def test_tally_by_actor_adds_ranges_honestly(ix: Index) -> None:
    rows = {r.group: r for r in qtally.tally(ix, ix.store.events, "actor")}
    assert rows["sdf"].counts["injured"] == Qty(19, None)  # 2+ + 12 + 1 + 4
    assert str(rows["sdf"].counts["injured"]) == "19+"
    assert rows[None].counts["arrested"] == Qty(2, None)  # "several arrests", party not stated
    assert rows["saa"].counts["killed"] == Qty(8, 8)


def test_tally_certainty_filter(ix: Index) -> None:
    claimed = qtally.tally(ix, ix.store.events, "actor", ["claimed"])
    assert claimed == []  # no event casualty in the bundled store is a claim


def test_tally_by_time_keeps_imprecise_spans_apart(ix: Index) -> None:
    rows = [(r.group, r.counts["killed"], r.counts["arrested"]) for r in qtally.tally(ix, ix.store.events, "month")]
    assert rows == [
        ("2024-11", Qty(15, 15), None),  # 1+5+2+2+2+2+1
        ("2024-11-01..2024-12-02", None, Qty(1, 1)),  # the emir's arrest, undated: it does not fit one month
        ("2024-12", Qty(13, 13), None),  # 1+1+6+1+2+2
        ("2025-01-27..2025-02-02", None, Qty(2, None)),
    ]
    days = [r.group for r in qtally.tally(ix, ix.store.events, "day")]
    assert "2024-11-21" in days and "2024-11-01..2024-12-02" in days


def test_tally_by_unknown_grouping_is_a_usage_error(ix: Index) -> None:
    with pytest.raises(UsageError, match="--by must be one of"):
        qtally.tally(ix, [], "year")


def test_qty_arithmetic() -> None:
    assert Qty(2, 2) + Qty(1, None) == Qty(3, None)
    assert str(Qty(2, 2) + Qty(1, None)) == "3+"
    assert str(Qty(2, 4)) == "2-4"
    assert qquantities.difference(Qty(9, 9), Qty(10, 10)) == (-1, -1)
    assert qquantities.difference(Qty(0, None), Qty(2, None)) == (None, None)
    assert qquantities.show_difference((-1, 3)) == "-1..+3"
    assert qquantities.show_difference((None, 4)) == "?..+4"


# ------------------------------------------------------------------ control


def holder_on(ix: Index, day: dt.date, place: str) -> tuple[str | None, list[str | None]]:
    [h] = qcontrol.state_on(ix, day, [place])
    return h.holder, [p.to for p in h.pending]


def test_who_held_abu_kamal(ix: Index) -> None:
    assert holder_on(ix, D(2024, 12, 5), "abu-kamal") == ("syrian-government", [])
    # the government began to leave on 6 December and the SDF also took the city that day
    assert holder_on(ix, D(2024, 12, 8), "abu-kamal") == ("sdf", [])
    assert holder_on(ix, D(2024, 12, 10), "abu-kamal") == ("syrian-opposition", [])  # as the opposition claims


def test_who_held_deir_ez_zor(ix: Index) -> None:
    assert holder_on(ix, D(2024, 12, 5), "deir-ez-zor") == ("syrian-government", [])
    assert holder_on(ix, D(2024, 12, 6), "deir-ez-zor") == ("sdf", [])
    assert holder_on(ix, D(2024, 12, 8), "deir-ez-zor") == ("sdf", ["syrian-opposition"])  # the handover is under way
    assert holder_on(ix, D(2024, 12, 11), "deir-ez-zor") == ("syrian-opposition", [])


def test_state_lists_only_places_with_a_known_holder(ix: Index) -> None:
    before = {h.place for h in qcontrol.state_on(ix, D(2024, 11, 1))}
    assert before == {
        "deir-ez-zor", "mayadin", "abu-kamal", "al-quriyah", "thawra-oil-field", "al-rasafa",
        "al-husseiniyah", "al-salihiyah", "hatla", "mrat", "mazloum", "khasham", "tabiyet-jazira",
    }
    after = {h.place: h.holder for h in qcontrol.state_on(ix, D(2025, 1, 31))}
    assert after["palmyra"] == "fsa" and after["mayadin"] == "syrian-opposition" and after["al-quriyah"] is None


def _with_events(small: dict[str, Any], events: list[dict[str, Any]]) -> Index:
    data = copy.deepcopy(small)
    data["events"] = events
    return Index(build(data, Path("t.json")))


def _ev(eid: str, date: str, changes: list[tuple[str, str | None, str | None]], end: str | None = None,
        precision: str = "day") -> dict[str, Any]:
    e: dict[str, Any] = {
        "id": eid, "date": date, "precision": precision, "kind": "Non-state actor overtakes territory",
        "actors": [{"actor": "alpha", "role": "initiator"}], "places": ["town"],
        "control_changes": [{"place": p, "from": f, "to": t} for p, f, t in changes],
        "summary": "x", "source": {"source": "article", "section": "lead", "paragraph": 1},
    }
    if end:
        e["date_end"] = end
    return e


def test_a_place_changing_hands_twice_in_one_day(small: dict[str, Any]) -> None:
    ix = _with_events(small, [
        _ev("take", "2024-12-05", [("town", "bravo", "alpha")]),
        _ev("retake", "2024-12-05", [("town", "alpha", "bravo")]),
    ])
    assert holder_on(ix, D(2024, 12, 4), "town") == ("bravo", [])
    assert holder_on(ix, D(2024, 12, 5), "town") == ("bravo", [])  # the day ends with the second change
    assert [(c.event.id, c.to) for c in qcontrol.changes(ix.store) if c.place == "town"] == [("take", "alpha"), ("retake", "bravo")]


def test_the_validator_follows_the_same_order(small: dict[str, Any]) -> None:
    bad = copy.deepcopy(small)
    bad["events"] = [
        _ev("take", "2024-12-05", [("town", "bravo", "alpha")]),
        _ev("retake", "2024-12-05", [("town", "bravo", "alpha")]),  # names the wrong previous holder
    ]
    with pytest.raises(Exception, match=r"'town' was held by 'alpha' at that point, not 'bravo'"):
        build(bad, Path("t.json"))


def test_range_events_at_the_borders_of_a_date_window(small: dict[str, Any]) -> None:
    ix = _with_events(small, [
        _ev("late-nov", "2024-11-21", [], end="2024-11-30", precision="range"),
        _ev("dec-month", "2024-12-01", [], end="2024-12-31", precision="month"),
        _ev("dec-1", "2024-12-01", []),
    ])
    assert ids(ix, until="November 2024") == ["late-nov"]
    assert ids(ix, since="2024-11-30", until="2024-11-30") == ["late-nov"]
    assert ids(ix, since="December 2024") == ["dec-1", "dec-month"]  # same start: the shorter span first
    assert ids(ix, on="2024-12-15") == ["dec-month"]
    c = qfilters.resolve(ix, Filters(on="2024-12-01"))
    assert [(e.id, qfilters.partly_outside(e, c)) for e in qfilters.select(ix, c)] == [("dec-1", False), ("dec-month", True)]


def test_a_range_change_is_pending_until_its_span_ends(small: dict[str, Any]) -> None:
    ix = _with_events(small, [_ev("slow", "2024-12-06", [("town", "bravo", "alpha")], end="2024-12-11", precision="range")])
    assert holder_on(ix, D(2024, 12, 5), "town") == ("bravo", [])
    assert holder_on(ix, D(2024, 12, 6), "town") == ("bravo", ["alpha"])
    assert holder_on(ix, D(2024, 12, 11), "town") == ("alpha", [])


def test_ranges_in_tallies(small: dict[str, Any]) -> None:
    data = copy.deepcopy(small)
    data["events"][0]["casualties"] = [
        {"party": "bravo", "killed": 2},
        {"party": "bravo", "killed": {"min": 1, "max": None}, "certainty": "alleged"},
        {"party": "alpha-unit", "killed": {"min": 1, "max": 3}, "certainty": "claimed", "claimed_by": "bravo"},
    ]
    ix = Index(build(data, Path("t.json")))
    rows = {r.group: (r.counts["killed"], sorted(r.certainty)) for r in qtally.tally(ix, ix.store.events)}
    assert rows == {"bravo": (Qty(3, None), ["alleged", "reported"]), "alpha-unit": (Qty(1, 3), ["claimed"])}
    sides = {r.group: r.counts["killed"] for r in qtally.tally(ix, ix.store.events, "side")}
    assert sides == {"red": Qty(3, None), "blue": Qty(1, 3)}
    reported_only = qtally.tally(ix, ix.store.events, "actor", ["reported"])
    assert [(r.group, r.counts["killed"]) for r in reported_only] == [("bravo", Qty(2, 2))]


@pytest.mark.parametrize("filters", [
    Filters(),
    Filters(since="2024-12-01", until="2024-12-11"),
    Filters(on="2024-12-08"),
    Filters(actors=["Islamic State"], since="November 2024"),
    Filters(places=["Deir ez-Zor"], kinds=["Battles"]),
    Filters(search="bridge", until="2025"),
])
def test_select_is_matches_in_date_order(ix: Index, filters: Filters) -> None:
    """The inline date window in select is only a shortcut for matches."""
    c = qfilters.resolve(ix, filters)
    events = ix.store.events
    expected = sorted((e for e in events if qfilters.matches(ix, e, c)),
                      key=lambda e: (e.date, e.end, events.index(e)))
    assert qfilters.select(ix, c) == expected
    assert qfilters.select(ix, c, reverse=True, limit=3) == expected[::-1][:3]


def test_involves_is_the_involved_sets_intersecting(ix: Index) -> None:
    actor_sets = [frozenset({a}) for a in ix.actor] + [frozenset({"sdf", "isis"}), frozenset()]
    place_sets = [frozenset({p}) for p in ix.place] + [frozenset()]
    for e in ix.store.events:
        for ids in actor_sets:
            assert qfilters.involves_actor(e, ids) == bool(qfilters.involved_actors(e) & ids), (e.id, ids)
        for ids in place_sets:
            assert qfilters.involves_place(e, ids) == bool(qfilters.involved_places(e) & ids), (e.id, ids)
