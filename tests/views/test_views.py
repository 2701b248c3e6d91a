"""Views are pure functions of query results: which rows, which records, which notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dezzor_cli.query import charts, control, filters, tally
from dezzor_cli.query.index import Index
from dezzor_cli.query.names import Registry
from dezzor_cli.query.quantities import Qty
from dezzor_cli.render import Format, Target, render
from dezzor_cli.views import charts as vcharts
from dezzor_cli.views import checks as vchecks
from dezzor_cli.views import control as vcontrol
from dezzor_cli.views import registries as vregistries
from dezzor_cli.views import tally as vtally
from dezzor_cli.views import timeline as vtimeline
from dezzor_cli.views.model import BarChart, Lines, Sections, StripChart, Table, Tree


def _select(ix: Index, **given: object) -> tuple[filters.Criteria, list]:  # type: ignore[type-arg]
    c = filters.resolve(ix, filters.Filters(**given))  # type: ignore[arg-type]
    return c, filters.select(ix, c)


def test_timeline_rows_and_records(ix: Index) -> None:
    c, events = _select(ix, places=("Abu Kamal",), since="2024-12-06", until="2024-12-06")
    view = vtimeline.timeline_view(ix, events, c)
    assert isinstance(view.body, Table)
    assert [r["id"] for r in view.records] == [e.id for e in events]
    assert view.body.rows[0][0] == "2024-12-06" and "Abu Kamal" in str(view.body.rows[0][3])
    assert view.body.rows[0][-1] == events[0].id  # the id, for `dezzor show`
    # the government's withdrawal began on 6 December and may have gone on to the 11th: only partly inside
    assert view.caption == f"{len(events)} events; ~ = an uncertain date span only partly inside the date range"
    assert view.title == "Deir ez-Zor offensive (2024)"


def test_timeline_marks_spans_only_partly_inside_the_window(ix: Index) -> None:
    c, events = _select(ix, actors=("isis",), since="Dec 2024")
    view = vtimeline.timeline_view(ix, events, c)
    assert isinstance(view.body, Table)
    marked = [row[0] for row in view.body.rows if row[0].startswith("~")]
    assert marked == ["~2024-11-01..12-02"]
    assert view.caption is not None and "~ = an uncertain date span" in view.caption


def test_a_timeline_built_for_one_format_carries_only_that_form(ix: Index) -> None:
    import pytest

    from dezzor_cli.views.model import BODY, CSV, RECORDS

    c, events = _select(ix, actors=("isis",), since="Dec 2024")
    whole = vtimeline.timeline_view(ix, events, c)
    for fmt, form in ((Format.jsonl, RECORDS), (Format.json, RECORDS), (Format.csv, CSV), (Format.table, BODY),
                      (Format.markdown, BODY)):
        view = vtimeline.timeline_view(ix, events, c, frozenset({form}))
        assert bool(view.records) == (form == RECORDS) and bool(view.csv_rows) == (form == CSV)
        assert isinstance(view.body, Table) and bool(view.body.rows) == (form == BODY)
        assert not view.is_empty and view.caption == whole.caption
        assert render(view, fmt, Target()) == render(whole, fmt, Target())
        other = Format.csv if form != CSV else Format.json
        with pytest.raises(ValueError, match="built without its"):  # never an empty answer in the wrong form
            render(view, other, Target())
    none = vtimeline.timeline_view(ix, [], c, frozenset({CSV}))
    assert none.is_empty


def test_show_lists_claims_and_the_source(ix: Index) -> None:
    view = vtimeline.show_view(ix, ix.event["2024-12-10-opposition-captures-abu-kamal"])
    assert isinstance(view.body, Table)
    fields = {k: v for k, v in view.body.rows if k not in ("Actor", "Place", "Claim")}
    assert fields["Id"] == "2024-12-10-opposition-captures-abu-kamal"
    assert fields["Source"] == "Deir ez-Zor offensive (2024), section 'Offensive', paragraph 3"
    assert view.document is not None and view.document["id"] == "2024-12-10-opposition-captures-abu-kamal"


def test_tally_view_has_the_total_once_and_its_notes(ix: Index) -> None:
    _c, events = _select(ix)
    rows = tally.tally(ix, events, "place")
    view = vtally.tally_view("place", rows, tally.total(events), None, partial=2)
    assert isinstance(view.body, Table) and view.body.footer is not None
    assert view.body.footer[0] == "Total" and view.body.footer[1] == str(tally.total(events).counts["killed"])
    assert view.notes[0].startswith("note: an event with several places counts under each of them")
    assert view.notes[1].startswith("note: 2 event(s) with casualties")
    assert view.body.columns[0].header == "Place"


def test_an_empty_tally_has_no_footer_and_says_so(ix: Index) -> None:
    view = vtally.tally_view("actor", [], tally.total([]), None)
    assert view.is_empty and isinstance(view.body, Table) and view.body.footer is None
    assert view.empty == "no casualties in the events that matched"


def test_state_view_records(ix: Index) -> None:
    day = dt.date(2024, 12, 8)
    holdings = control.state_on(ix, day, {"abu-kamal"})
    view = vcontrol.state_view(ix, day, holdings)
    assert [(r["place"], r["holder"]) for r in view.records] == [("abu-kamal", "sdf")]
    assert view.title == "Control on 2024-12-08 (end of day)"


def test_a_hierarchy_thousands_deep_is_built_and_drawn_without_recursion() -> None:
    depth = 1500
    parent = {f"p{i}": (f"p{i - 1}" if i else None) for i in range(depth)}
    registry = Registry("place", {}, {k: f"Place {k}" for k in parent}, parent)
    tree = vregistries.hierarchy("Places", registry)
    assert isinstance(tree, Tree) and len(tree.roots) == 1
    from dezzor_cli.views.model import View

    view = View(body=tree, title="Places", records=[{"id": k} for k in parent])
    plain = render(view, Format.table, Target()).splitlines()
    assert len(plain) == depth and plain[-1] == "  " * (depth - 1) + f"Place p{depth - 1} [p{depth - 1}]"
    markdown = render(view, Format.markdown, Target()).splitlines()
    assert markdown[1] == "  - Place p1 (p1)"


def test_casualty_bars_show_ranges_and_open_ends(ix: Index) -> None:
    bars = [charts.Bar("2024-W47", "2024-W47", dt.date(2024, 11, 18), dt.date(2024, 11, 24), "sdf", "SDF",
                       Qty(2, 5), False),
            charts.Bar("2024-W47", "2024-W47", dt.date(2024, 11, 18), dt.date(2024, 11, 24), "is", "IS",
                       Qty(3, None), True)]
    view = vcharts.casualty_chart_view(ix, bars, "week", "actor", "injured", width=120)
    assert isinstance(view.body, BarChart)
    first, second = view.body.bars
    assert (first.full, first.part, first.open, first.value, first.label) == (2, 3, False, "2-5", "2024-W47")
    assert (second.full, second.part, second.open, second.value, second.label) == (3, 0, True, "3+", "")
    assert view.records[1] == {"period": "2024-W47", "start": "2024-11-18", "end": "2024-11-24", "group": "is",
                               "injured": 3, "injured_max": None, "in_conflict_period": True}


def test_control_chart_letters_and_legend(ix: Index) -> None:
    ticks, strips = charts.control_strips(ix, frozenset({"deir-ez-zor", "abu-kamal"}), None, None, buckets=100)
    view = vcharts.control_chart_view(ix, ticks, strips)
    assert isinstance(view.body, StripChart)
    assert view.body.letters == {"syrian-government": "G", "syrian-opposition": "O", "sdf": "S"}
    assert view.caption is not None and view.caption.startswith("Legend: G Government  O Opposition  S SDF")
    assert isinstance(view.body.table, Table) and view.body.table.columns[0].header == "Place"


def test_validate_views(ix: Index) -> None:
    ok = vchecks.valid_view(Path("s.json"), ix.store)
    assert ok.document == {"store": "s.json", "valid": True, "problems": [], "total": 0, "events": 57,
                           "actors": 42, "places": 48, "reported_totals": 7}
    bad = vchecks.invalid_view(Path("s.json"), ["a: x", "b: y", "c: z"], 5, limit=2)
    assert isinstance(bad.body, Lines)
    assert bad.body.lines == ["s.json: 5 problems", "  a: x", "  b: y", "  ... and 3 more"]
    assert bad.document == {"store": "s.json", "valid": False, "problems": ["a: x", "b: y"], "total": 5}


def test_summary_is_headed_sections(bundled: object, ix: Index) -> None:
    from dezzor_cli.views.summary import summary_view

    c, events = _select(ix)
    view = summary_view(ix, events, tally.reconcile(ix, events), control.select_changes(ix, c))
    assert isinstance(view.body, Sections)
    assert [h for h, _ in view.body.sections] == [
        "Overview", "Belligerents", "Casualties: events against reported totals", "Control changes"]
    assert view.document is not None and view.document["events"] == 57


def test_every_listing_view_has_a_csv_form_of_scalar_cells(bundled: object, ix: Index) -> None:
    import csv
    import io

    c, events = _select(ix, since="Dec 2024", until="Dec 2024")
    views = [
        vtimeline.timeline_view(ix, events, c),
        vtimeline.show_view(ix, events[0]),
        vtally.tally_view("week", tally.tally(ix, events, "week"), tally.total(events), None),
        vtally.reconcile_view(tally.reconcile(ix, events), None),
        vcontrol.changes_view(ix, control.select_changes(ix, c)),
        vcontrol.state_view(ix, dt.date(2024, 12, 8), control.state_on(ix, dt.date(2024, 12, 8))),
        vregistries.actors_view(ix, tree=False),
        vregistries.places_view(ix, tree=True),
    ]
    for view in views:
        assert view.csv_fields and len(view.csv_rows) == len(view.records or [view.document])
        assert all(list(row) == view.csv_fields for row in view.csv_rows)  # every column, in order, in every row
        assert all(v is None or isinstance(v, (str, int, float)) for row in view.csv_rows for v in row.values())
        reader = csv.DictReader(io.StringIO(render(view, Format.csv, Target())))
        assert reader.fieldnames == view.csv_fields and len(list(reader)) == len(view.csv_rows)


def test_timeline_rows_sum_casualties_honestly(ix: Index) -> None:
    row = vtimeline.timeline_row(ix, ix.event["2024-11-23-isis-ambush-irgc-maezalyah"], "whole")
    assert {k: row[k] for k in ("killed", "killed_max", "injured", "injured_max", "arrested", "arrested_max")} == {
        "killed": 2, "killed_max": 2, "injured": 2, "injured_max": 2, "arrested": None, "arrested_max": None}
    assert row["casualties"] == "irgc: 2 killed; (not stated): 2 injured"
    row = vtimeline.timeline_row(ix, ix.event["2024-11-17-isis-attack-sdf-checkpoint"], None)
    assert (row["injured"], row["injured_max"]) == (2, None)  # "injured others": at least 2, no known maximum
    row = vtimeline.timeline_row(ix, ix.event["2024-12-03-sdf-claims-seven-villages"], None)
    assert str(row["control"]).split("; ") == [  # Al-Husseiniyah was taken apart, the same day
        f"{v}: saa -> sdf" for v in ("al-salihiyah", "hatla", "mrat", "mazloum", "khasham", "tabiyet-jazira")]
    assert (row["certainty"], row["claimed_by"]) == ("claimed", "sdf")


def test_reconcile_rows_spell_out_the_difference(ix: Index) -> None:
    _c, events = _select(ix)
    rows = {r["group"]: r for r in (vtally.reconcile_row(x) for x in tally.reconcile(ix, events))}
    sdf = rows["sdf"]
    assert (sdf["killed"], sdf["reported_killed"], sdf["difference_killed"], sdf["difference_killed_max"]) == (9, 10, -1, -1)
    assert (sdf["group_type"], sdf["group_name"]) == ("party", "Syrian Democratic Forces")
    government = rows["government"]
    assert (government["group_type"], government["killed"], government["reported_killed"]) == ("side", 15, 14)
    assert government["reported_text"] == "12 killed; 2 killed"


def test_the_readme_lists_each_commands_csv_columns() -> None:
    from dezzor_cli.views import control as vc
    from dezzor_cli.views import registries as vr

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("CSV is for spreadsheets"):readme.index("JSON stays the full contract")]
    for columns in (vtimeline.TIMELINE_CSV, vtally.TALLY_CSV, vtally.FATALITIES_FIELDS, vc.CHANGE_CSV, vc.STATE_CSV, vr.ACTOR_CSV, vr.PLACE_CSV):
        assert f"`{', '.join(columns)}`" in section, columns
    reconcile = ", ".join(vtally.RECONCILE_CSV)
    for part in ("group, group_type, group_name", "reported_killed, reported_killed_max", "difference_arrested_max"):
        assert part in reconcile and part in section


def test_fatalities_without_any_figure_say_none_so_the_column_stays() -> None:
    """A terminal's table drops a column blank in every row; here that column is the answer, so it says "none"."""
    v = vtally.fatalities_view(tally.Fatalities(events=57, given=0, total=None))
    assert isinstance(v.body, Table) and v.body.rows == [["57", "0", "none"]]
    assert v.records == [{"events": 57, "events_with_fatalities": 0, "fatalities": None, "fatalities_max": None,
                          "fatalities_best": None}]  # the data formats keep null
    out = render(v, Format.table, Target(terminal=True, width=40))
    assert "Fatalities" in out and "none" in out
    some = vtally.fatalities_view(tally.Fatalities(events=3, given=2, total=Qty(4, None, 6)))
    assert isinstance(some.body, Table) and some.body.rows[0][2] != "none"
