"""Names mean what people mean, and date ranges say what they hold: sides by any member's name, --party
with sides, a side's own losses against all losses in its events, the broader place of the same name,
--within and --precision, and the filtered store that export writes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.errors import UsageError
from dezzor_cli.query import filters as qfilters
from dezzor_cli.query import tally as qtally
from dezzor_cli.query.filters import Filters
from dezzor_cli.query.index import Index
from dezzor_cli.query.quantities import Qty
from dezzor_cli.store.read import build

CITY = [  # the events at Deir ez-Zor city itself
    "2024-11-30-russians-leave-seven-villages",
    "2024-12-06-sdf-takes-deir-ez-zor",
    "2024-12-06-government-withdrawal-east",
    "2024-12-anti-sdf-protests-deir-ez-zor",
    "2024-12-opposition-takes-deir-ez-zor",
]
STARTS_IN_NOVEMBER = [  # the "December" events whose span begins before 1 December (or may end after the 31st)
    "2024-11-isis-emir-arrested-al-izba",
    "2024-11-militias-checkpoints-abu-kamal",
    "2024-12-early-opposition-advance-homs",
    "2024-11-militia-reinforce-thalathaat",
    "2024-11-30-sdf-consolidates-forces",
    "2024-11-30-coalition-artillery-mrat",
    "2024-11-30-coalition-artillery-khasham",
]
MONTHS = [  # the events dated only to a month
    "2024-11-us-operation-al-quriyah",
    "2024-11-us-operation-mayadin",
    "2024-11-us-operation-al-asharah",
    "2024-11-iranian-missile-al-shaddadi",
    "2024-11-coalition-exercise-koniko",
]


def ids(ix: Index, **given: Any) -> list[str]:
    return [e.id for e in qfilters.select(ix, qfilters.resolve(ix, Filters(**given)))]


def events_count(ix: Index) -> Callable[[qfilters.Criteria], str]:
    return lambda k: f"{len(qfilters.select(ix, k))} events"


# ------------------------------------------------------------------ places of the same name


def test_deir_ez_zor_is_the_city_and_a_note_names_the_governorate(ix: Index) -> None:
    c = qfilters.resolve(ix, Filters(places=["Deir ez-Zor"]))
    assert [e.id for e in qfilters.select(ix, c)] == CITY
    assert c.broader == (qfilters.Broader("Deir ez-Zor", "deir-ez-zor", "deir-ez-zor-governorate"),)
    governorate = ids(ix, places=["Deir ez-Zor Governorate"])
    assert len(governorate) == 45 and set(CITY) < set(governorate)
    assert "2024-12-03-us-strike-deir-ez-zor-airport" in governorate  # the 6 killed the city leaves out
    assert qfilters.reading_notes(ix, c, events_count(ix)) == [
        "note: -p 'Deir ez-Zor' is the city of Deir ez-Zor (5 events); Deir ez-Zor Governorate around it has "
        'the same name and would give 45 events: use -p "Deir ez-Zor Governorate"'
    ]


@pytest.mark.parametrize(("typed", "broader"), [
    ("Deir ez-Zor", ["deir-ez-zor-governorate"]),
    ("deir ezzor", ["deir-ez-zor-governorate"]),
    ("Dayr az-Zawr", ["deir-ez-zor-governorate"]),  # "Dayr az-Zawr Governorate"
    ("Deir el-Zor", ["deir-ez-zor-governorate"]),  # a spelling added with its governorate's
    ("Deir ez-Zor city", []),  # the user said which
    ("Deir ez-Zor Governorate", []),  # the broadest already
    ("Abu Kamal", []),  # "Abu Kamal desert" lies beside it, not around it
    ("Al-Sawr", []),
    ("Raqqa", []),  # the governorate itself
])
def test_which_names_a_broader_place_shares(ix: Index, typed: str, broader: list[str]) -> None:
    assert ix.places.broader_same_name(typed, ix.places.resolve(typed)) == broader


def test_no_note_when_the_broader_place_is_asked_for_too(ix: Index) -> None:
    c = qfilters.resolve(ix, Filters(places=["Deir ez-Zor", "Deir ez-Zor Governorate"]))
    assert c.broader == () and qfilters.reading_notes(ix, c, events_count(ix)) == []


def test_the_note_counts_with_the_other_filters(ix: Index) -> None:
    c = qfilters.resolve(ix, Filters(places=["Deir ez-Zor"], since="2024-12-01", until="2024-12-11"))
    [note] = qfilters.reading_notes(ix, c, events_count(ix))
    assert "(4 events)" in note and "would give 19 events" in note


# ------------------------------------------------------------------ sides and parties by any name


def test_side_takes_the_name_of_any_member(ix: Index) -> None:
    assert ix.side_id("IS") == ix.side_id("Daesh") == ix.side_id("Islamic State") == "islamic-state"
    assert ix.side_id("HTS") == "opposition" and ix.side_id("SAA") == "government"
    assert ids(ix, sides=["IS"]) == ids(ix, actors=["IS"])  # the side is the organisation and its units
    assert len(ids(ix, sides=["IS"])) == 16
    assert ids(ix, sides=["Iranian Revolutionary Guard Corps"]) == ids(ix, sides=["government"])


def test_a_side_named_by_a_member_says_so_when_it_is_more_than_that_member(ix: Index) -> None:
    assert qfilters.resolve(ix, Filters(sides=["IS"])).notes == ()  # the side is just IS and its units
    [note] = qfilters.resolve(ix, Filters(sides=["HTS"])).notes
    assert note == ("note: --side 'HTS' stands for the whole side of Hayat Tahrir al-Sham, Syrian opposition "
                    "(HTS-led); use --actor 'HTS' for HTS and its units alone")
    assert qfilters.resolve(ix, Filters(sides=["government"])).notes == ()


def test_side_errors(ix: Index) -> None:
    with pytest.raises(UsageError, match=r"^Civilians is on no side; use --actor 'civilians' for its events$"):
        ix.side_id("civilians")
    with pytest.raises(UsageError, match=r"^unknown side or actor 'governmnt'; did you mean 'Syrian Arab Republic"):
        ix.side_id("governmnt")


def test_party_takes_actors_first_then_sides(ix: Index) -> None:
    government = ix.party_ids(["government"])
    assert government == ix.side_members("government")
    assert {"saa", "irgc", "russia", "pro-iranian-militias", "47th-regiment"} <= government
    assert ix.party_ids(["SDF"]) == ix.actors.descendants("sdf")  # the actor, not the side with the coalition
    assert "cjtf-oir" in ix.party_ids(["Syrian Democratic Forces and supporters"])
    assert ix.party_ids(["HTS"], exact=True) == {"hts"}
    with pytest.raises(UsageError, match=r"^unknown actor or side 'Islamic Stat'; did you mean 'Islamic State'"):
        ix.party_ids(["Islamic Stat"])


def test_a_sides_own_losses_and_all_losses_in_its_events(ix: Index) -> None:
    everything = qfilters.select(ix, qfilters.resolve(ix, Filters()))
    own = qtally.total(everything, parties=ix.side_ids(["government"]))
    assert own.counts["killed"] == Qty(15, 15)  # what tally --side government counts
    rec = {r.group: r for r in qtally.reconcile(ix, everything)}
    assert rec["government"].events.counts["killed"] == own.counts["killed"]  # as --reconcile compares it
    involved = qfilters.select(ix, qfilters.resolve(ix, Filters(involving=["government"])))
    assert [e.id for e in involved] == ids(ix, sides=["government"])
    in_its_events = qtally.total(involved)
    assert in_its_events.counts["killed"] == Qty(17, 17)  # with an SDF fighter and a civilian
    assert in_its_events.counts["injured"] == Qty(2, 2)  # two soldiers, whose side the source does not say
    rows = {r.group: r.counts["killed"] for r in qtally.tally(ix, involved)}
    assert rows["sdf"] == Qty(1, 1) and rows["civilians"] == Qty(1, 1)


def test_involving_takes_actors_and_sides(ix: Index) -> None:
    assert ids(ix, involving=["IS"]) == ids(ix, actors=["IS"])
    assert ids(ix, involving=["opposition"]) == ids(ix, actors=["Syrian opposition"])
    assert ids(ix, involving=["SDF"], exact=True) == ids(ix, actors=["SDF"], exact=True)


# ------------------------------------------------------------------ date ranges


def test_in_range_says_whole_or_partly(ix: Index) -> None:
    c = qfilters.resolve(ix, Filters(since="Dec 2024", until="Dec 2024"))
    events = qfilters.select(ix, c)
    assert len(events) == 27
    assert [e.id for e in events if qfilters.in_range(e, c) == "partly"] == STARTS_IN_NOVEMBER
    assert all(qfilters.in_range(e, c) == "whole" for e in events if e.id not in STARTS_IN_NOVEMBER)
    assert qfilters.in_range(events[0], qfilters.resolve(ix, Filters())) is None


def test_within_keeps_only_what_lies_wholly_inside(ix: Index) -> None:
    december = ids(ix, since="Dec 2024", until="Dec 2024")
    within = ids(ix, since="Dec 2024", until="Dec 2024", within=True)
    assert within == [i for i in december if i not in STARTS_IN_NOVEMBER]
    assert len(within) == 20
    assert ids(ix, on="2024-12-06", within=True) == [
        "2024-12-06-sdf-takes-deir-ez-zor", "2024-12-06-sdf-seizes-abu-kamal"]  # not the withdrawal (6-11)
    with pytest.raises(UsageError, match="--within keeps the events wholly inside a date range"):
        qfilters.resolve(ix, Filters(within=True))


def test_precision_selects_exactly(ix: Index) -> None:
    assert ids(ix, precisions=["month"]) == MONTHS
    assert ids(ix, precisions=["week"]) == ["2025-01-sdf-security-operation"]
    assert ids(ix, precisions=["year"]) == []
    assert ids(ix, precisions=["week", "month"]) == sorted(
        [*MONTHS, "2025-01-sdf-security-operation"], key=ids(ix).index)
    day = ids(ix, precisions=["day"])
    assert len(day) == 33 and len(ids(ix, precisions=["range"])) == 18
    assert all(ix.event[i].date_end in (None, ix.event[i].date) for i in day)
    assert ids(ix, since="Dec 2024", until="Dec 2024", within=True, precisions=["day"]) == [
        i for i in ids(ix, since="Dec 2024", until="Dec 2024", within=True) if ix.event[i].precision.value == "day"]
    with pytest.raises(UsageError, match="unknown precision 'decade'; use one of day, range, week, month, year"):
        qfilters.resolve(ix, Filters(precisions=["decade"]))


@pytest.mark.parametrize("filters", [
    Filters(since="2024-12-01", until="2024-12-31", within=True),
    Filters(on="2024-12-06", within=True, precisions=["day"]),
    Filters(precisions=["range", "month"], actors=["SDF"]),
])
def test_select_is_still_matches(ix: Index, filters: Filters) -> None:
    c = qfilters.resolve(ix, filters)
    events = ix.store.events
    expected = sorted((e for e in events if qfilters.matches(ix, e, c)), key=lambda e: (e.date, e.end, events.index(e)))
    assert qfilters.select(ix, c) == expected


# ------------------------------------------------------------------ the selection as a store


def test_a_subset_of_december_is_a_valid_store(ix: Index) -> None:
    events = qfilters.select(ix, qfilters.resolve(ix, Filters(since="2024-12-07", within=True)))
    doc = qfilters.subset_document(ix, events)
    store = build(copy.deepcopy(doc), Path("subset.json"))  # the reference reader accepts it
    assert [e.id for e in store.events] == [e.id for e in ix.store.events if e.id in {x.id for x in events}]
    assert len(doc["actors"]) == 42 and len(doc["places"]) == 48 and len(doc["reported_totals"]) == 7
    held = {p["id"]: p["initial_holder"] for p in doc["places"]}
    assert held["deir-ez-zor"] == "sdf"  # taken by the SDF on 6 December, before the first kept event
    assert held["al-husseiniyah"] == "sdf"  # one of the seven villages, taken on 3 December
    assert held["mayadin"] == "syrian-government"  # the withdrawal (6-11 December) is not over on the 7th
    assert doc["meta"]["record"] == {"start": "2024-12-07", "end": "2025-02-02"}


def _ev(eid: str, date: str, change: tuple[str, str | None, str | None]) -> dict[str, Any]:
    return {
        "id": eid, "date": date, "precision": "day", "kind": "Non-state actor overtakes territory",
        "actors": [{"actor": "alpha", "role": "initiator"}], "places": ["town"],
        "control_changes": [{"place": change[0], "from": change[1], "to": change[2]}],
        "summary": "x", "source": {"source": "article", "section": "lead", "paragraph": 1},
    }


def test_a_subset_that_skips_a_change_between_two_kept_ones_is_refused(small: dict[str, Any]) -> None:
    data = copy.deepcopy(small)
    data["events"] = [
        _ev("take", "2024-12-05", ("town", "bravo", "alpha")),
        _ev("retake", "2024-12-06", ("town", "alpha", "bravo")),
        _ev("again", "2024-12-07", ("town", "bravo", "alpha")),
    ]
    ix = Index(build(data, Path("t.json")))
    later = [ix.event["retake"], ix.event["again"]]
    assert [p["initial_holder"] for p in qfilters.subset_document(ix, later)["places"]] == [None, None, "alpha"]
    with pytest.raises(UsageError, match="keep changes of control of Old Town but leave out retake between them"):
        qfilters.subset_document(ix, [ix.event["take"], ix.event["again"]])
    assert [e.id for e in qfilters.subset(ix, [ix.event["again"], ix.event["take"]]).events] == ["take", "again"]
