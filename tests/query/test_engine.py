"""The query engine agrees with the reference: every command and format, through a store's database and through
the plain reader, gives the same bytes (stdout, stderr and exit code), on the bundled store, on generated stores
and on hypothesis-made ones."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import json
import shutil
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dezzor_cli.store.read import bundled_path, load

from ..conftest import Result, generated_store, minimal_store

Run = typing.Callable[..., Result]

FORMATS = ["table", "json", "jsonl", "csv", "markdown"]
# Every command, each with filters that exercise the engine's SQL (windows, --within, kinds, actors, sides, places,
# precision, certainty, parties) and its fallbacks (search, control, charts, show, export).
BUNDLED = [
    *(["timeline", "-f", f] for f in FORMATS),
    ["timeline", "-a", "Islamic State", "--since", "2024-12-01", "-f", "json"],
    ["timeline", "-p", "Deir ez-Zor", "--reverse", "-n", "4", "-f", "jsonl"],
    ["timeline", "-k", "Battles", "--within", "--since", "Dec 2024", "--until", "Dec 2024", "-f", "csv"],
    ["timeline", "--precision", "day", "--precision", "range", "-k", "Air/drone strike", "-f", "json"],
    ["timeline", "-s", "abu", "-n", "2", "--side", "government", "-f", "json"],
    ["timeline", "--involving", "SDF", "--on", "2024-12-08", "-f", "json"],
    ["show", "2024-12-07-fsa-captures-palmyra", "-f", "json"],
    ["show", "2024-12-10-opposition-captures-abu-kamal"],
    ["show", "no-such-event"],
    ["show", "2024-12-07-fsa-captures-palmyra\udcff"],  # from bytes that are not UTF-8 on the command line
    *(["tally", "--by", by, "-f", "json"] for by in ("actor", "side", "day", "week", "month", "kind", "place")),
    *(["tally", "-f", f] for f in FORMATS if f != "json"),
    ["tally", "--by", "place", "-p", "Deir ez-Zor"],
    ["tally", "--party", "SDF", "--since", "November 2024", "--until", "November 2024"],
    ["tally", "--side", "government", "--by", "week", "-f", "csv"],
    ["tally", "--involving", "government", "-f", "json"],
    ["tally", "--certainty", "reported", "--by", "month", "-f", "json"],
    ["tally", "--certainty", "claimed", "--certainty", "alleged", "-f", "csv"],
    ["tally", "-s", "clash", "--by", "day", "-f", "json"],
    ["tally", "--within", "--since", "2024-12-01", "--by", "side", "-f", "json"],
    ["tally", "--reconcile"],
    *(["tally", "--fatalities", "-f", f] for f in FORMATS),
    ["tally", "--fatalities", "-a", "SDF", "--since", "Dec 2024", "-f", "json"],
    ["tally", "--reconcile", "--certainty", "reported", "--since", "Dec 2024", "-f", "csv"],
    ["control", "-f", "json"],
    ["control", "--on", "2024-12-08", "-f", "csv"],
    ["control", "--place", "Abu Kamal"],
    ["summary"],
    ["summary", "--since", "Dec 2024", "-f", "json"],
    ["chart", "casualties", "-f", "json"],
    ["chart", "casualties", "--by", "week", "--split", "actor", "-f", "json"],
    ["chart", "control", "-f", "json"],
    *(["export", "-f", f] for f in ("json", "acled-csv", "geojson", "timelinejs")),
    ["export", "-f", "json", "-a", "SDF"],
    ["places", "--tree"],
    ["sql", "SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY n DESC, kind", "-f", "csv"],
]


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled store twice, under the same name: one with a database, one without."""
    from dezzor_cli.store import build
    from dezzor_cli.store.database import Stamp, file_digest

    with_db = tmp_path_factory.mktemp("with") / "events.json"
    without = tmp_path_factory.mktemp("without") / "events.json"
    for p in (with_db, without):
        shutil.copyfile(bundled_path(), p)
    build.build(with_db, load(without).store, file_digest(with_db), Stamp.of(with_db.stat()))
    assert load(with_db).reader == "database"
    return with_db, without


@pytest.mark.parametrize("args", BUNDLED, ids=" ".join)
def test_every_command_gives_the_same_bytes_through_the_database(args: list[str], twins: tuple[Path, Path],
                                                                run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    with_db, without = twins
    got = run(*args, "--data", str(with_db))
    monkeypatch.setenv("DEZZOR_READER", "plain")
    expected = run(*args, "--data", str(without))
    assert got == expected


GENERATED = [
    *(["tally", "--by", by, "-f", "json"] for by in ("actor", "side", "day", "week", "month", "kind", "place")),
    ["tally", "-a", "sdf", "--since", "2018-01-01", "--until", "2019-12-31", "-f", "json"],
    ["tally", "--side", "government", "--certainty", "claimed", "--by", "week", "-f", "csv"],
    ["tally", "--party", "islamic-state", "--by", "month", "--within", "--since", "2017", "--until", "2019"],
    ["tally", "-p", "Raqqa Governorate", "--by", "place", "-f", "json"],
    ["tally", "--fatalities", "-f", "json"],
    ["tally", "--fatalities", "-k", "Battles", "--since", "2019", "--until", "2020", "-f", "csv"],
    ["tally", "--reconcile", "-f", "json"],
    ["timeline", "-a", "sdf", "--since", "2019-01-01", "--until", "2019-06-30", "-f", "jsonl"],
    ["timeline", "-k", "Battles", "--precision", "month", "--reverse", "-n", "20", "-f", "csv"],
    ["control", "--on", "2020-06-30", "-f", "json"],
    ["summary", "-f", "json"],
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from dezzor_cli.store import build
    from dezzor_cli.store.database import Stamp, file_digest

    with_db = generated_store(tmp_path_factory.mktemp("gen-with"), 400, seed=11)
    without = tmp_path_factory.mktemp("gen-without") / with_db.name
    shutil.copyfile(with_db, without)
    build.build(with_db, load(without).store, file_digest(with_db), Stamp.of(with_db.stat()))
    return with_db, without


@pytest.mark.parametrize("args", GENERATED, ids=" ".join)
def test_a_generated_store_gives_the_same_bytes_through_the_database(args: list[str], generated: tuple[Path, Path],
                                                                    run: Run) -> None:
    with_db, without = generated
    assert run(*args, "--data", str(with_db)) == run(*args, "--data", str(without))


# ------------------------------------------------------------------ hypothesis-made stores, in memory


DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 12, 31))
COUNT = st.one_of(
    st.none(), st.integers(0, 30),
    st.builds(lambda a, b: {"min": a, "max": b}, st.integers(0, 9), st.one_of(st.none(), st.integers(9, 20))),
    st.builds(lambda a, b, c: {"min": a, "best": a + b, "max": None if c is None else a + b + c},  # a best estimate
              st.integers(0, 9), st.integers(0, 5), st.one_of(st.none(), st.integers(0, 9))),
)


@st.composite
def stores(draw: st.DrawFn) -> dict[str, Any]:
    d = minimal_store()
    d["meta"]["period"] = {"start": "2024-01-01", "end": "2024-12-31"}
    template = d["events"][0]
    events = []
    for i in range(draw(st.integers(0, 12))):
        e = copy.deepcopy(template)
        e["id"] = f"e{i}"
        start = draw(DAYS)
        span = draw(st.sampled_from([0, 0, 1, 6, 30, 70]))
        e["date"] = start.isoformat()
        if span:
            e["date_end"], e["precision"] = (start + dt.timedelta(days=span)).isoformat(), "range"
        e["kind"] = draw(st.sampled_from(["Armed clash", "Air/drone strike", "Arrests", "Peaceful protest"]))
        e["places"] = draw(st.lists(st.sampled_from(["town", "north", "land"]), min_size=1, max_size=3))
        e["casualties"] = []
        for _ in range(draw(st.integers(0, 3))):
            c: dict[str, Any] = {"party": draw(st.sampled_from(["alpha", "alpha-unit", "bravo", None]))}
            for name in ("killed", "injured", "arrested"):
                value = draw(COUNT)
                if value is not None:
                    c[name] = value
            if len(c) == 1:  # a casualty record must give a count
                c["killed"] = draw(st.integers(0, 5))
            if draw(st.booleans()):
                c["certainty"], c["claimed_by"] = "claimed", "bravo"
            e["casualties"].append(c)
        fatalities = draw(COUNT)
        if fatalities is not None:
            e["fatalities"] = fatalities
        events.append(e)
    d["events"] = events
    d["reported_totals"] = [{"id": "r1", "field": "Casualties1", "party": "alpha", "killed": 3, "text": "3 killed"},
                            {"id": "r2", "field": "Casualties2", "side": "red", "killed": {"min": 1, "max": None},
                             "text": "some"}]
    return d


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=stores(), since=st.one_of(st.none(), DAYS), within=st.booleans(), certainty=st.sampled_from(
    [None, ["reported"], ["claimed"]]), party=st.sampled_from([None, ["alpha"], ["bravo"]]))
def test_hypothesis_stores_tally_the_same_in_sql(data: dict[str, Any], since: dt.date | None, within: bool,
                                                 certainty: list[str] | None, party: list[str] | None) -> None:
    from dezzor_cli.query import tally as q
    from dezzor_cli.query.filters import Filters, resolve, select
    from dezzor_cli.query.index import Index
    from dezzor_cli.render import Format, Target, render
    from dezzor_cli.store import build, database
    from dezzor_cli.store.read import validate_bytes
    from dezzor_cli.views.tally import fatalities_view, reconcile_view, tally_view
    from dezzor_cli.views.timeline import timeline_view

    store = validate_bytes(json.dumps(data).encode(), Path("gen.json")).store
    in_sql = database.reading(build.in_memory(store), Path("memory"))
    filters = Filters(since=since.isoformat() if since else None, within=within and since is not None)

    def views(ix: Index) -> list[str]:
        c = resolve(ix, filters)
        events = select(ix, c)
        parties = ix.party_ids(party) if party else None
        out = [timeline_view(ix, events, c)]
        out += [tally_view(by, q.tally(ix, events, by, certainty, parties), q.total(events, certainty, parties),
                           certainty, q.partial_with_casualties(events, c.window))
                for by in ("actor", "side", "day", "week", "month", "kind", "place")]
        out.append(reconcile_view(q.reconcile(ix, events, certainty), certainty))
        out.append(fatalities_view(q.fatalities_total(events)))
        return [render(v, f, Target()) for v in out for f in (Format.json, Format.csv)]

    assert views(Index(in_sql)) == views(Index(store))


def test_groups_counted_without_distinct_are_counted_as_with_it(generated: tuple[Path, Path]) -> None:
    """The engine counts events at their first record (of a party) where every such record is counted; the same
    numbers as count(DISTINCT), whichever filter, group and order."""
    from dezzor_cli.query import engine
    from dezzor_cli.query.filters import Filters, resolve, select
    from dezzor_cli.query.index import Index

    ix = Index(load(generated[0]).store)
    for filters in (Filters(), Filters(since="2018-01-01", until="2019-12-31")):
        c = resolve(ix, filters)
        sides = {a: ix.side_of(a) for a in ix.actor}
        for counted in ((None, None), (None, frozenset({"sdf", "ypg"})), (frozenset({"reported"}), None)):
            for by in ("actor", "side", "kind", "place"):
                fast = select(ix, c)
                got = sorted(((k or "", f.events, f.counts["killed"] and f.counts["killed"].lo)
                              for k, f in fast.grouped(by, counted, sides, in_order=False)))
                assert got == sorted((k or "", f.events, f.counts["killed"] and f.counts["killed"].lo)
                                     for k, f in fast.grouped(by, counted, sides, in_order=True))
                slow = select(ix, c)
                rows = slow._sums(f"{'k.party' if by == 'actor' else 'NULL'}", "", "k.party" if by == "actor"
                                  else "", counted)
                if by == "actor":  # count(DISTINCT) for each party, as before
                    assert sorted((p or "", n[-1]) for p, *n in rows) == [(k, e) for k, e, _ in got]
                assert fast.total(counted).events == slow._sums("", "", "", counted)[0][-1]  # count(DISTINCT)
    assert engine._AT_FIRST != engine._DISTINCT


def test_an_event_is_looked_up_by_id_without_decoding_the_others(twins: tuple[Path, Path]) -> None:
    from dezzor_cli.query.index import Index
    from dezzor_cli.store.database import DatabaseEvents

    with_db, without = twins
    ix, plain = Index(load(with_db).store), Index(load(without).store)
    events = ix.store.events
    assert isinstance(events, DatabaseEvents)
    found = ix.event_with_id("2024-12-07-fsa-captures-palmyra")
    assert found is not None and found == plain.event["2024-12-07-fsa-captures-palmyra"]
    assert sum(x is not None for x in events._items) == 1  # that event alone was decoded
    assert ix.event_with_id("2024-12-07-fsa-captures-palmyr") is None
    close = ix.close_event_ids("2024-12-07-fsa-captures-palmyr")
    assert close == plain.close_event_ids("2024-12-07-fsa-captures-palmyr") == difflib.get_close_matches(
        "2024-12-07-fsa-captures-palmyr", [e.id for e in plain.store.events], n=8, cutoff=0.5)
    assert len(close) == 8 and close[0] == "2024-12-07-fsa-captures-palmyra"
    assert sum(x is not None for x in events._items) == 1  # nor were the others decoded for the suggestion


def test_a_tally_in_sql_decodes_no_event(twins: tuple[Path, Path]) -> None:
    """A tally, its total and its note are answered in SQL: no event is decoded, nor its place made."""
    from dezzor_cli.query import tally as q
    from dezzor_cli.query.filters import Filters, resolve, select
    from dezzor_cli.query.index import Index
    from dezzor_cli.store.database import DatabaseEvents

    ix = Index(load(twins[0]).store)
    c = resolve(ix, Filters(since="2024-12-01"))
    for by in ("month", "week", "day", "actor", "place"):
        events = select(ix, c)
        assert q.tally(ix, events, by) and q.total(events).n_events > 0
        q.partial_with_casualties(events, c.window)
    stored = ix.store.events
    assert isinstance(stored, DatabaseEvents) and stored._events is None
    assert stored[3] is not None and sum(x is not None for x in stored._items) == 1


# ------------------------------------------------------------------ a UCDP store with the citation's low and high

UCDP = [
    ["show", "ucdp-900005", "-f", "json"],
    ["show", "ucdp-900006"],
    ["export", "-f", "json"],
    ["export", "-f", "ucdp"],
    ["timeline", "-f", "jsonl"],
    *(["tally", "--fatalities", "-f", f] for f in FORMATS),
    ["tally", "--by", "actor", "-f", "json"],
]


@pytest.fixture(scope="module")
def ucdp_twins(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An imported UCDP store whose rows include low, best and high out of order, with a database and without."""
    from dezzor_cli.interchange.ucdp.read import import_rows
    from dezzor_cli.store import build
    from dezzor_cli.store.database import Stamp, file_digest

    from ..interchange.ged import HEADER
    from ..interchange.test_ucdp_import import _OUT_OF_ORDER, ROWS

    data, problems = import_rows(HEADER + "\n" + "".join(ROWS + _OUT_OF_ORDER), skip_bad=False)
    assert problems == [] and [e["source"].get("low") for e in data["events"]] == [None] * 4 + [7, 4, 2]
    with_db = tmp_path_factory.mktemp("ucdp-with") / "ged.json"
    without = tmp_path_factory.mktemp("ucdp-without") / "ged.json"
    for p in (with_db, without):
        p.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    build.build(with_db, load(without).store, file_digest(with_db), Stamp.of(with_db.stat()))
    assert load(with_db).reader == "database"
    return with_db, without


@pytest.mark.parametrize("args", UCDP, ids=" ".join)
def test_a_ucdp_store_with_figures_out_of_order_gives_the_same_bytes_through_the_database(
        args: list[str], ucdp_twins: tuple[Path, Path], run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    with_db, without = ucdp_twins
    got = run(*args, "--data", str(with_db))
    monkeypatch.setenv("DEZZOR_READER", "plain")
    expected = run(*args, "--data", str(without))
    assert got.code == 0 and got == expected


def test_the_databases_record_keeps_the_citations_low_and_high(ucdp_twins: tuple[Path, Path], run: Run) -> None:
    with_db, _ = ucdp_twins
    r = run("sql", "SELECT record FROM events WHERE id = 'ucdp-900005'", "-f", "json", "--data", str(with_db))
    (row,) = r.json()
    assert json.loads(row["record"])["source"] == {"source": "ucdp", "record": "900005", "relid": "SYR-2024-1-9001-1",
                                                   "line": 7, "reports": "Generated test source 1",
                                                   "number_of_sources": 2, "low": 7, "high": 4}


def test_sums_beyond_64_bits_are_summed_as_in_python() -> None:
    """Sums are fetched as 64-bit integers only when no sum can exceed them; figures of 18 digits in eleven records
    are summed past 2**63 in SQL (as 128-bit sums) and give the reference's bytes, by every group."""
    from dezzor_cli.query import tally as q
    from dezzor_cli.query.engine import Selection
    from dezzor_cli.query.filters import Filters, resolve, select
    from dezzor_cli.query.index import Index
    from dezzor_cli.render import Format, Target, render
    from dezzor_cli.store import build, database
    from dezzor_cli.store.read import validate_bytes
    from dezzor_cli.views.tally import tally_view

    big = 999_999_999_999_999_999
    d = minimal_store()
    first = d["events"][0]
    d["events"] = []
    for i in range(11):  # two months, one event spanning both
        e = copy.deepcopy(first)
        e["id"], e["date"] = f"e{i}", f"2024-12-{i + 1:02d}"
        if i == 10:
            e["date"], e["date_end"], e["precision"] = "2024-11-28", "2024-12-02", "range"
        e["casualties"] = [{"party": "bravo", "killed": {"min": big, "best": big, "max": big}},
                           {"party": "alpha", "killed": i, "injured": {"min": big, "max": None}}]
        d["events"].append(e)
    d["meta"]["period"]["start"] = "2024-11-01"
    store = validate_bytes(json.dumps(d).encode(), Path("big.json")).store
    in_sql = database.reading(build.in_memory(store), Path("memory"))

    def views(ix: Index) -> list[str]:
        events = select(ix, resolve(ix, Filters()))
        out = [render(tally_view(by, q.tally(ix, events, by), q.total(events), None), Format.json, Target())
               for by in ("actor", "side", "day", "week", "month")]
        if isinstance(events, Selection):
            out.append(f"fits {events._fits}")
        return out

    got, expected = views(Index(in_sql)), views(Index(store))
    assert got[-1] == "fits False" and got[:-1] == expected
    assert str(11 * big) in got[0] and 11 * big > 2**63


def test_an_event_counts_once_for_a_party_it_names_twice(tmp_path: Path, run: Run) -> None:
    """An event's casualty records may name one party (or none) twice: the event counts once in that party's row,
    through the database as through the plain path (the database marks each party's first record)."""
    d = minimal_store()
    e = d["events"][0]
    e["casualties"] = [{"party": "bravo", "killed": 1}, {"party": None, "killed": 2}, {"party": "bravo", "injured": 3},
                       {"party": None, "killed": 4}, {"party": "alpha", "killed": 5}]
    p = tmp_path / "twice.json"
    p.write_text(json.dumps(d), encoding="utf-8")
    plain = json.loads(run("tally", "--data", str(p), "-f", "json").out)
    assert run("cache", "build", "--data", str(p)).code == 0
    assert json.loads(run("tally", "--data", str(p), "-f", "json").out) == plain
    assert {r["group"]: (r["events"], r["killed"], r["injured"]) for r in plain} == {
        "bravo": (1, 1, 3), None: (1, 6, None), "alpha": (1, 5, None)}


def _casualty(party: str, killed: Any, certainty: str = "reported", **more: Any) -> dict[str, Any]:
    c = {"party": party, "killed": killed, **more}
    if certainty != "reported":
        c["certainty"] = certainty
    if certainty == "claimed":
        c["claimed_by"] = "bravo"
    return c


def test_time_tallies_name_count_and_order_their_groups_as_the_reference() -> None:
    """A tally by day, week or month in SQL gives the reference's rows in every format: events in their bucket, spans
    that leave it (a range across months, an ISO week across a month and a year, a whole year) in groups of their own
    named by their first event's precision, open maxima, best estimates (summed only where every figure has one),
    certainties, years before 1000 (written with four digits in a span, as Python's isoformat), and filters."""
    from dezzor_cli.query import tally as q
    from dezzor_cli.query.engine import Selection
    from dezzor_cli.query.filters import Filters, resolve, select
    from dezzor_cli.query.index import Index
    from dezzor_cli.render import Format, Target, render
    from dezzor_cli.store import build, database
    from dezzor_cli.store.read import validate_bytes
    from dezzor_cli.views.tally import tally_view

    d = minimal_store()
    d["meta"]["period"] = {"start": "0999-01-01", "end": "2025-12-31"}
    first = d["events"][0]
    spans = [  # id, date, date_end, precision, casualties
        ("in-month", "2024-11-05", None, "day", [_casualty("bravo", 2), _casualty("alpha", {"min": 1, "max": None})]),
        ("in-month-best", "2024-11-20", None, "day", [_casualty("bravo", {"min": 1, "max": 5, "best": 3}, "claimed")]),
        ("range-across", "2024-11-28", "2024-12-02", "range", [_casualty("bravo", {"min": 4, "max": 6})]),
        ("week-across", "2024-11-25", "2024-12-01", "week", [_casualty("alpha", 7, "alleged")]),
        ("range-same-span", "2024-11-25", "2024-12-01", "range", [_casualty("bravo", 1)]),
        ("new-year-week", "2024-12-30", "2025-01-05", "week", [_casualty("bravo", 3, injured=2)]),
        ("whole-year", "2024-01-01", "2024-12-31", "year", [_casualty("alpha", {"min": 10, "max": None, "best": 12})]),
        ("whole-month", "2024-12-01", "2024-12-31", "month", [_casualty("bravo", 5, arrested=1)]),
        ("dec-best", "2024-12-10", None, "day", [_casualty("bravo", {"min": 1, "max": 5, "best": 3})]),
        ("long-ago", "0999-03-04", "0999-04-02", "range", [_casualty("bravo", 1)]),
        ("long-ago-day", "0999-03-10", None, "day", [_casualty("alpha", 2)]),
        ("no-casualties", "2024-11-06", None, "day", []),
    ]
    d["events"] = []
    for event_id, date, end, precision, casualties in spans:
        e = copy.deepcopy(first)
        e.update(id=event_id, date=date, precision=precision, casualties=casualties)
        if end is not None:
            e["date_end"] = end
        d["events"].append(e)
    store = validate_bytes(json.dumps(d).encode(), Path("months.json")).store
    in_sql = database.reading(build.in_memory(store), Path("memory"))

    def views(ix: Index) -> list[str]:
        out = []
        for filters, certainty, parties in ((Filters(), None, None), (Filters(), ["reported"], None),
                                            (Filters(), None, {"bravo"}), (Filters(since="2024-12-01"), None, None),
                                            (Filters(since="2030-01-01"), None, None)):
            events = select(ix, resolve(ix, filters))
            assert isinstance(events, Selection) == (ix.store is in_sql)
            for by in ("day", "week", "month"):
                view = tally_view(by, q.tally(ix, events, by, certainty, parties), q.total(events, certainty, parties),
                                  certainty)
                out += [render(view, f, Target()) for f in (Format.json, Format.csv, Format.table)]
        return out

    got, expected = views(Index(in_sql)), views(Index(store))
    assert got == expected
    month = json.loads(got[6])  # the tally by month of every record (its JSON)
    assert [r["group"] for r in month] == ["999-03", "0999-03-04..0999-04-02", "2024-01-01..2024-12-31", "2024-11",
                                           "2024-11-25..2024-12-01", "2024-11-28..2024-12-02", "2024-12",
                                           "2024-12-30..2025-01-05"]
    killed = {r["group"]: (r["killed"], r["killed_max"], r["killed_best"], r["certainty"], r["events"]) for r in month}
    assert killed["2024-11"] == (4, None, None, ["claimed", "reported"], 2)  # an open maximum; a figure without best
    assert killed["2024-12"] == (6, 10, 8, ["reported"], 2)  # an exact count is its own best estimate
    assert killed["2024-01-01..2024-12-31"] == (10, None, 12, ["reported"], 1)
    assert killed["2024-11-25..2024-12-01"] == (8, 8, 8, ["alleged", "reported"], 2)  # a week and a range, one span
    assert killed["2024-11-28..2024-12-02"] == (4, 6, None, ["reported"], 1)
    assert month[-1]["injured"] == 2 and month[0]["group"] == "999-03"  # Python's strftime, as the reference
    assert "2024-W48 (week)" in got[8] and "2024 (year)" in got[8]  # the table names a span by its first event
